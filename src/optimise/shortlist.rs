//! A shortlist for `appraise` when the long list is too long to enumerate:
//! of each number of HASUs the rules allow, the options with the lowest
//! mean journey, found by proven search ([`super::solve`] with `top`).
//! The appraisal then tests, scores and ranks those, and says so.

use super::instance::Instance;
use super::{Settings, solve};
use crate::criteria::OptionRules;
use crate::error::{Error, Result};
use crate::evaluate::SiteSet;
use crate::model::Dataset;
use crate::rank::Shortlist;
use crate::search::count;

/// The `per_size` options with the lowest mean journey of each size the
/// `rules` allow.
///
/// # Errors
/// Refuses when `per_size` is 0 or no size is possible.
pub fn shortlist(
    data: &Dataset,
    rules: &OptionRules,
    per_size: usize,
    settings: &Settings,
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
    let (mut sets, mut proven) = (Vec::new(), true);
    for p in sizes {
        let s = solve(&inst, p, &settings)?;
        proven &= s.proven;
        sets.extend(s.options.iter().map(|f| SiteSet::from_sites(&f.hasus)));
    }
    Ok((
        sets,
        Shortlist {
            per_size,
            combinations: count(data, rules),
            proven,
        },
    ))
}
