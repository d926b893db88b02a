//! PDF standards: text extracted with lopdf ([`fonts`], [`extract`]), laid out into
//! lines ([`layout`]) and read as a standard ([`structure`]).
//!
//! Damaged files, encryption, missing text layers and unmappable fonts are errors or
//! warnings naming the file and page. Each page is extracted under `catch_unwind`, so
//! a page that trips a bug in a dependency costs that page, not the batch.

mod extract;
pub(crate) mod fonts;
mod layout;
mod ocr;
mod std14;
mod structure;

use super::{ParseOptions, Reason};
use crate::model::{Source, Standard};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Share of a page's glyphs that may be unmapped before the page is given up.
const UNMAPPED_PAGE: f32 = 0.3;

/// Parses a PDF standard. Pages without a usable text layer are read by OCR when
/// the options allow it and Tesseract is installed.
pub(super) fn parse(
    path: &Path,
    bytes: &[u8],
    source: Source,
    options: &ParseOptions,
) -> Result<Standard, Reason> {
    let (pages, mut warnings) = read_pages(bytes)?;
    let mut pages = read_unusable(pages, bytes, options, &mut warnings)?;
    let running = structure::drop_running_lines(&mut pages);
    let mut standard = structure::build(path, &pages, &running, source)?;
    standard.warnings.splice(0..0, warnings);
    Ok(standard)
}

/// Each page's lines as text (text layer only, no OCR).
pub(super) fn lines(bytes: &[u8]) -> Result<Vec<Vec<String>>, Reason> {
    let (pages, _) = read_pages(bytes)?;
    Ok(pages
        .into_iter()
        .filter_map(|p| match p {
            Page::Text(p) => Some(p.lines.into_iter().map(|l| l.text).collect()),
            _ => None,
        })
        .collect())
}

/// One page as the text layer left it.
enum Page {
    Text(structure::PageLines),
    /// No usable text (a scan, or fonts that map to nothing or to garbage): the reason.
    Unusable(String),
}

/// OCRs the pages without usable text, or says why it cannot; the document fails only
/// when no page has text at all.
fn read_unusable(
    pages: Vec<Page>,
    bytes: &[u8],
    options: &ParseOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<structure::PageLines>, Reason> {
    let unusable: Vec<u32> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p, Page::Unusable(_)))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    let texts = pages.iter().filter(|p| matches!(p, Page::Text(_))).count();
    let mut ocr_failure: Option<String> = None;
    let mut read: std::collections::HashMap<u32, structure::PageLines> = Default::default();
    if !unusable.is_empty() && options.ocr {
        match ocr_document(bytes, &unusable, options) {
            Ok(results) => {
                for (number, result) in unusable.iter().zip(results) {
                    match result {
                        Ok(page) => {
                            read.insert(*number, page);
                        }
                        Err(e) => warnings.push(format!("page {number}: OCR failed ({e})")),
                    }
                }
            }
            Err(e) => ocr_failure = Some(e.to_string()),
        }
    }
    let mut out = Vec::with_capacity(pages.len());
    for (i, page) in pages.into_iter().enumerate() {
        let number = i as u32 + 1;
        match page {
            Page::Text(p) => out.push(p),
            Page::Unusable(why) => match read.remove(&number) {
                Some(p) => {
                    warnings.push(format!("page {number}: read by OCR: {why}"));
                    out.push(p)
                }
                None if !options.ocr => {
                    warnings.push(format!("page {number}: skipped: {why} (OCR is off)"))
                }
                None => warnings.push(format!("page {number}: skipped: {why}")),
            },
        }
    }
    if out.iter().all(|p| p.lines.is_empty()) {
        return Err(match (texts, ocr_failure, options.ocr) {
            (0, Some(why), _) => Reason::OcrUnavailable {
                pages: unusable.len(),
                reason: why,
            },
            (0, None, false) => Reason::PdfNoText {
                pages: unusable.len(),
            },
            _ if warnings.is_empty() => Reason::PdfNoText { pages: out.len() },
            _ => Reason::PdfUnreadable(warnings.join("; ")),
        });
    }
    if let Some(why) = ocr_failure {
        warnings.push(format!(
            "{} page(s) without usable text not read: {why}",
            unusable.len()
        ));
    }
    Ok(out)
}

/// Runs OCR over the given pages (1-based) of the document.
fn ocr_document(
    bytes: &[u8],
    pages: &[u32],
    options: &ParseOptions,
) -> Result<Vec<Result<structure::PageLines, ocr::OcrError>>, ocr::OcrError> {
    ocr::check_tools()?;
    // The tools read files: the bytes may come from an upload.
    let mut file = tempfile::Builder::new()
        .suffix(".pdf")
        .tempfile()
        .map_err(|e| ocr::OcrError::Failed {
            page: 0,
            reason: format!("temporary file: {e}"),
        })?;
    std::io::Write::write_all(&mut file, bytes).map_err(|e| ocr::OcrError::Failed {
        page: 0,
        reason: format!("temporary file: {e}"),
    })?;
    let opts = ocr::OcrOptions {
        cache_dir: options.ocr_cache.clone(),
        ..Default::default()
    };
    let total = pages.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let progress = |_page: u32| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if let Some(report) = &options.on_ocr_page {
            report(n, total);
        }
    };
    Ok(ocr::ocr_pages(file.path(), pages, &opts, &progress)
        .into_iter()
        .map(|r| r.map(|p| from_ocr(&p)))
        .collect())
}

/// An OCR'd page as lines like the text layer's: one column, no bold, each line
/// carrying its recognition confidence.
fn from_ocr(page: &ocr::OcrPage) -> structure::PageLines {
    let mut lines: Vec<layout::Line> = page
        .lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| layout::Line {
            // Tesseract writes SARA AM as NIKHAHIT + SARA AA, as some fonts draw it.
            text: layout::thai_order(&ocr_dashes(&l.text)),
            x0: l.x0,
            x1: l.x1,
            y: l.y,
            size: l.size,
            bold: false,
            column: 0,
            column_right: 0.0,
            column_left: 0.0,
            conf: Some(l.conf),
        })
        .collect();
    layout::set_column_edges(&mut lines);
    structure::PageLines {
        lines,
        height: page.height,
    }
}

/// List dashes at a line start that OCR read as the ideograph 一 (`一一增加了` is
/// `——增加了`).
fn ocr_dashes(text: &str) -> String {
    let ones = text.chars().take_while(|&c| c == '一').count();
    if ones >= 2 {
        format!(
            "{}{}",
            "—".repeat(ones),
            text.chars().skip(ones).collect::<String>()
        )
    } else {
        text.to_string()
    }
}

/// A text layer that is there but useless: glyphs mapped to private-use code points or
/// to a soup of ASCII punctuation (Founder fonts with custom encodings).
pub(super) fn garbage(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 30 {
        return false;
    }
    let private = chars
        .iter()
        .filter(|c| ('\u{E000}'..='\u{F8FF}').contains(*c))
        .count();
    // Signs that prose, contents leaders and code use (. , : ; ( ) - /) do not count.
    // A symbol soup is mostly signs; text is mostly letters.
    let symbols = chars
        .iter()
        .filter(|c| c.is_ascii_punctuation() && !".,:;()-/".contains(**c))
        .count();
    // Code listings and JSON use such signs too, but among far more letters.
    let wordy = chars.iter().filter(|c| c.is_alphanumeric()).count();
    private * 10 > chars.len() * 3 || (symbols * 4 > chars.len() && wordy * 10 < chars.len() * 6)
}

/// Loads the document and lays out every page it can read; warnings name the pages
/// it could not.
fn read_pages(bytes: &[u8]) -> Result<(Vec<Page>, Vec<String>), Reason> {
    // Encrypted files that open with the empty user password ("copying not allowed")
    // are read; only a real password stops them.
    let load = |password: Option<&str>| {
        catch_unwind(|| match password {
            Some(p) => {
                lopdf::Document::load_mem_with_options(bytes, lopdf::LoadOptions::with_password(p))
            }
            None => lopdf::Document::load_mem(bytes),
        })
        .map_err(|_| Reason::PdfDamaged("the PDF parser failed on this file".into()))
    };
    let encrypted = |e: &lopdf::Error| {
        matches!(
            e,
            lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword
        ) || e.to_string().to_lowercase().contains("encrypt")
    };
    let mut doc = match load(None)? {
        Ok(doc) => doc,
        Err(e) if encrypted(&e) => load(Some(""))?.map_err(|_| Reason::PdfEncrypted)?,
        Err(e) => return Err(Reason::PdfDamaged(e.to_string())),
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(Reason::PdfEncrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(Reason::PdfNoPages);
    }
    let mut warnings = Vec::new();
    let mut out = Vec::with_capacity(pages.len());
    let mut fonts = extract::FontCache::default();
    let mut glyphs = 0usize;
    for &id in pages.values() {
        let page = catch_unwind(AssertUnwindSafe(|| extract::page(&doc, id, &mut fonts)));
        let page = match page {
            Ok(Ok(p)) => p,
            // The page image may still be read by OCR.
            Ok(Err(e)) => {
                out.push(Page::Unusable(format!(
                    "its content could not be read ({e})"
                )));
                continue;
            }
            Err(_) => {
                out.push(Page::Unusable("text extraction failed".into()));
                continue;
            }
        };
        let total = page.glyphs.len() + page.unmapped;
        if page.unmapped > 0 && page.unmapped as f32 > UNMAPPED_PAGE * total as f32 {
            out.push(Page::Unusable(format!(
                "{} of {total} glyphs use a font with no Unicode mapping (no ToUnicode, no known encoding)",
                page.unmapped
            )));
            continue;
        }
        if page.glyphs.is_empty() {
            // A scan, or a blank page (nothing to read either way).
            out.push(if page.images > 0 {
                Page::Unusable("no text layer (a scanned image)".into())
            } else {
                Page::Text(structure::PageLines {
                    lines: Vec::new(),
                    height: page.height,
                })
            });
            continue;
        }
        let text: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
        if garbage(&text) {
            out.push(Page::Unusable(
                "its text layer is unusable (fonts with custom encodings give symbols, not text)"
                    .into(),
            ));
            continue;
        }
        glyphs += page.glyphs.len();
        let lines = layout::lines(&page);
        out.push(Page::Text(structure::PageLines {
            lines,
            height: page.height,
        }));
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
    Ok((out, warnings))
}

#[cfg(test)]
mod tests {
    use super::garbage;

    #[test]
    fn symbol_soup_is_unusable_but_code_and_prose_are_text() {
        // What a Founder font with a custom encoding gives for a page of Chinese.
        assert!(garbage(
            "!\"#!\"$ ##!$ #!!\"$$ #%!$ &! % $\" !\"#! ! \"#$%&'()*+,-./ &'( ' )*)\"+*,-"
        ));
        assert!(garbage(
            ")*+ *,-,\"#-!. ¾C/¿¸´ÀÁÂ%/¿¸´<Ã=$½# $. !. / * %$\"(3%$* 1& / 3%& *52( /*"
        ));
        assert!(!garbage(
            "本标准规定了道路运输车辆卫星定位系统车载终端与监管/监控平台之间的通信协议与数据格式。"
        ));
        assert!(!garbage(
            "aligned(8) class MovieBox extends Box('moov') { unsigned int(32) size; }"
        ));
        assert!(!garbage(
            "<Query><CmdType>Catalog</CmdType><SN>17430</SN><DeviceID>64010000001110000001</DeviceID></Query>"
        ));
        assert!(!garbage(
            "1 范围 .......................................................... 1"
        ));
    }
}
