//! The board report in a real browser, the evidence pack, and the safety of
//! text from the data in both.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::appraise::TINY_CRITERIA;
use crate::fixtures;
use crate::workdir::Workdir;

/// The Chromium binary: `HASU_CHROMIUM`, or `chromium` on the PATH. The
/// browser tests fail, never skip, without it (`.ci/run` installs it).
pub fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("HASU_CHROMIUM") {
        return PathBuf::from(p);
    }
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        for name in ["chromium", "chromium-browser"] {
            if dir.join(name).is_file() {
                return dir.join(name);
            }
        }
    }
    panic!(
        "Chromium is missing: install Debian's chromium package (.ci/run does) or set HASU_CHROMIUM"
    );
}

/// What a page did in headless Chromium.
struct Visit {
    /// URLs the page itself requested over the network.
    requests: Vec<String>,
    /// Console messages.
    console: Vec<String>,
    /// The screenshot's distinct colours.
    colours: usize,
}

fn visit(page: &Path, work: &Workdir) -> Visit {
    let profile = work.join("profile");
    let netlog = work.join("netlog.json");
    let shot = work.join("shot.png");
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "Chromium failed:\n{stderr}");
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();

    // Requests the page made: URL_REQUEST_START_JOB events whose initiator is
    // the page (the browser's own housekeeping has "not an origin").
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap()).expect("net log is JSON");
    let start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].clone();
    let requests = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == start)
        .filter(|e| e["params"]["initiator"] != "not an origin")
        .filter_map(|e| e["params"]["url"].as_str())
        .filter(|u| !u.starts_with("file:") && !u.starts_with("data:"))
        .map(str::to_string)
        .collect();

    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    let mut colours: Vec<&[u8]> = buf[..info.buffer_size()].chunks(step).collect();
    colours.sort_unstable();
    colours.dedup();
    Visit {
        requests,
        console,
        colours: colours.len(),
    }
}

#[test]
fn the_report_opens_in_chromium_offline_without_errors() {
    let w = Workdir::new();
    let out = w
        .run(&["report", "--out", "report.html"])
        .expect_code(0)
        .stdout();
    assert!(out.starts_with("wrote report.html ("), "{out}");
    let size = std::fs::metadata(w.join("report.html")).unwrap().len();
    assert!(size < 5 << 20, "report is {size} bytes");
    let html = w.read("report.html");
    // The only scripts are the weight sliders' (their data and code), inline.
    assert_eq!(html.matches("<script").count(), 2);
    assert!(html.contains("<script type=\"application/json\" id=\"reweight-data\">"));
    assert!(html.contains("<script id=\"reweight-script\">"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    let v = visit(&w.join("report.html"), &w);
    assert!(v.requests.is_empty(), "network requests: {:?}", v.requests);
    assert!(v.console.is_empty(), "console: {:?}", v.console);
    assert!(
        v.colours > 20,
        "the screenshot looks blank ({} colours)",
        v.colours
    );
    // The same inputs give the same bytes.
    w.run(&["report", "--out", "again.html"]).expect_code(0);
    assert_eq!(w.read("again.html"), html);
}

#[test]
fn the_browser_check_catches_requests_and_console_messages() {
    let w = Workdir::new();
    w.write(
        "bad.html",
        "<!DOCTYPE html><html><body><p>x</p><img src=\"http://example.invalid/a.png\"><script>console.error(\"boom\")</script></body></html>",
    );
    let v = visit(&w.join("bad.html"), &w);
    assert_eq!(v.requests, ["http://example.invalid/a.png"]);
    assert!(
        v.console.iter().any(|l| l.contains("boom")),
        "{:?}",
        v.console
    );
}

#[test]
fn text_from_the_data_arrives_inert_in_the_report_and_the_csvs() {
    let w = Workdir::new();
    let sites = fixtures::SITES
        .replace("Alpha Hospital", "<script>alert(1)</script>")
        .replace(
            "Beta Hospital",
            "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"",
        );
    let zones = fixtures::ZONES.replace(",North,", ",@SUM(A1),");
    fixtures::tiny(
        &w.join("ds"),
        &[("sites.csv", &sites), ("zones.csv", &zones)],
    );
    w.write("c.toml", TINY_CRITERIA);
    w.run(&[
        "report",
        "--data",
        "ds",
        "--criteria",
        "c.toml",
        "--out",
        "r.html",
    ])
    .expect_code(0);
    let html = w.read("r.html");
    assert!(!html.contains("<script>"), "raw script in the report");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)"));

    w.run(&[
        "export",
        "--option",
        "A,B",
        "--data",
        "ds",
        "--criteria",
        "c.toml",
        "--out",
        "pack",
    ])
    .expect_code(0);
    let hasus = w.read("pack/hasus.csv");
    assert!(
        hasus.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
        "{hasus}"
    );
    assert!(
        hasus.contains("A,<script>alert(1)</script>,hasu,"),
        "{hasus}"
    );
    let districts = w.read("pack/districts.csv");
    assert!(districts.contains("'@SUM(A1),"), "{districts}");
    // Numbers stay numbers, negative ones included.
    let zones = w.read("pack/zones.csv");
    assert!(
        zones.contains("Z3,South 001A,South,yes,,30,B,8,B,8,0,no,no\n"),
        "{zones}"
    );
    let a_only = w.run(&[
        "export",
        "--option",
        "B",
        "--data",
        "ds",
        "--criteria",
        "c.toml",
        "--out",
        "pack",
        "--force",
    ]);
    a_only.expect_code(0);
    let zones = w.read("pack/zones.csv");
    assert!(
        zones.contains("Z1,North 001A,'@SUM(A1),yes,,10,A,10,B,30,20,no,no\n"),
        "{zones}"
    );
}

/// Signed area of a ring (positive = counter-clockwise in lon/lat).
fn signed_area(ring: &[serde_json::Value]) -> f64 {
    ring.windows(2)
        .map(|p| {
            let (a, b) = (&p[0], &p[1]);
            a[0].as_f64().unwrap() * b[1].as_f64().unwrap()
                - b[0].as_f64().unwrap() * a[1].as_f64().unwrap()
        })
        .sum::<f64>()
        / 2.0
}

#[test]
fn the_evidence_pack_is_complete_and_its_geojson_follows_rfc_7946() {
    let w = Workdir::new();
    let out = w
        .run(&["export", "--option", "DA,MD,WH", "--out", "pack"])
        .expect_code(0)
        .stdout();
    assert_eq!(out, "wrote pack (option DA,MD,WH)\n");
    let mut files: Vec<String> = std::fs::read_dir(w.join("pack"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "README.txt",
            "beds.csv",
            "catchments.geojson",
            "costs.csv",
            "districts.csv",
            "equity.csv",
            "hasus.csv",
            "hurdles.csv",
            "summary.json",
            "thrombectomy.csv",
            "workforce.csv",
            "zones.csv"
        ]
    );
    let readme = w.read("pack/README.txt");
    for f in &files[1..] {
        assert!(
            readme.contains(f.as_str()),
            "README.txt does not explain {f}"
        );
    }
    let summary: serde_json::Value = serde_json::from_str(&w.read("pack/summary.json")).unwrap();
    assert_eq!(summary["schema"], "hasu.appraisal/1");
    assert_eq!(w.read("pack/zones.csv").lines().count(), 2819);

    let g: serde_json::Value = serde_json::from_str(&w.read("pack/catchments.geojson")).unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    assert!(g.get("crs").is_none());
    let features = g["features"].as_array().unwrap();
    assert_eq!(features.len(), 2818);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert!(f.get("crs").is_none());
        assert!(f["properties"]["unit"].is_string());
        assert!(f["properties"]["minutes"].is_number());
        let geometry = &f["geometry"];
        let polygons: Vec<&serde_json::Value> = match geometry["type"].as_str().unwrap() {
            "Polygon" => vec![&geometry["coordinates"]],
            "MultiPolygon" => geometry["coordinates"].as_array().unwrap().iter().collect(),
            other => panic!("unexpected geometry {other}"),
        };
        for polygon in polygons {
            for (i, ring) in polygon.as_array().unwrap().iter().enumerate() {
                let ring = ring.as_array().unwrap();
                assert!(ring.len() >= 4);
                assert_eq!(ring.first(), ring.last(), "ring not closed");
                for p in ring {
                    // Longitude first: England's longitudes are -6..2 and
                    // latitudes 49..56.
                    let (x, y) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                    assert!(
                        (-6.5..2.0).contains(&x) && (49.5..56.0).contains(&y),
                        "{x},{y}"
                    );
                }
                let area = signed_area(ring);
                if i == 0 {
                    assert!(area > 0.0, "exterior ring is not counter-clockwise");
                } else {
                    assert!(area < 0.0, "hole is not clockwise");
                }
            }
        }
    }
}

/// The pages of a PDF and the size of each (points), read from its page
/// objects.
fn pdf_pages(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let mut sizes = Vec::new();
    let mut rest: &str = &text;
    while let Some(i) = rest.find("/Type /Page") {
        let after = &rest[i + "/Type /Page".len()..];
        rest = after;
        if after.starts_with('s') {
            continue; // "/Type /Pages", the page tree
        }
        let object_end = after.find("endobj").unwrap_or(after.len());
        let object = &after[..object_end];
        let b = object
            .find("/MediaBox")
            .map(|k| &object[k..])
            .and_then(|m| Some(&m[m.find('[')? + 1..m.find(']')?]))
            .unwrap_or("0 0 0 0");
        let n: Vec<f64> = b
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        sizes.push((n[2] - n[0], n[3] - n[1]));
    }
    sizes
}

#[test]
fn the_report_prints_on_fewer_than_25_a4_pages() {
    let w = Workdir::new();
    w.run(&[
        "report",
        "--out",
        "report.html",
        "--date",
        "25 November 2026",
    ])
    .expect_code(0);
    let pdf = w.join("report.pdf");
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", w.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", w.join("report.html").display()))
        .output()
        .expect("Chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = pdf_pages(&std::fs::read(&pdf).unwrap());
    assert!(
        !pages.is_empty() && pages.len() < 25,
        "{} pages",
        pages.len()
    );
    for (width, height) in &pages {
        // A4: 210 × 297 mm = 595.3 × 841.9 points.
        assert!(
            (width - 595.3).abs() < 1.5 && (height - 841.9).abs() < 1.5,
            "{width} × {height}"
        );
    }
}

/// Every `<svg>` map of the report (those with site labels).
fn maps(html: &str) -> Vec<&str> {
    html.split("<svg ")
        .skip(1)
        .map(|s| &s[..s.find("</svg>").unwrap()])
        .filter(|s| s.contains("class=\"site-label\""))
        .collect()
}

#[test]
fn every_map_names_every_candidate_and_a_hospital_keeps_its_colour() {
    let w = Workdir::new();
    w.run(&["report", "--out", "report.html"]).expect_code(0);
    let html = w.read("report.html");
    let data = hasu::load::load_dataset(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kent-medway"),
    )
    .unwrap()
    .dataset;
    let candidates: Vec<&hasu::model::Site> = data
        .sites
        .iter()
        .filter(|s| s.role == hasu::model::Role::Candidate)
        .collect();
    let maps = maps(&html);
    // Three shown options × 3 maps + their deprivation maps, and today's.
    assert!(maps.len() >= 10, "{} maps", maps.len());
    for m in &maps {
        for s in &candidates {
            let tag = format!("class=\"site-label\" data-site=\"{}\"", s.id);
            let at = m
                .find(&tag)
                .unwrap_or_else(|| panic!("{} is not labelled on a map", s.id));
            let label = &m[at..at + m[at..].find("</text>").unwrap()];
            let first_word = s.name.split_whitespace().next().unwrap();
            assert!(label.contains(first_word), "{} labelled {label}", s.name);
        }
        // District names are shown.
        assert!(m.contains("class=\"district\""), "no district names");
        assert!(m.contains(" km</text>"), "no scale bar");
    }
    // One colour per hospital across every legend.
    let mut colours: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for piece in html.split("class=\"swatch\" data-site=\"").skip(1) {
        let id = &piece[..piece.find('"').unwrap()];
        let style = &piece[piece.find("background:").unwrap() + 11..];
        colours
            .entry(id.to_string())
            .or_default()
            .insert(style[..7].to_string());
    }
    assert!(colours.len() >= 3, "{colours:?}");
    for (id, set) in &colours {
        assert_eq!(set.len(), 1, "{id} has colours {set:?}");
    }
    let distinct: std::collections::BTreeSet<&String> = colours.values().flatten().collect();
    assert_eq!(
        distinct.len(),
        colours.len(),
        "two hospitals share a colour: {colours:?}"
    );
    // The answer comes first, naming the top option by its hospitals.
    let answer = html.find("id=\"answer\"").unwrap();
    assert!(answer < html.find("id=\"scores\"").unwrap());
    assert!(html[answer..].contains("Kent and Canterbury, Maidstone (KT, MD)"));
    // The rule in force, the dead hurdle, the volume effect's slope as an
    // assumption, the MT sensitivity, the organised-care figures and
    // today against the audit (Darent Valley: 589 observed in 2021/22, 406
    // modelled) are in the report.
    for said in [
        "Pathway rule: each zone's patients go to the nearest open unit its ambulance service conveys to",
        "The thrombolysis hurdle cannot bind",
        "8.0 minutes faster each time a unit's admissions double (an assumption",
        "Today as modelled against the audit",
        "589 / 406 (-183) ✗",
        "Periods differ",
        "Eligible within 6 h",
        "Organised hyperacute care",
        // What rests on estimated times: the answer's note, a note under
        // an option opening Medway Maritime (ranked 3), and the
        // organised-care effect over the input draws.
        "* Estimated travel times (modelled): MW, TU have no published times",
        "MW's times 4.3 minutes shorter: first KT,MW",
        "* These figures rest on estimated travel times (to MW; modelled)",
        "Over the input draws (the effect drawn from its confidence interval",
    ] {
        assert!(html.contains(said), "no {said:?} in the report");
    }
}

#[test]
fn the_top_option_is_said_to_pass_with_its_rank_everywhere() {
    let w = Workdir::new();
    let text = w.run(&["option", "KT,MD"]).expect_code(0).stdout();
    assert!(
        text.contains("Passes every hurdle; ranked 1 with a score of"),
        "{text}"
    );
    w.run(&["export", "--option", "KT,MD", "--out", "pack"])
        .expect_code(0);
    let readme = w.read("pack/README.txt");
    assert!(
        readme.contains("Result: Passes every hurdle; ranked 1 with a score of"),
        "{readme}"
    );
    assert!(
        readme.contains("Pathway rule: each zone's patients go to the nearest open unit"),
        "{readme}"
    );
    let summary: serde_json::Value = serde_json::from_str(&w.read("pack/summary.json")).unwrap();
    assert_eq!(summary["option"]["rank"], 1);
    assert_eq!(summary["option"]["passes"], true);
    // An option outside the criteria's rules says so plainly.
    let narrowed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/kent-medway.toml"),
    )
    .unwrap()
    .replace("max_hasus = 7", "max_hasus = 2");
    w.write("c.toml", narrowed);
    let text = w
        .run(&["option", "MD,QM,WH", "--criteria", "c.toml"])
        .expect_code_any()
        .stdout();
    assert!(text.contains("outside"), "{text}");
}

/// The answer: the text between the answer's heading and the next section.
fn answer(html: &str) -> &str {
    let start = html.find("id=\"answer\"").unwrap();
    &html[start..start + html[start..].find("id=\"scores\"").unwrap()]
}

/// The first screen gives each top option's stroke beds against today,
/// the extra beds at receiving hospitals outside the region (named as
/// hospitals), staff and capital, and says what the score weighs; the
/// beds agree with the evidence pack's costs.csv, summed here.
#[test]
fn the_first_screen_shows_beds_receiving_hospitals_and_what_the_score_weighs() {
    let w = Workdir::new();
    w.run(&["report", "--out", "report.html"]).expect_code(0);
    let html = w.read("report.html");
    let first = answer(&html);
    for said in [
        "Beds, staff and costs",
        "Extra beds outside the region",
        "What the score weighs:",
        "It does not weigh patient outcomes",
        "Staff change, WTE",
    ] {
        assert!(first.contains(said), "no {said:?} on the first screen");
    }
    w.run(&["export", "--option", "KT,MD", "--out", "pack"])
        .expect_code(0);
    let (mut beds, mut today) = (0, 0);
    let mut outside = Vec::new();
    for unit in fixtures::csv_rows(&w.read("pack/costs.csv")) {
        let (o, t): (u32, u32) = (
            unit["stroke_beds"].parse().unwrap(),
            unit["stroke_beds_today"].parse().unwrap(),
        );
        if unit["in_region"] == "yes" {
            beds += o;
            today += t;
        } else if o > t {
            outside.push((o - t, unit["name"].clone()));
        }
    }
    let row_start = first.find("<td>KT, MD</td>").expect("a row for KT, MD");
    let row = &first[row_start..row_start + first[row_start..].find("</tr>").unwrap()];
    assert!(row.contains(&format!("{beds} ({today})")), "{row}");
    assert!(!outside.is_empty(), "KT,MD sends no extra patients outside");
    for (extra, name) in outside {
        let hospital = name.split(',').next().unwrap();
        let first_word = hospital.split_whitespace().next().unwrap();
        assert!(
            row.contains(&format!("+{extra} {first_word}")),
            "{extra} beds at {hospital} not in {row}"
        );
    }
}

/// `report` and `export` narrow the options as `appraise` does, and the
/// report says which options it considered.
#[test]
fn report_and_export_take_require_exclude_and_hasus() {
    let w = Workdir::new();
    w.run(&[
        "report",
        "--exclude",
        "KT",
        "--hasus",
        "2..3",
        "--out",
        "report.html",
    ])
    .expect_code(0);
    let html = w.read("report.html");
    assert!(!answer(&html).contains("(KT, "), "KT was excluded");
    assert!(
        html.contains("options of 2 to 3 HASUs, never KT"),
        "the report does not say which options it considered"
    );
    w.run(&[
        "export",
        "--all",
        "--require",
        "WH",
        "--hasus",
        "2",
        "--out",
        "packs",
    ])
    .expect_code(0);
    let index = w.read("packs/index.csv");
    let ids: Vec<&str> = index.lines().skip(1).collect();
    assert!(!ids.is_empty());
    for line in ids {
        assert!(line.contains("WH"), "{line} lacks WH");
    }
    w.run(&["report", "--require", "XX", "--out", "bad.html"])
        .expect_code(2);
}

/// An evidence pack states how sure its rank is, as `appraise` does:
/// summary.json's robustness equals the appraisal's, and README.txt says
/// it in words; `export --all`'s index names the hospitals beside the ids.
#[test]
fn packs_state_how_sure_the_rank_is_and_name_the_hospitals() {
    let w = Workdir::new();
    let appraisal: serde_json::Value = serde_json::from_str(
        &w.run(&["appraise", "--format", "json"])
            .expect_code(0)
            .stdout(),
    )
    .unwrap();
    let of = |id: &str| {
        appraisal["robustness"]["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()
            .clone()
    };
    w.run(&["export", "--option", "MD,QM,WH", "--out", "pack"])
        .expect_code(0);
    let summary: serde_json::Value = serde_json::from_str(&w.read("pack/summary.json")).unwrap();
    let r = &summary["robustness"];
    let expected = of("MD,QM,WH");
    assert_eq!(r["rank"], 2);
    assert_eq!(r["p_first"], expected["p_first"]);
    assert_eq!(r["p_top3"], expected["p_top3"]);
    assert_eq!(r["rank_range"][0], expected["rank_min"]);
    assert_eq!(r["rank_range"][1], expected["rank_max"]);
    assert_eq!(r["p_first_inputs"], expected["p_first_inputs"]);
    let tied: Vec<&str> = r["effectively_tied_for_first"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(tied[0], "KT,MD", "the first leads the ties");
    assert!(tied.contains(&"MD,QM,WH"), "{tied:?}");
    let readme = w.read("pack/README.txt").replace('\n', " ");
    assert!(readme.contains("in the top 3 in"), "{readme}");
    assert!(
        readme.contains("Effectively tied for first place"),
        "{readme}"
    );

    w.run(&["export", "--all", "--hasus", "2", "--out", "packs"])
        .expect_code(0);
    let index = fixtures::csv_rows(&w.read("packs/index.csv"));
    let kt_md = index
        .iter()
        .find(|row| row["option"] == "KT,MD")
        .expect("KT,MD in the index");
    assert_eq!(
        kt_md["hospitals"],
        "Kent and Canterbury Hospital; Maidstone Hospital"
    );
    assert!(!kt_md["p_first_weights"].is_empty());
}

/// The contents link to every section; the glossary defines every
/// criterion id and the terms the report uses; every passing option is in
/// the report (the answer table, then the appendix).
#[test]
fn the_report_has_contents_a_whole_glossary_and_every_passing_option() {
    let w = Workdir::new();
    w.run(&["report", "--out", "report.html"]).expect_code(0);
    let html = w.read("report.html");
    let nav = &html[html.find("<nav class=\"contents\"").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let links: Vec<&str> = nav
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(links.len() >= 10, "{links:?}");
    for id in links {
        assert!(html.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
    let glossary =
        &html[html.find("id=\"glossary\"").unwrap()..html.find("id=\"provenance\"").unwrap()];
    for term in [
        "Rurality",
        "mRS",
        "Utility",
        "IVT",
        "LVO",
        "Erlang B",
        "Drip-and-ship",
        "Deprivation gap",
        "ASU",
        "WTE",
    ] {
        assert!(
            glossary.contains(&format!("<dt>{term}")),
            "{term} is not in the glossary"
        );
    }
    let appraisal: serde_json::Value = serde_json::from_str(
        &w.run(&["appraise", "--format", "json", "--passing"])
            .expect_code(0)
            .stdout(),
    )
    .unwrap();
    for c in appraisal["criteria"]["criteria"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        assert!(
            glossary.contains(&format!("<dt><code>{id}</code> (criterion)")),
            "criterion {id} is not in the glossary"
        );
    }
    let options = appraisal["options"].as_array().unwrap();
    assert!(options.len() > 10, "the appendix is not exercised");
    for o in options {
        let sites: Vec<&str> = o["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let in_table = format!("({})", sites.join(", "));
        let in_appendix = format!("<td>{}</td>", sites.join(","));
        assert!(
            html.contains(&in_table) || html.contains(&in_appendix),
            "passing option {sites:?} is not in the report"
        );
    }
}

/// A weighted criterion with the same value for every option is warned
/// about in `appraise` and the report, and `criteria init` warns when no
/// candidate site lists a co-location service.
#[test]
fn a_criterion_that_cannot_discriminate_is_warned_about() {
    let w = Workdir::new();
    let stated = w
        .run(&["appraise", "--draws", "100", "--input-draws", "0"])
        .expect_code(0)
        .stdout();
    assert!(!stated.contains("Warning: criterion"), "{stated}");
    let criteria = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/kent-medway.toml"),
    )
    .unwrap();
    let line = criteria
        .lines()
        .find(|l| l.starts_with("co_location = ["))
        .unwrap();
    w.write(
        "c.toml",
        criteria.replace(line, "co_location = [\"neurosurgery\"]"),
    );
    let out = w
        .run(&[
            "appraise",
            "--criteria",
            "c.toml",
            "--draws",
            "100",
            "--input-draws",
            "0",
        ])
        .expect_code(0)
        .stdout();
    let warning = "Warning: criterion co_location (weight 0.15) has the same value, 0, for every option considered, so it cannot change the ranking (co-location needs the candidate sites' services in sites.csv).";
    assert!(out.contains(warning), "{out}");
    w.run(&["report", "--criteria", "c.toml", "--out", "report.html"])
        .expect_code(0);
    assert!(
        answer(&w.read("report.html"))
            .contains("criterion co_location (weight 0.15) has the same value"),
        "no warning on the first screen"
    );
    let sites = fixtures::SITES
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            if cells[0] != "site_id" {
                cells[8] = "";
            }
            cells.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    fixtures::tiny(&w.join("ds"), &[("sites.csv", &sites)]);
    let init = w
        .run(&["criteria", "init", "--data", "ds", "--out", "init.toml"])
        .expect_code(0)
        .stdout();
    assert!(
        init.contains("so the co_location criterion cannot change the ranking"),
        "{init}"
    );
}

/// What the report looks like in Chromium at A4 print width (174 mm
/// between the margins, the print rules applied): the map labels whose
/// boxes overlap, and the table cells whose text does not fit, measured in
/// the browser (`getBBox`, `scrollWidth`).
fn a4_layout(w: &Workdir, html: &str) -> (Vec<String>, Vec<String>) {
    const PROBE: &str = r#"
const overlaps = [], clipped = [];
document.querySelectorAll('svg').forEach((svg, m) => {
  const boxes = [...svg.querySelectorAll('text.site-label')].map(t => [t.dataset.site, t.getBBox()]);
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const [p, P] = boxes[a], [q, Q] = boxes[b];
    if (P.x < Q.x + Q.width - 0.5 && Q.x < P.x + P.width - 0.5 && P.y < Q.y + Q.height - 0.5 && Q.y < P.y + P.height - 0.5)
      overlaps.push(`map ${m}: ${p} and ${q}`);
  }
});
const right = document.body.getBoundingClientRect().right;
document.querySelectorAll('table').forEach((t, k) => {
  if (t.getBoundingClientRect().right > right + 1) clipped.push(`table ${k} is wider than the page`);
  t.querySelectorAll('td, th').forEach(c => {
    if (c.scrollWidth > c.clientWidth + 1) clipped.push(`table ${k}: "${c.textContent.trim().slice(0, 40)}"`);
  });
});
document.body.dataset.result = JSON.stringify([overlaps, clipped]);"#;
    let a4 = html.replace("@media print{", "@media all{").replace(
        "</body>",
        "<style>body{width:174mm!important;max-width:174mm!important;margin:0!important;padding:0!important}</style></body>",
    );
    let found = in_browser(w, &a4, PROBE);
    let list = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    (list(&found[0]), list(&found[1]))
}

/// At A4 width no two hospital labels of a map overlap and no table cell
/// is clipped.
#[test]
fn at_a4_width_no_map_labels_overlap_and_no_table_is_clipped() {
    let w = Workdir::new();
    w.run(&["report", "--out", "report.html"]).expect_code(0);
    let (overlaps, clipped) = a4_layout(&w, &w.read("report.html"));
    assert!(overlaps.is_empty(), "overlapping labels: {overlaps:?}");
    assert!(clipped.is_empty(), "clipped: {clipped:?}");
}

/// Every unit of the embedded data is named as a hospital, not as the
/// trust that runs it (the package names Queen's Hospital, Romford by its
/// trust; the site facts name it).
#[test]
fn every_unit_of_the_embedded_data_is_named_as_a_hospital() {
    let data = hasu::load::load_dataset(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kent-medway"),
    )
    .unwrap()
    .dataset;
    for s in &data.sites {
        assert!(
            !s.name.contains("NHS Trust") && !s.name.contains("Foundation Trust"),
            "{} is named by its trust: {}",
            s.id,
            s.name
        );
    }
    assert_eq!(
        data.sites[data.site_index("HV").unwrap()].name,
        "Queen's Hospital, Romford"
    );
}

/// Runs `script` in Chromium after the report `html` has loaded and
/// returns what it left in `document.body.dataset.result` (JSON).
fn in_browser(w: &Workdir, html: &str, script: &str) -> serde_json::Value {
    w.write(
        "scripted.html",
        html.replace("</body>", &format!("<script>{script}</script></body>")),
    );
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            w.join("profile-script").display()
        ))
        .arg(format!("file://{}", w.join("scripted.html").display()))
        .output()
        .expect("Chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let key = "data-result=\"";
    let at = dom.find(key).expect("the script left a result") + key.len();
    let raw = &dom[at..at + dom[at..].find('"').unwrap()];
    serde_json::from_str(&raw.replace("&quot;", "\"").replace("&amp;", "&")).unwrap()
}

/// The emailed report's sliders re-rank the passing options exactly as
/// `hasu appraise` does with the same weights (same order, same scores),
/// and "reset" brings back the stated ranking.
#[test]
fn the_reports_weight_sliders_rank_as_the_cli_does() {
    let w = Workdir::new();
    w.run(&["report", "--out", "report.html"]).expect_code(0);
    let html = w.read("report.html");
    const READ: &str = "[...document.querySelectorAll('#reweight tbody tr')].map(tr => [tr.children[1].textContent, Number(tr.dataset.score)])";
    let moved = in_browser(
        &w,
        &html,
        &format!(
            "const s = [...document.querySelectorAll('#reweight input[type=range]')];
             s.forEach(x => {{ x.value = x.dataset.criterion === 'volume' ? 3000 : 1000; }});
             s[0].dispatchEvent(new Event('input'));
             const moved = {READ};
             document.querySelector('#reweight button').click();
             document.body.dataset.result = JSON.stringify([moved, {READ}]);"
        ),
    );
    let reweighted = fixtures::kent_criteria_volume_first();
    w.write("reweighted.toml", reweighted);
    let cli = |args: &[&str]| -> Vec<(String, f64)> {
        let v: serde_json::Value = serde_json::from_str(
            &w.run(
                &[
                    &[
                        "appraise",
                        "--format",
                        "json",
                        "--passing",
                        "--draws",
                        "0",
                        "--input-draws",
                        "0",
                    ][..],
                    args,
                ]
                .concat(),
            )
            .expect_code(0)
            .stdout(),
        )
        .unwrap();
        fixtures::ranking(&v)
    };
    let page = |v: &serde_json::Value| -> Vec<(String, f64)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_f64().unwrap()))
            .collect()
    };
    for (shown, wanted) in [
        (page(&moved[0]), cli(&["--criteria", "reweighted.toml"])),
        (page(&moved[1]), cli(&[])),
    ] {
        assert_eq!(shown.len(), wanted.len());
        for ((a, x), (b, y)) in shown.iter().zip(&wanted) {
            assert_eq!(a, b, "page {shown:?}\ncli {wanted:?}");
            assert!((x - y).abs() < 1e-9, "{a}: {x} on the page, {y} by the CLI");
        }
    }
    assert_ne!(
        page(&moved[0]),
        page(&moved[1]),
        "the new weights change nothing"
    );
}
