//! JSON shapes shared by the CLI (`show --json`, `ingest --json`) and the HTTP API
//! (`/api/standards/{ref}`, `POST /api/ingest`), so both print the same fields.

use crate::engine::{IngestReport, Outcome};
use crate::model::{Standard, StandardInfo};
use serde::Serialize;

/// A whole standard: metadata plus the clauses with the fields other tools rely on.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ShowJson<'a> {
    #[serde(flatten)]
    #[schema(inline)]
    info: &'a StandardInfo,
    clauses: Vec<ClauseJson<'a>>,
}

/// One clause of [`ShowJson`].
#[derive(Serialize, utoipa::ToSchema)]
struct ClauseJson<'a> {
    key: &'a str,
    /// How a reader names the clause: the printed number, or the heading where it
    /// has none (`Foreword`, `前言`).
    label: String,
    parent: Option<&'a str>,
    heading: Option<&'a str>,
    text: &'a str,
    kind: &'a str,
    lang: &'a str,
    depth: u32,
    references: &'a [String],
    /// A term entry's equivalents in other languages (`{"en": "register"}`).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    equivalents: &'a std::collections::BTreeMap<String, String>,
    /// Read from page images by OCR.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    ocr: bool,
    /// Tesseract's mean word confidence (0–100) over the clause's lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    ocr_confidence: Option<f32>,
}

impl<'a> From<&'a Standard> for ShowJson<'a> {
    fn from(s: &'a Standard) -> ShowJson<'a> {
        ShowJson {
            info: &s.info,
            clauses: s
                .clauses
                .iter()
                .map(|c| ClauseJson {
                    key: &c.key,
                    label: c.label(),
                    parent: c.parent.as_deref(),
                    heading: c.heading.as_deref(),
                    text: &c.text,
                    kind: c.kind.as_str(),
                    lang: &c.lang,
                    depth: c.depth,
                    references: &c.references,
                    equivalents: &c.equivalents,
                    ocr: c.ocr,
                    ocr_confidence: c.ocr_confidence,
                })
                .collect(),
        }
    }
}

/// The result of an ingest batch: totals, failures, and one entry per file.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IngestJson {
    /// Standards read (added, replaced or unchanged).
    pub standards: usize,
    /// Their clauses.
    pub clauses: usize,
    /// New standards.
    pub added: usize,
    /// Standards whose file changed.
    pub replaced: usize,
    /// Files ingested before with the same bytes.
    pub unchanged: usize,
    /// PDFs of standards held from XML (not indexed; the XML text is kept).
    pub twins: usize,
    /// Files that could not be ingested, with the reason.
    pub errors: Vec<FileError>,
    /// Every file of the batch in order, with its outcome or error.
    pub files: Vec<FileJson>,
}

/// A file that could not be ingested.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FileError {
    /// The file as given.
    pub file: String,
    /// Why it failed.
    pub reason: String,
}

/// One file of an ingest batch.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FileJson {
    /// The file as given.
    pub file: String,
    /// Dated reference of the standard it holds (absent on failure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// `added`, `replaced`, `unchanged` or `twin` (a PDF of a standard held from XML;
    /// not indexed) (absent on failure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Clauses read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clauses: Option<usize>,
    /// Why it failed (absent on success).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What could not be read though the file was ingested (a PDF page).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl From<&IngestReport> for IngestJson {
    fn from(r: &IngestReport) -> IngestJson {
        let count = |o: Outcome| r.successes().filter(|s| s.outcome == o).count();
        let indexed = || r.successes().filter(|s| s.outcome != Outcome::Twin);
        IngestJson {
            standards: indexed().count(),
            clauses: indexed().map(|s| s.clauses).sum(),
            added: count(Outcome::Added),
            replaced: count(Outcome::Replaced),
            unchanged: count(Outcome::Unchanged),
            twins: count(Outcome::Twin),
            errors: r
                .failures()
                .map(|e| FileError {
                    file: e.file.display().to_string(),
                    reason: e.reason.to_string(),
                })
                .collect(),
            files: r
                .files
                .iter()
                .map(|f| match &f.result {
                    Ok(i) => FileJson {
                        file: f.path.display().to_string(),
                        reference: Some(i.reference.clone()),
                        outcome: Some(i.outcome.as_str().to_string()),
                        clauses: Some(i.clauses),
                        error: None,
                        warnings: i.warnings.clone(),
                    },
                    Err(e) => FileJson {
                        file: f.path.display().to_string(),
                        reference: None,
                        outcome: None,
                        clauses: None,
                        error: Some(e.reason.to_string()),
                        warnings: Vec::new(),
                    },
                })
                .collect(),
        }
    }
}
