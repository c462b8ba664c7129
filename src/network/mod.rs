//! The network model: estimates travel times for sites that have none.
//!
//! # The network
//! A [`Network`] is a petgraph graph with two nodes per zone:
//!
//! - a **local** node, where trips start and end, joined to the local nodes
//!   of neighbouring zones by [`LinkKind::Local`] links (local roads);
//! - a **trunk** node, joined to the trunk nodes of neighbouring zones by
//!   [`LinkKind::Trunk`] links (main roads), and to its own local node by a
//!   [`LinkKind::Ramp`] link (the time it takes to reach the main roads).
//!
//! Short trips run on local roads; long trips climb onto the trunk layer and
//! back down, as ambulances do. Zones are neighbours when their boundaries
//! touch or when one is among the other's nearest centroids. A site joins
//! the network through access links to its nearest zones' local nodes
//! ([`Attachment`]).
//!
//! # Calibration and estimation
//! Each link's time is its length times a pace (minutes per km), or for a
//! ramp a number of minutes. [`calibrate()`] fits every pace and ramp, plus
//! one access pace and one intercept, so that shortest paths reproduce the
//! known zone → site times; [`estimate()`] then grows the shortest-path tree
//! from a new site and corrects it zone by zone by the nearby known sites'
//! remaining misfits ([`residuals::Residuals`]). [`check()`] measures how good that is by hiding each
//! site's known times in turn.

pub mod calibrate;
pub mod check;
pub mod estimate;
pub(crate) mod paths;
pub mod residuals;

use std::collections::BTreeSet;

use geo::{BoundingRect, Coord, Distance, Euclidean, Haversine, MapCoords, MultiPolygon, Point};
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use rstar::{AABB, Envelope, RTree, RTreeObject, primitives::GeomWithData};

use crate::error::{Error, Result};
use crate::model::{Dataset, checked_location};
use paths::Adjacency;

pub use calibrate::{Calibration, CalibrationSettings, StopReason, calibrate};
pub use check::{Check, HeldOut, check};
pub use estimate::{estimate, estimate_site};

/// How the network is built. The defaults are the values `hasu network
/// check` was measured with.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkSettings {
    /// Each zone is also joined to this many nearest zone centroids.
    pub nearest_neighbours: usize,
    /// Zones whose boundaries come within this many km are neighbours.
    pub touch_km: f64,
    /// A site is attached to this many nearest zones.
    pub attach_zones: usize,
    /// A site farther than this from every zone's point (km) is outside the
    /// region's reach: the network knows no roads there.
    pub reach_km: f64,
    /// Each zone is checked against this many nearest zones for a detour.
    pub detour_candidates: usize,
    /// ... within this many km.
    pub detour_km: f64,
    /// A way round longer than this many times the straight line is a
    /// detour, and the two zones get a crossing; 0 adds none.
    pub detour_factor: f64,
}

impl Default for NetworkSettings {
    fn default() -> NetworkSettings {
        NetworkSettings {
            nearest_neighbours: 5,
            touch_km: 0.05,
            attach_zones: 3,
            reach_km: 5.0,
            detour_candidates: 8,
            detour_km: 10.0,
            detour_factor: 0.0,
        }
    }
}

/// A node of the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// Where trips to and from zone `.0` start and end.
    Local(usize),
    /// Zone `.0`'s place on the main roads.
    Trunk(usize),
}

/// What a link stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    /// Local roads between neighbouring zones.
    Local,
    /// Main roads between neighbouring zones.
    Trunk,
    /// From a zone's local node onto the main roads.
    Ramp,
}

/// A link of the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// What it stands for.
    pub kind: LinkKind,
    /// Straight-line length in km (0 for ramps).
    pub km: f64,
}

impl Link {
    /// What the link's parameter is multiplied by to give minutes: its
    /// length for roads (the parameter is a pace), 1 for ramps (the
    /// parameter is minutes).
    pub fn scale(&self) -> f64 {
        match self.kind {
            LinkKind::Ramp => 1.0,
            // A floor keeps coincident centroids from giving free links.
            _ => self.km.max(0.05),
        }
    }
}

/// How a site joins the network: access links to its nearest zones' local
/// nodes, with their lengths in km.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// (zone index, km), nearest first.
    pub links: Vec<(usize, f64)>,
}

/// The zones of a dataset as a road network.
#[derive(Debug, Clone)]
pub struct Network {
    /// The graph: node `z` is zone `z`'s local node, node `zones + z` its
    /// trunk node.
    pub graph: UnGraph<Node, Link>,
    pub(crate) points: Vec<Point<f64>>,
    index: RTree<GeomWithData<[f64; 2], usize>>,
    projection: Projection,
    settings: NetworkSettings,
    pub(crate) adjacency: Adjacency,
}

/// An equirectangular projection to km around a reference latitude, good
/// enough to find neighbours (lengths use the haversine distance).
#[derive(Debug, Clone, Copy)]
struct Projection {
    cos_lat: f64,
}

impl Projection {
    fn around(points: &[Point<f64>]) -> Projection {
        let mean = points.iter().map(|p| p.y()).sum::<f64>() / points.len().max(1) as f64;
        Projection {
            cos_lat: mean.to_radians().cos(),
        }
    }

    fn km(&self, c: Coord<f64>) -> [f64; 2] {
        [c.x * self.cos_lat * 111.32, c.y * 110.574]
    }

    /// A spatial index of `points` in this projection, each with its
    /// position in the slice.
    fn index(&self, points: &[Point<f64>]) -> RTree<GeomWithData<[f64; 2], usize>> {
        RTree::bulk_load(
            points
                .iter()
                .enumerate()
                .map(|(i, p)| GeomWithData::new(self.km(p.0), i))
                .collect(),
        )
    }
}

/// Great-circle distance in km.
pub fn km_between(a: Point<f64>, b: Point<f64>) -> f64 {
    Haversine.distance(a, b) / 1000.0
}

impl Network {
    /// Builds the network of `data`'s zones: neighbours from touching
    /// boundaries (when the dataset has them) and nearest centroids.
    pub fn build(data: &Dataset, settings: &NetworkSettings) -> Network {
        let points: Vec<Point<f64>> = data.zones.iter().map(|z| z.location).collect();
        let shapes = data.boundaries.as_ref().map(|b| b.shapes.as_slice());
        let mut pairs = neighbours(&points, shapes, settings);
        pairs.extend(crossings(&points, &pairs, settings));
        Network::from_pairs(points, &pairs, settings)
    }

    /// Builds a network from zone points and neighbouring pairs `(a, b)`
    /// with `a < b`.
    pub fn from_pairs(
        points: Vec<Point<f64>>,
        pairs: &BTreeSet<(usize, usize)>,
        settings: &NetworkSettings,
    ) -> Network {
        let n = points.len();
        let mut graph = UnGraph::with_capacity(2 * n, 3 * pairs.len() + n);
        for z in 0..n {
            graph.add_node(Node::Local(z));
        }
        for z in 0..n {
            graph.add_node(Node::Trunk(z));
        }
        for (layer, kind) in [(0, LinkKind::Local), (n, LinkKind::Trunk)] {
            for &(a, b) in pairs {
                let km = km_between(points[a], points[b]);
                graph.add_edge(
                    NodeIndex::new(layer + a),
                    NodeIndex::new(layer + b),
                    Link { kind, km },
                );
            }
        }
        for z in 0..n {
            graph.add_edge(
                NodeIndex::new(z),
                NodeIndex::new(n + z),
                Link {
                    kind: LinkKind::Ramp,
                    km: 0.0,
                },
            );
        }
        let projection = Projection::around(&points);
        let index = projection.index(&points);
        let adjacency = Adjacency::of(&graph);
        Network {
            graph,
            points,
            index,
            projection,
            settings: settings.clone(),
            adjacency,
        }
    }

    /// Number of zones.
    pub fn zones(&self) -> usize {
        self.points.len()
    }

    /// The settings the network was built with.
    pub fn settings(&self) -> &NetworkSettings {
        &self.settings
    }

    /// Attaches a site at `location` to its nearest zones, or refuses a
    /// location that is not a valid coordinate or is outside the region's
    /// reach.
    pub fn attach(&self, location: Point<f64>) -> Result<Attachment> {
        let (lon, lat) = (location.x(), location.y());
        checked_location(lat, lon)?;
        let near = self.nearest(location);
        match near.links.first() {
            None => Err(Error::Refused("the network has no zones".to_string())),
            Some(&(_, d)) if d > self.settings.reach_km => Err(Error::Refused(format!(
                "latitude {lat} and longitude {lon} are outside the region's reach: the nearest zone is {d:.1} km away, and the network can only estimate times for places within {} km of a zone of this dataset",
                self.settings.reach_km
            ))),
            Some(_) => Ok(near),
        }
    }

    /// The nearest zones to `location` (a valid coordinate), however far:
    /// how a site with known times joins the network for calibration.
    pub fn nearest(&self, location: Point<f64>) -> Attachment {
        let want = self.settings.attach_zones.max(1);
        // The projected nearest neighbours, re-ranked by true distance.
        let mut near: Vec<(usize, f64)> = self
            .index
            .nearest_neighbor_iter(&self.projection.km(location.0))
            .take(want + 4)
            .map(|g| (g.data, km_between(location, self.points[g.data])))
            .collect();
        near.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        near.truncate(want);
        Attachment { links: near }
    }
}

/// Most boundaries a zone's own is tested against for touching: the ones
/// whose boxes' centres are nearest. An LSOA touches a handful of others,
/// but box centres rank them loosely: on Kent and Medway the farthest
/// touching boundary is the 54th nearest box.
const MAX_TOUCH_CANDIDATES: usize = 256;

/// Neighbouring zone pairs `(a, b)`, `a < b`: boundaries within
/// `touch_km`, and each zone's nearest centroids.
fn neighbours(
    points: &[Point<f64>],
    shapes: Option<&[Option<MultiPolygon<f64>>]>,
    settings: &NetworkSettings,
) -> BTreeSet<(usize, usize)> {
    let projection = Projection::around(points);
    let mut pairs = BTreeSet::new();
    if let Some(shapes) = shapes {
        let projected: Vec<Option<MultiPolygon<f64>>> = shapes
            .iter()
            .map(|s| {
                s.as_ref().map(|s| {
                    s.map_coords(|c| {
                        let [x, y] = projection.km(c);
                        Coord { x, y }
                    })
                })
            })
            .collect();
        let boxes: Vec<GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>> = projected
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let r = s.as_ref()?.bounding_rect()?;
                Some(GeomWithData::new(
                    rstar::primitives::Rectangle::from_corners(
                        [r.min().x, r.min().y],
                        [r.max().x, r.max().y],
                    ),
                    i,
                ))
            })
            .collect();
        let tree = RTree::bulk_load(boxes.clone());
        let t = settings.touch_km;
        for b in &boxes {
            let i = b.data;
            let env = b.geom().envelope();
            let grown = AABB::from_corners(
                [env.lower()[0] - t, env.lower()[1] - t],
                [env.upper()[0] + t, env.upper()[1] + t],
            );
            // The nearest boxes only: real boundaries touch a handful of
            // others, and boundaries that overlap everything (a damaged
            // file) must not make this quadratic.
            let centre = |e: &AABB<[f64; 2]>| e.center();
            let here = centre(&env);
            let mut near: Vec<(f64, usize)> = tree
                .locate_in_envelope_intersecting(&grown)
                .filter(|o| o.data != i)
                .map(|o| {
                    let c = centre(&o.geom().envelope());
                    ((c[0] - here[0]).hypot(c[1] - here[1]), o.data)
                })
                .collect();
            near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            near.truncate(MAX_TOUCH_CANDIDATES);
            for (_, j) in near {
                if j <= i && pairs.contains(&(j, i)) {
                    continue;
                }
                if let (Some(a), Some(b)) = (&projected[i], &projected[j])
                    && Euclidean.distance(a, b) <= t
                {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    let index = projection.index(points);
    for (i, p) in points.iter().enumerate() {
        let mut near: Vec<(usize, f64)> = index
            .nearest_neighbor_iter(&projection.km(p.0))
            .filter(|g| g.data != i)
            .take(settings.nearest_neighbours + 4)
            .map(|g| (g.data, km_between(*p, points[g.data])))
            .collect();
        near.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        for &(j, _) in near.iter().take(settings.nearest_neighbours) {
            pairs.insert((i.min(j), i.max(j)));
        }
    }
    connect_islands(points, &projection, &index, &mut pairs);
    pairs
}

/// Crossings: near zones that the neighbour `pairs` join only by a long
/// way round (across a river with a tunnel or a bridge between zones whose
/// nearest neighbours are all on their own bank, say). Each zone is checked
/// against its `detour_candidates` nearest zones within `detour_km`; when
/// the shortest way along the links is more than `detour_factor` times the
/// straight line, the two become neighbours (local and main roads). None when
/// `detour_factor` is 0 (the default): across an estuary with no road a
/// crossing is a false shortcut, so a planner turns them on only where
/// `hasu network check` shows they help.
fn crossings(
    points: &[Point<f64>],
    pairs: &BTreeSet<(usize, usize)>,
    settings: &NetworkSettings,
) -> Vec<(usize, usize)> {
    if settings.detour_factor <= 0.0 {
        return Vec::new();
    }
    let projection = Projection::around(points);
    let index = projection.index(points);
    let n = points.len();
    let mut around: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(a, b) in pairs.iter() {
        let km = km_between(points[a], points[b]);
        around[a].push((b, km));
        around[b].push((a, km));
    }
    let mut distance = vec![f64::INFINITY; n];
    let mut touched = Vec::new();
    let mut added = Vec::new();
    for z in 0..n {
        let near: Vec<(usize, f64)> = index
            .nearest_neighbor_iter(&projection.km(points[z].0))
            .filter(|g| g.data != z)
            .take(settings.detour_candidates)
            .map(|g| (g.data, km_between(points[z], points[g.data])))
            .filter(|&(_, km)| km <= settings.detour_km)
            .collect();
        let Some(bound) = near.iter().map(|&(_, km)| km).reduce(f64::max) else {
            continue;
        };
        // Shortest distances along the links from z, as far as the bound.
        let bound = bound * settings.detour_factor;
        distance[z] = 0.0;
        touched.push(z);
        let mut heap = std::collections::BinaryHeap::new();
        heap.push((std::cmp::Reverse(Km(0.0)), z));
        while let Some((std::cmp::Reverse(Km(d)), u)) = heap.pop() {
            if d > distance[u] || d > bound {
                continue;
            }
            for &(v, km) in &around[u] {
                let next = d + km;
                if next < distance[v] && next <= bound {
                    if distance[v].is_infinite() {
                        touched.push(v);
                    }
                    distance[v] = next;
                    heap.push((std::cmp::Reverse(Km(next)), v));
                }
            }
        }
        for &(j, km) in &near {
            let pair = (z.min(j), z.max(j));
            if !pairs.contains(&pair) && distance[j] > settings.detour_factor * km {
                added.push(pair);
            }
        }
        for &t in &touched {
            distance[t] = f64::INFINITY;
        }
        touched.clear();
    }
    added.sort_unstable();
    added.dedup();
    added
}

/// A distance that orders totally (never NaN here), for the heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Km(f64);

impl Eq for Km {}

impl PartialOrd for Km {
    fn partial_cmp(&self, other: &Km) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Km {
    fn cmp(&self, other: &Km) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Joins every group of zones that the neighbour pairs leave apart from the
/// rest (an island of border zones whose nearest neighbours are each
/// other) to the nearest zone outside it, until every zone is reachable
/// from every other: a road leaves every place.
fn connect_islands(
    points: &[Point<f64>],
    projection: &Projection,
    index: &RTree<GeomWithData<[f64; 2], usize>>,
    pairs: &mut BTreeSet<(usize, usize)>,
) {
    let n = points.len();
    loop {
        let mut groups = UnionFind::<usize>::new(n);
        for &(a, b) in pairs.iter() {
            groups.union(a, b);
        }
        let labels = groups.into_labeling();
        let mut members: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (z, &label) in labels.iter().enumerate() {
            members.entry(label).or_default().push(z);
        }
        if members.len() <= 1 {
            return;
        }
        // The largest group stays; each other joins its nearest outsider.
        let largest = members
            .iter()
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
            .map_or(0, |(&label, _)| label);
        for (&label, zones) in members.iter().filter(|(l, _)| **l != largest) {
            let nearest = zones
                .iter()
                .filter_map(|&z| {
                    index
                        .nearest_neighbor_iter(&projection.km(points[z].0))
                        .find(|g| labels[g.data] != label)
                        .map(|g| (km_between(points[z], points[g.data]), z, g.data))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
            if let Some((_, a, b)) = nearest {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of_zones() -> Network {
        // Five zones 1 km apart along a parallel.
        let points: Vec<Point<f64>> = (0..5)
            .map(|i| Point::new(i as f64 * 0.01437, 51.3))
            .collect();
        let pairs: BTreeSet<(usize, usize)> = (0..4).map(|i| (i, i + 1)).collect();
        Network::from_pairs(points, &pairs, &NetworkSettings::default())
    }

    #[test]
    fn boundaries_that_overlap_everything_give_a_bounded_number_of_neighbours() {
        // A damaged boundaries file: every zone's boundary is the same
        // square around the whole region. Without a bound every pair of
        // zones would be neighbours (n² links).
        let n = 1200;
        let points: Vec<Point<f64>> = (0..n)
            .map(|i| Point::new((i % 40) as f64 * 0.01, 51.0 + (i / 40) as f64 * 0.01))
            .collect();
        let square = geo::Polygon::new(
            geo::LineString::from(vec![(-1.0, 50.0), (2.0, 50.0), (2.0, 53.0), (-1.0, 53.0)]),
            vec![],
        );
        let shapes: Vec<Option<MultiPolygon<f64>>> = vec![Some(MultiPolygon::new(vec![square])); n];
        let pairs = neighbours(&points, Some(&shapes), &NetworkSettings::default());
        // At most 256 tested per zone, far below the 719,400 pairs.
        assert!(
            pairs.len() <= n * 256 && n * 256 < n * (n - 1) / 2,
            "{} pairs for {n} zones",
            pairs.len()
        );
    }

    #[test]
    fn two_layers_and_ramps() {
        let n = line_of_zones();
        assert_eq!(n.graph.node_count(), 10);
        assert_eq!(n.graph.edge_count(), 4 + 4 + 5);
        assert_eq!(n.graph[NodeIndex::new(7)], Node::Trunk(2));
        let km = n.graph.edge_weights().next().unwrap().km;
        assert!((km - 1.0).abs() < 0.01, "{km}");
    }

    #[test]
    fn islands_of_zones_are_joined_to_the_rest() {
        // Two clusters of six zones 30 km apart: each zone's two nearest
        // neighbours are in its own cluster.
        let mut points = Vec::new();
        for (x0, y0) in [(0.0, 51.0), (0.45, 51.0)] {
            for k in 0..6 {
                points.push(Point::new(
                    x0 + 0.01 * f64::from(k % 3),
                    y0 + 0.01 * f64::from(k / 3),
                ));
            }
        }
        let settings = NetworkSettings {
            nearest_neighbours: 2,
            ..NetworkSettings::default()
        };
        let pairs = neighbours(&points, None, &settings);
        let n = Network::from_pairs(points, &pairs, &settings);
        assert_eq!(petgraph::algo::connected_components(&n.graph), 1);
        // One link joins them, between the nearest facing zones (at
        // 51.01° a degree of longitude is a little shorter than at 51°).
        let across: Vec<&(usize, usize)> =
            pairs.iter().filter(|(a, b)| (a < &6) != (b < &6)).collect();
        assert_eq!(across, [&(5, 9)]);
    }

    #[test]
    fn attachment_and_reach() {
        let n = line_of_zones();
        let a = n.attach(Point::new(0.0145, 51.3)).unwrap();
        assert_eq!(a.links.len(), 3);
        assert_eq!(a.links[0].0, 1);
        let far = n.attach(Point::new(1.0, 51.3)).unwrap_err().to_string();
        assert!(
            far.contains("outside the region's reach: the nearest zone is 6"),
            "{far}"
        );
        let nan = n
            .attach(Point::new(f64::NAN, 51.3))
            .unwrap_err()
            .to_string();
        assert!(nan.contains("not a place"), "{nan}");
    }
}
