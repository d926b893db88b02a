//! The monotone dynamic programme that clause and sentence alignment share (in the
//! spirit of Gale–Church, Vecalign, Bertalign): the best-scoring in-order path
//! through two sequences, where a step links `a` items of the first with `b` of the
//! second and skipping an item earns nothing.

/// One step of the path: items `i..i + a` of the first sequence with `j..j + b` of
/// the second (a skip when `a` or `b` is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Where the step starts in the first sequence.
    pub i: usize,
    /// Where it starts in the second.
    pub j: usize,
    /// Items it takes from the first.
    pub a: usize,
    /// Items it takes from the second.
    pub b: usize,
}

/// The path through sequences of `n` and `m` items that maximises the summed gains.
/// `links(i, j, offer)` is asked at every reachable position with `i < n` and
/// `j < m` and calls `offer(a, b, gain)` for each link it allows there (both `a`
/// and `b` at least 1); links that would run past either end are ignored.
pub fn best_path(
    n: usize,
    m: usize,
    mut links: impl FnMut(usize, usize, &mut dyn FnMut(usize, usize, f32)),
) -> Vec<Step> {
    let width = m + 1;
    let mut best = vec![f32::NEG_INFINITY; (n + 1) * width];
    let mut back = vec![(0u8, 0u8); (n + 1) * width];
    best[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = best[i * width + j];
            if here == f32::NEG_INFINITY {
                continue;
            }
            let mut relax = |a: usize, b: usize, gain: f32| {
                if i + a > n || j + b > m {
                    return;
                }
                let cell = (i + a) * width + j + b;
                if here + gain > best[cell] {
                    best[cell] = here + gain;
                    back[cell] = (a as u8, b as u8);
                }
            };
            relax(1, 0, 0.0);
            relax(0, 1, 0.0);
            if i < n && j < m {
                links(i, j, &mut relax);
            }
        }
    }
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (a, b) = back[i * width + j];
        let (a, b) = (a as usize, b as usize);
        i -= a;
        j -= b;
        path.push(Step { i, j, a, b });
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_what_gains_and_skips_the_rest_in_order() {
        // Gains on the diagonal except one item of the first sequence that only
        // matches out of order.
        let gain = [[1.0, -1.0, -1.0], [-1.0, -1.0, -1.0], [-1.0, 1.0, -1.0]];
        let path = best_path(3, 3, |i, j, offer| offer(1, 1, gain[i][j]));
        let links: Vec<(usize, usize)> = path
            .iter()
            .filter(|s| s.a > 0 && s.b > 0)
            .map(|s| (s.i, s.j))
            .collect();
        assert_eq!(links, [(0, 0), (2, 1)]);
        let skipped: usize = path.iter().filter(|s| s.a == 0 || s.b == 0).count();
        assert_eq!(skipped, 2);
    }
}
