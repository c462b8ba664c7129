//! `hasu option`: one option explained in full.

use std::io::Write;

use hasu::evaluate::SiteSet;
use hasu::report::{json, table, text};

use super::appraise::{Inputs, ListFormat, OutArgs, Session, emit, option_sites};
use super::{CliResult, Outcome};

/// Explain one option: where it ranks in the long list, its hurdles with
/// their reasoning, criteria, per-HASU and per-district figures, and the
/// comparison with today.
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
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
    #[command(flatten)]
    out: OutArgs,
}

/// The option named by comma-separated site ids, explained with its place
/// in the criteria's long list (when the long list can be made).
pub fn explained(session: &Session, ids: &str, flag: &str) -> hasu::Result<hasu::rank::Detail> {
    let sites = option_sites(&session.loaded.dataset, ids, flag)?;
    let appraiser = session.appraiser();
    let appraisal = appraiser.appraise().ok();
    Ok(appraiser.explain_option(&SiteSet::from_sites(&sites), appraisal.as_ref()))
}

/// Runs `hasu option`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let session = args.inputs.load()?;
    let file = session.out(&args.out)?;
    let option = explained(&session, &args.ids, "option")?;
    let today = session.today();
    let (data, criteria) = (&session.loaded.dataset, &session.criteria);
    emit(out, file.as_ref(), |w| match args.format {
        ListFormat::Table => w.write_all(text::option(&option, &today, criteria, data).as_bytes()),
        ListFormat::Csv => {
            table::write_options(w, &criteria.hurdles, std::iter::once(option.clone()))
        }
        ListFormat::Json => w.write_all(
            json::to_string(&json::OptionJson::new(
                session.source(&hasu::report::label(&session.loaded.dir)),
                &today,
                &option,
            ))
            .as_bytes(),
        ),
    })?;
    Ok(if option.assessed.passes {
        Outcome::Done
    } else {
        Outcome::Negative
    })
}
