//! How two aligned clauses (or merged groups of clauses) differ: numeric values,
//! notation of units, normative strength, referenced standards, and requirements
//! present on one side only. Notes are informative and never produce differences.

use super::chemistry;
use super::grades::{self, GradeMatch};
use super::references::reference_differences;
pub use super::references::{canonical_reference, cited_names, printed_equivalents};
use super::rows;
use super::sentences::{self, Sentence, SentenceAlignment};
use super::severity;
use super::strength::{self, Strength};
use super::units::{self, Quantity};
use crate::Result;
use crate::model::{Clause, ClauseKind};
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
    /// For values: `limit` (a value the product must meet), `scope` (a threshold of
    /// which products or cases the requirement covers) or `test-parameter` (a
    /// condition of a test it must pass), when the text says which.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// For values: `stricter` when meeting the right's value is harder than meeting
    /// the left's, `less-strict` for the opposite; absent where it depends on context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<severity::Direction>,
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
    /// The two standards' mean clause vectors (language centring of sentences).
    pub means: Option<[&'a [f32]; 2]>,
    /// How the two standards' grades correspond, so that rows of the same class pair
    /// whatever each side calls it (`HRB400`, `SD40`).
    pub grades: Option<&'a GradeMatch>,
}

/// The differences of one aligned group, with what only the whole pair of standards
/// can decide.
#[derive(Debug, Default)]
pub struct GroupDifferences {
    /// Differences found.
    pub found: Vec<Difference>,
    /// Requirement sentences of the left and of the right side that have no
    /// counterpart and no amount to confirm it: reported when that side reads as a
    /// parallel text over the whole pair ([`sentences::Tally::parallel`]).
    pub unanchored: [Vec<Difference>; 2],
    /// Sentences of each side, and how many the sentence alignment left unmatched.
    pub tally: [sentences::Tally; 2],
}

/// Finds the differences between two aligned groups of clauses. Forewords and
/// introductions are informative: they have none.
pub fn group_differences(left: &Side, right: &Side, cx: &Context) -> Result<GroupDifferences> {
    let informative = |s: &Side| {
        s.clauses
            .iter()
            .all(|c| matches!(c.kind, ClauseKind::Foreword | ClauseKind::Introduction))
    };
    if informative(left) || informative(right) {
        return Ok(GroupDifferences::default());
    }
    let (ls, rs) = (sentences::split(left), sentences::split(right));
    let (ql, mut qr) = (side_quantities(left), side_quantities(right));
    if let Some(g) = cx.grades {
        for q in qr.iter_mut().filter(|q| q.row.is_some()) {
            q.label = g.right_label_in_left_terms(&q.label);
        }
    }
    let alignment = sentences::align(&ls, &rs, [&ql, &qr], cx.sentences, cx.means)?;
    let al = alignment.as_ref();
    let (mut out, paired) = value_differences(&ql, left.lang, &qr, right.lang, &ls, &rs, al);
    out.extend(language_difference(left, right));
    out.extend(annex_difference(left, right));
    out.extend(strength_differences(left, right, &ls, &rs, al));
    out.extend(reference_differences(left, right, cx)?);
    // Lists of references and of terms differ in their references and terms, which
    // the other detectors compare; their titles and definitions are not requirements.
    let listing = |s: &Side| {
        s.clauses.iter().all(|c| {
            matches!(
                c.kind,
                ClauseKind::NormativeReferences | ClauseKind::Terms | ClauseKind::Term
            )
        })
    };
    let mut unanchored = Default::default();
    let mut tally = Default::default();
    if !listing(left) && !listing(right) {
        out.extend(sentences::text_differences(
            left,
            right,
            &ls,
            &rs,
            cx.sentences,
        )?);
        if let Some(a) = al.filter(|a| a.by_meaning && left.lang != right.lang) {
            out.extend(sentences::one_sided_limits(
                &ls,
                &rs,
                a,
                [&ql, &qr],
                &paired,
            ));
            (unanchored, tally) =
                sentences::one_sided_requirements(&ls, &rs, a, [&ql, &qr], [left.lang, right.lang]);
        }
    }
    Ok(GroupDifferences {
        found: out,
        unanchored,
        tally,
    })
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
/// `NOTA`, `หมายเหตุ`). A marker followed by a lower-case word is running text
/// (`Note that it is now rare…`), not a note.
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
            let marker_ends = rest.is_empty()
                || rest.starts_with(|c: char| {
                    c.is_whitespace() || c.is_ascii_digit() || matches!(c, ':' | '：' | '.' | '　')
                });
            let prose = rest.starts_with(char::is_whitespace)
                && rest.trim_start().starts_with(char::is_lowercase);
            marker_ends && !prose
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
    /// What tells its role: the clause heading, the introduction of its list or the
    /// header of its table, and its own line (see [`severity::role`]).
    pub context: String,
    /// The row it belongs to when its line lists one item's values (a table row, a
    /// list item, a `label: values` line), numbered per side ([`rows`]).
    pub row: Option<usize>,
    /// That row's label: the first cell, or the words before the first value.
    pub label: String,
    /// The property symbol that names it, when one is printed: its column header's
    /// (`R_eL/MPa`, `Agt, %`) or the one right before it in its phrase (`断后伸长率A
    /// 不小于15 %`). See [`property_symbol`].
    pub symbol: Option<String>,
    /// A table cell's key: the numbers and codes its row label and its column header
    /// print (`110` and `PN 1.0`), sorted. They name the cell alike in every language
    /// and whichever way round the table is printed (see [`pair_by_cells`]).
    pub cell: Option<Vec<String>>,
    /// A value of a table with a column per item (`dn | 32 | 40 | 50`) that takes its
    /// unit from its row: only its cell key pairs it, order would not.
    pub keyed_only: bool,
}

/// The quantities of a side's normative lines, in order. A table cell's bare
/// numbers take the unit of its column header (`温升/K`, `R_eL/MPa`, `Suhu (°C)`).
pub fn side_quantities(side: &Side) -> Vec<Located> {
    let mut out = Vec::new();
    // Numbers the lines of the side: a row's id.
    let mut rows_seen = 0usize;
    for c in &side.clauses {
        // Items of a list inherit the limit its introduction states.
        let mut list_limit = None;
        let mut columns: Vec<Option<String>> = Vec::new();
        // The property symbol each column of the current table names, and the column
        // of each quantity found in a row.
        let mut column_symbols: Vec<Option<String>> = Vec::new();
        let mut cell_of: Vec<usize> = Vec::new();
        // The class each column of the current table gives its values for, when its
        // header names one class per column (`Tên chỉ tiêu | BIa | BIb | BIIa`).
        let mut column_classes: Vec<Option<String>> = Vec::new();
        // Whether the current table has a column per item (sizes, classes: its first
        // row numbers or codes after the first cell).
        let mut item_columns = false;
        // The last prose lines (a list's introduction, a table's lead-in sentence and
        // caption) and the current table's first row: what names a table cell's
        // quantity and its bound.
        let (mut lead, mut first_row): (Vec<&str>, Option<&str>) = (Vec::new(), None);
        // The line that introduces the current list.
        let mut intro: Option<&str> = None;
        // The last prose line: the values of `label: value` lines after it bound the
        // species it names (`碳当量 … 不大于下列数值` then `HRB400: 0.54 %`).
        let mut last_prose: Option<&str> = None;
        let of_diameters =
            mentions_diameter(&c.text) || c.heading.as_deref().is_some_and(mentions_diameter);
        for line in normative_lines(c) {
            rows_seen += 1;
            // Lines are slices of the clause text: their offset places each quantity.
            let base = line.as_ptr() as usize - c.text.as_ptr() as usize;
            let chars = |byte: usize| c.text[..base + byte].chars().count();
            let mut found = Vec::new();
            let table_row = line.contains(" | ");
            let mut is_header = false;
            if table_row {
                first_row.get_or_insert(line);
            } else {
                first_row = None;
            }
            if table_row {
                let cells: Vec<&str> = line.split(" | ").collect();
                // Columns that name where each row is tested (`试验方法 | 6.3`).
                let methods: Vec<bool> = first_row
                    .map(|r| r.split(" | ").map(names_test_method).collect())
                    .unwrap_or_default();
                let header = column_units(line);
                if first_row == Some(line) {
                    column_classes = class_columns(&cells, &methods);
                    item_columns = !column_classes.is_empty() || number_columns(&cells, &methods);
                }
                let class_row = item_columns && first_row != Some(line);
                // A table with a column per item: a row names its property and unit in
                // its first cell and gives a value per item.
                let row_unit = if class_row {
                    header.first().cloned().flatten().map(Some)
                } else {
                    row_unit(&cells, &header, &methods).map(Some)
                };
                is_header = row_unit.is_none() && header.iter().any(Option::is_some);
                if is_header {
                    columns = header;
                    column_symbols = cells.iter().copied().map(symbol_of).collect();
                }
                let mut at = 0;
                cell_of.clear();
                for (k, cell) in cells.into_iter().enumerate() {
                    if methods.get(k).copied().unwrap_or(false) {
                        at += cell.len() + " | ".len();
                        continue;
                    }
                    // A header cell over several columns (`抗压强度/MPa` above `3 d |
                    // 28 d`) leaves the row with more cells than the header: the last
                    // header's unit spans the rest. A row that names its own unit
                    // gives it to its values.
                    let column = match &row_unit {
                        Some(unit) if k > 0 => Some(unit),
                        _ => columns.get(k).or(columns.last()),
                    };
                    let cell_quantities = match column {
                        Some(Some(unit)) if !is_header => {
                            units::quantities_in_unit(cell, side.lang, unit)
                        }
                        _ => units::quantities(cell, side.lang),
                    };
                    for mut q in cell_quantities {
                        q.span = (q.span.0 + at, q.span.1 + at);
                        found.push(q);
                        cell_of.push(k);
                    }
                    at += cell.len() + " | ".len();
                }
            } else {
                columns.clear();
                column_symbols.clear();
                column_classes.clear();
                item_columns = false;
                found = units::quantities(line, side.lang);
            }
            // `BjTS 420A` names a grade, not 420 amperes; `4d` is a multiple of a
            // diameter only where the clause speaks of one (`11d` is a code, `1d` a
            // day elsewhere).
            let grade_spans = grades::designation_spans(line);
            let value = |q: &Quantity| {
                !grade_spans.iter().any(|g| g.contains(&q.span.0))
                    && (q.dimension != units::Dimension::DiameterMultiple || of_diameters)
            };
            if table_row {
                let keep: Vec<bool> = found.iter().map(value).collect();
                let mut k = keep.iter();
                cell_of.retain(|_| k.next().copied().unwrap_or(true));
            }
            found.retain(value);
            let heading = c.heading.as_deref().unwrap_or_default();
            let label = if table_row {
                (!is_header).then(|| line.split(" | ").next().unwrap_or_default())
            } else if intro.is_some() || labelled(line) {
                let first = found.iter().map(|q| q.span.0).min().unwrap_or(line.len());
                Some(line[..first].trim())
            } else {
                None
            };
            // A prose line giving values per grade: each value is a row of its grade.
            // (also in a list: `Regangan (A) … 16 persen untuk BjTS 280 …, serta …
            // 14 persen untuk BjTS 520`).
            let keyed = if !table_row {
                let spans: Vec<(usize, usize)> = found.iter().map(|q| q.span).collect();
                grades::keyed_values(line, &spans)
            } else {
                None
            };
            // A prose line giving values per class (`BIa类和BIb类不大于175 mm³，BIIa类不大于
            // 345 mm³`): each value is given for the classes named since the value
            // before it.
            let prose_classes = (!table_row && keyed.is_none())
                .then(|| {
                    let mut from = 0;
                    let segments: Vec<String> = found
                        .iter()
                        .map(|q| {
                            let seg = line.get(from..q.span.0).unwrap_or_default();
                            from = q.span.1;
                            let mut codes: Vec<String> =
                                rows::label_classes(seg).into_iter().collect();
                            codes.sort();
                            codes.join(" ")
                        })
                        .collect();
                    let named = segments.iter().filter(|t| !t.is_empty()).count();
                    (named >= 2).then_some(segments)
                })
                .flatten();
            let context = if table_row {
                format!(
                    "{heading}\n{}\n{}\n{line}",
                    lead.join("\n"),
                    first_row.filter(|r| *r != line).unwrap_or_default()
                )
            } else {
                format!("{heading}\n{}\n{line}", intro.unwrap_or_default())
            };
            let mut previous: Option<(usize, Option<String>)> = None;
            // A row or a labelled line named by the species it bounds (`SO3 | 3.0`,
            // `Nitrogen: 0.012 %`) when its column or phrase names none.
            let label_species = || label.and_then(chemistry::species).map(str::to_string);
            for (k, mut q) in found.into_iter().enumerate() {
                q.limit = q.limit.or(list_limit);
                let symbol = if table_row {
                    (!is_header)
                        .then(|| cell_of.get(k).and_then(|&c| column_symbols.get(c).cloned()))
                        .flatten()
                        .flatten()
                        .or_else(label_species)
                } else {
                    // The phrase the value ends: back to the last clause separator.
                    let before = &line[..q.span.0];
                    let phrase = before
                        .rfind([',', '，', ';', '；', '。', ':', '：'])
                        .map_or(before, |at| &before[at..]);
                    // A value whose phrase names no symbol continues the sentence of
                    // the value before it (`…(A) … 16 persen …, serta … 14 persen`).
                    symbol_of(phrase)
                        .or_else(|| {
                            previous
                                .as_ref()
                                .filter(|(end, _)| {
                                    !line[*end..q.span.0].contains(['.', '。', ';', '；'])
                                })
                                .and_then(|(_, s)| s.clone())
                        })
                        .or_else(label_species)
                        .or_else(|| {
                            last_prose
                                .filter(|_| labelled(line))
                                .and_then(chemistry::species)
                                .map(str::to_string)
                        })
                };
                if !table_row {
                    previous = Some((q.span.1, symbol.clone()));
                }
                // Grade groups of one line are rows of their own, numbered apart from
                // the lines' rows.
                // A value under a class column is given for that class; the table's
                // rows are properties, not items.
                let class = table_row
                    .then(|| cell_of.get(k).and_then(|&c| column_classes.get(c)))
                    .flatten()
                    .and_then(Option::as_ref);
                let (row, label) = match (&keyed, class) {
                    (_, Some(class)) => (None, class.clone()),
                    (None, None) if prose_classes.is_some() => (
                        None,
                        prose_classes
                            .as_ref()
                            .map(|c| c[k].clone())
                            .unwrap_or_default(),
                    ),
                    (Some(groups), None) => (
                        Some(KEYED_ROWS + rows_seen * MAX_GROUPS + groups[k].0),
                        groups[k].1.clone(),
                    ),
                    (None, None) => (
                        label.map(|_| rows_seen),
                        label.unwrap_or_default().to_string(),
                    ),
                };
                // A body cell's key: its row's label and its column's header.
                let cell = match (table_row && !is_header, first_row, cell_of.get(k)) {
                    (true, Some(head), Some(&at)) if at > 0 && head != line => {
                        let mut key = rows::cell_key(line.split(" | ").next().unwrap_or_default());
                        key.extend(rows::cell_key(
                            head.split(" | ").nth(at).unwrap_or_default(),
                        ));
                        key.sort();
                        key.dedup();
                        (!key.is_empty()).then_some(key)
                    }
                    _ => None,
                };
                let keyed_only = cell.is_some() && item_columns && column_classes.is_empty();
                out.push(Located {
                    key: c.key.clone(),
                    span: [chars(q.span.0), chars(q.span.1)],
                    context: context.clone(),
                    quantity: q,
                    row,
                    label,
                    symbol,
                    cell,
                    keyed_only,
                });
            }
            if sentences::introduces_list(line) {
                list_limit = units::limit_of_line(line);
                intro = Some(line);
            }
            if !table_row && !labelled(line) {
                last_prose = Some(line);
            }
            if !table_row {
                if lead.len() == 3 {
                    lead.remove(0);
                }
                lead.push(line);
            }
        }
    }
    out
}

/// Whether a text speaks of a diameter, in any corpus language.
fn mentions_diameter(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "直径",
        "diameter",
        "đường kính",
        "เส้นผ่านศูนย์กลาง",
        "garis tengah",
    ];
    let lower = text.to_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}

/// Row numbers of grade groups inside prose lines start here (lines count from 1),
/// with room for this many groups a line.
const KEYED_ROWS: usize = 1 << 40;
const MAX_GROUPS: usize = 1 << 12;

/// A line that names an item and then gives its values: `SD30: 0.48 %`,
/// `BjTS 420A: kuat luluh minimum 420 N/mm²`.
fn labelled(line: &str) -> bool {
    line.find([':', '：'])
        .is_some_and(|at| at > 0 && line[..at].chars().count() <= 40 && at + 1 < line.len())
}

/// The last property symbol printed in `text`: a short Latin token with a capital
/// first (`A`, `Agt`, `ReL`, `R_eL`, `Rp0.2`, `Z`), not a unit and not a code or
/// designation in capitals (`GB`, `HRB400`). Symbols are international, so they name
/// the same property on both sides whatever the language around them; a capitalised
/// word they might be confused with (`Uji`) pairs nothing unless the other side
/// prints it too.
pub fn property_symbol(text: &str) -> Option<String> {
    // A slash joins a code (`GB/T`) or a symbol to its unit (`ReL/MPa`): the part
    // before it is the token.
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/')))
        .rev()
        .map(|t| t.split('/').next().unwrap_or_default().trim_matches('.'))
        .filter(|t| !t.is_empty())
        .find(|t| {
            let first_capital = t.starts_with(|c: char| c.is_ascii_uppercase());
            let capitals = t.chars().filter(char::is_ascii_uppercase).count();
            let letters = t.chars().filter(char::is_ascii_alphabetic).count();
            let digits = t.chars().filter(char::is_ascii_digit).count();
            first_capital
                && t.len() <= 6
                && digits <= 2
                && (letters == 1 || capitals < letters)
                && (letters == 1 || !units::is_unit(t))
        })
        .map(str::to_string)
}

/// The property a text names: a printed symbol, else the chemical species it names
/// (`三氧化硫` is `SO3`).
fn symbol_of(text: &str) -> Option<String> {
    property_symbol(text).or_else(|| chemistry::species(text).map(str::to_string))
}

/// The unit each cell of a table header row names, after a `/`, a comma or a
/// bracket: `温升/K`, `R_eL/MPa`, `理论重量/(kg/m)`, `C/%，不大于`,
/// `Diameter nominal (mm)`, `Clanhke, % khối lượng`. `None` for a cell without one.
fn column_units(row: &str) -> Vec<Option<String>> {
    row.split(" | ")
        .map(|cell| {
            cell.char_indices()
                .filter(|(_, c)| matches!(c, '/' | '／' | ',' | '，' | '(' | '（'))
                .find_map(|(i, c)| units::unit_prefix(cell[i + c.len_utf8()..].trim_start()))
                .or_else(|| last_word_unit(cell))
                .or_else(|| percent_header(cell).then(|| "%".to_string()))
                // The bracket around it (`/(m²/kg)`) is not part of the unit.
                .map(|u| match u.strip_suffix([')', '）']) {
                    Some(inner) if !inner.contains(['(', '（']) => inner.to_string(),
                    _ => u,
                })
        })
        .collect()
}

/// The unit of a row that names its property and unit in its first cell and gives
/// its value in the next (`初凝时间/min，不小于 | 45`, `Độ hút nước, %, không lớn hơn |
/// 0,5`, a test-method column after it or not): tables written a row per property.
/// A row whose other cells name units too is a header. A row of several values (one
/// per class or grade column: `Lực uốn gãy, N | 1 200 | 1 100 | 1 000`) is left
/// alone: its values belong to the columns' classes, which order alone cannot pair
/// with another standard's rows per class.
fn row_unit(cells: &[&str], units: &[Option<String>], methods: &[bool]) -> Option<String> {
    let (first, rest) = units.split_first()?;
    if rest.iter().any(Option::is_some) {
        return None;
    }
    let number = |c: &str| {
        c.trim()
            .trim_start_matches(['≤', '≥', '<', '>', '＜', '＞', '≯', '≮', ' '])
            .starts_with(|ch: char| ch.is_ascii_digit())
    };
    let values: Vec<&str> = (1..cells.len())
        .filter(|&k| !methods.get(k).copied().unwrap_or(false))
        .map(|k| cells[k])
        .collect();
    (values.len() == 1 && number(values[0]))
        .then(|| first.clone())
        .flatten()
}

/// The class each column of a table's first row names, when every column after the
/// first (test-method columns aside) names one class code and there are two at least
/// (`Tên chỉ tiêu | BIa | BIb | BIIa | Phương pháp thử`); otherwise empty.
fn class_columns(cells: &[&str], methods: &[bool]) -> Vec<Option<String>> {
    let mut out = vec![None];
    for (k, cell) in cells.iter().enumerate().skip(1) {
        if methods.get(k).copied().unwrap_or(false) {
            out.push(None);
            continue;
        }
        let mut codes = rows::label_classes(cell).into_iter();
        let short = cell.split_whitespace().count() <= 3;
        match (codes.next(), codes.next()) {
            (Some(code), None) if short => out.push(Some(code)),
            _ => return Vec::new(),
        }
    }
    if out.iter().flatten().count() < 2 {
        return Vec::new();
    }
    out
}

/// Whether a table's first row gives a number per column after the first (`Diameter
/// luar nominal, dn (mm) | 32 | 40 | 50`): the columns are items (sizes), the rows
/// properties.
fn number_columns(cells: &[&str], methods: &[bool]) -> bool {
    let values: Vec<&str> = (1..cells.len())
        .filter(|&k| !methods.get(k).copied().unwrap_or(false))
        .map(|k| cells[k].trim())
        .collect();
    values.len() >= 2
        && values.iter().all(|v| {
            !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        })
}

/// Whether a header cell names the test method of each row (its cells are clause
/// numbers, not values).
fn names_test_method(cell: &str) -> bool {
    const WORDS: &[&str] = &[
        "试验方法",
        "检验方法",
        "测试方法",
        "phương pháp thử",
        "test method",
        "วิธีทดสอบ",
        "metode uji",
        "cara uji",
        "kaedah ujian",
    ];
    let lower = cell.trim().to_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}

/// A header cell that names its values as percentages in words (`เกณฑ์สูงสุด
/// ร้อยละโดยมวล`); a cell with a number is a value, not a header.
fn percent_header(cell: &str) -> bool {
    !cell.chars().any(|c| c.is_ascii_digit()) && units::names_percent(cell)
}

/// A unit printed as the last word of a header cell that names a quantity
/// (`ความต้านแรงอัด MPa`, `Diameter mm`). A cell with a number is a value itself
/// (`3 ngày`, `28 d`: the ages of a sub-header), and one letter alone (`Type A`,
/// `Class B`) names a kind more often than a unit.
fn last_word_unit(cell: &str) -> Option<String> {
    let (head, last) = cell.trim().rsplit_once(char::is_whitespace)?;
    let names = !head.trim().is_empty() && !head.chars().any(|c| c.is_ascii_digit());
    (names && last.chars().count() >= 2 && units::is_unit(last)).then(|| last.to_string())
}

/// Left and right quantities paired by dimension and order: equal counts pair by
/// position; otherwise repeated values are dropped and equal amounts anchor the
/// pairing (longest common subsequence), with the gaps between anchors paired when
/// they are of equal length.
pub fn pair_quantities(
    left: &[Located],
    right: &[Located],
) -> Vec<(Option<Located>, Option<Located>)> {
    let (mut out, left, right) = pair_by_cells(left, right);
    let (left, right) = (&left[..], &right[..]);
    if !rows::both_have_rows(left, right) || transposed(left, right) {
        out.extend(pair_by_dimension(left, right));
        return out;
    }
    // Rows pair as wholes; the values outside rows pair among themselves.
    let free =
        |v: &[Located]| -> Vec<Located> { v.iter().filter(|q| q.row.is_none()).cloned().collect() };
    out.extend(pair_by_dimension(&free(left), &free(right)));
    for (l, r) in rows::pair_rows(left, right) {
        let owned = |v: Vec<&Located>| -> Vec<Located> { v.into_iter().cloned().collect() };
        out.extend(pair_by_dimension(&owned(l), &owned(r)));
    }
    out
}

/// A quantity with its counterpart, either missing when it has none.
type QuantityPair = (Option<Located>, Option<Located>);

/// Table cells paired by their keys: a cell whose row label and column header print
/// the same numbers and codes as exactly one cell of the other side, of the same
/// dimension (`110 | … | 5.3` under `PN 1.0` against the `PN 1.0` row's cell under
/// `110`), whichever way round either table is printed. Returns those pairs and the
/// quantities left for the other pairings, less the values of tables with a column
/// per item that found no keyed partner (their order says nothing).
fn pair_by_cells(
    left: &[Located],
    right: &[Located],
) -> (Vec<QuantityPair>, Vec<Located>, Vec<Located>) {
    fn counts(v: &[Located]) -> HashMap<&Vec<String>, usize> {
        let mut n: HashMap<&Vec<String>, usize> = HashMap::new();
        for k in v.iter().filter_map(|q| q.cell.as_ref()) {
            *n.entry(k).or_default() += 1;
        }
        n
    }
    let (nl, nr) = (counts(left), counts(right));
    let unique =
        |q: &Located, own: &HashMap<&Vec<String>, usize>, other: &HashMap<&Vec<String>, usize>| {
            q.cell
                .as_ref()
                .is_some_and(|k| own.get(k) == Some(&1) && other.get(k) == Some(&1))
        };
    let mut out = Vec::new();
    let mut used_right = vec![false; right.len()];
    let mut rest_left = Vec::new();
    for a in left {
        let partner = unique(a, &nl, &nr)
            .then(|| {
                right
                    .iter()
                    .position(|b| b.cell == a.cell && b.quantity.dimension == a.quantity.dimension)
            })
            .flatten();
        match partner {
            Some(j) => {
                used_right[j] = true;
                out.push((Some(a.clone()), Some(right[j].clone())));
            }
            None if a.keyed_only => {}
            None => rest_left.push(a.clone()),
        }
    }
    let rest_right = right
        .iter()
        .zip(&used_right)
        .filter(|(b, used)| !**used && !b.keyed_only)
        .map(|(b, _)| b.clone())
        .collect();
    (out, rest_left, rest_right)
}

/// Whether one side's rows are the other's columns: a composition table that gives
/// a row per grade with a column per species on one side (`P·I | 0.75 | 3.0 | 3.5`)
/// and a row per species on the other (`SO3 | 3.0`). Rows then cannot pair as
/// wholes; the values pair by the species they bound.
fn transposed(left: &[Located], right: &[Located]) -> bool {
    // Some(true): a row holds values of several properties; Some(false): each row
    // one property, and the rows several.
    fn by_column(v: &[Located]) -> Option<bool> {
        let mut per_row: HashMap<usize, HashSet<&str>> = HashMap::new();
        for q in v {
            if let (Some(row), Some(symbol)) = (q.row, q.symbol.as_deref()) {
                per_row.entry(row).or_default().insert(symbol);
            }
        }
        if per_row.values().any(|s| s.len() >= 2) {
            return Some(true);
        }
        let named: HashSet<&str> = per_row.values().flatten().copied().collect();
        (named.len() >= 2).then_some(false)
    }
    matches!((by_column(left), by_column(right)), (Some(a), Some(b)) if a != b)
}

/// Quantities paired dimension by dimension (see [`pair_quantities`]).
fn pair_by_dimension(
    left: &[Located],
    right: &[Located],
) -> Vec<(Option<Located>, Option<Located>)> {
    // Tolerances printed on their own pair among themselves.
    let class = |q: &Located| (q.quantity.dimension, q.quantity.is_deviation());
    let mut dims: Vec<(units::Dimension, bool)> = left.iter().chain(right).map(class).collect();
    dims.sort();
    dims.dedup();
    let mut out = Vec::new();
    for dim in dims {
        let l: Vec<&Located> = left.iter().filter(|q| class(q) == dim).collect();
        let r: Vec<&Located> = right.iter().filter(|q| class(q) == dim).collect();
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

/// Quantities of one dimension paired: those naming a property symbol both sides
/// print (`A` against `A`, not `Agt`) among themselves, then the rest, each in order
/// ([`pair_in_order`]).
fn pair_one_dimension(
    l: Vec<&Located>,
    r: Vec<&Located>,
) -> Vec<(Option<Located>, Option<Located>)> {
    let symbols =
        |v: &[&Located]| -> HashSet<String> { v.iter().filter_map(|q| q.symbol.clone()).collect() };
    let shared: HashSet<String> = symbols(&l).intersection(&symbols(&r)).cloned().collect();
    if shared.is_empty() {
        return pair_by_labels(l, r);
    }
    fn of<'a>(v: &[&'a Located], s: Option<&String>, shared: &HashSet<String>) -> Vec<&'a Located> {
        v.iter()
            .copied()
            .filter(|q| match s {
                Some(s) => q.symbol.as_ref() == Some(s),
                None => q.symbol.as_ref().is_none_or(|x| !shared.contains(x)),
            })
            .collect()
    }
    let mut ordered: Vec<&String> = shared.iter().collect();
    ordered.sort();
    let mut out = Vec::new();
    for s in ordered {
        out.extend(pair_by_labels(
            of(&l, Some(s), &shared),
            of(&r, Some(s), &shared),
        ));
    }
    out.extend(pair_by_labels(of(&l, None, &shared), of(&r, None, &shared)));
    out
}

/// Values given per item on both sides (several grades each: `HRB500、HRBF500 … 15 %`
/// in a sentence, a `CB500-V` table row) pair by the numbers their items' labels name
/// (right labels already read in the left's grades), whatever their order; an item
/// one side lacks keeps its value unpaired. Values without such a label, and sides
/// naming fewer than two items (the values of one row pair), pair in order.
fn pair_by_labels(l: Vec<&Located>, r: Vec<&Located>) -> Vec<(Option<Located>, Option<Located>)> {
    let numbers = |v: &[&Located]| -> Vec<HashSet<String>> {
        v.iter().map(|q| rows::label_numbers(&q.label)).collect()
    };
    let (nl, nr) = (numbers(&l), numbers(&r));
    // How many items a side names, when it gives one value each (a row with several
    // values of this kind, C and Ceq in one table row, says not which is which).
    let items = |sets: &[HashSet<String>]| -> Option<usize> {
        let mut named: Vec<Vec<&String>> = sets
            .iter()
            .filter(|n| !n.is_empty())
            .map(|n| {
                let mut n: Vec<&String> = n.iter().collect();
                n.sort();
                n
            })
            .collect();
        named.sort();
        let all = named.len();
        named.dedup();
        (named.len() == all).then_some(all)
    };
    if items(&nl).is_none_or(|n| n < 2) || items(&nr).is_none_or(|n| n < 2) {
        return pair_by_classes(l, r);
    }
    let mut used = vec![false; r.len()];
    let mut out = Vec::new();
    let mut rest_l = Vec::new();
    for (a, na) in l.into_iter().zip(&nl) {
        if na.is_empty() {
            rest_l.push(a);
            continue;
        }
        match (0..r.len()).find(|&j| !used[j] && !nr[j].is_disjoint(na)) {
            Some(j) => {
                used[j] = true;
                out.push((Some(a.clone()), Some(r[j].clone())));
            }
            None => out.push((Some(a.clone()), None)),
        }
    }
    let mut rest_r = Vec::new();
    for (j, b) in r.into_iter().enumerate() {
        if used[j] {
            continue;
        }
        if nr[j].is_empty() {
            rest_r.push(b);
        } else {
            out.push((None, Some(b.clone())));
        }
    }
    out.extend(pair_in_order(rest_l, rest_r));
    out
}

/// Values given per class on both sides (`BIa | ≤ 0.5 | ≤ 0.6` and a list item `BIa类：
/// 不小于35 MPa` on one side, a table with a column per class on the other) pair within
/// their class, in order: the n-th value of a class with the other side's n-th of the
/// same class. Only where the two sides name at least two classes in common (one shared
/// code is as likely a coincidence); a class one side alone gives keeps its values
/// unpaired, and values without a class pair in order among themselves.
fn pair_by_classes(l: Vec<&Located>, r: Vec<&Located>) -> Vec<(Option<Located>, Option<Located>)> {
    // The classes a value is given for: one (`BIa |`, `nhóm BIa:`) or several
    // (`BIa类和BIb类不大于175 mm³`); a value given for several pairs in each.
    let classes = |q: &Located| -> Vec<String> {
        let mut codes: Vec<String> = rows::label_classes(&q.label).into_iter().collect();
        codes.sort();
        codes
    };
    let (cl, cr): (Vec<Vec<String>>, Vec<Vec<String>>) = (
        l.iter().map(|q| classes(q)).collect(),
        r.iter().map(|q| classes(q)).collect(),
    );
    let mut shared: Vec<&String> = cl
        .iter()
        .flatten()
        .filter(|c| cr.iter().flatten().any(|d| d == *c))
        .collect();
    shared.dedup();
    let distinct: HashSet<&String> = shared.iter().copied().collect();
    if distinct.len() < 2 {
        return pair_in_order(l, r);
    }
    fn of<'a>(v: &[&'a Located], cs: &[Vec<String>], c: Option<&String>) -> Vec<&'a Located> {
        v.iter()
            .zip(cs)
            .filter(|(_, k)| match c {
                Some(c) => k.contains(c),
                None => k.is_empty(),
            })
            .map(|(q, _)| *q)
            .collect()
    }
    let mut out = Vec::new();
    let mut done: HashSet<&String> = HashSet::new();
    for c in shared {
        if done.insert(c) {
            out.extend(pair_in_order(of(&l, &cl, Some(c)), of(&r, &cr, Some(c))));
        }
    }
    let alone = |v: &[&Located], cs: &[Vec<String>]| -> Vec<Located> {
        v.iter()
            .zip(cs)
            .filter(|(_, k)| !k.is_empty() && !k.iter().any(|k| distinct.contains(k)))
            .map(|(q, _)| (*q).clone())
            .collect()
    };
    out.extend(alone(&l, &cl).into_iter().map(|q| (Some(q), None)));
    out.extend(alone(&r, &cr).into_iter().map(|q| (None, Some(q))));
    out.extend(pair_in_order(of(&l, &cl, None), of(&r, &cr, None)));
    out
}

/// Quantities of one dimension paired in order (see [`pair_quantities`]).
fn pair_in_order(l: Vec<&Located>, r: Vec<&Located>) -> Vec<(Option<Located>, Option<Located>)> {
    let zip = |l: &[&Located], r: &[&Located]| -> Vec<(Option<Located>, Option<Located>)> {
        l.iter()
            .zip(r)
            .map(|(a, b)| (Some((*a).clone()), Some((*b).clone())))
            .collect()
    };
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
    // Pairing by position holds unless most amounts recur on the other side at other
    // positions: then the rows are shifted (another set of grades in a table: 400,
    // 500, 600 against 300, 400, 500) and position would pair every row wrongly.
    let positional = |a: &[&Located], b: &[&Located]| {
        let same = a
            .iter()
            .zip(b)
            .filter(|(x, y)| x.quantity.same_amount(&y.quantity))
            .count();
        same >= lcs[0][0] || lcs[0][0] * 2 <= a.len()
    };
    if l.len() == r.len() && positional(&l, &r) {
        return zip(&l, &r);
    }
    let (dl, dr) = (dedup(&l), dedup(&r));
    if dl.len() == dr.len() && positional(&dl, &dr) {
        return zip(&dl, &dr);
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

/// Whether a quantity's unit is printed beside it; a bare table cell takes it from its
/// column header, and two headers naming one unit differently (`MPa`, `N/mm²`) are a
/// difference of table layout, not one per cell.
pub(super) fn printed(q: &Quantity) -> bool {
    q.shown() == q.raw
}

/// The quantities that found a counterpart, per side (left, right): clause key and
/// character range.
pub type Paired = [HashSet<(String, [usize; 2])>; 2];

/// Changed values and units of the paired quantities, and which quantities paired.
fn value_differences(
    ql: &[Located],
    left_lang: &str,
    qr: &[Located],
    right_lang: &str,
    ls: &[Sentence],
    rs: &[Sentence],
    alignment: Option<&SentenceAlignment>,
) -> (Vec<Difference>, Paired) {
    let pairs = match alignment.filter(|a| a.by_meaning) {
        Some(a) => pair_by_sentences(ql, qr, ls, rs, a),
        None => pair_quantities(ql, qr),
    };
    let mut out: Vec<Difference> = Vec::new();
    let mut paired: Paired = Default::default();
    for pair in pairs {
        let (Some(a), Some(b)) = pair else { continue };
        paired[0].insert((a.key.clone(), a.span));
        paired[1].insert((b.key.clone(), b.span));
        let (qa, qb) = (&a.quantity, &b.quantity);
        let kind = if !qa.same_amount(qb) {
            DiffKind::Value
        } else if qa.symbol != qb.symbol && qa.value != 0.0 && (printed(qa) || printed(qb)) {
            // Zero is zero in every unit (`0～+50 mm` against `0 ถึง +5 cm`): the
            // other end of the range carries the change of notation.
            DiffKind::UnitOnly
        } else {
            continue;
        };
        let note = match kind {
            DiffKind::Value => value_note(qa, qb),
            _ => format!(
                "same {} written in {} instead of {}",
                qa.dimension.name(),
                qb.unit,
                qa.unit
            ),
        };
        let (role, direction) = match kind {
            DiffKind::Value => severity_of(&a, left_lang, &b, right_lang),
            _ => (None, None),
        };
        let d = Difference {
            kind,
            left: Some(qa.shown()),
            right: Some(qb.shown()),
            quantity: Some(qa.dimension.name()),
            note,
            limit: qa.limit.or(qb.limit).map(|l| l.as_str().to_string()),
            left_key: Some(a.key.clone()),
            right_key: Some(b.key.clone()),
            left_span: Some(a.span),
            right_span: Some(b.span),
            role,
            direction,
        };
        if !out
            .iter()
            .any(|o| o.kind == d.kind && o.left == d.left && o.right == d.right)
        {
            out.push(d);
        }
    }
    (out, paired)
}

/// What a changed value is (`limit` or `test-parameter`) and whether the right's value
/// asks more than the left's ([`severity`]); `None` where the text does not say.
pub fn severity_of(
    a: &Located,
    left_lang: &str,
    b: &Located,
    right_lang: &str,
) -> (Option<String>, Option<severity::Direction>) {
    let qa = severity::signed(&a.quantity, &a.context);
    let qb = severity::signed(&b.quantity, &b.context);
    let ra = severity::role(&qa, &a.context, left_lang);
    let rb = severity::role(&qb, &b.context, right_lang);
    let name = |r: severity::Role| match r {
        severity::Role::Limit(_) => Some("limit".to_string()),
        severity::Role::TestParameter { .. } => Some("test-parameter".to_string()),
        severity::Role::Scope(_) => Some("scope".to_string()),
        severity::Role::Unknown => None,
    };
    let (role, direction) = (
        name(ra).or_else(|| name(rb)),
        severity::direction(&qa, ra, &qb, rb),
    );
    if direction.is_some() {
        return (role, direction);
    }
    // One end of a range on both sides (`0.94 … 1.06` against `0.9 … 1.1`): the
    // direction is whether the range widened, for a test range or a limit range.
    let line = |l: &Located| l.context.lines().last().unwrap_or_default().to_string();
    let ends = (
        severity::range_end(&qa, &line(a), left_lang),
        severity::range_end(&qb, &line(b), right_lang),
    );
    let (Some(end), Some(other)) = ends else {
        return (role, None);
    };
    let test = match role.as_deref() {
        Some("limit") => false,
        Some(_) => true,
        None => {
            severity::mentions_test(&a.context, left_lang)
                || severity::mentions_test(&b.context, right_lang)
        }
    };
    if end != other || (role.is_none() && !test) {
        return (role, None);
    }
    let role = role.or_else(|| Some("test-parameter".to_string()));
    (
        role,
        severity::range_direction(end, qa.value, qb.value, test),
    )
}

/// Quantities paired sentence by sentence first: in a merged group the counterpart
/// of a quantity is in the counterpart sentence, not wherever the same dimension
/// next occurs. What no aligned sentence pairs is paired over the whole group.
fn pair_by_sentences(
    ql: &[Located],
    qr: &[Located],
    ls: &[Sentence],
    rs: &[Sentence],
    alignment: &SentenceAlignment,
) -> Vec<(Option<Located>, Option<Located>)> {
    let inside = |q: &Located, s: &Sentence| {
        q.key == s.key && q.span[0] >= s.span[0] && q.span[1] <= s.span[1]
    };
    let (mut used_l, mut used_r) = (vec![false; ql.len()], vec![false; qr.len()]);
    let mut out = Vec::new();
    for link in &alignment.links {
        let pick = |qs: &[Located], sentences: &[Sentence], ids: &[usize]| -> Vec<usize> {
            (0..qs.len())
                .filter(|&k| ids.iter().any(|&i| inside(&qs[k], &sentences[i])))
                .collect()
        };
        let (li, ri) = (pick(ql, ls, &link.left), pick(qr, rs, &link.right));
        if li.is_empty() || ri.is_empty() {
            continue;
        }
        let lq: Vec<Located> = li.iter().map(|&k| ql[k].clone()).collect();
        let rq: Vec<Located> = ri.iter().map(|&k| qr[k].clone()).collect();
        // Rows paired as wholes have been judged, the unpaired ones too (a grade one
        // side lacks): they do not pair again among the leftovers.
        if rows::both_have_rows(&lq, &rq) {
            for &k in li.iter().filter(|&&k| ql[k].row.is_some()) {
                used_l[k] = true;
            }
            for &k in ri.iter().filter(|&&k| qr[k].row.is_some()) {
                used_r[k] = true;
            }
        }
        for (a, b) in pair_quantities(&lq, &rq) {
            let (Some(a), Some(b)) = (a, b) else { continue };
            // Mark the pair's quantities as used (by position in the link); a value
            // given for several classes (`BIa类和BIb类不大于175 mm³`) may meet its
            // counterpart of another class among the leftovers.
            let one_class = |q: &Located| rows::label_classes(&q.label).len() < 2;
            if let Some(&k) = li
                .iter()
                .find(|&&k| !used_l[k] && ql[k].span == a.span && ql[k].key == a.key)
                .filter(|&&k| one_class(&ql[k]))
            {
                used_l[k] = true;
            }
            if let Some(&k) = ri
                .iter()
                .find(|&&k| !used_r[k] && qr[k].span == b.span && qr[k].key == b.key)
                .filter(|&&k| one_class(&qr[k]))
            {
                used_r[k] = true;
            }
            out.push((Some(a), Some(b)));
        }
    }
    let rest_l: Vec<Located> = (0..ql.len())
        .filter(|&k| !used_l[k])
        .map(|k| ql[k].clone())
        .collect();
    let rest_r: Vec<Located> = (0..qr.len())
        .filter(|&k| !used_r[k])
        .map(|k| qr[k].clone())
        .collect();
    out.extend(pair_quantities(&rest_l, &rest_r));
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
        return format!("{} tolerance changed", a.dimension.name());
    }
    format!("{} {what} {direction}", a.dimension.name())
}

/// Languages a text requires markings or instructions to be written in: (language
/// code, byte range of the name as printed). Names: 规范中文, tiếng Việt, ภาษาไทย,
/// Bahasa Indonesia, Bahasa Melayu, English (and each language's name for English).
pub fn required_languages(text: &str) -> Vec<(&'static str, [usize; 2])> {
    const NAMES: &[(&str, &str)] = &[
        ("规范中文", "zh"),
        ("规范汉字", "zh"),
        ("简体中文", "zh"),
        ("中文", "zh"),
        ("汉字", "zh"),
        ("汉语", "zh"),
        ("英文", "en"),
        ("英语", "en"),
        ("tiếng việt", "vi"),
        ("tiếng anh", "en"),
        ("ภาษาไทย", "th"),
        ("ภาษาอังกฤษ", "en"),
        ("bahasa indonesia", "id"),
        ("bahasa inggris", "en"),
        ("bahasa melayu", "ms"),
        ("bahasa malaysia", "ms"),
        ("bahasa inggeris", "en"),
        ("english", "en"),
    ];
    let lower = text.to_lowercase();
    // Lower-casing keeps byte offsets in these scripts; otherwise search as printed.
    let hay = if lower.len() == text.len() {
        &lower
    } else {
        text
    };
    let mut found: Vec<(&'static str, [usize; 2])> = Vec::new();
    for (name, code) in NAMES {
        let mut from = 0;
        while let Some(p) = hay[from..].find(name).map(|p| p + from) {
            let end = p + name.len();
            from = end;
            // A longer name already covers this one (`中文` inside `规范中文`).
            if found.iter().any(|(_, [s, e])| *s <= p && end <= *e) {
                continue;
            }
            let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphabetic());
            if boundary(hay[..p].chars().next_back()) && boundary(hay[end..].chars().next()) {
                found.push((code, [p, end]));
            }
        }
    }
    found.sort_by_key(|(_, span)| span[0]);
    found
}

/// Both sides require a language for markings or instructions, and not the same:
/// a `value` difference of quantity `language`, with the names as printed (`Bahasa
/// Melayu or English` when one sentence names several).
fn language_difference(left: &Side, right: &Side) -> Option<Difference> {
    // (codes, printed, clause key) of a side's first line that requires a language.
    let required = |s: &Side| -> Option<(HashSet<&'static str>, String, String)> {
        s.clauses.iter().find_map(|c| {
            normative_lines(c)
                .filter(|l| !strength::modals(l, s.lang).is_empty())
                .find_map(|line| {
                    let mut names = required_languages(line);
                    // One list of names (`Bahasa Melayu or English`); a name repeated
                    // further on in the sentence is not part of it.
                    let list = 1 + names
                        .windows(2)
                        .take_while(|w| w[1].1[0].saturating_sub(w[0].1[1]) <= 12)
                        .count();
                    names.truncate(list);
                    let (first, last) = (names.first()?, names.last()?);
                    Some((
                        names.iter().map(|(code, _)| *code).collect(),
                        line[first.1[0]..last.1[1]].to_string(),
                        c.key.clone(),
                    ))
                })
        })
    };
    let ((lc, ln, lk), (rc, rn, rk)) = (required(left)?, required(right)?);
    if lc == rc {
        return None;
    }
    Some(Difference {
        kind: DiffKind::Value,
        left: Some(ln),
        right: Some(rn),
        quantity: Some("language".into()),
        note: "another language is required".into(),
        limit: None,
        left_key: Some(lk),
        right_key: Some(rk),
        left_span: None,
        right_span: None,
        role: None,
        direction: None,
    })
}

/// A normative annex on one side is informative on the other (`规范性` vs
/// `informatif`): a `strength` difference with the words as printed.
fn annex_difference(left: &Side, right: &Side) -> Option<Difference> {
    let status = |s: &Side| {
        s.clauses.iter().find_map(|c| {
            let heading = c.heading.as_deref().unwrap_or("");
            std::iter::once(heading)
                .chain(c.text.lines().take(3))
                .find_map(strength::annex_status)
                .map(|(st, word)| (st, word, c.key.clone()))
        })
    };
    let ((a, aw, ak), (b, bw, bk)) = (status(left)?, status(right)?);
    if a == b {
        return None;
    }
    Some(Difference {
        kind: DiffKind::Strength,
        left: Some(aw),
        right: Some(bw),
        quantity: None,
        note: format!("{} annex became {}", a.as_str(), b.as_str()),
        limit: None,
        left_key: Some(ak),
        right_key: Some(bk),
        left_span: None,
        right_span: None,
        role: None,
        direction: None,
    })
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

fn strength_note(from: Strength, to: Strength) -> String {
    let what = |s: Strength| match s {
        Strength::Shall | Strength::Must => "a requirement",
        Strength::Should => "a recommendation",
        Strength::May => "a permission",
    };
    format!(
        "{} became {}: {} is now {}",
        from.as_str(),
        to.as_str(),
        what(from),
        what(to)
    )
}

/// One side of a link (or of a group) says `should` where the other says only
/// `shall`: the other side has no recommendation of its own and at least one
/// requirement. Both directions; `None` when neither holds. Permissions are left
/// out: `dapat`, `có thể`, `อาจ` also state a capability or a possibility, so "may"
/// against "shall" says little about the requirement.
fn changed_level(ml: &[strength::Modal], mr: &[strength::Modal]) -> Option<(Strength, Strength)> {
    let has =
        |m: &[strength::Modal], s: Strength| m.iter().any(|x| normalize_level(x.strength) == s);
    if has(mr, Strength::Should) && !has(ml, Strength::Should) && has(ml, Strength::Shall) {
        Some((Strength::Shall, Strength::Should))
    } else if has(ml, Strength::Should) && !has(mr, Strength::Should) && has(mr, Strength::Shall) {
        Some((Strength::Should, Strength::Shall))
    } else {
        None
    }
}

/// Strength compared sentence by sentence: in each aligned pair (or merge) of
/// sentences, shall against should; the words reported are those of that pair.
/// When no pair differs (or there is no alignment), the whole group is compared the
/// same way, as a fallback for a sentence the alignment left without counterpart.
fn strength_differences(
    left: &Side,
    right: &Side,
    ls: &[Sentence],
    rs: &[Sentence],
    alignment: Option<&SentenceAlignment>,
) -> Vec<Difference> {
    // The modals of some sentences, each with its sentence index.
    let modals =
        |ids: &[usize], sentences: &[Sentence], lang: &str| -> Vec<(usize, strength::Modal)> {
            ids.iter()
                .flat_map(|&i| {
                    strength::modals(&sentences[i].text, lang)
                        .into_iter()
                        .map(move |m| (i, m))
                })
                .collect()
        };
    let mut out: Vec<Difference> = Vec::new();
    for link in alignment.map_or(&[][..], |a| &a.links[..]) {
        let (ml, mr) = (
            modals(&link.left, ls, left.lang),
            modals(&link.right, rs, right.lang),
        );
        let strip = |v: &[(usize, strength::Modal)]| -> Vec<strength::Modal> {
            v.iter().map(|(_, m)| m.clone()).collect()
        };
        let Some((a, b)) = changed_level(&strip(&ml), &strip(&mr)) else {
            continue;
        };
        // The first modal of each level, a pair negated alike preferred (`不应` against
        // `should not`, not against another sentence's `should`).
        let of =
            |v: &[(usize, strength::Modal)], level: Strength| -> Vec<(usize, strength::Modal)> {
                v.iter()
                    .filter(|(_, m)| normalize_level(m.strength) == level)
                    .cloned()
                    .collect()
            };
        // Of several modals of the level in a sentence (a Thai line holds several),
        // the word the group uses most for it first: `ต้อง`, not the `ให้` of a
        // `ให้เป็นไปตาม` beside it.
        let usual = |mut v: Vec<(usize, strength::Modal)>, side: &Side, level: Strength| {
            if let Some(w) = word_of(&side_modals(side), level) {
                v.sort_by_key(|(_, m)| m.word != w);
            }
            v
        };
        let (la, rb) = (usual(of(&ml, a), left, a), usual(of(&mr, b), right, b));
        let alike = la.iter().find_map(|x| {
            rb.iter()
                .find(|y| y.1.negated == x.1.negated)
                .map(|y| (x.clone(), y.clone()))
        });
        let Some(((i, ma), (j, mb))) =
            alike.or_else(|| Some((la.first()?.clone(), rb.first()?.clone())))
        else {
            continue;
        };
        // One difference per change of word in a group, negated or not.
        let base = |shown: Option<&str>, m: &strength::Modal| {
            shown.is_some_and(|w| w == m.word || w == m.shown())
        };
        if out
            .iter()
            .any(|d| base(d.left.as_deref(), &ma) && base(d.right.as_deref(), &mb))
        {
            continue;
        }
        let at = |s: &Sentence, m: &strength::Modal| {
            let start = s.span[0] + s.text[..m.at].chars().count();
            [start, start + m.phrase.chars().count()]
        };
        out.push(Difference {
            kind: DiffKind::Strength,
            left: Some(ma.shown().to_string()),
            right: Some(mb.shown().to_string()),
            quantity: None,
            note: strength_note(a, b),
            limit: None,
            left_key: Some(ls[i].key.clone()),
            right_key: Some(rs[j].key.clone()),
            left_span: Some(at(&ls[i], &ma)),
            right_span: Some(at(&rs[j], &mb)),
            role: None,
            direction: None,
        });
    }
    if out.is_empty() {
        out.extend(strength_difference(left, right));
    }
    out
}

/// The whole group compared, shall against should (see [`changed_level`]), with
/// each side's most frequent word of its level.
fn strength_difference(left: &Side, right: &Side) -> Option<Difference> {
    let (ml, mr) = (side_modals(left), side_modals(right));
    let (a, b) = changed_level(&ml, &mr)?;
    Some(Difference {
        kind: DiffKind::Strength,
        left: Some(word_of(&ml, a)?),
        right: Some(word_of(&mr, b)?),
        quantity: None,
        note: strength_note(a, b),
        limit: None,
        left_key: None,
        right_key: None,
        left_span: None,
        right_span: None,
        role: None,
        direction: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClauseKind;

    /// A group's differences judged on its own, the unanchored one-sided
    /// requirements included.
    fn differences(left: &Side, right: &Side, cx: &Context) -> Result<Vec<Difference>> {
        let g = group_differences(left, right, cx)?;
        let [l, r] = g.unanchored;
        Ok(g.found.into_iter().chain(l).chain(r).collect())
    }

    #[test]
    fn a_note_marker_starts_a_note_but_not_running_text() {
        for note in [
            "NOTE 1 The probe is rigid.",
            "Note 1 to entry: see 5.2.",
            "注：见表1。",
            "NOTE",
        ] {
            assert!(is_note(note), "{note}");
        }
        for prose in [
            "Note that it is now quite rare that parameters need to be passed to modules.",
            "Notes shall be kept.",
        ] {
            assert!(!is_note(prose), "{prose}");
        }
    }

    #[test]
    fn a_header_names_its_unit_after_a_separator_or_as_its_last_word() {
        assert_eq!(
            column_units("温升/K | R_eL/MPa | ชั้นกำลัง | ความต้านแรงอัด MPa | Diameter mm"),
            [
                Some("K".to_string()),
                Some("MPa".to_string()),
                None,
                Some("MPa".to_string()),
                Some("mm".to_string())
            ]
        );
        // One letter names a kind, a number is no unit, and a value is no header.
        assert_eq!(
            column_units("Type A | Grade 500 | MPa | 3 ngày | 28 d"),
            [None, None, None, None, None]
        );
    }

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
        diff_of_kind(l, ll, r, rl, ClauseKind::Requirement)
    }

    /// [`diff`] of two clauses of one kind.
    fn diff_of_kind(
        l: &str,
        ll: &str,
        r: &str,
        rl: &str,
        kind: ClauseKind,
    ) -> Vec<(DiffKind, Option<String>, Option<String>)> {
        let (mut a, mut b) = (clause("1", ll, l), clause("1", rl, r));
        (a.kind, b.kind) = (kind, kind);
        let adoptions = HashMap::new();
        let own = HashSet::new();
        let cited = HashSet::new();
        let cx = Context {
            means: None,
            adoptions: &adoptions,
            own: &own,
            cited: [&cited, &cited],
            sentences: None,
            grades: None,
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
    fn grade_rows_pair_with_the_grade_they_match_not_by_position() {
        // Another set of grades: 400/500/600 against 30/40/50 (kgf-based names);
        // the rows whose values agree are the counterparts, the rest stand alone.
        let gb = "屈服强度应符合表4。\n表4\n牌号 | ReL/MPa，不小于 | Rm/MPa，不小于\n\
                  HRB400 | 400 | 540\nHRB500 | 500 | 630\nHRB600 | 600 | 730";
        let tis = "ต้องเป็นไปตามตารางที่ 2\nตารางที่ 2\nชั้นคุณภาพ | ReL (MPa) | Rm (MPa)\n\
                   SD30 | 295 | 440\nSD40 | 390 | 540\nSD50 | 490 | 630";
        let got = diff(gb, "zh", tis, "th");
        let values: Vec<_> = got.iter().filter(|x| x.0 == DiffKind::Value).collect();
        assert_eq!(
            values,
            [
                &d(DiffKind::Value, "400 MPa", "390 MPa"),
                &d(DiffKind::Value, "500 MPa", "490 MPa")
            ]
        );
        // Labels that name the same grade decide where values barely differ.
        let gb = "表3\n牌号 | C/%，不大于 | Ceq/%，不大于\n\
                  HRB400 | 0.25 | 0.54\nHRB500 | 0.25 | 0.55\nHRB600 | 0.28 | 0.58";
        let tcvn = "Bảng 2\nMác thép | C, % lớn nhất | Ceq, % lớn nhất\n\
                    CB300-V | 0,25 | 0,50\nCB400-V | 0,25 | 0,54\nCB500-V | 0,25 | 0,58";
        let got = diff(gb, "zh", tcvn, "vi");
        let values: Vec<_> = got.iter().filter(|x| x.0 == DiffKind::Value).collect();
        assert_eq!(values, [&d(DiffKind::Value, "0.55 %", "0,58 %")]);
    }

    #[test]
    fn a_wider_range_of_test_conditions_is_stricter_a_wider_limit_range_is_not() {
        let located = |text: &str, lang: &str| -> Vec<Located> {
            let c = clause("5.2", lang, text);
            side_quantities(&Side {
                clauses: vec![&c],
                lang,
            })
        };
        let directions = |l: &str, ll: &str, r: &str, rl: &str| {
            let (a, b) = (located(l, ll), located(r, rl));
            a.iter()
                .zip(&b)
                .map(|(x, y)| severity_of(x, ll, y, rl).1)
                .collect::<Vec<_>>()
        };
        let stricter = Some(severity::Direction::Stricter);
        let looser = Some(severity::Direction::LessStrict);
        assert_eq!(
            directions(
                "器具应在0.94倍与1.06倍额定电压之间最不利的电源电压下进行试验。",
                "zh",
                "Perkakas hendaklah diuji pada voltan bekalan yang paling tidak menguntungkan dalam julat antara 0.9 kali dan 1.1 kali voltan berkadar.",
                "ms"
            ),
            [stricter, stricter]
        );
        // The same widening of a range the product's value must stay in is easier.
        assert_eq!(
            directions(
                "The moisture content shall be not less than 2 % and not more than 4 %.",
                "en",
                "The moisture content shall be not less than 1 % and not more than 5 %.",
                "en"
            ),
            [looser, looser]
        );
    }

    #[test]
    fn rows_of_one_set_pair_in_order_even_when_a_value_changed() {
        let l = "Table 3\nPart | Temperature rise/K\nwindings | 75\nhandles | 60\nenclosure | 15";
        let r = "Bảng 3\nBộ phận | Độ tăng nhiệt/K\ncuộn dây | 75\ntay cầm | 40\nvỏ | 15";
        let got = diff(l, "en", r, "vi");
        let values: Vec<_> = got.iter().filter(|x| x.0 == DiffKind::Value).collect();
        assert_eq!(values, [&d(DiffKind::Value, "60 K", "40 K")]);
    }

    #[test]
    fn value_spans_point_at_the_occurrence_that_changed() {
        let l = "注 第一行是注。\nII类器具：0.5 mA；\nI类便携式器具：0.75 mA；";
        let r = "đối với thiết bị cấp II: 0,5 mA;\nđối với thiết bị cấp I di động: 0,5 mA;";
        let (a, b) = (clause("13.2", "zh", l), clause("13.2", "vi", r));
        let empty = HashSet::new();
        let cx = Context {
            means: None,
            adoptions: &HashMap::new(),
            own: &empty,
            cited: [&empty, &empty],
            sentences: None,
            grades: None,
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
        // `4d` is a mandrel of four diameters where the clause speaks of diameters,
        // and nothing where it does not (a code, a day written without a space).
        assert_eq!(
            diff(
                "弯曲压头直径\nHRB400 | 6～25 | 4d",
                "zh",
                "เส้นผ่านศูนย์กลางของเดือยดัด\nSD40 | 6 ถึง 25 | 5d",
                "th"
            ),
            [d(DiffKind::Value, "4d", "5d")]
        );
        assert!(diff("注册有效期 | 4d", "zh", "thời hạn đăng ký | 5d", "vi").is_empty());
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
    fn a_reference_list_cites_its_entries_not_the_standards_their_titles_name() {
        let got = diff_of_kind(
            "下列文件对于本文件的应用是必不可少的。\nGB/T 9251，气瓶水压试验方法",
            "zh",
            "The following documents are indispensable.\nEN 3-8,\nPortable fire extinguishers – \
             Part 8: Additional requirements to EN 3-7 for the construction\n\
             ISO 9227 Corrosion tests in artificial atmospheres (see also EN 3-7)",
            "en",
            ClauseKind::NormativeReferences,
        );
        let want = [
            d(DiffKind::Reference, "GB/T 9251", "EN 3-8"),
            (DiffKind::Reference, None, Some("ISO 9227".to_string())),
        ];
        assert_eq!(got, want);
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

    /// Differences of two groups, each clause given as (key, text), with a fake
    /// sentence embedder: a sentence's vector is a shared component (every sentence
    /// of one domain is similar, cosine 0.8) plus one component per topic whose
    /// keyword it contains; joined sentences carry both topics.
    fn diff_groups(
        l: &[(&str, &str)],
        ll: &str,
        r: &[(&str, &str)],
        rl: &str,
        topics: &[(&str, usize)],
    ) -> Vec<Difference> {
        let (lc, rc): (Vec<Clause>, Vec<Clause>) = (
            l.iter().map(|(k, t)| clause(k, ll, t)).collect(),
            r.iter().map(|(k, t)| clause(k, rl, t)).collect(),
        );
        let embed = |texts: &[String]| -> Result<Vec<Vec<f32>>> {
            Ok(texts
                .iter()
                .map(|t| {
                    let mut v = [0f32; 16];
                    v[0] = 2.0;
                    for (word, topic) in topics {
                        if t.contains(word) {
                            v[*topic] = 1.0;
                        }
                    }
                    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                    v.iter().map(|x| x / norm).collect()
                })
                .collect())
        };
        let empty = HashSet::new();
        let adoptions = HashMap::new();
        let cx = Context {
            means: None,
            adoptions: &adoptions,
            own: &empty,
            cited: [&empty, &empty],
            sentences: Some(&embed),
            grades: None,
        };
        let left = Side {
            clauses: lc.iter().collect(),
            lang: ll,
        };
        let right = Side {
            clauses: rc.iter().collect(),
            lang: rl,
        };
        differences(&left, &right, &cx).unwrap()
    }

    #[test]
    fn a_row_label_names_the_unit_of_its_values() {
        // `项目 | 指标` tables: each row a property with its unit, then its value(s).
        let zh = "水泥的物理指标应符合表1的规定。\n表1\n项目 | 指标\n比表面积/(m²/kg)，不小于 | 300\n初凝时间/min，不小于 | 45";
        let vi = "Các chỉ tiêu cơ lý của xi măng phải phù hợp với Bảng 1.\nBảng 1\nTên chỉ tiêu | Mức\nĐộ mịn, bề mặt riêng, m²/kg, không nhỏ hơn | 280\nThời gian đông kết bắt đầu, phút, không nhỏ hơn | 45";
        let got = diff(zh, "zh", vi, "vi");
        assert_eq!(
            got,
            vec![d(DiffKind::Value, "300 m²/kg", "280 m²/kg")],
            "{got:?}"
        );
        // A test-method column gives clause numbers, not values.
        let zh = "表1\n项目 | 指标 | 试验方法\n吸水率/%，不大于 | 0.5 | 6.3";
        let vi = "Bảng 1\nTên chỉ tiêu | Mức | Phương pháp thử\nĐộ hút nước, %, không lớn hơn | 0,6 | 7.2";
        let got = diff(zh, "zh", vi, "vi");
        assert_eq!(got, vec![d(DiffKind::Value, "0.5 %", "0,6 %")], "{got:?}");
    }

    #[test]
    fn values_given_per_class_pair_within_their_class() {
        // One side: a row per class, and list items per class; the other: a column
        // per class with a row per property. Order alone pairs BIa's 35 MPa with
        // BIb's, and nothing gives the class columns' bare cells a unit.
        let zh = "表3\n类别 | 平均值/% | 单个值/%\nBIa | ≤ 0.5 | ≤ 0.6\nBIb | 0.5 < E ≤ 3 | ≤ 3.3\n断裂模数应符合下列规定：\nBIa类：不小于35 MPa；\nBIb类：不小于30 MPa；\nBIIa类：不小于22 MPa。";
        let vi = "Bảng 3\nTên chỉ tiêu | BIIa | BIa | BIb | Phương pháp thử\nĐộ hút nước trung bình, % | 3 < E ≤ 6 | ≤ 0,5 | 0,5 < E ≤ 3 | 6.3\nĐộ hút nước của từng mẫu, % | ≤ 6,5 | ≤ 0,7 | ≤ 3,3 | 6.3\nĐộ bền uốn trung bình, MPa, không nhỏ hơn | 20 | 35 | 30 | 6.4";
        let got = diff(zh, "zh", vi, "vi");
        assert_eq!(
            got,
            vec![
                d(DiffKind::Value, "22 MPa", "20 MPa"),
                d(DiffKind::Value, "0.6 %", "0,7 %"),
            ],
            "{got:?}"
        );
        // A value stated for two classes at once, against a list item per class.
        let zh = "无釉地砖的耐深度磨损体积应符合下列规定：BIa类和BIb类不大于175 mm³，BIIa类不大于345 mm³，BIIb类不大于540 mm³。";
        let vi = "Thể tích mài mòn sâu không được lớn hơn các giá trị sau:\nnhóm BIa: 200 mm³;\nnhóm BIb: 175 mm³;\nnhóm BIIa: 345 mm³;\nnhóm BIIb: 540 mm³.";
        let got = diff(zh, "zh", vi, "vi");
        assert_eq!(
            got,
            vec![d(DiffKind::Value, "175 mm³", "200 mm³")],
            "{got:?}"
        );
        // A header of words is no class header: the row's several values stay apart.
        assert!(
            class_columns(
                &["Tên chỉ tiêu", "Mức", "Phương pháp thử"],
                &[false, false, true]
            )
            .is_empty()
        );
        assert_eq!(
            class_columns(&["Tên chỉ tiêu", "Nhóm BIa", "Nhóm BIb"], &[]),
            [None, Some("BIa".to_string()), Some("BIb".to_string())]
        );
    }

    #[test]
    fn cells_of_a_table_printed_the_other_way_round_pair_by_their_labels() {
        // Wall thickness by outside diameter (rows) and pressure class (columns) on
        // one side; a column per diameter and a row per class on the other. In order,
        // every cell would meet another diameter's.
        let zh = "表1\n公称外径dn/mm | 公称壁厚en/mm（PN 0.6） | 公称壁厚en/mm（PN 1.0）\n90 | 2.8 | 4.3\n110 | 3.4 | 5.3";
        let ms = "Jadual A.1\nDiameter luar nominal, dn (mm) | 90 | 110\nKetebalan dinding nominal, en (mm), PN 0.6 | 2.8 | 3.4\nKetebalan dinding nominal, en (mm), PN 1.0 | 4.3 | 5.0";
        let got = diff(zh, "zh", ms, "ms");
        assert_eq!(got, vec![d(DiffKind::Value, "5.3 mm", "5.0 mm")], "{got:?}");
        assert_eq!(rows::cell_key("公称壁厚en/mm（PN 1,0）"), ["1.0", "PN"]);
    }

    #[test]
    fn values_with_implied_units_tolerances_and_derived_units() {
        // A bare number under a column header `温升/K` against a value with its unit.
        assert_eq!(
            diff(
                "温升限值：\n部位 | 温升/K\n绕组 | ≤ 60",
                "zh",
                "Độ tăng nhiệt của cuộn dây không được vượt quá 65 K.",
                "vi"
            ),
            [d(DiffKind::Value, "60 K", "65 K")]
        );
        assert_eq!(
            diff(
                "牌号 | R_eL/MPa | A/%\nHRB400 | 400 | 16",
                "zh",
                "Kelas | Kuat luluh (MPa) | Regangan (%)\nBjTS 420 | 420 | 16",
                "id"
            ),
            [d(DiffKind::Value, "400 MPa", "420 MPa")]
        );
        assert_eq!(
            diff(
                "内径偏差为± 0.1 mm。",
                "zh",
                "Sai lệch đường kính trong là ± 0,2 mm.",
                "vi"
            ),
            [d(DiffKind::Value, "± 0.1 mm", "± 0,2 mm")]
        );
        assert_eq!(
            diff(
                "冲击能量为0.08 J。",
                "zh",
                "Năng lượng va đập là 80 mJ.",
                "vi"
            ),
            [d(DiffKind::UnitOnly, "0.08 J", "80 mJ")]
        );
        assert_eq!(
            diff(
                "比表面积不小于300 m²/kg。",
                "zh",
                "Luas permukaan spesifik minimal 2 800 cm²/g.",
                "id"
            ),
            [d(DiffKind::Value, "300 m²/kg", "2 800 cm²/g")]
        );
        assert_eq!(
            diff(
                "本标准不适用于3岁以下儿童使用的玩具。",
                "zh",
                "Standar ini tidak berlaku untuk mainan anak di bawah 36 bulan.",
                "id"
            ),
            [d(DiffKind::UnitOnly, "3岁", "36 bulan")]
        );
        assert_eq!(
            diff("相对湿度为85%。", "zh", "ความชื้นสัมพัทธ์ร้อยละ 93", "th"),
            [d(DiffKind::Value, "85%", "ร้อยละ 93")]
        );
        assert!(
            diff(
                "相对湿度为85%。",
                "zh",
                "relative humidity of eighty-five per cent",
                "en"
            )
            .is_empty()
        );
    }

    #[test]
    fn the_required_language_of_marking() {
        let got = diff(
            "标志和说明应使用规范中文。",
            "zh",
            "Penandaan dan petunjuk harus menggunakan Bahasa Indonesia.",
            "id",
        );
        assert_eq!(got, [d(DiffKind::Value, "规范中文", "Bahasa Indonesia")]);
        // Both name the same language, or one names none: no difference.
        assert!(
            diff("说明应使用中文。", "zh", "คู่มือต้องเป็นภาษาไทย", "th")
                .iter()
                .any(|x| x.1.as_deref() == Some("中文") && x.2.as_deref() == Some("ภาษาไทย"))
        );
        assert!(
            diff(
                "说明应清晰。",
                "zh",
                "Hướng dẫn phải bằng tiếng Việt.",
                "vi"
            )
            .is_empty()
        );
        assert!(
            diff(
                "Markings shall be in English.",
                "en",
                "Penandaan hendaklah dalam bahasa Inggeris.",
                "ms"
            )
            .is_empty()
        );
    }

    #[test]
    fn annex_status_is_a_strength_difference() {
        assert_eq!(
            diff(
                "（规范性）\n钢筋的反向弯曲试验按本附录进行。",
                "zh",
                "(informatif)\nUji lengkung balik dilakukan menurut lampiran ini.",
                "id"
            ),
            [d(DiffKind::Strength, "规范性", "informatif")]
        );
        assert!(diff("(normative)\nText.", "en", "(quy định)\nVăn bản.", "vi").is_empty());
    }

    #[test]
    fn strength_is_compared_sentence_by_sentence() {
        // The left's own 宜 elsewhere must not hide the changed sentence, and the
        // words reported are those of the sentence that changed.
        assert_eq!(
            diff(
                "钢筋应逐支检查。钢筋表面宜无锈蚀。",
                "zh",
                "Batang baja sebaiknya diperiksa satu per satu. Permukaan batang sebaiknya bebas karat.",
                "id"
            ),
            [d(DiffKind::Strength, "应", "sebaiknya")]
        );
        assert_eq!(
            diff(
                "每批钢筋应进行拉伸试验。",
                "zh",
                "เหล็กเส้นแต่ละรุ่นควรทดสอบแรงดึง",
                "th"
            ),
            [d(DiffKind::Strength, "应", "ควร")]
        );
        // A Thai line of several sentences: the usual shall word, not the `ให้` of a
        // `ให้เป็นไปตาม` that comes first.
        assert_eq!(
            diff(
                "可触及的金属边缘宜经卷边处理，锐利边缘按5.5判定。",
                "zh",
                "ขอบที่เข้าถึงได้ต้องไม่เป็นขอบคม การพิจารณาขอบคมให้เป็นไปตามข้อ 5.5 ขอบโลหะต้องผ่านการพับขอบ",
                "th"
            ),
            [d(DiffKind::Strength, "宜", "ต้อง")]
        );
        assert_eq!(
            diff(
                "钢筋应以直条交货。",
                "zh",
                "Bars shall normally be delivered in straight lengths.",
                "en"
            ),
            [d(DiffKind::Strength, "应", "normally")]
        );
        // Same strength in every sentence, or a permission (also a capability):
        // nothing.
        assert!(
            diff(
                "试验应在室温下进行。",
                "zh",
                "Pengujian dapat dilakukan pada suhu ruang.",
                "id"
            )
            .is_empty()
        );
        assert!(
            diff(
                "钢筋应逐支检查。表面宜无锈蚀。",
                "zh",
                "Thép phải được kiểm tra từng thanh. Bề mặt nên không gỉ.",
                "vi"
            )
            .is_empty()
        );
    }

    #[test]
    fn merged_groups_pair_each_quantity_with_its_counterpart() {
        let topics = [
            ("屈服", 1),
            ("chảy", 1),
            ("断后", 2),
            ("sau khi đứt", 2),
            ("总延伸", 3),
            ("giãn dài tổng", 3),
        ];
        let got = diff_groups(
            &[
                ("7.1", "钢筋的下屈服强度不小于400 MPa。"),
                ("7.2", "断后伸长率不小于16%。最大力总延伸率不小于7.5%。"),
            ],
            "zh",
            &[(
                "6.1",
                "Giới hạn chảy không nhỏ hơn 400 MPa. Độ giãn dài tổng ở lực lớn nhất không nhỏ hơn 9 %. Độ giãn dài sau khi đứt không nhỏ hơn 16 %.",
            )],
            "vi",
            &topics,
        );
        let values: Vec<(&str, &str, &str)> = got
            .iter()
            .filter(|x| x.kind == DiffKind::Value)
            .map(|x| {
                (
                    x.left.as_deref().unwrap(),
                    x.right.as_deref().unwrap(),
                    x.left_key.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(values, [("7.5%", "9 %", "7.2")], "{got:?}");
        assert!(
            got.iter().all(|x| x.kind == DiffKind::Value),
            "a moved sentence is not an added one: {got:?}"
        );
    }

    #[test]
    fn a_list_item_on_one_side_only_across_languages() {
        // A list item removed on the right: the left item is reported.
        let got = diff_groups(
            &[(
                "8",
                "每捆钢筋应挂标签，标明下列内容：\n牌号\n批号\n重量\n生产许可证标志",
            )],
            "zh",
            &[(
                "8",
                "Mỗi bó thép phải có nhãn ghi các nội dung sau:\nmác thép\nsố lô\nkhối lượng",
            )],
            "vi",
            &[
                ("标签", 1),
                ("nhãn", 1),
                ("牌号", 2),
                ("mác thép", 2),
                ("批号", 3),
                ("số lô", 3),
                ("重量", 4),
                ("khối lượng", 4),
                ("许可证", 5),
            ],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (got[0].kind, got[0].left.as_deref()),
            (DiffKind::RemovedText, Some("生产许可证标志"))
        );
    }

    #[test]
    fn a_transposed_composition_table_pairs_values_by_species() {
        // Species as columns (a row per cement type) against species as rows, named
        // in another language and with the percent in words in the header.
        let zh = "水泥的化学成分应符合表2的规定。\n表2\n代号 | 不溶物（质量分数）/% | 烧失量（质量分数）/% | 三氧化硫（质量分数）/% | 氧化镁（质量分数）/%\nP·I | ≤0.75 | ≤3.0 | ≤3.5 | ≤5.0\nP·II | ≤1.50 | ≤3.5 | ≤3.5 | ≤5.0";
        let th = "องค์ประกอบทางเคมีต้องเป็นไปตามตารางที่ 3\nตารางที่ 3\nรายการ | เกณฑ์สูงสุด ร้อยละโดยมวล\nกากที่ไม่ละลาย ชนิดที่ไม่ใช้วัสดุผสม | 0.75\nกากที่ไม่ละลาย ชนิดที่ใช้วัสดุผสม | 1.50\nการสูญเสียน้ำหนักเนื่องจากการเผา ชนิดที่ไม่ใช้วัสดุผสม | 3.0\nการสูญเสียน้ำหนักเนื่องจากการเผา ชนิดที่ใช้วัสดุผสม | 3.5\nซัลเฟอร์ไตรออกไซด์ (SO3) | 3.0\nแมกนีเซียมออกไซด์ (MgO) | 5.0";
        let got = diff(zh, "zh", th, "th");
        assert_eq!(got, vec![d(DiffKind::Value, "3.5 %", "3.0 %")], "{got:?}");
    }

    #[test]
    fn labelled_values_bound_the_species_their_introduction_names() {
        // A column per species (Ceq last) against `grade: value` lines under a
        // sentence naming carbon equivalent; the right's grades read as the left's.
        let zh =
            "表3\n牌号 | C/%，不大于 | Ceq/%，不大于\nHRB400 | 0.25 | 0.54\nHRB500 | 0.25 | 0.55";
        let th = "ตารางที่ 1\nชั้นคุณภาพ | C\nSD400 | 0.25\nSD500 | 0.25\nคาร์บอนสมมูล (Ceq) คำนวณจากสูตร Ceq = C + Mn/6 + (Cu + Ni)/15 และต้องไม่เกินค่าต่อไปนี้\nSD400: 0.50 %\nSD500: 0.55 %";
        let got = diff(zh, "zh", th, "th");
        assert_eq!(got, vec![d(DiffKind::Value, "0.54 %", "0.50 %")], "{got:?}");
    }

    #[test]
    fn property_symbols_in_prose_and_headers() {
        let s = |t: &str| property_symbol(t);
        assert_eq!(
            s("HRB500、HRBF500钢筋的断后伸长率A不小于").as_deref(),
            Some("A")
        );
        assert_eq!(s("钢筋的最大力总延伸率Agt不小于").as_deref(), Some("Agt"));
        assert_eq!(s("下屈服强度ReL/MPa，不小于").as_deref(), Some("ReL"));
        assert_eq!(
            s("Giới hạn bền kéo Rm, MPa, không nhỏ hơn").as_deref(),
            Some("Rm")
        );
        assert_eq!(
            s("Độ giãn dài tổng ở lực lớn nhất Agt, %, không nhỏ hơn").as_deref(),
            Some("Agt")
        );
        assert_eq!(s("规定塑性延伸强度Rp0.2").as_deref(), Some("Rp0.2"));
        assert_eq!(s("HRB400 按 GB/T 228.1 试验"), None);
        assert_eq!(s("抗压强度/MPa"), None);
    }
}
