//! The full account of one option: per unit, per district, and compared
//! with today.

use std::sync::Arc;

use serde::Serialize;

use super::{Evaluator, NO_DISTRICT, NONE, Scratch, SiteSet};
use crate::model::Dataset;

impl Evaluator {
    /// The full account of the option last evaluated with `scratch`:
    /// per unit, per district, and compared with today.
    pub fn explain(&self, data: &Dataset, hasus: &SiteSet, scratch: &Scratch) -> Explained {
        let open = self.open_units(hasus);
        // Per unit, its zones and a mark for each district it serves (in
        // the names' order), in one pass over the zones. A zone shared by
        // tied units counts for each of them.
        let every = self.every_district.len();
        let mut zones = vec![0usize; self.sites];
        let mut serves = vec![false; self.sites * every];
        let mut outside = vec![std::collections::BTreeMap::<&str, f64>::new(); self.sites];
        let mut serve = |u: usize, z: usize, share: f64| {
            zones[u] += 1;
            serves[u * every + self.zone_district[z] as usize] = true;
            let zone = &data.zones[z];
            if !zone.in_region {
                *outside[u].entry(zone.ambulance.as_str()).or_default() +=
                    self.admissions[z] * share;
            }
        };
        for z in 0..self.zones {
            match scratch.sharing[z] {
                0 => {}
                1 => serve(usize::from(scratch.choice[z]), z, 1.0),
                _ => self
                    .units_of(z, &open, scratch)
                    .for_each(|(u, share)| serve(u, z, share)),
            }
        }
        let mut units = Vec::new();
        for s in 0..self.sites {
            if !open.contains(s) || (!hasus.contains(s) && scratch.admissions[s] == 0.0) {
                continue;
            }
            let dtn = self.door_to_needle(s, hasus, &scratch.admissions);
            let site = &data.sites[s];
            units.push(UnitLoad {
                site: site.id.clone(),
                name: site.name.clone(),
                hasu: hasus.contains(s),
                admissions: scratch.admissions[s],
                region_admissions: scratch.region_admissions[s],
                from_services: outside[s]
                    .iter()
                    .map(|(service, admissions)| ServiceAdmissions {
                        service: (*service).to_string(),
                        admissions: *admissions,
                    })
                    .collect(),
                zones: zones[s],
                districts: (0..every)
                    .filter(|&d| serves[s * every + d])
                    .map(|d| self.every_district[d].clone())
                    .collect(),
                median_door_to_needle: dtn,
                share_within_door_to_needle: self
                    .pathway
                    .share_within(dtn, self.door_to_needle_limit),
            });
        }

        let n = self.district_names.len();
        let mut further = vec![0.0; n];
        let mut largest = vec![0.0f64; n];
        let (mut all_further, mut added, mut most) = (0.0, 0.0, 0.0f64);
        for z in 0..self.zones {
            let d = self.district[z];
            let (t, today) = (scratch.time[z], self.today_scratch.time[z]);
            if d == NO_DISTRICT || t == NONE || today == NONE || t <= today {
                continue;
            }
            let rise = f64::from(t - today) / 10.0;
            let a = self.admissions[z];
            further[d as usize] += a;
            largest[d as usize] = largest[d as usize].max(rise);
            all_further += a;
            added += a * rise;
            most = most.max(rise);
        }
        let means = self.district_means(scratch);
        let districts = (0..n)
            .map(|d| DistrictChange {
                district: self.district_names[d].clone(),
                admissions: self.district_admissions[d],
                mean_travel_today: self.today_district_mean[d],
                mean_travel: means[d],
                change: means[d] - self.today_district_mean[d],
                admissions_further: further[d],
                largest_increase: largest[d],
            })
            .collect();
        Explained {
            units,
            districts,
            versus_today: VersusToday {
                admissions_further: all_further,
                mean_increase_for_those_further: if all_further > 0.0 {
                    added / all_further
                } else {
                    0.0
                },
                largest_increase: most,
            },
        }
    }

    /// Per zone, its access under the configuration whose HASUs are
    /// `hasus`, last evaluated (or, for today, assigned) with `scratch`;
    /// `None` outside the region or with no open unit.
    pub fn zone_access(&self, hasus: &SiteSet, scratch: &Scratch) -> Vec<Option<ZoneAccess>> {
        let open = self.open_units(hasus);
        let limits: Vec<i32> = (0..self.sites)
            .map(|s| {
                if open.contains(s) {
                    self.target_tenths(self.door_to_needle(s, hasus, &scratch.admissions))
                } else {
                    -1
                }
            })
            .collect();
        (0..self.zones)
            .map(|z| {
                let t = scratch.time[z];
                if self.district[z] == NO_DISTRICT || scratch.choice[z] == NONE {
                    return None;
                }
                let within: f64 = self
                    .units_of(z, &open, scratch)
                    .filter(|&(u, _)| i32::from(t) <= limits[u])
                    .map(|(_, share)| share)
                    .sum();
                Some(ZoneAccess {
                    minutes: f64::from(t) / 10.0,
                    call_to_needle_within_target: within,
                })
            })
            .collect()
    }

    /// Per zone, the unit and minutes today and under the option last
    /// evaluated with `scratch`.
    pub fn zones(&self, scratch: &Scratch) -> Vec<ZoneTrip> {
        let unit = |s: u16, t: u16| (s != NONE).then(|| (usize::from(s), f64::from(t) / 10.0));
        (0..self.zones)
            .map(|z| ZoneTrip {
                today: unit(self.today_scratch.choice[z], self.today_scratch.time[z]),
                option: unit(scratch.choice[z], scratch.time[z]),
            })
            .collect()
    }
}

/// One region zone's access under a configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoneAccess {
    /// Travel time to its unit, minutes.
    pub minutes: f64,
    /// Share of its admissions whose expected call-to-needle time meets the
    /// target (between 0 and 1 when tied units differ).
    pub call_to_needle_within_target: f64,
}

/// Where one zone's patients go today and under an option: `(site index,
/// minutes)`, or `None` when no open unit has a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoneTrip {
    /// Today's configuration.
    pub today: Option<(usize, f64)>,
    /// The option.
    pub option: Option<(usize, f64)>,
}

/// One open unit's share of an option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitLoad {
    /// Site id.
    pub site: String,
    /// Site name.
    pub name: String,
    /// Whether it is one of the option's HASUs (otherwise a `fixed_open`
    /// unit).
    pub hasu: bool,
    /// Admissions a year from every zone of the dataset.
    pub admissions: f64,
    /// Admissions a year from the region's zones.
    pub region_admissions: f64,
    /// Admissions a year from zones outside the region, by the zones'
    /// ambulance service (sorted; an empty service: not known).
    pub from_services: Vec<ServiceAdmissions>,
    /// Zones whose nearest open unit it is (a zone tied between units
    /// counts for each).
    pub zones: usize,
    /// Districts of those zones, sorted (names shared with the
    /// evaluator's, not copied for every option explained).
    pub districts: Vec<Arc<str>>,
    /// Median door-to-needle time, minutes (from the pathway model).
    pub median_door_to_needle: f64,
    /// Expected share of thrombolysed patients treated within the
    /// door-to-needle limit.
    pub share_within_door_to_needle: f64,
}

/// A unit's admissions from outside the region conveyed by one ambulance
/// service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceAdmissions {
    /// The zones' ambulance service (empty: not known).
    pub service: String,
    /// Admissions a year.
    pub admissions: f64,
}

/// One district of the region, compared with today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictChange {
    /// Local authority district.
    pub district: Arc<str>,
    /// Admissions a year.
    pub admissions: f64,
    /// Admission-weighted mean travel time today, minutes.
    pub mean_travel_today: f64,
    /// Admission-weighted mean travel time under the option, minutes.
    pub mean_travel: f64,
    /// `mean_travel − mean_travel_today`.
    pub change: f64,
    /// Admissions a year that travel further than today.
    pub admissions_further: f64,
    /// The largest increase for any zone of the district, minutes.
    pub largest_increase: f64,
}

/// The region compared with today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersusToday {
    /// Admissions a year that travel further than today.
    pub admissions_further: f64,
    /// Their mean increase, minutes.
    pub mean_increase_for_those_further: f64,
    /// The largest increase for any zone, minutes.
    pub largest_increase: f64,
}

/// The full account of one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explained {
    /// Every open unit that receives patients, and every HASU, by site order.
    pub units: Vec<UnitLoad>,
    /// Every district of the region, alphabetical.
    pub districts: Vec<DistrictChange>,
    /// The region compared with today.
    pub versus_today: VersusToday,
}
