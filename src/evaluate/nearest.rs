//! Finding each zone's nearest open unit: two searches that find the same
//! units, the walk taking the faster for the option.
//!
//! - [`ListSearch`] reads the zone's list of sites, nearest first, until a
//!   site is open: a few places when many units are open, but far down
//!   the list when few are (of 125 sites, the nearest of 4 open at random
//!   is on average 25 places down).
//! - [`ColumnSearch`] starts from each open unit's column of times (one per
//!   site that could open, in walk order) and keeps every zone's nearest
//!   two (time, site) keys: work in proportion to the open units, in
//!   passes through memory the processor can run ahead of.

use super::walk_order::{Row, WalkOrder};
use super::{Evaluator, HEAD, NONE, SiteSet};

/// Options with at most this many open units are searched by columns.
/// On the national data (`cargo bench --bench evaluate --
/// england_wales_units`), 64 options of 16 units took 26 ms by columns
/// against 50 ms by lists, and of 24 units 25 ms by lists.
pub(super) const FEW_UNITS: usize = 16;

/// Rows of a [`ColumnSearch`] worked out at a time (16 KiB of keys).
const BLOCK: usize = 2048;

/// A zone's nearest open unit as a search found it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    pub site: u16,
    /// Tenths of a minute.
    pub time: u16,
    /// Its place in the zone's list (for [`ListSearch`]).
    place: usize,
    /// Whether another open unit may be as near.
    pub maybe_tied: bool,
}

/// How the walk finds a zone's nearest open unit.
pub(super) trait Search {
    /// The nearest open unit of the zone of `row` (row `i` of the walk
    /// order), or `None` when it can reach none.
    fn nearest(&self, i: usize, row: &Row) -> Option<Found>;

    /// The open units as near as `found`, in list order (sites-table
    /// order).
    fn tied(&self, i: usize, row: &Row, found: Found) -> impl Iterator<Item = usize> + Clone;
}

/// Reads each zone's list until a site is open.
pub(super) struct ListSearch<'a> {
    pub evaluator: &'a Evaluator,
    pub open: SiteSet,
}

impl Search for ListSearch<'_> {
    #[inline(always)]
    fn nearest(&self, _: usize, row: &Row) -> Option<Found> {
        let found = |place: usize, site: u16, time: u16| {
            // Only when the next site in the list is as near can there
            // be a tie; the head tells that without reading the list.
            let maybe_tied = place >= HEAD || row.same_as_next >> place & 1 == 1;
            Some(Found {
                site,
                time,
                place,
                maybe_tied,
            })
        };
        for (k, &[s, t]) in row.head.iter().enumerate() {
            if s == NONE {
                return None;
            }
            if self.open.contains(usize::from(s)) {
                return found(k, s, t);
            }
        }
        let lists = &self.evaluator.lists;
        let start = row.zone as usize * lists.stride;
        let i = (start + HEAD..start + lists.stride)
            .take_while(|&i| lists.order[i] != NONE)
            .find(|&i| self.open.contains(usize::from(lists.order[i])))?;
        found(i - start, lists.order[i], lists.times[i])
    }

    fn tied(&self, _: usize, row: &Row, found: Found) -> impl Iterator<Item = usize> + Clone {
        let (e, z, k) = (self.evaluator, row.zone as usize, found.place);
        // The sites as near follow the nearest: within the head, its ties
        // bits say how far; past it, the list does.
        let (head, rest) = if k < HEAD {
            let last = k + (row.same_as_next >> k).trailing_ones() as usize;
            let rest = if last < HEAD { e.lists.stride } else { HEAD };
            (&row.head[k..(last + 1).min(HEAD)], rest)
        } else {
            (&row.head[..0], k)
        };
        head.iter()
            .map(|&[s, _]| usize::from(s))
            .filter(|&s| self.open.contains(s))
            .chain(e.tied_units(z, rest, found.time, &self.open))
    }
}

/// Finds each zone's nearest open unit from the open units' columns of
/// times, worked out for every zone of a walk order before it is walked.
pub(super) struct ColumnSearch<'a> {
    /// The walk order's columns of times ([`WalkOrder::columns`]).
    columns: &'a [u16],
    /// Rows of the walk order.
    n: usize,
    /// The open units: each one's column and site, in sites-table order.
    open: &'a [(u16, u16)],
    /// Per row, the smallest key (`time << 16 | site`) of the open units,
    /// and the next smallest.
    keys: &'a [Vec<u32>; 2],
}

impl<'a> ColumnSearch<'a> {
    /// The search of `zones`, the walk order of `e`, for the open units
    /// `open` (each one's column and site, in sites-table order), filling
    /// `keys`.
    pub(super) fn new(
        e: &'a Evaluator,
        zones: &'a WalkOrder,
        open: &'a [(u16, u16)],
        keys: &'a mut [Vec<u32>; 2],
    ) -> ColumnSearch<'a> {
        let (n, columns) = (zones.rows.len(), zones.columns(e));
        for side in keys.iter_mut() {
            side.clear();
            side.resize(n, u32::MAX);
        }
        let [first, second] = keys;
        // A block of rows at a time, kept in the first-level cache while
        // every open unit's column goes over it.
        for (b, (first, second)) in first
            .chunks_mut(BLOCK)
            .zip(second.chunks_mut(BLOCK))
            .enumerate()
        {
            for &(c, s) in open {
                let column = &columns[usize::from(c) * n + b * BLOCK..][..first.len()];
                for ((f, g), &t) in first.iter_mut().zip(second.iter_mut()).zip(column) {
                    // Without a branch: the smaller stays first, the
                    // larger of the others second.
                    let key = u32::from(t) << 16 | u32::from(s);
                    *g = (*g).min((*f).max(key));
                    *f = (*f).min(key);
                }
            }
        }
        ColumnSearch {
            columns,
            n,
            open,
            keys,
        }
    }
}

impl Search for ColumnSearch<'_> {
    #[inline(always)]
    fn nearest(&self, i: usize, _: &Row) -> Option<Found> {
        let (first, second) = (self.keys[0][i], self.keys[1][i]);
        let time = (first >> 16) as u16;
        (time != NONE).then_some(Found {
            site: first as u16,
            time,
            place: 0,
            maybe_tied: (second >> 16) as u16 == time,
        })
    }

    fn tied(&self, i: usize, _: &Row, found: Found) -> impl Iterator<Item = usize> + Clone {
        self.open
            .iter()
            .filter(move |&&(c, _)| self.columns[usize::from(c) * self.n + i] == found.time)
            .map(|&(_, s)| usize::from(s))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::criteria::{TieRule, load_criteria};
    use crate::evaluate::{Evaluator, SiteSet};
    use crate::load::load_dataset;
    use crate::model::Role;

    /// The units open under option `mask`: the sites that could open at
    /// its bits' places of `can_open`, and every `fixed_open` one.
    fn open_under(e: &Evaluator, mask: u32) -> SiteSet {
        let sites = &e.can_open;
        e.open_units(&SiteSet::from_sites(
            &(0..sites.len())
                .filter(|&i| mask >> i & 1 == 1)
                .map(|i| sites[i])
                .collect::<Vec<_>>(),
        ))
    }

    /// Both searches give the options `masks` ([`open_under`]) the same
    /// assignment, to the bit.
    fn searches_agree(e: &Evaluator, masks: impl Iterator<Item = u32>) {
        let (mut by_list, mut by_columns) = (e.scratch(), e.scratch());
        for mask in masks {
            let open = open_under(e, mask);
            let a = e.assign_by(&open, false, &mut by_list);
            let b = e.assign_by(&open, true, &mut by_columns);
            let (x, y) = (&by_list, &by_columns);
            let sums =
                |a: &super::super::assign::Assigned| (a.unreachable, a.tied, a.longest, a.further);
            assert_eq!(sums(&a), sums(&b), "{:?}", open.sites());
            assert_eq!(
                (&x.choice, &x.time, &x.sharing),
                (&y.choice, &y.time, &y.sharing)
            );
            assert_eq!(
                (&x.admissions, &x.region_admissions, &x.district_tenths),
                (&y.admissions, &y.region_admissions, &y.district_tenths)
            );
            assert_eq!(
                (&x.histogram, &x.trips, &x.shares),
                (&y.histogram, &y.trips, &y.shares)
            );
        }
    }

    #[test]
    fn the_column_search_finds_what_the_list_search_finds() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let data = load_dataset(&root.join("data/kent-medway"))
            .unwrap()
            .dataset;
        let mut criteria = load_criteria(&root.join("criteria/kent-medway.toml"), &data).unwrap();
        // With nothing fixed open, options of one or two units leave
        // zones far down their lists.
        let mut unfixed = data.clone();
        for s in &mut unfixed.sites {
            if s.role.can_open() {
                s.role = Role::Candidate;
            }
        }
        for ties in [TieRule::Split, TieRule::FirstListed] {
            criteria.ties = ties;
            for data in [&data, &unfixed] {
                let e = Evaluator::new(data, &criteria, Vec::new()).unwrap();
                let every = (1u32 << e.can_open.len()) - 1;
                // Every option of the candidates, or a spread of them.
                let masks = || (1..=every).step_by((every as usize / 2000).max(1));
                searches_agree(&e, masks());
                // Times on a five-minute grid: many zones equally near to
                // several units.
                let coarse = e.with_inputs(
                    |z, s| (f64::from(data.travel.row(z)[s]) / 5.0).round() * 5.0,
                    data.zones.iter().map(|z| z.admissions).collect(),
                    &criteria.pathway,
                );
                let mut scratch = coarse.scratch();
                let mut tied = |m| coarse.assign(&open_under(&coarse, m), &mut scratch).tied;
                assert!(masks().any(|m| tied(m) > 0.0));
                searches_agree(&coarse, masks());
            }
        }
    }
}
