//! Limits on guessing: failed attempts are counted per key in the database (so they hold
//! across restarts and app nodes), and a key that fails too often is locked for a while.
//! Keys are hashes of what they count (a NIK, a client address, an account), never the value.

use crate::db::{self, Db};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max_failures: i64,
    pub window_ms: i64,
    pub lock_ms: i64,
}

const MINUTE: i64 = 60_000;

/// Registration answers for one NIK: 5 wrong in an hour lock that NIK's registration for 30 minutes.
pub const REGISTER_PER_NIK: Limit =
    Limit { name: "daftar-nik", max_failures: 5, window_ms: 60 * MINUTE, lock_ms: 30 * MINUTE };
/// Registration answers from one client, whatever the NIK: 20 wrong in an hour lock it for an hour.
pub const REGISTER_PER_CLIENT: Limit =
    Limit { name: "daftar-klien", max_failures: 20, window_ms: 60 * MINUTE, lock_ms: 60 * MINUTE };
/// Logins from one client, whatever the account (the account has its own lockout).
pub const LOGIN_PER_CLIENT: Limit =
    Limit { name: "masuk-klien", max_failures: 30, window_ms: 15 * MINUTE, lock_ms: 15 * MINUTE };
/// Signing passphrases per official.
pub const PASSPHRASE: Limit =
    Limit { name: "passphrase", max_failures: 5, window_ms: 15 * MINUTE, lock_ms: 15 * MINUTE };
/// Unknown NIKs typed into a request form, per account: the record cannot be browsed by guessing.
pub const PERSON_LOOKUP: Limit =
    Limit { name: "cari-nik", max_failures: 10, window_ms: 60 * MINUTE, lock_ms: 60 * MINUTE };

fn key(limit: &Limit, subject: &str) -> String {
    let digest = Sha256::digest(format!("{}\0{subject}", limit.name).as_bytes());
    format!("{}:{}", limit.name, hex::encode(&digest[..16]))
}

/// Minutes until the key opens again, if it is locked now.
pub async fn locked(db: &Db, limit: &Limit, subject: &str) -> sqlx::Result<Option<i64>> {
    let now = db::now_ms();
    Ok(db::limits::locked_until(&db.pool, &key(limit, subject), now).await?.map(|until| (until - now) / MINUTE + 1))
}

pub async fn fail(db: &Db, limit: &Limit, subject: &str) -> sqlx::Result<()> {
    db::limits::record_failure(
        &db.pool,
        &key(limit, subject),
        db::now_ms(),
        limit.window_ms,
        limit.max_failures,
        limit.lock_ms,
    )
    .await
}

pub async fn clear(db: &Db, limit: &Limit, subject: &str) -> sqlx::Result<()> {
    db::limits::clear(&db.pool, &key(limit, subject)).await
}

/// "Terlalu banyak percobaan…" with the minutes left.
pub fn locked_message(minutes: i64) -> String {
    format!("Terlalu banyak percobaan yang gagal. Demi keamanan data, coba lagi dalam {minutes} menit.")
}
