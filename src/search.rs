//! Keyword search over clauses: a request with filters in, ranked hits out. Filters
//! name standards the way users type them (`gb 4706.1`), so they are resolved
//! through the store before they reach the index.

use crate::index::{Filter, KeywordIndex, Store};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// Default number of results.
pub const DEFAULT_K: usize = 10;

/// What to look for.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchRequest {
    /// Words in any language.
    pub query: String,
    /// Results wanted (0 means [`DEFAULT_K`]).
    #[serde(default)]
    pub k: usize,
    /// Results to skip (pagination).
    #[serde(default)]
    pub offset: usize,
    /// Only clauses in these languages.
    #[serde(default)]
    pub langs: Vec<String>,
    /// Only standards of these bodies or originators (`TISI`, `TIS`, `GB`).
    #[serde(default)]
    pub bodies: Vec<String>,
    /// Only these standards (any form `stdalign show` accepts).
    #[serde(default)]
    pub standards: Vec<String>,
}

impl SearchRequest {
    /// A request for `query` with default settings.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        }
    }
}

/// Search results; the JSON shape of `stdalign search --json`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Hits, best first.
    pub results: Vec<Hit>,
}

/// One clause that matches.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Dated reference of the standard, as printed.
    pub standard: String,
    /// Clause key.
    pub key: String,
    /// Clause heading.
    pub heading: Option<String>,
    /// Clause text.
    pub text: String,
    /// Clause language.
    pub lang: String,
    /// Relevance (BM25); higher is better.
    pub score: f32,
    /// Clause kind.
    pub kind: String,
    /// Full clause id, `<reference>#<key>`.
    pub id: String,
}

/// Runs a keyword search.
pub fn keyword_search(
    keyword: &KeywordIndex,
    store: &Store,
    request: &SearchRequest,
) -> Result<SearchResults> {
    if request.query.trim().is_empty() {
        return Err(Error::InvalidQuery("the query is empty".into()));
    }
    let standards = request
        .standards
        .iter()
        .map(|r| store.resolve(r).map(|s| s.id.clone()))
        .collect::<Result<Vec<_>>>()?;
    let filter = Filter {
        langs: request
            .langs
            .iter()
            .map(|l| l.trim().to_lowercase())
            .collect(),
        bodies: request
            .bodies
            .iter()
            .map(|b| b.trim().to_string())
            .collect(),
        countries: Vec::new(),
        standards,
    };
    let k = if request.k == 0 { DEFAULT_K } else { request.k };
    let hits = keyword.search(&request.query, &filter, k, request.offset)?;
    Ok(SearchResults {
        query: request.query.clone(),
        results: hits
            .into_iter()
            .map(|h| Hit {
                id: crate::model::clause_id(&h.reference, &h.key),
                standard: h.reference,
                key: h.key,
                heading: h.heading,
                text: h.text,
                lang: h.lang,
                score: h.score,
                kind: h.kind,
            })
            .collect(),
    })
}
