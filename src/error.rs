//! The crate's error type. User mistakes (bad input files, unknown standards, bad
//! queries) are kept apart from failures of the index or the machine, so that the CLI
//! and the server can phrase them differently (`Error::is_user_error`).

use std::path::PathBuf;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in stdalign.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read as a standard; names the file and the reason.
    #[error(transparent)]
    Ingest(#[from] crate::ingest::Error),
    /// No standard in the index has this reference. Check `stdalign list`.
    #[error("unknown standard '{0}' (see `stdalign list`)")]
    UnknownStandard(String),
    /// The reference matches more than one standard; give the dated reference.
    #[error("'{query}' matches several standards: {}", candidates.join(", "))]
    AmbiguousStandard {
        /// What the user typed.
        query: String,
        /// Dated references that match.
        candidates: Vec<String>,
    },
    /// The standard exists but has no clause with this key.
    #[error("standard '{standard}' has no clause '{key}'")]
    UnknownClause {
        /// Dated reference of the standard.
        standard: String,
        /// The key asked for.
        key: String,
    },
    /// Semantic search was asked for but the index or the model is not ready.
    #[error("vector search is unavailable: {0}")]
    VectorsUnavailable(String),
    /// The embedding model could not be loaded or run.
    #[error(transparent)]
    Embed(#[from] crate::embed::Error),
    /// A search request that cannot be run (empty query, bad filter value).
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// The keyword index reported an error.
    #[error("keyword index: {0}")]
    Keyword(#[from] tantivy::TantivyError),
    /// A file of the index could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A report (XLSX) could not be produced.
    #[error("report: {0}")]
    Report(String),
    /// The OpenSearch cluster did not answer, or answered with an error; names the
    /// URL and the reason. Check `scripts/opensearch.sh status` and `--os-url`.
    #[error("OpenSearch at {url}: {reason}")]
    Cluster {
        /// The URL asked (or the list of URLs tried).
        url: String,
        /// What went wrong (connection, status and the cluster's message).
        reason: String,
    },
    /// Index files exist but do not agree with each other; re-ingest into a new index.
    #[error("index at {} is damaged: {reason}", path.display())]
    Corrupt {
        /// The index folder.
        path: PathBuf,
        /// What is inconsistent.
        reason: String,
    },
}

impl Error {
    /// True for errors caused by what the user supplied (a file, a reference, a
    /// query) rather than by the index or the machine.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::Ingest(_)
                | Error::UnknownStandard(_)
                | Error::AmbiguousStandard { .. }
                | Error::UnknownClause { .. }
                | Error::InvalidQuery(_)
        )
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
