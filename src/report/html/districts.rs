//! "What changes for my area?": every district's mean journey today and
//! under each option shown, side by side (the command line gives the same
//! for any zone or district: hasu area).

use maud::{Markup, html};

use super::ReportInput;
use crate::rank::Detail;
use crate::report::fixed;
use crate::report::patients::signed;
use crate::summary::thousands;

/// The section.
pub fn section(input: &ReportInput, shown: &[&Detail]) -> Markup {
    let today = &input.today.explained.districts;
    html! {
        h2 id="districts" { "What changes for each district" }
        p.note { "Admission-weighted mean ambulance journey in minutes to the nearest open unit, today and under each option shown in full, with the change from today in brackets. For one area: hasu area \"<zone or district>\"." }
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
                        td.n { (fixed(d.mean_travel_today, 1)) }
                        @for o in shown {
                            @let x = &o.explained.districts[k];
                            td.n { (fixed(x.mean_travel, 1)) " (" (signed(x.change, 1)) ")" }
                        }
                    }
                }
            }
        }
    }
}
