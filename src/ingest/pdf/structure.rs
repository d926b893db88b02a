//! Lines of a standards PDF → a [`Standard`]: running headers and footers dropped,
//! the cover read for metadata, the table of contents skipped, clauses found by their
//! numbering (1, 1.1, A.1; annex labels in every corpus language; foreword and
//! introduction by name), wrapped lines joined back into paragraphs.

use super::layout::{Line, MARGIN_BAND};
use crate::ingest::headings::kind_from_heading;
use crate::ingest::refs::{body_and_country, find_references, originator_of, tidy, year_of};
use crate::ingest::{Reason, adoption};
use crate::model::{
    Adoption, Clause, ClauseKind, Degree, Source, Standard, StandardInfo, normalize_reference,
};
use regex::Regex;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

/// A page's lines with its height (to place the margin bands).
pub struct PageLines {
    pub lines: Vec<Line>,
    pub height: f32,
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[-–—]\s*)?(?:page|trang|halaman|muka surat|หน้า|第)?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*(?:页|/\s*\d+)?(?:\s*[-–—])?$").unwrap()
});
static LEADER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[.·…‥_]{4,}\s*\S{0,6}$").unwrap());
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[A-Z]|[ก-ฮ]|[0-9]{1,3})(?:\.[0-9]{1,3})*)(?:\s+|$)(.*)$").unwrap()
});
static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    // The letter must stand alone ("Annex A", not "Annex are…"; "Phụ lục này" is no label).
    Regex::new(r"^(?:附\s*录|[Pp]hụ lục|PHỤ LỤC|ภาคผนวก|[Aa]nnex|ANNEX|[Aa]ppendix|APPENDIX|[Ll]ampiran|LAMPIRAN)\s*([A-Z]|[ก-ฮ])(?:$|[\s:：.（(])\s*(.*)$").unwrap()
});
static ADOPTION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]\s*((?:ISO/IEC|IEC|ISO)\s*[0-9][0-9A-Za-z.\-]*(?:\s*[:：]\s*\d{4})?)\s*[,，]\s*(IDT|MOD|NEQ)\s*[)）]").unwrap()
});
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}").unwrap());
static EDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:xuất bản lần|lần xuất bản|(?:first|second|third|\w+) edition|edition|edisi|cetakan|ฉบับที่|第.{1,3}版)").unwrap()
});
static ICS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ICS\s*([0-9]{2}(?:\.[0-9]{3}(?:\.[0-9]{2})?)?(?:\s*[;,；]\s*[0-9]{2}(?:\.[0-9]{3}(?:\.[0-9]{2})?)?)*)").unwrap()
});

const TOC_TITLES: &[&str] = &[
    "目次",
    "目录",
    "目 次",
    "mục lục",
    "สารบัญ",
    "contents",
    "table of contents",
    "daftar isi",
    "kandungan",
];
const FOREWORD: &[&str] = &[
    "前言",
    "前 言",
    "lời nói đầu",
    "คำนำ",
    "foreword",
    "prakata",
    "kata pengantar",
];
const INTRODUCTION: &[&str] = &[
    "引言",
    "引 言",
    "lời giới thiệu",
    "บทนำ",
    "introduction",
    "pendahuluan",
    "pengenalan",
];
/// Words in parentheses under an annex label: its status, not its title.
const ANNEX_STATUS: &[&str] = &[
    "规范性",
    "资料性",
    "normative",
    "informative",
    "ข้อมูล",
    "quy định",
    "tham khảo",
    "บังคับ",
    "ให้ข้อมูล",
    "normatif",
    "informatif",
];

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Thai annex letters are keys as printed (ก, ข …), Latin ones upper case.
fn annex_letter(s: &str) -> String {
    s.to_uppercase()
}

/// Drops lines in the top and bottom bands that are page numbers, copyright lines,
/// or repeat on several pages (the running header with the standard's number).
pub fn drop_running_lines(pages: &mut [PageLines]) -> Vec<String> {
    let mut dropped = Vec::new();
    let in_band = |l: &Line, h: f32| l.y >= h * (1.0 - MARGIN_BAND) || l.y <= h * MARGIN_BAND;
    let shape = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in pages.iter() {
        let mut here: HashSet<String> = HashSet::new();
        for l in p.lines.iter().filter(|l| in_band(l, p.height)) {
            here.insert(shape(&l.text));
        }
        for s in here {
            *seen.entry(s).or_default() += 1;
        }
    }
    let many = pages.len() >= 2;
    let repeated = |t: &str| many && seen.get(&shape(t)).is_some_and(|&n| n >= 2);
    for p in pages.iter_mut() {
        let h = p.height;
        p.lines.retain(|l| {
            let running = in_band(l, h)
                && (PAGE_NUMBER.is_match(l.text.trim())
                    || l.text.contains('©')
                    || l.text.to_lowercase().contains("copyright")
                    || repeated(&l.text));
            if running {
                dropped.push(l.text.clone());
            }
            !running
        });
    }
    dropped
}

/// Metadata printed on the cover.
#[derive(Debug, Default)]
pub struct Cover {
    pub reference: Option<String>,
    /// Glyph size of the line with the number.
    pub number_size: f32,
    pub titles: Vec<String>,
    pub ics: Vec<String>,
    pub adoptions: Vec<Adoption>,
}

/// Reads the cover page: the standard's number (the largest line naming one), its
/// titles (the large lines after it), ICS and the adoption line.
pub fn read_cover(lines: &[Line]) -> Cover {
    let mut cover = Cover::default();
    let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    for t in &text {
        if let Some(c) = ICS.captures(t) {
            cover.ics = c[1]
                .split([';', ',', '；'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
        for c in ADOPTION_LINE.captures_iter(t) {
            let reference = tidy(&c[1].replace('：', ":"));
            if let Some(degree) = Degree::parse(&c[2]) {
                cover.adoptions.push(Adoption { reference, degree });
            }
        }
    }
    // The number: the biggest line that holds a national standard reference.
    let mut best: Option<(f32, usize, String)> = None;
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.replace(['—', '–', '―'], "-");
        if ADOPTION_LINE.is_match(&l.text) || t.contains("ICS") {
            continue;
        }
        let Some(r) = find_references(&t)
            .into_iter()
            .find(|r| originator_of(r).is_some_and(|o| !matches!(o, "IEC" | "ISO" | "ISO/IEC")))
        else {
            continue;
        };
        if best.as_ref().is_none_or(|(s, _, _)| l.size > *s) {
            best = Some((l.size, i, r));
        }
    }
    let Some((size, at, reference)) = best else {
        return cover;
    };
    cover.reference = Some(reference);
    cover.number_size = size;
    // Titles: the lines after the number, up to the adoption or date line; a title
    // wrapped over lines of one size and script continues.
    let mut current = String::new();
    let mut last: Option<&Line> = None;
    for l in lines[at + 1..].iter().take(8) {
        let digits = l.text.chars().filter(char::is_ascii_digit).count();
        if ADOPTION_LINE.is_match(&l.text)
            || DATE.is_match(&l.text)
            || digits * 3 > l.text.chars().count()
        {
            break;
        }
        if EDITION.is_match(&l.text) {
            continue;
        }
        let wrapped = last.is_some_and(|p| {
            (p.size - l.size).abs() < 0.5
                && (p.y - l.y) < l.size * 1.8
                && script(&p.text) == script(&l.text)
        });
        if wrapped && !current.is_empty() {
            join_into(&mut current, &l.text);
        } else {
            if !current.is_empty() {
                cover.titles.push(std::mem::take(&mut current));
            }
            current = l.text.clone();
        }
        last = Some(l);
    }
    if !current.is_empty() {
        cover.titles.push(current);
    }
    cover
}

fn median_size(lines: &[Line]) -> f32 {
    let mut s: Vec<f32> = lines.iter().map(|l| l.size).collect();
    if s.is_empty() {
        return 10.0;
    }
    s.sort_by(f32::total_cmp);
    s[s.len() / 2]
}

/// Rough script class of a text: 'h' Han, 't' Thai, 'l' Latin.
fn script(s: &str) -> char {
    let (mut h, mut t, mut l) = (0, 0, 0);
    for c in s.chars() {
        match c {
            '\u{4E00}'..='\u{9FFF}' => h += 1,
            '\u{0E00}'..='\u{0E7F}' => t += 1,
            c if c.is_alphabetic() => l += 1,
            _ => {}
        }
    }
    if h >= t && h >= l && h > 0 {
        'h'
    } else if t >= l && t > 0 {
        't'
    } else {
        'l'
    }
}

fn no_space_script(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{0E00}'..='\u{0E7F}')
}

/// Appends a wrapped line to its paragraph: no space between CJK or Thai, a word
/// hyphenated at the line end rejoined.
fn join_into(para: &mut String, next: &str) {
    let prev = para.chars().next_back();
    let first = next.chars().next();
    let before_hyphen = para.chars().rev().nth(1);
    if prev == Some('-')
        && before_hyphen.is_some_and(|c| c.is_alphabetic())
        && first.is_some_and(|c| c.is_lowercase())
    {
        para.pop();
        para.push_str(next);
    } else if prev.is_some_and(no_space_script) || first.is_some_and(no_space_script) {
        para.push_str(next);
    } else {
        para.push(' ');
        para.push_str(next);
    }
}

/// Where a clause begins, from its first line.
#[derive(Debug, Clone, PartialEq)]
enum Start {
    Named(&'static str, String),
    Annex(String, Option<String>),
    Numbered(String, String),
}

struct Builder {
    clauses: Vec<Clause>,
    seen: HashSet<String>,
    /// Last top-level number, to refuse numbers that cannot be the next clause.
    last_top: Option<u32>,
    /// Current clause under construction: key, heading, paragraphs.
    current: Option<(String, Option<String>, Vec<String>)>,
    /// The last line taken into the current paragraph (for joining).
    last: Option<Line>,
    /// An annex label was just read: the next lines are its status and title.
    annex_title_pending: bool,
    /// The bold heading line just read: a bold line right under it continues it.
    heading_open: bool,
    lang: String,
    /// Median glyph size of the body (headings are larger).
    body_size: f32,
}

fn parent_of(key: &str) -> Option<String> {
    key.rsplit_once('.').map(|(p, _)| p.to_string())
}

impl Builder {
    /// A line set apart as a heading: bold, larger than the body text, or short with
    /// no sentence end.
    fn heading_like(&self, line: &Line, rest: &str) -> bool {
        let ends_sentence = rest.ends_with(['.', '。', ';', '；', ':', '：', ',', '，']);
        line.bold
            || line.size > self.body_size * 1.1
            || (!ends_sentence
                && rest.chars().count() <= 80
                && line.x1 < line.column_right - 3.0 * line.size)
    }

    fn plausible(&self, key: &str, bold: bool) -> bool {
        if self.seen.contains(key) {
            return false;
        }
        match parent_of(key) {
            Some(p) => self.seen.contains(&p),
            None => match (key.parse::<u32>(), self.last_top) {
                // The first clause may be 0 (an IEC introduction) or 1.
                (Ok(n), None) => n <= 12 && (bold || n <= 1),
                (Ok(n), Some(last)) => n > last && n <= last + 12 && (bold || n == last + 1),
                _ => false,
            },
        }
    }

    fn start_of(&self, line: &Line) -> Option<Start> {
        let t = line.text.trim();
        let n = norm(t);
        if FOREWORD.contains(&n.as_str()) && !self.seen.contains("foreword") {
            return Some(Start::Named("foreword", t.to_string()));
        }
        if INTRODUCTION.contains(&n.as_str()) && !self.seen.contains("introduction") {
            return Some(Start::Named("introduction", t.to_string()));
        }
        if let Some(c) = ANNEX.captures(t) {
            let key = annex_letter(&c[1]);
            if !self.seen.contains(&key) {
                let rest = c
                    .get(2)
                    .map(|m| m.as_str().trim().to_string())
                    .filter(|s| !s.is_empty());
                return Some(Start::Annex(key, rest));
            }
        }
        let c = NUMBERED.captures(t)?;
        let key = c[1].to_string();
        let rest = c[2].trim().to_string();
        // A letter alone is an annex only through its label; "A.1" needs annex A.
        let first = key.chars().next().unwrap_or('0');
        if !first.is_ascii_digit()
            && (!key.contains('.') || !self.seen.contains(&first.to_string()))
        {
            return None;
        }
        // "13.2 …" must not be a value like "0.5 mA" or a table row.
        if rest.contains(" | ")
            || rest.starts_with(|c: char| c.is_ascii_digit() || "%°×/".contains(c))
        {
            return None;
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        if words.len() <= 2
            && words.first().is_some_and(|w| {
                w.len() <= 3 && w.chars().all(|c| c.is_ascii_alphabetic()) && !line.bold
            })
        {
            return None; // "250 V", "16 A": a quantity, not a clause
        }
        let heading = self.heading_like(line, &rest);
        self.plausible(&key, heading)
            .then_some(Start::Numbered(key, rest))
    }

    fn close(&mut self) {
        let Some((key, heading, paras)) = self.current.take() else {
            return;
        };
        let parent = if matches!(key.as_str(), "foreword" | "introduction") {
            None
        } else {
            parent_of(&key)
        };
        let depth = if parent.is_none() {
            1
        } else {
            key.matches('.').count() as u32 + 1
        };
        let text = paras
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        self.clauses.push(Clause {
            references: find_references(&text),
            key,
            parent,
            depth,
            heading,
            text,
            kind: ClauseKind::Requirement,
            lang: self.lang.clone(),
        });
        self.last = None;
    }

    fn open(&mut self, key: String, heading: Option<String>, first: Option<String>) {
        self.close();
        if let Ok(n) = key.parse::<u32>() {
            self.last_top = Some(n);
        }
        self.seen.insert(key.clone());
        self.current = Some((key, heading, first.into_iter().collect()));
    }

    /// A body line that is not a clause start: a new paragraph or the next line of one.
    fn text(&mut self, line: &Line) {
        let Some((_, heading, paras)) = self.current.as_mut() else {
            return;
        };
        // A bold line right under a bold heading is the heading's wrapped end.
        let continues_heading =
            std::mem::take(&mut self.heading_open) && line.bold && paras.is_empty();
        if let (true, Some(h)) = (continues_heading, heading.as_mut()) {
            join_into(h, line.text.trim());
            self.heading_open = true;
            return;
        }
        if self.annex_title_pending {
            let n = norm(&line.text);
            if line.text.starts_with(['(', '（']) && ANNEX_STATUS.iter().any(|w| n.contains(w)) {
                // "（资料性附录）": the annex's status, text of the annex as in the XML.
                paras.push(line.text.trim().to_string());
                self.last = None;
                return;
            }
            self.annex_title_pending = false;
            if heading.is_none() {
                *heading = Some(line.text.trim().to_string());
                return;
            }
        }
        let new_para = match (&self.last, paras.last()) {
            (Some(prev), Some(_)) => {
                let same_column = prev.column == line.column;
                let pitch = prev.y - line.y;
                // The previous line ended early: the next line's first word would
                // have fitted on it, so the break was the paragraph's end.
                let short = prev.x1 + first_word_width(&line.text, line.size)
                    < prev.column_right - 0.3 * prev.size;
                // Moving up (a new column or page) is no break by itself: paragraphs
                // run on across columns and pages.
                let gap = same_column && pitch > prev.size * 1.9;
                let starts_item = is_item_start(&line.text);
                short
                    || gap
                    || starts_item
                    || prev.text.contains(" | ")
                    || line.text.contains(" | ")
            }
            _ => true,
        };
        if new_para {
            paras.push(line.text.clone());
        } else if let Some(p) = paras.last_mut() {
            join_into(p, &line.text);
        }
        self.last = Some(line.clone());
    }
}

/// Rough width of a line's first word: Latin letters are about half an em; a Chinese
/// character an em; Thai breaks anywhere between syllables, so two characters.
fn first_word_width(text: &str, size: f32) -> f32 {
    let first = text.chars().next().unwrap_or(' ');
    if no_space_script(first) {
        let ems = if ('\u{0E00}'..='\u{0E7F}').contains(&first) {
            1.2
        } else {
            1.0
        };
        return ems * size;
    }
    let word = text.split_whitespace().next().unwrap_or("");
    word.chars().count() as f32 * 0.5 * size
}

/// Lines that always begin a paragraph: notes, list items.
fn is_item_start(t: &str) -> bool {
    const MARKS: &[&str] = &[
        "注",
        "NOTE",
        "Note",
        "CHÚ THÍCH",
        "หมายเหตุ",
        "CATATAN",
        "NOTA",
        "示例",
        "EXAMPLE",
        "—",
        "–",
        "•",
        "a)",
        "b)",
        "c)",
        "d)",
        "e)",
        "f)",
    ];
    MARKS.iter().any(|m| t.starts_with(m))
}

fn is_toc_page(lines: &[Line]) -> bool {
    let first = lines.iter().find(|l| !l.text.trim().is_empty());
    let titled = first.is_some_and(|l| TOC_TITLES.contains(&norm(&l.text).as_str()));
    let leaders = lines.iter().filter(|l| LEADER.is_match(&l.text)).count();
    titled || (leaders >= 3 && leaders * 2 >= lines.len())
}

/// Guesses the language from the text's script and a few function words.
fn guess_lang(text: &str) -> String {
    let (mut han, mut thai, mut latin) = (0usize, 0usize, 0usize);
    let mut vi = 0usize;
    for c in text.chars().take(20_000) {
        match c {
            '\u{4E00}'..='\u{9FFF}' => han += 1,
            '\u{0E00}'..='\u{0E7F}' => thai += 1,
            'ơ' | 'ư' | 'đ' | 'ă' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ậ' | 'ệ' | 'ế' | 'ề' | 'ọ' | 'ộ'
            | 'ố' | 'ồ' | 'ị' | 'ụ' | 'ủ' => {
                vi += 1;
                latin += 1
            }
            c if c.is_alphabetic() => latin += 1,
            _ => {}
        }
    }
    if han > latin && han >= thai {
        return "zh".into();
    }
    if thai > latin {
        return "th".into();
    }
    if vi * 50 > latin {
        return "vi".into();
    }
    let words: Vec<String> = text
        .split_whitespace()
        .take(5000)
        .map(|w| w.to_lowercase())
        .collect();
    let count = |list: &[&str]| words.iter().filter(|w| list.contains(&w.as_str())).count();
    let en = count(&["the", "and", "of", "shall", "with"]);
    let id = count(&["yang", "dan", "harus", "untuk", "dengan", "tidak"]);
    let ms = count(&["hendaklah", "perkakas", "bagi", "mestilah", "kendalian"]);
    if id + ms > en {
        if ms * 3 > id {
            "ms".into()
        } else {
            "id".into()
        }
    } else {
        "en".into()
    }
}

/// Builds the standard from the pages' lines (running lines already dropped).
pub fn build(
    path: &Path,
    pages: &[PageLines],
    running: &[String],
    source: Source,
) -> Result<Standard, Reason> {
    // A cover: the first of several pages, short, its standard number set large.
    let cover = pages
        .first()
        .filter(|p| pages.len() > 1 && p.lines.len() <= 40)
        .map(|p| read_cover(&p.lines))
        .filter(|c| c.number_size > 1.05 * median_size(&pages[0].lines) || c.number_size >= 14.0);
    let has_cover = cover.is_some();
    let cover = cover.unwrap_or_default();
    let body_pages = if has_cover { &pages[1..] } else { pages };
    let all_text: String = body_pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    let lang = guess_lang(&all_text);
    let mut b = Builder {
        clauses: Vec::new(),
        seen: HashSet::new(),
        last_top: None,
        current: None,
        last: None,
        annex_title_pending: false,
        heading_open: false,
        lang: lang.clone(),
        body_size: median_size(
            &body_pages
                .iter()
                .flat_map(|p| p.lines.iter().cloned())
                .collect::<Vec<_>>(),
        ),
    };
    let titles: HashSet<String> = cover.titles.iter().map(|t| norm(t)).collect();
    let mut in_toc = false;
    for page in body_pages {
        if is_toc_page(&page.lines) {
            in_toc = true;
            continue;
        }
        // A TOC running over pages ends on the first page that is not one.
        let _ = in_toc;
        in_toc = false;
        for line in &page.lines {
            // Leader lines of a contents list; the title repeated over the first
            // page of text.
            let n = norm(&line.text);
            let repeats_title = n.chars().count() > 8
                && line.size > b.body_size * 1.1
                && titles.iter().any(|t| t.contains(&n));
            if LEADER.is_match(&line.text) || titles.contains(&n) || repeats_title {
                continue;
            }
            match b.start_of(line) {
                Some(Start::Named(key, heading)) => {
                    b.open(key.to_string(), Some(heading), None);
                }
                Some(Start::Annex(key, rest)) => {
                    b.open(key, rest.clone(), None);
                    b.annex_title_pending = true;
                }
                Some(Start::Numbered(key, rest)) => {
                    if rest.is_empty() || b.heading_like(line, &rest) {
                        let heading = (!rest.is_empty()).then_some(rest);
                        b.open(key, heading, None);
                        b.heading_open = line.bold;
                    } else {
                        b.open(key, None, Some(rest));
                        b.last = Some(line.clone());
                    }
                }
                None => {
                    // A bold line right under a numbered heading-less start continues
                    // the heading (headings wrap too).
                    b.text(line);
                }
            }
        }
    }
    b.close();
    let mut clauses = b.clauses;
    if clauses.is_empty() {
        return Err(Reason::PdfNoClauses);
    }
    classify(&mut clauses);

    let national = |text: &str| {
        find_references(&text.replace(['—', '–', '―'], "-"))
            .into_iter()
            .find(|r| originator_of(r).is_some_and(|o| !matches!(o, "IEC" | "ISO" | "ISO/IEC")))
    };
    let reference = cover
        .reference
        .clone()
        // The running header names the standard on every page.
        .or_else(|| running.iter().find_map(|t| national(t)))
        .or_else(|| {
            find_references(&all_text.chars().take(2000).collect::<String>())
                .into_iter()
                .find(|r| originator_of(r).is_some_and(|o| !matches!(o, "IEC" | "ISO" | "ISO/IEC")))
        })
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "unnamed".into())
        });
    let originator = originator_of(&reference)
        .map(str::to_string)
        .unwrap_or_default();
    let (body, country) = body_and_country(&originator);
    let (body, country) = if body.is_empty() {
        (originator.clone(), String::new())
    } else {
        (body.to_string(), country.to_string())
    };

    let own = normalize_reference(&reference);
    let mut adoptions: Vec<Adoption> = Vec::new();
    let stated = clauses
        .iter()
        .filter(|c| matches!(c.kind, ClauseKind::Foreword | ClauseKind::Introduction))
        .flat_map(|c| adoption::detect_adoptions(&c.text));
    for a in cover
        .adoptions
        .iter()
        .cloned()
        .chain(stated)
        .chain(adoption::adoption_from_double_number(&reference))
    {
        let id = normalize_reference(&a.reference);
        if !own.ends_with(&id)
            && !adoptions
                .iter()
                .any(|x| normalize_reference(&x.reference) == id)
        {
            adoptions.push(a);
        }
    }
    let mut titles = BTreeMap::new();
    for t in &cover.titles {
        let l = match script(t) {
            'h' => "zh".to_string(),
            't' => "th".to_string(),
            _ if lang != "zh"
                && lang != "th"
                && !titles.contains_key(&lang)
                && guess_lang(t) == lang =>
            {
                lang.clone()
            }
            _ => "en".to_string(),
        };
        titles.entry(l).or_insert_with(|| t.clone());
    }
    let clause_count = clauses.len();
    Ok(Standard {
        info: StandardInfo {
            id: normalize_reference(&reference),
            year: year_of(&reference),
            reference,
            aliases: Vec::new(),
            originator,
            body,
            country,
            lang,
            titles,
            ics: cover.ics,
            adoptions,
            source,
            clause_count,
        },
        clauses,
        warnings: Vec::new(),
    })
}

/// Clause kinds from headings and parents, as the XML path assigns them.
fn classify(clauses: &mut [Clause]) {
    let mut kinds: HashMap<String, ClauseKind> = HashMap::new();
    for c in clauses.iter_mut() {
        let parent_kind = c.parent.as_ref().and_then(|p| kinds.get(p)).copied();
        c.kind = match c.key.as_str() {
            "foreword" => ClauseKind::Foreword,
            "introduction" => ClauseKind::Introduction,
            k if c.parent.is_none() && k.chars().all(|ch| !ch.is_ascii_digit()) => {
                ClauseKind::Annex
            }
            _ => match parent_kind {
                Some(ClauseKind::Annex) => ClauseKind::Annex,
                Some(ClauseKind::Terms) => ClauseKind::Term,
                Some(
                    k @ (ClauseKind::Scope
                    | ClauseKind::NormativeReferences
                    | ClauseKind::Foreword
                    | ClauseKind::Introduction),
                ) => k,
                _ => c
                    .heading
                    .as_deref()
                    .and_then(kind_from_heading)
                    .unwrap_or(ClauseKind::Requirement),
            },
        };
        kinds.insert(c.key.clone(), c.kind);
    }
}
