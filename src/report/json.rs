//! JSON output: schema `hasu.appraisal/1`, documented in README.md
//! ("JSON output"). Fields are only ever added within a schema version.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use super::words;
use crate::beds::UnitBeds;
use crate::criteria::{
    BedPlanning, Criteria, Criterion, Hurdles, Outcomes, Pathway, Policy, TieRule, VolumeEquivalent,
};
use crate::evaluate::PatientMetrics;
use crate::evaluate::{Explained, Metrics};
use crate::model::Dataset;
use crate::outcome::Model;
use crate::patients::{CentreLoad, DistrictBenefit};
use crate::rank::{
    Appraisal, Check, CriterionScore, Detail, Failing, Hurdle, Rule, Shortlist, Standing,
};
use crate::robustness::Study;
use crate::robustness::weights::TippingPoint;
use crate::scenario::Scenario;

/// The schema id written in every JSON document.
pub const SCHEMA: &str = "hasu.appraisal/1";

/// The criteria an appraisal used, as written to JSON.
#[derive(Serialize)]
pub struct CriteriaJson<'a> {
    /// The criteria's title.
    pub name: &'a str,
    /// The criteria file.
    pub file: String,
    /// Site ids of today's configuration.
    pub today: Vec<String>,
    /// How a zone equally near to several open units is shared.
    pub ties: TieRule,
    /// The hurdles.
    pub hurdles: &'a Hurdles,
    /// The pathway model.
    pub pathway: PathwayJson<'a>,
    /// The pathway rule in force (the criteria's, or a scenario's): which
    /// units a zone's patients may be taken to.
    pub pathways: super::PathwaysUsed,
    /// Services counted for co-location.
    pub co_location: Vec<&'static str>,
    /// The weighted criteria.
    pub criteria: &'a [Criterion],
    /// The patient-benefit analysis (null without one).
    pub outcomes: Option<&'a Outcomes>,
    /// How beds are planned (null without it).
    pub beds: Option<&'a BedPlanning>,
    /// The organised-care effect (null without it).
    pub organised_care: Option<&'a crate::criteria::OrganisedCare>,
    /// Staffing ratios (null without them).
    pub workforce: Option<&'a crate::criteria::Workforce>,
    /// Costs (null without them).
    pub costs: Option<&'a crate::criteria::Costs>,
    /// Capital at named sites when they are HASUs: `{site, pounds, item}`.
    pub site_capital: Vec<SiteCapitalJson<'a>>,
    /// Rules over groups of sites.
    pub groups: Vec<GroupJson<'a>>,
    /// The panel file (null without panel-scored criteria).
    pub panel: Option<PanelFileJson<'a>>,
}

/// Capital at a named site.
#[derive(Serialize)]
pub struct SiteCapitalJson<'a> {
    /// Site id.
    pub site: &'a str,
    /// Pounds.
    pub pounds: f64,
    /// What it pays for.
    pub item: &'a str,
}

/// A rule over a group of sites.
#[derive(Serialize)]
pub struct GroupJson<'a> {
    /// The group's name.
    pub name: &'a str,
    /// Its site ids.
    pub sites: Vec<&'a str>,
    /// Fewest of an option's HASUs among them.
    pub at_least: Option<usize>,
    /// Most of an option's HASUs among them.
    pub at_most: Option<usize>,
}

/// The panel file.
#[derive(Serialize)]
pub struct PanelFileJson<'a> {
    /// The file.
    pub file: String,
    /// Its SHA-256.
    pub sha256: &'a str,
    /// The panel-scored criteria.
    pub criteria: Vec<&'a str>,
}

/// An option's panel scores.
#[derive(Serialize)]
pub struct PanelJson<'a> {
    /// The panel file's SHA-256.
    pub sha256: &'a str,
    /// Per panel-scored criterion: its id and the option's score with its
    /// range.
    pub scores: Vec<(&'a str, crate::panel::Score)>,
}

impl<'a> PanelJson<'a> {
    /// The panel scores of `d`.
    pub fn of(p: &'a crate::panel::Panel, d: &Detail) -> PanelJson<'a> {
        PanelJson {
            sha256: &p.sha256,
            scores: p
                .criteria
                .iter()
                .map(|c| (c.id.as_str(), c.score(&d.assessed.site_set())))
                .collect(),
        }
    }
}

impl<'a> CriteriaJson<'a> {
    /// The JSON view of `c`, whose site indices refer to `data`.
    pub fn of(c: &'a Criteria, data: &'a Dataset) -> CriteriaJson<'a> {
        CriteriaJson {
            name: &c.name,
            file: super::label(&c.path),
            today: c.today.iter().map(|&s| data.sites[s].id.clone()).collect(),
            ties: c.ties,
            hurdles: &c.hurdles,
            pathway: PathwayJson {
                median_door_to_needle_minutes: c.pathway.reference_median(),
                thrombolysis_hurdle_equivalent: c.pathway.volume_equivalent(
                    c.hurdles.door_to_needle_minutes,
                    c.hurdles.min_share_within_door_to_needle,
                ),
                thrombolysis_hurdle_reach: c.thrombolysis_reach(),
                pathway: &c.pathway,
            },
            pathways: super::PathwaysUsed::of(&c.pathways, data),
            co_location: c.co_location.iter().map(|s| s.as_str()).collect(),
            criteria: &c.criteria,
            outcomes: c.outcomes.as_ref(),
            beds: c.beds.as_ref(),
            organised_care: c.organised_care.as_ref(),
            workforce: c.workforce.as_ref(),
            costs: c.costs.as_ref(),
            site_capital: c
                .costs
                .iter()
                .flat_map(|k| &k.sites)
                .map(|s| SiteCapitalJson {
                    site: &data.sites[s.site].id,
                    pounds: s.pounds,
                    item: &s.item,
                })
                .collect(),
            groups: c
                .options
                .groups
                .iter()
                .map(|g| GroupJson {
                    name: &g.name,
                    sites: g.sites.iter().map(|&s| data.sites[s].id.as_str()).collect(),
                    at_least: g.at_least,
                    at_most: g.at_most,
                })
                .collect(),
            panel: c.panel.as_ref().map(|p| PanelFileJson {
                file: super::label(&p.path),
                sha256: &p.sha256,
                criteria: p.criteria.iter().map(|k| k.id.as_str()).collect(),
            }),
        }
    }
}

/// One hurdle's result: whether it passes, why in words, and each rule's
/// numbers.
#[derive(Serialize)]
pub struct HurdleJson {
    /// The hurdle.
    pub hurdle: Hurdle,
    /// Whether the option passes it.
    pub passed: bool,
    /// Why, one sentence per finding.
    pub reasons: Vec<String>,
    /// Each of its rules, tested: the option's value, the threshold and
    /// the margin (negative when it fails), in the rule's units.
    pub checks: Vec<Check>,
}

/// One option, as written to JSON.
#[derive(Serialize)]
pub struct OptionView<'a> {
    /// Its id: the HASU site ids joined by commas.
    pub id: &'a str,
    /// The HASU site ids.
    pub sites: &'a [String],
    /// Its rank among the options that pass (null when it fails, or has
    /// no place in the long list).
    pub rank: Option<usize>,
    /// Whether it passes every hurdle.
    pub passes: bool,
    /// Score out of 100 (null when it fails).
    pub score: Option<f64>,
    /// Where it stands relative to the criteria's long list.
    pub standing: Standing,
    /// Admissions a year in zones equally near to several open units.
    pub tied_admissions: f64,
    /// Every criterion's part in the score.
    pub criteria: &'a [CriterionScore],
    /// Every hurdle.
    pub hurdles: Vec<HurdleJson>,
    /// Headline figures.
    pub metrics: &'a Metrics,
    /// Per unit, per district, and compared with today.
    #[serde(flatten)]
    pub explained: &'a Explained,
    /// What it means for patients (absent without `[outcomes]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<OutcomesJson<'a>>,
    /// The thrombectomy tier (absent without `[outcomes]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thrombectomy: Option<ThrombectomyJson<'a>>,
    /// Every unit's beds (absent without `[beds]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beds: Option<BedsJson<'a>>,
    /// Who gains and who loses, by deprivation and rurality (absent when
    /// the zones have neither).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equity: Option<super::equity::EquityJson>,
    /// Deaths avoided and bed-days saved by HASU care, under the option and
    /// today (absent without `[organised_care]`; modelled, and never part
    /// of the mRS figures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organised_care: Option<crate::organised_care::CareAccount>,
    /// Stroke beds (HASU and ASU), staff and costs per unit against today
    /// (absent without `[beds]`; modelled).
    pub resources: Option<super::resources::ResourcesJson<'a>>,
    /// The option's panel scores (absent without panel-scored criteria;
    /// scored by a panel, not modelled).
    pub panel: Option<PanelJson<'a>>,
}

/// An option's benefit to patients, a year (modelled figures).
#[derive(Serialize)]
pub struct OutcomesJson<'a> {
    /// The outcome model.
    pub model: Model,
    /// The region under the option.
    pub option: &'a PatientMetrics,
    /// The region today.
    pub today: &'a PatientMetrics,
    /// Option minus today.
    pub change: OutcomeChange,
    /// Per district.
    pub districts: &'a [DistrictBenefit],
}

/// The option's patient figures minus today's.
#[derive(Serialize)]
pub struct OutcomeChange {
    /// Added good outcomes (mRS 0–1) a year.
    pub added_good_outcomes: f64,
    /// Added mRS 0–2 outcomes a year (continuous model).
    pub added_mrs_0_2: f64,
    /// Utility a year (continuous model).
    pub added_utility: f64,
    /// Mean onset-to-needle, minutes.
    pub mean_onset_to_needle: f64,
    /// Mean onset-to-puncture, minutes.
    pub mean_onset_to_puncture: f64,
}

/// The thrombectomy tier under an option.
#[derive(Serialize)]
pub struct ThrombectomyJson<'a> {
    /// Where suspected LVO patients go first.
    pub policy: Policy,
    /// Region patients given thrombectomy a year, under the option.
    pub mt_patients: f64,
    /// Of them, transferred from their first unit.
    pub transfers: f64,
    /// Taken straight to a centre (mothership), a year.
    pub direct_admissions: f64,
    /// Per centre.
    pub centres: &'a [CentreLoad],
}

/// Every unit's beds under an option, with today's.
#[derive(Serialize)]
pub struct BedsJson<'a> {
    /// How they are planned.
    #[serde(flatten)]
    pub planning: &'a BedPlanning,
    /// Per unit.
    pub units: &'a [UnitBeds],
}

impl<'a> OptionView<'a> {
    /// The JSON view of `d` appraised under `criteria` on `data`.
    pub fn of(d: &'a Detail, criteria: &'a Criteria, data: &'a Dataset) -> OptionView<'a> {
        let h = &criteria.hurdles;
        let hurdles = words::hurdles(h, d)
            .into_iter()
            .map(|w| HurdleJson {
                hurdle: w.hurdle,
                passed: w.passed,
                reasons: w.reasons,
                checks: d
                    .checks
                    .iter()
                    .filter(|c| c.rule.hurdle() == w.hurdle)
                    .copied()
                    .collect(),
            })
            .collect();
        OptionView {
            id: &d.id,
            sites: &d.sites,
            rank: d.assessed.rank,
            passes: d.assessed.passes,
            score: d.assessed.score,
            standing: d.standing,
            tied_admissions: d.assessed.metrics.tied_admissions,
            criteria: &d.criteria,
            hurdles,
            metrics: &d.assessed.metrics,
            explained: &d.explained,
            outcomes: d.patients.as_ref().map(|p| OutcomesJson {
                model: p.model,
                option: &p.option,
                today: &p.today,
                change: OutcomeChange {
                    added_good_outcomes: p.option.added_good_outcomes - p.today.added_good_outcomes,
                    added_mrs_0_2: p.option.added_mrs_0_2 - p.today.added_mrs_0_2,
                    added_utility: p.option.added_utility - p.today.added_utility,
                    mean_onset_to_needle: p.option.mean_onset_to_needle
                        - p.today.mean_onset_to_needle,
                    mean_onset_to_puncture: p.option.mean_onset_to_puncture
                        - p.today.mean_onset_to_puncture,
                },
                districts: &p.districts,
            }),
            thrombectomy: d.patients.as_ref().map(|p| ThrombectomyJson {
                policy: p.policy,
                mt_patients: p.option.mt_patients,
                transfers: p.option.mt_transfers,
                direct_admissions: p.option.direct_admissions,
                centres: &p.centres,
            }),
            beds: d
                .beds
                .as_ref()
                .map(|(planning, units)| BedsJson { planning, units }),
            equity: d.equity.as_ref().map(super::equity::EquityJson::of),
            organised_care: d.organised_care,
            resources: super::resources::ResourcesJson::of(d, data, criteria.workforce.as_ref()),
            panel: criteria.panel.as_ref().map(|p| PanelJson::of(p, d)),
        }
    }
}

/// A sequence serialised as it is produced, so that a long list is never
/// held whole in memory.
struct Streamed<I>(RefCell<Option<I>>);

impl<I, T> Serialize for Streamed<I>
where
    I: Iterator<Item = T>,
    T: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.0.borrow_mut().take();
        serializer.collect_seq(items.into_iter().flatten())
    }
}

/// One option's robustness, as written to JSON.
#[derive(Serialize)]
pub struct OptionRobustness {
    /// The option's id.
    pub id: String,
    /// Share of weight draws (around the stated weights) in which it ranks
    /// first (null without weight draws).
    pub p_first: Option<f64>,
    /// Share of those draws in which it ranks in the top 3.
    pub p_top3: Option<f64>,
    /// Best rank over those draws (null when it fails a hurdle, or without
    /// weight draws).
    pub rank_min: Option<usize>,
    /// Worst rank over those draws.
    pub rank_max: Option<usize>,
    /// Share of draws with no preference between criteria in which it ranks
    /// first.
    pub p_first_no_preference: Option<f64>,
    /// Mean weights of the draws in which it ranks first, by criterion id.
    pub central_weights: BTreeMap<String, f64>,
    /// Share of input draws in which it passes every hurdle (null when
    /// inputs are not drawn).
    pub p_pass: Option<f64>,
    /// The same per hurdle.
    pub p_pass_hurdles: Option<BTreeMap<&'static str, f64>>,
    /// Share of input draws in which it ranks first.
    pub p_first_inputs: Option<f64>,
    /// With `[organised_care]`: its deaths avoided a year (and the change
    /// from today) over the input draws, the middle 95% (modelled).
    pub organised_care_inputs: Option<crate::robustness::inputs::CareInterval>,
    /// With estimated travel times: how it fares when each estimated site's
    /// times are moved to each end of their measured error (null when no
    /// time is estimated).
    pub estimated_times: Option<crate::estimates::OptionSpread>,
    /// Hurdles it fails by less than the uncertainty.
    pub near_miss: Vec<NearMissJson>,
}

/// A near miss: a failed rule, its margin in the rule's units, and the
/// share of input draws in which the hurdle is passed.
#[derive(Serialize)]
pub struct NearMissJson {
    /// The hurdle.
    pub hurdle: Hurdle,
    /// The rule.
    pub rule: Rule,
    /// How far inside the threshold the option is (negative: short of it).
    pub margin: f64,
    /// Share of input draws in which it passes the hurdle.
    pub p_pass: f64,
}

/// A tipping point, as written to JSON.
#[derive(Serialize)]
pub struct TippingJson {
    /// The criterion's id.
    pub criterion: String,
    /// Its stated weight.
    pub weight: f64,
    /// The weight at which the answer changes (others rescaled in
    /// proportion).
    pub threshold: f64,
    /// The option that then ranks first (in a top-3 tipping point, the one
    /// entering the top 3, as `enters` says; kept for compatibility).
    pub new_first: String,
    /// The option that loses first place (in a top-3 tipping point, the one
    /// leaving the top 3, as `leaves` says).
    pub loses: String,
    /// In a top-3 tipping point: the option entering the top 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enters: Option<String>,
    /// In a top-3 tipping point: the option leaving the top 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaves: Option<String>,
}

/// The robustness study, as written to JSON.
#[derive(Serialize)]
pub struct RobustnessJson {
    /// Seed of every draw.
    pub seed: u64,
    /// Weight draws of each distribution.
    pub weight_draws: usize,
    /// Draws of the uncertain inputs (0 when not drawn).
    pub input_draws: usize,
    /// Concentration of the weights around the stated ones.
    pub concentration: f64,
    /// Options studied: the ranked ones, then failing ones as far as the
    /// input study reached.
    pub options: Vec<OptionRobustness>,
    /// Per criterion and direction, where first place changes.
    pub tipping_points: Vec<TippingJson>,
    /// Per criterion and direction, where the top 3 changes.
    pub top3_tipping_points: Vec<TippingJson>,
    /// The sites whose times are estimated, their measured error, and the
    /// ranking with each moved to each end of it (null when no time is
    /// estimated; per option in `options[].estimated_times`).
    pub estimated_times: Option<EstimatedTimesJson>,
}

/// The estimated travel times and what moving them does.
#[derive(Serialize)]
pub struct EstimatedTimesJson {
    /// Sites with estimated times.
    pub sites: Vec<String>,
    /// Their measured error (the criteria's `[uncertainty.travel]`).
    pub error: Option<crate::criteria::TimeError>,
    /// Minutes added to a site's estimated times at the two ends of the
    /// error's middle 95% (truth minus estimate).
    pub range: (f64, f64),
    /// One per site and end.
    pub moved: Vec<crate::estimates::MovedRanking>,
}

impl RobustnessJson {
    /// The JSON view of `study` of `appraisal` (of `data` under `c`).
    pub fn of(
        study: &Study,
        appraisal: &Appraisal,
        data: &Dataset,
        c: &Criteria,
    ) -> RobustnessJson {
        let ranked = appraisal.ranked();
        let id = |i: usize| super::option_id(data, &appraisal.options[i]);
        let covered = study.studied.max(study.weights.centred.len());
        let options = (0..covered)
            .map(|i| {
                let w = study.weights.centred.get(i);
                // Without weight draws, the weight figures are unknown
                // (null), not 0.
                let drawn = |x: f64| (study.weights.draws > 0).then_some(x);
                let inputs = study.inputs.as_ref().and_then(|s| s.options.get(i));
                OptionRobustness {
                    id: id(i),
                    p_first: drawn(w.map_or(0.0, |a| a.p_first)),
                    p_top3: drawn(w.map_or(0.0, |a| a.p_top3)),
                    rank_min: w.filter(|_| study.weights.draws > 0).map(|a| a.rank_min),
                    rank_max: w.filter(|_| study.weights.draws > 0).map(|a| a.rank_max),
                    p_first_no_preference: drawn(
                        study
                            .weights
                            .no_preference
                            .get(i)
                            .map_or(0.0, |a| a.p_first),
                    ),
                    central_weights: w
                        .map(|a| {
                            c.criteria
                                .iter()
                                .zip(&a.central_weights)
                                .map(|(k, x)| (k.id.clone(), *x))
                                .collect()
                        })
                        .unwrap_or_default(),
                    p_pass: inputs.map(|o| o.p_pass),
                    p_pass_hurdles: inputs.map(|o| {
                        Hurdle::all(&c.hurdles)
                            .into_iter()
                            .zip(o.p_hurdles.iter().copied())
                            .map(|(h, p)| (h.as_str(), p))
                            .collect()
                    }),
                    p_first_inputs: inputs.map(|o| o.p_first),
                    organised_care_inputs: inputs.and_then(|o| o.organised_care),
                    estimated_times: study
                        .estimates
                        .as_ref()
                        .and_then(|e| e.options.get(i).cloned()),
                    near_miss: study
                        .near_misses
                        .get(i)
                        .into_iter()
                        .flatten()
                        .flat_map(|n| {
                            n.checks.iter().map(|k| NearMissJson {
                                hurdle: n.hurdle,
                                rule: k.rule,
                                margin: k.margin,
                                p_pass: n.p_pass,
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        let tipping = |list: &[TippingPoint], top3: bool| {
            list.iter()
                .map(|t| {
                    let (enters, leaves) = (
                        super::option_id(data, &ranked[t.enters]),
                        super::option_id(data, &ranked[t.leaves]),
                    );
                    TippingJson {
                        criterion: t.criterion.clone(),
                        weight: t.weight,
                        threshold: t.threshold,
                        enters: top3.then(|| enters.clone()),
                        leaves: top3.then(|| leaves.clone()),
                        new_first: enters,
                        loses: leaves,
                    }
                })
                .collect()
        };
        RobustnessJson {
            seed: study.draws.seed,
            weight_draws: study.weights.draws,
            input_draws: study.inputs.as_ref().map_or(0, |s| s.draws),
            concentration: c.robustness.concentration,
            options,
            tipping_points: tipping(&study.weights.first, false),
            top3_tipping_points: tipping(&study.weights.top3, true),
            estimated_times: study.estimates.as_ref().map(|e| EstimatedTimesJson {
                sites: e.sites.clone(),
                error: e.error,
                range: e.range,
                moved: e.moved.clone(),
            }),
        }
    }
}

/// A detail that serialises as its [`OptionView`].
struct OwnedView<'h>(Detail, &'h Criteria, &'h Dataset);

impl Serialize for OwnedView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        OptionView::of(&self.0, self.1, self.2).serialize(serializer)
    }
}

/// The pathway model as written to JSON: its parameters, with the median
/// patient door-to-needle time they give at the reference unit, and what
/// the thrombolysis hurdle comes to under them.
#[derive(Serialize)]
pub struct PathwayJson<'a> {
    /// The parameters.
    #[serde(flatten)]
    pub pathway: &'a Pathway,
    /// The median patient door-to-needle at the reference unit, minutes.
    pub median_door_to_needle_minutes: f64,
    /// The thrombolysis hurdle as a volume threshold.
    pub thrombolysis_hurdle_equivalent: VolumeEquivalent,
    /// Whether that threshold can bind next to the volume hurdle.
    pub thrombolysis_hurdle_reach: crate::criteria::ThrombolysisReach,
}

/// Where a document's figures come from: the dataset (from its folder), the
/// criteria and the scenarios applied.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    /// The dataset folder, as given.
    pub dir: &'a str,
    /// The dataset, scenarios applied.
    pub data: &'a Dataset,
    /// The criteria.
    pub criteria: &'a Criteria,
    /// The scenarios applied, in order.
    pub scenarios: &'a [Scenario],
}

/// A scenario applied, as written to JSON.
#[derive(Serialize)]
pub struct ScenarioJson {
    /// Its title.
    pub name: String,
    /// Its file.
    pub file: String,
}

impl Source<'_> {
    fn scenarios(&self) -> Vec<ScenarioJson> {
        self.scenarios
            .iter()
            .map(|s| ScenarioJson {
                name: s.name.clone(),
                file: super::label(&s.path),
            })
            .collect()
    }
}

/// A whole appraisal, as written to JSON.
#[derive(Serialize)]
#[serde(bound(serialize = "Streamed<I>: Serialize"))]
struct AppraisalJson<'a, I> {
    schema: &'static str,
    hasu_version: &'static str,
    data: String,
    scenarios: Vec<ScenarioJson>,
    criteria: CriteriaJson<'a>,
    considered: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    shortlist: Option<ShortlistJson>,
    passing: usize,
    failing: &'a [Failing],
    robustness: &'a RobustnessJson,
    today: OptionView<'a>,
    options: Streamed<I>,
}

/// The shortlist an appraisal ranks, as written to JSON (the count as
/// text: exact, or "more than 10^30").
#[derive(Serialize)]
struct ShortlistJson {
    per_size: usize,
    combinations: String,
    proven: bool,
    passing_added: usize,
}

impl ShortlistJson {
    fn of(s: &Shortlist) -> ShortlistJson {
        ShortlistJson {
            per_size: s.per_size,
            combinations: s.combinations.to_string(),
            proven: s.proven,
            passing_added: s.passing_added,
        }
    }
}

/// Writes the appraisal `a` of `data` (from the folder `dir`) under
/// `criteria` as pretty JSON with a final newline; `today` is today's
/// configuration and `options` every option's detail in ranking order.
pub fn write_appraisal(
    w: &mut dyn io::Write,
    source: Source<'_>,
    a: &Appraisal,
    study: &Study,
    today: &Detail,
    options: impl Iterator<Item = Detail>,
) -> io::Result<()> {
    let (data, criteria) = (source.data, source.criteria);
    let views = options.map(|d| OwnedView(d, criteria, data));
    let doc = AppraisalJson {
        schema: SCHEMA,
        hasu_version: env!("CARGO_PKG_VERSION"),
        data: source.dir.to_string(),
        scenarios: source.scenarios(),
        criteria: CriteriaJson::of(criteria, data),
        considered: a.considered,
        shortlist: a.shortlist.as_ref().map(ShortlistJson::of),
        passing: a.passing,
        failing: &a.failing,
        robustness: &RobustnessJson::of(study, a, data, criteria),
        today: OptionView::of(today, criteria, data),
        options: Streamed(RefCell::new(Some(views))),
    };
    serde_json::to_writer_pretty(&mut *w, &doc).map_err(io::Error::from)?;
    w.write_all(b"\n")
}

/// One option explained.
#[derive(Serialize)]
pub struct OptionJson<'a> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// hasu's version.
    pub hasu_version: &'static str,
    /// The dataset folder.
    pub data: String,
    /// Scenarios applied to the dataset, in order.
    pub scenarios: Vec<ScenarioJson>,
    /// The criteria used.
    pub criteria: CriteriaJson<'a>,
    /// Today's configuration, evaluated the same way.
    pub today: OptionView<'a>,
    /// The option.
    pub option: OptionView<'a>,
    /// The units receiving patients today and under the option whose
    /// travel times are network estimates (modelled), not published: the
    /// figures that rest on them.
    pub estimated_units: EstimatedUnits,
    /// How sure the option's rank is (evidence packs of a ranked option,
    /// with the robustness study).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robustness: Option<RankRobustness>,
}

/// How sure an option's rank is, from the robustness study.
#[derive(Serialize)]
pub struct RankRobustness {
    /// Its rank among the passing options.
    pub rank: usize,
    /// How many options pass.
    pub passing: usize,
    /// Weight draws, centred on the stated weights.
    pub weight_draws: usize,
    /// Share of the weight draws in which it ranks first.
    pub p_first: Option<f64>,
    /// Share of the weight draws in which it ranks in the top 3.
    pub p_top3: Option<f64>,
    /// Its best and worst rank over the weight draws.
    pub rank_range: Option<[usize; 2]>,
    /// The options effectively tied for first place, first included (ids):
    /// within `tie_points` of the top score, or first in at least
    /// `tie_p_first` of the weight draws.
    pub effectively_tied_for_first: Vec<String>,
    /// The tie rule's points.
    pub tie_points: f64,
    /// The tie rule's share of draws.
    pub tie_p_first: f64,
    /// Draws of the uncertain inputs (modelled), when made.
    pub input_draws: Option<usize>,
    /// Share of the input draws in which it passes every hurdle.
    pub p_pass_inputs: Option<f64>,
    /// Share of the input draws in which it ranks first.
    pub p_first_inputs: Option<f64>,
}

impl RankRobustness {
    /// The robustness of `o`'s rank in `appraisal` under `study`; `None`
    /// when it is not ranked.
    pub fn of(
        study: &crate::robustness::Study,
        appraisal: &crate::rank::Appraisal,
        data: &Dataset,
        o: &Detail,
    ) -> Option<RankRobustness> {
        let rank = o.assessed.rank?;
        let i = rank - 1;
        let w = &study.weights;
        let centred = w.centred.get(i).filter(|_| w.draws > 0);
        let ranked = appraisal.ranked();
        let inputs = study
            .inputs
            .as_ref()
            .and_then(|s| Some((s.draws, s.options.get(i)?)));
        Some(RankRobustness {
            rank,
            passing: appraisal.passing,
            weight_draws: w.draws,
            p_first: centred.map(|x| x.p_first),
            p_top3: centred.map(|x| x.p_top3),
            rank_range: centred.map(|x| [x.rank_min, x.rank_max]),
            effectively_tied_for_first: std::iter::once(0)
                .chain(study.tied_with_first(ranked))
                .filter_map(|k| ranked.get(k))
                .map(|a| super::option_id(data, a))
                .collect(),
            tie_points: crate::robustness::TIED_POINTS,
            tie_p_first: crate::robustness::TIED_FIRST,
            input_draws: inputs.map(|(d, _)| d),
            p_pass_inputs: inputs.map(|(_, x)| x.p_pass),
            p_first_inputs: inputs.map(|(_, x)| x.p_first),
        })
    }
}

/// Units whose travel times are estimated, today and under an option.
#[derive(Serialize)]
pub struct EstimatedUnits {
    /// Today's (site ids).
    pub today: Vec<String>,
    /// The option's (site ids).
    pub option: Vec<String>,
}

impl EstimatedUnits {
    fn of(data: &Dataset, today: &Detail, option: &Detail) -> EstimatedUnits {
        let estimated: Vec<&str> = crate::estimates::estimated_sites(data)
            .into_iter()
            .map(|s| data.sites[s].id.as_str())
            .collect();
        let units = |d: &Detail| {
            d.explained
                .units
                .iter()
                .filter(|u| estimated.contains(&u.site.as_str()))
                .map(|u| u.site.clone())
                .collect()
        };
        EstimatedUnits {
            today: units(today),
            option: units(option),
        }
    }
}

impl<'a> OptionJson<'a> {
    /// The document for `option` and `today`, appraised from `source`.
    pub fn new(source: Source<'a>, today: &'a Detail, option: &'a Detail) -> OptionJson<'a> {
        let criteria = source.criteria;
        OptionJson {
            schema: SCHEMA,
            hasu_version: env!("CARGO_PKG_VERSION"),
            data: source.dir.to_string(),
            scenarios: source.scenarios(),
            criteria: CriteriaJson::of(criteria, source.data),
            today: OptionView::of(today, criteria, source.data),
            option: OptionView::of(option, criteria, source.data),
            estimated_units: EstimatedUnits::of(source.data, today, option),
            robustness: None,
        }
    }
}

/// Pretty JSON text with a final newline.
pub fn to_string(value: &impl Serialize) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
