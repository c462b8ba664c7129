//! Evaluation of one option: every zone goes to its nearest open unit, and
//! the option's access, pathway and volume figures follow.
//!
//! This is the hot path of everything above it, so the [`Evaluator`] does
//! the work that does not depend on the option once: for every zone, the
//! sites it has times to, nearest first (ties by site order), with times as
//! whole tenths of a minute (the precision of the published matrices and
//! of hasu's estimates). An option is a [`SiteSet`] (a bitset); evaluating
//! it walks each zone's list to the first open site, accumulating into a
//! reusable [`Scratch`], with no allocation per option.
//!
//! # What counts
//! - **Open units**: the option's HASUs plus every `fixed_open` site;
//!   `closed` sites never open.
//! - **Admissions per unit** count every zone of the dataset that goes
//!   there, inside the region or not.
//! - **Access and pathway figures** are admission-weighted over the
//!   region's zones (`in_region = yes`): the population the decision is for.
//! - **Percentiles** are weighted: the smallest time within which at least
//!   that share of admissions travel.
//! - **Today** is the configuration named in the criteria file; districts
//!   are compared on their admission-weighted mean travel time.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::criteria::{Criteria, Metric, Pathway};
use crate::error::{Error, Result};
use crate::model::{Dataset, Role};

/// Most sites an [`Evaluator`] handles.
pub const MAX_SITES: usize = 256;

/// A set of sites, by index (a bitset of [`MAX_SITES`] bits).
///
/// # Example
/// ```
/// use hasu::evaluate::SiteSet;
/// let s = SiteSet::from_sites(&[0, 5, 200]);
/// assert!(s.contains(5) && !s.contains(6));
/// assert_eq!(s.sites(), vec![0, 5, 200]);
/// assert_eq!(s.len(), 3);
/// // [0, 5, 200] comes before [0, 6, 7]: 5 < 6.
/// let t = SiteSet::from_sites(&[0, 6, 7]);
/// assert_eq!(s.site_order(&t), std::cmp::Ordering::Less);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct SiteSet([u64; MAX_SITES / 64]);

impl SiteSet {
    /// The set of `sites` (each below [`MAX_SITES`]).
    pub fn from_sites(sites: &[usize]) -> SiteSet {
        let mut s = SiteSet::default();
        for &i in sites {
            s.insert(i);
        }
        s
    }

    /// Adds site `i`.
    pub fn insert(&mut self, i: usize) {
        self.0[i >> 6] |= 1 << (i & 63);
    }

    /// Whether site `i` is in the set.
    #[inline]
    pub fn contains(&self, i: usize) -> bool {
        self.0[i >> 6] >> (i & 63) & 1 == 1
    }

    /// The sites, ascending.
    pub fn sites(&self) -> Vec<usize> {
        (0..MAX_SITES).filter(|&i| self.contains(i)).collect()
    }

    /// Number of sites.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    /// The order of two sets of the same size by their site lists, compared
    /// element by element (ascending): the set holding the lowest site in
    /// which they differ comes first. No allocation.
    pub fn site_order(&self, other: &SiteSet) -> std::cmp::Ordering {
        for (a, b) in self.0.iter().zip(other.0) {
            let differ = a ^ b;
            if differ != 0 {
                let lowest = differ & differ.wrapping_neg();
                return if a & lowest != 0 {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                };
            }
        }
        std::cmp::Ordering::Equal
    }
}

/// Reusable working memory for [`Evaluator::evaluate`].
#[derive(Debug, Clone)]
pub struct Scratch {
    /// The unit each zone goes to (`u16::MAX` for none).
    choice: Vec<u16>,
    /// Its time, tenths of a minute.
    time: Vec<u16>,
    /// Admissions a year per site, all zones.
    admissions: Vec<f64>,
    /// Admissions a year per site, the region's zones.
    region_admissions: Vec<f64>,
    /// Region admissions per tenth of a minute of travel.
    histogram: Vec<f64>,
    /// Admission-weighted travel per district.
    district_minutes: Vec<f64>,
    /// Tenths of a minute within which each site's patients meet the
    /// call-to-needle target.
    target_limit: Vec<i32>,
}

/// The headline figures of one option (all minutes admission-weighted over
/// the region's zones unless said otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Region admissions a year.
    pub region_admissions: f64,
    /// Admissions a year (all zones) with no time to any open unit.
    pub unreachable_admissions: f64,
    /// Mean travel time.
    pub mean_travel: f64,
    /// Median travel time.
    pub median_travel: f64,
    /// 95th percentile travel time.
    pub p95_travel: f64,
    /// Longest travel time.
    pub max_travel: f64,
    /// Share of admissions within 30 minutes.
    pub within_30: f64,
    /// Share within 45 minutes.
    pub within_45: f64,
    /// Share within 60 minutes.
    pub within_60: f64,
    /// Share within the access hurdle's time.
    pub within_access: f64,
    /// Mean expected call-to-needle time.
    pub mean_call_to_needle: f64,
    /// Share whose expected call-to-needle time meets the target.
    pub call_to_needle_within_target: f64,
    /// Admissions a year (all zones) of the smallest HASU.
    pub smallest_hasu_admissions: f64,
    /// Admissions a year (all zones) of the largest HASU.
    pub largest_hasu_admissions: f64,
    /// Expected share of thrombolysed patients treated within the
    /// door-to-needle limit, weighted by the HASUs' admissions.
    pub thrombolysis_within_limit: f64,
    /// The same share at the HASU where it is lowest.
    pub lowest_thrombolysis_within_limit: f64,
    /// Mean share of the co-location services present at the HASUs' sites.
    pub co_location: f64,
    /// Share of admissions travelling further than today.
    pub share_travelling_further: f64,
    /// The largest rise in a district's mean travel time over today.
    pub largest_district_increase: f64,
}

impl Metrics {
    /// The value of `metric`.
    pub fn get(&self, metric: Metric) -> f64 {
        match metric {
            Metric::SmallestHasuAdmissions => self.smallest_hasu_admissions,
            Metric::ThrombolysisWithinLimit => self.thrombolysis_within_limit,
            Metric::CoLocation => self.co_location,
            Metric::MeanTravel => self.mean_travel,
            Metric::P95Travel => self.p95_travel,
            Metric::Within30 => self.within_30,
            Metric::Within45 => self.within_45,
            Metric::Within60 => self.within_60,
            Metric::MeanCallToNeedle => self.mean_call_to_needle,
            Metric::CallToNeedleWithinTarget => self.call_to_needle_within_target,
            Metric::LargestDistrictIncrease => self.largest_district_increase,
            Metric::ShareTravellingFurther => self.share_travelling_further,
        }
    }
}

const NONE: u16 = u16::MAX;
/// Nearest sites kept side by side per zone (8 × 4 bytes: half a cache
/// line); the rest of the list is read only when none of them is open.
const HEAD: usize = 8;
const NO_DISTRICT: u32 = u32::MAX;

/// Tenths of a minute.
fn tenths(minutes: f32) -> u16 {
    (f64::from(minutes) * 10.0)
        .round()
        .clamp(0.0, f64::from(NONE - 1)) as u16
}

/// Evaluates options of one dataset under one set of criteria.
#[derive(Debug, Clone)]
pub struct Evaluator {
    zones: usize,
    sites: usize,
    /// Per zone, the [`HEAD`] nearest sites and their times, side by side,
    /// so that most zones are settled from one small, contiguous read.
    head: Vec<[u16; 2]>,
    /// Per zone, `stride` slots: sites nearest first, then `NONE`.
    order: Vec<u16>,
    /// Times (tenths of a minute) in the same layout.
    times: Vec<u16>,
    stride: usize,
    admissions: Vec<f64>,
    /// District index of each region zone, `NO_DISTRICT` outside.
    district: Vec<u32>,
    district_names: Vec<String>,
    district_admissions: Vec<f64>,
    region_admissions: f64,
    bins: usize,
    /// Every `fixed_open` site.
    fixed: SiteSet,
    /// Share of the co-location services at each site.
    co_location: Vec<f64>,
    pathway: Pathway,
    access_tenths: u16,
    door_to_needle_limit: f64,
    /// Today's time per zone (tenths), `NONE` where unreachable.
    today_times: Vec<u16>,
    /// Today's unit per zone, `NONE` where unreachable.
    today_choice: Vec<u16>,
    today_district_mean: Vec<f64>,
    today: SiteSet,
}

impl Evaluator {
    /// Prepares to evaluate options of `data` under `criteria`.
    ///
    /// # Errors
    /// Refuses datasets with more than [`MAX_SITES`] sites.
    pub fn new(data: &Dataset, criteria: &Criteria) -> Result<Evaluator> {
        let sites = data.sites.len();
        if sites > MAX_SITES {
            return Err(Error::Refused(format!(
                "the dataset has {sites} sites; options can be evaluated for at most {MAX_SITES}"
            )));
        }
        let zones = data.zones.len();
        let can_open: Vec<usize> = (0..sites)
            .filter(|&s| data.sites[s].role.can_open())
            .collect();
        let stride = can_open.len().max(1);
        let mut order = vec![NONE; zones * stride];
        let mut times = vec![NONE; zones * stride];
        let mut bins = 1;
        for z in 0..zones {
            let mut near: Vec<(u16, u16)> = can_open
                .iter()
                .filter_map(|&s| data.travel.get(z, s).map(|t| (tenths(t), s as u16)))
                .collect();
            near.sort_unstable();
            for (k, &(t, s)) in near.iter().enumerate() {
                order[z * stride + k] = s;
                times[z * stride + k] = t;
                bins = bins.max(usize::from(t) + 1);
            }
        }
        let head = (0..zones)
            .flat_map(|z| (0..HEAD).map(move |k| (z, k)))
            .map(|(z, k)| {
                if k < stride {
                    [order[z * stride + k], times[z * stride + k]]
                } else {
                    [NONE, NONE]
                }
            })
            .collect();
        let mut names: BTreeMap<&str, u32> = BTreeMap::new();
        for zone in data.zones.iter().filter(|z| z.in_region) {
            names.insert(zone.district.as_str(), 0);
        }
        for (i, v) in names.values_mut().enumerate() {
            *v = i as u32;
        }
        let district: Vec<u32> = data
            .zones
            .iter()
            .map(|z| {
                if z.in_region {
                    names[z.district.as_str()]
                } else {
                    NO_DISTRICT
                }
            })
            .collect();
        let mut district_admissions = vec![0.0; names.len()];
        for (z, &d) in district.iter().enumerate() {
            if d != NO_DISTRICT {
                district_admissions[d as usize] += data.zones[z].admissions;
            }
        }
        let fixed = SiteSet::from_sites(
            &(0..sites)
                .filter(|&s| data.sites[s].role == Role::FixedOpen)
                .collect::<Vec<_>>(),
        );
        let wanted = criteria.co_location.len().max(1) as f64;
        let co_location = data
            .sites
            .iter()
            .map(|s| criteria.co_location.iter().filter(|&&v| s.has(v)).count() as f64 / wanted)
            .collect();
        let mut e = Evaluator {
            zones,
            sites,
            head,
            order,
            times,
            stride,
            admissions: data.zones.iter().map(|z| z.admissions).collect(),
            region_admissions: data
                .zones
                .iter()
                .filter(|z| z.in_region)
                .map(|z| z.admissions)
                .sum(),
            district,
            district_names: names.keys().map(|s| s.to_string()).collect(),
            district_admissions,
            bins,
            fixed,
            co_location,
            pathway: criteria.pathway.clone(),
            access_tenths: tenths(criteria.hurdles.access_minutes as f32),
            door_to_needle_limit: criteria.hurdles.door_to_needle_minutes,
            today_times: Vec::new(),
            today_choice: Vec::new(),
            today_district_mean: Vec::new(),
            today: SiteSet::from_sites(&criteria.today),
        };
        let mut scratch = e.scratch();
        e.assign(&e.open_units(&e.today), &mut scratch);
        e.today_times = scratch.time.clone();
        e.today_choice = scratch.choice.clone();
        e.today_district_mean = e.district_means(&scratch);
        Ok(e)
    }

    /// Fresh working memory for this evaluator.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            choice: vec![NONE; self.zones],
            time: vec![NONE; self.zones],
            admissions: vec![0.0; self.sites],
            region_admissions: vec![0.0; self.sites],
            histogram: vec![0.0; self.bins],
            district_minutes: vec![0.0; self.district_names.len()],
            target_limit: vec![0; self.sites],
        }
    }

    /// The units open when `hasus` are the HASUs: them and every
    /// `fixed_open` site.
    pub fn open_units(&self, hasus: &SiteSet) -> SiteSet {
        let mut open = *hasus;
        for (w, f) in open.0.iter_mut().zip(self.fixed.0) {
            *w |= f;
        }
        open
    }

    /// Today's configuration (the units admitting at the time of the data).
    pub fn today(&self) -> SiteSet {
        self.today
    }

    /// Sends every zone to its nearest unit of `open`; fills `scratch`'s
    /// choices, admissions, histogram and district sums. Returns the
    /// admissions with no open unit.
    fn assign(&self, open: &SiteSet, scratch: &mut Scratch) -> f64 {
        scratch.admissions.fill(0.0);
        scratch.region_admissions.fill(0.0);
        scratch.histogram.fill(0.0);
        scratch.district_minutes.fill(0.0);
        let mut unreachable = 0.0;
        for z in 0..self.zones {
            let a = self.admissions[z];
            let Some((s, t)) = self.nearest_open(z, open) else {
                scratch.choice[z] = NONE;
                scratch.time[z] = NONE;
                unreachable += a;
                continue;
            };
            scratch.choice[z] = s;
            scratch.time[z] = t;
            scratch.admissions[usize::from(s)] += a;
            let d = self.district[z];
            if d != NO_DISTRICT {
                scratch.region_admissions[usize::from(s)] += a;
                scratch.histogram[usize::from(t)] += a;
                scratch.district_minutes[d as usize] += a * f64::from(t) / 10.0;
            }
        }
        unreachable
    }

    /// The nearest unit of `open` to zone `z` and its time (tenths).
    #[inline]
    fn nearest_open(&self, z: usize, open: &SiteSet) -> Option<(u16, u16)> {
        for &[s, t] in &self.head[z * HEAD..(z + 1) * HEAD] {
            if s == NONE {
                return None;
            }
            if open.contains(usize::from(s)) {
                return Some((s, t));
            }
        }
        let row = z * self.stride;
        (row + HEAD..row + self.stride)
            .take_while(|&i| self.order[i] != NONE)
            .find(|&i| open.contains(usize::from(self.order[i])))
            .map(|i| (self.order[i], self.times[i]))
    }

    fn district_means(&self, scratch: &Scratch) -> Vec<f64> {
        scratch
            .district_minutes
            .iter()
            .zip(&self.district_admissions)
            .map(|(m, a)| if *a > 0.0 { m / a } else { 0.0 })
            .collect()
    }

    /// Median door-to-needle minutes at site `s` of an option whose units
    /// admit `admissions` (per site).
    fn door_to_needle(&self, s: usize, hasus: &SiteSet, admissions: &[f64]) -> f64 {
        if hasus.contains(s) {
            self.pathway.median_door_to_needle(admissions[s])
        } else {
            self.pathway.out_of_area_door_to_needle_minutes
        }
    }

    /// Evaluates the option whose HASUs are `hasus`, using `scratch` (from
    /// [`Evaluator::scratch`]), which then holds the option's assignment for
    /// [`Evaluator::explain`].
    pub fn evaluate(&self, hasus: &SiteSet, scratch: &mut Scratch) -> Metrics {
        let open = self.open_units(hasus);
        let unreachable = self.assign(&open, scratch);
        let region = self.region_admissions;
        let share = |x: f64| if region > 0.0 { x / region } else { 0.0 };

        // Travel: from the histogram of tenths of a minute.
        let (mut sum, mut max, mut seen) = (0.0, 0usize, 0.0);
        let (mut median, mut p95) = (None, None);
        let (mut w30, mut w45, mut w60, mut wacc) = (0.0, 0.0, 0.0, 0.0);
        let reached: f64 = scratch.histogram.iter().sum();
        for (t, &a) in scratch.histogram.iter().enumerate() {
            if a == 0.0 {
                continue;
            }
            sum += a * t as f64;
            seen += a;
            max = t;
            if median.is_none() && seen >= 0.5 * reached {
                median = Some(t);
            }
            if p95.is_none() && seen >= 0.95 * reached {
                p95 = Some(t);
            }
            if t <= 300 {
                w30 += a;
            }
            if t <= 450 {
                w45 += a;
            }
            if t <= 600 {
                w60 += a;
            }
            if t <= usize::from(self.access_tenths) {
                wacc += a;
            }
        }
        let minutes = |t: Option<usize>| t.map_or(0.0, |t| t as f64 / 10.0);
        let mean_travel = if reached > 0.0 {
            sum / reached / 10.0
        } else {
            0.0
        };

        // HASU volumes, door-to-needle and co-location.
        let p = &self.pathway;
        let (mut smallest, mut largest, mut hasu_adm, mut within, mut co, mut n) =
            (f64::INFINITY, 0.0f64, 0.0, 0.0, 0.0, 0.0);
        let mut lowest_within = f64::INFINITY;
        let mut ctn_sum = 0.0;
        for s in 0..self.sites {
            if !open.contains(s) {
                continue;
            }
            let a = scratch.admissions[s];
            let dtn = self.door_to_needle(s, hasus, &scratch.admissions);
            ctn_sum += scratch.region_admissions[s] * dtn;
            // Zones of site s meet the call-to-needle target within this
            // travel time (tenths).
            let limit =
                (p.call_to_needle_target_minutes - p.call_to_door(0.0) - dtn) / p.blue_light_factor;
            scratch.target_limit[s] = (limit * 10.0 + 1e-9).floor().max(-1.0) as i32;
            if hasus.contains(s) {
                smallest = smallest.min(a);
                largest = largest.max(a);
                hasu_adm += a;
                let share = p.share_within(dtn, self.door_to_needle_limit);
                within += a * share;
                lowest_within = lowest_within.min(share);
                co += self.co_location[s];
                n += 1.0;
            }
        }
        // Per zone: the call-to-needle target, and travel compared with today.
        let (mut ctn_within, mut further) = (0.0, 0.0);
        for z in 0..self.zones {
            let (s, t) = (scratch.choice[z], scratch.time[z]);
            if s == NONE || self.district[z] == NO_DISTRICT {
                continue;
            }
            if i32::from(t) <= scratch.target_limit[usize::from(s)] {
                ctn_within += self.admissions[z];
            }
            if t > self.today_times[z] {
                further += self.admissions[z];
            }
        }
        let largest_increase = self
            .district_means(scratch)
            .iter()
            .zip(&self.today_district_mean)
            .zip(&self.district_admissions)
            .filter(|(_, a)| **a > 0.0)
            .map(|((now, then), _)| now - then)
            .fold(f64::NEG_INFINITY, f64::max);

        Metrics {
            region_admissions: region,
            unreachable_admissions: unreachable,
            mean_travel,
            median_travel: minutes(median),
            p95_travel: minutes(p95),
            max_travel: max as f64 / 10.0,
            within_30: share(w30),
            within_45: share(w45),
            within_60: share(w60),
            within_access: share(wacc),
            mean_call_to_needle: if reached > 0.0 {
                p.call_to_door(mean_travel) + ctn_sum / reached
            } else {
                0.0
            },
            call_to_needle_within_target: share(ctn_within),
            smallest_hasu_admissions: if n > 0.0 { smallest } else { 0.0 },
            largest_hasu_admissions: largest,
            thrombolysis_within_limit: if hasu_adm > 0.0 {
                within / hasu_adm
            } else {
                0.0
            },
            lowest_thrombolysis_within_limit: if n > 0.0 { lowest_within } else { 0.0 },
            co_location: if n > 0.0 { co / n } else { 0.0 },
            share_travelling_further: share(further),
            largest_district_increase: if largest_increase.is_finite() {
                largest_increase
            } else {
                0.0
            },
        }
    }

    /// The full account of the option last evaluated with `scratch`:
    /// per unit, per district, and compared with today.
    pub fn explain(&self, data: &Dataset, hasus: &SiteSet, scratch: &Scratch) -> Explained {
        let open = self.open_units(hasus);
        // Zones and districts of every unit, in one pass over the zones.
        let mut served: Vec<(usize, Vec<&str>)> = vec![(0, Vec::new()); self.sites];
        for (z, &s) in scratch.choice.iter().enumerate() {
            if s != NONE {
                let (zones, districts) = &mut served[usize::from(s)];
                *zones += 1;
                districts.push(&data.zones[z].district);
            }
        }
        let mut units = Vec::new();
        for (s, (zones, mut districts)) in served.into_iter().enumerate() {
            if !open.contains(s) || (!hasus.contains(s) && scratch.admissions[s] == 0.0) {
                continue;
            }
            districts.sort_unstable();
            districts.dedup();
            let dtn = self.door_to_needle(s, hasus, &scratch.admissions);
            let site = &data.sites[s];
            units.push(UnitLoad {
                site: site.id.clone(),
                name: site.name.clone(),
                hasu: hasus.contains(s),
                admissions: scratch.admissions[s],
                region_admissions: scratch.region_admissions[s],
                zones,
                districts: districts.iter().map(|d| d.to_string()).collect(),
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
            let (t, today) = (scratch.time[z], self.today_times[z]);
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

    /// Per zone, the unit and minutes today and under the option last
    /// evaluated with `scratch`.
    pub fn zones(&self, scratch: &Scratch) -> Vec<ZoneTrip> {
        let unit = |s: u16, t: u16| (s != NONE).then(|| (usize::from(s), f64::from(t) / 10.0));
        (0..self.zones)
            .map(|z| ZoneTrip {
                today: unit(self.today_choice[z], self.today_times[z]),
                option: unit(scratch.choice[z], scratch.time[z]),
            })
            .collect()
    }
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
    /// Zones whose nearest open unit it is.
    pub zones: usize,
    /// Districts of those zones, sorted.
    pub districts: Vec<String>,
    /// Median door-to-needle time, minutes (from the pathway model).
    pub median_door_to_needle: f64,
    /// Expected share of thrombolysed patients treated within the
    /// door-to-needle limit.
    pub share_within_door_to_needle: f64,
}

/// One district of the region, compared with today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictChange {
    /// Local authority district.
    pub district: String,
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
