//! The board report: one self-contained HTML file (inline SVG maps and
//! charts, inline styles, no scripts, no network access when opened).
//!
//! Every piece of text from the data passes through [`escape`]. Zone shapes
//! are simplified for drawing and written once, as SVG `<defs>`, then
//! coloured per map with `<use>`, which keeps the file small.

use std::fmt::Write;

use geo::{Coord, MultiPolygon, Simplify};

use super::{Provenance, fixed, words};
use crate::criteria::Criteria;
use crate::evaluate::{Evaluator, ZoneTrip};
use crate::model::{Dataset, Role};
use crate::rank::{Appraisal, Assessed, Detail, checks, failed_hurdles};
use crate::summary::thousands;

/// Colours for HASU catchments, with their names for the legend: the
/// Okabe–Ito palette, safe for the common forms of colour blindness.
pub const PALETTE: [(&str, &str); 7] = [
    ("#E69F00", "orange"),
    ("#56B4E9", "sky blue"),
    ("#009E73", "green"),
    ("#F0E442", "yellow"),
    ("#0072B2", "blue"),
    ("#D55E00", "vermilion"),
    ("#CC79A7", "pink"),
];
/// Colour of catchments of out-of-area units.
const OUT_OF_AREA: (&str, &str) = ("#BBBBBB", "grey");
/// Travel-time bands (upper bounds, minutes) and colours (viridis).
const BANDS: [(f64, &str); 5] = [
    (15.0, "#FDE725"),
    (30.0, "#5EC962"),
    (45.0, "#21918C"),
    (60.0, "#3B528B"),
    (f64::INFINITY, "#440154"),
];
/// Tolerance of the shape simplification for maps, degrees (about 150 m).
const SIMPLIFY: f64 = 0.0015;
/// Map width in SVG units.
const MAP_W: f64 = 640.0;
/// The cumulative travel chart's last minute.
const MAX_MINUTES: usize = 90;

/// Escapes text for HTML and SVG content and attribute values.
///
/// # Example
/// ```
/// assert_eq!(hasu::report::html::escape("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn pct(x: f64) -> String {
    format!("{}%", fixed(100.0 * x, 1))
}

/// A flat projection of the dataset's extent onto the map.
pub(super) struct Projection {
    west: f64,
    north: f64,
    scale: f64,
    cos: f64,
    height: f64,
}

impl Projection {
    fn of(shapes: &[Option<MultiPolygon<f64>>]) -> Projection {
        let (mut w, mut e, mut s, mut n) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
        for c in shapes
            .iter()
            .flatten()
            .flat_map(|m| m.0.iter())
            .flat_map(|p| p.exterior().0.iter())
        {
            w = w.min(c.x);
            e = e.max(c.x);
            s = s.min(c.y);
            n = n.max(c.y);
        }
        if w > e {
            (w, e, s, n) = (0.0, 1.0, 0.0, 1.0);
        }
        let cos = ((s + n) / 2.0).to_radians().cos();
        let scale = MAP_W / ((e - w) * cos).max(1e-9);
        Projection {
            west: w,
            north: n,
            scale,
            cos,
            height: (n - s) * scale,
        }
    }

    fn xy(&self, c: Coord<f64>) -> (f64, f64) {
        (
            (c.x - self.west) * self.cos * self.scale,
            (self.north - c.y) * self.scale,
        )
    }
}

/// Everything the report draws from.
pub struct ReportInput<'a> {
    /// The dataset.
    pub data: &'a Dataset,
    /// The criteria.
    pub criteria: &'a Criteria,
    /// The appraisal.
    pub appraisal: &'a Appraisal,
    /// The options shown in full (the top of the ranking, or the options
    /// failing fewest hurdles when none passes).
    pub shown: &'a [Detail],
    /// Today's configuration, explained.
    pub today: &'a Detail,
    /// The evaluator the appraisal used (to redraw catchments).
    pub evaluator: &'a Evaluator,
    /// Data and assumptions.
    pub provenance: &'a Provenance,
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#1a1a1a;line-height:1.4;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1a1a1a;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin-top:1.5rem}table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.85rem}
th,td{border:1px solid #bbb;padding:.2rem .45rem;text-align:left;vertical-align:top}td.n,th.n{text-align:right}
th{background:#f0f0f0}.pass{color:#006400;font-weight:600}.fail{color:#a00000;font-weight:600}
.maps{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.maps figure{margin:0}
figcaption{font-size:.85rem;font-weight:600}.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #555;vertical-align:middle;margin-right:.3em}
.note{font-size:.85rem;color:#444}svg{max-width:100%;height:auto}
code{font-size:.8rem;word-break:break-all}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{page-break-before:always}h2.first{page-break-before:avoid}
section.option{page-break-inside:auto}figure,table{page-break-inside:avoid}}
";

/// Renders the report.
pub fn render(input: &ReportInput) -> String {
    let ReportInput { data, criteria, .. } = *input;
    let mut out = String::with_capacity(2 << 20);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}: HASU option appraisal</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&criteria.name)
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"note\">Hyper acute stroke unit (HASU) option appraisal produced by hasu {} from the data and criteria listed under <a href=\"#provenance\">Assumptions and provenance</a>.</p>",
        escape(&criteria.name),
        input.provenance.hasu_version
    );
    summary(&mut out, input);
    let shown: Vec<&Detail> = input.shown.iter().collect();

    let proj = data.boundaries.as_ref().map(|b| Projection::of(&b.shapes));
    if let (Some(b), Some(p)) = (&data.boundaries, &proj) {
        defs(&mut out, &b.shapes, p);
    }
    let trips: Vec<Vec<ZoneTrip>> = shown.iter().map(|o| trips_of(input, o)).collect();
    let today_trips = trips_of(input, input.today);
    charts(&mut out, input, &shown, &trips, &today_trips);
    for (i, (o, t)) in shown.iter().zip(&trips).enumerate() {
        option(&mut out, input, o, t, i, proj.as_ref());
    }
    let _ = writeln!(
        out,
        "<h2>Today's configuration</h2>\n<p>The units admitting at the time of the data, evaluated the same way: {}.</p>",
        escape(&input.today.id)
    );
    option_body(&mut out, input, input.today, &today_trips, proj.as_ref());
    failing(&mut out, input);
    provenance(&mut out, input);
    out.push_str("</body>\n</html>\n");
    out
}

fn summary(out: &mut String, input: &ReportInput) {
    let (a, c) = (input.appraisal, input.criteria);
    let h = &c.hurdles;
    let _ = writeln!(out, "<h2 class=\"first\">Summary</h2>");
    let _ = writeln!(
        out,
        "<p><strong>{}</strong> combinations of {} to {} HASUs were considered; <strong>{}</strong> pass every hurdle and are ranked below; {} fail at least one.</p>",
        a.considered,
        c.options.min_hasus,
        c.options.max_hasus,
        a.passing,
        a.considered - a.passing
    );
    let _ = writeln!(
        out,
        "<table><tr><th>Hurdle</th><th>Rule</th><th class=\"n\">Options failing</th></tr>"
    );
    let rules = [
        "every zone has a travel time to an open unit".to_string(),
        format!(
            "every HASU admits {}–{} confirmed strokes a year",
            thousands(h.min_admissions),
            thousands(h.max_admissions)
        ),
        format!(
            "every HASU treats at least {} of thrombolysed patients within {} minutes of arrival",
            pct(h.min_share_within_door_to_needle),
            h.door_to_needle_minutes
        ),
        format!(
            "at least {} of the region's admissions within {} minutes, none over {}",
            pct(h.min_share_within_access),
            h.access_minutes,
            h.max_travel_minutes
        ),
    ];
    for (f, rule) in a.failing.iter().zip(rules) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            f.hurdle, rule, f.options
        );
    }
    out.push_str("</table>\n<p class=\"note\">An option may fail several hurdles.</p>\n");
    let _ = writeln!(out, "<h3>Ranked options</h3>");
    out.push_str("<table><tr><th class=\"n\">Rank</th><th>HASUs</th><th class=\"n\">Score /100</th><th class=\"n\">Mean travel (min)</th><th class=\"n\">95th pct (min)</th><th class=\"n\">Within 30 min</th><th class=\"n\">Within 45 min</th><th class=\"n\">Call-to-needle on target</th><th class=\"n\">Smallest HASU</th><th class=\"n\">Largest HASU</th><th class=\"n\">Largest district rise (min)</th></tr>\n");
    for o in a.ranked() {
        ranked_row(
            out,
            input.data,
            &o.rank.map_or(String::new(), |r| r.to_string()),
            o,
        );
    }
    ranked_row(out, input.data, "today", &a.today);
    out.push_str("</table>\n");
    if a.passing == 0 {
        out.push_str("<p><strong>No option passes every hurdle.</strong> The options shown below are those failing the fewest hurdles.</p>\n");
    }
}

fn ranked_row(out: &mut String, data: &Dataset, label: &str, o: &Assessed) {
    let _ = writeln!(
        out,
        "<tr><td class=\"n\">{label}</td><td>{}</td>{}</tr>",
        escape(&super::option_id(data, o)),
        numeric_cells(&super::headline(o))
    );
}

/// Right-aligned table cells.
fn numeric_cells(cells: &[String]) -> String {
    cells
        .iter()
        .map(|c| format!("<td class=\"n\">{c}</td>"))
        .collect()
}

/// Writes every zone's simplified shape once, as `<path id="zN">`.
fn defs(out: &mut String, shapes: &[Option<MultiPolygon<f64>>], p: &Projection) {
    out.push_str(
        "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>\n",
    );
    for (z, shape) in shapes.iter().enumerate() {
        let Some(shape) = shape else { continue };
        let simple = shape.simplify(SIMPLIFY);
        let mut d = String::new();
        for poly in simple.0.iter() {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for (i, c) in ring.0.iter().enumerate() {
                    let (x, y) = p.xy(*c);
                    let _ = write!(d, "{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x, y);
                }
                d.push('Z');
            }
        }
        let _ = writeln!(out, "<path id=\"z{z}\" d=\"{d}\"/>");
    }
    out.push_str("</defs></svg>\n");
}

/// Where every zone's patients go under option `o`, and today.
fn trips_of(input: &ReportInput, o: &Detail) -> Vec<ZoneTrip> {
    let mut scratch = input.evaluator.scratch();
    input
        .evaluator
        .evaluate(&o.assessed.site_set(), &mut scratch);
    input.evaluator.zones(&scratch)
}

/// The colour (and its name) of each site's catchment under option `o`:
/// HASUs in palette order, every other unit grey.
fn unit_colours(o: &Detail, data: &Dataset) -> Vec<(&'static str, &'static str)> {
    let mut colours = vec![OUT_OF_AREA; data.sites.len()];
    for (i, s) in o.assessed.site_set().sites().into_iter().enumerate() {
        if s < colours.len() {
            colours[s] = PALETTE[i % PALETTE.len()];
        }
    }
    colours
}

/// The travel-time band of `minutes`.
fn band(minutes: f64) -> usize {
    BANDS
        .iter()
        .position(|(upper, _)| minutes <= *upper)
        .unwrap_or(BANDS.len() - 1)
}

/// One map: zones filled by `fill`, those for which `outline` holds drawn
/// with a black outline, and the candidate sites marked.
pub(super) fn map(
    out: &mut String,
    input: &ReportInput,
    o: &Detail,
    p: &Projection,
    title: &str,
    fill: impl Fn(usize) -> &'static str,
    outline: impl Fn(usize) -> bool,
) {
    let data = input.data;
    let _ = writeln!(
        out,
        "<svg viewBox=\"0 0 {MAP_W:.0} {:.0}\" width=\"{MAP_W:.0}\" role=\"img\" aria-label=\"{}\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><g stroke=\"#ffffff\" stroke-width=\"0.3\">",
        p.height,
        escape(title)
    );
    if let Some(b) = &data.boundaries {
        for z in (0..b.shapes.len()).filter(|&z| b.shapes[z].is_some()) {
            let _ = write!(out, "<use href=\"#z{z}\" fill=\"{}\"/>", fill(z));
        }
        out.push_str("</g>\n<g fill=\"none\" stroke=\"#000000\" stroke-width=\"1.2\">");
        for z in (0..b.shapes.len()).filter(|&z| b.shapes[z].is_some() && outline(z)) {
            let _ = write!(out, "<use href=\"#z{z}\"/>");
        }
    }
    out.push_str("</g>\n");
    let open = o.assessed.site_set();
    for (s, site) in data.sites.iter().enumerate() {
        if site.role != Role::Candidate {
            continue;
        }
        let (x, y) = p.xy(site.location.0);
        if x < 0.0 || y < 0.0 || x > MAP_W || y > p.height {
            continue;
        }
        if open.contains(s) {
            let _ = writeln!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\" fill=\"#000\" stroke=\"#fff\" stroke-width=\"2\"><title>{} (HASU)</title></circle><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{}\" font-size=\"13\" font-weight=\"700\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                escape(&site.name),
                if x > MAP_W - 40.0 { x - 9.0 } else { x + 9.0 },
                y + 4.0,
                if x > MAP_W - 40.0 { "end" } else { "start" },
                escape(&site.id)
            );
        } else {
            let _ = writeln!(
                out,
                "<g stroke=\"#000\" stroke-width=\"2\"><line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/><line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/><title>{} (no HASU)</title></g>",
                x - 5.0,
                y - 5.0,
                x + 5.0,
                y + 5.0,
                x - 5.0,
                y + 5.0,
                x + 5.0,
                y - 5.0,
                escape(&site.name)
            );
        }
    }
    out.push_str("</svg>\n");
}

fn option(
    out: &mut String,
    input: &ReportInput,
    o: &Detail,
    trips: &[ZoneTrip],
    i: usize,
    p: Option<&Projection>,
) {
    let heading = match o.assessed.rank {
        Some(r) => format!("Option ranked {r}: {}", escape(&o.id)),
        None => format!("Option {} (fails a hurdle)", escape(&o.id)),
    };
    let _ = writeln!(
        out,
        "<section class=\"option\"><h2 id=\"option-{i}\">{heading}</h2>"
    );
    if let Some(s) = o.assessed.score {
        let _ = writeln!(
            out,
            "<p>Score <strong>{}</strong> out of 100.</p>",
            fixed(s, 1)
        );
    }
    option_body(out, input, o, trips, p);
    out.push_str("</section>\n");
}

fn option_body(
    out: &mut String,
    input: &ReportInput,
    o: &Detail,
    trips: &[ZoneTrip],
    p: Option<&Projection>,
) {
    let data = input.data;
    let colours = unit_colours(o, data);

    // Hurdles.
    out.push_str(
        "<h3>Hurdles</h3><table><tr><th>Hurdle</th><th>Result</th><th>Reasoning</th></tr>\n",
    );
    for h in words::hurdles(&input.criteria.hurdles, o) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
            h.hurdle,
            if h.passed { "pass" } else { "fail" },
            if h.passed { "pass" } else { "FAIL" },
            h.reasons
                .iter()
                .map(|r| escape(r))
                .collect::<Vec<_>>()
                .join("<br>")
        );
    }
    out.push_str("</table>\n");

    if let Some(p) = p {
        out.push_str("<div class=\"maps\">\n<figure>");
        let _ = writeln!(
            out,
            "<figcaption>Catchments: each zone coloured by the unit it goes to</figcaption>"
        );
        map(
            out,
            input,
            o,
            p,
            &format!("Catchment map of {}", o.id),
            |z| trips[z].option.map_or("#ffffff", |(s, _)| colours[s].0),
            |_| false,
        );
        out.push_str("</figure>\n<div><table><tr><th>Colour</th><th>Unit</th><th class=\"n\">Admissions a year</th><th class=\"n\">Zones</th></tr>\n");
        for u in &o.explained.units {
            if !u.hasu {
                continue;
            }
            let (colour, name) = data.site_index(&u.site).map_or(OUT_OF_AREA, |s| colours[s]);
            let _ = writeln!(
                out,
                "<tr><td><span class=\"swatch\" style=\"background:{colour}\"></span>{name}</td><td>{} ({})</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&u.name),
                escape(&u.site),
                thousands(u.admissions),
                u.zones
            );
        }
        let (adm, zones) = o
            .explained
            .units
            .iter()
            .filter(|u| !u.hasu)
            .fold((0.0, 0), |(a, z), u| (a + u.admissions, z + u.zones));
        let _ = writeln!(
            out,
            "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>out-of-area units (together)</td><td class=\"n\">{}</td><td class=\"n\">{zones}</td></tr></table>",
            OUT_OF_AREA.0,
            OUT_OF_AREA.1,
            thousands(adm)
        );
        out.push_str("<p class=\"note\">● HASU in this option &nbsp; ✕ candidate site without a HASU in this option</p></div>\n");

        out.push_str("<figure>");
        let _ = writeln!(
            out,
            "<figcaption>Travel time to the nearest open unit (minutes)</figcaption>"
        );
        map(
            out,
            input,
            o,
            p,
            &format!("Travel-time map of {}", o.id),
            |z| trips[z].option.map_or("#ffffff", |(_, t)| BANDS[band(t)].1),
            |_| false,
        );
        out.push_str("</figure>\n<div><table><tr><th>Colour</th><th>Travel time</th><th class=\"n\">Region admissions</th></tr>\n");
        let mut admissions = [0.0; BANDS.len()];
        for (zone, trip) in data.zones.iter().zip(trips) {
            if let (true, Some((_, t))) = (zone.in_region, trip.option) {
                admissions[band(t)] += zone.admissions;
            }
        }
        let mut lower = 0.0;
        for ((upper, colour), adm) in BANDS.into_iter().zip(admissions) {
            let label = if upper.is_finite() {
                format!("over {lower:.0} to {upper:.0} min")
            } else {
                format!("over {lower:.0} min")
            };
            let _ = writeln!(
                out,
                "<tr><td><span class=\"swatch\" style=\"background:{colour}\"></span></td><td>{label}</td><td class=\"n\">{}</td></tr>",
                thousands(adm)
            );
            lower = upper;
        }
        out.push_str("</table></div></div>\n");
    }

    // Per-unit figures and pathway times.
    let pw = &input.criteria.pathway;
    let _ = writeln!(
        out,
        "<h3>Units and pathway times</h3><p class=\"note\">Call-to-needle = response {} + on scene {} + {} × travel + the unit's median door-to-needle. Mean call-to-needle {} minutes; {} of the region's admissions within the {}-minute target.</p>",
        pw.response_minutes,
        pw.on_scene_minutes,
        pw.blue_light_factor,
        fixed(o.assessed.metrics.mean_call_to_needle, 1),
        pct(o.assessed.metrics.call_to_needle_within_target),
        pw.call_to_needle_target_minutes
    );
    out.push_str("<table><tr><th>Unit</th><th>Role</th><th class=\"n\">Admissions a year</th><th class=\"n\">From the region</th><th class=\"n\">Zones</th><th class=\"n\">Median door-to-needle (min)</th><th class=\"n\">Thrombolysed within limit</th><th>Districts served</th></tr>\n");
    for u in &o.explained.units {
        let _ = writeln!(
            out,
            "<tr><td>{} ({})</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&u.name),
            escape(&u.site),
            if u.hasu { "HASU" } else { "out-of-area unit" },
            thousands(u.admissions),
            thousands(u.region_admissions),
            u.zones,
            fixed(u.median_door_to_needle, 0),
            pct(u.share_within_door_to_needle),
            escape(&u.districts.join(", "))
        );
    }
    out.push_str("</table>\n");

    // Districts compared with today.
    let v = &o.explained.versus_today;
    let _ = writeln!(
        out,
        "<h3>Who travels further than today</h3><p>{} admissions a year ({}) would travel further than today, by {} minutes on average; the largest increase for any zone is {} minutes.</p>",
        thousands(v.admissions_further),
        pct(o.assessed.metrics.share_travelling_further),
        fixed(v.mean_increase_for_those_further, 1),
        fixed(v.largest_increase, 1)
    );
    out.push_str("<table><tr><th>District</th><th class=\"n\">Admissions a year</th><th class=\"n\">Mean travel today (min)</th><th class=\"n\">Mean travel (min)</th><th class=\"n\">Change (min)</th><th class=\"n\">Admissions travelling further</th><th class=\"n\">Largest rise (min)</th></tr>\n");
    for d in &o.explained.districts {
        let _ = writeln!(
            out,
            "<tr><td>{}</td>{}</tr>",
            escape(&d.district),
            numeric_cells(&super::district_cells(d))
        );
    }
    out.push_str("</table>\n");
    super::html_patients::sections(out, o);
    super::html_equity::section(out, input, o, trips, p);
}

/// Charts: admissions per HASU against the band, and the cumulative share
/// of admissions within N minutes.
fn charts(
    out: &mut String,
    input: &ReportInput,
    shown: &[&Detail],
    trips: &[Vec<ZoneTrip>],
    today_trips: &[ZoneTrip],
) {
    let h = &input.criteria.hurdles;
    out.push_str("<h2>Charts</h2>\n<h3>Admissions per HASU against the volume band</h3>\n");
    let rows: Vec<(String, f64)> = shown
        .iter()
        .flat_map(|o| {
            o.explained
                .units
                .iter()
                .filter(|u| u.hasu)
                .map(move |u| (format!("{}: {}", o.id, u.site), u.admissions))
        })
        .collect();
    let top = rows
        .iter()
        .map(|r| r.1)
        .fold(h.max_admissions * 1.2, f64::max);
    let (left, width, bar) = (150.0, 440.0, 18.0);
    let height = rows.len() as f64 * bar + 40.0;
    let x = |v: f64| left + width * v / top;
    let _ = writeln!(
        out,
        "<svg viewBox=\"0 0 620 {height:.0}\" width=\"620\" role=\"img\" aria-label=\"Admissions per HASU\"><rect x=\"{:.1}\" y=\"0\" width=\"{:.1}\" height=\"{:.0}\" fill=\"#e6f2e6\"/>",
        x(h.min_admissions),
        x(h.max_admissions) - x(h.min_admissions),
        height - 20.0
    );
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = i as f64 * bar + 2.0;
        let inside = (h.min_admissions..=h.max_admissions).contains(v);
        let _ = writeln!(
            out,
            "<text x=\"{:.0}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text><rect x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.0}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            left - 4.0,
            y + 12.0,
            escape(label),
            x(*v) - left,
            bar - 4.0,
            if inside { "#0072B2" } else { "#D55E00" },
            x(*v) + 3.0,
            y + 12.0,
            thousands(*v)
        );
    }
    let axis = height - 20.0;
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.0}\" font-size=\"11\" text-anchor=\"middle\">{}</text><text x=\"{:.1}\" y=\"{:.0}\" font-size=\"11\" text-anchor=\"middle\">{}</text></svg>",
        x(h.min_admissions),
        axis + 14.0,
        thousands(h.min_admissions),
        x(h.max_admissions),
        axis + 14.0,
        thousands(h.max_admissions)
    );
    let _ = writeln!(
        out,
        "<p class=\"note\">Shaded: the {}–{} band. Blue bars are inside it, vermilion bars outside.</p>",
        thousands(h.min_admissions),
        thousands(h.max_admissions)
    );

    // Cumulative share within N minutes.
    out.push_str("<h3>Share of the region's admissions within N minutes</h3>\n");
    // (label, colour, dash pattern, trips) per line; today dashed black.
    let mut series: Vec<(String, &str, &str, &[ZoneTrip])> = shown
        .iter()
        .zip(trips)
        .enumerate()
        .map(|(i, (o, t))| {
            (
                escape(&o.id),
                PALETTE[(i + 4) % PALETTE.len()].0,
                "",
                &t[..],
            )
        })
        .collect();
    series.push((
        "today".to_string(),
        "#000000",
        " stroke-dasharray=\"6 4\"",
        today_trips,
    ));
    let (w, ht, l, b) = (560.0, 260.0, 50.0, 30.0);
    let max_t = MAX_MINUTES as f64;
    let _ = writeln!(
        out,
        "<svg viewBox=\"0 0 {:.0} {:.0}\" width=\"{:.0}\" role=\"img\" aria-label=\"Cumulative share within N minutes\">",
        w + l + 150.0,
        ht + b + 10.0,
        w + l + 150.0
    );
    for t in (0..=90).step_by(15) {
        let xx = l + w * f64::from(t) / max_t;
        let _ = writeln!(
            out,
            "<line x1=\"{xx:.1}\" y1=\"10\" x2=\"{xx:.1}\" y2=\"{:.0}\" stroke=\"#ddd\"/><text x=\"{xx:.1}\" y=\"{:.0}\" font-size=\"11\" text-anchor=\"middle\">{t}</text>",
            ht + 10.0,
            ht + 24.0
        );
    }
    for s in (0..=100).step_by(25) {
        let yy = 10.0 + ht * (1.0 - f64::from(s) / 100.0);
        let _ = writeln!(
            out,
            "<line x1=\"{l}\" y1=\"{yy:.1}\" x2=\"{:.0}\" y2=\"{yy:.1}\" stroke=\"#ddd\"/><text x=\"{:.0}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{s}%</text>",
            l + w,
            l - 4.0,
            yy + 4.0
        );
    }
    let mut table = String::from("<table><tr><th>Series</th>");
    for t in [15, 30, 45, 60] {
        let _ = write!(table, "<th class=\"n\">≤{t} min</th>");
    }
    table.push_str("</tr>\n");
    for (k, (label, colour, dash, trips)) in series.iter().enumerate() {
        let shares = cumulative(input.data, trips, MAX_MINUTES);
        let pts: Vec<String> = shares
            .iter()
            .enumerate()
            .map(|(t, s)| {
                format!(
                    "{:.1},{:.1}",
                    l + w * t as f64 / max_t,
                    10.0 + ht * (1.0 - s)
                )
            })
            .collect();
        let y = 20.0 + 16.0 * k as f64;
        let _ = writeln!(
            out,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash} points=\"{}\"/><line x1=\"{:.0}\" y1=\"{y:.0}\" x2=\"{:.0}\" y2=\"{y:.0}\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/><text x=\"{:.0}\" y=\"{:.0}\" font-size=\"11\">{label}</text>",
            pts.join(" "),
            l + w + 10.0,
            l + w + 30.0,
            l + w + 34.0,
            y + 4.0,
        );
        let _ = write!(table, "<tr><td>{label}</td>");
        for t in [15, 30, 45, 60] {
            let _ = write!(table, "<td class=\"n\">{}</td>", pct(shares[t]));
        }
        table.push_str("</tr>\n");
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.0}\" y=\"{:.0}\" font-size=\"11\" text-anchor=\"middle\">minutes</text></svg>",
        l + w / 2.0,
        ht + b + 8.0
    );
    out.push_str(&table);
    out.push_str("</table>\n");
}

/// The share of the region's admissions within `t` minutes, for every
/// whole minute `t` from 0 to `max` (one pass over the zones).
fn cumulative(data: &Dataset, trips: &[ZoneTrip], max: usize) -> Vec<f64> {
    let mut by_minute = vec![0.0; max + 2];
    let mut total = 0.0;
    for (zone, trip) in data.zones.iter().zip(trips) {
        if !zone.in_region {
            continue;
        }
        total += zone.admissions;
        if let Some((_, m)) = trip.option {
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

/// The options that fail a hurdle in one compact table, nearest misses
/// first: each failed rule with the option's value, the threshold and the
/// margin.
fn failing(out: &mut String, input: &ReportInput) {
    let a = input.appraisal;
    let h = &input.criteria.hurdles;
    let _ = writeln!(
        out,
        "<h2>Options that fail a hurdle ({})</h2>\n<p class=\"note\">Fewest hurdles failed first. Each failed rule shows the option's figure against the threshold and how far it falls short.</p>",
        a.considered - a.passing
    );
    out.push_str("<table><tr><th>HASUs</th><th>Failed</th><th>Where it falls short</th></tr>\n");
    for o in a.failed() {
        let all = checks(h, &o.metrics);
        let failed: Vec<&str> = failed_hurdles(h, &all).map(|hu| hu.as_str()).collect();
        let short: Vec<String> = all
            .iter()
            .filter(|c| !c.passed())
            .map(|c| format!("{}: short by {}", c.rule.hurdle(), words::margin(c)))
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&super::option_id(input.data, o)),
            failed.join(", "),
            escape(&short.join("; "))
        );
    }
    out.push_str("</table>\n");
}

fn provenance(out: &mut String, input: &ReportInput) {
    let (c, p) = (input.criteria, input.provenance);
    out.push_str("<h2 id=\"provenance\">Assumptions and provenance</h2>\n");
    let _ = writeln!(
        out,
        "<p>Produced by hasu {} from the dataset folder <code>{}</code> and the criteria file <code>{}</code> (SHA-256 <code>{}</code>). The same inputs always give this same file.</p>",
        p.hasu_version,
        escape(&p.data),
        escape(&p.criteria.file),
        p.criteria.sha256
    );
    out.push_str("<table><tr><th>Input file</th><th>SHA-256</th></tr>\n");
    for f in &p.files {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td></tr>",
            escape(&f.file),
            f.sha256
        );
    }
    out.push_str("</table>\n");
    for sc in &p.scenarios {
        let _ = writeln!(
            out,
            "<p>Scenario applied to the dataset: <strong>{}</strong>.</p><table><tr><th>Scenario file</th><th>SHA-256</th></tr>",
            escape(&sc.name)
        );
        for f in &sc.files {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><code>{}</code></td></tr>",
                escape(&f.file),
                f.sha256
            );
        }
        out.push_str("</table>\n");
    }
    let _ = writeln!(
        out,
        "<p>{} zone-to-site travel times are estimates from hasu's network model rather than published times (sites: {}). All other times come from the published matrix named in the dataset's SOURCE.md.</p>",
        thousands(p.estimated_times as f64),
        if p.estimated_sites.is_empty() {
            "none".to_string()
        } else {
            escape(&p.estimated_sites.join(", "))
        }
    );
    let h = &c.hurdles;
    let pw = &c.pathway;
    out.push_str(
        "<h3>Criteria values</h3><table><tr><th>Setting</th><th class=\"n\">Value</th></tr>\n",
    );
    let settings: [(&str, String); 19] = [
        (
            "HASUs per option",
            format!("{}–{}", c.options.min_hasus, c.options.max_hasus),
        ),
        (
            "Today's units",
            escape(
                &crate::rank::site_ids(input.data, &crate::evaluate::SiteSet::from_sites(&c.today))
                    .join(", "),
            ),
        ),
        ("Admissions per HASU, minimum", thousands(h.min_admissions)),
        ("Admissions per HASU, maximum", thousands(h.max_admissions)),
        (
            "Door-to-needle limit (min)",
            h.door_to_needle_minutes.to_string(),
        ),
        (
            "Least share thrombolysed within the limit",
            pct(h.min_share_within_door_to_needle),
        ),
        ("Access time (min)", h.access_minutes.to_string()),
        (
            "Least share of admissions within the access time",
            pct(h.min_share_within_access),
        ),
        (
            "Longest journey allowed (min)",
            h.max_travel_minutes.to_string(),
        ),
        ("Ambulance response (min)", pw.response_minutes.to_string()),
        ("Time on scene (min)", pw.on_scene_minutes.to_string()),
        ("Blue-light factor", pw.blue_light_factor.to_string()),
        (
            "Call-to-needle target (min)",
            pw.call_to_needle_target_minutes.to_string(),
        ),
        (
            "Door-to-needle at the reference unit (min)",
            format!(
                "{} ({})",
                pw.reference_door_to_needle_minutes,
                match pw.reference_statistic {
                    crate::criteria::Statistic::TeamMean => "mean of a team's patients",
                    crate::criteria::Statistic::PatientMedian => "median of patients",
                }
            ),
        ),
        (
            "Median patient door-to-needle at the reference unit (min, modelled)",
            fixed(pw.reference_median(), 1),
        ),
        (
            "Reference unit admissions a year",
            thousands(pw.reference_admissions),
        ),
        (
            "Door-to-needle minutes saved per doubling of admissions",
            pw.minutes_per_doubling.to_string(),
        ),
        (
            "Fastest median door-to-needle (min)",
            pw.fastest_median_minutes.to_string(),
        ),
        (
            "Out-of-area median door-to-needle (min)",
            pw.out_of_area_door_to_needle_minutes.to_string(),
        ),
    ];
    for (k, v) in settings {
        let _ = writeln!(out, "<tr><td>{k}</td><td class=\"n\">{v}</td></tr>");
    }
    for (k, v) in super::html_patients::settings(c) {
        let _ = writeln!(out, "<tr><td>{k}</td><td class=\"n\">{v}</td></tr>");
    }
    out.push_str("</table>\n<h3>Weighted criteria</h3><table><tr><th>Criterion</th><th>Group</th><th>Metric</th><th class=\"n\">Weight</th><th class=\"n\">Scores 0 at</th><th class=\"n\">Scores 1 at</th></tr>\n");
    for k in &c.criteria {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&k.id),
            escape(&k.group),
            k.metric,
            k.weight,
            k.worst,
            k.best
        );
    }
    out.push_str("</table>\n<p class=\"note\">Each metric is put on a 0–1 scale linearly between the two values shown (clamped); an option's score is 100 × the weighted sum. Options that pass every hurdle are ranked by score, then by lower mean travel, then by fewer HASUs, then by site order. Travel and pathway figures are weighted by admissions over the region's zones; admissions per unit include patients from outside the region for whom it is the nearest open unit.</p>\n");
}
