//! Loading and validating a dataset folder.
//!
//! `cargo bench --bench load` (run `benches/fetch-england-wales.sh` first for
//! the national case).

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hasu::load::load_dataset;

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_and_validate");
    let km = common::kent_medway();
    group.bench_function("kent_medway", |b| {
        b.iter(|| load_dataset(black_box(&km)).expect("valid"))
    });
    if let Some(ew) = common::england_wales() {
        group.sample_size(10);
        group.bench_function("england_wales", |b| {
            b.iter(|| load_dataset(black_box(&ew)).expect("valid"))
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
