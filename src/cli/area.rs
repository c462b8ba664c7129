//! `hasu area`: what changes for one zone or district.

use std::io::Write;

use hasu::area::{Area, AreaFigures, figures, find};
use hasu::evaluate::{SiteSet, ZoneTrip};
use hasu::model::Dataset;
use hasu::summary::{thousands, truncate};

use super::appraise::{Inputs, Session, option_sites};
use super::{CliResult, Outcome};

/// What changes for one area: the unit each zone goes to, the journey and
/// its change from today, for today and each shortlisted option (the top 3
/// ranked, or those given with --option); for a district, the
/// admission-weighted summary.
///
/// Examples:
///   hasu area Thanet
///   hasu area "Thanet 001A" --option DA,MD,WH
///   hasu area E01024133
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A zone code (E01024133), zone name (Thanet 001A) or district (Thanet)
    #[arg(value_name = "QUERY")]
    query: String,
    /// An option to show, by its site ids (repeat for several) [default:
    /// the top 3 ranked]
    #[arg(long, value_name = "IDS")]
    option: Vec<String>,
    /// For a district, list every zone too
    #[arg(long)]
    zones: bool,
    #[command(flatten)]
    inputs: Inputs,
}

/// The options to show: those asked for, or the top 3 of the long list,
/// each with a label.
fn shortlist(session: &Session, asked: &[String]) -> hasu::Result<Vec<(String, SiteSet)>> {
    let data = &session.loaded.dataset;
    if asked.is_empty() {
        let appraisal = session.appraiser().appraise()?;
        return Ok(appraisal
            .ranked()
            .iter()
            .take(3)
            .map(|o| {
                let ids = hasu::rank::site_ids(data, &o.site_set()).join(",");
                (
                    format!("{ids} (rank {})", o.rank.unwrap_or(0)),
                    o.site_set(),
                )
            })
            .collect());
    }
    asked
        .iter()
        .map(|ids| {
            let sites = option_sites(data, ids, "--option")?;
            let set = SiteSet::from_sites(&sites);
            Ok((hasu::rank::site_ids(data, &set).join(","), set))
        })
        .collect()
}

fn units(data: &Dataset, f: &AreaFigures) -> String {
    f.units
        .iter()
        .map(|(s, a)| format!("{} {}", data.sites[*s].id, thousands(*a)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn minutes(t: Option<(usize, f64)>, data: &Dataset) -> String {
    t.map_or_else(
        || "no unit".to_string(),
        |(s, m)| format!("{} {:.1}", data.sites[s].id, m),
    )
}

/// Writes one configuration's lines for `area`.
fn configuration(
    out: &mut dyn Write,
    data: &Dataset,
    area: &Area,
    label: &str,
    trips: &[ZoneTrip],
    today: &AreaFigures,
    list_zones: bool,
) -> std::io::Result<()> {
    let f = figures(data, area, trips, |t| t.option);
    writeln!(
        out,
        "  {:<28} mean {:>5.1} min ({:+.1})  longest {:>5.1}  within 30 {:>5.1}%  within 45 {:>5.1}%  units: {}",
        truncate(label, 28),
        f.mean_travel,
        f.mean_travel - today.mean_travel,
        f.longest,
        100.0 * f.within_30,
        100.0 * f.within_45,
        units(data, &f)
    )?;
    if list_zones {
        for &z in &area.zones {
            let (now, then) = (trips[z].option, trips[z].today);
            let change = match (now, then) {
                (Some((_, a)), Some((_, b))) => format!("{:+.1}", a - b),
                _ => "-".to_string(),
            };
            writeln!(
                out,
                "      {:<12} {:<28} {:>10}  (today {:>10})  {change}",
                data.zones[z].id,
                truncate(&data.zones[z].name, 28),
                minutes(now, data),
                minutes(then, data)
            )?;
        }
    }
    Ok(())
}

/// Runs `hasu area`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let session = args.inputs.load()?;
    let data = &session.loaded.dataset;
    let area = find(data, &args.query)?;
    let options = shortlist(&session, &args.option)?;
    let e = &session.evaluator;
    let mut scratch = e.scratch();
    let trips_of = |set: &SiteSet, scratch: &mut hasu::evaluate::Scratch| {
        e.evaluate(set, scratch);
        e.zones(scratch)
    };
    let today_trips = trips_of(&e.today(), &mut scratch);
    let today = figures(data, &area, &today_trips, |t| t.today);
    writeln!(
        out,
        "{}{}: {} a year{}",
        area.name,
        if area.district {
            format!(" (district, {} zones)", area.zones.len())
        } else {
            String::new()
        },
        hasu::report::words::counted(today.admissions, "admission", "admissions"),
        if area.zones.iter().all(|&z| data.zones[z].in_region) {
            ""
        } else {
            " (includes zones outside the region)"
        }
    )?;
    let list_zones = !area.district || args.zones;
    let today_label = format!("today {}", hasu::rank::site_ids(data, &e.today()).join(","));
    configuration(
        out,
        data,
        &area,
        &today_label,
        &today_trips,
        &today,
        list_zones,
    )?;
    for (label, set) in &options {
        let trips = trips_of(set, &mut scratch);
        configuration(out, data, &area, label, &trips, &today, list_zones)?;
    }
    writeln!(
        out,
        "Minutes are ambulance travel to the nearest open unit; (±) is the change in the mean from today."
    )?;
    Ok(Outcome::Done)
}
