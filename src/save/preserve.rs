//! Saving an edited dataset without losing what the planner's files hold:
//! every row an edit does not touch keeps its bytes (quoting, number
//! formatting, spacing, line ends), columns hasu does not know keep their
//! place and values, the long or wide layout of the times tables is kept,
//! and only files whose content changes are written.
//!
//! A changed row keeps its unknown columns and the text of its unchanged
//! cells; only the cells whose values changed are written afresh. New rows
//! go where the canonical order puts them (sites at the end; a zone's new
//! times among that zone's times, in site order).

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::files::read::{MAX_DATA_FILE_BYTES, ReadError, read_bounded};
use crate::load::{
    BOUNDARIES_FILE, SITE_TIMES_FILE, SITES_FILE, TRAVEL_FILE, ZONES_FILE, sites, zones,
};
use crate::model::{Dataset, Site, TimeSource, TravelMatrix, Zone};

/// The suffix of a wide-layout column holding estimated times (`MW
/// (estimated)`), beside the column of published ones (`MW`).
pub const ESTIMATED_SUFFIX: &str = " (estimated)";

/// A row of a table with one row per thing (sites, zones), in the columns
/// hasu writes.
pub(crate) trait TableRow {
    /// The columns, id first.
    const COLUMNS: &'static [&'static str];
    /// Columns written only when a row has a value in them.
    const OPTIONAL: &'static [&'static str];
    /// The row's id.
    fn id(&self) -> &str;
    /// The text of `column` (one of [`TableRow::COLUMNS`]).
    fn cell(&self, column: &str) -> String;
    /// Whether `other` has the same value in `column`.
    fn same(&self, other: &Self, column: &str) -> bool;
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

impl TableRow for Site {
    const COLUMNS: &'static [&'static str] = &sites::COLUMNS;
    const OPTIONAL: &'static [&'static str] = &["beds", "stroke_beds", "ambulance"];

    fn id(&self) -> &str {
        &self.id
    }

    fn cell(&self, column: &str) -> String {
        match column {
            "site_id" => self.id.clone(),
            "name" => self.name.clone(),
            "postcode" => self.postcode.clone(),
            "latitude" => self.location.y().to_string(),
            "longitude" => self.location.x().to_string(),
            "trust" => self.trust.clone(),
            "role" => self.role.as_str().to_string(),
            "in_region" => yes_no(self.in_region),
            "services" => {
                let names: Vec<&str> = self.services.iter().map(|s| s.as_str()).collect();
                names.join(";")
            }
            "beds" => self.beds.map_or_else(String::new, |b| b.to_string()),
            "stroke_beds" => self.stroke_beds.map_or_else(String::new, |b| b.to_string()),
            "ambulance" => self.ambulance.clone(),
            _ => self.notes.clone(),
        }
    }

    fn same(&self, other: &Site, column: &str) -> bool {
        match column {
            "latitude" => self.location.y() == other.location.y(),
            "longitude" => self.location.x() == other.location.x(),
            "role" => self.role == other.role,
            "in_region" => self.in_region == other.in_region,
            "services" => self.services == other.services,
            _ => self.cell(column) == other.cell(column),
        }
    }
}

impl TableRow for Zone {
    const COLUMNS: &'static [&'static str] = &zones::COLUMNS;
    const OPTIONAL: &'static [&'static str] =
        &["income_score", "rural_urban", "income_rank", "ambulance"];

    fn id(&self) -> &str {
        &self.id
    }

    fn cell(&self, column: &str) -> String {
        match column {
            "zone_id" => self.id.clone(),
            "name" => self.name.clone(),
            "latitude" => self.location.y().to_string(),
            "longitude" => self.location.x().to_string(),
            "admissions" => self.admissions.to_string(),
            "district" => self.district.clone(),
            "icb" => self.icb.clone(),
            "sub_icb" => self.sub_icb.clone(),
            "income_score" => self
                .income_score
                .map_or_else(String::new, |x| x.to_string()),
            "rural_urban" => self
                .rural_urban
                .map_or_else(String::new, |r| r.as_str().to_string()),
            "income_rank" => self.income_rank.map_or_else(String::new, |r| r.to_string()),
            "ambulance" => self.ambulance.clone(),
            _ => yes_no(self.in_region),
        }
    }

    fn same(&self, other: &Zone, column: &str) -> bool {
        match column {
            "latitude" => self.location.y() == other.location.y(),
            "longitude" => self.location.x() == other.location.x(),
            "admissions" => self.admissions == other.admissions,
            "in_region" => self.in_region == other.in_region,
            "income_score" => self.income_score == other.income_score,
            "rural_urban" => self.rural_urban == other.rural_urban,
            _ => self.cell(column) == other.cell(column),
        }
    }
}

/// A CSV file as its bytes: the header and each record's byte range and
/// fields, untrimmed.
struct RawTable<'a> {
    bytes: &'a [u8],
    header: Vec<String>,
    header_end: usize,
    records: Vec<RawRecord>,
    crlf: bool,
}

struct RawRecord {
    start: usize,
    end: usize,
    fields: Vec<String>,
}

impl<'a> RawTable<'a> {
    fn parse(bytes: &'a [u8], shown: &Path) -> Result<RawTable<'a>> {
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let unreadable = |e: csv::Error| {
            Error::Refused(format!(
                "{}: cannot be read back to save the change: {e}",
                shown.display()
            ))
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(&bytes[bom..]);
        let header: Vec<String> = reader
            .headers()
            .map_err(unreadable)?
            .iter()
            .map(str::to_string)
            .collect();
        // A record starts at the line end before it (the csv crate's
        // offsets), so skip line ends to its first byte.
        let content = |at: usize| {
            let mut at = bom + at;
            while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
                at += 1;
            }
            at.min(bytes.len())
        };
        let mut records: Vec<RawRecord> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(unreadable)?;
            let start = content(record.position().map_or(0, |p| p.byte() as usize));
            if let Some(last) = records.last_mut() {
                last.end = start;
            }
            records.push(RawRecord {
                start,
                end: bytes.len(),
                fields: record.iter().map(str::to_string).collect(),
            });
        }
        let first_newline = bytes.iter().position(|&b| b == b'\n');
        Ok(RawTable {
            bytes,
            header,
            header_end: records.first().map_or(bytes.len(), |r| r.start),
            records,
            crlf: first_newline.is_some_and(|i| i > 0 && bytes[i - 1] == b'\r'),
        })
    }

    /// The index of column `name` (ignoring case, spaces and a byte order
    /// mark), as the loader finds it.
    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| {
            h.trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case(name)
        })
    }

    fn text(&self, r: &RawRecord) -> &'a [u8] {
        &self.bytes[r.start..r.end]
    }

    fn key<'r>(&self, r: &'r RawRecord, column: usize) -> &'r str {
        r.fields.get(column).map_or("", |f| f.trim())
    }
}

/// The raw text of each field of the record at the start of `text`
/// (quotes included), and what follows it (its line end and any blank
/// lines).
fn split_record(text: &[u8]) -> (Vec<&[u8]>, &[u8]) {
    let mut fields = Vec::new();
    let (mut start, mut i) = (0, 0);
    let (mut quoted, mut field_start) = (false, true);
    while i < text.len() {
        let b = text[i];
        if quoted {
            if b == b'"' {
                if text.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else {
            match b {
                b'"' if field_start => quoted = true,
                b',' => {
                    fields.push(&text[start..i]);
                    start = i + 1;
                    field_start = true;
                    i += 1;
                    continue;
                }
                b'\r' | b'\n' => {
                    fields.push(&text[start..i]);
                    return (fields, &text[i..]);
                }
                _ => {}
            }
            field_start = false;
        }
        i += 1;
    }
    fields.push(&text[start..]);
    (fields, &[])
}

/// `text` as a CSV field: quoted when it holds a comma, a quote, a line
/// end, or spaces at either end.
fn quoted(text: &str) -> String {
    let needs = text.contains([',', '"', '\r', '\n'])
        || text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// One field of a rewritten record.
enum Cell {
    /// The original record's field at this index, byte for byte.
    Keep(usize),
    /// New text.
    New(String),
}

/// Whether a record holds nothing (a blank or spaces-only line): kept as
/// it is.
fn blank(r: &RawRecord) -> bool {
    r.fields.iter().all(|f| f.trim().is_empty())
}

/// A file being written: raw slices of the original and new records.
struct Rebuilt {
    bytes: Vec<u8>,
    crlf: bool,
}

impl Rebuilt {
    fn new(crlf: bool) -> Rebuilt {
        Rebuilt {
            bytes: Vec::new(),
            crlf,
        }
    }

    /// Ends the last line if the original's last line had no line end.
    fn line_end(&mut self) {
        if !self.bytes.is_empty() && !matches!(self.bytes.last(), Some(b'\n' | b'\r')) {
            self.bytes
                .extend_from_slice(if self.crlf { b"\r\n" } else { b"\n" });
        }
    }

    fn raw(&mut self, text: &[u8]) {
        self.line_end();
        self.bytes.extend_from_slice(text);
    }

    /// A record rebuilt from `cells`: kept fields byte for byte from the
    /// original record `text`, new ones quoted as needed, and the
    /// original's line end.
    fn spliced(&mut self, text: &[u8], cells: &[Cell]) {
        self.line_end();
        let (fields, tail) = split_record(text);
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.bytes.push(b',');
            }
            match cell {
                Cell::Keep(k) => self
                    .bytes
                    .extend_from_slice(fields.get(*k).copied().unwrap_or_default()),
                Cell::New(t) => self.bytes.extend_from_slice(quoted(t).as_bytes()),
            }
        }
        self.bytes.extend_from_slice(tail);
    }

    fn record<S: AsRef<str>>(&mut self, fields: &[S]) -> Result<()> {
        self.line_end();
        let terminator = if self.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut w = csv::WriterBuilder::new()
            .terminator(terminator)
            .from_writer(&mut self.bytes);
        w.write_record(fields.iter().map(|f| f.as_ref()))
            .and_then(|_| w.flush().map_err(csv::Error::from))
            .map_err(|e| Error::Refused(format!("cannot write a record: {e}")))
    }
}

/// `sites.csv` or `zones.csv` with `before`'s rows changed into `after`'s.
fn rewrite_rows<T: TableRow + PartialEq>(
    raw: &RawTable<'_>,
    before: &[T],
    after: &[T],
) -> Result<Vec<u8>> {
    let mut width = raw.header.len();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut extras = Vec::new();
    for &column in T::COLUMNS {
        match raw.column(column) {
            Some(i) => {
                index.insert(column, i);
            }
            // A column the file lacks is added only when a row needs it.
            None if after.iter().any(|a| !a.cell(column).is_empty()) => {
                index.insert(column, width);
                width += 1;
                extras.push(column);
            }
            None => {}
        }
    }
    let id_column = index.get(T::COLUMNS[0]).copied().unwrap_or(0);
    let before_by_id: HashMap<&str, &T> = before.iter().map(|b| (b.id(), b)).collect();
    let after_by_id: HashMap<&str, &T> = after.iter().map(|a| (a.id(), a)).collect();
    let mut out = Rebuilt::new(raw.crlf);
    if extras.is_empty() {
        out.raw(&raw.bytes[..raw.header_end]);
    } else {
        let mut header = raw.header.clone();
        header.extend(extras.iter().map(|c| c.to_string()));
        out.record(&header)?;
    }
    let mut written = std::collections::HashSet::new();
    for r in &raw.records {
        if blank(r) {
            out.raw(raw.text(r));
            continue;
        }
        let id = raw.key(r, id_column);
        let (Some(a), Some(b)) = (after_by_id.get(id), before_by_id.get(id)) else {
            continue;
        };
        written.insert(id);
        if extras.is_empty() && a == b {
            out.raw(raw.text(r));
            continue;
        }
        let mut cells: Vec<Cell> = (0..width).map(Cell::Keep).collect();
        for &column in T::COLUMNS {
            if let Some(&i) = index.get(column)
                && (!a.same(b, column) || extras.contains(&column))
            {
                cells[i] = Cell::New(a.cell(column));
            }
        }
        out.spliced(raw.text(r), &cells);
    }
    for a in after.iter().filter(|a| !written.contains(a.id())) {
        let mut fields = vec![String::new(); width];
        for &column in T::COLUMNS {
            if let Some(&i) = index.get(column) {
                fields[i] = a.cell(column);
            }
        }
        out.record(&fields)?;
    }
    Ok(out.bytes)
}

/// One side's ids and the times between them.
pub(crate) struct Pairs<'a> {
    /// Origin ids (rows).
    pub from: Vec<&'a str>,
    /// Destination ids (columns).
    pub to: Vec<&'a str>,
    /// The times.
    pub times: &'a TravelMatrix,
}

impl Pairs<'_> {
    fn get(&self, f: usize, t: usize) -> Option<(f32, TimeSource)> {
        Some((self.times.get(f, t)?, self.times.source(f, t)?))
    }

    fn any(&self, source: TimeSource) -> bool {
        (0..self.from.len())
            .any(|f| (0..self.to.len()).any(|t| self.times.source(f, t) == Some(source)))
    }
}

fn index_of<'a>(ids: &[&'a str]) -> HashMap<&'a str, usize> {
    ids.iter().enumerate().map(|(i, id)| (*id, i)).collect()
}

/// The value of a minutes cell as the loader reads it.
fn minutes_of(text: &str) -> Option<f32> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.parse::<f64>().ok().map(|v| v as f32))?
}

/// A long-layout pair table (`from,to,minutes[,source]`) changed from
/// `before` into `after`.
fn rewrite_long(raw: &RawTable<'_>, keys: [&str; 2], after: &Pairs<'_>) -> Result<Vec<u8>> {
    let (Some(fc), Some(tc), Some(mc)) = (
        raw.column(keys[0]),
        raw.column(keys[1]),
        raw.column("minutes"),
    ) else {
        return Err(Error::Refused(format!(
            "expected the columns {},{},minutes",
            keys[0], keys[1]
        )));
    };
    let mut width = raw.header.len();
    let mut sc = raw.column("source");
    let add_source = sc.is_none() && after.any(TimeSource::Estimated);
    if add_source {
        sc = Some(width);
        width += 1;
    }
    let (from_ix, to_ix) = (index_of(&after.from), index_of(&after.to));
    let cols = after.to.len();
    let place = |r: &RawRecord| Some((*from_ix.get(raw.key(r, fc))?, *to_ix.get(raw.key(r, tc))?));
    // Which pairs the file already has, and each origin's last record.
    let mut present = vec![false; after.from.len() * cols];
    let mut last = HashMap::new();
    for (i, r) in raw.records.iter().enumerate() {
        if let Some((f, t)) = place(r) {
            present[f * cols + t] = true;
            last.insert(f, i);
        }
    }
    // New pairs of each origin, in destination order, still to write.
    let mut new: Vec<std::collections::VecDeque<usize>> = (0..after.from.len())
        .map(|f| {
            (0..cols)
                .filter(|&t| !present[f * cols + t] && after.get(f, t).is_some())
                .collect()
        })
        .collect();
    let new_record = |f: usize, t: usize| -> Vec<String> {
        let mut fields = vec![String::new(); width];
        let (m, s) = after.get(f, t).unwrap_or((0.0, TimeSource::Matrix));
        fields[fc] = after.from[f].to_string();
        fields[tc] = after.to[t].to_string();
        fields[mc] = m.to_string();
        if let Some(sc) = sc {
            fields[sc] = s.as_str().to_string();
        }
        fields
    };
    let mut out = Rebuilt::new(raw.crlf);
    if add_source {
        let mut header = raw.header.clone();
        header.push("source".to_string());
        out.record(&header)?;
    } else {
        out.raw(&raw.bytes[..raw.header_end]);
    }
    // Origins the file has no record of get their new records where the
    // canonical order puts them: before the first record of a later origin.
    let mut orphans = (0..after.from.len())
        .filter(|f| !last.contains_key(f))
        .peekable();
    for (i, r) in raw.records.iter().enumerate() {
        if blank(r) {
            out.raw(raw.text(r));
            continue;
        }
        let Some((f, t)) = place(r) else { continue };
        while let Some(o) = orphans.next_if(|&o| o < f) {
            while let Some(n) = new[o].pop_front() {
                out.record(&new_record(o, n))?;
            }
        }
        while new[f].front().is_some_and(|&n| n < t) {
            let n = new[f].pop_front().unwrap_or(t);
            out.record(&new_record(f, n))?;
        }
        if let Some((m, s)) = after.get(f, t) {
            let old_m = minutes_of(&r.fields[mc]);
            let old_s = match sc.filter(|_| !add_source) {
                Some(sc) => r.fields.get(sc).and_then(|v| v.trim().parse().ok()),
                None => Some(TimeSource::Matrix),
            };
            if !add_source && old_m == Some(m) && old_s == Some(s) {
                out.raw(raw.text(r));
            } else {
                let mut cells: Vec<Cell> = (0..width).map(Cell::Keep).collect();
                if old_m != Some(m) {
                    cells[mc] = Cell::New(m.to_string());
                }
                if let Some(sc) = sc
                    && (add_source || old_s != Some(s))
                {
                    cells[sc] = Cell::New(s.as_str().to_string());
                }
                out.spliced(raw.text(r), &cells);
            }
        }
        if last.get(&f) == Some(&i) {
            while let Some(n) = new[f].pop_front() {
                out.record(&new_record(f, n))?;
            }
        }
    }
    for (f, rest) in new.iter_mut().enumerate() {
        while let Some(n) = rest.pop_front() {
            out.record(&new_record(f, n))?;
        }
    }
    Ok(out.bytes)
}

/// A wide-layout pair table (`from` then one column per destination, and
/// `<id> (estimated)` columns for estimated times) changed into `after`.
fn rewrite_wide(raw: &RawTable<'_>, after: &Pairs<'_>) -> Result<Vec<u8>> {
    let to_ix = index_of(&after.to);
    let from_ix = index_of(&after.from);
    // Each original column's destination and source; `None` when its site
    // is gone (the column is dropped).
    let column_of = |name: &str| {
        let name = name.trim();
        let (id, source) = match name.strip_suffix(ESTIMATED_SUFFIX) {
            Some(id) => (id.trim(), TimeSource::Estimated),
            None => (name, TimeSource::Matrix),
        };
        to_ix.get(id).map(|&t| (t, source))
    };
    let original: Vec<Option<(usize, TimeSource)>> =
        raw.header.iter().skip(1).map(|h| column_of(h)).collect();
    let mut added = Vec::new();
    for t in 0..after.to.len() {
        for source in [TimeSource::Matrix, TimeSource::Estimated] {
            let needed = (0..after.from.len()).any(|f| after.times.source(f, t) == Some(source));
            if needed && !original.contains(&Some((t, source))) {
                added.push((t, source));
            }
        }
    }
    let reshaped = !added.is_empty() || original.iter().any(Option::is_none);
    let cell = |f: usize, (t, source): (usize, TimeSource)| match after.get(f, t) {
        Some((m, s)) if s == source => Some(m),
        _ => None,
    };
    let text = |m: Option<f32>| m.map_or(String::new(), |m| m.to_string());
    let mut out = Rebuilt::new(raw.crlf);
    if reshaped {
        let mut header = vec![raw.header.first().cloned().unwrap_or_default()];
        for (name, col) in raw.header.iter().skip(1).zip(&original) {
            if col.is_some() {
                header.push(name.clone());
            }
        }
        for &(t, source) in &added {
            header.push(match source {
                TimeSource::Matrix => after.to[t].to_string(),
                TimeSource::Estimated => format!("{}{ESTIMATED_SUFFIX}", after.to[t]),
            });
        }
        out.record(&header)?;
    } else {
        out.raw(&raw.bytes[..raw.header_end]);
    }
    let mut written = vec![false; after.from.len()];
    for r in &raw.records {
        if blank(r) {
            out.raw(raw.text(r));
            continue;
        }
        let Some(&f) = from_ix.get(raw.key(r, 0)) else {
            continue;
        };
        written[f] = true;
        let old = |i: usize| minutes_of(r.fields.get(i + 1).map_or("", String::as_str));
        let same = original
            .iter()
            .enumerate()
            .all(|(i, col)| col.is_none_or(|c| old(i) == cell(f, c)));
        if same && !reshaped {
            out.raw(raw.text(r));
            continue;
        }
        let mut cells = vec![Cell::Keep(0)];
        for (i, col) in original.iter().enumerate() {
            let Some(c) = *col else { continue };
            cells.push(if old(i) == cell(f, c) {
                Cell::Keep(i + 1)
            } else {
                Cell::New(text(cell(f, c)))
            });
        }
        cells.extend(added.iter().map(|&c| Cell::New(text(cell(f, c)))));
        out.spliced(raw.text(r), &cells);
    }
    for f in (0..after.from.len()).filter(|&f| !written[f]) {
        let mut fields = vec![after.from[f].to_string()];
        fields.extend(original.iter().flatten().map(|&c| text(cell(f, c))));
        fields.extend(added.iter().map(|&c| text(cell(f, c))));
        out.record(&fields)?;
    }
    Ok(out.bytes)
}

/// A pair table in whichever layout it has, changed into `after`.
fn rewrite_pairs(raw: &RawTable<'_>, keys: [&str; 2], after: &Pairs<'_>) -> Result<Vec<u8>> {
    if raw.column(keys[1]).is_some() && raw.column("minutes").is_some() {
        rewrite_long(raw, keys, after)
    } else {
        rewrite_wide(raw, after)
    }
}

/// The bytes of the file `name` of `dir`, if it exists.
fn original(dir: &Path, name: &str) -> Result<Option<Vec<u8>>> {
    let path = dir.join(name);
    match read_bounded(&path, MAX_DATA_FILE_BYTES) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::NotFound) => Ok(None),
        Err(e) => Err(Error::Refused(format!("{}: {e}", path.display()))),
    }
}

/// The files of the dataset folder `dir` (loaded as `before`) that differ
/// in `after`, with their new content (`None`: the file goes). Files whose
/// content would not change are left out.
///
/// # Errors
/// Refuses a change to the zone boundaries (no edit makes one) and files
/// that cannot be read back.
pub fn changed_files(
    dir: &Path,
    before: &Dataset,
    after: &Dataset,
) -> Result<Vec<(String, Option<Vec<u8>>)>> {
    if before.boundaries != after.boundaries {
        return Err(Error::Refused(format!(
            "this change would alter {BOUNDARIES_FILE}, which hasu edits never rewrite"
        )));
    }
    let sites_ids: Vec<&str> = after.sites.iter().map(|s| s.id.as_str()).collect();
    let zone_ids: Vec<&str> = after.zones.iter().map(|z| z.id.as_str()).collect();
    let travel = Pairs {
        from: zone_ids,
        to: sites_ids.clone(),
        times: &after.travel,
    };
    let transfers = Pairs {
        from: sites_ids.clone(),
        to: sites_ids,
        times: &after.site_times,
    };
    let mut out = Vec::new();
    for name in [SITES_FILE, ZONES_FILE, TRAVEL_FILE, SITE_TIMES_FILE] {
        let path = dir.join(name);
        let Some(old) = original(dir, name)? else {
            if name == SITE_TIMES_FILE && transfers.any_time() {
                let mut bytes = Vec::new();
                super::write_site_times(&mut bytes, after).map_err(|e| Error::io(&path, e))?;
                out.push((name.to_string(), Some(bytes)));
            }
            continue;
        };
        let raw = RawTable::parse(&old, &path)?;
        let new = match name {
            SITES_FILE => rewrite_rows(&raw, &before.sites, &after.sites)?,
            ZONES_FILE => rewrite_rows(&raw, &before.zones, &after.zones)?,
            TRAVEL_FILE => rewrite_pairs(&raw, ["zone_id", "site_id"], &travel)?,
            _ if !transfers.any_time() => {
                out.push((name.to_string(), None));
                continue;
            }
            _ => rewrite_pairs(&raw, ["from_site_id", "to_site_id"], &transfers)?,
        };
        if new != old {
            out.push((name.to_string(), Some(new)));
        }
    }
    Ok(out)
}

impl Pairs<'_> {
    fn any_time(&self) -> bool {
        self.any(TimeSource::Matrix) || self.any(TimeSource::Estimated)
    }
}
