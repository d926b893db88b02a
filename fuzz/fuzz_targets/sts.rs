//! The STS XML reader from bytes: encoding detection and decoding, the streaming
//! parser, the entity table and its expansion limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use stdalign::ingest::{Format, parse_bytes, sniff};

fuzz_target!(|data: &[u8]| {
    // Bytes that sniff as a PDF are the `pdf` target's (and would be OCRed here).
    if matches!(sniff(data), Ok(Format::Pdf)) {
        return;
    }
    let _ = parse_bytes(Path::new("fuzz.xml"), data);
});
