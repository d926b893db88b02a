//! `stdalign eval align`: alignment quality against gold alignments in the JSON shape
//! of `stdalign align` (pairs with their differences, `left_only`, `right_only`).
//!
//! - Pairs are scored as links: a group `[4, 4.1] ↔ [4]` is the links `4–4` and
//!   `4.1–4`, so a half-found merge earns half its credit.
//! - One-side-only clauses are scored as (side, key).
//! - A found difference matches a gold one of the same kind when their groups share
//!   a link and their values agree: same value and unit as printed (spacing, the
//!   decimal mark, a bound sign and a unit left to a table column aside), same
//!   strength word (with or without its negation), same reference (undated), or, for
//!   added and removed text, one text contains the other. Gold files whose `method`
//!   is `pairs-only` (translations without planted differences) score pairs only.

use super::perturb::{Perturbation, perturb};
use crate::align::diff::{DiffKind, Difference, canonical_reference};
use crate::align::matcher::{KeyPrior, printed_number};
use crate::align::{AlignedPair, Alignment, key_prior};
use crate::engine::Engine;
use crate::model::Standard;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// From true positives, false positives and false negatives.
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Prf {
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

    /// Counts summed.
    pub fn plus(self, o: Prf) -> Prf {
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
    /// Directions of the value differences found (stricter / less strict) against the
    /// gold's, where the gold gives one: a direction found where the gold says it
    /// depends on context is a false positive.
    pub direction: Prf,
}

impl AlignScores {
    fn add(&mut self, o: &AlignScores) {
        self.pairs = self.pairs.plus(o.pairs);
        self.one_side = self.one_side.plus(o.one_side);
        self.differences = self.differences.plus(o.differences);
        self.direction = self.direction.plus(o.direction);
        for (k, v) in &o.by_kind {
            let e = self.by_kind.entry(k.clone()).or_default();
            *e = e.plus(*v);
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
    /// What kind of pair it is: `adoption` (both adopt one international text),
    /// `independent` (numbered national texts), `unlabelled` (a side without
    /// clause numbers).
    pub class: String,
    /// Its scores.
    pub scores: AlignScores,
}

/// How well the groups' confidence predicts that they are right.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Calibration {
    /// Groups scored.
    pub groups: usize,
    /// Mean squared error of the confidence against right (1) or wrong (0).
    pub brier: f64,
    /// Expected calibration error over ten equal-width bins.
    pub ece: f64,
    /// Per bin of confidence: groups, mean confidence, share right.
    pub bins: Vec<CalibrationBin>,
}

/// One bin of [`Calibration`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct CalibrationBin {
    /// Lower bound of the confidences in the bin.
    pub from: f64,
    /// Groups in the bin.
    pub groups: usize,
    /// Their mean confidence.
    pub confidence: f64,
    /// Share of them that are right (every link in the gold).
    pub right: f64,
}

/// Everything `eval align` prints.
#[derive(Debug, Clone, Serialize)]
pub struct AlignEvaluation {
    /// Per gold file.
    pub files: Vec<FileScores>,
    /// Summed over the gold files as given (micro-averaged).
    pub total: AlignScores,
    /// Per class: the pair kinds of [`FileScores::class`] and, for each
    /// perturbation of the right-hand standards, `perturbed:<kind>`.
    pub classes: BTreeMap<String, AlignScores>,
    /// Summed over the gold files and every perturbation of them.
    pub overall: AlignScores,
    /// Confidence against correctness, over every alignment scored.
    pub calibration: Calibration,
}

/// Reads a gold alignment.
pub fn load_gold(path: &Path) -> Result<Alignment> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bad = |e: serde_json::Error| {
        Error::InvalidQuery(format!("{}: not a gold alignment: {e}", path.display()))
    };
    let mut value: serde_json::Value = serde_json::from_slice(&bytes).map_err(bad)?;
    // The gold writes `"direction": "check"` where the direction depends on context;
    // the aligner says so by giving none.
    if let Some(pairs) = value.get_mut("pairs").and_then(|p| p.as_array_mut()) {
        for d in pairs
            .iter_mut()
            .filter_map(|p| p.get_mut("differences").and_then(|d| d.as_array_mut()))
            .flatten()
            .filter_map(|d| d.as_object_mut())
        {
            if d.get("direction").and_then(|v| v.as_str()) == Some("check") {
                d.remove("direction");
            }
        }
    }
    serde_json::from_value(value).map_err(bad)
}

/// Aligns each gold file's standards with `engine` and scores the result; with
/// `perturbations`, also every perturbed copy of each right-hand standard
/// ([`perturb`](super::perturb)).
pub fn evaluate_align(
    engine: &Engine,
    gold_files: &[&Path],
    perturbations: bool,
) -> Result<AlignEvaluation> {
    let golds: Vec<Alignment> = gold_files
        .iter()
        .map(|p| load_gold(p))
        .collect::<Result<_>>()?;
    let mut standards: HashMap<String, Standard> = HashMap::new();
    for g in &golds {
        for r in [&g.left, &g.right] {
            if !standards.contains_key(r) {
                standards.insert(r.clone(), engine.standard(r)?);
            }
        }
    }
    let mut files = Vec::new();
    let mut total = AlignScores::default();
    let mut classes: BTreeMap<String, AlignScores> = BTreeMap::new();
    let mut overall = AlignScores::default();
    let mut confidences: Vec<(f32, bool)> = Vec::new();
    for (path, gold) in gold_files.iter().zip(&golds) {
        let (left, right) = (&standards[&gold.left], &standards[&gold.right]);
        let found = engine.align_standards(left, right)?;
        let scores = score(&found, gold);
        confidences.extend(judged(&found, gold));
        total.add(&scores);
        overall.add(&scores);
        let class = pair_class(left, right);
        classes.entry(class.clone()).or_default().add(&scores);
        files.push(FileScores {
            gold: path.display().to_string(),
            left: gold.left.clone(),
            right: gold.right.clone(),
            class,
            scores,
        });
        if !perturbations {
            continue;
        }
        // Clauses to insert come from standards of other families.
        let donors: Vec<&Standard> = golds
            .iter()
            .filter(|o| o.left != gold.left)
            .map(|o| &standards[&o.right])
            .collect();
        for (n, kind) in Perturbation::ALL.into_iter().enumerate() {
            let seed = seed_of(&gold.right) ^ n as u64;
            let (changed, changed_gold) = perturb(right, gold, &donors, kind, seed);
            let found = engine.align_standards(left, &changed)?;
            let scores = score(&found, &changed_gold);
            tracing::debug!(
                left = %gold.left,
                right = %changed_gold.right,
                pairs_f1 = scores.pairs.f1,
                "perturbed pair"
            );
            confidences.extend(judged(&found, &changed_gold));
            overall.add(&scores);
            classes
                .entry(format!("perturbed:{}", kind.as_str()))
                .or_default()
                .add(&scores);
        }
    }
    Ok(AlignEvaluation {
        files,
        total,
        classes,
        overall,
        calibration: calibration(&confidences),
    })
}

/// The kind of pair, for the per-class figures.
fn pair_class(left: &Standard, right: &Standard) -> String {
    let numbered = |s: &Standard| {
        let n = s.clauses.iter().filter(|c| printed_number(&c.key)).count();
        n * 2 >= s.clauses.len()
    };
    if !numbered(left) || !numbered(right) {
        "unlabelled".into()
    } else if key_prior(&left.info, &right.info) == KeyPrior::Strong {
        "adoption".into()
    } else {
        "independent".into()
    }
}

/// A seed from a reference, so each pair's perturbations are reproducible.
fn seed_of(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// Each found group's confidence, and whether every one of its links is in the gold.
fn judged(found: &Alignment, gold: &Alignment) -> Vec<(f32, bool)> {
    let gold_links: HashSet<(&str, &str)> = gold.pairs.iter().flat_map(links).collect();
    found
        .pairs
        .iter()
        .map(|p| (p.score, links(p).iter().all(|l| gold_links.contains(l))))
        .collect()
}

fn calibration(judged: &[(f32, bool)]) -> Calibration {
    if judged.is_empty() {
        return Calibration::default();
    }
    let n = judged.len() as f64;
    let brier = judged
        .iter()
        .map(|&(c, r)| (c as f64 - if r { 1.0 } else { 0.0 }).powi(2))
        .sum::<f64>()
        / n;
    let mut bins = Vec::new();
    let mut ece = 0.0;
    for b in 0..10 {
        let from = b as f64 / 10.0;
        let inside: Vec<&(f32, bool)> = judged
            .iter()
            .filter(|(c, _)| ((*c as f64 * 10.0).floor() as usize).min(9) == b)
            .collect();
        if inside.is_empty() {
            continue;
        }
        let k = inside.len() as f64;
        let confidence = inside.iter().map(|(c, _)| *c as f64).sum::<f64>() / k;
        let right = inside.iter().filter(|(_, r)| *r).count() as f64 / k;
        ece += (confidence - right).abs() * k / n;
        bins.push(CalibrationBin {
            from,
            groups: inside.len(),
            confidence,
            right,
        });
    }
    Calibration {
        groups: judged.len(),
        brier,
        ece,
        bins,
    }
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

/// The `method` of a gold file that records pairs but no differences (parallel
/// translations): its differences are not scored.
pub const PAIRS_ONLY: &str = "pairs-only";

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
    let (fd, gd) = if gold.method == PAIRS_ONLY {
        (Vec::new(), Vec::new())
    } else {
        (flatten(found), flatten(gold))
    };
    let mut direction = Prf::from_counts(0, 0, 0);
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
            if hit.is_none() {
                log_unmatched("missed", &gold.pairs[*gi], gdiff);
            }
            if let Some((k, (_, fdiff))) = hit {
                used[k] = true;
                tp += 1;
                if kind == DiffKind::Value {
                    let (found, want) = (fdiff.direction, gdiff.direction);
                    let right = found.is_some() && found == want;
                    direction = direction.plus(Prf::from_counts(
                        usize::from(right),
                        usize::from(found.is_some() && !right),
                        usize::from(want.is_some() && !right),
                    ));
                }
            }
        }
        for (k, (fi, fdiff)) in f.iter().enumerate() {
            if !used[k] {
                log_unmatched("extra", &found.pairs[*fi], fdiff);
            }
        }
        if !f.is_empty() || !g.is_empty() {
            by_kind.insert(
                kind.as_str().to_string(),
                Prf::from_counts(tp, f.len() - tp, g.len() - tp),
            );
        }
    }
    let (found_one, gold_one) = (one_side(found), one_side(gold));
    for (left, key) in found_one.symmetric_difference(&gold_one) {
        tracing::debug!(
            side = if *left { "left" } else { "right" },
            %key,
            found = found_one.contains(&(*left, key.clone())),
            "one-side clause not in both"
        );
    }
    let differences = by_kind
        .values()
        .fold(Prf::from_counts(0, 0, 0), |a, b| a.plus(*b));
    AlignScores {
        pairs: set_prf(&all_links(found), &all_links(gold)),
        one_side: set_prf(&found_one, &gold_one),
        differences,
        by_kind,
        direction,
    }
}

/// A difference of the gold that was not found, or a found one the gold lacks.
fn log_unmatched(what: &str, pair: &AlignedPair, d: &Difference) {
    tracing::debug!(
        pair = ?pair.left,
        kind = d.kind.as_str(),
        left = d.left.as_deref().unwrap_or("-"),
        right = d.right.as_deref().unwrap_or("-"),
        "{what} difference"
    );
}

/// Whether a found difference states the same change as a gold one.
fn agree(found: &Difference, gold: &Difference) -> bool {
    let (l, r) = ((&found.left, &gold.left), (&found.right, &gold.right));
    let both = |f: &dyn Fn(&str, &str) -> bool| both_sides(l, f) && both_sides(r, f);
    match gold.kind {
        DiffKind::Value | DiffKind::UnitOnly => both(&same_amount),
        DiffKind::Strength => both(&same_word),
        DiffKind::Reference => {
            both(&|a: &str, b: &str| canonical_reference(a) == canonical_reference(b))
        }
        DiffKind::AddedText | DiffKind::RemovedText => both(&same_text),
    }
}

/// Whether a found and a gold value of one side agree under `f`, none on both
/// counting as agreement.
pub(super) fn both_sides(
    (found, gold): (&Option<String>, &Option<String>),
    f: &dyn Fn(&str, &str) -> bool,
) -> bool {
    match (found, gold) {
        (Some(a), Some(b)) => f(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// One amount printed two ways: spacing and the decimal mark aside, a bound sign
/// printed or not (`≤ 0.6`), and a unit the text leaves to a table's column or a
/// factor's word named or not (`8 s` / `8`, `2.25倍` / `2.25`), the tolerance that
/// follows a value printed or not (`150 °C ± 2 °C` / `150 °C`): gold files differ.
/// The numbers must agree. A value in words (a required language) matches a name it
/// contains or that contains it (`规范汉字` / `汉字`).
pub(super) fn same_amount(a: &str, b: &str) -> bool {
    let bound = ['≤', '≥', '<', '>', '⩽', '⩾'];
    if !a.contains(|c: char| c.is_ascii_digit()) && !b.contains(|c: char| c.is_ascii_digit()) {
        return same_text(a, b);
    }
    let (a, b) = (notation(a), notation(b));
    let (a, b) = (a.trim_start_matches(bound), b.trim_start_matches(bound));
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short).is_some_and(|rest| {
        rest.is_empty()
            || rest.starts_with('±')
            || (short.ends_with(|c: char| c.is_ascii_digit())
                && !rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
    })
}

/// One modal named with its negation or by its base word (`不应` / `应`,
/// `should not` / `should`).
pub(super) fn same_word(a: &str, b: &str) -> bool {
    same_text(a, b)
}

/// One text contains the other.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (notation(a), notation(b));
    a.contains(&b) || b.contains(&a)
}

/// Lower case, no white space, `.` as decimal mark.
fn notation(s: &str) -> String {
    crate::align::units::notation(s).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_amount_printed_two_ways_matches_and_another_does_not() {
        assert!(same_amount("≤ 0,6 %", "0.6 %"));
        assert!(same_amount("8", "8 s"));
        assert!(same_amount("150 °C ± 2 °C", "150 °C"));
        assert!(same_amount("规范汉字", "汉字"));
        assert!(!same_amount("150 °C", "15 °C"));
        assert!(!same_amount("1.6", "16"));
        assert!(!same_amount("ภาษาไทย", "汉字"));
    }
}
