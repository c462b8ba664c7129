//! Who gains and who loses: an option's access and benefit by income
//! deprivation and by rurality, against today, for the equality and health
//! inequalities impact assessment.
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
//! # Summary measures
//! - `deprivation_gap`: the most deprived quintile's mean travel minus the
//!   least deprived's (minutes; positive: the most deprived travel
//!   further), under the option and today, and its change.
//! - `rural_gap`: rural zones' (D and E) mean travel minus urban zones'.
//!
//! Like the other access figures, only the region's zones count.

use serde::Serialize;

use crate::evaluate::{Evaluator, Scratch, SiteSet, ZoneAccess};
use crate::groups::Groups;
use crate::model::{Dataset, Rurality};
use crate::patients::ZoneBenefit;

/// Access and benefit figures of one group under one configuration.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct GroupFigures {
    /// Admissions a year.
    pub admissions: f64,
    /// Mean travel time, minutes.
    pub mean_travel: f64,
    /// 95th percentile travel time, minutes.
    pub p95_travel: f64,
    /// Share within 30 minutes.
    pub within_30: f64,
    /// Share within 45 minutes.
    pub within_45: f64,
    /// Share whose expected call-to-needle time meets the target.
    pub call_to_needle_within_target: f64,
    /// Added good outcomes (mRS 0–1) per 1,000 admissions, with the
    /// patient-benefit analysis.
    pub added_good_outcomes_per_1000: Option<f64>,
}

/// One group under the option and today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupChange<G> {
    /// The group.
    pub group: G,
    /// Region zones in it.
    pub zones: usize,
    /// Under the option.
    pub option: GroupFigures,
    /// Today.
    pub today: GroupFigures,
    /// Admissions a year travelling further than today.
    pub admissions_further: f64,
    /// Their mean increase, minutes.
    pub mean_increase_for_those_further: f64,
}

/// The equality figures of one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquityAccount {
    /// Quintiles 1 (most deprived) to 5, when the zones have scores.
    pub deprivation: Vec<GroupChange<u8>>,
    /// Urban, rural town and fringe, rural village and dispersed, when the
    /// zones have classes.
    pub rurality: Vec<GroupChange<Rurality>>,
    /// Zones in sparse settings (any of the three groups).
    pub sparse: Option<GroupChange<&'static str>>,
    /// Most deprived quintile's mean travel minus the least deprived's,
    /// minutes, under the option.
    pub deprivation_gap: Option<f64>,
    /// The same today.
    pub deprivation_gap_today: Option<f64>,
    /// Rural zones' mean travel minus urban zones', minutes, under the
    /// option.
    pub rural_gap: Option<f64>,
    /// The same today.
    pub rural_gap_today: Option<f64>,
    /// Region zones and admissions a year without an income-deprivation
    /// score (in no quintile).
    pub unscored: (usize, f64),
    /// Region zones and admissions without a rural-urban class.
    pub unclassified: (usize, f64),
}

/// Each zone's patient figures under the option and today.
pub type ZoneBenefits<'a> = (&'a [Option<ZoneBenefit>], &'a [Option<ZoneBenefit>]);

/// One configuration's per-zone figures.
struct Side<'a> {
    access: &'a [Option<ZoneAccess>],
    benefit: Option<&'a [Option<ZoneBenefit>]>,
}

/// Sums for one group under one configuration.
#[derive(Default)]
struct Sums {
    admissions: f64,
    minutes: f64,
    within: [f64; 3],
    good: f64,
    times: Vec<(f64, f64)>,
}

impl Sums {
    fn add(&mut self, z: usize, a: f64, side: &Side) {
        let Some(x) = side.access[z] else {
            return;
        };
        self.admissions += a;
        self.minutes += a * x.minutes;
        self.within[0] += if x.minutes <= 30.0 { a } else { 0.0 };
        self.within[1] += if x.minutes <= 45.0 { a } else { 0.0 };
        self.within[2] += a * x.call_to_needle_within_target;
        if let Some(b) = side.benefit.and_then(|b| b[z]) {
            self.good += b.added_good_outcomes;
        }
        self.times.push((x.minutes, a));
    }

    fn figures(mut self, benefit: bool) -> GroupFigures {
        let a = self.admissions;
        let share = |x: f64| if a > 0.0 { x / a } else { 0.0 };
        self.times.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut seen = 0.0;
        let p95 = self
            .times
            .iter()
            .find(|(_, w)| {
                seen += w;
                seen >= 0.95 * a
            })
            .map_or(0.0, |t| t.0);
        GroupFigures {
            admissions: a,
            mean_travel: share(self.minutes),
            p95_travel: p95,
            within_30: share(self.within[0]),
            within_45: share(self.within[1]),
            call_to_needle_within_target: share(self.within[2]),
            added_good_outcomes_per_1000: benefit.then(|| 1000.0 * share(self.good)),
        }
    }
}

/// The figures of the region zones for which `member` holds.
fn group<G>(
    g: G,
    data: &Dataset,
    member: impl Fn(usize) -> bool,
    option: &Side,
    today: &Side,
) -> GroupChange<G> {
    let (mut o, mut t) = (Sums::default(), Sums::default());
    let (mut zones, mut further, mut added) = (0, 0.0, 0.0);
    for z in (0..data.zones.len()).filter(|&z| member(z)) {
        zones += 1;
        let a = data.zones[z].admissions;
        o.add(z, a, option);
        t.add(z, a, today);
        if let (Some(x), Some(y)) = (option.access[z], today.access[z])
            && x.minutes > y.minutes
        {
            further += a;
            added += a * (x.minutes - y.minutes);
        }
    }
    let benefit = option.benefit.is_some();
    GroupChange {
        group: g,
        zones,
        option: o.figures(benefit),
        today: t.figures(benefit),
        admissions_further: further,
        mean_increase_for_those_further: if further > 0.0 { added / further } else { 0.0 },
    }
}

/// The equality figures of the option `hasus`, last evaluated with
/// `scratch`; `benefit` gives each zone's patient figures under the option
/// and today, when the criteria have the patient-benefit analysis. `None`
/// when the zones have neither scores nor classes.
pub fn account(
    evaluator: &Evaluator,
    data: &Dataset,
    groups: &Groups,
    hasus: &SiteSet,
    scratch: &Scratch,
    benefit: Option<ZoneBenefits<'_>>,
) -> Option<EquityAccount> {
    if !groups.has.0 && !groups.has.1 {
        return None;
    }
    let (today_scratch, _) = evaluator.today_evaluated();
    let option_access = evaluator.zone_access(hasus, scratch);
    let today_access = evaluator.zone_access(&evaluator.today(), today_scratch);
    let option = Side {
        access: &option_access,
        benefit: benefit.map(|b| b.0),
    };
    let today = Side {
        access: &today_access,
        benefit: benefit.map(|b| b.1),
    };
    let deprivation: Vec<GroupChange<u8>> = if groups.has.0 {
        (1..=5u8)
            .map(|q| group(q, data, |z| groups.quintile[z] == q, &option, &today))
            .collect()
    } else {
        Vec::new()
    };
    let rurality: Vec<GroupChange<Rurality>> = if groups.has.1 {
        Rurality::ALL
            .into_iter()
            .map(|r| group(r, data, |z| groups.rurality[z] == Some(r), &option, &today))
            .collect()
    } else {
        Vec::new()
    };
    let gap = |list: &[GroupChange<u8>], f: fn(&GroupChange<u8>) -> f64| {
        let (first, last) = (list.first()?, list.last()?);
        Some(f(first) - f(last))
    };
    let rural_gap = |today_side: bool| {
        if !groups.has.1 {
            return None;
        }
        let side = if today_side { &today } else { &option };
        let urban = group(
            (),
            data,
            |z| groups.rurality[z] == Some(Rurality::Urban),
            side,
            side,
        );
        let rural = group(
            (),
            data,
            |z| groups.rurality[z].is_some_and(|r| r != Rurality::Urban),
            side,
            side,
        );
        (urban.option.admissions > 0.0 && rural.option.admissions > 0.0)
            .then_some(rural.option.mean_travel - urban.option.mean_travel)
    };
    let sparse = (groups.has.1 && groups.sparse.iter().any(|&s| s))
        .then(|| group("sparse", data, |z| groups.sparse[z], &option, &today));
    Some(EquityAccount {
        deprivation_gap: gap(&deprivation, |g| g.option.mean_travel),
        deprivation_gap_today: gap(&deprivation, |g| g.today.mean_travel),
        deprivation,
        rurality,
        sparse,
        rural_gap: rural_gap(false),
        rural_gap_today: rural_gap(true),
        unscored: groups.unscored,
        unclassified: groups.unclassified,
    })
}
