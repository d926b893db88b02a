//! The vector index: an hnsw_rs graph of clause embeddings (cosine), with the
//! clause each point belongs to. hnsw_rs cannot delete, so replaced and removed
//! standards leave tombstones that searches filter out; the owner rebuilds the graph
//! when they pass [`REBUILD_SHARE`].
//!
//! Persistence is atomic: a generation is dumped into `g<N>.tmp/` and renamed to
//! `g<N>/`, and only a commit naming `N` makes it current. Loading is wrapped in
//! `catch_unwind`, because hnsw_rs panics on a damaged dump.

use crate::{Error, Result};
use hnsw_rs::api::AnnT;
use hnsw_rs::hnswio::HnswIo;
use hnsw_rs::prelude::{DistCosine, Hnsw};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Share of dead points above which the graph should be rebuilt.
pub const REBUILD_SHARE: f64 = 0.3;
/// Neighbours per node (M).
const MAX_CONNECTIONS: usize = 16;
/// Candidate list size while building.
const EF_CONSTRUCTION: usize = 200;
/// Layers of the graph.
const MAX_LAYERS: usize = 16;
const BASENAME: &str = "clauses";

/// What a point stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Point {
    /// `<reference>#<key>`.
    pub clause_id: String,
    /// Normalised standard id (for filters and tombstones).
    pub standard: String,
    /// Clause language (for filters).
    pub lang: String,
    /// Tombstone: the standard was replaced or removed.
    #[serde(default)]
    pub deleted: bool,
}

/// One neighbour found.
#[derive(Debug, Clone)]
pub struct VectorHit {
    /// Index into [`VectorIndex::points`].
    pub point: usize,
    /// Cosine similarity.
    pub similarity: f32,
}

/// HNSW graph plus point metadata.
pub struct VectorIndex {
    graph: Hnsw<'static, f32, DistCosine>,
    points: Vec<Point>,
    /// Vectors of the points, kept for exact search and rebuilds.
    vectors: Vec<Vec<f32>>,
}

impl Default for VectorIndex {
    fn default() -> Self {
        VectorIndex::with_capacity(10_000)
    }
}

impl VectorIndex {
    /// An empty index sized for about `capacity` points.
    pub fn with_capacity(capacity: usize) -> VectorIndex {
        let mut graph = Hnsw::new(
            MAX_CONNECTIONS,
            capacity.max(1000),
            MAX_LAYERS,
            EF_CONSTRUCTION,
            DistCosine {},
        );
        graph.set_searching_mode(false);
        VectorIndex {
            graph,
            points: Vec::new(),
            vectors: Vec::new(),
        }
    }

    /// Builds a fresh index from points and their vectors (two threads).
    pub fn build(points: Vec<Point>, vectors: Vec<Vec<f32>>) -> VectorIndex {
        let mut index = VectorIndex::with_capacity(points.len());
        let data: Vec<(&Vec<f32>, usize)> = vectors.iter().zip(0..).collect();
        index.graph.parallel_insert(&data);
        index.points = points;
        index.vectors = vectors;
        index
    }

    /// Adds points.
    pub fn insert(&mut self, points: Vec<Point>, vectors: Vec<Vec<f32>>) {
        let start = self.points.len();
        let data: Vec<(&Vec<f32>, usize)> = vectors.iter().zip(start..).collect();
        self.graph.parallel_insert(&data);
        self.points.extend(points);
        self.vectors.extend(vectors);
    }

    /// Marks every point of a standard deleted.
    pub fn delete_standard(&mut self, standard: &str) {
        for p in self.points.iter_mut().filter(|p| p.standard == standard) {
            p.deleted = true;
        }
    }

    /// Point metadata, indexed by point number.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// Standards that have live points.
    pub fn has_standard(&self, standard: &str) -> bool {
        self.points
            .iter()
            .any(|p| !p.deleted && p.standard == standard)
    }

    /// Languages of the live points, sorted.
    pub fn langs(&self) -> Vec<String> {
        let mut langs: Vec<String> = Vec::new();
        for p in self.points.iter().filter(|p| !p.deleted) {
            if !langs.contains(&p.lang) {
                langs.push(p.lang.clone());
            }
        }
        langs.sort();
        langs
    }

    /// Number of live points.
    pub fn live(&self) -> usize {
        self.points.iter().filter(|p| !p.deleted).count()
    }

    /// True when enough tombstones accumulated that a rebuild pays off.
    pub fn needs_rebuild(&self) -> bool {
        let dead = self.points.len() - self.live();
        dead > 0 && dead as f64 > REBUILD_SHARE * self.points.len() as f64
    }

    /// The same points without tombstones, in a freshly built graph.
    pub fn rebuilt(&self) -> VectorIndex {
        let (points, vectors) = self
            .points
            .iter()
            .zip(&self.vectors)
            .filter(|(p, _)| !p.deleted)
            .map(|(p, v)| (p.clone(), v.clone()))
            .unzip();
        VectorIndex::build(points, vectors)
    }

    /// Approximate top-`k` by cosine among live points accepted by `keep`.
    pub fn search(&self, query: &[f32], k: usize, keep: &dyn Fn(&Point) -> bool) -> Vec<VectorHit> {
        if self.points.is_empty() || k == 0 {
            return Vec::new();
        }
        let filter = |id: &usize| self.points.get(*id).is_some_and(|p| !p.deleted && keep(p));
        let ef = (k * 4).max(96);
        self.graph
            .search_filter(query, k, ef, Some(&filter))
            .into_iter()
            .map(|n| VectorHit {
                point: n.d_id,
                similarity: 1.0 - n.distance,
            })
            .collect()
    }

    /// Exact top-`k` by brute force: the reference HNSW is measured against.
    pub fn exact_search(
        &self,
        query: &[f32],
        k: usize,
        keep: &dyn Fn(&Point) -> bool,
    ) -> Vec<VectorHit> {
        let mut all: Vec<VectorHit> = self
            .points
            .iter()
            .zip(&self.vectors)
            .enumerate()
            .filter(|(_, (p, _))| !p.deleted && keep(p))
            .map(|(i, (_, v))| VectorHit {
                point: i,
                similarity: v.iter().zip(query).map(|(a, b)| a * b).sum(),
            })
            .collect();
        all.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        all.truncate(k);
        all
    }

    /// Writes generation `generation` under `dir` atomically.
    pub fn dump(&self, dir: &Path, generation: u64) -> Result<()> {
        let target = generation_dir(dir, generation);
        let tmp = dir.join(format!("g{generation}.tmp"));
        let io = |e: std::io::Error| Error::io(&tmp, e);
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io)?;
        }
        std::fs::create_dir_all(&tmp).map_err(io)?;
        if !self.points.is_empty() {
            self.graph
                .file_dump(&tmp, BASENAME)
                .map_err(|e| Error::Corrupt {
                    path: tmp.clone(),
                    reason: format!("cannot write the vector graph: {e}"),
                })?;
        }
        let meta = serde_json::to_vec(&self.points).map_err(|e| io(e.into()))?;
        std::fs::write(tmp.join("points.json"), meta).map_err(io)?;
        let mut raw = Vec::with_capacity(self.vectors.iter().map(|v| v.len() * 4).sum());
        for v in &self.vectors {
            for x in v {
                raw.extend_from_slice(&x.to_le_bytes());
            }
        }
        std::fs::write(tmp.join("vectors.f32"), raw).map_err(io)?;
        if target.exists() {
            std::fs::remove_dir_all(&target).map_err(io)?;
        }
        std::fs::rename(&tmp, &target).map_err(io)?;
        Ok(())
    }

    /// Loads generation `generation` from `dir`.
    pub fn load(dir: &Path, generation: u64) -> Result<VectorIndex> {
        let path = generation_dir(dir, generation);
        let corrupt = |reason: String| Error::Corrupt {
            path: path.clone(),
            reason,
        };
        let meta = std::fs::read(path.join("points.json"))
            .map_err(|e| Error::io(path.join("points.json"), e))?;
        let points: Vec<Point> =
            serde_json::from_slice(&meta).map_err(|e| corrupt(e.to_string()))?;
        let raw = std::fs::read(path.join("vectors.f32"))
            .map_err(|e| Error::io(path.join("vectors.f32"), e))?;
        let floats: Vec<f32> = raw
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if points.is_empty() {
            return Ok(VectorIndex::default());
        }
        if !floats.len().is_multiple_of(points.len()) {
            return Err(corrupt("vectors.f32 does not match points.json".into()));
        }
        let dim = floats.len() / points.len();
        let vectors: Vec<Vec<f32>> = floats.chunks(dim).map(<[f32]>::to_vec).collect();
        // `load_hnsw` returns a graph that borrows its loader; the loader (paths and
        // options, a few hundred bytes) is leaked so the graph can live as long as
        // the index. One leak per load, which happens once per open.
        let loader: &'static mut HnswIo = Box::leak(Box::new(HnswIo::new(&path, BASENAME)));
        let graph = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            { loader }.load_hnsw::<f32, DistCosine>()
        }))
        .map_err(|_| corrupt("the vector graph could not be read (panic in hnsw_rs)".into()))?
        .map_err(|e| corrupt(format!("the vector graph could not be read: {e}")))?;
        if graph.get_nb_point() != points.len() {
            return Err(corrupt(format!(
                "graph has {} points, points.json {}",
                graph.get_nb_point(),
                points.len()
            )));
        }
        Ok(VectorIndex {
            graph,
            points,
            vectors,
        })
    }
}

/// Folder of one generation.
pub fn generation_dir(dir: &Path, generation: u64) -> PathBuf {
    dir.join(format!("g{generation}"))
}

/// Removes generations other than `keep` (after a successful commit).
pub fn remove_other_generations(dir: &Path, keep: Option<u64>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let keep = keep.map(|g| format!("g{g}"));
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('g') && Some(&name) != keep.as_ref() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random_unit(seed: &mut u64, dim: usize) -> Vec<f32> {
        let mut v: Vec<f32> = (0..dim)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                (*seed % 2000) as f32 / 1000.0 - 1.0
            })
            .collect();
        crate::embed::normalize(&mut v);
        v
    }

    fn sample(n: usize, dim: usize) -> (Vec<Point>, Vec<Vec<f32>>) {
        let mut seed = 0x2545F4914F6CDD1D;
        (0..n)
            .map(|i| {
                (
                    Point {
                        clause_id: format!("S{}#{i}", i % 7),
                        standard: format!("S{}", i % 7),
                        lang: if i % 2 == 0 { "zh".into() } else { "th".into() },
                        deleted: false,
                    },
                    random_unit(&mut seed, dim),
                )
            })
            .unzip()
    }

    #[test]
    fn hnsw_recall_against_exact_search() {
        let (points, vectors) = sample(3000, 32);
        let queries: Vec<Vec<f32>> = vectors.iter().step_by(60).cloned().collect();
        let index = VectorIndex::build(points, vectors);
        let mut found = 0;
        let mut total = 0;
        for q in &queries {
            let exact: Vec<usize> = index
                .exact_search(q, 10, &|_| true)
                .iter()
                .map(|h| h.point)
                .collect();
            let approx: Vec<usize> = index
                .search(q, 10, &|_| true)
                .iter()
                .map(|h| h.point)
                .collect();
            found += exact.iter().filter(|p| approx.contains(p)).count();
            total += exact.len();
        }
        let recall = found as f64 / total as f64;
        assert!(recall >= 0.95, "recall@10 {recall}");
    }

    #[test]
    fn filters_and_tombstones_apply() {
        let (points, vectors) = sample(500, 16);
        let q = vectors[3].clone();
        let mut index = VectorIndex::build(points, vectors);
        let hits = index.search(&q, 10, &|p| p.lang == "th");
        assert!(!hits.is_empty() && hits.iter().all(|h| index.points()[h.point].lang == "th"));
        index.delete_standard("S3");
        let hits = index.search(&q, 20, &|_| true);
        assert!(
            hits.iter()
                .all(|h| index.points()[h.point].standard != "S3")
        );
        assert!(!index.has_standard("S3") && index.has_standard("S4"));
    }

    #[test]
    fn dump_and_load_round_trip_and_damage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (points, vectors) = sample(300, 16);
        let q = vectors[10].clone();
        let index = VectorIndex::build(points, vectors);
        index.dump(dir.path(), 4).unwrap();
        let loaded = VectorIndex::load(dir.path(), 4).unwrap();
        assert_eq!(loaded.points().len(), 300);
        let a: Vec<usize> = index
            .exact_search(&q, 5, &|_| true)
            .iter()
            .map(|h| h.point)
            .collect();
        let b: Vec<usize> = loaded
            .search(&q, 5, &|_| true)
            .iter()
            .map(|h| h.point)
            .collect();
        assert_eq!(a[0], b[0]);
        std::fs::write(
            generation_dir(dir.path(), 4).join("clauses.hnsw.graph"),
            b"garbage",
        )
        .unwrap();
        assert!(matches!(
            VectorIndex::load(dir.path(), 4),
            Err(Error::Corrupt { .. })
        ));
    }
}
