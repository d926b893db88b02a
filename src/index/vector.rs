//! The vector index: clause embeddings (cosine) in one hnsw_rs graph per language,
//! with the clause each point belongs to. Search runs per language because a
//! query's nearest clauses are nearly all in its own language; a graph per language
//! makes that an unfiltered search (filtering one shared graph by language was two
//! orders of magnitude slower in `stdalign bench`). hnsw_rs cannot delete, so
//! replaced and removed standards leave tombstones that searches filter out; the
//! owner rebuilds the graphs when they pass [`REBUILD_SHARE`]. hnsw_rs builds and
//! stores the graphs; searches walk a copy of each laid out for them ([`FlatGraph`]).
//!
//! Persistence is atomic: a generation is dumped into `g<N>.tmp/` and renamed to
//! `g<N>/`, and only a commit naming `N` makes it current. Loading is wrapped in
//! `catch_unwind`, because hnsw_rs panics on a damaged dump; a graph that cannot be
//! read is rebuilt from the vectors stored beside it.

use super::flat_graph::FlatGraph;
use crate::{Error, Result};
use hnsw_rs::api::AnnT;
use hnsw_rs::hnswio::HnswIo;
use hnsw_rs::prelude::{Distance, Hnsw};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Share of dead points above which the graphs should be rebuilt.
pub const REBUILD_SHARE: f64 = 0.3;
/// Neighbours per node (M).
const MAX_CONNECTIONS: usize = 16;
/// Candidate list size while building.
const EF_CONSTRUCTION: usize = 200;
/// Candidates per result rescored with the exact vectors after the int8 search.
const RESCORE: usize = 4;
/// Layers of a graph.
const MAX_LAYERS: usize = 16;
const BASENAME: &str = "clauses";

/// Cosine distance for unit vectors: 1 − a·b. Every vector here is L2-normalised, and
/// hnsw_rs's own `DistCosine` recomputes both norms in f64 scalar code on every
/// comparison, which made it most of the build and search time.
#[derive(Debug, Default, Clone, Copy)]
pub struct UnitDot;

impl Distance<f32> for UnitDot {
    fn eval(&self, a: &[f32], b: &[f32]) -> f32 {
        (1.0 - crate::embed::dot(a, b)).max(0.0)
    }
}

/// Candidate list size for a search of `k` neighbours in a graph of `points`. Larger
/// graphs need a longer list for the same recall; the curve is fitted on `stdalign
/// bench` (real queries, e5-small clause vectors and their synthetic neighbours):
/// recall@10 near 0.98 took 64 at 17k points per graph and 256 at 170k; the int8
/// walk (see [`FlatGraph`]) gets an eighth more to stay there.
fn ef_search(k: usize, points: usize) -> usize {
    let by_size = 72.0 * (points as f64 / 17_000.0).powf(0.6);
    (k * 2).max(64).max(by_size as usize)
}

/// Cosine distance within which a neighbour counts as tied with the exact `k`-th
/// one in [`VectorIndex::recall_against_exact`] (ann-benchmarks uses the same 1e-3).
pub const TIE_EPSILON: f32 = 1e-3;

/// HNSW recall against exact search; see [`VectorIndex::recall_against_exact`].
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Recall {
    /// Share of the exact top-k points found.
    pub by_identity: f64,
    /// Share of results as close as the exact k-th neighbour (ties counted).
    pub with_ties: f64,
}

/// What a point stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Point {
    /// `<reference>#<key>`.
    pub clause_id: String,
    /// Normalised standard id (for filters and tombstones).
    pub standard: String,
    /// Clause language: which graph the point is in.
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

/// The graph of one language; graph-local ids index `members`.
struct Graph {
    hnsw: Hnsw<'static, f32, UnitDot>,
    /// Global point number of each graph-local id.
    members: Vec<usize>,
    /// The same graph laid out for search (see [`FlatGraph`]); refreshed after
    /// every insert.
    flat: FlatGraph,
    /// How many of `members` are tombstones. Kept as a count so a search knows
    /// whether it must filter without scanning every member's point.
    dead: usize,
}

impl Graph {
    fn new(capacity: usize) -> Graph {
        let mut hnsw = Hnsw::new(
            MAX_CONNECTIONS,
            capacity.max(1000),
            MAX_LAYERS,
            EF_CONSTRUCTION,
            UnitDot,
        );
        hnsw.set_searching_mode(false);
        Graph {
            hnsw,
            members: Vec::new(),
            flat: FlatGraph::default(),
            dead: 0,
        }
    }

    /// Dumps the graph into `dir` in place of what is there: written beside it, then
    /// swapped in. A crash in between leaves no graph there, which loading rebuilds.
    fn replace_dump(&self, dir: &Path) -> Result<()> {
        let tmp = dir.with_extension("tmp");
        let io = |p: &Path, e: std::io::Error| Error::io(p, e);
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| io(&tmp, e))?;
        }
        std::fs::create_dir_all(&tmp).map_err(|e| io(&tmp, e))?;
        self.hnsw
            .file_dump(&tmp, BASENAME)
            .map_err(|e| Error::Corrupt {
                path: tmp.clone(),
                reason: format!("cannot write the vector graph: {e}"),
            })?;
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        std::fs::rename(&tmp, dir).map_err(|e| io(&tmp, e))
    }

    /// Inserts global points `ids` (hnsw_rs uses all cores).
    fn insert(&mut self, ids: &[usize], vectors: &[Vec<f32>]) {
        let start = self.members.len();
        let data: Vec<(&Vec<f32>, usize)> = ids.iter().map(|&i| &vectors[i]).zip(start..).collect();
        self.hnsw.parallel_insert(&data);
        self.members.extend_from_slice(ids);
        self.flat = FlatGraph::from_hnsw(&self.hnsw);
    }
}

/// HNSW graphs plus point metadata.
#[derive(Default)]
pub struct VectorIndex {
    graphs: BTreeMap<String, Graph>,
    points: Vec<Point>,
    /// Vectors of the points, kept for exact search and rebuilds.
    vectors: Vec<Vec<f32>>,
    /// The points of each standard (dead ones included), so that one standard's
    /// vectors are found without a pass over all points.
    by_standard: std::collections::HashMap<String, Vec<usize>>,
}

impl VectorIndex {
    /// Builds a fresh index from points and their vectors.
    pub fn build(points: Vec<Point>, vectors: Vec<Vec<f32>>) -> VectorIndex {
        let mut index = VectorIndex::default();
        index.insert(points, vectors);
        index
    }

    /// Adds points to the graphs of their languages.
    pub fn insert(&mut self, points: Vec<Point>, vectors: Vec<Vec<f32>>) {
        let start = self.points.len();
        let mut by_lang: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, p) in points.iter().enumerate() {
            by_lang.entry(p.lang.clone()).or_default().push(start + i);
        }
        add_to_standards(&mut self.by_standard, &points, start);
        self.points.extend(points);
        self.vectors.extend(vectors);
        for (lang, ids) in by_lang {
            let graph = self
                .graphs
                .entry(lang)
                .or_insert_with(|| Graph::new(ids.len() * 2));
            graph.insert(&ids, &self.vectors);
        }
    }

    /// Marks every point of these standards deleted (one pass over the points).
    pub fn delete_standards(&mut self, standards: &std::collections::HashSet<String>) {
        for p in self
            .points
            .iter_mut()
            .filter(|p| !p.deleted && standards.contains(&p.standard))
        {
            p.deleted = true;
            if let Some(graph) = self.graphs.get_mut(&p.lang) {
                graph.dead += 1;
            }
        }
    }

    /// Point metadata, indexed by point number.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// Standards that have live points (one pass, however many are asked about).
    pub fn live_standards(&self) -> std::collections::HashSet<&str> {
        self.points
            .iter()
            .filter(|p| !p.deleted)
            .map(|p| p.standard.as_str())
            .collect()
    }

    /// The live vectors of one standard, by clause id (for alignment).
    pub fn vectors_of(&self, standard: &str) -> std::collections::HashMap<String, Vec<f32>> {
        self.by_standard
            .get(standard)
            .into_iter()
            .flatten()
            .map(|&i| (&self.points[i], &self.vectors[i]))
            .filter(|(p, _)| !p.deleted)
            .map(|(p, v)| (p.clause_id.clone(), v.clone()))
            .collect()
    }

    /// Languages that have live points, sorted.
    pub fn langs(&self) -> Vec<String> {
        self.graphs
            .iter()
            .filter(|(_, g)| g.members.len() > g.dead)
            .map(|(l, _)| l.clone())
            .collect()
    }

    /// Number of live points.
    pub fn live(&self) -> usize {
        self.graphs.values().map(|g| g.members.len() - g.dead).sum()
    }

    /// True when enough tombstones accumulated that a rebuild pays off.
    pub fn needs_rebuild(&self) -> bool {
        let dead = self.points.len() - self.live();
        dead > 0 && dead as f64 > REBUILD_SHARE * self.points.len() as f64
    }

    /// The same points without tombstones, in freshly built graphs.
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

    /// Approximate top-`k` by cosine among live points of language `lang` that
    /// `keep` accepts (`None`: all of them).
    pub fn search_lang(
        &self,
        query: &[f32],
        lang: &str,
        k: usize,
        keep: Option<&dyn Fn(&Point) -> bool>,
    ) -> Vec<VectorHit> {
        let Some(graph) = self.graphs.get(lang).filter(|_| k > 0) else {
            return Vec::new();
        };
        let keep_local = |id: u32| {
            graph
                .members
                .get(id as usize)
                .and_then(|&g| self.points.get(g))
                .is_some_and(|p| !p.deleted && keep.is_none_or(|f| f(p)))
        };
        // The filter costs time on every point found: skip it when there is nothing
        // to filter.
        let filter: Option<&dyn Fn(u32) -> bool> = if keep.is_some() || graph.dead > 0 {
            Some(&keep_local)
        } else {
            None
        };
        let ef = ef_search(k, graph.members.len());
        // The graph's distances are int8 approximations: take a few times `k`
        // candidates and order them by the exact vectors.
        let mut hits: Vec<VectorHit> = graph
            .flat
            .search(query, (k * RESCORE).min(ef), ef, filter)
            .into_iter()
            .map(|(id, _)| {
                let point = graph.members[id as usize];
                VectorHit {
                    point,
                    similarity: crate::embed::dot(query, &self.vectors[point]),
                }
            })
            .collect();
        hits.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        hits.truncate(k);
        hits
    }

    /// [`search_lang`](Self::search_lang) for several languages at once, in parallel
    /// (each search is single-threaded in hnsw_rs; languages are independent).
    pub fn search_langs(
        &self,
        query: &[f32],
        langs: &[String],
        k: usize,
        keep: Option<&(dyn Fn(&Point) -> bool + Sync)>,
    ) -> Vec<Vec<VectorHit>> {
        use rayon::prelude::*;
        langs
            .par_iter()
            .map(|lang| {
                self.search_lang(query, lang, k, keep.map(|f| f as &dyn Fn(&Point) -> bool))
            })
            .collect()
    }

    /// Approximate top-`k` over all languages.
    pub fn search(
        &self,
        query: &[f32],
        k: usize,
        keep: Option<&dyn Fn(&Point) -> bool>,
    ) -> Vec<VectorHit> {
        let mut all: Vec<VectorHit> = self
            .graphs
            .keys()
            .flat_map(|lang| self.search_lang(query, lang, k, keep))
            .collect();
        all.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        all.truncate(k);
        all
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
                similarity: crate::embed::dot(v, query),
            })
            .collect();
        all.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        all.truncate(k);
        all
    }

    /// Recall@`k` of the HNSW search within `lang` against exact search, averaged
    /// over `queries`: the accuracy figure tests and `stdalign bench` report, in two
    /// readings. `by_identity` counts the exact top `k` points found; `with_ties`
    /// counts results at least as close as the exact `k`-th neighbour less
    /// [`TIE_EPSILON`] (ann-benchmarks' definition), so near-equal neighbours that
    /// swap places are not misses.
    pub fn recall_against_exact(&self, queries: &[Vec<f32>], lang: &str, k: usize) -> Recall {
        let (mut by_identity, mut with_ties, mut total) = (0usize, 0usize, 0usize);
        for q in queries {
            let exact = self.exact_search(q, k, &|p| p.lang == lang);
            let Some(kth) = exact.last() else {
                continue;
            };
            let approx = self.search_lang(q, lang, k, None);
            by_identity += exact
                .iter()
                .filter(|h| approx.iter().any(|a| a.point == h.point))
                .count();
            with_ties += approx
                .iter()
                .filter(|a| a.similarity >= kth.similarity - TIE_EPSILON)
                .count()
                .min(exact.len());
            total += exact.len();
        }
        if total == 0 {
            return Recall {
                by_identity: 1.0,
                with_ties: 1.0,
            };
        }
        Recall {
            by_identity: by_identity as f64 / total as f64,
            with_ties: with_ties as f64 / total as f64,
        }
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
        let mut members: BTreeMap<&str, &[usize]> = BTreeMap::new();
        for (n, (lang, graph)) in self.graphs.iter().enumerate() {
            // Graph folders are numbered, so language tags never become paths.
            let sub = tmp.join(format!("graph{n}"));
            std::fs::create_dir_all(&sub).map_err(io)?;
            graph
                .hnsw
                .file_dump(&sub, BASENAME)
                .map_err(|e| Error::Corrupt {
                    path: sub.clone(),
                    reason: format!("cannot write the vector graph: {e}"),
                })?;
            members.insert(lang, &graph.members);
        }
        let graphs = serde_json::to_vec(&members).map_err(|e| io(e.into()))?;
        std::fs::write(tmp.join("graphs.json"), graphs).map_err(io)?;
        let points = serde_json::to_vec(&self.points).map_err(|e| io(e.into()))?;
        std::fs::write(tmp.join("points.json"), points).map_err(io)?;
        let mut raw = Vec::with_capacity(self.vectors.iter().map(|v| v.len() * 4).sum());
        for x in self.vectors.iter().flatten() {
            raw.extend_from_slice(&x.to_le_bytes());
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
        let read =
            |name: &str| std::fs::read(path.join(name)).map_err(|e| Error::io(path.join(name), e));
        let points: Vec<Point> =
            serde_json::from_slice(&read("points.json")?).map_err(|e| corrupt(e.to_string()))?;
        let members: BTreeMap<String, Vec<usize>> =
            serde_json::from_slice(&read("graphs.json")?).map_err(|e| corrupt(e.to_string()))?;
        let floats: Vec<f32> = read("vectors.f32")?
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
        let mut graphs = BTreeMap::new();
        for (n, (lang, members)) in members.into_iter().enumerate() {
            if members.iter().any(|&i| i >= points.len()) {
                return Err(corrupt("graphs.json names points that do not exist".into()));
            }
            let loaded = load_graph(&path.join(format!("graph{n}"))).and_then(|hnsw| {
                if hnsw.get_nb_point() == members.len() {
                    Ok(hnsw)
                } else {
                    Err(corrupt(format!(
                        "graph of {lang} has {} points, expected {}",
                        hnsw.get_nb_point(),
                        members.len()
                    )))
                }
            });
            let dead = members.iter().filter(|&&i| points[i].deleted).count();
            let graph = match loaded {
                Ok(hnsw) => Graph {
                    flat: FlatGraph::from_hnsw(&hnsw),
                    hnsw,
                    members,
                    dead,
                },
                // The vectors are intact, so a damaged graph (or one dumped with an
                // older distance) is rebuilt from them rather than lost.
                Err(err) => {
                    tracing::warn!("{err}; rebuilding the {lang} graph from its vectors");
                    let mut graph = Graph::new(members.len());
                    graph.insert(&members, &vectors);
                    graph.dead = dead;
                    // Written back so the next open loads it; if that fails, the next
                    // open only rebuilds it again.
                    if let Err(e) = graph.replace_dump(&path.join(format!("graph{n}"))) {
                        tracing::warn!("{e}");
                    }
                    graph
                }
            };
            graphs.insert(lang, graph);
        }
        let mut by_standard = Default::default();
        add_to_standards(&mut by_standard, &points, 0);
        Ok(VectorIndex {
            graphs,
            points,
            vectors,
            by_standard,
        })
    }
}

/// Loads one dumped graph. `load_hnsw` returns a graph that borrows its loader; the
/// loader (paths and options, a few hundred bytes) is leaked so the graph can live
/// as long as the index: one small leak per graph load, which happens at open.
fn load_graph(dir: &Path) -> Result<Hnsw<'static, f32, UnitDot>> {
    let corrupt = |reason: String| Error::Corrupt {
        path: dir.to_path_buf(),
        reason,
    };
    let loader: &'static mut HnswIo = Box::leak(Box::new(HnswIo::new(dir, BASENAME)));
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        { loader }.load_hnsw::<f32, UnitDot>()
    }))
    .map_err(|_| corrupt("the vector graph could not be read (panic in hnsw_rs)".into()))?
    .map_err(|e| corrupt(format!("the vector graph could not be read: {e}")))
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

/// Records `points`, numbered from `start`, under their standards.
fn add_to_standards(
    by_standard: &mut std::collections::HashMap<String, Vec<usize>>,
    points: &[Point],
    start: usize,
) {
    for (i, p) in points.iter().enumerate() {
        by_standard
            .entry(p.standard.clone())
            .or_default()
            .push(start + i);
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
        for lang in ["zh", "th"] {
            let recall = index.recall_against_exact(&queries, lang, 10);
            assert!(recall.by_identity >= 0.95, "{lang} recall@10 {recall:?}");
            assert!(recall.with_ties >= recall.by_identity, "{recall:?}");
        }
        // Across languages, the merged per-language results are exact-equivalent too.
        let merged = queries
            .iter()
            .map(|q| {
                let exact: Vec<usize> = index
                    .exact_search(q, 10, &|_| true)
                    .iter()
                    .map(|h| h.point)
                    .collect();
                let approx: Vec<usize> =
                    index.search(q, 10, None).iter().map(|h| h.point).collect();
                exact.iter().filter(|p| approx.contains(p)).count()
            })
            .sum::<usize>() as f64
            / (queries.len() * 10) as f64;
        assert!(merged >= 0.95, "merged recall@10 {merged}");
    }

    #[test]
    fn filters_and_tombstones_apply() {
        let (points, vectors) = sample(500, 16);
        let q = vectors[3].clone();
        let mut index = VectorIndex::build(points, vectors);
        let hits = index.search(&q, 10, Some(&|p: &Point| p.lang == "th"));
        assert!(!hits.is_empty() && hits.iter().all(|h| index.points()[h.point].lang == "th"));
        index.delete_standards(&["S3".to_string()].into());
        let hits = index.search(&q, 20, None);
        assert!(
            hits.iter()
                .all(|h| index.points()[h.point].standard != "S3")
        );
        let live = index.live_standards();
        assert!(!live.contains("S3") && live.contains("S4"));
    }

    #[test]
    fn a_selective_filter_still_finds_its_nearest_points() {
        // One standard of seven: most of the graph is walked through but not kept.
        let (points, vectors) = sample(3000, 32);
        let queries: Vec<Vec<f32>> = vectors.iter().skip(1).step_by(97).cloned().collect();
        let index = VectorIndex::build(points, vectors);
        let only_s3 = |p: &Point| p.standard == "S3";
        let (mut found, mut total) = (0, 0);
        for q in &queries {
            let exact: Vec<usize> = index
                .exact_search(q, 10, &|p| p.lang == "th" && only_s3(p))
                .iter()
                .map(|h| h.point)
                .collect();
            let approx = index.search_lang(q, "th", 10, Some(&only_s3));
            assert_eq!(approx.len(), 10);
            assert!(approx.iter().all(|h| only_s3(&index.points()[h.point])));
            found += exact
                .iter()
                .filter(|p| approx.iter().any(|h| h.point == **p))
                .count();
            total += exact.len();
        }
        assert!(found as f64 >= 0.95 * total as f64, "{found} of {total}");
    }

    #[test]
    fn tombstones_past_the_threshold_ask_for_a_rebuild_that_drops_them() {
        let (points, vectors) = sample(700, 16);
        let mut index = VectorIndex::build(points, vectors);
        index.delete_standards(&["S1".to_string()].into());
        assert!(
            !index.needs_rebuild(),
            "one standard of seven is under the threshold"
        );
        index.delete_standards(&["S2".to_string()].into());
        index.delete_standards(&["S3".to_string()].into());
        assert!(index.needs_rebuild());
        let rebuilt = index.rebuilt();
        assert_eq!(rebuilt.points().len(), 400);
        assert!(
            rebuilt
                .points()
                .iter()
                .all(|p| !p.deleted && !["S1", "S2", "S3"].contains(&p.standard.as_str()))
        );
        assert!(!rebuilt.needs_rebuild());
    }

    #[test]
    fn dump_and_load_round_trip_a_damaged_graph_is_rebuilt_damaged_vectors_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (points, vectors) = sample(300, 16);
        let q = vectors[10].clone();
        let mut index = VectorIndex::build(points, vectors);
        index.delete_standards(&["S6".to_string()].into());
        index.dump(dir.path(), 4).unwrap();
        let loaded = VectorIndex::load(dir.path(), 4).unwrap();
        assert_eq!(loaded.points().len(), 300);
        // Tombstones survive the round trip: the loaded graphs still filter them out.
        assert_eq!(loaded.live(), index.live());
        let near_s6 = index
            .points()
            .iter()
            .position(|p| p.standard == "S6")
            .unwrap();
        let q6 = index.vectors[near_s6].clone();
        assert!(
            loaded
                .search(&q6, 20, None)
                .iter()
                .all(|h| loaded.points()[h.point].standard != "S6")
        );
        let a: Vec<usize> = index
            .exact_search(&q, 5, &|_| true)
            .iter()
            .map(|h| h.point)
            .collect();
        let b: Vec<usize> = loaded.search(&q, 5, None).iter().map(|h| h.point).collect();
        assert_eq!(a[0], b[0]);
        std::fs::write(
            generation_dir(dir.path(), 4).join("graph0/clauses.hnsw.graph"),
            b"garbage",
        )
        .unwrap();
        let rebuilt = VectorIndex::load(dir.path(), 4).expect("graph rebuilt from the vectors");
        let c: Vec<usize> = rebuilt
            .search(&q, 5, None)
            .iter()
            .map(|h| h.point)
            .collect();
        assert_eq!(c[0], a[0]);
        // The rebuilt graph was written back: it loads as it is now.
        assert!(load_graph(&generation_dir(dir.path(), 4).join("graph0")).is_ok());
        std::fs::write(
            generation_dir(dir.path(), 4).join("vectors.f32"),
            b"garbage",
        )
        .unwrap();
        assert!(matches!(
            VectorIndex::load(dir.path(), 4),
            Err(Error::Corrupt { .. })
        ));
    }
}
