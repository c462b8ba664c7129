//! The board report's "Benefit to patients" and "Beds and neighbouring
//! units" sections of a shown option, and the settings behind them for the
//! assumptions section.

use std::fmt::Write;

use super::fixed;
use super::html::escape;
use super::patients::{bed_rule, model_name, policy_name, signed};
use crate::criteria::Criteria;
use crate::outcome::Model;
use crate::rank::Detail;
use crate::summary::thousands;

/// Both sections for `o`, when the criteria have them.
pub fn sections(out: &mut String, o: &Detail) {
    if let Some(p) = &o.patients {
        let _ = writeln!(
            out,
            "<h3>Benefit to patients</h3><p class=\"note\">Modelled, a year, over the region's admissions: {}; {}. Added outcomes are patients who would have the outcome with treatment and not without it.</p>",
            escape(model_name(p.model)),
            escape(policy_name(p.policy))
        );
        out.push_str("<table><tr><th>Figure</th><th class=\"n\">This option</th><th class=\"n\">Today</th><th class=\"n\">Change</th></tr>\n");
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
        for (label, now, then, d) in rows {
            let _ = writeln!(
                out,
                "<tr><td>{label}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                fixed(now, d),
                fixed(then, d),
                signed(now - then, d)
            );
        }
        out.push_str("</table>\n");
        if !p.centres.is_empty() {
            out.push_str("<table><tr><th>Thrombectomy centre</th><th class=\"n\">MT a year</th><th class=\"n\">Today</th><th class=\"n\">Transferred</th><th class=\"n\">Mean onset to puncture (min)</th><th class=\"n\">95th percentile (min)</th></tr>\n");
            for c in &p.centres {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    escape(&c.name),
                    thousands(c.mt_patients),
                    thousands(c.mt_patients_today),
                    thousands(c.transfers),
                    fixed(c.mean_onset_to_puncture, 0),
                    fixed(c.p95_onset_to_puncture, 0)
                );
            }
            out.push_str("</table>\n");
        }
    }
    if let Some((planning, units)) = &o.beds {
        let _ = writeln!(
            out,
            "<h3>Beds and neighbouring units</h3><p class=\"note\">Beds planned for {}. Out-of-area units count only this dataset's areas: read their change, not their total.</p>",
            escape(&bed_rule(planning))
        );
        out.push_str("<table><tr><th>Unit</th><th class=\"n\">Admissions a year</th><th class=\"n\">Today</th><th class=\"n\">Change</th><th class=\"n\">Beds</th><th class=\"n\">Today</th><th class=\"n\">Change</th><th class=\"n\">Capacity</th></tr>\n");
        for u in units {
            let role = if u.hasu {
                " (HASU)"
            } else if !u.in_region {
                " (out of area)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<tr><td>{}{role}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&u.name),
                thousands(u.option.admissions),
                thousands(u.today.admissions),
                signed(u.option.admissions - u.today.admissions, 0),
                u.option.beds,
                u.today.beds,
                signed(f64::from(u.option.beds) - f64::from(u.today.beds), 0),
                u.capacity
                    .map_or_else(|| "–".to_string(), |c| c.to_string())
            );
        }
        out.push_str("</table>\n");
    }
}

/// The patient-benefit and bed settings, as rows of the assumptions
/// section's table.
pub fn settings(c: &Criteria) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(o) = &c.outcomes {
        rows.extend([
            ("Outcome model".to_string(), escape(model_name(o.model))),
            (
                "Thrombectomy policy".to_string(),
                escape(policy_name(o.policy)),
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
        rows.push(("Beds planned for".to_string(), escape(&bed_rule(b))));
    }
    rows
}
