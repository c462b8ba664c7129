//! Published times that do not fit their surroundings: a zone whose time to
//! a site is far from its neighbours' times to the same site, and a pair of
//! sites whose times differ greatly by direction. `hasu validate` warns of
//! each (a warning, not an error: a river or a ferry can make a real time
//! odd); the rules are assumptions stated in the README.

use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::model::{Dataset, TimeSource};

/// How many of a zone's nearest zones its time is compared with.
pub const NEIGHBOURS: usize = 6;
/// Fewest neighbours with a time to the site for a comparison.
const FEWEST_NEIGHBOURS: usize = 3;
/// A time is odd when it is more than this many minutes …
pub const MOST_MINUTES_OFF: f64 = 15.0;
/// … and more than this share away from its neighbours' median.
pub const MOST_SHARE_OFF: f64 = 0.5;

/// A zone's published time to a site, far from its neighbours'.
#[derive(Debug, Clone, PartialEq)]
pub struct OddTime {
    /// The zone (index).
    pub zone: usize,
    /// The site (index).
    pub site: usize,
    /// Its time, minutes.
    pub minutes: f64,
    /// The median of its neighbours' times to the site, minutes.
    pub median: f64,
    /// The neighbours' times to the site (zone index, minutes), nearest
    /// first.
    pub neighbours: Vec<(usize, f64)>,
}

/// Two sites whose transfer times differ greatly by direction.
#[derive(Debug, Clone, PartialEq)]
pub struct OddPair {
    /// The sites (indices, the first before the second in the dataset).
    pub sites: (usize, usize),
    /// First → second, minutes.
    pub there: f64,
    /// Second → first, minutes.
    pub back: f64,
}

/// Whether `x` is more than [`MOST_MINUTES_OFF`] and [`MOST_SHARE_OFF`]
/// away from `reference`.
fn far(x: f64, reference: f64) -> bool {
    let off = (x - reference).abs();
    off > MOST_MINUTES_OFF && off > MOST_SHARE_OFF * reference
}

/// Every published zone → site time far from its [`NEIGHBOURS`] nearest
/// zones' times to the same site (more than [`MOST_MINUTES_OFF`] minutes and
/// [`MOST_SHARE_OFF`] of their median away from it), by zone then site.
pub fn odd_times(data: &Dataset) -> Vec<OddTime> {
    let n = data.zones.len();
    if n <= FEWEST_NEIGHBOURS {
        return Vec::new();
    }
    let lat0 = data.zones.iter().map(|z| z.location.y()).sum::<f64>() / n as f64;
    let squeeze = lat0.to_radians().cos();
    let point = |z: usize| {
        let p = data.zones[z].location;
        [p.x() * squeeze, p.y()]
    };
    let tree = RTree::bulk_load((0..n).map(|z| GeomWithData::new(point(z), z)).collect());
    let mut out = Vec::new();
    for z in 0..n {
        let near: Vec<usize> = tree
            .nearest_neighbor_iter(&point(z))
            .map(|g| g.data)
            .filter(|&o| o != z)
            .take(NEIGHBOURS)
            .collect();
        for s in 0..data.sites.len() {
            let Some((t, TimeSource::Matrix)) = data.travel.get_with_source(z, s) else {
                continue;
            };
            let neighbours: Vec<(usize, f64)> = near
                .iter()
                .filter_map(|&o| Some((o, f64::from(data.travel.get(o, s)?))))
                .collect();
            if neighbours.len() < FEWEST_NEIGHBOURS {
                continue;
            }
            let mut times: Vec<f64> = neighbours.iter().map(|n| n.1).collect();
            times.sort_by(f64::total_cmp);
            let k = times.len();
            let median = if k % 2 == 1 {
                times[k / 2]
            } else {
                (times[k / 2 - 1] + times[k / 2]) / 2.0
            };
            if far(f64::from(t), median) {
                out.push(OddTime {
                    zone: z,
                    site: s,
                    minutes: f64::from(t),
                    median,
                    neighbours,
                });
            }
        }
    }
    out
}

/// Every pair of sites whose transfer times there and back are far apart
/// (the longer more than [`MOST_MINUTES_OFF`] minutes and [`MOST_SHARE_OFF`]
/// of the shorter away from it).
pub fn odd_pairs(data: &Dataset) -> Vec<OddPair> {
    let n = data.sites.len();
    let mut out = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let (Some(there), Some(back)) = (data.site_times.get(a, b), data.site_times.get(b, a))
            else {
                continue;
            };
            let (there, back) = (f64::from(there), f64::from(back));
            if far(there.max(back), there.min(back)) {
                out.push(OddPair {
                    sites: (a, b),
                    there,
                    back,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::far;

    #[test]
    fn a_time_is_odd_only_when_far_in_minutes_and_in_share() {
        // Canterbury 020D → William Harvey: 47.7 against neighbours' 29.
        assert!(far(47.7, 29.0));
        // 16 minutes off a 60-minute median is under half.
        assert!(!far(76.0, 60.0));
        // 10 minutes off 12 is over half but under 15 minutes.
        assert!(!far(22.0, 12.0));
        // AD → WH 275.4 against WH → AD 104.6.
        assert!(far(275.4, 104.6));
    }
}
