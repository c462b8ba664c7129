//! Appraising a long list of over a million options: enumerate, evaluate,
//! test, score and rank, in bounded memory.
//!
//! `robustness_kent_medway` is the default appraisal of the embedded data
//! with its robustness study: 10,000 weight draws of each distribution and
//! 1,000 draws of the uncertain inputs.
//!
//! `cargo bench --bench appraise`. The synthetic region (20 candidates,
//! 1,048,575 options, 600 zones) is written once to `.cache/synthetic-1m`;
//! measure peak memory of the same run with
//! `/usr/bin/time -v target/release/hasu appraise --data .cache/synthetic-1m
//! --criteria .cache/synthetic-1m.toml --format csv > /dev/null`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hasu::inputs::Inputs;
use hasu::rank::Appraiser;

fn robustness(c: &mut Criterion) {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let inputs = Inputs::new(
        common::kent_medway(),
        root.join("criteria/kent-medway.toml"),
    );
    let prepared = inputs.load().expect("valid");
    let (loaded, criteria) = (prepared.loaded, prepared.criteria);
    let evaluator = hasu::analyses::evaluator(&loaded.dataset, &criteria).expect("evaluator");
    let appraiser = Appraiser {
        data: &loaded.dataset,
        criteria: &criteria,
        evaluator: &evaluator,
    };
    let draws = hasu::robustness::Draws {
        seed: 2026,
        weights: 10_000,
        inputs: 1_000,
    };
    let mut group = c.benchmark_group("appraise");
    group.sample_size(10);
    group.bench_function("robustness_kent_medway", |b| {
        b.iter(|| {
            let a = black_box(appraiser).appraise().expect("appraises");
            hasu::robustness::study(&appraiser, &a, draws).expect("studies")
        })
    });
    group.finish();
}

fn appraise(c: &mut Criterion) {
    let (data, criteria) = common::synthetic_million();
    let prepared = Inputs::new(data, criteria).load().expect("valid");
    let (loaded, criteria) = (prepared.loaded, prepared.criteria);
    let evaluator = hasu::analyses::evaluator(&loaded.dataset, &criteria).expect("evaluator");
    let appraiser = Appraiser {
        data: &loaded.dataset,
        criteria: &criteria,
        evaluator: &evaluator,
    };
    let mut group = c.benchmark_group("appraise");
    group.sample_size(10);
    group.bench_function("synthetic_1048575_options", |b| {
        b.iter(|| {
            let a = black_box(appraiser).appraise().expect("appraises");
            assert_eq!(a.considered, 1_048_575);
            a.passing
        })
    });
    group.finish();
}

criterion_group!(benches, robustness, appraise);
criterion_main!(benches);
