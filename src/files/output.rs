//! Where a command's output may go, and how it gets there.
//!
//! An [`Output`] is checked before any work starts:
//! - it is never written onto, into or above an input of the same run (the
//!   dataset folder or one of its files, the criteria file, a scenario
//!   file), with or without `--force`;
//! - it never replaces anything that exists unless the user passed
//!   `--force`.
//!
//! It is then written beside its target (a temporary file or folder in the
//! same folder) and moved into place only when complete. Without `--force`
//! the move refuses to replace anything that appeared meanwhile; with it,
//! the old output is swapped out in one step (Linux `renameat2`
//! `RENAME_EXCHANGE`; elsewhere, moved aside and back on failure) and
//! removed only once the new one is in place. A failure leaves no temporary
//! file or folder behind.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

mod identity;

/// A checked place for one output.
#[derive(Debug, Clone)]
pub struct Output {
    path: PathBuf,
    force: bool,
}

fn onto_input(path: &Path, relation: &str, input: &Path) -> Error {
    Error::Refused(format!(
        "{} {relation} {}, an input of this run; hasu never writes onto, into or above its own \
         inputs, even with --force: choose another output path",
        path.display(),
        input.display()
    ))
}

/// `path` made absolute with every symbolic link resolved, also when it
/// does not exist yet (its deepest existing ancestor is resolved).
fn resolved(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(real) => {
                return Ok(rest.iter().rev().fold(real, |p, part| p.join(part)));
            }
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return Ok(absolute),
            },
        }
    }
}

impl Output {
    /// Checks that `path` may receive the output of a run whose inputs are
    /// `inputs`, replacing what is there only when `force` is set.
    ///
    /// An input is recognised by its path with every link resolved and,
    /// where the system has them, by its device and inode numbers: the
    /// input itself and, for a folder, every entry in it (what each entry
    /// leads to), so that no other path to them — a bind mount, a symbolic
    /// or hard link, `..` — lets an output land on, in or above one.
    ///
    /// # Errors
    /// Refuses an output onto, into or above an input, onto or above the
    /// current folder, onto something that is not a file or folder, and an
    /// output that exists when `force` is not set, naming the path and the
    /// flag.
    pub fn new(path: &Path, inputs: &[&Path], force: bool) -> Result<Output> {
        let out = resolved(path).map_err(|e| Error::io(path, e))?;
        for input in inputs {
            let Ok(input_real) = resolved(input) else {
                continue;
            };
            let relation = if out == input_real {
                Some("is")
            } else if out.starts_with(&input_real) {
                Some("is inside")
            } else if input_real.starts_with(&out) {
                Some("holds")
            } else {
                None
            };
            if let Some(relation) = relation {
                return Err(onto_input(path, relation, input));
            }
        }
        identity::check(path, &out, inputs, force, |relation, input| {
            onto_input(path, relation, input)
        })?;
        if let Ok(cwd) = std::env::current_dir().and_then(|d| d.canonicalize())
            && cwd.starts_with(&out)
        {
            return Err(Error::Refused(format!(
                "{} is or holds the folder hasu is working in; choose a path for the output \
                 itself (e.g. a file or folder name inside it)",
                path.display()
            )));
        }
        if let Ok(meta) = std::fs::metadata(path)
            && !meta.is_file()
            && !meta.is_dir()
        {
            return Err(Error::Refused(format!(
                "{} is not a file or a folder (a device, a pipe or a socket); hasu writes only \
                 files and folders, and never over anything else, even with --force",
                path.display()
            )));
        }
        if !force && std::fs::symlink_metadata(path).is_ok() {
            return Err(Error::Refused(format!(
                "{} already exists; hasu replaces nothing without --force (add --force to \
                 replace it, or choose another output path)",
                path.display()
            )));
        }
        Ok(Output {
            path: path.to_path_buf(),
            force,
        })
    }

    /// The output's path, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn parent(&self) -> Result<&Path> {
        let parent = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent).map_err(|e| match dangling_link(parent) {
            Some((link, target)) => Error::Refused(format!(
                "{} is a symbolic link to {}, which does not exist; create it or choose another \
                 output path",
                link.display(),
                target.display()
            )),
            None => Error::io(parent, e),
        })?;
        Ok(parent)
    }

    /// Writes the output as one file.
    pub fn write_file(
        &self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<Written> {
        let path = &self.path;
        let parent = self.parent()?;
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMPORARY)
            .suffix(".tmp")
            .permissions(readable(0o644))
            .tempfile_in(parent)
            .map_err(|e| Error::io(path, e))?;
        {
            let mut w = BufWriter::new(tmp.as_file_mut());
            write(&mut w).map_err(|e| Error::io(path, e))?;
            w.flush().map_err(|e| Error::io(path, e))?;
        }
        tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
        let left_behind = self.place(tmp.path()).map_err(|e| Error::io(path, e))?;
        // The file now lives at `path`: disarm the temporary file's removal.
        let _ = tmp.into_temp_path().keep();
        Ok(Written::new(parent, tmp_name_of(path), left_behind))
    }

    /// Writes the output as one folder, built by `build` in a temporary
    /// folder beside it.
    pub fn write_dir(&self, build: impl FnOnce(&Path) -> Result<()>) -> Result<Written> {
        let path = &self.path;
        let parent = self.parent()?;
        let tmp = tempfile::Builder::new()
            .prefix(TEMPORARY)
            .permissions(readable(0o755))
            .tempdir_in(parent)
            .map_err(|e| Error::io(path, e))?;
        build(tmp.path())?;
        let left_behind = self.place(tmp.path()).map_err(|e| Error::io(path, e))?;
        // The folder now lives at `path`; dropping `tmp` must not remove it.
        let kept = tmp.keep();
        Ok(Written::new(parent, tmp_name_of(&kept), left_behind))
    }

    /// Moves the finished `staged` file or folder to the output path. With
    /// `--force`, the replaced output ends where `staged` was and is then
    /// removed; when that removal fails the new output is still in place,
    /// and what was left behind is given back.
    fn place(&self, staged: &Path) -> io::Result<Option<(PathBuf, io::Error)>> {
        if !self.force {
            return rename_noreplace(staged, &self.path).map(|()| None);
        }
        match rename_noreplace(staged, &self.path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            other => return other.map(|()| None),
        }
        // Swap the new output in and the old one out, then remove the old
        // one from where the new one was built.
        exchange(staged, &self.path)?;
        let removed = std::fs::symlink_metadata(staged).and_then(|meta| {
            if meta.is_dir() {
                std::fs::remove_dir_all(staged)
            } else {
                std::fs::remove_file(staged)
            }
        });
        Ok(removed.err().map(|e| (staged.to_path_buf(), e)))
    }
}

/// The prefix of the temporary file or folder an output is built in.
const TEMPORARY: &str = ".hasu-";

fn tmp_name_of(path: &Path) -> std::ffi::OsString {
    path.file_name().unwrap_or_default().to_os_string()
}

/// What a written output leaves to report: it is in place, but something
/// beside it deserves the user's attention.
#[derive(Debug)]
#[must_use = "what was left behind should be reported"]
pub struct Written {
    /// With `--force`: the replaced output, when it could not be removed
    /// once the new one was in place (where it now is, and why).
    pub left_behind: Option<(PathBuf, io::Error)>,
    /// Temporary files or folders beside the output that an interrupted
    /// run left (hasu never removes what it did not just create).
    pub stale: Vec<PathBuf>,
}

impl Written {
    fn new(
        parent: &Path,
        own: std::ffi::OsString,
        left_behind: Option<(PathBuf, io::Error)>,
    ) -> Written {
        let mut stale: Vec<PathBuf> = std::fs::read_dir(parent)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| {
                        let name = e.file_name();
                        let name = name.to_string_lossy();
                        name.starts_with(TEMPORARY)
                            && !matches!(name.as_ref(), ".hasu-edit" | ".hasu-lock")
                            && e.file_name() != own
                            && left_behind.as_ref().is_none_or(|(p, _)| *p != e.path())
                    })
                    .map(|e| e.path())
                    .take(100)
                    .collect()
            })
            .unwrap_or_default();
        stale.sort();
        Written { left_behind, stale }
    }
}

/// The first link among `path` and its ancestors that leads nowhere, with
/// where it points.
fn dangling_link(path: &Path) -> Option<(PathBuf, PathBuf)> {
    let absolute = std::path::absolute(path).ok()?;
    absolute.ancestors().find_map(|p| {
        let meta = std::fs::symlink_metadata(p).ok()?;
        (meta.file_type().is_symlink() && std::fs::metadata(p).is_err())
            .then(|| (p.to_path_buf(), std::fs::read_link(p).unwrap_or_default()))
    })
}

/// Renames `from` to `to`, failing with `AlreadyExists` if `to` exists.
fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        match renameat2(from, to, libc::RENAME_NOREPLACE) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {}
            other => return other,
        }
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "appeared while the output was written",
        ));
    }
    std::fs::rename(from, to)
}

/// Swaps `a` and `b`, both existing, in one step where the system can.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        match renameat2(a, b, libc::RENAME_EXCHANGE) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {}
            other => return other,
        }
    }
    // Without an atomic exchange: move the old aside, the new in, and the
    // old to where the new was; put the old back if the second move fails.
    let aside = a.with_extension("hasu-old");
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(e);
    }
    std::fs::rename(&aside, a)
}

#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let from = std::ffi::CString::new(from.as_os_str().as_bytes())?;
    let to = std::ffi::CString::new(to.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings; AT_FDCWD makes
    // relative paths relative to the working folder, as std::fs does.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
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

/// Makes a text cell safe to open in a spreadsheet: a cell that begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a
/// formula, so it gets a leading apostrophe. Numbers are never passed
/// through this: they stay numbers.
///
/// # Example
/// ```
/// use hasu::files::output::spreadsheet_safe;
/// assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(spreadsheet_safe("Maidstone"), "Maidstone");
/// ```
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn nothing_is_replaced_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.html");
        std::fs::write(&out, "old").unwrap();
        let err = Output::new(&out, &[], false).unwrap_err().to_string();
        assert!(err.ends_with("report.html already exists; hasu replaces nothing without --force (add --force to replace it, or choose another output path)"), "{err}");
        let o = Output::new(&out, &[], true).unwrap();
        let written = o.write_file(|w| w.write_all(b"new")).unwrap();
        assert!(written.left_behind.is_none() && written.stale.is_empty());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        assert_eq!(listing(dir.path()), ["report.html"]);
    }

    #[test]
    fn outputs_never_land_on_into_or_above_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let ds = dir.path().join("ds");
        std::fs::create_dir(&ds).unwrap();
        std::fs::write(ds.join("sites.csv"), "x").unwrap();
        for (out, relation) in [
            (ds.clone(), "is"),
            (ds.join("sites.csv"), "is inside"),
            (ds.join("new.html"), "is inside"),
            (dir.path().to_path_buf(), "holds"),
        ] {
            let err = Output::new(&out, &[&ds], true).unwrap_err().to_string();
            assert!(
                err.contains(&format!(
                    " {relation} {}, an input of this run",
                    ds.display()
                )),
                "{err}"
            );
        }
        // A path that reaches the dataset through `..` is the dataset.
        let sneaky = dir.path().join("ds/../ds/zones.csv");
        assert!(Output::new(&sneaky, &[&ds], true).is_err());
    }

    #[test]
    fn a_folder_is_swapped_in_whole_and_a_failed_build_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("pack");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("x"), "old").unwrap();
        let o = Output::new(&out, &[], true).unwrap();
        let err = o.write_dir(|tmp| {
            std::fs::write(tmp.join("x"), "new").unwrap();
            Err(Error::Refused("stop".into()))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(out.join("x")).unwrap(), "old");
        assert_eq!(listing(dir.path()), ["pack"]);
        let written = o
            .write_dir(|tmp| std::fs::write(tmp.join("y"), "new").map_err(|e| Error::io(tmp, e)))
            .unwrap();
        assert!(written.left_behind.is_none() && written.stale.is_empty());
        assert_eq!(listing(&out), ["y"]);
        assert_eq!(listing(dir.path()), ["pack"]);
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_never_written_over() {
        let err = Output::new(Path::new("/dev/null"), &[], true).unwrap_err();
        assert!(
            err.to_string().contains("is not a file or a folder"),
            "{err}"
        );
    }

    #[test]
    fn something_that_appears_meanwhile_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("late.csv");
        let o = Output::new(&out, &[], false).unwrap();
        std::fs::write(&out, "someone else's").unwrap();
        let err = o.write_file(|w| w.write_all(b"mine")).unwrap_err();
        assert!(err.to_string().contains("late.csv"), "{err}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "someone else's");
        assert_eq!(listing(dir.path()), ["late.csv"]);
    }
}
