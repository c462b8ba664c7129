//! `[options]`, `[assignment]` and `[today]`: which combinations of sites
//! are options, how tied zones are shared, and today's units.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::{OptionRules, TieRule};
use crate::model::Role;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OptionsFile {
    min_hasus: Spanned<usize>,
    max_hasus: Spanned<usize>,
    require: Vec<Spanned<String>>,
    exclude: Vec<Spanned<String>>,
    max_combinations: Spanned<u64>,
}

/// The `[assignment]` table: optional, the neutral tie rule by default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssignmentFile {
    pub ties: TieRule,
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
pub(super) struct TodayFile {
    units: Vec<Spanned<String>>,
    /// The period of the admissions data, for reports.
    pub period: Option<Spanned<String>>,
}

impl OptionsFile {
    pub fn read(&self, check: &mut Checker) -> OptionRules {
        check.that(
            *self.min_hasus.get_ref() >= 1,
            &self.min_hasus,
            "min_hasus",
            "expected at least 1 HASU".to_string(),
        );
        check.that(
            self.min_hasus.get_ref() <= self.max_hasus.get_ref(),
            &self.max_hasus,
            "max_hasus",
            format!(
                "max_hasus ({}) is below min_hasus ({}); expected min_hasus ≤ max_hasus",
                self.max_hasus.get_ref(),
                self.min_hasus.get_ref()
            ),
        );
        if let Some(catalog) = check.catalog.filter(|c| c.whole()) {
            let candidates = catalog
                .sites
                .iter()
                .filter(|s| s.role == Role::Candidate)
                .count();
            check.that(
                *self.min_hasus.get_ref() <= candidates,
                &self.min_hasus,
                "min_hasus",
                format!(
                    "min_hasus ({}) is more than the dataset's {candidates} candidate sites",
                    self.min_hasus.get_ref()
                ),
            );
        }
        let require = check.sites(&self.require, "require", true);
        let exclude = check.sites(&self.exclude, "exclude", true);
        for r in &self.require {
            if self.exclude.iter().any(|e| e.get_ref() == r.get_ref()) {
                check.problem(
                    r.span(),
                    "require",
                    format!("site \"{}\" is both required and excluded", r.get_ref()),
                );
            }
        }
        OptionRules {
            min_hasus: *self.min_hasus.get_ref(),
            max_hasus: *self.max_hasus.get_ref(),
            require,
            exclude,
            max_combinations: *self.max_combinations.get_ref(),
        }
    }
}

impl TodayFile {
    pub fn read(&self, check: &mut Checker) -> Vec<usize> {
        if self.units.is_empty() {
            check.problems.error(
                check.lines.file(),
                "[today] units is empty; expected the units admitting stroke patients at the time of the data",
            );
        }
        check.sites(&self.units, "units", false)
    }
}
