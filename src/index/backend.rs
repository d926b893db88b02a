//! The one interface between [`crate::Engine`] and where clauses are kept: the
//! embedded index (tantivy, hnsw_rs and clause files in one folder, [`super::embedded`])
//! or an OpenSearch cluster ([`super::opensearch`]).
//!
//! A back end stores and retrieves; it never ranks across its lists. It answers a
//! BM25 candidate list and one k-NN candidate list per language, each with the
//! request's filters applied, and [`crate::search`] fuses and admits them the same
//! way for both back ends, so their answers can be compared. Alignment, the matrix,
//! the checklist and counterparts read standards and clause vectors through it too.

use super::catalogue::Catalogue;
use super::keyword::{Filter, KeywordHit};
use super::vector::{Point, VectorIndex};
use crate::Result;
use crate::model::{Standard, StandardInfo};
use std::collections::HashMap;

/// Where clauses are kept, and what [`crate::Engine`] needs from that place.
pub trait Backend: Send + Sync {
    /// `embedded` or `opensearch`, as `--backend` names it.
    fn name(&self) -> &'static str;

    /// The standards held, as of the last commit this process saw.
    fn catalogue(&self) -> &Catalogue;

    /// A standard with its clause tree.
    fn load(&self, info: &StandardInfo) -> Result<Standard>;

    /// Whether clause vectors of the model the back end was opened for are there
    /// for every standard (vector search and vector-based alignment need them).
    fn has_vectors(&self) -> bool;

    /// Standards that hold no vectors of the opened model: a commit with an
    /// embedder must bring theirs.
    fn lacking_vectors(&self) -> Vec<StandardInfo>;

    /// The stored vectors of a standard's clauses, by clause id (empty without).
    fn clause_vectors(&self, standard_id: &str) -> Result<HashMap<String, Vec<f32>>>;

    /// BM25 candidates, best first: clause ids with their scores. `equivalents`
    /// are the term table's words for the query's terms, weighted below its own.
    fn keyword_candidates(
        &self,
        query: &str,
        equivalents: &[String],
        filter: &Filter,
        n: usize,
    ) -> Result<Vec<(String, f32)>>;

    /// The number of clauses held, and for each folded term the number of clauses
    /// whose folded heading or text holds it: what the idf of a query's words is
    /// computed from ([`crate::search`] weighs keyword hits by the share of the
    /// query they cover).
    fn doc_freqs(&self, terms: &[String]) -> Result<(u64, Vec<u64>)>;

    /// For each clause id, in order, the indexes of the folded `terms` its folded
    /// heading or text holds (none for an unknown id): what a keyword hit covers of
    /// a query, read from the index's postings rather than by analysing the clause
    /// again, so that a long section costs no more than a short clause.
    fn terms_held(&self, clause_ids: &[String], terms: &[String]) -> Result<Vec<Vec<usize>>>;

    /// The languages that hold vectors.
    fn vector_langs(&self) -> Vec<String>;

    /// Up to `per_lang` nearest clauses to `query` (a unit vector) in each of
    /// `langs`, with the filter's standards and bodies applied: one list per
    /// language, in the order of `langs`, each as clause ids with cosines, best first.
    fn vector_candidates(
        &self,
        query: &[f32],
        langs: &[String],
        per_lang: usize,
        filter: &Filter,
    ) -> Result<Vec<Vec<(String, f32)>>>;

    /// The clauses with these ids, as search hits show them (unknown ids skipped).
    fn fetch(&self, clause_ids: &[String]) -> Result<Vec<KeywordHit>>;

    /// Number of clauses held.
    fn clause_count(&self) -> Result<u64>;

    /// Writes one change: each upserted standard replaces the one with its id
    /// (readers see the old clauses or the new ones, never a mix), removed ids go.
    fn commit(&mut self, change: Commit) -> Result<()>;

    /// How the store is doing, for `/healthz`.
    fn health(&self) -> Health;

    /// Whether another process changed the catalogue since this one last read it
    /// (a shared cluster); a cheap check a server makes every few seconds.
    fn stale(&self) -> Result<bool> {
        Ok(false)
    }

    /// Reads the catalogue again after [`stale`](Self::stale) said it changed.
    fn reload(&mut self) -> Result<()> {
        Ok(())
    }

    /// The embedded vector index, when this back end has one (for measurements).
    fn vector_index(&self) -> Option<&VectorIndex> {
        None
    }
}

/// One change to a back end.
#[derive(Default)]
pub struct Commit {
    /// Standards to add or replace.
    pub upserts: Vec<Standard>,
    /// Ids of standards to remove.
    pub removes: Vec<String>,
    /// The vectors of every clause of `upserts`, with the model that made them;
    /// `None` when no embedder is loaded (the back end then holds no vectors).
    pub vectors: Option<ClauseVectors>,
}

/// Clause vectors of one model, point by point.
pub struct ClauseVectors {
    /// The embedding model's id.
    pub model: String,
    /// Which clause each vector belongs to.
    pub points: Vec<Point>,
    /// Unit vectors, in the order of `points`.
    pub vectors: Vec<Vec<f32>>,
}

/// The state of a back end, for `/healthz`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Health {
    /// `embedded` or `opensearch`.
    pub backend: &'static str,
    /// `green`, `yellow` or `red` for a cluster; `ok` for the embedded index;
    /// `unreachable` when no cluster URL answered.
    pub status: String,
    /// Nodes in the cluster (absent for the embedded index).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<u64>,
    /// The URL that answered, or why none did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Versions of standards on the cluster's hidden list: being written by an
    /// ingest now, or left by one that stopped before its flip (their clauses stay
    /// invisible; ingesting the same files again shows them). Absent for the
    /// embedded index, or when the list could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden: Option<u64>,
}
