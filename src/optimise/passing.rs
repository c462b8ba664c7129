//! The best option that passes the clinical rules (the hurdles of the
//! criteria: the volume band, door-to-needle, access), by mean journey.
//!
//! The rules are not linear in the sites open (a unit's volume depends on
//! which others are open), so they are not constraints of the relaxation.
//! Instead the options are listed in order of mean journey — the K best,
//! proven, with K doubling — and each is tested until one passes. When the
//! list is proven, every option with a lower mean journey came before it
//! and failed, so the first to pass is the best that passes. When none of
//! the `most` best passes, the search stops and says so: every passing
//! option then has a mean journey of at least the list's bound.

use std::collections::BTreeMap;

use super::instance::Instance;
use super::{Found, Settings, solve};
use crate::error::Result;

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
    /// Options tested, in order of mean journey.
    pub tested: usize,
    /// Branch-and-bound nodes of the last search.
    pub nodes: usize,
}

/// Lists the options of `p` HASUs by mean journey, at most `most` of them,
/// until `passes` accepts one.
///
/// # Errors
/// As [`solve`].
pub fn best_passing(
    inst: &Instance,
    p: usize,
    settings: &Settings,
    most: usize,
    passes: &mut dyn FnMut(&[usize]) -> bool,
) -> Result<Passing> {
    let most = most.max(1);
    let mut top = most.min(16);
    let mut tested: BTreeMap<Vec<usize>, bool> = BTreeMap::new();
    loop {
        let s = solve(inst, p, &Settings { top, ..*settings })?;
        for found in &s.options {
            let ok = *tested
                .entry(found.hasus.clone())
                .or_insert_with(|| passes(&found.hasus));
            if ok {
                // Every option below it was listed first and failed,
                // unless the list's proof stopped short.
                let lower = s.lower_bound.min(found.value);
                return Ok(Passing {
                    found: Some(found.clone()),
                    lower_bound: Some(lower),
                    proven: s.proven || found.value - lower <= settings.tolerance * found.value,
                    tested: tested.len(),
                    nodes: s.nodes,
                });
            }
        }
        let everything = s.proven && s.options.len() < top;
        if everything || !s.proven || top >= most {
            return Ok(Passing {
                found: None,
                // Every passing option is left out of the list.
                lower_bound: (!everything).then_some(s.lower_bound),
                proven: everything,
                tested: tested.len(),
                nodes: s.nodes,
            });
        }
        top = (2 * top).min(most);
    }
}
