//! An option's travel figures from its histogram of region admissions by
//! tenth of a minute: the kernel only counts admissions into bins, and the
//! sums, shares within a time and percentiles are read from the bins once.

/// Sums over the region's admissions that reach an open unit.
pub(super) struct TravelSums<'a> {
    histogram: &'a [f64],
    /// Admissions.
    pub reached: f64,
    /// Admissions × tenths of a minute.
    pub sum: f64,
    /// Admissions within each of the limits asked for (tenths, inclusive).
    pub within: [f64; 4],
}

impl<'a> TravelSums<'a> {
    /// The sums of `histogram` (admissions per tenth of a minute), with the
    /// admissions within each of `limits` (tenths).
    pub fn of(histogram: &'a [f64], limits: [u16; 4]) -> TravelSums<'a> {
        let (mut reached, mut sum) = (0.0, 0.0);
        let mut add = |bins: std::ops::Range<usize>| {
            for t in bins {
                reached += histogram[t];
                sum += histogram[t] * t as f64;
            }
            reached
        };
        // The bins in stretches ending at each limit, smallest first.
        let mut by_limit = [0, 1, 2, 3];
        by_limit.sort_by_key(|&i| limits[i]);
        let mut within = [0.0; 4];
        let mut start = 0;
        for i in by_limit {
            let end = (usize::from(limits[i]) + 1).clamp(start, histogram.len());
            within[i] = add(start..end);
            start = end;
        }
        add(start..histogram.len());
        TravelSums {
            histogram,
            reached,
            sum,
            within,
        }
    }

    /// The smallest times (tenths) within which at least each share of
    /// `q` (ascending) of the admissions travel, in one pass; `None` when
    /// none is reached.
    pub fn percentiles<const N: usize>(&self, q: [f64; N]) -> [Option<usize>; N] {
        let mut out = [None; N];
        let mut next = 0;
        let mut seen = 0.0;
        for (t, &a) in self.histogram.iter().enumerate() {
            if a == 0.0 {
                continue;
            }
            seen += a;
            while next < N && seen >= q[next] * self.reached {
                out[next] = Some(t);
                next += 1;
            }
            if next == N {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::TravelSums;

    #[test]
    fn sums_shares_and_percentiles_come_from_the_bins() {
        // 2 admissions at 0.1 min, 1 at 0.3 min, 1 at 0.5 min.
        let bins = [0.0, 2.0, 0.0, 1.0, 0.0, 1.0];
        let t = TravelSums::of(&bins, [0, 1, 3, 9]);
        assert_eq!((t.reached, t.sum), (4.0, 2.0 + 3.0 + 5.0));
        assert_eq!(t.within, [0.0, 2.0, 3.0, 4.0]);
        assert_eq!(
            t.percentiles([0.25, 0.5, 0.75, 0.95]),
            [Some(1), Some(1), Some(3), Some(5)]
        );
        let nothing = [0.0; 3];
        assert_eq!(TravelSums::of(&nothing, [1; 4]).percentiles([0.5]), [None]);
    }
}
