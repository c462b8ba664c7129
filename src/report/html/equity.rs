//! "Equality and health inequalities" of a shown option: mean journeys by
//! deprivation quintile and by rurality against today (a chart and its
//! table), the two gaps in words, and a map of deprivation with the zones
//! whose journey grows most outlined.

use maud::{Markup, html};

use super::maps::{Marks, View, legend, map};
use super::{ReportInput, at};
use crate::equity::{EquityAccount, GroupFigures};
use crate::evaluate::ZoneTrip;
use crate::rank::Detail;
use crate::report::equity::{gap_sentence, quintile_name, rurality_name};
use crate::report::fixed;
use crate::report::patients::shown_change;
use crate::summary::thousands;

/// Quintile colours, most deprived first (ColorBrewer PuRd).
const QUINTILE: [&str; 5] = ["#980043", "#DD1C77", "#DF65B0", "#D7B5D8", "#F1EEF6"];
/// Zones outside the region, or without a score.
const NO_QUINTILE: &str = "#FFFFFF";
/// A zone's journey must grow by at least this many minutes to be outlined.
const LONGER_BY: f64 = 10.0;

/// A group's row: name, zones, under the option, today, admissions
/// travelling further and by how much.
type Row<'a> = (String, &'a GroupFigures, &'a GroupFigures, f64, f64);

fn rows(e: &EquityAccount) -> Vec<Row<'_>> {
    let mut out: Vec<Row> = e
        .deprivation
        .iter()
        .map(|g| {
            (
                format!("Q{}", quintile_name(g.group)),
                &g.option,
                &g.today,
                g.admissions_further,
                g.mean_increase_for_those_further,
            )
        })
        .collect();
    out.extend(e.rurality.iter().map(|g| {
        (
            rurality_name(g.group.as_str()).to_string(),
            &g.option,
            &g.today,
            g.admissions_further,
            g.mean_increase_for_those_further,
        )
    }));
    out.extend(e.sparse.iter().map(|g| {
        (
            rurality_name(g.group).to_string(),
            &g.option,
            &g.today,
            g.admissions_further,
            g.mean_increase_for_those_further,
        )
    }));
    out
}

/// Mean journeys today (grey) and under the option (blue), per group.
fn chart(rows: &[Row], title: &str) -> Markup {
    let top = rows
        .iter()
        .flat_map(|r| [r.1.mean_travel, r.2.mean_travel])
        .fold(10.0, f64::max)
        * 1.15;
    let (left, width, bar) = (170.0, 330.0, 8.0);
    let step = 2.0 * bar + 6.0;
    let height = rows.len() as f64 * step + 30.0;
    let x = |v: f64| left + width * v / top;
    html! {
        svg viewBox=(format!("0 0 560 {height:.0}")) width="560" role="img" aria-label=(title) {
            @for (i, (label, now, then, _, _)) in rows.iter().enumerate() {
                @let y = i as f64 * step + 2.0;
                text x=(at(left - 6.0)) y=(at(y + bar + 2.0)) font-size="9" text-anchor="end" { (label) }
                rect x=(left) y=(at(y)) width=(at(x(then.mean_travel) - left)) height=(at(bar - 1.0)) fill="#999999" {}
                text x=(at(x(then.mean_travel) + 3.0)) y=(at(y + bar - 2.0)) font-size="9" { (fixed(then.mean_travel, 1)) " today" }
                rect x=(left) y=(at(y + bar)) width=(at(x(now.mean_travel) - left)) height=(at(bar - 1.0)) fill="#0072B2" {}
                text x=(at(x(now.mean_travel) + 3.0)) y=(at(y + 2.0 * bar - 2.0)) font-size="9" { (fixed(now.mean_travel, 1)) " (" (shown_change(now.mean_travel, then.mean_travel, 1)) ")" }
            }
            text x=(at(left + width / 2.0)) y=(at(height - 6.0)) font-size="10" text-anchor="middle" { "mean journey, minutes (grey: today; blue: this option)" }
        }
    }
}

/// The section for `o`, when it has equality figures.
pub fn section(input: &ReportInput, o: &Detail, trips: &[ZoneTrip], view: Option<&View>) -> Markup {
    let Some(e) = &o.equity else {
        return html! {};
    };
    let rows = rows(e);
    let groups = input.evaluator.groups();
    let sentences: Vec<String> = [
        gap_sentence(
            "Most deprived fifth of the region's admissions against the least deprived",
            e.deprivation_gap,
            e.deprivation_gap_today,
        ),
        gap_sentence("Rural against urban areas", e.rural_gap, e.rural_gap_today),
    ]
    .into_iter()
    .flatten()
    .collect();
    let longer = |z: usize| match (trips[z].today, trips[z].option) {
        (Some((_, a)), Some((_, b))) => input.data.zones[z].in_region && b - a >= LONGER_BY,
        _ => false,
    };
    html! {
        h3 { "Equality and health inequalities" }
        p { (sentences.join(" ")) " Quintiles and rurality are defined in the " a href="#glossary" { "glossary" } "." }
        div.maps {
            figure.keep {
                figcaption { "Mean journey by group, today and under this option" }
                (chart(&rows, &format!("Mean journey by deprivation and rurality, {}", o.id)))
            }
            @if let (Some(v), Some(g)) = (view, groups) {
                figure.keep {
                    figcaption { "Deprivation quintile of each zone; outlined: journeys at least " (LONGER_BY) " minutes longer than today" }
                    (map(input, v, &format!("Deprivation and longer journeys under {}", o.id),
                        &|z| match g.quintile[z] { 0 => NO_QUINTILE, q => QUINTILE[usize::from(q) - 1] },
                        &Marks { hasus: o.assessed.site_set(), receiving: &[], outline: &longer }))
                    (legend(&QUINTILE.iter().enumerate().map(|(q, c)| (*c, format!("quintile {}", quintile_name(q as u8 + 1)), None)).collect::<Vec<_>>()))
                }
            }
        }
        table {
            thead { tr { th { "Group" } th.n { "Admissions" } th.n { "Mean today" } th.n { "Mean" } th.n { "95th pct" } th.n { "≤45 min today" } th.n { "≤45 min" } th.n { "Further" } th.n { "By" } } }
            tbody {
                @for (name, now, then, further, by) in &rows {
                    tr {
                        td { (name) } td.n { (thousands(now.admissions)) } td.n { (fixed(then.mean_travel, 1)) } td.n { (fixed(now.mean_travel, 1)) }
                        td.n { (fixed(now.p95_travel, 1)) } td.n { (fixed(100.0 * then.within_45, 1)) "%" } td.n { (fixed(100.0 * now.within_45, 1)) "%" }
                        td.n { (thousands(*further)) } td.n { (fixed(*by, 1)) }
                    }
                }
            }
        }
    }
}
