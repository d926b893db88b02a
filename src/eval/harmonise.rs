//! `stdalign eval check` and `eval matrix`: the exporter checklist and the
//! harmonisation matrix scored against the gold alignments (tests/gold/align), which
//! say per aligned group what differs and, for values, whether the right standard is
//! stricter, less strict, or "check" (it depends on context).
//!
//! Checklist: for each gold file, the product meets the left standard and the right
//! one is the target. The expected items follow from the gold: a clause only on the
//! right is a `new-clause`; a value difference a `stricter-value`, `less-strict-value`
//! or `different-value` by its gold direction; a strength difference where the right
//! binds more a `stronger-requirement`; another cited standard an `other-reference`;
//! added text an `added-requirement`. An item matches an expected one of its kind with
//! the same values (or, for clauses and added text, an overlapping target clause).
//!
//! Matrix: for each left standard, the conflicting cells of its value and strength
//! rows against the gold's value and strength differences with each counterpart
//! (same left value, same counterpart value); and every suggestion checked against
//! its stated basis: the counts it gives are the counts of the row, a majority is
//! more than half, and the suggested value is one the row holds.

use super::align::{Prf, both_sides, load_gold, same_amount, same_word};
use crate::align::diff::{DiffKind, Difference};
use crate::align::matrix::MatrixRow;
use crate::align::severity::Direction;
use crate::align::{Alignment, check};
use crate::engine::Engine;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Scores of one gold file or one standard.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// `have → target`, or the matrix standard.
    pub name: String,
    /// Its scores.
    #[serde(flatten)]
    pub scores: Prf,
}

/// Checklist scores.
#[derive(Debug, Clone, Serialize)]
pub struct CheckEvaluation {
    /// Per gold file: `have → target` and its item scores.
    pub files: Vec<Named>,
    /// All items.
    pub total: Prf,
    /// By item kind.
    pub by_kind: BTreeMap<String, Prf>,
}

/// Matrix scores.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixEvaluation {
    /// Per matrix standard: its conflicting value and strength cells.
    pub standards: Vec<Named>,
    /// All conflicting cells.
    pub total: Prf,
    /// Rows with a suggestion or a basis.
    pub suggestions: usize,
    /// Those whose suggestion does not follow from their basis (must be none).
    pub inconsistent: Vec<String>,
}

/// One expected or found checklist item, reduced to what is compared.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    kind: String,
    keys: Vec<String>,
    have: Option<String>,
    target: Option<String>,
}

fn expected_items(gold: &Alignment, have_lang: &str, target_lang: &str) -> Vec<Item> {
    let mut out: Vec<Item> = gold
        .right_only
        .iter()
        .map(|k| Item {
            kind: "new-clause".into(),
            keys: vec![k.clone()],
            have: None,
            target: None,
        })
        .collect();
    for p in &gold.pairs {
        for d in &p.differences {
            let kind = match d.kind {
                DiffKind::Value => match d.direction {
                    Some(Direction::Stricter) => "stricter-value",
                    Some(Direction::LessStrict) => "less-strict-value",
                    None => "different-value",
                },
                DiffKind::Strength if check::binds_more(d, have_lang, target_lang) => {
                    "stronger-requirement"
                }
                DiffKind::Reference if d.right.is_some() => "other-reference",
                DiffKind::AddedText => "added-requirement",
                _ => continue,
            };
            out.push(Item {
                kind: kind.into(),
                keys: p.right.clone(),
                have: d.left.clone(),
                target: d.right.clone(),
            });
        }
    }
    out
}

fn same_item(found: &Item, want: &Item) -> bool {
    if found.kind != want.kind {
        return false;
    }
    let overlap = found.keys.iter().any(|k| want.keys.contains(k));
    match found.kind.as_str() {
        "new-clause" | "added-requirement" => overlap,
        // A reference is one standard whatever the edition printed with it (the gold
        // writes `TCVN 6017`, the normative references list `TCVN 6017:2015`).
        "other-reference" => {
            let undated = |v: &Option<String>| {
                v.as_deref()
                    .map(crate::align::references::canonical_reference)
            };
            undated(&found.target) == undated(&want.target)
        }
        "stronger-requirement" => {
            overlap
                && both_sides((&found.have, &want.have), &same_word)
                && both_sides((&found.target, &want.target), &same_word)
        }
        _ => {
            overlap
                && both_sides((&found.have, &want.have), &same_amount)
                && both_sides((&found.target, &want.target), &same_amount)
        }
    }
}

/// Scores the checklist of every gold file's left standard against its right one.
pub fn evaluate_check(engine: &Engine, gold_files: &[&Path]) -> Result<CheckEvaluation> {
    let mut files = Vec::new();
    let mut total = Prf::from_counts(0, 0, 0);
    let mut by_kind: BTreeMap<String, Prf> = BTreeMap::new();
    for path in gold_files {
        let gold = load_gold(path)?;
        let (have, target) = (engine.standard(&gold.left)?, engine.standard(&gold.right)?);
        let alignment = engine.align_standards(&have, &target)?;
        let list = check::build(&have, &target.info.country, &[(&target, &alignment)]);
        let found: Vec<Item> = list
            .items
            .iter()
            .map(|i| Item {
                kind: i.kind.clone(),
                keys: i.keys.clone(),
                have: i.have_value.clone(),
                target: i.target_value.clone(),
            })
            .collect();
        let want = expected_items(&gold, &have.info.lang, &target.info.lang);
        let mut used = vec![false; found.len()];
        let mut file = Prf::from_counts(0, 0, 0);
        let mut kinds: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        for w in &want {
            let hit = (0..found.len()).find(|&k| !used[k] && same_item(&found[k], w));
            let e = kinds.entry(w.kind.clone()).or_default();
            match hit {
                Some(k) => {
                    used[k] = true;
                    e.0 += 1;
                }
                None => {
                    tracing::debug!("{} → {}: missed {w:?}", gold.left, gold.right);
                    e.2 += 1;
                }
            }
        }
        for (f, _) in found.iter().zip(&used).filter(|(_, u)| !**u) {
            tracing::debug!("{} → {}: extra {f:?}", gold.left, gold.right);
            kinds.entry(f.kind.clone()).or_default().1 += 1;
        }
        for (kind, (tp, fp, fn_)) in kinds {
            let p = Prf::from_counts(tp, fp, fn_);
            file = file.plus(p);
            let e = by_kind.entry(kind).or_default();
            *e = e.plus(p);
        }
        total = total.plus(file);
        files.push(Named {
            name: format!("{} → {}", gold.left, gold.right),
            scores: file,
        });
    }
    Ok(CheckEvaluation {
        files,
        total,
        by_kind,
    })
}

/// Scores the matrix of every gold file's left standard.
pub fn evaluate_matrix(engine: &Engine, gold_files: &[&Path]) -> Result<MatrixEvaluation> {
    let mut by_left: BTreeMap<String, Vec<Alignment>> = BTreeMap::new();
    for path in gold_files {
        let gold = load_gold(path)?;
        by_left.entry(gold.left.clone()).or_default().push(gold);
    }
    let mut standards = Vec::new();
    let mut total = Prf::from_counts(0, 0, 0);
    let mut suggestions = 0;
    let mut inconsistent = Vec::new();
    for (left, golds) in &by_left {
        let matrix = engine.matrix(left)?;
        let column = |right: &str| {
            matrix
                .counterparts
                .iter()
                .position(|c| c.reference == right)
        };
        // (row aspect, left clause keys, left value, column, right value)
        let mut want: Vec<(&str, &[String], &Difference, usize)> = Vec::new();
        for gold in golds {
            let Some(col) = column(&gold.right) else {
                return Err(Error::InvalidQuery(format!(
                    "{left}: its matrix has no column for {}",
                    gold.right
                )));
            };
            for p in &gold.pairs {
                for d in &p.differences {
                    let aspect = match d.kind {
                        DiffKind::Value => "value",
                        DiffKind::Strength => "strength",
                        _ => continue,
                    };
                    want.push((aspect, &p.left, d, col));
                }
            }
        }
        let found: Vec<(&MatrixRow, usize)> = matrix
            .rows
            .iter()
            .filter(|r| r.aspect == "value" || r.aspect == "strength")
            .flat_map(|r| {
                r.cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.status == "different")
                    .map(move |(i, _)| (r, i))
            })
            .collect();
        let mut used = vec![false; found.len()];
        let mut tp = 0;
        for (aspect, keys, d, col) in &want {
            let same: &dyn Fn(&str, &str) -> bool = if *aspect == "strength" {
                &same_word
            } else {
                &same_amount
            };
            let hit = (0..found.len()).find(|&k| {
                let (row, c) = found[k];
                !used[k]
                    && c == *col
                    && row.aspect == *aspect
                    && keys.contains(&row.key)
                    && both_sides((&row.value, &d.left), same)
                    && both_sides((&row.cells[c].value, &d.right), same)
            });
            match hit {
                Some(k) => {
                    used[k] = true;
                    tp += 1;
                }
                None => tracing::debug!(
                    "{left} {keys:?} {aspect} {:?} → {:?} (column {col}): missed",
                    d.left,
                    d.right
                ),
            }
        }
        for ((row, c), _) in found.iter().zip(&used).filter(|(_, used)| !**used) {
            tracing::debug!(
                "{left} {} {} {:?} → {:?} (column {c}): extra",
                row.key,
                row.aspect,
                row.value,
                row.cells[*c].value
            );
        }
        let scores = Prf::from_counts(tp, found.len() - tp, want.len() - tp);
        total = total.plus(scores);
        standards.push(Named {
            name: left.clone(),
            scores,
        });
        for row in matrix.rows.iter().filter(|r| r.suggestion.is_some()) {
            suggestions += 1;
            if let Some(why) = inconsistency(row) {
                inconsistent.push(format!("{left} {} {}: {why}", row.key, row.aspect));
            }
        }
    }
    Ok(MatrixEvaluation {
        standards,
        total,
        suggestions,
        inconsistent,
    })
}

/// Why a row's suggestion does not follow from its basis, if it does not.
fn inconsistency(row: &MatrixRow) -> Option<String> {
    let basis = row.basis.as_deref().unwrap_or_default();
    let suggestion = row.suggestion.as_deref()?;
    // "n of m": m must be the standards that vote on the row (itself, and each
    // counterpart that holds it: for values, those with a paired value; for clauses,
    // every counterpart, present or not), and a majority more than half of them.
    let words: Vec<&str> = basis
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ','))
        .collect();
    let (n, m): (usize, usize) = words.windows(3).find_map(|w| {
        (w[1] == "of").then_some(())?;
        Some((w[0].parse().ok()?, w[2].parse().ok()?))
    })?;
    let votes = |c: &crate::align::matrix::Cell| match row.aspect.as_str() {
        "clause" => true,
        "value" => c.value.is_some() && c.status != "absent",
        _ => c.status != "absent",
    };
    let voters = 1 + row.cells.iter().filter(|c| votes(c)).count();
    if m != voters {
        return Some(format!("basis counts {m} standards, the row has {voters}"));
    }
    if basis.starts_with("majority") && n * 2 <= m {
        return Some(format!("{n} of {m} is no majority"));
    }
    let held = match row.aspect.as_str() {
        "value" => std::iter::once(row.value.as_deref())
            .chain(row.cells.iter().map(|c| c.value.as_deref()))
            .any(|v| v == Some(suggestion)),
        "strength" => ["shall", "should", "may", "normative", "informative"].contains(&suggestion),
        _ => ["keep", "drop"].contains(&suggestion),
    };
    (!held).then(|| format!("suggests {suggestion}, which the row does not hold"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::matrix::Cell;

    fn row(
        aspect: &str,
        suggestion: &str,
        basis: &str,
        cells: &[(&str, Option<&str>)],
    ) -> MatrixRow {
        MatrixRow {
            key: "7.1".into(),
            heading: None,
            aspect: aspect.into(),
            quantity: None,
            value: Some("0.5 %".into()),
            text: None,
            cells: cells
                .iter()
                .map(|(status, value)| Cell {
                    keys: Vec::new(),
                    value: value.map(String::from),
                    status: (*status).into(),
                })
                .collect(),
            conflict: true,
            suggestion: Some(suggestion.into()),
            basis: Some(basis.into()),
        }
    }

    #[test]
    fn a_suggestion_that_follows_its_basis_passes() {
        let r = row(
            "value",
            "0.5 %",
            "majority: 2 of 3 standards",
            &[
                ("different", Some("1 %")),
                ("same", Some("0.5 %")),
                ("absent", None),
            ],
        );
        assert_eq!(inconsistency(&r), None);
    }

    #[test]
    fn wrong_counts_no_majority_and_foreign_values_are_caught() {
        let cells = [("different", Some("1 %")), ("same", Some("0.5 %"))];
        let miscounted = row("value", "0.5 %", "majority: 2 of 4 standards", &cells);
        assert!(
            inconsistency(&miscounted)
                .unwrap()
                .contains("the row has 3")
        );
        let minority = row("value", "0.5 %", "majority: 1 of 3 standards", &cells);
        assert!(inconsistency(&minority).unwrap().contains("no majority"));
        let foreign = row("value", "2 %", "majority: 2 of 3 standards", &cells);
        assert!(inconsistency(&foreign).unwrap().contains("does not hold"));
    }
}
