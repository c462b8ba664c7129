//! Settings of the patient-benefit and bed analyses: the pathway to
//! treatment with the thrombectomy tier, the case mix, and how beds are
//! planned.

use serde::Serialize;

use crate::outcome::Model;

/// Where a patient with a suspected large-vessel occlusion goes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Everyone to the nearest open unit; patients who need thrombectomy
    /// are then transferred to the thrombectomy centre nearest that unit.
    DripAndShip,
    /// Patients a pre-hospital test marks as suspected LVO go straight to
    /// the nearest thrombectomy centre when that serves them better than
    /// drip-and-ship; everyone else as drip-and-ship.
    Mothership,
}

/// Shares of stroke admissions by stroke type and the treatment they are
/// eligible for (they add up to 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CaseMix {
    /// Haemorrhages, mimics and other strokes (no treatment effect).
    pub other: f64,
    /// nLVO eligible for thrombolysis (IVT).
    pub nlvo_ivt: f64,
    /// nLVO not eligible.
    pub nlvo_untreated: f64,
    /// LVO eligible for IVT only.
    pub lvo_ivt: f64,
    /// LVO eligible for IVT and thrombectomy (MT).
    pub lvo_ivt_mt: f64,
    /// LVO eligible for MT only.
    pub lvo_mt: f64,
    /// LVO eligible for neither.
    pub lvo_untreated: f64,
}

impl CaseMix {
    /// Share with a large-vessel occlusion.
    pub fn lvo(&self) -> f64 {
        self.lvo_ivt + self.lvo_ivt_mt + self.lvo_mt + self.lvo_untreated
    }

    /// Every share, named as in criteria files.
    pub fn shares(&self) -> [(&'static str, f64); 7] {
        [
            ("other", self.other),
            ("nlvo_ivt", self.nlvo_ivt),
            ("nlvo_untreated", self.nlvo_untreated),
            ("lvo_ivt", self.lvo_ivt),
            ("lvo_ivt_mt", self.lvo_ivt_mt),
            ("lvo_mt", self.lvo_mt),
            ("lvo_untreated", self.lvo_untreated),
        ]
    }
}

/// How well a pre-hospital test picks out a large-vessel occlusion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TestAccuracy {
    /// Share of LVO patients the test marks as suspected LVO.
    pub sensitivity: f64,
    /// Share of other patients it marks as not suspected.
    pub specificity: f64,
}

/// The pathway to treatment and the outcome model of the patient-benefit
/// analysis. Times are minutes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcomes {
    /// Which outcome model.
    pub model: Model,
    /// Where suspected LVO patients go first.
    pub policy: Policy,
    /// Stroke onset to the 999 call.
    pub onset_to_call_minutes: f64,
    /// Arrival to thrombectomy puncture at a thrombectomy centre.
    pub door_to_puncture_minutes: f64,
    /// A transferred patient's extra delay beyond the travel between
    /// units (door-in-door-out and the later start at the centre).
    pub transfer_delay_minutes: f64,
    /// No IVT later than this after onset (the licence limit).
    pub ivt_limit_minutes: f64,
    /// No MT later than this after onset.
    pub mt_limit_minutes: f64,
    /// The case mix.
    pub case_mix: CaseMix,
    /// The pre-hospital LVO test (mothership only).
    pub lvo_test: Option<TestAccuracy>,
}

/// How beds are worked out from a unit's admissions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "method", content = "target")]
pub enum BedRule {
    /// Mean occupied beds ÷ this occupancy, rounded up.
    Occupancy(f64),
    /// The fewest beds holding every patient on this share of days
    /// (occupied beds are Poisson whatever the length of stay).
    Poisson(f64),
    /// The fewest beds turning away at most this share of patients
    /// (Erlang's loss formula).
    ErlangB(f64),
}

/// How the beds a unit needs are planned.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BedPlanning {
    /// Mean length of stay on the unit, days.
    pub length_of_stay_days: f64,
    /// The planning rule.
    pub rule: BedRule,
    /// Acute stroke unit beds after the hyper-acute stay, when stated.
    pub asu: Option<crate::criteria::AsuPlanning>,
}
