//! The multilingual term table: the terms the indexed standards define, grouped
//! across languages. A group comes from a term entry that names the term in two
//! languages (`额定电压 rated voltage`), and from term clauses that the aligner
//! pairs between standards of one family (GB 4706.1 3.1 `额定电压` with TCVN 5699-1
//! 3.1 `điện áp danh định`). Keyword search adds a query's terms' equivalents in the
//! other languages (weighted below the words typed); `stdalign terms` and
//! `/api/terms` show the table as a glossary.

use crate::index::text::analyze;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One term as a standard defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Term {
    /// The term as printed.
    pub text: String,
    /// Its language.
    pub lang: String,
    /// The standard that defines it.
    pub standard: String,
    /// The clause (its printed number, else its key).
    pub clause: String,
}

/// Terms that name one concept, in every language found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TermGroup {
    /// The terms, by language then text.
    pub terms: Vec<Term>,
}

impl TermGroup {
    /// The distinct languages of the group.
    pub fn languages(&self) -> Vec<&str> {
        let mut l: Vec<&str> = self.terms.iter().map(|t| t.lang.as_str()).collect();
        l.sort_unstable();
        l.dedup();
        l
    }
}

/// Every term group of an index.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TermTable {
    /// Groups with terms in at least two languages first, then by their first term.
    pub groups: Vec<TermGroup>,
    /// Each group's terms as folded tokens, computed once: queries match against
    /// them on every keyword search.
    #[serde(skip)]
    folded: std::sync::OnceLock<Vec<Vec<Vec<String>>>>,
}

/// The folded tokens of a text, as the keyword index sees them.
fn tokens(text: &str) -> Vec<String> {
    analyze(text, true).into_iter().map(|t| t.text).collect()
}

/// Whether `needle` occurs as consecutive tokens of `hay`.
fn occurs(needle: &[String], hay: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A term heading split by script: `额定电压 rated voltage` is the Chinese term and
/// its English equivalent, as GB and TIS term entries print them. Headings of a
/// Latin-script language stay whole (English cannot be told from Malay by script).
pub fn split_heading(heading: &str, lang: &str) -> Vec<(String, String)> {
    let heading = heading.trim();
    let latin_lang = matches!(lang, "en" | "vi" | "id" | "ms" | "tl" | "fr" | "de");
    // Letters of another script, with the combining marks of Thai, Lao, Myanmar and
    // Khmer (a Thai word may end in one: `ปอร์ตแลนด์`).
    let is_native = |c: char| {
        !c.is_ascii()
            && (c.is_alphanumeric()
                || matches!(c, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}'))
    };
    if latin_lang || !heading.chars().any(is_native) {
        return vec![(lang.to_string(), heading.to_string())];
    }
    // The English part starts at the first ASCII letter after the last native letter.
    let last_native = heading
        .char_indices()
        .rev()
        .filter(|(_, c)| is_native(*c))
        .map(|(i, c)| i + c.len_utf8())
        .next()
        .unwrap_or(0);
    let (native, rest) = heading.split_at(last_native);
    let english = rest.trim_matches(|c: char| !c.is_alphanumeric());
    // A short Latin tail is part of the term, not its translation: the class of
    // `เครื่องใช้ไฟฟ้าประเภท I` (class I appliance) is what tells it from class II.
    if english.chars().filter(char::is_ascii_alphabetic).count() < 3 {
        return vec![(lang.to_string(), heading.to_string())];
    }
    vec![
        (lang.to_string(), native.trim().to_string()),
        ("en".to_string(), english.to_string()),
    ]
}

impl TermTable {
    /// Groups `terms`: terms written alike in one language are one, `links` (pairs
    /// of indices into `terms`) join the terms the aligner paired.
    pub fn build(terms: Vec<Term>, links: &[(usize, usize)]) -> TermTable {
        let mut parent: Vec<usize> = (0..terms.len()).collect();
        fn root(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        let union = |p: &mut Vec<usize>, a: usize, b: usize| {
            let (ra, rb) = (root(p, a), root(p, b));
            if ra != rb {
                p[ra.max(rb)] = ra.min(rb);
            }
        };
        let mut same: HashMap<(String, Vec<String>), usize> = HashMap::new();
        for (i, t) in terms.iter().enumerate() {
            let key = (t.lang.clone(), tokens(&t.text));
            match same.get(&key) {
                Some(&j) => union(&mut parent, i, j),
                None => {
                    same.insert(key, i);
                }
            }
        }
        for &(a, b) in links {
            if a < terms.len() && b < terms.len() {
                union(&mut parent, a, b);
            }
        }
        let mut groups: HashMap<usize, Vec<Term>> = HashMap::new();
        for (i, t) in terms.into_iter().enumerate() {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(t);
        }
        let mut groups: Vec<TermGroup> = groups
            .into_values()
            .map(|mut terms| {
                terms.sort_by(|a, b| {
                    (&a.lang, &a.text, &a.standard).cmp(&(&b.lang, &b.text, &b.standard))
                });
                terms.dedup();
                TermGroup { terms }
            })
            .collect();
        groups.sort_by(|a, b| {
            (a.languages().len() < 2, &a.terms[0].text)
                .cmp(&(b.languages().len() < 2, &b.terms[0].text))
        });
        TermTable {
            groups,
            folded: Default::default(),
        }
    }

    /// The folded tokens of every group's terms, in the groups' order.
    fn folded(&self) -> &[Vec<Vec<String>>] {
        self.folded.get_or_init(|| {
            self.groups
                .iter()
                .map(|g| g.terms.iter().map(|t| tokens(&t.text)).collect())
                .collect()
        })
    }

    /// The groups with a term that contains the words of `query`, or that the query
    /// contains (whole words, diacritics and case ignored).
    pub fn lookup(&self, query: &str) -> Vec<&TermGroup> {
        let q = tokens(query);
        if q.is_empty() {
            return Vec::new();
        }
        self.groups
            .iter()
            .zip(self.folded())
            .filter(|(_, terms)| terms.iter().any(|t| occurs(&q, t) || occurs(t, &q)))
            .map(|(g, _)| g)
            .collect()
    }

    /// The other languages' terms for every term the query contains, each once and
    /// none the query already has: what keyword search adds to a query.
    pub fn equivalents(&self, query: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for bridge in self.bridges(query) {
            for t in bridge.translations {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// For each group with a term the query contains: the query's words that term
    /// covers (folded tokens) and the group's terms in languages the query does not
    /// use there. A clause holding a translation covers those words of the query.
    pub fn bridges(&self, query: &str) -> Vec<Bridge> {
        let q = tokens(query);
        let mut out = Vec::new();
        for (g, folded) in self.groups.iter().zip(self.folded()) {
            let inside: Vec<bool> = folded.iter().map(|t| occurs(t, &q)).collect();
            if !inside.contains(&true) {
                continue;
            }
            let mut source: Vec<String> = Vec::new();
            for (t, _) in folded.iter().zip(&inside).filter(|(_, i)| **i) {
                for w in t {
                    if !source.contains(w) {
                        source.push(w.clone());
                    }
                }
            }
            let translations = g
                .terms
                .iter()
                .zip(&inside)
                .filter(|(t, t_inside)| {
                    !**t_inside
                        && !g
                            .terms
                            .iter()
                            .zip(&inside)
                            .any(|(f, &i)| i && f.lang == t.lang)
                })
                .map(|(t, _)| t.text.clone())
                .collect();
            out.push(Bridge {
                source,
                translations,
            });
        }
        out
    }
}

/// One term of a query and its translations ([`TermTable::bridges`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bridge {
    /// The query's folded tokens the term spans.
    pub source: Vec<String>,
    /// The group's terms in the languages the query does not use there.
    pub translations: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, lang: &str, standard: &str) -> Term {
        Term {
            text: text.into(),
            lang: lang.into(),
            standard: standard.into(),
            clause: "3.1".into(),
        }
    }

    #[test]
    fn a_heading_in_two_scripts_is_two_terms() {
        assert_eq!(
            split_heading("额定电压 rated voltage", "zh"),
            [
                ("zh".into(), "额定电压".into()),
                ("en".into(), "rated voltage".into())
            ]
        );
        assert_eq!(
            split_heading("แรงดันไฟฟ้าที่กำหนด (rated voltage)", "th")[1],
            ("en".to_string(), "rated voltage".to_string())
        );
        // A Latin-script heading stays whole; a short code is not an English term.
        assert_eq!(split_heading("điện áp danh định", "vi").len(), 1);
        assert_eq!(split_heading("Ⅰ类器具", "zh").len(), 1);
        // A short Latin tail belongs to the term: class I is not class II.
        assert_eq!(
            split_heading("เครื่องใช้ไฟฟ้าประเภท I", "th"),
            [("th".into(), "เครื่องใช้ไฟฟ้าประเภท I".into())]
        );
        assert_ne!(
            split_heading("เครื่องใช้ไฟฟ้าประเภท II", "th"),
            split_heading("เครื่องใช้ไฟฟ้าประเภท I", "th")
        );
        // A Thai word ending in a combining mark keeps it.
        assert_eq!(
            split_heading("ปูนซีเมนต์ปอร์ตแลนด์ Portland cement", "th"),
            [
                ("th".into(), "ปูนซีเมนต์ปอร์ตแลนด์".into()),
                ("en".into(), "Portland cement".into())
            ]
        );
    }

    #[test]
    fn linked_and_identical_terms_group_and_expand_a_query() {
        let terms = vec![
            term("泄漏电流", "zh", "GB 4706.1-2005"),
            term("dòng điện rò", "vi", "TCVN 5699-1:2010"),
            term("泄漏电流", "zh", "GB 4943.1-2022"),
            term("arus bocor", "id", "SNI IEC 60335-1:2009"),
            term("额定电压", "zh", "GB 4706.1-2005"),
        ];
        let table = TermTable::build(terms, &[(0, 1), (2, 3)]);
        // The two GB entries are one term, so all three languages are one group.
        assert_eq!(table.groups[0].languages(), ["id", "vi", "zh"]);
        assert_eq!(table.groups.len(), 2);
        assert_eq!(
            table.equivalents("家用电器 泄漏电流 限值"),
            ["arus bocor", "dòng điện rò"]
        );
        // Typed without diacritics, the Vietnamese term is still found.
        assert_eq!(
            table.equivalents("dong dien ro"),
            ["arus bocor", "泄漏电流"]
        );
        assert!(table.equivalents("额定电压").is_empty());
        assert_eq!(table.lookup("bocor").len(), 1);
    }
}
