//! Offices: layout and numbering settings (paper, margins, kop surat, emblem, number pattern,
//! counter scope), checked by rendering a sample letter before they are saved.
//!
//! Path of a change: `app/src/offices/admin.rs` → `app::offices::save_office_settings` (server
//! fn) → `port` → [`service::apply`] → `db::offices`.

pub mod forms;
mod port;
pub mod service;
pub mod setup;

pub use service::{Change, apply, parse_margins};
