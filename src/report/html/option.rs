//! One option in full: its hurdles, maps (catchments, journeys, change from
//! today), units, districts, patients, beds and equality; and today's
//! configuration, more briefly.

use maud::{Markup, html};

use super::maps::{Marks, NO_UNIT, OUT_OF_AREA, View, legend, map, site_colour};
use super::{ReportInput, hospitals, modelled, pct};
use crate::evaluate::ZoneTrip;
use crate::rank::Detail;
use crate::report::{fixed, words};
use crate::summary::thousands;

/// Journey bands (upper bound in minutes, colour: viridis) and their
/// labels.
const BANDS: [(f64, &str, &str); 5] = [
    (15.0, "#FDE725", "up to 15 min"),
    (30.0, "#5EC962", "15–30 min"),
    (45.0, "#21918C", "30–45 min"),
    (60.0, "#3B528B", "45–60 min"),
    (f64::INFINITY, "#440154", "over 60 min"),
];
/// Change from today (upper bound in minutes, colour: ColorBrewer RdBu
/// reversed, blue shorter, red longer) and labels.
const CHANGE: [(f64, &str, &str); 7] = [
    (-5.0, "#2166AC", "5+ min shorter"),
    (-0.05, "#92C5DE", "up to 5 min shorter"),
    (0.05, "#F7F7F7", "no change"),
    (5.0, "#FDDBC7", "up to 5 min longer"),
    (15.0, "#F4A582", "5–15 min longer"),
    (30.0, "#D6604D", "15–30 min longer"),
    (f64::INFINITY, "#B2182B", "over 30 min longer"),
];

fn band(minutes: f64) -> usize {
    BANDS
        .iter()
        .position(|b| minutes <= b.0)
        .unwrap_or(BANDS.len() - 1)
}

fn change_band(minutes: f64) -> usize {
    CHANGE
        .iter()
        .position(|b| minutes <= b.0)
        .unwrap_or(CHANGE.len() - 1)
}

/// The option ranked `i`-th among those shown, in full.
pub fn section(
    input: &ReportInput,
    o: &Detail,
    trips: &[ZoneTrip],
    i: usize,
    view: Option<&View>,
) -> Markup {
    html! {
        section.option {
            h2 id=(format!("option-{i}")) {
                @if let Some(r) = o.assessed.rank { "Ranked " (r) ": " } @else { "Failing option: " }
                (hospitals(input.data, o))
            }
            p { (crate::report::text::verdict(o, input.criteria, input.data)) }
            (body(input, o, trips, view, true))
        }
    }
}

/// Today's configuration.
pub fn today(input: &ReportInput, trips: &[ZoneTrip], view: Option<&View>) -> Markup {
    let t = input.today;
    html! {
        section.option {
            h2 id="today" { "Today's configuration" }
            p { "The units admitting at the time of the data"
                @if let Some(p) = &input.criteria.period { " (" (p) ")" }
                ", evaluated the same way: " (hospitals(input.data, t)) "." }
            (body(input, t, trips, view, false))
        }
    }
}

/// The estimated-times mark after site `s`'s name, when its times are
/// estimated.
fn estimated_mark(input: &ReportInput, s: usize) -> &'static str {
    match &input.study.estimates {
        Some(e) if e.sites.contains(&input.data.sites[s].id) => crate::report::estimates::MARK,
        _ => "",
    }
}

/// The organised-care effect over the input draws, under the option's
/// organised-care table.
fn care_draws(input: &ReportInput, o: &Detail) -> Markup {
    let set = o.assessed.site_set();
    let care = input.study.inputs.as_ref().and_then(|s| {
        let i = input.appraisal.position(&set)?;
        s.options.get(i)?.organised_care
    });
    html! {
        @if let (Some(c), Some(_)) = (care, &o.organised_care) {
            p.note {
                "Over the input draws (the effect drawn from its confidence interval together with the travel times and admissions), deaths avoided a year lie between "
                (fixed(c.deaths_avoided.0, 1)) " and " (fixed(c.deaths_avoided.1, 1)) " in 95% of draws, and the change from today between "
                (fixed(c.change.0, 1)) " and " (fixed(c.change.1, 1)) "."
            }
        }
    }
}

fn hurdles(input: &ReportInput, o: &Detail) -> Markup {
    html! {
        h3 { "Hurdles" }
        table {
            thead { tr { th { "Hurdle" } th { "Result" } th { "Reasoning" } } }
            tbody {
                @for h in words::hurdles(&input.criteria.hurdles, o) {
                    tr {
                        td { (h.hurdle) }
                        td class=(if h.passed { "pass" } else { "fail" }) { (if h.passed { "pass" } else { "FAIL" }) }
                        td { @for (k, r) in h.reasons.iter().enumerate() { @if k > 0 { br; } (r) } }
                    }
                }
            }
        }
        @if let Some(dead) = words::dead_hurdle(input.criteria) { p.note { (dead) } }
        p.note { (words::volume_effect(input.criteria)) }
    }
}

fn maps(input: &ReportInput, o: &Detail, trips: &[ZoneTrip], v: &View, full: bool) -> Markup {
    let data = input.data;
    let receiving: Vec<usize> = o
        .explained
        .units
        .iter()
        .filter(|u| !u.hasu && u.region_admissions > 0.0)
        .filter_map(|u| data.site_index(&u.site))
        .collect();
    let marks = Marks {
        hasus: o.assessed.site_set(),
        receiving: &receiving,
        outline: &|_| false,
    };
    let catchment = |z: usize| {
        trips[z]
            .option
            .map_or(NO_UNIT, |(s, _)| site_colour(data, s))
    };
    let journey = |z: usize| trips[z].option.map_or(NO_UNIT, |(_, t)| BANDS[band(t)].1);
    let change = |z: usize| match (trips[z].today, trips[z].option) {
        (Some((_, a)), Some((_, b))) => CHANGE[change_band(b - a)].1,
        _ => NO_UNIT,
    };
    let mut units: Vec<(&str, String, Option<&str>)> = o
        .explained
        .units
        .iter()
        .filter(|u| u.hasu)
        .filter_map(|u| data.site_index(&u.site))
        .map(|s| {
            (
                site_colour(data, s),
                format!("{}{}", super::site_label(data, s), estimated_mark(input, s)),
                Some(data.sites[s].id.as_str()),
            )
        })
        .collect();
    units.push((OUT_OF_AREA, "out-of-area units".to_string(), None));
    html! {
        div.maps {
            figure.keep {
                figcaption { "Where each zone's patients go" }
                (map(input, v, &format!("Catchments of {}", o.id), &catchment, &marks))
                (legend(&units))
            }
            @if full {
                figure.keep {
                    figcaption { "Ambulance journey to the nearest open unit" }
                    (map(input, v, &format!("Journeys under {}", o.id), &journey, &marks))
                    (legend(&BANDS.iter().map(|b| (b.1, b.2.to_string(), None)).collect::<Vec<_>>()))
                }
                figure.keep {
                    figcaption { "Change in journey from today" }
                    (map(input, v, &format!("Change from today under {}", o.id), &change, &marks))
                    (legend(&CHANGE.iter().map(|b| (b.1, b.2.to_string(), None)).collect::<Vec<_>>()))
                }
            }
        }
        p.note { "● HASU, in its hospital's colour · ✕ candidate site without a HASU here · ■ out-of-area unit receiving the region's patients. Heavy line: the region's boundary. Each hospital keeps its colour on every map." }
    }
}

fn body(
    input: &ReportInput,
    o: &Detail,
    trips: &[ZoneTrip],
    view: Option<&View>,
    full: bool,
) -> Markup {
    let m = &o.assessed.metrics;
    let pw = &input.criteria.pathway;
    let v = &o.explained.versus_today;
    html! {
        (hurdles(input, o))
        @if let Some(v) = view { (maps(input, o, trips, v, full)) }
        h3 { "Units" }
        p.note { "Call-to-needle" (modelled()) " = response " (pw.response_minutes) " + on scene " (pw.on_scene_minutes) " + " (pw.blue_light_factor) " × journey + the unit's median door-to-needle" (modelled()) ". Mean " (fixed(m.mean_call_to_needle, 1)) " minutes; " (pct(m.call_to_needle_within_target)) " of the region's admissions within the " (pw.call_to_needle_target_minutes) "-minute target." }
        table.units {
            thead { tr { th { "Unit" } th { "Role" } th.n { "Admissions a year" } th.n { "From the region" } th.n { "Zones" } th.n { "Median door-to-needle (min)" (modelled()) } th.n { "Thrombolysed within limit" (modelled()) } } }
            tbody {
                @for u in o.explained.units.iter().filter(|u| u.hasu || u.region_admissions > 0.0) {
                    tr {
                        td { (u.name) " (" (u.site) ")" (input.data.site_index(&u.site).map_or("", |s| estimated_mark(input, s))) } td { (if u.hasu { "HASU" } else { "out-of-area unit" }) }
                        td.n { (thousands(u.admissions)) } td.n { (thousands(u.region_admissions)) } td.n { (u.zones) }
                        td.n { (fixed(u.median_door_to_needle, 0)) } td.n { (pct(u.share_within_door_to_needle)) }
                    }
                }
            }
        }
        (super::estimates::option_note(input, o))
        @let others: Vec<_> = o.explained.units.iter().filter(|u| !u.hasu && u.region_admissions <= 0.0).collect();
        @if !others.is_empty() {
            p.note { (others.len()) " other out-of-area units receive only patients from outside the region: " (others.iter().map(|u| u.site.as_str()).collect::<Vec<_>>().join(", ")) "." }
        }
        @if full {
            h3 { "Who travels further than today" }
            p { (thousands(v.admissions_further)) " admissions a year (" (pct(m.share_travelling_further)) ") would travel further than today, by " (fixed(v.mean_increase_for_those_further, 1)) " minutes on average; the largest increase for any zone is " (fixed(v.largest_increase, 1)) " minutes." }
            p.note { "Each district's mean journey under this option is in "
                a href="#districts" { "What changes for each district" } "; the evidence pack has every zone." }
            (super::patients::sections(o))
            (care_draws(input, o))
            (super::equity::section(input, o, trips, view))
        }
    }
}
