//! Today as modelled against the units' observed figures (`observed.csv`),
//! so that a board sees where the model's "today" and the audit disagree.

use maud::{Markup, html};

use super::ReportInput;
use crate::baseline::{Baseline, Measure};
use crate::report::baseline::{difference, measure_name, preamble, value, verdict};

/// The section (nothing when the dataset has no observed figures).
pub fn section(input: &ReportInput) -> Markup {
    let b = input.baseline;
    if b.units.is_empty() {
        return html! {};
    }
    let measures: Vec<Measure> = Measure::ALL
        .into_iter()
        .filter(|m| {
            b.units
                .iter()
                .any(|u| u.figures.iter().any(|f| f.measure == *m))
        })
        .collect();
    html! {
        section {
            h3 id="baseline" { "Today as modelled against the audit" }
            @for line in preamble(b, input.criteria) { p { (line) } }
            table.compact {
                thead { tr {
                    th { "Unit" } th { "Period" }
                    @for m in &measures { th.num { (measure_name(*m)) ": observed / modelled (difference)" } }
                } }
                tbody {
                    @for u in &b.units {
                        tr {
                            td { (u.name) @if !u.open_today { " (not admitting in the model's today)" } }
                            td { (u.period) }
                            @for m in &measures {
                                @match u.figures.iter().find(|f| f.measure == *m) {
                                    Some(f) => td.num class=(if f.within { "pass" } else { "fail" }) title=(verdict(f)) {
                                        (value(f.measure, f.observed)) " / " (value(f.measure, f.modelled))
                                        " (" (difference(f.measure, f.difference)) ")"
                                        @if !f.within { " ✗" }
                                    },
                                    None => td.num { "–" },
                                }
                            }
                        }
                    }
                }
            }
            p.note {
                (b.disagreements()) " of " (b.units.iter().map(|u| u.figures.len()).sum::<usize>())
                " figures outside their tolerance (marked ✗; the tolerances are stated above)."
            }
            p.note {
                "Sources: "
                @for (i, (rows, source)) in sources(b).iter().enumerate() {
                    @if i > 0 { "; " }
                    (rows) ": " (source)
                }
            }
        }
    }
}

/// Each distinct source with the rows it covers ("DA, KT 2021/22"), in
/// the order first met.
fn sources(b: &Baseline) -> Vec<(String, &str)> {
    let mut out: Vec<(Vec<String>, &str)> = Vec::new();
    for u in &b.units {
        let row = format!("{} {}", u.site, u.period);
        match out.iter_mut().find(|(_, s)| *s == u.source) {
            Some((rows, _)) => rows.push(row),
            None => out.push((vec![row], &u.source)),
        }
    }
    out.into_iter()
        .map(|(rows, s)| (rows.join(", "), s))
        .collect()
}
