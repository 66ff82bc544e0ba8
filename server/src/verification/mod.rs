//! Verification: what was registered when a letter was signed, comparing a file or a SHA-256
//! with it, revocation from the public page, and the public JSON API.
//!
//! Path of a check: `app/src/verification/verify.rs` → `app::verification::match_hash` (server
//! fn) → `port` → [`service::compare`] → `db::letters`. The API (`api`) calls the same service.

pub mod api;
mod port;
pub mod service;

pub use service::{Candidate, compare, may_revoke, public_letter};
