//! `stdalign bench --vectors`: embedding throughput, query embedding latency, and
//! search at each requested size, end to end: the corpus replicated to that many
//! clauses goes through the engine's own ingest (keyword index, vectors, graphs,
//! dump), then hybrid queries run through the engine's own search, query embedding
//! included.
//!
//! Embedding a million clauses with the real model would take hours here, so copies
//! beyond the first get synthetic vectors (see [`SyntheticCopies`]); queries always
//! go through the real model.

use super::{COPY_MARK, QUERIES, replicate, time_each};
use crate::embed::{self, Embedder, FastEmbedder, ModelPaths};
use crate::engine::{Engine, passage};
use crate::ingest;
use crate::model::Standard;
use crate::search::{Mode, SearchRequest};
use crate::{Error, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Semantic-search figures.
#[derive(Debug, Serialize)]
pub struct SemanticReport {
    /// Distinct clause passages embedded per model file (the XML corpus).
    pub passages: usize,
    /// Their mean length in model tokens, prefix included.
    pub mean_tokens: f64,
    /// Clauses per second with the int8 model (cold cache, length-sorted batches).
    pub int8_clauses_per_s: f64,
    /// Clauses per second with the fp32 model.
    pub fp32_clauses_per_s: Option<f64>,
    /// Query embedding latency (int8, query cache off), median ms.
    pub query_embed_p50_ms: f64,
    /// Query embedding latency (int8, query cache off), 99th percentile ms.
    pub query_embed_p99_ms: f64,
    /// Figures per index size.
    pub sizes: Vec<SizeFigures>,
}

/// Search on the corpus replicated to one size.
#[derive(Debug, Serialize)]
pub struct SizeFigures {
    /// Clauses in the index, each with a vector.
    pub points: usize,
    /// The engine's ingest of all of them (keyword index, graphs, dump), s.
    pub build_seconds: f64,
    /// Vector side of a hybrid query: one search per language, run in parallel as
    /// hybrid search runs them, median ms.
    pub search_p50_ms: f64,
    /// 99th percentile of the same, ms.
    pub search_p99_ms: f64,
    /// HNSW recall@10 against exact search on the same vectors for the bench's real
    /// queries, averaged over the corpus languages (each has its own graph).
    pub recall_at_10: f64,
    /// The same where results as close as the exact 10th neighbour (within
    /// [`crate::index::vector::TIE_EPSILON`]) count: ann-benchmarks' reading.
    pub recall_at_10_with_ties: f64,
    /// A whole hybrid query through the engine (query embedding with the cache off,
    /// keyword and vector search, fusion, result assembly), median ms.
    pub hybrid_p50_ms: f64,
    /// 99th percentile of the same, ms.
    pub hybrid_p99_ms: f64,
    /// A keyword-mode query through the engine, median ms (for comparison).
    pub keyword_p50_ms: f64,
}

impl fmt::Display for SemanticReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "embedding: int8 {:.0} clauses/s",
            self.int8_clauses_per_s
        )?;
        if let Some(fp32) = self.fp32_clauses_per_s {
            write!(f, ", fp32 {fp32:.0} clauses/s")?;
        }
        writeln!(
            f,
            "  ({} passages, mean {:.0} tokens)",
            self.passages, self.mean_tokens
        )?;
        writeln!(
            f,
            "query embedding: p50 {:.1} ms, p99 {:.1} ms",
            self.query_embed_p50_ms, self.query_embed_p99_ms
        )?;
        for s in &self.sizes {
            writeln!(
                f,
                "{:>8} clauses: hybrid query p50 {:.1} ms p99 {:.1} ms; keyword query p50 {:.1} ms; vector side p50 {:.2} ms p99 {:.2} ms, recall@10 {:.3} ({:.3} with ties); build {:.0} s",
                s.points,
                s.hybrid_p50_ms,
                s.hybrid_p99_ms,
                s.keyword_p50_ms,
                s.search_p50_ms,
                s.search_p99_ms,
                s.recall_at_10,
                s.recall_at_10_with_ties,
                s.build_seconds
            )?;
        }
        Ok(())
    }
}

/// Measures embedding on the corpus, then search at each of `sizes` clauses.
pub fn run_semantic(
    corpus: &Path,
    paths: &ModelPaths,
    sizes: &[usize],
    log: &mut dyn FnMut(&str),
) -> Result<SemanticReport> {
    let (standards, passages) = corpus_passages(corpus)?;
    let texts: Vec<&str> = passages.iter().map(String::as_str).collect();
    let int8 = Arc::new(FastEmbedder::load(paths)?);
    let mean_tokens = texts
        .iter()
        .map(|t| int8.tokens(&format!("passage: {t}")))
        .sum::<usize>() as f64
        / texts.len() as f64;
    log(&format!("embedding {} passages (int8)…", texts.len()));
    let t = Instant::now();
    let vectors = int8.embed_passages(&texts)?;
    let int8_clauses_per_s = texts.len() as f64 / t.elapsed().as_secs_f64();
    let fp32_clauses_per_s = match FastEmbedder::load_file(paths, "model.onnx") {
        Ok(fp32) => {
            log("embedding (fp32)…");
            let t = Instant::now();
            fp32.embed_passages(&texts)?;
            Some(texts.len() as f64 / t.elapsed().as_secs_f64())
        }
        Err(_) => None,
    };
    // With the query cache off, so each run embeds (clearing it costs nanoseconds).
    let (query_embed_p50_ms, query_embed_p99_ms) = time_each(QUERIES, 120, |q| {
        int8.forget_queries();
        int8.embed_queries(&[q])?;
        Ok(())
    })?;

    let passages_count = texts.len();
    let copies = Arc::new(SyntheticCopies::new(
        int8.clone(),
        &standards,
        passages.iter().cloned().zip(vectors).collect(),
    ));
    let mut sizes_out = Vec::new();
    for &n in sizes {
        log(&format!("index of {n} clauses…"));
        sizes_out.push(measure_size(&standards, n, copies.clone(), &int8)?);
    }
    Ok(SemanticReport {
        passages: passages_count,
        mean_tokens,
        int8_clauses_per_s,
        fp32_clauses_per_s,
        query_embed_p50_ms,
        query_embed_p99_ms,
        sizes: sizes_out,
    })
}

/// Builds an index of the corpus replicated to `clauses` and times searches on it.
fn measure_size(
    standards: &[Standard],
    clauses: usize,
    copies: Arc<SyntheticCopies>,
    model: &FastEmbedder,
) -> Result<SizeFigures> {
    let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut engine = Engine::open_with(dir.path(), Some(copies.clone()))?;
    let replicated = replicate(standards, clauses, true);
    let t = Instant::now();
    engine.add_standards(replicated)?;
    let build_seconds = t.elapsed().as_secs_f64();
    let index = engine
        .vector_index()
        .ok_or_else(|| Error::VectorsUnavailable("the bench index has no vectors".into()))?;
    let langs = index.langs();

    let queries = model.embed_queries(QUERIES)?;
    let (search_p50_ms, search_p99_ms) = time_each(&queries, 240, |q| {
        std::hint::black_box(index.search_langs(q, &langs, 20, None));
        Ok(())
    })?;

    // Real queries against every language's graph: what hybrid search asks.
    let (mut recall, mut ties) = (0.0, 0.0);
    for lang in &langs {
        let r = index.recall_against_exact(&queries, lang, 10);
        recall += r.by_identity;
        ties += r.with_ties;
    }
    let recall_at_10 = recall / langs.len().max(1) as f64;
    let recall_at_10_with_ties = ties / langs.len().max(1) as f64;

    let (hybrid_p50_ms, hybrid_p99_ms, keyword_p50_ms) = query_latencies(&engine, model)?;
    Ok(SizeFigures {
        points: index.live(),
        build_seconds,
        search_p50_ms,
        search_p99_ms,
        recall_at_10,
        recall_at_10_with_ties,
        hybrid_p50_ms,
        hybrid_p99_ms,
        keyword_p50_ms,
    })
}

/// The bench's embedder. The first copy of each clause gets its real embedding;
/// copy `i > 0` gets a synthetic neighbour of it: a mixture of it (weight ½ to 1)
/// and two other real clauses of the same language, re-normalised, plus a little
/// noise that only breaks exact ties. The points so spread between real ones, in
/// the space real clauses span, instead of piling up as duplicates. Isotropic noise
/// would be harsher: it adds dimensions real embeddings do not have (with ±0.02 per
/// coordinate, recall@10 at 100k fell to 0.63). Everything is derived from a hash
/// of the text, so a text always gets the same vector. Queries go to the real model.
pub(super) struct SyntheticCopies {
    model: Arc<FastEmbedder>,
    /// Real vector and language of each original passage.
    real: HashMap<String, (Vec<f32>, String)>,
    /// Real vectors by language: mixing partners.
    by_lang: HashMap<String, Vec<Vec<f32>>>,
}

impl SyntheticCopies {
    pub(super) fn new(
        model: Arc<FastEmbedder>,
        standards: &[Standard],
        vectors: HashMap<String, Vec<f32>>,
    ) -> SyntheticCopies {
        let mut real = HashMap::new();
        let mut by_lang: HashMap<String, Vec<Vec<f32>>> = HashMap::new();
        for c in standards.iter().flat_map(|s| &s.clauses) {
            let text = passage(c);
            if let Some(v) = vectors.get(&text)
                && !real.contains_key(&text)
            {
                by_lang.entry(c.lang.clone()).or_default().push(v.clone());
                real.insert(text, (v.clone(), c.lang.clone()));
            }
        }
        SyntheticCopies {
            model,
            real,
            by_lang,
        }
    }

    fn vector(&self, text: &str) -> Result<Vec<f32>, embed::Error> {
        let (original, copy) = match text.rfind(COPY_MARK) {
            Some(at) => (&text[..at], true),
            None => (text, false),
        };
        let (base, lang) = self.real.get(original).ok_or_else(|| {
            embed::Error::Inference(format!("bench: no real vector for {original:?}"))
        })?;
        if !copy {
            return Ok(base.clone());
        }
        let mut rng = XorShift(fnv(text) | 1);
        let partners = &self.by_lang[lang];
        let p1 = &partners[(rng.next() as usize) % partners.len()];
        let p2 = &partners[(rng.next() as usize) % partners.len()];
        let w0 = 0.5 + 0.5 * rng.unit();
        let w1 = (1.0 - w0) * rng.unit();
        let w2 = 1.0 - w0 - w1;
        let mut v: Vec<f32> = (0..base.len())
            .map(|k| w0 * base[k] + w1 * p1[k] + w2 * p2[k] + NOISE * (2.0 * rng.unit() - 1.0))
            .collect();
        embed::normalize(&mut v);
        Ok(v)
    }
}

impl Embedder for SyntheticCopies {
    fn model_id(&self) -> &str {
        "bench-synthetic"
    }

    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, embed::Error> {
        texts.iter().map(|t| self.vector(t)).collect()
    }

    fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, embed::Error> {
        self.model.embed_queries(texts)
    }
}

/// Noise per coordinate of a synthetic vector: breaks ties between mixtures.
const NOISE: f32 = 0.002;

/// FNV-1a: a seed from a text.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// A small deterministic generator (xorshift64).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Hybrid p50 and p99 and keyword p50 (ms) of the bench queries on `engine`, after a
/// warm-up (the first use of a term loads its postings; the hits' counterpart
/// expansion is aligned, as `serve` prepares it in the background, and the timed
/// searches align nothing themselves); the query embedding cache is cleared before
/// each hybrid query so inference is timed too.
pub(super) fn query_latencies(engine: &Engine, model: &FastEmbedder) -> Result<(f64, f64, f64)> {
    engine.set_expansion_budget(usize::MAX);
    for q in QUERIES {
        engine.search(&SearchRequest::new(*q).with_mode(Mode::Hybrid))?;
    }
    engine.set_expansion_budget(0);
    let search = |q: &&str, mode: Mode| -> Result<()> {
        engine.search(&SearchRequest::new(*q).with_mode(mode))?;
        Ok(())
    };
    let (hybrid_p50_ms, hybrid_p99_ms) = time_each(QUERIES, 240, |q| {
        model.forget_queries();
        search(q, Mode::Hybrid)
    })?;
    let (keyword_p50_ms, _) = time_each(QUERIES, 240, |q| search(q, Mode::Keyword))?;
    Ok((hybrid_p50_ms, hybrid_p99_ms, keyword_p50_ms))
}

/// The XML standards of `corpus` and their distinct clause passages (the text ingest
/// embeds), which the benches embed once and replicate; an error when there are none.
pub(super) fn corpus_passages(corpus: &Path) -> Result<(Vec<Standard>, Vec<String>)> {
    let standards: Vec<Standard> = ingest::collect_files(&[corpus.to_path_buf()])
        .into_iter()
        .filter_map(|f| f.ok())
        .filter(|p| !ingest::is_pdf(p))
        .filter_map(|p| ingest::parse_file(&p).ok())
        .collect();
    let mut passages: Vec<String> = standards
        .iter()
        .flat_map(|s| s.clauses.iter().map(passage))
        .collect();
    passages.sort();
    passages.dedup();
    if passages.is_empty() {
        return Err(Error::InvalidQuery(format!(
            "no clauses could be read from {}",
            corpus.display()
        )));
    }
    Ok((standards, passages))
}
