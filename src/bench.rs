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

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "parse:   {:.1} MB/s  ({} files, {:.2} MB)",
            self.parse_mb_per_s,
            self.corpus_files,
            self.corpus_bytes as f64 / 1e6
        )?;
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

/// Runs the benchmark; `log` receives progress lines.
pub fn run(corpus: &Path, target_clauses: usize, log: &mut dyn FnMut(&str)) -> Result<BenchReport> {
    let files: Vec<(std::path::PathBuf, Vec<u8>)> = ingest::collect_files(&[corpus.to_path_buf()])
        .into_iter()
        .filter_map(|f| f.ok())
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
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

    let copies = target_clauses.div_ceil(per_copy).max(1);
    let mut replicated = Vec::with_capacity(copies * standards.len());
    for i in 0..copies {
        for s in &standards {
            let mut c = s.clone();
            c.info.reference = format!("{} #{i}", s.info.reference);
            c.info.id = normalize_reference(&c.info.reference);
            c.info.source.sha256 = format!("{}-{i}", s.info.source.sha256);
            replicated.push(c);
        }
    }
    let standards_indexed = replicated.len();
    log(&format!("ingesting {} clauses…", copies * per_copy));
    let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut engine = Engine::open(dir.path())?;
    let start = Instant::now();
    engine.add_standards(replicated)?;
    let ingest_seconds = start.elapsed().as_secs_f64();
    let clauses_indexed = engine.clause_count();

    log("querying…");
    let mut latencies = Vec::new();
    for q in QUERIES {
        // Warm-up: first use of a term loads its postings.
        engine.search(&SearchRequest::new(*q).with_mode(Mode::Keyword))?;
    }
    for _ in 0..200 {
        for q in QUERIES {
            let t = Instant::now();
            std::hint::black_box(engine.search(&SearchRequest::new(*q).with_mode(Mode::Keyword))?);
            latencies.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() - 1) as f64 * p).round() as usize];
    Ok(BenchReport {
        corpus_files: files.len(),
        corpus_bytes,
        parse_mb_per_s,
        clauses_indexed,
        standards_indexed,
        ingest_seconds,
        ingest_clauses_per_s: clauses_indexed as f64 / ingest_seconds,
        queries: latencies.len(),
        query_p50_ms: pct(0.5),
        query_p99_ms: pct(0.99),
    })
}
