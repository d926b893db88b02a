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

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "parse:   {:.1} MB/s  ({} files, {:.2} MB)",
            self.parse_mb_per_s,
            self.corpus_files,
            self.corpus_bytes as f64 / 1e6
        )?;
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

/// Semantic-search figures: embedding throughput, query embedding latency, and the
/// vector index at several sizes.
#[derive(Debug, Serialize)]
pub struct SemanticReport {
    /// Passages embedded per model file.
    pub passages: usize,
    /// Clauses per second with the int8 model (cold cache, length-sorted batches).
    pub int8_clauses_per_s: f64,
    /// Clauses per second with the fp32 model.
    pub fp32_clauses_per_s: Option<f64>,
    /// Query embedding latency (int8), median ms.
    pub query_embed_p50_ms: f64,
    /// Query embedding latency (int8), 99th percentile ms.
    pub query_embed_p99_ms: f64,
    /// Vector index measurements per size.
    pub sizes: Vec<VectorSize>,
}

/// The vector index at one size.
#[derive(Debug, Serialize)]
pub struct VectorSize {
    /// Points in the graph (real clause embeddings, then synthetic neighbours of them).
    pub points: usize,
    /// Graph build time, s (two threads).
    pub build_seconds: f64,
    /// One search per corpus language, 20 neighbours each, run in parallel as hybrid
    /// search runs them, median ms.
    pub search_p50_ms: f64,
    /// 99th percentile of the same, ms.
    pub search_p99_ms: f64,
    /// HNSW recall@10 against exact search on the same vectors, within one
    /// language (each language has its own graph).
    pub recall_at_10: f64,
}

impl fmt::Display for SemanticReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "embedding: int8 {:.0} clauses/s",
            self.int8_clauses_per_s
        )?;
        if let Some(fp32) = self.fp32_clauses_per_s {
            write!(f, ", fp32 {fp32:.0} clauses/s")?;
        }
        writeln!(f, "  ({} passages)", self.passages)?;
        writeln!(
            f,
            "query embedding: p50 {:.1} ms, p99 {:.1} ms",
            self.query_embed_p50_ms, self.query_embed_p99_ms
        )?;
        for s in &self.sizes {
            writeln!(
                f,
                "vectors {:>8}: build {:.1} s, per-language search p50 {:.2} ms p99 {:.2} ms, recall@10 {:.3}",
                s.points, s.build_seconds, s.search_p50_ms, s.search_p99_ms, s.recall_at_10
            )?;
        }
        Ok(())
    }
}

/// Measures embedding and the vector index. Sizes beyond the corpus are filled with
/// synthetic vectors: real clause embeddings with noise, re-normalised, so their
/// distribution resembles e5's (all cosines of one domain high).
pub fn run_semantic(
    corpus: &Path,
    paths: &crate::embed::ModelPaths,
    sizes: &[usize],
    log: &mut dyn FnMut(&str),
) -> Result<SemanticReport> {
    use crate::embed::{Embedder, FastEmbedder};
    use crate::index::VectorIndex;
    use crate::index::vector::Point;

    let passages: Vec<String> = ingest::collect_files(&[corpus.to_path_buf()])
        .into_iter()
        .filter_map(|f| f.ok())
        .filter_map(|p| ingest::parse_file(&p).ok())
        .flat_map(|s| s.clauses.into_iter().map(|c| crate::engine::passage(&c)))
        .collect();
    let texts: Vec<&str> = passages.iter().map(String::as_str).collect();
    log(&format!("embedding {} passages (int8)…", texts.len()));
    let int8 = FastEmbedder::load(paths)?;
    let t = Instant::now();
    let vectors = int8.embed_passages(&texts)?;
    let int8_clauses_per_s = texts.len() as f64 / t.elapsed().as_secs_f64();
    let fp32_clauses_per_s = match FastEmbedder::load_file(paths, "model.onnx") {
        Ok(fp32) => {
            log("embedding (fp32)…");
            let t = Instant::now();
            fp32.embed_passages(&texts)?;
            Some(texts.len() as f64 / t.elapsed().as_secs_f64())
        }
        Err(_) => None,
    };
    let mut latencies = Vec::new();
    for q in QUERIES.iter().cycle().take(120) {
        let t = Instant::now();
        std::hint::black_box(int8.embed_queries(&[q])?);
        latencies.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let (query_embed_p50_ms, query_embed_p99_ms) = percentiles(&mut latencies);

    let langs = ["zh", "th", "vi", "id", "ms", "en"];
    let lang_list: Vec<String> = langs.iter().map(|l| l.to_string()).collect();
    let mut seed: u64 = 0x9E3779B97F4A7C15;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 20_000) as f32 / 10_000.0 - 1.0
    };
    let mut report_sizes = Vec::new();
    for &n in sizes {
        log(&format!("vector index with {n} points…"));
        let mut all: Vec<Vec<f32>> = Vec::with_capacity(n);
        let mut points = Vec::with_capacity(n);
        for i in 0..n {
            // Beyond the corpus: mixtures of two clause embeddings plus noise, so the
            // points spread between real ones instead of piling up as near-copies.
            let mut v: Vec<f32> = if i < vectors.len() {
                vectors[i].clone()
            } else {
                let a = &vectors[(i * 7919) % vectors.len()];
                let b = &vectors[(i * 104_729 + 13) % vectors.len()];
                let w = 0.5 + 0.5 * noise().abs();
                a.iter()
                    .zip(b)
                    .map(|(x, y)| w * x + (1.0 - w) * y + 0.02 * noise())
                    .collect()
            };
            crate::embed::normalize(&mut v);
            all.push(v);
            points.push(Point {
                clause_id: format!("S{}#{i}", i / 60),
                standard: format!("S{}", i / 60),
                lang: langs[(i / 60) % langs.len()].to_string(),
                deleted: false,
            });
        }
        let t = Instant::now();
        let index = VectorIndex::build(points, all);
        let build_seconds = t.elapsed().as_secs_f64();
        let queries: Vec<Vec<f32>> = int8.embed_queries(QUERIES)?;
        let mut times = Vec::new();
        for q in queries.iter().cycle().take(240) {
            let t = Instant::now();
            std::hint::black_box(index.search_langs(q, &lang_list, 20, None));
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let (search_p50_ms, search_p99_ms) = percentiles(&mut times);
        let probes: Vec<Vec<f32>> = (0..100)
            .map(|j| {
                let mut q: Vec<f32> = vectors[(j * 37) % vectors.len()]
                    .iter()
                    .map(|x| x + 0.05 * noise())
                    .collect();
                crate::embed::normalize(&mut q);
                q
            })
            .collect();
        report_sizes.push(VectorSize {
            points: n,
            build_seconds,
            search_p50_ms,
            search_p99_ms,
            recall_at_10: index.recall_against_exact(&probes, "zh", 10),
        });
    }
    Ok(SemanticReport {
        passages: texts.len(),
        int8_clauses_per_s,
        fp32_clauses_per_s,
        query_embed_p50_ms,
        query_embed_p99_ms,
        sizes: report_sizes,
    })
}

fn percentiles(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |p: f64| values[((values.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.99))
}

/// Runs the benchmark; `log` receives progress lines.
pub fn run(corpus: &Path, target_clauses: usize, log: &mut dyn FnMut(&str)) -> Result<BenchReport> {
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
    let (query_p50_ms, query_p99_ms) = percentiles(&mut latencies);
    Ok(BenchReport {
        corpus_files: files.len(),
        corpus_bytes,
        parse_mb_per_s,
        pdf,
        clauses_indexed,
        standards_indexed,
        ingest_seconds,
        ingest_clauses_per_s: clauses_indexed as f64 / ingest_seconds,
        queries: latencies.len(),
        query_p50_ms,
        query_p99_ms,
    })
}

/// Alignment speed on two standards replicated to `clauses` clauses each, with
/// clause and sentence embeddings already computed (what a re-run costs).
#[derive(Debug, Serialize)]
pub struct AlignReport {
    /// Clauses per side.
    pub clauses: usize,
    /// Median of the timed runs, milliseconds.
    pub median_ms: f64,
    /// Slowest run, milliseconds.
    pub max_ms: f64,
    /// Aligned groups found.
    pub pairs: usize,
}

impl fmt::Display for AlignReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "align {0} × {0} clauses (embeddings cached): median {1:.0} ms, max {2:.0} ms, {3} groups",
            self.clauses, self.median_ms, self.max_ms, self.pairs
        )
    }
}

/// Times [`crate::align::align`] on GB 4706.1 against TCVN 5699-1 from `corpus`, each
/// replicated to `clauses` clauses (copies get key prefixes, so numbering stays unique).
pub fn run_align(
    corpus: &Path,
    embedder: std::sync::Arc<dyn crate::embed::Embedder>,
    clauses: usize,
    log: &mut dyn FnMut(&str),
) -> Result<AlignReport> {
    use crate::align::{self, Inputs};
    use std::collections::HashMap;
    let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut engine = Engine::open_with(&dir.path().join("index"), Some(embedder.clone()))?;
    log("embedding the two standards");
    engine.ingest(
        &[
            corpus.join("gb-4706-1-2005.xml"),
            corpus.join("tcvn-5699-1-2010.xml"),
        ],
        &mut |_| {},
    )?;
    let replicate = |reference: &str| -> Result<(Standard, HashMap<String, Vec<f32>>)> {
        let original = engine.standard(reference)?;
        let vectors = engine.clause_vectors(&original);
        let mut s = original.clone();
        s.clauses.clear();
        let mut v = HashMap::new();
        let mut copy = 0;
        while s.clauses.len() < clauses {
            for c in &original.clauses {
                let mut c = c.clone();
                if let Some(x) = vectors.get(&c.key) {
                    v.insert(format!("r{copy}.{}", c.key), x.clone());
                }
                c.key = format!("r{copy}.{}", c.key);
                s.clauses.push(c);
            }
            copy += 1;
        }
        s.clauses.truncate(clauses);
        Ok((s, v))
    };
    let (left, lv) = replicate("GB 4706.1-2005")?;
    let (right, rv) = replicate("TCVN 5699-1:2010")?;
    let cache: std::sync::Mutex<HashMap<String, Vec<f32>>> = std::sync::Mutex::new(HashMap::new());
    let embed = |texts: &[String]| -> Result<Vec<Vec<f32>>> {
        let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
        let missing: Vec<&str> = texts
            .iter()
            .filter(|t| !cache.contains_key(*t))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            for (t, v) in missing.iter().zip(embedder.embed_queries(&missing)?) {
                cache.insert(t.to_string(), v);
            }
        }
        Ok(texts.iter().map(|t| cache[t].clone()).collect())
    };
    let adoptions = engine.adoption_map();
    let inputs = Inputs {
        left_vectors: lv,
        right_vectors: rv,
        adoptions: &adoptions,
        sentences: Some(&embed),
    };
    log("warm-up run (fills the sentence cache)");
    let mut pairs = align::align(&left, &right, &inputs)?.pairs.len();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        pairs = align::align(&left, &right, &inputs)?.pairs.len();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    Ok(AlignReport {
        clauses,
        median_ms: times[times.len() / 2],
        max_ms: times[times.len() - 1],
        pairs,
    })
}
