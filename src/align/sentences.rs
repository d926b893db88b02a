//! The sentences of an aligned group, their alignment across languages, and the
//! requirements present on one side only.
//!
//! A group's clauses are split into sentences (and list items, table rows). They are
//! aligned with the sentence embeddings by a monotone dynamic programme over 1-1,
//! 2-1, 1-2 and skip moves (Gale-Church's moves, Vecalign's idea of scoring a merge
//! by the embedding of the joined sentences). A link earns its similarity above the
//! group's own level of unrelated sentences, not above an absolute cosine: e5
//! cosines between any two sentences of one domain are high (0.75–0.90) and drift
//! with language and length, so a floor tuned on one corpus misaligns the next.
//! Without the model, sides with as many sentences pair in order.
//!
//! The alignment serves two detectors: strength words are compared sentence by
//! sentence, and the quantities of a group are paired inside aligned sentences
//! first. Added and removed text across languages is judged on list items (see
//! [`text_differences`]) and on sentences that state values the other side has
//! nowhere ([`one_sided_limits`]), not on the embeddings alone: measured on the
//! steel and cement families, a sentence present on one side only was as close to
//! the other side as the loosely translated sentences around it, so reports from
//! similarity alone were mostly wrong.

use super::diff::{
    DiffKind, Difference, Located, Paired, SentenceEmbedder, Side, is_note, printed,
};
use super::units::Quantity;
use crate::Result;
use crate::embed::dot as cos;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// One sentence, list item or table row of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Key of its clause.
    pub key: String,
    /// As printed.
    pub text: String,
    /// Range of characters in the clause text.
    pub span: [usize; 2],
    /// An item of an enumeration (a line after a line that ends with a colon).
    pub item: bool,
    /// A table row or a caption.
    pub table: bool,
}

/// The normative sentences of a side, in order: lines without notes, split after
/// 。；;!?！？, the Khmer, Burmese and Devanagari full stops, and after a `.` followed
/// by a space. Table rows stay whole.
pub fn split(side: &Side) -> Vec<Sentence> {
    let mut out = Vec::new();
    for c in &side.clauses {
        let mut in_list = false;
        let mut previous_item = None;
        for raw in c.text.lines() {
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            if is_note(line) {
                in_list = false;
                continue;
            }
            if is_compliance(line) || leaves_list(previous_item, line, side.lang) {
                in_list = false;
            }
            // Lines are slices of the clause text: their offset places each sentence.
            let base = line.as_ptr() as usize - c.text.as_ptr() as usize;
            let chars_to = |byte: usize| c.text[..base + byte].chars().count();
            let table = is_table_text(line);
            let item = in_list && !table;
            let mut push = |from: usize, to: usize| {
                let piece = &line[from..to];
                let text = piece.trim();
                if text.is_empty() {
                    return;
                }
                let lead = piece.len() - piece.trim_start().len();
                let start = from + lead;
                out.push(Sentence {
                    key: c.key.clone(),
                    text: text.to_string(),
                    span: [chars_to(start), chars_to(start + text.len())],
                    item,
                    table,
                });
            };
            let mut start = 0;
            if !table {
                let chars: Vec<(usize, char)> = line.char_indices().collect();
                for (k, &(i, ch)) in chars.iter().enumerate() {
                    let next = chars.get(k + 1).map(|x| x.1);
                    // Full stops of scripts without a Latin one: Khmer ។, Burmese ။,
                    // Devanagari ।, and the full-width marks of Chinese.
                    if ends_sentence(ch, next) {
                        push(start, i + ch.len_utf8());
                        start = i + ch.len_utf8();
                    }
                }
            }
            push(start, line.len());
            if item && closes_list(previous_item, line) {
                in_list = false;
            }
            previous_item = item.then_some(line);
            if introduces_list(line) {
                in_list = true;
            }
        }
    }
    out
}

/// Whether `ch` (followed by `next`) ends a sentence: 。；;!?！？, the full stops of
/// scripts without a Latin one (Khmer ។, Burmese ။, Devanagari ।), and a `.`
/// followed by a space.
pub(super) fn ends_sentence(ch: char, next: Option<char>) -> bool {
    matches!(
        ch,
        '。' | '；' | ';' | '!' | '?' | '！' | '？' | '။' | '។' | '।'
    ) || (ch == '.' && next.is_some_and(char::is_whitespace))
}

/// Whether a text states a requirement: a shall or must form, a prohibition.
fn requires(text: &str, lang: &str) -> bool {
    super::strength::modals(text, lang)
        .iter()
        .any(|m| m.strength >= super::strength::Strength::Shall)
}

/// Whether a sentence may hold several: Thai and Lao have no full stop, and a space
/// between two of their words ends a sentence or only a clause, which the text does
/// not tell (spaces around numbers and Latin words end neither). Such a line is
/// kept whole, and a sentence of the other side may be inside it.
fn holds_several(s: &Sentence) -> bool {
    let spaced = |c: char| ('\u{0E01}'..='\u{0EDF}').contains(&c);
    let chars: Vec<char> = s.text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[1] == ' ' && spaced(w[0]) && spaced(w[2]))
}

/// Whether an enumeration ends with this item. By drafting convention items end with
/// `;` (`；`) and the last with a full stop, so a full stop after a semicolon item
/// closes the list: what follows is running text again, not one more item.
fn closes_list(previous_item: Option<&str>, item: &str) -> bool {
    previous_item.is_some_and(|p| p.ends_with([';', '；'])) && item.ends_with(['。', '.'])
}

/// Whether a line after the items of an unpunctuated list is running text again:
/// items without `;` or a full stop (Thai lists, where neither is written) that
/// state no requirement, then a line that does (`ระหว่างการทดสอบต้องไม่เกิดการเบรกดาวน์`
/// after `ฉนวนมูลฐาน: 1 000 V`) and is not labelled as the items are (`ประเภท I …:
/// 0.75 mA … แต่ต้องไม่เกิน 5 mA` is one more item).
fn leaves_list(previous_item: Option<&str>, line: &str, lang: &str) -> bool {
    let requires = |text: &str| requires(text, lang);
    let labelled = |text: &str| text.contains([':', '：']);
    let punctuated = |text: &str| text.ends_with([';', '；', '.', '。', ',', '，', '、']);
    let plain_items = previous_item.is_some_and(|p| {
        let like_it = labelled(p) && labelled(line);
        !(punctuated(p) || requires(p) || like_it)
    });
    plain_items && requires(line)
}

/// Compliance statements say how a requirement is checked; national texts add or
/// drop them freely, so they are not requirements of their own here.
pub fn is_compliance(sentence: &str) -> bool {
    // The adoptions' renderings of IEC's "Compliance is checked by", in either voice.
    const MARKS: &[&str] = &[
        "compliance is checked",
        "compliance is verified",
        "conformity is checked",
        "pemenuhan diperiksa",
        "kesesuaian diperiksa",
        "pematuhan disemak",
        "pematuhan diperiksa",
        "pematuhan dinilai",
        "pematuhan hendaklah disemak",
        "sự phù hợp được kiểm tra",
        "kiểm tra sự phù hợp",
        "การเป็นไปตามข้อกำหนดให้ตรวจสอบ",
        "ตรวจสอบความเป็นไปตามข้อกำหนด",
        "是否合格",
        "检查其符合性",
    ];
    let lower = sentence.to_lowercase();
    MARKS.iter().any(|m| lower.contains(m))
}

/// Table rows (cells joined by ` | `, their values are compared as quantities) and
/// table or figure captions.
pub fn is_table_text(s: &str) -> bool {
    static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:表|图|Table|Figure|Bảng|Hình|Tabel|Gambar|Jadual|Rajah|ตารางที่|รูปที่)\s*[A-Zก-ฮ]?[\d.]+\b")
            .expect("caption pattern is valid")
    });
    s.contains(" | ") || CAPTION.is_match(s)
}

/// Long enough to be a requirement: four words, or eight characters of a script
/// written without spaces.
fn substantial(s: &str) -> bool {
    let words = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let unspaced = s
        .chars()
        .filter(|c| c.is_alphabetic() && *c as u32 >= 0x0E00)
        .count();
    words >= 4 || unspaced >= 8
}

/// Sentences of the two sides that say the same thing; one side is empty for a
/// sentence without counterpart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Indices of left sentences (consecutive).
    pub left: Vec<usize>,
    /// Indices of right sentences (consecutive).
    pub right: Vec<usize>,
}

/// How the sentences of a group correspond.
#[derive(Debug, Clone, Default)]
pub struct SentenceAlignment {
    /// The links in document order.
    pub links: Vec<Link>,
    /// Found by meaning (embeddings); otherwise the sentences were paired in order.
    pub by_meaning: bool,
}

/// The sentences used for alignment: no table rows or captions (their values are
/// compared as quantities) and no compliance statements.
pub(super) fn alignable(s: &Sentence) -> bool {
    !s.table && !is_compliance(&s.text)
}

/// Aligns the sentences of two sides: by meaning when `embed` is given (and either
/// side has more than one sentence), otherwise in order when they are as many;
/// `None` when neither is possible.
pub fn align(
    ls: &[Sentence],
    rs: &[Sentence],
    quantities: [&[Located]; 2],
    embed: Option<&SentenceEmbedder>,
    means: Option<[&[f32]; 2]>,
) -> Result<Option<SentenceAlignment>> {
    let li: Vec<usize> = (0..ls.len()).filter(|&i| alignable(&ls[i])).collect();
    let ri: Vec<usize> = (0..rs.len()).filter(|&j| alignable(&rs[j])).collect();
    if li.is_empty() || ri.is_empty() {
        return Ok(None);
    }
    // One sentence each, or no model: pair in order when the counts allow it.
    let in_order = (li.len() == 1 && ri.len() == 1) || embed.is_none();
    if in_order && li.len() == ri.len() {
        return Ok(Some(SentenceAlignment {
            links: li
                .iter()
                .zip(&ri)
                .map(|(&i, &j)| Link {
                    left: vec![i],
                    right: vec![j],
                })
                .collect(),
            ..Default::default()
        }));
    }
    let Some(embed) = embed else {
        return Ok(None);
    };
    let (n, m) = (li.len(), ri.len());
    // Each sentence, then each pair of neighbours joined (for 2-1 and 1-2 moves).
    let mut texts: Vec<String> = li.iter().map(|&i| ls[i].text.clone()).collect();
    texts.extend(ri.iter().map(|&j| rs[j].text.clone()));
    texts.extend(
        li.windows(2)
            .map(|w| format!("{} {}", ls[w[0]].text, ls[w[1]].text)),
    );
    texts.extend(
        ri.windows(2)
            .map(|w| format!("{} {}", rs[w[0]].text, rs[w[1]].text)),
    );
    let mut v = embed(&texts)?;
    // Each side relative to its standard's mean clause vector: e5 gives every text of
    // a language (and of a subject) a common offset, and what is left compares
    // sentences across languages more evenly (as in search; see `centred_query`).
    if let Some([left_mean, right_mean]) = means {
        let joined_left = n + m..n + m + n.saturating_sub(1);
        for (k, x) in v.iter_mut().enumerate() {
            let left = k < n || joined_left.contains(&k);
            if let Some(c) = crate::embed::centred(x, if left { left_mean } else { right_mean }) {
                *x = c;
            }
        }
    }
    let (lv, rest) = v.split_at(n);
    let (rv, rest) = rest.split_at(m);
    let (lv2, rv2) = rest.split_at(n.saturating_sub(1));
    let anchors = [
        anchors_of(ls, &li, quantities[0]),
        anchors_of(rs, &ri, quantities[1]),
    ];
    let found = align_vectors(lv, rv, lv2, rv2, &anchors);
    if tracing::enabled!(tracing::Level::TRACE) {
        let show = |side: &[Sentence], ids: &[usize], map: &[usize]| -> String {
            ids.iter()
                .map(|&k| {
                    let s = &side[map[k]];
                    format!("{}: {}", s.key, s.text)
                })
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let keys = |side: &[Sentence]| -> String {
            let mut k: Vec<&str> = side.iter().map(|s| s.key.as_str()).collect();
            k.dedup();
            k.join(",")
        };
        tracing::trace!("sentence alignment {} <-> {}", keys(ls), keys(rs));
        for l in &found {
            tracing::trace!(
                "sentences [{}] <-> [{}]",
                show(ls, &l.left, &li),
                show(rs, &l.right, &ri)
            );
        }
    }
    Ok(Some(SentenceAlignment {
        links: found
            .into_iter()
            .map(|l| Link {
                left: l.left.iter().map(|&k| li[k]).collect(),
                right: l.right.iter().map(|&k| ri[k]).collect(),
            })
            .collect(),
        by_meaning: true,
    }))
}

/// The gap between counterpart and non-counterpart similarity assumed when a group
/// is too small to show its own (a 1×2 group has no pair that is neither a row's nor
/// a column's best). Measured on the corpus: e5 translation pairs sit about 0.08
/// above the other sentences of their clause.
const DEFAULT_GAP: f32 = 0.08;

/// The group's level of non-counterpart similarity: the mean similarity of the
/// pairs that are neither a row's nor a column's best; in a group too small to have
/// such pairs, the mutual best matches' median less a typical gap.
fn unrelated_level(c: &[Vec<f32>], row_best: &[usize], col_best: &[usize]) -> f32 {
    let m = c[0].len();
    let others: Vec<f32> = (0..c.len())
        .flat_map(|i| (0..m).map(move |j| (i, j)))
        .filter(|&(i, j)| row_best[i] != j && col_best[j] != i)
        .map(|(i, j)| c[i][j])
        .collect();
    if !others.is_empty() {
        return others.iter().sum::<f32>() / others.len() as f32;
    }
    mutual_median(c, row_best, col_best) - DEFAULT_GAP
}

/// The median similarity of the mutual best matches: the group's counterparts.
fn mutual_median(c: &[Vec<f32>], row_best: &[usize], col_best: &[usize]) -> f32 {
    let mut mutual: Vec<f32> = (0..c.len())
        .filter(|&i| col_best[row_best[i]] == i)
        .map(|i| c[i][row_best[i]])
        .collect();
    mutual.sort_by(f32::total_cmp);
    // A non-empty matrix always has a mutual best pair (its largest entry).
    mutual[mutual.len() / 2]
}

/// The quantities printed with a unit inside a sentence (`0,09 mm`, `10 %`, not a
/// bare number): amounts read the same in every language.
fn printed_amounts<'a>(s: &Sentence, qs: &'a [Located]) -> Vec<&'a Located> {
    qs.iter()
        .filter(|q| {
            q.key == s.key
                && q.span[0] >= s.span[0]
                && q.span[1] <= s.span[1]
                && printed(&q.quantity)
        })
        .collect()
}

/// The printed amounts of each sentence (by position among the aligned ones), the
/// anchors of the alignment.
fn anchors_of<'a>(ss: &[Sentence], ids: &[usize], qs: &'a [Located]) -> Vec<Vec<&'a Quantity>> {
    ids.iter()
        .map(|&i| {
            printed_amounts(&ss[i], qs)
                .into_iter()
                .map(|q| &q.quantity)
                .collect()
        })
        .collect()
}

/// The share of two sentences' amounts that have their equal on the other side:
/// 1 when all do, 0 when none do or either states none. Translations keep their
/// numbers, so a shared amount is evidence of a counterpart that embeddings of
/// loosely translated text cannot give. Amounts not shared are no evidence against:
/// a changed value is what the comparison looks for, and a penalty for it linked
/// the changed limit's sentence to a neighbour that happened to repeat the old
/// value (100 → 85 dB(A), warning 85 → 80 dB(A)); one side stating amounts and the
/// other none was no better (two wrong one-sided sentences for one found).
fn anchor_agreement(a: &[&Quantity], b: &[&Quantity]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let found = |x: &&Quantity, ys: &[&Quantity]| ys.iter().any(|y| x.same_nominal(y));
    let shared =
        a.iter().filter(|x| found(x, b)).count() + b.iter().filter(|y| found(y, a)).count();
    shared as f32 / (a.len() + b.len()) as f32
}

/// The monotone alignment maximising the sum of (similarity − the group's unrelated
/// level) over links: any pair closer than unrelated sentences may link, and order
/// decides between them; a skipped sentence earns nothing. Shared amounts
/// (`anchors`, per side and sentence) raise a link's gain by up to the group's gap
/// between its counterparts and its unrelated sentences: as much as the embeddings
/// tell a translation from a neighbour, no more.
fn align_vectors(
    lv: &[Vec<f32>],
    rv: &[Vec<f32>],
    lv2: &[Vec<f32>],
    rv2: &[Vec<f32>],
    anchors: &[Vec<Vec<&Quantity>>; 2],
) -> Vec<Link> {
    let (n, m) = (lv.len(), rv.len());
    let c: Vec<Vec<f32>> = lv
        .iter()
        .map(|a| rv.iter().map(|b| cos(a, b)).collect())
        .collect();
    let row_best: Vec<usize> = (0..n)
        .map(|i| {
            (0..m)
                .max_by(|&a, &b| c[i][a].total_cmp(&c[i][b]))
                .unwrap_or(0)
        })
        .collect();
    let col_best: Vec<usize> = (0..m)
        .map(|j| {
            (0..n)
                .max_by(|&a, &b| c[a][j].total_cmp(&c[b][j]))
                .unwrap_or(0)
        })
        .collect();
    let t = unrelated_level(&c, &row_best, &col_best);
    let gap = (mutual_median(&c, &row_best, &col_best) - t).max(0.0);
    fn joined<'q>(side: &[Vec<&'q Quantity>], k: usize) -> Vec<&'q Quantity> {
        side[k].iter().chain(&side[k + 1]).copied().collect()
    }
    let [la, ra] = anchors;
    let path = super::monotone::best_path(n, m, |i, j, offer| {
        offer(1, 1, c[i][j] - t + gap * anchor_agreement(&la[i], &ra[j]));
        if i + 1 < n {
            let agree = anchor_agreement(&joined(la, i), &ra[j]);
            offer(2, 1, cos(&lv2[i], &rv[j]) - t + gap * agree);
        }
        if j + 1 < m {
            let agree = anchor_agreement(&la[i], &joined(ra, j));
            offer(1, 2, cos(&lv[i], &rv2[j]) - t + gap * agree);
        }
    });
    let mut links: Vec<Link> = Vec::with_capacity(path.len());
    for s in path {
        let link = Link {
            left: (s.i..s.i + s.a).collect(),
            right: (s.j..s.j + s.b).collect(),
        };
        // Two sentences skipped side by side, one on each side, where one is the
        // other's closest sentence in the group: a reworded counterpart whose
        // similarity fell below the unrelated level (a translation that adds a
        // qualifier), not a sentence each side lacks.
        if let Some(last) = links.last_mut() {
            let facing = match (
                &last.left[..],
                &last.right[..],
                &link.left[..],
                &link.right[..],
            ) {
                (&[i], &[], &[], &[j]) | (&[], &[j], &[i], &[]) => Some((i, j)),
                _ => None,
            };
            if let Some((i, j)) = facing.filter(|&(i, j)| row_best[i] == j || col_best[j] == i) {
                *last = Link {
                    left: vec![i],
                    right: vec![j],
                };
                continue;
            }
        }
        links.push(link);
    }
    links
}

/// Sentences and list items present on one side only. In one language, a word-level
/// diff of the normative text; across languages, the items of enumerations.
pub fn text_differences(
    left: &Side,
    right: &Side,
    ls: &[Sentence],
    rs: &[Sentence],
    embed: Option<&SentenceEmbedder>,
) -> Result<Vec<Difference>> {
    if left.lang == right.lang {
        let keep = |v: &[Sentence]| -> Vec<(String, String)> {
            v.iter()
                .filter(|s| alignable(s) && substantial(&s.text))
                .map(|s| (s.key.clone(), s.text.clone()))
                .collect()
        };
        let (ls, rs) = (keep(ls), keep(rs));
        if ls.is_empty() || rs.is_empty() {
            return Ok(Vec::new());
        }
        return Ok(word_differences(&ls, &rs));
    }
    list_differences(left, right, embed)
}

/// The clauses of each side with a sentence linked to the other side. A clause none
/// of whose sentences links is one-sided as a whole: whether it belongs to the group
/// at all is the clause alignment's call, not an added sentence.
fn linked_clauses<'s>(
    ls: &'s [Sentence],
    rs: &'s [Sentence],
    alignment: &SentenceAlignment,
) -> [HashSet<&'s str>; 2] {
    let mut linked: [HashSet<&str>; 2] = Default::default();
    for link in alignment
        .links
        .iter()
        .filter(|l| !l.left.is_empty() && !l.right.is_empty())
    {
        linked[0].extend(link.left.iter().map(|&i| ls[i].key.as_str()));
        linked[1].extend(link.right.iter().map(|&j| rs[j].key.as_str()));
    }
    linked
}

/// How many sentences of one side of a group (substantial ones, in clauses with a
/// linked sentence) the sentence alignment left without counterpart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Sentences counted.
    pub sentences: usize,
    /// Of those, left without counterpart.
    pub unmatched: usize,
}

impl Tally {
    /// Adds another group's counts.
    pub fn add(&mut self, other: Tally) {
        self.sentences += other.sentences;
        self.unmatched += other.unmatched;
    }

    /// Whether this side of a pair of standards reads as a parallel text: at most one
    /// sentence in ten without counterpart. A side with more is the more detailed
    /// text (an abridged counterpart, an elaborated national text), and a sentence
    /// of it without counterpart is more of that elaboration, not an added
    /// requirement. Measured on the corpus pairs: parallel national texts leave 0–9 %
    /// of their sentences unmatched, the full side against an abridged one 17–32 %.
    pub fn parallel(self) -> bool {
        self.unmatched * 10 <= self.sentences
    }
}

/// Whether a sentence or line introduces what follows (a list, labelled values): it
/// ends with a colon, or with "the following" / "as follows" where no colon is
/// written (`ต้องไม่เกินค่าต่อไปนี้`, `หมวกนิรภัยแบ่งออกเป็นแบบต่าง ๆ ดังนี้`).
pub(super) fn introduces_list(sentence: &str) -> bool {
    const FOLLOWING: &[&str] = &[
        "ต่อไปนี้",
        "ดังนี้",
        "下列",
        "如下",
        "following",
        "as follows",
        "sau đây",
        "berikut",
    ];
    let text = sentence.trim_end_matches(['.', '。', ' ']);
    text.ends_with([':', '：']) || FOLLOWING.iter().any(|f| text.ends_with(f))
}

/// Requirement sentences and list items present on one side only that state no
/// amounts, per side, and how many sentences each side left unmatched. Without an amount the only
/// evidence is the sentence alignment, so a candidate must be a requirement (a
/// shall or must form, a prohibition), not the lead-in of a list (its items are
/// compared by themselves); its side's unmatched sentences in the group must lie
/// together between the same two links (a passage one side adds, not a looser
/// rendering of the whole group), and the other side must have none there: an
/// unmatched sentence facing another is more likely a reworded counterpart the
/// alignment could not link, and so is one facing lines that may hold several
/// sentences ([`holds_several`]). The caller decides with the whole pair's
/// [`Tally`] whether the side is parallel enough to report them.
pub fn one_sided_requirements(
    ls: &[Sentence],
    rs: &[Sentence],
    alignment: &SentenceAlignment,
    quantities: [&[Located]; 2],
    langs: [&str; 2],
) -> ([Vec<Difference>; 2], [Tally; 2]) {
    let linked = linked_clauses(ls, rs, alignment);
    let sides = [ls, rs];
    let counted = |side: usize, i: usize| {
        let s = &sides[side][i];
        substantial(&s.text) && linked[side].contains(s.key.as_str())
    };
    let mut tally = [Tally::default(); 2];
    // Unmatched sentences with their gap: how many links with both sides precede
    // them. Sentences the alignment skipped in the same gap on both sides may be
    // counterparts it could not link; in different gaps, order rules that out.
    let mut unmatched: [Vec<(usize, usize)>; 2] = Default::default();
    // Whether each link with both sides joins list items to list items.
    let mut item_links: Vec<bool> = Vec::new();
    let mut gap = 0;
    for link in &alignment.links {
        let one_sided = link.left.is_empty() || link.right.is_empty();
        for (side, ids) in [(0, &link.left), (1, &link.right)] {
            for &i in ids.iter().filter(|&&i| counted(side, i)) {
                tally[side].sentences += 1;
                if one_sided {
                    tally[side].unmatched += 1;
                    unmatched[side].push((i, gap));
                }
            }
        }
        if !one_sided {
            item_links.push(
                link.left.iter().all(|&i| ls[i].item) && link.right.iter().all(|&j| rs[j].item),
            );
        }
        gap += usize::from(!one_sided);
    }
    // An item between two links of items, both lists going on around it: an item one
    // list has and the other lacks, whatever else the group leaves unmatched.
    let inside_list = |gap: usize| {
        gap > 0 && item_links.get(gap - 1) == Some(&true) && item_links.get(gap) == Some(&true)
    };
    // Whether each side has a line that may hold several sentences.
    let several = sides.map(|ss| ss.iter().any(|o| alignable(o) && holds_several(o)));
    let mut out: [Vec<Difference>; 2] = Default::default();
    for (side, &(i, gap)) in unmatched
        .iter()
        .enumerate()
        .flat_map(|(side, u)| u.iter().map(move |x| (side, x)))
    {
        // Unmatched sentences spread over the group read as a looser rendering of
        // it, not as a passage one side adds. A sentence facing an unmatched one may
        // be its reworded counterpart, and one facing lines that hold several
        // sentences may be inside one of them.
        let s = &sides[side][i];
        let item = s.item && inside_list(gap);
        let spread = unmatched[side]
            .iter()
            .any(|&(k, g)| g != gap && !(sides[side][k].item && inside_list(g)));
        let why = if spread && !item {
            "unmatched sentences spread over the group"
        } else if unmatched[1 - side].iter().any(|&(_, g)| g == gap) {
            "faces an unmatched sentence"
        } else if several[1 - side] {
            "the other side's lines may hold several sentences"
        } else if !(item || requires(&s.text, langs[side])) {
            "not a requirement"
        } else if introduces_list(&s.text) {
            "introduces a list"
        } else if !printed_amounts(s, quantities[side]).is_empty() {
            "states amounts"
        } else {
            ""
        };
        if !why.is_empty() {
            tracing::trace!(
                "unmatched {}: {:?} not reported: {why}",
                s.key,
                s.text.chars().take(60).collect::<String>()
            );
            continue;
        }
        let at = Some((&s.key, &s.text));
        out[side].push(if side == 0 {
            text_difference(DiffKind::RemovedText, at, None)
        } else {
            text_difference(DiffKind::AddedText, None, at)
        });
    }
    (out, tally)
}

/// Sentences that state values the other side has nowhere: left without a
/// counterpart by the sentence alignment, with printed quantities (`0,09 mm`,
/// `10 %`) none of whose amounts occurs on the other side, in its text or its
/// tables. Amounts are anchors that do not depend on language, so this holds where
/// the embeddings of loosely translated sentences cannot tell an extra sentence
/// from a reworded one; a sentence whose values the other side gives elsewhere (in
/// a table, say), that repeats a value of its own side, or whose value the value
/// comparison paired with a counterpart (a sentence out of order) is not a new
/// requirement.
pub fn one_sided_limits(
    ls: &[Sentence],
    rs: &[Sentence],
    alignment: &SentenceAlignment,
    quantities: [&[Located]; 2],
    paired: &Paired,
) -> Vec<Difference> {
    let linked = linked_clauses(ls, rs, alignment);
    let mut out = Vec::new();
    for link in &alignment.links {
        let (side, ids, sentences) = match (link.left.is_empty(), link.right.is_empty()) {
            (false, true) => (0, &link.left, ls),
            (true, false) => (1, &link.right, rs),
            _ => continue,
        };
        let other = quantities[1 - side];
        for &i in ids {
            let s = &sentences[i];
            if !substantial(&s.text) || !linked[side].contains(s.key.as_str()) {
                continue;
            }
            let own = printed_amounts(s, quantities[side]);
            // A value the other side also gives, or one this side states again
            // elsewhere (a table's value repeated in prose), is not new.
            let outside =
                |o: &&Located| o.key != s.key || o.span[1] <= s.span[0] || o.span[0] >= s.span[1];
            let elsewhere = |q: &&Located| {
                other
                    .iter()
                    .chain(quantities[side].iter().filter(outside))
                    .any(|o| o.quantity.same_nominal(&q.quantity))
            };
            // The values of a row (one grade's line) are compared row by row, and a
            // row the other side lacks is a grade only one side lists.
            // A quantity the value comparison paired has its counterpart: the
            // sentence moved (out of the alignment's order), it was not added.
            let counterpart = |q: &&Located| paired[side].contains(&(q.key.clone(), q.span));
            // A sentence is new when none of its values occurs elsewhere, or when a
            // limit it sets does not: the conditions of a new limit (an age, a
            // grade) recur naturally on both sides.
            let new = |q: &&Located| !elsewhere(q);
            let sets_new_limit = own.iter().any(|q| q.quantity.limit.is_some() && new(q));
            if own.is_empty()
                || own.iter().any(|q| q.row.is_some() || counterpart(q))
                || !(own.iter().all(new) || sets_new_limit)
            {
                tracing::trace!(
                    "one-sided {}: {:?} kept as not new (values: {:?})",
                    s.key,
                    s.text.chars().take(60).collect::<String>(),
                    own.iter()
                        .map(|q| {
                            let why = if q.row.is_some() {
                                "row"
                            } else if counterpart(q) {
                                "paired"
                            } else if elsewhere(q) {
                                "elsewhere"
                            } else {
                                "new"
                            };
                            format!("{} {why}", q.quantity.raw)
                        })
                        .collect::<Vec<_>>()
                );
                continue;
            }
            let at = Some((&s.key, &s.text));
            out.push(if side == 0 {
                text_difference(DiffKind::RemovedText, at, None)
            } else {
                text_difference(DiffKind::AddedText, None, at)
            });
        }
    }
    out
}

/// The items of the enumerations of a side: the lines after a line that ends with a
/// colon (`下列内容：`, `the following:`), up to a note or a compliance statement.
fn list_items(side: &Side) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in &side.clauses {
        let mut in_list = false;
        let mut previous_item = None;
        for line in c.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if is_note(line) || is_compliance(line) {
                in_list = false;
                continue;
            }
            if leaves_list(previous_item, line, side.lang) {
                in_list = false;
            }
            let item = in_list && !is_table_text(line);
            if item {
                out.push((c.key.clone(), line.to_string()));
                if closes_list(previous_item, line) {
                    in_list = false;
                }
            }
            previous_item = item.then_some(line);
            if introduces_list(line) {
                in_list = true;
            }
        }
    }
    out
}

/// Sentence alignment: a pair earns its cosine above this floor; a skipped sentence
/// earns nothing.
const SENTENCE_FLOOR: f32 = 0.7;

/// Across languages, national texts are rarely sentence-for-sentence translations:
/// measured on the corpus, a sentence present on one side only is as similar to the
/// other side (e5 cosine) as the loosely translated sentences around it, so whole
/// sentences are not judged here. Enumerations are compared item by item: an extra
/// item in a list (a national mark among the markings) is the typical national
/// addition.
fn list_differences(
    left: &Side,
    right: &Side,
    embed: Option<&SentenceEmbedder>,
) -> Result<Vec<Difference>> {
    // Across languages, national texts are rarely sentence-for-sentence translations,
    // so only enumerations are compared item by item: an extra item in a list (a
    // national mark among the markings) is the typical national addition.
    let (ls, rs) = (list_items(left), list_items(right));
    if ls.is_empty() || rs.is_empty() {
        return Ok(Vec::new());
    }
    let Some(embed) = embed else {
        return Ok(Vec::new());
    };
    let texts: Vec<String> = ls.iter().chain(&rs).map(|(_, s)| s.clone()).collect();
    let vectors = embed(&texts)?;
    let (lv, rv) = vectors.split_at(ls.len());
    let (skipped_left, skipped_right) = align_sentences(lv, rv);
    tracing::trace!(
        "list items {} ↔ {}: skipped {skipped_left:?} ↔ {skipped_right:?}",
        ls.len(),
        rs.len()
    );
    // Lists of equal length: an item swapped for another is found by the group's
    // sentence alignment (`one_sided_requirements`).
    let (odd_left, odd_right) = (
        odd_ones_out(&skipped_left, lv, rv),
        odd_ones_out(&skipped_right, rv, lv),
    );
    let mut out = Vec::new();
    for i in odd_left {
        out.push(text_difference(
            DiffKind::RemovedText,
            Some((&ls[i].0, &ls[i].1)),
            None,
        ));
    }
    for j in odd_right {
        out.push(text_difference(
            DiffKind::AddedText,
            None,
            Some((&rs[j].0, &rs[j].1)),
        ));
    }
    Ok(out)
}

/// Of the sentences the alignment skipped on one side, those that are really extra:
/// no more than that side has sentences beyond the other's count, and each less
/// similar to the other side than the side's typical sentence. National texts that
/// are not word-for-word translations skip sentences freely; only a surplus counts.
fn odd_ones_out(skipped: &[usize], own: &[Vec<f32>], other: &[Vec<f32>]) -> Vec<usize> {
    let surplus = own.len().saturating_sub(other.len());
    if surplus == 0 || skipped.is_empty() {
        return Vec::new();
    }
    let best: Vec<f32> = own
        .iter()
        .map(|a| {
            other
                .iter()
                .map(|b| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>())
                .fold(f32::NEG_INFINITY, f32::max)
        })
        .collect();
    let mut sorted = best.clone();
    sorted.sort_by(f32::total_cmp);
    let median = sorted[sorted.len() / 2];
    let mut candidates: Vec<usize> = skipped
        .iter()
        .copied()
        .filter(|&i| best[i] < median)
        .collect();
    candidates.sort_by(|&a, &b| best[a].total_cmp(&best[b]));
    candidates.truncate(surplus);
    candidates.sort_unstable();
    candidates
}

/// Monotone alignment of two item lists (1-1 and skips, as in Gale-Church); returns
/// the items left without a counterpart. In document order an added item shows as
/// the one the other sequence can do without, which a single best-match test cannot
/// see: cosines of one clause's items are all close.
fn align_sentences(lv: &[Vec<f32>], rv: &[Vec<f32>]) -> (Vec<usize>, Vec<usize>) {
    let path = super::monotone::best_path(lv.len(), rv.len(), |i, j, offer| {
        offer(1, 1, cos(&lv[i], &rv[j]) - SENTENCE_FLOOR)
    });
    let skipped = |first: bool| -> Vec<usize> {
        path.iter()
            .filter(|s| if first { s.b == 0 } else { s.a == 0 })
            .map(|s| if first { s.i } else { s.j })
            .collect()
    };
    (skipped(true), skipped(false))
}

/// Text present on one side only: `left` or `right` as (clause key, text).
pub(super) fn text_difference(
    kind: DiffKind,
    left: Option<(&String, &String)>,
    right: Option<(&String, &String)>,
) -> Difference {
    Difference {
        kind,
        left: left.map(|x| x.1.clone()),
        right: right.map(|x| x.1.clone()),
        quantity: None,
        note: match kind {
            DiffKind::AddedText => "requirement only on the right".into(),
            _ => "requirement only on the left".into(),
        },
        limit: None,
        left_key: left.map(|x| x.0.clone()),
        right_key: right.map(|x| x.0.clone()),
        left_span: None,
        right_span: None,
        role: None,
        direction: None,
    }
}

/// A word without surrounding punctuation, lower case.
fn word_form(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Same language: a word-level diff of the normative text; runs of three or more
/// inserted (or deleted) words are reported.
fn word_differences(ls: &[(String, String)], rs: &[(String, String)]) -> Vec<Difference> {
    use similar::{ChangeTag, TextDiff};
    let join = |v: &[(String, String)]| {
        v.iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (a, b) = (join(ls), join(rs));
    let diff = TextDiff::from_words(a.as_str(), b.as_str());
    let mut out = Vec::new();
    // A hunk is a stretch of changes between unchanged words; its inserted and
    // deleted words are judged separately.
    let mut inserted: Vec<&str> = Vec::new();
    let mut deleted: Vec<&str> = Vec::new();
    let finish = |tag: ChangeTag, run: &mut Vec<&str>, out: &mut Vec<Difference>| {
        let text = run.concat().trim().to_string();
        run.clear();
        let other = match tag {
            ChangeTag::Insert => &a,
            _ => &b,
        };
        let other_words: HashSet<String> = other.split_whitespace().map(word_form).collect();
        let words: Vec<String> = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .map(word_form)
            .collect();
        let new = words.iter().filter(|w| !other_words.contains(*w)).count();
        // Words the other side also has are a reordering, not new content.
        if words.len() >= 3 && new * 2 >= words.len() {
            let key = |v: &[(String, String)]| v.first().map(|x| x.0.clone()).unwrap_or_default();
            out.push(match tag {
                ChangeTag::Insert => {
                    text_difference(DiffKind::AddedText, None, Some((&key(rs), &text)))
                }
                _ => text_difference(DiffKind::RemovedText, Some((&key(ls), &text)), None),
            });
        }
    };
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Insert => inserted.push(value),
            ChangeTag::Delete => deleted.push(value),
            ChangeTag::Equal if value.trim().is_empty() => {
                inserted.push(value);
                deleted.push(value);
            }
            ChangeTag::Equal => {
                finish(ChangeTag::Insert, &mut inserted, &mut out);
                finish(ChangeTag::Delete, &mut deleted, &mut out);
            }
        }
    }
    finish(ChangeTag::Insert, &mut inserted, &mut out);
    finish(ChangeTag::Delete, &mut deleted, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Clause, ClauseKind};

    fn side_of(text: &str) -> Vec<Sentence> {
        let c = Clause {
            key: "4.4".into(),
            text: text.into(),
            kind: ClauseKind::Requirement,
            ..Default::default()
        };
        split(&Side {
            clauses: vec![&c],
            lang: "zh",
        })
    }

    fn clause(key: &str, text: &str) -> Clause {
        Clause {
            key: key.into(),
            text: text.into(),
            kind: ClauseKind::Requirement,
            ..Default::default()
        }
    }

    /// Runs `f` on two one-clause sides (Chinese `keys[0]`, Vietnamese `keys[1]`),
    /// their sentences linked as `links` gives them (left index, right index;
    /// `None` for a skip), and their quantities.
    fn linked_group<T>(
        keys: [&str; 2],
        left: &str,
        right: &str,
        links: &[(Option<usize>, Option<usize>)],
        f: impl FnOnce(&[Sentence], &[Sentence], &SentenceAlignment, [&[Located]; 2]) -> T,
    ) -> T {
        let (l, r) = (clause(keys[0], left), clause(keys[1], right));
        let left = Side {
            clauses: vec![&l],
            lang: "zh",
        };
        let right = Side {
            clauses: vec![&r],
            lang: "vi",
        };
        let (ls, rs) = (split(&left), split(&right));
        let alignment = SentenceAlignment {
            links: links
                .iter()
                .map(|&(a, b)| Link {
                    left: a.into_iter().collect(),
                    right: b.into_iter().collect(),
                })
                .collect(),
            by_meaning: true,
        };
        let (ql, qr) = (
            super::super::diff::side_quantities(&left),
            super::super::diff::side_quantities(&right),
        );
        f(&ls, &rs, &alignment, [&ql, &qr])
    }

    /// The one-sided-limit sentences of two one-clause sides.
    fn one_sided(
        left: &str,
        right: &str,
        links: &[(Option<usize>, Option<usize>)],
    ) -> Vec<Difference> {
        linked_group(["7.3.5", "5.5.3"], left, right, links, |ls, rs, a, q| {
            one_sided_limits(ls, rs, a, q, &Default::default())
        })
    }

    #[test]
    fn a_sentence_with_values_the_other_side_lacks_is_added() {
        let got = one_sided(
            "比表面积应不小于300 m²/kg。",
            "Bề mặt riêng không nhỏ hơn 3 000 cm²/g. Phần còn lại trên sàng 0,09 mm không được lớn hơn 10 %.",
            &[(Some(0), Some(0)), (None, Some(1))],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].kind, DiffKind::AddedText);
        assert_eq!(
            got[0].right.as_deref(),
            Some("Phần còn lại trên sàng 0,09 mm không được lớn hơn 10 %.")
        );
        assert_eq!(got[0].right_key.as_deref(), Some("5.5.3"));
    }

    #[test]
    fn a_new_limit_is_added_text_though_its_conditions_recur() {
        // The 28-day age and the 42.5 class occur on the left too; the 62.5 limit
        // does not.
        let got = one_sided(
            "42.5级水泥28 d抗压强度应不小于42.5 MPa。",
            "The 28-day strength of class 42.5 shall be not less than 42.5 MPa. \
             For class 42.5, the compressive strength at 28 days shall not exceed 62.5 MPa.",
            &[(Some(0), Some(0)), (None, Some(1))],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].kind, DiffKind::AddedText);
        assert!(got[0].right.as_deref().unwrap().contains("62.5 MPa"));
    }

    #[test]
    fn shared_amounts_link_a_translation_the_embeddings_rank_second() {
        // Left: "bend 90° then 20°", "hold at 100 °C for 30 min"; right: a sentence
        // without amounts, then "bent 90°, then 20°". By cosine alone the first
        // left sentence takes the right's first and the second its second.
        let unit = |v: [f32; 4]| {
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter().map(|x| x / n).collect::<Vec<f32>>()
        };
        let lv = vec![unit([0.9, 0.30, 0.20, 0.0]), unit([0.9, 0.05, 0.30, 0.25])];
        let rv = vec![unit([0.9, 0.30, 0.12, 0.05]), unit([0.9, 0.18, 0.30, 0.10])];
        let q = |t: &str| crate::align::units::quantities(t, "en");
        let (bend, hold, none) = (q("90° and 20°"), q("100 °C and 30 min"), Vec::new());
        fn refs(v: &[Quantity]) -> Vec<&Quantity> {
            v.iter().collect()
        }
        // The embeddings of the two sentences of a side joined (for 2-1 links).
        let (lv2, rv2) = (
            vec![unit([0.9, 0.0, 0.0, 0.4])],
            vec![unit([0.9, 0.0, 0.0, 0.4])],
        );
        let links = |anchors: [Vec<Vec<&Quantity>>; 2]| -> Vec<(Vec<usize>, Vec<usize>)> {
            align_vectors(&lv, &rv, &lv2, &rv2, &anchors)
                .into_iter()
                .filter(|l| !l.left.is_empty() && !l.right.is_empty())
                .map(|l| (l.left, l.right))
                .collect()
        };
        let without = links([vec![vec![], vec![]], vec![vec![], vec![]]]);
        assert_eq!(without, vec![(vec![0], vec![0]), (vec![1], vec![1])]);
        let with = links([
            vec![refs(&bend), refs(&hold)],
            vec![refs(&none), refs(&bend)],
        ]);
        assert_eq!(with, vec![(vec![0], vec![1])]);
    }

    #[test]
    fn facing_sentences_each_others_closest_link_though_below_the_unrelated_level() {
        // Four items a side: 0, 1 and 3 translate each other and share the clause's
        // common direction; item 2 of each side is far from everything (a reworded
        // item with a qualifier), so the alignment skips both. When they are still
        // each other's closest sentence they are one link; when the right one is
        // closer to another item, both stay without counterpart.
        let unit = |v: [f32; 7]| {
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter().map(|x| x / n).collect::<Vec<f32>>()
        };
        let item = |axis: usize| {
            let mut v = [0.0; 7];
            v[0] = 0.6;
            v[axis] = 0.8;
            unit(v)
        };
        let left = vec![
            item(1),
            item(2),
            unit([0.1, 0.0, 0.0, 0.9, 0.0, 0.0, 0.3]),
            item(5),
        ];
        let joined = vec![unit([1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]); 3];
        let none: [Vec<Vec<&Quantity>>; 2] = [vec![vec![]; 4], vec![vec![]; 4]];
        let links = |right: &[Vec<f32>]| -> Vec<(Vec<usize>, Vec<usize>)> {
            align_vectors(&left, right, &joined, &joined, &none)
                .into_iter()
                .map(|l| (l.left, l.right))
                .collect()
        };
        let mut right = vec![
            item(1),
            item(2),
            unit([0.1, 0.0, 0.0, 0.0, 0.9, 0.0, 0.3]),
            item(5),
        ];
        let pairs = |k: &[usize]| -> Vec<(Vec<usize>, Vec<usize>)> {
            k.iter().map(|&i| (vec![i], vec![i])).collect()
        };
        assert_eq!(links(&right), pairs(&[0, 1, 2, 3]));
        right[2] = unit([0.1, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        let got = links(&right);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got.contains(&(vec![2], vec![])) && got.contains(&(vec![], vec![2])));
    }

    #[test]
    fn compliance_statements_in_either_voice_are_not_requirements() {
        for s in [
            "Compliance is checked by inspection.",
            "Sự phù hợp được kiểm tra bằng cách xem xét.",
            "Kiểm tra sự phù hợp bằng cách xem xét và bằng phép đo.",
            "Kesesuaian diperiksa dengan inspeksi.",
            "Pematuhan hendaklah disemak dengan pemeriksaan.",
            "通过视检来检查是否合格。",
        ] {
            assert!(is_compliance(s), "{s}");
        }
        assert!(!is_compliance("Thiết bị phải phù hợp với TCVN 5699-1."));
    }

    #[test]
    fn a_value_the_other_side_gives_elsewhere_is_not_new_text() {
        // The left states the 10 % limit too, in a sentence the alignment missed.
        let got = one_sided(
            "比表面积应不小于300 m²/kg。筛余不大于10 %。",
            "Bề mặt riêng không nhỏ hơn 3 000 cm²/g. Phần còn lại trên sàng 0,09 mm không được lớn hơn 10 %.",
            &[(Some(0), Some(0)), (Some(1), None), (None, Some(1))],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_clause_with_no_linked_sentence_is_left_to_the_clause_alignment() {
        let got = one_sided(
            "比表面积应不小于300 m²/kg。",
            "Phần còn lại trên sàng 0,09 mm không được lớn hơn 10 %.",
            &[(Some(0), None), (None, Some(0))],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_full_stop_after_semicolon_items_ends_the_list() {
        let s = side_of(
            "安全防护分为：\n基本安全防护；\n附加安全防护；\n加强安全防护。\n基本安全防护失效时，附加安全防护应起作用。",
        );
        let items: Vec<&str> = s
            .iter()
            .filter(|s| s.item)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            items,
            ["基本安全防护；", "附加安全防护；", "加强安全防护。"]
        );
        assert!(!s.last().unwrap().item);
    }

    #[test]
    fn scripts_with_their_own_full_stop_split_into_sentences() {
        let s = side_of("ឧបករណ៍ត្រូវមានស្លាក។ ស្លាកត្រូវអានបាន។\nပစ္စည်းသည် ဘေးကင်းရမည်။ စမ်းသပ်ရမည်။");
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "ឧបករណ៍ត្រូវមានស្លាក។",
                "ស្លាកត្រូវអានបាន។",
                "ပစ္စည်းသည် ဘေးကင်းရမည်။",
                "စမ်းသပ်ရမည်။"
            ]
        );
    }

    #[test]
    fn items_that_are_sentences_stay_items() {
        let s = side_of(
            "Marking shall include:\nThe rated voltage.\nThe rated power.\nThe maker's name.",
        );
        assert_eq!(s.iter().filter(|s| s.item).count(), 3);
    }
    /// The amount-less one-sided requirements of two one-clause sides, per side.
    fn requirements(
        left: &str,
        right: &str,
        links: &[(Option<usize>, Option<usize>)],
    ) -> ([Vec<Difference>; 2], [Tally; 2]) {
        linked_group(["9.3", "8.3"], left, right, links, |ls, rs, a, q| {
            one_sided_requirements(ls, rs, a, q, ["zh", "vi"])
        })
    }

    #[test]
    fn a_requirement_without_amounts_only_one_side_states_is_found() {
        let (found, tally) = requirements(
            "钢筋的复验与判定应符合GB/T 17505的规定。重量偏差项目不合格时不允许复验。",
            "Việc thử lại và đánh giá kết quả thử phải theo TCVN 4399.",
            &[(Some(0), Some(0)), (Some(1), None)],
        );
        assert_eq!(found[0].len(), 1, "{found:?}");
        assert_eq!(found[0][0].kind, DiffKind::RemovedText);
        assert_eq!(
            found[0][0].left.as_deref(),
            Some("重量偏差项目不合格时不允许复验。")
        );
        assert_eq!(found[0][0].left_key.as_deref(), Some("9.3"));
        assert!(found[1].is_empty());
        let counted = |sentences, unmatched| Tally {
            sentences,
            unmatched,
        };
        assert_eq!(tally, [counted(2, 1), counted(1, 0)]);
    }

    #[test]
    fn an_unmatched_sentence_facing_another_or_no_requirement_is_not_reported() {
        // The other side has an unmatched sentence too: perhaps its reworded
        // counterpart.
        let (found, _) = requirements(
            "钢筋的复验与判定应符合GB/T 17505的规定。重量偏差项目不合格时不允许复验。",
            "Việc thử lại và đánh giá kết quả thử phải theo TCVN 4399. \
             Không được thử lại đối với chỉ tiêu sai lệch khối lượng.",
            &[(Some(0), Some(0)), (Some(1), None), (None, Some(1))],
        );
        assert!(found.iter().all(Vec::is_empty), "{found:?}");
        // A statement without a shall form, and a list's lead-in.
        for extra in [
            "钢筋按批进行检查和验收，每批由同一牌号的钢筋组成。",
            "标牌上应注明下列内容：",
            "钢筋的碳当量应不大于如下。",
        ] {
            let (found, _) = requirements(
                &format!("钢筋的复验与判定应符合GB/T 17505的规定。{extra}"),
                "Việc thử lại và đánh giá kết quả thử phải theo TCVN 4399.",
                &[(Some(0), Some(0)), (Some(1), None)],
            );
            assert!(found.iter().all(Vec::is_empty), "{extra}: {found:?}");
        }
    }

    #[test]
    fn an_item_one_list_lacks_is_found_in_lists_of_equal_length() {
        // Each marking list drops one item and adds another; a requirement follows
        // the right list. Items are compared where the lists go on around them.
        let (found, _) = requirements(
            "铭牌应包括下列内容：\n产品名称；\n驱动气体的名称和充装压力；\n生产企业名称；\n生产日期。",
            "Nhãn phải có các nội dung sau:\ntên sản phẩm;\ntên nhà sản xuất;\ntên nhà nhập khẩu;\nngày sản xuất.\nNhãn phải được ghi bằng tiếng Việt.",
            &[
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), None),
                (Some(3), Some(2)),
                (None, Some(3)),
                (Some(4), Some(4)),
                (None, Some(5)),
            ],
        );
        let texts = |v: &[Difference], left: bool| -> Vec<String> {
            v.iter()
                .filter_map(|d| {
                    if left {
                        d.left.clone()
                    } else {
                        d.right.clone()
                    }
                })
                .collect()
        };
        assert_eq!(texts(&found[0], true), ["驱动气体的名称和充装压力；"]);
        assert_eq!(
            texts(&found[1], false),
            ["tên nhà nhập khẩu;", "Nhãn phải được ghi bằng tiếng Việt."]
        );
        // An unmatched item at the list's end, where no item follows: not reported
        // as an item (it states no requirement).
        let (found, _) = requirements(
            "铭牌应包括下列内容：\n产品名称；\n生产企业名称。",
            "Nhãn phải có các nội dung sau:\ntên sản phẩm;\ntên nhà sản xuất;\ntên nhà nhập khẩu.",
            &[
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), Some(2)),
                (None, Some(3)),
            ],
        );
        assert!(found.iter().all(Vec::is_empty), "{found:?}");
    }

    #[test]
    fn an_unmatched_sentence_elsewhere_in_the_group_is_no_counterpart() {
        // The right's extra sentence comes after the last link; the left's
        // unmatched one sits before it: order rules out that they correspond.
        let (found, _) = requirements(
            "钢筋的复验与判定应符合GB/T 17505的规定。每批钢筋的检验结果应记录在案。\
             重量偏差应按8.6测量。",
            "Việc thử lại và đánh giá kết quả thử phải theo TCVN 4399. \
             Sai lệch khối lượng phải được đo theo 7.3. \
             Không được thử lại đối với chỉ tiêu sai lệch khối lượng.",
            &[
                (Some(0), Some(0)),
                (Some(1), None),
                (Some(2), Some(1)),
                (None, Some(2)),
            ],
        );
        assert_eq!(found[1].len(), 1, "{found:?}");
        assert!(
            found[1][0]
                .right
                .as_deref()
                .unwrap()
                .starts_with("Không được thử lại")
        );
    }

    #[test]
    fn unmatched_sentences_together_are_a_passage_and_spread_out_a_looser_text() {
        let left = "产品应贮存在清洁、干燥的场所。运输工具应清洁、卫生。";
        let right = "Sản phẩm phải được bảo quản ở nơi sạch và khô. \
             Không được để sản phẩm dưới ánh nắng trực tiếp. \
             Bình không được xếp chồng quá năm lớp. \
             Phương tiện vận chuyển phải sạch sẽ.";
        let together = [
            (Some(0), Some(0)),
            (None, Some(1)),
            (None, Some(2)),
            (Some(1), Some(3)),
        ];
        let (found, _) = requirements(left, right, &together);
        assert_eq!(found[1].len(), 2, "{found:?}");
        let apart = [
            (Some(0), Some(0)),
            (None, Some(1)),
            (Some(1), Some(2)),
            (None, Some(3)),
        ];
        let (found, _) = requirements(left, right, &apart);
        assert!(found[1].is_empty(), "{found:?}");
    }

    #[test]
    fn a_thai_list_ends_where_a_requirement_follows_its_plain_items() {
        let c = clause(
            "ก.3",
            "ให้ป้อนแรงดันไฟฟ้าทดสอบเป็นเวลา 1 s ดังนี้\n\
             ประเภท I ฉนวนมูลฐาน: 1 000 V\n\
             ประเภท II ฉนวนเสริมกำลัง: 2 500 V\n\
             ระหว่างการทดสอบต้องไม่เกิดการเบรกดาวน์ของฉนวน",
        );
        let side = Side {
            clauses: vec![&c],
            lang: "th",
        };
        let items: Vec<String> = list_items(&side).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            items,
            [
                "ประเภท I ฉนวนมูลฐาน: 1 000 V",
                "ประเภท II ฉนวนเสริมกำลัง: 2 500 V"
            ]
        );
        let flagged: Vec<bool> = split(&side).iter().map(|s| s.item).collect();
        assert_eq!(flagged, [false, true, true, false]);
        // An item labelled as the others stays an item, its requirement word notwithstanding.
        let c = clause(
            "13.2",
            "กระแสรั่วต้องไม่เกินค่าต่อไปนี้\n\
             ประเภท II: 0.25 mA\n\
             ประเภท I ที่ให้ความร้อน: 0.75 mA แต่ต้องไม่เกิน 5 mA",
        );
        let side = Side {
            clauses: vec![&c],
            lang: "th",
        };
        assert_eq!(list_items(&side).len(), 2);
    }

    #[test]
    fn a_line_ending_with_the_following_introduces_a_list() {
        for lead in [
            "คาร์บอนสมมูลต้องไม่เกินค่าต่อไปนี้",
            "หมวกนิรภัยแบ่งออกเป็นแบบต่าง ๆ ดังนี้",
            "标牌上应注明下列内容：",
            "Marking shall include the following.",
        ] {
            assert!(introduces_list(lead), "{lead}");
        }
        assert!(!introduces_list("แต่ต้องไม่เกิน 5 mA"));
        assert!(!introduces_list("Marking shall be legible."));
    }

    #[test]
    fn a_side_with_many_unmatched_sentences_is_not_parallel() {
        let t = |sentences, unmatched| Tally {
            sentences,
            unmatched,
        };
        assert!(t(50, 5).parallel());
        assert!(t(0, 0).parallel());
        assert!(!t(50, 6).parallel());
        let mut sum = t(10, 1);
        sum.add(t(10, 2));
        assert_eq!(sum, t(20, 3));
        assert!(!sum.parallel());
    }

    #[test]
    fn a_thai_line_with_a_space_between_words_may_hold_several_sentences() {
        let sentence = |text: &str| Sentence {
            key: "5.6".into(),
            text: text.into(),
            span: [0, text.chars().count()],
            item: false,
            table: false,
        };
        assert!(holds_several(&sentence(
            "หมวกนิรภัยต้องมีระบบยึดรั้งที่ประกอบด้วยสายรัดคางและหัวเข็มขัด สายรัดคางต้องกว้างไม่น้อยกว่า 20 mm"
        )));
        // Spaces around a number and its unit separate no sentences.
        assert!(!holds_several(&sentence("สายรัดคางต้องกว้างไม่น้อยกว่า 20 mm")));
        assert!(!holds_several(&sentence("Tanda harus jelas terbaca.")));
    }
}
