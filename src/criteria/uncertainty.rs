//! Settings of the robustness analyses: the weight draws, and the stated
//! uncertainty of the model's inputs.

use serde::Serialize;

/// How the robustness analyses run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Robustness {
    /// Seed of every random draw: the same seed gives the same bytes.
    pub seed: u64,
    /// Weight draws of each distribution.
    pub weight_draws: usize,
    /// Draws of the uncertain inputs.
    pub input_draws: usize,
    /// Concentration κ of the Dirichlet distribution of weights around the
    /// stated ones: a weight `w` varies with variance `w (1 − w) / (κ + 1)`.
    pub concentration: f64,
    /// An option failing a hurdle with the central inputs but passing it in
    /// at least this share of input draws is a near miss.
    pub near_miss_probability: f64,
}

impl Default for Robustness {
    fn default() -> Robustness {
        Robustness {
            seed: 2026,
            weight_draws: 10_000,
            input_draws: 1_000,
            concentration: 20.0,
            near_miss_probability: 0.05,
        }
    }
}

/// How far travel times from one source may be off: the error of a time
/// (model − truth) is a shift per site, a shift per site and district (the
/// zones of a district share roads, so their errors move together) and
/// noise per zone, all normal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeError {
    /// Mean error, minutes (positive: the times are too long).
    pub bias: f64,
    /// Standard deviation of a site's shift, minutes.
    pub site_sd: f64,
    /// Standard deviation of a district's shift around its site's,
    /// minutes.
    pub district_sd: f64,
    /// Standard deviation of a zone's error around its district's shift,
    /// minutes.
    pub zone_sd: f64,
}

/// The model's uncertain inputs, each with a normal error of the stated
/// standard deviation (or, for admissions, the sampling noise of a mean over
/// some years).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncertainty {
    /// Times estimated by the network model.
    pub estimated: TimeError,
    /// Times from a published matrix.
    pub published: TimeError,
    /// Ambulance response, minutes.
    pub response_sd: f64,
    /// Time on scene, minutes.
    pub on_scene_sd: f64,
    /// The reference door-to-needle time, minutes.
    pub reference_door_to_needle_sd: f64,
    /// Minutes saved per doubling of admissions.
    pub minutes_per_doubling_sd: f64,
    /// The spread σ of door-to-needle times.
    pub spread_sd: f64,
    /// Years the admissions are a mean over: each zone's count over them is
    /// drawn as Poisson (0: no sampling noise).
    pub admissions_years: f64,
    /// Growth of every zone's admissions in the scenario drawn (0.05: 5%
    /// more), on top of the sampling noise.
    pub growth: f64,
}
