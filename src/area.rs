//! "What changes for my area?": the zones a person asks about (one zone by
//! code or name, or every zone of a district) and what a configuration
//! means for them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::evaluate::ZoneTrip;
use crate::model::Dataset;

/// The zones a query names.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// What was found: the zone's code and name, or the district's name.
    pub name: String,
    /// Whether it is a whole district.
    pub district: bool,
    /// The zones, in dataset order.
    pub zones: Vec<usize>,
}

/// Districts renamed since the 2011 zones were named: (current name, the
/// name the zones carry). Folkestone and Hythe: Shepway District Council
/// took its new name on 1 April 2018 (the council's resolution of 2017
/// under section 74 of the Local Government Act 1972).
const RENAMED: &[(&str, &str)] = &[("Folkestone and Hythe", "Shepway")];

/// A district as the zones name it, with its current name when it has been
/// renamed: "Shepway (now Folkestone and Hythe)".
fn district_label(district: &str) -> String {
    match RENAMED.iter().find(|(_, old)| *old == district) {
        Some((new, _)) => format!("{district} (now {new})"),
        None => district.to_string(),
    }
}

/// The House of Commons Library's names for the 2011 middle-layer areas
/// (MSOA Names 1.14, Open Parliament Licence v3.0; `data/facts/msoa-names.csv`):
/// `msoa11nm,msoa11hclnm` rows, e.g. "Thanet 003" is "Margate Town". A
/// 2011 zone (LSOA) is named after its middle-layer area and a letter
/// ("Thanet 003A"), so a neighbourhood's name finds its zones.
const NEIGHBOURHOODS: &str = include_str!("../data/facts/msoa-names.csv");

/// (middle-layer area, its neighbourhood name), parsed once.
fn neighbourhoods() -> &'static [(String, String)] {
    static PARSED: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut rows =
            csv::Reader::from_reader(NEIGHBOURHOODS.trim_start_matches('\u{feff}').as_bytes());
        rows.records()
            .filter_map(|r| r.ok())
            .filter_map(|r| Some((r.get(1)?.to_string(), r.get(3)?.to_string())))
            .collect()
    })
}

/// The zones of the neighbourhoods whose name contains `q` (lower case) as
/// a word ("margate" finds "Margate Town"), with the neighbourhoods found.
fn by_neighbourhood(data: &Dataset, q: &str) -> Option<(Vec<String>, Vec<usize>)> {
    if q.is_empty() {
        return None;
    }
    let word = |name: &str| {
        name.to_lowercase()
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .any(|w| w == q)
            || name.to_lowercase() == q
    };
    let (mut found, mut zones) = (Vec::new(), Vec::new());
    for (area, name) in neighbourhoods().iter().filter(|(_, n)| word(n)) {
        let inside: Vec<usize> = (0..data.zones.len())
            .filter(|&z| {
                let zone = &data.zones[z].name;
                zone.len() == area.len() + 1 && zone.starts_with(area.as_str())
            })
            .collect();
        if !inside.is_empty() {
            found.push(format!("{name} ({area}, {} zones)", inside.len()));
            zones.extend(inside);
        }
    }
    zones.sort_unstable();
    (!zones.is_empty()).then_some((found, zones))
}

/// Finds the zone whose code or name is `query`, the district of that
/// name (old or current), or the neighbourhoods of that name (ignoring
/// case and surrounding spaces).
///
/// # Errors
/// Nothing matches: the message suggests districts and zones whose names
/// contain the query.
pub fn find(data: &Dataset, query: &str) -> Result<Area> {
    let q = query.trim().to_lowercase();
    if let Some(z) = data
        .zones
        .iter()
        .position(|z| z.id.to_lowercase() == q || z.name.to_lowercase() == q)
    {
        let zone = &data.zones[z];
        return Ok(Area {
            name: format!("{} ({})", zone.name, zone.id),
            district: false,
            zones: vec![z],
        });
    }
    let named = RENAMED
        .iter()
        .find(|(new, _)| new.to_lowercase() == q)
        .map_or(q.clone(), |(_, old)| old.to_lowercase());
    let zones: Vec<usize> = (0..data.zones.len())
        .filter(|&z| data.zones[z].district.to_lowercase() == named)
        .collect();
    if let Some(&first) = zones.first() {
        return Ok(Area {
            name: district_label(&data.zones[first].district),
            district: true,
            zones,
        });
    }
    if let Some((found, zones)) = by_neighbourhood(data, &q) {
        return Ok(Area {
            name: format!(
                "neighbourhoods named {}: {}",
                query.trim(),
                found.join("; ")
            ),
            district: false,
            zones,
        });
    }
    let mut like: Vec<&str> = data
        .zones
        .iter()
        .map(|z| z.district.as_str())
        .filter(|d| !q.is_empty() && d.to_lowercase().contains(&q))
        .collect();
    like.sort_unstable();
    like.dedup();
    like.truncate(10);
    let mut region: Vec<String> = data
        .zones
        .iter()
        .filter(|z| z.in_region)
        .map(|z| district_label(&z.district))
        .collect();
    region.sort_unstable();
    region.dedup();
    let example = data
        .zones
        .iter()
        .find(|z| z.in_region)
        .or(data.zones.first());
    Err(Error::Refused(format!(
        "no zone code, zone name, district or neighbourhood is \"{}\"{}; expected a district ({}, \
         or another district of zones.csv), a town or neighbourhood as the House of Commons \
         Library names them (e.g. Margate), a zone name{} or a zone code{} (postcodes are not \
         looked up)",
        crate::error::inert(query),
        if like.is_empty() {
            String::new()
        } else {
            format!("; districts containing it: {}", like.join(", "))
        },
        crate::error::inert(&region.join(", ")),
        example.map_or(String::new(), |z| format!(
            " such as \"{}\"",
            crate::error::inert(&z.name)
        )),
        example.map_or(String::new(), |z| format!(
            " such as {}",
            crate::error::inert(&z.id)
        )),
    )))
}

/// What one configuration means for an area.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaFigures {
    /// Admissions a year.
    pub admissions: f64,
    /// Admission-weighted mean travel, minutes (over zones with a unit).
    pub mean_travel: f64,
    /// Longest travel, minutes.
    pub longest: f64,
    /// Share within 30 minutes.
    pub within_30: f64,
    /// Share within 45 minutes.
    pub within_45: f64,
    /// Admissions a year by unit (site index), most first.
    pub units: Vec<(usize, f64)>,
    /// Share of the admissions whose journey is an estimated time (the
    /// network model's, not a published one).
    pub estimated: f64,
}

/// The figures of `area` for a configuration whose trips (per zone of the
/// dataset) are `trips`: `option` picks the configuration's side of each
/// trip (today's or the option's).
pub fn figures(
    data: &Dataset,
    area: &Area,
    trips: &[ZoneTrip],
    side: impl Fn(&ZoneTrip) -> Option<(usize, f64)>,
) -> AreaFigures {
    let (mut a, mut reached, mut minutes, mut longest) = (0.0, 0.0, 0.0, 0.0f64);
    let mut within = [0.0; 2];
    let mut units: BTreeMap<usize, f64> = BTreeMap::new();
    let mut estimated = 0.0;
    for &z in &area.zones {
        let adm = data.zones[z].admissions;
        a += adm;
        let Some((s, t)) = side(&trips[z]) else {
            continue;
        };
        reached += adm;
        minutes += adm * t;
        longest = longest.max(t);
        within[0] += if t <= 30.0 { adm } else { 0.0 };
        within[1] += if t <= 45.0 { adm } else { 0.0 };
        *units.entry(s).or_default() += adm;
        if crate::estimates::is_estimated(data, z, s) {
            estimated += adm;
        }
    }
    let share = |x: f64| if a > 0.0 { x / a } else { 0.0 };
    let mut units: Vec<(usize, f64)> = units.into_iter().collect();
    units.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    AreaFigures {
        admissions: a,
        mean_travel: if reached > 0.0 {
            minutes / reached
        } else {
            0.0
        },
        longest,
        within_30: share(within[0]),
        within_45: share(within[1]),
        units,
        estimated: share(estimated),
    }
}
