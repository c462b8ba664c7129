//! Every zone's sites that could open, nearest first, with their times
//! in whole tenths of a minute: what the evaluation kernel walks.

use super::{NONE, SiteSet};
use crate::model::TravelMatrix;

/// Tenths of a minute, to the nearest (halves away from zero, as
/// `f64::round`, without its library call: the input draws round millions
/// of times).
pub(super) fn tenths(minutes: f64) -> u16 {
    let x = (minutes * 10.0).clamp(0.0, f64::from(NONE - 1));
    // From 0.5 up, x + 0.5 is exact or rounds within the same whole
    // number, so the cast (the floor) is the nearest; below, it could
    // round up to 1.
    if x < 0.5 { 0 } else { (x + 0.5) as u16 }
}

/// A site and its time (tenths) as one key, ordered by time, then site.
fn key(tenths: u16, site: u16) -> u32 {
    u32::from(tenths) << 16 | u32::from(site)
}

/// Every zone's sites that could open, nearest first (ties by site order),
/// with their times in tenths of a minute.
#[derive(Debug, Clone)]
pub(super) struct Lists {
    /// Per zone, `stride` slots: sites nearest first, then `NONE`.
    pub(super) order: Vec<u16>,
    /// Times (tenths of a minute) in the same layout.
    pub(super) times: Vec<u16>,
    pub(super) stride: usize,
    /// One more than the longest time, in tenths.
    pub(super) bins: usize,
}

impl Lists {
    /// The same sites in the order of other times for them (a draw of the
    /// uncertain times), `minutes(zone, site)` giving each, asked for zone
    /// by zone and each zone's sites nearest first. Each list then ends at
    /// its nearest site of `last` (with any as near): sites always open, past
    /// which no search of the list goes.
    pub(super) fn resorted(
        &self,
        last: &SiteSet,
        mut minutes: impl FnMut(usize, usize) -> f64,
    ) -> Lists {
        let stride = self.stride;
        Lists::sorted(self.order.len() / stride, stride, |z, keys| {
            let sites = &self.order[z * stride..(z + 1) * stride];
            // The largest key as near as the nearest site of `last`.
            let mut end = u32::MAX;
            keys.extend(sites.iter().take_while(|&&s| s != NONE).map(|&s| {
                let key = key(tenths(minutes(z, usize::from(s))), s);
                if last.contains(usize::from(s)) {
                    end = end.min(key | u32::from(NONE));
                }
                key
            }));
            keys.retain(|&key| key <= end);
        })
    }

    /// The lists of `zones` zones' times in `travel` to the sites
    /// `can_open`.
    pub(super) fn of(travel: &TravelMatrix, zones: usize, can_open: &[usize]) -> Lists {
        Lists::sorted(zones, can_open.len().max(1), |z, keys| {
            let row = travel.row(z);
            keys.extend(
                can_open
                    .iter()
                    .filter(|&&s| !row[s].is_nan())
                    .map(|&s| key(tenths(f64::from(row[s])), s as u16)),
            );
        })
    }

    /// The lists of `zones` zones of at most `stride` sites each, `sites`
    /// giving each zone's sites as keys ([`key`]) in any order.
    fn sorted(zones: usize, stride: usize, mut sites: impl FnMut(usize, &mut Vec<u32>)) -> Lists {
        let mut order = vec![NONE; zones * stride];
        let mut times = vec![NONE; zones * stride];
        let mut bins = 1;
        let mut keys: Vec<u32> = Vec::with_capacity(stride);
        for z in 0..zones {
            keys.clear();
            sites(z, &mut keys);
            keys.sort_unstable();
            for (k, &key) in keys.iter().enumerate() {
                order[z * stride + k] = key as u16;
                times[z * stride + k] = (key >> 16) as u16;
            }
            if let Some(&last) = keys.last() {
                bins = bins.max((last >> 16) as usize + 1);
            }
        }
        Lists {
            order,
            times,
            stride,
            bins,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::tenths;
    use crate::evaluate::NONE;

    /// What `tenths` stands for.
    fn rounded(minutes: f64) -> u16 {
        (minutes * 10.0).round().clamp(0.0, f64::from(NONE - 1)) as u16
    }

    #[test]
    fn tenths_round_halves_up_and_stay_in_range() {
        for m in [
            0.0,
            0.05,
            0.04999,
            0.15,
            0.25,
            12.35,
            12.45,
            1e-9,
            6553.4,
            6553.45,
            1e6,
            -3.0,
            0.049999999999999996,
            0.05000000000000001,
            0.1,
            0.09999999999999999,
        ] {
            assert_eq!(tenths(m), rounded(m), "{m}");
        }
        assert_eq!(tenths(f64::NAN), 0);
        assert_eq!(tenths(f64::INFINITY), NONE - 1);
    }

    proptest! {
        #[test]
        fn tenths_are_the_nearest(m in 0.0f64..7000.0) {
            prop_assert_eq!(tenths(m), rounded(m));
        }

        #[test]
        fn tenths_at_and_next_to_halves(whole in 0u32..65534) {
            let m = (f64::from(whole) + 0.5) / 10.0;
            for m in [m.next_down(), m, m.next_up()] {
                prop_assert_eq!(tenths(m), rounded(m), "{}", m);
            }
        }
    }
}
