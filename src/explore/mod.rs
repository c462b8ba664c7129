//! `hasu explore`: a board's "what if", live. The explorer holds a dataset
//! and criteria, and appraises any [`View`] of them (weights, sites,
//! sizes, group rules, scenarios, outcome policy) with its robustness
//! study, exactly as `hasu appraise` does: each view is written as a
//! criteria file and a scenario file ([`view`]) and appraised from those
//! texts, and "export this view" writes the same texts.
//!
//! [`server`] serves it on the loopback interface to the page of [`page`].

mod export;
pub mod page;
pub mod server;
mod setup;
pub mod view;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::error::{Error, Problems};
use crate::evaluate::Evaluator;
use crate::inputs::{Inputs, Prepared, Texts};
use crate::model::{Dataset, Role};
use crate::rank::{Appraisal, Appraiser, Standing};
use crate::report::{json, label};
use crate::robustness::{self, Draws, Study};
use crate::siteset::SiteSet;

pub use export::Exported;
pub use setup::{Setup, SetupCriterion, SetupSite, SetupZone};
pub use view::{View, ViewFiles};

/// Views kept worked out, most recent first.
const CACHED_VIEWS: usize = 8;
/// The folder a view's files are named in before they are exported
/// (outputs name files by their own names only).
const VIEW_DIR: &str = "hasu-explore-view";

/// Why a request could not be answered.
#[derive(Debug)]
pub enum Refusal {
    /// The request does not fit the dataset or criteria: every problem.
    Bad(Vec<String>),
    /// Nothing by that name (a site, an option, a place).
    NotFound(String),
    /// The explorer could not do it (a file could not be read or
    /// written).
    Failed(String),
}

impl From<Error> for Refusal {
    fn from(e: Error) -> Refusal {
        match e {
            Error::Invalid(p) => Refusal::Bad(problem_lines(&p)),
            Error::Refused(m) => Refusal::Bad(vec![m]),
            other => Refusal::Failed(other.to_string()),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Bad(p) => f.write_str(&p.join("\n")),
            Refusal::NotFound(m) | Refusal::Failed(m) => f.write_str(m),
        }
    }
}

fn problem_lines(p: &Problems) -> Vec<String> {
    p.iter()
        .filter(|x| x.severity == crate::Severity::Error)
        .map(ToString::to_string)
        .collect()
}

/// A scenario file the page offers.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Its title.
    pub name: String,
    /// Its file (absolute).
    #[serde(skip)]
    pub path: PathBuf,
    /// How outputs name it.
    pub file: String,
}

/// A view, appraised.
pub struct Computed {
    /// The view's files.
    pub files: ViewFiles,
    /// The scenario files offered that it applies, in order.
    pub scenario_files: Vec<PathBuf>,
    /// The inputs, view applied.
    pub prepared: Prepared,
    /// The evaluator for them.
    pub evaluator: Evaluator,
    /// Every option the view's rules allow, tested and ranked.
    pub appraisal: Appraisal,
    /// Its robustness study.
    pub study: Study,
    /// The appraisal as `hasu appraise --passing --format json` writes it.
    pub json: String,
}

impl Computed {
    /// Appraises the view's options.
    pub fn appraiser(&self) -> Appraiser<'_> {
        Appraiser {
            data: &self.prepared.loaded.dataset,
            criteria: &self.prepared.criteria,
            evaluator: &self.evaluator,
        }
    }
}

/// A dataset and criteria, explored.
pub struct Explorer {
    /// The dataset (absolute) and criteria file given, no scenarios.
    inputs: Inputs,
    /// The criteria file's text.
    base_text: String,
    /// How outputs name the criteria file.
    base_name: String,
    /// The criteria file's folder (none: compiled into hasu).
    base_dir: Option<PathBuf>,
    /// The criteria's group rules, by name.
    groups: Vec<String>,
    /// The scenario files offered.
    pub choices: Vec<Choice>,
    /// The inputs without a view.
    pub base: Prepared,
    /// Scenario files found that do not fit the dataset, not offered.
    pub skipped: Vec<String>,
    /// Where "export this view" may write (none: it may not).
    pub exports: Option<PathBuf>,
    cache: Mutex<Vec<Arc<Computed>>>,
}

impl Explorer {
    /// Loads the dataset `data` (none: the one compiled into hasu), the
    /// criteria file `criteria` (likewise) and the scenario files
    /// offered: `scenarios`, and those of `found` that fit the dataset
    /// (the others are in [`Explorer::skipped`]); views may be exported
    /// into `exports`.
    ///
    /// # Errors
    /// Every problem of the inputs and of `scenarios`, as `hasu appraise`
    /// reports them.
    pub fn new(
        data: Option<&Path>,
        criteria: Option<&Path>,
        scenarios: &[PathBuf],
        found: &[PathBuf],
        exports: Option<&Path>,
    ) -> crate::Result<Explorer> {
        let absolute = |p: &Path| p.canonicalize().map_err(|e| Error::io(p, e));
        let data = data.map(absolute).transpose()?;
        let criteria = criteria.map(absolute).transpose()?;
        let inputs = Inputs {
            data,
            criteria: criteria.clone(),
            scenarios: Vec::new(),
        };
        let base = inputs.load()?;
        let (base_text, base_name, base_dir) = match &criteria {
            Some(p) => {
                let bytes = crate::files::read::read_bounded(
                    p,
                    crate::files::read::MAX_SETTINGS_FILE_BYTES,
                )
                .map_err(|e| Error::Refused(format!("{}: {e}", p.display())))?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::Refused(format!("{}: expected UTF-8 text", p.display())))?;
                (text, label(p), p.parent().map(Path::to_path_buf))
            }
            None => (
                crate::embedded::CRITERIA.to_string(),
                crate::embedded::CRITERIA_NAME.to_string(),
                None,
            ),
        };
        let mut problems = Problems::new();
        let mut choices: Vec<Choice> = Vec::new();
        let mut skipped = Vec::new();
        let given = scenarios.iter().map(|p| (p, true));
        for (p, required) in given.chain(found.iter().map(|p| (p, false))) {
            let path = absolute(p)?;
            let mut own = Problems::new();
            match crate::scenario::load(&path, &base.loaded.dataset, &mut own) {
                Some(s) if !own.has_errors() => {
                    if !choices.iter().any(|c| c.path == path || c.name == s.name) {
                        choices.push(Choice {
                            name: s.name,
                            file: label(&path),
                            path,
                        });
                    }
                }
                _ if required => problems.extend(own),
                _ => skipped.push(label(&path)),
            }
        }
        problems.into_result()?;
        let groups = group_names(&base_text);
        let exports = exports.map(absolute).transpose()?;
        Ok(Explorer {
            inputs,
            base_text,
            base_name,
            base_dir,
            groups,
            choices,
            base,
            skipped,
            exports,
            cache: Mutex::new(Vec::new()),
        })
    }

    /// The criteria a view starts from.
    fn base(&self) -> view::Base<'_> {
        view::Base {
            text: &self.base_text,
            name: &self.base_name,
            dir: self.base_dir.as_deref(),
            data: &self.base.loaded.dataset,
            groups: &self.groups,
        }
    }

    /// The view's files and the scenario files it applies.
    ///
    /// # Errors
    /// The view's problems.
    pub fn files(&self, view: &View) -> Result<(ViewFiles, Vec<PathBuf>), Refusal> {
        let mut problems = Vec::new();
        let chosen: Vec<PathBuf> = view
            .scenarios
            .iter()
            .filter_map(|name| {
                let c = self.choices.iter().find(|c| &c.name == name);
                if c.is_none() {
                    problems.push(format!(
                        "scenarios: none offered is named \"{}\"",
                        crate::error::inert(name)
                    ));
                }
                c
            })
            .map(|c| c.path.clone())
            .collect();
        let files = view.files(&self.base());
        match files {
            Ok(files) if problems.is_empty() => Ok((files, chosen)),
            Ok(_) => Err(Refusal::Bad(problems)),
            Err(mut more) => {
                problems.append(&mut more);
                Err(Refusal::Bad(problems))
            }
        }
    }

    /// Appraises `view` with its robustness study (the last few views are
    /// kept).
    ///
    /// # Errors
    /// The view's problems, or the appraisal's.
    pub fn compute(&self, view: &View) -> Result<Arc<Computed>, Refusal> {
        let (files, chosen) = self.files(view)?;
        if let Some(c) = self.cached(&files, &chosen) {
            return Ok(c);
        }
        let dir = Path::new(VIEW_DIR);
        let computed = Arc::new(self.appraise(
            files,
            chosen,
            &dir.join(view::CRITERIA_FILE),
            &dir.join(view::SCENARIO_FILE),
        )?);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.insert(0, computed.clone());
        cache.truncate(CACHED_VIEWS);
        Ok(computed)
    }

    fn cached(&self, files: &ViewFiles, chosen: &[PathBuf]) -> Option<Arc<Computed>> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .iter()
            .find(|c| &c.files == files && c.scenario_files == chosen)
            .cloned()
    }

    /// Appraises the view's `files`, named `criteria` and `scenario`, and
    /// the scenario files `chosen`, as `hasu appraise --passing --format
    /// json` does.
    fn appraise(
        &self,
        files: ViewFiles,
        chosen: Vec<PathBuf>,
        criteria: &Path,
        scenario: &Path,
    ) -> Result<Computed, Refusal> {
        let inputs = Inputs {
            data: self.inputs.data.clone(),
            criteria: None,
            scenarios: chosen.clone(),
        };
        let texts = Texts {
            criteria: Some((criteria.to_path_buf(), files.criteria.clone())),
            scenarios: files
                .scenario
                .iter()
                .map(|t| (scenario.to_path_buf(), t.clone()))
                .collect(),
        };
        let prepared = inputs.load_with(&texts)?;
        let evaluator = crate::analyses::evaluator(&prepared.loaded.dataset, &prepared.criteria)?;
        let appraiser = Appraiser {
            data: &prepared.loaded.dataset,
            criteria: &prepared.criteria,
            evaluator: &evaluator,
        };
        let appraisal = appraiser.appraise()?;
        let r = &prepared.criteria.robustness;
        let draws = Draws {
            seed: r.seed,
            weights: r.weight_draws,
            inputs: r.input_draws,
        };
        let study = robustness::study(&appraiser, &appraisal, draws)?;
        let today = appraiser.detail(&appraiser.today(), Standing::NotRanked);
        let dir = label(&prepared.loaded.dir);
        let source = json::Source {
            dir: &dir,
            data: &prepared.loaded.dataset,
            criteria: &prepared.criteria,
            scenarios: &prepared.scenarios,
        };
        let mut out = Vec::new();
        appraiser
            .with_details(appraisal.ranked(), |details| {
                json::write_appraisal(&mut out, source, &appraisal, &study, &today, details)
            })
            .map_err(|e| Refusal::Failed(e.to_string()))?;
        let json = String::from_utf8(out).map_err(|e| Refusal::Failed(e.to_string()))?;
        Ok(Computed {
            files,
            scenario_files: chosen,
            prepared,
            evaluator,
            appraisal,
            study,
            json,
        })
    }

    /// Where every zone's patients go under `option` (HASU site ids joined
    /// by commas) in `view`, and today, for the map.
    ///
    /// # Errors
    /// The view's problems, or an option that is not one of its own.
    pub fn zones(&self, view: &View, option: &str) -> Result<ZoneFigures, Refusal> {
        let c = self.compute(view)?;
        let data = &c.prepared.loaded.dataset;
        let set = option_set(data, option)?;
        let mut scratch = c.evaluator.scratch();
        c.evaluator.evaluate(&set, &mut scratch);
        let trips = c.evaluator.zones(&scratch);
        let trip = |z: usize, t: Option<(usize, f64)>| {
            t.map(|(s, m)| (s, m, crate::estimates::is_estimated(data, z, s)))
        };
        Ok(ZoneFigures {
            option: crate::rank::site_ids(data, &set).join(","),
            zones: self
                .setup()
                .zones
                .iter()
                .map(|z| {
                    (
                        trip(z.index, trips[z.index].today),
                        trip(z.index, trips[z.index].option),
                    )
                })
                .collect(),
        })
    }

    /// What the page is built from: criteria, sites, scenarios offered,
    /// zones and their shapes.
    pub fn setup(&self) -> Setup {
        setup::of(self)
    }
}

/// An option's HASU site ids (joined by commas) as a site set of `data`.
fn option_set(data: &Dataset, option: &str) -> Result<SiteSet, Refusal> {
    let mut sites = Vec::new();
    for id in option.split(',').map(str::trim) {
        match data.site_index(id) {
            Some(s) if data.sites[s].role == Role::Candidate => sites.push(s),
            _ => {
                return Err(Refusal::NotFound(format!(
                    "option \"{}\": \"{}\" is not a candidate site",
                    crate::error::inert(option),
                    crate::error::inert(id)
                )));
            }
        }
    }
    Ok(SiteSet::from_sites(&sites))
}

/// The group rules' names in criteria `text`, in order.
fn group_names(text: &str) -> Vec<String> {
    let Ok(doc) = text.parse::<toml_edit::DocumentMut>() else {
        return Vec::new();
    };
    doc.get("options")
        .and_then(|o| o.get("group"))
        .and_then(toml_edit::Item::as_array_of_tables)
        .map(|groups| {
            groups
                .iter()
                .filter_map(|t| t.get("name").and_then(toml_edit::Item::as_str))
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Where a zone's patients go: (site, minutes, whether the time is
/// estimated), today and under the option.
pub type ZoneTrip = Option<(usize, f64, bool)>;

/// Every mapped zone's journey today and under an option, in the order of
/// [`Setup::zones`].
#[derive(Debug, Serialize)]
pub struct ZoneFigures {
    /// The option.
    pub option: String,
    /// (today, option) per zone.
    pub zones: Vec<(ZoneTrip, ZoneTrip)>,
}
