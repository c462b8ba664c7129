//! One editor at a time, and no reader during an edit: an advisory lock on
//! the dataset folder itself (`flock` on the folder's handle through the
//! standard library's `File::lock`), so that no lock file is left in the
//! folder and a crashed holder's lock goes with its process.
//!
//! Editors take the lock exclusively, readers share it. Both wait a bounded
//! time ([`wait`]) and then fail with a message naming the holder, which an
//! editor records in `.hasu-edit/holder` (see [`super::journal`]).

use std::fs::File;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long to wait for a busy folder by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// The environment variable that sets the wait, in seconds.
pub const WAIT_VARIABLE: &str = "HASU_LOCK_WAIT_SECONDS";

/// The longest wait [`WAIT_VARIABLE`] may set: a day.
pub const MAX_WAIT_SECONDS: f64 = 86_400.0;

/// How long to wait for a busy folder: [`WAIT_VARIABLE`] when set,
/// otherwise [`DEFAULT_WAIT`].
///
/// # Errors
/// Refuses a value that is not a number of seconds from 0 to
/// [`MAX_WAIT_SECONDS`], naming the variable and the value.
pub fn wait() -> Result<Duration> {
    let Some(raw) = std::env::var_os(WAIT_VARIABLE) else {
        return Ok(DEFAULT_WAIT);
    };
    let text = raw.to_string_lossy();
    match text.trim().parse::<f64>() {
        Ok(s) if (0.0..=MAX_WAIT_SECONDS).contains(&s) => Ok(Duration::from_secs_f64(s)),
        _ => Err(Error::Refused(format!(
            "the environment variable {WAIT_VARIABLE} is \"{}\"; expected a number of seconds \
             from 0 to {MAX_WAIT_SECONDS:.0} (a day), or unset for {} seconds",
            crate::error::inert(&text),
            DEFAULT_WAIT.as_secs()
        ))),
    }
}

/// A held lock on a folder, released when dropped.
#[derive(Debug)]
pub struct FolderLock {
    _handle: File,
}

/// Shared (readers) or exclusive (an editor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Many readers at once, no editor.
    Shared,
    /// One editor, no reader.
    Exclusive,
}

impl FolderLock {
    /// Locks the folder `dir` in `mode`, waiting up to [`wait`].
    ///
    /// # Errors
    /// Fails when the folder cannot be opened, or is still held by another
    /// process after the wait (naming it when it left its name).
    pub fn acquire(dir: &Path, mode: Mode) -> Result<FolderLock> {
        let limit = wait()?;
        let handle = open_folder(dir)?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            let attempt = match mode {
                Mode::Shared => handle.try_lock_shared(),
                Mode::Exclusive => handle.try_lock(),
            };
            match attempt {
                Ok(()) => return Ok(FolderLock { _handle: handle }),
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(dir, e)),
            }
            if start.elapsed() >= limit {
                return Err(Error::Refused(format!(
                    "{} is being changed by {}; waited {:.0} s (set {WAIT_VARIABLE} to wait \
                     longer), then gave up without touching it",
                    dir.display(),
                    holder(dir),
                    limit.as_secs_f64()
                )));
            }
            std::thread::sleep(pause.min(limit.saturating_sub(start.elapsed())));
            pause = (pause * 2).min(Duration::from_millis(200));
        }
    }
}

/// Who holds the folder, in words: the editor its journal names, unless
/// that process is no longer running (a journal an interrupted edit left
/// behind), when the holder is some other process.
fn holder(dir: &Path) -> String {
    let Some(recorded) = super::journal::holder(dir) else {
        return "another hasu process".into();
    };
    let pid = recorded
        .strip_prefix("process ")
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse::<u32>().ok());
    match pid {
        Some(pid) if !running(pid) => format!(
            "another hasu process (its journal names process {pid}, which is no longer running)"
        ),
        _ => recorded,
    }
}

/// Whether a process with id `pid` is running.
#[cfg(unix)]
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists; no signal is
    // sent.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn running(_pid: u32) -> bool {
    true
}

/// A handle on the folder itself, to lock.
#[cfg(unix)]
fn open_folder(dir: &Path) -> Result<File> {
    File::open(dir).map_err(|e| Error::io(dir, e))
}

/// On systems where a folder cannot be opened as a file, a lock file inside
/// it stands in for the folder.
#[cfg(not(unix))]
fn open_folder(dir: &Path) -> Result<File> {
    let path = dir.join(".hasu-lock");
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))
}
