//! `hasu optimise`: the proven p-median against brute force on small
//! random datasets for every p, its lower bound, its certificate checked by
//! an independent evaluation of the Lagrangian bound, the real data against
//! the evaluator, and the command's outputs.

use std::path::Path;

use hasu::criteria::OptionRules;
use hasu::evaluate::SiteSet;
use hasu::load::load_dataset;
use hasu::optimise::passing::best_passing;
use hasu::optimise::rules::HurdleJudge;
use hasu::optimise::{Instance, Settings, Stop, solve};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Uniform};

use crate::fixtures;
use crate::workdir::Workdir;

/// A random dataset as the test sees it: every in-region zone's
/// admissions and minutes to every site (dataset order).
pub(crate) struct Random {
    pub(crate) admissions: Vec<f64>,
    pub(crate) minutes: Vec<Vec<f64>>,
    /// Per site: "candidate", "fixed_open" or "closed".
    pub(crate) roles: Vec<&'static str>,
}

/// Writes a random dataset: 3 to 13 candidates, sometimes a fixed-open unit
/// out of the region and a closed site, 4 to 40 zones in the region and
/// one outside it; minutes (not a metric: hard for the bound) often on a coarse grid so that zones tie.
pub(crate) fn random_dataset(dir: &Path, rng: &mut ChaCha8Rng) -> Random {
    let pick = |rng: &mut ChaCha8Rng, a: usize, b: usize| {
        Uniform::new_inclusive(a, b).unwrap().sample(rng)
    };
    let candidates = pick(rng, 3, 13);
    let mut roles = vec!["candidate"; candidates];
    if pick(rng, 0, 1) == 1 {
        roles.push("fixed_open");
    }
    if pick(rng, 0, 1) == 1 {
        roles.push("closed");
    }
    let zones = pick(rng, 4, 40);
    let coarse = pick(rng, 0, 1) == 1;
    let mut sites = String::from(
        "site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes\n",
    );
    for (k, role) in roles.iter().enumerate() {
        let inside = if *role == "fixed_open" { "no" } else { "yes" };
        sites += &format!("S{k},Site {k},,51.{k},0.{k},,{role},{inside},ivt,\n");
    }
    let mut zone_rows =
        String::from("zone_id,name,latitude,longitude,admissions,district,icb,sub_icb,in_region\n");
    let mut travel = String::from("zone_id,site_id,minutes,source\n");
    let mut random = Random {
        admissions: Vec::new(),
        minutes: Vec::new(),
        roles: roles.clone(),
    };
    for z in 0..=zones {
        let inside = z < zones;
        let admissions = pick(rng, 1, 80) as f64 / 2.0;
        zone_rows += &format!(
            "Z{z},Zone {z},51.{z},0.{z},{admissions},D{},ICB,SUB,{}\n",
            z % 3,
            if inside { "yes" } else { "no" }
        );
        let row: Vec<f64> = (0..roles.len())
            .map(|_| {
                if coarse {
                    pick(rng, 1, 6) as f64 * 10.0
                } else {
                    pick(rng, 10, 900) as f64 / 10.0
                }
            })
            .collect();
        for (k, m) in row.iter().enumerate() {
            travel += &format!("Z{z},S{k},{m},matrix\n");
        }
        if inside {
            random.admissions.push(admissions);
            random.minutes.push(row);
        }
    }
    fixtures::tiny(
        dir,
        &[
            ("sites.csv", &sites),
            ("zones.csv", &zone_rows),
            ("travel_times.csv", &travel),
        ],
    );
    random
}

impl Random {
    /// The admission-weighted mean journey with `open` sites open.
    fn mean(&self, open: &[bool]) -> f64 {
        let total: f64 = self.admissions.iter().sum();
        let cost: f64 = self
            .minutes
            .iter()
            .zip(&self.admissions)
            .map(|(row, a)| {
                a * row
                    .iter()
                    .zip(open)
                    .filter(|(_, o)| **o)
                    .map(|(m, _)| *m)
                    .fold(f64::INFINITY, f64::min)
            })
            .sum();
        cost / total
    }

    /// The mean journey of every option, by number of HASUs (index p),
    /// lowest first, by trying them all.
    fn brute_force(&self, rules: &OptionRules) -> Vec<Vec<f64>> {
        self.brute_force_where(rules, &|_| true)
    }

    /// The same over the options whose HASUs (site indices, ascending)
    /// `keep` accepts.
    pub(crate) fn brute_force_where(
        &self,
        rules: &OptionRules,
        keep: &dyn Fn(&[usize]) -> bool,
    ) -> Vec<Vec<f64>> {
        let n = self.roles.len();
        let mut all = vec![Vec::new(); n + 1];
        for mask in 0u32..(1 << n) {
            let open: Vec<bool> = (0..n).map(|s| mask & (1 << s) != 0).collect();
            let hasus = (0..n)
                .filter(|&s| open[s] && self.roles[s] == "candidate")
                .count();
            let allowed = (0..n).all(|s| match self.roles[s] {
                "fixed_open" => open[s],
                "closed" => !open[s],
                // An excluded site is shut, a required one open.
                _ => {
                    (!rules.exclude.contains(&s) || !open[s])
                        && (!rules.require.contains(&s) || open[s])
                }
            });
            let sites: Vec<usize> = (0..n)
                .filter(|&s| open[s] && self.roles[s] == "candidate")
                .collect();
            if allowed && keep(&sites) {
                all[hasus].push(self.mean(&open));
            }
        }
        for values in &mut all {
            values.sort_by(f64::total_cmp);
        }
        all
    }

    /// `L(v)` worked out from scratch: `Σ v_i + Σ_{open} ρ_j` with the
    /// fixed sites open and the `p − required` free candidates of most
    /// negative `ρ_j = Σ_i min(0, a_i t_ij − v_i)`; multipliers in zone
    /// order, returned as admissions × minutes.
    fn lagrangian(&self, v: &[f64], p: usize, rules: &OptionRules) -> f64 {
        let n = self.roles.len();
        let rho: Vec<f64> = (0..n)
            .map(|s| {
                self.minutes
                    .iter()
                    .zip(&self.admissions)
                    .zip(v)
                    .map(|((row, a), vi)| (a * row[s] - vi).min(0.0))
                    .sum()
            })
            .collect();
        let fixed = |s: usize| self.roles[s] == "fixed_open" || rules.require.contains(&s);
        let mut free: Vec<f64> = (0..n)
            .filter(|&s| self.roles[s] == "candidate" && !fixed(s) && !rules.exclude.contains(&s))
            .map(|s| rho[s])
            .collect();
        free.sort_by(f64::total_cmp);
        let fixed_sum: f64 = (0..n).filter(|&s| fixed(s)).map(|s| rho[s]).sum();
        v.iter().sum::<f64>() + fixed_sum + free[..p - rules.require.len()].iter().sum::<f64>()
    }
}

#[test]
fn every_p_equals_brute_force_with_a_bound_and_a_certificate_checked_independently() {
    let w = Workdir::new();
    // Seeded: the same 60 instances on every run.
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let (mut checked, mut branched) = (0, 0);
    for case in 0..60 {
        let dir = w.join(&format!("case{case}"));
        let random = random_dataset(&dir, &mut rng);
        let data = load_dataset(&dir).unwrap().dataset;
        let candidates: Vec<usize> = (0..random.roles.len())
            .filter(|&s| random.roles[s] == "candidate")
            .collect();
        // Every third case requires a candidate, every third excludes one.
        let rules = OptionRules {
            min_hasus: 1,
            max_hasus: candidates.len(),
            require: if case % 3 == 1 {
                vec![candidates[0]]
            } else {
                vec![]
            },
            exclude: if case % 3 == 2 {
                vec![candidates[1]]
            } else {
                vec![]
            },
            max_combinations: u64::MAX,
            groups: Vec::new(),
        };
        let inst = Instance::new(&data, &rules).unwrap();
        let total: f64 = random.admissions.iter().sum();
        let most = candidates.len() - rules.exclude.len();
        let brute = random.brute_force(&rules);
        let least = rules.require.len().max(1);
        for (p, values) in brute.iter().enumerate().take(most + 1).skip(least) {
            let best = values[0];
            let s = solve(&inst, p, &Settings::default()).unwrap();
            let found = s.best();
            let label = format!("case {case}, p = {p}: {:?}", found.hasus);
            assert!(s.proven, "{label}: not proven (gap {})", s.gap);
            assert!(
                (found.value - best).abs() <= 1e-9 * best,
                "{label}: {} against brute force {best}",
                found.value
            );
            assert!(
                s.lower_bound <= found.value + 1e-12,
                "{label}: bound above value"
            );
            assert_eq!(found.hasus.len(), p, "{label}");
            // The HASUs named give the value claimed.
            let open: Vec<bool> = (0..random.roles.len())
                .map(|x| found.hasus.contains(&x) || random.roles[x] == "fixed_open")
                .collect();
            assert!(
                (random.mean(&open) - found.value).abs() <= 1e-9 * best,
                "{label}"
            );
            assert!(
                rules.require.iter().all(|r| found.hasus.contains(r)),
                "{label}"
            );
            assert!(
                rules.exclude.iter().all(|x| !found.hasus.contains(x)),
                "{label}"
            );
            // The root certificate: its multipliers give, computed from
            // scratch, the bound it claims, and that bound is below the
            // brute-force optimum.
            let independent = random.lagrangian(&s.multipliers, p, &rules);
            assert!(
                (independent - s.root_bound).abs() <= 1e-9 * total * best.max(1.0),
                "{label}: certificate {independent} against {}",
                s.root_bound
            );
            assert!(
                independent / total <= best * (1.0 + 1e-12),
                "{label}: bound above the optimum"
            );
            checked += 1;
            branched += usize::from(s.nodes > 1);
        }
    }
    assert!(checked > 300, "only {checked} (instance, p) pairs checked");
    // The random instances are hard enough that the search must branch.
    assert!(branched >= 10, "only {branched} searches branched");
}

/// `count` random datasets from `seed`, each with its instance and rules
/// that leave every candidate free.
pub(crate) fn free_cases(seed: u64, count: usize) -> Vec<(Random, Instance, OptionRules)> {
    let w = Workdir::new();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count)
        .map(|case| {
            let dir = w.join(&format!("case{case}"));
            let random = random_dataset(&dir, &mut rng);
            let data = load_dataset(&dir).unwrap().dataset;
            let candidates = random.roles.iter().filter(|r| **r == "candidate").count();
            let rules = OptionRules {
                min_hasus: 1,
                max_hasus: candidates,
                require: Vec::new(),
                exclude: Vec::new(),
                max_combinations: u64::MAX,
                groups: Vec::new(),
            };
            let inst = Instance::new(&data, &rules).unwrap();
            (random, inst, rules)
        })
        .collect()
}

#[test]
fn the_k_best_options_are_the_k_lowest_of_brute_force_with_a_bound_on_the_rest() {
    let mut checked = 0;
    for (case, (random, inst, rules)) in free_cases(25, 40).into_iter().enumerate() {
        let candidates = rules.max_hasus;
        let brute = random.brute_force(&rules);
        let top = 2 + case % 5;
        for (p, values) in brute.iter().enumerate().take(candidates + 1).skip(1) {
            let settings = Settings {
                top,
                ..Settings::default()
            };
            let s = solve(&inst, p, &settings).unwrap();
            let label = format!("case {case}, p = {p}, top {top}");
            assert!(s.proven, "{label}: not proven (gap {})", s.gap);
            let listed = top.min(values.len());
            assert_eq!(s.options.len(), listed, "{label}");
            for (k, found) in s.options.iter().enumerate() {
                assert!(
                    (found.value - values[k]).abs() <= 1e-9 * values[k],
                    "{label}: option {k} has {} against brute force {}",
                    found.value,
                    values[k]
                );
                assert_eq!(found.hasus.len(), p, "{label}");
            }
            // Distinct options, cheapest first.
            for pair in s.options.windows(2) {
                assert!(
                    pair[0].value <= pair[1].value && pair[0].hasus != pair[1].hasus,
                    "{label}"
                );
            }
            // No option left out is below the bound.
            if let Some(&next) = values.get(listed) {
                assert!(
                    s.lower_bound <= next * (1.0 + 1e-9),
                    "{label}: bound {} above {next}",
                    s.lower_bound
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} checked");
}

#[test]
fn on_the_real_data_each_p_is_the_best_the_evaluator_finds_among_all_options() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = load_dataset(&root.join("data/kent-medway"))
        .unwrap()
        .dataset;
    let criteria =
        hasu::criteria::load_criteria(&root.join("criteria/kent-medway.toml"), &data).unwrap();
    let evaluator = hasu::analyses::evaluator(&data, &criteria).unwrap();
    let mut scratch = evaluator.scratch();
    let candidates: Vec<usize> = (0..data.sites.len())
        .filter(|&s| data.sites[s].role == hasu::model::Role::Candidate)
        .collect();
    let inst = Instance::new(&data, &criteria.options).unwrap();
    for p in 1..=candidates.len() {
        // Every option of p HASUs through the evaluator: the best mean
        // journey, and the best of those that pass every hurdle.
        let (mut best, mut best_passing_value) = (f64::INFINITY, None::<f64>);
        for mask in (0u32..(1 << candidates.len())).filter(|m| m.count_ones() as usize == p) {
            let sites: Vec<usize> = (0..candidates.len())
                .filter(|k| mask & (1 << k) != 0)
                .map(|k| candidates[k])
                .collect();
            let m = evaluator.evaluate(&SiteSet::from_sites(&sites), &mut scratch);
            best = best.min(m.mean_travel);
            if hasu::rank::checks(&criteria.hurdles, &m)
                .iter()
                .all(|c| c.passed())
            {
                best_passing_value =
                    Some(best_passing_value.map_or(m.mean_travel, |b| b.min(m.mean_travel)));
            }
        }
        let s = solve(&inst, p, &Settings::default()).unwrap();
        assert!(s.proven, "p = {p}");
        assert!(
            (s.best().value - best).abs() <= 1e-9 * best,
            "p = {p}: {} against {best}",
            s.best().value
        );
        let judge = HurdleJudge {
            evaluator: &evaluator,
            hurdles: &criteria.hurdles,
            groups: &criteria.options.groups,
        };
        let found = best_passing(&inst, p, &Settings::default(), 1024, &judge).unwrap();
        assert!(found.proven, "p = {p}");
        match (found.found, best_passing_value) {
            (Some(f), Some(b)) => assert!(
                (f.value - b).abs() <= 1e-9 * b,
                "p = {p}: {} against {b}",
                f.value
            ),
            (f, b) => assert!(f.is_none() && b.is_none(), "p = {p}: {f:?} against {b:?}"),
        }
    }
}

#[test]
fn the_command_prints_the_curve_and_writes_its_json() {
    let w = Workdir::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let data = format!("{root}/data/kent-medway");
    let criteria = format!("{root}/criteria/kent-medway.toml");
    let optimise = |extra: &[&str]| {
        let mut args = vec!["optimise", "--data", &data, "--criteria", &criteria];
        args.extend_from_slice(extra);
        w.run(&args)
    };
    let table = optimise(&["--p", "1..7"]).expect_code(0).stdout();
    assert_eq!(
        table.lines().filter(|l| l.contains(" yes ")).count(),
        7,
        "{table}"
    );
    assert!(
        table.contains("MD,QM,WH"),
        "p = 3 is Maidstone, Queen Elizabeth the Queen Mother and William Harvey:\n{table}"
    );

    optimise(&["--p", "2..3", "--format", "json", "--out", "curve.json"]).expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(&w.read("curve.json")).unwrap();
    assert_eq!(doc["schema"], "hasu.optimise/1");
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for key in [
        "p",
        "sites",
        "mean_travel",
        "lower_bound",
        "gap",
        "proven",
        "seconds",
        "within_30",
        "within_45",
        "within_60",
        "smallest_unit",
        "largest_unit",
    ] {
        assert!(results[0].get(key).is_some(), "{key} missing");
    }
    assert_eq!(results[1]["sites"], serde_json::json!(["MD", "QM", "WH"]));
    assert_eq!(results[1]["proven"], true);
    let share = results[1]["within_45"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&share));
    assert!(
        results[1]["mean_travel"].as_f64().unwrap() < results[0]["mean_travel"].as_f64().unwrap()
    );

    // An existing output is kept without --force; a p the region cannot
    // have is refused.
    let again = optimise(&["--p", "3", "--out", "curve.json"]).expect_code(2);
    assert!(again.stderr().contains("--force"), "{}", again.stderr());
    let too_many = optimise(&["--p", "9"]).expect_code(2);
    assert!(too_many.stderr().contains("p = 9"), "{}", too_many.stderr());
    optimise(&["--p", "0"]).expect_code(2);
}

#[test]
fn appraise_ranks_a_shortlist_found_by_proven_search_and_says_so() {
    let w = Workdir::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let data = format!("{root}/data/kent-medway");
    let criteria = format!("{root}/criteria/kent-medway.toml");
    // Under the road-nearest rule every size's two shortest have a passing
    // option among them, so that the shortlist is exactly those.
    let nearest = format!("{root}/scenarios/kent-medway-road-nearest.toml");
    let appraise = |extra: &[&str]| {
        let mut args = vec![
            "appraise",
            "--data",
            &data,
            "--criteria",
            &criteria,
            "--scenario",
            &nearest,
            "--draws",
            "200",
            "--input-draws",
            "20",
        ];
        args.extend_from_slice(extra);
        w.run(&args).expect_code(0).stdout()
    };
    let all: serde_json::Value = serde_json::from_str(&appraise(&["--format", "json"])).unwrap();
    let short: serde_json::Value =
        serde_json::from_str(&appraise(&["--format", "json", "--shortlist", "2"])).unwrap();
    assert!(all.get("shortlist").is_none());
    assert_eq!(
        short["shortlist"],
        serde_json::json!({"per_size": 2, "combinations": "127", "proven": true, "passing_added": 0})
    );
    // Two of each size from 1 to 6 HASUs, and the one of 7.
    assert_eq!(short["considered"], 13);
    // Each option keeps its score, and the shortlist holds the two lowest
    // mean journeys of each size.
    let options = |doc: &serde_json::Value| -> Vec<(String, Option<f64>, f64)> {
        doc["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["id"].as_str().unwrap().to_string(),
                    o["score"].as_f64(),
                    o["metrics"]["mean_travel"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let (all, short) = (options(&all), options(&short));
    for o in &short {
        assert!(all.contains(o), "{o:?} differs from the full appraisal");
    }
    for size in 1..=7 {
        let mut means: Vec<f64> = all
            .iter()
            .filter(|o| o.0.split(',').count() == size)
            .map(|o| o.2)
            .collect();
        means.sort_by(f64::total_cmp);
        let mut kept: Vec<f64> = short
            .iter()
            .filter(|o| o.0.split(',').count() == size)
            .map(|o| o.2)
            .collect();
        kept.sort_by(f64::total_cmp);
        assert_eq!(kept, means[..means.len().min(2)], "size {size}");
    }
    assert!(
        appraise(&["--shortlist", "2"]).contains("not every combination (the rules allow 127)")
    );

    // A floor of 600 a year: the three units with the lowest mean journey
    // fail it (the smallest admits 562), so the best passing option the
    // constrained search finds joins the shortlist, and passes.
    let text = std::fs::read_to_string(&criteria)
        .unwrap()
        .replace("min_admissions = 500", "min_admissions = 600");
    let floor = w.join("floor.toml");
    std::fs::write(&floor, text).unwrap();
    let run = w
        .run(&[
            "appraise",
            "--data",
            &data,
            "--criteria",
            floor.to_str().unwrap(),
            "--shortlist",
            "1",
            "--format",
            "json",
            "--draws",
            "200",
            "--input-draws",
            "20",
        ])
        .expect_code(0)
        .stdout();
    let doc: serde_json::Value = serde_json::from_str(&run).unwrap();
    assert_eq!(doc["shortlist"]["passing_added"], 1, "{}", doc["shortlist"]);
    assert_eq!(doc["considered"], 8);
    assert_eq!(doc["passing"], 2);
    // Scored: the two that pass (two units, and the three found).
    let scored = doc["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["score"].is_number())
        .count();
    assert_eq!(scored, 2);
}

#[test]
fn zones_with_times_to_too_few_sites_are_refused_not_a_panic() {
    let w = Workdir::new();
    // Z1 has a time to Alpha only, Z2 to Beta only: one HASU cannot reach
    // both; two can.
    let travel = "zone_id,site_id,minutes,source\nZ1,A,10,matrix\nZ2,B,25,matrix\nZ3,A,28,matrix\nZ3,B,8,matrix\nZ4,C,12,matrix\n";
    fixtures::tiny(&w.join("sparse"), &[("travel_times.csv", travel)]);
    let data = load_dataset(&w.join("sparse")).unwrap().dataset;
    let rules = OptionRules {
        min_hasus: 1,
        max_hasus: 2,
        require: Vec::new(),
        exclude: Vec::new(),
        max_combinations: u64::MAX,
        groups: Vec::new(),
    };
    let inst = Instance::new(&data, &rules).unwrap();
    let refused = solve(&inst, 1, &Settings::default())
        .unwrap_err()
        .to_string();
    assert!(refused.contains("found no option of 1 HASUs"), "{refused}");
    let s = solve(&inst, 2, &Settings::default()).unwrap();
    assert!(s.proven);
    assert_eq!(s.best().hasus.len(), 2);
}

/// A search whose waiting nodes would pass the memory limit stops there,
/// says so, and still gives the options found with a bound that holds.
#[test]
fn a_search_stops_at_its_memory_limit_and_says_so() {
    let data = load_dataset(Path::new("data/kent-medway")).unwrap().dataset;
    let rules = OptionRules {
        min_hasus: 1,
        max_hasus: 7,
        require: Vec::new(),
        exclude: Vec::new(),
        max_combinations: u64::MAX,
        groups: Vec::new(),
    };
    let inst = Instance::new(&data, &rules).unwrap();
    let settings = Settings {
        top: 20,
        ..Settings::default()
    };
    let full = solve(&inst, 3, &settings).unwrap();
    assert!(full.proven && full.stop == Stop::Settled && full.nodes > 0);
    let tight = solve(
        &inst,
        3,
        &Settings {
            memory_limit: 1,
            ..settings
        },
    )
    .unwrap();
    assert_eq!(tight.stop, Stop::MemoryLimit);
    assert!(
        !tight.proven && tight.nodes == 0,
        "{:?}",
        (tight.nodes, tight.gap)
    );
    assert!(!tight.options.is_empty());
    // The bound still holds for every option not listed.
    assert!(tight.lower_bound <= full.options.last().unwrap().value + 1e-9);
}
