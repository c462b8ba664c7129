//! The options that fail a hurdle, in one compact table: near misses first
//! (options the uncertain inputs could carry over the hurdle), then by how
//! little they fall short.

use maud::{Markup, html};

use super::{ReportInput, pct};
use crate::rank::{checks, failed_hurdles};
use crate::report::{option_id, words};

/// How far an option falls short, on a common scale: the largest failed
/// rule's margin as a share of its threshold.
fn shortfall(input: &ReportInput, o: &crate::rank::Assessed) -> f64 {
    checks(&input.criteria.hurdles, &o.metrics)
        .iter()
        .filter(|c| !c.passed())
        .map(|c| c.margin.abs() / c.threshold.abs().max(1.0))
        .fold(0.0, f64::max)
}

/// The section.
pub fn section(input: &ReportInput) -> Markup {
    let a = input.appraisal;
    let h = &input.criteria.hurdles;
    let near = |k: usize| {
        input
            .study
            .near_misses
            .get(a.passing + k)
            .filter(|n| !n.is_empty())
    };
    let mut order: Vec<usize> = (0..a.failed().len()).collect();
    order.sort_by(|&x, &y| {
        near(y)
            .is_some()
            .cmp(&near(x).is_some())
            .then(shortfall(input, &a.failed()[x]).total_cmp(&shortfall(input, &a.failed()[y])))
            .then(x.cmp(&y))
    });
    html! {
        h2.flow id="failing" { "Options that fail a hurdle (" (a.failed().len()) ")" }
        p.note { "Near misses first (highlighted: the uncertain inputs carry them over the hurdle in at least "
            (pct(input.criteria.robustness.near_miss_probability)) " of draws), then by how little they fall short. Each failed rule: how far short of its threshold." }
        table.compact {
            thead { tr { th.option { "Option" } th.fails { "Fails" } th { "Short by" } th.near { "Near miss" } } }
            tbody {
                @for &k in &order {
                    @let o = &a.failed()[k];
                    @let all = checks(h, &o.metrics);
                    tr class=[near(k).map(|_| "near")] {
                        td { (option_id(input.data, o)) }
                        td { (failed_hurdles(h, &all).map(|x| x.as_str()).collect::<Vec<_>>().join(", ")) }
                        td { (all.iter().filter(|c| !c.passed()).map(|c| format!("{}: {}", c.rule.hurdle(), words::margin(c))).collect::<Vec<_>>().join("; ")) }
                        td { @if let Some(n) = near(k) { (n.iter().map(|m| format!("{} passed in {}", m.hurdle, pct(m.p_pass))).collect::<Vec<_>>().join("; ")) } }
                    }
                }
            }
        }
    }
}
