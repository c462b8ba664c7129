//! All-or-nothing changes to several files of a folder, under any crash: a
//! redo journal that recovery never trusts blindly.
//!
//! # Design
//! A change is prepared in a journal folder, `.hasu-edit`, inside the
//! folder it changes, and made visible by one rename:
//!
//! 1. **Begin**: create `.hasu-edit/` and record who is changing the folder
//!    in `.hasu-edit/holder`.
//! 2. **Stage**: write the new content of each changed file to
//!    `.hasu-edit/<name>` and flush it to disk.
//! 3. **Commit**: write the manifest to `.hasu-edit/COMMIT.tmp`, flush it,
//!    and rename it to `.hasu-edit/COMMIT`. This rename is the moment the
//!    change happens. The manifest's first line is `hasu-journal 2`; then
//!    one line per file, `replace <name> <new sha256> <old sha256|absent>`
//!    or `remove <name> <old sha256|absent>`: what the file holds after the
//!    change and what it held before.
//! 4. **Install**: rename each staged file over its target and remove the
//!    files to remove; flush the folder.
//! 5. **Finish**: remove `COMMIT`, then the journal's other files one by
//!    one, then the empty journal folder.
//!
//! A crash (or `kill -9`, or a failed call) before the commit leaves the
//! targets untouched: [`recover`] rolls the journal back (deletes it). A
//! crash after it leaves a committed journal: [`recover`] rolls it forward.
//! So the folder is always exactly as before or exactly as after, and the
//! next hasu command on it (reader or editor, under [`super::lock`])
//! completes or discards what a crash left.
//!
//! # What recovery trusts
//! A dataset folder may come from anyone (a zip, a repository, a share), so
//! a `.hasu-edit` found in one is evidence, not an instruction. [`recover`]
//! changes anything only when every one of these holds, and otherwise
//! changes nothing and says what is wrong ([`RecoverError::Untrusted`]):
//! - the journal is a real folder inside the dataset folder (not a symbolic
//!   link), holding at most 64 entries, each a regular file (no links,
//!   folders, pipes or devices) named `holder`, `COMMIT`, `COMMIT.tmp` or
//!   one of the dataset's own files (the list the caller gives);
//! - to roll back (no `COMMIT`): nothing more, since only those files are
//!   removed, one by one, and then the empty folder;
//! - to roll forward: the manifest is within 64 KiB, in the format above,
//!   names each file at most once and only the dataset's own files; every
//!   staged file holds the content whose SHA-256 the manifest records, and
//!   every file it names holds either its content before the change (not
//!   yet installed) or after it (installed). A journal prepared against
//!   other content, or copied from another folder, fails the last test.
//!
//! Every call that changes the disk goes through [`Fs`], so a test can stop
//! the change after each step in turn ([`Fs`] is implemented by [`RealFs`]
//! for real use).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::digest::{is_sha256_hex, sha256_file, sha256_hex};
use super::read::{MAX_DATA_FILE_BYTES, ReadError, read_bounded};
use crate::error::{Error, Result, inert};

/// The journal folder's name inside the folder being changed.
pub const JOURNAL: &str = ".hasu-edit";
const COMMIT: &str = "COMMIT";
const COMMIT_TMP: &str = "COMMIT.tmp";
const HOLDER: &str = "holder";
/// The manifest's first line: the format this version writes and reads.
const FORMAT: &str = "hasu-journal 2";
const ABSENT: &str = "absent";
/// Largest manifest recovery reads (a real one is a few hundred bytes).
const MAX_MANIFEST_BYTES: u64 = 64 << 10;
/// Largest holder record read (a real one is under 200 bytes).
const MAX_HOLDER_BYTES: u64 = 4 << 10;
/// Most entries a journal folder may hold (a real one holds at most 8).
const MAX_ENTRIES: usize = 64;

/// Every call a change makes that alters the disk: one step each.
pub trait Fs {
    /// Creates the folder `path` (its parent exists).
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    /// Creates the file `path` with `bytes` and flushes it to disk.
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Renames `from` to `to`, replacing `to`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Removes the file `path` (a link itself, never what it points to).
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// Removes the empty folder `path`.
    fn remove_dir(&self, path: &Path) -> io::Result<()>;
    /// Flushes the entries of the folder `path` to disk.
    fn sync_dir(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl Fs for RealFs {
    fn create_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::create_dir(path)
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }

    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_dir(path)
    }

    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            std::fs::File::open(path)?.sync_all()
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            Ok(())
        }
    }
}

/// What a file holds: nothing (`None`), or content with this SHA-256.
type Content = Option<String>;

/// What a committed change does to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Replace (or create) the file with the staged content.
    Replace {
        /// The SHA-256 of the staged content.
        new: String,
        /// The SHA-256 of the file before the change; `None` if it did not
        /// exist.
        old: Content,
    },
    /// Remove the file.
    Remove {
        /// The SHA-256 of the file before the change; `None` if it did not
        /// exist.
        old: Content,
    },
}

/// Who is changing `dir`, as its editor recorded it, if anyone did and the
/// record is a plain file of plain size (a link, a pipe or a device is
/// never read).
pub fn holder(dir: &Path) -> Option<String> {
    let journal = dir.join(JOURNAL);
    let meta = std::fs::symlink_metadata(&journal).ok()?;
    if !meta.is_dir() {
        return None;
    }
    read_holder(&journal)
}

fn read_holder(journal: &Path) -> Option<String> {
    let path = journal.join(HOLDER);
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let bytes = read_bounded(&path, MAX_HOLDER_BYTES).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = inert(text.trim()).into_owned();
    (!text.is_empty()).then_some(text)
}

/// Whether anything named `.hasu-edit` is in `dir` (a journal to recover
/// or to report).
pub fn present(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(JOURNAL)).is_ok()
}

/// A change being prepared in the journal folder of a folder.
pub struct Journal<'f> {
    dir: PathBuf,
    journal: PathBuf,
    files: &'static [&'static str],
    fs: &'f dyn Fs,
    actions: Vec<(String, Action)>,
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

impl<'f> Journal<'f> {
    /// Starts a change of `dir`, recording `holder` (who is changing it);
    /// the change may touch only the files named in `files`. The caller
    /// holds the folder's exclusive lock and has called [`recover`].
    pub fn begin(
        dir: &Path,
        holder: &str,
        files: &'static [&'static str],
        fs: &'f dyn Fs,
    ) -> Result<Journal<'f>> {
        let journal = dir.join(JOURNAL);
        fs.create_dir(&journal).map_err(io_err(&journal))?;
        let j = Journal {
            dir: dir.to_path_buf(),
            journal,
            files,
            fs,
            actions: Vec::new(),
        };
        let path = j.journal.join(HOLDER);
        if let Err(e) = fs.write(&path, holder.as_bytes()) {
            let _ = j.abandon();
            return Err(Error::io(&path, e));
        }
        Ok(j)
    }

    /// Stages `bytes` as the new content of the file `name` of the folder.
    pub fn stage(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let (path, old) = self.target(name)?;
        self.fs.write(&path, bytes).map_err(io_err(&path))?;
        let new = sha256_hex(bytes);
        self.actions
            .push((name.to_string(), Action::Replace { new, old }));
        Ok(())
    }

    /// Marks the file `name` of the folder for removal.
    pub fn remove(&mut self, name: &str) -> Result<()> {
        let (_, old) = self.target(name)?;
        self.actions
            .push((name.to_string(), Action::Remove { old }));
        Ok(())
    }

    /// Where `name` is staged, and what the folder's file holds now.
    fn target(&self, name: &str) -> Result<(PathBuf, Content)> {
        if !self.files.contains(&name) || self.actions.iter().any(|(n, _)| n == name) {
            return Err(Error::Refused(format!(
                "cannot stage \"{name}\": expected one of the dataset's files ({}), once",
                self.files.join(", ")
            )));
        }
        let old = content(&self.dir.join(name))
            .map_err(|why| Error::Refused(format!("{}: {why}", self.dir.join(name).display())))?;
        Ok((self.journal.join(name), old))
    }

    /// Commits the change: from here on it happens, crash or not. On an
    /// error the change is abandoned (the journal removed as far as the
    /// system allows; what is left is rolled back by [`recover`]).
    pub fn commit(self) -> Result<Committed<'f>> {
        match self.write_commit() {
            Ok(()) => Ok(Committed {
                dir: self.dir,
                files: self.files,
                fs: self.fs,
                actions: self.actions,
            }),
            Err(e) => {
                let _ = self.abandon();
                Err(e)
            }
        }
    }

    /// Writes the manifest and renames it into place: the commit point.
    fn write_commit(&self) -> Result<()> {
        let tmp = self.journal.join(COMMIT_TMP);
        let commit = self.journal.join(COMMIT);
        self.fs
            .write(&tmp, manifest(&self.actions).as_bytes())
            .map_err(io_err(&tmp))?;
        self.fs.rename(&tmp, &commit).map_err(io_err(&commit))?;
        // Committed. A failure to flush the folder only weakens durability
        // against a power cut; the change stands, and installing flushes
        // again.
        let _ = self.fs.sync_dir(&self.journal);
        Ok(())
    }

    /// Abandons the change, removing the journal; the folder is as before.
    pub fn abandon(&self) -> Result<()> {
        discard(&self.journal, self.files, self.fs)
    }
}

/// The manifest of `actions`, as [`Journal::commit`] writes it.
fn manifest(actions: &[(String, Action)]) -> String {
    let state = |c: &Content| c.clone().unwrap_or_else(|| ABSENT.into());
    let mut text = format!("{FORMAT}\n");
    for (name, action) in actions {
        text += &match action {
            Action::Replace { new, old } => format!("replace {name} {new} {}\n", state(old)),
            Action::Remove { old } => format!("remove {name} {}\n", state(old)),
        };
    }
    text
}

/// What the file at `path` holds: nothing, or content with this SHA-256
/// (read in blocks, through a link as a load reads it, never from a pipe
/// or a device).
fn content(path: &Path) -> std::result::Result<Content, String> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    match sha256_file(path, MAX_DATA_FILE_BYTES) {
        Ok(hash) => Ok(Some(hash)),
        Err(ReadError::NotFound) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// A committed change, to install.
pub struct Committed<'f> {
    dir: PathBuf,
    files: &'static [&'static str],
    fs: &'f dyn Fs,
    actions: Vec<(String, Action)>,
}

impl Committed<'_> {
    /// Installs the change and removes the journal.
    pub fn finish(self) -> Result<()> {
        install(&self.dir, &self.actions, self.files, self.fs)
    }
}

/// Puts a committed change in place (again, if a crash interrupted it) and
/// removes the journal. The actions have been checked against the folder
/// (or were just written by this process).
fn install(
    dir: &Path,
    actions: &[(String, Action)],
    files: &'static [&'static str],
    fs: &dyn Fs,
) -> Result<()> {
    let journal = dir.join(JOURNAL);
    for (name, action) in actions {
        let target = dir.join(name);
        match action {
            Action::Replace { .. } => {
                let staged = journal.join(name);
                // A staged file already renamed holds the new content:
                // recovery checked it.
                if std::fs::symlink_metadata(&staged).is_ok() {
                    fs.rename(&staged, &target).map_err(io_err(&target))?;
                }
            }
            Action::Remove { .. } => {
                if std::fs::symlink_metadata(&target).is_ok() {
                    fs.remove_file(&target).map_err(io_err(&target))?;
                }
            }
        }
    }
    fs.sync_dir(dir).map_err(io_err(dir))?;
    let commit = journal.join(COMMIT);
    fs.remove_file(&commit).map_err(io_err(&commit))?;
    fs.sync_dir(&journal).map_err(io_err(&journal))?;
    discard(&journal, files, fs)
}

/// Removes a journal folder that [`scan`] trusts: each of its files, then
/// the empty folder. Nothing outside it is touched.
fn discard(journal: &Path, files: &'static [&'static str], fs: &dyn Fs) -> Result<()> {
    let entries = match scan(journal, files) {
        Ok(Some(entries)) => entries,
        Ok(None) => return Ok(()),
        Err(problems) => {
            return Err(Error::Refused(format!(
                "{}: {}",
                journal.display(),
                problems.join("; ")
            )));
        }
    };
    for name in entries {
        let path = journal.join(name);
        fs.remove_file(&path).map_err(io_err(&path))?;
    }
    fs.remove_dir(journal).map_err(io_err(journal))
}

/// The names in the journal folder, when it is one hasu could have made: a
/// real folder of at most [`MAX_ENTRIES`] regular files with the journal's
/// own names or the dataset's file names. `None` when there is no journal;
/// otherwise every problem found.
fn scan(journal: &Path, files: &[&str]) -> std::result::Result<Option<Vec<String>>, Vec<String>> {
    let meta = match std::fs::symlink_metadata(journal) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(vec![format!("cannot look at it: {e}")]),
    };
    if meta.file_type().is_symlink() {
        return Err(vec![
            "it is a symbolic link, not a folder hasu made (hasu never follows it)".into(),
        ]);
    }
    if !meta.is_dir() {
        return Err(vec!["it is not a folder, as hasu's journal is".into()]);
    }
    let listing = std::fs::read_dir(journal).map_err(|e| vec![format!("cannot list it: {e}")])?;
    let mut names = Vec::new();
    let mut problems = Vec::new();
    for entry in listing {
        if names.len() + problems.len() >= MAX_ENTRIES {
            problems.push(format!("it holds more than {MAX_ENTRIES} entries"));
            break;
        }
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(format!("cannot list it: {e}"));
                break;
            }
        };
        let raw = entry.file_name();
        let name = raw.to_string_lossy();
        let known =
            [HOLDER, COMMIT, COMMIT_TMP].contains(&name.as_ref()) || files.contains(&name.as_ref());
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        match (known && raw.to_str().is_some(), regular) {
            (true, true) => names.push(name.into_owned()),
            (false, _) => problems.push(format!(
                "it holds \"{}\", which is not a file hasu's journal holds",
                inert(&name)
            )),
            (true, false) => problems.push(format!(
                "its \"{name}\" is not a regular file (a link, a folder, a pipe or a device)"
            )),
        }
    }
    if problems.is_empty() {
        names.sort();
        Ok(Some(names))
    } else {
        Err(problems)
    }
}

/// What [`recover`] found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// No journal: nothing to do.
    Clean,
    /// An uncommitted journal was discarded: the folder is as before that
    /// change.
    RolledBack {
        /// Who made the change, as it recorded itself.
        holder: Option<String>,
    },
    /// A committed journal was finished: the folder is as after that
    /// change.
    RolledForward {
        /// Who made the change, as it recorded itself.
        holder: Option<String>,
        /// The files the change wrote or removed.
        files: Vec<String>,
    },
}

/// Why [`recover`] did not finish or discard a journal.
#[derive(Debug)]
pub enum RecoverError {
    /// The journal is not one hasu can trust: nothing was changed.
    Untrusted {
        /// The journal's path.
        journal: PathBuf,
        /// Whether it holds a `COMMIT` (so the folder may be part way
        /// through a change, if hasu made it).
        committed: bool,
        /// Every problem found.
        problems: Vec<String>,
    },
    /// A trusted journal could not be finished or discarded: a system call
    /// failed (the folder is as before or after, or part way through a
    /// committed change that the next attempt finishes).
    Failed {
        /// Whether the journal was committed.
        committed: bool,
        /// What failed.
        error: Error,
    },
}

impl RecoverError {
    /// Whether the journal holds a commit, so that the folder's files may be
    /// part way through a change.
    pub fn committed(&self) -> bool {
        match self {
            RecoverError::Untrusted { committed, .. } | RecoverError::Failed { committed, .. } => {
                *committed
            }
        }
    }
}

impl std::fmt::Display for RecoverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecoverError::Untrusted {
                journal,
                committed,
                problems,
            } => {
                let j = journal.display();
                write!(
                    f,
                    "{j} is an unfinished change that hasu cannot trust, so it changed nothing: {}. \
                     hasu did not leave it as it is now; it may have come with the folder from \
                     someone else, or been damaged. ",
                    problems.join("; ")
                )?;
                if *committed {
                    write!(
                        f,
                        "If a hasu edit of this folder was stopped part way, its files may be part \
                         way through that edit: check them against a copy you trust. "
                    )?;
                }
                write!(
                    f,
                    "Look inside it (ls -la '{j}'); unless you know it holds an edit you want, \
                     remove it (rm -r '{j}') and check the folder with hasu validate"
                )
            }
            RecoverError::Failed { error, .. } => write!(f, "{error}"),
        }
    }
}

impl From<RecoverError> for Error {
    fn from(e: RecoverError) -> Error {
        Error::Refused(e.to_string())
    }
}

/// Completes or discards what a crash left in `dir`, whose editors change
/// only the files named in `files`, when the journal can be trusted (see
/// the module's notes); otherwise changes nothing. The caller holds the
/// folder's exclusive lock.
pub fn recover(
    dir: &Path,
    files: &'static [&'static str],
    fs: &dyn Fs,
) -> std::result::Result<Recovery, RecoverError> {
    let journal = dir.join(JOURNAL);
    let untrusted = |committed, problems| RecoverError::Untrusted {
        journal: journal.clone(),
        committed,
        problems,
    };
    let entries = match scan(&journal, files) {
        Ok(None) => return Ok(Recovery::Clean),
        Ok(Some(entries)) => entries,
        Err(problems) => {
            let committed = std::fs::symlink_metadata(&journal).is_ok_and(|m| m.is_dir())
                && std::fs::symlink_metadata(journal.join(COMMIT)).is_ok();
            return Err(untrusted(committed, problems));
        }
    };
    let holder = read_holder(&journal);
    if !entries.iter().any(|n| n == COMMIT) {
        return discard(&journal, files, fs)
            .map(|()| Recovery::RolledBack { holder })
            .map_err(|error| RecoverError::Failed {
                committed: false,
                error,
            });
    }
    let actions = checked_actions(dir, &entries, files).map_err(|p| untrusted(true, p))?;
    let names = actions.iter().map(|(n, _)| n.clone()).collect();
    install(dir, &actions, files, fs)
        .map(|()| Recovery::RolledForward {
            holder,
            files: names,
        })
        .map_err(|error| RecoverError::Failed {
            committed: true,
            error,
        })
}

/// The committed journal's actions, when its manifest is well formed and
/// every file it names is either as before the change or as after it.
fn checked_actions(
    dir: &Path,
    entries: &[String],
    files: &[&str],
) -> std::result::Result<Vec<(String, Action)>, Vec<String>> {
    let journal = dir.join(JOURNAL);
    let bytes = read_bounded(&journal.join(COMMIT), MAX_MANIFEST_BYTES)
        .map_err(|e| vec![format!("its COMMIT cannot be read: {e}")])?;
    let actions = parse_manifest(&bytes, files)?;
    let mut problems = Vec::new();
    for entry in entries {
        let staged_by_manifest = actions
            .iter()
            .any(|(n, a)| n == entry && matches!(a, Action::Replace { .. }));
        if !staged_by_manifest && entry != HOLDER && entry != COMMIT {
            problems.push(format!(
                "it holds \"{entry}\", which its COMMIT does not install"
            ));
        }
    }
    for (name, action) in &actions {
        let now = match content(&dir.join(name)) {
            Ok(now) => now,
            Err(why) => {
                problems.push(format!("{name} of the folder: {why}"));
                continue;
            }
        };
        let consistent = match action {
            Action::Replace { new, old } => {
                if entries.contains(name) {
                    match sha256_file(&journal.join(name), MAX_DATA_FILE_BYTES) {
                        Ok(staged) if staged == *new => {}
                        Ok(_) => problems.push(format!(
                            "its staged {name} does not hold the content its COMMIT records"
                        )),
                        Err(e) => problems.push(format!("its staged {name}: {e}")),
                    }
                    now == *old
                } else {
                    now.as_deref() == Some(new.as_str())
                }
            }
            Action::Remove { old } => now.is_none() || now == *old,
        };
        if !consistent {
            problems.push(format!(
                "{name} of the folder holds neither what the change replaces nor what it \
                 installs, so the change was not made against this folder"
            ));
        }
    }
    if problems.is_empty() {
        Ok(actions)
    } else {
        Err(problems)
    }
}

/// Reads a manifest: [`FORMAT`], then one action per line on the dataset's
/// own files, each file at most once.
fn parse_manifest(
    bytes: &[u8],
    files: &[&str],
) -> std::result::Result<Vec<(String, Action)>, Vec<String>> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec!["its COMMIT is not text".into()]);
    };
    let mut lines = text.lines();
    if lines.next() != Some(FORMAT) {
        return Err(vec![format!(
            "its COMMIT does not begin \"{FORMAT}\" (the format this version of hasu writes)"
        )]);
    }
    let state = |word: &str| match word {
        ABSENT => Some(None),
        hash if is_sha256_hex(hash) => Some(Some(hash.to_string())),
        _ => None,
    };
    let mut actions: Vec<(String, Action)> = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in lines.enumerate() {
        let words: Vec<&str> = line.split(' ').collect();
        let action = match words.as_slice() {
            ["replace", name, new, old] if is_sha256_hex(new) => state(old).map(|old| {
                (
                    *name,
                    Action::Replace {
                        new: new.to_string(),
                        old,
                    },
                )
            }),
            ["remove", name, old] => state(old).map(|old| (*name, Action::Remove { old })),
            _ => None,
        };
        let line_no = i + 2;
        match action {
            None => problems.push(format!(
                "line {line_no} of its COMMIT is \"{}\", not \"replace <file> <sha256> \
                 <sha256|absent>\" or \"remove <file> <sha256|absent>\"",
                inert(&line.chars().take(200).collect::<String>())
            )),
            Some((name, _)) if !files.contains(&name) => problems.push(format!(
                "line {line_no} of its COMMIT names \"{}\", not one of the dataset's files ({})",
                inert(name),
                files.join(", ")
            )),
            Some((name, _)) if actions.iter().any(|(n, _)| n == name) => problems.push(format!(
                "line {line_no} of its COMMIT names {name} a second time"
            )),
            Some((name, action)) => actions.push((name.to_string(), action)),
        }
    }
    if problems.is_empty() {
        Ok(actions)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: &[&str] = &["a.csv", "b.csv"];

    #[test]
    fn a_manifest_reads_back_as_written() {
        let actions = vec![
            (
                "a.csv".to_string(),
                Action::Replace {
                    new: sha256_hex(b"new"),
                    old: Some(sha256_hex(b"old")),
                },
            ),
            ("b.csv".to_string(), Action::Remove { old: None }),
        ];
        let text = manifest(&actions);
        assert_eq!(parse_manifest(text.as_bytes(), FILES).unwrap(), actions);
    }

    #[test]
    fn a_manifest_naming_anything_but_the_dataset_files_is_refused_whole() {
        let h = sha256_hex(b"x");
        let text = format!(
            "{FORMAT}\nreplace ../.bashrc {h} absent\nremove /etc/passwd {h}\nremove a.csv {h}\n\
             remove a.csv {h}\nreplace b.csv nothex absent\n"
        );
        let problems = parse_manifest(text.as_bytes(), FILES).unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("names \"../.bashrc\""), "{problems:?}");
        assert!(problems[2].contains("a second time"), "{problems:?}");
        let old = format!("replace a.csv {h}\n");
        assert!(parse_manifest(old.as_bytes(), FILES).unwrap_err()[0].contains(FORMAT));
    }
}
