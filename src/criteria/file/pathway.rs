//! `[pathway]` and `[pathway.door_to_needle]`: times along the emergency
//! pathway.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::{Pathway, Statistic};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PathwayFile {
    response_minutes: Spanned<f64>,
    on_scene_minutes: Spanned<f64>,
    blue_light_factor: Spanned<f64>,
    call_to_needle_target_minutes: Spanned<f64>,
    out_of_area_door_to_needle_minutes: Spanned<f64>,
    door_to_needle: DoorToNeedleFile,
}

/// A reference door-to-needle time read as a median of patients unless the
/// file says otherwise (the meaning of files written before the key).
fn patient_median() -> Statistic {
    Statistic::PatientMedian
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DoorToNeedleFile {
    reference_admissions: Spanned<f64>,
    #[serde(alias = "median_minutes_at_reference")]
    minutes_at_reference: Spanned<f64>,
    #[serde(default = "patient_median")]
    statistic: Statistic,
    minutes_per_doubling: Spanned<f64>,
    fastest_median_minutes: Spanned<f64>,
    spread: Spanned<f64>,
    #[serde(default)]
    today: DoorToNeedleToday,
}

/// Where today's units' door-to-needle starts from.
#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum DoorToNeedleToday {
    /// The volume curve, for every unit.
    #[default]
    Modelled,
    /// Each unit's observed median (observed.csv), where it has one.
    Observed,
}

/// A day in minutes: the longest any time of the pathway may be.
const DAY: f64 = 1440.0;

impl PathwayFile {
    pub fn read(&self, check: &mut Checker) -> Pathway {
        let d = &self.door_to_needle;
        for (v, key, most) in [
            (&self.response_minutes, "response_minutes", DAY),
            (&self.on_scene_minutes, "on_scene_minutes", DAY),
            (&d.minutes_per_doubling, "minutes_per_doubling", 60.0),
        ] {
            check.within(v, key, 0.0, most, false, "minutes");
        }
        for (v, key, most, what) in [
            (
                &self.blue_light_factor,
                "blue_light_factor",
                5.0,
                "a factor",
            ),
            (
                &self.call_to_needle_target_minutes,
                "call_to_needle_target_minutes",
                DAY,
                "minutes",
            ),
            (
                &self.out_of_area_door_to_needle_minutes,
                "out_of_area_door_to_needle_minutes",
                DAY,
                "minutes",
            ),
            (
                &d.reference_admissions,
                "reference_admissions",
                100_000.0,
                "admissions a year",
            ),
            (
                &d.minutes_at_reference,
                "minutes_at_reference",
                DAY,
                "minutes",
            ),
            (
                &d.fastest_median_minutes,
                "fastest_median_minutes",
                DAY,
                "minutes",
            ),
            (&d.spread, "spread", 5.0, "a spread"),
        ] {
            check.within(v, key, 0.0, most, true, what);
        }
        check.ordered(
            (&d.fastest_median_minutes, "fastest_median_minutes"),
            (&d.minutes_at_reference, "minutes_at_reference"),
        );
        Pathway {
            response_minutes: *self.response_minutes.get_ref(),
            on_scene_minutes: *self.on_scene_minutes.get_ref(),
            blue_light_factor: *self.blue_light_factor.get_ref(),
            call_to_needle_target_minutes: *self.call_to_needle_target_minutes.get_ref(),
            reference_door_to_needle_minutes: *d.minutes_at_reference.get_ref(),
            reference_statistic: d.statistic,
            reference_admissions: *d.reference_admissions.get_ref(),
            minutes_per_doubling: *d.minutes_per_doubling.get_ref(),
            fastest_median_minutes: *d.fastest_median_minutes.get_ref(),
            spread: *d.spread.get_ref(),
            out_of_area_door_to_needle_minutes: *self.out_of_area_door_to_needle_minutes.get_ref(),
            observed_today: d.today == DoorToNeedleToday::Observed,
        }
    }
}
