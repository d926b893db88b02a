//! Bytes to text for XML: byte-order marks, the encoding named in the XML declaration
//! (GB2312/GBK/GB18030 are common in Chinese files), and UTF-8 by default. Decoding
//! is strict: invalid sequences are an error, not replacement characters, so a wrong
//! declaration is reported instead of silently garbling clause text.

use super::Reason;
use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;

/// Decodes a whole XML file to UTF-8 text.
pub(super) fn decode_xml(bytes: &[u8]) -> Result<Cow<'_, str>, Reason> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..]);
    }
    match declared_encoding(bytes) {
        Some(label) => {
            let encoding = Encoding::for_label(label.as_bytes())
                .ok_or_else(|| Reason::UnknownEncoding(label.clone()))?;
            // A UTF-16 declaration without a BOM on ASCII-compatible bytes is a lie
            // the document cannot have been read with; treat the bytes as UTF-8.
            let encoding = if encoding.output_encoding() == UTF_8 {
                UTF_8
            } else {
                encoding
            };
            decode_with(encoding, bytes)
        }
        None => decode_with(UTF_8, bytes),
    }
}

fn decode_with<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, Reason> {
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Cow::Borrowed(s)),
            Err(_) if bytes.iter().take(8192).filter(|b| **b < 0x09).count() > 4 => {
                Err(Reason::Binary)
            }
            Err(_) => Err(Reason::BadEncoding("UTF-8".into())),
        };
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| Reason::BadEncoding(encoding.name().into()))
}

/// The `encoding="…"` of an XML declaration, if the file starts with one.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let close = value.find(quote)?;
    Some(value[..close].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_dropped() {
        let text = decode_xml(b"\xEF\xBB\xBF<a/>").unwrap();
        assert_eq!(text, "<a/>");
    }

    #[test]
    fn gbk_declaration_decodes_chinese() {
        let (bytes, _, _) =
            encoding_rs::GBK.encode("<?xml version=\"1.0\" encoding=\"GB2312\"?><p>泄漏电流</p>");
        let text = decode_xml(&bytes).unwrap();
        assert!(text.contains("<p>泄漏电流</p>"));
    }

    #[test]
    fn gb18030_declaration_decodes() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("<?xml version='1.0' encoding='GB18030'?><p>额定电压</p>");
        assert!(decode_xml(&bytes).unwrap().contains("额定电压"));
    }

    #[test]
    fn unknown_encoding_is_named() {
        let err = decode_xml(b"<?xml version=\"1.0\" encoding=\"klingon-8\"?><a/>").unwrap_err();
        assert!(
            matches!(err, Reason::UnknownEncoding(ref l) if l == "klingon-8"),
            "{err}"
        );
    }

    #[test]
    fn invalid_utf8_is_an_error_not_replacement() {
        let err = decode_xml(b"<a>\xC3\x28</a>").unwrap_err();
        assert!(
            matches!(err, Reason::BadEncoding(ref e) if e == "UTF-8"),
            "{err}"
        );
    }
}
