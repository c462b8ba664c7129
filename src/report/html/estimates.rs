//! The marks of figures resting on estimated travel times: a note under
//! the answer table (what moving the estimates within their measured error
//! does to the ranking), and a note per option (its own spread).

use maud::{Markup, html};

use super::{ReportInput, modelled};
use crate::rank::Detail;
use crate::report::estimates::{self as words, MARK};

/// Whether `o` opens a unit whose times are estimated.
pub fn marked(input: &ReportInput, o: &Detail) -> bool {
    input
        .study
        .estimates
        .as_ref()
        .is_some_and(|e| words::rests_on(e, input.data, &o.assessed.site_set()))
}

/// `MARK` when `o` rests on estimated times, else nothing.
pub fn mark(input: &ReportInput, o: &Detail) -> &'static str {
    if marked(input, o) { MARK } else { "" }
}

/// Under the answer table: which times are estimated and what moving them
/// within their measured error does to first place and to pass/fail.
pub fn answer_note(input: &ReportInput) -> Markup {
    let Some(e) = &input.study.estimates else {
        return html! {};
    };
    let (data, a) = (input.data, input.appraisal);
    let moving = words::verdicts_moving(e, data, a);
    html! {
        p.note {
            (words::summary(e)) (modelled())
            @if !e.moved.is_empty() {
                " " @for (k, m) in e.moved.iter().enumerate() { @if k > 0 { "; " } (words::moved_line(m)) } ". "
                @if moving.is_empty() { "No option's pass/fail moves." }
                @else { "Pass/fail moves: " (moving.join("; ")) ". " }
                "Ranks of the top five: " (words::top_ranks(e, data, a, 5).join("; ")) "."
            }
        }
    }
}

/// Under an option's maps and units: that its figures rest on estimated
/// times, and how far they move within the measured error.
pub fn option_note(input: &ReportInput, o: &Detail) -> Markup {
    let Some(e) = &input.study.estimates else {
        return html! {};
    };
    let set = o.assessed.site_set();
    let text = words::option_words(
        e,
        input.data,
        input.appraisal,
        &set,
        &input.evaluator.open_units(&set),
        o.assessed.metrics.mean_travel,
    );
    html! {
        @if let Some(t) = text { p.note { (t) } }
    }
}
