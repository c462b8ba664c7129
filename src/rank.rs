//! Hurdles, scoring and ranking: the appraisal of a long list of options.
//!
//! [`Appraiser::appraise`] is the driver: it enumerates the options the
//! rules allow ([`crate::search`]), evaluates them in parallel
//! ([`crate::evaluate`]), tests each against every hurdle, scores those
//! that pass every hurdle on the weighted criteria, and ranks them.
//!
//! Every option keeps only its compact figures ([`Assessed`]: the sites and
//! the [`Metrics`]), so memory grows by about 250 bytes an option; the full
//! account of an option ([`Detail`]: per unit, per district, compared with
//! today) is worked out again when it is shown or exported.
//!
//! # Hurdles
//! Each hurdle is one or more [`Rule`]s, and each rule's [`Check`] gives the
//! value, the threshold and the margin in the rule's own units (admissions
//! a year, a share, minutes): positive or zero passes, negative fails, and
//! its size says how near the option came.
//!
//! # Ranking rule
//! Options that pass every hurdle come first, by score (highest first);
//! ties go to the lower mean travel time, then to fewer HASUs, then to the
//! earlier sites in the sites table. Options that fail follow, unranked: by
//! number of hurdles failed (fewest first), then fewer HASUs, then site
//! order.

use std::cmp::Ordering;
use std::fmt;

use rayon::prelude::*;
use serde::Serialize;

use crate::beds::{self, UnitBeds};
use crate::criteria::{BedPlanning, Criteria, Hurdles, Metric};
use crate::equity::{self, EquityAccount};
use crate::error::Result;
use crate::evaluate::{Evaluator, Explained, Metrics, Scratch, SiteSet};
use crate::model::Dataset;
use crate::patients::{PatientAccount, account, per_zone};
use crate::resources::Resources;
use crate::search::enumerate;

/// A pass/fail test every option must pass before it is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hurdle {
    /// Every zone has a travel time to an open unit.
    Reach,
    /// Every HASU admits within the volume band.
    Volume,
    /// Every HASU treats enough thrombolysed patients within the
    /// door-to-needle limit.
    Thrombolysis,
    /// Enough of the region's admissions within the access time, none
    /// beyond the longest journey allowed.
    Access,
    /// Every open unit with a stated bed capacity keeps enough spare beds
    /// (with `[hurdles.capacity]`).
    Capacity,
    /// A metric within the bounds of a `[[hurdles.limit]]`.
    Limit(Metric),
}

impl Hurdle {
    /// The hurdles every criteria file has, in the order they are tested
    /// and reported.
    pub const CORE: [Hurdle; 4] = [
        Hurdle::Reach,
        Hurdle::Volume,
        Hurdle::Thrombolysis,
        Hurdle::Access,
    ];

    /// Every hurdle of `h`, in the order they are tested and reported: the
    /// core ones, capacity, then each limit.
    pub fn all(h: &Hurdles) -> Vec<Hurdle> {
        let mut all = Hurdle::CORE.to_vec();
        if h.min_spare_beds.is_some() {
            all.push(Hurdle::Capacity);
        }
        all.extend(h.limits.iter().map(|l| Hurdle::Limit(l.metric)));
        all
    }

    /// The word used in outputs (a limit is named by its metric).
    pub fn as_str(self) -> &'static str {
        match self {
            Hurdle::Reach => "reach",
            Hurdle::Volume => "volume",
            Hurdle::Thrombolysis => "thrombolysis",
            Hurdle::Access => "access",
            Hurdle::Capacity => "capacity",
            Hurdle::Limit(m) => m.as_str(),
        }
    }
}

impl fmt::Display for Hurdle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for Hurdle {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One threshold of a hurdle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// No admissions without a time to an open unit (admissions a year).
    Reach,
    /// The smallest HASU admits at least the minimum (admissions a year).
    MinAdmissions,
    /// The largest HASU admits at most the maximum (admissions a year).
    MaxAdmissions,
    /// The HASU with the lowest expected share of thrombolysed patients
    /// treated within the door-to-needle limit reaches the minimum share.
    Thrombolysis,
    /// The share of the region's admissions within the access time reaches
    /// the minimum.
    AccessShare,
    /// The longest journey is within the maximum (minutes).
    LongestJourney,
    /// The open unit with the fewest spare beds keeps at least the minimum
    /// (beds).
    SpareBeds,
    /// A metric is at least a limit's minimum.
    AtLeast(Metric),
    /// A metric is at most a limit's maximum.
    AtMost(Metric),
}

impl Rule {
    /// The hurdle the rule belongs to.
    pub fn hurdle(self) -> Hurdle {
        match self {
            Rule::Reach => Hurdle::Reach,
            Rule::MinAdmissions | Rule::MaxAdmissions => Hurdle::Volume,
            Rule::Thrombolysis => Hurdle::Thrombolysis,
            Rule::AccessShare | Rule::LongestJourney => Hurdle::Access,
            Rule::SpareBeds => Hurdle::Capacity,
            Rule::AtLeast(m) | Rule::AtMost(m) => Hurdle::Limit(m),
        }
    }

    /// The name used in outputs: `min_admissions`, or `min_` / `max_` and
    /// the metric for a limit.
    pub fn name(self) -> String {
        match self {
            Rule::Reach => "reach".into(),
            Rule::MinAdmissions => "min_admissions".into(),
            Rule::MaxAdmissions => "max_admissions".into(),
            Rule::Thrombolysis => "thrombolysis".into(),
            Rule::AccessShare => "access_share".into(),
            Rule::LongestJourney => "longest_journey".into(),
            Rule::SpareBeds => "spare_beds".into(),
            Rule::AtLeast(m) => format!("min_{m}"),
            Rule::AtMost(m) => format!("max_{m}"),
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

/// A rule tested on one option.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Check {
    /// The rule.
    pub rule: Rule,
    /// The option's value.
    pub value: f64,
    /// The rule's threshold.
    pub threshold: f64,
    /// How far inside the threshold the value is (negative: outside), in
    /// the rule's units.
    pub margin: f64,
}

/// How far (relative to the size of the value and threshold, at least 1)
/// a value may sit outside a threshold and still meet it: sums that equal
/// the threshold in exact arithmetic (a unit of exactly 500 admissions, in
/// thirds of a year's count) land on either side of it by rounding error,
/// which depends on the order they are added in.
const ROUNDING: f64 = 1e-9;

impl Check {
    /// Whether the option meets the rule (a value at the threshold, to
    /// rounding error, meets it).
    pub fn passed(&self) -> bool {
        let size = self.value.abs().max(self.threshold.abs()).max(1.0);
        self.margin >= -ROUNDING * size
    }
}

/// Every rule of `h` tested on an option's metrics, in the order of
/// [`Hurdle::all`]. The capacity hurdle has no rule to test when no open
/// unit states its capacity.
pub fn checks(h: &Hurdles, m: &Metrics) -> Vec<Check> {
    let at_least = |rule, value: f64, threshold: f64| Check {
        rule,
        value,
        threshold,
        margin: value - threshold,
    };
    let at_most = |rule, value: f64, threshold: f64| Check {
        rule,
        value,
        threshold,
        margin: threshold - value,
    };
    let mut all = vec![
        at_most(Rule::Reach, m.unreachable_admissions, 0.0),
        at_least(
            Rule::MinAdmissions,
            m.smallest_hasu_admissions,
            h.min_admissions,
        ),
        at_most(
            Rule::MaxAdmissions,
            m.largest_hasu_admissions,
            h.max_admissions,
        ),
        at_least(
            Rule::Thrombolysis,
            m.lowest_thrombolysis_within_limit,
            h.min_share_within_door_to_needle,
        ),
        at_least(
            Rule::AccessShare,
            m.within_access,
            h.min_share_within_access,
        ),
        at_most(Rule::LongestJourney, m.max_travel, h.max_travel_minutes),
    ];
    if let (Some(min), Some(spare)) = (h.min_spare_beds, m.fewest_spare_beds) {
        all.push(at_least(Rule::SpareBeds, spare, min));
    }
    for l in &h.limits {
        let value = m.get(l.metric);
        if let Some(min) = l.min {
            all.push(at_least(Rule::AtLeast(l.metric), value, min));
        }
        if let Some(max) = l.max {
            all.push(at_most(Rule::AtMost(l.metric), value, max));
        }
    }
    all
}

/// The hurdles of `h` failed by an option with these checks.
pub fn failed_hurdles<'a>(h: &Hurdles, checks: &'a [Check]) -> impl Iterator<Item = Hurdle> + 'a {
    Hurdle::all(h)
        .into_iter()
        .filter(|&hu| checks.iter().any(|c| c.rule.hurdle() == hu && !c.passed()))
}

/// One criterion's part in a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    /// The criterion's id.
    pub criterion: String,
    /// The metric's value.
    pub value: f64,
    /// On the criterion's 0–1 scale.
    pub normalised: f64,
    /// `normalised × weight × 100`: its points in the score.
    pub points: f64,
}

/// Every criterion's part in the score of an option with metrics `m`.
pub fn score(criteria: &Criteria, m: &Metrics) -> Vec<CriterionScore> {
    criteria
        .criteria
        .iter()
        .map(|c| {
            let value = m.get(c.metric);
            let normalised = c.normalise(value);
            CriterionScore {
                criterion: c.id.clone(),
                value,
                normalised,
                points: 100.0 * c.weight * normalised,
            }
        })
        .collect()
}

/// One option, tested and (if it passes every hurdle) scored: the compact
/// figures every option of a long list keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessed {
    set: SiteSet,
    /// Headline figures.
    pub metrics: Metrics,
    /// Whether it passes every hurdle.
    pub passes: bool,
    /// How many hurdles it fails.
    pub failed: usize,
    /// Score out of 100 on the weighted criteria (options that pass only).
    pub score: Option<f64>,
    /// Its place among the options that pass every hurdle (1 = best), once
    /// ranked in a long list.
    pub rank: Option<usize>,
}

impl Assessed {
    /// The HASUs as a set of site indices.
    pub fn site_set(&self) -> SiteSet {
        self.set
    }

    /// Number of HASUs.
    pub fn size(&self) -> usize {
        self.set.len()
    }
}

/// How many options fail one hurdle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failing {
    /// The hurdle.
    pub hurdle: Hurdle,
    /// Options failing it.
    pub options: usize,
}

/// An appraised long list.
#[derive(Debug, Clone, PartialEq)]
pub struct Appraisal {
    /// Options considered.
    pub considered: usize,
    /// Options that pass every hurdle.
    pub passing: usize,
    /// How many options fail each hurdle (an option may fail several).
    pub failing: Vec<Failing>,
    /// Today's configuration, evaluated the same way (unranked).
    pub today: Assessed,
    /// Every option, in ranking order: the `passing` ones first.
    pub options: Vec<Assessed>,
    /// When the options are a shortlist rather than every combination.
    pub shortlist: Option<Shortlist>,
    /// Per group rule of the criteria (in order), the combinations not
    /// considered because they break it (one may break several).
    pub set_aside: Vec<usize>,
}

/// A long list too long to enumerate, replaced by the options of each size
/// with the lowest mean journey, found by proven search
/// ([`crate::optimise`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Shortlist {
    /// Options kept of each number of HASUs.
    pub per_size: usize,
    /// Every combination the rules allow.
    pub combinations: crate::search::Count,
    /// Whether every size's list is proven: no option left out has a lower
    /// mean journey than the last kept.
    pub proven: bool,
    /// Options added beyond them: of each size where none of them passes
    /// the hurdles, the best passing option the constrained search found.
    pub passing_added: usize,
}

impl Appraisal {
    /// The options that pass every hurdle, best first.
    pub fn ranked(&self) -> &[Assessed] {
        &self.options[..self.passing]
    }

    /// The options that fail a hurdle, fewest failed first.
    pub fn failed(&self) -> &[Assessed] {
        &self.options[self.passing..]
    }

    /// The option whose HASUs are `set`, if it is in the long list.
    pub fn find(&self, set: &SiteSet) -> Option<&Assessed> {
        self.position(set).map(|i| &self.options[i])
    }

    /// Where the option whose HASUs are `set` is in the long list (the
    /// index of its per-option robustness figures), if it is there.
    pub fn position(&self, set: &SiteSet) -> Option<usize> {
        self.options.iter().position(|o| o.set == *set)
    }
}

/// Where an option stands relative to the long list of the criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// It is one of the options the criteria's rules allow; a passing one
    /// has its rank.
    InLongList,
    /// The criteria's rules do not allow it (its size, a required or an
    /// excluded site), so it has no rank.
    OutsideRules,
    /// The long list is too large to enumerate here, so no rank is known.
    NotRanked,
}

/// The full account of one option: its compact figures with every
/// criterion's points, every rule's check, and per-unit and per-district
/// figures compared with today.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// The compact figures.
    pub assessed: Assessed,
    /// Where it stands relative to the long list.
    pub standing: Standing,
    /// Its id: the HASU site ids in sites-table order, joined by commas.
    pub id: String,
    /// The HASU site ids.
    pub sites: Vec<String>,
    /// Every criterion's part (options that pass only).
    pub criteria: Vec<CriterionScore>,
    /// Every rule, tested.
    pub checks: Vec<Check>,
    /// Per unit, per district, and compared with today.
    pub explained: Explained,
    /// What it means for patients, against today (with `[outcomes]`).
    pub patients: Option<PatientAccount>,
    /// Who gains and who loses, by deprivation and rurality (zones with
    /// them).
    pub equity: Option<EquityAccount>,
    /// How beds are planned, and every unit's beds against today (with
    /// `[beds]`).
    pub beds: Option<(BedPlanning, Vec<UnitBeds>)>,
    /// Every unit's beds, staff and costs against today (with `[beds]`).
    pub resources: Option<Vec<crate::resources::UnitResources>>,
    /// What its costs buy against today (with `[costs]`).
    pub cost_effect: Option<crate::resources::CostEffect>,
    /// Deaths avoided and bed-days saved by HASU care, against today (with
    /// `[organised_care]`).
    pub organised_care: Option<crate::organised_care::CareAccount>,
}

impl Detail {
    /// The hurdles of `h` it fails.
    pub fn failed_hurdles<'a>(&'a self, h: &Hurdles) -> impl Iterator<Item = Hurdle> + 'a {
        failed_hurdles(h, &self.checks)
    }
}

/// The ids of a set of sites, in sites-table order.
pub fn site_ids(data: &Dataset, set: &SiteSet) -> Vec<String> {
    set.sites()
        .into_iter()
        .filter(|&s| s < data.sites.len())
        .map(|s| data.sites[s].id.clone())
        .collect()
}

/// The ranking rule (see the module docs).
fn ranking(a: &Assessed, b: &Assessed) -> Ordering {
    match (a.passes, b.passes) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (true, true) => b
            .score
            .unwrap_or(0.0)
            .total_cmp(&a.score.unwrap_or(0.0))
            .then(a.metrics.mean_travel.total_cmp(&b.metrics.mean_travel))
            .then(a.size().cmp(&b.size()))
            .then(a.set.site_order(&b.set)),
        (false, false) => a
            .failed
            .cmp(&b.failed)
            .then(a.size().cmp(&b.size()))
            .then(a.set.site_order(&b.set)),
    }
}

/// Options assessed between two calls of a progress callback.
const PROGRESS_EVERY: usize = 4096;

/// Options per parallel batch when details are worked out in order.
const DETAIL_BATCH: usize = 512;

/// Appraises options of one dataset under one set of criteria.
#[derive(Clone, Copy)]
pub struct Appraiser<'a> {
    /// The dataset.
    pub data: &'a Dataset,
    /// The criteria.
    pub criteria: &'a Criteria,
    /// The evaluator built for them ([`Evaluator::new`]).
    pub evaluator: &'a Evaluator,
}

impl<'a> Appraiser<'a> {
    /// Evaluates, tests and scores the option whose HASUs are `hasus`
    /// (unranked), using `scratch` from the evaluator.
    pub fn assess(&self, hasus: &SiteSet, scratch: &mut Scratch) -> Assessed {
        let metrics = self.evaluator.evaluate(hasus, scratch);
        let checks = checks(&self.criteria.hurdles, &metrics);
        let failed = failed_hurdles(&self.criteria.hurdles, &checks).count();
        let passes = failed == 0;
        Assessed {
            set: *hasus,
            metrics,
            passes,
            failed,
            score: passes.then(|| {
                score(self.criteria, &metrics)
                    .iter()
                    .map(|c| c.points)
                    .sum()
            }),
            rank: None,
        }
    }

    /// Today's configuration, assessed, with its patient figures.
    pub fn today(&self) -> Assessed {
        let (set, mut scratch) = (self.evaluator.today(), self.evaluator.scratch());
        let mut today = self.assess(&set, &mut scratch);
        today.metrics = self
            .evaluator
            .with_patients(&set, &mut scratch, today.metrics);
        today.metrics.equity = self.evaluator.equity_metrics(&scratch);
        today
    }

    /// Appraises every option the criteria's rules allow.
    ///
    /// # Errors
    /// Refuses when the rules allow too many options or none, or when a
    /// site that could open has no travel times.
    pub fn appraise(&self) -> Result<Appraisal> {
        self.appraise_sets(enumerate(self.data, &self.criteria.options)?, &|_, _| {})
    }

    /// Appraises the options `sets` (each within the criteria's sizes,
    /// required and excluded sites), calling `progress(done, total)` now
    /// and then from any thread. Sets that break a group rule are not
    /// considered; [`Appraisal::set_aside`] counts them.
    ///
    /// # Errors
    /// Refuses when a site that could open has no travel times, and when
    /// the group rules set every option aside.
    pub fn appraise_sets(
        &self,
        mut sets: Vec<SiteSet>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Appraisal> {
        let (data, criteria) = (self.data, self.criteria);
        let groups = &criteria.options.groups;
        let mut set_aside = vec![0; groups.len()];
        let before = sets.len();
        sets.retain(|set| {
            let mut keep = true;
            for (n, g) in set_aside.iter_mut().zip(groups) {
                if !g.allows(set) {
                    *n += 1;
                    keep = false;
                }
            }
            keep
        });
        if sets.is_empty() && before > 0 {
            let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
            return Err(crate::Error::Refused(format!(
                "every one of the {before} combinations breaks a group rule of the criteria ({}); \
                 no option is left to appraise",
                names.join("; ")
            )));
        }
        let missing: Vec<&str> = data
            .sites_without_times()
            .into_iter()
            .map(|s| data.sites[s].id.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(crate::Error::Refused(format!(
                "sites {} have no travel times, so options that open them cannot be evaluated; \
                 estimate them first (hasu network estimate --site {})",
                missing.join(", "),
                missing.join(" --site ")
            )));
        }
        let (done, total) = (std::sync::atomic::AtomicUsize::new(0), sets.len());
        let mut options: Vec<Assessed> = sets
            .par_iter()
            .map_init(
                || self.evaluator.scratch(),
                |s, set| {
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    if n % PROGRESS_EVERY == 0 || n == total {
                        progress(n, total);
                    }
                    self.assess(set, s)
                },
            )
            .collect();
        drop(sets);
        // In place (no buffer the size of the list): `ranking` is a total
        // order, so the result is the same as a stable sort's.
        options.par_sort_unstable_by(ranking);
        let mut rank = 0;
        for o in options.iter_mut().filter(|o| o.passes) {
            rank += 1;
            o.rank = Some(rank);
        }
        let hurdles = Hurdle::all(&criteria.hurdles);
        let mut failing: Vec<Failing> = hurdles
            .iter()
            .map(|&hurdle| Failing { hurdle, options: 0 })
            .collect();
        for o in &options[rank..] {
            let all = checks(&criteria.hurdles, &o.metrics);
            for (f, &h) in failing.iter_mut().zip(&hurdles) {
                if all.iter().any(|c| c.rule.hurdle() == h && !c.passed()) {
                    f.options += 1;
                }
            }
        }
        Ok(Appraisal {
            considered: options.len(),
            passing: rank,
            failing,
            today: self.today(),
            options,
            shortlist: None,
            set_aside,
        })
    }

    /// The full account of `option`, which stands as `standing`.
    pub fn detail(&self, option: &Assessed, standing: Standing) -> Detail {
        self.detail_with(option, standing, &mut self.evaluator.scratch())
    }

    fn detail_with(&self, option: &Assessed, standing: Standing, scratch: &mut Scratch) -> Detail {
        let set = option.site_set();
        let e = self.evaluator;
        e.evaluate(&set, scratch);
        let patients = account(e, self.data, &set, scratch);
        let mut assessed = *option;
        assessed.metrics.patients = patients.as_ref().map(|p| p.option);
        assessed.metrics.equity = e.equity_metrics(scratch);
        e.run_analyses(&set, scratch, &mut assessed.metrics, true);
        let resources = e
            .analysis::<Resources>()
            .map(|r| r.units(&set, &e.open_units(&set), e.loads(scratch).all));
        let equity = e.groups().and_then(|groups| {
            let benefit = patients.as_ref().map(|_| {
                let (today, _) = e.today_evaluated();
                (per_zone(e, &set, scratch), per_zone(e, &e.today(), today))
            });
            equity::account(
                e,
                self.data,
                groups,
                &set,
                scratch,
                benefit.as_ref().map(|(a, b)| (a.as_slice(), b.as_slice())),
            )
        });
        let beds = self.criteria.beds.map(|planning| {
            let (today, _) = e.today_evaluated();
            let units = beds::units(
                self.data,
                &planning,
                &set,
                &e.today(),
                e.loads(scratch),
                e.loads(today),
            );
            (planning, units)
        });
        let organised_care = self.criteria.organised_care.as_ref().map(|effect| {
            let (today, _) = e.today_evaluated();
            crate::organised_care::account(
                effect,
                self.data,
                &set,
                e.loads(scratch).region,
                e.loads(today).region,
            )
        });
        let cost_effect = e.analysis::<Resources>().and_then(|r| {
            let m = assessed.metrics.resources?;
            Some(crate::resources::CostEffect::of(
                r.costs()?,
                m.capital_cost? * 1e6,
                m.revenue_change.unwrap_or(0.0) * 1e6,
                patients
                    .as_ref()
                    .map(|p| p.option.added_good_outcomes - p.today.added_good_outcomes),
                organised_care
                    .as_ref()
                    .map(|c| c.option.deaths_avoided - c.today.deaths_avoided),
            ))
        });
        let sites = site_ids(self.data, &set);
        Detail {
            assessed,
            standing,
            id: sites.join(","),
            sites,
            criteria: if option.passes {
                score(self.criteria, &option.metrics)
            } else {
                Vec::new()
            },
            checks: checks(&self.criteria.hurdles, &option.metrics),
            explained: self.evaluator.explain(self.data, &set, scratch),
            patients,
            equity,
            beds,
            resources,
            cost_effect,
            organised_care,
        }
    }

    /// Calls `read` with the full account of each of `options` (all in the
    /// long list), in order. The accounts are worked out in parallel
    /// batches, the next while `read` takes the last, so that only a few
    /// batches are held at a time; when `read` stops early, so does the
    /// work.
    pub fn with_details<T>(
        &self,
        options: &[Assessed],
        read: impl FnOnce(&mut dyn Iterator<Item = Detail>) -> T,
    ) -> T {
        std::thread::scope(|scope| {
            let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Detail>>(1);
            scope.spawn(move || {
                for batch in options.chunks(DETAIL_BATCH) {
                    let details = batch
                        .par_iter()
                        .map_init(
                            || self.evaluator.scratch(),
                            |s, o| self.detail_with(o, Standing::InLongList, s),
                        )
                        .collect();
                    // Nobody left to read them.
                    if batches.send(details).is_err() {
                        break;
                    }
                }
            });
            read(&mut received.into_iter().flatten())
        })
    }

    /// The option whose HASUs are `set`, explained, with its rank when the
    /// long list `appraisal` (if it could be made) holds it.
    pub fn explain_option(&self, set: &SiteSet, appraisal: Option<&Appraisal>) -> Detail {
        match appraisal {
            Some(a) => match a.find(set) {
                Some(o) => self.detail(o, Standing::InLongList),
                None => self.detail(
                    &self.assess(set, &mut self.evaluator.scratch()),
                    Standing::OutsideRules,
                ),
            },
            None => self.detail(
                &self.assess(set, &mut self.evaluator.scratch()),
                Standing::NotRanked,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Check, Rule};

    fn at_least(value: f64, threshold: f64) -> Check {
        Check {
            rule: Rule::MinAdmissions,
            value,
            threshold,
            margin: value - threshold,
        }
    }

    #[test]
    fn a_value_at_the_threshold_to_rounding_error_meets_it() {
        // 1,500 thirds of an admission, added in two orders.
        let thirds = vec![1.0 / 3.0; 1500];
        let forwards: f64 = thirds.iter().sum();
        let split: f64 = thirds.chunks(7).map(|c| c.iter().sum::<f64>()).sum();
        assert!(at_least(forwards, 500.0).passed() && at_least(split, 500.0).passed());
        assert!(at_least(500.0 - 1e-12, 500.0).passed());
        assert!(!at_least(500.0 - 1e-4, 500.0).passed());
        assert!(!at_least(499.0, 500.0).passed());
        assert!(at_least(0.0, 0.0).passed() && !at_least(-1e-6, 0.0).passed());
    }
}
