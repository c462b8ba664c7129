//! Command-line interface: one file per subcommand, each turning its flags
//! into library calls and printing the result.
//!
//! Exit codes: 0 = done; 1 = done, but the answer is negative (the data has
//! problems, or no option passes the hurdles); 2 = error. A closed output
//! pipe (`hasu appraise | head`) counts as done.

mod appraise;
mod area;
mod baseline;
mod compare;
mod criteria;
mod explore;
mod export;
mod import;
mod network;
mod optimise;
mod option;
mod outcome;
mod progress;
mod report;
mod site;
mod validate;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Appraise hyper acute stroke unit (HASU) configurations from data.
#[derive(Parser)]
#[command(name = "hasu", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rank every combination of candidate sites against the hurdles and
    /// weighted criteria.
    Appraise(appraise::Args),
    /// The provably best p HASUs by mean journey (for regions too large to
    /// enumerate).
    Optimise(optimise::Args),
    /// Explain one option in full.
    Option(option::Args),
    /// Today as modelled against the units' observed figures.
    Baseline(baseline::Args),
    /// What changes for one zone or district, today and under options.
    Area(area::Args),
    /// Write the board report (one self-contained HTML file).
    Report(report::Args),
    /// Write consultation evidence packs (CSV, JSON, GeoJSON, README).
    Export(export::Args),
    /// Serve the live "what if" page on this computer.
    Explore(explore::Args),
    /// Criteria files: write a starting one for a dataset.
    #[command(subcommand)]
    Criteria(criteria::Command),
    /// Compare two appraisals (JSON), e.g. without and with a scenario.
    Compare(compare::Args),
    /// Each patient's outcome under a clinical outcome model.
    Outcome(outcome::Args),
    /// Check a dataset folder and summarise it.
    Validate(validate::Args),
    /// Build a dataset folder from a public source.
    #[command(subcommand)]
    Import(import::Source),
    /// The network model: accuracy check and travel-time estimates.
    #[command(subcommand)]
    Network(network::Command),
    /// Add, remove and change sites.
    #[command(subcommand)]
    Site(site::Command),
}

/// How a command prints its result.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
}

/// What a subcommand reports back to `main`.
pub enum Outcome {
    /// Done.
    Done,
    /// Done, but the answer is negative (exit code 1).
    Negative,
}

/// Runs the command line.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Appraise(args) => appraise::run(args, &mut out),
        Command::Optimise(args) => optimise::run(args, &mut out),
        Command::Option(args) => option::run(args, &mut out),
        Command::Area(args) => area::run(args, &mut out),
        Command::Baseline(args) => baseline::run(args, &mut out),
        Command::Report(args) => report::run(args, &mut out),
        Command::Export(args) => export::run(args, &mut out),
        Command::Explore(args) => explore::run(args, &mut out),
        Command::Criteria(command) => criteria::run(command, &mut out),
        Command::Compare(args) => compare::run(args, &mut out),
        Command::Outcome(args) => outcome::run(args, &mut out),
        Command::Validate(args) => validate::run(args, &mut out),
        Command::Import(source) => import::run(source, &mut out),
        Command::Network(command) => network::run(command, &mut out),
        Command::Site(command) => site::run(command, &mut out),
    };
    let _ = out.flush();
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Negative) => ExitCode::from(1),
        Err(CliError::Io(e)) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.render());
            ExitCode::from(2)
        }
    }
}

/// Whether `e` is the reader of the output going away (`hasu appraise |
/// head`), also when a CSV writer passed it on inside its own error.
fn closed_pipe(e: &io::Error) -> bool {
    let inner = e.get_ref().and_then(|e| e.downcast_ref::<csv::Error>());
    match inner.map(csv::Error::kind) {
        Some(csv::ErrorKind::Io(e)) => e.kind() == io::ErrorKind::BrokenPipe,
        _ => e.kind() == io::ErrorKind::BrokenPipe,
    }
}

/// An error a subcommand can end with.
pub enum CliError {
    /// From the library.
    Hasu(hasu::Error),
    /// Writing the output failed.
    Io(io::Error),
}

impl CliError {
    fn render(&self) -> String {
        match self {
            CliError::Hasu(hasu::Error::Invalid(problems)) => {
                let errors = problems.error_count();
                format!(
                    "{problems}\nerror: {errors} problem{} must be fixed first",
                    if errors == 1 { "" } else { "s" }
                )
            }
            CliError::Hasu(e) => format!("error: {e}"),
            CliError::Io(e) => format!("error: {e}"),
        }
    }
}

impl From<hasu::Error> for CliError {
    fn from(e: hasu::Error) -> CliError {
        CliError::Hasu(e)
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> CliError {
        CliError::Io(e)
    }
}

/// The result of a subcommand.
pub type CliResult = Result<Outcome, CliError>;

/// The dataset folder an edit changes: given with `--data`, never the
/// dataset compiled into hasu.
pub fn edited_folder(given: Option<PathBuf>) -> Result<PathBuf, hasu::Error> {
    given.ok_or_else(|| {
        hasu::Error::Refused(
            "edits change a dataset folder you name with --data; without it hasu uses the Kent \
             and Medway data compiled into it, which no command changes. Write a copy to edit \
             with `hasu import kent-medway --out my-copy`, then add `--data my-copy`"
                .into(),
        )
    })
}

/// How messages and outputs name the dataset: the folder given, or the
/// data compiled into hasu.
pub fn dataset_name(given: Option<&Path>) -> String {
    given.map_or_else(
        || format!("{} (compiled into hasu)", hasu::embedded::NAME),
        |dir| hasu::error::inert(&dir.display().to_string()).into_owned(),
    )
}

/// Loads the dataset folder `given`, or the dataset compiled into hasu
/// without one, saying on standard error what the load found of an
/// interrupted edit.
pub fn load_data(given: Option<&Path>) -> Result<hasu::load::Loaded, hasu::Error> {
    let loaded = hasu::load::read_source(given).0?;
    note_journal(&loaded);
    Ok(loaded)
}

/// Says on standard error what a load found of an interrupted edit and did
/// about it (commands whose output is not a list of warnings).
pub fn note_journal(loaded: &hasu::load::Loaded) {
    if let Some(notice) = &loaded.journal {
        eprintln!("warning: {notice}");
    }
}

/// Which ends of a flag's range a number may take.
#[derive(Clone, Copy)]
pub enum Ends {
    /// Both.
    Closed,
    /// Not the low end.
    AboveLow,
    /// Not the high end.
    BelowHigh,
}

/// A parser for a number flag: a finite number from `lo` to `hi` (`ends`
/// saying whether each end is allowed), refused otherwise with the range.
pub fn number(
    lo: f64,
    hi: f64,
    ends: Ends,
) -> impl Fn(&str) -> Result<f64, String> + Clone + Send + Sync + 'static {
    move |text: &str| {
        let x: f64 = text
            .trim()
            .parse()
            .map_err(|_| format!("expected a number, found \"{}\"", hasu::error::inert(text)))?;
        let (ok, range) = match ends {
            Ends::Closed => (x >= lo && x <= hi, format!("from {lo} to {hi}")),
            Ends::AboveLow => (x > lo && x <= hi, format!("above {lo} and at most {hi}")),
            Ends::BelowHigh => (x >= lo && x < hi, format!("at least {lo} and below {hi}")),
        };
        if ok {
            Ok(x)
        } else {
            Err(format!("expected a number {range}, found {text}"))
        }
    }
}

/// Says on standard error what writing an output left beside it.
pub fn written(w: hasu::files::output::Written) {
    if let Some((path, e)) = &w.left_behind {
        eprintln!(
            "warning: the output is in place, but the version it replaced, moved to {}, could \
             not be removed ({e}); remove it yourself",
            hasu::error::inert(&path.display().to_string())
        );
    }
    for path in &w.stale {
        eprintln!(
            "warning: {} was left by an interrupted hasu run (a temporary file or folder); hasu \
             never removes what it did not just make: remove it yourself",
            hasu::error::inert(&path.display().to_string())
        );
    }
}

/// Says what an edit did (or that it changed nothing) and the warnings the
/// folder still carries.
pub fn print_applied(out: &mut dyn Write, applied: &hasu::edit::Applied) -> io::Result<()> {
    if applied.files.is_empty() {
        writeln!(out, "{}; the folder is unchanged", applied.summary)?;
    } else {
        writeln!(out, "{}", applied.summary)?;
    }
    print_warnings(out, &applied.warnings)
}

/// Writes every warning of `problems`, one per line.
pub fn print_warnings(out: &mut dyn Write, problems: &hasu::Problems) -> io::Result<()> {
    for w in problems.warnings() {
        writeln!(out, "warning: {w}")?;
    }
    Ok(())
}
