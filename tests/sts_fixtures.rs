//! Real ISO STS test documents (metanorma/sts-ruby) from ../shared/fixtures/sts:
//! clause keys, headings, nesting, annexes, terms and table text.

use crate::common::{clause, parse, shared_sts};
use stdalign::model::ClauseKind;

#[test]
fn feature_doc_keys_headings_and_structure() {
    let Some(path) = shared_sts("feature_doc.xml") else {
        return;
    };
    let s = parse(&path);
    let keys: Vec<&str> = s.clauses.iter().map(|c| c.key.as_str()).collect();
    for k in [
        "8.6.1", "6.3.1", "2.1", "2.2", "4", "5.1", "5.4", "B.3", "3.28", "1.2.3", "F", "A", "A.1",
    ] {
        assert!(keys.contains(&k), "missing {k} in {keys:?}");
    }
    // A section without a label is keyed by its id, and its children point to it.
    assert_eq!(
        clause(&s, "5.2").parent.as_deref(),
        Some("iso-iec_8825-5_2008_en_sec_5")
    );
    assert_eq!(
        clause(&s, "iso-iec_8825-5_2008_en_sec_5")
            .heading
            .as_deref(),
        Some("Notation")
    );
    assert_eq!(
        clause(&s, "6.3.1").heading.as_deref(),
        Some("The running r.m.s. method")
    );
    assert_eq!(
        clause(&s, "8.6.1").heading,
        None,
        "empty <title/> is no heading"
    );
    // Lists outside <p> keep their items, with labels.
    let list = clause(&s, "iso_10002_2004_sec_A");
    assert!(
        list.text.contains("— Be open to complaints"),
        "{}",
        list.text
    );
    // Annexes: the "Annex" word is dropped from the key, sub-clauses nest.
    assert_eq!(clause(&s, "F").kind, ClauseKind::Annex);
    assert_eq!(
        clause(&s, "F").heading.as_deref(),
        Some("Considerations for the audit programme, scope or plan")
    );
    assert!(clause(&s, "F").text.starts_with("(informative)"));
    assert_eq!(clause(&s, "A.1").parent.as_deref(), Some("A"));
    assert_eq!(clause(&s, "A.1").kind, ClauseKind::Annex);
    assert_eq!(clause(&s, "3.28").kind, ClauseKind::Term);
    assert_eq!(
        clause(&s, "3.28").heading.as_deref(),
        Some("medical device")
    );
    assert_eq!(
        clause(&s, "iso-iec_20001-1_2011_en_sec_intro").kind,
        ClauseKind::Introduction
    );
    assert_eq!(clause(&s, "sec_bibl").kind, ClauseKind::Bibliography);
    // Citations become references of their clause.
    assert!(
        clause(&s, "2.1")
            .references
            .contains(&"ISO/IEC 8824-1:2008".to_string())
    );
    // A note keeps its label on the same line as its text.
    assert!(
        clause(&s, "2.1")
            .text
            .starts_with("NOTE — The complete set of ASN.1"),
        "{}",
        clause(&s, "2.1").text
    );
}

#[test]
fn isosts_tables_keep_rows_and_cells() {
    let Some(path) = shared_sts("isosts_tables.xml") else {
        return;
    };
    let s = parse(&path);
    assert_eq!(s.clauses.len(), 1);
    let c = clause(&s, "1");
    assert_eq!(c.heading.as_deref(), Some("Test tables"));
    assert_eq!(
        s.info.titles.get("en").map(String::as_str),
        Some("Test cases for XHTML to CALS conversion")
    );
    let lines: Vec<&str> = c.text.lines().collect();
    assert_eq!(lines[0], "Table 1");
    assert_eq!(lines[1], "No border no col definition table");
    assert_eq!(lines[2], "table cell text | table cell text");
    assert!(lines.contains(&"header text | header text | header text | header text | header text"));
    assert!(
        lines.contains(&"table footer"),
        "table-wrap-foot text is kept"
    );
    assert!(
        c.text.matches("Table ").count() >= 6,
        "every table caption is kept"
    );
}

#[test]
fn tbx_terms_are_counted_with_their_definitions() {
    for name in ["tbx-examples.xml", "tbx-nisosts-0.2.xml"] {
        let Some(path) = shared_sts(name) else { return };
        let s = parse(&path);
        let terms: Vec<_> = s
            .clauses
            .iter()
            .filter(|c| c.kind == ClauseKind::Term)
            .collect();
        assert_eq!(terms.len(), 48, "{name}");
        assert_eq!(clause(&s, "3").kind, ClauseKind::Terms);
        let buoyancy = clause(&s, "3/1");
        assert_eq!(buoyancy.heading.as_deref(), Some("buoyancy"));
        assert!(
            buoyancy
                .text
                .contains("resultant of upward forces, exerted by the water"),
            "{}",
            buoyancy.text
        );
        // Equivalents in other languages and synonyms go to the text.
        let reynolds = clause(&s, "3/3");
        assert_eq!(
            reynolds.heading.as_deref(),
            Some("critical Reynolds number")
        );
        assert!(reynolds.text.contains("nombre de Reynolds critique"));
        // MathML keeps its text.
        let fire = clause(&s, "3/19");
        assert_eq!(fire.heading.as_deref(), Some("fire"));
        assert!(
            fire.text.contains('η') && fire.text.contains('='),
            "{}",
            fire.text
        );
        // Term sources are references.
        assert!(
            clause(&s, "3/13")
                .references
                .contains(&"ISO 3534-1:2006".to_string())
        );
    }
}
