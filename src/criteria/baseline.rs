//! `[baseline]`: how far the modelled "today" may be from what the units
//! were observed to do before `hasu baseline` flags the difference.

use serde::Serialize;

/// The largest differences between model and observation taken as
/// agreement, per figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tolerances {
    /// Admissions a year (and thrombectomy referrals): a share of the
    /// larger of the two figures (0.2: within 20%).
    pub admissions_share: f64,
    /// Thrombolysis rate: percentage points as a share (0.03: 3 points).
    pub thrombolysis_points: f64,
    /// Median door-to-needle: minutes.
    pub door_to_needle_minutes: f64,
}

impl Default for Tolerances {
    /// The defaults (assumptions): 20% of admissions, 3 points of
    /// thrombolysis, 10 minutes of door-to-needle.
    fn default() -> Tolerances {
        Tolerances {
            admissions_share: 0.2,
            thrombolysis_points: 0.03,
            door_to_needle_minutes: 10.0,
        }
    }
}
