//! The harmonisation matrix: one standard against all its counterparts in the index,
//! requirement by requirement (one row per quantity, per sentence whose requirement
//! strength differs somewhere, per clause missing somewhere), each body's value side
//! by side, conflicts flagged and a suggested harmonised choice from [`suggest`]: the
//! international value when the standards that adopt the international text
//! identically (IDT) agree on it, else the majority, else none ("decide").

use super::diff::{self, DiffKind, Side};
use super::sentences;
use super::strength::{self, Strength};
use super::units::Quantity;
use super::{AlignedPair, Alignment};
use crate::model::{Clause, Degree, Standard};
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

/// One standard's say in a suggestion.
#[derive(Debug, Clone)]
pub struct Vote {
    /// Comparable form of its value: votes with equal `value` agree.
    pub value: String,
    /// How the suggestion prints it when it wins.
    pub shown: String,
    /// The standard adopts the international text identically.
    pub idt: bool,
}

/// A suggested harmonised value and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The value to harmonise on; `None` when nothing decides it.
    pub value: Option<String>,
    /// The basis, with its counts.
    pub basis: String,
}

/// The one rule for every suggestion: the value the IDT adoptions agree on (they
/// reproduce the international text, so theirs is the international value), else the
/// value more than half of the standards share, else none ("no majority: decide").
pub fn suggest(votes: &[Vote]) -> Suggestion {
    let total = votes.len();
    let count = |v: &str| votes.iter().filter(|w| w.value == v).count();
    let idt: Vec<&Vote> = votes.iter().filter(|v| v.idt).collect();
    if let Some(first) = idt.first()
        && idt.iter().all(|v| v.value == first.value)
    {
        return Suggestion {
            value: Some(first.shown.clone()),
            basis: format!(
                "international value: the {} IDT adoption{} agree{} ({} of {total} standards)",
                idt.len(),
                if idt.len() == 1 { "" } else { "s" },
                if idt.len() == 1 { "s" } else { "" },
                count(&first.value)
            ),
        };
    }
    let best =
        votes
            .iter()
            .map(|v| (count(&v.value), v))
            .fold(None::<(usize, &Vote)>, |best, (n, v)| match best {
                Some((b, _)) if b >= n => best,
                _ => Some((n, v)),
            });
    match best {
        Some((n, v)) if n * 2 > total => Suggestion {
            value: Some(v.shown.clone()),
            basis: format!("majority: {n} of {total} standards"),
        },
        Some((n, v)) => Suggestion {
            value: None,
            basis: format!(
                "no majority: decide (at most {n} of {total} standards agree, on {})",
                v.shown
            ),
        },
        None => Suggestion {
            value: None,
            basis: "no standard to decide on".into(),
        },
    }
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
    /// The requirement sentence (or table row) the value or word is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
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
    let base_idt = idt(base);
    for clause in &base.clauses {
        let own = Side {
            clauses: vec![clause],
            lang: &base.info.lang,
        };
        let own_q = diff::side_quantities(&own);
        let pairs: Vec<Option<AlignedPair>> = columns
            .iter()
            .map(|col| pair_of(col.alignment, &clause.key))
            .collect();
        // Values: one row per quantity of the clause.
        // (own quantity, cells, each counterpart's quantity where one is paired)
        let mut value_rows: Vec<(Quantity, Vec<Cell>, Vec<Option<Quantity>>)> = own_q
            .iter()
            .map(|q| (q.quantity.clone(), Vec::new(), Vec::new()))
            .collect();
        let value_text: Vec<Option<String>> =
            own_q.iter().map(|q| sentence_of(&own, q.span[0])).collect();
        let mut presence_cells = Vec::new();
        for (col, pair) in columns.iter().zip(&pairs) {
            let Some(pair) = pair else {
                for (_, cells, found) in &mut value_rows {
                    cells.push(absent());
                    found.push(None);
                }
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
            let right_q = diff::side_quantities(&right);
            // The alignment's own verdicts come first: its differences paired each value
            // sentence by sentence and grade by grade. A value it reported nothing on is
            // the same where the plain pairing finds an equal amount, else unknown.
            let reported: Vec<&diff::Difference> = pair
                .differences
                .iter()
                .filter(|d| matches!(d.kind, DiffKind::Value | DiffKind::UnitOnly))
                .filter(|d| d.left_key.as_deref() == Some(clause.key.as_str()))
                .collect();
            let paired = diff::pair_quantities(&own_q, &right_q);
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
            for (i, ((q, cells, theirs), found)) in value_rows.iter_mut().zip(right_of).enumerate()
            {
                let verdict = reported
                    .iter()
                    .find(|d| d.left_span == Some(own_q[i].span))
                    .and_then(|d| {
                        let b = right_q.iter().find(|b| {
                            Some(&b.key) == d.right_key.as_ref() && Some(b.span) == d.right_span
                        })?;
                        Some((d.kind, b.clone()))
                    });
                let cell = match (verdict, found.flatten()) {
                    (Some((kind, b)), _) => Some((b, kind == DiffKind::Value)),
                    (None, Some(b)) if q.same_amount(&b.quantity) => Some((b, false)),
                    _ => None,
                };
                theirs.push(cell.as_ref().map(|(b, _)| b.quantity.clone()));
                cells.push(match cell {
                    Some((b, different)) => Cell {
                        keys: vec![b.key.clone()],
                        value: Some(b.quantity.shown()),
                        status: if different {
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
        }
        for ((q, cells, theirs), text) in value_rows.into_iter().zip(value_text) {
            let conflict = cells.iter().any(|c| c.status == "different");
            let suggestion = conflict.then(|| suggest(&value_votes(base, &q, columns, &theirs)));
            rows.push(MatrixRow {
                key: clause.key.clone(),
                heading: clause.heading.clone(),
                aspect: "value".into(),
                quantity: Some(q.dimension.as_str().into()),
                value: Some(q.shown()),
                text,
                cells,
                conflict,
                suggestion: suggestion.as_ref().and_then(|s| s.value.clone()),
                basis: suggestion.map(|s| s.basis),
            });
        }
        rows.extend(language_rows(base, clause, columns, &pairs));
        rows.extend(strength_rows(base, clause, columns, &pairs));
        if presence_cells.iter().any(|c| c.status == "absent") {
            let mut votes = vec![presence_vote(true, base_idt)];
            for (col, cell) in columns.iter().zip(&presence_cells) {
                votes.push(presence_vote(cell.status != "absent", idt(col.standard)));
            }
            let suggestion = suggest(&votes);
            rows.push(MatrixRow {
                key: clause.key.clone(),
                heading: clause.heading.clone(),
                aspect: "clause".into(),
                quantity: None,
                value: Some("present".into()),
                text: None,
                cells: presence_cells,
                conflict: true,
                suggestion: suggestion.value,
                basis: Some(suggestion.basis),
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
                text: None,
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

/// One row per language `clause` requires for markings or instructions where a
/// counterpart requires another (`规范中文` against `tiếng Việt`): the alignment's
/// language differences, and `same` where a counterpart names a language and the
/// alignment found no difference.
fn language_rows(
    base: &Standard,
    clause: &Clause,
    columns: &[Column],
    pairs: &[Option<AlignedPair>],
) -> Vec<MatrixRow> {
    let changed = |p: &AlignedPair| -> Option<diff::Difference> {
        p.differences
            .iter()
            .find(|d| {
                d.kind == DiffKind::Value
                    && d.quantity.as_deref() == Some("language")
                    && d.left_key.as_deref() == Some(clause.key.as_str())
            })
            .cloned()
    };
    let mut own: Vec<String> = Vec::new();
    for d in pairs.iter().flatten().filter_map(changed) {
        let word = d.left.unwrap_or_default();
        if !own.contains(&word) {
            own.push(word);
        }
    }
    let mut rows = Vec::new();
    for word in own {
        let mut votes = vec![Vote {
            value: word.clone(),
            shown: word.clone(),
            idt: idt(base),
        }];
        let mut cells = Vec::new();
        for (col, pair) in columns.iter().zip(pairs) {
            let Some(pair) = pair else {
                cells.push(absent());
                continue;
            };
            let names_one = || {
                pair.right.iter().any(|k| {
                    col.standard
                        .clauses
                        .iter()
                        .any(|c| &c.key == k && !diff::required_languages(&c.text).is_empty())
                })
            };
            let (value, status) = match changed(pair).filter(|d| d.left.as_ref() == Some(&word)) {
                Some(d) => (d.right, "different"),
                None if names_one() => (Some(word.clone()), "same"),
                None => (None, "not-aligned"),
            };
            if let Some(v) = &value {
                votes.push(Vote {
                    value: v.clone(),
                    shown: v.clone(),
                    idt: idt(col.standard),
                });
            }
            cells.push(Cell {
                keys: pair.right.clone(),
                value,
                status: status.into(),
            });
        }
        let suggestion = suggest(&votes);
        let text = clause
            .text
            .lines()
            .find(|l| l.contains(word.as_str()))
            .map(str::to_string);
        rows.push(MatrixRow {
            key: clause.key.clone(),
            heading: clause.heading.clone(),
            aspect: "value".into(),
            quantity: Some("language".into()),
            value: Some(word),
            text,
            cells,
            conflict: true,
            suggestion: suggestion.value,
            basis: Some(suggestion.basis),
        });
    }
    rows
}

/// One row per sentence of `clause` whose requirement strength differs in at least one
/// counterpart: the sentence's own word (`宜`), and in each counterpart the word of the
/// aligned sentence where it differs (`shall`, `phải`).
fn strength_rows(
    base: &Standard,
    clause: &Clause,
    columns: &[Column],
    pairs: &[Option<AlignedPair>],
) -> Vec<MatrixRow> {
    // (left span, left word) of every strength difference in this clause, in order.
    let mut sentences: Vec<(Option<[usize; 2]>, String)> = Vec::new();
    let changed = |p: &AlignedPair| -> Vec<diff::Difference> {
        p.differences
            .iter()
            .filter(|d| d.kind == DiffKind::Strength)
            .filter(|d| d.left_key.as_deref().unwrap_or(&p.left[0]) == clause.key)
            .cloned()
            .collect()
    };
    for p in pairs.iter().flatten() {
        for d in changed(p) {
            let at = d.left_span;
            if !sentences.iter().any(|(s, _)| *s == at) {
                sentences.push((at, d.left.clone().unwrap_or_default()));
            }
        }
    }
    sentences.sort_by_key(|(s, _)| s.map_or(usize::MAX, |s| s[0]));
    let own = Side {
        clauses: vec![clause],
        lang: &base.info.lang,
    };
    let mut rows = Vec::new();
    for (span, word) in sentences {
        let own_level = level(&word, &base.info.lang);
        let mut votes = vec![Vote {
            value: own_level.into(),
            shown: own_level.into(),
            idt: idt(base),
        }];
        let mut cells = Vec::new();
        for (col, pair) in columns.iter().zip(pairs) {
            let Some(pair) = pair else {
                cells.push(absent());
                continue;
            };
            let found = changed(pair).into_iter().find(|d| d.left_span == span);
            let their = match &found {
                Some(d) => level(d.right.as_deref().unwrap_or(""), &col.standard.info.lang),
                None => own_level,
            };
            votes.push(Vote {
                value: their.into(),
                shown: their.into(),
                idt: idt(col.standard),
            });
            cells.push(match found {
                Some(d) => Cell {
                    keys: d.right_key.map_or_else(|| pair.right.clone(), |k| vec![k]),
                    value: d.right,
                    status: "different".into(),
                },
                None => Cell {
                    keys: pair.right.clone(),
                    value: None,
                    status: "same".into(),
                },
            });
        }
        let suggestion = suggest(&votes);
        rows.push(MatrixRow {
            key: clause.key.clone(),
            heading: clause.heading.clone(),
            aspect: "strength".into(),
            quantity: None,
            value: Some(word),
            text: span.and_then(|s| sentence_of(&own, s[0])),
            cells,
            conflict: true,
            suggestion: suggestion.value,
            basis: Some(suggestion.basis),
        });
    }
    rows
}

/// How binding a strength word is: `shall` (must counts as shall), `should`, `may`,
/// or for an annex's status line `normative` / `informative`.
fn level(word: &str, lang: &str) -> &'static str {
    if let Some((status, _)) = strength::annex_status(&format!("({word})")) {
        return status.as_str();
    }
    match strength::modals(word, lang).first().map(|m| m.strength) {
        Some(Strength::Must) | None => Strength::Shall.as_str(),
        Some(s) => s.as_str(),
    }
}

fn presence_vote(present: bool, idt: bool) -> Vote {
    let v = if present { "keep" } else { "drop" };
    Vote {
        value: v.into(),
        shown: v.into(),
        idt,
    }
}

/// The sentence of a one-clause side that contains character `char_at` of its text.
fn sentence_of(side: &Side, char_at: usize) -> Option<String> {
    sentences::split(side)
        .into_iter()
        .find(|s| s.span[0] <= char_at && char_at < s.span[1].max(s.span[0] + 1))
        .map(|s| s.text)
}

fn absent() -> Cell {
    Cell {
        keys: Vec::new(),
        value: None,
        status: "absent".into(),
    }
}

/// The votes on a value row: the standard's own value and each counterpart's, equal
/// amounts agreeing whatever the notation.
fn value_votes(
    base: &Standard,
    own: &Quantity,
    columns: &[Column],
    theirs: &[Option<Quantity>],
) -> Vec<Vote> {
    let amounts: Vec<(&Quantity, bool)> = std::iter::once((own, idt(base)))
        .chain(
            columns
                .iter()
                .zip(theirs)
                .filter_map(|(col, q)| Some((q.as_ref()?, idt(col.standard)))),
        )
        .collect();
    // Votes agree when their amounts do: each takes the index of the first equal one.
    amounts
        .iter()
        .map(|(q, idt)| {
            let class = amounts
                .iter()
                .position(|(p, _)| p.same_amount(q))
                .unwrap_or(0);
            Vote {
                value: class.to_string(),
                shown: q.shown(),
                idt: *idt,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(value: &str, idt: bool) -> Vote {
        Vote {
            value: value.into(),
            shown: value.into(),
            idt,
        }
    }

    #[test]
    fn the_idt_adoptions_decide_against_the_standard_itself() {
        // GB recommends (宜); the IDT adoption and TCVN require: the international
        // value is shall, and 2 of 3 say so.
        let s = suggest(&[
            vote("should", false),
            vote("shall", true),
            vote("shall", false),
        ]);
        assert_eq!(s.value.as_deref(), Some("shall"));
        assert_eq!(
            s.basis,
            "international value: the 1 IDT adoption agrees (2 of 3 standards)"
        );
    }

    #[test]
    fn the_idt_value_wins_even_in_a_minority() {
        let s = suggest(&[
            vote("0.5", false),
            vote("0.75", true),
            vote("0.5", false),
            vote("0.75", true),
        ]);
        assert_eq!(s.value.as_deref(), Some("0.75"));
        assert!(
            s.basis
                .starts_with("international value: the 2 IDT adoptions agree")
        );
    }

    #[test]
    fn without_agreeing_idt_adoptions_the_majority_decides_or_nobody() {
        let s = suggest(&[
            vote("shall", true),
            vote("should", true),
            vote("shall", false),
        ]);
        assert_eq!(
            (s.value.as_deref(), s.basis.as_str()),
            (Some("shall"), "majority: 2 of 3 standards")
        );
        let tie = suggest(&[
            vote("keep", false),
            vote("drop", false),
            vote("keep", false),
            vote("drop", false),
        ]);
        assert_eq!(tie.value, None);
        assert!(tie.basis.starts_with("no majority: decide (at most 2 of 4"));
    }
}
