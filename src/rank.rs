//! Hurdles, scoring and ranking: the appraisal of a long list of options.
//!
//! [`appraise`] is the driver: it enumerates the options the rules allow
//! ([`crate::search`]), evaluates them in parallel ([`crate::evaluate`]),
//! tests each against every hurdle, scores those that pass every hurdle on
//! the weighted criteria, and ranks them.
//!
//! # Ranking rule
//! Options that pass every hurdle come first, by score (highest first);
//! ties go to the lower mean travel time, then to fewer HASUs, then to the
//! earlier sites in the sites table. Options that fail follow, unranked: by
//! number of hurdles failed (fewest first), then fewer HASUs, then site
//! order.

use std::cmp::Ordering;

use rayon::prelude::*;
use serde::Serialize;

use crate::criteria::{Criteria, Hurdles};
use crate::error::{Error, Result};
use crate::evaluate::{Evaluator, Explained, Metrics, SiteSet};
use crate::model::Dataset;
use crate::search::enumerate;
use crate::summary::thousands;

/// The outcome of one hurdle for one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HurdleResult {
    /// `reach`, `volume`, `thrombolysis` or `access`.
    pub hurdle: &'static str,
    /// Whether the option passes it.
    pub passed: bool,
    /// Why, in numbers: one sentence per finding.
    pub reasons: Vec<String>,
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

/// One option, appraised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appraised {
    /// Its id: the HASU site ids in sites-table order, joined by commas.
    pub id: String,
    /// The HASU site ids.
    pub sites: Vec<String>,
    /// Its place among the options that pass every hurdle (1 = best).
    pub rank: Option<usize>,
    /// Whether it passes every hurdle.
    pub passes: bool,
    /// Score out of 100 on the weighted criteria (options that pass only).
    pub score: Option<f64>,
    /// Every criterion's part (options that pass only).
    pub criteria: Vec<CriterionScore>,
    /// Every hurdle, in the order reach, volume, thrombolysis, access.
    pub hurdles: Vec<HurdleResult>,
    /// Headline figures.
    pub metrics: Metrics,
    /// Per unit, per district, and compared with today.
    #[serde(flatten)]
    pub explained: Explained,
    #[serde(skip)]
    set: SiteSet,
}

impl Appraised {
    /// The HASUs as a set of site indices.
    pub fn site_set(&self) -> SiteSet {
        self.set
    }

    /// The hurdles it fails.
    pub fn failed(&self) -> impl Iterator<Item = &HurdleResult> {
        self.hurdles.iter().filter(|h| !h.passed)
    }
}

/// How many options fail one hurdle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failing {
    /// The hurdle.
    pub hurdle: &'static str,
    /// Options failing it.
    pub options: usize,
}

/// An appraised long list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appraisal {
    /// Options considered.
    pub considered: usize,
    /// Options that pass every hurdle.
    pub passing: usize,
    /// How many options fail each hurdle (an option may fail several).
    pub failing: Vec<Failing>,
    /// Today's configuration, evaluated the same way (unranked).
    pub today: Appraised,
    /// Every option, in ranking order.
    pub options: Vec<Appraised>,
}

/// The hurdles, in the order they are tested and reported.
pub const HURDLES: [&str; 4] = ["reach", "volume", "thrombolysis", "access"];

fn percent(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Tests one option against every hurdle.
pub fn hurdles(h: &Hurdles, m: &Metrics, e: &Explained) -> Vec<HurdleResult> {
    let mut out = Vec::new();
    let reach = if m.unreachable_admissions > 0.0 {
        vec![format!(
            "{} admissions a year would have no travel time to any open unit",
            thousands(m.unreachable_admissions)
        )]
    } else {
        Vec::new()
    };
    out.push(HurdleResult {
        hurdle: "reach",
        passed: reach.is_empty(),
        reasons: if reach.is_empty() {
            vec!["every zone has a travel time to an open unit".to_string()]
        } else {
            reach
        },
    });

    let hasus: Vec<_> = e.units.iter().filter(|u| u.hasu).collect();
    let mut volume = Vec::new();
    for u in &hasus {
        if u.admissions < h.min_admissions {
            volume.push(format!(
                "{} would admit {} a year, below the {} minimum",
                u.name,
                thousands(u.admissions),
                thousands(h.min_admissions)
            ));
        } else if u.admissions > h.max_admissions {
            volume.push(format!(
                "{} would admit {} a year, above the {} maximum",
                u.name,
                thousands(u.admissions),
                thousands(h.max_admissions)
            ));
        }
    }
    let passed = volume.is_empty();
    if passed {
        volume.push(format!(
            "every HASU would admit between {} and {} a year (from {} to {})",
            thousands(h.min_admissions),
            thousands(h.max_admissions),
            thousands(m.smallest_hasu_admissions),
            thousands(m.largest_hasu_admissions)
        ));
    }
    out.push(HurdleResult {
        hurdle: "volume",
        passed,
        reasons: volume,
    });

    let mut dtn = Vec::new();
    for u in &hasus {
        if u.share_within_door_to_needle < h.min_share_within_door_to_needle {
            dtn.push(format!(
                "{} would treat an expected {} of thrombolysed patients within {} minutes of arrival (median door-to-needle {:.0} minutes at {} admissions a year), below the {} minimum",
                u.name,
                percent(u.share_within_door_to_needle),
                h.door_to_needle_minutes,
                u.median_door_to_needle,
                thousands(u.admissions),
                percent(h.min_share_within_door_to_needle)
            ));
        }
    }
    let passed = dtn.is_empty();
    if passed {
        let least = hasus
            .iter()
            .map(|u| u.share_within_door_to_needle)
            .fold(f64::INFINITY, f64::min);
        dtn.push(format!(
            "every HASU would treat at least {} of thrombolysed patients within {} minutes of arrival (lowest: {})",
            percent(h.min_share_within_door_to_needle),
            h.door_to_needle_minutes,
            percent(if least.is_finite() { least } else { 0.0 })
        ));
    }
    out.push(HurdleResult {
        hurdle: "thrombolysis",
        passed,
        reasons: dtn,
    });

    let share_ok = m.within_access >= h.min_share_within_access;
    let max_ok = m.max_travel <= h.max_travel_minutes;
    let share = format!(
        "{} of the region's admissions would be within {} minutes, {} the {} minimum",
        percent(m.within_access),
        h.access_minutes,
        if share_ok { "meeting" } else { "below" },
        percent(h.min_share_within_access)
    );
    let longest = format!(
        "the longest journey would be {:.1} minutes, {} the {}-minute maximum",
        m.max_travel,
        if max_ok { "within" } else { "above" },
        h.max_travel_minutes
    );
    // A failing hurdle lists only what fails.
    let access: Vec<String> = [(share, share_ok), (longest, max_ok)]
        .into_iter()
        .filter(|(_, ok)| *ok == (share_ok && max_ok) || !ok)
        .map(|(r, _)| r)
        .collect();
    out.push(HurdleResult {
        hurdle: "access",
        passed: share_ok && max_ok,
        reasons: access,
    });
    out
}

/// The ids of a set of sites, in sites-table order.
pub fn site_ids(data: &Dataset, set: &SiteSet) -> Vec<String> {
    set.sites()
        .into_iter()
        .filter(|&s| s < data.sites.len())
        .map(|s| data.sites[s].id.clone())
        .collect()
}

/// Evaluates and tests one option (scoring it if it passes).
pub fn assess(
    data: &Dataset,
    criteria: &Criteria,
    evaluator: &Evaluator,
    hasus: &SiteSet,
    scratch: &mut crate::evaluate::Scratch,
) -> Appraised {
    let metrics = evaluator.evaluate(hasus, scratch);
    let explained = evaluator.explain(data, hasus, scratch);
    let hurdles = hurdles(&criteria.hurdles, &metrics, &explained);
    let passes = hurdles.iter().all(|h| h.passed);
    let scores: Vec<CriterionScore> = criteria
        .criteria
        .iter()
        .map(|c| {
            let value = metrics.get(c.metric);
            let normalised = c.normalise(value);
            CriterionScore {
                criterion: c.id.clone(),
                value,
                normalised,
                points: 100.0 * c.weight * normalised,
            }
        })
        .collect();
    let sites = site_ids(data, hasus);
    Appraised {
        id: sites.join(","),
        sites,
        rank: None,
        passes,
        score: passes.then(|| scores.iter().map(|c| c.points).sum()),
        criteria: if passes { scores } else { Vec::new() },
        hurdles,
        metrics,
        explained,
        set: *hasus,
    }
}

/// The ranking rule (see the module docs).
fn ranking(a: &Appraised, b: &Appraised) -> Ordering {
    let size = |x: &Appraised| x.sites.len();
    match (a.passes, b.passes) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (true, true) => b
            .score
            .unwrap_or(0.0)
            .total_cmp(&a.score.unwrap_or(0.0))
            .then(a.metrics.mean_travel.total_cmp(&b.metrics.mean_travel))
            .then(size(a).cmp(&size(b)))
            .then(a.set.sites().cmp(&b.set.sites())),
        (false, false) => a
            .failed()
            .count()
            .cmp(&b.failed().count())
            .then(size(a).cmp(&size(b)))
            .then(a.set.sites().cmp(&b.set.sites())),
    }
}

/// Appraises every option `criteria.options` allows on `data`, with
/// `evaluator` (built by [`Evaluator::new`] for the same data and criteria).
///
/// # Errors
/// Refuses when the rules allow too many options or none, or when a site
/// that could open has no travel times.
pub fn appraise(data: &Dataset, criteria: &Criteria, evaluator: &Evaluator) -> Result<Appraisal> {
    let missing: Vec<&str> = data
        .sites_without_times()
        .into_iter()
        .map(|s| data.sites[s].id.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(Error::Refused(format!(
            "sites {} have no travel times, so options that open them cannot be evaluated; \
             estimate them first (hasu network estimate --site {})",
            missing.join(", "),
            missing.join(" --site ")
        )));
    }
    let sets = enumerate(data, &criteria.options)?;
    let mut options: Vec<Appraised> = sets
        .par_iter()
        .map_init(
            || evaluator.scratch(),
            |scratch, set| assess(data, criteria, evaluator, set, scratch),
        )
        .collect();
    options.sort_by(ranking);
    let mut rank = 0;
    for o in options.iter_mut().filter(|o| o.passes) {
        rank += 1;
        o.rank = Some(rank);
    }
    let failing = HURDLES
        .into_iter()
        .map(|hurdle| Failing {
            hurdle,
            options: options
                .iter()
                .filter(|o| o.failed().any(|f| f.hurdle == hurdle))
                .count(),
        })
        .collect();
    let mut scratch = evaluator.scratch();
    let today = assess(data, criteria, evaluator, &evaluator.today(), &mut scratch);
    Ok(Appraisal {
        considered: options.len(),
        passing: rank,
        failing,
        today,
        options,
    })
}
