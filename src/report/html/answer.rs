//! The first screen: the answer a board can act on. Which options pass,
//! named by hospital, with their score, how sure the ranking is, what they
//! mean for patients, beds and the most deprived; which are effectively
//! tied and what would separate them; and why today's configuration fails.

use maud::{Markup, html};

use super::{ReportInput, hospitals, modelled, pct};
use crate::criteria::{CONSULTANTS, NURSES, Needs};
use crate::rank::Detail;
use crate::report::fixed;
use crate::report::patients::{shown_change, signed};
use crate::report::words;
use crate::robustness::{TIED_FIRST, TIED_POINTS};
use crate::summary::thousands;

/// Rows of the answer table.
pub const ROWS: usize = 10;
/// Options in the first screen's beds, staff and costs table.
const RESOURCE_ROWS: usize = 5;

/// The answer section.
pub fn section(input: &ReportInput) -> Markup {
    let (a, data) = (input.appraisal, input.data);
    let w = &input.study.weights;
    let first_inputs = |i: usize| {
        input
            .study
            .inputs
            .as_ref()
            .and_then(|s| s.options.get(i))
            .map(|o| o.p_first)
    };
    let top = input.ranked.first().filter(|o| o.assessed.passes);
    let tied: Vec<usize> = input
        .study
        .tied_with_first(a.ranked())
        .into_iter()
        .filter(|&i| i < input.ranked.len())
        .collect();
    let shown = input.shown.len();
    html! {
        h2.first id="answer" { "The answer" }
        @if let Some(sl) = &a.shortlist {
            p.note {
                "A shortlist: of each number of HASUs, the " (sl.per_size) " combinations with the lowest mean journey, found by "
                (if sl.proven { "proven" } else { "unfinished (not proven)" })
                " search" (crate::report::text::passing_added(sl)) ", are appraised here, not every combination (the rules allow " (sl.combinations) "). A combination that would score well on other criteria but not on mean journey may be missing."
            }
        }
        @if let Some(o) = top {
            p.lead {
                strong { (a.passing) } " of " (a.considered) " combinations of sites pass every hurdle. The highest score goes to "
                strong { (hospitals(data, o)) } ": " (fixed(o.assessed.score.unwrap_or(0.0), 1)) " out of 100. It ranks first in "
                (pct(w.centred.first().map_or(0.0, |x| x.p_first))) " of weightings drawn around the stated weights"
                @if let Some(p) = first_inputs(0) { " and in " (pct(p)) " of draws of the uncertain inputs" (modelled()) }
                "."
            }
            @if !tied.is_empty() {
                p {
                    "Effectively tied with it (within " (TIED_POINTS) " point, or first in at least " (pct(TIED_FIRST)) " of weightings): "
                    @for (k, &i) in tied.iter().enumerate() {
                        @if k > 0 { "; " }
                        (hospitals(data, &input.ranked[i])) ", score " (fixed(input.ranked[i].assessed.score.unwrap_or(0.0), 1))
                        ", first in " (pct(w.centred.get(i).map_or(0.0, |x| x.p_first)))
                    }
                    ". " (separators(input))
                }
            }
        } @else {
            p.lead { strong { "No option passes every hurdle." } " The table lists the options failing the fewest; see why under "
                a href="#failing" { "Options that fail a hurdle" } "." }
        }
        (table(input, first_inputs))
        (super::estimates::answer_note(input))
        (weighs(input))
        (super::resources::first_screen(input, RESOURCE_ROWS))
        p.note {
            @if a.passing > ROWS { "… and " (a.passing - ROWS) " more passing options: see " a href="#passing" { "Every other passing option" } ". " }
            "The " (shown) " highest-ranked options are shown in full below (maps, units, districts, patients, beds, equality). Weights are assumptions."
        }
        (today(input))
    }
}

/// The answer table: the options that pass (or fail fewest), best first.
fn table(input: &ReportInput, first_inputs: impl Fn(usize) -> Option<f64>) -> Markup {
    let data = input.data;
    let w = &input.study.weights;
    let patients = input.ranked.iter().any(|o| o.patients.is_some());
    let beds = input.ranked.iter().any(|o| o.beds.is_some()) && input.today.resources.is_none();
    let equity = input.ranked.iter().any(|o| {
        o.equity
            .as_ref()
            .is_some_and(|e| e.deprivation_gap.is_some())
    });
    html! {
        table.answer {
            thead {
                tr {
                    th.n.rank { "Rank" } th.hospitals { "Hospitals (site ids)" } th.n { "Score /100" }
                    th.n { "First in (weights)" } th.n { "Rank range" }
                    @if input.study.inputs.is_some() { th.n { "First in (inputs)" (modelled()) } }
                    @if patients { th.n { "Good out\u{AD}comes a year vs today" (modelled()) } }
                    @if beds { th.n { "HASU beds (today)" (modelled()) } }
                    @if equity { th.n { "Depri\u{AD}vation gap change (min)" } }
                }
            }
            tbody {
                @for (i, o) in input.ranked.iter().take(ROWS).enumerate() {
                    @let acc = w.centred.get(i).filter(|_| o.assessed.passes);
                    tr {
                        td.n { @if let Some(r) = o.assessed.rank { (r) } @else { "–" } }
                        td {
                            @if i < input.shown.len() { a href=(format!("#option-{i}")) { (hospitals(data, o)) } }
                            @else { (hospitals(data, o)) }
                            (super::estimates::mark(input, o))
                        }
                        td.n { (o.assessed.score.map_or("fails".to_string(), |s| fixed(s, 1))) }
                        td.n { (acc.map_or("–".to_string(), |x| pct(x.p_first))) }
                        td.n { (acc.map_or("–".to_string(), |x| format!("{}–{}", x.rank_min, x.rank_max))) }
                        @if input.study.inputs.is_some() { td.n { (first_inputs(i).filter(|_| o.assessed.passes).map_or("–".to_string(), pct)) } }
                        @if patients {
                            td.n {
                                (o.patients.as_ref().map_or("–".to_string(), |p| shown_change(p.option.added_good_outcomes, p.today.added_good_outcomes, 1)))
                                @if !outcomes_weighted(input) && worse_for_patients(o) { " ‡" }
                            }
                        }
                        @if beds {
                            td.n { (o.beds.as_ref().map_or("–".to_string(), |(_, units)| {
                                let now: u32 = units.iter().filter(|u| u.hasu).map(|u| u.option.beds).sum();
                                let then: u32 = units.iter().filter(|u| u.in_region).map(|u| u.today.beds).sum();
                                format!("{now} ({then})")
                            })) }
                        }
                        @if equity {
                            td.n { (o.equity.as_ref().and_then(|e| Some(e.deprivation_gap? - e.deprivation_gap_today?)).map_or("–".to_string(), |x| signed(x, 1))) }
                        }
                    }
                }
            }
        }
        p.note {
            "First in (weights): share of " (thousands(w.draws as f64)) " weightings drawn around the stated weights in which the option ranks first; rank range: its best and worst rank over them."
            @if input.study.inputs.is_some() { " First in (inputs): the same over draws of the uncertain travel times, pathway and admissions." }
            @if patients { " Added good outcomes: patients a year with mRS 0–1 thanks to treatment, the option minus today." }
            @if beds { " HASU beds: beds needed at the option's HASUs (today: at today's units in the region)." }
            @if equity { " Deprivation gap change: minutes the most deprived fifth's journey gains (+) on the least deprived fifth's." }
        }
    }
}

/// Whether a weighted criterion measures patient outcomes.
fn outcomes_weighted(input: &ReportInput) -> bool {
    input
        .criteria
        .criteria
        .iter()
        .any(|c| matches!(c.metric.needs(), Needs::Outcomes | Needs::ContinuousModel))
}

/// Whether the option gives fewer good outcomes than today, as the table
/// shows them (one decimal).
fn worse_for_patients(o: &Detail) -> bool {
    o.patients.as_ref().is_some_and(|p| {
        let shown = |x: f64| (x * 10.0).round();
        shown(p.option.added_good_outcomes) < shown(p.today.added_good_outcomes)
    })
}

/// What the score weighs and what it does not, and which options scoring
/// well are worse for patients than today.
fn weighs(input: &ReportInput) -> Markup {
    let weighted = &input.criteria.criteria;
    let uses = |needs: &[Needs]| weighted.iter().any(|c| needs.contains(&c.metric.needs()));
    let mut not = Vec::new();
    let outcomes_out =
        input.ranked.iter().any(|o| o.patients.is_some()) && !outcomes_weighted(input);
    if outcomes_out {
        not.push("patient outcomes");
    }
    if input.today.resources.is_some() && !uses(&[Needs::Beds]) {
        not.push("stroke beds");
    }
    if input.criteria.workforce.is_some()
        && !uses(&[
            Needs::Workforce,
            Needs::Establishment(CONSULTANTS),
            Needs::Establishment(NURSES),
        ])
    {
        not.push("staff");
    }
    if input.criteria.costs.is_some() && !uses(&[Needs::Costs]) {
        not.push("costs");
    }
    let worse = input
        .ranked
        .iter()
        .take(ROWS)
        .filter(|o| outcomes_out && o.assessed.passes && worse_for_patients(o))
        .count();
    let flat = crate::discrimination::flat_criteria(input.criteria, &input.appraisal.options);
    html! {
        @for f in &flat {
            p.warning { strong { "Warning: " } (words::flat_criterion(f, input.criteria)) "." }
        }
        p.note {
            strong { "What the score weighs: " }
            "the " (weighted.len()) " criteria under "
            a href="#scores" { "What the scores are made of" } "."
            @if !not.is_empty() {
                " It does not weigh " (not.join(", ")) ", shown beside it."
            }
            @if worse > 0 {
                " ‡ " (worse) " of the passing options listed give fewer good outcomes a year than today"
                (modelled()) ", though outcomes are not in the score."
            }
        }
    }
}

/// What would separate the tied options: the smallest weight changes that
/// move first place, in words.
fn separators(input: &ReportInput) -> String {
    let w = &input.study.weights;
    let mut moves: Vec<_> = w.first.iter().collect();
    moves.sort_by(|a, b| {
        ((a.threshold - a.weight).abs() / a.weight.max(0.01))
            .total_cmp(&((b.threshold - b.weight).abs() / b.weight.max(0.01)))
    });
    let ids = |i: usize| {
        input
            .appraisal
            .ranked()
            .get(i)
            .map(|o| crate::report::option_id(input.data, o))
    };
    let said: Vec<String> = moves
        .iter()
        .take(3)
        .filter_map(|t| {
            Some(format!(
                "{} weight {} {} (now {}) puts {} first",
                t.criterion,
                if t.threshold > t.weight {
                    "above"
                } else {
                    "below"
                },
                fixed(t.threshold, 3),
                t.weight,
                ids(t.enters)?
            ))
        })
        .collect();
    if said.is_empty() {
        "No single weight change moves first place.".to_string()
    } else {
        format!("What would separate them: a {}.", said.join("; a "))
    }
}

/// Today's configuration and why it passes or fails.
fn today(input: &ReportInput) -> Markup {
    let t = input.today;
    let failed: Vec<words::HurdleWords> = words::hurdles(&input.criteria.hurdles, t)
        .into_iter()
        .filter(|h| !h.passed)
        .collect();
    html! {
        p {
            strong { "Today" }
            @if let Some(p) = &input.criteria.period { " (" (p) ")" }
            ": " (hospitals(input.data, t)) ", "
            (thousands(t.assessed.metrics.region_admissions)) " admissions a year from the region. "
            @if failed.is_empty() { "It passes every hurdle." }
            @else {
                "It fails "
                @for (k, h) in failed.iter().enumerate() {
                    @if k > 0 { "; " }
                    strong { (h.hurdle) } ": " (h.reasons.join("; "))
                }
                "."
            }
        }
    }
}
