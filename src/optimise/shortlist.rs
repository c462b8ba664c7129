//! A shortlist for `appraise` when the long list is too long to enumerate:
//! of each number of HASUs the rules allow, the options with the lowest
//! mean journey, found by proven search ([`super::solve`] with `top`), and
//! where none of them passes the hurdles, the best passing option the
//! constrained search finds ([`super::passing`]). The appraisal then
//! tests, scores and ranks those, and says so.

use super::instance::Instance;
use super::passing::best_passing;
use super::rules::Judge;
use super::{Settings, solve};
use crate::criteria::OptionRules;
use crate::error::{Error, Result};
use crate::evaluate::SiteSet;
use crate::model::Dataset;
use crate::rank::Shortlist;
use crate::search::count;

/// The `per_size` options with the lowest mean journey of each size the
/// `rules` allow, and of each size where none of them passes `judge`, the
/// best passing option found (if any).
///
/// # Errors
/// Refuses when `per_size` is 0 or no size is possible.
pub fn shortlist<J: Judge>(
    data: &Dataset,
    rules: &OptionRules,
    per_size: usize,
    settings: &Settings,
    judge: &J,
) -> Result<(Vec<SiteSet>, Shortlist)> {
    if per_size == 0 {
        return Err(Error::Refused(
            "a shortlist needs at least one option of each size".to_string(),
        ));
    }
    let inst = Instance::new(data, rules)?;
    let free = inst.free.iter().filter(|&&f| f).count();
    let sizes =
        rules.min_hasus.max(inst.required).max(1)..=rules.max_hasus.min(inst.required + free);
    if sizes.is_empty() {
        return Err(Error::Refused(format!(
            "the rules allow no combination: {} to {} HASUs, {} required, {free} free",
            rules.min_hasus, rules.max_hasus, inst.required
        )));
    }
    let settings = Settings {
        top: per_size,
        ..*settings
    };
    let (mut sets, mut proven, mut passing_added) = (Vec::new(), true, 0);
    let mut scratch = judge.scratch();
    for p in sizes {
        let s = solve(&inst, p, &settings)?;
        proven &= s.proven;
        sets.extend(s.options.iter().map(|f| SiteSet::from_sites(&f.hasus)));
        if !s
            .options
            .iter()
            .any(|f| judge.verdict(&f.hasus, &mut scratch).passes())
            && let Some(f) = best_passing(&inst, p, &settings, per_size, judge)?.found
        {
            sets.push(SiteSet::from_sites(&f.hasus));
            passing_added += 1;
        }
    }
    Ok((
        sets,
        Shortlist {
            per_size,
            combinations: count(data, rules),
            proven,
            passing_added,
        },
    ))
}
