//! Verification: what was registered when a letter was signed, comparing a file or a SHA-256
//! with it, revocation from the public page, and the public JSON API.
//!
//! Path of a check: `app/src/verification/verify.rs` → `app::verification::match_hash` (server
//! fn) → `port` → [`service::compare`] → `db::letters`. The API (`api`) calls the same service.

pub mod api;
pub mod forms;
mod port;
pub mod service;
pub mod views;

pub use service::{Candidate, compare, may_revoke, registered};

/// The public facts of letter `id` as the page and the API show them.
pub async fn public_letter(
    s: &crate::Services,
    id: uuid::Uuid,
    viewer: Option<&crate::accounts::Actor>,
) -> crate::error::Result<Option<app::verification::PublicLetter>> {
    Ok(registered(s, id).await?.map(|found| views::public_letter(s, id, found, viewer)))
}
