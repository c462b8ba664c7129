//! `hasu appraise`: rank every option the criteria allow.

use std::io::Write;
use std::path::{Path, PathBuf};

use hasu::criteria::Criteria;
use hasu::evaluate::Evaluator;
use hasu::files::output::Output;
use hasu::load::Loaded;
use hasu::rank::{Appraiser, Standing};
use hasu::report::{json, table, text};
use hasu::robustness::{self, Draws};

use super::{CliResult, Outcome};

/// How `appraise` and `option` print their result.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Table,
    /// CSV, one row per option.
    Csv,
    /// JSON (schema hasu.appraisal/1, see README.md).
    Json,
}

/// The dataset and criteria flags shared by `appraise`, `option` and the
/// report commands.
#[derive(clap::Args)]
pub struct Inputs {
    /// The dataset folder [default: the Kent and Medway data compiled into
    /// hasu, as in data/kent-medway]
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The criteria file [default: the criteria compiled into hasu, as in
    /// criteria/kent-medway.toml]
    #[arg(long, value_name = "FILE")]
    pub criteria: Option<PathBuf>,
    /// A scenario file applied to the dataset first (repeat for several,
    /// applied in order; see README, Scenarios)
    #[arg(long, value_name = "FILE")]
    pub scenario: Vec<PathBuf>,
}

impl Inputs {
    /// The input paths, defaults applied.
    pub fn resolve(&self) -> hasu::inputs::Inputs {
        hasu::inputs::Inputs {
            data: self.data.clone(),
            criteria: self.criteria.clone(),
            scenarios: self.scenario.clone(),
        }
    }

    /// Loads the dataset and the criteria (every problem of both in one
    /// pass), and prepares to evaluate options.
    pub fn load(&self) -> Result<Session, hasu::Error> {
        let inputs = self.resolve();
        let prepared = inputs.load()?;
        super::note_journal(&prepared.loaded);
        let evaluator = hasu::analyses::evaluator(&prepared.loaded.dataset, &prepared.criteria)?;
        let mut paths: Vec<PathBuf> = inputs.paths().iter().map(|p| p.to_path_buf()).collect();
        paths.extend(prepared.scenario_inputs().map(Path::to_path_buf));
        Ok(Session {
            input_paths: paths,
            loaded: prepared.loaded,
            criteria: prepared.criteria,
            scenarios: prepared.scenarios,
            evaluator,
        })
    }
}

/// Which options make the long list: every combination, or a shortlist.
#[derive(clap::Args)]
pub struct LongListArgs {
    /// Appraise, of each number of HASUs, only the K options with the
    /// lowest mean journey, found by proven search (for long lists too
    /// long to enumerate; the output says so)
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u16).range(1..=10_000))]
    pub shortlist: Option<u16>,
}

/// A file output: `--out` and `--force`.
#[derive(clap::Args)]
pub struct OutArgs {
    /// Write to this file instead of the terminal (whole or not at all)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// A dataset and criteria, loaded, with the evaluator built for them.
pub struct Session {
    /// Every file and folder the run reads.
    pub input_paths: Vec<PathBuf>,
    /// The scenarios applied to the dataset.
    pub scenarios: Vec<hasu::scenario::Scenario>,
    /// The dataset.
    pub loaded: Loaded,
    /// The criteria.
    pub criteria: Criteria,
    /// Evaluates options of the dataset under the criteria.
    pub evaluator: Evaluator,
}

impl Session {
    /// Appraises options of the dataset under the criteria.
    pub fn appraiser(&self) -> Appraiser<'_> {
        Appraiser {
            data: &self.loaded.dataset,
            criteria: &self.criteria,
            evaluator: &self.evaluator,
        }
    }

    /// Appraises the long list (every combination the rules allow, or the
    /// shortlist asked for), with a progress bar for long ones.
    pub fn appraise(&self, long_list: &LongListArgs) -> hasu::Result<hasu::rank::Appraisal> {
        let appraiser = self.appraiser();
        let rules = &self.criteria.options;
        let (sets, shortlist) = match long_list.shortlist {
            None => (hasu::search::enumerate(appraiser.data, rules)?, None),
            Some(k) => {
                let (sets, shortlist) = hasu::optimise::shortlist::shortlist(
                    appraiser.data,
                    rules,
                    usize::from(k),
                    &hasu::optimise::Settings::default(),
                    &hasu::optimise::rules::HurdleJudge {
                        evaluator: &self.evaluator,
                        hurdles: &self.criteria.hurdles,
                        groups: &self.criteria.options.groups,
                    },
                )?;
                (sets, Some(shortlist))
            }
        };
        // A bar for long lists only (a terminal's standard error; Ctrl-C
        // ends the run before anything is written).
        let bar = super::progress::quiet_bar(sets.len() as u64, "appraising", LONG_LIST);
        let mut appraisal =
            appraiser.appraise_sets(sets, &|done, _| bar.set_position(done as u64))?;
        bar.finish_and_clear();
        appraisal.shortlist = shortlist;
        Ok(appraisal)
    }

    /// Where the dataset, criteria and scenarios came from, for reports and
    /// packs.
    pub fn provenance(&self) -> hasu::Result<hasu::report::Provenance> {
        hasu::report::Provenance::of(&self.loaded, &self.criteria, &self.scenarios)
    }

    /// Checks that `path` may receive this run's output (never an input;
    /// never a replacement without `force`).
    pub fn output(&self, path: &std::path::Path, force: bool) -> hasu::Result<Output> {
        let inputs: Vec<&Path> = self.input_paths.iter().map(PathBuf::as_path).collect();
        Output::new(path, &inputs, force)
    }

    /// Checks the `--out` of `args`, if any, before any work starts.
    pub fn out(&self, args: &OutArgs) -> hasu::Result<Option<Output>> {
        args.out
            .as_deref()
            .map(|p| self.output(p, args.force))
            .transpose()
    }

    /// Where JSON documents say their figures come from (`dir` is the
    /// dataset folder as shown).
    pub fn source<'a>(&'a self, dir: &'a str) -> json::Source<'a> {
        json::Source {
            dir,
            data: &self.loaded.dataset,
            criteria: &self.criteria,
            scenarios: &self.scenarios,
        }
    }

    /// Today's configuration, explained.
    pub fn today(&self) -> hasu::rank::Detail {
        let a = self.appraiser();
        a.detail(&a.today(), Standing::NotRanked)
    }
}

/// Rank every combination of candidate sites the criteria allow.
///
/// Example: hasu appraise --hasus 3..4 --format csv --out options.csv
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    narrowing: Narrowing,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
    /// Show at most N passing options (and N failing ones) [default: all]
    #[arg(long, value_name = "N")]
    show: Option<usize>,
    /// Show only the options that pass every hurdle
    #[arg(long)]
    passing: bool,
    #[command(flatten)]
    long_list: LongListArgs,
    #[command(flatten)]
    out: OutArgs,
    #[command(flatten)]
    draws: DrawArgs,
}

/// Which options to consider, narrowing the criteria's `[options]`.
#[derive(clap::Args)]
pub struct Narrowing {
    /// Sizes of option to consider, e.g. 3 or 2..4 [default: the criteria's]
    #[arg(long, value_name = "N..M", value_parser = parse_sizes)]
    hasus: Option<(usize, usize)>,
    /// A site every option must include (repeat, or separate with commas)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    require: Vec<String>,
    /// A site no option may include (repeat, or separate with commas)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    exclude: Vec<String>,
}

impl Narrowing {
    /// Narrows the session's criteria's options.
    ///
    /// # Errors
    /// Refuses a site that is not a candidate.
    pub fn apply(&self, session: &mut Session) -> hasu::Result<()> {
        let data = &session.loaded.dataset;
        let require = candidate_sites(data, &self.require, "--require")?;
        let exclude = candidate_sites(data, &self.exclude, "--exclude")?;
        let options = &mut session.criteria.options;
        if let Some((min, max)) = self.hasus {
            options.min_hasus = min;
            options.max_hasus = max;
        }
        options.narrow(&require, &exclude);
        Ok(())
    }
}

/// How many robustness draws to make, and from which seed.
#[derive(clap::Args)]
pub struct DrawArgs {
    /// Weight draws of each weight distribution [default: the criteria's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    draws: Option<u64>,
    /// Draws of the uncertain inputs; 0 for none [default: the criteria's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    input_draws: Option<u64>,
    /// Seed of every draw [default: the criteria's]
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
}

impl DrawArgs {
    /// The draws to make, the criteria's where no flag was given.
    pub fn draws(&self, c: &Criteria) -> Draws {
        let r = &c.robustness;
        Draws {
            seed: self.seed.unwrap_or(r.seed),
            weights: self.draws.map_or(r.weight_draws, |n| n as usize),
            inputs: self.input_draws.map_or(r.input_draws, |n| n as usize),
        }
    }
}

/// A number of HASUs (`3`) or a range of them (`2..4`, `2..=4`).
pub fn parse_sizes(s: &str) -> Result<(usize, usize), String> {
    let bad =
        || format!("expected a number of HASUs such as 3, or a range such as 2..4, found \"{s}\"");
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (a, b.trim_start_matches('=')),
        None => (s, s),
    };
    let a: usize = a.trim().parse().map_err(|_| bad())?;
    let b: usize = b.trim().parse().map_err(|_| bad())?;
    if a == 0 || a > b {
        return Err(bad());
    }
    Ok((a, b))
}

/// Site ids given on the command line → indices of candidate sites.
pub fn candidate_sites(
    data: &hasu::model::Dataset,
    ids: &[String],
    flag: &str,
) -> hasu::Result<Vec<usize>> {
    let mut out = Vec::new();
    for id in ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let s = hasu::edit::site_index(data, id)
            .map_err(|e| hasu::Error::Refused(format!("{flag}: {e}")))?;
        if data.sites[s].role != hasu::model::Role::Candidate {
            return Err(hasu::Error::Refused(format!(
                "{flag}: site \"{id}\" is {}, not a candidate; fixed_open units are open in every option and closed sites in none",
                data.sites[s].role
            )));
        }
        out.push(s);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The HASU sites of an option written as site ids separated by commas
/// (`DA,MW,WH`), which must name at least one candidate.
pub fn option_sites(
    data: &hasu::model::Dataset,
    ids: &str,
    flag: &str,
) -> hasu::Result<Vec<usize>> {
    let list: Vec<String> = ids.split([',', '+']).map(str::to_string).collect();
    let sites = candidate_sites(data, &list, flag)?;
    if sites.is_empty() {
        return Err(hasu::Error::Refused(format!(
            "{flag}: expected the HASU site ids of the option, separated by commas (e.g. DA,MW,WH), found \"{}\"",
            hasu::error::inert(ids)
        )));
    }
    Ok(sites)
}

/// Writes with `render` to the checked output `file`, or to the terminal.
pub fn emit(
    out: &mut dyn Write,
    file: Option<&Output>,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> CliResult {
    match file {
        Some(o) => {
            super::written(o.write_file(render)?);
            writeln!(out, "wrote {}", o.path().display())?;
        }
        None => render(out)?,
    }
    Ok(Outcome::Done)
}

/// Options from which `appraise` shows its progress.
const LONG_LIST: u64 = 100_000;

/// Runs `hasu appraise`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let mut session = args.inputs.load()?;
    let file = session.out(&args.out)?;
    args.narrowing.apply(&mut session)?;
    let appraiser = session.appraiser();
    let criteria = appraiser.criteria;
    let appraisal = session.appraise(&args.long_list)?;
    let study = robustness::study(&appraiser, &appraisal, args.draws.draws(criteria))?;
    let dir = hasu::report::label(&session.loaded.dir);
    let listing = text::Listing {
        show: args.show,
        passing: args.passing,
    };
    // CSV and JSON: the passing options only with --passing, and at most
    // --show options.
    let listed = {
        let all = if args.passing {
            appraisal.ranked()
        } else {
            &appraisal.options[..]
        };
        &all[..all.len().min(args.show.unwrap_or(usize::MAX))]
    };
    emit(out, file.as_ref(), |w| match args.format {
        ListFormat::Table => appraiser.with_details(appraisal.failed(), |failing| {
            text::appraisal(
                w,
                session.source(&dir),
                &appraisal,
                &study,
                failing,
                listing,
            )
        }),
        ListFormat::Csv => appraiser.with_details(listed, |details| {
            table::write_options(w, &criteria.hurdles, details)
        }),
        ListFormat::Json => appraiser.with_details(listed, |details| {
            json::write_appraisal(
                w,
                session.source(&dir),
                &appraisal,
                &study,
                &session.today(),
                details,
            )
        }),
    })?;
    Ok(if appraisal.passing == 0 {
        Outcome::Negative
    } else {
        Outcome::Done
    })
}
