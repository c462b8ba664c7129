//! The emergency pathway model: times from the 999 call to the needle, and
//! door-to-needle times that fall as a unit grows.

use serde::{Deserialize, Serialize};

/// What the reference door-to-needle time is a statistic of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    /// The mean of a team's patients' times (as SSNAP analyses report a
    /// team; "the median team" is then the team in the middle by that
    /// mean).
    TeamMean,
    /// The median of patients' times.
    PatientMedian,
}

/// What the thrombolysis hurdle comes to under the pathway's parameters: a
/// unit's share within the limit grows with its admissions, so the hurdle is
/// a minimum number of admissions, unless every unit or no unit meets it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "admissions")]
pub enum VolumeEquivalent {
    /// A HASU meets it exactly when it admits at least this many a year.
    AtLeast(f64),
    /// Every HASU meets it, however small.
    Always,
    /// No HASU can meet it, however large.
    Never,
}

/// Times along the emergency pathway, each from a source or an assumption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pathway {
    /// 999 call to ambulance arrival, minutes.
    pub response_minutes: f64,
    /// Time on scene, minutes.
    pub on_scene_minutes: f64,
    /// Blue-light travel time ÷ the matrix's travel time.
    pub blue_light_factor: f64,
    /// The call-to-needle ambition, minutes.
    pub call_to_needle_target_minutes: f64,
    /// Door-to-needle at a unit of `reference_admissions`, minutes, as the
    /// `reference_statistic`.
    pub reference_door_to_needle_minutes: f64,
    /// What the reference time is a statistic of.
    pub reference_statistic: Statistic,
    /// Admissions a year of the reference unit.
    pub reference_admissions: f64,
    /// Minutes the median falls each time a unit's admissions double.
    pub minutes_per_doubling: f64,
    /// The fastest median door-to-needle any unit reaches, minutes.
    pub fastest_median_minutes: f64,
    /// Spread of door-to-needle times: σ of their logarithm.
    pub spread: f64,
    /// Median door-to-needle at out-of-area units, minutes (their volumes
    /// are not known from this dataset).
    pub out_of_area_door_to_needle_minutes: f64,
    /// Whether a unit open today with an observed median door-to-needle
    /// (`observed.csv`) starts from it, the volume effect applied only to
    /// its change of admissions from today; otherwise every unit follows
    /// the curve.
    pub observed_today: bool,
}

impl Pathway {
    /// Call to arrival at the unit door, for a road travel time.
    pub fn call_to_door(&self, travel: f64) -> f64 {
        self.response_minutes + self.on_scene_minutes + self.blue_light_factor * travel
    }

    /// The median patient door-to-needle time at a unit of the reference
    /// size: the reference itself when it is a patient median; for a team
    /// mean, the median of the log-normal with that mean and the model's
    /// spread, `mean × exp(−σ²/2)`.
    pub fn reference_median(&self) -> f64 {
        match self.reference_statistic {
            Statistic::PatientMedian => self.reference_door_to_needle_minutes,
            Statistic::TeamMean => {
                self.reference_door_to_needle_minutes * (-0.5 * self.spread * self.spread).exp()
            }
        }
    }

    /// Median door-to-needle minutes at a unit admitting `admissions` a year:
    /// `reference median − minutes_per_doubling × log2(admissions /
    /// reference)`, never below `fastest_median_minutes`.
    pub fn median_door_to_needle(&self, admissions: f64) -> f64 {
        self.median_from(
            self.reference_median(),
            self.reference_admissions,
            admissions,
        )
    }

    /// Median door-to-needle minutes at a unit whose median is `median` at
    /// `base` admissions a year, when it admits `admissions`: the volume
    /// effect applied to the change (never below the fastest median, or
    /// `median` if that is faster still).
    pub fn median_from(&self, median: f64, base: f64, admissions: f64) -> f64 {
        let doublings = (admissions.max(1.0) / base.max(1.0)).log2();
        (median - self.minutes_per_doubling * doublings)
            .max(self.fastest_median_minutes.min(median))
    }

    /// What "every HASU treats at least `min_share` of thrombolysed
    /// patients within `limit` minutes of arrival" comes to: the median
    /// must be at most `limit × exp(−σ Φ⁻¹(min_share))`, and the median
    /// falls as admissions grow.
    ///
    /// # Example
    /// With a patient median of 60 minutes at 400 admissions, 8 minutes
    /// faster per doubling, the hurdle "half within 60 minutes" is exactly
    /// "at least 400 admissions".
    /// ```
    /// use hasu::criteria::{Pathway, Statistic, VolumeEquivalent};
    /// let p = Pathway {
    ///     response_minutes: 18.0, on_scene_minutes: 29.0, blue_light_factor: 1.0,
    ///     call_to_needle_target_minutes: 120.0, reference_door_to_needle_minutes: 60.0,
    ///     reference_statistic: Statistic::PatientMedian, reference_admissions: 400.0,
    ///     minutes_per_doubling: 8.0, fastest_median_minutes: 30.0, spread: 0.45,
    ///     out_of_area_door_to_needle_minutes: 40.0, observed_today: false,
    /// };
    /// let VolumeEquivalent::AtLeast(a) = p.volume_equivalent(60.0, 0.5) else { panic!() };
    /// assert!((a - 400.0).abs() < 1e-6);
    /// ```
    pub fn volume_equivalent(&self, limit: f64, min_share: f64) -> VolumeEquivalent {
        if min_share <= 0.0 {
            return VolumeEquivalent::Always;
        }
        if min_share >= 1.0 {
            return VolumeEquivalent::Never;
        }
        let highest_median = limit * (-self.spread * normal_quantile(min_share)).exp();
        if self.fastest_median_minutes > highest_median {
            return VolumeEquivalent::Never;
        }
        if self.median_door_to_needle(1.0) <= highest_median {
            return VolumeEquivalent::Always;
        }
        // reference median − k log2(a / ref) = highest median.
        let doublings = (self.reference_median() - highest_median) / self.minutes_per_doubling;
        VolumeEquivalent::AtLeast(self.reference_admissions * doublings.exp2())
    }

    /// The mean door-to-needle time of a unit whose median is `median`
    /// (log-normal times: `median × exp(σ²/2)`).
    pub fn mean_door_to_needle(&self, median: f64) -> f64 {
        median * (0.5 * self.spread * self.spread).exp()
    }

    /// Expected share of thrombolysed patients treated within `limit` minutes
    /// of arrival, door-to-needle times being log-normal around `median`.
    pub fn share_within(&self, median: f64, limit: f64) -> f64 {
        normal_cdf((limit / median).ln() / self.spread)
    }
}

/// The standard normal quantile Φ⁻¹(p) for 0 < p < 1, by bisection on
/// [`normal_cdf`] (exact to the last bits; it is needed a few times a run).
pub(crate) fn normal_quantile(p: f64) -> f64 {
    let (mut lo, mut hi) = (-40.0f64, 40.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if normal_cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The standard normal cumulative distribution, from musl's `erfc` (the
/// `libm` crate; accurate to about one unit in the last place, where
/// statrs 0.18's `erfc` is off by up to 3e-11).
pub(crate) fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kent() -> Pathway {
        Pathway {
            response_minutes: 18.0,
            on_scene_minutes: 29.0,
            blue_light_factor: 1.0,
            call_to_needle_target_minutes: 120.0,
            reference_door_to_needle_minutes: 60.0,
            reference_statistic: Statistic::TeamMean,
            reference_admissions: 400.0,
            minutes_per_doubling: 8.0,
            fastest_median_minutes: 30.0,
            observed_today: false,
            spread: 0.45,
            out_of_area_door_to_needle_minutes: 40.0,
        }
    }

    #[test]
    fn a_team_mean_becomes_the_median_of_a_lognormal_with_that_mean() {
        let p = kent();
        let median = 60.0 * (-0.45f64 * 0.45 / 2.0).exp();
        assert!((p.reference_median() - median).abs() < 1e-12);
        assert!((median - 54.222).abs() < 1e-3);
        // The lognormal's mean is back to 60.
        assert!((median * (0.45f64 * 0.45 / 2.0).exp() - 60.0).abs() < 1e-12);
        // Half within 60 minutes: median ≤ 60, reached at 400 × 2^((54.2 − 60) / 8).
        let VolumeEquivalent::AtLeast(a) = p.volume_equivalent(60.0, 0.5) else {
            panic!("expected a volume threshold")
        };
        assert!((a - 400.0 * ((median - 60.0) / 8.0).exp2()).abs() < 1e-6);
        assert!((a - 242.47).abs() < 0.01, "{a}");
        // At that size the share is exactly the hurdle's.
        let share = p.share_within(p.median_door_to_needle(a), 60.0);
        assert!((share - 0.5).abs() < 1e-9);
        // Faster than the fastest unit can be: never met; trivially: always.
        assert_eq!(p.volume_equivalent(20.0, 0.9), VolumeEquivalent::Never);
        assert_eq!(p.volume_equivalent(600.0, 0.5), VolumeEquivalent::Always);
    }

    #[test]
    fn normal_cdf_matches_tables() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-15);
        assert!(
            (normal_cdf(1.0) - 0.841_344_746_068_542_9).abs() < 1e-15,
            "{}",
            normal_cdf(1.0)
        );
        assert!((normal_cdf(-1.959_963_984_540_054) - 0.025).abs() < 1e-15);
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-12);
        assert!(normal_quantile(0.5).abs() < 1e-15);
    }
}
