//! `[quality]` and `[[criterion]]`: the weighted criteria.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::MAX_PANEL;
use crate::criteria::{Criterion, Metric};
use crate::model::Service;
use crate::panel::Combine;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QualityFile {
    co_location: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CriterionFile {
    id: Spanned<String>,
    group: Spanned<String>,
    metric: Spanned<String>,
    weight: Spanned<f64>,
    worst: Spanned<f64>,
    best: Spanned<f64>,
    /// Where the weight may lie in the weight robustness analysis.
    weight_range: Option<Spanned<Vec<f64>>>,
    /// Where the weight comes from ("assumption" when not given).
    source: Option<Spanned<String>>,
    /// How a panel-scored option's score follows from its sites'.
    combine: Option<Spanned<Combine>>,
}

impl CriterionFile {
    /// The metric's name as written.
    pub fn metric(&self) -> &Spanned<String> {
        &self.metric
    }
}

impl QualityFile {
    pub fn read(&self, check: &mut Checker) -> Vec<Service> {
        self.co_location
            .iter()
            .filter_map(|s| match s.get_ref().parse::<Service>() {
                Ok(v) => Some(v),
                Err(m) => {
                    check.problem(s.span(), "co_location", format!("\"{}\": {m}", s.get_ref()));
                    None
                }
            })
            .collect()
    }
}

/// The panel-scored criteria of `criteria`: id and combine rule, in order
/// (each one's metric is `Panel(k)`, its place here).
pub(super) fn panel_criteria(list: &[CriterionFile]) -> Vec<(String, Combine)> {
    list.iter()
        .filter(|c| c.metric.get_ref() == "panel")
        .map(|c| {
            let combine = c.combine.as_ref().map_or(Combine::Mean, |v| *v.get_ref());
            (c.id.get_ref().clone(), combine)
        })
        .collect()
}

/// Reads every `[[criterion]]`, checking that ids are unique, metrics are
/// known, scales are not empty, ranges hold their weight, and the weights
/// add up to 1.
pub(super) fn read_criteria(list: &[CriterionFile], check: &mut Checker) -> Vec<Criterion> {
    let mut panels = 0u8;
    let mut criteria = Vec::new();
    let mut ranges = Vec::new();
    let mut total = 0.0;
    let mut ids = HashSet::new();
    for c in list {
        check.text(&c.id, "id");
        check.text(&c.group, "group");
        if let Some(source) = &c.source {
            check.text(source, "source");
        }
        if !ids.insert(c.id.get_ref().as_str()) {
            check.problem(
                c.id.span(),
                "id",
                format!("duplicate criterion id \"{}\"", c.id.get_ref()),
            );
        }
        let mut metric = check.metric(&c.metric);
        if let Some(Metric::Panel(k)) = &mut metric {
            *k = panels;
            panels = panels.saturating_add(1);
            check.that(
                usize::from(panels) <= MAX_PANEL,
                &c.metric,
                "metric",
                format!(
                    "more than {MAX_PANEL} panel-scored criteria; expected at most {MAX_PANEL}"
                ),
            );
        } else if let Some(combine) = &c.combine {
            check.problem(
                combine.span(),
                "combine",
                "combine is for panel-scored criteria (metric = \"panel\") only".to_string(),
            );
        }
        check.not_negative(&c.weight, "weight");
        check.that(
            c.worst.get_ref() != c.best.get_ref(),
            &c.best,
            "best",
            "expected best and worst to differ (they set the scale)".to_string(),
        );
        let weight = *c.weight.get_ref();
        let range = c.weight_range.as_ref().and_then(|range| {
            let [lo, hi] = range.get_ref()[..] else {
                check.problem(
                    range.span(),
                    "weight_range",
                    format!(
                        "weight_range has {} numbers; expected two, [low, high]",
                        range.get_ref().len()
                    ),
                );
                return None;
            };
            let ok = (0.0..=1.0).contains(&lo) && lo <= weight && weight <= hi && hi <= 1.0;
            check.that(
                ok,
                range,
                "weight_range",
                format!(
                    "weight_range is [{lo}, {hi}]; expected 0 ≤ low ≤ the weight ({weight}) ≤ high ≤ 1"
                ),
            );
            check.that(
                !ok || lo < hi || weight == 0.0,
                range,
                "weight_range",
                format!(
                    "weight_range is [{lo}, {hi}], with no width: a weight drawn at random never \
                     lands exactly on {lo}; expected low below high (or no weight_range to let \
                     the weight vary freely)"
                ),
            );
            Some([lo, hi])
        });
        ranges.push(range);
        total += weight;
        if let Some(metric) = metric {
            criteria.push(Criterion {
                id: c.id.get_ref().clone(),
                group: c.group.get_ref().clone(),
                metric,
                weight,
                worst: *c.worst.get_ref(),
                best: *c.best.get_ref(),
                weight_range: range,
                source: c.source.as_ref().map(|s| s.get_ref().clone()),
            });
        }
    }
    if (total - 1.0).abs() > 1e-9 {
        let at = list.first().map_or(0..0, |c| c.weight.span());
        check.problem(
            at,
            "weight",
            format!("the criteria's weights add up to {total}; expected them to add up to 1"),
        );
    }
    // The ranges must leave room for weights that add up to 1.
    let low: f64 = ranges.iter().map(|r| r.map_or(0.0, |[lo, _]| lo)).sum();
    let high: f64 = ranges.iter().map(|r| r.map_or(1.0, |[_, hi]| hi)).sum();
    if let Some(at) = list.iter().find_map(|c| c.weight_range.as_ref())
        && (low > 1.0 + 1e-9 || high < 1.0 - 1e-9)
    {
        check.problem(
            at.span(),
            "weight_range",
            format!(
                "the weight ranges' lows add up to {low} and highs to {high}; no weights adding \
                 up to 1 fit inside them"
            ),
        );
    }
    criteria
}
