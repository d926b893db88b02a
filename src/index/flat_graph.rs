//! A read-only copy of one hnsw_rs graph, laid out for search: neighbour lists in
//! flat `u32` arrays, vectors as int8 codes contiguous in graph order, a bitset of
//! visited points.
//!
//! hnsw_rs builds, grows and persists the graphs. Its own search allocates an `Arc`
//! for every candidate, hashes visited ids with SipHash, and takes a single hop per
//! upper layer instead of descending greedily, so it starts the bottom layer farther
//! from the query and needs a longer candidate list for the same recall. At a
//! million clauses that search was most of a hybrid query's time.
//!
//! Vectors are held as int8 codes with one step per dimension (the query stays in
//! floats): a quarter of the memory of the floats, and a quarter of the bytes each
//! visited point pulls from RAM. Distances are then approximate, so callers rescore
//! the candidates with the exact vectors (see `VectorIndex::search_lang`).

use super::vector::UnitDot;
use hnsw_rs::prelude::Hnsw;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

/// Search structure of one graph; point ids are hnsw_rs data ids (graph-local).
#[derive(Default)]
pub struct FlatGraph {
    dim: usize,
    /// Point `i`'s vector at `i * dim`, dimension `j` as a multiple of `steps[j]`.
    codes: Vec<i8>,
    /// Quantisation step of each dimension: its largest magnitude over 127.
    steps: Vec<f32>,
    /// Slots per point in `layer0`.
    degree0: usize,
    /// Bottom-layer neighbours of point `i` at `i * degree0`, `len0[i]` of them.
    layer0: Vec<u32>,
    len0: Vec<u8>,
    /// `upper[l - 1]`: neighbours on layer `l` of the points that reach it.
    upper: Vec<HashMap<u32, Box<[u32]>>>,
    /// A point on the top layer, where every search starts.
    entry: Option<u32>,
}

/// A point and its distance to the query, ordered by distance.
#[derive(Clone, Copy, PartialEq)]
struct Scored {
    dist: f32,
    id: u32,
}

impl Eq for Scored {}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.dist
            .total_cmp(&other.dist)
            .then(self.id.cmp(&other.id))
    }
}

impl FlatGraph {
    /// Copies the graph and vectors out of `hnsw`: two passes over its points,
    /// because the steps need every vector before the first one can be coded.
    pub fn from_hnsw(hnsw: &Hnsw<'_, f32, UnitDot>) -> FlatGraph {
        let indexation = hnsw.get_point_indexation();
        let n = hnsw.get_nb_point();
        let dim = indexation.get_data_dimension();
        let mut steps = vec![0.0f32; dim];
        for point in indexation {
            for (step, x) in steps.iter_mut().zip(point.get_v()) {
                *step = step.max(x.abs());
            }
        }
        for step in &mut steps {
            *step = if *step > 0.0 { *step / 127.0 } else { 1.0 };
        }
        // hnsw_rs keeps up to twice M neighbours on the bottom layer.
        let degree0 = (2 * hnsw.get_max_nb_connection() as usize).min(u8::MAX as usize);
        let mut flat = FlatGraph {
            dim,
            // A point hnsw_rs did not hold (never expected) keeps zero codes: it is
            // then at distance 1 from everything.
            codes: vec![0; n * dim],
            steps,
            degree0,
            layer0: vec![0; n * degree0],
            len0: vec![0; n],
            upper: Vec::new(),
            entry: None,
        };
        let mut top = 0;
        for point in indexation {
            let id = point.get_origin_id();
            if id >= n {
                continue;
            }
            for (j, x) in point.get_v().iter().enumerate() {
                flat.codes[id * dim + j] = (x / flat.steps[j]).round().clamp(-127.0, 127.0) as i8;
            }
            for (layer, neighbours) in point.get_neighborhood_id().into_iter().enumerate() {
                let neighbours: Vec<u32> = neighbours
                    .iter()
                    .map(|nb| nb.d_id as u32)
                    .filter(|&d| (d as usize) < n)
                    .collect();
                if layer == 0 {
                    let count = neighbours.len().min(degree0);
                    flat.layer0[id * degree0..id * degree0 + count]
                        .copy_from_slice(&neighbours[..count]);
                    flat.len0[id] = count as u8;
                } else {
                    if flat.upper.len() < layer {
                        flat.upper.resize_with(layer, HashMap::new);
                    }
                    flat.upper[layer - 1].insert(id as u32, neighbours.into_boxed_slice());
                    if layer > top {
                        top = layer;
                        flat.entry = Some(id as u32);
                    }
                }
            }
        }
        if flat.entry.is_none() && n > 0 {
            flat.entry = Some(0);
        }
        flat
    }

    /// Number of points.
    fn len(&self) -> usize {
        self.len0.len()
    }

    /// The `k` points nearest to `query` (approximate cosine distance, nearest
    /// first) among those `keep` accepts, with a candidate list of `ef`. Points
    /// `keep` rejects are still walked through, so a selective filter finds what it
    /// allows, at the price of visiting more of the graph.
    pub fn search(
        &self,
        query: &[f32],
        k: usize,
        ef: usize,
        keep: Option<&dyn Fn(u32) -> bool>,
    ) -> Vec<(u32, f32)> {
        let Some(mut entry) = self.entry else {
            return Vec::new();
        };
        if k == 0 || query.len() != self.dim {
            return Vec::new();
        }
        let allowed = |id: u32| keep.is_none_or(|f| f(id));
        // q·x = Σ q_j · step_j · code_j: fold the steps into the query once.
        let query: Vec<f32> = query.iter().zip(&self.steps).map(|(q, s)| q * s).collect();
        let query = &query[..];
        // Greedy descent through the upper layers: move while a neighbour is closer.
        let mut entry_dist = self.dist(query, entry);
        for layer in self.upper.iter().rev() {
            loop {
                let mut moved = false;
                for &nb in layer.get(&entry).map(|l| &l[..]).unwrap_or(&[]) {
                    let d = self.dist(query, nb);
                    if d < entry_dist {
                        entry_dist = d;
                        entry = nb;
                        moved = true;
                    }
                }
                if !moved {
                    break;
                }
            }
        }

        let ef = ef.max(k);
        let mut visited = vec![0u64; self.len().div_ceil(64)];
        let mut first_visit = |id: u32| {
            let (word, bit) = (id as usize / 64, 1u64 << (id % 64));
            let new = visited[word] & bit == 0;
            visited[word] |= bit;
            new
        };
        first_visit(entry);
        let start = Scored {
            dist: entry_dist,
            id: entry,
        };
        let mut candidates = BinaryHeap::from([Reverse(start)]);
        let mut found: BinaryHeap<Scored> = BinaryHeap::with_capacity(ef + 1);
        if allowed(entry) {
            found.push(start);
        }
        // Farthest distance still worth keeping: none until `found` is full.
        let bound = |found: &BinaryHeap<Scored>| match found.peek() {
            Some(farthest) if found.len() >= ef => farthest.dist,
            _ => f32::INFINITY,
        };
        while let Some(Reverse(current)) = candidates.pop() {
            if current.dist > bound(&found) {
                break;
            }
            let neighbours = self.neighbours0(current.id);
            for &nb in neighbours {
                self.prefetch(nb);
            }
            for &nb in neighbours {
                if !first_visit(nb) {
                    continue;
                }
                let dist = self.dist(query, nb);
                if dist < bound(&found) {
                    let scored = Scored { dist, id: nb };
                    candidates.push(Reverse(scored));
                    if allowed(nb) {
                        found.push(scored);
                        if found.len() > ef {
                            found.pop();
                        }
                    }
                }
            }
        }
        let mut out: Vec<(u32, f32)> = found
            .into_sorted_vec()
            .into_iter()
            .map(|s| (s.id, s.dist))
            .collect();
        out.truncate(k);
        out
    }

    fn neighbours0(&self, id: u32) -> &[u32] {
        let at = id as usize * self.degree0;
        &self.layer0[at..at + self.len0[id as usize] as usize]
    }

    fn codes(&self, id: u32) -> &[i8] {
        let at = id as usize * self.dim;
        &self.codes[at..at + self.dim]
    }

    /// Distance from a query with the steps folded in.
    fn dist(&self, query: &[f32], id: u32) -> f32 {
        (1.0 - crate::embed::dot_i8(query, self.codes(id))).max(0.0)
    }

    /// Asks the CPU for the start of a vector ahead of use: the walk jumps between
    /// random points, and each miss otherwise stalls the distance loop.
    #[inline]
    fn prefetch(&self, id: u32) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // Every cache line of the point's codes (384 bytes for e5-small).
            for line in self.codes(id).chunks(64) {
                // SAFETY: prefetching is a hint; the pointer is inside the codes.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast()) };
            }
        }
    }
}
