//! Nothing a planner has is lost or half-changed: every edit is all or
//! nothing after a crash or a failed call at any step, one editor works at a
//! time, and a round trip keeps what hasu does not use.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use geo::Point;
use hasu::edit::{self, add_site, estimate_sites};
use hasu::files::journal::{self, Fs, JOURNAL, Journal, RealFs};
use hasu::files::lock::{FolderLock, Mode, WAIT_VARIABLE};
use hasu::load::{DATASET_FILES, load_dataset};
use hasu::model::{Dataset, Role, Site};
use hasu::network::{CalibrationSettings, NetworkSettings};

use crate::fixtures;
use crate::workdir::{Workdir, snapshot};

/// A file system that stops at one step: a crash (that step and every later
/// one fail, so nothing is tidied, as after `kill -9`) or a single failed
/// call (later calls work, so the edit's own error handling runs).
struct Faulty {
    at: usize,
    crash: bool,
    step: Cell<usize>,
    dead: Cell<bool>,
}

impl Faulty {
    fn new(at: usize, crash: bool) -> Faulty {
        Faulty {
            at,
            crash,
            step: Cell::new(0),
            dead: Cell::new(false),
        }
    }

    fn tick(&self) -> io::Result<()> {
        let n = self.step.get();
        self.step.set(n + 1);
        if self.dead.get() {
            return Err(io::Error::other("crashed"));
        }
        if n == self.at {
            self.dead.set(self.crash);
            return Err(io::Error::other(format!("injected failure at step {n}")));
        }
        Ok(())
    }
}

impl Fs for Faulty {
    fn create_dir(&self, path: &Path) -> io::Result<()> {
        self.tick()?;
        RealFs.create_dir(path)
    }
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.tick()?;
        RealFs.write(path, bytes)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.tick()?;
        RealFs.rename(from, to)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        self.tick()?;
        RealFs.remove_file(path)
    }
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        self.tick()?;
        RealFs.remove_dir(path)
    }
    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        self.tick()?;
        RealFs.sync_dir(path)
    }
}

/// `site add` as the command makes it: a new candidate next to zone Z3,
/// with its times estimated.
fn add_new_site(data: &mut Dataset) -> hasu::Result<String> {
    let site = Site {
        stroke_beds: None,
        id: "N".into(),
        name: "New Hospital".into(),
        postcode: String::new(),
        location: Point::new(0.38, 51.01),
        trust: String::new(),
        role: Role::Candidate,
        in_region: true,
        services: Vec::new(),
        notes: String::new(),
        beds: None,
        ambulance: String::new(),
    };
    let index = add_site(data, site)?;
    estimate_sites(
        data,
        &[index],
        &NetworkSettings::default(),
        &CalibrationSettings::default(),
        &mut |_, _| true,
    )?;
    Ok("added site N".into())
}

/// `network estimate --site D` as the command makes it.
fn estimate_d(data: &mut Dataset) -> hasu::Result<String> {
    let d = edit::site_index(data, "D")?;
    estimate_sites(
        data,
        &[d],
        &NetworkSettings::default(),
        &CalibrationSettings::default(),
        &mut |_, _| true,
    )?;
    Ok("estimated D".into())
}

/// Stops `change` after each file-system step in turn, by crash and by a
/// failed call, and checks that the folder is then exactly as before or
/// exactly as after, that loading it shows one of the two, and that the next
/// command leaves nothing behind.
fn every_step(
    command: &str,
    setup: &dyn Fn(&Path),
    change: &dyn Fn(&mut Dataset) -> hasu::Result<String>,
) {
    let w = Workdir::new();
    let (before_dir, after_dir) = (w.join("before"), w.join("after"));
    setup(&before_dir);
    setup(&after_dir);
    let counting = Faulty::new(usize::MAX, true);
    edit::apply_with(&after_dir, command, change, &counting).unwrap();
    let steps = counting.step.get();
    assert!(steps >= 10, "the edit made only {steps} steps");
    let (before, after) = (snapshot(&before_dir), snapshot(&after_dir));
    assert_ne!(before, after);
    let mut outcomes = BTreeMap::new();
    for crash in [true, false] {
        for at in 0..steps {
            let dir = w.join(&format!("run-{crash}-{at}"));
            setup(&dir);
            let result = edit::apply_with(&dir, command, change, &Faulty::new(at, crash));
            // The next command, a reader, sees the folder whole.
            load_dataset(&dir).unwrap();
            let now = snapshot(&dir);
            let side = if now == before {
                "before"
            } else if now == after {
                "after"
            } else {
                panic!("step {at} (crash: {crash}): the folder is neither as before nor as after")
            };
            // Only a failure that cannot matter passes unreported: flushing
            // the journal after the commit, which stands either way.
            assert!(
                result.is_err() || (!crash && side == "after"),
                "step {at} (crash: {crash}): the fault was not noticed"
            );
            // And the next editor tidies whatever is left.
            journal::recover(&dir, DATASET_FILES, &RealFs).unwrap();
            assert!(!dir.join(JOURNAL).exists(), "step {at}: leftovers");
            assert_eq!(snapshot(&dir), now);
            *outcomes.entry((crash, side)).or_insert(0) += 1;
        }
    }
    // Both outcomes happen: a fault before the commit undoes the change,
    // one after it completes the change.
    for crash in [true, false] {
        assert!(outcomes.contains_key(&(crash, "before")), "{outcomes:?}");
        assert!(outcomes.contains_key(&(crash, "after")), "{outcomes:?}");
    }
}

#[test]
fn site_add_is_all_or_nothing_after_a_fault_at_any_step() {
    every_step(
        "hasu site add --id N",
        &|dir| fixtures::tiny(dir, &[]),
        &add_new_site,
    );
}

#[test]
fn network_estimate_is_all_or_nothing_after_a_fault_at_any_step() {
    let sites = fixtures::SITES.replace("51.2,0.3,,closed", "51.01,0.38,,candidate");
    every_step(
        "hasu network estimate --site D",
        &|dir| fixtures::tiny(dir, &[("sites.csv", &sites)]),
        &estimate_d,
    );
}

#[test]
fn two_editors_at_once_both_land() {
    let w = Workdir::new();
    fixtures::tiny(&w.join("ds"), &[]);
    let add = |id: &str, lat: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("hasu"))
            .current_dir(w.path())
            .env(WAIT_VARIABLE, "60")
            .args([
                "site", "add", "--id", id, "--name", id, "--lat", lat, "--lon", "0.38", "--data",
                "ds",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (add("P", "51.01"), add("Q", "51.02"));
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let data = load_dataset(&w.join("ds")).unwrap().dataset;
    assert!(data.site_index("P").is_some() && data.site_index("Q").is_some());
    let source = w.read("ds/SOURCE.md");
    assert_eq!(source.matches("- `hasu site add").count(), 2, "{source}");
}

#[test]
fn a_busy_folder_is_refused_naming_its_editor_and_left_alone() {
    let w = Workdir::new();
    let dir = w.join("ds");
    fixtures::tiny(&dir, &[]);
    let before = snapshot(&dir);
    let lock = FolderLock::acquire(&dir, Mode::Exclusive).unwrap();
    let holder = format!("process {} (`hasu site remove --id D`)", std::process::id());
    let journal = Journal::begin(&dir, &holder, DATASET_FILES, &RealFs).unwrap();
    for args in [
        &["site", "remove", "--id", "C", "--data", "ds"][..],
        &["validate", "--data", "ds"][..],
    ] {
        let out = assert_cmd::Command::cargo_bin("hasu")
            .unwrap()
            .current_dir(w.path())
            .env(WAIT_VARIABLE, "0.3")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("ds is being changed by {holder}; waited 0 s")),
            "{err}"
        );
    }
    journal.abandon().unwrap();
    drop(lock);
    assert_eq!(snapshot(&dir), before);
}

/// The tiny dataset as a planner might keep it: extra columns, quoted and
/// padded cells, more decimals than needed, CRLF line ends in one file, the
/// wide layout of travel times, and boundaries with extra properties.
fn planners_folder(dir: &Path) {
    let sites = "\
site_id,name,beds,postcode,latitude,longitude,trust,role,in_region,services,notes,owner
A,Alpha Hospital,40,AA1 1AA,51.000000,0.0,Trust A,candidate,yes,ivt;emergency_department,,\"Smith, J\"
B,\"Beta Hospital\",12,BB1 1BB,51.0,0.50,Trust B,candidate,Yes,ivt, kept as typed ,Jones
C,Gamma Hospital,,CC1 1CC,51.5,0.25,,fixed_open,no,ivt,out of area,
D,Delta Hospital,8,DD1 1DD,51.2,0.3,,closed,yes,,,Lee
";
    let zones = fixtures::ZONES
        .replace("in_region\n", "in_region,ward\n")
        .replace(",yes\n", ",yes,North ward\n")
        .replace(",no\n", ",no,\n")
        .replace('\n', "\r\n");
    let travel = "zone_id,A,B,C\nZ1,10.0,30,40\nZ2,15,25,35\nZ3,28,8,33.00\nZ4,45,40,12\n";
    let ring = "[[0,51],[0.1,51],[0.1,51.1],[0,51]]";
    let features: Vec<String> = ["Z1", "Z2", "Z3", "Z4"]
        .iter()
        .map(|z| {
            format!(
                r#"{{"type":"Feature","properties":{{"zone_id":"{z}","ward":"W-{z}","pop":1500}},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}"#
            )
        })
        .collect();
    let geojson = format!(
        "{{\"type\":\"FeatureCollection\",\"name\":\"planner\",\"features\":[\n{}\n]}}\n",
        features.join(",\n")
    );
    fixtures::tiny(
        dir,
        &[
            ("sites.csv", sites),
            ("zones.csv", &zones),
            ("travel_times.csv", travel),
            ("zones.geojson", &geojson),
        ],
    );
}

/// The lines of `new` that are not lines of `old`, and the other way.
fn changed_lines(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let o: Vec<&str> = old.lines().collect();
    let n: Vec<&str> = new.lines().collect();
    (
        o.iter()
            .filter(|l| !n.contains(l))
            .map(|l| l.to_string())
            .collect(),
        n.iter()
            .filter(|l| !o.contains(l))
            .map(|l| l.to_string())
            .collect(),
    )
}

#[test]
fn a_round_trip_keeps_what_hasu_does_not_use() {
    let w = Workdir::new();
    planners_folder(&w.join("ds"));
    let before = snapshot(&w.join("ds"));
    w.run(&["validate", "--data", "ds"]).expect_code(0);

    // Changing one field of one site rewrites that row's cell only.
    w.run(&[
        "site", "set", "--id", "B", "--role", "closed", "--data", "ds",
    ])
    .expect_code(0);
    let after = snapshot(&w.join("ds"));
    for (name, bytes) in &before {
        if name != "sites.csv" {
            assert_eq!(after.get(name), Some(bytes), "{name} changed");
        }
    }
    let text = |m: &BTreeMap<String, Vec<u8>>, f: &str| String::from_utf8(m[f].clone()).unwrap();
    assert_eq!(
        changed_lines(&text(&before, "sites.csv"), &text(&after, "sites.csv")),
        (
            vec!["B,\"Beta Hospital\",12,BB1 1BB,51.0,0.50,Trust B,candidate,Yes,ivt, kept as typed ,Jones".to_string()],
            vec!["B,\"Beta Hospital\",12,BB1 1BB,51.0,0.50,Trust B,closed,Yes,ivt, kept as typed ,Jones".to_string()]
        )
    );
    assert!(
        w.read("ds/SOURCE.md")
            .contains("- `hasu site set --id B --role closed`")
    );

    // Estimating a site's times keeps the wide layout: its estimates get a
    // column of their own, and the planner's column stays.
    w.run(&[
        "site",
        "set",
        "--id",
        "D",
        "--role",
        "candidate",
        "--lat",
        "51.01",
        "--lon",
        "0.38",
        "--data",
        "ds",
    ])
    .expect_code(0);
    let travel = w.read("ds/travel_times.csv");
    assert!(
        travel.starts_with("zone_id,A,B,C,D (estimated)\nZ1,10.0,30,40,"),
        "{travel}"
    );
    let loaded = load_dataset(&w.join("ds")).unwrap();
    assert_eq!(loaded.travel_layout, hasu::load::Layout::Wide);
    let d = loaded.dataset.site_index("D").unwrap();
    assert_eq!(
        loaded.dataset.travel.source(0, d),
        Some(hasu::model::TimeSource::Estimated)
    );
    assert_eq!(loaded.dataset.travel.get(0, 0), Some(10.0));
    // Removing a site removes its column and nothing else.
    w.run(&["site", "remove", "--id", "D", "--data", "ds"])
        .expect_code(0);
    let travel = w.read("ds/travel_times.csv");
    assert_eq!(travel, text(&before, "travel_times.csv"));
    // Zones, with their CRLF line ends and extra column, and the
    // boundaries with their extra properties, were never rewritten.
    let now = snapshot(&w.join("ds"));
    assert_eq!(now["zones.csv"], before["zones.csv"]);
    assert_eq!(now["zones.geojson"], before["zones.geojson"]);
    let sites = text(&now, "sites.csv");
    assert!(sites.contains("A,Alpha Hospital,40,AA1 1AA,51.000000,0.0,Trust A,candidate,yes,ivt;emergency_department,,\"Smith, J\"\n"), "{sites}");
    assert!(!sites.contains("\nD,"), "{sites}");
}
