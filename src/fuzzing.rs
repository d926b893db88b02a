//! Entry points for the cargo-fuzz targets in `fuzz/`. They exist only so the fuzzers
//! can reach parsers that are private to [`crate::ingest`]; they are not part of the
//! API and may change at any time. The public readers ([`crate::ingest::parse_bytes`]
//! and [`crate::ingest::parse_bytes_with`]) are fuzzed directly.

use crate::ingest::pdf::fonts::{CMap, Font};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// Reads `data` as a CMap stream, then decodes `data` itself as the bytes a text
/// operator shows, through fonts that use it as their `/ToUnicode` map or as their
/// embedded code → CID CMap, and through the predefined Chinese encodings.
pub fn cmap(data: &[u8]) {
    let parsed = CMap::parse(data);
    // Every code of the code space and of the maps, decoded by a font that uses it.
    let mut doc = Document::with_version("1.7");
    let stream = doc.add_object(Stream::new(Dictionary::new(), data.to_vec()));
    let widths = Object::Array(vec![
        1.into(),
        Object::Array(vec![500.into(), 600.into()]),
        10.into(),
        20.into(),
        700.into(),
    ]);
    let cid_font = |ordering: &str| -> Object {
        dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "Fuzz",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal(ordering),
                "Supplement" => 0,
            },
            "W" => widths.clone(),
        }
        .into()
    };
    let composite = |encoding: Object, to_unicode: bool| -> Dictionary {
        let mut font = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "Fuzz",
            "Encoding" => encoding,
            "DescendantFonts" => vec![cid_font("GB1")],
        };
        if to_unicode {
            font.set("ToUnicode", stream);
        }
        font
    };
    let embedded = Object::Stream(Stream::new(Dictionary::new(), data.to_vec()));
    let fonts = [
        composite(Object::Name(b"Identity-H".to_vec()), true),
        composite(embedded, true),
        composite(Object::Name(b"UniGB-UCS2-H".to_vec()), false),
        composite(Object::Name(b"GBK-EUC-H".to_vec()), false),
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
            "FirstChar" => 32,
            "Widths" => vec![Object::Integer(278); 4],
            "ToUnicode" => stream,
        },
    ];
    for dict in &fonts {
        let font = Font::load(&doc, dict);
        let _ = font.decode(data);
        // The codes the map names, shown one after another.
        for &(len, lo, hi) in parsed.codespace.iter().take(8) {
            for code in [lo, hi, lo.wrapping_add(hi) / 2] {
                let bytes = code.to_be_bytes();
                let _ = font.decode(&bytes[4 - len.min(4)..]);
            }
        }
    }
}
