//! Writing a dataset folder: the same data always gives the same bytes.
//!
//! Tables keep the dataset's row order; numbers are written in their
//! shortest exact form; `travel_times.csv` uses the wide layout (one column
//! per site, a fifth of the size and three times as fast to read) when every
//! time is published and every site that may open has some (a whole imported matrix, such
//! as England and Wales), and otherwise the long layout, so that a dataset
//! with sites awaiting `network estimate` names every time's source; `zones.geojson` has one feature per line (RFC
//! 7946: longitude before latitude, exterior rings counter-clockwise, no
//! `crs` member). The folder is a new one (the temporary folder of an
//! [`crate::files::output::Output`]); edits of an existing folder go through
//! [`preserve`] and [`crate::edit`].

pub mod preserve;

use std::io::{self, Write};
use std::path::Path;

use geo::orient::{Direction, Orient};
use geo::{Coord, MapCoords, MultiPolygon};

use crate::error::{Error, Result};
use crate::files::write_new;
use crate::load::{
    BOUNDARIES_FILE, OBSERVED_FILE, REFERRALS_FILE, SITE_TIMES_FILE, SITES_FILE, SOURCE_FILE,
    TRAVEL_FILE, ZONES_FILE,
};
use crate::model::{Boundaries, Dataset, TimeSource};
use preserve::TableRow;

/// Decimal places kept for boundary coordinates (about 1 m).
pub const BOUNDARY_DECIMALS: i32 = 5;

/// Writes `data` into the new folder `dir` (created if needed), with
/// `source` as `SOURCE.md` when given.
pub fn write_dataset(dir: &Path, data: &Dataset, source: Option<&str>) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    write_new(&dir.join(SITES_FILE), |w| write_sites(w, data))?;
    write_new(&dir.join(ZONES_FILE), |w| write_zones(w, data))?;
    write_new(&dir.join(TRAVEL_FILE), |w| write_travel(w, data))?;
    let sites = data.sites.len();
    if (0..sites).any(|s| data.site_times.known_in_column(s) > 0) {
        write_new(&dir.join(SITE_TIMES_FILE), |w| write_site_times(w, data))?;
    }
    if let Some(b) = &data.boundaries {
        write_new(&dir.join(BOUNDARIES_FILE), |w| write_boundaries(w, data, b))?;
    }
    if !data.referrals.is_empty() {
        write_new(&dir.join(REFERRALS_FILE), |w| write_referrals(w, data))?;
    }
    if !data.observed.is_empty() {
        write_new(&dir.join(OBSERVED_FILE), |w| write_observed(w, data))?;
    }
    if let Some(text) = source {
        write_new(&dir.join(SOURCE_FILE), |w| w.write_all(text.as_bytes()))?;
    }
    Ok(())
}

fn csv_writer(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

/// Writes `sites.csv`.
pub fn write_sites(w: &mut dyn Write, data: &Dataset) -> io::Result<()> {
    write_rows(w, &data.sites)
}

/// Writes `referrals.csv`.
pub fn write_referrals(w: &mut dyn Write, data: &Dataset) -> io::Result<()> {
    let mut out = csv_writer(w);
    out.write_record(crate::load::referrals::COLUMNS)?;
    for r in &data.referrals {
        let minutes = r.minutes.map_or_else(String::new, |m| m.to_string());
        out.write_record([
            r.unit.as_str(),
            r.centre.as_str(),
            &minutes,
            r.source.as_str(),
        ])?;
    }
    out.flush()
}

/// Writes `observed.csv`.
pub fn write_observed(w: &mut dyn Write, data: &Dataset) -> io::Result<()> {
    let mut out = csv_writer(w);
    out.write_record(crate::load::observed::COLUMNS)?;
    let cell = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    for o in &data.observed {
        out.write_record([
            o.site.as_str(),
            o.period.as_str(),
            &cell(o.admissions),
            &cell(o.thrombolysed),
            &cell(o.thrombolysis_rate),
            &cell(o.door_to_needle_median),
            &cell(o.thrombectomy_referrals),
            o.source.as_str(),
        ])?;
    }
    out.flush()
}

/// Writes `zones.csv`.
pub fn write_zones(w: &mut dyn Write, data: &Dataset) -> io::Result<()> {
    write_rows(w, &data.zones)
}

/// Writes a table of one row per thing, in hasu's columns: the optional
/// ones ([`TableRow::OPTIONAL`]) only when some row has a value in them.
fn write_rows<T: TableRow>(w: &mut dyn Write, rows: &[T]) -> io::Result<()> {
    let columns: Vec<&str> = T::COLUMNS
        .iter()
        .copied()
        .filter(|c| !T::OPTIONAL.contains(c) || rows.iter().any(|r| !r.cell(c).is_empty()))
        .collect();
    let mut out = csv_writer(w);
    out.write_record(&columns)?;
    for row in rows {
        out.write_record(columns.iter().map(|c| row.cell(c)))?;
    }
    out.flush()
}

/// Writes `travel_times.csv`: wide when every time is published and every
/// site that may open has some (an empty cell: no time), long otherwise.
pub fn write_travel(w: &mut dyn Write, data: &Dataset) -> io::Result<()> {
    let mut out = csv_writer(w);
    let sites = data.sites.len();
    let published = (0..data.zones.len()).all(|z| {
        (0..sites).all(|s| matches!(data.travel.source(z, s), None | Some(TimeSource::Matrix)))
    });
    let every_site =
        (0..sites).all(|s| !data.sites[s].role.can_open() || data.travel.known_in_column(s) > 0);
    if published && every_site && sites > 0 {
        out.write_record(
            std::iter::once("zone_id").chain(data.sites.iter().map(|s| s.id.as_str())),
        )?;
        let mut row: Vec<String> = Vec::with_capacity(data.sites.len() + 1);
        for (zi, z) in data.zones.iter().enumerate() {
            row.clear();
            row.push(z.id.clone());
            row.extend((0..data.sites.len()).map(|si| {
                data.travel
                    .get(zi, si)
                    .map_or(String::new(), |m| m.to_string())
            }));
            out.write_record(&row)?;
        }
        return out.flush();
    }
    out.write_record(["zone_id", "site_id", "minutes", "source"])?;
    for (zi, z) in data.zones.iter().enumerate() {
        for (si, s) in data.sites.iter().enumerate() {
            if let (Some(m), Some(src)) = (data.travel.get(zi, si), data.travel.source(zi, si)) {
                out.write_record([z.id.as_str(), &s.id, &m.to_string(), src.as_str()])?;
            }
        }
    }
    out.flush()
}

/// Writes `site_times.csv` in the long layout.
pub fn write_site_times(w: &mut dyn Write, data: &Dataset) -> io::Result<()> {
    let mut out = csv_writer(w);
    out.write_record(["from_site_id", "to_site_id", "minutes", "source"])?;
    for (a, from) in data.sites.iter().enumerate() {
        for (b, to) in data.sites.iter().enumerate() {
            if let (Some(m), Some(src)) = (data.site_times.get(a, b), data.site_times.source(a, b))
            {
                out.write_record([from.id.as_str(), &to.id, &m.to_string(), src.as_str()])?;
            }
        }
    }
    out.flush()
}

/// Rounds a coordinate to [`BOUNDARY_DECIMALS`] places.
pub fn round_coord(c: Coord<f64>) -> Coord<f64> {
    let k = 10f64.powi(BOUNDARY_DECIMALS);
    Coord {
        x: (c.x * k).round() / k,
        y: (c.y * k).round() / k,
    }
}

/// The RFC 7946 form of a shape: rounded, exterior rings counter-clockwise
/// and holes clockwise.
pub fn rfc7946_shape(shape: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    shape.map_coords(round_coord).orient(Direction::Default)
}

/// Writes `zones.geojson`: one feature per line, properties `zone_id` and
/// `name`.
pub fn write_boundaries(w: &mut dyn Write, data: &Dataset, b: &Boundaries) -> io::Result<()> {
    write_features(w, b, |z| {
        let zone = &data.zones[z];
        serde_json::json!({ "zone_id": zone.id, "name": zone.name })
    })
}

/// Writes an RFC 7946 FeatureCollection with one feature per line: every
/// zone that has a shape, with the properties `properties` gives it (by
/// zone index).
pub fn write_features(
    w: &mut dyn Write,
    b: &Boundaries,
    properties: impl Fn(usize) -> serde_json::Value,
) -> io::Result<()> {
    w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    let mut first = true;
    for (z, shape) in b.shapes.iter().enumerate() {
        let Some(shape) = shape else { continue };
        if !first {
            w.write_all(b",\n")?;
        }
        first = false;
        let geometry = geojson::Geometry::from(&rfc7946_shape(shape));
        let feature = serde_json::json!({
            "type": "Feature",
            "properties": properties(z),
            "geometry": geometry,
        });
        serde_json::to_writer(&mut *w, &feature)?;
    }
    w.write_all(b"\n]}\n")
}
