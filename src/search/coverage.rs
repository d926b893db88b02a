//! How much of a query a keyword hit covers, each word weighed by its idf.
//!
//! Keyword votes are normalised within each language, because BM25 scores compare
//! only there; so a language's best hit votes in full however little of the query it
//! matched. `chin strap` reaches an English installation manual through `boot strap`
//! alone, and that hit then votes like a clause holding both words. The share of the
//! query's idf mass a hit covers tells the two apart in any language: a clause covers
//! a word when it, or its standard's titles, hold the word, or when it holds a
//! term-table translation of a term the word belongs to (a Thai clause holding the
//! Thai term for 漏电流 covers 漏电流). The share is taken as is, not over the best
//! hit's: a keyword list that explains little of the query votes little.

use crate::Result;
use crate::index::text::{analyze, query_terms};
use crate::terms::Bridge;
use std::collections::HashSet;

/// The query's folded words with their idf, and the term table's bridges to other
/// languages.
pub struct QueryMass {
    words: Vec<String>,
    idf: Vec<f32>,
    /// Runs of words over overlapping stretches of the query: the segmenter gives
    /// `家用电器` as 家用, 用电, 电器, 用电器 and 家用电器, one concept that must
    /// weigh once, not five times against `泄漏电流`'s two.
    units: Vec<Vec<usize>>,
    /// Per bridge: the indexes of the words it spans, and each translation's tokens.
    bridges: Vec<(Vec<usize>, Vec<Vec<String>>)>,
}

impl QueryMass {
    /// The query's words and bridges, with idf from `doc_freqs` (the back end's
    /// clause count and per-word clause counts).
    pub fn new(
        query: &str,
        bridges: &[Bridge],
        doc_freqs: impl FnOnce(&[String]) -> Result<(u64, Vec<u64>)>,
    ) -> Result<QueryMass> {
        let words = query_terms(query, true);
        let units = units(query, &words);
        let (n, dfs) = doc_freqs(&words)?;
        let idf: Vec<f32> = dfs.iter().map(|&df| bm25_idf(n, df)).collect();
        tracing::debug!(?words, ?dfs, ?idf, "query words");
        let bridges = bridges
            .iter()
            .map(|b| {
                let spans: Vec<usize> = words
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| b.source.contains(w))
                    .map(|(i, _)| i)
                    .collect();
                let translations = b
                    .translations
                    .iter()
                    .map(|t| query_terms(t, true))
                    .filter(|t| !t.is_empty())
                    .collect();
                (spans, translations)
            })
            .filter(|(spans, _)| !spans.is_empty())
            .collect();
        Ok(QueryMass {
            words,
            idf,
            units,
            bridges,
        })
    }

    /// Every folded word whose presence in a clause counts: the query's own and the
    /// words of its bridges' translations (what [`coverage_of`](Self::coverage_of)
    /// looks up).
    pub fn terms(&self) -> Vec<String> {
        let mut out = self.words.clone();
        for (_, translations) in &self.bridges {
            for w in translations.iter().flatten() {
                if !out.contains(w) {
                    out.push(w.clone());
                }
            }
        }
        out
    }

    /// The share (0 to 1) of the query's idf mass covered by a text of these folded
    /// words ([`words_of`]: a clause's heading and text, with its standard's titles,
    /// since a clause of the standard for household appliances is about household
    /// appliances). A unit of the query weighs its rarest word, and is covered as
    /// far as its rarest covered word.
    pub fn coverage_of(&self, tokens: &HashSet<String>) -> f32 {
        let mut covered: Vec<bool> = self.words.iter().map(|w| tokens.contains(w)).collect();
        for (spans, translations) in &self.bridges {
            if translations
                .iter()
                .any(|t| t.iter().all(|w| tokens.contains(w)))
            {
                for &i in spans {
                    covered[i] = true;
                }
            }
        }
        let (mut total, mut held) = (0.0, 0.0);
        for unit in &self.units {
            let weight = |only_covered: bool| {
                unit.iter()
                    .filter(|&&i| !only_covered || covered[i])
                    .map(|&i| self.idf[i])
                    .fold(0.0, f32::max)
            };
            total += weight(false);
            held += weight(true);
        }
        if total > 0.0 { held / total } else { 1.0 }
    }
}

/// The folded words of some texts, as the keyword index reads them.
pub fn words_of(texts: &[&str]) -> HashSet<String> {
    texts
        .iter()
        .flat_map(|t| analyze(t, true))
        .map(|t| t.text)
        .collect()
}

/// The query's words grouped by overlapping stretches of its text, as indexes into
/// `words` (its distinct folded words).
fn units(query: &str, words: &[String]) -> Vec<Vec<usize>> {
    let mut units: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut tokens = analyze(query, true);
    tokens.sort_by_key(|t| (t.offset_from, std::cmp::Reverse(t.offset_to)));
    for t in tokens {
        let Some(i) = words.iter().position(|w| *w == t.text) else {
            continue;
        };
        match units.last_mut() {
            Some((_, end, members)) if t.offset_from < *end => {
                *end = (*end).max(t.offset_to);
                if !members.contains(&i) {
                    members.push(i);
                }
            }
            _ => units.push((t.offset_from, t.offset_to, vec![i])),
        }
    }
    // A word met again later belongs to its first unit only.
    let mut seen = HashSet::new();
    units
        .into_iter()
        .map(|(_, _, members)| members.into_iter().filter(|i| seen.insert(*i)).collect())
        .filter(|m: &Vec<usize>| !m.is_empty())
        .collect()
}

/// BM25's idf: a word no clause holds weighs the most.
fn bm25_idf(n: u64, df: u64) -> f32 {
    let (n, df) = (n as f32, df.min(n) as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The share covered by a clause with this heading and text, read with `titles`.
    fn share(m: &QueryMass, heading: &str, text: &str, titles: &str) -> f32 {
        m.coverage_of(&words_of(&[heading, text, titles]))
    }

    fn mass(query: &str, bridges: &[Bridge], dfs: &[(&str, u64)]) -> QueryMass {
        QueryMass::new(query, bridges, |words| {
            Ok((
                1000,
                words
                    .iter()
                    .map(|w| dfs.iter().find(|(d, _)| d == w).map_or(0, |(_, n)| *n))
                    .collect(),
            ))
        })
        .unwrap()
    }

    #[test]
    fn a_rare_word_weighs_more_than_a_common_one() {
        let m = mass("chin strap", &[], &[("chin", 3), ("strap", 40)]);
        let strap_only = share(
            &m,
            "Boot strap process",
            "The boot strap loads the kernel.",
            "",
        );
        let both = share(&m, "Chin strap", "The chin strap shall be 20 mm wide.", "");
        assert!((both - 1.0).abs() < 1e-6, "{both}");
        assert!(strap_only < 0.45, "{strap_only}");
        assert!(strap_only > 0.2, "{strap_only}");
    }

    #[test]
    fn a_compound_weighs_once_and_a_clause_is_read_with_its_title() {
        let m = mass(
            "家用电器 泄漏电流",
            &[],
            &[
                ("家用", 2),
                ("用电", 1),
                ("电器", 2),
                ("用电器", 1),
                ("家用电器", 1),
                ("泄漏", 6),
                ("电流", 21),
            ],
        );
        // Five words for one concept weigh as its rarest: a foreword naming both
        // concepts does not outweigh the leakage clause five to one.
        let leakage = share(&m, "工作温度下的泄漏电流", "泄漏电流不应超过下列值", "");
        assert!(leakage > 0.4, "{leakage}");
        // Read with its standard's title, the leakage clause covers the product too.
        let titled = share(
            &m,
            "工作温度下的泄漏电流",
            "泄漏电流不应超过下列值",
            "家用和类似用途电器的安全",
        );
        assert!(titled > 0.9, "{titled}");
    }

    #[test]
    fn a_translation_covers_the_words_of_its_term() {
        let bridge = Bridge {
            source: vec!["chin".into(), "strap".into()],
            translations: vec!["สายรัดคาง".into()],
        };
        let m = mass("chin strap width", &[bridge], &[("width", 200)]);
        let thai = share(&m, "สายรัดคาง", "สายรัดคางต้องมีความกว้างไม่น้อยกว่า 20 มม.", "");
        let unrelated = share(&m, "ความกว้าง", "ความกว้างของแผ่น", "");
        assert!(thai > 0.8, "{thai}");
        assert_eq!(unrelated, 0.0);
    }
}
