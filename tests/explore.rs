//! `hasu explore`: the server (loopback only, every bad request a 4xx
//! while it keeps serving, many requests at once) and the page in Chromium
//! driven through WebDriver (Debian's chromedriver): the ranking against
//! the CLI, weight sliders, excluding a site, hovering a zone, "export this
//! view" reproduced with `hasu appraise`, and the first screen.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::fixtures;
use crate::workdir::Workdir;

/// A running `hasu explore`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts `hasu explore --port 0` in `w` with `args`, and waits for
    /// the line that gives its address.
    fn start(w: &Workdir, args: &[&str]) -> Server {
        let mut child = Command::cargo_bin("hasu")
            .unwrap()
            .current_dir(w.path())
            .args(["explore", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = child.stdout.take().unwrap();
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while out.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {
            line.push(byte[0]);
        }
        let line = String::from_utf8(line).unwrap();
        let at = line
            .find("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        let port = line[at + 17..].split('/').next().unwrap().parse().unwrap();
        Server { child, port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// GET `path`: status and body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut r = Self::agent().get(self.url(path)).call().unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().unwrap())
    }

    /// POST `body` as JSON to `path`: status and body.
    fn post(&self, path: &str, body: &str) -> (u16, String) {
        let mut r = Self::agent()
            .post(self.url(path))
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap();
        let status = r.status().as_u16();
        let text = r
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap();
        (status, text)
    }

    /// Sends `request` as it is on a new connection and returns the
    /// answer's status line (empty when the server closed the connection
    /// without one).
    fn raw(&self, request: &[u8]) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let _ = s.write_all(request);
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer);
        text.lines().next().unwrap_or("").to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `hasu appraise --passing --format json` with `args`, in `w`.
fn cli_appraisal(w: &Workdir, args: &[&str]) -> Value {
    // Exit code 1 when no option passes.
    let run = w.run(&[&["appraise", "--passing", "--format", "json"][..], args].concat());
    serde_json::from_str(&run.expect_code_any().stdout()).unwrap()
}

fn assert_same_ranking(shown: &[(String, f64)], wanted: &[(String, f64)]) {
    assert_eq!(shown.len(), wanted.len(), "page {shown:?}\ncli {wanted:?}");
    for ((a, x), (b, y)) in shown.iter().zip(wanted) {
        assert_eq!(a, b, "page {shown:?}\ncli {wanted:?}");
        assert!((x - y).abs() < 1e-9, "{a}: {x} on the page, {y} by the CLI");
    }
}

#[test]
fn explore_listens_on_the_loopback_interface_only() {
    let w = Workdir::new();
    let s = Server::start(&w, &[]);
    // Linux lists listening sockets in /proc/net/tcp: local address
    // 0100007F is 127.0.0.1, state 0A is LISTEN.
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let port = format!(":{:04X}", s.port);
    let listening: Vec<&str> = table
        .lines()
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() > 3 && f[1].ends_with(&port) && f[3] == "0A"
        })
        .collect();
    assert_eq!(listening.len(), 1, "{table}");
    assert!(
        listening[0]
            .split_whitespace()
            .nth(1)
            .unwrap()
            .starts_with("0100007F:")
    );
    // A name other than its own (a page elsewhere reaching it through a
    // name that points here) is refused.
    let answer =
        s.raw(b"GET /api/setup HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
    assert!(answer.contains(" 403 "), "{answer}");
    assert_eq!(s.get("/api/setup").0, 200);
}

#[test]
fn bad_requests_get_a_4xx_and_the_server_keeps_serving() {
    let w = Workdir::new();
    std::fs::create_dir(w.join("views")).unwrap();
    let s = Server::start(&w, &["--exports", "views"]);
    let cases: [(&str, &str, u16, &str); 8] = [
        ("/api/view", "{not json", 400, "JSON"),
        ("/api/view", r#"{"colour": "red"}"#, 422, "colour"),
        ("/api/view", r#"{"require": ["ZZ"]}"#, 400, "no site \"ZZ\""),
        (
            "/api/view",
            r#"{"exclude": ["PR"]}"#,
            400,
            "not a candidate",
        ),
        (
            "/api/view",
            r#"{"weights": {"volume": 1.0}}"#,
            400,
            "no weight for criterion \"thrombolysis\"",
        ),
        (
            "/api/zones",
            r#"{"view": {}, "option": "KT,ZZ"}"#,
            404,
            "ZZ",
        ),
        (
            "/api/export",
            r#"{"view": {}, "folder": "../outside"}"#,
            400,
            "plain folder name",
        ),
        (
            "/api/export",
            r#"{"view": {}, "folder": "/tmp/x"}"#,
            400,
            "plain folder name",
        ),
    ];
    for (path, body, status, says) in cases {
        let (got, text) = s.post(path, body);
        assert_eq!(got, status, "{path} {body}: {text}");
        let errors = serde_json::from_str::<Value>(&text).unwrap()["errors"].to_string();
        assert!(
            errors.contains(&says.replace('"', "\\\"")),
            "{path} {body}: {text}"
        );
    }
    // Oversized bodies, another content type, paths that climb out, and
    // bytes that are not HTTP.
    let big = format!(r#"{{"require": ["{}"]}}"#, "A".repeat(200_000));
    assert_eq!(s.post("/api/view", &big).0, 413);
    let plain = s.raw(
        b"POST /api/view HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    );
    assert!(
        plain.contains(" 403 ") || plain.contains(" 415 "),
        "{plain}"
    );
    let host = format!("Host: 127.0.0.1:{}\r\n", s.port);
    let typed = s.raw(
        format!("POST /api/view HTTP/1.1\r\n{host}Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}").as_bytes(),
    );
    assert!(typed.contains(" 415 "), "{typed}");
    for path in [
        "/../../etc/passwd",
        "/api/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let answer =
            s.raw(format!("GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n").as_bytes());
        assert!(
            answer.contains(" 404 ") || answer.contains(" 400 "),
            "{path}: {answer}"
        );
    }
    let garbage = s.raw(b"\x00\x01\x02 not http at all\r\n\r\n");
    assert!(garbage.is_empty() || garbage.contains(" 400 "), "{garbage}");
    // Still serving, and nothing was written anywhere.
    assert_eq!(s.get("/api/setup").0, 200);
    assert_eq!(s.post("/api/view", "{}").0, 200);
    assert_eq!(std::fs::read_dir(w.join("views")).unwrap().count(), 0);
    assert!(!w.join("outside").exists());
    // Without --exports the explorer writes nothing.
    let quiet = Server::start(&w, &[]);
    let (status, text) = quiet.post("/api/export", r#"{"view": {}, "folder": "v"}"#);
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("--exports"), "{text}");
}

#[test]
fn many_requests_at_once_are_each_answered_as_the_cli_would() {
    let w = Workdir::new();
    let s = Server::start(&w, &[]);
    let answers: Vec<(usize, u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|k| {
                let s = &s;
                scope.spawn(move || {
                    let n = 1 + k % 4;
                    let (status, body) = s.post("/api/view", &json!({"hasus": [n, n]}).to_string());
                    (n, status, body)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for n in 1..=4usize {
        let wanted = fixtures::ranking(&cli_appraisal(&w, &["--hasus", &n.to_string()]));
        for (_, status, body) in answers.iter().filter(|a| a.0 == n) {
            assert_eq!(*status, 200, "{body}");
            let shown = fixtures::ranking(&serde_json::from_str(body).unwrap());
            assert_same_ranking(&shown, &wanted);
        }
    }
}

/// The chromedriver binary: `HASU_CHROMEDRIVER`, or `chromedriver` on the
/// PATH (Debian's chromium-driver; `.ci/run` installs it).
fn chromedriver() -> PathBuf {
    if let Some(p) = std::env::var_os("HASU_CHROMEDRIVER") {
        return PathBuf::from(p);
    }
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join("chromedriver"))
        .find(|p| p.is_file())
        .expect("chromedriver is missing: install Debian's chromium-driver (.ci/run does) or set HASU_CHROMEDRIVER")
}

/// Headless Chromium under chromedriver, for one test.
struct Browser {
    driver: Child,
    client: Option<Client>,
    runtime: tokio::runtime::Runtime,
}

impl Browser {
    fn open(w: &Workdir) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let profile = w.join("browser-profile");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": crate::report::chromium(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1400,1000", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let caps: serde_json::Map<String, Value> = caps.as_object().unwrap().clone();
        let started = Instant::now();
        let client = runtime.block_on(async {
            loop {
                let connector = hyper_util::client::legacy::connect::HttpConnector::new();
                match ClientBuilder::new(connector)
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{port}"))
                    .await
                {
                    Ok(c) => break c,
                    Err(e) if started.elapsed() > Duration::from_secs(30) => {
                        panic!("chromedriver did not start a session: {e}")
                    }
                    Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
                }
            }
        });
        Browser {
            driver,
            client: Some(client),
            runtime,
        }
    }

    fn client(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    fn js(&self, script: &str) -> Value {
        self.runtime
            .block_on(self.client().execute(script, vec![]))
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    fn goto(&self, url: &str) {
        self.runtime.block_on(self.client().goto(url)).unwrap();
    }

    /// Waits until the page has the answer to its latest request.
    fn ready(&self) {
        let started = Instant::now();
        loop {
            match self.js("return document.body.dataset.state || ''").as_str() {
                Some("ready") => return,
                Some("refused") => panic!(
                    "the page refused: {}",
                    self.js("return document.getElementById('errors').textContent")
                ),
                _ if started.elapsed() > Duration::from_secs(60) => {
                    panic!("the page did not settle in 60 s")
                }
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// The ranking as shown: (option, score behind the cell).
    fn ranking(&self) -> Vec<(String, f64)> {
        let rows = self.js(
            "return [...document.querySelectorAll('#ranking tbody tr')].map(tr => [tr.dataset.option, Number(tr.dataset.score)])",
        );
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_f64().unwrap()))
            .collect()
    }

    /// The ranking's cells as text, row by row.
    fn ranking_text(&self) -> Vec<Vec<String>> {
        serde_json::from_value(self.js(
            "return [...document.querySelectorAll('#ranking tbody tr')].map(tr => [...tr.children].slice(1).map(td => td.textContent))",
        ))
        .unwrap()
    }

    /// Sets the weight sliders: volume 0.3, the others 0.1.
    fn volume_first(&self) {
        self.js(
            "const s = [...document.querySelectorAll('#weights input[type=range]')];
             s.forEach(x => { x.value = x.dataset.criterion === 'volume' ? 3000 : 1000; });
             s[0].dispatchEvent(new Event('input'));",
        );
    }

    fn screenshot(&self) -> Vec<u8> {
        self.runtime.block_on(self.client().screenshot()).unwrap()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(c) = self.client.take() {
            let _ = self.runtime.block_on(c.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn the_page_ranks_as_the_cli_and_its_weight_sliders_too() {
    let w = Workdir::new();
    let s = Server::start(&w, &[]);
    let b = Browser::open(&w);
    b.goto(&s.url("/"));
    b.ready();
    let stated = cli_appraisal(&w, &[]);
    assert_same_ranking(&b.ranking(), &fixtures::ranking(&stated));
    // The robustness figures are the CLI's.
    let first = &b.ranking_text()[0];
    let p_first = stated["robustness"]["options"][0]["p_first"]
        .as_f64()
        .unwrap();
    assert_eq!(first[3], format!("{p_first:.3}"), "{first:?}");

    w.write("reweighted.toml", fixtures::kent_criteria_volume_first());
    let reweighted = cli_appraisal(&w, &["--criteria", "reweighted.toml"]);
    // At once, in the page, then as the server's appraisal with its
    // robustness study.
    b.volume_first();
    assert_same_ranking(&b.ranking(), &fixtures::ranking(&reweighted));
    b.ready();
    assert_same_ranking(&b.ranking(), &fixtures::ranking(&reweighted));
    let p_first = reweighted["robustness"]["options"][0]["p_first"]
        .as_f64()
        .unwrap();
    assert_eq!(b.ranking_text()[0][3], format!("{p_first:.3}"));
    assert_ne!(fixtures::ranking(&reweighted), fixtures::ranking(&stated));
    // Reset brings the stated ranking back.
    b.js("document.getElementById('reset-weights').click()");
    b.ready();
    assert_same_ranking(&b.ranking(), &fixtures::ranking(&stated));
}

#[test]
fn excluding_a_site_removes_its_options_and_a_zone_shows_its_journey() {
    let w = Workdir::new();
    let s = Server::start(&w, &[]);
    let b = Browser::open(&w);
    b.goto(&s.url("/"));
    b.ready();
    b.js("const s = document.querySelector('select[data-site=MD]'); s.value = 'exclude'; s.dispatchEvent(new Event('change'));");
    b.ready();
    let shown = b.ranking();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|(id, _)| !id.split(',').any(|s| s == "MD")),
        "{shown:?}"
    );
    assert_same_ranking(
        &shown,
        &fixtures::ranking(&cli_appraisal(&w, &["--exclude", "MD"])),
    );

    // Hover a zone of the map: its journey today and under the option, as
    // the option's evidence pack gives them.
    let option = b.js("return document.getElementById('map-option').value");
    let option = option.as_str().unwrap().to_string();
    b.js("document.getElementById('map').scrollIntoView()");
    b.runtime.block_on(async {
        let c = b.client();
        let zones = c
            .find_all(Locator::Css("#map path.zone.region"))
            .await
            .unwrap();
        let mouse = MouseActions::new("mouse".to_string()).then(PointerAction::MoveToElement {
            element: zones[zones.len() / 2].clone(),
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        c.perform_actions(mouse).await.unwrap();
    });
    let tip = b.js("const t = document.getElementById('tooltip'); return [t.hidden, t.dataset.zone || '', t.innerText]");
    assert_eq!(tip[0], false, "{tip}");
    let zone = tip[1].as_str().unwrap();
    let text = tip[2].as_str().unwrap();
    w.run(&[
        "export",
        "--option",
        &option,
        "--exclude",
        "MD",
        "--out",
        "pack",
    ])
    .expect_code(0);
    let rows = fixtures::csv_rows(&w.read("pack/zones.csv"));
    let row = rows
        .iter()
        .find(|r| r["zone_id"] == zone)
        .expect("the zone is in zones.csv");
    let minutes = |k: &str| format!("{:.1} min", row[k].parse::<f64>().unwrap());
    assert!(text.contains(zone), "{text}");
    assert!(
        text.contains("Today: ") && text.contains(&minutes("today_minutes")),
        "{text}\n{row:?}"
    );
    assert!(
        text.contains(&format!("{option}: ")) && text.contains(&minutes("minutes")),
        "{text}\n{row:?}"
    );
}

#[test]
fn export_this_view_writes_files_with_which_the_cli_reproduces_the_screen() {
    let w = Workdir::new();
    std::fs::create_dir(w.join("views")).unwrap();
    let before = tree(w.path());
    let s = Server::start(&w, &["--exports", "views"]);
    let b = Browser::open(&w);
    b.goto(&s.url("/"));
    b.ready();
    b.volume_first();
    b.js("const t = document.getElementById('travel-factor'); t.value = '1.1'; t.dispatchEvent(new Event('change'));
          const x = document.querySelector('select[data-site=TU]'); x.value = 'exclude'; x.dispatchEvent(new Event('change'));");
    b.ready();
    let screen = b.ranking_text();
    b.js("document.getElementById('export-name').value = 'board-view'; document.getElementById('export').click();");
    let started = Instant::now();
    while b
        .js("return document.getElementById('export-result').textContent")
        .as_str()
        == Some("")
    {
        assert!(started.elapsed() < Duration::from_secs(60), "no export");
        std::thread::sleep(Duration::from_millis(100));
    }
    let dir = w.join("views/board-view");
    let readme = std::fs::read_to_string(dir.join("README.txt")).unwrap();
    assert!(readme.contains("seed 2026"), "{readme}");
    assert!(readme.contains("view-scenario.toml") && readme.contains("criteria.toml"));
    // The CLI, given the exported files, writes appraisal.json byte for
    // byte, and its ranking is the screen's.
    let out = Command::cargo_bin("hasu")
        .unwrap()
        .current_dir(&dir)
        .args([
            "appraise",
            "--criteria",
            "criteria.toml",
            "--scenario",
            "view-scenario.toml",
        ])
        .args(["--passing", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        out.stdout,
        std::fs::read(dir.join("appraisal.json")).unwrap()
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let robust = &doc["robustness"]["options"];
    let cli: Vec<Vec<String>> = doc["options"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let r = robust
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == o["id"])
                .unwrap();
            vec![
                (i + 1).to_string(),
                o["id"].as_str().unwrap().to_string(),
                format!("{:.1}", o["score"].as_f64().unwrap()),
                format!("{:.3}", r["p_first"].as_f64().unwrap()),
                format!("{:.3}", r["p_top3"].as_f64().unwrap()),
                format!("{}–{}", r["rank_min"], r["rank_max"]),
                format!("{:.1}", o["metrics"]["mean_travel"].as_f64().unwrap()),
            ]
        })
        .collect();
    assert_eq!(screen, cli);
    assert!(cli.iter().all(|r| !r[1].split(',').any(|s| s == "TU")));
    assert!(dir.join("pack/summary.json").is_file());
    // Nothing was written but the new folder (and the browser's profile).
    let after: Vec<String> = tree(w.path())
        .into_iter()
        .filter(|p| !p.starts_with("views/board-view") && !p.starts_with("browser-profile"))
        .collect();
    assert_eq!(after, before);
}

/// Every file and folder under `dir`, as sorted relative paths.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            out.push(p.strip_prefix(dir).unwrap().display().to_string());
            if p.is_dir() {
                todo.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_first_screen_shows_the_controls_ranking_and_map() {
    let w = Workdir::new();
    let s = Server::start(&w, &["--scenarios", &scenarios_dir().display().to_string()]);
    let b = Browser::open(&w);
    b.goto(&s.url("/"));
    b.ready();
    let png = b.screenshot();
    w.write("explore.png", &png);
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert!(info.width == 1400 && info.height >= 800, "{info:?}");
    let channels = info.line_size / info.width as usize;
    let colours: std::collections::HashSet<[u8; 3]> = pixels
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    // The top option's two hospitals' colours fill the map (Kent and
    // Canterbury sky blue, Maidstone green), and the page is not blank.
    for colour in [[0x56, 0xB4, 0xE9], [0x00, 0x9E, 0x73]] {
        assert!(
            colours.contains(&colour),
            "no {colour:?} on the first screen"
        );
    }
    assert!(colours.len() > 50, "{} colours", colours.len());
    // The first screen holds the weights, the ranking and the map, and
    // offers the scenario files.
    let seen = b.js(
        "const r = e => e.getBoundingClientRect(); const h = window.innerHeight;
         return ['weights', 'ranking', 'map'].map(id => r(document.getElementById(id)).top < h)
           .concat([document.querySelectorAll('#scenarios input').length])",
    );
    assert_eq!(seen, json!([true, true, true, 6]));
}

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}
