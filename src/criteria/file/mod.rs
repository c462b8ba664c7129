//! The criteria file's shape (TOML) and every check of its values, with the
//! line and column of each problem: one module per table.

mod baseline;
mod hurdles;
mod options;
mod organised_care;
mod outcomes;
mod pathway;
pub(crate) mod pathways;
mod resources;
mod robustness;
mod weighted;

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Criteria, Metric, Needs};
use crate::error::{Location, Problems};
use crate::files::read::{MAX_SETTINGS_FILE_BYTES, ReadError, read_bounded};
use crate::load::lines::{LineIndex, Spans};
use crate::load::table::control_character;
use crate::model::{Role, Site};
use crate::outcome::Model;

// The file's shape. Spans let checks name the line of a value.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: Spanned<String>,
    options: options::OptionsFile,
    #[serde(default)]
    assignment: options::AssignmentFile,
    today: options::TodayFile,
    hurdles: hurdles::HurdlesFile,
    pathway: pathway::PathwayFile,
    pathways: Option<pathways::PathwaysFile>,
    quality: weighted::QualityFile,
    criterion: Vec<weighted::CriterionFile>,
    robustness: Option<robustness::RobustnessFile>,
    uncertainty: Option<robustness::UncertaintyFile>,
    outcomes: Option<outcomes::OutcomesFile>,
    beds: Option<outcomes::BedsFile>,
    workforce: Option<resources::WorkforceFile>,
    costs: Option<resources::CostsFile>,
    panel: Option<PanelFile>,
    organised_care: Option<organised_care::OrganisedCareFile>,
    baseline: Option<baseline::BaselineFile>,
}

/// `[panel]`: the file of panel scores, beside the criteria file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PanelFile {
    file: Spanned<String>,
}

/// The message for a site id a settings file names that the dataset does
/// not have.
pub(crate) fn unknown_site(id: &str, sites: &[Site]) -> String {
    let known: Vec<&str> = sites.iter().map(|s| s.id.as_str()).collect();
    format!(
        "site \"{id}\" is not in the dataset; expected one of {}",
        known.join(", ")
    )
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
    let lines = Spans::new(path, text);
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
    let options = file.options.read(&mut check);
    let today = file.today.read(&mut check);
    if let Some(period) = &file.today.period {
        check.text(period, "period");
    }
    let hurdles = file.hurdles.read(&mut check);
    let pathway = file.pathway.read(&mut check);
    let pathways = file
        .pathways
        .as_ref()
        .map_or_else(Default::default, |p| p.read(&mut check));
    let co_location = file.quality.read(&mut check);
    let criteria = weighted::read_criteria(&file.criterion, &mut check);
    let robustness = file
        .robustness
        .as_ref()
        .map_or_else(Default::default, |r| r.read(&mut check));
    let uncertainty = file.uncertainty.as_ref().map(|u| u.read(&mut check));
    let outcomes = file.outcomes.as_ref().map(|o| o.read(&mut check));
    let beds = file.beds.as_ref().map(|b| b.read(&mut check));
    let workforce = file.workforce.as_ref().map(|w| w.read(&mut check));
    let costs = file
        .costs
        .as_ref()
        .map(|c| c.read(&mut check, workforce.as_ref()));
    let organised_care = file.organised_care.as_ref().map(|o| o.read(&mut check));
    let baseline = file
        .baseline
        .as_ref()
        .map_or_else(Default::default, |b| b.read(&mut check));
    check.metrics_available(&file, outcomes.as_ref().map(|o| o.model));
    let panel = check.panel(path, &file);
    if let (Some(c), None) = (&file.hurdles.capacity, &beds) {
        check.problem(
            c.min_spare_beds.span(),
            "capacity",
            "the capacity hurdle needs a [beds] table (how beds are planned)".to_string(),
        );
    }
    if problems.has_errors() {
        return (None, problems);
    }
    let criteria = Criteria {
        path: path.to_path_buf(),
        sha256: crate::files::digest::sha256_hex(text.as_bytes()),
        name: file.name.into_inner(),
        ties: file.assignment.ties,
        options,
        today,
        period: file.today.period.as_ref().map(|p| p.get_ref().clone()),
        pathways,
        hurdles,
        pathway,
        co_location,
        criteria,
        robustness,
        uncertainty,
        outcomes,
        beds,
        workforce,
        costs,
        panel,
        organised_care,
        baseline,
    };
    (Some(criteria), problems)
}

/// A number as a message quotes it: huge or tiny values in exponent form
/// (`1e300`, not three hundred digits).
pub(crate) fn shown(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-4..1e9).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Checks values as they are read, reporting each problem at its place.
pub(super) struct Checker<'a> {
    lines: &'a Spans<'a>,
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

    fn not_negative(&mut self, v: &Spanned<f64>, key: &str) {
        let x = *v.get_ref();
        self.that(
            x.is_finite() && x >= 0.0,
            v,
            key,
            format!(
                "{key} is {}; expected a number that is not negative",
                shown(x)
            ),
        );
    }

    /// Checks that `v` lies from `lo` to `hi` (above `lo`, not at it, when
    /// `open_low`), naming the range; `what` is e.g. "minutes".
    fn within(
        &mut self,
        v: &Spanned<f64>,
        key: &str,
        lo: f64,
        hi: f64,
        open_low: bool,
        what: &str,
    ) {
        let x = *v.get_ref();
        let ok = x.is_finite() && x <= hi && if open_low { x > lo } else { x >= lo };
        let range = if open_low {
            format!("above {lo} and at most {hi}")
        } else {
            format!("from {lo} to {hi}")
        };
        self.that(
            ok,
            v,
            key,
            format!("{key} is {}; expected {what} {range}", shown(x)),
        );
    }

    fn finite(&mut self, v: &Spanned<f64>, key: &str) {
        let x = *v.get_ref();
        self.that(
            x.is_finite(),
            v,
            key,
            format!("{key} is {}; expected a finite number", shown(x)),
        );
    }

    /// Checks `lo ≤ hi`, reporting at `hi`.
    fn ordered(&mut self, lo: (&Spanned<f64>, &str), hi: (&Spanned<f64>, &str)) {
        let (a, b) = (*lo.0.get_ref(), *hi.0.get_ref());
        self.that(
            a <= b,
            hi.0,
            hi.1,
            format!(
                "{} ({b}) is below {} ({a}); expected {} ≤ {}",
                hi.1, lo.1, lo.1, hi.1
            ),
        );
    }

    fn share(&mut self, v: &Spanned<f64>, key: &str) {
        let x = *v.get_ref();
        self.that(
            (0.0..=1.0).contains(&x),
            v,
            key,
            format!("{key} is {}; expected a share between 0 and 1", shown(x)),
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
        for (k, id) in ids.iter().enumerate() {
            if ids[..k].iter().any(|other| other.get_ref() == id.get_ref()) {
                self.problem(
                    id.span(),
                    key,
                    format!(
                        "site \"{}\" is listed twice; expected each site once",
                        id.get_ref()
                    ),
                );
                continue;
            }
            match catalog.sites.iter().position(|s| &s.id == id.get_ref()) {
                None if catalog.rejected.contains(id.get_ref()) || !catalog.complete => {}
                None => {
                    self.problem(id.span(), key, unknown_site(id.get_ref(), catalog.sites));
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
                Some(i) if !catalog.sites[i].role.can_open() && key == "units" => {
                    self.problem(
                        id.span(),
                        key,
                        format!(
                            "site \"{id}\" is closed in sites.csv, but [today] units names it \
                             among the units admitting at the time of the data, against which \
                             every option is compared. To appraise options without {id}, keep it \
                             a candidate in sites.csv and leave it out with --exclude {id} (or \
                             exclude = [\"{id}\"] in [options]); if it had closed before the \
                             data were collected, take it out of [today] units",
                            id = id.get_ref()
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

    /// Parses a metric's name, reporting an unknown one.
    fn metric(&mut self, v: &Spanned<String>) -> Option<Metric> {
        match v.get_ref().parse::<Metric>() {
            Ok(m) => Some(m),
            Err(m) => {
                self.problem(v.span(), "metric", format!("\"{}\": {m}", v.get_ref()));
                None
            }
        }
    }

    /// Reports every metric of the criteria and limits that needs an
    /// analysis the file does not set up (`model`: the outcome model of
    /// `[outcomes]`, if any).
    fn metrics_available(&mut self, file: &File, model: Option<Model>) {
        let named = file
            .criterion
            .iter()
            .map(weighted::CriterionFile::metric)
            .chain(file.hurdles.limit.iter().map(|l| &l.metric));
        for v in named {
            let Ok(metric) = v.get_ref().parse::<Metric>() else {
                continue;
            };
            let missing = match (metric.needs(), model) {
                (Needs::Nothing | Needs::Deprivation | Needs::Rurality | Needs::Panel, _) => None,
                (Needs::Beds | Needs::Workforce | Needs::Establishment(_) | Needs::Costs, _)
                    if file.beds.is_none() =>
                {
                    Some("a [beds] table (how beds are planned)".to_string())
                }
                (Needs::Workforce | Needs::Establishment(_), _) if file.workforce.is_none() => {
                    Some("a [workforce] table (staffing ratios)".to_string())
                }
                (Needs::Establishment(group), _)
                    if !file
                        .workforce
                        .as_ref()
                        .is_some_and(|w| w.has_establishment(group)) =>
                {
                    Some(format!(
                        "a [[workforce.staff]] group \"{group}\" with its establishment (the WTE in \
                         post today)"
                    ))
                }
                (Needs::Costs, _) if file.costs.is_none() => Some("a [costs] table".to_string()),
                (Needs::Costs, _)
                    if metric == Metric::RevenueChange && file.workforce.is_none() =>
                {
                    Some("a [workforce] table (staffing ratios) for the staff it costs".to_string())
                }
                (Needs::Beds | Needs::Workforce | Needs::Establishment(_) | Needs::Costs, _) => {
                    None
                }
                (_, None) => Some("an [outcomes] table (the patient-benefit analysis)".to_string()),
                (Needs::ContinuousModel, Some(Model::Allen)) => Some(
                    "the continuous outcome model (model = \"stroke_outcome\"): the allen model \
                     gives mRS 0–1 only"
                        .to_string(),
                ),
                _ => None,
            };
            if let Some(missing) = missing {
                self.problem(v.span(), "metric", format!("{metric} needs {missing}"));
            }
        }
    }

    /// Reads the panel file when a criterion is panel-scored (a problem
    /// when there is none, or a `[panel]` with no criterion to score).
    fn panel(&mut self, path: &Path, file: &File) -> Option<crate::panel::Panel> {
        let wanted = weighted::panel_criteria(&file.criterion);
        match (&file.panel, wanted.is_empty()) {
            (None, true) => None,
            (Some(p), true) => {
                self.problem(
                    p.file.span(),
                    "file",
                    "[panel] names a file, but no [[criterion]] has metric = \"panel\"".to_string(),
                );
                None
            }
            (None, false) => {
                let at = file
                    .criterion
                    .iter()
                    .find(|c| c.metric().get_ref() == "panel")
                    .map_or(0..0, |c| c.metric().span());
                self.problem(
                    at,
                    "metric",
                    "a panel-scored criterion needs a [panel] table naming the file of scores \
                     (file = \"panel-scores.csv\", beside the criteria file)"
                        .to_string(),
                );
                None
            }
            (Some(p), false) => {
                self.text(&p.file, "file");
                let catalog = self.catalog?;
                let at = path
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(p.file.get_ref());
                crate::panel::read(&at, &wanted, catalog.sites, self.problems)
            }
        }
    }

    /// Refuses text with control characters.
    fn text(&mut self, v: &Spanned<String>, key: &str) {
        if let Some(message) = control_character(v.get_ref()) {
            self.problem(v.span(), key, message);
        }
    }
}
