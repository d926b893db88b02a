//! `stdalign eval align`: alignment quality against gold alignments in the JSON shape
//! of `stdalign align` (pairs with their differences, `left_only`, `right_only`).
//!
//! - Pairs are scored as links: a group `[4, 4.1] ↔ [4]` is the links `4–4` and
//!   `4.1–4`, so a half-found merge earns half its credit.
//! - One-side-only clauses are scored as (side, key).
//! - A found difference matches a gold one of the same kind when their groups share
//!   a link and their values agree: same value and unit as printed (spacing and the
//!   decimal mark aside), same strength word, same reference (undated), or, for
//!   added and removed text, one text contains the other.

use crate::align::diff::{DiffKind, Difference, canonical_reference};
use crate::align::{AlignedPair, Alignment};
use crate::engine::Engine;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    /// Found and right.
    pub tp: usize,
    /// Found but wrong.
    pub fp: usize,
    /// Missed.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl Prf {
    fn from_counts(tp: usize, fp: usize, fn_: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }

    fn add(self, o: Prf) -> Prf {
        Prf::from_counts(self.tp + o.tp, self.fp + o.fp, self.fn_ + o.fn_)
    }
}

/// Scores of one alignment, or of all of them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AlignScores {
    /// Aligned pairs, as links.
    pub pairs: Prf,
    /// One-side-only clauses.
    pub one_side: Prf,
    /// Differences of every kind.
    pub differences: Prf,
    /// Differences by kind.
    pub by_kind: BTreeMap<String, Prf>,
}

impl AlignScores {
    fn add(&mut self, o: &AlignScores) {
        self.pairs = self.pairs.add(o.pairs);
        self.one_side = self.one_side.add(o.one_side);
        self.differences = self.differences.add(o.differences);
        for (k, v) in &o.by_kind {
            let e = self.by_kind.entry(k.clone()).or_default();
            *e = e.add(*v);
        }
    }
}

/// The scores of one gold file.
#[derive(Debug, Clone, Serialize)]
pub struct FileScores {
    /// The gold file.
    pub gold: String,
    /// Left and right standards.
    pub left: String,
    /// Right standard.
    pub right: String,
    /// Its scores.
    pub scores: AlignScores,
}

/// Everything `eval align` prints.
#[derive(Debug, Clone, Serialize)]
pub struct AlignEvaluation {
    /// Per gold file.
    pub files: Vec<FileScores>,
    /// Summed over files (micro-averaged).
    pub total: AlignScores,
}

/// Reads a gold alignment.
pub fn load_gold(path: &Path) -> Result<Alignment> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::InvalidQuery(format!("{}: not a gold alignment: {e}", path.display())))
}

/// Aligns each gold file's standards with `engine` and scores the result.
pub fn evaluate_align(engine: &Engine, gold_files: &[&Path]) -> Result<AlignEvaluation> {
    let mut files = Vec::new();
    let mut total = AlignScores::default();
    for path in gold_files {
        let gold = load_gold(path)?;
        let found = engine.align(&gold.left, &gold.right)?;
        let scores = score(&found, &gold);
        total.add(&scores);
        files.push(FileScores {
            gold: path.display().to_string(),
            left: gold.left,
            right: gold.right,
            scores,
        });
    }
    Ok(AlignEvaluation { files, total })
}

fn links(p: &AlignedPair) -> HashSet<(&str, &str)> {
    p.left
        .iter()
        .flat_map(|l| p.right.iter().map(move |r| (l.as_str(), r.as_str())))
        .collect()
}

fn set_prf<T: Eq + std::hash::Hash>(found: &HashSet<T>, gold: &HashSet<T>) -> Prf {
    let tp = found.intersection(gold).count();
    Prf::from_counts(tp, found.len() - tp, gold.len() - tp)
}

/// Scores one alignment against its gold.
pub fn score(found: &Alignment, gold: &Alignment) -> AlignScores {
    let all_links = |a: &Alignment| -> HashSet<(String, String)> {
        a.pairs
            .iter()
            .flat_map(links)
            .map(|(l, r)| (l.to_string(), r.to_string()))
            .collect()
    };
    let one_side = |a: &Alignment| -> HashSet<(bool, String)> {
        a.left_only
            .iter()
            .map(|k| (true, k.clone()))
            .chain(a.right_only.iter().map(|k| (false, k.clone())))
            .collect()
    };
    let mut by_kind: BTreeMap<String, Prf> = BTreeMap::new();
    let flatten = |a: &Alignment| -> Vec<(usize, Difference)> {
        a.pairs
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.differences.iter().map(move |d| (i, d.clone())))
            .collect()
    };
    let (fd, gd) = (flatten(found), flatten(gold));
    for kind in DiffKind::ALL {
        let f: Vec<&(usize, Difference)> = fd.iter().filter(|(_, d)| d.kind == kind).collect();
        let g: Vec<&(usize, Difference)> = gd.iter().filter(|(_, d)| d.kind == kind).collect();
        let mut used = vec![false; f.len()];
        let mut tp = 0;
        for (gi, gdiff) in &g {
            let glinks = links(&gold.pairs[*gi]);
            let hit = f.iter().enumerate().find(|(k, (fi, fdiff))| {
                !used[*k] && !links(&found.pairs[*fi]).is_disjoint(&glinks) && agree(fdiff, gdiff)
            });
            if let Some((k, _)) = hit {
                used[k] = true;
                tp += 1;
            }
        }
        if !f.is_empty() || !g.is_empty() {
            by_kind.insert(
                kind.as_str().to_string(),
                Prf::from_counts(tp, f.len() - tp, g.len() - tp),
            );
        }
    }
    let differences = by_kind
        .values()
        .fold(Prf::from_counts(0, 0, 0), |a, b| a.add(*b));
    AlignScores {
        pairs: set_prf(&all_links(found), &all_links(gold)),
        one_side: set_prf(&one_side(found), &one_side(gold)),
        differences,
        by_kind,
    }
}

/// Whether a found difference states the same change as a gold one.
fn agree(found: &Difference, gold: &Difference) -> bool {
    let same = |a: &Option<String>, b: &Option<String>, f: &dyn Fn(&str, &str) -> bool| match (a, b)
    {
        (Some(a), Some(b)) => f(a, b),
        (None, None) => true,
        _ => false,
    };
    let printed = |a: &str, b: &str| notation(a) == notation(b);
    let contains = |a: &str, b: &str| {
        let (a, b) = (notation(a), notation(b));
        a.contains(&b) || b.contains(&a)
    };
    match gold.kind {
        DiffKind::Value | DiffKind::UnitOnly | DiffKind::Strength => {
            same(&found.left, &gold.left, &printed) && same(&found.right, &gold.right, &printed)
        }
        DiffKind::Reference => {
            let r = |a: &str, b: &str| canonical_reference(a) == canonical_reference(b);
            same(&found.left, &gold.left, &r) && same(&found.right, &gold.right, &r)
        }
        DiffKind::AddedText | DiffKind::RemovedText => {
            same(&found.left, &gold.left, &contains) && same(&found.right, &gold.right, &contains)
        }
    }
}

/// Lower case, no white space, `.` as decimal mark.
fn notation(s: &str) -> String {
    crate::align::units::notation(s).to_lowercase()
}
