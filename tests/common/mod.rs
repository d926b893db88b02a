//! Shared helpers: paths, parsing, and an index holding the shipped corpus.

use std::path::{Path, PathBuf};
use stdalign::Engine;
use stdalign::model::{Clause, Standard};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus() -> PathBuf {
    root().join("standards-corpus")
}

/// The ten XML documents of the corpus (without the PDFs in `pdf/`): what the gold
/// queries and alignments were written for.
pub fn corpus_xml() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// The third-party ISO STS samples in `../shared/fixtures/sts`, when present.
pub fn shared_sts(name: &str) -> Option<PathBuf> {
    shared_fixture(&format!("sts/{name}"))
}

/// A third-party fixture under `../shared/fixtures/`, when present. They are not
/// shipped with the repository; tests that need them say so and skip.
pub fn shared_fixture(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared/fixtures").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (third-party fixture in ../shared)",
            p.display()
        );
        None
    }
}

pub fn parse(path: &Path) -> Standard {
    stdalign::ingest::parse_file(path).unwrap_or_else(|e| panic!("{e}"))
}

pub fn parse_corpus(name: &str) -> Standard {
    parse(&corpus().join(name))
}

pub fn clause<'a>(s: &'a Standard, key: &str) -> &'a Clause {
    s.clauses
        .iter()
        .find(|c| c.key == key)
        .unwrap_or_else(|| panic!("{} has no clause {key}", s.info.reference))
}

/// A fresh index in a temporary folder.
pub fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&dir.path().join("index")).unwrap();
    (dir, engine)
}

/// A fresh index holding the shipped corpus.
pub fn corpus_engine() -> (tempfile::TempDir, Engine) {
    let (dir, mut engine) = engine();
    let report = engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    assert_eq!(
        report.failures().count(),
        0,
        "{:?}",
        report.failures().collect::<Vec<_>>()
    );
    (dir, engine)
}

/// Whether Tesseract with Thai is installed, for the tests that OCR the Thai scan.
/// Absent, they say they are skipped, unless `STDALIGN_REQUIRE_OCR` demands it (CI).
pub fn thai_ocr_or_skip() -> bool {
    let ocr = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("tha"))
        .unwrap_or(false);
    if !ocr {
        assert!(
            std::env::var_os("STDALIGN_REQUIRE_OCR").is_none(),
            "Tesseract with Thai missing: run scripts/setup-ocr.sh"
        );
        eprintln!("skipped: Tesseract with Thai is not installed (scripts/setup-ocr.sh)");
    }
    ocr
}
