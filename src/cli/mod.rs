//! The `stdalign` command line: clap types (one `Args` struct per subcommand) and
//! [`run`], which calls [`Engine`] and prints. No search or ingest logic lives here.

/// `println!` and `print!` for command output: a closed pipe (`| head`) ends the
/// reader's interest, not an error worth reporting, and must not panic as the std
/// macros do. Later writes fail the same quiet way.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}
macro_rules! say_raw {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($t)*);
    }};
}

mod render;

use crate::embed::{Embedder, FastEmbedder, ModelPaths};
use crate::engine::{Engine, Progress, Storage};
use crate::index::opensearch;
use crate::search::{Mode, SearchRequest};
use crate::{Result, bench, eval, ingest, report};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Line up GB standards with ASEAN standards (TISI, TCVN, SNI, MS, SS, PNS) clause by
/// clause, and search clauses in any language.
#[derive(Debug, Parser)]
#[command(name = "stdalign", version, about)]
pub struct Cli {
    /// Index folder.
    #[arg(long, global = true, env = "STDALIGN_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Embedding model folder (fastembed-compatible ONNX model with tokenizer files;
    /// e.g. multilingual-e5-base or bge-m3 exports work too).
    #[arg(
        long,
        global = true,
        env = "STDALIGN_MODEL_DIR",
        default_value = "models/multilingual-e5-small"
    )]
    pub model_dir: PathBuf,
    /// ONNX Runtime shared library.
    #[arg(
        long,
        global = true,
        env = "ORT_DYLIB_PATH",
        default_value = "models/libonnxruntime.so"
    )]
    pub ort: PathBuf,
    /// Where the standards are kept: `embedded` (the index folder) or `opensearch`
    /// (a cluster; the index folder then holds only local caches).
    #[arg(long, global = true, env = "STDALIGN_BACKEND", value_enum, default_value_t = BackendKind::Embedded)]
    pub backend: BackendKind,
    /// OpenSearch node URLs, comma-separated; the next is tried when one does not
    /// answer. Example: --os-url http://10.0.0.5:9200,http://10.0.0.6:9200
    #[arg(
        long,
        global = true,
        env = "STDALIGN_OS_URL",
        value_delimiter = ',',
        default_value = "http://127.0.0.1:9200"
    )]
    pub os_url: Vec<String>,
    /// Name prefix of the cluster's indices (`<prefix>-clauses`, `<prefix>-catalogue`).
    #[arg(
        long,
        global = true,
        env = "STDALIGN_OS_PREFIX",
        default_value = "stdalign"
    )]
    pub os_prefix: String,
    /// Primary shards of the clause index when it is created.
    #[arg(long, global = true, env = "STDALIGN_OS_SHARDS", default_value_t = 2)]
    pub os_shards: u32,
    /// Replicas of each shard when the indices are created (1 survives a node loss).
    #[arg(long, global = true, env = "STDALIGN_OS_REPLICAS", default_value_t = 1)]
    pub os_replicas: u32,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Storage back ends (`--backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendKind {
    /// The index folder on this machine.
    Embedded,
    /// An OpenSearch cluster (`--os-url`).
    Opensearch,
}

impl Cli {
    /// The storage the options name.
    pub fn storage(&self) -> Storage {
        match self.backend {
            BackendKind::Embedded => Storage::Embedded,
            BackendKind::Opensearch => {
                let mut config = opensearch::Config::new(self.os_url.clone());
                config.prefix = self.os_prefix.clone();
                config.layout = opensearch::Layout {
                    shards: self.os_shards.max(1),
                    replicas: self.os_replicas,
                };
                Storage::OpenSearch(config)
            }
        }
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read standards (NISO/ISO STS XML, or PDF) from files or folders into the index.
    ///
    /// Folders are read recursively. Unchanged files are skipped; a changed file
    /// replaces its standard. Example: stdalign ingest standards-corpus/
    Ingest(IngestArgs),
    /// Search clauses in any language.
    ///
    /// Examples: stdalign search "泄漏电流" ; stdalign search "dong dien ro" --lang vi ;
    /// stdalign search "กระแสรั่ว" --body TISI
    Search(SearchArgs),
    /// List the standards in the index.
    List(ListArgs),
    /// Show a standard's metadata and clauses, or one clause.
    ///
    /// Examples: stdalign show "GB 4706.1-2005" 13.2 ; stdalign show "tcvn 5699-1" 附录A
    Show(ShowArgs),
    /// Remove a standard and its clauses from the index.
    Remove(RemoveArgs),
    /// Measure parse, ingest and query speed on the corpus replicated to N clauses.
    Bench(BenchArgs),
    /// Line up two standards clause by clause and say how each pair differs.
    ///
    /// Examples: stdalign align "GB 4706.1-2005" "TCVN 5699-1:2010" ;
    /// stdalign align "GB 4943.1" "TIS 62368-1" --xlsx -o gb-tis.xlsx
    Align(AlignArgs),
    /// Line up a standard with all its counterparts: values and requirement strength
    /// per body side by side, conflicts flagged, a harmonised choice suggested.
    ///
    /// Example: stdalign matrix "GB 4706.1-2005" --xlsx -o matrix.xlsx
    Matrix(MatrixArgs),
    /// For a product certified to one standard, list what a target market's
    /// counterpart asks for beyond it (stricter, new or different), most severe first.
    ///
    /// Example: stdalign check --have "GB 4706.1-2005" --target Thailand
    Check(CheckArgs),
    /// List the standards that cover the same subject as one: adoptions of the same
    /// international text, and national standards found from ICS codes, titles and
    /// scopes and confirmed by aligning them, with the evidence.
    ///
    /// Example: stdalign counterparts "GB 175-2023"
    Counterparts(CounterpartsArgs),
    /// The glossary across languages: the terms the indexed standards define, grouped
    /// by concept (bilingual term headings, term clauses aligned between standards).
    ///
    /// Example: stdalign terms "rated voltage"
    Terms(TermsArgs),
    /// Serve the JSON API and the web UI (search, standards, alignment, matrix).
    ///
    /// Example: stdalign serve --addr 127.0.0.1:8080 ; then open http://127.0.0.1:8080/
    Serve(ServeArgs),
    /// Measure retrieval and alignment quality on gold files.
    #[command(subcommand)]
    Eval(EvalCommand),
}

/// `stdalign align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// Left standard (usually the one you know, e.g. the GB standard).
    pub left: String,
    /// Right standard.
    pub right: String,
    /// Output format.
    #[command(flatten)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output (required for --xlsx).
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
}

/// `stdalign matrix`.
#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// The standard to line up with its counterparts.
    pub reference: String,
    /// Print JSON.
    #[arg(long, group = "matrix_format")]
    pub json: bool,
    /// CSV.
    #[arg(long, group = "matrix_format")]
    pub csv: bool,
    /// An Excel workbook (needs -o).
    #[arg(long, group = "matrix_format", requires = "output")]
    pub xlsx: bool,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
}

/// `stdalign check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The standard the product is certified to.
    #[arg(long)]
    pub have: String,
    /// The target market: a country (Thailand, VN), a body (TISI) or an originator (TIS, SNI).
    #[arg(long)]
    pub target: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign counterparts`.
#[derive(Debug, Args)]
pub struct CounterpartsArgs {
    /// The standard whose counterparts to find.
    pub reference: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign terms`.
#[derive(Debug, Args)]
pub struct TermsArgs {
    /// A term or part of one, in any language (diacritics and case ignored).
    pub term: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (use 0.0.0.0:8080 to accept other machines).
    #[arg(long, env = "STDALIGN_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Folder of the web UI.
    #[arg(long, env = "STDALIGN_WEB", default_value = "web")]
    pub web: PathBuf,
    /// Bearer token that uploads (POST /api/ingest) require; uploads are off without it.
    #[arg(long, env = "STDALIGN_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest upload, in MiB.
    #[arg(long, default_value_t = 20)]
    pub max_upload_mb: usize,
}

/// Output formats of reports (at most one; the default is a text summary).
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct ReportFormat {
    /// JSON (the documented alignment shape).
    #[arg(long)]
    pub json: bool,
    /// CSV, one row per difference and per one-side-only clause.
    #[arg(long)]
    pub csv: bool,
    /// A self-contained HTML page with the clauses side by side.
    #[arg(long)]
    pub html: bool,
    /// An Excel workbook (needs -o).
    #[arg(long, requires = "output")]
    pub xlsx: bool,
}

/// `stdalign eval …`.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Recall@10, MRR@10 and nDCG@10 of keyword, vector and hybrid search on a gold file
    /// of `{"query", "relevant": ["<reference>#<key>", ...]}` entries.
    Search(EvalSearchArgs),
    /// Precision, recall and F1 of aligned pairs, one-side-only clauses and
    /// differences by kind, against gold alignments (the JSON shape of `align`).
    Align(EvalAlignArgs),
    /// Precision and recall of exporter checklist items (new clauses, stricter, less
    /// strict and different values, stronger requirements, other references, added
    /// requirements) against the gold alignments, the product meeting the left standard.
    Check(EvalGoldArgs),
    /// Precision and recall of the harmonisation matrix's conflicting cells against the
    /// gold alignments, and every suggestion checked against its stated basis.
    Matrix(EvalGoldArgs),
    /// How faithfully PDFs are read, against a hand-checked gold file (e.g.
    /// ../shared/fixtures/real-pdf/gold.json): identity and cover metadata, clause
    /// keys with headings, sample texts by character similarity.
    Pdf(EvalPdfArgs),
}

/// `stdalign eval pdf`.
#[derive(Debug, Args)]
pub struct EvalPdfArgs {
    /// The gold file; its PDFs are read from the same folder.
    pub gold: PathBuf,
    /// Only the files whose name contains one of these.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Do not OCR pages without usable text.
    #[arg(long)]
    pub no_ocr: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign eval align`.
#[derive(Debug, Args)]
pub struct EvalAlignArgs {
    /// Gold alignment files (e.g. tests/gold/align/*.json).
    #[arg(required = true)]
    pub gold: Vec<PathBuf>,
    /// Score the gold files only, without their perturbed copies (shuffled
    /// sections, renumbering, insertions, deletions, splits, merges, no labels,
    /// moves).
    #[arg(long)]
    pub no_perturb: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign eval check` and `eval matrix`.
#[derive(Debug, Args)]
pub struct EvalGoldArgs {
    /// Gold alignment files (e.g. tests/gold/align/*.json).
    #[arg(required = true)]
    pub gold: Vec<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign eval search`.
#[derive(Debug, Args)]
pub struct EvalSearchArgs {
    /// Gold query file (e.g. tests/gold/search-queries.json).
    pub queries: PathBuf,
    /// Reciprocal-rank-fusion constants to compare for hybrid (default: the built-in one).
    #[arg(long, value_delimiter = ',')]
    pub rrf_k: Vec<f32>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Do not OCR PDF pages without usable text (scans); they are reported instead.
    #[arg(long)]
    pub no_ocr: bool,
    /// Seconds one file may take to read (OCR included); a slower file is reported
    /// as an error and the others go on. 0: no limit.
    #[arg(long, default_value_t = crate::ingest::FILE_TIMEOUT.as_secs())]
    pub file_timeout: u64,
    /// Largest file read, in MB; a larger one is refused before it is read.
    #[arg(long, default_value_t = crate::ingest::MAX_BYTES >> 20)]
    pub max_file_mb: u64,
    /// Most clauses one file may yield; past it the file is refused.
    #[arg(long, default_value_t = crate::ingest::MAX_CLAUSES)]
    pub max_clauses: usize,
    /// Deepest nesting of XML elements; deeper is refused.
    #[arg(long, default_value_t = crate::ingest::MAX_DEPTH)]
    pub max_depth: usize,
}

/// `stdalign search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words in any language (Chinese, Thai, Vietnamese, Indonesian, Malay, English).
    pub query: String,
    /// Number of results.
    #[arg(short = 'k', long, default_value_t = 10)]
    pub k: usize,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Only clauses in this language (zh, th, vi, id, ms, en); repeatable.
    #[arg(long)]
    pub lang: Vec<String>,
    /// Only standards of this body or originator (SAC, GB, TISI, TIS, TCVN, BSN, SNI, DSM, MS, BPS, PNS); repeatable.
    #[arg(long)]
    pub body: Vec<String>,
    /// Only this standard (e.g. "GB 4706.1-2005"); repeatable.
    #[arg(long)]
    pub standard: Vec<String>,
    /// keyword (words only, no model needed), vector (meaning, across languages) or hybrid.
    #[arg(long, value_enum, default_value_t = Mode::Hybrid)]
    pub mode: Mode,
    /// Also group the hits by requirement: each hit with the counterparts that came
    /// with it and how they differ (`groups` in JSON).
    #[arg(long)]
    pub group: bool,
    /// Print JSON (each hit explains its keyword rank, vector rank and fused score).
    #[arg(long)]
    pub json: bool,
}

/// `stdalign list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Standard reference (case and spaces do not matter; the undated form works when unique).
    pub reference: String,
    /// Clause key (7.1, A.2, 附录A); omit for the whole standard.
    pub key: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Standard reference.
    pub reference: String,
}

/// `stdalign bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Folder with the corpus to replicate.
    #[arg(long, default_value = "standards-corpus")]
    pub corpus: PathBuf,
    /// Clauses to reach by replicating the corpus.
    #[arg(long, default_value_t = 100_000)]
    pub clauses: usize,
    /// Also measure embedding and the vector index at these sizes (needs the model),
    /// e.g. --vectors 10000,100000,1000000.
    #[arg(long, value_delimiter = ',')]
    pub vectors: Vec<usize>,
    /// Also time alignment of two standards replicated to this many clauses each
    /// (needs the model), e.g. --align 1000.
    #[arg(long)]
    pub align: Option<usize>,
    /// Also read the PDFs of this folder: text pages/s without OCR, then s/page for
    /// the pages that need OCR (e.g. --real-pdfs ../shared/fixtures/real-pdf).
    #[arg(long)]
    pub real_pdfs: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// How a run ended, for the exit code.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// Everything asked for was done.
    Ok,
    /// Nothing could be done (e.g. no file could be ingested).
    Failed,
}

/// Runs one command.
pub fn run(cli: Cli) -> Result<Status> {
    let paths = ModelPaths {
        runtime: cli.ort.clone(),
        model_dir: cli.model_dir.clone(),
    };
    let storage = cli.storage();
    match cli.command {
        Command::Ingest(args) => ingest(&cli.index, &storage, &paths, args),
        Command::Search(args) => {
            // Hybrid search runs on keywords alone without the model (the results
            // say so); only an explicit vector search needs it.
            let embedder = match args.mode {
                Mode::Keyword => None,
                Mode::Vector => Some(load_embedder(&paths)?),
                Mode::Hybrid => load_embedder(&paths).ok(),
            };
            let engine = Engine::open_storage(&cli.index, &storage, embedder)?;
            let request = SearchRequest {
                query: args.query,
                k: args.k,
                offset: args.offset,
                langs: args.lang,
                bodies: args.body,
                standards: args.standard,
                mode: args.mode,
                group: args.group,
            };
            let results = engine.search(&request)?;
            if args.json {
                render::json(&results);
            } else {
                render::search(&results, args.offset);
            }
            Ok(Status::Ok)
        }
        Command::List(args) => {
            let engine = Engine::open_storage(&cli.index, &storage, None)?;
            let list = engine.list();
            if args.json {
                render::json(&list);
            } else {
                render::list(&list);
            }
            Ok(Status::Ok)
        }
        Command::Show(args) => {
            let engine = Engine::open_storage(&cli.index, &storage, None)?;
            match &args.key {
                Some(key) => {
                    let (info, clause) = engine.clause(&args.reference, key)?;
                    if args.json {
                        render::json(&clause);
                    } else {
                        render::clause(&info, &clause);
                    }
                }
                None => {
                    let standard = engine.standard(&args.reference)?;
                    if args.json {
                        render::json(&report::ShowJson::from(&standard));
                    } else {
                        render::standard(&standard);
                    }
                }
            }
            Ok(Status::Ok)
        }
        Command::Remove(args) => {
            let mut engine = Engine::open_storage(&cli.index, &storage, None)?;
            let removed = engine.remove(&args.reference)?;
            say!(
                "removed {} ({} clauses)",
                removed.reference,
                removed.clause_count
            );
            Ok(Status::Ok)
        }
        Command::Eval(EvalCommand::Search(args)) => {
            let mut engine =
                Engine::open_storage(&cli.index, &storage, Some(load_embedder(&paths)?))?;
            let queries = eval::load_queries(&args.queries)?;
            let modes = [Mode::Keyword, Mode::Vector, Mode::Hybrid];
            let mut runs = Vec::new();
            let constants = if args.rrf_k.is_empty() {
                vec![crate::search::RRF_K]
            } else {
                args.rrf_k
            };
            for k in constants {
                engine.set_rrf_k(k);
                runs.push(render::EvalRun {
                    rrf_k: k,
                    modes: eval::evaluate_search(&engine, &queries, &modes)?,
                });
            }
            if args.json {
                render::json(&runs);
            } else {
                render::eval(&runs, queries.len());
            }
            Ok(Status::Ok)
        }
        Command::Align(args) => {
            let engine = Engine::open_storage(
                &cli.index,
                &storage,
                optional_embedder(&paths, "aligning by clause structure only"),
            )?;
            let left = engine.standard(&args.left)?;
            let right = engine.standard(&args.right)?;
            let alignment = engine.align_standards(&left, &right)?;
            let f = &args.format;
            let bytes = if f.json {
                let mut s = serde_json::to_string_pretty(&alignment).unwrap_or_default();
                s.push('\n');
                s.into_bytes()
            } else if f.csv {
                report::alignment_csv(&alignment, &left, &right).into_bytes()
            } else if f.html {
                report::alignment_html(&alignment, &left, &right).into_bytes()
            } else if f.xlsx {
                report::alignment_xlsx(&alignment, &left, &right)?
            } else {
                render::alignment(&alignment, &left, &right).into_bytes()
            };
            write_output(args.output.as_deref(), &bytes)?;
            Ok(Status::Ok)
        }
        Command::Matrix(args) => {
            let engine = Engine::open_storage(
                &cli.index,
                &storage,
                optional_embedder(&paths, "aligning by clause structure only"),
            )?;
            let matrix = engine.matrix(&args.reference)?;
            let bytes = if args.json {
                let mut s = serde_json::to_string_pretty(&matrix).unwrap_or_default();
                s.push('\n');
                s.into_bytes()
            } else if args.csv {
                report::matrix_csv(&matrix).into_bytes()
            } else if args.xlsx {
                report::matrix_xlsx(&matrix)?
            } else {
                render::matrix(&matrix).into_bytes()
            };
            write_output(args.output.as_deref(), &bytes)?;
            Ok(Status::Ok)
        }
        Command::Check(args) => {
            let engine = Engine::open_storage(
                &cli.index,
                &storage,
                optional_embedder(&paths, "aligning by clause structure only"),
            )?;
            let checklist = engine.check(&args.have, &args.target)?;
            if args.json {
                render::json(&checklist);
            } else {
                say_raw!("{}", render::checklist(&checklist));
            }
            Ok(Status::Ok)
        }
        Command::Counterparts(args) => {
            let engine = Engine::open_storage(
                &cli.index,
                &storage,
                optional_embedder(&paths, "finding counterparts by adoption and ICS only"),
            )?;
            let found = engine.counterparts(&args.reference)?;
            if args.json {
                render::json(&found);
            } else {
                say_raw!("{}", render::counterparts(&args.reference, &found));
            }
            Ok(Status::Ok)
        }
        Command::Terms(args) => {
            let engine = Engine::open_storage(
                &cli.index,
                &storage,
                optional_embedder(
                    &paths,
                    "grouping terms by adoption families and structure only",
                ),
            )?;
            let table = engine.terms()?;
            let found = table.lookup(&args.term);
            if args.json {
                render::json(&found);
            } else {
                say_raw!("{}", render::terms(&args.term, &found));
            }
            Ok(Status::Ok)
        }
        Command::Serve(args) => {
            let engine = Engine::open_storage(
                &cli.index,
                &storage,
                optional_embedder(
                    &paths,
                    "serving keyword search and structure-only alignment",
                ),
            )?;
            let standards = engine.list().len();
            let config = crate::server::ServerConfig {
                addr: args.addr,
                web_dir: args.web,
                token: args.token.filter(|t| !t.is_empty()),
                max_upload: args.max_upload_mb.saturating_mul(1024 * 1024),
                ..Default::default()
            };
            let uploads = if config.token.is_some() {
                "uploads on"
            } else {
                "uploads off: no --token"
            };
            crate::server::serve(engine, config, |addr| {
                say!(
                    "stdalign: serving {standards} standards at http://{addr}/ ({uploads}); Ctrl-C stops"
                );
            })?;
            Ok(Status::Ok)
        }
        Command::Eval(EvalCommand::Align(args)) => {
            let engine = Engine::open_storage(
                &cli.index,
                &storage,
                optional_embedder(&paths, "aligning by clause structure only"),
            )?;
            let files: Vec<&std::path::Path> = args.gold.iter().map(PathBuf::as_path).collect();
            let evaluation = eval::align::evaluate_align(&engine, &files, !args.no_perturb)?;
            if args.json {
                render::json(&evaluation);
            } else {
                render::eval_align(&evaluation);
            }
            Ok(Status::Ok)
        }
        Command::Eval(EvalCommand::Check(args)) => {
            let engine = Engine::open_storage(
                &cli.index,
                &storage,
                optional_embedder(&paths, "aligning by clause structure only"),
            )?;
            let files: Vec<&std::path::Path> = args.gold.iter().map(PathBuf::as_path).collect();
            let evaluation = eval::harmonise::evaluate_check(&engine, &files)?;
            if args.json {
                render::json(&evaluation);
            } else {
                say_raw!("{}", render::eval_check(&evaluation));
            }
            Ok(Status::Ok)
        }
        Command::Eval(EvalCommand::Matrix(args)) => {
            let engine = Engine::open_storage(
                &cli.index,
                &storage,
                optional_embedder(&paths, "aligning by clause structure only"),
            )?;
            let files: Vec<&std::path::Path> = args.gold.iter().map(PathBuf::as_path).collect();
            let evaluation = eval::harmonise::evaluate_matrix(&engine, &files)?;
            if args.json {
                render::json(&evaluation);
            } else {
                say_raw!("{}", render::eval_matrix(&evaluation));
            }
            Ok(Status::Ok)
        }
        Command::Eval(EvalCommand::Pdf(args)) => {
            let options = ingest::ParseOptions {
                ocr: !args.no_ocr,
                ocr_cache: Some(cli.index.join("ocr-cache")),
                ..Default::default()
            };
            let scores = eval::pdf::evaluate_pdf(&args.gold, &args.only, &options)?;
            if args.json {
                render::json(&scores);
            } else {
                render::eval_pdf(&scores);
            }
            Ok(Status::Ok)
        }
        Command::Bench(args) => {
            let report = bench::run(&args.corpus, args.clauses, &mut |msg| eprintln!("{msg}"))?;
            let semantic = if args.vectors.is_empty() {
                None
            } else {
                Some(bench::run_semantic(
                    &args.corpus,
                    &paths,
                    &args.vectors,
                    &mut |msg| eprintln!("{msg}"),
                )?)
            };
            let align = match args.align {
                Some(n) => Some(bench::run_align(
                    &args.corpus,
                    load_embedder(&paths)?,
                    n,
                    &mut |msg| eprintln!("{msg}"),
                )?),
                None => None,
            };
            // With --backend opensearch: the embedded index and the cluster side by
            // side on the same replicated corpus.
            let backends = match &storage {
                Storage::OpenSearch(config) => Some(bench::run_backends(
                    &args.corpus,
                    &paths,
                    args.clauses,
                    config,
                    &mut |msg| eprintln!("{msg}"),
                )?),
                Storage::Embedded => None,
            };
            let real_pdfs = match &args.real_pdfs {
                Some(dir) => Some(bench::run_real_pdfs(dir, &mut |msg| eprintln!("{msg}"))?),
                None => None,
            };
            if args.json {
                render::json(&serde_json::json!({
                    "keyword": report, "semantic": semantic, "align": align, "real_pdfs": real_pdfs,
                    "backends": backends
                }));
            } else {
                render::bench(&report);
                if let Some(r) = &real_pdfs {
                    say!("{r}");
                }
                if let Some(s) = &semantic {
                    say!("{s}");
                }
                if let Some(a) = &align {
                    say!("{a}");
                }
                if let Some(b) = &backends {
                    say!("{b}");
                }
            }
            Ok(Status::Ok)
        }
    }
}

/// The model when it is installed; otherwise a warning saying what runs without it.
fn optional_embedder(paths: &ModelPaths, without: &str) -> Option<Arc<dyn Embedder>> {
    match load_embedder(paths) {
        Ok(e) => Some(e),
        Err(e) => {
            eprintln!("warning: {e}\nwarning: {without}");
            None
        }
    }
}

/// Writes a report to a file, or to standard output.
fn write_output(path: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    match path {
        Some(p) => std::fs::write(p, bytes).map_err(|e| crate::Error::io(p, e)),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = out.write_all(bytes).and_then(|_| out.flush());
            Ok(())
        }
    }
}

/// Loads the embedding model; an error names the command that installs it.
fn load_embedder(paths: &ModelPaths) -> Result<Arc<dyn Embedder>> {
    Ok(Arc::new(FastEmbedder::load(paths)?))
}

fn ingest(
    index: &std::path::Path,
    storage: &Storage,
    paths: &ModelPaths,
    args: IngestArgs,
) -> Result<Status> {
    // Without the model, clauses are still indexed for keyword search; the vectors
    // are built by the next ingest once the model is installed.
    let embedder = optional_embedder(paths, "indexing for keyword search only");
    let mut engine = Engine::open_storage(index, storage, embedder)?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let ocr_bar = bar.clone();
    engine.set_parse_options(ingest::ParseOptions {
        ocr: !args.no_ocr,
        ocr_cache: None,
        on_ocr_page: Some(Arc::new(move |done, total| {
            ocr_bar.set_message(format!("OCR page {done}/{total}"));
        })),
        timeout: (args.file_timeout > 0).then(|| Duration::from_secs(args.file_timeout)),
        max_bytes: args.max_file_mb.saturating_mul(1 << 20),
        max_clauses: args.max_clauses,
        max_depth: args.max_depth,
    });
    let started = std::time::Instant::now();
    let mut embed_start: Option<std::time::Instant> = None;
    let report = engine.ingest(&args.paths, &mut |event| match event {
        Progress::Start(n) => bar.set_length(n as u64),
        Progress::File(f) => {
            bar.inc(1);
            bar.set_message(
                f.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
        Progress::Embedding { done, total } => {
            let t = *embed_start.get_or_insert_with(std::time::Instant::now);
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            let rate = done as f64 / t.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("clauses embedded ({rate:.0}/s)"));
        }
        Progress::Committing => bar.set_message("writing index"),
    })?;
    bar.finish_and_clear();
    if args.json {
        render::json(&report::IngestJson::from(&report));
    } else {
        render::ingest(&report, engine.dir());
        eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    }
    let any_ok = report.successes().next().is_some();
    Ok(if any_ok { Status::Ok } else { Status::Failed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_backend_defaults_to_the_embedded_index() {
        let cli = Cli::try_parse_from(["stdalign", "list"]).unwrap();
        assert!(matches!(cli.storage(), Storage::Embedded));
    }

    #[test]
    fn opensearch_options_name_the_nodes_prefix_and_layout() {
        let cli = Cli::try_parse_from([
            "stdalign",
            "search",
            "泄漏电流",
            "--backend",
            "opensearch",
            "--os-url",
            "http://a:9200,http://b:9200",
            "--os-prefix",
            "tisi",
            "--os-replicas",
            "2",
        ])
        .unwrap();
        let Storage::OpenSearch(config) = cli.storage() else {
            panic!("not the cluster back end");
        };
        assert_eq!(config.urls, ["http://a:9200", "http://b:9200"]);
        assert_eq!(config.prefix, "tisi");
        assert_eq!((config.layout.shards, config.layout.replicas), (2, 2));
    }
}
