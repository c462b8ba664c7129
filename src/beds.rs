//! Beds per unit under an option and today: the analysis of an option's
//! assignment that [`crate::capacity`] turns into beds.

use serde::Serialize;

use crate::capacity::{BedNeed, asu_need, need};
use crate::criteria::BedPlanning;
use crate::evaluate::Loads;
use crate::model::Dataset;
use crate::siteset::SiteSet;

/// One unit's admissions and beds under an option and today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitBeds {
    /// Site id.
    pub site: String,
    /// Site name.
    pub name: String,
    /// Whether it is one of the option's HASUs.
    pub hasu: bool,
    /// Whether the site is inside the region.
    pub in_region: bool,
    /// Beds needed for its admissions (every zone of the dataset) under
    /// the option.
    pub option: BedNeed,
    /// Today.
    pub today: BedNeed,
    /// Admissions a year from the region's zones under the option.
    pub region_admissions: f64,
    /// Today.
    pub region_admissions_today: f64,
    /// Acute stroke unit beds for its admissions under the option (with
    /// `[beds.asu]`).
    pub asu: Option<BedNeed>,
    /// Today.
    pub asu_today: Option<BedNeed>,
    /// Beds it could provide for hyper-acute care, when stated in
    /// `sites.csv`.
    pub capacity: Option<u32>,
    /// Stroke beds it has today, when stated in `sites.csv`.
    pub stroke_beds: Option<u32>,
}

impl UnitBeds {
    /// Hyper-acute and acute stroke unit beds under the option and today.
    pub fn stroke_beds(&self) -> (u32, u32) {
        let asu = |n: Option<BedNeed>| n.map_or(0, |n| n.beds);
        (
            self.option.beds + asu(self.asu),
            self.today.beds + asu(self.asu_today),
        )
    }
}

/// The beds of every unit that matters to an option: its HASUs, today's
/// units, and every unit receiving region patients under the option or
/// today, by site order.
pub fn units(
    data: &Dataset,
    planning: &BedPlanning,
    hasus: &SiteSet,
    today_units: &SiteSet,
    option: Loads<'_>,
    today: Loads<'_>,
) -> Vec<UnitBeds> {
    (0..data.sites.len())
        .filter(|&s| {
            hasus.contains(s)
                || today_units.contains(s)
                || option.region[s] > 0.0
                || today.region[s] > 0.0
        })
        .map(|s| UnitBeds {
            site: data.sites[s].id.clone(),
            name: data.sites[s].name.clone(),
            hasu: hasus.contains(s),
            in_region: data.sites[s].in_region,
            option: need(option.all[s], planning),
            today: need(today.all[s], planning),
            region_admissions: option.region[s],
            region_admissions_today: today.region[s],
            asu: planning.asu.map(|a| asu_need(option.all[s], &a)),
            asu_today: planning.asu.map(|a| asu_need(today.all[s], &a)),
            capacity: data.sites[s].beds,
            stroke_beds: data.sites[s].stroke_beds,
        })
        .collect()
}
