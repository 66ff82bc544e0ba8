//! Registered letters and comparisons as the page and the API show them.

use super::service::{Comparison, Registered, may_revoke};
use crate::Services;
use crate::accounts::Actor;
use crate::clock::date_label;
use app::verification::{EmbeddedSignature, MatchResult, PublicLetter, Revocation};
use domain::nik::mask;
use uuid::Uuid;

/// What anyone may see of a letter; `viewer` decides only whether a revoke form is offered.
pub fn public_letter(s: &Services, id: Uuid, found: Registered, viewer: Option<&Actor>) -> PublicLetter {
    let Registered { row, resident } = found;
    let office_name = domain::OfficeKind::parse(&row.office_kind)
        .map_or_else(|| row.office_name.clone(), |k| k.office_name(&row.office_name));
    let l = row.letter;
    let revoked = l
        .revoked_at
        .map(|at| Revocation { reason: l.revoked_reason.clone().unwrap_or_default(), at_label: s.clock.label(at) });
    let can_revoke = revoked.is_none() && viewer.is_some_and(|v| may_revoke(v, &l.office_code));
    PublicLetter {
        id,
        office_name,
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
    }
}

pub fn match_result(c: Comparison) -> MatchResult {
    let matches = c.matches();
    let message = match (matches, c.revoked) {
        (true, false) => "Cocok: berkas ini sama persis dengan surat yang terdaftar.".to_string(),
        (true, true) => "Berkas ini sama dengan surat yang terdaftar, tetapi surat itu sudah DICABUT dan tidak berlaku lagi.".to_string(),
        (false, _) => "TIDAK COCOK: berkas ini berbeda dari surat yang terdaftar dengan nomor ini. Isinya mungkin telah diubah; jangan gunakan berkas ini sebagai bukti.".to_string(),
    };
    MatchResult {
        matches,
        sha256: c.sha256,
        registered_sha256: c.registered_sha256,
        signature: c.signature.map(|e| EmbeddedSignature {
            intact: e.intact,
            signer: e.signer,
            registered_certificate: e.registered_certificate,
        }),
        message,
    }
}
