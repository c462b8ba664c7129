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

/// What `option`'s figures owe to estimated travel times, in words (the
/// long list appraised again with each estimated site moved within its
/// measured error); `None` when it uses no estimated time or the long list
/// cannot be made.
fn estimated_words(session: &Session, option: &hasu::rank::Detail) -> hasu::Result<Option<String>> {
    let appraiser = session.appraiser();
    let Ok(appraisal) = appraiser.appraise() else {
        return Ok(None);
    };
    let data = appraiser.data;
    let Some(spread) = hasu::estimates::study(data, appraiser.criteria, &appraisal)? else {
        return Ok(None);
    };
    let set = option.assessed.site_set();
    Ok(hasu::report::estimates::option_words(
        &spread,
        data,
        &appraisal,
        &set,
        &appraiser.evaluator.open_units(&set),
        option.assessed.metrics.mean_travel,
    ))
}

/// Runs `hasu option`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let session = args.inputs.load()?;
    let file = session.out(&args.out)?;
    let option = explained(&session, &args.ids, "option")?;
    let today = session.today();
    let (data, criteria) = (&session.loaded.dataset, &session.criteria);
    let estimated = estimated_words(&session, &option)?;
    emit(out, file.as_ref(), |w| match args.format {
        ListFormat::Table => {
            w.write_all(text::option(&option, &today, criteria, data).as_bytes())?;
            match &estimated {
                Some(words) => writeln!(w, "{words}"),
                None => Ok(()),
            }
        }
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
