//! Analyses outside the kernel: each a pass over the assignment the
//! kernel produces (which units the option opens and what each admits),
//! attached to an [`Evaluator`](super::Evaluator) and run for every
//! option only when a criterion or hurdle uses its figures. The kernel
//! knows them only through [`Analysis`]; beds, staff and costs
//! ([`crate::resources`]) and panel scores ([`crate::panel`]) are two.

use std::any::Any;
use std::sync::Arc;

use super::{Metrics, SiteSet};
use crate::criteria::Needs;

/// One option's assignment, as an analysis sees it.
#[derive(Debug, Clone, Copy)]
pub struct Assigned<'a> {
    /// The option's HASUs.
    pub hasus: &'a SiteSet,
    /// The units open: the HASUs and every unit always open.
    pub open: &'a SiteSet,
    /// Admissions a year per site.
    pub admissions: &'a [f64],
}

/// An analysis the kernel runs over each option's assignment.
pub trait Analysis: Any + Send + Sync + std::fmt::Debug {
    /// Whether this analysis works out the figures of metrics that need
    /// `needs`.
    fn provides(&self, needs: Needs) -> bool;
    /// The analysis comparing options with `today` (called once the
    /// kernel has assigned today's configuration, and again for each draw
    /// of the inputs).
    fn with_today(&self, today: &Assigned) -> Arc<dyn Analysis>;
    /// Writes the option's figures into `metrics`.
    fn fill(&self, option: &Assigned, metrics: &mut Metrics);
    /// The analysis as [`Any`], to be found by type
    /// ([`super::Evaluator::analysis`]).
    fn as_any(&self) -> &dyn Any;
}
