//! Chemical species named in the composition tables of materials standards
//! (cement, steel, glass …), in every corpus language, as one formula.
//!
//! A composition limit is known by the species it bounds: `三氧化硫`, `sulfur
//! trioxide`, `ซัลเฟอร์ไตรออกไซด์ (SO3)` and `SO₃` are one property, whatever the
//! table's layout (species as columns on one side, as rows on the other). The
//! formula is the property's symbol (see [`super::diff::property_symbol`]), so a
//! species pairs with its counterpart as a printed symbol does.

use std::sync::LazyLock;

/// (formula, names in zh, en, vi, th, id and ms, and formula spellings). A compound
/// comes before the elements its name contains (`三氧化硫` before `硫`).
const SPECIES: &[(&str, &[&str])] = &[
    // Composite measures.
    (
        "Ceq",
        &[
            "碳当量",
            "carbon equivalent",
            "đương lượng cacbon",
            "cacbon tương đương",
            "đương lượng các bon",
            "คาร์บอนสมมูล",
            "karbon ekuivalen",
            "karbon ekivalen",
            "setara karbon",
            "kesetaraan karbon",
            "Ceq",
            "CEV",
        ],
    ),
    (
        "LOI",
        &[
            "烧失量",
            "loss on ignition",
            "mất khi nung",
            "lượng mất khi nung",
            "การสูญเสียน้ำหนักเนื่องจากการเผา",
            "ความสูญเสียเนื่องจากการเผา",
            "hilang pijar",
            "kehilangan pijar",
            "kehilangan semasa pembakaran",
            "LOI",
        ],
    ),
    (
        "IR",
        &[
            "不溶物",
            "insoluble residue",
            "cặn không tan",
            "กากที่ไม่ละลาย",
            "bagian tak larut",
            "bagian yang tidak larut",
            "residu tak larut",
            "baki tak larut",
        ],
    ),
    (
        "alkali",
        &[
            "碱含量",
            "equivalent alkali",
            "alkali content",
            "hàm lượng kiềm",
            "ปริมาณด่าง",
            "kadar alkali",
            "kandungan alkali",
        ],
    ),
    (
        "f-CaO",
        &[
            "游离氧化钙",
            "free lime",
            "free calcium oxide",
            "vôi tự do",
            "canxi oxit tự do",
            "ปูนขาวอิสระ",
            "kapur bebas",
            "f-CaO",
        ],
    ),
    // Oxides and ions.
    (
        "SO3",
        &[
            "三氧化硫",
            "sulfur trioxide",
            "sulphur trioxide",
            "sulfuric anhydride",
            "sulphuric anhydride",
            "anhydrit sunfuric",
            "anhiđrit sunfuric",
            "lưu huỳnh trioxit",
            "ซัลเฟอร์ไตรออกไซด์",
            "ซัลฟิวริกแอนไฮไดรด์",
            "sulfur trioksida",
            "belerang trioksida",
            "SO3",
            "SO₃",
        ],
    ),
    (
        "MgO",
        &[
            "氧化镁",
            "magnesium oxide",
            "magnesia",
            "magie oxit",
            "magiê oxit",
            "แมกนีเซียมออกไซด์",
            "magnesium oksida",
            "MgO",
        ],
    ),
    (
        "CaO",
        &[
            "氧化钙",
            "calcium oxide",
            "canxi oxit",
            "แคลเซียมออกไซด์",
            "kalsium oksida",
            "CaO",
        ],
    ),
    (
        "SiO2",
        &[
            "二氧化硅",
            "silicon dioxide",
            "silica",
            "silic đioxit",
            "silic dioxit",
            "ซิลิคอนไดออกไซด์",
            "silikon dioksida",
            "silika",
            "SiO2",
            "SiO₂",
        ],
    ),
    (
        "Al2O3",
        &[
            "三氧化二铝",
            "氧化铝",
            "aluminium oxide",
            "aluminum oxide",
            "alumina",
            "nhôm oxit",
            "อะลูมิเนียมออกไซด์",
            "aluminium oksida",
            "Al2O3",
            "Al₂O₃",
        ],
    ),
    (
        "Fe2O3",
        &[
            "三氧化二铁",
            "氧化铁",
            "ferric oxide",
            "iron oxide",
            "sắt oxit",
            "เฟอร์ริกออกไซด์",
            "besi oksida",
            "Fe2O3",
            "Fe₂O₃",
        ],
    ),
    (
        "Na2O",
        &[
            "氧化钠",
            "sodium oxide",
            "natri oxit",
            "โซเดียมออกไซด์",
            "natrium oksida",
            "Na2O",
            "Na₂O",
        ],
    ),
    (
        "K2O",
        &[
            "氧化钾",
            "potassium oxide",
            "kali oxit",
            "โพแทสเซียมออกไซด์",
            "kalium oksida",
            "K2O",
            "K₂O",
        ],
    ),
    (
        "Cl",
        &[
            "氯离子",
            "氯化物",
            "chloride",
            "ion clo",
            "clorua",
            "คลอไรด์",
            "klorida",
            "Cl⁻",
            "Cl-",
        ],
    ),
    // Elements (steel and alloys).
    (
        "C",
        &["碳", "carbon", "cacbon", "các bon", "คาร์บอน", "karbon"],
    ),
    ("Si", &["硅", "silicon", "silic", "ซิลิคอน", "silikon"]),
    ("Mn", &["锰", "manganese", "mangan", "แมงกานีส"]),
    (
        "P",
        &[
            "磷",
            "phosphorus",
            "phốt pho",
            "photpho",
            "ฟอสฟอรัส",
            "fosfor",
        ],
    ),
    (
        "S",
        &[
            "硫",
            "sulfur",
            "sulphur",
            "lưu huỳnh",
            "กำมะถัน",
            "ซัลเฟอร์",
            "belerang",
        ],
    ),
    ("N", &["氮", "nitrogen", "nitơ", "ไนโตรเจน"]),
    (
        "Cr",
        &[
            "铬",
            "chromium",
            "crôm",
            "crom",
            "โครเมียม",
            "kromium",
            "krom",
        ],
    ),
    ("Ni", &["镍", "nickel", "niken", "นิกเกิล", "nikel"]),
    ("Cu", &["铜", "copper", "ทองแดง", "tembaga"]),
    (
        "Mo",
        &[
            "钼",
            "molybdenum",
            "molipđen",
            "molypden",
            "โมลิบดีนัม",
            "molibdenum",
        ],
    ),
    ("V", &["钒", "vanadium", "vanađi", "vanadi", "วาเนเดียม"]),
    ("Nb", &["铌", "niobium", "niobi", "ไนโอเบียม"]),
    ("Ti", &["钛", "titanium", "titan", "ไทเทเนียม"]),
    ("B", &["硼", "boron", "โบรอน"]),
];

/// The species a short text (a table header cell, a row label, the phrase before a
/// value) names, as its formula: the one named last when it names several. Latin
/// names and formulas match whole words only (`Si` is not in `Size`, `carbon` not
/// in `carbonation`); Chinese and Thai names match anywhere, as those scripts are
/// written without spaces.
pub fn species(text: &str) -> Option<&'static str> {
    static NAMES: LazyLock<Vec<Name>> = LazyLock::new(|| {
        SPECIES
            .iter()
            .flat_map(|(formula, names)| {
                names.iter().map(move |name| {
                    // Formulas are case-sensitive (`Cl`, `CaO`); names are not.
                    let case_sensitive = name.chars().any(|c| c.is_ascii_uppercase());
                    let needle = if case_sensitive {
                        name.to_string()
                    } else {
                        name.to_lowercase()
                    };
                    Name {
                        formula,
                        spaced: needle.chars().all(|c| c.is_ascii() || is_latin_letter(c)),
                        needle,
                        case_sensitive,
                    }
                })
            })
            .collect()
    });
    let lower = text.to_lowercase();
    let mut best: Option<(usize, usize, &'static str)> = None;
    for n in NAMES.iter() {
        let hay = if n.case_sensitive {
            text
        } else {
            lower.as_str()
        };
        for (at, _) in hay.match_indices(n.needle.as_str()) {
            if n.spaced && !whole_word(hay, at, n.needle.len()) {
                continue;
            }
            let end = at + n.needle.len();
            // The last named wins; at one end, the longer name (the compound).
            let better =
                best.is_none_or(|(e, len, _)| end > e || (end == e && n.needle.len() > len));
            // A name inside a longer one already found (`硫` in `三氧化硫`) is not a
            // second species.
            let inside = best.is_some_and(|(e, len, _)| at >= e - len && end <= e);
            if better && !inside {
                best = Some((end, n.needle.len(), n.formula));
            }
        }
    }
    best.map(|(_, _, f)| f)
}

/// One name of a species, prepared once for matching.
struct Name {
    formula: &'static str,
    needle: String,
    case_sensitive: bool,
    /// Written with spaces between words: matches whole words only.
    spaced: bool,
}

/// Letters of Latin script, with Vietnamese ones (`đ`, `ơ`).
fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && (c as u32) < 0x2000
}

/// Whether `hay[at..at + len]` stands as a word: no letter or digit joined to it on
/// either side.
fn whole_word(hay: &str, at: usize, len: usize) -> bool {
    let before = hay[..at].chars().next_back();
    let after = hay[at + len..].chars().next();
    let joins = |c: Option<char>| c.is_some_and(|c| is_latin_letter(c) || c.is_ascii_digit());
    !joins(before) && !joins(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_species_by_name_or_formula_in_every_language() {
        for text in [
            "三氧化硫（质量分数）/%",
            "ซัลเฟอร์ไตรออกไซด์ (SO3)",
            "Sulfuric anhydride (SO₃), %",
            "Anhydrit sunfuric (SO3), %, không lớn hơn",
            "Sulfur trioksida",
        ] {
            assert_eq!(species(text), Some("SO3"), "{text}");
        }
        assert_eq!(species("不溶物（质量分数）/%"), Some("IR"));
        assert_eq!(
            species("การสูญเสียน้ำหนักเนื่องจากการเผา ชนิดที่ใช้วัสดุผสม"),
            Some("LOI")
        );
        assert_eq!(species("คลอไรด์ (Cl⁻)"), Some("Cl"));
        assert_eq!(species("钢的氮含量应不大于"), Some("N"));
        assert_eq!(species("碳当量Ceq的允许偏差为"), Some("Ceq"));
        assert_eq!(species("Kadar karbon maksimum"), Some("C"));
    }

    #[test]
    fn words_that_contain_a_name_are_not_species() {
        assert_eq!(species("Size of the sample"), None);
        assert_eq!(species("carbonation depth"), None);
        assert_eq!(species("牌号"), None);
        assert_eq!(species("Class B"), None);
    }
}
