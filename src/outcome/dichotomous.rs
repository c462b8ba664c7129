//! Model B: the dichotomised model of Allen et al.'s national configuration
//! work (MichaelAllen1966/stroke_geography_outcome, `clinical_outcome.py`;
//! after Holodinsky et al., JAMA Neurology 2018): the probability of a good
//! outcome, mRS 0–1.
//!
//! For each cohort the log-odds of a good outcome fall in a straight line
//! from the treated-at-onset value to the untreated one at the time of no
//! effect (IVT 378, MT 480 minutes), never below untreated. The added
//! probability is zero past the licence limits the model applies itself
//! (IVT 270, MT 360 minutes). Untreated: nLVO 0.4622, LVO 0.1328 (Emberson
//! et al. 2014 control groups, 727/1573 and 238/1792); treated at onset:
//! nLVO with IVT 0.6444, LVO with IVT 0.2441, LVO with MT 0.5208;
//! haemorrhage 0.24 and mimics 1.0 whatever is done.

/// One treatment curve of model B.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curve {
    /// P(mRS 0–1) untreated.
    pub untreated: f64,
    /// P(mRS 0–1) treated at onset.
    pub at_onset: f64,
    /// Time of no effect, minutes.
    pub no_effect_minutes: f64,
    /// No benefit past this many minutes (the licence limit).
    pub limit_minutes: f64,
}

/// nLVO treated with IVT.
pub const NLVO_IVT: Curve = Curve {
    untreated: 0.4622,
    at_onset: 0.6444,
    no_effect_minutes: 378.0,
    limit_minutes: 270.0,
};
/// LVO treated with IVT.
pub const LVO_IVT: Curve = Curve {
    untreated: 0.1328,
    at_onset: 0.2441,
    no_effect_minutes: 378.0,
    limit_minutes: 270.0,
};
/// LVO treated with MT.
pub const LVO_MT: Curve = Curve {
    untreated: 0.1328,
    at_onset: 0.5208,
    no_effect_minutes: 480.0,
    limit_minutes: 360.0,
};
/// P(mRS 0–1) after an intracerebral haemorrhage.
pub const HAEMORRHAGE: f64 = 0.24;
/// P(mRS 0–1) of a stroke mimic.
pub const MIMIC: f64 = 1.0;

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

impl Curve {
    /// The probability of mRS 0–1 added by treatment at `minutes` after
    /// onset.
    ///
    /// # Example
    /// MT two hours after onset adds about 0.267 to an LVO patient's chance
    /// of independence; past the 360-minute limit, nothing.
    /// ```
    /// use hasu::outcome::dichotomous::LVO_MT;
    /// assert!((LVO_MT.added(120.0) - 0.2669).abs() < 1e-4);
    /// assert_eq!(LVO_MT.added(361.0), 0.0);
    /// ```
    pub fn added(&self, minutes: f64) -> f64 {
        if minutes > self.limit_minutes {
            return 0.0;
        }
        let (high, low) = (logit(self.at_onset), logit(self.untreated));
        let l = high - (high - low) * minutes / self.no_effect_minutes;
        let p = (l.exp() / (1.0 + l.exp())).max(self.untreated);
        (p - self.untreated).max(0.0)
    }
}

/// Who is admitted, and who of them is treatable, as shares.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CaseMix {
    /// Share of admissions with an LVO.
    pub lvo: f64,
    /// With an nLVO.
    pub nlvo: f64,
    /// With a haemorrhage.
    pub haemorrhage: f64,
    /// Mimics.
    pub mimic: f64,
    /// Share of nLVO patients eligible for IVT.
    pub nlvo_eligible: f64,
    /// Share of LVO patients eligible for IVT.
    pub lvo_eligible: f64,
    /// Thrombectomies per thrombolysed LVO patient (1 / the share of MT
    /// patients first given IVT).
    pub thrombectomy_per_thrombolysis: f64,
}

/// Allen et al.'s case mix (`data.py` defaults): LVO, nLVO and haemorrhage
/// shares from de la Ossa et al., Stroke 2014; eligibility tuned so that 20%
/// of ischaemic strokes get IVT and 10% of all strokes MT, 87% of them after
/// IVT.
pub const ALLEN_CASE_MIX: CaseMix = CaseMix {
    lvo: 0.3171,
    nlvo: 0.5165,
    haemorrhage: 0.1664,
    mimic: 0.0,
    nlvo_eligible: 0.1936,
    lvo_eligible: 0.3125 * 0.87,
    thrombectomy_per_thrombolysis: 1.0 / 0.87,
};

/// The share of admissions with a good outcome (mRS 0–1): (without
/// treatment, with treatment at `onset_to_needle` and `onset_to_puncture`).
///
/// As in Allen et al.: good outcomes of every cohort untreated, plus IVT's
/// added good outcomes for the eligible nLVO and LVO patients, plus MT's
/// for a thrombectomy pool of `LVO × eligible × k − LVO × eligible ×
/// added(IVT)`, IVT responders being taken out of it (the formula that
/// gives the model's published test values).
///
/// # Example
/// With Allen's case mix, needle at 130 and puncture at 180 minutes: 320.8
/// good outcomes per 1,000 admissions untreated, 37.5 more treated.
/// ```
/// use hasu::outcome::dichotomous::{ALLEN_CASE_MIX, population};
/// let (base, treated) = population(&ALLEN_CASE_MIX, 130.0, 180.0);
/// assert!((1000.0 * base - 320.8).abs() < 0.05);
/// assert!((1000.0 * (treated - base) - 37.5).abs() < 0.05);
/// ```
pub fn population(mix: &CaseMix, onset_to_needle: f64, onset_to_puncture: f64) -> (f64, f64) {
    let base = mix.mimic * MIMIC
        + mix.haemorrhage * HAEMORRHAGE
        + mix.nlvo * NLVO_IVT.untreated
        + mix.lvo * LVO_IVT.untreated;
    let ivt_nlvo = NLVO_IVT.added(onset_to_needle);
    let ivt_lvo = LVO_IVT.added(onset_to_needle);
    let mt = LVO_MT.added(onset_to_puncture);
    let pool = mix.lvo * mix.lvo_eligible * mix.thrombectomy_per_thrombolysis
        - mix.lvo * mix.lvo_eligible * ivt_lvo;
    let added =
        mix.nlvo * mix.nlvo_eligible * ivt_nlvo + mix.lvo * mix.lvo_eligible * ivt_lvo + pool * mt;
    (base, base + added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_files_test_vectors() {
        // Added P(mRS 0–1) at 0, 60, 120, 180 and 270 minutes.
        let rows: [(Curve, [f64; 5]); 3] = [
            (NLVO_IVT, [0.1822, 0.1546, 0.1263, 0.0973, 0.0532]),
            (LVO_IVT, [0.1113, 0.0901, 0.0703, 0.0518, 0.0265]),
            (LVO_MT, [0.3880, 0.3269, 0.2669, 0.2098, 0.1324]),
        ];
        for (curve, expected) in rows {
            for (t, e) in [0.0, 60.0, 120.0, 180.0, 270.0].iter().zip(expected) {
                assert!(
                    (curve.added(*t) - e).abs() < 5e-5,
                    "{t}: {}",
                    curve.added(*t)
                );
            }
        }
        assert!((LVO_MT.added(360.0) - 0.0672).abs() < 5e-5);
        assert_eq!(NLVO_IVT.added(270.1), 0.0);
        let (base, treated) = population(&ALLEN_CASE_MIX, 120.0, 260.0);
        assert!((1000.0 * (treated - base) - 31.8).abs() < 0.05);
    }
}
