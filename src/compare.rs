//! What changed between two appraisals (JSON documents of schema
//! `hasu.appraisal/1`, e.g. without and with a scenario): ranks, pass or
//! fail, and the key figures of every option that changed.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::files::read::open_regular;

/// The parts of an appraisal document a comparison reads.
#[derive(Debug, Clone, Deserialize)]
struct Document {
    schema: String,
    data: String,
    #[serde(default)]
    scenarios: Vec<Scenario>,
    considered: usize,
    passing: usize,
    today: Entry,
    options: Vec<Entry>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
struct Scenario {
    name: String,
    file: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Entry {
    id: String,
    rank: Option<usize>,
    passes: bool,
    score: Option<f64>,
    metrics: Figures,
}

/// The key figures of an option.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
pub struct Figures {
    /// Mean travel, minutes.
    pub mean_travel: f64,
    /// 95th percentile travel, minutes.
    pub p95_travel: f64,
    /// Share within 45 minutes.
    pub within_45: f64,
    /// Admissions a year of the smallest HASU.
    pub smallest_hasu_admissions: f64,
    /// Admissions a year of the largest HASU.
    pub largest_hasu_admissions: f64,
}

/// One side of a comparison.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Side {
    /// The document's file.
    pub file: String,
    /// Its dataset folder.
    pub data: String,
    /// The scenarios it applied.
    pub scenarios: Vec<String>,
    /// Options considered.
    pub considered: usize,
    /// Options passing every hurdle.
    pub passing: usize,
}

/// One option in both appraisals, or either.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// The option's id.
    pub id: String,
    /// Its rank in A and in B (null: failing, or absent).
    pub rank: [Option<usize>; 2],
    /// Whether it passes in A and in B (null: absent).
    pub passes: [Option<bool>; 2],
    /// Its score in A and in B.
    pub score: [Option<f64>; 2],
    /// Its key figures in A and in B.
    pub figures: [Option<Figures>; 2],
}

/// What changed between two appraisals.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    /// The first appraisal.
    pub a: Side,
    /// The second.
    pub b: Side,
    /// Today's figures in A and in B.
    pub today: [Figures; 2],
    /// Every option whose rank, pass or fail, or presence differs, in the
    /// order of B's ranking then A's.
    pub changes: Vec<Change>,
}

fn read(path: &Path) -> Result<Document> {
    let refuse = |e: String| Error::Refused(format!("{}: {e}", path.display()));
    let (file, _) = open_regular(path).map_err(|e| refuse(e.to_string()))?;
    let doc: Document = serde_json::from_reader(BufReader::new(file)).map_err(|e| {
        refuse(format!(
            "expected an appraisal written by hasu appraise --format json: {e}"
        ))
    })?;
    if doc.schema != crate::report::json::SCHEMA {
        return Err(refuse(format!(
            "schema \"{}\"; expected \"{}\"",
            doc.schema,
            crate::report::json::SCHEMA
        )));
    }
    Ok(doc)
}

/// Compares the appraisals in the files `a` and `b`.
///
/// # Errors
/// Refuses a file that is not an appraisal document of the schema.
pub fn compare(a: &Path, b: &Path) -> Result<Comparison> {
    let (da, db) = (read(a)?, read(b)?);
    let side = |path: &Path, d: &Document| Side {
        file: path.display().to_string(),
        data: d.data.clone(),
        scenarios: d.scenarios.iter().map(|s| s.name.clone()).collect(),
        considered: d.considered,
        passing: d.passing,
    };
    let in_a: BTreeMap<&str, &Entry> = da.options.iter().map(|o| (o.id.as_str(), o)).collect();
    let in_b: BTreeMap<&str, &Entry> = db.options.iter().map(|o| (o.id.as_str(), o)).collect();
    let order = db.options.iter().map(|o| o.id.as_str()).chain(
        da.options
            .iter()
            .map(|o| o.id.as_str())
            .filter(|id| !in_b.contains_key(id)),
    );
    let changes = order
        .filter_map(|id| {
            let (x, y) = (in_a.get(id).copied(), in_b.get(id).copied());
            let differs = match (x, y) {
                (Some(x), Some(y)) => x.rank != y.rank || x.passes != y.passes,
                _ => true,
            };
            differs.then(|| Change {
                id: id.to_string(),
                rank: [x.and_then(|o| o.rank), y.and_then(|o| o.rank)],
                passes: [x.map(|o| o.passes), y.map(|o| o.passes)],
                score: [x.and_then(|o| o.score), y.and_then(|o| o.score)],
                figures: [x.map(|o| o.metrics), y.map(|o| o.metrics)],
            })
        })
        .collect();
    Ok(Comparison {
        a: side(a, &da),
        b: side(b, &db),
        today: [da.today.metrics, db.today.metrics],
        changes,
    })
}
