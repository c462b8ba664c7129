//! The share of the region's admissions whose expected call-to-needle
//! time meets the target: each open unit's door-to-needle time gives the
//! travel time within which its patients meet it, and each zone is then
//! held against its units' limits.

use super::{Evaluator, NO_DISTRICT, NONE, Scratch, SiteSet};

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
    /// target under the option whose HASUs are `hasus`, last evaluated with
    /// `scratch` ([`super::Metrics::call_to_needle_within_target`]).
    pub fn call_to_needle_share(&self, hasus: &SiteSet, scratch: &Scratch) -> f64 {
        let within = self.within_call_to_needle_target(&self.open_units(hasus), scratch);
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
    pub(super) fn within_call_to_needle_target(&self, open: &SiteSet, scratch: &Scratch) -> f64 {
        let zone = |z: u32| {
            let z = z as usize;
            let (s, t) = (scratch.choice[z], i32::from(scratch.time[z]));
            // Zones shared among several units are counted below.
            if s == NONE || scratch.sharing[z] > 1 {
                return 0.0;
            }
            // Met or not differs from zone to zone: the admissions are
            // kept or cleared by a mask, not a branch.
            let met = t <= scratch.target_limit[usize::from(s)];
            let mask = u64::from(met).wrapping_neg();
            f64::from_bits(self.admissions[z].to_bits() & mask)
        };
        // Four sums side by side, so that a zone does not wait for the
        // last one's addition.
        let mut sums = [0.0; 4];
        let mut fours = self.active.region.chunks_exact(4);
        for four in &mut fours {
            for (sum, &z) in sums.iter_mut().zip(four) {
                *sum += zone(z);
            }
        }
        for &z in fours.remainder() {
            sums[0] += zone(z);
        }
        let mut within = (sums[0] + sums[1]) + (sums[2] + sums[3]);
        for &(z, k) in &scratch.shared {
            let z = z as usize;
            if self.district[z] == NO_DISTRICT {
                continue;
            }
            let t = scratch.time[z];
            let share = self.admissions[z] / f64::from(scratch.sharing[z]);
            within += self
                .tied_units(z, usize::from(k), t, open)
                .filter(|&u| i32::from(t) <= scratch.target_limit[u])
                .map(|_| share)
                .sum::<f64>();
        }
        self.settled.ctn_within + within
    }
}
