//! The OpenSearch back end against a running cluster (`scripts/opensearch.sh start`;
//! `STDALIGN_OS_URL`, default http://127.0.0.1:9200). Without a cluster these tests
//! print why and pass, unless `STDALIGN_REQUIRE_OPENSEARCH=1` (CI) makes that a
//! failure. Each test writes under its own index prefix and deletes it at the end.
//!
//! What they check: the corpus ingested into the cluster answers the gold search
//! queries like the embedded index (mean top-10 overlap ≥ 0.9, printed); a gold
//! pair aligns identically on both; re-ingesting is a no-op; a changed standard
//! replaces the old one and `remove` removes it; two writers ingesting overlapping
//! batches at once leave every standard once; `/healthz`'s cluster state; and,
//! with `STDALIGN_OS_FAILOVER=1`, searches still answer with the second node stopped.

#[path = "common/mod.rs"]
#[allow(dead_code)]
mod common;

use common::{corpus_xml, root};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use stdalign::embed::{Embedder, FastEmbedder, ModelPaths};
use stdalign::index::opensearch::{Config, Layout, OpenSearchBackend};
use stdalign::{Engine, SearchRequest};
use stdalign::{Outcome, Storage};

/// The cluster's URLs, or `None` (with the reason printed) when none answers.
fn cluster() -> Option<Vec<String>> {
    let urls: Vec<String> = std::env::var("STDALIGN_OS_URL")
        .unwrap_or_else(|_| "http://127.0.0.1:9200,http://127.0.0.1:9201".into())
        .split(',')
        .map(str::to_string)
        .collect();
    let answers = urls.iter().any(|u| {
        ureq::get(&format!("{}/_cluster/health", u.trim_end_matches('/')))
            .call()
            .is_ok()
    });
    if answers {
        return Some(urls);
    }
    let message = format!(
        "no OpenSearch cluster answers at {} (start one with scripts/opensearch.sh start)",
        urls.join(",")
    );
    if std::env::var_os("STDALIGN_REQUIRE_OPENSEARCH").is_some() {
        panic!("{message}");
    }
    eprintln!("skipped: {message}");
    None
}

/// A configuration under a prefix no other run uses.
fn config(urls: &[String], name: &str) -> Config {
    let mut config = Config::new(urls.to_vec());
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    config.prefix = format!("stdalign-test-{name}-{}-{stamp}", std::process::id());
    config.layout = Layout {
        shards: 2,
        replicas: 1,
    };
    config
}

/// Deletes a test's indices when the test ends, passed or not.
struct Cleanup(Config);

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Err(e) = OpenSearchBackend::delete_indices(&self.0) {
            eprintln!("could not delete the test indices {}-*: {e}", self.0.prefix);
        }
    }
}

fn embedder() -> Arc<dyn Embedder> {
    let models = root().join("models");
    let paths = ModelPaths {
        runtime: std::env::var_os("ORT_DYLIB_PATH")
            .map_or(models.join("libonnxruntime.so"), Into::into),
        model_dir: std::env::var_os("STDALIGN_MODEL_DIR")
            .map_or(models.join("multilingual-e5-small"), Into::into),
    };
    Arc::new(
        FastEmbedder::load(&paths)
            .unwrap_or_else(|e| panic!("{e}\nthe real-model tests need: scripts/setup-models.sh")),
    )
}

/// Copies the embedding cache of one index folder to another, so the second ingest
/// of the same corpus costs no inference.
fn share_embeddings(from: &Path, to: &Path) {
    let (from, to) = (from.join("vectors"), to.join("vectors"));
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(&from).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("cache-") {
            std::fs::copy(e.path(), to.join(name)).unwrap();
        }
    }
}

fn top10(engine: &Engine, query: &str) -> Vec<String> {
    engine
        .search(&SearchRequest::new(query))
        .unwrap()
        .results
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// The corpus on both back ends: the same answers to the gold queries, the same
/// alignment, a no-op re-ingest, the cluster's health, and (when asked) failover.
#[test]
fn the_cluster_answers_like_the_embedded_index() {
    let Some(urls) = cluster() else { return };
    let config = config(&urls, "parity");
    let _cleanup = Cleanup(config.clone());
    let embedder = embedder();
    let tmp = tempfile::tempdir().unwrap();
    let (local, remote) = (tmp.path().join("embedded"), tmp.path().join("cluster"));
    let mut embedded = Engine::open_with(&local, Some(embedder.clone())).unwrap();
    embedded.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    share_embeddings(&local, &remote);
    let storage = Storage::OpenSearch(config.clone());
    let mut cluster = Engine::open_storage(&remote, &storage, Some(embedder.clone())).unwrap();
    let started = std::time::Instant::now();
    let report = cluster.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    eprintln!(
        "ingested {} files into {} in {:.1} s (embeddings cached)",
        report.files.len(),
        config.prefix,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(report.failures().count(), 0);
    assert_eq!(cluster.list().len(), embedded.list().len());
    assert_eq!(cluster.clause_count(), embedded.clause_count());
    assert!(cluster.has_vectors());

    // Search: the gold queries in order on both, so counterpart expansion fills
    // the same alignment caches in the same order.
    let queries =
        stdalign::eval::load_queries(&root().join("tests/gold/search-queries.json")).unwrap();
    let mut overlaps = Vec::new();
    for q in &queries {
        let (a, b) = (top10(&embedded, &q.query), top10(&cluster, &q.query));
        let shared = a.iter().filter(|id| b.contains(id)).count();
        let overlap = shared as f64 / a.len().max(b.len()).max(1) as f64;
        if overlap < 1.0 {
            eprintln!(
                "{:.1} {}\n  embedded {a:?}\n  cluster  {b:?}",
                overlap, q.query
            );
        }
        overlaps.push(overlap);
    }
    let mean = overlaps.iter().sum::<f64>() / overlaps.len() as f64;
    eprintln!(
        "top-10 overlap between back ends: mean {mean:.3} over {} gold queries, {} identical sets",
        overlaps.len(),
        overlaps.iter().filter(|o| **o == 1.0).count()
    );
    assert!(mean >= 0.9, "mean top-10 overlap {mean:.3} < 0.9");

    // Keyword hits vote by the idf share of the query they cover: both back ends
    // count the same clauses for each word, so each hit has the same share.
    let q = "piawaian Indonesia kestabilan statik jisim peralatan";
    let shares = |engine: &Engine| -> Vec<(String, f32)> {
        let mut request = SearchRequest::new(q);
        request.k = 100;
        let found = engine.search(&request).unwrap();
        found
            .results
            .into_iter()
            .filter_map(|h| Some((h.id, h.explain.coverage?)))
            .collect()
    };
    let (a, b) = (shares(&embedded), shares(&cluster));
    assert!(a.len() >= 3, "{a:?}");
    for (id, share) in &a {
        if let Some((_, other)) = b.iter().find(|(i, _)| i == id) {
            assert!((share - other).abs() < 1e-3, "{id}: {share} vs {other}");
        }
    }

    // Alignment of a gold pair: identical, pair for pair and difference for difference.
    let (left, right) = ("GB 4706.1-2005", "TCVN 5699-1:2010");
    let a = embedded.align(left, right).unwrap();
    let b = cluster.align(left, right).unwrap();
    assert!(!a.pairs.is_empty());
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        serde_json::to_value(&b).unwrap(),
        "the alignment of {left} and {right} differs between back ends"
    );

    // Re-ingest: every file unchanged, nothing written.
    let again = cluster.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    let outcomes: Vec<Outcome> = again
        .successes()
        .map(|i| i.outcome)
        .filter(|o| *o != Outcome::Twin)
        .collect();
    assert!(!outcomes.is_empty());
    assert!(
        outcomes.iter().all(|o| *o == Outcome::Unchanged),
        "{outcomes:?}"
    );
    assert_eq!(cluster.clause_count(), embedded.clause_count());

    // Health: the cluster's state and its nodes.
    let health = cluster.health();
    assert_eq!(health.backend, "opensearch");
    assert!(
        ["green", "yellow"].contains(&health.status.as_str()),
        "{health:?}"
    );
    assert!(health.nodes.unwrap_or(0) >= 1, "{health:?}");
    // Every ingest finished its flip: no version is left hidden.
    assert_eq!(health.hidden, Some(0), "{health:?}");

    if std::env::var_os("STDALIGN_OS_FAILOVER").is_some() {
        failover(&cluster, &queries[0].query);
    }
}

/// With the second node stopped (replicas 1), searches and alignments still answer
/// through the first; the node is started again afterwards.
fn failover(cluster: &Engine, query: &str) {
    let script = root().join("scripts/opensearch.sh");
    let before = top10(cluster, query);
    let status = std::process::Command::new(&script)
        .arg("stop-node")
        .arg("2")
        .status()
        .unwrap();
    assert!(status.success());
    let during = top10(cluster, query);
    let aligned = cluster.align("GB 4706.1-2005", "TCVN 5699-1:2010");
    let restarted = std::process::Command::new(&script)
        .arg("start")
        .status()
        .unwrap();
    assert_eq!(during, before, "search changed with one node down");
    assert!(aligned.is_ok(), "{aligned:?}");
    assert!(restarted.success());
}

/// A changed file replaces its standard (old clauses gone, new ones found), and
/// `remove` takes it out of the catalogue and the clause index. Keyword only.
#[test]
fn a_changed_standard_replaces_the_old_one_and_remove_removes_it() {
    let Some(urls) = cluster() else { return };
    let config = config(&urls, "replace");
    let _cleanup = Cleanup(config.clone());
    let tmp = tempfile::tempdir().unwrap();
    let storage = Storage::OpenSearch(config);
    let mut engine = Engine::open_storage(&tmp.path().join("local"), &storage, None).unwrap();
    let original: PathBuf = corpus_xml()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("gb-175-2023"))
        .unwrap();
    let first = engine
        .ingest(std::slice::from_ref(&original), &mut |_| {})
        .unwrap();
    assert_eq!(first.successes().next().unwrap().outcome, Outcome::Added);
    let clauses = engine.clause_count();
    assert!(clauses > 10);
    // Both indices have their template, with the mappings the back end writes.
    let prefix = match &storage {
        Storage::OpenSearch(c) => c.prefix.clone(),
        Storage::Embedded => unreachable!(),
    };
    for (suffix, field) in [("clauses", "embedding"), ("catalogue", "sha256")] {
        let url = format!("{}/_index_template/{prefix}-{suffix}", urls[0]);
        let body: serde_json::Value = ureq::get(&url)
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        let t = &body["index_templates"][0]["index_template"];
        assert_eq!(t["index_patterns"][0], format!("{prefix}-{suffix}"));
        assert!(
            t["template"]["mappings"]["properties"][field].is_object(),
            "{t}"
        );
    }
    let reference = engine.list()[0].reference.clone();
    // A second process (a server) reading the same cluster.
    let mut reader = Engine::open_storage(&tmp.path().join("other"), &storage, None).unwrap();
    assert!(!reader.is_stale());

    // The same standard with one clause's text changed: a marker word no other
    // clause holds.
    let xml = std::fs::read_to_string(&original).unwrap();
    let marker = "zqxjvmarker";
    let at = xml.find("<p>").expect("a paragraph") + 3;
    let changed = format!("{}{marker} {}", &xml[..at], &xml[at..]);
    let copy = tmp.path().join("gb-175-2023.xml");
    std::fs::write(&copy, changed).unwrap();
    let second = engine.ingest(&[copy], &mut |_| {}).unwrap();
    assert_eq!(
        second.successes().next().unwrap().outcome,
        Outcome::Replaced
    );
    assert_eq!(engine.list().len(), 1);
    assert_eq!(
        engine.clause_count(),
        clauses,
        "old and new clauses both live"
    );
    let found = engine
        .search(&SearchRequest::new(marker).with_mode(stdalign::search::Mode::Keyword))
        .unwrap()
        .results;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].text.contains(marker));
    // The replacement left nothing hidden; a version an ingest left hidden (it
    // stopped before its flip) shows in the health.
    assert_eq!(engine.health().hidden, Some(0));
    let url = format!("{}/{prefix}-hidden/_doc/hidden?refresh=true", urls[0]);
    ureq::put(&url)
        .send_json(serde_json::json!({"shas": ["0".repeat(64)]}))
        .unwrap();
    assert_eq!(engine.health().hidden, Some(1));
    // The second process notices the change and reads the new version.
    assert!(reader.is_stale());
    reader.reload().unwrap();
    assert!(!reader.is_stale());
    assert_eq!(reader.clause_count(), clauses);
    assert!(
        reader
            .standard(&reference)
            .unwrap()
            .clauses
            .iter()
            .any(|c| c.text.contains(marker))
    );

    let removed = engine.remove(&reference).unwrap();
    assert_eq!(removed.reference, reference);
    assert!(engine.list().is_empty());
    assert_eq!(engine.clause_count(), 0);
    assert!(engine.standard(&reference).is_err());
}

#[test]
fn several_processes_ingesting_at_once_leave_each_standard_once() {
    let Some(urls) = cluster() else { return };
    let config = config(&urls, "parallel");
    let _cleanup = Cleanup(config.clone());
    let files = corpus_xml();
    // The reference count: the same files in an embedded index.
    let tmp = tempfile::tempdir().unwrap();
    let mut embedded = Engine::open(&tmp.path().join("embedded")).unwrap();
    embedded.ingest(&files, &mut |_| {}).unwrap();
    let (standards, clauses) = (embedded.list().len(), embedded.clause_count());
    // Two writers with overlapping batches (the middle files go to both), each with
    // its own local folder, as two machines would be.
    let (a, b) = (files[..12].to_vec(), files[8..].to_vec());
    let start = Arc::new(std::sync::Barrier::new(2));
    let writers: Vec<_> = [(a, "a"), (b, "b")]
        .into_iter()
        .map(|(batch, name)| {
            let storage = Storage::OpenSearch(config.clone());
            let dir = tmp.path().join(name);
            let start = start.clone();
            std::thread::spawn(move || {
                let mut engine = Engine::open_storage(&dir, &storage, None).unwrap();
                start.wait();
                let report = engine.ingest(&batch, &mut |_| {}).unwrap();
                assert_eq!(report.failures().count(), 0);
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let reader = Engine::open_storage(
        &tmp.path().join("reader"),
        &Storage::OpenSearch(config.clone()),
        None,
    )
    .unwrap();
    let mut refs: Vec<String> = reader.list().iter().map(|s| s.reference.clone()).collect();
    refs.sort();
    refs.dedup();
    assert_eq!(refs.len(), standards);
    assert_eq!(reader.list().len(), standards, "a standard listed twice");
    assert_eq!(
        reader.clause_count(),
        clauses,
        "clauses written twice or lost"
    );
}
