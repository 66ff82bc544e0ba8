//! Checking a letter someone holds: what was registered when it was signed, whether a file or
//! a SHA-256 matches it, and revocation.

use crate::accounts::Actor;
use crate::clock::date_label;
use crate::error::{Error, Result};
use crate::requests::snapshot::Snapshot;
use crate::{Services, db};
use app::verification::{EmbeddedSignature, MatchResult, PublicLetter, Revocation};
use domain::Role;
use domain::nik::mask;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// What the registry says about letter `id`. `viewer` decides only whether a revoke form is offered.
pub async fn public_letter(s: &Services, id: Uuid, viewer: Option<&Actor>) -> Result<Option<PublicLetter>> {
    let Some(row) = db::letters::public(&s.db.pool, &id.to_string()).await? else {
        return Ok(None);
    };
    let resident = Snapshot::parse(&row.snapshot_json)?.resident;
    let prefix = if row.office_kind == "kecamatan" { "Kecamatan" } else { "Kelurahan" };
    let l = row.letter;
    let revoked = l
        .revoked_at
        .map(|at| Revocation { reason: l.revoked_reason.clone().unwrap_or_default(), at_label: s.clock.label(at) });
    let can_revoke = revoked.is_none() && viewer.is_some_and(|v| may_revoke(v, &l.office_code));
    Ok(Some(PublicLetter {
        id,
        office_name: format!("{prefix} {}", row.office_name),
        number: l.number,
        date_label: date_label(s.clock.local(l.signed_at).date_naive()),
        letter_title: s.catalogue.title(&row.letter_type).to_string(),
        resident_name: resident.nama,
        nik_masked: mask(&resident.nik),
        signer_name: l.signer_name,
        signer_position: l.signer_position,
        signed_at_label: s.clock.label(l.signed_at),
        signed_at: s.clock.local(l.signed_at).to_rfc3339(),
        signature_kind: l.signature_kind,
        certificate_subject: l.cert_subject,
        certificate_serial: l.cert_serial,
        certificate_issuer: l.cert_issuer,
        sha256: l.sha256,
        revoked,
        can_revoke,
    }))
}

/// An admin, or an official of the office that signed the letter.
pub fn may_revoke(viewer: &Actor, signing_office: &str) -> bool {
    match viewer.role {
        Role::Admin => true,
        Role::Warga => false,
        _ => viewer.office_code.as_deref() == Some(signing_office),
    }
}

pub enum Candidate {
    File(Vec<u8>),
    /// Hex, as typed (spaces and case are forgiven).
    Hash(String),
}

/// Compares what someone holds with registered letter `id`; `None` when there is no such letter.
pub async fn compare(s: &Services, id: Uuid, candidate: Candidate) -> Result<Option<MatchResult>> {
    let Some(letter) = db::letters::get(&s.db.pool, &id.to_string()).await? else {
        return Ok(None);
    };
    let (sha256, signature) = match candidate {
        Candidate::File(bytes) => {
            let sha256 = hex::encode(Sha256::digest(&bytes));
            let signature = tokio::task::spawn_blocking(move || tte::inspect(&bytes).ok())
                .await
                .map_err(anyhow::Error::from)?
                .map(|i| EmbeddedSignature {
                    intact: i.is_intact(),
                    signer: i.signer.map(|c| c.common_name).unwrap_or_default(),
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
    let matches = sha256 == letter.sha256;
    let message = match (matches, letter.revoked_at.is_some()) {
        (true, false) => "Cocok: berkas ini sama persis dengan surat yang terdaftar.".to_string(),
        (true, true) => "Berkas ini sama dengan surat yang terdaftar, tetapi surat itu sudah DICABUT dan tidak berlaku lagi.".to_string(),
        (false, _) => "TIDAK COCOK: berkas ini berbeda dari surat yang terdaftar dengan nomor ini. Isinya mungkin telah diubah; jangan gunakan berkas ini sebagai bukti.".to_string(),
    };
    Ok(Some(MatchResult { matches, sha256, registered_sha256: letter.sha256, signature, message }))
}
