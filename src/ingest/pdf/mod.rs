//! PDF standards: text extracted with lopdf ([`fonts`], [`extract`]), laid out into
//! lines ([`layout`]) and read as a standard ([`structure`]).
//!
//! Damaged files, encryption, missing text layers and unmappable fonts are errors or
//! warnings naming the file and page. Each page is extracted under `catch_unwind`, so
//! a page that trips a bug in a dependency costs that page, not the batch.

mod extract;
mod fonts;
mod layout;
pub mod ocr;
mod std14;
mod structure;

use super::{ParseOptions, Reason};
use crate::model::{Source, Standard};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Share of a page's glyphs that may be unmapped before the page is given up.
const UNMAPPED_PAGE: f32 = 0.3;

/// Parses a PDF standard.
pub(super) fn parse(
    path: &Path,
    bytes: &[u8],
    source: Source,
    _options: &ParseOptions,
) -> Result<Standard, Reason> {
    let (mut pages, warnings) = read_pages(bytes)?;
    let running = structure::drop_running_lines(&mut pages);
    let mut standard = structure::build(path, &pages, &running, source)?;
    standard.warnings.splice(0..0, warnings);
    Ok(standard)
}

/// Each page's lines as text.
pub(super) fn lines(bytes: &[u8]) -> Result<Vec<Vec<String>>, Reason> {
    let (pages, _) = read_pages(bytes)?;
    Ok(pages
        .into_iter()
        .map(|p| p.lines.into_iter().map(|l| l.text).collect())
        .collect())
}

/// Loads the document and lays out every page it can read; warnings name the pages
/// it could not.
fn read_pages(bytes: &[u8]) -> Result<(Vec<structure::PageLines>, Vec<String>), Reason> {
    let doc = catch_unwind(|| lopdf::Document::load_mem(bytes))
        .map_err(|_| Reason::PdfDamaged("the PDF parser failed on this file".into()))?
        .map_err(|e| match e {
            lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => Reason::PdfEncrypted,
            other if other.to_string().to_lowercase().contains("encrypt") => Reason::PdfEncrypted,
            other => Reason::PdfDamaged(other.to_string()),
        })?;
    if doc.is_encrypted() {
        return Err(Reason::PdfEncrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(Reason::PdfNoPages);
    }
    let mut warnings = Vec::new();
    let mut laid_out = Vec::with_capacity(pages.len());
    let mut fonts = extract::FontCache::default();
    let (mut glyphs, mut images) = (0usize, 0usize);
    for (&number, &id) in &pages {
        let page = catch_unwind(AssertUnwindSafe(|| extract::page(&doc, id, &mut fonts)));
        let page = match page {
            Ok(Ok(p)) => p,
            Ok(Err(e)) => {
                warnings.push(format!("page {number}: skipped ({e})"));
                continue;
            }
            Err(_) => {
                warnings.push(format!("page {number}: skipped (extraction failed)"));
                continue;
            }
        };
        images += page.images;
        let total = page.glyphs.len() + page.unmapped;
        if page.unmapped > 0 && page.unmapped as f32 > UNMAPPED_PAGE * total as f32 {
            warnings.push(format!(
                "page {number}: skipped: {} of {total} glyphs use a font with no Unicode mapping (no ToUnicode, no known encoding)",
                page.unmapped
            ));
            continue;
        }
        glyphs += page.glyphs.len();
        let lines = layout::lines(&page);
        laid_out.push(structure::PageLines {
            lines,
            height: page.height,
        });
    }
    // lopdf recovers what it can from a cut file; say so instead of reading it as
    // an empty document.
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    let complete = tail.windows(5).any(|w| w == b"%%EOF");
    if !complete {
        if glyphs == 0 {
            return Err(Reason::PdfDamaged(
                "truncated: the file ends before its end-of-file marker (%%EOF)".into(),
            ));
        }
        warnings.push("the file ends before its end-of-file marker (%%EOF): it may be truncated; read what was there".into());
    }
    if glyphs == 0 {
        return Err(if !warnings.is_empty() && images == 0 {
            Reason::PdfUnreadable(warnings.join("; "))
        } else {
            Reason::PdfNoText { pages: pages.len() }
        });
    }
    Ok((laid_out, warnings))
}
