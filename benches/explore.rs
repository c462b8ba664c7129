//! `hasu explore`'s speed on the embedded Kent and Medway data.
//!
//! - `explore/view_change`: a rule or scenario change (a journey-time
//!   factor not seen before, so nothing is cached): the view's files
//!   written, the data loaded with them, every option appraised with the
//!   robustness study (10,000 weight draws, 1,000 input draws) and written
//!   as JSON. Goal: under 1 s.
//! - `explore/rerank_in_browser`: moving a weight slider in headless
//!   Chromium (driven through chromedriver) until the page's ranking of
//!   the passing options is re-scored and in the document, timed in the
//!   page with `performance.now()`. Goal: under 50 ms. Needs `chromium`
//!   and `chromedriver` on the PATH.
//!
//! `cargo bench --bench explore`.

use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use fantoccini::ClientBuilder;
use hasu::explore::{Explorer, View, server};

fn view_change(c: &mut Criterion) {
    let explorer = Explorer::new(None, None, &[], &[], None).expect("embedded data");
    let mut k = 0u32;
    let mut g = c.benchmark_group("explore");
    g.sample_size(20);
    g.bench_function("view_change", |b| {
        b.iter(|| {
            k += 1;
            let view = View {
                travel_factor: Some(1.0 + f64::from(k) * 1e-6),
                ..View::default()
            };
            explorer.compute(&view).expect("appraised").json.len()
        })
    });
    g.finish();
}

fn rerank_in_browser(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let explorer = Explorer::new(None, None, &[], &[], None).expect("embedded data");
    let listener = runtime.block_on(server::bind(0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    runtime.spawn(server::serve(explorer, listener, std::future::pending()));
    let driver_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut driver = Command::new("chromedriver")
        .arg(format!("--port={driver_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver on the PATH");
    let profile = tempfile::tempdir().unwrap();
    let caps = serde_json::json!({ "goog:chromeOptions": { "args": [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1000", format!("--user-data-dir={}", profile.path().display()),
    ] } });
    let caps = caps.as_object().unwrap().clone();
    let client = runtime.block_on(async {
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            if let Ok(c) = ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{driver_port}"))
                .await
            {
                return c;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("chromedriver did not start a session");
    });
    let js = |script: &str| {
        runtime
            .block_on(client.execute(script, vec![]))
            .expect("script runs")
    };
    runtime
        .block_on(client.goto(&format!("http://127.0.0.1:{port}/")))
        .unwrap();
    while js("return document.body.dataset.state || ''") != "ready" {
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut g = c.benchmark_group("explore");
    g.sample_size(30);
    g.bench_function("rerank_in_browser", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                let ms = js(&format!(
                    "const s = document.querySelector('#weights input[type=range]');
                     const t0 = performance.now();
                     s.value = {};
                     s.dispatchEvent(new Event('input'));
                     document.querySelectorAll('#ranking tbody tr').length;
                     return performance.now() - t0;",
                    1000 + (i % 2) * 2000
                ));
                total += Duration::from_secs_f64(ms.as_f64().unwrap() / 1000.0);
            }
            total
        })
    });
    g.finish();
    let _ = runtime.block_on(client.close());
    let _ = driver.kill();
    let _ = driver.wait();
}

criterion_group!(benches, view_change, rerank_in_browser);
criterion_main!(benches);
