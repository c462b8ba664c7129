//! `[beds.asu]`, `[workforce]` and `[costs]`: acute stroke unit beds,
//! staffing ratios and costs. All optional; metrics that need them are
//! refused without them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use super::outcomes::{Method, rule};
use crate::criteria::{AsuPlanning, CONSULTANTS, Costs, SiteCapital, StaffGroup, Workforce};

/// Most WTE a ratio or an establishment may state (beyond any region).
const MOST_WTE: f64 = 100_000.0;
/// Most pounds a cost may state (£1 trillion).
const MOST_POUNDS: f64 = 1e12;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AsuFile {
    share: Spanned<f64>,
    length_of_stay_days: Spanned<f64>,
    early_supported_discharge: Spanned<f64>,
    esd_days_saved: Spanned<f64>,
    method: Spanned<Method>,
    target: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WorkforceFile {
    staff: Vec<StaffFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffFile {
    group: Spanned<String>,
    #[serde(default)]
    per_hasu_bed: Option<Spanned<f64>>,
    #[serde(default)]
    per_asu_bed: Option<Spanned<f64>>,
    /// Ratios are per this many beds (the guidance states therapists per 5).
    #[serde(default)]
    per_beds: Option<Spanned<f64>>,
    #[serde(default)]
    per_unit: Option<Spanned<f64>>,
    establishment: Option<Spanned<f64>>,
    source: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CostsFile {
    capital_per_new_bed: Spanned<f64>,
    capital_per_refurbished_bed: Spanned<f64>,
    #[serde(default)]
    site: Vec<SiteCapitalFile>,
    #[serde(default)]
    revenue_per_wte: BTreeMap<String, Spanned<f64>>,
    years: Spanned<f64>,
    discount_rate: Spanned<f64>,
    source: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteCapitalFile {
    site: Spanned<String>,
    pounds: Spanned<f64>,
    item: Spanned<String>,
}

impl AsuFile {
    pub fn read(&self, check: &mut Checker) -> AsuPlanning {
        check.share(&self.share, "share");
        check.within(
            &self.length_of_stay_days,
            "length_of_stay_days",
            0.0,
            365.0,
            true,
            "days",
        );
        check.share(&self.early_supported_discharge, "early_supported_discharge");
        check.within(
            &self.esd_days_saved,
            "esd_days_saved",
            0.0,
            365.0,
            false,
            "days",
        );
        check.ordered(
            (&self.esd_days_saved, "esd_days_saved"),
            (&self.length_of_stay_days, "length_of_stay_days"),
        );
        AsuPlanning {
            share: *self.share.get_ref(),
            length_of_stay_days: *self.length_of_stay_days.get_ref(),
            early_supported_discharge: *self.early_supported_discharge.get_ref(),
            esd_days_saved: *self.esd_days_saved.get_ref(),
            rule: rule(check, &self.method, &self.target),
        }
    }
}

impl WorkforceFile {
    /// Whether `group` is listed with its establishment.
    pub fn has_establishment(&self, group: &str) -> bool {
        self.staff
            .iter()
            .any(|s| s.group.get_ref() == group && s.establishment.is_some())
    }

    pub fn read(&self, check: &mut Checker) -> Workforce {
        if self.staff.is_empty() {
            check.problems.error(
                check.lines.file(),
                "[workforce] has no [[workforce.staff]]; expected at least one staff group",
            );
        }
        let mut staff: Vec<StaffGroup> = Vec::new();
        for s in &self.staff {
            check.text(&s.group, "group");
            check.text(&s.source, "source");
            if staff.iter().any(|g| &g.group == s.group.get_ref()) {
                check.problem(
                    s.group.span(),
                    "group",
                    format!(
                        "staff group \"{}\" is listed twice; expected each group once",
                        s.group.get_ref()
                    ),
                );
            }
            let per_beds = s.per_beds.as_ref().map_or(1.0, |v| {
                check.within(v, "per_beds", 0.0, 1000.0, true, "beds");
                *v.get_ref()
            });
            let mut ratio = |v: &Option<Spanned<f64>>, key: &str| {
                v.as_ref().map_or(0.0, |v| {
                    check.within(v, key, 0.0, MOST_WTE, false, "WTE");
                    *v.get_ref() / per_beds
                })
            };
            let per_hasu_bed = ratio(&s.per_hasu_bed, "per_hasu_bed");
            let per_asu_bed = ratio(&s.per_asu_bed, "per_asu_bed");
            let per_unit = s.per_unit.as_ref().map_or(0.0, |v| {
                check.within(v, "per_unit", 0.0, MOST_WTE, false, "WTE");
                *v.get_ref()
            });
            if s.per_hasu_bed.is_none() && s.per_asu_bed.is_none() && s.per_unit.is_none() {
                check.problem(
                    s.group.span(),
                    "group",
                    format!(
                        "staff group \"{}\" has no ratio; expected per_hasu_bed, per_asu_bed or \
                         per_unit",
                        s.group.get_ref()
                    ),
                );
            }
            if s.group.get_ref() == CONSULTANTS && per_unit <= 0.0 {
                check.problem(
                    s.group.span(),
                    "per_unit",
                    "the consultants group needs per_unit: the consultants each HASU's 24/7 rota \
                     needs (at least 6 in the guidance)"
                        .to_string(),
                );
            }
            let establishment = s.establishment.as_ref().map(|v| {
                check.within(v, "establishment", 0.0, MOST_WTE, false, "WTE");
                *v.get_ref()
            });
            staff.push(StaffGroup {
                group: s.group.get_ref().clone(),
                per_hasu_bed,
                per_asu_bed,
                per_unit,
                establishment,
                source: s.source.get_ref().clone(),
            });
        }
        Workforce { staff }
    }
}

impl CostsFile {
    pub fn read(&self, check: &mut Checker, workforce: Option<&Workforce>) -> Costs {
        for (v, key) in [
            (&self.capital_per_new_bed, "capital_per_new_bed"),
            (
                &self.capital_per_refurbished_bed,
                "capital_per_refurbished_bed",
            ),
        ] {
            check.within(v, key, 0.0, MOST_POUNDS, false, "pounds");
        }
        check.within(&self.years, "years", 0.0, 100.0, true, "years");
        check.within(
            &self.discount_rate,
            "discount_rate",
            0.0,
            1.0,
            false,
            "a rate",
        );
        check.text(&self.source, "source");
        let mut sites = Vec::new();
        for s in &self.site {
            check.within(&s.pounds, "pounds", 0.0, MOST_POUNDS, false, "pounds");
            check.text(&s.item, "item");
            if let [site] = check.sites(std::slice::from_ref(&s.site), "site", true)[..] {
                sites.push(SiteCapital {
                    site,
                    pounds: *s.pounds.get_ref(),
                    item: s.item.get_ref().clone(),
                });
            }
        }
        let mut revenue_per_wte = Vec::new();
        for (group, v) in &self.revenue_per_wte {
            check.within(v, "revenue_per_wte", 0.0, MOST_POUNDS, false, "pounds");
            let known = workforce.is_some_and(|w| w.position(group).is_some());
            if !known {
                let groups = workforce.map_or_else(
                    || "none: there is no [workforce] table".to_string(),
                    |w| {
                        w.staff
                            .iter()
                            .map(|g| g.group.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                );
                check.problem(
                    v.span(),
                    "revenue_per_wte",
                    format!(
                        "staff group \"{group}\" is not in [workforce]; expected one of {groups}"
                    ),
                );
            }
            revenue_per_wte.push((group.clone(), *v.get_ref()));
        }
        Costs {
            capital_per_new_bed: *self.capital_per_new_bed.get_ref(),
            capital_per_refurbished_bed: *self.capital_per_refurbished_bed.get_ref(),
            sites,
            revenue_per_wte,
            years: *self.years.get_ref(),
            discount_rate: *self.discount_rate.get_ref(),
            source: self.source.get_ref().clone(),
        }
    }
}
