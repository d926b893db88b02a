//! The ToUnicode / embedded CMap parser and font decoding (src/ingest/pdf/fonts.rs),
//! reached through `stdalign::fuzzing`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    stdalign::fuzzing::cmap(data);
});
