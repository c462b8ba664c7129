//! `hasu explore`: the live "what if" page, served on this computer only.

use std::io::Write;
use std::path::{Path, PathBuf};

use hasu::explore::{Explorer, server};

use super::{CliResult, Outcome};

/// Serve a page on this computer (127.0.0.1 only) where a board can ask
/// "what if" live: weights, hospitals required or excluded, number of
/// HASUs, group rules, scenarios, journey times, demand and outcome
/// policy, with the ranking, its robustness, a map and options side by
/// side, each exactly as `hasu appraise` computes it. "Export this view"
/// writes the files that reproduce it with the CLI, into --exports only.
///
/// Example: hasu explore --exports views
#[derive(clap::Args)]
pub struct Args {
    /// The dataset folder [default: the Kent and Medway data compiled into
    /// hasu, as in data/kent-medway]
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The criteria file [default: the criteria compiled into hasu, as in
    /// criteria/kent-medway.toml]
    #[arg(long, value_name = "FILE")]
    criteria: Option<PathBuf>,
    /// A scenario file the page offers (repeat for several)
    #[arg(long, value_name = "FILE")]
    scenario: Vec<PathBuf>,
    /// A folder whose scenario files (*.toml) the page offers, those that
    /// fit the dataset [default: ./scenarios, when it exists]
    #[arg(long, value_name = "DIR")]
    scenarios: Option<PathBuf>,
    /// The folder "export this view" writes into (an existing folder);
    /// without it the page writes nothing
    #[arg(long, value_name = "DIR")]
    exports: Option<PathBuf>,
    /// The port on 127.0.0.1; 0 for any free port
    #[arg(long, default_value_t = 7878)]
    port: u16,
}

/// The scenario files of `dir`, sorted by name.
fn scenario_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Runs `hasu explore` until Ctrl-C.
pub fn run(args: Args, out: &mut dyn Write) -> CliResult {
    if let Some(dir) = &args.exports
        && !dir.is_dir()
    {
        return Err(hasu::Error::Refused(format!(
            "--exports {}: expected an existing folder for the exported views",
            hasu::error::inert(&dir.display().to_string())
        ))
        .into());
    }
    let folder = args
        .scenarios
        .clone()
        .or_else(|| Some(PathBuf::from("scenarios")).filter(|d| d.is_dir()));
    let found = match &folder {
        Some(d) => scenario_files(d).map_err(|e| hasu::Error::io(d, e))?,
        None => Vec::new(),
    };
    let explorer = Explorer::new(
        args.data.as_deref(),
        args.criteria.as_deref(),
        &args.scenario,
        &found,
        args.exports.as_deref(),
    )?;
    for name in &explorer.skipped {
        eprintln!("note: scenario {name} does not fit this dataset; not offered");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| hasu::Error::Refused(format!("could not start the server: {e}")))?;
    runtime.block_on(async {
        let listener = server::bind(args.port).await.map_err(|e| {
            hasu::Error::Refused(format!(
                "could not listen on 127.0.0.1:{}: {e}; try another --port (0 for any)",
                args.port
            ))
        })?;
        let port = listener.local_addr().map_err(|e| hasu::Error::Refused(e.to_string()))?.port();
        writeln!(
            out,
            "hasu explore: open http://127.0.0.1:{port}/ in a browser on this computer (Ctrl-C stops)"
        )?;
        out.flush()?;
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        server::serve(explorer, listener, stop)
            .await
            .map_err(|e| hasu::Error::Refused(format!("the server stopped: {e}")))?;
        Ok(Outcome::Done)
    })
}
