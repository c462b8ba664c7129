//! Criteria files: the option rules, hurdles, pathway model and weighted
//! evaluation criteria of an appraisal, in TOML.
//!
//! A criteria file is edited by people, so [`load_criteria`] refuses unknown
//! keys, missing keys, weights that do not add up to 1, thresholds in the
//! wrong order and site ids that are not in the dataset, naming the file,
//! line and column of each. `criteria/kent-medway.toml` is the default and
//! documents every key with its source.

mod baseline;
mod file;
mod organised_care;
mod outcomes;
mod pathway;
mod pathways;
mod resources;
mod template;
mod uncertainty;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;

use crate::error::Result;
use crate::model::{Dataset, Service};

pub use baseline::Tolerances;
pub use file::SiteCatalog;
pub(crate) use file::pathways::{PathwaysFile, read_in as read_pathways};
pub(crate) use file::{shown, unknown_site};
pub use organised_care::OrganisedCare;
pub use outcomes::{BedPlanning, BedRule, CaseMix, Outcomes, Policy, TestAccuracy};
pub use pathway::{Pathway, Statistic, VolumeEquivalent};
pub use pathways::{Agreement, PathwayRule, Pathways};
pub use resources::{AsuPlanning, CONSULTANTS, Costs, NURSES, SiteCapital, StaffGroup, Workforce};
pub use template::starting_criteria;
pub use uncertainty::{Robustness, TimeError, Uncertainty};

/// Everything an appraisal is judged by.
#[derive(Debug, Clone, PartialEq)]
pub struct Criteria {
    /// The file it came from (for the criteria compiled into hasu,
    /// [`crate::embedded::CRITERIA_NAME`]).
    pub path: PathBuf,
    /// The SHA-256 of the text it was read from.
    pub sha256: String,
    /// A title for reports.
    pub name: String,
    /// Which combinations of sites are options.
    pub options: OptionRules,
    /// How a zone equally near to several open units is shared.
    pub ties: TieRule,
    /// The units admitting stroke patients at the time of the data (site
    /// indices, sorted).
    pub today: Vec<usize>,
    /// The period of the admissions data (e.g. "2017–2019"), when stated.
    pub period: Option<String>,
    /// Which units each zone's ambulance service conveys to.
    pub pathways: Pathways,
    /// Pass/fail thresholds.
    pub hurdles: Hurdles,
    /// Times along the emergency pathway.
    pub pathway: Pathway,
    /// Services whose presence on a HASU's site counts for co-location.
    pub co_location: Vec<Service>,
    /// Weighted criteria for options that pass every hurdle.
    pub criteria: Vec<Criterion>,
    /// How the robustness analyses run.
    pub robustness: Robustness,
    /// The uncertainty of the model's inputs, when stated.
    pub uncertainty: Option<Uncertainty>,
    /// The patient-benefit analysis, when stated.
    pub outcomes: Option<Outcomes>,
    /// How beds are planned, when stated.
    pub beds: Option<BedPlanning>,
    /// Staffing ratios, when stated.
    pub workforce: Option<Workforce>,
    /// Costs, when stated.
    pub costs: Option<Costs>,
    /// Panel scores, when a criterion is panel-scored.
    pub panel: Option<crate::panel::Panel>,
    /// The organised-care effect of HASU care, when stated.
    pub organised_care: Option<OrganisedCare>,
    /// How far the modelled today may be from the observed figures
    /// (`[baseline]`, or the defaults).
    pub baseline: Tolerances,
}

/// How the admissions of a zone equally near (to the data's tenth of a
/// minute) to several open units are shared. Travel times are the same
/// either way; per-unit admissions, volumes and the hurdles that use them
/// follow the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieRule {
    /// Equal shares to every tied unit (the neutral default).
    Split,
    /// All to the tied unit listed first in the sites table (as peer models
    /// do).
    FirstListed,
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
    /// Rules over groups of sites ("at most one per trust").
    pub groups: Vec<GroupRule>,
}

/// A rule over a group of sites: how many of an option's HASUs may be
/// among them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRule {
    /// The group's name ("East Kent", or the trust's name).
    pub name: String,
    /// Its candidate sites (indices, sorted).
    pub sites: Vec<usize>,
    /// Fewest of an option's HASUs among them, when stated.
    pub at_least: Option<usize>,
    /// Most of an option's HASUs among them, when stated.
    pub at_most: Option<usize>,
}

impl GroupRule {
    /// How many of `hasus` are in the group.
    pub fn count(&self, hasus: &crate::siteset::SiteSet) -> usize {
        self.sites.iter().filter(|&&s| hasus.contains(s)).count()
    }

    /// Whether an option with HASUs `hasus` keeps the rule.
    ///
    /// # Example
    /// ```
    /// use hasu::criteria::GroupRule;
    /// use hasu::siteset::SiteSet;
    /// let one_per_trust = GroupRule { name: "EKHUFT".into(), sites: vec![1, 4, 6],
    ///     at_least: None, at_most: Some(1) };
    /// assert!(one_per_trust.allows(&SiteSet::from_sites(&[1, 2])));
    /// assert!(!one_per_trust.allows(&SiteSet::from_sites(&[1, 4])));
    /// ```
    pub fn allows(&self, hasus: &crate::siteset::SiteSet) -> bool {
        self.misses(hasus) == 0
    }

    /// By how many HASUs an option with `hasus` breaks the rule (0 when it
    /// keeps it).
    pub fn misses(&self, hasus: &crate::siteset::SiteSet) -> usize {
        let n = self.count(hasus);
        self.at_least.map_or(0, |k| k.saturating_sub(n))
            + self.at_most.map_or(0, |k| n.saturating_sub(k))
    }
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
    /// Fewest spare beds every unit with a stated bed capacity must keep
    /// (the capacity hurdle), when stated.
    pub min_spare_beds: Option<f64>,
    /// Limits on other metrics, each a hurdle of its own.
    pub limits: Vec<Limit>,
}

/// A hurdle on one metric: the option's value must lie within the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Limit {
    /// The metric.
    pub metric: Metric,
    /// Its least allowed value, when stated.
    pub min: Option<f64>,
    /// Its greatest allowed value, when stated.
    pub max: Option<f64>,
}

/// Most panel-scored criteria an appraisal may have.
pub const MAX_PANEL: usize = 8;

/// What a metric needs beyond travel times and admissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Nothing more.
    Nothing,
    /// The patient-benefit analysis (`[outcomes]`).
    Outcomes,
    /// The patient-benefit analysis with the continuous model (mRS 0–2 and
    /// utility are not in the dichotomised one).
    ContinuousModel,
    /// Zones with income-deprivation scores (`income_score` of
    /// `zones.csv`).
    Deprivation,
    /// Zones with rural-urban classes (`rural_urban` of `zones.csv`).
    Rurality,
    /// Bed planning (`[beds]`).
    Beds,
    /// Bed planning and staffing ratios (`[workforce]`).
    Workforce,
    /// Staffing ratios with this group's establishment.
    Establishment(&'static str),
    /// Bed planning and costs (`[costs]`).
    Costs,
    /// Scores from the panel file (`[panel]`).
    Panel,
}

/// What a weighted criterion measures. Each is a figure of
/// [`crate::evaluate::Metrics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// Region patients a year with a good outcome (mRS 0–1) who would not
    /// have had one without treatment (the outcome model).
    AddedGoodOutcomes,
    /// The same for mRS 0–2 (the continuous model only).
    AddedMrs02,
    /// Utility gained a year by the region's treated patients (the
    /// continuous model only).
    AddedUtility,
    /// Mean onset-to-needle time of the region's thrombolysed patients,
    /// minutes.
    MeanOnsetToNeedle,
    /// Mean onset-to-puncture time of the region's thrombectomy patients,
    /// minutes.
    MeanOnsetToPuncture,
    /// Region patients a year transferred to a thrombectomy centre.
    MtTransfers,
    /// The most deprived quintile's mean travel minus the least deprived's,
    /// minutes.
    DeprivationGap,
    /// The deprivation gap's change from today, minutes (positive: the gap
    /// widens).
    DeprivationGapChange,
    /// The lowest share within 45 minutes of any deprivation quintile.
    WorstQuintileWithin45,
    /// Rural zones' mean travel minus urban zones', minutes.
    RuralGap,
    /// The rural gap's change from today, minutes.
    RuralGapChange,
    /// Stroke beds (hyper-acute and acute stroke unit) the region's units
    /// need.
    StrokeBeds,
    /// The change in stroke beds needed at every unit the option touches
    /// (inside the region or not) from today's modelled need.
    StrokeBedsChange,
    /// The most stroke beds any one unit needs beyond its beds today.
    LargestBedIncrease,
    /// Staff the region's units need by the staffing ratios, WTE.
    StaffWte,
    /// The change in staff needed at every unit the option touches, WTE.
    StaffWteChange,
    /// Nurses the region's units need beyond the nurses in post, WTE.
    NurseWteGap,
    /// HASU consultant rotas the region's consultants in post cannot
    /// cover.
    ConsultantRotasShort,
    /// Capital, £ million.
    CapitalCost,
    /// The change in staff costs a year, £ million.
    RevenueChange,
    /// A score given by a panel: the `k`-th panel-scored criterion
    /// ([`crate::panel`]).
    Panel(u8),
}

/// A metric is written in JSON as in criteria files (`within_30`,
/// `added_mrs_0_2`).
impl Serialize for Metric {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Metric {
    /// Every metric.
    pub const ALL: [Metric; 32] = [
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
        Metric::AddedGoodOutcomes,
        Metric::AddedMrs02,
        Metric::AddedUtility,
        Metric::MeanOnsetToNeedle,
        Metric::MeanOnsetToPuncture,
        Metric::MtTransfers,
        Metric::DeprivationGap,
        Metric::DeprivationGapChange,
        Metric::WorstQuintileWithin45,
        Metric::RuralGap,
        Metric::RuralGapChange,
        Metric::StrokeBeds,
        Metric::StrokeBedsChange,
        Metric::LargestBedIncrease,
        Metric::StaffWte,
        Metric::StaffWteChange,
        Metric::NurseWteGap,
        Metric::ConsultantRotasShort,
        Metric::CapitalCost,
        Metric::RevenueChange,
    ];

    /// The word used in criteria files (and in JSON).
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
            Metric::AddedGoodOutcomes => "added_good_outcomes",
            Metric::AddedMrs02 => "added_mrs_0_2",
            Metric::AddedUtility => "added_utility",
            Metric::MeanOnsetToNeedle => "mean_onset_to_needle",
            Metric::MeanOnsetToPuncture => "mean_onset_to_puncture",
            Metric::MtTransfers => "mt_transfers",
            Metric::DeprivationGap => "deprivation_gap",
            Metric::DeprivationGapChange => "deprivation_gap_change",
            Metric::WorstQuintileWithin45 => "worst_quintile_within_45",
            Metric::RuralGap => "rural_gap",
            Metric::RuralGapChange => "rural_gap_change",
            Metric::StrokeBeds => "stroke_beds",
            Metric::StrokeBedsChange => "stroke_beds_change",
            Metric::LargestBedIncrease => "largest_bed_increase",
            Metric::StaffWte => "staff_wte",
            Metric::StaffWteChange => "staff_wte_change",
            Metric::NurseWteGap => "nurse_wte_gap",
            Metric::ConsultantRotasShort => "consultant_rotas_short",
            Metric::CapitalCost => "capital_cost",
            Metric::RevenueChange => "revenue_change",
            Metric::Panel(_) => "panel",
        }
    }

    /// What the metric needs beyond travel times and admissions.
    pub fn needs(self) -> Needs {
        match self {
            Metric::AddedMrs02 | Metric::AddedUtility => Needs::ContinuousModel,
            Metric::AddedGoodOutcomes
            | Metric::MeanOnsetToNeedle
            | Metric::MeanOnsetToPuncture
            | Metric::MtTransfers => Needs::Outcomes,
            Metric::DeprivationGap
            | Metric::DeprivationGapChange
            | Metric::WorstQuintileWithin45 => Needs::Deprivation,
            Metric::RuralGap | Metric::RuralGapChange => Needs::Rurality,
            Metric::StrokeBeds | Metric::StrokeBedsChange | Metric::LargestBedIncrease => {
                Needs::Beds
            }
            Metric::StaffWte | Metric::StaffWteChange => Needs::Workforce,
            Metric::NurseWteGap => Needs::Establishment(NURSES),
            Metric::ConsultantRotasShort => Needs::Establishment(CONSULTANTS),
            Metric::CapitalCost | Metric::RevenueChange => Needs::Costs,
            Metric::Panel(_) => Needs::Panel,
            _ => Needs::Nothing,
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
        if s == "panel" {
            return Ok(Metric::Panel(0));
        }
        Metric::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Metric::ALL.iter().map(|m| m.as_str()).collect();
                format!("expected one of {}, panel", names.join(", "))
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
    /// Where the weight may lie in the weight robustness analysis (draws
    /// outside are not kept), when stated.
    pub weight_range: Option<[f64; 2]>,
    /// Where the weight comes from, when stated (otherwise it is an
    /// assumption).
    pub source: Option<String>,
}

impl OptionRules {
    /// The first group rule an option with HASUs `hasus` breaks.
    pub fn broken(&self, hasus: &crate::siteset::SiteSet) -> Option<usize> {
        self.groups.iter().position(|g| !g.allows(hasus))
    }

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

/// Reads and checks the criteria file `path` against the sites of
/// `catalog` (site ids are not checked without one): the criteria when no
/// problem is an error, and every problem found.
pub fn check_file(
    path: &Path,
    catalog: Option<&SiteCatalog>,
) -> (Option<Criteria>, crate::Problems) {
    file::load(path, catalog)
}

/// Checks the criteria compiled into hasu ([`crate::embedded::CRITERIA`])
/// against `catalog`, as [`check_file`] checks a file.
pub fn check_embedded(catalog: Option<&SiteCatalog>) -> (Option<Criteria>, crate::Problems) {
    file::parse(
        Path::new(crate::embedded::CRITERIA_NAME),
        crate::embedded::CRITERIA,
        catalog,
    )
}

/// Criteria `text` (as if read from `path`: a panel file is found beside
/// it), checked against `catalog`, as [`check_file`] checks a file.
pub fn check_text(
    path: &Path,
    text: &str,
    catalog: Option<&SiteCatalog>,
) -> (Option<Criteria>, crate::Problems) {
    file::parse(path, text, catalog)
}

/// The criteria file `path`, or the criteria compiled into hasu without
/// one, checked against `catalog`.
pub fn check_source(
    path: Option<&Path>,
    catalog: Option<&SiteCatalog>,
) -> (Option<Criteria>, crate::Problems) {
    match path {
        Some(path) => check_file(path, catalog),
        None => check_embedded(catalog),
    }
}

/// Loads and checks the criteria file `path` (or, with none, the criteria
/// compiled into hasu) against `data`.
///
/// # Errors
/// As [`load_criteria`].
pub fn load_source(path: Option<&Path>, data: &Dataset) -> Result<Criteria> {
    let (criteria, problems) = check_source(path, Some(&SiteCatalog::of(&data.sites)));
    checked(
        path.unwrap_or(Path::new(crate::embedded::CRITERIA_NAME)),
        criteria,
        problems,
    )
}

/// Loads and checks the criteria file `path` against `data`.
///
/// # Errors
/// [`crate::Error::Invalid`] with every problem found, each with file, line
/// and column.
pub fn load_criteria(path: &Path, data: &Dataset) -> Result<Criteria> {
    let (criteria, problems) = file::load(path, Some(&SiteCatalog::of(&data.sites)));
    checked(path, criteria, problems)
}

/// Parses and checks criteria `text` (read from `path`) against `data`.
///
/// # Errors
/// As [`load_criteria`].
pub fn parse_criteria(path: &Path, text: &str, data: &Dataset) -> Result<Criteria> {
    let (criteria, problems) = file::parse(path, text, Some(&SiteCatalog::of(&data.sites)));
    checked(path, criteria, problems)
}

/// The criteria when no problem is an error.
fn checked(path: &Path, criteria: Option<Criteria>, problems: crate::Problems) -> Result<Criteria> {
    problems.into_result()?;
    criteria.ok_or_else(|| crate::Error::Refused(format!("{}: no criteria", path.display())))
}

/// Whether the thrombolysis hurdle can decide anything, under the
/// pathway's door-to-needle curve and the volume hurdle: a hurdle another
/// implies, or that every or no option meets, is dead and outputs say so.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ThrombolysisReach {
    /// It can pass some options that the volume hurdle passes and fail
    /// others.
    Binds {
        /// The admissions a year it comes to.
        admissions: f64,
    },
    /// Implied by the volume hurdle: it comes to `admissions` a year, no
    /// more than the volume minimum, so every option that passes the
    /// volume hurdle passes it.
    ImpliedByVolume {
        /// The admissions a year it comes to.
        admissions: f64,
        /// The volume hurdle's minimum.
        min_admissions: f64,
    },
    /// Every HASU meets it, however small.
    AlwaysMet,
    /// No HASU meets it, however large: every option fails it.
    NeverMet,
}

impl Criteria {
    /// Whether the thrombolysis hurdle can bind ([`ThrombolysisReach`]).
    pub fn thrombolysis_reach(&self) -> ThrombolysisReach {
        let h = &self.hurdles;
        match self
            .pathway
            .volume_equivalent(h.door_to_needle_minutes, h.min_share_within_door_to_needle)
        {
            VolumeEquivalent::AtLeast(a) if a <= h.min_admissions => {
                ThrombolysisReach::ImpliedByVolume {
                    admissions: a,
                    min_admissions: h.min_admissions,
                }
            }
            VolumeEquivalent::AtLeast(a) => ThrombolysisReach::Binds { admissions: a },
            VolumeEquivalent::Always => ThrombolysisReach::AlwaysMet,
            VolumeEquivalent::Never => ThrombolysisReach::NeverMet,
        }
    }
}
