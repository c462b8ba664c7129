//! A short account of a dataset: what `hasu validate` prints.

use std::fmt;

use crate::model::{Dataset, Role};

/// Zone counts and admissions for one group of zones.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ZoneGroup {
    /// Number of zones.
    pub zones: usize,
    /// Admissions a year.
    pub admissions: f64,
}

/// Travel-time coverage of one site.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteCoverage {
    /// Site id.
    pub id: String,
    /// Site name.
    pub name: String,
    /// Zones with a time to this site.
    pub known: usize,
    /// Of those, zones whose time is estimated.
    pub estimated: usize,
}

/// Headline facts about a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Zones inside the region.
    pub in_region: ZoneGroup,
    /// Zones outside the region (cross-border demand).
    pub cross_border: ZoneGroup,
    /// Number of sites of each role, in [`Role::ALL`] order.
    pub sites_by_role: Vec<(Role, usize)>,
    /// Zone × site cells in the travel matrix.
    pub cells: usize,
    /// Cells with a time.
    pub known: usize,
    /// Cells with an estimated time.
    pub estimated: usize,
    /// Coverage of each site that could open and lacks some times or has
    /// estimated ones.
    pub notable_sites: Vec<SiteCoverage>,
}

impl Summary {
    /// Summarises `data`.
    pub fn of(data: &Dataset) -> Summary {
        let mut in_region = ZoneGroup::default();
        let mut cross_border = ZoneGroup::default();
        for z in &data.zones {
            let g = if z.in_region {
                &mut in_region
            } else {
                &mut cross_border
            };
            g.zones += 1;
            g.admissions += z.admissions;
        }
        let sites_by_role = Role::ALL
            .iter()
            .map(|&r| (r, data.sites.iter().filter(|s| s.role == r).count()))
            .collect();
        let zones = data.zones.len();
        let mut known = 0;
        let mut estimated = 0;
        let mut notable_sites = Vec::new();
        for (i, s) in data.sites.iter().enumerate() {
            let k = data.travel.known_in_column(i);
            let e = data.travel.estimated_in_column(i);
            known += k;
            estimated += e;
            if s.role.can_open() && (k < zones || e > 0) {
                notable_sites.push(SiteCoverage {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    known: k,
                    estimated: e,
                });
            }
        }
        Summary {
            in_region,
            cross_border,
            sites_by_role,
            cells: zones * data.sites.len(),
            known,
            estimated,
            notable_sites,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zones = self.in_region.zones + self.cross_border.zones;
        writeln!(
            f,
            "zones:            {} in the region ({} admissions a year)",
            group(self.in_region.zones),
            thousands(self.in_region.admissions)
        )?;
        writeln!(
            f,
            "                  {} across the border ({} admissions a year)",
            group(self.cross_border.zones),
            thousands(self.cross_border.admissions)
        )?;
        writeln!(
            f,
            "                  {} in all ({} admissions a year)",
            group(zones),
            thousands(self.in_region.admissions + self.cross_border.admissions)
        )?;
        let roles: Vec<String> = self
            .sites_by_role
            .iter()
            .map(|(r, n)| format!("{n} {r}"))
            .collect();
        writeln!(f, "sites:            {}", roles.join(", "))?;
        let share = if self.cells == 0 {
            0.0
        } else {
            100.0 * self.known as f64 / self.cells as f64
        };
        writeln!(
            f,
            "travel times:     {} of {} zone-site pairs present ({share:.1}%), {} estimated",
            group(self.known),
            group(self.cells),
            group(self.estimated)
        )?;
        for s in &self.notable_sites {
            if s.known == 0 {
                writeln!(
                    f,
                    "                  {} ({}): no travel times",
                    s.id, s.name
                )?;
            } else {
                writeln!(
                    f,
                    "                  {} ({}): {} zones with times, {} of them estimated",
                    s.id,
                    s.name,
                    group(s.known),
                    group(s.estimated)
                )?;
            }
        }
        Ok(())
    }
}

/// An integer with thousands separators: 34752 → "34,752".
pub fn group(n: usize) -> String {
    group_digits(&n.to_string())
}

/// A string of digits with thousands separators.
pub fn group_digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A quantity rounded to a whole number, with thousands separators.
pub fn thousands(x: f64) -> String {
    let r = x.round();
    if r < 0.0 {
        format!("-{}", group((-r) as usize))
    } else {
        group(r as usize)
    }
}

/// `s` cut to at most `n` characters, ending in `…` when cut.
pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(34752), "34,752");
        assert_eq!(group(4344000), "4,344,000");
        assert_eq!(thousands(2449.6), "2,450");
        assert_eq!(thousands(-1234.4), "-1,234");
    }
}
