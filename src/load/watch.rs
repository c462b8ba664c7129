//! The bytes a CSV reader takes, watched as they pass: where lines break
//! (so that every record and error is named by its line however the file
//! ends its lines), whether a quoted field is still open at the end, and
//! how long the current record is, so that a table is read in one pass
//! through a small buffer, never whole, and no record may grow without
//! bound.
//!
//! A line ends at `\n`, `\r\n` or a lone `\r` (files saved by old
//! spreadsheets), as [`super::lines::LineIndex`] counts them.

use std::collections::VecDeque;
use std::io::{self, Read};

/// Longest record (a row, with any line breaks inside quoted fields) a
/// table may hold: 1 MiB. The widest real row, England and Wales's travel
/// times with 125 sites, is under 1 KiB.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// A reader passing bytes through unchanged (after a UTF-8 byte order
/// mark, which it drops) while watching them.
pub(crate) struct Watched<R> {
    inner: R,
    /// Bytes at the start, not yet given (to look for a byte order mark).
    head: Option<Vec<u8>>,
    /// Offset of the next byte given out (a byte order mark not counted).
    offset: u64,
    /// Most bytes to give out.
    limit: u64,
    /// Offsets of the `\r` and `\n` bytes at or after `floor`, with whether
    /// each breaks a line.
    ends: VecDeque<(u64, bool)>,
    /// Line breaks before `floor`.
    breaks_below: u64,
    floor: u64,
    prev: u8,
    quote: Quote,
    /// Offset of the opening quote of the quoted field now open.
    open_at: u64,
    field_start: bool,
    /// Offset where the current record began (after a line end outside
    /// quotes).
    record_start: u64,
    eof: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    Outside,
    Inside,
    /// Inside, just after a `"`: a second `"` is a quote character, anything
    /// else closes the field.
    AfterQuoteInside,
}

impl<R: Read> Watched<R> {
    /// Watches `inner`, refusing to give out more than `limit` bytes.
    pub fn new(inner: R, limit: u64) -> Watched<R> {
        Watched {
            inner,
            head: None,
            offset: 0,
            limit,
            ends: VecDeque::new(),
            breaks_below: 0,
            floor: 0,
            prev: 0,
            quote: Quote::Outside,
            open_at: 0,
            field_start: true,
            record_start: 0,
            eof: false,
        }
    }

    /// The 1-based line of the byte at `offset` (at or after the last
    /// record start passed to [`Watched::record_line`]).
    pub fn line(&self, offset: u64) -> u64 {
        let within = self
            .ends
            .iter()
            .take_while(|(at, _)| *at < offset)
            .filter(|(_, breaks)| *breaks)
            .count() as u64;
        1 + self.breaks_below + within
    }

    /// The line a record starting at `start` begins on (the CSV reader
    /// starts a record at the line end before it, so line ends are skipped
    /// first). Lines before `start` are forgotten: later questions are
    /// about later bytes.
    pub fn record_line(&mut self, start: u64) -> u64 {
        while let Some(&(at, breaks)) = self.ends.front() {
            if at >= start {
                break;
            }
            self.breaks_below += u64::from(breaks);
            self.ends.pop_front();
        }
        self.floor = start;
        let mut at = start;
        for &(end, _) in &self.ends {
            if end != at {
                break;
            }
            at += 1;
        }
        self.line(at)
    }

    /// The line the record being read now began on.
    pub fn current_record_line(&self) -> u64 {
        self.line(self.record_start.max(self.floor))
    }

    /// Where a quoted field opened that the end of the text left open, if
    /// the reader has reached the end and one did.
    pub fn unclosed_quote(&self) -> Option<u64> {
        (self.eof && self.quote == Quote::Inside).then_some(self.open_at)
    }

    fn watch(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut i = 0;
        while i < bytes.len() {
            // Ordinary bytes pass in a run: only quotes, commas and line
            // ends change anything (inside quotes, only quotes and line
            // ends).
            let run = match self.quote {
                // The byte after a quote decides alone.
                Quote::AfterQuoteInside => Some(0),
                Quote::Outside => bytes[i..]
                    .iter()
                    .position(|&b| matches!(b, b'"' | b',' | b'\r' | b'\n')),
                Quote::Inside => bytes[i..]
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\r' | b'\n')),
            }
            .unwrap_or(bytes.len() - i);
            if run > 0 {
                if self.quote == Quote::Outside {
                    self.field_start = false;
                }
                self.prev = bytes[i + run - 1];
                self.offset += run as u64;
                i += run;
                self.check_length()?;
                continue;
            }
            let b = bytes[i];
            let at = self.offset;
            self.offset += 1;
            i += 1;
            if b == b'\r' || b == b'\n' {
                let breaks = b == b'\r' || self.prev != b'\r';
                self.ends.push_back((at, breaks));
            }
            self.prev = b;
            match self.quote {
                Quote::Inside => {
                    if b == b'"' {
                        self.quote = Quote::AfterQuoteInside;
                    }
                    continue;
                }
                Quote::AfterQuoteInside if b == b'"' => {
                    self.quote = Quote::Inside;
                    continue;
                }
                Quote::AfterQuoteInside => {
                    self.quote = Quote::Outside;
                    self.field_start = false;
                }
                Quote::Outside => {}
            }
            if b == b'"' && self.field_start {
                self.quote = Quote::Inside;
                self.open_at = at;
            } else {
                self.field_start = matches!(b, b',' | b'\n' | b'\r');
                if matches!(b, b'\n' | b'\r') {
                    self.record_start = self.offset;
                }
            }
            self.check_length()?;
        }
        Ok(())
    }

    /// Refuses a record past [`MAX_RECORD_BYTES`].
    fn check_length(&self) -> io::Result<()> {
        if self.offset - self.record_start > MAX_RECORD_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a row of more than {} begins on this line; expected the rows of a table, \
                     each at most that long",
                    crate::files::read::bytes(MAX_RECORD_BYTES)
                ),
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.offset == 0 && self.head.is_none() {
            let mut head = Vec::with_capacity(3);
            (&mut self.inner).take(3).read_to_end(&mut head)?;
            if head == b"\xEF\xBB\xBF" {
                head.clear();
            }
            self.head = Some(head);
        }
        let n = match self.head.as_mut() {
            Some(head) if !head.is_empty() => {
                let n = head.len().min(buf.len());
                buf[..n].copy_from_slice(&head[..n]);
                head.drain(..n);
                n
            }
            _ => self.inner.read(buf)?,
        };
        if n == 0 {
            self.eof = true;
            if self.quote == Quote::AfterQuoteInside {
                self.quote = Quote::Outside;
            }
            return Ok(0);
        }
        if self.offset + n as u64 > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the file is more than the {} hasu reads for a table",
                    crate::files::read::bytes(self.limit)
                ),
            ));
        }
        self.watch(&buf[..n])?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched(text: &[u8]) -> Watched<&[u8]> {
        let mut w = Watched::new(text, 1 << 30);
        let mut sink = Vec::new();
        w.read_to_end(&mut sink).unwrap();
        w
    }

    #[test]
    fn lines_break_at_lf_crlf_and_a_lone_cr() {
        let w = watched(b"a,b\r\nc,d\re,f\ng\n");
        assert_eq!(w.line(0), 1);
        assert_eq!(w.line(5), 2);
        assert_eq!(w.line(9), 3);
        assert_eq!(w.line(13), 4);
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let mut w = Watched::new(&b"\xEF\xBB\xBFa,b\n"[..], 100);
        let mut out = Vec::new();
        w.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"a,b\n");
    }

    #[test]
    fn unclosed_quotes_are_found_where_they_open() {
        assert_eq!(watched(b"a,\"b\"\"c\",d\n").unclosed_quote(), None);
        assert_eq!(watched(b"a,\"b,c\nd,e\n").unclosed_quote(), Some(2));
        assert_eq!(watched(b"a,b\"c,d\n").unclosed_quote(), None);
        assert_eq!(watched(b"a,\"b\"").unclosed_quote(), None);
        assert_eq!(watched(b"\"a\",\"b\n").unclosed_quote(), Some(4));
        assert_eq!(
            watched(b"\"a\"\"\",\"b\"\r\n\"c").unclosed_quote(),
            Some(11)
        );
        // Fed a byte at a time, the same.
        let mut w = Watched::new(&b"\"a\",\"b\n"[..], 100);
        let mut one = [0u8; 1];
        while w.read(&mut one).unwrap() > 0 {}
        assert_eq!(w.unclosed_quote(), Some(4));
    }

    #[test]
    fn a_record_past_the_limit_is_refused() {
        let long = vec![b'x'; (MAX_RECORD_BYTES + 10) as usize];
        let mut w = Watched::new(&long[..], 1 << 30);
        let err = w.read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let mut rows = Vec::new();
        for _ in 0..2000 {
            rows.extend_from_slice(&[b'y'; 1000]);
            rows.push(b'\n');
        }
        assert!(
            Watched::new(&rows[..], 1 << 30)
                .read_to_end(&mut Vec::new())
                .is_ok()
        );
    }

    /// The quote the old whole-text scan found open, for comparison.
    fn reference_unclosed(text: &[u8]) -> Option<usize> {
        let (mut field_start, mut open, mut i) = (true, None, 0);
        while i < text.len() {
            let b = text[i];
            if open.is_some() {
                if b == b'"' {
                    if text.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        open = None;
                        field_start = false;
                    }
                }
            } else if b == b'"' && field_start {
                open = Some(i);
            } else {
                field_start = matches!(b, b',' | b'\n' | b'\r');
            }
            i += 1;
        }
        open
    }

    proptest::proptest! {
        /// Read through a CSV reader in small pieces, every record's line and
        /// the unclosed quote agree with a scan of the whole text.
        #[test]
        fn lines_and_quotes_agree_with_a_whole_text_scan(
            text in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b',', b'"', b'\r', b'\n']), 0..120),
            piece in 1usize..7,
        ) {
            struct Pieces<'a>(&'a [u8], usize);
            impl Read for Pieces<'_> {
                fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                    let n = self.0.len().min(self.1).min(buf.len());
                    buf[..n].copy_from_slice(&self.0[..n]);
                    self.0 = &self.0[n..];
                    Ok(n)
                }
            }
            let index = crate::load::lines::LineIndex::new(&text);
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(Watched::new(Pieces(&text, piece), 1 << 20));
            let mut record = csv::ByteRecord::new();
            while reader.read_byte_record(&mut record).unwrap_or(false) {
                let start = record.position().unwrap().byte();
                let mut at = start as usize;
                while matches!(text.get(at), Some(b'\r' | b'\n')) {
                    at += 1;
                }
                let expected = index.line(at.min(text.len().saturating_sub(1)));
                let line = reader.get_mut().record_line(start);
                if at < text.len() {
                    proptest::prop_assert_eq!(line, expected, "record at {}", start);
                }
            }
            let w = reader.get_ref();
            proptest::prop_assert_eq!(
                w.unclosed_quote().map(|o| o as usize),
                reference_unclosed(&text)
            );
        }
    }
}
