//! Standard references in running text and what a reference says about its
//! publisher: `GB/T 5023.5` is Chinese (SAC), `TCVN 6610-5` Vietnamese, `มอก. 11
//! เล่ม 101` Thai. Used by every parser to fill `Clause::references`, the standard's
//! body/country, and adoption detection.

use regex::Regex;
use std::sync::LazyLock;

/// Originator prefixes, longest first so `GB/T` wins over `GB`: international and
/// national bodies, Vietnam's construction standards (`TCXDVN 397:2007`), and China's
/// industry standards, recommended (`JC/T 456`) or, for the few whose codes cannot be
/// read as a word, mandatory (`HJ 212`, `GA 1800`).
const PREFIXES: &str = r"ISO/IEC|IEC/IEEE|ISO|IEC|CISPR|ITU-T|EN|GB/T|GB/Z|GB|TCXDVN|QCXDVN|TCVN|QCVN|TIS|มอก\.|SNI|MS|SS|PNS|JIS|KS|AS/NZS|UL|IEEE|HJ|GA|JJG|JJF";

/// Chinese industry codes (`JC` building materials, `JT` transport …) whose
/// recommended standards are `JC/T`, `JT/T`.
const INDUSTRY: &[&str] = &[
    "HJ", "JT", "YD", "GM", "SL", "JB", "QB", "DL", "NB", "SJ", "SH", "HG", "YY", "WS", "GA", "JG",
    "CJ", "TB", "MT", "SY", "AQ", "LY", "NY", "SN", "WB", "JR", "GY", "JC", "JJF", "JJG",
];

/// Every originator prefix as a regex alternation: group standards (`T/CAS 115`),
/// the industry codes with `/T`, then [`PREFIXES`].
fn prefix_pattern() -> String {
    let industry: Vec<String> = INDUSTRY.iter().map(|c| format!("{c}/T")).collect();
    format!(r"T/[A-Z]{{2,12}}|{}|{PREFIXES}", industry.join("|"))
}

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    // Prefix, optional adopted-standard prefix (`SNI IEC 62133-2`), number with parts,
    // optional Thai part word (`เล่ม 1`), optional year after `:` or `-`.
    let prefixes = prefix_pattern();
    let pattern = format!(
        r"(?:{prefixes})(?:\s+(?:ISO/IEC|IEC|ISO|CISPR))?\s*\d+(?:[.\-]\d+)*(?:\s*(?:เล่ม|Part)\s*\d+)?(?:\s*[:\-—–]\s*(?:19|20|25)\d\d)?"
    );
    // The pattern is a constant: it compiles.
    Regex::new(&pattern).expect("reference pattern is valid")
});

/// Finds the standard references printed in `text`, in order, without duplicates.
pub fn find_references(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in references_in(text) {
        let r = tidy(m.as_str());
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// Where standard references are printed in `text` (byte ranges), so that other
/// readers (grade designations) can leave `GB 175` and `SNI 2052` alone.
pub fn reference_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    references_in(text).map(|m| m.range()).collect()
}

/// The pattern's matches that are references: not glued to a preceding letter
/// ("EN" inside "OPEN 12"), not a cable code after a number ("60227 IEC 53" is a cord
/// type), and not a two-letter prefix glued to one digit: `MS1`, `MS2` are classes
/// (IEC 62368's mechanical energy sources), while references print a space (`MS 1`)
/// or more digits (`EN60335`, `UL94`).
fn references_in(text: &str) -> impl Iterator<Item = regex::Match<'_>> {
    REFERENCE.find_iter(text).filter(move |m| {
        let before = &text[..m.start()];
        let glued_after_letter = before
            .chars()
            .next_back()
            .is_some_and(is_latin_alphanumeric);
        let after_number = before
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit());
        let found = m.as_str();
        let short_class = found.len() >= 3
            && found.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
            && found.as_bytes()[2].is_ascii_digit()
            && found[2..].chars().take_while(char::is_ascii_digit).count() == 1;
        !glued_after_letter && !after_number && !short_class
    })
}

/// Letters and digits of Latin script: a reference glued to one is part of a word.
/// CJK and Thai text runs straight into references (`采用IEC 60335-1`), so those
/// scripts do not count.
fn is_latin_alphanumeric(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (c.is_alphabetic() && c < '\u{0250}')
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Collapses white space inside a reference.
pub fn tidy(reference: &str) -> String {
    reference.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The originator prefix of a reference (`GB/T 5023.5` → `GB/T`), if it has one.
pub fn originator_of(reference: &str) -> Option<&str> {
    let r = reference.trim_start();
    if r.starts_with("T/") {
        let end = r.find(|c: char| !(c.is_ascii_uppercase() || c == '/'))?;
        return (end > 3).then(|| &r[..end]);
    }
    INDUSTRY
        .iter()
        .map(|c| format!("{c}/T"))
        .chain(PREFIXES.split('|').map(|p| p.replace('\\', "")))
        .find(|p| {
            r.starts_with(p.as_str())
                && r[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic() || !c.is_ascii())
        })
        .map(|p| &r[..p.len()])
}

/// Publishing body and country (ISO 3166 alpha-2, `INT` for international) for an
/// originator prefix.
pub fn body_and_country(originator: &str) -> (&'static str, &'static str) {
    match originator.to_uppercase().as_str() {
        "GB" | "GB/T" | "GB/Z" | "SAC" => ("SAC", "CN"),
        "JB/T" | "QB/T" => ("MIIT", "CN"),
        "TCVN" | "QCVN" | "TCXDVN" | "QCXDVN" | "STAMEQ" => ("TCVN", "VN"),
        "TIS" | "มอก." | "TISI" => ("TISI", "TH"),
        "SNI" | "BSN" => ("BSN", "ID"),
        "MS" | "DSM" | "SIRIM" => ("DSM", "MY"),
        "SS" | "ESG" | "SSC" => ("SSC", "SG"),
        "PNS" | "BPS" => ("BPS", "PH"),
        "IEC" | "CISPR" => ("IEC", "INT"),
        "ISO" | "ISO/IEC" => ("ISO", "INT"),
        "ITU-T" => ("ITU", "INT"),
        "EN" => ("CEN", "EU"),
        // Chinese industry (JT/T, HJ …), group (T/…) and local (DB11/T) standards.
        o if is_chinese_code(o) => ("SAC", "CN"),
        _ => ("", ""),
    }
}

/// Prefixes of Chinese industry, group and local standards: `JT/T`, `HJ`, `YD/T`,
/// `T/GDRTA`, `DB11/T`.
fn is_chinese_code(o: &str) -> bool {
    let base = o.split('/').next().unwrap_or(o);
    o.starts_with("T/")
        || (base.starts_with("DB") && base[2..].chars().all(|c| c.is_ascii_digit()))
        || INDUSTRY.contains(&base)
}

/// Whether a reference is to an international or regional standard.
pub fn is_international(reference: &str) -> bool {
    matches!(
        originator_of(reference),
        Some("ISO/IEC" | "IEC/IEEE" | "ISO" | "IEC" | "CISPR" | "ITU-T" | "EN")
    )
}

/// The year of a dated reference, Gregorian (Thai Buddhist-era years minus 543).
pub fn year_of(reference: &str) -> Option<i32> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[:\-—–]\s*((?:19|20|25)\d\d)\s*$").expect("valid"));
    let y: i32 = YEAR
        .captures(reference.trim())?
        .get(1)?
        .as_str()
        .parse()
        .ok()?;
    Some(if y > 2400 { y - 543 } else { y })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_in_several_scripts() {
        let text =
            "符合GB/T 5023.5（IEC 60227-5）的规定，见 GB 4706.1—2005 和 ISO/IEC 17025:2017。";
        assert_eq!(
            find_references(text),
            [
                "GB/T 5023.5",
                "IEC 60227-5",
                "GB 4706.1—2005",
                "ISO/IEC 17025:2017"
            ]
        );
        assert_eq!(
            find_references("本文件修改采用IEC 62368-1:2018《音视频》"),
            ["IEC 62368-1:2018"]
        );
        assert_eq!(
            find_references("theo TCVN 6610-5:2007"),
            ["TCVN 6610-5:2007"]
        );
        assert_eq!(
            find_references("ตาม มอก. 11 เล่ม 101-2553"),
            ["มอก. 11 เล่ม 101-2553"]
        );
        assert_eq!(
            find_references("sesuai SNI IEC 62133-2:2017."),
            ["SNI IEC 62133-2:2017"]
        );
        assert!(find_references("OPEN 12 items").is_empty());
        assert!(find_references("分为MS1、MS2和MS3三个等级").is_empty());
        assert_eq!(find_references("UL94 V-0 or MS 1"), ["UL94", "MS 1"]);
        assert!(find_references("代号60227 IEC 53").is_empty());
        // Construction, industry and group standards.
        assert_eq!(
            find_references("quy định tại TCXDVN 397:2007."),
            ["TCXDVN 397:2007"]
        );
        assert_eq!(
            find_references("按JC/T 456和HJ 212—2017及T/CECS 10001的规定"),
            ["JC/T 456", "HJ 212—2017", "T/CECS 10001"]
        );
        assert!(find_references("GAS 12, HJ, T/ 5").is_empty());
    }

    #[test]
    fn originators_bodies_and_countries() {
        assert_eq!(originator_of("GB/T 5023.5"), Some("GB/T"));
        assert_eq!(originator_of("GB 4706.1-2005"), Some("GB"));
        assert_eq!(originator_of("MS IEC 60335-1:2012"), Some("MS"));
        assert_eq!(originator_of("มอก. 60335 เล่ม 1-2563"), Some("มอก."));
        assert_eq!(originator_of("MSIEC"), None);
        assert_eq!(originator_of("JC/T 456"), Some("JC/T"));
        assert_eq!(originator_of("T/CECS 10001"), Some("T/CECS"));
        assert_eq!(body_and_country("JC/T"), ("SAC", "CN"));
        assert_eq!(body_and_country("TCXDVN"), ("TCVN", "VN"));
        assert_eq!(body_and_country("TCVN"), ("TCVN", "VN"));
        assert_eq!(body_and_country("มอก."), ("TISI", "TH"));
        assert!(is_international("IEC 60335-1:2010"));
        assert!(!is_international("SNI IEC 60335-1:2009"));
    }

    #[test]
    fn years_including_buddhist_era() {
        assert_eq!(year_of("GB 4706.1-2005"), Some(2005));
        assert_eq!(year_of("TCVN 5699-1:2010"), Some(2010));
        assert_eq!(year_of("มอก. 60335 เล่ม 1-2563"), Some(2020));
        assert_eq!(year_of("IEC 60335-1"), None);
    }
}
