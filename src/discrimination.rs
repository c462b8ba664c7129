//! Weighted criteria that cannot discriminate: a criterion on which every
//! option considered has the same value adds the same points to every
//! score, so its weight changes no ranking, and the weight the board gave
//! it is in effect shared out among the others. This usually means the
//! data lack what the criterion measures (e.g. co-location without the
//! sites' services in `sites.csv`).

use crate::criteria::{Criteria, Metric};
use crate::model::Dataset;
use crate::rank::Assessed;

/// A weighted criterion with one value for every option.
#[derive(Debug, Clone, PartialEq)]
pub struct Flat {
    /// The criterion's index in the criteria.
    pub criterion: usize,
    /// Its value for every option.
    pub value: f64,
}

/// The weighted criteria (weight above 0) on which every option of
/// `options` has the same value (to 1 part in 10⁹); none with fewer than
/// two options.
pub fn flat_criteria(criteria: &Criteria, options: &[Assessed]) -> Vec<Flat> {
    if options.len() < 2 {
        return Vec::new();
    }
    criteria
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.weight > 0.0)
        .filter_map(|(k, c)| {
            let value = |o: &Assessed| o.metrics.get(c.metric);
            let first = value(&options[0]);
            let tolerance = 1e-9 * first.abs().max(1.0);
            options
                .iter()
                .all(|o| (value(o) - first).abs() <= tolerance)
                .then_some(Flat {
                    criterion: k,
                    value: first,
                })
        })
        .collect()
}

/// The weighted co-location criteria that no option can score differently
/// on, known before any appraisal: every candidate site has the same share
/// of the criteria's co-location services (e.g. none, without site facts).
pub fn flat_co_location(criteria: &Criteria, data: &Dataset) -> Option<f64> {
    let weighted = criteria
        .criteria
        .iter()
        .any(|c| c.metric == Metric::CoLocation && c.weight > 0.0);
    let wanted = criteria.co_location.len().max(1) as f64;
    let mut shares = data
        .sites
        .iter()
        .filter(|s| s.role.can_open())
        .map(|s| criteria.co_location.iter().filter(|&&v| s.has(v)).count() as f64 / wanted);
    let first = shares.next()?;
    (weighted && shares.all(|x| x == first)).then_some(first)
}
