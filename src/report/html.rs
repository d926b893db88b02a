//! A self-contained HTML report of an alignment: the two standards side by side,
//! clause by clause, with each difference's values marked in the clause text.

use crate::align::diff::{DiffKind, Difference};
use crate::align::{Alignment, Relation};
use crate::model::{Clause, Standard};

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','Noto Sans Thai',sans-serif;margin:1.5rem;color:#1d2329}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.4rem .6rem;vertical-align:top;text-align:left}
th{background:#f3f5f7}.key{font-weight:600;white-space:nowrap}.text{white-space:pre-wrap}
tr.modified td{background:#fffaf0}tr.left-only td,tr.right-only td{background:#f6f0ff}
mark{padding:0 .15em;border-radius:.2em}mark.value{background:#ffd7d5}mark.unit-only{background:#dbeafe}
mark.strength{background:#fde68a}mark.reference{background:#d1fae5}mark.added-text,mark.removed-text{background:#e9d5ff}
ul.diffs{margin:.3rem 0 0 1rem;padding:0;font-size:.9em}.muted{color:#6b7280}";

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Clause text with the given strings marked (first occurrence of each).
fn marked(text: &str, marks: &[(&str, DiffKind)]) -> String {
    let mut spans: Vec<(usize, usize, DiffKind)> = Vec::new();
    for (needle, kind) in marks {
        if needle.is_empty() {
            continue;
        }
        if let Some(at) = text.find(needle) {
            let end = at + needle.len();
            if !spans.iter().any(|(s, e, _)| at < *e && *s < end) {
                spans.push((at, end, *kind));
            }
        }
    }
    spans.sort();
    let mut out = String::new();
    let mut pos = 0;
    for (s, e, kind) in spans {
        out.push_str(&escape(&text[pos..s]));
        out.push_str(&format!(
            "<mark class=\"{}\">{}</mark>",
            kind.as_str(),
            escape(&text[s..e])
        ));
        pos = e;
    }
    out.push_str(&escape(&text[pos..]));
    out
}

fn clause_cell(clauses: &[&Clause], diffs: &[Difference], left: bool) -> String {
    let marks: Vec<(&str, DiffKind)> = diffs
        .iter()
        .filter_map(|d| {
            let v = if left {
                d.left.as_deref()
            } else {
                d.right.as_deref()
            };
            v.map(|v| (v, d.kind))
        })
        .collect();
    clauses
        .iter()
        .map(|c| {
            format!(
                "<div><span class=\"key\">{}</span> {}<div class=\"text\">{}</div></div>",
                escape(&c.label()),
                escape(if crate::model::is_printed_number(&c.key) {
                    c.heading.as_deref().unwrap_or("")
                } else {
                    ""
                }),
                marked(&c.text, &marks)
            )
        })
        .collect()
}

fn find<'a>(s: &'a Standard, keys: &[String]) -> Vec<&'a Clause> {
    keys.iter()
        .filter_map(|k| s.clauses.iter().find(|c| &c.key == k))
        .collect()
}

/// The whole report as one HTML page.
pub fn alignment_html(a: &Alignment, left: &Standard, right: &Standard) -> String {
    let mut rows = String::new();
    for p in &a.pairs {
        let class = match p.relation {
            Relation::Equivalent => "equivalent",
            Relation::Modified => "modified",
        };
        let diffs: String = p
            .differences
            .iter()
            .map(|d| {
                format!(
                    "<li><b>{}</b> {} → {}{} <span class=\"muted\">{}</span></li>",
                    d.kind.as_str(),
                    escape(d.left.as_deref().unwrap_or("—")),
                    escape(d.right.as_deref().unwrap_or("—")),
                    d.quantity
                        .as_deref()
                        .map(|q| format!(" ({})", escape(q)))
                        .unwrap_or_default(),
                    escape(&d.note)
                )
            })
            .collect();
        rows.push_str(&format!(
            "<tr class=\"{class}\"><td>{}</td><td>{}</td><td>{}{}<br><span class=\"muted\">score {:.2}{}</span>{}</td></tr>\n",
            clause_cell(&find(left, &p.left), &p.differences, true),
            clause_cell(&find(right, &p.right), &p.differences, false),
            class,
            if p.moved { " (moved)" } else { "" },
            p.score,
            "",
            if diffs.is_empty() { String::new() } else { format!("<ul class=\"diffs\">{diffs}</ul>") },
        ));
    }
    for k in &a.left_only {
        rows.push_str(&format!(
            "<tr class=\"left-only\"><td>{}</td><td class=\"muted\">—</td><td>only in {}</td></tr>\n",
            clause_cell(&find(left, std::slice::from_ref(k)), &[], true),
            escape(&a.left)
        ));
    }
    for k in &a.right_only {
        rows.push_str(&format!(
            "<tr class=\"right-only\"><td class=\"muted\">—</td><td>{}</td><td>only in {}</td></tr>\n",
            clause_cell(&find(right, std::slice::from_ref(k)), &[], false),
            escape(&a.right)
        ));
    }
    let s = &a.summary;
    let kinds: Vec<String> = s
        .differences
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{l} ↔ {r}</title><style>{STYLE}</style></head><body>\n<h1>{l} ↔ {r}</h1>\n\
<p>{} aligned groups ({} equivalent, {} modified), {} only in {l}, {} only in {r}. Differences: {}. Matching: {}.</p>\n\
<table><thead><tr><th>{l}</th><th>{r}</th><th>relation and differences</th></tr></thead><tbody>\n{rows}</tbody></table>\n\
<p class=\"muted\">Generated by stdalign. Clause texts as ingested; differences are found automatically and should be verified against the official texts.</p></body></html>\n",
        s.pairs,
        s.equivalent,
        s.modified,
        s.left_only,
        s.right_only,
        if kinds.is_empty() {
            "none".to_string()
        } else {
            kinds.join(", ")
        },
        escape(&a.method),
        l = escape(&a.left),
        r = escape(&a.right),
    )
}
