//! Datasets shared by the benchmarks.

use std::path::PathBuf;

/// The committed Kent and Medway dataset.
pub fn kent_medway() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/kent-medway")
}

/// The whole England and Wales import (34,752 zones × 125 sites), if
/// `benches/fetch-england-wales.sh` has made it; otherwise says how to.
pub fn england_wales() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".cache/england-wales");
    if dir.join("travel_times.csv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "\n*** {} is missing: run benches/fetch-england-wales.sh to benchmark the national data ***\n",
            dir.display()
        );
        None
    }
}
