//! Real standards PDFs as they circulate (third-party, in `../shared/fixtures/real-pdf/`
//! with a hand-checked `gold.json`): identity and cover metadata, clause keys with
//! their headings, and sample texts, scored by `stdalign::eval::pdf` (the scorer of
//! `stdalign eval pdf`). The text PDFs are read without OCR; the scanned GB/T is read
//! by Tesseract (7 pages). Skipped with a message where `../shared` or Tesseract is
//! absent; `scripts/test.sh` installs Tesseract and sets `STDALIGN_REQUIRE_OCR=1`.

use crate::common::root;
use std::path::PathBuf;
use stdalign::eval::pdf::{GoldPdf, PdfScore, load_gold, score_pdf};
use stdalign::ingest::{self, ParseOptions};

fn gold() -> Option<(PathBuf, Vec<GoldPdf>)> {
    let path = root().join("../shared/fixtures/real-pdf/gold.json");
    if !path.exists() {
        eprintln!(
            "skipped: {} is absent (third-party fixtures in ../shared)",
            path.display()
        );
        return None;
    }
    let gold = load_gold(&path).unwrap();
    Some((path.parent().unwrap().to_path_buf(), gold))
}

fn ocr_available() -> bool {
    let found = std::process::Command::new("tesseract")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        && std::process::Command::new("pdftoppm")
            .arg("-v")
            .output()
            .is_ok();
    if !found {
        assert!(
            std::env::var_os("STDALIGN_REQUIRE_OCR").is_none(),
            "Tesseract or pdftoppm missing: run scripts/setup-ocr.sh"
        );
        eprintln!("skipped: Tesseract or pdftoppm is not installed (scripts/setup-ocr.sh)");
    }
    found
}

fn check(score: &PdfScore, min_sample: f64) {
    let bad: Vec<String> = score
        .fields
        .iter()
        .filter(|f| !f.ok)
        .map(|f| format!("{}: '{}' (gold '{}')", f.field, f.found, f.expected))
        .collect();
    let must = [
        "reference",
        "printed_reference",
        "published",
        "effective",
        "ics",
        "replaces",
    ];
    assert!(
        !score
            .fields
            .iter()
            .any(|f| !f.ok && (must.contains(&f.field.as_str()) || f.field == "titles.en")),
        "{}: {bad:?}",
        score.file
    );
    assert!(
        score.heading_recall() >= 0.95,
        "{}: {}/{} keys with headings; missed {:?}",
        score.file,
        score.headings_found,
        score.keys_total,
        score.missed
    );
    assert!(
        score.sample_mean() >= min_sample,
        "{}: sample similarity {:.3} {:?}",
        score.file,
        score.sample_mean(),
        score.samples
    );
}

#[test]
fn real_text_pdfs_match_their_gold() {
    let Some((dir, gold)) = gold() else { return };
    let options = ParseOptions {
        ocr: false,
        ..Default::default()
    };
    let mut read = 0;
    for g in gold.iter().filter(|g| !g.scanned) {
        let s =
            ingest::parse_file_with(&dir.join(&g.file), &options).unwrap_or_else(|e| panic!("{e}"));
        let score = score_pdf(g, &s, 0.0);
        check(&score, 0.95);
        // Chinese titles are read from the cover, in their language.
        if let Some(zh) = g.titles.get("zh") {
            let found = s.info.titles.get("zh").map(String::as_str).unwrap_or("");
            assert!(
                stdalign::eval::pdf::similarity(zh, found) >= 0.95,
                "{}: zh title '{found}'",
                g.file
            );
        }
        read += 1;
    }
    assert!(read >= 6, "only {read} text PDFs in the gold");
}

#[test]
fn identity_never_comes_from_a_cited_standard_or_the_file_name() {
    let Some((dir, gold)) = gold() else { return };
    let options = ParseOptions {
        ocr: false,
        ..Default::default()
    };
    for g in gold.iter().filter(|g| !g.scanned) {
        let s = ingest::parse_file_with(&dir.join(&g.file), &options).unwrap();
        // Every foreword cites GB/T 1.1; none of these standards is it.
        assert!(!s.info.reference.starts_with("GB/T 1.1"), "{}", g.file);
        assert_ne!(s.info.reference_from, "file-name", "{}", g.file);
        assert!(
            matches!(s.info.reference_from.as_str(), "cover" | "header"),
            "{}: read from {}",
            g.file,
            s.info.reference_from
        );
        // Latin words inside Chinese text keep their spaces.
        if g.file.starts_with("GB_T_28181") {
            let en = s.info.titles.get("en").cloned().unwrap_or_default();
            assert!(en.contains("video surveillance network system"), "{en}");
            let c = s.clauses.iter().find(|c| c.key == "4.1").unwrap();
            assert_eq!(c.heading.as_deref(), Some("SIP 监控域互联结构"));
        }
        // Term entries keep the Chinese term as heading and the English one apart.
        if g.file.starts_with("GB_T_19056") {
            let c = s.clauses.iter().find(|c| c.key == "3.5").unwrap();
            assert_eq!(c.heading.as_deref(), Some("连续驾驶时间"));
            assert_eq!(
                c.equivalents.get("en").map(String::as_str),
                Some("continuous driving time")
            );
        }
    }
}

#[test]
fn a_scanned_standard_is_read_by_ocr() {
    let Some((dir, gold)) = gold() else { return };
    if !ocr_available() {
        return;
    }
    let g = gold
        .iter()
        .find(|g| g.file.starts_with("GB_T_32960.1"))
        .expect("the scanned GB/T 32960.1 in the gold");
    let cache = tempfile::tempdir().unwrap();
    let options = ParseOptions {
        ocr: true,
        ocr_cache: Some(cache.path().to_path_buf()),
        ..Default::default()
    };
    let s = ingest::parse_file_with(&dir.join(&g.file), &options).unwrap();
    let score = score_pdf(g, &s, 0.0);
    check(&score, 0.85);
    assert!(
        s.clauses
            .iter()
            .filter(|c| c.key != "foreword")
            .all(|c| c.ocr && c.ocr_confidence.is_some_and(|x| x > 50.0)),
        "clauses read by OCR are marked with Tesseract's confidence"
    );
    assert!(s.warnings.iter().any(|w| w.contains("read by OCR")));
    // A second reading comes from the cache: the same text.
    let again = ingest::parse_file_with(&dir.join(&g.file), &options).unwrap();
    assert_eq!(again.clauses, s.clauses);
}
