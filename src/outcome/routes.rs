//! The pathway to treatment with the thrombectomy tier: for a zone's
//! patients under an option, when they are thrombolysed and when their
//! thrombectomy starts, where they go for it, and what that gains them.
//!
//! Times, minutes (the peers' forms, shared domain file §5):
//! - onset to needle = onset→call + response + on scene + travel to the
//!   first unit + that unit's mean door-to-needle;
//! - onset to puncture at a thrombectomy centre reached first = onset→call
//!   + response + on scene + travel + door-to-puncture;
//! - after a transfer (drip-and-ship) = onset→call + response + on scene +
//!   travel + door-to-puncture + the transfer delay + the travel between
//!   the units (Allen et al.'s form: a net delay beyond the journey).
//!
//! Thrombectomy centres are the sites with the `thrombectomy` service that
//! are open under the option. A unit transfers to the centre it refers to
//! (`referrals.csv`: the referral as the service runs it, the journey as
//! the referral states it or from `site_times.csv`); a unit with no
//! referral, or whose centre is not open under the option (a scenario may
//! close it), to the open centre nearest it by `site_times.csv`. Under the mothership policy, the patients a
//! pre-hospital test marks as suspected LVO (the test's sensitivity of LVO
//! patients, 1 − its specificity of the others) go straight to the
//! nearest open centre when that gains them more (utility for the
//! continuous model, P(mRS 0–1) for the dichotomised one) than
//! drip-and-ship does.

use super::benefit::{Benefit, Cohorts, Treated};
use crate::criteria::{Outcomes, Pathway, Policy};
use crate::model::{Dataset, Service};
use crate::siteset::SiteSet;

/// The centre `unit` refers to and the journey there, minutes (as the
/// referral states it, or from `site_times.csv`), when it has a referral
/// with a known journey.
fn referral(data: &Dataset, unit: usize) -> Option<(usize, f64)> {
    let r = data
        .referrals
        .iter()
        .find(|r| r.unit == data.sites[unit].id)?;
    let centre = data.site_index(&r.centre)?;
    let minutes = r.minutes.or_else(|| data.site_times.get(unit, centre))?;
    Some((centre, f64::from(minutes)))
}

/// When a unit's patients are treated, less their journey to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitTimes {
    /// Onset to needle, less the journey.
    pub needle: f64,
    /// Onset to puncture, less the journey (infinite when no centre can be
    /// reached).
    pub puncture: f64,
    /// The centre its thrombectomy patients go to: itself, or the one it
    /// transfers to.
    pub centre: Option<usize>,
    /// Whether they are transferred there.
    pub transfer: bool,
}

/// One route of a zone's patients: who takes it, when they are treated,
/// and what it gains them, per admission of the zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leg {
    /// Gain and treatments, per admission of the zone.
    pub treated: Treated,
    /// Onset to needle, minutes.
    pub needle: f64,
    /// Onset to puncture, minutes.
    pub puncture: f64,
    /// Where thrombectomy is done.
    pub centre: Option<usize>,
    /// Whether thrombectomy patients are transferred there.
    pub transfer: bool,
}

/// A zone's patients under an option.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoneCare {
    /// Those who go to the nearest unit first.
    pub first: Leg,
    /// Those taken straight to a thrombectomy centre (mothership), and
    /// their share of the zone's admissions.
    pub direct: Option<(Leg, f64)>,
}

impl ZoneCare {
    /// Both routes together.
    pub fn treated(&self) -> Treated {
        match &self.direct {
            Some((d, _)) => self.first.treated + d.treated,
            None => self.first.treated,
        }
    }
}

/// The pathway model of an appraisal.
#[derive(Debug, Clone)]
pub struct Routes {
    benefit: Benefit,
    settings: Outcomes,
    /// Onset to arrival, less the journey.
    before_travel: f64,
    blue_light: f64,
    /// Per site: whether it is a thrombectomy centre.
    centre: Vec<bool>,
    /// Per site: the centres it transfers to in order of preference (its
    /// referral, then the others nearest first), with the journey.
    transfers: Vec<Vec<(usize, f64)>>,
    everyone: Cohorts,
    /// The cohorts a pre-hospital test marks as suspected LVO, and the
    /// rest (mothership only).
    suspected: Option<(Cohorts, Cohorts, f64)>,
}

impl Routes {
    /// The pathway of `settings` and `pathway` on `data`'s sites.
    pub fn new(data: &Dataset, settings: &Outcomes, pathway: &Pathway) -> Routes {
        let n = data.sites.len();
        let centre: Vec<bool> = data
            .sites
            .iter()
            .map(|s| s.has(Service::Thrombectomy) && s.role.can_open())
            .collect();
        let transfers = (0..n)
            .map(|from| {
                let mut to: Vec<(usize, f64)> = (0..n)
                    .filter(|&c| centre[c] && c != from)
                    .filter_map(|c| Some((c, f64::from(data.site_times.get(from, c)?))))
                    .collect();
                to.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                if let Some((c, minutes)) = referral(data, from) {
                    to.retain(|&(other, _)| other != c);
                    to.insert(0, (c, minutes));
                }
                to
            })
            .collect();
        let everyone = Cohorts::of(&settings.case_mix);
        let suspected = match (settings.policy, settings.lvo_test) {
            (Policy::Mothership, Some(test)) => {
                let mix = &settings.case_mix;
                let (sens, fpr) = (test.sensitivity, 1.0 - test.specificity);
                let share = sens * mix.lvo() + fpr * (1.0 - mix.lvo());
                Some((
                    everyone.scaled(fpr, sens),
                    everyone.scaled(1.0 - fpr, 1.0 - sens),
                    share,
                ))
            }
            _ => None,
        };
        let mut routes = Routes {
            benefit: Benefit::new(settings),
            settings: settings.clone(),
            before_travel: 0.0,
            blue_light: 1.0,
            centre,
            transfers,
            everyone,
            suspected,
        };
        routes.set_pathway(pathway);
        routes
    }

    /// Takes the pre-hospital times of `pathway` (a draw of the uncertain
    /// inputs, say).
    pub fn set_pathway(&mut self, pathway: &Pathway) {
        self.before_travel = self.settings.onset_to_call_minutes
            + pathway.response_minutes
            + pathway.on_scene_minutes;
        self.blue_light = pathway.blue_light_factor;
    }

    /// The settings.
    pub fn settings(&self) -> &Outcomes {
        &self.settings
    }

    /// The benefit model.
    pub fn benefit(&self) -> &Benefit {
        &self.benefit
    }

    /// Whether site `s` is a thrombectomy centre.
    pub fn is_centre(&self, s: usize) -> bool {
        self.centre[s]
    }

    /// Whether patients may be taken straight to a centre.
    pub fn mothership(&self) -> bool {
        self.suspected.is_some()
    }

    /// When the patients of `unit` are treated, less their journey, given
    /// its mean door-to-needle time and the units `open`.
    pub fn unit_times(&self, unit: usize, mean_door_to_needle: f64, open: &SiteSet) -> UnitTimes {
        let s = &self.settings;
        let needle = self.before_travel + mean_door_to_needle;
        if self.centre[unit] {
            return UnitTimes {
                needle,
                puncture: self.before_travel + s.door_to_puncture_minutes,
                centre: Some(unit),
                transfer: false,
            };
        }
        match self.transfers[unit].iter().find(|(c, _)| open.contains(*c)) {
            Some(&(c, minutes)) => UnitTimes {
                needle,
                puncture: self.before_travel
                    + s.door_to_puncture_minutes
                    + s.transfer_delay_minutes
                    + self.blue_light * minutes,
                centre: Some(c),
                transfer: true,
            },
            None => UnitTimes {
                needle,
                puncture: f64::INFINITY,
                centre: None,
                transfer: false,
            },
        }
    }

    fn leg(&self, at: &UnitTimes, journey: f64, cohorts: &Cohorts) -> Leg {
        let travel = self.blue_light * journey;
        let (needle, puncture) = (at.needle + travel, at.puncture + travel);
        Leg {
            treated: self.benefit.treat(cohorts, needle, puncture),
            needle,
            puncture,
            centre: at.centre,
            transfer: at.transfer,
        }
    }

    /// A zone's patients whose nearest open unit has times `at` and is
    /// `journey` minutes away. `direct` gives, under the mothership
    /// policy, the nearest open centre's times and journey (asked only
    /// when the unit is not a centre itself).
    #[inline]
    pub fn zone(
        &self,
        at: &UnitTimes,
        journey: f64,
        direct: impl FnOnce() -> Option<(UnitTimes, f64)>,
    ) -> ZoneCare {
        let first = self.leg(at, journey, &self.everyone);
        let Some((positive, negative, share)) = &self.suspected else {
            return ZoneCare {
                first,
                direct: None,
            };
        };
        if at.centre.is_some() && !at.transfer {
            return ZoneCare {
                first,
                direct: None,
            };
        }
        let Some((centre, centre_journey)) = direct() else {
            return ZoneCare {
                first,
                direct: None,
            };
        };
        let via_unit = self.leg(at, journey, positive);
        let straight = self.leg(&centre, centre_journey, positive);
        let value = |l: &Leg| self.benefit.value(&l.treated.gain);
        if value(&straight) > value(&via_unit) {
            ZoneCare {
                first: self.leg(at, journey, negative),
                direct: Some((straight, *share)),
            }
        } else {
            ZoneCare {
                first,
                direct: None,
            }
        }
    }
}
