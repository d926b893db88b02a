//! Normative strength: the verbal forms that make a sentence a requirement (shall), a
//! recommendation (should), a permission (may) or a prohibition, in each corpus
//! language (ISO/IEC Directives Part 2, clause 7, and the national equivalents: GB/T
//! 1.1 应/宜/可, TCVN phải/nên/có thể, SNI harus/sebaiknya/boleh, MS hendaklah,
//! TIS ต้อง/ควร/อาจ). Pure functions over strings.

/// How binding a verbal form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// Permission: may, 可, có thể, boleh, อาจ.
    May,
    /// Recommendation: should, 宜, nên, sebaiknya, ควร.
    Should,
    /// Requirement: shall, 应, phải, harus, hendaklah, ต้อง.
    Shall,
    /// Stricter wording: must, 必须, 严禁, wajib, mesti, ห้าม.
    Must,
}

impl Strength {
    /// `"may"`, `"should"`, `"shall"` or `"must"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::May => "may",
            Strength::Should => "should",
            Strength::Shall => "shall",
            Strength::Must => "must",
        }
    }
}

/// One verbal form found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modal {
    /// The base word as printed, without its negation (`应` for `不应`, `nên`).
    pub word: String,
    /// How binding it is.
    pub strength: Strength,
    /// `不应`, `shall not`, `không được`, `tidak boleh`, `ต้องไม่`.
    pub negated: bool,
    /// Byte offset in the text.
    pub at: usize,
    /// The phrase matched, negation included (`不应`, `should not`, `tidak boleh`).
    pub phrase: String,
}

impl Modal {
    /// As a reader should see it: a negated modal with its negation (`不应`,
    /// `should not`), else its base word.
    pub fn shown(&self) -> &str {
        if self.negated {
            &self.phrase
        } else {
            &self.word
        }
    }
}

/// (phrase, base word, strength, negated). Longer phrases come before their prefixes.
type Form = (&'static str, &'static str, Strength, bool);

use Strength::{May, Must, Shall, Should};

const ZH: &[Form] = &[
    ("必须", "必须", Must, false),
    ("严禁", "严禁", Must, true),
    ("禁止", "禁止", Must, true),
    ("不应", "应", Shall, true),
    ("不得", "不得", Shall, true),
    // "Not permitted" prohibits (不允许复验: no retest).
    ("不允许", "不允许", Shall, true),
    ("应当", "应", Shall, false),
    ("应该", "应", Shall, false),
    ("应", "应", Shall, false),
    ("不宜", "宜", Should, true),
    ("宜", "宜", Should, false),
    ("不必", "不必", May, true),
    ("可以", "可", May, false),
    ("也可", "可", May, false),
    ("可采用", "可", May, false),
    ("可选用", "可", May, false),
    ("可按", "可", May, false),
    ("可由", "可", May, false),
];

/// Chinese compounds that contain a modal character but are ordinary words.
const ZH_NOT_MODAL: &[&str] = &[
    "相应",
    "应用",
    "供应",
    "反应",
    "适应",
    "对应",
    "响应",
    "效应",
    "应急",
    "应力",
    "感应",
    "答应",
    "应变",
    "呼应",
    "回应",
    "适宜",
    "便宜",
    "事宜",
    "不宜于",
];

const EN: &[Form] = &[
    ("must not", "must", Must, true),
    ("must", "must", Must, false),
    // "shall normally" and "is normally" recommend: the usual case, not a rule.
    ("shall normally", "normally", Should, false),
    ("shall not", "shall", Shall, true),
    ("shall", "shall", Shall, false),
    ("should not", "should", Should, true),
    ("should", "should", Should, false),
    ("need not", "need not", May, true),
    // After a verb, "normally" says how it works ("shall operate normally"), not how
    // binding the rule is.
    ("is normally", "normally", Should, false),
    ("are normally", "normally", Should, false),
    ("be normally", "normally", Should, false),
    ("may", "may", May, false),
];

const VI: &[Form] = &[
    ("không được", "phải", Shall, true),
    ("không phải là", "", May, false),
    ("phải", "phải", Shall, false),
    ("trở nên", "", May, false),
    ("không nên", "nên", Should, true),
    ("nên", "nên", Should, false),
    ("có thể", "có thể", May, false),
    ("cấm", "cấm", Must, true),
];

const ID: &[Form] = &[
    ("wajib", "wajib", Must, false),
    ("dilarang", "dilarang", Must, true),
    ("tidak boleh", "harus", Shall, true),
    ("tidak harus", "tidak harus", May, true),
    ("harus", "harus", Shall, false),
    ("sebaiknya tidak", "sebaiknya", Should, true),
    ("sebaiknya", "sebaiknya", Should, false),
    ("seharusnya", "seharusnya", Should, false),
    ("boleh", "boleh", May, false),
    // `tidak dapat` states an inability, not a permission.
    ("tidak dapat", "", May, false),
    ("dapat", "dapat", May, false),
];

const MS: &[Form] = &[
    ("mesti", "mesti", Must, false),
    ("wajib", "wajib", Must, false),
    ("dilarang", "dilarang", Must, true),
    ("tidak boleh", "hendaklah", Shall, true),
    ("hendaklah tidak", "hendaklah", Shall, true),
    ("hendaklah", "hendaklah", Shall, false),
    ("harus", "harus", Shall, false),
    ("sebaiknya tidak", "sebaiknya", Should, true),
    ("sebaiknya", "sebaiknya", Should, false),
    ("sepatutnya", "sepatutnya", Should, false),
    ("patut", "patut", Should, false),
    ("boleh", "boleh", May, false),
];

const TH: &[Form] = &[
    ("ห้าม", "ห้าม", Must, true),
    ("ถูกต้อง", "", May, false),
    ("ต้องการ", "", May, false),
    ("ต้องไม่", "ต้อง", Shall, true),
    ("ต้อง", "ต้อง", Shall, false),
    // "Shall be in accordance with": the requirement form of TIS drafting.
    ("ให้เป็นไปตาม", "ให้", Shall, false),
    ("ไม่ควร", "ควร", Should, true),
    ("ควร", "ควร", Should, false),
    ("อาจารย์", "", May, false),
    ("อาจ", "อาจ", May, false),
];

fn forms(lang: &str) -> &'static [Form] {
    match lang {
        "zh" => ZH,
        "vi" => VI,
        "id" => ID,
        "ms" => MS,
        "th" => TH,
        _ => EN,
    }
}

/// Scripts without spaces between words: a phrase may start anywhere.
fn unspaced(lang: &str) -> bool {
    matches!(lang, "zh" | "th" | "ja")
}

/// The verbal forms in `text` (language `lang`), in order.
pub fn modals(text: &str, lang: &str) -> Vec<Modal> {
    let forms = forms(lang);
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths only outside the scripts matched here;
    // fall back to the text itself when it did.
    let hay = if lower.len() == text.len() {
        &lower
    } else {
        text
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < hay.len() {
        if !hay.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &hay[i..];
        let at_word_start = unspaced(lang)
            || hay[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
        let mut matched = 0;
        if at_word_start {
            if lang == "zh"
                && let Some(w) = ZH_NOT_MODAL.iter().find(|w| rest.starts_with(**w))
            {
                i += w.len();
                continue;
            }
            for (phrase, word, strength, negated) in forms {
                if !rest.starts_with(phrase) {
                    continue;
                }
                let end = rest[phrase.len()..].chars().next();
                if !unspaced(lang) && end.is_some_and(char::is_alphanumeric) {
                    continue;
                }
                matched = phrase.len();
                if !word.is_empty() {
                    out.push(Modal {
                        word: word.to_string(),
                        strength: *strength,
                        negated: *negated,
                        at: i,
                        phrase: phrase.to_string(),
                    });
                }
                break;
            }
        }
        i += if matched > 0 {
            matched
        } else {
            rest.chars().next().map_or(1, char::len_utf8)
        };
    }
    out
}

/// Whether an annex is part of the requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnexStatus {
    /// 规范性, normative, quy định, normatif, ข้อกำหนด.
    Normative,
    /// 资料性, informative, tham khảo, informatif, makluman, ข้อแนะนำ.
    Informative,
}

impl AnnexStatus {
    /// `"normative"` or `"informative"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AnnexStatus::Normative => "normative",
            AnnexStatus::Informative => "informative",
        }
    }
}

/// The status an annex's type line states (`（资料性附录）`, `(normative)`,
/// `(quy định)`, `(informatif)`, `(ข้อแนะนำ)`), with the word as printed. Only a
/// short bracketed line counts, so running text that mentions a normative
/// reference is not an annex type.
pub fn annex_status(line: &str) -> Option<(AnnexStatus, String)> {
    const WORDS: &[(&str, AnnexStatus)] = &[
        ("规范性", AnnexStatus::Normative),
        ("资料性", AnnexStatus::Informative),
        ("informative", AnnexStatus::Informative),
        ("normative", AnnexStatus::Normative),
        ("informatif", AnnexStatus::Informative),
        ("normatif", AnnexStatus::Normative),
        ("makluman", AnnexStatus::Informative),
        ("quy định", AnnexStatus::Normative),
        ("bắt buộc", AnnexStatus::Normative),
        ("tham khảo", AnnexStatus::Informative),
        ("ฉบับบังคับ", AnnexStatus::Normative),
        ("เป็นข้อกำหนด", AnnexStatus::Normative),
        ("ข้อกำหนด", AnnexStatus::Normative),
        ("ข้อแนะนำ", AnnexStatus::Informative),
        ("เป็นข้อมูล", AnnexStatus::Informative),
        ("ให้ข้อมูล", AnnexStatus::Informative),
    ];
    let line = line.trim();
    let inner = line
        .strip_prefix(['(', '（'])
        .and_then(|l| l.strip_suffix([')', '）']))?;
    if inner.chars().count() > 24 {
        return None;
    }
    let lower = inner.to_lowercase();
    let hay = if lower.len() == inner.len() {
        &lower
    } else {
        inner
    };
    WORDS
        .iter()
        .filter_map(|(w, st)| hay.find(w).map(|p| (p, w, *st)))
        .min_by_key(|(p, w, _)| (*p, std::cmp::Reverse(w.len())))
        .map(|(p, w, st)| (st, inner[p..p + w.len()].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, lang: &str) -> Vec<(String, Strength, bool)> {
        modals(text, lang)
            .into_iter()
            .map(|m| (m.word, m.strength, m.negated))
            .collect()
    }

    #[test]
    fn prohibitions_and_the_thai_conformity_form_are_requirements() {
        let m = modals("重量偏差项目不合格时不允许复验。", "zh");
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].negated && m[0].strength == Shall);
        let m = modals("ปูนซีเมนต์ประเภท 2 ถึงประเภท 5 ให้เป็นไปตามภาคผนวก ข", "th");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].word.as_str(), m[0].strength), ("ให้", Shall));
    }

    #[test]
    fn verbal_forms_in_every_language() {
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, Strength, bool)]);
        let cases: &[Case] = &[
            (
                "器具应具有足够的稳定性，器具不应翻倒。",
                "zh",
                &[("应", Shall, false), ("应", Shall, true)],
            ),
            ("使用者宜控制收听音量", "zh", &[("宜", Should, false)]),
            (
                "严禁拆卸。说明可采用纸质形式",
                "zh",
                &[("严禁", Must, true), ("可", May, false)],
            ),
            (
                "Trẻ em nên được giám sát và phải được hướng dẫn",
                "vi",
                &[("nên", Should, false), ("phải", Shall, false)],
            ),
            (
                "dòng điện rò không được vượt quá",
                "vi",
                &[("phải", Shall, true)],
            ),
            (
                "Peranti sebaiknya tidak terguling dan harus stabil",
                "id",
                &[("sebaiknya", Should, true), ("harus", Shall, false)],
            ),
            (
                "Perkakas hendaklah diuji; arus tidak boleh melebihi",
                "ms",
                &[("hendaklah", Shall, false), ("hendaklah", Shall, true)],
            ),
            (
                "เครื่องใช้ไฟฟ้าควรมีความแข็งแรง ความต้านทานต้องไม่เกิน",
                "th",
                &[("ควร", Should, false), ("ต้อง", Shall, true)],
            ),
            (
                "The instructions should state; equipment shall not emit; it may be",
                "en",
                &[
                    ("should", Should, false),
                    ("shall", Shall, true),
                    ("may", May, false),
                ],
            ),
        ];
        for (text, lang, want) in cases {
            let want: Vec<(String, Strength, bool)> = want
                .iter()
                .map(|(w, s, n)| (w.to_string(), *s, *n))
                .collect();
            assert_eq!(found(text, lang), want, "{text}");
        }
    }

    #[test]
    fn ordinary_words_are_not_modals() {
        for (text, lang) in [
            ("相应的要求适用于供应商的应用", "zh"),
            ("环境温度适宜", "zh"),
            ("thiết bị trở nên nóng", "vi"),
            ("การติดตั้งที่ถูกต้องตามที่ต้องการ", "th"),
            ("the shallow tray", "en"),
        ] {
            assert!(
                modals(text, lang).is_empty(),
                "{text}: {:?}",
                modals(text, lang)
            );
        }
    }

    #[test]
    fn recommendations_and_permissions_in_every_language() {
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, Strength, bool)]);
        let cases: &[Case] = &[
            (
                "Batang uji sebaiknya dipotong; pengujian dapat diulang",
                "id",
                &[("sebaiknya", Should, false), ("dapat", May, false)],
            ),
            ("Batang tidak dapat dibengkokkan", "id", &[]),
            (
                "Penandaan sepatutnya jelas dan boleh diulang",
                "ms",
                &[("sepatutnya", Should, false), ("boleh", May, false)],
            ),
            (
                "The bars shall normally be delivered straight; coils are normally used",
                "en",
                &[("normally", Should, false), ("normally", Should, false)],
            ),
            ("试验可按附录B进行", "zh", &[("可", May, false)]),
            (
                "the mechanism shall still work normally",
                "en",
                &[("shall", Shall, false)],
            ),
        ];
        for (text, lang, want) in cases {
            let want: Vec<(String, Strength, bool)> = want
                .iter()
                .map(|(w, s, n)| (w.to_string(), *s, *n))
                .collect();
            assert_eq!(found(text, lang), want, "{text}");
        }
    }

    #[test]
    fn annex_types_in_every_language() {
        use AnnexStatus::*;
        for (line, status, word) in [
            ("（规范性附录）", Normative, "规范性"),
            ("（资料性）", Informative, "资料性"),
            ("(normative)", Normative, "normative"),
            ("(informative)", Informative, "informative"),
            ("(quy định)", Normative, "quy định"),
            ("(tham khảo)", Informative, "tham khảo"),
            ("(normatif)", Normative, "normatif"),
            ("(informatif)", Informative, "informatif"),
            ("(makluman)", Informative, "makluman"),
            ("(เป็นข้อกำหนด)", Normative, "เป็นข้อกำหนด"),
            ("(ข้อแนะนำ)", Informative, "ข้อแนะนำ"),
        ] {
            assert_eq!(
                annex_status(line),
                Some((status, word.to_string())),
                "{line}"
            );
        }
        assert_eq!(
            annex_status("下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。"),
            None
        );
        assert_eq!(annex_status("normative"), None);
    }
}
