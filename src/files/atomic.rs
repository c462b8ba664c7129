//! Writing files so that nothing is ever half-written.
//!
//! Every file is first written to a temporary file in its target folder and
//! renamed into place only when complete. A [`Transaction`] stages several
//! files and renames them only when all of them were written, so a failure
//! midway leaves every target as it was. [`write_dir`] builds a whole folder
//! beside its target and moves it into place when complete.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// Files written together: all of them or none.
///
/// # Example
/// ```
/// # fn main() -> hasu::Result<()> {
/// let dir = tempfile::tempdir().unwrap();
/// let mut t = hasu::files::atomic::Transaction::new();
/// t.stage(&dir.path().join("a.txt"), |w| w.write_all(b"one"))?;
/// t.stage(&dir.path().join("b.txt"), |w| w.write_all(b"two"))?;
/// t.commit()?;
/// assert_eq!(std::fs::read_to_string(dir.path().join("b.txt")).unwrap(), "two");
/// # Ok(()) }
/// ```
#[derive(Default)]
pub struct Transaction {
    staged: Vec<(NamedTempFile, PathBuf)>,
}

impl Transaction {
    /// An empty transaction.
    pub fn new() -> Transaction {
        Transaction::default()
    }

    /// Writes the future content of `path` to a temporary file beside it.
    /// On error nothing is renamed, and dropping the transaction removes the
    /// temporary files.
    pub fn stage(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<()> {
        let dir = parent_of(path);
        let mut tmp = tempfile::Builder::new()
            .prefix(".hasu-")
            .suffix(".tmp")
            .permissions(readable(0o644))
            .tempfile_in(dir)
            .map_err(|e| Error::io(path, e))?;
        {
            let mut w = BufWriter::new(tmp.as_file_mut());
            write(&mut w).map_err(|e| Error::io(path, e))?;
            w.flush().map_err(|e| Error::io(path, e))?;
        }
        tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
        self.staged.push((tmp, path.to_path_buf()));
        Ok(())
    }

    /// Renames every staged file into place.
    pub fn commit(self) -> Result<()> {
        for (tmp, path) in self.staged {
            tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        }
        Ok(())
    }
}

/// Writes one file atomically.
pub fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let mut t = Transaction::new();
    t.stage(path, write)?;
    t.commit()
}

/// Builds the folder `path` by calling `build` on a temporary folder beside
/// it, then moves it into place, replacing any folder already there. If
/// `build` fails, `path` is left as it was.
pub fn write_dir(path: &Path, build: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let parent = parent_of(path);
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".hasu-")
        .permissions(readable(0o755))
        .tempdir_in(parent)
        .map_err(|e| Error::io(path, e))?;
    build(tmp.path())?;
    let staged = tmp.keep();
    if path.exists() {
        let old = tempfile::Builder::new()
            .prefix(".hasu-old-")
            .tempdir_in(parent)
            .map_err(|e| Error::io(path, e))?;
        // Move the old folder aside, move the new one in, then delete the old.
        let aside = old.path().join("old");
        std::fs::rename(path, &aside).map_err(|e| Error::io(path, e))?;
        if let Err(e) = std::fs::rename(&staged, path) {
            // Put the old folder back before reporting.
            let _ = std::fs::rename(&aside, path);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::io(path, e));
        }
    } else {
        std::fs::rename(&staged, path).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

/// Ordinary permissions for a finished file or folder (temporary files are
/// otherwise private to their owner).
#[cfg(unix)]
fn readable(mode: u32) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(mode)
}

#[cfg(not(unix))]
fn readable(_mode: u32) -> std::fs::Permissions {
    std::fs::metadata(".")
        .map(|m| m.permissions())
        .unwrap_or_else(|_| unreachable!())
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_midway_leaves_every_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv");
        std::fs::write(&a, "old a").unwrap();
        std::fs::write(&b, "old b").unwrap();
        let mut t = Transaction::new();
        t.stage(&a, |w| w.write_all(b"new a")).unwrap();
        let err = t
            .stage(&b, |w| {
                w.write_all(b"new b, half")?;
                Err(io::Error::other("disk full"))
            })
            .unwrap_err();
        drop(t);
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "old b");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "temporary files were removed");
    }

    #[test]
    fn a_failed_folder_build_leaves_the_old_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("pack");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("x"), "old").unwrap();
        let err = write_dir(&out, |tmp| {
            std::fs::write(tmp.join("x"), "new").unwrap();
            Err(Error::Refused("stop".into()))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(out.join("x")).unwrap(), "old");
        write_dir(&out, |tmp| {
            std::fs::write(tmp.join("y"), "new").map_err(|e| Error::io(tmp, e))
        })
        .unwrap();
        assert!(!out.join("x").exists());
        assert_eq!(std::fs::read_to_string(out.join("y")).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary folders left behind");
    }
}
