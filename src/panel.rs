//! Panel scores: criteria no model computes (deliverability, estates
//! readiness, strategic fit, patient experience), scored by a panel and
//! read from a CSV file that the criteria name (`[panel] file`).
//!
//! # The file
//! `criterion,site,option,score,low,high,source`, one score a row:
//! - `criterion`: the id of a `[[criterion]]` with `metric = "panel"`;
//! - `site` *or* `option`: a site id (the score of any option with that
//!   site as a HASU), or an option's HASU site ids separated by spaces,
//!   `+` or `;` (the score of that option);
//! - `score`, and optionally `low` and `high` (both or neither, `low ≤
//!   score ≤ high`): the range the panel would accept;
//! - `source` (optional): who scored, and when.
//!
//! Every candidate site needs a score for each panel criterion. An option
//! with a row of its own takes that score; any other takes the `mean` or
//! the `min` of its HASU sites' scores, as the criterion's `combine` says
//! (ranges combine the same way).
//!
//! In the robustness study each score with a range is drawn uniformly
//! within it, in the weight draws and the input draws alike.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rand::{Rng, RngExt};
use serde::Serialize;

use crate::error::Problems;
use crate::load::table::{CsvTable, Quantity};
use crate::model::{Role, Site};
use crate::siteset::SiteSet;

/// How an option's score follows from its sites' scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// The mean of its HASU sites' scores.
    Mean,
    /// The lowest of its HASU sites' scores.
    Min,
}

/// A score and the range the panel would accept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// The score.
    pub score: f64,
    /// Lowest acceptable.
    pub low: f64,
    /// Highest acceptable.
    pub high: f64,
}

impl Score {
    /// The score drawn uniformly within its range.
    fn drawn(&self, rng: &mut impl Rng) -> Score {
        let score = if self.high > self.low {
            rng.random_range(self.low..=self.high)
        } else {
            self.score
        };
        Score { score, ..*self }
    }
}

/// One panel-scored criterion's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelCriterion {
    /// The criterion's id.
    pub id: String,
    /// How an option's score follows from its sites'.
    pub combine: Combine,
    /// Per site: its score (every candidate has one).
    pub sites: Vec<Option<Score>>,
    /// Options scored as a whole.
    #[serde(skip)]
    pub options: BTreeMap<SiteSet, Score>,
}

impl PanelCriterion {
    /// The score of the option whose HASUs are `hasus`.
    pub fn score(&self, hasus: &SiteSet) -> Score {
        if let Some(s) = self.options.get(hasus) {
            return *s;
        }
        let scores = hasus.sites().into_iter().filter_map(|s| self.sites[s]);
        let (mut n, mut sum) = (
            0.0,
            Score {
                score: 0.0,
                low: 0.0,
                high: 0.0,
            },
        );
        let mut least: Option<Score> = None;
        for s in scores {
            n += 1.0;
            sum.score += s.score;
            sum.low += s.low;
            sum.high += s.high;
            if least.is_none_or(|l| s.score < l.score) {
                least = Some(s);
            }
        }
        match self.combine {
            Combine::Mean if n > 0.0 => Score {
                score: sum.score / n,
                low: sum.low / n,
                high: sum.high / n,
            },
            Combine::Min => least.unwrap_or(sum),
            Combine::Mean => sum,
        }
    }
}

/// The scores of a panel file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    /// The file.
    pub path: PathBuf,
    /// Its SHA-256.
    pub sha256: String,
    /// Per panel-scored criterion (in the criteria's order).
    pub criteria: Vec<PanelCriterion>,
}

impl Panel {
    /// Whether any score has a range to draw from.
    pub fn uncertain(&self) -> bool {
        self.criteria.iter().any(|c| {
            c.sites
                .iter()
                .flatten()
                .chain(c.options.values())
                .any(|s| s.high > s.low)
        })
    }

    /// The panel with every score drawn uniformly within its range.
    pub fn drawn(&self, rng: &mut impl Rng) -> Panel {
        let criteria = self
            .criteria
            .iter()
            .map(|c| PanelCriterion {
                sites: c.sites.iter().map(|s| s.map(|s| s.drawn(rng))).collect(),
                options: c.options.iter().map(|(k, s)| (*k, s.drawn(rng))).collect(),
                ..c.clone()
            })
            .collect();
        Panel {
            criteria,
            ..self.clone()
        }
    }

    /// Writes each criterion's score of the option whose HASUs are `hasus`
    /// into `out`, in order.
    pub fn score_into(&self, hasus: &SiteSet, out: &mut [f64]) {
        for (o, c) in out.iter_mut().zip(&self.criteria) {
            *o = c.score(hasus).score;
        }
    }
}

/// A panel score.
const SCORE: Quantity = Quantity {
    noun: "a score",
    min: -1e9,
    max: 1e9,
    range: "between -1e9 and 1e9",
};

const WHAT: &str = "the panel's scores (criterion,site,option,score,low,high,source)";

/// Reads the panel file `path` for the panel criteria `wanted` (id and
/// combine rule, in order) against `sites`, reporting every problem with
/// its line and column.
pub fn read(
    path: &Path,
    wanted: &[(String, Combine)],
    sites: &[Site],
    problems: &mut Problems,
) -> Option<Panel> {
    let sha256 = crate::files::digest::sha256_file(path, crate::files::read::MAX_DATA_FILE_BYTES)
        .unwrap_or_default();
    let mut table = CsvTable::open(path, WHAT, problems)?;
    let ([criterion, score], [site, option, low, high]) = table.columns(
        ["criterion", "score"],
        ["site", "option", "low", "high"],
        problems,
    )?;
    let before = problems.error_count();
    let mut criteria: Vec<PanelCriterion> = wanted
        .iter()
        .map(|(id, combine)| PanelCriterion {
            id: id.clone(),
            combine: *combine,
            sites: vec![None; sites.len()],
            options: BTreeMap::new(),
        })
        .collect();
    let index = |id: &str| sites.iter().position(|s| s.id == id);
    table.for_each_good_row(problems, |row, problems| {
        let Some(k) = criteria.iter().position(|c| c.id == row.text(criterion)) else {
            let ids: Vec<&str> = wanted.iter().map(|(id, _)| id.as_str()).collect();
            problems.error(
                row.at(criterion),
                format!(
                    "\"{}\" is not a panel-scored criterion; expected one of {} (a [[criterion]] \
                     with metric = \"panel\")",
                    row.text(criterion),
                    if ids.is_empty() {
                        "none".to_string()
                    } else {
                        ids.join(", ")
                    }
                ),
            );
            return;
        };
        let value = row.number(score, &SCORE, problems);
        let bound = |col: Option<usize>, problems: &mut Problems| {
            col.filter(|&c| !row.text(c).is_empty())
                .map(|c| row.number(c, &SCORE, problems))
        };
        let (lo, hi) = (bound(low, problems), bound(high, problems));
        if lo.is_some() != hi.is_some() {
            let col = low.or(high).unwrap_or(score);
            problems.error(
                row.at(col),
                "expected both low and high, or neither".to_string(),
            );
            return;
        }
        let Some(value) = value else { return };
        let (lo, hi) = match (lo, hi) {
            (Some(Some(lo)), Some(Some(hi))) => (lo, hi),
            (None, None) => (value, value),
            _ => return,
        };
        if !(lo <= value && value <= hi) {
            problems.error(
                row.at(low.unwrap_or(score)),
                format!("expected low ≤ score ≤ high, found {lo}, {value}, {hi}"),
            );
            return;
        }
        let s = Score {
            score: value,
            low: lo,
            high: hi,
        };
        let named = |col: Option<usize>| col.map(|c| row.text(c)).filter(|t| !t.is_empty());
        match (named(site), named(option)) {
            (Some(id), None) => match index(id) {
                Some(i) if criteria[k].sites[i].is_some() => problems.error(
                    row.at(site.unwrap_or(0)),
                    format!("a second score of \"{}\" for site {id}", criteria[k].id),
                ),
                Some(i) => criteria[k].sites[i] = Some(s),
                None => problems.error(
                    row.at(site.unwrap_or(0)),
                    crate::criteria::unknown_site(id, sites),
                ),
            },
            (None, Some(ids)) => {
                let mut set = Vec::new();
                for id in ids.split([' ', '+', ';', ',']).filter(|t| !t.is_empty()) {
                    match index(id) {
                        Some(i) => set.push(i),
                        None => {
                            problems.error(
                                row.at(option.unwrap_or(0)),
                                crate::criteria::unknown_site(id, sites),
                            );
                            return;
                        }
                    }
                }
                let set = SiteSet::from_sites(&set);
                if criteria[k].options.insert(set, s).is_some() {
                    problems.error(
                        row.at(option.unwrap_or(0)),
                        format!("a second score of \"{}\" for option {ids}", criteria[k].id),
                    );
                }
            }
            _ => problems.error(
                row.at(site.or(option).unwrap_or(criterion)),
                "expected a site id in site or an option's site ids in option (one of the two)"
                    .to_string(),
            ),
        }
    });
    for c in &criteria {
        let missing: Vec<&str> = sites
            .iter()
            .zip(&c.sites)
            .filter(|(s, v)| s.role == Role::Candidate && v.is_none())
            .map(|(s, _)| s.id.as_str())
            .collect();
        if !missing.is_empty() {
            problems.error(
                crate::error::Location::file(path),
                format!(
                    "criterion \"{}\" has no score for candidate site{} {}; every candidate site \
                     needs one (an option's score is the {} of its HASU sites' scores unless the \
                     option has a row of its own)",
                    c.id,
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", "),
                    match c.combine {
                        Combine::Mean => "mean",
                        Combine::Min => "lowest",
                    }
                ),
            );
        }
    }
    (problems.error_count() == before).then(|| Panel {
        path: path.to_path_buf(),
        sha256,
        criteria,
    })
}
