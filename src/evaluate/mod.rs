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

mod analysis;
mod assign;
mod call_to_needle;
mod equity;
mod explain;
mod histogram;
mod lists;
mod metrics;
mod nearest;
mod patients;
mod walk_order;

pub use crate::siteset::{MAX_SITES, SiteSet};
pub use analysis::{Analysis, Assigned};
pub use assign::Scratch;
pub use equity::EquityMetrics;
pub use explain::{
    DistrictChange, Explained, ServiceAdmissions, UnitLoad, VersusToday, ZoneAccess, ZoneTrip,
};
pub use metrics::{Metrics, ResourceMetrics};
pub use patients::PatientMetrics;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::capacity::need;
use crate::criteria::{BedPlanning, Criteria, Metric, Needs, Pathway, TieRule};
use crate::error::{Error, Result};
use crate::model::{Dataset, Role};
use crate::outcome::routes::{Routes, UnitTimes};
use histogram::TravelSums;
use lists::{Lists, tenths};

const NONE: u16 = u16::MAX;
/// Nearest sites kept side by side per zone (8 × 4 bytes: half a cache
/// line); the rest of the list is read only when none of them is open.
const HEAD: usize = 8;
const NO_DISTRICT: u32 = u32::MAX;

/// Per-site admissions a year of one configuration: from every zone, and
/// from the region's zones.
#[derive(Debug, Clone, Copy)]
pub struct Loads<'a> {
    /// From every zone of the dataset.
    pub all: &'a [f64],
    /// From the region's zones.
    pub region: &'a [f64],
}

/// Evaluates options of one dataset under one set of criteria.
#[derive(Debug, Clone)]
pub struct Evaluator {
    zones: usize,
    sites: usize,
    /// Sites that can open, in dataset order.
    can_open: Vec<usize>,
    /// Every zone's sites, nearest first.
    lists: Lists,
    /// Zones whose units depend on the option.
    active: walk_order::WalkOrder,
    /// Every zone inside the region, district by district (within, by
    /// their nearest sites).
    region_zones: Vec<u32>,
    /// What the other zones contribute, whatever the option.
    settled: assign::Settled,
    admissions: Vec<f64>,
    /// District index of each region zone, `NO_DISTRICT` outside.
    district: Vec<u32>,
    district_names: Vec<Arc<str>>,
    district_admissions: Vec<f64>,
    /// Every zone's district, inside the region or not, as a place in
    /// `every_district` (the names in order).
    zone_district: Vec<u32>,
    every_district: Vec<Arc<str>>,
    region_admissions: f64,
    /// Every `fixed_open` site.
    fixed: SiteSet,
    /// Share of the co-location services at each site.
    co_location: Vec<f64>,
    pathway: Pathway,
    ties: TieRule,
    access_tenths: u16,
    door_to_needle_limit: f64,
    /// Today's configuration, assigned (with its units' treatment times).
    today_scratch: Scratch,
    /// Today's patient figures (with `[outcomes]`).
    today_patients: Option<PatientMetrics>,
    today_district_mean: Vec<f64>,
    today: SiteSet,
    /// The pathway to treatment (with `[outcomes]`).
    routes: Option<Routes>,
    /// Whether every evaluation works out the patient figures (a criterion
    /// or hurdle uses them).
    patients_always: bool,
    /// Each zone's deprivation and rurality groups (zones with them).
    groups: Option<crate::groups::Groups>,
    /// Whether every evaluation works out the equality figures.
    equity_always: bool,
    /// Today's deprivation and rural gaps, minutes.
    today_gaps: (f64, f64),
    /// How beds are planned (with `[beds]`).
    beds: Option<BedPlanning>,
    /// Each site's stated bed capacity.
    capacity: Vec<Option<u32>>,
    /// The analyses attached, each with whether every evaluation runs it
    /// (a criterion or hurdle uses its figures).
    analyses: Vec<(Arc<dyn Analysis>, bool)>,
    /// Each site's observed median door-to-needle (with the pathway's
    /// `observed_today`).
    observed_door_to_needle: Vec<Option<f64>>,
    /// Each unit's door-to-needle start: (observed median, today's
    /// admissions), for units open today with an observed median.
    door_to_needle_base: Vec<Option<(f64, f64)>>,
}

impl Evaluator {
    /// Prepares to evaluate options of `data` under `criteria`, with
    /// `analyses` attached (an appraisal's are
    /// [`crate::analyses::evaluator`]'s).
    ///
    /// # Errors
    /// Refuses datasets with more than [`MAX_SITES`] sites, and criteria
    /// using a metric no analysis attached provides.
    pub fn new(
        data: &Dataset,
        criteria: &Criteria,
        analyses: Vec<Arc<dyn Analysis>>,
    ) -> Result<Evaluator> {
        let sites = data.sites.len();
        if sites > MAX_SITES {
            return Err(Error::Refused(format!(
                "the dataset has {sites} sites; options can be evaluated for at most {MAX_SITES}"
            )));
        }
        let zones = data.zones.len();
        let region_admissions: f64 = data
            .zones
            .iter()
            .filter(|z| z.in_region)
            .map(|z| z.admissions)
            .sum();
        if region_admissions <= 0.0 {
            return Err(Error::Refused(
                "the region's zones (in_region = yes) have no admissions (0 a year, after any \
                 scenario), so every share and mean an appraisal reports would be 0/0; expected \
                 admissions above 0 in zones.csv"
                    .into(),
            ));
        }
        let used: Vec<Metric> = criteria
            .criteria
            .iter()
            .map(|c| c.metric)
            .chain(criteria.hurdles.limits.iter().map(|l| l.metric))
            .collect();
        let groups = crate::groups::Groups::of(data);
        for &m in &used {
            let missing = match m.needs() {
                Needs::Deprivation if !groups.has.0 => "income_score",
                Needs::Rurality if !groups.has.1 => "rural_urban",
                _ => continue,
            };
            return Err(Error::Refused(format!(
                "{}: {m} needs the region's zones to have {missing} in zones.csv, and none has \
                 (import with --deprivation and --rurality, or add the column)",
                criteria.path.display()
            )));
        }
        let analyses = analyses
            .into_iter()
            .map(|a| {
                let always = used.iter().any(|m| a.provides(m.needs()));
                (a, always)
            })
            .collect::<Vec<_>>();
        if let Some(m) = used.iter().find(|m| {
            matches!(
                m.needs(),
                Needs::Beds
                    | Needs::Workforce
                    | Needs::Establishment(_)
                    | Needs::Costs
                    | Needs::Panel
            ) && !analyses.iter().any(|(a, _)| a.provides(m.needs()))
        }) {
            return Err(Error::Refused(format!(
                "{}: {m} needs an analysis the evaluator was not given (beds, staff and costs, \
                 or panel scores)",
                criteria.path.display()
            )));
        }
        let can_open: Vec<usize> = (0..sites)
            .filter(|&s| data.sites[s].role.can_open())
            .collect();
        let lists = Lists::of(&data.travel, zones, &can_open);
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
        let every: BTreeSet<&str> = data.zones.iter().map(|z| z.district.as_str()).collect();
        let every_district: Vec<Arc<str>> = every.into_iter().map(Arc::from).collect();
        let zone_district = data
            .zones
            .iter()
            .map(|z| every_district.partition_point(|d| **d < *z.district) as u32)
            .collect();
        let mut region_zones: Vec<u32> = (0..zones as u32)
            .filter(|&z| district[z as usize] != NO_DISTRICT)
            .collect();
        // District by district; within, zones with the same nearest sites
        // next to each other ([`walk_order`]).
        let nearest = |z: u32| {
            let row = z as usize * lists.stride;
            &lists.order[row..row + HEAD.min(lists.stride)]
        };
        region_zones.sort_by(|&y, &z| {
            (district[y as usize], nearest(y)).cmp(&(district[z as usize], nearest(z)))
        });
        let mut e = Evaluator {
            zones,
            sites,
            can_open,
            lists,
            active: Default::default(),
            region_zones,
            settled: Default::default(),
            admissions: Vec::new(),
            region_admissions: 0.0,
            district_admissions: vec![0.0; names.len()],
            district,
            district_names: names.keys().map(|&d| Arc::from(d)).collect(),
            zone_district,
            every_district,
            fixed,
            co_location,
            pathway: criteria.pathway.clone(),
            ties: criteria.ties,
            access_tenths: tenths(criteria.hurdles.access_minutes),
            door_to_needle_limit: criteria.hurdles.door_to_needle_minutes,
            today_scratch: Scratch::default(),
            today_patients: None,
            today_district_mean: Vec::new(),
            today: SiteSet::from_sites(&criteria.today),
            routes: criteria
                .outcomes
                .as_ref()
                .map(|o| Routes::new(data, o, &criteria.pathway)),
            beds: criteria.beds,
            capacity: data.sites.iter().map(|s| s.beds).collect(),
            analyses,
            observed_door_to_needle: observed_door_to_needle(data, &criteria.pathway),
            door_to_needle_base: Vec::new(),
            patients_always: used
                .iter()
                .any(|m| matches!(m.needs(), Needs::Outcomes | Needs::ContinuousModel)),
            equity_always: used
                .iter()
                .any(|m| matches!(m.needs(), Needs::Deprivation | Needs::Rurality)),
            groups: (groups.has.0 || groups.has.1).then_some(groups),
            today_gaps: (0.0, 0.0),
        };
        let admissions: Vec<f64> = data.zones.iter().map(|z| z.admissions).collect();
        e.set_admissions(admissions);
        e.settle_today(true);
        Ok(e)
    }

    /// The same evaluator with other inputs for the same dataset: travel
    /// times, admissions per zone and the pathway (a draw of the uncertain
    /// inputs). Everything else is kept.
    ///
    /// It is for evaluating options: today's patient figures are not
    /// worked out ([`Evaluator::today_evaluated`] has none).
    ///
    /// `minutes(zone, site)` gives the time of every zone–site pair the
    /// evaluator uses (sites that could open, with a time in the data); it
    /// is asked zone by zone, each zone's sites nearest first, so that a
    /// seeded draw made inside it is reproducible.
    pub fn with_inputs(
        &self,
        minutes: impl FnMut(usize, usize) -> f64,
        admissions: Vec<f64>,
        pathway: &Pathway,
    ) -> Evaluator {
        // The searches of a list end at its nearest unit always open (for
        // the patient figures, its nearest such thrombectomy centre).
        let last = match &self.routes {
            Some(routes) if self.patients_always => SiteSet::from_sites(
                &self
                    .fixed
                    .sites()
                    .into_iter()
                    .filter(|&s| routes.is_centre(s))
                    .collect::<Vec<_>>(),
            ),
            _ => self.fixed,
        };
        let mut e = Evaluator {
            lists: self.lists.resorted(&last, minutes),
            active: Default::default(),
            settled: Default::default(),
            pathway: pathway.clone(),
            admissions: Vec::new(),
            today_scratch: Scratch::default(),
            today_patients: None,
            today_district_mean: Vec::new(),
            district_names: self.district_names.clone(),
            zone_district: self.zone_district.clone(),
            every_district: self.every_district.clone(),
            district: self.district.clone(),
            district_admissions: vec![0.0; self.district_admissions.len()],
            fixed: self.fixed,
            co_location: self.co_location.clone(),
            can_open: self.can_open.clone(),
            region_zones: self.region_zones.clone(),
            groups: self.groups.clone(),
            routes: self.routes.clone().map(|mut r| {
                r.set_pathway(pathway);
                r
            }),
            capacity: self.capacity.clone(),
            analyses: self.analyses.clone(),
            observed_door_to_needle: self.observed_door_to_needle.clone(),
            door_to_needle_base: Vec::new(),
            ..*self
        };
        e.set_admissions(admissions);
        e.settle_today(false);
        e
    }

    /// Sets the admissions of every zone and the sums that follow.
    fn set_admissions(&mut self, admissions: Vec<f64>) {
        self.district_admissions.fill(0.0);
        self.region_admissions = 0.0;
        for (z, &d) in self.district.iter().enumerate() {
            if d != NO_DISTRICT {
                self.district_admissions[d as usize] += admissions[z];
                self.region_admissions += admissions[z];
            }
        }
        self.admissions = admissions;
    }

    /// Settles the zones that do not depend on the option, and works out
    /// today's configuration, which options are compared with (its patient
    /// figures when `patients` says so).
    fn settle_today(&mut self, patients: bool) {
        // No zone travels further than today until today is known.
        self.today_scratch = self.blank_scratch();
        self.settle();
        let mut scratch = self.scratch();
        self.assign(&self.open_units(&self.today), &mut scratch);
        self.door_to_needle_base = self
            .observed_door_to_needle
            .iter()
            .zip(&scratch.admissions)
            .map(|(m, &a)| m.filter(|_| a > 0.0).map(|m| (m, a)))
            .collect();
        self.today_district_mean = self.district_means(&scratch);
        let today_open = self.open_units(&self.today);
        let assigned = Assigned {
            hasus: &self.today,
            open: &today_open,
            admissions: &scratch.admissions,
        };
        for (a, _) in &mut self.analyses {
            *a = a.with_today(&assigned);
        }
        if patients {
            self.today_patients = self.patients(&self.today, &mut scratch);
        }
        self.today_gaps = self.today_gaps(&scratch);
        self.today_scratch = scratch;
        self.active.set_today(&self.today_scratch.time);
    }

    /// Fresh working memory for this evaluator.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            choice: self.settled.choice.clone(),
            time: self.settled.time.clone(),
            sharing: self.settled.sharing.clone(),
            ..self.blank_scratch()
        }
    }

    /// Working memory with nothing in it.
    fn blank_scratch(&self) -> Scratch {
        Scratch {
            choice: vec![NONE; self.zones],
            time: vec![NONE; self.zones],
            admissions: vec![0.0; self.sites],
            region_admissions: vec![0.0; self.sites],
            histogram: vec![0.0; self.lists.bins],
            histogram_used: self.lists.bins,
            district_tenths: vec![0.0; self.district_names.len()],
            // Beyond every site, the limit of a trip with none: never met.
            target_limit: (0..=MAX_SITES)
                .map(|s| if s < MAX_SITES { 0 } else { -1 })
                .collect(),
            sharing: vec![0; self.zones],
            trips: Vec::new(),
            shares: Vec::new(),
            keys: Default::default(),
            unit_times: vec![
                UnitTimes {
                    needle: 0.0,
                    puncture: f64::INFINITY,
                    centre: None,
                    transfer: false,
                };
                self.sites
            ],
        }
    }

    /// The units open when `hasus` are the HASUs: them and every
    /// `fixed_open` site.
    pub fn open_units(&self, hasus: &SiteSet) -> SiteSet {
        hasus.union(&self.fixed)
    }

    /// Zones of the dataset.
    pub fn zone_count(&self) -> usize {
        self.zones
    }

    /// Today's configuration (the units admitting at the time of the data).
    pub fn today(&self) -> SiteSet {
        self.today
    }

    /// The settings of the patient-benefit analysis, when the criteria
    /// have one.
    pub fn outcome_settings(&self) -> Option<&crate::criteria::Outcomes> {
        self.routes.as_ref().map(|r| r.settings())
    }

    /// Today's configuration as evaluated, and its patient figures.
    pub fn today_evaluated(&self) -> (&Scratch, Option<PatientMetrics>) {
        (&self.today_scratch, self.today_patients)
    }

    /// Per-site admissions a year under the option last evaluated with
    /// `scratch`.
    pub fn loads<'a>(&self, scratch: &'a Scratch) -> Loads<'a> {
        Loads {
            all: &scratch.admissions,
            region: &scratch.region_admissions,
        }
    }

    /// Median door-to-needle minutes at site `s` of an option whose units
    /// admit `admissions` (per site).
    pub(super) fn door_to_needle(&self, s: usize, hasus: &SiteSet, admissions: &[f64]) -> f64 {
        if hasus.contains(s) {
            match self.door_to_needle_base.get(s).copied().flatten() {
                Some((median, today)) => self.pathway.median_from(median, today, admissions[s]),
                None => self.pathway.median_door_to_needle(admissions[s]),
            }
        } else {
            self.pathway.out_of_area_door_to_needle_minutes
        }
    }

    /// Evaluates the option whose HASUs are `hasus`, using `scratch` (from
    /// [`Evaluator::scratch`]), which then holds the option's assignment for
    /// [`Evaluator::explain`].
    pub fn evaluate(&self, hasus: &SiteSet, scratch: &mut Scratch) -> Metrics {
        self.evaluate_partly(hasus, scratch, true)
    }

    /// Evaluates as [`Evaluator::evaluate`] does, except that without
    /// `call_to_needle` the share meeting the call-to-needle target (a pass
    /// over the zones of its own) is left NaN, to be worked out later, and
    /// only if needed, by [`Evaluator::call_to_needle_share`].
    pub fn evaluate_partly(
        &self,
        hasus: &SiteSet,
        scratch: &mut Scratch,
        call_to_needle: bool,
    ) -> Metrics {
        let open = self.open_units(hasus);
        let assigned = self.assign(&open, scratch);
        let region = self.region_admissions;
        // A share of the region's admissions; the sums behind it are made
        // in different orders, so one may round a hair past the other.
        let share = |x: f64| {
            if region > 0.0 {
                (x / region).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };

        // Travel: sums and percentiles from the histogram of tenths of a
        // minute.
        let used = &scratch.histogram[..usize::from(assigned.longest) + 1];
        let travel = TravelSums::of(used, [300, 450, 600, self.access_tenths]);
        let reached = travel.reached;
        let [w30, w45, w60, wacc] = travel.within;
        let (sum, max) = (travel.sum, usize::from(assigned.longest));
        let [median, p95] = travel.percentiles([0.5, 0.95]);
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
            scratch.target_limit[s] = self.target_tenths(dtn);
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
        let ctn_within = if call_to_needle {
            self.within_call_to_needle_target(scratch)
        } else {
            f64::NAN
        };
        let patients = if self.patients_always {
            self.patients(hasus, scratch)
        } else {
            None
        };
        let fewest_spare_beds = self.fewest_spare_beds(&open, scratch);
        let equity = if self.equity_always {
            self.equity_metrics(scratch)
        } else {
            None
        };
        let largest_increase = self
            .district_means(scratch)
            .iter()
            .zip(&self.today_district_mean)
            .zip(&self.district_admissions)
            .filter(|(_, a)| **a > 0.0)
            .map(|((now, then), _)| now - then)
            .fold(f64::NEG_INFINITY, f64::max);

        let mut metrics = Metrics {
            region_admissions: region,
            unreachable_admissions: assigned.unreachable,
            tied_admissions: assigned.tied,
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
            share_travelling_further: share(assigned.further),
            largest_district_increase: if largest_increase.is_finite() {
                largest_increase
            } else {
                0.0
            },
            patients,
            equity,
            fewest_spare_beds,
            resources: None,
            panel: [0.0; crate::criteria::MAX_PANEL],
        };
        self.run_analyses(hasus, scratch, &mut metrics, false);
        metrics
    }

    /// Runs the attached analyses over the option last evaluated with
    /// `scratch` (HASUs `hasus`), writing their figures into `metrics`:
    /// every one with `all`, else those a criterion or hurdle uses.
    pub fn run_analyses(
        &self,
        hasus: &SiteSet,
        scratch: &Scratch,
        metrics: &mut Metrics,
        all: bool,
    ) {
        let open = self.open_units(hasus);
        let assigned = Assigned {
            hasus,
            open: &open,
            admissions: &scratch.admissions,
        };
        for (a, always) in &self.analyses {
            if all || *always {
                a.fill(&assigned, metrics);
            }
        }
    }

    /// The attached analysis of type `A`, when there is one.
    pub fn analysis<A: Analysis>(&self) -> Option<&A> {
        self.analyses
            .iter()
            .find_map(|(a, _)| a.as_any().downcast_ref::<A>())
    }

    /// Puts `analysis` in place of the attached analysis of its type (e.g.
    /// a draw of the panel's scores), comparing with today as the rest do
    /// and keeping whether every evaluation runs it.
    pub fn replace_analysis<A: Analysis>(&mut self, analysis: A) {
        let open = self.open_units(&self.today);
        let today = Assigned {
            hasus: &self.today,
            open: &open,
            admissions: &self.today_scratch.admissions,
        };
        let analysis = analysis.with_today(&today);
        for (a, _) in &mut self.analyses {
            if a.as_any().is::<A>() {
                *a = analysis;
                return;
            }
        }
    }

    /// The fewest spare beds (capacity − beds needed) at any open unit with
    /// a stated capacity, when beds are planned.
    fn fewest_spare_beds(&self, open: &SiteSet, scratch: &Scratch) -> Option<f64> {
        let planning = self.beds.as_ref()?;
        (0..self.sites)
            .filter(|&s| open.contains(s))
            .filter_map(|s| {
                let capacity = self.capacity[s]?;
                let needed = need(scratch.admissions[s], planning).beds;
                Some(f64::from(capacity) - f64::from(needed))
            })
            .reduce(f64::min)
    }
}

/// Each site's observed median door-to-needle, when the pathway starts
/// today's units from observation: the last row of `observed.csv` for the
/// site that states one.
fn observed_door_to_needle(data: &Dataset, pathway: &Pathway) -> Vec<Option<f64>> {
    data.sites
        .iter()
        .map(|site| {
            data.observed
                .iter()
                .filter(|o| pathway.observed_today && o.site == site.id)
                .filter_map(|o| o.door_to_needle_median)
                .next_back()
        })
        .collect()
}
