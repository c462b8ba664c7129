//! `zones.geojson`: zone boundaries for maps (a GeoJSON FeatureCollection with
//! one Polygon or MultiPolygon feature per zone, `properties.zone_id` naming
//! the zone).

use std::collections::HashMap;
use std::path::Path;

use geo::{CoordsIter, MultiPolygon, Polygon};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::Folder;
use super::lines::LineIndex;
use crate::error::{Location, Problems};
use crate::files::read::ReadError;
use crate::model::Boundaries;

#[derive(Deserialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    features: Vec<&'a RawValue>,
}

/// Reads boundaries for `zones` (zone id → index; the ids in `rejected`
/// are zones whose rows had problems, not reported again). A missing file is not an
/// error: the dataset can be appraised, only maps are lost, so it gives a
/// warning and `None`.
pub(crate) fn read(
    folder: &Folder<'_>,
    zones: &HashMap<String, usize>,
    rejected: &std::collections::HashSet<String>,
    problems: &mut Problems,
) -> Option<Boundaries> {
    let path = folder.path(super::BOUNDARIES_FILE);
    let path = path.as_path();
    let text = match folder.read(super::BOUNDARIES_FILE) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let line = LineIndex::new(e.as_bytes()).line(offset);
                problems.error(Location::line(path, line), "expected UTF-8 text");
                return None;
            }
        },
        Err(ReadError::NotFound) => {
            problems.warning(
                Location::file(path),
                "file not found; reports will draw no maps (expected a GeoJSON FeatureCollection of zone boundaries)",
            );
            return None;
        }
        Err(e) => {
            problems.error(Location::file(path), e.to_string());
            return None;
        }
    };
    let features = read_collection(path, &text, problems)?;
    let mut shapes: Vec<Option<MultiPolygon<f64>>> = vec![None; zones.len()];
    let mut first_line: Vec<u64> = vec![0; zones.len()];
    for (at, parsed) in features {
        match parsed.and_then(|f| zone_feature(&f)) {
            Err(msg) => problems.error(at, msg),
            Ok((id, shape)) => match zones.get(&id) {
                // A zone row with a problem, already reported.
                None if rejected.contains(&id) => {}
                None => problems.error(
                    at,
                    format!("unknown zone \"{id}\"; expected a zone id from zones.csv"),
                ),
                Some(&z) if first_line[z] != 0 => problems.error(
                    at,
                    format!(
                        "duplicate boundary for zone \"{id}\"; it is already given on line {}",
                        first_line[z]
                    ),
                ),
                Some(&z) => {
                    first_line[z] = at.line.unwrap_or(0);
                    shapes[z] = Some(shape);
                }
            },
        }
    }
    let missing = shapes.iter().filter(|s| s.is_none()).count();
    if missing > 0 {
        problems.warning(
            Location::file(path),
            format!(
                "{missing} of {} zones have no boundary; maps will leave them blank",
                zones.len()
            ),
        );
    }
    Some(Boundaries { shapes })
}

/// The features of a GeoJSON FeatureCollection in `text`, each with its
/// location in the file and either the parsed feature or what is wrong with
/// it. A file that is not a FeatureCollection is reported and gives `None`.
pub(crate) fn read_collection(
    path: &Path,
    text: &str,
    problems: &mut Problems,
) -> Option<Vec<(Location, Result<geojson::Feature, String>)>> {
    let body = text.trim_start_matches('\u{feff}');
    let collection: Collection<'_> = match serde_json::from_str(body) {
        Ok(c) => c,
        Err(e) => {
            problems.error(
                Location::cell(path, e.line() as u64, e.column(), "json"),
                format!(
                    "expected a GeoJSON FeatureCollection: {}",
                    strip_position(&e)
                ),
            );
            return None;
        }
    };
    if collection.kind != "FeatureCollection" {
        problems.error(
            Location::line(path, 1),
            format!(
                "expected a GeoJSON FeatureCollection, found type \"{}\"",
                collection.kind
            ),
        );
        return None;
    }
    // Features come in file order, so their columns are counted in one pass
    // even when the whole collection is on one line.
    let lines = LineIndex::new(body.as_bytes());
    let out = collection
        .features
        .iter()
        .enumerate()
        .map(|(n, raw)| {
            let offset = raw.get().as_ptr() as usize - body.as_ptr() as usize;
            let (line, column) = lines.line_column(body.as_bytes(), offset);
            let at = Location::cell(path, line, column, &format!("feature {}", n + 1));
            let parsed = raw
                .get()
                .parse::<geojson::Feature>()
                .map_err(|e| format!("expected a GeoJSON Feature: {e}"));
            (at, parsed)
        })
        .collect();
    Some(out)
}

/// The shape of a feature whose geometry is a Polygon or MultiPolygon of
/// finite longitude/latitude positions.
pub(crate) fn polygonal(f: &geojson::Feature) -> Result<MultiPolygon<f64>, String> {
    let geometry = f
        .geometry
        .as_ref()
        .ok_or("expected a Polygon or MultiPolygon geometry, found none")?;
    let polygons: &[geojson::PolygonType] = match &geometry.value {
        geojson::GeometryValue::Polygon { coordinates } => std::slice::from_ref(coordinates),
        geojson::GeometryValue::MultiPolygon { coordinates } => coordinates,
        _ => return Err("expected a Polygon or MultiPolygon geometry".to_string()),
    };
    // The conversion below indexes positions as [x, y]: check them first.
    if let Some(p) = polygons
        .iter()
        .flatten()
        .flatten()
        .find(|p| p.as_slice().len() < 2)
    {
        return Err(format!(
            "expected [longitude, latitude] positions, found a position with {} number(s)",
            p.as_slice().len()
        ));
    }
    let shape: MultiPolygon<f64> = match &geometry.value {
        geojson::GeometryValue::Polygon { .. } => {
            Polygon::<f64>::try_from(&geometry.value).map(|p| MultiPolygon(vec![p]))
        }
        geojson::GeometryValue::MultiPolygon { .. } => MultiPolygon::try_from(&geometry.value),
        _ => return Err("expected a Polygon or MultiPolygon geometry".to_string()),
    }
    .map_err(|e| format!("expected a valid polygon: {e}"))?;
    if let Some(c) = shape
        .coords_iter()
        .find(|c| !(c.x.is_finite() && c.y.is_finite() && c.x.abs() <= 180.0 && c.y.abs() <= 90.0))
    {
        return Err(format!(
            "expected [longitude, latitude] positions in degrees, found [{}, {}]",
            c.x, c.y
        ));
    }
    Ok(shape)
}

/// A dataset boundary feature: its `zone_id` property and its shape.
fn zone_feature(f: &geojson::Feature) -> Result<(String, MultiPolygon<f64>), String> {
    let id = match f.property("zone_id") {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
        Some(other) => {
            return Err(format!(
                "expected properties.zone_id to be a zone id, found {other}"
            ));
        }
        None => return Err("expected properties.zone_id naming the zone".to_string()),
    };
    let shape = polygonal(f).map_err(|e| format!("zone \"{id}\": {e}"))?;
    Ok((id, shape))
}

/// serde_json's message without its trailing " at line L column C".
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
