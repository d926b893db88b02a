//! The index lifecycle: idempotent re-ingest, replacement of changed files, removal,
//! lookups by any form of a reference, and atomic commits.

use crate::common::{corpus, corpus_engine, corpus_xml, engine};
use stdalign::search::Mode;
use stdalign::{Engine, Error, Outcome, SearchRequest};

fn keyword(query: &str) -> SearchRequest {
    SearchRequest::new(query).with_mode(Mode::Keyword)
}

#[test]
fn reingesting_unchanged_files_is_a_no_op() {
    let (_dir, mut engine) = corpus_engine();
    let clauses = engine.clause_count();
    let report = engine.ingest(&corpus_xml(), &mut |_| {}).unwrap();
    assert!(report.successes().all(|s| s.outcome == Outcome::Unchanged));
    assert_eq!(report.successes().count(), 20);
    assert_eq!(engine.clause_count(), clauses);
}

#[test]
fn files_read_by_older_readers_are_read_again_once() {
    // An index written before the readers' version was recorded (a parser fix since):
    // the catalogue's sources carry no `reader`.
    let (_dir, engine) = engine();
    let index = engine.dir().to_path_buf();
    drop(engine);
    let file = corpus().join("gb-4943-1-2022.xml");
    let mut engine = Engine::open(&index).unwrap();
    engine
        .ingest(std::slice::from_ref(&file), &mut |_| {})
        .unwrap();
    drop(engine);
    let catalogue = std::fs::read_dir(&index)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("catalogue-")
        })
        .unwrap();
    let mut entries: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&catalogue).unwrap()).unwrap();
    for entry in entries.as_array_mut().unwrap() {
        let source = entry["source"].as_object_mut().unwrap();
        assert_eq!(source["reader"], stdalign::ingest::READER_VERSION);
        source.remove("reader");
    }
    std::fs::write(&catalogue, serde_json::to_vec(&entries).unwrap()).unwrap();

    let mut engine = Engine::open(&index).unwrap();
    let again = engine
        .ingest(std::slice::from_ref(&file), &mut |_| {})
        .unwrap();
    assert_eq!(again.successes().next().unwrap().outcome, Outcome::Replaced);
    // Read by today's readers: `MS1` (an energy source class) is no reference.
    let s = engine.standard("GB 4943.1-2022").unwrap();
    assert!(
        s.clauses
            .iter()
            .all(|c| !c.references.iter().any(|r| r == "MS1"))
    );
    let then = engine
        .ingest(std::slice::from_ref(&file), &mut |_| {})
        .unwrap();
    assert_eq!(then.successes().next().unwrap().outcome, Outcome::Unchanged);
}

#[test]
fn pdf_renditions_of_indexed_xml_standards_are_twins_and_the_xml_is_kept() {
    let (_dir, mut engine) = corpus_engine();
    let report = engine.ingest(&[corpus()], &mut |_| {}).unwrap();
    let outcome = |name: &str| {
        report
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .and_then(|f| f.result.as_ref().ok())
            .map(|i| i.outcome)
    };
    assert_eq!(outcome("pdf/gb-4706-1-2005.pdf"), Some(Outcome::Twin));
    assert_eq!(outcome("pdf/tis-60335-1-2563.pdf"), Some(Outcome::Twin));
    assert_eq!(outcome("gb-4706-1-2005.xml"), Some(Outcome::Unchanged));
    // The standards that exist only as PDF come in from their PDFs.
    assert_eq!(outcome("pdf/gb-8898-2011.pdf"), Some(Outcome::Added));
    assert_eq!(
        outcome("pdf/pns-iec-60335-1-2013.pdf"),
        Some(Outcome::Added)
    );
    assert_eq!(engine.list().len(), 22);
    let gb = engine.standard("GB 4706.1").unwrap();
    assert!(
        gb.info.source.path.ends_with(".xml"),
        "{}",
        gb.info.source.path
    );
    let pdf_only = engine.standard("GB 8898").unwrap();
    assert_eq!(pdf_only.info.adoptions[0].reference, "IEC 60065:2005");
    assert!(pdf_only.clauses.len() >= 30);
}

#[test]
fn a_changed_file_replaces_its_standard() {
    let (dir, mut engine) = engine();
    let file = dir.path().join("gb.xml");
    let original = std::fs::read_to_string(corpus().join("gb-4706-1-2005.xml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    engine
        .ingest(std::slice::from_ref(&file), &mut |_| {})
        .unwrap();
    let clauses = engine.clause_count();
    assert!(original.contains("Ⅰ类便携式器具：0.75 mA"));
    std::fs::write(
        &file,
        original.replace("Ⅰ类便携式器具：0.75 mA", "Ⅰ类便携式器具：0.70 mA"),
    )
    .unwrap();
    let report = engine
        .ingest(std::slice::from_ref(&file), &mut |_| {})
        .unwrap();
    assert_eq!(
        report.successes().next().unwrap().outcome,
        Outcome::Replaced
    );
    assert_eq!(
        engine.clause_count(),
        clauses,
        "old clauses are gone, not duplicated"
    );
    let (_, c) = engine.clause("GB 4706.1-2005", "13.2").unwrap();
    assert!(
        c.text.contains("Ⅰ类便携式器具：0.70 mA") && !c.text.contains("Ⅰ类便携式器具：0.75 mA")
    );
    let hits = engine.search(&keyword("0.70")).unwrap().results;
    assert_eq!(hits[0].key, "13.2");
    // Reopening sees the same state.
    let reopened = Engine::open(engine.dir()).unwrap();
    assert_eq!(reopened.clause_count(), clauses);
}

#[test]
fn remove_deletes_a_standard_and_its_clauses() {
    let (_dir, mut engine) = corpus_engine();
    let before = engine.clause_count();
    let removed = engine.remove("tcvn 5699-1").unwrap();
    assert_eq!(removed.reference, "TCVN 5699-1:2010");
    assert_eq!(engine.clause_count(), before - removed.clause_count as u64);
    assert!(
        engine
            .list()
            .iter()
            .all(|s| s.reference != "TCVN 5699-1:2010")
    );
    let hits = engine.search(&keyword("dòng điện rò")).unwrap().results;
    assert!(
        hits.iter().all(|h| h.standard != "TCVN 5699-1:2010"),
        "{hits:?}"
    );
    assert!(matches!(
        engine.remove("TCVN 5699-1:2010"),
        Err(Error::UnknownStandard(_))
    ));
    let reopened = Engine::open(engine.dir()).unwrap();
    assert_eq!(reopened.list().len(), 19);
}

#[test]
fn references_resolve_case_space_dash_and_alias_insensitively() {
    let (_dir, engine) = corpus_engine();
    for typed in [
        "GB 4706.1-2005",
        "gb4706.1-2005",
        "GB 4706.1—2005",
        "gb 4706.1",
        " GB  4706.1 - 2005 ",
    ] {
        assert_eq!(
            engine.resolve(typed).unwrap().reference,
            "GB 4706.1-2005",
            "{typed}"
        );
    }
    assert_eq!(
        engine.resolve("TIS 60335 Part 1-2563").unwrap().reference,
        "มอก. 60335 เล่ม 1-2563"
    );
    assert_eq!(
        engine.resolve("มอก.60335 เล่ม 1-2563").unwrap().reference,
        "มอก. 60335 เล่ม 1-2563"
    );
    assert!(matches!(
        engine.resolve("GB 9999"),
        Err(Error::UnknownStandard(_))
    ));
    // Annex keys may be typed as printed in any language.
    assert_eq!(engine.clause("GB 4706.1-2005", "附录A").unwrap().1.key, "A");
    assert_eq!(
        engine
            .clause("TCVN 5699-1:2010", "Phụ lục A")
            .unwrap()
            .1
            .key,
        "A"
    );
    let err = engine.clause("GB 4706.1-2005", "99.9").unwrap_err();
    assert_eq!(
        err.to_string(),
        "standard 'GB 4706.1-2005' has no clause '99.9'"
    );
}

#[test]
fn an_undated_reference_shared_by_two_editions_is_ambiguous() {
    let (dir, mut engine) = corpus_engine();
    let newer = dir.path().join("gb-2024.xml");
    let text = std::fs::read_to_string(corpus().join("gb-4706-1-2005.xml")).unwrap();
    std::fs::write(
        &newer,
        text.replace("GB 4706.1-2005</std-ref>", "GB 4706.1-2024</std-ref>"),
    )
    .unwrap();
    engine.ingest(&[newer], &mut |_| {}).unwrap();
    match engine.resolve("GB 4706.1") {
        Err(Error::AmbiguousStandard { candidates, .. }) => {
            assert_eq!(candidates, ["GB 4706.1-2005", "GB 4706.1-2024"]);
        }
        other => panic!("{other:?}"),
    }
}

/// An ingest interrupted after writing its clause files and next catalogue, but
/// before the commit, leaves the previous index as it was; the next commit clears
/// the leftovers.
#[test]
fn an_interrupted_ingest_leaves_the_previous_index_searchable() {
    let (dir, engine) = corpus_engine();
    let index = engine.dir().to_path_buf();
    let listed: Vec<String> = engine.list().iter().map(|s| s.reference.clone()).collect();
    drop(engine);
    let catalogues: Vec<_> = std::fs::read_dir(&index)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("catalogue-"))
        .collect();
    assert_eq!(catalogues.len(), 1);
    std::fs::write(index.join("catalogue-99.json"), b"[{\"half\": ").unwrap();
    std::fs::write(index.join("standards/deadbeef.json"), b"{}").unwrap();

    let mut engine = Engine::open(&index).unwrap();
    let after: Vec<String> = engine.list().iter().map(|s| s.reference.clone()).collect();
    assert_eq!(after, listed);
    assert_eq!(
        engine.search(&keyword("泄漏电流")).unwrap().results[0].standard,
        "GB 4706.1-2005"
    );

    let extra = dir.path().join("x.xml");
    std::fs::write(
        &extra,
        std::fs::read(crate::common::fixture("good/bom-crlf.xml")).unwrap(),
    )
    .unwrap();
    engine.ingest(&[extra], &mut |_| {}).unwrap();
    assert!(!index.join("catalogue-99.json").exists());
    assert!(!index.join("standards/deadbeef.json").exists());
}

#[test]
fn an_index_from_an_older_schema_is_reindexed_from_the_store_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let files = [
        corpus().join("gb-4706-1-2005.xml"),
        corpus().join("tcvn-5699-1-2010.xml"),
    ];
    let before = {
        let mut engine = Engine::open(&index).unwrap();
        engine.ingest(&files, &mut |_| {}).unwrap();
        engine.search(&keyword("泄漏电流")).unwrap().results
    };
    assert!(!before.is_empty());

    // Replace the keyword index by one with another schema (as an older version
    // wrote it: clause ids stored, not fast), keeping the commit payload.
    let keyword_dir = index.join("keyword");
    let payload = tantivy::Index::open_in_dir(&keyword_dir)
        .unwrap()
        .load_metas()
        .unwrap()
        .payload
        .expect("a committed index has a payload");
    std::fs::remove_dir_all(&keyword_dir).unwrap();
    std::fs::create_dir_all(&keyword_dir).unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    let id = builder.add_text_field(
        "clause_id",
        tantivy::schema::STRING | tantivy::schema::STORED,
    );
    let old = tantivy::Index::create_in_dir(&keyword_dir, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = old.writer(15_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(id => "GB4706.1-2005#1"))
        .unwrap();
    let mut prepared = writer.prepare_commit().unwrap();
    prepared.set_payload(&payload);
    prepared.commit().unwrap();
    drop(writer);

    let engine = Engine::open(&index).unwrap();
    assert_eq!(engine.list().len(), 2);
    let after = engine.search(&keyword("泄漏电流")).unwrap().results;
    let ids =
        |hits: &[stdalign::search::Hit]| hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&after), ids(&before));
    assert!(!index.join("keyword.new").exists() && !index.join("keyword.old").exists());
    let (_, clause) = engine.clause("TCVN 5699-1", "13.2").unwrap();
    assert!(clause.text.contains("0,5 mA"), "{}", clause.text);
}

/// A standard with `n` numbered clauses (slow enough to read for a tiny budget).
fn long_standard(reference: &str, n: usize) -> String {
    let mut xml = format!(
        "<standard xml:lang=\"en\"><front><std-meta><std-ref type=\"dated\">{reference}</std-ref>\
         <content-language>en</content-language></std-meta></front><body>"
    );
    for k in 1..=n {
        xml.push_str(&format!(
            "<sec id=\"s{k}\"><label>{k}</label><title>Requirement {k}</title>\
             <p>The enclosure shall withstand a force of {k} N for 5 s without damage.</p></sec>"
        ));
    }
    xml.push_str("</body></standard>");
    xml
}

/// A file that takes longer than its budget is reported with that reason, and the
/// files after it are still read and committed.
#[test]
fn a_file_over_its_time_budget_is_an_error_and_the_batch_goes_on() {
    let (dir, mut engine) = engine();
    let slow = dir.path().join("slow.xml");
    std::fs::write(&slow, long_standard("SS 900:2026", 20_000)).unwrap();
    let good = crate::common::fixture("good/bom-crlf.xml");
    engine.set_parse_options(stdalign::ingest::ParseOptions {
        timeout: Some(std::time::Duration::from_millis(5)),
        ..Default::default()
    });
    let report = engine.ingest(&[slow, good], &mut |_| {}).unwrap();
    let errors: Vec<String> = report.failures().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("slow.xml") && errors[0].contains("given up after 5ms"),
        "{errors:?}"
    );
    let listed: Vec<String> = engine.list().iter().map(|s| s.reference.clone()).collect();
    assert_eq!(listed, ["GB/T 19001-2016"]);
}

/// A long ingest commits as it goes: stopped after its second file (here by a
/// progress callback that panics, as a kill would stop it), the first file is in the
/// index when it is opened again.
#[test]
fn an_ingest_stopped_half_way_keeps_the_files_committed_before() {
    let (dir, mut engine) = engine();
    let index = engine.dir().to_path_buf();
    let files: Vec<std::path::PathBuf> = (1..=3)
        .map(|k| {
            let p = dir.path().join(format!("s{k}.xml"));
            std::fs::write(&p, long_standard(&format!("SS 90{k}:2026"), 3)).unwrap();
            p
        })
        .collect();
    engine.set_checkpoint(std::time::Duration::ZERO);
    let mut read = 0;
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine.ingest(&files, &mut |event| {
            if let stdalign::Progress::File(_) = event {
                read += 1;
                if read == 2 {
                    panic!("stopped on purpose after the second file");
                }
            }
        })
    }));
    assert!(stopped.is_err());
    drop(engine);
    let engine = Engine::open(&index).unwrap();
    let listed: Vec<String> = engine.list().iter().map(|s| s.reference.clone()).collect();
    assert_eq!(listed, ["SS 901:2026"]);
}
