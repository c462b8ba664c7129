//! Enumeration: every combination of candidate sites the option rules allow.

use crate::criteria::OptionRules;
use crate::error::{Error, Result};
use crate::model::{Dataset, Role};
use crate::siteset::SiteSet;

/// A number of options: exact up to [`Count::CEILING`], beyond which only
/// "more" is known (and nothing that large is ever enumerated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Count {
    /// Exactly this many.
    Exact(u128),
    /// More than [`Count::CEILING`].
    Beyond,
}

impl Count {
    /// 10^30: counts above it are not worked out exactly.
    pub const CEILING: u128 = 1_000_000_000_000_000_000_000_000_000_000;

    fn of(n: u128) -> Count {
        if n > Count::CEILING {
            Count::Beyond
        } else {
            Count::Exact(n)
        }
    }

    fn plus(self, other: Count) -> Count {
        match (self, other) {
            (Count::Exact(a), Count::Exact(b)) => Count::of(a + b),
            _ => Count::Beyond,
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Exact(n) => f.write_str(&crate::summary::group_digits(&n.to_string())),
            Count::Beyond => f.write_str("more than 10^30"),
        }
    }
}

/// `n` choose `k`, exactly while it stays within [`Count::CEILING`].
pub fn choose(n: usize, k: usize) -> Count {
    if k > n {
        return Count::Exact(0);
    }
    let k = k.min(n - k);
    let mut c: u128 = 1;
    for i in 0..k {
        // C(n, i + 1) = C(n, i) (n − i) / (i + 1), exactly; it only grows
        // while i < k ≤ n / 2, so once past the ceiling it stays past.
        c = match c.checked_mul((n - i) as u128) {
            Some(p) => p / (i + 1) as u128,
            None => return Count::Beyond,
        };
        if c > Count::CEILING {
            return Count::Beyond;
        }
    }
    Count::Exact(c)
}

/// Most options hasu enumerates and holds in memory, whatever the criteria
/// say: 5,000,000 (each keeps about 250 bytes of figures).
pub const MAX_ENUMERATED: u128 = 5_000_000;

/// The candidate sites that may be chosen freely (not required, not
/// excluded), in dataset order.
fn free_sites(data: &Dataset, rules: &OptionRules) -> Vec<usize> {
    (0..data.sites.len())
        .filter(|&s| data.sites[s].role == Role::Candidate)
        .filter(|s| !rules.require.contains(s) && !rules.exclude.contains(s))
        .collect()
}

/// The sizes of option `rules` allow that can exist on `data` (at most
/// every candidate), so that a huge `max_hasus` costs nothing.
fn sizes(data: &Dataset, rules: &OptionRules) -> std::ops::RangeInclusive<usize> {
    let most = free_sites(data, rules).len() + rules.require.len();
    rules.min_hasus.max(rules.require.len())..=rules.max_hasus.min(most)
}

/// How many options `rules` allow on `data`.
pub fn count(data: &Dataset, rules: &OptionRules) -> Count {
    let free = free_sites(data, rules).len();
    let fixed = rules.require.len();
    sizes(data, rules).fold(Count::Exact(0), |sum, k| sum.plus(choose(free, k - fixed)))
}

/// Every option `rules` allow on `data`, as sets of HASU sites: by number of
/// HASUs, then in lexicographic order of the sites' positions in the sites
/// table.
///
/// # Errors
/// Refuses, with the count and how to narrow it, when there would be more
/// than `rules.max_combinations`; when there are none; and when a site is
/// both required and excluded.
pub fn enumerate(data: &Dataset, rules: &OptionRules) -> Result<Vec<SiteSet>> {
    if let Some(&s) = rules.require.iter().find(|s| rules.exclude.contains(s)) {
        return Err(Error::Refused(format!(
            "site \"{}\" is both required and excluded",
            data.sites[s].id
        )));
    }
    let total = count(data, rules);
    let limit = u128::from(rules.max_combinations).min(MAX_ENUMERATED);
    let n = match total {
        Count::Exact(n) if n <= limit => n,
        _ => {
            let raise = if u128::from(rules.max_combinations) < MAX_ENUMERATED {
                ", or raise max_combinations in the criteria file"
            } else {
                ""
            };
            return Err(Error::Refused(format!(
                "the rules allow {total} combinations, more than the limit of {}; narrow them \
                 with --hasus (fewer sizes), --require or --exclude{raise}, or appraise a \
                 shortlist found by proven search (hasu appraise --shortlist K)",
                Count::Exact(limit)
            )));
        }
    };
    if n == 0 {
        return Err(Error::Refused(format!(
            "the rules allow no combination: {} to {} HASUs from {} candidate sites, {} of them required",
            rules.min_hasus,
            rules.max_hasus,
            free_sites(data, rules).len() + rules.require.len(),
            rules.require.len()
        )));
    }
    let free = free_sites(data, rules);
    let mut out = Vec::with_capacity(n as usize);
    for k in sizes(data, rules) {
        let pick = k - rules.require.len();
        // Indices into `free`, advanced lexicographically.
        let mut idx: Vec<usize> = (0..pick).collect();
        loop {
            let mut sites: Vec<usize> = rules.require.clone();
            sites.extend(idx.iter().map(|&i| free[i]));
            out.push(SiteSet::from_sites(&sites));
            // The rightmost index that can still move right.
            let Some(i) = (0..pick).rev().find(|&i| idx[i] < free.len() - pick + i) else {
                break;
            };
            idx[i] += 1;
            for j in i + 1..pick {
                idx[j] = idx[j - 1] + 1;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{Count, choose};

    #[test]
    fn binomials_are_exact_up_to_the_ceiling() {
        assert_eq!(choose(7, 0), Count::Exact(1));
        assert_eq!(choose(7, 3), Count::Exact(35));
        let all = (0..=7).fold(Count::Exact(0), |s, k| s.plus(choose(7, k)));
        assert_eq!(all, Count::Exact(128));
        assert_eq!(choose(3, 5), Count::Exact(0));
        // C(125, 75) = 1.9e35 would saturate a u64; C(100, 20) does not.
        assert_eq!(choose(100, 20), Count::Exact(535_983_370_403_809_682_970));
        assert_eq!(choose(125, 75), Count::Beyond);
        assert_eq!(choose(256, 128).to_string(), "more than 10^30");
        assert_eq!(Count::Exact(1_048_575).to_string(), "1,048,575");
    }
}
