//! `observed.csv` (optional): what each unit was observed to do over a
//! stated period (e.g. a year of the national audit), to compare the
//! modelled "today" with (`hasu baseline`).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Folder;
use super::table::{ADMISSIONS, CsvTable, FirstSeen, MINUTES, Quantity};
use crate::error::Problems;
use crate::model::{Dataset, Observed};

/// The columns of `observed.csv`, in the order hasu documents them.
pub const COLUMNS: [&str; 8] = [
    "site_id",
    "period",
    "admissions",
    "thrombolysed",
    "thrombolysis_rate",
    "door_to_needle_median",
    "thrombectomy_referrals",
    "source",
];

/// What an observed table is, as messages name it.
const WHAT: &str = "the units' observed figures (site_id,period,admissions,thrombolysed,\
                    thrombolysis_rate,door_to_needle_median,thrombectomy_referrals,source)";

/// A share of admissions.
const SHARE: Quantity = Quantity {
    noun: "a share of admissions",
    min: 0.0,
    max: 1.0,
    range: "between 0 and 1 (e.g. 0.12 for 12%)",
};

/// How far a stated thrombolysis rate may be from thrombolysed ÷
/// admissions before the row is questioned (rounding in published
/// tables).
const RATE_SLACK: f64 = 0.005;

/// Reads the dataset's `observed.csv` against its sites (`ids`: id →
/// index; `rejected`: ids of site rows with problems, not reported again).
pub(crate) fn read(
    folder: &Folder<'_>,
    sites: (&HashMap<String, usize>, &HashSet<String>),
    problems: &mut Problems,
) -> Vec<Observed> {
    match CsvTable::open_in(folder, super::OBSERVED_FILE, WHAT, problems) {
        Some(table) => read_table(table, sites, problems),
        None => Vec::new(),
    }
}

/// Reads an observed table given on the command line (`--observed`)
/// against the sites of `data`.
pub fn read_file(path: &Path, data: &Dataset, problems: &mut Problems) -> Vec<Observed> {
    let ids: HashMap<String, usize> = data
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    match CsvTable::open(path, WHAT, problems) {
        Some(table) => read_table(table, (&ids, &HashSet::new()), problems),
        None => Vec::new(),
    }
}

fn read_table(
    mut table: CsvTable,
    (ids, rejected): (&HashMap<String, usize>, &HashSet<String>),
    problems: &mut Problems,
) -> Vec<Observed> {
    let Some(([site, period, source], figures)) = table.columns(
        ["site_id", "period", "source"],
        [
            "admissions",
            "thrombolysed",
            "thrombolysis_rate",
            "door_to_needle_median",
            "thrombectomy_referrals",
        ],
        problems,
    ) else {
        return Vec::new();
    };
    let [admissions, thrombolysed, rate, dtn, referrals] = figures;
    let mut out = Vec::new();
    let mut seen = FirstSeen::default();
    table.for_each_good_row(problems, |row, problems| {
        let id = row.text(site);
        let key = format!("{id} {}", row.text(period));
        if !seen.check(row, period, "site and period", &key, problems) {
            return;
        }
        let known = match ids.get(id) {
            Some(_) => true,
            None if rejected.contains(id) => false,
            None => {
                problems.error(
                    row.at(site),
                    format!("unknown site \"{id}\"; expected a site id from sites.csv"),
                );
                false
            }
        };
        let mut ok = known;
        for (col, what) in [(period, "a period, e.g. 2021/22"), (source, "a source")] {
            if row.text(col).is_empty() {
                problems.error(row.at(col), format!("expected {what}, found an empty cell"));
                ok = false;
            }
        }
        let mut figure = |col: Option<usize>, q: &Quantity| match col {
            Some(c) if !row.text(c).is_empty() => match row.number(c, q, problems) {
                Some(v) => Some(v),
                None => {
                    ok = false;
                    None
                }
            },
            _ => None,
        };
        let observed = Observed {
            site: id.to_string(),
            period: row.text(period).to_string(),
            admissions: figure(admissions, &ADMISSIONS),
            thrombolysed: figure(thrombolysed, &ADMISSIONS),
            thrombolysis_rate: figure(rate, &SHARE),
            door_to_needle_median: figure(dtn, &MINUTES),
            thrombectomy_referrals: figure(referrals, &ADMISSIONS),
            source: row.text(source).to_string(),
        };
        if !ok {
            return;
        }
        if let (Some(t), Some(a)) = (observed.thrombolysed, observed.admissions)
            && t > a
        {
            problems.error(
                row.at(thrombolysed.unwrap_or(site)),
                format!("{t} thrombolysed of {a} admissions; expected at most the admissions"),
            );
            return;
        }
        if let (Some(stated), Some(t), Some(a)) = (
            observed.thrombolysis_rate,
            observed.thrombolysed,
            observed.admissions,
        ) && a > 0.0
            && (stated - t / a).abs() > RATE_SLACK
        {
            problems.warning(
                row.at(rate.unwrap_or(site)),
                format!(
                    "thrombolysis_rate {stated} is not thrombolysed ÷ admissions ({t} ÷ {a} = \
                     {:.3}); the stated rate is compared",
                    t / a
                ),
            );
        }
        out.push(observed);
    });
    out
}
