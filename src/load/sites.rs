//! `sites.csv`: hospital sites.

use geo::Point;

use super::Folder;
use super::table::{BEDS, CsvTable, FirstSeen, LATITUDE, LONGITUDE, ReadRows, Row};
use crate::error::Problems;
use crate::model::{Role, Service, Site};

/// The columns of `sites.csv`, in the order hasu writes them.
pub const COLUMNS: [&str; 13] = [
    "site_id",
    "name",
    "postcode",
    "latitude",
    "longitude",
    "trust",
    "role",
    "in_region",
    "services",
    "notes",
    "beds",
    "stroke_beds",
    "ambulance",
];

/// Reads `sites.csv`, collecting every problem.
pub(crate) fn read(folder: &Folder<'_>, problems: &mut Problems) -> Option<ReadRows<Site>> {
    let mut table = CsvTable::open_in(
        folder,
        super::SITES_FILE,
        "the sites table (site_id,name,latitude,longitude,role,in_region,...)",
        problems,
    )?;
    let (
        [id, name, lat, lon, role, in_region],
        [
            postcode,
            trust,
            services,
            notes,
            beds,
            stroke_beds,
            ambulance,
        ],
    ) = table.columns(
        [
            "site_id",
            "name",
            "latitude",
            "longitude",
            "role",
            "in_region",
        ],
        [
            "postcode",
            "trust",
            "services",
            "notes",
            "beds",
            "stroke_beds",
            "ambulance",
        ],
        problems,
    )?;
    let path = table.path().to_path_buf();
    let mut out = ReadRows::new();
    let mut seen = FirstSeen::default();
    let rows = table.for_each_row(problems, |row, problems| {
        let before = problems.error_count();
        let site_id = row.id(id, "a site id", problems);
        if let Some(sid) = &site_id {
            seen.check(row, id, "site id", sid, problems);
        }
        if row.ragged() {
            out.rejected.extend(site_id);
            return;
        }
        let name_text = row.text(name).to_string();
        if name_text.is_empty() {
            problems.error(
                row.at(name),
                "expected the site's name, found an empty cell",
            );
        }
        let latitude = row.number(lat, &LATITUDE, problems);
        let longitude = row.number(lon, &LONGITUDE, problems);
        let site_role = match row.text(role).parse::<Role>() {
            Ok(r) => Some(r),
            Err(msg) => {
                problems.error(row.at(role), format!("{msg}, found \"{}\"", row.text(role)));
                None
            }
        };
        let inside = row.flag(in_region, problems);
        let list = services.map_or_else(Vec::new, |col| parse_services(row, col, problems));
        let capacity = beds.and_then(|col| read_beds(row, col, problems));
        let beds_today = stroke_beds.and_then(|col| read_beds(row, col, problems));
        let served_by = ambulance.map_or_else(String::new, |col| service(row, col, problems));
        let ok = problems.error_count() == before && !row.damaged();
        match (site_id, latitude, longitude, site_role, inside) {
            (Some(sid), Some(la), Some(lo), Some(r), Some(inside)) if ok => {
                out.items.push(Site {
                    id: sid,
                    name: name_text,
                    postcode: row.text_opt(postcode).to_string(),
                    location: Point::new(lo, la),
                    trust: row.text_opt(trust).to_string(),
                    role: r,
                    in_region: inside,
                    services: list,
                    notes: row.text_opt(notes).to_string(),
                    beds: capacity,
                    stroke_beds: beds_today,
                    ambulance: served_by,
                });
                out.lines.push(row.line());
            }
            (sid, ..) => out.rejected.extend(sid),
        }
    });
    out.complete = rows.complete;
    if rows.seen == 0 && rows.complete {
        problems.error(
            crate::error::Location::line(&path, 2),
            "the table has a header but no rows; expected at least one site",
        );
    }
    Some(out)
}

/// The ambulance service of a site or zone (column `col`): empty when not
/// stated, otherwise a service's short name (letters, digits, `-`, `_`,
/// `.`), e.g. `SECAmb`.
pub(crate) fn service(row: &Row<'_>, col: usize, problems: &mut Problems) -> String {
    let text = row.text(col);
    if text.is_empty() {
        return String::new();
    }
    match super::table::check_id(text, "an ambulance service's short name (e.g. SECAmb)") {
        Ok(()) => text.to_string(),
        Err(m) => {
            problems.error(row.at(col), m);
            String::new()
        }
    }
}

/// A number of beds (column `col`): empty when not stated,
/// otherwise a whole number.
fn read_beds(row: &Row<'_>, col: usize, problems: &mut Problems) -> Option<u32> {
    if row.text(col).is_empty() {
        return None;
    }
    let n = row.number(col, &BEDS, problems)?;
    if n.fract() != 0.0 {
        problems.error(
            row.at(col),
            format!(
                "expected a whole number of beds, found \"{}\"",
                row.text(col)
            ),
        );
        return None;
    }
    Some(n as u32)
}

/// Parses a `;`-separated list of services in column `col`, reporting each
/// word that is not in the vocabulary. The list comes back sorted and
/// without repeats.
pub(crate) fn parse_services(row: &Row<'_>, col: usize, problems: &mut Problems) -> Vec<Service> {
    let mut list = Vec::new();
    for part in row
        .text(col)
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part.parse::<Service>() {
            Ok(s) => list.push(s),
            Err(msg) => problems.error(
                row.at(col),
                format!("{msg} separated by ';', found \"{part}\""),
            ),
        }
    }
    list.sort();
    list.dedup();
    list
}
