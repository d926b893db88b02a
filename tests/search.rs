//! Keyword search quality on the shipped corpus: Chinese and Thai segmentation,
//! Vietnamese without diacritics, filters and pagination.

use crate::common::corpus_engine;
use stdalign::search::Mode;
use stdalign::{Error, SearchRequest};

/// Keyword mode: these tests measure the keyword index on its own.
fn request(query: &str) -> SearchRequest {
    SearchRequest::new(query).with_mode(Mode::Keyword)
}

#[test]
fn chinese_query_returns_the_gb_leakage_current_clause_first() {
    let (_dir, engine) = corpus_engine();
    let hits = engine.search(&request("泄漏电流")).unwrap().results;
    assert_eq!(hits[0].standard, "GB 4706.1-2005");
    assert!(
        hits[0].heading.as_deref().unwrap().contains("泄漏电流"),
        "{:?}",
        hits[0]
    );
    let keys: Vec<&str> = hits.iter().take(4).map(|h| h.key.as_str()).collect();
    for k in ["13.2", "16.2"] {
        assert!(keys.contains(&k), "{keys:?}");
    }
    // A compound query finds the words inside clauses too.
    let hits = engine.search(&request("电气强度试验电压")).unwrap().results;
    assert!(
        hits.iter()
            .take(3)
            .any(|h| h.key == "13.3" || h.key == "16.3"),
        "{hits:?}"
    );
}

#[test]
fn thai_query_returns_the_thai_clause() {
    let (_dir, engine) = corpus_engine();
    let hits = engine.search(&request("กระแสรั่ว")).unwrap().results;
    assert_eq!(hits[0].lang, "th");
    assert_eq!(hits[0].standard, "มอก. 60335 เล่ม 1-2563");
    assert!(hits[0].heading.as_deref().unwrap().contains("กระแสรั่ว"));
    let hits = engine.search(&request("อุณหภูมิโดยรอบ")).unwrap().results;
    assert_eq!(
        (hits[0].standard.as_str(), hits[0].key.as_str()),
        ("มอก. 60335 เล่ม 1-2563", "5.1")
    );
}

#[test]
fn vietnamese_typed_without_diacritics_finds_the_vietnamese_clause() {
    let (_dir, engine) = corpus_engine();
    // Typed without any mark, the query is searched with them restored.
    let plain = engine.search(&request("dong dien ro")).unwrap();
    assert_eq!(plain.restored.as_deref(), Some("dòng điện rò"));
    let plain = plain.results;
    assert_eq!(plain[0].lang, "vi");
    assert!(
        plain[0]
            .heading
            .as_deref()
            .unwrap()
            .starts_with("Dòng điện rò"),
        "{:?}",
        plain[0]
    );
    let exact = engine.search(&request("dòng điện rò")).unwrap();
    assert_eq!(exact.restored, None);
    assert_eq!(exact.results[0].id, plain[0].id);
    // Partly marked, it is taken as typed: the bare words match the folded field,
    // and the exact spelling, scoring on both fields, ranks the same clause higher.
    let partly = engine.search(&request("dòng dien ro")).unwrap();
    assert_eq!(partly.restored, None);
    assert_eq!(partly.results[0].id, plain[0].id);
    assert!(
        exact.results[0].score > partly.results[0].score * 1.2,
        "{} vs {}",
        exact.results[0].score,
        partly.results[0].score
    );
}

#[test]
fn indonesian_and_malay_are_told_apart_by_the_language_filter() {
    let (_dir, engine) = corpus_engine();
    let mut r = request("arus bocor");
    let all = engine.search(&r).unwrap().results;
    assert!(all.iter().any(|h| h.lang == "id") && all.iter().any(|h| h.lang == "ms"));
    r.langs = vec!["ms".into()];
    let ms = engine.search(&r).unwrap().results;
    assert!(
        !ms.is_empty()
            && ms
                .iter()
                .all(|h| h.lang == "ms" && h.standard == "MS IEC 60335-1:2012")
    );
}

#[test]
fn body_and_standard_filters() {
    let (_dir, engine) = corpus_engine();
    for body in ["TISI", "tis", "มอก."] {
        let mut r = request("IEC 60529");
        r.bodies = vec![body.into()];
        let hits = engine.search(&r).unwrap().results;
        assert!(!hits.is_empty(), "{body}");
        assert!(hits.iter().all(|h| h.lang == "th"), "{body}: {hits:?}");
    }
    let mut r = request("IEC 61032");
    r.standards = vec!["gb 4943.1".into()];
    let hits = engine.search(&r).unwrap().results;
    assert!(!hits.is_empty() && hits.iter().all(|h| h.standard == "GB 4943.1-2022"));
    r.standards = vec!["GB 1".into()];
    assert!(matches!(engine.search(&r), Err(Error::UnknownStandard(_))));
}

#[test]
fn pagination_continues_where_the_first_page_ended() {
    let (_dir, engine) = corpus_engine();
    let mut r = request("IEC 60335-1");
    r.k = 10;
    let ten = engine.search(&r).unwrap().results;
    assert_eq!(ten.len(), 10);
    r.k = 5;
    r.offset = 5;
    let page2 = engine.search(&r).unwrap().results;
    let ids: Vec<&str> = page2.iter().map(|h| h.id.as_str()).collect();
    let expected: Vec<&str> = ten[5..].iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, expected);
}

#[test]
fn empty_query_is_a_user_error() {
    let (_dir, engine) = corpus_engine();
    let err = engine.search(&request("  ")).unwrap_err();
    assert!(matches!(err, Error::InvalidQuery(_)) && err.is_user_error());
}

/// The term table groups the terms the standards define across languages (the term
/// clauses the aligner pairs within a family), and keyword search then reaches
/// other languages' clauses through it.
#[test]
fn defined_terms_bridge_keyword_search_across_languages() {
    let (_dir, engine) = corpus_engine();
    let mut r = request("额定电压");
    r.langs = vec!["vi".into()];
    // Before the table is built, Chinese words match no Vietnamese clause.
    assert!(engine.search(&r).unwrap().results.is_empty());

    let table = engine.terms().unwrap();
    let groups = table.lookup("dien ap danh dinh");
    assert_eq!(groups.len(), 1, "{groups:?}");
    let texts: Vec<(&str, &str)> = groups[0]
        .terms
        .iter()
        .map(|t| (t.lang.as_str(), t.text.as_str()))
        .collect();
    for want in [
        ("zh", "额定电压"),
        ("vi", "điện áp danh định"),
        ("th", "แรงดันไฟฟ้าที่กำหนด"),
        ("ms", "voltan berkadar"),
        ("id", "tegangan pengenal"),
    ] {
        assert!(texts.contains(&want), "{want:?} missing from {texts:?}");
    }
    // Cement terms are a group of their own, not joined to the appliance terms.
    assert!(
        !texts.iter().any(|(_, t)| t.contains("xi măng")),
        "{texts:?}"
    );

    let found = engine.search(&r).unwrap();
    assert!(
        found.equivalents.iter().any(|e| e == "điện áp danh định"),
        "{:?}",
        found.equivalents
    );
    assert_eq!(found.results[0].standard, "TCVN 5699-1:2010");
    assert_eq!(found.results[0].key, "3.1");
}
