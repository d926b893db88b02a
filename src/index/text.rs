//! Word segmentation for every corpus language, as one tantivy tokenizer.
//!
//! Standards text mixes scripts inside one clause (`泄漏电流不应超过0.75 mA`,
//! `ตาม IEC 60335-1`), so the text is cut into script runs and each run goes to the
//! segmenter that suits it: jieba (search mode, so a compound like 泄漏电流 is also
//! found as 泄漏 + 电流) for Han, the ICU4X dictionary segmenter for Thai, Lao, Khmer
//! and Burmese, and a plain word splitter for Latin script and numbers. Latin words
//! are lower-cased and NFC-normalised; the `folded` variant also strips diacritics so
//! that a Vietnamese query typed without accents (`dong dien ro`) still matches. The
//! index keeps both variants in separate fields, so exact matches still score higher.
//!
//! Tokens get ordinal positions (one per token), as phrase queries expect.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use jieba_rs::Jieba;
use std::sync::LazyLock;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Name under which the exact (case-folded) analyser is registered.
pub const EXACT: &str = "stdalign";
/// Name under which the diacritic-folding analyser is registered.
pub const FOLDED: &str = "stdalign_folded";

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// A tantivy tokenizer over [`analyze`].
#[derive(Clone, Copy, Debug, Default)]
pub struct MultilingualTokenizer {
    /// Strip diacritics from Latin-script words.
    pub fold: bool,
}

impl Tokenizer for MultilingualTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream {
            tokens: analyze(text, self.fold),
            next: 0,
        }
    }
}

/// Tokens produced eagerly; clauses are short, so this costs little and keeps the
/// segmenters out of tantivy's streaming contract.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Han,
    /// Thai, Lao, Khmer, Burmese: written without spaces between words.
    SouthEastAsian,
    /// Letters (any other script), digits and combining marks.
    Word,
    Other,
}

fn script(c: char) -> Script {
    match c {
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' => Script::Han,
        '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}' => {
            Script::SouthEastAsian
        }
        c if c.is_alphanumeric() || is_combining_mark(c) => Script::Word,
        _ => Script::Other,
    }
}

/// Full-width ASCII (common in Chinese text: `ＩＥＣ`, `０.５`) to ASCII.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

/// Splits `text` into index tokens. Offsets are byte offsets into `text`.
pub fn analyze(text: &str, fold: bool) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let kind = script(narrow(chars[i].1));
        let mut j = i + 1;
        match kind {
            Script::Other => {
                i = j;
                continue;
            }
            Script::Word => {
                // A decimal separator between digits stays inside the number.
                while j < chars.len() {
                    let c = narrow(chars[j].1);
                    let joins = (c == '.' || c == ',')
                        && narrow(chars[j - 1].1).is_ascii_digit()
                        && chars
                            .get(j + 1)
                            .is_some_and(|(_, n)| narrow(*n).is_ascii_digit());
                    if script(c) == Script::Word || joins {
                        j += 1;
                    } else {
                        break;
                    }
                }
            }
            _ => {
                while j < chars.len() && script(narrow(chars[j].1)) == kind {
                    j += 1;
                }
            }
        }
        let start = chars[i].0;
        let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
        let run = &text[start..end];
        match kind {
            Script::Han => {
                for w in JIEBA.cut_for_search(run, true) {
                    push(
                        &mut tokens,
                        start + w.byte_start,
                        start + w.byte_end,
                        w.word.to_string(),
                    );
                }
            }
            Script::SouthEastAsian => {
                let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
                let breaks: Vec<usize> = segmenter.segment_str(run).collect();
                for w in breaks.windows(2) {
                    let word = &run[w[0]..w[1]];
                    if word.chars().any(|c| !c.is_whitespace()) {
                        push(&mut tokens, start + w[0], start + w[1], word.to_string());
                    }
                }
            }
            _ => {
                let word = normalize_word(run, fold);
                if !word.is_empty() {
                    push(&mut tokens, start, end, word);
                }
            }
        }
        i = j;
    }
    tokens
}

fn push(tokens: &mut Vec<Token>, from: usize, to: usize, text: String) {
    let position = tokens.len();
    tokens.push(Token {
        offset_from: from,
        offset_to: to,
        position,
        text,
        position_length: 1,
    });
}

/// Lower-case, NFC, full-width to ASCII, `0,5` → `0.5`; with `fold`, also without
/// diacritics (`điện` → `dien`).
pub(crate) fn normalize_word(word: &str, fold: bool) -> String {
    let narrowed: String = word
        .chars()
        .map(narrow)
        .flat_map(char::to_lowercase)
        .collect();
    let mut out: String = if fold {
        narrowed
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .map(|c| match c {
                'đ' => 'd',
                'ø' => 'o',
                'ł' => 'l',
                'ß' => 's',
                c => c,
            })
            .collect()
    } else {
        narrowed.nfc().collect()
    };
    if out.contains(',') {
        out = out.replace(',', ".");
    }
    out
}

/// The distinct token texts of a query, in order.
pub fn query_terms(query: &str, fold: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in analyze(query, fold) {
        if !out.contains(&t.text) {
            out.push(t.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, fold: bool) -> Vec<String> {
        analyze(text, fold).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn chinese_is_segmented_with_compounds_and_numbers() {
        let w = words("泄漏电流不应超过0.75 mA", false);
        assert!(w.contains(&"泄漏".to_string()), "{w:?}");
        assert!(w.contains(&"电流".to_string()), "{w:?}");
        assert!(w.contains(&"0.75".to_string()), "{w:?}");
        assert!(w.contains(&"ma".to_string()), "{w:?}");
    }

    #[test]
    fn thai_is_segmented_into_dictionary_words() {
        let w = words("กระแสรั่วไหลต้องไม่เกิน 0.75 mA", false);
        assert!(w.contains(&"กระแส".to_string()), "{w:?}");
        assert!(w.contains(&"ต้อง".to_string()), "{w:?}");
        assert!(w.contains(&"ไม่".to_string()), "{w:?}");
        assert!(w.contains(&"0.75".to_string()), "{w:?}");
    }

    #[test]
    fn vietnamese_folds_only_in_the_folded_variant() {
        assert_eq!(
            words("Dòng điện rò 0,5 mA", false),
            ["dòng", "điện", "rò", "0.5", "ma"]
        );
        assert_eq!(
            words("Dòng điện rò 0,5 mA", true),
            ["dong", "dien", "ro", "0.5", "ma"]
        );
    }

    #[test]
    fn offsets_point_into_the_original_text_and_positions_are_ordinal() {
        let text = "见IEC 60335-1的8.1";
        let tokens = analyze(text, false);
        for (n, t) in tokens.iter().enumerate() {
            assert_eq!(t.position, n);
            let slice = &text[t.offset_from..t.offset_to];
            assert_eq!(
                normalize_word(slice, false).chars().count().min(1),
                1,
                "{slice}"
            );
        }
        assert_eq!(words(text, false), ["见", "iec", "60335", "1", "的", "8.1"]);
    }
}
