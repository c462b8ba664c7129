//! The best option that passes the clinical rules (the hurdles of the
//! criteria: the volume band, door-to-needle, access), by mean journey.
//!
//! The rules are not linear in the sites open (a unit's volume depends on
//! which others are open), so they are not constraints of the relaxation.
//! The search goes in four steps:
//! 1. **What the rules settle**: sites too large for the volume band even
//!    with every other site open are ruled out (a unit only loses patients
//!    as others open), again until none is; rules that only get easier as
//!    units open, tested with every site left open, and the band against
//!    the admissions `p` HASUs share, may show that no option passes
//!    ([`Impossible`]).
//! 2. **The best option without the rules**, proven: its bound is a lower
//!    bound on every passing option too; if it passes, it is the answer.
//! 3. **An incumbent**: a local search from it for a good passing option
//!    ([`super::repair`]).
//! 4. **The proof**: the options below the incumbent's mean journey are
//!    listed in order of mean journey, the K best, proven, with K doubling
//!    up to `most`, and each is tested. When the list holds every option
//!    below the incumbent, the first to pass (or the incumbent) is the best
//!    that passes. A costly list (over 200 nodes) stops doubling
//!    when, at the pace of its last doubling, it would not reach the
//!    incumbent by `most`, or when there is no incumbent (the list would
//!    have to hold every option). Otherwise the answer is the best found and the list's
//!    bound is a lower bound on every passing option (all listed fail):
//!    found, not proven.

use std::collections::BTreeMap;

use super::instance::Instance;
use super::rules::{Impossible, Judge, Oversized};
use super::{Found, Settings, repair, solve};
use crate::error::Result;

/// Branch-and-bound nodes below which a list is cheap enough to double
/// whatever its pace, or with no passing option found (assumption: a few
/// seconds on the country).
const CHEAP: usize = 200;

/// What the search for a passing option found for one p.
#[derive(Debug, Clone, PartialEq)]
pub struct Passing {
    /// The best passing option found, if any.
    pub found: Option<Found>,
    /// A lower bound on the mean journey of every passing option, minutes
    /// (`None` when it is proven that no option passes).
    pub lower_bound: Option<f64>,
    /// Whether `found` is proven the best passing option (or, with none
    /// found, that no option passes).
    pub proven: bool,
    /// Options tested in order of mean journey.
    pub tested: usize,
    /// Branch-and-bound nodes of every search.
    pub nodes: usize,
    /// Sites no passing option can have as HASUs (too large even with
    /// every other site open): left out of the search.
    pub ruled_out: Vec<Oversized>,
    /// Why no option passes, when that is plain without a search.
    pub impossible: Option<Impossible>,
}

/// The best option of `p` HASUs that `judge` passes: proven when the
/// search can list every option below the one found, within
/// `settings.node_limit` nodes in all and `most` options.
///
/// # Errors
/// As [`solve`].
pub fn best_passing<J: Judge>(
    inst: &Instance,
    p: usize,
    settings: &Settings,
    most: usize,
    judge: &J,
) -> Result<Passing> {
    let settled = judge.settle(inst, p);
    let mut out = Passing {
        found: None,
        lower_bound: None,
        proven: true,
        tested: 0,
        nodes: 0,
        ruled_out: settled.ruled_out,
        impossible: settled.impossible,
    };
    if out.impossible.is_some() {
        return Ok(out);
    }
    let sites: Vec<usize> = out.ruled_out.iter().map(|o| o.site).collect();
    let ruled;
    let inst = if sites.is_empty() {
        inst
    } else {
        ruled = inst.ruling_out(&sites);
        &ruled
    };
    let free = Settings {
        top: 1,
        ..*settings
    };
    let unruled = solve(inst, p, &free)?;
    out.nodes = unruled.nodes;
    let mut scratch = judge.scratch();
    let mut tested: BTreeMap<Vec<usize>, bool> = BTreeMap::new();
    let mut passes = |hasus: &[usize]| {
        *tested
            .entry(hasus.to_vec())
            .or_insert_with(|| judge.verdict(hasus, &mut scratch).passes())
    };
    let best = unruled.best();
    if passes(&best.hasus) {
        out.found = Some(best.clone());
        out.lower_bound = Some(unruled.lower_bound.min(best.value));
        out.proven = unruled.proven;
        out.tested = 1;
        return Ok(out);
    }
    let incumbent =
        repair::search(inst, judge, &inst.open_of(&best.hasus)).map(|(open, _)| Found {
            hasus: inst.hasus(&open),
            value: inst.cost_of(&open) / inst.total_weight,
        });
    // Every passing option is at least the bound of the best without the
    // rules (which fails them).
    let mut lower = unruled.lower_bound;
    let mut top = most.clamp(1, 16);
    // Where the list had reached, and how long it was: at first the best
    // option without the rules.
    let mut reached = (best.value, 1);
    loop {
        let listed = solve(
            inst,
            p,
            &Settings {
                top,
                ceiling: incumbent.as_ref().map_or(f64::INFINITY, |f| f.value),
                node_limit: settings.node_limit.saturating_sub(out.nodes).max(1),
                ..*settings
            },
        )?;
        out.nodes += listed.nodes;
        if let Some(found) = listed.options.iter().find(|f| passes(&f.hasus)) {
            // Every option below it was listed first and failed, unless
            // the list's proof stopped short.
            out.lower_bound = Some(lower.max(listed.lower_bound).min(found.value));
            out.proven = listed.proven;
            out.found = Some(found.clone());
            break;
        }
        // Every passing option is left out of the list.
        lower = lower.max(listed.lower_bound);
        let complete = listed.proven && listed.options.len() < top;
        let spent = out.nodes >= settings.node_limit;
        let last = listed.options.last().map_or(lower, |f| f.value);
        // A costly list stops when it cannot reach the option found at its
        // pace, or with none found (it would have to list every option).
        let hopeless = listed.nodes > CHEAP
            && incumbent
                .as_ref()
                .is_none_or(|f| out_of_reach(f.value, reached, (last, top), most));
        reached = (last, top);
        if complete || !listed.proven || top >= most || spent || hopeless {
            out.proven = complete;
            out.found = incumbent.clone();
            out.lower_bound = match &incumbent {
                Some(f) => Some(lower.min(f.value)),
                // Listed to the end: none passes.
                None if complete => None,
                None => Some(lower),
            };
            break;
        }
        top = (2 * top).min(most);
    }
    out.tested = tested.len();
    Ok(out)
}

/// Whether a list whose last option's mean journey rose from `before` to
/// `now` (each a value and the list's length) would still end below
/// `target` at `most` options, at the same pace per doubling: the listing
/// then stops, unproven, rather than spend its budget. (Options crowd near
/// the optimum, so the pace mostly slows: an estimate, not a proof, which
/// only decides when to stop looking.)
fn out_of_reach(target: f64, before: (f64, usize), now: (f64, usize), most: usize) -> bool {
    let doublings = |from: usize, to: usize| (to as f64 / from as f64).log2().max(0.0);
    let pace = (now.0 - before.0).max(0.0) / doublings(before.1, now.1).max(1.0);
    now.0 + doublings(now.1, most) * pace < target
}
