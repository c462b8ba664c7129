//! `hasu appraise`: rank every option the criteria allow.

use std::io::Write;
use std::path::PathBuf;

use hasu::criteria::{Criteria, load_criteria};
use hasu::evaluate::{Evaluator, SiteSet};
use hasu::load::{Loaded, load_dataset};
use hasu::rank::{Appraised, appraise, assess};
use hasu::report::{json, table, text};

use super::{CliResult, Outcome, data_dir};

/// How `appraise` and `option` print their result.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
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
    /// The dataset folder [default: data/kent-medway]
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The criteria file [default: criteria/kent-medway.toml]
    #[arg(long, value_name = "FILE")]
    pub criteria: Option<PathBuf>,
}

/// The default criteria file.
pub const DEFAULT_CRITERIA: &str = "criteria/kent-medway.toml";

impl Inputs {
    /// Loads the dataset and the criteria, and prepares to evaluate options.
    pub fn load(&self) -> Result<Session, hasu::Error> {
        let loaded = load_dataset(&data_dir(self.data.clone()))?;
        let path = self
            .criteria
            .clone()
            .unwrap_or_else(|| super::default_path(DEFAULT_CRITERIA));
        let criteria = load_criteria(&path, &loaded.dataset)?;
        let evaluator = Evaluator::new(&loaded.dataset, &criteria)?;
        Ok(Session {
            loaded,
            criteria,
            evaluator,
        })
    }
}

/// A dataset and criteria, loaded, with the evaluator built for them.
pub struct Session {
    /// The dataset.
    pub loaded: Loaded,
    /// The criteria.
    pub criteria: Criteria,
    /// Evaluates options of the dataset under the criteria.
    pub evaluator: Evaluator,
}

impl Session {
    /// Evaluates and tests the option whose HASUs are `sites`.
    pub fn assess(&self, sites: &SiteSet) -> Appraised {
        let mut scratch = self.evaluator.scratch();
        assess(
            &self.loaded.dataset,
            &self.criteria,
            &self.evaluator,
            sites,
            &mut scratch,
        )
    }

    /// Today's configuration, appraised.
    pub fn today(&self) -> Appraised {
        self.assess(&self.evaluator.today())
    }

    /// One option with today's configuration, as JSON.
    pub fn option_json(&self, option: &Appraised, today: &Appraised) -> String {
        json::to_string(&json::OptionJson::new(
            self.loaded.dir.display().to_string(),
            &self.loaded.dataset,
            &self.criteria,
            today,
            option,
        ))
    }
}

/// Rank every combination of candidate sites the criteria allow.
///
/// Example: hasu appraise --hasus 3..4 --format csv --out options.csv
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Sizes of option to consider, e.g. 3 or 2..4 [default: the criteria's]
    #[arg(long, value_name = "N..M", value_parser = parse_sizes)]
    hasus: Option<(usize, usize)>,
    /// A site every option must include (repeat, or separate with commas)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    require: Vec<String>,
    /// A site no option may include (repeat, or separate with commas)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    exclude: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Output::Table)]
    format: Output,
    /// Write to this file (atomically) instead of the terminal
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

fn parse_sizes(s: &str) -> Result<(usize, usize), String> {
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

/// Writes `text` to `out`, or to the terminal.
pub fn emit(out: &mut dyn Write, file: &Option<PathBuf>, text: &str) -> std::io::Result<()> {
    match file {
        Some(path) => {
            hasu::files::atomic::write_file(path, |w| w.write_all(text.as_bytes()))
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            writeln!(out, "wrote {}", path.display())
        }
        None => out.write_all(text.as_bytes()),
    }
}

/// Runs `hasu appraise`.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    let mut session = args.inputs.load()?;
    let data = &session.loaded.dataset;
    let require = candidate_sites(data, &args.require, "--require")?;
    let exclude = candidate_sites(data, &args.exclude, "--exclude")?;
    let options = &mut session.criteria.options;
    if let Some((min, max)) = args.hasus {
        options.min_hasus = min;
        options.max_hasus = max;
    }
    options.narrow(&require, &exclude);
    let (data, criteria) = (&session.loaded.dataset, &session.criteria);
    let appraisal = appraise(data, criteria, &session.evaluator)?;
    let rendered = match args.format {
        Output::Table => text::appraisal(&appraisal, criteria),
        Output::Csv => {
            let mut buf = Vec::new();
            let rows: Vec<&Appraised> = appraisal.options.iter().collect();
            table::write_options(&mut buf, &rows)?;
            String::from_utf8_lossy(&buf).into_owned()
        }
        Output::Json => json::to_string(&json::AppraisalJson {
            schema: json::SCHEMA,
            hasu_version: env!("CARGO_PKG_VERSION"),
            data: session.loaded.dir.display().to_string(),
            criteria: json::CriteriaJson::of(criteria, data),
            appraisal: &appraisal,
        }),
    };
    emit(out, &args.out, &rendered)?;
    Ok(if appraisal.passing == 0 {
        Outcome::Negative
    } else {
        Outcome::Done
    })
}
