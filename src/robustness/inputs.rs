//! How much the answer owes to the model's uncertain inputs: a seeded Monte
//! Carlo over travel times, the pathway and the door-to-needle curve, and
//! admissions, each drawn from the distribution the criteria state
//! ([`Uncertainty`]).
//!
//! In each draw:
//! - **travel times**: every site gets a shift, every site and district a
//!   shift of its own (the zones of a district share roads, so an estimate's
//!   error is correlated across them; estimated times only), and every
//!   zone–site time a noise, all normal, by the source of the time (network
//!   estimates carry the network model's measured held-out error, published
//!   times a stated smaller one); the time becomes `max(0, time − (shift +
//!   district shift + noise))`, the error being model minus truth;
//! - **pathway**: response, time on scene, the reference door-to-needle
//!   time, the minutes saved per doubling and the spread each get a normal
//!   error (kept at or above zero, the spread above 0.01);
//! - **admissions**: each zone's count over the years its admissions are a
//!   mean of is drawn as Poisson, then divided back, and grown by the stated
//!   growth;
//! - **organised care** (with `[organised_care]`): the mortality reduction
//!   is drawn normal around its estimate with the standard deviation its
//!   95% confidence interval implies (width / 3.92), and each option's
//!   deaths avoided (and today's) follow from its admissions in HASU care
//!   in the same draw; it does not enter the score or the hurdles.
//!
//! Every option of the long list is then evaluated and tested; those that
//! pass are scored with the stated weights and ranked. Each draw has its own
//! random stream (ChaCha8, the seed and the draw's number), so results do
//! not depend on how the draws are spread over threads. The stream draws
//! the pathway, the sites' shifts, (when the district standard
//! deviation is above 0) each site's districts' shifts, sites in dataset
//! order and districts by name, and (with `[organised_care]`) the mortality
//! reduction, in that order, then seeds a
//! Xoshiro256++ generator for the zones' admissions and noise (tens of
//! thousands of numbers a draw): the admissions zone by zone, then the
//! noise zone by zone, each zone's sites nearest first.

use std::collections::BTreeMap;

use rand::RngExt;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal, Poisson, StandardNormal};
use rayon::prelude::*;
use serde::Serialize;

use crate::criteria::{Criteria, Metric, Pathway, TimeError, Uncertainty};
use crate::evaluate::Evaluator;
use crate::model::{Dataset, TimeSource};
use crate::rank::{Assessed, Hurdle, checks, score};

/// How one option fared over the input draws.
#[derive(Debug, Clone, PartialEq)]
pub struct InputOdds {
    /// Share of draws in which it passes every hurdle.
    pub p_pass: f64,
    /// Share of draws in which it passes each hurdle ([`Hurdle::all`]
    /// order).
    pub p_hurdles: Vec<f64>,
    /// Share of draws in which it passes every hurdle but each one (the
    /// same order): with that one, what keeps it from passing.
    pub p_others: Vec<f64>,
    /// Share of draws in which it ranks first among the options that pass.
    pub p_first: f64,
    /// With `[organised_care]`: its deaths avoided a year over the draws.
    pub organised_care: Option<CareInterval>,
}

/// The organised-care effect of an option over the input draws, the effect
/// drawn from its confidence interval with the travel times and
/// admissions: the middle 95% of draws (2.5th and 97.5th percentiles).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CareInterval {
    /// Deaths within 90 days avoided a year under the option.
    pub deaths_avoided: (f64, f64),
    /// The same minus today's, in the same draw.
    pub change: (f64, f64),
}

/// The 2.5th and 97.5th percentiles of `values` (nearest rank), sorted in
/// place; NaN when there are none.
fn middle_95(values: &mut [f64]) -> (f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.025), at(0.975))
}

/// What the input study found, per option studied (in the order given).
#[derive(Debug, Clone, PartialEq)]
pub struct InputStudy {
    /// Draws made.
    pub draws: usize,
    /// One per option studied.
    pub options: Vec<InputOdds>,
}

/// Counts over draws.
#[derive(Clone)]
struct Tally {
    pass: Vec<u32>,
    hurdles: Vec<Vec<u32>>,
    others: Vec<Vec<u32>>,
    first: Vec<u32>,
    /// Per option, per draw: deaths avoided by organised care, under the
    /// option and today.
    care: Vec<Vec<(f64, f64)>>,
}

impl Tally {
    fn new(n: usize, hurdles: usize) -> Tally {
        Tally {
            pass: vec![0; n],
            hurdles: vec![vec![0; hurdles]; n],
            others: vec![vec![0; hurdles]; n],
            first: vec![0; n],
            care: vec![Vec::new(); n],
        }
    }

    fn add(mut self, other: Tally) -> Tally {
        for (a, b) in self.pass.iter_mut().zip(&other.pass) {
            *a += b;
        }
        for (mine, theirs) in [
            (&mut self.hurdles, &other.hurdles),
            (&mut self.others, &other.others),
        ] {
            for (a, b) in mine.iter_mut().zip(theirs) {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
            }
        }
        for (a, b) in self.first.iter_mut().zip(&other.first) {
            *a += b;
        }
        for (a, b) in self.care.iter_mut().zip(other.care) {
            a.extend(b);
        }
        self
    }
}

/// A normal draw of mean `mean` and standard deviation `sd` (exactly `mean`
/// when `sd` is 0).
fn normal(rng: &mut ChaCha8Rng, mean: f64, sd: f64) -> f64 {
    if sd > 0.0 {
        Normal::new(mean, sd).map_or(mean, |d| d.sample(rng))
    } else {
        mean
    }
}

/// The pathway with its uncertain parameters drawn.
fn drawn_pathway(p: &Pathway, u: &Uncertainty, rng: &mut ChaCha8Rng) -> Pathway {
    Pathway {
        response_minutes: normal(rng, p.response_minutes, u.response_sd).max(0.0),
        on_scene_minutes: normal(rng, p.on_scene_minutes, u.on_scene_sd).max(0.0),
        reference_door_to_needle_minutes: normal(
            rng,
            p.reference_door_to_needle_minutes,
            u.reference_door_to_needle_sd,
        )
        .max(p.fastest_median_minutes),
        minutes_per_doubling: normal(rng, p.minutes_per_doubling, u.minutes_per_doubling_sd)
            .max(0.0),
        spread: normal(rng, p.spread, u.spread_sd).max(0.01),
        ..p.clone()
    }
}

/// Each zone's district, as an index into the districts sorted by name.
fn zone_districts(data: &Dataset) -> (Vec<usize>, usize) {
    let names: BTreeMap<&str, usize> = data
        .zones
        .iter()
        .map(|z| (z.district.as_str(), 0))
        .collect::<BTreeMap<_, _>>()
        .into_keys()
        .enumerate()
        .map(|(i, d)| (d, i))
        .collect();
    let zones = data
        .zones
        .iter()
        .map(|z| names[z.district.as_str()])
        .collect();
    (zones, names.len())
}

/// The errors of the dataset's travel times in one draw: a shift per site
/// and source of its times, a shift per site and district for estimated
/// times, and a noise per zone–site time.
struct TravelErrors<'a> {
    data: &'a Dataset,
    /// Per site and source of its times (published, estimated): the shift
    /// drawn for it and the standard deviation of the zones' noise.
    sites: Vec<[(f64, f64); 2]>,
    /// Each zone's district index.
    zone_district: &'a [usize],
    /// Per site, per district: the shift of its estimated times (empty when
    /// the district standard deviation is 0).
    districts: Vec<Vec<f64>>,
}

impl<'a> TravelErrors<'a> {
    /// Draws every site's shifts, then every site's districts' shifts.
    fn draw(
        data: &'a Dataset,
        (zone_district, districts): (&'a [usize], usize),
        u: &Uncertainty,
        rng: &mut ChaCha8Rng,
    ) -> TravelErrors<'a> {
        let sites = data
            .sites
            .iter()
            .map(|_| {
                [u.published, u.estimated].map(
                    |TimeError {
                         bias,
                         site_sd,
                         zone_sd,
                         ..
                     }| { (normal(rng, bias, site_sd), zone_sd) },
                )
            })
            .collect();
        let sd = u.estimated.district_sd;
        let districts = if sd > 0.0 {
            data.sites
                .iter()
                .map(|_| (0..districts).map(|_| normal(rng, 0.0, sd)).collect())
                .collect()
        } else {
            Vec::new()
        };
        TravelErrors {
            data,
            sites,
            zone_district,
            districts,
        }
    }

    /// The drawn time from zone `z` to site `s` (minutes, at least 0),
    /// drawing its noise; NaN for a pair without a time, which the
    /// evaluator never asks for.
    #[inline]
    fn minutes(&self, z: usize, s: usize, rng: &mut Xoshiro256PlusPlus) -> f64 {
        let Some((t, source)) = self.data.travel.get_with_source(z, s) else {
            return f64::NAN;
        };
        let estimated = source == TimeSource::Estimated;
        let (mut shift, sd) = self.sites[s][usize::from(estimated)];
        if estimated && let Some(d) = self.districts.get(s) {
            shift += d[self.zone_district[z]];
        }
        let e = if sd > 0.0 {
            shift + sd * rng.sample::<f64, _>(StandardNormal)
        } else {
            shift
        };
        (f64::from(t) - e).max(0.0)
    }
}

/// Each zone's admissions, as drawn: its count over the years its mean is
/// of, Poisson, divided back and grown. The distributions are set up once
/// for a study, one per distinct count (counts of a few years' admissions
/// repeat from zone to zone).
struct AdmissionDraws {
    /// Per zone: its mean, and the distribution of its count (`None` when
    /// the count is not drawn).
    zones: Vec<(f64, Option<usize>)>,
    counts: Vec<Poisson<f64>>,
    years: f64,
    growth: f64,
}

impl AdmissionDraws {
    fn new(data: &Dataset, u: &Uncertainty) -> AdmissionDraws {
        let years = u.admissions_years;
        let mut index: BTreeMap<u64, usize> = BTreeMap::new();
        let mut counts = Vec::new();
        let zones = data
            .zones
            .iter()
            .map(|z| {
                let mean = z.admissions;
                let count = (years > 0.0 && mean > 0.0)
                    .then(|| Poisson::new(mean * years).ok())
                    .flatten()
                    .map(|d| {
                        *index.entry((mean * years).to_bits()).or_insert_with(|| {
                            counts.push(d);
                            counts.len() - 1
                        })
                    });
                (mean, count)
            })
            .collect();
        AdmissionDraws {
            zones,
            counts,
            years,
            growth: u.growth,
        }
    }

    /// Every zone's admissions a year in one draw.
    fn draw(&self, rng: &mut Xoshiro256PlusPlus) -> Vec<f64> {
        self.zones
            .iter()
            .map(|&(mean, count)| {
                let sampled = count.map_or(mean, |c| self.counts[c].sample(rng) / self.years);
                sampled * (1.0 + self.growth)
            })
            .collect()
    }
}

/// The input study of `options` (a long list's, or part of it) of `data`
/// under `criteria`, whose `evaluator` is the central one: `draws` draws
/// from `seed`.
pub fn study(
    data: &Dataset,
    criteria: &Criteria,
    evaluator: &Evaluator,
    options: &[Assessed],
    u: &Uncertainty,
    draws: usize,
    seed: u64,
) -> InputStudy {
    let n = options.len();
    let hurdles = Hurdle::all(&criteria.hurdles);
    let admission_draws = AdmissionDraws::new(data, u);
    let (zone_district, districts) = zone_districts(data);
    // The call-to-needle share takes a pass over the zones of its own:
    // worked out for every option only when a hurdle uses it, otherwise
    // for the options that pass, to be scored.
    let ctn_hurdle = criteria
        .hurdles
        .limits
        .iter()
        .any(|l| l.metric == Metric::CallToNeedleWithinTarget);
    let tally = (0..draws)
        .into_par_iter()
        .fold(
            || Tally::new(n, hurdles.len()),
            |mut tally, draw| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(draw as u64 + 1);
                let pathway = drawn_pathway(&criteria.pathway, u, &mut rng);
                let errors = TravelErrors::draw(data, (&zone_district, districts), u, &mut rng);
                let care = criteria.organised_care.as_ref().map(|effect| {
                    let (low, high) = effect.mortality_interval;
                    let mut effect = effect.clone();
                    effect.mortality_reduction =
                        normal(&mut rng, effect.mortality_reduction, (high - low) / 3.92);
                    effect
                });
                // The zones' admissions and noise, the bulk of the numbers,
                // come from a faster generator seeded from the draw's stream.
                let mut noise = Xoshiro256PlusPlus::from_rng(&mut rng);
                let admissions = admission_draws.draw(&mut noise);
                let mut e = evaluator.with_inputs(
                    |z, s| errors.minutes(z, s, &mut noise),
                    admissions,
                    &pathway,
                );
                // Panel scores with a range: drawn uniformly within it.
                if let Some(panel) = criteria.panel.as_ref().filter(|p| p.uncertain()) {
                    e.replace_analysis(panel.drawn(&mut rng));
                }
                let mut scratch = e.scratch();
                let mut best: Option<(f64, f64, usize)> = None;
                // The ranking rule: score, then lower mean travel, fewer
                // HASUs, earlier sites.
                let ahead = |(s, t, i): (f64, f64, usize), (bs, bt, bi): (f64, f64, usize)| {
                    let (a, b) = (&options[i], &options[bi]);
                    s.total_cmp(&bs)
                        .reverse()
                        .then(t.total_cmp(&bt))
                        .then(a.size().cmp(&b.size()))
                        .then(a.site_set().site_order(&b.site_set()))
                        .is_lt()
                };
                for (i, o) in options.iter().enumerate() {
                    let mut m = e.evaluate_partly(&o.site_set(), &mut scratch, ctn_hurdle);
                    if let Some(effect) = &care {
                        let c = crate::organised_care::account(
                            effect,
                            data,
                            &o.site_set(),
                            e.loads(&scratch).region,
                            e.loads(e.today_evaluated().0).region,
                        );
                        tally.care[i].push((c.option.deaths_avoided, c.today.deaths_avoided));
                    }
                    let all = checks(&criteria.hurdles, &m);
                    let mut failed = 0;
                    let mut last_failed = 0;
                    for (h, &hurdle) in hurdles.iter().enumerate() {
                        let ok = all
                            .iter()
                            .filter(|c| c.rule.hurdle() == hurdle)
                            .all(|c| c.passed());
                        tally.hurdles[i][h] += u32::from(ok);
                        if !ok {
                            failed += 1;
                            last_failed = h;
                        }
                    }
                    match failed {
                        0 => tally.others[i].iter_mut().for_each(|c| *c += 1),
                        1 => tally.others[i][last_failed] += 1,
                        _ => {}
                    }
                    if failed > 0 {
                        continue;
                    }
                    tally.pass[i] += 1;
                    if !ctn_hurdle {
                        m.call_to_needle_within_target = e.call_to_needle_share(&scratch);
                    }
                    let s: f64 = score(criteria, &m).iter().map(|c| c.points).sum();
                    let this = (s, m.mean_travel, i);
                    if best.is_none_or(|b| ahead(this, b)) {
                        best = Some(this);
                    }
                }
                if let Some((_, _, i)) = best {
                    tally.first[i] += 1;
                }
                tally
            },
        )
        .reduce(|| Tally::new(n, hurdles.len()), Tally::add);
    let d = draws.max(1) as f64;
    let mut care = tally.care;
    InputStudy {
        draws,
        options: (0..n)
            .map(|i| InputOdds {
                organised_care: criteria
                    .organised_care
                    .as_ref()
                    .filter(|_| draws > 0)
                    .map(|_| {
                        let mut change: Vec<f64> = care[i].iter().map(|(o, t)| o - t).collect();
                        let mut option: Vec<f64> = care[i].iter().map(|p| p.0).collect();
                        care[i] = Vec::new();
                        CareInterval {
                            deaths_avoided: middle_95(&mut option),
                            change: middle_95(&mut change),
                        }
                    }),
                p_pass: f64::from(tally.pass[i]) / d,
                p_hurdles: tally.hurdles[i].iter().map(|&c| f64::from(c) / d).collect(),
                p_others: tally.others[i].iter().map(|&c| f64::from(c) / d).collect(),
                p_first: f64::from(tally.first[i]) / d,
            })
            .collect(),
    }
}
