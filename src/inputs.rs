//! An appraisal's inputs, a dataset folder and a criteria file, loaded and
//! checked in one pass: every problem of every file is reported together,
//! and a site row with a problem is not reported again where the criteria
//! name it.

use std::path::{Path, PathBuf};

use crate::criteria::{Criteria, SiteCatalog, check_file};
use crate::error::{Error, Result};
use crate::load::{Loaded, read};

/// Where an appraisal's inputs are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The dataset folder.
    pub data: PathBuf,
    /// The criteria file.
    pub criteria: PathBuf,
}

impl Inputs {
    /// Every input path (for checking that no output lands on one).
    pub fn paths(&self) -> Vec<&Path> {
        vec![&self.data, &self.criteria]
    }

    /// Loads and checks the dataset and the criteria together.
    ///
    /// # Errors
    /// [`Error::Invalid`] with the problems of both, dataset first.
    pub fn load(&self) -> Result<(Loaded, Criteria)> {
        let (loaded, known) = read(&self.data);
        match loaded {
            Ok(loaded) => {
                let catalog = SiteCatalog::of(&loaded.dataset.sites);
                let (criteria, problems) = check_file(&self.criteria, Some(&catalog));
                match criteria {
                    Some(c) if !problems.has_errors() => Ok((loaded, c)),
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
                all.extend(check_file(&self.criteria, catalog.as_ref()).1);
                Err(Error::Invalid(all))
            }
            Err(e) => Err(e),
        }
    }
}
