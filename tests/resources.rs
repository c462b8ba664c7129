//! Stroke beds (HASU and ASU), staff, costs, panel scores and group rules,
//! each against a hand computation.

use std::path::Path;

use hasu::criteria::{Criteria, parse_criteria};
use hasu::evaluate::SiteSet;
use hasu::load::load_dataset;
use hasu::model::Dataset;
use hasu::optimise::passing::best_passing;
use hasu::optimise::rules::HurdleJudge;
use hasu::optimise::{Instance, Settings};
use hasu::rank::{Appraiser, Detail, Standing, checks};

use crate::appraise::TINY_CRITERIA;
use crate::fixtures;
use crate::workdir::Workdir;

/// The tiny dataset's sites with the stroke beds each has today (A: 5).
const SITES_WITH_BEDS: &str = "\
site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes,stroke_beds
A,Alpha Hospital,AA1 1AA,51.0,0.0,Trust A,candidate,yes,ivt;emergency_department,,5
B,Beta Hospital,BB1 1BB,51.0,0.5,Trust B,candidate,yes,ivt,,
C,Gamma Hospital,CC1 1CC,51.5,0.25,,fixed_open,no,ivt,out of area,
D,Delta Hospital,DD1 1DD,51.2,0.3,,closed,yes,,,
";

/// Beds, a two-group workforce and costs for the tiny criteria.
const RESOURCES: &str = r#"
[beds]
length_of_stay_days = 3
method = "erlang_b"
target = 0.01

[beds.asu]
share = 0.5
length_of_stay_days = 20
early_supported_discharge = 0.5
esd_days_saved = 4
method = "occupancy"
target = 0.9

[workforce]
[[workforce.staff]]
group = "nurses"
per_hasu_bed = 2.9
per_asu_bed = 1.35
establishment = 15
source = "test"
[[workforce.staff]]
group = "consultants"
per_unit = 6
establishment = 6
source = "test"

[costs]
capital_per_new_bed = 100000
capital_per_refurbished_bed = 10000
years = 10
discount_rate = 0.035
source = "test"
[[costs.site]]
site = "A"
pounds = 1000000
item = "thrombectomy suite"
[costs.revenue_per_wte]
nurses = 40000
consultants = 100000
"#;

fn tiny_with(w: &Workdir, sites: &str, extra: &str) -> (Dataset, Criteria) {
    fixtures::tiny(&w.join("ds"), &[("sites.csv", sites)]);
    let data = load_dataset(&w.join("ds")).unwrap().dataset;
    let text = format!("{TINY_CRITERIA}{extra}");
    let c = parse_criteria(&w.join("c.toml"), &text, &data).unwrap();
    (data, c)
}

fn detail(data: &Dataset, c: &Criteria, sites: &[usize]) -> Detail {
    let e = hasu::analyses::evaluator(data, c).unwrap();
    let appraiser = Appraiser {
        data,
        criteria: c,
        evaluator: &e,
    };
    let mut scratch = e.scratch();
    appraiser.detail(
        &appraiser.assess(&SiteSet::from_sites(sites), &mut scratch),
        Standing::NotRanked,
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Option {A}: A admits Z1–Z3 (60 a year), C its 5; today A and B 30 each.
///
/// HASU beds, Erlang B ≤ 1%, stay 3 days: 60 a year is a load of 0.4932;
/// B(3) = 0.0122, B(4) = 0.0015, so 4 beds; 30 a year (load 0.2466) needs
/// 3 (B(2) = 0.0238, B(3) = 0.0020); C's 5 (load 0.0411) needs 2.
/// ASU beds: half go on for 20 − 0.5 × 4 = 18 days at 90% occupancy:
/// 60 → load 1.4795 → ⌈1.644⌉ = 2; 30 → 0.7397 → ⌈0.822⌉ = 1; 5 → 1.
#[test]
fn stroke_beds_staff_and_costs_match_a_hand_computation() {
    let w = Workdir::new();
    let (data, c) = tiny_with(&w, SITES_WITH_BEDS, RESOURCES);
    let d = detail(&data, &c, &[0]);
    let units = d.resources.as_ref().unwrap();
    let unit = |id: &str| units.iter().find(|u| data.sites[u.site].id == id).unwrap();
    let (a, b, gamma) = (unit("A"), unit("B"), unit("C"));
    assert_eq!((a.option.hasu, a.option.asu), (4, 2));
    assert_eq!((a.today.hasu, a.today.asu), (3, 1));
    assert_eq!((b.option.total(), b.today.hasu, b.today.asu), (0, 3, 1));
    // The out-of-area unit receives the same 5 a year: 2 + 1, unchanged.
    assert_eq!((gamma.option.hasu, gamma.option.asu), (2, 1));
    assert_eq!(gamma.option, gamma.today);
    // A has 5 stroke beds today: 1 new; the hyper-acute bed beyond its 3
    // today comes from an existing one (refurbished).
    assert_eq!((a.stated, a.new_beds, a.refurbished_beds), (Some(5), 1, 1));

    let m = d.assessed.metrics.resources.unwrap();
    assert_eq!(m.stroke_beds, 6.0);
    assert_eq!(m.stroke_beds_today, 8.0);
    assert_eq!(m.stroke_beds_change, -2.0);
    assert_eq!(m.largest_bed_increase, 1.0);
    // Nurses: A 4 × 2.9 + 2 × 1.35 = 14.3 (today A and B 3 × 2.9 + 1.35 =
    // 10.05 each); consultants: 6 a unit of the region (not at C).
    assert!(close(a.wte[0].0, 14.3) && close(a.wte[0].1, 10.05));
    assert!(close(m.staff_wte.unwrap(), 14.3 + 6.0));
    assert!(close(m.staff_wte_today.unwrap(), 2.0 * 10.05 + 12.0));
    assert!(close(m.staff_wte_change.unwrap(), 20.3 - 32.1));
    assert!(close(m.nurse_wte_gap.unwrap(), 14.3 - 15.0));
    assert_eq!(m.consultant_rotas_short, Some(0.0));
    // Capital: 1 new bed £100,000, 1 refurbished £10,000 and A's suite
    // £1m; revenue: nurses 14.3 − 20.1 = −5.8 WTE at £40,000, consultants
    // −6 at £100,000.
    assert!(close(m.capital_cost.unwrap(), 1.11));
    assert!(close(
        m.revenue_change.unwrap(),
        (-5.8 * 40_000.0 - 600_000.0) / 1e6
    ));
    let e = d.cost_effect.unwrap();
    assert!(close(e.capital, 1_110_000.0));
    // Spread over 10 years at 3.5% (annuity factor 8.316605).
    let annuity = (1.0 - 1.035f64.powi(-10)) / 0.035;
    assert!((e.annual_cost - (1_110_000.0 / annuity - 832_000.0)).abs() < 1e-6);
    // Today's configuration (A and B) is the baseline: it builds nothing.
    let today = detail(&data, &c, &[0, 1]);
    let t = today.assessed.metrics.resources.unwrap();
    assert_eq!((t.capital_cost, t.stroke_beds_change), (Some(0.0), 0.0));
}

/// Two HASUs need two 24/7 rotas; 6 consultants cover one: a limit of no
/// short rota fails the two-HASU option and passes the one-HASU options.
#[test]
fn a_consultant_rota_hurdle_fails_an_option_with_too_many_hasus() {
    let w = Workdir::new();
    // The limit belongs to [hurdles]: put it before [pathway].
    let text = TINY_CRITERIA.replace(
        "[pathway]\n",
        "[[hurdles.limit]]\nmetric = \"consultant_rotas_short\"\nmax = 0\n\n[pathway]\n",
    );
    fixtures::tiny(&w.join("ds"), &[("sites.csv", SITES_WITH_BEDS)]);
    let data = load_dataset(&w.join("ds")).unwrap().dataset;
    let c = parse_criteria(&w.join("c.toml"), &format!("{text}{RESOURCES}"), &data).unwrap();
    let both = detail(&data, &c, &[0, 1]);
    let m = both.assessed.metrics.resources.unwrap();
    assert_eq!(m.consultant_rotas_short, Some(1.0));
    let failing = |d: &Detail| -> Vec<String> {
        d.failed_hurdles(&c.hurdles)
            .map(|h| h.to_string())
            .collect()
    };
    assert!(failing(&both).contains(&"consultant_rotas_short".to_string()));
    let one = detail(&data, &c, &[1]);
    assert_eq!(
        one.assessed
            .metrics
            .resources
            .unwrap()
            .consultant_rotas_short,
        Some(0.0)
    );
    assert!(!failing(&one).contains(&"consultant_rotas_short".to_string()));
    // The kernel alone, without the analysis that works the figure out,
    // refuses rather than reading 0 short rotas.
    let refused = hasu::evaluate::Evaluator::new(&data, &c, Vec::new()).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("consultant_rotas_short needs an analysis"),
        "{refused}"
    );
}

/// A panel scoring A 7 (range 2–10) and B 5.
const PANEL_CSV: &str = "criterion,site,option,score,low,high,source
deliverability,A,,7,2,10,estates panel
deliverability,B,,5,,,estates panel
";

/// Criteria where two one-HASU options differ on journeys and on a panel
/// score with a range: B is nearer, A scores higher.
fn panel_case(w: &Workdir, panel_csv: &str) -> Result<(Dataset, Criteria), String> {
    fixtures::tiny(&w.join("ds"), &[]);
    let data = load_dataset(&w.join("ds")).unwrap().dataset;
    let text = TINY_CRITERIA
        .replace("max_hasus = 2", "max_hasus = 1")
        .replace("min_admissions = 20", "min_admissions = 1")
        .replace("max_admissions = 40", "max_admissions = 1000")
        .replace("min_share = 0.9", "min_share = 0")
        .replace("max_minutes = 30", "max_minutes = 60")
        .replace("weight = 1.0", "weight = 0.5")
        + r#"
[[criterion]]
id = "deliverability"
group = "deliverability"
metric = "panel"
weight = 0.5
worst = 0
best = 10

[panel]
file = "panel.csv"

[robustness]
seed = 7
weight_draws = 20000
input_draws = 10
concentration = 1000000
near_miss_probability = 0.05
"#;
    w.write("panel.csv", panel_csv);
    w.write("c.toml", &text);
    parse_criteria(&w.join("c.toml"), &text, &data)
        .map(|c| (data, c))
        .map_err(|e| e.to_string())
}

/// Mean journeys: {A} 20.667 minutes, {B} 17.333, so on the 30 → 0 scale
/// 0.3111 and 0.4222. A's panel score 7 (range 2–10) against B's 5: at
/// the stated weights A scores 50 × (0.3111 + 0.7) = 50.56, B 46.11. With
/// A's score drawn uniformly in 2–10, A is first when its score exceeds
/// 6.111: in (10 − 6.111) / 8 = 48.6% of draws. The travel weight at
/// which B overtakes: w × 0.3111 + (1 − w) × 0.7 = w × 0.4222 + (1 − w) ×
/// 0.5, w = 0.6429, so the panel's weight falls to 0.3571.
#[test]
fn panel_scores_enter_the_score_the_smaa_and_the_tipping_points() {
    let w = Workdir::new();
    let (data, c) = panel_case(&w, PANEL_CSV).unwrap();
    assert_eq!(c.panel.as_ref().unwrap().sha256.len(), 64);
    let e = hasu::analyses::evaluator(&data, &c).unwrap();
    let appraisal = Appraiser {
        data: &data,
        criteria: &c,
        evaluator: &e,
    }
    .appraise()
    .unwrap();
    let ranked = appraisal.ranked();
    assert_eq!(ranked.len(), 2);
    assert_eq!(ranked[0].site_set(), SiteSet::from_sites(&[0]));
    let travel = |m: f64| (30.0 - m) / 30.0;
    let score_a = 50.0 * (travel(1240.0 / 60.0) + 0.7);
    assert!((ranked[0].score.unwrap() - score_a).abs() < 1e-9);
    let study = hasu::robustness::weights::study(&c, ranked, 20_000, 7).unwrap();
    let p_first = study.centred[0].p_first;
    assert!((p_first - 0.4861).abs() < 0.015, "P(first) = {p_first}");
    let panel_point = study
        .first
        .iter()
        .find(|t| t.criterion == "deliverability")
        .unwrap();
    assert!(
        (panel_point.threshold - 0.3571).abs() < 1e-3,
        "{panel_point:?}"
    );
    // An option of its own overrides its sites' scores.
    let (_, c) = panel_case(
        &w,
        "criterion,site,option,score,low,high\n\
         deliverability,A,,7,2,10\n\
         deliverability,B,,5,,\n\
         deliverability,,A,1,,\n",
    )
    .unwrap();
    let s = c.panel.unwrap().criteria[0].score(&SiteSet::from_sites(&[0]));
    assert_eq!(s.score, 1.0);
}

/// The board report and the evidence pack say which criterion a panel
/// scored, from which file, with its SHA-256.
#[test]
fn the_report_and_the_pack_mark_panel_scores_with_the_files_hash() {
    let w = Workdir::new();
    let (_, c) = panel_case(&w, PANEL_CSV).unwrap();
    let sha = c.panel.unwrap().sha256;
    let common = ["--data", "ds", "--criteria", "c.toml"];
    w.run(&[&["report"][..], &common, &["--out", "report.html"]].concat())
        .expect_code(0);
    let html = w.read("report.html");
    assert!(html.contains("Panel-scored"), "no panel mark in the report");
    assert!(html.contains(&sha), "no panel hash in the report");
    w.run(
        &[
            &["export"][..],
            &common,
            &["--option", "A", "--out", "pack"],
        ]
        .concat(),
    )
    .expect_code(0);
    let readme = w.read("pack/README.txt");
    assert!(
        readme.contains(&format!("(SHA-256 {sha}), scored by a panel")),
        "{readme}"
    );
    assert!(
        readme.contains("for the criteria deliverability"),
        "{readme}"
    );
}

#[test]
fn bad_panel_and_workforce_input_is_refused_with_every_place() {
    let w = Workdir::new();
    let err = panel_case(
        &w,
        "criterion,site,option,score,low,high\n\
         deliverability,A,,7,8,10\n\
         speed,B,,5,,\n\
         deliverability,Q,,5,,\n\
         deliverability,,,5,,\n\
         deliverability,B,,lots,,\n",
    )
    .unwrap_err();
    for expected in [
        "panel.csv: line 2, column 5 (low): expected low ≤ score ≤ high, found 8, 7, 10",
        "panel.csv: line 3, column 1 (criterion): \"speed\" is not a panel-scored criterion",
        "panel.csv: line 4, column 2 (site): site \"Q\" is not in the dataset",
        "panel.csv: line 5, column 2 (site): expected a site id in site or an option's site ids",
        "panel.csv: line 6, column 4 (score): expected a score, found \"lots\"",
        "criterion \"deliverability\" has no score for candidate sites A, B",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    // Workforce: a group with no ratio, a negative ratio, a consultants
    // group without its rota, and revenue for a group not listed.
    fixtures::tiny(&w.join("ds"), &[]);
    let data = load_dataset(&w.join("ds")).unwrap().dataset;
    let text = format!(
        "{TINY_CRITERIA}{}",
        r#"
[beds]
length_of_stay_days = 3
method = "erlang_b"
target = 0.01

[workforce]
[[workforce.staff]]
group = "nurses"
source = "x"
[[workforce.staff]]
group = "physiotherapy"
per_hasu_bed = -1
source = "x"
[[workforce.staff]]
group = "consultants"
per_hasu_bed = 1
source = "x"

[costs]
capital_per_new_bed = 1
capital_per_refurbished_bed = 1
years = 10
discount_rate = 0.035
source = "x"
[costs.revenue_per_wte]
porters = 1
"#
    );
    let err = parse_criteria(Path::new("c.toml"), &text, &data)
        .unwrap_err()
        .to_string();
    for expected in [
        "column 9 (group): staff group \"nurses\" has no ratio",
        "column 16 (per_hasu_bed): per_hasu_bed is -1; expected WTE from 0 to 100000",
        "the consultants group needs per_unit",
        "staff group \"porters\" is not in [workforce]",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
}

/// Six candidates of three trusts (T1: S0–S2, T2: S3–S4, T3: S5); zones
/// with times that favour two sites of T1.
fn trusts(w: &Workdir) -> Dataset {
    let mut sites = String::from(
        "site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes\n",
    );
    for (k, trust) in ["T1", "T1", "T1", "T2", "T2", "T3"].iter().enumerate() {
        sites += &format!("S{k},Site {k},,51.{k},0.{k},{trust},candidate,yes,ivt,\n");
    }
    let mut zones =
        String::from("zone_id,name,latitude,longitude,admissions,district,icb,sub_icb,in_region\n");
    let mut travel = String::from("zone_id,site_id,minutes,source\n");
    for z in 0..12 {
        zones += &format!(
            "Z{z},Zone {z},51.{z},0.{z},{},D{},ICB,SUB,yes\n",
            5 + z,
            z % 3
        );
        for k in 0..6 {
            let m = 5 + (z * 7 + k * 11) % 37 + if k < 2 { 0 } else { 6 };
            travel += &format!("Z{z},S{k},{m},matrix\n");
        }
    }
    fixtures::tiny(
        &w.join("ds"),
        &[
            ("sites.csv", &sites),
            ("zones.csv", &zones),
            ("travel_times.csv", &travel),
        ],
    );
    load_dataset(&w.join("ds")).unwrap().dataset
}

const GROUP_CRITERIA: &str = r#"
name = "Groups"

[options]
min_hasus = 2
max_hasus = 3
require = []
exclude = []
max_combinations = 1000

[[options.group]]
name = "one per trust"
each_trust = true
at_most = 1

[[options.group]]
name = "the south"
sites = ["S3", "S4", "S5"]
at_least = 1

[today]
units = ["S0", "S1", "S3"]

[hurdles.volume]
min_admissions = 1
max_admissions = 100000

[hurdles.thrombolysis]
door_to_needle_minutes = 60
min_share = 0

[hurdles.access]
within_minutes = 45
min_share = 0.5
max_minutes = 60

[pathway]
response_minutes = 10
on_scene_minutes = 20
blue_light_factor = 1.0
call_to_needle_target_minutes = 120
out_of_area_door_to_needle_minutes = 40

[pathway.door_to_needle]
reference_admissions = 30
median_minutes_at_reference = 60
minutes_per_doubling = 10
fastest_median_minutes = 30
spread = 0.5

[quality]
co_location = []

[[criterion]]
id = "travel"
group = "access"
metric = "mean_travel"
weight = 1.0
worst = 60
best = 0
"#;

#[test]
fn group_rules_set_options_aside_in_appraise_and_optimise_as_brute_force_does() {
    let w = Workdir::new();
    let data = trusts(&w);
    let c = parse_criteria(Path::new("g.toml"), GROUP_CRITERIA, &data).unwrap();
    // each_trust gives three rules, then the south's.
    assert_eq!(c.options.groups.len(), 4);
    assert_eq!(c.options.groups[0].name, "T1");
    assert_eq!(c.options.groups[0].sites, vec![0, 1, 2]);
    let e = hasu::analyses::evaluator(&data, &c).unwrap();
    let appraisal = Appraiser {
        data: &data,
        criteria: &c,
        evaluator: &e,
    }
    .appraise()
    .unwrap();
    // Brute force: every pair and triple of the six.
    let mut all = Vec::new();
    for a in 0..6 {
        for b in a + 1..6 {
            all.push(vec![a, b]);
            for d in b + 1..6 {
                all.push(vec![a, b, d]);
            }
        }
    }
    let trust = |s: usize| [1, 1, 1, 2, 2, 3][s];
    let keeps = |set: &[usize]| {
        (1..=3).all(|t| set.iter().filter(|&&s| trust(s) == t).count() <= 1)
            && set.iter().any(|&s| s >= 3)
    };
    let kept: Vec<&Vec<usize>> = all.iter().filter(|s| keeps(s)).collect();
    assert_eq!(appraisal.considered, kept.len());
    assert!(
        appraisal
            .options
            .iter()
            .all(|o| keeps(&o.site_set().sites()))
    );
    // T1 pairs and triples broken: 3 pairs + 3 × 3 triples with two of
    // T1 + 1 with all three.
    assert_eq!(appraisal.set_aside[0], 3 + 9 + 1);
    // The best that passes, by optimise --passing's search, against brute
    // force over every option that keeps the rules and passes.
    let inst = Instance::new(&data, &c.options).unwrap();
    let judge = HurdleJudge {
        evaluator: &e,
        hurdles: &c.hurdles,
        groups: &c.options.groups,
    };
    let mut scratch = e.scratch();
    for p in 2..=3 {
        let best = kept
            .iter()
            .filter(|s| s.len() == p)
            .filter_map(|s| {
                let m = e.evaluate(&SiteSet::from_sites(s), &mut scratch);
                checks(&c.hurdles, &m)
                    .iter()
                    .all(|k| k.passed())
                    .then_some(m.mean_travel)
            })
            .fold(f64::INFINITY, f64::min);
        let found = best_passing(&inst, p, &Settings::default(), 4096, &judge).unwrap();
        let f = found.found.expect("an option keeps the rules");
        assert!(keeps(&f.hasus), "p = {p}: {:?}", f.hasus);
        assert!(
            (f.value - best).abs() < 1e-9,
            "p = {p}: {} against {best}",
            f.value
        );
        assert!(found.proven);
    }
}
