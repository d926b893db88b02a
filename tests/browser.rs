//! The web UI in a real browser: headless Chromium from Debian, driven over WebDriver
//! (chromedriver) with a small client written here. One journey an exporter makes:
//! search in Chinese, open the GB standard, align it with its Vietnamese counterpart,
//! see the changed leakage-current limit highlighted, export the CSV. Screenshots go
//! to `target/tmp/browser-artifacts/` (not in git).
//!
//! Needs `chromium` and `chromium-driver` (scripts/setup-browser.sh installs them).
//! Where they are absent the test says so and is skipped, unless
//! `STDALIGN_REQUIRE_BROWSER=1` (set by scripts/test.sh, so CI cannot skip it).

use crate::common::root;
use crate::semantic;
use base64::Engine as _;
use serde_json::{Value, json};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use stdalign::Engine;
use stdalign::embed::FastEmbedder;
use stdalign::server::{self, ServerConfig};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// WebDriver's key for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long the page may take to show what a step waits for.
const PATIENCE: Duration = Duration::from_secs(60);

fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var("STDALIGN_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "{CHROMIUM} or {CHROMEDRIVER} missing; install them with scripts/setup-browser.sh"
        );
        eprintln!(
            "SKIPPED browser test: {CHROMIUM} or {CHROMEDRIVER} missing (scripts/setup-browser.sh installs them)"
        );
    }
    present
}

/// Starts `stdalign serve` in this process on a free loopback port, over the corpus
/// index the semantic tests build.
fn start_server() -> SocketAddr {
    let dir = semantic::engine().dir().to_path_buf();
    let embedder = FastEmbedder::load(&semantic::model_paths()).unwrap();
    let engine = Engine::open_with(&dir, Some(Arc::new(embedder))).unwrap();
    let config = ServerConfig {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        web_dir: root().join("web"),
        ..ServerConfig::default()
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = server::serve(engine, config, |addr| tx.send(addr).unwrap());
        if let Err(e) = result {
            eprintln!("server stopped: {e}");
        }
    });
    rx.recv_timeout(PATIENCE).expect("server did not start")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A chromedriver process and one browser session; both end when dropped.
struct Browser {
    driver: Child,
    http: ureq::Agent,
    session: String,
    base: String,
}

impl Browser {
    fn start(downloads: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let http: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            http,
            session: String::new(),
            base,
        };
        browser.wait_for_driver();
        let profile = downloads.join("profile");
        let created = browser.send(
            "POST",
            "/session",
            json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-dev-shm-usage",
                        format!("--user-data-dir={}", profile.display()),
                        "--window-size=1280,900", "--lang=en-US"],
                    "prefs": {
                        "download.default_directory": downloads.display().to_string(),
                        "download.prompt_for_download": false,
                    },
                },
            }}}),
        );
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_string();
        browser.cmd(
            "POST",
            "goog/cdp/execute",
            json!({"cmd": "Browser.setDownloadBehavior",
                   "params": {"behavior": "allow", "downloadPath": downloads.display().to_string()}}),
        );
        browser
    }

    fn wait_for_driver(&self) {
        let start = Instant::now();
        loop {
            let ready = self
                .http
                .get(format!("{}/status", self.base))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                return;
            }
            assert!(start.elapsed() < PATIENCE, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One WebDriver request; answers its `value`, panicking on a WebDriver error.
    fn send(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let mut response = match method {
            "GET" => self.http.get(&url).call(),
            "DELETE" => self.http.delete(&url).call(),
            _ => self.http.post(&url).send_json(&body),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status();
        let v: Value = response.body_mut().read_json().unwrap();
        assert!(status.is_success(), "{method} {path}: {status} {v}");
        v["value"].clone()
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        self.send(method, &format!("/session/{}/{path}", self.session), body)
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "url", json!({ "url": url }));
    }

    /// Runs JavaScript in the page and answers its return value.
    fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "execute/sync",
            json!({"script": script, "args": args}),
        )
    }

    /// Waits until `script` returns something truthy; answers it.
    fn wait_js(&self, what: &str, script: &str, args: Value) -> Value {
        let start = Instant::now();
        loop {
            let v = self.js(script, args.clone());
            let truthy = match &v {
                Value::Null | Value::Bool(false) => false,
                Value::Array(a) => !a.is_empty(),
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return v;
            }
            if start.elapsed() > PATIENCE {
                self.screenshot("timeout");
                panic!("timed out waiting for {what}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "element",
            json!({"using": "css selector", "value": css}),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("element/{id}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.cmd(
            "POST",
            &format!("element/{id}/value"),
            json!({ "text": text }),
        );
    }

    fn resize(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "window/rect",
            json!({"width": width, "height": height}),
        );
    }

    fn screenshot(&self, name: &str) {
        let png = self.cmd("GET", "screenshot", Value::Null);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap_or(""))
            .unwrap_or_default();
        let dir = artifacts();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .http
                .delete(format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artifacts")
}

/// Waits for a finished download whose name ends with `ext`.
fn downloaded(dir: &Path, ext: &str) -> PathBuf {
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == ext));
        if let Some(p) = found {
            return p;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "no .{ext} download in {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn search_in_chinese_then_align_with_the_vietnamese_standard_and_export_csv() {
    if !browser_available() {
        return;
    }
    let site = format!("http://{}", start_server());
    let downloads = tempfile::tempdir().unwrap();
    let b = Browser::start(downloads.path());

    // 1. Search in Chinese: cards in several languages, the query's words highlighted.
    b.goto(&format!("{site}/#/search"));
    b.js(
        "localStorage.setItem('stdalign.lang', 'en'); location.reload();",
        json!([]),
    );
    b.wait_js(
        "the search box",
        "return document.querySelector('#q') !== null;",
        json!([]),
    );
    b.type_into("#q", "家用电器 泄漏电流\u{E007}");
    let langs = b.wait_js(
        "result cards",
        "const cards = document.querySelectorAll('#results article.card');
         if (cards.length < 10) return null;
         return [...cards].map(c => c.querySelector('.badge.lang').textContent);",
        json!([]),
    );
    let mut langs: Vec<&str> = langs
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    langs.sort();
    langs.dedup();
    assert!(langs.len() >= 3, "languages in the first page: {langs:?}");
    let first = b.js(
        "const c = document.querySelector('#results article.card');
         return {std: c.querySelector('a.std').textContent,
                 marks: [...c.querySelectorAll('mark.hit')].map(m => m.textContent)};",
        json!([]),
    );
    assert_eq!(first["std"], "GB 4706.1-2005", "{first}");
    assert!(
        first["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "泄漏电流"),
        "{first}"
    );
    b.screenshot("1-search");

    // 2. Open the GB standard from its card, then its alignment with the Vietnamese one.
    b.click("#results article.card a.std");
    b.wait_js(
        "the standard page",
        "return document.querySelector('h2') && document.querySelector('h2').textContent.startsWith('GB 4706.1-2005');",
        json!([]),
    );
    b.screenshot("2-standard");
    b.click("ul.inline a.button[href*='TCVN']");
    b.wait_js(
        "aligned rows",
        "return document.querySelectorAll('#align-rows .row.pair').length;",
        json!([]),
    );

    // 3. The changed limit of 13.2 is highlighted on both sides.
    let marks = b.js(
        "const row = document.querySelector('#align-rows .row.pair[data-left=\"13.2\"]');
         const sides = row.querySelectorAll(':scope > .side');
         const texts = (s) => [...s.querySelectorAll('mark.diff-value')].map(m => m.textContent);
         return {left: texts(sides[0]), right: texts(sides[1]),
                 list: row.querySelector('ul.diffs').textContent};",
        json!([]),
    );
    // Only the occurrence that changed is marked: the right clause also prints 0,5 mA
    // for class 0 appliances, unchanged.
    assert_eq!(marks["left"], json!(["0.75 mA"]), "{marks}");
    assert_eq!(marks["right"], json!(["0,5 mA"]), "{marks}");
    assert!(
        marks["list"].as_str().unwrap().contains("0.75 mA → 0,5 mA"),
        "{marks}"
    );
    // One-side-only clauses are marked; "only differences" hides the equivalent pairs.
    let one_side = b.js(
        "return [...document.querySelectorAll('#align-rows .row.one-side')].map(r => r.className + ' ' + r.querySelector('.key').textContent);",
        json!([]),
    );
    let one_side = one_side.to_string();
    assert!(
        one_side.contains("right-only 7.101") && one_side.contains("left-only 32"),
        "{one_side}"
    );
    b.click("#only");
    let visible = b.wait_js(
        "only the differing pairs",
        "const rows = [...document.querySelectorAll('#align-rows .row.pair')].filter(r => r.offsetParent !== null);
         return rows.length < 10 ? rows.map(r => r.dataset.left) : null;",
        json!([]),
    );
    assert_eq!(visible, json!(["7.12", "13.2", "25.8", "27.5"]));
    b.screenshot("3-align");

    // 4. Export: the CSV download holds the 13.2 row with both values.
    b.click("#export-csv");
    let csv = std::fs::read_to_string(downloaded(downloads.path(), "csv")).unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with("13.2,13.2,") && l.contains("value"))
        .unwrap_or_else(|| panic!("no 13.2 value row in the download:\n{csv}"));
    assert!(row.contains("0.75 mA") && row.contains("0,5 mA"), "{row}");

    // 5. On a phone the two sides stack; the UI switches to Chinese.
    b.resize(390, 844);
    let columns = b.wait_js(
        "one column",
        "const row = document.querySelector('#align-rows .row.pair');
         const cols = getComputedStyle(row).gridTemplateColumns.split(' ').length;
         return cols === 1 ? cols : null;",
        json!([]),
    );
    assert_eq!(columns, 1);
    b.screenshot("4-align-phone");
    b.resize(1280, 900);
    b.click("#lang-switch");
    let nav = b.wait_js(
        "Chinese UI",
        "const a = document.querySelector('header nav a'); return a.textContent === '检索' ? a.textContent : null;",
        json!([]),
    );
    assert_eq!(nav, "检索");
    let summary = b.wait_js(
        "Chinese summary",
        "const s = document.querySelector('.summary'); return s && s.textContent.includes('组对应') ? s.textContent : null;",
        json!([]),
    );
    assert!(
        summary.as_str().unwrap().starts_with("58 组对应"),
        "{summary}"
    );
    b.screenshot("5-align-zh");

    // Vietnamese typed without diacritics: the page says what was searched (the UI
    // is in Chinese by now).
    b.goto(&format!("{site}/#/search?q=dong%20dien%20ro"));
    let restored = b.wait_js(
        "the restored query",
        "const p = document.querySelector('#results p.restored');
         return p ? p.textContent : null;",
        json!([]),
    );
    assert_eq!(restored, "实际检索：dòng điện rò");
}
