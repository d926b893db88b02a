//! `stdalign eval pdf GOLD.json`: how faithfully real PDFs are read, against a
//! hand-checked gold file (the format of `../shared/fixtures/real-pdf/gold.json`, see
//! its GOLD.md): identity and cover metadata, clause keys with their headings, and
//! sample texts by character similarity.
//!
//! Text is compared as GOLD.md says: NFKC on both sides, white space that touches a
//! CJK character ignored, other runs of white space as one space, and runs of list
//! dashes (`——`, `――`) as one.

use crate::ingest::{self, ParseOptions};
use crate::model::{Standard, normalize_reference};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use similar::TextDiff;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use unicode_normalization::UnicodeNormalization;

/// A heading counts as found when its similarity to the gold heading reaches this.
pub const HEADING_SIMILARITY: f64 = 0.9;

/// One PDF of the gold file.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldPdf {
    /// File name, relative to the gold file's folder.
    pub file: String,
    /// Normalised reference (`GB/T 28181-2016`).
    pub reference: String,
    /// As printed on the cover.
    #[serde(default)]
    pub printed_reference: Option<String>,
    /// `published` or `draft`.
    #[serde(default)]
    pub status: Option<String>,
    /// Titles per language.
    #[serde(default)]
    pub titles: BTreeMap<String, String>,
    /// ICS codes.
    #[serde(default)]
    pub ics: Vec<String>,
    /// CCS code (Chinese classification).
    #[serde(default)]
    pub ccs: Option<String>,
    /// Publication date, ISO form.
    #[serde(default)]
    pub published: Option<String>,
    /// Implementation date, ISO form.
    #[serde(default)]
    pub effective: Option<String>,
    /// Editions it replaces.
    #[serde(default)]
    pub replaces: Vec<String>,
    /// The text must come from page images.
    #[serde(default)]
    pub scanned: bool,
    /// Clauses in document order.
    #[serde(default)]
    pub clauses: Vec<GoldClause>,
    /// Sample texts.
    #[serde(default)]
    pub samples: Vec<GoldSample>,
}

/// One clause of the gold.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldClause {
    /// Clause number (`3.1`, `A`).
    pub key: String,
    /// Heading (the term for a term entry; empty for a headless paragraph).
    #[serde(default)]
    pub heading: String,
    /// `clause`, `annex`, `term` or `headless`.
    #[serde(default)]
    pub kind: String,
    /// English term of a term entry, where printed.
    #[serde(default)]
    pub term_en: Option<String>,
}

/// One sample text of the gold.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSample {
    /// Clause it belongs to.
    pub key: String,
    /// The clause's text (without heading).
    pub text: String,
    /// Cut at a sentence end: only the clause's beginning is compared.
    #[serde(default)]
    pub truncated: bool,
}

/// How one field compared.
#[derive(Debug, Clone, Serialize)]
pub struct FieldCheck {
    /// Field name (`reference`, `titles.zh`, `published` …).
    pub field: String,
    /// The gold value.
    pub expected: String,
    /// What the reader found.
    pub found: String,
    /// Whether they agree.
    pub ok: bool,
}

/// Scores of one PDF.
#[derive(Debug, Clone, Serialize)]
pub struct PdfScore {
    /// The file.
    pub file: String,
    /// From page images.
    pub scanned: bool,
    /// Why it could not be ingested, if it could not.
    pub error: Option<String>,
    /// Identity and metadata fields.
    pub fields: Vec<FieldCheck>,
    /// Gold clause keys.
    pub keys_total: usize,
    /// Gold keys found among the clauses read.
    pub keys_found: usize,
    /// Gold keys found with a matching heading.
    pub headings_found: usize,
    /// Gold keys not found, or found with another heading (`key: read heading`).
    pub missed: Vec<String>,
    /// Clauses read that the gold does not list (only counted; the gold lists some
    /// depths only).
    pub extra_clauses: usize,
    /// Character similarity of each sample, by key.
    pub samples: Vec<(String, f64)>,
    /// Seconds to parse.
    pub seconds: f64,
}

impl PdfScore {
    /// Share of gold keys found with their headings.
    pub fn heading_recall(&self) -> f64 {
        ratio(self.headings_found, self.keys_total)
    }
    /// Share of gold keys found.
    pub fn key_recall(&self) -> f64 {
        ratio(self.keys_found, self.keys_total)
    }
    /// Mean sample similarity.
    pub fn sample_mean(&self) -> f64 {
        if self.samples.is_empty() {
            return 0.0;
        }
        self.samples.iter().map(|(_, s)| s).sum::<f64>() / self.samples.len() as f64
    }
    /// Fields that agree.
    pub fn fields_ok(&self) -> usize {
        self.fields.iter().filter(|f| f.ok).count()
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Reads a gold file.
pub fn load_gold(path: &Path) -> Result<Vec<GoldPdf>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::InvalidQuery(format!("{}: not a PDF gold file: {e}", path.display())))
}

/// Parses every PDF of the gold (those whose file name contains one of `only`, when
/// given) and scores it.
pub fn evaluate_pdf(
    gold_path: &Path,
    only: &[String],
    options: &ParseOptions,
) -> Result<Vec<PdfScore>> {
    let gold = load_gold(gold_path)?;
    let dir: PathBuf = gold_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut out = Vec::new();
    for g in gold
        .iter()
        .filter(|g| only.is_empty() || only.iter().any(|o| g.file.contains(o.as_str())))
    {
        let start = Instant::now();
        let parsed = ingest::parse_file_with(&dir.join(&g.file), options);
        let seconds = start.elapsed().as_secs_f64();
        out.push(match parsed {
            Ok(s) => score_pdf(g, &s, seconds),
            Err(e) => PdfScore {
                file: g.file.clone(),
                scanned: g.scanned,
                error: Some(e.reason.to_string()),
                fields: Vec::new(),
                keys_total: g.clauses.len(),
                keys_found: 0,
                headings_found: 0,
                missed: g.clauses.iter().map(|c| c.key.clone()).collect(),
                extra_clauses: 0,
                samples: g.samples.iter().map(|s| (s.key.clone(), 0.0)).collect(),
                seconds,
            },
        });
    }
    Ok(out)
}

/// Compares one parsed standard with its gold.
pub fn score_pdf(g: &GoldPdf, s: &Standard, seconds: f64) -> PdfScore {
    let info = &s.info;
    let mut fields = Vec::new();
    let mut check = |field: &str, expected: String, found: String, ok: bool| {
        fields.push(FieldCheck {
            field: field.to_string(),
            expected,
            found,
            ok,
        });
    };
    check(
        "reference",
        g.reference.clone(),
        info.reference.clone(),
        info.reference == g.reference,
    );
    if let Some(p) = &g.printed_reference {
        let found = info.printed_reference.clone().unwrap_or_default();
        let ok = comparable(&found) == comparable(p)
            || normalize_reference(&found) == normalize_reference(p);
        check("printed_reference", p.clone(), found, ok);
    }
    for (lang, title) in &g.titles {
        let found = info.titles.get(lang).cloned().unwrap_or_default();
        let ok = similarity(title, &found) >= 0.95;
        check(&format!("titles.{lang}"), title.clone(), found, ok);
    }
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    check(
        "published",
        opt(&g.published),
        opt(&info.published),
        g.published == info.published,
    );
    check(
        "effective",
        opt(&g.effective),
        opt(&info.effective),
        g.effective == info.effective,
    );
    check(
        "ics",
        g.ics.join(";"),
        info.ics.join(";"),
        g.ics == info.ics,
    );
    let ccs = |v: &Option<String>| v.as_deref().map(|c| c.replace(' ', "")).unwrap_or_default();
    check(
        "ccs",
        ccs(&g.ccs),
        ccs(&info.ccs),
        ccs(&g.ccs) == ccs(&info.ccs),
    );
    let refs = |v: &[String]| v.iter().map(|r| normalize_reference(r)).collect::<Vec<_>>();
    check(
        "replaces",
        g.replaces.join(";"),
        info.replaces.join(";"),
        refs(&g.replaces) == refs(&info.replaces),
    );
    if let Some(status) = &g.status {
        check(
            "status",
            status.clone(),
            info.status.clone(),
            *status == info.status,
        );
    }

    let by_key: BTreeMap<&str, &crate::model::Clause> =
        s.clauses.iter().map(|c| (c.key.as_str(), c)).collect();
    let (mut keys_found, mut headings_found, mut missed) = (0, 0, Vec::new());
    for c in &g.clauses {
        match by_key.get(c.key.as_str()) {
            None => missed.push(format!("{}: missing", c.key)),
            Some(found) => {
                keys_found += 1;
                let heading = found.heading.as_deref().unwrap_or("");
                let ok = if c.heading.is_empty() {
                    heading.is_empty()
                } else {
                    similarity(&c.heading, heading) >= HEADING_SIMILARITY
                };
                if ok {
                    headings_found += 1;
                } else {
                    missed.push(format!("{}: read '{heading}', gold '{}'", c.key, c.heading));
                }
            }
        }
    }
    let gold_keys: std::collections::HashSet<&str> =
        g.clauses.iter().map(|c| c.key.as_str()).collect();
    let extra_clauses = s
        .clauses
        .iter()
        .filter(|c| !gold_keys.contains(c.key.as_str()))
        .count();
    let samples = g
        .samples
        .iter()
        .map(|sample| {
            let text = by_key
                .get(sample.key.as_str())
                .map_or("", |c| c.text.as_str());
            let expected = comparable(&sample.text);
            let mut found = comparable(text);
            if sample.truncated {
                found = found.chars().take(expected.chars().count()).collect();
            }
            (sample.key.clone(), char_similarity(&expected, &found))
        })
        .collect();
    PdfScore {
        file: g.file.clone(),
        scanned: g.scanned,
        error: None,
        fields,
        keys_total: g.clauses.len(),
        keys_found,
        headings_found,
        missed,
        extra_clauses,
        samples,
        seconds,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '―' | '─' | '⎯')
}

/// Text as GOLD.md compares it: NFKC, white space touching CJK dropped, other white
/// space one space, dash runs one dash.
pub fn comparable(text: &str) -> String {
    let nfkc: Vec<char> = text.nfkc().collect();
    let mut out = String::with_capacity(nfkc.len());
    let mut i = 0;
    while i < nfkc.len() {
        let c = nfkc[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < nfkc.len() && nfkc[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().next_back();
            let after = nfkc.get(j).copied();
            let newline = nfkc[i..j].contains(&'\n');
            let touches_cjk = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
            if newline && before.is_some() && after.is_some() {
                out.push('\n');
            } else if !touches_cjk && before.is_some() && after.is_some() {
                out.push(' ');
            }
            i = j;
            continue;
        }
        if is_dash(c) {
            if !out.ends_with('—') {
                out.push('—');
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Similarity of two strings after [`comparable`].
pub fn similarity(a: &str, b: &str) -> f64 {
    char_similarity(&comparable(a), &comparable(b))
}

/// 2·matches / (|a| + |b|) over characters (1.0 for two empty strings).
fn char_similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    TextDiff::configure()
        .timeout(std::time::Duration::from_secs(2))
        .diff_chars(a, b)
        .ratio() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_ignores_cjk_spacing_and_dash_runs() {
        assert_eq!(comparable("应支持 SIP 服务器"), "应支持SIP服务器");
        assert_eq!(comparable("ID——标识"), comparable("ID—标识"));
        assert_eq!(comparable("a  b\n c"), "a b\nc");
        assert_eq!(comparable("（以下简称）"), "(以下简称)");
        assert!(similarity("范围", "范围") > 0.99);
        assert!(similarity("范围", "东围") < HEADING_SIMILARITY);
    }
}
