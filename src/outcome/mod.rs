//! Clinical outcome models: how much thrombolysis (IVT) and thrombectomy
//! (MT) help, by time from stroke onset to treatment.
//!
//! - [`continuous`]: model A, the continuous mRS model of the
//!   `stroke-outcome` package.
//! - [`dichotomous`]: model B, Allen et al.'s probability of mRS 0–1.
//! - [`benefit`]: either model tabulated by time, for appraisals.
//! - [`routes`]: the pathway to treatment with the thrombectomy tier.
//!
//! [`check_patients`] and [`write_outcomes`] serve `hasu outcome`: a table of
//! patients in the package's column names in, the same rows with their
//! outcomes out.

pub mod benefit;
pub mod continuous;
pub mod dichotomous;
pub mod routes;

use std::io;
use std::path::Path;

use crate::error::{Location, Problems, Result};
use crate::load::table::{CsvTable, Quantity};
use continuous::{Continuous, Patient, StrokeType};

/// Which outcome model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// Model A: `stroke-outcome`'s continuous mRS model.
    StrokeOutcome,
    /// Model B: Allen et al.'s dichotomised model.
    Allen,
}

/// The input columns, as the `stroke-outcome` package names them.
pub const PATIENT_COLUMNS: [&str; 5] = [
    "stroke_type_code",
    "onset_to_needle_mins",
    "ivt_chosen_bool",
    "onset_to_puncture_mins",
    "mt_chosen_bool",
];

/// Minutes from onset to a treatment.
const TREATMENT_MINUTES: Quantity = Quantity {
    noun: "a number of minutes from onset",
    min: 0.0,
    max: 100_000.0,
    range: "between 0 and 100000",
};

fn flag(text: &str) -> std::result::Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(format!("expected 1 or 0 (true or false), found \"{text}\"")),
    }
}

const PATIENTS: &str = "a table of patients (stroke_type_code, onset_to_needle_mins, \
                        ivt_chosen_bool, onset_to_puncture_mins, mt_chosen_bool)";

/// What [`each_patient`] meets, in order: the header, then each good row.
enum Read<'r> {
    Header(&'r [String]),
    Row(&'r [&'r str], Patient),
}

/// Reads the patients of the table at `path` one row at a time, calling
/// `each` with the header and then every good row's cells and patient;
/// every problem is reported in `problems`. Memory is one row, whatever the
/// table's length. `false` when the table could not be opened.
fn each_patient(path: &Path, problems: &mut Problems, mut each: impl FnMut(Read<'_>)) -> bool {
    let Some(mut table) = CsvTable::open(path, PATIENTS, problems) else {
        return false;
    };
    let header = table.headers().to_vec();
    let Some((cols, [])) = table.columns(PATIENT_COLUMNS, [], problems) else {
        return false;
    };
    each(Read::Header(&header));
    let [kind, needle, ivt, puncture, mt] = cols;
    let seen = table.for_each_good_row(problems, |row, problems| {
        let before = problems.error_count();
        let stroke_type = match row.text(kind) {
            "0" => Some(StrokeType::Other),
            "1" => Some(StrokeType::Nlvo),
            "2" => Some(StrokeType::Lvo),
            other => {
                problems.error(
                    row.at(kind),
                    format!("expected 0 (other), 1 (nLVO) or 2 (LVO), found \"{other}\""),
                );
                None
            }
        };
        let onset_to_needle = row.number(needle, &TREATMENT_MINUTES, problems);
        let onset_to_puncture = row.number(puncture, &TREATMENT_MINUTES, problems);
        let mut boolean = |col: usize| match flag(row.text(col)) {
            Ok(b) => Some(b),
            Err(m) => {
                problems.error(row.at(col), m);
                None
            }
        };
        let (ivt, mt) = (boolean(ivt), boolean(mt));
        if let (Some(stroke_type), Some(n), Some(ivt), Some(p), Some(mt)) =
            (stroke_type, onset_to_needle, ivt, onset_to_puncture, mt)
            && problems.error_count() == before
        {
            let cells: Vec<&str> = row.fields().collect();
            let patient = Patient {
                stroke_type,
                onset_to_needle: n,
                ivt,
                onset_to_puncture: p,
                mt,
            };
            each(Read::Row(&cells, patient));
        }
    });
    if seen.seen == 0 && seen.complete {
        problems.error(
            Location::line(path, 2),
            "the table has a header but no rows; expected at least one patient",
        );
    }
    true
}

/// Checks the table of patients at `path`, reporting every problem with
/// its line and column, in one pass that keeps no row.
///
/// # Errors
/// [`crate::Error::Invalid`] with every problem.
pub fn check_patients(path: &Path) -> Result<()> {
    let mut problems = Problems::new();
    each_patient(path, &mut problems, |_| {});
    problems.into_result().map(|_| ())
}

/// A number as the package's test vectors write it: the shortest text
/// that reads back as the same number.
fn number(x: f64) -> String {
    format!("{x:?}")
}

/// A cell passed through from the input: a number as it is, text that a
/// spreadsheet would run as a formula neutralised.
fn passed_through(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.parse::<f64>().is_ok() {
        cell.into()
    } else {
        crate::files::output::spreadsheet_safe(cell)
    }
}

/// Writes every patient of the table at `path` (checked first with
/// [`check_patients`]) with its outcome under `model`, one row at a time:
/// the given cells (text a spreadsheet would run as a formula neutralised,
/// numbers as they are), then for model A `mrs_le_0` … `mrs_le_6`,
/// `mean_mrs`, `mrs_shift`, `utility`, `utility_shift`, and for model B
/// `p_mrs_0_1` and `added_p_mrs_0_1`. Stroke types a model has no outcome
/// for get empty cells.
///
/// # Errors
/// Writing fails, or the table changed since it was checked.
pub fn write_outcomes(w: &mut dyn io::Write, path: &Path, model: Model) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    let added: Vec<String> = match model {
        Model::StrokeOutcome => (0..7)
            .map(|x| format!("mrs_le_{x}"))
            .chain(["mean_mrs", "mrs_shift", "utility", "utility_shift"].map(String::from))
            .collect(),
        Model::Allen => vec!["p_mrs_0_1".into(), "added_p_mrs_0_1".into()],
    };
    let a = Continuous::default();
    let mut problems = Problems::new();
    let mut written: io::Result<()> = Ok(());
    each_patient(path, &mut problems, |read| {
        if written.is_err() {
            return;
        }
        let (cells, results): (Vec<String>, Vec<String>) = match read {
            Read::Header(header) => (
                header
                    .iter()
                    .map(|c| passed_through(c).into_owned())
                    .collect(),
                added.clone(),
            ),
            Read::Row(cells, p) => (
                cells
                    .iter()
                    .map(|c| passed_through(c).into_owned())
                    .collect(),
                match model {
                    Model::StrokeOutcome => match a.patient(&p) {
                        Some(o) => o
                            .cumulative
                            .iter()
                            .chain([&o.mean_mrs, &o.mrs_shift, &o.utility, &o.utility_shift])
                            .map(|&x| number(x))
                            .collect(),
                        None => vec![String::new(); added.len()],
                    },
                    Model::Allen => match dichotomous_patient(&p) {
                        Some((p_good, add)) => vec![number(p_good), number(add)],
                        None => vec![String::new(); 2],
                    },
                },
            ),
        };
        written = out
            .write_record(cells.iter().chain(&results))
            .map_err(io::Error::from);
    });
    written?;
    if problems.has_errors() {
        return Err(io::Error::other(format!(
            "{} changed while it was read: {}",
            path.display(),
            problems
                .errors()
                .next()
                .map(ToString::to_string)
                .unwrap_or_default()
        )));
    }
    out.flush()
}

/// One patient's P(mRS 0–1) and the part treatment adds under model B.
/// As model A does, an nLVO patient given MT counts as LVO, and an LVO
/// patient given both treatments gets the better of the two; the model's
/// population formula ([`dichotomous::population`]) is what appraisals use.
pub fn dichotomous_patient(p: &Patient) -> Option<(f64, f64)> {
    use dichotomous::{LVO_IVT, LVO_MT, NLVO_IVT};
    let ivt = |curve: &dichotomous::Curve| {
        if p.ivt {
            curve.added(p.onset_to_needle)
        } else {
            0.0
        }
    };
    match (p.stroke_type, p.mt) {
        (StrokeType::Other, _) => None,
        (StrokeType::Nlvo, false) => Some((NLVO_IVT.untreated, ivt(&NLVO_IVT))),
        (_, mt) => {
            let mt = if mt {
                LVO_MT.added(p.onset_to_puncture)
            } else {
                0.0
            };
            Some((LVO_IVT.untreated, ivt(&LVO_IVT).max(mt)))
        }
    }
    .map(|(base, add)| (base + add, add))
}
