//! [`Engine`]: the one entry point the CLI and the server call. It owns a storage
//! back end ([`Backend`]: the embedded index folder or an OpenSearch cluster) and
//! the embedder: every change goes through `Engine::apply`, which embeds what is new
//! (through the embedding cache in the local folder) and hands the standards and
//! their vectors to the back end as one commit. Search, alignment, the matrix, the
//! checklist and counterparts read through the same interface, so both back ends
//! answer with the same fusion and alignment code.

use crate::align::counterparts::{Adoptions, Evidence, StandardCounterpart};
use crate::align::{self, Alignment};
use crate::embed::Embedder;
use crate::index::backend::{ClauseVectors, Commit};
use crate::index::embed_cache::{self, EmbeddingCache};
use crate::index::opensearch::{self, OpenSearchBackend};
use crate::index::store::find_clause;
use crate::index::vector::Point;
use crate::index::{Backend, EmbeddedBackend, Health, VectorIndex};
use crate::ingest;
use crate::model::{Clause, ClauseKind, Standard, StandardInfo};
use crate::search::{self, SearchRequest, SearchResults};
use crate::terms::{Term, TermTable};
use crate::{Error, Result};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Texts embedded per call, so progress can be reported while a batch runs.
const EMBED_CHUNK: usize = 128;

/// What happened to one ingested file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A standard new to the index.
    Added,
    /// A changed file: its standard's clauses were replaced.
    Replaced,
    /// The same bytes were ingested before; nothing was done.
    Unchanged,
    /// A PDF of a standard the index (or this batch) holds from XML: the XML text,
    /// with its exact structure, is kept and the PDF is not read into the index.
    Twin,
}

impl Outcome {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Added => "added",
            Outcome::Replaced => "replaced",
            Outcome::Unchanged => "unchanged",
            Outcome::Twin => "twin",
        }
    }
}

/// A file that was ingested (or skipped as unchanged).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Ingested {
    /// Dated reference of the standard in the file.
    pub reference: String,
    /// Number of clauses.
    pub clauses: usize,
    /// What the index did with it.
    pub outcome: Outcome,
    /// Parts of the file that could not be read (a PDF page), the rest being indexed.
    pub warnings: Vec<String>,
}

/// The result for one file of a batch.
#[derive(Debug)]
pub struct FileReport {
    /// The file.
    pub path: PathBuf,
    /// What happened, or why it failed.
    pub result: std::result::Result<Ingested, ingest::Error>,
}

/// The result of a batch.
#[derive(Debug, Default)]
pub struct IngestReport {
    /// One entry per file, in the order processed.
    pub files: Vec<FileReport>,
}

impl IngestReport {
    /// Files that failed.
    pub fn failures(&self) -> impl Iterator<Item = &ingest::Error> {
        self.files.iter().filter_map(|f| f.result.as_ref().err())
    }

    /// Files that were read successfully (added, replaced or unchanged).
    pub fn successes(&self) -> impl Iterator<Item = &Ingested> {
        self.files.iter().filter_map(|f| f.result.as_ref().ok())
    }
}

/// Progress events of an ingest, for a progress bar.
pub enum Progress<'a> {
    /// The batch holds this many files.
    Start(usize),
    /// One file is done.
    File(&'a FileReport),
    /// Clauses embedded so far out of the total that needed inference.
    Embedding {
        /// Done.
        done: usize,
        /// To do.
        total: usize,
    },
    /// Writing the index.
    Committing,
}

/// Where an engine keeps the standards (`--backend`).
#[derive(Debug, Clone, Default)]
pub enum Storage {
    /// The index folder on this machine (tantivy, hnsw_rs, clause files).
    #[default]
    Embedded,
    /// An OpenSearch cluster.
    OpenSearch(opensearch::Config),
}

/// A change to apply in one commit.
enum Change {
    Upsert(Box<Standard>),
    Remove(String),
}

/// An opened index: a local folder (caches, OCR pages, the embedded index) and the
/// back end that holds the standards.
pub struct Engine {
    dir: PathBuf,
    backend: Box<dyn Backend>,
    embedder: Option<Arc<dyn Embedder>>,
    rrf_k: f32,
    /// Embeddings of clause sentences (cross-lingual text differences), opened on
    /// first use and kept apart from the clause cache.
    sentence_cache: Mutex<Option<EmbeddingCache>>,
    /// How files are read (OCR on or off, its cache in the index folder).
    parse_options: ingest::ParseOptions,
    /// How often a long ingest commits ([`CHECKPOINT`]).
    checkpoint: std::time::Duration,
    /// Alignments of stored standards, by (generation, left id, right id): the
    /// matrix, the checklist and counterpart discovery align the same pairs again.
    alignments: Mutex<HashMap<(u64, String, String), Arc<Alignment>>>,
    /// Counterparts by standard id, per index generation (search expansion asks often).
    families: Mutex<HashMap<(u64, String), Family>>,
    /// The term table of an index generation, once built ([`Engine::terms`]).
    terms: Mutex<Option<(u64, Arc<TermTable>)>>,
    /// The languages' mean clause vectors, per index generation, and the dot products
    /// `d·m` of the clauses vector search has met (each standard's once read).
    means: Mutex<Option<Means>>,
    /// Who adopts which international text, per index generation.
    adoptions: Mutex<Option<(u64, Arc<Adoptions>)>>,
    /// The Vietnamese vocabulary that restores a query's diacritics, per index
    /// generation ([`Engine::cached_accents`]).
    accents: Mutex<Option<(u64, Option<Arc<crate::accents::Accents>>)>>,
    /// Alignments one search may compute for its expansion
    /// ([`Engine::set_expansion_budget`]).
    expansion_budget: AtomicUsize,
    /// What search expansion reads of an alignment, by (generation, left id, right
    /// id): far smaller than the alignment, so many more pairs stay in memory.
    counterpart_maps: Mutex<HashMap<(u64, String, String), CounterpartMap>>,
    /// The standards a search hit expands to, by (generation, standard id): read from
    /// the family or the adoptions once, not for every hit of every query (in a
    /// large index a text has hundreds of adopters to gather and sort).
    expansions: Mutex<HashMap<(u64, String), Expansion>>,
}

/// A clause key → the clauses aligned with it in the other standard (as clause ids)
/// and the group's score.
type CounterpartMap = Arc<HashMap<String, Vec<(String, f32)>>>;

/// Counterpart maps kept in memory at most (a few kilobytes to a few hundred each);
/// past that the cache starts again.
const COUNTERPART_MAPS: usize = 4096;

/// See [`search::LanguageMeans`].
struct Means {
    generation: u64,
    centroids: Arc<search::Centroids>,
    by_standard: HashMap<String, Arc<HashMap<String, f32>>>,
}

/// A standard's counterparts, shared between searches.
type Family = Arc<Vec<StandardCounterpart>>;

/// The standards a search hit in one standard expands to.
type Expansion = Arc<Vec<StandardInfo>>;

/// Counterparts search expands to: adoptions of one text, and standards on the same
/// subject found with at least this confidence.
const EXPAND_CONFIDENCE: f32 = 0.8;
/// Standards one hit expands to, at most.
const EXPAND_STANDARDS: usize = 8;
/// Alignments one search may compute for its expansion (each costs up to a second in
/// a release build; cached ones are free): a cold index answers quickly and fills its
/// cache search by search, or at once with [`Engine::prepare_expansion`].
const EXPAND_NEW_ALIGNMENTS: usize = 2;
/// Up to this many standards in the index, search discovers counterparts beyond
/// adoption itself (it reads every standard once per index generation).
const DISCOVER_IN_SEARCH: usize = 200;

/// Vietnamese standards whose text restores the diacritics of queries typed without
/// them: a few already hold the words standards use.
const ACCENT_STANDARDS: usize = 64;
/// And at most about this much of their text (a few standards' worth is plenty; a
/// huge one would otherwise hold up the first search of every index generation).
const ACCENT_TEXT: usize = 32 << 20;

/// Alignments kept in memory at most (a few hundred kilobytes each).
const ALIGNMENT_CACHE: usize = 256;

impl Engine {
    /// Opens (or creates) the index in `dir` for keyword search only.
    pub fn open(dir: &Path) -> Result<Engine> {
        Engine::open_with(dir, None)
    }

    /// Opens (or creates) the index in `dir`; with an embedder, ingest also embeds
    /// clauses and search can use vectors. Vectors are loaded, never recomputed.
    pub fn open_with(dir: &Path, embedder: Option<Arc<dyn Embedder>>) -> Result<Engine> {
        let backend = EmbeddedBackend::open(dir, embedder.as_ref().map(|e| e.model_id()))?;
        Ok(Engine::with_backend(dir, Box::new(backend), embedder))
    }

    /// Opens the index on the chosen storage: the folder `dir` itself, or a cluster
    /// (then `dir` holds only the local caches: embeddings, alignments, OCR pages).
    pub fn open_storage(
        dir: &Path,
        storage: &Storage,
        embedder: Option<Arc<dyn Embedder>>,
    ) -> Result<Engine> {
        match storage {
            Storage::Embedded => Engine::open_with(dir, embedder),
            Storage::OpenSearch(config) => {
                let model = embedder.as_ref().map(|e| e.model_id());
                let backend = OpenSearchBackend::open(config, model)?;
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                Ok(Engine::with_backend(dir, Box::new(backend), embedder))
            }
        }
    }

    /// An engine over any back end; `dir` is the local folder for caches (embeddings,
    /// alignments, OCR pages). The back end must have been opened for the
    /// embedder's model.
    pub fn with_backend(
        dir: &Path,
        backend: Box<dyn Backend>,
        embedder: Option<Arc<dyn Embedder>>,
    ) -> Engine {
        Engine {
            dir: dir.to_path_buf(),
            backend,
            embedder,
            rrf_k: search::RRF_K,
            sentence_cache: Mutex::new(None),
            alignments: Mutex::new(HashMap::new()),
            families: Mutex::new(HashMap::new()),
            terms: Mutex::new(None),
            means: Mutex::new(None),
            adoptions: Mutex::new(None),
            accents: Mutex::new(None),
            expansion_budget: AtomicUsize::new(EXPAND_NEW_ALIGNMENTS),
            counterpart_maps: Mutex::new(HashMap::new()),
            expansions: Mutex::new(HashMap::new()),
            parse_options: ingest::ParseOptions {
                ocr_cache: Some(dir.join("ocr-cache")),
                ..Default::default()
            },
            checkpoint: CHECKPOINT,
        }
    }

    /// The back end's name (`embedded`, `opensearch`).
    pub fn backend_name(&self) -> &'static str {
        self.backend.name()
    }

    /// Whether another process changed a shared back end's catalogue since this one
    /// read it (always false for the embedded index; errors are logged as false).
    pub fn is_stale(&self) -> bool {
        self.backend.stale().unwrap_or_else(|e| {
            tracing::warn!("checking the catalogue: {e}");
            false
        })
    }

    /// Reads a shared back end's catalogue again (see [`is_stale`](Self::is_stale)):
    /// standards another process ingested or removed become visible here.
    pub fn reload(&mut self) -> Result<()> {
        self.backend.reload()
    }

    /// How the back end is doing (a cluster's status and nodes), for `/healthz`.
    pub fn health(&self) -> Health {
        self.backend.health()
    }

    /// Sets how files are read: OCR on or off, and a callback for OCR progress. The
    /// OCR cache stays in the index folder unless the options name another.
    pub fn set_parse_options(&mut self, options: ingest::ParseOptions) {
        let cache = options
            .ocr_cache
            .clone()
            .or_else(|| self.parse_options.ocr_cache.clone());
        self.parse_options = ingest::ParseOptions {
            ocr_cache: cache,
            ..options
        };
    }

    /// Sets the reciprocal-rank-fusion constant (for tuning with `eval`).
    pub fn set_rrf_k(&mut self, k: f32) {
        self.rrf_k = k;
    }

    /// Whether vector search is available.
    pub fn has_vectors(&self) -> bool {
        self.backend.has_vectors() && self.embedder.is_some()
    }

    /// The embedded vector index, when vectors are loaded (for measurements).
    pub fn vector_index(&self) -> Option<&VectorIndex> {
        self.backend.vector_index()
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Ingests files and folders (recursively). Each file gets its own result; one
    /// bad file never stops the others. What is read is committed every
    /// [`CHECKPOINT`] and at the end, so an ingest stopped half-way keeps every file
    /// committed before. Unchanged files (same bytes) cost only a hash.
    pub fn ingest(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<IngestReport> {
        let files = ingest::collect_files(paths);
        progress(Progress::Start(files.len()));
        let mut files = files.into_iter().peekable();
        let mut report = IngestReport::default();
        loop {
            let prepared = self.prepare_files(&mut files, Some(self.checkpoint), progress)?;
            report
                .files
                .extend(self.commit_ingest(prepared, progress)?.files);
            if files.peek().is_none() {
                return Ok(report);
            }
        }
    }

    /// Sets how often a long ingest commits what it has read (default [`CHECKPOINT`]).
    pub fn set_checkpoint(&mut self, every: std::time::Duration) {
        self.checkpoint = every;
    }

    /// The slow part of an ingest, which only reads the index: parses the files and
    /// embeds their clauses into the embedding cache. A server runs it under the read
    /// lock, so searches go on; [`commit_ingest`](Self::commit_ingest) then needs the
    /// write lock only to write what was prepared.
    pub fn prepare_ingest(
        &self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<PreparedIngest> {
        let files = ingest::collect_files(paths);
        progress(Progress::Start(files.len()));
        self.prepare_files(&mut files.into_iter(), None, progress)
    }

    /// Reads files until they run out or, with a `budget`, until it is spent, then
    /// embeds what was read.
    fn prepare_files(
        &self,
        files: &mut dyn Iterator<Item = std::result::Result<PathBuf, ingest::Error>>,
        budget: Option<std::time::Duration>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<PreparedIngest> {
        let started = std::time::Instant::now();
        let mut report = IngestReport::default();
        let mut pending: BTreeMap<String, Standard> = BTreeMap::new();
        for file in files {
            let file_report = match file {
                Err(e) => FileReport {
                    path: e.file.clone(),
                    result: Err(e),
                },
                Ok(path) => {
                    let result = self.read_one(&path, &mut pending);
                    FileReport { path, result }
                }
            };
            progress(Progress::File(&file_report));
            report.files.push(file_report);
            if budget.is_some_and(|b| started.elapsed() >= b) {
                break;
            }
        }
        let embedded = match &self.embedder {
            Some(embedder) if !pending.is_empty() => {
                let todo: Vec<&Standard> = pending.values().collect();
                Some(self.embed(
                    embedder.as_ref(),
                    &self.dir.join("vectors"),
                    &todo,
                    progress,
                )?)
            }
            _ => None,
        };
        Ok(PreparedIngest {
            report,
            pending,
            embedded,
        })
    }

    /// Writes a prepared ingest into the index as one commit, with the clause vectors
    /// the preparation computed.
    pub fn commit_ingest(
        &mut self,
        prepared: PreparedIngest,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<IngestReport> {
        let PreparedIngest {
            report,
            pending,
            embedded,
        } = prepared;
        // With an embedder, an unchanged batch may still owe vectors (an index built
        // without the model, or with another one): `apply` fills them in.
        let owes_vectors = self.embedder.is_some()
            && !self.backend.has_vectors()
            && !self.backend.catalogue().is_empty();
        if !pending.is_empty() || owes_vectors {
            let changes = pending
                .into_values()
                .map(|s| Change::Upsert(Box::new(s)))
                .collect();
            self.apply(changes, embedded, progress)?;
        }
        Ok(report)
    }

    fn read_one(
        &self,
        path: &Path,
        pending: &mut BTreeMap<String, Standard>,
    ) -> std::result::Result<Ingested, ingest::Error> {
        // A file over the size limit is refused before it is read into memory.
        ingest::check_size(path, &self.parse_options)?;
        let bytes = std::fs::read(path).map_err(|e| ingest::Reason::Read(e).at(path))?;
        let sha256 = ingest::sha256_hex(&bytes);
        if let Some(known) = self
            .backend
            .catalogue()
            .by_sha256(&sha256)
            .filter(|k| k.source.reader == ingest::READER_VERSION)
        {
            return Ok(Ingested {
                reference: known.reference.clone(),
                clauses: known.clause_count,
                outcome: Outcome::Unchanged,
                warnings: Vec::new(),
            });
        }
        let standard = ingest::parse_bytes_within(path, bytes, &self.parse_options)?;
        let id = standard.info.id.clone();
        let from_xml = |s: &str| !ingest::is_pdf(Path::new(s));
        let held_from_xml = pending
            .get(&id)
            .map(|s| from_xml(&s.info.source.path))
            .or_else(|| {
                self.backend
                    .catalogue()
                    .get(&id)
                    .map(|s| from_xml(&s.source.path))
            })
            .unwrap_or(false);
        if ingest::is_pdf(path) && held_from_xml {
            return Ok(Ingested {
                reference: standard.info.reference.clone(),
                clauses: standard.clauses.len(),
                outcome: Outcome::Twin,
                warnings: standard.warnings,
            });
        }
        let outcome = if self.backend.catalogue().get(&id).is_some() || pending.contains_key(&id) {
            Outcome::Replaced
        } else {
            Outcome::Added
        };
        let ingested = Ingested {
            reference: standard.info.reference.clone(),
            clauses: standard.clauses.len(),
            outcome,
            warnings: standard.warnings.clone(),
        };
        pending.insert(id, standard);
        Ok(ingested)
    }

    /// Adds already-parsed standards (replacing any with the same id) in one commit.
    pub fn add_standards(&mut self, standards: Vec<Standard>) -> Result<()> {
        let changes = standards
            .into_iter()
            .map(|s| Change::Upsert(Box::new(s)))
            .collect();
        self.apply(changes, None, &mut |_| {})
    }

    /// Removes one standard and its clauses.
    pub fn remove(&mut self, reference: &str) -> Result<StandardInfo> {
        let info = self.backend.catalogue().resolve(reference)?.clone();
        self.apply(vec![Change::Remove(info.id.clone())], None, &mut |_| {})?;
        Ok(info)
    }

    /// Embeds what the change needs and commits it to the back end. `ready` holds
    /// the points and vectors of the upserted standards when they were embedded
    /// already, in their order. With an embedder, standards the back end holds no
    /// vectors for (ingested before the model was installed) are embedded and
    /// written again in the same commit.
    fn apply(
        &mut self,
        changes: Vec<Change>,
        ready: Option<Embedded>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<()> {
        let mut upserts: Vec<Standard> = Vec::new();
        let mut removes: Vec<String> = Vec::new();
        for change in changes {
            match change {
                Change::Upsert(standard) => upserts.push(*standard),
                Change::Remove(id) => removes.push(id),
            }
        }
        let vectors = match self.embedder.clone() {
            Some(embedder) => {
                let touched: HashSet<&str> = upserts
                    .iter()
                    .map(|s| s.info.id.as_str())
                    .chain(removes.iter().map(String::as_str))
                    .collect();
                let owed: Vec<Standard> = self
                    .backend
                    .lacking_vectors()
                    .iter()
                    .filter(|i| !touched.contains(i.id.as_str()))
                    .map(|i| self.backend.load(i))
                    .collect::<Result<_>>()?;
                let (mut points, mut embedded, todo): (_, _, Vec<&Standard>) = match ready {
                    Some((p, e)) => (p, e, owed.iter().collect()),
                    None => (
                        Vec::new(),
                        Vec::new(),
                        upserts.iter().chain(&owed).collect(),
                    ),
                };
                if !todo.is_empty() {
                    let (p, e) = self.embed(
                        embedder.as_ref(),
                        &self.dir.join("vectors"),
                        &todo,
                        progress,
                    )?;
                    points.extend(p);
                    embedded.extend(e);
                }
                upserts.extend(owed);
                Some(ClauseVectors {
                    model: embedder.model_id().to_string(),
                    points,
                    vectors: embedded,
                })
            }
            None => None,
        };
        progress(Progress::Committing);
        self.backend.commit(Commit {
            upserts,
            removes,
            vectors,
        })
    }

    /// Embeds every clause of `standards` (cached vectors are reused) and returns
    /// their points and vectors.
    fn embed(
        &self,
        embedder: &dyn Embedder,
        cache_dir: &Path,
        standards: &[&Standard],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Embedded> {
        std::fs::create_dir_all(cache_dir).map_err(|e| Error::io(cache_dir, e))?;
        let model = embedder.model_id();
        let mut cache = EmbeddingCache::open(cache_dir, model)?;
        let mut points = Vec::new();
        let mut keys = Vec::new();
        let mut missing: Vec<(embed_cache::Key, String)> = Vec::new();
        let mut seen: HashSet<embed_cache::Key> = HashSet::new();
        for s in standards {
            for c in &s.clauses {
                let text = passage(c);
                let key = embed_cache::key(model, &text);
                if cache.get(&key).is_none() && seen.insert(key) {
                    missing.push((key, text));
                }
                keys.push(key);
                points.push(Point {
                    clause_id: c.id(&s.info),
                    standard: s.info.id.clone(),
                    lang: c.lang.clone(),
                    deleted: false,
                });
            }
        }
        let total = missing.len();
        for (n, chunk) in missing.chunks(EMBED_CHUNK).enumerate() {
            progress(Progress::Embedding {
                done: n * EMBED_CHUNK,
                total,
            });
            let texts: Vec<&str> = chunk.iter().map(|(_, t)| t.as_str()).collect();
            for ((key, _), v) in chunk.iter().zip(embedder.embed_passages(&texts)?) {
                cache.insert(*key, v);
            }
        }
        if total > 0 {
            progress(Progress::Embedding { done: total, total });
        }
        cache.flush()?;
        let vectors = keys
            .iter()
            .map(|k| {
                cache.get(k).cloned().ok_or_else(|| Error::Corrupt {
                    path: cache_dir.to_path_buf(),
                    reason: "an embedding vanished from the cache".into(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((points, vectors))
    }

    /// Standards in the index, ordered by reference.
    pub fn list(&self) -> Vec<&StandardInfo> {
        let mut list: Vec<&StandardInfo> = self.backend.catalogue().standards().collect();
        list.sort_by(|a, b| a.reference.cmp(&b.reference));
        list
    }

    /// Finds a standard's metadata from any form of its reference.
    pub fn resolve(&self, reference: &str) -> Result<&StandardInfo> {
        self.backend.catalogue().resolve(reference)
    }

    /// A standard with all its clauses.
    pub fn standard(&self, reference: &str) -> Result<Standard> {
        let info = self.backend.catalogue().resolve(reference)?;
        self.backend.load(info)
    }

    /// One clause of a standard; annex keys may be given as printed (`附录A`).
    pub fn clause(&self, reference: &str, key: &str) -> Result<(StandardInfo, Clause)> {
        let standard = self.standard(reference)?;
        let clause = find_clause(&standard, key)
            .cloned()
            .ok_or_else(|| Error::UnknownClause {
                standard: standard.info.reference.clone(),
                key: key.to_string(),
            })?;
        Ok((standard.info, clause))
    }

    /// How many alignments one search may compute for its counterpart expansion
    /// (default [`EXPAND_NEW_ALIGNMENTS`]); the rest wait for a later search. A
    /// server that prepares expansion in the background sets 0: a search then never
    /// waits for an alignment and expands from what is ready.
    pub fn set_expansion_budget(&self, alignments: usize) {
        self.expansion_budget.store(alignments, Ordering::Relaxed);
    }

    /// Search in the request's mode (hybrid by default) with filters.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let no_vectors = match (&self.embedder, self.backend.has_vectors()) {
            (None, _) => {
                "the embedding model is not loaded: run scripts/setup-models.sh, or search with --mode keyword"
            }
            (Some(_), false) => {
                "the index has no vectors for this model yet: run `stdalign ingest` on your files again"
            }
            _ => "",
        };
        let budget = AtomicUsize::new(self.expansion_budget.load(Ordering::Relaxed));
        let table = self.cached_terms();
        // Built only for a query that could need it (ASCII letters only).
        let accents = crate::accents::may_restore(&request.query)
            .then(|| self.cached_accents())
            .flatten();
        let cx = search::Context {
            backend: self.backend.as_ref(),
            embedder: self.embedder.as_deref(),
            means: Some(self),
            no_vectors,
            counterparts: Some(&|id: &str| self.clause_id_counterparts(id, &budget)),
            terms: table.as_deref(),
            accents: accents.as_deref(),
        };
        let mut results = search::run(&cx, request, self.rrf_k)?;
        if request.group {
            let mut groups = search::groups(&results.results);
            for g in &mut groups {
                for m in &mut g.members {
                    m.differences = self.differences_between(&g.lead, &m.id);
                }
            }
            results.groups = Some(groups);
        }
        Ok(results)
    }

    /// How the aligned group of clause id `to` differs from clause id `from`, when
    /// the two standards' alignment is cached (search expansion put it there).
    fn differences_between(&self, from: &str, to: &str) -> Vec<align::diff::Difference> {
        let (Some((lr, lk)), Some((rr, rk))) = (from.split_once('#'), to.split_once('#')) else {
            return Vec::new();
        };
        let (Ok(left), Ok(right)) = (self.resolve(lr), self.resolve(rr)) else {
            return Vec::new();
        };
        self.cached_alignment(left, right)
            .and_then(|a| {
                a.pairs
                    .iter()
                    .find(|p| p.left.iter().any(|k| k == lk) && p.right.iter().any(|k| k == rk))
                    .map(|p| p.differences.clone())
            })
            .unwrap_or_default()
    }

    /// Aligns two standards clause by clause and annotates the differences.
    pub fn align(&self, left: &str, right: &str) -> Result<Alignment> {
        let left = self.standard(left)?;
        let right = self.standard(right)?;
        self.align_standards(&left, &right)
    }

    /// [`align`](Self::align) for standards already loaded.
    pub fn align_standards(&self, left: &Standard, right: &Standard) -> Result<Alignment> {
        let adoptions = self.adoptions();
        let embed = |texts: &[String]| self.embed_sentences(texts);
        let inputs = align::Inputs {
            left_vectors: self.alignment_vectors(left)?,
            right_vectors: self.alignment_vectors(right)?,
            adoptions: &adoptions.by_own,
            sentences: if self.has_vectors() {
                Some(&embed)
            } else {
                None
            },
        };
        align::align(left, right, &inputs)
    }

    /// The alignment of two standards of the index, computed once per index
    /// generation: kept in memory and on disk (`alignments/gen-N-<build>/`, emptied
    /// when the index or the program changes), so the matrix, the checklist, counterpart discovery and search
    /// expansion do not align the same pair again, across processes too.
    fn align_stored(&self, left: &Standard, right: &Standard) -> Result<Arc<Alignment>> {
        self.align_infos(&left.info, &right.info, || {
            Ok((left.clone(), right.clone()))
        })
    }

    /// What the in-memory caches of a pair of standards are keyed by: the index
    /// generation and the two ids.
    fn pair_key(&self, left: &StandardInfo, right: &StandardInfo) -> (u64, String, String) {
        (
            self.backend.catalogue().generation(),
            left.id.clone(),
            right.id.clone(),
        )
    }

    /// The folder of this index generation's caches (alignments, families, terms).
    fn cache_dir(&self) -> PathBuf {
        self.dir.join("alignments").join(format!(
            "gen-{}-{}",
            self.backend.catalogue().generation(),
            build_tag()
        ))
    }

    /// Where the alignment of two standards is cached on disk: the folder of this
    /// index generation and the file.
    fn alignment_file(&self, left: &StandardInfo, right: &StandardInfo) -> (PathBuf, PathBuf) {
        let dir = self.cache_dir();
        let file = dir.join(format!(
            "{}-{}-{}.json",
            short(&left.source.sha256),
            short(&right.source.sha256),
            if self.has_vectors() { "v" } else { "s" }
        ));
        (dir, file)
    }

    /// The alignment of two standards when it is cached, in memory or on disk.
    fn cached_alignment(
        &self,
        left: &StandardInfo,
        right: &StandardInfo,
    ) -> Option<Arc<Alignment>> {
        let key = self.pair_key(left, right);
        if let Some(a) = locked(&self.alignments).get(&key) {
            return Some(a.clone());
        }
        let (_, file) = self.alignment_file(left, right);
        let a = Arc::new(serde_json::from_slice::<Alignment>(&std::fs::read(&file).ok()?).ok()?);
        self.remember_alignment(left, right, &a);
        Some(a)
    }

    /// [`align_stored`](Self::align_stored) by catalogue entries; `load` gives the two
    /// standards when the alignment is not cached.
    fn align_infos(
        &self,
        left: &StandardInfo,
        right: &StandardInfo,
        load: impl FnOnce() -> Result<(Standard, Standard)>,
    ) -> Result<Arc<Alignment>> {
        if let Some(a) = self.cached_alignment(left, right) {
            return Ok(a);
        }
        let (dir, file) = self.alignment_file(left, right);
        let (l, r) = load()?;
        let alignment = Arc::new(self.align_standards(&l, &r)?);
        // The cache only saves time: a failed write is logged, not an error.
        if let Err(e) = write_json(&dir, &file, alignment.as_ref()) {
            tracing::warn!("alignment cache {}: {e}", file.display());
        }
        self.remember_alignment(left, right, &alignment);
        Ok(alignment)
    }

    /// Keeps an alignment in memory for this index generation (bounded).
    fn remember_alignment(&self, left: &StandardInfo, right: &StandardInfo, a: &Arc<Alignment>) {
        let key = self.pair_key(left, right);
        let mut cache = locked(&self.alignments);
        if cache.len() >= ALIGNMENT_CACHE {
            cache.clear();
        }
        cache.insert(key, a.clone());
    }

    /// Standards of the index that cover the same subject, best first: adoptions of
    /// one international text, then standards found from shared ICS codes, similar
    /// titles and scopes and confirmed by aligning them (see [`align::counterparts`]).
    pub fn counterparts(&self, reference: &str) -> Result<Vec<StandardCounterpart>> {
        use align::counterparts as cp;
        let base_info = self.resolve(reference)?.clone();
        let base = self.backend.load(&base_info)?;
        let canonical = |r: &str| align::diff::canonical_reference(r);
        let titles = |i: &StandardInfo| -> (Vec<String>, Vec<String>) {
            i.titles
                .iter()
                .map(|(lang, t)| (lang.clone(), t.clone()))
                .unzip()
        };
        let vectors = self.has_vectors();
        let (base_langs, base_texts) = titles(&base_info);
        let base_titles = if vectors {
            self.embed_sentences(&base_texts)?
        } else {
            Vec::new()
        };
        let base_scope = self.scope_vector(&base);
        let mut found = Vec::new();
        for info in self.list() {
            if info.id == base_info.id {
                continue;
            }
            let describe =
                |relation: &str, confidence: f32, evidence: Evidence| StandardCounterpart {
                    reference: info.reference.clone(),
                    lang: info.lang.clone(),
                    country: info.country.clone(),
                    body: info.body.clone(),
                    relation: relation.into(),
                    confidence: align::round2(confidence),
                    evidence,
                };
            let mut evidence = Evidence {
                common_adoption: cp::common_adoption(&base_info, info, canonical),
                shared_ics: cp::shared_ics(&base_info, info),
                ..Evidence::default()
            };
            if evidence.common_adoption.is_some() {
                found.push(describe("adoption", 1.0, evidence));
                continue;
            }
            let mut title = None;
            if vectors {
                let (langs, texts) = titles(info);
                let theirs = self.embed_sentences(&texts)?;
                // Titles in one language are compared with each other when both
                // standards have one; otherwise across languages.
                let pairs = base_langs.iter().zip(&base_titles).flat_map(|(la, a)| {
                    langs
                        .iter()
                        .zip(&theirs)
                        .map(move |(lb, b)| (la == lb, crate::embed::dot(a, b)))
                });
                let all: Vec<(bool, f32)> = pairs.collect();
                let same = all.iter().any(|p| p.0);
                title = all
                    .iter()
                    .filter(|p| p.0 == same)
                    .map(|p| p.1)
                    .max_by(f32::total_cmp)
                    .map(|similarity| cp::TitleSimilarity {
                        similarity,
                        same_language: same,
                    });
                evidence.title_similarity = title.map(|t| align::round2(t.similarity));
            }
            // Reading the candidate costs a load: skip it when even a perfect scope
            // match could not make it a candidate.
            if cp::prior_confidence(&base_info, info, title, Some(1.0)) < cp::CANDIDATE {
                continue;
            }
            let other = self.backend.load(info)?;
            if let (Some(a), Some(b)) = (&base_scope, self.scope_vector(&other)) {
                evidence.scope_similarity = Some(align::round2(crate::embed::dot(a, &b)));
            }
            let prior = cp::prior_confidence(&base_info, info, title, evidence.scope_similarity);
            if prior < cp::CANDIDATE {
                continue;
            }
            let alignment = self.align_stored(&base, &other)?;
            evidence.alignment_coverage = Some(align::round2(cp::coverage(
                &alignment,
                base.clauses.len(),
                other.clauses.len(),
            )));
            let confidence = cp::confirmed_confidence(&base_info, info, title, &evidence);
            if confidence >= cp::COUNTERPART {
                found.push(describe("same-subject", confidence, evidence));
            }
        }
        found.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        Ok(found)
    }

    /// [`counterparts`](Self::counterparts), kept per index generation.
    fn family(&self, info: &StandardInfo) -> Result<Family> {
        if let Some(f) = self.cached_family(info) {
            return Ok(f);
        }
        let found = Arc::new(self.counterparts(&info.reference)?);
        let (dir, file) = self.family_file(info);
        if let Err(e) = write_json(&dir, &file, found.as_ref()) {
            tracing::warn!("counterpart cache {}: {e}", file.display());
        }
        self.remember_family(info, &found);
        Ok(found)
    }

    /// Where a standard's discovered counterparts are cached on disk, beside the
    /// alignments of the same index generation.
    fn family_file(&self, info: &StandardInfo) -> (PathBuf, PathBuf) {
        let (dir, _) = self.alignment_file(info, info);
        let file = dir.join(format!(
            "family-{}-{}.json",
            short(&info.source.sha256),
            if self.has_vectors() { "v" } else { "s" }
        ));
        (dir, file)
    }

    /// A standard's counterparts when discovered in this index generation (in memory,
    /// or on disk by an earlier process).
    fn cached_family(&self, info: &StandardInfo) -> Option<Family> {
        let key = (self.backend.catalogue().generation(), info.id.clone());
        if let Some(f) = locked(&self.families).get(&key) {
            return Some(f.clone());
        }
        let (_, file) = self.family_file(info);
        let found: Family = Arc::new(serde_json::from_slice(&std::fs::read(&file).ok()?).ok()?);
        self.remember_family(info, &found);
        Some(found)
    }

    /// Keeps a standard's counterparts in memory for this index generation.
    fn remember_family(&self, info: &StandardInfo, found: &Family) {
        let key = (self.backend.catalogue().generation(), info.id.clone());
        // Search hits in this standard expand to the family from now on.
        locked(&self.expansions).remove(&key);
        locked(&self.families).insert(key, found.clone());
    }

    /// [`expansion_family`](Self::expansion_family) without discovery, kept per
    /// standard and index generation: search asks it for every hit of every query.
    fn search_expansion(&self, base: &StandardInfo) -> Result<Expansion> {
        let slot = (self.backend.catalogue().generation(), base.id.clone());
        if let Some(f) = locked(&self.expansions).get(&slot) {
            return Ok(f.clone());
        }
        let f = Arc::new(self.expansion_family(base, false)?);
        let mut cache = locked(&self.expansions);
        // As many standards as counterpart maps, each a handful of entries.
        if cache.len() >= COUNTERPART_MAPS {
            cache.clear();
        }
        cache.insert(slot, f.clone());
        Ok(f)
    }

    /// The standards a search hit in `base` expands to, best first, at most
    /// [`EXPAND_STANDARDS`]: its confident counterparts when they have been discovered
    /// in this index generation (always with `discover`, in an index of up to
    /// [`DISCOVER_IN_SEARCH`] standards); otherwise the adoptions of the same text,
    /// read from the catalogue alone. Search itself never runs discovery: it aligns.
    fn expansion_family(&self, base: &StandardInfo, discover: bool) -> Result<Vec<StandardInfo>> {
        let known = match self.cached_family(base) {
            Some(f) => Some(f),
            None if discover && self.list().len() <= DISCOVER_IN_SEARCH => Some(self.family(base)?),
            None => None,
        };
        let mut out: Vec<StandardInfo> = Vec::new();
        match known {
            Some(f) => {
                for c in f.iter().filter(|c| c.confidence >= EXPAND_CONFIDENCE) {
                    out.push(self.resolve(&c.reference)?.clone());
                }
            }
            None => {
                let adoptions = self.adoptions();
                for reference in adoptions.sharing(base).into_iter().take(EXPAND_STANDARDS) {
                    out.push(self.resolve(reference)?.clone());
                }
            }
        }
        out.truncate(EXPAND_STANDARDS);
        Ok(out)
    }

    /// The multilingual term table: the terms every standard defines, grouped across
    /// languages by the headings that name a term in two scripts and by the term
    /// clauses aligned between the standards of each family (see [`crate::terms`]).
    /// Built once per index generation (families are discovered and aligned as
    /// needed) and cached on disk.
    pub fn terms(&self) -> Result<Arc<TermTable>> {
        if let Some(t) = self.cached_terms() {
            return Ok(t);
        }
        let table = Arc::new(self.build_terms()?);
        let dir = self.cache_dir();
        if let Err(e) = write_json(&dir, &dir.join("terms.json"), table.as_ref()) {
            tracing::warn!("term table cache {}: {e}", dir.display());
        }
        *locked(&self.terms) = Some((self.backend.catalogue().generation(), table.clone()));
        Ok(table)
    }

    /// The term table when it is built for this index generation (in memory or on
    /// disk); search uses it only then, it never builds it.
    fn cached_terms(&self) -> Option<Arc<TermTable>> {
        let generation = self.backend.catalogue().generation();
        let mut guard = locked(&self.terms);
        if let Some((g, t)) = guard.as_ref()
            && *g == generation
        {
            return Some(t.clone());
        }
        let file = self.cache_dir().join("terms.json");
        let table: TermTable = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
        let table = Arc::new(table);
        *guard = Some((generation, table.clone()));
        Some(table)
    }

    /// The vocabulary of the index's Vietnamese text (up to [`ACCENT_STANDARDS`]
    /// standards), built at the first search of an index generation that needs it;
    /// `None` without Vietnamese standards.
    fn cached_accents(&self) -> Option<Arc<crate::accents::Accents>> {
        let generation = self.backend.catalogue().generation();
        let mut guard = locked(&self.accents);
        if let Some((g, a)) = guard.as_ref()
            && *g == generation
        {
            return a.clone();
        }
        let mut texts: Vec<String> = Vec::new();
        let mut bytes = 0;
        for info in self
            .list()
            .into_iter()
            .filter(|i| i.lang == "vi")
            .take(ACCENT_STANDARDS)
        {
            if bytes > ACCENT_TEXT {
                break;
            }
            match self.backend.load(info) {
                Ok(standard) => {
                    for c in standard.clauses {
                        bytes += c.text.len();
                        texts.extend(c.heading);
                        texts.push(c.text);
                    }
                }
                Err(e) => tracing::warn!("Vietnamese vocabulary without {}: {e}", info.reference),
            }
        }
        let accents = (!texts.is_empty()).then(|| {
            Arc::new(crate::accents::Accents::build(
                texts.iter().map(String::as_str),
            ))
        });
        *guard = Some((generation, accents.clone()));
        accents
    }

    fn build_terms(&self) -> Result<TermTable> {
        let infos: Vec<StandardInfo> = self.list().into_iter().cloned().collect();
        let mut terms: Vec<Term> = Vec::new();
        let mut links: Vec<(usize, usize)> = Vec::new();
        // (standard id, clause key) → the index of the clause's term in `terms`.
        let mut at: HashMap<(String, String), usize> = HashMap::new();
        for info in &infos {
            let standard = self.backend.load(info)?;
            for c in &standard.clauses {
                let Some(heading) = c.heading.as_deref().filter(|_| c.kind == ClauseKind::Term)
                else {
                    continue;
                };
                let first = terms.len();
                for (lang, text) in crate::terms::split_heading(heading, &c.lang) {
                    if text.is_empty() {
                        continue;
                    }
                    if terms.len() > first {
                        links.push((first, terms.len()));
                    }
                    terms.push(Term {
                        text,
                        lang,
                        standard: info.reference.clone(),
                        clause: c.label(),
                    });
                }
                if terms.len() > first {
                    at.insert((info.id.clone(), c.key.clone()), first);
                }
            }
        }
        for info in &infos {
            for other in self.expansion_family(info, true)? {
                if other.id <= info.id {
                    continue;
                }
                let alignment = self.align_infos(info, &other, || {
                    Ok((self.backend.load(info)?, self.backend.load(&other)?))
                })?;
                for p in &alignment.pairs {
                    let ([l], [r]) = (p.left.as_slice(), p.right.as_slice()) else {
                        continue;
                    };
                    if p.score < TERM_LINK {
                        continue;
                    }
                    let (a, b) = (
                        at.get(&(info.id.clone(), l.clone())),
                        at.get(&(other.id.clone(), r.clone())),
                    );
                    if let (Some(&a), Some(&b)) = (a, b) {
                        links.push((a, b));
                    }
                }
            }
        }
        Ok(TermTable::build(terms, &links))
    }

    /// Discovers every standard's counterparts and aligns it with those search expands
    /// to, filling the caches so that searches expand at full strength from the
    /// first. `eval search` runs it first; `serve` runs it in the background.
    pub fn prepare_expansion(&self) -> Result<()> {
        let infos: Vec<StandardInfo> = self.list().into_iter().cloned().collect();
        for info in &infos {
            self.prepare_expansion_of(info)?;
        }
        self.terms()?;
        Ok(())
    }

    /// [`prepare_expansion`](Self::prepare_expansion) for one standard.
    pub fn prepare_expansion_of(&self, base: &StandardInfo) -> Result<()> {
        for other in self.expansion_family(base, true)? {
            self.align_infos(base, &other, || {
                Ok((self.backend.load(base)?, self.backend.load(&other)?))
            })?;
        }
        Ok(())
    }

    /// The aligned counterparts of a clause (`<reference>#<key>`) in its standard's
    /// expansion family, each with its group's confidence. Alignments come from the
    /// cache; `budget` is how many more may be computed in this search (the rest of
    /// the family waits for a later search). Empty when anything is missing: search
    /// goes on without expansion.
    fn clause_id_counterparts(&self, id: &str, budget: &AtomicUsize) -> Vec<(String, f32)> {
        let found = (|| -> Result<Vec<(String, f32)>> {
            let Some((reference, key)) = id.split_once('#') else {
                return Ok(Vec::new());
            };
            let base = self.resolve(reference)?;
            let mut out = Vec::new();
            for other in self.search_expansion(base)?.iter() {
                if let Some(map) = self.counterpart_map(base, other, budget)?
                    && let Some(found) = map.get(key)
                {
                    out.extend(found.iter().cloned());
                }
            }
            Ok(out)
        })();
        found.unwrap_or_else(|e| {
            tracing::warn!("no counterpart expansion for {id}: {e}");
            Vec::new()
        })
    }

    /// Each clause of `base` with its aligned clauses in `other` (the first group
    /// holding it), from their alignment: cached, or computed when `budget` allows
    /// one more (`None` otherwise).
    fn counterpart_map(
        &self,
        base: &StandardInfo,
        other: &StandardInfo,
        budget: &AtomicUsize,
    ) -> Result<Option<CounterpartMap>> {
        let key = self.pair_key(base, other);
        if let Some(map) = locked(&self.counterpart_maps).get(&key) {
            return Ok(Some(map.clone()));
        }
        let alignment = match self.cached_alignment(base, other) {
            Some(a) => a,
            None if budget
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok() =>
            {
                self.align_infos(base, other, || {
                    Ok((self.backend.load(base)?, self.backend.load(other)?))
                })?
            }
            None => return Ok(None),
        };
        let mut map: HashMap<String, Vec<(String, f32)>> = HashMap::new();
        for p in &alignment.pairs {
            for k in &p.left {
                map.entry(k.clone()).or_insert_with(|| {
                    p.right
                        .iter()
                        .map(|r| (format!("{}#{r}", other.reference), p.score))
                        .collect()
                });
            }
        }
        let map = Arc::new(map);
        let mut cache = locked(&self.counterpart_maps);
        if cache.len() >= COUNTERPART_MAPS {
            cache.clear();
        }
        cache.insert(key, map.clone());
        Ok(Some(map))
    }

    /// The stored vector of a standard's scope clause, when it has one.
    fn scope_vector(&self, s: &Standard) -> Option<Vec<f32>> {
        let scope = s
            .clauses
            .iter()
            .find(|c| c.kind == crate::model::ClauseKind::Scope)?;
        self.clause_vectors(s).remove(&scope.key)
    }

    /// The counterparts of a standard loaded, each with its alignment (the standard on
    /// the left), keeping those `keep` accepts.
    fn aligned_counterparts(
        &self,
        base: &Standard,
        keep: impl Fn(&StandardInfo) -> bool,
    ) -> Result<Vec<(Standard, Arc<Alignment>)>> {
        let mut loaded = Vec::new();
        for found in self.counterparts(&base.info.reference)? {
            let info = self.resolve(&found.reference)?;
            if !keep(info) {
                continue;
            }
            let other = self.backend.load(info)?;
            let alignment = self.align_stored(base, &other)?;
            loaded.push((other, alignment));
        }
        Ok(loaded)
    }

    /// The harmonisation matrix of a standard against all its counterparts.
    pub fn matrix(&self, reference: &str) -> Result<align::matrix::Matrix> {
        let base = self.standard(reference)?;
        let loaded = self.aligned_counterparts(&base, |_| true)?;
        let columns: Vec<align::matrix::Column> = loaded
            .iter()
            .map(|(standard, alignment)| align::matrix::Column {
                standard,
                alignment,
            })
            .collect();
        Ok(align::matrix::build(&base, &columns))
    }

    /// The exporter checklist: what the target market's counterparts of `have` ask
    /// for beyond it. `target` is a country (`Thailand`, `TH`), a body (`TISI`) or an
    /// originator (`TIS`, `TCVN`).
    pub fn check(&self, have: &str, target: &str) -> Result<align::check::Checklist> {
        let base = self.standard(have)?;
        let loaded = self.aligned_counterparts(&base, |i| in_market(i, target))?;
        if loaded.is_empty() {
            return Err(Error::InvalidQuery(format!(
                "no counterpart of {} for '{target}' in the index (see `stdalign counterparts`)",
                base.info.reference
            )));
        }
        let targets: Vec<(&Standard, &Alignment)> =
            loaded.iter().map(|(s, a)| (s, a.as_ref())).collect();
        Ok(align::check::build(&base, target, &targets))
    }

    /// The best counterparts of one clause in every other standard of the index: its
    /// aligned group in standards of the same family, else the clause closest in
    /// meaning (only when the index has vectors), best first.
    pub fn clause_counterparts(
        &self,
        reference: &str,
        key: &str,
    ) -> Result<Vec<align::ClauseCounterpart>> {
        let base = self.standard(reference)?;
        if !base.clauses.iter().any(|c| c.key == key) {
            return Err(Error::UnknownClause {
                standard: base.info.reference.clone(),
                key: key.to_string(),
            });
        }
        let family: HashSet<String> = self
            .counterparts(reference)?
            .into_iter()
            .map(|c| c.reference)
            .collect();
        let own_vector = self.clause_vectors(&base).remove(key);
        let mut found = Vec::new();
        for info in self.list() {
            if info.id == base.info.id {
                continue;
            }
            let other = self.backend.load(info)?;
            if family.contains(&info.reference) {
                let alignment = self.align_stored(&base, &other)?;
                let group = alignment
                    .pairs
                    .iter()
                    .find(|p| p.left.iter().any(|k| k == key))
                    .cloned();
                let by_key: HashMap<&str, &Clause> =
                    other.clauses.iter().map(|c| (c.key.as_str(), c)).collect();
                found.push(match group {
                    Some(p) => align::ClauseCounterpart {
                        standard: info.reference.clone(),
                        lang: info.lang.clone(),
                        method: "alignment".into(),
                        clauses: p
                            .right
                            .iter()
                            .filter_map(|k| by_key.get(k.as_str()))
                            .map(|c| align::CounterpartClause::of(c))
                            .collect(),
                        score: p.score,
                        relation: Some(p.relation),
                        differences: p.differences,
                    },
                    None => align::ClauseCounterpart {
                        standard: info.reference.clone(),
                        lang: info.lang.clone(),
                        method: "alignment".into(),
                        clauses: Vec::new(),
                        score: 0.0,
                        relation: None,
                        differences: Vec::new(),
                    },
                });
            } else if let Some(v) = &own_vector {
                let vectors = self.clause_vectors(&other);
                let best = other
                    .clauses
                    .iter()
                    .filter_map(|c| Some((c, crate::embed::dot(v, vectors.get(&c.key)?))))
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((c, similarity)) = best {
                    found.push(align::ClauseCounterpart {
                        standard: info.reference.clone(),
                        lang: info.lang.clone(),
                        method: "similarity".into(),
                        clauses: vec![align::CounterpartClause::of(c)],
                        score: align::round2(similarity),
                        relation: None,
                        differences: Vec::new(),
                    });
                }
            }
        }
        // Same-family alignments first (they are the real counterparts), then by score.
        found.sort_by(|a, b| {
            (b.method == "alignment")
                .cmp(&(a.method == "alignment"))
                .then(b.score.total_cmp(&a.score))
        });
        Ok(found)
    }

    /// The stored clause vectors of a standard, by clause key (empty without vectors;
    /// a back end that cannot answer is logged and counts as none).
    pub fn clause_vectors(&self, s: &Standard) -> HashMap<String, Vec<f32>> {
        self.stored_vectors(s).unwrap_or_else(|e| {
            tracing::warn!("no stored vectors for {}: {e}", s.info.reference);
            HashMap::new()
        })
    }

    /// [`clause_vectors`](Self::clause_vectors), with the back end's error.
    fn stored_vectors(&self, s: &Standard) -> Result<HashMap<String, Vec<f32>>> {
        let prefix = format!("{}#", s.info.reference);
        Ok(self
            .backend
            .clause_vectors(&s.info.id)?
            .into_iter()
            .filter_map(|(id, v)| Some((id.strip_prefix(&prefix)?.to_string(), v)))
            .collect())
    }

    /// The vectors the aligner compares clauses by: each clause's heading and text
    /// embedded as a query, both sides alike, not the passages search stores. One
    /// prefix on both sides suits a symmetric comparison (on the development
    /// benchmark, independent pairs F1 0.88 → 0.90, reference differences P 0.88 →
    /// 0.95). Cached on disk by text with the sentence vectors, so a clause is
    /// embedded once for all its alignments, stored standards and in-memory ones
    /// (perturbed copies) alike. Without the model, the stored vectors; without
    /// those, none.
    pub fn alignment_vectors(&self, s: &Standard) -> Result<HashMap<String, Vec<f32>>> {
        if !self.has_vectors() {
            return self.stored_vectors(s);
        }
        let texts: Vec<String> = (0..s.clauses.len())
            .map(|i| align::comparable_passage(s, i))
            .collect();
        let vectors = self.embed_sentences(&texts)?;
        Ok(s.clauses
            .iter()
            .map(|c| c.key.clone())
            .zip(vectors)
            .collect())
    }

    /// Who adopts which international text in this index generation (see
    /// [`Adoptions`]), read from the catalogue once per generation.
    pub fn adoptions(&self) -> Arc<Adoptions> {
        let generation = self.backend.catalogue().generation();
        let mut guard = locked(&self.adoptions);
        match guard.as_ref() {
            Some((g, a)) if *g == generation => a.clone(),
            _ => {
                let a = Arc::new(Adoptions::of(self.backend.catalogue().standards()));
                *guard = Some((generation, a.clone()));
                a
            }
        }
    }

    /// Unit vectors of sentences (query-side prefix: the comparison is symmetric),
    /// cached on disk by text so repeated alignments cost no inference.
    fn embed_sentences(&self, texts: &[String]) -> Result<Vec<Vec<f32>>> {
        let embedder = self
            .embedder
            .as_ref()
            .ok_or_else(|| Error::VectorsUnavailable("the embedding model is not loaded".into()))?;
        let model = format!("sentences-{}", embedder.model_id());
        let dir = self.dir.join("vectors");
        let mut guard = locked(&self.sentence_cache);
        if guard.is_none() {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            *guard = Some(EmbeddingCache::open(&dir, &model)?);
        }
        let Some(cache) = guard.as_mut() else {
            unreachable!("the cache was opened above")
        };
        let keys: Vec<embed_cache::Key> =
            texts.iter().map(|t| embed_cache::key(&model, t)).collect();
        let mut missing: Vec<(embed_cache::Key, &str)> = Vec::new();
        for (k, t) in keys.iter().zip(texts) {
            if cache.get(k).is_none() && !missing.iter().any(|(m, _)| m == k) {
                missing.push((*k, t));
            }
        }
        if !missing.is_empty() {
            let batch: Vec<&str> = missing.iter().map(|(_, t)| *t).collect();
            for ((k, _), v) in missing.iter().zip(embedder.embed_queries(&batch)?) {
                cache.insert(*k, v);
            }
            cache.flush()?;
        }
        keys.iter()
            .map(|k| {
                cache.get(k).cloned().ok_or_else(|| Error::Corrupt {
                    path: dir.clone(),
                    reason: "a sentence embedding vanished from the cache".into(),
                })
            })
            .collect()
    }

    /// Number of clauses the back end holds (0, logged, when it cannot say).
    pub fn clause_count(&self) -> u64 {
        self.backend.clause_count().unwrap_or_else(|e| {
            tracing::warn!("clause count: {e}");
            0
        })
    }
}

/// The language means are computed once per index generation, each standard's dot
/// products when a search first meets one of its clauses. Those are read and
/// computed outside the lock (the back end may be a cluster), so concurrent searches
/// wait for each other only for the means.
impl search::LanguageMeans for Engine {
    fn centroids(&self) -> Result<Arc<search::Centroids>> {
        let generation = self.backend.catalogue().generation();
        let mut guard = locked(&self.means);
        if let Some(means) = guard.as_ref().filter(|m| m.generation == generation) {
            return Ok(means.centroids.clone());
        }
        let centroids = Arc::new(search::language_centroids(self.backend.as_ref())?);
        *guard = Some(Means {
            generation,
            centroids: centroids.clone(),
            by_standard: HashMap::new(),
        });
        Ok(centroids)
    }

    fn dots(&self, ids: &[String]) -> Result<HashMap<String, f32>> {
        let generation = self.backend.catalogue().generation();
        // Each reference resolved once (a search's candidates share a few standards).
        let mut standards: HashMap<&str, &StandardInfo> = HashMap::new();
        for id in ids {
            if let Some((reference, _)) = id.split_once('#')
                && !standards.contains_key(reference)
                && let Ok(info) = self.backend.catalogue().resolve(reference)
            {
                standards.insert(reference, info);
            }
        }
        let centroids = self.centroids()?;
        let mut scores: HashMap<String, Arc<HashMap<String, f32>>> = {
            let guard = locked(&self.means);
            let Some(means) = guard.as_ref().filter(|m| m.generation == generation) else {
                return Ok(HashMap::new());
            };
            standards
                .values()
                .filter_map(|i| Some((i.id.clone(), means.by_standard.get(&i.id)?.clone())))
                .collect()
        };
        let mut fresh = Vec::new();
        for info in standards.values().filter(|i| !scores.contains_key(&i.id)) {
            let s = search::centroid_dots(self.backend.as_ref(), &centroids, &info.id, &info.lang)?;
            fresh.push((info.id.clone(), Arc::new(s)));
        }
        if !fresh.is_empty() {
            let mut guard = locked(&self.means);
            if let Some(means) = guard.as_mut().filter(|m| m.generation == generation) {
                for (id, s) in &fresh {
                    means.by_standard.insert(id.clone(), s.clone());
                }
            }
        }
        scores.extend(fresh);
        let mut out = HashMap::new();
        for id in ids {
            let Some((reference, _)) = id.split_once('#') else {
                continue;
            };
            if let Some(h) = standards
                .get(reference)
                .and_then(|i| scores.get(&i.id))
                .and_then(|s| s.get(id))
            {
                out.insert(id.clone(), *h);
            }
        }
        Ok(out)
    }
}

/// How sure an alignment must be of a pair of term clauses for their terms to be
/// one group: a wrongly joined group would expand queries with unrelated words.
const TERM_LINK: f32 = 0.8;

/// How often a long ingest commits what it has read: a commit rewrites the keyword
/// segment list and dumps the vector graph (seconds on a large index), so not after
/// every file, but often enough that an interrupted batch loses little.
pub const CHECKPOINT: std::time::Duration = std::time::Duration::from_secs(120);

/// Files parsed and embedded by [`Engine::prepare_ingest`], not yet in the index.
pub struct PreparedIngest {
    report: IngestReport,
    pending: BTreeMap<String, Standard>,
    /// The clause points and vectors of `pending`, in its order (with a model).
    embedded: Option<Embedded>,
}

/// Clause points and their vectors, in one order.
type Embedded = (Vec<Point>, Vec<Vec<f32>>);

/// The text embedded for a clause: its heading, then its text.
pub(crate) fn passage(c: &Clause) -> String {
    match &c.heading {
        Some(h) => format!("{h}\n{}", c.text),
        None => c.text.clone(),
    }
}

/// A cache's lock. A poisoned lock only means another thread panicked mid-way; every
/// cache here stays usable (at worst it misses an entry; the sentence cache is
/// append-only).
fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Which build of stdalign wrote a cache: the size and time of the running program.
/// An upgraded or rebuilt aligner finds other differences, so it must not read the
/// alignments an earlier build cached for the same index generation.
fn build_tag() -> &'static str {
    static TAG: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok();
        let stamp = meta.map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            (m.len(), time)
        });
        let (len, time) = stamp.unwrap_or_default();
        format!("{:x}", len ^ time.rotate_left(32))
    });
    &TAG
}

/// The first 16 hex digits of a content hash, for file names.
fn short(sha: &str) -> &str {
    sha.get(..16).unwrap_or(sha)
}

/// Writes a cache file (an alignment, a standard's counterparts), removing the caches
/// of earlier index generations.
fn write_json(dir: &Path, file: &Path, value: &impl serde::Serialize) -> std::io::Result<()> {
    if !dir.exists() {
        if let Some(parent) = dir.parent()
            && let Ok(entries) = std::fs::read_dir(parent)
        {
            for e in entries.flatten() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
        std::fs::create_dir_all(dir)?;
    }
    let tmp = file.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_vec(value).unwrap_or_default())?;
    std::fs::rename(&tmp, file)
}

/// Whether a standard belongs to a market named by country, body or originator.
fn in_market(info: &StandardInfo, target: &str) -> bool {
    let t = target.trim().to_lowercase();
    let country = match t.as_str() {
        "china" | "prc" => "cn",
        "thailand" => "th",
        "vietnam" | "viet nam" => "vn",
        "indonesia" => "id",
        "malaysia" => "my",
        "singapore" => "sg",
        "philippines" | "the philippines" => "ph",
        other => other,
    };
    [&info.country, &info.body, &info.originator]
        .iter()
        .any(|v| v.to_lowercase() == country || v.to_lowercase() == t)
        || (t == "tis" && info.originator == "มอก.")
}
