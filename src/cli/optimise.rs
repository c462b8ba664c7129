//! `hasu optimise`: the provably best p HASUs by mean journey.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use hasu::criteria::{Criteria, parse_criteria, starting_criteria};
use hasu::evaluate::Scratch;
use hasu::evaluate::{Evaluator, SiteSet};
use hasu::model::Dataset;
use hasu::optimise::passing::{Passing, best_passing};
use hasu::optimise::rules::{GroupJudge, HurdleJudge, Impossible};
use hasu::optimise::{Found, Instance, Searching, Settings, Solution, Stop, solve_watched};
use hasu::report::fixed;
use serde::Serialize;

use super::appraise::{OutArgs, emit};
use super::{CliResult, Format, Outcome};

/// Find the p HASUs that minimise the admission-weighted mean journey to
/// the nearest open unit (the weighted p-median), with a lower bound that
/// proves it: one line per p, the curve of units against mean journey.
///
/// Examples:
///   hasu optimise --p 3
///   hasu optimise --data .cache/england-wales --p 24..100
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Number of HASUs, e.g. 24, or a range such as 20..125
    #[arg(long, value_name = "P or P..Q", value_parser = super::appraise::parse_sizes)]
    p: (usize, usize),
    /// The dataset folder [default: the Kent and Medway data compiled into
    /// hasu]
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The criteria file (its required and excluded sites and tie rule)
    /// [default: criteria/kent-medway.toml for the default data, otherwise
    /// the starting criteria of `hasu criteria init`]
    #[arg(long, value_name = "FILE")]
    criteria: Option<PathBuf>,
    /// Relative gap below which an option counts as proven optimal (at
    /// least 0, below 1)
    #[arg(long, default_value_t = 1e-9, value_name = "GAP", allow_negative_numbers = true, value_parser = super::number(0.0, 1.0, super::Ends::BelowHigh))]
    tolerance: f64,
    /// Most branch-and-bound nodes per p before giving up the proof
    #[arg(long, default_value_t = 20_000, value_name = "N")]
    node_limit: usize,
    /// Find the K best options of each p, not only the best (options tied
    /// with the K-th may be left out)
    #[arg(long, default_value_t = 1, value_name = "K", value_parser = clap::value_parser!(u16).range(1..=1000))]
    top: u16,
    /// Only options that pass every hurdle of the criteria (the volume
    /// band, door-to-needle, access): the best of them found by mean
    /// journey, proven where the search can list every option below it
    #[arg(long, conflicts_with = "top")]
    passing: bool,
    /// With --passing: most options listed per p before giving up
    #[arg(long, default_value_t = 1024, value_name = "N", requires = "passing")]
    search: usize,
    /// Most memory, in MiB, the search's waiting nodes may hold (each
    /// keeps a number per zone: 0.27 MiB on England and Wales) before it
    /// stops with the best option found and its gap
    #[arg(long, default_value_t = 1024, value_name = "MIB", value_parser = clap::value_parser!(u32).range(16..=1_048_576))]
    memory_limit: u32,
    /// Show the time each p took (JSON always has it)
    #[arg(long)]
    timings: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    out: OutArgs,
}

/// One line of the curve, as JSON writes it (minutes, shares 0–1, site
/// ids).
#[derive(Serialize)]
struct ResultJson {
    p: usize,
    rank: usize,
    /// Empty (and the figures null) when --passing found no option.
    sites: Vec<String>,
    mean_travel: Option<f64>,
    /// Null when it is proven that no option passes.
    lower_bound: Option<f64>,
    gap: f64,
    proven: bool,
    nodes: usize,
    /// Why the search stopped (`settled`, `node_limit`, `memory_limit`);
    /// not written with --passing.
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped: Option<Stop>,
    seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    tested: Option<usize>,
    /// With --passing: sites no passing option can have as HASUs.
    #[serde(skip_serializing_if = "Option::is_none")]
    ruled_out: Option<Vec<RuledOutJson>>,
    /// With --passing: why no option passes, when that is plain without a
    /// search.
    #[serde(skip_serializing_if = "Option::is_none")]
    none_passes: Option<String>,
    within_30: Option<f64>,
    within_45: Option<f64>,
    within_60: Option<f64>,
    smallest_unit: Option<f64>,
    largest_unit: Option<f64>,
}

/// A site ruled out of the passing options, as JSON writes it.
#[derive(Serialize)]
struct RuledOutJson {
    site: String,
    /// Admissions a year with every site open that is not ruled out.
    admissions: f64,
}

/// One row of the curve: an option (or none) with its certificate.
struct Row<'a> {
    p: usize,
    rank: usize,
    found: Option<&'a Found>,
    lower_bound: Option<f64>,
    proven: bool,
    nodes: usize,
    stopped: Option<Stop>,
    seconds: f64,
    /// With --passing: the search's record.
    passing: Option<&'a Passing>,
}

impl Row<'_> {
    fn json(&self, data: &Dataset, evaluator: &Evaluator, scratch: &mut Scratch) -> ResultJson {
        let m = self
            .found
            .map(|f| evaluator.evaluate(&SiteSet::from_sites(&f.hasus), scratch));
        let value = self.found.map(|f| f.value);
        let gap = match (value, self.lower_bound) {
            (Some(v), Some(l)) if v > 0.0 => ((v - l) / v).max(0.0),
            _ => 0.0,
        };
        ResultJson {
            p: self.p,
            rank: self.rank,
            sites: self.found.map_or_else(Vec::new, |f| {
                f.hasus.iter().map(|&x| data.sites[x].id.clone()).collect()
            }),
            mean_travel: value,
            lower_bound: self.lower_bound,
            gap,
            proven: self.proven,
            nodes: self.nodes,
            stopped: self.stopped,
            seconds: self.seconds,
            tested: self.passing.map(|x| x.tested),
            ruled_out: self.passing.map(|x| {
                x.ruled_out
                    .iter()
                    .map(|o| RuledOutJson {
                        site: data.sites[o.site].id.clone(),
                        admissions: o.admissions,
                    })
                    .collect()
            }),
            none_passes: self
                .passing
                .and_then(|x| {
                    x.impossible
                        .as_ref()
                        .map(|why| (why, x.ruled_out.is_empty()))
                })
                .map(|(why, none_out)| impossible_text(data, why, none_out)),
            within_30: m.as_ref().map(|m| m.within_30),
            within_45: m.as_ref().map(|m| m.within_45),
            within_60: m.as_ref().map(|m| m.within_60),
            smallest_unit: m.as_ref().map(|m| m.smallest_hasu_admissions),
            largest_unit: m.as_ref().map(|m| m.largest_hasu_admissions),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    hasu_version: &'static str,
    data: String,
    criteria: String,
    tolerance: f64,
    results: &'a [ResultJson],
}

/// The criteria: the given file, the default for the default data, or the
/// starting criteria of the dataset.
fn criteria_for(args: &Args, data: &hasu::model::Dataset) -> hasu::Result<(Criteria, String)> {
    match (&args.criteria, &args.data) {
        (Some(file), _) => Ok((
            hasu::criteria::load_criteria(file, data)?,
            hasu::report::label(file),
        )),
        (None, None) => Ok((
            hasu::criteria::load_source(None, data)?,
            hasu::embedded::CRITERIA_NAME.to_string(),
        )),
        (None, Some(dir)) => {
            let text = starting_criteria(data, &super::dataset_name(Some(dir)), "optimise")?;
            let path = PathBuf::from("(starting criteria of hasu criteria init)");
            Ok((
                parse_criteria(&path, &text, data)?,
                path.display().to_string(),
            ))
        }
    }
}

/// Runs `hasu optimise`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let dir = args.data.as_deref();
    let mut inputs: Vec<&std::path::Path> = dir.into_iter().collect();
    inputs.extend(args.criteria.as_deref());
    let file = args
        .out
        .out
        .as_deref()
        .map(|p| hasu::files::output::Output::new(p, &inputs, args.out.force))
        .transpose()?;
    let mut loaded = super::load_data(dir)?;
    let (criteria, criteria_name) = criteria_for(&args, &loaded.dataset)?;
    hasu::pathways::convey(&mut loaded.dataset, &criteria.pathways)?;
    let data = &loaded.dataset;
    let inst = Instance::new(data, &criteria.options)?;
    let evaluator = hasu::analyses::evaluator(data, &criteria)?;
    let settings = Settings {
        tolerance: args.tolerance,
        node_limit: args.node_limit,
        top: usize::from(args.top),
        memory_limit: args.memory_limit as usize * (1 << 20),
        ..Settings::default()
    };
    let mut scratch = evaluator.scratch();
    let mut results = Vec::new();
    // Nothing is written until every p is done, so Ctrl-C may end the
    // search at once: one p can take minutes (`--passing` on the country).
    let progress = super::progress::quiet_bar((args.p.1 - args.p.0 + 1) as u64, "optimising", 1);
    for p in args.p.0..=args.p.1 {
        let started = Instant::now();
        let groups = &criteria.options.groups;
        if args.passing || !groups.is_empty() {
            // Group rules are not linear in the sites open either: the
            // options are listed by mean journey until one keeps them.
            let found = if args.passing {
                let judge = HurdleJudge {
                    evaluator: &evaluator,
                    hurdles: &criteria.hurdles,
                    groups,
                };
                best_passing(&inst, p, &settings, args.search, &judge)?
            } else {
                let judge = GroupJudge {
                    evaluator: &evaluator,
                    groups,
                };
                best_passing(&inst, p, &settings, args.search, &judge)?
            };
            let row = Row {
                p,
                rank: 1,
                found: found.found.as_ref(),
                lower_bound: found.lower_bound,
                proven: found.proven,
                nodes: found.nodes,
                stopped: None,
                seconds: started.elapsed().as_secs_f64(),
                passing: Some(&found),
            };
            results.push(row.json(data, &evaluator, &mut scratch));
        } else {
            let s: Solution = solve_watched(&inst, p, &settings, &|at: Searching| {
                progress.set_message(format!(
                    "optimising p = {}: {} nodes explored, {} waiting, gap {:.2e}",
                    at.p,
                    hasu::summary::thousands(at.nodes as f64),
                    hasu::summary::thousands(at.open as f64),
                    if at.target > 0.0 {
                        ((at.target - at.lower_bound) / at.target).max(0.0)
                    } else {
                        0.0
                    }
                ));
            })?;
            let seconds = started.elapsed().as_secs_f64();
            for (k, found) in s.options.iter().enumerate() {
                let row = Row {
                    p,
                    rank: k + 1,
                    found: Some(found),
                    lower_bound: Some(s.lower_bound),
                    proven: s.proven,
                    nodes: s.nodes,
                    stopped: Some(s.stop),
                    seconds,
                    passing: None,
                };
                results.push(row.json(data, &evaluator, &mut scratch));
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    let all_proven = results.iter().all(|r| r.proven);
    emit(out, file.as_ref(), |w| match args.format {
        Format::Json => {
            let doc = Document {
                schema: "hasu.optimise/1",
                hasu_version: env!("CARGO_PKG_VERSION"),
                data: hasu::report::label(&loaded.dir),
                criteria: criteria_name.clone(),
                tolerance: args.tolerance,
                results: &results,
            };
            let mut text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
            text.push('\n');
            w.write_all(text.as_bytes())
        }
        Format::Table => table(w, &results, args.timings, data.zones.len()),
    })?;
    Ok(if all_proven {
        Outcome::Done
    } else {
        Outcome::Negative
    })
}

fn table(
    w: &mut dyn Write,
    results: &[ResultJson],
    timings: bool,
    zones: usize,
) -> std::io::Result<()> {
    let ranked = results.iter().any(|r| r.rank > 1);
    let passing = results.iter().any(|r| r.tested.is_some());
    writeln!(
        w,
        "The p HASUs with the lowest admission-weighted mean journey ({zones} zones), {}:",
        if passing {
            "among the options that pass every hurdle (found by a local search; proven by listing every option of a lower mean journey, where the list reaches that far)"
        } else if ranked {
            "the best options of each p, proven by a lower bound on every other option"
        } else {
            "each proven by a lower bound"
        }
    )?;
    writeln!(
        w,
        "   p{}    mean    bound        gap  proven  nodes{}  ≤30min  ≤45min  ≤60min  smallest  largest{}  sites",
        if ranked { "  rank" } else { "" },
        if passing { "  tested" } else { "" },
        if timings { "  seconds" } else { "" }
    )?;
    let number = |x: Option<f64>| x.map_or("–".to_string(), |v| fixed(v, 3));
    let share = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{:.1}%", 100.0 * v));
    let units = |x: Option<f64>| x.map_or("–".to_string(), hasu::summary::thousands);
    for r in results {
        writeln!(
            w,
            "{:>4}{} {:>7} {:>8} {:>10}  {:>6} {:>6}{} {:>7} {:>7} {:>7} {:>9} {:>8}{}  {}",
            r.p,
            if ranked {
                format!("  {:>4}", r.rank)
            } else {
                String::new()
            },
            number(r.mean_travel),
            number(r.lower_bound),
            if r.gap == 0.0 {
                "0".to_string()
            } else {
                format!("{:.2e}", r.gap)
            },
            if r.proven { "yes" } else { "NO" },
            r.nodes,
            r.tested.map_or(String::new(), |t| format!("  {t:>6}")),
            share(r.within_30),
            share(r.within_45),
            share(r.within_60),
            units(r.smallest_unit),
            units(r.largest_unit),
            if timings {
                format!("  {:>7.2}", r.seconds)
            } else {
                String::new()
            },
            if r.sites.is_empty() {
                "none found".to_string()
            } else {
                r.sites.join(",")
            }
        )?;
    }
    for r in results.iter().filter(|r| r.rank == 1) {
        match r.stopped {
            Some(Stop::NodeLimit) => writeln!(
                w,
                "p = {}: not proven: the search stopped at the node limit (--node-limit) with the gap shown.",
                r.p
            )?,
            Some(Stop::MemoryLimit) => writeln!(
                w,
                "p = {}: not proven: the search's waiting nodes reached the memory limit (--memory-limit) with the gap shown.",
                r.p
            )?,
            _ => {}
        }
    }
    for r in results {
        if let Some(why) = &r.none_passes {
            writeln!(w, "p = {}: no option passes: {why}.", r.p)?;
        } else if let (true, Some(tested)) = (r.sites.is_empty(), r.tested) {
            if r.proven {
                writeln!(
                    w,
                    "p = {}: no option passes: every option of {} HASU{} was listed in order of mean journey and tested ({} of them), and each fails a hurdle.",
                    r.p,
                    r.p,
                    if r.p == 1 { "" } else { "s" },
                    tested
                )?;
            } else {
                writeln!(
                    w,
                    "p = {}: none of the {} options tested passes; not proven that none does (the list stopped at --search or --node-limit).",
                    r.p, tested
                )?;
            }
        }
        if let Some(out) = r.ruled_out.as_ref().filter(|o| !o.is_empty()) {
            let sites: Vec<String> = out
                .iter()
                .map(|o| format!("{} ({})", o.site, hasu::summary::thousands(o.admissions)))
                .collect();
            writeln!(
                w,
                "p = {}: ruled out, too large for the volume band even with every other site open (admissions a year): {}.",
                r.p,
                sites.join(", ")
            )?;
        }
    }
    writeln!(
        w,
        "mean: minutes; bound: {}; gap = (mean − bound) / mean; proven when the gap is within the tolerance. Smallest and largest: admissions a year of the HASUs.",
        if passing {
            "no option that passes can have a lower mean (\"–\": proven that none passes); tested: options tried in order of mean journey; proven NO: the best passing option found, not proven the best; \"none found\": no passing option found"
        } else {
            "no option of p HASUs (other than those listed) can have a lower mean"
        }
    )
}

/// Why no option passes, in words (`none_out`: no site was ruled out).
fn impossible_text(data: &Dataset, why: &Impossible, none_out: bool) -> String {
    let n = |x: f64| hasu::summary::thousands(x);
    // Three decimals at most, no trailing zeros: 74.5, 60, 0.95.
    let short = |x: f64| format!("{}", (x * 1000.0).round() / 1000.0);
    match why {
        Impossible::EvenWithEverySite(c) => format!(
            "even with every site open{}, the {} rule fails ({} against a limit of {})",
            if none_out {
                ""
            } else {
                " that is not ruled out"
            },
            c.rule.name(),
            short(c.value),
            short(c.threshold)
        ),
        Impossible::TooFewSites { p, most } => format!(
            "only {most} sites can be HASUs once those too large are ruled out, fewer than {p}"
        ),
        Impossible::RequiredTooLarge(o) => format!(
            "{} must be open but would admit {} a year even with every site open",
            data.sites[o.site].id,
            n(o.admissions)
        ),
        Impossible::Volume {
            p, total, min, max, ..
        } => {
            let pf = *p as f64;
            if pf * min > *total {
                format!(
                    "{p} HASUs of at least {} admissions a year need {}; every zone together has {}",
                    n(*min),
                    n(pf * min),
                    n(*total)
                )
            } else {
                format!(
                    "{p} HASUs of at most {} admissions a year hold {}; every zone together has {}",
                    n(*max),
                    n(pf * max),
                    n(*total)
                )
            }
        }
    }
}
