//! Checking a letter someone holds: what was registered when it was signed, whether a file or
//! a SHA-256 matches it, and revocation.

use crate::accounts::Actor;
use crate::error::{Error, Result};
use crate::requests::snapshot::Snapshot;
use crate::{Services, db};
use domain::Role;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A registered letter and the person it is about, as recorded at submission.
pub struct Registered {
    pub row: db::letters::PublicRow,
    pub resident: letters::PersonData,
}

/// What the registry says about letter `id`.
pub async fn registered(s: &Services, id: Uuid) -> Result<Option<Registered>> {
    let Some(row) = db::letters::public(&s.db.pool, &id.to_string()).await? else {
        return Ok(None);
    };
    let resident = Snapshot::parse(&row.snapshot_json)?.resident;
    Ok(Some(Registered { row, resident }))
}

/// An admin, or an official of the office that signed the letter.
pub fn may_revoke(viewer: &Actor, signing_office: &str) -> bool {
    match viewer.role {
        Role::Admin => true,
        // Office administrators manage accounts, not letters.
        Role::Warga | Role::AdminKantor => false,
        _ => viewer.office_code.as_deref() == Some(signing_office),
    }
}

pub enum Candidate {
    File(Vec<u8>),
    /// Hex, as typed (spaces and case are forgiven).
    Hash(String),
}

/// How what someone holds compares with the registered letter.
pub struct Comparison {
    pub sha256: String,
    pub registered_sha256: String,
    pub revoked: bool,
    /// From an uploaded file with an embedded signature: what it says.
    pub signature: Option<Embedded>,
}

/// An uploaded file's embedded signature, compared with the registered letter.
pub struct Embedded {
    /// The whole file is signed and unchanged since.
    pub intact: bool,
    /// The signer's name in the certificate.
    pub signer: String,
    /// The certificate is the one registered for this letter (same serial and issuer). Any
    /// certificate makes an intact signature; only the registered one makes it this letter's.
    pub registered_certificate: bool,
}

impl Comparison {
    pub fn matches(&self) -> bool {
        self.sha256 == self.registered_sha256
    }
}

/// Compares what someone holds with registered letter `id`; `None` when there is no such letter.
pub async fn compare(s: &Services, id: Uuid, candidate: Candidate) -> Result<Option<Comparison>> {
    let Some(letter) = db::letters::get(&s.db.pool, &id.to_string()).await? else {
        return Ok(None);
    };
    let (sha256, signature) = match candidate {
        Candidate::File(bytes) => {
            let sha256 = hex::encode(Sha256::digest(&bytes));
            let inspected =
                tokio::task::spawn_blocking(move || tte::inspect(&bytes).ok()).await.map_err(anyhow::Error::from)?;
            let signature = inspected.map(|i| {
                let intact = i.is_intact();
                let registered_certificate = i.signer.as_ref().is_some_and(|c| {
                    !letter.cert_serial.is_empty()
                        && c.serial.eq_ignore_ascii_case(&letter.cert_serial)
                        && c.issuer == letter.cert_issuer
                });
                Embedded { intact, signer: i.signer.map(|c| c.common_name).unwrap_or_default(), registered_certificate }
            });
            (sha256, signature)
        }
        Candidate::Hash(text) => {
            let hash: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
            if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(Error::field("sha256", "Sidik SHA-256 terdiri dari 64 karakter heksadesimal (0–9, a–f)."));
            }
            (hash, None)
        }
    };
    Ok(Some(Comparison { sha256, registered_sha256: letter.sha256, revoked: letter.revoked_at.is_some(), signature }))
}
