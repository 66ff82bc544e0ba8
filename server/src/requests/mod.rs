//! Requests: submission (online and at the counter), who may see which request, transitions,
//! revocation, attachments, and the lists and detail the UI shows.
//!
//! Path of a submission: `app/src/requests/new_request.rs` → `app::requests::submit_request`
//! (server fn) → [`port`] → [`service::submit`] (with [`prepare`]) → `db::requests`,
//! `db::attachments`.

pub mod deadlines;
pub mod forms;
mod port;
pub mod prepare;
pub mod queue;
mod receipt;
pub mod reference;
pub mod service;
pub mod snapshot;
pub mod track;
pub mod uploads;
mod views;

pub use service::{can_see, load_visible, revoke};
