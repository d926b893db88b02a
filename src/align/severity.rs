//! Which way a changed value moves a requirement. An exporter whose product meets the GB
//! value asks whether the ASEAN value is stricter or looser, and that depends on what the
//! number is: an upper limit (leakage current, chloride: lower is stricter), a lower limit
//! (insulation resistance, strength: higher is stricter) or a condition of a test the
//! product must pass (drop height, test voltage; a cold test is harder when colder). A
//! printed bound decides, then what is measured, then the test words; else "unknown".

use super::units::{Dimension, Limit, Quantity, Signature, limit_of_line};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// What a quantity is, where it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A limit the product must meet: below `Max` (lower is stricter) or above `Min`
    /// (higher is stricter).
    Limit(Limit),
    /// A condition of a test the product must pass: a harder test is stricter.
    TestParameter {
        /// Whether a higher value makes the test harder (a drop height; not a cold test).
        harder_when_higher: bool,
    },
    /// A threshold that says which products or cases the requirement applies to, not
    /// what they must meet: "equipment of 7 kg or more shall not tip over" (`Min`: a
    /// higher threshold spares more products, so it is less strict), "a warning before
    /// the output exceeds 85 dB(A)".
    Scope(Limit),
    /// Nothing says which way (a rated or nominal value, a frequency, a size).
    Unknown,
}

impl Role {
    /// Whether a higher value makes the requirement stricter; `None` when unknown.
    pub fn higher_is_stricter(self) -> Option<bool> {
        match self {
            Role::Limit(Limit::Max) => Some(false),
            Role::Limit(Limit::Min) => Some(true),
            Role::Scope(Limit::Min) => Some(false),
            Role::Scope(Limit::Max) => Some(true),
            Role::TestParameter { harder_when_higher } => Some(harder_when_higher),
            Role::Unknown => None,
        }
    }
}

/// Which way the target's value moves the requirement against the value the product meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// The target asks more: a lower upper limit, a higher lower limit, a harder test,
    /// a narrower tolerance.
    Stricter,
    /// The target asks less.
    LessStrict,
}

impl Direction {
    /// `"stricter"` or `"less-strict"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Stricter => "stricter",
            Direction::LessStrict => "less-strict",
        }
    }
}

/// The role of `q` printed in `context` (the clause heading, a newline, then the sentence
/// or table row the quantity is in) in language `lang` (`zh`, `vi`, `th`, `id`, `ms`,
/// `en`). In order: a bound printed around the number (`不大于`, `at least`, `2 MΩ以上`,
/// `0.75 mA max`); what is measured (`绝缘电阻`, `dòng điện rò`, `kuat tekan`, `初凝`);
/// a bound on a line above (`不应超过下列数值：`); the test vocabulary of the sentence
/// for voltages, times, forces, masses, pressures, energies, angles and temperatures.
/// A rated or nominal value is `Unknown` whatever bound it has (`额定电压不超过250 V` is
/// a scope, not a requirement).
pub fn role(q: &Quantity, context: &str, lang: &str) -> Role {
    if q.is_deviation() {
        // A permitted deviation bounds the size of the deviation.
        return Role::Limit(Limit::Max);
    }
    let text: String = context.nfc().collect();
    let hay = fold(&text);
    let lexicons = lexicons(lang);
    let site = locate(&text, &q.raw);
    let test = is_test(&hay, lexicons);
    let setting = has_word(&hay, SETTING, false);
    let all = term_hits(&hay, lexicons);
    let open: Vec<Hit> = all
        .iter()
        .copied()
        .filter(|h| match h.gate {
            Gate::Always => true,
            Gate::Test => test,
            Gate::Setting => setting,
        })
        .collect();
    let chosen = choose(&open, &hay, site, q.dimension);
    if chosen == Some(Kind::Rated) {
        return Role::Unknown;
    }
    if let Some(limit) = bound(q, &hay, site, &all) {
        if !test && site.is_some_and(|s| before_the_requirement(&text, s, lang)) {
            return Role::Scope(limit);
        }
        return Role::Limit(limit);
    }
    // "Before the output exceeds 85 dB(A), a warning shall be given": the value is
    // where the requirement starts to apply.
    if !test
        && site.is_some_and(|s| after_exceeding(&hay, s) && before_the_requirement(&text, s, lang))
    {
        return Role::Scope(Limit::Min);
    }
    match q.dimension {
        Dimension::Ratio => return ratio_role(q, &hay, site, lexicons, test),
        // More repetitions of a test are the harder test.
        Dimension::Count if test => {
            return Role::TestParameter {
                harder_when_higher: true,
            };
        }
        Dimension::Frequency => return Role::Unknown,
        // A multiple of the bar's diameter without a bound is the mandrel of a bend
        // test: bending round a smaller one is the harder test.
        Dimension::DiameterMultiple => {
            return Role::TestParameter {
                harder_when_higher: false,
            };
        }
        _ => {}
    }
    if let Some(kind) = chosen {
        return kind.role();
    }
    if let Some(limit) = site.and_then(|s| bound_above(&hay, s, &all)) {
        return Role::Limit(limit);
    }
    if test {
        let negative = site.is_some_and(|s| negative_before(&text, s.start));
        return test_default(q, negative);
    }
    Role::Unknown
}

/// Whether the quantity at `site` qualifies what a requirement applies to: its sentence
/// states the requirement (shall, 应, phải, harus, ต้อง …) only after it. A bound read
/// before the requirement word delimits the products or cases concerned ("质量为7 kg或
/// 以上的设备…不应倾倒", "Peralatan dengan massa 10 kg atau lebih tidak boleh …");
/// after it, it is what they must meet ("…不应超过0.75 mA").
fn before_the_requirement(text: &str, site: Site, lang: &str) -> bool {
    // Sentences end at 。；;!? and at a full stop before a space (not `0.5`).
    let ends = |s: &str, i: usize, c: char| {
        matches!(c, '。' | '；' | ';' | '!' | '?' | '\n')
            || (c == '.' && s[i + 1..].starts_with(char::is_whitespace))
    };
    let line = &text[..site.line_end];
    let start = line[site.line_start..site.start]
        .char_indices()
        .rev()
        .find(|&(i, c)| ends(line, site.line_start + i, c))
        .map_or(site.line_start, |(i, c)| site.line_start + i + c.len_utf8());
    let end = line[site.end..]
        .char_indices()
        .find(|&(i, c)| ends(line, site.end + i, c))
        .map_or(site.line_end, |(i, _)| site.end + i);
    let sentence = &text[start..end];
    let at = site.start - start;
    let modals = super::strength::modals(sentence, lang);
    let required = |m: &super::strength::Modal| m.strength != super::strength::Strength::May;
    if !modals.iter().any(required) {
        return false;
    }
    // A permission before the value (`cho phép … không lớn hơn 1 %`) permits up to it.
    let Some(last) = modals.iter().filter(|m| m.at < at).map(|m| m.at).max() else {
        return true;
    };
    // After the requirement word, a clause of condition still qualifies the case:
    // "phải đưa ra cảnh báo … trước khi mức âm thanh vượt quá 80 dB(A)". Unless the
    // sentence judges conformity by it: "shall be deemed sound when the expansion
    // does not exceed 10 mm" states the limit itself.
    let between = fold(&sentence[last..at]);
    let judged = DEEMED
        .iter()
        .any(|w| !occurrences(&between, w, false).is_empty());
    modals.iter().all(required)
        && !judged
        && CONDITION
            .iter()
            .any(|w| !occurrences(&between, w, false).is_empty())
}

/// Words that judge conformity by a condition ("shall be deemed to comply if …",
/// "视为合格", "được coi là đạt", "dianggap memenuhi", "ถือว่าเป็นไปตาม"): the condition is
/// the criterion, not the case the requirement covers.
const DEEMED: &[&str] = &[
    "deemed",
    "considered",
    "regarded",
    "视为",
    "判定为",
    "认为",
    "coi là",
    "xem là",
    "dianggap",
    "ถือว่า",
];

/// Words that open a clause of condition or time ("before the output exceeds …").
const CONDITION: &[&str] = &[
    "before",
    "if",
    "when",
    "之前",
    "如果",
    "当",
    "trước khi",
    "nếu",
    "sebelum",
    "jika",
    "apabila",
    "ก่อน",
    "ถ้า",
    "หาก",
];

/// Verbs of exceeding printed right before a value ("exceeds 85 dB(A)", "超过85 dB(A)"):
/// in a condition they set the threshold above which a requirement applies.
const EXCEEDS: &[&str] = &[
    "exceeds",
    "exceed",
    "超过",
    "高于",
    "vượt quá",
    "melebihi",
    "เกิน",
];

/// Whether a verb of exceeding stands right before the value at `site`.
fn after_exceeding(hay: &str, site: Site) -> bool {
    let ahead = hay[site.line_start..site.start].trim_end();
    EXCEEDS.iter().any(|w| ends_with_word(ahead, w))
}

/// Whether a bare count (a number without a unit: `10 000次`, `50 lần`, `100 รอบ`,
/// `6 kali`, `1 000 siklus`, `5 000 kitaran`, `10 000 cycles`) printed in `context` is
/// a test parameter — a number of cycles, operations, drops or blows, where more is
/// harder — or `Unknown` (a number of samples, of items).
pub fn count_role(context: &str, lang: &str) -> Role {
    let text: String = context.nfc().collect();
    let hay = fold(&text);
    if has_count(&hay, lexicons(lang)) {
        Role::TestParameter {
            harder_when_higher: true,
        }
    } else {
        Role::Unknown
    }
}

/// `q` with the minus sign the number parser does not read (`−10 °C`, `-5 °C`,
/// `零下10 ℃`, `minus 5 °C`) when `context` prints one right before it: a cold-test
/// temperature compares the right way round. Anything else is returned unchanged.
pub fn signed(q: &Quantity, context: &str) -> Quantity {
    let text: String = context.nfc().collect();
    let mut out = q.clone();
    let Some(site) = locate(&text, &q.raw) else {
        return out;
    };
    if !negative_before(&text, site.start) {
        return out;
    }
    out.value = match (q.dimension, q.symbol.as_str()) {
        (Dimension::Temperature, "°C") => 2.0 * CELSIUS_ZERO - q.value,
        // Kelvin is never negative: the sign was something else.
        (Dimension::Temperature, _) => q.value,
        _ => -q.value,
    };
    out
}

/// Direction of a change from `have` (the standard the product meets) to `target`.
/// Each side says whether a higher value is stricter: its role, else its printed bound.
/// If the sides disagree (one a maximum, the other a minimum or a harder-when-higher
/// test) the answer is `None`; one side that knows is enough. Equal amounts compare
/// their tolerances (narrower on the target is stricter). Different dimensions, a
/// deviation against a nominal value, or no change give `None`.
pub fn direction(
    have: &Quantity,
    have_role: Role,
    target: &Quantity,
    target_role: Role,
) -> Option<Direction> {
    if have.dimension != target.dimension || have.is_deviation() != target.is_deviation() {
        return None;
    }
    if !have.value.is_finite() || !target.value.is_finite() {
        return None;
    }
    let side = |q: &Quantity, r: Role| {
        r.higher_is_stricter()
            .or_else(|| q.limit.map(|l| l == Limit::Min))
    };
    let higher = match (side(have, have_role), side(target, target_role)) {
        (Some(a), Some(b)) if a != b => return None,
        (a, b) => a.or(b),
    };
    if close(have.value, target.value) {
        let (h, t) = (have.tolerance?.abs(), target.tolerance?.abs());
        if !h.is_finite() || !t.is_finite() || close(h, t) {
            return None;
        }
        return Some(if t < h {
            Direction::Stricter
        } else {
            Direction::LessStrict
        });
    }
    let up = target.value > have.value;
    Some(if up == higher? {
        Direction::Stricter
    } else {
        Direction::LessStrict
    })
}

/// Which end of a range a value is: `0.94` and `1.06` in "between 0.94 and 1.06
/// times the rated voltage", `5 °C` and `35 °C` in "5 °C to 35 °C".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeEnd {
    /// The smaller bound.
    Low,
    /// The larger bound.
    High,
}

/// The end of a range `q` is, when its line states exactly two values of its
/// dimension and `q` is one of them.
pub fn range_end(q: &Quantity, line: &str, lang: &str) -> Option<RangeEnd> {
    let same: Vec<f64> = crate::align::units::quantities(line, lang)
        .into_iter()
        .filter(|o| o.dimension == q.dimension && !o.is_deviation())
        .map(|o| o.value)
        .collect();
    let [a, b] = same[..] else { return None };
    if close(a, b) {
        return None;
    }
    let (low, high) = (a.min(b), a.max(b));
    if close(q.value, low) {
        Some(RangeEnd::Low)
    } else if close(q.value, high) {
        Some(RangeEnd::High)
    } else {
        None
    }
}

/// Whether a text speaks of a test (`试验`, `diuji`, `thử nghiệm`, `tested` …).
pub fn mentions_test(text: &str, lang: &str) -> bool {
    let text: String = text.nfc().collect();
    is_test(&fold(&text), lexicons(lang))
}

/// The direction of a change to one end of a range: a range of test conditions that
/// widens (its low end lower, its high end higher) is harder to pass; a range of
/// permitted values that widens is easier to meet.
pub fn range_direction(end: RangeEnd, have: f64, target: f64, test: bool) -> Option<Direction> {
    if close(have, target) {
        return None;
    }
    let widens = match end {
        RangeEnd::Low => target < have,
        RangeEnd::High => target > have,
    };
    Some(if widens == test {
        Direction::Stricter
    } else {
        Direction::LessStrict
    })
}

/// 0 °C in kelvin.
const CELSIUS_ZERO: f64 = 273.15;

/// Same amount up to rounding (0.1 %), as `units` compares.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-3 * a.abs().max(b.abs()) + 1e-12
}

/// What a term says about the number it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An upper limit (leakage current, chloride).
    Upper,
    /// A lower limit (insulation resistance, strength).
    Lower,
    /// A test condition, harder when higher (test voltage, drop height).
    Harder,
    /// A test condition, harder when lower (a cold test).
    Colder,
    /// A rated, nominal or ambient value: no direction, whatever bound is printed.
    Rated,
    /// A size or setting with no direction (frequency, diameter, label).
    Neutral,
}

impl Kind {
    fn role(self) -> Role {
        match self {
            Kind::Upper => Role::Limit(Limit::Max),
            Kind::Lower => Role::Limit(Limit::Min),
            Kind::Harder => Role::TestParameter {
                harder_when_higher: true,
            },
            Kind::Colder => Role::TestParameter {
                harder_when_higher: false,
            },
            Kind::Rated | Kind::Neutral => Role::Unknown,
        }
    }

    /// Terms that only describe the number right after them.
    fn short_reach(self) -> bool {
        matches!(self, Kind::Rated | Kind::Neutral)
    }
}

/// When a term counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Always,
    /// Only in a test (`高度` is a drop height in a drop test, a size elsewhere).
    Test,
    /// Only next to a setting-time word (`initial`, `awal`, `bắt đầu`).
    Setting,
}

/// A word naming what is measured.
struct Term {
    word: &'static str,
    kind: Kind,
    /// The dimensions the word can name; empty for any. A `Derived` entry stands for
    /// every derived unit (`m²/kg`, `mg/kg`).
    dims: &'static [Dimension],
    gate: Gate,
}

const fn t(word: &'static str, kind: Kind, dims: &'static [Dimension]) -> Term {
    Term {
        word,
        kind,
        dims,
        gate: Gate::Always,
    }
}

/// A term that counts only in a test.
const fn tt(word: &'static str, kind: Kind, dims: &'static [Dimension]) -> Term {
    Term {
        word,
        kind,
        dims,
        gate: Gate::Test,
    }
}

/// A term that counts only next to a setting-time word.
const fn ts(word: &'static str, kind: Kind, dims: &'static [Dimension]) -> Term {
    Term {
        word,
        kind,
        dims,
        gate: Gate::Setting,
    }
}

use Dimension as D;
use Kind::{Colder as C, Harder as H, Lower as L, Neutral as N, Rated as R, Upper as U};

/// Any derived unit (see [`Term::dims`]).
const DERIVED: Dimension = D::Derived(Signature([0; 5]));
const ANY: &[Dimension] = &[];
const CURRENT: &[Dimension] = &[D::Current];
const RESISTANCE: &[Dimension] = &[D::Resistance];
const HEAT: &[Dimension] = &[D::Temperature, D::TemperatureDifference];
const TEMPERATURE: &[Dimension] = &[D::Temperature];
const LENGTH: &[Dimension] = &[D::Length];
const TIME: &[Dimension] = &[D::Time];
const MASS: &[Dimension] = &[D::Mass];
const FORCE: &[Dimension] = &[D::Force];
const LOAD: &[Dimension] = &[D::Force, D::Mass];
const TORQUE: &[Dimension] = &[D::Torque];
const ENERGY: &[Dimension] = &[D::Energy];
const PRESSURE: &[Dimension] = &[D::Pressure];
const PERCENT: &[Dimension] = &[D::Percent];
const SOUND: &[Dimension] = &[D::SoundLevel];
const DOSE: &[Dimension] = &[D::DoseRate];
/// A content: `%`, `mg/kg`, `mg/L`.
const CONTENT: &[Dimension] = &[D::Percent, DERIVED];
/// A strength or stress: `MPa`, `N/mm²`.
const STRENGTH: &[Dimension] = &[D::Pressure];
/// A specific surface: `m²/kg`, `cm²/g`.
const SURFACE: &[Dimension] = &[DERIVED];
/// An expansion: `%` (autoclave) or `mm` (Le Chatelier).
const EXPANSION: &[Dimension] = &[D::Percent, D::Length];
/// An electric strength test: its voltage and its duration.
const ELECTRIC: &[Dimension] = &[D::Voltage, D::Time];
/// A glow-wire test: its temperature and its application time.
const GLOW: &[Dimension] = &[D::Temperature, D::Time];
/// A humidity treatment: its duration, humidity and temperature.
const HUMID: &[Dimension] = &[D::Time, D::Percent, D::Temperature];
/// What is applied in a test.
const APPLIED: &[Dimension] = &[
    D::Voltage,
    D::Current,
    D::Force,
    D::Torque,
    D::Mass,
    D::Pressure,
    D::Energy,
    D::Time,
];
/// The words of one language.
struct Lexicon {
    /// What is measured, lower-case, longer words win over the words inside them.
    terms: &'static [Term],
    /// Words that make a sentence a test.
    test: &'static [&'static str],
    /// Words for a number of repetitions, anywhere in the text.
    counts: &'static [&'static str],
    /// Words for a number of repetitions only right after a number (`10 000次`, `50 lần`).
    counts_after_number: &'static [&'static str],
    /// Words after `2 kali`, `3 times` that make it a factor of something, not a count.
    factor_after: &'static [&'static str],
    /// English plurals: a word also matches with an `s`.
    plural: bool,
}

const ZH: Lexicon = Lexicon {
    terms: &[
        // Given off, contained: upper limits.
        t("泄漏电流", U, CURRENT),
        t("漏电流", U, CURRENT),
        t("泄露电流", U, CURRENT),
        t("接触电流", U, CURRENT),
        t("保护导体电流", U, CURRENT),
        t("温升", U, HEAT),
        t("表面温度", U, HEAT),
        t("氯离子", U, CONTENT),
        t("氯化物", U, CONTENT),
        t("三氧化硫", U, CONTENT),
        t("硫酸盐", U, CONTENT),
        t("氧化镁", U, CONTENT),
        t("不溶物", U, CONTENT),
        t("烧失量", U, CONTENT),
        t("碱含量", U, CONTENT),
        t("游离氧化钙", U, CONTENT),
        t("碳当量", U, CONTENT),
        t("磷", U, CONTENT),
        t("硫", U, CONTENT),
        t("铅", U, CONTENT),
        t("镉", U, CONTENT),
        t("汞", U, CONTENT),
        t("甲醛", U, CONTENT),
        t("筛余", U, CONTENT),
        t("含水量", U, CONTENT),
        t("含水率", U, CONTENT),
        t("吸水率", U, CONTENT),
        t("膨胀", U, EXPANSION),
        t("安定性", U, EXPANSION),
        t("终凝", U, TIME),
        t("接地电阻", U, RESISTANCE),
        t("噪声", U, SOUND),
        t("噪音", U, SOUND),
        t("声功率级", U, SOUND),
        t("剂量率", U, DOSE),
        t("辐射", U, DOSE),
        // Resisted, withstood: lower limits.
        t("绝缘电阻", L, RESISTANCE),
        t("强度", L, STRENGTH),
        t("屈服点", L, STRENGTH),
        t("伸长率", L, PERCENT),
        t("延伸率", L, PERCENT),
        t("最大力总延伸率", L, PERCENT),
        t("最大力总伸长率", L, PERCENT),
        t("爬电距离", L, LENGTH),
        t("电气间隙", L, LENGTH),
        t("绝缘穿透距离", L, LENGTH),
        t("初凝", L, TIME),
        t("比表面积", L, SURFACE),
        t("绝缘厚度", L, LENGTH),
        t("涂层厚度", L, LENGTH),
        t("镀层厚度", L, LENGTH),
        t("冲击吸收能量", L, ENERGY),
        t("冲击功", L, ENERGY),
        t("最大力", L, FORCE),
        t("寿命", L, TIME),
        // Test conditions.
        t("试验电压", H, ELECTRIC),
        t("电气强度", H, ELECTRIC),
        t("抗电强度", H, ELECTRIC),
        t("介电强度", H, ELECTRIC),
        t("耐压", H, ELECTRIC),
        t("跌落", H, LENGTH),
        t("落下", H, LENGTH),
        tt("高度", H, LENGTH),
        t("灼热丝", H, GLOW),
        t("持续", H, TIME),
        t("历时", H, TIME),
        t("保持", H, TIME),
        t("试验时间", H, TIME),
        t("运行", H, TIME),
        t("施加", H, APPLIED),
        t("推力", H, FORCE),
        tt("拉力", H, FORCE),
        tt("压力", H, &[D::Force, D::Pressure]),
        t("扭矩", H, TORQUE),
        t("力矩", H, TORQUE),
        t("冲击能量", H, ENERGY),
        tt("能量", H, ENERGY),
        tt("质量", H, MASS),
        t("重物", H, MASS),
        t("砝码", H, MASS),
        t("试验压力", H, PRESSURE),
        t("水压", H, PRESSURE),
        t("潮湿", H, HUMID),
        t("湿热", H, HUMID),
        tt("相对湿度", H, PERCENT),
        t("试验电流", H, CURRENT),
        t("高温", H, TEMPERATURE),
        t("耐热", H, TEMPERATURE),
        t("低温", C, TEMPERATURE),
        t("冷冻", C, TEMPERATURE),
        t("寒冷", C, TEMPERATURE),
        t("耐寒", C, TEMPERATURE),
        tt("冷", C, TEMPERATURE),
        // No direction.
        t("额定", R, ANY),
        t("标称", R, ANY),
        t("公称", R, ANY),
        t("环境温度", R, TEMPERATURE),
        t("室温", R, TEMPERATURE),
        t("冷却", N, TEMPERATURE),
        t("频率", N, ANY),
        t("直径", N, ANY),
        t("尺寸", N, ANY),
        t("规格", N, ANY),
        t("字高", N, LENGTH),
        t("字体高度", N, LENGTH),
        t("标签", N, ANY),
    ],
    test: &[
        "试验",
        "测试",
        "施加",
        "跌落",
        "落下",
        "灼热丝",
        "循环",
        "持续",
        "历时",
        "耐压",
        "冲击",
        "承受",
        "浸水",
        "浸泡",
        "潮湿",
        "湿热",
        "老化",
    ],
    counts: &["循环", "次数"],
    counts_after_number: &["次", "下"],
    factor_after: &[],
    plural: false,
};

const EN: Lexicon = Lexicon {
    terms: &[
        t("leakage current", U, CURRENT),
        t("touch current", U, CURRENT),
        t("protective conductor current", U, CURRENT),
        t("temperature rise", U, HEAT),
        t("surface temperature", U, HEAT),
        t("chloride", U, CONTENT),
        t("sulfate", U, CONTENT),
        t("sulphate", U, CONTENT),
        t("sulfur trioxide", U, CONTENT),
        t("sulphur trioxide", U, CONTENT),
        t("magnesium oxide", U, CONTENT),
        t("magnesia", U, CONTENT),
        t("insoluble residue", U, CONTENT),
        t("loss on ignition", U, CONTENT),
        t("alkali", U, CONTENT),
        t("free lime", U, CONTENT),
        t("carbon equivalent", U, CONTENT),
        t("phosphorus", U, CONTENT),
        t("sulfur", U, CONTENT),
        t("sulphur", U, CONTENT),
        t("lead", U, CONTENT),
        t("cadmium", U, CONTENT),
        t("mercury", U, CONTENT),
        t("formaldehyde", U, CONTENT),
        t("residue", U, CONTENT),
        t("moisture", U, CONTENT),
        t("water content", U, CONTENT),
        t("water absorption", U, CONTENT),
        t("expansion", U, EXPANSION),
        t("soundness", U, EXPANSION),
        t("final setting", U, TIME),
        ts("final", U, TIME),
        t("earth resistance", U, RESISTANCE),
        t("earthing resistance", U, RESISTANCE),
        t("earth continuity", U, RESISTANCE),
        t("noise", U, SOUND),
        t("sound power", U, SOUND),
        t("sound pressure", U, SOUND),
        t("dose rate", U, DOSE),
        t("radiation", U, DOSE),
        t("insulation resistance", L, RESISTANCE),
        t("strength", L, STRENGTH),
        t("yield point", L, STRENGTH),
        t("yield stress", L, STRENGTH),
        t("proof stress", L, STRENGTH),
        t("elongation", L, PERCENT),
        t("elongation at maximum force", L, PERCENT),
        t("creepage distance", L, LENGTH),
        t("creepage", L, LENGTH),
        t("clearance", L, LENGTH),
        t("distance through insulation", L, LENGTH),
        t("initial setting", L, TIME),
        ts("initial", L, TIME),
        t("specific surface", L, SURFACE),
        t("fineness", L, SURFACE),
        t("fineness", U, PERCENT),
        t("insulation thickness", L, LENGTH),
        t("thickness of insulation", L, LENGTH),
        t("coating thickness", L, LENGTH),
        t("absorbed energy", L, ENERGY),
        t("breaking force", L, FORCE),
        t("breaking load", L, LOAD),
        t("maximum force", L, FORCE),
        t("service life", L, TIME),
        t("lifetime", L, TIME),
        t("test voltage", H, ELECTRIC),
        t("electric strength", H, ELECTRIC),
        t("dielectric strength", H, ELECTRIC),
        t("withstand voltage", H, ELECTRIC),
        t("drop height", H, LENGTH),
        t("height of fall", H, LENGTH),
        t("dropped from", H, LENGTH),
        t("falls from", H, LENGTH),
        tt("height", H, LENGTH),
        t("glow-wire", H, GLOW),
        t("glow wire", H, GLOW),
        t("for a period of", H, TIME),
        t("duration", H, TIME),
        t("test period", H, TIME),
        t("applied for", H, TIME),
        t("maintained for", H, TIME),
        t("operated for", H, TIME),
        t("operating time", H, TIME),
        t("force", H, FORCE),
        t("torque", H, TORQUE),
        t("impact energy", H, ENERGY),
        tt("energy", H, ENERGY),
        tt("mass", H, MASS),
        tt("weight", H, LOAD),
        t("test pressure", H, PRESSURE),
        t("pressure test", H, PRESSURE),
        tt("pressure", H, PRESSURE),
        t("humidity treatment", H, HUMID),
        t("damp heat", H, HUMID),
        tt("humidity", H, HUMID),
        t("test current", H, CURRENT),
        t("high temperature", H, TEMPERATURE),
        t("high-temperature", H, TEMPERATURE),
        t("dry heat", H, TEMPERATURE),
        t("cold", C, TEMPERATURE),
        t("low temperature", C, TEMPERATURE),
        t("low-temperature", C, TEMPERATURE),
        t("freezing", C, TEMPERATURE),
        t("rated", R, ANY),
        t("nominal", R, ANY),
        t("ambient", R, TEMPERATURE),
        t("room temperature", R, TEMPERATURE),
        t("cooling", N, TEMPERATURE),
        t("frequency", N, ANY),
        t("diameter", N, ANY),
        t("size", N, ANY),
        t("letter height", N, LENGTH),
        t("height of letters", N, LENGTH),
        t("label", N, ANY),
    ],
    test: &[
        "test",
        "tested",
        "testing",
        "applied",
        "dropped",
        "for a period of",
        "cycle",
        "operations",
        "glow-wire",
        "glow wire",
        "subjected to",
        "withstand",
        "impact",
        "immersed",
        "conditioned",
        "conditioning",
        "humidity treatment",
        "damp heat",
    ],
    counts: &[
        "cycle",
        "operations",
        "operating cycle",
        "blows",
        "impacts",
        "strokes",
        "revolutions",
        "insertions",
    ],
    counts_after_number: &["times"],
    factor_after: &["the", "of", "that", "rated", "nominal"],
    plural: true,
};

const VI: Lexicon = Lexicon {
    terms: &[
        t("dòng điện rò", U, CURRENT),
        t("dòng rò", U, CURRENT),
        t("dòng điện chạm", U, CURRENT),
        t("độ tăng nhiệt", U, HEAT),
        t("độ tăng nhiệt độ", U, HEAT),
        t("nhiệt độ bề mặt", U, HEAT),
        t("clorua", U, CONTENT),
        t("ion clo", U, CONTENT),
        t("anhydric sunfuric", U, CONTENT),
        t("anhydrit sunfuric", U, CONTENT),
        t("magie oxit", U, CONTENT),
        t("magiê oxit", U, CONTENT),
        t("cặn không tan", U, CONTENT),
        t("ckt", U, CONTENT),
        t("mất khi nung", U, CONTENT),
        t("mkn", U, CONTENT),
        t("kiềm", U, CONTENT),
        t("vôi tự do", U, CONTENT),
        t("đương lượng cacbon", U, CONTENT),
        t("cacbon tương đương", U, CONTENT),
        t("phốt pho", U, CONTENT),
        t("photpho", U, CONTENT),
        t("lưu huỳnh", U, CONTENT),
        t("chì", U, CONTENT),
        t("cadimi", U, CONTENT),
        t("thủy ngân", U, CONTENT),
        t("thuỷ ngân", U, CONTENT),
        t("formaldehyt", U, CONTENT),
        t("hàm lượng nước", U, CONTENT),
        t("hàm ẩm", U, CONTENT),
        t("độ hút nước", U, CONTENT),
        t("sót sàng", U, CONTENT),
        t("phần còn lại trên sàng", U, CONTENT),
        t("độ nở", U, EXPANSION),
        t("độ ổn định thể tích", U, EXPANSION),
        t("kết thúc đông kết", U, TIME),
        ts("kết thúc", U, TIME),
        t("điện trở nối đất", U, RESISTANCE),
        t("điện trở tiếp đất", U, RESISTANCE),
        t("tiếng ồn", U, SOUND),
        t("độ ồn", U, SOUND),
        t("suất liều", U, DOSE),
        t("điện trở cách điện", L, RESISTANCE),
        t("cường độ", L, STRENGTH),
        t("độ bền", L, STRENGTH),
        t("giới hạn chảy", L, STRENGTH),
        t("giới hạn bền", L, STRENGTH),
        t("độ giãn dài", L, PERCENT),
        t("độ dãn dài", L, PERCENT),
        t("chiều dài đường rò", L, LENGTH),
        t("khoảng cách đường rò", L, LENGTH),
        t("đường rò", L, LENGTH),
        t("khe hở không khí", L, LENGTH),
        t("khe hở", L, LENGTH),
        t("khoảng cách qua cách điện", L, LENGTH),
        t("bắt đầu đông kết", L, TIME),
        ts("bắt đầu", L, TIME),
        t("bề mặt riêng", L, SURFACE),
        t("độ mịn", L, SURFACE),
        t("độ mịn", U, PERCENT),
        t("chiều dày cách điện", L, LENGTH),
        t("độ dày cách điện", L, LENGTH),
        t("chiều dày lớp phủ", L, LENGTH),
        t("năng lượng hấp thụ", L, ENERGY),
        t("năng lượng va đập hấp thụ", L, ENERGY),
        t("lực kéo đứt", L, FORCE),
        t("tuổi thọ", L, TIME),
        t("điện áp thử", H, ELECTRIC),
        t("điện áp thử nghiệm", H, ELECTRIC),
        t("độ bền điện", H, ELECTRIC),
        t("độ bền điện môi", H, ELECTRIC),
        t("điện áp chịu thử", H, ELECTRIC),
        t("chiều cao rơi", H, LENGTH),
        t("độ cao rơi", H, LENGTH),
        t("rơi từ", H, LENGTH),
        t("thả rơi", H, LENGTH),
        t("rơi", H, LENGTH),
        tt("độ cao", H, LENGTH),
        tt("chiều cao", H, LENGTH),
        t("dây nóng đỏ", H, GLOW),
        t("sợi dây nóng đỏ", H, GLOW),
        t("trong thời gian", H, TIME),
        t("trong khoảng thời gian", H, TIME),
        t("thời gian thử", H, TIME),
        t("thời gian thử nghiệm", H, TIME),
        t("duy trì", H, TIME),
        t("vận hành", H, TIME),
        t("đặt vào", H, APPLIED),
        t("lực", H, FORCE),
        t("mômen xoắn", H, TORQUE),
        t("mô men xoắn", H, TORQUE),
        t("mômen", H, TORQUE),
        t("mô men", H, TORQUE),
        t("năng lượng va đập", H, ENERGY),
        tt("năng lượng", H, ENERGY),
        tt("khối lượng", H, MASS),
        t("quả nặng", H, LOAD),
        t("vật nặng", H, LOAD),
        t("áp suất thử", H, PRESSURE),
        t("áp lực thử", H, PRESSURE),
        tt("áp suất", H, PRESSURE),
        t("xử lý ẩm", H, HUMID),
        t("nóng ẩm", H, HUMID),
        tt("độ ẩm tương đối", H, PERCENT),
        t("dòng điện thử", H, CURRENT),
        t("dòng điện thử nghiệm", H, CURRENT),
        t("nhiệt độ cao", H, TEMPERATURE),
        t("nhiệt độ thấp", C, TEMPERATURE),
        t("lạnh", C, TEMPERATURE),
        t("đông lạnh", C, TEMPERATURE),
        t("danh định", R, ANY),
        t("định mức", R, ANY),
        t("danh nghĩa", R, ANY),
        t("nhiệt độ môi trường", R, TEMPERATURE),
        t("nhiệt độ phòng", R, TEMPERATURE),
        t("nhiệt độ xung quanh", R, TEMPERATURE),
        t("làm mát", N, TEMPERATURE),
        t("làm nguội", N, TEMPERATURE),
        t("tần số", N, ANY),
        t("đường kính", N, ANY),
        t("kích thước", N, ANY),
        t("nhãn", N, ANY),
        t("chiều cao chữ", N, LENGTH),
    ],
    test: &[
        "thử nghiệm",
        "thử",
        "đặt vào",
        "rơi",
        "chu kỳ",
        "chu trình",
        "dây nóng đỏ",
        "trong thời gian",
        "chịu được",
        "va đập",
        "ngâm",
        "xử lý ẩm",
        "nóng ẩm",
    ],
    counts: &["chu kỳ", "chu trình", "thao tác"],
    counts_after_number: &["lần"],
    factor_after: &[
        "điện áp",
        "dòng điện",
        "giá trị",
        "định mức",
        "danh định",
        "khối lượng",
        "trọng lượng",
        "lực",
        "công suất",
    ],
    plural: false,
};

/// Indonesian (SNI); Malay shares most of it.
const ID: Lexicon = Lexicon {
    terms: &[
        t("arus bocor", U, CURRENT),
        t("arus sentuh", U, CURRENT),
        t("kenaikan suhu", U, HEAT),
        t("kenaikan temperatur", U, HEAT),
        t("suhu permukaan", U, HEAT),
        t("klorida", U, CONTENT),
        t("sulfur trioksida", U, CONTENT),
        t("belerang trioksida", U, CONTENT),
        t("magnesium oksida", U, CONTENT),
        t("bagian tak larut", U, CONTENT),
        t("bagian tidak larut", U, CONTENT),
        t("residu tak larut", U, CONTENT),
        t("hilang pijar", U, CONTENT),
        t("alkali", U, CONTENT),
        t("kapur bebas", U, CONTENT),
        t("karbon ekuivalen", U, CONTENT),
        t("ekuivalen karbon", U, CONTENT),
        t("fosfor", U, CONTENT),
        t("belerang", U, CONTENT),
        t("sulfur", U, CONTENT),
        t("timbal", U, CONTENT),
        t("kadmium", U, CONTENT),
        t("merkuri", U, CONTENT),
        t("raksa", U, CONTENT),
        t("formaldehida", U, CONTENT),
        t("kadar air", U, CONTENT),
        t("penyerapan air", U, CONTENT),
        t("daya serap air", U, CONTENT),
        t("sisa ayakan", U, CONTENT),
        t("sisa saringan", U, CONTENT),
        t("pemuaian", U, EXPANSION),
        t("ekspansi", U, EXPANSION),
        t("kekekalan bentuk", U, EXPANSION),
        t("pengikatan akhir", U, TIME),
        ts("akhir", U, TIME),
        t("resistans pembumian", U, RESISTANCE),
        t("resistansi pembumian", U, RESISTANCE),
        t("tahanan pembumian", U, RESISTANCE),
        t("kebisingan", U, SOUND),
        t("laju dosis", U, DOSE),
        t("resistans isolasi", L, RESISTANCE),
        t("resistansi isolasi", L, RESISTANCE),
        t("tahanan isolasi", L, RESISTANCE),
        t("kuat tekan", L, STRENGTH),
        t("kuat lentur", L, STRENGTH),
        t("kuat tarik", L, STRENGTH),
        t("kuat leleh", L, STRENGTH),
        t("kuat luluh", L, STRENGTH),
        t("kekuatan tarik", L, STRENGTH),
        t("kekuatan tekan", L, STRENGTH),
        t("kekuatan luluh", L, STRENGTH),
        t("tegangan leleh", L, STRENGTH),
        t("tegangan luluh", L, STRENGTH),
        t("regangan", L, PERCENT),
        t("regangan pada gaya maksimum", L, PERCENT),
        t("pemuluran", L, PERCENT),
        t("perpanjangan", L, PERCENT),
        t("jarak rambat", L, LENGTH),
        t("jarak bebas", L, LENGTH),
        t("jarak tembus isolasi", L, LENGTH),
        t("pengikatan awal", L, TIME),
        ts("awal", L, TIME),
        t("luas permukaan spesifik", L, SURFACE),
        t("permukaan spesifik", L, SURFACE),
        t("kehalusan", L, SURFACE),
        t("kehalusan", U, PERCENT),
        t("tebal isolasi", L, LENGTH),
        t("ketebalan isolasi", L, LENGTH),
        t("tebal lapisan", L, LENGTH),
        t("energi serap", L, ENERGY),
        t("energi yang diserap", L, ENERGY),
        t("umur pakai", L, TIME),
        t("masa pakai", L, TIME),
        t("tegangan uji", H, ELECTRIC),
        t("tegangan pengujian", H, ELECTRIC),
        t("kekuatan listrik", H, ELECTRIC),
        t("kekuatan dielektrik", H, ELECTRIC),
        t("tinggi jatuh", H, LENGTH),
        t("ketinggian jatuh", H, LENGTH),
        tt("ketinggian", H, LENGTH),
        tt("tinggi", H, LENGTH),
        t("dijatuhkan", H, LENGTH),
        t("jatuh", H, LENGTH),
        t("kawat pijar", H, GLOW),
        t("selama", H, TIME),
        t("waktu uji", H, TIME),
        t("lama pengujian", H, TIME),
        t("durasi", H, TIME),
        t("dioperasikan", H, TIME),
        t("diterapkan", H, APPLIED),
        t("dikenakan", H, APPLIED),
        t("gaya", H, FORCE),
        t("torsi", H, TORQUE),
        t("momen puntir", H, TORQUE),
        t("energi tumbukan", H, ENERGY),
        t("energi impak", H, ENERGY),
        tt("energi", H, ENERGY),
        tt("massa", H, MASS),
        tt("beban", H, LOAD),
        t("tekanan uji", H, PRESSURE),
        t("tekanan pengujian", H, PRESSURE),
        tt("tekanan", H, PRESSURE),
        t("perlakuan kelembapan", H, HUMID),
        t("perlakuan kelembaban", H, HUMID),
        tt("kelembapan", H, HUMID),
        tt("kelembaban", H, HUMID),
        t("arus uji", H, CURRENT),
        t("suhu tinggi", H, TEMPERATURE),
        t("suhu rendah", C, TEMPERATURE),
        t("dingin", C, TEMPERATURE),
        t("pengenal", R, ANY),
        t("nominal", R, ANY),
        t("suhu ruang", R, TEMPERATURE),
        t("suhu kamar", R, TEMPERATURE),
        t("suhu sekitar", R, TEMPERATURE),
        t("suhu lingkungan", R, TEMPERATURE),
        t("pendinginan", N, TEMPERATURE),
        t("frekuensi", N, ANY),
        t("diameter", N, ANY),
        t("ukuran", N, ANY),
        t("label", N, ANY),
        t("tinggi huruf", N, LENGTH),
    ],
    test: &[
        "uji",
        "pengujian",
        "diuji",
        "menguji",
        "diterapkan",
        "dijatuhkan",
        "siklus",
        "kawat pijar",
        "selama",
        "tumbukan",
        "impak",
        "direndam",
        "perlakuan kelembapan",
        "perlakuan kelembaban",
    ],
    counts: &["siklus", "operasi"],
    counts_after_number: &["kali"],
    factor_after: &[
        "tegangan", "arus", "nilai", "pengenal", "nominal", "beban", "berat", "massa", "daya",
    ],
    plural: false,
};

/// Malay (MS) words that Indonesian does not use.
const MS: Lexicon = Lexicon {
    terms: &[
        t("baki tak larut", U, CONTENT),
        t("kehilangan pada pencucuhan", U, CONTENT),
        t("plumbum", U, CONTENT),
        t("formaldehid", U, CONTENT),
        t("kandungan air", U, CONTENT),
        t("kandungan lembapan", U, CONTENT),
        t("pemejalan akhir", U, TIME),
        t("rintangan pembumian", U, RESISTANCE),
        t("kadar dos", U, DOSE),
        t("rintangan penebatan", L, RESISTANCE),
        t("rintangan penebat", L, RESISTANCE),
        t("kekuatan mampatan", L, STRENGTH),
        t("kekuatan lenturan", L, STRENGTH),
        t("kekuatan tegangan", L, STRENGTH),
        t("kekuatan alah", L, STRENGTH),
        t("tegasan alah", L, STRENGTH),
        t("pemanjangan", L, PERCENT),
        t("jarak rayapan", L, LENGTH),
        t("kelegaan", L, LENGTH),
        t("pemejalan awal", L, TIME),
        t("luas permukaan tentu", L, SURFACE),
        t("ketebalan penebat", L, LENGTH),
        t("hayat", L, TIME),
        t("voltan ujian", H, ELECTRIC),
        t("kekuatan elektrik", H, ELECTRIC),
        t("dawai pijar", H, GLOW),
        tt("tempoh", H, TIME),
        t("tempoh ujian", H, TIME),
        t("dikendalikan", H, TIME),
        t("daya", H, FORCE),
        t("tork", H, TORQUE),
        t("tenaga hentaman", H, ENERGY),
        tt("tenaga", H, ENERGY),
        tt("jisim", H, MASS),
        t("tekanan ujian", H, PRESSURE),
        t("rawatan kelembapan", H, HUMID),
        t("arus ujian", H, CURRENT),
        t("suhu tinggi", H, TEMPERATURE),
        t("sejuk", C, TEMPERATURE),
        t("berkadar", R, ANY),
        t("suhu ambien", R, TEMPERATURE),
        t("suhu bilik", R, TEMPERATURE),
        t("penyejukan", N, TEMPERATURE),
        t("garis pusat", N, ANY),
        t("saiz", N, ANY),
    ],
    test: &[
        "ujian",
        "diuji",
        "dikenakan",
        "dijatuhkan",
        "kitaran",
        "dawai pijar",
        "selama",
        "hentaman",
        "direndam",
        "rawatan kelembapan",
    ],
    counts: &["kitaran", "operasi", "pusingan"],
    counts_after_number: &["kali"],
    factor_after: &[
        "voltan", "arus", "nilai", "berkadar", "beban", "berat", "jisim",
    ],
    plural: false,
};

const TH: Lexicon = Lexicon {
    terms: &[
        t("กระแสรั่ว", U, CURRENT),
        t("กระแสรั่วไหล", U, CURRENT),
        t("กระแสไฟฟ้ารั่ว", U, CURRENT),
        t("กระแสสัมผัส", U, CURRENT),
        t("อุณหภูมิที่เพิ่มขึ้น", U, HEAT),
        t("อุณหภูมิเพิ่มขึ้น", U, HEAT),
        t("การเพิ่มขึ้นของอุณหภูมิ", U, HEAT),
        t("ความร้อนที่เพิ่มขึ้น", U, HEAT),
        t("อุณหภูมิผิว", U, HEAT),
        t("คลอไรด์", U, CONTENT),
        t("ซัลเฟอร์ไตรออกไซด์", U, CONTENT),
        t("แมกนีเซียมออกไซด์", U, CONTENT),
        t("กากที่ไม่ละลาย", U, CONTENT),
        t("ส่วนที่ไม่ละลาย", U, CONTENT),
        t("สูญเสียน้ำหนักเนื่องจากการเผา", U, CONTENT),
        t("สูญเสียเนื่องจากการเผา", U, CONTENT),
        t("ปูนขาวอิสระ", U, CONTENT),
        t("คาร์บอนสมมูล", U, CONTENT),
        t("ฟอสฟอรัส", U, CONTENT),
        t("กำมะถัน", U, CONTENT),
        t("ตะกั่ว", U, CONTENT),
        t("แคดเมียม", U, CONTENT),
        t("ปรอท", U, CONTENT),
        t("ฟอร์มาลดีไฮด์", U, CONTENT),
        t("ปริมาณความชื้น", U, CONTENT),
        t("การดูดซึมน้ำ", U, CONTENT),
        t("การขยายตัว", U, EXPANSION),
        t("ระยะปลาย", U, TIME),
        ts("สุดท้าย", U, TIME),
        t("ความต้านทานการต่อลงดิน", U, RESISTANCE),
        t("ความต้านทานของการต่อลงดิน", U, RESISTANCE),
        t("เสียงรบกวน", U, SOUND),
        t("อัตราปริมาณรังสี", U, DOSE),
        t("ความต้านทานฉนวน", L, RESISTANCE),
        t("ความต้านทานของฉนวน", L, RESISTANCE),
        t("กำลังอัด", L, STRENGTH),
        t("กำลังดัด", L, STRENGTH),
        t("กำลังรับแรงดึง", L, STRENGTH),
        t("ความต้านแรงอัด", L, STRENGTH),
        t("ความต้านแรงดึง", L, STRENGTH),
        t("ความต้านแรงดัด", L, STRENGTH),
        t("จุดคราก", L, STRENGTH),
        t("ความเค้นพิสูจน์", L, STRENGTH),
        t("ความยืด", L, PERCENT),
        t("การยืด", L, PERCENT),
        t("ระยะห่างตามผิว", L, LENGTH),
        t("ระยะตามผิว", L, LENGTH),
        t("ระยะห่างในอากาศ", L, LENGTH),
        t("ช่องว่างอากาศ", L, LENGTH),
        t("ระยะต้น", L, TIME),
        ts("เริ่มต้น", L, TIME),
        t("พื้นที่ผิวจำเพาะ", L, SURFACE),
        t("ความละเอียด", L, SURFACE),
        t("ความละเอียด", U, PERCENT),
        t("ความหนาฉนวน", L, LENGTH),
        t("ความหนาของฉนวน", L, LENGTH),
        t("พลังงานที่ดูดซับ", L, ENERGY),
        t("อายุการใช้งาน", L, TIME),
        t("แรงดันไฟฟ้าทดสอบ", H, ELECTRIC),
        t("แรงดันทดสอบ", H, ELECTRIC),
        t("ความทนทานต่อแรงดันไฟฟ้า", H, ELECTRIC),
        t("ความคงทนต่อแรงดันไฟฟ้า", H, ELECTRIC),
        t("ความทนทานทางไฟฟ้า", H, ELECTRIC),
        t("ความคงทนทางไฟฟ้า", H, ELECTRIC),
        t("ความแข็งแรงทางไฟฟ้า", H, ELECTRIC),
        t("ความสูงที่ตก", H, LENGTH),
        t("ความสูงในการตก", H, LENGTH),
        tt("ความสูง", H, LENGTH),
        t("ปล่อยให้ตก", H, LENGTH),
        t("ตกจาก", H, LENGTH),
        t("ลวดร้อน", H, GLOW),
        t("ลวดร้อนแดง", H, GLOW),
        t("เป็นเวลา", H, TIME),
        t("ระยะเวลา", H, TIME),
        t("ทำงาน", H, TIME),
        t("เดินเครื่อง", H, TIME),
        t("แรง", H, FORCE),
        t("แรงบิด", H, TORQUE),
        t("โมเมนต์บิด", H, TORQUE),
        t("พลังงานกระแทก", H, ENERGY),
        tt("พลังงาน", H, ENERGY),
        tt("มวล", H, MASS),
        t("ตุ้มน้ำหนัก", H, LOAD),
        t("ความดันทดสอบ", H, PRESSURE),
        tt("ความดัน", H, PRESSURE),
        t("การปรับสภาพความชื้น", H, HUMID),
        tt("ความชื้นสัมพัทธ์", H, PERCENT),
        t("กระแสทดสอบ", H, CURRENT),
        t("อุณหภูมิสูง", H, TEMPERATURE),
        t("อุณหภูมิต่ำ", C, TEMPERATURE),
        tt("เย็น", C, TEMPERATURE),
        t("พิกัด", R, ANY),
        t("แรงดันไฟฟ้าที่กำหนด", R, ANY),
        t("แรงดันที่กำหนด", R, ANY),
        t("กระแสไฟฟ้าที่กำหนด", R, ANY),
        t("กำลังไฟฟ้าที่กำหนด", R, ANY),
        t("ความถี่ที่กำหนด", R, ANY),
        t("ค่าระบุ", R, ANY),
        t("ขนาดระบุ", R, ANY),
        t("อุณหภูมิโดยรอบ", R, TEMPERATURE),
        t("อุณหภูมิห้อง", R, TEMPERATURE),
        t("ทำให้เย็น", N, TEMPERATURE),
        t("ความถี่", N, ANY),
        t("เส้นผ่านศูนย์กลาง", N, ANY),
        t("ขนาด", N, ANY),
        t("ฉลาก", N, ANY),
    ],
    test: &[
        "ทดสอบ",
        "ปล่อยให้ตก",
        "ตกจาก",
        "ลวดร้อน",
        "เป็นเวลา",
        "ให้แรง",
        "จ่ายแรงดัน",
        "ทนต่อ",
        "กระแทก",
        "แช่",
        "วัฏจักร",
        "การปรับสภาพความชื้น",
    ],
    counts: &["วัฏจักร", "รอบการทำงาน"],
    counts_after_number: &["รอบ", "ครั้ง"],
    factor_after: &[],
    plural: false,
};

/// Chemical and material symbols, in every language.
const SYMBOLS: Lexicon = Lexicon {
    terms: &[
        t("so3", U, CONTENT),
        t("so₃", U, CONTENT),
        t("mgo", U, CONTENT),
        t("cl⁻", U, CONTENT),
        t("cl-", U, CONTENT),
        t("na2o", U, CONTENT),
        t("na₂o", U, CONTENT),
        t("na2oeq", U, CONTENT),
        t("f-cao", U, CONTENT),
        t("ceq", U, CONTENT),
        t("cev", U, CONTENT),
        t("rel", L, STRENGTH),
        t("reh", L, STRENGTH),
        t("r_el", L, STRENGTH),
        t("r_eh", L, STRENGTH),
        t("rm", L, STRENGTH),
        t("r_m", L, STRENGTH),
        t("rp0.2", L, STRENGTH),
        t("rp0,2", L, STRENGTH),
        t("agt", L, PERCENT),
        t("a_gt", L, PERCENT),
    ],
    test: &[],
    counts: &[],
    counts_after_number: &[],
    factor_after: &[],
    plural: false,
};

/// The lexicons read for a language: its own, English (quoted in every corpus) and
/// the symbols; all of them for an unknown language.
fn lexicons(lang: &str) -> &'static [&'static Lexicon] {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "zh" => &[&ZH, &EN, &SYMBOLS],
        "vi" => &[&VI, &EN, &SYMBOLS],
        "th" => &[&TH, &EN, &SYMBOLS],
        "id" | "ms" => &[&ID, &MS, &EN, &SYMBOLS],
        "en" => &[&EN, &SYMBOLS],
        _ => &[&ZH, &VI, &TH, &ID, &MS, &EN, &SYMBOLS],
    }
}

/// Setting-time words: with one of them, `initial`/`awal`/`bắt đầu` name a setting time.
const SETTING: &[&str] = &[
    "凝结",
    "初凝",
    "终凝",
    "setting",
    "đông kết",
    "ninh kết",
    "pengikatan",
    "pemejalan",
    "pengerasan",
    "ก่อตัว",
];

/// Words right before a number that make it an upper limit on a time or a distance
/// (`within 5 s`, `trong vòng 5 giây`, `dalam waktu 5 detik`, `ภายใน 5 วินาที`).
const WITHIN: &[&str] = &[
    "within",
    "trong vòng",
    "dalam waktu",
    "dalam jangka waktu",
    "dalam tempoh",
    "dalam masa",
    "ภายใน",
    "ภายในเวลา",
];

/// Words right after a number that make it an upper limit.
const AFTER_MAX: &[&str] = &[
    "以下",
    "及以下",
    "或以下",
    "以内",
    "之内",
    "内",
    "max",
    "max.",
    "maximum",
    "or less",
    "or lower",
    "or below",
    "and below",
    "tối đa",
    "trở xuống",
    "hoặc nhỏ hơn",
    "maks",
    "maks.",
    "maksimum",
    "atau kurang",
    "หรือน้อยกว่า",
    "หรือต่ำกว่า",
    "ลงมา",
    "สูงสุด",
];

/// Words right after a number that make it a lower limit.
const AFTER_MIN: &[&str] = &[
    "以上",
    "及以上",
    "或以上",
    "min",
    "min.",
    "minimum",
    "or more",
    "or greater",
    "or higher",
    "or above",
    "and above",
    "tối thiểu",
    "trở lên",
    "hoặc lớn hơn",
    "minimal",
    "atau lebih",
    "หรือมากกว่า",
    "หรือสูงกว่า",
    "ขึ้นไป",
    "ต่ำสุด",
];

/// Words for a minus sign right before a number.
const MINUS_WORDS: &[&str] = &["零下", "minus", "âm", "ลบ"];

/// Bound phrases that `units` reads the wrong way round or not at all, rewritten to
/// a phrase it reads (`not less than` contains its `less than`).
const REWRITES: &[(&str, &str)] = &[
    ("not less than", "at least"),
    ("no less than", "at least"),
    ("not lower than", "at least"),
    ("no lower than", "at least"),
    ("not smaller than", "at least"),
    ("no more than", "not more than"),
    ("not higher than", "not more than"),
    ("no higher than", "not more than"),
    ("no greater than", "not more than"),
];

/// Scripts written without spaces: a word may start and end anywhere.
pub(super) fn unspaced(c: char) -> bool {
    ('\u{0E00}'..='\u{0EFF}').contains(&c) || c >= '\u{2E80}'
}

/// A letter or digit that continues a word of a spaced script.
pub(super) fn word_char(c: char) -> bool {
    c.is_alphanumeric() && !unspaced(c)
}

/// Lower case with every byte offset kept: a character whose lower case has another
/// length stays as it is.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Where `word` occurs in `hay` as a word: spaced-script words need a boundary on
/// each side where they start or end with a letter (and may take a plural `s`).
fn occurrences(hay: &str, word: &str, plural: bool) -> Vec<(usize, usize)> {
    let (Some(first), Some(last)) = (word.chars().next(), word.chars().next_back()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, _) in hay.match_indices(word) {
        let mut end = i + word.len();
        if word_char(first) && hay[..i].chars().next_back().is_some_and(word_char) {
            continue;
        }
        if word_char(last) {
            let mut next = hay[end..].chars().next();
            if plural && next == Some('s') && !hay[end + 1..].chars().next().is_some_and(word_char)
            {
                end += 1;
                next = None;
            }
            if next.is_some_and(word_char) {
                continue;
            }
        }
        out.push((i, end));
    }
    out
}

/// Whether any of `words` occurs in `hay` as a word.
fn has_word(hay: &str, words: &[&str], plural: bool) -> bool {
    words
        .iter()
        .any(|w| !occurrences(hay, w, plural).is_empty())
}

/// Whether the text describes a test: a test word, or a number of repetitions.
fn is_test(hay: &str, lexicons: &[&Lexicon]) -> bool {
    lexicons.iter().any(|l| has_word(hay, l.test, l.plural)) || has_count(hay, lexicons)
}

/// Whether the text counts repetitions: `cycles`, `循环`, or `次`/`lần`/`kali`/`รอบ`
/// right after a whole number.
fn has_count(hay: &str, lexicons: &[&Lexicon]) -> bool {
    lexicons.iter().any(|l| {
        has_word(hay, l.counts, l.plural)
            || l.counts_after_number.iter().any(|w| {
                occurrences(hay, w, l.plural)
                    .into_iter()
                    .any(|(start, _)| after_whole_number(&hay[..start]))
            })
    })
}

/// Whether `before` ends with a whole number (`10 000`, `50`, `十`), not a factor
/// (`1,5`).
fn after_whole_number(before: &str) -> bool {
    let trimmed = before.trim_end();
    let Some(last) = trimmed.chars().next_back() else {
        return false;
    };
    if "一二三四五六七八九十百千万两".contains(last) {
        return true;
    }
    if !last.is_numeric() {
        return false;
    }
    // The digits and separators of the number: a decimal part of one or two digits
    // is a factor (`1,5 lần`), three are thousands (`1.000 lần`).
    let number: String = trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_numeric() || matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let number = number.trim();
    match number.rfind(['.', ',']) {
        Some(i) => number[i + 1..].chars().count() >= 3,
        None => true,
    }
}

/// A term found in the text.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    kind: Kind,
    dims: &'static [Dimension],
    gate: Gate,
}

impl Hit {
    fn fits(&self, d: Dimension) -> bool {
        self.dims.is_empty()
            || self.dims.contains(&d)
            || (matches!(d, D::Derived(_)) && self.dims.iter().any(|x| matches!(x, D::Derived(_))))
    }
}

/// The terms of every lexicon found in `hay`, without those inside a longer term
/// (`强度` inside `电气强度`, `less` inside nothing here).
fn term_hits(hay: &str, lexicons: &[&Lexicon]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for lexicon in lexicons {
        for term in lexicon.terms {
            for (start, end) in occurrences(hay, term.word, lexicon.plural) {
                hits.push(Hit {
                    start,
                    end,
                    kind: term.kind,
                    dims: term.dims,
                    gate: term.gate,
                });
            }
        }
    }
    let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
    hits.retain(|h| {
        !spans
            .iter()
            .any(|&(s, e)| s <= h.start && h.end <= e && e - s > h.end - h.start)
    });
    hits
}

/// Where the quantity is printed: its bytes and its line.
#[derive(Debug, Clone, Copy)]
struct Site {
    start: usize,
    end: usize,
    line_start: usize,
    line_end: usize,
}

/// Finds `raw` in `text` as a whole number with its unit (not the `6` of `60335`),
/// preferring the lines after the heading.
fn locate(text: &str, raw: &str) -> Option<Site> {
    let raw: String = raw.nfc().collect();
    let raw = raw.trim();
    let first = raw.chars().next()?;
    let last = raw.chars().next_back()?;
    let whole = |i: usize| {
        let before = text[..i].chars().next_back();
        let after = &text[i + raw.len()..];
        let mut next = after.chars();
        let ok_before = !(first.is_numeric() || word_char(first))
            || !before.is_some_and(|c| c.is_numeric() || word_char(c));
        let ok_after = if last.is_numeric() {
            match (next.next(), next.next()) {
                (Some(c), _) if c.is_numeric() => false,
                (Some('.' | ','), Some(d)) if d.is_numeric() => false,
                _ => true,
            }
        } else {
            !word_char(last) || !after.chars().next().is_some_and(word_char)
        };
        ok_before && ok_after
    };
    let body = text.find('\n').map_or(0, |i| i + 1);
    let start = text[body..]
        .match_indices(raw)
        .map(|(i, _)| body + i)
        .find(|&i| whole(i))
        .or_else(|| text.match_indices(raw).map(|(i, _)| i).find(|&i| whole(i)))?;
    let end = start + raw.len();
    Some(Site {
        start,
        end,
        line_start: text[..start].rfind('\n').map_or(0, |i| i + 1),
        line_end: text[end..].find('\n').map_or(text.len(), |i| end + i),
    })
}

/// The term that names the quantity: the nearest fitting term before it (on its line,
/// then on the lines above), else the first one after it on its line before the next
/// number. A rated or neutral word names only a number close after it (or right
/// before it), with no other number or clause break between. Without a site, the
/// fitting terms must agree.
fn choose(hits: &[Hit], hay: &str, site: Option<Site>, dim: Dimension) -> Option<Kind> {
    let fitting = hits.iter().filter(|h| h.fits(dim));
    let Some(site) = site else {
        let kinds: Vec<Kind> = fitting
            .filter(|h| !h.kind.short_reach())
            .map(|h| h.kind)
            .collect();
        let first = *kinds.first()?;
        return kinds.iter().all(|k| *k == first).then_some(first);
    };
    let mut before: Vec<&Hit> = fitting.clone().filter(|h| h.end <= site.start).collect();
    before.sort_by_key(|h| (std::cmp::Reverse(h.end), std::cmp::Reverse(h.end - h.start)));
    for h in before {
        if !h.kind.short_reach() || within_reach(&hay[h.end..site.start]) {
            return Some(h.kind);
        }
    }
    let mut after: Vec<&Hit> = fitting
        .filter(|h| h.start >= site.end && h.start < site.line_end)
        .collect();
    after.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end - h.start)));
    for h in after {
        let gap = &hay[site.end..h.start];
        if gap.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        if !h.kind.short_reach() || within_reach(gap) {
            return Some(h.kind);
        }
    }
    None
}

/// Whether a rated or neutral word reaches across `gap` to its number.
fn within_reach(gap: &str) -> bool {
    gap.chars().count() <= 24
        && !gap
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '，' | ',' | ';' | '；' | '。' | '、'))
}

/// `hay[from..to]` with the characters of terms blanked, so that a bound word inside a
/// term (`最大` of `最大力总延伸率`) is not read, and with the phrases `units` misreads
/// rewritten.
fn masked(hay: &str, from: usize, to: usize, hits: &[Hit]) -> String {
    let blanked: String = hay[from..to]
        .char_indices()
        .map(|(i, c)| {
            let at = from + i;
            if hits.iter().any(|h| h.start <= at && at < h.end) {
                ' '
            } else {
                c
            }
        })
        .collect();
    rewrite(&blanked)
}

fn rewrite(text: &str) -> String {
    REWRITES
        .iter()
        .fold(text.to_string(), |acc, (from, to)| acc.replace(from, to))
}

/// The bound printed around the quantity: a phrase before it on its line with no other
/// number or cell between (`shall not exceed, for class I appliances, 0.75 mA`), a
/// `within` right before it, or a phrase right after it (`2 MΩ以上`, `0.75 mA max`).
/// Without a site, the bound `units` read.
fn bound(q: &Quantity, hay: &str, site: Option<Site>, hits: &[Hit]) -> Option<Limit> {
    let Some(site) = site else {
        return q.limit;
    };
    let from = hay[site.line_start..site.start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_digit() || matches!(c, '。' | ';' | '；' | '|'))
        .map_or(site.line_start, |(i, c)| site.line_start + i + c.len_utf8());
    let read = limit_of_line(&masked(hay, from, site.start, hits));
    let plain = limit_of_line(&rewrite(&hay[from..site.start]));
    let before = match (read, plain) {
        (Some(limit), _) => Some(limit),
        // The only bound word belongs to a term.
        (None, Some(_)) => None,
        // `units` may have read a text longer than this context.
        (None, None) => q.limit,
    };
    if before.is_some() {
        return before;
    }
    let ahead = hay[..site.start].trim_end();
    if WITHIN
        .iter()
        .any(|w| ends_with_word(ahead, w) && !inside_hit(hits, ahead.len() - w.len()))
    {
        return Some(Limit::Max);
    }
    let after = hay[site.end..site.line_end]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '（' | '['));
    let longest = |words: &[&str]| {
        words
            .iter()
            .filter(|w| starts_with_word(after, w))
            .map(|w| w.len())
            .max()
    };
    match (longest(AFTER_MAX), longest(AFTER_MIN)) {
        (Some(a), Some(b)) => Some(if a >= b { Limit::Max } else { Limit::Min }),
        (Some(_), None) => Some(Limit::Max),
        (None, Some(_)) => Some(Limit::Min),
        (None, None) => None,
    }
}

fn inside_hit(hits: &[Hit], at: usize) -> bool {
    hits.iter().any(|h| h.start <= at && at < h.end)
}

/// Whether `text` ends with `word` starting at a word boundary.
fn ends_with_word(text: &str, word: &str) -> bool {
    text.ends_with(word)
        && (!word.chars().next().is_some_and(word_char)
            || !text[..text.len() - word.len()]
                .chars()
                .next_back()
                .is_some_and(word_char))
}

/// Whether `text` starts with `word` ending at a word boundary.
fn starts_with_word(text: &str, word: &str) -> bool {
    text.starts_with(word)
        && (!word.chars().next_back().is_some_and(word_char)
            || !text[word.len()..].chars().next().is_some_and(word_char))
}

/// A bound on a line above the quantity's (`泄漏电流不应超过下列数值：`, a heading
/// `最大允许温升`), the nearest line first.
fn bound_above(hay: &str, site: Site, hits: &[Hit]) -> Option<Limit> {
    let mut end = site.line_start.checked_sub(1)?;
    loop {
        let start = hay[..end].rfind('\n').map_or(0, |i| i + 1);
        if let Some(limit) = limit_of_line(&masked(hay, start, end, hits)) {
            return Some(limit);
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// A factor (`0.94倍`, `1,5 lần`) has no direction; a whole number of `kali`, `lần`,
/// `times` in a test that is not a factor of something (`dijatuhkan 6 kali`, not
/// `2 kali tegangan pengenal`) counts repetitions.
fn ratio_role(
    q: &Quantity,
    hay: &str,
    site: Option<Site>,
    lexicons: &[&Lexicon],
    test: bool,
) -> Role {
    let Some(site) = site else {
        return Role::Unknown;
    };
    let count_word = matches!(q.unit.as_str(), "kali" | "lần" | "times");
    if !test || !count_word || q.value < 1.0 || q.value.fract() != 0.0 {
        return Role::Unknown;
    }
    let after = hay[site.end..site.line_end].trim_start();
    let after = after
        .strip_prefix(fold(&q.unit).as_str())
        .unwrap_or(after)
        .trim_start();
    let factor = lexicons
        .iter()
        .any(|l| l.factor_after.iter().any(|w| starts_with_word(after, w)));
    if factor {
        Role::Unknown
    } else {
        Role::TestParameter {
            harder_when_higher: true,
        }
    }
}

/// Whether a minus sign or word stands right before byte `at` of `text`.
fn negative_before(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\u{a0}', '\u{202f}', '\u{2009}']);
    let mut chars = before.chars().rev();
    match chars.next() {
        Some('−' | '－' | '﹣') => return true,
        // A hyphen is a minus only where it cannot join two words (`IEC 60-10`).
        Some('-') => return !chars.next().is_some_and(|c| c.is_alphanumeric()),
        _ => {}
    }
    let lower = fold(before);
    MINUS_WORDS.iter().any(|w| ends_with_word(&lower, w))
}

/// The role of a quantity in a test when no word names it: what is applied or how long
/// is harder when more; a temperature below 0 °C is a cold test.
fn test_default(q: &Quantity, negative: bool) -> Role {
    match q.dimension {
        D::Voltage
        | D::Time
        | D::Force
        | D::Torque
        | D::Energy
        | D::Mass
        | D::Pressure
        | D::Angle => Role::TestParameter {
            harder_when_higher: true,
        },
        D::Temperature => Role::TestParameter {
            harder_when_higher: !(negative || q.value < CELSIUS_ZERO),
        },
        _ => Role::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::units::quantities;

    const MAX: Role = Role::Limit(Limit::Max);
    const MIN: Role = Role::Limit(Limit::Min);
    const HARDER_HIGH: Role = Role::TestParameter {
        harder_when_higher: true,
    };
    const HARDER_LOW: Role = Role::TestParameter {
        harder_when_higher: false,
    };

    /// The quantity printed as `raw` in the last line of `context`.
    fn quantity(context: &str, lang: &str, raw: &str) -> Quantity {
        let line = context.rsplit('\n').next().unwrap_or(context);
        let found = quantities(line, lang);
        // The parser prints a sign with the number (`−5 °C`); the tables name it bare.
        found
            .iter()
            .find(|q| q.raw == raw || q.raw.trim_start_matches(['-', '−']) == raw)
            .cloned()
            .unwrap_or_else(|| panic!("{raw} not in {line}: {found:?}"))
    }

    /// The role of the quantity `raw` in `context`.
    fn role_of(context: &str, lang: &str, raw: &str) -> Role {
        role(&quantity(context, lang, raw), context, lang)
    }

    /// The direction from `have` to `target`, each (context, lang, raw), with the
    /// quantities signed as printed.
    fn change(have: (&str, &str, &str), target: (&str, &str, &str)) -> Option<Direction> {
        let side = |(context, lang, raw): (&str, &str, &str)| {
            let q = signed(&quantity(context, lang, raw), context);
            let r = role(&q, context, lang);
            (q, r)
        };
        let (h, hr) = side(have);
        let (t, tr) = side(target);
        direction(&h, hr, &t, tr)
    }

    #[test]
    fn a_bend_mandrel_of_more_diameters_is_the_easier_test() {
        let gb = "7.4.1 弯曲性能\n按表5规定的弯曲压头直径弯曲180°后，钢筋受弯曲部位表面不得产生裂纹。\nHRB400 | 6～25 | 4d";
        let th = "6.3 การดัดโค้ง\nเมื่อดัดโค้ง 180° รอบเดือยดัดตามตารางที่ 3 แล้ว ผิวต้องไม่มีรอยแตกร้าว\nSD40 | 6 ถึง 25 | 5d";
        assert_eq!(role_of(gb, "zh", "4d"), HARDER_LOW);
        assert_eq!(
            change((gb, "zh", "4d"), (th, "th", "5d")),
            Some(Direction::LessStrict)
        );
        // A rib spacing bounded in diameters stays a limit.
        assert_eq!(
            role_of("横肋间距不大于0.7d。\n横肋间距不大于0.7d", "zh", "0.7d"),
            MAX
        );
    }

    #[test]
    fn explicit_bounds_in_every_language() {
        for (context, lang, raw, want) in [
            (
                "13.2 泄漏电流\n泄漏电流不应超过0.75 mA。",
                "zh",
                "0.75 mA",
                MAX,
            ),
            (
                "16.3\nđiện trở cách điện không được nhỏ hơn 2 MΩ",
                "vi",
                "2 MΩ",
                MIN,
            ),
            ("13.2\nกระแสรั่วต้องไม่เกิน 0.75 mA", "th", "0.75 mA", MAX),
            (
                "7.1 Kuat tekan\nkuat tekan minimal 42,5 MPa",
                "id",
                "42,5 MPa",
                MIN,
            ),
            (
                "13.2\narus bocor tidak boleh melebihi 0.75 mA",
                "ms",
                "0.75 mA",
                MAX,
            ),
            // `units` reads the `less than` inside `not less than` as a maximum.
            (
                "16.3\nThe insulation resistance shall be not less than 2 MΩ.",
                "en",
                "2 MΩ",
                MIN,
            ),
            // A bound word after the number.
            ("16.3 绝缘电阻\n绝缘电阻应为2 MΩ以上", "zh", "2 MΩ", MIN),
            ("Leakage\n0.75 mA max.", "en", "0.75 mA", MAX),
            ("16.3\nความต้านทาน 2 MΩ ขึ้นไป", "th", "2 MΩ", MIN),
            ("9.5\nthời gian cắt 0,4 s trở xuống", "vi", "0,4 s", MAX),
            // A bound word reaching across words, but not across another number.
            (
                "13.2\nThe leakage current shall not exceed, for class II appliances, 0.25 mA",
                "en",
                "0.25 mA",
                MAX,
            ),
            ("19\nThe fuse shall operate within 5 s", "en", "5 s", MAX),
        ] {
            assert_eq!(role_of(context, lang, raw), want, "{context}");
        }
    }

    #[test]
    fn a_bound_word_inside_a_term_is_not_a_bound() {
        // `最大`/`maximum` of the total elongation at maximum force, a lower limit.
        assert_eq!(role_of("7.2\n最大力总延伸率 2.5%", "zh", "2.5%"), MIN);
        assert_eq!(
            role_of("7.2\nelongation at maximum force 2.5 %", "en", "2.5 %"),
            MIN
        );
        assert_eq!(
            role_of("7.2\nregangan pada gaya maksimum 2,5 %", "id", "2,5 %"),
            MIN
        );
    }

    #[test]
    fn limits_inferred_from_what_is_measured() {
        for (context, lang, raw, want) in [
            // Upper limits.
            ("11.8 温升限值\n绕组 | 65 K", "zh", "65 K", MAX),
            (
                "13.2 Dòng điện rò\nThiết bị cấp I | 0,75 mA",
                "vi",
                "0,75 mA",
                MAX,
            ),
            ("13.2\nกระแสรั่ว | 0.5 mA", "th", "0.5 mA", MAX),
            ("13.2\narus bocor 0,25 mA", "id", "0,25 mA", MAX),
            ("Table 1\nLoss on ignition | 5.0 %", "en", "5.0 %", MAX),
            ("表1 化学指标\n烧失量 | 5.0%", "zh", "5.0%", MAX),
            (
                "Bảng 1\nHàm lượng mất khi nung (MKN) | 5,0 %",
                "vi",
                "5,0 %",
                MAX,
            ),
            ("Tabel 1\nhilang pijar | 5,0 %", "id", "5,0 %", MAX),
            ("表1\n氯离子含量 | 0.06%", "zh", "0.06%", MAX),
            ("Bảng 1\nhàm lượng ion clo 0,06 %", "vi", "0,06 %", MAX),
            ("Tabel 1\nkadar klorida 0,06 %", "id", "0,06 %", MAX),
            ("ตารางที่ 1\nปริมาณคลอไรด์ ร้อยละ 0.06", "th", "ร้อยละ 0.06", MAX),
            ("表1\nSO3 | 3.5%", "zh", "3.5%", MAX),
            ("Jadual 1\nMgO 5.0 %", "ms", "5.0 %", MAX),
            ("Table 1\ninsoluble residue 0.75 %", "en", "0.75 %", MAX),
            // Lower limits.
            ("16.3 绝缘电阻\n基本绝缘 | 2 MΩ", "zh", "2 MΩ", MIN),
            ("16.3\nInsulation resistance | 7 MΩ", "en", "7 MΩ", MIN),
            ("16.3\nđiện trở cách điện 5 MΩ", "vi", "5 MΩ", MIN),
            ("表2\n28 d抗压强度 | 42.5 MPa", "zh", "42.5 MPa", MIN),
            (
                "Bảng 2\ncường độ nén 28 ngày 42,5 MPa",
                "vi",
                "42,5 MPa",
                MIN,
            ),
            ("ตารางที่ 2\nกำลังอัด 42.5 MPa", "th", "42.5 MPa", MIN),
            ("表3\n下屈服强度 | 400 MPa", "zh", "400 MPa", MIN),
            ("Bảng 3\ngiới hạn chảy 400 MPa", "vi", "400 MPa", MIN),
            ("Tabel 3\nkuat leleh 400 MPa", "id", "400 MPa", MIN),
            ("Jadual 3\nkekuatan alah 400 MPa", "ms", "400 MPa", MIN),
            ("表3\n断后伸长率 | 16%", "zh", "16%", MIN),
            ("Tabel 3\nregangan 16 %", "id", "16 %", MIN),
            ("Bảng 3\nđộ giãn dài 16 %", "vi", "16 %", MIN),
            ("29.2 爬电距离\n基本绝缘 | 2.5 mm", "zh", "2.5 mm", MIN),
            ("29.1\nkhe hở không khí 1,5 mm", "vi", "1,5 mm", MIN),
            ("29.2\nchiều dài đường rò 2,5 mm", "vi", "2,5 mm", MIN),
            ("29.2\njarak rambat 3 mm", "id", "3 mm", MIN),
            ("29.1\nระยะห่างในอากาศ 1.5 mm", "th", "1.5 mm", MIN),
            (
                "16.3\nความต้านทานฉนวนตามที่กำหนดในตาราง 2 MΩ",
                "th",
                "2 MΩ",
                MIN,
            ),
            ("表2 物理指标\n比表面积 | 300 m²/kg", "zh", "300 m²/kg", MIN),
            // The same word names a lower limit in m²/kg and an upper one in %.
            ("Tabel 2\nkehalusan 280 m²/kg", "id", "280 m²/kg", MIN),
            ("Tabel 2\nkehalusan 10 %", "id", "10 %", MAX),
        ] {
            assert_eq!(role_of(context, lang, raw), want, "{context}");
        }
    }

    #[test]
    fn setting_times_pair_initial_and_final() {
        for (context, lang, raw, want) in [
            ("表2 凝结时间\n初凝 | 45 min", "zh", "45 min", MIN),
            ("表2 凝结时间\n终凝 | 600 min", "zh", "600 min", MAX),
            (
                "Bảng 2 Thời gian đông kết\nbắt đầu 45 phút",
                "vi",
                "45 phút",
                MIN,
            ),
            (
                "Bảng 2 Thời gian đông kết\nkết thúc 375 phút",
                "vi",
                "375 phút",
                MAX,
            ),
            (
                "Tabel 2\nwaktu pengikatan awal 45 menit",
                "id",
                "45 menit",
                MIN,
            ),
            (
                "Tabel 2\nwaktu pengikatan akhir 375 menit",
                "id",
                "375 menit",
                MAX,
            ),
            (
                "ตารางที่ 2 ระยะเวลาการก่อตัว\nระยะต้น 45 นาที",
                "th",
                "45 นาที",
                MIN,
            ),
            (
                "ตารางที่ 2 ระยะเวลาการก่อตัว\nระยะปลาย 375 นาที",
                "th",
                "375 นาที",
                MAX,
            ),
            (
                "Table 2\nSetting time, initial | 45 min",
                "en",
                "45 min",
                MIN,
            ),
            ("Table 2\nfinal setting time 375 min", "en", "375 min", MAX),
        ] {
            assert_eq!(role_of(context, lang, raw), want, "{context}");
        }
        // Without a setting word, `awal` is just "early".
        assert_eq!(
            role_of("5\npemeriksaan awal 45 menit", "id", "45 menit"),
            Role::Unknown
        );
    }

    #[test]
    fn test_parameters_in_every_language() {
        for (context, lang, raw, want) in [
            (
                "21.1 跌落试验\n跌落高度为100 cm",
                "zh",
                "100 cm",
                HARDER_HIGH,
            ),
            (
                "21.1\nปล่อยให้ตกจากความสูง 1 300 mm",
                "th",
                "1 300 mm",
                HARDER_HIGH,
            ),
            (
                "21.1\nMẫu được thả rơi từ độ cao 1 m",
                "vi",
                "1 m",
                HARDER_HIGH,
            ),
            (
                "21.1\nContoh uji dijatuhkan dari ketinggian 1 m",
                "id",
                "1 m",
                HARDER_HIGH,
            ),
            (
                "16.3 电气强度\n基本绝缘 | 1 250 V",
                "zh",
                "1 250 V",
                HARDER_HIGH,
            ),
            (
                "16.3 Độ bền điện\nđiện áp thử nghiệm 1 000 V trong 1 min",
                "vi",
                "1 000 V",
                HARDER_HIGH,
            ),
            (
                "16.3\nvoltan ujian 1 250 V dikenakan selama 1 min",
                "ms",
                "1 min",
                HARDER_HIGH,
            ),
            ("30.2\n灼热丝试验温度为850 ℃", "zh", "850 ℃", HARDER_HIGH),
            (
                "30.2\nuji kawat pijar pada suhu 750 °C",
                "id",
                "750 °C",
                HARDER_HIGH,
            ),
            (
                "15.3\nrawatan kelembapan selama 48 jam",
                "ms",
                "48 jam",
                HARDER_HIGH,
            ),
            (
                "15.3\nThe humidity treatment is carried out for 24 h",
                "en",
                "24 h",
                HARDER_HIGH,
            ),
            (
                "19.4\nThe appliance is operated for 72 h",
                "en",
                "72 h",
                HARDER_HIGH,
            ),
            ("19.4\n器具连续运行48 h", "zh", "48 h", HARDER_HIGH),
            (
                "15.3\nการปรับสภาพความชื้นเป็นเวลา 48 ชั่วโมง",
                "th",
                "48 ชั่วโมง",
                HARDER_HIGH,
            ),
            (
                "15.3\n在相对湿度93%的潮湿箱内放置48 h",
                "zh",
                "48 h",
                HARDER_HIGH,
            ),
            (
                "15.3\n在相对湿度93%的潮湿箱内放置48 h",
                "zh",
                "93%",
                HARDER_HIGH,
            ),
            (
                "22.11\nให้แรง 50 N เป็นเวลา 10 วินาที",
                "th",
                "50 N",
                HARDER_HIGH,
            ),
            (
                "22.11\nให้แรง 50 N เป็นเวลา 10 วินาที",
                "th",
                "10 วินาที",
                HARDER_HIGH,
            ),
            (
                "22.12\nmomen puntir 2,5 N·m diterapkan",
                "id",
                "2,5 N·m",
                HARDER_HIGH,
            ),
            ("21.1\ntenaga hentaman 0.5 J", "ms", "0.5 J", HARDER_HIGH),
            ("21.1\n冲击能量为0.5 J", "zh", "0.5 J", HARDER_HIGH),
            (
                "21.1\nA steel ball of mass 500 g is dropped",
                "en",
                "500 g",
                HARDER_HIGH,
            ),
            // Cold tests are harder when colder, heat tests when hotter, even
            // where the clause names both (a conditioning table).
            ("21.2\n低温试验温度为−10 °C", "zh", "10 °C", HARDER_LOW),
            (
                "6.1\nการปรับภาวะที่อุณหภูมิสูงและอุณหภูมิต่ำ\nอุณหภูมิสูง | 55 °C ± 2 °C | 4 h",
                "th",
                "55 °C ± 2 °C",
                HARDER_HIGH,
            ),
            (
                "21.2\nthử nghiệm ở nhiệt độ −25 °C trong 24 h",
                "vi",
                "25 °C",
                HARDER_LOW,
            ),
            ("21.2\nuji dingin pada suhu 5 °C", "id", "5 °C", HARDER_LOW),
        ] {
            assert_eq!(role_of(context, lang, raw), want, "{context}");
        }
    }

    #[test]
    fn directions_of_test_parameters() {
        use Direction::{LessStrict, Stricter};
        // Drop height 100 cm → 1 300 mm: a higher drop.
        assert_eq!(
            change(
                ("21.1 跌落试验\n跌落高度为100 cm", "zh", "100 cm"),
                ("21.1\nปล่อยให้ตกจากความสูง 1 300 mm", "th", "1 300 mm"),
            ),
            Some(Stricter)
        );
        // Test voltage 1 250 V → 1 000 V.
        assert_eq!(
            change(
                ("16.3 电气强度\n基本绝缘 | 1 250 V", "zh", "1 250 V"),
                (
                    "16.3 Độ bền điện\nđiện áp thử nghiệm 1 000 V",
                    "vi",
                    "1 000 V"
                ),
            ),
            Some(LessStrict)
        );
        // Glow-wire 750 °C → 850 °C.
        assert_eq!(
            change(
                ("30.2\nuji kawat pijar pada suhu 750 °C", "id", "750 °C"),
                ("30.2\n灼热丝试验温度为850 ℃", "zh", "850 ℃"),
            ),
            Some(Stricter)
        );
        // Humidity treatment 24 h → 48 h.
        assert_eq!(
            change(
                (
                    "15.3\nThe humidity treatment is carried out for 24 h",
                    "en",
                    "24 h"
                ),
                ("15.3\nrawatan kelembapan selama 48 jam", "ms", "48 jam"),
            ),
            Some(Stricter)
        );
        // Cold test −5 °C → −10 °C: colder is harder, and back again.
        let minus5 = ("21.2\ncold test at −5 °C", "en", "5 °C");
        let minus10 = ("21.2\n低温试验温度为−10 °C", "zh", "10 °C");
        assert_eq!(change(minus5, minus10), Some(Stricter));
        assert_eq!(change(minus10, minus5), Some(LessStrict));
    }

    #[test]
    fn directions_of_limits() {
        use Direction::{LessStrict, Stricter};
        let gb = ("13.2\n泄漏电流不应超过0.75 mA。", "zh", "0.75 mA");
        assert_eq!(
            change(
                gb,
                (
                    "13.2\ndòng điện rò không được vượt quá 0,5 mA",
                    "vi",
                    "0,5 mA"
                )
            ),
            Some(Stricter)
        );
        // An inferred upper limit against an explicit one.
        assert_eq!(
            change(gb, ("13.2\nกระแสรั่ว | 1 mA", "th", "1 mA")),
            Some(LessStrict)
        );
        let gb = ("16.3\n绝缘电阻不小于2 MΩ", "zh", "2 MΩ");
        assert_eq!(
            change(gb, ("16.3\nความต้านทานฉนวนต้องไม่น้อยกว่า 7 MΩ", "th", "7 MΩ")),
            Some(Stricter)
        );
        assert_eq!(
            change(gb, ("16.3\nInsulation resistance | 1 MΩ", "en", "1 MΩ")),
            Some(LessStrict)
        );
        // Initial setting time 45 min → 60 min is stricter; final 600 → 375 min too.
        assert_eq!(
            change(
                ("表2 凝结时间\n初凝 | 45 min", "zh", "45 min"),
                ("Tabel 2\nwaktu pengikatan awal 60 menit", "id", "60 menit"),
            ),
            Some(Stricter)
        );
        assert_eq!(
            change(
                ("表2 凝结时间\n终凝 | 600 min", "zh", "600 min"),
                (
                    "Bảng 2 Thời gian đông kết\nkết thúc 375 phút",
                    "vi",
                    "375 phút"
                ),
            ),
            Some(Stricter)
        );
        // Chloride 0.06 % → 0,10 %.
        assert_eq!(
            change(
                ("表1\n氯离子含量 | 0.06%", "zh", "0.06%"),
                ("Tabel 1\nkadar klorida 0,10 %", "id", "0,10 %"),
            ),
            Some(LessStrict)
        );
        // One side unknown: the other side decides.
        let have = quantities("2 MΩ", "en").remove(0);
        let target = quantities("5 MΩ", "en").remove(0);
        assert_eq!(
            direction(&have, MIN, &target, Role::Unknown),
            Some(Stricter)
        );
        assert_eq!(
            direction(&have, Role::Unknown, &target, Role::Unknown),
            None
        );
    }

    #[test]
    fn tolerances() {
        use Direction::{LessStrict, Stricter};
        let wide = quantities("质量为20 kg ± 1 kg", "zh").remove(0);
        let narrow = quantities("khối lượng 20 kg ± 0,5 kg", "vi").remove(0);
        assert_eq!(
            direction(&wide, Role::Unknown, &narrow, Role::Unknown),
            Some(Stricter)
        );
        assert_eq!(
            direction(&narrow, Role::Unknown, &wide, Role::Unknown),
            Some(LessStrict)
        );
        assert_eq!(direction(&wide, Role::Unknown, &wide, Role::Unknown), None);
        // Deviations on their own compare the same way.
        let a = quantities("直径偏差为± 0.1 mm", "zh").remove(0);
        let b = quantities("sai lệch đường kính ± 0,2 mm", "vi").remove(0);
        assert_eq!(role(&a, "7\n直径偏差为± 0.1 mm", "zh"), MAX);
        assert_eq!(direction(&a, MAX, &b, MAX), Some(LessStrict));
        // A deviation is never compared with a nominal value.
        let nominal = quantities("12 mm", "en").remove(0);
        assert_eq!(direction(&a, MAX, &nominal, MAX), None);
        // A tolerance on one side only says nothing.
        let plain = quantities("20 kg", "en").remove(0);
        assert_eq!(direction(&wide, Role::Unknown, &plain, Role::Unknown), None);
    }

    #[test]
    fn conflicting_roles_and_dimensions_give_no_direction() {
        let max = quantities("不大于 5 mm", "zh").remove(0);
        let min = quantities("at least 3 mm", "en").remove(0);
        assert_eq!(direction(&max, MAX, &min, MIN), None);
        // The printed bounds disagree even when the roles are unknown.
        assert_eq!(direction(&max, Role::Unknown, &min, Role::Unknown), None);
        // A maximum against a harder-when-higher test.
        assert_eq!(direction(&max, MAX, &min, HARDER_HIGH), None);
        // A cold test against a harder-when-higher one.
        let a = quantities("5 °C", "en").remove(0);
        let b = quantities("10 °C", "en").remove(0);
        assert_eq!(direction(&a, HARDER_LOW, &b, HARDER_HIGH), None);
        // Different dimensions.
        let ohm = quantities("2 MΩ", "en").remove(0);
        let amp = quantities("2 mA", "en").remove(0);
        assert_eq!(direction(&ohm, MIN, &amp, MIN), None);
        // Equal amounts in other units are no change.
        let mm = quantities("1 300 mm", "en").remove(0);
        let m = quantities("1,3 m", "vi").remove(0);
        assert_eq!(direction(&mm, HARDER_HIGH, &m, HARDER_HIGH), None);
    }

    #[test]
    fn unknown_values() {
        for (context, lang, raw) in [
            ("5\nrated frequency 50 Hz", "en", "50 Hz"),
            ("5 额定值\n额定频率50 Hz", "zh", "50 Hz"),
            ("Bảng 1\nđường kính danh nghĩa 12 mm", "vi", "12 mm"),
            ("Tabel 1\ndiameter nominal 12 mm", "id", "12 mm"),
            ("Jadual 1\ngaris pusat 12 mm", "ms", "12 mm"),
            ("ตารางที่ 1\nขนาดระบุ 12 mm", "th", "12 mm"),
            ("5\nแรงดันไฟฟ้าที่กำหนด 230 V", "th", "230 V"),
            // A rated value in a test, and a rated value with a bound (a scope).
            ("16.3\n在额定电压230 V下进行试验", "zh", "230 V"),
            (
                "1 Scope\nappliances with a rated voltage not exceeding 250 V",
                "en",
                "250 V",
            ),
            ("1 范围\n额定电压不超过250 V的器具", "zh", "250 V"),
            // Sizes and ambient conditions.
            ("7\nThe label shall be 100 mm long", "en", "100 mm"),
            (
                "11.2\nambient temperature 20 °C ± 5 °C, during the test",
                "en",
                "20 °C ± 5 °C",
            ),
            // A factor of a rated value.
            ("11.4\n器具在0.94倍额定电压下试验", "zh", "0.94倍"),
            (
                "11.4\nthử nghiệm ở 1,5 lần điện áp danh định",
                "vi",
                "1,5 lần",
            ),
            ("22\n2 kali tegangan pengenal diterapkan", "id", "2 kali"),
            // A length in a test that is not a height.
            (
                "21.1\nA steel ball of 50 mm diameter is dropped",
                "en",
                "50 mm",
            ),
            // Nothing about a test or what is measured.
            ("8\nThe cord is 2 m long", "en", "2 m"),
        ] {
            assert_eq!(role_of(context, lang, raw), Role::Unknown, "{context}");
        }
    }

    #[test]
    fn counts_of_repetitions() {
        for (context, lang) in [
            ("18 耐久性\n开关操作10 000次", "zh"),
            ("18\nlặp lại thử nghiệm 50 lần", "vi"),
            ("18\nทดสอบ 100 รอบ", "th"),
            ("18\ndijatuhkan sebanyak 6 kali", "id"),
            ("18\n5 000 kitaran operasi", "ms"),
            ("18\nThe switch is operated for 10 000 cycles", "en"),
        ] {
            assert_eq!(count_role(context, lang), HARDER_HIGH, "{context}");
        }
        for (context, lang) in [
            ("5\nThree samples are tested", "en"),
            ("5\n取3个试样", "zh"),
            ("11.4\n1,5 lần điện áp danh định", "vi"),
            ("5\n其次，依次检查", "zh"),
            ("", "th"),
        ] {
            assert_eq!(count_role(context, lang), Role::Unknown, "{context}");
        }
        // A whole number of `kali` in a test is a count; a factor is not.
        assert_eq!(
            role_of("21\ndijatuhkan sebanyak 6 kali", "id", "6 kali"),
            HARDER_HIGH
        );
        assert_eq!(role_of("21\nthả rơi 3 lần", "vi", "3 lần"), HARDER_HIGH);
    }

    #[test]
    fn numbers_inside_identifiers_are_not_the_quantity() {
        // The `6` of `60335` is not where `6 kali` is printed.
        assert_eq!(
            role_of(
                "22\nmenurut IEC 60335, dijatuhkan sebanyak 6 kali",
                "id",
                "6 kali"
            ),
            HARDER_HIGH
        );
        let q = quantities("0.75 mA", "en").remove(0);
        // Printed twice: the line after the heading is read.
        assert_eq!(
            role(&q, "rated 0.75 mA\nleakage current 0.75 mA", "en"),
            MAX
        );
    }

    #[test]
    fn signs_the_parser_drops() {
        let q = quantities("−10 °C", "zh").remove(0);
        let s = signed(&q, "低温试验温度为−10 °C");
        assert!((s.value - 263.15).abs() < 1e-9, "{s:?}");
        let s = signed(&q, "零下10 °C");
        assert!((s.value - 263.15).abs() < 1e-9, "{s:?}");
        // A range dash and an identifier hyphen are no signs.
        assert_eq!(signed(&q, "5 – 10 °C").value, q.value);
        assert_eq!(signed(&q, "GB-10 °C").value, q.value);
        assert_eq!(signed(&q, "").value, q.value);
        let v = quantities("−2 K", "en").remove(0);
        assert!((signed(&v, "drift −2 K").value + 2.0).abs() < 1e-9);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let qs: Vec<Quantity> = [
            ("0.75 mA", "en"),
            ("1 250 V", "zh"),
            ("ร้อยละ 85", "th"),
            ("0,94 lần", "vi"),
            ("± 0,2 mm", "id"),
            ("50 Hz", "ms"),
        ]
        .iter()
        .map(|(t, l)| quantities(t, l).remove(0))
        .collect();
        let contexts = [
            "",
            "\n",
            "\n\n\n",
            "。，；：！？……——|||",
            "!!!???...---",
            "0.75 mA",
            "\n0.75 mA max",
            "泄漏电流 leakage กระแสรั่ว dòng điện rò arus bocor 0.75 mA 1 250 V",
            "e\u{301}\u{301}\u{301} 🙂🙂 \u{200b}\u{feff} İstanbul ǅ ﬁ 0,94 lần",
            "−",
            "-",
            "零下",
            "ร้อยละ 85ร้อยละ 85\nร้อยละ 85",
            "± 0,2 mm ± 0,2 mm",
            "1 250 V试验电压1 250 V",
            "within",
            "max 50 Hz min",
            "not less than",
            "kali kali 6 kali",
            "次次次10次",
        ];
        for q in &qs {
            for context in contexts {
                for lang in ["zh", "vi", "th", "id", "ms", "en", "", "xx", "zh-Hans", "-"] {
                    let r = role(q, context, lang);
                    let _ = count_role(context, lang);
                    let s = signed(q, context);
                    let _ = direction(q, r, &s, Role::Unknown);
                    let _ = direction(&s, Role::Unknown, q, r);
                }
            }
        }
        let mut nan = qs[0].clone();
        nan.value = f64::NAN;
        assert_eq!(direction(&nan, MAX, &qs[0], MAX), None);
        let mut empty = qs[0].clone();
        empty.raw.clear();
        assert_eq!(role(&empty, "", "en"), Role::Unknown);
        assert_eq!(role(&empty, "leakage current", "en"), MAX);
    }

    #[test]
    fn direction_names() {
        assert_eq!(Direction::Stricter.as_str(), "stricter");
        assert_eq!(Direction::LessStrict.as_str(), "less-strict");
        assert_eq!(
            serde_json::to_string(&Direction::LessStrict).unwrap(),
            "\"less-strict\""
        );
        assert_eq!(MAX.higher_is_stricter(), Some(false));
        assert_eq!(Role::Unknown.higher_is_stricter(), None);
    }

    #[test]
    fn a_threshold_of_what_a_requirement_covers_is_a_scope() {
        // The products concerned come before the requirement word; raising the mass
        // spares the products between 7 and 10 kg.
        let gb = (
            "静态稳定性\n质量为7 kg或以上的设备，从其正常直立位置倾斜10°时不应倾倒。",
            "zh",
            "7 kg",
        );
        let id = (
            "Kestabilan statis\nPeralatan dengan massa 10 kg atau lebih tidak boleh terguling apabila dimiringkan 10° dari posisi tegak normalnya.",
            "id",
            "10 kg",
        );
        let en = (
            "Stability\nEquipment with a mass of 7 kg or more shall not tip over when tilted.",
            "en",
            "7 kg",
        );
        for (context, lang, raw) in [gb, id, en] {
            assert_eq!(
                role_of(context, lang, raw),
                Role::Scope(Limit::Min),
                "{context}"
            );
        }
        assert_eq!(change(gb, id), Some(Direction::LessStrict));
        // After the requirement word the same bound is what the product must meet;
        // after a permission, what is permitted (the next sentence's requirement word
        // does not count).
        assert_eq!(
            role_of(
                "Mass\nThe mass of the equipment shall be 7 kg or more.",
                "en",
                "7 kg"
            ),
            MIN
        );
        // A condition after the requirement word: the warning is due before the
        // output exceeds the value, so a lower value is stricter.
        let zh = (
            "声能量\n在声输出超过85 dB(A)之前，应向使用者发出警告。",
            "zh",
            "85 dB(A)",
        );
        let vi = (
            "Năng lượng âm thanh\nThiết bị phải đưa ra cảnh báo cho người nghe trước khi mức âm thanh đầu ra vượt quá 80 dB(A).",
            "vi",
            "80 dB(A)",
        );
        assert_eq!(change(zh, vi), Some(Direction::Stricter));
        // Not a condition: the limit itself.
        assert_eq!(
            role_of(
                "Sound\nThe output shall not exceed 85 dB(A).",
                "en",
                "85 dB(A)"
            ),
            MAX
        );
        let permitted = "Phụ gia công nghệ\nCho phép sử dụng phụ gia công nghệ khi nghiền xi măng với lượng không lớn hơn 1 % khối lượng xi măng. Phụ gia công nghệ không được làm ảnh hưởng xấu đến tính chất của xi măng.";
        assert_eq!(role_of(permitted, "vi", "1 %"), MAX);
        // A condition that judges conformity is the limit, not a scope.
        for (context, lang, raw) in [
            (
                "Soundness\nThe cement shall be deemed sound when the mean expansion of the two specimens does not exceed 10 mm.",
                "en",
                "10 mm",
            ),
            (
                "Độ ổn định thể tích\nXi măng phải được coi là đạt nếu độ nở trung bình không vượt quá 10 mm.",
                "vi",
                "10 mm",
            ),
        ] {
            assert_eq!(role_of(context, lang, raw), MAX, "{context}");
        }
    }
}
