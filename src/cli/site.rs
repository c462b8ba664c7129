//! `hasu site`: add, remove and change sites without hand-editing CSV.

use std::io::Write;
use std::path::PathBuf;

use hasu::edit::{self, SiteUpdate, add_site, estimate_sites, update_site};
use hasu::model::{Role, Service, Site, checked_location};

use super::network::{CalibrationArgs, describe_estimates};
use super::{CliResult, Outcome};

/// Subcommands of `hasu site`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Add a site and estimate its travel times from the network model.
    ///
    /// Example: hasu site add --id NB --name "New build" --lat 51.27 --lon 0.52 --data my-copy
    Add(AddArgs),
    /// Remove a site and all its times.
    ///
    /// Example: hasu site remove --id NB
    Remove(RemoveArgs),
    /// Change fields of a site.
    ///
    /// Example: hasu site set --id PR --role closed --data my-copy
    Set(SetArgs),
}

/// Flags of `hasu site add`.
#[derive(clap::Args)]
pub struct AddArgs {
    /// Short unique id: letters, digits, '-', '_' or '.'
    #[arg(long)]
    id: String,
    /// Full name
    #[arg(long)]
    name: String,
    /// Latitude, decimal degrees (WGS 84)
    #[arg(long, allow_negative_numbers = true)]
    lat: f64,
    /// Longitude, decimal degrees (WGS 84; west is negative)
    #[arg(long, allow_negative_numbers = true)]
    lon: f64,
    /// Postcode
    #[arg(long, default_value = "")]
    postcode: String,
    /// The NHS trust that would run it
    #[arg(long, default_value = "")]
    trust: String,
    /// What it may do in an appraisal
    #[arg(long, default_value = "candidate", value_parser = parse_role)]
    role: Role,
    /// Whether it is outside the region being appraised
    #[arg(long)]
    out_of_region: bool,
    /// Services on site, separated by ';' (e.g. emergency_department;ppci)
    #[arg(long, default_value = "", value_parser = parse_services)]
    services: Services,
    /// Free text
    #[arg(long, default_value = "")]
    notes: String,
    /// Beds it could provide for hyper-acute stroke care (for the capacity
    /// hurdle)
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    beds: Option<u32>,
    /// Stroke beds (hyper-acute and acute stroke unit) it has today
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    stroke_beds: Option<u32>,
    /// The ambulance service whose area holds it (e.g. SECAmb) [default:
    /// the service of the nearest zone, when the zones name theirs]
    #[arg(long, value_name = "SERVICE")]
    ambulance: Option<String>,
    /// The dataset folder to change (edits need one: the data compiled into
    /// hasu is never changed)
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(flatten)]
    calibration: CalibrationArgs,
}

/// Flags of `hasu site remove`.
#[derive(clap::Args)]
pub struct RemoveArgs {
    /// The site to remove
    #[arg(long)]
    id: String,
    /// The dataset folder to change (edits need one: the data compiled into
    /// hasu is never changed)
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

/// Flags of `hasu site set`.
#[derive(clap::Args)]
pub struct SetArgs {
    /// The site to change
    #[arg(long)]
    id: String,
    /// New name
    #[arg(long)]
    name: Option<String>,
    /// New postcode
    #[arg(long)]
    postcode: Option<String>,
    /// New latitude (with --lon); its estimated times are estimated afresh
    #[arg(long, requires = "lon", allow_negative_numbers = true)]
    lat: Option<f64>,
    /// New longitude (with --lat)
    #[arg(long, requires = "lat", allow_negative_numbers = true)]
    lon: Option<f64>,
    /// New trust
    #[arg(long)]
    trust: Option<String>,
    /// New role: candidate, fixed_open or closed
    #[arg(long, value_parser = parse_role)]
    role: Option<Role>,
    /// Inside the region: yes or no
    #[arg(long, value_parser = hasu::load::parse_flag)]
    in_region: Option<bool>,
    /// New services, separated by ';' (replaces the old list)
    #[arg(long, value_parser = parse_services)]
    services: Option<Services>,
    /// New notes
    #[arg(long)]
    notes: Option<String>,
    /// Beds it could provide for hyper-acute stroke care, or "none" to
    /// clear the figure
    #[arg(long, value_parser = parse_beds)]
    beds: Option<Beds>,
    /// Stroke beds (hyper-acute and acute stroke unit) it has today, or
    /// "none" to clear the figure
    #[arg(long, value_parser = parse_beds)]
    stroke_beds: Option<Beds>,
    /// The ambulance service whose area holds it (e.g. SECAmb)
    #[arg(long, value_name = "SERVICE")]
    ambulance: Option<String>,
    /// The dataset folder to change (edits need one: the data compiled into
    /// hasu is never changed)
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(flatten)]
    calibration: CalibrationArgs,
}

/// A parsed `--services` list (a newtype, so clap does not read it as many
/// values).
#[derive(Clone)]
pub struct Services(Vec<Service>);

/// A parsed `--beds` of `site set`: a number, or none.
#[derive(Clone, Copy)]
pub struct Beds(Option<u32>);

fn parse_beds(s: &str) -> Result<Beds, String> {
    if s == "none" {
        return Ok(Beds(None));
    }
    match s.parse::<u32>() {
        Ok(n) if n <= 10_000 => Ok(Beds(Some(n))),
        _ => Err(format!(
            "expected a whole number of beds between 0 and 10000, or none; found \"{s}\""
        )),
    }
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
}

fn parse_services(s: &str) -> Result<Services, String> {
    s.split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.parse().map_err(|e| format!("\"{v}\": {e}")))
        .collect::<Result<Vec<Service>, String>>()
        .map(Services)
}

/// Quotes a value for the command recorded in SOURCE.md.
fn quoted(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.;".contains(c))
    {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Runs `hasu site`.
pub fn run(command: Command, out: &mut dyn Write) -> CliResult {
    let applied = match command {
        Command::Add(a) => {
            let site = Site {
                id: a.id.clone(),
                name: a.name.clone(),
                postcode: a.postcode.clone(),
                location: checked_location(a.lat, a.lon)?,
                trust: a.trust.clone(),
                role: a.role,
                in_region: !a.out_of_region,
                services: a.services.0.clone(),
                notes: a.notes.clone(),
                beds: a.beds,
                stroke_beds: a.stroke_beds,
                ambulance: a.ambulance.clone().unwrap_or_default(),
            };
            let command = format!(
                "hasu site add --id {} --name {} --lat {} --lon {}{}{}",
                quoted(&a.id),
                quoted(&a.name),
                a.lat,
                a.lon,
                if a.role == Role::Candidate {
                    String::new()
                } else {
                    format!(" --role {}", a.role)
                },
                a.beds.map_or_else(String::new, |b| format!(" --beds {b}"))
            ) + &a
                .stroke_beds
                .map_or_else(String::new, |b| format!(" --stroke-beds {b}"))
                + &a.ambulance
                    .as_ref()
                    .map_or_else(String::new, |s| format!(" --ambulance {}", quoted(s)));
            let command = format!("{command}{}", a.calibration.flags());
            let (settings, network) = (a.calibration.settings(), a.calibration.network());
            edit::apply(&super::edited_folder(a.data)?, &command, |data| {
                let index = add_site(data, site)?;
                let done = super::progress::calibrating(settings.max_iterations, |progress| {
                    estimate_sites(data, &[index], &network, &settings, progress)
                })?;
                Ok(format!(
                    "added site {} ({}) and {}",
                    a.id,
                    a.name,
                    describe_estimates(&done)
                ))
            })?
        }
        Command::Remove(a) => {
            let command = format!("hasu site remove --id {}", quoted(&a.id));
            edit::apply(&super::edited_folder(a.data)?, &command, |data| {
                let site = edit::remove_site(data, &a.id)?;
                Ok(format!(
                    "removed site {} ({}) and its times",
                    site.id, site.name
                ))
            })?
        }
        Command::Set(a) => {
            let location = match (a.lat, a.lon) {
                (Some(lat), Some(lon)) => Some(checked_location(lat, lon)?),
                _ => None,
            };
            let mut command = format!("hasu site set --id {}", quoted(&a.id));
            let texts = [
                ("name", &a.name),
                ("postcode", &a.postcode),
                ("trust", &a.trust),
                ("notes", &a.notes),
            ];
            for (flag, v) in texts {
                if let Some(v) = v {
                    command.push_str(&format!(" --{flag} {}", quoted(v)));
                }
            }
            if let (Some(lat), Some(lon)) = (a.lat, a.lon) {
                command.push_str(&format!(" --lat {lat} --lon {lon}"));
            }
            if let Some(r) = a.role {
                command.push_str(&format!(" --role {r}"));
            }
            if let Some(b) = a.in_region {
                command.push_str(&format!(" --in-region {}", if b { "yes" } else { "no" }));
            }
            if let Some(s) = &a.services {
                let names: Vec<&str> = s.0.iter().map(|v| v.as_str()).collect();
                command.push_str(&format!(" --services {}", quoted(&names.join(";"))));
            }
            for (flag, beds) in [("--beds", a.beds), ("--stroke-beds", a.stroke_beds)] {
                if let Some(Beds(b)) = beds {
                    let b = b.map_or_else(|| "none".to_string(), |b| b.to_string());
                    command.push_str(&format!(" {flag} {b}"));
                }
            }
            if let Some(s) = &a.ambulance {
                command.push_str(&format!(" --ambulance {}", quoted(s)));
            }
            let update = SiteUpdate {
                name: a.name.clone(),
                postcode: a.postcode.clone(),
                location,
                trust: a.trust.clone(),
                role: a.role,
                in_region: a.in_region,
                services: a.services.clone().map(|s| s.0),
                notes: a.notes.clone(),
                beds: a.beds.map(|Beds(b)| b),
                stroke_beds: a.stroke_beds.map(|Beds(b)| b),
                ambulance: a.ambulance.clone(),
            };
            if location.is_some() {
                command.push_str(&a.calibration.flags());
            }
            let (settings, network) = (a.calibration.settings(), a.calibration.network());
            edit::apply(&super::edited_folder(a.data)?, &command, |data| {
                let changed = update_site(data, &a.id, update)?;
                let mut summary = format!("changed {} of site {}", changed.join(", "), a.id);
                if location.is_some() {
                    let index = edit::site_index(data, &a.id)?;
                    let done = super::progress::calibrating(settings.max_iterations, |progress| {
                        estimate_sites(data, &[index], &network, &settings, progress)
                    })?;
                    summary.push_str(&format!(" and {}", describe_estimates(&done)));
                }
                Ok(summary)
            })?
        }
    };
    super::print_applied(out, &applied)?;
    Ok(Outcome::Done)
}
