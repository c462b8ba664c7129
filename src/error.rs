//! Problems found in input data, and the library's error type.
//!
//! Loaders never stop at the first problem: they collect every [`Problem`] they
//! find in one pass, each naming the file, the line and the column, and saying
//! what was expected. A load fails with [`Error::Invalid`] when at least one of
//! them is an [`Severity::Error`]; warnings travel with a successful load.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The data cannot be used as it is.
    Error,
    /// The data can be used, but something deserves attention.
    Warning,
}

/// A column of a table: its 1-based position and its header name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Column {
    /// Position counted from 1, as a spreadsheet user counts.
    pub number: usize,
    /// The header text of the column.
    pub name: String,
}

/// Where a problem was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// The 1-based line, when the problem belongs to one.
    pub line: Option<u64>,
    /// The column, when the problem belongs to one.
    pub column: Option<Column>,
}

impl Location {
    /// A whole file.
    pub fn file(file: impl Into<PathBuf>) -> Location {
        Location {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    /// A line of a file.
    pub fn line(file: impl Into<PathBuf>, line: u64) -> Location {
        Location {
            file: file.into(),
            line: Some(line),
            column: None,
        }
    }

    /// A cell of a table: a line and a column.
    pub fn cell(file: impl Into<PathBuf>, line: u64, number: usize, name: &str) -> Location {
        Location {
            file: file.into(),
            line: Some(line),
            column: Some(Column {
                number,
                name: name.to_string(),
            }),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", inert(&self.file.display().to_string()))?;
        match (&self.line, &self.column) {
            (Some(line), Some(col)) => {
                write!(
                    f,
                    ": line {line}, column {} ({})",
                    col.number,
                    inert(&col.name)
                )
            }
            (Some(line), None) => write!(f, ": line {line}"),
            (None, Some(col)) => write!(f, ": column {} ({})", col.number, inert(&col.name)),
            (None, None) => Ok(()),
        }
    }
}

/// One thing wrong with the input, with where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where it was found.
    pub location: Location,
    /// What is wrong and what was expected, in plain words.
    pub message: String,
}

impl Problem {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            location,
            message: message.into(),
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            location,
            message: message.into(),
        }
    }

    /// Whether this problem stops the data from being used.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, inert(&self.message))
    }
}

/// Whether `c` could change how text around it reads: a control character
/// (escape sequences, carriage returns), a bidirectional formatting
/// character (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, which
/// can reorder how a hospital's name reads), an invisible one (U+200B–U+200D,
/// U+2060–U+2064, U+FEFF) or a line or paragraph separator (U+2028,
/// U+2029).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// `text` with every character that could drive a terminal or change how
/// text reads ([`is_unsafe_char`]) written as an escape (`\u{1b}`,
/// `\u{202e}`), so that text quoted from an input never reaches a terminal
/// or a report raw.
///
/// # Example
/// ```
/// assert_eq!(hasu::error::inert("found \"a\u{1b}[31m\""), "found \"a\\u{1b}[31m\"");
/// assert_eq!(hasu::error::inert("Kent\u{202e}tneK"), "Kent\\u{202e}tneK");
/// ```
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if is_unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Most problems a list keeps: past it, problems are counted, not kept, so
/// that a file bad on every one of millions of rows cannot fill memory
/// with messages nobody reads.
pub const MAX_LISTED: usize = 100_000;

/// Every problem found in one pass, in the order found (the first
/// [`MAX_LISTED`] of them; the rest are counted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    list: Vec<Problem>,
    errors: usize,
    /// Problems found past [`MAX_LISTED`], not kept.
    unlisted: usize,
}

impl Problems {
    /// An empty list.
    pub fn new() -> Problems {
        Problems::default()
    }

    /// Adds a problem (counting it only, past [`MAX_LISTED`]).
    pub fn push(&mut self, problem: Problem) {
        self.errors += usize::from(problem.is_error());
        if self.list.len() < MAX_LISTED {
            self.list.push(problem);
        } else {
            self.unlisted += 1;
        }
    }

    /// Adds an error at `location`.
    pub fn error(&mut self, location: Location, message: impl Into<String>) {
        self.push(Problem::error(location, message));
    }

    /// Adds a warning at `location`.
    pub fn warning(&mut self, location: Location, message: impl Into<String>) {
        self.push(Problem::warning(location, message));
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: Problems) {
        self.unlisted += other.unlisted;
        self.errors += other.errors - other.list.iter().filter(|p| p.is_error()).count();
        for p in other {
            self.push(p);
        }
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// How many problems are errors.
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter().filter(|p| p.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter().filter(|p| !p.is_error())
    }

    /// All problems, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }

    /// How many problems there are (listed or not).
    pub fn len(&self) -> usize {
        self.list.len() + self.unlisted
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Turns the list into an [`Error::Invalid`] when it holds an error, and
    /// otherwise gives back the warnings.
    pub fn into_result(self) -> Result<Problems, Error> {
        if self.has_errors() {
            Err(Error::Invalid(self))
        } else {
            Ok(self)
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.list.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let tag = match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            write!(f, "{tag}: {p}")?;
        }
        if self.unlisted > 0 {
            write!(
                f,
                "\n… and {} more problems, not listed (the first {MAX_LISTED} are)",
                self.unlisted
            )?;
        }
        Ok(())
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

/// The library's error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input data has problems; every one found is listed.
    #[error("{0}")]
    Invalid(Problems),
    /// A file or folder could not be read or written.
    #[error("{}: {source}", inert(&path.display().to_string()))]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A request that the data or the rules do not allow, with the reason.
    #[error("{}", inert(.0))]
    Refused(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A single data problem as an error.
    pub fn problem(problem: Problem) -> Error {
        let mut list = Problems::new();
        list.push(problem);
        Error::Invalid(list)
    }
}

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
