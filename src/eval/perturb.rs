//! Derived alignment benchmarks with gold by construction: from any gold alignment,
//! the right-hand standard is changed the way independently written standards
//! differ (sections in another order, other numbers, clauses inserted, deleted,
//! split, merged or moved to another section, no numbers at all) and the gold is
//! changed with it. The matcher has never seen these documents, so a rule that only
//! fits the shipped corpus shows up here.

use crate::align::diff::Difference;
use crate::align::{AlignedPair, Alignment, Relation};
use crate::model::{Clause, ClauseKind, Standard};
use std::collections::{HashMap, HashSet};

/// One way of changing the right-hand standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perturbation {
    /// Top-level sections in another order.
    Shuffle,
    /// Every clause number shifted: equal numbers now mean other clauses.
    Renumber,
    /// Clauses of an unrelated standard inserted (one side only).
    Insert,
    /// A clause inserted among its siblings and the siblings after it renumbered: a
    /// national term inserted in the terms clause shifts every following term.
    InsertShift,
    /// Clauses deleted (their counterparts become one side only).
    Delete,
    /// Clauses split in two (1:2 groups).
    Split,
    /// Neighbouring clauses merged (2:1 groups).
    Merge,
    /// Every number removed: keys are generated from the tree.
    StripLabels,
    /// Clauses moved to the end of another section, renumbered there.
    Move,
    /// Renumbered, with insertions, deletions and moves at once.
    Mixed,
}

impl Perturbation {
    /// Every class, in report order.
    pub const ALL: [Perturbation; 10] = [
        Perturbation::Shuffle,
        Perturbation::Renumber,
        Perturbation::Insert,
        Perturbation::Delete,
        Perturbation::Split,
        Perturbation::Merge,
        Perturbation::StripLabels,
        Perturbation::Move,
        Perturbation::Mixed,
        // Last, so that the classes before it keep their seeds.
        Perturbation::InsertShift,
    ];

    /// Its name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Perturbation::Shuffle => "shuffle-sections",
            Perturbation::Renumber => "renumber",
            Perturbation::Insert => "insert",
            Perturbation::InsertShift => "insert-shift",
            Perturbation::Delete => "delete",
            Perturbation::Split => "split",
            Perturbation::Merge => "merge",
            Perturbation::StripLabels => "strip-labels",
            Perturbation::Move => "move",
            Perturbation::Mixed => "mixed",
        }
    }
}

/// How many clauses each local change touches.
const CHANGES: usize = 3;

/// A perturbed copy of `right` and the gold that goes with it. `donors` supply the
/// inserted clauses (clauses of standards unrelated to the pair). The copy gets its
/// own id so that no stored vector of the original is taken for a changed clause.
pub fn perturb(
    right: &Standard,
    gold: &Alignment,
    donors: &[&Standard],
    kind: Perturbation,
    seed: u64,
) -> (Standard, Alignment) {
    let mut p = Perturbed {
        doc: right.clone(),
        gold: gold.clone(),
        rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
        fresh: 0,
    };
    match kind {
        Perturbation::Shuffle => p.shuffle(),
        Perturbation::Renumber => p.renumber(),
        Perturbation::Insert => p.insert(donors),
        Perturbation::InsertShift => p.insert_shifted(donors),
        Perturbation::Delete => p.delete(),
        Perturbation::Split => p.split(),
        Perturbation::Merge => p.merge(),
        Perturbation::StripLabels => p.strip_labels(),
        Perturbation::Move => p.move_clauses(),
        Perturbation::Mixed => {
            p.renumber();
            p.insert(donors);
            p.delete();
            p.move_clauses();
        }
    }
    let suffix = format!(" [{}]", kind.as_str());
    p.doc.info.reference.push_str(&suffix);
    p.doc.info.id.push_str(&suffix);
    p.doc.info.aliases.clear();
    p.gold.right = p.doc.info.reference.clone();
    (p.doc, p.gold)
}

struct Perturbed {
    doc: Standard,
    gold: Alignment,
    rng: Rng,
    fresh: usize,
}

impl Perturbed {
    fn clauses(&self) -> &[Clause] {
        &self.doc.clauses
    }

    /// End (exclusive) of the subtree starting at `i`.
    fn subtree_end(&self, i: usize) -> usize {
        let d = self.clauses()[i].depth;
        i + 1
            + self.clauses()[i + 1..]
                .iter()
                .take_while(|c| c.depth > d)
                .count()
    }

    fn is_leaf(&self, i: usize) -> bool {
        self.subtree_end(i) == i + 1
    }

    /// The gold group holding right clause `key`, if any.
    fn group_of(&self, key: &str) -> Option<usize> {
        self.gold
            .pairs
            .iter()
            .position(|p| p.right.iter().any(|k| k == key))
    }

    /// Right leaves in a 1:1 gold group, other than the foreword.
    fn one_to_one_leaves(&self) -> Vec<usize> {
        (0..self.clauses().len())
            .filter(|&i| self.is_leaf(i) && self.clauses()[i].key != "foreword")
            .filter(|&i| {
                self.group_of(&self.clauses()[i].key).is_some_and(|g| {
                    self.gold.pairs[g].left.len() == 1 && self.gold.pairs[g].right.len() == 1
                })
            })
            .collect()
    }

    fn pick(&mut self, mut from: Vec<usize>, k: usize) -> Vec<usize> {
        let mut picked = Vec::new();
        while picked.len() < k && !from.is_empty() {
            let n = self.rng.below(from.len());
            picked.push(from.swap_remove(n));
        }
        picked.sort_unstable();
        picked
    }

    /// Renames right keys in the document (keys and parents) and in the gold.
    fn rename(&mut self, map: &HashMap<String, String>) {
        let get = |k: &String| map.get(k).cloned().unwrap_or_else(|| k.clone());
        for c in &mut self.doc.clauses {
            c.key = get(&c.key);
            c.parent = c.parent.as_ref().map(get);
        }
        for p in &mut self.gold.pairs {
            p.right = p.right.iter().map(get).collect();
            for d in &mut p.differences {
                d.right_key = d.right_key.as_ref().map(get);
            }
        }
        self.gold.right_only = self.gold.right_only.iter().map(get).collect();
    }

    fn shuffle(&mut self) {
        let clauses = std::mem::take(&mut self.doc.clauses);
        let top = clauses.iter().map(|c| c.depth).min().unwrap_or(1);
        let mut blocks: Vec<Vec<Clause>> = Vec::new();
        for c in clauses {
            if c.depth == top || blocks.is_empty() {
                blocks.push(vec![c]);
            } else if let Some(b) = blocks.last_mut() {
                b.push(c);
            }
        }
        // The front matter stays in front; the body's sections change places.
        let front = blocks
            .iter()
            .take_while(|b| b[0].key == "foreword" || b[0].key == "introduction")
            .count();
        let body = &mut blocks[front..];
        for i in (1..body.len()).rev() {
            let j = self.rng.below(i + 1);
            body.swap(i, j);
        }
        self.doc.clauses = blocks.into_iter().flatten().collect();
    }

    fn renumber(&mut self) {
        let map: HashMap<String, String> = self
            .clauses()
            .iter()
            .filter_map(|c| Some((c.key.clone(), shifted(&c.key)?)))
            .collect();
        self.rename(&map);
    }

    fn insert(&mut self, donors: &[&Standard]) {
        let lang = self.doc.info.lang.clone();
        let same_lang: Vec<&Clause> = donors
            .iter()
            .filter(|d| d.info.lang == lang)
            .flat_map(|d| &d.clauses)
            .filter(|c| c.text.chars().count() > 60)
            .collect();
        let pool: Vec<&Clause> = if same_lang.is_empty() {
            donors
                .iter()
                .flat_map(|d| &d.clauses)
                .filter(|c| c.text.chars().count() > 60)
                .collect()
        } else {
            same_lang
        };
        if pool.is_empty() {
            return;
        }
        let leaves: Vec<usize> = (0..self.clauses().len())
            .filter(|&i| self.is_leaf(i) && self.clauses()[i].key != "foreword")
            .collect();
        let mut anchors = self.pick(leaves, CHANGES);
        anchors.reverse();
        for at in anchors {
            let donor = pool[self.rng.below(pool.len())].clone();
            let anchor = &self.doc.clauses[at];
            self.fresh += 1;
            let key = match &anchor.parent {
                Some(p) => format!("{p}.9{}", self.fresh),
                None => format!("9{}", self.fresh),
            };
            let clause = Clause {
                key: key.clone(),
                parent: anchor.parent.clone(),
                depth: anchor.depth,
                lang: anchor.lang.clone(),
                ..donor
            };
            self.doc.clauses.insert(at + 1, clause);
            self.gold.right_only.push(key);
        }
    }

    /// Inserts a clause after a numbered leaf (a term entry where the document has
    /// terms, as national standards add their own, and one elsewhere) under the
    /// leaf's own number plus one, renumbering the siblings after it and their
    /// sub-clauses: `3.4` is followed by the new `3.5`, and the old `3.5` is now
    /// `3.6`. Equal numbers then mean other clauses from there on.
    fn insert_shifted(&mut self, donors: &[&Standard]) {
        let lang = self.doc.info.lang.clone();
        let numbered = |c: &Clause| -> Option<(String, u32)> {
            let parent = c.parent.clone()?;
            let n = c.key.strip_prefix(&format!("{parent}."))?.parse().ok()?;
            Some((parent, n))
        };
        let leaves: Vec<usize> = (0..self.clauses().len())
            .filter(|&i| self.is_leaf(i) && numbered(&self.clauses()[i]).is_some())
            .collect();
        let (terms, others): (Vec<usize>, Vec<usize>) = leaves
            .into_iter()
            .partition(|&i| self.clauses()[i].kind == ClauseKind::Term);
        let mut anchors = self.pick(terms, 1);
        anchors.extend(self.pick(others, 1));
        anchors.sort_unstable();
        for at in anchors.into_iter().rev() {
            let anchor = self.clauses()[at].clone();
            let Some((parent, n)) = numbered(&anchor) else {
                continue;
            };
            let pool: Vec<&Clause> = donors
                .iter()
                .flat_map(|d| &d.clauses)
                .filter(|c| c.kind == anchor.kind && c.text.chars().count() > 40)
                .collect();
            let same_lang: Vec<&Clause> = pool.iter().copied().filter(|c| c.lang == lang).collect();
            let pool = if same_lang.is_empty() {
                pool
            } else {
                same_lang
            };
            if pool.is_empty() {
                continue;
            }
            let donor = pool[self.rng.below(pool.len())].clone();
            // Later siblings (and everything under them) move up by one.
            let prefix = format!("{parent}.");
            let map: HashMap<String, String> = self
                .clauses()
                .iter()
                .filter_map(|c| {
                    let rest = c.key.strip_prefix(&prefix)?;
                    let (num, tail) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
                    let m: u32 = num.parse().ok()?;
                    (m > n).then(|| (c.key.clone(), format!("{prefix}{}{tail}", m + 1)))
                })
                .collect();
            self.rename(&map);
            let key = format!("{prefix}{}", n + 1);
            let clause = Clause {
                key: key.clone(),
                parent: Some(parent),
                depth: anchor.depth,
                lang: anchor.lang.clone(),
                ..donor
            };
            self.doc.clauses.insert(at + 1, clause);
            self.gold.right_only.push(key);
        }
    }

    fn delete(&mut self) {
        let mut picked = self.pick(self.one_to_one_leaves(), CHANGES);
        picked.reverse();
        for i in picked {
            let key = self.doc.clauses.remove(i).key;
            if let Some(g) = self.group_of(&key) {
                let pair = self.gold.pairs.remove(g);
                self.gold.left_only.extend(pair.left);
            }
        }
    }

    fn split(&mut self) {
        let candidates: Vec<usize> = (0..self.clauses().len())
            .filter(|&i| self.is_leaf(i) && self.clauses()[i].text.lines().count() >= 2)
            .filter(|&i| {
                self.group_of(&self.clauses()[i].key).is_some_and(|g| {
                    self.gold.pairs[g].right.len() < crate::align::matcher::MAX_GROUP
                })
            })
            .collect();
        let mut picked = self.pick(candidates, CHANGES);
        picked.reverse();
        for i in picked {
            let c = &mut self.doc.clauses[i];
            let lines: Vec<&str> = c.text.lines().collect();
            let half = lines.len().div_ceil(2);
            let (first, second) = (lines[..half].join("\n"), lines[half..].join("\n"));
            c.text = first;
            let new = Clause {
                key: format!("{}-2", c.key),
                heading: None,
                text: second,
                ..c.clone()
            };
            let (old, key) = (c.key.clone(), new.key.clone());
            self.doc.clauses.insert(i + 1, new);
            if let Some(g) = self.group_of(&old) {
                let right = &mut self.gold.pairs[g].right;
                let at = right.iter().position(|k| *k == old).unwrap_or(0);
                right.insert(at + 1, key);
            }
        }
    }

    fn merge(&mut self) {
        // Neighbouring sibling leaves whose counterparts are neighbouring clauses too,
        // so the merged group is one the left document can hold.
        let left_order: HashMap<&str, usize> = self
            .gold
            .pairs
            .iter()
            .flat_map(|p| &p.left)
            .chain(&self.gold.left_only)
            .enumerate()
            .map(|(n, k)| (k.as_str(), n))
            .collect();
        let candidates: Vec<usize> = (0..self.clauses().len().saturating_sub(1))
            .filter(|&i| {
                let (a, b) = (&self.clauses()[i], &self.clauses()[i + 1]);
                let (Some(ga), Some(gb)) = (self.group_of(&a.key), self.group_of(&b.key)) else {
                    return false;
                };
                let (pa, pb) = (&self.gold.pairs[ga], &self.gold.pairs[gb]);
                self.is_leaf(i)
                    && self.is_leaf(i + 1)
                    && a.parent == b.parent
                    && a.key != "foreword"
                    && ga != gb
                    && pa.left.len() == 1
                    && pb.left.len() == 1
                    && pa.right.len() == 1
                    && pb.right.len() == 1
                    && left_order.get(pa.left[0].as_str()).map(|x| x + 1)
                        == left_order.get(pb.left[0].as_str()).copied()
            })
            .collect();
        let mut picked: Vec<usize> = Vec::new();
        for i in self.pick(candidates, CHANGES * 2) {
            if picked.len() < CHANGES && picked.iter().all(|&p| p + 1 < i || i + 1 < p) {
                picked.push(i);
            }
        }
        picked.sort_unstable();
        picked.reverse();
        for i in picked {
            let b = self.doc.clauses.remove(i + 1);
            let a = &mut self.doc.clauses[i];
            if let Some(h) = &b.heading {
                a.text.push('\n');
                a.text.push_str(h);
            }
            a.text.push('\n');
            a.text.push_str(&b.text);
            a.references.extend(b.references);
            let a_key = a.key.clone();
            let (Some(ga), Some(gb)) = (self.group_of(&a_key), self.group_of(&b.key)) else {
                continue;
            };
            let second = self.gold.pairs.remove(gb);
            let ga = if gb < ga { ga - 1 } else { ga };
            let first = &mut self.gold.pairs[ga];
            first.left.extend(second.left);
            first.differences.extend(second.differences);
            for d in &mut first.differences {
                if d.right_key.as_deref() == Some(b.key.as_str()) {
                    d.right_key = Some(first.right[0].clone());
                }
            }
            first.relation = relation(&first.differences);
        }
    }

    fn strip_labels(&mut self) {
        let mut map = HashMap::new();
        let mut counters: HashMap<Option<String>, usize> = HashMap::new();
        let clauses = self.clauses().to_vec();
        for c in &clauses {
            let parent = c.parent.as_ref().and_then(|p| map.get(p).cloned());
            let n = counters.entry(parent.clone()).or_insert(0);
            *n += 1;
            let key = match &parent {
                Some(p) => format!("{p}/{n}"),
                None => format!("s{n}"),
            };
            map.insert(c.key.clone(), key);
        }
        self.rename(&map);
    }

    fn move_clauses(&mut self) {
        let top = self.clauses().iter().map(|c| c.depth).min().unwrap_or(1);
        let mut moved: HashSet<String> = HashSet::new();
        for _ in 0..CHANGES {
            let candidates: Vec<usize> = self
                .one_to_one_leaves()
                .into_iter()
                .filter(|&i| !moved.contains(&self.clauses()[i].key))
                .collect();
            let Some(&i) = self.pick(candidates, 1).first() else {
                return;
            };
            let ancestor = |clauses: &[Clause], mut i: usize| {
                while clauses[i].depth > top {
                    i -= 1;
                }
                clauses[i].key.clone()
            };
            let own = ancestor(self.clauses(), i);
            // Another top-level section that already has sub-clauses.
            let targets: Vec<usize> = (0..self.clauses().len())
                .filter(|&t| {
                    let c = &self.clauses()[t];
                    c.depth == top && c.key != own && c.key != "foreword" && !self.is_leaf(t)
                })
                .collect();
            let Some(&t) = self.pick(targets, 1).first() else {
                return;
            };
            let mut c = self.doc.clauses.remove(i);
            let t = if t > i { t - 1 } else { t };
            let end = self.subtree_end(t);
            let parent = self.doc.clauses[t].clone();
            self.fresh += 1;
            let old = std::mem::replace(&mut c.key, format!("{}.8{}", parent.key, self.fresh));
            c.parent = Some(parent.key.clone());
            c.depth = parent.depth + 1;
            let new = c.key.clone();
            moved.insert(new.clone());
            self.doc.clauses.insert(end, c);
            self.rename(&HashMap::from([(old, new)]));
        }
    }
}

/// A clause number with its first part shifted (`7.2` → `9.2`, `A.1` → `B.1`);
/// `None` for keys that are not numbers.
fn shifted(key: &str) -> Option<String> {
    let (head, rest) = match key.find('.') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if let Ok(n) = head.parse::<u32>() {
        return Some(format!("{}{rest}", n + 2));
    }
    let mut chars = head.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_uppercase() && c < 'Y' => {
            Some(format!("{}{rest}", (c as u8 + 2) as char))
        }
        _ => None,
    }
}

fn relation(differences: &[Difference]) -> Relation {
    if differences.is_empty() {
        Relation::Equivalent
    } else {
        Relation::Modified
    }
}

/// Every right key the gold names, to check a perturbation kept the gold whole.
pub fn gold_right_keys(gold: &Alignment) -> HashSet<&str> {
    gold.pairs
        .iter()
        .flat_map(|p: &AlignedPair| &p.right)
        .chain(&gold.right_only)
        .map(String::as_str)
        .collect()
}

/// A small deterministic generator (xorshift), so a perturbation is reproducible
/// from its seed without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClauseKind, StandardInfo};

    fn clause(key: &str, parent: Option<&str>, depth: u32, text: &str) -> Clause {
        Clause {
            key: key.into(),
            parent: parent.map(Into::into),
            depth,
            heading: Some(format!("heading {key}")),
            text: text.into(),
            kind: ClauseKind::Requirement,
            lang: "en".into(),
            ..Default::default()
        }
    }

    fn doc() -> Standard {
        let mut clauses = vec![clause("foreword", None, 1, "foreword text")];
        for s in 1..=4 {
            clauses.push(clause(&s.to_string(), None, 1, ""));
            for c in 1..=3 {
                let key = format!("{s}.{c}");
                clauses.push(clause(&key, Some(&s.to_string()), 2, "line one\nline two"));
            }
        }
        Standard {
            info: StandardInfo {
                reference: "X 1".into(),
                id: "x 1".into(),
                lang: "en".into(),
                ..Default::default()
            },
            clauses,
            warnings: Vec::new(),
        }
    }

    /// The identity alignment of [`doc`] with itself.
    fn identity(d: &Standard) -> Alignment {
        Alignment {
            left: "L".into(),
            right: d.info.reference.clone(),
            pairs: d
                .clauses
                .iter()
                .map(|c| AlignedPair {
                    left: vec![c.key.clone()],
                    right: vec![c.key.clone()],
                    relation: Relation::Equivalent,
                    score: 0.0,
                    differences: Vec::new(),
                    moved: false,
                })
                .collect(),
            left_only: Vec::new(),
            right_only: Vec::new(),
            method: String::new(),
            summary: Default::default(),
        }
    }

    #[test]
    fn every_perturbation_keeps_the_gold_whole_and_in_step_with_the_document() {
        let d = doc();
        let donor = {
            let mut o = doc();
            o.info.reference = "Y 2".into();
            for c in &mut o.clauses {
                c.text = "an unrelated requirement sentence that is long enough to insert".into();
            }
            o
        };
        for kind in Perturbation::ALL {
            let (p, g) = perturb(&d, &identity(&d), &[&donor], kind, 7);
            let keys: Vec<&str> = p.clauses.iter().map(|c| c.key.as_str()).collect();
            let unique: HashSet<&str> = keys.iter().copied().collect();
            assert_eq!(
                unique.len(),
                keys.len(),
                "{kind:?}: duplicate keys {keys:?}"
            );
            assert_eq!(gold_right_keys(&g), unique, "{kind:?}");
            let left: Vec<&String> = g
                .pairs
                .iter()
                .flat_map(|p| &p.left)
                .chain(&g.left_only)
                .collect();
            assert_eq!(
                left.len(),
                d.clauses.len(),
                "{kind:?}: every left clause once"
            );
            // Parents come before their children, one level up.
            for (i, c) in p.clauses.iter().enumerate() {
                if let Some(parent) = &c.parent {
                    let at = keys.iter().position(|k| k == parent).unwrap();
                    assert!(
                        at < i && p.clauses[at].depth + 1 == c.depth,
                        "{kind:?} {c:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_inserted_clause_shifts_the_numbers_of_its_later_siblings() {
        let d = doc();
        let mut donor = doc();
        for c in &mut donor.clauses {
            c.text = "a requirement of another standard, long enough to be inserted".into();
        }
        for seed in 0..6 {
            let (p, g) = perturb(
                &d,
                &identity(&d),
                &[&donor],
                Perturbation::InsertShift,
                seed,
            );
            assert_eq!(p.clauses.len(), d.clauses.len() + 1);
            let [key] = g.right_only.as_slice() else {
                panic!("{:?}", g.right_only)
            };
            let (parent, n) = key.rsplit_once('.').unwrap();
            let n: u32 = n.parse().unwrap();
            // Siblings stay numbered 1, 2, 3, … with the new clause among them.
            let siblings: Vec<&str> = p
                .clauses
                .iter()
                .filter(|c| c.parent.as_deref() == Some(parent))
                .map(|c| c.key.as_str())
                .collect();
            let expected: Vec<String> = (1..=4).map(|k| format!("{parent}.{k}")).collect();
            assert_eq!(siblings, expected);
            // The left clause that had the new clause's number keeps its counterpart,
            // now one number up.
            for m in n..=3 {
                let (l, r) = (format!("{parent}.{m}"), format!("{parent}.{}", m + 1));
                assert!(
                    g.pairs
                        .iter()
                        .any(|p| p.left == [l.clone()] && p.right == [r.clone()])
                );
            }
        }
    }

    #[test]
    fn the_changes_are_the_ones_named() {
        let d = doc();
        let changed = |kind| perturb(&d, &identity(&d), &[], kind, 3);
        let (_, g) = changed(Perturbation::Delete);
        assert_eq!(g.left_only.len(), CHANGES);
        let (_, g) = changed(Perturbation::Merge);
        assert!(
            g.pairs
                .iter()
                .any(|p| p.left.len() == 2 && p.right.len() == 1)
        );
        let (_, g) = changed(Perturbation::Split);
        assert_eq!(
            g.pairs.iter().filter(|p| p.right.len() == 2).count(),
            CHANGES
        );
        let (p, _) = changed(Perturbation::StripLabels);
        assert!(
            p.clauses.iter().all(|c| c.key.starts_with('s')),
            "{:?}",
            p.clauses
        );
        let (p, _) = changed(Perturbation::Renumber);
        assert_eq!(p.clauses[1].key, "3");
        assert_eq!(p.clauses[2].key, "3.1");
        let (p, g) = changed(Perturbation::Move);
        let moved: Vec<&Clause> = p.clauses.iter().filter(|c| c.key.contains(".8")).collect();
        assert_eq!(moved.len(), CHANGES);
        assert!(
            g.pairs
                .iter()
                .any(|p| p.right[0].contains(".8") && p.left[0] != p.right[0])
        );
    }
}
