//! `hasu validate`: check a dataset folder and summarise it.

use std::io::Write;
use std::path::PathBuf;

use hasu::error::{Location, Problems};
use hasu::load::read_source;
use hasu::summary::Summary;
use hasu::{Error, plausibility};

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
            print_warnings(out, &odd_times(&loaded))?;
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

/// Warnings for published times that do not fit their surroundings
/// ([`hasu::plausibility`]).
fn odd_times(loaded: &hasu::load::Loaded) -> Problems {
    let data = &loaded.dataset;
    let mut out = Problems::new();
    let travel = Location::file(loaded.dir.join(hasu::load::TRAVEL_FILE));
    for odd in plausibility::odd_times(data) {
        let near: Vec<String> = odd
            .neighbours
            .iter()
            .map(|&(z, m)| format!("{} {m:.1}", data.zones[z].id))
            .collect();
        out.warning(
            travel.clone(),
            format!(
                "zone {} ({}) → site {}: {:.1} minutes, but its nearest zones' times to {} have \
                 a median of {:.1} ({}); check the published time (README, Implausible times, \
                 says how to override it)",
                data.zones[odd.zone].id,
                data.zones[odd.zone].name,
                data.sites[odd.site].id,
                odd.minutes,
                data.sites[odd.site].id,
                odd.median,
                near.join(", ")
            ),
        );
    }
    let site_times = Location::file(loaded.dir.join(hasu::load::SITE_TIMES_FILE));
    for odd in plausibility::odd_pairs(data) {
        let (a, b) = (&data.sites[odd.sites.0].id, &data.sites[odd.sites.1].id);
        out.warning(
            site_times.clone(),
            format!(
                "{a} → {b} is {:.1} minutes but {b} → {a} is {:.1}; a journey should take about \
                 as long both ways (check both rows)",
                odd.there, odd.back
            ),
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
