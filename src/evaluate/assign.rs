//! Sending each zone to its nearest open unit, with the tie rule of the
//! criteria for zones equally near to several.

use super::nearest::{ColumnSearch, FEW_UNITS, Found, ListSearch, Search};
use super::walk_order::{Row, WalkOrder};
use super::{Evaluator, MAX_SITES, NO_DISTRICT, NONE, SiteSet};
use crate::criteria::TieRule;

/// The unit of the trip of a region zone with no unit, or shared among
/// several ([`Scratch::trips`]).
pub(super) const NO_TRIP: u32 = (MAX_SITES as u32) << 16;

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
    /// The bins of `histogram` that may hold admissions: those up to the
    /// longest time of the last assignment.
    pub(super) histogram_used: usize,
    /// Admission-weighted travel per district, tenths of a minute.
    pub(super) district_tenths: Vec<f64>,
    /// Tenths of a minute within which each site's patients meet the
    /// call-to-needle target.
    pub(super) target_limit: Vec<i32>,
    /// How many open units share each zone (1 unless the zone is equally
    /// near to several and the tie rule splits it; 0 for none).
    pub(super) sharing: Vec<u8>,
    /// The unit and time (tenths) of each region zone of the last
    /// assignment, in walk order, as `unit << 16 | time`; the unit is
    /// [`MAX_SITES`] (never within the call-to-needle target) for a zone
    /// with none or shared among several, the time `NONE` for a zone with
    /// none.
    pub(super) trips: Vec<u32>,
    /// The shares of the region's zones shared among several units: (unit,
    /// time in tenths, admissions a year).
    pub(super) shares: Vec<(u16, u16, f64)>,
    /// Per zone of the walk, its two nearest open units' keys (for
    /// [`ColumnSearch`]).
    pub(super) keys: [Vec<u32>; 2],
    /// When each open unit's patients are treated (with `[outcomes]`).
    pub(super) unit_times: Vec<crate::outcome::routes::UnitTimes>,
}

/// The sums of the zones whose units do not depend on the option, and
/// their per-zone choices.
#[derive(Debug, Clone, Default)]
pub(super) struct Settled {
    pub admissions: Vec<f64>,
    pub region_admissions: Vec<f64>,
    pub histogram: Vec<f64>,
    pub district_tenths: Vec<f64>,
    /// The longest time of a region zone among them, tenths.
    pub longest: u16,
    pub tied: f64,
    /// Their region admissions within the call-to-needle target.
    pub ctn_within: f64,
    pub choice: Vec<u16>,
    pub time: Vec<u16>,
    pub sharing: Vec<u8>,
}

/// The parts of a [`Scratch`] an assignment writes, borrowed apart: the
/// compiler can then keep where they are in registers, instead of reading
/// the scratch's vectors again after every write through one of them.
struct Walk<'a> {
    choice: &'a mut [u16],
    time: &'a mut [u16],
    sharing: &'a mut [u8],
    admissions: &'a mut [f64],
    region_admissions: &'a mut [f64],
    histogram: &'a mut [f64],
    district_tenths: &'a mut [f64],
    trips: &'a mut [u32],
    shares: &'a mut Vec<(u16, u16, f64)>,
}

impl<'a> Walk<'a> {
    fn of(scratch: &'a mut Scratch) -> Walk<'a> {
        Walk {
            choice: &mut scratch.choice,
            time: &mut scratch.time,
            sharing: &mut scratch.sharing,
            admissions: &mut scratch.admissions,
            region_admissions: &mut scratch.region_admissions,
            histogram: &mut scratch.histogram,
            district_tenths: &mut scratch.district_tenths,
            trips: &mut scratch.trips,
            shares: &mut scratch.shares,
        }
    }
}

/// The admissions of a run of zones going to the same unit, added to the
/// unit's sums when the run ends.
#[derive(Clone, Copy)]
struct UnitRun {
    site: u16,
    admissions: f64,
    /// Whether the zones are the region's.
    region: bool,
}

impl UnitRun {
    /// Adds `a` admissions going to unit `s` (none for `NONE`: a zone
    /// shared among several, already added).
    #[inline(always)]
    fn add(&mut self, s: u16, a: f64, walk: &mut Walk) {
        if s == NONE {
            return;
        }
        if s != self.site {
            self.add_to(walk);
            self.site = s;
        }
        self.admissions += a;
    }

    /// Adds the run to its unit's admissions and starts a new one.
    #[inline(always)]
    fn add_to(&mut self, walk: &mut Walk) {
        if self.site != NONE {
            let s = usize::from(self.site);
            walk.admissions[s] += self.admissions;
            if self.region {
                walk.region_admissions[s] += self.admissions;
            }
        }
        self.admissions = 0.0;
    }
}

/// What [`Evaluator::assign`] found besides the per-unit sums.
#[derive(Default)]
pub(super) struct Assigned {
    /// Admissions a year with no open unit.
    pub unreachable: f64,
    /// Admissions a year in zones equally near to several open units.
    pub tied: f64,
    /// The longest time of a region zone, tenths.
    pub longest: u16,
    /// Region admissions a year travelling further than today (once
    /// today's times are known).
    pub further: f64,
}

impl Evaluator {
    /// Sends every zone to its nearest unit of `open`, sharing a zone
    /// equally near to several as the tie rule says; fills `scratch`'s
    /// choices (the first listed of tied units), admissions, histogram and
    /// district sums. Zones settled by the out-of-area units whatever the
    /// option start from their sums ([`Settled`]); only the others are
    /// walked.
    ///
    /// The hot path of every evaluation. A unit's admissions add up in a
    /// register over a run of zones going to it, and are written once the
    /// run ends; the journeys' sums are a pass of their own
    /// ([`Evaluator::travel`]).
    pub(super) fn assign(&self, open: &SiteSet, scratch: &mut Scratch) -> Assigned {
        self.assign_by(open, open.len() <= FEW_UNITS, scratch)
    }

    /// As [`Evaluator::assign`], searching by columns or not.
    pub(super) fn assign_by(
        &self,
        open: &SiteSet,
        by_columns: bool,
        scratch: &mut Scratch,
    ) -> Assigned {
        let base = &self.settled;
        scratch.admissions.copy_from_slice(&base.admissions);
        scratch
            .region_admissions
            .copy_from_slice(&base.region_admissions);
        // Bins past the longest time of the settled zones are empty in
        // `base`; copying as far as the last assignment reached clears them.
        let used = scratch.histogram_used.max(usize::from(base.longest) + 1);
        scratch.histogram[..used].copy_from_slice(&base.histogram[..used]);
        scratch
            .district_tenths
            .copy_from_slice(&base.district_tenths);
        scratch.shares.clear();
        let assigned = Assigned {
            tied: base.tied,
            longest: base.longest,
            ..Assigned::default()
        };
        if !by_columns {
            let search = ListSearch {
                evaluator: self,
                open: *open,
            };
            return self.walk(&self.active, &search, scratch, assigned);
        }
        let mut units = [(0, 0); MAX_SITES];
        let mut n = 0;
        for (c, &s) in self.can_open.iter().enumerate() {
            if open.contains(s) {
                units[n] = (c as u16, s as u16);
                n += 1;
            }
        }
        let mut keys = std::mem::take(&mut scratch.keys);
        let search = ColumnSearch::new(self, &self.active, &units[..n], &mut keys);
        let assigned = self.walk(&self.active, &search, scratch, assigned);
        scratch.keys = keys;
        assigned
    }

    /// Sends each of `zones` to its nearest open unit(s), as `search`
    /// finds them, adding to the sums of `scratch` and `assigned`.
    fn walk(
        &self,
        zones: &WalkOrder,
        search: &impl Search,
        scratch: &mut Scratch,
        mut assigned: Assigned,
    ) -> Assigned {
        scratch.trips.resize(zones.region, 0);
        let mut walk = Walk::of(scratch);
        let mut unit = UnitRun {
            site: NONE,
            admissions: 0.0,
            region: true,
        };
        for (i, row) in zones.rows[..zones.region].iter().enumerate() {
            walk.trips[i] = match self.place(i, row, search, &mut walk, &mut assigned) {
                None => NO_TRIP | u32::from(NONE),
                Some((s, t)) => {
                    unit.add(s, row.admissions, &mut walk);
                    // A zone shared among several has no unit of its own.
                    let s = if s == NONE {
                        NO_TRIP
                    } else {
                        u32::from(s) << 16
                    };
                    s | u32::from(t)
                }
            };
        }
        unit.add_to(&mut walk);
        self.travel(zones, &mut walk, &mut assigned);
        // Zones outside the region count only towards their units'
        // admissions.
        let mut unit = UnitRun {
            region: false,
            ..unit
        };
        for (i, row) in zones.rows.iter().enumerate().skip(zones.region) {
            if let Some((s, _)) = self.place(i, row, search, &mut walk, &mut assigned) {
                unit.add(s, row.admissions, &mut walk);
            }
        }
        unit.add_to(&mut walk);
        scratch.histogram_used = usize::from(assigned.longest) + 1;
        assigned
    }

    /// Adds the journeys of the region's zones of `zones`, as the walk
    /// recorded them in its trips, to the histogram of times, the
    /// districts' travel and `assigned`'s longest time and admissions
    /// travelling further than today.
    ///
    /// A pass of its own after the walk, through arrays side by side: a
    /// district's travel adds up in a register over its zones, and is
    /// written once it ends (a sum kept in memory and added to zone after
    /// zone would make each zone wait for the last).
    fn travel(&self, zones: &WalkOrder, walk: &mut Walk, assigned: &mut Assigned) {
        // Kept in registers over the loop, not in `assigned`, four sums
        // side by side so that a zone does not wait for the last one's
        // addition.
        let mut longest = assigned.longest;
        let mut further = [0.0; 4];
        let mut start = 0;
        for &(district, end) in &zones.districts {
            let end = end as usize;
            let mut tenths = [0.0; 4];
            let (trips, today) = (&walk.trips[start..end], &zones.today[start..end]);
            let admissions = &zones.region_admissions[start..end];
            let mut zone = |k: usize, lane: usize| {
                let t = trips[k] as u16;
                if t == NONE {
                    return;
                }
                let a = admissions[k];
                walk.histogram[usize::from(t)] += a;
                tenths[lane] += a * f64::from(t);
                longest = longest.max(t);
                // Whether a zone travels further than today differs from
                // zone to zone: added without a branch.
                further[lane] += a * f64::from(u8::from(t > today[k]));
            };
            let fours = trips.len() / 4 * 4;
            for k in (0..fours).step_by(4) {
                for lane in 0..4 {
                    zone(k + lane, lane);
                }
            }
            for k in fours..trips.len() {
                zone(k, 0);
            }
            walk.district_tenths[district as usize] +=
                (tenths[0] + tenths[1]) + (tenths[2] + tenths[3]);
            start = end;
        }
        assigned.longest = longest;
        assigned.further = (further[0] + further[1]) + (further[2] + further[3]);
    }

    /// Finds the nearest open unit(s) of the zone of `row` (row `i` of the
    /// walk order) and records the choice, time and sharing: the unit and
    /// time (tenths), or `None` when no open unit can be reached. A zone
    /// shared among several units is added to their admissions here, and
    /// its unit comes back as `NONE`; the caller adds a zone with one unit.
    #[inline(always)]
    fn place(
        &self,
        i: usize,
        row: &Row,
        search: &impl Search,
        walk: &mut Walk,
        assigned: &mut Assigned,
    ) -> Option<(u16, u16)> {
        let z = row.zone as usize;
        let Some(found) = search.nearest(i, row) else {
            walk.choice[z] = NONE;
            walk.time[z] = NONE;
            walk.sharing[z] = 0;
            assigned.unreachable += row.admissions;
            return None;
        };
        let (s, t) = (found.site, found.time);
        walk.choice[z] = s;
        walk.time[z] = t;
        walk.sharing[z] = 1;
        if found.maybe_tied && self.share(search, i, row, found, walk, assigned) {
            return Some((NONE, t));
        }
        Some((s, t))
    }

    /// The zone of `row` (row `i` of the walk order), whose nearest open
    /// unit `search` found may not be the only one as near: counts it as
    /// tied when there are several, and shares it among them if the tie
    /// rule says so, adding the shares to their admissions and recording
    /// the sharing. Whether it was shared.
    #[cold]
    fn share(
        &self,
        search: &impl Search,
        i: usize,
        row: &Row,
        found: Found,
        walk: &mut Walk,
        assigned: &mut Assigned,
    ) -> bool {
        let tied = search.tied(i, row, found);
        let (z, a, t) = (row.zone as usize, row.admissions, found.time);
        let n = tied.clone().count();
        if n > 1 {
            assigned.tied += a;
        }
        if n == 1 || self.ties == TieRule::FirstListed {
            return false;
        }
        walk.sharing[z] = n.min(usize::from(u8::MAX)) as u8;
        let share = a / n as f64;
        for u in tied {
            walk.admissions[u] += share;
            if row.region {
                walk.region_admissions[u] += share;
                walk.shares.push((u as u16, t, share));
            }
        }
        true
    }

    /// Works out which zones the out-of-area units settle whatever the
    /// option (their nearest units are `fixed_open` and strictly nearer
    /// than every candidate), and those zones' sums.
    pub(super) fn settle(&mut self) {
        let settled: Vec<bool> = (0..self.zones)
            .map(|z| {
                let (s, t) = self.entry(z, 0);
                s != NONE
                    && (0..self.lists.stride)
                        .map(|k| self.entry(z, k))
                        .take_while(|&(s, time)| s != NONE && time == t)
                        .all(|(s, _)| self.fixed.contains(usize::from(s)))
            })
            .collect();
        let mut base = self.blank_scratch();
        let zones = self.walk_order(&settled);
        let search = ListSearch {
            evaluator: self,
            open: self.fixed,
        };
        let assigned = self.walk(&zones, &search, &mut base, Assigned::default());
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
            district_tenths: base.district_tenths,
            longest: assigned.longest,
            tied: assigned.tied,
            choice: base.choice,
            time: base.time,
            sharing: base.sharing,
        };
        let active: Vec<bool> = settled.iter().map(|&settled| !settled).collect();
        self.active = self.walk_order(&active);
    }

    /// Entry `k` of zone `z`'s list of sites, nearest first: (site, tenths
    /// of a minute), `NONE` past the end.
    #[inline]
    pub(super) fn entry(&self, z: usize, k: usize) -> (u16, u16) {
        if k < self.lists.stride {
            let i = z * self.lists.stride + k;
            (self.lists.order[i], self.lists.times[i])
        } else {
            (NONE, NONE)
        }
    }

    /// The open units as near to zone `z` as its nearest (at place `k`, `t`
    /// tenths away), in list order (nearest, then sites-table order).
    pub(super) fn tied_units<'a>(
        &'a self,
        z: usize,
        k: usize,
        t: u16,
        open: &'a SiteSet,
    ) -> impl Iterator<Item = usize> + Clone + 'a {
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

    /// Admission-weighted mean travel per district, minutes, under the
    /// assignment in `scratch`.
    pub(super) fn district_means(&self, scratch: &Scratch) -> Vec<f64> {
        scratch
            .district_tenths
            .iter()
            .zip(&self.district_admissions)
            .map(|(m, a)| if *a > 0.0 { m / a / 10.0 } else { 0.0 })
            .collect()
    }
}
