//! `hasu baseline`: the modelled today against observed figures on the tiny
//! dataset, worked out by hand; bad observed tables; today's door-to-needle
//! started from observation.

use crate::appraise::TINY_CRITERIA;
use crate::fixtures;
use crate::workdir::{Run, Workdir};

const HEADER: &str = "site_id,period,admissions,thrombolysed,thrombolysis_rate,door_to_needle_median,thrombectomy_referrals,source\n";

fn dataset(w: &Workdir, observed: &str) {
    fixtures::tiny(
        &w.join("ds"),
        &[("observed.csv", &format!("{HEADER}{observed}"))],
    );
    w.write("c.toml", TINY_CRITERIA);
}

/// Today (A, B) on the tiny dataset: A admits Z1 and Z2 (10 + 20 = 30), B
/// admits Z3 (30); both at the reference size, so both have the reference
/// median door-to-needle, 60 minutes. Default tolerances: 20% of the larger
/// count, 10 minutes.
/// Runs `hasu baseline` on the folder `ds` with the criteria file
/// `criteria` and the flags `extra`.
fn baseline(w: &Workdir, criteria: &str, extra: &[&str]) -> Run {
    let mut args = vec!["baseline", "--data", "ds", "--criteria", criteria];
    args.extend_from_slice(extra);
    w.run(&args)
}

#[test]
fn observed_figures_are_compared_unit_by_unit_within_stated_tolerances() {
    let w = Workdir::new();
    dataset(
        &w,
        "A,2019/20,25,,,55,,audit A\nB,2019/20,40,,,80,,audit B\n",
    );
    let run = baseline(&w, "c.toml", &["--format", "json"]).expect_code(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(v["schema"], "hasu.baseline/1");
    let figures: Vec<(String, String, f64, f64, f64, bool)> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| {
            let site = u["site"].as_str().unwrap().to_string();
            u["figures"].as_array().unwrap().iter().map(move |f| {
                (
                    site.clone(),
                    f["measure"].as_str().unwrap().to_string(),
                    f["modelled"].as_f64().unwrap(),
                    f["difference"].as_f64().unwrap(),
                    f["tolerance"].as_f64().unwrap(),
                    f["within"].as_bool().unwrap(),
                )
            })
        })
        .collect();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let expected = [
        // A: 30 modelled against 25, within 0.2 × 30 = 6.
        ("A", "admissions", 30.0, 5.0, 6.0, true),
        ("A", "door_to_needle_median", 60.0, 5.0, 10.0, true),
        // B: 30 against 40, outside 0.2 × 40 = 8.
        ("B", "admissions", 30.0, -10.0, 8.0, false),
        ("B", "door_to_needle_median", 60.0, -20.0, 10.0, false),
    ];
    assert_eq!(figures.len(), expected.len(), "{figures:?}");
    for (got, want) in figures.iter().zip(expected) {
        assert!(
            got.0 == want.0
                && got.1 == want.1
                && close(got.2, want.2)
                && close(got.3, want.3)
                && close(got.4, want.4)
                && got.5 == want.5,
            "{got:?} against {want:?}"
        );
    }
    assert_eq!(v["disagreements"], 2);
    // The table says the same, and that periods differ (the criteria
    // state none, so the model's period is not 2019/20).
    let table = baseline(&w, "c.toml", &[]).expect_code(1).stdout();
    assert!(
        table.contains("OUTSIDE ±8") && table.contains("within ±6"),
        "{table}"
    );
    assert!(table.contains("Periods differ"), "{table}");
    assert!(
        table.contains("2 of 4 figures outside their tolerance"),
        "{table}"
    );
    // Tolerances from the criteria: 30% lets B's admissions agree.
    w.write(
        "wide.toml",
        format!(
            "{TINY_CRITERIA}\n[baseline]\nadmissions_share = 0.3\nthrombolysis_points = 0.03\ndoor_to_needle_minutes = 25\n"
        ),
    );
    baseline(&w, "wide.toml", &[]).expect_code(0);
}

#[test]
fn an_observed_file_given_on_the_command_line_replaces_the_dataset_s() {
    let w = Workdir::new();
    dataset(
        &w,
        "A,2019/20,25,,,55,,audit A\nB,2019/20,40,,,80,,audit B\n",
    );
    w.write("mine.csv", format!("{HEADER}A,2018/19,30,,,60,,mine\n"));
    let out = baseline(&w, "c.toml", &["--observed", "mine.csv"])
        .expect_code(0)
        .stdout();
    assert!(out.contains("2018/19") && !out.contains("2019/20"), "{out}");
}

#[test]
fn bad_observed_tables_are_refused_with_every_problem_at_its_place() {
    let w = Workdir::new();
    dataset(
        &w,
        "Q,2019/20,25,,,,,audit\n\
         A,2019/20,25,30,,,,audit\n\
         A,2019/20,25,,,,,again\n\
         B,2019/20,40,,12,,,audit\n\
         B,2020/21,40,,,,,\n",
    );
    let err = baseline(&w, "c.toml", &[]).expect_code(2).stderr();
    for (line, column, what) in [
        (2, 1, "unknown site \"Q\""),
        (3, 4, "30 thrombolysed of 25 admissions"),
        (4, 2, "duplicate site and period"),
        (5, 5, "expected a share of admissions between 0 and 1"),
        (6, 8, "expected a source, found an empty cell"),
    ] {
        let at = format!("observed.csv: line {line}, column {column}");
        assert!(
            err.lines().any(|l| l.contains(&at) && l.contains(what)),
            "{at}: {what}\n{err}"
        );
    }
}

/// With `today = "observed"`, a unit open today starts from its observed
/// median and the volume effect applies only to its change: option A alone
/// doubles A's admissions (30 → 60), so its median is 45 − 10 = 35 minutes
/// (the curve alone gives 60 − 10 = 50).
#[test]
fn today_s_door_to_needle_can_start_from_observation() {
    let w = Workdir::new();
    dataset(&w, "A,2019/20,,,,45,,audit A\n");
    w.write(
        "obs.toml",
        TINY_CRITERIA.replace("spread = 0.5", "spread = 0.5\ntoday = \"observed\""),
    );
    let median = |criteria: &str| {
        let out = w
            .run(&[
                "option",
                "A",
                "--data",
                "ds",
                "--criteria",
                criteria,
                "--format",
                "json",
            ])
            .expect_code_any()
            .stdout();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let units = v["option"]["units"].as_array().unwrap().clone();
        let a = units.iter().find(|u| u["site"] == "A").unwrap();
        (
            a["admissions"].as_f64().unwrap(),
            a["median_door_to_needle"].as_f64().unwrap(),
        )
    };
    let (admissions, observed) = median("obs.toml");
    assert!((admissions - 60.0).abs() < 1e-9);
    assert!((observed - 35.0).abs() < 1e-9, "{observed}");
    let (_, curve) = median("c.toml");
    assert!((curve - 50.0).abs() < 1e-9, "{curve}");
    // Today itself keeps the observed median exactly.
    let out = baseline(&w, "obs.toml", &["--format", "json"])
        .expect_code(0)
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["units"][0]["figures"][0]["modelled"].as_f64(), Some(45.0));
}
