//! Each zone's equality groups: its income-deprivation quintile within
//! the region and its rurality, worked out once per dataset (the
//! evaluation kernel and [`crate::equity`] both read them).
//!
//! # Groups
//! - **Deprivation quintiles**, within the region: the region's zones with
//!   an income-deprivation score, most deprived first (ties by zone id),
//!   are cut into fifths of the region's admissions; a zone belongs to the
//!   fifth that holds the middle of its admissions. Quintile 1 is the most
//!   deprived fifth, 5 the least.
//! - **Rurality**: urban (RUC2011 A1, B1, C1, C2), rural town and fringe
//!   (D1, D2), rural village and dispersed (E1, E2); sparse settings (C2,
//!   D2, E2) are counted apart as well.
//!

use crate::model::{Dataset, Rurality};

/// Each zone's groups, worked out once per dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    /// Per zone: its deprivation quintile (1 = most deprived), 0 outside
    /// the region or without a score.
    pub quintile: Vec<u8>,
    /// Per zone: its rurality group, `None` outside the region or without
    /// a class.
    pub rurality: Vec<Option<Rurality>>,
    /// Per zone: whether it is in a sparse setting.
    pub sparse: Vec<bool>,
    /// Region zones and admissions without an income-deprivation score.
    pub unscored: (usize, f64),
    /// Region zones and admissions without a rural-urban class.
    pub unclassified: (usize, f64),
    /// Whether any region zone has a score; whether any has a class.
    pub has: (bool, bool),
}

impl Groups {
    /// The groups of `data`'s region zones.
    ///
    /// # Example
    /// Five zones of one admission each, most deprived first: one a quintile.
    /// ```
    /// let scores = [0.30, 0.05, 0.20, 0.10, 0.15];
    /// let q = hasu::groups::quintiles(&scores.map(Some), &[None; 5], &[1.0; 5]);
    /// assert_eq!(q, vec![1, 5, 2, 4, 3]);
    /// // Tied scores follow the official rank (1 = most deprived).
    /// let tied = [Some(0.2), Some(0.2)];
    /// let q = hasu::groups::quintiles(&tied, &[Some(9), Some(3)], &[1.0, 1.0]);
    /// assert_eq!(q, vec![4, 2]);
    /// ```
    pub fn of(data: &Dataset) -> Groups {
        let region: Vec<bool> = data.zones.iter().map(|z| z.in_region).collect();
        let scores: Vec<Option<f64>> = data
            .zones
            .iter()
            .zip(&region)
            .map(|(z, &r)| if r { z.income_score } else { None })
            .collect();
        let admissions: Vec<f64> = data.zones.iter().map(|z| z.admissions).collect();
        let count = |missing: &dyn Fn(usize) -> bool| {
            (0..data.zones.len())
                .filter(|&z| region[z] && missing(z))
                .fold((0, 0.0), |(n, a), z| (n + 1, a + admissions[z]))
        };
        let rural = |z: usize| data.zones[z].rural_urban.filter(|_| region[z]);
        Groups {
            quintile: quintiles(
                &scores,
                &data.zones.iter().map(|z| z.income_rank).collect::<Vec<_>>(),
                &admissions,
            ),
            rurality: (0..data.zones.len())
                .map(|z| rural(z).map(|r| r.group()))
                .collect(),
            sparse: (0..data.zones.len())
                .map(|z| rural(z).is_some_and(|r| r.sparse()))
                .collect(),
            unscored: count(&|z| data.zones[z].income_score.is_none()),
            unclassified: count(&|z| data.zones[z].rural_urban.is_none()),
            has: (
                scores.iter().any(Option::is_some),
                (0..data.zones.len()).any(|z| rural(z).is_some()),
            ),
        }
    }
}

/// Deprivation quintiles (1 = most deprived) of zones with a score, by
/// admissions: sorted by score, most deprived first (published scores are
/// rounded, so ties follow the official rank, 1 = most deprived, when
/// known, then position), a zone takes the fifth of the total that holds
/// the middle of its own admissions; 0 for zones without a score. With no
/// admissions at all, every zone counts as one.
pub fn quintiles(scores: &[Option<f64>], ranks: &[Option<u32>], admissions: &[f64]) -> Vec<u8> {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&z| scores[z].is_some()).collect();
    let rank = |z: usize| ranks.get(z).copied().flatten().unwrap_or(u32::MAX);
    order.sort_by(|&a, &b| {
        scores[b]
            .unwrap_or(0.0)
            .total_cmp(&scores[a].unwrap_or(0.0))
            .then(rank(a).cmp(&rank(b)))
            .then(a.cmp(&b))
    });
    let total: f64 = order.iter().map(|&z| admissions[z]).sum();
    let weight = |z: usize| if total > 0.0 { admissions[z] } else { 1.0 };
    let total = if total > 0.0 {
        total
    } else {
        order.len() as f64
    };
    let mut out = vec![0u8; scores.len()];
    let mut before = 0.0;
    for z in order {
        let middle = before + weight(z) / 2.0;
        out[z] = (1.0 + (5.0 * middle / total).floor()).clamp(1.0, 5.0) as u8;
        before += weight(z);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quintiles;

    #[test]
    fn quintiles_cut_admissions_into_fifths_most_deprived_first() {
        // Ten zones, admissions 10 each: two per quintile.
        let scores: Vec<Option<f64>> = (0..10).map(|i| Some(f64::from(i) / 10.0)).collect();
        let q = quintiles(&scores, &[None; 10], &[10.0; 10]);
        assert_eq!(q, vec![5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
        // One large zone spans several fifths: it takes the fifth holding
        // its middle. Admissions 10, 60, 30 (most deprived first): middles
        // at 5, 40, 85 of 100 → quintiles 1, 3, 5.
        let q = quintiles(
            &[Some(0.3), Some(0.2), Some(0.1)],
            &[None; 3],
            &[10.0, 60.0, 30.0],
        );
        assert_eq!(q, vec![1, 3, 5]);
        // Zones without a score have none; ties keep their order.
        let q = quintiles(&[None, Some(0.2), Some(0.2)], &[None; 3], &[5.0, 1.0, 1.0]);
        assert_eq!(q, vec![0, 2, 4]);
        // No admissions: zones count one each.
        assert_eq!(
            quintiles(&[Some(0.1), Some(0.9)], &[None; 2], &[0.0, 0.0]),
            vec![4, 2]
        );
    }
}
