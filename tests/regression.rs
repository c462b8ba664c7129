//! One test per defect a review found, named after its issue, so that each
//! stays fixed.

use crate::appraise::TINY_CRITERIA;
use crate::fixtures;
use crate::workdir::Workdir;

fn tiny(w: &Workdir) {
    fixtures::tiny(&w.join("ds"), &[]);
    w.write("c.toml", TINY_CRITERIA);
}

fn appraise_err(w: &Workdir, criteria: &str) -> String {
    w.write("bad.toml", criteria);
    w.run(&["appraise", "--data", "ds", "--criteria", "bad.toml"])
        .expect_code(2)
        .stderr()
}

#[test]
fn issue_22_a_stray_quote_is_named_as_the_cause_of_a_ragged_row() {
    let w = Workdir::new();
    let sites = fixtures::SITES.replace("B,Beta Hospital", "B,\"Beta Hospital");
    let sites = sites.replace(",out of area", ",\"out of area");
    fixtures::tiny(&w.join("ds"), &[("sites.csv", &sites)]);
    let out = w.run(&["validate", "--data", "ds"]).expect_code(1).stdout();
    assert!(
        out.contains("ds/sites.csv: line 3: expected 10 fields as in the header, found ")
            && out.contains("because a quote (\") begins it: check the quotes"),
        "{out}"
    );
    // The misaligned cells are not reported one by one.
    assert!(!out.contains("column 4 (latitude)"), "{out}");
}

#[test]
fn issue_22_a_bad_zone_row_is_not_reported_again_as_an_unknown_boundary() {
    let w = Workdir::new();
    let zones = fixtures::ZONES.replace("Z2,North 001B,51.1,0.1,20", "Z2,North 001B,51.1,0.1,-20");
    let square = |id: &str| {
        format!(
            r#"{{"type":"Feature","properties":{{"zone_id":"{id}"}},"geometry":{{"type":"Polygon","coordinates":[[[0,51],[0.1,51],[0.1,51.1],[0,51]]]}}}}"#
        )
    };
    let geojson = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{},{}]}}",
        square("Z1"),
        square("Z2")
    );
    fixtures::tiny(
        &w.join("ds"),
        &[("zones.csv", &zones), ("zones.geojson", &geojson)],
    );
    let out = w.run(&["validate", "--data", "ds"]).expect_code(1).stdout();
    assert!(out.contains("column 5 (admissions)"), "{out}");
    assert!(!out.contains("unknown zone"), "{out}");
}

#[test]
fn issue_22_criteria_lists_and_weight_ranges_are_checked_at_their_place() {
    let w = Workdir::new();
    tiny(&w);
    let err = appraise_err(
        &w,
        &TINY_CRITERIA.replace("units = [\"A\", \"B\"]", "units = [\"A\", \"B\", \"A\"]"),
    );
    assert!(
        err.contains("bad.toml: line 12, column 20 (units): site \"A\" is listed twice"),
        "{err}"
    );
    let with_range = |range: &str| {
        TINY_CRITERIA.replace(
            "metric = \"mean_travel\"\nweight = 1.0",
            &format!("metric = \"mean_travel\"\nweight = 1.0\nweight_range = {range}"),
        )
    };
    assert!(with_range("[1.0, 1.0]") != TINY_CRITERIA);
    let err = appraise_err(&w, &with_range("[1.0, 1.0]"));
    assert!(
        err.contains("(weight_range): weight_range is [1, 1], with no width"),
        "{err}"
    );
    let err = appraise_err(&w, &with_range("[0.0, 1.0, \"x\"]"));
    assert!(
        err.contains("bad.toml: line") && err.contains("invalid type: string \"x\", expected f64"),
        "{err}"
    );
    let err = appraise_err(&w, &with_range("[0.5]"));
    assert!(
        err.contains("weight_range has 1 numbers; expected two, [low, high]"),
        "{err}"
    );
}

#[test]
fn issue_22_closing_one_of_today_s_units_says_what_to_do() {
    let w = Workdir::new();
    tiny(&w);
    w.run(&[
        "site", "set", "--id", "B", "--role", "closed", "--data", "ds",
    ])
    .expect_code(0);
    let err = w
        .run(&["appraise", "--data", "ds", "--criteria", "c.toml"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("site \"B\" is closed in sites.csv, but [today] units names it")
            && err.contains("--exclude B"),
        "{err}"
    );
}

#[test]
fn issue_22_empty_options_and_titles_with_line_breaks_are_refused() {
    let w = Workdir::new();
    tiny(&w);
    let err = w
        .run(&[
            "area",
            "North",
            "--option",
            "",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
        ])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("--option: expected the HASU site ids of the option"),
        "{err}"
    );
    let err = w
        .run(&[
            "criteria", "init", "--data", "ds", "--out", "new.toml", "--name", "a\nb",
        ])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("--name: expected a one-line title without control characters"),
        "{err}"
    );
    assert!(!w.join("new.toml").exists());
}

#[test]
fn issue_22_outputs_read_as_people_write() {
    let w = Workdir::new();
    tiny(&w);
    let out = w
        .run(&["option", "A", "--data", "ds", "--criteria", "c.toml"])
        .expect_code_any()
        .stdout();
    assert!(out.starts_with("Option A (1 HASU)"), "{out}");
    let out = w
        .run(&["appraise", "--data", "ds", "--criteria", "c.toml"])
        .expect_code_any()
        .stdout();
    assert!(
        out.contains("Sites: A Alpha Hospital, B Beta Hospital."),
        "{out}"
    );
    let out = w
        .run(&[
            "optimise",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--p",
            "1..2",
        ])
        .expect_code_any()
        .stdout();
    assert!(!out.contains("e0"), "{out}");
    let out = w
        .run(&["network", "check", "--iterations", "2"])
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("Columns: each site's published times are hidden"),
        "{out}"
    );
}

#[test]
fn issue_22_a_long_list_of_an_import_note_is_shortened_on_the_terminal() {
    let w = Workdir::new();
    crate::cli_import::write_package(&w);
    w.write("iod.csv", "LSOA Code (2011),Income Domain Score\n");
    let out = crate::cli_import::import_with(&w, "pkg", "ds", &["--deprivation", "iod.csv"])
        .expect_code(0)
        .stdout();
    let note = out
        .lines()
        .find(|l| l.contains("zones without an income-deprivation score"))
        .unwrap();
    let listed = note.split(": ").nth(2).unwrap_or("");
    assert!(listed.split(", ").count() <= 21, "{note}");
    let source = w.read("ds/SOURCE.md");
    assert!(source.contains("zones without an income-deprivation score"));
}

#[test]
fn issue_23_metrics_and_robustness_read_as_documented() {
    let w = Workdir::new();
    let json: serde_json::Value = serde_json::from_str(
        &w.run(&["appraise", "--format", "json", "--draws", "200"])
            .expect_code(0)
            .stdout(),
    )
    .unwrap();
    let metrics: Vec<&str> = json["criteria"]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["metric"].as_str().unwrap())
        .collect();
    assert!(metrics.contains(&"within_30"), "{metrics:?}");
    let top3 = &json["robustness"]["top3_tipping_points"][0];
    assert_eq!(top3["enters"], top3["new_first"]);
    assert_eq!(top3["leaves"], top3["loses"]);
    assert!(
        json["robustness"]["tipping_points"][0]
            .get("enters")
            .is_none()
    );
    // No weight draws: nothing to say, never "ranks 16–0".
    let out = w
        .run(&["appraise", "--draws", "0", "--input-draws", "0"])
        .expect_code(0)
        .stdout();
    assert!(!out.contains("16–0") && !out.contains("   0.0%"), "{out}");
    assert!(
        out.contains("inputs not drawn (0 input draws asked for)"),
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &w.run(&["appraise", "--format", "json", "--draws", "0"])
            .expect_code(0)
            .stdout(),
    )
    .unwrap();
    let first = &json["robustness"]["options"][0];
    assert!(
        first["p_first"].is_null() && first["rank_min"].is_null(),
        "{first}"
    );
}

/// An option failing one hurdle by a hair and another by a mile is not a
/// near miss on the first.
#[test]
fn issue_23_a_near_miss_needs_every_other_hurdle_passable() {
    let w = Workdir::new();
    fixtures::tiny(&w.join("ds"), &[]);
    // Option A takes all 60 region admissions: 2 over a 58 maximum (Poisson
    // noise over 3 years often brings it under), while only half of them
    // are within the access hurdle's 20 minutes (90% needed).
    let criteria = format!(
        "{}\n[robustness]\nseed = 1\nweight_draws = 100\ninput_draws = 400\nconcentration = 20\nnear_miss_probability = 0.05\n\n[uncertainty.travel]\nestimated_bias_minutes = 0\nestimated_site_sd_minutes = 0\nestimated_zone_sd_minutes = 0\npublished_site_sd_minutes = 0\npublished_zone_sd_minutes = 0\n\n[uncertainty.pathway]\nresponse_sd_minutes = 0\non_scene_sd_minutes = 0\nreference_door_to_needle_sd_minutes = 0\nminutes_per_doubling_sd = 0\nspread_sd = 0\n\n[uncertainty.admissions]\nyears = 3\ngrowth = 0.0\n",
        TINY_CRITERIA.replace("max_admissions = 40", "max_admissions = 58")
    );
    w.write("c.toml", criteria);
    let json: serde_json::Value = serde_json::from_str(
        &w.run(&[
            "appraise",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--format",
            "json",
        ])
        .expect_code_any()
        .stdout(),
    )
    .unwrap();
    let a = json["robustness"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "A")
        .unwrap();
    let volume_passes = a["p_pass_hurdles"]["volume"].as_f64().unwrap();
    assert!(volume_passes >= 0.05, "{a}");
    assert_eq!(a["p_pass_hurdles"]["access"].as_f64(), Some(0.0), "{a}");
    assert_eq!(a["near_miss"], serde_json::json!([]), "{a}");
}

/// Issue 23: a hurdle that cannot bind is named. Under the embedded
/// criteria the thrombolysis hurdle comes to 243 admissions a year, below
/// the volume minimum of 500; with a minimum of 100 it binds and nothing is
/// said.
#[test]
fn issue_23_a_hurdle_that_cannot_bind_is_named() {
    let w = Workdir::new();
    let said = "The thrombolysis hurdle cannot bind: under the modelled door-to-needle curve it asks for 243 admissions a year, no more than the volume hurdle's minimum of 500";
    let appraise = w
        .run(&["appraise", "--draws", "0", "--input-draws", "0"])
        .expect_code(0)
        .stdout();
    assert!(appraise.contains(said), "{appraise}");
    let option = w.run(&["option", "KT,MD"]).expect_code(0).stdout();
    assert!(option.contains(said), "{option}");
    let json: serde_json::Value = serde_json::from_str(
        &w.run(&["option", "KT,MD", "--format", "json"])
            .expect_code(0)
            .stdout(),
    )
    .unwrap();
    let reach = &json["criteria"]["pathway"]["thrombolysis_hurdle_reach"];
    assert_eq!(reach["state"], "implied_by_volume", "{reach}");
    assert_eq!(reach["min_admissions"], 500.0, "{reach}");
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/kent-medway.toml"),
    )
    .unwrap()
    .replace("min_admissions = 500", "min_admissions = 100");
    w.write("c.toml", text);
    let appraise = w
        .run(&[
            "appraise",
            "--criteria",
            "c.toml",
            "--draws",
            "0",
            "--input-draws",
            "0",
        ])
        .expect_code(0)
        .stdout();
    assert!(!appraise.contains("cannot bind"), "{appraise}");
    let json: serde_json::Value = serde_json::from_str(
        &w.run(&[
            "option",
            "KT,MD",
            "--criteria",
            "c.toml",
            "--format",
            "json",
        ])
        .expect_code(0)
        .stdout(),
    )
    .unwrap();
    assert_eq!(
        json["criteria"]["pathway"]["thrombolysis_hurdle_reach"]["state"],
        "binds"
    );
}

/// Issue 23: a published time far from its neighbours' and a pair of
/// sites far apart by direction are warned of by validate, with the zone,
/// the site and the neighbours' times; the dataset stays valid.
#[test]
fn issue_23_implausible_times_are_warned_of() {
    let w = Workdir::new();
    // Seven zones in a row; Z4's time to A is 40 among neighbours' 10–12.
    let mut zones =
        String::from("zone_id,name,latitude,longitude,admissions,district,icb,sub_icb,in_region\n");
    let mut travel = String::from("zone_id,site_id,minutes,source\n");
    for (k, a) in [10, 11, 12, 40, 12, 11, 10].into_iter().enumerate() {
        let z = k + 1;
        zones.push_str(&format!(
            "Z{z},Row 00{z}A,51.0,{:.2},10,Row,ICB,SUB,yes\n",
            0.01 * k as f64
        ));
        travel.push_str(&format!(
            "Z{z},A,{a},matrix\nZ{z},B,20,matrix\nZ{z},C,30,matrix\n"
        ));
    }
    crate::fixtures::tiny(
        &w.join("ds"),
        &[
            ("zones.csv", &zones),
            ("travel_times.csv", &travel),
            (
                "site_times.csv",
                "from_site_id,to_site_id,minutes,source\nA,B,20,matrix\nB,A,60,matrix\nA,C,30,matrix\nC,A,33,matrix\n",
            ),
        ],
    );
    let out = w.run(&["validate", "--data", "ds"]).expect_code(0).stdout();
    let odd: Vec<&str> = out.lines().filter(|l| l.contains("median")).collect();
    assert_eq!(odd.len(), 1, "{out}");
    assert!(
        odd[0].starts_with("warning: ds/travel_times.csv: zone Z4 (Row 004A) → site A: 40.0 minutes, but its nearest zones' times to A have a median of 11.0 (Z3 12.0, Z5 12.0, Z6 11.0, Z2 11.0, Z1 10.0, Z7 10.0)"),
        "{out}"
    );
    assert!(
        out.contains("warning: ds/site_times.csv: A → B is 20.0 minutes but B → A is 60.0"),
        "{out}"
    );
    assert!(!out.contains("A → C"), "{out}");
}

/// Issue 23: the organised-care effect against a hand computation. Alpha
/// gives HASU care today; under option B every region admission (60 a
/// year) is at Beta, today 30 are at Alpha: 60 × 1.1% = 0.66 deaths
/// avoided a year against 30 × 1.1% = 0.33, 60 × 1.4 = 84 bed-days.
#[test]
fn issue_23_the_organised_care_effect_is_its_own_figure() {
    let w = Workdir::new();
    tiny(&w);
    w.write(
        "c.toml",
        format!(
            "{TINY_CRITERIA}\n[organised_care]\nmortality_reduction = 0.011\nmortality_reduction_low = 0.001\nmortality_reduction_high = 0.021\nlength_of_stay_reduction_days = 1.4\ntoday_hasus = [\"A\"]\nout_of_area_hasus = false\nsource = \"Morris et al., BMJ 2014\"\n"
        ),
    );
    let json: serde_json::Value = serde_json::from_str(
        &w.run(&[
            "option",
            "B",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--format",
            "json",
        ])
        .expect_code_any()
        .stdout(),
    )
    .unwrap();
    let c = &json["option"]["organised_care"];
    let close = |v: &serde_json::Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-9;
    assert!(close(&c["option"]["admissions_in_hasu_care"], 60.0), "{c}");
    assert!(close(&c["option"]["deaths_avoided"], 0.66), "{c}");
    assert!(
        close(&c["option"]["deaths_avoided_interval"][0], 0.06),
        "{c}"
    );
    assert!(
        close(&c["option"]["deaths_avoided_interval"][1], 1.26),
        "{c}"
    );
    assert!(close(&c["option"]["bed_days_saved"], 84.0), "{c}");
    assert!(close(&c["today"]["deaths_avoided"], 0.33), "{c}");
    let text = w
        .run(&["option", "B", "--data", "ds", "--criteria", "c.toml"])
        .expect_code_any()
        .stdout();
    assert!(
        text.contains("  deaths avoided                             0.7  (0.3)  +0.4"),
        "{text}"
    );
    // A low end above the estimate is refused at its line.
    w.write(
        "bad.toml",
        std::fs::read_to_string(w.join("c.toml")).unwrap().replace(
            "mortality_reduction_low = 0.001",
            "mortality_reduction_low = 0.02",
        ),
    );
    let err = w
        .run(&["option", "B", "--data", "ds", "--criteria", "bad.toml"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("mortality_reduction (0.011) is below mortality_reduction_low"),
        "{err}"
    );
}
