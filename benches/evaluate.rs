//! The evaluation kernel: options per second.
//!
//! `cargo bench --bench evaluate` (run `benches/fetch-england-wales.sh` first
//! for the national case). Each benchmark evaluates a batch of 64 seeded
//! random configurations; criterion reports them as elements per second.
//! `appraise_kent_medway` is the whole default run: 127 options enumerated,
//! evaluated, tested, scored and ranked. `one_thread_with_patients` adds
//! the patient-benefit figures (`[outcomes]`: two or three table reads a
//! zone), which every evaluation works out when a criterion or hurdle uses
//! them. `evaluate_england_wales_units/N` evaluates national options of N
//! units (one thread).

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hasu::criteria::{Criteria, load_criteria};
use hasu::evaluate::SiteSet;
use hasu::load::load_dataset;
use hasu::model::{Dataset, Role};
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rayon::prelude::*;

const BATCH: usize = 64;

fn default_criteria() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/kent-medway.toml")
}

/// `count` seeded random sets of `size` candidate sites.
fn random_sets(data: &Dataset, size: usize, count: usize) -> Vec<SiteSet> {
    let candidates: Vec<usize> = (0..data.sites.len())
        .filter(|&s| data.sites[s].role == Role::Candidate)
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    (0..count)
        .map(|_| {
            let mut c = candidates.clone();
            c.shuffle(&mut rng);
            c.truncate(size.min(c.len()));
            SiteSet::from_sites(&c)
        })
        .collect()
}

fn bench_batch(c: &mut Criterion, name: &str, data: &Dataset, criteria: &Criteria, size: usize) {
    let e = hasu::analyses::evaluator(data, criteria).expect("evaluator");
    let sets = random_sets(data, size, BATCH);
    let mut group = c.benchmark_group(format!("evaluate_{name}"));
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("one_thread", |b| {
        let mut scratch = e.scratch();
        b.iter(|| {
            for s in &sets {
                black_box(e.evaluate(black_box(s), &mut scratch));
            }
        })
    });
    group.bench_function("rayon", |b| {
        b.iter(|| {
            sets.par_iter()
                .map_init(
                    || e.scratch(),
                    |scratch, s| e.evaluate(black_box(s), scratch).mean_travel,
                )
                .sum::<f64>()
        })
    });
    group.bench_function("one_thread_with_patients", |b| {
        let mut scratch = e.scratch();
        b.iter(|| {
            for s in &sets {
                black_box(e.evaluate(black_box(s), &mut scratch));
                black_box(e.patients(black_box(s), &mut scratch));
            }
        })
    });
    group.finish();
}

/// One thread, national options of 1 to 125 units: how the kernel fares
/// when a zone's nearest open unit is far down its list.
fn bench_sizes(c: &mut Criterion, data: &Dataset, criteria: &Criteria) {
    let e = hasu::analyses::evaluator(data, criteria).expect("evaluator");
    let mut group = c.benchmark_group("evaluate_england_wales_units");
    group.throughput(Throughput::Elements(BATCH as u64));
    for size in [1, 4, 8, 16, 24, 125] {
        let sets = random_sets(data, size, BATCH);
        group.bench_function(size.to_string(), |b| {
            let mut scratch = e.scratch();
            b.iter(|| {
                for s in &sets {
                    black_box(e.evaluate(black_box(s), &mut scratch));
                }
            })
        });
    }
    group.finish();
}

fn evaluate(c: &mut Criterion) {
    let km = load_dataset(&common::kent_medway()).expect("valid").dataset;
    let criteria = load_criteria(&default_criteria(), &km).expect("criteria");
    bench_batch(c, "kent_medway_3_units", &km, &criteria, 3);
    c.bench_function("appraise_kent_medway", |b| {
        let e = hasu::analyses::evaluator(&km, &criteria).expect("evaluator");
        let appraiser = hasu::rank::Appraiser {
            data: &km,
            criteria: &criteria,
            evaluator: &e,
        };
        b.iter(|| black_box(appraiser).appraise().expect("appraises"))
    });

    if let Some(dir) = common::england_wales() {
        let ew = load_dataset(&dir).expect("valid").dataset;
        // The Kent and Medway criteria, with today's units being every site.
        let mut national = criteria.clone();
        national.today = (0..ew.sites.len())
            .filter(|&s| ew.sites[s].role.can_open())
            .collect();
        bench_batch(c, "england_wales_75_units", &ew, &national, 75);
        bench_sizes(c, &ew, &national);
    }
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
