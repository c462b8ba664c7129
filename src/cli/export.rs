//! `hasu export`: consultation evidence packs.

use std::io::Write;
use std::path::PathBuf;

use hasu::evaluate::SiteSet;
use hasu::rank::{Appraised, appraise};
use hasu::report::Provenance;
use hasu::report::export::{PackInput, write_pack};

use super::appraise::{Inputs, Session, candidate_sites};
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
    /// The folder to write (replaced only when complete)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    inputs: Inputs,
}

/// Runs `hasu export`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let session = args.inputs.load()?;
    let (data, criteria) = (&session.loaded.dataset, &session.criteria);
    let provenance = Provenance::of(&session.loaded.dir, &criteria.path, data)?;
    if let Some(ids) = &args.option {
        let ids: Vec<String> = ids.split([',', '+']).map(str::to_string).collect();
        let sites = candidate_sites(data, &ids, "--option")?;
        let option = session.assess(&SiteSet::from_sites(&sites));
        let today = session.today();
        write_pack(&args.out, &pack(&session, &provenance, &today), &option)?;
        writeln!(out, "wrote {} (option {})", args.out.display(), option.id)?;
        return Ok(Outcome::Done);
    }
    let appraisal = appraise(data, criteria, &session.evaluator)?;
    let passing: Vec<&Appraised> = appraisal.options.iter().filter(|o| o.passes).collect();
    if passing.is_empty() {
        writeln!(out, "no option passes every hurdle; nothing written")?;
        return Ok(Outcome::Negative);
    }
    let input = pack(&session, &provenance, &appraisal.today);
    hasu::files::atomic::write_dir(&args.out, |tmp| {
        for o in &passing {
            let name = format!("{:02}-{}", o.rank.unwrap_or(0), o.sites.join("-"));
            write_pack(&tmp.join(name), &input, o)?;
        }
        Ok(())
    })?;
    writeln!(
        out,
        "wrote {} ({} options, one folder each)",
        args.out.display(),
        passing.len()
    )?;
    Ok(Outcome::Done)
}

/// What an evidence pack is made from.
fn pack<'a>(s: &'a Session, provenance: &'a Provenance, today: &'a Appraised) -> PackInput<'a> {
    PackInput {
        data: &s.loaded.dataset,
        criteria: &s.criteria,
        evaluator: &s.evaluator,
        provenance,
        today,
    }
}
