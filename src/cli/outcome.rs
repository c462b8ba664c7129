//! `hasu outcome`: each patient's outcome under a clinical outcome model.

use std::io::Write;
use std::path::PathBuf;

use hasu::files::output::Output;
use hasu::outcome::{Model, check_patients, write_outcomes};

use super::CliResult;
use super::appraise::{OutArgs, emit};

/// Which outcome model `hasu outcome` uses.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelArg {
    /// The continuous mRS model of the stroke-outcome package (model A)
    StrokeOutcome,
    /// Allen et al.'s probability of mRS 0–1 (model B)
    Allen,
}

/// Work out each patient's outcome after stroke from the stroke type and
/// the times to thrombolysis and thrombectomy: the same rows with their
/// outcomes added.
///
/// Example: hasu outcome --patients patients.csv --out outcomes.csv
#[derive(clap::Args)]
pub struct Args {
    /// The patients: a CSV with the columns stroke_type_code (0 other, 1
    /// nLVO, 2 LVO), onset_to_needle_mins, ivt_chosen_bool,
    /// onset_to_puncture_mins, mt_chosen_bool
    #[arg(long, value_name = "FILE")]
    patients: PathBuf,
    /// The outcome model
    #[arg(long, value_enum, default_value_t = ModelArg::StrokeOutcome)]
    model: ModelArg,
    #[command(flatten)]
    out: OutArgs,
}

/// Runs `hasu outcome`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let file = args
        .out
        .out
        .as_deref()
        .map(|p| Output::new(p, &[&args.patients], args.out.force))
        .transpose()?;
    check_patients(&args.patients)?;
    let model = match args.model {
        ModelArg::StrokeOutcome => Model::StrokeOutcome,
        ModelArg::Allen => Model::Allen,
    };
    emit(out, file.as_ref(), |w| {
        write_outcomes(w, &args.patients, model)
    })
}
