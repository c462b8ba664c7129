//! `hasu area`: what changes for one zone or district.

use std::io::Write;

use hasu::area::{Area, AreaFigures, figures, find};
use hasu::estimates::Estimates;
use hasu::evaluate::{SiteSet, ZoneTrip};
use hasu::model::Dataset;
use hasu::report::estimates::{MARK, moved_words};
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
    /// A zone code (E01024133), zone name (Thanet 001A), district (Thanet,
    /// or a renamed one's current name) or town or neighbourhood (Margate)
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

fn minutes(t: Option<(usize, f64)>, data: &Dataset, z: usize) -> String {
    t.map_or_else(
        || "no unit".to_string(),
        |(s, m)| {
            let mark = if hasu::estimates::is_estimated(data, z, s) {
                MARK
            } else {
                ""
            };
            format!("{} {:.1}{mark}", data.sites[s].id, m)
        },
    )
}

/// The area's mean journey today and under each of `sets` over the moved
/// datasets of `estimates`: lowest and highest (`None` without moves).
fn moved_means(
    estimates: &Estimates,
    session: &Session,
    area: &Area,
    sets: &[SiteSet],
) -> hasu::Result<Vec<Option<(f64, f64)>>> {
    let mut ranges: Vec<Option<(f64, f64)>> = vec![None; sets.len() + 1];
    for m in estimates.shifted(&session.loaded.dataset, &session.criteria) {
        let m = m?;
        let e = &m.evaluator;
        let mut scratch = e.scratch();
        let today = e.today();
        for (range, set) in ranges.iter_mut().zip(std::iter::once(&today).chain(sets)) {
            e.evaluate(set, &mut scratch);
            let x = figures(&m.data, area, &e.zones(&scratch), |t| t.option).mean_travel;
            *range = Some(range.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x))));
        }
    }
    Ok(ranges)
}

/// One configuration of `area`: its label, trips, and its mean journey's
/// range within the estimates' measured error.
struct Configuration<'a> {
    label: &'a str,
    trips: &'a [ZoneTrip],
    moved: Option<(f64, f64)>,
}

/// Writes one configuration's lines for `area`.
fn configuration(
    out: &mut dyn Write,
    data: &Dataset,
    area: &Area,
    c: &Configuration,
    today: &AreaFigures,
    list_zones: bool,
) -> std::io::Result<()> {
    let trips = c.trips;
    let f = figures(data, area, trips, |t| t.option);
    let estimated = match c.moved {
        Some((lo, hi)) if f.estimated > 0.0 => format!(
            "  {MARK} estimated for {:.0}% (mean {lo:.1}–{hi:.1})",
            100.0 * f.estimated
        ),
        _ => String::new(),
    };
    writeln!(
        out,
        "  {:<28} mean {:>5.1} min ({:+.1})  longest {:>5.1}  within 30 {:>5.1}%  within 45 {:>5.1}%  units: {}{estimated}",
        truncate(c.label, 28),
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
                minutes(now, data, z),
                minutes(then, data, z)
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
    let estimates = Estimates::new(data, &session.criteria);
    let sets: Vec<SiteSet> = options.iter().map(|(_, set)| *set).collect();
    let moved = moved_means(&estimates, &session, &area, &sets)?;
    let today_label = format!("today {}", hasu::rank::site_ids(data, &e.today()).join(","));
    let today_config = Configuration {
        label: &today_label,
        trips: &today_trips,
        moved: moved[0],
    };
    configuration(out, data, &area, &today_config, &today, list_zones)?;
    let mut any_estimated = today.estimated > 0.0;
    for ((label, set), &moved) in options.iter().zip(&moved[1..]) {
        let trips = trips_of(set, &mut scratch);
        any_estimated |= figures(data, &area, &trips, |t| t.option).estimated > 0.0;
        let c = Configuration {
            label,
            trips: &trips,
            moved,
        };
        configuration(out, data, &area, &c, &today, list_zones)?;
    }
    writeln!(
        out,
        "Minutes are ambulance travel to the nearest open unit; (±) is the change in the mean from today."
    )?;
    if any_estimated {
        let sites: Vec<&str> = estimates
            .sites
            .iter()
            .map(|&s| data.sites[s].id.as_str())
            .collect();
        let within = if estimates.moves.is_empty() {
            " The criteria state no [uncertainty] for them, so how far they may be off is not shown.".to_string()
        } else {
            format!(
                " The mean in brackets after it is its range with each estimated site's times {} or {} (the middle 95% of the error `hasu network check` measured), one site at a time.",
                moved_words(estimates.range.0),
                moved_words(estimates.range.1)
            )
        };
        writeln!(
            out,
            "{MARK} Journeys to {} are network estimates, not published times (modelled); \"estimated for\" is the share of the area's admissions whose journey is one.{within}",
            sites.join(", ")
        )?;
    }
    Ok(Outcome::Done)
}
