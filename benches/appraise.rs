//! Appraising a long list of over a million options: enumerate, evaluate,
//! test, score and rank, in bounded memory.
//!
//! `cargo bench --bench appraise`. The synthetic region (20 candidates,
//! 1,048,575 options, 600 zones) is written once to `.cache/synthetic-1m`;
//! measure peak memory of the same run with
//! `/usr/bin/time -v target/release/hasu appraise --data .cache/synthetic-1m
//! --criteria .cache/synthetic-1m.toml --format csv > /dev/null`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hasu::evaluate::Evaluator;
use hasu::inputs::Inputs;
use hasu::rank::Appraiser;

fn appraise(c: &mut Criterion) {
    let (data, criteria) = common::synthetic_million();
    let (loaded, criteria) = Inputs { data, criteria }.load().expect("valid");
    let evaluator = Evaluator::new(&loaded.dataset, &criteria).expect("evaluator");
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

criterion_group!(benches, appraise);
criterion_main!(benches);
