//! `[baseline]` (optional): the tolerances of `hasu baseline`.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::Tolerances;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BaselineFile {
    admissions_share: Spanned<f64>,
    thrombolysis_points: Spanned<f64>,
    door_to_needle_minutes: Spanned<f64>,
}

impl BaselineFile {
    pub(super) fn read(&self, check: &mut Checker) -> Tolerances {
        check.within(
            &self.admissions_share,
            "admissions_share",
            0.0,
            1.0,
            false,
            "a share",
        );
        check.within(
            &self.thrombolysis_points,
            "thrombolysis_points",
            0.0,
            1.0,
            false,
            "a share",
        );
        check.within(
            &self.door_to_needle_minutes,
            "door_to_needle_minutes",
            0.0,
            240.0,
            false,
            "minutes",
        );
        Tolerances {
            admissions_share: *self.admissions_share.get_ref(),
            thrombolysis_points: *self.thrombolysis_points.get_ref(),
            door_to_needle_minutes: *self.door_to_needle_minutes.get_ref(),
        }
    }
}
