//! Calibration: fit every link of the [`Network`] so that shortest paths
//! reproduce the known zone → site times.
//!
//! # Model
//! The time from zone `z` to a site is `intercept + d(z)`, where `d` is the
//! shortest path from the site (its access links cost `access pace × km`)
//! to `z`'s local node over links costing `scale × parameter` (a pace in
//! minutes per km for roads, minutes for ramps).
//!
//! The intercept is the time of a zero-length trip, measured before fitting
//! as the intercept of a least-squares line through the known trips of up to
//! [`CalibrationSettings::short_trip_km`], and then held fixed: left free,
//! it drifts up to buy accuracy on long trips with accuracy on short ones
//! (measured on Kent and Medway: held-out error 3.4 minutes free, 2.5
//! fixed). Only trips of up to [`CalibrationSettings::max_trip_minutes`] are
//! fitted: the journeys that matter for hyperacute stroke care.
//!
//! # Method
//! Levenberg–Marquardt on the sum of squared misfits plus a ridge penalty
//! `regularisation × Σ (parameter − prior)²` that keeps links no known trip
//! uses at their prior. Each iteration fixes the shortest-path trees, so the
//! model is linear in the parameters, and solves the damped normal equations
//! with conjugate gradients; `J·x` and `Jᵀ·u` are one pass down and one pass
//! up each tree. A step is kept only if the objective falls (trees are
//! regrown to check), otherwise damping grows. Work is split over sites with
//! rayon in fixed chunks summed in a fixed order, so the result does not
//! depend on the number of threads.
//!
//! Every run says why it stopped ([`StopReason`]).

use std::fmt;

use rayon::prelude::*;

use super::paths::{NONE, Tree, tree};
use super::residuals::Residuals;
use super::{Attachment, LinkKind, Network, km_between};
use crate::error::{Error, Result};

/// Settings of the calibration. The defaults are the values `hasu network
/// check` was measured with.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationSettings {
    /// Stop after this many iterations.
    pub max_iterations: usize,
    /// Stop when an accepted step lowers the objective by less than this
    /// fraction twice in a row.
    pub tolerance: f64,
    /// Conjugate-gradient iterations per step.
    pub cg_iterations: usize,
    /// Weight of the ridge penalty that holds parameters to their priors.
    pub regularisation: f64,
    /// Prior pace of local roads, minutes per km (2.0 = 30 km/h).
    pub local_pace: f64,
    /// Prior pace of main roads, minutes per km (0.8 = 75 km/h).
    pub trunk_pace: f64,
    /// Prior time to reach the main roads from a zone, minutes.
    pub ramp_minutes: f64,
    /// Starting pace of a site's access links, minutes per km.
    pub access_pace: f64,
    /// Trips up to this long (straight-line km) measure the intercept.
    pub short_trip_km: f64,
    /// Known trips longer than this (minutes) are not fitted.
    pub max_trip_minutes: f64,
    /// Length scale (km) of residual transfer: a new site's estimate from
    /// each zone is corrected by the known sites' misfits from that zone,
    /// weighted `exp(−(km / length)²)` by their distance to the new site
    /// (0: no transfer). See [`Residuals`].
    pub transfer_km: f64,
}

impl Default for CalibrationSettings {
    fn default() -> CalibrationSettings {
        CalibrationSettings {
            max_iterations: 100,
            tolerance: 1e-5,
            cg_iterations: 40,
            regularisation: 1.0,
            local_pace: 2.0,
            trunk_pace: 0.8,
            ramp_minutes: 3.0,
            access_pace: 1.5,
            short_trip_km: 5.0,
            max_trip_minutes: 90.0,
            transfer_km: 25.0,
        }
    }
}

/// Why a calibration stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StopReason {
    /// The objective stopped falling by more than the tolerance.
    Converged,
    /// The iteration limit was reached.
    MaxIterations,
    /// No step, however damped, lowered the objective.
    Stalled,
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StopReason::Converged => "converged",
            StopReason::MaxIterations => "reached the iteration limit",
            StopReason::Stalled => "stalled (no step lowered the misfit)",
        })
    }
}

/// A calibrated network: one parameter per link, plus the intercept and
/// access pace, and an account of the fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Per link (by petgraph edge index): pace in minutes per km for roads,
    /// minutes for ramps.
    pub params: Vec<f64>,
    /// Minutes added to every trip: the time of a zero-length trip.
    pub intercept: f64,
    /// Pace of a site's access links, minutes per km.
    pub access_pace: f64,
    /// Sites whose known times were fitted.
    pub sites: usize,
    /// Known times fitted.
    pub observations: usize,
    /// Root mean square misfit before fitting, minutes.
    pub initial_rmse: f64,
    /// Root mean square misfit after fitting, minutes.
    pub rmse: f64,
    /// Mean absolute misfit after fitting, minutes.
    pub mae: f64,
    /// Iterations run.
    pub iterations: usize,
    /// Why it stopped.
    pub stop: StopReason,
    /// The known sites' misfits after fitting, for residual transfer.
    pub residuals: Residuals,
}

impl Calibration {
    /// The sources of a shortest-path tree from a site attached by
    /// `attachment`: its access links' zones and minutes.
    pub fn sources(&self, attachment: &Attachment) -> Vec<(usize, f64)> {
        attachment
            .links
            .iter()
            .map(|&(z, km)| (z, km * self.access_pace))
            .collect()
    }

    /// The time of every link, minutes.
    pub fn link_minutes(&self, network: &Network) -> Vec<f64> {
        network
            .graph
            .edge_weights()
            .zip(&self.params)
            .map(|(l, p)| l.scale() * p)
            .collect()
    }
}

impl fmt::Display for Calibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "calibrated on {} known times of {} sites: misfit {:.2} → {:.2} minutes RMSE ({:.2} mean absolute) in {} iterations, {}",
            self.observations,
            self.sites,
            self.initial_rmse,
            self.rmse,
            self.mae,
            self.iterations,
            self.stop
        )
    }
}

/// One site's known times: where it is and attaches, and minutes per zone
/// (NaN where unknown).
#[derive(Debug, Clone)]
pub struct Observed {
    /// The site's location.
    pub location: geo::Point<f64>,
    /// The site's attachment.
    pub attachment: Attachment,
    /// Known minutes from each zone.
    pub minutes: Vec<f64>,
}

/// The state the solver moves: link parameters and access pace (the
/// intercept rides along, fixed).
#[derive(Debug, Clone)]
struct State {
    params: Vec<f64>,
    intercept: f64,
    access_pace: f64,
}

/// Fixed trees chunked this finely for parallel work, whatever the number
/// of threads, so sums always run in the same order.
const CHUNKS: usize = 8;

/// One node of a tree, in settle order, with everything the passes over the
/// tree read, so that they read memory in sequence.
#[derive(Debug, Clone, Copy)]
struct Step {
    node: u32,
    /// The parent node, or [`NONE`] for a source.
    parent: u32,
    /// The link from the parent, or for a source its attachment index.
    link: u32,
    /// The link's scale, or for a source its access length in km.
    scale: f64,
}

/// A tree as the solver sees it: steps in settle order, and the zones with
/// an observed time.
struct Walk {
    steps: Vec<Step>,
    observed: Vec<u32>,
}

impl Walk {
    /// Carries the values `below` holds at nodes up the tree to the root,
    /// adding `weigh(value, scale)` of each step to its link's entry of
    /// `out` (the access pace for a step from the site, at `access`), and
    /// leaves `below` all zero.
    fn pull_up(
        &self,
        below: &mut [f64],
        out: &mut [f64],
        access: usize,
        weigh: impl Fn(f64, f64) -> f64,
    ) {
        for st in self.steps.iter().rev() {
            let v = st.node as usize;
            let b = below[v];
            if b == 0.0 {
                continue;
            }
            below[v] = 0.0;
            if st.parent == NONE {
                out[access] += weigh(b, st.scale);
            } else {
                out[st.link as usize] += weigh(b, st.scale);
                below[st.parent as usize] += b;
            }
        }
    }

    fn of(t: &Tree, o: &Observed, scale: &[f64], zones: usize) -> Walk {
        let steps = t
            .order
            .iter()
            .map(|&v| {
                let v = v as usize;
                if t.via[v] == NONE {
                    let k = t.source[v];
                    Step {
                        node: v as u32,
                        parent: NONE,
                        link: k,
                        scale: o.attachment.links[k as usize].1,
                    }
                } else {
                    Step {
                        node: v as u32,
                        parent: t.parent[v],
                        link: t.via[v],
                        scale: scale[t.via[v] as usize],
                    }
                }
            })
            .collect();
        let observed = (0..zones)
            .filter(|&z| !o.minutes[z].is_nan() && t.dist[z].is_finite())
            .map(|z| z as u32)
            .collect();
        Walk { steps, observed }
    }
}

/// A fit in progress: the trees of the current state and their residuals.
struct Fit<'a> {
    network: &'a Network,
    nlinks: usize,
    walks: Vec<Walk>,
    residuals: Vec<Vec<f64>>,
    sse: f64,
    count: usize,
}

impl<'a> Fit<'a> {
    fn grow(network: &'a Network, observed: &[Observed], scale: &[f64], s: &State) -> Fit<'a> {
        let weights: Vec<f64> = scale.iter().zip(&s.params).map(|(k, p)| k * p).collect();
        let zones = network.zones();
        let grown: Vec<(Walk, Vec<f64>, f64)> = observed
            .par_iter()
            .map(|o| {
                let sources: Vec<(usize, f64)> = o
                    .attachment
                    .links
                    .iter()
                    .map(|&(z, km)| (z, km * s.access_pace))
                    .collect();
                let t = tree(&network.adjacency, &weights, &sources);
                let walk = Walk::of(&t, o, scale, zones);
                let mut r = vec![0.0; zones];
                let mut sse = 0.0;
                for &z in &walk.observed {
                    let z = z as usize;
                    r[z] = s.intercept + t.dist[z] - o.minutes[z];
                    sse += r[z] * r[z];
                }
                (walk, r, sse)
            })
            .collect();
        let mut fit = Fit {
            network,
            nlinks: scale.len(),
            walks: Vec::with_capacity(grown.len()),
            residuals: Vec::with_capacity(grown.len()),
            sse: 0.0,
            count: 0,
        };
        for (walk, r, sse) in grown {
            fit.count += walk.observed.len();
            fit.walks.push(walk);
            fit.residuals.push(r);
            fit.sse += sse;
        }
        fit
    }

    /// Unknowns: one per link, then the access pace.
    fn vars(&self) -> usize {
        self.nlinks + 1
    }

    /// `Jᵀ u` where `u` for each site is `seed(site, zone, J x)` at its
    /// observed zones (`J x` is computed only when `x` is given). The last
    /// entry is the access pace.
    fn transpose_product(
        &self,
        seed: impl Fn(usize, usize, &[f64]) -> f64 + Sync,
        x: Option<&[f64]>,
    ) -> Vec<f64> {
        let nvars = self.vars();
        let ia = nvars - 1;
        let nodes = self.network.adjacency.nodes();
        let per_chunk = self.walks.len().div_ceil(CHUNKS).max(1);
        let sites: Vec<usize> = (0..self.walks.len()).collect();
        let parts: Vec<Vec<f64>> = sites
            .par_chunks(per_chunk)
            .map(|chunk| {
                let mut out = vec![0.0; nvars];
                let mut forward = vec![0.0; nodes];
                let mut sub = vec![0.0; nodes];
                for &k in chunk {
                    let walk = &self.walks[k];
                    if let Some(x) = x {
                        for st in &walk.steps {
                            forward[st.node as usize] = if st.parent == NONE {
                                st.scale * x[ia]
                            } else {
                                forward[st.parent as usize] + st.scale * x[st.link as usize]
                            };
                        }
                    }
                    for &z in &walk.observed {
                        sub[z as usize] = seed(k, z as usize, &forward);
                    }
                    walk.pull_up(&mut sub, &mut out, ia, |s, scale| s * scale);
                }
                out
            })
            .collect();
        let mut total = vec![0.0; nvars];
        for part in parts {
            for (t, p) in total.iter_mut().zip(part) {
                *t += p;
            }
        }
        total
    }

    /// `Jᵀ r`: the gradient of half the squared misfit.
    fn gradient(&self) -> Vec<f64> {
        self.transpose_product(|k, z, _| self.residuals[k][z], None)
    }

    /// `Jᵀ J x`.
    fn normal(&self, x: &[f64]) -> Vec<f64> {
        self.transpose_product(|_, z, forward| forward[z], Some(x))
    }

    /// The diagonal of `Jᵀ J`.
    fn diagonal(&self) -> Vec<f64> {
        // Counting observed zones below each node gives Σ scale² per link.
        let nvars = self.vars();
        let ia = nvars - 1;
        let mut d = vec![0.0; nvars];
        let mut below = vec![0.0; self.network.adjacency.nodes()];
        for walk in &self.walks {
            for &z in &walk.observed {
                below[z as usize] = 1.0;
            }
            walk.pull_up(&mut below, &mut d, ia, |b, scale| b * scale * scale);
        }
        d
    }

    /// Mean absolute misfit over the observed times.
    fn mean_absolute(&self) -> f64 {
        let total: f64 = self
            .walks
            .iter()
            .zip(&self.residuals)
            .flat_map(|(w, r)| w.observed.iter().map(move |&z| r[z as usize].abs()))
            .sum();
        total / self.count as f64
    }
}

/// Fits `network` to the known times of `observed` sites.
/// `progress(iterations done, most iterations)` is called before each
/// iteration; when it returns false the fit stops.
///
/// # Errors
/// Refuses when there is no known time to fit, or when `progress` stops
/// it.
///
/// # Complexity
/// Each iteration grows one shortest-path tree per site (O(S · V log V))
/// and runs `cg_iterations` passes over them (O(S · V) each).
pub fn calibrate(
    network: &Network,
    observed: &[Observed],
    settings: &CalibrationSettings,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Calibration> {
    let all = observed;
    let capped: Vec<Observed> = observed
        .iter()
        .map(|o| Observed {
            minutes: o
                .minutes
                .iter()
                .map(|&m| {
                    if m > settings.max_trip_minutes {
                        f64::NAN
                    } else {
                        m
                    }
                })
                .collect(),
            ..o.clone()
        })
        .collect();
    let observed = capped.as_slice();
    let count: usize = observed
        .iter()
        .map(|o| o.minutes.iter().filter(|m| !m.is_nan()).count())
        .sum();
    if count == 0 {
        return Err(Error::Refused(format!(
            "no site has known travel times of up to {} minutes to calibrate the network on",
            settings.max_trip_minutes
        )));
    }
    let intercept = zero_length_trip(network, observed, settings.short_trip_km);
    let links: Vec<_> = network.graph.edge_weights().copied().collect();
    let scale: Vec<f64> = links.iter().map(|l| l.scale()).collect();
    let prior: Vec<f64> = links
        .iter()
        .map(|l| match l.kind {
            LinkKind::Local => settings.local_pace,
            LinkKind::Trunk => settings.trunk_pace,
            LinkKind::Ramp => settings.ramp_minutes,
        })
        .collect();
    let mut state = State {
        params: prior.clone(),
        intercept,
        access_pace: settings.access_pace,
    };
    let lambda = settings.regularisation;
    let penalty = |p: &[f64]| -> f64 {
        lambda
            * p.iter()
                .zip(&prior)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>()
    };
    let mut fit = Fit::grow(network, observed, &scale, &state);
    let initial_rmse = (fit.sse / fit.count as f64).sqrt();
    let mut objective = fit.sse + penalty(&state.params);
    let mut damping = 1.0;
    let mut quiet = 0;
    let mut iterations = 0;
    let mut stop = StopReason::MaxIterations;
    let nlinks = scale.len();
    'outer: while iterations < settings.max_iterations {
        if !progress(iterations, settings.max_iterations) {
            return Err(Error::Refused("interrupted; nothing written".to_string()));
        }
        iterations += 1;
        let mut rhs = fit.gradient();
        for e in 0..nlinks {
            rhs[e] += lambda * (state.params[e] - prior[e]);
        }
        rhs.iter_mut().for_each(|v| *v = -*v);
        let diag = fit.diagonal();
        loop {
            let step = conjugate_gradient(
                |x| {
                    let mut y = fit.normal(x);
                    for (i, yi) in y.iter_mut().enumerate() {
                        *yi += damping * (diag[i] + 1e-9) * x[i];
                        if i < nlinks {
                            *yi += lambda * x[i];
                        }
                    }
                    y
                },
                &rhs,
                settings.cg_iterations,
            );
            let trial = State {
                params: state
                    .params
                    .iter()
                    .zip(&step)
                    .map(|(p, d)| (p + d).clamp(0.05, 30.0))
                    .collect(),
                intercept,
                access_pace: (state.access_pace + step[nlinks]).clamp(0.05, 30.0),
            };
            let trial_fit = Fit::grow(network, observed, &scale, &trial);
            let trial_objective = trial_fit.sse + penalty(&trial.params);
            if trial_objective < objective {
                let change = (objective - trial_objective) / objective;
                state = trial;
                fit = trial_fit;
                objective = trial_objective;
                damping = (damping / 3.0).max(1e-4);
                quiet = if change < settings.tolerance {
                    quiet + 1
                } else {
                    0
                };
                if quiet >= 2 {
                    stop = StopReason::Converged;
                    break 'outer;
                }
                break;
            }
            damping *= 4.0;
            if damping > 1e8 {
                stop = StopReason::Stalled;
                break 'outer;
            }
        }
    }
    let mae = fit.mean_absolute();
    let mut calibration = Calibration {
        params: state.params,
        intercept: state.intercept,
        access_pace: state.access_pace,
        sites: observed.len(),
        observations: fit.count,
        initial_rmse,
        rmse: (fit.sse / fit.count as f64).sqrt(),
        mae,
        iterations,
        stop,
        residuals: Residuals::default(),
    };
    calibration.residuals = Residuals::of(network, &calibration, all, settings.transfer_km);
    Ok(calibration)
}

/// The time of a zero-length trip: the intercept of the least-squares line
/// of minutes against straight-line km over known trips of up to `max_km`,
/// kept between 0 and the shortest known trip. With fewer than 10 such trips
/// it is the shortest known trip.
fn zero_length_trip(network: &Network, observed: &[Observed], max_km: f64) -> f64 {
    let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut shortest = f64::INFINITY;
    for o in observed {
        for (z, &m) in o.minutes.iter().enumerate() {
            if m.is_nan() {
                continue;
            }
            shortest = shortest.min(m);
            let x = km_between(o.location, network.points[z]);
            if x <= max_km {
                n += 1.0;
                sx += x;
                sy += m;
                sxx += x * x;
                sxy += x * m;
            }
        }
    }
    let spread = n * sxx - sx * sx;
    if n < 10.0 || spread <= 0.0 {
        return shortest;
    }
    let slope = (n * sxy - sx * sy) / spread;
    ((sy - slope * sx) / n).clamp(0.0, shortest)
}

/// Solves `A x = b` for symmetric positive definite `A` given as a product.
fn conjugate_gradient(a: impl Fn(&[f64]) -> Vec<f64>, b: &[f64], iterations: usize) -> Vec<f64> {
    let mut x = vec![0.0; b.len()];
    let mut r = b.to_vec();
    let mut d = r.clone();
    let dot = |u: &[f64], v: &[f64]| u.iter().zip(v).map(|(a, b)| a * b).sum::<f64>();
    let mut rr = dot(&r, &r);
    let start = rr;
    for _ in 0..iterations {
        if rr <= 1e-16 * start || rr == 0.0 {
            break;
        }
        let ad = a(&d);
        let dad = dot(&d, &ad);
        if dad <= 0.0 {
            break;
        }
        let alpha = rr / dad;
        for i in 0..x.len() {
            x[i] += alpha * d[i];
            r[i] -= alpha * ad[i];
        }
        let next = dot(&r, &r);
        let beta = next / rr;
        rr = next;
        for i in 0..d.len() {
            d[i] = r[i] + beta * d[i];
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::NetworkSettings;
    use geo::Point;
    use std::collections::BTreeSet;

    /// A 4 × 4 grid of zones 1 km apart, with "true" times from a site at a
    /// corner following a known pace; calibration must fit them far better
    /// than its priors do.
    #[test]
    fn calibration_improves_the_fit() {
        let mut points = Vec::new();
        for row in 0..4 {
            for col in 0..4 {
                points.push(Point::new(col as f64 * 0.01437, 51.3 + row as f64 * 0.009));
            }
        }
        let mut pairs = BTreeSet::new();
        for i in 0..16 {
            if i % 4 < 3 {
                pairs.insert((i, i + 1));
            }
            if i < 12 {
                pairs.insert((i, i + 4));
            }
        }
        let network = Network::from_pairs(points.clone(), &pairs, &NetworkSettings::default());
        let observe = |site: Point<f64>| {
            let attachment = network.attach(site).unwrap();
            // Truth: 6 minutes plus 1.2 minutes per straight-line km.
            let minutes = points
                .iter()
                .map(|p| 6.0 + 1.2 * km_between(site, *p))
                .collect();
            Observed {
                location: site,
                attachment,
                minutes,
            }
        };
        let observed = vec![observe(points[0]), observe(points[15]), observe(points[5])];
        let settings = CalibrationSettings::default();
        let fit = |progress: &mut dyn FnMut(usize, usize) -> bool| {
            calibrate(&network, &observed, &settings, progress)
        };
        let c = fit(&mut |_, _| true).unwrap();
        assert!(c.initial_rmse > 2.0, "{c}");
        assert!(c.rmse < 0.25 * c.initial_rmse, "{c}");
        assert!(c.rmse < 0.6, "{c}");
        assert_eq!(c.observations, 48);
        // Same inputs, same answer; progress is told each iteration, out of
        // the most there may be, and stops the fit when it says so.
        let mut told = Vec::new();
        let again = fit(&mut |done, most| {
            told.push((done, most));
            true
        })
        .unwrap();
        assert_eq!(c, again);
        let expected: Vec<_> = (0..c.iterations)
            .map(|i| (i, settings.max_iterations))
            .collect();
        assert_eq!(told, expected);
        let stopped = fit(&mut |done, _| done < 1);
        assert_eq!(
            stopped.unwrap_err().to_string(),
            "interrupted; nothing written"
        );
    }
}
