//! `zones.csv`: demand zones (LSOAs) and their stroke admissions.

use geo::Point;

use super::Folder;
use super::table::{ADMISSIONS, CsvTable, FirstSeen, LATITUDE, LONGITUDE, Quantity, ReadRows};
use crate::error::{Location, Problems};
use crate::model::{RuralUrban, Zone};

/// An income-deprivation score: the share of people income-deprived.
const INCOME_SCORE: Quantity = Quantity {
    noun: "an income-deprivation score (the share of people income-deprived)",
    min: 0.0,
    max: 1.0,
    range: "between 0 and 1",
};

/// The official rank of an income score (1 = most deprived).
const INCOME_RANK: Quantity = Quantity {
    noun: "an income domain rank (1 = most deprived)",
    min: 1.0,
    max: 1_000_000.0,
    range: "between 1 and 1000000",
};

/// The columns of `zones.csv`, in the order hasu writes them (the last four
/// optional: written only when a zone has a value).
pub const COLUMNS: [&str; 13] = [
    "zone_id",
    "name",
    "latitude",
    "longitude",
    "admissions",
    "district",
    "icb",
    "sub_icb",
    "in_region",
    "income_score",
    "rural_urban",
    "income_rank",
    "ambulance",
];

/// Reads `zones.csv`, collecting every problem.
pub(crate) fn read(folder: &Folder<'_>, problems: &mut Problems) -> Option<ReadRows<Zone>> {
    let mut table = CsvTable::open_in(
        folder,
        super::ZONES_FILE,
        "the zones table (zone_id,name,latitude,longitude,admissions,district,in_region,...)",
        problems,
    )?;
    let (
        [id, name, lat, lon, adm, district, in_region],
        [icb, sub_icb, income, rurality, rank, ambulance],
    ) = table.columns(
        [
            "zone_id",
            "name",
            "latitude",
            "longitude",
            "admissions",
            "district",
            "in_region",
        ],
        [
            "icb",
            "sub_icb",
            "income_score",
            "rural_urban",
            "income_rank",
            "ambulance",
        ],
        problems,
    )?;
    let path = table.path().to_path_buf();
    let mut out = ReadRows::new();
    let mut seen = FirstSeen::default();
    let rows = table.for_each_row(problems, |row, problems| {
        let before = problems.error_count();
        let zone_id = row.id(id, "a zone id", problems);
        if let Some(zid) = &zone_id {
            seen.check(row, id, "zone id", zid, problems);
        }
        if row.ragged() {
            out.rejected.extend(zone_id);
            return;
        }
        let latitude = row.number(lat, &LATITUDE, problems);
        let longitude = row.number(lon, &LONGITUDE, problems);
        let admissions = row.number(adm, &ADMISSIONS, problems);
        let inside = row.flag(in_region, problems);
        let income_score = income
            .filter(|&c| !row.text(c).is_empty())
            .and_then(|c| row.number(c, &INCOME_SCORE, problems));
        let rural_urban = rurality.filter(|&c| !row.text(c).is_empty()).and_then(|c| {
            match row.text(c).parse::<RuralUrban>() {
                Ok(r) => Some(r),
                Err(m) => {
                    problems.error(row.at(c), format!("{m}, found \"{}\"", row.text(c)));
                    None
                }
            }
        });
        let income_rank = rank
            .filter(|&c| !row.text(c).is_empty())
            .and_then(|c| whole(row, c, &INCOME_RANK, problems));
        let service =
            ambulance.map_or_else(String::new, |c| super::sites::service(row, c, problems));
        let ok = problems.error_count() == before && !row.damaged();
        match (zone_id, latitude, longitude, admissions, inside) {
            (Some(zid), Some(la), Some(lo), Some(a), Some(inside)) if ok => {
                out.items.push(Zone {
                    id: zid,
                    name: row.text(name).to_string(),
                    location: Point::new(lo, la),
                    admissions: a,
                    district: row.text(district).to_string(),
                    icb: row.text_opt(icb).to_string(),
                    sub_icb: row.text_opt(sub_icb).to_string(),
                    in_region: inside,
                    income_score,
                    rural_urban,
                    income_rank,
                    ambulance: service,
                });
                out.lines.push(row.line());
            }
            (zid, ..) => out.rejected.extend(zid),
        }
    });
    out.complete = rows.complete;
    if rows.seen == 0 && rows.complete {
        problems.error(
            Location::line(&path, 2),
            "the table has a header but no rows; expected at least one zone",
        );
    }
    Some(out)
}

/// Column `col` as a whole number of `q`, reporting a problem otherwise.
fn whole(
    row: &super::table::Row<'_>,
    col: usize,
    q: &Quantity,
    problems: &mut Problems,
) -> Option<u32> {
    let x = row.number(col, q, problems)?;
    if x.fract() != 0.0 {
        problems.error(
            row.at(col),
            format!(
                "expected {}, a whole number, found \"{}\"",
                q.noun,
                row.text(col)
            ),
        );
        return None;
    }
    Some(x as u32)
}
