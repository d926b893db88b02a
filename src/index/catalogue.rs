//! The catalogue: which standards an index holds, by normalised id, under one
//! generation number. Both back ends keep one in memory (the embedded store reads it
//! from its catalogue file, the cluster back end from its catalogue index), so
//! resolving what a user typed never costs a round trip.

use crate::model::{StandardInfo, normalize_reference};
use crate::{Error, Result};
use std::collections::BTreeMap;

/// Standards by normalised id, as of one generation.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    generation: u64,
    entries: BTreeMap<String, StandardInfo>,
}

impl Catalogue {
    /// A catalogue of these entries at `generation`.
    pub fn new(generation: u64, entries: BTreeMap<String, StandardInfo>) -> Catalogue {
        Catalogue {
            generation,
            entries,
        }
    }

    /// The generation: caches of alignments and families are kept per generation.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Standards in the catalogue, ordered by id.
    pub fn standards(&self) -> impl Iterator<Item = &StandardInfo> {
        self.entries.values()
    }

    /// Number of standards.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no standard is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The standard with this normalised id.
    pub fn get(&self, id: &str) -> Option<&StandardInfo> {
        self.entries.get(id)
    }

    /// The standard ingested from a file with this hash.
    pub fn by_sha256(&self, sha256: &str) -> Option<&StandardInfo> {
        self.entries.values().find(|s| s.source.sha256 == sha256)
    }

    /// A copy of the entries to edit before a commit.
    pub fn entries(&self) -> BTreeMap<String, StandardInfo> {
        self.entries.clone()
    }

    /// Finds a standard from what a user typed: the dated reference, an alias (the
    /// undated or Latin-script form), or an undated prefix that names one standard.
    /// Case, spaces and dash variants do not matter.
    pub fn resolve(&self, reference: &str) -> Result<&StandardInfo> {
        let wanted = normalize_reference(reference);
        if let Some(s) = self.entries.get(&wanted) {
            return Ok(s);
        }
        let by_alias: Vec<&StandardInfo> = self
            .entries
            .values()
            .filter(|s| s.aliases.iter().any(|a| normalize_reference(a) == wanted))
            .collect();
        let candidates = if by_alias.is_empty() {
            self.entries
                .values()
                .filter(|s| {
                    s.id.strip_prefix(wanted.as_str())
                        .is_some_and(|rest| rest.starts_with([':', '-']))
                })
                .collect()
        } else {
            by_alias
        };
        match candidates.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::UnknownStandard(reference.to_string())),
            many => Err(Error::AmbiguousStandard {
                query: reference.to_string(),
                candidates: many.iter().map(|s| s.reference.clone()).collect(),
            }),
        }
    }
}
