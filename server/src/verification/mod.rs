//! Verification: what was registered when a letter was signed, comparing a file or a SHA-256
//! with it, revocation from the public page, and the public JSON API.
//!
//! Path of a check: `app/src/verification/verify.rs` → `app::verification::match_hash` (server
//! fn) → `port` → [`service::compare`] → `db::letters`. The API (`api`) calls the same service.

pub mod api;
pub mod cache;
pub mod forms;
mod port;
pub mod service;
pub mod views;

pub use service::{Candidate, compare, may_revoke, registered};

/// The public facts of letter `id` as the page and the API show them (kept in the node's
/// [`cache`] until the letter is revoked).
pub async fn public_letter(
    s: &crate::Services,
    id: uuid::Uuid,
    viewer: Option<&crate::accounts::Actor>,
) -> crate::error::Result<Option<app::verification::PublicLetter>> {
    s.verified.watch(&s.db.pool).await;
    let known = match s.verified.letter(id) {
        Some(known) => known,
        None => {
            let Some(found) = registered(s, id).await? else { return Ok(None) };
            let office_code = found.row.letter.office_code.clone();
            let known = cache::Known { letter: views::public_letter(s, id, found, None), office_code };
            s.verified.keep_letter(id, known.clone());
            known
        }
    };
    let mut letter = known.letter;
    letter.can_revoke = letter.revoked.is_none() && viewer.is_some_and(|v| may_revoke(v, &known.office_code));
    Ok(Some(letter))
}
