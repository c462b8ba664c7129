//! The weighted p-median instance of a dataset: the region's zones, each
//! with every facility that could serve it, nearest first, and the cost
//! (admissions × minutes) of being served by it.

use crate::criteria::OptionRules;
use crate::error::{Error, Result};
use crate::evaluate::MAX_SITES;
use crate::model::{Dataset, Role};

/// One p-median instance.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Facility → site index: every site that may be open.
    pub sites: Vec<usize>,
    /// Per facility: open whatever the option (`fixed_open`, or required).
    pub fixed: Vec<bool>,
    /// Per facility: free to choose (a candidate neither required nor
    /// excluded).
    pub free: Vec<bool>,
    /// Per facility: a candidate site (a HASU when open).
    pub candidate: Vec<bool>,
    /// Required candidates (they count towards p).
    pub required: usize,
    /// Per zone: its admissions a year.
    pub weight: Vec<f64>,
    /// Per zone: where its list starts in `fac` and `cost` (one more entry
    /// at the end).
    pub start: Vec<usize>,
    /// Facilities, each zone's nearest first (ties by facility order).
    pub fac: Vec<u16>,
    /// Admissions × minutes of each (zone, facility) in `fac`.
    pub cost: Vec<f64>,
    /// The region's admissions with a time to some facility.
    pub total_weight: f64,
    /// Cost of zones left out of a restricted instance (settled by a
    /// facility fixed open); 0 for a whole instance.
    pub constant: f64,
    /// Per zone of a restricted instance, the zone of the whole one.
    pub origin: Vec<usize>,
    /// Region admissions with no time to any facility.
    pub unreachable: f64,
}

/// Tenths of a minute, as the evaluator rounds travel times.
fn tenths(minutes: f32) -> f64 {
    (f64::from(minutes) * 10.0).round()
}

impl Instance {
    /// The instance of `data`'s region under `rules` (`require` and
    /// `exclude` honoured; `fixed_open` sites always open).
    ///
    /// # Errors
    /// More sites than hasu evaluates.
    pub fn new(data: &Dataset, rules: &OptionRules) -> Result<Instance> {
        if data.sites.len() > MAX_SITES {
            return Err(Error::Refused(format!(
                "the dataset has {} sites; hasu optimises over at most {MAX_SITES}",
                data.sites.len()
            )));
        }
        let sites: Vec<usize> = (0..data.sites.len())
            .filter(|s| data.sites[*s].role.can_open() && !rules.exclude.contains(s))
            .collect();
        let fixed: Vec<bool> = sites
            .iter()
            .map(|&s| data.sites[s].role == Role::FixedOpen || rules.require.contains(&s))
            .collect();
        let free: Vec<bool> = sites
            .iter()
            .zip(&fixed)
            .map(|(&s, &f)| !f && data.sites[s].role == Role::Candidate)
            .collect();
        let candidate: Vec<bool> = sites
            .iter()
            .map(|&s| data.sites[s].role == Role::Candidate)
            .collect();
        let mut inst = Instance {
            candidate,
            required: rules.require.len(),
            sites,
            fixed,
            free,
            weight: Vec::new(),
            start: vec![0],
            fac: Vec::new(),
            cost: Vec::new(),
            total_weight: 0.0,
            unreachable: 0.0,
            constant: 0.0,
            origin: Vec::new(),
        };
        let mut list: Vec<(f64, u16)> = Vec::new();
        for (z, zone) in data.zones.iter().enumerate() {
            if !zone.in_region {
                continue;
            }
            let row = data.travel.row(z);
            list.clear();
            list.extend(
                inst.sites
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !row[**s].is_nan())
                    .map(|(f, s)| (tenths(row[*s]), f as u16)),
            );
            if list.is_empty() {
                inst.unreachable += zone.admissions;
                continue;
            }
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let a = zone.admissions;
            inst.weight.push(a);
            inst.total_weight += a;
            for &(t, f) in &list {
                inst.fac.push(f);
                inst.cost.push(a * t / 10.0);
            }
            inst.start.push(inst.fac.len());
            inst.origin.push(inst.origin.len());
        }
        Ok(inst)
    }

    /// The instance left when the facilities `open` are open and `closed`
    /// closed: each zone's list cut after its nearest open facility and
    /// without the closed ones; a zone whose nearest remaining facility is
    /// open is settled, its cost moved to `constant`. Far smaller deep in a
    /// search, and every bound and cost the same.
    pub fn restrict(&self, open: &[bool], closed: &[bool]) -> Instance {
        let mut out = Instance {
            weight: Vec::new(),
            start: vec![0],
            fac: Vec::new(),
            cost: Vec::new(),
            constant: self.constant,
            origin: Vec::new(),
            ..self.clone_shell()
        };
        for i in 0..self.zones() {
            let mut entries = self.list(i).filter(|&(f, _)| !closed[f]).peekable();
            match entries.peek() {
                Some(&(f, c)) if open[f] => {
                    out.constant += c;
                    continue;
                }
                None => {
                    out.constant = f64::INFINITY;
                    continue;
                }
                _ => {}
            }
            for (f, c) in entries {
                out.fac.push(f as u16);
                out.cost.push(c);
                if open[f] {
                    break;
                }
            }
            out.weight.push(self.weight[i]);
            out.start.push(out.fac.len());
            out.origin.push(self.origin[i]);
        }
        out
    }

    /// Everything but the zones.
    fn clone_shell(&self) -> Instance {
        Instance {
            sites: self.sites.clone(),
            fixed: self.fixed.clone(),
            free: self.free.clone(),
            candidate: self.candidate.clone(),
            required: self.required,
            weight: Vec::new(),
            start: Vec::new(),
            fac: Vec::new(),
            cost: Vec::new(),
            total_weight: self.total_weight,
            unreachable: self.unreachable,
            constant: 0.0,
            origin: Vec::new(),
        }
    }

    /// The HASUs (site indices, sorted) of the open facilities `open`.
    pub fn hasus(&self, open: &[bool]) -> Vec<usize> {
        let mut hasus: Vec<usize> = (0..self.facilities())
            .filter(|&f| open[f] && self.candidate[f])
            .map(|f| self.sites[f])
            .collect();
        hasus.sort_unstable();
        hasus
    }

    /// The open facilities of the option whose HASUs are `hasus` (site
    /// indices): them and every fixed facility.
    pub fn open_of(&self, hasus: &[usize]) -> Vec<bool> {
        self.sites
            .iter()
            .zip(&self.fixed)
            .map(|(s, &fixed)| fixed || hasus.contains(s))
            .collect()
    }

    /// The same instance with the sites `sites` (indices) never open.
    pub fn ruling_out(&self, sites: &[usize]) -> Instance {
        let mut out = self.clone();
        for (f, s) in self.sites.iter().enumerate() {
            if sites.contains(s) {
                out.free[f] = false;
            }
        }
        out
    }

    /// Zones of the instance.
    pub fn zones(&self) -> usize {
        self.weight.len()
    }

    /// Facilities of the instance.
    pub fn facilities(&self) -> usize {
        self.sites.len()
    }

    /// Zone `i`'s list: (facility, cost) nearest first.
    #[inline]
    pub fn list(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.start[i]..self.start[i + 1];
        self.fac[r.clone()]
            .iter()
            .zip(&self.cost[r])
            .map(|(&f, &c)| (usize::from(f), c))
    }

    /// The total cost (admissions × minutes) of the open facilities
    /// `open`: each zone served by its nearest; infinite when a zone has
    /// none.
    pub fn cost_of(&self, open: &[bool]) -> f64 {
        self.constant
            + (0..self.zones())
                .map(|i| {
                    self.list(i)
                        .find(|&(f, _)| open[f])
                        .map_or(f64::INFINITY, |(_, c)| c)
                })
                .sum::<f64>()
    }
}
