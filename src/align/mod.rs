//! Standard-to-standard alignment: which clauses correspond ([`matcher`]) and how each
//! corresponding group differs ([`diff`], using [`units`] and [`strength`]). The
//! harmonisation matrix ([`matrix`]) and the exporter checklist ([`check`]) are built
//! from alignments.
//!
//! [`Engine::align`](crate::Engine::align) gathers the inputs from the index (clause
//! trees, clause vectors, the adoptions the catalogue knows) and calls [`align`].

pub mod assign;
pub mod check;
pub mod chemistry;
pub mod counterparts;
pub mod diff;
pub mod grades;
pub mod matcher;
pub mod matrix;
pub mod monotone;
pub mod references;
pub mod rows;
pub mod sentences;
pub mod severity;
pub mod strength;
pub mod units;

use crate::Result;
use crate::model::{ClauseKind, Degree, Standard, StandardInfo};
use diff::{Context, Difference, Side};
use matcher::{Item, KeyPrior};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The alignment of two standards (the JSON of `stdalign align`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Alignment {
    /// Left standard, dated reference.
    pub left: String,
    /// Right standard, dated reference.
    pub right: String,
    /// Aligned groups in left document order.
    pub pairs: Vec<AlignedPair>,
    /// Left clause keys without a counterpart (removed on the right).
    pub left_only: Vec<String>,
    /// Right clause keys without a counterpart (national additions).
    pub right_only: Vec<String>,
    /// What the matcher could use: `"vectors+structure"`, or `"structure"` when the
    /// index has no vectors for one of the standards.
    #[serde(default)]
    pub method: String,
    /// Counts for report headers.
    #[serde(default)]
    pub summary: Summary,
}

/// One aligned group.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct AlignedPair {
    /// Left clause keys (more than one when the right merges them).
    pub left: Vec<String>,
    /// Right clause keys.
    pub right: Vec<String>,
    /// `equivalent` (no difference found) or `modified`.
    pub relation: Relation,
    /// Confidence of the pairing, 0..1.
    #[serde(default)]
    pub score: f32,
    /// Differences found inside the group.
    #[serde(default)]
    pub differences: Vec<Difference>,
    /// Found out of document order (a moved clause).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
}

/// How an aligned group relates.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// No difference found.
    Equivalent,
    /// At least one difference.
    Modified,
}

/// Counts of an alignment.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Summary {
    /// Aligned groups.
    pub pairs: usize,
    /// Groups without differences.
    pub equivalent: usize,
    /// Groups with differences.
    pub modified: usize,
    /// Clauses only on the left.
    pub left_only: usize,
    /// Clauses only on the right.
    pub right_only: usize,
    /// Differences by kind.
    pub differences: BTreeMap<String, usize>,
}

/// Everything [`align`] needs besides the two standards.
pub struct Inputs<'a> {
    /// Clause vectors by key, per side (empty when the index has none).
    pub left_vectors: HashMap<String, Vec<f32>>,
    /// Right clause vectors by key.
    pub right_vectors: HashMap<String, Vec<f32>>,
    /// National → international adoptions known to the index (canonical references).
    pub adoptions: &'a HashMap<String, Vec<String>>,
    /// Sentence embeddings for cross-lingual text differences.
    pub sentences: Option<&'a diff::SentenceEmbedder<'a>>,
}

/// The vectors of each clause's sentences (table rows and compliance statements
/// left out), embedded in one batch.
fn clause_sentence_vectors(
    s: &Standard,
    embed: &diff::SentenceEmbedder,
) -> Result<Vec<Vec<Vec<f32>>>> {
    let per_clause: Vec<Vec<String>> = s
        .clauses
        .iter()
        .map(|c| {
            let side = Side {
                clauses: vec![c],
                lang: &s.info.lang,
            };
            sentences::split(&side)
                .into_iter()
                .filter(sentences::alignable)
                .map(|t| t.text)
                .collect()
        })
        .collect();
    let texts: Vec<String> = per_clause.iter().flatten().cloned().collect();
    let mut vectors = if texts.is_empty() {
        Vec::new()
    } else {
        embed(&texts)?
    }
    .into_iter();
    Ok(per_clause
        .iter()
        .map(|c| vectors.by_ref().take(c.len()).collect())
        .collect())
}

/// The kind of limit a quantity sets, as `dimension:max` or `dimension:min`.
fn limit_kind(q: &diff::Located) -> Option<String> {
    let limit = q.quantity.limit?;
    Some(format!(
        "{}:{}",
        q.quantity.dimension.as_str(),
        limit.as_str()
    ))
}

/// The logistic function: a score on the logit scale as a probability.
pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The text a clause is compared by: its heading and text without the sentences that
/// point at its own sub-clauses (`包装应符合7.1和7.2的规定`, `Penandaan AMDK harus
/// sesuai dengan 11.1 dan 11.2`). Such overviews read alike in every standard
/// whatever the section holds, and their numbers agree by accident between
/// standards numbered independently: they paired packaging with sampling and
/// storage with marking on a held-out pair. The section is known by its heading and
/// its contents instead (see `matcher::with_contents`).
pub fn comparable_passage(s: &Standard, i: usize) -> String {
    let c = &s.clauses[i];
    let prefix = format!("{}.", c.key);
    let sub_clauses: Vec<&str> = s.clauses[i + 1..]
        .iter()
        .take_while(|d| d.key.starts_with(&prefix))
        .map(|d| d.key.as_str())
        .collect();
    let cites_own = |sentence: &str| sub_clauses.iter().any(|k| mentions_key(sentence, k));
    let mut text = String::new();
    if let Some(h) = &c.heading {
        text.push_str(h);
        text.push('\n');
    }
    for line in c.text.lines() {
        let mut start = 0;
        let mut kept = String::new();
        for (at, ch) in line.char_indices() {
            let end = sentences::ends_sentence(ch, line[at + ch.len_utf8()..].chars().next());
            if end || at + ch.len_utf8() == line.len() {
                let sentence = &line[start..at + ch.len_utf8()];
                if !cites_own(sentence) {
                    kept.push_str(sentence);
                }
                start = at + ch.len_utf8();
            }
        }
        if !kept.trim().is_empty() {
            text.push_str(kept.trim());
            text.push('\n');
        }
    }
    text.trim_end().to_string()
}

/// Whether `text` cites clause `key` as a number of its own: `7.1` in `符合7.1和7.2`,
/// not in `17.1`, `7.12` or `7.1.3`.
fn mentions_key(text: &str, key: &str) -> bool {
    text.match_indices(key).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let rest = &text[at + key.len()..];
        let mut after = rest.chars();
        let continues = match after.next() {
            Some(c) if c.is_ascii_digit() => true,
            Some('.') => after.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
        !before.is_some_and(|b| b.is_ascii_digit() || b == '.') && !continues
    })
}

/// Rounds a confidence or similarity to two decimals, for display and stable JSON.
pub fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// How strongly equal clause numbers suggest equal clauses: strong when both adopt
/// the same international standard identically or with modifications.
pub fn key_prior(left: &StandardInfo, right: &StandardInfo) -> KeyPrior {
    let close = |i: &StandardInfo| -> HashSet<String> {
        i.adoptions
            .iter()
            .filter(|a| a.degree != Degree::Neq)
            .map(|a| diff::canonical_reference(&a.reference))
            .collect()
    };
    let (l, r) = (close(left), close(right));
    let same_text = !l.is_disjoint(&r)
        || r.contains(&diff::canonical_reference(&left.reference))
        || l.contains(&diff::canonical_reference(&right.reference));
    if same_text {
        KeyPrior::Strong
    } else {
        KeyPrior::Weak
    }
}

/// The canonical references a standard goes by (its own, its aliases, undated).
pub fn own_references(info: &StandardInfo) -> HashSet<String> {
    std::iter::once(&info.reference)
        .chain(&info.aliases)
        .map(|r| diff::canonical_reference(r))
        .collect()
}

/// Aligns two standards and annotates the differences of every group.
pub fn align(left: &Standard, right: &Standard, inputs: &Inputs) -> Result<Alignment> {
    // Clauses naming corresponding grades (`HRB400`, `SD40`) share that evidence.
    let grade_match = grades::GradeMatch::of(left, right);
    // What the index and the two standards' reference lists say each cited document
    // adopts: clauses citing GB/T 228.1 and TCVN 197-1 both cite ISO 6892-1.
    let mut adoptions = inputs.adoptions.clone();
    diff::printed_equivalents(left, &mut adoptions);
    diff::printed_equivalents(right, &mut adoptions);
    let prior = key_prior(&left.info, &right.info);
    // Sentence vectors only where one side's clause may be a sentence of the
    // other's (independent texts), and only with clause vectors to compare.
    let with_sentences = prior == KeyPrior::Weak
        && !inputs.left_vectors.is_empty()
        && !inputs.right_vectors.is_empty();
    let sentence_vectors = |s: &Standard| -> Result<Vec<Vec<Vec<f32>>>> {
        match inputs.sentences.filter(|_| with_sentences) {
            Some(embed) => clause_sentence_vectors(s, embed),
            None => Ok(Vec::new()),
        }
    };
    let (left_sentences, right_sentences) = (sentence_vectors(left)?, sentence_vectors(right)?);
    let items = |s: &Standard,
                 vectors: &HashMap<String, Vec<f32>>,
                 is_left: bool,
                 sentences: &[Vec<Vec<f32>>]|
     -> Vec<Item> {
        let grade_tokens = grade_match.clause_tokens(is_left, s.clauses.len());
        s.clauses
            .iter()
            .zip(grade_tokens)
            .enumerate()
            .map(|(i, (c, grade_tokens))| {
                let side = Side {
                    clauses: vec![c],
                    lang: &s.info.lang,
                };
                let quantities = diff::side_quantities(&side);
                let sentences = sentences.get(i).cloned().unwrap_or_default();
                // The limits of each sentence, in the order of its vectors.
                let sentence_limits = if sentences.is_empty() {
                    Vec::new()
                } else {
                    sentences::split(&side)
                        .into_iter()
                        .filter(sentences::alignable)
                        .map(|t| {
                            quantities
                                .iter()
                                .filter(|q| q.span[0] >= t.span[0] && q.span[1] <= t.span[1])
                                .filter_map(limit_kind)
                                .collect()
                        })
                        .collect()
                };
                Item {
                    key: c.key.clone(),
                    depth: c.depth,
                    vector: vectors.get(&c.key).cloned(),
                    limits: quantities.iter().filter_map(limit_kind).collect(),
                    sentence_limits,
                    quantities: quantities
                        .into_iter()
                        .map(|q| {
                            format!("{}:{:.6e}", q.quantity.dimension.as_str(), q.quantity.value)
                        })
                        .chain(grade_tokens)
                        .collect(),
                    references: c
                        .references
                        .iter()
                        .flat_map(|r| references::reference_names(r, &adoptions))
                        .collect(),
                    term: c.kind == ClauseKind::Term,
                    front: matches!(c.kind, ClauseKind::Foreword | ClauseKind::Introduction),
                    points_to: references::annex_pointer(&c.text, &c.lang),
                    sentences,
                }
            })
            .collect()
    };
    let l_items = items(left, &inputs.left_vectors, true, &left_sentences);
    let r_items = items(right, &inputs.right_vectors, false, &right_sentences);
    let with_vectors = l_items.iter().chain(&r_items).all(|i| i.vector.is_some());
    let matching = matcher::align(&l_items, &r_items, prior);

    let mut own = own_references(&left.info);
    own.extend(own_references(&right.info));
    let cited = [
        diff::cited_names(left, &adoptions),
        diff::cited_names(right, &adoptions),
    ];
    // Each standard's mean clause vector, for centring its sentences (in key order,
    // so that every run sums the same bits).
    let mean_of = |m: &HashMap<String, Vec<f32>>| -> Vec<f32> {
        let mut keys: Vec<&String> = m.keys().collect();
        keys.sort();
        crate::embed::mean(keys.iter().map(|k| m[*k].as_slice()))
    };
    let means = [
        mean_of(&inputs.left_vectors),
        mean_of(&inputs.right_vectors),
    ];
    let centred = !means[0].is_empty() && means[0].len() == means[1].len();
    let cx = Context {
        means: centred.then(|| [means[0].as_slice(), means[1].as_slice()]),
        adoptions: &adoptions,
        own: &own,
        cited: [&cited[0], &cited[1]],
        sentences: inputs.sentences,
        grades: Some(&grade_match),
    };
    let mut pairs = Vec::new();
    let mut unanchored = Vec::new();
    let mut tally = [sentences::Tally::default(); 2];
    for g in &matching.groups {
        let l = Side {
            clauses: g.left.iter().map(|&i| &left.clauses[i]).collect(),
            lang: &left.info.lang,
        };
        let r = Side {
            clauses: g.right.iter().map(|&j| &right.clauses[j]).collect(),
            lang: &right.info.lang,
        };
        let found = diff::group_differences(&l, &r, &cx)?;
        for (sum, t) in tally.iter_mut().zip(found.tally) {
            sum.add(t);
        }
        unanchored.push(found.unanchored);
        pairs.push(AlignedPair {
            left: l.clauses.iter().map(|c| c.key.clone()).collect(),
            right: r.clauses.iter().map(|c| c.key.clone()).collect(),
            relation: Relation::Equivalent,
            score: g.confidence,
            differences: found.found,
            moved: g.moved,
        });
    }
    // Requirement sentences without counterpart or amount count on a side that
    // reads as a parallel text over the whole pair.
    let parallel = tally.map(sentences::Tally::parallel);
    for (pair, sides) in pairs.iter_mut().zip(unanchored) {
        for (side, ds) in sides.into_iter().enumerate() {
            if parallel[side] {
                for d in ds {
                    // The list comparison may have found the item already.
                    let known = pair
                        .differences
                        .iter()
                        .any(|x| x.kind == d.kind && x.left == d.left && x.right == d.right);
                    if !known {
                        pair.differences.push(d);
                    }
                }
            }
        }
    }
    tracing::debug!(?tally, ?parallel, "unmatched sentences per side");
    grades::add_differences(&grade_match, left, right, &mut pairs);
    for p in &mut pairs {
        if !p.differences.is_empty() {
            p.relation = Relation::Modified;
        }
    }
    let keys = |s: &Standard, idx: &[usize]| -> Vec<String> {
        idx.iter().map(|&i| s.clauses[i].key.clone()).collect()
    };
    let mut alignment = Alignment {
        left: left.info.reference.clone(),
        right: right.info.reference.clone(),
        pairs,
        left_only: keys(left, &matching.left_only),
        right_only: keys(right, &matching.right_only),
        method: if with_vectors {
            "vectors+structure".into()
        } else {
            "structure".into()
        },
        summary: Summary::default(),
    };
    alignment.summary = summarize(&alignment);
    Ok(alignment)
}

fn summarize(a: &Alignment) -> Summary {
    let mut differences = BTreeMap::new();
    for d in a.pairs.iter().flat_map(|p| &p.differences) {
        *differences.entry(d.kind.as_str().to_string()).or_insert(0) += 1;
    }
    let modified = a
        .pairs
        .iter()
        .filter(|p| p.relation == Relation::Modified)
        .count();
    Summary {
        pairs: a.pairs.len(),
        equivalent: a.pairs.len() - modified,
        modified,
        left_only: a.left_only.len(),
        right_only: a.right_only.len(),
        differences,
    }
}

/// Where one clause lands in another standard (`/api/clauses/{ref}/{key}/counterparts`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct ClauseCounterpart {
    /// Dated reference of the other standard.
    pub standard: String,
    /// Its language.
    pub lang: String,
    /// `alignment` (same family: the clause's aligned group) or `similarity` (another
    /// family: the closest clause by meaning).
    pub method: String,
    /// The counterpart clauses; empty when the alignment found none (the clause is
    /// left out of that standard).
    pub clauses: Vec<CounterpartClause>,
    /// Confidence (alignment) or cosine similarity, 0..1.
    pub score: f32,
    /// For alignments: `equivalent` or `modified`; absent when no counterpart exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// For alignments: how the group differs.
    #[serde(default)]
    pub differences: Vec<Difference>,
}

/// A counterpart clause with its text, for display next to the original.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct CounterpartClause {
    /// Clause key.
    pub key: String,
    /// Heading, when it has one.
    pub heading: Option<String>,
    /// Text.
    pub text: String,
}

impl CounterpartClause {
    /// The display form of a stored clause.
    pub fn of(c: &crate::model::Clause) -> CounterpartClause {
        CounterpartClause {
            key: c.key.clone(),
            heading: c.heading.clone(),
            text: c.text.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Clause;

    fn standard(clauses: &[(&str, &str, &str)]) -> Standard {
        Standard {
            clauses: clauses
                .iter()
                .map(|&(key, heading, text)| Clause {
                    key: key.into(),
                    heading: Some(heading.into()),
                    text: text.into(),
                    ..Default::default()
                })
                .collect(),
            info: Default::default(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn a_section_is_compared_without_the_sentences_that_point_at_its_sub_clauses() {
        let s = standard(&[
            ("7", "包装", "包装应符合7.1和7.2的规定。包装上不得有污物。"),
            ("7.1", "包装材料", "包装材料应无毒。"),
            ("7.2", "灌装和封口", "灌装后应立即封口，按7.1检查。"),
            ("17", "其他", "见17.1。"),
        ]);
        assert_eq!(comparable_passage(&s, 0), "包装\n包装上不得有污物。");
        // A clause without sub-clauses keeps every sentence, references included.
        assert_eq!(
            comparable_passage(&s, 2),
            "灌装和封口\n灌装后应立即封口，按7.1检查。"
        );
        assert_eq!(comparable_passage(&s, 3), "其他\n见17.1。");
        let s = standard(&[
            (
                "11",
                "Penandaan",
                "Penandaan AMDK harus sesuai dengan 11.1 dan 11.2. Label harus jelas.",
            ),
            ("11.1", "Keterangan pada label", "Nama produk."),
            ("11.2", "Ketentuan label", "Label tidak boleh lepas."),
        ]);
        assert_eq!(comparable_passage(&s, 0), "Penandaan\nLabel harus jelas.");
    }

    #[test]
    fn a_key_is_cited_only_as_a_number_of_its_own() {
        assert!(mentions_key("包装应符合7.1和7.2的规定", "7.1"));
        assert!(mentions_key("sesuai dengan 11.1 dan 11.2.", "11.2"));
        for other in ["见17.1", "见7.12", "见7.1.3", "共27.1 kg"] {
            assert!(!mentions_key(other, "7.1"), "{other}");
        }
    }
}
