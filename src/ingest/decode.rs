//! Bytes to text for XML: byte-order marks, UTF-16 and UTF-32 with or without one,
//! the encoding named in the XML declaration (GB2312/GBK/GB18030 are common in
//! Chinese files), and UTF-8 by default. Decoding is strict: invalid sequences are
//! never replaced, so the text is either what the author wrote or an error.
//!
//! # When a declaration is not believed
//!
//! A declaration can contradict its bytes: a GB18030 file saved by a tool that wrote
//! `encoding="ISO-8859-1"` decodes without a single error in that single-byte
//! encoding, as mojibake. A false alarm on a genuine Latin-1 or windows-1252
//! document would be worse than none, so the declared (or default UTF-8) encoding
//! is overridden only when one of these holds, and then with a warning naming both
//! encodings:
//!
//! 1. **The bytes are invalid in it**, and the encoding that chardetng (Mozilla's
//!    detector) guesses decodes every byte without error. Where UTF-8 was declared
//!    or assumed, the guess must also be a multi-byte encoding and most non-ASCII
//!    bytes must be invalid UTF-8: a mostly valid UTF-8 file with a few bad bytes is
//!    damaged UTF-8, and one that reads as windows-1252 is as likely corrupt as
//!    undeclared; both stay errors.
//! 2. **It is single-byte and decodes, but the result is mojibake**: (a) chardetng
//!    guesses a multi-byte encoding (UTF-8, GB18030, Big5, Shift_JIS, EUC-JP,
//!    EUC-KR), (b) that encoding decodes every byte without error, and (c) of the
//!    declared decoding's non-ASCII characters (at least [`MIN_EVIDENCE`]), at
//!    least three quarters are C1 controls or stand next to another non-ASCII
//!    character. Latin-script text has isolated accented letters (`Température`,
//!    `40 °C`), so it fails (c) even where its bytes happen to be valid GBK;
//!    Cyrillic, Greek or Thai text has runs of them, but the detector names its own
//!    single-byte encoding, so it fails (a).
//!
//! A byte-order mark, or the UTF-16/UTF-32 form of the opening `<` (XML 1.0
//! appendix F), wins over any declaration; a declaration naming another encoding
//! is reported as a warning. UTF-32, which encoding_rs does not decode, is decoded
//! here.

use super::Reason;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};
use std::borrow::Cow;

/// Fewest non-ASCII characters on which a declaration is overridden as mojibake.
const MIN_EVIDENCE: usize = 8;
/// How much of a file the detector reads; its guess is then checked on every byte.
const DETECT_BYTES: usize = 4 << 20;

/// A file's text, and what was wrong with its declaration.
#[derive(Debug)]
pub(super) struct Decoded<'a> {
    /// The document as UTF-8.
    pub text: Cow<'a, str>,
    /// Set when the text was read in another encoding than the declared one (or the
    /// UTF-8 default): which, and why. Goes into the standard's warnings.
    pub warning: Option<String>,
}

impl<'a> Decoded<'a> {
    fn clean(text: Cow<'a, str>) -> Decoded<'a> {
        Decoded {
            text,
            warning: None,
        }
    }
}

/// The UTF-16 and UTF-32 forms, which are not ASCII-compatible.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Wide {
    const ALL: [Wide; 4] = [Wide::Utf32Le, Wide::Utf32Be, Wide::Utf16Le, Wide::Utf16Be];

    fn name(self) -> &'static str {
        match self {
            Wide::Utf16Le => "UTF-16LE",
            Wide::Utf16Be => "UTF-16BE",
            Wide::Utf32Le => "UTF-32LE",
            Wide::Utf32Be => "UTF-32BE",
        }
    }

    fn unit(self) -> usize {
        match self {
            Wide::Utf16Le | Wide::Utf16Be => 2,
            Wide::Utf32Le | Wide::Utf32Be => 4,
        }
    }

    /// The code unit at `at` (a multiple of the unit size).
    fn unit_at(self, bytes: &[u8], at: usize) -> Option<u32> {
        let b = bytes.get(at..at + self.unit())?;
        Some(match self {
            Wide::Utf16Le => u32::from(u16::from_le_bytes([b[0], b[1]])),
            Wide::Utf16Be => u32::from(u16::from_be_bytes([b[0], b[1]])),
            Wide::Utf32Le => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            Wide::Utf32Be => u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
        })
    }

    /// Whether a declared label names this form (`UTF-16` for either byte order).
    fn is_named_by(self, label: &str) -> bool {
        let l: String = label
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_uppercase();
        let exact: String = self.name().replace('-', "");
        l == exact
            || match self.unit() {
                2 => matches!(l.as_str(), "UTF16" | "UCS2" | "ISO10646UCS2" | "UNICODE"),
                _ => matches!(l.as_str(), "UTF32" | "UCS4" | "ISO10646UCS4"),
            }
    }
}

/// The UTF-16/UTF-32 form of the bytes and the length of its byte-order mark, told
/// by the mark or, without one, by the form of the first `<` after white space
/// (`<\0?\0` is UTF-16LE, `<\0\0\0` UTF-32LE, and so on).
pub(super) fn wide_form(bytes: &[u8]) -> Option<(Wide, usize)> {
    // UTF-32LE's mark starts with UTF-16LE's; U+0000 after a UTF-16 mark is not XML.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Some((Wide::Utf32Le, 4));
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some((Wide::Utf32Be, 4));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some((Wide::Utf16Le, 2));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some((Wide::Utf16Be, 2));
    }
    Wide::ALL.into_iter().find_map(|form| {
        let mut at = 0;
        // A few units of white space may come before the first markup.
        while let Some(u) = form.unit_at(bytes, at).filter(|_| at < 64 * form.unit()) {
            match u {
                0x20 | 0x09 | 0x0A | 0x0D => at += form.unit(),
                0x3C => {
                    let next = form.unit_at(bytes, at + form.unit())?;
                    return (0x21..0x7F).contains(&next).then_some((form, 0));
                }
                _ => return None,
            }
        }
        None
    })
}

/// Decodes a whole XML file to UTF-8 text; see the module doc for when the
/// declaration is overridden.
pub(super) fn decode_xml(bytes: &[u8]) -> Result<Decoded<'_>, Reason> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return utf8_or_binary(&bytes[3..]).map(Decoded::clean);
    }
    if let Some((form, bom)) = wide_form(bytes) {
        return decode_wide(form, bom, bytes);
    }
    let label = declared_encoding(bytes);
    let Some(said) = label else {
        return decode_declared(UTF_8, None, bytes);
    };
    // A UTF-16 (or UTF-32) declaration on ASCII-compatible bytes is a declaration
    // the document cannot have been read with: its `<?xml` is one byte a character.
    // (encoding_rs knows UTF-16 labels, and maps a few to a "replacement"
    // encoding; neither can decode these bytes, so UTF-8 is read as before.)
    let named = Encoding::for_label(said.as_bytes());
    let wide = Wide::ALL.into_iter().any(|form| form.is_named_by(&said))
        || named.is_some_and(|e| e != UTF_8 && e.output_encoding() == UTF_8);
    if wide {
        let mut decoded = decode_declared(UTF_8, None, bytes)?;
        decoded.warning.get_or_insert(format!(
            "character encoding: the XML declaration says \"{said}\", but the bytes \
             are ASCII-compatible (no byte-order mark); read as UTF-8"
        ));
        return Ok(decoded);
    }
    let declared = named.ok_or_else(|| Reason::UnknownEncoding(said.clone()))?;
    decode_declared(declared, Some(&said), bytes)
}

/// Decodes ASCII-compatible bytes in the declared encoding (`label` as written; `None`
/// for the UTF-8 default), or in the detected one where the module doc's rules say so.
fn decode_declared<'a>(
    declared: &'static Encoding,
    label: Option<&str>,
    bytes: &'a [u8],
) -> Result<Decoded<'a>, Reason> {
    let said = || match label {
        Some(l) => format!("the XML declaration says \"{l}\""),
        None => "nothing is declared, so UTF-8".to_string(),
    };
    let name = label.unwrap_or("UTF-8");
    let strict = if declared == UTF_8 {
        std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
    } else {
        declared.decode_without_bom_handling_and_without_replacement(bytes)
    };
    match strict {
        Some(text) if declared.is_single_byte() && !bytes.is_ascii() => {
            let Some(sample) = mojibake_sample(&text) else {
                return Ok(Decoded::clean(text));
            };
            let detected = detect(bytes);
            if detected.is_single_byte() {
                return Ok(Decoded::clean(text));
            }
            match strict_decode(detected, bytes) {
                Some(better) => Ok(Decoded {
                    text: better,
                    warning: Some(format!(
                        "character encoding: {}, but the bytes are {} (detected; read as \
                         {name} they are mojibake such as {sample:?}); read as {}: correct \
                         the declaration",
                        said(),
                        display_name(detected),
                        display_name(detected),
                    )),
                }),
                None => Ok(Decoded::clean(text)),
            }
        }
        Some(text) => Ok(Decoded::clean(text)),
        None => {
            if declared == UTF_8 {
                // Refusals keep the reasons they had: binary data, invalid UTF-8.
                if looks_binary(bytes) {
                    return Err(Reason::Binary);
                }
                if !mostly_invalid_utf8(bytes) {
                    return Err(Reason::BadEncoding("UTF-8".into()));
                }
            }
            let detected = detect(bytes);
            let usable = detected != declared && !(declared == UTF_8 && detected.is_single_byte());
            match strict_decode(detected, bytes).filter(|_| usable) {
                Some(text) => Ok(Decoded {
                    text,
                    warning: Some(format!(
                        "character encoding: {}, but the bytes are not valid {name}; they \
                         are valid {} (detected); read as {}: correct the declaration",
                        said(),
                        display_name(detected),
                        display_name(detected),
                    )),
                }),
                None => Err(Reason::BadEncoding(name.to_string())),
            }
        }
    }
}

/// Strict UTF-8, or [`Reason::Binary`] for bytes full of control codes.
fn utf8_or_binary(bytes: &[u8]) -> Result<Cow<'_, str>, Reason> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) if looks_binary(bytes) => Err(Reason::Binary),
        Err(_) => Err(Reason::BadEncoding("UTF-8".into())),
    }
}

/// Control codes that no text document has, in its first 8 KB.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).filter(|b| **b < 0x09).count() > 4
}

fn decode_wide(form: Wide, bom: usize, bytes: &[u8]) -> Result<Decoded<'_>, Reason> {
    let body = &bytes[bom..];
    let text = match form {
        Wide::Utf16Le => UTF_16LE.decode_without_bom_handling_and_without_replacement(body),
        Wide::Utf16Be => UTF_16BE.decode_without_bom_handling_and_without_replacement(body),
        Wide::Utf32Le => decode_utf32(body, false).map(Cow::Owned),
        Wide::Utf32Be => decode_utf32(body, true).map(Cow::Owned),
    }
    .ok_or_else(|| Reason::BadEncoding(form.name().into()))?;
    let how = if bom > 0 {
        "byte-order mark"
    } else {
        "no byte-order mark; told by the form of the first '<'"
    };
    let warning = declared_encoding(text.as_bytes())
        .filter(|label| !form.is_named_by(label))
        .map(|label| {
            format!(
                "character encoding: the XML declaration says \"{label}\", but the bytes \
                 are {} ({how}); read as {}",
                form.name(),
                form.name()
            )
        });
    Ok(Decoded { text, warning })
}

/// UTF-32 (which encoding_rs does not decode), strictly: no surrogates, nothing past
/// U+10FFFF, whole code units only.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = String::with_capacity(bytes.len() / 4);
    for unit in bytes.chunks_exact(4) {
        let unit = [unit[0], unit[1], unit[2], unit[3]];
        let code = if big_endian {
            u32::from_be_bytes(unit)
        } else {
            u32::from_le_bytes(unit)
        };
        out.push(char::from_u32(code)?);
    }
    Some(out)
}

fn strict_decode<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Option<Cow<'a, str>> {
    if encoding == UTF_8 {
        return std::str::from_utf8(bytes).ok().map(Cow::Borrowed);
    }
    encoding.decode_without_bom_handling_and_without_replacement(bytes)
}

/// chardetng's guess from the start of the file (any top-level domain, UTF-8
/// allowed). GBK is reported as GB18030: encoding_rs decodes both alike, and
/// GB18030 is the superset Chinese standards are written in.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    match detector.guess(None, Utf8Detection::Allow) {
        e if e == GBK => GB18030,
        e => e,
    }
}

/// The name users know: encoding_rs spells GB18030 in lower case.
fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// Rule 2 (c) of the module doc: where a single-byte decoding looks like mojibake,
/// a short sample of it (a run of non-ASCII characters) for the warning.
fn mojibake_sample(text: &str) -> Option<String> {
    let is_c1 = |c: char| ('\u{80}'..='\u{9F}').contains(&c);
    let (mut non_ascii, mut suspicious) = (0usize, 0usize);
    let (mut run, mut run_c1) = (0usize, 0usize);
    let mut sample = String::new();
    let mut current = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if !c.is_ascii() {
            non_ascii += 1;
            run += 1;
            run_c1 += usize::from(is_c1(c));
            if current.chars().count() < 8 {
                current.push(c);
            }
            continue;
        }
        if run > 0 {
            suspicious += if run >= 2 { run } else { run_c1 };
            if run >= 2 && sample.is_empty() {
                sample = std::mem::take(&mut current);
            }
            current.clear();
            (run, run_c1) = (0, 0);
        }
    }
    (non_ascii >= MIN_EVIDENCE && suspicious * 4 >= non_ascii * 3).then_some(sample)
}

/// Whether most non-ASCII bytes are invalid as UTF-8 (text in a legacy encoding),
/// rather than most being valid (UTF-8 with some damage).
fn mostly_invalid_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.bytes().filter(|b| !b.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                valid += good.iter().filter(|b| !b.is_ascii()).count();
                let bad = e.error_len().unwrap_or(after.len());
                invalid += bad;
                rest = &after[bad..];
            }
        }
    }
    invalid >= MIN_EVIDENCE && invalid > valid
}

/// The `encoding="…"` of an XML declaration, if the text starts with one.
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

    fn text(bytes: &[u8]) -> String {
        decode_xml(bytes).unwrap().text.into_owned()
    }

    fn warning(bytes: &[u8]) -> Option<String> {
        decode_xml(bytes).unwrap().warning
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(text(b"\xEF\xBB\xBF<a/>"), "<a/>");
    }

    #[test]
    fn gbk_declaration_decodes_chinese() {
        let (bytes, _, _) =
            encoding_rs::GBK.encode("<?xml version=\"1.0\" encoding=\"GB2312\"?><p>泄漏电流</p>");
        let decoded = decode_xml(&bytes).unwrap();
        assert!(decoded.text.contains("<p>泄漏电流</p>"));
        assert_eq!(decoded.warning, None);
    }

    #[test]
    fn gb18030_declaration_decodes() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("<?xml version='1.0' encoding='GB18030'?><p>额定电压</p>");
        assert!(text(&bytes).contains("额定电压"));
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

    const CHINESE: &str = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<standard>\
        <title>泄漏电流</title><p>泄漏电流不应超过 0.75 mA，额定电压下的泄漏电流。</p></standard>";

    #[test]
    fn gb18030_under_a_latin1_declaration_is_read_as_gb18030_with_a_warning() {
        let (bytes, _, _) = encoding_rs::GB18030.encode(CHINESE);
        let decoded = decode_xml(&bytes).unwrap();
        assert!(
            decoded.text.contains("泄漏电流不应超过 0.75 mA，"),
            "{}",
            decoded.text
        );
        let w = decoded.warning.expect("a warning");
        assert!(w.contains("\"ISO-8859-1\"") && w.contains("GB18030"), "{w}");
    }

    #[test]
    fn utf8_under_a_latin1_declaration_is_read_as_utf8_with_a_warning() {
        let doc = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><p>Température ambiante \
                   à 40 °C, résistance d'isolement, degré de protection, câble écranté</p>";
        let decoded = decode_xml(doc.as_bytes()).unwrap();
        assert_eq!(decoded.text, doc);
        assert!(decoded.warning.unwrap().contains("UTF-8"));
    }

    #[test]
    fn genuine_latin1_and_windows_1252_are_not_flagged() {
        for (label, body) in [
            (
                "ISO-8859-1",
                "Température ambiante: 40 °C ± 2 °C; Größe der Prüfgeräte, Maße in µm; \
                 « Sécurité des appareils électrodomestiques »; año, niño, Ångström, Øresund",
            ),
            (
                "windows-1252",
                "“Leakage current” – 0,75 mA … Prüfspannung 1 250 V; ½ of the déclaré value; \
                 Ça s’applique à l’appareil; naïve façade; señal; Œuvre; Straße",
            ),
        ] {
            let doc = format!("<?xml version=\"1.0\" encoding=\"{label}\"?><p>{body}</p>");
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&doc);
            let decoded = decode_xml(&bytes).unwrap();
            assert_eq!(decoded.text, doc, "{label}");
            assert_eq!(decoded.warning, None, "{label}");
        }
    }

    #[test]
    fn genuine_non_latin_single_byte_is_not_flagged() {
        // Scripts whose words are runs of non-ASCII bytes: the detector names their
        // own encodings, so rule 2 (a) keeps them.
        for (encoding, body) in [
            (
                encoding_rs::WINDOWS_874,
                "มาตรฐานผลิตภัณฑ์อุตสาหกรรม เครื่องใช้ไฟฟ้าสำหรับใช้ในที่อยู่อาศัย \
                 ความปลอดภัย เล่ม 1 ข้อกำหนดทั่วไป กระแสรั่วต้องไม่เกิน 0.75 มิลลิแอมแปร์",
            ),
            (
                encoding_rs::WINDOWS_1251,
                "Безопасность бытовых и аналогичных электрических приборов. Часть 1. \
                 Общие требования. Ток утечки не должен превышать 0,75 мА.",
            ),
            (
                encoding_rs::WINDOWS_1258,
                // As windows-1258 writes it: tone marks combining, not precomposed.
                "Thiê\u{301}t bi\u{323} điê\u{323}n gia du\u{323}ng va\u{300} thiê\u{301}t \
                 bi\u{323} điê\u{323}n tương tư\u{323} - An toa\u{300}n - Phâ\u{300}n 1: \
                 Yêu câ\u{300}u chung. Do\u{300}ng điê\u{323}n ro\u{300} không đươ\u{323}c \
                 vươ\u{323}t qua\u{301} 0,75 mA.",
            ),
            (
                encoding_rs::ISO_8859_2,
                "Elektryczny sprzęt do użytku domowego i podobnego. Bezpieczeństwo \
                 użytkowania. Część 1: Wymagania ogólne. Prąd upływu nie może przekraczać.",
            ),
            (
                encoding_rs::WINDOWS_1253,
                "Ασφάλεια οικιακών και παρόμοιων ηλεκτρικών συσκευών. Μέρος 1: Γενικές \
                 απαιτήσεις. Το ρεύμα διαρροής δεν πρέπει να υπερβαίνει τα 0,75 mA.",
            ),
        ] {
            let label = encoding.name();
            let doc = format!("<?xml version=\"1.0\" encoding=\"{label}\"?><p>{body}</p>");
            let (bytes, _, unmappable) = encoding.encode(&doc);
            assert!(!unmappable, "{label}");
            let decoded = decode_xml(&bytes).unwrap();
            assert_eq!(decoded.text, doc.as_str(), "{label}");
            assert_eq!(decoded.warning, None, "{label}");
        }
    }

    #[test]
    fn undeclared_gb18030_is_read_with_a_warning() {
        let doc = "<standard><p>泄漏电流不应超过 0.75 mA，额定电压下的泄漏电流。</p></standard>";
        let (bytes, _, _) = encoding_rs::GB18030.encode(doc);
        let decoded = decode_xml(&bytes).unwrap();
        assert_eq!(decoded.text, doc);
        let w = decoded.warning.unwrap();
        assert!(
            w.contains("nothing is declared") && w.contains("GB18030"),
            "{w}"
        );
    }

    #[test]
    fn damaged_utf8_and_undeclared_latin1_stay_errors() {
        let mut damaged = "<p>泄漏电流不应超过 0.75 mA，额定电压下的泄漏电流。</p>"
            .as_bytes()
            .to_vec();
        damaged[10] = b'x';
        let latin1 = b"<p>Temp\xE9rature ambiante \xE0 40 \xB0C, r\xE9sistance, degr\xE9, \
                       c\xE2ble \xE9cran\xE9, s\xE9curit\xE9</p>";
        for bytes in [&damaged[..], &latin1[..]] {
            let err = decode_xml(bytes).unwrap_err();
            assert!(
                matches!(err, Reason::BadEncoding(ref e) if e == "UTF-8"),
                "{err}"
            );
        }
    }

    #[test]
    fn utf16_and_utf32_without_and_with_byte_order_marks() {
        let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<p>泄漏电流 𠀀</p>";
        let utf16le: Vec<u8> = doc.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = doc.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let utf32le: Vec<u8> = doc.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
        let utf32be: Vec<u8> = doc.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        for (bytes, form, declared_right) in [
            (utf16le.clone(), Wide::Utf16Le, true),
            (utf16be.clone(), Wide::Utf16Be, true),
            (utf32le.clone(), Wide::Utf32Le, false),
            (utf32be.clone(), Wide::Utf32Be, false),
        ] {
            assert_eq!(wide_form(&bytes), Some((form, 0)));
            let decoded = decode_xml(&bytes).unwrap();
            assert_eq!(decoded.text, doc);
            assert_eq!(decoded.warning.is_none(), declared_right, "{form:?}");
        }
        let mut bom = vec![0xFF, 0xFE, 0, 0];
        bom.extend(&utf32le);
        assert_eq!(wide_form(&bom), Some((Wide::Utf32Le, 4)));
        let decoded = decode_xml(&bom).unwrap();
        assert_eq!(decoded.text, doc);
        let w = decoded.warning.unwrap();
        assert!(w.contains("\"UTF-16\"") && w.contains("UTF-32LE"), "{w}");
        let mut bom = vec![0, 0, 0xFE, 0xFF];
        bom.extend(&utf32be);
        assert_eq!(text(&bom), doc);
        let mut bom = vec![0xFE, 0xFF];
        bom.extend(&utf16be);
        assert_eq!(text(&bom), doc);
    }

    #[test]
    fn utf32_rejects_surrogates_and_partial_units() {
        let mut bytes: Vec<u8> = "<a>"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        bytes.extend(0xD800u32.to_le_bytes());
        let err = decode_xml(&bytes).unwrap_err();
        assert!(
            matches!(err, Reason::BadEncoding(ref e) if e == "UTF-32LE"),
            "{err}"
        );
        let mut bytes: Vec<u8> = "<a>"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        bytes.push(0);
        assert!(decode_xml(&bytes).is_err());
    }

    #[test]
    fn utf16_declared_on_ascii_bytes_is_read_as_utf8_with_a_warning() {
        let decoded = decode_xml(b"<?xml version='1.0' encoding='UTF-16'?><a>x</a>").unwrap();
        assert_eq!(
            decoded.text,
            "<?xml version='1.0' encoding='UTF-16'?><a>x</a>"
        );
        assert!(decoded.warning.unwrap().contains("ASCII-compatible"));
        assert!(warning(b"<?xml version='1.0' encoding='UTF-32'?><a>x</a>").is_some());
    }
}
