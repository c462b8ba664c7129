//! The reference sections at the end: a glossary for people outside the
//! project, and every input and assumption behind the report.

use maud::{Markup, html};

use super::{ReportInput, modelled, pct};
use crate::criteria::Statistic;
use crate::evaluate::SiteSet;
use crate::rank::site_ids;
use crate::report::fixed;
use crate::summary::thousands;

/// The glossary: terms as the report uses them.
pub fn glossary(input: &ReportInput) -> Markup {
    let h = &input.criteria.hurdles;
    let terms: [(&str, String); 25] = [
        ("HASU (hyper acute stroke unit)", "A unit giving the first 72 hours of stroke care: rapid assessment, brain imaging, thrombolysis, and specialist monitoring. An option is a set of sites that would each host one.".into()),
        ("Zone (LSOA)", "A Lower Layer Super Output Area: a small area of about 1,500 residents (2011 boundaries). Admissions and journeys are worked out per zone.".into()),
        ("Admissions", format!("Confirmed stroke admissions a year (the mean of {}), counted by the zone the patient lives in.", input.criteria.period.as_deref().unwrap_or("the data's period"))),
        ("Journey, travel time", "Ambulance road travel time in minutes from a zone to a unit, from a published matrix or (marked) estimated by hasu's road network model.".into()),
        ("Door-to-needle", "Minutes from arrival at hospital to the start of thrombolysis (clot-busting treatment). Larger units treat faster; hasu models this (M).".into()),
        ("Call-to-needle", "Minutes from the 999 call to thrombolysis: ambulance response, time on scene, the journey and door-to-needle (M).".into()),
        ("Thrombectomy (MT)", "Removal of a clot from a large brain artery, done at specialist centres; patients first seen elsewhere are transferred.".into()),
        ("Co-location", "Other services on the same site that a HASU relies on (an emergency department, emergency surgery, a trauma unit...).".into()),
        ("Out-of-area unit", "A stroke unit outside the region that stays open in every option and receives the patients for whom it is nearest.".into()),
        ("95th percentile journey", "The journey within which 95 of every 100 of the region's admissions travel.".into()),
        ("The hurdles", format!("Pass or fail tests every option must pass before it is scored: reach (every zone has a journey to an open unit); volume (every HASU admits {}–{} a year); thrombolysis (every HASU treats at least {} of thrombolysed patients within {} minutes of arrival); access (at least {} of the region's admissions within {} minutes, none over {}).", thousands(h.min_admissions), thousands(h.max_admissions), pct(h.min_share_within_door_to_needle), h.door_to_needle_minutes, pct(h.min_share_within_access), h.access_minutes, h.max_travel_minutes)),
        ("Deprivation quintile", "The region's admissions cut into fifths by the income deprivation of their zone (IoD2019 income domain); 1 is the most deprived fifth.".into()),
        ("Deprivation gap", "The most deprived fifth's mean journey minus the least deprived fifth's, in minutes; its change is the option's gap minus today's.".into()),
        ("Rurality (rural gap)", "Each zone is urban or rural by the ONS 2011 rural-urban classification; the rural gap is the rural zones' mean journey minus the urban zones'.".into()),
        ("IVT (thrombolysis)", "Intravenous thrombolysis: a clot-busting drug given by drip, best within 4.5 hours of the stroke's onset.".into()),
        ("LVO", "Large vessel occlusion: a clot in a large brain artery, the strokes thrombectomy treats.".into()),
        ("Drip-and-ship, mothership", "Drip-and-ship: thrombolysis at the nearest unit, then transfer to a thrombectomy centre. Mothership: straight to the thrombectomy centre.".into()),
        ("mRS (modified Rankin Scale)", "Disability after stroke from 0 (no symptoms) to 6 (death); a good outcome is mRS 0–1 (no significant disability), or 0–2 (independent) where stated.".into()),
        ("Utility", "The value of a health state from 0 (death) to 1 (full health), from the mRS; the added utility sums it over patients.".into()),
        ("Added good outcomes", "Patients a year with a good outcome thanks to treatment, from the outcome model (M): the option's minus today's.".into()),
        ("ASU (acute stroke unit)", "The stroke unit on the same site where patients continue care after the first 72 hours.".into()),
        ("Erlang B", "The queueing formula for the chance that a patient finds every bed full, given admissions and length of stay; beds are planned to keep that chance below a stated level.".into()),
        ("WTE", "Whole-time equivalent: staff counted as full-time posts.".into()),
        ("Weightings drawn, first in, rank range", "The robustness study draws many sets of weights around the stated ones; 'first in' is the share of draws in which the option ranks first, and the rank range its best and worst rank over them. Effectively tied: within 1 point of the top score, or first in at least 10% of weightings.".into()),
        ("Panel score", "A score given by a panel for what hasu does not compute (e.g. deliverability), entered from a file whose SHA-256 the report gives.".into()),
    ];
    html! {
        h2.flow id="glossary" { "Glossary" }
        dl.glossary {
            @for (term, text) in &terms { dt { (term) } dd { (text) } }
            @for c in &input.criteria.criteria {
                dt { code { (c.id) } " (criterion)" }
                dd { (crate::report::words::metric_definition(c.metric)) }
            }
            dt { "Modelled figures " (modelled()) }
            dd { "Figures that depend on a model rather than on measured data: door-to-needle times (the volume curve), travel times estimated by the network model, outcomes (the outcome model), beds (the bed model), and the robustness draws." }
        }
    }
}

/// Every input and assumption.
pub fn provenance(input: &ReportInput) -> Markup {
    let (c, p) = (input.criteria, input.provenance);
    let h = &c.hurdles;
    let pw = &c.pathway;
    let statistic = match pw.reference_statistic {
        Statistic::TeamMean => "mean of a team's patients",
        Statistic::PatientMedian => "median of patients",
    };
    let mut settings: Vec<(String, String)> = [
        (
            "Options considered",
            crate::report::text::long_list(c, input.data),
        ),
        (
            "Today's units",
            site_ids(input.data, &SiteSet::from_sites(&c.today)).join(", "),
        ),
        ("Admissions per HASU, minimum", thousands(h.min_admissions)),
        ("Admissions per HASU, maximum", thousands(h.max_admissions)),
        (
            "Door-to-needle limit (min)",
            h.door_to_needle_minutes.to_string(),
        ),
        (
            "Least share thrombolysed within the limit",
            pct(h.min_share_within_door_to_needle),
        ),
        ("Access time (min)", h.access_minutes.to_string()),
        (
            "Least share of admissions within the access time",
            pct(h.min_share_within_access),
        ),
        (
            "Longest journey allowed (min)",
            h.max_travel_minutes.to_string(),
        ),
        ("Ambulance response (min)", pw.response_minutes.to_string()),
        ("Time on scene (min)", pw.on_scene_minutes.to_string()),
        ("Blue-light factor", pw.blue_light_factor.to_string()),
        (
            "Call-to-needle target (min)",
            pw.call_to_needle_target_minutes.to_string(),
        ),
        (
            "Door-to-needle at the reference unit (min)",
            format!("{} ({statistic})", pw.reference_door_to_needle_minutes),
        ),
        (
            "Median patient door-to-needle at the reference unit (min, modelled)",
            fixed(pw.reference_median(), 1),
        ),
        (
            "Reference unit admissions a year",
            thousands(pw.reference_admissions),
        ),
        (
            "Door-to-needle minutes saved per doubling of admissions",
            pw.minutes_per_doubling.to_string(),
        ),
        (
            "Fastest median door-to-needle (min)",
            pw.fastest_median_minutes.to_string(),
        ),
        (
            "Out-of-area median door-to-needle (min)",
            pw.out_of_area_door_to_needle_minutes.to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    settings.extend(super::patients::settings(c));
    html! {
        h2.flow id="provenance" { "Assumptions and provenance" }
        p { "Produced by hasu " (p.hasu_version) " from the dataset folder " code { (p.data) } " and the criteria file " code { (p.criteria.file) } " (SHA-256 " code { (p.criteria.sha256) } "). The same inputs always give this same file. The criteria file gives the source of every value, or says it is an assumption." }
        table.files {
            thead { tr { th { "Input file" } th { "SHA-256" } } }
            tbody { @for f in &p.files { tr { td { (f.file) } td { code { (f.sha256) } } } } }
        }
        @for sc in &p.scenarios {
            p { "Scenario applied to the dataset: " strong { (sc.name) } "." }
            table {
                thead { tr { th { "Scenario file" } th { "SHA-256" } } }
                tbody { @for f in &sc.files { tr { td { (f.file) } td { code { (f.sha256) } } } } }
            }
        }
        p { (thousands(p.estimated_times as f64)) " zone-to-site travel times are estimates from hasu's network model" (modelled()) " rather than published times (sites: "
            (if p.estimated_sites.is_empty() { "none".to_string() } else { p.estimated_sites.join(", ") })
            "). All other times come from the published matrix named in the dataset's SOURCE.md." }
        h3 { "Criteria values" }
        div.columns {
            table.settings {
                thead { tr { th { "Setting" } th.n { "Value" } } }
                tbody { @for (k, v) in &settings { tr { td { (k) } td.n { (v) } } } }
            }
        }
        p.note { "Each weighted criterion puts its metric on a 0–1 scale between its worst and best values (clamped); an option's score is 100 × the weighted sum. Options that pass every hurdle are ranked by score, then by lower mean travel, then by fewer HASUs, then by site order. Travel and pathway figures are weighted by admissions over the region's zones; admissions per unit include patients from outside the region whom the pathway rule takes there. " (crate::report::words::pathway_rule(&c.pathways, &input.data.sites)) " Robustness: "
            (thousands(input.study.weights.draws as f64)) " weight draws (seed " (input.study.draws.seed) ")"
            @if let Some(i) = &input.study.inputs { ", " (thousands(i.draws as f64)) " draws of the uncertain inputs" }
            "." }
    }
}
