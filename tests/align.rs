//! Alignment of the shipped corpus with the real model: the planted deviations come
//! back with their values (tests/gold/align, written by scripts/gen-gold.py), notation
//! changes are never value changes, and standards whose clauses carry no numbers at
//! all still align by meaning.

use crate::common::{corpus, root};
use crate::semantic::{engine, model_paths};
use std::path::PathBuf;
use std::sync::Arc;
use stdalign::Engine;
use stdalign::align::diff::DiffKind;
use stdalign::align::units::{parse_number, quantities};
use stdalign::embed::FastEmbedder;
use stdalign::eval::align::{Prf, evaluate_align, load_gold, score};
use stdalign::eval::harmonise::{evaluate_check, evaluate_matrix};

fn gold_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/gold/align"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 15);
    files
}

/// The gold of the two families that adopt one IEC text (household appliances and
/// AV/ICT equipment, GB on the left).
fn adoption_family_gold() -> Vec<PathBuf> {
    gold_files()
        .into_iter()
        .filter(|f| {
            let gold = load_gold(f).unwrap();
            gold.left == "GB 4706.1-2005" || gold.left == "GB 4943.1-2022"
        })
        .collect()
}

#[test]
fn the_planted_deviations_come_back_with_their_values() {
    let files = adoption_family_gold();
    assert_eq!(files.len(), 8);
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let e = evaluate_align(engine(), &paths, false).unwrap();
    let t = &e.total;
    // Measured: pairs 0.99, differences P 0.88 R 1.00.
    assert!(t.pairs.f1 >= 0.97, "pairs {:?}", t.pairs);
    assert!(t.one_side.f1 >= 0.75, "one-side {:?}", t.one_side);
    assert!(
        t.differences.recall >= 0.95,
        "differences {:?}",
        t.differences
    );
    assert!(
        t.differences.precision >= 0.8,
        "differences {:?}",
        t.differences
    );
    for kind in ["value", "unit-only", "strength", "reference"] {
        let p = t.by_kind[kind];
        assert!(p.f1 >= 0.9, "{kind}: {p:?}");
    }
    // Measured: added text P 0.50 (2 of 4), R 1.00. The two extra ones are
    // requirement sentences one side states and the other does not say in a
    // sentence of its own: PNS 5.3's explicit rule for openings, which GB 4943.1
    // leaves implied, and TCVN 5699-1 7.12's maintenance precautions, which GB
    // 4706.1 folds into a longer sentence the sentence alignment does not link to
    // it. (An MS 60335-1 marking item facing its reworded Chinese counterpart is
    // linked to it as each other's closest sentence.)
    let p = t.by_kind["added-text"];
    assert!(p.recall >= 0.95 && p.precision >= 0.5, "added-text: {p:?}");
    // Every adoption of one international text aligns almost perfectly.
    for f in e.files.iter().filter(|f| f.class == "adoption") {
        assert!(
            f.scores.pairs.f1 >= 0.97,
            "{} ↔ {}: {:?}",
            f.left,
            f.right,
            f.scores.pairs
        );
    }
}

#[test]
fn independent_standards_and_perturbed_copies_align_by_evidence() {
    // The development benchmark: the adoption families, the two families of
    // independent national standards (steel bars, cement), and every right-hand
    // standard perturbed (sections shuffled, renumbered, clauses inserted, deleted,
    // split, merged, moved, labels stripped) with gold by construction.
    let files = gold_files();
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let e = evaluate_align(engine(), &paths, true).unwrap();
    let class = |name: &str| e.classes[name].pairs;
    // Measured: overall pairs F1 0.95, adoption 1.00, independent 0.94; perturbed
    // 0.92 (mixed) to 0.96.
    assert!(e.overall.pairs.f1 >= 0.94, "overall {:?}", e.overall.pairs);
    assert!(class("adoption").f1 >= 0.99, "{:?}", class("adoption"));
    assert!(
        class("independent").f1 >= 0.93,
        "{:?}",
        class("independent")
    );
    for (name, scores) in e
        .classes
        .iter()
        .filter(|(n, _)| n.starts_with("perturbed:"))
    {
        assert!(scores.pairs.f1 >= 0.91, "{name}: {:?}", scores.pairs);
    }
    // Found groups are almost all right, and the confidence says so.
    assert!(e.calibration.ece <= 0.05, "{:?}", e.calibration);
    // Text on one side only (grades one standard defines, list items, sentences
    // stating values the other side has nowhere, requirement sentences without
    // counterpart on a side that reads as a parallel text, items one of two lists
    // lacks): measured added P/R 0.88 / 0.88, removed 0.90 / 0.86 on the gold files
    // (the two extra removed ones are GB 175's marking-language and bulk-delivery
    // sentences, which MS 522 does not state; the two extra added ones are named
    // in `the_planted_deviations_come_back_with_their_values`).
    let p = e.total.by_kind["added-text"];
    assert!(p.precision >= 0.85 && p.recall >= 0.85, "added-text: {p:?}");
    let p = e.total.by_kind["removed-text"];
    assert!(
        p.precision >= 0.85 && p.recall >= 0.82,
        "removed-text: {p:?}"
    );
    // Values and units (each quantity against its counterpart, in merged groups
    // too, composition limits by their chemical species): measured value P/R 0.97 /
    // 0.96, unit-only 1.00 / 1.00.
    let p = e.total.by_kind["value"];
    assert!(p.precision >= 0.93 && p.recall >= 0.92, "value: {p:?}");
    let p = e.total.by_kind["unit-only"];
    assert!(p.precision >= 0.9 && p.recall >= 0.9, "unit-only: {p:?}");
    // Cited standards: measured P/R 0.95 / 1.00 (the false ones: EN 196-1 against
    // GB/T 17671, which no document links to ISO 679).
    let p = e.total.by_kind["reference"];
    assert!(p.precision >= 0.9 && p.recall >= 0.95, "reference: {p:?}");
}

/// The (left, right) of every difference of `kind` in the groups `keep` accepts.
fn changed(
    a: &stdalign::align::Alignment,
    kind: DiffKind,
    keep: impl Fn(&stdalign::align::AlignedPair) -> bool,
) -> Vec<(String, String)> {
    a.pairs
        .iter()
        .filter(|p| keep(p))
        .flat_map(|p| &p.differences)
        .filter(|d| d.kind == kind)
        .map(|d| {
            (
                d.left.clone().unwrap_or_default(),
                d.right.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Cited standards that no adoption links are paired by what their titles say, not
/// by their numbers or their order: GB/T 1499.2's spark-emission method (GB/T 4336)
/// against ASTM E415, its test methods for bars (GB/T 28900) against SNI 0410 (bend
/// test), although the first pair by order and by the most similar line is the other.
#[test]
fn cited_standards_pair_by_their_titles() {
    let a = engine().align("GB/T 1499.2-2018", "SNI 2052:2017").unwrap();
    let mut pairs = changed(&a, DiffKind::Reference, |p| p.left == ["2"]);
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("GB/T 28900".to_string(), "SNI 0410".to_string()),
            ("GB/T 4336".to_string(), "ASTM E415".to_string()),
        ]
    );
}

/// A value pairs only with one naming the same property symbol when both sides print
/// symbols: GB/T 1499.2's elongation `A` (15 % for HRB500) is never compared with the
/// `Agt` column of TCVN 1651-2 (7,5), nor Agt's 7.5 % with the A column; and values
/// given per grade pair by grade: HRB500's 15 % (in a sentence) with CB500-V's 14 (a
/// table row), not with the next row's value.
#[test]
fn values_pair_by_their_property_symbols() {
    let a = engine()
        .align("GB/T 1499.2-2018", "TCVN 1651-2:2018")
        .unwrap();
    let values = changed(&a, DiffKind::Value, |_| true);
    assert!(
        values.iter().any(|(l, r)| l == "15 %" && r == "14 %"),
        "{values:?}"
    );
    for (l, r) in &values {
        let percent = |v: &str| v.trim_end_matches([' ', '%']).replace(',', ".");
        assert!(
            !(percent(l) == "15" && percent(r) == "7.5"),
            "A paired with Agt: {values:?}"
        );
    }
}

/// Clauses citing two national adoptions of one international method are evidence
/// for each other: GB/T 1499.2's tensile test (GB/T 228.1, ISO 6892-1 MOD) pairs with
/// TCVN 1651-2's (TCVN 197-1, ISO 6892-1), as each standard's reference list says.
#[test]
fn clauses_citing_adoptions_of_one_method_pair() {
    let a = engine()
        .align("GB/T 1499.2-2018", "TCVN 1651-2:2018")
        .unwrap();
    let pair = a
        .pairs
        .iter()
        .find(|p| p.left.iter().any(|k| k == "8.2"))
        .unwrap_or_else(|| panic!("GB 8.2 left out: {:?}", a.left_only));
    assert_eq!(pair.right, ["7.1"], "{pair:?}");
}

/// Values given per grade in a sentence pair by grade, whichever side names the
/// grades first, and a grade's letter suffix is no unit: SNI's `… 14 persen untuk
/// BjTS 520 dan BjTS 550` against GB's `HRB500 … A不小于15 %`, and `BjTS 420A` is
/// no current of 420 A.
#[test]
fn values_keyed_by_grade_after_them_pair_with_their_grade() {
    let a = engine().align("GB/T 1499.2-2018", "SNI 2052:2017").unwrap();
    let values = changed(&a, DiffKind::Value, |_| true);
    assert!(
        values.iter().any(|(l, r)| l == "15 %" && r == "14 persen"),
        "{values:?}"
    );
    assert!(
        !values
            .iter()
            .any(|(_, r)| r.ends_with('A') || r.ends_with('B')),
        "a grade read as a value: {values:?}"
    );
}

/// Grades only one side has, where the group tabulates them, come as their table
/// rows with the limits: GB 175's rapid-hardening 42.5R and 52.5R against TCVN 2682.
#[test]
fn grades_tabulated_on_one_side_only_come_as_their_rows() {
    let a = engine().align("GB 175-2023", "TCVN 2682:2020").unwrap();
    let rows: Vec<(&[String], &str)> = a
        .pairs
        .iter()
        .flat_map(|p| p.differences.iter().map(move |d| (p, d)))
        .filter(|(_, d)| d.note.starts_with("grades only"))
        .filter_map(|(p, d)| Some((p.left.as_slice(), d.left.as_deref()?)))
        .collect();
    assert_eq!(
        rows,
        [
            (&["7.3.4".to_string()][..], "42.5R | ≥22.0 | ≥42.5"),
            (&["7.3.4".to_string()][..], "52.5R | ≥27.0 | ≥52.5"),
        ],
        "{rows:?}"
    );
}

/// A section one standard splits into a heading and two requirements, and the other
/// writes as one clause, aligns whole: GB/T 1499.2 7.3 (力学性能) with 7.3.1 and 7.3.2
/// against TCVN 1651-2 6.2.
#[test]
fn a_section_the_other_writes_as_one_clause_aligns_whole() {
    let a = engine()
        .align("GB/T 1499.2-2018", "TCVN 1651-2:2018")
        .unwrap();
    let group = a
        .pairs
        .iter()
        .find(|p| p.right == ["6.2"])
        .expect("TCVN 6.2 is aligned");
    assert_eq!(group.left, ["7.3", "7.3.1", "7.3.2"]);
}

#[test]
fn grades_one_standard_defines_and_the_other_lacks_are_reported_once() {
    // GB/T 1499.2 defines HRB400/500/600, seismic E and fine-grain HRBF grades; TIS 24
    // defines SD30/40/50 (kgf/mm²: SD40 is the 400 MPa class).
    let a = engine().align("GB/T 1499.2-2018", "มอก. 24-2559").unwrap();
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for p in &a.pairs {
        for d in &p.differences {
            if d.note.starts_with("grades only") {
                match (&d.left, &d.right) {
                    (Some(l), None) => removed.push((p.left.clone(), l.clone())),
                    (None, Some(r)) => added.push((p.right.clone(), r.clone())),
                    _ => panic!("a grade difference has one side: {d:?}"),
                }
            }
        }
    }
    // Each where the grades are first listed: the group holding both clauses 4.
    let at_four = |keys: &Vec<String>| keys.iter().any(|k| k == "4");
    for grade in ["HRB600", "HRB400E、HRB500E", "HRBF400、HRBF500"] {
        assert!(
            removed.iter().any(|(k, g)| at_four(k) && g == grade),
            "{grade}: {removed:?}"
        );
    }
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(at_four(&added[0].0) && added[0].1 == "SD30", "{added:?}");
    // Grades with a counterpart are never reported, and each grade only once.
    let all: Vec<&str> = removed.iter().flat_map(|(_, g)| g.split('、')).collect();
    assert!(
        !all.contains(&"HRB400") && !all.contains(&"HRB500"),
        "{all:?}"
    );
    let mut unique = all.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "{all:?}");
}

#[test]
fn a_section_condensed_into_one_clause_keeps_its_sub_clauses() {
    // GB 4943.1 splits clause 4 into sub-clauses (4.4: safeguards between energy
    // sources and persons); the Thai standard, written independently, says it in its
    // single clause 4. The sub-clause is not left "GB only", and the national
    // addition 4.101 is not pulled in.
    let a = engine()
        .align("GB 4943.1-2022", "มอก. 62368 เล่ม 1-2564")
        .unwrap();
    let four = a
        .pairs
        .iter()
        .find(|p| p.right == ["4"])
        .expect("TIS clause 4 is aligned");
    for key in ["4", "4.4"] {
        assert!(
            four.left.iter().any(|k| k == key),
            "{key} in {:?}",
            four.left
        );
    }
    assert!(
        a.left_only.iter().any(|k| k == "4.101"),
        "{:?}",
        a.left_only
    );
}

/// The unlabelled Debian manuals built by scripts/debian-parallel.sh (en against
/// id, vi and zh), when present: third-party parallel text with real structure.
#[test]
fn debian_manuals_align_without_labels() {
    let dir = root().join(".cache/debian-parallel");
    if !dir.join("gold").is_dir() {
        assert!(
            std::env::var_os("STDALIGN_REQUIRE_DEBIAN").is_none(),
            "STDALIGN_REQUIRE_DEBIAN is set but {} is missing: run scripts/debian-parallel.sh",
            dir.display()
        );
        eprintln!(
            "skipped: {} is absent (scripts/debian-parallel.sh builds it)",
            dir.display()
        );
        return;
    }
    let mut docs: Vec<PathBuf> = std::fs::read_dir(dir.join("sts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    docs.sort();
    let mut gold: Vec<PathBuf> = std::fs::read_dir(dir.join("gold"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    gold.sort();
    let index = tempfile::tempdir().unwrap();
    let embedder = FastEmbedder::load(&model_paths()).unwrap();
    let mut e = Engine::open_with(&index.path().join("index"), Some(Arc::new(embedder))).unwrap();
    e.ingest(&docs, &mut |_| {}).unwrap();
    let paths: Vec<&std::path::Path> = gold.iter().map(PathBuf::as_path).collect();
    let scores = evaluate_align(&e, &paths, true).unwrap();
    // Measured: 1.00 on the manuals as they are (0.98 en–vi, a third of whose
    // paragraphs are still in English), 0.99 with their perturbations.
    for f in &scores.files {
        assert_eq!(f.class, "unlabelled");
        assert!(
            f.scores.pairs.f1 >= 0.95,
            "{} ↔ {}: {:?}",
            f.left,
            f.right,
            f.scores.pairs
        );
    }
    assert!(
        scores.overall.pairs.f1 >= 0.96,
        "{:?}",
        scores.overall.pairs
    );
}

#[test]
fn a_value_difference_is_never_the_same_amount_in_other_units() {
    for file in adoption_family_gold() {
        let gold = load_gold(&file).unwrap();
        let found = engine().align(&gold.left, &gold.right).unwrap();
        for d in found.pairs.iter().flat_map(|p| &p.differences) {
            if d.kind != DiffKind::Value {
                continue;
            }
            let (l, r) = (d.left.as_deref().unwrap(), d.right.as_deref().unwrap());
            if d.quantity.as_deref() == Some("language") {
                assert_ne!(l, r, "{d:?}");
                continue;
            }
            if d.quantity.as_deref() == Some("ratio") {
                // Factors are printed as bare numbers.
                assert_ne!(parse_number(l, "vi"), parse_number(r, "vi"), "{d:?}");
                continue;
            }
            let (l, r) = (quantities(l, "zh"), quantities(r, "vi"));
            // A bare number takes its unit from its table column; those compare as
            // numbers.
            if let (Some(l), Some(r)) = (l.first(), r.first()) {
                assert!(!l.same_amount(r), "{d:?} is a notation change");
            }
        }
        // And the gold's unit-only changes are found as such, with their values.
        for (gp, gd) in gold
            .pairs
            .iter()
            .flat_map(|p| p.differences.iter().map(move |d| (p, d)))
            .filter(|(_, d)| d.kind == DiffKind::UnitOnly)
        {
            // In the found group(s) holding the gold group's clauses (a group may
            // be drawn a clause narrower or wider than the gold's).
            let overlapping: Vec<_> = found
                .pairs
                .iter()
                .filter(|p| {
                    p.left.iter().any(|k| gp.left.contains(k))
                        && p.right.iter().any(|k| gp.right.contains(k))
                })
                .collect();
            assert!(
                overlapping
                    .iter()
                    .flat_map(|p| &p.differences)
                    .any(|d| d.kind == DiffKind::UnitOnly
                        && d.left == gd.left
                        && d.right == gd.right),
                "{} {:?}: {:?} not found in {:?}",
                gold.right,
                gp.left,
                gd,
                overlapping
            );
        }
    }
}

#[test]
fn standards_without_clause_numbers_align_by_meaning() {
    // PNS IEC 62368-1 with every clause label removed and a reference of its own:
    // its clauses get generated keys, so only meaning, quantities and order remain.
    let xml = std::fs::read_to_string(corpus().join("pns-iec-62368-1-2021.xml")).unwrap();
    let label = regex::Regex::new(r"<label>[^<]*</label>").unwrap();
    let unlabelled = label
        .replace_all(&xml, "")
        .replace("PNS IEC 62368-1:2021", "PNS 9999:2021");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("unlabelled.xml"), unlabelled).unwrap();
    let embedder = FastEmbedder::load(&model_paths()).unwrap();
    let mut e = Engine::open_with(&dir.path().join("index"), Some(Arc::new(embedder))).unwrap();
    e.ingest(
        &[
            corpus().join("gb-4943-1-2022.xml"),
            dir.path().join("unlabelled.xml"),
        ],
        &mut |_| {},
    )
    .unwrap();
    let original = engine().standard("PNS IEC 62368-1:2021").unwrap();
    let unlabelled = e.standard("PNS 9999:2021").unwrap();
    assert_eq!(original.clauses.len(), unlabelled.clauses.len());
    assert!(unlabelled.clauses.iter().all(|c| {
        original
            .clauses
            .iter()
            .all(|o| o.key != c.key || c.key == "foreword")
    }));
    // Map the generated keys back to the printed numbers (same clause order) and
    // score against the gold.
    let mut found = e.align("GB 4943.1-2022", "PNS 9999:2021").unwrap();
    let back = |k: &String| {
        let i = unlabelled.clauses.iter().position(|c| &c.key == k).unwrap();
        original.clauses[i].key.clone()
    };
    for p in &mut found.pairs {
        p.right = p.right.iter().map(back).collect();
    }
    found.right_only = found.right_only.iter().map(back).collect();
    let gold = load_gold(&root().join("tests/gold/align/pns-iec-62368-1-2021.json")).unwrap();
    let s = score(&found, &gold);
    assert!(s.pairs.f1 >= 0.85, "{:?}", s.pairs);
    assert!(s.by_kind["value"].recall >= 0.99, "{:?}", s.by_kind);
}

/// Every product family of the corpus, found from every member: adoptions of one IEC
/// text by construction, and the independent national standards (steel bars, cement,
/// helmets) from ICS, titles and alignment. Families are read from the gold files (a
/// GB standard on the left, its counterparts on the right), not listed here.
#[test]
fn counterparts_are_the_product_families_and_nothing_else() {
    let mut families: Vec<Vec<String>> = Vec::new();
    for f in gold_files() {
        let gold = load_gold(&f).unwrap();
        match families.iter_mut().find(|m| m.contains(&gold.left)) {
            Some(m) => m.push(gold.right),
            None => families.push(vec![gold.left, gold.right]),
        }
    }
    assert_eq!(families.len(), 5, "{families:?}");
    let e = engine();
    for family in &families {
        for member in family {
            let found = e.counterparts(member).unwrap();
            let mut got: Vec<&str> = found.iter().map(|c| c.reference.as_str()).collect();
            got.sort();
            let mut want: Vec<&str> = family
                .iter()
                .filter(|m| *m != member)
                .map(String::as_str)
                .collect();
            want.sort();
            assert_eq!(got, want, "counterparts of {member}: {found:#?}");
            for c in &found {
                assert!(c.confidence >= 0.5 && c.confidence <= 1.0, "{c:?}");
                let e = &c.evidence;
                match c.relation.as_str() {
                    "adoption" => assert!(e.common_adoption.is_some(), "{c:?}"),
                    "same-subject" => assert!(
                        e.alignment_coverage.is_some() && e.title_similarity.is_some(),
                        "{c:?}"
                    ),
                    other => panic!("relation {other}"),
                }
            }
        }
    }
    // The exporter checklist reaches the independent Thai standards for cement and
    // for helmets (issue 19's own example: GB 811 against TIS 369, no adoption).
    let check = e.check("GB 175-2023", "Thailand").unwrap();
    assert_eq!(check.counterparts, vec!["มอก. 15 เล่ม 1-2555".to_string()]);
    assert!(!check.items.is_empty());
    let check = e.check("GB 811-2022", "Thailand").unwrap();
    assert_eq!(check.counterparts, vec!["มอก. 369-2557".to_string()]);
    assert!(
        check.items.iter().any(|i| i.kind == "stricter-value"),
        "{:#?}",
        check.items
    );
}

/// The exporter checklist and the harmonisation matrix against the gold alignments:
/// items and conflicting cells found with their values, values marked stricter or
/// less strict as the gold says, and every suggestion following its stated basis.
#[test]
fn checklist_and_matrix_follow_the_gold_and_their_basis() {
    let files = gold_files();
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let c = evaluate_check(engine(), &paths).unwrap();
    // Measured: adoption families 1.00/1.00 (items), all files 0.87/0.81; the
    // independent families are limited by the alignment and added text (issue 15).
    let adoption = c
        .files
        .iter()
        .filter(|f| f.name.starts_with("GB 4706.1") || f.name.starts_with("GB 4943.1"))
        .fold(Prf::from_counts(0, 0, 0), |a, f| a.plus(f.scores));
    assert!(
        adoption.precision >= 0.85 && adoption.recall >= 0.85,
        "{adoption:?}"
    );
    // Measured 0.95/0.91 (a clause that only points to its annex goes with the
    // annex: 0.92 before; composition limits by species and limits found in a
    // sentence elsewhere: 0.88 before).
    assert!(
        c.total.precision >= 0.9 && c.total.recall >= 0.88,
        "{:?}",
        c.total
    );
    // Stricter values are told from less strict ones.
    let stricter = &c.by_kind["stricter-value"];
    assert!(stricter.precision >= 0.65, "{stricter:?}");

    let m = evaluate_matrix(engine(), &paths).unwrap();
    assert!(m.suggestions > 50, "{}", m.suggestions);
    assert!(m.inconsistent.is_empty(), "{:#?}", m.inconsistent);
    // Measured 0.96/0.90: cells follow the alignment's own value differences.
    assert!(
        m.total.precision >= 0.92 && m.total.recall >= 0.88,
        "{:?}",
        m.total
    );
    let appliances = m
        .standards
        .iter()
        .find(|s| s.name == "GB 4706.1-2005")
        .unwrap();
    assert!(appliances.scores.f1 >= 0.9, "{:?}", appliances.scores);

    // The language markings must be written in is a row: 规范中文 against each
    // counterpart's own language.
    let cement = engine().matrix("GB 175-2023").unwrap();
    let language = cement
        .rows
        .iter()
        .find(|r| r.quantity.as_deref() == Some("language"))
        .expect("a marking-language row");
    assert_eq!(language.value.as_deref(), Some("规范中文"));
    let theirs: Vec<_> = language
        .cells
        .iter()
        .filter(|c| c.status == "different")
        .filter_map(|c| c.value.as_deref())
        .collect();
    assert!(theirs.contains(&"tiếng Việt"), "{theirs:?}");
    assert!(language.conflict);
}
