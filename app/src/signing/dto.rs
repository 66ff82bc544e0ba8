//! Signing several verified requests with one passphrase entry.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Sign several verified requests with one passphrase entry.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInput {
    pub request_ids: Vec<Uuid>,
    /// Typed by the official; never stored or logged.
    pub passphrase: String,
}

impl std::fmt::Debug for SignInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInput").field("request_ids", &self.request_ids).field("passphrase", &"***").finish()
    }
}

/// What happened to one request of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOutcome {
    pub request_id: Uuid,
    /// The letter number when it was signed.
    pub number: Option<String>,
    /// Why it was not signed.
    pub error: Option<String>,
}

/// An official's certificate as their own page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateView {
    pub serial: String,
    pub subject: String,
    /// "2 Januari 2028 10:00 WITA".
    pub valid_until: String,
    pub expired: bool,
}

/// Where the signed-in official's certificate stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateStanding {
    /// The jabatan the certificate names.
    pub position: String,
    pub current: Option<CertificateView>,
    /// When a request waits for the administrator's approval.
    pub waiting_since: Option<String>,
}

/// An official asks for a certificate with a new signing passphrase, typed twice.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CertificateAsk {
    pub passphrase: String,
    pub passphrase2: String,
}

/// An official changes their signing passphrase.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PassphraseChange {
    pub old: String,
    pub passphrase: String,
    pub passphrase2: String,
}

/// A city administrator approves a waiting request with the CA's passphrase.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateApproval {
    pub request_id: Uuid,
    pub ca_passphrase: String,
}

secret_debug!(CertificateAsk, PassphraseChange, CertificateApproval);

/// A city administrator refuses a waiting request, with a reason the official sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateRefusal {
    pub request_id: Uuid,
    pub reason: String,
}

/// A waiting certificate request, for the city administrator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingCertificate {
    pub request_id: Uuid,
    pub official_name: String,
    pub position: String,
    pub office: String,
    pub requested_at: String,
}

/// A certificate just issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuedCertificate {
    pub serial: String,
    pub subject: String,
    pub valid_until: String,
}

/// A city administrator revokes the certificate of the official behind an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateRevocation {
    pub user_id: Uuid,
    pub reason: String,
}
