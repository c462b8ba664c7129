//! Option appraisal: every metric and hurdle on a hand-built network with
//! hand-computed answers, criteria files that are refused with file and
//! line, and properties that hold on the real data.

use std::path::Path;

use hasu::criteria::parse_criteria;
use hasu::evaluate::{Evaluator, SiteSet};
use hasu::load::load_dataset;
use hasu::model::Dataset;
use hasu::rank::{Appraiser, Standing};
use hasu::report::words;
use proptest::prelude::*;

use crate::fixtures;
use crate::workdir::Workdir;

/// Criteria for the tiny dataset (sites A, B candidates; C fixed_open; D
/// closed), chosen so every figure can be worked out by hand.
pub const TINY_CRITERIA: &str = r#"
name = "Tiny"

[options]
min_hasus = 1
max_hasus = 2
require = []
exclude = []
max_combinations = 100

[today]
units = ["A", "B"]

[hurdles.volume]
min_admissions = 20
max_admissions = 40

[hurdles.thrombolysis]
door_to_needle_minutes = 60
min_share = 0.5

[hurdles.access]
within_minutes = 20
min_share = 0.9
max_minutes = 30

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
co_location = ["emergency_department", "ppci"]

[[criterion]]
id = "travel"
group = "access"
metric = "mean_travel"
weight = 1.0
worst = 30
best = 0
"#;

fn tiny() -> (Workdir, Dataset) {
    let w = Workdir::new();
    fixtures::tiny(&w.join("ds"), &[]);
    let data = load_dataset(&w.join("ds")).unwrap().dataset;
    (w, data)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn every_metric_and_hurdle_of_a_hand_built_network() {
    let (_w, data) = tiny();
    let c = parse_criteria(Path::new("tiny.toml"), TINY_CRITERIA, &data).unwrap();
    let e = hasu::analyses::evaluator(&data, &c).unwrap();
    let appraiser = Appraiser {
        data: &data,
        criteria: &c,
        evaluator: &e,
    };
    let mut scratch = e.scratch();
    let (a, b) = (0, 1);
    let assess = |set: &[usize], scratch: &mut hasu::evaluate::Scratch| {
        appraiser.detail(
            &appraiser.assess(&SiteSet::from_sites(set), scratch),
            Standing::NotRanked,
        )
    };

    // Option {A}: Z1→A 10, Z2→A 15, Z3→A 28 (region, 10/20/30 admissions),
    // Z4→C 12 (outside the region, 5).
    let only_a = assess(&[a], &mut scratch);
    let m = &only_a.assessed.metrics;
    assert!(close(m.region_admissions, 60.0));
    assert!(close(m.mean_travel, 1240.0 / 60.0), "{}", m.mean_travel);
    assert!(close(m.median_travel, 15.0));
    assert!(close(m.p95_travel, 28.0));
    assert!(close(m.max_travel, 28.0));
    assert!(close(m.within_30, 1.0) && close(m.within_access, 0.5));
    assert!(close(m.smallest_hasu_admissions, 60.0));
    // Today Z3 goes to B in 8 minutes: 30 of 60 admissions travel further,
    // and South's mean rises from 8 to 28.
    assert!(close(m.share_travelling_further, 0.5));
    assert!(close(m.largest_district_increase, 20.0));
    // Door-to-needle at 60 admissions: 60 − 10 × log2(60/30) = 50 minutes.
    let unit_a = &only_a.explained.units[0];
    assert_eq!(
        (unit_a.site.as_str(), unit_a.hasu, unit_a.zones),
        ("A", true, 3)
    );
    assert!(close(unit_a.median_door_to_needle, 50.0));
    let c_unit = &only_a.explained.units[1];
    assert_eq!((c_unit.site.as_str(), c_unit.hasu), ("C", false));
    assert!(close(c_unit.admissions, 5.0) && close(c_unit.region_admissions, 0.0));
    assert!(!only_a.assessed.passes);
    let worded = words::hurdles(&c.hurdles, &only_a);
    let reasons: Vec<(&str, bool, &str)> = worded
        .iter()
        .map(|h| (h.hurdle.as_str(), h.passed, h.reasons[0].as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "reach",
                true,
                "every zone has a travel time to an open unit"
            ),
            (
                "volume",
                false,
                "Alpha Hospital would admit 60 a year, above the 40 maximum"
            ),
            (
                "thrombolysis",
                true,
                "every HASU would treat at least 50.0% of thrombolysed patients within 60 minutes of arrival (lowest: 64.2%)"
            ),
            (
                "access",
                false,
                "50.0% of the region's admissions would be within 20 minutes, below the 90.0% minimum"
            ),
        ]
    );
    let south = &only_a.explained.districts[1];
    assert_eq!(&*south.district, "South");
    assert!(close(south.mean_travel_today, 8.0) && close(south.change, 20.0));
    assert!(close(south.admissions_further, 30.0) && close(south.largest_increase, 20.0));
    assert!(close(
        only_a
            .explained
            .versus_today
            .mean_increase_for_those_further,
        20.0
    ));

    // Option {A, B}: Z1→A 10, Z2→A 15, Z3→B 8; A and B admit 30 each, so
    // door-to-needle is 60 minutes and exactly half are within 60.
    let both = assess(&[a, b], &mut scratch);
    let m = &both.assessed.metrics;
    assert!(both.assessed.passes, "{:?}", both.checks);
    assert!(close(m.mean_travel, 640.0 / 60.0));
    assert!(close(m.thrombolysis_within_limit, 0.5));
    assert!(close(m.co_location, 0.25));
    // Call-to-needle: 10 + 20 + travel + 60; the target leaves 30 minutes of
    // travel, which every zone meets.
    assert!(close(m.mean_call_to_needle, 90.0 + 640.0 / 60.0));
    assert!(close(m.call_to_needle_within_target, 1.0));
    assert!(close(m.share_travelling_further, 0.0));
    assert!(close(
        both.assessed.score.unwrap(),
        100.0 * (1.0 - 640.0 / 60.0 / 30.0)
    ));

    // The long list: {A}, {B}, {A,B}; only {A,B} passes.
    let list = appraiser.appraise().unwrap();
    let ids: Vec<(String, Option<usize>)> = list
        .options
        .iter()
        .map(|o| (hasu::report::option_id(&data, o), o.rank))
        .collect();
    assert_eq!(
        ids,
        [
            ("A,B".to_string(), Some(1)),
            ("A".to_string(), None),
            ("B".to_string(), None)
        ]
    );
    assert_eq!(list.passing, 1);
    // Every rule's margin is in its own units: {A} admits 60 against the
    // 40 maximum, and has 50% within 20 minutes against 90%.
    let margins: Vec<f64> = only_a.checks.iter().map(|c| c.margin).collect();
    assert!(
        close(margins[2], -20.0) && close(margins[4], -0.4),
        "{margins:?}"
    );
}

fn problems(text: &str) -> String {
    let (_w, data) = tiny();
    match parse_criteria(Path::new("c.toml"), text, &data) {
        Ok(_) => "no problem".to_string(),
        Err(hasu::Error::Invalid(p)) => p.to_string(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_criteria_are_refused_with_file_line_and_a_plain_message() {
    let p = problems(&TINY_CRITERIA.replace(
        "max_combinations = 100",
        "max_combinations = 100\nmax_hasu = 3",
    ));
    assert!(p.contains("c.toml: line 10, column 1"), "{p}");
    assert!(p.contains("unknown field `max_hasu`"), "{p}");

    let p = problems(&TINY_CRITERIA.replace("spread = 0.5\n", ""));
    assert!(p.contains("missing field `spread`"), "{p}");

    let p = problems(&TINY_CRITERIA.replace("weight = 1.0", "weight = 0.8"));
    assert!(p.contains("c.toml: line 48, column 10 (weight): the criteria's weights add up to 0.8; expected them to add up to 1"), "{p}");

    let p = problems(&TINY_CRITERIA.replace("max_admissions = 40", "max_admissions = 10"));
    assert!(p.contains("c.toml: line 16, column 18 (max_admissions): max_admissions (10) is below min_admissions (20); expected min_admissions ≤ max_admissions"), "{p}");

    let p = problems(&TINY_CRITERIA.replace("units = [\"A\", \"B\"]", "units = [\"A\", \"Q\"]"));
    assert!(p.contains("c.toml: line 12, column 15 (units): site \"Q\" is not in the dataset; expected one of A, B, C, D"), "{p}");

    let p = problems(&TINY_CRITERIA.replace("require = []", "require = [\"C\"]"));
    assert!(
        p.contains("site \"C\" is fixed_open, not a candidate"),
        "{p}"
    );

    let p = problems(&TINY_CRITERIA.replace("metric = \"mean_travel\"", "metric = \"speed\""));
    assert!(
        p.contains("\"speed\": expected one of smallest_hasu_admissions"),
        "{p}"
    );

    let p = problems(&TINY_CRITERIA.replace("min_share = 0.9", "min_share = 90"));
    assert!(
        p.contains("min_share is 90; expected a share between 0 and 1"),
        "{p}"
    );
}

#[test]
fn the_embedded_criteria_load() {
    let data = load_dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kent-medway"))
        .unwrap()
        .dataset;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/kent-medway.toml");
    let c = hasu::criteria::load_criteria(&path, &data).unwrap();
    assert_eq!(c.today.len(), 6);
    assert_eq!(
        hasu::search::count(&data, &c.options),
        hasu::search::Count::Exact(127)
    );
}

/// The embedded criteria file's text.
fn kent_medway_text() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join("criteria/kent-medway.toml")).unwrap()
}

fn kent_medway() -> &'static (Dataset, hasu::criteria::Criteria, Evaluator) {
    static KM: std::sync::OnceLock<(Dataset, hasu::criteria::Criteria, Evaluator)> =
        std::sync::OnceLock::new();
    KM.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let data = load_dataset(&root.join("data/kent-medway"))
            .unwrap()
            .dataset;
        let c =
            hasu::criteria::load_criteria(&root.join("criteria/kent-medway.toml"), &data).unwrap();
        let e = hasu::analyses::evaluator(&data, &c).unwrap();
        (data, c, e)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn admissions_are_conserved(mask in 1u8..128) {
        let (data, _, e) = kent_medway();
        let sites: Vec<usize> = (0..7).filter(|i| mask >> i & 1 == 1).collect();
        let mut scratch = e.scratch();
        let set = SiteSet::from_sites(&sites);
        let m = e.evaluate(&set, &mut scratch);
        let x = e.explain(data, &set, &scratch);
        let sum: f64 = x.units.iter().map(|u| u.admissions).sum::<f64>() + m.unreachable_admissions;
        prop_assert!((sum - data.total_admissions()).abs() < 1e-6, "{} vs {}", sum, data.total_admissions());
        let region: f64 = x.units.iter().map(|u| u.region_admissions).sum();
        prop_assert!((region - m.region_admissions).abs() < 1e-6);
    }

    #[test]
    fn opening_a_site_never_lengthens_a_journey(mask in 1u8..128, extra in 0usize..7) {
        let (_, _, e) = kent_medway();
        let sites: Vec<usize> = (0..7).filter(|i| mask >> i & 1 == 1).collect();
        let mut more = sites.clone();
        more.push(extra);
        let mut scratch = e.scratch();
        e.evaluate(&SiteSet::from_sites(&sites), &mut scratch);
        let before = e.zones(&scratch);
        let m_before = e.evaluate(&SiteSet::from_sites(&sites), &mut scratch);
        let m_after = e.evaluate(&SiteSet::from_sites(&more), &mut scratch);
        let after = e.zones(&scratch);
        for (b, a) in before.iter().zip(&after) {
            let (Some((_, tb)), Some((_, ta))) = (b.option, a.option) else { panic!("unreachable zone") };
            prop_assert!(ta <= tb);
        }
        prop_assert!(m_after.mean_travel <= m_before.mean_travel + 1e-12);
        prop_assert!(m_after.max_travel <= m_before.max_travel);
        prop_assert!(m_after.within_45 >= m_before.within_45 - 1e-12);
    }
}

#[test]
fn a_zone_equally_near_to_two_units_is_shared_by_the_tie_rule() {
    let w = Workdir::new();
    // Z2 (20 admissions, North) is 15 minutes from both A and B.
    let travel = fixtures::TRAVEL.replace("Z2,B,25,", "Z2,B,15,");
    fixtures::tiny(&w.join("ds"), &[("travel_times.csv", &travel)]);
    let data = load_dataset(&w.join("ds")).unwrap().dataset;
    let both = SiteSet::from_sites(&[0, 1]);
    let units = |rule: &str| {
        let text = TINY_CRITERIA.replace(
            "[today]",
            &format!("[assignment]\nties = \"{rule}\"\n\n[today]"),
        );
        let c = parse_criteria(Path::new("tiny.toml"), &text, &data).unwrap();
        let e = hasu::analyses::evaluator(&data, &c).unwrap();
        let mut scratch = e.scratch();
        let m = e.evaluate(&both, &mut scratch);
        let x = e.explain(&data, &both, &scratch);
        let admissions: Vec<(String, f64, usize)> = x
            .units
            .iter()
            .map(|u| (u.site.clone(), u.admissions, u.zones))
            .collect();
        (m, admissions)
    };
    let (split, split_units) = units("split");
    let (first, first_units) = units("first_listed");
    // Split: A has Z1 (10) and half of Z2; B has Z3 (30) and the other half.
    assert_eq!(
        split_units,
        [
            ("A".to_string(), 20.0, 2),
            ("B".to_string(), 40.0, 2),
            ("C".to_string(), 5.0, 1)
        ]
    );
    // First listed: Z2 goes to A whole.
    assert_eq!(
        first_units,
        [
            ("A".to_string(), 30.0, 2),
            ("B".to_string(), 30.0, 1),
            ("C".to_string(), 5.0, 1)
        ]
    );
    assert!(close(split.tied_admissions, 20.0) && close(first.tied_admissions, 20.0));
    // Travel is the same either way.
    assert_eq!(split.mean_travel, first.mean_travel);
    assert_eq!(split.within_30, first.within_30);
    assert!(close(split.smallest_hasu_admissions, 20.0));
    assert!(close(first.smallest_hasu_admissions, 30.0));
}

/// The tiny criteria with input uncertainty: `scale` times some stated
/// errors (0 for none at all).
fn uncertain(scale: f64, years: f64) -> String {
    format!(
        "{TINY_CRITERIA}
[robustness]
seed = 5
weight_draws = 2000
input_draws = 300
concentration = 20
near_miss_probability = 0.05

[uncertainty.travel]
estimated_bias_minutes = {bias}
estimated_site_sd_minutes = {big}
estimated_zone_sd_minutes = {big}
published_site_sd_minutes = {small}
published_zone_sd_minutes = {small}

[uncertainty.pathway]
response_sd_minutes = {small}
on_scene_sd_minutes = {small}
reference_door_to_needle_sd_minutes = {small}
minutes_per_doubling_sd = {small}
spread_sd = {spread}

[uncertainty.admissions]
years = {years}
growth = 0.0
",
        bias = 0.5 * scale,
        big = 3.0 * scale,
        small = 2.0 * scale,
        spread = 0.05 * scale,
    )
}

#[test]
fn uncertainty_values_outside_their_domain_are_refused_at_their_place() {
    let (_w, data) = tiny();
    let text = uncertain(1.0, 3.0)
        .replace("growth = 0.0", "growth = 1e300")
        .replace("response_sd_minutes = 2", "response_sd_minutes = 1e300")
        .replace(
            "estimated_bias_minutes = 0.5",
            "estimated_bias_minutes = 1e300",
        )
        .replace("concentration = 20", "concentration = 1e300")
        .replace("years = 3", "years = -1");
    let err = parse_criteria(Path::new("criteria.toml"), &text, &data)
        .unwrap_err()
        .to_string();
    for expected in [
        "(estimated_bias_minutes): estimated_bias_minutes is 1e300; expected minutes from -120 to 120",
        "(response_sd_minutes): response_sd_minutes is 1e300; expected minutes from 0 to 120",
        "(growth): growth is 1e300; expected a share (0.05 for 5% more) above -1 and at most 10",
        "(concentration): concentration is 1e300; expected a concentration above 0 and at most 1000000",
        "(years): years is -1; expected years from 0 to 100",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

/// The appraisal of `data` under the criteria `text`, and its robustness
/// study with `draws` (weight draws, input draws) from `seed`.
fn studied(
    data: &Dataset,
    text: &str,
    seed: u64,
    (weights, inputs): (usize, usize),
) -> (hasu::rank::Appraisal, hasu::robustness::Study) {
    let c = parse_criteria(Path::new("criteria.toml"), text, data).unwrap();
    let e = hasu::analyses::evaluator(data, &c).unwrap();
    let appraiser = Appraiser {
        data,
        criteria: &c,
        evaluator: &e,
    };
    let a = appraiser.appraise().unwrap();
    let draws = hasu::robustness::Draws {
        seed,
        weights,
        inputs,
    };
    let s = hasu::robustness::study(&appraiser, &a, draws).unwrap();
    (a, s)
}

/// Asserts that, as with certain inputs, every option passes in all input
/// draws or in none, as it does in the appraisal `a`, and that its first is
/// always first.
#[track_caller]
fn assert_certain(data: &Dataset, a: &hasu::rank::Appraisal, s: &hasu::robustness::Study) {
    let odds = &s.inputs.as_ref().unwrap().options;
    for (o, p) in a.options.iter().zip(odds) {
        let id = hasu::rank::site_ids(data, &o.site_set()).join(",");
        assert_eq!(p.p_pass, if o.passes { 1.0 } else { 0.0 }, "{id}");
        let first = if o.rank == Some(1) { 1.0 } else { 0.0 };
        assert_eq!(p.p_first, first, "{id}");
    }
}

#[test]
fn the_input_draws_are_reproducible_and_certain_without_uncertainty() {
    let (_w, data) = tiny();
    let study = |text: &str, seed: u64| studied(&data, text, seed, (500, 300));
    // No uncertainty: every option passes in all draws or in none, as it
    // does with the central inputs, and the first is always the first.
    let (a, s) = study(&uncertain(0.0, 0.0), 1);
    assert_certain(&data, &a, &s);
    assert!(s.near_misses.iter().all(Vec::is_empty));
    // With uncertainty: the same seed gives the same answer, another seed
    // another, and the chances are no longer all 0 or 1.
    let text = uncertain(1.0, 3.0);
    let (_, s1) = study(&text, 1);
    let (_, s1_again) = study(&text, 1);
    let (_, s2) = study(&text, 2);
    assert_eq!(s1, s1_again);
    assert_ne!(s1.inputs, s2.inputs);
    let odds = &s1.inputs.as_ref().unwrap().options;
    assert!(
        odds.iter().any(|p| p.p_pass > 0.0 && p.p_pass < 1.0),
        "{odds:?}"
    );
}

/// An evaluator given back the central inputs (the dataset's times and
/// admissions, the stated pathway) gives every option the central figures,
/// the patient figures included: its lists end at the nearest unit always
/// open, or at the nearest such thrombectomy centre when a hurdle needs the
/// patients' care.
#[test]
fn the_central_inputs_drawn_give_the_central_figures() {
    let data = &kent_medway().0;
    let text = kent_medway_text();
    let with_patients = text.replace(
        "[pathway]",
        "[[hurdles.limit]]\nmetric = \"added_good_outcomes\"\nmin = -1000\n\n[pathway]",
    );
    let mothership = with_patients.replace("\"drip_and_ship\"", "\"mothership\"");
    let admissions: Vec<f64> = data.zones.iter().map(|z| z.admissions).collect();
    for (i, text) in [&text, &with_patients, &mothership].iter().enumerate() {
        let c = parse_criteria(Path::new("km.toml"), text, data).unwrap();
        let central = hasu::analyses::evaluator(data, &c).unwrap();
        let drawn = central.with_inputs(
            |z, s| f64::from(data.travel.get(z, s).unwrap()),
            admissions.clone(),
            &c.pathway,
        );
        let (mut a, mut b) = (central.scratch(), drawn.scratch());
        for mask in 1u8..128 {
            let sites: Vec<usize> = (0..7).filter(|i| mask >> i & 1 == 1).collect();
            let set = SiteSet::from_sites(&sites);
            let (m, d) = (central.evaluate(&set, &mut a), drawn.evaluate(&set, &mut b));
            // The patient figures are worked out for every option when a
            // hurdle needs them.
            assert_eq!(m.patients.is_some(), i > 0);
            assert_eq!(m, d, "{sites:?}");
        }
    }
}

/// The embedded criteria with every uncertain input certain (every error
/// and standard deviation 0) and `extra` hurdles.
fn kent_medway_certain(extra: &str) -> String {
    let text = kent_medway_text();
    let mut uncertain = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with('[') {
                uncertain = line.starts_with("[uncertainty");
            }
            match line.split_once(" = ") {
                Some((key, _)) if uncertain => format!("{key} = 0"),
                _ => line.to_string(),
            }
        })
        .collect();
    lines
        .join("\n")
        .replace("[pathway]\n", &format!("{extra}\n[pathway]\n"))
}

/// `text` with all the weight on the criterion `id`.
fn all_weight_on(text: &str, id: &str) -> String {
    text.split("[[criterion]]")
        .enumerate()
        .map(|(i, block)| {
            if i == 0 {
                return block.to_string();
            }
            let weight = if block.contains(&format!("id = \"{id}\"")) {
                1
            } else {
                0
            };
            block
                .lines()
                .map(|l| {
                    if l.starts_with("weight = ") {
                        format!("weight = {weight}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("[[criterion]]")
}

/// With nothing uncertain, every input draw is the central appraisal: each
/// option passes in all draws or none, and the first is always first, also
/// when a hurdle or a criterion needs the call-to-needle share (which the
/// draws work out only when needed).
#[test]
fn certain_inputs_give_the_central_appraisal_with_every_figure() {
    let data = &kent_medway().0;
    let ctn_hurdle = "[[hurdles.limit]]\nmetric = \"call_to_needle_within_target\"\nmin = 0.7\n";
    let mut passing = Vec::new();
    let texts = [
        kent_medway_certain(""),
        kent_medway_certain(ctn_hurdle),
        all_weight_on(&kent_medway_certain(""), "call_to_needle"),
    ];
    let mut first = Vec::new();
    for text in &texts {
        let (a, s) = studied(data, text, 3, (100, 20));
        assert!(a.passing > 1 && a.passing < a.options.len());
        passing.push(a.passing);
        first.push(a.ranked()[0].site_set());
        assert_certain(data, &a, &s);
    }
    // The call-to-needle hurdle fails options that pass the others, and
    // the call-to-needle share alone puts another option first.
    assert!(passing[1] < passing[0], "{passing:?}");
    assert_ne!(first[2], first[0]);
}

/// The tiny dataset with Beta's times from the North zones estimated at
/// 19 minutes.
fn tiny_with_estimated_beta() -> (Workdir, Dataset) {
    let w = Workdir::new();
    let travel = fixtures::TRAVEL
        .replace("Z1,B,30,matrix", "Z1,B,19,estimated")
        .replace("Z2,B,25,matrix", "Z2,B,19,estimated");
    fixtures::tiny(&w.join("ds"), &[("travel_times.csv", &travel)]);
    let data = load_dataset(&w.join("ds")).unwrap().dataset;
    (w, data)
}

/// Where option Beta (alone) is in the long list of `a`.
fn beta(a: &hasu::rank::Appraisal) -> usize {
    a.position(&SiteSet::from_sites(&[1])).unwrap()
}

/// An estimate's errors are shared by the zones of a district: with only a
/// district shift of sd 2 minutes, the two North zones at 19 minutes from
/// Beta (estimated) move together, so Beta alone passes the 20-minute
/// access hurdle (90% within) when the shift is at least −1 minute, in
/// Φ(0.5) = 69.1% of draws; the same spread as independent zone noise
/// needs both zones within, 69.1%² = 47.8%.
#[test]
fn estimate_errors_move_a_district_together_in_the_input_draws() {
    let (_w, data) = tiny_with_estimated_beta();
    let base = uncertain(0.0, 0.0).replace("max_admissions = 40", "max_admissions = 100");
    let p_beta = |travel: &str| {
        let text = base.replace(
            "estimated_site_sd_minutes = 0\nestimated_zone_sd_minutes = 0\n",
            travel,
        );
        assert_ne!(text, base);
        let (a, s) = studied(&data, &text, 3, (0, 1000));
        let beta = beta(&a);
        assert!(a.options[beta].passes, "Beta passes centrally");
        s.inputs.unwrap().options[beta].p_pass
    };
    let district = p_beta(
        "estimated_site_sd_minutes = 0\nestimated_district_sd_minutes = 2\nestimated_zone_sd_minutes = 0\n",
    );
    assert!((district - 0.6915).abs() < 0.05, "{district}");
    let zones = p_beta("estimated_site_sd_minutes = 0\nestimated_zone_sd_minutes = 2\n");
    assert!((zones - 0.4782).abs() < 0.05, "{zones}");
}

/// Figures resting on estimated times: Beta's estimated times (19 minutes
/// from the North zones) moved to each end of the middle 95% of a site's
/// error (bias 0.5, sd 1: 2.46 minutes shorter, 1.46 longer), its
/// published time (8 from South) kept: Beta alone passes the 20-minute
/// access hurdle at the shorter end only, and its mean journey, 13.5 as
/// estimated, is (30 × 16.5 + 30 × 8) / 60 = 12.25 to 14.25 (journeys are
/// evaluated in tenths of a minute: 16.54 is 16.5, 20.46 is 20.5).
#[test]
fn moving_estimated_times_within_their_error_shows_what_rests_on_them() {
    let (_w, data) = tiny_with_estimated_beta();
    let text = uncertain(0.0, 0.0)
        .replace("max_admissions = 40", "max_admissions = 100")
        .replace(
            "estimated_bias_minutes = 0\n",
            "estimated_bias_minutes = 0.5\n",
        )
        .replace(
            "estimated_site_sd_minutes = 0\n",
            "estimated_site_sd_minutes = 1\n",
        );
    let c = parse_criteria(Path::new("criteria.toml"), &text, &data).unwrap();
    let e = hasu::analyses::evaluator(&data, &c).unwrap();
    let appraiser = Appraiser {
        data: &data,
        criteria: &c,
        evaluator: &e,
    };
    let a = appraiser.appraise().unwrap();
    let spread = hasu::estimates::study(&data, &c, &a).unwrap().unwrap();
    assert_eq!(spread.sites, ["B"]);
    assert!(
        close(spread.range.0, -2.46) && close(spread.range.1, 1.46),
        "{:?}",
        spread.range
    );
    let ends: Vec<(&str, f64)> = spread
        .moved
        .iter()
        .map(|m| (m.site.as_str(), m.minutes))
        .collect();
    assert_eq!(ends, [("B", spread.range.0), ("B", spread.range.1)]);
    let beta = beta(&a);
    assert!(close(a.options[beta].metrics.mean_travel, 13.5));
    let s = &spread.options[beta];
    assert_eq!(s.passes, 1, "{s:?}");
    let (lo, hi) = s.mean_travel;
    assert!(close(lo, 12.25) && close(hi, 14.25), "{s:?}");
}

/// The organised-care effect joins the input draws: with every other input
/// certain, option Beta's 60 admissions a year in HASU care (today 30, at
/// Alpha) give deaths avoided of 60 × m, m drawn normal around 1.1% with
/// the sd its interval 0.1–2.1% implies, so the middle 95% of draws is
/// close to 60 × (0.1%, 2.1%) = 0.06–1.26, and the change from today to
/// 30 × (0.1%, 2.1%) = 0.03–0.63.
#[test]
fn the_organised_care_interval_joins_the_input_draws() {
    let (_w, data) = tiny();
    let text = format!(
        "{}\n[organised_care]\nmortality_reduction = 0.011\nmortality_reduction_low = 0.001\nmortality_reduction_high = 0.021\nlength_of_stay_reduction_days = 1.4\ntoday_hasus = [\"A\"]\nout_of_area_hasus = false\nsource = \"Morris et al., BMJ 2014\"\n",
        uncertain(0.0, 0.0).replace("max_admissions = 40", "max_admissions = 100")
    );
    let (a, s) = studied(&data, &text, 7, (0, 2000));
    let beta = beta(&a);
    let c = s.inputs.unwrap().options[beta].organised_care.unwrap();
    let near = |x: f64, y: f64| (x - y).abs() < 0.08;
    assert!(
        near(c.deaths_avoided.0, 0.06) && near(c.deaths_avoided.1, 1.26),
        "{c:?}"
    );
    assert!(near(c.change.0, 0.03) && near(c.change.1, 0.63), "{c:?}");
    // Not the point figure: the interval is drawn.
    assert!(c.deaths_avoided.1 - c.deaths_avoided.0 > 1.0, "{c:?}");
}
