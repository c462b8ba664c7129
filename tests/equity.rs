//! Who gains and who loses: deprivation and rurality joined at import,
//! group figures on a hand-made region and, computed independently, on the
//! embedded data.

use std::collections::BTreeMap;

use crate::appraise::TINY_CRITERIA;
use crate::fixtures;
use crate::workdir::Workdir;

use crate::fixtures::csv_rows as table;

#[test]
fn the_importer_joins_scores_and_classes_and_reports_zones_it_cannot() {
    let w = Workdir::new();
    crate::cli_import::write_package(&w);
    // E2 has no score; E3 (outside the region) has no class.
    w.write(
        "iod.csv",
        "LSOA Code (2011),LSOA name (2011),Income Domain Score,Income Domain Rank (where 1 is most deprived)\nE1,Kentish 001A,0.250,100\nE3,Border 001A,0.050,900\n",
    );
    w.write(
        "ruc.csv",
        "\u{feff}LSOA11CD,LSOA11NM,RUC11CD,RUC11,FID\nE1,Kentish 001A,D2,Rural town and fringe in a sparse setting,1\nE2,Kentish 001B,A1,Urban major conurbation,2\n",
    );
    let out = crate::cli_import::import_with(
        &w,
        "pkg",
        "ds",
        &["--deprivation", "iod.csv", "--rurality", "ruc.csv"],
    )
    .expect_code(0)
    .stdout();
    let zones = w.read("ds/zones.csv");
    assert!(zones.starts_with("zone_id,name,latitude,longitude,admissions,district,icb,sub_icb,in_region,income_score,rural_urban,income_rank,ambulance\n"), "{zones}");
    assert!(
        zones.contains(",yes,0.25,D2,100,SECAmb\n")
            && zones.contains(",yes,,A1,,SECAmb\n")
            && zones.contains(",no,0.05,,900,OTHER\n"),
        "{zones}"
    );
    for note in [
        "note: zones without an income-deprivation score in its file, kept with an empty cell (1): E2",
        "note: zones without a rural-urban class in its file, kept with an empty cell (1): E3",
    ] {
        assert!(out.contains(note), "missing {note:?} in:\n{out}");
    }
    let source = w.read("ds/SOURCE.md");
    assert!(
        source.contains(
            "--deprivation data/facts/equity/iod.csv --rurality data/facts/equity/ruc.csv"
        ),
        "{source}"
    );
    assert!(
        source.contains("- income deprivation `iod.csv`: `"),
        "{source}"
    );
    // A bad class is named with its place.
    w.write("bad.csv", "LSOA11CD,RUC11CD\nE1,Z9\n");
    let err = crate::cli_import::import_with(&w, "pkg", "ds2", &["--rurality", "bad.csv"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("bad.csv: line 2, column 2 (RUC11CD)"), "{err}");
    // A zone given twice in either file is an error naming both lines,
    // never "the last one wins".
    w.write(
        "iod2.csv",
        "LSOA Code (2011),Income Domain Score\nE1,0.250\nE2,0.1\nE1,0.9\n",
    );
    w.write("ruc2.csv", "LSOA11CD,RUC11CD\nE1,A1\ne1,D2\n");
    let err = crate::cli_import::import_with(
        &w,
        "pkg",
        "ds3",
        &["--deprivation", "iod2.csv", "--rurality", "ruc2.csv"],
    )
    .expect_code(2)
    .stderr();
    for expected in [
        "iod2.csv: line 4, column 1 (LSOA Code (2011)): duplicate LSOA \"E1\"; it is already given on line 2",
        "ruc2.csv: line 3, column 1 (LSOA11CD): LSOA \"e1\" differs only in case from \"E1\" on line 2",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert!(!w.join("ds3").exists());
}

/// The tiny region with scores and classes: Z1 (10 admissions) the most
/// deprived, Z3 (30) the least, Z2 (20) without a score.
fn tiny_with_groups(w: &Workdir) {
    let zones = "zone_id,name,latitude,longitude,admissions,district,icb,sub_icb,in_region,income_score,rural_urban
Z1,North 001A,51.1,0.0,10,North,ICB,SUB,yes,0.4,A1
Z2,North 001B,51.1,0.1,20,North,ICB,SUB,yes,,E2
Z3,South 001A,51.0,0.4,30,South,ICB,SUB,yes,0.1,D1
Z4,Away 001A,51.4,0.25,5,Away,Other,Other,no,0.9,A1
";
    fixtures::tiny(&w.join("ds"), &[("zones.csv", zones)]);
    w.write("c.toml", TINY_CRITERIA);
}

#[test]
fn group_figures_on_a_hand_made_region() {
    let w = Workdir::new();
    tiny_with_groups(&w);
    let text = w
        .run(&[
            "option",
            "A",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--format",
            "json",
        ])
        .expect_code_any()
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let e = &v["option"]["equity"];
    // Z1 (10) and Z3 (30) have scores, 40 admissions: Z1's middle (5 of
    // 40, 12.5%) is in the first fifth, Z3's (25 of 40, 62.5%) in the
    // fourth.
    let q: Vec<(u64, f64, f64, f64)> = e["deprivation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["quintile"].as_u64().unwrap(),
                g["admissions"].as_f64().unwrap(),
                g["mean_travel"].as_f64().unwrap(),
                g["mean_travel_today"].as_f64().unwrap(),
            )
        })
        .collect();
    // Option {A}: Z1 → A 10 min (today A 10), Z3 → A 28 (today B 8).
    assert_eq!(
        q,
        [
            (1, 10.0, 10.0, 10.0),
            (2, 0.0, 0.0, 0.0),
            (3, 0.0, 0.0, 0.0),
            (4, 30.0, 28.0, 8.0),
            (5, 0.0, 0.0, 0.0)
        ]
    );
    // The gap is quintile 1 minus quintile 5, which has no one: 10 − 0.
    assert_eq!(e["deprivation_gap"], 10.0);
    assert_eq!(
        (
            e["unscored_zones"].as_u64(),
            e["unscored_admissions"].as_f64()
        ),
        (Some(1), Some(20.0))
    );
    // Rurality: Z1 urban; Z3 rural town; Z2 rural village, sparse (A at 15,
    // today 15).
    let r: Vec<(String, f64, f64)> = e["rurality"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap().to_string(),
                g["admissions"].as_f64().unwrap(),
                g["mean_travel"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        r,
        [
            ("urban".to_string(), 10.0, 10.0),
            ("rural_town_fringe".to_string(), 30.0, 28.0),
            ("rural_village_dispersed".to_string(), 20.0, 15.0),
            ("sparse".to_string(), 20.0, 15.0),
        ]
    );
    // Rural (Z2, Z3: (20 × 15 + 30 × 28) / 50 = 22.8) minus urban (10).
    assert!((e["rural_gap"].as_f64().unwrap() - 12.8).abs() < 1e-9);
    // Today: Z2 → A 15, Z3 → B 8: rural (300 + 240) / 50 = 10.8, urban 10.
    assert!((e["rural_gap_today"].as_f64().unwrap() - 0.8).abs() < 1e-9);
    // A criterion on the deprivation gap works on this data, and is
    // refused on data without scores.
    let with_gap = TINY_CRITERIA.replace(
        "[pathway]",
        "[[hurdles.limit]]\nmetric = \"deprivation_gap_change\"\nmax = 5\n\n[pathway]",
    );
    w.write("gap.toml", &with_gap);
    let text = w
        .run(&[
            "option",
            "A",
            "--data",
            "ds",
            "--criteria",
            "gap.toml",
            "--format",
            "json",
        ])
        .expect_code_any()
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let hurdle = v["option"]["hurdles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["hurdle"] == "deprivation_gap_change")
        .unwrap()
        .clone();
    // Today the gap is 10 − 0 too: change 0, within the maximum of 5.
    assert_eq!(hurdle["passed"], true, "{hurdle}");
    fixtures::tiny(&w.join("plain"), &[]);
    let err = w
        .run(&["option", "A", "--data", "plain", "--criteria", "gap.toml"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("deprivation_gap_change needs the region's zones to have income_score"),
        "{err}"
    );
}

/// The embedded data's group figures, computed here from the evidence
/// pack's per-zone table with this test's own quintiles, equal hasu's.
#[test]
fn group_figures_equal_an_independent_computation_on_the_embedded_data() {
    let w = Workdir::new();
    w.run(&["export", "--option", "DA,MD,WH", "--out", "pack"])
        .expect_code(0);
    // Admissions exactly as the dataset has them (the pack rounds them).
    let exact: BTreeMap<String, String> = table(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kent-medway/zones.csv"),
        )
        .unwrap(),
    )
    .into_iter()
    .map(|z| (z["zone_id"].clone(), z["admissions"].clone()))
    .collect();
    let zones: Vec<_> = table(&w.read("pack/zones.csv"))
        .into_iter()
        .filter(|z| z["in_region"] == "yes")
        .map(|mut z| {
            z.insert("admissions".into(), exact[&z["zone_id"]].clone());
            z
        })
        .collect();
    // Quintiles: most deprived first, each zone in the fifth holding the
    // middle of its admissions.
    let mut order: Vec<usize> = (0..zones.len()).collect();
    let score = |i: usize| zones[i]["income_score"].parse::<f64>().unwrap();
    let adm = |i: usize| zones[i]["admissions"].parse::<f64>().unwrap();
    // Ties of the published score (three decimals) are broken by the
    // official rank, 1 = most deprived.
    let rank = |i: usize| zones[i]["income_rank"].parse::<u32>().unwrap();
    order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(rank(a).cmp(&rank(b))));
    let total: f64 = order.iter().map(|&i| adm(i)).sum();
    let mut quintile = vec![0usize; zones.len()];
    let mut before = 0.0;
    for &i in &order {
        quintile[i] = (1 + (5.0 * (before + adm(i) / 2.0) / total) as usize).min(5);
        before += adm(i);
    }
    for (i, z) in zones.iter().enumerate() {
        assert_eq!(
            z["deprivation_quintile"],
            quintile[i].to_string(),
            "{}",
            z["zone_id"]
        );
    }
    let summary: serde_json::Value = serde_json::from_str(&w.read("pack/summary.json")).unwrap();
    let e = &summary["option"]["equity"];
    let mean = |q: usize, column: &str| {
        let (mut a, mut m) = (0.0, 0.0);
        for (i, z) in zones.iter().enumerate().filter(|(i, _)| quintile[*i] == q) {
            a += adm(i);
            m += adm(i) * z[column].parse::<f64>().unwrap();
        }
        m / a
    };
    for q in 1..=5 {
        let g = &e["deprivation"][q - 1];
        assert_eq!(g["quintile"], q);
        for (key, column) in [
            ("mean_travel", "minutes"),
            ("mean_travel_today", "today_minutes"),
        ] {
            let got = g[key].as_f64().unwrap();
            // The pack's minutes are the tenths the model uses.
            assert!(
                (got - mean(q, column)).abs() < 1e-9,
                "quintile {q} {key}: {got} vs {}",
                mean(q, column)
            );
        }
    }
    let gap = e["deprivation_gap"].as_f64().unwrap();
    assert!((gap - (mean(1, "minutes") - mean(5, "minutes"))).abs() < 1e-9);
    // Rural (D and E classes) against urban.
    let group_mean = |rural: bool, column: &str| {
        let (mut a, mut m) = (0.0, 0.0);
        for (i, z) in zones.iter().enumerate() {
            if z["rural_urban"].starts_with(['D', 'E']) == rural {
                a += adm(i);
                m += adm(i) * z[column].parse::<f64>().unwrap();
            }
        }
        m / a
    };
    let rural_gap = e["rural_gap"].as_f64().unwrap();
    assert!(
        (rural_gap - (group_mean(true, "minutes") - group_mean(false, "minutes"))).abs() < 1e-9
    );
    // equity.csv has the same rows.
    let csv = table(&w.read("pack/equity.csv"));
    assert_eq!(csv.len(), 5 + 3);
    assert_eq!(csv[0]["kind"], "deprivation_quintile");
    assert_eq!(e["unscored_zones"], 0);
}
