//! What the scores are made of: each passing option's points by criterion
//! (one colour per criterion everywhere), and the weights with their
//! source, their scale and what each metric measures.

use maud::{Markup, html};

use super::{ReportInput, at};
use crate::rank::{CriterionScore, score};
use crate::report::{fixed, option_id, words};

/// One colour per criterion, in criteria order (colour-blind safe, with
/// grey for an eighth).
const COLOURS: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
];
/// Options in the chart.
const BARS: usize = 16;

/// The colour of criterion `k`.
fn colour(k: usize) -> &'static str {
    COLOURS[k % COLOURS.len()]
}

/// Each criterion's part of a bar: where it starts, its width, its points.
fn stacked(
    parts: &[CriterionScore],
    left: f64,
    x: impl Fn(f64) -> f64,
) -> Vec<(f64, f64, &CriterionScore)> {
    let mut start = left;
    parts
        .iter()
        .map(|p| {
            let w = x(p.points).max(0.0);
            start += w;
            (start - w, w, p)
        })
        .collect()
}

/// The section.
pub fn section(input: &ReportInput) -> Markup {
    let (a, c) = (input.appraisal, input.criteria);
    let ranked = &a.ranked()[..a.passing.min(BARS)];
    let (left, width, bar) = (150.0, 440.0, 16.0);
    let height = ranked.len() as f64 * bar + 40.0;
    let x = |points: f64| width * points / 100.0;
    html! {
        h2 id="scores" { "What the scores are made of" }
        @if ranked.is_empty() {
            p { "No option passes every hurdle, so none is scored." }
        } @else {
            p.note { "Each bar is an option's score out of 100, split into the points each weighted criterion gives it (weight × where the option falls between the criterion's worst and best values)." }
            figure.keep {
                svg viewBox=(format!("0 0 640 {height:.0}")) width="640" role="img" aria-label="Points by criterion for each passing option" {
                    @for (i, o) in ranked.iter().enumerate() {
                        @let y = i as f64 * bar + 2.0;
                        @let points = score(c, &o.metrics);
                        @let parts = stacked(&points, left, x);
                        text x=(at(left - 4.0)) y=(at(y + 11.0)) font-size="10" text-anchor="end" { (o.rank.unwrap_or(0)) ". " (option_id(input.data, o)) }
                        @for (k, (start, w, p)) in parts.iter().enumerate() {
                            rect x=(at(*start)) y=(at(y)) width=(at(*w)) height=(at(bar - 4.0)) fill=(colour(k)) { title { (p.criterion) ": " (fixed(p.points, 1)) " points" } }
                        }
                        text x=(at(left + x(o.score.unwrap_or(0.0)) + 3.0)) y=(at(y + 11.0)) font-size="10" { (fixed(o.score.unwrap_or(0.0), 1)) }
                    }
                    text x=(at(left + width / 2.0)) y=(at(height - 8.0)) font-size="11" text-anchor="middle" { "points out of 100" }
                }
                p.legend {
                    @for (k, crit) in c.criteria.iter().enumerate() {
                        span.item { span.swatch style=(format!("background:{}", colour(k))) {} (crit.id) }
                    }
                }
            }
        }
        h3 { "The weights" }
        table.weights {
            thead { tr { th { "Criterion" } th { "Group" } th.n { "Weight" } th { "Source of the weight" } th { "What it measures" } th.n { "Scores 0 at" } th.n { "Scores 1 at" } } }
            tbody {
                @for (k, crit) in c.criteria.iter().enumerate() {
                    tr {
                        td { span.swatch style=(format!("background:{}", colour(k))) {} (crit.id) }
                        td { (crit.group) }
                        td.n { (crit.weight) }
                        td { (crit.source.as_deref().unwrap_or("assumption (no source given)")) }
                        td {
                            (words::metric_definition(crit.metric))
                            @if let (crate::criteria::Metric::Panel(_), Some(panel)) = (crit.metric, &c.panel) {
                                " " strong { "Panel-scored" } ", not computed by hasu: " code { (panel.path.display()) } ", SHA-256 " code { (panel.sha256) } "."
                            }
                        }
                        td.n { (crit.worst) }
                        td.n { (crit.best) }
                    }
                }
            }
        }
        p.note { "Weights decide the order of options that all pass the hurdles; they are judgements, not facts. The answer above says how often each option ranks first when the weights vary." }
    }
}
