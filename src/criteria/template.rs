//! A starting criteria file for a dataset (`hasu criteria init`): the
//! national defaults of `criteria/template.toml`, each marked with its
//! source or "assumption", with the dataset's candidate sites and today's
//! units filled in.

use crate::model::{Dataset, Role, Service};
use crate::search::{Count, choose};

/// The template, with `{{…}}` placeholders.
const TEMPLATE: &str = include_str!("../../criteria/template.toml");

/// The most options a starting file's long list allows (as the template's
/// `max_combinations`).
const MOST_OPTIONS: u128 = 1_000_000;

/// The largest option size whose long list of 1..=m HASUs out of `n`
/// candidates stays within [`MOST_OPTIONS`].
fn largest_size(n: usize) -> usize {
    let mut total = 0u128;
    let mut largest = 1;
    for m in 1..=n {
        match choose(n, m) {
            Count::Exact(c) if total + c <= MOST_OPTIONS => {
                total += c;
                largest = m;
            }
            _ => break,
        }
    }
    largest
}

/// The starting criteria for `data` (the folder shown as `dir`), titled
/// `name`.
///
/// # Errors
/// Refuses a dataset without candidate sites.
pub fn starting_criteria(data: &Dataset, dir: &str, name: &str) -> crate::Result<String> {
    let candidates: Vec<&str> = data
        .sites
        .iter()
        .filter(|s| s.role == Role::Candidate)
        .map(|s| s.id.as_str())
        .collect();
    if candidates.is_empty() {
        return Err(crate::Error::Refused(format!(
            "{dir} has no candidate sites (role candidate in sites.csv), so there is nothing to appraise"
        )));
    }
    let mut today: Vec<&str> = data
        .sites
        .iter()
        .filter(|s| s.role == Role::Candidate && s.has(Service::Ivt))
        .map(|s| s.id.as_str())
        .collect();
    if today.is_empty() {
        today = candidates.clone();
    }
    let quoted = |ids: &[&str]| {
        ids.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    Ok(TEMPLATE
        .replace("{{name}}", &text(name))
        .replace("{{data}}", dir)
        .replace("{{max_hasus}}", &largest_size(candidates.len()).to_string())
        .replace("{{candidates}}", &candidates.len().to_string())
        .replace("{{candidate_ids}}", &candidates.join(", "))
        .replace("{{today}}", &quoted(&today)))
}

#[cfg(test)]
mod tests {
    use super::largest_size;

    #[test]
    fn the_long_list_stays_within_a_million_options() {
        assert_eq!(largest_size(7), 7);
        assert_eq!(largest_size(19), 19); // 524,287 options
        // 1 to 13 of 20: 988,115 options; 1 to 14 would be 1,026,875.
        assert_eq!(largest_size(20), 13);
        // 1 to 3 of 125: 125 + 7,750 + 317,750.
        assert_eq!(largest_size(125), 3);
    }
}
