//! Every kind of bad input yields a clear error naming the file and the reason, never
//! a panic, and the rest of a batch is still ingested.

use crate::common::{clause, engine, fixture, parse};
use stdalign::ingest::{Reason, parse_file};

fn reason(name: &str) -> (std::path::PathBuf, Reason) {
    let path = fixture(&format!("bad/{name}"));
    let err = parse_file(&path).expect_err(name);
    assert_eq!(err.file, path, "the error names the file");
    assert!(err.to_string().starts_with(&path.display().to_string()));
    (path, err.reason)
}

#[test]
fn malformed_xml_names_the_line() {
    let (_, r) = reason("malformed.xml");
    assert!(matches!(r, Reason::Malformed { line: 3, .. }), "{r}");
}

#[test]
fn truncated_file_names_the_open_element() {
    let (_, r) = reason("truncated.xml");
    assert!(
        matches!(&r, Reason::Truncated { element, line: 5 } if element == "p"),
        "{r}"
    );
}

#[test]
fn empty_file() {
    assert!(matches!(reason("empty.xml").1, Reason::Empty));
}

#[test]
fn binary_garbage() {
    assert!(matches!(reason("garbage.bin").1, Reason::Binary));
}

#[test]
fn entity_bomb_stops_at_the_limit() {
    let (_, r) = reason("entity-bomb.xml");
    assert!(matches!(r, Reason::EntityLimit { line: 14, .. }), "{r}");
}

#[test]
fn xxe_is_refused_without_reading_the_file() {
    let (_, r) = reason("xxe.xml");
    assert!(
        matches!(&r, Reason::ExternalEntity { name, .. } if name == "xxe"),
        "{r}"
    );
    assert!(r.to_string().contains("never reads external files"));
}

#[test]
fn unknown_root_element() {
    assert!(matches!(reason("unknown-root.xml").1, Reason::UnknownRoot(ref e) if e == "html"));
}

#[test]
fn unknown_encoding() {
    assert!(
        matches!(reason("unknown-encoding.xml").1, Reason::UnknownEncoding(ref e) if e == "x-klingon-8")
    );
}

#[test]
fn gbk_declared_file_decodes_and_detects_its_double_number_adoption() {
    let s = parse(&fixture("good/gbk-declared.xml"));
    assert_eq!(s.info.reference, "GB/T 19001-2016/ISO 9001:2015");
    assert!(
        clause(&s, "1")
            .text
            .contains("质量管理体系要求—适用于各类组织")
    );
    assert!(clause(&s, "4").text.contains("40°C"));
    assert_eq!(s.info.adoptions.len(), 1);
    assert_eq!(s.info.adoptions[0].reference, "ISO 9001:2015");
}

#[test]
fn bom_and_crlf_decode() {
    let s = parse(&fixture("good/bom-crlf.xml"));
    assert_eq!(s.info.reference, "GB/T 19001-2016");
    assert!(!clause(&s, "4").text.contains('\r'));
    // Adoption from the foreword text alone (no double number here).
    assert_eq!(s.info.adoptions[0].reference, "ISO 9001:2015");
}

#[test]
fn a_batch_with_every_bad_file_still_ingests_the_good_ones() {
    let (_dir, mut engine) = engine();
    let report = engine
        .ingest(
            &[
                fixture("bad"),
                fixture("good/gbk-declared.xml"),
                fixture("nonexistent.xml"),
            ],
            &mut |_| {},
        )
        .unwrap();
    // Folders are walked for .xml files: every bad .xml plus the missing path fail.
    let failed: Vec<String> = report
        .failures()
        .map(|e| e.file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in [
        "empty.xml",
        "entity-bomb.xml",
        "malformed.xml",
        "truncated.xml",
        "unknown-encoding.xml",
        "unknown-root.xml",
        "xxe.xml",
        "nonexistent.xml",
    ] {
        assert!(
            failed.contains(&name.to_string()),
            "{name} not reported: {failed:?}"
        );
    }
    assert_eq!(report.successes().count(), 1);
    assert_eq!(engine.list().len(), 1);
    assert_eq!(engine.list()[0].reference, "GB/T 19001-2016/ISO 9001:2015");
}
