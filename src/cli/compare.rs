//! `hasu compare`: what changed between two appraisals.

use std::io::Write;
use std::path::PathBuf;

use hasu::compare::{Change, Comparison, compare};
use hasu::error::inert;
use hasu::report::fixed;
use hasu::report::words::percent;
use hasu::summary::thousands;

use super::appraise::{OutArgs, emit};
use super::{CliResult, Format};

/// Compare two appraisals written by `hasu appraise --format json` (for
/// example without and with a scenario): ranks, pass or fail, and key
/// figures of every option that changed.
///
/// Example: hasu compare base.json growth.json
#[derive(clap::Args)]
pub struct Args {
    /// The first appraisal (JSON)
    a: PathBuf,
    /// The second appraisal (JSON)
    b: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    out: OutArgs,
}

fn either<T>(pair: &[Option<T>; 2], show: impl Fn(&T) -> String) -> String {
    let one = |x: &Option<T>| x.as_ref().map_or("-".to_string(), &show);
    format!("{} → {}", one(&pair[0]), one(&pair[1]))
}

fn table(c: &Comparison, out: &mut dyn Write) -> std::io::Result<()> {
    for (label, s) in [("A", &c.a), ("B", &c.b)] {
        let scenarios = if s.scenarios.is_empty() {
            "no scenario".to_string()
        } else {
            format!("scenario: {}", inert(&s.scenarios.join("; ")))
        };
        let listed = if s.listed < s.considered {
            format!(" (it lists {} of them)", thousands(s.listed as f64))
        } else {
            String::new()
        };
        writeln!(
            out,
            "{label}: {} ({}; {scenarios}): {} options{listed}, {} pass every hurdle",
            inert(&s.file),
            inert(&s.data),
            thousands(s.considered as f64),
            thousands(s.passing as f64)
        )?;
    }
    let [ta, tb] = c.today;
    writeln!(
        out,
        "Today: mean travel {} → {} minutes, 95th percentile {} → {}, within 45 minutes {} → {}",
        fixed(ta.mean_travel, 1),
        fixed(tb.mean_travel, 1),
        fixed(ta.p95_travel, 1),
        fixed(tb.p95_travel, 1),
        percent(ta.within_45),
        percent(tb.within_45)
    )?;
    if let (Some(ra), Some(rb)) = (ta.resources, tb.resources) {
        writeln!(
            out,
            "Today: stroke beds in the region {} → {}",
            fixed(ra.stroke_beds, 0),
            fixed(rb.stroke_beds, 0)
        )?;
    }
    if c.not_compared > 0 {
        writeln!(
            out,
            "Only options listed in both are compared: {} listed in one only {} not compared, \
             because the other lists only some of its options (written with --passing or --show).",
            thousands(c.not_compared as f64),
            if c.not_compared == 1 { "was" } else { "were" }
        )?;
    }
    if c.changes.is_empty() {
        return writeln!(
            out,
            "\nNo option compared changes rank or passes differently."
        );
    }
    writeln!(
        out,
        "\n{} {} rank or {} differently (B's ranking first):",
        c.changes.len(),
        if c.changes.len() == 1 {
            "option changes"
        } else {
            "options change"
        },
        if c.changes.len() == 1 {
            "passes"
        } else {
            "pass"
        }
    )?;
    writeln!(
        out,
        "  {:<24} {:>11} {:>14} {:>15} {:>17} {:>17} {:>17} {:>13} {:>17} {:>17}",
        "option",
        "rank",
        "passes",
        "score",
        "mean travel",
        "smallest HASU",
        "largest HASU",
        "stroke beds",
        "staff change WTE",
        "capital £m"
    )?;
    for ch in &c.changes {
        row(ch, out)?;
    }
    Ok(())
}

fn row(ch: &Change, out: &mut dyn Write) -> std::io::Result<()> {
    let figure = |f: fn(&hasu::compare::Figures) -> f64, show: fn(f64) -> String| {
        either(&ch.figures, |x| show(f(x)))
    };
    let resource = |f: fn(&hasu::compare::ResourceFigures) -> Option<f64>, places: usize| {
        either(&ch.figures, |x| {
            x.resources
                .and_then(|r| f(&r))
                .map_or_else(|| "-".to_string(), |v| fixed(v, places))
        })
    };
    writeln!(
        out,
        "  {:<24} {:>11} {:>14} {:>15} {:>17} {:>17} {:>17} {:>13} {:>17} {:>17}",
        inert(&ch.id),
        either(&ch.rank, |r| r.to_string()),
        either(&ch.passes, |p| if *p { "yes" } else { "no" }.to_string()),
        either(&ch.score, |s| fixed(*s, 1)),
        figure(|x| x.mean_travel, |v| fixed(v, 1)),
        figure(|x| x.smallest_hasu_admissions, thousands),
        figure(|x| x.largest_hasu_admissions, thousands),
        resource(|r| Some(r.stroke_beds), 0),
        resource(|r| r.staff_wte_change, 1),
        resource(|r| r.capital_cost, 1),
    )
}

/// Runs `hasu compare`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let file = args
        .out
        .out
        .as_deref()
        .map(|p| hasu::files::output::Output::new(p, &[&args.a, &args.b], args.out.force))
        .transpose()?;
    let c = compare(&args.a, &args.b)?;
    emit(out, file.as_ref(), |w| match args.format {
        Format::Table => table(&c, w),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, &ComparisonJson::of(&c))
                .map_err(std::io::Error::from)?;
            writeln!(w)
        }
    })
}

/// The JSON document of a comparison.
#[derive(serde::Serialize)]
struct ComparisonJson<'a> {
    schema: &'static str,
    #[serde(flatten)]
    comparison: &'a Comparison,
}

impl<'a> ComparisonJson<'a> {
    fn of(comparison: &'a Comparison) -> ComparisonJson<'a> {
        ComparisonJson {
            schema: "hasu.comparison/1",
            comparison,
        }
    }
}
