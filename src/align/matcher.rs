//! Pairs the clauses of two standards. Every clause ends up in exactly one place: an
//! aligned group (1:1, or a clause with its sub-clauses merged on one side, 1:n / n:1),
//! or one side only.
//!
//! Embedding similarity alone is weak between clauses of one domain (every cosine is
//! high), so each pair's score adds evidence from structure:
//! - cross-lingual similarity as a *margin* over each clause's typical neighbours
//!   (CSLS-style), so a generic clause that is close to everything scores low;
//! - equal clause keys, a strong prior when both standards adopt the same
//!   international standard with few changes (IDT/MOD), a weak one otherwise;
//! - shared quantities (values with units) and shared referenced standards.
//!
//! A monotone dynamic programme (in the spirit of Vecalign/Bertalign) then finds the
//! best in-order alignment with skips and merges, and a second pass pairs clauses the
//! programme left over when they are each other's best match (moved clauses).

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Weight of the embedding margin.
const SEMANTIC: f32 = 8.0;
/// Bonus for equal keys when the standards adopt the same international text.
const KEY_ADOPTED: f32 = 0.9;
/// Bonus for equal keys otherwise.
const KEY_WEAK: f32 = 0.1;
/// Weight of the Jaccard overlap of quantities and of references.
const QUANTITIES: f32 = 0.4;
const REFERENCES: f32 = 0.4;
/// Score an aligned group must beat; a skip scores zero.
const THRESHOLD: f32 = 0.05;
/// Extra score a moved (out-of-order) pair needs over the threshold.
const MOVED_MARGIN: f32 = 0.35;
/// Cost of each clause merged into a group beyond the first, between adoptions of
/// one international text (elsewhere a merge costs nothing extra: it must only match
/// better than each of its clauses alone).
const STRONG_MERGE_PENALTY: f32 = 0.5;
/// A merged group may hold this many clauses on one side.
const MAX_GROUP: usize = 3;
/// Neighbours averaged for the similarity margin.
const MARGIN_K: usize = 4;

/// One clause as the matcher sees it.
#[derive(Debug, Clone)]
pub struct Item {
    /// Clause key (annex keys already language-independent).
    pub key: String,
    /// Nesting depth (1 = top level).
    pub depth: u32,
    /// Unit-length embedding of heading and text, when the index has one.
    pub vector: Option<Vec<f32>>,
    /// Quantities as `dimension:value` strings.
    pub quantities: HashSet<String>,
    /// Referenced standards, canonical and undated.
    pub references: HashSet<String>,
}

/// How the two standards relate, which sets the weight of equal keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPrior {
    /// Both adopt the same international standard (IDT or MOD): equal numbers mean
    /// the same clause almost always.
    Strong,
    /// Unrelated texts or a not-equivalent adoption: numbers say little.
    Weak,
}

/// An aligned group: indices into the left and right items.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Left clause indices (in order).
    pub left: Vec<usize>,
    /// Right clause indices (in order).
    pub right: Vec<usize>,
    /// Confidence in 0..1.
    pub confidence: f32,
    /// Found outside document order.
    pub moved: bool,
}

/// The matcher's answer.
#[derive(Debug, Clone, Default)]
pub struct Matching {
    /// Aligned groups in left document order.
    pub groups: Vec<Group>,
    /// Left clauses without a counterpart.
    pub left_only: Vec<usize>,
    /// Right clauses without a counterpart.
    pub right_only: Vec<usize>,
}

/// Pairs `left` with `right`.
pub fn align(left: &[Item], right: &[Item], prior: KeyPrior) -> Matching {
    let scorer = Scorer::new(left, right, prior);
    let n = left.len();
    let m = right.len();
    let left_runs = descendant_runs(left);
    let right_runs = descendant_runs(right);

    // Adoptions of one international text keep its numbering: a clause missing on one
    // side is far more often a national deletion or addition than a merge.
    let merge_penalty = match prior {
        KeyPrior::Strong => STRONG_MERGE_PENALTY,
        KeyPrior::Weak => 0.0,
    };
    // best[i][j]: best total over left[..i] and right[..j]; back: the move taken.
    let width = m + 1;
    let mut best = vec![f32::NEG_INFINITY; (n + 1) * width];
    let mut back = vec![(0u8, 0u8); (n + 1) * width];
    best[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = best[i * width + j];
            if here == f32::NEG_INFINITY {
                continue;
            }
            let mut relax = |a: usize, b: usize, gain: f32| {
                let cell = (i + a) * width + j + b;
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
                relax(1, 1, scorer.pair(i, j) - THRESHOLD);
                // A merge must match better than any of its clauses alone: the other
                // side then really holds the content of all of them.
                for extra in 1..left_runs[i].min(MAX_GROUP - 1).min(n - i - 1) + 1 {
                    let s = scorer.group(i..i + extra + 1, j..j + 1);
                    if (i..i + extra + 1).all(|x| s > scorer.pair(x, j)) {
                        relax(extra + 1, 1, s - THRESHOLD - merge_penalty * extra as f32);
                    }
                }
                for extra in 1..right_runs[j].min(MAX_GROUP - 1).min(m - j - 1) + 1 {
                    let s = scorer.group(i..i + 1, j..j + extra + 1);
                    if (j..j + extra + 1).all(|y| s > scorer.pair(i, y)) {
                        relax(1, extra + 1, s - THRESHOLD - merge_penalty * extra as f32);
                    }
                }
            }
        }
    }

    let mut groups = Vec::new();
    let mut left_used = vec![false; n];
    let mut right_used = vec![false; m];
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (a, b) = back[i * width + j];
        let (a, b) = (a as usize, b as usize);
        if a > 0 && b > 0 {
            let l: Vec<usize> = (i - a..i).collect();
            let r: Vec<usize> = (j - b..j).collect();
            let s = scorer.group(i - a..i, j - b..j);
            for &x in &l {
                left_used[x] = true;
            }
            for &y in &r {
                right_used[y] = true;
            }
            groups.push(Group {
                left: l,
                right: r,
                confidence: confidence(s),
                moved: false,
            });
        }
        i -= a;
        j -= b;
    }
    groups.reverse();

    // Moved clauses: leftovers that are each other's best leftover match.
    let free_left: Vec<usize> = (0..n).filter(|&x| !left_used[x]).collect();
    let free_right: Vec<usize> = (0..m).filter(|&y| !right_used[y]).collect();
    let best_of = |x: usize, among: &[usize], f: &dyn Fn(usize, usize) -> f32| {
        among
            .iter()
            .map(|&y| (y, f(x, y)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    };
    for &x in &free_left {
        let Some((y, s)) = best_of(x, &free_right, &|x, y| scorer.pair(x, y)) else {
            continue;
        };
        let back_best = best_of(y, &free_left, &|y, x| scorer.pair(x, y));
        if s > THRESHOLD + MOVED_MARGIN
            && back_best.is_some_and(|(bx, _)| bx == x)
            && !right_used[y]
        {
            left_used[x] = true;
            right_used[y] = true;
            groups.push(Group {
                left: vec![x],
                right: vec![y],
                confidence: confidence(s),
                moved: true,
            });
        }
    }
    groups.sort_by_key(|g| (g.left[0], g.right[0]));
    Matching {
        groups,
        left_only: (0..n).filter(|&x| !left_used[x]).collect(),
        right_only: (0..m).filter(|&y| !right_used[y]).collect(),
    }
}

/// Maps a group score to 0..1 (0.5 at the threshold).
fn confidence(score: f32) -> f32 {
    let c = 1.0 / (1.0 + (-(score - THRESHOLD) * 4.0).exp());
    (c * 100.0).round() / 100.0
}

/// For each clause, how many clauses right after it are its descendants.
fn descendant_runs(items: &[Item]) -> Vec<usize> {
    (0..items.len())
        .map(|i| {
            items[i + 1..]
                .iter()
                .take_while(|c| c.depth > items[i].depth)
                .count()
        })
        .collect()
}

/// Pair and group scores, precomputed so the programme's inner loop only reads
/// tables: every 1:1 score (in parallel), and for every run of up to [`MAX_GROUP`]
/// consecutive clauses on each side the norm of its summed vector, its mean margin
/// and its merged feature sets.
struct Scorer {
    m: usize,
    prior: KeyPrior,
    /// Cosines, row-major `left × right`; empty without vectors.
    cos: Vec<f32>,
    /// 1:1 scores, row-major `left × right`.
    pairs: Vec<f32>,
    /// `runs[i][k - 1]`: clauses `i..i + k` of one side as a group.
    left_runs: Vec<Vec<Run>>,
    right_runs: Vec<Vec<Run>>,
}

/// A run of consecutive clauses on one side, seen as one group.
#[derive(Debug, Clone)]
struct Run {
    /// Key of its first clause, interned in its comparable form.
    key: u32,
    /// Norm of the sum of its unit vectors.
    norm: f32,
    /// Mean of its clauses' typical top cosines to the other side.
    mean: f32,
    /// Union of its quantities and of its references, interned and sorted.
    quantities: Vec<u32>,
    references: Vec<u32>,
}

impl Scorer {
    fn new(left: &[Item], right: &[Item], prior: KeyPrior) -> Scorer {
        let (n, m) = (left.len(), right.len());
        let have_vectors = n > 0 && m > 0 && left.iter().chain(right).all(|c| c.vector.is_some());
        let cos: Vec<f32> = if have_vectors {
            left.par_iter()
                .flat_map_iter(|a| {
                    let a = a.vector.as_deref().unwrap_or_default();
                    right
                        .iter()
                        .map(move |b| crate::embed::dot(a, b.vector.as_deref().unwrap_or_default()))
                })
                .collect()
        } else {
            Vec::new()
        };
        let top_mean = |mut v: Vec<f32>| {
            let k = MARGIN_K.min(v.len()).max(1);
            v.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
            v.iter().take(k).sum::<f32>() / k as f32
        };
        let (left_mean, right_mean): (Vec<f32>, Vec<f32>) = if have_vectors {
            (
                (0..n)
                    .into_par_iter()
                    .map(|i| top_mean(cos[i * m..(i + 1) * m].to_vec()))
                    .collect(),
                (0..m)
                    .into_par_iter()
                    .map(|j| top_mean((0..n).map(|i| cos[i * m + j]).collect()))
                    .collect(),
            )
        } else {
            (vec![0.0; n], vec![0.0; m])
        };
        let mut interner = Interner::default();
        let left_runs = runs(left, &left_mean, &mut interner);
        let right_runs = runs(right, &right_mean, &mut interner);
        let mut scorer = Scorer {
            m,
            prior,
            cos,
            pairs: Vec::new(),
            left_runs,
            right_runs,
        };
        scorer.pairs = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let scorer = &scorer;
                (0..m).map(move |j| scorer.group(i..i + 1, j..j + 1))
            })
            .collect();
        scorer
    }

    fn pair(&self, i: usize, j: usize) -> f32 {
        self.pairs[i * self.m + j]
    }

    /// Score of aligning left clauses `l` with right clauses `r` as one group (runs
    /// of at most [`MAX_GROUP`] clauses).
    fn group(&self, l: std::ops::Range<usize>, r: std::ops::Range<usize>) -> f32 {
        let a = &self.left_runs[l.start][l.len() - 1];
        let b = &self.right_runs[r.start][r.len() - 1];
        let mut score = 0.0;
        if !self.cos.is_empty() {
            // cos(Σa, Σb) from the pairwise cosines and the norms of the sums.
            let dots: f32 = l
                .flat_map(|i| r.clone().map(move |j| (i, j)))
                .map(|(i, j)| self.cos[i * self.m + j])
                .sum();
            let cos = dots / (a.norm * b.norm).max(1e-6);
            score += SEMANTIC * (cos - (a.mean + b.mean) / 2.0);
        }
        if a.key == b.key {
            score += match self.prior {
                KeyPrior::Strong => KEY_ADOPTED,
                KeyPrior::Weak => KEY_WEAK,
            };
        }
        score += QUANTITIES * jaccard(&a.quantities, &b.quantities);
        score += REFERENCES * jaccard(&a.references, &b.references);
        score
    }
}

/// Every run of 1..=[`MAX_GROUP`] consecutive clauses, by start.
fn runs(items: &[Item], means: &[f32], interner: &mut Interner) -> Vec<Vec<Run>> {
    let keys: Vec<u32> = items
        .iter()
        .map(|c| interner.id(&comparable_key(&c.key)))
        .collect();
    let sets = |interner: &mut Interner, f: fn(&Item) -> &HashSet<String>| -> Vec<Vec<u32>> {
        items
            .iter()
            .map(|c| {
                let mut v: Vec<u32> = f(c).iter().map(|s| interner.id(s)).collect();
                v.sort_unstable();
                v
            })
            .collect()
    };
    let quantities = sets(interner, |c| &c.quantities);
    let references = sets(interner, |c| &c.references);
    let union = |sets: &[Vec<u32>]| -> Vec<u32> {
        let mut v: Vec<u32> = sets.concat();
        v.sort_unstable();
        v.dedup();
        v
    };
    (0..items.len())
        .map(|i| {
            (1..=MAX_GROUP.min(items.len() - i))
                .map(|k| {
                    let norm = if k == 1 {
                        1.0
                    } else {
                        let mut sum = items[i].vector.clone().unwrap_or_default();
                        for v in items[i + 1..i + k].iter().filter_map(|c| c.vector.as_ref()) {
                            for (s, x) in sum.iter_mut().zip(v) {
                                *s += x;
                            }
                        }
                        crate::embed::dot(&sum, &sum).sqrt()
                    };
                    Run {
                        key: keys[i],
                        norm,
                        mean: means[i..i + k].iter().sum::<f32>() / k as f32,
                        quantities: union(&quantities[i..i + k]),
                        references: union(&references[i..i + k]),
                    }
                })
                .collect()
        })
        .collect()
}

/// Numbers strings so feature sets compare as sorted integers.
#[derive(Default)]
struct Interner(HashMap<String, u32>);

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.0.get(s) {
            return id;
        }
        let id = self.0.len() as u32;
        self.0.insert(s.to_string(), id);
        id
    }
}

/// A key in the form that compares across national numbering habits: Thai annexes
/// are lettered ก, ข, ค … where others write A, B, C.
fn comparable_key(key: &str) -> String {
    const THAI: [char; 12] = ['ก', 'ข', 'ค', 'ง', 'จ', 'ฉ', 'ช', 'ซ', 'ฌ', 'ญ', 'ฎ', 'ฏ'];
    key.chars()
        .map(|c| match THAI.iter().position(|&t| t == c) {
            Some(i) => (b'A' + i as u8) as char,
            None => c,
        })
        .collect()
}

/// Jaccard overlap of two sorted sets.
fn jaccard(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f32 / (a.len() + b.len() - both) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, depth: u32, v: &[f32]) -> Item {
        let norm = crate::embed::dot(v, v).sqrt();
        Item {
            key: key.into(),
            depth,
            vector: Some(v.iter().map(|x| x / norm).collect()),
            quantities: HashSet::new(),
            references: HashSet::new(),
        }
    }

    fn keys(items: &[Item], idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| items[i].key.clone()).collect()
    }

    #[test]
    fn in_order_pairs_skips_and_a_merge_with_unrelated_numbering() {
        // Left: 1, 2, 2.1, 3, 4. Right (own numbering): a, b (= 2 + 2.1), x (new), c.
        let left = [
            item("1", 1, &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
            item("2", 1, &[0.0, 1.0, 0.2, 0.0, 0.0, 0.0]),
            item("2.1", 2, &[0.0, 0.2, 1.0, 0.0, 0.0, 0.0]),
            item("3", 1, &[0.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
            item("4", 1, &[0.0, 0.0, 0.0, 0.0, 0.0, 1.0]),
        ];
        let right = [
            item("a", 1, &[1.0, 0.05, 0.0, 0.0, 0.0, 0.0]),
            item("b", 1, &[0.0, 1.0, 1.0, 0.0, 0.0, 0.0]),
            item("x", 1, &[0.0, 0.0, 0.0, 0.0, 1.0, 0.0]),
            item("c", 1, &[0.0, 0.0, 0.05, 1.0, 0.0, 0.0]),
        ];
        let m = align(&left, &right, KeyPrior::Weak);
        let got: Vec<(Vec<String>, Vec<String>)> = m
            .groups
            .iter()
            .map(|g| (keys(&left, &g.left), keys(&right, &g.right)))
            .collect();
        let want = vec![
            (vec!["1".to_string()], vec!["a".to_string()]),
            (
                vec!["2".to_string(), "2.1".to_string()],
                vec!["b".to_string()],
            ),
            (vec!["3".to_string()], vec!["c".to_string()]),
        ];
        assert_eq!(got, want);
        assert_eq!(keys(&left, &m.left_only), ["4"]);
        assert_eq!(keys(&right, &m.right_only), ["x"]);
    }

    #[test]
    fn a_moved_clause_is_still_paired() {
        let left = [
            item("1", 1, &[1.0, 0.0, 0.0, 0.0]),
            item("2", 1, &[0.0, 1.0, 0.0, 0.0]),
            item("3", 1, &[0.0, 0.0, 1.0, 0.0]),
            item("4", 1, &[0.0, 0.0, 0.0, 1.0]),
        ];
        let right = [
            item("4", 1, &[0.0, 0.0, 0.0, 1.0]),
            item("1", 1, &[1.0, 0.0, 0.0, 0.0]),
            item("2", 1, &[0.0, 1.0, 0.0, 0.0]),
            item("3", 1, &[0.0, 0.0, 1.0, 0.0]),
        ];
        let m = align(&left, &right, KeyPrior::Weak);
        assert!(m.left_only.is_empty() && m.right_only.is_empty(), "{m:?}");
        let moved: Vec<&Group> = m.groups.iter().filter(|g| g.moved).collect();
        assert_eq!(moved.len(), 1);
        assert_eq!((moved[0].left[0], moved[0].right[0]), (3, 0));
    }
}
