//! `hasu baseline`: the modelled "today" against what the units were
//! observed to do.

use std::io::Write;
use std::path::PathBuf;

use hasu::baseline::compare;
use hasu::error::Problems;
use hasu::report::{baseline, json, words};

use super::appraise::{Inputs, ListFormat, OutArgs, emit};
use super::{CliResult, Outcome};

/// Compare today as modelled with the units' observed figures (admissions,
/// thrombolysis, door-to-needle, thrombectomy referrals), unit by unit,
/// flagging each difference beyond the criteria's tolerance.
///
/// Example: hasu baseline --observed ssnap-2018.csv
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// The observed figures (the columns of observed.csv, see README)
    /// [default: the dataset's observed.csv]
    #[arg(long, value_name = "FILE")]
    observed: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
    #[command(flatten)]
    out: OutArgs,
}

/// Runs `hasu baseline`: exit 1 when a figure is outside its tolerance.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let mut session = args.inputs.load()?;
    if let Some(path) = &args.observed {
        session.input_paths.push(path.clone());
    }
    let file = session.out(&args.out)?;
    let data = &session.loaded.dataset;
    let observed = match &args.observed {
        Some(path) => {
            let mut problems = Problems::new();
            let read = hasu::load::observed::read_file(path, data, &mut problems);
            problems.into_result()?;
            read
        }
        None => data.observed.clone(),
    };
    let today = session.today();
    let c = &session.criteria;
    let b = compare(
        data,
        &session.evaluator,
        &today.explained.units,
        &observed,
        c.baseline,
    );
    emit(out, file.as_ref(), |w| match args.format {
        ListFormat::Table => {
            writeln!(w, "{}", words::pathway_rule(&c.pathways, &data.sites))?;
            w.write_all(baseline::text(&b, c).as_bytes())
        }
        ListFormat::Csv => baseline::write_csv(w, &b),
        ListFormat::Json => {
            w.write_all(json::to_string(&baseline::BaselineJson::new(&b, c)).as_bytes())
        }
    })?;
    Ok(if b.disagreements() == 0 {
        Outcome::Done
    } else {
        Outcome::Negative
    })
}
