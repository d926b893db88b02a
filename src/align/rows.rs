//! Rows of values paired across two standards: table rows, list items and
//! `label: values` lines, each one item (a grade, a class, a size) with its values.
//!
//! Two standards rarely list the same set of grades (400, 500, 600 MPa against 300,
//! 400, 500; classes 42.5 and 42.5R against 40 only). Pairing their values in order
//! then compares every row with the wrong grade. Rows are paired instead as wholes,
//! in order, by the evidence each pair carries: the numbers of their labels
//! (`HRB400` and `CB400-V` share 400) and how close their values are column by
//! column. A pair earns a base for being in order, so with nothing better on offer
//! rows pair by position and a changed value stays a changed value (15 W against
//! 10 W); a row whose values all sit between the other side's rows is left unpaired.

use super::diff::Located;
use super::units::Dimension;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// One row: its label and its quantities in reading order.
struct Row<'a> {
    numbers: HashSet<String>,
    codes: HashSet<String>,
    quantities: Vec<&'a Located>,
}

/// What any two rows in order earn: enough that rows with moderately different
/// values still pair when nothing closer is on offer.
const IN_ORDER: f32 = 1.0;
/// Labels naming the same number (`HRB400`, `CB400-V`): strong evidence of the same
/// item.
const SAME_LABEL_NUMBER: f32 = 1.5;
/// The same designation printed on both sides (`42.5R`), beyond its number: tells
/// `42.5R` from `42.5N`.
const SAME_CODE: f32 = 1.0;
/// Both labels carry numbers and none is shared: weak evidence against.
const OTHER_LABEL_NUMBERS: f32 = -0.5;
/// How fast a column's agreement falls with the relative difference of its values
/// (equal: +1, 25 % apart: 0), and where that stops: beyond 45 % apart the values
/// say nothing more about whether the rows are the same item.
const SLOPE: f32 = 4.0;
const FAR: f32 = 0.45;

/// The numbers a row label names (`HRB400、HRBF400` → 400; `42.5R` → 42.5; `SD40` →
/// 40), decimal commas read as points; single digits are too common to count.
pub(super) fn label_numbers(label: &str) -> HashSet<String> {
    numbers(label)
        .filter(|n| n.chars().filter(char::is_ascii_digit).count() >= 2)
        .collect()
}

/// The numbers a label prints, decimal commas read as points.
fn numbers(text: &str) -> impl Iterator<Item = String> + '_ {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)?").expect("number pattern is valid"));
    NUMBER.find_iter(text).map(|m| m.as_str().replace(',', "."))
}

/// The designations a row label prints, numbers with their letters (`42.5R`,
/// `hrb400`, `cb400-v`), lower case.
fn label_codes(label: &str) -> HashSet<String> {
    label
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '、' | ',' | '，' | ';' | ':' | '：' | '/')
        })
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic))
        .collect()
}

/// The class codes a label names: short Latin codes written with capitals that are
/// not words or units (`BIa`, `BIIb`, `A`, `II`, `PS2` in `BIa类`, `nhóm BIa`, `Class
/// II`, `Loại A`): the classes a standard gives its values for, printed alike in every
/// language. A capitalised word (`Water`) is not a code, nor is a unit symbol (`MPa`,
/// `N` in `Lực uốn gãy, N`) unless a class word names it one (`A类`, `Loại A`) or it
/// is the whole label.
pub(super) fn label_classes(label: &str) -> HashSet<String> {
    const CLASS_WORDS: &[&str] = &[
        "类",
        "型",
        "级",
        "loại",
        "nhóm",
        "cấp",
        "hạng",
        "type",
        "class",
        "grade",
        "kelas",
        "jenis",
        "tipe",
        "gred",
        "ประเภท",
        "ชั้น",
        "แบบ",
        "ชนิด",
    ];
    let lower = label.to_lowercase();
    let named = CLASS_WORDS.iter().any(|w| lower.contains(w))
        || label.trim().trim_end_matches([':', '：']).len() <= 6;
    label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            let upper = w.chars().filter(char::is_ascii_uppercase).count();
            let lower = w.chars().filter(char::is_ascii_lowercase).count();
            (1..=6).contains(&w.len())
                && upper >= 1
                && (upper >= 2 || lower == 0)
                && (named || !super::units::is_unit(w))
        })
        .map(str::to_string)
        .collect()
}

/// The numbers and class codes a row label or column header prints (`110`, `PN`,
/// `1.0` of `公称壁厚en/mm（PN 1.0）`), decimal commas read as points: what names a
/// table cell whatever the language around it.
pub(super) fn cell_key(text: &str) -> Vec<String> {
    let mut key: Vec<String> = numbers(text).collect();
    key.extend(label_classes(text));
    key
}

/// Relative difference of two amounts, 0 (equal) to 2 (opposite signs).
fn relative(a: f64, b: f64) -> f32 {
    let scale = a.abs().max(b.abs());
    if scale == 0.0 {
        0.0
    } else {
        ((a - b).abs() / scale) as f32
    }
}

/// How well two rows agree: their labels, then their values compared column by
/// column (the n-th value of a dimension with the other row's n-th of the same
/// dimension). Rows without a dimension in common are not the same item.
fn agreement(l: &Row, r: &Row) -> Option<f32> {
    let mut label = 0.0;
    if !l.numbers.is_empty() && !r.numbers.is_empty() {
        label = if l.numbers.is_disjoint(&r.numbers) {
            OTHER_LABEL_NUMBERS
        } else {
            SAME_LABEL_NUMBER
        };
    }
    if !l.codes.is_disjoint(&r.codes) {
        label += SAME_CODE;
    }
    let dims: Vec<Dimension> = {
        let mut d: Vec<Dimension> = l.quantities.iter().map(|q| q.quantity.dimension).collect();
        d.sort();
        d.dedup();
        d
    };
    let (mut sum, mut n) = (0.0, 0usize);
    for dim in dims {
        let of = |row: &Row<'_>| -> Vec<f64> {
            row.quantities
                .iter()
                .filter(|q| q.quantity.dimension == dim)
                .map(|q| q.quantity.value)
                .collect()
        };
        for (a, b) in of(l).into_iter().zip(of(r)) {
            sum += 1.0 - SLOPE * relative(a, b).min(FAR);
            n += 1;
        }
    }
    (n > 0).then(|| IN_ORDER + label + sum / n as f32)
}

/// Groups quantities by their row, in order of first appearance.
fn rows<'a>(qs: &'a [Located]) -> Vec<Row<'a>> {
    let mut out: Vec<(usize, Row<'a>)> = Vec::new();
    for q in qs {
        let Some(id) = q.row else { continue };
        match out.iter_mut().find(|(k, _)| *k == id) {
            Some((_, row)) => row.quantities.push(q),
            None => out.push((
                id,
                Row {
                    numbers: label_numbers(&q.label),
                    codes: label_codes(&q.label),
                    quantities: vec![q],
                },
            )),
        }
    }
    out.into_iter().map(|(_, r)| r).collect()
}

/// Whether both sides list at least two rows of values, as many values to a row: only
/// then is there a set of like items to pair. A table printed the other way round
/// (properties as rows on one side, as columns on the other) is not.
pub fn both_have_rows(left: &[Located], right: &[Located]) -> bool {
    let shape = |v: &[Located]| {
        let rows = rows(v);
        let mut widths: Vec<usize> = rows.iter().map(|r| r.quantities.len()).collect();
        widths.sort_unstable();
        (rows.len(), widths.get(widths.len() / 2).copied())
    };
    let ((nl, wl), (nr, wr)) = (shape(left), shape(right));
    nl >= 2 && nr >= 2 && wl == wr
}

/// The rows of the two sides paired in order: each pair's left and right quantities.
/// A row left without a counterpart comes back with the other side empty.
pub fn pair_rows<'a>(
    left: &'a [Located],
    right: &'a [Located],
) -> Vec<(Vec<&'a Located>, Vec<&'a Located>)> {
    let (l, r) = (rows(left), rows(right));
    let path = super::monotone::best_path(l.len(), r.len(), |i, j, offer| {
        if let Some(gain) = agreement(&l[i], &r[j]) {
            offer(1, 1, gain);
        }
    });
    path.into_iter()
        .map(|s| {
            let take = |rows: &[Row<'a>], at: usize, n: usize| -> Vec<&'a Located> {
                rows[at..at + n]
                    .iter()
                    .flat_map(|r| r.quantities.iter().copied())
                    .collect()
            };
            (take(&l, s.i, s.a), take(&r, s.j, s.b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_numbers_are_designations_not_single_digits() {
        let n = label_numbers("HRB400、HRBF400、HRB400E");
        assert_eq!(n, HashSet::from(["400".to_string()]));
        assert_eq!(label_numbers("42,5R"), HashSet::from(["42.5".to_string()]));
        assert!(label_numbers("Loại 2").is_empty());
    }

    #[test]
    fn class_codes_are_capitalised_codes_not_words_or_units() {
        let one = |s: &str| HashSet::from([s.to_string()]);
        assert_eq!(label_classes("BIa类：厚度≥"), one("BIa"));
        assert_eq!(label_classes("nhóm BIIb:"), one("BIIb"));
        assert_eq!(label_classes("Class II appliances"), one("II"));
        assert_eq!(label_classes("Loại A"), one("A"));
        assert!(label_classes("Water absorption, %").is_empty());
        assert!(label_classes("Độ bền uốn trung bình, MPa, không nhỏ hơn").is_empty());
        assert!(label_classes("Lực uốn gãy, N").is_empty());
    }
}
