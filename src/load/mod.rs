//! Loading and validating a dataset folder.
//!
//! A dataset folder holds:
//!
//! | file | holds | required |
//! |---|---|---|
//! | `sites.csv` | hospital sites | yes |
//! | `zones.csv` | demand zones and admissions | yes |
//! | `travel_times.csv` | zone → site minutes, long or wide layout | yes |
//! | `site_times.csv` | site → site transfer minutes (source optional) | no (warning) |
//! | `zones.geojson` | zone boundaries for maps | no (warning) |
//! | `SOURCE.md` | provenance and licence | no |
//!
//! [`load_dataset`] reads them all, checks each value and every reference
//! between files, and reports every problem it finds in one pass.

pub(crate) mod boundaries;
pub(crate) mod lines;
pub mod observed;
mod pairs;
pub(crate) mod referrals;
pub(crate) mod sites;
pub(crate) mod table;
mod watch;
pub(crate) mod zones;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use pairs::Layout;
pub use table::parse_flag;

use crate::error::{Location, Problem, Problems, Result};
use crate::files::journal::{self, Recovery};
use crate::files::lock::{FolderLock, Mode};
use crate::files::read::{MAX_DATA_FILE_BYTES, ReadError, read_bounded};
use crate::model::{Dataset, Site, TravelMatrix};
use crate::summary::group;

/// File name of the sites table.
pub const SITES_FILE: &str = "sites.csv";
/// File name of the zones table.
pub const ZONES_FILE: &str = "zones.csv";
/// File name of the zone → site travel times.
pub const TRAVEL_FILE: &str = "travel_times.csv";
/// File name of the site → site transfer times.
pub const SITE_TIMES_FILE: &str = "site_times.csv";
/// File name of the zone boundaries.
pub const BOUNDARIES_FILE: &str = "zones.geojson";
/// File name of the provenance notes.
pub const SOURCE_FILE: &str = "SOURCE.md";
/// File name of the thrombectomy referrals (optional).
pub const REFERRALS_FILE: &str = "referrals.csv";
/// File name of the units' observed figures (optional).
pub const OBSERVED_FILE: &str = "observed.csv";

/// Every file of a dataset folder that hasu reads or writes: the only files
/// an edit, and so its journal, may change.
pub const DATASET_FILES: &[&str] = &[
    SITES_FILE,
    ZONES_FILE,
    TRAVEL_FILE,
    SITE_TIMES_FILE,
    BOUNDARIES_FILE,
    REFERRALS_FILE,
    OBSERVED_FILE,
    SOURCE_FILE,
];

/// A dataset that loaded, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The folder it came from.
    pub dir: PathBuf,
    /// The data.
    pub dataset: Dataset,
    /// Problems that do not stop the data being used.
    pub warnings: Problems,
    /// The layout `travel_times.csv` was written in.
    pub travel_layout: Layout,
    /// What the load found of an interrupted edit (`.hasu-edit`) and did
    /// about it, when it found one (also among the warnings).
    pub journal: Option<Problem>,
    /// Whether it is the dataset compiled into hasu ([`crate::embedded`];
    /// `dir` then only names it).
    pub embedded: bool,
}

/// Loads the dataset folder `dir`, checking everything.
///
/// Fails with [`crate::Error::Invalid`] listing every error found (and the
/// warnings) when anything is wrong.
pub fn load_dataset(dir: &Path) -> Result<Loaded> {
    read(dir).0
}

/// Loads the Kent and Medway dataset compiled into hasu
/// ([`crate::embedded`]), as [`read`] loads a folder (no file is read).
pub fn load_embedded() -> (Result<Loaded>, Option<KnownSites>) {
    let files: Vec<(String, Option<Vec<u8>>)> = crate::embedded::FILES
        .iter()
        .map(|(name, bytes)| (name.to_string(), Some(bytes.to_vec())))
        .collect();
    let (mut loaded, known) = read_folder(&Folder::with(Path::new(crate::embedded::NAME), &files));
    if let Ok(l) = &mut loaded {
        l.embedded = true;
    }
    (loaded, known)
}

/// The dataset folder `dir`, or the dataset compiled into hasu without
/// one, loaded as [`read`] does.
pub fn read_source(dir: Option<&Path>) -> (Result<Loaded>, Option<KnownSites>) {
    match dir {
        Some(dir) => read(dir),
        None => load_embedded(),
    }
}

/// What is known of a dataset's sites when the dataset did not load: the
/// sites that did, and the ids of rows that had problems.
#[derive(Debug, Clone)]
pub struct KnownSites {
    /// Sites that loaded, in table order.
    pub sites: Vec<Site>,
    /// Ids of site rows with problems.
    pub rejected: HashSet<String>,
    /// Whether the table was read to its end.
    pub complete: bool,
}

/// Loads `dir` as [`load_dataset`] does; when the load fails, also gives
/// what is known of the sites (for checking other inputs in the same pass).
///
/// The load shares the folder's lock with other readers, so it never sees
/// an edit half done. A journal an interrupted edit left is dealt with
/// first ([`crate::files::journal::recover`]): a committed change is
/// finished, an uncommitted one discarded, and either is reported among the
/// warnings; a journal recovery cannot trust is left untouched, and the
/// load goes on with a warning when it holds no commit (the folder's files
/// are as they were) and is refused when it does.
pub fn read(dir: &Path) -> (Result<Loaded>, Option<KnownSites>) {
    if !dir.is_dir() {
        let mut problems = Problems::new();
        problems.error(
            Location::file(dir),
            "folder not found; expected a dataset folder holding sites.csv, zones.csv and travel_times.csv",
        );
        return (Err(crate::Error::Invalid(problems)), None);
    }
    let (lock, notice) = match shared_lock(dir) {
        Ok(locked) => locked,
        Err(e) => return (Err(e), None),
    };
    let (result, known) = read_folder(&Folder::plain(dir));
    drop(lock);
    let Some(notice) = notice else {
        return (result, known);
    };
    let result = match result {
        Ok(mut loaded) => {
            loaded.warnings.push(notice.clone());
            loaded.journal = Some(notice);
            Ok(loaded)
        }
        Err(crate::Error::Invalid(mut problems)) => {
            problems.push(notice);
            Err(crate::Error::Invalid(problems))
        }
        Err(e) => Err(e),
    };
    (result, known)
}

/// The folder's shared lock, after dealing with any journal an interrupted
/// edit left (which needs the exclusive lock for a moment), with a warning
/// saying what was found and done.
fn shared_lock(dir: &Path) -> Result<(FolderLock, Option<Problem>)> {
    let lock = FolderLock::acquire(dir, Mode::Shared)?;
    if !journal::present(dir) {
        return Ok((lock, None));
    }
    drop(lock);
    let recovery = {
        let _editor = FolderLock::acquire(dir, Mode::Exclusive)?;
        journal::recover(dir, DATASET_FILES, &journal::RealFs)
    };
    let at = Location::file(dir.join(journal::JOURNAL));
    let by = |holder: &Option<String>| {
        holder
            .as_ref()
            .map_or(String::new(), |h| format!(" (by {h})"))
    };
    let notice = match recovery {
        Ok(Recovery::Clean) => None,
        Ok(Recovery::RolledBack { holder }) => Some(Problem::warning(
            at,
            format!(
                "an edit{} was stopped before it took effect; what it left was removed, and the \
                 dataset is as it was before that edit",
                by(&holder)
            ),
        )),
        Ok(Recovery::RolledForward { holder, files }) => Some(Problem::warning(
            at,
            format!(
                "an edit{} was stopped after it took effect; it was finished ({})",
                by(&holder),
                files.join(", ")
            ),
        )),
        Err(e) if e.committed() => {
            return Err(match e {
                journal::RecoverError::Failed { error, .. } => crate::Error::Refused(format!(
                    "{} has a change that an interrupted edit left unfinished, and it could not \
                     be finished: {error}; run hasu with permission to write the folder to \
                     finish it",
                    dir.display()
                )),
                untrusted => untrusted.into(),
            });
        }
        Err(journal::RecoverError::Failed { error, .. }) => Some(Problem::warning(
            at,
            format!(
                "an edit was stopped before it took effect, so the dataset is as it was, but \
                 what it left could not be removed: {error}"
            ),
        )),
        Err(untrusted) => Some(Problem::warning(
            at,
            format!(
                "{untrusted}; it holds no commit, so the dataset's files were read as they are"
            ),
        )),
    };
    Ok((FolderLock::acquire(dir, Mode::Shared)?, notice))
}

/// The files of a dataset folder as a load sees them: the folder's own, or
/// with some replaced or removed (the staged content of an edit, checked
/// before it is committed). Messages always name the folder's own files.
pub(crate) struct Folder<'a> {
    dir: &'a Path,
    changes: &'a [(String, Option<Vec<u8>>)],
}

impl<'a> Folder<'a> {
    /// The folder as it is.
    pub fn plain(dir: &'a Path) -> Folder<'a> {
        Folder { dir, changes: &[] }
    }

    /// The folder with `changes` (file name, new content or `None` for
    /// removed).
    pub fn with(dir: &'a Path, changes: &'a [(String, Option<Vec<u8>>)]) -> Folder<'a> {
        Folder { dir, changes }
    }

    /// The path of the file `name`, as messages name it.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn change(&self, name: &str) -> Option<&Option<Vec<u8>>> {
        self.changes.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// The bytes of the file `name` (within [`MAX_DATA_FILE_BYTES`]).
    pub fn read(&self, name: &str) -> std::result::Result<Vec<u8>, ReadError> {
        match self.change(name) {
            Some(Some(bytes)) => Ok(bytes.clone()),
            Some(None) => Err(ReadError::NotFound),
            None => read_bounded(&self.path(name), MAX_DATA_FILE_BYTES),
        }
    }

    /// A reader of the file `name` (a regular file within
    /// [`MAX_DATA_FILE_BYTES`], read as it is used).
    pub fn open(&self, name: &str) -> std::result::Result<Box<dyn std::io::Read>, ReadError> {
        match self.change(name) {
            Some(Some(bytes)) => Ok(Box::new(std::io::Cursor::new(bytes.clone()))),
            Some(None) => Err(ReadError::NotFound),
            None => table::open_table(&self.path(name)),
        }
    }

    /// Whether the file `name` exists.
    pub fn exists(&self, name: &str) -> bool {
        match self.change(name) {
            Some(c) => c.is_some(),
            None => std::fs::symlink_metadata(self.path(name)).is_ok(),
        }
    }
}

/// Loads the files `folder` shows, without locking (the caller holds the
/// lock).
pub(crate) fn read_folder(folder: &Folder<'_>) -> (Result<Loaded>, Option<KnownSites>) {
    let dir = folder.dir;
    let mut problems = Problems::new();
    let sites_path = dir.join(SITES_FILE);
    let zones_path = dir.join(ZONES_FILE);
    let sites = sites::read(folder, &mut problems);
    let zones = zones::read(folder, &mut problems);
    let known = sites.as_ref().map(|s| KnownSites {
        sites: s.items.clone(),
        rejected: s.rejected.iter().cloned().collect(),
        complete: s.complete,
    });

    let (Some(sites), Some(zones)) = (sites, zones) else {
        // Without both tables no reference can be checked.
        return (Err(crate::Error::Invalid(problems)), known);
    };
    if sites.items.is_empty() || zones.items.is_empty() {
        // Every reference would be unknown: say so once, not once per row.
        return (Err(crate::Error::Invalid(problems)), known);
    }
    let site_ids = index_of(sites.items.iter().map(|s| s.id.as_str()));
    let zone_ids = index_of(zones.items.iter().map(|z| z.id.as_str()));
    let site_rejected: HashSet<String> = sites.rejected.iter().cloned().collect();
    let zone_rejected: HashSet<String> = zones.rejected.iter().cloned().collect();
    let site_side = |key| pairs::Side {
        key,
        noun: "site",
        defined_in: SITES_FILE,
        ids: &site_ids,
        rejected: &site_rejected,
        complete: sites.complete,
    };

    let mut travel = TravelMatrix::new(zones.items.len(), sites.items.len());
    let travel_layout = pairs::read(
        folder,
        TRAVEL_FILE,
        &pairs::PairSpec {
            what: "the travel times table (zone_id,site_id,minutes,source, or zone_id then one column per site)",
            from: pairs::Side {
                key: "zone_id",
                noun: "zone",
                defined_in: ZONES_FILE,
                ids: &zone_ids,
                rejected: &zone_rejected,
                complete: zones.complete,
            },
            to: site_side("site_id"),
            source_required: true,
        },
        &mut problems,
        |z, s, m, src| travel.set(z, s, m, src),
    );

    let mut site_times = TravelMatrix::new(sites.items.len(), sites.items.len());
    let site_times_path = dir.join(SITE_TIMES_FILE);
    if folder.exists(SITE_TIMES_FILE) {
        pairs::read(
            folder,
            SITE_TIMES_FILE,
            &pairs::PairSpec {
                what: "the site transfer times table (from_site_id,to_site_id,minutes,source)",
                from: site_side("from_site_id"),
                to: site_side("to_site_id"),
                source_required: false,
            },
            &mut problems,
            |a, b, m, src| site_times.set(a, b, m, src),
        );
    } else {
        problems.warning(
            Location::file(&site_times_path),
            "file not found; inter-hospital transfer times are unknown",
        );
    }

    let boundaries = boundaries::read(folder, &zone_ids, &zone_rejected, &mut problems);
    let referrals = if folder.exists(REFERRALS_FILE) {
        referrals::read(
            folder,
            &sites.items,
            (&site_ids, &site_rejected),
            &site_times,
            &mut problems,
        )
    } else {
        Vec::new()
    };
    let observed = if folder.exists(OBSERVED_FILE) {
        observed::read(folder, (&site_ids, &site_rejected), &mut problems)
    } else {
        Vec::new()
    };

    let dataset = Dataset {
        sites: sites.items,
        zones: zones.items,
        travel,
        site_times,
        boundaries,
        referrals,
        observed,
    };
    if travel_layout.is_some() {
        check_reachability(
            &dataset,
            &sites_path,
            &sites.lines,
            &zones_path,
            &zones.lines,
            &mut problems,
        );
    }
    // A table that could not be read always leaves an error, so a layout is
    // known when there is none.
    match (problems.has_errors(), travel_layout) {
        (false, Some(travel_layout)) => (
            Ok(Loaded {
                dir: dir.to_path_buf(),
                dataset,
                warnings: problems,
                travel_layout,
                journal: None,
                embedded: false,
            }),
            None,
        ),
        _ => (Err(crate::Error::Invalid(problems)), known),
    }
}

/// Checks that every zone can reach some site that could be open, and warns
/// about sites that could open but lack travel times.
fn check_reachability(
    data: &Dataset,
    sites_path: &Path,
    site_lines: &[u64],
    zones_path: &Path,
    zone_lines: &[u64],
    problems: &mut Problems,
) {
    let open: Vec<usize> = (0..data.sites.len())
        .filter(|&s| data.sites[s].role.can_open())
        .collect();
    for (z, zone) in data.zones.iter().enumerate() {
        if !open.iter().any(|&s| data.travel.get(z, s).is_some()) {
            problems.error(
                Location::cell(zones_path, zone_lines[z], 1, "zone_id"),
                format!(
                    "zone \"{}\" has no travel time to any site that could be open; \
                     expected {TRAVEL_FILE} to give it a time to at least one candidate or fixed_open site",
                    zone.id
                ),
            );
        }
    }
    let zones = data.zones.len();
    for &s in &open {
        let site = &data.sites[s];
        let known = data.travel.known_in_column(s);
        let at = Location::cell(sites_path, site_lines[s], 1, "site_id");
        if known == 0 {
            problems.warning(
                at,
                format!(
                    "site \"{}\" ({}) has no travel times; options that open it cannot be evaluated \
                     until its times are estimated (hasu network estimate --site {})",
                    site.id, site.name, site.id
                ),
            );
        } else if known < zones {
            problems.warning(
                at,
                format!(
                    "site \"{}\" ({}) has travel times for {} of {} zones; \
                     zones without a time cannot be sent there",
                    site.id,
                    site.name,
                    group(known),
                    group(zones)
                ),
            );
        }
    }
}

fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}
