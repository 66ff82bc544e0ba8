//! Officials' certificates from the web. The official asks from their own page and types a new
//! signing passphrase twice: the key pair is made then and its private half sealed under that
//! passphrase at once (never stored in the clear, never logged). A city administrator approves by
//! typing the CA passphrase, and the CA certifies the waiting public key. The official may change
//! their passphrase (the old one opens the key); an administrator may revoke a certificate with
//! a reason, after which it signs nothing.

use super::authority;
use crate::accounts::Actor;
use crate::accounts::staff::{self, Manager};
use crate::costly;
use crate::db::{self, Db};
use crate::error::{Error, Result};
use crate::limits::{self, Limit};
use anyhow::Context;
use chrono::Utc;
use domain::{AuditAction, OfficeKind, Role};
use uuid::Uuid;

/// Wrong CA passphrases per administrator: 5 in 15 minutes lock approving for 15 minutes.
pub const CA_PASSPHRASE: Limit = Limit { name: "passphrase-ca", max_failures: 5, window_ms: 900_000, lock_ms: 900_000 };

/// Certificates issued from the web are valid this long.
pub const YEARS: u32 = 2;

fn check_new_passphrase(passphrase: &str, again: &str) -> Result<()> {
    if passphrase.chars().count() < tte::MIN_PASSPHRASE_CHARS {
        return Err(Error::field("passphrase", format!("Passphrase minimal {} karakter.", tte::MIN_PASSPHRASE_CHARS)));
    }
    if passphrase != again {
        return Err(Error::field("passphrase2", "Kedua passphrase tidak sama."));
    }
    Ok(())
}

/// The signing official behind an account.
async fn own_official(db: &Db, actor: &Actor) -> Result<db::offices::Official> {
    if !actor.role.signs() {
        return Err(Error::Forbidden);
    }
    let user = db::users::by_id(&db.pool, actor.user_id).await?.ok_or(Error::Unauthorized)?;
    let id = user.official_id.ok_or_else(|| Error::conflict("Akun ini belum terhubung dengan data pejabat."))?;
    db::offices::official(&db.pool, &id).await?.ok_or_else(|| Error::conflict("Data pejabat tidak aktif."))
}

/// Where an official's certificate stands, for their own page.
#[derive(Debug, Clone)]
pub struct Standing {
    pub official: db::offices::Official,
    pub current: Option<db::signing::Certificate>,
    pub pending_since: Option<i64>,
}

pub async fn standing(db: &Db, actor: &Actor) -> Result<Standing> {
    let official = own_official(db, actor).await?;
    let current = db::signing::current_certificate(&db.pool, &official.id).await?;
    let pending_since = db::signing::pending_request_of(&db.pool, &official.id).await?.map(|r| r.created_at);
    Ok(Standing { official, current, pending_since })
}

/// The official asks for a certificate; an earlier request still waiting is replaced.
pub async fn request(db: &Db, actor: &Actor, passphrase: &str, again: &str) -> Result<()> {
    let official = own_official(db, actor).await?;
    check_new_passphrase(passphrase, again)?;
    let passphrase = zeroize::Zeroizing::new(passphrase.to_owned());
    let key = costly::run(costly::KEY_MIB, move || tte::KeyRequest::generate(&passphrase))
        .await
        .map_err(|e| Error::field("passphrase", e.to_string()))?;
    let now = db::now_ms();
    let user_id = actor.user_id.to_string();
    let mut tx = db.begin().await?;
    db::signing::cancel_requests(&mut *tx, &official.id, now).await?;
    let row = db::signing::CertificateRequest {
        id: Uuid::new_v4().to_string(),
        official_id: official.id.clone(),
        requested_by: user_id.clone(),
        public_key_hex: hex::encode(&key.public_key_der),
        encrypted_key_hex: hex::encode(&key.encrypted_key_der),
        status: "menunggu".into(),
        created_at: now,
    };
    db::signing::insert_request(&mut *tx, &row).await?;
    crate::accounts::log(&mut tx, &user_id, Some(&user_id), AuditAction::SertifikatDiminta, "").await?;
    tx.commit().await?;
    tracing::info!(user_id, "certificate requested");
    Ok(())
}

/// Only city administrators (and the command line) hold the CA passphrase.
fn city_admin(by: Manager<'_>) -> Result<Option<String>> {
    match by {
        Manager::Cli => Ok(None),
        Manager::Web(a) if a.role == Role::Admin => Ok(Some(a.user_id.to_string())),
        Manager::Web(_) => Err(Error::Forbidden),
    }
}

pub async fn pending(db: &Db, by: Manager<'_>) -> Result<Vec<db::signing::PendingRequest>> {
    city_admin(by)?;
    Ok(db::signing::pending_requests(&db.pool, None).await?)
}

/// Who the certificate names: the official, their office by its kind, the CA's organisation.
async fn holder(db: &Db, official: &db::offices::Official, organisation: String) -> Result<tte::Holder> {
    let office = db::offices::get(&db.pool, &official.office_code).await?.ok_or(Error::NotFound)?;
    let kind = OfficeKind::parse(&office.kind).ok_or_else(|| Error::corrupt("office kind"))?;
    Ok(tte::Holder {
        name: official.name.clone(),
        nip: official.nip.clone(),
        position: official.position.clone(),
        office: kind.office_name(&office.name),
        organisation,
    })
}

/// Approves a waiting request: the CA key is opened with `ca_passphrase` for this one act and
/// certifies the official's public key. A wrong passphrase issues nothing.
pub async fn approve(db: &Db, by: Manager<'_>, request_id: &str, ca_passphrase: &str) -> Result<tte::CertificateInfo> {
    let admin = city_admin(by)?;
    let limit_key = admin.clone().unwrap_or_else(|| "cli".into());
    let req = db::signing::request(&db.pool, request_id).await?.ok_or(Error::NotFound)?;
    if req.status != "menunggu" {
        return Err(Error::conflict("Permintaan ini sudah diputuskan."));
    }
    let official = db::offices::official(&db.pool, &req.official_id).await?.ok_or(Error::NotFound)?;
    let ca = db::signing::active_authority(&db.pool).await?.ok_or_else(|| {
        Error::conflict("Belum ada otoritas sertifikat (CA). Jalankan `serambi init` atau `serambi ca buat`.")
    })?;
    let sealed_ca = tte::SealedAuthority {
        certificate_der: hex::decode(&ca.certificate_hex).map_err(|_| Error::corrupt("sertifikat CA"))?,
        encrypted_key_der: hex::decode(&ca.encrypted_key_hex).map_err(|_| Error::corrupt("kunci CA"))?,
    };
    let organisation = sealed_ca.info().context("sertifikat CA")?.organisation;
    let holder = holder(db, &official, organisation).await?;
    let key = tte::KeyRequest {
        public_key_der: hex::decode(&req.public_key_hex).map_err(|_| Error::corrupt("kunci publik"))?,
        encrypted_key_der: hex::decode(&req.encrypted_key_hex).map_err(|_| Error::corrupt("kunci tersegel"))?,
    };
    // Counted before the key is opened: many tries at once get no more guesses.
    let attempt = limits::attempt(db, &CA_PASSPHRASE, &limit_key).await??;
    let ca_passphrase = zeroize::Zeroizing::new(ca_passphrase.to_owned());
    let issued = costly::run(costly::KEY_MIB, move || {
        let authority = sealed_ca.open(&ca_passphrase)?;
        authority.certify(&holder, &key, Utc::now(), YEARS)
    })
    .await;
    let sealed = match issued {
        Ok(s) => s,
        Err(tte::Error::WrongPassphrase) => {
            return Err(Error::field("ca_passphrase", "Passphrase CA salah. Tidak ada sertifikat yang diterbitkan."));
        }
        Err(e) => {
            attempt.not_counted(db).await?;
            return Err(Error::Other(anyhow::anyhow!("menerbitkan sertifikat: {e}")));
        }
    };
    attempt.succeeded(db).await?;
    let info = sealed.info().context("sertifikat baru")?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    if !db::signing::decide_request(&mut *tx, &req.id, "diterbitkan", admin.as_deref().unwrap_or(""), "", now).await? {
        return Err(Error::conflict("Permintaan ini sudah diputuskan."));
    }
    let row = authority::certificate_row(&official.id, &ca.id, &sealed, &info);
    db::signing::replace_certificate(&mut tx, &row, now).await?;
    crate::accounts::log(
        &mut tx,
        &req.requested_by,
        admin.as_deref(),
        AuditAction::SertifikatDiterbitkan,
        &info.serial,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(official_id = %official.id, serial = %info.serial, "certificate issued");
    Ok(info)
}

/// Refuses a waiting request (with a reason the official sees).
pub async fn reject(db: &Db, by: Manager<'_>, request_id: &str, reason: &str) -> Result<()> {
    let admin = city_admin(by)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::field("reason", "Tuliskan alasan penolakan."));
    }
    let req = db::signing::request(&db.pool, request_id).await?.ok_or(Error::NotFound)?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    if !db::signing::decide_request(&mut *tx, &req.id, "ditolak", admin.as_deref().unwrap_or(""), reason, now).await? {
        return Err(Error::conflict("Permintaan ini sudah diputuskan."));
    }
    crate::accounts::log(&mut tx, &req.requested_by, admin.as_deref(), AuditAction::SertifikatDitolak, reason).await?;
    tx.commit().await?;
    Ok(())
}

/// The official changes their signing passphrase; the old one must open the key.
pub async fn change_passphrase(db: &Db, actor: &Actor, old: &str, new: &str, again: &str) -> Result<()> {
    let official = own_official(db, actor).await?;
    check_new_passphrase(new, again)?;
    let stored = authority::sealed_credential(db, &official.id)
        .await?
        .ok_or_else(|| Error::conflict("Anda belum memiliki sertifikat."))?;
    let cert = db::signing::current_certificate(&db.pool, &official.id).await?.ok_or(Error::NotFound)?;
    let attempt = limits::attempt(db, &limits::PASSPHRASE, &official.id).await??;
    let (old, new) = (zeroize::Zeroizing::new(old.to_owned()), zeroize::Zeroizing::new(new.to_owned()));
    let resealed = costly::run(costly::KEY_MIB, move || stored.credential.change_passphrase(&old, &new)).await;
    let resealed = match resealed {
        Ok(r) => r,
        Err(tte::Error::WrongPassphrase) => {
            return Err(Error::field("old", "Passphrase lama salah."));
        }
        Err(e) => {
            attempt.not_counted(db).await?;
            return Err(Error::field("passphrase", e.to_string()));
        }
    };
    attempt.succeeded(db).await?;
    let user_id = actor.user_id.to_string();
    let mut tx = db.begin().await?;
    if !db::signing::reseal_certificate(&mut *tx, &cert.id, &hex::encode(&resealed.encrypted_key_der)).await? {
        return Err(Error::conflict("Sertifikat Anda baru saja berubah; muat ulang halaman."));
    }
    crate::accounts::log(&mut tx, &user_id, Some(&user_id), AuditAction::PassphraseDiganti, "").await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes the certificate of the official behind account `id` (a city administrator's act,
/// with a reason). Letters it signed stay valid as signed; it signs nothing more.
pub async fn revoke(db: &Db, by: Manager<'_>, id: Uuid, reason: &str) -> Result<()> {
    let admin = city_admin(by)?;
    let row = staff::get(db, by, id).await?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::field("reason", "Tuliskan alasan pencabutan sertifikat."));
    }
    let official_id = row.user.official_id.clone().ok_or(Error::NotFound)?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    let revoked = db::signing::revoke_certificates(&mut *tx, &official_id, reason, admin.as_deref(), now).await?;
    if revoked == 0 {
        return Err(Error::conflict("Pejabat ini tidak memiliki sertifikat yang berlaku."));
    }
    crate::accounts::log(&mut tx, &row.user.id, admin.as_deref(), AuditAction::SertifikatDicabut, reason).await?;
    tx.commit().await?;
    tracing::info!(official_id, "certificate revoked");
    Ok(())
}
