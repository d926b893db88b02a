//! The embedded back end: everything in one index folder on one machine. The
//! [`Store`] holds the catalogue and clause files, the [`KeywordIndex`] (tantivy) the
//! BM25 side, the [`VectorIndex`] (hnsw_rs, one graph per language) the vectors;
//! a commit writes all three under one generation, which the tantivy commit payload
//! makes current, so a reader never sees half a commit.

use super::backend::{Backend, ClauseVectors, Commit, Health};
use super::catalogue::Catalogue;
use super::keyword::{Filter, KeywordHit, KeywordIndex};
use super::store::Store;
use super::vector::{self, Point, VectorIndex};
use crate::model::{Standard, StandardInfo};
use crate::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The index folder's keyword index, store and vectors.
pub struct EmbeddedBackend {
    dir: PathBuf,
    keyword: KeywordIndex,
    store: Store,
    /// The vector index of the current generation, when it was built with the model
    /// the back end was opened for.
    vectors: Option<VectorIndex>,
}

impl EmbeddedBackend {
    /// Opens (or creates) the index in `dir`. Vectors are loaded when they were
    /// written with `model` (the embedder's id), never recomputed.
    pub fn open(dir: &Path, model: Option<&str>) -> Result<EmbeddedBackend> {
        finish_keyword_swap(dir)?;
        let keyword = match KeywordIndex::open(&dir.join("keyword")) {
            Err(e) if KeywordIndex::is_outdated(&e) => {
                reindex_keyword(dir)?;
                KeywordIndex::open(&dir.join("keyword"))?
            }
            opened => opened?,
        };
        let payload = keyword.commit_payload()?;
        let store = Store::open(dir, payload.as_deref())?;
        // A damaged or missing vector dump must not take keyword search down with
        // it: warn, and let the next ingest rebuild the vectors from the cache.
        let vectors = match (model, store.vector_model()) {
            (Some(wanted), Some(stored)) if wanted == stored => {
                match VectorIndex::load(&dir.join("vectors"), store.generation()) {
                    Ok(v) => Some(v),
                    Err(err) => {
                        tracing::warn!("{err}; the next ingest rebuilds the vectors");
                        None
                    }
                }
            }
            _ => None,
        };
        Ok(EmbeddedBackend {
            dir: dir.to_path_buf(),
            keyword,
            store,
            vectors,
        })
    }

    fn try_commit(&mut self, change: Commit) -> Result<()> {
        let Commit {
            upserts,
            removes,
            vectors,
        } = change;
        let mut entries = self.store.entries();
        let mut writer = self.keyword.writer()?;
        let mut touched: HashSet<String> = HashSet::new();
        for standard in &upserts {
            self.store.write(standard)?;
            self.keyword.delete_standard(&writer, &standard.info.id);
            self.keyword
                .add(&writer, &standard.info, &standard.clauses)?;
            entries.insert(standard.info.id.clone(), standard.info.clone());
            touched.insert(standard.info.id.clone());
        }
        for id in removes {
            self.keyword.delete_standard(&writer, &id);
            entries.remove(&id);
            touched.insert(id);
        }
        let generation = self.store.next_generation();
        let vectors_dir = self.dir.join("vectors");
        let vectors = match vectors {
            Some(ClauseVectors {
                model,
                points,
                vectors: embedded,
            }) => {
                let mut vectors = self.vectors.take().unwrap_or_default();
                vectors.delete_standards(&touched);
                vectors.insert(points, embedded);
                if vectors.needs_rebuild() {
                    vectors = vectors.rebuilt();
                }
                std::fs::create_dir_all(&vectors_dir).map_err(|e| Error::io(&vectors_dir, e))?;
                vectors.dump(&vectors_dir, generation)?;
                Some((vectors, model))
            }
            None => None,
        };
        let model = vectors.as_ref().map(|(_, m)| m.as_str());
        let (generation, payload) = self.store.stage(&entries, model)?;
        self.keyword.commit(&mut writer, &payload)?;
        let model = model.map(str::to_string);
        self.store.committed(generation, entries, model.clone());
        vector::remove_other_generations(&vectors_dir, model.as_ref().map(|_| generation));
        self.vectors = vectors.map(|(v, _)| v);
        Ok(())
    }
}

impl Backend for EmbeddedBackend {
    fn name(&self) -> &'static str {
        "embedded"
    }

    fn catalogue(&self) -> &Catalogue {
        self.store.catalogue()
    }

    fn load(&self, info: &StandardInfo) -> Result<Standard> {
        self.store.load(info)
    }

    fn has_vectors(&self) -> bool {
        self.vectors.is_some()
    }

    fn lacking_vectors(&self) -> Vec<StandardInfo> {
        let live = self
            .vectors
            .as_ref()
            .map(|v| v.live_standards())
            .unwrap_or_default();
        self.store
            .standards()
            .filter(|i| !live.contains(i.id.as_str()))
            .cloned()
            .collect()
    }

    fn clause_vectors(&self, standard_id: &str) -> Result<HashMap<String, Vec<f32>>> {
        Ok(self
            .vectors
            .as_ref()
            .map(|v| v.vectors_of(standard_id))
            .unwrap_or_default())
    }

    fn keyword_candidates(
        &self,
        query: &str,
        equivalents: &[String],
        filter: &Filter,
        n: usize,
    ) -> Result<Vec<(String, f32)>> {
        self.keyword.search(query, equivalents, filter, n, 0)
    }

    fn doc_freqs(&self, terms: &[String]) -> Result<(u64, Vec<u64>)> {
        self.keyword.doc_freqs(terms)
    }

    fn terms_held(&self, clause_ids: &[String], terms: &[String]) -> Result<Vec<Vec<usize>>> {
        self.keyword.terms_held(clause_ids, terms)
    }

    fn vector_langs(&self) -> Vec<String> {
        self.vectors.as_ref().map(|v| v.langs()).unwrap_or_default()
    }

    fn vector_candidates(
        &self,
        query: &[f32],
        langs: &[String],
        per_lang: usize,
        filter: &Filter,
    ) -> Result<Vec<Vec<(String, f32)>>> {
        let Some(vectors) = &self.vectors else {
            return Err(Error::VectorsUnavailable(
                "the index has no vectors for this model yet".into(),
            ));
        };
        // Body filters name bodies or originators; the store knows which standards match.
        let body_standards: Option<HashSet<String>> = (!filter.bodies.is_empty()).then(|| {
            self.store
                .standards()
                .filter(|s| filter.body_matches(s))
                .map(|s| s.id.clone())
                .collect()
        });
        let keep = |p: &Point| {
            filter.passes(&p.lang, &p.standard, || {
                body_standards
                    .as_ref()
                    .is_some_and(|set| set.contains(&p.standard))
            })
        };
        let filtered = !filter.standards.is_empty() || body_standards.is_some();
        let keep_ref: &(dyn Fn(&Point) -> bool + Sync) = &keep;
        Ok(vectors
            .search_langs(query, langs, per_lang, filtered.then_some(keep_ref))
            .into_iter()
            .map(|hits| {
                hits.into_iter()
                    .map(|h| (vectors.points()[h.point].clause_id.clone(), h.similarity))
                    .collect()
            })
            .collect())
    }

    fn fetch(&self, clause_ids: &[String]) -> Result<Vec<KeywordHit>> {
        self.keyword.fetch(clause_ids)
    }

    fn clause_count(&self) -> Result<u64> {
        Ok(self.keyword.len())
    }

    fn commit(&mut self, change: Commit) -> Result<()> {
        let result = self.try_commit(change);
        if result.is_err() && self.vectors.is_none() && self.store.vector_model().is_some() {
            // The in-memory vectors were taken apart for this change; the committed
            // generation on disk is still whole.
            self.vectors =
                VectorIndex::load(&self.dir.join("vectors"), self.store.generation()).ok();
        }
        result
    }

    fn health(&self) -> Health {
        Health {
            backend: "embedded",
            status: "ok".into(),
            nodes: None,
            detail: None,
            hidden: None,
        }
    }

    fn vector_index(&self) -> Option<&VectorIndex> {
        self.vectors.as_ref()
    }
}

/// Completes an interrupted [`reindex_keyword`]: after its first rename only
/// `keyword.new/` is left to move in, and `keyword.old/` to remove.
fn finish_keyword_swap(dir: &Path) -> Result<()> {
    let (current, fresh, old) = keyword_dirs(dir);
    if !current.exists() && fresh.exists() {
        std::fs::rename(&fresh, &current).map_err(|e| Error::io(&fresh, e))?;
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(())
}

/// Re-indexes the stored clauses when the keyword index was written with another
/// schema (an older version of this program). The new index is built in
/// `keyword.new/` under the old commit's payload, then swapped in by two renames;
/// until the first rename the old index is untouched, and after it only the second
/// rename is left, which [`finish_keyword_swap`] completes at the next open.
fn reindex_keyword(dir: &Path) -> Result<()> {
    let (current, fresh, old) = keyword_dirs(dir);
    tracing::warn!(
        "the keyword index in {} was written by an older version: re-indexing the stored clauses",
        current.display()
    );
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).map_err(|e| Error::io(&fresh, e))?;
    }
    if let Some(payload) = KeywordIndex::payload_in(&current)? {
        let store = Store::open(dir, Some(&payload))?;
        let keyword = KeywordIndex::open(&fresh)?;
        let mut writer = keyword.writer()?;
        for info in store.standards() {
            let standard = store.load(info)?;
            keyword.add(&writer, &standard.info, &standard.clauses)?;
        }
        keyword.commit(&mut writer, &payload)?;
    }
    std::fs::rename(&current, &old).map_err(|e| Error::io(&current, e))?;
    if fresh.exists() {
        std::fs::rename(&fresh, &current).map_err(|e| Error::io(&fresh, e))?;
    }
    std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
}

/// The keyword index folder, the one a re-index builds, and the one it retires.
fn keyword_dirs(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    (
        dir.join("keyword"),
        dir.join("keyword.new"),
        dir.join("keyword.old"),
    )
}
