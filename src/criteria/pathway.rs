//! The emergency pathway model: times from the 999 call to the needle, and
//! door-to-needle times that fall as a unit grows.

use serde::Serialize;

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
    /// Median door-to-needle at a unit of `reference_admissions`, minutes.
    pub median_door_to_needle_minutes: f64,
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
}

impl Pathway {
    /// Call to arrival at the unit door, for a road travel time.
    pub fn call_to_door(&self, travel: f64) -> f64 {
        self.response_minutes + self.on_scene_minutes + self.blue_light_factor * travel
    }

    /// Median door-to-needle minutes at a unit admitting `admissions` a year:
    /// `median − minutes_per_doubling × log2(admissions / reference)`, never
    /// below `fastest_median_minutes`.
    pub fn median_door_to_needle(&self, admissions: f64) -> f64 {
        let doublings = (admissions.max(1.0) / self.reference_admissions).log2();
        (self.median_door_to_needle_minutes - self.minutes_per_doubling * doublings)
            .max(self.fastest_median_minutes)
    }

    /// Expected share of thrombolysed patients treated within `limit` minutes
    /// of arrival, door-to-needle times being log-normal around `median`.
    pub fn share_within(&self, median: f64, limit: f64) -> f64 {
        normal_cdf((limit / median).ln() / self.spread)
    }
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

    #[test]
    fn normal_cdf_matches_tables() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-15);
        assert!(
            (normal_cdf(1.0) - 0.841_344_746_068_542_9).abs() < 1e-15,
            "{}",
            normal_cdf(1.0)
        );
        assert!((normal_cdf(-1.959_963_984_540_054) - 0.025).abs() < 1e-15);
    }
}
