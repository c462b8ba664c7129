//! The expected benefit of treatment for an admission, by the times from
//! onset to needle and to puncture, read from tables worked out once.
//!
//! An appraisal asks this for every zone of every option, so each
//! treatment's curve (nLVO with IVT, LVO with IVT, LVO with MT) is tabulated
//! once, every tenth of a minute up to its licence limit, and read by
//! linear interpolation: no logistic curve is evaluated per option.
//!
//! # Rules
//! - A cohort is treated only within the licence limits of the criteria
//!   (onset-to-needle ≤ the IVT limit, onset-to-puncture ≤ the MT limit);
//!   past them it is untreated and gains nothing.
//! - An LVO patient eligible for both gets the better of IVT at the needle
//!   time and MT at the puncture time (the smaller mRS shift for the
//!   continuous model, the larger P(mRS 0–1) for the dichotomised one; MT
//!   on a tie), as `stroke-outcome` does; both treatments are counted as
//!   given.
//! - Other stroke types (haemorrhage, mimics) gain nothing.

use std::ops::{Add, Mul};

use serde::Serialize;

use super::Model;
use super::continuous::{Continuous, Curve};
use super::dichotomous;
use crate::criteria::{CaseMix, Outcomes};

/// What treatment adds to a patient's outcome, against no treatment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Gain {
    /// Added probability of mRS 0–1.
    pub mrs_0_1: f64,
    /// Added probability of mRS 0–2 (the continuous model only; 0 in the
    /// dichotomised one).
    pub mrs_0_2: f64,
    /// Added utility (the continuous model only).
    pub utility: f64,
    /// Change in mean mRS (negative is better; the dichotomised model
    /// gives minus the added P(mRS 0–1), used only to compare).
    pub mrs_shift: f64,
}

impl Add for Gain {
    type Output = Gain;
    fn add(self, o: Gain) -> Gain {
        Gain {
            mrs_0_1: self.mrs_0_1 + o.mrs_0_1,
            mrs_0_2: self.mrs_0_2 + o.mrs_0_2,
            utility: self.utility + o.utility,
            mrs_shift: self.mrs_shift + o.mrs_shift,
        }
    }
}

impl Mul<f64> for Gain {
    type Output = Gain;
    fn mul(self, k: f64) -> Gain {
        Gain {
            mrs_0_1: self.mrs_0_1 * k,
            mrs_0_2: self.mrs_0_2 * k,
            utility: self.utility * k,
            mrs_shift: self.mrs_shift * k,
        }
    }
}

/// A share of admissions treated at given times: the expected gain and
/// the shares given each treatment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Treated {
    /// Expected gain per admission.
    pub gain: Gain,
    /// Share of admissions given IVT.
    pub ivt: f64,
    /// Share given MT.
    pub mt: f64,
    /// Share eligible for IVT, in time or not.
    pub ivt_eligible: f64,
    /// Share eligible for MT, in time or not.
    pub mt_eligible: f64,
}

impl Add for Treated {
    type Output = Treated;
    fn add(self, o: Treated) -> Treated {
        Treated {
            gain: self.gain + o.gain,
            ivt: self.ivt + o.ivt,
            mt: self.mt + o.mt,
            ivt_eligible: self.ivt_eligible + o.ivt_eligible,
            mt_eligible: self.mt_eligible + o.mt_eligible,
        }
    }
}

/// Shares of admissions in each treatable cohort.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cohorts {
    /// nLVO eligible for IVT.
    pub nlvo_ivt: f64,
    /// LVO eligible for IVT only.
    pub lvo_ivt: f64,
    /// LVO eligible for both.
    pub lvo_ivt_mt: f64,
    /// LVO eligible for MT only.
    pub lvo_mt: f64,
}

impl Cohorts {
    /// The treatable cohorts of a case mix.
    pub fn of(mix: &CaseMix) -> Cohorts {
        Cohorts {
            nlvo_ivt: mix.nlvo_ivt,
            lvo_ivt: mix.lvo_ivt,
            lvo_ivt_mt: mix.lvo_ivt_mt,
            lvo_mt: mix.lvo_mt,
        }
    }

    /// The nLVO and LVO cohorts scaled by `nlvo` and `lvo` (the shares of
    /// each that a test picks out, say).
    pub fn scaled(&self, nlvo: f64, lvo: f64) -> Cohorts {
        Cohorts {
            nlvo_ivt: self.nlvo_ivt * nlvo,
            lvo_ivt: self.lvo_ivt * lvo,
            lvo_ivt_mt: self.lvo_ivt_mt * lvo,
            lvo_mt: self.lvo_mt * lvo,
        }
    }
}

/// One treatment's gain every tenth of a minute from onset to just past
/// its limit.
#[derive(Debug, Clone)]
struct Table {
    gains: Vec<Gain>,
    limit: f64,
}

impl Table {
    fn new(limit: f64, gain: impl Fn(f64) -> Gain) -> Table {
        let steps = (limit * 10.0).floor() as usize + 2;
        Table {
            gains: (0..steps).map(|i| gain(i as f64 / 10.0)).collect(),
            limit,
        }
    }

    /// The gain at `minutes` after onset, or `None` past the limit.
    #[inline]
    fn at(&self, minutes: f64) -> Option<Gain> {
        if minutes.is_nan() || minutes > self.limit {
            return None;
        }
        let x = minutes.max(0.0) * 10.0;
        let i = (x as usize).min(self.gains.len() - 2);
        let f = x - i as f64;
        let (a, b) = (self.gains[i], self.gains[i + 1]);
        Some(a * (1.0 - f) + b * f)
    }
}

/// The benefit model of an appraisal: the three treatment tables.
#[derive(Debug, Clone)]
pub struct Benefit {
    model: Model,
    nlvo_ivt: Table,
    lvo_ivt: Table,
    lvo_mt: Table,
}

/// A continuous-model gain of treatment at `minutes` on `curve`.
fn continuous_gain(a: &Continuous, curve: &Curve, minutes: f64) -> Gain {
    let untreated = curve.cumulative(false, 0.0);
    let treated = curve.cumulative(true, minutes);
    let o = curve.outcome(treated, &a.utility);
    Gain {
        mrs_0_1: treated[1] - untreated[1],
        mrs_0_2: treated[2] - untreated[2],
        utility: o.utility_shift,
        mrs_shift: o.mrs_shift,
    }
}

/// A dichotomised-model gain of treatment at `minutes` on `curve`.
fn dichotomous_gain(curve: &dichotomous::Curve, minutes: f64) -> Gain {
    let added = curve.added(minutes);
    Gain {
        mrs_0_1: added,
        mrs_0_2: 0.0,
        utility: 0.0,
        mrs_shift: -added,
    }
}

impl Benefit {
    /// Tabulates the model of `settings` up to its licence limits.
    pub fn new(settings: &Outcomes) -> Benefit {
        let (ivt, mt) = (settings.ivt_limit_minutes, settings.mt_limit_minutes);
        match settings.model {
            Model::StrokeOutcome => {
                let a = Continuous::default();
                Benefit {
                    model: settings.model,
                    nlvo_ivt: Table::new(ivt, |t| continuous_gain(&a, &a.nlvo_ivt, t)),
                    lvo_ivt: Table::new(ivt, |t| continuous_gain(&a, &a.lvo_ivt, t)),
                    lvo_mt: Table::new(mt, |t| continuous_gain(&a, &a.lvo_mt, t)),
                }
            }
            Model::Allen => Benefit {
                model: settings.model,
                nlvo_ivt: Table::new(ivt, |t| dichotomous_gain(&dichotomous::NLVO_IVT, t)),
                lvo_ivt: Table::new(ivt, |t| dichotomous_gain(&dichotomous::LVO_IVT, t)),
                lvo_mt: Table::new(mt, |t| dichotomous_gain(&dichotomous::LVO_MT, t)),
            },
        }
    }

    /// Which model the tables are of.
    pub fn model(&self) -> Model {
        self.model
    }

    /// The patients of `cohorts` (shares of admissions) treated at
    /// `needle` and `puncture` minutes after onset: their expected gain
    /// and treatments, per admission.
    ///
    /// # Example
    /// Every patient an nLVO eligible for IVT, thrombolysed an hour after
    /// onset: P(mRS 0–1) rises by 0.1537, as the domain's test vector says.
    /// ```
    /// use hasu::criteria::{CaseMix, Outcomes, Policy};
    /// use hasu::outcome::{Model, benefit::{Benefit, Cohorts}};
    /// let mix = CaseMix { other: 0.0, nlvo_ivt: 1.0, nlvo_untreated: 0.0, lvo_ivt: 0.0,
    ///                     lvo_ivt_mt: 0.0, lvo_mt: 0.0, lvo_untreated: 0.0 };
    /// let settings = Outcomes { model: Model::StrokeOutcome, policy: Policy::DripAndShip,
    ///     onset_to_call_minutes: 0.0, door_to_puncture_minutes: 0.0, transfer_delay_minutes: 0.0,
    ///     ivt_limit_minutes: 270.0, mt_limit_minutes: 360.0, case_mix: mix, lvo_test: None };
    /// let t = Benefit::new(&settings).treat(&Cohorts::of(&mix), 60.0, 90.0);
    /// assert!((t.gain.mrs_0_1 - 0.1537).abs() < 1e-4);
    /// assert_eq!((t.ivt, t.mt), (1.0, 0.0));
    /// ```
    #[inline]
    pub fn treat(&self, cohorts: &Cohorts, needle: f64, puncture: f64) -> Treated {
        let nlvo = self.nlvo_ivt.at(needle);
        let ivt = self.lvo_ivt.at(needle);
        let mt = self.lvo_mt.at(puncture);
        let mut out = Treated {
            ivt_eligible: cohorts.nlvo_ivt + cohorts.lvo_ivt + cohorts.lvo_ivt_mt,
            mt_eligible: cohorts.lvo_ivt_mt + cohorts.lvo_mt,
            ..Treated::default()
        };
        if let Some(g) = nlvo {
            out.gain = g * cohorts.nlvo_ivt;
            out.ivt = cohorts.nlvo_ivt;
        }
        if let Some(g) = ivt {
            out.gain = out.gain + g * cohorts.lvo_ivt;
            out.ivt += cohorts.lvo_ivt;
        }
        if let Some(g) = mt {
            out.gain = out.gain + g * cohorts.lvo_mt;
            out.mt += cohorts.lvo_mt;
        }
        // Eligible for both: the better of the two, each counted as given.
        let both = match (ivt, mt) {
            (Some(i), Some(m)) => Some(if i.mrs_shift < m.mrs_shift { i } else { m }),
            (one, other) => one.or(other),
        };
        if let Some(g) = both {
            out.gain = out.gain + g * cohorts.lvo_ivt_mt;
        }
        if ivt.is_some() {
            out.ivt += cohorts.lvo_ivt_mt;
        }
        if mt.is_some() {
            out.mt += cohorts.lvo_ivt_mt;
        }
        out
    }

    /// The figure a route is chosen by: utility for the continuous model,
    /// P(mRS 0–1) for the dichotomised one.
    pub fn value(&self, gain: &Gain) -> f64 {
        match self.model {
            Model::StrokeOutcome => gain.utility,
            Model::Allen => gain.mrs_0_1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::Policy;

    fn settings(model: Model, mix: CaseMix) -> Outcomes {
        Outcomes {
            model,
            policy: Policy::DripAndShip,
            onset_to_call_minutes: 0.0,
            door_to_puncture_minutes: 0.0,
            transfer_delay_minutes: 0.0,
            ivt_limit_minutes: 270.0,
            mt_limit_minutes: 360.0,
            case_mix: mix,
            lvo_test: None,
        }
    }

    fn only(cohort: usize) -> CaseMix {
        let mut s = [0.0; 4];
        s[cohort] = 1.0;
        CaseMix {
            other: 0.0,
            nlvo_ivt: s[0],
            nlvo_untreated: 0.0,
            lvo_ivt: s[1],
            lvo_ivt_mt: s[2],
            lvo_mt: s[3],
            lvo_untreated: 0.0,
        }
    }

    /// The domain file's test vectors (§4): ΔP(mRS ≤ 1) and ΔP(mRS ≤ 2) of
    /// model A at 0, 60, 120, 180 and 270 minutes (to the 4 decimals
    /// given), read through the tables at times between their steps too.
    #[test]
    fn tables_reproduce_the_domain_vectors() {
        let vectors = [
            (0, [(0.1820, 0.1720), (0.1040, 0.0960), (0.3000, 0.2830)]),
            (60, [(0.1537, 0.1472), (0.0830, 0.0779), (0.2498, 0.2436)]),
            (120, [(0.1245, 0.1209), (0.0635, 0.0602), (0.2021, 0.2041)]),
            (180, [(0.0948, 0.0933), (0.0454, 0.0430), (0.1576, 0.1650)]),
            (270, [(0.0495, 0.0495), (0.0207, 0.0181), (0.0981, 0.1081)]),
        ];
        let cohorts = [0, 1, 3];
        for (t, expected) in vectors {
            for (c, (p01, p02)) in cohorts.iter().zip(expected) {
                let mix = only(*c);
                let b = Benefit::new(&settings(Model::StrokeOutcome, mix));
                let got = b.treat(&Cohorts::of(&mix), t as f64, t as f64).gain;
                assert!(
                    (got.mrs_0_1 - p01).abs() < 6e-5,
                    "t {t} cohort {c}: {got:?}"
                );
                assert!(
                    (got.mrs_0_2 - p02).abs() < 6e-5,
                    "t {t} cohort {c}: {got:?}"
                );
            }
        }
    }

    /// Between steps the tables agree with the model itself.
    #[test]
    fn interpolation_is_close_to_the_curve() {
        let mix = only(0);
        let b = Benefit::new(&settings(Model::StrokeOutcome, mix));
        let a = Continuous::default();
        for t in [0.03, 17.77, 101.25, 269.99] {
            let got = b.treat(&Cohorts::of(&mix), t, 0.0).gain;
            let exact = continuous_gain(&a, &a.nlvo_ivt, t);
            assert!((got.utility - exact.utility).abs() < 1e-9);
            assert!((got.mrs_0_1 - exact.mrs_0_1).abs() < 1e-9);
        }
    }

    #[test]
    fn licence_limits_and_the_better_of_two() {
        let mix = only(2);
        let b = Benefit::new(&settings(Model::StrokeOutcome, mix));
        let c = Cohorts::of(&mix);
        // Past the IVT limit: MT only.
        let t = b.treat(&c, 271.0, 300.0);
        assert_eq!((t.ivt, t.mt), (0.0, 1.0));
        // Past both: nothing, though eligible.
        let t = b.treat(&c, 271.0, 361.0);
        assert_eq!((t.gain, t.ivt, t.mt), (Gain::default(), 0.0, 0.0));
        assert_eq!((t.ivt_eligible, t.mt_eligible), (1.0, 1.0));
        // Early MT beats late IVT.
        let t = b.treat(&c, 200.0, 100.0);
        let mt = b.treat(&Cohorts::of(&only(3)), 0.0, 100.0);
        assert_eq!(t.gain, mt.gain);
        assert_eq!((t.ivt, t.mt), (1.0, 1.0));
    }

    /// Model B through the tables gives the domain's vectors (§4).
    #[test]
    fn dichotomised_tables() {
        for (cohort, at) in [(0, [0.1822, 0.1546, 0.1263]), (3, [0.3880, 0.3269, 0.2669])] {
            let mix = only(cohort);
            let b = Benefit::new(&settings(Model::Allen, mix));
            for (t, p) in [0.0, 60.0, 120.0].into_iter().zip(at) {
                let g = b.treat(&Cohorts::of(&mix), t, t).gain;
                assert!((g.mrs_0_1 - p).abs() < 6e-5);
            }
        }
    }
}
