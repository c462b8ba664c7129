//! `hasu appraise` and `hasu option` on the embedded data.

use crate::workdir::Workdir;

#[test]
fn the_default_run_ranks_the_whole_long_list_the_same_every_time() {
    let w = Workdir::new();
    let first = w.run(&["appraise"]).expect_code(0).stdout();
    assert!(
        first.contains("127 options considered (1 to 7 HASUs);"),
        "{first}"
    );
    assert!(first.contains("\n   1  "), "{first}");
    assert!(first.contains("today  DA,MD,MW,QM,TU,WH"), "{first}");
    assert!(
        first.contains("Darent Valley Hospital would admit"),
        "{first}"
    );
    let second = w.run(&["appraise"]).expect_code(0).stdout();
    assert_eq!(first, second);
}

#[test]
fn json_follows_the_documented_schema() {
    let w = Workdir::new();
    let text = w
        .run(&["appraise", "--format", "json"])
        .expect_code(0)
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema"], "hasu.appraisal/1");
    assert_eq!(v["considered"], 127);
    let options = v["options"].as_array().unwrap();
    assert_eq!(options.len(), 127);
    assert_eq!(options[0]["rank"], 1);
    assert_eq!(options[0]["passes"], true);
    let score = options[0]["score"].as_f64().unwrap();
    let points: f64 = options[0]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["points"].as_f64().unwrap())
        .sum();
    assert!((score - points).abs() < 1e-9);
    for key in [
        "id",
        "sites",
        "hurdles",
        "metrics",
        "units",
        "districts",
        "versus_today",
    ] {
        assert!(options[0].get(key).is_some(), "missing {key}");
    }
    assert!(options[0]["tied_admissions"].as_f64().is_some());
    let failing = options.iter().find(|o| o["passes"] == false).unwrap();
    assert!(failing["rank"].is_null() && failing["score"].is_null());
    // How sure the ranking is.
    let r = &v["robustness"];
    assert_eq!(r["seed"], 2026);
    assert_eq!(r["weight_draws"], 10000);
    assert_eq!(r["input_draws"], 1000);
    let studied = r["options"].as_array().unwrap();
    assert_eq!(studied.len(), 127);
    assert_eq!(studied[0]["id"], options[0]["id"]);
    for key in [
        "p_first",
        "p_top3",
        "rank_min",
        "rank_max",
        "p_pass",
        "near_miss",
    ] {
        assert!(studied[0].get(key).is_some(), "missing {key}");
    }
    let p_first: f64 = studied.iter().map(|o| o["p_first"].as_f64().unwrap()).sum();
    assert!((p_first - 1.0).abs() < 1e-9);
    let tipping = r["tipping_points"].as_array().unwrap();
    assert!(!tipping.is_empty());
    for key in ["criterion", "weight", "threshold", "new_first"] {
        assert!(tipping[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(
        v["criteria"]["pathway"]["thrombolysis_hurdle_equivalent"]["kind"],
        "at_least"
    );
    assert_eq!(
        v["criteria"]["today"],
        serde_json::json!(["DA", "MD", "MW", "QM", "TU", "WH"])
    );
    assert_eq!(
        w.run(&["appraise", "--format", "json"])
            .expect_code(0)
            .stdout(),
        text
    );
}

#[test]
fn csv_has_a_row_per_option_and_is_written_atomically() {
    let w = Workdir::new();
    let out = w
        .run(&["appraise", "--format", "csv", "--out", "options.csv"])
        .expect_code(0)
        .stdout();
    assert_eq!(out, "wrote options.csv\n");
    let csv = w.read("options.csv");
    assert!(
        csv.starts_with("rank,option,hasus,passes,score,failed_hurdles,mean_travel,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 128);
    assert_eq!(std::fs::read_dir(w.path()).unwrap().count(), 1);
}

#[test]
fn options_can_be_narrowed_and_too_many_are_refused() {
    let w = Workdir::new();
    let out = w
        .run(&[
            "appraise",
            "--hasus",
            "3",
            "--require",
            "WH",
            "--exclude",
            "TU",
        ])
        .stdout();
    assert!(out.contains("10 options considered (3 HASUs)"), "{out}");
    let err = w
        .run(&["appraise", "--hasus", "4..2"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("expected a number of HASUs such as 3, or a range such as 2..4"),
        "{err}"
    );
    let err = w
        .run(&["appraise", "--require", "KC"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("--require: site \"KC\" is fixed_open, not a candidate"),
        "{err}"
    );

    let criteria = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/criteria/kent-medway.toml"
    ))
    .unwrap()
    .replace("max_combinations = 1000000", "max_combinations = 50");
    w.write("small.toml", criteria);
    let err = w
        .run(&["appraise", "--criteria", "small.toml"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains(
            "the rules allow 127 combinations, more than the limit of 50; narrow them with --hasus"
        ),
        "{err}"
    );
}

#[test]
fn one_option_is_explained_in_full() {
    let w = Workdir::new();
    // Darent Valley, Maidstone and William Harvey: the three sites the
    // review chose; on this data Thanet's journeys fail the access hurdle.
    let out = w.run(&["option", "DA,MD,WH"]).expect_code(1).stdout();
    assert!(out.contains("Option DA,MD,WH (3 HASUs)"), "{out}");
    assert!(out.contains("  access        FAIL"), "{out}");
    assert!(out.contains("  Thanet "), "{out}");
    assert!(out.contains("Compared with today:"), "{out}");
    let json = w
        .run(&["option", "WH,MD,DA", "--format", "json"])
        .expect_code(1)
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["option"]["id"], "DA,MD,WH");
    assert_eq!(v["today"]["id"], "DA,MD,MW,QM,TU,WH");
    let err = w.run(&["option", "DA,QQ"]).expect_code(2).stderr();
    assert!(
        err.contains("option: no site \"QQ\" in this dataset"),
        "{err}"
    );
}

#[test]
fn the_listing_can_be_shortened() {
    let w = Workdir::new();
    let out = w
        .run(&[
            "appraise",
            "--show",
            "2",
            "--passing",
            "--draws",
            "200",
            "--input-draws",
            "0",
        ])
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("   1  KT,MD") && out.contains("   2  MD,QM,WH"),
        "{out}"
    );
    assert!(!out.contains("   3  "), "{out}");
    assert!(out.contains("… 13 more passing options"), "{out}");
    assert!(out.contains("112 failing options not shown"), "{out}");
    let csv = w
        .run(&[
            "appraise",
            "--passing",
            "--format",
            "csv",
            "--draws",
            "200",
            "--input-draws",
            "0",
        ])
        .expect_code(0)
        .stdout();
    assert_eq!(csv.lines().count(), 1 + 15, "{csv}");
}

#[test]
fn what_changes_for_an_area() {
    let w = Workdir::new();
    let out = w
        .run(&["area", "Thanet", "--option", "DA,MD,WH"])
        .expect_code(0)
        .stdout();
    assert!(
        out.starts_with("Thanet (district, 84 zones): 255 admissions a year"),
        "{out}"
    );
    assert!(
        out.contains("today DA,MD,MW,QM,TU,WH") && out.contains("mean  11.8 min"),
        "{out}"
    );
    // Under DA,MD,WH most of Thanet's patients go to William Harvey, and
    // the mean journey rises from 11.8 to 53.5 minutes (the question taken
    // to court).
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("DA,MD,WH"))
        .unwrap();
    assert!(
        line.contains("mean  53.5 min (+41.7)") && line.contains("units: WH 248, MD 7"),
        "{line}"
    );
    let zone = w.run(&["area", "e01024657"]).expect_code(0).stdout();
    assert!(zone.starts_with("Thanet 001A (E01024657)"), "{zone}");
    let err = w.run(&["area", "Thane"]).expect_code(2).stderr();
    assert!(err.contains("districts containing it: Thanet"), "{err}");
    // The current name of a district renamed since 2011 finds its zones,
    // as the old name does.
    for name in ["Folkestone and Hythe", "shepway"] {
        let out = w.run(&["area", name]).expect_code(0).stdout();
        assert!(
            out.starts_with("Shepway (now Folkestone and Hythe) (district, 67 zones)"),
            "{out}"
        );
    }
    // A town finds the neighbourhoods the House of Commons Library names
    // after it, and their zones (Thanet 003A–E for Margate Town).
    let town = w.run(&["area", "margate"]).expect_code(0).stdout();
    assert!(
        town.starts_with("neighbourhoods named margate: Margate Town (Thanet 003, 5 zones)"),
        "{town}"
    );
    assert!(town.contains("E01024676    Thanet 003A"), "{town}");
    // An empty query matches nothing.
    w.run(&["area", " "]).expect_code(2);
    // No match: what it accepts, every district of the region among them.
    let err = w.run(&["area", "Xyzzy"]).expect_code(2).stderr();
    for said in [
        "expected a district (Ashford, Canterbury,",
        "Shepway (now Folkestone and Hythe)",
        "a town or neighbourhood as the House of Commons Library names them",
        "a zone name such as",
        "(postcodes are not looked up)",
    ] {
        assert!(err.contains(said), "{said:?} not in {err}");
    }
}

#[test]
fn export_all_writes_an_index() {
    let w = Workdir::new();
    w.run(&["export", "--all", "--out", "packs"]).expect_code(0);
    let index = w.read("packs/index.csv");
    let lines: Vec<&str> = index.lines().collect();
    assert_eq!(
        lines[0],
        "rank,option,sites,hospitals,score,p_first_weights,p_top3_weights,rank_min,rank_max,p_first_inputs,folder"
    );
    assert!(
        lines[1]
            .starts_with("1,\"KT,MD\",KT MD,Kent and Canterbury Hospital; Maidstone Hospital,45."),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(",01-KT-MD"), "{}", lines[1]);
    assert_eq!(lines.len(), 16);
    let geo: serde_json::Value =
        serde_json::from_str(&w.read("packs/01-KT-MD/catchments.geojson")).unwrap();
    assert!(geo["features"][0]["properties"]["in_region"].is_boolean());
}

/// A reader that goes away (`hasu appraise --format csv | head`) ends the
/// run as done, in every format, without an error.
#[test]
fn a_closed_output_pipe_counts_as_done() {
    use std::process::{Command, Stdio};

    use assert_cmd::cargo::CommandCargoExt;

    let w = Workdir::new();
    for format in ["table", "csv", "json"] {
        let mut child = Command::cargo_bin("hasu")
            .unwrap()
            .current_dir(w.path())
            .args(["appraise", "--input-draws", "0", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before hasu writes a byte.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

/// The Kent and Medway data and criteria travel with the program: from an
/// empty folder, the default appraisal is the same as on the source tree's
/// files, edits without --data are refused, and `import kent-medway`
/// writes a copy byte for byte the source tree's.
#[test]
fn the_default_data_travels_with_the_binary() {
    let w = Workdir::new();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = repo.join("data/kent-medway").display().to_string();
    let criteria = repo.join("criteria/kent-medway.toml").display().to_string();
    let args = [
        "appraise",
        "--format",
        "json",
        "--draws",
        "200",
        "--input-draws",
        "20",
    ];
    let embedded = w.run(&args).expect_code(0).stdout();
    let mut on_disk = args.to_vec();
    on_disk.extend(["--data", &data, "--criteria", &criteria]);
    assert_eq!(embedded, w.run(&on_disk).expect_code(0).stdout());
    assert!(embedded.contains("\"data\": \"kent-medway\""));
    for edit in [
        &["site", "remove", "--id", "WH"][..],
        &["network", "estimate", "--site", "MW"][..],
    ] {
        let err = w.run(edit).expect_code(2).stderr();
        assert!(
            err.contains("edits change a dataset folder you name with --data")
                && err.contains("hasu import kent-medway --out my-copy"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_dir(w.path()).unwrap().count(),
        0,
        "nothing written"
    );
    w.run(&["import", "kent-medway", "--out", "copy"])
        .expect_code(0);
    for (name, bytes) in hasu::embedded::FILES {
        assert_eq!(std::fs::read(w.join("copy").join(name)).unwrap(), bytes);
        assert_eq!(
            std::fs::read(repo.join("data/kent-medway").join(name)).unwrap(),
            bytes
        );
    }
    assert_eq!(
        std::fs::read_to_string(repo.join("criteria/kent-medway.toml")).unwrap(),
        hasu::embedded::CRITERIA
    );
    w.run(&[
        "site", "set", "--id", "WH", "--beds", "30", "--data", "copy",
    ])
    .expect_code(0);
}

/// Figures resting on estimated travel times (Medway Maritime, Tunbridge
/// Wells) are marked in `option`, `area` and the evidence pack, with how
/// far they move within the estimates' measured error; figures that rest
/// on none are not.
#[test]
fn figures_resting_on_estimated_times_are_marked() {
    let w = Workdir::new();
    let option = w.run(&["option", "MD,MW,QM,WH"]).expect_code(0).stdout();
    assert!(
        option.contains("* These figures rest on estimated travel times (to MW; modelled). With each estimated site's times 4.3 minutes shorter or 3.0 minutes longer"),
        "{option}"
    );
    assert!(option.contains("the option passes in 3 of 4"), "{option}");
    let json: serde_json::Value = serde_json::from_str(
        &w.run(&["option", "MD,MW,QM,WH", "--format", "json"])
            .expect_code(0)
            .stdout(),
    )
    .unwrap();
    assert_eq!(json["estimated_units"]["option"], serde_json::json!(["MW"]));
    assert_eq!(
        json["estimated_units"]["today"],
        serde_json::json!(["MW", "TU"])
    );
    let published = w.run(&["option", "KT,MD"]).expect_code(0).stdout();
    assert!(!published.contains("estimated travel times"), "{published}");
    let area = w.run(&["area", "Tunbridge Wells"]).expect_code(0).stdout();
    assert!(
        area.contains("units: TU 142  * estimated for 100% (mean 10.9–18.1)"),
        "{area}"
    );
    assert!(
        area.contains("* Journeys to MW, TU are network estimates"),
        "{area}"
    );
    let zone = w
        .run(&["area", "Tunbridge Wells 001A"])
        .expect_code(0)
        .stdout();
    assert!(zone.contains("TU 13.7*"), "{zone}");
    w.run(&["export", "--option", "MD,MW,QM,WH", "--out", "pack"])
        .expect_code(0);
    let zones = w.read("pack/zones.csv");
    assert!(
        zones
            .lines()
            .next()
            .unwrap()
            .contains("change_minutes,today_estimated,estimated"),
        "{zones}"
    );
    let geo: serde_json::Value = serde_json::from_str(&w.read("pack/catchments.geojson")).unwrap();
    let features = geo["features"].as_array().unwrap();
    let to_mw = features
        .iter()
        .filter(|f| f["properties"]["unit"] == "MW")
        .collect::<Vec<_>>();
    assert!(!to_mw.is_empty());
    assert!(to_mw.iter().all(|f| f["properties"]["estimated"] == true));
    assert!(
        features
            .iter()
            .filter(|f| f["properties"]["unit"] == "MD")
            .all(|f| f["properties"]["estimated"] == false)
    );
    assert!(features[0]["properties"]["change_minutes"].is_number());
    let readme = w.read("pack/README.txt");
    assert!(
        readme.contains("* These figures rest on estimated travel times"),
        "{readme}"
    );
}
