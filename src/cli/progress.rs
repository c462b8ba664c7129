//! Progress for work that may take more than a couple of seconds: a bar on
//! a terminal (standard error), nothing otherwise; Ctrl-C asks the work to
//! stop at its next step, before anything is written.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// A progress bar of `len` steps, drawn only when standard error is a
/// terminal; installs the Ctrl-C handler.
pub fn bar(len: u64, what: &str) -> ProgressBar {
    // A second handler cannot be installed; the first stays.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    styled(ProgressBar::new(len), what)
}

/// A progress bar of `len` steps for work that Ctrl-C may simply end (it
/// writes nothing until done): drawn only when `len` is at least `from` and
/// standard error is a terminal; no Ctrl-C handler.
pub fn quiet_bar(len: u64, what: &str, from: u64) -> ProgressBar {
    if len < from || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    styled(ProgressBar::new(len), what)
}

fn styled(bar: ProgressBar, what: &str) -> ProgressBar {
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

/// A `progress(done, total)` callback for the domain's long work that
/// moves `bar`, and stops the work once Ctrl-C was pressed.
pub fn steps(bar: &ProgressBar) -> impl FnMut(usize, usize) -> bool + '_ {
    |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        !interrupted()
    }
}

/// Calls `work` with a progress bar of the network's calibration
/// (`calibrating the network`, one step an iteration, of at most
/// `iterations`), cleared when it ends.
pub fn calibrating<T>(
    iterations: usize,
    work: impl FnOnce(&mut dyn FnMut(usize, usize) -> bool) -> T,
) -> T {
    let bar = bar(iterations as u64, "calibrating the network");
    let done = work(&mut steps(&bar));
    bar.finish_and_clear();
    done
}

/// Whether Ctrl-C was pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
