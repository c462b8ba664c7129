//! Sets of sites: an option's HASUs, or the units open under it.

/// Most sites a set holds.
pub const MAX_SITES: usize = 256;

/// A set of sites, by index (a bitset of [`MAX_SITES`] bits).
///
/// # Example
/// ```
/// use hasu::siteset::SiteSet;
/// let s = SiteSet::from_sites(&[0, 5, 200]);
/// assert!(s.contains(5) && !s.contains(6));
/// assert_eq!(s.sites(), vec![0, 5, 200]);
/// assert_eq!(s.len(), 3);
/// // [0, 5, 200] comes before [0, 6, 7]: 5 < 6.
/// let t = SiteSet::from_sites(&[0, 6, 7]);
/// assert_eq!(s.site_order(&t), std::cmp::Ordering::Less);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct SiteSet([u64; MAX_SITES / 64]);

impl SiteSet {
    /// The set of `sites` (each below [`MAX_SITES`]).
    pub fn from_sites(sites: &[usize]) -> SiteSet {
        let mut s = SiteSet::default();
        for &i in sites {
            s.insert(i);
        }
        s
    }

    /// Adds site `i`.
    pub fn insert(&mut self, i: usize) {
        self.0[i >> 6] |= 1 << (i & 63);
    }

    /// Whether site `i` is in the set.
    #[inline]
    pub fn contains(&self, i: usize) -> bool {
        self.0[i >> 6] >> (i & 63) & 1 == 1
    }

    /// The sites, ascending.
    pub fn sites(&self) -> Vec<usize> {
        (0..MAX_SITES).filter(|&i| self.contains(i)).collect()
    }

    /// The sites of either set.
    pub fn union(&self, other: &SiteSet) -> SiteSet {
        let mut out = *self;
        for (w, o) in out.0.iter_mut().zip(other.0) {
            *w |= o;
        }
        out
    }

    /// Number of sites.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    /// The order of two sets of the same size by their site lists, compared
    /// element by element (ascending): the set holding the lowest site in
    /// which they differ comes first. No allocation.
    pub fn site_order(&self, other: &SiteSet) -> std::cmp::Ordering {
        for (a, b) in self.0.iter().zip(other.0) {
            let differ = a ^ b;
            if differ != 0 {
                let lowest = differ & differ.wrapping_neg();
                return if a & lowest != 0 {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                };
            }
        }
        std::cmp::Ordering::Equal
    }
}
