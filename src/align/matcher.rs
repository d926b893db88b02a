//! Pairs the clauses of two standards. Every clause ends up in exactly one place: an
//! aligned group (1:1, or up to [`MAX_GROUP`] consecutive clauses a side merged into
//! one group), or one side only.
//!
//! Each candidate group is scored from evidence, none of which decides alone:
//! - cross-lingual similarity as a *margin* over each clause's typical neighbours
//!   (CSLS-style), so a generic clause that is close to everything scores low;
//! - equal printed clause numbers, weighted by how far the two texts agree (numbers
//!   are evidence, not the answer: the same number may mean another clause, and one
//!   inserted clause must not shift every following pair); strong between adoptions
//!   of one international text, weak otherwise; generated keys are no evidence;
//! - shared quantities (values with units) and shared referenced standards;
//! - the tree: a pair whose parents are aligned, or whose children are, gains.
//!
//! A monotone dynamic programme (in the spirit of Vecalign/Bertalign) finds the best
//! in-order alignment with skips and merges. Clauses it leaves over are aligned again
//! among themselves, in order, with a higher bar: that recovers requirements moved to
//! another section and whole sections in another order, with their merges. The
//! structural evidence needs an alignment to read parents from, so the whole
//! procedure runs twice: once without it, once with the first round's tree.

use rayon::prelude::*;

use std::collections::{HashMap, HashSet};

/// Weight of the embedding margin.
const SEMANTIC: f32 = 8.0;
/// Bonus for equal clause numbers when the standards adopt the same international
/// text, and otherwise; both are scaled by how far the texts agree.
const KEY_ADOPTED: f32 = 0.9;
const KEY_WEAK: f32 = 0.15;
/// Semantic score at which an equal number earns half its bonus, and how sharply
/// the share rises around it.
const KEY_AGREE_AT: f32 = -0.2;
const KEY_AGREE_SLOPE: f32 = 5.0;
/// How sharply an equal number loses its bonus as a clause next to either one
/// agrees better with the other (see `Scorer::unshifted`).
const KEY_SHIFT_SLOPE: f32 = 20.0;
/// Weight of the Jaccard overlap of quantities and of references.
const QUANTITIES: f32 = 0.4;
const REFERENCES: f32 = 0.4;
/// Bonus when the two clauses' parents are aligned with each other, and when their
/// children are (scaled by the share of children aligned across).
const PARENTS_ALIGNED: f32 = 0.25;
const CHILDREN_ALIGNED: f32 = 0.4;
/// Score an aligned group must beat; a skip scores zero.
const THRESHOLD: f32 = 0.05;
/// Score of a group that cannot be (a term entry with a requirement).
const UNRELATED: f32 = -10.0;
/// Extra score a group found among the clauses the in-order pass left over needs.
const MOVED_MARGIN: f32 = 0.0;
/// Extra score over the threshold a left-over clause needs to join the group of
/// its best counterpart.
const ATTACH_MARGIN: f32 = 0.3;
/// How far below the bar a sub-clause may score and still join the group its
/// parent shares with a clause that condenses the whole section, and how far below
/// its best counterpart that group's clause may be (see `Scorer::condensed_into`).
const CONDENSED_SLACK: f32 = 0.2;
const NEAR_BEST: f32 = 0.05;
/// Bonus for two clauses that are each other's best match (competitive linking):
/// in a standard whose clauses all share one domain every cosine is high and the
/// margin small, but being the mutual best is still evidence.
const MUTUAL_BEST: f32 = 0.15;
/// Weight of the mean of a section's descendants in its vector (its own is 1).
const CONTENTS: f32 = 0.5;
/// At most this many rounds among leftovers (each round takes one in-order chain
/// of what is left; a document of shuffled sections needs about one per section).
const LEFTOVER_ROUNDS: usize = 64;
/// Cost of each clause merged into a group beyond the first, between adoptions of
/// one international text, and otherwise (where a merge must also match better than
/// each of its clauses alone).
const STRONG_MERGE_PENALTY: f32 = 0.5;
const WEAK_MERGE_PENALTY: f32 = 0.15;
/// A merged group may hold this many clauses on one side.
pub const MAX_GROUP: usize = 3;
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
    /// Quantities as `dimension:value` strings, and the grades it names that the
    /// other standard has too (`grade:HRB:400`, see [`super::grades`]).
    pub quantities: HashSet<String>,
    /// The kinds of limit it sets, as `dimension:max` or `dimension:min`, once per
    /// limit (a clause with two upper time limits lists `time:max` twice).
    pub limits: Vec<String>,
    /// Referenced standards, canonical and undated.
    pub references: HashSet<String>,
    /// A term entry of a terms-and-definitions clause.
    pub term: bool,
    /// A foreword or introduction.
    pub front: bool,
    /// The annex of its own standard the clause only points to (see
    /// [`super::references::annex_pointer`]): its content is there.
    pub points_to: Option<String>,
    /// Unit-length embeddings of its sentences, when computed (between independent
    /// standards: one side's clause is often one sentence of a clause on the other).
    pub sentences: Vec<Vec<f32>>,
    /// The kinds of limit each of those sentences sets (as in `limits`).
    pub sentence_limits: Vec<Vec<String>>,
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
    /// Estimated probability that the group is right, 0..1.
    pub confidence: f32,
    /// Out of document order with the in-order backbone (a clause or section that
    /// moved).
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
    let (left_sections, right_sections) = (with_contents(left), with_contents(right));
    let (left, right) = (left_sections.as_slice(), right_sections.as_slice());
    let mut scorer = Scorer::new(left, right, prior);
    let first = scorer.run();
    scorer.add_structure(&first);
    let found = scorer.run();

    let (n, m) = (left.len(), right.len());
    if tracing::enabled!(tracing::Level::TRACE) {
        scorer.trace(&found, left, right);
    }
    let mut left_used = vec![false; n];
    let mut right_used = vec![false; m];
    let backbone: Vec<(usize, usize)> = found
        .iter()
        .filter(|f| f.round == 0)
        .map(|f| (f.left[0], f.right[0]))
        .collect();
    let mut groups: Vec<Group> = found
        .into_iter()
        .map(|f| {
            for &x in &f.left {
                left_used[x] = true;
            }
            for &y in &f.right {
                right_used[y] = true;
            }
            let (l, r) = (f.left[0], f.right[0]);
            Group {
                moved: f.round > 0 && backbone.iter().any(|&(bl, br)| (bl < l) != (br < r)),
                confidence: confidence(f.score),
                left: f.left,
                right: f.right,
            }
        })
        .collect();
    groups.sort_by_key(|g| (g.left[0], g.right[0]));
    Matching {
        groups,
        left_only: (0..n).filter(|&x| !left_used[x]).collect(),
        right_only: (0..m).filter(|&y| !right_used[y]).collect(),
    }
}

/// A section is known by its contents as much as by its heading (a heading alone is
/// a few words, and short texts compare poorly across languages): the vector of a
/// clause with sub-clauses becomes its own plus the mean of its descendants'.
fn with_contents(items: &[Item]) -> Vec<Item> {
    let mut out = items.to_vec();
    for (i, item) in items.iter().enumerate() {
        let Some(own) = &item.vector else { continue };
        let descendants: Vec<&Vec<f32>> = items[i + 1..]
            .iter()
            .take_while(|c| c.depth > item.depth)
            .filter_map(|c| c.vector.as_ref())
            .collect();
        if descendants.is_empty() {
            continue;
        }
        let k = descendants.len() as f32;
        let mut v = own.clone();
        for d in descendants {
            for (x, y) in v.iter_mut().zip(d) {
                *x += CONTENTS * y / k;
            }
        }
        crate::embed::normalize(&mut v);
        out[i].vector = Some(v);
    }
    out
}

/// Maps a group's score to the probability that it is right: a logistic curve
/// fitted on the development benchmark (`stdalign eval align` prints how well it
/// holds: the mean confidence against the share of groups right, per bin).
fn confidence(score: f32) -> f32 {
    super::round2(super::sigmoid((score - CONFIDENCE_AT) * CONFIDENCE_SLOPE))
}

/// The logistic calibration of [`confidence`], fitted on the groups `eval align`
/// finds on the development benchmark (gold files and their perturbations).
const CONFIDENCE_SLOPE: f32 = 2.0;
const CONFIDENCE_AT: f32 = -1.2;

/// A group the programme chose, before it becomes a [`Group`].
#[derive(Debug, Clone)]
struct Found {
    left: Vec<usize>,
    right: Vec<usize>,
    score: f32,
    /// 0 for the in-order pass, then each round among leftovers.
    round: usize,
}

impl Found {
    /// Adds clause `k` of the left (or right) side, keeping the side in order.
    fn join(&mut self, left: bool, k: usize) {
        let side = if left {
            &mut self.left
        } else {
            &mut self.right
        };
        side.push(k);
        side.sort_unstable();
    }
}

/// Whether a key's agreement is evidence: a printed clause number, or a named
/// front-matter part; generated keys and section ids are not.
pub fn printed_number(key: &str) -> bool {
    crate::model::is_printed_number(key)
        || matches!(
            key,
            "foreword" | "introduction" | "intro" | "preface" | "scope" | "bibliography"
        )
}

/// Pair and group scores, precomputed so the programme's inner loop only reads
/// tables: every 1:1 score (in parallel), and for every run of up to [`MAX_GROUP`]
/// consecutive clauses on each side the norm of its summed vector, its mean margin
/// and its merged feature sets.
struct Scorer {
    n: usize,
    m: usize,
    prior: KeyPrior,
    /// Bonus for equal printed numbers (before scaling by the texts' agreement).
    key_weight: f32,
    /// Cosines, row-major `left × right`; empty without vectors.
    cos: Vec<f32>,
    /// 1:1 scores, row-major `left × right`, structure included once known.
    pairs: Vec<f32>,
    /// Structural bonus per pair, row-major; empty before the first round.
    structure: Vec<f32>,
    /// Pairs that are each other's best match.
    mutual: Vec<(usize, usize)>,
    /// `runs[i][k - 1]`: clauses `i..i + k` of one side as a group.
    left_runs: Vec<Vec<Run>>,
    right_runs: Vec<Vec<Run>>,
    /// For each clause, the clause of the other side printing its number.
    left_namesake: Vec<Option<usize>>,
    right_namesake: Vec<Option<usize>>,
    /// How many clauses a group starting at each clause may hold (its following
    /// siblings and descendants, up to [`MAX_GROUP`]).
    left_span: Vec<usize>,
    right_span: Vec<usize>,
    left_tree: Tree,
    right_tree: Tree,
    /// Which clauses are term entries, and which forewords or introductions.
    left_term: Vec<bool>,
    right_term: Vec<bool>,
    left_front: Vec<bool>,
    right_front: Vec<bool>,
    /// Per clause, the annex of its own side it only points to.
    left_pointer: Vec<Option<usize>>,
    right_pointer: Vec<Option<usize>>,
    /// Per clause, the other side's clause holding its sentence (see
    /// [`sentence_homes`]).
    left_home: Vec<Option<usize>>,
    right_home: Vec<Option<usize>>,
    /// Per clause, the clause of the other side holding the sentence that sets the
    /// same kinds of limit and matches it best ([`limit_sentence_homes`]).
    left_limit_home: Vec<Option<usize>>,
    right_limit_home: Vec<Option<usize>>,
    /// The clause keys of each side, for the trace.
    keys: [Vec<String>; 2],
    /// The kinds of limit each clause sets, per side (see [`Item::limits`]).
    limits: [Vec<Vec<String>>; 2],
}

/// For each clause, the clause of its own side holding the annex it only points to.
fn pointers(items: &[Item]) -> Vec<Option<usize>> {
    items
        .iter()
        .map(|c| {
            let annex = comparable_key(c.points_to.as_deref()?);
            items.iter().position(|a| comparable_key(&a.key) == annex)
        })
        .collect()
}

/// For each clause of `own`, the clause of `other` holding the sentence it matches
/// best, when that sentence in turn matches it best of all `own`'s clauses: a
/// mutual best match between a whole clause and one sentence of the other side.
/// Independent standards often write as one clause what the other states in a
/// sentence of a larger one (GB 175's soundness limit is the last sentence of MS
/// 522's test-method clause on setting time and soundness), and the clause-level
/// similarity of such a pair is diluted by the rest of the larger clause.
fn sentence_homes(own: &[Item], other: &[Item], links: &[(usize, usize)]) -> Vec<Option<usize>> {
    let sentences: Vec<(usize, &[f32])> = other
        .iter()
        .enumerate()
        .flat_map(|(y, c)| c.sentences.iter().map(move |t| (y, t.as_slice())))
        .collect();
    if sentences.is_empty() {
        return vec![None; own.len()];
    }
    let dot = crate::embed::dot;
    let best_own: Vec<Option<usize>> = sentences
        .iter()
        .map(|(_, t)| {
            own.iter()
                .enumerate()
                .filter_map(|(x, c)| c.vector.as_deref().map(|v| (x, dot(v, t))))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|best| best.0)
        })
        .collect();
    own.iter()
        .enumerate()
        .map(|(x, c)| {
            let v = c.vector.as_deref()?;
            let (k, sim) = sentences
                .iter()
                .enumerate()
                .map(|(k, (_, t))| (k, dot(v, t)))
                .max_by(|a, b| a.1.total_cmp(&b.1))?;
            // The sentence must say it more sharply than any whole clause does.
            let whole = other
                .iter()
                .filter_map(|o| o.vector.as_deref().map(|w| dot(v, w)))
                .fold(f32::NEG_INFINITY, f32::max);
            tracing::trace!(
                "sentence home of {}: a sentence of {} at {sim:.3} (best clause {whole:.3}), \
                 whose best is {:?}",
                c.key,
                other[sentences[k].0].key,
                best_own[k].map(|b| &own[b].key)
            );
            (best_own[k] == Some(x) && sim > whole).then_some(sentences[k].0)
        })
        .zip(list_homes(own, links))
        .map(|(one, several)| one.or(several))
        .collect()
}

/// For each clause of `own` that sets limits, the clause of `other` holding the
/// sentence that sets limits of all those kinds and, among such sentences, matches
/// the clause best, when the clause is in turn that sentence's best match among
/// `own`'s clauses whose limits it sets. Independent standards put a requirement's
/// limit in different places (GB 175 gives soundness a clause of its own, MS 522 a
/// sentence at the end of its test-method clause); kinds of limit are few, so the
/// kind alone ties nothing, but it narrows the sentences a clause is compared with
/// to those that can be its counterpart.
fn limit_sentence_homes(own: &[Item], other: &[Item]) -> Vec<Option<usize>> {
    // Whether `have` holds every kind of `want`, as often.
    fn covers(have: &[String], want: &[String]) -> bool {
        let mut left: Vec<&String> = have.iter().collect();
        want.iter()
            .all(|w| match left.iter().position(|h| *h == w) {
                Some(at) => {
                    left.swap_remove(at);
                    true
                }
                None => false,
            })
    }
    let sentences: Vec<(usize, &[f32], &[String])> = other
        .iter()
        .enumerate()
        .flat_map(|(y, c)| {
            c.sentences
                .iter()
                .zip(&c.sentence_limits)
                .filter(|(_, l)| !l.is_empty())
                .map(move |(v, l)| (y, v.as_slice(), l.as_slice()))
        })
        .collect();
    let dot = crate::embed::dot;
    own.iter()
        .enumerate()
        .map(|(x, c)| {
            if c.limits.is_empty() {
                return None;
            }
            let v = c.vector.as_deref()?;
            let (y, t, l) = sentences
                .iter()
                .filter(|(_, _, l)| covers(l, &c.limits))
                .max_by(|a, b| dot(v, a.1).total_cmp(&dot(v, b.1)))?;
            let best_own = own
                .iter()
                .enumerate()
                .filter(|(_, o)| !o.limits.is_empty() && covers(l, &o.limits))
                .filter_map(|(z, o)| o.vector.as_deref().map(|w| (z, dot(w, t))))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|b| b.0);
            tracing::trace!(
                "limit home of {}: a sentence of {} ({:?}), whose best is {:?}",
                c.key,
                other[*y].key,
                l,
                best_own.map(|b| &own[b].key)
            );
            (best_own == Some(x)).then_some(*y)
        })
        .collect()
}

/// For each clause of `own` with several sentences, the clause of the other side
/// holding most of them: at least two of its sentences, and more than half, are each
/// the mutual best match of a sentence there. Independent standards write a list
/// (the items of a marking) as a clause of its own on one side and inside a larger
/// clause on the other (with the label's place and language, the instructions);
/// item for item the two say the same, while the whole clauses compare poorly.
/// `links` are the mutual best sentence pairs as (own clause, other clause).
fn list_homes(own: &[Item], links: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut votes: Vec<HashMap<usize, usize>> = vec![HashMap::new(); own.len()];
    for &(x, y) in links {
        *votes[x].entry(y).or_default() += 1;
    }
    own.iter()
        .zip(votes)
        .map(|(c, votes)| {
            let (y, n) = votes
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
            (c.sentences.len() >= 2 && n >= 2 && 2 * n > c.sentences.len()).then_some(y)
        })
        .collect()
}

/// The sentence pairs, one sentence per side, each the other's best match, as
/// (left clause, right clause) per pair. One pass over all pairs of sentences finds
/// both sides' best at once: it is the costliest step of aligning two long
/// independent standards, and the relation is the same seen from either side.
fn mutual_sentences(left: &[Item], right: &[Item]) -> Vec<(usize, usize)> {
    fn sentences(side: &[Item]) -> Vec<(usize, &[f32])> {
        side.iter()
            .enumerate()
            .flat_map(|(x, c)| c.sentences.iter().map(move |t| (x, t.as_slice())))
            .collect()
    }
    let (ls, rs) = (sentences(left), sentences(right));
    let mut row = vec![(usize::MAX, f32::NEG_INFINITY); ls.len()];
    let mut col = vec![(usize::MAX, f32::NEG_INFINITY); rs.len()];
    for (i, (_, t)) in ls.iter().enumerate() {
        for (k, (_, u)) in rs.iter().enumerate() {
            let d = crate::embed::dot(t, u);
            if d > row[i].1 {
                row[i] = (k, d);
            }
            if d > col[k].1 {
                col[k] = (i, d);
            }
        }
    }
    row.iter()
        .enumerate()
        .filter(|&(i, &(k, _))| k != usize::MAX && col[k].0 == i)
        .map(|(i, &(k, _))| (ls[i].0, rs[k].0))
        .collect()
}

/// Parents and children of one side's clauses, from their depths.
struct Tree {
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
}

impl Tree {
    fn of(items: &[Item]) -> Tree {
        let mut parent = vec![None; items.len()];
        let mut children = vec![Vec::new(); items.len()];
        let mut open: Vec<usize> = Vec::new();
        for (i, c) in items.iter().enumerate() {
            while open.last().is_some_and(|&p| items[p].depth >= c.depth) {
                open.pop();
            }
            if let Some(&p) = open.last() {
                parent[i] = Some(p);
                children[p].push(i);
            }
            open.push(i);
        }
        Tree { parent, children }
    }
}

/// One side of the alignment as [`Scorer::attach`] sees it, with the other.
struct Sides<'a> {
    left: bool,
    tree: &'a Tree,
    groups: &'a [usize],
    term: &'a [bool],
    front: &'a [bool],
    home: &'a [Option<usize>],
    limit_sentence: &'a [Option<usize>],
    pointer: &'a [Option<usize>],
    other_tree: &'a Tree,
    other_groups: &'a [usize],
}

impl Sides<'_> {
    /// The other side's members of a group.
    fn other_of<'f>(&self, f: &'f Found) -> &'f [usize] {
        if self.left { &f.right } else { &f.left }
    }

    /// The best of a clause's scores (`scores[y]` against the other side's clause
    /// `y`) among the other side's members of a group.
    fn to_group(&self, f: &Found, scores: &[f32]) -> f32 {
        self.other_of(f)
            .iter()
            .map(|&y| scores[y])
            .fold(f32::NEG_INFINITY, f32::max)
    }
}

/// A run of consecutive clauses on one side, seen as one group.
#[derive(Debug, Clone)]
struct Run {
    /// Key of its first clause, interned in its comparable form, when it is a
    /// printed number.
    key: Option<u32>,
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
        let namesakes = |own: &[Vec<Run>], other: &[Vec<Run>]| -> Vec<Option<usize>> {
            let mut at: HashMap<u32, usize> = HashMap::new();
            for (y, r) in other.iter().enumerate() {
                if let Some(k) = r[0].key {
                    at.entry(k).or_insert(y);
                }
            }
            own.iter()
                .map(|r| r[0].key.and_then(|k| at.get(&k).copied()))
                .collect()
        };
        let left_namesake = namesakes(&left_runs, &right_runs);
        let right_namesake = namesakes(&right_runs, &left_runs);
        let links = mutual_sentences(left, right);
        let flipped: Vec<(usize, usize)> = links.iter().map(|&(x, y)| (y, x)).collect();
        let mut scorer = Scorer {
            n,
            m,
            prior,
            key_weight: match prior {
                KeyPrior::Strong => KEY_ADOPTED,
                KeyPrior::Weak => KEY_WEAK,
            },
            cos,
            pairs: Vec::new(),
            structure: Vec::new(),
            mutual: Vec::new(),
            left_runs,
            right_runs,
            left_namesake,
            right_namesake,
            left_span: spans(left),
            right_span: spans(right),
            left_tree: Tree::of(left),
            right_tree: Tree::of(right),
            left_term: left.iter().map(|c| c.term).collect(),
            right_term: right.iter().map(|c| c.term).collect(),
            left_front: left.iter().map(|c| c.front).collect(),
            right_front: right.iter().map(|c| c.front).collect(),
            left_pointer: pointers(left),
            right_pointer: pointers(right),
            left_home: sentence_homes(left, right, &links),
            right_home: sentence_homes(right, left, &flipped),
            left_limit_home: limit_sentence_homes(left, right),
            right_limit_home: limit_sentence_homes(right, left),
            keys: [left, right].map(|side| side.iter().map(|c| c.key.clone()).collect()),
            limits: [left, right].map(|side| side.iter().map(|c| c.limits.clone()).collect()),
        };
        scorer.key_weight = scorer.numbering_reliability();
        scorer.pairs = scorer.all_pairs();
        if n > 1 && m > 1 && !scorer.cos.is_empty() {
            // The strict best of each row and column (a tie is no evidence), and
            // more similar than the average clause (the least bad of unrelated
            // clauses is no evidence either).
            let strict_best = |scores: &mut dyn Iterator<Item = (usize, f32)>| {
                let mut best = (usize::MAX, f32::NEG_INFINITY);
                let mut second = f32::NEG_INFINITY;
                for (k, s) in scores {
                    if s > best.1 {
                        second = best.1;
                        best = (k, s);
                    } else if s > second {
                        second = s;
                    }
                }
                (best.1 > second).then_some(best.0)
            };
            let row_avg: Vec<f32> = (0..n)
                .map(|i| scorer.cos[i * m..(i + 1) * m].iter().sum::<f32>() / m as f32)
                .collect();
            let col_avg: Vec<f32> = (0..m)
                .map(|j| (0..n).map(|i| scorer.cos[i * m + j]).sum::<f32>() / n as f32)
                .collect();
            let row_best: Vec<Option<usize>> = (0..n)
                .map(|i| strict_best(&mut (0..m).map(|j| (j, scorer.pair(i, j)))))
                .collect();
            let col_best: Vec<Option<usize>> = (0..m)
                .map(|j| strict_best(&mut (0..n).map(|i| (i, scorer.pair(i, j)))))
                .collect();
            scorer.mutual = row_best
                .into_iter()
                .enumerate()
                .filter_map(|(i, j)| Some((i, j?)))
                .filter(|&(i, j)| col_best[j] == Some(i))
                .filter(|&(i, j)| {
                    let c = scorer.cos[i * m + j];
                    c > row_avg[i] && c > col_avg[j]
                })
                .collect();
            for &(i, j) in &scorer.mutual {
                scorer.pairs[i * m + j] += MUTUAL_BEST;
            }
        }
        scorer
    }

    /// How far equal numbers mean equal clauses in two documents that the metadata
    /// says adopt one text, measured on the documents themselves: the share of
    /// equal-number pairs whose texts are closer than their typical neighbours,
    /// scaled to the bonus. Adoptions that kept the numbering score near 1, a
    /// renumbered edition near 0; without vectors the metadata's prior stands.
    /// (Between independent texts the weak bonus stays: measuring it there lost more
    /// than it gained on the development benchmark.)
    fn numbering_reliability(&self) -> f32 {
        if self.cos.is_empty() || self.prior == KeyPrior::Weak {
            return self.key_weight;
        }
        let mut agree = 0usize;
        let mut total = 0usize;
        for i in 0..self.n {
            let Some(key) = self.left_runs[i][0].key else {
                continue;
            };
            for j in (0..self.m).filter(|&j| self.right_runs[j][0].key == Some(key)) {
                total += 1;
                if self.semantic(i, j) > 0.0 {
                    agree += 1;
                }
            }
        }
        if total < 3 {
            return self.key_weight;
        }
        KEY_ADOPTED * agree as f32 / total as f32
    }

    fn all_pairs(&self) -> Vec<f32> {
        (0..self.n)
            .into_par_iter()
            .flat_map_iter(|i| (0..self.m).map(move |j| self.group(i..i + 1, j..j + 1)))
            .collect()
    }

    fn pair(&self, i: usize, j: usize) -> f32 {
        self.pairs[i * self.m + j]
    }

    /// Adds the evidence of the tree as the first round aligned it: parents aligned
    /// with each other, children aligned across.
    fn add_structure(&mut self, found: &[Found]) {
        let mut left_group = vec![usize::MAX; self.n];
        let mut right_group = vec![usize::MAX; self.m];
        for (g, f) in found.iter().enumerate() {
            for &x in &f.left {
                left_group[x] = g;
            }
            for &y in &f.right {
                right_group[y] = g;
            }
        }
        let (lt, rt) = (&self.left_tree, &self.right_tree);
        let structure: Vec<f32> = (0..self.n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let (left_group, right_group) = (&left_group, &right_group);
                (0..self.m).map(move |j| {
                    let mut bonus = 0.0;
                    if let (Some(p), Some(q)) = (lt.parent[i], rt.parent[j])
                        && left_group[p] != usize::MAX
                        && left_group[p] == right_group[q]
                    {
                        bonus += PARENTS_ALIGNED;
                    }
                    let (a, b) = (&lt.children[i], &rt.children[j]);
                    if !a.is_empty() && !b.is_empty() {
                        let shared = a
                            .iter()
                            .filter(|&&c| {
                                left_group[c] != usize::MAX
                                    && b.iter().any(|&d| right_group[d] == left_group[c])
                            })
                            .count();
                        bonus += CHILDREN_ALIGNED * shared as f32 / a.len().max(b.len()) as f32;
                    }
                    bonus
                })
            })
            .collect();
        self.structure = structure;
        self.pairs = self.all_pairs();
        for &(i, j) in &self.mutual {
            self.pairs[i * self.m + j] += MUTUAL_BEST;
        }
    }

    /// Logs, for every clause left without a counterpart, its best candidates.
    fn trace(&self, found: &[Found], left: &[Item], right: &[Item]) {
        // Each side's clauses outside every group, with their three best
        // counterparts (`score(own, other)` is the pair's score).
        let unpaired = |side: &str,
                        own: &[Item],
                        other: &[Item],
                        members: &dyn Fn(&Found) -> &[usize],
                        score: &dyn Fn(usize, usize) -> f32| {
            let used: HashSet<usize> = found.iter().flat_map(|f| members(f).to_vec()).collect();
            for x in (0..own.len()).filter(|x| !used.contains(x)) {
                let mut best: Vec<(usize, f32)> =
                    (0..other.len()).map(|y| (y, score(x, y))).collect();
                best.sort_by(|a, b| b.1.total_cmp(&a.1));
                let shown: Vec<String> = best
                    .iter()
                    .take(3)
                    .map(|&(y, s)| format!("{} {s:.2}", other[y].key))
                    .collect();
                tracing::trace!("{side}-only {}: best {}", own[x].key, shown.join(", "));
            }
        };
        unpaired("left", left, right, &|f| &f.left, &|i, j| self.pair(i, j));
        unpaired("right", right, left, &|f| &f.right, &|j, i| self.pair(i, j));
        for f in found {
            let keys = |v: &[usize], items: &[Item]| {
                v.iter()
                    .map(|&x| items[x].key.as_str())
                    .collect::<Vec<_>>()
                    .join("+")
            };
            tracing::trace!(
                "group {} <-> {}: {:.2} (round {})",
                keys(&f.left, left),
                keys(&f.right, right),
                f.score,
                f.round
            );
        }
    }

    /// The in-order pass over every clause, then rounds over what it left.
    fn run(&self) -> Vec<Found> {
        let mut found = self.front_matter();
        found.extend(self.terms());
        let (mut left_taken, mut right_taken) = (vec![false; self.n], vec![false; self.m]);
        for f in &found {
            f.left.iter().for_each(|&x| left_taken[x] = true);
            f.right.iter().for_each(|&y| right_taken[y] = true);
        }
        let all_left: Vec<usize> = (0..self.n).filter(|&x| !left_taken[x]).collect();
        let all_right: Vec<usize> = (0..self.m).filter(|&y| !right_taken[y]).collect();
        found.extend(self.monotone(&all_left, &all_right, THRESHOLD, 0, &|_, _| true));
        // A pair out of the document order has no order to vouch for it: one of
        // its clauses must have no better counterpart anywhere. Otherwise two
        // left-overs pair because each lost its true counterpart to a split or a
        // merge (GB 811's flame test with the TIS text's sample preparation, whose
        // true counterpart is the conditioning clause it was split from).
        let best = |count: usize, score: &dyn Fn(usize) -> f32| {
            (0..count)
                .max_by(|&a, &b| score(a).total_cmp(&score(b)))
                .unwrap_or(0)
        };
        let row_best: Vec<usize> = (0..self.n)
            .map(|i| best(self.m, &|j| self.pair(i, j)))
            .collect();
        let col_best: Vec<usize> = (0..self.m)
            .map(|j| best(self.n, &|i| self.pair(i, j)))
            .collect();
        let vouched = |i: usize, j: usize| row_best[i] == j || col_best[j] == i;
        for round in 1..=LEFTOVER_ROUNDS {
            let mut left_used = vec![false; self.n];
            let mut right_used = vec![false; self.m];
            for f in &found {
                f.left.iter().for_each(|&x| left_used[x] = true);
                f.right.iter().for_each(|&y| right_used[y] = true);
            }
            let free_left: Vec<usize> = (0..self.n).filter(|&x| !left_used[x]).collect();
            let free_right: Vec<usize> = (0..self.m).filter(|&y| !right_used[y]).collect();
            if free_left.is_empty() || free_right.is_empty() {
                break;
            }
            let more = self.monotone(
                &free_left,
                &free_right,
                THRESHOLD + MOVED_MARGIN,
                round,
                &vouched,
            );
            if more.is_empty() {
                break;
            }
            found.extend(more);
        }
        self.attach(&mut found);
        found
    }

    /// Forewords with forewords and introductions with introductions (equal keys,
    /// one each side): they play one role in every standard, whatever their wording,
    /// which tells each standard's own history and so compares poorly.
    fn front_matter(&self) -> Vec<Found> {
        let fronts = |flags: &[bool], runs: &[Vec<Run>]| -> Vec<(usize, u32)> {
            (0..flags.len())
                .filter(|&x| flags[x])
                .filter_map(|x| Some((x, runs[x][0].key?)))
                .collect()
        };
        let (l, r) = (
            fronts(&self.left_front, &self.left_runs),
            fronts(&self.right_front, &self.right_runs),
        );
        let once = |v: &[(usize, u32)], key: u32| v.iter().filter(|f| f.1 == key).count() == 1;
        l.iter()
            .filter(|&&(_, key)| once(&l, key) && once(&r, key))
            .filter_map(|&(x, key)| {
                let &(y, _) = r.iter().find(|f| f.1 == key)?;
                Some(Found {
                    left: vec![x],
                    right: vec![y],
                    score: self.pair(x, y).max(THRESHOLD),
                    round: 0,
                })
            })
            .collect()
    }

    /// Term entries of independent standards, paired by the best total score without
    /// regard to order: each standard orders its terms its own way (alphabetically
    /// in its language, or by concept), so the in-order pass would pair them by
    /// position. Adoptions of one text keep its order and go through that pass.
    fn terms(&self) -> Vec<Found> {
        if self.prior == KeyPrior::Strong || self.cos.is_empty() {
            return Vec::new();
        }
        let (lt, rt): (Vec<usize>, Vec<usize>) = (
            (0..self.n).filter(|&x| self.left_term[x]).collect(),
            (0..self.m).filter(|&y| self.right_term[y]).collect(),
        );
        if lt.len() < 2 || rt.len() < 2 {
            return Vec::new();
        }
        let gains: Vec<Vec<f32>> = lt
            .iter()
            .map(|&x| {
                rt.iter()
                    .map(|&y| (self.pair(x, y) - THRESHOLD).max(0.0))
                    .collect()
            })
            .collect();
        super::assign::best_pairs(&gains)
            .into_iter()
            .filter(|&(a, b)| gains[a][b] > 0.0)
            .map(|(a, b)| Found {
                left: vec![lt[a]],
                right: vec![rt[b]],
                score: self.pair(lt[a], rt[b]),
                round: 0,
            })
            .collect()
    }

    /// Joins each clause still left over to the group of its best counterpart when
    /// that pair is evidence enough on its own: a requirement split off to another
    /// section (the limit stated in the test method) belongs with its counterpart
    /// even though the two halves are not neighbours.
    fn attach(&self, found: &mut [Found]) {
        // Numbers, quantities and references alone are too thin to tie a clause to
        // a group it is not in order with: without vectors nothing is attached.
        if self.cos.is_empty() {
            return;
        }
        // Joins enable joins (a section that joins brings its sub-clauses after
        // it), so the passes repeat until none is made; each pass joins at least one
        // left-over clause, so this ends.
        loop {
            let mut left_group = vec![usize::MAX; self.n];
            let mut right_group = vec![usize::MAX; self.m];
            for (g, f) in found.iter().enumerate() {
                f.left.iter().for_each(|&x| left_group[x] = g);
                f.right.iter().for_each(|&y| right_group[y] = g);
            }
            let mut joins = self.attach_side(
                &Sides {
                    left: true,
                    tree: &self.left_tree,
                    groups: &left_group,
                    term: &self.left_term,
                    front: &self.left_front,
                    home: &self.left_home,
                    limit_sentence: &self.left_limit_home,
                    pointer: &self.left_pointer,
                    other_tree: &self.right_tree,
                    other_groups: &right_group,
                },
                found,
                |x, y| self.pair(x, y),
            );
            joins.extend(self.attach_side(
                &Sides {
                    left: false,
                    tree: &self.right_tree,
                    groups: &right_group,
                    term: &self.right_term,
                    front: &self.right_front,
                    home: &self.right_home,
                    limit_sentence: &self.right_limit_home,
                    pointer: &self.right_pointer,
                    other_tree: &self.left_tree,
                    other_groups: &left_group,
                },
                found,
                |y, x| self.pair(x, y),
            ));
            if joins.is_empty() {
                break;
            }
            for (g, left, k) in joins {
                found[g].join(left, k);
            }
        }
        self.extend_groups(found);
    }

    /// The groups the left-over clauses of one side join, as `(group, left side?,
    /// clause)`; `pair(own, other)` scores a clause of this side against one of the
    /// other.
    fn attach_side(
        &self,
        s: &Sides,
        found: &[Found],
        pair: impl Fn(usize, usize) -> f32,
    ) -> Vec<(usize, bool, usize)> {
        let bar = THRESHOLD + ATTACH_MARGIN;
        // A section whose sub-clauses all sit in one group belongs there on the
        // pair's own evidence (its heading introduces what the group holds).
        let children_in = |x: usize, g: usize| {
            let children = &s.tree.children[x];
            !children.is_empty() && children.iter().all(|&c| s.groups[c] == g)
        };
        // So does a clause whose sibling right before or after it is in that group:
        // the other side merged the two.
        let sibling_in = |x: usize, g: usize| {
            [x.wrapping_sub(1), x + 1].into_iter().any(|y| {
                y < s.groups.len() && s.groups[y] == g && s.tree.parent[y] == s.tree.parent[x]
            })
        };
        let mut joins = Vec::new();
        // A term entry defines one term: it pairs one to one or not at all.
        for x in (0..s.groups.len()).filter(|&x| s.groups[x] == usize::MAX && !s.term[x]) {
            // The clause against every clause of the other side, scored once.
            let scores: Vec<f32> = (0..s.other_groups.len()).map(|y| pair(x, y)).collect();
            let side = if s.left { "left" } else { "right" };
            let key = &self.keys[usize::from(!s.left)][x];
            if let Some(g) = self.condensed_into(x, s, found, &scores) {
                tracing::trace!(
                    "{side} {key} joins {}: condensed section",
                    self.shown(&found[g])
                );
                joins.push((g, s.left, x));
                continue;
            }
            let best = (0..scores.len()).max_by(|&a, &b| scores[a].total_cmp(&scores[b]));
            if let Some(y) = best
                && s.other_groups[y] != usize::MAX
            {
                let g = s.other_groups[y];
                let bar = if children_in(x, g) {
                    THRESHOLD
                } else if sibling_in(x, g) {
                    THRESHOLD + ATTACH_MARGIN / 2.0
                } else {
                    bar
                };
                if scores[y] > bar {
                    tracing::trace!(
                        "{side} {key} joins {}: best pair {:.2}",
                        self.shown(&found[g]),
                        scores[y]
                    );
                    joins.push((g, s.left, x));
                    continue;
                }
            }
            // A clause that only points to an annex goes where the annex went.
            if let Some(z) = s.pointer[x]
                && s.groups[z] != usize::MAX
                && self.prior == KeyPrior::Weak
            {
                let g = s.groups[z];
                tracing::trace!(
                    "{side} {key} joins {}: points to its annex",
                    self.shown(&found[g])
                );
                joins.push((g, s.left, x));
                continue;
            }
            if let Some(g) = self.anchored(x, s) {
                tracing::trace!("{side} {key} joins {}: its amounts", self.shown(&found[g]));
                joins.push((g, s.left, x));
                continue;
            }
            if let Some(g) = self.limit_home(x, s, found) {
                tracing::trace!(
                    "{side} {key} joins {}: beside it, with the limits its group lacks",
                    self.shown(&found[g])
                );
                joins.push((g, s.left, x));
                continue;
            }
            // Its limits are what one sentence of a grouped clause elsewhere states.
            if let Some(y) = s.limit_sentence[x]
                && s.other_groups[y] != usize::MAX
                && self.prior == KeyPrior::Weak
                && self.lacks_limits(x, s, &found[s.other_groups[y]])
            {
                tracing::trace!(
                    "{side} {key} joins {}: a sentence there sets its limits",
                    self.shown(&found[s.other_groups[y]])
                );
                joins.push((s.other_groups[y], s.left, x));
                continue;
            }
            if let Some(g) = self.beside(x, s, found, &scores) {
                tracing::trace!(
                    "{side} {key} joins {}: beside its neighbour ({:.2}; best {:.2})",
                    self.shown(&found[g]),
                    s.to_group(&found[g], &scores),
                    scores.iter().copied().fold(f32::NEG_INFINITY, f32::max)
                );
                joins.push((g, s.left, x));
                continue;
            }
            // Its content is one sentence of a grouped clause of the other side.
            if let Some(y) = s.home[x]
                && s.other_groups[y] != usize::MAX
                && !s.front[x]
                && self.prior == KeyPrior::Weak
            {
                tracing::trace!(
                    "{side} {key} joins {}: sentence home",
                    self.shown(&found[s.other_groups[y]])
                );
                joins.push((s.other_groups[y], s.left, x));
            }
        }
        joins
    }

    /// Grows groups by the left-over clauses right beside them in their document
    /// (the clause before or after a group's run) while the grown group matches its
    /// counterpart clearly better than before and the clause itself is closer to a
    /// member of that counterpart than to its typical neighbours: the other side
    /// holds that clause's content in the same place (a heading and its requirement
    /// written as one clause there, a requirement split in two). The best growth is
    /// taken first, repeated until nothing grows.
    fn extend_groups(&self, found: &mut [Found]) {
        if self.cos.is_empty() {
            return;
        }
        // Half the cost of a merge in the in-order pass: the clause is otherwise left
        // over, so the choice is between joining and nothing, not another pairing.
        let min_gain = self.merge_penalty() / 2.0;
        let contiguous = |v: &[usize]| v.windows(2).all(|w| w[1] == w[0] + 1);
        loop {
            let mut used_l = vec![false; self.n];
            let mut used_r = vec![false; self.m];
            for f in found.iter() {
                f.left.iter().for_each(|&x| used_l[x] = true);
                f.right.iter().for_each(|&y| used_r[y] = true);
            }
            // (gain, group, left side?, clause)
            let mut best: Option<(f32, usize, bool, usize)> = None;
            for (g, f) in found.iter().enumerate() {
                if !contiguous(&f.left) || !contiguous(&f.right) {
                    continue;
                }
                let (l, r) = (
                    f.left[0]..f.left[f.left.len() - 1] + 1,
                    f.right[0]..f.right[f.right.len() - 1] + 1,
                );
                if l.len() > self.left_runs[l.start].len()
                    || r.len() > self.right_runs[r.start].len()
                {
                    continue;
                }
                let now = self.group_scored(l.clone(), r.clone());
                let mut offer = |gain: f32, left: bool, k: usize| {
                    let member = if left {
                        f.right
                            .iter()
                            .map(|&y| self.pair(k, y))
                            .fold(f32::NEG_INFINITY, f32::max)
                    } else {
                        f.left
                            .iter()
                            .map(|&x| self.pair(x, k))
                            .fold(f32::NEG_INFINITY, f32::max)
                    };
                    if gain > min_gain && member > 0.0 && best.is_none_or(|b| gain > b.0) {
                        best = Some((gain, g, left, k));
                    }
                };
                if l.len() < MAX_GROUP {
                    for x in [l.start.wrapping_sub(1), l.end] {
                        if x < self.n && !used_l[x] && !self.left_term[x] {
                            let grown = l.start.min(x)..l.end.max(x + 1);
                            if grown.len() > self.left_runs[grown.start].len() {
                                continue;
                            }
                            offer(self.group_scored(grown, r.clone()) - now, true, x);
                        }
                    }
                }
                if r.len() < MAX_GROUP {
                    for y in [r.start.wrapping_sub(1), r.end] {
                        if y < self.m && !used_r[y] && !self.right_term[y] {
                            let grown = r.start.min(y)..r.end.max(y + 1);
                            if grown.len() > self.right_runs[grown.start].len() {
                                continue;
                            }
                            offer(self.group_scored(l.clone(), grown) - now, false, y);
                        }
                    }
                }
            }
            let Some((gain, g, left, k)) = best else {
                break;
            };
            tracing::trace!(
                "{} grows by {} {}: gain {gain:.2}",
                self.shown(&found[g]),
                if left { "left" } else { "right" },
                self.keys[usize::from(!left)][k]
            );
            found[g].join(left, k);
        }
    }

    /// The group a left-over clause joins because the other side condensed its
    /// section: its parent is aligned with clauses none of whose sub-clauses is
    /// aligned elsewhere (one clause there holds what this side splits into
    /// sub-clauses), and that group's clause is the left-over's best counterpart,
    /// within [`NEAR_BEST`], and not far below the bar. Not between adoptions of one
    /// international text: there a sub-clause without counterpart is a national
    /// addition or deletion, not a condensed section.
    fn condensed_into(
        &self,
        x: usize,
        s: &Sides,
        found: &[Found],
        scores: &[f32],
    ) -> Option<usize> {
        if self.prior == KeyPrior::Strong {
            return None;
        }
        let g = s.groups[s.tree.parent[x]?];
        if g == usize::MAX {
            return None;
        }
        let condensed = s.other_of(&found[g]).iter().all(|&y| {
            s.other_tree.children[y]
                .iter()
                .all(|&c| s.other_groups[c] == usize::MAX || s.other_groups[c] == g)
        });
        if !condensed {
            return None;
        }
        let to_group = s.to_group(&found[g], scores);
        let best = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        (to_group >= best - NEAR_BEST && to_group > THRESHOLD - CONDENSED_SLACK).then_some(g)
    }

    /// The group of the one clause of the other side that states the amounts of a
    /// left-over clause (`1.6 kg`, a grade; all of one, most of several) when no
    /// other clause there states them: independent standards write a short limit as
    /// a clause of its own on one side and as a sentence of a larger clause on the
    /// other, adoptions move a table of limits into the annex of its test method, and
    /// the shared amounts tie them where the diluted similarity does not. An amount
    /// stated in several places says nothing; one the other side lacks may be the
    /// changed value.
    fn anchored(&self, x: usize, s: &Sides) -> Option<usize> {
        let (own, other) = if s.left {
            (&self.left_runs, &self.right_runs)
        } else {
            (&self.right_runs, &self.left_runs)
        };
        let amounts = &own[x].first()?.quantities;
        if amounts.is_empty() {
            return None;
        }
        // Each amount with the one clause that states it; amounts stated in several
        // places (a common duration) tell nothing, and one the other side lacks may be
        // the changed value the comparison is for.
        let mut holder = None;
        let mut held = 0;
        for a in amounts {
            let mut holders = (0..other.len()).filter(|&y| {
                other[y]
                    .first()
                    .is_some_and(|r| r.quantities.binary_search(a).is_ok())
            });
            let (Some(y), None) = (holders.next(), holders.next()) else {
                continue;
            };
            if holder.is_some_and(|h| h != y) {
                return None;
            }
            holder = Some(y);
            held += 1;
        }
        // All of a single amount, or most of several (two at least).
        if !(held == amounts.len() || (held >= 2 && held * 2 > amounts.len())) {
            return None;
        }
        let g = s.other_groups[holder?];
        (g != usize::MAX).then_some(g)
    }

    /// The group of a left-over clause's neighbour (the sibling right before or
    /// after it) whose other side sets limits of every kind the clause sets (an
    /// upper time limit, a lower strength) that the group's own side does not: one
    /// standard gives each limit a clause of its own (初凝时间 ≥ 45 min, 终凝时间
    /// ≤ 390 min), the other states them together (setting times ≥ 60 min and ≤ 6.5
    /// h), and once the clause stating one of them has paired, the other's
    /// counterpart limit is left without partner in that group. The values may
    /// differ (that is the difference to report); the kind of limit may not. Kinds
    /// of limit are few (a percentage ceiling is everywhere), so only a neighbour
    /// qualifies: measured on the corpus, limits matched by kind across sections
    /// joined as many wrong groups as right ones.
    fn limit_home(&self, x: usize, s: &Sides, found: &[Found]) -> Option<usize> {
        if self.prior == KeyPrior::Strong {
            return None;
        }
        let (tree, groups) = (s.tree, s.groups);
        let homes: Vec<usize> = [x.wrapping_sub(1), x + 1]
            .into_iter()
            .filter(|&z| z < groups.len() && groups[z] != usize::MAX)
            .filter(|&z| tree.parent[z] == tree.parent[x])
            .map(|z| groups[z])
            .filter(|&g| self.lacks_limits(x, s, &found[g]))
            .collect();
        match homes[..] {
            [g] => Some(g),
            [g, h] if g == h => Some(g),
            _ => None,
        }
    }

    /// Whether a group's other side sets a limit of every kind clause `x` sets that
    /// the group's own side does not already match.
    fn lacks_limits(&self, x: usize, s: &Sides, f: &Found) -> bool {
        let (own, other) = if s.left { (0, 1) } else { (1, 0) };
        let wanted = &self.limits[own][x];
        let (mine, theirs) = if s.left {
            (&f.left, &f.right)
        } else {
            (&f.right, &f.left)
        };
        // The other side's limits less those the group's own side matches and
        // those the clause brings.
        let mut open: HashMap<&str, i32> = HashMap::new();
        for k in theirs.iter().flat_map(|&y| &self.limits[other][y]) {
            *open.entry(k).or_default() += 1;
        }
        for k in mine.iter().chain([&x]).flat_map(|&y| &self.limits[own][y]) {
            *open.entry(k).or_default() -= 1;
        }
        !wanted.is_empty() && !mine.is_empty() && wanted.iter().all(|k| open[k.as_str()] >= 0)
    }

    /// The group of a left-over clause's neighbour in its document (the sibling
    /// right before or after it, its parent, its first sub-clause) when that group
    /// holds one of the clause's two best counterparts and the pair clears the bar
    /// of any pair: the other side wrote the two clauses as one, and the summed
    /// text of a merge compared worse than its parts. Each member then carries its
    /// own evidence. Not between adoptions of one text (a clause without
    /// counterpart there is a national addition).
    fn beside(&self, x: usize, s: &Sides, found: &[Found], scores: &[f32]) -> Option<usize> {
        if self.prior == KeyPrior::Strong {
            return None;
        }
        let (tree, groups) = (s.tree, s.groups);
        let mut sorted = scores.to_vec();
        sorted.sort_by(|a, b| b.total_cmp(a));
        let second = sorted.get(1).copied().unwrap_or(f32::NEG_INFINITY);
        let related = |z: usize| {
            tree.parent[z] == tree.parent[x]
                || tree.parent[x] == Some(z)
                || tree.parent[z] == Some(x)
        };
        [x.wrapping_sub(1), x + 1]
            .into_iter()
            .filter(|&z| z < groups.len() && groups[z] != usize::MAX && related(z))
            .map(|z| (groups[z], s.to_group(&found[groups[z]], scores)))
            .filter(|&(_, to_group)| to_group > THRESHOLD && to_group >= second)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(g, _)| g)
    }

    /// A group as its keys, `[3.1,3.2]↔[4]`, for the trace.
    fn shown(&self, f: &Found) -> String {
        let keys = |side: usize, v: &[usize]| {
            v.iter()
                .map(|&i| self.keys[side][i].as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        format!("[{}]↔[{}]", keys(0, &f.left), keys(1, &f.right))
    }

    /// Cost of each clause a merge adds beyond the first.
    fn merge_penalty(&self) -> f32 {
        match self.prior {
            KeyPrior::Strong => STRONG_MERGE_PENALTY,
            KeyPrior::Weak => WEAK_MERGE_PENALTY,
        }
    }

    /// The best in-order alignment of the clauses `ls` with `rs` (ascending
    /// indices), with skips and merges of clauses consecutive in their document;
    /// two single clauses pair only where `may_pair` allows it.
    fn monotone(
        &self,
        ls: &[usize],
        rs: &[usize],
        threshold: f32,
        round: usize,
        may_pair: &dyn Fn(usize, usize) -> bool,
    ) -> Vec<Found> {
        // Adoptions of one international text keep its numbering: a clause missing on
        // one side is far more often a national deletion or addition than a merge.
        let merge_penalty = self.merge_penalty();
        let (n, m) = (ls.len(), rs.len());
        // How many of the listed clauses from position p on form one mergeable run.
        let mergeable = |list: &[usize], span: &[usize], p: usize| -> usize {
            let mut k = 1;
            while k < span[list[p]] && p + k < list.len() && list[p + k] == list[p] + k {
                k += 1;
            }
            k
        };
        let path = super::monotone::best_path(n, m, |p, q, offer| {
            let (i, j) = (ls[p], rs[q]);
            if may_pair(i, j) {
                offer(1, 1, self.pair(i, j) - threshold);
            }
            let (left_k, right_k) = (
                mergeable(ls, &self.left_span, p),
                mergeable(rs, &self.right_span, q),
            );
            for a in 1..=left_k {
                for b in 1..=right_k {
                    if a == 1 && b == 1 {
                        continue;
                    }
                    // A merge must match better than any of its clauses alone: the
                    // other side then really holds the content of all of them.
                    let best_member = (i..i + a)
                        .flat_map(|x| (j..j + b).map(move |y| (x, y)))
                        .map(|(x, y)| self.pair(x, y))
                        .fold(f32::NEG_INFINITY, f32::max);
                    if best_member <= threshold - 1.0 {
                        continue;
                    }
                    let s = self.group_scored(i..i + a, j..j + b);
                    // n:m groups must also explain the block better than its clauses
                    // paired in order one to one.
                    if a > 1 && b > 1 && s - threshold <= self.diagonal(i, a, j, b, threshold) {
                        continue;
                    }
                    if s > best_member {
                        let extra = (a - 1 + b - 1) as f32;
                        offer(a, b, s - threshold - merge_penalty * extra);
                    }
                }
            }
        });
        path.into_iter()
            .filter(|s| s.a > 0 && s.b > 0)
            .map(|s| {
                let (i, j) = (ls[s.i], rs[s.j]);
                Found {
                    left: (i..i + s.a).collect(),
                    right: (j..j + s.b).collect(),
                    score: self.group_scored(i..i + s.a, j..j + s.b),
                    round,
                }
            })
            .collect()
    }

    /// The best gain of in-order 1:1 pairs inside a block of `a` × `b` clauses.
    fn diagonal(&self, i: usize, a: usize, j: usize, b: usize, threshold: f32) -> f32 {
        let mut best = [[0.0f32; MAX_GROUP + 1]; MAX_GROUP + 1];
        for x in 1..=a {
            for y in 1..=b {
                let pair = (self.pair(i + x - 1, j + y - 1) - threshold).max(0.0);
                best[x][y] = (best[x - 1][y - 1] + pair)
                    .max(best[x - 1][y])
                    .max(best[x][y - 1]);
            }
        }
        best[a][b]
    }

    /// [`group`](Self::group) plus the structural bonus (the best of its members').
    fn group_scored(&self, l: std::ops::Range<usize>, r: std::ops::Range<usize>) -> f32 {
        if l.len() == 1 && r.len() == 1 {
            return self.pair(l.start, r.start);
        }
        let structure = if self.structure.is_empty() {
            0.0
        } else {
            l.clone()
                .flat_map(|x| r.clone().map(move |y| (x, y)))
                .map(|(x, y)| self.structure[x * self.m + y])
                .fold(0.0, f32::max)
        };
        self.group(l, r) + structure
    }

    /// Score of aligning left clauses `l` with right clauses `r` as one group (runs
    /// of at most [`MAX_GROUP`] clauses), without the tree.
    /// The semantic score of two single clauses.
    fn semantic(&self, i: usize, j: usize) -> f32 {
        let (a, b) = (&self.left_runs[i][0], &self.right_runs[j][0]);
        SEMANTIC * (self.cos[i * self.m + j] - (a.mean + b.mean) / 2.0)
    }

    /// How far two clauses with equal numbers agree better with each other than with
    /// the clauses next to them: near 1 when they do, near 0 when a neighbour on
    /// either side is the closer text. One clause inserted or deleted shifts every
    /// following number by one, and then each clause's counterpart sits next to its
    /// namesake (a national term inserted in 3.102: its 3.103 is the other's 3.102);
    /// in a domain where all clauses are alike (term entries of one product) the
    /// absolute similarity cannot tell the namesake from the neighbour, the
    /// comparison can. Between independent standards, whose numbers earn little,
    /// and without vectors, 1.
    fn unshifted(&self, i: usize, j: usize) -> f32 {
        if self.cos.is_empty() || self.prior == KeyPrior::Weak {
            return 1.0;
        }
        let own = self.semantic(i, j);
        // A neighbour pair is a shifted counterpart only where it also beats each of
        // its clauses' own namesakes: next to a section's well-matched clause, a
        // generic overview is close to anything.
        let shifted = |x: usize, y: usize| {
            let s = self.semantic(x, y);
            let beats = |other: Option<f32>| other.is_none_or(|o| s > o);
            (beats(self.left_namesake[x].map(|y2| self.semantic(x, y2)))
                && beats(self.right_namesake[y].map(|x2| self.semantic(x2, y))))
            .then_some(s)
        };
        let neighbours = [
            (i.checked_sub(1), Some(j)),
            (Some(i + 1).filter(|&x| x < self.n), Some(j)),
            (Some(i), j.checked_sub(1)),
            (Some(i), Some(j + 1).filter(|&y| y < self.m)),
        ];
        let best = neighbours
            .into_iter()
            .filter_map(|(x, y)| shifted(x?, y?))
            .fold(f32::NEG_INFINITY, f32::max);
        if best == f32::NEG_INFINITY {
            return 1.0;
        }
        super::sigmoid((own - best) * KEY_SHIFT_SLOPE)
    }

    fn group(&self, l: std::ops::Range<usize>, r: std::ops::Range<usize>) -> f32 {
        // A term entry's counterpart is a term entry: a definition says what a word
        // means, a requirement what a product must do.
        let term = self.left_term[l.start];
        if l.clone().any(|x| self.left_term[x] != term)
            || r.clone().any(|y| self.right_term[y] != term)
        {
            return UNRELATED;
        }
        let a = &self.left_runs[l.start][l.len() - 1];
        let b = &self.right_runs[r.start][r.len() - 1];
        let mut score = 0.0;
        let mut agreement = 1.0;
        if !self.cos.is_empty() {
            // cos(Σa, Σb) from the pairwise cosines and the norms of the sums.
            let dots: f32 = l
                .clone()
                .flat_map(|i| r.clone().map(move |j| (i, j)))
                .map(|(i, j)| self.cos[i * self.m + j])
                .sum();
            let cos = dots / (a.norm * b.norm).max(1e-6);
            let semantic = SEMANTIC * (cos - (a.mean + b.mean) / 2.0);
            score += semantic;
            agreement = super::sigmoid((semantic - KEY_AGREE_AT) * KEY_AGREE_SLOPE);
        }
        // Between independent standards a term's number only says where its
        // standard sorts it.
        let terms =
            self.prior == KeyPrior::Weak && self.left_term[l.start] && self.right_term[r.start];
        if a.key.is_some() && a.key == b.key && !terms {
            score += agreement * self.unshifted(l.start, r.start) * self.key_weight;
        }
        score += QUANTITIES * jaccard(&a.quantities, &b.quantities);
        score += REFERENCES * jaccard(&a.references, &b.references);
        if l.len() == 1 && r.len() == 1 && !self.structure.is_empty() {
            score += self.structure[l.start * self.m + r.start];
        }
        score
    }
}

/// For each clause, how many clauses a group starting there may hold: itself, then
/// its following siblings and their descendants (never past its parent's end).
fn spans(items: &[Item]) -> Vec<usize> {
    (0..items.len())
        .map(|i| {
            1 + items[i + 1..]
                .iter()
                .take(MAX_GROUP - 1)
                .take_while(|c| c.depth >= items[i].depth)
                .count()
        })
        .collect()
}

/// Every run of 1..=[`MAX_GROUP`] consecutive clauses, by start.
fn runs(items: &[Item], means: &[f32], interner: &mut Interner) -> Vec<Vec<Run>> {
    let keys: Vec<Option<u32>> = items
        .iter()
        .map(|c| {
            let key = comparable_key(&c.key);
            printed_number(&key).then(|| interner.id(&key))
        })
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
            limits: Vec::new(),
            references: HashSet::new(),
            term: false,
            front: false,
            points_to: None,
            sentences: Vec::new(),
            sentence_limits: Vec::new(),
        }
    }

    fn unit(v: &[f32]) -> Vec<f32> {
        let norm = crate::embed::dot(v, v).sqrt();
        v.iter().map(|x| x / norm).collect()
    }

    #[test]
    fn a_clause_finds_the_clause_that_holds_it_as_one_sentence() {
        // Left: a soundness limit (x0) and a setting-time clause (x1). Right: a test
        // clause whose second sentence is the soundness limit (y0), and a
        // setting-time clause of one sentence (y1).
        let left = [
            item("7.3.1", 3, &[1.0, 0.0, 0.0]),
            item("7.3.2", 3, &[0.0, 1.0, 0.0]),
        ];
        let mut y0 = item("8.3", 2, &[1.0, 0.0, 1.0]);
        y0.sentences = vec![unit(&[0.0, 0.1, 1.0]), unit(&[1.0, 0.05, 0.0])];
        let mut y1 = item("7.1", 2, &[0.0, 1.0, 0.0]);
        y1.sentences = vec![unit(&[0.0, 1.0, 0.0])];
        let right = [y0, y1];
        let homes = sentence_homes(&left, &right, &mutual_sentences(&left, &right));
        // x0 is y0's second sentence, more sharply than any whole clause says it;
        // x1 matches y1's only sentence no better than y1 itself: nothing to add.
        assert_eq!(homes, [Some(0), None]);
    }

    #[test]
    fn a_limit_finds_the_sentence_that_sets_its_kind_of_limit() {
        // Left: a soundness limit (x0, length:max) and another length ceiling (x1).
        // Right: a clause pointing to where soundness is specified (y0, no limit, the
        // closest text to x0), and a test-method clause whose last sentence sets a
        // length ceiling (y1).
        let l = |v: &[f32], limits: &[&str]| {
            let mut x = item("x", 3, v);
            x.limits = limits.iter().map(|s| s.to_string()).collect();
            x
        };
        let left = [
            l(&[1.0, 0.2, 0.0], &["length:max"]),
            l(&[0.0, 0.2, 1.0], &["length:max"]),
        ];
        let mut y0 = item("7", 2, &[1.0, 0.0, 0.0]);
        y0.sentences = vec![unit(&[1.0, 0.0, 0.0])];
        y0.sentence_limits = vec![Vec::new()];
        let mut y1 = item("8.3", 2, &[0.0, 1.0, 0.0]);
        y1.sentences = vec![unit(&[0.0, 1.0, 0.0]), unit(&[0.7, 0.7, 0.0])];
        y1.sentence_limits = vec![Vec::new(), vec!["length:max".into()]];
        let right = [y0, y1];
        // x0 is the sentence's best among the clauses with that kind of limit; x1 is
        // not (its best is the same sentence, which prefers x0).
        assert_eq!(limit_sentence_homes(&left, &right), vec![Some(1), None]);
        // A clause of another kind of limit has no home there.
        let other = [l(&[1.0, 0.2, 0.0], &["time:min"])];
        assert_eq!(limit_sentence_homes(&other, &right), vec![None]);
    }

    #[test]
    fn a_list_finds_the_clause_that_holds_its_items() {
        let e = |i: usize| {
            let mut v = vec![0.0; 7];
            v[i] = 1.0;
            v
        };
        let sum =
            |ix: &[usize]| -> Vec<f32> { (0..7).map(|d| ix.contains(&d) as u8 as f32).collect() };
        // Left: a marking list of three items (x0), and a clause of two sentences,
        // one said in each right clause (x1). Right: one clause with the three items,
        // the label's language and a warning (y0); another clause (y1).
        let mut x0 = item("8.1", 2, &sum(&[0, 1, 2]));
        x0.sentences = vec![e(0), e(1), e(2)];
        let mut x1 = item("8.3", 2, &sum(&[4, 5]));
        x1.sentences = vec![e(4), e(5)];
        let mut y0 = item("6.1", 2, &sum(&[0, 1, 2, 3, 4]));
        y0.sentences = vec![e(0), e(1), e(2), e(3), e(4)];
        let mut y1 = item("6.2", 2, &e(5));
        y1.sentences = vec![e(5)];
        let right = [y0, y1];
        // Each item alone says less than the whole right clause (no one-sentence
        // home), but all three items are sentences of y0; x1 is split between the two.
        let left = [x0, x1];
        let homes = sentence_homes(&left, &right, &mutual_sentences(&left, &right));
        assert_eq!(homes, [Some(0), None]);
    }

    fn keys(items: &[Item], idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| items[i].key.clone()).collect()
    }

    /// Each group's left and right keys, joined with `+`.
    fn joined(m: &Matching, left: &[Item], right: &[Item]) -> Vec<(String, String)> {
        m.groups
            .iter()
            .map(|g| {
                (
                    keys(left, &g.left).join("+"),
                    keys(right, &g.right).join("+"),
                )
            })
            .collect()
    }

    fn strings(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
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
            item("b", 1, &[0.0, 1.0, 0.45, 0.0, 0.0, 0.0]),
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
    fn a_table_of_limits_moved_into_a_test_annex_follows_its_amounts_between_adoptions() {
        // Left 4.10 gives the sound limits (60, 85 and 115 dB); the right states them
        // in its annex's method clause, with 110 dB for 115 dB. The left's own method
        // clause A.3 pairs with that annex clause by meaning; 4.10 is far from
        // everything, and only its amounts tell where it went.
        let with = |mut c: Item, amounts: &[&str]| {
            c.quantities = amounts.iter().map(|k| k.to_string()).collect();
            c
        };
        let left = [
            item("4.9", 2, &[1.0, 0.0, 0.0, 0.0]),
            with(
                item("4.10", 2, &[0.0, 0.0, 0.0, 1.0]),
                &["sound:60", "sound:85", "sound:115"],
            ),
            item("A.3", 2, &[0.0, 1.0, 0.0, 0.0]),
            item("A.4", 2, &[0.0, 0.0, 1.0, 0.0]),
        ];
        let right = [
            item("4.9", 2, &[1.0, 0.0, 0.0, 0.05]),
            with(
                item("A.3", 2, &[0.0, 1.0, 0.0, 0.1]),
                &["sound:60", "sound:85", "sound:110"],
            ),
            item("A.4", 2, &[0.0, 0.0, 1.0, 0.0]),
        ];
        let m = align(&left, &right, KeyPrior::Strong);
        assert!(m.left_only.is_empty(), "{:?}", keys(&left, &m.left_only));
        let got = joined(&m, &left, &right);
        assert!(got.contains(&("4.10+A.3".into(), "A.3".into())), "{got:?}");
    }

    #[test]
    fn a_clause_joins_the_neighbouring_group_that_lacks_its_kind_of_limit() {
        // Left: initial setting time (a lower time limit) and final setting time (an
        // upper one), each a clause; right: one clause with both limits. The final
        // time pairs by meaning; the initial one says too little to pair alone.
        let with = |mut c: Item, limits: &[&str]| {
            c.limits = limits.iter().map(|k| k.to_string()).collect();
            c
        };
        let left = |limits: bool| {
            [
                item("7.2", 2, &[1.0, 0.0, 0.0, 0.0]),
                with(
                    item("7.3.2", 3, &[0.0, 0.0, 0.0, 1.0]),
                    if limits { &["time:min"] } else { &[] },
                ),
                with(item("7.3.3", 3, &[0.0, 1.0, 0.0, 0.0]), &["time:max"]),
                item("8", 1, &[0.0, 0.0, 1.0, 0.0]),
            ]
        };
        let right = [
            item("6", 1, &[1.0, 0.0, 0.05, 0.0]),
            with(
                item("7.1", 2, &[0.0, 1.0, 0.0, 0.1]),
                &["time:min", "time:max"],
            ),
            item("8", 1, &[0.0, 0.0, 1.0, 0.05]),
        ];
        let without = left(false);
        let m = align(&without, &right, KeyPrior::Weak);
        assert_eq!(keys(&without, &m.left_only), ["7.3.2"]);
        let left = left(true);
        let m = align(&left, &right, KeyPrior::Weak);
        assert!(m.left_only.is_empty());
        assert!(
            joined(&m, &left, &right).contains(&("7.3.2+7.3.3".into(), "7.1".into())),
            "{:?}",
            joined(&m, &left, &right)
        );
    }

    #[test]
    fn a_term_entry_never_pairs_with_a_requirement() {
        let mut term = item("3.5", 2, &[1.0, 0.0, 0.0]);
        term.term = true;
        let left = [
            item("10.2", 1, &[1.0, 0.05, 0.0]),
            item("11", 1, &[0.0, 1.0, 0.0]),
        ];
        let right = [term, item("12", 1, &[0.0, 1.0, 0.1])];
        let m = align(&left, &right, KeyPrior::Weak);
        assert_eq!(keys(&left, &m.left_only), ["10.2"]);
        assert_eq!(keys(&right, &m.right_only), ["3.5"]);
    }

    #[test]
    fn forewords_pair_by_their_role_whatever_they_say() {
        let front = |key: &str, k: usize| {
            let mut v = vec![0.0, 0.0, 0.5, 0.0];
            v[k] = 1.0;
            let mut f = item(key, 1, &v);
            f.front = true;
            f
        };
        // Each foreword tells its own standard's history: each is closer to the
        // other's clause 1 than to the other foreword.
        let left = [front("foreword", 0), item("1", 1, &[0.0, 0.0, 1.0, 0.0])];
        let right = [front("foreword", 1), item("1", 1, &[0.0, 0.0, 1.0, 0.1])];
        let m = align(&left, &right, KeyPrior::Weak);
        let got: Vec<(Vec<String>, Vec<String>)> = m
            .groups
            .iter()
            .map(|g| (keys(&left, &g.left), keys(&right, &g.right)))
            .collect();
        assert_eq!(
            got,
            [
                (vec!["foreword".to_string()], vec!["foreword".to_string()]),
                (vec!["1".to_string()], vec!["1".to_string()]),
            ]
        );
    }

    #[test]
    fn terms_of_independent_standards_pair_by_meaning_not_by_position() {
        // Each standard sorts its terms its own way: right 3.1 defines what left 3.3
        // does, and the rest follow in another order. All definitions share the
        // domain and differ little, as short definitions do under e5: by number and
        // order, 3.1 would pair with 3.1.
        let term = |key: &str, k: usize, other: usize| {
            let mut v = vec![0.0; 6];
            v[5] = 1.0;
            v[k] = 0.3;
            v[other] += 0.2;
            let mut t = item(key, 2, &v);
            t.term = true;
            t
        };
        let left = [
            term("3.1", 0, 2),
            term("3.2", 1, 0),
            term("3.3", 2, 1),
            term("3.4", 3, 0),
        ];
        let right = [
            term("3.1", 2, 0),
            term("3.2", 3, 1),
            term("3.3", 0, 2),
            term("3.4", 1, 3),
        ];
        let m = align(&left, &right, KeyPrior::Weak);
        let got = joined(&m, &left, &right);
        assert_eq!(
            got,
            strings(&[
                ("3.1", "3.3"),
                ("3.2", "3.4"),
                ("3.3", "3.1"),
                ("3.4", "3.2")
            ])
        );
    }

    #[test]
    fn an_inserted_clause_does_not_shift_the_pairs_after_it_even_between_adoptions() {
        // The right side inserts a national clause as 2 and renumbers the rest: equal
        // numbers now name other clauses, and the texts say so.
        let e = |k: usize| {
            let mut v = vec![0.0; 6];
            v[k] = 1.0;
            v
        };
        let left: Vec<Item> = (0..4)
            .map(|k| item(&(k + 1).to_string(), 1, &e(k)))
            .collect();
        let right = [
            item("1", 1, &e(0)),
            item("2", 1, &e(5)),
            item("3", 1, &e(1)),
            item("4", 1, &e(2)),
            item("5", 1, &e(3)),
        ];
        let m = align(&left, &right, KeyPrior::Strong);
        let got = joined(&m, &left, &right);
        assert_eq!(
            got,
            strings(&[("1", "1"), ("2", "3"), ("3", "4"), ("4", "5")])
        );
        assert_eq!(keys(&right, &m.right_only), ["2"]);
    }

    #[test]
    fn a_national_term_inserted_between_adoptions_does_not_shift_the_terms_after_it() {
        // The left (a MOD adoption) inserts a national term as 3.2: its 3.3–3.5 are
        // the right's 3.2–3.4. The definitions of one product share the domain and
        // differ little, so each text is barely closer to its counterpart than to
        // its namesake; numbers alone would pair 3.2 with 3.2, 3.3 with 3.3 and so on.
        // The requirements after them keep their numbers and texts, so numbering is
        // reliable on the whole.
        let term = |key: &str, k: usize| {
            let mut v = vec![0.0; 14];
            v[6] = 1.0;
            v[k] = 0.25;
            let mut t = item(key, 2, &v);
            t.term = true;
            t
        };
        let clause = |k: usize| {
            let mut v = vec![0.0; 14];
            v[7 + k] = 1.0;
            item(&(4 + k).to_string(), 1, &v)
        };
        let mut left = vec![
            term("3.1", 0),
            term("3.2", 5),
            term("3.3", 1),
            term("3.4", 2),
            term("3.5", 3),
        ];
        let mut right = vec![
            term("3.1", 0),
            term("3.2", 1),
            term("3.3", 2),
            term("3.4", 3),
        ];
        left.extend((0..6).map(clause));
        right.extend((0..6).map(clause));
        let m = align(&left, &right, KeyPrior::Strong);
        let got = joined(&m, &left, &right);
        assert_eq!(
            got,
            strings(&[
                ("3.1", "3.1"),
                ("3.3", "3.2"),
                ("3.4", "3.3"),
                ("3.5", "3.4"),
                ("4", "4"),
                ("5", "5"),
                ("6", "6"),
                ("7", "7"),
                ("8", "8"),
                ("9", "9")
            ])
        );
        assert_eq!(keys(&left, &m.left_only), ["3.2"]);
    }

    #[test]
    fn a_section_the_other_side_writes_as_one_clause_joins_whole() {
        // Left: 1; 2 (a heading over two requirements) with 2.1 and 2.2; 3; 4. The
        // right writes section 2 as one clause b holding both requirements, mostly
        // 2.1's: 2.2 and the heading still belong with it.
        let left = [
            item("1", 1, &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
            item("2", 1, &[0.0, 0.6, 0.5, 0.0, 0.0, 0.0, 0.6]),
            item("2.1", 2, &[0.0, 1.0, 0.1, 0.0, 0.0, 0.0, 0.0]),
            item("2.2", 2, &[0.0, 0.0, 1.0, 0.0, 0.0, 0.6, 0.0]),
            item("3", 1, &[0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]),
            item("4", 1, &[0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
        ];
        let right = [
            item("a", 1, &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
            item("b", 1, &[0.0, 1.0, 0.45, 0.0, 0.0, 0.0, 0.0]),
            item("c", 1, &[0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]),
            item("d", 1, &[0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
        ];
        let m = align(&left, &right, KeyPrior::Weak);
        let got: Vec<String> = m
            .groups
            .iter()
            .map(|g| {
                format!(
                    "{}={}",
                    keys(&left, &g.left).join("+"),
                    keys(&right, &g.right).join("+")
                )
            })
            .collect();
        assert_eq!(got, ["1=a", "2+2.1+2.2=b", "3=c", "4=d"]);
    }

    #[test]
    fn sections_in_another_order_come_back_whole() {
        // Three sections of two clauses each; the right side puts the last first.
        let e = |k: usize| {
            let mut v = vec![0.0; 9];
            v[k] = 1.0;
            v
        };
        let mut left = Vec::new();
        for s in 0..3 {
            left.push(item(&format!("{}", s + 1), 1, &e(s * 3)));
            left.push(item(&format!("{}.1", s + 1), 2, &e(s * 3 + 1)));
            left.push(item(&format!("{}.2", s + 1), 2, &e(s * 3 + 2)));
        }
        let order = [2, 0, 1];
        let mut right = Vec::new();
        for (n, &s) in order.iter().enumerate() {
            let k = format!("s{n}");
            right.push(item(&k, 1, &e(s * 3)));
            right.push(item(&format!("{k}/1"), 2, &e(s * 3 + 1)));
            right.push(item(&format!("{k}/2"), 2, &e(s * 3 + 2)));
        }
        let m = align(&left, &right, KeyPrior::Weak);
        assert!(m.left_only.is_empty() && m.right_only.is_empty(), "{m:?}");
        assert_eq!(m.groups.len(), 9);
        for g in &m.groups {
            assert_eq!(left[g.left[0]].vector, right[g.right[0]].vector, "{g:?}");
        }
        assert!(m.groups.iter().any(|g| g.moved));
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

    #[test]
    fn a_section_said_in_one_clause_takes_its_sub_clauses_but_not_an_addition() {
        // Left: 1, 4 (a heading's short text) with 4.1, 4.2 (a national addition)
        // and 4.3. Right: a, then b, one clause saying what 4.1 and 4.3 say. With
        // vectors this clean the general attach rule already joins 4.3; the case that
        // needs `condensed_into` (a sub-clause scoring below that bar) is the real one
        // in tests/align.rs (GB 4943.1 4.4 with TIS 62368 4).
        let left = [
            item("1", 1, &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
            item("4", 1, &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0]),
            item("4.1", 2, &[0.0, 0.3, 1.0, 0.0, 0.0, 0.0]),
            item("4.2", 2, &[0.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
            item("4.3", 2, &[0.0, 0.3, 0.0, 0.0, 1.0, 0.0]),
        ];
        let right = [
            item("a", 1, &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
            item("b", 1, &[0.0, 0.8, 0.7, 0.0, 0.35, 0.0]),
        ];
        let m = align(&left, &right, KeyPrior::Weak);
        let b = m
            .groups
            .iter()
            .find(|g| g.right == [1])
            .expect("b is aligned");
        assert_eq!(keys(&left, &b.left), ["4", "4.1", "4.3"]);
        assert_eq!(keys(&left, &m.left_only), ["4.2"]);
    }
}
