//! Turning byte offsets of a text into the lines and columns people see, in
//! time linear in the text however many positions are asked for.

use std::cell::Cell;
use std::ops::Range;
use std::path::Path;

use crate::error::{Column, Location};

/// A settings file's text, turning byte spans (as the TOML parser gives
/// them) into places for messages: file, line, and column named by key.
pub(crate) struct Spans<'a> {
    path: &'a Path,
    text: &'a str,
    index: LineIndex,
}

impl<'a> Spans<'a> {
    /// Indexes `text`, read from `path`.
    pub(crate) fn new(path: &'a Path, text: &'a str) -> Spans<'a> {
        Spans {
            path,
            text,
            index: LineIndex::new(text.as_bytes()),
        }
    }

    /// The whole file, as a place.
    pub(crate) fn file(&self) -> Location {
        Location::file(self.path)
    }

    /// The place where `span` starts, its column named `key`.
    pub(crate) fn at(&self, span: Range<usize>, key: &str) -> Location {
        let (line, column) = self.index.line_column(self.text.as_bytes(), span.start);
        Location {
            file: self.path.to_path_buf(),
            line: Some(line),
            column: Some(Column {
                number: column,
                name: key.to_string(),
            }),
        }
    }
}

/// Line starts of a text. A line ends at `\n`, `\r\n` or a lone `\r` (files
/// saved by old spreadsheets), so CRLF files count their lines right.
///
/// In `"a,b\r\nc,é,d\n"`, byte 10 (the `d`) is line 2, column 5.
pub(crate) struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Whether each line is plain ASCII (its columns are byte offsets).
    ascii: Vec<bool>,
    /// The last position counted on a non-ASCII line: (offset, column), so
    /// that positions asked for in order along one long line cost their
    /// distance from the previous one, not from the line's start.
    last: Cell<(usize, usize)>,
}

impl LineIndex {
    /// Indexes `text` in one pass.
    pub fn new(text: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        let mut plain = true;
        let mut i = 0;
        while i < text.len() {
            let b = text[i];
            let end = match b {
                b'\n' => Some(i + 1),
                b'\r' if text.get(i + 1) == Some(&b'\n') => Some(i + 2),
                b'\r' => Some(i + 1),
                _ => None,
            };
            plain &= b.is_ascii();
            match end {
                Some(next) => {
                    ascii.push(plain);
                    plain = true;
                    starts.push(next);
                    i = next;
                }
                None => i += 1,
            }
        }
        ascii.push(plain);
        LineIndex {
            starts,
            ascii,
            last: Cell::new((usize::MAX, 0)),
        }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> u64 {
        self.starts.partition_point(|&s| s <= offset) as u64
    }

    /// The 1-based line and column (in characters) of byte `offset` of
    /// `text`, the text this index was made from.
    pub fn line_column(&self, text: &[u8], offset: usize) -> (u64, usize) {
        let offset = offset.min(text.len());
        let line = self.line(offset);
        let index = (line - 1) as usize;
        let start = self.starts[index];
        if self.ascii[index] {
            return (line, offset - start + 1);
        }
        let (from, counted) = match self.last.get() {
            (at, col) if at >= start && at <= offset => (at, col),
            _ => (start, 0),
        };
        let column = counted + chars(&text[from..offset]);
        self.last.set((offset, column));
        (line, column + 1)
    }
}

/// Characters in `bytes`: every byte that does not continue a UTF-8
/// sequence (invalid bytes count one each).
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let ix = LineIndex::new(b"ab\ncd\r\nef\rgh");
        assert_eq!(ix.line(0), 1);
        assert_eq!(ix.line(2), 1);
        assert_eq!(ix.line(3), 2);
        assert_eq!(ix.line(6), 2);
        assert_eq!(ix.line(7), 3);
        assert_eq!(ix.line(10), 4);
        assert_eq!(ix.line_column(b"ab\ncd\r\nef\rgh", 11), (4, 2));
    }

    #[test]
    fn columns_count_characters() {
        let text = "a,b\r\nc,é,d\n".as_bytes();
        let ix = LineIndex::new(text);
        assert_eq!(ix.line_column(text, 5), (2, 1));
        assert_eq!(ix.line_column(text, 10), (2, 5));
        assert_eq!(ix.line_column(text, 8), (2, 4));
        assert_eq!(ix.line_column(text, 10), (2, 5));
    }
}
