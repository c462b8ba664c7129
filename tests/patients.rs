//! Benefit to patients, the thrombectomy tier and beds: the appraisal's
//! figures worked out again patient by patient with the outcome model, the
//! mothership policy, the capacity and limit hurdles, and their outputs.

use std::path::Path;

use hasu::criteria::parse_criteria;
use hasu::evaluate::SiteSet;
use hasu::load::load_dataset;
use hasu::model::Dataset;
use hasu::outcome::continuous::{Continuous, Patient, StrokeType};
use hasu::rank::{Appraiser, Standing};

use crate::appraise::TINY_CRITERIA;
use crate::fixtures;
use crate::workdir::Workdir;

/// Gamma (C, out of area) is the thrombectomy centre; Alpha transfers to
/// it in 30 minutes, Beta in 20.
const SITES_WITH_CENTRE: &str = "\
site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes
A,Alpha Hospital,AA1 1AA,51.0,0.0,Trust A,candidate,yes,ivt;emergency_department,
B,Beta Hospital,BB1 1BB,51.0,0.5,Trust B,candidate,yes,ivt,
C,Gamma Hospital,CC1 1CC,51.5,0.25,,fixed_open,no,ivt;thrombectomy,out of area
D,Delta Hospital,DD1 1DD,51.2,0.3,,closed,yes,,
";

const SITE_TIMES: &str = "\
from_site_id,to_site_id,minutes,source
A,C,30,matrix
B,C,20,matrix
C,A,30,matrix
C,B,20,matrix
A,B,25,matrix
B,A,25,matrix
";

/// The patient-benefit and bed tables for the tiny criteria.
fn outcomes(policy: &str, model: &str) -> String {
    format!(
        r#"
[outcomes]
model = "{model}"
policy = "{policy}"
onset_to_call_minutes = 60
door_to_puncture_minutes = 90
transfer_delay_minutes = 60
ivt_limit_minutes = 270
mt_limit_minutes = 360

[outcomes.case_mix]
other = 0.136
nlvo_ivt = 0.1066
nlvo_untreated = 0.5025
lvo_ivt = 0.0084
lvo_ivt_mt = 0.085
lvo_mt = 0.015
lvo_untreated = 0.1465

[outcomes.lvo_test]
sensitivity = 0.66
specificity = 0.87

[beds]
length_of_stay_days = 3
method = "erlang_b"
target = 0.01
"#
    )
}

/// `sites` with a `beds` column holding `beds` for the rows named.
fn with_beds(sites: &str, beds: &[(&str, &str)]) -> String {
    let mut lines = sites.lines();
    let mut out = format!("{},beds\n", lines.next().unwrap());
    for line in lines {
        let id = line.split(',').next().unwrap();
        let b = beds.iter().find(|(s, _)| *s == id).map_or("", |(_, b)| b);
        out.push_str(&format!("{line},{b}\n"));
    }
    out
}

fn tiny(w: &Workdir, sites: &str) -> Dataset {
    fixtures::tiny(
        &w.join("ds"),
        &[("sites.csv", sites), ("site_times.csv", SITE_TIMES)],
    );
    load_dataset(&w.join("ds")).unwrap().dataset
}

/// The outcome of one cohort at these times, by the model itself:
/// (added P(mRS ≤ 1), added utility).
fn cohort(
    a: &Continuous,
    stroke: StrokeType,
    ivt: bool,
    mt: bool,
    times: (f64, f64),
) -> (f64, f64) {
    let (needle, puncture) = times;
    let ivt = ivt && needle <= 270.0;
    let mt = mt && puncture <= 360.0;
    let treated = Patient {
        stroke_type: stroke,
        onset_to_needle: needle,
        ivt,
        onset_to_puncture: puncture,
        mt,
    };
    let untreated = Patient {
        ivt: false,
        mt: false,
        ..treated
    };
    let (t, u) = (a.patient(&treated).unwrap(), a.patient(&untreated).unwrap());
    (t.cumulative[1] - u.cumulative[1], t.utility_shift)
}

#[test]
fn the_kernel_agrees_with_the_outcome_model_patient_by_patient() {
    let w = Workdir::new();
    let data = tiny(&w, SITES_WITH_CENTRE);
    let text = format!(
        "{TINY_CRITERIA}{}",
        outcomes("drip_and_ship", "stroke_outcome")
    );
    let c = parse_criteria(Path::new("c.toml"), &text, &data).unwrap();
    let e = hasu::analyses::evaluator(&data, &c).unwrap();
    let mut scratch = e.scratch();
    let set = SiteSet::from_sites(&[0]);
    e.evaluate(&set, &mut scratch);
    let m = e.patients(&set, &mut scratch).unwrap();

    // Option {A}: Z1, Z2 and Z3 (10, 20, 30 admissions) go to A at 10, 15
    // and 28 minutes; A admits 60, so its median door-to-needle is
    // 60 − 10 log2(60/30) = 50 minutes and its mean 50 e^(0.5²/2).
    let p = &c.pathway;
    let dtn = p.mean_door_to_needle(p.median_door_to_needle(60.0));
    assert!((dtn - 50.0 * (0.125f64).exp()).abs() < 1e-9);
    let before = 60.0 + 10.0 + 20.0;
    let a = Continuous::default();
    let (mut good, mut utility, mut mt, mut transfers) = (0.0, 0.0, 0.0, 0.0);
    for (admissions, travel) in [(10.0, 10.0), (20.0, 15.0), (30.0, 28.0)] {
        let needle = before + travel + dtn;
        // Transfer to C: door-to-puncture 90 + delay 60 + 30 minutes.
        let puncture = before + travel + 90.0 + 60.0 + 30.0;
        let cohorts = [
            (0.1066, StrokeType::Nlvo, true, false),
            (0.0084, StrokeType::Lvo, true, false),
            (0.085, StrokeType::Lvo, true, true),
            (0.015, StrokeType::Lvo, false, true),
        ];
        for (share, stroke, ivt, gets_mt) in cohorts {
            let (g, u) = cohort(&a, stroke, ivt, gets_mt, (needle, puncture));
            good += admissions * share * g;
            utility += admissions * share * u;
            if gets_mt && puncture <= 360.0 {
                mt += admissions * share;
                transfers += admissions * share;
            }
        }
    }
    assert!(
        (m.added_good_outcomes - good).abs() < 1e-7,
        "{} vs {good}",
        m.added_good_outcomes
    );
    assert!(
        (m.added_utility - utility).abs() < 1e-7,
        "{} vs {utility}",
        m.added_utility
    );
    assert!((m.mt_patients - mt).abs() < 1e-9 && (m.mt_transfers - transfers).abs() < 1e-9);
    // Every eligible patient is thrombolysed in time: 20% of 60.
    assert!((m.ivt_patients - 0.2 * 60.0).abs() < 1e-9);
    assert_eq!(m.direct_admissions, 0.0);
}

#[test]
fn mothership_takes_suspected_lvo_to_the_centre_only_when_it_serves_them_better() {
    let w = Workdir::new();
    let data = tiny(&w, SITES_WITH_CENTRE);
    let figures = |policy: &str| {
        let text = format!("{TINY_CRITERIA}{}", outcomes(policy, "stroke_outcome"));
        let c = parse_criteria(Path::new("c.toml"), &text, &data).unwrap();
        let e = hasu::analyses::evaluator(&data, &c).unwrap();
        let mut scratch = e.scratch();
        [vec![0], vec![1], vec![0, 1]].map(|s| {
            let set = SiteSet::from_sites(&s);
            e.evaluate(&set, &mut scratch);
            e.patients(&set, &mut scratch).unwrap()
        })
    };
    let (drip, mother) = (figures("drip_and_ship"), figures("mothership"));
    for (d, m) in drip.iter().zip(&mother) {
        assert!(m.added_utility >= d.added_utility - 1e-12);
        assert!(m.mean_onset_to_puncture <= d.mean_onset_to_puncture + 1e-9);
    }
    // Under {A}, C is 40, 35 and 33 minutes from Z1, Z2 and Z3, against
    // 10, 15 and 28 to A and then 90 + 60 + 30 to puncture after transfer:
    // every zone's suspected LVO patients gain by going straight to C. The
    // test marks 66% of LVO and 13% of the rest: 60 × (0.66 × 0.2549 +
    // 0.13 × 0.7451).
    let expected = 60.0 * (0.66 * 0.2549 + 0.13 * (1.0 - 0.2549));
    assert!(
        (mother[0].direct_admissions - expected).abs() < 1e-6,
        "{}",
        mother[0].direct_admissions
    );
    assert!(mother[0].added_utility > drip[0].added_utility);
}

#[test]
fn capacity_and_limit_hurdles() {
    let w = Workdir::new();
    // Alpha states 3 beds, Beta 5: {A} sends A 60 admissions a year
    // staying 3 days (load 0.49), which needs 4 beds for at most 1% to find
    // it full.
    let sites = with_beds(SITES_WITH_CENTRE, &[("A", "3"), ("B", "5")]);
    let data = tiny(&w, &sites);
    assert_eq!(data.sites[0].beds, Some(3));
    let text = format!(
        "{}{}",
        TINY_CRITERIA.replace(
            "[pathway]",
            "[hurdles.capacity]\nmin_spare_beds = 0\n\n[[hurdles.limit]]\nmetric = \"added_good_outcomes\"\nmin = 0.5\n\n[pathway]"
        ),
        outcomes("drip_and_ship", "stroke_outcome")
    );
    let c = parse_criteria(Path::new("c.toml"), &text, &data).unwrap();
    let e = hasu::analyses::evaluator(&data, &c).unwrap();
    let appraiser = Appraiser {
        data: &data,
        criteria: &c,
        evaluator: &e,
    };
    let mut scratch = e.scratch();
    let only_a = appraiser.detail(
        &appraiser.assess(&SiteSet::from_sites(&[0]), &mut scratch),
        Standing::NotRanked,
    );
    let beds = hasu::capacity::need(60.0, c.beds.as_ref().unwrap());
    assert_eq!(beds.beds, 4);
    assert_eq!(only_a.assessed.metrics.fewest_spare_beds, Some(-1.0));
    let failed: Vec<String> = only_a
        .failed_hurdles(&c.hurdles)
        .map(|h| h.to_string())
        .collect();
    assert!(failed.contains(&"capacity".to_string()), "{failed:?}");
    let words = hasu::report::words::hurdles(&c.hurdles, &only_a);
    let capacity = words
        .iter()
        .find(|h| h.hurdle.as_str() == "capacity")
        .unwrap();
    assert_eq!(
        capacity.reasons,
        ["the open unit with the fewest spare beds would have -1 against the 0 required"]
    );
    // The limit of at least 0.5 added good outcomes a year: the region's
    // 60 admissions give about 1.6, so it passes.
    let limit = words
        .iter()
        .find(|h| h.hurdle.as_str() == "added_good_outcomes")
        .unwrap();
    assert!(limit.passed, "{:?}", limit.reasons);
    // The beds table lists A and B (today's units) and C.
    let (_, units) = only_a.beds.as_ref().unwrap();
    let ids: Vec<&str> = units.iter().map(|u| u.site.as_str()).collect();
    assert_eq!(ids, ["A", "B"]);
    assert_eq!((units[0].option.beds, units[0].capacity), (4, Some(3)));
}

#[test]
fn criteria_that_ask_for_what_is_not_set_up_are_refused_with_their_lines() {
    let w = Workdir::new();
    let data = tiny(&w, SITES_WITH_CENTRE);
    let with = |extra: &str| format!("{TINY_CRITERIA}{extra}");
    let cases = [
        (
            with(
                "\n[[criterion]]\nid = \"benefit\"\ngroup = \"outcome\"\nmetric = \"added_good_outcomes\"\nweight = 0\nworst = 0\nbest = 10\n",
            ),
            "added_good_outcomes needs an [outcomes] table",
        ),
        (
            with(&format!(
                "\n[[criterion]]\nid = \"u\"\ngroup = \"outcome\"\nmetric = \"added_utility\"\nweight = 0\nworst = 0\nbest = 10\n{}",
                outcomes("drip_and_ship", "allen")
            )),
            "added_utility needs the continuous outcome model",
        ),
        (
            with(&outcomes("mothership", "stroke_outcome").replace(
                "[outcomes.lvo_test]\nsensitivity = 0.66\nspecificity = 0.87\n",
                "",
            )),
            "the mothership policy needs [outcomes.lvo_test]",
        ),
        (
            with(
                &outcomes("drip_and_ship", "stroke_outcome")
                    .replace("lvo_mt = 0.015", "lvo_mt = 0.5"),
            ),
            "the case mix's shares add up to",
        ),
        (
            TINY_CRITERIA.replace(
                "[pathway]",
                "[hurdles.capacity]\nmin_spare_beds = 0\n\n[pathway]",
            ),
            "the capacity hurdle needs a [beds] table",
        ),
        (
            TINY_CRITERIA.replace(
                "[pathway]",
                "[[hurdles.limit]]\nmetric = \"mean_travel\"\n\n[pathway]",
            ),
            "the limit on mean_travel needs min, max or both",
        ),
    ];
    for (text, expected) in cases {
        let err = parse_criteria(Path::new("c.toml"), &text, &data)
            .expect_err(expected)
            .to_string();
        assert!(err.contains(expected), "expected {expected:?} in {err}");
        assert!(err.contains("c.toml:"), "no line in {err}");
    }
}

#[test]
fn the_outputs_carry_outcomes_thrombectomy_and_beds_on_the_real_data() {
    let w = Workdir::new();
    let text = w
        .run(&["option", "MD,QM,WH", "--format", "json"])
        .expect_code(0)
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let o = &v["option"];
    assert_eq!(o["outcomes"]["model"], "stroke_outcome");
    // The case mix thrombolyses 20% of the region's 2,450 admissions.
    let ivt = o["outcomes"]["today"]["ivt_patients"].as_f64().unwrap();
    assert!((ivt - 490.0).abs() < 1e-6, "{ivt}");
    let good = o["outcomes"]["option"]["added_good_outcomes"]
        .as_f64()
        .unwrap();
    assert!(good > 10.0 && good < 60.0, "{good}");
    let change = o["outcomes"]["change"]["added_good_outcomes"]
        .as_f64()
        .unwrap();
    let today = o["outcomes"]["today"]["added_good_outcomes"]
        .as_f64()
        .unwrap();
    assert!((good - today - change).abs() < 1e-9);
    assert_eq!(o["thrombectomy"]["policy"], "drip_and_ship");
    assert!(!o["thrombectomy"]["centres"].as_array().unwrap().is_empty());
    // The referral (St George's) takes every transfer; at the trials' 6
    // hours far fewer of the eligible are punctured in time than at the
    // models' 8 (the criteria's limit, under which all are).
    for c in o["thrombectomy"]["centres"].as_array().unwrap() {
        assert_eq!(c["site"], "SG", "{c}");
        let (six, eight) = (
            c["within_6_hours"].as_f64().unwrap(),
            c["within_8_hours"].as_f64().unwrap(),
        );
        let eligible = c["mt_eligible"].as_f64().unwrap();
        assert!(six < 0.5 * eight && (eight - eligible).abs() < 1e-9, "{c}");
    }
    // East Surrey (SECAmb's area) absorbs patients from the closed units;
    // Princess Royal (Bromley, London's service) takes none of Kent's.
    let units = o["beds"]["units"].as_array().unwrap();
    let es = units.iter().find(|u| u["site"] == "ES").unwrap();
    assert!(es["option"]["admissions"].as_f64() > es["today"]["admissions"].as_f64());
    assert!(!units.iter().any(|u| u["site"] == "PR"), "{units:?}");
    assert_eq!(o["beds"]["rule"]["method"], "erlang_b");
    let table = w.run(&["option", "MD,QM,WH"]).expect_code(0).stdout();
    for heading in [
        "Benefit to patients",
        "Thrombectomy centres",
        "Beds and neighbouring units",
    ] {
        assert!(table.contains(heading), "no {heading} in\n{table}");
    }
}

#[test]
fn beds_are_set_by_site_commands_and_the_column_appears_only_when_used() {
    let w = Workdir::new();
    fixtures::tiny(&w.join("ds"), &[]);
    w.run(&["site", "set", "--id", "A", "--beds", "12", "--data", "ds"])
        .expect_code(0);
    let sites = w.read("ds/sites.csv");
    assert!(
        sites.starts_with(
            "site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes,beds\n"
        ),
        "{sites}"
    );
    assert!(sites.contains("ivt;emergency_department,,12\n"), "{sites}");
    assert_eq!(
        load_dataset(&w.join("ds")).unwrap().dataset.sites[0].beds,
        Some(12)
    );
    w.run(&["site", "set", "--id", "A", "--beds", "none", "--data", "ds"])
        .expect_code(0);
    assert_eq!(
        load_dataset(&w.join("ds")).unwrap().dataset.sites[0].beds,
        None
    );
    let err = w
        .run(&["site", "set", "--id", "A", "--beds", "many", "--data", "ds"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("expected a whole number of beds"), "{err}");
    // A fraction in the file is refused with its place.
    let bad = with_beds(fixtures::SITES, &[("A", "2.5")]);
    fixtures::tiny(&w.join("bad"), &[("sites.csv", &bad)]);
    let err = w
        .run(&["validate", "--data", "bad"])
        .expect_code(1)
        .stdout();
    assert!(
        err.contains("sites.csv: line 2, column 11 (beds)")
            && err.contains("expected a whole number of beds"),
        "{err}"
    );
}
