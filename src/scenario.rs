//! Scenarios: "what if" changes to a dataset, applied in memory before an
//! appraisal (the dataset's files are never touched).
//!
//! A scenario file is TOML:
//!
//! ```toml
//! name = "Housing growth at Ebbsfleet and Maidstone"
//!
//! [[demand]]              # admissions × factor (one district, or all)
//! district = "Dartford"
//! factor = 1.10
//!
//! [travel]                # every zone → site time × factor + minutes
//! factor = 1.05
//! add_minutes = 0
//!
//! [[site]]                # a site's role: close an out-of-area unit, or
//! id = "PR"               # open one (fixed_open), or make a candidate
//! role = "closed"
//!
//! [[times]]               # replace a site's times from a CSV
//! site = "MW"             # (zone_id,minutes), relative to this file
//! file = "mw-times.csv"
//!
//! [pathways]              # the pathway rule, as in the criteria
//! rule = "ambulance_service"
//! [[pathways.agreement]]  # (replaces the criteria's rule and agreements)
//! service = "LAS"
//! districts = ["Bexley"]
//! units = ["DA"]
//!
//! [[referral]]            # a unit's thrombectomy referral (replaces its own)
//! unit = "WH"
//! centre = "RL"
//! source = "..."
//! ```
//!
//! A `[[site]]` may also give `add_services = ["thrombectomy"]` (a new
//! service on site, e.g. a thrombectomy centre at a candidate).
//!
//! Every table is optional. Problems are reported with file, line and
//! column, all in one pass.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::criteria::{Pathways, PathwaysFile, SiteCatalog, read_pathways, shown};
use crate::error::{Location, Problems};
use crate::files::read::{MAX_SETTINGS_FILE_BYTES, ReadError, read_bounded};
use crate::load::lines::Spans;
use crate::load::table::{CsvTable, FirstSeen, MINUTES, control_character};
use crate::model::{Dataset, Referral, Role, Service, TimeSource};

/// The largest factor a scenario may apply to admissions or to journey
/// times: ten times.
pub const MOST_FACTOR: f64 = 10.0;

/// A scenario, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The file it came from.
    pub path: PathBuf,
    /// Its title.
    pub name: String,
    /// Growth of admissions: (district, or every zone; factor).
    pub demand: Vec<(Option<String>, f64)>,
    /// Every zone → site time × this, then + `add_minutes`.
    pub travel_factor: f64,
    /// Minutes added to every zone → site time.
    pub add_minutes: f64,
    /// Sites whose role changes (site index, new role).
    pub roles: Vec<(usize, Role)>,
    /// Sites whose times are replaced: (site index, per zone minutes).
    pub times: Vec<(usize, Vec<Option<f32>>)>,
    /// Services a site gains (site index, service).
    pub services: Vec<(usize, Service)>,
    /// The pathway rule in force instead of the criteria's.
    pub pathways: Option<Pathways>,
    /// Thrombectomy referrals that replace the referring units' own.
    pub referrals: Vec<Referral>,
    /// Other files the scenario read (times files).
    pub inputs: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: Spanned<String>,
    #[serde(default)]
    demand: Vec<DemandFile>,
    travel: Option<TravelFile>,
    #[serde(default)]
    site: Vec<SiteFile>,
    #[serde(default)]
    times: Vec<TimesFile>,
    pathways: Option<PathwaysFile>,
    #[serde(default)]
    referral: Vec<ReferralFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferralFile {
    unit: Spanned<String>,
    centre: Spanned<String>,
    minutes: Option<Spanned<f64>>,
    source: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemandFile {
    district: Option<Spanned<String>>,
    factor: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TravelFile {
    factor: Spanned<f64>,
    add_minutes: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    id: Spanned<String>,
    role: Option<Spanned<String>>,
    #[serde(default)]
    add_services: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimesFile {
    site: Spanned<String>,
    file: Spanned<String>,
}

/// Reads the scenario file `path` for `data`, reporting every problem.
pub fn load(path: &Path, data: &Dataset, problems: &mut Problems) -> Option<Scenario> {
    let text = match read_bounded(path, MAX_SETTINGS_FILE_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                problems.error(Location::file(path), "expected UTF-8 text");
                return None;
            }
        },
        Err(ReadError::NotFound) => {
            problems.error(
                Location::file(path),
                "file not found; expected a scenario file (TOML; see README, Scenarios)",
            );
            return None;
        }
        Err(e) => {
            problems.error(Location::file(path), e.to_string());
            return None;
        }
    };
    parse(path, &text, data, problems)
}

/// Parses the scenario `text` (read from `path`, against which the files it
/// names are found) for `data`, reporting every problem as [`load`] does.
pub fn parse(path: &Path, text: &str, data: &Dataset, problems: &mut Problems) -> Option<Scenario> {
    let place = Spans::new(path, text);
    let file: File = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let at = e
                .span()
                .map_or_else(|| Location::file(path), |s| place.at(s, "toml"));
            problems.error(at, e.message().trim_end().to_string());
            return None;
        }
    };
    // Problems of the scenario file, then of the tables it names.
    let (mut mine, mut tables) = (Problems::new(), Problems::new());
    let mut error = |span: Range<usize>, key: &str, message: String| {
        mine.error(place.at(span, key), message);
    };
    if let Some(m) = control_character(file.name.get_ref()) {
        error(file.name.span(), "name", m);
    }
    let districts: HashSet<&str> = data.zones.iter().map(|z| z.district.as_str()).collect();
    let mut demand = Vec::new();
    for d in &file.demand {
        let f = *d.factor.get_ref();
        if !(0.0..=MOST_FACTOR).contains(&f) {
            error(
                d.factor.span(),
                "factor",
                format!(
                    "factor is {}; expected a number from 0 to {MOST_FACTOR} (1.1 for 10% more)",
                    shown(f)
                ),
            );
        }
        if let Some(name) = &d.district
            && !districts.contains(name.get_ref().as_str())
        {
            error(
                name.span(),
                "district",
                format!(
                    "no zone of the dataset is in district \"{}\"; expected a district of zones.csv",
                    name.get_ref()
                ),
            );
        }
        demand.push((d.district.as_ref().map(|n| n.get_ref().clone()), f));
    }
    let (travel_factor, add_minutes) = match &file.travel {
        Some(t) => {
            let (f, m) = (*t.factor.get_ref(), *t.add_minutes.get_ref());
            if !(f > 0.0 && f <= MOST_FACTOR) {
                error(
                    t.factor.span(),
                    "factor",
                    format!(
                        "factor is {}; expected a number above 0 and at most {MOST_FACTOR}",
                        shown(f)
                    ),
                );
            }
            if !m.is_finite() || m.abs() > 600.0 {
                error(
                    t.add_minutes.span(),
                    "add_minutes",
                    format!(
                        "add_minutes is {}; expected minutes between -600 and 600",
                        shown(m)
                    ),
                );
            }
            (f, m)
        }
        None => (1.0, 0.0),
    };
    let site =
        |id: &Spanned<String>, key: &str, error: &mut dyn FnMut(Range<usize>, &str, String)| {
            let found = data.site_index(id.get_ref());
            if found.is_none() {
                error(
                    id.span(),
                    key,
                    crate::criteria::unknown_site(id.get_ref(), &data.sites),
                );
            }
            found
        };
    let mut roles = Vec::new();
    let mut services = Vec::new();
    for s in &file.site {
        let index = site(&s.id, "id", &mut error);
        if s.role.is_none() && s.add_services.is_empty() {
            error(
                s.id.span(),
                "id",
                "the [[site]] changes nothing; expected role = \"...\" or add_services = [...]"
                    .to_string(),
            );
        }
        match s.role.as_ref().map(|r| (r, r.get_ref().parse::<Role>())) {
            None => {}
            Some((_, Ok(r))) => roles.extend(index.map(|i| (i, r))),
            Some((role, Err(m))) => {
                error(
                    role.span(),
                    "role",
                    format!("{m}, found \"{}\"", role.get_ref()),
                );
            }
        }
        for name in &s.add_services {
            match name.get_ref().parse::<Service>() {
                Ok(service) => services.extend(index.map(|i| (i, service))),
                Err(m) => error(name.span(), "add_services", m.to_string()),
            }
        }
    }
    let offers =
        |s: usize, service: Service| data.sites[s].has(service) || services.contains(&(s, service));
    let mut referrals: Vec<Referral> = Vec::new();
    for r in &file.referral {
        let unit = site(&r.unit, "unit", &mut error);
        let centre = site(&r.centre, "centre", &mut error);
        if referrals.iter().any(|o| &o.unit == r.unit.get_ref()) {
            error(
                r.unit.span(),
                "unit",
                format!(
                    "unit \"{}\" has two referrals; expected one [[referral]] per unit",
                    r.unit.get_ref()
                ),
            );
        }
        if let Some(c) = centre
            && !offers(c, Service::Thrombectomy)
        {
            error(
                r.centre.span(),
                "centre",
                format!(
                    "site \"{}\" does not offer thrombectomy; expected a thrombectomy centre \
                     (or add_services = [\"thrombectomy\"] in its [[site]])",
                    r.centre.get_ref()
                ),
            );
        }
        if unit.is_some() && unit == centre {
            error(
                r.centre.span(),
                "centre",
                "a unit does not refer to itself; a thrombectomy centre treats its own patients"
                    .to_string(),
            );
        }
        let minutes = r.minutes.as_ref().map(|m| *m.get_ref());
        if let (Some(m), Some(at)) = (minutes, &r.minutes)
            && !(m.is_finite() && (MINUTES.min..=MINUTES.max).contains(&m))
        {
            error(
                at.span(),
                "minutes",
                format!(
                    "minutes is {}; expected minutes from {} to {}",
                    shown(m),
                    MINUTES.min,
                    MINUTES.max
                ),
            );
        }
        if let Some(source) = &r.source
            && let Some(m) = control_character(source.get_ref())
        {
            error(source.span(), "source", m);
        }
        if let (Some(u), Some(c), None) = (unit, centre, minutes)
            && u != c
            && data.site_times.get(u, c).is_none()
        {
            error(
                r.centre.span(),
                "centre",
                format!(
                    "no journey from {} to {}: site_times.csv has no such row; expected \
                     minutes = ... in this [[referral]]",
                    r.unit.get_ref(),
                    r.centre.get_ref()
                ),
            );
        }
        if let (Some(u), Some(c)) = (unit, centre) {
            referrals.push(Referral {
                unit: data.sites[u].id.clone(),
                centre: data.sites[c].id.clone(),
                minutes: minutes.map(|m| m as f32),
                source: r
                    .source
                    .as_ref()
                    .map_or_else(String::new, |s| s.get_ref().clone()),
            });
        }
    }
    let mut pathway_problems = Problems::new();
    let pathways = file.pathways.as_ref().map(|p| {
        read_pathways(
            p,
            &place,
            &SiteCatalog::of(&data.sites),
            &mut pathway_problems,
        )
    });
    let mut times = Vec::new();
    let mut inputs = Vec::new();
    let folder = path.parent().unwrap_or(Path::new("."));
    for t in &file.times {
        let index = site(&t.site, "site", &mut error);
        let csv = folder.join(t.file.get_ref());
        inputs.push(csv.clone());
        if let (Some(i), Some(minutes)) = (index, read_times(&csv, data, &mut tables)) {
            times.push((i, minutes));
        }
    }
    if let Some(t) = &file.travel {
        let (f, m) = (travel_factor, add_minutes);
        let longest = longest_after_times(data, &times);
        let after = longest * f + m;
        if f > 0.0 && f <= MOST_FACTOR && m.abs() <= 600.0 && after > MINUTES.max {
            error(
                t.factor.span(),
                "factor",
                format!(
                    "factor {f} with add_minutes {m} makes the longest journey ({longest:.1} \
                     minutes) {after:.1} minutes, more than a day; expected journeys of at most \
                     {} minutes",
                    MINUTES.max
                ),
            );
        }
    }
    mine.extend(pathway_problems);
    mine.extend(tables);
    let failed = mine.has_errors();
    problems.extend(mine);
    if failed {
        return None;
    }
    Some(Scenario {
        path: path.to_path_buf(),
        name: file.name.into_inner(),
        demand,
        travel_factor,
        add_minutes,
        roles,
        times,
        services,
        pathways,
        referrals,
        inputs,
    })
}

/// The longest zone → site time once the scenario's times tables replace
/// their sites' times.
fn longest_after_times(data: &Dataset, times: &[(usize, Vec<Option<f32>>)]) -> f64 {
    let replaced = |s: usize| times.iter().any(|(r, _)| *r == s);
    let kept = (0..data.zones.len())
        .flat_map(|z| (0..data.sites.len()).map(move |s| (z, s)))
        .filter(|&(_, s)| !replaced(s))
        .filter_map(|(z, s)| data.travel.get(z, s));
    let new = times.iter().flat_map(|(_, m)| m.iter().flatten().copied());
    kept.chain(new).fold(0.0f32, f32::max).into()
}

/// Reads a `zone_id,minutes` table of times to one site.
fn read_times(path: &Path, data: &Dataset, problems: &mut Problems) -> Option<Vec<Option<f32>>> {
    let mut table = CsvTable::open(path, "a table of times (zone_id,minutes)", problems)?;
    let ([zone, minutes], []) = table.columns(["zone_id", "minutes"], [], problems)?;
    let mut out = vec![None; data.zones.len()];
    let before = problems.error_count();
    let mut seen = FirstSeen::default();
    table.for_each_good_row(problems, |row, problems| {
        if !seen.check(row, zone, "zone", row.text(zone), problems) {
            return;
        }
        let Some(z) = data.zone_index(row.text(zone)) else {
            problems.error(
                row.at(zone),
                format!(
                    "unknown zone \"{}\"; expected a zone id from zones.csv",
                    row.text(zone)
                ),
            );
            return;
        };
        if let Some(m) = row.number(minutes, &MINUTES, problems) {
            out[z] = Some(m as f32);
        }
    });
    (problems.error_count() == before).then_some(out)
}

impl Scenario {
    /// Applies the scenario to `data`: demand, then site roles, then
    /// replaced times, then the travel uplift on every time.
    pub fn apply(&self, data: &mut Dataset) {
        for (district, factor) in &self.demand {
            for z in data
                .zones
                .iter_mut()
                .filter(|z| district.as_ref().is_none_or(|d| &z.district == d))
            {
                z.admissions *= factor;
            }
        }
        for &(s, role) in &self.roles {
            data.sites[s].role = role;
        }
        for &(s, service) in &self.services {
            let site = &mut data.sites[s];
            if !site.has(service) {
                site.services.push(service);
                site.services.sort();
            }
        }
        for r in &self.referrals {
            data.referrals.retain(|o| o.unit != r.unit);
            data.referrals.push(r.clone());
        }
        data.referrals.sort_by(|a, b| a.unit.cmp(&b.unit));
        for (s, minutes) in &self.times {
            for (z, m) in minutes.iter().enumerate() {
                match m {
                    Some(m) => data.travel.set(z, *s, *m, TimeSource::Matrix),
                    None => data.travel.clear(z, *s),
                }
            }
        }
        if self.travel_factor != 1.0 || self.add_minutes != 0.0 {
            for z in 0..data.zones.len() {
                for s in 0..data.sites.len() {
                    if let (Some(t), Some(src)) = (data.travel.get(z, s), data.travel.source(z, s))
                    {
                        let new = (f64::from(t) * self.travel_factor + self.add_minutes).max(0.0);
                        data.travel.set(z, s, new as f32, src);
                    }
                }
            }
        }
    }
}
