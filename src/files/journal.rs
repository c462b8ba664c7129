//! All-or-nothing changes to several files of a folder, under any crash: a
//! redo journal.
//!
//! # Design
//! A change is prepared in a journal folder, `.hasu-edit`, inside the
//! folder it changes, and made visible by one rename:
//!
//! 1. **Begin**: create `.hasu-edit/` and record who is changing the folder
//!    in `.hasu-edit/holder`.
//! 2. **Stage**: write the new content of each changed file to
//!    `.hasu-edit/<name>` and flush it to disk.
//! 3. **Commit**: write the manifest, one line per file (`replace <name>
//!    <sha256>` or `remove <name>`), to `.hasu-edit/COMMIT.tmp`, flush it,
//!    and rename it to `.hasu-edit/COMMIT`. This rename is the moment the
//!    change happens.
//! 4. **Install**: rename each staged file over its target and remove the
//!    files to remove; flush the folder.
//! 5. **Finish**: remove `COMMIT`, then the journal folder.
//!
//! A crash (or `kill -9`, or a failed call) before the commit leaves the
//! targets untouched: the journal is rolled back (deleted). A crash after
//! it leaves a committed journal: [`recover`] rolls it forward, renaming the
//! staged files that are still there and checking by SHA-256 that the ones
//! already renamed hold what the manifest says, then finishes. So the
//! folder is always exactly as before or exactly as after, and the next
//! hasu command on it (reader or editor, under [`super::lock`]) completes
//! or discards what a crash left.
//!
//! Every call that changes the disk goes through [`Fs`], so a test can stop
//! the change after each step in turn ([`Fs`] is implemented by [`RealFs`]
//! for real use).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::import::sha256_hex;

/// The journal folder's name inside the folder being changed.
pub const JOURNAL: &str = ".hasu-edit";
const COMMIT: &str = "COMMIT";
const COMMIT_TMP: &str = "COMMIT.tmp";
const HOLDER: &str = "holder";

/// Every call a change makes that alters the disk: one step each.
pub trait Fs {
    /// Creates the folder `path` (its parent exists).
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    /// Creates the file `path` with `bytes` and flushes it to disk.
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Renames `from` to `to`, replacing `to`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Removes the file `path`.
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// Removes the folder `path` and everything in it.
    fn remove_dir_all(&self, path: &Path) -> io::Result<()>;
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

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_dir_all(path)
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

/// What a committed change does to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Replace (or create) the file with the staged content, whose SHA-256
    /// is given.
    Replace(String),
    /// Remove the file.
    Remove,
}

/// Who is changing `dir`, as its editor recorded it, if anyone did.
pub fn holder(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(JOURNAL).join(HOLDER)).ok()?;
    let text = crate::error::inert(text.trim()).into_owned();
    (!text.is_empty()).then_some(text)
}

/// Whether `dir` holds a committed change that a crash left unfinished.
pub fn committed(dir: &Path) -> bool {
    dir.join(JOURNAL).join(COMMIT).is_file()
}

/// A change being prepared in the journal folder of a folder.
pub struct Journal<'f> {
    dir: PathBuf,
    journal: PathBuf,
    fs: &'f dyn Fs,
    actions: Vec<(String, Action)>,
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

impl<'f> Journal<'f> {
    /// Starts a change of `dir`, recording `holder` (who is changing it).
    /// The caller holds the folder's exclusive lock and has called
    /// [`recover`].
    pub fn begin(dir: &Path, holder: &str, fs: &'f dyn Fs) -> Result<Journal<'f>> {
        let journal = dir.join(JOURNAL);
        fs.create_dir(&journal).map_err(io_err(&journal))?;
        let j = Journal {
            dir: dir.to_path_buf(),
            journal,
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
        let path = self.staged(name)?;
        self.fs.write(&path, bytes).map_err(io_err(&path))?;
        self.actions
            .push((name.to_string(), Action::Replace(sha256_hex(bytes))));
        Ok(())
    }

    /// Marks the file `name` of the folder for removal.
    pub fn remove(&mut self, name: &str) -> Result<()> {
        self.staged(name)?;
        self.actions.push((name.to_string(), Action::Remove));
        Ok(())
    }

    fn staged(&self, name: &str) -> Result<PathBuf> {
        let plain = !name.is_empty()
            && !name.starts_with('.')
            && !name.contains(char::is_whitespace)
            && name != COMMIT
            && name != HOLDER
            && Path::new(name).file_name() == Some(std::ffi::OsStr::new(name));
        if plain && !self.actions.iter().any(|(n, _)| n == name) {
            Ok(self.journal.join(name))
        } else {
            Err(Error::Refused(format!(
                "cannot stage \"{name}\": expected the plain name of a file of the folder, once"
            )))
        }
    }

    /// Commits the change: from here on it happens, crash or not. On an
    /// error the change is abandoned (the journal removed as far as the
    /// system allows; what is left is rolled back by [`recover`]).
    pub fn commit(self) -> Result<Committed<'f>> {
        match self.write_commit() {
            Ok(()) => Ok(Committed {
                dir: self.dir,
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
        let manifest: String = self
            .actions
            .iter()
            .map(|(name, action)| match action {
                Action::Replace(hash) => format!("replace {name} {hash}\n"),
                Action::Remove => format!("remove {name}\n"),
            })
            .collect();
        let tmp = self.journal.join(COMMIT_TMP);
        let commit = self.journal.join(COMMIT);
        self.fs
            .write(&tmp, manifest.as_bytes())
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
        self.fs
            .remove_dir_all(&self.journal)
            .map_err(io_err(&self.journal))
    }
}

/// A committed change, to install.
pub struct Committed<'f> {
    dir: PathBuf,
    fs: &'f dyn Fs,
    actions: Vec<(String, Action)>,
}

impl Committed<'_> {
    /// Installs the change and removes the journal.
    pub fn finish(self) -> Result<()> {
        install(&self.dir, &self.actions, self.fs)
    }
}

/// Puts a committed change in place (again, if a crash interrupted it) and
/// removes the journal.
fn install(dir: &Path, actions: &[(String, Action)], fs: &dyn Fs) -> Result<()> {
    let journal = dir.join(JOURNAL);
    for (name, action) in actions {
        let target = dir.join(name);
        match action {
            Action::Replace(hash) => {
                let staged = journal.join(name);
                if staged.is_file() {
                    fs.rename(&staged, &target).map_err(io_err(&target))?;
                } else {
                    // Renamed before a crash: it must hold the new content.
                    let now = std::fs::read(&target).map_err(io_err(&target))?;
                    if sha256_hex(&now) != *hash {
                        return Err(Error::Refused(format!(
                            "{}: the unfinished change recorded in {} does not match this file; \
                             it was left as it is for you to check",
                            target.display(),
                            journal.display()
                        )));
                    }
                }
            }
            Action::Remove => {
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
    fs.remove_dir_all(&journal).map_err(io_err(&journal))
}

/// What [`recover`] found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// No journal: nothing to do.
    Clean,
    /// An uncommitted journal was discarded: the folder is as before that
    /// change.
    RolledBack,
    /// A committed journal was finished: the folder is as after that
    /// change.
    RolledForward,
}

/// Completes or discards what a crash left in `dir`. The caller holds the
/// folder's exclusive lock.
pub fn recover(dir: &Path, fs: &dyn Fs) -> Result<Recovery> {
    let journal = dir.join(JOURNAL);
    if std::fs::symlink_metadata(&journal).is_err() {
        return Ok(Recovery::Clean);
    }
    let commit = journal.join(COMMIT);
    let Ok(manifest) = std::fs::read_to_string(&commit) else {
        fs.remove_dir_all(&journal).map_err(io_err(&journal))?;
        return Ok(Recovery::RolledBack);
    };
    let mut actions = Vec::new();
    for line in manifest.lines() {
        let mut words = line.split(' ');
        let action = match (words.next(), words.next(), words.next(), words.next()) {
            (Some("replace"), Some(name), Some(hash), None) => {
                (name.to_string(), Action::Replace(hash.to_string()))
            }
            (Some("remove"), Some(name), None, None) => (name.to_string(), Action::Remove),
            _ => {
                return Err(Error::Refused(format!(
                    "{}: expected lines \"replace <file> <sha256>\" or \"remove <file>\", found \
                     \"{line}\"; the folder was left as it is for you to check",
                    commit.display()
                )));
            }
        };
        actions.push(action);
    }
    install(dir, &actions, fs)?;
    Ok(Recovery::RolledForward)
}
