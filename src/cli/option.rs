//! `hasu option`: one option explained in full.

use std::io::Write;
use std::path::PathBuf;

use hasu::evaluate::{Evaluator, SiteSet};
use hasu::rank::assess;
use hasu::report::{json, table, text};

use super::appraise::{Inputs, Output, candidate_sites, emit, site_ids_of};
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
    let (loaded, criteria) = args.inputs.load()?;
    let data = &loaded.dataset;
    let ids: Vec<String> = args.ids.split([',', '+']).map(str::to_string).collect();
    let sites = candidate_sites(data, &ids, "option")?;
    if sites.is_empty() {
        return Err(hasu::Error::Refused(
            "expected the HASU site ids of the option, separated by commas (e.g. DA,MW,WH)"
                .to_string(),
        )
        .into());
    }
    let evaluator = Evaluator::new(data, &criteria)?;
    let mut scratch = evaluator.scratch();
    let option = assess(
        data,
        &criteria,
        &evaluator,
        &SiteSet::from_sites(&sites),
        &mut scratch,
    );
    let today = assess(
        data,
        &criteria,
        &evaluator,
        &evaluator.today(),
        &mut scratch,
    );
    let rendered = match args.format {
        Output::Table => text::option(&option, &today, &criteria),
        Output::Csv => {
            let mut buf = Vec::new();
            table::write_options(&mut buf, &[&option])?;
            String::from_utf8_lossy(&buf).into_owned()
        }
        Output::Json => json::to_string(&json::OptionJson {
            schema: json::SCHEMA,
            hasu_version: env!("CARGO_PKG_VERSION"),
            data: loaded.dir.display().to_string(),
            criteria: json::CriteriaJson::of(&criteria, site_ids_of(data, &criteria.today)),
            today: &today,
            option: &option,
        }),
    };
    emit(out, &args.out, &rendered)?;
    Ok(if option.passes {
        Outcome::Done
    } else {
        Outcome::Negative
    })
}
