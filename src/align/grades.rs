//! The grades, classes and types two standards define (`HRB400`, `CB400-V`, `SD40`,
//! `BjTS 420A`, `42.5R`, `PC40`), paired across the two, and those one side defines
//! and the other does not: a grade-set difference (`HRB600` only in GB, `CB300-V`
//! only in TCVN) is reported once, where each side first lists the grade.
//!
//! A designation is letters and a number (the characteristic value: yield strength,
//! compressive strength), optionally a letter suffix (`E` seismic, `R` early
//! strength, `-V` ribbed). Designations sharing their letters form a family
//! (`HRB`, `BjTS`), and within a family those sharing their suffix a series
//! (`HRB…E`). Pairing works on evidence from the numbers:
//! - families pair by their numbers: two numbers correspond when each is the other's
//!   nearest and they differ by no more than [`SAME_GRADE`] (400 and 420 MPa; 42.5 and
//!   40 MPa), after the one scale that best lines the two systems up (`SD40` is
//!   40 kgf/mm², about 400 MPa);
//! - within paired families, series pair by the corresponding numbers they share, the
//!   larger and the like-suffixed first, so `HRB…E` without a seismic series opposite
//!   is a series of its own;
//! - a number without a counterpart in its paired family, and every member of a
//!   series left unpaired, is one side's only; so is a whole family left unpaired
//!   when its letters extend a paired family's (`HRBF` beside `HRB`). Families that
//!   relate to nothing on the other side (bar sizes, cable codes) are not judged.

use super::AlignedPair;
use super::diff::{DiffKind, normative_lines};
use super::sentences::text_difference;
use crate::model::{ClauseKind, Standard};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// How far apart two grade numbers of different systems may be and still name the
/// same class: their rounding conventions differ by up to about 6 % (400 and 420 MPa,
/// 42.5 and 40 MPa), while neighbouring grades of one system step by 10 % or more
/// (500, 550, 600).
const SAME_GRADE: f64 = 0.07;

/// Scales tried between two grade systems (`SD40` in kgf/mm² ×10 ≈ `HRB400` in MPa).
const SCALES: [f64; 3] = [1.0, 10.0, 0.1];

/// One grade as printed, with the clauses (indices) that print it.
#[derive(Debug, Clone)]
struct Member {
    number: f64,
    printed: String,
    clauses: Vec<usize>,
}

/// The grades of one standard: family letters → suffix → members by number.
type Grades = BTreeMap<String, BTreeMap<String, Vec<Member>>>;

/// Letters (two capitals at least, so `Table 10` and `Kelas 420` are words), an
/// optional space or hyphen, a number of two to four digits, an optional suffix.
static LETTERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Z][A-Za-z]{1,4})[ -]?(\d{2,4})(?:-?([A-Z]{1,2}))?")
        .expect("designation pattern is valid")
});

/// A decimal class with a letter (`42.5R`, `52,5N`); the plain number (`42.5`) is a
/// class too where the same line prints it beside its lettered twin.
static DECIMAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{2}[.,]\d)([A-Z])?").expect("decimal class pattern is valid"));

/// Letters that are not grade systems: ingress codes, AC/DC voltages, particle sizes,
/// Roman numerals.
fn not_a_system(letters: &str) -> bool {
    matches!(letters, "IP" | "IPX" | "AC" | "DC" | "PM")
        || letters.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Whether a match stands alone: no Latin letter or digit glued before it, and no
/// letter, digit, decimal or part number (`-2`, `:2018`, `/mm²`) after it.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | ',')) {
        return false;
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() || c == '/' => false,
        Some('.' | ',' | '-' | ':') => !after.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// One designation printed in a line (byte range), plain decimals (`42.5`) included.
#[derive(Debug, Clone)]
struct Designation {
    start: usize,
    end: usize,
    letters: String,
    suffix: String,
    number: f64,
}

/// The designations a line prints, in order: lettered ones (`HRB400E`, `BjTS 420A`)
/// and decimal classes (`42.5R`, and plain `42.5`, which callers judge), never inside
/// a standard reference.
fn designations_in(line: &str) -> Vec<Designation> {
    let refs = crate::ingest::refs::reference_spans(line);
    let in_ref = |a: usize, b: usize| refs.iter().any(|r| a < r.end && r.start < b);
    let mut out = Vec::new();
    for m in LETTERED.captures_iter(line) {
        let whole = m.get(0).expect("a match has group 0");
        let letters = m[1].to_ascii_uppercase();
        if m[1].chars().filter(char::is_ascii_uppercase).count() < 2
            || not_a_system(&letters)
            || !stands_alone(line, whole.start(), whole.end())
            || in_ref(whole.start(), whole.end())
        {
            continue;
        }
        if let Some(n) = number(&m[2]) {
            out.push(Designation {
                start: whole.start(),
                end: whole.end(),
                letters,
                suffix: m.get(3).map_or("", |s| s.as_str()).to_string(),
                number: n,
            });
        }
    }
    for m in DECIMAL.captures_iter(line) {
        let whole = m.get(0).expect("a match has group 0");
        let suffix = m.get(2).map_or("", |s| s.as_str());
        // A unit symbol glued to the number (`12.5V`) is a value, not a class.
        if !stands_alone(line, whole.start(), whole.end())
            || in_ref(whole.start(), whole.end())
            || matches!(suffix, "A" | "V" | "W" | "K" | "J" | "C" | "F")
        {
            continue;
        }
        if let Some(n) = number(&m[1]) {
            out.push(Designation {
                start: whole.start(),
                end: whole.end(),
                letters: String::new(),
                suffix: suffix.to_string(),
                number: n,
            });
        }
    }
    out.sort_by_key(|d| d.start);
    out
}

/// For a prose line that gives values per grade (`HRB400钢筋…不小于16 %，HRB500钢筋…
/// 不小于15 %`; `ร้อยละ 18 สำหรับ SD30 … ร้อยละ 16 สำหรับ SD40`), the grades each
/// value is given for: the designations between two values form one group, and the
/// line says whether a group precedes its values (it opens the line) or follows them
/// (it closes the line). For each value (byte ranges in `values`): the group's index
/// and text. `None` when the line is not keyed by grades.
pub fn keyed_values(line: &str, values: &[(usize, usize)]) -> Option<Vec<(usize, String)>> {
    if values.len() < 2 {
        return None;
    }
    let found: Vec<Designation> = designations_in(line)
        .into_iter()
        .filter(|d| !d.letters.is_empty() || !d.suffix.is_empty())
        .collect();
    let (first_value, last_value) = (
        values.iter().map(|v| v.0).min()?,
        values.iter().map(|v| v.1).max()?,
    );
    // Groups: designations with no value between them.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for d in &found {
        match groups.last_mut() {
            Some(g) if !values.iter().any(|v| v.0 >= g.1 && v.1 <= d.start) => g.1 = d.end,
            _ => groups.push((d.start, d.end)),
        }
    }
    if groups.len() < 2 {
        return None;
    }
    let before = groups[0].0 < first_value;
    let after = groups[groups.len() - 1].1 > last_value;
    let group_of = |v: &(usize, usize)| -> Option<usize> {
        if before {
            groups.iter().rposition(|g| g.1 <= v.0)
        } else if after {
            groups.iter().position(|g| g.0 >= v.1)
        } else {
            None
        }
    };
    values
        .iter()
        .map(|v| group_of(v).map(|k| (k, line[groups[k].0..groups[k].1].to_string())))
        .collect()
}

/// Where a line prints lettered grade designations (`HRB400E`, `BjTS 420A`), as
/// byte ranges: a number inside one is no quantity.
pub fn designation_spans(line: &str) -> Vec<std::ops::Range<usize>> {
    designations_in(line)
        .into_iter()
        .filter(|d| !d.letters.is_empty())
        .map(|d| d.start..d.end)
        .collect()
}

fn number(s: &str) -> Option<f64> {
    s.replace(',', ".").parse().ok()
}

/// Every designation the normative lines of a standard print.
fn grades(s: &Standard) -> Grades {
    let mut out: Grades = BTreeMap::new();
    let mut add = |family: &str, suffix: &str, n: f64, printed: &str, at: usize| {
        let members = out
            .entry(family.to_string())
            .or_default()
            .entry(suffix.to_string())
            .or_default();
        match members.iter_mut().find(|m| m.number == n) {
            Some(m) if m.clauses.last() != Some(&at) => m.clauses.push(at),
            Some(_) => {}
            None => members.push(Member {
                number: n,
                printed: printed.to_string(),
                clauses: vec![at],
            }),
        }
    };
    // Letters that a list of references prints are documents (`RFC 2326`, `HJ 524`,
    // `SMPTE 377M`), not grades.
    let mut documents: Vec<String> = Vec::new();
    for (at, c) in s.clauses.iter().enumerate() {
        if matches!(
            c.kind,
            ClauseKind::NormativeReferences | ClauseKind::Bibliography
        ) {
            for m in LETTERED.captures_iter(&c.text) {
                documents.push(m[1].to_ascii_uppercase());
            }
            continue;
        }
        // Forewords name grades added or dropped since the last edition.
        if matches!(c.kind, ClauseKind::Foreword | ClauseKind::Introduction) {
            continue;
        }
        for line in normative_lines(c) {
            let first_cell_end = line.find(" | ").unwrap_or(line.len());
            for d in designations_in(line) {
                // A plain number is a class where it is listed among lettered ones,
                // not where it is a value: in prose, or as a table row's first cell.
                if d.letters.is_empty() && d.suffix.is_empty() && d.start >= first_cell_end {
                    continue;
                }
                add(&d.letters, &d.suffix, d.number, &line[d.start..d.end], at);
            }
        }
    }
    // Plain numbers are classes only as twins of lettered ones (`42.5` beside `42.5R`).
    if let Some(family) = out.get_mut("") {
        let lettered: Vec<f64> = family
            .iter()
            .filter(|(suffix, _)| !suffix.is_empty())
            .flat_map(|(_, m)| m.iter().map(|m| m.number))
            .collect();
        if let Some(plain) = family.get_mut("") {
            plain.retain(|m| lettered.contains(&m.number));
        }
        family.retain(|_, members| !members.is_empty());
    }
    for family in out.values_mut() {
        for members in family.values_mut() {
            members.sort_by(|a, b| a.number.total_cmp(&b.number));
        }
    }
    // A system has at least two grades; one lettered number is a name, not a system.
    out.retain(|letters, family| {
        distinct_numbers(family).len() >= 2 && !documents.contains(letters)
    });
    out
}

fn distinct_numbers(family: &BTreeMap<String, Vec<Member>>) -> Vec<f64> {
    let mut v: Vec<f64> = family.values().flatten().map(|m| m.number).collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

/// Numbers of two families that correspond: each the other's nearest (after
/// `scale` on the right) and within [`SAME_GRADE`].
fn corresponding(left: &[f64], right: &[f64], scale: f64) -> Corresponding {
    let rel = |a: f64, b: f64| (a - b).abs() / a.abs().max(b.abs());
    let nearest = |x: f64, among: &[f64]| {
        among
            .iter()
            .copied()
            .min_by(|a, b| (a - x).abs().total_cmp(&(b - x).abs()))
    };
    let scaled: Vec<f64> = right.iter().map(|r| r * scale).collect();
    let mut out = Vec::new();
    for &l in left {
        let Some(r) = nearest(l, &scaled) else {
            continue;
        };
        if nearest(r, left) == Some(l) && rel(l, r) <= SAME_GRADE {
            out.push((l, r / scale));
        }
    }
    out
}

/// One grade-set difference: the designations (a run of one series) and where they
/// are first listed.
struct OneSide {
    left: bool,
    printed: Vec<String>,
    clauses: Vec<usize>,
}

/// Numbers of two families that name the same class (left, right).
type Corresponding = Vec<(f64, f64)>;

/// Two families paired: their letters and their corresponding numbers.
struct FamilyPair {
    left: String,
    right: String,
    numbers: Corresponding,
}

/// The grade systems of two standards and how they correspond.
pub struct GradeMatch {
    left: Grades,
    right: Grades,
    families: Vec<FamilyPair>,
}

impl GradeMatch {
    /// Reads both standards' grades and pairs their families.
    pub fn of(left: &Standard, right: &Standard) -> GradeMatch {
        let (lg, rg) = (grades(left), grades(right));
        let families = pair_families(&lg, &rg);
        GradeMatch {
            left: lg,
            right: rg,
            families,
        }
    }

    /// Per clause of one side (by index), the classes it names that have a
    /// counterpart on the other side, as tokens both sides share (`grade:HRB:400` for
    /// `HRB400` on the left and `SD40` on the right): evidence that two clauses are
    /// about the same grades.
    pub fn clause_tokens(&self, left: bool, clauses: usize) -> Vec<Vec<String>> {
        let mut out = vec![Vec::new(); clauses];
        for pair in &self.families {
            let (lname, pairs) = (&pair.left, &pair.numbers);
            let family = if left {
                &self.left[lname]
            } else {
                &self.right[&pair.right]
            };
            for m in family.values().flatten() {
                let counterpart = pairs.iter().find_map(|&(a, b)| {
                    let mine = if left { a } else { b };
                    (mine == m.number).then_some(a)
                });
                let Some(n) = counterpart else { continue };
                let token = format!("grade:{lname}:{n}");
                for &c in &m.clauses {
                    if let Some(v) = out.get_mut(c)
                        && !v.contains(&token)
                    {
                        v.push(token.clone());
                    }
                }
            }
        }
        out
    }

    /// A right-hand row label in the left standard's grades: each designation that
    /// has a counterpart replaced by the left's number (`SD40` → `400`), so rows of
    /// the same class pair by their label whatever the two systems call it.
    pub fn right_label_in_left_terms(&self, label: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        for d in designations_in(label) {
            let counterpart = self
                .families
                .iter()
                .filter(|f| f.right == d.letters)
                .find_map(|f| f.numbers.iter().find(|p| p.1 == d.number).map(|p| p.0));
            if let Some(n) = counterpart {
                out.push_str(&label[at..d.start]);
                out.push_str(&format!("{n}"));
                at = d.end;
            }
        }
        out.push_str(&label[at..]);
        out
    }

    /// The grade-set differences.
    fn one_side_only(&self) -> Vec<OneSide> {
        let mut out = Vec::new();
        for f in &self.families {
            out.extend(within_families(
                &self.left[&f.left],
                &self.right[&f.right],
                &f.numbers,
            ));
        }
        // A family left unpaired whose letters extend a paired family's (`HRBF`
        // beside `HRB`) is a variant the other side lacks.
        for left in [true, false] {
            let (grades, paired): (&Grades, Vec<&String>) = if left {
                (&self.left, self.families.iter().map(|f| &f.left).collect())
            } else {
                (
                    &self.right,
                    self.families.iter().map(|f| &f.right).collect(),
                )
            };
            for (name, series) in grades {
                let variant = !paired.contains(&name)
                    && paired
                        .iter()
                        .any(|p| !p.is_empty() && name.starts_with(p.as_str()));
                if variant {
                    out.extend(series.values().map(|members| run(left, members)));
                }
            }
        }
        out
    }
}

/// Pairs the families of two grade systems: at the one scale that lines up the most
/// numbers, greedily by the most corresponding numbers, then the larger families.
fn pair_families(left: &Grades, right: &Grades) -> Vec<FamilyPair> {
    let numbers = |g: &Grades| -> Vec<(String, Vec<f64>)> {
        g.iter()
            .map(|(k, f)| (k.clone(), distinct_numbers(f)))
            .collect()
    };
    let (lf, rf) = (numbers(left), numbers(right));
    let scale = SCALES
        .iter()
        .copied()
        .max_by_key(|&s| {
            lf.iter()
                .flat_map(|(_, a)| rf.iter().map(move |(_, b)| corresponding(a, b, s).len()))
                .sum::<usize>()
        })
        .unwrap_or(1.0);
    let mut candidates: Vec<(usize, usize, usize, Corresponding)> = Vec::new();
    for (i, (_, a)) in lf.iter().enumerate() {
        for (j, (_, b)) in rf.iter().enumerate() {
            let c = corresponding(a, b, scale);
            if !c.is_empty() {
                candidates.push((i, j, a.len() + b.len(), c));
            }
        }
    }
    candidates.sort_by_key(|c| std::cmp::Reverse((c.3.len(), c.2)));
    let (mut used_l, mut used_r) = (vec![false; lf.len()], vec![false; rf.len()]);
    let mut out = Vec::new();
    for (i, j, _, numbers) in candidates {
        if !used_l[i] && !used_r[j] {
            used_l[i] = true;
            used_r[j] = true;
            out.push(FamilyPair {
                left: lf[i].0.clone(),
                right: rf[j].0.clone(),
                numbers,
            });
        }
    }
    out
}

fn run(left: bool, members: &[Member]) -> OneSide {
    let mut clauses: Vec<usize> = members.iter().flat_map(|m| m.clauses.clone()).collect();
    clauses.sort_unstable();
    clauses.dedup();
    OneSide {
        left,
        printed: members.iter().map(|m| m.printed.clone()).collect(),
        clauses,
    }
}

/// Within two paired families: series pair by the corresponding numbers they share;
/// unpaired series, and numbers without a counterpart, are one side's only (in runs
/// of consecutive members of a series).
fn within_families(
    left: &BTreeMap<String, Vec<Member>>,
    right: &BTreeMap<String, Vec<Member>>,
    pairs: &[(f64, f64)],
) -> Vec<OneSide> {
    let shared = |l: &[Member], r: &[Member]| {
        pairs
            .iter()
            .filter(|(a, b)| l.iter().any(|m| m.number == *a) && r.iter().any(|m| m.number == *b))
            .count()
    };
    // By shared numbers, then the same suffix (`R` and `R`), then the larger series,
    // then suffixes alike in being absent or present.
    type Evidence = (usize, bool, usize, bool);
    let mut candidates: Vec<(Evidence, &String, &String)> = Vec::new();
    for (ls, lm) in left {
        for (rs, rm) in right {
            let n = shared(lm, rm);
            if n > 0 {
                let like = ls.is_empty() == rs.is_empty();
                candidates.push(((n, ls == rs, lm.len() + rm.len(), like), ls, rs));
            }
        }
    }
    candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
    let (mut used_l, mut used_r) = (Vec::new(), Vec::new());
    for (_, ls, rs) in candidates {
        if !used_l.contains(&ls) && !used_r.contains(&rs) {
            used_l.push(ls);
            used_r.push(rs);
        }
    }
    let mut out = Vec::new();
    let mut side = |series: &BTreeMap<String, Vec<Member>>, used: &[&String], left: bool| {
        for (name, members) in series {
            let matched = |m: &Member| {
                pairs
                    .iter()
                    .any(|(a, b)| if left { *a == m.number } else { *b == m.number })
            };
            if !used.contains(&name) {
                // One lettered variant of a grade the other side has (`BjTS 420B`
                // beside `BjTS 420A`) is a name, not a series of its own.
                if members.len() > 1 || !matched(&members[0]) {
                    out.push(run(left, members));
                }
                continue;
            }
            // Runs of consecutive members without a corresponding number.
            let mut current: Vec<Member> = Vec::new();
            for m in members {
                if !matched(m) {
                    current.push(m.clone());
                } else if !current.is_empty() {
                    out.push(run(left, &current));
                    current.clear();
                }
            }
            if !current.is_empty() {
                out.push(run(left, &current));
            }
        }
    };
    side(left, &used_l, true);
    side(right, &used_r, false);
    out
}

/// Adds the grade-set differences of two standards to their alignment: each at the
/// first aligned group whose side prints one of its grades (in that side's order).
pub fn add_differences(
    grades: &GradeMatch,
    left: &Standard,
    right: &Standard,
    pairs: &mut [AlignedPair],
) {
    for one in grades.one_side_only() {
        let s = if one.left { left } else { right };
        // `one.clauses` is in document order: the first that an aligned group holds.
        let Some((at, key)) = one.clauses.iter().find_map(|&i| {
            let key = &s.clauses[i].key;
            pairs
                .iter()
                .position(|p| if one.left { &p.left } else { &p.right }.contains(key))
                .map(|at| (at, key))
        }) else {
            continue;
        };
        let separator = if s.info.lang == "zh" { "、" } else { ", " };
        let group = if one.left {
            &pairs[at].left
        } else {
            &pairs[at].right
        };
        // Where the group tabulates each of the grades, its rows are what the other
        // side lacks (`42.5R | ≥22.0 | ≥42.5`, with the limits); else the names.
        let texts: Vec<(String, String)> = match grade_rows(s, group, &one.printed) {
            Some(rows) => rows,
            None => vec![(key.clone(), one.printed.join(separator))],
        };
        let pair = &mut pairs[at];
        for (key, text) in &texts {
            let mut d = if one.left {
                text_difference(DiffKind::RemovedText, Some((key, text)), None)
            } else {
                text_difference(DiffKind::AddedText, None, Some((key, text)))
            };
            d.note = format!("grades only in {}", s.info.reference);
            pair.differences.push(d);
        }
    }
}

/// The table rows of the `group` clauses whose first cell is one of `grades`, as
/// (clause key, row): when every grade has its row.
fn grade_rows(s: &Standard, group: &[String], grades: &[String]) -> Option<Vec<(String, String)>> {
    let mut rows = Vec::new();
    for grade in grades {
        let row = s
            .clauses
            .iter()
            .filter(|c| group.contains(&c.key))
            .find_map(|c| {
                c.text
                    .lines()
                    .map(str::trim)
                    .find(|l| {
                        l.split(" | ").next().map(str::trim) == Some(grade.as_str())
                            && l.contains(" | ")
                    })
                    .map(|l| (c.key.clone(), l.to_string()))
            })?;
        rows.push(row);
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Relation;
    use crate::model::{Clause, StandardInfo};

    fn standard(lang: &str, clauses: &[(&str, ClauseKind, &str)]) -> Standard {
        Standard {
            info: StandardInfo {
                lang: lang.into(),
                ..Default::default()
            },
            clauses: clauses
                .iter()
                .map(|(key, kind, text)| Clause {
                    key: (*key).into(),
                    depth: 1,
                    text: (*text).into(),
                    kind: *kind,
                    lang: lang.into(),
                    ..Default::default()
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    /// The grade-set differences of two one-clause standards aligned as one group:
    /// (removed?, text) in the order found.
    fn one_sided(l: &Standard, r: &Standard) -> Vec<(bool, String)> {
        let mut pairs = vec![AlignedPair {
            left: l.clauses.iter().map(|c| c.key.clone()).collect(),
            right: r.clauses.iter().map(|c| c.key.clone()).collect(),
            relation: Relation::Equivalent,
            score: 1.0,
            differences: Vec::new(),
            moved: false,
        }];
        add_differences(&GradeMatch::of(l, r), l, r, &mut pairs);
        pairs[0]
            .differences
            .iter()
            .map(|d| match d.kind {
                DiffKind::RemovedText => (true, d.left.clone().unwrap_or_default()),
                _ => (false, d.right.clone().unwrap_or_default()),
            })
            .collect()
    }

    const REQ: ClauseKind = ClauseKind::Requirement;

    #[test]
    fn grade_systems_pair_across_scales_and_report_what_one_side_lacks() {
        let gb = standard(
            "zh",
            &[(
                "4",
                REQ,
                "钢筋分为下列牌号：\n普通 | HRB400、HRB500、HRB600\n抗震 | HRB400E、HRB500E\n细晶粒 | HRBF400、HRBF500",
            )],
        );
        // SD grades are named in kgf/mm²: SD40 is the 400 MPa class.
        let tis = standard(
            "th",
            &[("4", REQ, "เหล็กข้ออ้อยแบ่งเป็น 3 ชั้นคุณภาพ คือ SD30 SD40 และ SD50")],
        );
        let got = one_sided(&gb, &tis);
        assert!(got.contains(&(true, "HRB600".into())), "{got:?}");
        assert!(got.contains(&(true, "HRB400E、HRB500E".into())), "{got:?}");
        assert!(got.contains(&(true, "HRBF400、HRBF500".into())), "{got:?}");
        assert!(got.contains(&(false, "SD30".into())), "{got:?}");
        assert_eq!(got.len(), 4, "{got:?}");
    }

    #[test]
    fn near_numbers_are_one_class_only_within_rounding() {
        let gb = standard("zh", &[("4", REQ, "牌号：HRB400、HRB500、HRB600。")]);
        // 420/400 and 520/500 are the same classes; 550 is neither 500 nor 600.
        let sni = standard(
            "id",
            &[(
                "4",
                REQ,
                "Kelas baja: BjTS 280, BjTS 420A, BjTS 420B, BjTS 520 dan BjTS 550.",
            )],
        );
        let got = one_sided(&gb, &sni);
        assert_eq!(
            got,
            vec![
                (true, "HRB600".to_string()),
                (false, "BjTS 280".to_string()),
                (false, "BjTS 550".to_string())
            ]
        );
    }

    #[test]
    fn decimal_classes_and_their_lettered_variants() {
        let gb = standard(
            "zh",
            &[
                ("6", REQ, "强度等级分为42.5、42.5R、52.5、52.5R四个等级。"),
                (
                    "7",
                    REQ,
                    "强度等级 | 3 d | 28 d\n42.5 | ≥17.0 | ≥42.5\n42.5R | ≥22.0 | ≥42.5",
                ),
            ],
        );
        let tcvn = standard("vi", &[("4.2", REQ, "Xi măng có hai mác là PC40 và PC50.")]);
        let got = one_sided(&gb, &tcvn);
        assert_eq!(got, vec![(true, "42.5R、52.5R".to_string())]);
    }

    #[test]
    fn values_given_per_grade_in_prose_take_their_grade() {
        let spans = |line: &str, values: &[&str]| -> Vec<(usize, usize)> {
            values
                .iter()
                .map(|v| {
                    let at = line.find(v).unwrap();
                    (at, at + v.len())
                })
                .collect()
        };
        // Grades before their values (zh).
        let zh =
            "HRB400、HRBF400钢筋的伸长率不小于16 %，HRB500钢筋不小于15 %，HRB600钢筋不小于14 %。";
        let got = keyed_values(zh, &spans(zh, &["16 %", "15 %", "14 %"])).unwrap();
        assert_eq!(
            got,
            vec![
                (0, "HRB400、HRBF400".to_string()),
                (1, "HRB500".to_string()),
                (2, "HRB600".to_string())
            ]
        );
        // Grades after their values (th, id).
        let th = "ต้องไม่น้อยกว่าร้อยละ 18 สำหรับ SD30 และร้อยละ 16 สำหรับ SD40 และ SD50";
        let got = keyed_values(th, &spans(th, &["ร้อยละ 18", "ร้อยละ 16"])).unwrap();
        assert_eq!(got[0].1, "SD30");
        assert_eq!(got[1].1, "SD40 และ SD50");
        // One grade, or values on both sides of the grades: not keyed.
        let one = "HRB400钢筋的伸长率不小于16 %，最大力总延伸率不小于7.5 %。";
        assert!(keyed_values(one, &spans(one, &["16 %", "7.5 %"])).is_none());
        let mixed = "16 % for HRB400, 15 % for HRB500, and 7.5 % otherwise";
        assert!(keyed_values(mixed, &spans(mixed, &["16 %", "15 %", "7.5 %"])).is_none());
    }

    #[test]
    fn right_labels_are_read_in_the_left_grades() {
        let gb = standard("zh", &[("4", REQ, "牌号：HRB400、HRB500、HRB600。")]);
        let tis = standard("th", &[("4", REQ, "ชั้นคุณภาพ SD30 SD40 และ SD50")]);
        let g = GradeMatch::of(&gb, &tis);
        assert_eq!(g.right_label_in_left_terms("SD40"), "400");
        assert_eq!(g.right_label_in_left_terms("SD40 และ SD50"), "400 และ 500");
        assert_eq!(g.right_label_in_left_terms("SD30"), "SD30");
    }

    #[test]
    fn references_codes_and_forewords_are_not_grades() {
        let left = standard(
            "en",
            &[
                (
                    "foreword",
                    ClauseKind::Foreword,
                    "Grades HRB335 and HRB300 were deleted.",
                ),
                (
                    "5",
                    REQ,
                    "Tested to GB/T 228.1 and ISO 6935-2 (see Table 10 and Table 12); \
                     enclosures IP20 or IP24; supply AC 220 V or AC 230 V; IEC 60335-1:2010.",
                ),
            ],
        );
        let right = standard(
            "en",
            &[
                (
                    "2",
                    ClauseKind::NormativeReferences,
                    "RFC 2326 RTSP\nRFC 3550 RTP",
                ),
                (
                    "5",
                    REQ,
                    "Grades HRB400 and HRB500 apply, over RFC 2326 or RFC 3550.",
                ),
            ],
        );
        assert_eq!(grades(&right).keys().collect::<Vec<_>>(), ["HRB"]);
        assert_eq!(grades(&left).len(), 0, "{:?}", grades(&left));
        assert!(one_sided(&left, &right).is_empty());
    }
}
