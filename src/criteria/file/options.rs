//! `[options]`, `[assignment]` and `[today]`: which combinations of sites
//! are options, how tied zones are shared, and today's units.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::{GroupRule, OptionRules, TieRule};
use crate::model::Role;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OptionsFile {
    min_hasus: Spanned<usize>,
    max_hasus: Spanned<usize>,
    require: Vec<Spanned<String>>,
    exclude: Vec<Spanned<String>>,
    max_combinations: Spanned<u64>,
    #[serde(default)]
    group: Vec<GroupFile>,
}

/// `[[options.group]]`: a rule over a group of sites.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    name: Spanned<String>,
    /// The group's sites, listed by hand.
    sites: Option<Vec<Spanned<String>>>,
    /// The candidate sites of one trust (the `trust` column of sites.csv).
    trust: Option<Spanned<String>>,
    /// One group per trust.
    each_trust: Option<Spanned<bool>>,
    at_least: Option<Spanned<usize>>,
    at_most: Option<Spanned<usize>>,
    exactly: Option<Spanned<usize>>,
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
            groups: self.group.iter().flat_map(|g| g.read(check)).collect(),
        }
    }
}

impl GroupFile {
    /// The rules this entry states (one per trust with `each_trust`);
    /// none without a dataset to name the sites.
    /// Each trust's group is named by the trust.
    fn read(&self, check: &mut Checker) -> Vec<GroupRule> {
        check.text(&self.name, "name");
        let ways = [
            self.sites.is_some(),
            self.trust.is_some(),
            self.each_trust.as_ref().is_some_and(|b| *b.get_ref()),
        ];
        if ways.iter().filter(|&&w| w).count() != 1 {
            check.problem(
                self.name.span(),
                "group",
                format!(
                    "group \"{}\" needs exactly one of sites = [...], trust = \"...\" or \
                     each_trust = true",
                    self.name.get_ref()
                ),
            );
            return Vec::new();
        }
        let (at_least, at_most) = match (&self.exactly, &self.at_least, &self.at_most) {
            (Some(n), None, None) => (Some(*n.get_ref()), Some(*n.get_ref())),
            (None, None, None) => {
                check.problem(
                    self.name.span(),
                    "group",
                    format!(
                        "group \"{}\" states no count; expected at_least, at_most (or both) or \
                         exactly",
                        self.name.get_ref()
                    ),
                );
                return Vec::new();
            }
            (Some(n), _, _) => {
                check.problem(
                    n.span(),
                    "exactly",
                    "exactly cannot go with at_least or at_most; expected one or the other"
                        .to_string(),
                );
                return Vec::new();
            }
            (None, lo, hi) => {
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    check.that(
                        lo.get_ref() <= hi.get_ref(),
                        hi,
                        "at_most",
                        format!(
                            "at_most ({}) is below at_least ({}); expected at_least ≤ at_most",
                            hi.get_ref(),
                            lo.get_ref()
                        ),
                    );
                }
                (
                    lo.as_ref().map(|v| *v.get_ref()),
                    hi.as_ref().map(|v| *v.get_ref()),
                )
            }
        };
        let Some(catalog) = check.catalog else {
            return Vec::new();
        };
        let candidates = || {
            catalog
                .sites
                .iter()
                .enumerate()
                .filter(|(_, s)| s.role == Role::Candidate)
        };
        let name = self.name.get_ref();
        let groups: Vec<(String, Vec<usize>)> = if let Some(ids) = &self.sites {
            vec![(name.clone(), check.sites(ids, "sites", true))]
        } else if let Some(trust) = &self.trust {
            let sites: Vec<usize> = candidates()
                .filter(|(_, s)| &s.trust == trust.get_ref())
                .map(|(i, _)| i)
                .collect();
            if sites.is_empty() && catalog.whole() {
                let mut trusts: Vec<&str> = candidates().map(|(_, s)| s.trust.as_str()).collect();
                trusts.sort_unstable();
                trusts.dedup();
                check.problem(
                    trust.span(),
                    "trust",
                    format!(
                        "no candidate site has trust \"{}\" in sites.csv; expected one of {}",
                        trust.get_ref(),
                        trusts.join(", ")
                    ),
                );
            }
            vec![(name.clone(), sites)]
        } else {
            let mut trusts: Vec<&str> = candidates()
                .map(|(_, s)| s.trust.as_str())
                .filter(|t| !t.is_empty())
                .collect();
            trusts.sort_unstable();
            trusts.dedup();
            trusts
                .into_iter()
                .map(|t| {
                    let sites = candidates()
                        .filter(|(_, s)| s.trust == t)
                        .map(|(i, _)| i)
                        .collect();
                    (t.to_string(), sites)
                })
                .collect()
        };
        groups
            .into_iter()
            .map(|(name, sites)| GroupRule {
                name,
                sites,
                at_least,
                at_most,
            })
            .collect()
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
