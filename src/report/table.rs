//! CSV output: one row per option, numbers as plain numbers, text cells made
//! safe for spreadsheets ([`super::spreadsheet_safe`]).

use std::io;

use super::words;
use crate::criteria::Hurdles;
use crate::rank::Detail;

/// The columns of [`write_options`].
pub const COLUMNS: [&str; 22] = [
    "rank",
    "option",
    "hasus",
    "passes",
    "score",
    "failed_hurdles",
    "mean_travel",
    "median_travel",
    "p95_travel",
    "max_travel",
    "within_30",
    "within_45",
    "within_60",
    "mean_call_to_needle",
    "call_to_needle_within_target",
    "smallest_hasu_admissions",
    "largest_hasu_admissions",
    "thrombolysis_within_limit",
    "co_location",
    "largest_district_increase",
    "share_travelling_further",
    "reasons",
];

fn round(x: f64, decimals: i32) -> String {
    let k = 10f64.powi(decimals);
    let r = (x * k).round() / k;
    // `+ 0.0` turns -0 into 0.
    format!("{}", r + 0.0)
}

/// Writes `options` as CSV, one row each.
pub fn write_options(
    w: &mut dyn io::Write,
    hurdles: &Hurdles,
    options: impl Iterator<Item = Detail>,
) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record(COLUMNS)?;
    for o in options {
        let a = &o.assessed;
        let m = &a.metrics;
        let failed: Vec<&str> = o.failed_hurdles(hurdles).map(|h| h.as_str()).collect();
        let reasons: Vec<String> = words::hurdles(hurdles, &o)
            .into_iter()
            .filter(|h| !h.passed)
            .flat_map(|h| {
                h.reasons
                    .into_iter()
                    .map(move |r| format!("{}: {r}", h.hurdle))
            })
            .collect();
        let row = [
            a.rank.map_or(String::new(), |r| r.to_string()),
            super::spreadsheet_safe(&o.id).into_owned(),
            o.sites.len().to_string(),
            if a.passes { "yes" } else { "no" }.to_string(),
            a.score.map_or(String::new(), |s| round(s, 2)),
            failed.join(";"),
            round(m.mean_travel, 2),
            round(m.median_travel, 1),
            round(m.p95_travel, 1),
            round(m.max_travel, 1),
            round(m.within_30, 4),
            round(m.within_45, 4),
            round(m.within_60, 4),
            round(m.mean_call_to_needle, 2),
            round(m.call_to_needle_within_target, 4),
            round(m.smallest_hasu_admissions, 1),
            round(m.largest_hasu_admissions, 1),
            round(m.thrombolysis_within_limit, 4),
            round(m.co_location, 4),
            round(m.largest_district_increase, 2),
            round(m.share_travelling_further, 4),
            super::spreadsheet_safe(&reasons.join("; ")).into_owned(),
        ];
        out.write_record(&row)?;
    }
    out.flush()
}
