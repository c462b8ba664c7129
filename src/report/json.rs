//! JSON output: schema `hasu.appraisal/1`, documented in README.md
//! ("JSON output"). Fields are only ever added within a schema version.

use std::cell::RefCell;
use std::io;

use serde::Serialize;

use super::words;
use crate::criteria::{Criteria, Criterion, Hurdles, Pathway, TieRule, VolumeEquivalent};
use crate::evaluate::{Explained, Metrics};
use crate::model::Dataset;
use crate::rank::{Appraisal, Check, CriterionScore, Detail, Failing, Hurdle, Standing};

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
    /// How a zone equally near to several open units is shared.
    pub ties: TieRule,
    /// The hurdles.
    pub hurdles: &'a Hurdles,
    /// The pathway model.
    pub pathway: PathwayJson<'a>,
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
            ties: c.ties,
            hurdles: &c.hurdles,
            pathway: PathwayJson {
                median_door_to_needle_minutes: c.pathway.reference_median(),
                thrombolysis_hurdle_equivalent: c.pathway.volume_equivalent(
                    c.hurdles.door_to_needle_minutes,
                    c.hurdles.min_share_within_door_to_needle,
                ),
                pathway: &c.pathway,
            },
            co_location: c.co_location.iter().map(|s| s.as_str()).collect(),
            criteria: &c.criteria,
        }
    }
}

/// One hurdle's result: whether it passes, why in words, and each rule's
/// numbers.
#[derive(Serialize)]
pub struct HurdleJson {
    /// The hurdle.
    pub hurdle: Hurdle,
    /// Whether the option passes it.
    pub passed: bool,
    /// Why, one sentence per finding.
    pub reasons: Vec<String>,
    /// Each of its rules, tested: the option's value, the threshold and
    /// the margin (negative when it fails), in the rule's units.
    pub checks: Vec<Check>,
}

/// One option, as written to JSON.
#[derive(Serialize)]
pub struct OptionView<'a> {
    /// Its id: the HASU site ids joined by commas.
    pub id: &'a str,
    /// The HASU site ids.
    pub sites: &'a [String],
    /// Its rank among the options that pass (null when it fails, or has
    /// no place in the long list).
    pub rank: Option<usize>,
    /// Whether it passes every hurdle.
    pub passes: bool,
    /// Score out of 100 (null when it fails).
    pub score: Option<f64>,
    /// Where it stands relative to the criteria's long list.
    pub standing: Standing,
    /// Admissions a year in zones equally near to several open units.
    pub tied_admissions: f64,
    /// Every criterion's part in the score.
    pub criteria: &'a [CriterionScore],
    /// Every hurdle.
    pub hurdles: Vec<HurdleJson>,
    /// Headline figures.
    pub metrics: &'a Metrics,
    /// Per unit, per district, and compared with today.
    #[serde(flatten)]
    pub explained: &'a Explained,
}

impl<'a> OptionView<'a> {
    /// The JSON view of `d` under the hurdles `h`.
    pub fn of(d: &'a Detail, h: &Hurdles) -> OptionView<'a> {
        let hurdles = words::hurdles(h, d)
            .into_iter()
            .map(|w| HurdleJson {
                hurdle: w.hurdle,
                passed: w.passed,
                reasons: w.reasons,
                checks: d
                    .checks
                    .iter()
                    .filter(|c| c.rule.hurdle() == w.hurdle)
                    .copied()
                    .collect(),
            })
            .collect();
        OptionView {
            id: &d.id,
            sites: &d.sites,
            rank: d.assessed.rank,
            passes: d.assessed.passes,
            score: d.assessed.score,
            standing: d.standing,
            tied_admissions: d.assessed.metrics.tied_admissions,
            criteria: &d.criteria,
            hurdles,
            metrics: &d.assessed.metrics,
            explained: &d.explained,
        }
    }
}

/// A sequence serialised as it is produced, so that a long list is never
/// held whole in memory.
struct Streamed<I>(RefCell<Option<I>>);

impl<I, T> Serialize for Streamed<I>
where
    I: Iterator<Item = T>,
    T: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.0.borrow_mut().take();
        serializer.collect_seq(items.into_iter().flatten())
    }
}

/// A detail that serialises as its [`OptionView`].
struct OwnedView<'h>(Detail, &'h Hurdles);

impl Serialize for OwnedView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        OptionView::of(&self.0, self.1).serialize(serializer)
    }
}

/// The pathway model as written to JSON: its parameters, with the median
/// patient door-to-needle time they give at the reference unit, and what
/// the thrombolysis hurdle comes to under them.
#[derive(Serialize)]
pub struct PathwayJson<'a> {
    /// The parameters.
    #[serde(flatten)]
    pub pathway: &'a Pathway,
    /// The median patient door-to-needle at the reference unit, minutes.
    pub median_door_to_needle_minutes: f64,
    /// The thrombolysis hurdle as a volume threshold.
    pub thrombolysis_hurdle_equivalent: VolumeEquivalent,
}

/// A whole appraisal, as written to JSON.
#[derive(Serialize)]
#[serde(bound(serialize = "Streamed<I>: Serialize"))]
struct AppraisalJson<'a, I> {
    schema: &'static str,
    hasu_version: &'static str,
    data: String,
    criteria: CriteriaJson<'a>,
    considered: usize,
    passing: usize,
    failing: &'a [Failing],
    today: OptionView<'a>,
    options: Streamed<I>,
}

/// Writes the appraisal `a` of `data` (from the folder `dir`) under
/// `criteria` as pretty JSON with a final newline; `today` is today's
/// configuration and `options` every option's detail in ranking order.
pub fn write_appraisal(
    w: &mut dyn io::Write,
    dir: String,
    data: &Dataset,
    criteria: &Criteria,
    a: &Appraisal,
    today: &Detail,
    options: impl Iterator<Item = Detail>,
) -> io::Result<()> {
    let h = &criteria.hurdles;
    let views = options.map(|d| OwnedView(d, h));
    let doc = AppraisalJson {
        schema: SCHEMA,
        hasu_version: env!("CARGO_PKG_VERSION"),
        data: dir,
        criteria: CriteriaJson::of(criteria, data),
        considered: a.considered,
        passing: a.passing,
        failing: &a.failing,
        today: OptionView::of(today, h),
        options: Streamed(RefCell::new(Some(views))),
    };
    serde_json::to_writer_pretty(&mut *w, &doc).map_err(io::Error::from)?;
    w.write_all(b"\n")
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
    pub today: OptionView<'a>,
    /// The option.
    pub option: OptionView<'a>,
}

impl<'a> OptionJson<'a> {
    /// The document for `option` and `today`, appraised on `data` (from
    /// the folder `dir`) under `criteria`.
    pub fn new(
        dir: String,
        data: &Dataset,
        criteria: &'a Criteria,
        today: &'a Detail,
        option: &'a Detail,
    ) -> OptionJson<'a> {
        OptionJson {
            schema: SCHEMA,
            hasu_version: env!("CARGO_PKG_VERSION"),
            data: dir,
            criteria: CriteriaJson::of(criteria, data),
            today: OptionView::of(today, &criteria.hurdles),
            option: OptionView::of(option, &criteria.hurdles),
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
