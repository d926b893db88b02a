//! `stdalign bench`: throughput and latency figures on the shipped corpus replicated
//! to a target size. It prints measurements and asserts nothing; tests never time.
//! Run it on a release build (`cargo run --release -- bench`).

use crate::engine::Engine;
use crate::ingest;
use crate::model::{Standard, normalize_reference};
use crate::search::{Mode, SearchRequest};
use crate::{Error, Result};
use serde::Serialize;
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

mod align;
mod backends;
mod real_pdf;
mod semantic;

pub use align::{AlignReport, run_align};
pub use backends::{BackendFigures, BackendsReport, run_backends};
pub use real_pdf::{RealPdfReport, run_real_pdfs};
pub use semantic::{SemanticReport, SizeFigures, run_semantic};

/// Queries timed by the benchmark: the corpus languages, typed as users type them.
const QUERIES: &[&str] = &[
    "泄漏电流",
    "电气强度 试验电压",
    "器具 稳定性 倾斜",
    "กระแสรั่ว",
    "อุณหภูมิ แวดล้อม",
    "dong dien ro",
    "điện áp thử nghiệm",
    "arus bocor",
    "uji tekanan bola",
    "arus bocor perkakas",
    "leakage current class I",
    "glow-wire test 550",
];

/// Measured figures.
#[derive(Debug, Serialize)]
pub struct BenchReport {
    /// Corpus files parsed.
    pub corpus_files: usize,
    /// Their total size in bytes.
    pub corpus_bytes: usize,
    /// XML parse throughput, MB/s (10^6 bytes per second; median over rounds of the
    /// whole corpus, including hashing and decoding).
    pub parse_mb_per_s: f64,
    /// Memory of parsing a generated 16 MB STS file: peak resident memory added per MB
    /// of input, for labelled sections and for unlabelled ones nested 200 deep (Linux:
    /// from `/proc/self/status`; absent elsewhere).
    pub parse_rss_per_input_mb: Option<[f64; 2]>,
    /// PDF ingestion (extraction, layout, clause reading; no embedding), when the
    /// corpus has PDFs.
    pub pdf: Option<PdfFigures>,
    /// Clauses in the replicated index.
    pub clauses_indexed: u64,
    /// Standards in the replicated index.
    pub standards_indexed: usize,
    /// Wall time of the bulk ingest (segmentation, indexing, clause files, commit), s.
    pub ingest_seconds: f64,
    /// Ingest throughput, clauses/s.
    pub ingest_clauses_per_s: f64,
    /// Keyword queries timed.
    pub queries: usize,
    /// Median keyword query latency, ms.
    pub query_p50_ms: f64,
    /// 99th percentile keyword query latency, ms.
    pub query_p99_ms: f64,
}

/// PDF ingestion throughput.
#[derive(Debug, Serialize)]
pub struct PdfFigures {
    /// PDF files read.
    pub files: usize,
    /// Their pages.
    pub pages: usize,
    /// Clauses they yield.
    pub clauses: usize,
    /// Pages per second (median over rounds of all files).
    pub pages_per_s: f64,
    /// Clauses per second.
    pub clauses_per_s: f64,
}

/// Times PDF parsing (text extraction through clauses) over the corpus PDFs.
fn pdf_figures(
    pdfs: &[(std::path::PathBuf, Vec<u8>)],
    log: &mut dyn FnMut(&str),
) -> Option<PdfFigures> {
    let read: Vec<(usize, usize)> = pdfs
        .iter()
        .filter_map(|(p, b)| {
            let pages = ingest::pdf_lines(b).ok()?.len();
            let clauses = ingest::parse_bytes(p, b).ok()?.clauses.len();
            Some((pages, clauses))
        })
        .collect();
    if read.is_empty() {
        return None;
    }
    log("parsing PDFs…");
    let pages: usize = read.iter().map(|r| r.0).sum();
    let clauses: usize = read.iter().map(|r| r.1).sum();
    let start = Instant::now();
    let mut rounds: Vec<f64> = Vec::new();
    while rounds.len() < 3 || start.elapsed() < Duration::from_secs(3) {
        let t = Instant::now();
        for (p, b) in pdfs {
            let _ = std::hint::black_box(ingest::parse_bytes(p, b));
        }
        rounds.push(t.elapsed().as_secs_f64());
    }
    rounds.sort_by(f64::total_cmp);
    let secs = rounds[rounds.len() / 2];
    Some(PdfFigures {
        files: read.len(),
        pages,
        clauses,
        pages_per_s: pages as f64 / secs,
        clauses_per_s: clauses as f64 / secs,
    })
}

/// A process's memory figure from `/proc/self/status` (`VmRSS`, `VmHWM`), in MB.
fn proc_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Generated STS of about `mb` MB: numbered sections, or unlabelled ones nested
/// `depth` deep (the shape whose generated keys once grew with the depth).
fn generated_sts(mb: usize, depth: usize) -> Vec<u8> {
    let mut xml = String::from(
        "<standard xml:lang=\"en\"><front><std-meta><std-ref type=\"dated\">BENCH 1:2026</std-ref>\
         <content-language>en</content-language></std-meta></front><body>",
    );
    let mut k = 0;
    while xml.len() < mb << 20 {
        if depth == 0 {
            k += 1;
            xml.push_str(&format!(
                "<sec><label>{k}</label><title>Requirement {k}</title><p>The enclosure shall \
                 withstand a force of {k} N for 5 s without damage.</p></sec>"
            ));
        } else {
            for _ in 0..depth {
                xml.push_str("<sec><title>Part</title><p>The part shall be fixed.</p>");
            }
            xml.push_str(&"</sec>".repeat(depth));
        }
    }
    xml.push_str("</body></standard>");
    xml.into_bytes()
}

/// Peak resident memory added per MB of input when parsing generated files, labelled
/// and unlabelled; `None` where `/proc` is missing.
fn parse_memory() -> Option<[f64; 2]> {
    let mut out = [0.0; 2];
    for (slot, depth) in [(0, 0), (1, 200)] {
        let bytes = generated_sts(16, depth);
        // `5` resets the peak (VmHWM) to the current size (Linux 4.0 and later).
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let before = proc_mb("VmRSS:")?;
        let options = ingest::ParseOptions {
            max_clauses: usize::MAX,
            ..Default::default()
        };
        let parsed = ingest::parse_bytes_with(Path::new("bench.xml"), &bytes, &options);
        let peak = proc_mb("VmHWM:")?;
        drop(std::hint::black_box(parsed));
        out[slot] = (peak - before).max(0.0) / (bytes.len() as f64 / (1 << 20) as f64);
    }
    Some(out)
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "parse:   {:.1} MB/s  ({} files, {:.2} MB)",
            self.parse_mb_per_s,
            self.corpus_files,
            self.corpus_bytes as f64 / 1e6
        )?;
        if let Some([labelled, nested]) = self.parse_rss_per_input_mb {
            writeln!(
                f,
                "memory:  {labelled:.0} MB peak RSS per MB parsed (labelled sections), {nested:.0} (unlabelled, 200 deep)"
            )?;
        }
        if let Some(p) = &self.pdf {
            writeln!(
                f,
                "pdf:     {:.0} pages/s, {:.0} clauses/s  ({} files, {} pages, {} clauses; no embedding)",
                p.pages_per_s, p.clauses_per_s, p.files, p.pages, p.clauses
            )?;
        }
        writeln!(
            f,
            "ingest:  {:.0} clauses/s  ({} clauses, {} standards, {:.1} s)",
            self.ingest_clauses_per_s,
            self.clauses_indexed,
            self.standards_indexed,
            self.ingest_seconds
        )?;
        write!(
            f,
            "keyword query: p50 {:.3} ms, p99 {:.3} ms  ({} queries)",
            self.query_p50_ms, self.query_p99_ms, self.queries
        )
    }
}

/// Copies of `standards` under new references until they hold at least `clauses`
/// clauses. With `mark_text`, copy `i > 0` ends each clause's text with a line
/// `[copy i]`, so copies are distinct texts (see [`semantic`]).
fn replicate(standards: &[Standard], clauses: usize, mark_text: bool) -> Vec<Standard> {
    let per_copy: usize = standards.iter().map(|s| s.clauses.len()).sum();
    let copies = clauses.div_ceil(per_copy.max(1)).max(1);
    let mut replicated = Vec::with_capacity(copies * standards.len());
    for i in 0..copies {
        for s in standards {
            let mut c = s.clone();
            // Not `#`: a clause id is `reference#key`.
            c.info.reference = format!("{} (copy {i})", s.info.reference);
            c.info.id = normalize_reference(&c.info.reference);
            c.info.source.sha256 = format!("{}-{i}", s.info.source.sha256);
            if mark_text && i > 0 {
                for clause in &mut c.clauses {
                    clause.text.push_str(&format!("{COPY_MARK}{i}]"));
                }
            }
            replicated.push(c);
        }
    }
    replicated
}

/// What [`replicate`] appends to the clause texts of copy `i`: `COPY_MARK`, `i`, `]`.
const COPY_MARK: &str = "\n[copy ";

/// Median and 99th percentile, in ms, of `runs` calls of `f` on `items` in turn.
fn time_each<T>(
    items: &[T],
    runs: usize,
    mut f: impl FnMut(&T) -> Result<()>,
) -> Result<(f64, f64)> {
    let mut ms = Vec::with_capacity(runs);
    for item in items.iter().cycle().take(runs) {
        let t = Instant::now();
        f(item)?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(percentiles(&mut ms))
}

fn percentiles(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |p: f64| values[((values.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.99))
}

/// Runs the benchmark; `log` receives progress lines.
pub fn run(corpus: &Path, target_clauses: usize, log: &mut dyn FnMut(&str)) -> Result<BenchReport> {
    // First, while the process is small: its peak memory is the parse's.
    log("parse memory…");
    let parse_rss_per_input_mb = parse_memory();
    let all: Vec<(std::path::PathBuf, Vec<u8>)> = ingest::collect_files(&[corpus.to_path_buf()])
        .into_iter()
        .filter_map(|f| f.ok())
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    let (pdfs, files): (Vec<_>, Vec<_>) = all.into_iter().partition(|(p, _)| ingest::is_pdf(p));
    let pdf = pdf_figures(&pdfs, log);
    let standards: Vec<Standard> = files
        .iter()
        .filter_map(|(p, b)| ingest::parse_bytes(p, b).ok())
        .collect();
    let per_copy: usize = standards.iter().map(|s| s.clauses.len()).sum();
    if per_copy == 0 {
        return Err(Error::InvalidQuery(format!(
            "no standards could be read from {}",
            corpus.display()
        )));
    }
    let corpus_bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

    log("parsing…");
    // Median of per-round throughputs: this VM's timing noise is large, and the
    // median is stable where a single long run is not.
    let start = Instant::now();
    let mut rounds: Vec<f64> = Vec::new();
    while rounds.len() < 5 || start.elapsed() < Duration::from_secs(3) {
        let t = Instant::now();
        for (p, b) in &files {
            let _ = std::hint::black_box(ingest::parse_bytes(p, b));
        }
        rounds.push(corpus_bytes as f64 / 1e6 / t.elapsed().as_secs_f64());
    }
    rounds.sort_by(f64::total_cmp);
    let parse_mb_per_s = rounds[rounds.len() / 2];

    let replicated = replicate(&standards, target_clauses, false);
    let standards_indexed = replicated.len();
    log(&format!(
        "ingesting {} clauses…",
        replicated.iter().map(|s| s.clauses.len()).sum::<usize>()
    ));
    let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut engine = Engine::open(dir.path())?;
    let start = Instant::now();
    engine.add_standards(replicated)?;
    let ingest_seconds = start.elapsed().as_secs_f64();
    let clauses_indexed = engine.clause_count();

    log("querying…");
    for q in QUERIES {
        // Warm-up: first use of a term loads its postings.
        engine.search(&SearchRequest::new(*q).with_mode(Mode::Keyword))?;
    }
    let queries = 200 * QUERIES.len();
    let (query_p50_ms, query_p99_ms) = time_each(QUERIES, queries, |q| {
        engine.search(&SearchRequest::new(*q).with_mode(Mode::Keyword))?;
        Ok(())
    })?;
    Ok(BenchReport {
        corpus_files: files.len(),
        corpus_bytes,
        parse_mb_per_s,
        parse_rss_per_input_mb,
        pdf,
        clauses_indexed,
        standards_indexed,
        ingest_seconds,
        ingest_clauses_per_s: clauses_indexed as f64 / ingest_seconds,
        queries,
        query_p50_ms,
        query_p99_ms,
    })
}
