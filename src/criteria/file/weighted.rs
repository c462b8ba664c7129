//! `[quality]` and `[[criterion]]`: the weighted criteria.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::Criterion;
use crate::model::Service;

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
    weight_range: Option<Spanned<[f64; 2]>>,
    /// Where the weight comes from ("assumption" when not given).
    source: Option<Spanned<String>>,
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

/// Reads every `[[criterion]]`, checking that ids are unique, metrics are
/// known, scales are not empty, ranges hold their weight, and the weights
/// add up to 1.
pub(super) fn read_criteria(list: &[CriterionFile], check: &mut Checker) -> Vec<Criterion> {
    let mut criteria = Vec::new();
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
        let metric = check.metric(&c.metric);
        check.not_negative(&c.weight, "weight");
        check.that(
            c.worst.get_ref() != c.best.get_ref(),
            &c.best,
            "best",
            "expected best and worst to differ (they set the scale)".to_string(),
        );
        let weight = *c.weight.get_ref();
        if let Some(range) = &c.weight_range {
            let [lo, hi] = *range.get_ref();
            check.that(
                (0.0..=1.0).contains(&lo) && lo <= weight && weight <= hi && hi <= 1.0,
                range,
                "weight_range",
                format!(
                    "weight_range is [{lo}, {hi}]; expected 0 ≤ low ≤ the weight ({weight}) ≤ high ≤ 1"
                ),
            );
        }
        total += weight;
        if let Some(metric) = metric {
            criteria.push(Criterion {
                id: c.id.get_ref().clone(),
                group: c.group.get_ref().clone(),
                metric,
                weight,
                worst: *c.worst.get_ref(),
                best: *c.best.get_ref(),
                weight_range: c.weight_range.as_ref().map(|r| *r.get_ref()),
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
    criteria
}
