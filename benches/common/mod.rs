//! Datasets shared by the benchmarks.

use std::path::PathBuf;

/// The committed Kent and Medway dataset.
#[allow(dead_code)]
pub fn kent_medway() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/kent-medway")
}

#[allow(dead_code)]
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

/// A synthetic region for appraising over a million options: 20 candidate
/// sites (2^20 − 1 = 1,048,575 options of 1 to 20 HASUs), 2 out-of-area
/// units and 600 zones with seeded random places and admissions; times are
/// 1.3 minutes a km plus 3 minutes. Written once to
/// `.cache/synthetic-1m/` with its criteria `.cache/synthetic-1m.toml`, so
/// that `hasu appraise` can be run on it too (for peak memory).
#[allow(dead_code)]
pub fn synthetic_million() -> (PathBuf, PathBuf) {
    use hasu::model::{Dataset, Role, Site, TimeSource, TravelMatrix, Zone};
    use rand::RngExt;
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::SeedableRng;

    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".cache");
    let dir = root.join("synthetic-1m");
    let criteria = root.join("synthetic-1m.toml");
    if dir.join("travel_times.csv").is_file() && criteria.is_file() {
        return (dir, criteria);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(1_000_000);
    let place = |rng: &mut ChaCha8Rng| {
        geo::Point::new(rng.random_range(0.0..1.2), rng.random_range(51.0..51.6))
    };
    let mut sites = Vec::new();
    for s in 0..22 {
        let fixed = s >= 20;
        sites.push(Site {
            stroke_beds: None,
            id: format!("S{s:02}"),
            name: format!("Synthetic site {s}"),
            postcode: String::new(),
            location: place(&mut rng),
            trust: String::new(),
            role: if fixed {
                Role::FixedOpen
            } else {
                Role::Candidate
            },
            in_region: !fixed,
            services: Vec::new(),
            notes: String::new(),
            beds: None,
            ambulance: String::new(),
        });
    }
    let zones: Vec<Zone> = (0..600)
        .map(|z| Zone {
            id: format!("Z{z:04}"),
            name: format!("Zone {z}"),
            location: place(&mut rng),
            admissions: rng.random_range(2.0..8.0),
            district: format!("District {}", z % 12),
            icb: String::new(),
            sub_icb: String::new(),
            in_region: z >= 50,
            income_score: None,
            rural_urban: None,
            income_rank: None,
            ambulance: String::new(),
        })
        .collect();
    let mut travel = TravelMatrix::new(zones.len(), sites.len());
    for (z, zone) in zones.iter().enumerate() {
        for (s, site) in sites.iter().enumerate() {
            let km = hasu::network::km_between(zone.location, site.location);
            let minutes = (3.0 + 1.3 * km) as f32;
            travel.set(z, s, (minutes * 10.0).round() / 10.0, TimeSource::Matrix);
        }
    }
    let data = Dataset {
        site_times: TravelMatrix::new(sites.len(), sites.len()),
        sites,
        zones,
        travel,
        boundaries: None,
        referrals: Vec::new(),
        observed: Vec::new(),
    };
    std::fs::create_dir_all(&dir).expect("cache folder");
    hasu::save::write_dataset(&dir, &data, None).expect("synthetic dataset");
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("criteria/kent-medway.toml"),
    )
    .expect("default criteria")
    .replace("max_hasus = 7", "max_hasus = 20")
    .replace("max_combinations = 1000000", "max_combinations = 2000000")
    .replace(
        "units = [\"DA\", \"MD\", \"MW\", \"QM\", \"TU\", \"WH\"]",
        "units = [\"S00\", \"S05\", \"S10\", \"S15\"]",
    );
    std::fs::write(&criteria, text).expect("synthetic criteria");
    (dir, criteria)
}
