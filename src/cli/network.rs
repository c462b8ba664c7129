//! `hasu network`: the network model's accuracy check and estimates.

use std::io::Write;
use std::path::PathBuf;

use hasu::edit::{self, Estimated, estimate_sites};
use hasu::network::estimate::has_every_time;
use hasu::network::{CalibrationSettings, Network, NetworkSettings, check};
use hasu::summary::group;

use super::{CliResult, Ends, Format, Outcome, number};

/// Subcommands of `hasu network`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Hide each site's known times in turn, estimate them from the rest, and
    /// compare with the truth and with a straight-line baseline.
    ///
    /// Example: hasu network check --format json
    Check(CheckArgs),
    /// Fill the missing travel and transfer times of sites with estimates
    /// from the network model, marked `estimated`; published times are kept.
    ///
    /// Example: hasu network estimate --site MW --site TU
    Estimate(EstimateArgs),
}

/// Flags of `hasu network estimate`.
#[derive(clap::Args)]
pub struct EstimateArgs {
    /// A site whose missing times to fill (repeat for several)
    #[arg(long = "site", value_name = "ID", required = true)]
    sites: Vec<String>,
    /// The dataset folder to change (edits need one: the data compiled into
    /// hasu is never changed)
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(flatten)]
    calibration: CalibrationArgs,
}

/// One line saying what an estimate wrote and how well the network fitted.
pub fn describe_estimates(done: &Estimated) -> String {
    let zones: usize = done.filled.iter().map(|f| f.zones).sum();
    let transfers: usize = done.filled.iter().map(|f| f.transfers).sum();
    let c = &done.calibration;
    format!(
        "estimated {} travel times and {} transfer times (network calibrated on {} published \
         times of {} sites, mean misfit {:.2} min)",
        group(zones),
        group(transfers),
        group(c.observations),
        c.sites,
        c.mae
    )
}

/// Flags of `hasu network check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// The dataset folder [default: the Kent and Medway data compiled into
    /// hasu]
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// A held-out site needs another site with known times this close (km)
    #[arg(long, default_value_t = 30.0, value_name = "KM", value_parser = number(0.0, 1000.0, Ends::AboveLow))]
    nearby_km: f64,
    #[command(flatten)]
    calibration: CalibrationArgs,
}

/// Calibration settings a user may change.
#[derive(clap::Args)]
pub struct CalibrationArgs {
    /// Most Levenberg–Marquardt iterations per calibration (1 to 100,000)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    iterations: Option<u32>,
    /// Conjugate-gradient iterations per step (1 to 100,000)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    cg_iterations: Option<u32>,
    /// Stop when a step lowers the objective by less than this fraction
    /// (above 0, below 1)
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true, value_parser = number(0.0, 1.0, Ends::AboveLow))]
    tolerance: Option<f64>,
    /// Weight of the penalty holding link parameters to their priors (0 to
    /// 1,000,000)
    #[arg(long, value_name = "WEIGHT", allow_negative_numbers = true, value_parser = number(0.0, 1e6, Ends::Closed))]
    regularisation: Option<f64>,
    /// Join near zones that the network links only the long way round
    /// (more than this many times the straight line, above 1 and at most
    /// 10) with a direct link, a crossing; off by default (see README,
    /// The network model and planner edits)
    #[arg(long, value_name = "FACTOR", allow_negative_numbers = true, value_parser = number(1.0, 10.0, Ends::AboveLow))]
    detour_factor: Option<f64>,
}

impl CalibrationArgs {
    /// The network settings, defaults where no flag was given.
    pub fn network(&self) -> NetworkSettings {
        let d = NetworkSettings::default();
        NetworkSettings {
            detour_factor: self.detour_factor.unwrap_or(d.detour_factor),
            ..d
        }
    }

    /// The flags given, as they would be typed (for the command recorded in
    /// SOURCE.md, so that the change can be made again).
    pub fn flags(&self) -> String {
        let mut out = String::new();
        let mut flag = |name: &str, value: Option<String>| {
            if let Some(v) = value {
                out.push_str(&format!(" --{name} {v}"));
            }
        };
        flag("iterations", self.iterations.map(|v| v.to_string()));
        flag("cg-iterations", self.cg_iterations.map(|v| v.to_string()));
        flag("tolerance", self.tolerance.map(|v| v.to_string()));
        flag("regularisation", self.regularisation.map(|v| v.to_string()));
        flag("detour-factor", self.detour_factor.map(|v| v.to_string()));
        out
    }

    /// The settings, defaults where no flag was given.
    pub fn settings(&self) -> CalibrationSettings {
        let d = CalibrationSettings::default();
        CalibrationSettings {
            max_iterations: self.iterations.map_or(d.max_iterations, |n| n as usize),
            cg_iterations: self.cg_iterations.map_or(d.cg_iterations, |n| n as usize),
            tolerance: self.tolerance.unwrap_or(d.tolerance),
            regularisation: self.regularisation.unwrap_or(d.regularisation),
            ..d
        }
    }
}

/// Runs `hasu network`.
pub fn run(command: Command, out: &mut dyn Write) -> CliResult {
    match command {
        Command::Check(args) => {
            let loaded = super::load_data(args.data.as_deref())?;
            let network = Network::build(&loaded.dataset, &args.calibration.network());
            let bar = super::progress::bar(0, "holding out sites");
            let result = check(
                &loaded.dataset,
                &network,
                &args.calibration.settings(),
                args.nearby_km,
                &mut super::progress::steps(&bar),
            );
            bar.finish_and_clear();
            let result = result?;
            match args.format {
                Format::Table => write!(out, "{result}")?,
                Format::Json => {
                    serde_json::to_writer_pretty(&mut *out, &result)
                        .map_err(std::io::Error::from)?;
                    writeln!(out)?;
                }
            }
            Ok(Outcome::Done)
        }
        Command::Estimate(args) => {
            let settings = args.calibration.settings();
            let command = format!(
                "hasu network estimate --site {}{}",
                args.sites.join(" --site "),
                args.calibration.flags()
            );
            let network = args.calibration.network();
            let applied = edit::apply(&super::edited_folder(args.data)?, &command, |data| {
                let sites = args
                    .sites
                    .iter()
                    .map(|id| edit::site_index(data, id))
                    .collect::<hasu::Result<Vec<usize>>>()?;
                if sites.iter().all(|&s| has_every_time(data, s)) {
                    return Ok(format!(
                        "nothing to estimate: {} already {} a time to every zone and site \
                         ({} of them estimated earlier); published times are never replaced",
                        args.sites.join(", "),
                        if sites.len() == 1 { "has" } else { "have" },
                        group(
                            sites
                                .iter()
                                .map(|&s| data.travel.estimated_in_column(s))
                                .sum()
                        )
                    ));
                }
                let done = super::progress::calibrating(settings.max_iterations, |progress| {
                    estimate_sites(data, &sites, &network, &settings, progress)
                })?;
                Ok(describe_estimates(&done))
            })?;
            super::print_applied(out, &applied)?;
            Ok(Outcome::Done)
        }
    }
}
