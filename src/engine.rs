//! [`Engine`]: the one entry point the CLI (and later the server) call. It owns the
//! store and the keyword index and keeps them in step: every change goes through
//! [`Engine::apply`], which writes clause files, updates the index and commits both
//! under one generation.

use crate::index::store::find_clause;
use crate::index::{KeywordIndex, Store};
use crate::ingest;
use crate::model::{Clause, Standard, StandardInfo};
use crate::search::{SearchRequest, SearchResults, keyword_search};
use crate::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// Writing the index.
    Committing,
}

/// A change to apply in one commit.
enum Change {
    Upsert(Box<Standard>),
    Remove(String),
}

/// An opened index folder.
pub struct Engine {
    dir: PathBuf,
    keyword: KeywordIndex,
    store: Store,
}

impl Engine {
    /// Opens (or creates) the index in `dir`.
    pub fn open(dir: &Path) -> Result<Engine> {
        let keyword = KeywordIndex::open(&dir.join("keyword"))?;
        let payload = keyword.commit_payload()?;
        let store = Store::open(dir, payload.as_deref())?;
        Ok(Engine {
            dir: dir.to_path_buf(),
            keyword,
            store,
        })
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Ingests files and folders (recursively). Each file gets its own result; one
    /// bad file never stops the others, and everything is committed at once at the
    /// end. Unchanged files (same bytes) cost only a hash.
    pub fn ingest(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<IngestReport> {
        let files = ingest::collect_files(paths);
        progress(Progress::Start(files.len()));
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
        }
        if !pending.is_empty() {
            progress(Progress::Committing);
            let changes = pending
                .into_values()
                .map(|s| Change::Upsert(Box::new(s)))
                .collect();
            self.apply(changes)?;
        }
        Ok(report)
    }

    fn read_one(
        &self,
        path: &Path,
        pending: &mut BTreeMap<String, Standard>,
    ) -> std::result::Result<Ingested, ingest::Error> {
        let bytes = std::fs::read(path).map_err(|e| ingest::Reason::Read(e).at(path))?;
        let sha256 = ingest::sha256_hex(&bytes);
        if let Some(known) = self.store.by_sha256(&sha256) {
            return Ok(Ingested {
                reference: known.reference.clone(),
                clauses: known.clause_count,
                outcome: Outcome::Unchanged,
            });
        }
        let standard = ingest::parse_bytes(path, &bytes)?;
        let id = standard.info.id.clone();
        let outcome = if self.store.get(&id).is_some() || pending.contains_key(&id) {
            Outcome::Replaced
        } else {
            Outcome::Added
        };
        let ingested = Ingested {
            reference: standard.info.reference.clone(),
            clauses: standard.clauses.len(),
            outcome,
        };
        pending.insert(id, standard);
        Ok(ingested)
    }

    /// Adds already-parsed standards (replacing any with the same id) in one commit.
    pub fn add_standards(&mut self, standards: Vec<Standard>) -> Result<()> {
        self.apply(
            standards
                .into_iter()
                .map(|s| Change::Upsert(Box::new(s)))
                .collect(),
        )
    }

    /// Removes one standard and its clauses.
    pub fn remove(&mut self, reference: &str) -> Result<StandardInfo> {
        let info = self.store.resolve(reference)?.clone();
        self.apply(vec![Change::Remove(info.id.clone())])?;
        Ok(info)
    }

    /// Writes clause files, updates the keyword index and commits both.
    fn apply(&mut self, changes: Vec<Change>) -> Result<()> {
        let mut entries = self.store.entries();
        let mut writer = self.keyword.writer()?;
        for change in changes {
            match change {
                Change::Upsert(standard) => {
                    self.store.write(&standard)?;
                    self.keyword.delete_standard(&writer, &standard.info.id);
                    self.keyword
                        .add(&writer, &standard.info, &standard.clauses)?;
                    entries.insert(standard.info.id.clone(), standard.info);
                }
                Change::Remove(id) => {
                    self.keyword.delete_standard(&writer, &id);
                    entries.remove(&id);
                }
            }
        }
        let (generation, payload) = self.store.stage(&entries)?;
        self.keyword.commit(&mut writer, &payload)?;
        self.store.committed(generation, entries);
        Ok(())
    }

    /// Standards in the index, ordered by reference.
    pub fn list(&self) -> Vec<&StandardInfo> {
        let mut list: Vec<&StandardInfo> = self.store.standards().collect();
        list.sort_by(|a, b| a.reference.cmp(&b.reference));
        list
    }

    /// Finds a standard's metadata from any form of its reference.
    pub fn resolve(&self, reference: &str) -> Result<&StandardInfo> {
        self.store.resolve(reference)
    }

    /// A standard with all its clauses.
    pub fn standard(&self, reference: &str) -> Result<Standard> {
        let info = self.store.resolve(reference)?;
        self.store.load(info)
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

    /// Keyword search with filters.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        keyword_search(&self.keyword, &self.store, request)
    }

    /// Number of clauses in the keyword index.
    pub fn clause_count(&self) -> u64 {
        self.keyword.len()
    }
}
