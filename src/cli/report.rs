//! `hasu report`: the board report as one self-contained HTML file.

use std::io::Write;
use std::path::PathBuf;

use hasu::rank::Detail;
use hasu::report::html::{ReportInput, render};

use super::appraise::Inputs;
use super::{CliResult, Outcome};

/// Write the board report: the answer first (options that pass, how sure
/// the ranking is, patients, beds, equality), what the scores are made of,
/// maps and charts of the top options, today's configuration, the options
/// that fail, a glossary and every assumption. Prints on A4.
///
/// Example: hasu report --out report.html
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    narrowing: super::appraise::Narrowing,
    /// The HTML file to write
    #[arg(long, value_name = "FILE", default_value = "report.html")]
    out: PathBuf,
    /// Replace the --out file if it exists
    #[arg(long)]
    force: bool,
    /// How many of the top options to show in full
    #[arg(long, value_name = "N", default_value_t = 3)]
    show: usize,
    /// The report's date, as it should be printed (e.g. "25 November
    /// 2026"); hasu never reads the clock
    #[arg(long, value_name = "TEXT")]
    date: Option<String>,
    #[command(flatten)]
    draws: super::appraise::DrawArgs,
    #[command(flatten)]
    long_list: super::appraise::LongListArgs,
}

/// Runs `hasu report`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let mut session = args.inputs.load()?;
    args.narrowing.apply(&mut session)?;
    let file = session.output(&args.out, args.force)?;
    let appraiser = session.appraiser();
    let (data, criteria) = (appraiser.data, appraiser.criteria);
    let appraisal = session.appraise(&args.long_list)?;
    let study = hasu::robustness::study(&appraiser, &appraisal, args.draws.draws(criteria))?;
    let provenance = session.provenance()?;
    // The top of the ranking, or, when nothing passes, the options failing
    // fewest hurdles.
    let top = if appraisal.passing > 0 {
        appraisal.ranked()
    } else {
        &appraisal.options[..]
    };
    let ranked: Vec<Detail> =
        appraiser.with_details(&top[..args.show.max(10).min(top.len())], |d| d.collect());
    let shown = &ranked[..args.show.max(1).min(ranked.len())];
    let today = session.today();
    let baseline = hasu::baseline::compare(
        data,
        &session.evaluator,
        &today.explained.units,
        &data.observed,
        criteria.baseline,
    );
    let html = render(&ReportInput {
        data,
        criteria,
        appraisal: &appraisal,
        study: &study,
        ranked: &ranked,
        shown,
        today: &today,
        evaluator: &session.evaluator,
        provenance: &provenance,
        date: args.date.as_deref(),
        baseline: &baseline,
    });
    super::written(file.write_file(|w| w.write_all(html.as_bytes()))?);
    writeln!(
        out,
        "wrote {} ({} KB): {} options, {} pass every hurdle",
        args.out.display(),
        html.len().div_ceil(1024),
        appraisal.considered,
        appraisal.passing
    )?;
    Ok(Outcome::Done)
}
