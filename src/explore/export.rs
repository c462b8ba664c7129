//! "Export this view": a new folder inside the export folder the explorer
//! was started with, holding the view's criteria and scenario files, the
//! appraisal they give (`appraisal.json`, byte for byte what `hasu
//! appraise` writes with them), the evidence pack of the option ranked
//! first, and a README with the command, every input's SHA-256 and the
//! seed. The folder appears whole or not at all, and never replaces one.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::view::{CRITERIA_FILE, SCENARIO_FILE};
use super::{Explorer, Refusal, View};
use crate::files::output::Output;
use crate::files::write_new;
use crate::rank::Standing;
use crate::report::Provenance;
use crate::report::export::{PackInput, write_pack};

/// The longest name of an exported folder.
const MOST_NAME: usize = 64;

/// A view, exported.
#[derive(Debug, Serialize)]
pub struct Exported {
    /// The folder written.
    pub folder: PathBuf,
    /// The command that reproduces `appraisal.json`, run in the folder.
    pub command: String,
    /// The option ranked first, whose evidence pack is in `pack/`.
    pub first: Option<String>,
    /// Temporary folders beside it that an interrupted export left (never
    /// removed by hasu).
    pub stale: Vec<PathBuf>,
}

impl Explorer {
    /// Writes `view` into the new folder `name` of the export folder.
    ///
    /// # Errors
    /// Refuses without an export folder, a name that is not a plain folder
    /// name, a folder that exists, and the view's problems.
    pub fn export(&self, view: &View, name: &str) -> Result<Exported, Refusal> {
        let Some(root) = &self.exports else {
            return Err(Refusal::Bad(vec![
                "this explorer writes nothing: start it with --exports DIR to export views into DIR"
                    .to_string(),
            ]));
        };
        check_name(name)?;
        let (files, chosen) = self.files(view)?;
        let path = root.join(name);
        if path.symlink_metadata().is_ok() {
            return Err(Refusal::Bad(vec![format!(
                "folder \"{name}\" exists in the export folder; choose another name (nothing is replaced)"
            )]));
        }
        let mut inputs: Vec<&Path> = self.inputs.paths();
        inputs.extend(chosen.iter().map(PathBuf::as_path));
        let out = Output::new(&path, &inputs, false)?;
        let mut first = None;
        let command = command(
            self.inputs.data.as_deref(),
            &chosen,
            files.scenario.is_some(),
        );
        let written = out.write_dir(|tmp| {
            let criteria = tmp.join(CRITERIA_FILE);
            let scenario = tmp.join(SCENARIO_FILE);
            write_new(&criteria, |w| w.write_all(files.criteria.as_bytes()))?;
            if let Some(text) = &files.scenario {
                write_new(&scenario, |w| w.write_all(text.as_bytes()))?;
            }
            let c = self
                .appraise(files.clone(), chosen.clone(), &criteria, &scenario)
                .map_err(|r| crate::Error::Refused(r.to_string()))?;
            write_new(&tmp.join("appraisal.json"), |w| {
                w.write_all(c.json.as_bytes())
            })?;
            let p = &c.prepared;
            let provenance = Provenance::of(&p.loaded, &p.criteria, &p.scenarios)?;
            let appraiser = c.appraiser();
            let today = appraiser.detail(&appraiser.today(), Standing::NotRanked);
            if let Some(top) = c.appraisal.ranked().first() {
                let detail = appraiser.detail(top, Standing::InLongList);
                let input = PackInput {
                    data: &p.loaded.dataset,
                    criteria: &p.criteria,
                    evaluator: &c.evaluator,
                    provenance: &provenance,
                    today: &today,
                    scenarios: &p.scenarios,
                    study: Some((&c.study, &c.appraisal)),
                };
                write_pack(&tmp.join("pack"), &input, &detail)?;
                first = Some(detail.id);
            }
            write_new(&tmp.join("README.txt"), |w| {
                readme(w, &command, &provenance, first.as_deref(), &c.study.draws)
            })
        })?;
        Ok(Exported {
            folder: path,
            command,
            first,
            stale: written.stale,
        })
    }
}

/// Refuses a folder name that is not plain: 1 to 64 letters, digits, `.`,
/// `_` or `-`, not starting with `.` (so never `..`, a path or a hidden
/// folder).
fn check_name(name: &str) -> Result<(), Refusal> {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty()
        || name.len() > MOST_NAME
        || name.starts_with('.')
        || !name.chars().all(plain)
    {
        return Err(Refusal::Bad(vec![format!(
            "folder \"{}\": expected a plain folder name of 1 to {MOST_NAME} letters, digits, '.', '_' or '-', not starting with '.'",
            crate::error::inert(name)
        )]));
    }
    Ok(())
}

/// A path for a POSIX shell: quoted when it holds anything but letters,
/// digits and `/._-`.
fn shell(path: &Path) -> String {
    let s = path.to_string_lossy();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
    {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The command that reproduces the view's `appraisal.json`, run in its
/// folder.
fn command(data: Option<&Path>, chosen: &[PathBuf], scenario: bool) -> String {
    let mut c = String::from("hasu appraise");
    if let Some(d) = data {
        c.push_str(&format!(" --data {}", shell(d)));
    }
    c.push_str(&format!(" --criteria {CRITERIA_FILE}"));
    for p in chosen {
        c.push_str(&format!(" --scenario {}", shell(p)));
    }
    if scenario {
        c.push_str(&format!(" --scenario {SCENARIO_FILE}"));
    }
    c.push_str(" --passing --format json");
    c
}

fn readme(
    w: &mut dyn Write,
    command: &str,
    p: &Provenance,
    first: Option<&str>,
    draws: &crate::robustness::Draws,
) -> std::io::Result<()> {
    writeln!(w, "A view of hasu explore, exported")?;
    writeln!(w, "================================")?;
    writeln!(w)?;
    writeln!(
        w,
        "Run in this folder, this command writes appraisal.json byte for byte:"
    )?;
    writeln!(w)?;
    writeln!(w, "  {command} > appraisal.json")?;
    writeln!(w)?;
    writeln!(
        w,
        "{CRITERIA_FILE}  The criteria with the view's weights, sites, sizes,"
    )?;
    writeln!(w, "               group rules and outcome policy.")?;
    writeln!(
        w,
        "{SCENARIO_FILE}  The view's changes to the data (journey-time factor,"
    )?;
    writeln!(
        w,
        "               demand growth, sites' roles), when it has any."
    )?;
    writeln!(
        w,
        "appraisal.json The appraisal: every option that passes, ranked, with its"
    )?;
    writeln!(
        w,
        "               robustness study (schema hasu.appraisal/1, see hasu's README)."
    )?;
    match first {
        Some(id) => writeln!(
            w,
            "pack/          The evidence pack of the option ranked first ({id}), with\n               its own README.txt."
        )?,
        None => writeln!(
            w,
            "No option passes every hurdle, so there is no evidence pack."
        )?,
    }
    writeln!(w)?;
    writeln!(w, "Inputs (SHA-256)")?;
    writeln!(w, "----------------")?;
    writeln!(w, "Dataset {}:", p.data)?;
    for f in &p.files {
        writeln!(w, "  {}  {}", f.sha256, f.file)?;
    }
    writeln!(w, "Criteria:\n  {}  {}", p.criteria.sha256, p.criteria.file)?;
    for s in &p.scenarios {
        writeln!(w, "Scenario \"{}\":", s.name)?;
        for f in &s.files {
            writeln!(w, "  {}  {}", f.sha256, f.file)?;
        }
    }
    writeln!(w)?;
    writeln!(
        w,
        "Robustness draws: seed {}, {} weight draws, {} input draws.",
        draws.seed, draws.weights, draws.inputs
    )?;
    writeln!(w, "hasu {}.", p.hasu_version)
}
