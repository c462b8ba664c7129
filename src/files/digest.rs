//! SHA-256 fingerprints of bytes and files, in lower-case hex: how hasu
//! records which inputs an output came from and checks that a journal's
//! files are the ones it describes.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::read::{ReadError, open_regular};

/// A file and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileHash {
    /// The file's name (in its folder) or path.
    pub file: String,
    /// Lower-case hex SHA-256.
    pub sha256: String,
}

/// The SHA-256 of `bytes` in lower-case hex.
///
/// # Example
/// ```
/// assert_eq!(
///     hasu::files::digest::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of the regular file at `path`, read in blocks (never whole)
/// and refused past `limit` bytes, like [`super::read::read_bounded`].
pub fn sha256_file(path: &Path, limit: u64) -> Result<String, ReadError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut hasher = Sha256::new();
    let mut reader = file.take(limit + 1);
    let mut block = vec![0u8; 1 << 16];
    let mut seen = 0u64;
    loop {
        let n = reader.read(&mut block).map_err(ReadError::Io)?;
        if n == 0 {
            break;
        }
        seen += n as u64;
        if seen > limit {
            return Err(ReadError::TooLarge { size: seen, limit });
        }
        hasher.update(&block[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Whether `text` has the form of a SHA-256 in lower-case hex.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write;
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_hashes_as_its_bytes_do_and_only_within_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(sha256_file(&path, 1 << 20).unwrap(), sha256_hex(&bytes));
        assert!(matches!(
            sha256_file(&path, 1000),
            Err(ReadError::TooLarge { .. })
        ));
        assert!(is_sha256_hex(&sha256_hex(b"")));
        assert!(!is_sha256_hex("../etc"));
    }
}
