//! Counterpart discovery: which other standards cover the same product. Standards
//! that adopt one international text are counterparts by construction; most
//! China–ASEAN pairs are not adoptions, though (independent national standards for
//! steel bars, cement or helmets), so they are found from evidence: shared ICS codes,
//! similar titles and scopes across languages, and, to confirm, how much of the two
//! documents the aligner can pair. Pure scoring; [`crate::Engine`] gathers the inputs.

use super::{Alignment, sigmoid};
use crate::model::StandardInfo;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// A standard found to cover the same subject, with the evidence.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct StandardCounterpart {
    /// Dated reference.
    pub reference: String,
    /// Content language.
    pub lang: String,
    /// Country code.
    pub country: String,
    /// Publishing body.
    pub body: String,
    /// `adoption` (both adopt one international text, or one adopts the other) or
    /// `same-subject` (found from ICS, title, scope and alignment).
    pub relation: String,
    /// 0..1: how sure the discovery is (1 for adoptions).
    pub confidence: f32,
    /// What the decision rests on.
    pub evidence: Evidence,
}

/// The evidence behind a counterpart.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Evidence {
    /// The international standard both adopt (or the one adopted), canonical form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_adoption: Option<String>,
    /// ICS codes both carry (a shared group `91.100` counts when the full codes differ).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_ics: Vec<String>,
    /// Best cosine similarity of the two titles (any language pair), when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_similarity: Option<f32>,
    /// Cosine similarity of the two scope clauses, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_similarity: Option<f32>,
    /// Share of the two documents' clauses the aligner paired with confidence, when
    /// the candidate was aligned to confirm it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alignment_coverage: Option<f32>,
}

/// What is known about one candidate before confirmation.
pub struct Candidate<'a> {
    /// The candidate standard.
    pub info: &'a StandardInfo,
    /// Title similarity with the base standard.
    pub title: Option<f32>,
    /// Scope similarity with the base standard.
    pub scope: Option<f32>,
}

/// The international text two standards share, if any: both adopt it, or one adopts
/// the other. `canonical` maps a printed reference to its undated canonical form.
pub fn common_adoption(
    a: &StandardInfo,
    b: &StandardInfo,
    canonical: impl Fn(&str) -> String,
) -> Option<String> {
    let adopted = |i: &StandardInfo| -> Vec<String> {
        i.adoptions
            .iter()
            .map(|x| canonical(&x.reference))
            .collect()
    };
    let own = |i: &StandardInfo| -> Vec<String> {
        std::iter::once(&i.reference)
            .chain(&i.aliases)
            .map(|r| canonical(r))
            .collect()
    };
    let (aa, ba) = (adopted(a), adopted(b));
    aa.iter()
        .find(|r| ba.contains(r))
        .or_else(|| aa.iter().find(|r| own(b).contains(r)))
        .or_else(|| ba.iter().find(|r| own(a).contains(r)))
        .cloned()
}

/// Who adopts which international text, read once per index generation: a search hit
/// finds the other adoptions of its text by lookup, not by reading every standard
/// (which cost tens of milliseconds per search at 100k clauses).
#[derive(Debug, Default)]
pub struct Adoptions {
    /// Each standard's own references (canonical) → the texts it adopts (canonical):
    /// what the aligner's reference differences read ([`super::Inputs::adoptions`]).
    pub by_own: HashMap<String, Vec<String>>,
    /// Dated reference and id of each standard, by position.
    standards: Vec<(String, String)>,
    /// Canonical text → the standards adopting it.
    adopters: HashMap<String, Vec<usize>>,
    /// Canonical reference → the standards it names (reference or alias).
    owners: HashMap<String, Vec<usize>>,
}

impl Adoptions {
    /// The index of these standards (references canonical and undated, as
    /// [`super::own_references`] gives them).
    pub fn of<'a>(standards: impl IntoIterator<Item = &'a StandardInfo>) -> Adoptions {
        let mut index = Adoptions::default();
        for info in standards {
            let n = index.standards.len();
            index
                .standards
                .push((info.reference.clone(), info.id.clone()));
            let adopted = adopted_texts(info);
            for text in &adopted {
                index.adopters.entry(text.clone()).or_default().push(n);
            }
            for r in super::own_references(info) {
                index.owners.entry(r.clone()).or_default().push(n);
                if !adopted.is_empty() {
                    index.by_own.insert(r, adopted.clone());
                }
            }
        }
        index
    }

    /// The references of the standards sharing an international text with `base`
    /// (those [`common_adoption`] finds), ordered by reference.
    pub fn sharing(&self, base: &StandardInfo) -> Vec<&str> {
        let mut found: HashSet<usize> = HashSet::new();
        for text in adopted_texts(base) {
            for map in [&self.adopters, &self.owners] {
                found.extend(map.get(&text).into_iter().flatten());
            }
        }
        for r in super::own_references(base) {
            found.extend(self.adopters.get(&r).into_iter().flatten());
        }
        let mut out: Vec<&str> = found
            .into_iter()
            .filter(|&i| self.standards[i].1 != base.id)
            .map(|i| self.standards[i].0.as_str())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The international texts a standard adopts, canonical and undated.
fn adopted_texts(info: &StandardInfo) -> Vec<String> {
    info.adoptions
        .iter()
        .map(|a| super::diff::canonical_reference(&a.reference))
        .collect()
}

/// ICS codes two standards share: equal codes, else equal groups (the first two
/// levels, `91.100`), which is how the same product is often filed one level apart.
pub fn shared_ics(a: &StandardInfo, b: &StandardInfo) -> Vec<String> {
    let exact: Vec<String> = a
        .ics
        .iter()
        .filter(|c| b.ics.contains(c))
        .cloned()
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let group = |c: &str| c.split('.').take(2).collect::<Vec<_>>().join(".");
    let mut groups: Vec<String> = a
        .ics
        .iter()
        .map(|c| group(c))
        .filter(|g| g.contains('.') && b.ics.iter().any(|c| group(c) == *g))
        .collect();
    groups.dedup();
    groups
}

// The weights of the evidence, on the logit scale. Similarities are read against
// where an e5-family model puts unrelated technical text, which is higher between
// texts of one language than across languages (unrelated Chinese titles score about
// 0.86 with each other, related titles across languages 0.90–0.97): a property of the
// embedding space, checked on the corpus families against every cross-family pair.
const PRIOR: f32 = -2.0;
/// The same ICS code is the publishers' own statement that the subject is the same.
const ICS_EXACT: f32 = 4.0;
const ICS_GROUP: f32 = 2.0;
/// Both classified, with nothing in common: different subjects, however alike the
/// wording (household appliances against audio/video apparatus).
const ICS_DISJOINT: f32 = -4.0;
const TITLE_FLOOR_SAME_LANGUAGE: f32 = 0.88;
const TITLE_FLOOR_CROSS_LANGUAGE: f32 = 0.85;
/// Scopes are compared within one language only: across languages the model's
/// similarity of long texts says more about the languages than about the subjects.
const SCOPE_FLOOR: f32 = 0.90;
const SIMILARITY_STEP: f32 = 0.03;
/// Share of clauses in confident groups between unrelated standards built on the same
/// drafting rules (foreword, scope, references, terms, marking all pair up).
const COVERAGE_FLOOR: f32 = 0.5;
const COVERAGE_STEP: f32 = 0.1;
/// Group confidence that counts a group as confidently aligned.
const CONFIDENT_GROUP: f32 = 0.95;
/// No single piece of graded evidence may decide alone.
const CAP: f32 = 3.0;

/// Prior confidence a candidate needs to be aligned at all (aligning costs seconds).
pub const CANDIDATE: f32 = 0.1;
/// Confidence a same-subject counterpart needs to be reported.
pub const COUNTERPART: f32 = 0.5;

/// Share of both documents' clauses in groups the aligner is confident of.
pub fn coverage(alignment: &Alignment, left_clauses: usize, right_clauses: usize) -> f32 {
    let total = left_clauses + right_clauses;
    if total == 0 {
        return 0.0;
    }
    let paired: usize = alignment
        .pairs
        .iter()
        .filter(|p| p.score >= CONFIDENT_GROUP)
        .map(|p| p.left.len() + p.right.len())
        .sum();
    paired as f32 / total as f32
}

/// A title similarity and whether both titles were in one language.
#[derive(Debug, Clone, Copy)]
pub struct TitleSimilarity {
    /// Cosine similarity.
    pub similarity: f32,
    /// Compared within one language.
    pub same_language: bool,
}

/// Confidence before confirmation, from ICS, title and scope.
pub fn prior_confidence(
    base: &StandardInfo,
    other: &StandardInfo,
    title: Option<TitleSimilarity>,
    scope: Option<f32>,
) -> f32 {
    sigmoid(prior_logit(base, other, title, scope))
}

fn graded(x: f32, floor: f32, step: f32) -> f32 {
    ((x - floor) / step).clamp(-CAP, CAP)
}

fn prior_logit(
    base: &StandardInfo,
    other: &StandardInfo,
    title: Option<TitleSimilarity>,
    scope: Option<f32>,
) -> f32 {
    let shared = shared_ics(base, other);
    let ics = match shared.first() {
        Some(c) if c.matches('.').count() >= 2 || base.ics.contains(c) => ICS_EXACT,
        Some(_) => ICS_GROUP,
        None if !base.ics.is_empty() && !other.ics.is_empty() => ICS_DISJOINT,
        None => 0.0,
    };
    let title = title.map_or(0.0, |t| {
        let floor = if t.same_language {
            TITLE_FLOOR_SAME_LANGUAGE
        } else {
            TITLE_FLOOR_CROSS_LANGUAGE
        };
        graded(t.similarity, floor, SIMILARITY_STEP)
    });
    let scope = match scope {
        Some(s) if base.lang == other.lang => graded(s, SCOPE_FLOOR, SIMILARITY_STEP),
        _ => 0.0,
    };
    PRIOR + ics + title + scope
}

/// Confidence once the candidate has been aligned: the prior plus the coverage.
pub fn confirmed_confidence(
    base: &StandardInfo,
    other: &StandardInfo,
    title: Option<TitleSimilarity>,
    evidence: &Evidence,
) -> f32 {
    let coverage = evidence
        .alignment_coverage
        .map_or(0.0, |c| graded(c, COVERAGE_FLOOR, COVERAGE_STEP));
    sigmoid(prior_logit(base, other, title, evidence.scope_similarity) + coverage)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::diff::canonical_reference;
    use crate::model::{Adoption, Degree};

    fn info(reference: &str, aliases: &[&str], adopts: &[&str]) -> StandardInfo {
        StandardInfo {
            reference: reference.into(),
            id: format!("id-{reference}"),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            adoptions: adopts
                .iter()
                .map(|r| Adoption {
                    reference: r.to_string(),
                    degree: Degree::Mod,
                })
                .collect(),
            ..StandardInfo::default()
        }
    }

    /// The index finds exactly the standards the pairwise test accepts: both adopt
    /// one text (dated differently), one adopts the other, or one adopts an alias.
    #[test]
    fn adoptions_index_agrees_with_the_pairwise_test() {
        let standards = vec![
            info("GB 4706.1-2005", &[], &["IEC 60335-1:2004"]),
            info("TCVN 5699-1:2010", &[], &["IEC 60335-1:2010"]),
            info("IEC 60335-1:2010", &[], &[]),
            info("MS IEC 60335-1:2012", &["MS 60335-1:2012"], &[]),
            info("SNI 04-6292.1-2003", &[], &["MS 60335-1"]),
            info("GB 175-2007", &[], &[]),
            info("TIS 15-2547", &[], &["ISO 679:2009"]),
        ];
        let index = Adoptions::of(&standards);
        for base in &standards {
            let mut expected: Vec<&str> = standards
                .iter()
                .filter(|o| {
                    o.id != base.id && common_adoption(base, o, canonical_reference).is_some()
                })
                .map(|o| o.reference.as_str())
                .collect();
            expected.sort_unstable();
            assert_eq!(index.sharing(base), expected, "{}", base.reference);
        }
        let gb = index.sharing(&standards[0]);
        assert_eq!(gb, ["IEC 60335-1:2010", "TCVN 5699-1:2010"]);
        assert_eq!(index.sharing(&standards[4]), ["MS IEC 60335-1:2012"]);
    }
}
