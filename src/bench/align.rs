//! Alignment speed: two standards replicated to a given size, embeddings cached.

use crate::engine::Engine;
use crate::model::Standard;
use crate::{Error, Result};
use serde::Serialize;
use std::fmt;
use std::path::Path;
use std::time::Instant;

/// Alignment speed on two standards replicated to `clauses` clauses each, with
/// clause and sentence embeddings already computed (what a re-run costs).
#[derive(Debug, Serialize)]
pub struct AlignReport {
    /// Clauses per side.
    pub clauses: usize,
    /// Median of the timed runs, milliseconds.
    pub median_ms: f64,
    /// Slowest run, milliseconds.
    pub max_ms: f64,
    /// Aligned groups found.
    pub pairs: usize,
}

impl fmt::Display for AlignReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "align {0} × {0} clauses (embeddings cached): median {1:.0} ms, max {2:.0} ms, {3} groups",
            self.clauses, self.median_ms, self.max_ms, self.pairs
        )
    }
}

/// Times [`crate::align::align`] on GB 4706.1 against TCVN 5699-1 from `corpus`, each
/// replicated to `clauses` clauses (copies get key prefixes, so numbering stays unique).
pub fn run_align(
    corpus: &Path,
    embedder: std::sync::Arc<dyn crate::embed::Embedder>,
    clauses: usize,
    log: &mut dyn FnMut(&str),
) -> Result<AlignReport> {
    use crate::align::{self, Inputs};
    use std::collections::HashMap;
    let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut engine = Engine::open_with(&dir.path().join("index"), Some(embedder.clone()))?;
    log("embedding the two standards");
    engine.ingest(
        &[
            corpus.join("gb-4706-1-2005.xml"),
            corpus.join("tcvn-5699-1-2010.xml"),
        ],
        &mut |_| {},
    )?;
    let replicate = |reference: &str| -> Result<(Standard, HashMap<String, Vec<f32>>)> {
        let original = engine.standard(reference)?;
        let vectors = engine.alignment_vectors(&original)?;
        let mut s = original.clone();
        s.clauses.clear();
        let mut v = HashMap::new();
        let mut copy = 0;
        while s.clauses.len() < clauses {
            for c in &original.clauses {
                let mut c = c.clone();
                if let Some(x) = vectors.get(&c.key) {
                    v.insert(format!("r{copy}.{}", c.key), x.clone());
                }
                c.key = format!("r{copy}.{}", c.key);
                s.clauses.push(c);
            }
            copy += 1;
        }
        s.clauses.truncate(clauses);
        Ok((s, v))
    };
    let (left, lv) = replicate("GB 4706.1-2005")?;
    let (right, rv) = replicate("TCVN 5699-1:2010")?;
    let cache: std::sync::Mutex<HashMap<String, Vec<f32>>> = std::sync::Mutex::new(HashMap::new());
    let embed = |texts: &[String]| -> Result<Vec<Vec<f32>>> {
        let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
        let missing: Vec<&str> = texts
            .iter()
            .filter(|t| !cache.contains_key(*t))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            for (t, v) in missing.iter().zip(embedder.embed_queries(&missing)?) {
                cache.insert(t.to_string(), v);
            }
        }
        Ok(texts.iter().map(|t| cache[t].clone()).collect())
    };
    let adoptions = engine.adoptions();
    let inputs = Inputs {
        left_vectors: lv,
        right_vectors: rv,
        adoptions: &adoptions.by_own,
        sentences: Some(&embed),
    };
    log("warm-up run (fills the sentence cache)");
    let mut pairs = align::align(&left, &right, &inputs)?.pairs.len();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        pairs = align::align(&left, &right, &inputs)?.pairs.len();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    Ok(AlignReport {
        clauses,
        median_ms: times[times.len() / 2],
        max_ms: times[times.len() - 1],
        pairs,
    })
}
