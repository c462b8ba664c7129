//! How ambulances choose a unit for a zone's patients: the pathway rule of
//! the criteria (`[pathways]`), with any cross-boundary agreements.

use serde::Serialize;

/// Which units a zone's patients may be taken to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathwayRule {
    /// The nearest open unit that the zone's ambulance service conveys to:
    /// units in its own area, and those an agreement adds (a zone or unit
    /// whose service is not known may go anywhere).
    AmbulanceService,
    /// The road-nearest open unit, whatever the service.
    Nearest,
}

impl PathwayRule {
    /// The word used in criteria files.
    pub fn as_str(self) -> &'static str {
        match self {
            PathwayRule::AmbulanceService => "ambulance_service",
            PathwayRule::Nearest => "nearest",
        }
    }
}

/// A cross-boundary agreement: a service also conveys (some of) its zones'
/// patients to units in another service's area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The conveying ambulance service (e.g. `LAS`).
    pub service: String,
    /// Only its zones in these districts (every zone of the service when
    /// empty).
    pub districts: Vec<String>,
    /// The units it also conveys to (site indices, sorted).
    pub units: Vec<usize>,
    /// Where the agreement is known from.
    pub source: Option<String>,
}

/// The pathway rule in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pathways {
    /// The rule.
    pub rule: PathwayRule,
    /// Agreements across service boundaries (with the `ambulance_service`
    /// rule).
    pub agreements: Vec<Agreement>,
    /// Where the rule is known from.
    pub source: Option<String>,
}

impl Default for Pathways {
    /// The ambulance-service rule with no agreement.
    fn default() -> Pathways {
        Pathways {
            rule: PathwayRule::AmbulanceService,
            agreements: Vec::new(),
            source: None,
        }
    }
}
