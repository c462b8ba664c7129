//! JSON output: schema `hasu.appraisal/1`, documented in README.md
//! ("JSON output"). Fields are only ever added within a schema version.

use serde::Serialize;

use crate::criteria::{Criteria, Criterion, Hurdles, Pathway};
use crate::model::Dataset;
use crate::rank::{Appraisal, Appraised};

/// The schema id written in every JSON document.
pub const SCHEMA: &str = "hasu.appraisal/1";

/// The criteria an appraisal used, as written to JSON.
#[derive(Serialize)]
pub struct CriteriaJson<'a> {
    /// The criteria's title.
    pub name: &'a str,
    /// The criteria file.
    pub file: String,
    /// Site ids of today's configuration.
    pub today: Vec<String>,
    /// The hurdles.
    pub hurdles: &'a Hurdles,
    /// The pathway model.
    pub pathway: &'a Pathway,
    /// Services counted for co-location.
    pub co_location: Vec<&'static str>,
    /// The weighted criteria.
    pub criteria: &'a [Criterion],
}

impl<'a> CriteriaJson<'a> {
    /// The JSON view of `c`, whose site indices refer to `data`.
    pub fn of(c: &'a Criteria, data: &Dataset) -> CriteriaJson<'a> {
        CriteriaJson {
            name: &c.name,
            file: c.path.display().to_string(),
            today: c.today.iter().map(|&s| data.sites[s].id.clone()).collect(),
            hurdles: &c.hurdles,
            pathway: &c.pathway,
            co_location: c.co_location.iter().map(|s| s.as_str()).collect(),
            criteria: &c.criteria,
        }
    }
}

/// A whole appraisal.
#[derive(Serialize)]
pub struct AppraisalJson<'a> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// hasu's version.
    pub hasu_version: &'static str,
    /// The dataset folder.
    pub data: String,
    /// The criteria used.
    pub criteria: CriteriaJson<'a>,
    /// The appraisal.
    #[serde(flatten)]
    pub appraisal: &'a Appraisal,
}

/// One option explained.
#[derive(Serialize)]
pub struct OptionJson<'a> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// hasu's version.
    pub hasu_version: &'static str,
    /// The dataset folder.
    pub data: String,
    /// The criteria used.
    pub criteria: CriteriaJson<'a>,
    /// Today's configuration, evaluated the same way.
    pub today: &'a Appraised,
    /// The option.
    pub option: &'a Appraised,
}

impl<'a> OptionJson<'a> {
    /// The document for `option` and `today`, appraised on `data` (from
    /// the folder `dir`) under `criteria`.
    pub fn new(
        dir: String,
        data: &Dataset,
        criteria: &'a Criteria,
        today: &'a Appraised,
        option: &'a Appraised,
    ) -> OptionJson<'a> {
        OptionJson {
            schema: SCHEMA,
            hasu_version: env!("CARGO_PKG_VERSION"),
            data: dir,
            criteria: CriteriaJson::of(criteria, data),
            today,
            option,
        }
    }
}

/// Pretty JSON text with a final newline.
pub fn to_string(value: &impl Serialize) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
