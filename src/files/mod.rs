//! Files on disk: how hasu reads what a user gives it and writes what it
//! makes, so that nothing a user has is ever lost or half-changed.
//!
//! - [`read`]: input files are read only when they are regular files within
//!   a stated size.
//! - [`atomic`]: every output is written beside its target and renamed into
//!   place when complete.

pub mod atomic;
pub mod read;
