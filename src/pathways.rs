//! Patients follow ambulance protocols, not only roads: under the
//! `ambulance_service` rule a zone's patients go to the nearest open unit
//! that its ambulance service conveys to (units in the service's own area,
//! and those a cross-boundary agreement adds). [`convey`] applies the rule
//! to a dataset before it is appraised, by forgetting the travel times of
//! the zone–unit pairs the rule rules out: every later figure (today, every
//! option, the outcomes, the packs) then follows the rule.

use std::collections::BTreeSet;

use crate::criteria::{PathwayRule, Pathways};
use crate::error::{Error, Result};
use crate::model::Dataset;

/// What [`convey`] ruled out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conveyed {
    /// Zone–unit pairs whose time was dropped.
    pub pairs_ruled_out: usize,
    /// Zones that keep no unit they may be taken to (their service conveys
    /// to no unit with a time): they count as unreachable.
    pub zones_without_unit: usize,
}

/// Applies `rules` to `data`: drops the time of every zone–site pair the
/// rule rules out.
///
/// # Errors
/// Refuses an agreement whose service conveys no zone of the dataset (a
/// misspelt service would otherwise change nothing, silently).
pub fn convey(data: &mut Dataset, rules: &Pathways) -> Result<Conveyed> {
    if rules.rule == PathwayRule::Nearest {
        return Ok(Conveyed::default());
    }
    let services: BTreeSet<&str> = data
        .zones
        .iter()
        .map(|z| z.ambulance.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(a) = rules
        .agreements
        .iter()
        .find(|a| !services.contains(a.service.as_str()))
    {
        return Err(Error::Refused(format!(
            "the pathway agreement for service \"{}\" names no ambulance service of the \
             dataset's zones; expected one of {}",
            a.service,
            services.iter().copied().collect::<Vec<_>>().join(", ")
        )));
    }
    let mut out = Conveyed::default();
    for z in 0..data.zones.len() {
        let zone = &data.zones[z];
        if zone.ambulance.is_empty() {
            continue;
        }
        let extra: BTreeSet<usize> = rules
            .agreements
            .iter()
            .filter(|a| {
                a.service == zone.ambulance
                    && (a.districts.is_empty() || a.districts.contains(&zone.district))
            })
            .flat_map(|a| a.units.iter().copied())
            .collect();
        let barred: Vec<usize> = (0..data.sites.len())
            .filter(|&s| {
                let service = &data.sites[s].ambulance;
                !service.is_empty() && *service != zone.ambulance && !extra.contains(&s)
            })
            .filter(|&s| data.travel.get(z, s).is_some())
            .collect();
        for &s in &barred {
            data.travel.clear(z, s);
        }
        out.pairs_ruled_out += barred.len();
        if (0..data.sites.len()).all(|s| data.travel.get(z, s).is_none()) {
            out.zones_without_unit += 1;
        }
    }
    Ok(out)
}
