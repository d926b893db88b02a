//! `stdalign eval search`: retrieval quality on gold queries, per mode. Each gold
//! entry is `{"query", "relevant": ["<reference>#<key>", ...]}` (optionally "lang").
//! Metrics at 10 with binary relevance: Recall@10 = relevant found / relevant;
//! MRR@10 = 1 / rank of the first relevant hit; nDCG@10 with ideal DCG over
//! min(relevant, 10) hits.

pub mod align;
pub mod harmonise;
pub mod pdf;
pub mod perturb;

use crate::engine::Engine;
use crate::search::{Mode, SearchRequest};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Cut-off of every metric.
pub const AT: usize = 10;

/// One gold query.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldQuery {
    /// What a user types.
    pub query: String,
    /// Language of the query, for the per-language breakdown.
    #[serde(default)]
    pub lang: Option<String>,
    /// Clause ids that answer it.
    pub relevant: Vec<String>,
}

/// Averages over queries.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Queries averaged.
    pub queries: usize,
    /// Mean Recall@10.
    pub recall_at_10: f64,
    /// Mean reciprocal rank @10.
    pub mrr_at_10: f64,
    /// Mean nDCG@10.
    pub ndcg_at_10: f64,
}

/// Scores of one mode, overall and per query language.
#[derive(Debug, Clone, Serialize)]
pub struct ModeScores {
    /// The mode.
    pub mode: Mode,
    /// Over all queries.
    pub all: Scores,
    /// Per query language.
    pub by_lang: BTreeMap<String, Scores>,
    /// `same-language`: against the relevant clauses in the query's language only;
    /// `cross-lingual`: against those in the other languages.
    pub by_reach: BTreeMap<String, Scores>,
    /// Top-10 slots taken by documents no gold query lists anything of (unrelated
    /// text in the index), over all queries.
    pub unrelated_slots: usize,
}

/// Reads a gold query file.
pub fn load_queries(path: &Path) -> Result<Vec<GoldQuery>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::InvalidQuery(format!("{}: not a gold query file: {e}", path.display())))
}

/// Recall, reciprocal rank and nDCG at [`AT`] of one ranked list.
pub fn score(ranked: &[String], relevant: &[String]) -> (f64, f64, f64) {
    if relevant.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let top = &ranked[..ranked.len().min(AT)];
    let hit = |id: &String| relevant.contains(id);
    let found = top.iter().filter(|id| hit(id)).count();
    let rr = top
        .iter()
        .position(hit)
        .map_or(0.0, |p| 1.0 / (p as f64 + 1.0));
    let dcg: f64 = top
        .iter()
        .enumerate()
        .filter(|(_, id)| hit(id))
        .map(|(i, _)| 1.0 / (i as f64 + 2.0).log2())
        .sum();
    let ideal: f64 = (0..relevant.len().min(AT))
        .map(|i| 1.0 / (i as f64 + 2.0).log2())
        .sum();
    (found as f64 / relevant.len() as f64, rr, dcg / ideal)
}

/// Evaluates `modes` on `queries`.
pub fn evaluate_search(
    engine: &Engine,
    queries: &[GoldQuery],
    modes: &[Mode],
) -> Result<Vec<ModeScores>> {
    // Documents some gold query lists a clause of; anything else is unrelated text.
    let listed: std::collections::HashSet<&str> = queries
        .iter()
        .flat_map(|q| &q.relevant)
        .filter_map(|id| id.split_once('#').map(|(r, _)| r))
        .collect();
    let lang_of = |id: &str| -> Option<String> {
        let (reference, _) = id.split_once('#')?;
        engine.resolve(reference).ok().map(|i| i.lang.clone())
    };
    // Counterpart expansion at full strength from the first query, whatever the order.
    engine.prepare_expansion()?;
    let mut out = Vec::new();
    for &mode in modes {
        let mut all = Accumulator::default();
        let mut by_lang: BTreeMap<String, Accumulator> = BTreeMap::new();
        let mut by_reach: BTreeMap<String, Accumulator> = BTreeMap::new();
        let mut unrelated_slots = 0;
        for q in queries {
            // The gold may list clauses of standards this index does not hold (the
            // PDF-only ones of the sample corpus): only those it holds can be found.
            let relevant: Vec<String> = q
                .relevant
                .iter()
                .filter(|id| {
                    id.split_once('#')
                        .is_some_and(|(r, _)| engine.resolve(r).is_ok())
                })
                .cloned()
                .collect();
            if relevant.is_empty() {
                continue;
            }
            let q = &GoldQuery {
                relevant,
                ..q.clone()
            };
            let mut request = SearchRequest::new(q.query.clone()).with_mode(mode);
            request.k = AT;
            let ranked: Vec<String> = engine
                .search(&request)?
                .results
                .into_iter()
                .map(|h| h.id)
                .collect();
            for (rank, id) in ranked.iter().enumerate() {
                if !id.split_once('#').is_some_and(|(r, _)| listed.contains(r)) {
                    unrelated_slots += 1;
                    tracing::debug!(query = %q.query, mode = mode.as_str(), rank = rank + 1, %id, "unrelated");
                }
            }
            let s = score(&ranked, &q.relevant);
            all.add(s);
            let lang = q.lang.clone().unwrap_or_else(|| "?".into());
            by_lang.entry(lang.clone()).or_default().add(s);
            let (same, other): (Vec<String>, Vec<String>) = q
                .relevant
                .iter()
                .cloned()
                .partition(|id| lang_of(id).as_deref() == Some(lang.as_str()));
            for (reach, relevant) in [("same-language", same), ("cross-lingual", other)] {
                if !relevant.is_empty() {
                    by_reach
                        .entry(reach.to_string())
                        .or_default()
                        .add(score(&ranked, &relevant));
                }
            }
        }
        out.push(ModeScores {
            mode,
            all: all.mean(),
            by_lang: by_lang.into_iter().map(|(l, a)| (l, a.mean())).collect(),
            by_reach: by_reach.into_iter().map(|(l, a)| (l, a.mean())).collect(),
            unrelated_slots,
        });
    }
    Ok(out)
}

#[derive(Default)]
struct Accumulator {
    n: usize,
    sums: (f64, f64, f64),
}

impl Accumulator {
    fn add(&mut self, (r, m, n): (f64, f64, f64)) {
        self.n += 1;
        self.sums.0 += r;
        self.sums.1 += m;
        self.sums.2 += n;
    }

    fn mean(&self) -> Scores {
        let d = self.n.max(1) as f64;
        Scores {
            queries: self.n,
            recall_at_10: self.sums.0 / d,
            mrr_at_10: self.sums.1 / d,
            ndcg_at_10: self.sums.2 / d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn metrics_of_a_known_ranking() {
        let (r, m, n) = score(&ids(&["x", "a", "y", "b"]), &ids(&["a", "b", "c", "d"]));
        assert_eq!(r, 0.5);
        assert_eq!(m, 0.5);
        let dcg = 1.0 / 3f64.log2() + 1.0 / 5f64.log2();
        let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5 + 1.0 / 5f64.log2();
        assert!((n - dcg / idcg).abs() < 1e-12);
        assert_eq!(score(&ids(&["x"]), &ids(&["a"])), (0.0, 0.0, 0.0));
    }
}
