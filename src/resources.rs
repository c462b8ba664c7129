//! Beds, staff and money: what the units of a configuration need, from the
//! admissions the evaluation sends them.
//!
//! # Per unit
//! - **Beds**: hyper-acute beds for the unit's admissions and stay
//!   (`[beds]`), and acute stroke unit beds for the share who go on to the
//!   ASU on the same site, at the ASU's mean stay (`[beds.asu]`), each by
//!   its own planning rule ([`crate::capacity`]).
//! - **Staff**, by group: `per_hasu_bed` × HASU beds + `per_asu_bed` × ASU
//!   beds, plus `per_unit` at each of the region's units (a consultant
//!   rota is the region's to staff; units outside the region exist
//!   whatever the option, so only their beds' staff change).
//! - **Capital**: beds beyond the unit's beds today (the `stroke_beds`
//!   column of `sites.csv`, or else today's modelled need) at
//!   `capital_per_new_bed`; at each HASU, the hyper-acute beds beyond
//!   its hyper-acute beds today that existing beds can provide, at
//!   `capital_per_refurbished_bed`; and each site's capital items when it
//!   is a HASU. Today's configuration is the baseline and costs nothing.
//! - **Revenue**: the change in staff from today × the cost per WTE.
//!
//! # An option's figures ([`ResourceMetrics`])
//! Totals and gaps are over the region's units; changes, capital and
//! revenue are over every unit the option or today uses, inside the region
//! or not (a receiving hospital's extra beds are the option's too).

use serde::Serialize;

use crate::capacity::{BedNeed, asu_need, need};
use crate::criteria::{BedPlanning, CONSULTANTS, Costs, Criteria, NURSES, StaffGroup, Workforce};
pub use crate::evaluate::ResourceMetrics;
use crate::model::Dataset;
use crate::siteset::SiteSet;

/// The stroke beds a unit needs.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct StrokeBeds {
    /// Hyper-acute beds.
    pub hasu: u32,
    /// Acute stroke unit beds (0 without `[beds.asu]`).
    pub asu: u32,
    /// Whether the site is a unit (admits, or is one of the HASUs).
    pub unit: bool,
}

impl StrokeBeds {
    /// Hyper-acute and acute stroke unit beds together.
    pub fn total(&self) -> u32 {
        self.hasu + self.asu
    }
}

/// What one unit needs, option and today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitResources {
    /// Site index.
    pub site: usize,
    /// Under the option.
    pub option: StrokeBeds,
    /// Today (modelled).
    pub today: StrokeBeds,
    /// Stroke beds it has today, when stated in `sites.csv`.
    pub stated: Option<u32>,
    /// Staff by group (in `[workforce]` order), WTE: option and today.
    pub wte: Vec<(f64, f64)>,
    /// New beds it needs beyond its beds today.
    pub new_beds: u32,
    /// Existing beds refurbished as hyper-acute beds.
    pub refurbished_beds: u32,
    /// Capital, pounds: new beds, refurbished beds and site items.
    pub capital: f64,
    /// The change in staff costs a year, pounds.
    pub revenue_change: f64,
}

/// The beds, staff and costs model of an appraisal (with `[beds]`).
#[derive(Debug, Clone)]
pub struct Resources {
    beds: BedPlanning,
    workforce: Option<Workforce>,
    costs: Option<Costs>,
    in_region: Vec<bool>,
    stated: Vec<Option<u32>>,
    /// Per site: capital items when it is a HASU, pounds.
    site_capital: Vec<f64>,
    /// Per site: today's beds.
    today: Vec<StrokeBeds>,
    /// Today's HASUs.
    today_hasus: SiteSet,
}

impl Resources {
    /// The model of `criteria` on `data`'s sites, when the criteria plan
    /// beds.
    pub fn new(data: &Dataset, criteria: &Criteria) -> Option<Resources> {
        let beds = criteria.beds?;
        let mut site_capital = vec![0.0; data.sites.len()];
        for item in criteria.costs.iter().flat_map(|c| &c.sites) {
            site_capital[item.site] += item.pounds;
        }
        Some(Resources {
            beds,
            workforce: criteria.workforce.clone(),
            costs: criteria.costs.clone(),
            in_region: data.sites.iter().map(|s| s.in_region).collect(),
            stated: data.sites.iter().map(|s| s.stroke_beds).collect(),
            site_capital,
            today: vec![StrokeBeds::default(); data.sites.len()],
            today_hasus: SiteSet::default(),
        })
    }

    /// The staffing ratios, when stated.
    pub fn workforce(&self) -> Option<&Workforce> {
        self.workforce.as_ref()
    }

    /// The costs, when stated.
    pub fn costs(&self) -> Option<&Costs> {
        self.costs.as_ref()
    }

    /// Sets today's configuration: units `open`, HASUs `hasus`, admitting
    /// `admissions` a year per site.
    pub fn set_today(&mut self, hasus: &SiteSet, open: &SiteSet, admissions: &[f64]) {
        self.today = (0..self.today.len())
            .map(|s| self.unit_beds(s, hasus, open, admissions[s]))
            .collect();
        self.today_hasus = *hasus;
    }

    /// Beds at site `s` admitting `admissions` a year.
    fn unit_beds(&self, s: usize, hasus: &SiteSet, open: &SiteSet, admissions: f64) -> StrokeBeds {
        let unit = hasus.contains(s) || (open.contains(s) && admissions > 0.0);
        if !unit {
            return StrokeBeds::default();
        }
        let (hasu, asu) = self.needs(admissions);
        StrokeBeds {
            hasu: hasu.beds,
            asu: asu.map_or(0, |a| a.beds),
            unit,
        }
    }

    /// Hyper-acute and acute stroke unit beds for `admissions` a year.
    pub fn needs(&self, admissions: f64) -> (BedNeed, Option<BedNeed>) {
        let asu = self.beds.asu.map(|a| asu_need(admissions, &a));
        (need(admissions, &self.beds), asu)
    }

    /// WTE of `group` at site `s` with `beds`.
    fn wte(&self, g: &StaffGroup, s: usize, beds: &StrokeBeds) -> f64 {
        let per_unit = if beds.unit && self.in_region[s] {
            g.per_unit
        } else {
            0.0
        };
        g.per_hasu_bed * f64::from(beds.hasu) + g.per_asu_bed * f64::from(beds.asu) + per_unit
    }

    /// The beds site `s` has today: as stated, or else today's modelled
    /// need.
    fn base(&self, s: usize) -> u32 {
        self.stated[s].unwrap_or(self.today[s].total())
    }

    /// What site `s` needs under an option with HASUs `hasus` and units
    /// `open` when it admits `admissions` a year; `None` when it is a unit
    /// neither under the option nor today.
    pub fn unit(
        &self,
        s: usize,
        hasus: &SiteSet,
        open: &SiteSet,
        admissions: f64,
    ) -> Option<UnitResources> {
        let option = self.unit_beds(s, hasus, open, admissions);
        let today = self.today[s];
        if !option.unit && !today.unit {
            return None;
        }
        let base = self.base(s);
        let new_beds = option.total().saturating_sub(base);
        // Today's configuration is the baseline: it builds nothing.
        let builds = hasus.contains(s) && *hasus != self.today_hasus;
        let refurbished_beds = if builds {
            option.hasu.saturating_sub(today.hasu).min(base)
        } else {
            0
        };
        let wte: Vec<(f64, f64)> = self.workforce.as_ref().map_or_else(Vec::new, |w| {
            w.staff
                .iter()
                .map(|g| (self.wte(g, s, &option), self.wte(g, s, &today)))
                .collect()
        });
        let (capital, revenue_change) = self.costs.as_ref().map_or((0.0, 0.0), |c| {
            let items = if builds { self.site_capital[s] } else { 0.0 };
            let revenue = self.workforce.as_ref().map_or(0.0, |w| {
                w.staff
                    .iter()
                    .zip(&wte)
                    .map(|(g, (o, t))| c.revenue(&g.group) * (o - t))
                    .sum()
            });
            (
                f64::from(new_beds) * c.capital_per_new_bed
                    + f64::from(refurbished_beds) * c.capital_per_refurbished_bed
                    + items,
                revenue,
            )
        });
        Some(UnitResources {
            site: s,
            option,
            today,
            stated: self.stated[s],
            wte,
            new_beds,
            refurbished_beds,
            capital,
            revenue_change,
        })
    }

    /// Every unit of an option or today, by site order.
    pub fn units(&self, hasus: &SiteSet, open: &SiteSet, admissions: &[f64]) -> Vec<UnitResources> {
        (0..self.today.len())
            .filter_map(|s| self.unit(s, hasus, open, admissions[s]))
            .collect()
    }

    /// The option's figures (see the module docs).
    pub fn metrics(&self, hasus: &SiteSet, open: &SiteSet, admissions: &[f64]) -> ResourceMetrics {
        let mut m = ResourceMetrics::default();
        let staffed = self.workforce.is_some();
        let (mut staff, mut staff_today, mut staff_change, mut nurses, mut rotas) =
            (0.0, 0.0, 0.0, 0.0, 0.0);
        let (mut capital, mut revenue) = (0.0, 0.0);
        let nurse = self.workforce.as_ref().and_then(|w| w.position(NURSES));
        for u in self.units(hasus, open, admissions) {
            let region = self.in_region[u.site];
            let (o, t) = (f64::from(u.option.total()), f64::from(u.today.total()));
            if region {
                m.stroke_beds += o;
                m.stroke_beds_today += t;
                staff += u.wte.iter().map(|w| w.0).sum::<f64>();
                staff_today += u.wte.iter().map(|w| w.1).sum::<f64>();
                nurses += nurse.map_or(0.0, |g| u.wte[g].0);
                if u.option.unit {
                    rotas += 1.0;
                }
            }
            m.stroke_beds_change += o - t;
            m.largest_bed_increase = m.largest_bed_increase.max(f64::from(u.new_beds));
            staff_change += u.wte.iter().map(|w| w.0 - w.1).sum::<f64>();
            capital += u.capital;
            revenue += u.revenue_change;
        }
        if let Some(w) = &self.workforce {
            m.staff_wte = Some(staff);
            m.staff_wte_today = Some(staff_today);
            m.staff_wte_change = Some(staff_change);
            let establishment = |group| {
                w.position(group)
                    .and_then(|g| w.staff[g].establishment.map(|e| (&w.staff[g], e)))
            };
            m.nurse_wte_gap = establishment(NURSES).map(|(_, e)| nurses - e);
            m.consultant_rotas_short = establishment(CONSULTANTS).map(|(g, e)| {
                let covered = (e / g.per_unit + 1e-9).floor();
                (rotas - covered).max(0.0)
            });
        }
        if self.costs.is_some() {
            m.capital_cost = Some(capital / 1e6);
            m.revenue_change = staffed.then_some(revenue / 1e6);
        }
        m
    }
}

/// What an option's costs buy, against today (with `[costs]`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostEffect {
    /// Capital, pounds.
    pub capital: f64,
    /// The change in staff costs a year, pounds.
    pub revenue_change: f64,
    /// The equivalent annual cost: capital spread over the costs' years at
    /// their discount rate, plus the revenue change, pounds a year.
    pub annual_cost: f64,
    /// Pounds a year per added good outcome (mRS 0–1) a year beyond
    /// today's, when the option adds some.
    pub per_added_good_outcome: Option<f64>,
    /// Pounds a year per death avoided a year beyond today's by organised
    /// HASU care, when the option avoids some.
    pub per_death_avoided: Option<f64>,
}

impl CostEffect {
    /// The cost effect of `units` under `costs`, with the option's added
    /// good outcomes and deaths avoided a year beyond today's, when known.
    ///
    /// # Example
    /// £1m capital over 10 years at 3.5% is £120,241 a year; with £100,000
    /// more staff costs and 4 more good outcomes a year, £55,060 each.
    /// ```
    /// # use hasu::criteria::Costs;
    /// # use hasu::resources::CostEffect;
    /// let costs = Costs { capital_per_new_bed: 0.0, capital_per_refurbished_bed: 0.0,
    ///     sites: vec![], revenue_per_wte: vec![], years: 10.0, discount_rate: 0.035,
    ///     source: "test".into() };
    /// let e = CostEffect::of(&costs, 1e6, 1e5, Some(4.0), None);
    /// assert!((e.annual_cost - 220_241.37).abs() < 0.01);
    /// assert!((e.per_added_good_outcome.unwrap() - 55_060.34).abs() < 0.01);
    /// ```
    pub fn of(
        costs: &Costs,
        capital: f64,
        revenue_change: f64,
        added_good_outcomes: Option<f64>,
        deaths_avoided: Option<f64>,
    ) -> CostEffect {
        let annuity = costs.present_value(1.0);
        let annual_cost = if annuity > 0.0 {
            capital / annuity
        } else {
            capital
        } + revenue_change;
        let per = |gain: Option<f64>| gain.filter(|&g| g > 0.0).map(|g| annual_cost / g);
        CostEffect {
            capital,
            revenue_change,
            annual_cost,
            per_added_good_outcome: per(added_good_outcomes),
            per_death_avoided: per(deaths_avoided),
        }
    }
}
