//! The exporter checklist: for a product certified to one standard, what the target
//! market's counterpart asks for beyond it: clauses it adds, values that are
//! stricter (a lower upper limit, a higher lower limit, a harder test: see
//! [`severity`](super::severity)), values that differ where the direction depends on
//! context, recommendations it turns into requirements, other referenced standards
//! and extra requirements inside clauses; values it relaxes come last, as already met.
//! Most severe first.

use super::Alignment;
use super::diff::{DiffKind, Difference};
use super::severity::Direction;
use super::strength;
use crate::model::Standard;
use serde::Serialize;

/// The checklist.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Checklist {
    /// The standard the product meets.
    pub have: String,
    /// The target market as asked.
    pub target: String,
    /// The target market's counterparts that were compared.
    pub counterparts: Vec<String>,
    /// What to check, most severe first.
    pub items: Vec<CheckItem>,
}

/// One thing to check.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CheckItem {
    /// The target standard.
    pub standard: String,
    /// Its clause keys.
    pub keys: Vec<String>,
    /// The corresponding clauses of the standard the product meets.
    pub have_keys: Vec<String>,
    /// Heading of the target clause.
    pub heading: Option<String>,
    /// `high`, `medium` or `low`.
    pub severity: Severity,
    /// `new-clause`, `stricter-value`, `different-value`, `less-strict-value`,
    /// `stronger-requirement`, `other-reference` or `added-requirement`.
    pub kind: String,
    /// For values: `limit` or `test-parameter`, when the text says which.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// For values: `stricter` or `less-strict` in the target; absent where it
    /// depends on context (a `different-value` to check).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The value in the standard the product meets.
    pub have_value: Option<String>,
    /// The target's value.
    pub target_value: Option<String>,
    /// What to do about it.
    pub note: String,
}

/// How much an item matters.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Likely to fail without changes or new tests.
    High,
    /// Needs checking.
    Medium,
    /// Worth a look.
    Low,
}

/// Builds the checklist from the alignments of `have` (left) with each target standard.
pub fn build(have: &Standard, target: &str, targets: &[(&Standard, &Alignment)]) -> Checklist {
    let mut items = Vec::new();
    for (standard, a) in targets {
        let heading = |keys: &[String]| {
            keys.first()
                .and_then(|k| standard.clauses.iter().find(|c| &c.key == k))
                .and_then(|c| c.heading.clone())
        };
        for key in &a.right_only {
            items.push(CheckItem {
                standard: standard.info.reference.clone(),
                keys: vec![key.clone()],
                have_keys: Vec::new(),
                heading: heading(std::slice::from_ref(key)),
                severity: Severity::High,
                kind: "new-clause".into(),
                role: None,
                direction: None,
                have_value: None,
                target_value: None,
                note: format!(
                    "national clause with no counterpart in {}",
                    have.info.reference
                ),
            });
        }
        for p in &a.pairs {
            for d in &p.differences {
                let what = || d.quantity.as_deref().unwrap_or("value").to_string();
                let test = d.role.as_deref() == Some("test-parameter");
                let (severity, kind, note) = match d.kind {
                    DiffKind::Value => match d.direction {
                        Some(Direction::Stricter) => (
                            Severity::High,
                            "stricter-value",
                            if test {
                                format!("{}: harder test", what())
                            } else {
                                format!("{}: stricter limit", what())
                            },
                        ),
                        Some(Direction::LessStrict) => (
                            Severity::Low,
                            "less-strict-value",
                            if test {
                                format!("{}: milder test; the harder one already passed", what())
                            } else {
                                format!("{}: looser limit; already met", what())
                            },
                        ),
                        None => (
                            Severity::Medium,
                            "different-value",
                            format!(
                                "{}: different value; whether it is stricter depends on the conditions",
                                what()
                            ),
                        ),
                    },
                    DiffKind::Strength if binds_more(d, &have.info.lang, &standard.info.lang) => (
                        Severity::Medium,
                        "stronger-requirement",
                        format!(
                            "{}: a recommendation or option is a requirement here",
                            d.note
                        ),
                    ),
                    DiffKind::Reference if d.right.is_some() => (
                        Severity::Medium,
                        "other-reference",
                        "compliance is shown against another referenced standard".to_string(),
                    ),
                    DiffKind::AddedText => (
                        Severity::High,
                        "added-requirement",
                        "an extra requirement inside the clause".to_string(),
                    ),
                    _ => continue,
                };
                items.push(CheckItem {
                    standard: standard.info.reference.clone(),
                    keys: p.right.clone(),
                    have_keys: p.left.clone(),
                    heading: heading(&p.right),
                    severity,
                    kind: kind.into(),
                    role: d.role.clone(),
                    direction: d.direction,
                    have_value: d.left.clone(),
                    target_value: d.right.clone(),
                    note,
                });
            }
        }
    }
    items.sort_by_key(|i| i.severity);
    Checklist {
        have: have.info.reference.clone(),
        target: target.to_string(),
        counterparts: targets
            .iter()
            .map(|(s, _)| s.info.reference.clone())
            .collect(),
        items,
    }
}

/// Whether a strength difference's right word binds more than its left one: should
/// or may became shall, may became should, an informative annex became normative.
pub fn binds_more(d: &Difference, have_lang: &str, target_lang: &str) -> bool {
    let (have, target) = (d.left.as_deref(), d.right.as_deref());
    let rank = |word: Option<&str>, lang: &str| -> Option<u8> {
        let word = word?;
        if let Some((status, _)) = strength::annex_status(&format!("({word})")) {
            return Some(match status {
                strength::AnnexStatus::Informative => 1,
                strength::AnnexStatus::Normative => 2,
            });
        }
        strength::modals(word, lang)
            .first()
            .map(|m| match m.strength {
                strength::Strength::May => 0,
                strength::Strength::Should => 1,
                strength::Strength::Shall | strength::Strength::Must => 2,
            })
    };
    matches!(
        (rank(have, have_lang), rank(target, target_lang)),
        (Some(a), Some(b)) if b > a
    )
}
