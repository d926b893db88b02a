//! Renders results that already exist (alignments, matrices, checklists) as CSV,
//! XLSX, HTML and the JSON shapes the CLI and the API share, for the CLI's `-o FILE` and the HTTP API's downloads alike. Nothing
//! here computes a new fact: every cell comes from the [`Alignment`] and the clause
//! texts of the two standards.

mod html;
mod json;

pub use html::alignment_html;
pub use json::{FileError, FileJson, IngestJson, ShowJson};

use crate::align::Alignment;
use crate::align::matrix::Matrix;
use crate::model::Standard;
use crate::{Error, Result};

/// Columns of the tabular alignment export (CSV and XLSX).
pub const ALIGNMENT_COLUMNS: [&str; 12] = [
    "left_keys",
    "right_keys",
    "relation",
    "score",
    "moved",
    "left_heading",
    "right_heading",
    "kind",
    "left_value",
    "right_value",
    "quantity",
    "note",
];

/// One row per difference; a pair without differences, and each one-side-only
/// clause, get one row of their own.
pub fn alignment_rows(a: &Alignment, left: &Standard, right: &Standard) -> Vec<Vec<String>> {
    let heading = |s: &Standard, keys: &[String]| -> String {
        keys.iter()
            .filter_map(|k| s.clauses.iter().find(|c| &c.key == k))
            .filter_map(|c| c.heading.clone())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let labels = |s: &Standard, keys: &[String]| -> String {
        keys.iter()
            .map(|k| match s.clauses.iter().find(|c| &c.key == k) {
                Some(c) => c.label(),
                None => k.clone(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut rows = Vec::new();
    for p in &a.pairs {
        let base = [
            labels(left, &p.left),
            labels(right, &p.right),
            match p.relation {
                crate::align::Relation::Equivalent => "equivalent".to_string(),
                crate::align::Relation::Modified => "modified".to_string(),
            },
            format!("{:.2}", p.score),
            if p.moved { "yes".into() } else { String::new() },
            heading(left, &p.left),
            heading(right, &p.right),
        ];
        if p.differences.is_empty() {
            rows.push(row(&base, ["", "", "", "", ""].map(String::from)));
        }
        for d in &p.differences {
            rows.push(row(
                &base,
                [
                    d.kind.as_str().to_string(),
                    d.left.clone().unwrap_or_default(),
                    d.right.clone().unwrap_or_default(),
                    d.quantity.clone().unwrap_or_default(),
                    d.note.clone(),
                ],
            ));
        }
    }
    for k in &a.left_only {
        let base = [
            labels(left, std::slice::from_ref(k)),
            String::new(),
            "left-only".into(),
            String::new(),
            String::new(),
            heading(left, std::slice::from_ref(k)),
            String::new(),
        ];
        rows.push(row(
            &base,
            [
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                format!("only in {}", a.left),
            ],
        ));
    }
    for k in &a.right_only {
        let base = [
            String::new(),
            labels(right, std::slice::from_ref(k)),
            "right-only".into(),
            String::new(),
            String::new(),
            String::new(),
            heading(right, std::slice::from_ref(k)),
        ];
        rows.push(row(
            &base,
            [
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                format!("only in {}", a.right),
            ],
        ));
    }
    rows
}

fn row(base: &[String; 7], rest: [String; 5]) -> Vec<String> {
    base.iter().chain(rest.iter()).cloned().collect()
}

/// CSV text (RFC 4180 quoting) of a header and rows.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = header
        .iter()
        .map(|h| field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|s| field(s)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// An XLSX workbook with one sheet of a header and rows.
pub fn xlsx(sheet: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Report(e.to_string());
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(fail)?;
    let bold = Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).map_err(fail)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(fail)?;
    ws.autofilter(
        0,
        0,
        rows.len() as u32,
        header.len().saturating_sub(1) as u16,
    )
    .map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

/// The alignment as CSV.
pub fn alignment_csv(a: &Alignment, left: &Standard, right: &Standard) -> String {
    csv(&ALIGNMENT_COLUMNS, &alignment_rows(a, left, right))
}

/// The alignment as an XLSX workbook.
pub fn alignment_xlsx(a: &Alignment, left: &Standard, right: &Standard) -> Result<Vec<u8>> {
    xlsx(
        "Alignment",
        &ALIGNMENT_COLUMNS,
        &alignment_rows(a, left, right),
    )
}

/// The matrix as a header and rows: the standard's value, then value and status per
/// counterpart, then the conflict flag and the suggestion.
pub fn matrix_table(m: &Matrix) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = ["key", "heading", "aspect", "quantity"]
        .map(String::from)
        .to_vec();
    header.push(m.standard.clone());
    for c in &m.counterparts {
        header.push(c.reference.clone());
        header.push(format!("{} status", c.reference));
    }
    header.extend(["conflict", "suggestion", "basis"].map(String::from));
    let rows = m
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                r.key.clone(),
                r.heading.clone().unwrap_or_default(),
                r.aspect.clone(),
                r.quantity.clone().unwrap_or_default(),
                r.value.clone().unwrap_or_default(),
            ];
            for c in &r.cells {
                row.push(c.value.clone().unwrap_or_default());
                row.push(c.status.clone());
            }
            row.push(if r.conflict {
                "yes".into()
            } else {
                String::new()
            });
            row.push(r.suggestion.clone().unwrap_or_default());
            row.push(r.basis.clone().unwrap_or_default());
            row
        })
        .collect();
    (header, rows)
}

/// The matrix as CSV.
pub fn matrix_csv(m: &Matrix) -> String {
    let (header, rows) = matrix_table(m);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv(&header, &rows)
}

/// The matrix as an XLSX workbook.
pub fn matrix_xlsx(m: &Matrix) -> Result<Vec<u8>> {
    let (header, rows) = matrix_table(m);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    xlsx("Matrix", &header, &rows)
}
