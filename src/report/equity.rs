//! The equality and health inequalities figures of an option, for people
//! and programs: the JSON view, the terminal section and `equity.csv`.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::fixed;
use super::patients::shown_change;
use crate::equity::{EquityAccount, GroupChange};
use crate::summary::thousands;

/// One group's figures, flat, as written to JSON and CSV.
#[derive(Serialize)]
pub struct GroupJson {
    /// Region zones in the group.
    pub zones: usize,
    /// Admissions a year.
    pub admissions: f64,
    /// Mean travel under the option, minutes.
    pub mean_travel: f64,
    /// Today.
    pub mean_travel_today: f64,
    /// 95th percentile travel under the option, minutes.
    pub p95_travel: f64,
    /// Today.
    pub p95_travel_today: f64,
    /// Share within 30 minutes under the option.
    pub within_30: f64,
    /// Today.
    pub within_30_today: f64,
    /// Share within 45 minutes under the option.
    pub within_45: f64,
    /// Today.
    pub within_45_today: f64,
    /// Share meeting the call-to-needle target under the option.
    pub call_to_needle_within_target: f64,
    /// Today.
    pub call_to_needle_within_target_today: f64,
    /// Admissions a year travelling further than today.
    pub admissions_further: f64,
    /// Their mean increase, minutes.
    pub mean_increase_for_those_further: f64,
    /// Added good outcomes per 1,000 admissions under the option (with the
    /// patient-benefit analysis).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added_good_outcomes_per_1000: Option<f64>,
    /// Today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added_good_outcomes_per_1000_today: Option<f64>,
}

impl GroupJson {
    fn of<G>(g: &GroupChange<G>) -> GroupJson {
        let (o, t) = (&g.option, &g.today);
        GroupJson {
            zones: g.zones,
            admissions: o.admissions,
            mean_travel: o.mean_travel,
            mean_travel_today: t.mean_travel,
            p95_travel: o.p95_travel,
            p95_travel_today: t.p95_travel,
            within_30: o.within_30,
            within_30_today: t.within_30,
            within_45: o.within_45,
            within_45_today: t.within_45,
            call_to_needle_within_target: o.call_to_needle_within_target,
            call_to_needle_within_target_today: t.call_to_needle_within_target,
            admissions_further: g.admissions_further,
            mean_increase_for_those_further: g.mean_increase_for_those_further,
            added_good_outcomes_per_1000: o.added_good_outcomes_per_1000,
            added_good_outcomes_per_1000_today: t.added_good_outcomes_per_1000,
        }
    }
}

/// A deprivation quintile.
#[derive(Serialize)]
pub struct QuintileJson {
    /// 1 = the most deprived fifth of the region's admissions, 5 = the
    /// least.
    pub quintile: u8,
    /// Its figures.
    #[serde(flatten)]
    pub figures: GroupJson,
}

/// A rurality group.
#[derive(Serialize)]
pub struct RuralityJson {
    /// `urban`, `rural_town_fringe`, `rural_village_dispersed` or `sparse`
    /// (sparse settings of any group).
    pub group: &'static str,
    /// Its figures.
    #[serde(flatten)]
    pub figures: GroupJson,
}

/// An option's `equity` object.
#[derive(Serialize)]
pub struct EquityJson {
    /// Quintiles 1–5 (empty without scores).
    pub deprivation: Vec<QuintileJson>,
    /// Rurality groups, then sparse settings (empty without classes).
    pub rurality: Vec<RuralityJson>,
    /// Most deprived quintile's mean travel minus the least deprived's,
    /// minutes, under the option.
    pub deprivation_gap: Option<f64>,
    /// The same today.
    pub deprivation_gap_today: Option<f64>,
    /// Option minus today.
    pub deprivation_gap_change: Option<f64>,
    /// Rural zones' mean travel minus urban zones', minutes.
    pub rural_gap: Option<f64>,
    /// The same today.
    pub rural_gap_today: Option<f64>,
    /// Option minus today.
    pub rural_gap_change: Option<f64>,
    /// Region zones without an income-deprivation score.
    pub unscored_zones: usize,
    /// Their admissions a year.
    pub unscored_admissions: f64,
    /// Region zones without a rural-urban class.
    pub unclassified_zones: usize,
    /// Their admissions a year.
    pub unclassified_admissions: f64,
}

fn change(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? - b?)
}

impl EquityJson {
    /// The JSON view of `e`.
    pub fn of(e: &EquityAccount) -> EquityJson {
        EquityJson {
            deprivation: e
                .deprivation
                .iter()
                .map(|g| QuintileJson {
                    quintile: g.group,
                    figures: GroupJson::of(g),
                })
                .collect(),
            rurality: rurality_rows(e)
                .map(|(group, g)| RuralityJson { group, figures: g })
                .collect(),
            deprivation_gap: e.deprivation_gap,
            deprivation_gap_today: e.deprivation_gap_today,
            deprivation_gap_change: change(e.deprivation_gap, e.deprivation_gap_today),
            rural_gap: e.rural_gap,
            rural_gap_today: e.rural_gap_today,
            rural_gap_change: change(e.rural_gap, e.rural_gap_today),
            unscored_zones: e.unscored.0,
            unscored_admissions: e.unscored.1,
            unclassified_zones: e.unclassified.0,
            unclassified_admissions: e.unclassified.1,
        }
    }
}

/// The rurality groups and sparse settings, named.
fn rurality_rows(e: &EquityAccount) -> impl Iterator<Item = (&'static str, GroupJson)> + '_ {
    e.rurality
        .iter()
        .map(|g| (g.group.as_str(), GroupJson::of(g)))
        .chain(e.sparse.iter().map(|g| ("sparse", GroupJson::of(g))))
}

/// A rurality group in words.
pub fn rurality_name(group: &str) -> &'static str {
    match group {
        "urban" => "urban",
        "rural_town_fringe" => "rural town and fringe",
        "rural_village_dispersed" => "rural village and dispersed",
        _ => "sparse settings (any)",
    }
}

/// A quintile in words: "1 (most deprived)".
pub fn quintile_name(q: u8) -> String {
    match q {
        1 => "1 (most deprived)".to_string(),
        5 => "5 (least deprived)".to_string(),
        q => q.to_string(),
    }
}

/// A gap sentence: "The most deprived fifth's mean journey is 2.1 minutes
/// longer than the least deprived's (today 1.0; change +1.1)."
pub fn gap_sentence(what: &str, gap: Option<f64>, today: Option<f64>) -> Option<String> {
    let (g, t) = (gap?, today?);
    let side = |x: f64| {
        if x >= 0.0 {
            format!("{} minutes longer", fixed(x, 1))
        } else {
            format!("{} minutes shorter", fixed(-x, 1))
        }
    };
    Some(format!(
        "{what}: {} under the option, {} today (change {} minutes).",
        side(g),
        side(t),
        shown_change(g, t, 1)
    ))
}

/// The terminal section.
pub fn section(out: &mut String, e: &EquityAccount) {
    let _ = writeln!(
        out,
        "\nEquality and health inequalities (region zones; today in brackets)"
    );
    let rows: Vec<(String, GroupJson)> = e
        .deprivation
        .iter()
        .map(|g| {
            (
                format!("quintile {}", quintile_name(g.group)),
                GroupJson::of(g),
            )
        })
        .chain(rurality_rows(e).map(|(n, g)| (rurality_name(n).to_string(), g)))
        .collect();
    let _ = writeln!(
        out,
        "  group                           admissions   mean travel       within 45     travelling further"
    );
    for (name, g) in rows {
        let _ = writeln!(
            out,
            "  {name:<30} {:>10} {:>6} ({:>5}) {:>7} ({:>6}) {:>8} by {} min",
            thousands(g.admissions),
            fixed(g.mean_travel, 1),
            fixed(g.mean_travel_today, 1),
            super::words::percent(g.within_45),
            super::words::percent(g.within_45_today),
            thousands(g.admissions_further),
            fixed(g.mean_increase_for_those_further, 1)
        );
    }
    for s in [
        gap_sentence(
            "Most deprived fifth against least deprived",
            e.deprivation_gap,
            e.deprivation_gap_today,
        ),
        gap_sentence("Rural against urban", e.rural_gap, e.rural_gap_today),
    ]
    .into_iter()
    .flatten()
    {
        let _ = writeln!(out, "  {s}");
    }
    if e.unscored.0 > 0 || e.unclassified.0 > 0 {
        let _ = writeln!(
            out,
            "  Not in any group: {} zones ({} admissions a year) without a deprivation score, {} ({}) without a rural-urban class.",
            e.unscored.0,
            thousands(e.unscored.1),
            e.unclassified.0,
            thousands(e.unclassified.1)
        );
    }
}

/// Writes `equity.csv`: one row per group.
pub fn write_csv(
    w: &mut dyn Write,
    e: &EquityAccount,
    num: fn(f64, i32) -> String,
) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record([
        "kind",
        "group",
        "zones",
        "admissions",
        "mean_minutes",
        "mean_minutes_today",
        "p95_minutes",
        "p95_minutes_today",
        "within_30",
        "within_30_today",
        "within_45",
        "within_45_today",
        "call_to_needle_within_target",
        "call_to_needle_within_target_today",
        "admissions_travelling_further",
        "mean_increase_minutes",
        "added_good_outcomes_per_1000",
        "added_good_outcomes_per_1000_today",
    ])?;
    let rows = e
        .deprivation
        .iter()
        .map(|g| {
            (
                "deprivation_quintile",
                g.group.to_string(),
                GroupJson::of(g),
            )
        })
        .chain(rurality_rows(e).map(|(n, g)| ("rurality", n.to_string(), g)));
    let opt = |x: Option<f64>| x.map_or_else(String::new, |x| num(x, 2));
    for (kind, group, g) in rows {
        out.write_record([
            kind.to_string(),
            group,
            g.zones.to_string(),
            num(g.admissions, 2),
            num(g.mean_travel, 2),
            num(g.mean_travel_today, 2),
            num(g.p95_travel, 1),
            num(g.p95_travel_today, 1),
            num(g.within_30, 4),
            num(g.within_30_today, 4),
            num(g.within_45, 4),
            num(g.within_45_today, 4),
            num(g.call_to_needle_within_target, 4),
            num(g.call_to_needle_within_target_today, 4),
            num(g.admissions_further, 2),
            num(g.mean_increase_for_those_further, 2),
            opt(g.added_good_outcomes_per_1000),
            opt(g.added_good_outcomes_per_1000_today),
        ])?;
    }
    out.flush()
}
