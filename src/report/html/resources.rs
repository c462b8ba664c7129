//! Beds, staff and costs on the first screen: for each option of the
//! answer table and today, the region's stroke beds, the largest rise at
//! one unit, the extra beds at receiving units outside the region, and,
//! when the criteria state them, the change in staff and the capital and
//! staff costs.

use maud::{Markup, html};

use super::{ReportInput, modelled};
use crate::model::Dataset;
use crate::rank::Detail;
use crate::report::fixed;
use crate::report::patients::signed;
use crate::report::resources::{millions, signed_millions};

/// The first screen's table: the first `rows` options of the ranking and
/// today.
pub fn first_screen(input: &ReportInput, rows: usize) -> Markup {
    let data = input.data;
    if input.today.resources.is_none() {
        return html! {};
    }
    let staffed = input.criteria.workforce.is_some();
    let costed = input.criteria.costs.is_some();
    let listed: Vec<&Detail> = input.ranked.iter().take(rows).collect();
    html! {
        h3 { "Beds, staff and costs" (modelled()) }
        table.answer.compact.keep {
            thead {
                tr {
                    th.option { "Option (site ids)" }
                    th.n { "Stroke beds in the region (today)" }
                    th.near { "Largest rise at one unit" }
                    th.near { "Extra beds outside the region" }
                    @if staffed { th.n { "Staff change, WTE" } }
                    @if costed { th.n { "Capital" } th.n { "Staff costs a year" } }
                }
            }
            tbody {
                @for o in &listed { (row(data, &o.sites.join(", "), o, staffed, costed)) }
                (row(data, "Today", input.today, staffed, costed))
            }
        }
        p.note {
            "Stroke beds: hyper-acute and acute stroke unit beds for the units' modelled admissions ([beds], [beds.asu]); largest rise: beyond the unit's beds today (stroke_beds of sites.csv, else today's modelled need); outside the region: receiving hospitals whose beds rise. "
            @if staffed { "Staff: WTE at every unit touched ([workforce]). " }
            @if costed { "Capital and staff costs: from [costs] (" (input.criteria.costs.as_ref().map_or("", |c| c.source.as_str()))")." }
        }
    }
}

/// One option's row.
fn row(data: &Dataset, label: &str, o: &Detail, staffed: bool, costed: bool) -> Markup {
    let (Some(units), Some(m)) = (&o.resources, &o.assessed.metrics.resources) else {
        return html! {};
    };
    let name = |s: usize| super::maps::short_name(&data.sites[s].name).to_string();
    let largest = units
        .iter()
        .filter(|u| u.new_beds > 0)
        .max_by_key(|u| (u.new_beds, std::cmp::Reverse(u.site)))
        .map_or("none".to_string(), |u| {
            format!("+{} {}", u.new_beds, name(u.site))
        });
    let outside: Vec<String> = units
        .iter()
        .filter(|u| !data.sites[u.site].in_region && u.option.total() > u.today.total())
        .map(|u| format!("+{} {}", u.option.total() - u.today.total(), name(u.site)))
        .collect();
    html! {
        tr {
            td { (label) }
            td.n { (fixed(m.stroke_beds, 0)) " (" (fixed(m.stroke_beds_today, 0)) ")" }
            td { (largest) }
            td { @if outside.is_empty() { "none" } @else { (outside.join(", ")) } }
            @if staffed { td.n { (m.staff_wte_change.map_or("–".to_string(), |x| signed(x, 1))) } }
            @if costed {
                td.n { (m.capital_cost.map_or("–".to_string(), |x| millions(x * 1e6))) }
                td.n { (m.revenue_change.map_or("–".to_string(), |x| signed_millions(x * 1e6))) }
            }
        }
    }
}
