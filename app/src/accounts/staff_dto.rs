//! Staff accounts as administrators see and change them (`/admin/akun`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an account's signing certificate stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CertificateState {
    /// The role signs nothing (clerks, administrators).
    NotNeeded,
    /// A signing official without a certificate; `waiting` when a request awaits approval.
    Missing { waiting: bool },
    /// A current certificate ("2 Januari 2028"); `waiting` when a renewal awaits approval.
    Valid { until: String, waiting: bool },
}

impl CertificateState {
    pub fn label(&self) -> String {
        let waiting = |w: &bool| if *w { " (permintaan baru menunggu persetujuan)" } else { "" };
        match self {
            CertificateState::NotNeeded => "—".into(),
            CertificateState::Missing { waiting: true } => "Menunggu persetujuan".into(),
            CertificateState::Missing { waiting: false } => "Belum ada".into(),
            CertificateState::Valid { until, waiting: w } => format!("Berlaku s.d. {until}{}", waiting(w)),
        }
    }
}

/// One row of the administrators' list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffSummary {
    pub id: Uuid,
    pub username: String,
    pub name: String,
    /// By the kind of office: "Kepala Desa" for the head of a desa, "Lurah" of a kelurahan.
    pub role_label: String,
    /// "Desa Oelnasi"; None for a city administrator.
    pub office: Option<String>,
    pub active: bool,
    /// "24 November 2026 14:05 WITA"; None when never signed in.
    pub last_login: Option<String>,
    pub certificate: CertificateState,
}

/// One line of an account's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountEvent {
    pub at: String,
    /// What happened, in Indonesian ("Kode pemulihan dibuat").
    pub what: String,
    pub note: String,
    /// Who did it; None for the command line or the account itself when nobody is named.
    pub by: Option<String>,
}

/// One account in full, with what an administrator may change and its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffDetail {
    #[serde(flatten)]
    pub summary: StaffSummary,
    pub nip: String,
    /// Pangkat/golongan.
    pub rank: String,
    /// Jabatan as printed under the signature.
    pub position: String,
    /// "a.n. Lurah Oebobo" for a secretary; empty otherwise.
    pub on_behalf: String,
    /// The signer's NIK for a BSrE-style service (the administrator typed it; shown to them).
    pub signer_nik: String,
    /// Whether the account has a signing official (NIP, pangkat, jabatan apply).
    pub official: bool,
    pub log: Vec<AccountEvent>,
}

/// A choice in a select: the value sent back and what people read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// What the new-account form offers this administrator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffFormOptions {
    /// Role choices (an office administrator is offered no administrator roles).
    pub roles: Vec<Choice>,
    /// Offices to pick from (a city administrator), by Kemendagri code.
    pub offices: Vec<Choice>,
    /// An office administrator's own office, which every account they make belongs to.
    pub own_office: Option<Choice>,
}

/// A new staff account as the form sends it.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct NewStaffInput {
    pub username: String,
    pub display_name: String,
    /// One of [`StaffFormOptions::roles`]' values.
    pub role: String,
    /// A Kemendagri office code; empty for a city administrator.
    pub office_code: String,
    pub nip: String,
    pub rank: String,
    pub position: String,
    pub signer_nik: String,
    pub password: String,
    pub password2: String,
}

/// What an administrator changes of an account.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct StaffChangeInput {
    pub id: Uuid,
    pub display_name: String,
    pub nip: String,
    pub rank: String,
    pub position: String,
    pub signer_nik: String,
}

secret_debug!(NewStaffInput, StaffChangeInput);

/// Disables (with a reason) or enables an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffActiveInput {
    pub id: Uuid,
    pub active: bool,
    #[serde(default)]
    pub reason: String,
}
