//! The patient and bed sections of an option, in words and tables for the
//! terminal: benefit to patients, the thrombectomy tier, and beds at every
//! unit the option touches (with the neighbouring units that absorb the
//! region's patients).

use std::fmt::Write;

use super::fixed;
use crate::beds::UnitBeds;
use crate::criteria::{BedPlanning, BedRule, Policy};
use crate::outcome::Model;
use crate::patients::PatientAccount;
use crate::rank::Detail;
use crate::summary::thousands;

/// The outcome model, in words.
pub fn model_name(m: Model) -> &'static str {
    match m {
        Model::StrokeOutcome => "the continuous mRS model of stroke-outcome 0.1.8",
        Model::Allen => "Allen et al.'s dichotomised mRS 0–1 model",
    }
}

/// The thrombectomy policy, in words.
pub fn policy_name(p: Policy) -> &'static str {
    match p {
        Policy::DripAndShip => "drip-and-ship (nearest unit first, then transfer)",
        Policy::Mothership => {
            "mothership (suspected LVO straight to a thrombectomy centre when that serves them better)"
        }
    }
}

/// How beds are planned, in words.
pub fn bed_rule(b: &BedPlanning) -> String {
    let rule = match b.rule {
        BedRule::Occupancy(r) => format!("mean occupancy of {}%", fixed(100.0 * r, 0)),
        BedRule::Poisson(q) => format!(
            "enough beds on {}% of days (Poisson occupancy)",
            fixed(100.0 * q, 0)
        ),
        BedRule::ErlangB(t) => format!(
            "at most {}% of patients finding every bed full (Erlang B)",
            fixed(100.0 * t, 1)
        ),
    };
    format!("{rule}, mean stay {} days", fixed(b.length_of_stay_days, 1))
}

/// The change from `before` to `now` as the two read when shown with
/// `decimals` places ("144 (145) −1", never −2 by rounding apart).
pub fn shown_change(now: f64, before: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let round = |x: f64| (x * scale).round() / scale;
    signed(round(now) - round(before), decimals)
}

/// A signed change with one decimal: "+1.2", "−0.4".
pub fn signed(x: f64, decimals: usize) -> String {
    let text = fixed(x.abs(), decimals);
    if text.trim_start_matches(['0', '.']).is_empty() {
        return text;
    }
    format!("{}{text}", if x < 0.0 { "−" } else { "+" })
}

/// The benefit section of an option: region figures against today, then
/// per thrombectomy centre.
pub fn benefit(out: &mut String, p: &PatientAccount) {
    let _ = writeln!(
        out,
        "\nBenefit to patients, a year (modelled: {}, {}; today in brackets)",
        model_name(p.model),
        policy_name(p.policy)
    );
    let (o, t) = (&p.option, &p.today);
    let continuous = p.model == Model::StrokeOutcome;
    let mut rows = vec![(
        "added good outcomes (mRS 0–1)",
        fixed(o.added_good_outcomes, 1),
        fixed(t.added_good_outcomes, 1),
        shown_change(o.added_good_outcomes, t.added_good_outcomes, 1),
    )];
    if continuous {
        rows.push((
            "added mRS 0–2 outcomes",
            fixed(o.added_mrs_0_2, 1),
            fixed(t.added_mrs_0_2, 1),
            shown_change(o.added_mrs_0_2, t.added_mrs_0_2, 1),
        ));
        rows.push((
            "utility gained",
            fixed(o.added_utility, 1),
            fixed(t.added_utility, 1),
            shown_change(o.added_utility, t.added_utility, 1),
        ));
    }
    rows.extend([
        (
            "thrombolysed (IVT)",
            thousands(o.ivt_patients),
            thousands(t.ivt_patients),
            shown_change(o.ivt_patients, t.ivt_patients, 0),
        ),
        (
            "given thrombectomy (MT)",
            thousands(o.mt_patients),
            thousands(t.mt_patients),
            shown_change(o.mt_patients, t.mt_patients, 0),
        ),
        (
            "transferred for thrombectomy",
            thousands(o.mt_transfers),
            thousands(t.mt_transfers),
            shown_change(o.mt_transfers, t.mt_transfers, 0),
        ),
        (
            "mean onset to needle, min",
            fixed(o.mean_onset_to_needle, 1),
            fixed(t.mean_onset_to_needle, 1),
            shown_change(o.mean_onset_to_needle, t.mean_onset_to_needle, 1),
        ),
        (
            "mean onset to puncture, min",
            fixed(o.mean_onset_to_puncture, 1),
            fixed(t.mean_onset_to_puncture, 1),
            shown_change(o.mean_onset_to_puncture, t.mean_onset_to_puncture, 1),
        ),
    ]);
    if p.policy == Policy::Mothership {
        rows.push((
            "straight to a thrombectomy centre",
            thousands(o.direct_admissions),
            thousands(t.direct_admissions),
            shown_change(o.direct_admissions, t.direct_admissions, 0),
        ));
    }
    for (label, now, then, change) in rows {
        let _ = writeln!(out, "  {label:<34} {now:>8}  ({then})  {change}");
    }
    if p.centres.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nThrombectomy centres               MT a year  (today)  transferred  onset→puncture mean  95th pct  eligible ≤6 h  ≤8 h"
    );
    for c in &p.centres {
        let _ = writeln!(
            out,
            "  {:<4} {:<28} {:>9} {:>9} {:>12} {:>20} {:>9} {:>14} {:>5}",
            c.site,
            crate::summary::truncate(&c.name, 28),
            thousands(c.mt_patients),
            format!("({})", thousands(c.mt_patients_today)),
            thousands(c.transfers),
            fixed(c.mean_onset_to_puncture, 0),
            fixed(c.p95_onset_to_puncture, 0),
            thousands(c.within_6_hours),
            thousands(c.within_8_hours)
        );
    }
    let _ = writeln!(
        out,
        "  (MT is given up to {} minutes after onset; \"eligible ≤6 h, ≤8 h\": the eligible patients punctured within 6 hours, the trials' limit, and within 8 hours, the models' time of no effect)",
        fixed(p.mt_limit_minutes, 0)
    );
}

/// The beds section of an option: every unit it touches, against today.
pub fn beds(out: &mut String, planning: &BedPlanning, units: &[UnitBeds]) {
    let _ = writeln!(
        out,
        "\nBeds and neighbouring units ({})",
        bed_rule(planning)
    );
    let _ = writeln!(
        out,
        "  unit                                    admissions  (today)  change    beds  (today)  change  capacity"
    );
    for u in units {
        let tag = if u.hasu {
            " (HASU)"
        } else if !u.in_region {
            " (out of area)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {:<4} {:<34} {:>10} {:>8} {:>7} {:>7} {:>8} {:>7} {:>9}",
            u.site,
            format!("{}{tag}", crate::summary::truncate(&u.name, 34 - tag.len())),
            thousands(u.option.admissions),
            format!("({})", thousands(u.today.admissions)),
            shown_change(u.option.admissions, u.today.admissions, 0),
            u.option.beds,
            format!("({})", u.today.beds),
            shown_change(f64::from(u.option.beds), f64::from(u.today.beds), 0),
            u.capacity
                .map_or_else(|| "-".to_string(), |c| c.to_string())
        );
    }
    let _ = writeln!(
        out,
        "  Admissions count every zone of the dataset sent to the unit; an out-of-area unit's own \
         catchment beyond the dataset is not included, so read its change, not its total."
    );
}

/// The patient, bed and equality sections for `d`, when it has them.
pub fn sections(out: &mut String, d: &Detail) {
    if let Some(p) = &d.patients {
        benefit(out, p);
    }
    if let Some((planning, units)) = &d.beds {
        beds(out, planning, units);
    }
    if let Some(e) = &d.equity {
        super::equity::section(out, e);
    }
    if let Some(c) = &d.organised_care {
        organised_care(out, c);
    }
}

/// The organised-care section: deaths avoided and bed-days saved by HASU
/// care, under the option against today.
pub fn organised_care(out: &mut String, c: &crate::organised_care::CareAccount) {
    let _ = writeln!(
        out,
        "\nOrganised hyperacute care, a year (modelled: the effect of HASU care over other stroke unit care, apart from treatment times and not in the figures above; today in brackets)"
    );
    let (o, t) = (&c.option, &c.today);
    for (label, now, then, decimals) in [
        (
            "admissions in HASU care",
            o.admissions_in_hasu_care,
            t.admissions_in_hasu_care,
            0,
        ),
        ("deaths avoided", o.deaths_avoided, t.deaths_avoided, 1),
        ("bed-days saved", o.bed_days_saved, t.bed_days_saved, 0),
    ] {
        let figure = |x: f64| {
            if decimals == 0 {
                thousands(x)
            } else {
                fixed(x, decimals)
            }
        };
        let _ = writeln!(
            out,
            "  {label:<36} {:>9}  ({})  {}",
            figure(now),
            figure(then),
            shown_change(now, then, decimals)
        );
    }
    let _ = writeln!(
        out,
        "  deaths avoided, the interval's ends  {}–{}  ({}–{}; the effect's confidence interval)",
        fixed(o.deaths_avoided_interval.0, 1),
        fixed(o.deaths_avoided_interval.1, 1),
        fixed(t.deaths_avoided_interval.0, 1),
        fixed(t.deaths_avoided_interval.1, 1)
    );
}
