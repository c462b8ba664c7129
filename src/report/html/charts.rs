//! Charts with their axis titles and thresholds: admissions per unit
//! against the volume band (the shown options' HASUs and today's units),
//! and the share of the region's admissions within N minutes.

use maud::{Markup, html};

use super::{ReportInput, at, pct};
use crate::evaluate::ZoneTrip;
use crate::model::Dataset;
use crate::rank::Detail;
use crate::summary::thousands;

/// Line colours of the shown options (Okabe–Ito blue, vermilion, green,
/// pink), today dashed black.
const LINES: [&str; 4] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];

/// The charts section.
pub fn section(
    input: &ReportInput,
    shown: &[&Detail],
    trips: &[Vec<ZoneTrip>],
    today_trips: &[ZoneTrip],
) -> Markup {
    html! {
        h2 id="charts" { "Volumes and journeys" }
        (admissions(input, shown))
        (cumulative(input.data, shown, trips, today_trips))
    }
}

/// Admissions a year per HASU of each shown option and of today's units,
/// against the volume band.
fn admissions(input: &ReportInput, shown: &[&Detail]) -> Markup {
    let h = &input.criteria.hurdles;
    let mut rows: Vec<(String, f64)> = Vec::new();
    let configurations = shown
        .iter()
        .map(|o| (o.id.as_str(), *o))
        .chain(std::iter::once(("today", input.today)));
    for (label, o) in configurations {
        for u in o.explained.units.iter().filter(|u| u.hasu) {
            rows.push((format!("{label}: {}", u.site), u.admissions));
        }
    }
    let top = rows
        .iter()
        .map(|r| r.1)
        .fold(h.max_admissions * 1.15, f64::max);
    let (left, width, bar) = (150.0, 430.0, 15.0);
    let plot = rows.len() as f64 * bar;
    let x = |v: f64| left + width * v / top;
    let ticks: Vec<f64> = (0..)
        .map(|k| f64::from(k) * 250.0)
        .take_while(|&t| t <= top)
        .collect();
    html! {
        h3 { "Admissions a year per HASU against the " (thousands(h.min_admissions)) "–" (thousands(h.max_admissions)) " band" }
        figure.keep {
            svg viewBox=(format!("0 0 640 {:.0}", plot + 46.0)) width="640" role="img" aria-label="Admissions per HASU against the volume band" {
                rect x=(at(x(h.min_admissions))) y="0" width=(at(x(h.max_admissions) - x(h.min_admissions))) height=(at(plot)) fill="#e6f2e6" {}
                @for t in &ticks {
                    line x1=(at(x(*t))) y1="0" x2=(at(x(*t))) y2=(at(plot + 4.0)) stroke="#dddddd" {}
                    text x=(at(x(*t))) y=(at(plot + 15.0)) font-size="10" text-anchor="middle" { (thousands(*t)) }
                }
                @for (i, (label, v)) in rows.iter().enumerate() {
                    @let y = i as f64 * bar + 1.0;
                    @let inside = (h.min_admissions..=h.max_admissions).contains(v);
                    text x=(at(left - 4.0)) y=(at(y + 10.5)) font-size="10" text-anchor="end" { (label) }
                    rect x=(left) y=(at(y)) width=(at(x(*v) - left)) height=(at(bar - 3.0)) fill=(if inside { "#0072B2" } else { "#D55E00" }) {}
                    text x=(at(x(*v) + 3.0)) y=(at(y + 10.5)) font-size="10" { (thousands(*v)) }
                }
                text x=(at(left + width / 2.0)) y=(at(plot + 32.0)) font-size="11" text-anchor="middle" { "confirmed stroke admissions a year (all zones sent to the unit)" }
            }
            figcaption.note { "Shaded: the volume band. Blue bars are inside it, vermilion bars outside. Today's units are those admitting at the time of the data." }
        }
    }
}

/// The share of the region's admissions within `t` minutes, for every
/// whole minute `t` from 0 to `max` (one pass over the zones).
fn shares(data: &Dataset, trips: &[ZoneTrip], option: bool, max: usize) -> Vec<f64> {
    let mut by_minute = vec![0.0; max + 2];
    let mut total = 0.0;
    for (zone, trip) in data.zones.iter().zip(trips) {
        if !zone.in_region {
            continue;
        }
        total += zone.admissions;
        if let Some((_, m)) = if option { trip.option } else { trip.today } {
            // Within t minutes exactly when the minute rounded up is ≤ t.
            by_minute[(m.ceil() as usize).min(max + 1)] += zone.admissions;
        }
    }
    let mut seen = 0.0;
    by_minute[..=max]
        .iter()
        .map(|a| {
            seen += a;
            if total > 0.0 { seen / total } else { 0.0 }
        })
        .collect()
}

/// The cumulative chart: one line per shown option and today, the 30- and
/// 45-minute thresholds marked, the x-axis cut where every line reaches
/// 100%.
fn cumulative(
    data: &Dataset,
    shown: &[&Detail],
    trips: &[Vec<ZoneTrip>],
    today: &[ZoneTrip],
) -> Markup {
    const LONGEST: usize = 180;
    let mut series: Vec<(String, &str, bool, Vec<f64>)> = shown
        .iter()
        .zip(trips)
        .enumerate()
        .map(|(i, (o, t))| {
            (
                o.id.clone(),
                LINES[i % LINES.len()],
                false,
                shares(data, t, true, LONGEST),
            )
        })
        .collect();
    series.push((
        "today".to_string(),
        "#000000",
        true,
        shares(data, today, false, LONGEST),
    ));
    let full = series
        .iter()
        .map(|s| s.3.iter().position(|&x| x >= 0.999_999).unwrap_or(LONGEST))
        .max()
        .unwrap_or(60);
    let max_t = (full.div_ceil(5) * 5).clamp(30, LONGEST) as f64;
    let (w, ht, l, top) = (470.0, 230.0, 52.0, 10.0);
    let x = |t: f64| l + w * t / max_t;
    let y = |s: f64| top + ht * (1.0 - s);
    let step = if max_t > 90.0 {
        15
    } else {
        5 * (max_t as usize / 30).max(1)
    };
    html! {
        h3 { "Share of the region's admissions within N minutes" }
        figure.keep {
            svg viewBox="0 0 700 300" width="700" role="img" aria-label="Cumulative share of admissions within N minutes" {
                @for t in (0..=max_t as usize).step_by(step) {
                    line x1=(at(x(t as f64))) y1=(top) x2=(at(x(t as f64))) y2=(at(top + ht)) stroke="#e2e2e2" {}
                    text x=(at(x(t as f64))) y=(at(top + ht + 14.0)) font-size="10" text-anchor="middle" { (t) }
                }
                @for s in (0..=100).step_by(25) {
                    line x1=(l) y1=(at(y(f64::from(s) / 100.0))) x2=(at(l + w)) y2=(at(y(f64::from(s) / 100.0))) stroke="#e2e2e2" {}
                    text x=(at(l - 4.0)) y=(at(y(f64::from(s) / 100.0) + 4.0)) font-size="10" text-anchor="end" { (s) "%" }
                }
                @for limit in [30.0, 45.0] {
                    @if limit <= max_t {
                        line x1=(at(x(limit))) y1=(top) x2=(at(x(limit))) y2=(at(top + ht)) stroke="#555555" stroke-dasharray="2 3" {}
                        text x=(at(x(limit) + 3.0)) y=(at(top + ht - 6.0)) font-size="10" fill="#333333" { (limit) " min" }
                    }
                }
                @for (k, (label, colour, dashed, s)) in series.iter().enumerate() {
                    @let pts: Vec<String> = s.iter().take(max_t as usize + 1).enumerate().map(|(t, v)| format!("{},{}", at(x(t as f64)), at(y(*v)))).collect();
                    polyline fill="none" stroke=(colour) stroke-width="2.2" stroke-dasharray=[dashed.then_some("6 4")] points=(pts.join(" ")) {}
                    line x1=(at(l + w + 14.0)) y1=(at(top + 14.0 + 16.0 * k as f64)) x2=(at(l + w + 36.0)) y2=(at(top + 14.0 + 16.0 * k as f64)) stroke=(colour) stroke-width="2.2" stroke-dasharray=[dashed.then_some("6 4")] {}
                    text x=(at(l + w + 40.0)) y=(at(top + 18.0 + 16.0 * k as f64)) font-size="10" { (label) }
                }
                text x=(at(l + w / 2.0)) y=(at(top + ht + 30.0)) font-size="11" text-anchor="middle" { "minutes of ambulance travel to the nearest open unit" }
                text transform=(format!("translate(12 {}) rotate(-90)", at(top + ht / 2.0))) font-size="11" text-anchor="middle" { "share of the region's admissions" }
            }
        }
        table {
            thead { tr { th { "Configuration" } @for t in [15, 30, 45, 60] { th.n { "≤" (t) " min" } } } }
            tbody {
                @for (label, _, _, s) in &series {
                    tr { td { (label) } @for t in [15usize, 30, 45, 60] { td.n { (pct(s[t.min(LONGEST)])) } } }
                }
            }
        }
    }
}
