//! The headline figures of one option, as [`super::Evaluator::evaluate`]
//! works them out.

use serde::Serialize;

use super::{EquityMetrics, PatientMetrics};
use crate::criteria::Metric;

/// The headline figures of one option (all minutes admission-weighted over
/// the region's zones unless said otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Region admissions a year.
    pub region_admissions: f64,
    /// Admissions a year (all zones) with no time to any open unit.
    pub unreachable_admissions: f64,
    /// Admissions a year (all zones) in zones equally near (to a tenth of
    /// a minute) to several open units: shared among them under the
    /// criteria's tie rule, or all to the first listed.
    pub tied_admissions: f64,
    /// Mean travel time.
    pub mean_travel: f64,
    /// Median travel time.
    pub median_travel: f64,
    /// 95th percentile travel time.
    pub p95_travel: f64,
    /// Longest travel time.
    pub max_travel: f64,
    /// Share of admissions within 30 minutes.
    pub within_30: f64,
    /// Share within 45 minutes.
    pub within_45: f64,
    /// Share within 60 minutes.
    pub within_60: f64,
    /// Share within the access hurdle's time.
    pub within_access: f64,
    /// Mean expected call-to-needle time.
    pub mean_call_to_needle: f64,
    /// Share whose expected call-to-needle time meets the target.
    pub call_to_needle_within_target: f64,
    /// Admissions a year (all zones) of the smallest HASU.
    pub smallest_hasu_admissions: f64,
    /// Admissions a year (all zones) of the largest HASU.
    pub largest_hasu_admissions: f64,
    /// Expected share of thrombolysed patients treated within the
    /// door-to-needle limit, weighted by the HASUs' admissions.
    pub thrombolysis_within_limit: f64,
    /// The same share at the HASU where it is lowest.
    pub lowest_thrombolysis_within_limit: f64,
    /// Mean share of the co-location services present at the HASUs' sites.
    pub co_location: f64,
    /// Share of admissions travelling further than today.
    pub share_travelling_further: f64,
    /// The largest rise in a district's mean travel time over today.
    pub largest_district_increase: f64,
    /// What the option means for the region's patients (with
    /// `[outcomes]` in the criteria). Worked out for every option when a
    /// criterion or hurdle uses it, otherwise only for options shown in
    /// full ([`super::Evaluator::with_patients`]).
    pub patients: Option<PatientMetrics>,
    /// The equality figures (zones with deprivation scores or rural-urban
    /// classes). Worked out for every option when a criterion or hurdle
    /// uses them, otherwise only for options shown in full.
    pub equity: Option<EquityMetrics>,
    /// The fewest spare beds at any open unit with a stated bed capacity
    /// (capacity − beds needed; with `[beds]` in the criteria and a
    /// capacity for some site).
    pub fewest_spare_beds: Option<f64>,
    /// Beds, staff and costs (with `[beds]`). Worked out for every option
    /// when a criterion or hurdle uses them, otherwise only for options
    /// shown in full.
    pub resources: Option<ResourceMetrics>,
    /// Each panel-scored criterion's score (in the criteria's order; 0
    /// beyond them).
    #[serde(skip)]
    pub panel: [f64; crate::criteria::MAX_PANEL],
}

impl Metrics {
    /// The value of `metric`.
    pub fn get(&self, metric: Metric) -> f64 {
        match metric {
            Metric::SmallestHasuAdmissions => self.smallest_hasu_admissions,
            Metric::ThrombolysisWithinLimit => self.thrombolysis_within_limit,
            Metric::CoLocation => self.co_location,
            Metric::MeanTravel => self.mean_travel,
            Metric::P95Travel => self.p95_travel,
            Metric::Within30 => self.within_30,
            Metric::Within45 => self.within_45,
            Metric::Within60 => self.within_60,
            Metric::MeanCallToNeedle => self.mean_call_to_needle,
            Metric::CallToNeedleWithinTarget => self.call_to_needle_within_target,
            Metric::LargestDistrictIncrease => self.largest_district_increase,
            Metric::ShareTravellingFurther => self.share_travelling_further,
            Metric::AddedGoodOutcomes => self.patient(|p| p.added_good_outcomes),
            Metric::AddedMrs02 => self.patient(|p| p.added_mrs_0_2),
            Metric::AddedUtility => self.patient(|p| p.added_utility),
            Metric::MeanOnsetToNeedle => self.patient(|p| p.mean_onset_to_needle),
            Metric::MeanOnsetToPuncture => self.patient(|p| p.mean_onset_to_puncture),
            Metric::MtTransfers => self.patient(|p| p.mt_transfers),
            Metric::DeprivationGap => self.equity_figure(|e| e.deprivation_gap),
            Metric::DeprivationGapChange => self.equity_figure(|e| e.deprivation_gap_change),
            Metric::WorstQuintileWithin45 => self.equity_figure(|e| e.worst_quintile_within_45),
            Metric::RuralGap => self.equity_figure(|e| e.rural_gap),
            Metric::RuralGapChange => self.equity_figure(|e| e.rural_gap_change),
            Metric::StrokeBeds => self.resource(|r| Some(r.stroke_beds)),
            Metric::StrokeBedsChange => self.resource(|r| Some(r.stroke_beds_change)),
            Metric::LargestBedIncrease => self.resource(|r| Some(r.largest_bed_increase)),
            Metric::StaffWte => self.resource(|r| r.staff_wte),
            Metric::StaffWteChange => self.resource(|r| r.staff_wte_change),
            Metric::NurseWteGap => self.resource(|r| r.nurse_wte_gap),
            Metric::ConsultantRotasShort => self.resource(|r| r.consultant_rotas_short),
            Metric::CapitalCost => self.resource(|r| r.capital_cost),
            Metric::RevenueChange => self.resource(|r| r.revenue_change),
            Metric::Panel(k) => self.panel[usize::from(k)],
        }
    }

    /// A beds, staff or cost figure, 0 without it (criteria that use one
    /// are refused without the tables it needs).
    fn resource(&self, figure: impl Fn(&ResourceMetrics) -> Option<f64>) -> f64 {
        self.resources.as_ref().and_then(figure).unwrap_or(0.0)
    }

    /// An equality figure, 0 without groups (criteria that use one are
    /// refused for data without them).
    fn equity_figure(&self, figure: impl Fn(&EquityMetrics) -> f64) -> f64 {
        self.equity.as_ref().map_or(0.0, figure)
    }

    /// A patient figure, 0 without the patient-benefit analysis (criteria
    /// that use one are refused without it).
    fn patient(&self, figure: impl Fn(&PatientMetrics) -> f64) -> f64 {
        self.patients.as_ref().map_or(0.0, figure)
    }
}

/// An option's beds, staff and costs ([`crate::resources`] works them
/// out).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ResourceMetrics {
    /// Stroke beds the region's units need.
    pub stroke_beds: f64,
    /// The same today.
    pub stroke_beds_today: f64,
    /// The change in beds at every unit from today.
    pub stroke_beds_change: f64,
    /// The most beds one unit needs beyond its beds today (0 when none
    /// needs more).
    pub largest_bed_increase: f64,
    /// Staff the region's units need, WTE (with `[workforce]`).
    pub staff_wte: Option<f64>,
    /// The same today.
    pub staff_wte_today: Option<f64>,
    /// The change in staff at every unit from today, WTE.
    pub staff_wte_change: Option<f64>,
    /// Nurses needed at the region's units beyond the nurses in post, WTE
    /// (negative: to spare).
    pub nurse_wte_gap: Option<f64>,
    /// HASU rotas the region's consultants cannot cover.
    pub consultant_rotas_short: Option<f64>,
    /// Capital, £ million (with `[costs]`).
    pub capital_cost: Option<f64>,
    /// The change in staff costs a year, £ million.
    pub revenue_change: Option<f64>,
}
