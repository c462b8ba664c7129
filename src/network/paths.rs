//! Shortest-path trees over the network.
//!
//! petgraph's `dijkstra` returns only a map of distances; calibration needs
//! the whole tree (each node's predecessor link and the order nodes were
//! settled in) for thousands of trees, so this module keeps a compact,
//! read-only copy of the graph's adjacency and runs Dijkstra on dense arrays.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;

/// A compressed (CSR) copy of an undirected graph's adjacency.
#[derive(Debug, Clone)]
pub(crate) struct Adjacency {
    offsets: Vec<u32>,
    targets: Vec<(u32, u32)>,
}

impl Adjacency {
    /// Copies the adjacency of `graph`: for each node, its neighbours and the
    /// link to each, in petgraph's order.
    pub fn of<N, E>(graph: &UnGraph<N, E>) -> Adjacency {
        let mut offsets = Vec::with_capacity(graph.node_count() + 1);
        let mut targets = Vec::with_capacity(2 * graph.edge_count());
        offsets.push(0);
        for n in graph.node_indices() {
            let mut around: Vec<(u32, u32)> = graph
                .edges(n)
                .map(|e| {
                    let other = if e.source() == n {
                        e.target()
                    } else {
                        e.source()
                    };
                    (other.index() as u32, e.id().index() as u32)
                })
                .collect();
            around.sort_unstable();
            targets.extend(around);
            offsets.push(targets.len() as u32);
        }
        Adjacency { offsets, targets }
    }

    /// Number of nodes.
    pub fn nodes(&self) -> usize {
        self.offsets.len() - 1
    }

    fn around(&self, node: usize) -> &[(u32, u32)] {
        &self.targets[self.offsets[node] as usize..self.offsets[node + 1] as usize]
    }
}

/// No predecessor: the node is a source, or unreached.
pub(crate) const NONE: u32 = u32::MAX;

/// A shortest-path tree grown from one or more sources.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    /// Minutes from the nearest source (infinite when unreached).
    pub dist: Vec<f64>,
    /// The link each node was reached by ([`NONE`] for sources and
    /// unreached nodes).
    pub via: Vec<u32>,
    /// The node at the other end of `via`.
    pub parent: Vec<u32>,
    /// For each node, which source its path starts from.
    pub source: Vec<u32>,
    /// Reached nodes in the order they were settled (parents before
    /// children).
    pub order: Vec<u32>,
}

#[derive(PartialEq)]
struct Entry(f64, u32);

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    // A min-heap on distance, ties broken by node index so that trees never
    // depend on anything but the input.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

/// Grows the shortest-path tree from `sources` (node, starting minutes) over
/// links weighted by `weight[link]` (non-negative; infinite = unusable).
///
/// # Complexity
/// O((V + E) log V) time, O(V) space.
pub(crate) fn tree(adj: &Adjacency, weight: &[f64], sources: &[(usize, f64)]) -> Tree {
    let n = adj.nodes();
    let mut t = Tree {
        dist: vec![f64::INFINITY; n],
        via: vec![NONE; n],
        parent: vec![NONE; n],
        source: vec![NONE; n],
        order: Vec::with_capacity(n),
    };
    let mut heap = BinaryHeap::with_capacity(n);
    for (k, &(node, start)) in sources.iter().enumerate() {
        if start < t.dist[node] {
            t.dist[node] = start;
            t.source[node] = k as u32;
            heap.push(Entry(start, node as u32));
        }
    }
    let mut settled = vec![false; n];
    while let Some(Entry(d, v)) = heap.pop() {
        let v = v as usize;
        if settled[v] {
            continue;
        }
        settled[v] = true;
        t.order.push(v as u32);
        for &(u, link) in adj.around(v) {
            let u = u as usize;
            let nd = d + weight[link as usize];
            if nd < t.dist[u] {
                t.dist[u] = nd;
                t.via[u] = link;
                t.parent[u] = v as u32;
                t.source[u] = t.source[v];
                heap.push(Entry(nd, u as u32));
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ```text
    ///  0 --1.0-- 1 --2.0-- 2
    ///  |                   |
    ///  +-------5.0---------+       3 (isolated)
    /// ```
    #[test]
    fn a_small_graph_gives_its_known_tree() {
        let mut g: UnGraph<(), ()> = UnGraph::new_undirected();
        let n: Vec<_> = (0..4).map(|_| g.add_node(())).collect();
        g.add_edge(n[0], n[1], ());
        g.add_edge(n[1], n[2], ());
        g.add_edge(n[0], n[2], ());
        let adj = Adjacency::of(&g);
        let t = tree(&adj, &[1.0, 2.0, 5.0], &[(0, 0.0)]);
        assert_eq!(t.dist[..3], [0.0, 1.0, 3.0]);
        assert!(t.dist[3].is_infinite());
        assert_eq!(t.via[..3], [NONE, 0, 1]);
        assert_eq!(t.parent[2], 1);
        assert_eq!(t.order, [0, 1, 2]);
        // Two sources: each node hangs from the nearer one.
        let t = tree(&adj, &[1.0, 2.0, 5.0], &[(0, 0.0), (2, 0.5)]);
        assert_eq!(t.dist[..3], [0.0, 1.0, 0.5]);
        assert_eq!(t.source[..3], [0, 0, 1]);
    }
}
