//! `[robustness]` and `[uncertainty.*]`: how the robustness analyses run
//! and how uncertain the inputs are. Both tables are optional: without
//! `[robustness]` the defaults of [`Robustness`] apply, and without
//! `[uncertainty]` the inputs are not drawn.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::{Robustness, TimeError, Uncertainty};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RobustnessFile {
    seed: Spanned<u64>,
    weight_draws: Spanned<usize>,
    input_draws: Spanned<usize>,
    concentration: Spanned<f64>,
    near_miss_probability: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UncertaintyFile {
    travel: TravelFile,
    pathway: PathwayFile,
    admissions: AdmissionsFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TravelFile {
    estimated_bias_minutes: Spanned<f64>,
    estimated_site_sd_minutes: Spanned<f64>,
    #[serde(default)]
    estimated_district_sd_minutes: Option<Spanned<f64>>,
    estimated_zone_sd_minutes: Spanned<f64>,
    published_site_sd_minutes: Spanned<f64>,
    published_zone_sd_minutes: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PathwayFile {
    response_sd_minutes: Spanned<f64>,
    on_scene_sd_minutes: Spanned<f64>,
    reference_door_to_needle_sd_minutes: Spanned<f64>,
    minutes_per_doubling_sd: Spanned<f64>,
    spread_sd: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdmissionsFile {
    years: Spanned<f64>,
    growth: Spanned<f64>,
}

/// Largest error, in minutes, an uncertain time may be given: two hours.
const MOST_MINUTES: f64 = 120.0;

/// Largest Dirichlet concentration: beyond it every draw is the stated
/// weights to many decimals.
const MOST_CONCENTRATION: f64 = 1e6;

/// Most draws of either kind a criteria file may ask for.
const MOST_DRAWS: usize = 10_000_000;

impl RobustnessFile {
    pub fn read(&self, check: &mut Checker) -> Robustness {
        for (v, key) in [
            (&self.weight_draws, "weight_draws"),
            (&self.input_draws, "input_draws"),
        ] {
            check.that(
                *v.get_ref() <= MOST_DRAWS,
                v,
                key,
                format!("{key} is {}; expected at most {MOST_DRAWS}", v.get_ref()),
            );
        }
        check.within(
            &self.concentration,
            "concentration",
            0.0,
            MOST_CONCENTRATION,
            true,
            "a concentration",
        );
        check.share(&self.near_miss_probability, "near_miss_probability");
        Robustness {
            seed: *self.seed.get_ref(),
            weight_draws: *self.weight_draws.get_ref(),
            input_draws: *self.input_draws.get_ref(),
            concentration: *self.concentration.get_ref(),
            near_miss_probability: *self.near_miss_probability.get_ref(),
        }
    }
}

impl UncertaintyFile {
    pub fn read(&self, check: &mut Checker) -> Uncertainty {
        let t = &self.travel;
        let p = &self.pathway;
        let a = &self.admissions;
        check.within(
            &t.estimated_bias_minutes,
            "estimated_bias_minutes",
            -MOST_MINUTES,
            MOST_MINUTES,
            false,
            "minutes",
        );
        if let Some(v) = &t.estimated_district_sd_minutes {
            check.within(
                v,
                "estimated_district_sd_minutes",
                0.0,
                MOST_MINUTES,
                false,
                "minutes",
            );
        }
        for (v, key) in [
            (&t.estimated_site_sd_minutes, "estimated_site_sd_minutes"),
            (&t.estimated_zone_sd_minutes, "estimated_zone_sd_minutes"),
            (&t.published_site_sd_minutes, "published_site_sd_minutes"),
            (&t.published_zone_sd_minutes, "published_zone_sd_minutes"),
            (&p.response_sd_minutes, "response_sd_minutes"),
            (&p.on_scene_sd_minutes, "on_scene_sd_minutes"),
            (
                &p.reference_door_to_needle_sd_minutes,
                "reference_door_to_needle_sd_minutes",
            ),
            (&p.minutes_per_doubling_sd, "minutes_per_doubling_sd"),
        ] {
            check.within(v, key, 0.0, MOST_MINUTES, false, "minutes");
        }
        check.within(
            &p.spread_sd,
            "spread_sd",
            0.0,
            5.0,
            false,
            "a standard deviation",
        );
        check.within(&a.years, "years", 0.0, 100.0, false, "years");
        check.within(
            &a.growth,
            "growth",
            -1.0,
            10.0,
            true,
            "a share (0.05 for 5% more)",
        );
        Uncertainty {
            estimated: TimeError {
                bias: *t.estimated_bias_minutes.get_ref(),
                site_sd: *t.estimated_site_sd_minutes.get_ref(),
                district_sd: t
                    .estimated_district_sd_minutes
                    .as_ref()
                    .map_or(0.0, |v| *v.get_ref()),
                zone_sd: *t.estimated_zone_sd_minutes.get_ref(),
            },
            published: TimeError {
                bias: 0.0,
                site_sd: *t.published_site_sd_minutes.get_ref(),
                district_sd: 0.0,
                zone_sd: *t.published_zone_sd_minutes.get_ref(),
            },
            response_sd: *p.response_sd_minutes.get_ref(),
            on_scene_sd: *p.on_scene_sd_minutes.get_ref(),
            reference_door_to_needle_sd: *p.reference_door_to_needle_sd_minutes.get_ref(),
            minutes_per_doubling_sd: *p.minutes_per_doubling_sd.get_ref(),
            spread_sd: *p.spread_sd.get_ref(),
            admissions_years: *a.years.get_ref(),
            growth: *a.growth.get_ref(),
        }
    }
}
