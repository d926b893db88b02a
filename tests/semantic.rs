//! Cross-lingual search with the real model (multilingual-e5-small, installed by
//! scripts/setup-models.sh). These tests fail, naming that command, where the model
//! is absent: they are part of the product's promise, not optional extras.

use crate::common::{corpus_xml, root};
use std::sync::{Arc, OnceLock};
use stdalign::embed::{FastEmbedder, ModelPaths};
use stdalign::eval::{evaluate_search, load_queries};
use stdalign::search::Mode;
use stdalign::{Engine, SearchRequest};

pub(crate) fn model_paths() -> ModelPaths {
    let models = root().join("models");
    ModelPaths {
        runtime: std::env::var_os("ORT_DYLIB_PATH")
            .map_or(models.join("libonnxruntime.so"), Into::into),
        model_dir: std::env::var_os("STDALIGN_MODEL_DIR")
            .map_or(models.join("multilingual-e5-small"), Into::into),
    }
}

/// One index of the corpus with real embeddings, shared by the tests of this module.
pub(crate) fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let embedder = FastEmbedder::load(&model_paths()).unwrap_or_else(|e| {
                panic!("{e}\nthe real-model tests need: scripts/setup-models.sh")
            });
            let dir = tempfile::tempdir().unwrap();
            let mut engine =
                Engine::open_with(&dir.path().join("index"), Some(Arc::new(embedder))).unwrap();
            engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
            (dir, engine)
        })
        .1
}

#[test]
fn a_text_gets_the_same_vector_whatever_is_embedded_beside_it() {
    // The int8 model quantises activations per inference: batched, a clause's vector
    // would depend on the other clauses of its ingest, and so would its alignment.
    use stdalign::embed::Embedder;
    let embedder = FastEmbedder::load(&model_paths()).unwrap();
    let text = "器具应有足够的机械强度。";
    let alone = embedder.embed_passages(&[text]).unwrap();
    let beside = embedder
        .embed_passages(&[
            "Thiết bị phải được thiết kế và chế tạo sao cho trong sử dụng bình thường \
             chúng làm việc an toàn, không gây nguy hiểm cho người và môi trường xung quanh.",
            text,
            "ok",
        ])
        .unwrap();
    assert_eq!(alone[0], beside[1]);
}

#[test]
fn a_chinese_query_finds_clauses_in_at_least_three_languages() {
    let hits = engine()
        .search(&SearchRequest::new("家用电器 泄漏电流"))
        .unwrap()
        .results;
    assert_eq!(hits.len(), 10);
    let mut langs: Vec<&str> = hits.iter().map(|h| h.lang.as_str()).collect();
    langs.sort();
    langs.dedup();
    assert!(langs.len() >= 3, "{langs:?}");
    assert!(
        hits[0]
            .heading
            .as_deref()
            .unwrap_or("")
            .contains("泄漏电流"),
        "{:?}",
        hits[0]
    );
}

#[test]
fn cross_lingual_queries_reach_relevant_clauses_in_other_languages() {
    // For each gold query: is a relevant clause in another language than the
    // query's among the vector top 10?
    let queries = load_queries(&root().join("tests/gold/search-queries.json")).unwrap();
    let mut reached = 0;
    for q in &queries {
        let lang = q.lang.as_deref().unwrap();
        let hits = engine()
            .search(&SearchRequest::new(q.query.clone()).with_mode(Mode::Vector))
            .unwrap()
            .results;
        if hits
            .iter()
            .any(|h| h.lang != lang && q.relevant.contains(&h.id))
        {
            reached += 1;
        }
    }
    let share = reached as f64 / queries.len() as f64;
    eprintln!("cross-lingual reach: {reached}/{}", queries.len());
    assert!(
        share >= 0.7,
        "only {reached} of {} queries reach another language",
        queries.len()
    );
}

/// Hybrid and vector search both far above keyword search on the gold queries. On
/// this corpus-only index vector search alone now ranks a little above hybrid (a
/// keyword hit in the wrong English standard, IEC 62368 for an IEC 60335 question,
/// leads and brings its counterparts); with the Debian guides in the index hybrid is
/// ahead (0.855 against 0.812). Both floors guard the language centring.
#[test]
fn hybrid_and_vector_beat_keyword_on_the_gold_queries() {
    let queries = load_queries(&root().join("tests/gold/search-queries.json")).unwrap();
    assert!(queries.len() >= 60);
    let scores = evaluate_search(
        engine(),
        &queries,
        &[Mode::Keyword, Mode::Vector, Mode::Hybrid],
    )
    .unwrap();
    let recall = |m: Mode| {
        scores
            .iter()
            .find(|s| s.mode == m)
            .unwrap()
            .all
            .recall_at_10
    };
    let (keyword, vector, hybrid) = (
        recall(Mode::Keyword),
        recall(Mode::Vector),
        recall(Mode::Hybrid),
    );
    eprintln!("Recall@10 keyword {keyword:.3} vector {vector:.3} hybrid {hybrid:.3}");
    assert!(
        hybrid > keyword + 0.3 && vector > keyword + 0.3,
        "keyword {keyword} vector {vector} hybrid {hybrid}"
    );
    // Floors a little under what was measured with the int8 model on the corpus
    // (five product families): 0.43 / 0.84 / 0.82 with the query and clauses taken
    // relative to their language's mean; 0.43 / 0.77 / 0.78 before (with a hub
    // penalty); 0.37 / 0.56 / 0.58 without counterpart expansion.
    assert!(
        keyword >= 0.4 && vector >= 0.82 && hybrid >= 0.79,
        "{keyword} {vector} {hybrid}"
    );
}

/// A keyword hit votes by the share of the query's idf mass it covers: the Malay
/// question on static stability finds the SNI clause, which holds two of its words
/// (kestabilan, peralatan), although BM25 ranks a stability clause of IEC 60335
/// holding one of them (a short clause) first.
#[test]
fn a_keyword_hit_votes_by_the_share_of_the_query_it_covers() {
    // Every admitted hit: where the SNI clause ranks among them depends on how many
    // counterparts the warm alignment caches bring in (other tests fill them).
    let mut request = SearchRequest::new("piawaian Indonesia kestabilan statik jisim peralatan");
    request.k = 100;
    let found = engine().search(&request).unwrap();
    let hit = |id: &str| found.results.iter().find(|h| h.id == id);
    let static_stability = hit("SNI IEC 62368-1:2014#8.6.2").expect("the SNI clause is admitted");
    let stability = hit("MS IEC 60335-1:2012#20.1").expect("the MS clause is admitted");
    let (a, b) = (
        static_stability.explain.coverage.unwrap(),
        stability.explain.coverage.unwrap(),
    );
    assert!(a > 1.5 * b, "coverage {a} vs {b}");
    assert!(
        static_stability.explain.keyword_rank > stability.explain.keyword_rank,
        "BM25 alone ranks the MS clause first"
    );
}

/// Vietnamese typed without diacritics, as many users type it, is searched with
/// them restored from the indexed Vietnamese text, and the answer says so.
#[test]
fn a_vietnamese_query_typed_without_diacritics_is_searched_with_them() {
    let found = engine()
        .search(&SearchRequest::new("huong dan su dung canh bao tre em"))
        .unwrap();
    assert_eq!(
        found.restored.as_deref(),
        Some("hướng dẫn sử dụng cảnh báo trẻ em")
    );
    let ids: Vec<&str> = found
        .results
        .iter()
        .take(3)
        .map(|h| h.id.as_str())
        .collect();
    assert!(ids.contains(&"TCVN 5699-1:2010#7.12"), "{ids:?}");
    // Written with its marks, or in another language, a query is searched as typed.
    for q in ["hướng dẫn sử dụng", "instructions for use children"] {
        assert_eq!(
            engine().search(&SearchRequest::new(q)).unwrap().restored,
            None
        );
    }
}

/// The 36 steel and cement queries written after search was tuned: a floor under
/// what they measure, so that tuning on the main gold cannot silently cost them.
/// Session 16 looked at them too when it chose the hub weight and the fusion
/// constant for the similarity merge, so they are no longer unseen for those two.
#[test]
fn queries_not_used_for_tuning_keep_their_recall() {
    let queries = load_queries(&root().join("tests/gold/search-queries-families.json")).unwrap();
    assert_eq!(queries.len(), 36);
    let scores = evaluate_search(engine(), &queries, &[Mode::Hybrid]).unwrap();
    let all = &scores[0].all;
    eprintln!(
        "unseen queries, hybrid: Recall@10 {:.3} MRR@10 {:.3}",
        all.recall_at_10, all.mrr_at_10
    );
    // Measured on the corpus with the int8 model: 0.723 / 0.607 (0.661 / 0.590 with
    // vector candidates fused by rank within each language).
    assert!(all.recall_at_10 >= 0.68 && all.mrr_at_10 >= 0.56, "{all:?}");
}

/// Unrelated text in languages no standard uses (a houseplant guide in German,
/// Korean and Russian, tests/fixtures/unrelated) takes no top-10 slot of any gold
/// query: vector candidates compete by similarity, not by rank within their
/// language. Fused by rank, each of those languages' nearest section stood level
/// with the best hit: 14 slots over 11 queries (measured with the CLI on the full
/// local index plus the guide, not on this test's corpus index).
#[test]
fn unrelated_text_in_other_languages_takes_no_slot() {
    let embedder = FastEmbedder::load(&model_paths())
        .unwrap_or_else(|e| panic!("{e}\nthe real-model tests need: scripts/setup-models.sh"));
    let dir = tempfile::tempdir().unwrap();
    let mut engine =
        Engine::open_with(&dir.path().join("index"), Some(Arc::new(embedder))).unwrap();
    let mut files = corpus_xml();
    files.push(crate::common::fixture("unrelated"));
    engine.ingest(&files, &mut |_| {}).unwrap();
    assert!(engine.resolve("HOUSEPLANTS-KO:2024").is_ok());
    engine.prepare_expansion().unwrap();
    let queries = load_queries(&root().join("tests/gold/search-queries.json")).unwrap();
    let mut taken = Vec::new();
    for q in &queries {
        let mut request = SearchRequest::new(q.query.clone());
        request.k = 10;
        for hit in engine.search(&request).unwrap().results {
            if hit.standard.starts_with("HOUSEPLANTS") {
                taken.push((q.query.clone(), hit.id));
            }
        }
    }
    assert!(taken.is_empty(), "{} slots: {taken:?}", taken.len());
    // The standards still answer as they do without the guide.
    let scores = evaluate_search(&engine, &queries, &[Mode::Hybrid]).unwrap();
    assert!(scores[0].all.recall_at_10 >= 0.73, "{:?}", scores[0].all);
}

/// Counterpart expansion: a Chinese question finds the GB clause, and the same
/// requirement in every other adoption of IEC 60335-1 comes in through the alignment,
/// each naming the hit it came with (`explain.via`), ranked just below it.
#[test]
fn a_hit_brings_its_aligned_counterparts_in_every_market() {
    // The family's alignments are computed once (a server does this in the
    // background); searches then expand from the cache.
    let gb = engine().resolve("GB 4706.1-2005").unwrap().clone();
    engine().prepare_expansion_of(&gb).unwrap();
    let mut request = SearchRequest::new("电水壶漏电流最大允许多少");
    request.group = true;
    let found = engine().search(&request).unwrap();
    let hits = found.results.clone();
    let rank = |id: &str| hits.iter().position(|h| h.id == id);
    let via: Vec<&stdalign::search::Hit> =
        hits.iter().filter(|h| h.explain.via.is_some()).collect();
    assert!(via.len() >= 3, "{hits:#?}");
    for h in &via {
        let from = h.explain.via.as_deref().unwrap();
        let (from_ref, from_key) = from.split_once('#').unwrap();
        // The counterpart carries the same clause of the same family, in another
        // standard, and its source ranks above it.
        assert_eq!(h.key, from_key, "{h:#?}");
        assert_ne!(h.standard, from_ref);
        // Its source ranks above it (when the per-standard cap kept it on the page).
        if let Some(source) = rank(from) {
            assert!(source < rank(&h.id).unwrap(), "{from} after {}", h.id);
        }
    }
    // The leakage-current requirement reaches at least four markets in the top 10.
    let mut markets: Vec<&str> = hits
        .iter()
        .filter(|h| h.key == "16.2" || h.key == "13.2")
        .map(|h| h.lang.as_str())
        .collect();
    markets.sort();
    markets.dedup();
    assert!(markets.len() >= 4, "{markets:?}");
    // Grouped by requirement: every hit once, each counterpart under the hit it came
    // with, and the Vietnamese leakage-current limit shown as the value it changes.
    let groups = found.groups.unwrap();
    let listed: usize = groups.iter().map(|g| 1 + g.members.len()).sum();
    assert_eq!(listed, hits.len());
    for g in &groups {
        let lead = hits.iter().find(|h| h.id == g.lead).unwrap();
        // A lead came in by itself, or through a hit that is not on this page.
        let via = lead.explain.via.as_deref();
        assert!(via.is_none_or(|v| !hits.iter().any(|h| h.id == v)), "{g:?}");
        for m in &g.members {
            let hit = hits.iter().find(|h| h.id == m.id).unwrap();
            assert_eq!(hit.key, lead.key, "{g:?}");
        }
    }
    // Asked for the limit itself, the group shows the Vietnamese value it changes.
    // The limit's clause (13.2) and its chapter (13, whose heading is the query)
    // lead the first two groups, in either order.
    let mut request = SearchRequest::new("工作温度下的泄漏电流");
    request.group = true;
    let groups = engine().search(&request).unwrap().groups.unwrap();
    let leads: Vec<&str> = groups.iter().take(2).map(|g| g.lead.as_str()).collect();
    assert!(leads.contains(&"GB 4706.1-2005#13"), "{leads:?}");
    let limit = groups
        .iter()
        .take(2)
        .find(|g| g.lead == "GB 4706.1-2005#13.2")
        .unwrap_or_else(|| panic!("{groups:#?}"));
    let vn = limit
        .members
        .iter()
        .find(|m| m.id == "TCVN 5699-1:2010#13.2")
        .unwrap();
    let changed: Vec<(&str, &str)> = vn
        .differences
        .iter()
        .filter(|d| d.kind == stdalign::align::diff::DiffKind::Value)
        .map(|d| (d.left.as_deref().unwrap(), d.right.as_deref().unwrap()))
        .collect();
    assert_eq!(changed, [("0.75 mA", "0,5 mA")]);
}
