//! The counter's side of self-registration (security review, finding 8). What registration asks
//! for (NIK, KK, birth date, mother's name) is printed on every KK photocopy, so:
//! - a kelurahan/desa clerk makes a one-time **activation code** for a resident without an
//!   account, after checking their KTP, and hands it over on paper; an office may make the code
//!   mandatory for its residents (`offices.activation_required`), and a code typed where it is
//!   optional is checked all the same;
//! - a clerk **undoes a registration** made by the wrong person, with a reason: the account lets
//!   go of the NIK and is disabled, its sessions and contacts go, and the requests it asked for
//!   online that are not finished are cancelled. Letters already signed are named, for the
//!   lurah to revoke if they must.
//!
//! Both are in the audit log under the resident (a keyed hash of the NIK), so the resident's
//! access history shows them.

use super::{Actor, passwords, service};
use crate::Services;
use crate::audit::{self, Event};
use crate::db::{self, activation::NewCode};
use crate::error::{Error, Result};
use domain::{AuditAction, Nik, RequestStatus, Role};

/// An activation code is valid 30 days: long enough to get home and register.
pub const ACTIVATION_VALID_MS: i64 = 30 * 24 * 3_600_000;

/// An activation code has 8 symbols, "K7QM-2XWD" (~40 bits): it only counts together with the
/// record's answers, under the registration's attempt limits.
const SYMBOLS: usize = 8;

/// The code's hash: case, spaces and dashes as typed do not matter.
pub fn code_hash(code: &str) -> String {
    service::token_hash(&format!("aktivasi:{}", passwords::normalise(code)))
}

/// A made code, shown once.
#[derive(Debug, Clone)]
pub struct ActivationCode {
    pub code: String,
    /// The resident's name in the record.
    pub name: String,
    pub expires_at: i64,
}

/// A resident of the clerk's own office, by a NIK typed at the counter; anything else is one
/// "not here" answer.
async fn resident_here(s: &Services, clerk: &Actor, nik: &str) -> Result<(Nik, db::residents::ResidentWithPlace)> {
    if clerk.role != Role::PetugasKelurahan {
        return Err(Error::Forbidden);
    }
    let nik = Nik::parse(nik.trim()).map_err(|e| Error::field("nik", e.to_string()))?;
    let found = s.population.person(&nik).await?;
    match found.filter(|p| Some(p.resident.kelurahan_code.as_str()) == clerk.office_code.as_deref()) {
        Some(p) => Ok((nik, p)),
        None => Err(Error::field("nik", "NIK ini tidak ada dalam data penduduk kelurahan/desa ini.")),
    }
}

/// Makes an activation code for a resident of the clerk's office who has no account yet; any
/// earlier unused code for them stops working.
pub async fn make(s: &Services, clerk: &Actor, nik: &str) -> Result<ActivationCode> {
    let (nik, person) = resident_here(s, clerk, nik).await?;
    if db::users::by_nik(&s.db.pool, nik.as_str()).await?.is_some() {
        return Err(Error::field(
            "nik",
            "Warga ini sudah punya akun. Lupa kata sandi: buat kode pemulihan. Akun dibuat orang lain: \
             batalkan pendaftarannya lebih dulu.",
        ));
    }
    let code = passwords::new_code(SYMBOLS);
    let now = db::now_ms();
    let by = clerk.user_id.to_string();
    let office = clerk.office_code.as_deref().unwrap_or_default();
    let mut tx = s.db.begin().await?;
    db::activation::expire_for(&mut *tx, nik.as_str(), now).await?;
    let new = NewCode {
        code_hash: &code_hash(&code),
        nik: nik.as_str(),
        office_code: office,
        created_by: &by,
        expires_at: now + ACTIVATION_VALID_MS,
    };
    db::activation::insert(&mut *tx, &new, now).await?;
    let subject = audit::nik_subject(&mut tx, &nik).await?;
    let event = Event::new(AuditAction::KodeAktivasiDibuat, Some(&by)).office(Some(office)).subject(&subject);
    audit::record(&mut tx, event).await?;
    tx.commit().await?;
    tracing::info!(office, "activation code made");
    Ok(ActivationCode {
        code,
        name: crate::demo::title_case(&person.resident.name),
        expires_at: now + ACTIVATION_VALID_MS,
    })
}

/// What registration's first step makes of the activation code typed (possibly nothing): the
/// hash of a valid code to use up with the account, `None` when none is needed, or the field's
/// message. Called only once the record's answers matched.
pub async fn check(s: &Services, nik: &Nik, kelurahan: &str, typed: &str) -> Result<Option<String>> {
    let typed = typed.trim();
    if typed.is_empty() {
        return if db::offices::activation_required(&s.db.pool, kelurahan).await? {
            Err(Error::field(
                "kode_aktivasi",
                "Kelurahan/desa Anda mewajibkan kode aktivasi untuk mendaftar. Mintalah di kantor kelurahan/desa \
                 dengan membawa KTP dan KK.",
            ))
        } else {
            Ok(None)
        };
    }
    let hash = code_hash(typed);
    if db::activation::valid(&s.db.pool, &hash, nik.as_str(), db::now_ms()).await? {
        Ok(Some(hash))
    } else {
        Err(Error::field(
            "kode_aktivasi",
            "Kode aktivasi tidak berlaku: salah, sudah dipakai, atau sudah lewat masa berlakunya. Mintalah kode \
             baru di kantor kelurahan/desa.",
        ))
    }
}

/// A registration undone: whose it was, what went with it.
#[derive(Debug, Clone)]
pub struct Undone {
    pub name: String,
    /// Unfinished requests the account asked for online, now cancelled.
    pub cancelled: Vec<String>,
    /// Reference codes of signed letters the account asked for: for the lurah to judge.
    pub signed: Vec<String>,
}

pub const REASON_MIN_CHARS: usize = 10;

/// Undoes the registration of a resident of the clerk's office: someone else registered with
/// their answers. The reason is required and recorded.
pub async fn undo(s: &Services, clerk: &Actor, nik: &str, reason: &str) -> Result<Undone> {
    let reason = reason.trim();
    let mut problems = domain::Problems::new();
    if reason.chars().count() < REASON_MIN_CHARS || reason.chars().count() > 500 {
        problems
            .entry("alasan".into())
            .or_default()
            .push(format!("Tulis alasannya ({REASON_MIN_CHARS}–500 karakter), misalnya siapa yang melapor."));
    }
    let (nik, _) = match resident_here(s, clerk, nik).await {
        Ok(found) => found,
        Err(Error::Invalid(p)) => {
            problems.extend(p);
            return Err(Error::Invalid(problems));
        }
        Err(e) => return Err(e),
    };
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let Some(user) = db::users::by_nik(&s.db.pool, nik.as_str()).await? else {
        return Err(Error::field("nik", "Warga ini belum punya akun: tidak ada pendaftaran yang dibatalkan."));
    };
    let now = db::now_ms();
    let by = clerk.user_id.to_string();
    let office = clerk.office_code.as_deref().unwrap_or_default();
    let note = format!("Pendaftaran akun pemohon dibatalkan petugas: {reason}");
    let mut tx = s.db.begin().await?;
    // First write first (SQLite takes its write lock here); a second clerk at once finds no account.
    if !db::users::detach_resident(&mut *tx, &user.id, now).await? {
        return Err(Error::Conflict("Pendaftaran ini baru saja dibatalkan.".into()));
    }
    db::sessions::delete_for_user(&mut *tx, &user.id, None).await?;
    for channel in domain::ContactChannel::ALL {
        db::notifications::remove_contact(&mut *tx, &user.id, channel).await?;
    }
    let asked = db::requests::asked_online_by(&mut *tx, &user.id).await?;
    let (mut cancelled, mut signed) = (Vec::new(), Vec::new());
    for r in asked {
        if r.status == RequestStatus::Ditandatangani {
            signed.push(r.reference.to_string());
        } else if !r.status.is_final() {
            if !db::requests::set_status(&mut *tx, r.id, r.status, r.version, RequestStatus::Dibatalkan, None, now)
                .await?
            {
                return Err(Error::Conflict("Permohonan akun ini sedang diproses; coba lagi sebentar lagi.".into()));
            }
            let event = db::requests::NewEvent {
                id: &uuid::Uuid::new_v4().to_string(),
                request_id: r.id,
                actor_user_id: clerk.user_id,
                actor_role: clerk.role,
                from_status: Some(r.status),
                to_status: RequestStatus::Dibatalkan,
                note: Some(&note),
            };
            db::requests::insert_event(&mut *tx, &event, now).await?;
            cancelled.push(r.reference.to_string());
        }
    }
    db::accounts::log(&mut *tx, &user.id, Some(&by), "pendaftaran_dibatalkan", reason, now).await?;
    let subject = audit::nik_subject(&mut tx, &nik).await?;
    let event =
        Event::new(AuditAction::PendaftaranDibatalkan, Some(&by)).office(Some(office)).subject(&subject).detail(reason);
    audit::record(&mut tx, event).await?;
    tx.commit().await?;
    tracing::info!(office, user_id = %user.id, cancelled = cancelled.len(), "registration undone");
    Ok(Undone { name: user.display_name, cancelled, signed })
}
