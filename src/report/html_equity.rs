//! The board report's "Equality and health inequalities" section of a
//! shown option: mean journeys by deprivation quintile and by rurality
//! against today (a chart and its table), the two gaps in words, and a map
//! of deprivation with the zones whose journey grows most outlined.

use std::fmt::Write;

use super::equity::{gap_sentence, quintile_name, rurality_name};
use super::fixed;
use super::html::{Projection, ReportInput, escape, map};
use super::patients::signed;
use crate::evaluate::ZoneTrip;
use crate::rank::Detail;
use crate::summary::thousands;

/// Quintile colours, most deprived first (ColorBrewer PuRd, readable in
/// grey and by the common colour blindnesses).
const QUINTILE: [&str; 5] = ["#980043", "#DD1C77", "#DF65B0", "#D7B5D8", "#F1EEF6"];
/// Zones outside the region, or without a score.
const NO_QUINTILE: &str = "#FFFFFF";
/// A zone's journey must grow by at least this many minutes to be
/// outlined on the map.
const LONGER_BY: f64 = 10.0;

/// One chart row: label, today's mean and the option's.
type Row = (String, f64, f64);

/// A chart of mean journeys, today (grey) and under the option (blue), per
/// group.
fn chart(out: &mut String, rows: &[Row], title: &str) {
    let top = rows.iter().flat_map(|r| [r.1, r.2]).fold(10.0, f64::max) * 1.1;
    let (left, width, bar) = (220.0, 360.0, 13.0);
    let height = rows.len() as f64 * (2.0 * bar + 8.0) + 36.0;
    let x = |v: f64| left + width * v / top;
    let _ = writeln!(
        out,
        "<svg viewBox=\"0 0 640 {height:.0}\" width=\"640\" role=\"img\" aria-label=\"{}\">",
        escape(title)
    );
    for (i, (label, today, option)) in rows.iter().enumerate() {
        let y = i as f64 * (2.0 * bar + 8.0) + 4.0;
        let _ = writeln!(
            out,
            "<text x=\"{:.0}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text>\
             <rect x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.0}\" fill=\"#999999\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{} today</text>\
             <rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.0}\" fill=\"#0072B2\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{} ({})</text>",
            left - 6.0,
            y + bar + 3.0,
            escape(label),
            x(*today) - left,
            bar - 1.0,
            x(*today) + 3.0,
            y + bar - 3.0,
            fixed(*today, 1),
            y + bar,
            x(*option) - left,
            bar - 1.0,
            x(*option) + 3.0,
            y + 2.0 * bar - 3.0,
            fixed(*option, 1),
            signed(option - today, 1)
        );
    }
    let axis = height - 24.0;
    let _ = writeln!(
        out,
        "<line x1=\"{left}\" y1=\"{axis:.0}\" x2=\"{:.0}\" y2=\"{axis:.0}\" stroke=\"#000\"/>\
         <text x=\"{:.0}\" y=\"{:.0}\" font-size=\"11\" text-anchor=\"middle\">mean journey, minutes (grey: today; blue: this option, change in brackets)</text></svg>",
        left + width,
        left + width / 2.0,
        axis + 16.0
    );
}

/// The section for `o`, when it has equality figures.
pub fn section(
    out: &mut String,
    input: &ReportInput,
    o: &Detail,
    trips: &[ZoneTrip],
    p: Option<&Projection>,
) {
    let Some(e) = &o.equity else {
        return;
    };
    out.push_str("<h3>Equality and health inequalities</h3>\n");
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
    for s in &sentences {
        let _ = writeln!(out, "<p>{}</p>", escape(s));
    }
    let rows: Vec<Row> = e
        .deprivation
        .iter()
        .map(|g| {
            (
                format!("quintile {}", quintile_name(g.group)),
                g.today.mean_travel,
                g.option.mean_travel,
            )
        })
        .chain(e.rurality.iter().map(|g| {
            (
                rurality_name(g.group.as_str()).to_string(),
                g.today.mean_travel,
                g.option.mean_travel,
            )
        }))
        .chain(e.sparse.iter().map(|g| {
            (
                rurality_name(g.group).to_string(),
                g.today.mean_travel,
                g.option.mean_travel,
            )
        }))
        .collect();
    chart(
        out,
        &rows,
        &format!("Mean journey by deprivation and rurality, {}", o.id),
    );
    out.push_str("<table><tr><th>Group</th><th class=\"n\">Admissions a year</th><th class=\"n\">Mean journey today (min)</th><th class=\"n\">Mean journey (min)</th><th class=\"n\">95th percentile (min)</th><th class=\"n\">Within 45 min today</th><th class=\"n\">Within 45 min</th><th class=\"n\">Travelling further</th><th class=\"n\">By (min)</th></tr>\n");
    let groups = e
        .deprivation
        .iter()
        .map(|g| {
            (
                format!("Quintile {}", quintile_name(g.group)),
                g.zones,
                &g.option,
                &g.today,
                g.admissions_further,
                g.mean_increase_for_those_further,
            )
        })
        .chain(e.rurality.iter().map(|g| {
            (
                rurality_name(g.group.as_str()).to_string(),
                g.zones,
                &g.option,
                &g.today,
                g.admissions_further,
                g.mean_increase_for_those_further,
            )
        }))
        .chain(e.sparse.iter().map(|g| {
            (
                rurality_name(g.group).to_string(),
                g.zones,
                &g.option,
                &g.today,
                g.admissions_further,
                g.mean_increase_for_those_further,
            )
        }));
    for (name, _, now, then, further, by) in groups {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}%</td><td class=\"n\">{}%</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&name),
            thousands(now.admissions),
            fixed(then.mean_travel, 1),
            fixed(now.mean_travel, 1),
            fixed(now.p95_travel, 1),
            fixed(100.0 * then.within_45, 1),
            fixed(100.0 * now.within_45, 1),
            thousands(further),
            fixed(by, 1)
        );
    }
    out.push_str("</table>\n<p class=\"note\">Quintiles cut the region's admissions into fifths by the income-deprivation score of their area (IoD2019 income domain), 1 the most deprived. Rurality is the ONS 2011 Rural-Urban Classification.</p>\n");
    let Some(p) = p else {
        return;
    };
    let Some(groups) = input.evaluator.groups() else {
        return;
    };
    out.push_str("<figure><figcaption>Deprivation quintile of each zone of the region; outlined: journeys at least 10 minutes longer than today</figcaption>");
    map(
        out,
        input,
        o,
        p,
        &format!("Deprivation and longer journeys under {}", o.id),
        |z| match groups.quintile[z] {
            0 => NO_QUINTILE,
            q => QUINTILE[usize::from(q) - 1],
        },
        |z| match (trips[z].today, trips[z].option) {
            (Some((_, a)), Some((_, b))) => groups.quintile[z] > 0 && b - a >= LONGER_BY,
            _ => false,
        },
    );
    out.push_str("</figure>\n<p>");
    for (q, colour) in QUINTILE.iter().enumerate() {
        let _ = write!(
            out,
            "<span class=\"swatch\" style=\"background:{colour}\"></span>quintile {} ",
            escape(&quintile_name(q as u8 + 1))
        );
    }
    out.push_str("</p>\n");
}
