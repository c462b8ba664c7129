//! "What changes for my area?": every district's mean journey today and
//! under each option shown, side by side (the command line gives the same
//! for any zone or district: hasu area).

use maud::{Markup, html};

use std::collections::BTreeSet;

use super::ReportInput;
use crate::estimates::is_estimated;
use crate::evaluate::ZoneTrip;
use crate::rank::Detail;
use crate::report::estimates::MARK;
use crate::report::fixed;
use crate::report::patients::signed;
use crate::summary::thousands;

/// The districts any of whose zones' journeys under a configuration (its
/// trips) is a network estimate.
fn estimated_districts<'a>(input: &'a ReportInput, trips: &[ZoneTrip]) -> BTreeSet<&'a str> {
    let data = input.data;
    trips
        .iter()
        .enumerate()
        .filter(|(z, t)| t.option.is_some_and(|(s, _)| is_estimated(data, *z, s)))
        .map(|(z, _)| data.zones[z].district.as_str())
        .collect()
}

/// The section: `trips` are the shown options', `today_trips` today's.
pub fn section(
    input: &ReportInput,
    shown: &[&Detail],
    trips: &[Vec<ZoneTrip>],
    today_trips: &[ZoneTrip],
) -> Markup {
    let today = &input.today.explained.districts;
    let marked_today = estimated_districts(input, today_trips);
    let marked: Vec<BTreeSet<&str>> = trips
        .iter()
        .map(|t| estimated_districts(input, t))
        .collect();
    let mark = |set: &BTreeSet<&str>, d: &str| if set.contains(d) { MARK } else { "" };
    html! {
        h2 id="districts" { "What changes for each district" }
        p.note { "Admission-weighted mean ambulance journey in minutes to the nearest open unit, today and under each option shown in full, with the change from today in brackets. " (MARK) ": some of the district's journeys are network estimates (modelled). For one area: hasu area \"<zone or district>\"." }
        table {
            thead {
                tr {
                    th { "District" } th.n { "Admissions a year" } th.n { "Today" }
                    @for o in shown { th.n { (o.id) } }
                }
            }
            tbody {
                @for (k, d) in today.iter().enumerate() {
                    tr {
                        td { (d.district) }
                        td.n { (thousands(d.admissions)) }
                        td.n { (fixed(d.mean_travel_today, 1)) (mark(&marked_today, &d.district)) }
                        @for (i, o) in shown.iter().enumerate() {
                            @let x = &o.explained.districts[k];
                            td.n { (fixed(x.mean_travel, 1)) (mark(&marked[i], &d.district)) " (" (signed(x.change, 1)) ")" }
                        }
                    }
                }
            }
        }
    }
}
