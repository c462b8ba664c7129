//! `hasu validate`: check a dataset folder and summarise it.

use std::io::Write;
use std::path::PathBuf;

use hasu::Error;
use hasu::load::read_source;
use hasu::summary::Summary;

use super::{CliResult, Outcome, print_warnings};

/// Check every file of a dataset folder and print a summary, or every problem
/// found (exit code 1).
///
/// Example: `hasu validate --data data/kent-medway`
#[derive(clap::Args)]
pub struct Args {
    /// The dataset folder [default: the Kent and Medway data compiled into
    /// hasu]
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

/// Runs `hasu validate`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let dir = args.data.as_deref();
    match read_source(dir).0 {
        Ok(loaded) => {
            writeln!(out, "{}: valid", super::dataset_name(dir))?;
            write!(out, "{}", Summary::of(&loaded.dataset))?;
            print_warnings(out, &loaded.warnings)?;
            Ok(Outcome::Done)
        }
        Err(Error::Invalid(problems)) => {
            writeln!(out, "{problems}")?;
            let errors = problems.error_count();
            let warnings = problems.len() - errors;
            writeln!(
                out,
                "{}: {errors} error{}, {warnings} warning{}",
                super::dataset_name(dir),
                plural(errors),
                plural(warnings)
            )?;
            Ok(Outcome::Negative)
        }
        Err(e) => Err(e.into()),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
