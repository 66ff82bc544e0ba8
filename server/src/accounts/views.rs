//! Account rows as the administrators' pages show them: titles by the kind of office, times in
//! the deployment's zone, the history in words.

use super::passwords::ResetCode;
use crate::clock::{Clock, date_label};
use crate::db::{accounts::LogRow, users::StaffRow};
use app::accounts::{AccountEvent, CertificateState, ResetCodeView, StaffDetail, StaffSummary};
use domain::{OfficeKind, Role};
use uuid::Uuid;

fn kind_of(row: &StaffRow) -> Option<OfficeKind> {
    row.office_kind.as_deref().and_then(OfficeKind::parse)
}

/// "Kepala Desa" for the head of a desa, "Sekretaris Kelurahan" for one who signs on the head's
/// behalf, "Petugas Desa", "Camat", "Admin".
pub fn role_label(role: Role, kind: Option<OfficeKind>, secretary: bool) -> String {
    match kind {
        Some(k) if secretary && role == Role::Lurah => k.secretary_title(),
        Some(k) => k.role_label(role),
        None => role.label().to_string(),
    }
}

fn certificate(row: &StaffRow, clock: &Clock) -> CertificateState {
    let waiting = row.cert_pending > 0;
    match row.cert_not_after {
        _ if !row.user.role.signs() => CertificateState::NotNeeded,
        Some(ms) => CertificateState::Valid { until: date_label(clock.local(ms).date_naive()), waiting },
        None => CertificateState::Missing { waiting },
    }
}

pub fn staff_summary(row: &StaffRow, clock: &Clock) -> Result<StaffSummary, crate::error::Error> {
    let kind = kind_of(row);
    let secretary = row.on_behalf.as_deref().is_some_and(|b| !b.is_empty());
    Ok(StaffSummary {
        id: row.user.id.parse::<Uuid>().map_err(|_| crate::error::Error::corrupt("user id"))?,
        username: row.user.username.clone().unwrap_or_default(),
        name: row.user.display_name.clone(),
        role_label: role_label(row.user.role, kind, secretary),
        office: row
            .user
            .office_name
            .as_deref()
            .map(|name| kind.map_or_else(|| name.to_string(), |k| k.office_name(name))),
        active: row.user.active == 1,
        last_login: row.user.last_login_at.map(|ms| clock.label(ms)),
        certificate: certificate(row, clock),
    })
}

/// What an account-log action means, in Indonesian.
fn action_label(action: &str) -> &str {
    match action {
        "dibuat" => "Akun dibuat",
        "diubah" => "Data diubah",
        "dinonaktifkan" => "Dinonaktifkan",
        "diaktifkan" => "Diaktifkan kembali",
        "kode_pemulihan_dibuat" => "Kode pemulihan dibuat",
        "sandi_dipulihkan" => "Kata sandi dipulihkan dengan kode",
        "sandi_diganti" => "Kata sandi diganti",
        "sertifikat_diminta" => "Sertifikat diminta",
        "sertifikat_diterbitkan" => "Sertifikat diterbitkan",
        "permintaan_sertifikat_ditolak" => "Permintaan sertifikat ditolak",
        "sertifikat_dicabut" => "Sertifikat dicabut",
        "passphrase_diganti" => "Passphrase tanda tangan diganti",
        other => other,
    }
}

pub fn account_event(row: LogRow, clock: &Clock) -> AccountEvent {
    AccountEvent {
        at: clock.label(row.at),
        what: action_label(&row.action).to_string(),
        note: row.note,
        by: row.actor_name,
    }
}

pub fn staff_detail(row: &StaffRow, log: Vec<LogRow>, clock: &Clock) -> Result<StaffDetail, crate::error::Error> {
    Ok(StaffDetail {
        summary: staff_summary(row, clock)?,
        nip: row.nip.clone().unwrap_or_default(),
        rank: row.rank.clone().unwrap_or_default(),
        position: row.position.clone().unwrap_or_default(),
        on_behalf: row.on_behalf.clone().unwrap_or_default(),
        signer_nik: row.signer_nik.clone().unwrap_or_default(),
        official: row.user.official_id.is_some(),
        log: log.into_iter().map(|l| account_event(l, clock)).collect(),
    })
}

pub fn reset_code(code: ResetCode, clock: &Clock) -> ResetCodeView {
    ResetCodeView { code: code.code, name: code.name, valid_until: clock.label(code.expires_at) }
}
