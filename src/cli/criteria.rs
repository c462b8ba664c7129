//! `hasu criteria`: criteria files.

use std::io::Write;
use std::path::PathBuf;

use hasu::criteria::{parse_criteria, starting_criteria};
use hasu::files::output::Output;

use super::{CliResult, Outcome};

/// Subcommands of `hasu criteria`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Write a starting criteria file for a dataset: its candidate sites
    /// and today's units, the national default hurdles, pathway and
    /// weights, each marked with its source or "assumption".
    ///
    /// Example: hasu criteria init --data data/cheshire-merseyside --out criteria/cheshire-merseyside.toml
    Init(InitArgs),
}

/// Flags of `hasu criteria init`.
#[derive(clap::Args)]
pub struct InitArgs {
    /// The dataset folder [default: the Kent and Medway data compiled into
    /// hasu]
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The criteria file to write
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The appraisal's title [default: "<folder>: the long list"]
    #[arg(long)]
    name: Option<String>,
    /// Replace the --out file if it exists
    #[arg(long)]
    force: bool,
}

/// Runs `hasu criteria`.
pub fn run(command: Command, out: &mut dyn Write) -> CliResult {
    let Command::Init(args) = command;
    let dir = args.data.as_deref();
    let file = Output::new(&args.out, &dir.into_iter().collect::<Vec<_>>(), args.force)?;
    let loaded = super::load_data(dir)?;
    let folder = dir.map_or_else(|| hasu::embedded::NAME.to_string(), hasu::report::label);
    let name = args
        .name
        .unwrap_or_else(|| format!("{folder}: the long list"));
    if let Some((at, c)) = name
        .chars()
        .enumerate()
        .find(|&(_, c)| hasu::error::is_unsafe_char(c))
    {
        return Err(hasu::Error::Refused(format!(
            "--name: expected a one-line title without control characters, found U+{:04X} at \
             character {}",
            c as u32,
            at + 1
        ))
        .into());
    }
    let text = starting_criteria(&loaded.dataset, &super::dataset_name(dir), &name)?;
    // What is written must be a valid criteria file for the dataset.
    let criteria = parse_criteria(&args.out, &text, &loaded.dataset)?;
    super::written(file.write_file(|w| w.write_all(text.as_bytes()))?);
    writeln!(
        out,
        "wrote {}: read every value marked \"assumption\" before appraising",
        args.out.display()
    )?;
    if let Some(share) = hasu::discrimination::flat_co_location(&criteria, &loaded.dataset) {
        writeln!(
            out,
            "warning: every candidate site has the same share ({}) of the co-location services \
             ({}), so the co_location criterion cannot change the ranking: add each site's \
             services to sites.csv (hasu site set --id ID --services ...) or move its weight",
            hasu::report::fixed(share, 2),
            criteria
                .co_location
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    Ok(Outcome::Done)
}
