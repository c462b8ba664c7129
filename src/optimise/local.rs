//! The incumbent: a greedy start improved by swaps until none helps, each
//! round evaluating every (close, open) swap at once with the bookkeeping
//! of Resende and Werneck (A fast swap-based local search procedure for
//! location problems, Annals of Operations Research 150, 2007): per zone
//! only the facilities nearer than its second-nearest open one are read.

use super::instance::Instance;

/// Per facility: whether it is open.
pub type Open = Vec<bool>;

/// Opens `more` of the free facilities greedily (each time the one that
/// lowers the cost most; ties to the earlier facility) on top of `open`.
pub fn greedy(inst: &Instance, open: &mut Open, more: usize) {
    let n = inst.facilities();
    // Each zone's current cost: its nearest open facility (infinite when
    // none is open yet).
    let mut best: Vec<f64> = (0..inst.zones())
        .map(|i| {
            inst.list(i)
                .find(|&(f, _)| open[f])
                .map_or(f64::INFINITY, |(_, c)| c)
        })
        .collect();
    for _ in 0..more {
        let mut saving = vec![0.0f64; n];
        let mut covers = vec![0.0f64; n];
        for (i, b) in best.iter().enumerate() {
            for (f, c) in inst.list(i) {
                if c >= *b {
                    break;
                }
                if b.is_finite() {
                    saving[f] += b - c;
                } else {
                    // Zones not yet served count first: prefer covering them,
                    // then the lowest cost.
                    covers[f] += 1.0;
                    saving[f] -= c;
                }
            }
        }
        let pick = (0..n)
            .filter(|&f| inst.free[f] && !open[f])
            .max_by(|&a, &b| {
                covers[a]
                    .total_cmp(&covers[b])
                    .then(saving[a].total_cmp(&saving[b]))
                    .then(b.cmp(&a))
            });
        let Some(f) = pick else {
            break;
        };
        open[f] = true;
        for (i, b) in best.iter_mut().enumerate() {
            for (g, c) in inst.list(i) {
                if g == f {
                    *b = b.min(c);
                    break;
                }
                if c >= *b {
                    break;
                }
            }
        }
    }
}

/// The best swap of the open set: (facility to close, facility to open,
/// the change in cost), when one lowers the cost by more than `eps`.
fn best_swap(inst: &Instance, open: &Open, eps: f64) -> Option<(usize, usize, f64)> {
    swaps(inst, open).into_iter().filter(|s| s.2 < -eps).fold(
        None,
        |best: Option<(usize, usize, f64)>, s| match best {
            Some(b) if b.2 <= s.2 => Some(b),
            _ => Some(s),
        },
    )
}

/// Every swap of the open set's free facilities: (facility to close,
/// facility to open, the change in cost), in facility order.
pub fn swaps(inst: &Instance, open: &Open) -> Vec<(usize, usize, f64)> {
    let n = inst.facilities();
    let mut gain = vec![0.0f64; n];
    let mut loss = vec![0.0f64; n];
    let mut extra = vec![0.0f64; n * n];
    for i in 0..inst.zones() {
        let mut it = inst.list(i).filter(|&(f, _)| open[f]);
        let Some((r, d1)) = it.next() else {
            continue;
        };
        let d2 = it.next().map_or(f64::INFINITY, |(_, c)| c);
        if d2.is_finite() {
            loss[r] += d2 - d1;
        } else {
            loss[r] = f64::INFINITY;
        }
        for (f, c) in inst.list(i) {
            if c >= d2 {
                break;
            }
            if open[f] {
                continue;
            }
            if c < d1 {
                gain[f] += d1 - c;
            }
            if d2.is_finite() {
                extra[f * n + r] += d2 - c.max(d1);
            }
        }
    }
    let mut all = Vec::new();
    for f in (0..n).filter(|&f| inst.free[f] && !open[f]) {
        for r in (0..n).filter(|&r| inst.free[r] && open[r]) {
            all.push((r, f, loss[r] - gain[f] - extra[f * n + r]));
        }
    }
    all
}

/// Swaps until no swap lowers the cost; returns the final cost.
pub fn improve(inst: &Instance, open: &mut Open) -> f64 {
    let mut cost = inst.cost_of(open);
    let eps = 1e-9 * cost.abs().max(1.0);
    while let Some((r, f, _)) = best_swap(inst, open, eps) {
        open[r] = false;
        open[f] = true;
        let next = inst.cost_of(open);
        if next >= cost - eps {
            // Rounding in the bookkeeping: undo and stop.
            open[r] = true;
            open[f] = false;
            break;
        }
        cost = next;
    }
    cost
}
