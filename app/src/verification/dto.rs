//! What anyone checking a letter sees and sends.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What anyone who scans a letter's QR code may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicLetter {
    pub id: Uuid,
    pub office_name: String,
    pub number: String,
    pub date_label: String,
    pub letter_title: String,
    pub resident_name: String,
    pub nik_masked: String,
    pub signer_name: String,
    pub signer_position: String,
    /// E.g. "23 November 2026 10.15 WITA".
    pub signed_at_label: String,
    /// RFC 3339, for machines.
    pub signed_at: String,
    /// `pades` (Serambi's own CA), `bsre`, or `terdaftar` (registered only, no embedded signature).
    pub signature_kind: String,
    pub certificate_subject: String,
    pub certificate_serial: String,
    pub certificate_issuer: String,
    pub sha256: String,
    /// Set when the letter was revoked: it no longer counts.
    pub revoked: Option<Revocation>,
    /// The person looking may revoke it (an admin or an official of the signing office).
    pub can_revoke: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revocation {
    pub reason: String,
    pub at_label: String,
}

/// How a file (or a hash) someone holds compares with the registered letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchResult {
    pub matches: bool,
    pub sha256: String,
    pub registered_sha256: String,
    /// What the signature embedded in an uploaded file says, when it has one.
    pub signature: Option<EmbeddedSignature>,
    /// The verdict in words.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmbeddedSignature {
    /// The whole file is signed and unchanged since.
    pub intact: bool,
    pub signer: String,
    /// Signed with the certificate registered for this letter (serial and issuer).
    #[serde(default)]
    pub registered_certificate: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HashCheck {
    pub letter_id: Uuid,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevokeInput {
    pub letter_id: Uuid,
    pub reason: String,
}
