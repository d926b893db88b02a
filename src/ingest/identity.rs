//! A standard's own identity as printed on its cover or running header: dated
//! standard numbers of any body (GB, GB/T, industry codes such as JT/T or HJ, group
//! standards `T/GDRTA 002—2020`, local `DB11/T`, QCVN `32:2026/BXD`, TCVN, SNI,
//! TIS/มอก., MS, SS, PNS, ISO, IEC), their canonical form, and the cover's other
//! facts: dates (发布/实施, ban hành, edition dates), CCS, the edition replaced and
//! draft status.
//!
//! Which number is the document's own is decided by evidence in `pdf::structure`
//! (cover size, running headers); this module only reads and normalises.

use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// A dated standard number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// As printed (trimmed).
    pub printed: String,
    /// Canonical: one space after the prefix, `-` before a Chinese-style year, the
    /// colon kept for colon-dated bodies (`ISO/IEC 14496-12:2012`, `QCVN 32:2026/BXD`).
    pub canonical: String,
    /// Byte range in the folded text (see [`fold`]).
    pub start: usize,
    pub end: usize,
}

/// Full-width forms and dash variants folded, so one pattern reads every producer.
pub fn fold(text: &str) -> String {
    text.nfkc()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2E3A}' | '\u{23AF}' => '—',
            '\u{3000}' => ' ',
            // A fraction slash is what some fonts (and OCR) give for `/`.
            '\u{2044}' | '\u{2215}' => '/',
            c => c,
        })
        .collect()
}

/// Prefixes of identity numbers. Chinese codes are letters with an optional `/T` or
/// `/Z` (recommended, guidance), group standards `T/ORG`, local standards `DB11/T`.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<prefix>
            ISO/IEC(?:/IEEE)? | IEC/IEEE | ISO | IEC
          | QCVN | TCVN | SNI | TIS | มอก\. | MS | SS | PNS
          | T/[A-Z][A-Z0-9]{1,15}
          | DB\s?\d{2}(?:/[TZ])?
          | GB/[TZ] | GB
          | [A-Z]{1,4}/[TZ]
          | [A-Z]{2,4}
        )
        (?P<adopted>\s+(?:ISO/IEC|IEC|ISO))?
        \s*
        (?P<number>\d{1,6}(?:[.\-]\d{1,4})*?(?:\s*(?:เล่ม|[Pp]art)\s*\d+)?)
        (?:
            \s*(?P<dash>[—\-])\s*(?P<year>(?:19|20|25)\d\d)
          | \s*:\s*(?P<cyear>(?:19|20)\d\d)(?P<ministry>/[A-Z][A-Z\-]{1,9})?
        )
        (?P<tail>\(E\)|\(F\))?
        ",
    )
    .expect("identity pattern is valid")
});

/// Dated standard numbers in `text`, in order.
pub fn numbers(text: &str) -> Vec<Found> {
    let folded = fold(text);
    let mut out = Vec::new();
    for c in NUMBER.captures_iter(&folded) {
        let m = c.get(0).expect("whole match");
        // Glued to a preceding Latin letter or digit: part of a word or a longer code.
        if folded[..m.start()]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_ascii_alphanumeric())
        {
            continue;
        }
        let prefix: String = c["prefix"].split_whitespace().collect();
        let adopted = c
            .name("adopted")
            .map(|a| format!(" {}", a.as_str().trim()))
            .unwrap_or_default();
        let number = c["number"].split_whitespace().collect::<Vec<_>>().join(" ");
        let canonical = if let Some(y) = c.name("year") {
            format!("{prefix}{adopted} {number}-{}", y.as_str())
        } else {
            let ministry = c.name("ministry").map_or("", |m| m.as_str());
            format!("{prefix}{adopted} {number}:{}{ministry}", &c["cyear"])
        };
        out.push(Found {
            printed: m.as_str().trim().to_string(),
            canonical,
            start: m.start(),
            end: m.end(),
        });
    }
    out
}

/// Whether a prefix is an international body's (ISO, IEC): a national document
/// cites those far more often than it is one.
pub fn is_international_prefix(canonical: &str) -> bool {
    ["ISO", "IEC"].iter().any(|p| canonical.starts_with(p))
}

/// Words right before a number that make it a citation, not the document's own:
/// the edition replaced, the drafting rules, a standard followed.
pub fn cited_before(before: &str) -> bool {
    const CITING: &[&str] = &[
        "代替",
        "替代",
        "按照",
        "依据",
        "根据",
        "符合",
        "参照",
        "采用",
        "见",
        "《",
        "引用",
        "replaces",
        "replace",
        "cancels",
        "according to",
        "thay thế",
        "theo",
        "ตาม",
        "แทน",
        "menggantikan",
        "sesuai",
    ];
    let tail: String = before
        .chars()
        .rev()
        .take(14)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.trim_end().to_lowercase();
    CITING.iter().any(|w| tail.ends_with(w))
}

/// `YYYY-MM-DD` from a printed date (`2017-4-24`, `2020–12–29`, `2016年7月12日`,
/// `ngày 30 tháng 7 năm 2026`).
pub fn iso_date(text: &str) -> Option<String> {
    static YMD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"((?:19|20)\d\d)\s*[—\-./年]\s*(\d{1,2})\s*[—\-./月]\s*(\d{1,2})")
            .expect("valid")
    });
    static DMY_VI: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*((?:19|20)\d\d)")
            .expect("valid")
    });
    let folded = fold(text);
    let (y, m, d) = if let Some(c) = YMD.captures(&folded) {
        (c[1].to_string(), c[2].to_string(), c[3].to_string())
    } else {
        let c = DMY_VI.captures(&folded)?;
        (c[3].to_string(), c[2].to_string(), c[1].to_string())
    };
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y}-{m:02}-{d:02}"))
}

/// The cover's publication and implementation dates: `… 发布` / `… 实施`.
pub fn cover_dates(lines: &[&str]) -> (Option<String>, Option<String>) {
    static DATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"((?:19|20)\d\d\s*[—\-./年]\s*\d{1,2}\s*[—\-./月]\s*\d{1,2}\s*日?)\s*(发\s*布|实\s*施)").expect("valid")
    });
    let (mut published, mut effective) = (None, None);
    for line in lines {
        let folded = fold(line);
        for c in DATED.captures_iter(&folded) {
            let date = iso_date(&c[1]);
            if c[2].starts_with('发') {
                published = published.or(date);
            } else {
                effective = effective.or(date);
            }
        }
    }
    (published, effective)
}

/// A CCS code line (`CCS R 10/19`, or `A 91` alone under the ICS line of a GB cover).
pub fn ccs(line: &str, after_ics: bool) -> Option<String> {
    static CCS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:CCS\s*)?([A-Z])\s*(\d{2}(?:\s*/\s*\d{2})?)$").expect("valid")
    });
    let folded = fold(line);
    let t = folded.trim();
    if !t.starts_with("CCS") && !after_ics {
        return None;
    }
    let c = CCS.captures(t)?;
    Some(format!("{}{}", &c[1], c[2].replace(' ', "")))
}

/// Draft markers on a cover: 征求意见稿, 送审稿, 报批稿, dự thảo, ร่าง, draft.
pub fn is_draft_marker(line: &str) -> bool {
    const MARKS: &[&str] = &[
        "征求意见稿",
        "送审稿",
        "报批稿",
        "草案",
        "dự thảo",
        "du thao",
        "ร่าง",
        "draft for comment",
        "draft international standard",
        "committee draft",
        "rancangan",
        "(draft)",
    ];
    let l = fold(line).to_lowercase();
    let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    MARKS.iter().any(|m| {
        let m: String = m.chars().filter(|c| !c.is_whitespace()).collect();
        compact.contains(&m)
    }) || l.trim() == "draft"
}

/// Editions a text says this one replaces: `代替 GB/T 28181—2011`, `本标准代替…`,
/// `cancels and replaces … (ISO/IEC 14496-12:2008)`, `thay thế TCVN …`.
pub fn replaced(text: &str) -> Vec<String> {
    static REPLACES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(代替|替代|cancels and replaces|replaces|thay thế|menggantikan|ยกเลิก)")
            .expect("valid")
    });
    let folded = fold(text);
    let mut out: Vec<String> = Vec::new();
    for m in REPLACES.find_iter(&folded) {
        // The replaced number follows within a short distance (the ISO form names the
        // edition in words first).
        let window: String = folded[m.end()..].chars().take(90).collect();
        let stop = window.find(['。', ';', '；']).unwrap_or(window.len());
        if let Some(n) = numbers(&window[..stop]).into_iter().next()
            && !out.contains(&n.canonical)
        {
            out.push(n.canonical);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(t: &str) -> Vec<String> {
        numbers(t).into_iter().map(|f| f.canonical).collect()
    }

    #[test]
    fn numbers_of_every_body_are_canonical() {
        assert_eq!(canon("GB/T 28181—2016"), ["GB/T 28181-2016"]);
        assert_eq!(canon("GB/T28181-2016"), ["GB/T 28181-2016"]);
        assert_eq!(canon("T/GDRTA  002—2020"), ["T/GDRTA 002-2020"]);
        assert_eq!(canon("HJ 212-2017"), ["HJ 212-2017"]);
        assert_eq!(canon("JT／T 808－2019"), ["JT/T 808-2019"]);
        assert_eq!(canon("DB11/T 1234—2015"), ["DB11/T 1234-2015"]);
        assert_eq!(canon("GB 4706.1-2005"), ["GB 4706.1-2005"]);
        assert_eq!(canon("QCVN 32:2026/BXD"), ["QCVN 32:2026/BXD"]);
        assert_eq!(canon("TCVN 5699-1:2010"), ["TCVN 5699-1:2010"]);
        assert_eq!(canon("ISO/IEC 14496-12:2012(E)"), ["ISO/IEC 14496-12:2012"]);
        assert_eq!(canon("มอก. 369-2557"), ["มอก. 369-2557"]);
        assert_eq!(canon("SNI IEC 60335-1:2009"), ["SNI IEC 60335-1:2009"]);
        assert_eq!(canon("GB/T 32960.1—2016"), ["GB/T 32960.1-2016"]);
        assert!(canon("RS-485 接口").is_empty());
        assert!(canon("IETF RFC 3261").is_empty());
    }

    #[test]
    fn citations_dates_ccs_and_replaced_editions() {
        assert!(cited_before("本标准按照"));
        assert!(cited_before("代替 "));
        assert!(!cited_before("中华人民共和国国家标准"));
        assert_eq!(iso_date("2017-4-24"), Some("2017-04-24".into()));
        assert_eq!(iso_date("2020–12–29"), Some("2020-12-29".into()));
        assert_eq!(
            iso_date("ngày 30 tháng 7 năm 2026"),
            Some("2026-07-30".into())
        );
        assert_eq!(
            cover_dates(&["2016-07-12发布 2016-08-01实施"]),
            (Some("2016-07-12".into()), Some("2016-08-01".into()))
        );
        assert_eq!(ccs("CCS R 10/19", false), Some("R10/19".into()));
        assert_eq!(ccs("A 91", true), Some("A91".into()));
        assert_eq!(ccs("A 91", false), None);
        assert_eq!(replaced("代替 GB/T28181—2011"), ["GB/T 28181-2011"]);
        assert_eq!(
            replaced(
                "This fourth edition cancels and replaces the third edition (ISO/IEC 14496-12:2008), which"
            ),
            ["ISO/IEC 14496-12:2008"]
        );
        assert!(is_draft_marker("（征求意见稿）"));
        assert!(is_draft_marker("DỰ THẢO"));
        assert!(!is_draft_marker("发布"));
    }
}
