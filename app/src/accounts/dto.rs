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
    /// Signs on behalf of the head (a.n.): titled Sekretaris Kelurahan or Sekretaris Desa.
    #[serde(default)]
    pub secretary: bool,
    /// For officials: how many requests wait for their role now (the menu's count).
    #[serde(default)]
    pub waiting: Option<u64>,
}

impl SessionUser {
    /// The office's kind, told by the shape of its Kemendagri code (a desa's serial is 2xxx).
    pub fn office_kind(&self) -> Option<domain::OfficeKind> {
        domain::OfficeKind::of_code(self.office_code.as_deref()?, self.office_name.as_deref().unwrap_or(""))
    }
    /// What the role is called at this office: "Kepala Desa" for the head of a desa.
    pub fn role_title(&self) -> String {
        match self.office_kind() {
            Some(k) if self.secretary => k.secretary_title(),
            Some(k) => k.role_label(self.role),
            None => self.role.label().to_string(),
        }
    }
    /// "Desa Oelnasi", "Kelurahan Oebobo", "Kecamatan Oebobo".
    pub fn office_title(&self) -> Option<String> {
        let name = self.office_name.as_deref()?;
        Some(self.office_kind().map_or_else(|| name.to_string(), |k| k.office_name(name)))
    }
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
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
    /// From the kelurahan/desa office: required where the office says so, checked wherever typed.
    #[serde(default)]
    pub kode_aktivasi: String,
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

/// Changing one's own password (`/akun`).
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PasswordChange {
    pub current: String,
    pub password: String,
    pub password2: String,
}

/// A new password set with a one-time reset code (`/pulihkan`).
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CodeReset {
    pub code: String,
    pub password: String,
    pub password2: String,
}

/// A counter clerk makes a reset code for the resident in front of them; the NIK travels in
/// the POST body only.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ResidentCodeInput {
    pub nik: String,
}

secret_debug!(LoginInput, PasswordChange, CodeReset, ResidentCodeInput);

/// A one-time reset code, shown once to whoever made it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ResetCodeView {
    pub code: String,
    /// Whose account it opens.
    pub name: String,
    /// "24 November 2026 14:05 WITA".
    pub valid_until: String,
}

secret_debug!(ResetCodeView);

/// A clerk undoes a registration someone else made with a resident's answers.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct UndoRegistrationInput {
    pub nik: String,
    pub alasan: String,
}

secret_debug!(UndoRegistrationInput);

/// A registration undone: whose, the requests cancelled with it, and signed letters it had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndoneRegistration {
    pub name: String,
    /// Reference codes of the unfinished requests now cancelled.
    pub cancelled: Vec<String>,
    /// Reference codes of requests whose letters were signed: the lurah decides on revoking.
    pub signed: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Security review, finding 18: a login (a NIK and a password) printed with `{:?}` shows
    /// neither.
    #[test]
    fn inputs_with_secrets_print_none_of_them() {
        let login = LoginInput { login: "5371045505900001".into(), password: "rahasia-sekali".into() };
        let printed =
            format!("{login:?} {:?}", IdentityAnswers { nik: "5371045505900001".into(), ..Default::default() });
        assert!(!printed.contains("rahasia") && !printed.contains("5371045505900001"), "{printed}");
    }
}
