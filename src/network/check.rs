//! The accuracy check: hide each site's known times, estimate them from the
//! rest, and compare with the truth — beside a straight-line baseline
//! (`minutes = a + b × km`, least squares on the other sites' known times).

use std::fmt;

use serde::Serialize;

use super::calibrate::{CalibrationSettings, calibrate};
use super::estimate::{estimate, observations};
use super::{Network, km_between};
use crate::error::{Error, Result};
use crate::model::{Dataset, TimeSource};
use crate::summary::truncate;

/// How far estimates are from the truth over the zones compared.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Errors {
    /// Mean signed error (estimate − truth), minutes: positive when the
    /// estimates are too long.
    pub bias: f64,
    /// Standard deviation of the signed error around the bias, minutes.
    pub sd: f64,
    /// Mean absolute error, minutes.
    pub mean: f64,
    /// Median absolute error, minutes.
    pub median: f64,
    /// 90th percentile of the absolute error, minutes.
    pub p90: f64,
    /// Largest absolute error, minutes.
    pub max: f64,
    /// Share of zones whose nearest site (among sites that could open)
    /// changes when the estimates replace the truth.
    pub nearest_changed: f64,
}

/// The result for one held-out site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldOut {
    /// Site id.
    pub site: String,
    /// Site name.
    pub name: String,
    /// Zones with a known time to the site, compared.
    pub zones: usize,
    /// Distance to the nearest other site with known times, km.
    pub nearest_site_km: f64,
    /// The network model's errors.
    pub network: Errors,
    /// The straight-line baseline's errors.
    pub baseline: Errors,
    /// The baseline's fitted intercept (minutes) and slope (minutes per km).
    pub baseline_fit: [f64; 2],
    /// How the calibration without this site went.
    pub calibration: String,
    /// Zones within [`DETOUR_KM`] of the site whose estimate is more than
    /// twice the published time: places where the network models a detour
    /// a direct road avoids.
    pub detours: Vec<Detour>,
    /// The network's signed errors split by district.
    #[serde(skip)]
    pub districts: Districts,
}

/// A held-out site's signed errors split by the zones' districts: how far
/// each district's mean error is from the site's, and the spread of the
/// zones around their district's mean.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Districts {
    /// Per district with zones compared: its zones, and its mean error
    /// minus the site's bias (minutes).
    pub shifts: Vec<(usize, f64)>,
    /// Sum of squared errors around their district's mean, and its degrees
    /// of freedom.
    pub within: (f64, usize),
}

impl Districts {
    /// Splits `signed` (zone, error) by the zones' districts (`district`
    /// names a zone's), around the site's `bias`.
    fn of<'a>(
        district: impl Fn(usize) -> &'a str,
        signed: &[(usize, f64)],
        bias: f64,
    ) -> Districts {
        let mut by: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
        for &(z, e) in signed {
            by.entry(district(z)).or_default().push(e);
        }
        let mut d = Districts::default();
        for errors in by.values() {
            let n = errors.len();
            let mean = errors.iter().sum::<f64>() / n as f64;
            d.shifts.push((n, mean - bias));
            d.within.0 += errors.iter().map(|e| (e - mean).powi(2)).sum::<f64>();
            d.within.1 += n - 1;
        }
        d
    }
}

/// How near a zone must be to a held-out site for a doubled estimate to
/// count as a detour, km.
pub const DETOUR_KM: f64 = 15.0;

/// A zone near a held-out site whose estimate is more than twice the truth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detour {
    /// The zone's id.
    pub zone: String,
    /// Straight-line distance to the site, km.
    pub km: f64,
    /// The published time, minutes.
    pub published: f64,
    /// The network's estimate, minutes.
    pub estimated: f64,
}

/// A site that was not held out, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// Site id.
    pub site: String,
    /// Why.
    pub reason: String,
}

/// The whole check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// One row per held-out site, in dataset order.
    pub held_out: Vec<HeldOut>,
    /// Sites with known times that could not be held out.
    pub skipped: Vec<Skipped>,
    /// Mean over held-out sites of the network's mean absolute error.
    pub network_mean: f64,
    /// Mean over held-out sites of the baseline's mean absolute error.
    pub baseline_mean: f64,
    /// The network's signed error over every compared zone of every
    /// held-out site (its bias and spread): what an estimated time may be
    /// off by, for the uncertainty in criteria files.
    pub network_pooled: Pooled,
}

/// Signed errors pooled over every held-out site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pooled {
    /// Mean signed error, minutes.
    pub bias: f64,
    /// Standard deviation over held-out sites of their bias, minutes: how
    /// much a whole site's estimates may be shifted.
    pub site_sd: f64,
    /// Standard deviation of a district's shift around its site's,
    /// minutes: the part of the error that zones of one district share
    /// (the between-district variance with the zones' own noise taken out,
    /// pooled over sites and districts, each district weighing alike).
    pub district_sd: f64,
    /// Standard deviation of a zone's error around its district's shift,
    /// minutes, pooled over sites.
    pub zone_sd: f64,
}

impl Pooled {
    /// Pools the held-out sites' errors.
    fn of(held_out: &[HeldOut]) -> Pooled {
        let n = held_out.len() as f64;
        let bias = held_out.iter().map(|r| r.network.bias).sum::<f64>() / n;
        let site_sd = (held_out
            .iter()
            .map(|r| (r.network.bias - bias).powi(2))
            .sum::<f64>()
            / (n - 1.0).max(1.0))
        .sqrt();
        let (ss, df) = held_out.iter().fold((0.0, 0), |(ss, df), r| {
            (ss + r.districts.within.0, df + r.districts.within.1)
        });
        let zone_var = ss / df.max(1) as f64;
        let shifts: Vec<(usize, f64)> = held_out
            .iter()
            .flat_map(|r| r.districts.shifts.iter().copied())
            .collect();
        let district_var = shifts
            .iter()
            .map(|&(z, d)| d * d - zone_var / z as f64)
            .sum::<f64>()
            / shifts.len().max(1) as f64;
        Pooled {
            bias,
            site_sd,
            district_sd: district_var.max(0.0).sqrt(),
            zone_sd: zone_var.sqrt(),
        }
    }
}

/// Holds out, in turn, every site that has known (matrix) times, lies
/// within the network's reach and has another such site within
/// `nearby_km`; calibrates on the rest, estimates the site, and compares.
/// `progress(done, total)` is called before each site and once at the end;
/// when it returns false the check stops.
///
/// # Errors
/// Refuses when no site can be held out, or when `progress` stops it.
pub fn check(
    data: &Dataset,
    network: &Network,
    settings: &CalibrationSettings,
    nearby_km: f64,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Check> {
    let known: Vec<usize> = (0..data.sites.len())
        .filter(|&s| {
            (0..data.zones.len()).any(|z| data.travel.source(z, s) == Some(TimeSource::Matrix))
        })
        .collect();
    let mut held_out = Vec::new();
    let mut skipped = Vec::new();
    for (done, &h) in known.iter().enumerate() {
        if !progress(done, known.len()) {
            return Err(Error::Refused("interrupted; nothing written".to_string()));
        }
        let site = &data.sites[h];
        let nearest_site_km = known
            .iter()
            .filter(|&&s| s != h)
            .map(|&s| km_between(site.location, data.sites[s].location))
            .fold(f64::INFINITY, f64::min);
        let skip = |reason: String| Skipped {
            site: site.id.clone(),
            reason,
        };
        if let Err(e) = network.attach(site.location) {
            skipped.push(skip(e.to_string()));
            continue;
        }
        if nearest_site_km > nearby_km {
            skipped.push(skip(format!(
                "no other site with known times within {nearby_km} km (nearest {nearest_site_km:.1} km)"
            )));
            continue;
        }
        let observed = observations(network, data, Some(h));
        let calibration = calibrate(network, &observed, settings, &mut |_, _| {
            progress(done, known.len())
        })?;
        let places: Vec<_> = Vec::new();
        let estimated = estimate(network, &calibration, site.location, &places)?;
        let baseline_fit = straight_line_fit(data, &known, h);
        let truth: Vec<(usize, f64)> = (0..data.zones.len())
            .filter(|&z| data.travel.source(z, h) == Some(TimeSource::Matrix))
            .filter_map(|z| data.travel.get(z, h).map(|m| (z, f64::from(m))))
            .collect();
        let model = |z: usize| f64::from(estimated.zones[z]);
        let line = |z: usize| {
            baseline_fit[0] + baseline_fit[1] * km_between(data.zones[z].location, site.location)
        };
        let detours = truth
            .iter()
            .filter_map(|&(z, t)| {
                let km = km_between(data.zones[z].location, site.location);
                (km <= DETOUR_KM && model(z) > 2.0 * t).then(|| Detour {
                    zone: data.zones[z].id.clone(),
                    km,
                    published: t,
                    estimated: model(z),
                })
            })
            .collect();
        let network_errors = errors(data, h, &truth, model);
        let signed: Vec<(usize, f64)> = truth.iter().map(|&(z, t)| (z, model(z) - t)).collect();
        held_out.push(HeldOut {
            districts: Districts::of(|z| &data.zones[z].district, &signed, network_errors.bias),
            detours,
            site: site.id.clone(),
            name: site.name.clone(),
            zones: truth.len(),
            nearest_site_km,
            network: network_errors,
            baseline: errors(data, h, &truth, line),
            baseline_fit,
            calibration: calibration.to_string(),
        });
    }
    progress(known.len(), known.len());
    if held_out.is_empty() {
        return Err(Error::Refused(
            "no site can be held out: the check needs sites with known times inside the network's reach and near another such site".to_string(),
        ));
    }
    let n = held_out.len() as f64;
    Ok(Check {
        network_pooled: Pooled::of(&held_out),
        network_mean: held_out.iter().map(|r| r.network.mean).sum::<f64>() / n,
        baseline_mean: held_out.iter().map(|r| r.baseline.mean).sum::<f64>() / n,
        held_out,
        skipped,
    })
}

/// Least-squares `minutes = a + b × km` over the known times of every site
/// in `known` but `except`.
fn straight_line_fit(data: &Dataset, known: &[usize], except: usize) -> [f64; 2] {
    let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for &s in known.iter().filter(|&&s| s != except) {
        for (z, zone) in data.zones.iter().enumerate() {
            if data.travel.source(z, s) == Some(TimeSource::Matrix)
                && let Some(m) = data.travel.get(z, s)
            {
                let x = km_between(zone.location, data.sites[s].location);
                let y = f64::from(m);
                n += 1.0;
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
        }
    }
    let b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    [(sy - b * sx) / n, b]
}

/// Errors of `estimate` against `truth` for site `h`.
fn errors(
    data: &Dataset,
    h: usize,
    truth: &[(usize, f64)],
    estimate: impl Fn(usize) -> f64,
) -> Errors {
    let signed: Vec<f64> = truth.iter().map(|&(z, t)| estimate(z) - t).collect();
    let n = signed.len() as f64;
    let bias = signed.iter().sum::<f64>() / n;
    let sd = (signed.iter().map(|e| (e - bias).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    let mut abs: Vec<f64> = signed.iter().map(|e| e.abs()).collect();
    abs.sort_by(f64::total_cmp);
    let quantile = |q: f64| abs[((abs.len() - 1) as f64 * q).round() as usize];
    let open: Vec<usize> = (0..data.sites.len())
        .filter(|&s| data.sites[s].role.can_open())
        .collect();
    let nearest = |z: usize, h_minutes: f64| {
        open.iter()
            .filter_map(|&s| {
                let m = if s == h {
                    Some(h_minutes)
                } else {
                    data.travel.get(z, s).map(f64::from)
                };
                m.map(|m| (m, s))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, s)| s)
    };
    let changed = truth
        .iter()
        .filter(|&&(z, t)| nearest(z, t) != nearest(z, estimate(z)))
        .count();
    Errors {
        bias,
        sd,
        mean: abs.iter().sum::<f64>() / abs.len() as f64,
        median: quantile(0.5),
        p90: quantile(0.9),
        max: abs[abs.len() - 1],
        nearest_changed: changed as f64 / truth.len() as f64,
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<5} {:<34} {:>5} {:>6} | {:>40} | {:>40}",
            "site",
            "name",
            "zones",
            "km",
            "network: bias mean median p90 max  moved",
            "baseline: bias mean median p90 max  moved"
        )?;
        for r in &self.held_out {
            let row = |e: &Errors| {
                format!(
                    "{:>+6.2} {:>6.2} {:>6.2} {:>5.2} {:>5.1} {:>5.1}%",
                    e.bias,
                    e.mean,
                    e.median,
                    e.p90,
                    e.max,
                    100.0 * e.nearest_changed
                )
            };
            writeln!(
                f,
                "{:<5} {:<34} {:>5} {:>6.1} | {:>40} | {:>40}",
                r.site,
                truncate(&r.name, 34),
                r.zones,
                r.nearest_site_km,
                row(&r.network),
                row(&r.baseline)
            )?;
        }
        writeln!(
            f,
            "mean absolute error over {} held-out sites: network {:.2} minutes, baseline {:.2} minutes",
            self.held_out.len(),
            self.network_mean,
            self.baseline_mean
        )?;
        let p = &self.network_pooled;
        writeln!(
            f,
            "network signed error (estimate − published): bias {:+.2} minutes; a site's bias varies by {:.2} (sd over sites), a district's error by {:.2} around its site's (sd), a zone's by {:.2} around its district's (sd): the [uncertainty.travel] estimated_* values",
            p.bias, p.site_sd, p.district_sd, p.zone_sd
        )?;
        for r in &self.held_out {
            for d in &r.detours {
                writeln!(
                    f,
                    "detour: {} zone {} is {:.1} km away; published {:.1} minutes, estimated {:.1}",
                    r.site, d.zone, d.km, d.published, d.estimated
                )?;
            }
        }
        let detours: usize = self.held_out.iter().map(|r| r.detours.len()).sum();
        writeln!(
            f,
            "zones within {DETOUR_KM} km of a held-out site estimated at more than twice the published time: {detours}"
        )?;
        for s in &self.skipped {
            writeln!(f, "not held out: {} ({})", s.site, s.reason)?;
        }
        writeln!(
            f,
            "Columns: each site's published times are hidden and estimated from the other sites'. \
             zones: zones compared; km: from the site to the nearest other site with known times; \
             network: hasu's calibrated road network; baseline: a straight line fitted to the \
             other sites' times (minutes = a + b × km); bias: mean of estimate − published \
             (minutes; + is slower than published); mean, median, p90, max: of the absolute \
             error (minutes); moved: share of zones whose nearest site changes when the \
             estimates replace the published times."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held_out(bias: f64, districts: Districts) -> HeldOut {
        let e = Errors {
            bias,
            sd: 0.0,
            mean: 0.0,
            median: 0.0,
            p90: 0.0,
            max: 0.0,
            nearest_changed: 0.0,
        };
        HeldOut {
            site: String::new(),
            name: String::new(),
            zones: 0,
            nearest_site_km: 0.0,
            network: e,
            baseline: e,
            baseline_fit: [0.0, 0.0],
            calibration: String::new(),
            detours: Vec::new(),
            districts,
        }
    }

    /// Two districts of four zones each, their errors 3 ± 1 and −1 ± 1
    /// around a site bias of 1: district shifts +2 and −2, squared
    /// deviations within districts 4 × 1 each.
    #[test]
    fn errors_split_into_site_district_and_zone_parts() {
        let errors = [4.0, 2.0, 4.0, 2.0, 0.0, -2.0, 0.0, -2.0];
        let signed: Vec<(usize, f64)> = errors.iter().copied().enumerate().collect();
        let d = Districts::of(|z| if z < 4 { "North" } else { "South" }, &signed, 1.0);
        assert_eq!(d.shifts, vec![(4, 2.0), (4, -2.0)]);
        assert_eq!(d.within, (8.0, 6));
        // Two sites alike but for their biases, +1 and −1.
        let mirrored = Districts {
            shifts: vec![(4, -2.0), (4, 2.0)],
            within: (8.0, 6),
        };
        let p = Pooled::of(&[held_out(1.0, d), held_out(-1.0, mirrored)]);
        assert_eq!(p.bias, 0.0);
        assert!((p.site_sd - 2f64.sqrt()).abs() < 1e-12, "{p:?}");
        // Zones: 16 / 12; districts: 4 less the zones' share of it, 4/3 / 4.
        let zone_var: f64 = 16.0 / 12.0;
        assert!((p.zone_sd - zone_var.sqrt()).abs() < 1e-12, "{p:?}");
        assert!(
            (p.district_sd - (4.0 - zone_var / 4.0).sqrt()).abs() < 1e-12,
            "{p:?}"
        );
    }
}
