//! The record of truth: which standards the index holds (the catalogue) and their
//! full clause trees (one JSON file per standard, named by the source file's hash).
//!
//! Commits are atomic across the store and the keyword index: a new catalogue is
//! written as `catalogue-<generation>.json`, then the tantivy commit records that
//! generation in its payload (tantivy swaps its `meta.json` atomically). Until that
//! commit lands, readers keep using the previous catalogue, so an interrupted ingest
//! leaves the previous index whole. Files no generation refers to are removed after
//! the next successful commit.

use super::catalogue::Catalogue;
use crate::model::{Standard, StandardInfo, annex_key};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Version of the on-disk layout; an index of another version must be rebuilt.
pub const FORMAT: u32 = 1;

/// What a keyword-index commit records about the store.
#[derive(Debug, Serialize, Deserialize)]
pub struct Payload {
    /// On-disk layout version.
    pub format: u32,
    /// Catalogue generation of this commit.
    pub generation: u64,
    /// Model of the vector index written with this generation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector_model: Option<String>,
}

/// Catalogue plus clause files.
pub struct Store {
    dir: PathBuf,
    vector_model: Option<String>,
    catalogue: Catalogue,
}

impl Store {
    /// Loads the catalogue named by the keyword index's last commit payload.
    pub fn open(dir: &Path, payload: Option<&str>) -> Result<Store> {
        let corrupt = |reason: String| Error::Corrupt {
            path: dir.to_path_buf(),
            reason,
        };
        std::fs::create_dir_all(dir.join("standards")).map_err(|e| Error::io(dir, e))?;
        let Some(payload) = payload else {
            return Ok(Store {
                dir: dir.to_path_buf(),
                vector_model: None,
                catalogue: Catalogue::default(),
            });
        };
        let payload: Payload = serde_json::from_str(payload)
            .map_err(|e| corrupt(format!("unreadable commit payload: {e}")))?;
        if payload.format != FORMAT {
            return Err(corrupt(format!(
                "written by another stdalign version (format {}, this one reads {FORMAT}); delete the folder and ingest again",
                payload.format
            )));
        }
        let path = catalogue_path(dir, payload.generation);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let list: Vec<StandardInfo> = serde_json::from_slice(&bytes)
            .map_err(|e| corrupt(format!("{}: {e}", path.display())))?;
        Ok(Store {
            dir: dir.to_path_buf(),
            vector_model: payload.vector_model,
            catalogue: Catalogue::new(
                payload.generation,
                list.into_iter().map(|s| (s.id.clone(), s)).collect(),
            ),
        })
    }

    /// The catalogue of the current generation.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Standards in the catalogue, ordered by id.
    pub fn standards(&self) -> impl Iterator<Item = &StandardInfo> {
        self.catalogue.standards()
    }

    /// The standard with this normalised id.
    pub fn get(&self, id: &str) -> Option<&StandardInfo> {
        self.catalogue.get(id)
    }

    /// The standard ingested from a file with this hash.
    pub fn by_sha256(&self, sha256: &str) -> Option<&StandardInfo> {
        self.catalogue.by_sha256(sha256)
    }

    /// Finds a standard from what a user typed (see [`Catalogue::resolve`]).
    pub fn resolve(&self, reference: &str) -> Result<&StandardInfo> {
        self.catalogue.resolve(reference)
    }

    /// Reads a standard's clauses.
    pub fn load(&self, info: &StandardInfo) -> Result<Standard> {
        let path = self.standard_path(&info.source.sha256);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })
    }

    /// Writes a standard's clause file (before the commit that refers to it).
    pub fn write(&self, standard: &Standard) -> Result<()> {
        let bytes = serde_json::to_vec(standard).map_err(|e| Error::io(&self.dir, e.into()))?;
        write_atomic(&self.standard_path(&standard.info.source.sha256), &bytes)
    }

    /// The current generation.
    pub fn generation(&self) -> u64 {
        self.catalogue.generation()
    }

    /// The model whose vectors were committed with the current generation.
    pub fn vector_model(&self) -> Option<&str> {
        self.vector_model.as_deref()
    }

    /// The generation the next commit will have.
    pub fn next_generation(&self) -> u64 {
        self.generation() + 1
    }

    /// Stages a new catalogue generation and returns the payload for the commit
    /// that makes it current; `vector_model` names the model of the vectors dumped
    /// for that generation.
    pub fn stage(
        &self,
        entries: &BTreeMap<String, StandardInfo>,
        vector_model: Option<&str>,
    ) -> Result<(u64, String)> {
        let generation = self.next_generation();
        let list: Vec<&StandardInfo> = entries.values().collect();
        let bytes = serde_json::to_vec_pretty(&list).map_err(|e| Error::io(&self.dir, e.into()))?;
        write_atomic(&catalogue_path(&self.dir, generation), &bytes)?;
        let payload = Payload {
            format: FORMAT,
            generation,
            vector_model: vector_model.map(str::to_string),
        };
        // Serialising two integers cannot fail.
        Ok((
            generation,
            serde_json::to_string(&payload).expect("payload serialises"),
        ))
    }

    /// Makes a committed generation current and removes files it no longer needs.
    pub fn committed(
        &mut self,
        generation: u64,
        entries: BTreeMap<String, StandardInfo>,
        vector_model: Option<String>,
    ) {
        self.catalogue = Catalogue::new(generation, entries);
        self.vector_model = vector_model;
        self.collect_garbage();
    }

    /// A copy of the catalogue to edit before staging.
    pub fn entries(&self) -> BTreeMap<String, StandardInfo> {
        self.catalogue.entries()
    }

    /// Removes catalogues of other generations and clause files no entry uses.
    /// Failures are ignored: a leftover file costs disk space, never correctness.
    fn collect_garbage(&self) {
        let current = catalogue_path(&self.dir, self.generation());
        if let Ok(dir) = std::fs::read_dir(&self.dir) {
            for entry in dir.flatten() {
                let p = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with("catalogue-") && p != current {
                    let _ = std::fs::remove_file(&p);
                }
            }
        }
        let used: Vec<PathBuf> = self
            .catalogue
            .standards()
            .map(|s| self.standard_path(&s.source.sha256))
            .collect();
        if let Ok(dir) = std::fs::read_dir(self.dir.join("standards")) {
            for entry in dir.flatten() {
                if !used.contains(&entry.path()) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }

    fn standard_path(&self, sha256: &str) -> PathBuf {
        self.dir.join("standards").join(format!("{sha256}.json"))
    }
}

/// Finds a clause by key, accepting annex labels as printed (`Annex A`, `附录A`).
pub fn find_clause<'a>(standard: &'a Standard, key: &str) -> Option<&'a crate::model::Clause> {
    let key = key.trim();
    standard.clauses.iter().find(|c| c.key == key).or_else(|| {
        let k = annex_key(key);
        standard
            .clauses
            .iter()
            .find(|c| c.key.eq_ignore_ascii_case(&k))
    })
}

fn catalogue_path(dir: &Path, generation: u64) -> PathBuf {
    dir.join(format!("catalogue-{generation}.json"))
}

/// Writes to a temporary file in the same folder, syncs it, then renames it over
/// `path`, so a reader sees the old file or the new one, never half of one.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
