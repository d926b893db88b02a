//! Which international standards a national standard adopts, and how closely, when
//! the STS metadata does not say: from the foreword's adoption statement in Chinese,
//! English, Vietnamese, Indonesian, Malay or Thai, from a degree written after the
//! reference (`IEC 60335-1:2010, MOD`), and from Chinese double numbers
//! (`GB/T 19001-2016/ISO 9001:2015` means an identical adoption).

use super::refs::{find_references, is_international, tidy};
use crate::model::{Adoption, Degree};
use regex::Regex;
use std::sync::LazyLock;

/// Phrases that state a degree, checked in this order: the negative and modified
/// forms contain the identical ones in several languages (非等效采用 ⊃ 等效采用,
/// "không tương đương" ⊃ "tương đương").
const PHRASES: &[(Degree, &[&str])] = &[
    (
        Degree::Neq,
        &[
            "非等效采用",
            "not equivalent",
            "non-equivalent",
            "không tương đương",
            "tidak ekuivalen",
            "tidak setara",
            "ไม่เทียบเท่า",
        ],
    ),
    (
        Degree::Mod,
        &[
            "重新起草法修改采用",
            "修改采用",
            "等效采用",
            "modified adoption",
            "modified from",
            "with modifications",
            "modified",
            "có sửa đổi",
            "dimodifikasi",
            "modifikasi",
            "ubah suai",
            "pengubahsuaian",
            "แก้ไขเพิ่มเติม",
            "มีการปรับปรุง",
            "ดัดแปลง",
        ],
    ),
    (
        Degree::Idt,
        &[
            "等同采用",
            "identical adoption",
            "identical with",
            "identical to",
            "identically",
            "identical",
            "hoàn toàn tương đương",
            "tương đương hoàn toàn",
            "identik",
            "เหมือนกันทุกประการ",
        ],
    ),
];

/// Adoptions stated in free text (usually the foreword).
pub fn detect_adoptions(text: &str) -> Vec<Adoption> {
    let mut out: Vec<Adoption> = Vec::new();
    let mut push = |reference: String, degree: Degree| {
        if !out.iter().any(|a| same_reference(&a.reference, &reference)) {
            out.push(Adoption { reference, degree });
        }
    };
    // A degree written right after the reference is the most specific statement.
    static LOCAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[,，、(（]\s*(IDT|MOD|NEQ|EQV|idt|mod|neq|eqv)\b").expect("valid")
    });
    for sentence in sentences(text) {
        for r in find_references(sentence)
            .into_iter()
            .filter(|r| is_international(r))
        {
            let Some(at) = sentence.find(r.as_str()) else {
                continue;
            };
            let after = &sentence[at + r.len()..];
            let degree = LOCAL
                .captures(after)
                .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
                .and_then(|c| Degree::parse(&c[1]));
            if let Some(d) = degree {
                push(r.clone(), d);
            }
        }
    }
    for clause in sentences(text).into_iter().flat_map(clauses) {
        let lower = clause.to_lowercase();
        let Some(degree) = PHRASES
            .iter()
            .find(|(_, phrases)| phrases.iter().any(|p| lower.contains(p)))
            .map(|(d, _)| *d)
        else {
            continue;
        };
        // "用GB/T 5169.16代替了IEC 60695-11-10": what follows a replacement word is the
        // replaced reference, not an adopted one.
        let scope = REPLACES
            .iter()
            .filter_map(|w| lower.find(w))
            .min()
            .map_or(clause, |at| &clause[..floor_char_boundary(clause, at)]);
        for r in find_references(scope)
            .into_iter()
            .filter(|r| is_international(r))
        {
            push(r, degree);
        }
    }
    out
}

/// Words after which a reference is the one being replaced.
const REPLACES: &[&str] = &[
    "代替",
    "取代",
    "replace",
    "instead of",
    "thay thế",
    "menggantikan",
    "mengganti",
    "แทน",
];

/// Comma-separated parts of a sentence: a degree phrase applies to the references in
/// its own part ("replaces TCVN 5699-1:2004, and is identical to IEC 60335-1:2010").
fn clauses(sentence: &str) -> impl Iterator<Item = &str> {
    sentence.split([',', '，']).filter(|s| !s.trim().is_empty())
}

/// Largest char boundary not above `at` (lower-casing may shift byte offsets).
fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `GB/T 19001-2016/ISO 9001:2015` → ISO 9001:2015, identical.
pub fn adoption_from_double_number(reference: &str) -> Option<Adoption> {
    static DOUBLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/\s*((?:ISO/IEC|ISO|IEC|CISPR|ITU-T)\s*[\d.:\-]+.*)$").expect("valid")
    });
    let c = DOUBLE.captures(reference)?;
    Some(Adoption {
        reference: tidy(&c[1]),
        degree: Degree::Idt,
    })
}

fn same_reference(a: &str, b: &str) -> bool {
    crate::model::normalize_reference(a) == crate::model::normalize_reference(b)
}

/// Splits text into sentences on full stops of all scripts and line breaks; a '.'
/// only ends a sentence when followed by white space (so `4706.1` stays whole).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end = match c {
            '。' | '；' | ';' | '\n' | '！' | '？' => true,
            '.' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
            _ => false,
        };
        if end {
            out.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (String, Degree) {
        let found = detect_adoptions(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        (found[0].reference.clone(), found[0].degree)
    }

    #[test]
    fn chinese_statements() {
        assert_eq!(
            one("本部分等同采用IEC 60335-1:2004《家用和类似用途电器的安全》。"),
            ("IEC 60335-1:2004".into(), Degree::Idt)
        );
        assert_eq!(
            one("本文件使用重新起草法修改采用IEC 62368-1:2018。"),
            ("IEC 62368-1:2018".into(), Degree::Mod)
        );
        assert_eq!(
            one("本标准非等效采用ISO 9001:1994。"),
            ("ISO 9001:1994".into(), Degree::Neq)
        );
    }

    #[test]
    fn english_and_asean_statements() {
        assert_eq!(
            one("This standard is an identical adoption of IEC 62368-1:2018."),
            ("IEC 62368-1:2018".into(), Degree::Idt)
        );
        assert_eq!(
            one("It is a modified adoption of IEC 60335-1:2010."),
            ("IEC 60335-1:2010".into(), Degree::Mod)
        );
        assert_eq!(
            one("The text is not equivalent to ISO 7010:2011."),
            ("ISO 7010:2011".into(), Degree::Neq)
        );
        assert_eq!(
            one("TCVN 5699-1:2010 hoàn toàn tương đương với IEC 60335-1:2010."),
            ("IEC 60335-1:2010".into(), Degree::Idt)
        );
        assert_eq!(
            one("TCVN 12670-1:2019 tương đương có sửa đổi với IEC 62368-1:2018."),
            ("IEC 62368-1:2018".into(), Degree::Mod)
        );
        assert_eq!(
            one("Tiêu chuẩn này không tương đương với IEC 60065:2014."),
            ("IEC 60065:2014".into(), Degree::Neq)
        );
        assert_eq!(
            one("SNI ini identik dengan IEC 60335-1:2006."),
            ("IEC 60335-1:2006".into(), Degree::Idt)
        );
        assert_eq!(
            one("Standard ini diterima pakai secara identik daripada IEC 60335-1:2010."),
            ("IEC 60335-1:2010".into(), Degree::Idt)
        );
        assert_eq!(
            one("Standard ini ialah ubah suai daripada IEC 60335-1:2010."),
            ("IEC 60335-1:2010".into(), Degree::Mod)
        );
        assert_eq!(
            one("มาตรฐานนี้ใช้ IEC 60335-1:2010 โดยมีการแก้ไขเพิ่มเติม"),
            ("IEC 60335-1:2010".into(), Degree::Mod)
        );
        assert_eq!(
            one("มาตรฐานนี้เหมือนกันทุกประการกับ IEC 60335-1:2010"),
            ("IEC 60335-1:2010".into(), Degree::Idt)
        );
    }

    #[test]
    fn replaced_references_are_not_adoptions() {
        let text = "本文件修改采用IEC 62368-1:2018。用等同采用国际标准的GB/T 16842代替了IEC 61032，用GB 31241代替了IEC 62133-2。";
        let found = detect_adoptions(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].reference.as_str(), found[0].degree),
            ("IEC 62368-1:2018", Degree::Mod)
        );
        let en = detect_adoptions(
            "This standard replaces TCVN 5699-1:2004, and is identical to IEC 60335-1:2010.",
        );
        assert_eq!(en.len(), 1);
        assert_eq!(en[0].reference, "IEC 60335-1:2010");
    }

    #[test]
    fn degree_after_reference_and_national_references_ignored() {
        assert_eq!(
            one("IEC 60335-1:2010, MOD"),
            ("IEC 60335-1:2010".into(), Degree::Mod)
        );
        assert!(detect_adoptions("本部分代替GB 4706.1—1998。").is_empty());
        assert!(detect_adoptions("Tiêu chuẩn này thay thế TCVN 5699-1:2004.").is_empty());
    }

    #[test]
    fn double_numbers_are_identical_adoptions() {
        let a = adoption_from_double_number("GB/T 19001-2016/ISO 9001:2015").unwrap();
        assert_eq!(
            (a.reference.as_str(), a.degree),
            ("ISO 9001:2015", Degree::Idt)
        );
        assert!(adoption_from_double_number("GB 4706.1-2005").is_none());
    }
}
