//! `[hurdles.*]`: the pass/fail thresholds.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::{Hurdles, Limit, Metric};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HurdlesFile {
    volume: VolumeFile,
    thrombolysis: ThrombolysisFile,
    access: AccessFile,
    pub capacity: Option<CapacityFile>,
    #[serde(default)]
    pub limit: Vec<LimitFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CapacityFile {
    pub min_spare_beds: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LimitFile {
    pub metric: Spanned<String>,
    min: Option<Spanned<f64>>,
    max: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VolumeFile {
    min_admissions: Spanned<f64>,
    max_admissions: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThrombolysisFile {
    door_to_needle_minutes: Spanned<f64>,
    min_share: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccessFile {
    within_minutes: Spanned<f64>,
    min_share: Spanned<f64>,
    max_minutes: Spanned<f64>,
}

impl HurdlesFile {
    pub fn read(&self, check: &mut Checker) -> Hurdles {
        let v = &self.volume;
        check.within(
            &v.min_admissions,
            "min_admissions",
            0.0,
            1e6,
            true,
            "admissions a year",
        );
        check.within(
            &v.max_admissions,
            "max_admissions",
            0.0,
            1e6,
            true,
            "admissions a year",
        );
        check.ordered(
            (&v.min_admissions, "min_admissions"),
            (&v.max_admissions, "max_admissions"),
        );
        let t = &self.thrombolysis;
        check.within(
            &t.door_to_needle_minutes,
            "door_to_needle_minutes",
            0.0,
            1440.0,
            true,
            "minutes",
        );
        check.share(&t.min_share, "min_share");
        let a = &self.access;
        check.within(
            &a.within_minutes,
            "within_minutes",
            0.0,
            1440.0,
            true,
            "minutes",
        );
        check.within(&a.max_minutes, "max_minutes", 0.0, 1440.0, true, "minutes");
        check.share(&a.min_share, "min_share");
        check.ordered(
            (&a.within_minutes, "within_minutes"),
            (&a.max_minutes, "max_minutes"),
        );
        if let Some(c) = &self.capacity {
            check.finite(&c.min_spare_beds, "min_spare_beds");
        }
        let mut limits: Vec<Limit> = Vec::new();
        for l in &self.limit {
            let Some(metric) = check.metric(&l.metric) else {
                continue;
            };
            if let Metric::Panel(_) = metric {
                check.problem(
                    l.metric.span(),
                    "metric",
                    "a limit cannot name a panel score (it has no criterion id here); score it \
                     with a [[criterion]] of metric = \"panel\" instead"
                        .to_string(),
                );
                continue;
            }
            for v in [&l.min, &l.max].into_iter().flatten() {
                check.finite(v, "limit");
            }
            match (&l.min, &l.max) {
                (None, None) => check.problem(
                    l.metric.span(),
                    "limit",
                    format!("the limit on {metric} needs min, max or both"),
                ),
                (Some(lo), Some(hi)) => check.ordered((lo, "min"), (hi, "max")),
                _ => {}
            }
            if limits.iter().any(|k| k.metric == metric) {
                check.problem(
                    l.metric.span(),
                    "metric",
                    format!("a second limit on {metric}; expected one per metric"),
                );
                continue;
            }
            limits.push(Limit {
                metric,
                min: l.min.as_ref().map(|v| *v.get_ref()),
                max: l.max.as_ref().map(|v| *v.get_ref()),
            });
        }
        Hurdles {
            min_spare_beds: self.capacity.as_ref().map(|c| *c.min_spare_beds.get_ref()),
            limits,
            min_admissions: *v.min_admissions.get_ref(),
            max_admissions: *v.max_admissions.get_ref(),
            door_to_needle_minutes: *t.door_to_needle_minutes.get_ref(),
            min_share_within_door_to_needle: *t.min_share.get_ref(),
            access_minutes: *a.within_minutes.get_ref(),
            min_share_within_access: *a.min_share.get_ref(),
            max_travel_minutes: *a.max_minutes.get_ref(),
        }
    }
}
