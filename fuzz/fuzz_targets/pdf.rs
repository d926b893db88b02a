//! The PDF reader from bytes: document structure (lopdf), content streams, fonts,
//! layout and the clause reader; OCR off, no time limit (libFuzzer's -timeout is it).
//!
//! The reader runs lopdf under `catch_unwind` on purpose (a page that trips a bug in
//! the PDF library costs that page), so a panic raised inside a dependency is not a
//! finding unless it escapes `parse_bytes_with`; libfuzzer-sys's own hook would abort
//! on it all the same. A panic anywhere else (stdalign's code, the standard library
//! called from it) still aborts, caught or not. Each dependency panic site is printed
//! once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use stdalign::ingest::{ParseOptions, parse_bytes_with};

static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fuzz_target!(
    init: {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let site = info.location().map(|l| l.to_string()).unwrap_or_default();
            let dependency = site.contains("/registry/src/") || site.contains("/git/checkouts/");
            if !dependency {
                abort(info);
                return;
            }
            let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
            if seen.get_or_insert_with(HashSet::new).insert(site.clone()) {
                eprintln!("caught dependency panic (by design) at {site}: {info}");
            }
        }));
    },
    |data: &[u8]| {
        let options = ParseOptions {
            ocr: false,
            timeout: None,
            ..Default::default()
        };
        let _ = parse_bytes_with(Path::new("fuzz.pdf"), data, &options);
    }
);
