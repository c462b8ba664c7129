//! Enumeration: every combination of candidate sites the option rules allow.

use crate::criteria::OptionRules;
use crate::error::{Error, Result};
use crate::evaluate::SiteSet;
use crate::model::{Dataset, Role};

/// `n` choose `k`, saturating.
fn choose(n: usize, k: usize) -> u64 {
    if k > n {
        return 0;
    }
    let k = k.min(n - k);
    let mut c: u128 = 1;
    for i in 0..k {
        c = c * (n - i) as u128 / (i + 1) as u128;
        if c > u128::from(u64::MAX) {
            return u64::MAX;
        }
    }
    c as u64
}

/// The candidate sites that may be chosen freely (not required, not
/// excluded), in dataset order.
fn free_sites(data: &Dataset, rules: &OptionRules) -> Vec<usize> {
    (0..data.sites.len())
        .filter(|&s| data.sites[s].role == Role::Candidate)
        .filter(|s| !rules.require.contains(s) && !rules.exclude.contains(s))
        .collect()
}

/// How many options `rules` allow on `data`.
pub fn count(data: &Dataset, rules: &OptionRules) -> u64 {
    let free = free_sites(data, rules).len();
    let fixed = rules.require.len();
    (rules.min_hasus..=rules.max_hasus)
        .filter(|&k| k >= fixed)
        .fold(0u64, |sum, k| sum.saturating_add(choose(free, k - fixed)))
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
    let n = count(data, rules);
    if n > rules.max_combinations {
        return Err(Error::Refused(format!(
            "the rules allow {n} combinations, more than the limit of {}; narrow them with \
             --hasus (fewer sizes), --require or --exclude, or raise max_combinations in the \
             criteria file",
            rules.max_combinations
        )));
    }
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
    for k in rules.min_hasus..=rules.max_hasus {
        let Some(pick) = k.checked_sub(rules.require.len()) else {
            continue;
        };
        if pick > free.len() {
            continue;
        }
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
    use super::choose;

    #[test]
    fn binomials() {
        assert_eq!(choose(7, 0), 1);
        assert_eq!(choose(7, 3), 35);
        assert_eq!((0..=7).map(|k| choose(7, k)).sum::<u64>(), 128);
        assert_eq!(choose(3, 5), 0);
        assert_eq!(choose(125, 75), u64::MAX);
    }
}
