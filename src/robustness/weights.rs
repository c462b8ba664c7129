//! How much the ranking owes to the weights: stochastic multicriteria
//! acceptability analysis (SMAA) over weight draws, and exact tipping
//! points.
//!
//! # Acceptability
//! Weights are drawn from a Dirichlet distribution centred on the stated
//! ones, `Dir(κ w)`: each weight keeps its stated mean and varies with
//! variance `w (1 − w) / (κ + 1)`; criteria weighted 0 stay at 0. The "no
//! preference" view draws uniformly over the whole weight simplex
//! (`Dir(1, …, 1)`). Optional intervals per criterion keep only draws inside
//! them. Under each draw the options that pass every hurdle are ranked by
//! score (ties as the ranking rule breaks them), and each option's share of
//! draws at rank 1 (its rank-1 acceptability), in the top 3, its best and
//! worst rank, and the mean weights of the draws in which it ranks first
//! (its central weights) are reported (Lahdelma and Salminen, SMAA-2,
//! Operations Research 49(3), 2001).
//!
//! # Tipping points
//! Scores are linear in the weights. Moving criterion `c`'s weight by `δ`
//! and rescaling the others in proportion, `w'_j = w_j (1 − w_c − δ) / (1 −
//! w_c)`, changes option `o`'s score linearly: `S_o(δ) = S_o + δ b_o` with
//! `b_o = 100 (n_oc − Σ_{j≠c} w_j n_oj / (1 − w_c))`. The first option stays
//! first until another's line crosses its own, so the tipping point is the
//! nearest crossing in each direction, found exactly, not by search; the
//! same holds for the top 3 (the first crossing of an option outside by one
//! inside).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::multi::{Dirichlet, MultiDistribution};
use serde::Serialize;

use crate::criteria::{Criteria, Criterion, Metric};
use crate::error::{Error, Result};
use crate::rank::Assessed;

/// The acceptability of one option under a weight distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Acceptability {
    /// Share of draws in which it ranks first.
    pub p_first: f64,
    /// Share of draws in which it ranks in the top 3.
    pub p_top3: f64,
    /// Best rank in any draw.
    pub rank_min: usize,
    /// Worst rank in any draw.
    pub rank_max: usize,
    /// Mean weights (criteria order) of the draws in which it ranks first;
    /// empty when it never does.
    pub central_weights: Vec<f64>,
}

/// Where a criterion's weight would change the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TippingPoint {
    /// The criterion's id.
    pub criterion: String,
    /// Its stated weight.
    pub weight: f64,
    /// The weight at which the answer changes (the others rescaled in
    /// proportion).
    pub threshold: f64,
    /// The option (index into the ranked options) that then ranks first,
    /// or enters the top 3.
    pub enters: usize,
    /// The option that loses first place, or leaves the top 3.
    pub leaves: usize,
}

/// What the weights study found, for the ranked options (indices follow
/// the ranking).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightStudy {
    /// Draws made of each distribution.
    pub draws: usize,
    /// Under weights centred on the stated ones.
    pub centred: Vec<Acceptability>,
    /// With no preference (uniform over the weight simplex).
    pub no_preference: Vec<Acceptability>,
    /// The nearest weight, per criterion and direction, at which another
    /// option would rank first.
    pub first: Vec<TippingPoint>,
    /// The nearest weight, per criterion and direction, at which the top 3
    /// would change.
    pub top3: Vec<TippingPoint>,
}

/// Each ranked option's normalised value on each criterion (0–1), and the
/// order the ranking rule breaks ties in.
#[derive(Clone)]
struct Table {
    values: Vec<Vec<f64>>,
    tie_order: Vec<usize>,
    /// Panel scores with a range: (option, criterion, low, high), each
    /// drawn uniformly in each weight draw and normalised by its criterion.
    ranged: Vec<(usize, usize, f64, f64)>,
    /// The criteria, to normalise drawn scores.
    scales: Vec<Criterion>,
}

impl Table {
    fn of(criteria: &Criteria, ranked: &[Assessed]) -> Table {
        let values = ranked
            .iter()
            .map(|o| {
                criteria
                    .criteria
                    .iter()
                    .map(|c| c.normalise(o.metrics.get(c.metric)))
                    .collect()
            })
            .collect();
        let mut ranged = Vec::new();
        for (o, option) in ranked.iter().enumerate() {
            for (c, criterion) in criteria.criteria.iter().enumerate() {
                if let (Metric::Panel(k), Some(panel)) = (criterion.metric, &criteria.panel) {
                    let s = panel.criteria[usize::from(k)].score(&option.site_set());
                    if s.high > s.low {
                        ranged.push((o, c, s.low, s.high));
                    }
                }
            }
        }
        // The ranked options are already in tie-break order for equal
        // scores; their position keys every later tie.
        Table {
            values,
            tie_order: (0..ranked.len()).collect(),
            ranged,
            scales: criteria.criteria.clone(),
        }
    }

    fn score(&self, o: usize, w: &[f64]) -> f64 {
        100.0
            * self.values[o]
                .iter()
                .zip(w)
                .map(|(v, w)| v * w)
                .sum::<f64>()
    }

    /// The options in rank order under weights `w`.
    fn ranking(&self, w: &[f64], order: &mut Vec<usize>, scores: &mut Vec<f64>) {
        scores.clear();
        scores.extend((0..self.values.len()).map(|o| self.score(o, w)));
        order.clear();
        order.extend(0..self.values.len());
        order.sort_by(|&a, &b| {
            scores[b]
                .total_cmp(&scores[a])
                .then(self.tie_order[a].cmp(&self.tie_order[b]))
        });
    }
}

/// Draws `draws` weight vectors from `Dir(alpha)` over the criteria whose
/// `alpha` is positive (the rest stay 0), keeping only those within
/// `ranges`, and gives each to `take` as it is drawn.
fn draw_weights(
    alpha: &[f64],
    ranges: &[Option<[f64; 2]>],
    draws: usize,
    rng: &mut ChaCha8Rng,
    mut take: impl FnMut(&[f64]),
) -> Result<()> {
    let live: Vec<usize> = (0..alpha.len()).filter(|&c| alpha[c] > 0.0).collect();
    let mut w = vec![0.0; alpha.len()];
    if live.len() < 2 {
        // One criterion carries all the weight: nothing to vary.
        for &c in &live {
            w[c] = 1.0;
        }
        (0..draws).for_each(|_| take(&w));
        return Ok(());
    }
    let parameters: Vec<f64> = live.iter().map(|&c| alpha[c]).collect();
    let dirichlet = Dirichlet::new(&parameters)
        .map_err(|e| Error::Refused(format!("cannot draw weights: {e}")))?;
    let mut sample = vec![0.0; live.len()];
    let (mut kept, mut tries) = (0usize, 0usize);
    while kept < draws {
        tries += 1;
        if tries > draws.saturating_mul(1000).max(1000) {
            return Err(Error::Refused(
                "the criteria's weight ranges leave almost no room: fewer than one weight draw \
                 in a thousand falls inside them; widen them"
                    .to_string(),
            ));
        }
        dirichlet.sample_to_slice(rng, &mut sample);
        for (&c, &x) in live.iter().zip(&sample) {
            w[c] = x;
        }
        let inside = w
            .iter()
            .zip(ranges)
            .all(|(x, r)| r.is_none_or(|[lo, hi]| (lo..=hi).contains(x)));
        if inside {
            kept += 1;
            take(&w);
        }
    }
    Ok(())
}

/// Counts of one option over weight draws.
#[derive(Clone)]
struct Counts {
    first: usize,
    top3: usize,
    best: usize,
    worst: usize,
    central: Vec<f64>,
}

/// The acceptability of each option over `draws` draws from `Dir(alpha)`.
fn acceptability(
    table: &Table,
    alpha: &[f64],
    ranges: &[Option<[f64; 2]>],
    draws: usize,
    rng: &mut ChaCha8Rng,
) -> Result<Vec<Acceptability>> {
    let n = table.values.len();
    let mut counts = vec![
        Counts {
            first: 0,
            top3: 0,
            best: usize::MAX,
            worst: 0,
            central: vec![0.0; alpha.len()],
        };
        n
    ];
    let (mut order, mut scores) = (Vec::new(), Vec::new());
    // Panel scores with a range take their own stream, so that criteria
    // without them draw the same weights as ever.
    let mut drawn = table.clone();
    let mut panel_rng = (!table.ranged.is_empty()).then(|| ChaCha8Rng::from_rng(&mut *rng));
    draw_weights(alpha, ranges, draws, rng, |w| {
        if let Some(r) = &mut panel_rng {
            for &(o, c, lo, hi) in &table.ranged {
                drawn.values[o][c] = table.scales[c].normalise(r.random_range(lo..=hi));
            }
        }
        let table = &drawn;
        table.ranking(w, &mut order, &mut scores);
        for (place, &o) in order.iter().enumerate() {
            let c = &mut counts[o];
            c.best = c.best.min(place + 1);
            c.worst = c.worst.max(place + 1);
            c.top3 += usize::from(place < 3);
        }
        if let Some(&o) = order.first() {
            counts[o].first += 1;
            for (c, x) in counts[o].central.iter_mut().zip(w) {
                *c += x;
            }
        }
    })?;
    let d = draws.max(1) as f64;
    Ok(counts
        .into_iter()
        .map(|c| Acceptability {
            p_first: c.first as f64 / d,
            p_top3: c.top3 as f64 / d,
            rank_min: c.best.min(n),
            rank_max: c.worst,
            central_weights: if c.first > 0 {
                c.central.iter().map(|x| x / c.first as f64).collect()
            } else {
                Vec::new()
            },
        })
        .collect())
}

/// The weights with criterion `c` at `w_c + delta` and the others rescaled
/// in proportion.
pub fn moved(weights: &[f64], c: usize, delta: f64) -> Vec<f64> {
    let rest = 1.0 - weights[c];
    weights
        .iter()
        .enumerate()
        .map(|(j, &w)| {
            if j == c {
                w + delta
            } else if rest > 0.0 {
                w * (rest - delta) / rest
            } else {
                0.0
            }
        })
        .collect()
}

/// The nearest change of criterion `c`'s weight, in the direction of
/// `sign`, at which some option of `outside` overtakes some option of
/// `inside`: `(delta, overtaking, overtaken)`.
fn nearest_crossing(
    table: &Table,
    weights: &[f64],
    c: usize,
    sign: f64,
    inside: &[usize],
    outside: &[usize],
) -> Option<(f64, usize, usize)> {
    let rest = 1.0 - weights[c];
    if rest <= 0.0 {
        return None;
    }
    // The range δ may take keeps every weight in [0, 1].
    let limit = if sign > 0.0 { rest } else { weights[c] };
    let score = |o: usize| table.score(o, weights);
    let slope = |o: usize| {
        let v = &table.values[o];
        let others: f64 = (0..v.len())
            .filter(|&j| j != c)
            .map(|j| weights[j] * v[j])
            .sum();
        100.0 * (v[c] - others / rest)
    };
    let mut best: Option<(f64, usize, usize)> = None;
    for &i in inside {
        for &j in outside {
            // j catches i where S_i + δ b_i = S_j + δ b_j.
            let closing = sign * (slope(j) - slope(i));
            if closing <= 0.0 {
                continue;
            }
            let distance = (score(i) - score(j)) / closing;
            // A crossing at the very end of the range (a weight of 0 or 1)
            // is a tie among options equal on what is left: not a tip.
            if distance < 0.0 || distance >= limit - 1e-9 {
                continue;
            }
            if best.is_none_or(|(d, _, _)| distance < d) {
                best = Some((distance, j, i));
            }
        }
    }
    best.map(|(d, j, i)| (sign * d, j, i))
}

/// The tipping points of the first place (`size` 1) or the top 3 (`size`
/// 3), for every criterion and both directions.
fn tipping_points(table: &Table, ids: &[&str], weights: &[f64], size: usize) -> Vec<TippingPoint> {
    let n = table.values.len();
    if n <= size {
        return Vec::new();
    }
    let (mut order, mut scores) = (Vec::new(), Vec::new());
    table.ranking(weights, &mut order, &mut scores);
    let (inside, outside) = order.split_at(size);
    let mut out = Vec::new();
    for (c, id) in ids.iter().enumerate() {
        for sign in [-1.0, 1.0] {
            if let Some((delta, enters, leaves)) =
                nearest_crossing(table, weights, c, sign, inside, outside)
            {
                out.push(TippingPoint {
                    criterion: id.to_string(),
                    weight: weights[c],
                    threshold: weights[c] + delta,
                    enters,
                    leaves,
                });
            }
        }
    }
    out
}

/// The weights study of the `ranked` options (those passing every hurdle,
/// in ranking order) under `criteria`, with `draws` draws of each weight
/// distribution from `seed`.
///
/// # Errors
/// Refuses weight ranges that leave almost no draw inside them.
pub fn study(
    criteria: &Criteria,
    ranked: &[Assessed],
    draws: usize,
    seed: u64,
) -> Result<WeightStudy> {
    let table = Table::of(criteria, ranked);
    let stated: Vec<f64> = criteria.criteria.iter().map(|c| c.weight).collect();
    let ids: Vec<&str> = criteria.criteria.iter().map(|c| c.id.as_str()).collect();
    let ranges: Vec<Option<[f64; 2]>> = criteria.criteria.iter().map(|c| c.weight_range).collect();
    let kappa = criteria.robustness.concentration;
    let centred: Vec<f64> = stated.iter().map(|w| kappa * w).collect();
    let uniform = vec![1.0; stated.len()];
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let named = |e: Error| Error::Refused(format!("{}: {e}", criteria.path.display()));
    Ok(WeightStudy {
        draws,
        centred: acceptability(&table, &centred, &ranges, draws, &mut rng).map_err(named)?,
        no_preference: acceptability(&table, &uniform, &ranges, draws, &mut rng).map_err(named)?,
        first: tipping_points(&table, &ids, &stated, 1),
        top3: tipping_points(&table, &ids, &stated, 3),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(values: Vec<Vec<f64>>) -> Table {
        let tie_order = (0..values.len()).collect();
        Table {
            values,
            tie_order,
            ranged: Vec::new(),
            scales: Vec::new(),
        }
    }

    #[test]
    fn acceptability_matches_the_beta_distribution_of_two_criteria() {
        // A is best on criterion 1, B on criterion 2: A ranks first exactly
        // when w1 > 1/2, and w1 ~ Beta(κ w, κ (1 − w)). With κ = 10 and
        // w = 0.6, P(w1 ≤ 1/2) = I_0.5(6, 4) = P(Binomial(9, 1/2) ≥ 6)
        // = 130/512.
        let t = table(vec![vec![1.0, 0.0], vec![0.0, 1.0]]);
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let draws = 200_000;
        let a = acceptability(&t, &[6.0, 4.0], &[None, None], draws, &mut rng).unwrap();
        let expected = 1.0 - 130.0 / 512.0;
        let se = (expected * (1.0 - expected) / draws as f64).sqrt();
        assert!(
            (a[0].p_first - expected).abs() < 4.0 * se,
            "{}",
            a[0].p_first
        );
        assert!((a[0].p_first + a[1].p_first - 1.0).abs() < 1e-12);
        // No preference: w1 is uniform, so each is first half the time.
        let u = acceptability(&t, &[1.0, 1.0], &[None, None], draws, &mut rng).unwrap();
        assert!((u[0].p_first - 0.5).abs() < 4.0 * (0.25 / draws as f64).sqrt());
        // When A ranks first, w1 > 1/2: its central weights say so.
        assert!(a[0].central_weights[0] > 0.5 && a[1].central_weights[0] < 0.5);
        // A range keeps w1 within [0.55, 0.9]: A is always first.
        let r = acceptability(&t, &[6.0, 4.0], &[Some([0.55, 0.9]), None], 1000, &mut rng).unwrap();
        assert_eq!(r[0].p_first, 1.0);
    }

    #[test]
    fn the_same_seed_gives_the_same_draws() {
        let t = table(vec![
            vec![1.0, 0.2, 0.4],
            vec![0.3, 1.0, 0.1],
            vec![0.5, 0.5, 0.9],
        ]);
        let run = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            acceptability(&t, &[3.0, 5.0, 2.0], &[None; 3], 5000, &mut rng).unwrap()
        };
        assert_eq!(run(1), run(1));
        assert_ne!(run(1), run(2));
    }

    /// Which option ranks first (or which set is the top `size`) under
    /// `weights`.
    fn top(t: &Table, weights: &[f64], size: usize) -> Vec<usize> {
        let (mut order, mut scores) = (Vec::new(), Vec::new());
        t.ranking(weights, &mut order, &mut scores);
        let mut set = order[..size].to_vec();
        set.sort_unstable();
        set
    }

    #[test]
    fn tipping_points_hold_just_either_side_of_their_threshold() {
        let t = table(vec![
            vec![0.9, 0.2, 0.5, 0.7],
            vec![0.4, 0.9, 0.3, 0.6],
            vec![0.6, 0.5, 0.9, 0.1],
            vec![0.2, 0.7, 0.6, 0.9],
            vec![0.5, 0.5, 0.5, 0.5],
        ]);
        let stated = [0.4, 0.3, 0.2, 0.1];
        let ids = ["a", "b", "c", "d"];
        for size in [1, 3] {
            let points = tipping_points(&t, &ids, &stated, size);
            assert!(!points.is_empty());
            let before = top(&t, &stated, size);
            for p in &points {
                let c = ids.iter().position(|i| *i == p.criterion).unwrap();
                let eps = 1e-7 * (p.threshold - p.weight).signum();
                let short = moved(&stated, c, p.threshold - p.weight - eps);
                let past = moved(&stated, c, p.threshold - p.weight + eps);
                assert_eq!(top(&t, &short, size), before, "{p:?}");
                let after = top(&t, &past, size);
                assert_ne!(after, before, "{p:?}");
                assert!(
                    after.contains(&p.enters) && !after.contains(&p.leaves),
                    "{p:?}"
                );
                // No earlier change: every weight between is the same answer.
                for k in 1..100 {
                    let part = (p.threshold - p.weight - eps) * f64::from(k) / 100.0;
                    assert_eq!(top(&t, &moved(&stated, c, part), size), before);
                }
            }
        }
    }
}
