//! Changing one's own password, and one-time reset codes for people who forgot theirs (there
//! is no e-mail): an administrator makes one for a staff account, a kelurahan/desa clerk for a
//! resident after checking their KTP at the counter. A code is shown once, valid 24 hours,
//! stored only as its SHA-256; using it sets a new password and ends every session.

use super::staff::{self, Manager};
use super::{Actor, service};
use crate::db::{self, Db};
use crate::error::{Error, Result};
use crate::limits::{self, Limit};
use domain::{AuditAction, Role};
use rand::Rng;
use uuid::Uuid;

pub const RESET_VALID_MS: i64 = 24 * 3_600_000;
/// Wrong reset codes from one client: 10 in an hour lock it for an hour.
pub const RESET_PER_CLIENT: Limit =
    Limit { name: "kode-pulih", max_failures: 10, window_ms: 3_600_000, lock_ms: 3_600_000 };
/// Wrong current passwords when changing one's own: 5 in 15 minutes lock it for 15 minutes.
pub const CHANGE_PER_ACCOUNT: Limit =
    Limit { name: "ganti-sandi", max_failures: 5, window_ms: 900_000, lock_ms: 900_000 };

/// Letters and digits that cannot be mistaken for each other when read aloud or typed.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A new code of `symbols` symbols in groups of four: "K7QM-2XWD-9HTA" (12 symbols, ~59 bits).
pub(super) fn new_code(symbols: usize) -> String {
    let mut rng = rand::thread_rng();
    let symbols: Vec<u8> = (0..symbols).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())]).collect();
    symbols.chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// The code as typed: case, spaces and dashes do not matter.
pub(super) fn normalise(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

fn code_hash(code: &str) -> String {
    service::token_hash(&format!("pulih:{}", normalise(code)))
}

/// A made code, shown once.
#[derive(Debug, Clone)]
pub struct ResetCode {
    pub code: String,
    /// Whose account it opens (the display name).
    pub name: String,
    pub expires_at: i64,
}

async fn make(db: &Db, user_id: &str, name: &str, by: Option<&str>) -> Result<ResetCode> {
    let code = new_code(12);
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    db::accounts::expire_resets(&mut *tx, user_id, now).await?;
    db::accounts::insert_reset(&mut *tx, &code_hash(&code), user_id, by, now, now + RESET_VALID_MS).await?;
    crate::accounts::log(&mut tx, user_id, by, AuditAction::KodePemulihanDibuat, "").await?;
    tx.commit().await?;
    tracing::info!(user_id, "password reset code made");
    Ok(ResetCode { code, name: name.to_string(), expires_at: now + RESET_VALID_MS })
}

/// A reset code for a staff account, by an administrator of its office (or the command line).
pub async fn reset_staff(db: &Db, by: Manager<'_>, id: Uuid) -> Result<ResetCode> {
    let row = staff::get(db, by, id).await?;
    let actor = match by {
        Manager::Web(a) => Some(a.user_id.to_string()),
        Manager::Cli => None,
    };
    make(db, &row.user.id, &row.user.display_name, actor.as_deref()).await
}

/// A reset code for a resident's account, by a clerk of the resident's kelurahan/desa after
/// checking their KTP. A NIK without an account, or of another office, is "not found".
pub async fn reset_resident(db: &Db, clerk: &Actor, nik: &str) -> Result<ResetCode> {
    if clerk.role != Role::PetugasKelurahan {
        return Err(Error::Forbidden);
    }
    let nik = domain::Nik::parse(nik.trim()).map_err(|e| Error::field("nik", e.to_string()))?;
    let kelurahan = db::residents::kelurahan_of(&db.pool, nik.as_str()).await?;
    let user = db::users::by_nik(&db.pool, nik.as_str()).await?;
    let (Some(user), true) = (user, kelurahan.is_some() && clerk.office_code == kelurahan) else {
        return Err(Error::field("nik", "Tidak ada akun warga dengan NIK ini di kantor Anda."));
    };
    make(db, &user.id, &user.display_name, Some(&clerk.user_id.to_string())).await
}

/// Sets a new password with a reset code; every session of the account ends.
pub async fn use_reset(db: &Db, client: &str, code: &str, password: &str, again: &str) -> Result<()> {
    let attempt = limits::attempt(db, &RESET_PER_CLIENT, client).await??;
    let invalid =
        || Error::field("code", "Kode pemulihan tidak berlaku: salah, sudah dipakai, atau sudah lewat 24 jam.");
    let hash = code_hash(code);
    let now = db::now_ms();
    let Some(user_id) = db::accounts::reset_user(&db.pool, &hash, now).await? else {
        return Err(invalid());
    };
    attempt.not_counted(db).await?;
    let user = db::users::by_id(&db.pool, user_id.parse().map_err(|_| Error::corrupt("user id"))?)
        .await?
        .ok_or_else(invalid)?;
    check_new(&user, password, again)?;
    let new_hash = service::hash_password_async(password).await?;
    let mut tx = db.begin().await?;
    // Taken in the same transaction as the new password: used once, even by two at once.
    if db::accounts::take_reset(&mut *tx, &hash, now).await?.is_none() {
        return Err(invalid());
    }
    db::users::set_password(&mut *tx, &user.id, &new_hash, now).await?;
    db::sessions::delete_for_user(&mut *tx, &user.id, None).await?;
    crate::accounts::log(&mut tx, &user.id, None, AuditAction::SandiDipulihkan, "").await?;
    tx.commit().await?;
    // Whoever was locked out by wrong passwords can sign in with the new one at once.
    for name in [user.nik.as_deref(), user.username.as_deref()].into_iter().flatten() {
        limits::clear(db, &limits::LOGIN_PER_NAME, name).await?;
    }
    tracing::info!(user_id = %user.id, "password reset with a code");
    Ok(())
}

fn check_new(user: &db::users::User, password: &str, again: &str) -> Result<()> {
    let staff = user.role != Role::Warga;
    let personal: Vec<&str> = [user.username.as_deref(), user.nik.as_deref(), Some(user.display_name.as_str())]
        .into_iter()
        .flatten()
        .collect();
    if let Some(p) = domain::password::problem(password, staff, &personal) {
        return Err(Error::field("password", p));
    }
    if password != again {
        return Err(Error::field("password2", "Kedua kata sandi tidak sama."));
    }
    Ok(())
}

/// Changes one's own password (the current one is required); every other session ends, the
/// one in use (`keep_token`) stays.
pub async fn change(
    db: &Db,
    actor: &Actor,
    current: &str,
    password: &str,
    again: &str,
    keep_token: Option<&str>,
) -> Result<()> {
    let id = actor.user_id.to_string();
    let attempt = limits::attempt(db, &CHANGE_PER_ACCOUNT, &id).await??;
    let user = db::users::by_id(&db.pool, actor.user_id).await?.ok_or(Error::Unauthorized)?;
    if !service::verify_password_async(current, &user.password_hash).await {
        return Err(Error::field("current", "Kata sandi sekarang salah."));
    }
    attempt.succeeded(db).await?;
    check_new(&user, password, again)?;
    if password == current {
        return Err(Error::field("password", "Kata sandi baru harus berbeda dari yang sekarang."));
    }
    let hash = service::hash_password_async(password).await?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    db::users::set_password(&mut *tx, &id, &hash, now).await?;
    let ended = db::sessions::delete_for_user(&mut *tx, &id, keep_token.map(service::token_hash).as_deref()).await?;
    crate::accounts::log(&mut tx, &id, Some(&id), AuditAction::SandiDiganti, &format!("{ended} sesi lain diakhiri"))
        .await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, "password changed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_unambiguous_and_read_forgivingly() {
        let code = new_code(12);
        assert_eq!(code.len(), 14);
        assert!(code.bytes().all(|b| b == b'-' || ALPHABET.contains(&b)));
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(code_hash(&typed), code_hash(&code));
        assert_ne!(code_hash(&code), code_hash(&new_code(12)));
    }
}
