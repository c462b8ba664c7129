//! Files on disk: how hasu reads what a user gives it and writes what it
//! makes, so that nothing a user has is ever lost or half-changed.
//!
//! - [`read`]: input files are read only when they are regular files within
//!   a stated size.
//! - [`output`]: a command's output never lands on, in or above an input,
//!   never replaces anything without `--force`, and appears whole or not at
//!   all.
//! - [`atomic`]: every output is written beside its target and renamed into
//!   place when complete.

pub mod atomic;
pub mod output;
pub mod read;
