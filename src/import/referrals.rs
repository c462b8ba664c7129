//! A referrals facts file: where each unit referred its patients for
//! thrombectomy in the period of the data (`unit_id,centre_id,minutes,
//! source`, as `referrals.csv` of a dataset), joined on the imported
//! sites' ids.

use std::path::Path;

use crate::error::{Location, Problems};
use crate::load::table::{CsvTable, FirstSeen, MINUTES};
use crate::model::{Referral, Site};

/// Reads the referrals of `path` whose units and centres are sites of
/// `sites`, reporting every problem (an unknown id, a unit given twice, a
/// time out of range) with its place.
pub fn read(path: &Path, sites: &[Site], problems: &mut Problems) -> Vec<Referral> {
    let Some(mut table) = CsvTable::open(
        path,
        "a referrals table (unit_id,centre_id,minutes,source)",
        problems,
    ) else {
        return Vec::new();
    };
    let Some(([unit, centre], [minutes, source])) =
        table.columns(["unit_id", "centre_id"], ["minutes", "source"], problems)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = FirstSeen::default();
    table.for_each_good_row(problems, |row, problems| {
        if !seen.check(row, unit, "unit", row.text(unit), problems) {
            return;
        }
        let mut known = true;
        for col in [unit, centre] {
            if !sites.iter().any(|s| s.id == row.text(col)) {
                problems.error(
                    row.at(col),
                    format!(
                        "\"{}\" is not a site of the imported dataset",
                        row.text(col)
                    ),
                );
                known = false;
            }
        }
        let journey = match minutes.filter(|&c| !row.text(c).is_empty()) {
            Some(c) => match row.number(c, &MINUTES, problems) {
                Some(m) => Some(m as f32),
                None => return,
            },
            None => None,
        };
        if known {
            out.push(Referral {
                unit: row.text(unit).to_string(),
                centre: row.text(centre).to_string(),
                minutes: journey,
                source: source.map_or_else(String::new, |c| row.text(c).to_string()),
            });
        }
    });
    if out.is_empty() && !problems.has_errors() {
        problems.error(
            Location::line(path, 2),
            "the table has a header but no rows; expected a referral per unit",
        );
    }
    out
}
