//! `referrals.csv` (optional): where each stroke unit refers its patients
//! for thrombectomy, as the service runs it (not the road-nearest centre).

use std::collections::{HashMap, HashSet};

use super::Folder;
use super::table::{CsvTable, FirstSeen, MINUTES};
use crate::error::Problems;
use crate::model::{Referral, Service, Site, TravelMatrix};

/// The columns of `referrals.csv`, in the order hasu writes them.
pub const COLUMNS: [&str; 4] = ["unit_id", "centre_id", "minutes", "source"];

/// Reads `referrals.csv` against the sites read (`ids`: id → index;
/// `rejected`: ids of site rows with problems, not reported again) and
/// their transfer times (a referral without minutes needs one).
pub(crate) fn read(
    folder: &Folder<'_>,
    sites: &[Site],
    (ids, rejected): (&HashMap<String, usize>, &HashSet<String>),
    site_times: &TravelMatrix,
    problems: &mut Problems,
) -> Vec<Referral> {
    match CsvTable::open_in(folder, super::REFERRALS_FILE, WHAT, problems) {
        Some(table) => read_table(table, sites, (ids, rejected), site_times, problems),
        None => Vec::new(),
    }
}

/// What a referrals table is, as messages name it.
pub(crate) const WHAT: &str = "the thrombectomy referrals table (unit_id,centre_id,minutes,source)";

/// Reads an opened referrals table (of a dataset, or a facts file given to
/// the import), as [`read`].
pub(crate) fn read_table(
    mut table: CsvTable,
    sites: &[Site],
    (ids, rejected): (&HashMap<String, usize>, &HashSet<String>),
    site_times: &TravelMatrix,
    problems: &mut Problems,
) -> Vec<Referral> {
    let Some(([unit, centre], [minutes, source])) =
        table.columns(["unit_id", "centre_id"], ["minutes", "source"], problems)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = FirstSeen::default();
    table.for_each_good_row(problems, |row, problems| {
        let site = |col: usize, problems: &mut Problems| {
            let id = row.text(col);
            match ids.get(id) {
                Some(&s) => Some(s),
                None if rejected.contains(id) => None,
                None => {
                    problems.error(
                        row.at(col),
                        format!("unknown site \"{id}\"; expected a site id from sites.csv"),
                    );
                    None
                }
            }
        };
        if !seen.check(row, unit, "unit", row.text(unit), problems) {
            return;
        }
        let (from, to) = (site(unit, problems), site(centre, problems));
        if let Some(c) = to
            && !sites[c].has(Service::Thrombectomy)
        {
            problems.error(
                row.at(centre),
                format!(
                    "site \"{}\" does not offer thrombectomy (its services in sites.csv); \
                     expected a thrombectomy centre",
                    sites[c].id
                ),
            );
            return;
        }
        let journey = minutes
            .filter(|&c| !row.text(c).is_empty())
            .map(|c| row.number(c, &MINUTES, problems));
        if matches!(journey, Some(None)) {
            return;
        }
        if let (Some(from), Some(to)) = (from, to) {
            if from == to {
                problems.error(
                    row.at(centre),
                    "a unit does not refer to itself; a thrombectomy centre treats its own \
                     patients, so leave it out",
                );
                return;
            }
            if journey.is_none() && site_times.get(from, to).is_none() {
                problems.warning(
                    row.at(minutes.unwrap_or(centre)),
                    format!(
                        "no journey from {} to {} yet: site_times.csv has no such row, so {} \
                         transfers to the nearest open centre it has a time to until there is \
                         one (give the minutes here, or estimate {}'s times: hasu network \
                         estimate --site {})",
                        sites[from].id,
                        sites[to].id,
                        sites[from].id,
                        sites[from].id,
                        sites[from].id
                    ),
                );
            }
            out.push(Referral {
                unit: sites[from].id.clone(),
                centre: sites[to].id.clone(),
                minutes: journey.flatten().map(|m| m as f32),
                source: source.map_or_else(String::new, |c| row.text(c).to_string()),
            });
        }
    });
    out
}
