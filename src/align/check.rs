//! The exporter checklist: for a product certified to one standard, what the target
//! market's counterpart asks for beyond it: clauses it adds, values that are
//! stricter (or differ where the direction is unknown), recommendations it turns into
//! requirements, other referenced standards and extra requirements inside clauses.
//! Most severe first.

use super::Alignment;
use super::diff::{DiffKind, Difference};
use super::units;
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
    /// `new-clause`, `stricter-value`, `different-value`, `stronger-requirement`,
    /// `other-reference` or `added-requirement`.
    pub kind: String,
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
                let (severity, kind, note) = match d.kind {
                    DiffKind::Value => match direction(d, &have.info.lang, &standard.info.lang) {
                        Some(true) => (
                            Severity::High,
                            "stricter-value",
                            format!(
                                "{}: stricter limit",
                                d.quantity.as_deref().unwrap_or("value")
                            ),
                        ),
                        Some(false) => continue,
                        None => (
                            Severity::Medium,
                            "different-value",
                            format!(
                                "{}: different value; check the test conditions",
                                d.quantity.as_deref().unwrap_or("value")
                            ),
                        ),
                    },
                    DiffKind::Strength if d.note.starts_with("should became shall") => (
                        Severity::Medium,
                        "stronger-requirement",
                        "a recommendation is a requirement here".to_string(),
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

/// Whether the target value is stricter: a lower upper limit or a higher lower
/// limit. `None` when the text does not say which kind of limit it is.
fn direction(d: &Difference, have_lang: &str, target_lang: &str) -> Option<bool> {
    let a = units::quantities(d.left.as_deref()?, have_lang)
        .into_iter()
        .next()?;
    let b = units::quantities(d.right.as_deref()?, target_lang)
        .into_iter()
        .next()?;
    match d.limit.as_deref()? {
        "max" => Some(b.value < a.value),
        "min" => Some(b.value > a.value),
        _ => None,
    }
}
