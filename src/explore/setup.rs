//! What the explorer's page is built from: the criteria and their weights,
//! the sites, the scenario files offered, and the zones with their shapes
//! projected as the board report's maps are.

use serde::Serialize;

use super::{Choice, Explorer};
use crate::report::html::maps;
use crate::report::label;

/// A criterion as the page shows it.
#[derive(Debug, Serialize)]
pub struct SetupCriterion {
    /// Its id.
    pub id: String,
    /// Its group.
    pub group: String,
    /// Its stated weight.
    pub weight: f64,
    /// Where the weight comes from.
    pub source: Option<String>,
}

/// A site as the page shows it.
#[derive(Debug, Serialize)]
pub struct SetupSite {
    /// Its id.
    pub id: String,
    /// Its hospital's name.
    pub name: String,
    /// Its role in the dataset.
    pub role: String,
    /// Its colour on the map.
    pub colour: &'static str,
    /// Where it is on the map, SVG units.
    pub at: [f64; 2],
}

/// A zone on the map.
#[derive(Debug, Serialize)]
pub struct SetupZone {
    /// Its index in the dataset.
    pub index: usize,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its district.
    pub district: String,
    /// Admissions a year.
    pub admissions: f64,
    /// Whether it is in the region.
    pub in_region: bool,
    /// Its shape, as SVG path data.
    pub path: String,
}

/// What the page is built from.
#[derive(Debug, Serialize)]
pub struct Setup {
    /// How outputs name the dataset.
    pub data: String,
    /// How outputs name the criteria file.
    pub criteria_file: String,
    /// The criteria's title.
    pub title: String,
    /// The weighted criteria.
    pub criteria: Vec<SetupCriterion>,
    /// Every site.
    pub sites: Vec<SetupSite>,
    /// The criteria's fewest and most HASUs.
    pub hasus: [usize; 2],
    /// The criteria's group rules, by name.
    pub groups: Vec<String>,
    /// The scenario files offered.
    pub scenarios: Vec<Choice>,
    /// The criteria's outcome policy, when they have `[outcomes]`.
    pub policy: Option<crate::criteria::Policy>,
    /// The seed of every draw.
    pub seed: u64,
    /// Whether "export this view" may write.
    pub exports: bool,
    /// The map's width and height, SVG units.
    pub map: [f64; 2],
    /// The zones mapped.
    pub zones: Vec<SetupZone>,
}

/// What the page of `e` is built from.
pub(super) fn of(e: &Explorer) -> Setup {
    let data = &e.base.loaded.dataset;
    let c = &e.base.criteria;
    let shapes: Vec<_> = data
        .boundaries
        .as_ref()
        .map(|b| b.shapes.clone())
        .unwrap_or_else(|| vec![None; data.zones.len()]);
    let v = maps::View::of(data, &shapes);
    let zones = maps::zone_paths(data, &v)
        .into_iter()
        .map(|(z, path)| {
            let zone = &data.zones[z];
            SetupZone {
                index: z,
                code: zone.id.clone(),
                name: zone.name.clone(),
                district: zone.district.clone(),
                admissions: zone.admissions,
                in_region: zone.in_region,
                path,
            }
        })
        .collect();
    Setup {
        data: label(&e.base.loaded.dir),
        criteria_file: e.base_name.clone(),
        title: c.name.clone(),
        criteria: c
            .criteria
            .iter()
            .map(|k| SetupCriterion {
                id: k.id.clone(),
                group: k.group.clone(),
                weight: k.weight,
                source: k.source.clone(),
            })
            .collect(),
        sites: data
            .sites
            .iter()
            .enumerate()
            .map(|(s, site)| SetupSite {
                id: site.id.clone(),
                name: site.name.clone(),
                role: site.role.to_string(),
                colour: maps::site_colour(data, s),
                at: {
                    let (x, y) = v.xy(site.location.x(), site.location.y());
                    [(x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0]
                },
            })
            .collect(),
        hasus: [c.options.min_hasus, c.options.max_hasus],
        groups: e.groups.clone(),
        scenarios: e.choices.clone(),
        policy: c.outcomes.as_ref().map(|o| o.policy),
        seed: c.robustness.seed,
        exports: e.exports.is_some(),
        map: [maps::MAP_W, v.height],
        zones,
    }
}
