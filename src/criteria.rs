//! Criteria files: the option rules, hurdles, pathway model and weighted
//! evaluation criteria of an appraisal, in TOML.
//!
//! A criteria file is edited by people, so [`load_criteria`] refuses unknown
//! keys, missing keys, weights that do not add up to 1, thresholds in the
//! wrong order and site ids that are not in the dataset, naming the file,
//! line and column of each. `criteria/kent-medway.toml` is the default and
//! documents every key with its source.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Column, Error, Location, Problems, Result};
use crate::load::lines::LineIndex;
use crate::model::{Dataset, Role, Service};

/// Everything an appraisal is judged by.
#[derive(Debug, Clone, PartialEq)]
pub struct Criteria {
    /// The file it came from.
    pub path: PathBuf,
    /// A title for reports.
    pub name: String,
    /// Which combinations of sites are options.
    pub options: OptionRules,
    /// The units admitting stroke patients at the time of the data (site
    /// indices, sorted).
    pub today: Vec<usize>,
    /// Pass/fail thresholds.
    pub hurdles: Hurdles,
    /// Times along the emergency pathway.
    pub pathway: Pathway,
    /// Services whose presence on a HASU's site counts for co-location.
    pub co_location: Vec<Service>,
    /// Weighted criteria for options that pass every hurdle.
    pub criteria: Vec<Criterion>,
}

/// Which combinations of candidate sites are options.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionRules {
    /// Fewest HASUs in an option.
    pub min_hasus: usize,
    /// Most HASUs in an option.
    pub max_hasus: usize,
    /// Sites every option includes (site indices, sorted).
    pub require: Vec<usize>,
    /// Sites no option includes (site indices, sorted).
    pub exclude: Vec<usize>,
    /// Refuse to enumerate more combinations than this.
    pub max_combinations: u64,
}

/// Pass/fail thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hurdles {
    /// Fewest confirmed stroke admissions a year per HASU.
    pub min_admissions: f64,
    /// Most confirmed stroke admissions a year per HASU.
    pub max_admissions: f64,
    /// Door-to-needle limit, minutes (the 60-minute standard).
    pub door_to_needle_minutes: f64,
    /// Least expected share of thrombolysed patients treated within the
    /// limit, at every HASU.
    pub min_share_within_door_to_needle: f64,
    /// Travel time for the access hurdle, minutes.
    pub access_minutes: f64,
    /// Least share of the region's admissions within `access_minutes`.
    pub min_share_within_access: f64,
    /// Longest travel time allowed for any of the region's admissions.
    pub max_travel_minutes: f64,
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

/// The standard normal cumulative distribution (Abramowitz and Stegun
/// 7.1.26 for erf, error below 1.5e-7).
fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// What a weighted criterion measures. Each is a figure of
/// [`crate::evaluate::Metrics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Admissions a year of the option's smallest HASU.
    SmallestHasuAdmissions,
    /// Expected share of thrombolysed patients treated within the
    /// door-to-needle limit, over the option's HASUs' admissions.
    ThrombolysisWithinLimit,
    /// Mean share of the co-location services present at the HASUs' sites.
    CoLocation,
    /// Admission-weighted mean travel time, minutes.
    MeanTravel,
    /// Admission-weighted 95th percentile travel time, minutes.
    P95Travel,
    /// Share of admissions within 30 minutes.
    Within30,
    /// Share of admissions within 45 minutes.
    Within45,
    /// Share of admissions within 60 minutes.
    Within60,
    /// Admission-weighted mean call-to-needle time, minutes.
    MeanCallToNeedle,
    /// Share of admissions whose expected call-to-needle time meets the
    /// target.
    CallToNeedleWithinTarget,
    /// The largest rise in any district's mean travel time compared with
    /// today, minutes.
    LargestDistrictIncrease,
    /// Share of admissions that travel further than today.
    ShareTravellingFurther,
}

impl Metric {
    /// Every metric.
    pub const ALL: [Metric; 12] = [
        Metric::SmallestHasuAdmissions,
        Metric::ThrombolysisWithinLimit,
        Metric::CoLocation,
        Metric::MeanTravel,
        Metric::P95Travel,
        Metric::Within30,
        Metric::Within45,
        Metric::Within60,
        Metric::MeanCallToNeedle,
        Metric::CallToNeedleWithinTarget,
        Metric::LargestDistrictIncrease,
        Metric::ShareTravellingFurther,
    ];

    /// The word used in criteria files.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::SmallestHasuAdmissions => "smallest_hasu_admissions",
            Metric::ThrombolysisWithinLimit => "thrombolysis_within_limit",
            Metric::CoLocation => "co_location",
            Metric::MeanTravel => "mean_travel",
            Metric::P95Travel => "p95_travel",
            Metric::Within30 => "within_30",
            Metric::Within45 => "within_45",
            Metric::Within60 => "within_60",
            Metric::MeanCallToNeedle => "mean_call_to_needle",
            Metric::CallToNeedleWithinTarget => "call_to_needle_within_target",
            Metric::LargestDistrictIncrease => "largest_district_increase",
            Metric::ShareTravellingFurther => "share_travelling_further",
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Metric {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Metric, String> {
        Metric::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Metric::ALL.iter().map(|m| m.as_str()).collect();
                format!("expected one of {}", names.join(", "))
            })
    }
}

/// A weighted evaluation criterion: a metric normalised linearly so that
/// `worst` scores 0 and `best` scores 1 (clamped), times its weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// Short id.
    pub id: String,
    /// The group it belongs to (quality, access, equity…).
    pub group: String,
    /// What it measures.
    pub metric: Metric,
    /// Its share of the score; all weights add up to 1.
    pub weight: f64,
    /// The metric's value that scores 0.
    pub worst: f64,
    /// The metric's value that scores 1.
    pub best: f64,
}

impl OptionRules {
    /// Adds sites every option must include and sites none may include
    /// (indices; kept sorted and without repeats).
    pub fn narrow(&mut self, require: &[usize], exclude: &[usize]) {
        for (list, more) in [(&mut self.require, require), (&mut self.exclude, exclude)] {
            list.extend_from_slice(more);
            list.sort_unstable();
            list.dedup();
        }
    }
}

impl Criterion {
    /// `value` on the 0–1 scale.
    pub fn normalise(&self, value: f64) -> f64 {
        ((value - self.worst) / (self.best - self.worst)).clamp(0.0, 1.0)
    }
}

// The file's shape. Spans let checks name the line of a value.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: String,
    options: OptionsFile,
    today: TodayFile,
    hurdles: HurdlesFile,
    pathway: PathwayFile,
    quality: QualityFile,
    criterion: Vec<CriterionFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsFile {
    min_hasus: Spanned<usize>,
    max_hasus: Spanned<usize>,
    require: Vec<Spanned<String>>,
    exclude: Vec<Spanned<String>>,
    max_combinations: Spanned<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TodayFile {
    units: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HurdlesFile {
    volume: VolumeFile,
    thrombolysis: ThrombolysisFile,
    access: AccessFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VolumeFile {
    min_admissions: Spanned<f64>,
    max_admissions: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThrombolysisFile {
    door_to_needle_minutes: Spanned<f64>,
    min_share: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccessFile {
    within_minutes: Spanned<f64>,
    min_share: Spanned<f64>,
    max_minutes: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PathwayFile {
    response_minutes: Spanned<f64>,
    on_scene_minutes: Spanned<f64>,
    blue_light_factor: Spanned<f64>,
    call_to_needle_target_minutes: Spanned<f64>,
    out_of_area_door_to_needle_minutes: Spanned<f64>,
    door_to_needle: DoorToNeedleFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DoorToNeedleFile {
    reference_admissions: Spanned<f64>,
    median_minutes_at_reference: Spanned<f64>,
    minutes_per_doubling: Spanned<f64>,
    fastest_median_minutes: Spanned<f64>,
    spread: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualityFile {
    co_location: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionFile {
    id: Spanned<String>,
    group: String,
    metric: Spanned<String>,
    weight: Spanned<f64>,
    worst: Spanned<f64>,
    best: Spanned<f64>,
}

/// Turns byte offsets into line and column for messages.
struct Lines<'a> {
    path: &'a Path,
    text: &'a str,
    index: LineIndex,
}

impl Lines<'_> {
    fn at(&self, span: Range<usize>, key: &str) -> Location {
        let (line, column) = self.index.line_column(self.text.as_bytes(), span.start);
        Location {
            file: self.path.to_path_buf(),
            line: Some(line),
            column: Some(Column {
                number: column,
                name: key.to_string(),
            }),
        }
    }
}

/// Loads and checks the criteria file `path` against `data`.
///
/// # Errors
/// [`Error::Invalid`] with every problem found, each with file, line and
/// column.
pub fn load_criteria(path: &Path, data: &Dataset) -> Result<Criteria> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_criteria(path, &text, data)
}

/// Parses and checks criteria `text` (read from `path`) against `data`.
///
/// # Errors
/// As [`load_criteria`].
pub fn parse_criteria(path: &Path, text: &str, data: &Dataset) -> Result<Criteria> {
    let lines = Lines {
        path,
        text,
        index: LineIndex::new(text.as_bytes()),
    };
    let mut problems = Problems::new();
    let file: File = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let at = match e.span() {
                Some(span) => lines.at(span, "toml"),
                None => Location::file(path),
            };
            let message = e.message().trim_end().to_string();
            problems.error(
                at,
                format!("{message}; see criteria/kent-medway.toml for every key"),
            );
            return Err(Error::Invalid(problems));
        }
    };
    let mut check = Checker {
        lines: &lines,
        problems: &mut problems,
        data,
    };

    let o = &file.options;
    let candidates = data
        .sites
        .iter()
        .filter(|s| s.role == Role::Candidate)
        .count();
    check.that(
        *o.min_hasus.get_ref() >= 1,
        &o.min_hasus,
        "min_hasus",
        "expected at least 1 HASU".to_string(),
    );
    check.that(
        o.min_hasus.get_ref() <= o.max_hasus.get_ref(),
        &o.max_hasus,
        "max_hasus",
        format!(
            "max_hasus ({}) is below min_hasus ({}); expected min_hasus ≤ max_hasus",
            o.max_hasus.get_ref(),
            o.min_hasus.get_ref()
        ),
    );
    check.that(
        *o.min_hasus.get_ref() <= candidates,
        &o.min_hasus,
        "min_hasus",
        format!(
            "min_hasus ({}) is more than the dataset's {candidates} candidate sites",
            o.min_hasus.get_ref()
        ),
    );
    let require = check.sites(&o.require, "require", true);
    let exclude = check.sites(&o.exclude, "exclude", true);
    for r in &o.require {
        if o.exclude.iter().any(|e| e.get_ref() == r.get_ref()) {
            check.problem(
                r.span(),
                "require",
                format!("site \"{}\" is both required and excluded", r.get_ref()),
            );
        }
    }
    let today = check.sites(&file.today.units, "units", false);
    if file.today.units.is_empty() {
        check.problems.error(
            Location::file(path),
            "[today] units is empty; expected the units admitting stroke patients at the time of the data",
        );
    }

    let v = &file.hurdles.volume;
    check.positive(&v.min_admissions, "min_admissions");
    check.that(
        v.min_admissions.get_ref() <= v.max_admissions.get_ref(),
        &v.max_admissions,
        "max_admissions",
        format!(
            "max_admissions ({}) is below min_admissions ({}); expected min_admissions ≤ max_admissions",
            v.max_admissions.get_ref(),
            v.min_admissions.get_ref()
        ),
    );
    let t = &file.hurdles.thrombolysis;
    check.positive(&t.door_to_needle_minutes, "door_to_needle_minutes");
    check.share(&t.min_share, "min_share");
    let a = &file.hurdles.access;
    check.positive(&a.within_minutes, "within_minutes");
    check.share(&a.min_share, "min_share");
    check.that(
        a.within_minutes.get_ref() <= a.max_minutes.get_ref(),
        &a.max_minutes,
        "max_minutes",
        format!(
            "max_minutes ({}) is below within_minutes ({}); expected within_minutes ≤ max_minutes",
            a.max_minutes.get_ref(),
            a.within_minutes.get_ref()
        ),
    );

    let p = &file.pathway;
    let d = &p.door_to_needle;
    for (v, key) in [
        (&p.response_minutes, "response_minutes"),
        (&p.on_scene_minutes, "on_scene_minutes"),
        (&d.minutes_per_doubling, "minutes_per_doubling"),
    ] {
        check.not_negative(v, key);
    }
    for (v, key) in [
        (&p.blue_light_factor, "blue_light_factor"),
        (
            &p.call_to_needle_target_minutes,
            "call_to_needle_target_minutes",
        ),
        (
            &p.out_of_area_door_to_needle_minutes,
            "out_of_area_door_to_needle_minutes",
        ),
        (&d.reference_admissions, "reference_admissions"),
        (
            &d.median_minutes_at_reference,
            "median_minutes_at_reference",
        ),
        (&d.fastest_median_minutes, "fastest_median_minutes"),
        (&d.spread, "spread"),
    ] {
        check.positive(v, key);
    }
    check.that(
        d.fastest_median_minutes.get_ref() <= d.median_minutes_at_reference.get_ref(),
        &d.fastest_median_minutes,
        "fastest_median_minutes",
        "expected fastest_median_minutes ≤ median_minutes_at_reference".to_string(),
    );

    let co_location: Vec<Service> = file
        .quality
        .co_location
        .iter()
        .filter_map(|s| match s.get_ref().parse::<Service>() {
            Ok(v) => Some(v),
            Err(m) => {
                check.problem(s.span(), "co_location", format!("\"{}\": {m}", s.get_ref()));
                None
            }
        })
        .collect();

    let mut criteria = Vec::new();
    let mut total = 0.0;
    let mut ids = std::collections::HashSet::new();
    for c in &file.criterion {
        if !ids.insert(c.id.get_ref().as_str()) {
            check.problem(
                c.id.span(),
                "id",
                format!("duplicate criterion id \"{}\"", c.id.get_ref()),
            );
        }
        let metric = match c.metric.get_ref().parse::<Metric>() {
            Ok(m) => Some(m),
            Err(m) => {
                check.problem(
                    c.metric.span(),
                    "metric",
                    format!("\"{}\": {m}", c.metric.get_ref()),
                );
                None
            }
        };
        check.not_negative(&c.weight, "weight");
        check.that(
            c.worst.get_ref() != c.best.get_ref(),
            &c.best,
            "best",
            "expected best and worst to differ (they set the scale)".to_string(),
        );
        total += c.weight.get_ref();
        if let Some(metric) = metric {
            criteria.push(Criterion {
                id: c.id.get_ref().clone(),
                group: c.group.clone(),
                metric,
                weight: *c.weight.get_ref(),
                worst: *c.worst.get_ref(),
                best: *c.best.get_ref(),
            });
        }
    }
    if (total - 1.0).abs() > 1e-9 {
        let at = file.criterion.first().map_or(0..0, |c| c.weight.span());
        check.problem(
            at,
            "weight",
            format!("the criteria's weights add up to {total}; expected them to add up to 1"),
        );
    }
    problems.into_result()?;

    Ok(Criteria {
        path: path.to_path_buf(),
        name: file.name,
        options: OptionRules {
            min_hasus: *o.min_hasus.get_ref(),
            max_hasus: *o.max_hasus.get_ref(),
            require,
            exclude,
            max_combinations: *o.max_combinations.get_ref(),
        },
        today,
        hurdles: Hurdles {
            min_admissions: *v.min_admissions.get_ref(),
            max_admissions: *v.max_admissions.get_ref(),
            door_to_needle_minutes: *t.door_to_needle_minutes.get_ref(),
            min_share_within_door_to_needle: *t.min_share.get_ref(),
            access_minutes: *a.within_minutes.get_ref(),
            min_share_within_access: *a.min_share.get_ref(),
            max_travel_minutes: *a.max_minutes.get_ref(),
        },
        pathway: Pathway {
            response_minutes: *p.response_minutes.get_ref(),
            on_scene_minutes: *p.on_scene_minutes.get_ref(),
            blue_light_factor: *p.blue_light_factor.get_ref(),
            call_to_needle_target_minutes: *p.call_to_needle_target_minutes.get_ref(),
            median_door_to_needle_minutes: *d.median_minutes_at_reference.get_ref(),
            reference_admissions: *d.reference_admissions.get_ref(),
            minutes_per_doubling: *d.minutes_per_doubling.get_ref(),
            fastest_median_minutes: *d.fastest_median_minutes.get_ref(),
            spread: *d.spread.get_ref(),
            out_of_area_door_to_needle_minutes: *p.out_of_area_door_to_needle_minutes.get_ref(),
        },
        co_location,
        criteria,
    })
}

struct Checker<'a> {
    lines: &'a Lines<'a>,
    problems: &'a mut Problems,
    data: &'a Dataset,
}

impl Checker<'_> {
    fn problem(&mut self, span: Range<usize>, key: &str, message: String) {
        self.problems.error(self.lines.at(span, key), message);
    }

    fn that<T>(&mut self, ok: bool, at: &Spanned<T>, key: &str, message: String) {
        if !ok {
            self.problem(at.span(), key, message);
        }
    }

    fn positive(&mut self, v: &Spanned<f64>, key: &str) {
        let x = *v.get_ref();
        self.that(
            x.is_finite() && x > 0.0,
            v,
            key,
            format!("{key} is {x}; expected a number above 0"),
        );
    }

    fn not_negative(&mut self, v: &Spanned<f64>, key: &str) {
        let x = *v.get_ref();
        self.that(
            x.is_finite() && x >= 0.0,
            v,
            key,
            format!("{key} is {x}; expected a number that is not negative"),
        );
    }

    fn share(&mut self, v: &Spanned<f64>, key: &str) {
        let x = *v.get_ref();
        self.that(
            (0.0..=1.0).contains(&x),
            v,
            key,
            format!("{key} is {x}; expected a share between 0 and 1"),
        );
    }

    /// Site ids → sorted indices; `candidate` requires the candidate role.
    fn sites(&mut self, ids: &[Spanned<String>], key: &str, candidate: bool) -> Vec<usize> {
        let mut out = Vec::new();
        for id in ids {
            match self.data.site_index(id.get_ref()) {
                None => {
                    let known: Vec<&str> = self.data.sites.iter().map(|s| s.id.as_str()).collect();
                    self.problem(
                        id.span(),
                        key,
                        format!(
                            "site \"{}\" is not in the dataset; expected one of {}",
                            id.get_ref(),
                            known.join(", ")
                        ),
                    );
                }
                Some(i) if candidate && self.data.sites[i].role != Role::Candidate => {
                    self.problem(
                        id.span(),
                        key,
                        format!(
                            "site \"{}\" is {}, not a candidate; only candidates can be required or excluded",
                            id.get_ref(),
                            self.data.sites[i].role
                        ),
                    );
                }
                Some(i) if !self.data.sites[i].role.can_open() => {
                    self.problem(
                        id.span(),
                        key,
                        format!(
                            "site \"{}\" is closed; expected a site that admits patients",
                            id.get_ref()
                        ),
                    );
                }
                Some(i) => out.push(i),
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_matches_tables() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.0) - 0.841_344_7).abs() < 1e-6);
        assert!((normal_cdf(-1.959_964) - 0.025).abs() < 1e-6);
    }
}
