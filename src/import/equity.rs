//! Deprivation and rurality of each zone, joined on the LSOA code: the
//! income domain score of the English Indices of Deprivation 2019 (with
//! Welsh LSOAs, as published by samuel-book/stroke_unit_demographics) and
//! the ONS 2011 Rural-Urban Classification of LSOAs. Zones the files do not
//! cover keep empty cells and are listed in the import's notes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Note;
use crate::error::{Error, Problems, Result};
use crate::files::digest::sha256_file;
use crate::files::read::MAX_DATA_FILE_BYTES;
use crate::load::table::{CsvTable, FirstSeen, Quantity};
use crate::model::{RuralUrban, Zone};

/// The files to join, when given.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The IoD2019 income domain file (`LSOA Code (2011)`, `Income Domain
    /// Score`).
    pub deprivation: Option<PathBuf>,
    /// The Rural-Urban Classification file (`LSOA11CD`, `RUC11CD`).
    pub rurality: Option<PathBuf>,
}

/// What the files say, by LSOA code, and their hashes.
#[derive(Debug, Clone, Default)]
pub struct Equity {
    /// Income score and, when the file gives it, its official rank.
    income: HashMap<String, (f64, Option<u32>)>,
    rurality: HashMap<String, RuralUrban>,
    /// (what, file name, SHA-256) of each file read.
    pub hashes: Vec<(&'static str, String, String)>,
}

const SCORE: Quantity = Quantity {
    noun: "an income domain score (a share of people)",
    min: 0.0,
    max: 1.0,
    range: "between 0 and 1",
};

const RANK: Quantity = Quantity {
    noun: "an income domain rank (1 = most deprived)",
    min: 1.0,
    max: 1_000_000.0,
    range: "between 1 and 1000000",
};

fn hash(path: &Path) -> Result<String> {
    sha256_file(path, MAX_DATA_FILE_BYTES)
        .map_err(|e| Error::Refused(format!("{}: {e}", path.display())))
}

fn name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads the files of `sources`, reporting every problem in `problems`.
///
/// # Errors
/// A file that cannot be read for its hash.
pub fn read(sources: &Sources, problems: &mut Problems) -> Result<Equity> {
    let mut out = Equity::default();
    if let Some(path) = &sources.deprivation
        && let Some(mut table) = CsvTable::open(
            path,
            "the IoD2019 income domain file (LSOA Code (2011), Income Domain Score, ...)",
            problems,
        )
        && let Some(([code, score], [rank])) = table.columns(
            ["LSOA Code (2011)", "Income Domain Score"],
            ["Income Domain Rank (where 1 is most deprived)"],
            problems,
        )
    {
        let mut seen = FirstSeen::default();
        table.for_each_good_row(problems, |row, problems| {
            if !seen.check(row, code, "LSOA", row.text(code), problems) {
                return;
            }
            let official = rank.and_then(|c| row.number(c, &RANK, problems));
            if let Some(s) = row.number(score, &SCORE, problems) {
                out.income
                    .insert(row.text(code).to_string(), (s, official.map(|r| r as u32)));
            }
        });
        out.hashes
            .push(("income deprivation", name(path), hash(path)?));
    }
    if let Some(path) = &sources.rurality
        && let Some(mut table) = CsvTable::open(
            path,
            "the 2011 Rural-Urban Classification of LSOAs (LSOA11CD, RUC11CD, ...)",
            problems,
        )
        && let Some(([code, class], [])) = table.columns(["LSOA11CD", "RUC11CD"], [], problems)
    {
        let mut seen = FirstSeen::default();
        table.for_each_good_row(problems, |row, problems| {
            if !seen.check(row, code, "LSOA", row.text(code), problems) {
                return;
            }
            match row.text(class).parse::<RuralUrban>() {
                Ok(r) => {
                    out.rurality.insert(row.text(code).to_string(), r);
                }
                Err(m) => {
                    problems.error(row.at(class), format!("{m}, found \"{}\"", row.text(class)))
                }
            }
        });
        out.hashes.push(("rurality", name(path), hash(path)?));
    }
    Ok(out)
}

/// Sets every zone's income score and rural-urban class from `equity`, and
/// returns a note for each file that leaves zones without one.
pub fn attach(zones: &mut [Zone], equity: &Equity, sources: &Sources) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut without = (Vec::new(), Vec::new());
    for z in zones.iter_mut() {
        if sources.deprivation.is_some() {
            let found = equity.income.get(&z.id).copied();
            z.income_score = found.map(|(s, _)| s);
            z.income_rank = found.and_then(|(_, r)| r);
            if z.income_score.is_none() {
                without.0.push(z.id.as_str());
            }
        }
        if sources.rurality.is_some() {
            z.rural_urban = equity.rurality.get(&z.id).copied();
            if z.rural_urban.is_none() {
                without.1.push(z.id.as_str());
            }
        }
    }
    for (list, what) in [
        (without.0, "an income-deprivation score"),
        (without.1, "a rural-urban class"),
    ] {
        if !list.is_empty() {
            notes.push(Note::listed(
                &format!("zones without {what} in its file, kept with an empty cell"),
                list.iter().map(|z| z.to_string()).collect(),
            ));
        }
    }
    notes
}
