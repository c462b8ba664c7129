//! Files on disk: how hasu reads what a user gives it and writes what it
//! makes, so that nothing a user has is ever lost or half-changed.
//!
//! - [`read`]: input files are read only when they are regular files within
//!   a stated size.
//! - [`output`]: a command's output never lands on, in or above an input,
//!   never replaces anything without `--force`, and appears whole or not at
//!   all.
//! - [`digest`]: SHA-256 fingerprints of bytes and files.
//! - [`lock`] and [`journal`]: a change to several files of a dataset
//!   folder is made by one editor at a time, is never seen half done, and
//!   happens whole or not at all, even under `kill -9`; a journal found in
//!   a folder is finished or discarded only when it provably belongs there.

pub mod digest;
pub mod journal;
pub mod lock;
pub mod output;
pub mod read;

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Creates the new file `path` (never replacing one) and writes it with
/// `write`: for filling a new folder that appears whole later.
pub fn write_new(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    let mut w = BufWriter::new(file);
    write(&mut w)
        .and_then(|_| w.flush())
        .map_err(|e| Error::io(path, e))
}
