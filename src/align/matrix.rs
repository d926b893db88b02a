//! The harmonisation matrix: one standard against all its counterparts in the index,
//! clause by clause, with each body's values and requirement strength side by side,
//! conflicts flagged and a suggested harmonised choice: the international value when
//! the standards that adopt the international text identically (IDT) agree on it,
//! else the majority.

use super::diff::{self, Side};
use super::strength::Strength;
use super::units::Quantity;
use super::{AlignedPair, Alignment};
use crate::model::{Degree, Standard};
use serde::Serialize;

/// The matrix of one standard.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Matrix {
    /// The standard lined up with the others.
    pub standard: String,
    /// Its counterparts (columns), in the order of the cells.
    pub counterparts: Vec<Counterpart>,
    /// One row per value, per changed requirement strength and per one-side clause.
    pub rows: Vec<MatrixRow>,
}

/// A column of the matrix.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Counterpart {
    /// Dated reference.
    pub reference: String,
    /// Publishing body (TISI, TCVN, BSN, …).
    pub body: String,
    /// Country code.
    pub country: String,
    /// Adopts the international standard identically.
    pub idt: bool,
}

/// One row.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MatrixRow {
    /// Clause key in the standard (for a national addition: the counterpart's key).
    pub key: String,
    /// Clause heading.
    pub heading: Option<String>,
    /// `value` (with `quantity`), `strength`, or `clause` (presence of the clause).
    pub aspect: String,
    /// What is measured, for values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    /// The standard's own value (or strength word, or `present`).
    pub value: Option<String>,
    /// One cell per counterpart.
    pub cells: Vec<Cell>,
    /// The values disagree.
    pub conflict: bool,
    /// Suggested harmonised value, for conflicts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Why that suggestion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// A counterpart's entry in a row.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Cell {
    /// Counterpart clause keys.
    pub keys: Vec<String>,
    /// Its value as printed (or strength word, or `present`/`absent`).
    pub value: Option<String>,
    /// `same`, `unit-only`, `different`, `absent` or `not-aligned`.
    pub status: String,
}

/// One counterpart's alignment with the standard and its clauses.
pub struct Column<'a> {
    /// The counterpart.
    pub standard: &'a Standard,
    /// Its alignment (the matrix standard on the left).
    pub alignment: &'a Alignment,
}

fn idt(s: &Standard) -> bool {
    s.info.adoptions.iter().any(|a| a.degree == Degree::Idt)
}

/// Builds the matrix of `base` from its alignments with each counterpart.
pub fn build(base: &Standard, columns: &[Column]) -> Matrix {
    let mut rows: Vec<MatrixRow> = Vec::new();
    let find = |s: &Standard, k: &str| s.clauses.iter().find(|c| c.key == k).cloned();
    let pair_of = |a: &Alignment, key: &str| -> Option<AlignedPair> {
        a.pairs
            .iter()
            .find(|p| p.left.iter().any(|k| k == key))
            .cloned()
    };
    for clause in &base.clauses {
        let own = Side {
            clauses: vec![clause],
            lang: &base.info.lang,
        };
        let own_q = diff::side_quantities(&own);
        // Values: one row per quantity of the clause.
        let mut value_rows: Vec<(Quantity, Vec<Cell>)> = own_q
            .iter()
            .map(|q| (q.quantity.clone(), Vec::new()))
            .collect();
        let mut strength_cells = Vec::new();
        let mut strength_conflict = false;
        let mut presence_cells = Vec::new();
        for col in columns {
            let Some(pair) = pair_of(col.alignment, &clause.key) else {
                for (_, cells) in &mut value_rows {
                    cells.push(absent());
                }
                strength_cells.push(absent());
                presence_cells.push(absent());
                continue;
            };
            presence_cells.push(Cell {
                keys: pair.right.clone(),
                value: Some("present".into()),
                status: "same".into(),
            });
            let right_clauses: Vec<_> = pair
                .right
                .iter()
                .filter_map(|k| find(col.standard, k))
                .collect();
            let right = Side {
                clauses: right_clauses.iter().collect(),
                lang: &col.standard.info.lang,
            };
            let paired = diff::pair_quantities(&own_q, &diff::side_quantities(&right));
            // Left quantities come back from the pairing in their own order.
            let mut right_of: Vec<Option<Option<diff::Located>>> = vec![None; value_rows.len()];
            for (a, b) in paired {
                let Some(a) = a else { continue };
                if let Some(i) = (0..value_rows.len())
                    .find(|&i| right_of[i].is_none() && value_rows[i].0 == a.quantity)
                {
                    right_of[i] = Some(b);
                }
            }
            for ((q, cells), found) in value_rows.iter_mut().zip(right_of) {
                cells.push(match found.flatten() {
                    Some(b) => Cell {
                        keys: vec![b.key.clone()],
                        value: Some(b.quantity.raw.clone()),
                        status: if !q.same_amount(&b.quantity) {
                            "different"
                        } else if q.symbol != b.quantity.symbol {
                            "unit-only"
                        } else {
                            "same"
                        }
                        .into(),
                    },
                    None => Cell {
                        keys: pair.right.clone(),
                        value: None,
                        status: "not-aligned".into(),
                    },
                });
            }
            let changed = pair
                .differences
                .iter()
                .find(|d| d.kind == diff::DiffKind::Strength);
            strength_conflict |= changed.is_some();
            strength_cells.push(Cell {
                keys: pair.right.clone(),
                value: changed.and_then(|d| d.right.clone()),
                status: if changed.is_some() {
                    "different"
                } else {
                    "same"
                }
                .into(),
            });
        }
        for (q, cells) in value_rows {
            let conflict = cells.iter().any(|c| c.status == "different");
            let (suggestion, basis) = if conflict {
                suggest_value(base, &q, columns, &cells)
            } else {
                (None, None)
            };
            rows.push(MatrixRow {
                key: clause.key.clone(),
                heading: clause.heading.clone(),
                aspect: "value".into(),
                quantity: Some(q.dimension.as_str().into()),
                value: Some(q.raw.clone()),
                cells,
                conflict,
                suggestion,
                basis,
            });
        }
        if strength_conflict {
            let modals = diff::side_modals(&own);
            let word = modals
                .iter()
                .filter(|m| m.strength >= Strength::Shall)
                .map(|m| m.word.clone())
                .next();
            let differing = strength_cells
                .iter()
                .filter(|c| c.status == "different")
                .count();
            let keeps = columns.len() - differing + 1;
            rows.push(MatrixRow {
                key: clause.key.clone(),
                heading: clause.heading.clone(),
                aspect: "strength".into(),
                quantity: None,
                value: word.clone(),
                cells: strength_cells,
                conflict: true,
                suggestion: Some(
                    if keeps * 2 > columns.len() + 1 {
                        "shall"
                    } else {
                        "should"
                    }
                    .into(),
                ),
                basis: Some(format!(
                    "majority: {keeps} of {} keep the requirement",
                    columns.len() + 1
                )),
            });
        }
        if presence_cells.iter().any(|c| c.status == "absent") {
            let kept = presence_cells
                .iter()
                .filter(|c| c.status != "absent")
                .count()
                + 1;
            rows.push(MatrixRow {
                key: clause.key.clone(),
                heading: clause.heading.clone(),
                aspect: "clause".into(),
                quantity: None,
                value: Some("present".into()),
                cells: presence_cells,
                conflict: true,
                suggestion: Some(
                    if kept * 2 > columns.len() + 1 {
                        "keep"
                    } else {
                        "drop"
                    }
                    .into(),
                ),
                basis: Some(format!(
                    "majority: {kept} of {} have the clause",
                    columns.len() + 1
                )),
            });
        }
    }
    // National additions of each counterpart.
    for (n, col) in columns.iter().enumerate() {
        for key in &col.alignment.right_only {
            let heading = find(col.standard, key).and_then(|c| c.heading);
            let cells = columns
                .iter()
                .enumerate()
                .map(|(m, _)| {
                    if m == n {
                        Cell {
                            keys: vec![key.clone()],
                            value: Some("present".into()),
                            status: "different".into(),
                        }
                    } else {
                        absent()
                    }
                })
                .collect();
            rows.push(MatrixRow {
                key: format!("{} {key}", col.standard.info.reference),
                heading,
                aspect: "clause".into(),
                quantity: None,
                value: Some("absent".into()),
                cells,
                conflict: true,
                suggestion: None,
                basis: Some("national addition".into()),
            });
        }
    }
    Matrix {
        standard: base.info.reference.clone(),
        counterparts: columns
            .iter()
            .map(|c| Counterpart {
                reference: c.standard.info.reference.clone(),
                body: c.standard.info.body.clone(),
                country: c.standard.info.country.clone(),
                idt: idt(c.standard),
            })
            .collect(),
        rows,
    }
}

fn absent() -> Cell {
    Cell {
        keys: Vec::new(),
        value: None,
        status: "absent".into(),
    }
}

/// The international value when the IDT adopters agree on one, else the majority.
fn suggest_value(
    base: &Standard,
    own: &Quantity,
    columns: &[Column],
    cells: &[Cell],
) -> (Option<String>, Option<String>) {
    // (value as printed, amount, is IDT)
    let mut values: Vec<(String, Quantity, bool)> = vec![(own.raw.clone(), own.clone(), idt(base))];
    for (col, cell) in columns.iter().zip(cells) {
        if let Some(v) = &cell.value
            && let Some(q) = super::units::quantities(v, &col.standard.info.lang)
                .into_iter()
                .next()
        {
            values.push((v.clone(), q, idt(col.standard)));
        }
    }
    let idt_values: Vec<&(String, Quantity, bool)> = values.iter().filter(|v| v.2).collect();
    if let Some(first) = idt_values.first()
        && idt_values.iter().all(|v| v.1.same_amount(&first.1))
    {
        return (
            Some(first.0.clone()),
            Some(format!(
                "international value: the {} IDT adoption(s) agree",
                idt_values.len()
            )),
        );
    }
    let mut best: Option<(usize, &String)> = None;
    for v in &values {
        let n = values.iter().filter(|w| w.1.same_amount(&v.1)).count();
        if best.is_none_or(|(b, _)| n > b) {
            best = Some((n, &v.0));
        }
    }
    match best {
        Some((n, v)) if n * 2 > values.len() => (
            Some(v.clone()),
            Some(format!("majority: {n} of {} standards", values.len())),
        ),
        _ => (None, Some("no majority".into())),
    }
}
