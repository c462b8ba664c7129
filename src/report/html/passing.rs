//! The appendix of passing options beyond the answer table: every option
//! that passes is in the report, each with its score and how sure its rank
//! is.

use maud::{Markup, html};

use super::{ReportInput, pct};
use crate::report::{fixed, option_id};

/// The passing options from rank `from + 1` on; nothing when the answer
/// table holds them all.
pub fn appendix(input: &ReportInput, from: usize) -> Markup {
    let (a, data) = (input.appraisal, input.data);
    let rest = a.ranked().get(from..).unwrap_or_default();
    if rest.is_empty() {
        return html! {};
    }
    let w = &input.study.weights;
    html! {
        h2.flow id="passing" { "Every other passing option (" (rest.len()) ")" }
        table.compact {
            thead { tr { th.n { "Rank" } th.option { "Option (site ids)" } th { "Hospitals" } th.n { "Score /100" } th.n { "First in (weights)" } th.n { "Rank range" } } }
            tbody {
                @for (k, o) in rest.iter().enumerate() {
                    @let acc = w.centred.get(from + k);
                    tr {
                        td.n { (o.rank.map_or(String::new(), |r| r.to_string())) }
                        td { (option_id(data, o)) }
                        td { (o.site_set().sites().into_iter().map(|s| super::maps::short_name(&data.sites[s].name)).collect::<Vec<_>>().join(", ")) }
                        td.n { (o.score.map_or(String::new(), |s| fixed(s, 1))) }
                        td.n { (acc.map_or("–".to_string(), |x| pct(x.p_first))) }
                        td.n { (acc.map_or("–".to_string(), |x| format!("{}–{}", x.rank_min, x.rank_max))) }
                    }
                }
            }
        }
    }
}
