//! Beds from admissions: how many beds a unit needs for the patients an
//! option sends it (shared domain file §7).
//!
//! A unit admitting `A` patients a year who stay `LOS` days on average has
//! an offered load `a = A × LOS / 365`: its mean number of occupied beds
//! (Little's law). Three ways to turn that into beds, each a
//! [`BedRule`] of the criteria:
//! - **average occupancy**: `⌈a / ρ⌉` for a target occupancy ρ (the London
//!   acute stroke unit model plans at 85%; Bagust et al., BMJ 1999, found
//!   risk rises above about 85%);
//! - **Poisson percentile**: occupied beds are Poisson(a) whatever the
//!   distribution of stays (the M/G/∞ queue); the fewest beds `c` with
//!   P(N ≤ c) ≥ q;
//! - **Erlang B**: the fewest beds `c` whose loss probability
//!   B(c, a) = (aᶜ/c!) / Σₖ aᵏ/k! is at most the target, computed by the
//!   stable recursion B(0) = 1, B(k) = a B(k−1) / (k + a B(k−1)).
//!
//! Day-of-week peaks and long stays push real needs above all three
//! (Monks et al., BMC HSR 2016; Wood et al., BMC HSR 2022).

use serde::Serialize;

use crate::criteria::{AsuPlanning, BedPlanning, BedRule};

/// Most beds any rule will return (a unit of 10,000 beds is beyond any
/// real load; it bounds the searches).
pub const MOST_BEDS: u32 = 100_000;

/// The beds a unit needs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BedNeed {
    /// Admissions a year.
    pub admissions: f64,
    /// Offered load: mean occupied beds.
    pub load: f64,
    /// Beds needed under the rule.
    pub beds: u32,
    /// Mean occupancy with that many beds (the carried load `a (1 − B)`
    /// over the beds).
    pub occupancy: f64,
    /// Share of patients who would find every bed full (Erlang B).
    pub blocking: f64,
}

/// Offered load of `admissions` a year staying `length_of_stay_days`.
pub fn offered_load(admissions: f64, length_of_stay_days: f64) -> f64 {
    admissions * length_of_stay_days / 365.0
}

/// Erlang B: the share of arrivals finding all `beds` full at load `load`.
///
/// # Example
/// The domain file's vector: 600 admissions staying 3 days (load 4.932)
/// with 6 beds turn away 18.7%.
/// ```
/// let b = hasu::capacity::erlang_b(6, 600.0 * 3.0 / 365.0);
/// assert!((b - 0.187).abs() < 5e-4);
/// ```
pub fn erlang_b(beds: u32, load: f64) -> f64 {
    if load <= 0.0 {
        return 0.0;
    }
    let mut b = 1.0;
    for k in 1..=beds {
        b = load * b / (f64::from(k) + load * b);
    }
    b
}

/// The fewest beds turning away at most `target` of arrivals.
fn erlang_b_beds(load: f64, target: f64) -> u32 {
    if load <= 0.0 {
        return 0;
    }
    let mut b = 1.0;
    let mut c = 0;
    while b > target && c < MOST_BEDS {
        c += 1;
        b = load * b / (f64::from(c) + load * b);
    }
    c
}

/// The fewest beds `c` with P(N ≤ c) ≥ `quantile`, N Poisson with mean
/// `load` (terms summed in order from the mode outwards would be more
/// accurate for huge loads; loads here are below a few hundred, where the
/// forward sum in logs is exact to well under the quantile's precision).
fn poisson_beds(load: f64, quantile: f64) -> u32 {
    if load <= 0.0 {
        return 0;
    }
    // P(N = k) in logs, to stay finite for large loads.
    let mut log_p = -load;
    let mut total = log_p.exp();
    let mut c = 0;
    while total < quantile && c < MOST_BEDS {
        c += 1;
        log_p += load.ln() - f64::from(c).ln();
        total += log_p.exp();
    }
    c
}

/// The beds a unit admitting `admissions` a year needs under `planning`.
///
/// # Example
/// The domain file's vectors for 1,000 admissions staying 3 days: 10 beds
/// at 85% occupancy, 13 for the Poisson 95th percentile, 16 for at most 1%
/// turned away.
/// ```
/// use hasu::capacity::need;
/// use hasu::criteria::{BedPlanning, BedRule};
/// let plan = |rule| BedPlanning { length_of_stay_days: 3.0, rule, asu: None };
/// assert_eq!(need(1000.0, &plan(BedRule::Occupancy(0.85))).beds, 10);
/// assert_eq!(need(1000.0, &plan(BedRule::Poisson(0.95))).beds, 13);
/// assert_eq!(need(1000.0, &plan(BedRule::ErlangB(0.01))).beds, 16);
/// ```
pub fn need(admissions: f64, planning: &BedPlanning) -> BedNeed {
    let load = offered_load(admissions.max(0.0), planning.length_of_stay_days);
    let beds = match planning.rule {
        BedRule::Occupancy(rho) => ((load / rho).ceil() as u32).min(MOST_BEDS),
        BedRule::Poisson(q) => poisson_beds(load, q),
        BedRule::ErlangB(target) => erlang_b_beds(load, target),
    };
    let blocking = erlang_b(beds, load);
    BedNeed {
        admissions,
        load,
        beds,
        occupancy: if beds > 0 {
            load * (1.0 - blocking) / f64::from(beds)
        } else {
            0.0
        },
        blocking,
    }
}

/// The acute stroke unit beds a unit admitting `admissions` a year needs:
/// `share` of them stay the ASU's mean stay (ESD included).
///
/// # Example
/// 1,000 admissions, 70% to the ASU for 24.5 days (28, half of them 7
/// days sooner with ESD): load 700 × 24.5 / 365 = 46.99, so 56 beds at 85%
/// occupancy.
/// ```
/// use hasu::criteria::{AsuPlanning, BedRule};
/// let asu = AsuPlanning { share: 0.7, length_of_stay_days: 28.0,
///     early_supported_discharge: 0.5, esd_days_saved: 7.0, rule: BedRule::Occupancy(0.85) };
/// let n = hasu::capacity::asu_need(1000.0, &asu);
/// assert!((n.load - 46.986).abs() < 1e-3);
/// assert_eq!(n.beds, 56);
/// ```
pub fn asu_need(admissions: f64, asu: &AsuPlanning) -> BedNeed {
    need(
        admissions * asu.share,
        &BedPlanning {
            length_of_stay_days: asu.mean_stay_days(),
            rule: asu.rule,
            asu: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(los: f64, rule: BedRule) -> BedPlanning {
        BedPlanning {
            length_of_stay_days: los,
            rule,
            asu: None,
        }
    }

    /// Every bed test vector of the shared domain file (§7), LOS 3 days.
    #[test]
    fn domain_vectors() {
        let rows = [
            (600.0, 4.932, 6, (9, 11), (9, 11), 0.187),
            (1000.0, 8.219, 10, (13, 16), (13, 16), 0.132),
            (1500.0, 12.329, 15, (18, 21), (17, 21), 0.095),
        ];
        for (a, load, avg, (p95, p99), (b5, b1), b_at_avg) in rows {
            let n = |rule| need(a, &plan(3.0, rule));
            assert!((n(BedRule::Occupancy(0.85)).load - load).abs() < 5e-4);
            assert_eq!(n(BedRule::Occupancy(0.85)).beds, avg);
            assert_eq!(n(BedRule::Poisson(0.95)).beds, p95);
            assert_eq!(n(BedRule::Poisson(0.99)).beds, p99);
            assert_eq!(n(BedRule::ErlangB(0.05)).beds, b5);
            assert_eq!(n(BedRule::ErlangB(0.01)).beds, b1);
            assert!((erlang_b(avg, load) - b_at_avg).abs() < 5e-4, "{a}");
        }
        // LOS 2 days.
        assert_eq!(need(600.0, &plan(2.0, BedRule::ErlangB(0.01))).beds, 9);
        assert_eq!(need(1000.0, &plan(2.0, BedRule::ErlangB(0.01))).beds, 12);
    }

    /// The recursion equals the closed form where the closed form is
    /// computable, and stays finite where factorials would overflow.
    #[test]
    fn erlang_b_recursion_is_stable() {
        let closed = |c: u32, a: f64| {
            let term = |k: u32| (0..k).fold(1.0, |t, i| t * a / f64::from(i + 1));
            term(c) / (0..=c).map(term).sum::<f64>()
        };
        for (c, a) in [(1, 0.5), (5, 3.0), (12, 8.2), (30, 25.0)] {
            assert!((erlang_b(c, a) - closed(c, a)).abs() < 1e-12);
        }
        let b = erlang_b(1000, 950.0);
        assert!(b.is_finite() && b > 0.0 && b < 0.1);
        assert_eq!(need(0.0, &plan(3.0, BedRule::ErlangB(0.01))).beds, 0);
        assert!(poisson_beds(900.0, 0.99) > 900);
    }
}
