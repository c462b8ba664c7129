//! Scenarios applied with `--scenario`, and `hasu compare`.

use crate::appraise::TINY_CRITERIA;
use crate::fixtures;
use crate::workdir::Workdir;

fn tiny(w: &Workdir) {
    fixtures::tiny(&w.join("ds"), &[]);
    w.write("c.toml", TINY_CRITERIA);
}

fn appraise_json(w: &Workdir, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "appraise",
        "--data",
        "ds",
        "--criteria",
        "c.toml",
        "--format",
        "json",
        "--draws",
        "100",
    ];
    args.extend(extra);
    let text = w.run(&args).stdout();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn a_scenario_changes_demand_roles_and_times_in_memory_only() {
    let w = Workdir::new();
    tiny(&w);
    let before = crate::workdir::snapshot(&w.join("ds"));
    // North grows by half; every time +2 minutes; Gamma (out of area)
    // closes; Beta's times come from a table.
    w.write(
        "s.toml",
        "name = \"North grows\"\n\n[[demand]]\ndistrict = \"North\"\nfactor = 1.5\n\n[travel]\nfactor = 1.0\nadd_minutes = 2\n\n[[site]]\nid = \"C\"\nrole = \"closed\"\n\n[[times]]\nsite = \"B\"\nfile = \"b.csv\"\n",
    );
    w.write("b.csv", "zone_id,minutes\nZ1,30\nZ2,25\nZ3,18\nZ4,40\n");
    let base = appraise_json(&w, &[]);
    let v = appraise_json(&w, &["--scenario", "s.toml"]);
    assert_eq!(v["scenarios"][0]["name"], "North grows");
    let option = |doc: &serde_json::Value, id: &str| {
        doc["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()
            .clone()
    };
    // {A}: North's zones Z1 (10 → 15) and Z2 (20 → 30) and Z3 (30) go to
    // A; with C closed, so does Z4 (5, outside the region).
    let a = option(&v, "A");
    assert_eq!(a["metrics"]["region_admissions"], 75.0);
    let units = a["units"].as_array().unwrap();
    let alpha = units.iter().find(|u| u["site"] == "A").unwrap();
    assert_eq!(alpha["admissions"], 80.0);
    assert!(units.iter().all(|u| u["site"] != "C"));
    // Every time is 2 minutes longer: Z3 to B was 8 in the base data, and
    // b.csv makes it 18, then 20.
    let b = option(&v, "B");
    let zones_b = option(&base, "B")["metrics"]["mean_travel"]
        .as_f64()
        .unwrap();
    assert!(b["metrics"]["mean_travel"].as_f64().unwrap() > zones_b);
    assert_eq!(b["metrics"]["max_travel"], 32.0);
    // The dataset's files are untouched.
    assert_eq!(crate::workdir::snapshot(&w.join("ds")), before);
    // No output lands on a scenario or a file it reads.
    let err = w
        .run(&[
            "appraise",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--scenario",
            "s.toml",
            "--out",
            "b.csv",
            "--force",
        ])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("b.csv is b.csv, an input of this run"),
        "{err}"
    );
}

#[test]
fn a_bad_scenario_is_refused_with_its_place() {
    let w = Workdir::new();
    tiny(&w);
    w.write(
        "s.toml",
        "name = \"Bad\"\n\n[[demand]]\ndistrict = \"Nowhere\"\nfactor = -1\n\n[[site]]\nid = \"Q\"\nrole = \"shut\"\n",
    );
    let err = w
        .run(&[
            "appraise",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--scenario",
            "s.toml",
        ])
        .expect_code(2)
        .stderr();
    for expected in [
        "s.toml: line 4, column 12 (district): no zone of the dataset is in district \"Nowhere\"",
        "s.toml: line 5, column 10 (factor): factor is -1; expected a number from 0 to 10",
        "s.toml: line 8, column 6 (id): site \"Q\" is not in the dataset; expected one of A, B, C, D",
        "s.toml: line 9, column 8 (role): expected one of candidate, fixed_open, closed, found \"shut\"",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

fn scenario_errors(w: &Workdir, scenario: &str) -> String {
    w.write("s.toml", scenario);
    w.run(&[
        "appraise",
        "--data",
        "ds",
        "--criteria",
        "c.toml",
        "--scenario",
        "s.toml",
    ])
    .expect_code(2)
    .stderr()
}

#[test]
fn a_times_table_giving_a_zone_twice_is_refused() {
    let w = Workdir::new();
    tiny(&w);
    w.write("b.csv", "zone_id,minutes\nZ1,30\nZ2,25\nZ1,5\n");
    let err = scenario_errors(
        &w,
        "name = \"Twice\"\n\n[[times]]\nsite = \"B\"\nfile = \"b.csv\"\n",
    );
    assert!(
        err.contains("b.csv: line 4, column 1 (zone_id): duplicate zone \"Z1\"; it is already given on line 2"),
        "{err}"
    );
}

#[test]
fn scenario_values_outside_their_domain_are_refused() {
    let w = Workdir::new();
    tiny(&w);
    w.write("b.csv", "zone_id,minutes\nZ1,400\n");
    for (scenario, expected) in [
        (
            "[[demand]]\nfactor = 1e308\n",
            "line 4, column 10 (factor): factor is 1e308; expected a number from 0 to 10 (1.1 for 10% more)",
        ),
        (
            "[travel]\nfactor = 1e30\nadd_minutes = 0\n",
            "line 4, column 10 (factor): factor is 1e30; expected a number above 0 and at most 10",
        ),
        (
            "[travel]\nfactor = 0\nadd_minutes = 0\n",
            "factor is 0; expected a number above 0 and at most 10",
        ),
        (
            "[travel]\nfactor = 4\nadd_minutes = 30\n\n[[times]]\nsite = \"B\"\nfile = \"b.csv\"\n",
            "factor 4 with add_minutes 30 makes the longest journey (400.0 minutes) 1630.0 minutes, more than a day",
        ),
        (
            "[travel]\nfactor = 10\nadd_minutes = 1000\n",
            "add_minutes is 1000; expected minutes between -600 and 600",
        ),
    ] {
        let err = scenario_errors(&w, &format!("name = \"Bad\"\n\n{scenario}"));
        assert!(err.contains(expected), "{scenario}\n{err}");
    }
    // A factor of 0 everywhere leaves the region no admissions: refused,
    // not 0/0 shown as numbers.
    w.write("s.toml", "name = \"Nobody\"\n\n[[demand]]\nfactor = 0\n");
    let err = w
        .run(&[
            "appraise",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--scenario",
            "s.toml",
        ])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains(
            "the region's zones (in_region = yes) have no admissions (0 a year, after any scenario)"
        ),
        "{err}"
    );
}

#[test]
fn compare_names_what_changed() {
    let w = Workdir::new();
    tiny(&w);
    w.write(
        "s.toml",
        "name = \"Slower roads\"\n\n[travel]\nfactor = 1.5\nadd_minutes = 0\n",
    );
    for (file, extra) in [("a.json", vec![]), ("b.json", vec!["--scenario", "s.toml"])] {
        let mut args = vec![
            "appraise",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--format",
            "json",
            "--draws",
            "100",
            "--out",
            file,
        ];
        args.extend(extra);
        w.run(&args).expect_code_any();
    }
    let out = w
        .run(&["compare", "a.json", "b.json"])
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("B: b.json (ds; scenario: Slower roads)"),
        "{out}"
    );
    assert!(
        out.contains("Today: mean travel 10.7 → 16.0 minutes"),
        "{out}"
    );
    let json = w
        .run(&["compare", "a.json", "b.json", "--format", "json"])
        .expect_code(0)
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], "hasu.comparison/1");
    assert_eq!(v["b"]["scenarios"][0], "Slower roads");
    let err = w
        .run(&["compare", "a.json", "c.toml"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("c.toml: expected an appraisal written by hasu appraise --format json"),
        "{err}"
    );
}

/// On the embedded data with beds, staff and capital weighted, `compare`
/// reads what `appraise` wrote (every share within 0–1, though sums may
/// round a hair past it) and shows stroke beds, staff and capital.
#[test]
fn compare_shows_beds_staff_and_capital_when_the_appraisals_have_them() {
    let w = Workdir::new();
    let criteria = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/criteria/kent-medway-resources.toml"
    );
    let scenario = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/kent-medway-slower-roads.toml"
    );
    for (file, extra) in [("a.json", vec![]), ("b.json", vec!["--scenario", scenario])] {
        let mut args = vec![
            "appraise",
            "--criteria",
            criteria,
            "--format",
            "json",
            "--draws",
            "100",
            "--input-draws",
            "0",
            "--out",
            file,
        ];
        args.extend(extra);
        w.run(&args).expect_code(0);
        let v: serde_json::Value = serde_json::from_str(&w.read(file)).unwrap();
        for o in v["options"].as_array().unwrap() {
            let share = o["metrics"]["within_45"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&share), "{share}");
        }
    }
    let out = w
        .run(&["compare", "a.json", "b.json"])
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("Today: stroke beds in the region 199 → "),
        "{out}"
    );
    assert!(out.contains("capital £m"), "{out}");
}

/// `compare` on an appraisal that lists only some options compares only
/// what both list, and refuses documents hasu would never write.
#[test]
fn compare_refuses_what_hasu_never_writes_and_says_what_it_could_not_compare() {
    let w = Workdir::new();
    tiny(&w);
    let write = |file: &str, extra: &[&str]| {
        let mut args = vec![
            "appraise",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--format",
            "json",
            "--draws",
            "100",
            "--out",
            file,
        ];
        args.extend(extra);
        w.run(&args).expect_code_any();
    };
    write("full.json", &[]);
    write("short.json", &["--passing", "--show", "1"]);
    let out = w
        .run(&["compare", "short.json", "full.json"])
        .expect_code(0)
        .stdout();
    assert!(
        out.contains(
            "A: short.json (ds; no scenario): 3 options (it lists 1 of them), 1 pass every hurdle"
        ) && out.contains(
            "Only options listed in both are compared: 2 listed in one only were not compared"
        ) && out.contains("No option compared changes rank or passes differently."),
        "{out}"
    );
    let full: serde_json::Value = serde_json::from_str(&w.read("full.json")).unwrap();
    let doctored = |name: &str, change: &dyn Fn(&mut serde_json::Value)| {
        let mut v = full.clone();
        change(&mut v);
        w.write(name, serde_json::to_string(&v).unwrap());
        w.run(&["compare", "full.json", name])
            .expect_code(2)
            .stderr()
    };
    let err = doctored("twice.json", &|v| {
        let first = v["options"][0].clone();
        v["options"].as_array_mut().unwrap().push(first);
        v["considered"] = 4.into();
    });
    assert!(
        err.contains("it lists option A twice") || err.contains("twice"),
        "{err}"
    );
    let err = doctored("score.json", &|v| v["options"][0]["score"] = 1e308.into());
    assert!(err.contains("has score 1e308, outside 0 to 100"), "{err}");
    let err = doctored("long.json", &|v| v["data"] = "x".repeat(100_000).into());
    assert!(
        err.contains("its data field is 100000 characters long, more than 4096")
            && err.len() < 1000,
        "{err}"
    );
    // Escape sequences and bidi controls from the documents never reach the
    // terminal raw.
    let mut v = full.clone();
    v["data"] = "ds\u{1b}[31m\u{202e}evil".into();
    w.write("escaped.json", serde_json::to_string(&v).unwrap());
    let out = w
        .run(&["compare", "full.json", "escaped.json"])
        .expect_code(0)
        .stdout();
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.contains("\\u{1b}[31m\\u{202e}evil"), "{out}");
}

/// The same appraisal through another path to the same inputs writes the
/// same bytes: outputs name inputs by their own names.
#[test]
fn outputs_name_inputs_the_same_whatever_path_led_to_them() {
    let w = Workdir::new();
    tiny(&w);
    let abs_data = w.join("ds").display().to_string();
    let abs_criteria = w.join("c.toml").display().to_string();
    let runs: Vec<String> = [
        ("ds", "c.toml"),
        ("./ds/", "./c.toml"),
        (abs_data.as_str(), abs_criteria.as_str()),
    ]
    .iter()
    .map(|(data, criteria)| {
        w.run(&[
            "appraise",
            "--data",
            data,
            "--criteria",
            criteria,
            "--format",
            "json",
            "--draws",
            "100",
        ])
        .expect_code_any()
        .stdout()
    })
    .collect();
    assert!(runs[0].contains("\"data\": \"ds\""), "{}", &runs[0][..300]);
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
}
