//! `[pathways]`: which units each zone's ambulance service conveys to.
//! Optional: without it, the `ambulance_service` rule with no agreement.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::{Agreement, PathwayRule, Pathways, SiteCatalog};
use crate::error::Problems;
use crate::load::lines::Spans;

/// A `[pathways]` table as written (in a criteria or a scenario file).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PathwaysFile {
    rule: PathwayRule,
    source: Option<Spanned<String>>,
    #[serde(default)]
    agreement: Vec<AgreementFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgreementFile {
    service: Spanned<String>,
    #[serde(default)]
    districts: Vec<Spanned<String>>,
    units: Vec<Spanned<String>>,
    source: Option<Spanned<String>>,
}

impl PathwaysFile {
    pub(super) fn read(&self, check: &mut Checker) -> Pathways {
        if let Some(s) = &self.source {
            check.text(s, "source");
        }
        Pathways {
            rule: self.rule,
            agreements: read_agreements(&self.agreement, check),
            source: self.source.as_ref().map(|s| s.get_ref().clone()),
        }
    }
}

/// Reads a scenario's `[pathways]` table, checked as the criteria's is.
pub(crate) fn read_in(
    file: &PathwaysFile,
    lines: &Spans<'_>,
    catalog: &SiteCatalog<'_>,
    problems: &mut Problems,
) -> Pathways {
    file.read(&mut Checker {
        lines,
        problems,
        catalog: Some(catalog),
    })
}

/// Reads `[[pathways.agreement]]` tables.
fn read_agreements(list: &[AgreementFile], check: &mut Checker) -> Vec<Agreement> {
    list.iter()
        .map(|a| {
            check.text(&a.service, "service");
            for d in &a.districts {
                check.text(d, "districts");
            }
            if let Some(s) = &a.source {
                check.text(s, "source");
            }
            check.that(
                !a.units.is_empty(),
                &a.service,
                "units",
                "the agreement names no unit; expected units = [\"<site id>\", ...]".to_string(),
            );
            Agreement {
                service: a.service.get_ref().clone(),
                districts: a.districts.iter().map(|d| d.get_ref().clone()).collect(),
                units: check.sites(&a.units, "units", false),
                source: a.source.as_ref().map(|s| s.get_ref().clone()),
            }
        })
        .collect()
}
