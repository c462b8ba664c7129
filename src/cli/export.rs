//! `hasu export`: consultation evidence packs.

use std::io::Write;
use std::path::PathBuf;

use hasu::rank::Detail;
use hasu::report::Provenance;
use hasu::report::export::{PackInput, write_pack};

use super::appraise::{Inputs, Session};
use super::option::explained;
use super::{CliResult, Outcome};

/// Write the evidence pack of an option (or of every option that passes the
/// hurdles): summary.json, zones.csv, districts.csv, hasus.csv, hurdles.csv,
/// catchments.geojson and a README.txt explaining them.
///
/// Example: hasu export --option DA,MD,WH --out evidence
#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["option", "all"]))]
pub struct Args {
    /// The option's HASU site ids, separated by commas
    #[arg(long, value_name = "IDS")]
    option: Option<String>,
    /// Every option that passes the hurdles, one folder each (named by rank)
    #[arg(long)]
    all: bool,
    /// The folder to write (it appears whole or not at all)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace the --out folder if it exists
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    inputs: Inputs,
}

/// Runs `hasu export`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let session = args.inputs.load()?;
    let folder = session.output(&args.out, args.force)?;
    let (data, criteria) = (&session.loaded.dataset, &session.criteria);
    let provenance = Provenance::of(
        &session.loaded.dir,
        &criteria.path,
        &session.scenarios,
        data,
    )?;
    let today = session.today();
    let input = pack(&session, &provenance, &today);
    if let Some(ids) = &args.option {
        let option = explained(&session, ids, "--option")?;
        folder.write_dir(|tmp| write_pack(tmp, &input, &option))?;
        writeln!(out, "wrote {} (option {})", args.out.display(), option.id)?;
        return Ok(Outcome::Done);
    }
    let appraiser = session.appraiser();
    let appraisal = appraiser.appraise()?;
    if appraisal.passing == 0 {
        writeln!(out, "no option passes every hurdle; nothing written")?;
        return Ok(Outcome::Negative);
    }
    folder.write_dir(|tmp| {
        for o in appraiser.details(appraisal.ranked()) {
            let name = format!("{:02}-{}", o.assessed.rank.unwrap_or(0), o.sites.join("-"));
            write_pack(&tmp.join(name), &input, &o)?;
        }
        Ok(())
    })?;
    writeln!(
        out,
        "wrote {} ({} options, one folder each)",
        args.out.display(),
        appraisal.passing
    )?;
    Ok(Outcome::Done)
}

/// What an evidence pack is made from.
fn pack<'a>(s: &'a Session, provenance: &'a Provenance, today: &'a Detail) -> PackInput<'a> {
    PackInput {
        data: &s.loaded.dataset,
        criteria: &s.criteria,
        evaluator: &s.evaluator,
        provenance,
        today,
        scenarios: &s.scenarios,
    }
}
