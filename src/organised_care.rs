//! The organised-care effect: deaths avoided and bed-days saved a year by
//! HASU care over other stroke unit care (Morris et al., BMJ 2014), apart
//! from any time-to-treatment effect and never mixed into the mRS figures.
//! It consumes the evaluation's admissions per unit: the region's
//! admissions at units giving organised hyperacute care (an option's
//! HASUs, today's units the criteria name, and units outside the region
//! when the criteria say they are HASUs), times the effect per admission.

use serde::Serialize;

use crate::criteria::OrganisedCare;
use crate::evaluate::SiteSet;
use crate::model::Dataset;

/// The effect under one configuration, a year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CareFigures {
    /// The region's admissions at units giving organised hyperacute care.
    pub admissions_in_hasu_care: f64,
    /// Deaths within 90 days avoided against other stroke unit care.
    pub deaths_avoided: f64,
    /// The same at the low and high ends of the effect's interval.
    pub deaths_avoided_interval: (f64, f64),
    /// Bed-days saved by shorter stays.
    pub bed_days_saved: f64,
}

/// The effect under an option and today.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CareAccount {
    /// Under the option.
    pub option: CareFigures,
    /// Today.
    pub today: CareFigures,
}

impl CareFigures {
    /// The figures for `admissions` a year in HASU care.
    pub fn of(effect: &OrganisedCare, admissions: f64) -> CareFigures {
        CareFigures {
            admissions_in_hasu_care: admissions,
            deaths_avoided: admissions * effect.mortality_reduction,
            deaths_avoided_interval: (
                admissions * effect.mortality_interval.0,
                admissions * effect.mortality_interval.1,
            ),
            bed_days_saved: admissions * effect.length_of_stay_reduction_days,
        }
    }
}

/// The region's admissions at units giving HASU care: `region` holds each
/// site's region admissions under a configuration whose HASU care units
/// are `hasus` (with the units outside the region when the effect says so).
fn in_hasu_care(effect: &OrganisedCare, data: &Dataset, hasus: &SiteSet, region: &[f64]) -> f64 {
    (0..data.sites.len())
        .filter(|&s| hasus.contains(s) || (effect.out_of_area_hasus && !data.sites[s].in_region))
        .map(|s| region[s])
        .sum()
}

/// The effect under the option whose HASUs are `hasus` (its region
/// admissions per site `option`) and today (`today`).
pub fn account(
    effect: &OrganisedCare,
    data: &Dataset,
    hasus: &SiteSet,
    option: &[f64],
    today: &[f64],
) -> CareAccount {
    let today_hasus = SiteSet::from_sites(&effect.today_hasus);
    CareAccount {
        option: CareFigures::of(effect, in_hasu_care(effect, data, hasus, option)),
        today: CareFigures::of(effect, in_hasu_care(effect, data, &today_hasus, today)),
    }
}
