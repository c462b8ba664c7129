//! What changed between two appraisals (JSON documents of schema
//! `hasu.appraisal/1`, e.g. without and with a scenario): ranks, pass or
//! fail, and the key figures of every option that changed.

use std::collections::BTreeMap;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, inert};
use crate::files::read::{ReadError, open_regular};

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

/// Largest appraisal document compared: 256 MiB (Kent and Medway's 127
/// options take 5.4 MB).
pub const MAX_DOCUMENT_BYTES: u64 = 256 << 20;

/// Longest text field (the dataset folder, a scenario's name or an option's
/// id) a comparison accepts.
const MAX_TEXT: usize = 4096;

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
    /// Beds, staff and costs, when the appraisal worked them out for the
    /// option (criteria with `[beds]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourceFigures>,
}

/// The beds, staff and cost figures of an option.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
pub struct ResourceFigures {
    /// Stroke beds the region's units need.
    pub stroke_beds: f64,
    /// The change in staff from today, WTE (with `[workforce]`).
    #[serde(default)]
    pub staff_wte_change: Option<f64>,
    /// Capital, £ million (with `[costs]`).
    #[serde(default)]
    pub capital_cost: Option<f64>,
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
    /// Options the document lists (fewer than considered when it was
    /// written with `--passing` or `--show`).
    pub listed: usize,
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
    /// Every option listed in both whose rank or pass or fail differs, and
    /// every option listed in one only when the other lists all it
    /// considered, in the order of B's ranking then A's.
    pub changes: Vec<Change>,
    /// Options listed in one document only whose place in the other
    /// cannot be known, because the other lists only some of its options:
    /// not compared.
    pub not_compared: usize,
}

fn read(path: &Path) -> Result<Document> {
    let refuse = |e: String| Error::Refused(format!("{}: {e}", path.display()));
    let (file, meta) = open_regular(path).map_err(|e| refuse(e.to_string()))?;
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(refuse(
            ReadError::TooLarge {
                size: meta.len(),
                limit: MAX_DOCUMENT_BYTES,
            }
            .to_string(),
        ));
    }
    let reader = BufReader::new(file.take(MAX_DOCUMENT_BYTES + 1));
    let doc: Document = serde_json::from_reader(reader).map_err(|e| {
        refuse(format!(
            "expected an appraisal written by hasu appraise --format json: {e}"
        ))
    })?;
    if doc.schema != crate::report::json::SCHEMA {
        return Err(refuse(format!(
            "schema \"{}\"; expected \"{}\"",
            inert(&clipped(&doc.schema)),
            crate::report::json::SCHEMA
        )));
    }
    let problems = doc.problems();
    if !problems.is_empty() {
        return Err(refuse(format!(
            "not an appraisal as hasu writes one: {}",
            problems.join("; ")
        )));
    }
    Ok(doc)
}

/// At most 200 characters of `text`, for a message.
fn clipped(text: &str) -> String {
    if text.chars().count() <= 200 {
        return text.to_string();
    }
    text.chars().take(200).collect::<String>() + "…"
}

impl Figures {
    /// What is impossible about these figures.
    fn problems(&self, whose: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (name, v, most) in [
            ("mean_travel", self.mean_travel, 1440.0),
            ("p95_travel", self.p95_travel, 1440.0),
            ("within_45", self.within_45, 1.0),
            (
                "smallest_hasu_admissions",
                self.smallest_hasu_admissions,
                1e9,
            ),
            ("largest_hasu_admissions", self.largest_hasu_admissions, 1e9),
        ]
        .into_iter()
        .chain(self.resources.iter().flat_map(|r| {
            [("stroke_beds", r.stroke_beds, 1e7)]
                .into_iter()
                .chain(r.capital_cost.map(|c| ("capital_cost", c, 1e6)))
        })) {
            // hasu's sums may round a hair past a bound.
            if !(-1e-9..=most * (1.0 + 1e-9)).contains(&v) {
                out.push(format!("{whose} has {name} {v:e}, outside 0 to {most}"));
            }
        }
        if let Some(w) = self
            .resources
            .and_then(|r| r.staff_wte_change)
            .filter(|w| !(-1e7..=1e7).contains(w))
        {
            out.push(format!(
                "{whose} has staff_wte_change {w:e}, outside -1e7 to 1e7"
            ));
        }
        out
    }
}

impl Document {
    /// Everything about the document that hasu would never have written:
    /// over-long text, an option listed twice, ranks and scores that do
    /// not fit, impossible figures.
    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let long = |what: &str, text: &str| {
            (text.len() > MAX_TEXT).then(|| {
                format!(
                    "its {what} is {} characters long, more than {MAX_TEXT}",
                    text.len()
                )
            })
        };
        out.extend(long("data field", &self.data));
        out.extend(
            self.scenarios
                .iter()
                .filter_map(|s| long("scenario name", &s.name)),
        );
        if self.options.len() > self.considered || self.passing > self.considered {
            out.push(format!(
                "it lists {} options and {} passing of {} considered",
                self.options.len(),
                self.passing,
                self.considered
            ));
        }
        out.extend(self.today.metrics.problems("today"));
        let mut ids = BTreeMap::new();
        let mut ranks = BTreeMap::new();
        for o in &self.options {
            if let Some(p) = long("option id", &o.id) {
                out.push(p);
                continue;
            }
            let id = inert(&o.id).into_owned();
            if ids.insert(o.id.as_str(), ()).is_some() {
                out.push(format!("it lists option {id} twice"));
            }
            if let Some(r) = o.rank {
                if r == 0 || r > self.passing || !o.passes {
                    out.push(format!("option {id} has rank {r}, which does not fit"));
                } else if let Some(other) = ranks.insert(r, id.clone()) {
                    out.push(format!("options {other} and {id} both have rank {r}"));
                }
            }
            if let Some(s) = o.score
                && !(0.0..=100.0).contains(&s)
            {
                out.push(format!("option {id} has score {s:e}, outside 0 to 100"));
            }
            out.extend(o.metrics.problems(&format!("option {id}")));
            if out.len() > 20 {
                out.push("and more".into());
                break;
            }
        }
        out
    }

    /// Whether it lists every option it considered.
    fn complete(&self) -> bool {
        self.options.len() == self.considered
    }
}

/// Compares the appraisals in the files `a` and `b`. An option listed in
/// one only counts as a change only when the other lists every option it
/// considered (an appraisal written with `--passing` or `--show` lists
/// some): otherwise it is counted as not compared.
///
/// # Errors
/// Refuses a file that is not an appraisal document of the schema, is over
/// [`MAX_DOCUMENT_BYTES`], or holds what hasu never writes (an option
/// twice, ranks or scores that do not fit, impossible figures, text over
/// 4,096 characters).
pub fn compare(a: &Path, b: &Path) -> Result<Comparison> {
    let (da, db) = (read(a)?, read(b)?);
    let side = |path: &Path, d: &Document| Side {
        file: path.display().to_string(),
        data: d.data.clone(),
        scenarios: d.scenarios.iter().map(|s| s.name.clone()).collect(),
        considered: d.considered,
        passing: d.passing,
        listed: d.options.len(),
    };
    let in_a: BTreeMap<&str, &Entry> = da.options.iter().map(|o| (o.id.as_str(), o)).collect();
    let in_b: BTreeMap<&str, &Entry> = db.options.iter().map(|o| (o.id.as_str(), o)).collect();
    let order = db.options.iter().map(|o| o.id.as_str()).chain(
        da.options
            .iter()
            .map(|o| o.id.as_str())
            .filter(|id| !in_b.contains_key(id)),
    );
    let (a_complete, b_complete) = (da.complete(), db.complete());
    let mut not_compared = 0;
    let changes = order
        .filter_map(|id| {
            let (x, y) = (in_a.get(id).copied(), in_b.get(id).copied());
            let differs = match (x, y) {
                (Some(x), Some(y)) => x.rank != y.rank || x.passes != y.passes,
                (Some(_), None) if !b_complete => {
                    not_compared += 1;
                    false
                }
                (None, Some(_)) if !a_complete => {
                    not_compared += 1;
                    false
                }
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
        not_compared,
    })
}
