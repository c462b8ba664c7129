//! Words for the figures that rest on estimated travel times: which sites'
//! times are estimated, their measured error, and what moving them within
//! it does to the ranking (from [`crate::estimates`]).

use crate::estimates::{MovedRanking, RankingSpread};
use crate::evaluate::SiteSet;
use crate::model::Dataset;
use crate::rank::Appraisal;

/// The mark of a figure that rests on estimated times.
pub const MARK: &str = "*";

/// Whether the configuration whose HASUs are `hasus` uses a site whose
/// times are estimated: one of them, or a unit always open.
pub fn rests_on(spread: &RankingSpread, data: &Dataset, hasus: &SiteSet) -> bool {
    (0..data.sites.len())
        .filter(|&s| hasus.contains(s) || data.sites[s].role == crate::model::Role::FixedOpen)
        .any(|s| spread.sites.contains(&data.sites[s].id))
}

/// "4.3 minutes shorter" or "3.0 minutes longer": the truth against the
/// estimate when `minutes` are added to it.
pub fn moved_words(minutes: f64) -> String {
    format!(
        "{:.1} minutes {}",
        minutes.abs(),
        if minutes < 0.0 { "shorter" } else { "longer" }
    )
}

/// The sentence saying which sites' times are estimated and how far off
/// they may be.
pub fn summary(spread: &RankingSpread) -> String {
    let sites = spread.sites.join(", ");
    match spread.error {
        Some(e) => format!(
            "{MARK} Estimated travel times (modelled): {sites} have no published times, so hasu's network model estimated them. `hasu network check` found a site's estimates off by {:+.2} minutes on average (sd {:.2} between sites; the criteria's [uncertainty.travel]): for 95% of sites the truth lies between {} and {} than the estimate. Each estimated site's times were moved alone to each end and every option appraised again.",
            e.bias,
            e.site_sd,
            moved_words(spread.range.0),
            moved_words(spread.range.1)
        ),
        None => format!(
            "{MARK} Estimated travel times (modelled): {sites} have no published times, so hasu's network model estimated them; the criteria state no [uncertainty] for them, so how far they may be off is not shown."
        ),
    }
}

/// One moved dataset, in words: "TU 3.0 minutes longer: first KT,MD, 15
/// pass, today's mean journey 19.1 minutes".
pub fn moved_line(m: &MovedRanking) -> String {
    format!(
        "{}'s times {}: first {}, {} pass, today's mean journey {:.1} minutes",
        m.site,
        moved_words(m.minutes),
        m.first.as_deref().unwrap_or("none"),
        m.passing,
        m.today_mean_travel
    )
}

/// A range of ranks: "3", or "2–8".
fn ranks((lo, hi): (usize, usize)) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}–{hi}")
    }
}

/// The options whose pass/fail moves over the moved datasets: "KT,TU
/// fails in 1 of 4", "KT,MW passes in 1 of 4 (ranked 1)".
pub fn verdicts_moving(spread: &RankingSpread, data: &Dataset, a: &Appraisal) -> Vec<String> {
    let n = spread.moved.len();
    a.options
        .iter()
        .zip(&spread.options)
        .filter_map(|(o, s)| {
            let id = super::option_id(data, o);
            if o.passes {
                (s.passes < n).then(|| format!("{id} fails in {} of {n}", n - s.passes))
            } else {
                (s.passes > 0).then(|| {
                    let at = s
                        .rank
                        .map_or(String::new(), |r| format!(" (ranked {})", ranks(r)));
                    format!("{id} passes in {} of {n}{at}", s.passes)
                })
            }
        })
        .collect()
}

/// The first `top` ranked options' ranks over the moved datasets where they
/// pass: "KT,MD 1–3".
pub fn top_ranks(spread: &RankingSpread, data: &Dataset, a: &Appraisal, top: usize) -> Vec<String> {
    a.ranked()
        .iter()
        .zip(&spread.options)
        .take(top)
        .map(|(o, s)| {
            let r = o.rank.unwrap_or(0);
            format!(
                "{} {}",
                super::option_id(data, o),
                ranks(s.rank.unwrap_or((r, r)))
            )
        })
        .collect()
}

/// What an option's figures owe to estimated times, in words: the units
/// of `open` (its open units; `set` its HASUs) whose times are estimated,
/// and, within the measured error, how often it passes, its ranks and its
/// mean journey (`mean_travel` as estimated). `None` when it uses no
/// estimated time.
pub fn option_words(
    e: &RankingSpread,
    data: &Dataset,
    a: &Appraisal,
    set: &SiteSet,
    open: &SiteSet,
    mean_travel: f64,
) -> Option<String> {
    let sites: Vec<&str> = open
        .sites()
        .into_iter()
        .map(|s| data.sites[s].id.as_str())
        .filter(|id| e.sites.iter().any(|x| x == id))
        .collect();
    if sites.is_empty() {
        return None;
    }
    let mut text = format!(
        "{MARK} These figures rest on estimated travel times (to {}; modelled).",
        sites.join(", ")
    );
    let n = e.moved.len();
    let spread = a
        .position(set)
        .and_then(|i| e.options.get(i))
        .filter(|_| n > 0);
    if let Some(s) = spread {
        let ranked = s
            .rank
            .map_or(String::new(), |r| format!(", ranks {}", ranks(r)));
        text.push_str(&format!(
            " With each estimated site's times {} or {} (the middle 95% of the measured error), one at a time, the option passes in {} of {n}{ranked}, and its mean journey is {:.1}–{:.1} minutes ({mean_travel:.1} as estimated).",
            moved_words(e.range.0),
            moved_words(e.range.1),
            s.passes,
            s.mean_travel.0,
            s.mean_travel.1,
        ));
    }
    Some(text)
}
