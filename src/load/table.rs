//! One CSV reader for every table: accepts what spreadsheets write (a UTF-8
//! byte order mark, CRLF line ends, quoted fields, spaces around values) and
//! reports every problem with its file, line and column.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::error::{Location, Problems};

/// A CSV table being read, with its header resolved.
pub(crate) struct CsvTable {
    path: PathBuf,
    headers: Vec<String>,
    reader: csv::Reader<Box<dyn Read>>,
}

impl CsvTable {
    /// Opens `path`. A missing or unreadable file is reported as a problem
    /// (`what` says what the file should hold) and gives `None`.
    pub fn open(path: &Path, what: &str, problems: &mut Problems) -> Option<CsvTable> {
        match File::open(path) {
            Ok(file) => CsvTable::from_reader(path, Box::new(io::BufReader::new(file)), problems),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                problems.error(
                    Location::file(path),
                    format!("file not found; expected {what}"),
                );
                None
            }
            Err(e) => {
                problems.error(Location::file(path), format!("cannot read the file: {e}"));
                None
            }
        }
    }

    /// Reads a table from any reader; `path` names it in messages.
    pub fn from_reader(
        path: &Path,
        reader: Box<dyn Read>,
        problems: &mut Problems,
    ) -> Option<CsvTable> {
        let reader: Box<dyn Read> = Box::new(CrlfToLf::new(reader));
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let headers = match reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                problems.error(Location::line(path, 1), csv_message(&e));
                return None;
            }
        };
        let mut names = Vec::with_capacity(headers.len());
        for (i, raw) in headers.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) => names.push(s.trim_start_matches('\u{feff}').trim().to_string()),
                Err(_) => {
                    problems.error(
                        Location::cell(path, 1, i + 1, "?"),
                        "expected UTF-8 text; save the file as \"CSV UTF-8\"",
                    );
                    return None;
                }
            }
        }
        if names.iter().all(String::is_empty) {
            problems.error(
                Location::line(path, 1),
                "the file is empty; expected a header line naming the columns",
            );
            return None;
        }
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if let Some(first) = names[..i].iter().position(|n| n.eq_ignore_ascii_case(name)) {
                problems.error(
                    Location::cell(path, 1, i + 1, name),
                    format!(
                        "duplicate column \"{name}\"; it is already column {}",
                        first + 1
                    ),
                );
            }
        }
        Some(CsvTable {
            path: path.to_path_buf(),
            headers: names,
            reader,
        })
    }

    /// The file name used in messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The header names.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The index of column `name` (ignoring case), if present.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// Resolves `required` and `optional` column names. Every missing
    /// required column is reported; the result is `None` if any is missing.
    pub fn columns<const R: usize, const O: usize>(
        &self,
        required: [&str; R],
        optional: [&str; O],
        problems: &mut Problems,
    ) -> Option<([usize; R], [Option<usize>; O])> {
        let mut missing = false;
        let mut req = [0; R];
        for (slot, name) in req.iter_mut().zip(required) {
            match self.column(name) {
                Some(i) => *slot = i,
                None => {
                    missing = true;
                    problems.error(
                        Location::line(&self.path, 1),
                        format!(
                            "missing column \"{name}\"; expected the columns {}",
                            required.join(",")
                        ),
                    );
                }
            }
        }
        let opt = optional.map(|name| self.column(name));
        (!missing).then_some((req, opt))
    }

    /// Calls `f` for every data row. Rows with a field count different from
    /// the header's, or text that is not UTF-8, are reported and skipped.
    /// Returns the number of data rows seen (good or bad).
    pub fn for_each_row(
        mut self,
        problems: &mut Problems,
        mut f: impl FnMut(&Row<'_>, &mut Problems),
    ) -> usize {
        let mut raw = csv::ByteRecord::new();
        let mut seen = 0;
        loop {
            match self.reader.read_byte_record(&mut raw) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    problems.error(Location::line(&self.path, line), csv_message(&e));
                    // An I/O or UTF-8 failure cannot be resumed reliably.
                    break;
                }
            }
            let line = raw.position().map_or(0, |p| p.line());
            if raw.len() == 1 && raw[0].is_empty() {
                continue;
            }
            seen += 1;
            let width = self.headers.len();
            let extra_blank = raw.len() > width && raw.iter().skip(width).all(|f| f.is_empty());
            if raw.len() != width && !extra_blank {
                problems.error(
                    Location::line(&self.path, line),
                    format!(
                        "expected {width} fields as in the header, found {}",
                        raw.len()
                    ),
                );
                continue;
            }
            let (record, damaged) = match csv::StringRecord::from_byte_record(raw.clone()) {
                Ok(r) => (r, false),
                Err(e) => {
                    let field = e.utf8_error().field();
                    problems.error(
                        self.cell_location(line, field),
                        "expected UTF-8 text; save the file as \"CSV UTF-8\"",
                    );
                    // Read the rest lossily so the row's id is still known
                    // (and not reported again as unknown elsewhere).
                    let lossy: Vec<String> = raw
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect();
                    (csv::StringRecord::from(lossy), true)
                }
            };
            let row = Row {
                table: &self,
                line,
                record,
                damaged,
            };
            f(&row, problems);
        }
        seen
    }

    fn cell_location(&self, line: u64, col: usize) -> Location {
        let name = self.headers.get(col).map_or("?", String::as_str);
        Location::cell(&self.path, line, col + 1, name)
    }
}

/// Turns CRLF line ends into LF as bytes are read. The csv crate counts the
/// lines of CRLF files one short (BurntSushi/rust-csv#395), and every message
/// must name the right line of a file a spreadsheet wrote.
struct CrlfToLf<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
}

impl<R: Read> CrlfToLf<R> {
    fn new(inner: R) -> CrlfToLf<R> {
        CrlfToLf {
            inner,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            pos: 0,
            len: 0,
        }
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut written = 0;
        while written < out.len() {
            if self.pos == self.len {
                if written > 0 {
                    break;
                }
                self.len = self.inner.read(&mut self.buf)?;
                self.pos = 0;
                if self.len == 0 {
                    break;
                }
            }
            let byte = self.buf[self.pos];
            if byte == b'\r' {
                if self.pos + 1 == self.len {
                    // Keep the CR and read what follows it.
                    self.buf[0] = b'\r';
                    let n = self.inner.read(&mut self.buf[1..])?;
                    self.pos = 0;
                    self.len = 1 + n;
                }
                if self.pos + 1 < self.len && self.buf[self.pos + 1] == b'\n' {
                    self.pos += 1;
                    continue;
                }
            }
            out[written] = byte;
            written += 1;
            self.pos += 1;
        }
        Ok(written)
    }
}

/// A message for a csv error, without the position (the caller adds it).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
        csv::ErrorKind::Utf8 { .. } => {
            "expected UTF-8 text; save the file as \"CSV UTF-8\"".to_string()
        }
        _ => format!("expected CSV text: {e}"),
    }
}

/// What a numeric cell must hold, for parsing and for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quantity {
    /// The noun with its article, e.g. "a number of minutes".
    pub noun: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// How the range reads in a message, e.g. "between -90 and 90".
    pub range: &'static str,
}

/// Minutes of travel.
pub(crate) const MINUTES: Quantity = Quantity {
    noun: "a number of minutes",
    min: 0.0,
    max: f64::INFINITY,
    range: "that is not negative",
};
/// Latitude in degrees.
pub(crate) const LATITUDE: Quantity = Quantity {
    noun: "a latitude in degrees",
    min: -90.0,
    max: 90.0,
    range: "between -90 and 90",
};
/// Longitude in degrees.
pub(crate) const LONGITUDE: Quantity = Quantity {
    noun: "a longitude in degrees",
    min: -180.0,
    max: 180.0,
    range: "between -180 and 180",
};
/// Stroke admissions a year.
pub(crate) const ADMISSIONS: Quantity = Quantity {
    noun: "a number of admissions a year",
    min: 0.0,
    max: f64::INFINITY,
    range: "that is not negative",
};

impl Quantity {
    /// Parses `raw` as this quantity, or says what was expected.
    pub fn parse(&self, raw: &str) -> Result<f64, String> {
        if raw.is_empty() {
            return Err(format!("expected {}, found an empty cell", self.noun));
        }
        let value: f64 = raw
            .parse()
            .map_err(|_| format!("expected {}, found \"{raw}\"", self.noun))?;
        if !value.is_finite() {
            return Err(format!(
                "expected {} that is finite, found \"{raw}\"",
                self.noun
            ));
        }
        if value < self.min || value > self.max {
            return Err(format!(
                "expected {} {}, found \"{raw}\"",
                self.noun, self.range
            ));
        }
        Ok(value)
    }
}

/// One data row of a [`CsvTable`].
pub(crate) struct Row<'t> {
    table: &'t CsvTable,
    line: u64,
    record: csv::StringRecord,
    damaged: bool,
}

impl Row<'_> {
    /// Whether the row had text that is not UTF-8 (already reported); its
    /// values are read lossily and must not be used.
    pub fn damaged(&self) -> bool {
        self.damaged
    }

    /// The 1-based line the row starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The trimmed text of column `col`.
    pub fn text(&self, col: usize) -> &str {
        self.record.get(col).unwrap_or("")
    }

    /// The text of an optional column (empty when the column is absent).
    pub fn text_opt(&self, col: Option<usize>) -> &str {
        col.map_or("", |c| self.text(c))
    }

    /// All fields of the row.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.record.iter()
    }

    /// The location of column `col` on this row.
    pub fn at(&self, col: usize) -> Location {
        self.table.cell_location(self.line, col)
    }

    /// Parses column `col` as `q`, reporting a problem on failure.
    pub fn number(&self, col: usize, q: &Quantity, problems: &mut Problems) -> Option<f64> {
        match q.parse(self.text(col)) {
            Ok(v) => Some(v),
            Err(msg) => {
                problems.error(self.at(col), msg);
                None
            }
        }
    }

    /// Column `col` as an identifier (letters, digits, `-`, `_`, `.`),
    /// reporting a problem when it is empty or has other characters.
    pub fn id(&self, col: usize, what: &str, problems: &mut Problems) -> Option<String> {
        let raw = self.text(col);
        match check_id(raw, what) {
            Ok(()) => Some(raw.to_string()),
            Err(msg) => {
                problems.error(self.at(col), msg);
                None
            }
        }
    }

    /// Column `col` as yes/no, reporting a problem on failure.
    pub fn flag(&self, col: usize, problems: &mut Problems) -> Option<bool> {
        match parse_flag(self.text(col)) {
            Ok(v) => Some(v),
            Err(msg) => {
                problems.error(self.at(col), msg);
                None
            }
        }
    }
}

/// Checks that `raw` can serve as an id: not empty, and only letters, digits,
/// `-`, `_` or `.` (ids are typed on command lines and joined with commas).
pub fn check_id(raw: &str, what: &str) -> Result<(), String> {
    if raw.is_empty() {
        return Err(format!("expected {what}, found an empty cell"));
    }
    if !raw
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(format!(
            "expected {what} made of letters, digits, '-', '_' or '.', found \"{raw}\""
        ));
    }
    Ok(())
}

/// Parses yes/no (also true/false, y/n, 1/0), ignoring case.
pub fn parse_flag(raw: &str) -> Result<bool, String> {
    match raw.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!("expected yes or no, found \"{raw}\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_name_what_they_expect() {
        assert_eq!(MINUTES.parse("12.5"), Ok(12.5));
        assert_eq!(
            MINUTES.parse("abc"),
            Err("expected a number of minutes, found \"abc\"".into())
        );
        assert_eq!(
            MINUTES.parse("NaN"),
            Err("expected a number of minutes that is finite, found \"NaN\"".into())
        );
        assert_eq!(
            MINUTES.parse("-inf"),
            Err("expected a number of minutes that is finite, found \"-inf\"".into())
        );
        assert_eq!(
            MINUTES.parse("-3"),
            Err("expected a number of minutes that is not negative, found \"-3\"".into())
        );
        assert_eq!(
            LATITUDE.parse("91"),
            Err("expected a latitude in degrees between -90 and 90, found \"91\"".into())
        );
        assert_eq!(
            ADMISSIONS.parse(""),
            Err("expected a number of admissions a year, found an empty cell".into())
        );
    }

    #[test]
    fn crlf_becomes_lf_whatever_the_read_size() {
        let input = b"a,b\r\nc,\"d\r\ne\"\r\nlone\rcr\r";
        let expected = b"a,b\nc,\"d\ne\"\nlone\rcr\r";
        for chunk in [1, 2, 3, 7, 64] {
            let mut r = CrlfToLf::new(&input[..]);
            r.buf = vec![0; chunk.max(2)].into_boxed_slice();
            let mut got = Vec::new();
            let mut piece = vec![0; chunk];
            loop {
                let n = r.read(&mut piece).unwrap();
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&piece[..n]);
            }
            assert_eq!(got, expected, "chunk {chunk}");
        }
    }

    #[test]
    fn ids_and_flags() {
        assert!(check_id("DA", "a site id").is_ok());
        assert!(check_id("a b", "a site id").is_err());
        assert!(check_id("a,b", "a site id").is_err());
        assert_eq!(parse_flag("Yes"), Ok(true));
        assert_eq!(parse_flag("FALSE"), Ok(false));
        assert!(parse_flag("maybe").is_err());
    }
}
