//! What a configuration needs beyond journeys: acute stroke unit beds after
//! the hyper-acute stay (`[beds.asu]`), staff by ratio (`[workforce]`) and
//! money (`[costs]`). Every value says where it comes from.

use serde::Serialize;

use super::BedRule;

/// Acute stroke unit (ASU) beds: the care after the hyper-acute stay, on
/// the same site (the Kent and Medway model of care: a combined HASU and
/// ASU on each chosen site).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AsuPlanning {
    /// Share of a unit's admissions who go on to its ASU.
    pub share: f64,
    /// Mean ASU stay without early supported discharge, days.
    pub length_of_stay_days: f64,
    /// Share of ASU patients discharged early with support (ESD).
    pub early_supported_discharge: f64,
    /// Days ESD takes off an ASU stay.
    pub esd_days_saved: f64,
    /// The planning rule.
    pub rule: BedRule,
}

impl AsuPlanning {
    /// The mean ASU stay, days: ESD patients leave `esd_days_saved` sooner.
    ///
    /// # Example
    /// 28 days, half with ESD saving 7: 24.5 days.
    /// ```
    /// use hasu::criteria::{AsuPlanning, BedRule};
    /// let asu = AsuPlanning {
    ///     share: 0.7,
    ///     length_of_stay_days: 28.0,
    ///     early_supported_discharge: 0.5,
    ///     esd_days_saved: 7.0,
    ///     rule: BedRule::Occupancy(0.85),
    /// };
    /// assert_eq!(asu.mean_stay_days(), 24.5);
    /// ```
    pub fn mean_stay_days(&self) -> f64 {
        (self.length_of_stay_days - self.early_supported_discharge * self.esd_days_saved).max(0.0)
    }
}

/// One staff group's ratios (whole-time equivalents, WTE).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffGroup {
    /// Short id (`nurses`, `physiotherapy`, `consultants`…).
    pub group: String,
    /// WTE per HASU bed.
    pub per_hasu_bed: f64,
    /// WTE per ASU bed.
    pub per_asu_bed: f64,
    /// WTE per unit whatever its beds (e.g. a consultant rota).
    pub per_unit: f64,
    /// The region's WTE in post today, when stated.
    pub establishment: Option<f64>,
    /// Where the ratios come from.
    pub source: String,
}

/// The group whose `per_unit` is the 24/7 rota each HASU needs and whose
/// establishment covers the rotas.
pub const CONSULTANTS: &str = "consultants";
/// The group whose gap is `nurse_wte_gap`.
pub const NURSES: &str = "nurses";

/// Staffing ratios of a stroke service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workforce {
    /// Every staff group, in the file's order.
    pub staff: Vec<StaffGroup>,
}

impl Workforce {
    /// The place of `group` in [`Workforce::staff`].
    pub fn position(&self, group: &str) -> Option<usize> {
        self.staff.iter().position(|g| g.group == group)
    }
}

/// Capital a site needs when it becomes a HASU (e.g. a costed new ward or
/// a thrombectomy suite).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteCapital {
    /// Site index.
    pub site: usize,
    /// Pounds.
    pub pounds: f64,
    /// What it pays for.
    pub item: String,
}

/// Costs of a configuration, pounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Costs {
    /// Capital per stroke bed added beyond a unit's beds today.
    pub capital_per_new_bed: f64,
    /// Capital per existing bed refurbished as a hyper-acute bed at a HASU
    /// that is not one today.
    pub capital_per_refurbished_bed: f64,
    /// Capital at named sites when they become HASUs (in JSON by site id,
    /// beside the costs).
    #[serde(skip)]
    pub sites: Vec<SiteCapital>,
    /// Revenue a year per WTE, by staff group (as in `[workforce]`).
    pub revenue_per_wte: Vec<(String, f64)>,
    /// Years over which capital is spread for the cost per outcome.
    pub years: f64,
    /// Discount rate a year for present values (HM Treasury Green Book:
    /// 3.5%).
    pub discount_rate: f64,
    /// Where the values come from ("assumption" for placeholders).
    pub source: String,
}

impl Costs {
    /// Revenue a year per WTE of `group`, 0 when not stated.
    pub fn revenue(&self, group: &str) -> f64 {
        self.revenue_per_wte
            .iter()
            .find(|(g, _)| g == group)
            .map_or(0.0, |(_, p)| *p)
    }

    /// The present value of `a_year` pounds a year over [`Costs::years`]
    /// years, each discounted at [`Costs::discount_rate`] (paid at the end
    /// of each year; a part year counts in proportion).
    ///
    /// # Example
    /// £100 a year for 2 years at 10%: 100/1.1 + 100/1.21 = 173.55.
    /// ```
    /// # use hasu::criteria::Costs;
    /// let c = Costs { capital_per_new_bed: 0.0, capital_per_refurbished_bed: 0.0,
    ///     sites: vec![], revenue_per_wte: vec![], years: 2.0, discount_rate: 0.1,
    ///     source: "test".into() };
    /// assert!((c.present_value(100.0) - 173.553_719).abs() < 1e-6);
    /// ```
    pub fn present_value(&self, a_year: f64) -> f64 {
        let whole = self.years.floor() as u32;
        let mut total: f64 = (1..=whole)
            .map(|t| a_year / (1.0 + self.discount_rate).powi(t as i32))
            .sum();
        let part = self.years - f64::from(whole);
        if part > 0.0 {
            total += part * a_year / (1.0 + self.discount_rate).powi(whole as i32 + 1);
        }
        total
    }
}
