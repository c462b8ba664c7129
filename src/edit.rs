//! Planner edits of a dataset folder, without hand-editing CSV.
//!
//! [`apply`] takes the folder's exclusive lock ([`crate::files::lock`]),
//! finishes or discards what a crash left ([`crate::files::journal`]),
//! loads and checks the folder, changes the data in memory, works out the
//! new content of each file that changes while keeping everything the
//! planner's files hold that the change does not touch
//! ([`crate::save::preserve`]), checks the changed folder as the next
//! command will load it, and only then commits the change through the
//! journal, with the command recorded under "Changes after import" in
//! `SOURCE.md`. On any error, and under any crash, the folder is exactly as
//! before or exactly as after.
//!
//! The changes themselves ([`add_site`], [`remove_site`], [`update_site`],
//! [`estimate_sites`]) work on a [`Dataset`] and are usable on their own.

use std::path::Path;

use geo::Point;

use crate::error::{Error, Location, Problem, Problems, Result};
use crate::files::journal::{self, Fs, Journal, RealFs};
use crate::files::lock::{FolderLock, Mode};
use crate::files::read::{MAX_SETTINGS_FILE_BYTES, ReadError, read_bounded};
use crate::load::table::{check_id, control_character};
use crate::load::{DATASET_FILES, Folder, SOURCE_FILE, read_folder};
use crate::model::{Dataset, Role, Service, Site, TimeSource, checked_location};
use crate::network::estimate::{Filled, has_every_time, observations};
use crate::network::{
    Calibration, CalibrationSettings, Network, NetworkSettings, calibrate, estimate_site,
};
use crate::save::preserve::changed_files;

/// The heading under which `SOURCE.md` lists edits made after the import.
pub const CHANGES_HEADING: &str = "## Changes after import";

/// What [`apply`] did.
#[derive(Debug, Clone)]
pub struct Applied {
    /// One line saying what changed, as recorded in `SOURCE.md`.
    pub summary: String,
    /// Warnings the changed dataset still carries.
    pub warnings: Problems,
    /// The files the change wrote or removed.
    pub files: Vec<String>,
}

/// Applies `change` to the dataset folder `dir` and records `command` (the
/// command line a planner would type, without folder paths) with the summary
/// `change` returns.
///
/// # Errors
/// Fails, leaving `dir` as it was, when the folder is being changed by
/// another process beyond the wait, when it does not load, when `change`
/// refuses, when the changed data would not be valid, or when a file cannot
/// be written before the change is committed.
pub fn apply(
    dir: &Path,
    command: &str,
    change: impl FnOnce(&mut Dataset) -> Result<String>,
) -> Result<Applied> {
    apply_with(dir, command, change, &RealFs)
}

/// [`apply`], making every change to the disk through `fs` (one step per
/// call; a test stops the edit after each step in turn).
pub fn apply_with(
    dir: &Path,
    command: &str,
    change: impl FnOnce(&mut Dataset) -> Result<String>,
    fs: &dyn Fs,
) -> Result<Applied> {
    if !dir.is_dir() {
        return Err(Error::problem(Problem::error(
            Location::file(dir),
            "folder not found; expected a dataset folder holding sites.csv, zones.csv and travel_times.csv",
        )));
    }
    let _lock = FolderLock::acquire(dir, Mode::Exclusive)?;
    journal::recover(dir, DATASET_FILES, fs)?;
    let holder = format!(
        "process {} (`{command}`), started {} seconds after 1970 (UTC)",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    );
    let mut journal = Journal::begin(dir, &holder, DATASET_FILES, fs)?;
    let staged = prepare(dir, command, change).and_then(|(applied, files)| {
        for (name, content) in &files {
            match content {
                Some(bytes) => journal.stage(name, bytes)?,
                None => journal.remove(name)?,
            }
        }
        Ok(applied)
    });
    let applied = match staged {
        Ok(applied) if applied.files.is_empty() => {
            journal.abandon()?;
            return Ok(applied);
        }
        Ok(applied) => applied,
        Err(e) => {
            // The folder is untouched; what cannot be tidied away now is
            // rolled back by the next command.
            let _ = journal.abandon();
            return Err(e);
        }
    };
    journal.commit()?.finish().map_err(|e| {
        Error::Refused(format!(
            "the change is made but could not be put fully in place: {e}; the next hasu \
             command on {} finishes it",
            dir.display()
        ))
    })?;
    Ok(applied)
}

/// Loads `dir`, applies `change`, and works out every changed file,
/// checking the result as the next command will load it.
#[allow(clippy::type_complexity)]
fn prepare(
    dir: &Path,
    command: &str,
    change: impl FnOnce(&mut Dataset) -> Result<String>,
) -> Result<(Applied, Vec<(String, Option<Vec<u8>>)>)> {
    let loaded = read_folder(&Folder::plain(dir)).0?;
    let before = loaded.dataset;
    let mut after = before.clone();
    let summary = change(&mut after)?;
    let mut files = changed_files(dir, &before, &after)?;
    if files.is_empty() {
        // Nothing changes: nothing is written, nor recorded.
        let applied = Applied {
            summary,
            warnings: loaded.warnings,
            files: Vec::new(),
        };
        return Ok((applied, files));
    }
    let source_path = dir.join(SOURCE_FILE);
    let source = match read_bounded(&source_path, MAX_SETTINGS_FILE_BYTES) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(ReadError::NotFound) => String::new(),
        Err(e) => {
            return Err(Error::Refused(format!("{}: {e}", source_path.display())));
        }
    };
    files.push((
        SOURCE_FILE.to_string(),
        Some(record(&source, command, &summary).into_bytes()),
    ));
    let warnings = match read_folder(&Folder::with(dir, &files)).0 {
        Ok(loaded) => loaded.warnings,
        Err(Error::Invalid(problems)) => return Err(Error::Invalid(after_change(&problems))),
        Err(e) => return Err(e),
    };
    let applied = Applied {
        summary,
        warnings,
        files: files.iter().map(|(n, _)| n.clone()).collect(),
    };
    Ok((applied, files))
}

/// `problems` found in the changed folder: errors say they come from the
/// change.
fn after_change(problems: &Problems) -> Problems {
    let mut out = Problems::new();
    for p in problems.iter() {
        out.push(Problem {
            message: if p.is_error() {
                format!("after this change, {}", p.message)
            } else {
                p.message.clone()
            },
            ..p.clone()
        });
    }
    out
}

/// `source` with the line "- `command`: summary" added under
/// [`CHANGES_HEADING`] (which is added if missing).
///
/// # Example
/// ```
/// let s = hasu::edit::record("# Data\n", "hasu site remove --id X", "removed X");
/// assert!(s.ends_with("in order:\n\n- `hasu site remove --id X`: removed X\n"));
/// let s = hasu::edit::record(&s, "hasu site remove --id Y", "removed Y");
/// assert!(s.ends_with("removed X\n- `hasu site remove --id Y`: removed Y\n"));
/// ```
pub fn record(source: &str, command: &str, summary: &str) -> String {
    let mut out = source.trim_end().to_string();
    if !out.contains(CHANGES_HEADING) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(CHANGES_HEADING);
        out.push_str("\n\nEach command that changed this dataset after the import, in order:");
    }
    let in_list = out.lines().last().is_some_and(|l| l.starts_with("- "));
    out.push_str(if in_list { "\n" } else { "\n\n" });
    out.push_str(&format!("- `{command}`: {summary}\n"));
    out
}

/// The index of site `id`, or an error naming the sites there are.
pub fn site_index(data: &Dataset, id: &str) -> Result<usize> {
    data.site_index(id).ok_or_else(|| {
        let ids: Vec<&str> = data.sites.iter().map(|s| s.id.as_str()).collect();
        Error::Refused(format!(
            "no site \"{id}\" in this dataset; its sites are {}",
            ids.join(", ")
        ))
    })
}

/// Adds `site`, with no times yet, at the end of the sites table.
///
/// # Errors
/// Refuses an id that is not a valid id or is already taken, an empty name,
/// or a location that is not a place.
pub fn add_site(data: &mut Dataset, site: Site) -> Result<usize> {
    check_id(&site.id, "a site id").map_err(|m| Error::Refused(format!("--id: {m}")))?;
    check_texts(&site)?;
    if data.site_index(&site.id).is_some() {
        return Err(Error::Refused(format!(
            "site \"{}\" is already in this dataset; choose another id, or change it with hasu site set",
            site.id
        )));
    }
    if site.name.trim().is_empty() {
        return Err(Error::Refused(
            "--name: expected the site's name".to_string(),
        ));
    }
    checked_location(site.location.y(), site.location.x())?;
    let mut site = site;
    if site.ambulance.is_empty() {
        site.ambulance = nearest_zone_service(data, site.location);
    } else {
        check_service(&site.ambulance)?;
    }
    data.push_site(site);
    Ok(data.sites.len() - 1)
}

/// Refuses an ambulance service's name that is not a short name.
fn check_service(name: &str) -> Result<()> {
    if name.is_empty() {
        return Ok(());
    }
    check_id(name, "an ambulance service's short name (e.g. SECAmb)")
        .map_err(|m| Error::Refused(format!("--ambulance: {m}")))
}

/// The ambulance service of the zone nearest `at` (straight line), empty
/// when the zones name none.
fn nearest_zone_service(data: &Dataset, at: Point) -> String {
    use geo::{Distance, Haversine};
    data.zones
        .iter()
        .filter(|z| !z.ambulance.is_empty())
        .min_by(|a, b| {
            Haversine
                .distance(a.location, at)
                .total_cmp(&Haversine.distance(b.location, at))
                .then(a.id.cmp(&b.id))
        })
        .map_or_else(String::new, |z| z.ambulance.clone())
}

/// Refuses a site whose text fields hold control characters (which must
/// never reach a table, a terminal or a report raw).
fn check_texts(site: &Site) -> Result<()> {
    for (flag, text) in [
        ("--name", &site.name),
        ("--postcode", &site.postcode),
        ("--trust", &site.trust),
        ("--notes", &site.notes),
    ] {
        if let Some(message) = control_character(text) {
            return Err(Error::Refused(format!("{flag}: {message}")));
        }
    }
    Ok(())
}

/// Removes site `id` with all its times.
///
/// # Errors
/// Refuses an unknown site, and one a thrombectomy referral names (change
/// `referrals.csv` first: removing the row would change where patients
/// go without saying so).
pub fn remove_site(data: &mut Dataset, id: &str) -> Result<Site> {
    let index = site_index(data, id)?;
    if let Some(r) = data
        .referrals
        .iter()
        .find(|r| r.unit == id || r.centre == id)
    {
        return Err(Error::Refused(format!(
            "site \"{id}\" is named in referrals.csv ({} refers to {} for thrombectomy); \
             change that row first, then remove the site",
            r.unit, r.centre
        )));
    }
    Ok(data.remove_site(index))
}

/// Changes to the fields of a site; `None` keeps a field as it is.
#[derive(Debug, Clone, Default)]
pub struct SiteUpdate {
    /// New name.
    pub name: Option<String>,
    /// New postcode.
    pub postcode: Option<String>,
    /// New location.
    pub location: Option<Point<f64>>,
    /// New trust.
    pub trust: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// Whether it is inside the region.
    pub in_region: Option<bool>,
    /// New services (replacing the old list).
    pub services: Option<Vec<Service>>,
    /// New notes.
    pub notes: Option<String>,
    /// Beds it could provide (`Some(None)` clears the figure).
    pub beds: Option<Option<u32>>,
    /// Stroke beds it has today (`Some(None)` clears the figure).
    pub stroke_beds: Option<Option<u32>>,
    /// The ambulance service whose area holds it.
    pub ambulance: Option<String>,
}

/// Applies `update` to site `id` and returns the names of the fields that
/// changed. A site that moves loses its estimated times (they belonged to
/// the old place); re-estimate them with [`estimate_sites`].
///
/// # Errors
/// Refuses an unknown site, an empty name, and moving a site whose times
/// come from a published matrix (they would no longer match its place:
/// remove it and add it again instead).
pub fn update_site(data: &mut Dataset, id: &str, update: SiteUpdate) -> Result<Vec<&'static str>> {
    let index = site_index(data, id)?;
    let mut changed = Vec::new();
    if let Some(location) = update.location {
        checked_location(location.y(), location.x())?;
        let published =
            (0..data.zones.len()).any(|z| data.travel.source(z, index) == Some(TimeSource::Matrix));
        if published {
            return Err(Error::Refused(format!(
                "site \"{id}\" has travel times from a published matrix, which would no longer \
                 match a new location; remove the site and add it again to estimate every time afresh"
            )));
        }
        for z in 0..data.zones.len() {
            data.travel.clear(z, index);
        }
        for other in 0..data.sites.len() {
            data.site_times.clear(index, other);
            data.site_times.clear(other, index);
        }
        data.sites[index].location = location;
        changed.push("location");
    }
    let site = &mut data.sites[index];
    if let Some(name) = update.name {
        if name.trim().is_empty() {
            return Err(Error::Refused(
                "--name: expected the site's name".to_string(),
            ));
        }
        site.name = name;
        changed.push("name");
    }
    if let Some(v) = update.postcode {
        site.postcode = v;
        changed.push("postcode");
    }
    if let Some(v) = update.trust {
        site.trust = v;
        changed.push("trust");
    }
    if let Some(v) = update.role {
        site.role = v;
        changed.push("role");
    }
    if let Some(v) = update.in_region {
        site.in_region = v;
        changed.push("in_region");
    }
    if let Some(mut v) = update.services {
        v.sort();
        v.dedup();
        site.services = v;
        changed.push("services");
    }
    if let Some(v) = update.notes {
        site.notes = v;
        changed.push("notes");
    }
    if let Some(v) = update.beds {
        site.beds = v;
        changed.push("beds");
    }
    if let Some(v) = update.stroke_beds {
        site.stroke_beds = v;
        changed.push("stroke_beds");
    }
    if let Some(v) = update.ambulance {
        check_service(&v)?;
        site.ambulance = v;
        changed.push("ambulance service");
    }
    check_texts(site)?;
    if changed.is_empty() {
        return Err(Error::Refused(
            "nothing to change: give at least one field to set (see hasu site set --help)"
                .to_string(),
        ));
    }
    Ok(changed)
}

/// What [`estimate_sites`] did.
#[derive(Debug, Clone)]
pub struct Estimated {
    /// The calibration the estimates came from.
    pub calibration: Calibration,
    /// Times written, per site asked for (same order).
    pub filled: Vec<Filled>,
}

/// Fills every missing zone → site and transfer time of `sites` with network
/// estimates marked `estimated`, from one calibration on the dataset's
/// published times (`progress` as for [`calibrate()`]).
///
/// # Errors
/// Refuses a site outside the region's reach, a dataset with no published
/// times to calibrate on, or when `progress` stops the calibration.
pub fn estimate_sites(
    data: &mut Dataset,
    sites: &[usize],
    network_settings: &NetworkSettings,
    settings: &CalibrationSettings,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Estimated> {
    let network = Network::build(data, network_settings);
    for &s in sites.iter().filter(|&&s| !has_every_time(data, s)) {
        network
            .attach(data.sites[s].location)
            .map_err(|e| Error::Refused(format!("site \"{}\": {e}", data.sites[s].id)))?;
    }
    let observed = observations(&network, data, None);
    let calibration = calibrate(&network, &observed, settings, progress)?;
    let filled = sites
        .iter()
        .map(|&s| estimate_site(data, &network, &calibration, s))
        .collect::<Result<Vec<_>>>()?;
    Ok(Estimated {
        calibration,
        filled,
    })
}
