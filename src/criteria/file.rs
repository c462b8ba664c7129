//! The criteria file's shape (TOML) and every check of its values, with the
//! line and column of each problem.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Criteria, Criterion, Hurdles, Metric, OptionRules, Pathway, Statistic, TieRule};
use crate::error::{Column, Location, Problems};
use crate::files::read::{MAX_SETTINGS_FILE_BYTES, ReadError, read_bounded};
use crate::load::lines::LineIndex;
use crate::load::table::control_character;
use crate::model::{Role, Service, Site};

// The file's shape. Spans let checks name the line of a value.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: Spanned<String>,
    options: OptionsFile,
    #[serde(default)]
    assignment: AssignmentFile,
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

/// A reference door-to-needle time read as a median of patients unless the
/// file says otherwise (the meaning of files written before the key).
fn patient_median() -> Statistic {
    Statistic::PatientMedian
}

/// The `[assignment]` table: optional, the neutral tie rule by default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignmentFile {
    ties: TieRule,
}

impl Default for AssignmentFile {
    fn default() -> AssignmentFile {
        AssignmentFile {
            ties: TieRule::Split,
        }
    }
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
    #[serde(alias = "median_minutes_at_reference")]
    minutes_at_reference: Spanned<f64>,
    #[serde(default = "patient_median")]
    statistic: Statistic,
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
    group: Spanned<String>,
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

/// The sites a criteria file may name: those of a dataset, with the ids of
/// rows the dataset's loader rejected (named in its own problems, so not
/// reported again here).
#[derive(Debug, Clone, Default)]
pub struct SiteCatalog<'a> {
    /// The sites that loaded, in dataset order.
    pub sites: &'a [Site],
    /// Ids of site rows that had problems.
    pub rejected: HashSet<String>,
    /// Whether the sites table was read to its end.
    pub complete: bool,
}

impl<'a> SiteCatalog<'a> {
    /// Every site of a dataset that loaded.
    pub fn of(sites: &'a [Site]) -> SiteCatalog<'a> {
        SiteCatalog {
            sites,
            rejected: HashSet::new(),
            complete: true,
        }
    }

    /// Whether every site of the table is known (none rejected or unread).
    fn whole(&self) -> bool {
        self.complete && self.rejected.is_empty()
    }
}

/// Reads and checks the criteria file `path` against `catalog` (no site
/// checks without one). Returns the criteria when the file could be read,
/// and every problem found.
pub(super) fn load(path: &Path, catalog: Option<&SiteCatalog>) -> (Option<Criteria>, Problems) {
    match read_bounded(path, MAX_SETTINGS_FILE_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(path, &text, catalog),
            Err(e) => {
                let line = LineIndex::new(e.as_bytes()).line(e.utf8_error().valid_up_to());
                let mut problems = Problems::new();
                problems.error(Location::line(path, line), "expected UTF-8 text");
                (None, problems)
            }
        },
        Err(e) => {
            let mut problems = Problems::new();
            let message = match e {
                ReadError::NotFound => {
                    "file not found; expected a criteria file (see criteria/kent-medway.toml)"
                        .to_string()
                }
                e => e.to_string(),
            };
            problems.error(Location::file(path), message);
            (None, problems)
        }
    }
}

/// Parses and checks criteria `text` (read from `path`), as [`load`].
pub(super) fn parse(
    path: &Path,
    text: &str,
    catalog: Option<&SiteCatalog>,
) -> (Option<Criteria>, Problems) {
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
            return (None, problems);
        }
    };
    let mut check = Checker {
        lines: &lines,
        problems: &mut problems,
        catalog,
    };

    check.text(&file.name, "name");
    let o = &file.options;
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
    if let Some(catalog) = catalog.filter(|c| c.whole()) {
        let candidates = catalog
            .sites
            .iter()
            .filter(|s| s.role == Role::Candidate)
            .count();
        check.that(
            *o.min_hasus.get_ref() <= candidates,
            &o.min_hasus,
            "min_hasus",
            format!(
                "min_hasus ({}) is more than the dataset's {candidates} candidate sites",
                o.min_hasus.get_ref()
            ),
        );
    }
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
        (&d.minutes_at_reference, "minutes_at_reference"),
        (&d.fastest_median_minutes, "fastest_median_minutes"),
        (&d.spread, "spread"),
    ] {
        check.positive(v, key);
    }
    check.that(
        d.fastest_median_minutes.get_ref() <= d.minutes_at_reference.get_ref(),
        &d.fastest_median_minutes,
        "fastest_median_minutes",
        "expected fastest_median_minutes ≤ minutes_at_reference".to_string(),
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
        check.text(&c.id, "id");
        check.text(&c.group, "group");
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
                group: c.group.get_ref().clone(),
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
    if problems.has_errors() {
        return (None, problems);
    }
    let criteria = Criteria {
        path: path.to_path_buf(),
        name: file.name.into_inner(),
        ties: file.assignment.ties,
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
            reference_door_to_needle_minutes: *d.minutes_at_reference.get_ref(),
            reference_statistic: d.statistic,
            reference_admissions: *d.reference_admissions.get_ref(),
            minutes_per_doubling: *d.minutes_per_doubling.get_ref(),
            fastest_median_minutes: *d.fastest_median_minutes.get_ref(),
            spread: *d.spread.get_ref(),
            out_of_area_door_to_needle_minutes: *p.out_of_area_door_to_needle_minutes.get_ref(),
        },
        co_location,
        criteria,
    };
    (Some(criteria), problems)
}

struct Checker<'a> {
    lines: &'a Lines<'a>,
    problems: &'a mut Problems,
    catalog: Option<&'a SiteCatalog<'a>>,
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
    /// Without a catalog nothing can be checked and nothing is returned;
    /// ids of rejected site rows are skipped silently.
    fn sites(&mut self, ids: &[Spanned<String>], key: &str, candidate: bool) -> Vec<usize> {
        let Some(catalog) = self.catalog else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for id in ids {
            match catalog.sites.iter().position(|s| &s.id == id.get_ref()) {
                None if catalog.rejected.contains(id.get_ref()) || !catalog.complete => {}
                None => {
                    let known: Vec<&str> = catalog.sites.iter().map(|s| s.id.as_str()).collect();
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
                Some(i) if candidate && catalog.sites[i].role != Role::Candidate => {
                    self.problem(
                        id.span(),
                        key,
                        format!(
                            "site \"{}\" is {}, not a candidate; only candidates can be required or excluded",
                            id.get_ref(),
                            catalog.sites[i].role
                        ),
                    );
                }
                Some(i) if !catalog.sites[i].role.can_open() => {
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

    /// Refuses text with control characters.
    fn text(&mut self, v: &Spanned<String>, key: &str) {
        if let Some(message) = control_character(v.get_ref()) {
            self.problem(v.span(), key, message);
        }
    }
}
