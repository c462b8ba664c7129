//! The share of the region's admissions whose expected call-to-needle
//! time meets the target: each open unit's door-to-needle time gives the
//! travel time within which its patients meet it, and each zone is then
//! held against its units' limits.

use super::{Evaluator, Scratch};

impl Evaluator {
    /// The travel time (tenths of a minute) within which a unit's patients
    /// meet the call-to-needle target, given its median door-to-needle
    /// time; -1 when none can.
    pub(super) fn target_tenths(&self, dtn: f64) -> i32 {
        let p = &self.pathway;
        let limit =
            (p.call_to_needle_target_minutes - p.call_to_door(0.0) - dtn) / p.blue_light_factor;
        (limit * 10.0 + 1e-9).floor().max(-1.0) as i32
    }

    /// The share of the region's admissions meeting the call-to-needle
    /// target under the option last evaluated with `scratch`
    /// ([`super::Metrics::call_to_needle_within_target`]).
    pub fn call_to_needle_share(&self, scratch: &Scratch) -> f64 {
        let within = self.within_call_to_needle_target(scratch);
        if self.region_admissions > 0.0 {
            within / self.region_admissions
        } else {
            0.0
        }
    }

    /// Region admissions a year whose expected call-to-needle time meets
    /// the target, under the assignment in `scratch` (with each open
    /// unit's `target_limit` set). Zones the out-of-area units settle have
    /// a fixed share.
    pub(super) fn within_call_to_needle_target(&self, scratch: &Scratch) -> f64 {
        let limit = &scratch.target_limit;
        let admissions = &self.active.region_admissions;
        let zone = |trip: u32, admissions: f64| {
            let (s, t) = (trip >> 16, (trip & 0xffff) as i32);
            // Met or not differs from zone to zone: the admissions are
            // kept or cleared by a mask, not a branch.
            let met = t <= limit[s as usize];
            let mask = u64::from(met).wrapping_neg();
            f64::from_bits(admissions.to_bits() & mask)
        };
        // Four sums side by side, so that a zone does not wait for the
        // last one's addition.
        let mut sums = [0.0; 4];
        let mut trips = scratch.trips.chunks_exact(4);
        let mut fours = admissions.chunks_exact(4);
        for (trips, admissions) in (&mut trips).zip(&mut fours) {
            for ((sum, &trip), &a) in sums.iter_mut().zip(trips).zip(admissions) {
                *sum += zone(trip, a);
            }
        }
        for (&trip, &a) in trips.remainder().iter().zip(fours.remainder()) {
            sums[0] += zone(trip, a);
        }
        // Zones shared among several units.
        let shared: f64 = scratch
            .shares
            .iter()
            .filter(|&&(u, t, _)| i32::from(t) <= limit[usize::from(u)])
            .map(|&(_, _, share)| share)
            .sum();
        self.settled.ctn_within + (sums[0] + sums[1]) + (sums[2] + sums[3]) + shared
    }
}
