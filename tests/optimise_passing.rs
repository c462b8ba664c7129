//! `hasu optimise --passing`: the best option that passes the rules,
//! against brute force through the evaluator on small random datasets
//! (a rule the relaxation knows nothing of, and a random volume band),
//! and the command's reasons when none passes.

use std::path::Path;

use hasu::evaluate::SiteSet;
use hasu::load::load_dataset;
use hasu::optimise::passing::best_passing;
use hasu::optimise::rules::{HurdleJudge, Judge, Verdict};
use hasu::optimise::{Instance, Settings};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Uniform};

use crate::optimise::{free_cases, random_dataset};
use crate::workdir::Workdir;

/// A rule the relaxation knows nothing of, as a judge: pass or fail, and
/// the mean journey from the instance.
struct Arbitrary<'a> {
    inst: &'a Instance,
    rule: &'a (dyn Fn(&[usize]) -> bool + Sync),
}

impl Judge for Arbitrary<'_> {
    type Scratch = ();

    fn scratch(&self) {}

    fn verdict(&self, hasus: &[usize], _: &mut ()) -> Verdict {
        let open = self.inst.open_of(hasus);
        Verdict {
            shortfall: if (self.rule)(hasus) { 0.0 } else { 1.0 },
            mean: self.inst.cost_of(&open) / self.inst.total_weight,
        }
    }
}

#[test]
fn the_best_passing_option_is_the_lowest_of_brute_force_among_those_that_pass() {
    let (mut found, mut none) = (0, 0);
    for (case, (random, inst, rules)) in free_cases(31, 40).into_iter().enumerate() {
        let candidates = rules.max_hasus;
        // A rule the relaxation knows nothing of: the sites' indices, times
        // a number of the case, add up to a multiple of 3.
        let rule =
            |hasus: &[usize]| hasus.iter().map(|s| s * (case % 4 + 1)).sum::<usize>() % 3 == 0;
        let brute = random.brute_force_where(&rules, &rule);
        let judge = Arbitrary {
            inst: &inst,
            rule: &rule,
        };
        for (p, values) in brute.iter().enumerate().take(candidates + 1).skip(1) {
            let s = best_passing(&inst, p, &Settings::default(), 4096, &judge).unwrap();
            let label = format!("case {case}, p = {p}");
            assert!(s.proven, "{label}: not proven");
            match (values.first(), &s.found) {
                (Some(&best), Some(f)) => {
                    assert!(
                        (f.value - best).abs() <= 1e-9 * best,
                        "{label}: {} against {best}",
                        f.value
                    );
                    assert!(rule(&f.hasus), "{label}");
                    assert!(s.lower_bound.unwrap() <= f.value * (1.0 + 1e-12), "{label}");
                    found += 1;
                }
                (None, None) => {
                    assert_eq!(s.lower_bound, None, "{label}");
                    none += 1;
                }
                (b, f) => panic!("{label}: brute force {b:?}, search {f:?}"),
            }
        }
    }
    assert!(
        found > 100 && none > 5,
        "{found} found, {none} with none passing"
    );
}

#[test]
fn the_best_option_within_a_volume_band_is_checked_against_every_option_the_evaluator_passes() {
    let w = Workdir::new();
    let mut rng = ChaCha8Rng::seed_from_u64(47);
    let (mut proven_found, mut impossible, mut ruled_out, mut unproven) = (0, 0, 0, 0);
    for case in 0..40 {
        let dir = w.join(&format!("case{case}"));
        let random = random_dataset(&dir, &mut rng);
        let data = load_dataset(&dir).unwrap().dataset;
        let text = hasu::criteria::starting_criteria(&data, "random", "random").unwrap();
        let mut criteria =
            hasu::criteria::parse_criteria(Path::new("random.toml"), &text, &data).unwrap();
        // A random volume band; the other hurdles out of the way (they
        // only get easier as units open, and are tested elsewhere).
        let total: f64 = data.zones.iter().map(|z| z.admissions).sum();
        let share = |rng: &mut ChaCha8Rng, a: f64, b: f64| Uniform::new(a, b).unwrap().sample(rng);
        let h = &mut criteria.hurdles;
        h.min_admissions = (total * share(&mut rng, 0.02, 0.3)).round();
        h.max_admissions = (total * share(&mut rng, 0.2, 0.8)).round();
        h.max_travel_minutes = 1e6;
        h.min_share_within_access = 0.0;
        h.min_share_within_door_to_needle = 0.0;
        let evaluator = hasu::analyses::evaluator(&data, &criteria).unwrap();
        let mut scratch = evaluator.scratch();
        let candidates: Vec<usize> = (0..random.roles.len())
            .filter(|&s| random.roles[s] == "candidate")
            .collect();
        // Every option through the evaluator: the best passing mean
        // journey of each size, and the sites any passing option has.
        let mut best = vec![None::<f64>; candidates.len() + 1];
        let mut in_passing = vec![false; random.roles.len()];
        for mask in 1u32..(1 << candidates.len()) {
            let sites: Vec<usize> = (0..candidates.len())
                .filter(|k| mask & (1 << k) != 0)
                .map(|k| candidates[k])
                .collect();
            let m = evaluator.evaluate(&SiteSet::from_sites(&sites), &mut scratch);
            let passes = hasu::rank::checks(&criteria.hurdles, &m)
                .iter()
                .all(|c| c.passed());
            if passes {
                let b = &mut best[sites.len()];
                *b = Some(b.map_or(m.mean_travel, |x: f64| x.min(m.mean_travel)));
                for &s in &sites {
                    in_passing[s] = true;
                }
            }
        }
        let inst = Instance::new(&data, &criteria.options).unwrap();
        let judge = HurdleJudge {
            evaluator: &evaluator,
            hurdles: &criteria.hurdles,
            groups: &criteria.options.groups,
        };
        for (p, &truth) in best.iter().enumerate().skip(1) {
            let label = format!("case {case}, p = {p}");
            let s = best_passing(&inst, p, &Settings::default(), 64, &judge).unwrap();
            for o in &s.ruled_out {
                assert!(!in_passing[o.site], "{label}: ruled out {o:?}");
                ruled_out += 1;
            }
            if s.impossible.is_some() {
                assert_eq!(truth, None, "{label}: {:?}", s.impossible);
                impossible += 1;
            }
            if let Some(f) = &s.found {
                let m = evaluator.evaluate(&SiteSet::from_sites(&f.hasus), &mut scratch);
                assert!(
                    hasu::rank::checks(&criteria.hurdles, &m)
                        .iter()
                        .all(|c| c.passed()),
                    "{label}: {f:?} fails"
                );
                assert!((m.mean_travel - f.value).abs() <= 1e-9 * f.value, "{label}");
                assert_eq!(f.hasus.len(), p, "{label}");
            }
            match (truth, &s.found, s.lower_bound) {
                (Some(t), Some(f), Some(lower)) => {
                    assert!(
                        lower <= t * (1.0 + 1e-9),
                        "{label}: bound {lower} above {t}"
                    );
                    assert!(f.value >= t * (1.0 - 1e-9), "{label}");
                    if s.proven {
                        assert!(
                            (f.value - t).abs() <= 1e-9 * t,
                            "{label}: {} against {t}",
                            f.value
                        );
                        proven_found += 1;
                    } else {
                        unproven += 1;
                    }
                }
                (Some(t), None, Some(lower)) => {
                    assert!(
                        !s.proven && lower <= t * (1.0 + 1e-9),
                        "{label}: {t}, {s:?}"
                    );
                    unproven += 1;
                }
                (None, None, _) => {}
                (t, _, _) => panic!("{label}: brute force {t:?}, search {s:?}"),
            }
        }
    }
    assert!(
        proven_found > 40 && impossible > 20 && ruled_out > 5,
        "{proven_found} proven, {impossible} impossible, {ruled_out} ruled out, {unproven} not proven"
    );
}

#[test]
fn passing_rules_out_sites_too_large_and_says_why_none_passes() {
    let w = Workdir::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let data = format!("{root}/data/kent-medway");
    let criteria = std::fs::read_to_string(format!("{root}/criteria/kent-medway.toml")).unwrap();
    let run = |name: &str, from: &[(&str, &str)], p: &str| -> serde_json::Value {
        let mut text = criteria.clone();
        for (a, b) in from {
            assert!(text.contains(a), "{a}");
            text = text.replace(a, b);
        }
        let file = w.join(name);
        std::fs::write(&file, text).unwrap();
        let out = w
            .run(&[
                "optimise",
                "--data",
                &data,
                "--criteria",
                file.to_str().unwrap(),
                "--p",
                p,
                "--passing",
                "--format",
                "json",
            ])
            .expect_code(0)
            .stdout();
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["results"][0].clone()
    };
    // Under the road-nearest rule, a top of 800 a year: Darent Valley
    // admits 876 even with every other site open, so no passing option has
    // it; the best of four without it.
    let nearest = ("rule = \"ambulance_service\"", "rule = \"nearest\"");
    let r = run(
        "top.toml",
        &[("max_admissions = 1500", "max_admissions = 800"), nearest],
        "4",
    );
    assert_eq!(r["ruled_out"][0]["site"], "DA", "{r}");
    assert!(
        (r["ruled_out"][0]["admissions"].as_f64().unwrap() - 876.0).abs() < 1.0,
        "{r}"
    );
    assert_eq!(
        r["sites"],
        serde_json::json!(["MD", "MW", "QM", "WH"]),
        "{r}"
    );
    assert_eq!(r["proven"], true);
    // 99% within 30 minutes: 98.1% with every site open, so none passes,
    // proven without a search.
    let r = run(
        "access.toml",
        &[
            ("within_minutes = 45", "within_minutes = 30"),
            ("min_share = 0.95", "min_share = 0.99"),
        ],
        "3",
    );
    assert_eq!(r["sites"], serde_json::json!([]), "{r}");
    assert_eq!(r["proven"], true);
    assert_eq!(r["nodes"], 0);
    let why = r["none_passes"].as_str().unwrap();
    assert!(
        why.contains("access_share") && why.contains("0.981"),
        "{why}"
    );
}
