//! `hasu validate`.

use crate::fixtures;
use crate::workdir::Workdir;

#[test]
fn the_embedded_data_is_valid_and_summarised() {
    let w = Workdir::new();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/kent-medway");
    let out = w.run(&["validate", "--data", data]).expect_code(0).stdout();
    assert!(out.contains(": valid\n"), "{out}");
    assert!(
        out.contains("zones:            1,065 in the region (2,450 admissions a year)"),
        "{out}"
    );
    assert!(out.contains("across the border"), "{out}");
    assert!(out.contains("sites:            7 candidate, "), "{out}");
    assert!(out.contains("travel times:"), "{out}");
}

#[test]
fn the_default_folder_is_the_embedded_data() {
    // Run from a folder without data/: hasu falls back to the source tree's.
    let w = Workdir::new();
    let out = w.run(&["validate"]).expect_code(0).stdout();
    assert!(out.contains("1,065 in the region"), "{out}");
}

#[test]
fn problems_are_all_printed_and_the_exit_code_is_1() {
    let w = Workdir::new();
    let sites = fixtures::SITES.replace("51.0,0.5,Trust B", "95,0.5,Trust B");
    let zones = fixtures::ZONES.replace("51.0,0.4,30,", "51.0,0.4,-30,");
    fixtures::tiny(
        &w.join("ds"),
        &[("sites.csv", &sites), ("zones.csv", &zones)],
    );
    let out = w.run(&["validate", "--data", "ds"]).expect_code(1).stdout();
    assert!(out.contains("error: ds/sites.csv: line 3, column 4 (latitude): expected a latitude in degrees between -90 and 90, found \"95\""), "{out}");
    assert!(out.contains("error: ds/zones.csv: line 4, column 5 (admissions): expected a number of admissions a year between 0 and 100000, found \"-30\""), "{out}");
    assert!(out.contains("ds: 2 errors, 2 warnings"), "{out}");
}

#[test]
fn sites_without_times_are_named_in_a_warning() {
    let w = Workdir::new();
    let travel: String = fixtures::TRAVEL
        .lines()
        .filter(|l| !l.contains(",B,"))
        .map(|l| format!("{l}\n"))
        .collect();
    fixtures::tiny(&w.join("ds"), &[("travel_times.csv", &travel)]);
    let out = w.run(&["validate", "--data", "ds"]).expect_code(0).stdout();
    assert!(out.contains("warning: ds/sites.csv: line 3, column 1 (site_id): site \"B\" (Beta Hospital) has no travel times; options that open it cannot be evaluated until its times are estimated (hasu network estimate --site B)"), "{out}");
    assert!(out.contains("B (Beta Hospital): no travel times"), "{out}");
}
