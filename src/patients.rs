//! The full account of what an option means for patients, against today:
//! per district of the region and per thrombectomy centre.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::criteria::Policy;
use crate::evaluate::{Evaluator, PatientMetrics, Scratch, SiteSet};
use crate::model::Dataset;
use crate::outcome::Model;

/// Patient figures of one district, a year, under the option and today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictBenefit {
    /// Local authority district.
    pub district: String,
    /// Admissions a year.
    pub admissions: f64,
    /// Added good outcomes (mRS 0–1) under the option.
    pub added_good_outcomes: f64,
    /// Today.
    pub added_good_outcomes_today: f64,
    /// Added mRS 0–2 outcomes under the option (continuous model).
    pub added_mrs_0_2: f64,
    /// Today.
    pub added_mrs_0_2_today: f64,
    /// Utility gained under the option (continuous model).
    pub added_utility: f64,
    /// Today.
    pub added_utility_today: f64,
    /// Mean onset-to-needle of the patients eligible for IVT under the
    /// option, minutes.
    pub mean_onset_to_needle: f64,
    /// Mean onset-to-puncture of the patients eligible for MT, minutes.
    pub mean_onset_to_puncture: f64,
}

/// The region's thrombectomy patients at one centre, a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CentreLoad {
    /// Site id.
    pub site: String,
    /// Site name.
    pub name: String,
    /// Region patients given thrombectomy there under the option.
    pub mt_patients: f64,
    /// Today.
    pub mt_patients_today: f64,
    /// Of them, transferred from another unit.
    pub transfers: f64,
    /// Today.
    pub transfers_today: f64,
    /// Region patients taken straight there (mothership).
    pub direct_admissions: f64,
    /// Region patients eligible for MT whose centre it is (in time or
    /// not) under the option.
    pub mt_eligible: f64,
    /// Their mean onset-to-puncture, minutes.
    pub mean_onset_to_puncture: f64,
    /// Their 95th percentile onset-to-puncture, minutes.
    pub p95_onset_to_puncture: f64,
    /// Of the eligible, those punctured within 6 hours of onset (the limit
    /// of the original trials), under the option.
    pub within_6_hours: f64,
    /// Within 8 hours (the outcome models' time of no effect).
    pub within_8_hours: f64,
}

/// The eligible weight of `punctures` within `limit` minutes of onset.
fn within(punctures: &[(f64, f64)], limit: f64) -> f64 {
    // + 0.0: an empty sum is −0.0, which would print as "-0".
    punctures
        .iter()
        .filter(|(t, _)| *t <= limit)
        .map(|(_, w)| w)
        .sum::<f64>()
        + 0.0
}

/// What an option means for the region's patients, against today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatientAccount {
    /// The outcome model.
    pub model: Model,
    /// Where suspected LVO patients go first.
    pub policy: Policy,
    /// No MT later than this after onset, minutes.
    pub mt_limit_minutes: f64,
    /// The region under the option.
    pub option: PatientMetrics,
    /// The region today.
    pub today: PatientMetrics,
    /// Per district, alphabetical.
    pub districts: Vec<DistrictBenefit>,
    /// Per thrombectomy centre that treats region patients under the option
    /// or today, by site order.
    pub centres: Vec<CentreLoad>,
}

#[derive(Default, Clone)]
struct DistrictSums {
    admissions: f64,
    good: [f64; 2],
    mrs_0_2: [f64; 2],
    utility: [f64; 2],
    ivt: f64,
    needle: f64,
    mt: f64,
    puncture: f64,
}

#[derive(Default, Clone)]
struct CentreSums {
    mt: [f64; 2],
    transfers: [f64; 2],
    direct: f64,
    /// (onset-to-puncture, patients) under the option.
    punctures: Vec<(f64, f64)>,
}

/// The weighted 95th percentile of `(value, weight)` pairs: the smallest
/// value within which at least 95% of the weight lies.
fn p95(mut pairs: Vec<(f64, f64)>) -> f64 {
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    let mut seen = 0.0;
    for (v, w) in &pairs {
        seen += w;
        if seen >= 0.95 * total {
            return *v;
        }
    }
    0.0
}

/// The account of the option `hasus`, last evaluated with `scratch`,
/// against today's configuration. `None` without `[outcomes]` in the
/// criteria.
pub fn account(
    evaluator: &Evaluator,
    data: &Dataset,
    hasus: &SiteSet,
    scratch: &mut Scratch,
) -> Option<PatientAccount> {
    let option = evaluator.patients(hasus, scratch)?;
    let (today_scratch, today) = evaluator.today_evaluated();
    let today_set = evaluator.today();
    let mut districts: BTreeMap<&str, DistrictSums> = BTreeMap::new();
    let mut centres: BTreeMap<usize, CentreSums> = BTreeMap::new();
    let scratch: &Scratch = scratch;
    for (k, (set, s)) in [(hasus, scratch), (&today_set, today_scratch)]
        .into_iter()
        .enumerate()
    {
        evaluator.for_each_care(set, s, |z, _, a, care| {
            let d = districts
                .entry(data.zones[z].district.as_str())
                .or_default();
            let legs = std::iter::once(&care.first).chain(care.direct.as_ref().map(|(l, _)| l));
            for leg in legs {
                let t = &leg.treated;
                d.good[k] += a * t.gain.mrs_0_1;
                d.mrs_0_2[k] += a * t.gain.mrs_0_2;
                d.utility[k] += a * t.gain.utility;
                if k == 0 {
                    d.ivt += a * t.ivt_eligible;
                    d.needle += a * t.ivt_eligible * leg.needle;
                }
                if let Some(c) = leg.centre.filter(|_| t.mt_eligible > 0.0) {
                    if k == 0 {
                        d.mt += a * t.mt_eligible;
                        d.puncture += a * t.mt_eligible * leg.puncture;
                    }
                    let c = centres.entry(c).or_default();
                    c.mt[k] += a * t.mt;
                    if leg.transfer {
                        c.transfers[k] += a * t.mt;
                    }
                    if k == 0 {
                        c.punctures.push((leg.puncture, a * t.mt_eligible));
                    }
                }
            }
            if k == 0 {
                d.admissions += a;
                if let Some((leg, share)) = &care.direct
                    && let Some(c) = leg.centre
                {
                    centres.entry(c).or_default().direct += a * share;
                }
            }
        });
    }
    let mean = |sum: f64, n: f64| if n > 0.0 { sum / n } else { 0.0 };
    let settings = evaluator.outcome_settings()?;
    Some(PatientAccount {
        model: settings.model,
        policy: settings.policy,
        mt_limit_minutes: settings.mt_limit_minutes,
        option,
        today: today.unwrap_or_default(),
        districts: districts
            .into_iter()
            .map(|(name, d)| DistrictBenefit {
                district: name.to_string(),
                admissions: d.admissions,
                added_good_outcomes: d.good[0],
                added_good_outcomes_today: d.good[1],
                added_mrs_0_2: d.mrs_0_2[0],
                added_mrs_0_2_today: d.mrs_0_2[1],
                added_utility: d.utility[0],
                added_utility_today: d.utility[1],
                mean_onset_to_needle: mean(d.needle, d.ivt),
                mean_onset_to_puncture: mean(d.puncture, d.mt),
            })
            .collect(),
        centres: centres
            .into_iter()
            .map(|(s, c)| {
                let sum: f64 = c.punctures.iter().map(|(t, w)| t * w).sum();
                let eligible: f64 = c.punctures.iter().map(|(_, w)| w).sum();
                CentreLoad {
                    site: data.sites[s].id.clone(),
                    name: data.sites[s].name.clone(),
                    mt_patients: c.mt[0],
                    mt_patients_today: c.mt[1],
                    transfers: c.transfers[0],
                    transfers_today: c.transfers[1],
                    direct_admissions: c.direct,
                    mt_eligible: eligible,
                    mean_onset_to_puncture: mean(sum, eligible),
                    within_6_hours: within(&c.punctures, 360.0),
                    within_8_hours: within(&c.punctures, 480.0),
                    p95_onset_to_puncture: p95(c.punctures),
                }
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::p95;

    #[test]
    fn weighted_percentile() {
        assert_eq!(p95(vec![(10.0, 1.0), (20.0, 18.0), (30.0, 1.0)]), 20.0);
        assert_eq!(p95(vec![(10.0, 1.0), (20.0, 1.0)]), 20.0);
        assert_eq!(p95(Vec::new()), 0.0);
    }
}

/// One zone's patient figures under a configuration, a year.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ZoneBenefit {
    /// Added good outcomes (mRS 0–1).
    pub added_good_outcomes: f64,
    /// Added mRS 0–2 outcomes.
    pub added_mrs_0_2: f64,
    /// Utility gained.
    pub added_utility: f64,
    /// Mean onset-to-needle of its patients eligible for IVT, minutes.
    pub onset_to_needle: f64,
    /// Mean onset-to-puncture of its patients eligible for MT, minutes
    /// (infinite when no centre can be reached).
    pub onset_to_puncture: f64,
    /// The thrombectomy centre of most of its MT patients.
    pub centre: Option<usize>,
}

/// Every zone's figures under the option `hasus` last evaluated with
/// `scratch` (after [`Evaluator::patients`]); `None` for zones outside the
/// region or with no open unit.
pub fn per_zone(
    evaluator: &Evaluator,
    hasus: &SiteSet,
    scratch: &Scratch,
) -> Vec<Option<ZoneBenefit>> {
    let mut out: Vec<Option<(ZoneBenefit, [f64; 4], f64)>> = Vec::new();
    evaluator.for_each_care(hasus, scratch, |z, _, a, care| {
        if out.len() <= z {
            out.resize(z + 1, None);
        }
        let (b, sums, top) = out[z].get_or_insert_with(Default::default);
        for leg in std::iter::once(&care.first).chain(care.direct.as_ref().map(|(l, _)| l)) {
            let t = &leg.treated;
            b.added_good_outcomes += a * t.gain.mrs_0_1;
            b.added_mrs_0_2 += a * t.gain.mrs_0_2;
            b.added_utility += a * t.gain.utility;
            sums[0] += a * t.ivt_eligible * leg.needle;
            sums[1] += a * t.ivt_eligible;
            if leg.puncture.is_finite() {
                sums[2] += a * t.mt_eligible * leg.puncture;
                sums[3] += a * t.mt_eligible;
            }
            if a * t.mt_eligible > *top {
                *top = a * t.mt_eligible;
                b.centre = leg.centre;
            }
        }
    });
    out.resize(evaluator.zone_count(), None);
    out.into_iter()
        .map(|z| {
            z.map(|(mut b, s, _)| {
                b.onset_to_needle = if s[1] > 0.0 { s[0] / s[1] } else { 0.0 };
                b.onset_to_puncture = if s[3] > 0.0 { s[2] / s[3] } else { 0.0 };
                b
            })
        })
        .collect()
}
