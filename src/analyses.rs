//! The analyses an appraisal attaches to the evaluation kernel: beds,
//! staff and costs ([`Resources`]) and panel scores ([`Panel`]), each a
//! pass over the kernel's assignment ([`Analysis`]).

use std::any::Any;
use std::sync::Arc;

use crate::criteria::{Criteria, Needs};
use crate::error::Result;
use crate::evaluate::{Analysis, Assigned, Evaluator, Metrics};
use crate::model::Dataset;
use crate::panel::Panel;
use crate::resources::Resources;

/// The evaluator of an appraisal of `data` under `criteria`: the kernel
/// with the analyses the criteria call for.
///
/// # Errors
/// As [`Evaluator::new`].
pub fn evaluator(data: &Dataset, criteria: &Criteria) -> Result<Evaluator> {
    let mut analyses: Vec<Arc<dyn Analysis>> = Vec::new();
    if let Some(r) = Resources::new(data, criteria) {
        analyses.push(Arc::new(r));
    }
    if let Some(p) = &criteria.panel {
        analyses.push(Arc::new(p.clone()));
    }
    Evaluator::new(data, criteria, analyses)
}

impl Analysis for Resources {
    fn provides(&self, needs: Needs) -> bool {
        matches!(
            needs,
            Needs::Beds | Needs::Workforce | Needs::Establishment(_) | Needs::Costs
        )
    }

    fn with_today(&self, today: &Assigned) -> Arc<dyn Analysis> {
        let mut r = self.clone();
        r.set_today(today.hasus, today.open, today.admissions);
        Arc::new(r)
    }

    fn fill(&self, option: &Assigned, metrics: &mut Metrics) {
        metrics.resources = Some(self.metrics(option.hasus, option.open, option.admissions));
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Analysis for Panel {
    fn provides(&self, needs: Needs) -> bool {
        needs == Needs::Panel
    }

    fn with_today(&self, _: &Assigned) -> Arc<dyn Analysis> {
        Arc::new(self.clone())
    }

    fn fill(&self, option: &Assigned, metrics: &mut Metrics) {
        self.score_into(option.hasus, &mut metrics.panel);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
