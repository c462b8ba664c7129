//! `hasu criteria`: criteria files.

use std::io::Write;
use std::path::PathBuf;

use hasu::criteria::{parse_criteria, starting_criteria};
use hasu::files::output::Output;
use hasu::load::load_dataset;

use super::{CliResult, Outcome, data_dir};

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
    /// The dataset folder [default: data/kent-medway]
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
    let dir = data_dir(args.data);
    let file = Output::new(&args.out, &[dir.as_path()], args.force)?;
    let loaded = load_dataset(&dir)?;
    super::note_journal(&loaded);
    let folder = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let name = args
        .name
        .unwrap_or_else(|| format!("{folder}: the long list"));
    let text = starting_criteria(&loaded.dataset, &dir.display().to_string(), &name)?;
    // What is written must be a valid criteria file for the dataset.
    parse_criteria(&args.out, &text, &loaded.dataset)?;
    super::written(file.write_file(|w| w.write_all(text.as_bytes()))?);
    writeln!(
        out,
        "wrote {}: read every value marked \"assumption\" before appraising",
        args.out.display()
    )?;
    Ok(Outcome::Done)
}
