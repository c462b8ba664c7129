//! Every bad-input case the loaders must refuse, with its exact message, and
//! the spreadsheet habits they must accept.

use std::path::Path;

use hasu::Error;
use hasu::load::{Layout, load_dataset};

use crate::fixtures::{self, SITES, TRAVEL, TRAVEL_WIDE, ZONES};

/// Messages of a load, with the temporary folder shown as `ds`.
fn messages(dir: &Path, problems: &hasu::Problems) -> Vec<String> {
    let prefix = dir.display().to_string();
    problems
        .iter()
        .map(|p| p.to_string().replace(&prefix, "ds"))
        .collect()
}

/// Loads the tiny dataset with `changes` and returns the errors, which must
/// exist.
fn errors(changes: &[(&str, &str)]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    fixtures::tiny(&dir, changes);
    errors_in(&dir)
}

fn errors_in(dir: &Path) -> Vec<String> {
    match load_dataset(dir) {
        Ok(_) => panic!("expected the load to fail"),
        Err(Error::Invalid(p)) => {
            let all = messages(dir, &p);
            p.iter()
                .zip(all)
                .filter(|(p, _)| p.is_error())
                .map(|(_, m)| m)
                .collect()
        }
        Err(e) => panic!("expected data problems, got {e}"),
    }
}

/// Replaces the first occurrence of `from` in `text` with `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture lacks {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn the_tiny_dataset_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    fixtures::tiny(&dir, &[]);
    let loaded = load_dataset(&dir).unwrap();
    let d = &loaded.dataset;
    assert_eq!(d.sites.len(), 4);
    assert_eq!(d.zones.len(), 4);
    assert_eq!(d.total_admissions(), 65.0);
    assert_eq!(d.travel.get(2, 1), Some(8.0));
    assert_eq!(d.travel.get(0, 3), None);
    assert_eq!(
        d.travel.source(3, 1),
        Some(hasu::model::TimeSource::Estimated)
    );
    assert_eq!(loaded.travel_layout, Layout::Long);
    assert_eq!(
        messages(&dir, &loaded.warnings),
        [
            "ds/site_times.csv: file not found; inter-hospital transfer times are unknown",
            "ds/zones.geojson: file not found; reports will draw no maps (expected a GeoJSON FeatureCollection of zone boundaries)",
        ]
    );
}

#[test]
fn a_missing_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    fixtures::tiny(&dir, &[]);
    std::fs::remove_file(dir.join("sites.csv")).unwrap();
    assert_eq!(
        errors_in(&dir),
        [
            "ds/sites.csv: file not found; expected the sites table (site_id,name,latitude,longitude,role,in_region,...)"
        ]
    );
}

#[test]
fn a_missing_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    assert_eq!(
        errors_in(&dir),
        [
            "ds: folder not found; expected a dataset folder holding sites.csv, zones.csv and travel_times.csv"
        ]
    );
}

#[test]
fn a_missing_column() {
    let zones = ZONES
        .replace("admissions,", "")
        .replace(",10,", ",")
        .replace(",20,", ",");
    let zones = zones.replace(",30,", ",").replace(",5,", ",");
    assert_eq!(
        errors(&[("zones.csv", &zones)]),
        [
            "ds/zones.csv: line 1: missing column \"admissions\"; expected the columns zone_id,name,latitude,longitude,admissions,district,in_region"
        ]
    );
}

#[test]
fn a_duplicate_site_id() {
    let sites = edit(SITES, "B,Beta", "A,Beta");
    let errs = errors(&[("sites.csv", &sites)]);
    assert_eq!(
        errs[0],
        "ds/sites.csv: line 3, column 1 (site_id): duplicate site id \"A\"; it is already given on line 2"
    );
}

#[test]
fn site_ids_differing_only_in_case() {
    let sites = edit(SITES, "B,Beta", "a,Beta");
    let errs = errors(&[("sites.csv", &sites)]);
    assert_eq!(
        errs[0],
        "ds/sites.csv: line 3, column 1 (site_id): site id \"a\" differs only in case from \"A\" on line 2; expected each site id once, written one way"
    );
}

#[test]
fn a_duplicate_zone_id() {
    let zones = edit(ZONES, "Z2,North 001B", "Z1,North 001B");
    let errs = errors(&[("zones.csv", &zones)]);
    assert_eq!(
        errs[0],
        "ds/zones.csv: line 3, column 1 (zone_id): duplicate zone id \"Z1\"; it is already given on line 2"
    );
}

#[test]
fn an_unknown_zone_or_site_in_the_travel_times() {
    let travel = format!("{TRAVEL}Z9,A,12,matrix\nZ1,X,12,matrix\n");
    assert_eq!(
        errors(&[("travel_times.csv", &travel)]),
        [
            "ds/travel_times.csv: line 14, column 1 (zone_id): unknown zone \"Z9\"; expected a zone id from zones.csv",
            "ds/travel_times.csv: line 15, column 2 (site_id): unknown site \"X\"; expected a site id from sites.csv",
        ]
    );
}

#[test]
fn an_unknown_site_column_in_the_wide_layout() {
    let wide = TRAVEL_WIDE.replace("zone_id,A,B,C", "zone_id,A,B,Q");
    assert_eq!(
        errors(&[("travel_times.csv", &wide)]),
        [
            "ds/travel_times.csv: line 1, column 4 (Q): unknown site \"Q\"; expected a site id from sites.csv"
        ]
    );
}

#[test]
fn minutes_that_are_not_a_finite_non_negative_number() {
    let travel = edit(TRAVEL, "Z1,A,10,", "Z1,A,ten,");
    let travel = edit(&travel, "Z2,B,25,", "Z2,B,-3,");
    let travel = edit(&travel, "Z3,C,33,", "Z3,C,NaN,");
    let travel = edit(&travel, "Z4,A,45,", "Z4,A,inf,");
    assert_eq!(
        errors(&[("travel_times.csv", &travel)]),
        [
            "ds/travel_times.csv: line 2, column 3 (minutes): expected a number of minutes, found \"ten\"",
            "ds/travel_times.csv: line 6, column 3 (minutes): expected a number of minutes between 0 and 1440 (a day), found \"-3\"",
            "ds/travel_times.csv: line 10, column 3 (minutes): expected a number of minutes that is finite, found \"NaN\"",
            "ds/travel_times.csv: line 11, column 3 (minutes): expected a number of minutes that is finite, found \"inf\"",
        ]
    );
}

#[test]
fn a_bad_number_in_the_wide_layout() {
    let wide = TRAVEL_WIDE.replace("Z3,28,8,33", "Z3,28,-8,33");
    assert_eq!(
        errors(&[("travel_times.csv", &wide)]),
        [
            "ds/travel_times.csv: line 4, column 3 (B): expected a number of minutes between 0 and 1440 (a day), found \"-8\""
        ]
    );
}

#[test]
fn latitude_or_longitude_out_of_range() {
    let sites = edit(SITES, "51.0,0.0,Trust A", "91.2,0.0,Trust A");
    let zones = edit(ZONES, "51.1,0.1,20", "51.1,200,20");
    assert_eq!(
        errors(&[("sites.csv", &sites), ("zones.csv", &zones)]),
        [
            "ds/sites.csv: line 2, column 4 (latitude): expected a latitude in degrees between -90 and 90, found \"91.2\"",
            "ds/zones.csv: line 3, column 4 (longitude): expected a longitude in degrees between -180 and 180, found \"200\"",
        ]
    );
}

#[test]
fn negative_admissions() {
    let zones = edit(ZONES, "51.0,0.4,30,", "51.0,0.4,-30,");
    assert_eq!(
        errors(&[("zones.csv", &zones)]),
        [
            "ds/zones.csv: line 4, column 5 (admissions): expected a number of admissions a year between 0 and 100000, found \"-30\""
        ]
    );
}

#[test]
fn a_zone_with_no_time_to_any_site_that_could_be_open() {
    // Z4 keeps only a time to the closed site D.
    let travel: String = TRAVEL
        .lines()
        .filter(|l| !l.starts_with("Z4"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + "Z4,D,5,matrix\n";
    assert_eq!(
        errors(&[("travel_times.csv", &travel)]),
        [
            "ds/zones.csv: line 5, column 1 (zone_id): zone \"Z4\" has no travel time to any site that could be open; expected travel_times.csv to give it a time to at least one candidate or fixed_open site"
        ]
    );
}

#[test]
fn an_empty_table() {
    let header_only = ZONES.lines().next().unwrap().to_string() + "\n";
    assert_eq!(
        errors(&[("zones.csv", &header_only)]),
        ["ds/zones.csv: line 2: the table has a header but no rows; expected at least one zone"]
    );
    assert_eq!(
        errors(&[("sites.csv", "")]),
        ["ds/sites.csv: line 1: the file is empty; expected a header line naming the columns"]
    );
    let travel_header = "zone_id,site_id,minutes,source\n";
    let errs = errors(&[("travel_times.csv", travel_header)]);
    assert_eq!(
        errs[0],
        "ds/travel_times.csv: line 2: the table has a header but no rows; expected at least one time"
    );
}

#[test]
fn words_outside_the_vocabulary() {
    let sites = edit(
        SITES,
        "candidate,yes,ivt;emergency_department",
        "maybe,perhaps,ivt;helipad",
    );
    let travel = edit(TRAVEL, "Z1,A,10,matrix", "Z1,A,10,guess");
    assert_eq!(
        errors(&[("sites.csv", &sites), ("travel_times.csv", &travel)]),
        [
            "ds/sites.csv: line 2, column 7 (role): expected one of candidate, fixed_open, closed, found \"maybe\"",
            "ds/sites.csv: line 2, column 8 (in_region): expected yes or no, found \"perhaps\"",
            "ds/sites.csv: line 2, column 9 (services): expected services from: emergency_department, acute_medicine, emergency_surgery, trauma_unit, major_trauma_centre, ppci, vascular, obstetrics, nicu, scbu, cancer_centre, ivt, thrombectomy, neurosurgery separated by ';', found \"helipad\"",
            "ds/travel_times.csv: line 2, column 4 (source): expected matrix or estimated, found \"guess\"",
        ]
    );
}

#[test]
fn a_duplicate_time_and_a_ragged_row() {
    let travel = format!("{TRAVEL}Z1,A,11,matrix\nZ2,B\n");
    assert_eq!(
        errors(&[("travel_times.csv", &travel)]),
        [
            "ds/travel_times.csv: line 14, column 2 (site_id): duplicate time from zone \"Z1\" to site \"A\"; it is already given on line 2",
            "ds/travel_times.csv: line 15: expected 4 fields as in the header, found 2",
        ]
    );
}

#[test]
fn text_that_is_not_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    fixtures::tiny(&dir, &[]);
    let mut bytes = SITES.as_bytes().to_vec();
    let at = SITES.find("Beta").unwrap();
    bytes[at] = 0xff;
    std::fs::write(dir.join("sites.csv"), bytes).unwrap();
    assert_eq!(
        errors_in(&dir),
        [
            "ds/sites.csv: line 3, column 2 (name): expected UTF-8 text; save the file as \"CSV UTF-8\""
        ]
    );
}

#[test]
fn every_problem_is_found_in_one_pass() {
    let sites = edit(SITES, "51.0,0.5,Trust B", "51.0,east,Trust B");
    let zones = edit(ZONES, "51.1,0.0,10,", "51.1,0.0,-1,");
    let travel = edit(TRAVEL, "Z3,B,8,", "Z3,B,,");
    let errs = errors(&[
        ("sites.csv", &sites),
        ("zones.csv", &zones),
        ("travel_times.csv", &travel),
    ]);
    assert_eq!(
        errs,
        [
            "ds/sites.csv: line 3, column 5 (longitude): expected a longitude in degrees, found \"east\"",
            "ds/zones.csv: line 2, column 5 (admissions): expected a number of admissions a year between 0 and 100000, found \"-1\"",
            "ds/travel_times.csv: line 9, column 3 (minutes): expected a number of minutes, found an empty cell",
        ],
        "rows whose id was rejected are not reported again in the travel times"
    );
}

#[test]
fn spreadsheet_habits_are_accepted() {
    // A byte order mark, CRLF line ends, quoted fields and spaces around values.
    let sites = SITES
        .replace("A,Alpha Hospital,", "A  ,\"Alpha Hospital, Main Site \",")
        .replace(
            "ivt;emergency_department",
            "\" ivt ; emergency_department \"",
        )
        .replace('\n', "\r\n");
    let sites = format!("\u{feff}{sites}");
    let zones = format!(
        "\u{feff}{}",
        ZONES.replace(",20,", ",  20  ,").replace('\n', "\r\n")
    );
    let travel = TRAVEL.replace('\n', "\r\n") + "\r\n";
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    fixtures::tiny(
        &dir,
        &[
            ("sites.csv", &sites),
            ("zones.csv", &zones),
            ("travel_times.csv", &travel),
        ],
    );
    let loaded = load_dataset(&dir).unwrap();
    let d = &loaded.dataset;
    assert_eq!(d.sites[0].id, "A");
    assert_eq!(d.sites[0].name, "Alpha Hospital, Main Site");
    assert_eq!(d.sites[0].services.len(), 2);
    assert_eq!(d.zones[1].admissions, 20.0);
}

#[test]
fn lines_are_counted_right_in_crlf_files() {
    let sites = SITES
        .replace("51.0,0.5,Trust B", "91,0.5,Trust B")
        .replace('\n', "\r\n");
    assert_eq!(
        errors(&[("sites.csv", &format!("\u{feff}{sites}"))]),
        [
            "ds/sites.csv: line 3, column 4 (latitude): expected a latitude in degrees between -90 and 90, found \"91\""
        ]
    );
}

#[test]
fn the_wide_layout_gives_the_same_times() {
    let tmp = tempfile::tempdir().unwrap();
    let long = tmp.path().join("long");
    let wide = tmp.path().join("wide");
    fixtures::tiny(&long, &[]);
    fixtures::tiny(&wide, &[("travel_times.csv", TRAVEL_WIDE)]);
    let a = load_dataset(&long).unwrap();
    let b = load_dataset(&wide).unwrap();
    assert_eq!(b.travel_layout, Layout::Wide);
    for z in 0..4 {
        for s in 0..4 {
            assert_eq!(a.dataset.travel.get(z, s), b.dataset.travel.get(z, s));
        }
    }
}

#[test]
fn boundaries_are_checked_with_lines() {
    let geojson = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"zone_id":"Z1"},"geometry":{"type":"Polygon","coordinates":[[[0,51],[0.1,51],[0.1,51.1],[0,51]]]}},
{"type":"Feature","properties":{"zone_id":"Z7"},"geometry":{"type":"Polygon","coordinates":[[[0,51],[0.1,51],[0.1,51.1],[0,51]]]}},
{"type":"Feature","properties":{"zone_id":"Z2"},"geometry":{"type":"Point","coordinates":[0,51]}},
{"type":"Feature","properties":{"zone_id":"Z3"},"geometry":{"type":"Polygon","coordinates":[[[0,51],[0.1,51],[0.1,91],[0,51]]]}}
]}"#;
    assert_eq!(
        errors(&[("zones.geojson", geojson)]),
        [
            "ds/zones.geojson: line 3, column 1 (feature 2): unknown zone \"Z7\"; expected a zone id from zones.csv",
            "ds/zones.geojson: line 4, column 1 (feature 3): zone \"Z2\": expected a Polygon or MultiPolygon geometry",
            "ds/zones.geojson: line 5, column 1 (feature 4): zone \"Z3\": expected [longitude, latitude] positions in degrees, found [0.1, 91]",
        ]
    );
    assert_eq!(
        errors(&[(
            "zones.geojson",
            "{\"type\":\"FeatureCollection\",\n\"features\":[}"
        )]),
        [
            "ds/zones.geojson: line 2, column 13 (json): expected a GeoJSON FeatureCollection: expected value"
        ]
    );
}

#[test]
fn values_beyond_the_domain_are_refused() {
    let zones = edit(ZONES, "51.0,0.4,30,", "51.0,0.4,1e308,");
    let travel = edit(TRAVEL, "Z1,A,10,", "Z1,A,4e39,");
    let travel = edit(&travel, "Z2,A,15,", "Z2,A,1441,");
    assert_eq!(
        errors(&[("zones.csv", &zones), ("travel_times.csv", &travel)]),
        [
            "ds/zones.csv: line 4, column 5 (admissions): expected a number of admissions a year between 0 and 100000, found \"1e308\"",
            "ds/travel_times.csv: line 2, column 3 (minutes): expected a number of minutes between 0 and 1440 (a day), found \"4e39\"",
            "ds/travel_times.csv: line 5, column 3 (minutes): expected a number of minutes between 0 and 1440 (a day), found \"1441\"",
        ]
    );
}

#[test]
fn an_unclosed_quote_is_named_where_it_began() {
    let sites = edit(SITES, "B,Beta Hospital,", "B,\"Beta Hospital,");
    assert_eq!(
        errors(&[("sites.csv", &sites)]),
        [
            "ds/sites.csv: line 3: a quoted field begins on this line and never ends; expected a closing \" (a quote inside a quoted field is written twice: \"\")"
        ]
    );
    // In the header too, with CRLF line ends.
    let sites = SITES
        .replacen("site_id,name", "site_id,\"name", 1)
        .replace('\n', "\r\n");
    assert_eq!(
        errors(&[("sites.csv", &sites)]),
        [
            "ds/sites.csv: line 1: a quoted field begins on this line and never ends; expected a closing \" (a quote inside a quoted field is written twice: \"\")"
        ]
    );
}

#[test]
fn control_characters_are_refused_and_never_echoed_raw() {
    let sites = edit(SITES, "Beta Hospital", "Beta\u{1b}[31m Hospital");
    let travel = edit(TRAVEL, "Z1,A,10,", "Z1,A\u{7},10,");
    let errs = errors(&[("sites.csv", &sites), ("travel_times.csv", &travel)]);
    assert_eq!(
        errs,
        [
            "ds/sites.csv: line 3, column 2 (name): expected text without control characters, found a control character, U+001B, at character 5",
            "ds/travel_times.csv: line 2, column 2 (site_id): expected text without control characters, found a control character, U+0007, at character 2",
        ]
    );
    assert!(errs.iter().all(|e| !e.chars().any(char::is_control)));
    // Bidirectional overrides and isolates, which can make a hospital's
    // name read differently, are refused the same way.
    let sites = edit(SITES, "Beta Hospital", "Beta \u{202e}latipsoH");
    let zones = edit(ZONES, "North 001B", "North\u{2066} 001B");
    let errs = errors(&[("sites.csv", &sites), ("zones.csv", &zones)]);
    assert_eq!(
        errs,
        [
            "ds/sites.csv: line 3, column 2 (name): expected text without control characters, found a character that changes how text reads (bidirectional or invisible formatting), U+202E, at character 6",
            "ds/zones.csv: line 3, column 2 (name): expected text without control characters, found a character that changes how text reads (bidirectional or invisible formatting), U+2066, at character 6",
        ]
    );
    assert!(
        errs.iter()
            .all(|e| !e.chars().any(hasu::error::is_unsafe_char))
    );
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_folders_are_refused_without_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ds");
    fixtures::tiny(&dir, &[]);
    std::fs::remove_file(dir.join("sites.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("sites.csv")).unwrap();
    let fifo = dir.join("zones.csv");
    std::fs::remove_file(&fifo).unwrap();
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    std::fs::create_dir(dir.join("zones.geojson")).unwrap();
    assert_eq!(
        errors_in(&dir),
        [
            "ds/sites.csv: this is a device, not a regular file; expected a file",
            "ds/zones.csv: this is a FIFO (named pipe), not a regular file; expected a file",
        ]
    );
    std::fs::remove_file(dir.join("sites.csv")).unwrap();
    std::fs::remove_file(&fifo).unwrap();
    fixtures::tiny(&dir, &[]);
    assert_eq!(
        errors_in(&dir),
        ["ds/zones.geojson: this is a folder, not a regular file; expected a file"]
    );
}

#[test]
fn a_row_past_a_mebibyte_is_refused_with_its_line() {
    let sites = format!("{}x{}\n", fixtures::SITES, "y".repeat(1_100_000));
    assert_eq!(
        errors(&[("sites.csv", &sites)]),
        [
            "ds/sites.csv: line 6: a row of more than 1 MiB begins on this line; expected the rows of a table, each at most that long"
        ]
    );
}

#[test]
fn a_very_wide_header_and_a_one_line_collection_are_read_in_linear_time() {
    // Quadratic checks took minutes on these; linear ones take milliseconds.
    // 100,000 columns (680 KB, within the 1 MiB a row may take).
    let wide: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let sites = format!("{},c7\n", wide.join(","));
    let errs = errors(&[("sites.csv", &sites)]);
    assert_eq!(
        errs[0],
        "ds/sites.csv: line 1, column 100001 (c7): duplicate column \"c7\"; it is already column 8"
    );
    let feature = r#"{"type":"Feature","properties":{"zone_id":"Zé"},"geometry":{"type":"Polygon","coordinates":[[[0,51],[0.1,51],[0.1,51.1],[0,51]]]}}"#;
    let features = vec![feature; 50_000].join(",");
    let geojson = format!("{{\"type\":\"FeatureCollection\",\"features\":[{features}]}}");
    let errs = errors(&[("zones.geojson", &geojson)]);
    assert_eq!(errs.len(), 50_000);
    assert_eq!(
        errs[1],
        format!(
            "ds/zones.geojson: line 1, column {} (feature 2): unknown zone \"Zé\"; expected a zone id from zones.csv",
            42 + feature.chars().count()
        )
    );
}

/// A table is read through a buffer, never whole: a 64 MB one-line table
/// is refused at its first mebibyte by a process limited to 48 MiB.
#[test]
fn a_huge_table_is_read_without_holding_it() {
    let w = crate::workdir::Workdir::new();
    fixtures::tiny(&w.join("ds"), &[]);
    let mut big = SITES.lines().next().unwrap().to_string() + "\n";
    big.push_str(&"x".repeat(64 << 20));
    w.write("ds/sites.csv", &big);
    drop(big);
    let out = std::process::Command::new("sh")
        .current_dir(w.path())
        .args(["-c", "ulimit -v 49152 && exec \"$HASU\" validate --data ds"])
        .env("HASU", assert_cmd::cargo::cargo_bin("hasu"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("ds/sites.csv: line 2: a row of more than 1 MiB begins on this line"),
        "{text}"
    );
}
