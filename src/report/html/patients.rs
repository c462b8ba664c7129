//! "Benefit to patients" and "Beds and neighbouring units" of a shown
//! option, and the settings behind them for the assumptions section.

use maud::{Markup, html};

use super::modelled;
use crate::criteria::Criteria;
use crate::outcome::Model;
use crate::patients::PatientAccount;
use crate::rank::Detail;
use crate::report::fixed;
use crate::report::patients::{bed_rule, model_name, policy_name, shown_change};
use crate::summary::thousands;

/// The benefit table's rows: label, the option's figure, today's, decimals.
fn rows(p: &PatientAccount) -> Vec<(&'static str, f64, f64, usize)> {
    let (a, t) = (&p.option, &p.today);
    let mut rows = vec![(
        "Added good outcomes (mRS 0–1)",
        a.added_good_outcomes,
        t.added_good_outcomes,
        1,
    )];
    if p.model == Model::StrokeOutcome {
        rows.push((
            "Added mRS 0–2 outcomes",
            a.added_mrs_0_2,
            t.added_mrs_0_2,
            1,
        ));
        rows.push(("Utility gained", a.added_utility, t.added_utility, 1));
    }
    rows.extend([
        ("Thrombolysed (IVT)", a.ivt_patients, t.ivt_patients, 0),
        ("Given thrombectomy (MT)", a.mt_patients, t.mt_patients, 0),
        (
            "Transferred for thrombectomy",
            a.mt_transfers,
            t.mt_transfers,
            0,
        ),
        (
            "Mean onset to needle (min)",
            a.mean_onset_to_needle,
            t.mean_onset_to_needle,
            1,
        ),
        (
            "Mean onset to puncture (min)",
            a.mean_onset_to_puncture,
            t.mean_onset_to_puncture,
            1,
        ),
    ]);
    rows
}

/// Both sections for `o`, when the criteria have them.
pub fn sections(o: &Detail) -> Markup {
    html! {
        @if let Some(p) = &o.patients {
            @let rows = rows(p);
            h3 { "Benefit to patients" (modelled()) }
            p.note { "A year, over the region's admissions: " (model_name(p.model)) "; " (policy_name(p.policy)) ". Added outcomes are patients who have the outcome with treatment and would not without it." }
            table {
                thead { tr { th { "Figure" } th.n { "This option" } th.n { "Today" } th.n { "Change" } } }
                tbody {
                    @for (label, now, then, d) in &rows {
                        tr { td { (label) } td.n { (fixed(*now, *d)) } td.n { (fixed(*then, *d)) } td.n { (shown_change(*now, *then, *d)) } }
                    }
                }
            }
            @if !p.centres.is_empty() {
                table {
                    thead { tr { th { "Thrombectomy centre" } th.n { "MT a year" } th.n { "Today" } th.n { "Transferred" } th.n { "Mean onset to puncture (min)" } th.n { "95th percentile (min)" } th.n { "Eligible within 6 h" } th.n { "Within 8 h" } } }
                    tbody {
                        @for c in &p.centres {
                            tr { td { (c.name) } td.n { (thousands(c.mt_patients)) } td.n { (thousands(c.mt_patients_today)) } td.n { (thousands(c.transfers)) } td.n { (fixed(c.mean_onset_to_puncture, 0)) } td.n { (fixed(c.p95_onset_to_puncture, 0)) } td.n { (thousands(c.within_6_hours)) } td.n { (thousands(c.within_8_hours)) } }
                        }
                    }
                }
            }
        }
        @if let Some((planning, units)) = &o.beds {
            h3 { "Beds and neighbouring units" (modelled()) }
            p.note { "Beds planned for " (bed_rule(planning)) ". Out-of-area units count only this dataset's areas: read their change, not their total." }
            table {
                thead { tr { th { "Unit" } th.n { "Admissions a year" } th.n { "Today" } th.n { "Change" } th.n { "Beds" } th.n { "Today" } th.n { "Change" } th.n { "Capacity" } } }
                tbody {
                    @for u in units {
                        tr {
                            td { (u.name) @if u.hasu { " (HASU)" } @else if !u.in_region { " (out of area)" } }
                            td.n { (thousands(u.option.admissions)) }
                            td.n { (thousands(u.today.admissions)) }
                            td.n { (shown_change(u.option.admissions, u.today.admissions, 0)) }
                            td.n { (u.option.beds) }
                            td.n { (u.today.beds) }
                            td.n { (shown_change(f64::from(u.option.beds), f64::from(u.today.beds), 0)) }
                            td.n { (u.capacity.map_or_else(|| "–".to_string(), |c| c.to_string())) }
                        }
                    }
                }
            }
        }
        @if let Some(c) = &o.organised_care {
            h3 { "Organised hyperacute care" (modelled()) }
            p.note { "A year: the effect of HASU care over other stroke unit care on 90-day mortality and length of stay, apart from treatment times and not part of the figures above; the criteria give its source and confidence interval." }
            table {
                thead { tr { th { "Figure" } th.n { "This option" } th.n { "Today" } th.n { "Change" } } }
                tbody {
                    tr { td { "Admissions in HASU care" } td.n { (thousands(c.option.admissions_in_hasu_care)) } td.n { (thousands(c.today.admissions_in_hasu_care)) } td.n { (shown_change(c.option.admissions_in_hasu_care, c.today.admissions_in_hasu_care, 0)) } }
                    tr { td { "Deaths avoided" } td.n { (fixed(c.option.deaths_avoided, 1)) " (" (fixed(c.option.deaths_avoided_interval.0, 1)) "–" (fixed(c.option.deaths_avoided_interval.1, 1)) ")" } td.n { (fixed(c.today.deaths_avoided, 1)) } td.n { (shown_change(c.option.deaths_avoided, c.today.deaths_avoided, 1)) } }
                    tr { td { "Bed-days saved" } td.n { (thousands(c.option.bed_days_saved)) } td.n { (thousands(c.today.bed_days_saved)) } td.n { (shown_change(c.option.bed_days_saved, c.today.bed_days_saved, 0)) } }
                }
            }
        }
    }
}

/// The patient-benefit and bed settings, as rows of the assumptions
/// section's table.
pub fn settings(c: &Criteria) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(o) = &c.outcomes {
        rows.extend([
            ("Outcome model".to_string(), model_name(o.model).to_string()),
            (
                "Thrombectomy policy".to_string(),
                policy_name(o.policy).to_string(),
            ),
            (
                "Onset to 999 call (min)".to_string(),
                o.onset_to_call_minutes.to_string(),
            ),
            (
                "Door to puncture (min)".to_string(),
                o.door_to_puncture_minutes.to_string(),
            ),
            (
                "Transfer delay beyond the journey (min)".to_string(),
                o.transfer_delay_minutes.to_string(),
            ),
            (
                "IVT limit after onset (min)".to_string(),
                o.ivt_limit_minutes.to_string(),
            ),
            (
                "MT limit after onset (min)".to_string(),
                o.mt_limit_minutes.to_string(),
            ),
        ]);
        for (name, share) in o.case_mix.shares() {
            rows.push((format!("Case mix: {name}"), fixed(share, 4)));
        }
        if let Some(t) = o.lvo_test {
            rows.push((
                "LVO test sensitivity".to_string(),
                t.sensitivity.to_string(),
            ));
            rows.push((
                "LVO test specificity".to_string(),
                t.specificity.to_string(),
            ));
        }
    }
    if let Some(b) = &c.beds {
        rows.push(("Beds planned for".to_string(), bed_rule(b)));
    }
    rows
}
