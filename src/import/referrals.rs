//! A referrals facts file: where each unit referred its patients for
//! thrombectomy in the period of the data (`unit_id,centre_id,minutes,
//! source`, as `referrals.csv` of a dataset), checked against the imported
//! sites as a dataset's own table is.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Location, Problems};
use crate::load::referrals::{WHAT, read_table};
use crate::load::table::CsvTable;
use crate::model::{Referral, Site, TravelMatrix};

/// Reads the referrals of `path` against the imported `sites` and their
/// `site_times`, reporting every problem with its place (and a table with
/// no rows).
pub fn read(
    path: &Path,
    sites: &[Site],
    site_times: &TravelMatrix,
    problems: &mut Problems,
) -> Vec<Referral> {
    let Some(table) = CsvTable::open(path, WHAT, problems) else {
        return Vec::new();
    };
    let ids: HashMap<String, usize> = sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let out = read_table(table, sites, (&ids, &HashSet::new()), site_times, problems);
    if out.is_empty() && !problems.has_errors() {
        problems.error(
            Location::line(path, 2),
            "the table has a header but no rows; expected a referral per unit",
        );
    }
    out
}
