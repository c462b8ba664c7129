//! The observed baseline ([`crate::baseline`]) for people (a terminal
//! table), spreadsheets (CSV) and programs (JSON).

use std::io::{self, Write};

use serde::Serialize;

use super::{fixed, spreadsheet_safe, words::percent};
use crate::baseline::{Baseline, Comparison, Measure};
use crate::criteria::Criteria;

/// The figure's name, as tables head it.
pub fn measure_name(m: Measure) -> &'static str {
    match m {
        Measure::Admissions => "admissions a year",
        Measure::Thrombolysed => "thrombolysed a year",
        Measure::ThrombolysisRate => "thrombolysis rate",
        Measure::DoorToNeedleMedian => "median door-to-needle",
        Measure::ThrombectomyReferrals => "thrombectomy referrals a year",
    }
}

/// A value of the figure, in its units.
pub fn value(m: Measure, x: f64) -> String {
    match m {
        Measure::ThrombolysisRate => percent(x),
        Measure::DoorToNeedleMedian => format!("{} min", fixed(x, 0)),
        _ => crate::summary::thousands(x),
    }
}

/// A difference of the figure, signed, in its units.
pub fn difference(m: Measure, x: f64) -> String {
    let sign = if x > 0.0 { "+" } else { "" };
    match m {
        Measure::ThrombolysisRate => format!("{sign}{} points", fixed(100.0 * x, 1)),
        Measure::DoorToNeedleMedian => format!("{sign}{} min", fixed(x, 0)),
        _ => format!("{sign}{}", fixed(x, 0)),
    }
}

/// Whether the figure agrees, in words: "within ±118" or "outside ±118".
pub fn verdict(c: &Comparison) -> String {
    let tolerance = match c.measure {
        Measure::ThrombolysisRate => format!("{} points", fixed(100.0 * c.tolerance, 1)),
        Measure::DoorToNeedleMedian => format!("{} min", fixed(c.tolerance, 0)),
        _ => fixed(c.tolerance, 0),
    };
    let side = if c.within { "within" } else { "OUTSIDE" };
    format!("{side} ±{tolerance}")
}

/// What the comparison compares, and the caution when periods differ.
pub fn preamble(b: &Baseline, c: &Criteria) -> Vec<String> {
    let t = &b.tolerances;
    let model_period = c.period.as_deref().unwrap_or("the dataset's period");
    let mut periods: Vec<&str> = b.units.iter().map(|u| u.period.as_str()).collect();
    periods.sort_unstable();
    periods.dedup();
    let mut out = vec![format!(
        "Today as modelled (admissions of {model_period}) against the units' observed figures; \
         agreement means within {} of the larger figure for counts, {} points for the \
         thrombolysis rate and {} minutes for door-to-needle (the criteria's [baseline]).",
        percent(t.admissions_share),
        fixed(100.0 * t.thrombolysis_points, 1),
        fixed(t.door_to_needle_minutes, 0),
    )];
    if periods.iter().any(|p| !model_period.contains(p)) {
        out.push(format!(
            "Periods differ: the model's figures are for {model_period}, the observations for {}. \
             A difference may be a change in the service between the periods (units opened, \
             closed or merged), not an error of the model.",
            periods.join(", ")
        ));
    }
    out
}

/// The comparison as a terminal table.
pub fn text(b: &Baseline, c: &Criteria) -> String {
    let mut s = preamble(b, c).join("\n");
    s.push_str("\n\n");
    if b.units.is_empty() {
        s.push_str(
            "No observed figures: the dataset has no observed.csv (give one with --observed).\n",
        );
        return s;
    }
    s.push_str(&format!(
        "{:<5} {:<34} {:<8} {:<30} {:>10} {:>10} {:>13}  {}\n",
        "unit", "name", "period", "figure", "observed", "modelled", "difference", "agreement"
    ));
    for u in &b.units {
        let name = if u.open_today {
            u.name.clone()
        } else {
            format!("{} (closed today)", u.name)
        };
        for f in &u.figures {
            s.push_str(&format!(
                "{:<5} {:<34} {:<8} {:<30} {:>10} {:>10} {:>13}  {}\n",
                u.site,
                shorten(&name, 34),
                u.period,
                measure_name(f.measure),
                value(f.measure, f.observed),
                value(f.measure, f.modelled),
                difference(f.measure, f.difference),
                verdict(f)
            ));
        }
    }
    let n = b.disagreements();
    s.push_str(&format!(
        "\n{} of {} figures outside their tolerance. Sources: observed.csv, each row's source column.\n",
        n,
        b.units.iter().map(|u| u.figures.len()).sum::<usize>()
    ));
    s
}

fn shorten(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}

/// The comparison as CSV, one row per unit and figure.
pub fn write_csv(w: &mut dyn Write, b: &Baseline) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record([
        "site_id",
        "name",
        "open_today",
        "period",
        "figure",
        "observed",
        "modelled",
        "difference",
        "tolerance",
        "within",
        "source",
    ])?;
    for u in &b.units {
        for f in &u.figures {
            let measure = serde_json::to_value(f.measure).map_err(io::Error::other)?;
            out.write_record([
                u.site.as_str(),
                &spreadsheet_safe(&u.name),
                if u.open_today { "yes" } else { "no" },
                &spreadsheet_safe(&u.period),
                measure.as_str().unwrap_or_default(),
                &f.observed.to_string(),
                &format!("{:.4}", f.modelled),
                &format!("{:.4}", f.difference),
                &format!("{:.4}", f.tolerance),
                if f.within { "yes" } else { "no" },
                &spreadsheet_safe(&u.source),
            ])?;
        }
    }
    out.flush()
}

/// The comparison as JSON (schema `hasu.baseline/1`).
#[derive(Serialize)]
pub struct BaselineJson<'a> {
    /// `hasu.baseline/1`.
    pub schema: &'static str,
    /// The period of the modelled figures, as the criteria state it.
    pub model_period: Option<&'a str>,
    /// The comparison.
    #[serde(flatten)]
    pub baseline: &'a Baseline,
    /// Figures outside their tolerance.
    pub disagreements: usize,
}

impl<'a> BaselineJson<'a> {
    /// The JSON document of `b`.
    pub fn new(b: &'a Baseline, c: &'a Criteria) -> BaselineJson<'a> {
        BaselineJson {
            schema: "hasu.baseline/1",
            model_period: c.period.as_deref(),
            baseline: b,
            disagreements: b.disagreements(),
        }
    }
}
