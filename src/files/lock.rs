//! One editor at a time, and no reader during an edit: an advisory lock on
//! the dataset folder itself (`flock` on the folder's handle through the
//! standard library's `File::lock`), so that no lock file is left in the
//! folder and a crashed holder's lock goes with its process.
//!
//! Editors take the lock exclusively, readers share it. Both wait a bounded
//! time ([`wait`]) and then fail with a message naming the holder, which an
//! editor records in `.hasu-edit/holder` (see [`super::journal`]).

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long to wait for a busy folder by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// The environment variable that sets the wait, in seconds.
pub const WAIT_VARIABLE: &str = "HASU_LOCK_WAIT_SECONDS";

/// How long to wait for a busy folder: [`WAIT_VARIABLE`] when it holds a
/// number of seconds, otherwise [`DEFAULT_WAIT`].
pub fn wait() -> Duration {
    std::env::var(WAIT_VARIABLE)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(DEFAULT_WAIT, Duration::from_secs_f64)
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
        let handle = open_folder(dir)?;
        let limit = wait();
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
                    super::journal::holder(dir).unwrap_or_else(|| "another hasu process".into()),
                    limit.as_secs_f64()
                )));
            }
            std::thread::sleep(pause.min(limit.saturating_sub(start.elapsed())));
            pause = (pause * 2).min(Duration::from_millis(200));
        }
    }
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
