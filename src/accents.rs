//! Vietnamese typed without its diacritics (`thu nghiem noi dat`), as many users
//! type it, restored from the index's own Vietnamese text (`thử nghiệm nối đất`).
//!
//! Each syllable without marks stands for several words (`dien` is `điện` or
//! `diễn`, `do` is `độ`, `đồ`, `đó` or `do`); the standards themselves say which
//! follow which. The restorer keeps, per bare syllable, the accented forms the
//! indexed text uses, and picks the likeliest sequence under a bigram model of that
//! text (Witten-Bell smoothing, so no constant is fitted; Viterbi decoding). e5
//! reads a query without diacritics almost as another language, and BM25 on folded
//! syllables matches any clause sharing `dien`, `do` or `tro`: measured on the gold
//! queries typed that way, both sides found little.

use std::collections::HashMap;
use unicode_normalization::char::is_combining_mark;

/// Accented forms kept per bare syllable, the most frequent first.
const FORMS: usize = 8;
/// What follows the last word of a phrase.
const END: &str = "\u{0}";

/// The vocabulary and word-pair counts of a body of Vietnamese text.
#[derive(Debug, Default)]
pub struct Accents {
    /// Bare syllable (lower case, no marks) → its written forms, most frequent first.
    forms: HashMap<String, Vec<String>>,
    unigrams: HashMap<String, u32>,
    bigrams: HashMap<(String, String), u32>,
    /// How many distinct words follow each word (Witten-Bell's `T`).
    followers: HashMap<String, u32>,
    total: u64,
}

/// Lower case without diacritics, as the keyword index folds (`điện` → `dien`).
fn bare(word: &str) -> String {
    crate::index::text::normalize_word(word, true)
}

/// One word of a text: a run of letters, where it starts, and whether only white
/// space separates it from the word before (a pair across punctuation or a number
/// is not a bigram).
struct Word<'a> {
    text: &'a str,
    start: usize,
    joined: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut joined = false;
    let mut gap_is_space = false;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if i < text.len() && (c.is_alphabetic() || is_combining_mark(c)) {
            if start.is_none() {
                start = Some(i);
                joined = gap_is_space && !out.is_empty();
            }
        } else if let Some(s) = start.take() {
            out.push(Word {
                text: &text[s..i],
                start: s,
                joined,
            });
            gap_is_space = c.is_whitespace();
        } else {
            gap_is_space &= c.is_whitespace();
        }
    }
    out
}

/// Whether a query could be Vietnamese typed without its marks: it has letters only
/// from ASCII. A query in another script, or with any mark typed, is taken as typed
/// (and the vocabulary need not be built for it).
pub fn may_restore(query: &str) -> bool {
    !query.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
}

impl Accents {
    /// Counts the words and word pairs of `texts` (clause texts and headings).
    pub fn build<'a>(texts: impl IntoIterator<Item = &'a str>) -> Accents {
        let mut a = Accents::default();
        let mut spellings: HashMap<String, HashMap<String, u32>> = HashMap::new();
        for text in texts {
            let mut previous: Option<String> = None;
            for Word {
                text: word, joined, ..
            } in words(text)
            {
                let w = crate::index::text::normalize_word(word, false);
                *spellings
                    .entry(bare(&w))
                    .or_default()
                    .entry(w.clone())
                    .or_default() += 1;
                *a.unigrams.entry(w.clone()).or_default() += 1;
                a.total += 1;
                if let Some(p) = previous.take() {
                    // A word ending its phrase is followed by the end, a type of its own.
                    a.follow(p, if joined { w.clone() } else { END.into() });
                }
                previous = Some(w);
            }
            if let Some(p) = previous {
                a.follow(p, END.into());
            }
        }
        a.forms = spellings
            .into_iter()
            .map(|(b, forms)| {
                let mut forms: Vec<(String, u32)> = forms.into_iter().collect();
                forms.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
                forms.truncate(FORMS);
                (b, forms.into_iter().map(|(f, _)| f).collect())
            })
            .collect();
        a
    }

    fn follow(&mut self, p: String, w: String) {
        let n = self.bigrams.entry((p.clone(), w)).or_default();
        if *n == 0 {
            *self.followers.entry(p).or_default() += 1;
        }
        *n += 1;
    }

    /// `log P(w)`, add-one over the vocabulary.
    fn unigram(&self, w: &str) -> f64 {
        let c = self.unigrams.get(w).copied().unwrap_or(0) as f64;
        ((c + 1.0) / (self.total as f64 + self.unigrams.len() as f64 + 1.0)).ln()
    }

    /// `log P(w | p)`, Witten-Bell: the share of `p`'s followers never seen is
    /// `T(p) / (c(p) + T(p))`, given to the unigram model.
    fn bigram(&self, p: &str, w: &str) -> f64 {
        let c_p = self.unigrams.get(p).copied().unwrap_or(0) as f64;
        let t_p = self.followers.get(p).copied().unwrap_or(0) as f64;
        let unigram = self.unigram(w).exp();
        if c_p + t_p == 0.0 {
            return unigram.ln();
        }
        let c_pw = self
            .bigrams
            .get(&(p.to_string(), w.to_string()))
            .copied()
            .unwrap_or(0) as f64;
        ((c_pw + t_p * unigram) / (c_p + t_p)).ln()
    }

    /// The query with its diacritics restored, when it reads as Vietnamese typed
    /// without them: only ASCII letters ([`may_restore`]), at least four in five of
    /// its words (of two letters or more, not all capitals: `CNTT`, `A`, `I` are
    /// codes) are syllables of the indexed Vietnamese text, and at least two of them
    /// take marks. `None` otherwise (any other language, or a query already written
    /// with its marks).
    pub fn restore(&self, query: &str) -> Option<String> {
        if self.total == 0 || !may_restore(query) {
            return None;
        }
        let ws = words(query);
        let code = |w: &str| w.chars().count() < 2 || w.chars().all(|c| c.is_uppercase());
        // Each word's bare form when it is a known syllable, not a code.
        let known: Vec<Option<String>> = ws
            .iter()
            .map(|w| Some(bare(w.text)).filter(|b| !code(w.text) && self.forms.contains_key(b)))
            .collect();
        let counted = ws.iter().filter(|w| !code(w.text)).count();
        let syllables = known.iter().flatten().count();
        if syllables < 2 || syllables * 5 < counted * 4 {
            return None;
        }
        // Viterbi over each run of known words joined by white space.
        let mut chosen: Vec<Option<String>> = vec![None; ws.len()];
        let mut i = 0;
        while i < ws.len() {
            if known[i].is_none() {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < ws.len() && ws[j].joined && known[j].is_some() {
                j += 1;
            }
            // A form stands only beside a neighbour the text has it with: on the
            // word's frequency alone, `toi da` became `tới đã` where the standards,
            // which never write `tối đa`, said nothing either way.
            let forms = self.decode(known[i..j].iter().flatten());
            let seen = |a: &String, b: &String| self.bigrams.contains_key(&(a.clone(), b.clone()));
            for (k, form) in forms.iter().enumerate() {
                let left = k > 0 && seen(&forms[k - 1], form);
                let right = k + 1 < forms.len() && seen(form, &forms[k + 1]);
                if left || right {
                    chosen[i + k] = Some(form.clone());
                }
            }
            i = j;
        }
        let mut out = String::new();
        let mut changed = 0;
        let mut at = 0;
        for (w, form) in ws.iter().zip(&chosen) {
            out.push_str(&query[at..w.start]);
            match form {
                Some(f) if *f != w.text.to_lowercase() => {
                    changed += 1;
                    let mut cs = f.chars();
                    if w.text.starts_with(char::is_uppercase)
                        && let Some(first) = cs.next()
                    {
                        out.extend(first.to_uppercase());
                        out.push_str(cs.as_str());
                    } else {
                        out.push_str(f);
                    }
                }
                _ => out.push_str(w.text),
            }
            at = w.start + w.text.len();
        }
        out.push_str(&query[at..]);
        (changed >= 2).then_some(out)
    }

    /// The likeliest written forms of a run of bare syllables, all known.
    fn decode<'a>(&self, run: impl Iterator<Item = &'a String>) -> Vec<String> {
        let options: Vec<&Vec<String>> = run.map(|b| &self.forms[b]).collect();
        // best[k][c]: log-probability of the best path ending in option c of word k.
        let mut best: Vec<Vec<(f64, usize)>> = Vec::with_capacity(options.len());
        best.push(options[0].iter().map(|f| (self.unigram(f), 0)).collect());
        for k in 1..options.len() {
            let row = options[k]
                .iter()
                .map(|f| {
                    options[k - 1]
                        .iter()
                        .enumerate()
                        .map(|(c, p)| (best[k - 1][c].0 + self.bigram(p, f), c))
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .unwrap_or((f64::NEG_INFINITY, 0))
                })
                .collect();
            best.push(row);
        }
        let last = best.len() - 1;
        let mut c = (0..best[last].len())
            .max_by(|&a, &b| best[last][a].0.total_cmp(&best[last][b].0))
            .unwrap_or(0);
        let mut out = vec![String::new(); options.len()];
        for k in (0..options.len()).rev() {
            out[k] = options[k][c].clone();
            c = best[k][c].1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Accents {
        Accents::build([
            "Thử nghiệm tính liên tục của mạch nối đất: điện trở không được vượt quá 0,1 Ω.",
            "Điện trở cách điện được đo ở nhiệt độ môi trường.",
            "Thiết bị cấp I phải có đầu nối đất. Diễn giải các thuật ngữ.",
            "Độ bền của thiết bị; đồ chơi trẻ em không thuộc phạm vi.",
            "Giá trị lớn nhất là bao nhiêu?",
        ])
    }

    #[test]
    fn vietnamese_typed_without_marks_gets_them_back() {
        let a = sample();
        assert_eq!(
            a.restore("thu nghiem noi dat dien tro bao nhieu")
                .as_deref(),
            Some("thử nghiệm nối đất điện trở bao nhiêu")
        );
        // Codes and numbers stay, capitals are kept.
        assert_eq!(
            a.restore("Dien tro thiet bi cap I 25 A").as_deref(),
            Some("Điện trở thiết bị cấp I 25 A")
        );
    }

    #[test]
    fn other_languages_and_marked_text_are_left_alone() {
        let a = sample();
        assert_eq!(a.restore("earth continuity resistance 0.1 ohm"), None);
        assert_eq!(a.restore("batas keluaran suara pemutar musik"), None);
        assert_eq!(a.restore("điện trở nối đất"), None);
        assert_eq!(a.restore("接地电阻"), None);
        assert_eq!(Accents::default().restore("dien tro"), None);
    }
}
