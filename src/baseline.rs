//! The modelled "today" against what the units were observed to do
//! (`observed.csv`): unit by unit, each figure with its difference and
//! whether it is within the criteria's tolerance (`[baseline]`).
//!
//! The model's figures per unit: admissions a year (the region's and
//! those from outside it who reach the unit first); the thrombolysis rate
//! of the region's patients reaching it first, applied to all its
//! admissions; its median door-to-needle; and its thrombectomy referrals
//! (transfers of the region's patients, scaled likewise). A unit the
//! model does not open today has 0 admissions and no other figure.

use serde::Serialize;

use crate::criteria::Tolerances;
use crate::evaluate::{Evaluator, UnitLoad};
use crate::model::{Dataset, Observed};

/// A figure compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Confirmed stroke admissions a year.
    Admissions,
    /// Patients thrombolysed a year.
    Thrombolysed,
    /// Share of admissions thrombolysed.
    ThrombolysisRate,
    /// Median door-to-needle, minutes.
    DoorToNeedleMedian,
    /// Patients referred on for thrombectomy a year.
    ThrombectomyReferrals,
}

impl Measure {
    /// Every measure, in the order of `observed.csv`'s columns.
    pub const ALL: [Measure; 5] = [
        Measure::Admissions,
        Measure::Thrombolysed,
        Measure::ThrombolysisRate,
        Measure::DoorToNeedleMedian,
        Measure::ThrombectomyReferrals,
    ];

    fn observed(self, o: &Observed) -> Option<f64> {
        match self {
            Measure::Admissions => o.admissions,
            Measure::Thrombolysed => o.thrombolysed,
            Measure::ThrombolysisRate => o.rate(),
            Measure::DoorToNeedleMedian => o.door_to_needle_median,
            Measure::ThrombectomyReferrals => o.thrombectomy_referrals,
        }
    }

    /// The largest difference taken as agreement.
    fn tolerance(self, t: &Tolerances, observed: f64, modelled: f64) -> f64 {
        match self {
            Measure::Admissions | Measure::Thrombolysed | Measure::ThrombectomyReferrals => {
                t.admissions_share * observed.max(modelled)
            }
            Measure::ThrombolysisRate => t.thrombolysis_points,
            Measure::DoorToNeedleMedian => t.door_to_needle_minutes,
        }
    }
}

/// One figure of one unit, observed and modelled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Comparison {
    /// The figure.
    pub measure: Measure,
    /// As observed.
    pub observed: f64,
    /// As modelled for today.
    pub modelled: f64,
    /// Modelled − observed.
    pub difference: f64,
    /// The largest difference taken as agreement, in the figure's units.
    pub tolerance: f64,
    /// Whether |difference| ≤ tolerance.
    pub within: bool,
}

/// One row of observations against the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitBaseline {
    /// The unit's site id.
    pub site: String,
    /// Its name.
    pub name: String,
    /// Whether the model has it admitting today.
    pub open_today: bool,
    /// The period observed.
    pub period: String,
    /// Where the observation comes from.
    pub source: String,
    /// The figures both sides have.
    pub figures: Vec<Comparison>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// The tolerances used.
    pub tolerances: Tolerances,
    /// Row by row of `observed.csv`.
    pub units: Vec<UnitBaseline>,
}

impl Baseline {
    /// Figures outside their tolerance.
    pub fn disagreements(&self) -> usize {
        self.units
            .iter()
            .flat_map(|u| &u.figures)
            .filter(|c| !c.within)
            .count()
    }
}

/// The model's per-unit figures of today (index: site).
#[derive(Debug, Clone, Default)]
struct Modelled {
    admissions: f64,
    /// (region admissions, of them thrombolysed, of them transferred for
    /// thrombectomy), with the outcome model.
    region: Option<(f64, f64, f64)>,
    door_to_needle: Option<f64>,
}

impl Modelled {
    fn figure(&self, m: Measure) -> Option<f64> {
        // A share of the region's patients reaching the unit first.
        let share = |pick: fn(&(f64, f64, f64)) -> f64| {
            self.region.filter(|r| r.0 > 0.0).map(|r| pick(&r) / r.0)
        };
        let rate = |i: usize| share(if i == 1 { |r| r.1 } else { |r| r.2 });
        match m {
            Measure::Admissions => Some(self.admissions),
            Measure::Thrombolysed => rate(1).map(|r| r * self.admissions),
            Measure::ThrombolysisRate => rate(1),
            Measure::DoorToNeedleMedian => self.door_to_needle,
            Measure::ThrombectomyReferrals => rate(2).map(|r| r * self.admissions),
        }
    }
}

/// Compares `observed` with today as `evaluator` models it (`units`: its
/// units' loads today, from [`Evaluator::explain`]).
pub fn compare(
    data: &Dataset,
    evaluator: &Evaluator,
    units: &[UnitLoad],
    observed: &[Observed],
    tolerances: Tolerances,
) -> Baseline {
    let mut modelled = vec![Modelled::default(); data.sites.len()];
    for u in units {
        if let Some(s) = data.site_index(&u.site) {
            modelled[s].admissions = u.admissions;
            modelled[s].door_to_needle = Some(u.median_door_to_needle);
        }
    }
    let today = evaluator.today();
    let (scratch, _) = evaluator.today_evaluated();
    evaluator.for_each_care(&today, scratch, |_, u, a, care| {
        let first = &care.first;
        let r = modelled[u].region.get_or_insert((0.0, 0.0, 0.0));
        r.0 += a;
        r.1 += a * first.treated.ivt;
        if first.transfer {
            r.2 += a * first.treated.mt;
        }
    });
    let units = observed
        .iter()
        .map(|o| {
            let s = data.site_index(&o.site);
            let m = s.map(|s| modelled[s].clone()).unwrap_or_default();
            let open_today = units.iter().any(|u| u.site == o.site);
            let figures = Measure::ALL
                .into_iter()
                .filter_map(|measure| {
                    let observed = measure.observed(o)?;
                    let modelled = m.figure(measure)?;
                    let difference = modelled - observed;
                    let tolerance = measure.tolerance(&tolerances, observed, modelled);
                    Some(Comparison {
                        measure,
                        observed,
                        modelled,
                        difference,
                        tolerance,
                        within: difference.abs() <= tolerance + 1e-9,
                    })
                })
                .collect();
            UnitBaseline {
                site: o.site.clone(),
                name: s.map_or_else(String::new, |s| data.sites[s].name.clone()),
                open_today,
                period: o.period.clone(),
                source: o.source.clone(),
                figures,
            }
        })
        .collect();
    Baseline { tolerances, units }
}
