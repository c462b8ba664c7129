//! How much the appraisal rests on estimated travel times: which sites'
//! times the network model estimated, and what the figures become when
//! each such site's times are off by as much as `hasu network check`
//! measured.
//!
//! A site's estimates share an error of their own (the shift per site of
//! [`TimeError`]); it is the error that moves a whole option's figures. The
//! check's held-out sites give its mean (`bias`) and spread (`site_sd`), so
//! the truth lies, for 95% of sites, between the estimate minus `bias +
//! 1.96 site_sd` and the estimate minus `bias − 1.96 site_sd`. Each
//! estimated site is moved, alone, to each end of that range (its zone times
//! and its estimated transfer times, at least 0), and the options are
//! evaluated again: exactly, with the same criteria, not by a linear
//! approximation. Sites are moved one at a time because their errors are
//! independent; the input draws of the robustness study move them all
//! together, with the district shifts and zone noise too.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::criteria::{Criteria, TimeError};
use crate::error::Result;
use crate::evaluate::{Evaluator, SiteSet};
use crate::model::{Dataset, TimeSource};
use crate::rank::{Appraisal, Appraiser};

/// The share of a site's estimate errors inside the range studied, as a
/// normal quantile: 1.96 for the middle 95%.
pub const Z95: f64 = 1.96;

/// Most estimated sites moved (the first in dataset order): two appraisals
/// of the long list each.
pub const MOST_SITES: usize = 8;

/// One site's estimated times moved to one end of their error range.
pub struct Shifted {
    /// The site moved.
    pub site: usize,
    /// Minutes added to each of its estimated times (before the floor at 0).
    pub minutes: f64,
    /// The dataset with the site's estimated times moved.
    pub data: Dataset,
    /// Its evaluator, under the same criteria.
    pub evaluator: Evaluator,
}

/// The estimated times of a dataset and their measured error.
pub struct Estimates {
    /// Sites with at least one estimated zone time, in dataset order.
    pub sites: Vec<usize>,
    /// The measured error of estimated times (the criteria's
    /// `[uncertainty.travel]`), when stated.
    pub error: Option<TimeError>,
    /// Minutes added to a site's estimated times at the two ends of the
    /// range: `−(bias + 1.96 site_sd)` and `−(bias − 1.96 site_sd)`.
    pub range: (f64, f64),
    /// The moves studied: each of the first [`MOST_SITES`] sites to each
    /// end, as (site, minutes added) (none without a stated error).
    pub moves: Vec<(usize, f64)>,
    /// Site ids, by index.
    ids: Vec<String>,
}

/// Whether the journey from zone `z` to site `s` is an estimated time.
pub fn is_estimated(data: &Dataset, z: usize, s: usize) -> bool {
    data.travel.source(z, s) == Some(TimeSource::Estimated)
}

/// Sites with at least one estimated zone time, in dataset order.
pub fn estimated_sites(data: &Dataset) -> Vec<usize> {
    (0..data.sites.len())
        .filter(|&s| (0..data.zones.len()).any(|z| is_estimated(data, z, s)))
        .collect()
}

/// `data` with site `site`'s estimated times (zones and transfers) moved
/// by `minutes`, at least 0.
fn moved(data: &Dataset, site: usize, minutes: f64) -> Dataset {
    let mut d = data.clone();
    for z in 0..d.zones.len() {
        if let Some((t, TimeSource::Estimated)) = d.travel.get_with_source(z, site) {
            let t = (f64::from(t) + minutes).max(0.0) as f32;
            d.travel.set(z, site, t, TimeSource::Estimated);
        }
    }
    for other in 0..d.sites.len() {
        for (a, b) in [(site, other), (other, site)] {
            if a != b
                && let Some((t, TimeSource::Estimated)) = d.site_times.get_with_source(a, b)
            {
                let t = (f64::from(t) + minutes).max(0.0) as f32;
                d.site_times.set(a, b, t, TimeSource::Estimated);
            }
        }
    }
    d
}

impl Estimates {
    /// Finds the estimated sites of `data` and, when `criteria` state the
    /// error of estimated times, the moves to study.
    pub fn new(data: &Dataset, criteria: &Criteria) -> Estimates {
        let sites = estimated_sites(data);
        let error = criteria.uncertainty.as_ref().map(|u| u.estimated);
        let range = error.map_or((0.0, 0.0), |e| {
            (-(e.bias + Z95 * e.site_sd), -(e.bias - Z95 * e.site_sd))
        });
        let moves = if error.is_some() {
            sites
                .iter()
                .take(MOST_SITES)
                .flat_map(|&s| [(s, range.0), (s, range.1)])
                .collect()
        } else {
            Vec::new()
        };
        Estimates {
            sites,
            error,
            range,
            moves,
            ids: data.sites.iter().map(|s| s.id.clone()).collect(),
        }
    }

    /// Each move applied to `data` in turn, with its evaluator under
    /// `criteria`: built one at a time, so that only one moved copy of the
    /// dataset is held.
    pub fn shifted<'a>(
        &'a self,
        data: &'a Dataset,
        criteria: &'a Criteria,
    ) -> impl Iterator<Item = Result<Shifted>> + 'a {
        self.moves.iter().map(move |&(site, minutes)| {
            let data = moved(data, site, minutes);
            let evaluator = crate::analyses::evaluator(&data, criteria)?;
            Ok(Shifted {
                site,
                minutes,
                data,
                evaluator,
            })
        })
    }

    /// The id of site `s`.
    pub fn id(&self, s: usize) -> String {
        self.ids[s].clone()
    }
}

/// An option's figures over the moved datasets (with its central ones).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionSpread {
    /// Moved datasets under which it passes every hurdle.
    pub passes: usize,
    /// Its lowest and highest rank among passing options, over the moved
    /// datasets in which it passes.
    pub rank: Option<(usize, usize)>,
    /// Its lowest and highest score, likewise.
    pub score: Option<(f64, f64)>,
    /// Its lowest and highest mean travel, minutes.
    pub mean_travel: (f64, f64),
}

/// What one moved dataset does to the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MovedRanking {
    /// The site moved (its id).
    pub site: String,
    /// Minutes added to its estimated times.
    pub minutes: f64,
    /// The option ranked first (site ids), if any passes.
    pub first: Option<String>,
    /// Options passing.
    pub passing: usize,
    /// Today's mean travel, minutes.
    pub today_mean_travel: f64,
}

/// The ranking over the moved datasets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankingSpread {
    /// Sites with estimated times (ids, dataset order).
    pub sites: Vec<String>,
    /// Their measured error, when the criteria state it.
    pub error: Option<TimeError>,
    /// Minutes added to a site's estimated times at the two ends of the
    /// range.
    pub range: (f64, f64),
    /// One per moved dataset.
    pub moved: Vec<MovedRanking>,
    /// Per option of the appraisal (its order, the first up to the
    /// budget): its spread.
    pub options: Vec<OptionSpread>,
}

/// Most evaluations the ranking spread makes (moved datasets × options):
/// it covers the long list's first options up to this budget.
pub const MOST_EVALUATIONS: usize = 2_000_000;

/// Appraises the options of `appraisal` (of `data` under `criteria`) again
/// on each moved dataset of `estimates` (the long list's first options, up
/// to [`MOST_EVALUATIONS`]; ranks are among those).
///
/// # Errors
/// As [`Evaluator::new`] and [`Appraiser::appraise_sets`].
pub fn ranking_spread(
    estimates: &Estimates,
    data: &Dataset,
    criteria: &Criteria,
    appraisal: &Appraisal,
) -> Result<RankingSpread> {
    let studied = appraisal
        .options
        .len()
        .min(MOST_EVALUATIONS / estimates.moves.len().max(1));
    let studied = &appraisal.options[..studied];
    let sets: Vec<SiteSet> = studied
        .iter()
        .map(crate::rank::Assessed::site_set)
        .collect();
    let mut options: Vec<OptionSpread> = studied
        .iter()
        .map(|o| OptionSpread {
            passes: 0,
            rank: None,
            score: None,
            mean_travel: (o.metrics.mean_travel, o.metrics.mean_travel),
        })
        .collect();
    let index: BTreeMap<SiteSet, usize> = sets.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let mut moved = Vec::new();
    for m in estimates.shifted(data, criteria) {
        let m = m?;
        let appraiser = Appraiser {
            data: &m.data,
            criteria,
            evaluator: &m.evaluator,
        };
        let a = appraiser.appraise_sets(sets.clone(), &|_, _| {})?;
        for o in &a.options {
            let spread = &mut options[index[&o.site_set()]];
            let t = o.metrics.mean_travel;
            spread.mean_travel = (spread.mean_travel.0.min(t), spread.mean_travel.1.max(t));
            if let (Some(rank), Some(score)) = (o.rank, o.score) {
                spread.passes += 1;
                let (r, s) = spread.rank.zip(spread.score).map_or(
                    ((rank, rank), (score, score)),
                    |(r, s)| {
                        (
                            (r.0.min(rank), r.1.max(rank)),
                            (s.0.min(score), s.1.max(score)),
                        )
                    },
                );
                spread.rank = Some(r);
                spread.score = Some(s);
            }
        }
        moved.push(MovedRanking {
            site: m.data.sites[m.site].id.clone(),
            minutes: m.minutes,
            first: a
                .ranked()
                .first()
                .map(|o| crate::rank::site_ids(&m.data, &o.site_set()).join(",")),
            passing: a.passing,
            today_mean_travel: a.today.metrics.mean_travel,
        });
    }
    Ok(RankingSpread {
        sites: estimates.sites.iter().map(|&s| estimates.id(s)).collect(),
        error: estimates.error,
        range: estimates.range,
        moved,
        options,
    })
}

/// The ranking spread of `appraisal` over `data`'s estimated sites; `None`
/// when no time is estimated.
///
/// # Errors
/// As [`ranking_spread`].
pub fn study(
    data: &Dataset,
    criteria: &Criteria,
    appraisal: &Appraisal,
) -> Result<Option<RankingSpread>> {
    let estimates = Estimates::new(data, criteria);
    if estimates.sites.is_empty() {
        return Ok(None);
    }
    ranking_spread(&estimates, data, criteria, appraisal).map(Some)
}
