//! The shipped sample corpus: every document parses into the structure the product
//! relies on (metadata, adoption, clause kinds, terms, tables, planted values).

use crate::common::{clause, corpus, parse_corpus};
use stdalign::model::{ClauseKind, Degree};

/// The families of independent national standards: (file, reference, lang, body,
/// country).
const INDEPENDENT: &[(&str, &str, &str, &str, &str)] = &[
    (
        "gb-t-1499-2-2018.xml",
        "GB/T 1499.2-2018",
        "zh",
        "SAC",
        "CN",
    ),
    (
        "tcvn-1651-2-2018.xml",
        "TCVN 1651-2:2018",
        "vi",
        "TCVN",
        "VN",
    ),
    ("sni-2052-2017.xml", "SNI 2052:2017", "id", "BSN", "ID"),
    ("tis-24-2559.xml", "มอก. 24-2559", "th", "TISI", "TH"),
    ("gb-175-2023.xml", "GB 175-2023", "zh", "SAC", "CN"),
    ("tcvn-2682-2020.xml", "TCVN 2682:2020", "vi", "TCVN", "VN"),
    ("ms-522-1-2007.xml", "MS 522-1:2007", "en", "DSM", "MY"),
    (
        "tis-15-1-2555.xml",
        "มอก. 15 เล่ม 1-2555",
        "th",
        "TISI",
        "TH",
    ),
    ("gb-811-2022.xml", "GB 811-2022", "zh", "SAC", "CN"),
    ("tis-369-2557.xml", "มอก. 369-2557", "th", "TISI", "TH"),
];

/// (file, reference, lang, body, country, adopted reference, degree)
const DOCUMENTS: &[(&str, &str, &str, &str, &str, &str, Degree)] = &[
    (
        "gb-4706-1-2005.xml",
        "GB 4706.1-2005",
        "zh",
        "SAC",
        "CN",
        "IEC 60335-1:2004",
        Degree::Idt,
    ),
    (
        "tcvn-5699-1-2010.xml",
        "TCVN 5699-1:2010",
        "vi",
        "TCVN",
        "VN",
        "IEC 60335-1:2010",
        Degree::Idt,
    ),
    (
        "tis-60335-1-2563.xml",
        "มอก. 60335 เล่ม 1-2563",
        "th",
        "TISI",
        "TH",
        "IEC 60335-1:2010",
        Degree::Mod,
    ),
    (
        "sni-iec-60335-1-2009.xml",
        "SNI IEC 60335-1:2009",
        "id",
        "BSN",
        "ID",
        "IEC 60335-1:2006",
        Degree::Idt,
    ),
    (
        "ms-iec-60335-1-2012.xml",
        "MS IEC 60335-1:2012",
        "ms",
        "DSM",
        "MY",
        "IEC 60335-1:2010",
        Degree::Idt,
    ),
    (
        "gb-4943-1-2022.xml",
        "GB 4943.1-2022",
        "zh",
        "SAC",
        "CN",
        "IEC 62368-1:2018",
        Degree::Mod,
    ),
    (
        "tcvn-12670-1-2019.xml",
        "TCVN 12670-1:2019",
        "vi",
        "TCVN",
        "VN",
        "IEC 62368-1:2018",
        Degree::Mod,
    ),
    (
        "tis-62368-1-2564.xml",
        "มอก. 62368 เล่ม 1-2564",
        "th",
        "TISI",
        "TH",
        "IEC 62368-1:2018",
        Degree::Neq,
    ),
    (
        "sni-iec-62368-1-2014.xml",
        "SNI IEC 62368-1:2014",
        "id",
        "BSN",
        "ID",
        "IEC 62368-1:2014",
        Degree::Idt,
    ),
    (
        "pns-iec-62368-1-2021.xml",
        "PNS IEC 62368-1:2021",
        "en",
        "BPS",
        "PH",
        "IEC 62368-1:2018",
        Degree::Idt,
    ),
];

#[test]
fn every_document_has_its_metadata_and_adoption() {
    let files = std::fs::read_dir(corpus()).unwrap().filter(|e| {
        e.as_ref()
            .unwrap()
            .path()
            .extension()
            .is_some_and(|x| x == "xml")
    });
    assert_eq!(
        files.count(),
        DOCUMENTS.len() + INDEPENDENT.len(),
        "every shipped document is listed here"
    );
    // The independent national standards adopt no international text identically or
    // with modifications (at most a not-equivalent reference to one).
    for (file, reference, lang, body, country) in INDEPENDENT {
        let s = parse_corpus(file);
        let i = &s.info;
        assert_eq!(i.reference, *reference, "{file}");
        assert_eq!(
            (i.lang.as_str(), i.body.as_str(), i.country.as_str()),
            (*lang, *body, *country),
            "{file}"
        );
        assert!(
            i.adoptions.iter().all(|a| a.degree == Degree::Neq),
            "{file}: {:?}",
            i.adoptions
        );
        assert!(s.clauses.len() >= 35, "{file}: {} clauses", s.clauses.len());
        assert!(!i.ics.is_empty(), "{file}");
    }
    for (file, reference, lang, body, country, adopted, degree) in DOCUMENTS {
        let s = parse_corpus(file);
        let i = &s.info;
        assert_eq!(i.reference, *reference, "{file}");
        assert_eq!(
            (i.lang.as_str(), i.body.as_str(), i.country.as_str()),
            (*lang, *body, *country),
            "{file}"
        );
        assert_eq!(i.adoptions.len(), 1, "{file}: {:?}", i.adoptions);
        assert_eq!(
            (i.adoptions[0].reference.as_str(), i.adoptions[0].degree),
            (*adopted, *degree),
            "{file}"
        );
        assert!(
            i.titles.contains_key(*lang) && i.titles.contains_key("en"),
            "{file}: {:?}",
            i.titles
        );
        assert!(!i.ics.is_empty(), "{file}");
        assert_eq!(i.source.sha256.len(), 64);
    }
}

#[test]
fn every_document_has_the_parts_of_a_standard() {
    for (file, ..) in DOCUMENTS {
        let s = parse_corpus(file);
        let count = |k: ClauseKind| s.clauses.iter().filter(|c| c.kind == k).count();
        assert!(s.clauses.len() >= 40, "{file}: {} clauses", s.clauses.len());
        assert_eq!(count(ClauseKind::Foreword), 1, "{file}");
        assert_eq!(count(ClauseKind::Scope), 1, "{file}");
        assert_eq!(count(ClauseKind::NormativeReferences), 1, "{file}");
        assert_eq!(count(ClauseKind::Term), 7, "{file}");
        assert!(count(ClauseKind::Annex) >= 2, "{file}");
        assert!(count(ClauseKind::Requirement) >= 20, "{file}");
        assert!(
            s.clauses
                .iter()
                .any(|c| c.text.lines().any(|l| l.matches(" | ").count() >= 1)),
            "{file}: a table"
        );
        let refs = &clause(&s, "2").references;
        assert!(refs.len() >= 4, "{file}: normative references {refs:?}");
        // Every clause has a language and every child points to an existing parent.
        for c in &s.clauses {
            assert_eq!(c.lang, s.info.lang, "{file} {}", c.key);
            if let Some(p) = &c.parent {
                assert!(
                    s.clauses.iter().any(|x| &x.key == p),
                    "{file}: {} has unknown parent {p}",
                    c.key
                );
                assert_eq!(c.depth, clause(&s, p).depth + 1);
            }
        }
    }
}

#[test]
fn clause_text_is_plain_and_in_reading_order() {
    let gb = parse_corpus("gb-4706-1-2005.xml");
    let c = clause(&gb, "13.2");
    assert_eq!(c.heading.as_deref(), Some("工作温度下的泄漏电流"));
    assert!(c.text.contains("Ⅰ类便携式器具：0.75 mA"), "{}", c.text);
    assert!(
        c.text.find("0.25 mA").unwrap() < c.text.find("3.5 mA").unwrap(),
        "list order kept"
    );
    assert!(!c.text.contains('<') && !c.text.contains("&deg;"));
    // Entities from the HTML/ISO sets decode without a DTD.
    assert!(clause(&gb, "5.1").text.contains("20 °C ± 5 °C"));
    assert!(clause(&gb, "27.5").text.contains("0.1 Ω"));
    // Superscripts stay superscripts (mm²), so units survive.
    assert!(
        clause(&gb, "25.8").text.contains("1.0 mm²"),
        "{}",
        clause(&gb, "25.8").text
    );
    // Thai keeps its combining marks in order.
    let th = parse_corpus("tis-60335-1-2563.xml");
    assert!(
        clause(&th, "21.1")
            .text
            .contains("ควรมีความแข็งแรงทางกลเพียงพอ")
    );
    assert_eq!(
        clause(&th, "ก.2").parent.as_deref(),
        Some("ก"),
        "Thai annex letters are keys"
    );
    // Vietnamese keeps decimal commas as printed.
    assert!(
        clause(&parse_corpus("tcvn-5699-1-2010.xml"), "13.2")
            .text
            .contains("0,5 mA")
    );
}

#[test]
fn nested_adoption_takes_the_national_identity() {
    let ms = parse_corpus("ms-iec-60335-1-2012.xml");
    assert_eq!(ms.info.reference, "MS IEC 60335-1:2012");
    assert_eq!(ms.info.aliases, ["MS IEC 60335-1"]);
    assert_eq!(ms.info.year, Some(2012));
    assert_eq!(clause(&ms, "foreword").kind, ClauseKind::Foreword);
    assert_eq!(clause(&ms, "7.14").lang, "ms");
    let th = parse_corpus("tis-60335-1-2563.xml");
    assert_eq!(th.info.year, Some(2020), "Buddhist era 2563 is 2020");
    assert!(
        th.info
            .aliases
            .contains(&"TIS 60335 Part 1-2563".to_string())
    );
}
