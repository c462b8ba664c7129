//! The equality figures criteria and hurdles can use, summed in the
//! evaluation kernel (one addition a zone) when a criterion or hurdle uses
//! them; the full account is [`crate::equity::account`].

use serde::Serialize;

use super::{Evaluator, NONE, Scratch};
use crate::model::Rurality;

/// The equality figures of one option (minutes, shares 0–1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct EquityMetrics {
    /// The most deprived quintile's mean travel minus the least deprived's.
    pub deprivation_gap: f64,
    /// Its change from today.
    pub deprivation_gap_change: f64,
    /// The lowest share within 45 minutes of any quintile.
    pub worst_quintile_within_45: f64,
    /// Rural zones' mean travel minus urban zones'.
    pub rural_gap: f64,
    /// Its change from today.
    pub rural_gap_change: f64,
}

/// Admissions, admission-minutes and admissions within 45 minutes of the
/// quintiles (0–4) and of urban (5) and rural (6) zones.
type GroupSums = [[f64; 3]; 7];

impl Evaluator {
    /// The group sums of the assignment in `scratch`.
    fn group_sums(&self, scratch: &Scratch) -> GroupSums {
        let mut sums = [[0.0; 3]; 7];
        let Some(groups) = &self.groups else {
            return sums;
        };
        for &z in &self.region_zones {
            let z = z as usize;
            let t = scratch.time[z];
            if scratch.choice[z] == NONE {
                continue;
            }
            let (a, minutes) = (self.admissions[z], f64::from(t) / 10.0);
            let add = |s: &mut [f64; 3]| {
                s[0] += a;
                s[1] += a * minutes;
                s[2] += if t <= 450 { a } else { 0.0 };
            };
            let q = groups.quintile[z];
            if q > 0 {
                add(&mut sums[usize::from(q) - 1]);
            }
            match groups.rurality[z] {
                Some(Rurality::Urban) => add(&mut sums[5]),
                Some(_) => add(&mut sums[6]),
                None => {}
            }
        }
        sums
    }

    /// Each zone's deprivation and rurality groups, when the zones have
    /// them.
    pub fn groups(&self) -> Option<&crate::groups::Groups> {
        self.groups.as_ref()
    }

    /// (deprivation gap, rural gap, worst quintile within 45) of group sums.
    fn gaps(sums: &GroupSums) -> (f64, f64, f64) {
        let mean = |s: &[f64; 3]| if s[0] > 0.0 { s[1] / s[0] } else { 0.0 };
        let worst = sums[..5]
            .iter()
            .filter(|s| s[0] > 0.0)
            .map(|s| s[2] / s[0])
            .fold(f64::INFINITY, f64::min);
        (
            mean(&sums[0]) - mean(&sums[4]),
            mean(&sums[6]) - mean(&sums[5]),
            if worst.is_finite() { worst } else { 0.0 },
        )
    }

    /// Today's deprivation and rural gaps, from its assignment in
    /// `scratch`.
    pub(super) fn today_gaps(&self, scratch: &Scratch) -> (f64, f64) {
        let (d, r, _) = Self::gaps(&self.group_sums(scratch));
        (d, r)
    }

    /// The equality figures of the option last evaluated with `scratch`,
    /// when the zones have groups.
    pub fn equity_metrics(&self, scratch: &Scratch) -> Option<EquityMetrics> {
        self.groups.as_ref()?;
        let (deprivation, rural, worst) = Self::gaps(&self.group_sums(scratch));
        let (d0, r0) = self.today_gaps;
        Some(EquityMetrics {
            deprivation_gap: deprivation,
            deprivation_gap_change: deprivation - d0,
            worst_quintile_within_45: worst,
            rural_gap: rural,
            rural_gap_change: rural - r0,
        })
    }
}
