//! The zones an assignment walks, in the order it walks them, each with
//! what the walk reads of it side by side: the walk then streams through
//! one array instead of reading each zone's list, admissions and time
//! today from arrays in zone order (a cache miss a zone on the national
//! data).

use std::sync::OnceLock;

use super::{Evaluator, HEAD, NO_DISTRICT, NONE};

/// What the walk reads of one zone.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    /// The zone's [`HEAD`] nearest sites that could open, nearest first,
    /// each with its time (tenths of a minute); `NONE` past the end.
    pub head: [[u16; 2]; HEAD],
    /// Admissions a year.
    pub admissions: f64,
    /// The zone's place in the dataset.
    pub zone: u32,
    /// Bit `k` set when the site at place `k` of the head is exactly as
    /// near as the next: ties, read without touching the list.
    pub same_as_next: u8,
    /// Whether the zone is the region's.
    pub region: bool,
}

/// Some of the zones (those whose units depend on the option, or those
/// whose units do not), in the order they are walked.
#[derive(Debug, Clone, Default)]
pub(super) struct WalkOrder {
    /// The zones: first those inside the region, district by district
    /// (zones with the same nearest sites next to each other within, so
    /// that the search for the nearest open unit goes the same way zone
    /// after zone), then those outside it.
    pub rows: Vec<Row>,
    /// How many of `rows` are the region's.
    pub region: usize,
    /// The admissions of the region's rows, side by side for the passes
    /// that read nothing else of them.
    pub region_admissions: Vec<f64>,
    /// The time today of the zone of each of the region's rows, tenths of
    /// a minute (`NONE` until today is known).
    pub today: Vec<u16>,
    /// Each district of the region's rows, with the end of its rows.
    pub districts: Vec<(u32, u32)>,
    /// Per site that could open, its column of times ([`Self::columns`]),
    /// made the first time a search needs them: options of many units,
    /// and every option where many units are always open, never do.
    columns: OnceLock<Vec<u16>>,
}

impl WalkOrder {
    /// Per site that could open (in sites-table order), its time (tenths)
    /// from each row's zone, `NONE` for none: column `c` is
    /// `columns[c * rows.len()..][..rows.len()]`. `e` is the evaluator
    /// whose walk order this is.
    pub(super) fn columns(&self, e: &Evaluator) -> &[u16] {
        self.columns.get_or_init(|| e.columns(&self.rows))
    }

    /// Sets each zone's time today from `today` (tenths, in zone order).
    pub(super) fn set_today(&mut self, today: &[u16]) {
        for (time, row) in self.today.iter_mut().zip(&self.rows) {
            *time = today[row.zone as usize];
        }
    }
}

impl Evaluator {
    /// The zones `chosen` marks, in walk order: the region's in the order
    /// of `region_zones`, then the others in zone order.
    pub(super) fn walk_order(&self, chosen: &[bool]) -> WalkOrder {
        let outside = (0..self.zones as u32)
            .filter(|&z| chosen[z as usize] && self.district[z as usize] == NO_DISTRICT);
        let region: Vec<u32> = self
            .region_zones
            .iter()
            .copied()
            .filter(|&z| chosen[z as usize])
            .collect();
        let mut districts: Vec<(u32, u32)> = Vec::new();
        for (i, &z) in region.iter().enumerate() {
            let d = self.district[z as usize];
            match districts.last_mut() {
                Some((last, end)) if *last == d => *end = i as u32 + 1,
                _ => districts.push((d, i as u32 + 1)),
            }
        }
        let rows: Vec<Row> = region
            .iter()
            .copied()
            .chain(outside)
            .map(|z| self.row(z))
            .collect();
        WalkOrder {
            columns: OnceLock::new(),
            today: vec![NONE; region.len()],
            region: region.len(),
            region_admissions: region
                .iter()
                .map(|&z| self.admissions[z as usize])
                .collect(),
            rows,
            districts,
        }
    }

    /// The times of the zones of `rows` to each site that could open
    /// ([`WalkOrder::columns`]).
    fn columns(&self, rows: &[Row]) -> Vec<u16> {
        let mut column = [usize::MAX; super::MAX_SITES];
        for (c, &s) in self.can_open.iter().enumerate() {
            column[s] = c;
        }
        let n = rows.len();
        let mut columns = vec![NONE; n * self.can_open.len()];
        for (i, row) in rows.iter().enumerate() {
            let z = row.zone as usize;
            for k in 0..self.lists.stride {
                let (s, t) = self.entry(z, k);
                if s == NONE {
                    break;
                }
                columns[column[usize::from(s)] * n + i] = t;
            }
        }
        columns
    }

    /// What the walk reads of zone `z`.
    fn row(&self, z: u32) -> Row {
        let z = z as usize;
        let mut head = [[NONE, NONE]; HEAD];
        for (k, entry) in head.iter_mut().enumerate() {
            let (s, t) = self.entry(z, k);
            *entry = [s, t];
        }
        let mut same_as_next = 0;
        for (k, &[_, t]) in head.iter().enumerate() {
            if t != NONE && t == self.entry(z, k + 1).1 {
                same_as_next |= 1 << k;
            }
        }
        Row {
            head,
            admissions: self.admissions[z],
            zone: z as u32,
            same_as_next,
            region: self.district[z] != NO_DISTRICT,
        }
    }
}
