//! Rendering an appraisal for people and programs: a terminal table
//! ([`text`]), CSV ([`table`]) and JSON ([`json`]) in a documented, stable
//! schema.
//!
//! Renderers only read what [`crate::rank`] produced; they never evaluate.

pub mod baseline;
pub mod equity;
pub mod estimates;
pub mod export;
pub mod html;
pub mod json;
mod pack_patients;
pub mod patients;
pub mod resources;
pub mod table;
pub mod text;
pub mod words;

pub use crate::files::output::spreadsheet_safe;

/// A number rounded to `decimals` places for tables, without a trailing
/// `-0`.
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// The headline cells of an option, as the ranked tables show them: score,
/// mean and 95th percentile travel, shares within 30 and 45 minutes,
/// call-to-needle on target, smallest and largest HASU, largest district
/// rise.
pub fn headline(o: &crate::rank::Assessed) -> [String; 9] {
    let m = &o.metrics;
    let pct = |x: f64| format!("{}%", fixed(100.0 * x, 1));
    [
        o.score.map_or("-".to_string(), |s| fixed(s, 1)),
        fixed(m.mean_travel, 1),
        fixed(m.p95_travel, 1),
        pct(m.within_30),
        pct(m.within_45),
        pct(m.call_to_needle_within_target),
        crate::summary::thousands(m.smallest_hasu_admissions),
        crate::summary::thousands(m.largest_hasu_admissions),
        fixed(m.largest_district_increase, 1),
    ]
}

/// An option's id: its HASU site ids in sites-table order, joined by
/// commas.
pub fn option_id(data: &crate::model::Dataset, o: &crate::rank::Assessed) -> String {
    crate::rank::site_ids(data, &o.site_set()).join(",")
}

/// The figures of a district compared with today, as the tables show them:
/// admissions, mean travel today and under the option, the change,
/// admissions travelling further, the largest rise.
pub fn district_cells(d: &crate::evaluate::DistrictChange) -> [String; 6] {
    [
        crate::summary::thousands(d.admissions),
        fixed(d.mean_travel_today, 1),
        fixed(d.mean_travel, 1),
        fixed(d.change, 1),
        crate::summary::thousands(d.admissions_further),
        fixed(d.largest_increase, 1),
    ]
}

/// Which data and assumptions produced a report or export.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Provenance {
    /// hasu's version.
    pub hasu_version: &'static str,
    /// The dataset folder, as given.
    pub data: String,
    /// Each input file of the dataset folder with its SHA-256.
    pub files: Vec<FileHash>,
    /// The criteria file with its SHA-256.
    pub criteria: FileHash,
    /// Scenarios applied to the dataset, in order.
    pub scenarios: Vec<ScenarioUsed>,
    /// Zone → site travel times that are network estimates, not published.
    pub estimated_times: usize,
    /// Sites with estimated times, by id.
    pub estimated_sites: Vec<String>,
}

/// The pathway rule in force, with site ids for site indices.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PathwaysUsed {
    /// The rule.
    pub rule: crate::criteria::PathwayRule,
    /// Where it is known from.
    pub source: Option<String>,
    /// Cross-boundary agreements: (service, districts, unit ids, source).
    pub agreements: Vec<AgreementUsed>,
}

/// A cross-boundary agreement, as outputs list it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AgreementUsed {
    /// The conveying ambulance service.
    pub service: String,
    /// Its districts the agreement covers (every one when empty).
    pub districts: Vec<String>,
    /// The units it also conveys to, by site id.
    pub units: Vec<String>,
    /// Where the agreement is known from.
    pub source: Option<String>,
}

impl PathwaysUsed {
    /// The rule of `criteria` over the sites of `data`.
    pub fn of(p: &crate::criteria::Pathways, data: &crate::model::Dataset) -> PathwaysUsed {
        PathwaysUsed {
            rule: p.rule,
            source: p.source.clone(),
            agreements: p
                .agreements
                .iter()
                .map(|a| AgreementUsed {
                    service: a.service.clone(),
                    districts: a.districts.clone(),
                    units: a.units.iter().map(|&u| data.sites[u].id.clone()).collect(),
                    source: a.source.clone(),
                })
                .collect(),
        }
    }
}

/// A scenario applied to the dataset: its title and every file it read,
/// with their SHA-256.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScenarioUsed {
    /// Its title.
    pub name: String,
    /// The scenario file, then the files it read.
    pub files: Vec<FileHash>,
}

/// How outputs name an input file or folder: its own name, as it is on
/// disk (`..` and links resolved), never the path that led to it, so that
/// the same run from another folder or through another path writes the
/// same bytes; escaped if it holds characters that could change how text
/// reads. The files' SHA-256 identify them.
///
/// # Example
/// ```
/// use std::path::Path;
/// assert_eq!(hasu::report::label(Path::new("data/kent-medway/")), "kent-medway");
/// assert_eq!(hasu::report::label(Path::new("./km.toml")), "km.toml");
/// ```
pub fn label(path: &std::path::Path) -> String {
    let real = path.canonicalize().ok();
    let named = real.as_deref().unwrap_or(path);
    let name = named
        .components()
        .rev()
        .find_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .unwrap_or_else(|| path.display().to_string());
    crate::error::inert(&name).into_owned()
}

pub use crate::files::digest::FileHash;

fn hash_file(path: &std::path::Path, name: String) -> crate::Result<FileHash> {
    let sha256 = crate::files::digest::sha256_file(path, crate::files::read::MAX_DATA_FILE_BYTES)
        .map_err(|e| crate::Error::Refused(format!("{}: {e}", path.display())))?;
    Ok(FileHash { file: name, sha256 })
}

impl Provenance {
    /// The provenance of an appraisal of `loaded` (scenarios applied) under
    /// `criteria`, with the scenarios' files.
    pub fn of(
        loaded: &crate::load::Loaded,
        criteria: &crate::criteria::Criteria,
        scenarios: &[crate::scenario::Scenario],
    ) -> crate::Result<Provenance> {
        let data = &loaded.dataset;
        let files = if loaded.embedded {
            crate::embedded::dataset_hashes()
        } else {
            let mut files = Vec::new();
            for &name in crate::load::DATASET_FILES {
                let path = loaded.dir.join(name);
                if path.is_file() {
                    files.push(hash_file(&path, name.to_string())?);
                }
            }
            files
        };
        let estimated_sites: Vec<String> = (0..data.sites.len())
            .filter(|&s| data.travel.estimated_in_column(s) > 0)
            .map(|s| data.sites[s].id.clone())
            .collect();
        let scenarios = scenarios
            .iter()
            .map(|s| {
                let files = std::iter::once(&s.path)
                    .chain(&s.inputs)
                    .map(|p| hash_file(p, label(p)))
                    .collect::<crate::Result<Vec<_>>>()?;
                Ok(ScenarioUsed {
                    name: s.name.clone(),
                    files,
                })
            })
            .collect::<crate::Result<Vec<_>>>()?;
        Ok(Provenance {
            hasu_version: env!("CARGO_PKG_VERSION"),
            data: label(&loaded.dir),
            files,
            criteria: FileHash {
                file: label(&criteria.path),
                sha256: criteria.sha256.clone(),
            },
            scenarios,
            estimated_times: (0..data.sites.len())
                .map(|s| data.travel.estimated_in_column(s))
                .sum(),
            estimated_sites,
        })
    }
}
