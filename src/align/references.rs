//! Referenced standards: the names a reference goes by, and which references of two
//! aligned groups cite documents that are not equivalent.
//!
//! Two citations are one document when they differ only in edition (`IEC 60335-1:2010`
//! and `IEC 60335-1`, `SNI 15-2049-2004` and `SNI 2049:2015`), when one is a national
//! adoption carrying the international number (`SNI ISO 6892-1:2016`), or when an
//! adoption links them: the catalogue's adoptions, and those the standards print
//! themselves, in their normative references (`TCVN 197-1:2014 (ISO 6892-1:2009)`,
//! `GB/T 228.1—2021 金属材料 拉伸试验…（ISO 6892-1:2019，MOD）`) and in their forewords
//! (`用修改采用国际标准的GB/T 228.1代替了ISO 6892-1`). A non-equivalent adoption
//! (NEQ, 非等效) links nothing: the two documents differ.

use super::diff::{Context, DiffKind, Difference, Side, normative_lines};
use crate::ingest::refs;
use crate::model::{ClauseKind, Standard};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// A reference in canonical form: upper case, single spaces, undated, Thai
/// originator in Latin (`มอก. 11 เล่ม 101` → `TIS 11 PART 101`).
pub fn canonical_reference(reference: &str) -> String {
    let tidy = refs::tidy(reference)
        .replace("มอก.", "TIS")
        .replace("เล่ม", "Part")
        .to_uppercase();
    let undated = match refs::year_of(&tidy) {
        Some(_) => tidy
            .rsplit_once([':', '-', '—', '–'])
            .map_or(tidy.as_str(), |(head, _)| head)
            .trim_end()
            .to_string(),
        None => tidy,
    };
    refs::tidy(&undated)
}

/// The annex of its own standard that a clause only points to (`抽样和判定按附录A的规定`,
/// `การชักตัวอย่างและเกณฑ์ตัดสินให้เป็นไปตามภาคผนวก ก`, `Sampling shall be as given in
/// Annex B`): one sentence naming one annex and stating at most one requirement
/// (in `lang`), the clause's content being in that annex. Its key as the annex's
/// clause key (`A`, `ก`).
pub fn annex_pointer(text: &str, lang: &str) -> Option<String> {
    static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:附\s*录|[Pp]hụ lục|PHỤ LỤC|ภาคผนวก|[Aa]nnex|ANNEX|[Aa]ppendix|APPENDIX|[Ll]ampiran|LAMPIRAN)\s*([A-Z]|[ก-ฮ])(?:[^A-Za-z0-9\u{0E00}-\u{0E7F}]|$)",
        )
        .expect("valid")
    });
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !super::diff::is_note(l));
    let line = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    // One sentence: no full stop before its end; and no other standard cited (the
    // annex of GB/T 2423.1 is not this standard's).
    let body = line.trim_end_matches(['。', '.', '；', ';']);
    // A sentence of several requirements strung with commas (`应…，宜…，宜…附录M…`,
    // GB/T 28181 P.4) has content of its own.
    if body.contains(['。', '；', ';', '！', '？', '!', '?'])
        || body.contains(". ")
        || !find_references(line).is_empty()
        || super::strength::modals(line, lang).len() > 1
    {
        return None;
    }
    let mut keys = ANNEX.captures_iter(line).map(|c| c[1].to_string());
    let key = keys.next()?;
    keys.all(|k| k == key).then_some(key)
}

/// The names a reference goes by: itself, its current number (`SNI 15-2049` is now
/// `SNI 2049`), the international standard a national adoption carries in its number
/// (`SNI IEC 62133-2` → `IEC 62133-2`), and what the adoptions link it to, two steps
/// away (`GB/T 228.1` → `ISO 6892-1` → `TCVN 197-1`).
pub(crate) fn reference_names(
    reference: &str,
    adoptions: &HashMap<String, Vec<String>>,
) -> Vec<String> {
    static SNI_SECTOR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^SNI \d{2}-(\d{3,5})$").expect("valid"));
    let c = canonical_reference(reference);
    let mut names = vec![c.clone()];
    if let Some(m) = SNI_SECTOR.captures(&c) {
        names.push(format!("SNI {}", &m[1]));
    }
    for intl in ["ISO/IEC ", "IEC ", "ISO ", "EN "] {
        if let Some(pos) = c.find(intl).filter(|&p| p > 0) {
            names.push(c[pos..].to_string());
            break;
        }
    }
    for _ in 0..2 {
        let linked: Vec<String> = names
            .iter()
            .filter_map(|n| adoptions.get(n))
            .flatten()
            .filter(|a| !names.contains(a))
            .cloned()
            .collect();
        names.extend(linked);
        names.sort();
        names.dedup();
    }
    names
}

/// Records that two references name one document, and that their series do when both
/// are the same part of a series (`GB/T 3810.1` and `ISO 10545-1`: a citation of the
/// whole `GB/T 3810` names what `ISO 10545` and its other adoptions name).
fn link(into: &mut HashMap<String, Vec<String>>, a: &str, b: &str) {
    let (a, b) = (canonical_reference(a), canonical_reference(b));
    if a == b {
        return;
    }
    if let (Some((series_a, part_a)), Some((series_b, part_b))) = (part_of(&a), part_of(&b))
        && part_a == part_b
        && series_a != series_b
    {
        link(into, series_a, series_b);
    }
    for (x, y) in [(&a, &b), (&b, &a)] {
        let entry = into.entry(x.clone()).or_default();
        if !entry.contains(y) {
            entry.push(y.clone());
        }
    }
}

/// A reference's series and part number (`GB/T 3810.1` → `GB/T 3810`, `1`;
/// `TCVN 6415-1` → `TCVN 6415`, `1`); none for a reference without a part.
fn part_of(reference: &str) -> Option<(&str, &str)> {
    static PART: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\S.* \d+)[.\-](\d+)$").expect("valid"));
    let m = PART.captures(reference)?;
    Some((m.get(1)?.as_str(), m.get(2)?.as_str()))
}

/// Words that mark a non-equivalent adoption: such a pair is two documents.
fn not_equivalent(s: &str) -> bool {
    let upper = s.to_uppercase();
    upper.contains("NEQ") || s.contains("非等效")
}

/// Equivalences printed in a standard, valid in all its clauses:
/// - a reference right after another in brackets: `GB/T 16935.1（IEC 60664-1）`;
/// - an entry of a list of references (the line opens with a reference) that ends
///   with the adopted standard and the degree in brackets, after the title:
///   `GB/T 228.1—2021 金属材料…（ISO 6892-1:2019，MOD）`;
/// - the foreword's substitutions: `用修改采用国际标准的GB/T 228.1代替了ISO 6892-1`,
///   and lists of them paired in order (`…分别代替了…`).
pub fn printed_equivalents(standard: &Standard, into: &mut HashMap<String, Vec<String>>) {
    static BRACKETS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[（(]([^()（）]*)[)）]").expect("valid"));
    for c in &standard.clauses {
        // The reference a list entry opened; its title and its adoption in brackets
        // may follow on lines of their own.
        let mut entry: Option<String> = None;
        for line in c.text.lines() {
            let found = find_references(line);
            let trimmed = line.trim_start();
            if let Some(first) = found.first().filter(|f| trimmed.starts_with(f.as_str())) {
                entry = Some(first.clone());
            } else if let Some(e) = &entry
                && trimmed.starts_with(['(', '（'])
                && !not_equivalent(trimmed)
            {
                for r in &found {
                    link(into, e, r);
                }
            }
            let mut cursor = 0;
            let mut previous: Option<(String, usize)> = None;
            for r in &found {
                let Some(pos) = line[cursor..].find(r.as_str()).map(|p| p + cursor) else {
                    continue;
                };
                if let Some((prev, end)) = &previous
                    && matches!(line[*end..pos].trim(), "(" | "（")
                    && !line[pos..]
                        .split([')', '）'])
                        .next()
                        .is_some_and(not_equivalent)
                {
                    link(into, prev, r);
                }
                cursor = pos + r.len();
                previous = Some((r.clone(), cursor));
            }
            // A reference-list entry: the line opens with the reference it defines.
            if let Some(first) = found.first()
                && line.trim_start().starts_with(first.as_str())
            {
                for group in BRACKETS.captures_iter(line) {
                    let inner = &group[1];
                    if not_equivalent(inner) {
                        continue;
                    }
                    for r in find_references(inner) {
                        link(into, first, &r);
                    }
                }
            }
            for sentence in line.split(['。', '；', ';']) {
                substitutions(sentence, into);
            }
        }
    }
}

/// `用（等同|修改）采用国际标准的A、B和C（分别）代替了X、Y和Z`: A = X, B = Y, C = Z.
fn substitutions(sentence: &str, into: &mut HashMap<String, Vec<String>>) {
    let Some(at) = sentence.find("代替") else {
        return;
    };
    let (before, after) = sentence.split_at(at);
    let Some(by) = before.rfind('用') else {
        return;
    };
    if not_equivalent(before) {
        return;
    }
    let national = find_references(&before[by..]);
    let international = find_references(after);
    if national.is_empty() || national.len() != international.len() {
        return;
    }
    for (a, b) in national.iter().zip(&international) {
        link(into, a, b);
    }
}

/// The references printed in a text: those `ingest::refs` knows, and the test-method
/// and product standards of other bodies national texts cite beside them (`ASTM
/// E415`, `JIS G 1253`, `SAE J211-1`, `UL 94`, `DIN 53504`, `AS/NZS 1698`, `ECE R22`)
/// or adopt from Europe (`MS EN 196-2`). A longer reading wins over one it contains.
pub fn find_references(text: &str) -> Vec<String> {
    static EXTRA: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?-u:\b)(?:ASTM\s+[A-Z]\s?\d+(?:[.\-]\d+)*|JIS\s+[A-Z]\s?\d+(?:-\d+)*|(?:MS|SNI|TCVN|BS|SS|PNS|DIN)\s+EN\s+\d+(?:-\d+)*|BS\s+\d+(?:-\d+)*|SAE\s+J\d+(?:[/\-]\d+)*|UL\s+\d+[A-Z]?|DIN\s+\d+(?:-\d+)*|EN\s+\d{3,}(?:-\d+)*|AS(?:/NZS)?\s+\d{4}(?:\.\d+)*|ANSI(?:/[A-Z]+)?\s+[A-Z]\d+(?:\.\d+)*|NFPA\s+\d+|KS\s+[A-Z]\s?\d+|CSA\s+[A-Z]\d+(?:\.\d+)*|(?:UN\s+)?ECE\s+R\s?\d+(?:\.\d+)?)(?:\s*:\s*(?:19|20)\d\d)?",
        )
        .expect("reference pattern is valid")
    });
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut from = 0;
    for r in refs::find_references(text) {
        if let Some(p) = text[from..].find(&r).map(|p| p + from) {
            found.push((p, r.clone()));
            from = p + r.len();
        }
    }
    for m in EXTRA.find_iter(text) {
        let r = refs::tidy(m.as_str());
        found.retain(|(p, f)| !(*p >= m.start() && p + f.len() <= m.end()));
        if !found.iter().any(|(_, f)| *f == r) {
            found.push((m.start(), r));
        }
    }
    found.sort_by_key(|(p, _)| *p);
    found.into_iter().map(|(_, r)| r).collect()
}

/// Every name of every standard cited in a standard.
pub fn cited_names(
    standard: &Standard,
    adoptions: &HashMap<String, Vec<String>>,
) -> HashSet<String> {
    standard
        .clauses
        .iter()
        .flat_map(|c| c.text.lines().flat_map(find_references))
        .flat_map(|r| reference_names(&r, adoptions))
        .collect()
}

/// A reference line without the references printed in it (`GB/T 4336 碳素钢和中低合金钢…`
/// → `碳素钢和中低合金钢…`); the line itself when nothing else is left.
fn title_of(line: &str) -> String {
    let mut title = line.to_string();
    for r in find_references(line) {
        title = title.replace(&r, " ");
    }
    if title.chars().any(char::is_alphabetic) {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        title
            .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
            .to_string()
    } else {
        line.to_string()
    }
}

/// One cited document of a side: the reference as first printed, its clause, the
/// line it is printed in (its title, in a list of references), and every name it
/// goes by.
struct Cited {
    reference: String,
    key: String,
    line: String,
    names: HashSet<String>,
}

/// References of a side grouped into classes of one document: a reference and the
/// one printed right after it in brackets (`GB/T 5023.5（IEC 60227-5）`) are one. An
/// entry of the normative references cites its first reference: others printed
/// later in it or on its title's own line belong to its title (`EN 3-8, …
/// Additional requirements to EN 3-7 …`) or name what it adopts (`（ISO 7202，
/// NEQ）`), which the entry does not cite.
fn reference_classes(side: &Side, cx: &Context) -> Vec<Cited> {
    let mut classes: Vec<Cited> = Vec::new();
    for c in &side.clauses {
        let list = c.kind == ClauseKind::NormativeReferences;
        let lines: Vec<&str> = normative_lines(c).collect();
        for (k, line) in lines.iter().copied().enumerate() {
            let found = find_references(line);
            // A list entry's title may be printed on the next line.
            let context = match lines.get(k + 1) {
                Some(next) if find_references(next).is_empty() => format!("{line} {next}"),
                _ => line.to_string(),
            };
            let mut cursor = 0;
            let mut previous_end: Option<usize> = None;
            let entry = list
                && found
                    .first()
                    .is_some_and(|r| line.trim_start().starts_with(r));
            // The title of the entry above, printed on a line of its own.
            let title_line = list
                && !entry
                && k > 0
                && find_references(lines[k - 1])
                    .first()
                    .is_some_and(|r| lines[k - 1].trim_start().starts_with(r));
            if title_line {
                continue;
            }
            for (n, r) in found.into_iter().enumerate() {
                let Some(pos) = line[cursor..].find(&r).map(|p| p + cursor) else {
                    continue;
                };
                // Printed in brackets right after the reference before it: one document.
                let bracketed =
                    previous_end.is_some_and(|e| matches!(line[e..pos].trim(), "(" | "（"));
                if entry && n > 0 && !bracketed {
                    cursor = pos + r.len();
                    continue;
                }
                let names: HashSet<String> =
                    reference_names(&r, cx.adoptions).into_iter().collect();
                let own = names.iter().any(|n| {
                    cx.own.iter().any(|o| {
                        o == n || o.starts_with(&format!("{n}.")) || o.starts_with(&format!("{n}-"))
                    })
                });
                cursor = pos + r.len();
                previous_end = Some(cursor);
                if own {
                    continue;
                }
                match classes.last_mut() {
                    Some(last) if bracketed => last.names.extend(names),
                    _ => {
                        if let Some(existing) =
                            classes.iter_mut().find(|x| !x.names.is_disjoint(&names))
                        {
                            existing.names.extend(names);
                        } else {
                            classes.push(Cited {
                                reference: r.clone(),
                                key: c.key.clone(),
                                line: context.clone(),
                                names,
                            });
                        }
                    }
                }
            }
        }
    }
    classes
}

/// References to documents that are not equivalent. A cited document the other
/// group does not cite, and the other standard cites nowhere else (a reference that
/// moved has not changed), is reported; the left and right ones are paired by the
/// meaning of the lines that cite them (in a list of references, their titles) when
/// the model is loaded, in order otherwise.
pub fn reference_differences(
    left: &Side,
    right: &Side,
    cx: &Context,
) -> crate::Result<Vec<Difference>> {
    let lc = reference_classes(left, cx);
    let rc = reference_classes(right, cx);
    let unmatched = |a: &[Cited], b: &[Cited]| -> Vec<usize> {
        (0..a.len())
            .filter(|&i| !b.iter().any(|y| !a[i].names.is_disjoint(&y.names)))
            .collect()
    };
    let (mut ul, mut ur) = (unmatched(&lc, &rc), unmatched(&rc, &lc));
    if ul.is_empty() || ur.is_empty() {
        let names = |r: &str| reference_names(r, cx.adoptions);
        ul.retain(|&i| {
            names(&lc[i].reference)
                .iter()
                .all(|n| !cx.cited[1].contains(n))
        });
        ur.retain(|&j| {
            names(&rc[j].reference)
                .iter()
                .all(|n| !cx.cited[0].contains(n))
        });
    }
    let pairs = pair_by_meaning(&lc, &rc, &ul, &ur, cx)?;
    let mut out = Vec::new();
    for (l, r) in pairs {
        let (l, r) = (l.map(|i| &lc[i]), r.map(|j| &rc[j]));
        let note = match (l, r) {
            (Some(_), Some(_)) => "another standard is referenced",
            (Some(_), None) => "reference only on the left",
            _ => "reference only on the right",
        };
        out.push(Difference {
            kind: DiffKind::Reference,
            left: l.map(|x| x.reference.clone()),
            right: r.map(|x| x.reference.clone()),
            quantity: None,
            note: note.to_string(),
            limit: None,
            left_key: l.map(|x| x.key.clone()),
            right_key: r.map(|x| x.key.clone()),
            left_span: None,
            right_span: None,
            role: None,
            direction: None,
        });
    }
    Ok(out)
}

/// Unmatched references paired: by the meaning of their lines without the numbers
/// (a document's title says what it is; its number, in another numbering system, says
/// nothing), the pairing with the highest total similarity, when several are left on
/// both sides and the model is loaded; in order otherwise. Leftovers stand alone.
fn pair_by_meaning(
    lc: &[Cited],
    rc: &[Cited],
    ul: &[usize],
    ur: &[usize],
    cx: &Context,
) -> crate::Result<Vec<(Option<usize>, Option<usize>)>> {
    let in_order = || {
        (0..ul.len().max(ur.len()))
            .map(|k| (ul.get(k).copied(), ur.get(k).copied()))
            .collect()
    };
    let Some(embed) = cx
        .sentences
        .filter(|_| !ul.is_empty() && !ur.is_empty() && ul.len() + ur.len() > 2)
    else {
        return Ok(in_order());
    };
    let texts: Vec<String> = ul
        .iter()
        .map(|&i| title_of(&lc[i].line))
        .chain(ur.iter().map(|&j| title_of(&rc[j].line)))
        .collect();
    let v = embed(&texts)?;
    let (lv, rv) = v.split_at(ul.len());
    let scores: Vec<Vec<f32>> = lv
        .iter()
        .map(|x| {
            rv.iter()
                .map(|y| x.iter().zip(y).map(|(p, q)| p * q).sum())
                .collect()
        })
        .collect();
    for (a, row) in scores.iter().enumerate() {
        for (b, score) in row.iter().enumerate() {
            tracing::trace!(
                "reference titles {:?} ~ {:?}: {score:.3}",
                texts[a],
                texts[ul.len() + b]
            );
        }
    }
    let pairs = super::assign::best_pairs(&scores);
    let mut out: Vec<(Option<usize>, Option<usize>)> = pairs
        .iter()
        .map(|&(a, b)| (Some(ul[a]), Some(ur[b])))
        .collect();
    out.extend(
        (0..ul.len())
            .filter(|a| !pairs.iter().any(|p| p.0 == *a))
            .map(|a| (Some(ul[a]), None)),
    );
    out.extend(
        (0..ur.len())
            .filter(|b| !pairs.iter().any(|p| p.1 == *b))
            .map(|b| (None, Some(ur[b]))),
    );
    // Report in the left document's order.
    out.sort_by_key(|(l, r)| {
        (
            l.is_none(),
            l.unwrap_or(usize::MAX),
            r.unwrap_or(usize::MAX),
        )
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{annex_pointer, find_references, link, reference_names};
    use std::collections::HashMap;

    #[test]
    fn series_whose_parts_adopt_one_series_are_one_document() {
        let mut adoptions = HashMap::new();
        link(&mut adoptions, "GB/T 3810.1", "ISO 10545-1");
        link(&mut adoptions, "TCVN 6415-1:2005", "ISO 10545-1");
        // A citation of the whole series names the other series.
        assert!(reference_names("GB/T 3810", &adoptions).contains(&"TCVN 6415".to_string()));
        // Other parts are not linked by it, and different parts link no series.
        assert!(!reference_names("GB/T 3810.2", &adoptions).contains(&"TCVN 6415-2".to_string()));
        link(&mut adoptions, "GB 4706.19", "IEC 60335-2-15");
        assert!(!reference_names("GB 4706", &adoptions).contains(&"IEC 60335".to_string()));
    }

    #[test]
    fn standards_of_other_bodies_are_references() {
        assert_eq!(
            find_references("ให้เป็นไปตาม SAE J211-1 และ ECE R22 และ UL 94"),
            ["SAE J211-1", "ECE R22", "UL 94"]
        );
        assert_eq!(
            find_references("按ISO 6487测量，参照AS/NZS 1698:2006和DIN 53504"),
            ["ISO 6487", "AS/NZS 1698:2006", "DIN 53504"]
        );
        // A body's name without a document number is no reference.
        assert!(find_references("the UL mark, SAE grade oil, DIN size").is_empty());
    }

    #[test]
    fn a_clause_that_only_points_to_an_annex_names_it() {
        assert_eq!(
            annex_pointer("การชักตัวอย่างและเกณฑ์ตัดสินให้เป็นไปตามภาคผนวก ก", "th").as_deref(),
            Some("ก")
        );
        assert_eq!(
            annex_pointer("钢筋的相对肋面积应符合附录A的规定。", "zh").as_deref(),
            Some("A")
        );
        assert_eq!(
            annex_pointer(
                "Sampling and acceptance shall be as given in Annex B.",
                "en"
            )
            .as_deref(),
            Some("B")
        );
        assert_eq!(
            annex_pointer(
                "Pengambilan contoh sesuai Lampiran C\nCATATAN Lihat juga 9.2.",
                "id"
            )
            .as_deref(),
            Some("C")
        );
        // Content of its own beside the pointer, two annexes, or none.
        assert_eq!(annex_pointer("试验按附录A进行。试样不应开裂。", "zh"), None);
        assert_eq!(
            annex_pointer("Thử nghiệm theo Phụ lục A hoặc Phụ lục B.", "vi"),
            None
        );
        assert_eq!(annex_pointer("The annex is informative.", "en"), None);
        // Several requirements strung with commas are content, not a pointer.
        assert_eq!(
            annex_pointer(
                "通知消息发送时应进行传输处理，宜采用附录M中的方式进行控制，宜进行数据过滤。",
                "zh"
            ),
            None
        );
        assert_eq!(annex_pointer("试验按GB/T 2423.1的附录A进行。", "zh"), None);
        assert_eq!(
            annex_pointer("The test is made as in Annex B of IEC 60068-2-1.", "en"),
            None
        );
        assert_eq!(
            annex_pointer("Sampling per Annex A\nEach lot forms one unit.", "en"),
            None
        );
    }
}
