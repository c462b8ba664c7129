//! `hasu optimise`: the proven p-median, the solve alone (the instance is
//! built once, as the command does before its first p).
//!
//! `cargo bench --bench optimise` (run `benches/fetch-england-wales.sh`
//! first for the national cases, p = 24, 50, 75 and 100 over 34,752 zones
//! and 125 units). `benches/optimise-vs-highs.sh` times HiGHS on the same
//! instances.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hasu::criteria::OptionRules;
use hasu::load::load_dataset;
use hasu::optimise::{Instance, Settings, solve};

/// Every candidate free: no required or excluded site.
fn open_rules() -> OptionRules {
    OptionRules {
        min_hasus: 1,
        max_hasus: usize::MAX,
        require: Vec::new(),
        exclude: Vec::new(),
        max_combinations: u64::MAX,
        groups: Vec::new(),
    }
}

fn optimise(c: &mut Criterion) {
    let km = load_dataset(&common::kent_medway())
        .expect("Kent and Medway")
        .dataset;
    let inst = Instance::new(&km, &open_rules()).expect("instance");
    c.bench_function("optimise_kent_medway_p3", |b| {
        b.iter(|| black_box(solve(&inst, 3, &Settings::default()).expect("solved")))
    });
    if let Some(dir) = common::england_wales() {
        let ew = load_dataset(&dir).expect("England and Wales").dataset;
        let inst = Instance::new(&ew, &open_rules()).expect("instance");
        let mut group = c.benchmark_group("optimise_england_wales");
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(60));
        for p in [24, 50, 75, 100] {
            group.bench_function(format!("p{p}"), |b| {
                b.iter(|| {
                    let s = solve(&inst, p, &Settings::default()).expect("solved");
                    assert!(s.proven, "p = {p} not proven");
                    black_box(s)
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, optimise);
criterion_main!(benches);
