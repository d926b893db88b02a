//! The HTTP API through actix's test service, built by `server::app` exactly as
//! `stdalign serve` builds it. Read-only routes run over the corpus index with real
//! embeddings (the one the semantic tests build); upload tests get their own
//! keyword-only index because they write to it.

use crate::common::{corpus, root};
use crate::semantic;
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::{test, web};
use serde_json::Value;
use std::sync::{Arc, OnceLock, RwLock};
use stdalign::Engine;
use stdalign::embed::FastEmbedder;
use stdalign::server::{self, AppState, ServerConfig};

fn config() -> ServerConfig {
    ServerConfig {
        web_dir: root().join("web"),
        ..ServerConfig::default()
    }
}

/// One server state over the semantic tests' index, shared by the read-only tests
/// (a second engine on the same folder: opening reuses the stored vectors).
fn read_state() -> web::Data<AppState> {
    static STATE: OnceLock<web::Data<AppState>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let dir = semantic::engine().dir().to_path_buf();
            let embedder = FastEmbedder::load(&semantic::model_paths()).unwrap();
            let engine = Engine::open_with(&dir, Some(Arc::new(embedder))).unwrap();
            AppState::new(Arc::new(RwLock::new(engine)), config())
        })
        .clone()
}

/// A writable keyword-only index of the corpus, for upload tests.
fn upload_state(config: ServerConfig) -> (tempfile::TempDir, web::Data<AppState>) {
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open(&dir.path().join("index")).unwrap();
    engine
        .ingest(&[corpus().join("gb-4706-1-2005.xml")], &mut |_| {})
        .unwrap();
    (dir, AppState::new(Arc::new(RwLock::new(engine)), config))
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }

    /// Asserts a JSON error with this status and code, and a message.
    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        let v = self.json();
        assert_eq!(v["error"]["code"], code, "{v}");
        assert!(
            !v["error"]["message"].as_str().unwrap_or("").is_empty(),
            "{v}"
        );
    }
}

async fn send(state: &web::Data<AppState>, req: test::TestRequest) -> Reply {
    let app = test::init_service(server::app(state.clone())).await;
    let resp = test::call_service(&app, req.to_request()).await;
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = test::read_body(resp).await.to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(uri: &str) -> Reply {
    send(&read_state(), test::TestRequest::get().uri(uri)).await
}

/// Percent-encodes a query or path value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[actix_web::test]
async fn search_pages_through_results_in_several_languages() {
    let first = get(&format!("/api/search?q={}", enc("家用电器 泄漏电流"))).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    let page = first.json();
    assert_eq!(
        (page["offset"].as_u64(), page["k"].as_u64()),
        (Some(0), Some(10))
    );
    let hits = page["results"].as_array().unwrap();
    assert_eq!(hits.len(), 10);
    let mut langs: Vec<&str> = hits.iter().map(|h| h["lang"].as_str().unwrap()).collect();
    langs.sort();
    langs.dedup();
    assert!(langs.len() >= 3, "{langs:?}");
    assert!(hits[0]["explain"]["fused"].as_f64().unwrap() > 0.0);

    let second = get(&format!(
        "/api/search?q={}&offset=10",
        enc("家用电器 泄漏电流")
    ))
    .await
    .json();
    let ids = |v: &Value| -> Vec<String> {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (a, b) = (ids(&page), ids(&second));
    assert_eq!(b.len(), 10);
    assert!(a.iter().all(|id| !b.contains(id)), "{a:?} {b:?}");
}

#[actix_web::test]
async fn search_filters_by_language_body_and_standard() {
    let q = enc("leakage current");
    let vi = get(&format!("/api/search?q={q}&lang=vi,th")).await.json();
    let hits = vi["results"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h["lang"] == "vi" || h["lang"] == "th"),
        "{vi}"
    );

    let one = get(&format!(
        "/api/search?q={}&standard={}&mode=keyword",
        enc("dòng điện rò"),
        enc("TCVN 5699-1")
    ))
    .await
    .json();
    let hits = one["results"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h["standard"] == "TCVN 5699-1:2010"),
        "{one}"
    );
}

#[actix_web::test]
async fn malformed_parameters_are_400_with_a_json_error() {
    let long = "a".repeat(1001);
    for uri in [
        "/api/search".to_string(),
        "/api/search?q=".to_string(),
        "/api/search?q=%20%20".to_string(),
        "/api/search?q=x&k=0".to_string(),
        "/api/search?q=x&k=101".to_string(),
        "/api/search?q=x&k=ten".to_string(),
        "/api/search?q=x&k=-1".to_string(),
        "/api/search?q=x&offset=99999".to_string(),
        "/api/search?q=x&mode=fuzzy".to_string(),
        "/api/search?q=x&colour=red".to_string(),
        format!("/api/search?q={long}"),
        "/api/align?left=GB%204706.1".to_string(),
        "/api/align?left=GB%204706.1&right=TCVN%205699-1&format=pdf".to_string(),
        "/api/matrix".to_string(),
        "/api/check?have=GB%204706.1".to_string(),
    ] {
        let r = get(&uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.text());
        r.assert_error(400, "bad_parameter");
    }
}

#[actix_web::test]
async fn unknown_standards_clauses_and_routes_are_404() {
    get("/api/standards/GB%209999.9")
        .await
        .assert_error(404, "unknown_standard");
    get("/api/standards/GB%204706.1-2005/clauses/99.9")
        .await
        .assert_error(404, "unknown_clause");
    get("/api/clauses/GB%204706.1-2005/99.9/counterparts")
        .await
        .assert_error(404, "unknown_clause");
    get("/api/align?left=GB%204706.1&right=TCVN%209999")
        .await
        .assert_error(404, "unknown_standard");
    get("/api/matrix?standard=NOPE%201")
        .await
        .assert_error(404, "unknown_standard");
    get("/api/nothing-here")
        .await
        .assert_error(404, "not_found");
}

#[actix_web::test]
async fn standard_page_has_metadata_adoptions_counterparts_and_clauses() {
    // An undated reference finds the dated standard.
    let r = get(&format!("/api/standards/{}", enc("GB 4706.1"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s = r.json();
    assert_eq!(s["reference"], "GB 4706.1-2005");
    assert_eq!(s["adoptions"][0]["reference"], "IEC 60335-1:2004");
    assert_eq!(s["adoptions"][0]["degree"], "IDT");
    let counterparts: Vec<&str> = s["counterparts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        counterparts.contains(&"TCVN 5699-1:2010"),
        "{counterparts:?}"
    );
    assert!(
        !counterparts.contains(&"GB 4943.1-2022"),
        "{counterparts:?}"
    );
    // The same list with its evidence: an adoption of the same IEC text.
    let evidence = s["counterpart_evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), counterparts.len());
    let vn = evidence
        .iter()
        .find(|c| c["reference"] == "TCVN 5699-1:2010")
        .unwrap();
    assert_eq!(vn["relation"], "adoption");
    assert_eq!(vn["evidence"]["common_adoption"], "IEC 60335-1");
    assert_eq!(vn["confidence"], 1.0);
    let clause = s["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "13.2")
        .unwrap();
    assert_eq!(clause["parent"], "13");
    assert!(clause["text"].as_str().unwrap().contains("0.75 mA"));

    let c = get(&format!(
        "/api/standards/{}/clauses/13.2",
        enc("TCVN 5699-1:2010")
    ))
    .await
    .json();
    assert!(c["text"].as_str().unwrap().contains("0,5 mA"), "{c}");
}

#[actix_web::test]
async fn counterparts_cover_every_other_standard() {
    let r = get(&format!(
        "/api/clauses/{}/13.2/counterparts",
        enc("GB 4706.1-2005")
    ))
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let list = r.json();
    let list = list.as_array().unwrap();
    let standards = read_state().engine.read().unwrap().list().len();
    assert_eq!(list.len(), standards - 1);
    let vn = list
        .iter()
        .find(|c| c["standard"] == "TCVN 5699-1:2010")
        .unwrap();
    assert_eq!(vn["method"], "alignment");
    assert_eq!(vn["clauses"][0]["key"], "13.2");
    assert_eq!(vn["relation"], "modified");
    let d = &vn["differences"][0];
    assert_eq!(
        (d["kind"].as_str(), d["left"].as_str(), d["right"].as_str()),
        (Some("value"), Some("0.75 mA"), Some("0,5 mA"))
    );
    // Another family is reached by meaning: the closest clause about leakage current.
    let other = list
        .iter()
        .find(|c| c["standard"] == "GB 4943.1-2022")
        .unwrap();
    assert_eq!(other["method"], "similarity");
    assert!(other["score"].as_f64().unwrap() > 0.8, "{other}");
}

#[actix_web::test]
async fn alignment_as_json_csv_and_xlsx() {
    let q = format!("left={}&right={}", enc("GB 4706.1"), enc("TCVN 5699-1"));
    let a = get(&format!("/api/align?{q}")).await.json();
    assert_eq!(a["summary"]["modified"], 4, "{}", a["summary"]);
    assert_eq!(a["left_only"], serde_json::json!(["32"]));
    assert_eq!(a["right_only"], serde_json::json!(["7.101"]));
    let pair = a["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["left"] == serde_json::json!(["13.2"]))
        .unwrap();
    let d = &pair["differences"][0];
    assert_eq!(d["right"], "0,5 mA");
    // The span says which printed 0,5 mA changed (the clause prints it twice).
    let text = get(&format!(
        "/api/standards/{}/clauses/13.2",
        enc("TCVN 5699-1:2010")
    ))
    .await
    .json()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(text.matches("0,5 mA").count(), 2);
    let span = |v: &Value| {
        (
            v[0].as_u64().unwrap() as usize,
            v[1].as_u64().unwrap() as usize,
        )
    };
    let (s, e) = span(&d["right_span"]);
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(chars[s..e].iter().collect::<String>(), "0,5 mA");
    let line_start = chars[..s]
        .iter()
        .rposition(|&c| c == '\n')
        .map_or(0, |i| i + 1);
    let line: String = chars[line_start..e].iter().collect();
    assert!(line.contains("cấp I di động"), "{line}");

    let csv = get(&format!("/api/align?{q}&format=csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert_eq!(
        csv.header("content-disposition"),
        "attachment; filename=\"GB_4706.1-2005__TCVN_5699-1_2010.csv\""
    );
    let text = csv.text();
    let row = text
        .lines()
        .find(|l| l.starts_with("13.2,13.2,") && l.contains("value"))
        .unwrap_or_else(|| panic!("no 13.2 value row in\n{text}"));
    assert!(row.contains("0.75 mA") && row.contains("0,5 mA"), "{row}");

    let xlsx = get(&format!("/api/align?{q}&format=xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with(b"PK"), "not a zip (xlsx)");
    assert!(xlsx.header("content-disposition").contains(".xlsx"));
}

#[actix_web::test]
async fn matrix_and_checklist() {
    let m = get(&format!("/api/matrix?standard={}", enc("GB 4706.1-2005")))
        .await
        .json();
    let row = m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "5.1" && r["conflict"] == true)
        .unwrap_or_else(|| panic!("no conflict at 5.1: {m}"));
    assert_eq!(row["suggestion"], "20 °C ± 5 °C");

    let c = get(&format!(
        "/api/check?have={}&target=Vietnam",
        enc("GB 4706.1-2005")
    ))
    .await
    .json();
    assert_eq!(c["counterparts"], serde_json::json!(["TCVN 5699-1:2010"]));
    let items = c["items"].as_array().unwrap();
    assert_eq!(items[0]["keys"], serde_json::json!(["7.101"]));
    assert_eq!(items[0]["kind"], "new-clause");
    let stricter = items
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
}

#[actix_web::test]
async fn health_metrics_and_openapi() {
    let h = get("/healthz").await.json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["standards"], 20);
    assert_eq!(h["vectors"], true);
    assert!(h["clauses"].as_u64().unwrap() > 500, "{h}");

    get("/api/search?q=voltage&k=1").await;
    let m = get("/metrics").await;
    assert!(m.header("content-type").starts_with("text/plain"));
    let text = m.text();
    let line = text
        .lines()
        .find(|l| {
            l.starts_with(
                "stdalign_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"200\"}",
            )
        })
        .unwrap_or_else(|| panic!("{text}"));
    let n: u64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(n >= 1);
    assert!(text.contains("stdalign_http_request_duration_seconds_bucket{route=\"/api/search\""));
    assert!(text.contains("stdalign_clauses "), "{text}");

    let doc = get("/api/openapi.json").await.json();
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    for p in [
        "/api/search",
        "/api/standards",
        "/api/standards/{reference}",
        "/api/standards/{reference}/clauses/{key}",
        "/api/clauses/{reference}/{key}/counterparts",
        "/api/align",
        "/api/matrix",
        "/api/check",
        "/api/ingest",
        "/healthz",
        "/metrics",
        "/api/openapi.json",
    ] {
        assert!(
            paths.iter().any(|k| k.as_str() == p),
            "{p} missing from {paths:?}"
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[actix_web::test]
async fn static_ui_is_served_and_traversal_is_not() {
    let index = get("/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.text().contains("app.js"));
    assert_eq!(get("/app.js").await.status, StatusCode::OK);
    // Encoded separators are refused outright (400), plain ".." never leaves web/ (404);
    // either way the answer is our JSON error, never a file from outside.
    for uri in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/%2e%2e%2fCargo.toml",
        "/web/../../Cargo.toml",
        "/..%5cCargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/.git/config",
    ] {
        let r = get(uri).await;
        match r.status.as_u16() {
            400 => r.assert_error(400, "bad_parameter"),
            _ => r.assert_error(404, "not_found"),
        }
        assert!(!r.text().contains("[package]"), "{uri}");
    }
}

#[actix_web::test]
async fn wrong_methods_and_bodies_get_json_errors() {
    let r = send(
        &read_state(),
        test::TestRequest::post()
            .uri("/api/ingest")
            .set_payload("x"),
    )
    .await;
    // No token configured: uploads are refused before the body is read.
    r.assert_error(403, "ingest_disabled");
    let r = send(
        &read_state(),
        test::TestRequest::delete().uri("/api/search?q=x"),
    )
    .await;
    assert!(r.status.is_client_error(), "{}", r.text());
    assert!(r.json()["error"]["code"].is_string());
}

#[actix_web::test]
async fn cors_is_off() {
    let r = send(
        &read_state(),
        test::TestRequest::get()
            .uri("/api/standards")
            .insert_header(("Origin", "https://elsewhere.example")),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers.get("access-control-allow-origin").is_none());
}

/// A multipart body with one part per (file name, bytes).
fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "stdalign-test-boundary";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/xml\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn upload(files: &[(&str, &[u8])], token: Option<&str>) -> test::TestRequest {
    let (content_type, body) = multipart(files);
    let mut req = test::TestRequest::post()
        .uri("/api/ingest")
        .insert_header(("Content-Type", content_type))
        .set_payload(body);
    if let Some(t) = token {
        req = req.insert_header(("Authorization", format!("Bearer {t}")));
    }
    req
}

#[actix_web::test]
async fn uploads_are_off_without_a_token() {
    let (_dir, state) = upload_state(config());
    let xml = std::fs::read(corpus().join("tcvn-5699-1-2010.xml")).unwrap();
    send(&state, upload(&[("a.xml", &xml)], Some("anything")))
        .await
        .assert_error(403, "ingest_disabled");
}

#[actix_web::test]
async fn uploads_need_the_right_token() {
    let (_dir, state) = upload_state(ServerConfig {
        token: Some("s3cret".into()),
        ..config()
    });
    let xml = std::fs::read(corpus().join("tcvn-5699-1-2010.xml")).unwrap();
    let missing = send(&state, upload(&[("a.xml", &xml)], None)).await;
    missing.assert_error(401, "unauthorized");
    assert!(missing.header("www-authenticate").starts_with("Bearer"));
    send(&state, upload(&[("a.xml", &xml)], Some("wrong")))
        .await
        .assert_error(401, "unauthorized");
    assert_eq!(state.engine.read().unwrap().list().len(), 1);
}

#[actix_web::test]
async fn oversized_uploads_are_413_and_change_nothing() {
    let (_dir, state) = upload_state(ServerConfig {
        token: Some("s3cret".into()),
        max_upload: 4096,
        ..config()
    });
    let xml = std::fs::read(corpus().join("tcvn-5699-1-2010.xml")).unwrap();
    assert!(xml.len() > 4096);
    send(&state, upload(&[("big.xml", &xml)], Some("s3cret")))
        .await
        .assert_error(413, "payload_too_large");
    assert_eq!(state.engine.read().unwrap().list().len(), 1);
}

#[actix_web::test]
async fn an_upload_ingests_good_files_and_reports_bad_ones() {
    let (_dir, state) = upload_state(ServerConfig {
        token: Some("s3cret".into()),
        ..config()
    });
    let xml = std::fs::read(corpus().join("tcvn-5699-1-2010.xml")).unwrap();
    let r = send(
        &state,
        upload(
            &[
                ("broken.xml", b"<standard><front>".as_slice()),
                ("../../tcvn 5699.xml", &xml),
            ],
            Some("s3cret"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(
        (v["standards"].as_u64(), v["added"].as_u64()),
        (Some(1), Some(1)),
        "{v}"
    );
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["file"], "broken.xml");
    assert!(
        files[0]["error"].as_str().unwrap().starts_with("truncated"),
        "{v}"
    );
    assert_eq!(v["errors"][0]["file"], "broken.xml");
    // Client paths are reduced to a safe file name.
    assert_eq!(files[1]["file"], "tcvn_5699.xml");
    assert_eq!(files[1]["reference"], "TCVN 5699-1:2010");
    assert_eq!(files[1]["outcome"], "added");
    // The earlier standard is still there, the new one is searchable.
    let list = send(&state, test::TestRequest::get().uri("/api/standards"))
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let hits = send(
        &state,
        test::TestRequest::get().uri(&format!(
            "/api/search?q={}&mode=keyword",
            enc("dòng điện rò")
        )),
    )
    .await
    .json();
    assert_eq!(hits["results"][0]["standard"], "TCVN 5699-1:2010");
    // The file was kept under the index folder with a safe name.
    let kept = state.engine.read().unwrap().dir().join("uploads");
    let names: Vec<String> = std::fs::read_dir(&kept)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("tcvn_5699.xml") || n.contains("5699")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .all(|n| !n.contains('/') && !n.starts_with("..")),
        "{names:?}"
    );
}

/// An upload is parsed (here: OCR of a two-page scan, seconds of CPU) outside the
/// engine's write lock, so searches and the standards list answer while it runs, and
/// the scan is searchable once it is committed.
#[actix_web::test]
async fn searches_answer_while_an_upload_is_read() {
    if !crate::common::thai_ocr_or_skip() {
        return;
    }
    let (_dir, state) = upload_state(ServerConfig {
        token: Some("s3cret".into()),
        ..config()
    });
    let scan = std::fs::read(root().join("tests/fixtures/pdf/thai-scan.pdf")).unwrap();
    let uploading = state.clone();
    let upload = actix_web::rt::spawn(async move {
        send(&uploading, upload(&[("scan.pdf", &scan)], Some("s3cret"))).await
    });
    // Let the upload reach its OCR, then read while it runs.
    actix_web::rt::time::sleep(std::time::Duration::from_millis(1500)).await;
    let mut answered_during = 0;
    let mut slowest = std::time::Duration::ZERO;
    while !upload.is_finished() && answered_during < 5 {
        let start = std::time::Instant::now();
        let hits = send(
            &state,
            test::TestRequest::get()
                .uri(&format!("/api/search?q={}&mode=keyword", enc("泄漏电流"))),
        )
        .await;
        let list = send(&state, test::TestRequest::get().uri("/api/standards")).await;
        slowest = slowest.max(start.elapsed());
        assert_eq!(hits.status, StatusCode::OK, "{}", hits.text());
        assert_eq!(hits.json()["results"][0]["standard"], "GB 4706.1-2005");
        assert_eq!(list.json().as_array().unwrap().len(), 1);
        if !upload.is_finished() {
            answered_during += 1;
        }
    }
    let r = upload.await.unwrap();
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    eprintln!("{answered_during} search + list rounds during the upload, slowest {slowest:?}");
    assert!(
        answered_during >= 1,
        "no search answered while the upload was read: readers waited for the writer"
    );
    assert_eq!(r.json()["files"][0]["reference"], "มอก. 60335 เล่ม 1-2563");
    let list = send(&state, test::TestRequest::get().uri("/api/standards")).await;
    assert_eq!(list.json().as_array().unwrap().len(), 2);
}

/// `/api/terms` looks a term up in the glossary; an empty query is a 400.
#[actix_web::test]
async fn terms_are_looked_up_in_any_script() {
    let (_dir, state) = upload_state(config());
    let r = send(
        &state,
        test::TestRequest::get().uri(&format!("/api/terms?q={}", enc("额定"))),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let groups = r.json();
    let texts: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["terms"].as_array().unwrap())
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"额定电压") && texts.contains(&"额定电流"),
        "{texts:?}"
    );
    assert!(texts.iter().all(|t| t.contains("额定")), "{texts:?}");
    assert_eq!(groups[0]["terms"][0]["standard"], "GB 4706.1-2005");
    send(&state, test::TestRequest::get().uri("/api/terms?q=%20"))
        .await
        .assert_error(400, "bad_parameter");
}
