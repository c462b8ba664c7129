//! No input makes a loader panic: arbitrary bytes, and valid files with
//! random damage, always give a dataset or a list of problems.

use hasu::load::load_dataset;
use proptest::prelude::*;

use crate::fixtures::{self, SITES, TRAVEL, TRAVEL_WIDE, ZONES};

const FILES: [&str; 5] = [
    "sites.csv",
    "zones.csv",
    "travel_times.csv",
    "site_times.csv",
    "zones.geojson",
];

const GEOJSON: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"zone_id":"Z1"},"geometry":{"type":"Polygon","coordinates":[[[0,51],[0.1,51],[0.1,51.1],[0,51]]]}}
]}"#;

const SITE_TIMES: &str = "from_site_id,to_site_id,minutes\nA,B,20\nB,A,21\n";

fn valid(file: &str) -> &'static str {
    match file {
        "sites.csv" => SITES,
        "zones.csv" => ZONES,
        "travel_times.csv" => TRAVEL,
        "site_times.csv" => SITE_TIMES,
        _ => GEOJSON,
    }
}

/// Loads the tiny dataset with `file` replaced by `bytes`; the load may
/// succeed or fail but must return, and every problem must name a file.
fn load_with(file: &str, bytes: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    fixtures::tiny(
        &dir,
        &[("site_times.csv", SITE_TIMES), ("zones.geojson", GEOJSON)],
    );
    std::fs::write(dir.join(file), bytes).unwrap();
    match load_dataset(&dir) {
        Ok(_) => {}
        Err(hasu::Error::Invalid(problems)) => {
            assert!(problems.has_errors());
            for p in problems.iter() {
                assert!(p.location.file.starts_with(&dir), "{p}");
            }
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

/// Pieces that stress CSV and number parsing.
const TOKENS: &[&str] = &[
    ",", "\"", "\n", "\r\n", "\u{feff}", "-", "NaN", "inf", "1e999", "", " ", ";", "\0", "\u{e9}",
    "Z1", "A", "99", "-0", "yes", "{", "]", "\u{ff}",
];

fn damaged(file: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let text = valid(file);
    proptest::collection::vec((0..text.len() + 1, 0..TOKENS.len(), 0usize..4), 1..6).prop_map(
        move |edits| {
            let mut bytes = text.as_bytes().to_vec();
            for (at, token, cut) in edits {
                let at = at.min(bytes.len());
                let end = (at + cut).min(bytes.len());
                bytes.splice(at..end, TOKENS[token].bytes());
            }
            bytes
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(file in 0..FILES.len(), bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        load_with(FILES[file], &bytes);
    }

    #[test]
    fn damaged_sites_never_panic(bytes in damaged("sites.csv")) {
        load_with("sites.csv", &bytes);
    }

    #[test]
    fn damaged_zones_never_panic(bytes in damaged("zones.csv")) {
        load_with("zones.csv", &bytes);
    }

    #[test]
    fn damaged_travel_times_never_panic(bytes in damaged("travel_times.csv")) {
        load_with("travel_times.csv", &bytes);
    }

    #[test]
    fn damaged_wide_travel_times_never_panic(edits in proptest::collection::vec((0..TRAVEL_WIDE.len(), 0..TOKENS.len()), 1..6)) {
        let mut text = TRAVEL_WIDE.as_bytes().to_vec();
        for (at, token) in edits {
            let at = at.min(text.len());
            text.splice(at..at, TOKENS[token].bytes());
        }
        load_with("travel_times.csv", &text);
    }

    #[test]
    fn damaged_boundaries_never_panic(bytes in damaged("zones.geojson")) {
        load_with("zones.geojson", &bytes);
    }
}
