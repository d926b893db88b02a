//! How two aligned clauses (or merged groups of clauses) differ: numeric values,
//! notation of units, normative strength, referenced standards, and requirements
//! present on one side only. Notes are informative and never produce differences.

use super::strength::{self, Strength};
use super::units::{self, Quantity};
use crate::Result;
use crate::ingest::refs;
use crate::model::{Clause, ClauseKind, Standard};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What kind of difference.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum DiffKind {
    /// A numeric requirement differs.
    Value,
    /// The same quantity written in another unit (not a change of requirement).
    UnitOnly,
    /// Shall became should, or the reverse.
    Strength,
    /// Another standard is referenced.
    Reference,
    /// A requirement present only on the right.
    AddedText,
    /// A requirement present only on the left.
    RemovedText,
}

impl DiffKind {
    /// The JSON name (`"unit-only"`).
    pub fn as_str(self) -> &'static str {
        match self {
            DiffKind::Value => "value",
            DiffKind::UnitOnly => "unit-only",
            DiffKind::Strength => "strength",
            DiffKind::Reference => "reference",
            DiffKind::AddedText => "added-text",
            DiffKind::RemovedText => "removed-text",
        }
    }

    /// Every kind, in report order.
    pub const ALL: [DiffKind; 6] = [
        DiffKind::Value,
        DiffKind::UnitOnly,
        DiffKind::Strength,
        DiffKind::Reference,
        DiffKind::AddedText,
        DiffKind::RemovedText,
    ];
}

/// One difference inside an aligned group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Difference {
    /// What differs.
    pub kind: DiffKind,
    /// The left value as printed (absent for added text).
    pub left: Option<String>,
    /// The right value as printed (absent for removed text).
    pub right: Option<String>,
    /// For values: what is measured (`current`, `temperature`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    /// A short explanation.
    #[serde(default)]
    pub note: String,
    /// For values: `max` or `min` when the text says which kind of limit it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// Key of the left clause it was found in (useful in merged groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_key: Option<String>,
    /// Key of the right clause it was found in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right_key: Option<String>,
    /// For values: where the left value is printed, as a range `[start, end)` of
    /// characters (Unicode scalar values) of the `left_key` clause's text, so a viewer
    /// marks this occurrence and not an equal number elsewhere in the clause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_span: Option<[usize; 2]>,
    /// For values: where the right value is printed in the `right_key` clause's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right_span: Option<[usize; 2]>,
}

/// One side of an aligned group.
pub struct Side<'a> {
    /// The clauses of the group, in order.
    pub clauses: Vec<&'a Clause>,
    /// Language of the standard.
    pub lang: &'a str,
}

/// Embeds sentences for the cross-lingual comparison of requirements (unit vectors).
pub type SentenceEmbedder<'a> = dyn Fn(&[String]) -> Result<Vec<Vec<f32>>> + 'a;

/// What the difference finder knows beyond the two clauses.
pub struct Context<'a> {
    /// National standard → the international standards it adopts (canonical form),
    /// from the index catalogue, so `GB/T 2423.1` and `IEC 60068-2-1` are one reference.
    pub adoptions: &'a HashMap<String, Vec<String>>,
    /// The two standards' own references (canonical): citing oneself is no difference.
    pub own: &'a HashSet<String>,
    /// Every standard (canonical names) cited anywhere in the left standard, and in
    /// the right one: a reference cited in another clause of the other standard has
    /// moved, it has not changed.
    pub cited: [&'a HashSet<String>; 2],
    /// Sentence embeddings, when the model is loaded.
    pub sentences: Option<&'a SentenceEmbedder<'a>>,
}

/// Finds the differences between two aligned groups of clauses. Forewords and
/// introductions are informative: they have none.
pub fn differences(left: &Side, right: &Side, cx: &Context) -> Result<Vec<Difference>> {
    let informative = |s: &Side| {
        s.clauses
            .iter()
            .all(|c| matches!(c.kind, ClauseKind::Foreword | ClauseKind::Introduction))
    };
    if informative(left) || informative(right) {
        return Ok(Vec::new());
    }
    let mut out = value_differences(left, right);
    out.extend(strength_difference(left, right));
    out.extend(reference_differences(left, right, cx));
    out.extend(text_differences(left, right, cx)?);
    Ok(out)
}

/// Lines of a clause that carry requirements: notes and examples are informative.
/// Each line is a slice of `clause.text` (quantities are located through that).
pub fn normative_lines(clause: &Clause) -> impl Iterator<Item = &str> {
    clause
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_note(l))
}

/// Whether a line is a note or an example (`注`, `NOTE`, `CHÚ THÍCH`, `CATATAN`,
/// `NOTA`, `หมายเหตุ`).
pub fn is_note(line: &str) -> bool {
    const MARKS: &[&str] = &[
        "注",
        "示例",
        "NOTE",
        "Note",
        "EXAMPLE",
        "CHÚ THÍCH",
        "VÍ DỤ",
        "CATATAN",
        "CONTOH",
        "NOTA",
        "หมายเหตุ",
        "ตัวอย่าง",
    ];
    MARKS.iter().any(|m| {
        line.strip_prefix(m).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with(|c: char| {
                    c.is_whitespace() || c.is_ascii_digit() || matches!(c, ':' | '：' | '.' | '　')
                })
        })
    })
}

/// A quantity with the key of the clause it came from.
#[derive(Debug, Clone)]
pub struct Located {
    /// The clause key.
    pub key: String,
    /// The quantity.
    pub quantity: Quantity,
    /// Character range of the quantity in its clause's text.
    pub span: [usize; 2],
}

/// The quantities of a side's normative lines, in order.
pub fn side_quantities(side: &Side) -> Vec<Located> {
    let mut out = Vec::new();
    for c in &side.clauses {
        // Items of a list inherit the limit its introduction states.
        let mut list_limit = None;
        for line in normative_lines(c) {
            // Lines are slices of the clause text: their offset places each quantity.
            let base = line.as_ptr() as usize - c.text.as_ptr() as usize;
            let chars = |byte: usize| c.text[..base + byte].chars().count();
            for mut q in units::quantities(line, side.lang) {
                q.limit = q.limit.or(list_limit);
                out.push(Located {
                    key: c.key.clone(),
                    span: [chars(q.span.0), chars(q.span.1)],
                    quantity: q,
                });
            }
            if line.ends_with(':') || line.ends_with('：') {
                list_limit = units::limit_of_line(line);
            }
        }
    }
    out
}

/// Left and right quantities paired by dimension and order: equal counts pair by
/// position; otherwise repeated values are dropped and equal amounts anchor the
/// pairing (longest common subsequence), with the gaps between anchors paired when
/// they are of equal length.
pub fn pair_quantities(
    left: &[Located],
    right: &[Located],
) -> Vec<(Option<Located>, Option<Located>)> {
    let mut dims: Vec<units::Dimension> = left
        .iter()
        .chain(right)
        .map(|q| q.quantity.dimension)
        .collect();
    dims.sort();
    dims.dedup();
    let mut out = Vec::new();
    for dim in dims {
        let l: Vec<&Located> = left
            .iter()
            .filter(|q| q.quantity.dimension == dim)
            .collect();
        let r: Vec<&Located> = right
            .iter()
            .filter(|q| q.quantity.dimension == dim)
            .collect();
        out.extend(pair_one_dimension(l, r));
    }
    out
}

/// The first occurrence of each amount.
fn dedup<'a>(v: &[&'a Located]) -> Vec<&'a Located> {
    let mut kept: Vec<&Located> = Vec::new();
    for q in v {
        if !kept.iter().any(|k| k.quantity.same_amount(&q.quantity)) {
            kept.push(q);
        }
    }
    kept
}

fn pair_one_dimension(
    l: Vec<&Located>,
    r: Vec<&Located>,
) -> Vec<(Option<Located>, Option<Located>)> {
    let zip = |l: &[&Located], r: &[&Located]| -> Vec<(Option<Located>, Option<Located>)> {
        l.iter()
            .zip(r)
            .map(|(a, b)| (Some((*a).clone()), Some((*b).clone())))
            .collect()
    };
    if l.len() == r.len() {
        return zip(&l, &r);
    }
    let (dl, dr) = (dedup(&l), dedup(&r));
    if dl.len() == dr.len() {
        return zip(&dl, &dr);
    }
    // Anchors: longest common subsequence of equal amounts.
    let (n, m) = (l.len(), r.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if l[i].quantity.same_amount(&r[j].quantity) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut gap_l, mut gap_r): (Vec<&Located>, Vec<&Located>) = (Vec::new(), Vec::new());
    let flush = |gl: &mut Vec<&Located>, gr: &mut Vec<&Located>, out: &mut Vec<_>| {
        if gl.len() == gr.len() {
            out.extend(zip(gl, gr));
        } else {
            out.extend(gl.iter().map(|q| (Some((*q).clone()), None)));
            out.extend(gr.iter().map(|q| (None, Some((*q).clone()))));
        }
        gl.clear();
        gr.clear();
    };
    while i < n && j < m {
        if l[i].quantity.same_amount(&r[j].quantity) {
            flush(&mut gap_l, &mut gap_r, &mut out);
            out.push((Some(l[i].clone()), Some(r[j].clone())));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            gap_l.push(l[i]);
            i += 1;
        } else {
            gap_r.push(r[j]);
            j += 1;
        }
    }
    gap_l.extend(&l[i..]);
    gap_r.extend(&r[j..]);
    // Trailing repeats of values already paired are restatements, not new values.
    flush(&mut gap_l, &mut gap_r, &mut out);
    out
}

fn value_differences(left: &Side, right: &Side) -> Vec<Difference> {
    let mut out: Vec<Difference> = Vec::new();
    for pair in pair_quantities(&side_quantities(left), &side_quantities(right)) {
        let (Some(a), Some(b)) = pair else { continue };
        let (qa, qb) = (&a.quantity, &b.quantity);
        let kind = if !qa.same_amount(qb) {
            DiffKind::Value
        } else if qa.symbol != qb.symbol {
            DiffKind::UnitOnly
        } else {
            continue;
        };
        let note = match kind {
            DiffKind::Value => value_note(qa, qb),
            _ => format!(
                "same {} written in {} instead of {}",
                qa.dimension.as_str(),
                qb.unit,
                qa.unit
            ),
        };
        let d = Difference {
            kind,
            left: Some(qa.raw.clone()),
            right: Some(qb.raw.clone()),
            quantity: Some(qa.dimension.as_str().to_string()),
            note,
            limit: qa.limit.or(qb.limit).map(|l| l.as_str().to_string()),
            left_key: Some(a.key.clone()),
            right_key: Some(b.key.clone()),
            left_span: Some(a.span),
            right_span: Some(b.span),
        };
        if !out
            .iter()
            .any(|o| o.kind == d.kind && o.left == d.left && o.right == d.right)
        {
            out.push(d);
        }
    }
    out
}

fn value_note(a: &Quantity, b: &Quantity) -> String {
    let direction = if b.value > a.value {
        "raised"
    } else {
        "lowered"
    };
    let what = match a.limit.or(b.limit) {
        Some(units::Limit::Max) => "upper limit",
        Some(units::Limit::Min) => "lower limit",
        None => "value",
    };
    if (b.value - a.value).abs() <= 1e-3 * a.value.abs().max(b.value.abs()) {
        return format!("{} tolerance changed", a.dimension.as_str());
    }
    format!("{} {what} {direction}", a.dimension.as_str())
}

/// The modals of a side's normative lines.
pub fn side_modals(side: &Side) -> Vec<strength::Modal> {
    side.clauses
        .iter()
        .flat_map(|c| normative_lines(c).flat_map(|l| strength::modals(l, side.lang)))
        .collect()
}

/// The most frequent word of a strength on a side (first seen wins a tie).
fn word_of(modals: &[strength::Modal], level: Strength) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in modals
        .iter()
        .filter(|m| normalize_level(m.strength) == level)
    {
        match counts.iter_mut().find(|(w, _)| *w == m.word) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.word.clone(), 1)),
        }
    }
    let top = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == top).map(|(w, _)| w)
}

/// Must counts as shall when comparing across languages (必须 is often rendered
/// "shall").
fn normalize_level(s: Strength) -> Strength {
    if s == Strength::Must {
        Strength::Shall
    } else {
        s
    }
}

/// Shall on one side where the other has should (and no should of its own).
fn strength_difference(left: &Side, right: &Side) -> Option<Difference> {
    let (ml, mr) = (side_modals(left), side_modals(right));
    let has =
        |m: &[strength::Modal], s: Strength| m.iter().any(|x| normalize_level(x.strength) == s);
    let (note, lw, rw) = if has(&mr, Strength::Should)
        && !has(&ml, Strength::Should)
        && has(&ml, Strength::Shall)
    {
        (
            "shall became should: a requirement is only recommended",
            word_of(&ml, Strength::Shall)?,
            word_of(&mr, Strength::Should)?,
        )
    } else if has(&ml, Strength::Should) && !has(&mr, Strength::Should) && has(&mr, Strength::Shall)
    {
        (
            "should became shall: a recommendation is required",
            word_of(&ml, Strength::Should)?,
            word_of(&mr, Strength::Shall)?,
        )
    } else {
        return None;
    };
    Some(Difference {
        kind: DiffKind::Strength,
        left: Some(lw),
        right: Some(rw),
        quantity: None,
        note: note.to_string(),
        limit: None,
        left_key: None,
        right_key: None,
        left_span: None,
        right_span: None,
    })
}

/// A reference in canonical form: upper case, single spaces, undated, Thai
/// originator in Latin (`มอก. 11 เล่ม 101` → `TIS 11 PART 101`).
pub fn canonical_reference(reference: &str) -> String {
    let tidy = refs::tidy(reference)
        .replace("มอก.", "TIS")
        .replace("เล่ม", "Part")
        .to_uppercase();
    let undated = match refs::year_of(&tidy) {
        Some(_) => tidy
            .rsplit_once([':', '-', '—', '–'])
            .map_or(tidy.as_str(), |(head, _)| head)
            .trim_end()
            .to_string(),
        None => tidy,
    };
    refs::tidy(&undated)
}

/// The names a reference goes by: itself, the international standard a national
/// adoption carries in its number (`SNI IEC 62133-2` → `IEC 62133-2`), and what the
/// index knows it adopts.
fn reference_names(reference: &str, adoptions: &HashMap<String, Vec<String>>) -> Vec<String> {
    let c = canonical_reference(reference);
    let mut names = vec![c.clone()];
    for intl in ["ISO/IEC ", "IEC ", "ISO "] {
        if let Some(pos) = c.find(intl).filter(|&p| p > 0) {
            names.push(c[pos..].to_string());
            break;
        }
    }
    if let Some(a) = adoptions.get(&c) {
        names.extend(a.iter().cloned());
    }
    names
}

/// Equivalences printed in a standard: `GB/T 16935.1（IEC 60664-1）` anywhere in it
/// (usually its normative references) makes the two one standard in all its clauses.
pub fn printed_equivalents(standard: &Standard, into: &mut HashMap<String, Vec<String>>) {
    for c in &standard.clauses {
        for line in c.text.lines() {
            let found = refs::find_references(line);
            let mut cursor = 0;
            let mut previous: Option<(String, usize)> = None;
            for r in found {
                let Some(pos) = line[cursor..].find(&r).map(|p| p + cursor) else {
                    continue;
                };
                if let Some((prev, end)) = &previous
                    && matches!(line[*end..pos].trim(), "(" | "（")
                {
                    let (a, b) = (canonical_reference(prev), canonical_reference(&r));
                    into.entry(a.clone()).or_default().push(b.clone());
                    into.entry(b).or_default().push(a);
                }
                cursor = pos + r.len();
                previous = Some((r, cursor));
            }
        }
    }
}

/// Every name of every standard cited in a standard.
pub fn cited_names(
    standard: &Standard,
    adoptions: &HashMap<String, Vec<String>>,
) -> HashSet<String> {
    standard
        .clauses
        .iter()
        .flat_map(|c| c.text.lines().flat_map(refs::find_references))
        .flat_map(|r| reference_names(&r, adoptions))
        .collect()
}

/// References of a side grouped into classes of one standard: a reference and the
/// one printed right after it in brackets (`GB/T 5023.5（IEC 60227-5）`) are one.
fn reference_classes(side: &Side, cx: &Context) -> Vec<(String, String, HashSet<String>)> {
    let mut classes: Vec<(String, String, HashSet<String>)> = Vec::new();
    for c in &side.clauses {
        for line in normative_lines(c) {
            let found = refs::find_references(line);
            let mut cursor = 0;
            let mut previous_end: Option<usize> = None;
            for r in found {
                let Some(pos) = line[cursor..].find(&r).map(|p| p + cursor) else {
                    continue;
                };
                let names: HashSet<String> =
                    reference_names(&r, cx.adoptions).into_iter().collect();
                let own = names.iter().any(|n| {
                    cx.own.iter().any(|o| {
                        o == n || o.starts_with(&format!("{n}.")) || o.starts_with(&format!("{n}-"))
                    })
                });
                let bracketed =
                    previous_end.is_some_and(|e| matches!(line[e..pos].trim(), "(" | "（"));
                cursor = pos + r.len();
                previous_end = Some(cursor);
                if own {
                    continue;
                }
                match classes.last_mut() {
                    Some(last) if bracketed => last.2.extend(names),
                    _ => {
                        if let Some(existing) =
                            classes.iter_mut().find(|x| !x.2.is_disjoint(&names))
                        {
                            existing.2.extend(names);
                        } else {
                            classes.push((r.clone(), c.key.clone(), names));
                        }
                    }
                }
            }
        }
    }
    classes
}

fn reference_differences(left: &Side, right: &Side, cx: &Context) -> Vec<Difference> {
    let lc = reference_classes(left, cx);
    let rc = reference_classes(right, cx);
    let unmatched = |a: &[(String, String, HashSet<String>)],
                     b: &[(String, String, HashSet<String>)]| {
        a.iter()
            .filter(|x| !b.iter().any(|y| !x.2.is_disjoint(&y.2)))
            .map(|x| (x.0.clone(), x.1.clone()))
            .collect::<Vec<_>>()
    };
    let (mut ul, mut ur) = (unmatched(&lc, &rc), unmatched(&rc, &lc));
    if ul.is_empty() || ur.is_empty() {
        let names = |r: &str| reference_names(r, cx.adoptions);
        ul.retain(|(r, _)| names(r).iter().all(|n| !cx.cited[1].contains(n)));
        ur.retain(|(r, _)| names(r).iter().all(|n| !cx.cited[0].contains(n)));
    }
    let mut out = Vec::new();
    for k in 0..ul.len().max(ur.len()) {
        let (l, r) = (ul.get(k), ur.get(k));
        let note = match (l, r) {
            (Some(_), Some(_)) => "another standard is referenced",
            (Some(_), None) => "reference only on the left",
            _ => "reference only on the right",
        };
        out.push(Difference {
            kind: DiffKind::Reference,
            left: l.map(|x| x.0.clone()),
            right: r.map(|x| x.0.clone()),
            quantity: None,
            note: note.to_string(),
            limit: None,
            left_key: l.map(|x| x.1.clone()),
            right_key: r.map(|x| x.1.clone()),
            left_span: None,
            right_span: None,
        });
    }
    out
}

/// Compliance statements say how a requirement is checked; national texts add or
/// drop them freely, so they are not requirements of their own here.
fn is_compliance(sentence: &str) -> bool {
    const MARKS: &[&str] = &[
        "compliance is checked",
        "pemenuhan diperiksa",
        "pematuhan disemak",
        "pematuhan diperiksa",
        "pematuhan dinilai",
        "sự phù hợp được kiểm tra",
        "การเป็นไปตามข้อกำหนดให้ตรวจสอบ",
        "是否合格",
    ];
    let lower = sentence.to_lowercase();
    MARKS.iter().any(|m| lower.contains(m))
}

/// Table rows (cells joined by ` | `, their values are compared as quantities) and
/// table or figure captions.
fn is_table_text(s: &str) -> bool {
    static CAPTION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:表|图|Table|Figure|Bảng|Hình|Tabel|Gambar|Jadual|Rajah|ตารางที่|รูปที่)\s*[A-Zก-ฮ]?[\d.]+\b")
            .expect("caption pattern is valid")
    });
    s.contains(" | ") || CAPTION.is_match(s)
}

/// Long enough to be a requirement: four words, or eight characters of a script
/// written without spaces.
fn substantial(s: &str) -> bool {
    let words = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let unspaced = s
        .chars()
        .filter(|c| c.is_alphabetic() && *c as u32 >= 0x0E00)
        .count();
    words >= 4 || unspaced >= 8
}

/// Normative sentences of a side with their clause keys: lines split after 。；;
/// and after `.` followed by a space.
fn sentences(side: &Side) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in &side.clauses {
        for line in normative_lines(c) {
            let mut start = 0;
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            for (k, &(i, ch)) in chars.iter().enumerate() {
                let next = chars.get(k + 1).map(|x| x.1);
                let end = matches!(ch, '。' | '；' | ';' | '!' | '?')
                    || (ch == '.' && next.is_some_and(char::is_whitespace));
                if end {
                    let s = line[start..i + ch.len_utf8()].trim();
                    if !s.is_empty() {
                        out.push((c.key.clone(), s.to_string()));
                    }
                    start = i + ch.len_utf8();
                }
            }
            let s = line[start..].trim();
            if !s.is_empty() {
                out.push((c.key.clone(), s.to_string()));
            }
        }
    }
    out.retain(|(_, s)| !is_compliance(s) && !is_table_text(s) && substantial(s));
    out
}

/// The items of the enumerations of a side: the lines after a line that ends with a
/// colon (`下列内容：`, `the following:`), up to a note or a compliance statement.
fn list_items(side: &Side) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in &side.clauses {
        let mut in_list = false;
        for line in c.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if is_note(line) || is_compliance(line) {
                in_list = false;
                continue;
            }
            if in_list && !is_table_text(line) {
                out.push((c.key.clone(), line.to_string()));
            }
            if line.ends_with(':') || line.ends_with('：') {
                in_list = true;
            }
        }
    }
    out
}

/// Sentence alignment: a pair earns its cosine above this floor; a skipped sentence
/// earns nothing.
const SENTENCE_FLOOR: f32 = 0.7;

fn text_differences(left: &Side, right: &Side, cx: &Context) -> Result<Vec<Difference>> {
    if left.lang == right.lang {
        let (ls, rs) = (sentences(left), sentences(right));
        if ls.is_empty() || rs.is_empty() {
            return Ok(Vec::new());
        }
        return Ok(word_differences(&ls, &rs));
    }
    // Across languages, national texts are rarely sentence-for-sentence translations,
    // so only enumerations are compared item by item: an extra item in a list (a
    // national mark among the markings) is the typical national addition.
    let (ls, rs) = (list_items(left), list_items(right));
    if ls.is_empty() || rs.is_empty() || ls.len() == rs.len() {
        return Ok(Vec::new());
    }
    let Some(embed) = cx.sentences else {
        return Ok(Vec::new());
    };
    let texts: Vec<String> = ls.iter().chain(&rs).map(|(_, s)| s.clone()).collect();
    let vectors = embed(&texts)?;
    let (lv, rv) = vectors.split_at(ls.len());
    let (skipped_left, skipped_right) = align_sentences(lv, rv);
    let mut out = Vec::new();
    for i in odd_ones_out(&skipped_left, lv, rv) {
        out.push(text_difference(
            DiffKind::RemovedText,
            Some((&ls[i].0, &ls[i].1)),
            None,
        ));
    }
    for j in odd_ones_out(&skipped_right, rv, lv) {
        out.push(text_difference(
            DiffKind::AddedText,
            None,
            Some((&rs[j].0, &rs[j].1)),
        ));
    }
    Ok(out)
}

/// Of the sentences the alignment skipped on one side, those that are really extra:
/// no more than that side has sentences beyond the other's count, and each less
/// similar to the other side than the side's typical sentence. National texts that
/// are not word-for-word translations skip sentences freely; only a surplus counts.
fn odd_ones_out(skipped: &[usize], own: &[Vec<f32>], other: &[Vec<f32>]) -> Vec<usize> {
    let surplus = own.len().saturating_sub(other.len());
    if surplus == 0 {
        return Vec::new();
    }
    let best: Vec<f32> = own
        .iter()
        .map(|a| {
            other
                .iter()
                .map(|b| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>())
                .fold(f32::NEG_INFINITY, f32::max)
        })
        .collect();
    let mut sorted = best.clone();
    sorted.sort_by(f32::total_cmp);
    let median = sorted[sorted.len() / 2];
    let mut candidates: Vec<usize> = skipped
        .iter()
        .copied()
        .filter(|&i| best[i] < median)
        .collect();
    candidates.sort_by(|&a, &b| best[a].total_cmp(&best[b]));
    candidates.truncate(surplus);
    candidates.sort_unstable();
    candidates
}

/// Monotone alignment of two item lists (1-1 and skips, as in Gale-Church); returns
/// the items left without a counterpart. In document order an added item shows as
/// the one the other sequence can do without, which a single best-match test cannot
/// see: cosines of one clause's items are all close.
fn align_sentences(lv: &[Vec<f32>], rv: &[Vec<f32>]) -> (Vec<usize>, Vec<usize>) {
    let cos = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    let (n, m) = (lv.len(), rv.len());
    let w = m + 1;
    let mut best = vec![f32::NEG_INFINITY; (n + 1) * w];
    let mut back = vec![(0u8, 0u8); (n + 1) * w];
    best[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = best[i * w + j];
            if here == f32::NEG_INFINITY {
                continue;
            }
            let mut relax = |a: usize, b: usize, gain: f32| {
                let cell = (i + a) * w + j + b;
                if here + gain > best[cell] {
                    best[cell] = here + gain;
                    back[cell] = (a as u8, b as u8);
                }
            };
            if i < n {
                relax(1, 0, 0.0);
            }
            if j < m {
                relax(0, 1, 0.0);
            }
            if i < n && j < m {
                relax(1, 1, cos(&lv[i], &rv[j]) - SENTENCE_FLOOR);
            }
        }
    }
    let (mut skipped_left, mut skipped_right) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (a, b) = back[i * w + j];
        let (a, b) = (a as usize, b as usize);
        if a == 1 && b == 0 {
            skipped_left.push(i - 1);
        } else if a == 0 && b == 1 {
            skipped_right.push(j - 1);
        }
        i -= a;
        j -= b;
    }
    skipped_left.reverse();
    skipped_right.reverse();
    (skipped_left, skipped_right)
}

fn text_difference(
    kind: DiffKind,
    left: Option<(&String, &String)>,
    right: Option<(&String, &String)>,
) -> Difference {
    Difference {
        kind,
        left: left.map(|x| x.1.clone()),
        right: right.map(|x| x.1.clone()),
        quantity: None,
        note: match kind {
            DiffKind::AddedText => "requirement only on the right".into(),
            _ => "requirement only on the left".into(),
        },
        limit: None,
        left_key: left.map(|x| x.0.clone()),
        right_key: right.map(|x| x.0.clone()),
        left_span: None,
        right_span: None,
    }
}

/// A word without surrounding punctuation, lower case.
fn word_form(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Same language: a word-level diff of the normative text; runs of three or more
/// inserted (or deleted) words are reported.
fn word_differences(ls: &[(String, String)], rs: &[(String, String)]) -> Vec<Difference> {
    use similar::{ChangeTag, TextDiff};
    let join = |v: &[(String, String)]| {
        v.iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (a, b) = (join(ls), join(rs));
    let diff = TextDiff::from_words(a.as_str(), b.as_str());
    let mut out = Vec::new();
    // A hunk is a stretch of changes between unchanged words; its inserted and
    // deleted words are judged separately.
    let mut inserted: Vec<&str> = Vec::new();
    let mut deleted: Vec<&str> = Vec::new();
    let finish = |tag: ChangeTag, run: &mut Vec<&str>, out: &mut Vec<Difference>| {
        let text = run.concat().trim().to_string();
        run.clear();
        let other = match tag {
            ChangeTag::Insert => &a,
            _ => &b,
        };
        let other_words: HashSet<String> = other.split_whitespace().map(word_form).collect();
        let words: Vec<String> = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .map(word_form)
            .collect();
        let new = words.iter().filter(|w| !other_words.contains(*w)).count();
        // Words the other side also has are a reordering, not new content.
        if words.len() >= 3 && new * 2 >= words.len() {
            let key = |v: &[(String, String)]| v.first().map(|x| x.0.clone()).unwrap_or_default();
            out.push(match tag {
                ChangeTag::Insert => {
                    text_difference(DiffKind::AddedText, None, Some((&key(rs), &text)))
                }
                _ => text_difference(DiffKind::RemovedText, Some((&key(ls), &text)), None),
            });
        }
    };
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Insert => inserted.push(value),
            ChangeTag::Delete => deleted.push(value),
            ChangeTag::Equal if value.trim().is_empty() => {
                inserted.push(value);
                deleted.push(value);
            }
            ChangeTag::Equal => {
                finish(ChangeTag::Insert, &mut inserted, &mut out);
                finish(ChangeTag::Delete, &mut deleted, &mut out);
            }
        }
    }
    finish(ChangeTag::Insert, &mut inserted, &mut out);
    finish(ChangeTag::Delete, &mut deleted, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClauseKind;

    fn clause(key: &str, lang: &str, text: &str) -> Clause {
        Clause {
            key: key.into(),
            parent: None,
            depth: 1,
            heading: None,
            text: text.into(),
            kind: ClauseKind::Requirement,
            lang: lang.into(),
            ..Default::default()
        }
    }

    fn diff(
        l: &str,
        ll: &str,
        r: &str,
        rl: &str,
    ) -> Vec<(DiffKind, Option<String>, Option<String>)> {
        let (a, b) = (clause("1", ll, l), clause("1", rl, r));
        let adoptions = HashMap::new();
        let own = HashSet::new();
        let cited = HashSet::new();
        let cx = Context {
            adoptions: &adoptions,
            own: &own,
            cited: [&cited, &cited],
            sentences: None,
        };
        let left = Side {
            clauses: vec![&a],
            lang: ll,
        };
        let right = Side {
            clauses: vec![&b],
            lang: rl,
        };
        differences(&left, &right, &cx)
            .unwrap()
            .into_iter()
            .map(|d| (d.kind, d.left, d.right))
            .collect()
    }

    fn d(kind: DiffKind, l: &str, r: &str) -> (DiffKind, Option<String>, Option<String>) {
        (kind, Some(l.to_string()), Some(r.to_string()))
    }

    #[test]
    fn value_spans_point_at_the_occurrence_that_changed() {
        let l = "注 第一行是注。\nII类器具：0.5 mA；\nI类便携式器具：0.75 mA；";
        let r = "đối với thiết bị cấp II: 0,5 mA;\nđối với thiết bị cấp I di động: 0,5 mA;";
        let (a, b) = (clause("13.2", "zh", l), clause("13.2", "vi", r));
        let empty = HashSet::new();
        let cx = Context {
            adoptions: &HashMap::new(),
            own: &empty,
            cited: [&empty, &empty],
            sentences: None,
        };
        let side = |c, lang| Side {
            clauses: vec![c],
            lang,
        };
        let found = differences(&side(&a, "zh"), &side(&b, "vi"), &cx).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        let at = |text: &str, span: Option<[usize; 2]>| -> (String, usize) {
            let [s, e] = span.unwrap();
            let before: String = text.chars().take(s).collect();
            (
                text.chars().skip(s).take(e - s).collect(),
                before.lines().count(),
            )
        };
        // The second line's 0,5 mA on the right, not the equal value on the first.
        assert_eq!(at(l, found[0].left_span), ("0.75 mA".to_string(), 3));
        assert_eq!(at(r, found[0].right_span), ("0,5 mA".to_string(), 2));
    }

    #[test]
    fn values_and_unit_only_changes() {
        assert_eq!(
            diff(
                "泄漏电流不应超过0.75 mA。",
                "zh",
                "dòng điện rò không được vượt quá 0,5 mA.",
                "vi"
            ),
            [d(DiffKind::Value, "0.75 mA", "0,5 mA")]
        );
        assert_eq!(
            diff(
                "该电阻不应超过0.1 Ω。",
                "zh",
                "không được vượt quá 100 mΩ.",
                "vi"
            ),
            [d(DiffKind::UnitOnly, "0.1 Ω", "100 mΩ")]
        );
        // Same amount in the same unit with another decimal mark: no difference.
        assert!(diff("0.75 mA", "zh", "0,75 mA", "vi").is_empty());
        // Two limits that both moved pair by position, not by equal value.
        assert_eq!(
            diff(
                "个人音乐播放器的声输出不应超过100 dB(A)。\n在声输出超过85 dB(A)之前，应向使用者发出警告。",
                "zh",
                "không được vượt quá 85 dB(A).\nThiết bị phải cảnh báo trước khi vượt quá 80 dB(A).",
                "vi"
            ),
            [
                d(DiffKind::Value, "100 dB(A)", "85 dB(A)"),
                d(DiffKind::Value, "85 dB(A)", "80 dB(A)")
            ]
        );
        // A value restated later on one side is not a new value.
        assert_eq!(
            diff(
                "PS1 | 不超过15 W | 3 s后\nPS2 | 不超过100 W | 5 s后",
                "zh",
                "PS1 | tidak lebih dari 10 W | setelah 3 s\nPS2 | tidak lebih dari 100 W | setelah 5 s\nSuatu rangkaian adalah PS1 apabila tidak lebih dari 10 W.",
                "id"
            ),
            [d(DiffKind::Value, "15 W", "10 W")]
        );
        // Values in notes are informative.
        assert!(
            diff(
                "试验电压1 000 V。\n注 例如2 000 V。",
                "zh",
                "1 000 V.\nNOTE for example 3 000 V.",
                "en"
            )
            .is_empty()
        );
    }

    #[test]
    fn strength_changes() {
        assert_eq!(
            diff(
                "说明中应指出：应对儿童进行监护。",
                "zh",
                "Trẻ em nên được giám sát.",
                "vi"
            ),
            [d(DiffKind::Strength, "应", "nên")]
        );
        assert_eq!(
            diff(
                "The instructions should state this.",
                "en",
                "Hướng dẫn phải nêu điều này.",
                "vi"
            ),
            [d(DiffKind::Strength, "should", "phải")]
        );
        // A should in a note is not a recommendation of the clause.
        assert!(
            diff(
                "声输出不应过大。\n注 使用者宜控制音量。",
                "zh",
                "Mức âm thanh không được quá lớn.",
                "vi"
            )
            .is_empty()
        );
    }

    #[test]
    fn references_through_brackets_and_adoptions() {
        assert_eq!(
            diff(
                "其要求见GB/T 5023.5（IEC 60227-5）。橡皮绝缘软线应符合GB/T 5013.4（IEC 60245-4）的规定。",
                "zh",
                "ตาม มอก. 11 เล่ม 101 (TIS 11 Part 101) สายยางต้องเป็นไปตาม IEC 60245-4",
                "th"
            ),
            [d(DiffKind::Reference, "GB/T 5023.5", "มอก. 11 เล่ม 101")]
        );
        // A national adoption with the international number is the same reference.
        assert!(
            diff(
                "应符合IEC 62133-2的要求。",
                "zh",
                "harus memenuhi SNI IEC 62133-2:2017.",
                "id"
            )
            .is_empty()
        );
        assert_eq!(
            canonical_reference("SNI IEC 62133-2:2017"),
            "SNI IEC 62133-2"
        );
        assert_eq!(
            canonical_reference("มอก. 11 เล่ม 101-2553"),
            "TIS 11 PART 101"
        );
    }

    #[test]
    fn added_words_in_the_same_language() {
        let got = diff(
            "Equipment shall be marked with the rated voltage and the rated current.",
            "en",
            "Equipment shall be marked with the rated voltage, the rated current and the PS certification mark.",
            "en",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, DiffKind::AddedText);
        assert!(
            got[0]
                .2
                .as_deref()
                .unwrap()
                .contains("PS certification mark"),
            "{got:?}"
        );
    }
}
