//! The data every other module speaks: a [`Standard`] and its [`Clause`] tree.
//!
//! Everything here is plain serde data without I/O, so parsers produce it, the index
//! stores it as JSON and the CLI/API print it unchanged. Keys are chosen so that they
//! compare across languages: an annex `附录A`, `Phụ lục A` or `Annex A` is key `A`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A standard as ingested: its metadata and its clauses in document order. In JSON
/// the metadata fields sit at the top level next to `clauses`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Standard {
    /// Identity and metadata.
    #[serde(flatten)]
    pub info: StandardInfo,
    /// Clauses in reading order; parents come before their children.
    pub clauses: Vec<Clause>,
    /// What the parser had to leave out (a PDF page it could not read), for the
    /// ingest report; not stored.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// What the catalogue knows about a standard without reading its clauses.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct StandardInfo {
    /// The dated reference as printed, e.g. `GB 4706.1-2005` or `TCVN 5699-1:2010`.
    pub reference: String,
    /// Normalised form of `reference` used for lookups (see [`normalize_reference`]).
    pub id: String,
    /// Other printed forms that also identify this standard (undated, Latin script).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Originator as printed in the reference (`GB`, `TCVN`, `SNI`, `IEC`).
    pub originator: String,
    /// The national or international body that publishes it (`SAC`, `TISI`, `BSN`).
    pub body: String,
    /// ISO 3166 alpha-2 country code, or `INT` for international standards.
    pub country: String,
    /// Content language (BCP 47 primary subtag: `zh`, `th`, `vi`, `id`, `ms`, `en`).
    pub lang: String,
    /// Full titles keyed by language.
    pub titles: BTreeMap<String, String>,
    /// ICS classification codes.
    #[serde(default)]
    pub ics: Vec<String>,
    /// Publication year (Gregorian; Thai Buddhist-era years are converted).
    pub year: Option<i32>,
    /// International or regional standards this one adopts.
    #[serde(default)]
    pub adoptions: Vec<Adoption>,
    /// Where the text came from.
    pub source: Source,
    /// Number of clauses.
    #[serde(default)]
    pub clause_count: usize,
    /// The reference exactly as the document prints it (`GB/T 28181—2016`), where
    /// that differs from `reference`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed_reference: Option<String>,
    /// Where the reference was read: `cover`, `header` (running header), `text`,
    /// `metadata` (the XML's own fields), or `file-name` (a marked fallback: the
    /// document names no number of its own).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference_from: String,
    /// `published`, or `draft` (征求意见稿, 报批稿, dự thảo, draft for comment).
    #[serde(default = "published", skip_serializing_if = "String::is_empty")]
    pub status: String,
    /// Chinese Standard Classification (CCS), e.g. `A91` or `R10/19`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ccs: Option<String>,
    /// Publication date (发布, ban hành, ประกาศ), ISO `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Implementation date (实施, có hiệu lực), ISO `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// Editions this one replaces (代替 …, thay thế …, replaces …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
}

fn published() -> String {
    "published".into()
}

impl StandardInfo {
    /// The title in `lang`, else in the standard's own language, else any title.
    pub fn title(&self, lang: &str) -> Option<&str> {
        self.titles
            .get(lang)
            .or_else(|| self.titles.get(&self.lang))
            .or_else(|| self.titles.values().next())
            .map(String::as_str)
    }
}

/// Provenance of an ingested standard.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Source {
    /// Path of the file as given to `ingest`.
    pub path: String,
    /// SHA-256 of the file's bytes, hex; an unchanged file is not re-ingested.
    pub sha256: String,
    /// Version of the readers that parsed it ([`crate::ingest::READER_VERSION`]): an
    /// unchanged file read by older readers is read again, so a parser fix reaches
    /// standards already in the index. Absent in older indexes (0).
    #[serde(default)]
    pub reader: u32,
}

/// One adopted standard and how closely it is followed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Adoption {
    /// Reference of the adopted standard, e.g. `IEC 60335-1:2010`.
    pub reference: String,
    /// Degree of correspondence (ISO/IEC Guide 21-1).
    pub degree: Degree,
}

/// Degree of correspondence of an adoption.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, utoipa::ToSchema)]
pub enum Degree {
    /// Identical.
    #[serde(rename = "IDT")]
    Idt,
    /// Modified: technical deviations are identified and explained.
    #[serde(rename = "MOD")]
    Mod,
    /// Not equivalent.
    #[serde(rename = "NEQ")]
    Neq,
}

impl Degree {
    /// The abbreviation printed in standards (`IDT`, `MOD`, `NEQ`).
    pub fn as_str(self) -> &'static str {
        match self {
            Degree::Idt => "IDT",
            Degree::Mod => "MOD",
            Degree::Neq => "NEQ",
        }
    }

    /// Parses `IDT`/`MOD`/`NEQ` (any case, also `identical`, `modified`, `eqv`).
    pub fn parse(s: &str) -> Option<Degree> {
        match s.trim().to_ascii_lowercase().as_str() {
            "idt" | "identical" => Some(Degree::Idt),
            "mod" | "modified" | "eqv" => Some(Degree::Mod),
            "neq" | "not equivalent" | "non-equivalent" => Some(Degree::Neq),
            _ => None,
        }
    }
}

impl fmt::Display for Degree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One numbered (or otherwise identified) unit of a standard.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Clause {
    /// The clause number (`7.1`, `A.2`), the section id where there is no number, or
    /// a generated path where there is neither.
    pub key: String,
    /// Key of the enclosing clause.
    pub parent: Option<String>,
    /// Nesting depth: 1 for top-level clauses.
    pub depth: u32,
    /// Clause title (for a term: the term itself).
    pub heading: Option<String>,
    /// Plain text in reading order: paragraphs, list items, notes and table rows
    /// (cells separated by ` | `), one per line. Sub-clauses are not included.
    pub text: String,
    /// What the clause is for.
    pub kind: ClauseKind,
    /// Language of the text.
    pub lang: String,
    /// Standards cited in this clause, as printed.
    #[serde(default)]
    pub references: Vec<String>,
    /// A term entry's equivalents in other languages, by language (`en` for the
    /// English term printed beside a Chinese one).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub equivalents: BTreeMap<String, String>,
    /// The text was read from page images by OCR.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
    /// Tesseract's mean word confidence (0–100) over the clause's lines, when `ocr`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
}

impl Clause {
    /// How a reader names the clause: its printed number, or where it has none (a
    /// foreword, a section without a number) its heading, never an internal key
    /// such as `sec_foreword` or `s3/2`.
    pub fn label(&self) -> String {
        if is_printed_number(&self.key) {
            return self.key.clone();
        }
        match &self.heading {
            Some(h) if !h.trim().is_empty() => h.trim().to_string(),
            _ => self.kind.as_str().to_string(),
        }
    }

    /// The full clause id, `<standard reference>#<key>`.
    pub fn id(&self, standard: &StandardInfo) -> String {
        clause_id(&standard.reference, &self.key)
    }
}

/// Whether a clause key is a printed clause number (`7.1`, `A.2`, `ก.1`), as
/// opposed to a section id or a key generated from the tree.
pub fn is_printed_number(key: &str) -> bool {
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:[A-Z\p{Thai}]|\d+)(?:\.\d+)*(?:~\d+)?$").expect("valid regex")
    });
    NUMBER.is_match(key)
}

/// Builds the full id `<standard reference>#<key>`.
pub fn clause_id(reference: &str, key: &str) -> String {
    format!("{reference}#{key}")
}

/// The role of a clause in its standard.
#[derive(
    Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseKind {
    /// Foreword (前言, Lời nói đầu, Prakata, คำนำ).
    Foreword,
    /// Introduction.
    Introduction,
    /// Scope.
    Scope,
    /// Normative references.
    NormativeReferences,
    /// The "Terms and definitions" section itself.
    Terms,
    /// One term entry.
    Term,
    /// A numbered clause of the main body.
    #[default]
    Requirement,
    /// An annex or a clause inside one.
    Annex,
    /// Bibliography.
    Bibliography,
    /// A stand-alone note or other informative matter.
    Note,
}

impl ClauseKind {
    /// The kebab-case name used in JSON and in the keyword index.
    pub fn as_str(self) -> &'static str {
        match self {
            ClauseKind::Foreword => "foreword",
            ClauseKind::Introduction => "introduction",
            ClauseKind::Scope => "scope",
            ClauseKind::NormativeReferences => "normative-references",
            ClauseKind::Terms => "terms",
            ClauseKind::Term => "term",
            ClauseKind::Requirement => "requirement",
            ClauseKind::Annex => "annex",
            ClauseKind::Bibliography => "bibliography",
            ClauseKind::Note => "note",
        }
    }
}

impl fmt::Display for ClauseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Normalises a printed reference for lookups: case, spaces, full-width forms and
/// dash variants do not matter, so `gb 4706.1—2005`, `GB4706.1-2005` and `GB 4706.1-2005`
/// are one id. The forms users type for the same prefix agree too: `GBT 28181` is
/// `GB/T 28181`, `TIS 369` is `มอก. 369` (and `Part` its `เล่ม`).
pub fn normalize_reference(reference: &str) -> String {
    let mut id = fold_reference(reference);
    // Chinese codes typed without their slash: GBT → GB/T, JTT → JT/T.
    const SLASHED: &[&str] = &[
        "GB", "JT", "HJ", "YD", "GM", "JB", "QB", "SL", "SJ", "DL", "NB",
    ];
    for code in SLASHED {
        for kind in ['T', 'Z'] {
            let glued = format!("{code}{kind}");
            if id.starts_with(&glued) && id[glued.len()..].starts_with(|c: char| c.is_ascii_digit())
            {
                id = format!("{code}/{kind}{}", &id[glued.len()..]);
            }
        }
    }
    if let Some(rest) = id.strip_prefix("TIS")
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        id = format!("มอก.{rest}");
    }
    if id.starts_with("มอก.") {
        id = id.replace("PART", "เล่ม");
    }
    id
}

/// A reference as printed with only its spelling folded (case, spaces, dash and
/// full-width forms): two printed forms that fold alike are one form, not aliases.
pub fn fold_reference(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}' => '-',
            '\u{FF0F}' => '/',
            '\u{FF1A}' => ':',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_uppercase)
        .collect()
}

/// Removes the annex word from an annex label in any supported language, so that
/// `Annex A`, `附录A`, `Phụ lục A`, `Lampiran A` become `A` and `ภาคผนวก ก` becomes `ก`.
pub fn annex_key(label: &str) -> String {
    const WORDS: &[&str] = &[
        "annex",
        "appendix",
        "附录",
        "附 录",
        "phụ lục",
        "phu luc",
        "lampiran",
        "ภาคผนวก",
        "anexo",
        "annexe",
        "anhang",
    ];
    let trimmed = label.trim();
    let lower = trimmed.to_lowercase();
    for word in WORDS {
        if lower.starts_with(word) {
            // Lower-casing can change byte lengths, so cut by characters.
            let n = word.chars().count();
            let rest: String = trimmed.chars().skip(n).collect();
            let rest = rest.trim_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
            if !rest.is_empty() {
                return rest.to_string();
            }
        }
    }
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalise_case_space_and_dashes() {
        assert_eq!(normalize_reference("GB 4706.1-2005"), "GB4706.1-2005");
        assert_eq!(normalize_reference("gb 4706.1—2005"), "GB4706.1-2005");
        assert_eq!(
            normalize_reference(" tcvn  5699-1:2010 "),
            "TCVN5699-1:2010"
        );
        assert_eq!(normalize_reference("GB／T 5023.5"), "GB/T5023.5");
        assert_eq!(normalize_reference("GBT 28181-2016"), "GB/T28181-2016");
        assert_eq!(normalize_reference("jtt 808—2019"), "JT/T808-2019");
        assert_eq!(normalize_reference("ＧＢ／Ｔ　２８１８１"), "GB/T28181");
        assert_eq!(
            normalize_reference("TIS 369-2557"),
            normalize_reference("มอก. 369-2557")
        );
        assert_eq!(
            normalize_reference("TIS 60335 Part 1-2563"),
            normalize_reference("มอก. 60335 เล่ม 1-2563")
        );
    }

    #[test]
    fn annex_words_are_dropped_in_every_language() {
        assert_eq!(annex_key("Annex A"), "A");
        assert_eq!(annex_key("附录A"), "A");
        assert_eq!(annex_key("附录 B"), "B");
        assert_eq!(annex_key("Phụ lục A"), "A");
        assert_eq!(annex_key("Lampiran C"), "C");
        assert_eq!(annex_key("ภาคผนวก ก"), "ก");
        assert_eq!(annex_key("ANNEX ZA"), "ZA");
        assert_eq!(annex_key("7.1"), "7.1");
    }

    #[test]
    fn degree_parses_abbreviations_and_words() {
        assert_eq!(Degree::parse("idt"), Some(Degree::Idt));
        assert_eq!(Degree::parse("MOD"), Some(Degree::Mod));
        assert_eq!(Degree::parse("NEQ"), Some(Degree::Neq));
        assert_eq!(Degree::parse("maybe"), None);
    }
}
