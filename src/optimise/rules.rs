//! The clinical rules as the constrained search sees them: whether an
//! option passes the hurdles of the criteria, how far it is from passing
//! (a measure a local search can lower step by step), and the reasons no
//! option of `p` HASUs can pass at all, found without a search.

use crate::criteria::{GroupRule, Hurdles, Metric};
use crate::evaluate::{Evaluator, Scratch, SiteSet};
use crate::rank::{Check, Rule, checks};

use super::instance::Instance;

/// How an option stands against the rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// How far the option is from passing: 0 when it passes, otherwise the
    /// sum of its failed rules' relative shortfalls (for the volume band,
    /// of every HASU outside it).
    pub shortfall: f64,
    /// Its admission-weighted mean journey, minutes.
    pub mean: f64,
}

impl Verdict {
    /// Whether the option passes every rule.
    pub fn passes(&self) -> bool {
        self.shortfall == 0.0
    }
}

/// Why no option of `p` HASUs passes.
#[derive(Debug, Clone, PartialEq)]
pub enum Impossible {
    /// A rule that can only get easier as more units open fails even with
    /// every site open that is not ruled out.
    EvenWithEverySite(Check),
    /// Fewer sites than `p` may be HASUs once those too large are ruled
    /// out.
    TooFewSites {
        /// HASUs asked for.
        p: usize,
        /// The most an option may have.
        most: usize,
    },
    /// A site that must be open (`fixed_open` or required) admits more
    /// than the band's top even with every site open.
    RequiredTooLarge(Oversized),
    /// `p` HASUs cannot hold the admissions within the volume band: every
    /// zone must reach a unit, so the HASUs admit `total` a year between
    /// them (at most `total`, when units that are not HASUs are open too).
    Volume {
        /// HASUs.
        p: usize,
        /// Admissions a year of every zone.
        total: f64,
        /// Whether the HASUs admit all of `total` (no other unit is open).
        all_to_hasus: bool,
        /// The band, admissions a year per HASU.
        min: f64,
        /// Its top.
        max: f64,
    },
}

/// A site ruled out: it would admit more than the volume band's top even
/// with every site open that is not ruled out (a unit only loses patients
/// as others open), so no option that passes has it as a HASU.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Oversized {
    /// The site (index).
    pub site: usize,
    /// Its admissions a year then.
    pub admissions: f64,
}

/// What the rules settle before any search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settled {
    /// Sites no option that passes has as HASUs, in the order found.
    pub ruled_out: Vec<Oversized>,
    /// Why no option of `p` HASUs passes, when that is plain.
    pub impossible: Option<Impossible>,
}

/// The rules of a constrained search.
pub trait Judge: Sync {
    /// Working memory for one thread.
    type Scratch: Send;

    /// Fresh working memory.
    fn scratch(&self) -> Self::Scratch;

    /// The verdict on the option whose HASUs are `hasus` (site indices).
    fn verdict(&self, hasus: &[usize], scratch: &mut Self::Scratch) -> Verdict;

    /// What is plain without a search: sites that cannot be HASUs of an
    /// option of `p` that passes, or that none passes.
    fn settle(&self, _inst: &Instance, _p: usize) -> Settled {
        Settled::default()
    }
}

/// The hurdles of the criteria, tested by the evaluator, and the group
/// rules of its options.
pub struct HurdleJudge<'a> {
    /// The evaluator of the dataset and criteria.
    pub evaluator: &'a Evaluator,
    /// The hurdles.
    pub hurdles: &'a Hurdles,
    /// The group rules ("at most one per trust").
    pub groups: &'a [GroupRule],
}

/// By how many HASUs `hasus` break `groups`, all told.
fn group_misses(groups: &[GroupRule], hasus: &[usize]) -> f64 {
    let set = SiteSet::from_sites(hasus);
    groups.iter().map(|g| g.misses(&set)).sum::<usize>() as f64
}

/// The group rules of the criteria only: an option passes when it keeps
/// them all (for searches by mean journey alone).
pub struct GroupJudge<'a> {
    /// The evaluator of the dataset and criteria.
    pub evaluator: &'a Evaluator,
    /// The group rules.
    pub groups: &'a [GroupRule],
}

impl Judge for GroupJudge<'_> {
    type Scratch = Scratch;

    fn scratch(&self) -> Scratch {
        self.evaluator.scratch()
    }

    fn verdict(&self, hasus: &[usize], scratch: &mut Scratch) -> Verdict {
        let m = self
            .evaluator
            .evaluate_partly(&SiteSet::from_sites(hasus), scratch, false);
        Verdict {
            shortfall: group_misses(self.groups, hasus),
            mean: m.mean_travel,
        }
    }
}

impl Judge for HurdleJudge<'_> {
    type Scratch = Scratch;

    fn scratch(&self) -> Scratch {
        self.evaluator.scratch()
    }

    fn verdict(&self, hasus: &[usize], scratch: &mut Scratch) -> Verdict {
        let m = self
            .evaluator
            .evaluate(&SiteSet::from_sites(hasus), scratch);
        let loads = self.evaluator.loads(scratch);
        let h = self.hurdles;
        let failed: Vec<Check> = checks(h, &m).into_iter().filter(|c| !c.passed()).collect();
        let shortfall: f64 = failed
            .iter()
            .map(|c| match c.rule {
                // Every unit outside the band counts, not only the worst:
                // closing one small unit is then progress.
                Rule::MinAdmissions => hasus
                    .iter()
                    .map(|&s| relative(h.min_admissions - loads.all[s], h.min_admissions))
                    .sum(),
                Rule::MaxAdmissions => hasus
                    .iter()
                    .map(|&s| relative(loads.all[s] - h.max_admissions, h.max_admissions))
                    .sum(),
                _ => relative(-c.margin, c.threshold),
            })
            .sum();
        let shortfall = shortfall + group_misses(self.groups, hasus);
        Verdict {
            // A failed rule always counts, however little it misses by.
            shortfall: if failed.is_empty() && shortfall == 0.0 {
                0.0
            } else {
                shortfall.max(f64::MIN_POSITIVE)
            },
            mean: m.mean_travel,
        }
    }

    fn settle(&self, inst: &Instance, p: usize) -> Settled {
        let mut settled = Settled::default();
        let mut scratch = self.evaluator.scratch();
        let max = self.hurdles.max_admissions;
        let mut open: Vec<bool> = vec![true; inst.facilities()];
        // Rule out the sites too large with every other open, until none
        // is: closing one only sends more patients to the rest. Each round
        // first tests the rules that only get easier as units open, with
        // every site open that is left.
        loop {
            let most = inst.hasus(&open).len();
            if most < p {
                settled.impossible = Some(Impossible::TooFewSites { p, most });
                return settled;
            }
            let m = self
                .evaluator
                .evaluate(&SiteSet::from_sites(&inst.hasus(&open)), &mut scratch);
            if let Some(c) = checks(self.hurdles, &m)
                .into_iter()
                .find(|c| !c.passed() && easier_with_more_units(c.rule))
            {
                settled.impossible = Some(Impossible::EvenWithEverySite(c));
                return settled;
            }
            let loads = self.evaluator.loads(&scratch).all;
            let over: Vec<usize> = (0..inst.facilities())
                .filter(|&f| open[f] && inst.candidate[f])
                .filter(|&f| loads[inst.sites[f]] > max * (1.0 + 1e-9))
                .collect();
            if let Some(&f) = over.iter().find(|&&f| inst.fixed[f]) {
                let site = inst.sites[f];
                settled.impossible = Some(Impossible::RequiredTooLarge(Oversized {
                    site,
                    admissions: loads[site],
                }));
                return settled;
            }
            if over.is_empty() {
                break;
            }
            for f in over {
                open[f] = false;
                let site = inst.sites[f];
                settled.ruled_out.push(Oversized {
                    site,
                    admissions: loads[site],
                });
            }
        }
        // Every zone reaches some unit (or the reach rule failed above), so
        // the HASUs share every zone's admissions (less any that go to
        // units that are not HASUs).
        let total: f64 = self.evaluator.loads(&scratch).all.iter().sum();
        let all_to_hasus = inst.candidate.iter().all(|&c| c);
        let (min, max) = (self.hurdles.min_admissions, self.hurdles.max_admissions);
        let (pf, rounding) = (p as f64, total.max(1.0) * 1e-9);
        let short = pf * min > total + rounding;
        let over = all_to_hasus && pf * max < total - rounding;
        settled.impossible = (short || over).then_some(Impossible::Volume {
            p,
            total,
            all_to_hasus,
            min,
            max,
        });
        settled
    }
}

/// `miss` as a share of `threshold` (of 1 for a threshold below 1), when
/// positive.
fn relative(miss: f64, threshold: f64) -> f64 {
    (miss / threshold.abs().max(1.0)).max(0.0)
}

/// Whether a rule can only get easier to meet as more units open: each
/// zone's journey to its nearest open unit can only shorten. (A longest
/// journey could lengthen only by reaching a zone no unit reached before,
/// and an option that passes reaches every zone.)
fn easier_with_more_units(rule: Rule) -> bool {
    match rule {
        Rule::Reach | Rule::AccessShare | Rule::LongestJourney => true,
        Rule::AtLeast(m) => matches!(m, Metric::Within30 | Metric::Within45 | Metric::Within60),
        _ => false,
    }
}
