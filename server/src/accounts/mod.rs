//! Accounts: passwords, sessions, the signed-in person of a request ([`Actor`]) and
//! self-registration.
//!
//! Path of a login: `app/src/accounts/login.rs` → `app::accounts::login` (server fn) →
//! [`port`] → [`service::login`] → `db::users`, `db::sessions`.

pub mod activation;
pub mod forms;
pub mod passwords;
mod port;
pub mod registration;
pub mod service;
pub mod staff;
mod views;

pub use service::{CurrentUser, client_address, cookie_value, hash_password, resolve_user, session_token, token_hash};

use crate::audit::{self, Event};
use crate::db::{self, Tx};
use domain::{AuditAction, Role};
use uuid::Uuid;

/// Records an account event in the account's own history and in the audit log (as the last
/// statement before the transaction commits).
pub async fn log(tx: &mut Tx, user_id: &str, actor: Option<&str>, action: AuditAction, note: &str) -> sqlx::Result<()> {
    let word = action.account_word().expect("an account event");
    db::accounts::log(&mut **tx, user_id, actor, word, note, db::now_ms()).await?;
    let office = db::users::office_of(&mut **tx, user_id).await?;
    audit::record(tx, Event::new(action, actor).office(office.as_deref()).subject(user_id).detail(note)).await
}

/// Who is acting: the signed-in account of the current request, as the server knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub user_id: Uuid,
    pub name: String,
    pub role: Role,
    /// Kemendagri code of the office an official works at; None for residents and admins.
    pub office_code: Option<String>,
    pub office_name: Option<String>,
    /// Signs on behalf of the head (a.n.): a Sekretaris Kelurahan or Sekretaris Desa.
    pub secretary: bool,
}

impl Actor {
    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }
}
