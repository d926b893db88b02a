//! `stdalign bench --real-pdfs DIR`: how fast real PDFs are read, text layers and OCR
//! apart. Text PDFs are read without OCR (pages per second of extraction, layout and
//! clause reading); files with pages that need OCR are then read with it and a fresh
//! cache, so every OCR'd page is rendered and recognised (seconds per page).

use crate::ingest::{self, ParseOptions};
use crate::{Error, Result};
use serde::Serialize;
use std::fmt;
use std::path::Path;
use std::time::Instant;

/// Measured figures.
#[derive(Debug, Serialize)]
pub struct RealPdfReport {
    /// PDFs read from their text layer.
    pub text_files: usize,
    /// Their pages with text.
    pub text_pages: usize,
    /// Text pages per second.
    pub text_pages_per_s: f64,
    /// Files with pages read by OCR.
    pub ocr_files: usize,
    /// Pages read by OCR.
    pub ocr_pages: usize,
    /// Wall seconds per OCR'd page (pages run two at a time).
    pub ocr_seconds_per_page: f64,
}

/// Reads every PDF in `dir` (not recursively into other formats).
pub fn run_real_pdfs(dir: &Path, log: &mut dyn FnMut(&str)) -> Result<RealPdfReport> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| ingest::is_pdf(p))
        .collect();
    files.sort();
    let no_ocr = ParseOptions {
        ocr: false,
        ..Default::default()
    };
    let (mut text_files, mut text_pages, mut text_secs) = (0, 0, 0.0);
    let mut needs_ocr = Vec::new();
    log("reading text PDFs…");
    for path in &files {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let pages = ingest::pdf_lines(&bytes).map_or(0, |p| p.len());
        let t = Instant::now();
        let parsed = ingest::parse_bytes_with(path, &bytes, &no_ocr);
        let secs = t.elapsed().as_secs_f64();
        let skipped = match &parsed {
            Ok(s) => s.warnings.iter().any(|w| w.contains("(OCR is off)")),
            Err(_) => true,
        };
        if skipped {
            needs_ocr.push((path.clone(), bytes));
        }
        if parsed.is_ok() && pages > 0 {
            text_files += 1;
            text_pages += pages;
            text_secs += secs;
        }
    }
    let (mut ocr_files, mut ocr_pages, mut ocr_secs) = (0, 0, 0.0);
    for (path, bytes) in &needs_ocr {
        log(&format!("OCR of {}…", path.display()));
        let cache = tempfile::tempdir().map_err(|e| Error::io(path, e))?;
        let options = ParseOptions {
            ocr: true,
            ocr_cache: Some(cache.path().to_path_buf()),
            ..Default::default()
        };
        let t = Instant::now();
        let Ok(s) = ingest::parse_bytes_with(path, bytes, &options) else {
            continue;
        };
        let pages = s
            .warnings
            .iter()
            .filter(|w| w.contains("read by OCR"))
            .count();
        if pages > 0 {
            ocr_files += 1;
            ocr_pages += pages;
            ocr_secs += t.elapsed().as_secs_f64();
        }
    }
    Ok(RealPdfReport {
        text_files,
        text_pages,
        text_pages_per_s: text_pages as f64 / text_secs.max(1e-9),
        ocr_files,
        ocr_pages,
        ocr_seconds_per_page: ocr_secs / ocr_pages.max(1) as f64,
    })
}

impl fmt::Display for RealPdfReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "real PDFs, text layer: {} files, {} pages, {:.0} pages/s",
            self.text_files, self.text_pages, self.text_pages_per_s
        )?;
        write!(
            f,
            "real PDFs, OCR: {} files, {} pages, {:.1} s/page ({:.2} pages/s)",
            self.ocr_files,
            self.ocr_pages,
            self.ocr_seconds_per_page,
            1.0 / self.ocr_seconds_per_page.max(1e-9)
        )
    }
}
