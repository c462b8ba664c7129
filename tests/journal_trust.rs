//! A `.hasu-edit` journal found in a dataset folder is evidence, not an
//! instruction: recovery never touches anything outside the folder, never
//! installs content the journal does not vouch for, refuses journals made
//! against other content, and never blocks on what it finds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hasu::files::digest::sha256_hex;
use hasu::files::journal::{self, JOURNAL, Journal, RealFs, RecoverError, Recovery};
use hasu::files::lock::WAIT_VARIABLE;
use hasu::load::DATASET_FILES;
use proptest::prelude::*;

use crate::fixtures;
use crate::workdir::Workdir;

/// Everything under `dir`, recursively, links as their targets' paths (not
/// followed): what a change to anything there would show.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return out;
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(dir).unwrap();
        out.insert(
            dir.to_path_buf(),
            format!("link {}", target.display()).into(),
        );
        return out;
    }
    if !meta.is_dir() {
        let bytes = if meta.is_file() {
            std::fs::read(dir).unwrap()
        } else {
            b"special".to_vec()
        };
        out.insert(dir.to_path_buf(), bytes);
        return out;
    }
    out.insert(dir.to_path_buf(), b"folder".to_vec());
    for entry in std::fs::read_dir(dir).unwrap() {
        out.extend(tree(&entry.unwrap().path()));
    }
    out
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// A dataset folder `ds` and, beside it, files an attacker would aim at.
fn setting(w: &Workdir) -> (PathBuf, PathBuf) {
    let ds = w.join("ds");
    fixtures::tiny(&ds, &[("SOURCE.md", "# Source\n")]);
    let outside = w.join("outside");
    std::fs::create_dir_all(outside.join("dir")).unwrap();
    std::fs::write(outside.join("victim.txt"), "keep me").unwrap();
    std::fs::write(outside.join("dir/sites.csv"), "someone else's").unwrap();
    std::fs::write(outside.join("dir/COMMIT"), "hasu-journal 2\n").unwrap();
    (ds, outside)
}

const NEW_SITES: &str = "site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes\nA,Alpha Hospital,AA1 1AA,51.0,0.0,,candidate,yes,ivt,\nB,Beta Hospital,BB1 1BB,51.0,0.5,,candidate,yes,ivt,\nC,Gamma Hospital,CC1 1CC,51.5,0.25,,fixed_open,no,ivt,\n";

/// One entry of a generated journal folder.
#[derive(Debug, Clone)]
enum Entry {
    /// A regular file with these bytes.
    File(Vec<u8>),
    /// A symbolic link to a file outside the folder.
    LinkOut,
    /// A symbolic link to an outside folder.
    LinkDir,
    /// A named pipe.
    Fifo,
    /// A folder.
    Folder,
}

/// Names a journal's entries and manifest lines may use: the dataset's
/// own, the journal's, and attacks.
const NAMES: &[&str] = &[
    "sites.csv",
    "zones.csv",
    "travel_times.csv",
    "SOURCE.md",
    "site_times.csv",
    "holder",
    "COMMIT.tmp",
    "../outside/victim.txt",
    "..",
    "",
    "sites.csv/x",
    "notes.txt",
    "ABSOLUTE",
];

fn name(i: usize, outside: &Path) -> String {
    match NAMES[i] {
        "ABSOLUTE" => outside.join("victim.txt").display().to_string(),
        n => n.to_string(),
    }
}

/// Contents a staged file or a hash may come from.
fn content(i: usize) -> Vec<u8> {
    match i {
        0 => NEW_SITES.as_bytes().to_vec(),
        1 => fixtures::SITES.as_bytes().to_vec(),
        2 => b"# Source\n".to_vec(),
        3 => b"keep me".to_vec(),
        _ => format!("junk {i}\n").into_bytes(),
    }
}

/// What a manifest line says a file held before the change.
#[derive(Debug, Clone)]
enum Old {
    Absent,
    /// What the file it names holds now (the right answer).
    Current,
    Content(usize),
}

#[derive(Debug, Clone)]
struct Spec {
    /// 0: a real folder; 1: a link to an outside folder; 2: a file.
    kind: u8,
    entries: Vec<(usize, Entry)>,
    /// The COMMIT: none, a file with lines, a link out, or a pipe.
    commit: u8,
    header: bool,
    /// (replace?, name, new: None = what is staged under that name, old).
    lines: Vec<(bool, usize, Option<usize>, Old)>,
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        8 => (0usize..6).prop_map(|i| Entry::File(content(i))),
        1 => Just(Entry::LinkOut),
        1 => Just(Entry::LinkDir),
        1 => Just(Entry::Fifo),
        1 => Just(Entry::Folder),
    ]
}

/// A name: mostly the dataset's own (so that journals often hold together
/// well enough to reach the install), sometimes an attack.
fn name_index() -> impl Strategy<Value = usize> {
    prop_oneof![3 => 0usize..5, 2 => 5..NAMES.len()]
}

fn spec() -> impl Strategy<Value = Spec> {
    let old = prop_oneof![
        1 => Just(Old::Absent),
        6 => Just(Old::Current),
        1 => (0usize..6).prop_map(Old::Content),
    ];
    (
        prop_oneof![6 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
        proptest::collection::vec((name_index(), entry()), 0..4),
        prop_oneof![1 => Just(0u8), 6 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8)],
        prop_oneof![8 => Just(true), 1 => Just(false)],
        proptest::collection::vec(
            (
                any::<bool>(),
                name_index(),
                proptest::option::weighted(0.3, 0usize..6),
                old,
            ),
            0..4,
        ),
    )
        .prop_map(|(kind, entries, commit, header, lines)| Spec {
            kind,
            entries,
            commit,
            header,
            lines,
        })
}

/// Makes the journal `spec` describes in `ds`, and gives what each
/// manifest line vouches for: (file name, SHA-256 after the change, or
/// `None` for removed).
fn build(spec: &Spec, ds: &Path, outside: &Path) -> Vec<(String, Option<String>)> {
    let journal = ds.join(JOURNAL);
    match spec.kind {
        1 => {
            std::os::unix::fs::symlink(outside.join("dir"), &journal).unwrap();
            return Vec::new();
        }
        2 => {
            std::fs::write(&journal, "not a folder").unwrap();
            return Vec::new();
        }
        _ => std::fs::create_dir(&journal).unwrap(),
    }
    let mut staged = BTreeMap::new();
    for (i, entry) in &spec.entries {
        let n = name(*i, outside);
        if n.is_empty() || n.contains('/') || n == ".." {
            continue;
        }
        let path = journal.join(&n);
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        match entry {
            Entry::File(bytes) => {
                std::fs::write(&path, bytes).unwrap();
                staged.insert(n, sha256_hex(bytes));
            }
            Entry::LinkOut => {
                std::os::unix::fs::symlink(outside.join("victim.txt"), &path).unwrap()
            }
            Entry::LinkDir => std::os::unix::fs::symlink(outside.join("dir"), &path).unwrap(),
            Entry::Fifo => mkfifo(&path),
            Entry::Folder => std::fs::create_dir(&path).unwrap(),
        }
    }
    let mut vouched = Vec::new();
    let mut text = if spec.header {
        "hasu-journal 2\n".to_string()
    } else {
        String::new()
    };
    for (replace, n, new, old) in &spec.lines {
        let n = name(*n, outside);
        let old = match old {
            Old::Absent => "absent".to_string(),
            Old::Current => {
                std::fs::read(ds.join(&n)).map_or("absent".to_string(), |b| sha256_hex(&b))
            }
            Old::Content(c) => sha256_hex(&content(*c)),
        };
        if *replace {
            let new = new.map_or_else(
                || {
                    staged
                        .get(&n)
                        .cloned()
                        .unwrap_or_else(|| sha256_hex(&content(0)))
                },
                |c| sha256_hex(&content(c)),
            );
            text += &format!("replace {n} {new} {old}\n");
            vouched.push((n, Some(new)));
        } else {
            text += &format!("remove {n} {old}\n");
            vouched.push((n, None));
        }
    }
    let commit = journal.join("COMMIT");
    match spec.commit {
        1 => std::fs::write(&commit, text).unwrap(),
        2 => std::os::unix::fs::symlink(outside.join("victim.txt"), &commit).unwrap(),
        3 => mkfifo(&commit),
        _ => {}
    }
    vouched
}

thread_local! {
    /// How often the property test reached each outcome.
    static OUTCOMES: std::cell::RefCell<BTreeMap<&'static str, usize>> = Default::default();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever a journal holds, recovery never touches anything outside
    /// the dataset folder, never leaves a link or a file the journal's
    /// manifest does not vouch for (by SHA-256) in place of a dataset file,
    /// and, when it refuses, changes nothing at all.
    #[test]
    fn no_journal_makes_recovery_touch_the_outside_or_install_unvouched_content(spec in spec()) {
        let w = Workdir::new();
        let (ds, outside) = setting(&w);
        let vouched = build(&spec, &ds, &outside);
        let (outside_before, ds_before) = (tree(&outside), tree(&ds));
        let result = journal::recover(&ds, DATASET_FILES, &RealFs);
        prop_assert_eq!(&tree(&outside), &outside_before, "{:?}", result);
        for file in DATASET_FILES {
            let path = ds.join(file);
            let before = ds_before.get(&path);
            let now = std::fs::symlink_metadata(&path).ok();
            let unchanged = match (before, &now) {
                (Some(bytes), Some(m)) => m.is_file() && std::fs::read(&path).unwrap() == *bytes,
                (None, None) => true,
                _ => false,
            };
            if unchanged {
                continue;
            }
            // Changed: only as a manifest line for this file said.
            let hash = now.as_ref().map(|m| {
                prop_assert!(m.is_file() && !m.file_type().is_symlink(), "{file} is not a regular file");
                Ok(sha256_hex(&std::fs::read(&path).unwrap()))
            }).transpose()?;
            prop_assert!(
                vouched.iter().any(|(n, h)| n == file && *h == hash),
                "{} changed to {:?}, which no line vouches for ({:?})", file, hash, result
            );
        }
        if let Err(e @ RecoverError::Untrusted { .. }) = &result {
            prop_assert_eq!(&tree(&ds), &ds_before, "{}", e);
        }
        OUTCOMES.with(|o| *o.borrow_mut().entry(match &result {
            Ok(Recovery::Clean) => "clean",
            Ok(Recovery::RolledBack { .. }) => "rolled back",
            Ok(Recovery::RolledForward { files, .. }) if files.is_empty() => "rolled forward, nothing",
            Ok(Recovery::RolledForward { .. }) => "rolled forward",
            Err(RecoverError::Untrusted { .. }) => "untrusted",
            Err(RecoverError::Failed { .. }) => "failed",
        }).or_insert(0) += 1);
    }
}

/// The property test reaches every outcome, so it tests the install and
/// not only refusals (run in the same thread, after the property test).
#[test]
fn the_property_test_reaches_installs_and_refusals() {
    no_journal_makes_recovery_touch_the_outside_or_install_unvouched_content();
    let outcomes = OUTCOMES.with(|o| o.borrow().clone());
    for outcome in ["rolled back", "rolled forward", "untrusted"] {
        assert!(
            outcomes.get(outcome).copied().unwrap_or(0) >= 3,
            "{outcomes:?}"
        );
    }
}

fn run_with_wait(w: &Workdir, args: &[&str]) -> (std::process::Output, Duration) {
    let start = Instant::now();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("hasu"))
        .current_dir(w.path())
        .env(WAIT_VARIABLE, "2")
        .args(args)
        .output()
        .unwrap();
    (out, start.elapsed())
}

/// A staged file and a manifest line that would install it as `name`.
fn hostile(ds: &Path, line: &str, staged: &[(&str, &[u8])]) {
    let journal = ds.join(JOURNAL);
    std::fs::create_dir(&journal).unwrap();
    for (name, bytes) in staged {
        std::fs::write(journal.join(name), bytes).unwrap();
    }
    std::fs::write(journal.join("COMMIT"), format!("hasu-journal 2\n{line}\n")).unwrap();
}

#[test]
fn a_received_journal_aimed_outside_the_folder_is_refused_by_every_command() {
    let hash = sha256_hex(b"pwned");
    for line in [
        format!("replace ../outside/victim.txt {hash} absent"),
        format!("remove ../outside/victim.txt {hash}"),
        "remove OUTSIDE absent".into(),
    ] {
        for args in [
            &["validate", "--data", "ds"][..],
            &["appraise", "--data", "ds", "--criteria", "c.toml"][..],
            &["site", "set", "--id", "A", "--name", "X", "--data", "ds"][..],
        ] {
            let w = Workdir::new();
            let (ds, outside) = setting(&w);
            let line = line.replace("OUTSIDE", &outside.join("victim.txt").display().to_string());
            hostile(&ds, &line, &[]);
            let before = (tree(&outside), tree(&ds));
            let (out, _) = run_with_wait(&w, args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?} {line}\n{err}");
            assert!(
                err.contains("ds/.hasu-edit is an unfinished change that hasu cannot trust, so it changed nothing")
                    && err.contains("not one of the dataset's files")
                    && err.contains("rm -r")
                    && !err.contains("permission"),
                "{err}"
            );
            assert_eq!((tree(&outside), tree(&ds)), before, "{args:?} {line}");
        }
    }
}

#[test]
fn a_journal_that_is_a_link_is_never_followed() {
    let w = Workdir::new();
    let (ds, outside) = setting(&w);
    std::os::unix::fs::symlink(outside.join("dir"), ds.join(JOURNAL)).unwrap();
    let before = (tree(&outside), tree(&ds));
    // A reader goes on (the dataset's files are as they came) and says why.
    let (out, _) = run_with_wait(&w, &["validate", "--data", "ds"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("it is a symbolic link, not a folder hasu made")
            && text.contains("the dataset's files were read as they are"),
        "{text}"
    );
    // An editor refuses.
    let (out, _) = run_with_wait(&w, &["site", "remove", "--id", "D", "--data", "ds"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!((tree(&outside), tree(&ds)), before);
}

#[test]
fn a_staged_link_or_unvouched_content_is_never_installed() {
    let w = Workdir::new();
    let (ds, _) = setting(&w);
    let old = sha256_hex(fixtures::SITES.as_bytes());
    let new = sha256_hex(NEW_SITES.as_bytes());
    // A staged link with the right name and a manifest for its target's
    // content.
    std::fs::create_dir(ds.join(JOURNAL)).unwrap();
    std::fs::write(w.join("elsewhere.csv"), NEW_SITES).unwrap();
    std::os::unix::fs::symlink(w.join("elsewhere.csv"), ds.join(JOURNAL).join("sites.csv"))
        .unwrap();
    std::fs::write(
        ds.join(JOURNAL).join("COMMIT"),
        format!("hasu-journal 2\nreplace sites.csv {new} {old}\n"),
    )
    .unwrap();
    let err = journal::recover(&ds, DATASET_FILES, &RealFs).unwrap_err();
    assert!(
        err.to_string()
            .contains("its \"sites.csv\" is not a regular file"),
        "{err}"
    );
    assert!(err.committed());
    assert_eq!(
        std::fs::read_to_string(ds.join("sites.csv")).unwrap(),
        fixtures::SITES
    );
    // A staged file whose content is not the one the manifest records.
    std::fs::remove_file(ds.join(JOURNAL).join("sites.csv")).unwrap();
    std::fs::write(ds.join(JOURNAL).join("sites.csv"), "site_id\n").unwrap();
    let err = journal::recover(&ds, DATASET_FILES, &RealFs).unwrap_err();
    assert!(
        err.to_string()
            .contains("its staged sites.csv does not hold the content its COMMIT records"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(ds.join("sites.csv")).unwrap(),
        fixtures::SITES
    );
    // The right content is installed.
    std::fs::write(ds.join(JOURNAL).join("sites.csv"), NEW_SITES).unwrap();
    let done = journal::recover(&ds, DATASET_FILES, &RealFs).unwrap();
    assert_eq!(
        done,
        Recovery::RolledForward {
            holder: None,
            files: vec!["sites.csv".into()]
        }
    );
    assert_eq!(
        std::fs::read_to_string(ds.join("sites.csv")).unwrap(),
        NEW_SITES
    );
    assert!(!journal::present(&ds));
}

#[test]
fn a_journal_copied_from_another_dataset_is_refused() {
    let w = Workdir::new();
    let (a, b) = (w.join("a"), w.join("b"));
    fixtures::tiny(
        &a,
        &[("sites.csv", &fixtures::SITES.replace("Alpha", "Alfa"))],
    );
    fixtures::tiny(&b, &[]);
    // An edit of b, committed and then stopped before it was installed.
    let mut j = Journal::begin(&b, "process 1 (`hasu site set`)", DATASET_FILES, &RealFs).unwrap();
    j.stage("sites.csv", NEW_SITES.as_bytes()).unwrap();
    let committed = j.commit().unwrap();
    drop(committed);
    // Copied into a, whose sites.csv differs from b's before the edit.
    let copy = a.join(JOURNAL);
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(b.join(JOURNAL)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    let before = tree(&a);
    let err = journal::recover(&a, DATASET_FILES, &RealFs).unwrap_err();
    assert!(
        err.to_string().contains(
            "sites.csv of the folder holds neither what the change replaces nor what it installs, \
             so the change was not made against this folder"
        ),
        "{err}"
    );
    assert_eq!(tree(&a), before);
    // b's own journal is finished.
    assert!(matches!(
        journal::recover(&b, DATASET_FILES, &RealFs).unwrap(),
        Recovery::RolledForward { .. }
    ));
    assert_eq!(
        std::fs::read_to_string(b.join("sites.csv")).unwrap(),
        NEW_SITES
    );
}

#[test]
fn pipes_and_devices_in_a_journal_are_refused_at_once() {
    for what in ["fifo", "zero", "holder-fifo"] {
        let w = Workdir::new();
        let (ds, _) = setting(&w);
        let journal = ds.join(JOURNAL);
        std::fs::create_dir(&journal).unwrap();
        match what {
            "fifo" => mkfifo(&journal.join("COMMIT")),
            "zero" => std::os::unix::fs::symlink("/dev/zero", journal.join("COMMIT")).unwrap(),
            _ => mkfifo(&journal.join("holder")),
        }
        for args in [
            &["validate", "--data", "ds"][..],
            &["site", "remove", "--id", "D", "--data", "ds"][..],
        ] {
            let (out, took) = run_with_wait(&w, args);
            let err = String::from_utf8_lossy(&out.stderr);
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                took < Duration::from_secs(10),
                "{what} {args:?} took {took:?}"
            );
            assert!(
                err.contains("is not a regular file") || text.contains("is not a regular file"),
                "{what} {args:?}\n{err}{text}"
            );
            if args[0] == "site" {
                assert_eq!(out.status.code(), Some(2));
            }
        }
        assert_eq!(
            std::fs::read_to_string(ds.join("sites.csv")).unwrap(),
            fixtures::SITES
        );
    }
}

#[test]
fn a_journal_left_before_its_commit_is_reported_and_removed_by_a_reader() {
    let w = Workdir::new();
    let (ds, _) = setting(&w);
    let mut j = Journal::begin(
        &ds,
        "process 7 (`hasu site add --id N`)",
        DATASET_FILES,
        &RealFs,
    )
    .unwrap();
    j.stage("sites.csv", NEW_SITES.as_bytes()).unwrap();
    drop(j);
    let before = tree(&ds);
    let (out, _) = run_with_wait(&w, &["validate", "--data", "ds"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains(
            "warning: ds/.hasu-edit: an edit (by process 7 (`hasu site add --id N`)) was stopped \
             before it took effect; what it left was removed, and the dataset is as it was before \
             that edit"
        ),
        "{text}"
    );
    assert!(!journal::present(&ds));
    let after = tree(&ds);
    assert!(
        before
            .iter()
            .all(|(p, b)| p.starts_with(ds.join(JOURNAL)) || after.get(p) == Some(b))
    );
}

#[test]
fn a_damaged_journal_is_named_as_such_without_advice_about_permissions() {
    let w = Workdir::new();
    let (ds, _) = setting(&w);
    std::fs::create_dir(ds.join(JOURNAL)).unwrap();
    std::fs::write(ds.join(JOURNAL).join("COMMIT"), "replace sites.csv\n").unwrap();
    let (out, _) = run_with_wait(&w, &["validate", "--data", "ds"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("its COMMIT does not begin \"hasu-journal 2\"")
            && err.contains("its files may be part way through that edit")
            && !err.contains("permission"),
        "{err}"
    );
}

#[test]
fn the_lock_wait_is_a_number_of_seconds_within_a_day() {
    let w = Workdir::new();
    fixtures::tiny(&w.join("ds"), &[]);
    for value in ["1e30", "-5", "abc", "NaN", "inf"] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("hasu"))
            .current_dir(w.path())
            .env(WAIT_VARIABLE, value)
            .args(["validate", "--data", "ds"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{value}: {err}");
        assert!(
            err.contains(&format!(
                "the environment variable {WAIT_VARIABLE} is \"{value}\"; expected a number of \
                 seconds from 0 to 86400 (a day)"
            )),
            "{err}"
        );
    }
}

#[test]
fn a_holder_that_is_no_longer_running_is_not_named_as_the_editor() {
    let w = Workdir::new();
    let (ds, _) = setting(&w);
    let lock =
        hasu::files::lock::FolderLock::acquire(&ds, hasu::files::lock::Mode::Exclusive).unwrap();
    // Process ids on Linux stop below 2^22.
    let dead = "process 4194303 (`hasu site add --id N`)";
    let j = Journal::begin(&ds, dead, DATASET_FILES, &RealFs).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("hasu"))
        .current_dir(w.path())
        .env(WAIT_VARIABLE, "0.2")
        .args(["validate", "--data", "ds"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "ds is being changed by another hasu process (its journal names process 4194303, \
             which is no longer running)"
        ),
        "{err}"
    );
    j.abandon().unwrap();
    drop(lock);
}
