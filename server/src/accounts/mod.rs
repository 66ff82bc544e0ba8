//! Accounts: passwords, sessions, the signed-in person of a request ([`Actor`]) and
//! self-registration.
//!
//! Path of a login: `app/src/accounts/login.rs` → `app::accounts::login` (server fn) →
//! [`port`] → [`service::login`] → `db::users`, `db::sessions`.

pub mod passwords;
mod port;
pub mod registration;
pub mod service;
pub mod staff;
mod views;

pub use service::{CurrentUser, client_address, cookie_value, hash_password, resolve_user, session_token, token_hash};

use domain::Role;
use uuid::Uuid;

/// Who is acting: the signed-in account of the current request, as the server knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub user_id: Uuid,
    pub name: String,
    pub role: Role,
    /// Kemendagri code of the office an official works at; None for residents and admins.
    pub office_code: Option<String>,
    pub office_name: Option<String>,
}

impl Actor {
    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }
}
