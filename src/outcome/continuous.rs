//! Model A: the continuous modified Rankin Scale (mRS) model of the
//! `stroke-outcome` package (version 0.1.8, MIT; stroke-modelling group,
//! University of Exeter), written afresh from its source and checked
//! against values the package itself produced (to 1e-9).
//!
//! The model works on cumulative mRS distributions, P(mRS ≤ x) for x =
//! 0..6. For a cohort treated at `t` minutes after onset, each P(mRS ≤ x)
//! lies on the straight line, in log-odds, between the distribution when
//! treated at onset and the one at the time of no effect (378 minutes for
//! IVT, from Emberson et al., Lancet 2014; 480 for MT, from Fransen et al.,
//! JAMA Neurology 2016); treated at or after that time, the patient has the
//! "no effect" distribution, which holds the treatment's excess deaths.
//! Benefit is measured against no treatment. Rules, as in the package:
//! - a patient with a non-large-vessel occlusion (nLVO) given MT is counted
//!   as a large-vessel occlusion (LVO);
//! - an LVO patient given IVT and MT gets the better of the two outcomes
//!   (the lower mRS shift; MT on a tie), never both;
//! - other stroke types (haemorrhage, mimics) have no outcome;
//! - no licence limit is applied (callers apply theirs);
//! - as in the package, every probability of exactly 1 in the input
//!   distributions is first taken as 1 − 10⁻¹⁰ (to keep log-odds finite).

use serde::Serialize;

/// A stroke type, by the package's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StrokeType {
    /// 0: haemorrhage, mimic or other.
    Other,
    /// 1: non-large-vessel occlusion.
    Nlvo,
    /// 2: large-vessel occlusion.
    Lvo,
}

/// One patient's stroke and treatment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Patient {
    /// The stroke type.
    pub stroke_type: StrokeType,
    /// Onset to thrombolysis, minutes.
    pub onset_to_needle: f64,
    /// Whether IVT was given.
    pub ivt: bool,
    /// Onset to thrombectomy puncture, minutes.
    pub onset_to_puncture: f64,
    /// Whether MT was given.
    pub mt: bool,
}

/// A patient's outcome under model A.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outcome {
    /// P(mRS ≤ x) for x = 0..6.
    pub cumulative: [f64; 7],
    /// Mean mRS.
    pub mean_mrs: f64,
    /// Mean mRS minus that without treatment (negative is better).
    pub mrs_shift: f64,
    /// Mean utility.
    pub utility: f64,
    /// Mean utility minus that without treatment (positive is better).
    pub utility_shift: f64,
}

/// The package's cumulative mRS distributions
/// (`stroke_outcome/data/mrs_dist_probs_cumsum.csv`), mRS ≤ 0..6.
const NO_TREATMENT_NLVO: [f64; 7] = [0.198, 0.46, 0.58, 0.708, 0.856, 0.918, 1.0];
const NO_EFFECT_NLVO_IVT: [f64; 7] = [0.196, 0.455, 0.574, 0.701, 0.847, 0.908, 1.0];
const T0_NLVO_IVT: [f64; 7] = [0.445, 0.642, 0.752, 0.862, 0.941, 0.967, 1.0];
const NO_TREATMENT_LVO: [f64; 7] = [0.05, 0.129, 0.265, 0.429, 0.676, 0.811, 1.0];
const NO_EFFECT_LVO_IVT: [f64; 7] = [0.048, 0.124, 0.255, 0.414, 0.653, 0.783, 1.0];
const T0_LVO_IVT: [f64; 7] = [0.14, 0.233, 0.361, 0.522, 0.73, 0.838, 1.0];
const NO_EFFECT_LVO_MT: [f64; 7] = [0.048, 0.124, 0.255, 0.412, 0.649, 0.779, 1.0];
const T0_LVO_MT: [f64; 7] = [0.306, 0.429, 0.548, 0.707, 0.851, 0.915, 1.0];

/// Utility of each mRS score: Wang et al., Stroke 2020;51:2411 (the
/// package's default).
pub const WANG_2020: [f64; 7] = [0.97, 0.88, 0.74, 0.55, 0.20, -0.19, 0.00];

/// IVT's time of no effect, minutes.
pub const IVT_NO_EFFECT_MINUTES: f64 = 378.0;
/// MT's time of no effect, minutes.
pub const MT_NO_EFFECT_MINUTES: f64 = 480.0;

/// A treatment curve: the distributions without treatment, when treated at
/// onset, and at the time of no effect.
#[derive(Debug, Clone, Copy)]
pub struct Curve {
    not_treated: [f64; 7],
    no_effect: [f64; 7],
    t0_logodds: [f64; 7],
    no_effect_logodds: [f64; 7],
    no_effect_minutes: f64,
}

/// A probability of exactly 1 taken as 1 − 10⁻¹⁰, as the package does.
fn kept_below_one(p: [f64; 7]) -> [f64; 7] {
    p.map(|x| if x == 1.0 { 1.0 - 1e-10 } else { x })
}

fn logodds(p: [f64; 7]) -> [f64; 7] {
    kept_below_one(p).map(|x| (x / (1.0 - x)).ln())
}

impl Curve {
    fn new(not_treated: [f64; 7], t0: [f64; 7], no_effect: [f64; 7], minutes: f64) -> Curve {
        Curve {
            not_treated: kept_below_one(not_treated),
            no_effect: kept_below_one(no_effect),
            t0_logodds: logodds(t0),
            no_effect_logodds: logodds(no_effect),
            no_effect_minutes: minutes,
        }
    }

    /// nLVO treated with IVT.
    pub fn nlvo_ivt() -> Curve {
        Curve::new(
            NO_TREATMENT_NLVO,
            T0_NLVO_IVT,
            NO_EFFECT_NLVO_IVT,
            IVT_NO_EFFECT_MINUTES,
        )
    }

    /// LVO treated with IVT.
    pub fn lvo_ivt() -> Curve {
        Curve::new(
            NO_TREATMENT_LVO,
            T0_LVO_IVT,
            NO_EFFECT_LVO_IVT,
            IVT_NO_EFFECT_MINUTES,
        )
    }

    /// LVO treated with MT.
    pub fn lvo_mt() -> Curve {
        Curve::new(
            NO_TREATMENT_LVO,
            T0_LVO_MT,
            NO_EFFECT_LVO_MT,
            MT_NO_EFFECT_MINUTES,
        )
    }

    /// The cumulative distribution of a patient of this curve: untreated,
    /// or treated at `minutes` after onset.
    pub fn cumulative(&self, treated: bool, minutes: f64) -> [f64; 7] {
        if !treated {
            return self.not_treated;
        }
        if minutes >= self.no_effect_minutes {
            return self.no_effect;
        }
        let f = minutes / self.no_effect_minutes;
        let mut out = [0.0; 7];
        for ((p, late), early) in out
            .iter_mut()
            .zip(&self.no_effect_logodds)
            .zip(&self.t0_logodds)
        {
            let odds = (f * late + (1.0 - f) * early).exp();
            *p = odds / (1.0 + odds);
        }
        out[6] = 1.0;
        out
    }

    /// The outcome of a cumulative distribution of this curve, against no
    /// treatment, with `utility` per mRS score.
    pub fn outcome(&self, cumulative: [f64; 7], utility: &[f64; 7]) -> Outcome {
        let (mean_mrs, mean_utility) = means(&cumulative, utility);
        let (base_mrs, base_utility) = means(&self.not_treated, utility);
        Outcome {
            cumulative,
            mean_mrs,
            mrs_shift: mean_mrs - base_mrs,
            utility: mean_utility,
            utility_shift: mean_utility - base_utility,
        }
    }
}

/// Mean mRS and mean utility of a cumulative distribution.
fn means(cumulative: &[f64; 7], utility: &[f64; 7]) -> (f64, f64) {
    let (mut mrs, mut u, mut below) = (0.0, 0.0, 0.0);
    for (x, (&c, w)) in cumulative.iter().zip(utility).enumerate() {
        let p = c - below;
        below = c;
        mrs += p * x as f64;
        u += p * w;
    }
    (mrs, u)
}

/// Model A with its three curves and a utility scale.
#[derive(Debug, Clone)]
pub struct Continuous {
    /// nLVO treated with IVT.
    pub nlvo_ivt: Curve,
    /// LVO treated with IVT.
    pub lvo_ivt: Curve,
    /// LVO treated with MT.
    pub lvo_mt: Curve,
    /// Utility of each mRS score.
    pub utility: [f64; 7],
}

impl Default for Continuous {
    fn default() -> Continuous {
        Continuous {
            nlvo_ivt: Curve::nlvo_ivt(),
            lvo_ivt: Curve::lvo_ivt(),
            lvo_mt: Curve::lvo_mt(),
            utility: WANG_2020,
        }
    }
}

impl Continuous {
    /// The outcome of `p`, or `None` for a stroke type the model has no
    /// outcome for.
    ///
    /// # Example
    /// An nLVO patient thrombolysed an hour after onset is more likely to be
    /// independent (mRS ≤ 1) than untreated: 0.46 rises to about 0.614.
    /// ```
    /// use hasu::outcome::continuous::{Continuous, Patient, StrokeType};
    /// let p = Patient { stroke_type: StrokeType::Nlvo, onset_to_needle: 60.0, ivt: true,
    ///                   onset_to_puncture: 0.0, mt: false };
    /// let o = Continuous::default().patient(&p).unwrap();
    /// assert!((o.cumulative[1] - 0.46 - 0.1537).abs() < 1e-4);
    /// assert!(o.mrs_shift < 0.0 && o.utility_shift > 0.0);
    /// ```
    pub fn patient(&self, p: &Patient) -> Option<Outcome> {
        // nLVO given MT is counted as LVO.
        let stroke = match p.stroke_type {
            StrokeType::Nlvo if p.mt => StrokeType::Lvo,
            other => other,
        };
        let u = &self.utility;
        match stroke {
            StrokeType::Other => None,
            StrokeType::Nlvo => {
                let c = &self.nlvo_ivt;
                Some(c.outcome(c.cumulative(p.ivt, p.onset_to_needle), u))
            }
            StrokeType::Lvo => {
                let ivt = self
                    .lvo_ivt
                    .outcome(self.lvo_ivt.cumulative(p.ivt, p.onset_to_needle), u);
                if !p.mt {
                    return Some(ivt);
                }
                let mt = self
                    .lvo_mt
                    .outcome(self.lvo_mt.cumulative(true, p.onset_to_puncture), u);
                Some(if p.ivt && ivt.mrs_shift < mt.mrs_shift {
                    ivt
                } else {
                    mt
                })
            }
        }
    }
}
