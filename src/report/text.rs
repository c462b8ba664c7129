//! Terminal tables: the ranked long list, and one option in full.

use std::fmt::Write as _;
use std::io;

use super::estimates;
use super::json::Source;
use super::words::{self, percent as pct};
use super::{fixed, option_id};
use crate::criteria::Criteria;
use crate::model::Dataset;
use crate::rank::{Appraisal, Assessed, Detail, Standing};
use crate::robustness::Study;
use crate::summary::{thousands, truncate};

const HEADER: &str = "rank  option                    score   mean   p95  ≤30min  ≤45min  CTN≤target  smallest  largest  district+";

fn row(out: &mut dyn io::Write, label: &str, id: &str, o: &Assessed) -> io::Result<()> {
    let [score, mean, p95, w30, w45, ctn, small, large, rise] = super::headline(o);
    writeln!(
        out,
        "{label:>4}  {id:<24} {score:>6} {mean:>6} {p95:>5} {w30:>7} {w45:>7} {ctn:>11} {small:>9} {large:>8} {rise:>10}",
    )
}

/// "1 to 7 HASUs", or "3 HASUs" when every option has the same size.
fn sizes(c: &Criteria) -> String {
    let (min, max) = (c.options.min_hasus, c.options.max_hasus);
    if min == max {
        format!("{min} HASU{}", if min == 1 { "" } else { "s" })
    } else {
        format!("{min} to {max} HASUs")
    }
}

/// The key to the site ids of the options and of today: "Sites: DA Darent
/// Valley Hospital, …" (candidates, then today's other units).
fn site_key(data: &Dataset, c: &Criteria) -> String {
    let named: Vec<String> = (0..data.sites.len())
        .filter(|&s| data.sites[s].role == crate::model::Role::Candidate || c.today.contains(&s))
        .map(|s| format!("{} {}", data.sites[s].id, data.sites[s].name))
        .collect();
    format!("Sites: {}.", named.join(", "))
}

/// How much of the long list the terminal shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Listing {
    /// At most this many passing options, and of failing ones (all when
    /// `None`).
    pub show: Option<usize>,
    /// Only the options that pass.
    pub passing: bool,
}

impl Listing {
    fn limit(&self) -> usize {
        self.show.unwrap_or(usize::MAX)
    }
}

/// Writes the ranked long list: options that pass, then those that fail
/// with the first reason of each hurdle they fail (from `failing`, the
/// details of [`Appraisal::failed`] in order), as much as `listing` asks.
pub fn appraisal(
    out: &mut dyn io::Write,
    source: Source<'_>,
    a: &Appraisal,
    study: &Study,
    failing: impl Iterator<Item = Detail>,
    listing: Listing,
) -> io::Result<()> {
    let (data, c) = (source.data, source.criteria);
    let h = &c.hurdles;
    writeln!(out, "{}", c.name)?;
    for s in source.scenarios {
        writeln!(
            out,
            "Scenario applied: {} ({})",
            s.name,
            super::label(&s.path)
        )?;
    }
    writeln!(
        out,
        "{} options considered ({}); {} pass every hurdle.",
        a.considered,
        sizes(c),
        a.passing
    )?;
    for (g, n) in c
        .options
        .groups
        .iter()
        .zip(&a.set_aside)
        .filter(|(_, n)| **n > 0)
    {
        writeln!(
            out,
            "Not considered: {} combination{} breaking the rule {}.",
            n,
            if *n == 1 { "" } else { "s" },
            super::words::group_rule(g, data)
        )?;
    }
    for f in crate::discrimination::flat_criteria(c, &a.options) {
        writeln!(out, "Warning: {}.", super::words::flat_criterion(&f, c))?;
    }
    if let Some(s) = &a.shortlist {
        writeln!(
            out,
            "Shortlist: of each number of HASUs, the {} options with the lowest mean journey, found by {} search{}, not every combination (the rules allow {}).",
            s.per_size,
            if s.proven {
                "proven"
            } else {
                "unfinished (not proven)"
            },
            passing_added(s),
            s.combinations
        )?;
    }
    let fails: Vec<String> = a
        .failing
        .iter()
        .map(|f| format!("{} {}", f.hurdle, f.options))
        .collect();
    writeln!(
        out,
        "Options failing each hurdle: {} (an option may fail several).",
        fails.join(", ")
    )?;
    writeln!(
        out,
        "Hurdles: every HASU admits {}–{} a year; every HASU treats ≥{} of thrombolysed patients within {} min of arrival ({}); ≥{} of the region's admissions within {} min and none over {} min.",
        thousands(h.min_admissions),
        thousands(h.max_admissions),
        pct(h.min_share_within_door_to_needle),
        h.door_to_needle_minutes,
        words::thrombolysis_equivalent(c),
        pct(h.min_share_within_access),
        h.access_minutes,
        h.max_travel_minutes
    )?;
    if let Some(dead) = words::dead_hurdle(c) {
        writeln!(out, "{dead}")?;
    }
    writeln!(out, "{}", words::volume_effect(c))?;
    writeln!(out, "{}", words::pathway_rule(&c.pathways, &data.sites))?;
    writeln!(out, "{}", site_key(data, c))?;
    writeln!(out)?;
    writeln!(out, "{HEADER}")?;
    // An option opening a unit whose times are estimated is marked.
    let marked = |o: &Assessed| {
        let id = option_id(data, o);
        match &study.estimates {
            Some(e) if estimates::rests_on(e, data, &o.site_set()) => {
                format!("{id}{}", estimates::MARK)
            }
            _ => id,
        }
    };
    for o in a.ranked().iter().take(listing.limit()) {
        let label = o.rank.map_or(String::new(), |r| r.to_string());
        row(out, &label, &marked(o), o)?;
    }
    if a.passing > listing.limit() {
        writeln!(
            out,
            "      … {} more passing options (--show to see more)",
            a.passing - listing.limit()
        )?;
    }
    if a.passing == 0 {
        writeln!(out, "      (no option passes every hurdle)")?;
    }
    row(out, "today", &marked(&a.today), &a.today)?;
    writeln!(out)?;
    robustness(out, data, a, c, study, listing.limit())?;
    writeln!(out)?;
    if let Some(e) = &study.estimates {
        estimated_times(out, data, a, e, listing.limit())?;
        writeln!(out)?;
    }
    let failed = a.considered - a.passing;
    if listing.passing {
        writeln!(
            out,
            "{failed} failing options not shown (without --passing they are listed with their reasons)."
        )?;
    } else {
        writeln!(
            out,
            "Failing options ({failed}), fewest hurdles failed first:"
        )?;
    }
    let shown = if listing.passing { 0 } else { listing.limit() };
    for (k, d) in failing.take(shown).enumerate() {
        let why: Vec<String> = words::hurdles(h, &d)
            .into_iter()
            .filter(|w| !w.passed)
            .map(|w| {
                let more = if w.reasons.len() > 1 {
                    format!(" (+{} more)", w.reasons.len() - 1)
                } else {
                    String::new()
                };
                let first = w.reasons.first().map_or("", String::as_str);
                format!("{}: {first}{more}", w.hurdle)
            })
            .collect();
        let near: Vec<String> = study
            .near_misses
            .get(a.passing + k)
            .into_iter()
            .flatten()
            .map(|n| {
                format!(
                    "near miss on {}: passes it in {} of input draws",
                    n.hurdle,
                    pct(n.p_pass)
                )
            })
            .collect();
        if near.is_empty() {
            writeln!(out, "  {:<24} {}", d.id, why.join("; "))?;
        } else {
            writeln!(
                out,
                "  {:<24} {} [{}]",
                d.id,
                why.join("; "),
                near.join("; ")
            )?;
        }
    }
    if !listing.passing && failed > shown {
        writeln!(
            out,
            "  … {} more failing options (--show to see more)",
            failed - shown
        )?;
    }
    writeln!(
        out,
        "\nColumns: score out of 100 on the weighted criteria; mean and 95th percentile travel (minutes) and shares within 30 and 45 minutes over the region's admissions; CTN≤target = share whose expected call-to-needle time is within {} minutes; smallest and largest HASU admissions a year; district+ = the largest rise in any district's mean travel over today (minutes). Explain one option with: hasu option <ids>",
        c.pathway.call_to_needle_target_minutes
    )
}

/// Ranked options whose ranks over moved estimates are listed.
const TOP_RANKS: usize = 5;

/// What the ranking owes to estimated travel times.
fn estimated_times(
    out: &mut dyn io::Write,
    data: &Dataset,
    a: &Appraisal,
    e: &crate::estimates::RankingSpread,
    limit: usize,
) -> io::Result<()> {
    if a.passing == 0 && e.moved.iter().all(|m| m.passing == 0) {
        return writeln!(out, "{}", estimates::summary(e));
    }
    writeln!(out, "{}", estimates::summary(e))?;
    for m in &e.moved {
        writeln!(out, "  {}", estimates::moved_line(m))?;
    }
    if e.moved.is_empty() {
        return Ok(());
    }
    let moving = estimates::verdicts_moving(e, data, a);
    if moving.is_empty() {
        writeln!(out, "No option's pass/fail moves within that error.")?;
    } else {
        writeln!(
            out,
            "Pass/fail moves within that error: {}.",
            moving.join("; ")
        )?;
    }
    let top = limit.min(TOP_RANKS);
    writeln!(
        out,
        "Ranks within that error (among the options passing in each move): {}.",
        estimates::top_ranks(e, data, a, top).join("; ")
    )
}

/// How sure the ranking is: each ranked option's chances under other
/// weights and under the uncertain inputs, and where the weights would
/// change first place.
fn robustness(
    out: &mut dyn io::Write,
    data: &Dataset,
    a: &Appraisal,
    c: &Criteria,
    study: &Study,
    limit: usize,
) -> io::Result<()> {
    let w = &study.weights;
    let inputs = match &study.inputs {
        Some(s) => format!(
            "{} draws of the uncertain travel times, pathway and admissions",
            thousands(s.draws as f64)
        ),
        None if c.uncertainty.is_none() => {
            "inputs not drawn (the criteria state no uncertainty)".to_string()
        }
        None => "inputs not drawn (0 input draws asked for)".to_string(),
    };
    writeln!(
        out,
        "How sure is the ranking: {} weight draws around the stated weights (concentration {}) and {} with no preference; {}; seed {}.",
        thousands(w.draws as f64),
        c.robustness.concentration,
        thousands(w.draws as f64),
        inputs,
        study.draws.seed
    )?;
    if w.centred.is_empty() {
        return writeln!(
            out,
            "No option passes every hurdle, so there is no ranking to test."
        );
    }
    writeln!(
        out,
        "rank  option                    P(first)  P(top 3)   ranks  P(first) no preference  P(passes) inputs  P(first) inputs"
    )?;
    // Without weight draws the weight columns have nothing to say.
    let drawn = w.draws > 0;
    let weighed = |text: String| if drawn { text } else { "–".to_string() };
    for (i, acc) in w.centred.iter().enumerate().take(limit) {
        let o = &a.options[i];
        let odds = study.inputs.as_ref().and_then(|s| s.options.get(i));
        let given = |f: fn(&crate::robustness::inputs::InputOdds) -> f64| {
            odds.map_or("–".to_string(), |x| pct(f(x)))
        };
        writeln!(
            out,
            "{:>4}  {:<24} {:>9} {:>9} {:>7} {:>23} {:>17} {:>16}",
            o.rank.unwrap_or(i + 1),
            option_id(data, o),
            weighed(pct(acc.p_first)),
            weighed(pct(acc.p_top3)),
            weighed(format!("{}–{}", acc.rank_min, acc.rank_max)),
            weighed(pct(w.no_preference[i].p_first)),
            given(|x| x.p_pass),
            given(|x| x.p_first),
        )?;
    }
    let care: Vec<String> = w
        .centred
        .iter()
        .enumerate()
        .take(limit.min(TOP_RANKS))
        .filter_map(|(i, _)| {
            let c = study.inputs.as_ref()?.options.get(i)?.organised_care?;
            Some(format!(
                "{} {}–{} (change from today {}–{})",
                option_id(data, &a.options[i]),
                fixed(c.deaths_avoided.0, 1),
                fixed(c.deaths_avoided.1, 1),
                fixed(c.change.0, 1),
                fixed(c.change.1, 1)
            ))
        })
        .collect();
    if !care.is_empty() {
        writeln!(
            out,
            "Organised hyperacute care over the input draws (modelled: the effect drawn from its confidence interval with the travel times and admissions), deaths avoided a year, middle 95% of draws: {}.",
            care.join("; ")
        )?;
    }
    let ranked = a.ranked();
    let first = option_id(data, &ranked[0]);
    writeln!(
        out,
        "What would change first place (one weight moved, the others rescaled in proportion):"
    )?;
    for k in &c.criteria {
        let at = |below: bool| {
            w.first
                .iter()
                .find(|t| t.criterion == k.id && (t.threshold < t.weight) == below)
                .map(|t| (t.threshold, option_id(data, &ranked[t.enters])))
        };
        let (below, above) = (at(true), at(false));
        writeln!(
            out,
            "  {} (weight {}): {}",
            k.id,
            k.weight,
            words::tipping(
                &first,
                &k.id,
                below.as_ref().map(|(t, who)| (*t, who.as_str())),
                above.as_ref().map(|(t, who)| (*t, who.as_str())),
            )
        )?;
    }
    Ok(())
}

/// What an option's standing and result are, in one sentence.
pub fn verdict(o: &Detail, c: &Criteria, data: &Dataset) -> String {
    let failed: Vec<&str> = o.failed_hurdles(&c.hurdles).map(|h| h.as_str()).collect();
    let score = o.assessed.score.map(|s| fixed(s, 1));
    match (o.standing, o.assessed.rank, score) {
        (Standing::InLongList, Some(r), Some(s)) => {
            format!("Passes every hurdle; ranked {r} with a score of {s} out of 100.")
        }
        (Standing::NotRanked, _, Some(s)) => format!(
            "Passes every hurdle with a score of {s} out of 100; the long list is too large to \
             rank here, so its rank is not known."
        ),
        (_, _, Some(s)) => format!(
            "Passes every hurdle with a score of {s} out of 100, but it is outside the criteria's \
             long list ({}), so it has no rank.",
            long_list(c, data)
        ),
        (_, _, None) => format!(
            "Fails the {} hurdle{}, so it is not scored or ranked.",
            failed.join(" and "),
            if failed.len() == 1 { "" } else { "s" }
        ),
    }
}

/// The criteria's long list in words: "options of 1 to 7 HASUs, always
/// including WH, never KT".
pub fn long_list(c: &Criteria, data: &Dataset) -> String {
    let ids = |list: &[usize]| -> String {
        list.iter()
            .map(|&s| data.sites[s].id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!("options of {}", sizes(c));
    if !c.options.require.is_empty() {
        text.push_str(&format!(", always including {}", ids(&c.options.require)));
    }
    if !c.options.exclude.is_empty() {
        text.push_str(&format!(", never {}", ids(&c.options.exclude)));
    }
    for g in &c.options.groups {
        text.push_str(&format!(", {}", super::words::group_rule(g, data)));
    }
    text
}

/// One option in full: hurdles with their reasoning, criteria, per-HASU and
/// per-district figures, and the comparison with today.
pub fn option(o: &Detail, today: &Detail, c: &Criteria, data: &Dataset) -> String {
    let mut out = String::new();
    let m = &o.assessed.metrics;
    let _ = writeln!(
        out,
        "Option {} ({})",
        o.id,
        super::words::counted(o.sites.len() as f64, "HASU", "HASUs")
    );
    let _ = writeln!(out, "{}", verdict(o, c, data));
    let _ = writeln!(out, "\nHurdles");
    for h in words::hurdles(&c.hurdles, o) {
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
    if let Some(dead) = words::dead_hurdle(c) {
        let _ = writeln!(out, "  {dead}");
    }
    let _ = writeln!(out, "  {}", words::volume_effect(c));
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
    let t = &today.assessed.metrics;
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
    let _ = writeln!(out, "\n{}", words::pathway_rule(&c.pathways, &data.sites));
    let _ = writeln!(
        out,
        "Units                                        admissions  from region  zones  median DTN  within {} min  from outside, by ambulance service",
        c.hurdles.door_to_needle_minutes
    );
    for u in &o.explained.units {
        let _ = writeln!(
            out,
            "  {:<4} {:<38} {:>9} {:>12} {:>6} {:>11} {:>13}  {}",
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
            pct(u.share_within_door_to_needle),
            words::by_service(&u.from_services)
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
    super::patients::sections(&mut out, o);
    super::resources::section(&mut out, o, data, c.workforce.as_ref(), c.costs.as_ref());
    out
}

/// The shortlist's passing options added, in words ("" for none).
pub(crate) fn passing_added(s: &crate::rank::Shortlist) -> String {
    match s.passing_added {
        0 => String::new(),
        n => format!(
            ", and {n} option{} that pass{} every hurdle, found by a search for them where none of those did",
            if n == 1 { "" } else { "s" },
            if n == 1 { "es" } else { "" }
        ),
    }
}
