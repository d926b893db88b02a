//! The `stdalign` binary: exit codes and the JSON shapes other tools rely on.

use crate::common::{corpus, fixture};
use serde_json::Value;
use std::process::{Command, Output};

fn stdalign(index: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stdalign"))
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn ingest_search_list_show_remove_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let corpus = corpus().display().to_string();
    let ingested = json(&stdalign(&index, &["ingest", &corpus, "--json"]));
    // Twenty XML documents, and two standards that exist only as PDF; the four PDF
    // renditions of XML documents are twins, not read over the XML.
    assert_eq!(ingested["standards"], 22);
    assert_eq!(ingested["added"], 22);
    assert_eq!(ingested["twins"], 4);
    assert!(ingested["clauses"].as_u64().unwrap() >= 400);
    assert_eq!(ingested["errors"].as_array().unwrap().len(), 0);

    let found = json(&stdalign(
        &index,
        &["search", "泄漏电流", "-k", "3", "--json"],
    ));
    assert_eq!(found["query"], "泄漏电流");
    let first = &found["results"][0];
    for field in ["standard", "key", "heading", "text", "lang", "score"] {
        assert!(
            first.get(field).is_some(),
            "search JSON lacks {field}: {first}"
        );
    }
    assert_eq!(first["standard"], "GB 4706.1-2005");
    assert_eq!(first["lang"], "zh");
    assert_eq!(found["results"].as_array().unwrap().len(), 3);

    let list = json(&stdalign(&index, &["list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 22);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|s| s["reference"] == "TCVN 5699-1:2010")
    );

    let shown = json(&stdalign(&index, &["show", "tcvn 5699-1", "--json"]));
    assert_eq!(shown["reference"], "TCVN 5699-1:2010");
    assert_eq!(shown["adoptions"][0]["degree"], "IDT");
    let clause = shown["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "13.2")
        .unwrap();
    for field in ["key", "parent", "heading", "text", "kind", "lang"] {
        assert!(clause.get(field).is_some(), "show JSON lacks {field}");
    }
    assert_eq!(clause["parent"], "13");
    assert_eq!(clause["kind"], "requirement");
    assert!(clause["text"].as_str().unwrap().contains("0,5 mA"));

    let one = json(&stdalign(
        &index,
        &["show", "GB 4706.1-2005", "27.5", "--json"],
    ));
    assert_eq!(one["key"], "27.5");
    assert!(one["text"].as_str().unwrap().contains("0.1 Ω"));

    let text = stdalign(&index, &["show", "GB 4706.1-2005", "13.2"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Ⅰ类便携式器具：0.75 mA"));

    let removed = stdalign(&index, &["remove", "TCVN 5699-1:2010"]);
    assert!(removed.status.success());
    assert_eq!(
        json(&stdalign(&index, &["list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        21
    );
}

/// Output into a pipe whose reader has gone (`stdalign show … | head -1`) ends
/// quietly: no panic, the command's own exit code.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let gb = corpus().join("gb-4706-1-2005.xml").display().to_string();
    assert!(stdalign(&index, &["ingest", &gb]).status.success());
    for args in [
        vec!["show", "GB 4706.1-2005", "16.2"],
        vec!["show", "GB 4706.1-2005"],
        vec!["list"],
        vec!["search", "泄漏电流", "--mode", "keyword"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_stdalign"))
            .arg("--index")
            .arg(&index)
            .args(&args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.status.success(), "{args:?}: {stderr}");
    }
}

#[test]
fn ingest_exit_code_is_non_zero_only_when_nothing_could_be_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let bad = fixture("bad").display().to_string();
    let out = stdalign(&index, &["ingest", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("xxe.xml: external entity &xxe; refused"),
        "{stdout}"
    );
    assert!(
        stdout.contains("truncated.xml: truncated: file ends inside <p>"),
        "{stdout}"
    );

    let good = fixture("good/gbk-declared.xml").display().to_string();
    let out = stdalign(&index, &["ingest", &bad, &good]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Re-ingesting unchanged files is a success too.
    assert_eq!(stdalign(&index, &["ingest", &good]).status.code(), Some(0));
}

/// The limits of `ingest` refuse a file with the limit's name and how to raise it.
#[test]
fn ingest_limits_name_the_file_and_the_flag_that_raises_them() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let good = fixture("good/gbk-declared.xml").display().to_string();
    let out = stdalign(&index, &["ingest", &good, "--max-file-mb", "0"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("gbk-declared.xml: too large") && stdout.contains("--max-file-mb"),
        "{stdout}"
    );
    let out = stdalign(&index, &["ingest", &good, "--max-clauses", "1"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("more than 1 clauses") && stdout.contains("--max-clauses"),
        "{stdout}"
    );
    assert_eq!(stdalign(&index, &["ingest", &good]).status.code(), Some(0));
}

#[test]
fn user_errors_are_messages_with_a_failure_code() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let out = stdalign(&index, &["show", "GB 1-1999"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: unknown standard 'GB 1-1999' (see `stdalign list`)"
    );
}

#[test]
fn the_index_folder_comes_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let good = fixture("good/bom-crlf.xml").display().to_string();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_stdalign"))
            .env("STDALIGN_INDEX", dir.path().join("env-index"))
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["ingest", &good]).status.success());
    assert!(dir.path().join("env-index").join("keyword").exists());
    let list = run(&["list", "--json"]);
    assert_eq!(json(&list)[0]["reference"], "GB/T 19001-2016");
}

#[test]
fn align_matrix_and_check_keep_their_json_shapes_without_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let corpus = corpus().display().to_string();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_stdalign"))
            .arg("--index")
            .arg(&index)
            .args(args)
            // No model: alignment falls back to clause structure, with a warning.
            .env("STDALIGN_MODEL_DIR", dir.path().join("no-model"))
            .output()
            .unwrap()
    };
    json(&run(&["ingest", &corpus, "--json"]));
    let out = run(&["align", "GB 4706.1-2005", "TCVN 5699-1:2010", "--json"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("structure only"));
    let a = json(&out);
    assert_eq!(
        (a["left"].as_str(), a["right"].as_str()),
        (Some("GB 4706.1-2005"), Some("TCVN 5699-1:2010"))
    );
    assert_eq!(a["method"], "structure");
    assert_eq!(a["left_only"], serde_json::json!(["32"]));
    assert_eq!(a["right_only"], serde_json::json!(["7.101"]));
    let pair = a["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["left"] == serde_json::json!(["13.2"]))
        .unwrap();
    for field in ["left", "right", "relation", "score", "differences"] {
        assert!(pair.get(field).is_some(), "pair lacks {field}: {pair}");
    }
    assert_eq!(pair["relation"], "modified");
    let d = &pair["differences"][0];
    assert_eq!(
        (d["kind"].as_str(), d["left"].as_str(), d["right"].as_str()),
        (Some("value"), Some("0.75 mA"), Some("0,5 mA"))
    );
    assert_eq!(d["quantity"], "current");

    let csv = dir.path().join("a.csv");
    assert!(
        run(&[
            "align",
            "GB 4706.1",
            "TCVN 5699-1",
            "--csv",
            "-o",
            csv.to_str().unwrap()
        ])
        .status
        .success()
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("left_keys,right_keys,relation"));
    assert!(
        text.lines()
            .any(|l| l.starts_with("13.2,13.2,modified") && l.contains("0.75 mA,\"0,5 mA\"")),
        "{text}"
    );
    let xlsx = dir.path().join("a.xlsx");
    assert!(
        run(&[
            "align",
            "GB 4706.1",
            "TCVN 5699-1",
            "--xlsx",
            "-o",
            xlsx.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    // --xlsx without -o is refused by the parser.
    assert!(
        !run(&["align", "GB 4706.1", "TCVN 5699-1", "--xlsx"])
            .status
            .success()
    );

    let c = json(&run(&[
        "check",
        "--have",
        "GB 4706.1-2005",
        "--target",
        "Vietnam",
        "--json",
    ]));
    assert_eq!(c["counterparts"], serde_json::json!(["TCVN 5699-1:2010"]));
    let first = &c["items"][0];
    assert_eq!(first["severity"], "high");
    let stricter = c["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "stricter-value")
        .unwrap();
    assert_eq!(
        (
            stricter["have_value"].as_str(),
            stricter["target_value"].as_str()
        ),
        (Some("0.75 mA"), Some("0,5 mA"))
    );
    let unknown = run(&["check", "--have", "GB 4706.1-2005", "--target", "Mars"]);
    // A user error: exit code 2 with the reason on stderr.
    assert_eq!(
        unknown.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );

    let m = json(&run(&["matrix", "GB 4706.1-2005", "--json"]));
    // The four XML counterparts and PNS IEC 60335-1, which exists only as PDF.
    assert_eq!(m["counterparts"].as_array().unwrap().len(), 5);
    let row = m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "13.2" && r["value"] == "3.5 mA")
        .unwrap();
    assert_eq!(row["conflict"], true);
    assert_eq!(row["suggestion"], "3.5 mA");
}

/// Where Tesseract is missing, a scan is reported with the command that installs it,
/// the other files of the batch go in, and `--no-ocr` says OCR is off.
#[test]
fn a_scan_without_tesseract_names_the_install_command_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let scan = fixture("pdf/thai-scan.pdf").display().to_string();
    let good = fixture("pdf/simple-fonts.pdf").display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_stdalign"))
        .arg("--index")
        .arg(&index)
        .args(["ingest", &scan, &good, "--json"])
        .env("PATH", dir.path())
        .output()
        .unwrap();
    let report = json(&out);
    assert_eq!(report["standards"], 1);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    let reason = errors[0]["reason"].as_str().unwrap();
    assert!(reason.contains("OCR is not available"), "{reason}");
    assert!(reason.contains("apt-get install tesseract-ocr"), "{reason}");

    let off = stdalign(&index, &["ingest", &scan, "--no-ocr", "--json"]);
    let report: Value = serde_json::from_slice(&off.stdout).unwrap();
    let reason = report["errors"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("it is off"), "{reason}");
}

/// Without the embedding model, the default (hybrid) search answers from keywords and
/// says so; only an explicit vector search fails, naming the install command.
#[test]
fn hybrid_search_without_the_model_answers_from_keywords_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let no_model = dir.path().join("no-model").display().to_string();
    let file = corpus().join("gb-4706-1-2005.xml").display().to_string();
    let run = |args: &[&str]| {
        let mut all = vec!["--model-dir", no_model.as_str()];
        all.extend_from_slice(args);
        stdalign(&index, &all)
    };
    json(&run(&["ingest", &file, "--json"]));
    let found = json(&run(&["search", "泄漏电流", "-k", "3", "--json"]));
    assert_eq!(found["mode"], "keyword");
    let warning = found["warning"].as_str().unwrap();
    assert!(warning.contains("scripts/setup-models.sh"), "{warning}");
    assert_eq!(found["results"][0]["standard"], "GB 4706.1-2005");
    let vector = run(&["search", "泄漏电流", "--mode", "vector"]);
    assert!(!vector.status.success());
    let stderr = String::from_utf8_lossy(&vector.stderr);
    assert!(stderr.contains("setup-models.sh"), "{stderr}");
}

/// A `search` while another process ingests into the same index answers from the
/// last commit, at once (here while a scan is OCRed).
#[test]
fn a_search_answers_from_the_last_commit_while_another_process_ingests() {
    if !crate::common::thai_ocr_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let gb = corpus().join("gb-4706-1-2005.xml").display().to_string();
    assert!(stdalign(&index, &["ingest", &gb]).status.success());
    let scan = fixture("pdf/thai-scan.pdf").display().to_string();
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_stdalign"))
        .arg("--index")
        .arg(&index)
        .args(["ingest", &scan, "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let found = json(&stdalign(
        &index,
        &["search", "泄漏电流", "--mode", "keyword", "--json"],
    ));
    let still_ingesting = ingest.try_wait().unwrap().is_none();
    assert_eq!(found["results"][0]["standard"], "GB 4706.1-2005");
    let report: Value = serde_json::from_slice(&ingest.wait_with_output().unwrap().stdout).unwrap();
    assert_eq!(report["standards"], 1, "{report}");
    assert!(
        still_ingesting,
        "the scan was read before the search ran: nothing was tested"
    );
}
