//! Estimation: travel times for a site from its coordinates alone.

use geo::Point;

use super::calibrate::{Calibration, Observed};
use super::paths::tree;
use super::{Attachment, Network};
use crate::error::{Error, Result};
use crate::model::{Dataset, TimeSource};

/// Estimated times are stored to this many decimal places of a minute, as
/// the public matrices are.
const DECIMALS: i32 = 1;

fn round(minutes: f64) -> f32 {
    let k = 10f64.powi(DECIMALS);
    ((minutes * k).round() / k) as f32
}

/// Estimated times from a site at `location`.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// How the site joins the network.
    pub attachment: Attachment,
    /// Minutes from each zone (rounded to 0.1).
    pub zones: Vec<f32>,
    /// Minutes to each given other place (rounded to 0.1).
    pub places: Vec<f32>,
}

/// Estimates the minutes between a site at `location` and every zone (the
/// network's shortest paths, corrected by the calibration's residual
/// transfer), and every point of `places` (other sites; shortest paths
/// only).
///
/// # Errors
/// Refuses a location that is not a valid coordinate or is outside the
/// region's reach.
pub fn estimate(
    network: &Network,
    calibration: &Calibration,
    location: Point<f64>,
    places: &[Point<f64>],
) -> Result<Estimate> {
    let attachment = network.attach(location)?;
    let weights = calibration.link_minutes(network);
    let t = tree(
        &network.adjacency,
        &weights,
        &calibration.sources(&attachment),
    );
    let correction = calibration.residuals.correction(location, network.zones());
    let zones = (0..network.zones())
        .map(|z| round((calibration.intercept + t.dist[z] + correction[z]).max(0.0)))
        .collect();
    let places = places
        .iter()
        .map(|&p| {
            let arrive = network
                .nearest(p)
                .links
                .iter()
                .map(|&(z, km)| t.dist[z] + km * calibration.access_pace)
                .fold(f64::INFINITY, f64::min);
            round(calibration.intercept + arrive)
        })
        .collect();
    Ok(Estimate {
        attachment,
        zones,
        places,
    })
}

/// The known times of a dataset, as calibration observes them: every site
/// with travel times from a published matrix (estimated times are never fed
/// back), except `except`.
pub fn observations(network: &Network, data: &Dataset, except: Option<usize>) -> Vec<Observed> {
    (0..data.sites.len())
        .filter(|&s| Some(s) != except)
        .filter_map(|s| {
            let minutes: Vec<f64> = (0..data.zones.len())
                .map(|z| match data.travel.source(z, s) {
                    Some(TimeSource::Matrix) => data.travel.get(z, s).map_or(f64::NAN, f64::from),
                    _ => f64::NAN,
                })
                .collect();
            minutes.iter().any(|m| !m.is_nan()).then(|| Observed {
                location: data.sites[s].location,
                attachment: network.nearest(data.sites[s].location),
                minutes,
            })
        })
        .collect()
}

/// Whether site `site` has a time from every zone and to and from every site.
pub fn has_every_time(data: &Dataset, site: usize) -> bool {
    data.travel.known_in_column(site) == data.zones.len()
        && (0..data.sites.len()).all(|o| {
            data.site_times.get(site, o).is_some() && data.site_times.get(o, site).is_some()
        })
}

/// What [`estimate_site`] changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// Zone → site times written.
    pub zones: usize,
    /// Site ↔ site transfer times written.
    pub transfers: usize,
}

/// Fills every missing travel time of site `site` (and its missing transfer
/// times to and from other sites) with estimates, marked `estimated`.
/// Times from a matrix are kept; a site with every time is left alone.
///
/// # Errors
/// Refuses a site outside the region's reach.
pub fn estimate_site(
    data: &mut Dataset,
    network: &Network,
    calibration: &Calibration,
    site: usize,
) -> Result<Filled> {
    if network.zones() != data.zones.len() {
        return Err(Error::Refused(
            "the network was built for another set of zones".to_string(),
        ));
    }
    let mut filled = Filled {
        zones: 0,
        transfers: 0,
    };
    if has_every_time(data, site) {
        return Ok(filled);
    }
    let others: Vec<Point<f64>> = data.sites.iter().map(|s| s.location).collect();
    let found = estimate(network, calibration, data.sites[site].location, &others)
        .map_err(|e| Error::Refused(format!("site \"{}\": {e}", data.sites[site].id)))?;
    for (z, &m) in found.zones.iter().enumerate() {
        if data.travel.get(z, site).is_none() {
            data.travel.set(z, site, m, TimeSource::Estimated);
            filled.zones += 1;
        }
    }
    for (other, &m) in found.places.iter().enumerate() {
        let m = if other == site { 0.0 } else { m };
        for (a, b) in [(site, other), (other, site)] {
            if data.site_times.get(a, b).is_none() {
                data.site_times.set(a, b, m, TimeSource::Estimated);
                filled.transfers += 1;
            }
            if a == b {
                break;
            }
        }
    }
    Ok(filled)
}
