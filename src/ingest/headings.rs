//! What a clause is, told from its heading: the section titles of ISO/IEC
//! Directives Part 2 and GB/T 1.1 in the corpus languages.

use crate::model::ClauseKind;

/// Recognises the standard section headings of ISO/IEC Directives Part 2 and GB/T 1.1
/// in the corpus languages.
pub(crate) fn kind_from_heading(heading: &str) -> Option<ClauseKind> {
    const TABLE: &[(ClauseKind, &[&str])] = &[
        (
            ClauseKind::Foreword,
            &[
                "foreword",
                "前言",
                "lời nói đầu",
                "prakata",
                "kata pengantar",
                "คำนำ",
                "pendahuluan kata",
            ],
        ),
        (
            ClauseKind::Introduction,
            &[
                "introduction",
                "引言",
                "lời giới thiệu",
                "pendahuluan",
                "pengenalan",
                "บทนำ",
            ],
        ),
        (
            ClauseKind::Scope,
            &[
                "scope",
                "范围",
                "适用范围",
                "phạm vi",
                "ruang lingkup",
                "skop",
                "ขอบข่าย",
                "ขอบเขต",
            ],
        ),
        (
            ClauseKind::NormativeReferences,
            &[
                "normative references",
                "规范性引用文件",
                "引用标准",
                "引用文件",
                "tài liệu viện dẫn",
                "acuan normatif",
                "rujukan normatif",
                "เอกสารอ้างอิง",
            ],
        ),
        (
            ClauseKind::Terms,
            &[
                "terms and definitions",
                "terms, definitions",
                "术语和定义",
                "术语、定义",
                "thuật ngữ",
                "giải thích từ ngữ",
                "istilah dan definisi",
                "istilah dan takrifan",
                "บทนิยาม",
            ],
        ),
        (
            ClauseKind::Bibliography,
            &[
                "bibliography",
                "参考文献",
                "thư mục",
                "bibliografi",
                "บรรณานุกรม",
            ],
        ),
    ];
    let h = heading.trim().to_lowercase();
    TABLE
        .iter()
        .find(|(_, words)| words.iter().any(|w| h.starts_with(w)))
        .map(|(k, _)| *k)
}
