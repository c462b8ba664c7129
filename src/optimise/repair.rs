//! A good option that passes the rules, by local search from the best
//! option without them: no proof, but an incumbent for the proof to aim
//! at, and the answer when the proof is out of reach.
//!
//! The moves are swaps (close one free unit, open another; Teitz and Bart
//! 1968), every one evaluated by the judge in full, so any rule of the
//! criteria is honoured as the evaluator applies it. First the shortfall
//! is driven to zero, the best swap each step (lowest shortfall, then
//! mean journey), with a short tabu list so that a plateau of no progress
//! is crossed rather than stopped at (Glover, Tabu search, ORSA Journal on
//! Computing 1, 1989); then the mean journey is lowered by swaps that keep
//! every rule met, until none does.

use rayon::prelude::*;

use super::instance::Instance;
use super::rules::{Judge, Verdict};

/// Steps a unit just swapped may not be swapped back (assumption: a few,
/// as is usual; any value finds a passing option or not, sooner or later).
const TENURE: usize = 7;
/// Steps without a better option before the search for a passing one
/// gives up.
const PATIENCE: usize = 30;

/// The best passing option the search finds from `start` (open
/// facilities, `p` of them HASUs) and its verdict, if it finds one.
pub fn search<J: Judge>(
    inst: &Instance,
    judge: &J,
    start: &[bool],
) -> Option<(Vec<bool>, Verdict)> {
    let mut scratch = judge.scratch();
    let verdict = judge.verdict(&inst.hasus(start), &mut scratch);
    let (mut open, mut best) = (start.to_vec(), (start.to_vec(), verdict));
    let mut tabu_until = vec![0usize; inst.facilities()];
    let (mut step, mut stale) = (0, 0);
    while !best.1.passes() && stale < PATIENCE {
        let moves = swaps(inst, &open);
        let verdicts = judge_all(inst, judge, &open, &moves);
        let allowed = |k: usize| {
            let (r, f) = moves[k];
            let tabu = tabu_until[r] > step || tabu_until[f] > step;
            !tabu || verdicts[k].shortfall < best.1.shortfall
        };
        let Some(k) = (0..moves.len())
            .filter(|&k| allowed(k))
            .min_by(|&a, &b| first(&verdicts[a], &verdicts[b]))
        else {
            break;
        };
        let (r, f) = moves[k];
        open[r] = false;
        open[f] = true;
        step += 1;
        tabu_until[r] = step + TENURE;
        tabu_until[f] = step + TENURE;
        if first(&verdicts[k], &best.1).is_lt() {
            best = (open.clone(), verdicts[k]);
            stale = 0;
        } else {
            stale += 1;
        }
    }
    if !best.1.passes() {
        return None;
    }
    // Lower the mean journey, every rule kept.
    loop {
        let moves = swaps(inst, &best.0);
        let verdicts = judge_all(inst, judge, &best.0, &moves);
        let better = (0..moves.len())
            .filter(|&k| verdicts[k].passes() && verdicts[k].mean < best.1.mean)
            .min_by(|&a, &b| verdicts[a].mean.total_cmp(&verdicts[b].mean));
        let Some(k) = better else {
            return Some(best);
        };
        let (r, f) = moves[k];
        best.0[r] = false;
        best.0[f] = true;
        best.1 = verdicts[k];
    }
}

/// Which verdict the search prefers: the lower shortfall, then the lower
/// mean journey.
fn first(a: &Verdict, b: &Verdict) -> std::cmp::Ordering {
    a.shortfall
        .total_cmp(&b.shortfall)
        .then(a.mean.total_cmp(&b.mean))
}

/// Every swap of a free open facility for a free closed one, in facility
/// order.
fn swaps(inst: &Instance, open: &[bool]) -> Vec<(usize, usize)> {
    let free = |f: &usize| inst.free[*f];
    let out: Vec<usize> = (0..inst.facilities())
        .filter(free)
        .filter(|&f| open[f])
        .collect();
    let into: Vec<usize> = (0..inst.facilities())
        .filter(free)
        .filter(|&f| !open[f])
        .collect();
    out.iter()
        .flat_map(|&r| into.iter().map(move |&f| (r, f)))
        .collect()
}

/// The verdict on every swap of `open`, worked out on every core (in the
/// swaps' order whatever the cores).
fn judge_all<J: Judge>(
    inst: &Instance,
    judge: &J,
    open: &[bool],
    moves: &[(usize, usize)],
) -> Vec<Verdict> {
    moves
        .par_iter()
        .map_init(
            || (judge.scratch(), open.to_vec()),
            |(scratch, o), &(r, f)| {
                o[r] = false;
                o[f] = true;
                let v = judge.verdict(&inst.hasus(o), scratch);
                o[r] = true;
                o[f] = false;
                v
            },
        )
        .collect()
}
