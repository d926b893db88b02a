//! One-to-one pairing of two small lists by similarity. Taking the most similar pair
//! first can lock in a wrong pair whose runner-up was nearly as good (two reference
//! titles that share words); the pairing with the highest total similarity does not.

/// Largest side solved exactly (a table of `2^n` subsets per row); longer lists are
/// paired most-similar-first.
const EXACT_UP_TO: usize = 12;

/// The pairs `(row, column)` of `scores` (rows × columns) with the highest total,
/// `min(rows, columns)` of them, in row order.
pub fn best_pairs(scores: &[Vec<f32>]) -> Vec<(usize, usize)> {
    let rows = scores.len();
    let cols = scores.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    if rows > cols {
        let transposed: Vec<Vec<f32>> = (0..cols)
            .map(|c| (0..rows).map(|r| scores[r][c]).collect())
            .collect();
        let mut pairs: Vec<(usize, usize)> = best_pairs(&transposed)
            .into_iter()
            .map(|(c, r)| (r, c))
            .collect();
        pairs.sort_unstable();
        return pairs;
    }
    if cols > EXACT_UP_TO {
        return greedy(scores);
    }
    // best[r][mask]: the highest total pairing rows r.. with columns outside `mask`.
    let full = 1usize << cols;
    let mut best = vec![vec![0f32; full]; rows + 1];
    for r in (0..rows).rev() {
        for mask in 0..full {
            best[r][mask] = (0..cols)
                .filter(|c| mask & (1 << c) == 0)
                .map(|c| scores[r][c] + best[r + 1][mask | (1 << c)])
                .fold(f32::NEG_INFINITY, f32::max);
        }
    }
    let mut mask = 0;
    let mut pairs = Vec::with_capacity(rows);
    for r in 0..rows {
        let c = (0..cols)
            .filter(|c| mask & (1 << c) == 0)
            .max_by(|&a, &b| {
                (scores[r][a] + best[r + 1][mask | (1 << a)])
                    .total_cmp(&(scores[r][b] + best[r + 1][mask | (1 << b)]))
                    .then(b.cmp(&a))
            })
            .expect("fewer rows than columns");
        mask |= 1 << c;
        pairs.push((r, c));
    }
    pairs
}

/// Most similar pair first.
fn greedy(scores: &[Vec<f32>]) -> Vec<(usize, usize)> {
    let mut all: Vec<(f32, usize, usize)> = scores
        .iter()
        .enumerate()
        .flat_map(|(r, row)| row.iter().enumerate().map(move |(c, s)| (*s, r, c)))
        .collect();
    all.sort_by(|x, y| y.0.total_cmp(&x.0));
    let (mut used_r, mut used_c) = (vec![false; scores.len()], vec![false; scores[0].len()]);
    let mut pairs = Vec::new();
    for (_, r, c) in all {
        if !used_r[r] && !used_c[c] {
            used_r[r] = true;
            used_c[c] = true;
            pairs.push((r, c));
        }
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The GB/T 1499.2 and SNI 2052 reference titles: the most similar pair first
    /// (0.854) would leave the spectrometry methods unpaired.
    #[test]
    fn the_highest_total_beats_the_most_similar_pair_first() {
        let scores = vec![vec![0.854, 0.851], vec![0.844, 0.826]];
        assert_eq!(greedy(&scores), [(0, 0), (1, 1)]);
        assert_eq!(best_pairs(&scores), [(0, 1), (1, 0)]);
    }

    #[test]
    fn uneven_sides_pair_as_many_as_the_shorter_has() {
        let scores = vec![vec![0.1], vec![0.9], vec![0.5]];
        assert_eq!(best_pairs(&scores), [(1, 0)]);
        let wide = vec![vec![0.2, 0.9, 0.3], vec![0.1, 0.8, 0.7]];
        assert_eq!(best_pairs(&wide), [(0, 1), (1, 2)]);
        assert!(best_pairs(&[]).is_empty());
    }
}
