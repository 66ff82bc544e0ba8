//! What the UI and the server exchange about accounts: the signed-in user, login and registration.

use domain::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub user_id: Uuid,
    pub name: String,
    pub role: Role,
    /// Kemendagri code of the office an official works at; None for residents and admins.
    pub office_code: Option<String>,
    pub office_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginInput {
    /// A resident's NIK, or an official's user name.
    pub login: String,
    pub password: String,
}

/// Registration, step one: what the resident knows of their own record.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IdentityAnswers {
    pub nik: String,
    pub no_kk: String,
    /// YYYY-MM-DD (a date input).
    pub tanggal_lahir: String,
    pub nama_ibu: String,
}

impl std::fmt::Debug for IdentityAnswers {
    // Identity numbers and answers never reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityAnswers { .. }")
    }
}

/// Registration: the identity matched; the ticket lets the resident set a password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterTicket {
    pub ticket: String,
    /// The name in the record, so the resident sees whose account this becomes.
    pub nama: String,
    pub minutes_valid: i64,
}

/// Registration, step two.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NewPassword {
    pub ticket: String,
    pub password: String,
    pub password2: String,
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword { .. }")
    }
}
