//! The Kent and Medway dataset and its default criteria, compiled into
//! hasu: the first command works from any folder with no files at hand,
//! and nothing run without `--data` can change them (edits need a folder
//! of the user's, e.g. a copy written by `hasu import kent-medway`).

use crate::files::digest::{FileHash, sha256_hex};
use crate::load::{
    BOUNDARIES_FILE, OBSERVED_FILE, REFERRALS_FILE, SITE_TIMES_FILE, SITES_FILE, SOURCE_FILE,
    TRAVEL_FILE, ZONES_FILE,
};

/// The dataset's name, as outputs name it (its folder's name in the
/// source tree, `data/kent-medway`).
pub const NAME: &str = "kent-medway";

/// The default criteria's name, as outputs name it
/// (`criteria/kent-medway.toml` in the source tree).
pub const CRITERIA_NAME: &str = "kent-medway.toml";

/// The default criteria.
pub const CRITERIA: &str = include_str!("../criteria/kent-medway.toml");

/// The dataset's files, byte for byte as in `data/kent-medway`.
pub const FILES: [(&str, &[u8]); 8] = [
    (SITES_FILE, include_bytes!("../data/kent-medway/sites.csv")),
    (ZONES_FILE, include_bytes!("../data/kent-medway/zones.csv")),
    (
        TRAVEL_FILE,
        include_bytes!("../data/kent-medway/travel_times.csv"),
    ),
    (
        SITE_TIMES_FILE,
        include_bytes!("../data/kent-medway/site_times.csv"),
    ),
    (
        BOUNDARIES_FILE,
        include_bytes!("../data/kent-medway/zones.geojson"),
    ),
    (
        REFERRALS_FILE,
        include_bytes!("../data/kent-medway/referrals.csv"),
    ),
    (
        OBSERVED_FILE,
        include_bytes!("../data/kent-medway/observed.csv"),
    ),
    (SOURCE_FILE, include_bytes!("../data/kent-medway/SOURCE.md")),
];

/// Each file of the dataset with its SHA-256.
pub fn dataset_hashes() -> Vec<FileHash> {
    FILES
        .iter()
        .map(|(name, bytes)| FileHash {
            file: name.to_string(),
            sha256: sha256_hex(bytes),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_dataset_is_the_source_tree_s() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kent-medway");
        for (name, bytes) in FILES {
            assert_eq!(std::fs::read(dir.join(name)).unwrap(), bytes, "{name}");
        }
        assert_eq!(FILES.len(), crate::load::DATASET_FILES.len());
    }
}
