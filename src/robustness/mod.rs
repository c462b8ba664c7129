//! How sure the answer is, and what would change it: the ranking under
//! other weights ([`weights`]: acceptability and exact tipping points) and
//! under the uncertainty of the model's inputs ([`inputs`]: the chance of
//! passing each hurdle and of ranking first), with the near misses that
//! follow.
//!
//! Everything is seeded: the same inputs, seed and numbers of draws give the
//! same results, whatever the number of threads.

pub mod inputs;
pub mod weights;

use serde::Serialize;

use crate::error::Result;
use crate::rank::{Appraisal, Appraiser, Assessed, Check, Hurdle, checks};
use inputs::InputStudy;
use weights::WeightStudy;

/// Most evaluations the input study makes (draws × options): it covers the
/// long list's first options (the ranked ones, then those failing fewest
/// hurdles) up to this budget, so a long list of a million options is not
/// drawn a thousand times over.
pub const INPUT_EVALUATIONS: usize = 2_000_000;

/// Most ranked options the weight study ranks in every draw (the best
/// ranked; those further down almost never rank near the top).
pub const MAX_WEIGHT_OPTIONS: usize = 1_000;

/// How many draws to make, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draws {
    /// Seed of every draw.
    pub seed: u64,
    /// Weight draws of each distribution.
    pub weights: usize,
    /// Input draws (none when the criteria state no uncertainty).
    pub inputs: usize,
}

/// A hurdle an option fails with the central inputs but passes in a fair
/// share of input draws (the criteria's `near_miss_probability`), while it
/// passes every other hurdle in at least that share too: it fails by less
/// than the uncertainty, and only that stands in its way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearMiss {
    /// The hurdle.
    pub hurdle: Hurdle,
    /// Its failed rules, each with the margin in the rule's units.
    pub checks: Vec<Check>,
    /// Share of input draws in which the option passes the hurdle.
    pub p_pass: f64,
}

/// The whole robustness study of an appraisal.
#[derive(Debug, Clone, PartialEq)]
pub struct Study {
    /// The draws made.
    pub draws: Draws,
    /// Under other weights, for the ranked options (at most
    /// [`MAX_WEIGHT_OPTIONS`]).
    pub weights: WeightStudy,
    /// Under the uncertain inputs, for the first `studied` options of the
    /// long list; `None` when the criteria state no uncertainty or no input
    /// draws were asked for.
    pub inputs: Option<InputStudy>,
    /// How many of the long list's options the input study covers.
    pub studied: usize,
    /// Per studied option, its near misses.
    pub near_misses: Vec<Vec<NearMiss>>,
    /// With the dataset's estimated times moved to each end of their
    /// measured error, a site at a time; `None` when no time is estimated.
    pub estimates: Option<crate::estimates::RankingSpread>,
}

/// Options within this many points of the top score are effectively tied
/// with it.
pub const TIED_POINTS: f64 = 1.0;
/// Options ranking first in at least this share of weight draws are
/// effectively tied with the top option.
pub const TIED_FIRST: f64 = 0.10;

impl Study {
    /// The ranked options (indices into `ranked`, the passing options best
    /// first) effectively tied with the first: within [`TIED_POINTS`] of
    /// its score, or first in at least [`TIED_FIRST`] of the weight draws
    /// centred on the stated weights.
    pub fn tied_with_first(&self, ranked: &[Assessed]) -> Vec<usize> {
        let top = ranked.first().and_then(|o| o.score).unwrap_or(0.0);
        (1..ranked.len())
            .filter(|&i| {
                top - ranked[i].score.unwrap_or(0.0) <= TIED_POINTS
                    || self
                        .weights
                        .centred
                        .get(i)
                        .is_some_and(|x| x.p_first >= TIED_FIRST)
            })
            .collect()
    }
}

/// Studies the robustness of `appraisal`, made by `appraiser`.
///
/// # Errors
/// Refuses weight ranges that leave almost no weight draw inside them.
pub fn study(appraiser: &Appraiser, appraisal: &Appraisal, draws: Draws) -> Result<Study> {
    let criteria = appraiser.criteria;
    let ranked = appraisal.ranked();
    let ranked = &ranked[..ranked.len().min(MAX_WEIGHT_OPTIONS)];
    let weights = weights::study(criteria, ranked, draws.weights, draws.seed)?;
    let studied = appraisal
        .options
        .len()
        .min(INPUT_EVALUATIONS / draws.inputs.max(1));
    let options = &appraisal.options[..studied];
    let inputs = criteria
        .uncertainty
        .as_ref()
        .filter(|_| draws.inputs > 0)
        .map(|u| {
            inputs::study(
                appraiser.data,
                criteria,
                appraiser.evaluator,
                options,
                u,
                draws.inputs,
                draws.seed,
            )
        });
    let near_misses = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let Some(odds) = inputs.as_ref().map(|s| &s.options[i]) else {
                return Vec::new();
            };
            let all = checks(&criteria.hurdles, &o.metrics);
            Hurdle::all(&criteria.hurdles)
                .into_iter()
                .enumerate()
                .filter_map(|(h, hurdle)| {
                    let failed: Vec<Check> = all
                        .iter()
                        .filter(|c| c.rule.hurdle() == hurdle && !c.passed())
                        .copied()
                        .collect();
                    let p_pass = odds.p_hurdles[h];
                    // A near miss on this hurdle only if the option passes
                    // the others too in a fair share of draws: otherwise
                    // it is not near passing at all.
                    let least = criteria.robustness.near_miss_probability;
                    (!failed.is_empty() && p_pass >= least && odds.p_others[h] >= least).then_some(
                        NearMiss {
                            hurdle,
                            checks: failed,
                            p_pass,
                        },
                    )
                })
                .collect()
        })
        .collect();
    let estimates = crate::estimates::study(appraiser.data, criteria, appraisal)?;
    Ok(Study {
        draws,
        weights,
        inputs,
        studied,
        near_misses,
        estimates,
    })
}
