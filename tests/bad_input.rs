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

/// The hostile inputs of issue 18 (items 3 and 5) from `../shared/fixtures/hostile/`,
/// which is not shipped: each test says so and passes where it is absent.
mod hostile {
    use crate::common::{clause, shared_fixture};
    use std::path::PathBuf;
    use stdalign::ingest::{ParseOptions, Reason, parse_bytes, parse_file, parse_file_with};

    fn hostile(name: &str) -> Option<PathBuf> {
        shared_fixture(&format!("hostile/{name}"))
    }

    fn refused(path: &std::path::Path) -> Reason {
        let err = parse_file(path).expect_err("refused");
        assert_eq!(err.file, path, "the error names the file");
        err.reason
    }

    // GB18030 bytes under `encoding="ISO-8859-1"` were ingested silently as mojibake.
    #[test]
    fn gb18030_declared_as_latin1_is_read_as_gb18030_with_a_warning() {
        let Some(path) = hostile("xml/gb18030-declared-ISO-8859-1.xml") else {
            return;
        };
        let s = parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.info.reference, "GB 90080-2020");
        let c = clause(&s, "1");
        assert_eq!(c.heading.as_deref(), Some("泄漏电流"));
        // Two-byte, four-byte (U+20000) and symbol sequences all decoded.
        assert_eq!(c.text, "泄漏电流不应超过 0.75 mA，𠀀 € ·");
        let w = &s.warnings[0];
        assert!(
            w.contains("\"ISO-8859-1\"") && w.contains("GB18030"),
            "{:?}",
            s.warnings
        );
    }

    // UTF-16 without a byte-order mark was refused as "binary data".
    #[test]
    fn utf16le_without_a_byte_order_mark_is_read() {
        let Some(path) = hostile("xml/utf16le-nobom.xml") else {
            return;
        };
        let s = parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.info.reference, "GB 90070-2020");
        let c = clause(&s, "1");
        assert_eq!(c.heading.as_deref(), Some("泄漏电流"));
        assert_eq!(c.text, "泄漏电流不应超过 0.75 mA");
        // It declares UTF-16, which is what it is.
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    }

    // UTF-32 with a byte-order mark was refused as "unknown root element < ? x m l >".
    #[test]
    fn utf32le_with_a_byte_order_mark_is_read_and_its_false_declaration_reported() {
        let Some(path) = hostile("xml/utf32le-bom.xml") else {
            return;
        };
        let s = parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let c = clause(&s, "1");
        assert_eq!(c.heading.as_deref(), Some("泄漏电流"));
        assert_eq!(c.text, "泄漏电流不应超过 0.75 mA");
        let w = s.warnings.join("\n");
        assert!(w.contains("\"UTF-16\"") && w.contains("UTF-32LE"), "{w}");
    }

    // A second DOCTYPE was accepted and redefined the entities of the first.
    #[test]
    fn a_second_doctype_is_refused() {
        let Some(path) = hostile("xml/second-doctype.xml") else {
            return;
        };
        let r = refused(&path);
        assert!(
            matches!(r, Reason::SecondDoctype { line: 3, first: 2 }),
            "{r}"
        );
        assert!(r.to_string().contains("second document type declaration"));
    }

    /// A correctly declared Latin-1 document is not taken for mojibake.
    #[test]
    fn a_genuine_latin1_document_is_read_as_declared_without_a_warning() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n\
            <standard xml:lang=\"fr\"><front><std-meta><std-ref type=\"dated\">NF EN 60335-1:2013\
            </std-ref></std-meta></front><body><sec><label>13</label><title>Courant de fuite et \
            rigidit\xE9 di\xE9lectrique \xE0 la temp\xE9rature de r\xE9gime</title><p>"
            .to_vec();
        bytes.extend(
            b"Le courant de fuite ne doit pas d\xE9passer 0,75 mA \xE0 40 \xB0C \xB1 2 \xB0C; \
              \xAB appareils \xE9lectrodomestiques \xBB, Gr\xF6\xDFe, \xE7a, na\xEFve, \xC5ngstr\xF6m.",
        );
        bytes.extend(b"</p></sec></body></standard>\n");
        let s = parse_bytes(std::path::Path::new("latin1.xml"), &bytes).unwrap();
        let c = clause(&s, "13");
        assert_eq!(
            c.heading.as_deref(),
            Some("Courant de fuite et rigidité diélectrique à la température de régime")
        );
        assert!(
            c.text
                .contains("0,75 mA à 40 °C ± 2 °C; « appareils électrodomestiques »")
        );
        assert!(c.text.contains("Größe, ça, naïve, Ångström."));
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    }

    /// External entities, entity bombs and quadratic blow-ups stay refused or
    /// unexpanded.
    #[test]
    fn entity_attacks_stay_refused_or_unexpanded() {
        let Some(dir) = hostile("xml") else { return };
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("xxe-") || n.contains("laughs") || n.contains("quadratic"))
            .collect();
        names.sort();
        assert!(names.len() >= 10, "{names:?}");
        for name in names {
            match parse_file(&dir.join(&name)) {
                Err(e) => assert!(
                    matches!(
                        e.reason,
                        Reason::ExternalEntity { .. }
                            | Reason::EntityLimit { .. }
                            | Reason::UndefinedEntity { .. }
                            | Reason::Malformed { .. }
                    ),
                    "{name}: {e}"
                ),
                Ok(s) => {
                    let text: usize = s.clauses.iter().map(|c| c.text.len()).sum();
                    let all: String = s
                        .clauses
                        .iter()
                        .flat_map(|c| [c.text.as_str(), c.heading.as_deref().unwrap_or("")])
                        .chain([s.info.reference.as_str()])
                        .collect();
                    assert!(text < 10_000, "{name}: {text} bytes of text");
                    assert!(!all.contains("root:"), "{name} read a local file");
                }
            }
        }
    }

    /// The two ~200 MB files of `make-big-xml.py`: refused at the clause limit
    /// within seconds, before memory grows (the deep one took 20 GB). Slow and large,
    /// so not in the default run:
    /// `cargo test --release --test main big_generated -- --ignored --nocapture`
    #[test]
    #[ignore = "writes 400 MB to a temporary folder; run with --ignored"]
    fn big_generated_files_are_refused_at_the_clause_limit() {
        let Some(script) = hostile("make-big-xml.py") else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("python3")
            .arg(&script)
            .arg(dir.path())
            .status()
            .expect("python3 runs");
        assert!(status.success());
        for name in ["big-unlabelled-deep.xml", "big-labelled.xml"] {
            let started = std::time::Instant::now();
            let r = refused(&dir.path().join(name));
            eprintln!("{name}: {r} ({:?})", started.elapsed());
            assert!(
                matches!(r, Reason::TooManyClauses { limit: 200_000 }),
                "{name}: {r}"
            );
        }
        // Under a lower size limit, refused before it is read.
        let options = ParseOptions {
            max_bytes: 100 << 20,
            ..Default::default()
        };
        let err = parse_file_with(&dir.path().join("big-labelled.xml"), &options).unwrap_err();
        assert!(matches!(err.reason, Reason::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("--max-file-mb"), "{err}");
    }
}
