//! Provably best configurations when there are too many to enumerate: the
//! weighted p-median (which p HASUs minimise the admission-weighted mean
//! journey to the nearest open unit), solved exactly with a certificate.
//!
//! # Method
//! - **Incumbent**: a greedy start improved by swaps until none helps
//!   ([`local`], after Resende and Werneck 2007).
//! - **Bound**: Lagrangian relaxation of the assignment constraints with
//!   subgradient ascent ([`bound`], after Beasley 1985); its best value is
//!   the linear programming bound, which on real geographies is usually
//!   the optimum or within a hair of it.
//! - **Proof**: branch and bound on the facilities, best bound first, with
//!   reduced-cost fixing at every node: a facility whose opening (or
//!   closing) alone would push the bound past the incumbent is fixed. An
//!   option is proven optimal when no open node's bound is below the
//!   incumbent by more than the tolerance (relative `1e-9` by default).
//! - **The K best**: the same search keeping the K best options found and
//!   pruning against the K-th ([`Settings::top`]); used for the clinical
//!   rules, options in order of mean journey until one passes the hurdles
//!   ([`passing`]), and for `appraise --shortlist` ([`shortlist`]).
//!
//! The HiGHS comparison (`benches/optimise-vs-highs.sh`) solves the same
//! instances with the radius formulation of Elloumi (2010) and García,
//! Labbé and Marín (2011).
//!
//! `fixed_open` sites are open in every option and required sites count
//! towards p; excluded and closed sites never open. Costs are admissions ×
//! minutes over the region's zones, with times in tenths of a minute as
//! the evaluator reads them, so the value is exactly the option's
//! `mean_travel`.

pub mod bound;
pub mod instance;
pub mod local;
pub mod passing;
pub mod repair;
pub mod rules;
pub mod shortlist;

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use bound::{Effort, Fixing, ascend, relax, start};
pub use instance::Instance;
use local::{greedy, improve};

use crate::error::{Error, Result};

/// Rounds of ascent and local search at the root.
const ROOT_ROUNDS: usize = 8;
/// Subgradient effort per root round: long, with Polyak's largest step.
const ROOT_EFFORT: Effort = Effort {
    iterations: 400,
    patience: 40,
    theta: 2.0,
};
/// Subgradient effort per node: warm-started from the parent's
/// multipliers, so shorter and with a smaller first step. (Chosen on the
/// England and Wales instance, p = 24 to 100; any values give the same
/// optimum, only sooner or later.)
const NODE_EFFORT: Effort = Effort {
    iterations: 150,
    patience: 15,
    theta: 1.0,
};

/// How hard the search tries.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Relative gap below which an option is proven optimal.
    pub tolerance: f64,
    /// Most branch-and-bound nodes before giving up the proof (the best
    /// option found is still returned, with its gap).
    pub node_limit: usize,
    /// How many of the best options to find (1: the optimum only).
    pub top: usize,
    /// Only options with a mean journey below this are kept, minutes
    /// (infinite: every option). With a ceiling the search may find none.
    pub ceiling: f64,
    /// Most bytes the open nodes of the branch and bound may hold (each
    /// keeps a multiplier per zone) before the search stops, the best
    /// option found returned with its gap.
    pub memory_limit: usize,
}

/// Why a search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// Every node settled or pruned: the bound holds for every option.
    Settled,
    /// The node limit was reached.
    NodeLimit,
    /// The open nodes reached the memory limit.
    MemoryLimit,
}

/// How a search is going, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Searching {
    /// HASUs.
    pub p: usize,
    /// Nodes explored so far.
    pub nodes: usize,
    /// Nodes waiting.
    pub open: usize,
    /// The lowest bound of the nodes waiting, minutes.
    pub lower_bound: f64,
    /// The mean journey the search must reach to stop (the best option's,
    /// or the last of the top wanted), minutes.
    pub target: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            tolerance: 1e-9,
            node_limit: 20_000,
            top: 1,
            ceiling: f64::INFINITY,
            memory_limit: 1 << 30,
        }
    }
}

/// One option found: its HASUs and mean journey.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The HASUs: site indices, sorted.
    pub hasus: Vec<usize>,
    /// Its admission-weighted mean journey, minutes.
    pub value: f64,
}

/// The best option (or options) for one p, with the certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// HASUs (number of them).
    pub p: usize,
    /// The best options found, lowest mean journey first (as many as
    /// `Settings::top` asked for, when there are that many below the
    /// ceiling; never none without a ceiling). Options tied with the last
    /// may be left out.
    pub options: Vec<Found>,
    /// A lower bound on the mean journey of every option not in `options`
    /// (with one option asked for: of every option), minutes.
    pub lower_bound: f64,
    /// `(cut − lower_bound) / cut`, with `cut` the mean journey of the
    /// last option listed when `top` were found, otherwise the ceiling
    /// (without one: the last option's).
    pub gap: f64,
    /// Whether the gap is within the tolerance.
    pub proven: bool,
    /// Branch-and-bound nodes explored.
    pub nodes: usize,
    /// Why the search stopped.
    pub stop: Stop,
    /// The root's Lagrangian multipliers (one per zone), for checking the
    /// root bound independently.
    pub multipliers: Vec<f64>,
    /// The root bound they give, as admissions × minutes.
    pub root_bound: f64,
}

impl Solution {
    /// The best option.
    pub fn best(&self) -> &Found {
        &self.options[0]
    }
}

/// A node of the search: its fixing, bound and warm-start multipliers.
struct Node {
    bound: f64,
    fixing: Fixing,
    v: Vec<f64>,
    order: usize,
}

impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Node) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    /// The lowest bound first (a max-heap of reversed order), then the
    /// earliest made.
    fn cmp(&self, other: &Node) -> Ordering {
        other
            .bound
            .total_cmp(&self.bound)
            .then(other.order.cmp(&self.order))
    }
}

/// The best options found so far, cheapest first (ties by their open
/// sets), at most `top` of them, each below the ceiling.
struct Pool {
    top: usize,
    /// Admissions × minutes: options costing this or more are not kept.
    ceiling: f64,
    found: Vec<(f64, Vec<bool>)>,
}

impl Pool {
    fn offer(&mut self, inst: &Instance, open: &[bool]) {
        let cost = inst.cost_of(open);
        if !cost.is_finite() || cost >= self.threshold() {
            return;
        }
        if self.found.iter().any(|(_, o)| o.as_slice() == open) {
            return;
        }
        let at = self
            .found
            .partition_point(|(c, o)| c.total_cmp(&cost).then(o.as_slice().cmp(open)).is_lt());
        self.found.insert(at, (cost, open.to_vec()));
        self.found.truncate(self.top);
    }

    /// The cost an option must beat to enter: the last one's when the pool
    /// is full, otherwise the ceiling.
    fn threshold(&self) -> f64 {
        if self.found.len() < self.top {
            self.ceiling
        } else {
            self.found[self.top - 1].0.min(self.ceiling)
        }
    }

    /// The cost the subgradient steps aim at: the dearest option found,
    /// or the ceiling while none is.
    fn aim(&self) -> f64 {
        self.found.last().map_or(self.ceiling, |f| f.0)
    }

    /// The cost every option left out is proven to reach when the search
    /// ends: the threshold, or without one the dearest option found.
    fn cut(&self) -> f64 {
        let t = self.threshold();
        if t.is_finite() { t } else { self.aim() }
    }
}

/// Solves the p-median of `inst` for `p` HASUs.
///
/// # Errors
/// Refuses a `p` the instance cannot have (fewer than the required sites,
/// or more than the candidates).
pub fn solve(inst: &Instance, p: usize, settings: &Settings) -> Result<Solution> {
    solve_watched(inst, p, settings, &|_| {})
}

/// [`solve`], telling `watch` how the search is going every few nodes.
///
/// # Errors
/// As [`solve`].
pub fn solve_watched(
    inst: &Instance,
    p: usize,
    settings: &Settings,
    watch: &dyn Fn(Searching),
) -> Result<Solution> {
    let n = inst.facilities();
    let free = (0..n).filter(|&f| inst.free[f]).count();
    if p < inst.required || p > inst.required + free {
        return Err(Error::Refused(format!(
            "p = {p} is not possible here: between {} (the required sites) and {} HASUs",
            inst.required,
            inst.required + free
        )));
    }
    if inst.zones() == 0 {
        return Err(Error::Refused(
            "the region has no zone with a travel time to any site".to_string(),
        ));
    }
    let root = Fixing {
        open: inst.fixed.clone(),
        closed: vec![false; n],
        remaining: p - inst.required,
    };
    let ceiling = settings.ceiling * inst.total_weight;
    let (mut best, greedy) = first_options(inst, root.remaining, settings.top.max(1), ceiling);
    if !inst.cost_of(&greedy).is_finite() {
        // Some zone has times to too few sites for the greedy start to
        // reach every zone with p of them.
        return Err(Error::Refused(format!(
            "found no option of {p} HASUs that gives every zone a unit it has a travel time to \
             (some zones have times to few sites); try more HASUs or fill in the times"
        )));
    }
    let tolerance = settings.tolerance;
    let mut v = start(inst, best.found.first().map_or(&greedy, |f| &f.1));
    // The root: rounds of ascent, each followed by a local search from the
    // relaxed solution, so that the steps aim at an ever better option.
    let mut relaxed = relax(inst, &v, &root);
    for _ in 0..ROOT_ROUNDS {
        relaxed = ascend(
            inst,
            &mut v,
            &root,
            best.aim(),
            limit(&best, tolerance),
            ROOT_EFFORT,
        );
        let mut chosen = relaxed.chosen.clone();
        improve(inst, &mut chosen);
        best.offer(inst, &chosen);
        if relaxed.bound >= limit(&best, tolerance) {
            break;
        }
    }
    let (multipliers, root_bound) = (v.clone(), relaxed.bound);
    let root = Node {
        bound: relaxed.bound,
        fixing: root,
        v,
        order: 0,
    };
    let watch = |nodes: usize, open: usize, lower: f64, best: &Pool| {
        watch(Searching {
            p,
            nodes,
            open,
            lower_bound: lower / inst.total_weight,
            target: best.cut() / inst.total_weight,
        })
    };
    let (lower, nodes, stop) = branch_and_bound(inst, root, &mut best, settings, &watch);
    let options: Vec<Found> = best
        .found
        .iter()
        .map(|(cost, open)| Found {
            hasus: inst.hasus(open),
            value: cost / inst.total_weight,
        })
        .collect();
    let (last, lower_bound) = (best.cut() / inst.total_weight, lower / inst.total_weight);
    let gap = if last > 0.0 {
        ((last - lower_bound) / last).max(0.0)
    } else {
        0.0
    };
    Ok(Solution {
        p,
        options,
        lower_bound,
        gap,
        proven: gap <= settings.tolerance,
        nodes,
        stop,
        multipliers,
        root_bound,
    })
}

/// The pool's first options: a greedy start of `remaining` free
/// facilities improved by swaps, and, when more than one option is
/// wanted, its best one-swap neighbours (the next best options are usually
/// among them). Also returns the improved start, kept or not.
fn first_options(inst: &Instance, remaining: usize, top: usize, ceiling: f64) -> (Pool, Vec<bool>) {
    let mut open = inst.fixed.clone();
    greedy(inst, &mut open, remaining);
    improve(inst, &mut open);
    let mut pool = Pool {
        top,
        ceiling,
        found: Vec::new(),
    };
    pool.offer(inst, &open);
    if top > 1 {
        let mut near: Vec<(f64, usize, usize)> = local::swaps(inst, &open)
            .into_iter()
            .map(|(r, f, delta)| (delta, r, f))
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for &(_, r, f) in near.iter().take(top - 1) {
            let mut other = open.clone();
            other[r] = false;
            other[f] = true;
            pool.offer(inst, &other);
        }
    }
    (pool, open)
}

/// Nodes explored between two reports to the watcher.
const WATCH_EVERY: usize = 16;

/// Best-first branch and bound from `root`, improving `best`: returns the
/// lower bound on every option left out of it (admissions × minutes), the
/// nodes explored and why it stopped. Every [`WATCH_EVERY`] nodes `watch`
/// is told (nodes, open nodes, lowest open bound, the pool).
fn branch_and_bound(
    inst: &Instance,
    root: Node,
    best: &mut Pool,
    settings: &Settings,
    watch: &dyn Fn(usize, usize, f64, &Pool),
) -> (f64, usize, Stop) {
    let tolerance = settings.tolerance;
    // What one waiting node holds: its multipliers and its fixing.
    let node_bytes = std::mem::size_of::<Node>()
        + inst.zones() * std::mem::size_of::<f64>()
        + 2 * inst.facilities();
    let mut heap = BinaryHeap::from([root]);
    let (mut nodes, mut made) = (0, 1);
    let mut stop = Stop::Settled;
    while let Some(mut node) = heap.pop() {
        if node.bound >= limit(best, tolerance) {
            // The lowest bound left proves the options found.
            heap.clear();
            break;
        }
        if nodes >= settings.node_limit {
            heap.push(node);
            stop = Stop::NodeLimit;
            break;
        }
        if (heap.len() + 2) * node_bytes > settings.memory_limit {
            heap.push(node);
            stop = Stop::MemoryLimit;
            break;
        }
        nodes += 1;
        if nodes % WATCH_EVERY == 0 {
            watch(nodes, heap.len() + 1, node.bound.min(best.cut()), best);
        }
        let Some(children) = explore(inst, &mut node, best, tolerance) else {
            continue;
        };
        for (fixing, v) in children {
            heap.push(Node {
                bound: node.bound,
                fixing,
                v,
                order: made,
            });
            made += 1;
        }
    }
    let last = best.cut();
    let lower = match heap.peek() {
        // Stopped at a limit: the lowest open bound.
        Some(open) => open.bound.min(last),
        // Every node settled or pruned: the options found are the best.
        None => last,
    };
    (lower, nodes, stop)
}

/// Explores one node: tightens its bound, fixes what the bound allows,
/// offers its relaxed solution as an option, and returns its two children
/// (or none when it is settled).
fn explore(
    inst: &Instance,
    node: &mut Node,
    best: &mut Pool,
    tolerance: f64,
) -> Option<Vec<(Fixing, Vec<f64>)>> {
    let n = inst.facilities();
    loop {
        let undecided: Vec<usize> = (0..n).filter(|&f| node.fixing.undecided(inst, f)).collect();
        if node.fixing.remaining == 0 || undecided.len() == node.fixing.remaining {
            // A leaf: every facility decided.
            let mut open = node.fixing.open.clone();
            for &f in &undecided {
                open[f] = node.fixing.remaining > 0;
            }
            best.offer(inst, &open);
            return None;
        }
        let part = inst.restrict(&node.fixing.open, &node.fixing.closed);
        if !part.constant.is_finite() {
            // Some zone has no facility left: no option here.
            return None;
        }
        let mut v: Vec<f64> = part.origin.iter().map(|&z| node.v[z]).collect();
        let relaxed = ascend(
            &part,
            &mut v,
            &node.fixing,
            best.aim(),
            limit(best, tolerance),
            NODE_EFFORT,
        );
        for (k, &z) in part.origin.iter().enumerate() {
            node.v[z] = v[k];
        }
        node.bound = node.bound.max(relaxed.bound);
        best.offer(inst, &relaxed.chosen);
        let limit = limit(best, tolerance);
        if node.bound >= limit {
            return None;
        }
        // Reduced-cost fixing: opening a left-out facility costs at least
        // ρ_j − ρ(last in); closing a chosen one at least ρ(first out) − ρ_j.
        let mut changed = false;
        for &f in &undecided {
            let rho = relaxed.rho[f];
            if relaxed.chosen[f] {
                if relaxed.bound + relaxed.first_out - rho >= limit {
                    node.fixing.open[f] = true;
                    node.fixing.remaining -= 1;
                    changed = true;
                }
            } else if relaxed.bound + rho - relaxed.last_in >= limit {
                node.fixing.closed[f] = true;
                changed = true;
            }
        }
        if changed {
            continue;
        }
        // Branch on the undecided facility nearest the threshold.
        let mid = 0.5 * (relaxed.last_in + relaxed.first_out);
        let f = undecided
            .iter()
            .copied()
            .min_by(|&a, &b| {
                (relaxed.rho[a] - mid)
                    .abs()
                    .total_cmp(&(relaxed.rho[b] - mid).abs())
                    .then(a.cmp(&b))
            })
            .expect("a node with undecided facilities");
        let mut with = node.fixing.clone();
        with.open[f] = true;
        with.remaining -= 1;
        let mut without = node.fixing.clone();
        without.closed[f] = true;
        return Some(vec![(with, node.v.clone()), (without, node.v.clone())]);
    }
}

/// The bound at which a node can hold no option better than those found
/// (less the relative `tolerance`); the ceiling while the pool fills.
fn limit(best: &Pool, tolerance: f64) -> f64 {
    let t = best.threshold();
    if t.is_finite() {
        t - tolerance * t.abs().max(1e-12)
    } else {
        f64::INFINITY
    }
}

/// `L(v)` for the whole instance, as the search computed it at the root
/// (for checking a solution's certificate).
pub fn root_bound(inst: &Instance, p: usize, v: &[f64]) -> f64 {
    let root = Fixing {
        open: inst.fixed.clone(),
        closed: vec![false; inst.facilities()],
        remaining: p - inst.required,
    };
    relax(inst, v, &root).bound
}
