//! Quantities in clause text: a number, its unit and what kind of limit it is,
//! normalised to SI so that `0.5 mA` and `500 µA`, or `75 °C` and `348 K`, compare
//! equal. Pure functions over strings; the difference finder decides what a change
//! means.
//!
//! Numbers are read the way standards print them in each language: `1 750` (space as
//! thousands separator), `0,5` (decimal comma in Vietnamese and Indonesian), `0.94倍` /
//! `0.9 kali` / `1,5 lần` (a factor, unitless), tolerances `20 °C ± 5 °C`. Numbers
//! without a unit (clause numbers, table numbers, standard numbers) are not quantities.

use regex::Regex;
use std::sync::LazyLock;

/// What a quantity measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// Electric current (A).
    Current,
    /// Voltage (V).
    Voltage,
    /// Active power (W).
    Power,
    /// Apparent power (VA).
    ApparentPower,
    /// Resistance (Ω).
    Resistance,
    /// Temperature (K).
    Temperature,
    /// A temperature difference or rise (`2 K`, `变化不超过2 K`).
    TemperatureDifference,
    /// Length (m).
    Length,
    /// Area (m²).
    Area,
    /// Volume (m³).
    Volume,
    /// Time (s).
    Time,
    /// Mass (kg).
    Mass,
    /// Force (N).
    Force,
    /// Torque (N·m).
    Torque,
    /// Energy (J).
    Energy,
    /// Frequency (Hz).
    Frequency,
    /// Pressure (Pa).
    Pressure,
    /// Speed (m/s).
    Speed,
    /// Sound level (dB, dB(A)).
    SoundLevel,
    /// Dose rate (Sv/h).
    DoseRate,
    /// Angle (degrees).
    Angle,
    /// Percentage.
    Percent,
    /// A factor (`0.94倍`, `1.1 times`).
    Ratio,
}

impl Dimension {
    /// The name used in difference annotations (`"current"`, `"sound level"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Current => "current",
            Dimension::Voltage => "voltage",
            Dimension::Power => "power",
            Dimension::ApparentPower => "apparent power",
            Dimension::Resistance => "resistance",
            Dimension::Temperature => "temperature",
            Dimension::TemperatureDifference => "temperature difference",
            Dimension::Length => "length",
            Dimension::Area => "area",
            Dimension::Volume => "volume",
            Dimension::Time => "time",
            Dimension::Mass => "mass",
            Dimension::Force => "force",
            Dimension::Torque => "torque",
            Dimension::Energy => "energy",
            Dimension::Frequency => "frequency",
            Dimension::Pressure => "pressure",
            Dimension::Speed => "speed",
            Dimension::SoundLevel => "sound level",
            Dimension::DoseRate => "dose rate",
            Dimension::Angle => "angle",
            Dimension::Percent => "percentage",
            Dimension::Ratio => "ratio",
        }
    }
}

/// Which side of a requirement a number bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// An upper limit: 不大于, not exceeding, không vượt quá, tidak melebihi, ไม่เกิน, ≤.
    Max,
    /// A lower limit: 不小于, at least, không nhỏ hơn, sekurang-kurangnya, ไม่น้อยกว่า, ≥.
    Min,
}

impl Limit {
    /// `"max"` or `"min"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::Max => "max",
            Limit::Min => "min",
        }
    }
}

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// As printed, with its tolerance: `20 °C ± 5 °C`, `1 750 V`, `0,5 mA`; a factor is
    /// the bare number (`0.94`).
    pub raw: String,
    /// What it measures.
    pub dimension: Dimension,
    /// Value in the SI unit of its dimension (kelvin for temperatures).
    pub value: f64,
    /// Tolerance (±) in the same unit, as a difference.
    pub tolerance: Option<f64>,
    /// The unit as printed (`mA`, `°C`, `kali`).
    pub unit: String,
    /// The unit's symbol whatever the language (`h` for `小时`, `giờ` and `jam`;
    /// `×` for every factor word): a change of symbol is a change of notation.
    pub symbol: &'static str,
    /// Upper or lower limit, when the words before the number say so.
    pub limit: Option<Limit>,
    /// Byte range of `raw` in the text.
    pub span: (usize, usize),
}

impl Quantity {
    /// Same amount (and same tolerance), whatever the notation. A relative margin of
    /// 0.1 % absorbs rounded conversions such as 75 °C = 348 K.
    pub fn same_amount(&self, other: &Quantity) -> bool {
        self.dimension == other.dimension
            && close(self.value, other.value)
            && match (self.tolerance, other.tolerance) {
                (Some(a), Some(b)) => close(a, b),
                (None, None) => true,
                _ => false,
            }
    }

    /// Same amount printed the same way (ignoring spacing and the decimal mark).
    pub fn same_notation(&self, other: &Quantity) -> bool {
        self.same_amount(other) && self.unit == other.unit && {
            let a = notation(&self.raw);
            let b = notation(&other.raw);
            a == b
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-3 * a.abs().max(b.abs()) + 1e-12
}

/// The printed form without spaces and with `.` as decimal mark.
pub fn notation(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect()
}

/// A unit: printed token, dimension, factor to SI, offset to SI (temperatures).
struct Unit {
    token: &'static str,
    dimension: Dimension,
    scale: f64,
    offset: f64,
}

const fn u(token: &'static str, dimension: Dimension, scale: f64) -> Unit {
    Unit {
        token,
        dimension,
        scale,
        offset: 0.0,
    }
}

use Dimension as D;

/// Known units. Matching takes the longest token that ends at a word boundary.
const UNITS: &[Unit] = &[
    u("kA", D::Current, 1e3),
    u("A", D::Current, 1.0),
    u("mA", D::Current, 1e-3),
    u("µA", D::Current, 1e-6),
    u("μA", D::Current, 1e-6),
    u("kV", D::Voltage, 1e3),
    u("V", D::Voltage, 1.0),
    u("mV", D::Voltage, 1e-3),
    u("MW", D::Power, 1e6),
    u("kW", D::Power, 1e3),
    u("W", D::Power, 1.0),
    u("mW", D::Power, 1e-3),
    u("kVA", D::ApparentPower, 1e3),
    u("VA", D::ApparentPower, 1.0),
    u("MΩ", D::Resistance, 1e6),
    u("kΩ", D::Resistance, 1e3),
    u("Ω", D::Resistance, 1.0),
    u("mΩ", D::Resistance, 1e-3),
    Unit {
        token: "°C",
        dimension: D::Temperature,
        scale: 1.0,
        offset: 273.15,
    },
    Unit {
        token: "℃",
        dimension: D::Temperature,
        scale: 1.0,
        offset: 273.15,
    },
    u("K", D::Temperature, 1.0),
    u("km", D::Length, 1e3),
    u("m", D::Length, 1.0),
    u("cm", D::Length, 1e-2),
    u("mm", D::Length, 1e-3),
    u("µm", D::Length, 1e-6),
    u("μm", D::Length, 1e-6),
    u("m²", D::Area, 1.0),
    u("cm²", D::Area, 1e-4),
    u("mm²", D::Area, 1e-6),
    u("m³", D::Volume, 1.0),
    u("L", D::Volume, 1e-3),
    u("mL", D::Volume, 1e-6),
    u("ml", D::Volume, 1e-6),
    u("ms", D::Time, 1e-3),
    u("s", D::Time, 1.0),
    u("min", D::Time, 60.0),
    u("h", D::Time, 3600.0),
    u("d", D::Time, 86400.0),
    u("秒", D::Time, 1.0),
    u("分钟", D::Time, 60.0),
    u("小时", D::Time, 3600.0),
    u("天", D::Time, 86400.0),
    u("giây", D::Time, 1.0),
    u("phút", D::Time, 60.0),
    u("giờ", D::Time, 3600.0),
    u("ngày", D::Time, 86400.0),
    u("detik", D::Time, 1.0),
    u("saat", D::Time, 1.0),
    u("menit", D::Time, 60.0),
    u("minit", D::Time, 60.0),
    u("jam", D::Time, 3600.0),
    u("hari", D::Time, 86400.0),
    u("วินาที", D::Time, 1.0),
    u("นาที", D::Time, 60.0),
    u("ชั่วโมง", D::Time, 3600.0),
    u("วัน", D::Time, 86400.0),
    u("seconds", D::Time, 1.0),
    u("minutes", D::Time, 60.0),
    u("hours", D::Time, 3600.0),
    u("days", D::Time, 86400.0),
    u("kg", D::Mass, 1.0),
    u("g", D::Mass, 1e-3),
    u("mg", D::Mass, 1e-6),
    u("kN", D::Force, 1e3),
    u("N", D::Force, 1.0),
    u("N·m", D::Torque, 1.0),
    u("Nm", D::Torque, 1.0),
    u("kJ", D::Energy, 1e3),
    u("J", D::Energy, 1.0),
    u("kWh", D::Energy, 3.6e6),
    u("Wh", D::Energy, 3600.0),
    u("MHz", D::Frequency, 1e6),
    u("kHz", D::Frequency, 1e3),
    u("Hz", D::Frequency, 1.0),
    u("MPa", D::Pressure, 1e6),
    u("kPa", D::Pressure, 1e3),
    u("Pa", D::Pressure, 1.0),
    u("bar", D::Pressure, 1e5),
    u("m/s", D::Speed, 1.0),
    u("km/h", D::Speed, 1.0 / 3.6),
    u("dB(A)", D::SoundLevel, 1.0),
    u("dB", D::SoundLevel, 1.0),
    u("Sv/h", D::DoseRate, 1.0),
    u("mSv/h", D::DoseRate, 1e-3),
    u("µSv/h", D::DoseRate, 1e-6),
    u("μSv/h", D::DoseRate, 1e-6),
    u("°", D::Angle, 1.0),
    u("%", D::Percent, 1.0),
    u("倍", D::Ratio, 1.0),
    u("times", D::Ratio, 1.0),
    u("kali", D::Ratio, 1.0),
    u("lần", D::Ratio, 1.0),
    u("เท่า", D::Ratio, 1.0),
];

/// The symbol of a unit token: language words for time units and factors map to
/// one symbol, and `μ` (Greek mu) to `µ` (micro sign).
fn symbol(token: &'static str) -> &'static str {
    match token {
        "秒" | "giây" | "detik" | "saat" | "วินาที" | "seconds" => "s",
        "分钟" | "phút" | "menit" | "minit" | "นาที" | "minutes" => "min",
        "小时" | "giờ" | "jam" | "ชั่วโมง" | "hours" => "h",
        "天" | "ngày" | "hari" | "วัน" | "days" => "d",
        "倍" | "times" | "kali" | "lần" | "เท่า" => "×",
        "℃" => "°C",
        "μA" => "µA",
        "μm" => "µm",
        "μSv/h" => "µSv/h",
        "ml" => "mL",
        "Nm" => "N·m",
        other => other,
    }
}

/// Words before a number that make it an upper limit (closest phrase wins).
const MAX_WORDS: &[&str] = &[
    "不大于",
    "不超过",
    "不应超过",
    "不得超过",
    "不应大于",
    "不得大于",
    "不应高于",
    "不高于",
    "最大为",
    "最大",
    "最高",
    "≤",
    "<",
    "not exceeding",
    "not exceed",
    "not more than",
    "not greater than",
    "up to",
    "maximum",
    "less than",
    "không vượt quá",
    "không được vượt quá",
    "không được lớn hơn",
    "không lớn hơn",
    "không quá",
    "tối đa",
    "tidak melebihi",
    "tidak lebih dari",
    "tidak boleh melebihi",
    "maksimum",
    "ไม่เกิน",
    "ไม่มากกว่า",
    "สูงสุด",
];

/// Words before a number that make it a lower limit.
const MIN_WORDS: &[&str] = &[
    "不小于",
    "不低于",
    "不应小于",
    "不得小于",
    "不应低于",
    "至少",
    "最小",
    "≥",
    ">",
    "not less than",
    "at least",
    "minimum",
    "không nhỏ hơn",
    "không được nhỏ hơn",
    "không thấp hơn",
    "tối thiểu",
    "ít nhất",
    "sekurang-kurangnya",
    "paling sedikit",
    "tidak kurang dari",
    "minimal",
    "ไม่น้อยกว่า",
    "อย่างน้อย",
];

/// A number as printed: thousands grouped by spaces, or plain, with a decimal part.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{1,3}(?:[ \u{a0}\u{202f}\u{2009}]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
        .expect("number pattern is valid")
});

/// Languages that write the decimal mark as a comma.
fn decimal_comma(lang: &str) -> bool {
    matches!(lang, "vi" | "id")
}

/// Parses a printed number; `lang` decides what a comma means.
pub fn parse_number(s: &str, lang: &str) -> Option<f64> {
    let compact: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let normal = if compact.contains(',') {
        let (int, frac) = compact.split_once(',')?;
        if decimal_comma(lang) || frac.len() != 3 {
            format!("{int}.{frac}")
        } else {
            format!("{int}{frac}")
        }
    } else {
        compact
    };
    normal.parse().ok()
}

/// Letters that continue a word: a unit glued to one is not a unit (`2 sisi`).
fn continues_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (c.is_alphabetic() && (c < '\u{0250}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)))
}

/// The unit printed at the start of `rest`, if any (after at most one space).
fn unit_at(rest: &str) -> Option<(&'static Unit, usize)> {
    let skip = rest
        .chars()
        .next()
        .filter(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .map_or(0, char::len_utf8);
    let after = &rest[skip..];
    let mut best: Option<&Unit> = None;
    for unit in UNITS {
        if !after.starts_with(unit.token) {
            continue;
        }
        let next = after[unit.token.len()..].chars().next();
        let word_unit = unit.token.chars().last().is_some_and(continues_word);
        if word_unit && next.is_some_and(continues_word) {
            continue;
        }
        if best.is_none_or(|b| unit.token.len() > b.token.len()) {
            best = Some(unit);
        }
    }
    best.map(|unit| (unit, skip + unit.token.len()))
}

/// Finds the quantities in `text` (language `lang`), in order.
pub fn quantities(text: &str, lang: &str) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    let mut resume = 0;
    for m in NUMBER.find_iter(text) {
        if m.start() < resume {
            continue;
        }
        // Part of an identifier or a reference: `IPX0`, `PS1`, `60335-1`, `5.2.2`.
        let before = text[..m.start()].chars().next_back();
        if before.is_some_and(|c| continues_word(c) || matches!(c, '-' | '.' | '/' | '_')) {
            continue;
        }
        let Some((unit, unit_len)) = unit_at(&text[m.end()..]) else {
            continue;
        };
        let Some(number) = parse_number(m.as_str(), lang) else {
            continue;
        };
        let mut end = m.end() + unit_len;
        let mut tolerance = None;
        if let Some((tol, tol_end)) = tolerance_at(text, end, lang, unit) {
            tolerance = Some(tol * unit.scale);
            end = tol_end;
        }
        let raw_end = if unit.dimension == Dimension::Ratio && tolerance.is_none() {
            m.end()
        } else {
            end
        };
        resume = end;
        // Kelvin below 200 is a temperature rise or a drift, never a test temperature.
        let dimension = if unit.token == "K" && number < 200.0 {
            Dimension::TemperatureDifference
        } else {
            unit.dimension
        };
        out.push(Quantity {
            raw: text[m.start()..raw_end].to_string(),
            dimension,
            value: number * unit.scale + unit.offset,
            tolerance,
            unit: unit.token.to_string(),
            symbol: symbol(unit.token),
            limit: limit_before(&text[..m.start()]),
            span: (m.start(), raw_end),
        });
    }
    out
}

/// `± 5 °C` after a quantity: the tolerance (in the quantity's unit) and where it ends.
fn tolerance_at(text: &str, at: usize, lang: &str, unit: &Unit) -> Option<(f64, usize)> {
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}', '\u{2009}']);
    let after_sign = trimmed.strip_prefix('±')?;
    let digits = after_sign.trim_start_matches([' ', '\u{a0}', '\u{202f}', '\u{2009}']);
    let m = NUMBER.find(digits).filter(|m| m.start() == 0)?;
    let value = parse_number(m.as_str(), lang)?;
    let mut end = text.len() - digits.len() + m.end();
    let mut tolerance = value;
    if let Some((tol_unit, len)) = unit_at(&text[end..])
        && tol_unit.dimension == unit.dimension
    {
        // A tolerance is a difference: scale it, never offset it (± 2 K = ± 2 °C).
        tolerance = value * tol_unit.scale / unit.scale;
        end += len;
    }
    Some((tolerance, end))
}

/// The limit a list introduction sets for its items (`不应超过下列数值：`, `shall not
/// exceed the following values:`): the last limit phrase of the line.
pub fn limit_of_line(line: &str) -> Option<Limit> {
    limit_in(&line.to_lowercase())
}

/// The limit phrase closest before a number, within its line and a short reach.
fn limit_before(before: &str) -> Option<Limit> {
    // A phrase belongs to the nearest number: stop at the previous number or cell.
    let line = before
        .rsplit(|c: char| matches!(c, '\n' | '。' | ';' | '；' | '|') || c.is_ascii_digit())
        .next()
        .unwrap_or("");
    let start = line.char_indices().rev().nth(24).map_or(0, |(i, _)| i);
    limit_in(&line[start..].to_lowercase())
}

/// The last limit phrase in a lower-cased text.
fn limit_in(window: &str) -> Option<Limit> {
    let last = |words: &[&str]| {
        words
            .iter()
            .filter_map(|w| window.rfind(w).map(|i| i + w.len()))
            .max()
    };
    match (last(MAX_WORDS), last(MIN_WORDS)) {
        (Some(a), Some(b)) => Some(if a >= b { Limit::Max } else { Limit::Min }),
        (Some(_), None) => Some(Limit::Max),
        (None, Some(_)) => Some(Limit::Min),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, lang: &str) -> Quantity {
        let q = quantities(text, lang);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        q.into_iter().next().unwrap()
    }

    #[test]
    fn numbers_in_every_notation() {
        let cases = [
            (
                "泄漏电流不应超过0.75 mA。",
                "zh",
                "0.75 mA",
                Dimension::Current,
                0.00075,
            ),
            (
                "không được vượt quá 0,5 mA;",
                "vi",
                "0,5 mA",
                Dimension::Current,
                0.0005,
            ),
            (
                "基本绝缘 | 1 250 V",
                "zh",
                "1 250 V",
                Dimension::Voltage,
                1250.0,
            ),
            (
                "ฉนวนเพิ่มเติม | 1.75 kV",
                "th",
                "1.75 kV",
                Dimension::Voltage,
                1750.0,
            ),
            (
                "tidak boleh melebihi 200 mΩ.",
                "ms",
                "200 mΩ",
                Dimension::Resistance,
                0.2,
            ),
            (
                "suhu 348 K ± 2 K, atau",
                "id",
                "348 K ± 2 K",
                Dimension::Temperature,
                348.0,
            ),
            ("1,5 mm²", "vi", "1,5 mm²", Dimension::Area, 1.5e-6),
            (
                "不应超过100 dB(A)（LAeq,T）",
                "zh",
                "100 dB(A)",
                Dimension::SoundLevel,
                100.0,
            ),
            (
                "exceeding 0.001 mSv/h, measured",
                "en",
                "0.001 mSv/h",
                Dimension::DoseRate,
                1e-6,
            ),
            ("处理持续48 h。", "zh", "48 h", Dimension::Time, 172_800.0),
            (
                "selama 30 s menggunakan",
                "id",
                "30 s",
                Dimension::Time,
                30.0,
            ),
            ("ในช่วง 0.9 เท่า", "th", "0.9", Dimension::Ratio, 0.9),
            ("倾角10°的平面", "zh", "10°", Dimension::Angle, 10.0),
        ];
        for (text, lang, raw, dim, value) in cases {
            let q = one(text, lang);
            assert_eq!((q.raw.as_str(), q.dimension), (raw, dim), "{text}");
            assert!(close(q.value, value), "{text}: {} != {value}", q.value);
        }
    }

    #[test]
    fn factors_tolerances_and_ranges() {
        let q = quantities("器具应在0.94倍与1.06倍额定电压之间", "zh");
        let raws: Vec<&str> = q.iter().map(|q| q.raw.as_str()).collect();
        assert_eq!(raws, ["0.94", "1.06"]);
        assert!(q.iter().all(|q| q.dimension == Dimension::Ratio));
        let q = one("环境温度为20 °C ± 5 °C、无强制通风", "zh");
        assert_eq!(q.raw, "20 °C ± 5 °C");
        assert!(close(q.value, 293.15) && close(q.tolerance.unwrap(), 5.0));
        let q = quantities("antara 0.9 kali dan 1.1 kali voltan berkadar", "ms");
        assert_eq!(q.len(), 2);
        assert!(close(q[1].value, 1.1));
        // Decimal comma with three digits: a decimal in Vietnamese, thousands in English.
        assert!(close(parse_number("1,500", "vi").unwrap(), 1.5));
        assert!(close(parse_number("1,500", "en").unwrap(), 1500.0));
    }

    #[test]
    fn identifiers_and_words_are_not_quantities() {
        for text in [
            "IPX0以外的IP代码（见6.2）",
            "按IEC 60990所述的方法",
            "PS1 | tidak",
            "GB/T 5169.16（IEC 60695-11-10）",
            "mengalirkan arus 2 sisi",
            "Bảng 11\nTiết diện",
            "60227 IEC 53",
        ] {
            assert!(
                quantities(text, "zh").is_empty(),
                "{text}: {:?}",
                quantities(text, "zh")
            );
        }
    }

    #[test]
    fn equal_amounts_in_other_units_are_the_same_amount() {
        let pairs = [
            ("0.5 mA", "en", "500 µA", "en"),
            ("1 h", "en", "60 min", "en"),
            ("75 °C ± 2 °C", "zh", "348 K ± 2 K", "id"),
            ("1 750 V", "zh", "1.75 kV", "th"),
            ("0.75 mA", "zh", "0,75 mA", "vi"),
            ("2 min", "zh", "120 s", "th"),
            ("1 µSv/h", "zh", "0.001 mSv/h", "en"),
        ];
        for (a, la, b, lb) in pairs {
            let (qa, qb) = (one(a, la), one(b, lb));
            assert!(qa.same_amount(&qb), "{a} vs {b}");
        }
        assert!(one("0.75 mA", "zh").same_notation(&one("0,75 mA", "vi")));
        assert!(!one("1 750 V", "zh").same_notation(&one("1.75 kV", "th")));
        assert!(!one("20 °C ± 5 °C", "zh").same_amount(&one("27 °C ± 5 °C", "th")));
        assert!(!one("20 °C ± 5 °C", "zh").same_amount(&one("20 °C ± 2 °C", "th")));
    }

    #[test]
    fn limits_are_read_in_each_language() {
        let cases = [
            ("电阻不应超过0.1 Ω", "zh", Some(Limit::Max)),
            ("不小于 3 mm", "zh", Some(Limit::Min)),
            ("không được vượt quá 100 mΩ", "vi", Some(Limit::Max)),
            ("arus sekurang-kurangnya 10 A", "ms", Some(Limit::Min)),
            ("ต้องไม่เกิน 0.1 Ω", "th", Some(Limit::Max)),
            ("shall be at least 7 mm high", "en", Some(Limit::Min)),
            ("tidak lebih dari 10 W", "id", Some(Limit::Max)),
            ("持续1 min", "zh", None),
        ];
        for (text, lang, limit) in cases {
            assert_eq!(one(text, lang).limit, limit, "{text}");
        }
        // A phrase belongs to the number right after it, not to the next cell.
        let row: Vec<Option<Limit>> = quantities("> 6 A 且 ≤ 10 A | 1.0 mm²", "zh")
            .iter()
            .map(|q| q.limit)
            .collect();
        assert_eq!(row, [Some(Limit::Min), Some(Limit::Max), None]);
    }
}
