//! Pathways as ambulance services run them: the pathway rule on a
//! hand-made dataset, cross-boundary agreements, thrombectomy referrals and
//! the scenarios that change them.

use crate::appraise::TINY_CRITERIA;
use crate::fixtures;
use crate::workdir::Workdir;

/// The tiny dataset's sites with their ambulance services: Alpha and Beta
/// in `SEC`'s area, Gamma (out of area) in `OTH`'s.
const SITES: &str = "\
site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes,ambulance
A,Alpha Hospital,AA1 1AA,51.0,0.0,Trust A,candidate,yes,ivt;emergency_department,,SEC
B,Beta Hospital,BB1 1BB,51.0,0.5,Trust B,candidate,yes,ivt,,SEC
C,Gamma Hospital,CC1 1CC,51.5,0.25,,fixed_open,no,ivt,out of area,OTH
D,Delta Hospital,DD1 1DD,51.2,0.3,,closed,yes,,,SEC
";

/// Z2 (North 001B) is `OTH`'s: its road-nearest unit is Alpha (15 min),
/// which its service does not convey to, so it goes to Gamma (35). Z4
/// (outside the region) is `SEC`'s: its road-nearest, Gamma (12), is not
/// its service's, so it goes to Beta (40).
const ZONES: &str = "\
zone_id,name,latitude,longitude,admissions,district,icb,sub_icb,in_region,ambulance
Z1,North 001A,51.1,0.0,10,North,ICB,SUB,yes,SEC
Z2,North 001B,51.1,0.1,20,North,ICB,SUB,yes,OTH
Z3,South 001A,51.0,0.4,30,South,ICB,SUB,yes,SEC
Z4,Away 001A,51.4,0.25,5,Away,Other,Other,no,SEC
";

fn dataset(w: &Workdir) {
    fixtures::tiny(&w.join("ds"), &[("sites.csv", SITES), ("zones.csv", ZONES)]);
    w.write("c.toml", TINY_CRITERIA);
}

/// A unit's admissions from outside the region: (service, admissions).
type Outside = Vec<(String, f64)>;

/// The JSON account of option A,B with the flags `extra`.
fn option_json(w: &Workdir, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "option",
        "A,B",
        "--data",
        "ds",
        "--criteria",
        "c.toml",
        "--format",
        "json",
    ];
    args.extend(extra);
    serde_json::from_str(&w.run(&args).expect_code_any().stdout()).unwrap()
}

/// Each unit of option A,B: (site, admissions, admissions from outside the
/// region by service).
fn units(w: &Workdir, extra: &[&str]) -> Vec<(String, f64, Outside)> {
    let v = option_json(w, extra);
    v["option"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let outside = u["from_services"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["service"].as_str().unwrap().to_string(),
                        s["admissions"].as_f64().unwrap(),
                    )
                })
                .collect();
            (
                u["site"].as_str().unwrap().to_string(),
                u["admissions"].as_f64().unwrap(),
                outside,
            )
        })
        .collect()
}

/// The errors of option A,B with the scenario `file`, which is refused.
fn refused(w: &Workdir, file: &str) -> String {
    w.run(&[
        "option",
        "A,B",
        "--data",
        "ds",
        "--criteria",
        "c.toml",
        "--scenario",
        file,
    ])
    .expect_code(2)
    .stderr()
}

fn unit(w: &[(String, f64, Outside)], id: &str) -> (f64, Outside) {
    let u = w.iter().find(|u| u.0 == id).unwrap();
    (u.1, u.2.clone())
}

#[test]
fn a_zone_goes_to_the_nearest_unit_its_service_conveys_to() {
    let w = Workdir::new();
    dataset(&w);
    let by_service = units(&w, &[]);
    // Z1 → A; Z2 (OTH) → C, not A; Z3 → B; Z4 (SEC, outside) → B, not C.
    assert_eq!(unit(&by_service, "A"), (10.0, vec![]));
    assert_eq!(unit(&by_service, "B"), (35.0, vec![("SEC".into(), 5.0)]));
    assert_eq!(unit(&by_service, "C").0, 20.0);
    let text = w
        .run(&["option", "A,B", "--data", "ds", "--criteria", "c.toml"])
        .expect_code_any()
        .stdout();
    assert!(
        text.contains("Pathway rule: each zone's patients go to the nearest open unit its ambulance service conveys to (ambulance_service)."),
        "{text}"
    );
    // The road-nearest rule, named in the criteria.
    w.write(
        "c.toml",
        format!("{TINY_CRITERIA}\n[pathways]\nrule = \"nearest\"\n"),
    );
    let nearest = units(&w, &[]);
    assert_eq!(unit(&nearest, "A").0, 30.0);
    assert_eq!(unit(&nearest, "B").0, 30.0);
    assert_eq!(unit(&nearest, "C"), (5.0, vec![("SEC".into(), 5.0)]));
    let text = w
        .run(&["appraise", "--data", "ds", "--criteria", "c.toml"])
        .expect_code_any()
        .stdout();
    assert!(
        text.contains("road-nearest open unit, whatever its ambulance service (nearest)"),
        "{text}"
    );
}

#[test]
fn an_agreement_adds_units_for_its_districts_and_a_scenario_changes_the_rule() {
    let w = Workdir::new();
    dataset(&w);
    w.write(
        "bexley.toml",
        r#"name = "OTH's North to Alpha"
[pathways]
rule = "ambulance_service"
[[pathways.agreement]]
service = "OTH"
districts = ["North"]
units = ["A"]
source = "a test agreement"
"#,
    );
    let agreed = units(&w, &["--scenario", "bexley.toml"]);
    assert_eq!(unit(&agreed, "A").0, 30.0);
    assert!(
        agreed.iter().all(|u| u.0 != "C" || u.1 == 0.0),
        "{agreed:?}"
    );
    let json = w
        .run(&[
            "option",
            "A,B",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--scenario",
            "bexley.toml",
            "--format",
            "json",
        ])
        .expect_code(0)
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["criteria"]["pathways"]["rule"], "ambulance_service");
    assert_eq!(v["criteria"]["pathways"]["agreements"][0]["units"][0], "A");
    // An agreement in another district changes nothing.
    w.write(
        "south.toml",
        std::fs::read_to_string(w.join("bexley.toml"))
            .unwrap()
            .replace("\"North\"", "\"South\""),
    );
    assert_eq!(unit(&units(&w, &["--scenario", "south.toml"]), "C").0, 20.0);
    // A service no zone has, an unknown unit and an unknown rule are
    // refused at their lines.
    w.write(
        "bad.toml",
        "name = \"bad\"\n[pathways]\nrule = \"ambulance_service\"\n[[pathways.agreement]]\nservice = \"XYZ\"\nunits = [\"Q\"]\n",
    );
    let err = refused(&w, "bad.toml");
    assert!(
        err.contains("bad.toml: line 6") && err.contains("\"Q\""),
        "{err}"
    );
    w.write(
        "bad.toml",
        "name = \"bad\"\n[pathways]\nrule = \"ambulance_service\"\n[[pathways.agreement]]\nservice = \"XYZ\"\nunits = [\"A\"]\n",
    );
    let err = refused(&w, "bad.toml");
    assert!(err.contains("\"XYZ\"") && err.contains("OTH, SEC"), "{err}");
    w.write("bad.toml", "name = \"bad\"\n[pathways]\nrule = \"roads\"\n");
    let err = refused(&w, "bad.toml");
    assert!(
        err.contains("bad.toml: line 3") && err.contains("ambulance_service"),
        "{err}"
    );
}

/// Sites with two thrombectomy centres out of area: Gamma, 30 minutes from
/// Alpha, and Delta, 50 minutes from it.
const CENTRES: &str = "\
site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes
A,Alpha Hospital,AA1 1AA,51.0,0.0,Trust A,candidate,yes,ivt;emergency_department,
B,Beta Hospital,BB1 1BB,51.0,0.5,Trust B,candidate,yes,ivt,
C,Gamma Hospital,CC1 1CC,51.5,0.25,,fixed_open,no,ivt;thrombectomy,out of area
D,Delta Hospital,DD1 1DD,51.2,0.3,,fixed_open,no,ivt;thrombectomy,out of area
";

const CENTRE_TIMES: &str = "\
from_site_id,to_site_id,minutes,source
A,B,25,matrix
A,C,30,matrix
A,D,50,matrix
B,C,20,matrix
";

const OUTCOMES: &str = r#"
[outcomes]
model = "stroke_outcome"
policy = "drip_and_ship"
onset_to_call_minutes = 60
door_to_puncture_minutes = 90
transfer_delay_minutes = 60
ivt_limit_minutes = 270
mt_limit_minutes = 480

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
"#;

/// Region patients transferred to each centre under option A,B.
fn transfers(w: &Workdir, extra: &[&str]) -> Vec<(String, f64)> {
    let v = option_json(w, extra);
    v["option"]["thrombectomy"]["centres"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["site"].as_str().unwrap().to_string(),
                c["transfers"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_unit_transfers_to_the_centre_it_refers_to_not_the_nearest() {
    let w = Workdir::new();
    fixtures::tiny(
        &w.join("ds"),
        &[("sites.csv", CENTRES), ("site_times.csv", CENTRE_TIMES)],
    );
    w.write("c.toml", format!("{TINY_CRITERIA}{OUTCOMES}"));
    // No referral: both units transfer to the nearest centre, Gamma.
    let nearest = transfers(&w, &[]);
    assert!(
        nearest.iter().all(|(c, t)| c == "C" || *t == 0.0),
        "{nearest:?}"
    );
    let gamma = nearest.iter().find(|(c, _)| c == "C").unwrap().1;
    assert!(gamma > 0.0);
    // Alpha refers to Delta: its transfers go there (with Delta's longer
    // journey), Beta's still to Gamma.
    std::fs::write(
        w.join("ds/referrals.csv"),
        "unit_id,centre_id,minutes,source\nA,D,,a test referral\n",
    )
    .unwrap();
    let referred = transfers(&w, &[]);
    let at = |c: &str| referred.iter().find(|(s, _)| s == c).map_or(0.0, |x| x.1);
    assert!(at("D") > 0.0, "{referred:?}");
    assert!(at("C") > 0.0 && at("C") < gamma, "{referred:?}");
    assert!((at("C") + at("D") - gamma).abs() < 1e-9, "{referred:?}");
    // A scenario replaces the referral: Alpha back to Gamma.
    w.write(
        "gamma.toml",
        "name = \"Alpha to Gamma\"\n[[referral]]\nunit = \"A\"\ncentre = \"C\"\nsource = \"test\"\n",
    );
    let back = transfers(&w, &["--scenario", "gamma.toml"]);
    assert_eq!(back, nearest);
    // A referral to a site without thrombectomy, or a unit to itself, is
    // refused; a scenario may add the service first.
    w.write(
        "beta.toml",
        "name = \"Alpha to Beta\"\n[[referral]]\nunit = \"A\"\ncentre = \"B\"\n",
    );
    let err = refused(&w, "beta.toml");
    assert!(
        err.contains("beta.toml: line 4") && err.contains("does not offer thrombectomy"),
        "{err}"
    );
    w.write(
        "beta.toml",
        "name = \"Alpha to Beta\"\n[[site]]\nid = \"B\"\nadd_services = [\"thrombectomy\"]\n[[referral]]\nunit = \"A\"\ncentre = \"B\"\n",
    );
    let beta = transfers(&w, &["--scenario", "beta.toml"]);
    assert!(beta.iter().any(|(c, t)| c == "B" && *t > 0.0), "{beta:?}");
    std::fs::write(
        w.join("ds/referrals.csv"),
        "unit_id,centre_id,minutes,source\nA,B,,wrong\nC,C,,self\nB,D,,no journey\n",
    )
    .unwrap();
    let err = w.run(&["validate", "--data", "ds"]).expect_code(1).stdout();
    assert!(
        err.contains("referrals.csv: line 2") && err.contains("does not offer thrombectomy"),
        "{err}"
    );
    assert!(
        err.contains("referrals.csv: line 3") && err.contains("refer to itself"),
        "{err}"
    );
    assert!(
        err.contains("warning: ds/referrals.csv: line 4")
            && err.contains("no journey from B to D yet"),
        "{err}"
    );
}
