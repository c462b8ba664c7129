//! The network model: calibration, and one site estimate from a calibrated
//! network.
//!
//! `cargo bench --bench network` (run `benches/fetch-england-wales.sh` first
//! for the national case). A full national calibration takes minutes, so the
//! national group times a calibration capped at two iterations; the time per
//! iteration scales it to a full run.

mod common;

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use hasu::load::load_dataset;
use hasu::network::estimate::observations;
use hasu::network::{CalibrationSettings, Network, NetworkSettings, calibrate, estimate};

fn bench_dataset(c: &mut Criterion, name: &str, dir: &Path, settings: CalibrationSettings) {
    let data = load_dataset(dir).expect("valid").dataset;
    let network = Network::build(&data, &NetworkSettings::default());
    let seen = observations(&network, &data, None);
    let mut group = c.benchmark_group(format!("network_{name}"));
    group.sample_size(10);
    group.bench_function("build", |b| {
        b.iter(|| Network::build(black_box(&data), &NetworkSettings::default()))
    });
    group.bench_function("calibrate", |b| {
        b.iter(|| {
            calibrate(&network, black_box(&seen), &settings, &mut |_, _| true).expect("calibrates")
        })
    });
    let calibration = calibrate(&network, &seen, &settings, &mut |_, _| true).expect("calibrates");
    // A new site where the first site is, with times to every other site.
    let places: Vec<_> = data.sites.iter().map(|s| s.location).collect();
    let at = data.sites[0].location;
    group.bench_function("estimate_one_site", |b| {
        b.iter(|| estimate(&network, &calibration, black_box(at), &places).expect("in reach"))
    });
    group.finish();
}

fn network(c: &mut Criterion) {
    bench_dataset(
        c,
        "kent_medway",
        &common::kent_medway(),
        CalibrationSettings::default(),
    );
    if let Some(ew) = common::england_wales() {
        let two = CalibrationSettings {
            max_iterations: 2,
            ..CalibrationSettings::default()
        };
        bench_dataset(c, "england_wales_2_iterations", &ew, two);
    }
}

criterion_group!(benches, network);
criterion_main!(benches);
