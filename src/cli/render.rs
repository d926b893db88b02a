//! Terminal and JSON output of the CLI. Rendering only: everything printed here was
//! computed by the engine.

use crate::align::check::Checklist;
use crate::align::counterparts::StandardCounterpart;
use crate::align::matrix::Matrix;
use crate::align::{Alignment, Relation};
use crate::bench::BenchReport;
use crate::engine::IngestReport;
use crate::eval::align::{AlignEvaluation, Prf};
use crate::eval::harmonise::{CheckEvaluation, MatrixEvaluation};
use crate::model::{Clause, Standard, StandardInfo};
use crate::report::IngestJson;
use crate::search::SearchResults;
use serde::Serialize;
use std::path::Path;

/// Prints any value as pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) {
    // Our types serialise infallibly (no maps with non-string keys).
    say!(
        "{}",
        serde_json::to_string_pretty(value).expect("serialisable")
    );
}

/// Ingest summary for people.
pub fn ingest(report: &IngestReport, index: &Path) {
    let j = IngestJson::from(report);
    say!(
        "{} standards, {} clauses ({} added, {} replaced, {} unchanged) in {}",
        j.standards,
        j.clauses,
        j.added,
        j.replaced,
        j.unchanged,
        index.display()
    );
    if j.twins > 0 {
        say!(
            "{} PDF(s) skipped: the same standard is indexed from XML, whose text is kept",
            j.twins
        );
    }
    for f in j.files.iter().filter(|f| !f.warnings.is_empty()) {
        for w in &f.warnings {
            say!("  warning: {}: {w}", f.file);
        }
    }
    if !j.errors.is_empty() {
        say!("{} file(s) could not be ingested:", j.errors.len());
        for e in &j.errors {
            say!("  {}: {}", e.file, e.reason);
        }
    }
}

fn one_line(text: &str, max: usize) -> String {
    let flat = text.replace('\n', " ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Search results for people.
pub fn search(results: &SearchResults, offset: usize) {
    if let Some(w) = &results.warning {
        eprintln!("warning: {w}");
    }
    if let Some(r) = &results.restored {
        say!("searched for \"{r}\"");
    }
    if results.results.is_empty() {
        say!("no clause matches \"{}\"", results.query);
        return;
    }
    for (n, h) in results.results.iter().enumerate() {
        say!(
            "{:>2}. {}  {}  {}  [{}]  {:.3}",
            offset + n + 1,
            h.standard,
            h.key,
            h.heading.as_deref().unwrap_or(""),
            h.lang,
            h.score
        );
        say!("    {}", one_line(&h.text, 160));
    }
}

/// Standards table for people.
pub fn list(list: &[&StandardInfo]) {
    if list.is_empty() {
        say!("the index is empty: run `stdalign ingest <folder>`");
        return;
    }
    for s in list {
        let adoption = s
            .adoptions
            .iter()
            .map(|a| format!("{} {}", a.reference, a.degree))
            .collect::<Vec<_>>()
            .join(", ");
        say!(
            "{:<28} {:<3} {:<6} {:>4} clauses  {}{}",
            s.reference,
            s.lang,
            s.body,
            s.clause_count,
            s.title(&s.lang).unwrap_or(""),
            if adoption.is_empty() {
                String::new()
            } else {
                format!("  [{adoption}]")
            }
        );
    }
}

/// A whole standard for people: metadata, then the clause outline with text.
pub fn standard(s: &Standard) {
    header(&s.info);
    for c in &s.clauses {
        let indent = "  ".repeat(c.depth.saturating_sub(1) as usize);
        say!("{indent}{} {}", c.key, c.heading.as_deref().unwrap_or(""));
        if !c.text.is_empty() {
            say!("{indent}    {}", one_line(&c.text, 120));
        }
    }
}

fn header(s: &StandardInfo) {
    say!("{}", s.reference);
    for (lang, title) in &s.titles {
        say!("  title [{lang}]: {title}");
    }
    say!(
        "  body: {} ({}), language: {}, ICS: {}",
        s.body,
        s.country,
        s.lang,
        s.ics.join(", ")
    );
    for a in &s.adoptions {
        say!("  adopts: {} ({})", a.reference, a.degree);
    }
    say!("  source: {}", s.source.path);
}

/// One clause for people.
pub fn clause(info: &StandardInfo, c: &Clause) {
    say!(
        "{} {}  {}",
        info.reference,
        c.key,
        c.heading.as_deref().unwrap_or("")
    );
    say!("[{} | {}]", c.kind, c.lang);
    say!("{}", c.text);
    if !c.references.is_empty() {
        say!("references: {}", c.references.join(", "));
    }
}

/// One evaluation run (one fusion constant).
#[derive(Serialize)]
pub struct EvalRun {
    /// Reciprocal-rank-fusion constant used for hybrid.
    pub rrf_k: f32,
    /// Scores per mode.
    pub modes: Vec<crate::eval::ModeScores>,
}

/// Evaluation table for people.
pub fn eval(runs: &[EvalRun], queries: usize) {
    say!("{queries} gold queries; metrics at 10");
    for run in runs {
        say!("\nRRF k = {}", run.rrf_k);
        say!(
            "{:<8} {:>10} {:>8} {:>8}",
            "mode",
            "Recall@10",
            "MRR@10",
            "nDCG@10"
        );
        for m in &run.modes {
            say!(
                "{:<8} {:>10.3} {:>8.3} {:>8.3}",
                m.mode.as_str(),
                m.all.recall_at_10,
                m.all.mrr_at_10,
                m.all.ndcg_at_10
            );
        }
        let langs: Vec<&String> = run
            .modes
            .first()
            .map(|m| m.by_lang.keys().collect())
            .unwrap_or_default();
        say!("Recall@10 by query language:");
        for lang in langs {
            let cells: Vec<String> = run
                .modes
                .iter()
                .map(|m| format!("{} {:.3}", m.mode.as_str(), m.by_lang[lang].recall_at_10))
                .collect();
            say!(
                "  {lang:<3} ({:>2} queries)  {}",
                run.modes[0].by_lang[lang].queries,
                cells.join("  ")
            );
        }
        say!(
            "Recall@10 / MRR@10 against the relevant clauses in the query's language or the others:"
        );
        for reach in ["same-language", "cross-lingual"] {
            let cells: Vec<String> = run
                .modes
                .iter()
                .filter_map(|m| {
                    let s = m.by_reach.get(reach)?;
                    Some(format!(
                        "{} {:.3}/{:.3}",
                        m.mode.as_str(),
                        s.recall_at_10,
                        s.mrr_at_10
                    ))
                })
                .collect();
            say!("  {reach:<14} {}", cells.join("  "));
        }
        let slots: Vec<String> = run
            .modes
            .iter()
            .map(|m| format!("{} {}", m.mode.as_str(), m.unrelated_slots))
            .collect();
        say!(
            "top-10 slots taken by documents no gold query lists: {}",
            slots.join("  ")
        );
    }
}

/// Benchmark figures for people.
pub fn bench(r: &BenchReport) {
    say!("{r}");
}

/// An alignment for people: one line per group, differences indented below.
pub fn alignment(a: &Alignment, left: &Standard, right: &Standard) -> String {
    use std::fmt::Write;
    let heading = |s: &Standard, keys: &[String]| -> String {
        keys.first()
            .and_then(|k| s.clauses.iter().find(|c| &c.key == k))
            .and_then(|c| c.heading.clone())
            .unwrap_or_default()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{} ↔ {}  (matching: {})", a.left, a.right, a.method);
    for p in &a.pairs {
        let relation = match p.relation {
            Relation::Equivalent => "equivalent",
            Relation::Modified => "modified",
        };
        let _ = writeln!(
            out,
            "{:>10} ↔ {:<10} {:<10} {:.2}{}  {}",
            p.left.join("+"),
            p.right.join("+"),
            relation,
            p.score,
            if p.moved { " moved" } else { "" },
            one_line(&heading(left, &p.left), 40)
        );
        for d in &p.differences {
            let _ = writeln!(
                out,
                "{:>24} {:<12} {} → {}{}  {}",
                "",
                d.kind.as_str(),
                one_line(d.left.as_deref().unwrap_or("—"), 50),
                one_line(d.right.as_deref().unwrap_or("—"), 50),
                d.quantity
                    .as_deref()
                    .map(|q| format!(" [{q}]"))
                    .unwrap_or_default(),
                d.note
            );
        }
    }
    let only = |keys: &[String], s: &Standard| -> String {
        keys.iter()
            .map(|k| format!("{k} {}", one_line(&heading(s, std::slice::from_ref(k)), 30)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let _ = writeln!(out, "only in {}: {}", a.left, only(&a.left_only, left));
    let _ = writeln!(out, "only in {}: {}", a.right, only(&a.right_only, right));
    let s = &a.summary;
    let kinds: Vec<String> = s
        .differences
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    let _ = writeln!(
        out,
        "{} groups: {} equivalent, {} modified; {} left only, {} right only; differences: {}",
        s.pairs,
        s.equivalent,
        s.modified,
        s.left_only,
        s.right_only,
        if kinds.is_empty() {
            "none".into()
        } else {
            kinds.join(", ")
        }
    );
    out
}

/// Alignment evaluation: one line per gold file, one per class (pair kinds and
/// perturbations), differences by kind, and how well the confidence is calibrated.
pub fn eval_align(e: &AlignEvaluation) {
    let cell = |p: &Prf| format!("{:.2}/{:.2}/{:.2}", p.precision, p.recall, p.f1);
    let line = |name: &str, s: &crate::eval::align::AlignScores| {
        say!(
            "{:<58} {:>14} {:>14} {:>14}",
            name,
            cell(&s.pairs),
            cell(&s.one_side),
            cell(&s.differences)
        );
    };
    say!(
        "{:<58} {:>14} {:>14} {:>14}",
        "P/R/F1",
        "pairs",
        "one-side",
        "differences"
    );
    for f in &e.files {
        line(
            &format!("{} ↔ {} ({})", f.left, f.right, f.class),
            &f.scores,
        );
    }
    line("all gold files", &e.total);
    say!();
    for (class, s) in &e.classes {
        line(class, s);
    }
    line("overall (gold files and perturbations)", &e.overall);
    say!("differences by kind, gold files (found tp/fp/fn, P/R/F1):");
    for (kind, p) in &e.total.by_kind {
        say!(
            "  {kind:<13} {:>3}/{:>3}/{:>3}  {}",
            p.tp,
            p.fp,
            p.fn_,
            cell(p)
        );
    }
    let d = &e.total.direction;
    say!(
        "  direction of found value differences (stricter / less strict): {:>3}/{:>3}/{:>3}  {}",
        d.tp,
        d.fp,
        d.fn_,
        cell(d)
    );
    let c = &e.calibration;
    say!(
        "confidence: {} groups, Brier {:.3}, ECE {:.3}; per bin (groups, mean confidence → share right):",
        c.groups,
        c.brier,
        c.ece
    );
    for b in &c.bins {
        say!(
            "  {:.1}–{:.1} {:>5}  {:.2} → {:.2}",
            b.from,
            b.from + 0.1,
            b.groups,
            b.confidence,
            b.right
        );
    }
}

/// PDF reading scores per file, the misses of each, and the totals.
pub fn eval_pdf(scores: &[crate::eval::pdf::PdfScore]) {
    say!(
        "{:<34} {:>7} {:>13} {:>13} {:>8} {:>7}",
        "file",
        "fields",
        "keys",
        "headings",
        "samples",
        "secs"
    );
    let (mut keys, mut headings, mut total) = (0, 0, 0);
    for s in scores {
        if let Some(e) = &s.error {
            say!("{:<34} not ingested: {e}", s.file);
        } else {
            say!(
                "{:<34} {:>3}/{:<3} {:>5}/{:<4}{:.2} {:>5}/{:<4}{:.2} {:>8.3} {:>7.1}",
                s.file,
                s.fields_ok(),
                s.fields.len(),
                s.keys_found,
                s.keys_total,
                s.key_recall(),
                s.headings_found,
                s.keys_total,
                s.heading_recall(),
                s.sample_mean(),
                s.seconds
            );
        }
        keys += s.keys_found;
        headings += s.headings_found;
        total += s.keys_total;
    }
    for s in scores {
        let bad: Vec<String> = s
            .fields
            .iter()
            .filter(|f| !f.ok)
            .map(|f| format!("{}: '{}' (gold '{}')", f.field, f.found, f.expected))
            .collect();
        let low: Vec<String> = s
            .samples
            .iter()
            .filter(|(_, x)| *x < 0.95)
            .map(|(k, x)| format!("{k} {x:.2}"))
            .collect();
        if bad.is_empty() && low.is_empty() && s.missed.is_empty() {
            continue;
        }
        say!("\n{}", s.file);
        for b in bad {
            say!("  field  {b}");
        }
        if !low.is_empty() {
            say!("  samples below 0.95: {}", low.join(", "));
        }
        for m in s.missed.iter().take(15) {
            say!("  clause {m}");
        }
        if s.missed.len() > 15 {
            say!("  … {} more clauses missed", s.missed.len() - 15);
        }
    }
    say!(
        "\nall: keys {keys}/{total} ({:.3}), with headings {headings}/{total} ({:.3})",
        keys as f64 / total.max(1) as f64,
        headings as f64 / total.max(1) as f64
    );
}

/// The conflicts of a matrix for people (every row is in --json/--csv/--xlsx).
pub fn matrix(m: &Matrix) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let refs: Vec<&str> = m
        .counterparts
        .iter()
        .map(|c| c.reference.as_str())
        .collect();
    let _ = writeln!(out, "{} against {}", m.standard, refs.join(", "));
    let conflicts: Vec<_> = m.rows.iter().filter(|r| r.conflict).collect();
    for r in &conflicts {
        let cells: Vec<String> = r
            .cells
            .iter()
            .zip(&m.counterparts)
            .map(|(c, p)| format!("{}: {}", p.body, c.value.as_deref().unwrap_or(&c.status)))
            .collect();
        let _ = writeln!(
            out,
            "{:>8} {:<9} {:<14} {}  |  {}  => {} ({})",
            r.key,
            r.aspect,
            r.quantity.as_deref().unwrap_or(""),
            r.value.as_deref().unwrap_or("—"),
            cells.join("; "),
            r.suggestion.as_deref().unwrap_or("—"),
            r.basis.as_deref().unwrap_or("")
        );
    }
    let _ = writeln!(
        out,
        "{} rows, {} with conflicts (all rows: --json, --csv or --xlsx)",
        m.rows.len(),
        conflicts.len()
    );
    out
}

/// An exporter checklist for people.
pub fn checklist(c: &Checklist) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Certified to {}; target {}: {}",
        c.have,
        c.target,
        c.counterparts.join(", ")
    );
    for i in &c.items {
        let _ = writeln!(
            out,
            "[{:?}] {} {} {}  {}: {} → {}  ({})",
            i.severity,
            i.standard,
            i.keys.join("+"),
            one_line(i.heading.as_deref().unwrap_or(""), 30),
            i.kind,
            i.have_value
                .as_deref()
                .map(|v| one_line(v, 40))
                .unwrap_or_else(|| "—".into()),
            i.target_value
                .as_deref()
                .map(|v| one_line(v, 40))
                .unwrap_or_else(|| "—".into()),
            i.note
        );
    }
    let _ = writeln!(out, "{} items", c.items.len());
    out
}

/// Counterparts of a standard for people: one line each with the evidence.
pub fn counterparts(reference: &str, found: &[StandardCounterpart]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if found.is_empty() {
        let _ = writeln!(out, "No counterpart of {reference} in the index.");
        return out;
    }
    for c in found {
        let e = &c.evidence;
        let mut why = Vec::new();
        if let Some(a) = &e.common_adoption {
            why.push(format!("both adopt {a}"));
        }
        if !e.shared_ics.is_empty() {
            why.push(format!("ICS {}", e.shared_ics.join(", ")));
        }
        if let Some(s) = e.title_similarity {
            why.push(format!("title {s:.2}"));
        }
        if let Some(s) = e.scope_similarity {
            why.push(format!("scope {s:.2}"));
        }
        if let Some(s) = e.alignment_coverage {
            why.push(format!("aligned {:.0} %", s * 100.0));
        }
        let _ = writeln!(
            out,
            "{:.2}  {:<28} {:<3} {:<13} {}",
            c.confidence,
            c.reference,
            c.lang,
            c.relation,
            why.join("; ")
        );
    }
    out
}

fn prf_cells(p: &Prf) -> String {
    format!(
        "{:>3}/{:>3}/{:>3}  {:.2}/{:.2}/{:.2}",
        p.tp, p.fp, p.fn_, p.precision, p.recall, p.f1
    )
}

/// Checklist evaluation: per gold file, per item kind, in all.
pub fn eval_check(e: &CheckEvaluation) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{:<52} tp/fp/fn  P/R/F1", "checklist items");
    for f in &e.files {
        let _ = writeln!(out, "{:<52} {}", f.name, prf_cells(&f.scores));
    }
    for (kind, p) in &e.by_kind {
        let _ = writeln!(out, "  {kind:<50} {}", prf_cells(p));
    }
    let _ = writeln!(out, "{:<52} {}", "all items", prf_cells(&e.total));
    out
}

/// Matrix evaluation: conflicting cells per standard, and suggestions against their basis.
pub fn eval_matrix(e: &MatrixEvaluation) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{:<52} tp/fp/fn  P/R/F1", "conflicting cells");
    for s in &e.standards {
        let _ = writeln!(out, "{:<52} {}", s.name, prf_cells(&s.scores));
    }
    let _ = writeln!(out, "{:<52} {}", "all cells", prf_cells(&e.total));
    let _ = writeln!(
        out,
        "suggestions consistent with their basis: {} of {}",
        e.suggestions - e.inconsistent.len(),
        e.suggestions
    );
    for why in &e.inconsistent {
        let _ = writeln!(out, "  {why}");
    }
    out
}

/// Term groups as a glossary: one block per concept, one line per language.
pub fn terms(query: &str, found: &[&crate::terms::TermGroup]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if found.is_empty() {
        let _ = writeln!(out, "No term matching \"{query}\" in the index.");
        return out;
    }
    for (n, g) in found.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        for lang in g.languages() {
            let mut texts: Vec<&str> = Vec::new();
            let mut sources: Vec<String> = Vec::new();
            for t in g.terms.iter().filter(|t| t.lang == lang) {
                if !texts.contains(&t.text.as_str()) {
                    texts.push(&t.text);
                }
                sources.push(format!("{} {}", t.standard, t.clause));
            }
            let _ = writeln!(
                out,
                "{lang}  {}    ({})",
                texts.join(" / "),
                sources.join("; ")
            );
        }
    }
    out
}
