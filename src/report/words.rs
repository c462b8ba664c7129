//! Sentences for people, made from the domain's numbers: the reasons behind
//! each hurdle's result, and where an option stands. Every renderer (terminal,
//! CSV, JSON, HTML, evidence pack) words things through here, so they all say
//! the same.

use crate::criteria::{Hurdles, Metric};
use crate::rank::{Check, Detail, Hurdle, Rule};
use crate::summary::thousands;

use super::fixed;

/// A share as a percentage with one decimal: 0.953 → "95.3%".
pub fn percent(x: f64) -> String {
    format!("{}%", fixed(100.0 * x, 1))
}

/// A hurdle's result for one option: whether it passed, and why in numbers
/// (one sentence per finding; a failing hurdle lists only what fails).
#[derive(Debug, Clone, PartialEq)]
pub struct HurdleWords {
    /// The hurdle.
    pub hurdle: Hurdle,
    /// Whether the option passes it.
    pub passed: bool,
    /// Why.
    pub reasons: Vec<String>,
}

/// Every hurdle's result for `d`, in [`Hurdle::all`] order.
pub fn hurdles(h: &Hurdles, d: &Detail) -> Vec<HurdleWords> {
    Hurdle::all(h)
        .into_iter()
        .map(|hurdle| {
            let checks: Vec<&Check> = d
                .checks
                .iter()
                .filter(|c| c.rule.hurdle() == hurdle)
                .collect();
            let passed = checks.iter().all(|c| c.passed());
            let reasons = match hurdle {
                Hurdle::Reach => reach(&checks),
                Hurdle::Volume => volume(h, d, passed),
                Hurdle::Thrombolysis => thrombolysis(h, d, passed),
                Hurdle::Access => access(h, &checks, passed),
                Hurdle::Capacity => capacity(&checks),
                Hurdle::Limit(_) => limit(&checks, passed),
            };
            HurdleWords {
                hurdle,
                passed,
                reasons,
            }
        })
        .collect()
}

/// `n` (rounded to a whole number, with thousands separators) with the
/// noun that fits it: "1 admission a year", "2 admissions a year",
/// "1 HASU".
///
/// # Example
/// ```
/// use hasu::report::words::counted;
/// assert_eq!(counted(1.2, "admission", "admissions"), "1 admission");
/// assert_eq!(counted(1_500.0, "HASU", "HASUs"), "1,500 HASUs");
/// ```
pub fn counted(n: f64, one: &str, many: &str) -> String {
    let shown = thousands(n);
    format!("{shown} {}", if shown == "1" { one } else { many })
}

fn reach(checks: &[&Check]) -> Vec<String> {
    match checks.iter().find(|c| !c.passed()) {
        Some(c) => vec![format!(
            "{} a year would have no travel time to any open unit",
            counted(c.value, "admission", "admissions")
        )],
        None => vec!["every zone has a travel time to an open unit".to_string()],
    }
}

fn volume(h: &Hurdles, d: &Detail, passed: bool) -> Vec<String> {
    let m = &d.assessed.metrics;
    if passed {
        return vec![format!(
            "every HASU would admit between {} and {} a year (from {} to {})",
            thousands(h.min_admissions),
            thousands(h.max_admissions),
            thousands(m.smallest_hasu_admissions),
            thousands(m.largest_hasu_admissions)
        )];
    }
    d.explained
        .units
        .iter()
        .filter(|u| u.hasu)
        .filter_map(|u| {
            if u.admissions < h.min_admissions {
                Some(format!(
                    "{} would admit {} a year, below the {} minimum",
                    u.name,
                    thousands(u.admissions),
                    thousands(h.min_admissions)
                ))
            } else if u.admissions > h.max_admissions {
                Some(format!(
                    "{} would admit {} a year, above the {} maximum",
                    u.name,
                    thousands(u.admissions),
                    thousands(h.max_admissions)
                ))
            } else {
                None
            }
        })
        .collect()
}

fn thrombolysis(h: &Hurdles, d: &Detail, passed: bool) -> Vec<String> {
    if passed {
        return vec![format!(
            "every HASU would treat at least {} of thrombolysed patients within {} minutes of arrival (lowest: {})",
            percent(h.min_share_within_door_to_needle),
            h.door_to_needle_minutes,
            percent(d.assessed.metrics.lowest_thrombolysis_within_limit)
        )];
    }
    d.explained
        .units
        .iter()
        .filter(|u| u.hasu && u.share_within_door_to_needle < h.min_share_within_door_to_needle)
        .map(|u| {
            format!(
                "{} would treat an expected {} of thrombolysed patients within {} minutes of arrival (median door-to-needle {:.0} minutes at {} admissions a year), below the {} minimum",
                u.name,
                percent(u.share_within_door_to_needle),
                h.door_to_needle_minutes,
                u.median_door_to_needle,
                thousands(u.admissions),
                percent(h.min_share_within_door_to_needle)
            )
        })
        .collect()
}

fn access(h: &Hurdles, checks: &[&Check], passed: bool) -> Vec<String> {
    checks
        .iter()
        .filter(|c| passed || !c.passed())
        .map(|c| match c.rule {
            Rule::AccessShare => format!(
                "{} of the region's admissions would be within {} minutes, {} the {} minimum",
                percent(c.value),
                h.access_minutes,
                if c.passed() { "meeting" } else { "below" },
                percent(c.threshold)
            ),
            _ => format!(
                "the longest journey would be {:.1} minutes, {} the {}-minute maximum",
                c.value,
                if c.passed() { "within" } else { "above" },
                c.threshold
            ),
        })
        .collect()
}

fn capacity(checks: &[&Check]) -> Vec<String> {
    match checks.first() {
        Some(c) => vec![format!(
            "the open unit with the fewest spare beds would have {} against the {} required",
            fixed(c.value, 0),
            fixed(c.threshold, 0)
        )],
        None => {
            vec!["no open unit states its bed capacity, so there is nothing to test".to_string()]
        }
    }
}

fn limit(checks: &[&Check], passed: bool) -> Vec<String> {
    checks
        .iter()
        .filter(|c| passed || !c.passed())
        .map(|c| {
            let (metric, word) = match c.rule {
                Rule::AtLeast(m) => (m, "minimum"),
                Rule::AtMost(m) => (m, "maximum"),
                _ => unreachable!("a limit's rules are at-least and at-most rules"),
            };
            format!(
                "{} would be {}, {} the {} {word}",
                metric_name(metric),
                metric_value(metric, c.value),
                if c.passed() { "meeting" } else { "beyond" },
                metric_value(metric, c.threshold)
            )
        })
        .collect()
}

/// What a metric measures, in a few words.
pub fn metric_name(m: Metric) -> &'static str {
    match m {
        Metric::SmallestHasuAdmissions => "the smallest HASU's admissions",
        Metric::ThrombolysisWithinLimit => "the share thrombolysed within the door-to-needle limit",
        Metric::CoLocation => "co-location of services",
        Metric::MeanTravel => "the mean journey",
        Metric::P95Travel => "the 95th percentile journey",
        Metric::Within30 => "the share within 30 minutes",
        Metric::Within45 => "the share within 45 minutes",
        Metric::Within60 => "the share within 60 minutes",
        Metric::MeanCallToNeedle => "the mean call-to-needle time",
        Metric::CallToNeedleWithinTarget => "the share meeting the call-to-needle target",
        Metric::LargestDistrictIncrease => "the largest rise in a district's mean journey",
        Metric::ShareTravellingFurther => "the share travelling further than today",
        Metric::AddedGoodOutcomes => "added good outcomes (mRS 0–1) a year",
        Metric::AddedMrs02 => "added mRS 0–2 outcomes a year",
        Metric::AddedUtility => "utility gained a year",
        Metric::MeanOnsetToNeedle => "the mean onset-to-needle time",
        Metric::MeanOnsetToPuncture => "the mean onset-to-puncture time",
        Metric::MtTransfers => "thrombectomy transfers a year",
        Metric::DeprivationGap => {
            "the gap in mean journey between the most and least deprived fifths"
        }
        Metric::DeprivationGapChange => "the change in that deprivation gap from today",
        Metric::WorstQuintileWithin45 => {
            "the lowest share within 45 minutes of any deprivation fifth"
        }
        Metric::RuralGap => "the gap in mean journey between rural and urban areas",
        Metric::RuralGapChange => "the change in that rural gap from today",
        Metric::StrokeBeds => "the stroke beds the region's units need",
        Metric::StrokeBedsChange => "the change in stroke beds needed from today",
        Metric::LargestBedIncrease => "the most beds one unit needs beyond its beds today",
        Metric::StaffWte => "the staff the region's units need",
        Metric::StaffWteChange => "the change in staff needed from today",
        Metric::NurseWteGap => "the nurses needed beyond those in post",
        Metric::ConsultantRotasShort => "the HASU consultant rotas that cannot be covered",
        Metric::CapitalCost => "the capital cost",
        Metric::RevenueChange => "the change in staff costs a year",
        Metric::Panel(_) => "a panel's score",
    }
}

/// What a metric measures, defined in a sentence for the weights table.
pub fn metric_definition(m: Metric) -> &'static str {
    match m {
        Metric::SmallestHasuAdmissions => {
            "Confirmed stroke admissions a year of the option's smallest HASU, counting patients from outside the region for whom it is the nearest unit."
        }
        Metric::ThrombolysisWithinLimit => {
            "The expected share of thrombolysed patients treated within the door-to-needle limit, over the HASUs' admissions (modelled: door-to-needle falls as a unit grows)."
        }
        Metric::CoLocation => {
            "The mean share, over the HASUs, of the listed services present on the HASU's site."
        }
        Metric::MeanTravel => {
            "The admission-weighted mean ambulance journey to the nearest open unit, in minutes."
        }
        Metric::P95Travel => {
            "The journey within which 95% of the region's admissions travel, in minutes."
        }
        Metric::Within30 => {
            "The share of the region's admissions within 30 minutes of an open unit."
        }
        Metric::Within45 => {
            "The share of the region's admissions within 45 minutes of an open unit."
        }
        Metric::Within60 => {
            "The share of the region's admissions within 60 minutes of an open unit."
        }
        Metric::MeanCallToNeedle => {
            "The mean expected time from the 999 call to thrombolysis, in minutes (modelled)."
        }
        Metric::CallToNeedleWithinTarget => {
            "The share of the region's admissions whose expected call-to-needle time meets the target (modelled)."
        }
        Metric::LargestDistrictIncrease => {
            "The largest rise, over today, of any district's mean journey, in minutes."
        }
        Metric::ShareTravellingFurther => {
            "The share of the region's admissions whose journey is longer than today."
        }
        Metric::AddedGoodOutcomes => {
            "Patients a year with a good outcome (mRS 0–1) thanks to thrombolysis and thrombectomy (modelled)."
        }
        Metric::AddedMrs02 => {
            "Patients a year with mRS 0–2 thanks to treatment (modelled, continuous model)."
        }
        Metric::AddedUtility => {
            "Utility (quality of life) gained a year by treated patients (modelled, continuous model)."
        }
        Metric::MeanOnsetToNeedle => {
            "The mean time from stroke onset to thrombolysis of eligible patients, in minutes (modelled)."
        }
        Metric::MeanOnsetToPuncture => {
            "The mean time from stroke onset to thrombectomy puncture of eligible patients, in minutes (modelled)."
        }
        Metric::MtTransfers => {
            "Thrombectomy patients a year transferred from their first unit (modelled)."
        }
        Metric::DeprivationGap => {
            "The most income-deprived fifth's mean journey minus the least deprived fifth's, in minutes."
        }
        Metric::DeprivationGapChange => {
            "The change, from today, of the deprivation gap in mean journey, in minutes (positive: it widens)."
        }
        Metric::WorstQuintileWithin45 => {
            "The lowest share within 45 minutes of any fifth of the region by income deprivation."
        }
        Metric::RuralGap => "Rural areas' mean journey minus urban areas', in minutes.",
        Metric::RuralGapChange => {
            "The change, from today, of the rural gap in mean journey, in minutes."
        }
        Metric::StrokeBeds => {
            "Hyper-acute and acute stroke unit beds the region's units need for their admissions (modelled: [beds])."
        }
        Metric::StrokeBedsChange => {
            "The change from today in the stroke beds every unit needs, receiving hospitals outside the region included (modelled)."
        }
        Metric::LargestBedIncrease => {
            "The most stroke beds any one unit needs beyond its beds today (stated in sites.csv, or else today's modelled need)."
        }
        Metric::StaffWte => {
            "Whole-time equivalent staff the region's units need by the staffing ratios of [workforce] (modelled)."
        }
        Metric::StaffWteChange => {
            "The change from today in the staff every unit needs by the staffing ratios, WTE (modelled)."
        }
        Metric::NurseWteGap => {
            "Nurses the region's units need by the ratios minus the nurses in post, WTE (negative: to spare)."
        }
        Metric::ConsultantRotasShort => {
            "HASU consultant rotas (24/7) that the region's stroke consultants in post cannot cover."
        }
        Metric::CapitalCost => {
            "Capital for new and refurbished beds and named site works, in £ million (from [costs])."
        }
        Metric::RevenueChange => {
            "The change in staff costs a year from today, in £ million (from [costs] and [workforce])."
        }
        Metric::Panel(_) => {
            "A score given by a panel (not modelled), from the panel file named in [panel]."
        }
    }
}

/// A metric's value with its unit: "95.3%", "41.2 minutes", "512 a year".
pub fn metric_value(m: Metric, x: f64) -> String {
    match m {
        Metric::ThrombolysisWithinLimit
        | Metric::CoLocation
        | Metric::Within30
        | Metric::Within45
        | Metric::Within60
        | Metric::CallToNeedleWithinTarget
        | Metric::ShareTravellingFurther
        | Metric::WorstQuintileWithin45 => percent(x),
        Metric::MeanTravel
        | Metric::P95Travel
        | Metric::MeanCallToNeedle
        | Metric::LargestDistrictIncrease
        | Metric::MeanOnsetToNeedle
        | Metric::MeanOnsetToPuncture
        | Metric::DeprivationGap
        | Metric::DeprivationGapChange
        | Metric::RuralGap
        | Metric::RuralGapChange => format!("{} minutes", fixed(x, 1)),
        Metric::SmallestHasuAdmissions | Metric::MtTransfers => {
            format!("{} a year", thousands(x))
        }
        Metric::AddedGoodOutcomes | Metric::AddedMrs02 | Metric::AddedUtility => {
            format!("{} a year", fixed(x, 1))
        }
        Metric::StrokeBeds | Metric::StrokeBedsChange | Metric::LargestBedIncrease => {
            format!("{} beds", fixed(x, 0))
        }
        Metric::StaffWte | Metric::StaffWteChange | Metric::NurseWteGap => {
            format!("{} WTE", fixed(x, 1))
        }
        Metric::ConsultantRotasShort => format!("{} rotas", fixed(x, 0)),
        Metric::CapitalCost => format!("£{}m", fixed(x, 1)),
        Metric::RevenueChange => format!("£{}m a year", fixed(x, 2)),
        Metric::Panel(_) => format!("{} (panel)", fixed(x, 2)),
    }
}

/// A check's margin in its rule's units, for people: "4 admissions a
/// year", "0.3 percentage points", "1.5 minutes".
pub fn margin(c: &Check) -> String {
    let size = c.margin.abs();
    match c.rule {
        Rule::Reach | Rule::MinAdmissions | Rule::MaxAdmissions => {
            format!("{} a year", counted(size, "admission", "admissions"))
        }
        Rule::Thrombolysis | Rule::AccessShare => {
            format!("{} percentage points", fixed(100.0 * size, 1))
        }
        Rule::LongestJourney => format!("{} minutes", fixed(size, 1)),
        Rule::SpareBeds => format!("{} beds", fixed(size, 0)),
        Rule::AtLeast(m) | Rule::AtMost(m) => match metric_value(m, size) {
            v if v.ends_with('%') => format!("{} percentage points", fixed(100.0 * size, 1)),
            v => v,
        },
    }
}

/// What the thrombolysis hurdle comes to under the pathway's parameters, as
/// a clause: "the same as every HASU admitting at least 242 a year".
pub fn thrombolysis_equivalent(c: &crate::criteria::Criteria) -> String {
    use crate::criteria::VolumeEquivalent;
    let h = &c.hurdles;
    match c
        .pathway
        .volume_equivalent(h.door_to_needle_minutes, h.min_share_within_door_to_needle)
    {
        VolumeEquivalent::AtLeast(a) => format!(
            "under the modelled door-to-needle curve, the same as every HASU admitting at least {} a year",
            thousands(a.ceil())
        ),
        VolumeEquivalent::Always => {
            "under the modelled door-to-needle curve, met by every HASU whatever its size"
                .to_string()
        }
        VolumeEquivalent::Never => {
            "under the modelled door-to-needle curve, met by no HASU whatever its size".to_string()
        }
    }
}

/// The door-to-needle volume effect in a sentence: its slope, that the
/// slope is an assumption, and what the thrombolysis hurdle asks for at
/// the ends of its stated uncertainty (±2 sd of the input draws, or ±50%
/// when the criteria state none).
pub fn volume_effect(c: &crate::criteria::Criteria) -> String {
    use crate::criteria::VolumeEquivalent;
    let slope = c.pathway.minutes_per_doubling;
    let (spread, how) = match &c.uncertainty {
        Some(u) => (
            2.0 * u.minutes_per_doubling_sd,
            format!(
                "drawn with sd {} in the input draws",
                fixed(u.minutes_per_doubling_sd, 1)
            ),
        ),
        None => (0.5 * slope, "no uncertainty stated".to_string()),
    };
    let h = &c.hurdles;
    let asks = |m: f64| {
        let p = crate::criteria::Pathway {
            minutes_per_doubling: m.max(0.0),
            ..c.pathway.clone()
        };
        match p.volume_equivalent(h.door_to_needle_minutes, h.min_share_within_door_to_needle) {
            VolumeEquivalent::AtLeast(a) => format!("{} admissions", thousands(a.ceil())),
            VolumeEquivalent::Always => "no minimum".to_string(),
            VolumeEquivalent::Never => "more than any unit can admit".to_string(),
        }
    };
    let (low, high) = ((slope - spread).max(0.0), slope + spread);
    let mut out = format!(
        "Door-to-needle volume effect: {} minutes faster each time a unit's admissions double \
         (an assumption, not a cited estimate; {how}). At {} or {} minutes per doubling the \
         thrombolysis hurdle would ask for {} or {} a year (at {}: {}).",
        fixed(slope, 1),
        fixed(low, 1),
        fixed(high, 1),
        asks(low),
        asks(high),
        fixed(slope, 1),
        asks(slope)
    );
    if c.pathway.observed_today {
        out.push_str(
            " Today's units with an observed median door-to-needle start from it; the effect \
             applies only to their change of admissions.",
        );
    }
    out
}

/// The thrombolysis hurdle, when it cannot bind, in a sentence (none when
/// it can).
pub fn dead_hurdle(c: &crate::criteria::Criteria) -> Option<String> {
    use crate::criteria::ThrombolysisReach;
    match c.thrombolysis_reach() {
        ThrombolysisReach::Binds { .. } => None,
        ThrombolysisReach::ImpliedByVolume {
            admissions,
            min_admissions,
        } => Some(format!(
            "The thrombolysis hurdle cannot bind: under the modelled door-to-needle curve it \
             asks for {} admissions a year, no more than the volume hurdle's minimum of {}, so \
             every option that passes the volume hurdle passes it.",
            thousands(admissions.ceil()),
            thousands(min_admissions)
        )),
        ThrombolysisReach::AlwaysMet => Some(
            "The thrombolysis hurdle cannot bind: under the modelled door-to-needle curve every \
             HASU meets it, however small."
                .to_string(),
        ),
        ThrombolysisReach::NeverMet => Some(
            "The thrombolysis hurdle fails every option: under the modelled door-to-needle \
             curve no HASU meets it, however large."
                .to_string(),
        ),
    }
}

/// Where a criterion's weight changes first place, in a sentence: "stays
/// first unless the volume weight falls below 0.06 (then DA,MD,QM,WH) or
/// rises above 0.31 (then KT,MD)". `below` and `above` are (threshold, new
/// first) in each direction, when the weight can get there.
pub fn tipping(
    first: &str,
    criterion: &str,
    below: Option<(f64, &str)>,
    above: Option<(f64, &str)>,
) -> String {
    let side = |(t, who): (f64, &str), way: &str| format!("{way} {} (then {who})", fixed(t, 3));
    match (below, above) {
        (None, None) => format!("{first} stays first whatever the {criterion} weight"),
        (Some(b), None) => format!(
            "{first} stays first unless the {criterion} weight falls below {}",
            side(b, "").trim_start()
        ),
        (None, Some(a)) => format!(
            "{first} stays first unless the {criterion} weight rises above {}",
            side(a, "").trim_start()
        ),
        (Some(b), Some(a)) => format!(
            "{first} stays first unless the {criterion} weight falls below {} or rises above {}",
            side(b, "").trim_start(),
            side(a, "").trim_start()
        ),
    }
}

/// The pathway rule in force, in a sentence.
pub fn pathway_rule(p: &crate::criteria::Pathways, sites: &[crate::model::Site]) -> String {
    use crate::criteria::PathwayRule;
    let mut out = match p.rule {
        PathwayRule::AmbulanceService => {
            "Pathway rule: each zone's patients go to the nearest open \
             unit its ambulance service conveys to (ambulance_service)"
                .to_string()
        }
        PathwayRule::Nearest => "Pathway rule: each zone's patients go to the road-nearest open \
             unit, whatever its ambulance service (nearest)"
            .to_string(),
    };
    for a in &p.agreements {
        let units: Vec<&str> = a.units.iter().map(|&u| sites[u].id.as_str()).collect();
        let whom = if a.districts.is_empty() {
            a.service.clone()
        } else {
            format!("{} in {}", a.service, a.districts.join(", "))
        };
        out.push_str(&format!("; {whom} also conveys to {}", units.join(", ")));
    }
    out.push('.');
    out
}

/// Admissions from outside the region by ambulance service, e.g.
/// `SECAmb 80, LAS 2` ("–" when none).
pub fn by_service(list: &[crate::evaluate::ServiceAdmissions]) -> String {
    let shown: Vec<String> = list
        .iter()
        .filter(|s| s.admissions >= 0.5)
        .map(|s| {
            let name = if s.service.is_empty() {
                "service not known"
            } else {
                s.service.as_str()
            };
            format!("{name} {}", thousands(s.admissions))
        })
        .collect();
    if shown.is_empty() {
        "–".to_string()
    } else {
        shown.join(", ")
    }
}

/// A group rule in words: "at most 1 HASU at East Kent (KT, QM, WH)".
pub fn group_rule(g: &crate::criteria::GroupRule, data: &crate::model::Dataset) -> String {
    let count = match (g.at_least, g.at_most) {
        (Some(lo), Some(hi)) if lo == hi => format!("exactly {lo}"),
        (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => "any number".to_string(),
    };
    let ids: Vec<&str> = g.sites.iter().map(|&s| data.sites[s].id.as_str()).collect();
    let unit = if g.at_least.max(g.at_most) == Some(1) {
        "HASU"
    } else {
        "HASUs"
    };
    format!("{count} {unit} at {} ({})", g.name, ids.join(", "))
}

/// A weighted criterion that cannot discriminate, in words.
pub fn flat_criterion(f: &crate::discrimination::Flat, c: &crate::criteria::Criteria) -> String {
    let crit = &c.criteria[f.criterion];
    let hint = if crit.metric == crate::criteria::Metric::CoLocation {
        " (co-location needs the candidate sites' services in sites.csv)"
    } else {
        " (do the data lack what it measures?)"
    };
    format!(
        "criterion {} (weight {}) has the same value, {}, for every option considered, so it cannot change the ranking{hint}",
        crit.id,
        crit.weight,
        super::fixed(f.value, 3)
            .trim_end_matches('0')
            .trim_end_matches('.')
    )
}
