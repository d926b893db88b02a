//! PDF ingestion: text extraction on the fixtures in tests/fixtures/pdf/ (made by
//! scripts/pdf-data/make-fixtures.py; their README lists the exact text each must
//! yield, and these tests read it from there), bad PDFs, clause segmentation, and the
//! corpus PDFs checked against their XML twins.

use crate::common::{corpus, root};
use std::path::{Path, PathBuf};
use stdalign::Engine;
use stdalign::ingest;
use stdalign::model::Standard;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/pdf").join(name)
}

fn lines(name: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(fixture(name)).unwrap();
    ingest::pdf_lines(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The code blocks of a fixture's section in the fixtures README, in order.
fn readme_blocks(name: &str) -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(fixture("README.md")).unwrap();
    let start = readme
        .find(&format!("### `{name}`"))
        .unwrap_or_else(|| panic!("{name} not in the fixtures README"));
    let section = &readme[start..];
    let section = &section[..section[4..]
        .find("\n## ")
        .or(section[4..].find("\n### "))
        .map_or(section.len(), |i| i + 4)];
    section
        .split("```text\n")
        .skip(1)
        .map(|b| {
            b[..b.find("```").unwrap()]
                .lines()
                .map(String::from)
                .collect()
        })
        .collect()
}

/// The first blocks of a section are the physical lines of each page.
fn assert_pages_match_readme(name: &str) {
    let got = lines(name);
    let want = readme_blocks(name);
    assert!(
        want.len() >= got.len(),
        "{name}: {} pages, {} blocks",
        got.len(),
        want.len()
    );
    for (page, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{name}, page {}", page + 1);
    }
}

#[test]
fn chinese_fonts_without_tounicode_decode_through_their_predefined_cmaps() {
    // UniGB-UCS2-H, GBK-EUC-H and Identity-H over Adobe-GB1 CIDs: no ToUnicode anywhere.
    for name in [
        "unigb-ucs2-no-tounicode.pdf",
        "gbk-euc-h-no-tounicode.pdf",
        "identity-h-gb1-cids.pdf",
    ] {
        assert_pages_match_readme(name);
    }
    assert_eq!(
        lines("identity-h-gb1-cids.pdf")[0][3],
        "4.2 绝缘电阻不应小于2 MΩ。"
    );
}

#[test]
fn simple_fonts_expand_ligatures_and_map_differences() {
    assert_pages_match_readme("simple-fonts.pdf");
}

#[test]
fn two_column_pages_are_read_column_by_column() {
    assert_pages_match_readme("two-column.pdf");
}

#[test]
fn clauses_come_from_numbering_with_wrapped_lines_and_hyphens_joined() {
    let s = ingest::parse_file(&fixture("simple-fonts.pdf")).unwrap();
    let keys: Vec<&str> = s.clauses.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]);
    let c = s.clauses.iter().find(|c| c.key == "4.4").unwrap();
    assert_eq!(c.parent.as_deref(), Some("4"));
    assert_eq!(
        c.text,
        "Accessible parts shall have double or reinforced insulation over their whole surface."
    );

    let s = ingest::parse_file(&fixture("two-column.pdf")).unwrap();
    let keys: Vec<&str> = s.clauses.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, (1..=12).map(|n| n.to_string()).collect::<Vec<_>>());
    let c = s.clauses.iter().find(|c| c.key == "12").unwrap();
    assert_eq!(c.heading.as_deref(), Some("Leakage current"));
    assert_eq!(
        c.text,
        "The leakage current shall not exceed 0.75 mA for class I portable appliances."
    );
    // The running header and the page numbers are gone.
    assert!(
        s.clauses
            .iter()
            .all(|c| !c.text.contains("Page ") && !c.text.contains("99999-1:2020"))
    );
    assert_eq!(s.info.reference, "PNS IEC 99999-1:2020");
    assert_eq!(s.info.lang, "en");
}

#[test]
fn a_pdf_that_opens_with_the_empty_user_password_is_read() {
    let plain = ingest::parse_file(&fixture("simple-fonts.pdf")).unwrap();
    let locked = ingest::parse_file(&fixture("empty-user-password.pdf")).unwrap();
    assert_eq!(plain.clauses, locked.clauses);
}

#[test]
fn bad_pdfs_are_clear_errors() {
    for (name, says) in [
        ("encrypted.pdf", "encrypted PDF"),
        ("truncated.pdf", "truncated"),
        ("not-a-pdf.pdf", "not a PDF"),
        ("zero-pages.pdf", "no pages"),
        (
            "image-only.pdf",
            "no usable text layer on any of its 1 page(s); OCR needed",
        ),
    ] {
        let no_ocr = ingest::ParseOptions {
            ocr: false,
            ..Default::default()
        };
        let err = ingest::parse_file_with(&fixture(name), &no_ocr).expect_err(name);
        let msg = err.to_string();
        assert!(msg.contains(name), "{msg}");
        assert!(msg.contains(says), "{name}: {msg}");
    }
}

#[test]
fn a_page_in_an_unmappable_font_is_reported_and_the_rest_kept() {
    let no_ocr = ingest::ParseOptions {
        ocr: false,
        ..Default::default()
    };
    let s = ingest::parse_file_with(&fixture("unmappable-font.pdf"), &no_ocr).unwrap();
    // The page, and the missing standard number (the file name stands in, marked).
    assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
    assert!(
        s.warnings[0].starts_with("page 2: skipped"),
        "{:?}",
        s.warnings
    );
    assert!(s.warnings[0].contains("no Unicode mapping"));
    assert!(s.warnings[1].contains("no standard number found"));
    assert_eq!(s.info.reference_from, "file-name");
    let c = &s.clauses[0];
    assert_eq!((c.key.as_str(), c.heading.as_deref()), ("1", Some("Scope")));
    assert_eq!(
        c.text,
        "This page is set in Helvetica and extracts normally."
    );
    assert!(
        s.clauses.iter().all(|c| c.key != "2"),
        "page 2 must not yield text"
    );
}

#[test]
fn one_bad_pdf_does_not_stop_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open(&dir.path().join("index")).unwrap();
    let files: Vec<PathBuf> = [
        "encrypted.pdf",
        "simple-fonts.pdf",
        "truncated.pdf",
        "unmappable-font.pdf",
        "image-only.pdf",
        "two-column.pdf",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect();
    let report = engine.ingest(&files, &mut |_| {}).unwrap();
    let failed: Vec<String> = report
        .failures()
        .map(|e| e.file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(failed, ["encrypted.pdf", "truncated.pdf", "image-only.pdf"]);
    assert_eq!(report.successes().count(), 3);
    assert_eq!(engine.list().len(), 3);
    // One file lost a page (the others may say that they print no standard number).
    let page_warnings = report
        .successes()
        .filter(|s| s.warnings.iter().any(|w| w.starts_with("page ")))
        .count();
    assert_eq!(page_warnings, 1);
}
/// Character-level similarity: 1 − edit distance / longer length.
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f64 / a.len().max(b.len()) as f64
}

/// The corpus PDFs that are renditions of an XML document, with that document.
fn twins() -> Vec<(PathBuf, PathBuf)> {
    let dir = corpus().join("pdf");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let pdf = e.unwrap().path();
        if !ingest::is_pdf(&pdf) {
            continue;
        }
        let xml = corpus().join(Path::new(pdf.file_name().unwrap()).with_extension("xml"));
        if xml.exists() {
            out.push((pdf, xml));
        }
    }
    out.sort();
    out
}

fn compare(pdf: &Standard, xml: &Standard) -> (f64, Vec<String>) {
    let mut problems = Vec::new();
    let mut found = 0;
    for x in &xml.clauses {
        let Some(p) = pdf.clauses.iter().find(|p| p.key == x.key) else {
            problems.push(format!("{}: missing", x.key));
            continue;
        };
        found += 1;
        let sim = similarity(&p.text, &x.text);
        if sim < 0.95 {
            problems.push(format!(
                "{}: similarity {sim:.3}\n  pdf: {}\n  xml: {}",
                x.key, p.text, x.text
            ));
        }
    }
    (found as f64 / xml.clauses.len() as f64, problems)
}

#[test]
fn corpus_pdfs_yield_the_clauses_of_their_xml_twins() {
    let pairs = twins();
    assert!(
        pairs.len() >= 4,
        "expected at least four PDF renditions, found {pairs:?}"
    );
    for (pdf, xml) in pairs {
        let p = ingest::parse_file(&pdf).unwrap_or_else(|e| panic!("{e}"));
        let x = ingest::parse_file(&xml).unwrap();
        let (coverage, problems) = compare(&p, &x);
        let bad: Vec<&String> = problems
            .iter()
            .filter(|p| !p.ends_with("missing"))
            .collect();
        assert!(
            coverage >= 0.98,
            "{}: {coverage:.3} of the XML clause keys\n{}",
            pdf.display(),
            problems.join("\n")
        );
        assert!(
            bad.is_empty(),
            "{}:\n{}",
            pdf.display(),
            problems.join("\n")
        );
        // The cover's metadata matches the XML's.
        assert_eq!(p.info.reference, x.info.reference, "{}", pdf.display());
        assert_eq!(p.info.lang, x.info.lang, "{}", pdf.display());
        assert_eq!(p.info.ics, x.info.ics, "{}", pdf.display());
        assert_eq!(p.info.adoptions, x.info.adoptions, "{}", pdf.display());
        assert_eq!(
            p.info.titles.get(&x.info.lang),
            x.info.titles.get(&x.info.lang),
            "{}",
            pdf.display()
        );
    }
}

/// A scan of two body pages of the Thai corpus standard (rendered from our own PDF at
/// 200 dpi, JPEG, no text layer) is read by OCR: the identity from the running
/// header, every clause with the heading its XML twin gives.
#[test]
fn a_thai_scan_is_read_by_ocr_into_the_clauses_of_its_twin() {
    if !crate::common::thai_ocr_or_skip() {
        return;
    }
    let cache = tempfile::tempdir().unwrap();
    let options = ingest::ParseOptions {
        ocr_cache: Some(cache.path().to_path_buf()),
        ..Default::default()
    };
    let s = ingest::parse_file_with(&fixture("thai-scan.pdf"), &options).unwrap();
    assert_eq!(s.info.reference, "มอก. 60335 เล่ม 1-2563");
    assert_eq!(s.info.reference_from, "header");
    assert_eq!(s.info.country, "TH");
    let twin = ingest::parse_file(&corpus().join("tis-60335-1-2563.xml")).unwrap();
    let keys: Vec<&str> = s.clauses.iter().map(|c| c.key.as_str()).collect();
    let expected = [
        "1", "2", "3", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "4", "5", "5.1",
    ];
    assert_eq!(keys, expected);
    for c in &s.clauses {
        assert!(c.ocr && c.ocr_confidence.is_some(), "{}", c.key);
        let want = twin
            .clauses
            .iter()
            .find(|t| t.key == c.key)
            .and_then(|t| t.heading.clone())
            .unwrap_or_default();
        let got = c.heading.clone().unwrap_or_default();
        assert!(
            similarity(&want, &got) >= 0.8,
            "{}: '{got}' vs '{want}'",
            c.key
        );
    }
}

/// A ToUnicode CMap holding a non-ASCII word used to panic the CMap reader (caught per
/// page, so the page was lost): the page is read now (third-party reproducer in
/// `../shared/fixtures/hostile/pdf/`).
#[test]
fn a_cmap_with_a_non_ascii_word_costs_no_page() {
    let Some(path) = crate::common::shared_fixture("hostile/pdf/tounicode-nonascii-word.pdf")
    else {
        return;
    };
    let no_ocr = ingest::ParseOptions {
        ocr: false,
        ..Default::default()
    };
    let s = ingest::parse_file_with(&path, &no_ocr).unwrap();
    assert!(!s.clauses.is_empty());
    assert!(
        s.warnings.iter().all(|w| !w.starts_with("page ")),
        "{:?}",
        s.warnings
    );
}
