//! `stdalign bench --backend opensearch`: the same replicated corpus written to the
//! embedded index and to the cluster, with ingest speed and hybrid search latency
//! side by side. The copies get synthetic vectors ([`SyntheticCopies`]), so no model
//! inference is in the ingest figures; queries are embedded by the real model on
//! every run, on both back ends alike. The cluster's bench indices are deleted at
//! the end.

use super::replicate;
use super::semantic::SyntheticCopies;
use crate::embed::{Embedder, FastEmbedder, ModelPaths};
use crate::engine::{Engine, Storage};
use crate::index::opensearch::{self, OpenSearchBackend};
use crate::{Error, Result};
use serde::Serialize;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// One back end's figures.
#[derive(Debug, Serialize)]
pub struct BackendFigures {
    /// `embedded` or `opensearch`.
    pub backend: String,
    /// Clauses written.
    pub clauses: u64,
    /// Clauses per second through `Engine::add_standards` (synthetic vectors).
    pub ingest_clauses_per_s: f64,
    /// Hybrid search, query embedding included, median ms.
    pub hybrid_p50_ms: f64,
    /// Hybrid search, 99th percentile ms.
    pub hybrid_p99_ms: f64,
    /// Keyword search, median ms.
    pub keyword_p50_ms: f64,
}

/// Both back ends on the same data.
#[derive(Debug, Serialize)]
pub struct BackendsReport {
    /// One row per back end.
    pub rows: Vec<BackendFigures>,
}

impl fmt::Display for BackendsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "back end     clauses   ingest clauses/s   hybrid p50 ms   hybrid p99 ms   keyword p50 ms"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:<10} {:>9} {:>18.0} {:>15.1} {:>15.1} {:>16.1}",
                r.backend,
                r.clauses,
                r.ingest_clauses_per_s,
                r.hybrid_p50_ms,
                r.hybrid_p99_ms,
                r.keyword_p50_ms
            )?;
        }
        Ok(())
    }
}

/// Replicates the corpus to `clauses` and measures it on the embedded index and on
/// the cluster of `cluster` (under the prefix `<prefix>-bench`).
pub fn run_backends(
    corpus: &Path,
    paths: &ModelPaths,
    clauses: usize,
    cluster: &opensearch::Config,
    log: &mut dyn FnMut(&str),
) -> Result<BackendsReport> {
    let (standards, passages) = super::semantic::corpus_passages(corpus)?;
    let model = Arc::new(FastEmbedder::load(paths)?);
    log(&format!("embedding {} corpus passages…", passages.len()));
    let texts: Vec<&str> = passages.iter().map(String::as_str).collect();
    let vectors = model.embed_passages(&texts)?;
    let copies: Arc<dyn Embedder> = Arc::new(SyntheticCopies::new(
        model.clone(),
        &standards,
        passages.iter().cloned().zip(vectors).collect(),
    ));
    let replicated = replicate(&standards, clauses, true);

    let mut config = cluster.clone();
    config.prefix = format!("{}-bench", cluster.prefix);
    // A bench left over from an interrupted run would skew the figures.
    OpenSearchBackend::delete_indices(&config)?;
    let mut rows = Vec::new();
    for storage in [Storage::Embedded, Storage::OpenSearch(config.clone())] {
        let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        let mut engine = Engine::open_storage(dir.path(), &storage, Some(copies.clone()))?;
        log(&format!(
            "{}: writing {} standards…",
            engine.backend_name(),
            replicated.len()
        ));
        let t = Instant::now();
        engine.add_standards(replicated.clone())?;
        let seconds = t.elapsed().as_secs_f64();
        let written = engine.clause_count();
        log(&format!("{}: searching…", engine.backend_name()));
        let (hybrid_p50_ms, hybrid_p99_ms, keyword_p50_ms) =
            super::semantic::query_latencies(&engine, &model)?;
        rows.push(BackendFigures {
            backend: engine.backend_name().to_string(),
            clauses: written,
            ingest_clauses_per_s: written as f64 / seconds.max(1e-9),
            hybrid_p50_ms,
            hybrid_p99_ms,
            keyword_p50_ms,
        });
    }
    OpenSearchBackend::delete_indices(&config)?;
    Ok(BackendsReport { rows })
}
