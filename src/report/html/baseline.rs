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
                @for (i, source) in sources(b).iter().enumerate() {
                    @if i > 0 { "; " }
                    (source.rows.join(", ")) ": " (source.text)
                    @for (row, extra) in &source.extras { " " (row) ": " (extra.trim_start_matches([';', ' '])) }
                }
            }
        }
    }
}

/// A source of observed figures and the rows it covers.
struct Source<'a> {
    /// The rows ("DA 2021/22").
    rows: Vec<String>,
    /// Its text.
    text: &'a str,
    /// Rows whose source is this one and more: the row and what it adds.
    extras: Vec<(String, &'a str)>,
}

/// Each distinct source with the rows it covers, in the order first met.
/// A source that only adds to another (the same text and more) joins it:
/// its rows are listed with it, and what it adds follows with those rows.
fn sources(b: &Baseline) -> Vec<Source<'_>> {
    let mut out: Vec<Source> = Vec::new();
    for u in &b.units {
        let row = format!("{} {}", u.site, u.period);
        let base = |s: &str| s.trim_end_matches('.').len();
        if let Some(s) = out.iter_mut().find(|s| s.text == u.source) {
            s.rows.push(row);
        } else if let Some(s) = out.iter_mut().find(|s| {
            u.source.len() > base(s.text) && u.source.starts_with(&s.text[..base(s.text)])
        }) {
            s.extras.push((row.clone(), &u.source[base(s.text)..]));
            s.rows.push(row);
        } else {
            out.push(Source {
                rows: vec![row],
                text: &u.source,
                extras: Vec::new(),
            });
        }
    }
    out
}
