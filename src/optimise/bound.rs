//! Lower bounds by Lagrangian relaxation of the assignment constraints
//! (Cornuéjols, Fisher and Nemhauser 1977; Beasley, A note on solving
//! large p-median problems, EJOR 21, 1985): with a multiplier `v_i` per
//! zone,
//!
//! `L(v) = Σ_i v_i + Σ_{j open} ρ_j`, `ρ_j = Σ_i min(0, c_ij − v_i)`,
//!
//! where the open facilities are the fixed ones and the `r` free ones with
//! the most negative `ρ`. Every `L(v)` is a lower bound on the cost of any
//! option of the node; the best over `v` equals the linear programming
//! bound. Only the facilities nearer than `v_i` contribute for zone `i`, so
//! each evaluation reads a few entries a zone. `v` is improved by
//! subgradient steps (Polyak's step towards the best known cost).

use super::instance::Instance;

/// Which facilities a node of the search fixes.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixing {
    /// Per facility: forced open (fixed sites and branching).
    pub open: Vec<bool>,
    /// Per facility: forced closed.
    pub closed: Vec<bool>,
    /// Free facilities still to open.
    pub remaining: usize,
}

impl Fixing {
    /// Whether facility `f` is still to be decided.
    pub fn undecided(&self, inst: &Instance, f: usize) -> bool {
        inst.free[f] && !self.open[f] && !self.closed[f]
    }
}

/// One evaluation of the relaxation.
#[derive(Debug, Clone)]
pub struct Relaxed {
    /// `L(v)`.
    pub bound: f64,
    /// Per facility: `ρ_j`.
    pub rho: Vec<f64>,
    /// The open facilities of the relaxed solution.
    pub chosen: Vec<bool>,
    /// Among undecided facilities, the `remaining`-th and next most
    /// negative `ρ` (the threshold for reduced-cost fixing).
    pub last_in: f64,
    /// The most negative `ρ` left out.
    pub first_out: f64,
}

/// `L(v)` and the relaxed solution for `fixing`.
pub fn relax(inst: &Instance, v: &[f64], fixing: &Fixing) -> Relaxed {
    let n = inst.facilities();
    let mut rho = vec![0.0f64; n];
    let mut sum = inst.constant;
    for (i, &vi) in v.iter().enumerate() {
        sum += vi;
        for (f, c) in inst.list(i) {
            if c >= vi {
                break;
            }
            rho[f] += c - vi;
        }
    }
    let mut chosen = fixing.open.clone();
    let mut bound = sum
        + (0..n)
            .filter(|&f| fixing.open[f])
            .map(|f| rho[f])
            .sum::<f64>();
    let mut undecided: Vec<usize> = (0..n).filter(|&f| fixing.undecided(inst, f)).collect();
    undecided.sort_by(|&a, &b| rho[a].total_cmp(&rho[b]).then(a.cmp(&b)));
    let r = fixing.remaining.min(undecided.len());
    for &f in &undecided[..r] {
        chosen[f] = true;
        bound += rho[f];
    }
    Relaxed {
        bound,
        last_in: if r > 0 {
            rho[undecided[r - 1]]
        } else {
            f64::NEG_INFINITY
        },
        first_out: undecided.get(r).map_or(f64::INFINITY, |&f| rho[f]),
        rho,
        chosen,
    }
}

/// The subgradient of `L` at `v` for the relaxed solution `chosen`:
/// `1 − (open facilities nearer than v_i)` per zone.
fn subgradient(inst: &Instance, v: &[f64], chosen: &[bool], g: &mut [f64]) -> f64 {
    let mut norm = 0.0;
    for (i, (&vi, gi)) in v.iter().zip(g.iter_mut()).enumerate() {
        let served = inst
            .list(i)
            .take_while(|&(_, c)| c < vi)
            .filter(|&(f, _)| chosen[f])
            .count();
        *gi = 1.0 - served as f64;
        norm += *gi * *gi;
    }
    norm
}

/// How long the subgradient search runs.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    /// Most iterations.
    pub iterations: usize,
    /// Iterations without improvement before the step halves.
    pub patience: usize,
    /// The first step's scale (Polyak's θ, 2 at most).
    pub theta: f64,
}

/// Improves `v` (in place) towards the best bound for `fixing`, stopping
/// early once the bound reaches `target` (the best known cost, less the
/// tolerance); returns the best relaxation found (its multipliers in `v`).
pub fn ascend(
    inst: &Instance,
    v: &mut [f64],
    fixing: &Fixing,
    upper: f64,
    target: f64,
    effort: Effort,
) -> Relaxed {
    let mut best = relax(inst, v, fixing);
    let mut best_v = v.to_vec();
    let mut current = best.clone();
    let mut g = vec![0.0; v.len()];
    let mut theta = effort.theta;
    let mut stale = 0;
    for _ in 0..effort.iterations {
        if best.bound >= target || theta < 1e-6 {
            break;
        }
        let norm = subgradient(inst, v, &current.chosen, &mut g);
        if norm == 0.0 {
            // The relaxed solution is feasible and optimal for v.
            break;
        }
        let gap = (upper - current.bound).max(1e-9 * upper.abs().max(1.0));
        let step = theta * gap / norm;
        for (vi, gi) in v.iter_mut().zip(&g) {
            *vi += step * gi;
        }
        current = relax(inst, v, fixing);
        if current.bound > best.bound + 1e-12 * best.bound.abs() {
            best = current.clone();
            best_v.copy_from_slice(v);
            stale = 0;
        } else {
            stale += 1;
            if stale >= effort.patience {
                theta /= 2.0;
                stale = 0;
                v.copy_from_slice(&best_v);
                current = best.clone();
            }
        }
    }
    v.copy_from_slice(&best_v);
    best
}

/// Multipliers to start from: each zone's cost at its nearest open facility
/// of `open` (so that `L` starts at or just below that option's cost).
pub fn start(inst: &Instance, open: &[bool]) -> Vec<f64> {
    (0..inst.zones())
        .map(|i| {
            let mut it = inst.list(i).filter(|&(f, _)| open[f]);
            let d1 = it.next().map_or(0.0, |(_, c)| c);
            let d2 = it.next().map_or(d1, |(_, c)| c);
            // Between the nearest and second-nearest open: every zone's
            // own facility then carries it, and closed facilities just
            // nearer than its unit compete.
            d1 + 0.1 * (d2 - d1)
        })
        .collect()
}
