//! What an option means for the region's patients: each zone's times to
//! treatment and their expected benefit ([`crate::outcome::routes`]),
//! summed over the region in the evaluation kernel (two or three table
//! reads a zone).

use serde::Serialize;

use super::{Evaluator, Metrics, NONE, Scratch, SiteSet};
use crate::outcome::routes::{Routes, UnitTimes, ZoneCare};

/// The patient figures of one option, over the region's admissions, a year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PatientMetrics {
    /// Patients with a good outcome (mRS 0–1) who would not have had one
    /// without treatment.
    pub added_good_outcomes: f64,
    /// The same for mRS 0–2 (0 under the dichotomised model).
    pub added_mrs_0_2: f64,
    /// Utility gained (0 under the dichotomised model).
    pub added_utility: f64,
    /// Patients thrombolysed.
    pub ivt_patients: f64,
    /// Patients given thrombectomy.
    pub mt_patients: f64,
    /// Thrombectomy patients transferred from their first unit.
    pub mt_transfers: f64,
    /// Patients taken straight to a thrombectomy centre (mothership).
    pub direct_admissions: f64,
    /// Mean onset-to-needle of the patients eligible for IVT (whether or
    /// not in time for it), minutes.
    pub mean_onset_to_needle: f64,
    /// Mean onset-to-puncture of the patients eligible for MT (whether or
    /// not in time; those with no centre to reach left out), minutes.
    pub mean_onset_to_puncture: f64,
}

/// Sums of admissions × figures, before the means are taken.
#[derive(Default)]
struct Sums {
    m: PatientMetrics,
    /// Eligible patients × their times, and the eligible patients.
    needle: (f64, f64),
    puncture: (f64, f64),
}

impl Sums {
    fn add(&mut self, care: &ZoneCare, admissions: f64) {
        for leg in std::iter::once(&care.first).chain(care.direct.as_ref().map(|(l, _)| l)) {
            let t = &leg.treated;
            let m = &mut self.m;
            m.added_good_outcomes += admissions * t.gain.mrs_0_1;
            m.added_mrs_0_2 += admissions * t.gain.mrs_0_2;
            m.added_utility += admissions * t.gain.utility;
            m.ivt_patients += admissions * t.ivt;
            m.mt_patients += admissions * t.mt;
            if leg.transfer {
                m.mt_transfers += admissions * t.mt;
            }
            self.needle.0 += admissions * t.ivt_eligible * leg.needle;
            self.needle.1 += admissions * t.ivt_eligible;
            if leg.puncture.is_finite() {
                self.puncture.0 += admissions * t.mt_eligible * leg.puncture;
                self.puncture.1 += admissions * t.mt_eligible;
            }
        }
        if let Some((_, share)) = care.direct {
            self.m.direct_admissions += admissions * share;
        }
    }

    fn finish(mut self) -> PatientMetrics {
        let mean = |(sum, n): (f64, f64)| if n > 0.0 { sum / n } else { 0.0 };
        self.m.mean_onset_to_needle = mean(self.needle);
        self.m.mean_onset_to_puncture = mean(self.puncture);
        self.m
    }
}

impl Evaluator {
    /// Works out when each open unit's patients are treated, into
    /// `scratch` (after the units' admissions are known).
    fn set_unit_times(
        &self,
        routes: &Routes,
        hasus: &SiteSet,
        open: &SiteSet,
        scratch: &mut Scratch,
    ) {
        for s in 0..self.sites {
            if open.contains(s) {
                let median = self.door_to_needle(s, hasus, &scratch.admissions);
                let mean = self.pathway.mean_door_to_needle(median);
                scratch.unit_times[s] = routes.unit_times(s, mean, open);
            }
        }
    }

    /// The patients of zone `z` going first to unit `u`, `tenths` of a
    /// minute away (unit times from [`Evaluator::set_unit_times`]).
    #[inline]
    pub(super) fn care(
        &self,
        routes: &Routes,
        z: usize,
        u: usize,
        tenths: u16,
        open: &SiteSet,
        unit_times: &[UnitTimes],
    ) -> ZoneCare {
        routes.zone(&unit_times[u], f64::from(tenths) / 10.0, || {
            let (c, t) = (0..self.lists.stride)
                .map(|k| self.entry(z, k))
                .take_while(|&(s, _)| s != NONE)
                .find(|&(s, _)| {
                    open.contains(usize::from(s)) && routes.is_centre(usize::from(s))
                })?;
            Some((unit_times[usize::from(c)], f64::from(t) / 10.0))
        })
    }

    /// Calls `f` with every region zone's patients under the option last
    /// evaluated with `scratch`: `(zone, first unit, admissions a year,
    /// their care)`, a zone shared by tied units once for each unit with
    /// its share. Nothing when the criteria have no `[outcomes]`.
    pub fn for_each_care(
        &self,
        hasus: &SiteSet,
        scratch: &Scratch,
        mut f: impl FnMut(usize, usize, f64, &ZoneCare),
    ) {
        let Some(routes) = &self.routes else {
            return;
        };
        let open = self.open_units(hasus);
        for &z in &self.region_zones {
            let z = z as usize;
            let (s, t) = (scratch.choice[z], scratch.time[z]);
            if s == NONE {
                continue;
            }
            let a = self.admissions[z];
            if scratch.sharing[z] <= 1 {
                let u = usize::from(s);
                f(
                    z,
                    u,
                    a,
                    &self.care(routes, z, u, t, &open, &scratch.unit_times),
                );
            } else {
                for (u, share) in self.units_of(z, &open, scratch) {
                    f(
                        z,
                        u,
                        a * share,
                        &self.care(routes, z, u, t, &open, &scratch.unit_times),
                    );
                }
            }
        }
    }

    /// The patient figures of the option last evaluated with `scratch`
    /// (which then holds its units' times for [`Evaluator::for_each_care`]),
    /// with `[outcomes]` in the criteria.
    pub fn patients(&self, hasus: &SiteSet, scratch: &mut Scratch) -> Option<PatientMetrics> {
        let routes = self.routes.as_ref()?;
        self.set_unit_times(routes, hasus, &self.open_units(hasus), scratch);
        let mut sums = Sums::default();
        self.for_each_care(hasus, scratch, |_, _, a, care| sums.add(care, a));
        Some(sums.finish())
    }

    /// `metrics` of the option last evaluated with `scratch`, with its
    /// patient figures worked out if the evaluation left them out.
    pub fn with_patients(
        &self,
        hasus: &SiteSet,
        scratch: &mut Scratch,
        mut metrics: Metrics,
    ) -> Metrics {
        if metrics.patients.is_none() {
            metrics.patients = self.patients(hasus, scratch);
        }
        metrics
    }
}
