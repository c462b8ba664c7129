//! An appraisal's inputs, a dataset folder, a criteria file and any
//! scenario files, loaded and checked in one pass: every problem of every
//! file is reported together, and a site row with a problem is not reported
//! again where the criteria name it. Scenarios are applied to the dataset,
//! in the order given, before the criteria are checked against it; the
//! pathway rule in force is applied last ([`crate::pathways`]).

use std::path::{Path, PathBuf};

use crate::criteria::{Criteria, SiteCatalog, check_source, check_text};
use crate::error::{Error, Problems, Result};
use crate::load::{Loaded, read_source};
use crate::pathways::{Conveyed, convey};
use crate::scenario::{self, Scenario};

/// Where an appraisal's inputs are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The dataset folder (none: the dataset compiled into hasu,
    /// [`crate::embedded`]).
    pub data: Option<PathBuf>,
    /// The criteria file (none: the criteria compiled into hasu).
    pub criteria: Option<PathBuf>,
    /// Scenario files, applied in order.
    pub scenarios: Vec<PathBuf>,
}

/// The inputs, loaded: the dataset (with the scenarios applied), the
/// criteria and the scenarios.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The dataset, scenarios applied.
    pub loaded: Loaded,
    /// The criteria.
    pub criteria: Criteria,
    /// The scenarios applied.
    pub scenarios: Vec<Scenario>,
    /// What the pathway rule in force (the criteria's, or the last
    /// scenario's that states one) ruled out.
    pub conveyed: Conveyed,
}

impl Inputs {
    /// The dataset folder and criteria file, without scenarios.
    pub fn new(data: PathBuf, criteria: PathBuf) -> Inputs {
        Inputs {
            data: Some(data),
            criteria: Some(criteria),
            scenarios: Vec::new(),
        }
    }

    /// Every input path given (for checking that no output lands on one);
    /// files that scenarios read are added by [`Prepared::scenario_inputs`].
    pub fn paths(&self) -> Vec<&Path> {
        let mut out: Vec<&Path> = self.data.iter().map(PathBuf::as_path).collect();
        out.extend(self.criteria.as_deref());
        out.extend(self.scenarios.iter().map(PathBuf::as_path));
        out
    }

    /// Loads and checks the dataset, the scenarios and the criteria
    /// together.
    ///
    /// # Errors
    /// [`Error::Invalid`] with the problems of all, dataset first.
    pub fn load(&self) -> Result<Prepared> {
        self.load_with(&Texts::default())
    }

    /// Loads and checks the inputs as [`Inputs::load`], with settings given
    /// as text: criteria in place of the criteria file, and scenarios
    /// applied after the scenario files.
    ///
    /// # Errors
    /// As [`Inputs::load`].
    pub fn load_with(&self, texts: &Texts) -> Result<Prepared> {
        let (loaded, known) = read_source(self.data.as_deref());
        match loaded {
            Ok(mut loaded) => {
                let mut problems = Problems::new();
                let mut scenarios: Vec<Scenario> = Vec::new();
                let files = self.scenarios.iter().map(|p| (p, None));
                let written = texts.scenarios.iter().map(|(p, t)| (p, Some(t)));
                for (p, text) in files.chain(written) {
                    let data = &loaded.dataset;
                    let read = match text {
                        Some(text) => scenario::parse(p, text, data, &mut problems),
                        None => scenario::load(p, data, &mut problems),
                    };
                    if let Some(s) = read {
                        s.apply(&mut loaded.dataset);
                        scenarios.push(s);
                    }
                }
                let catalog = SiteCatalog::of(&loaded.dataset.sites);
                let (criteria, criteria_problems) = texts.criteria(self, Some(&catalog));
                problems.extend(criteria_problems);
                match criteria {
                    Some(mut criteria) if !problems.has_errors() => {
                        if let Some(p) = scenarios.iter().rev().find_map(|s| s.pathways.clone()) {
                            criteria.pathways = p;
                        }
                        let conveyed = convey(&mut loaded.dataset, &criteria.pathways)?;
                        Ok(Prepared {
                            loaded,
                            criteria,
                            scenarios,
                            conveyed,
                        })
                    }
                    _ => {
                        let mut all = loaded.warnings;
                        all.extend(problems);
                        Err(Error::Invalid(all))
                    }
                }
            }
            Err(Error::Invalid(mut all)) => {
                let catalog = known.as_ref().map(|k| SiteCatalog {
                    sites: &k.sites,
                    rejected: k.rejected.clone(),
                    complete: k.complete,
                });
                all.extend(texts.criteria(self, catalog.as_ref()).1);
                Err(Error::Invalid(all))
            }
            Err(e) => Err(e),
        }
    }
}

/// Settings given as text rather than as files (`hasu explore`'s views),
/// each parsed as if read from its path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    /// Criteria in place of the inputs' criteria file.
    pub criteria: Option<(PathBuf, String)>,
    /// Scenarios applied after the inputs' scenario files, in order.
    pub scenarios: Vec<(PathBuf, String)>,
}

impl Texts {
    /// The criteria: these texts', or else the inputs' file (or the
    /// criteria compiled into hasu), checked against `catalog`.
    fn criteria(
        &self,
        inputs: &Inputs,
        catalog: Option<&SiteCatalog>,
    ) -> (Option<Criteria>, Problems) {
        match &self.criteria {
            Some((path, text)) => check_text(path, text, catalog),
            None => check_source(inputs.criteria.as_deref(), catalog),
        }
    }
}

impl Prepared {
    /// Every file the inputs read besides the ones given: the files of
    /// scenarios (their times tables).
    pub fn scenario_inputs(&self) -> impl Iterator<Item = &Path> {
        self.scenarios
            .iter()
            .flat_map(|s| s.inputs.iter().map(PathBuf::as_path))
    }
}
