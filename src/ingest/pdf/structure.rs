//! Lines of a standards PDF → a [`Standard`]: running headers and footers dropped,
//! the cover read for metadata, the table of contents skipped, clauses found by their
//! numbering (1, 1.1, A.1; annex labels in every corpus language; foreword and
//! introduction by name), wrapped lines joined back into paragraphs.

use super::layout::{Line, MARGIN_BAND};
use crate::ingest::headings::kind_from_heading;
use crate::ingest::refs::{body_and_country, find_references, originator_of, tidy, year_of};
use crate::ingest::{Reason, adoption, identity};
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
    // A trailing dot is the top-level style of many producers (`1. QUY ĐỊNH CHUNG`).
    Regex::new(r"^((?:[A-Z]|[ก-ฮ]|[0-9]{1,3})(?:\.[0-9]{1,3})*)\.?(?:\s+|$)(.*)$").unwrap()
});
/// Chapter and article words that carry a clause number: `第1章`, `Điều 5.`,
/// `Chương II`, `Phần 2`, `Bab 3`, `Pasal 4`, `หมวด 1`. (`ข้อ 15.3` and `Article 5`
/// open sentences that cite clauses, so they are no starts.)
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第\s*([0-9]{1,3})\s*[章条]|(?:Điều|ĐIỀU|Pasal|PASAL)\s+([0-9]{1,3})\.?|(Chương|CHƯƠNG|Phần|PHẦN|Bab|BAB|Chapter|CHAPTER|Part|PART|หมวด)\s+([IVXLC]{1,6}|[0-9]{1,2})\.?)(?:\s+|[:：.]\s*|$)(.*)$").unwrap()
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
    // Every line as read, for diagnosing a producer's layout:
    // STDALIGN_LOG=stdalign::ingest::pdf=trace stdalign ingest file.pdf
    if tracing::enabled!(tracing::Level::TRACE) {
        for (i, p) in pages.iter().enumerate() {
            for l in &p.lines {
                tracing::trace!(
                    "p{} y={:.0}/{:.0} x={:.0}-{:.0} size={:.1} bold={} column={} ocr={:?} | {}",
                    i + 1,
                    l.y,
                    p.height,
                    l.x0,
                    l.x1,
                    l.size,
                    l.bold,
                    l.column,
                    l.conf,
                    l.text
                );
            }
        }
    }
    let exact = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut placed: HashMap<(String, i32), usize> = HashMap::new();
    for p in pages.iter() {
        let mut here: HashSet<String> = HashSet::new();
        let mut here_placed: HashSet<(String, i32)> = HashSet::new();
        for l in &p.lines {
            let sh = shape(&l.text);
            if sh.is_empty() {
                continue;
            }
            if in_band(l, p.height) {
                here.insert(sh.clone());
            }
            here_placed.insert((exact(&l.text), (l.y / 4.0).round() as i32));
        }
        for s in here {
            *seen.entry(s).or_default() += 1;
        }
        for s in here_placed {
            *placed.entry(s).or_default() += 1;
        }
    }
    let many = pages.len() >= 2;
    let repeated = |t: &str| many && seen.get(&shape(t)).is_some_and(|&n| n >= 2);
    let everywhere = pages.len().max(4).div_ceil(4);
    let recurring = |l: &Line| {
        let key = exact(&l.text);
        let y = (l.y / 4.0).round() as i32;
        let n: usize = (y - 1..=y + 1)
            .filter_map(|y| placed.get(&(key.clone(), y)))
            .sum();
        // Short repeated strings (a table's "单位") are not enough on their own.
        n >= 3 && n >= everywhere && key.chars().count() >= 6
    };
    // A page number may sit above the band; it is then the page's last (or first) line.
    let near_edge = |l: &Line, h: f32| l.y <= h * 0.15 || l.y >= h * 0.85;
    for p in pages.iter_mut() {
        let h = p.height;
        let first_y = p.lines.iter().map(|l| l.y).fold(f32::MIN, f32::max);
        let last_y = p.lines.iter().map(|l| l.y).fold(f32::MAX, f32::min);
        p.lines.retain(|l| {
            let outermost = (l.y == first_y || l.y == last_y) && near_edge(l, h);
            let running = (outermost && PAGE_NUMBER.is_match(l.text.trim()))
                || (in_band(l, h)
                    && (PAGE_NUMBER.is_match(l.text.trim())
                        || l.text.contains('©')
                        || l.text.to_lowercase().contains("copyright")
                        || repeated(&l.text)))
                || recurring(l);
            if running {
                tracing::trace!("running line dropped (y={:.0}): {}", l.y, l.text);
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
    /// Dated numbers on the cover that are not citations, with their glyph size.
    pub numbers: Vec<(identity::Found, f32)>,
    /// Titles with the language they are in, in cover order.
    pub titles: Vec<(String, String)>,
    pub ics: Vec<String>,
    pub ccs: Option<String>,
    pub published: Option<String>,
    pub effective: Option<String>,
    pub replaces: Vec<String>,
    pub draft: bool,
    pub adoptions: Vec<Adoption>,
}

/// Lines of a cover that name the kind of document or its publisher, not its title:
/// `中华人民共和国国家标准`, `团 体 标 准`, `INTERNATIONAL STANDARD`, `CỘNG HÒA XÃ HỘI …`.
fn is_masthead(compact: &str) -> bool {
    static BODY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:中华人民共和国.*|.{0,8}(?:团体|地方|行业|企业|国家)标准|.*发布|备案号.*|internationalstandard|international|standard|cộnghòa.*|độclập.*|tiêuchuẩnquốcgia|referencenumber|hànội.*|mauksamtandardindustri.*|standardnasionalindonesia|malaysianstandard|singaporestandard|philippinenationalstandard|มาตรฐานผลิตภัณฑ์อุตสาหกรรม)$").expect("valid")
    });
    BODY.is_match(compact)
}

/// Reads a cover page: the dated numbers on it (the identity is chosen in [`build`]
/// with the running headers), titles per language, ICS and CCS, dates, the edition
/// replaced, draft status and adoption.
pub fn read_cover(lines: &[Line], lang: &str) -> Cover {
    let mut cover = Cover::default();
    let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let (published, effective) = identity::cover_dates(&text);
    cover.published = published;
    cover.effective = effective;
    if cover.published.is_none() && cover.effective.is_none() {
        // Two dates side by side at the foot of a cover are 发布 then 实施, even where
        // the words did not come through (OCR).
        let mut dated: Vec<(f32, f32, String)> = lines
            .iter()
            .flat_map(|l| {
                l.text
                    .split(" | ")
                    .filter_map(identity::iso_date)
                    .map(move |d| (l.y, l.x0, d))
            })
            .collect();
        dated.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        if let [a, b] = dated.as_slice()
            && (a.0 - b.0).abs() < 3.0
        {
            cover.published = Some(a.2.clone());
            cover.effective = Some(b.2.clone());
        }
    }
    let mut after_ics = false;
    let mut edition_pending = false;
    let mut title_lines: Vec<Line> = Vec::new();
    // Cells set apart on one baseline ("INTERNATIONAL | ISO/IEC") are read one by one.
    let cells: Vec<Line> = lines
        .iter()
        .flat_map(|l| {
            l.text.split(" | ").map(move |t| Line {
                text: t.to_string(),
                ..l.clone()
            })
        })
        .collect();
    for l in &cells {
        let t = l.text.as_str();
        let folded = identity::fold(t);
        let compact: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
        static SPACED: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(\d)\.\s+(\d)").expect("valid"));
        let unspaced = SPACED.replace_all(&folded, "$1.$2").replace(" ;", ";");
        if let Some(ics) = ics_codes(&unspaced) {
            cover.ics = ics;
            after_ics = true;
            continue;
        }
        if let Some(ccs) = identity::ccs(t, after_ics) {
            cover.ccs = Some(ccs);
            after_ics = false;
            continue;
        }
        after_ics = false;
        for c in ADOPTION_LINE.captures_iter(t) {
            let reference = tidy(&c[1].replace('：', ":"));
            if let Some(degree) = Degree::parse(&c[2]) {
                cover.adoptions.push(Adoption { reference, degree });
            }
        }
        if identity::is_draft_marker(t) {
            cover.draft = true;
            continue;
        }
        let replaced = identity::replaced(t);
        if !replaced.is_empty() {
            cover.replaces.extend(replaced);
            continue;
        }
        let numbers = identity::numbers(t);
        if !numbers.is_empty() {
            for n in numbers {
                if !identity::cited_before(&folded[..n.start]) {
                    cover.numbers.push((n, l.size));
                }
            }
            continue;
        }
        // An edition line's date is the publication date (ISO covers).
        if std::mem::take(&mut edition_pending) && cover.published.is_none() {
            cover.published = identity::iso_date(t);
        }
        if EDITION.is_match(t) {
            edition_pending = true;
            if cover.published.is_none() {
                cover.published = identity::iso_date(t);
            }
            continue;
        }
        let digits = t.chars().filter(char::is_ascii_digit).count();
        if ADOPTION_LINE.is_match(t)
            || DATE.is_match(&folded)
            || digits * 3 > t.chars().count()
            || EDITION.is_match(t)
            || is_masthead(&compact.to_lowercase())
            || t.contains('©')
            || PAGE_NUMBER.is_match(t.trim())
            // Large display type that OCR could not read is no title.
            || l.conf.is_some_and(|c| c < 75.0)
        {
            continue;
        }
        title_lines.push(l.clone());
    }
    // A title is a run of lines of one script and about one size; the biggest run in
    // each language is that language's title.
    let mut runs: Vec<(Vec<&Line>, f32)> = Vec::new();
    for l in &title_lines {
        let joins = runs.last().is_some_and(|(run, _)| {
            let p = run[run.len() - 1];
            // A Chinese title and its part title ("第1部分：总则") are one title in
            // two sizes.
            let han_pair = script(&p.text) == 'h'
                && script(&l.text) == 'h'
                && (p.y - l.y) < p.size.max(l.size) * 1.6;
            han_pair
                || (p.size - l.size).abs() < 0.2 * l.size.max(p.size)
                    && (p.y - l.y) < l.size.max(p.size) * 2.6
                    && script(&p.text) == script(&l.text)
                    && title_lang(&p.text, lang) == title_lang(&l.text, lang)
        });
        if joins {
            let (run, _) = runs.last_mut().expect("a run");
            run.push(l);
        } else {
            runs.push((vec![l], l.size));
        }
    }
    let mut best: BTreeMap<String, (f32, usize, String)> = BTreeMap::new();
    for (run, size) in runs {
        let mut title = String::new();
        for l in &run {
            if title.is_empty() {
                title = l.text.trim().to_string();
            } else {
                join_into(&mut title, l.text.trim());
            }
        }
        let chars = title.chars().filter(|c| c.is_alphabetic()).count();
        // A bare prefix ("ISO/IEC") or a short word is no title.
        let one_code = !title.contains(' ')
            && title
                .chars()
                .all(|c| c.is_ascii_uppercase() || "/-.".contains(c));
        if chars < 4 || one_code {
            continue;
        }
        let l = title_lang(&title, lang);
        let score = (size, chars);
        if best
            .get(&l)
            .is_none_or(|(s, n, _)| (score.0, score.1) > (*s + 0.5, *n))
        {
            best.insert(l, (size, chars, title));
        }
    }
    let mut titles: Vec<(f32, String, String)> =
        best.into_iter().map(|(l, (s, _, t))| (s, l, t)).collect();
    titles.sort_by(|a, b| b.0.total_cmp(&a.0));
    cover.titles = titles.into_iter().map(|(_, l, t)| (l, t)).collect();
    cover
}

/// The language of a cover title: by script, Vietnamese by its letters, French by a
/// few words, else English (the second language of most covers).
fn title_lang(title: &str, doc_lang: &str) -> String {
    match script(title) {
        'h' => return "zh".into(),
        't' => return "th".into(),
        _ => {}
    }
    let g = guess_lang(&title.to_lowercase());
    if g == "vi" {
        return g;
    }
    let lower = title.to_lowercase();
    let french = [
        " de ",
        " des ",
        " les ",
        " pour ",
        "partie ",
        " l'",
        "technologies de",
    ];
    if french.iter().filter(|w| lower.contains(*w)).count() >= 2 {
        return "fr".into();
    }
    if matches!(doc_lang, "id" | "ms") && g == doc_lang {
        return g;
    }
    "en".into()
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
    Chapter(String, String),
}

struct Builder {
    clauses: Vec<Clause>,
    seen: HashSet<String>,
    /// Last top-level number, to refuse numbers that cannot be the next clause.
    last_top: Option<u32>,
    /// Current clause under construction: key, heading, paragraphs.
    current: Option<(String, Option<String>, Vec<String>)>,
    /// Key of the clause being read, kept after it closes (to place sub-clauses).
    open_key: Option<String>,
    /// The last annex letter read.
    last_annex: Option<String>,
    /// The current clause began with a numbered line read as text (maybe a heading).
    first_line_pending: bool,
    /// OCR confidences of the current clause's lines.
    confs: Vec<f32>,
    /// The clause number stood alone: a short line after it is its heading.
    heading_pending: bool,
    /// The last line taken into the current paragraph (for joining).
    last: Option<Line>,
    /// An annex label was just read: the next lines are its status and title.
    annex_title_pending: bool,
    /// The bold heading line just read: a bold line right under it continues it.
    heading_open: bool,
    lang: String,
    /// Median glyph size of the body (headings are larger).
    body_size: f32,
    /// Left edge of the page's single-column text: the leftmost edge that two lines
    /// share (a page full of tables has its percentile edge at the table).
    page_left: f32,
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

    /// Whether `key` can be the next clause: not seen before; a sub-clause opens
    /// under the clause being read or one of its ancestors (a table row `1.2` inside
    /// clause 6 is no clause); a top-level number follows the last one, skipping at
    /// most two, and only when the line is set apart (bold or larger).
    fn plausible(&self, key: &str, heading: bool, strong: bool) -> bool {
        if self.seen.contains(key) {
            return false;
        }
        match parent_of(key) {
            Some(p) => {
                let current = self.open_key.as_deref().unwrap_or("");
                self.seen.contains(&p) && (current == p || current.starts_with(&format!("{p}.")))
            }
            None => match (key.parse::<u32>(), self.last_top) {
                // The first clause may be 0 (an IEC introduction) or 1, or a later
                // heading in an excerpt.
                (Ok(n), None) => n <= 1 || (n <= 12 && (heading || strong)),
                (Ok(n), Some(last)) => {
                    n == last + 1 && heading || (n > last + 1 && n <= last + 3 && strong)
                }
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
            let rest = c
                .get(2)
                .map(|m| m.as_str().trim().to_string())
                .filter(|s| !s.is_empty());
            // A label, not a sentence that names an annex ("Annex A provides …"): the
            // rest is empty, a status in brackets, or a heading that starts upper case.
            let label = match &rest {
                None => true,
                Some(r) => {
                    r.starts_with(['(', '（'])
                        || (self.heading_like(line, r)
                            && !r.starts_with(|ch: char| ch.is_lowercase()))
                }
            };
            // Annexes come in order: A, then B …
            let in_order = match (&self.last_annex, key.chars().next()) {
                (Some(last), Some(k)) => {
                    key.chars().count() > last.chars().count() || key > *last && k.is_alphabetic()
                }
                _ => true,
            };
            if !self.seen.contains(&key) && label && in_order {
                return Some(Start::Annex(key, rest));
            }
        }
        // An annex status on its own line with no label before it: the label was lost
        // (OCR misreads the spaced-out "附 录 A"), the status still says an annex starts.
        if !self.annex_title_pending && t.starts_with(['(', '（']) && t.chars().count() <= 24 {
            let n = norm(t);
            if ANNEX_STATUS.iter().any(|w| n.contains(w)) && n.ends_with([')', '）']) {
                let next = match self.last_annex.as_deref().and_then(|l| l.chars().next()) {
                    Some(c) if c.is_ascii_uppercase() && c < 'Z' => ((c as u8) + 1) as char,
                    Some(_) => return None,
                    None => 'A',
                };
                let key = next.to_string();
                if !self.seen.contains(&key) {
                    return Some(Start::Annex(key, None));
                }
            }
        }
        if let Some(c) = CHAPTER.captures(t) {
            let rest = c[5].trim().to_string();
            if let Some(n) = c.get(1).or(c.get(2)) {
                let key = n.as_str().to_string();
                return self
                    .plausible(&key, true, true)
                    .then_some(Start::Numbered(key, rest));
            }
            // A chapter or part groups articles: a named top-level section.
            let key = format!("{} {}", &c[3], &c[4]);
            if !self.seen.contains(&key) {
                return Some(Start::Chapter(key, rest));
            }
            return None;
        }
        let c = NUMBERED.captures(t)?;
        let key = c[1].to_string();
        let rest = c[2].trim().to_string();
        // Clause numbers start at the text block's left edge in body-size type or
        // larger; table rows and notes are indented or set smaller.
        // OCR sizes come from box heights: a bare "3.1" is shorter than a line of
        // ideographs, so they are held to a looser bound.
        let smaller = if line.conf.is_some() { 0.7 } else { 0.9 };
        // The left edge: the column's, or for single-column text the document's
        // (a page full of tables has its own edge at the table).
        let left = if line.column == 0 && self.page_left > 0.0 {
            line.column_left.min(self.page_left)
        } else {
            line.column_left
        };
        if line.size < self.body_size * smaller || (left > 0.0 && line.x0 > left + 2.5 * line.size)
        {
            return None;
        }
        // A letter alone is an annex only through its label; "A.1" needs annex A.
        let first = key.chars().next().unwrap_or('0');
        if !first.is_ascii_digit()
            && (!key.contains('.') || !self.seen.contains(&first.to_string()))
        {
            return None;
        }
        // "13.2 …" must not be a value like "0.5 mA" or a table row.
        // A heading holds no table rule (OCR reads cell borders as `|`).
        if rest.contains('|')
            || rest.starts_with(|c: char| c.is_ascii_digit() || "%°×/".contains(c))
        {
            return None;
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        let unit = |w: &&str| w.len() <= 3 && w.chars().all(|c| c.is_ascii_alphabetic());
        if !words.is_empty() && words.len() <= 2 && words.iter().all(unit) && !line.bold {
            return None; // "250 V", "16 A": a quantity, not a clause
        }
        let heading = self.heading_like(line, &rest);
        let strong = line.bold || line.size > self.body_size * 1.1;
        self.plausible(&key, heading || rest.is_empty(), strong)
            .then_some(Start::Numbered(key, rest))
    }

    /// A number seen before, after a run of clauses without text: what came before
    /// was a contents list the page tests did not recognise. Its entries are dropped
    /// (the foreword and introduction kept) and reading starts again.
    fn restart_after_contents(&mut self, line: &Line) {
        let t = line.text.trim();
        let key = match (ANNEX.captures(t), NUMBERED.captures(t)) {
            (Some(c), _) => annex_letter(&c[1]),
            (None, Some(c)) => c[1].to_string(),
            _ => return,
        };
        if !self.seen.contains(&key) {
            return;
        }
        let named = |k: &str| matches!(k, "foreword" | "introduction");
        let listed: Vec<&Clause> = self.clauses.iter().filter(|c| !named(&c.key)).collect();
        let empty = listed
            .iter()
            .filter(|c| c.text.chars().count() < 12)
            .count();
        if listed.len() >= 3 && empty * 10 >= listed.len() * 8 {
            self.close();
            self.clauses.retain(|c| named(&c.key));
            self.seen = self.clauses.iter().map(|c| c.key.clone()).collect();
            self.last_top = None;
            self.open_key = None;
        }
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
        let confs = std::mem::take(&mut self.confs);
        let ocr_confidence =
            (!confs.is_empty()).then(|| confs.iter().sum::<f32>() / confs.len() as f32);
        self.clauses.push(Clause {
            ocr: ocr_confidence.is_some(),
            ocr_confidence: ocr_confidence.map(|c| (c * 10.0).round() / 10.0),
            references: find_references(&text),
            key,
            parent,
            depth,
            heading,
            text,
            kind: ClauseKind::Requirement,
            lang: self.lang.clone(),
            ..Default::default()
        });
        self.last = None;
    }

    fn open(&mut self, key: String, heading: Option<String>, first: Option<String>) {
        self.close();
        if let Ok(n) = key.parse::<u32>() {
            self.last_top = Some(n);
        }
        self.seen.insert(key.clone());
        self.open_key = Some(key.clone());
        self.current = Some((key, heading, first.into_iter().collect()));
    }

    /// A body line that is not a clause start: a new paragraph or the next line of one.
    fn text(&mut self, line: &Line) {
        let Some((_, heading, paras)) = self.current.as_mut() else {
            return;
        };
        // A bold line right under a bold heading, or any line under a heading that
        // leaves a bracket open, is the heading's wrapped end.
        let open_bracket = heading
            .as_deref()
            .is_some_and(|h| h.matches(['(', '（']).count() > h.matches([')', '）']).count());
        let continues_heading = std::mem::take(&mut self.heading_open)
            && (line.bold || open_bracket)
            && paras.is_empty();
        if let (true, Some(h)) = (continues_heading, heading.as_mut()) {
            join_into(h, line.text.trim());
            self.heading_open = true;
            return;
        }
        // A number alone on its line (a term entry, a heading that went to the next
        // line or page) takes the short line after it as its heading.
        if std::mem::take(&mut self.heading_pending)
            && heading.is_none()
            && paras.is_empty()
            && line.text.trim().chars().count() <= 120
            && !line
                .text
                .trim_end()
                .ends_with(['.', '。', ';', '；', ':', '：', ',', '，'])
        {
            *heading = Some(line.text.trim().to_string());
            self.last = None;
            return;
        }
        // A numbered line read as the start of a paragraph was the heading after
        // all when it ends without punctuation and the next line opens a paragraph
        // of its own (indented), as term entries printed on one long line do.
        if std::mem::take(&mut self.first_line_pending)
            && heading.is_none()
            && paras.len() == 1
            && self.last.as_ref().is_some_and(|prev| {
                !prev
                    .text
                    .trim_end()
                    .ends_with(['.', '。', ';', '；', ':', '：', ',', '，'])
                    && line.x0 > line.column_left + 0.8 * line.size
                    && line.x0 > prev.column_left + 0.8 * line.size
            })
        {
            *heading = paras.pop();
            self.last = None;
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

/// A contents entry: dot leaders, or a clause label with a page number at the end.
fn is_toc_line(t: &str) -> bool {
    static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[0-9]{1,3}(?:\.[0-9]{1,3})*\.?|[A-Z]\.[0-9.]+|附\s*录\s*[A-Z]|Annex\s+[A-Z]|Phụ lục\s+[A-Z]|前\s*言|引\s*言|参考文献|Foreword|Introduction|Bibliography|Lời nói đầu)\s*\S.*?\s*(?:[0-9]{1,3}|[IVXⅠ-Ⅻ]{1,5})$").expect("valid")
    });
    LEADER.is_match(t) || ENTRY.is_match(t.trim())
}

fn is_toc_page(lines: &[Line], previous_was_toc: bool) -> bool {
    let first = lines.iter().find(|l| !l.text.trim().is_empty());
    let titled = first.is_some_and(|l| TOC_TITLES.contains(&norm(&l.text).as_str()));
    let entries = lines.iter().filter(|l| is_toc_line(&l.text)).count();
    let leaders = lines.iter().filter(|l| LEADER.is_match(&l.text)).count();
    titled
        || (leaders >= 3 && leaders * 2 >= lines.len())
        || (entries >= 3 && entries * 10 >= lines.len() * if previous_was_toc { 5 } else { 7 })
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
    // A cover: the first of several pages, short, with a dated number on it.
    let first_lang = guess_lang(
        &pages
            .iter()
            .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
            .take(3000)
            .collect::<Vec<_>>()
            .join("\n"),
    );
    // A cover: the first of several pages, with few lines, and a dated number or a
    // title set much larger than the text that follows.
    let rest_size = median_size(
        &pages
            .iter()
            .skip(1)
            .take(10)
            .flat_map(|p| p.lines.iter().cloned())
            .collect::<Vec<_>>(),
    );
    let cover = pages
        .first()
        .filter(|p| pages.len() > 1 && p.lines.len() <= 60)
        .map(|p| (read_cover(&p.lines, &first_lang), p))
        .filter(|(c, p)| {
            !c.numbers.is_empty()
                || (p.lines.len() <= 25 && p.lines.iter().any(|l| l.size >= 1.4 * rest_size))
        })
        .map(|(c, _)| c);
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
        open_key: None,
        last_annex: None,
        first_line_pending: false,
        confs: Vec::new(),
        heading_pending: false,
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
        page_left: 0.0,
    };
    let titles: HashSet<String> = cover.titles.iter().map(|(_, t)| norm(t)).collect();
    let mut in_toc = false;
    for page in body_pages {
        b.page_left = shared_left_edge(&page.lines);
        // A contents list running over pages ends on the first page that is not one.
        in_toc = is_toc_page(&page.lines, in_toc);
        if in_toc {
            continue;
        }
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
            b.restart_after_contents(line);
            let conf = line.conf;
            match b.start_of(line) {
                Some(Start::Named(key, heading)) => {
                    b.open(key.to_string(), Some(heading), None);
                }
                Some(Start::Annex(key, rest)) => {
                    b.last_annex = Some(key.clone());
                    let status_only = line.text.trim().starts_with(['(', '（']);
                    b.open(key, rest.clone(), None);
                    b.annex_title_pending = true;
                    if status_only {
                        b.text(line);
                    }
                }
                Some(Start::Chapter(key, rest)) => {
                    b.open(key, (!rest.is_empty()).then_some(rest), None);
                    b.annex_title_pending = true;
                }
                Some(Start::Numbered(key, rest)) => {
                    if rest.is_empty() || b.heading_like(line, &rest) {
                        let open_bracket =
                            rest.matches(['(', '（']).count() > rest.matches([')', '）']).count();
                        let bare = rest.is_empty();
                        let heading = (!bare).then_some(rest);
                        b.open(key, heading, None);
                        b.heading_open = line.bold || open_bracket;
                        b.heading_pending = bare;
                    } else {
                        b.open(key, None, Some(rest));
                        b.last = Some(line.clone());
                        b.first_line_pending = true;
                    }
                }
                None => {
                    // A bold line right under a numbered heading-less start continues
                    // the heading (headings wrap too).
                    b.text(line);
                }
            }
            if let (Some(c), true) = (conf, b.current.is_some()) {
                b.confs.push(c);
            }
        }
    }
    b.close();
    let b_body_size = b.body_size;
    let mut clauses = b.clauses;
    if clauses.is_empty() {
        return Err(Reason::PdfNoClauses);
    }
    classify(&mut clauses);
    term_headings(&mut clauses);

    let (found, reference_from) = own_number(&cover, running, &all_text);
    let (reference, printed_reference) = match found {
        Some(f) => (f.canonical, Some(f.printed)),
        None => (
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "unnamed".into()),
            None,
        ),
    };
    let originator = originator_of(&reference)
        .map(str::to_string)
        .or_else(|| {
            // Any body's prefix read with the number (JT/T, T/GDRTA, DB11/T).
            printed_reference.as_ref()?;
            reference.split_once(' ').map(|(p, _)| p.to_string())
        })
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
    let mut titles: BTreeMap<String, String> = cover.titles.iter().cloned().collect();
    if !titles.contains_key("zh")
        && lang == "zh"
        && let Some(t) = title_over_clause_one(body_pages, b_body_size)
    {
        titles.insert("zh".into(), t);
    }
    // The cover's other dated number for the same standard is the edition replaced.
    let base = |r: &str| {
        r.rsplit_once(['-', ':'])
            .map(|(b, _)| normalize_reference(b))
    };
    let mut replaces_on_cover: Vec<String> = cover
        .numbers
        .iter()
        .map(|(n, _)| n.canonical.clone())
        .filter(|c| base(c) == base(&reference) && year_of(c) < year_of(&reference))
        .collect();
    let front: String = clauses
        .iter()
        .filter(|c| matches!(c.kind, ClauseKind::Foreword | ClauseKind::Introduction))
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut replaces = cover.replaces.clone();
    replaces.retain(|r| normalize_reference(r) != normalize_reference(&reference));
    replaces_on_cover.retain(|r| {
        !replaces
            .iter()
            .any(|x| normalize_reference(x) == normalize_reference(r))
    });
    replaces.extend(replaces_on_cover);
    for r in identity::replaced(&front) {
        if !replaces
            .iter()
            .any(|x| normalize_reference(x) == normalize_reference(&r))
            && normalize_reference(&r) != normalize_reference(&reference)
        {
            replaces.push(r);
        }
    }
    let mut warnings = Vec::new();
    if printed_reference.is_none() {
        warnings.push(format!(
            "no standard number found on the cover, in running headers or in the first pages; filed under its file name '{reference}'"
        ));
    }
    let published = cover
        .published
        .clone()
        .or_else(|| front_date(&front, &all_text));
    let ics = if cover.ics.is_empty() {
        // ISO prints ICS on the last page.
        pages
            .last()
            .into_iter()
            .flat_map(|p| p.lines.iter())
            .find_map(|l| ics_codes(&l.text))
            .unwrap_or_default()
    } else {
        cover.ics.clone()
    };
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
            ics,
            adoptions,
            source,
            clause_count,
            printed_reference,
            reference_from: reference_from.to_string(),
            status: if cover.draft { "draft" } else { "published" }.to_string(),
            ccs: cover.ccs.clone(),
            published,
            effective: cover.effective.clone(),
            replaces,
        },
        clauses,
        warnings,
    })
}

/// The ICS codes of a line that prints them (`ICS 03.220.20;35.240.60`).
fn ics_codes(line: &str) -> Option<Vec<String>> {
    let c = ICS.captures(line)?;
    Some(
        c[1].split([';', ',', '；'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// The document's own number, by evidence: a number on the cover that the running
/// headers repeat, else the cover's largest, else the running headers' most frequent,
/// else the first number in the opening text that is not a citation. Returns where it
/// was read.
fn own_number(
    cover: &Cover,
    running: &[String],
    all_text: &str,
) -> (Option<identity::Found>, &'static str) {
    let mut in_headers: HashMap<String, (usize, identity::Found)> = HashMap::new();
    for line in running {
        for n in identity::numbers(line) {
            let e = in_headers.entry(n.canonical.clone()).or_insert((0, n));
            e.0 += 1;
        }
    }
    let national = |c: &str| !identity::is_international_prefix(c);
    // A national number wins over an international one on the same cover (the
    // adopted IEC standard is printed there too).
    let mut on_cover: Vec<&(identity::Found, f32)> = cover.numbers.iter().collect();
    on_cover.sort_by(|a, b| {
        (
            national(&b.0.canonical),
            in_headers.contains_key(&b.0.canonical),
        )
            .cmp(&(
                national(&a.0.canonical),
                in_headers.contains_key(&a.0.canonical),
            ))
            .then(b.1.total_cmp(&a.1))
    });
    let mut headers: Vec<&(usize, identity::Found)> = in_headers
        .values()
        .filter(|(count, _)| *count >= 2)
        .collect();
    headers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.canonical.cmp(&b.1.canonical)));
    let cover_best = on_cover.first().map(|(n, _)| n.clone());
    let header_best = headers.first().map(|(_, n)| n.clone());
    match (cover_best, header_best) {
        // An international number on the cover (the adopted IEC text) yields to the
        // national number the running headers print on every page: the national
        // one on the cover was not read (OCR of display type, a graphic).
        (Some(c), Some(h)) if !national(&c.canonical) && national(&h.canonical) => {
            return (Some(h), "header");
        }
        (Some(c), _) => return (Some(c), "cover"),
        (None, Some(h)) => return (Some(h), "header"),
        (None, None) => {}
    }
    let opening: String = all_text.chars().take(3000).collect();
    let folded = identity::fold(&opening);
    let first = identity::numbers(&opening)
        .into_iter()
        .find(|n| !identity::cited_before(&folded[..n.start]) && national(&n.canonical));
    match first {
        Some(n) => (Some(n), "text"),
        None => (None, "file-name"),
    }
}

/// The leftmost x at which at least two single-column lines start (within 3 pt).
fn shared_left_edge(lines: &[Line]) -> f32 {
    let mut xs: Vec<f32> = lines
        .iter()
        .filter(|l| l.column == 0)
        .map(|l| l.x0)
        .collect();
    xs.sort_by(f32::total_cmp);
    xs.windows(2)
        .find(|w| w[1] - w[0] <= 3.0)
        .map_or(0.0, |w| w[0])
}

/// The Chinese title that GB-style standards print again over clause 1, where the
/// cover's could not be read: the large Han lines right before `1 …`.
fn title_over_clause_one(pages: &[PageLines], body_size: f32) -> Option<String> {
    static ONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^1\s+\S").expect("valid"));
    for page in pages.iter().take(12) {
        let Some(at) = page.lines.iter().position(|l| ONE.is_match(l.text.trim())) else {
            continue;
        };
        let mut parts: Vec<&str> = page.lines[..at]
            .iter()
            .rev()
            .take_while(|l| script(&l.text) == 'h' && l.size > body_size * 1.1)
            .map(|l| l.text.trim())
            .collect();
        parts.reverse();
        return (!parts.is_empty()).then(|| parts.join(" "));
    }
    None
}

/// The promulgation date stated in a foreword (`ban hành kèm theo Thông tư … ngày 30
/// tháng 7 năm 2026`), or an edition date on an ISO-style cover.
fn front_date(front: &str, all_text: &str) -> Option<String> {
    static STATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:ban hành|promulgated|issued|diterbitkan|ประกาศ)[^。\n]{0,120}?(ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}|\d{4}-\d{2}-\d{2})").expect("valid")
    });
    static EDITION_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+edition\s*\n?\s*((?:19|20)\d\d-\d{2}-\d{2})").expect("valid")
    });
    STATED
        .captures(front)
        .and_then(|c| identity::iso_date(&c[1]))
        .or_else(|| {
            let opening: String = all_text.chars().take(600).collect();
            EDITION_DATE
                .captures(&opening)
                .and_then(|c| identity::iso_date(&c[1]))
        })
}

/// Term entries (their term is the heading; a number alone on its line took the next
/// line as heading while reading): a Chinese term followed by its English equivalent (`3.1 汽车行驶记录仪 vehicle
/// travelling data recorder`) keeps the Chinese as heading and the English as
/// `equivalents.en`.
fn term_headings(clauses: &mut [Clause]) {
    for c in clauses.iter_mut().filter(|c| c.kind == ClauseKind::Term) {
        let Some(h) = c.heading.clone() else { continue };
        let han_end = h
            .char_indices()
            .filter(|(_, ch)| no_space_script(*ch) || matches!(ch, ')' | '）' | '”' | '"'))
            .map(|(i, ch)| i + ch.len_utf8())
            .next_back();
        let Some(end) =
            han_end.filter(|_| h.chars().any(|ch| ('\u{4E00}'..='\u{9FFF}').contains(&ch)))
        else {
            continue;
        };
        let (term, rest) = h.split_at(end);
        let rest = rest.trim();
        let latin = rest.chars().filter(|ch| ch.is_ascii_alphabetic()).count();
        if latin >= 3 && !rest.chars().any(no_space_script) {
            let quotes: &[char] = &['"', '“', '”', '\'', '‘', '’', '`', ' '];
            c.equivalents
                .insert("en".into(), rest.trim_matches(quotes).to_string());
            c.heading = Some(term.trim_matches(quotes).to_string());
        }
    }
}

/// Clause kinds from headings and parents, as the XML path assigns them.
fn classify(clauses: &mut [Clause]) {
    let mut kinds: HashMap<String, ClauseKind> = HashMap::new();
    for c in clauses.iter_mut() {
        let parent_kind = c.parent.as_ref().and_then(|p| kinds.get(p)).copied();
        let own = c.heading.as_deref().and_then(kind_from_heading);
        c.kind = match c.key.as_str() {
            "foreword" => ClauseKind::Foreword,
            _ if own == Some(ClauseKind::Terms) => ClauseKind::Terms,
            "introduction" => ClauseKind::Introduction,
            k if c.parent.is_none()
                && k.chars().count() <= 2
                && k.chars().all(|ch| !ch.is_ascii_digit()) =>
            {
                ClauseKind::Annex
            }
            _ => match parent_kind {
                Some(ClauseKind::Annex) => ClauseKind::Annex,
                Some(ClauseKind::Terms | ClauseKind::Term) => ClauseKind::Term,
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
