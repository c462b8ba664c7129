//! The board report: one self-contained HTML file (no network; one small
//! script, the weight sliders, which print hides) that opens with the
//! answer, then shows what the scores are made of, the
//! maps and charts of the options shown in full, today's configuration,
//! the options that fail, a glossary and every assumption. Built with maud
//! (every text from the data is escaped), one module per section; it prints
//! on A4.

mod answer;
mod baseline;
mod charts;
mod districts;
mod equity;
mod estimates;
mod failing;
pub mod maps;
mod option;
mod passing;
mod patients;
mod reference;
mod resources;
mod reweight;
mod scores;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::Provenance;
use crate::criteria::Criteria;
use crate::evaluate::{Evaluator, ZoneTrip};
use crate::model::Dataset;
use crate::rank::{Appraisal, Detail};
use crate::robustness::Study;

pub use maps::PALETTE;

/// Everything the report draws from.
pub struct ReportInput<'a> {
    /// The dataset.
    pub data: &'a Dataset,
    /// The criteria.
    pub criteria: &'a Criteria,
    /// The appraisal.
    pub appraisal: &'a Appraisal,
    /// How sure the ranking is.
    pub study: &'a Study,
    /// The top of the ranking (up to 10 options), explained; the options
    /// failing fewest hurdles when none passes.
    pub ranked: &'a [Detail],
    /// The options shown in full: the first of `ranked`.
    pub shown: &'a [Detail],
    /// Today's configuration, explained.
    pub today: &'a Detail,
    /// The evaluator the appraisal used (to redraw catchments).
    pub evaluator: &'a Evaluator,
    /// Data and assumptions.
    pub provenance: &'a Provenance,
    /// The report's date, as given (never the clock).
    pub date: Option<&'a str>,
    /// Today as modelled against the units' observed figures (none when
    /// the dataset has no `observed.csv`).
    pub baseline: &'a crate::baseline::Baseline,
}

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

/// A share as a percentage with one decimal.
fn pct(x: f64) -> String {
    format!("{}%", super::fixed(100.0 * x, 1))
}

/// A coordinate for SVG: one decimal.
fn at(x: f64) -> String {
    format!("{x:.1}")
}

/// The mark after a modelled figure, with its explanation on hover.
fn modelled() -> Markup {
    html! { sup.m title="modelled, not measured" { "M" } }
}

/// A site's name and id: "Maidstone Hospital (MD)".
fn site_label(data: &Dataset, s: usize) -> String {
    format!("{} ({})", data.sites[s].name, data.sites[s].id)
}

/// An option named by its hospitals: "Maidstone Hospital, William Harvey
/// Hospital (MD, WH)".
fn hospitals(data: &Dataset, o: &Detail) -> String {
    let names: Vec<&str> = o
        .assessed
        .site_set()
        .sites()
        .into_iter()
        .map(|s| maps::short_name(&data.sites[s].name))
        .collect();
    format!("{} ({})", names.join(", "), o.sites.join(", "))
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#1a1a1a;line-height:1.4;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1a1a1a;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin-top:1.4rem}table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.85rem}
th,td{border:1px solid #bbb;padding:.2rem .45rem;text-align:left;vertical-align:top}td.n,th.n{text-align:right}
th{background:#f0f0f0}.pass{color:#006400;font-weight:600}.fail{color:#a00000;font-weight:600}
.lead{font-size:1.1rem}.warning{color:#a00000}table.answer{width:100%;table-layout:fixed}.answer td,.answer th{font-size:.85rem}table.answer th.hospitals{width:38%}table.answer th.rank{width:3.2em}.near{background:#fff4d6}
.maps{display:grid;grid-template-columns:1fr 1fr;gap:.8rem;align-items:start}figure{margin:0}
figcaption{font-size:.85rem;font-weight:600}.legend{font-size:.75rem;margin:.2rem 0 0}.legend span.item{margin-right:.7em;white-space:nowrap}
.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #555;vertical-align:middle;margin-right:.3em}
.note{font-size:.85rem;color:#444}svg{max-width:100%;height:auto}sup.m{font-size:.6em;color:#7a4b00;font-weight:700;margin-left:.1em}
table.units{width:100%}table.compact{width:100%;table-layout:fixed}.compact td,.compact th{font-size:.7rem;padding:.05rem .3rem;line-height:1.25}.compact th.option{width:20%}.compact th.fails{width:14%}.compact th.near{width:22%}code{font-size:.8rem;word-break:break-all}
dl.glossary dt{font-weight:700;margin-top:.4rem}dl.glossary dd{margin-left:1.2rem}
@page{size:A4;margin:18mm 14mm 18mm 22mm;@bottom-right{content:'Page ' counter(page) ' of ' counter(pages);font-size:8pt;color:#555}}
nav.contents{font-size:.85rem}.sliders label{display:inline-block;margin:.2rem 1rem .2rem 0;font-size:.85rem}.sliders input{width:9rem;vertical-align:middle}table.reweighted{min-width:24rem}nav.contents a{margin-right:.2em}
@media print{.interactive{display:none}body{margin:0;max-width:none;font-size:9.5pt;padding:0}h2{break-before:page}h2.first{break-before:avoid}h2.flow{break-before:auto}
h2,h3,figcaption{break-after:avoid}tr,figure,.keep{break-inside:avoid}thead{display:table-header-group}
table{font-size:8pt}div.columns{columns:2;column-gap:1rem}table.settings{width:100%;font-size:7.4pt}table.files td,table.files th{font-size:7pt;padding:0 .25rem}dl.glossary{columns:2;column-gap:1.2rem;font-size:8.5pt}dl.glossary dd{break-before:avoid}dl.glossary dt{break-after:avoid}.answer td,.answer th,table.weights td,table.weights th{font-size:7.4pt;padding:.05rem .25rem}.compact td,.compact th{font-size:6.8pt;padding:0 .25rem;line-height:1.15}.maps{gap:.4rem}a{color:inherit;text-decoration:none}}
";

/// Renders the report.
pub fn render(input: &ReportInput) -> String {
    let data = input.data;
    let shown: Vec<&Detail> = input.shown.iter().collect();
    let trips: Vec<Vec<ZoneTrip>> = shown.iter().map(|o| trips_of(input, o)).collect();
    let today_trips = trips_of(input, input.today);
    let view = data
        .boundaries
        .as_ref()
        .map(|b| maps::View::of(data, &b.shapes));
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (input.criteria.name) ": HASU option appraisal" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                (heading(input))
                (contents(input, &shown))
                (answer::section(input))
                (reweight::section(input))
                (scores::section(input))
                @if let Some(v) = &view { (maps::defs(data, v)) }
                (charts::section(input, &shown, &trips, &today_trips))
                (districts::section(input, &shown, &trips, &today_trips))
                @for (i, (o, t)) in shown.iter().zip(&trips).enumerate() {
                    (option::section(input, o, t, i, view.as_ref()))
                }
                (option::today(input, &today_trips, view.as_ref()))
                (baseline::section(input))
                (passing::appendix(input, answer::ROWS))
                (failing::section(input))
                (reference::glossary(input))
                (reference::provenance(input))
            }
        }
    };
    page.into_string()
}

/// The title block: what, when, from which data.
fn heading(input: &ReportInput) -> Markup {
    let c = input.criteria;
    html! {
        h1 { (c.name) }
        p.note {
            "Hyper acute stroke unit (HASU) option appraisal produced by hasu "
            (input.provenance.hasu_version)
            @if let Some(d) = input.date { ", " (d) }
            ". Admissions data: "
            (c.period.as_deref().unwrap_or("period not stated in the criteria"))
            ". Data, criteria and every assumption are listed under "
            a href="#provenance" { "Assumptions and provenance" }
            "; terms are explained in the "
            a href="#glossary" { "glossary" }
            ". Figures marked " (modelled()) " are modelled (the door-to-needle curve, travel times estimated by the network model, the outcome and bed models); the rest are measured from the data."
        }
    }
}

/// The contents: a link to every section, in order (page numbers are at
/// the foot of each printed page).
fn contents(input: &ReportInput, shown: &[&Detail]) -> Markup {
    let mut entries: Vec<(String, String)> = vec![
        ("answer".into(), "The answer".into()),
        ("scores".into(), "What the scores are made of".into()),
        ("charts".into(), "Volumes and journeys".into()),
        ("districts".into(), "What changes for each district".into()),
    ];
    for (i, o) in shown.iter().enumerate() {
        entries.push((
            format!("option-{i}"),
            format!(
                "{} {}",
                o.assessed
                    .rank
                    .map_or_else(|| "Option".to_string(), |r| format!("Ranked {r}:")),
                o.sites.join(", ")
            ),
        ));
    }
    entries.push(("today".into(), "Today's configuration".into()));
    if input.appraisal.passing > answer::ROWS {
        entries.push(("passing".into(), "Every other passing option".into()));
    }
    entries.extend([
        ("failing".into(), "Options that fail a hurdle".into()),
        ("glossary".into(), "Glossary".into()),
        ("provenance".into(), "Assumptions and provenance".into()),
    ]);
    html! {
        nav.contents {
            strong { "Contents: " }
            @for (k, (id, title)) in entries.iter().enumerate() {
                @if k > 0 { " · " }
                a href=(format!("#{id}")) { (title) }
            }
        }
    }
}

/// Where every zone's patients go under option `o`, and today.
fn trips_of(input: &ReportInput, o: &Detail) -> Vec<ZoneTrip> {
    let mut scratch = input.evaluator.scratch();
    input
        .evaluator
        .evaluate(&o.assessed.site_set(), &mut scratch);
    input.evaluator.zones(&scratch)
}
