//! `[organised_care]`: the benefit of organised hyperacute (HASU) care over
//! other stroke unit care, apart from any time-to-treatment effect.

use serde::Serialize;

/// The organised-care effect, per admission moved into HASU care, with its
/// confidence interval; each figure from the cited study.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganisedCare {
    /// Absolute reduction of 90-day mortality (a share: 0.011 is 1.1
    /// percentage points).
    pub mortality_reduction: f64,
    /// Its confidence interval (low, high).
    pub mortality_interval: (f64, f64),
    /// Reduction of length of stay, days.
    pub length_of_stay_reduction_days: f64,
    /// Today's units that already give organised hyperacute care (site
    /// indices, sorted).
    pub today_hasus: Vec<usize>,
    /// Whether the units outside the region give it (the HASUs of
    /// neighbouring centralised networks).
    pub out_of_area_hasus: bool,
    /// Where the figures come from.
    pub source: String,
}
