//! `hasu option`: one option explained in full.

use std::io::Write;
use std::path::PathBuf;

use hasu::evaluate::SiteSet;
use hasu::report::{table, text};

use super::appraise::{Inputs, Output, candidate_sites, emit};
use super::{CliResult, Outcome};

/// Explain one option: its hurdles with their reasoning, criteria, per-HASU
/// and per-district figures, and the comparison with today.
///
/// Example: hasu option DA,MW,WH
#[derive(clap::Args)]
pub struct Args {
    /// The HASU site ids, separated by commas (e.g. DA,MW,WH)
    #[arg(value_name = "IDS")]
    ids: String,
    #[command(flatten)]
    inputs: Inputs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Output::Table)]
    format: Output,
    /// Write to this file (atomically) instead of the terminal
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Runs `hasu option`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let session = args.inputs.load()?;
    let ids: Vec<String> = args.ids.split([',', '+']).map(str::to_string).collect();
    let sites = candidate_sites(&session.loaded.dataset, &ids, "option")?;
    if sites.is_empty() {
        return Err(hasu::Error::Refused(
            "expected the HASU site ids of the option, separated by commas (e.g. DA,MW,WH)"
                .to_string(),
        )
        .into());
    }
    let option = session.assess(&SiteSet::from_sites(&sites));
    let today = session.today();
    let rendered = match args.format {
        Output::Table => text::option(&option, &today, &session.criteria),
        Output::Csv => {
            let mut buf = Vec::new();
            table::write_options(&mut buf, &[&option])?;
            String::from_utf8_lossy(&buf).into_owned()
        }
        Output::Json => session.option_json(&option, &today),
    };
    emit(out, &args.out, &rendered)?;
    Ok(if option.passes {
        Outcome::Done
    } else {
        Outcome::Negative
    })
}
