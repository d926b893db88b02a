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
    /// Acceleration (m/s²): `g` after an acceleration word (`峰值加速度不应超过300 g`)
    /// is the standard gravity, not a gram.
    Acceleration,
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
    /// A number of repetitions of a test (`10次`, `100 cycles`, `5 chu kỳ`, `50 รอบ`).
    Count,
    /// A multiple of the product's diameter, `d` glued to its number (bend mandrels
    /// of `4d`, `5d` in steel-bar standards).
    DiameterMultiple,
    /// Any other unit built from SI units (`J/m²`, `kg/m`, `T²·mm²`), identified by
    /// its exponents of the base units: `m²/kg` and `cm²/g` are one dimension.
    Derived(Signature),
}

/// Exponents of the SI base units metre, kilogram, second, ampere and kelvin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Signature(pub [i8; 5]);

impl Signature {
    /// The base-unit expression, `kg·s⁻²`.
    pub fn expression(self) -> String {
        const BASES: [&str; 5] = ["m", "kg", "s", "A", "K"];
        let parts: Vec<String> = self
            .0
            .iter()
            .zip(BASES)
            .filter(|(e, _)| **e != 0)
            .map(|(e, b)| match e {
                1 => b.to_string(),
                e => format!("{b}{}", superscript(*e)),
            })
            .collect();
        if parts.is_empty() {
            "1".into()
        } else {
            parts.join("·")
        }
    }
}

fn superscript(e: i8) -> String {
    crate::ingest::superscript(&e.to_string())
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
            Dimension::Acceleration => "acceleration",
            Dimension::SoundLevel => "sound level",
            Dimension::DoseRate => "dose rate",
            Dimension::Angle => "angle",
            Dimension::Percent => "percentage",
            Dimension::Ratio => "ratio",
            Dimension::Count => "count",
            Dimension::DiameterMultiple => "multiple of the diameter",
            Dimension::Derived(_) => "derived quantity",
        }
    }

    /// The name used in difference annotations: [`as_str`](Self::as_str), or for a
    /// derived unit its SI expression (`derived quantity kg·s⁻²`).
    pub fn name(self) -> String {
        match self {
            Dimension::Derived(sig) => format!("derived quantity {}", sig.expression()),
            d => d.as_str().to_string(),
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
    /// As printed, with its tolerance: `20 °C ± 5 °C`, `1 750 V`, `0,5 mA`, `0.94倍`.
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
    /// `×` for every factor word, `%` for `persen` and `ร้อยละ`): a change of
    /// symbol is a change of notation.
    pub symbol: String,
    /// Upper or lower limit, when the words before the number say so.
    pub limit: Option<Limit>,
    /// Byte range of `raw` in the text.
    pub span: (usize, usize),
}

impl Quantity {
    /// As a reader should see it: as printed, with the unit a table column or the
    /// other end of a range gave a bare number (`8` under `有效喷射时间/s` is `8 s`).
    pub fn shown(&self) -> String {
        let bare = !self
            .raw
            .chars()
            .any(|c| c.is_alphabetic() || matches!(c, '%' | '°' | '²' | '³' | 'µ'));
        if bare && !self.unit.is_empty() {
            format!("{} {}", self.raw, self.unit)
        } else {
            self.raw.clone()
        }
    }

    /// A tolerance printed on its own (`± 0,2 mm`): a permitted deviation, compared
    /// with other deviations and never with nominal values.
    pub fn is_deviation(&self) -> bool {
        self.value == 0.0 && self.tolerance.is_some()
    }

    /// Same amount (and same tolerance), whatever the notation. A relative margin of
    /// 0.1 % absorbs rounded conversions such as 75 °C = 348 K.
    pub fn same_amount(&self, other: &Quantity) -> bool {
        self.same_nominal(other)
            && match (self.tolerance, other.tolerance) {
                (Some(a), Some(b)) => close(a, b),
                (None, None) => true,
                _ => false,
            }
    }

    /// Same nominal value, whatever the tolerance around it.
    pub fn same_nominal(&self, other: &Quantity) -> bool {
        self.dimension == other.dimension && close(self.value, other.value)
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
/// `4d`: see [`Dimension::DiameterMultiple`].
const DIAMETER_MULTIPLE: Unit = u("d", D::DiameterMultiple, 1.0);

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
    u("t", D::Mass, 1e3),
    u("吨", D::Mass, 1e3),
    u("tấn", D::Mass, 1e3),
    u("ตัน", D::Mass, 1e3),
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
    // Repetitions; `kali`, `lần` and `times` are factors unless a test counts them
    // (see `severity`).
    u("次", D::Count, 1.0),
    u("cycles", D::Count, 1.0),
    u("cycle", D::Count, 1.0),
    u("chu kỳ", D::Count, 1.0),
    u("รอบ", D::Count, 1.0),
    u("ครั้ง", D::Count, 1.0),
    u("siklus", D::Count, 1.0),
    u("kitaran", D::Count, 1.0),
    // Ages and durations in years and months (3 岁 = 36 bulan): a Julian year, and
    // a twelfth of it, so that the two agree exactly.
    u("周岁", D::Time, YEAR),
    u("岁", D::Time, YEAR),
    u("个月", D::Time, YEAR / 12.0),
    u("tuổi", D::Time, YEAR),
    u("năm", D::Time, YEAR),
    u("tháng", D::Time, YEAR / 12.0),
    u("tahun", D::Time, YEAR),
    u("bulan", D::Time, YEAR / 12.0),
    u("ปี", D::Time, YEAR),
    u("เดือน", D::Time, YEAR / 12.0),
    u("years", D::Time, YEAR),
    u("year", D::Time, YEAR),
    u("months", D::Time, YEAR / 12.0),
    u("month", D::Time, YEAR / 12.0),
    // Units written as words, as many national texts print them (`1.6 กิโลกรัม`,
    // `50 毫米`, `2 kilogram`); each maps to its symbol (see `symbol`), so the word
    // is notation, not a change of unit.
    u("千克", D::Mass, 1.0),
    u("公斤", D::Mass, 1.0),
    u("毫克", D::Mass, 1e-6),
    u("克", D::Mass, 1e-3),
    u("千米", D::Length, 1e3),
    u("公里", D::Length, 1e3),
    u("毫米", D::Length, 1e-3),
    u("厘米", D::Length, 1e-2),
    u("米", D::Length, 1.0),
    u("毫升", D::Volume, 1e-6),
    u("升", D::Volume, 1e-3),
    u("千伏", D::Voltage, 1e3),
    u("伏特", D::Voltage, 1.0),
    u("毫安", D::Current, 1e-3),
    u("安培", D::Current, 1.0),
    u("千瓦", D::Power, 1e3),
    u("瓦特", D::Power, 1.0),
    u("赫兹", D::Frequency, 1.0),
    u("牛顿", D::Force, 1.0),
    u("焦耳", D::Energy, 1.0),
    u("兆帕", D::Pressure, 1e6),
    u("千帕", D::Pressure, 1e3),
    u("กิโลกรัม", D::Mass, 1.0),
    u("มิลลิกรัม", D::Mass, 1e-6),
    u("กรัม", D::Mass, 1e-3),
    u("กิโลเมตร", D::Length, 1e3),
    u("มิลลิเมตร", D::Length, 1e-3),
    u("เซนติเมตร", D::Length, 1e-2),
    u("เมตร", D::Length, 1.0),
    u("มิลลิลิตร", D::Volume, 1e-6),
    u("ลิตร", D::Volume, 1e-3),
    u("กิโลโวลต์", D::Voltage, 1e3),
    u("โวลต์", D::Voltage, 1.0),
    u("มิลลิแอมแปร์", D::Current, 1e-3),
    u("แอมแปร์", D::Current, 1.0),
    u("กิโลวัตต์", D::Power, 1e3),
    u("วัตต์", D::Power, 1.0),
    u("เฮิรตซ์", D::Frequency, 1.0),
    u("นิวตัน", D::Force, 1.0),
    u("จูล", D::Energy, 1.0),
    u("kilogram", D::Mass, 1.0),
    u("kilograms", D::Mass, 1.0),
    u("gram", D::Mass, 1e-3),
    u("grams", D::Mass, 1e-3),
    u("kilôgam", D::Mass, 1.0),
    u("milimeter", D::Length, 1e-3),
    u("milimét", D::Length, 1e-3),
    u("millimetre", D::Length, 1e-3),
    u("millimetres", D::Length, 1e-3),
    u("millimeter", D::Length, 1e-3),
    u("millimeters", D::Length, 1e-3),
    u("sentimeter", D::Length, 1e-2),
    u("centimetre", D::Length, 1e-2),
    u("centimetres", D::Length, 1e-2),
    u("centimeter", D::Length, 1e-2),
    u("centimeters", D::Length, 1e-2),
    u("meter", D::Length, 1.0),
    u("meters", D::Length, 1.0),
    u("metre", D::Length, 1.0),
    u("metres", D::Length, 1.0),
    u("mét", D::Length, 1.0),
    u("liter", D::Volume, 1e-3),
    u("litre", D::Volume, 1e-3),
    u("litres", D::Volume, 1e-3),
    u("liters", D::Volume, 1e-3),
    u("lít", D::Volume, 1e-3),
    u("volt", D::Voltage, 1.0),
    u("volts", D::Voltage, 1.0),
    u("vôn", D::Voltage, 1.0),
    u("ampere", D::Current, 1.0),
    u("amperes", D::Current, 1.0),
    u("watt", D::Power, 1.0),
    u("watts", D::Power, 1.0),
    u("newton", D::Force, 1.0),
    u("newtons", D::Force, 1.0),
    u("joule", D::Energy, 1.0),
    u("joules", D::Energy, 1.0),
    u("hertz", D::Frequency, 1.0),
    Unit {
        token: "摄氏度",
        dimension: D::Temperature,
        scale: 1.0,
        offset: 273.15,
    },
    Unit {
        token: "องศาเซลเซียส",
        dimension: D::Temperature,
        scale: 1.0,
        offset: 273.15,
    },
    Unit {
        token: "degrees Celsius",
        dimension: D::Temperature,
        scale: 1.0,
        offset: 273.15,
    },
    Unit {
        token: "derajat Celsius",
        dimension: D::Temperature,
        scale: 1.0,
        offset: 273.15,
    },
    Unit {
        token: "darjah Celsius",
        dimension: D::Temperature,
        scale: 1.0,
        offset: 273.15,
    },
    // Percent written as a word after the number (`85 persen`); the words printed
    // before it (`ร้อยละ 85`, `百分之85`) are read by `percent_before`.
    u("phần trăm", D::Percent, 1.0),
    u("persen", D::Percent, 1.0),
    u("peratus", D::Percent, 1.0),
    u("per cent", D::Percent, 1.0),
    u("percent", D::Percent, 1.0),
    u("เปอร์เซ็นต์", D::Percent, 1.0),
];

/// A Julian year in seconds.
const YEAR: f64 = 365.25 * 86400.0;

/// The symbol of a unit token: language words for time units and factors map to
/// one symbol, and `μ` (Greek mu) to `µ` (micro sign).
fn symbol(token: &'static str) -> &'static str {
    match token {
        "秒" | "giây" | "detik" | "saat" | "วินาที" | "seconds" => "s",
        "分钟" | "phút" | "menit" | "minit" | "นาที" | "minutes" => "min",
        "小时" | "giờ" | "jam" | "ชั่วโมง" | "hours" => "h",
        "天" | "ngày" | "hari" | "วัน" | "days" => "d",
        "倍" | "times" | "kali" | "lần" | "เท่า" => "×",
        "次" | "cycles" | "cycle" | "chu kỳ" | "รอบ" | "ครั้ง" | "siklus" | "kitaran" => {
            "n"
        }
        "周岁" | "岁" | "tuổi" | "năm" | "tahun" | "ปี" | "years" | "year" => "a",
        "个月" | "tháng" | "bulan" | "เดือน" | "months" | "month" => "mo",
        "phần trăm" | "persen" | "peratus" | "per cent" | "percent" | "เปอร์เซ็นต์" => {
            "%"
        }
        "℃"
        | "摄氏度"
        | "องศาเซลเซียส"
        | "degrees Celsius"
        | "derajat Celsius"
        | "darjah Celsius" => "°C",
        "千克" | "公斤" | "กิโลกรัม" | "kilogram" | "kilograms" | "kilôgam" => {
            "kg"
        }
        "毫克" | "มิลลิกรัม" => "mg",
        "克" | "กรัม" | "gram" | "grams" => "g",
        "千米" | "公里" | "กิโลเมตร" => "km",
        "毫米"
        | "มิลลิเมตร"
        | "milimeter"
        | "milimét"
        | "millimetre"
        | "millimetres"
        | "millimeter"
        | "millimeters" => "mm",
        "厘米"
        | "เซนติเมตร"
        | "sentimeter"
        | "centimetre"
        | "centimetres"
        | "centimeter"
        | "centimeters" => "cm",
        "米" | "เมตร" | "meter" | "meters" | "metre" | "metres" | "mét" => "m",
        "毫升" | "มิลลิลิตร" => "mL",
        "升" | "ลิตร" | "liter" | "litre" | "litres" | "liters" | "lít" => "L",
        "千伏" | "กิโลโวลต์" => "kV",
        "伏特" | "โวลต์" | "volt" | "volts" | "vôn" => "V",
        "毫安" | "มิลลิแอมแปร์" => "mA",
        "安培" | "แอมแปร์" | "ampere" | "amperes" => "A",
        "千瓦" | "กิโลวัตต์" => "kW",
        "瓦特" | "วัตต์" | "watt" | "watts" => "W",
        "赫兹" | "เฮิรตซ์" | "hertz" => "Hz",
        "牛顿" | "นิวตัน" | "newton" | "newtons" => "N",
        "焦耳" | "จูล" | "joule" | "joules" => "J",
        "兆帕" => "MPa",
        "千帕" => "kPa",
        "μA" => "µA",
        "μm" => "µm",
        "μSv/h" => "µSv/h",
        "ml" => "mL",
        "吨" | "tấn" | "ตัน" => "t",
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

/// A unit read from the text: from the table of named units or built from SI atoms.
#[derive(Debug, Clone)]
struct UnitMatch {
    dimension: Dimension,
    scale: f64,
    offset: f64,
    /// As printed.
    token: String,
    /// Notation-independent symbol.
    symbol: String,
    /// Bytes consumed, with the space before the unit.
    len: usize,
}

/// Spaces that may stand between a number and its unit.
const SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// The unit printed at the start of `rest`, if any (after at most one space): the
/// longer of a named unit and an SI expression; a tie goes to the named unit.
fn unit_at(rest: &str) -> Option<UnitMatch> {
    let skip = rest
        .chars()
        .next()
        .filter(|c| SPACES.contains(c))
        .map_or(0, char::len_utf8);
    let after = &rest[skip..];
    let mut best: Option<&Unit> = None;
    let mut glued_d = false;
    for unit in UNITS {
        if !after.starts_with(unit.token) {
            continue;
        }
        let next = after[unit.token.len()..].chars().next();
        let word_unit = unit.token.chars().last().is_some_and(continues_word);
        if word_unit && next.is_some_and(continues_word) {
            continue;
        }
        // `d` glued to its number is a multiple of a diameter (a bend mandrel of
        // `4d`), not days, which standards print with a space (`28 d`).
        if unit.token == "d" && skip == 0 {
            glued_d = true;
            continue;
        }
        if best.is_none_or(|b| unit.token.len() > b.token.len()) {
            best = Some(unit);
        }
    }
    if best.is_none() && glued_d {
        best = Some(&DIAMETER_MULTIPLE);
    }
    let named = best.map(|unit| UnitMatch {
        dimension: unit.dimension,
        scale: unit.scale,
        offset: unit.offset,
        token: unit.token.to_string(),
        symbol: symbol(unit.token).to_string(),
        len: skip + unit.token.len(),
    });
    let built = compound_at(after).map(|mut u| {
        u.len += skip;
        u
    });
    match (named, built) {
        (Some(n), Some(b)) if b.len > n.len => Some(b),
        (Some(n), _) => Some(n),
        (None, b) => b,
    }
}

/// A whole string that is a unit (`K`, `MPa`, `J/m²`): column headers give one.
fn whole_unit(s: &str) -> Option<UnitMatch> {
    let s = s.trim();
    unit_at(s).filter(|u| u.len == s.len())
}

/// The unit a string starts with, as printed (`%` of `% khối lượng`, `kg/m` of
/// `kg/m)`), when it ends at a word boundary.
pub fn unit_prefix(s: &str) -> Option<String> {
    let u = unit_at(s)?;
    Some(s[..u.len].trim().to_string())
}

/// Whether a string is exactly a unit.
pub fn is_unit(s: &str) -> bool {
    whole_unit(s).is_some()
}

/// An SI unit symbol that prefixes and exponents may be attached to.
struct Atom {
    token: &'static str,
    signature: [i8; 5],
    scale: f64,
    prefixed: bool,
}

const fn atom(token: &'static str, signature: [i8; 5], scale: f64, prefixed: bool) -> Atom {
    Atom {
        token,
        signature,
        scale,
        prefixed,
    }
}

/// Units from which derived units are written. Gauss is here because magnetic
/// requirements are still printed in it (`kG²·mm²`, 1 T = 10 kG).
const ATOMS: &[Atom] = &[
    atom("m", [1, 0, 0, 0, 0], 1.0, true),
    atom("g", [0, 1, 0, 0, 0], 1e-3, true),
    atom("s", [0, 0, 1, 0, 0], 1.0, true),
    atom("min", [0, 0, 1, 0, 0], 60.0, false),
    atom("h", [0, 0, 1, 0, 0], 3600.0, false),
    atom("A", [0, 0, 0, 1, 0], 1.0, true),
    atom("K", [0, 0, 0, 0, 1], 1.0, false),
    atom("N", [1, 1, -2, 0, 0], 1.0, true),
    atom("J", [2, 1, -2, 0, 0], 1.0, true),
    atom("W", [2, 1, -3, 0, 0], 1.0, true),
    atom("Pa", [-1, 1, -2, 0, 0], 1.0, true),
    atom("V", [2, 1, -3, -1, 0], 1.0, true),
    atom("Ω", [2, 1, -3, -2, 0], 1.0, true),
    atom("Hz", [0, 0, -1, 0, 0], 1.0, true),
    atom("T", [0, 1, -2, -1, 0], 1.0, true),
    atom("G", [0, 1, -2, -1, 0], 1e-4, true),
    atom("L", [3, 0, 0, 0, 0], 1e-3, true),
    // Counts of water and food microbiology (colony-forming units, most probable
    // number) and turbidity units: numbers of things, so `CFU/mL` is a count per
    // volume and `NTU` a unit of its own kind.
    atom("CFU", [0, 0, 0, 0, 0], 1.0, false),
    atom("MPN", [0, 0, 0, 0, 0], 1.0, false),
    atom("NTU", [0, 0, 0, 0, 0], 1.0, false),
];

const PREFIXES: &[(&str, f64)] = &[
    ("M", 1e6),
    ("k", 1e3),
    ("c", 1e-2),
    ("m", 1e-3),
    ("µ", 1e-6),
    ("μ", 1e-6),
    ("n", 1e-9),
];

/// The longest prefixed or plain atom at the start of `s`: (atom, prefix scale,
/// canonical prefix, bytes).
fn atom_at(s: &str) -> Option<(&'static Atom, f64, &'static str, usize)> {
    let mut best: Option<(&Atom, f64, &str, usize)> = None;
    for a in ATOMS {
        if s.starts_with(a.token) && best.is_none_or(|b| a.token.len() > b.3) {
            best = Some((a, 1.0, "", a.token.len()));
        }
        if !a.prefixed {
            continue;
        }
        for (p, scale) in PREFIXES {
            let len = p.len() + a.token.len();
            if s.starts_with(p)
                && s[p.len()..].starts_with(a.token)
                && best.is_none_or(|b| len > b.3)
            {
                let p = if *p == "μ" { "µ" } else { p };
                best = Some((a, *scale, p, len));
            }
        }
    }
    best
}

/// An exponent right after an atom: `²`, `³`, `⁻¹`, `^2`, `^-1`, or a plain `2`/`3`
/// (`mm2` in text taken from PDFs).
fn exponent_at(s: &str) -> (i8, usize) {
    for (mark, e) in [
        ("⁻¹", -1),
        ("⁻²", -2),
        ("⁻³", -3),
        ("²", 2),
        ("³", 3),
        ("^-1", -1),
        ("^-2", -2),
        ("^2", 2),
        ("^3", 3),
    ] {
        if s.starts_with(mark) {
            return (e, mark.len());
        }
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(d @ ('2' | '3')), next) if !next.is_some_and(|c| c.is_ascii_alphanumeric()) => {
            (if d == '2' { 2 } else { 3 }, 1)
        }
        _ => (1, 0),
    }
}

/// A unit written from SI atoms (`mJ`, `J/m²`, `N/mm²`, `T²·mm²`, `W/(m·K)`) at the
/// start of `s`. Everything after `/` is the denominator. The longest reading that
/// ends at a word boundary wins, so `2 sisi` and `3 mẫu` carry no unit.
fn compound_at(s: &str) -> Option<UnitMatch> {
    let mut signature = [0i8; 5];
    let mut scale = 1.0f64;
    let (mut numerator, mut denominator): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut newton = false;
    let mut pos = 0;
    let mut divided = false;
    let mut best: Option<UnitMatch> = None;
    while let Some((a, prefix_scale, prefix, len)) = atom_at(&s[pos..]) {
        let (e, elen) = exponent_at(&s[pos + len..]);
        let sign: i8 = if divided { -1 } else { 1 };
        for (k, x) in signature.iter_mut().enumerate() {
            *x += sign * e * a.signature[k];
        }
        scale *= (prefix_scale * a.scale).powi(i32::from(sign * e));
        newton |= a.token == "N";
        let term = if e == 1 {
            format!("{prefix}{}", a.token)
        } else {
            format!("{prefix}{}{}", a.token, superscript(e))
        };
        if divided {
            denominator.push(term);
        } else {
            numerator.push(term);
        }
        pos += len + elen;
        let rest = &s[pos..];
        let closing = usize::from(divided && rest.starts_with(')'));
        if !s[pos + closing..]
            .chars()
            .next()
            .is_some_and(continues_word)
        {
            let mut symbol = numerator.join("·");
            if !denominator.is_empty() {
                symbol.push('/');
                if denominator.len() > 1 {
                    symbol.push_str(&format!("({})", denominator.join("·")));
                } else {
                    symbol.push_str(&denominator[0]);
                }
            }
            best = Some(UnitMatch {
                dimension: dimension_of(signature, newton),
                scale,
                offset: 0.0,
                token: s[..pos + closing].to_string(),
                symbol,
                len: pos + closing,
            });
        }
        let rest = &s[pos..];
        if let Some(sep) = ["·", "⋅", "•", "*"].iter().find(|m| rest.starts_with(**m)) {
            pos += sep.len();
        } else if !divided && rest.starts_with('/') {
            divided = true;
            pos += 1;
            if s[pos..].starts_with('(') {
                pos += 1;
            }
        } else {
            break;
        }
    }
    best
}

/// The named dimension of a signature, so `N/mm²` is a pressure like `MPa`; energy
/// written with the newton is a torque (`N·m`).
fn dimension_of(signature: [i8; 5], newton: bool) -> Dimension {
    match signature {
        [0, 0, 0, 1, 0] => D::Current,
        [2, 1, -3, -1, 0] => D::Voltage,
        [2, 1, -3, 0, 0] => D::Power,
        [2, 1, -3, -2, 0] => D::Resistance,
        [0, 0, 0, 0, 1] => D::Temperature,
        [1, 0, 0, 0, 0] => D::Length,
        [2, 0, 0, 0, 0] => D::Area,
        [3, 0, 0, 0, 0] => D::Volume,
        [0, 0, 1, 0, 0] => D::Time,
        [0, 1, 0, 0, 0] => D::Mass,
        [1, 1, -2, 0, 0] => D::Force,
        [2, 1, -2, 0, 0] if newton => D::Torque,
        [2, 1, -2, 0, 0] => D::Energy,
        [0, 0, -1, 0, 0] => D::Frequency,
        [-1, 1, -2, 0, 0] => D::Pressure,
        [1, 0, -1, 0, 0] => D::Speed,
        [1, 0, -2, 0, 0] => D::Acceleration,
        other => D::Derived(Signature(other)),
    }
}

/// A number found in a text: digits, or number words (`eighty-five`, `八十五`,
/// `tám mươi lăm`, `dua puluh lima`, `แปดสิบห้า`).
#[derive(Debug, Clone, Copy)]
struct Number {
    start: usize,
    end: usize,
    value: f64,
    /// Written in words.
    word: bool,
}

/// The numbers of a text in order: digits, and number words where no digits are.
fn numbers(text: &str, lang: &str) -> Vec<Number> {
    let mut out: Vec<Number> = Vec::new();
    for m in NUMBER.find_iter(text) {
        // The `10` of a power of ten already read with the number before it.
        if out.last().is_some_and(|n: &Number| m.start() < n.end) {
            continue;
        }
        let Some(mut value) = parse_number(m.as_str(), lang) else {
            continue;
        };
        let mut end = m.end();
        if let Some((exponent, len)) = power_of_ten(&text[end..]) {
            value *= 10f64.powi(exponent);
            end += len;
        }
        out.push(Number {
            start: m.start(),
            end,
            value,
            word: false,
        });
    }
    for w in number_words(text, lang) {
        if !out.iter().any(|n| n.start < w.end && w.start < n.end) {
            out.push(w);
        }
    }
    out.sort_by_key(|n| n.start);
    out
}

/// A power of ten after a number (`200×10⁴`, `1.5 × 10^-3`, `3x10⁶`): its exponent
/// and the bytes it takes.
fn power_of_ten(after: &str) -> Option<(i32, usize)> {
    static POWER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s?[×x]\s?10(?:\^([-−]?\d{1,2})|([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}))")
            .expect("power-of-ten pattern is valid")
    });
    let m = POWER.captures(after)?;
    // Superscripts are compatibility forms of digits (`⁻⁴` → `−4`).
    let printed = m.get(1).or(m.get(2))?.as_str();
    let exponent: String = unicode_normalization::UnicodeNormalization::nfkc(printed)
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    Some((exponent.parse().ok()?, m.get(0)?.end()))
}

/// How a number word combines with the words before it.
#[derive(Clone, Copy)]
enum Word {
    /// A digit (1–9).
    Digit(f64),
    /// A digit only after tens (`lăm` in `hai mươi lăm`, Thai `เอ็ด`).
    AfterTens(f64),
    /// A whole value that starts a number (`twenty`, `sebelas`, `sepuluh`).
    Whole(f64),
    /// Adds ten to the digit before (`tiga belas`).
    Teen,
    /// Multiplies what precedes (`十`, `mươi`, `puluh`, `สิบ`, `hundred`, `百`).
    Times(f64),
    /// Joins parts without a value (`零`, `linh`, `and` inside an English number).
    Filler,
}

/// Number words of a language, longer words before their prefixes.
fn number_vocabulary(lang: &str) -> &'static [(&'static str, Word)] {
    use Word::*;
    match lang {
        "zh" => &[
            ("一", Digit(1.0)),
            ("二", Digit(2.0)),
            ("两", Digit(2.0)),
            ("三", Digit(3.0)),
            ("四", Digit(4.0)),
            ("五", Digit(5.0)),
            ("六", Digit(6.0)),
            ("七", Digit(7.0)),
            ("八", Digit(8.0)),
            ("九", Digit(9.0)),
            ("十", Times(10.0)),
            ("百", Times(100.0)),
            ("千", Times(1000.0)),
            ("零", Filler),
        ],
        "th" => &[
            ("หนึ่ง", Digit(1.0)),
            ("สอง", Digit(2.0)),
            ("ยี่", Digit(2.0)),
            ("สาม", Digit(3.0)),
            ("สี่", Digit(4.0)),
            ("ห้า", Digit(5.0)),
            ("หก", Digit(6.0)),
            ("เจ็ด", Digit(7.0)),
            ("แปด", Digit(8.0)),
            ("เก้า", Digit(9.0)),
            ("เอ็ด", AfterTens(1.0)),
            ("สิบ", Times(10.0)),
            ("ร้อย", Times(100.0)),
            ("พัน", Times(1000.0)),
        ],
        "vi" => &[
            ("một", Digit(1.0)),
            ("hai", Digit(2.0)),
            ("ba", Digit(3.0)),
            ("bốn", Digit(4.0)),
            ("năm", Digit(5.0)),
            ("sáu", Digit(6.0)),
            ("bảy", Digit(7.0)),
            ("tám", Digit(8.0)),
            ("chín", Digit(9.0)),
            ("mốt", AfterTens(1.0)),
            ("tư", AfterTens(4.0)),
            ("lăm", AfterTens(5.0)),
            ("mười", Times(10.0)),
            ("mươi", Times(10.0)),
            ("trăm", Times(100.0)),
            ("nghìn", Times(1000.0)),
            ("ngàn", Times(1000.0)),
            ("linh", Filler),
            ("lẻ", Filler),
        ],
        "id" | "ms" => &[
            ("satu", Digit(1.0)),
            ("dua", Digit(2.0)),
            ("tiga", Digit(3.0)),
            ("empat", Digit(4.0)),
            ("lima", Digit(5.0)),
            ("enam", Digit(6.0)),
            ("tujuh", Digit(7.0)),
            ("delapan", Digit(8.0)),
            ("lapan", Digit(8.0)),
            ("sembilan", Digit(9.0)),
            ("sepuluh", Whole(10.0)),
            ("sebelas", Whole(11.0)),
            ("belas", Teen),
            ("puluh", Times(10.0)),
            ("seratus", Times(100.0)),
            ("ratus", Times(100.0)),
            ("seribu", Times(1000.0)),
            ("ribu", Times(1000.0)),
        ],
        _ => &[
            ("one", Digit(1.0)),
            ("two", Digit(2.0)),
            ("three", Digit(3.0)),
            ("four", Digit(4.0)),
            ("five", Digit(5.0)),
            ("six", Digit(6.0)),
            ("seven", Digit(7.0)),
            ("eight", Digit(8.0)),
            ("nine", Digit(9.0)),
            ("ten", Whole(10.0)),
            ("eleven", Whole(11.0)),
            ("twelve", Whole(12.0)),
            ("thirteen", Whole(13.0)),
            ("fourteen", Whole(14.0)),
            ("fifteen", Whole(15.0)),
            ("sixteen", Whole(16.0)),
            ("seventeen", Whole(17.0)),
            ("eighteen", Whole(18.0)),
            ("nineteen", Whole(19.0)),
            ("twenty", Whole(20.0)),
            ("thirty", Whole(30.0)),
            ("forty", Whole(40.0)),
            ("fifty", Whole(50.0)),
            ("sixty", Whole(60.0)),
            ("seventy", Whole(70.0)),
            ("eighty", Whole(80.0)),
            ("ninety", Whole(90.0)),
            ("hundred", Times(100.0)),
            ("thousand", Times(1000.0)),
            ("and", Filler),
        ],
    }
}

/// Number words in a text. Only well-formed numbers are read (`ba năm` is three
/// and then the word year, not eight), and a number word becomes a quantity only
/// with a unit after it or a percent word before it: `three` alone is not read.
fn number_words(text: &str, lang: &str) -> Vec<Number> {
    let vocabulary = number_vocabulary(lang);
    let spaced = !unspaced(lang);
    let word_at = |s: &str| -> Option<(Word, usize)> {
        // Capitals at the start of a sentence (`Tiga`, `Eighty`).
        let lower: String = s.chars().take(12).collect::<String>().to_lowercase();
        vocabulary
            .iter()
            .filter(|(w, _)| {
                let hit = (s.starts_with(w) || lower.starts_with(w)) && s.is_char_boundary(w.len());
                hit && (!spaced || !s[w.len()..].chars().next().is_some_and(continues_word))
            })
            .max_by_key(|(w, _)| w.len())
            .map(|(w, kind)| (*kind, w.len()))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let starts_word = !spaced || !text[..i].chars().next_back().is_some_and(continues_word);
        let first = if starts_word {
            word_at(&text[i..])
        } else {
            None
        };
        let Some(_) =
            first.filter(|(w, _)| !matches!(w, Word::Filler | Word::AfterTens(_) | Word::Teen))
        else {
            i += c.len_utf8();
            continue;
        };
        let (mut total, mut current) = (0.0f64, 0.0f64);
        let mut pos = i;
        let mut end = i;
        let mut last_tens = false;
        while let Some((w, len)) = word_at(&text[pos..]) {
            let ok = match w {
                Word::Digit(d) => {
                    let fits = current == 0.0 || (last_tens && current % 10.0 == 0.0);
                    if fits {
                        current += d;
                    }
                    fits
                }
                Word::AfterTens(d) if last_tens => {
                    current += d;
                    true
                }
                Word::AfterTens(_) => false,
                Word::Whole(v) if current == 0.0 => {
                    current = v;
                    true
                }
                Word::Whole(_) => false,
                Word::Teen if (1.0..10.0).contains(&current) => {
                    current += 10.0;
                    true
                }
                Word::Teen => false,
                Word::Times(m) if m < 100.0 && current < 10.0 => {
                    current = current.max(1.0) * m;
                    true
                }
                Word::Times(m) if m >= 100.0 => {
                    total += current.max(1.0) * m;
                    current = 0.0;
                    true
                }
                Word::Times(_) => false,
                Word::Filler => true,
            };
            if !ok {
                break;
            }
            last_tens = matches!(w, Word::Times(10.0)) || matches!(w, Word::Whole(v) if v >= 20.0);
            pos += len;
            if !matches!(w, Word::Filler) {
                end = pos;
            }
            // Words of a spaced language are joined by a space or a hyphen.
            let gap = text[pos..]
                .chars()
                .next()
                .filter(|c| spaced && (*c == ' ' || *c == '-'))
                .map_or(0, char::len_utf8);
            if spaced && gap == 0 {
                break;
            }
            pos += gap;
        }
        if end > i {
            out.push(Number {
                start: i,
                end,
                value: total + current,
                word: true,
            });
            i = end;
        } else {
            i += c.len_utf8();
        }
    }
    out
}

/// Scripts written without spaces between words.
fn unspaced(lang: &str) -> bool {
    matches!(lang, "zh" | "th" | "ja")
}

/// Whether a text names percentages in words (a table header `เกณฑ์สูงสุด
/// ร้อยละโดยมวล`, `phần trăm khối lượng`, `percent by mass`): the words the parser
/// reads as `%` before or after a number.
pub fn names_percent(text: &str) -> bool {
    let lower = text.to_lowercase();
    PERCENT_BEFORE.iter().any(|w| lower.contains(w))
        || UNITS
            .iter()
            .filter(|u| u.dimension == D::Percent && u.token.chars().any(char::is_alphabetic))
            .any(|u| lower.contains(&u.token.to_lowercase()))
}

/// Words printed before a number that make it a percentage.
const PERCENT_BEFORE: &[&str] = &["ร้อยละ", "百分之"];

/// Where a percent word before the number starts (`ร้อยละ 85`, `百分之八十五`).
fn percent_before(text: &str, at: usize) -> Option<usize> {
    let before = text[..at].trim_end_matches(SPACES);
    PERCENT_BEFORE
        .iter()
        .find(|w| before.ends_with(**w))
        .map(|w| before.len() - w.len())
}

/// Where a `±` right before the number is.
fn plus_minus_before(text: &str, at: usize) -> Option<usize> {
    let before = text[..at].trim_end_matches(SPACES);
    before.ends_with('±').then(|| before.len() - '±'.len_utf8())
}

/// Words joining the two ends of a range: the first end takes the unit of the
/// second (`20 ~ 25 °C`, `từ 2 đến 5 mm`, `10 sampai 20 mm`).
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:~|～|〜|–|—|至|到|to|đến|tới|sampai|hingga|ถึง)\s*$")
        .expect("range pattern is valid")
});

/// Finds the quantities in `text` (language `lang`), in order.
pub fn quantities(text: &str, lang: &str) -> Vec<Quantity> {
    scan(text, lang, None)
}

/// The quantities of a text whose bare numbers are in `unit`: a table cell under a
/// column header `温升/K` or `R_eL/MPa`. Numbers printed with a unit keep theirs.
/// Nothing is implied when `unit` is not a unit.
pub fn quantities_in_unit(text: &str, lang: &str, unit: &str) -> Vec<Quantity> {
    match whole_unit(unit) {
        Some(u) => scan(text, lang, Some(&u)),
        None => quantities(text, lang),
    }
}

fn scan(text: &str, lang: &str, implied: Option<&UnitMatch>) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    // Bare numbers: (index in `out` where they would go, number, raw start).
    let mut bare: Vec<(usize, Number, usize)> = Vec::new();
    let mut resume = 0;
    for mut n in numbers(text, lang) {
        if n.start < resume {
            continue;
        }
        let minus = minus_before(text, n.start);
        // Part of an identifier or a reference: `IPX0`, `PS1`, `60335-1`, `5.2.2`.
        let before = text[..n.start].chars().next_back();
        if minus.is_none()
            && before.is_some_and(|c| continues_word(c) || matches!(c, '-' | '.' | '/' | '_'))
        {
            continue;
        }
        if minus.is_some() {
            n.value = -n.value;
        }
        let deviation = plus_minus_before(text, n.start);
        let percent = percent_before(text, n.start);
        // A signed limit of a deviation (`0～+50 mm`) is printed with its sign.
        let plus = text[..n.start]
            .strip_suffix('+')
            .filter(|b| !b.chars().next_back().is_some_and(char::is_alphanumeric))
            .map(str::len);
        let raw_start = deviation.or(percent).or(plus).or(minus).unwrap_or(n.start);
        let mut unit = unit_at(&text[n.end..]);
        let mut tolerance = None;
        let mut end = n.end;
        if let Some(u) = &unit {
            end += u.len;
        } else if let Some((u, tol, tol_end)) = tolerance_then_unit(text, n.end, lang) {
            // `60 ± 2 K`: the unit printed after the tolerance is the nominal's too.
            tolerance = Some(tol * u.scale);
            end = tol_end;
            unit = Some(u);
        } else if percent.is_some() {
            unit = Some(UnitMatch {
                dimension: D::Percent,
                scale: 1.0,
                offset: 0.0,
                token: text[raw_start..n.start].trim().to_string(),
                symbol: "%".into(),
                len: 0,
            });
        } else if let Some(u) = implied.filter(|_| !n.word && !after_originator(text, n.start)) {
            unit = Some(UnitMatch {
                len: 0,
                ..u.clone()
            });
        }
        // `dua kali`, `two times` count repetitions; only digits make a factor. `第3次`
        // is the third time, not three.
        if n.word && unit.as_ref().is_some_and(|u| u.dimension == D::Ratio) {
            unit = None;
        }
        if unit.as_ref().is_some_and(|u| u.dimension == D::Count)
            && (n.word || text[..raw_start].trim_end().ends_with('第'))
        {
            unit = None;
        }
        let Some(unit) = unit else {
            if !after_originator(text, n.start) {
                bare.push((out.len(), n, raw_start));
            }
            continue;
        };
        if tolerance.is_none()
            && deviation.is_none()
            && let Some((tol, tol_end)) = tolerance_at(text, end, lang, &unit)
        {
            tolerance = Some(tol * unit.scale);
            end = tol_end;
        }
        resume = end;
        out.push(make(
            text,
            n,
            raw_start,
            end,
            &unit,
            tolerance,
            deviation.is_some(),
        ));
    }
    // A bare number that opens a range takes the unit of the range's other end.
    for (index, n, raw_start) in bare.into_iter().rev() {
        let Some(next) = out.get(index) else {
            continue;
        };
        if next.span.0 < n.end || !RANGE.is_match(&text[n.end..next.span.0]) || next.is_deviation()
        {
            continue;
        }
        let Some(unit) = whole_unit(&next.unit) else {
            continue;
        };
        let q = make(text, n, raw_start, n.end, &unit, None, false);
        out.insert(index, q);
    }
    out
}

/// Where a minus sign printed right before a number starts (`-10 °C`, `−5 °C`,
/// `(−20 ± 2) °C`, `nhiệt độ -10 °C`, `温度−40 °C`): a sign when a space, a bracket,
/// a word of a script written without spaces or nothing comes before it, but not after
/// a number (`20 - 30 °C`, `20-30`: a range) nor glued to a word of a spaced script
/// (`60335-1`, `PS-2`: a reference).
fn minus_before(text: &str, at: usize) -> Option<usize> {
    let sign = text[..at].strip_suffix(['-', '−'])?;
    let spaced = sign.ends_with(SPACES);
    let prior = sign.trim_end_matches(SPACES).chars().next_back();
    let range = |c: char| c.is_numeric() || matches!(c, '-' | '−' | '～' | '~' | '—' | '–' | '±');
    let joined = |c: char| super::severity::word_char(c) || matches!(c, '.' | '/' | '_');
    match prior {
        None => Some(sign.len()),
        Some(c) if range(c) || (!spaced && joined(c)) => None,
        Some(_) => Some(sign.len()),
    }
}

/// Whether the number follows a publisher's prefix (`IEC 60990`, `GB/T 1499`): the
/// number of a standard, which no column or range gives a unit.
fn after_originator(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(SPACES);
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_uppercase() || matches!(c, '/' | '.'))
        .collect();
    word.chars().filter(char::is_ascii_uppercase).count() >= 2
}

/// Standard gravity in m/s², the `g` of accelerations.
const STANDARD_GRAVITY: f64 = 9.806_65;

/// Whether the phrase right before a number speaks of an acceleration, so that a
/// `g` after it is the standard gravity (`峰值加速度不应超过300 g`, `peak
/// acceleration … 275 g`, `ความเร่งสูงสุดไม่เกิน 275 g`).
fn acceleration_before(before: &str) -> bool {
    const WORDS: &[&str] = &[
        "加速度",
        "acceleration",
        "ความเร่ง",
        "gia tốc",
        "percepatan",
        "pecutan",
    ];
    let phrase = phrase_before(before).to_lowercase();
    WORDS.iter().any(|w| phrase.contains(w))
}

/// The words before a number that belong to it: a phrase belongs to the nearest
/// number, so it stops at the previous number, line, sentence or cell.
fn phrase_before(before: &str) -> &str {
    before
        .rsplit(|c: char| matches!(c, '\n' | '。' | ';' | '；' | '|') || c.is_ascii_digit())
        .next()
        .unwrap_or("")
}

/// A quantity from a number and its unit.
fn make(
    text: &str,
    n: Number,
    raw_start: usize,
    raw_end: usize,
    unit: &UnitMatch,
    tolerance: Option<f64>,
    deviation: bool,
) -> Quantity {
    // Kelvin below 200 is a temperature rise or a drift, never a test temperature;
    // a deviation is a difference whatever the unit.
    let gravity = unit.token == "g" && acceleration_before(&text[..raw_start]);
    let dimension = match unit.dimension {
        D::Temperature if deviation || (unit.token == "K" && n.value < 200.0) => {
            D::TemperatureDifference
        }
        D::Mass if gravity => D::Acceleration,
        d => d,
    };
    let scale = if gravity {
        STANDARD_GRAVITY
    } else {
        unit.scale
    };
    let (value, tolerance) = if deviation {
        (0.0, Some(n.value * scale))
    } else {
        (
            n.value * scale + unit.offset,
            tolerance.map(|t| t * scale / unit.scale),
        )
    };
    Quantity {
        raw: text[raw_start..raw_end].trim_end().to_string(),
        dimension,
        value,
        tolerance,
        unit: unit.token.clone(),
        symbol: unit.symbol.clone(),
        limit: limit_before(&text[..raw_start]),
        span: (
            raw_start,
            raw_start + text[raw_start..raw_end].trim_end().len(),
        ),
    }
}

/// `± 2 K` right after a bare nominal: the tolerance, its unit and where it ends.
fn tolerance_then_unit(text: &str, at: usize, lang: &str) -> Option<(UnitMatch, f64, usize)> {
    let rest = text[at..].trim_start_matches(SPACES);
    let digits = rest.strip_prefix('±')?.trim_start_matches(SPACES);
    let m = NUMBER.find(digits).filter(|m| m.start() == 0)?;
    let value = parse_number(m.as_str(), lang)?;
    let number_end = text.len() - digits.len() + m.end();
    let unit = unit_at(&text[number_end..])?;
    let end = number_end + unit.len;
    Some((unit, value, end))
}

/// `± 5 °C` after a quantity: the tolerance (in the quantity's unit) and where it ends.
fn tolerance_at(text: &str, at: usize, lang: &str, unit: &UnitMatch) -> Option<(f64, usize)> {
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches(SPACES);
    let after_sign = trimmed.strip_prefix('±')?;
    let digits = after_sign.trim_start_matches(SPACES);
    let m = NUMBER.find(digits).filter(|m| m.start() == 0)?;
    let value = parse_number(m.as_str(), lang)?;
    let mut end = text.len() - digits.len() + m.end();
    let mut tolerance = value;
    if let Some(tol_unit) = unit_at(&text[end..])
        && tol_unit.dimension == unit.dimension
    {
        // A tolerance is a difference: scale it, never offset it (± 2 K = ± 2 °C).
        tolerance = value * tol_unit.scale / unit.scale;
        end += tol_unit.len;
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
    let line = phrase_before(before);
    let start = line.char_indices().rev().nth(24).map_or(0, |(i, _)| i);
    limit_in(&line[start..].to_lowercase())
}

/// The last limit phrase in a lower-cased text.
fn limit_in(window: &str) -> Option<Limit> {
    // (end, length) of the last phrase: the one ending last wins, and of two ending
    // together the longer ("not less than" over the "less than" inside it).
    let last = |words: &[&str]| {
        words
            .iter()
            .filter_map(|w| window.rfind(w).map(|i| (i + w.len(), w.len())))
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
    fn counts_per_volume_and_turbidity_are_units() {
        let q = quantities("菌落总数 ≤ 20 CFU/mL", "zh");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].raw, "20 CFU/mL");
        let r = quantities("maks. 100 CFU/mL", "id");
        assert_eq!(r[0].dimension, q[0].dimension);
        assert!((r[0].value / q[0].value - 5.0).abs() < 1e-9);
        let t = quantities("浑浊度 ≤ 1 NTU", "zh");
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].raw, "1 NTU");
        assert_ne!(t[0].dimension, q[0].dimension);
    }

    #[test]
    fn d_glued_to_its_number_is_a_multiple_of_the_diameter() {
        let dims = |text: &str, lang: &str| -> Vec<(String, Dimension)> {
            quantities(text, lang)
                .into_iter()
                .map(|q| (q.raw, q.dimension))
                .collect()
        };
        assert_eq!(
            dims("HRB400 | 6～25 | 4d", "zh").last().cloned(),
            Some(("4d".to_string(), Dimension::DiameterMultiple))
        );
        assert_eq!(
            dims("抗压强度28 d", "zh"),
            [("28 d".to_string(), Dimension::Time)]
        );
        assert_eq!(
            dims("không vượt quá 85dB", "vi"),
            [("85dB".to_string(), Dimension::SoundLevel)]
        );
    }

    #[test]
    fn g_after_an_acceleration_word_is_the_standard_gravity() {
        let q = quantities(
            "头模的峰值加速度不应超过300 g，加速度超过150 g的时间不应超过4 ms。",
            "zh",
        );
        let g: Vec<(Dimension, f64)> = q.iter().map(|q| (q.dimension, q.value)).collect();
        assert_eq!(g[0].0, Dimension::Acceleration);
        assert!((g[0].1 - 300.0 * 9.806_65).abs() < 1e-6);
        assert_eq!(g[1].0, Dimension::Acceleration);
        // A steel ball's 500 g stays a mass.
        let ball = quantities("A steel ball of mass 500 g is dropped", "en");
        assert_eq!(ball[0].dimension, Dimension::Mass);
    }

    #[test]
    fn units_written_as_words_are_their_symbols() {
        let read = |text: &str, lang: &str| -> (f64, String, Dimension) {
            let q = quantities(text, lang).pop().expect("a quantity");
            (q.value, q.symbol, q.dimension)
        };
        let kg = (1.6, "kg".to_string(), Dimension::Mass);
        assert_eq!(read("มวลต้องไม่เกิน 1.6 กิโลกรัม", "th"), kg);
        assert_eq!(read("质量不应超过1.6公斤。", "zh"), kg);
        assert_eq!(read("berat maksimum 1.6 kilogram", "id"), kg);
        let (v, symbol, d) = read("ความกว้างไม่น้อยกว่า 20 มิลลิเมตร", "th");
        assert!((v - 0.02).abs() < 1e-9 && symbol == "mm" && d == Dimension::Length);
        let (v, symbol, _) = read("试验温度为50摄氏度", "zh");
        assert!((v - 323.15).abs() < 1e-9 && symbol == "°C");
        // A word that only starts like a unit is no unit.
        assert!(
            quantities("3 meterai", "id")
                .iter()
                .all(|q| q.symbol != "m")
        );
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
                "年生产能力200×10⁴ t以上",
                "zh",
                "200×10⁴ t",
                Dimension::Mass,
                2.0e9,
            ),
            (
                "a dose of 1.5 x 10^-3 g",
                "en",
                "1.5 x 10^-3 g",
                Dimension::Mass,
                1.5e-6,
            ),
            ("不大于2×10⁻³ g", "zh", "2×10⁻³ g", Dimension::Mass, 2.0e-6),
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
            ("ในช่วง 0.9 เท่า", "th", "0.9 เท่า", Dimension::Ratio, 0.9),
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
        assert_eq!(raws, ["0.94倍", "1.06倍"]);
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

#[cfg(test)]
mod derived_tests {
    //! Derived and compound units, words for numbers and percentages, ages,
    //! tolerances on their own, and units implied by a column or a range.
    use super::*;

    fn one(text: &str, lang: &str) -> Quantity {
        let q = quantities(text, lang);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        q.into_iter().next().unwrap()
    }

    #[test]
    fn compound_units_compare_by_their_si_value() {
        let same = [
            ("冲击能量为0.08 J", "zh", "năng lượng va đập 80 mJ", "vi"),
            ("R_eL ≥ 400 N/mm²", "en", "kuat luluh minimal 400 MPa", "id"),
            (
                "比表面积不小于300 m²/kg",
                "zh",
                "tidak kurang dari 3 000 cm²/g",
                "id",
            ),
            ("1,2 T²·mm²", "vi", "120 kG²·mm²", "en"),
            ("massa 0,888 kg/m", "id", "0.888 kg/m", "en"),
            ("năng lượng 5 J/m²", "vi", "พลังงาน 0.005 kJ/m²", "th"),
        ];
        for (a, la, b, lb) in same {
            let (qa, qb) = (one(a, la), one(b, lb));
            assert!(qa.same_amount(&qb), "{a} ({qa:?}) vs {b} ({qb:?})");
        }
        assert_eq!(one("80 mJ", "en").symbol, "mJ");
        assert_ne!(one("80 mJ", "en").symbol, one("0.08 J", "en").symbol);
        assert_eq!(one("400 N/mm²", "en").dimension, Dimension::Pressure);
        assert_eq!(one("5 kN·m", "en").dimension, Dimension::Torque);
        assert!(matches!(
            one("5 J/m²", "en").dimension,
            Dimension::Derived(_)
        ));
        // Plain-text exponents from PDFs are the same notation.
        assert_eq!(one("1,5 mm2", "vi").symbol, one("1,5 mm²", "vi").symbol);
        assert!(!one("5 J/m²", "en").same_amount(&one("5 J/m", "en")));
    }

    #[test]
    fn ages_and_months() {
        let three_years = [
            ("3岁以下", "zh"),
            ("3 周岁", "zh"),
            ("dưới 36 tháng tuổi", "vi"),
            ("di bawah 36 bulan", "id"),
            ("umur 3 tahun", "ms"),
            ("อายุต่ำกว่า 3 ปี", "th"),
            ("under 36 months", "en"),
        ];
        let first = one(three_years[0].0, three_years[0].1);
        for (text, lang) in three_years {
            let q = one(text, lang);
            assert!(q.same_amount(&first), "{text}: {q:?}");
        }
        assert_ne!(first.symbol, one("36 bulan", "id").symbol);
    }

    #[test]
    fn percentages_and_numbers_in_words() {
        for (text, lang) in [
            ("相对湿度85%", "zh"),
            ("百分之八十五", "zh"),
            ("百分之85", "zh"),
            ("ความชื้นสัมพัทธ์ร้อยละ 85", "th"),
            ("ร้อยละแปดสิบห้า", "th"),
            ("độ ẩm 85 phần trăm", "vi"),
            ("tám mươi lăm phần trăm", "vi"),
            ("kelembapan 85 persen", "id"),
            ("kelembapan lapan puluh lima peratus", "ms"),
            ("85 per cent relative humidity", "en"),
            ("eighty-five per cent", "en"),
        ] {
            let q = one(text, lang);
            assert_eq!(q.dimension, Dimension::Percent, "{text}");
            assert!(close(q.value, 85.0), "{text}: {q:?}");
            assert_eq!(q.symbol, "%", "{text}");
        }
        for (text, lang, seconds) in [
            ("浸水三小时", "zh", 10_800.0),
            ("ngâm trong ba giờ", "vi", 10_800.0),
            ("direndam selama tiga jam", "id", 10_800.0),
            ("แช่น้ำสามชั่วโมง", "th", 10_800.0),
            ("immersed for three hours", "en", 10_800.0),
            ("trong ba năm", "vi", 3.0 * YEAR),
            ("selama dua puluh lima menit", "id", 1_500.0),
        ] {
            let q = one(text, lang);
            assert!(close(q.value, seconds), "{text}: {q:?}");
        }
        // Number words without a unit, and words that only start like one.
        for (text, lang) in [
            ("one sample shall be tested", "en"),
            ("ผู้ใช้สามารถห้ามใช้ได้", "th"),
            ("satuan ukuran", "id"),
            ("一般要求", "zh"),
            ("三相器具", "zh"),
        ] {
            assert!(
                quantities(text, lang).is_empty(),
                "{text}: {:?}",
                quantities(text, lang)
            );
        }
    }

    #[test]
    fn tolerances_on_their_own_are_deviations() {
        let a = one("直径偏差为± 0.1 mm", "zh");
        let b = one("sai lệch đường kính ± 0,2 mm", "vi");
        assert!(a.is_deviation() && b.is_deviation());
        assert_eq!((a.raw.as_str(), b.raw.as_str()), ("± 0.1 mm", "± 0,2 mm"));
        assert!(!a.same_amount(&b));
        assert!(a.same_amount(&one("± 100 µm", "en")));
        let q = one("60 ± 2 K", "en");
        assert!(close(q.value, 60.0) && close(q.tolerance.unwrap(), 2.0));
        assert!(!q.is_deviation());
        // A deviation of a temperature is a difference, whatever its unit.
        assert_eq!(
            one("± 2 °C", "en").dimension,
            Dimension::TemperatureDifference
        );
    }

    #[test]
    fn units_implied_by_a_column_or_a_range() {
        let q = quantities_in_unit("≤ 60", "zh", "K");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].dimension, Dimension::TemperatureDifference);
        assert_eq!((q[0].raw.as_str(), q[0].limit), ("60", Some(Limit::Max)));
        let q = quantities_in_unit("± 0,2", "vi", "mm");
        assert!(q[0].is_deviation() && close(q[0].tolerance.unwrap(), 0.0002));
        // A printed unit wins over the column's.
        assert_eq!(quantities_in_unit("400 MPa", "en", "N/mm²")[0].unit, "MPa");
        assert!(quantities_in_unit("60", "zh", "温升").is_empty());
        for (text, lang) in [
            ("20 ~ 25 °C", "zh"),
            ("từ 20 đến 25 °C", "vi"),
            ("antara 20 sampai 25 °C", "id"),
            ("20 ถึง 25 °C", "th"),
            ("20 to 25 °C", "en"),
        ] {
            let q = quantities(text, lang);
            let kelvin: Vec<f64> = q.iter().map(|q| q.value).collect();
            assert_eq!(kelvin.len(), 2, "{text}: {q:?}");
            assert!(
                close(kelvin[0], 293.15) && close(kelvin[1], 298.15),
                "{text}"
            );
        }
        // A standard number before a range word is not a range.
        assert_eq!(quantities("IEC 60990 to 5 mA", "en").len(), 1);
    }

    #[test]
    fn not_less_than_is_a_lower_limit_although_less_than_ends_with_it() {
        assert_eq!(one("not less than 2 MΩ", "en").limit, Some(Limit::Min));
        assert_eq!(one("less than 2 MΩ", "en").limit, Some(Limit::Max));
        assert_eq!(one("không nhỏ hơn 2 MΩ", "vi").limit, Some(Limit::Min));
    }

    #[test]
    fn a_minus_sign_makes_a_negative_value_but_a_range_dash_does_not() {
        let cold = one("ở nhiệt độ -10 °C", "vi");
        assert!((cold.value - 263.15).abs() < 1e-9, "{cold:?}");
        assert_eq!(cold.raw, "-10 °C");
        let cold = &quantities("at −5 °C for 2 h", "en")[0];
        assert!((cold.value - 268.15).abs() < 1e-9, "{cold:?}");
        let range = quantities("20 - 30 °C", "en");
        assert!(range.iter().all(|q| q.value > 273.0), "{range:?}");
        // A reference's dash is no sign.
        assert!(quantities("IEC 60335-1", "en").is_empty());
        // Repetitions are counts; an ordinal is not.
        let cycles = one("交替放置，共循环10次。", "zh");
        assert_eq!((cycles.dimension, cycles.value), (Dimension::Count, 10.0));
        let cycles = one("thực hiện 5 chu kỳ", "vi");
        assert_eq!(
            (cycles.raw.as_str(), cycles.dimension),
            ("5 chu kỳ", Dimension::Count)
        );
        assert!(quantities("第3次试验", "zh").is_empty());
        // Chinese writes the sign glued to the word before it.
        let cold = &quantities("在环境温度−40 °C～60 °C下使用", "zh")[0];
        assert_eq!(cold.raw, "−40 °C");
        assert!((cold.value - 233.15).abs() < 1e-9, "{cold:?}");
    }
}
