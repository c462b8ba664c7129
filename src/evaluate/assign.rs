//! Sending each zone to its nearest open unit, with the tie rule of the
//! criteria for zones equally near to several.

use super::{Evaluator, HEAD, NO_DISTRICT, NONE, SiteSet};
use crate::criteria::TieRule;

/// Reusable working memory for [`Evaluator::evaluate`].
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// The unit each zone goes to (`u16::MAX` for none).
    pub(super) choice: Vec<u16>,
    /// Its time, tenths of a minute.
    pub(super) time: Vec<u16>,
    /// Admissions a year per site, all zones.
    pub(super) admissions: Vec<f64>,
    /// Admissions a year per site, the region's zones.
    pub(super) region_admissions: Vec<f64>,
    /// Region admissions per tenth of a minute of travel.
    pub(super) histogram: Vec<f64>,
    /// Admission-weighted travel per district.
    pub(super) district_minutes: Vec<f64>,
    /// Tenths of a minute within which each site's patients meet the
    /// call-to-needle target.
    pub(super) target_limit: Vec<i32>,
    /// How many open units share each zone (1 unless the zone is equally
    /// near to several and the tie rule splits it; 0 for none).
    pub(super) sharing: Vec<u8>,
    /// Sums over the region's zones that reach an open unit.
    pub(super) travel: TravelSums,
    /// When each open unit's patients are treated (with `[outcomes]`).
    pub(super) unit_times: Vec<crate::outcome::routes::UnitTimes>,
}

/// Sums over the region's admissions that reach an open unit.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TravelSums {
    /// Admissions.
    pub reached: f64,
    /// Admissions × tenths of a minute.
    pub sum: f64,
    /// Admissions within 30, 45 and 60 minutes and the access time.
    pub within: [f64; 4],
    /// The longest time, tenths.
    pub longest: u16,
}

/// The sums of the zones whose units do not depend on the option, and
/// their per-zone choices.
#[derive(Debug, Clone, Default)]
pub(super) struct Settled {
    pub admissions: Vec<f64>,
    pub region_admissions: Vec<f64>,
    pub histogram: Vec<f64>,
    pub district_minutes: Vec<f64>,
    pub travel: TravelSums,
    pub tied: f64,
    /// Their region admissions within the call-to-needle target.
    pub ctn_within: f64,
    pub choice: Vec<u16>,
    pub time: Vec<u16>,
    pub sharing: Vec<u8>,
}

/// What [`Evaluator::assign`] found besides the per-unit sums.
pub(super) struct Assigned {
    /// Admissions a year with no open unit.
    pub unreachable: f64,
    /// Admissions a year in zones equally near to several open units.
    pub tied: f64,
}

impl Evaluator {
    /// Sends every zone to its nearest unit of `open`, sharing a zone
    /// equally near to several as the tie rule says; fills `scratch`'s
    /// choices (the first listed of tied units), admissions, histogram and
    /// district sums. Zones settled by the out-of-area units whatever the
    /// option start from their sums ([`Settled`]); only the others are
    /// walked.
    pub(super) fn assign(&self, open: &SiteSet, scratch: &mut Scratch) -> Assigned {
        let base = &self.settled;
        scratch.admissions.copy_from_slice(&base.admissions);
        scratch
            .region_admissions
            .copy_from_slice(&base.region_admissions);
        scratch.histogram.copy_from_slice(&base.histogram);
        scratch
            .district_minutes
            .copy_from_slice(&base.district_minutes);
        scratch.travel = base.travel;
        let mut assigned = Assigned {
            unreachable: 0.0,
            tied: base.tied,
        };
        for &z in &self.active {
            self.assign_zone(z as usize, open, scratch, &mut assigned);
        }
        assigned
    }

    /// Sends zone `z` to its nearest unit(s) of `open`, adding to the sums
    /// of `scratch` and `assigned`.
    #[inline]
    fn assign_zone(
        &self,
        z: usize,
        open: &SiteSet,
        scratch: &mut Scratch,
        assigned: &mut Assigned,
    ) {
        let a = self.admissions[z];
        let Some((k, s, t)) = self.nearest_open(z, open) else {
            scratch.choice[z] = NONE;
            scratch.time[z] = NONE;
            scratch.sharing[z] = 0;
            assigned.unreachable += a;
            return;
        };
        scratch.choice[z] = s;
        scratch.time[z] = t;
        let region = self.district[z] != NO_DISTRICT;
        if region {
            scratch.histogram[usize::from(t)] += a;
            scratch.district_minutes[self.district[z] as usize] += a * f64::from(t) / 10.0;
            let sums = &mut scratch.travel;
            sums.reached += a;
            sums.sum += a * f64::from(t);
            for (w, limit) in sums
                .within
                .iter_mut()
                .zip([300, 450, 600, self.access_tenths])
            {
                if t <= limit {
                    *w += a;
                }
            }
            sums.longest = sums.longest.max(t);
        }
        // Only when the next site in the list is as near can there be a tie.
        let tied_with = if self.entry(z, k + 1).1 == t {
            self.tied_units(z, k, t, open).count()
        } else {
            1
        };
        if tied_with > 1 {
            assigned.tied += a;
        }
        let n = match self.ties {
            TieRule::Split => tied_with,
            TieRule::FirstListed => 1,
        };
        scratch.sharing[z] = n.min(usize::from(u8::MAX)) as u8;
        if n == 1 {
            scratch.admissions[usize::from(s)] += a;
            if region {
                scratch.region_admissions[usize::from(s)] += a;
            }
            return;
        }
        let share = a / n as f64;
        for u in self.tied_units(z, k, t, open) {
            scratch.admissions[u] += share;
            if region {
                scratch.region_admissions[u] += share;
            }
        }
    }

    /// Works out which zones the out-of-area units settle whatever the
    /// option (their nearest units are `fixed_open` and strictly nearer
    /// than every candidate), and those zones' sums.
    pub(super) fn settle(&mut self) {
        self.active.clear();
        let mut base = self.blank_scratch();
        let mut assigned = Assigned {
            unreachable: 0.0,
            tied: 0.0,
        };
        for z in 0..self.zones {
            let (s, t) = self.entry(z, 0);
            let settled = s != NONE
                && (0..self.lists.stride)
                    .map(|k| self.entry(z, k))
                    .take_while(|&(s, time)| s != NONE && time == t)
                    .all(|(s, _)| self.fixed.contains(usize::from(s)));
            if settled {
                self.assign_zone(z, &self.fixed, &mut base, &mut assigned);
            } else {
                self.active.push(z as u32);
            }
        }
        let limit = self.target_tenths(self.pathway.out_of_area_door_to_needle_minutes);
        let ctn_within = (0..self.zones)
            .filter(|&z| base.choice[z] != NONE && self.district[z] != NO_DISTRICT)
            .filter(|&z| i32::from(base.time[z]) <= limit)
            .map(|z| self.admissions[z])
            .sum();
        self.settled = Settled {
            ctn_within,
            admissions: base.admissions,
            region_admissions: base.region_admissions,
            histogram: base.histogram,
            district_minutes: base.district_minutes,
            travel: base.travel,
            tied: assigned.tied,
            choice: base.choice,
            time: base.time,
            sharing: base.sharing,
        };
        self.active_region = self
            .active
            .iter()
            .copied()
            .filter(|&z| self.district[z as usize] != NO_DISTRICT)
            .collect();
    }

    /// Entry `k` of zone `z`'s list of sites, nearest first: (site, tenths
    /// of a minute), `NONE` past the end.
    #[inline]
    pub(super) fn entry(&self, z: usize, k: usize) -> (u16, u16) {
        if k < HEAD {
            let [s, t] = self.lists.head[z * HEAD + k];
            (s, t)
        } else if k < self.lists.stride {
            let i = z * self.lists.stride + k;
            (self.lists.order[i], self.lists.times[i])
        } else {
            (NONE, NONE)
        }
    }

    /// The nearest unit of `open` to zone `z`: its place in the zone's list,
    /// the site and its time (tenths).
    #[inline]
    pub(super) fn nearest_open(&self, z: usize, open: &SiteSet) -> Option<(usize, u16, u16)> {
        for (k, &[s, t]) in self.lists.head[z * HEAD..(z + 1) * HEAD].iter().enumerate() {
            if s == NONE {
                return None;
            }
            if open.contains(usize::from(s)) {
                return Some((k, s, t));
            }
        }
        let row = z * self.lists.stride;
        (row + HEAD..row + self.lists.stride)
            .take_while(|&i| self.lists.order[i] != NONE)
            .find(|&i| open.contains(usize::from(self.lists.order[i])))
            .map(|i| (i - row, self.lists.order[i], self.lists.times[i]))
    }

    /// The open units as near to zone `z` as its nearest (at place `k`, `t`
    /// tenths away), in list order (nearest, then sites-table order).
    pub(super) fn tied_units<'a>(
        &'a self,
        z: usize,
        k: usize,
        t: u16,
        open: &'a SiteSet,
    ) -> impl Iterator<Item = usize> + 'a {
        (k..self.lists.stride)
            .map(move |k| self.entry(z, k))
            .take_while(move |&(s, time)| s != NONE && time == t)
            .map(|(s, _)| usize::from(s))
            .filter(|&s| open.contains(s))
    }

    /// The units zone `z` goes to under the assignment in `scratch`, each
    /// with its share of the zone's admissions.
    pub(super) fn units_of<'a>(
        &'a self,
        z: usize,
        open: &'a SiteSet,
        scratch: &Scratch,
    ) -> impl Iterator<Item = (usize, f64)> + 'a {
        let (s, t, n) = (scratch.choice[z], scratch.time[z], scratch.sharing[z]);
        let share = if n > 0 { 1.0 / f64::from(n) } else { 0.0 };
        let first = (0..self.lists.stride).find(|&k| self.entry(z, k).0 == s);
        first
            .filter(|_| s != NONE)
            .into_iter()
            .flat_map(move |k| self.tied_units(z, k, t, open).take(usize::from(n)))
            .map(move |u| (u, share))
    }

    pub(super) fn district_means(&self, scratch: &Scratch) -> Vec<f64> {
        self.district_means_of(&scratch.district_minutes)
    }

    /// Admission-weighted mean travel per district from the sums of
    /// admissions × minutes.
    pub(super) fn district_means_of(&self, district_minutes: &[f64]) -> Vec<f64> {
        district_minutes
            .iter()
            .zip(&self.district_admissions)
            .map(|(m, a)| if *a > 0.0 { m / a } else { 0.0 })
            .collect()
    }
}
