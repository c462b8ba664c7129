//! Terminal tables: the ranked long list, and one option in full.

use std::fmt::Write;

use super::fixed;
use crate::criteria::Criteria;
use crate::rank::{Appraisal, Appraised};
use crate::summary::{thousands, truncate};

fn pct(x: f64) -> String {
    format!("{}%", fixed(100.0 * x, 1))
}

const HEADER: &str = "rank  option                    score   mean   p95  ≤30min  ≤45min  CTN≤target  smallest  largest  district+";

fn row(out: &mut String, label: &str, o: &Appraised) {
    let [score, mean, p95, w30, w45, ctn, small, large, rise] = super::headline(o);
    let _ = writeln!(
        out,
        "{label:>4}  {:<24} {score:>6} {mean:>6} {p95:>5} {w30:>7} {w45:>7} {ctn:>11} {small:>9} {large:>8} {rise:>10}",
        o.id,
    );
}

/// The ranked long list: options that pass, then those that fail with the
/// first reason of each hurdle they fail.
pub fn appraisal(a: &Appraisal, c: &Criteria) -> String {
    let mut out = String::new();
    let h = &c.hurdles;
    let _ = writeln!(out, "{}", c.name);
    let _ = writeln!(
        out,
        "{} options considered ({} to {} HASUs); {} pass every hurdle.",
        a.considered, c.options.min_hasus, c.options.max_hasus, a.passing
    );
    let fails: Vec<String> = a
        .failing
        .iter()
        .map(|f| format!("{} {}", f.hurdle, f.options))
        .collect();
    let _ = writeln!(
        out,
        "Options failing each hurdle: {} (an option may fail several).",
        fails.join(", ")
    );
    let _ = writeln!(
        out,
        "Hurdles: every HASU admits {}–{} a year; every HASU treats ≥{} of thrombolysed patients within {} min of arrival; ≥{} of the region's admissions within {} min and none over {} min.",
        thousands(h.min_admissions),
        thousands(h.max_admissions),
        pct(h.min_share_within_door_to_needle),
        h.door_to_needle_minutes,
        pct(h.min_share_within_access),
        h.access_minutes,
        h.max_travel_minutes
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{HEADER}");
    for o in a.options.iter().filter(|o| o.passes) {
        row(
            &mut out,
            &o.rank.map_or(String::new(), |r| r.to_string()),
            o,
        );
    }
    if a.passing == 0 {
        let _ = writeln!(out, "      (no option passes every hurdle)");
    }
    row(&mut out, "today", &a.today);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Failing options ({}), fewest hurdles failed first:",
        a.considered - a.passing
    );
    for o in a.options.iter().filter(|o| !o.passes) {
        let why: Vec<String> = o
            .failed()
            .map(|f| {
                let more = if f.reasons.len() > 1 {
                    format!(" (+{} more)", f.reasons.len() - 1)
                } else {
                    String::new()
                };
                format!("{}: {}{more}", f.hurdle, f.reasons[0])
            })
            .collect();
        let _ = writeln!(out, "  {:<24} {}", o.id, why.join("; "));
    }
    let _ = writeln!(
        out,
        "\nColumns: score out of 100 on the weighted criteria; mean and 95th percentile travel (minutes) and shares within 30 and 45 minutes over the region's admissions; CTN≤target = share whose expected call-to-needle time is within {} minutes; smallest and largest HASU admissions a year; district+ = the largest rise in any district's mean travel over today (minutes). Explain one option with: hasu option <ids>",
        c.pathway.call_to_needle_target_minutes
    );
    out
}

/// One option in full: hurdles with their reasoning, criteria, per-HASU and
/// per-district figures, and the comparison with today.
pub fn option(o: &Appraised, today: &Appraised, c: &Criteria) -> String {
    let mut out = String::new();
    let m = &o.metrics;
    let _ = writeln!(out, "Option {} ({} HASUs)", o.id, o.sites.len());
    let _ = writeln!(
        out,
        "{}",
        match (o.rank, o.score) {
            (Some(r), Some(s)) => format!(
                "Passes every hurdle; ranked {r} with a score of {} out of 100.",
                fixed(s, 1)
            ),
            _ => "Fails at least one hurdle, so it is not scored or ranked.".to_string(),
        }
    );
    let _ = writeln!(out, "\nHurdles");
    for h in &o.hurdles {
        let _ = writeln!(
            out,
            "  {:<13} {}",
            h.hurdle,
            if h.passed { "pass" } else { "FAIL" }
        );
        for r in &h.reasons {
            let _ = writeln!(out, "      {r}");
        }
    }
    if !o.criteria.is_empty() {
        let _ = writeln!(
            out,
            "\nCriteria                     value   scale (worst → best)   points"
        );
        for (s, k) in o.criteria.iter().zip(&c.criteria) {
            let _ = writeln!(
                out,
                "  {:<24} {:>8}   {:>8} → {:<8}   {:>6} of {}",
                s.criterion,
                fixed(s.value, 3),
                k.worst,
                k.best,
                fixed(s.points, 1),
                fixed(100.0 * k.weight, 0)
            );
        }
    }
    let _ = writeln!(
        out,
        "\nAccess over the region's {} admissions a year (today in brackets)",
        thousands(m.region_admissions)
    );
    let t = &today.metrics;
    for (label, now, then) in [
        (
            "mean travel, min",
            fixed(m.mean_travel, 1),
            fixed(t.mean_travel, 1),
        ),
        (
            "median travel, min",
            fixed(m.median_travel, 1),
            fixed(t.median_travel, 1),
        ),
        (
            "95th percentile, min",
            fixed(m.p95_travel, 1),
            fixed(t.p95_travel, 1),
        ),
        (
            "longest, min",
            fixed(m.max_travel, 1),
            fixed(t.max_travel, 1),
        ),
        ("within 30 min", pct(m.within_30), pct(t.within_30)),
        ("within 45 min", pct(m.within_45), pct(t.within_45)),
        ("within 60 min", pct(m.within_60), pct(t.within_60)),
        (
            "mean call-to-needle, min",
            fixed(m.mean_call_to_needle, 1),
            fixed(t.mean_call_to_needle, 1),
        ),
        (
            "call-to-needle within target",
            pct(m.call_to_needle_within_target),
            pct(t.call_to_needle_within_target),
        ),
    ] {
        let _ = writeln!(out, "  {label:<30} {now:>8}  ({then})");
    }
    let _ = writeln!(
        out,
        "\nUnits                                        admissions  from region  zones  median DTN  within {} min",
        c.hurdles.door_to_needle_minutes
    );
    for u in &o.explained.units {
        let _ = writeln!(
            out,
            "  {:<4} {:<38} {:>9} {:>12} {:>6} {:>11} {:>13}",
            u.site,
            format!(
                "{}{}",
                truncate(&u.name, 30),
                if u.hasu { " (HASU)" } else { "" }
            ),
            thousands(u.admissions),
            thousands(u.region_admissions),
            u.zones,
            fixed(u.median_door_to_needle, 0),
            pct(u.share_within_door_to_needle)
        );
    }
    let v = &o.explained.versus_today;
    let _ = writeln!(
        out,
        "\nCompared with today: {} admissions a year ({}) would travel further, by {} minutes on average; the largest increase for any zone is {} minutes.",
        thousands(v.admissions_further),
        pct(m.share_travelling_further),
        fixed(v.mean_increase_for_those_further, 1),
        fixed(v.largest_increase, 1)
    );
    let _ = writeln!(
        out,
        "\nDistricts                  admissions  mean today  mean option  change  travelling further  largest rise"
    );
    for d in &o.explained.districts {
        let [admissions, then, now, change, further, rise] = super::district_cells(d);
        let _ = writeln!(
            out,
            "  {:<24} {admissions:>10} {then:>11} {now:>12} {change:>7} {further:>19} {rise:>13}",
            truncate(&d.district, 24),
        );
    }
    out
}
