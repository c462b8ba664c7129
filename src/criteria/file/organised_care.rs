//! `[organised_care]` (optional): the organised-care effect of HASU care.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::OrganisedCare;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OrganisedCareFile {
    mortality_reduction: Spanned<f64>,
    mortality_reduction_low: Spanned<f64>,
    mortality_reduction_high: Spanned<f64>,
    length_of_stay_reduction_days: Spanned<f64>,
    today_hasus: Vec<Spanned<String>>,
    out_of_area_hasus: bool,
    source: Spanned<String>,
}

impl OrganisedCareFile {
    pub(super) fn read(&self, check: &mut Checker) -> OrganisedCare {
        for (v, key) in [
            (&self.mortality_reduction, "mortality_reduction"),
            (&self.mortality_reduction_low, "mortality_reduction_low"),
            (&self.mortality_reduction_high, "mortality_reduction_high"),
        ] {
            check.within(v, key, -1.0, 1.0, false, "a share");
        }
        check.ordered(
            (&self.mortality_reduction_low, "mortality_reduction_low"),
            (&self.mortality_reduction, "mortality_reduction"),
        );
        check.ordered(
            (&self.mortality_reduction, "mortality_reduction"),
            (&self.mortality_reduction_high, "mortality_reduction_high"),
        );
        check.within(
            &self.length_of_stay_reduction_days,
            "length_of_stay_reduction_days",
            -30.0,
            30.0,
            false,
            "days",
        );
        check.text(&self.source, "source");
        OrganisedCare {
            mortality_reduction: *self.mortality_reduction.get_ref(),
            mortality_interval: (
                *self.mortality_reduction_low.get_ref(),
                *self.mortality_reduction_high.get_ref(),
            ),
            length_of_stay_reduction_days: *self.length_of_stay_reduction_days.get_ref(),
            today_hasus: check.sites(&self.today_hasus, "today_hasus", false),
            out_of_area_hasus: self.out_of_area_hasus,
            source: self.source.get_ref().clone(),
        }
    }
}
