//! Vector indexing and hybrid search with deterministic hash embeddings (no model):
//! the embedding cache, persistence across reopening, filters, explanations.

use crate::common::{corpus, corpus_xml};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use stdalign::embed::{Embedder, Error, HashEmbedder};
use stdalign::search::Mode;
use stdalign::{Engine, SearchRequest};

/// Counts the passages it embeds.
struct Counting {
    inner: HashEmbedder,
    passages: AtomicUsize,
}

impl Embedder for Counting {
    fn model_id(&self) -> &str {
        "counting-hash"
    }
    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        self.passages.fetch_add(texts.len(), Ordering::SeqCst);
        self.inner.embed_passages(texts)
    }
    fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        self.inner.embed_queries(texts)
    }
}

fn ids(engine: &Engine, request: &SearchRequest) -> Vec<String> {
    engine
        .search(request)
        .unwrap()
        .results
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn counting() -> Arc<Counting> {
    Arc::new(Counting {
        inner: HashEmbedder { dim: 64 },
        passages: AtomicUsize::new(0),
    })
}

#[test]
fn unchanged_text_is_never_embedded_twice_and_vectors_reload() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let e = counting();
    let mut engine = Engine::open_with(&index, Some(e.clone())).unwrap();
    engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    let first = e.passages.load(Ordering::SeqCst);
    assert!(first >= 400, "{first}");
    assert!(engine.has_vectors());

    // Removing and re-adding a standard re-uses cached vectors.
    engine.remove("GB 4706.1-2005").unwrap();
    engine
        .ingest(&[corpus().join("gb-4706-1-2005.xml")], &mut |_| {})
        .unwrap();
    assert_eq!(e.passages.load(Ordering::SeqCst), first);

    // Reopening loads the graph: no embedding, same answers. (Counterpart expansion
    // is prepared first in both: a cold engine expands only as far as its alignment
    // cache reaches, which the first engine's searches fill for the second.)
    let request = SearchRequest::new("Dòng điện rò ở nhiệt độ làm việc").with_mode(Mode::Vector);
    engine.prepare_expansion().unwrap();
    let before = ids(&engine, &request);
    drop(engine);
    let e2 = counting();
    let engine = Engine::open_with(&index, Some(e2.clone())).unwrap();
    assert!(engine.has_vectors());
    engine.prepare_expansion().unwrap();
    let after = ids(&engine, &request);
    assert_eq!(e2.passages.load(Ordering::SeqCst), 0);
    assert_eq!(before, after);
    assert_eq!(after.len(), 10);
}

/// Remembers the passages it is asked for, in order.
struct Recording {
    inner: HashEmbedder,
    seen: std::sync::Mutex<Vec<String>>,
}

impl Embedder for Recording {
    fn model_id(&self) -> &str {
        "recording-hash"
    }
    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        let mut seen = self.seen.lock().unwrap();
        seen.extend(texts.iter().map(|t| t.to_string()));
        self.inner.embed_passages(texts)
    }
    fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        self.inner.embed_queries(texts)
    }
}

#[test]
fn ingest_sends_passages_to_the_model_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let e = Arc::new(Recording {
        inner: HashEmbedder { dim: 64 },
        seen: Default::default(),
    });
    let mut engine = Engine::open_with(&dir.path().join("index"), Some(e.clone())).unwrap();
    engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    let seen = e.seen.lock().unwrap();
    assert!(seen.len() >= 400, "{}", seen.len());
    let distinct: std::collections::HashSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), seen.len(), "a text embedded twice");
}

#[test]
fn an_index_built_without_a_model_gets_its_vectors_on_the_next_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let mut engine = Engine::open(&index).unwrap();
    engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    // Hybrid search answers from keywords and says why; vector search fails.
    let found = engine.search(&SearchRequest::new("leakage")).unwrap();
    assert_eq!(found.mode, Mode::Keyword);
    let warning = found.warning.unwrap();
    assert!(warning.contains("scripts/setup-models.sh"), "{warning}");
    let err = engine
        .search(&SearchRequest::new("leakage").with_mode(Mode::Vector))
        .unwrap_err();
    assert!(err.to_string().contains("scripts/setup-models.sh"), "{err}");
    drop(engine);
    let e = counting();
    let mut engine = Engine::open_with(&index, Some(e.clone())).unwrap();
    assert!(!engine.has_vectors());
    let report = engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    assert!(
        report
            .successes()
            .all(|s| s.outcome == stdalign::Outcome::Unchanged)
    );
    assert!(engine.has_vectors());
    // Every clause was embedded once (identical texts share one vector).
    let embedded = e.passages.load(Ordering::SeqCst) as u64;
    assert!(
        embedded <= engine.clause_count() && embedded + 20 >= engine.clause_count(),
        "{embedded}"
    );
}

#[test]
fn hybrid_hits_explain_their_ranks_and_filters_apply_to_vectors() {
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open_with(&dir.path().join("index"), Some(counting())).unwrap();
    engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    let hits = engine
        .search(&SearchRequest::new("泄漏电流"))
        .unwrap()
        .results;
    let top = &hits[0];
    assert!(
        top.explain.keyword_rank.is_some() && top.explain.fused.is_some(),
        "{top:?}"
    );
    assert!(hits.iter().any(|h| h.explain.vector_rank.is_some()));
    let mut r = SearchRequest::new("กระแสรั่ว").with_mode(Mode::Vector);
    r.bodies = vec!["TIS".into()];
    let hits = engine.search(&r).unwrap().results;
    assert!(!hits.is_empty() && hits.iter().all(|h| h.lang == "th"));
    r.bodies.clear();
    r.langs = vec!["vi".into()];
    r.standards = vec!["TCVN 12670-1".into()];
    let hits = engine.search(&r).unwrap().results;
    assert!(!hits.is_empty() && hits.iter().all(|h| h.standard == "TCVN 12670-1:2019"));
}

#[test]
fn a_damaged_graph_is_rebuilt_and_damaged_vectors_degrade_to_keyword_search_until_the_next_ingest()
{
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let mut engine = Engine::open_with(&index, Some(counting())).unwrap();
    engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    drop(engine);
    let generation = std::fs::read_dir(index.join("vectors"))
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with('g'))
        .unwrap()
        .path();
    std::fs::write(generation.join("graph0/clauses.hnsw.graph"), b"not a graph").unwrap();

    // The graph is rebuilt from the stored vectors, without the model.
    let e = counting();
    let engine = Engine::open_with(&index, Some(e.clone())).unwrap();
    assert!(engine.has_vectors());
    let hybrid = engine.search(&SearchRequest::new("泄漏电流")).unwrap();
    assert_eq!(hybrid.mode, Mode::Hybrid);
    assert!(
        hybrid
            .results
            .iter()
            .any(|h| h.explain.vector_rank.is_some()),
        "{:?}",
        hybrid.results
    );
    assert_eq!(e.passages.load(Ordering::SeqCst), 0);
    drop(engine);

    // Without the vectors themselves, keyword search still answers.
    std::fs::write(generation.join("vectors.f32"), b"not vectors").unwrap();
    let mut engine = Engine::open_with(&index, Some(counting())).unwrap();
    assert!(!engine.has_vectors());
    let keyword = SearchRequest::new("泄漏电流").with_mode(Mode::Keyword);
    assert_eq!(
        engine.search(&keyword).unwrap().results[0].standard,
        "GB 4706.1-2005"
    );
    let found = engine.search(&SearchRequest::new("泄漏电流")).unwrap();
    assert_eq!(found.mode, Mode::Keyword);
    let warning = found.warning.unwrap();
    assert!(warning.contains("run `stdalign ingest`"), "{warning}");
    assert_eq!(found.results[0].standard, "GB 4706.1-2005");
    engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    assert!(engine.has_vectors());
    let again = engine.search(&SearchRequest::new("泄漏电流")).unwrap();
    assert_eq!(again.mode, Mode::Hybrid);
    assert!(
        again
            .results
            .iter()
            .any(|h| h.explain.vector_rank.is_some())
    );
}

/// Fails on demand, to interrupt an ingest in the middle of embedding.
struct Flaky {
    inner: HashEmbedder,
    fail: std::sync::atomic::AtomicBool,
}

impl Embedder for Flaky {
    fn model_id(&self) -> &str {
        "flaky-hash"
    }
    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        if self.fail.load(Ordering::SeqCst) {
            return Err(Error::Inference("simulated failure".into()));
        }
        self.inner.embed_passages(texts)
    }
    fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        self.inner.embed_queries(texts)
    }
}

#[test]
fn a_failed_ingest_keeps_the_previous_index_and_its_vectors() {
    let dir = tempfile::tempdir().unwrap();
    let flaky = Arc::new(Flaky {
        inner: HashEmbedder { dim: 64 },
        fail: std::sync::atomic::AtomicBool::new(false),
    });
    let mut engine = Engine::open_with(&dir.path().join("index"), Some(flaky.clone())).unwrap();
    engine
        .ingest(&[corpus().join("tcvn-5699-1-2010.xml")], &mut |_| {})
        .unwrap();
    let request = SearchRequest::new("dòng điện rò").with_mode(Mode::Vector);
    let before = ids(&engine, &request);

    flaky.fail.store(true, Ordering::SeqCst);
    let err = engine
        .ingest(&[corpus().join("gb-4706-1-2005.xml")], &mut |_| {})
        .unwrap_err();
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert_eq!(
        engine.list().len(),
        1,
        "nothing of the failed batch was committed"
    );
    assert!(engine.has_vectors());
    assert_eq!(ids(&engine, &request), before);
}
