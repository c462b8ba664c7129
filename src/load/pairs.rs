//! Tables of minutes between two kinds of things (zone → site travel times,
//! site → site transfer times), in either of two layouts:
//!
//! - **long**: one row per pair, e.g. `zone_id,site_id,minutes,source`;
//! - **wide**: one row per origin and one column per destination, as public
//!   matrices come, e.g. `zone_id,DA,MW,...`; an empty cell means no time.

use std::collections::{HashMap, HashSet};

use super::Folder;
use super::table::{CsvTable, MINUTES, Rows};
use crate::error::{Location, Problems};
use crate::model::TimeSource;
use crate::save::preserve::ESTIMATED_SUFFIX;

/// The layout a pair table was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row per pair.
    Long,
    /// One row per origin, one column per destination.
    Wide,
}

/// One side of a pair table: the key column and the ids it may hold.
pub(crate) struct Side<'a> {
    /// Header of the key column in the long layout, e.g. `zone_id`.
    pub key: &'static str,
    /// What one id names, e.g. "zone".
    pub noun: &'static str,
    /// The file the ids are defined in, e.g. `zones.csv`.
    pub defined_in: &'static str,
    /// Known ids and their indices.
    pub ids: &'a HashMap<String, usize>,
    /// Ids of rows that were rejected (not reported again here).
    pub rejected: &'a HashSet<String>,
    /// Whether `ids` and `rejected` hold every id of their table (when the
    /// table could not be read to its end, unknown ids are not reported).
    pub complete: bool,
}

impl Side<'_> {
    /// Looks up `id`, reporting an unknown one at `at`. Rejected ids give
    /// `None` silently.
    fn index(&self, id: &str, at: Location, problems: &mut Problems) -> Option<usize> {
        if let Some(&i) = self.ids.get(id) {
            return Some(i);
        }
        if self.complete && !self.rejected.contains(id) {
            problems.error(
                at,
                format!(
                    "unknown {} \"{id}\"; expected a {} id from {}",
                    self.noun, self.noun, self.defined_in
                ),
            );
        }
        None
    }
}

/// How to read one pair table.
pub(crate) struct PairSpec<'a> {
    /// What the file holds, for a missing-file message.
    pub what: &'static str,
    /// The origin side (rows of the wide layout).
    pub from: Side<'a>,
    /// The destination side (columns of the wide layout).
    pub to: Side<'a>,
    /// Whether the long layout's `source` column (matrix or estimated) must
    /// be there; when optional and absent, every time is `matrix`.
    pub source_required: bool,
}

/// Reads a pair table, calling `set(from, to, minutes, source)` for every
/// valid time. Returns the layout, or `None` if the table could not be read.
pub(crate) fn read(
    folder: &Folder<'_>,
    name: &str,
    spec: &PairSpec<'_>,
    problems: &mut Problems,
    mut set: impl FnMut(usize, usize, f32, TimeSource),
) -> Option<Layout> {
    let path = folder.path(name);
    let path = path.as_path();
    let table = CsvTable::open_in(folder, name, spec.what, problems)?;
    let layout = if table.column(spec.to.key).is_some() && table.column("minutes").is_some() {
        Layout::Long
    } else if table.headers().first().map(String::as_str) == Some(spec.from.key) {
        Layout::Wide
    } else {
        let source = if spec.source_required { ",source" } else { "" };
        problems.error(
            Location::line(path, 1),
            format!(
                "expected either the long layout ({},{},minutes{source}) or the wide layout \
                 ({} followed by one column per {} id)",
                spec.from.key, spec.to.key, spec.from.key, spec.to.noun
            ),
        );
        return None;
    };
    let rows = match layout {
        Layout::Long => read_long(table, spec, problems, &mut set)?,
        Layout::Wide => read_wide(table, spec, problems, &mut set),
    };
    if rows.seen == 0 && rows.complete {
        problems.error(
            Location::line(path, 2),
            "the table has a header but no rows; expected at least one time",
        );
    }
    Some(layout)
}

fn read_long(
    mut table: CsvTable,
    spec: &PairSpec<'_>,
    problems: &mut Problems,
    set: &mut impl FnMut(usize, usize, f32, TimeSource),
) -> Option<Rows> {
    let (from, to, minutes, source) = if spec.source_required {
        let ([f, t, m, s], []) = table.columns(
            [spec.from.key, spec.to.key, "minutes", "source"],
            [],
            problems,
        )?;
        (f, t, m, Some(s))
    } else {
        let ([f, t, m], [s]) = table.columns(
            [spec.from.key, spec.to.key, "minutes"],
            ["source"],
            problems,
        )?;
        (f, t, m, s)
    };
    // The line each pair was first given on (0 = not yet), dense because
    // national tables hold millions of pairs.
    let cols = spec.to.ids.len();
    let mut first_line = vec![0u32; spec.from.ids.len() * cols];
    let rows = table.for_each_good_row(problems, |row, problems| {
        let f = spec.from.index(row.text(from), row.at(from), problems);
        let t = spec.to.index(row.text(to), row.at(to), problems);
        let m = row.number(minutes, &MINUTES, problems);
        let s = match source {
            None => Some(TimeSource::Matrix),
            Some(col) => match row.text(col).parse::<TimeSource>() {
                Ok(s) => Some(s),
                Err(msg) => {
                    problems.error(row.at(col), format!("{msg}, found \"{}\"", row.text(col)));
                    None
                }
            },
        };
        let (Some(f), Some(t)) = (f, t) else { return };
        let first = first_line[f * cols + t];
        if first != 0 {
            problems.error(
                row.at(to),
                format!(
                    "duplicate time from {} \"{}\" to {} \"{}\"; it is already given on line {first}",
                    spec.from.noun,
                    row.text(from),
                    spec.to.noun,
                    row.text(to)
                ),
            );
            return;
        }
        first_line[f * cols + t] = u32::try_from(row.line()).unwrap_or(u32::MAX);
        if let (Some(m), Some(s)) = (m, s) {
            set(f, t, m as f32, s);
        }
    });
    Some(rows)
}

fn read_wide(
    mut table: CsvTable,
    spec: &PairSpec<'_>,
    problems: &mut Problems,
    set: &mut impl FnMut(usize, usize, f32, TimeSource),
) -> Rows {
    let path = table.path().to_path_buf();
    table.use_all();
    // Resolve the destination and source of each column after the key
    // column: `<id>` holds published times, `<id> (estimated)` estimates.
    let mut columns: Vec<Option<(usize, TimeSource)>> = vec![None];
    let mut seen: HashMap<(usize, TimeSource), usize> = HashMap::new();
    for (i, name) in table.headers().iter().enumerate().skip(1) {
        let at = Location::cell(&path, 1, i + 1, name);
        let (id, source) = match name.strip_suffix(ESTIMATED_SUFFIX) {
            Some(id) => (id.trim(), TimeSource::Estimated),
            None => (name.as_str(), TimeSource::Matrix),
        };
        let mut column = spec.to.index(id, at.clone(), problems).map(|t| (t, source));
        if let Some(key) = column {
            if let Some(first) = seen.get(&key) {
                problems.error(
                    at,
                    format!(
                        "duplicate column for {} \"{name}\"; it is already column {first}",
                        spec.to.noun
                    ),
                );
                column = None;
            } else {
                seen.insert(key, i + 1);
            }
        }
        columns.push(column);
    }
    // The column that gave each destination's time on the current row (a
    // site may have a published and an estimated column, not both filled).
    let mut given: Vec<(usize, usize)> = vec![(usize::MAX, 0); spec.to.ids.len()];
    let mut first_line: HashMap<usize, u64> = HashMap::new();
    table.for_each_good_row(problems, |row, problems| {
        let Some(f) = spec.from.index(row.text(0), row.at(0), problems) else {
            return;
        };
        if let Some(first) = first_line.get(&f) {
            problems.error(
                row.at(0),
                format!(
                    "duplicate row for {} \"{}\"; it is already given on line {first}",
                    spec.from.noun,
                    row.text(0)
                ),
            );
            return;
        }
        first_line.insert(f, row.line());
        for (col, raw) in row.fields().enumerate().skip(1) {
            let Some(&Some((t, source))) = columns.get(col) else {
                continue;
            };
            if raw.is_empty() {
                continue;
            }
            if given[t].0 == f {
                problems.error(
                    row.at(col),
                    format!(
                        "a second time from this {} to the same {}; column {} already gives one \
                         (leave one of the two cells empty)",
                        spec.from.noun,
                        spec.to.noun,
                        given[t].1 + 1
                    ),
                );
                continue;
            }
            given[t] = (f, col);
            match MINUTES.parse(raw) {
                Ok(m) => set(f, t, m as f32, source),
                Err(msg) => problems.error(row.at(col), msg),
            }
        }
    })
}
