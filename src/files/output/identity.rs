//! Inputs recognised by what they are on disk, their device and inode
//! numbers, rather than by the path that names them: a bind mount of a
//! dataset folder, a link to one of its files or a hard link is the same
//! input under another name.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Most entries of an input folder that are recognised (a dataset folder
/// holds a handful).
const MAX_MEMBERS: usize = 10_000;

/// Most entries looked at inside a folder that `--force` would replace.
const MAX_REPLACED: usize = 1_000_000;

/// Checks by identity that the output `path` (resolved: `real`) is not an
/// input or a member of an input folder, not inside an input folder, and,
/// when `force` would replace an existing folder, holds no input. `refuse`
/// words a refusal (relation, input).
#[cfg(unix)]
pub fn check(
    path: &Path,
    real: &Path,
    inputs: &[&Path],
    force: bool,
    refuse: impl Fn(&str, &Path) -> Error,
) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let id = |m: &std::fs::Metadata| (m.dev(), m.ino());
    let mut known: Vec<((u64, u64), PathBuf)> = Vec::new();
    for input in inputs {
        let Ok(meta) = std::fs::metadata(input) else {
            continue;
        };
        known.push((id(&meta), input.to_path_buf()));
        if meta.is_dir()
            && let Ok(entries) = std::fs::read_dir(input)
        {
            for entry in entries.flatten().take(MAX_MEMBERS) {
                if let Ok(m) = std::fs::metadata(entry.path()) {
                    known.push((id(&m), entry.path()));
                }
            }
        }
    }
    let input_of = |m: &std::fs::Metadata| {
        known
            .iter()
            .find(|(k, _)| *k == id(m))
            .map(|(_, p)| p.as_path())
    };
    if let Ok(m) = std::fs::metadata(path)
        && let Some(input) = input_of(&m)
    {
        return Err(refuse("is", input));
    }
    for ancestor in real.ancestors().skip(1) {
        if let Ok(m) = std::fs::metadata(ancestor)
            && let Some(input) = input_of(&m)
        {
            return Err(refuse("is inside", input));
        }
    }
    let replaced = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if !(force && replaced) {
        return Ok(());
    }
    // Everything in the folder goes when it is replaced: walk it (never
    // through a link, which is removed as a link).
    let mut stack = vec![path.to_path_buf()];
    let mut seen = 0usize;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            seen += 1;
            if seen > MAX_REPLACED {
                return Err(Error::Refused(format!(
                    "{} holds more than {MAX_REPLACED} entries, too many to check that none is \
                     an input of this run before replacing it; choose another output path",
                    path.display()
                )));
            }
            let Ok(m) = std::fs::symlink_metadata(entry.path()) else {
                continue;
            };
            if let Some(input) = input_of(&m) {
                return Err(refuse("holds", input));
            }
            if m.is_dir() {
                stack.push(entry.path());
            }
        }
    }
    Ok(())
}

/// Without device and inode numbers, inputs are recognised by path only.
#[cfg(not(unix))]
pub fn check(
    _path: &Path,
    _real: &Path,
    _inputs: &[&Path],
    _force: bool,
    _refuse: impl Fn(&str, &Path) -> Error,
) -> Result<()> {
    Ok(())
}
