//! Residual transfer: what the fitted network still gets wrong at each
//! published site, carried over to a new site zone by zone.

use rayon::prelude::*;

use super::calibrate::{Calibration, Observed};
use super::paths::tree;
use super::{Network, km_between};

/// Largest misfit (minutes, either way) that residual transfer carries
/// over to a new site.
pub const MOST_TRANSFERRED: f64 = 15.0;

/// What the fitted network still gets wrong at each known site: published
/// minus modelled minutes from every zone with a published time (long trips
/// included). A new site's estimate borrows its nearby known sites' misfits
/// zone by zone, so that what the zone-level network cannot see (a slow
/// junction, a river crossing) carries over to sites that share the
/// roads. Measured on Kent and Medway with `hasu network check`: mean
/// absolute error 2.31 → 2.19 minutes over the 10 held-out sites (2.24 at
/// 40 km, 2.30 at 10 km). It cannot remove a site's own bias, which comes
/// from the last stretch of road to the hospital.
///
/// A misfit larger than [`MOST_TRANSFERRED`] is not carried over: it is more
/// likely the published time's own fault (`hasu validate` warns about such
/// times) than a road the network misses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Residuals {
    /// The transfer's length scale, km (0: none).
    pub length_km: f64,
    /// Per known site: its location, and its misfit from each zone
    /// (minutes, NaN where no time is published or the misfit is not
    /// carried over; NaN never equals itself, so two calibrations of data
    /// with unknown times do not compare equal).
    pub sites: Vec<(geo::Point<f64>, Vec<f32>)>,
}

impl Residuals {
    /// The misfits of `calibration` (its residuals ignored) at every site of
    /// `observed`, to be transferred over `length_km`.
    pub(super) fn of(
        network: &Network,
        calibration: &Calibration,
        observed: &[Observed],
        length_km: f64,
    ) -> Residuals {
        if length_km <= 0.0 {
            return Residuals::default();
        }
        let weights = calibration.link_minutes(network);
        let sites = observed
            .par_iter()
            .map(|o| {
                let t = tree(
                    &network.adjacency,
                    &weights,
                    &calibration.sources(&o.attachment),
                );
                let misfit = (0..network.zones())
                    .map(|z| o.minutes[z] - (calibration.intercept + t.dist[z]))
                    .map(|m| if m.abs() > MOST_TRANSFERRED { f64::NAN } else { m } as f32)
                    .collect();
                (o.location, misfit)
            })
            .collect();
        Residuals { length_km, sites }
    }

    /// The correction of a new site at `location`, per zone (minutes to
    /// add): the distance-weighted mean of the known sites' misfits from
    /// the zone; 0 where no known site weighs in.
    pub fn correction(&self, location: geo::Point<f64>, zones: usize) -> Vec<f64> {
        let mut sum = vec![0.0; zones];
        let mut weight = vec![0.0; zones];
        for (p, misfit) in &self.sites {
            let w = (-(km_between(location, *p) / self.length_km).powi(2)).exp();
            if w < 1e-12 {
                continue;
            }
            for (z, &m) in misfit.iter().enumerate() {
                if !m.is_nan() {
                    sum[z] += w * f64::from(m);
                    weight[z] += w;
                }
            }
        }
        sum.iter()
            .zip(&weight)
            .map(|(s, w)| if *w > 0.0 { s / w } else { 0.0 })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::NetworkSettings;
    use crate::network::calibrate::{CalibrationSettings, calibrate};
    use geo::Point;
    use std::collections::BTreeSet;

    /// Residual transfer: a Gaussian-weighted mean of the known sites'
    /// misfits, zone by zone, skipping unknown (NaN) misfits; nothing where
    /// no site weighs in.
    #[test]
    fn residual_transfer_weighs_nearby_sites_by_distance() {
        let here = Point::new(0.0, 51.3);
        // 10 km east (0.1437° of longitude at 51.3° is about 10 km).
        let east = Point::new(0.1437, 51.3);
        let r = Residuals {
            length_km: 10.0,
            sites: vec![
                (here, vec![2.0, f32::NAN, f32::NAN]),
                (east, vec![-1.0, 4.0, f32::NAN]),
            ],
        };
        let c = r.correction(here, 3);
        let w = (-(km_between(here, east) / 10.0).powi(2)).exp();
        assert!((w - (-1.0f64).exp()).abs() < 0.01, "{w}");
        assert!((c[0] - (2.0 - w) / (1.0 + w)).abs() < 1e-9, "{c:?}");
        assert!((c[1] - 4.0).abs() < 1e-9, "{c:?}");
        assert_eq!(c[2], 0.0);
    }

    /// A misfit beyond [`MOST_TRANSFERRED`] is not carried over, and a
    /// calibration with transfer off keeps no residuals.
    #[test]
    fn large_misfits_are_not_transferred() {
        let points: Vec<Point<f64>> = (0..3)
            .map(|i| Point::new(i as f64 * 0.01437, 51.3))
            .collect();
        let pairs: BTreeSet<(usize, usize)> = [(0, 1), (1, 2)].into_iter().collect();
        let network = Network::from_pairs(points.clone(), &pairs, &NetworkSettings::default());
        let site = points[0];
        let observed = vec![Observed {
            location: site,
            attachment: network.attach(site).unwrap(),
            minutes: vec![5.0, 7.0, 60.0],
        }];
        let settings = CalibrationSettings::default();
        let c = calibrate(&network, &observed, &settings, &mut |_, _| true).unwrap();
        let misfits = &c.residuals.sites[0].1;
        assert!(
            misfits[0].is_finite() && misfits[1].is_finite(),
            "{misfits:?}"
        );
        assert!(misfits[2].is_nan(), "{misfits:?}");
        let off = CalibrationSettings {
            transfer_km: 0.0,
            ..settings
        };
        let c = calibrate(&network, &observed, &off, &mut |_, _| true).unwrap();
        assert!(c.residuals.sites.is_empty());
    }
}
