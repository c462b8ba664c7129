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
/// hurdles, one folder each with an index.csv of them): summary.json,
/// zones.csv, districts.csv, hasus.csv, hurdles.csv, catchments.geojson,
/// with the criteria's analyses thrombectomy.csv, beds.csv and equity.csv,
/// and a README.txt explaining every file and column.
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
    #[command(flatten)]
    narrowing: super::appraise::Narrowing,
    #[command(flatten)]
    long_list: super::appraise::LongListArgs,
    #[command(flatten)]
    draws: super::appraise::DrawArgs,
}

/// Runs `hasu export`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let mut session = args.inputs.load()?;
    args.narrowing.apply(&mut session)?;
    let folder = session.output(&args.out, args.force)?;
    let provenance = session.provenance()?;
    let today = session.today();
    let appraiser = session.appraiser();
    if let Some(ids) = &args.option {
        let option = explained(&session, ids, "--option")?;
        let appraisal = appraiser.appraise().ok();
        let study = study_of(&appraiser, appraisal.as_ref(), &args.draws)?;
        let input = pack(
            &session,
            &provenance,
            &today,
            study.as_ref().zip(appraisal.as_ref()),
        );
        super::written(folder.write_dir(|tmp| write_pack(tmp, &input, &option))?);
        writeln!(out, "wrote {} (option {})", args.out.display(), option.id)?;
        return Ok(Outcome::Done);
    }
    let appraisal = session.appraise(&args.long_list)?;
    let study = study_of(&appraiser, Some(&appraisal), &args.draws)?;
    let input = pack(
        &session,
        &provenance,
        &today,
        study.as_ref().map(|s| (s, &appraisal)),
    );
    if appraisal.passing == 0 {
        writeln!(out, "no option passes every hurdle; nothing written")?;
        return Ok(Outcome::Negative);
    }
    let w = folder.write_dir(|tmp| {
        let mut index = Vec::new();
        appraiser.with_details(appraisal.ranked(), |details| {
            for o in details {
                let name = format!("{:02}-{}", o.assessed.rank.unwrap_or(0), o.sites.join("-"));
                write_pack(&tmp.join(&name), &input, &o)?;
                index.push((o, name));
            }
            Ok::<(), hasu::Error>(())
        })?;
        hasu::files::write_new(&tmp.join("index.csv"), |w| {
            write_index(w, &index, &session.loaded.dataset, study.as_ref())
        })?;
        hasu::files::write_new(&tmp.join("README.txt"), |w| {
            w.write_all(INDEX_README.as_bytes())
        })
    })?;
    super::written(w);
    writeln!(
        out,
        "wrote {} ({} options, one folder each)",
        args.out.display(),
        appraisal.passing
    )?;
    Ok(Outcome::Done)
}

/// The README of an `export --all` folder.
const INDEX_README: &str = "Evidence packs: every option that passes the hurdles
=====================================================

One folder per option that passes every hurdle, named by its rank and its
HASU site ids (01-MD-QM-WH). Each folder is a complete evidence pack with
its own README.txt explaining every file and column.

index.csv   One row per pack, best first.
  rank      The option's rank among those that pass (1 = highest score).
  option    Its id: the HASU site ids joined by commas.
  sites     The same ids separated by spaces.
  hospitals The HASUs' hospital names, in the same order, separated by
            semicolons.
  score     Its score out of 100 on the weighted criteria (3 decimals).
  p_first_weights, p_top3_weights
            The share (0 to 1) of weightings drawn around the stated
            weights in which it ranks first, and in the top 3.
  rank_min, rank_max
            Its best and worst rank over those weightings.
  p_first_inputs
            The share (0 to 1) of draws of the uncertain travel times,
            pathway and admissions (modelled) in which it ranks first
            (empty without input draws).
  folder    The pack's folder.
";

/// Writes `index.csv` of `export --all`: one row per pack, in rank order.
fn write_index(
    w: &mut dyn Write,
    packs: &[(Detail, String)],
    data: &hasu::model::Dataset,
    study: Option<&hasu::robustness::Study>,
) -> std::io::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record([
        "rank",
        "option",
        "sites",
        "hospitals",
        "score",
        "p_first_weights",
        "p_top3_weights",
        "rank_min",
        "rank_max",
        "p_first_inputs",
        "folder",
    ])?;
    let share = |x: Option<f64>| x.map_or_else(String::new, |x| format!("{x:.4}"));
    for (o, folder) in packs {
        let i = o.assessed.rank.map(|r| r - 1);
        let centred = study
            .filter(|s| s.weights.draws > 0)
            .and_then(|s| s.weights.centred.get(i?));
        let inputs = study
            .and_then(|s| s.inputs.as_ref())
            .and_then(|s| s.options.get(i?));
        let hospitals: Vec<&str> = o
            .sites
            .iter()
            .filter_map(|id| data.site_index(id))
            .map(|s| data.sites[s].name.as_str())
            .collect();
        out.write_record([
            o.assessed.rank.map_or_else(String::new, |r| r.to_string()),
            o.id.clone(),
            o.sites.join(" "),
            hasu::report::spreadsheet_safe(&hospitals.join("; ")).into_owned(),
            o.assessed
                .score
                .map_or_else(String::new, |s| format!("{:.3}", s)),
            share(centred.map(|x| x.p_first)),
            share(centred.map(|x| x.p_top3)),
            centred.map_or_else(String::new, |x| x.rank_min.to_string()),
            centred.map_or_else(String::new, |x| x.rank_max.to_string()),
            share(inputs.map(|x| x.p_first)),
            folder.clone(),
        ])?;
    }
    out.flush()
}

/// The robustness study of the long list, when there is one: the packs
/// state each option's chances and what rests on estimated times.
fn study_of(
    appraiser: &hasu::rank::Appraiser,
    appraisal: Option<&hasu::rank::Appraisal>,
    draws: &super::appraise::DrawArgs,
) -> hasu::Result<Option<hasu::robustness::Study>> {
    appraisal
        .map(|a| hasu::robustness::study(appraiser, a, draws.draws(appraiser.criteria)))
        .transpose()
}

/// What an evidence pack is made from.
fn pack<'a>(
    s: &'a Session,
    provenance: &'a Provenance,
    today: &'a Detail,
    study: Option<(&'a hasu::robustness::Study, &'a hasu::rank::Appraisal)>,
) -> PackInput<'a> {
    PackInput {
        study,
        data: &s.loaded.dataset,
        criteria: &s.criteria,
        evaluator: &s.evaluator,
        provenance,
        today,
        scenarios: &s.scenarios,
    }
}
