//! Limits on guessing: failed attempts are counted per key in the database (so they hold
//! across restarts and app nodes), and a key that fails too often is locked for a while.
//! Keys are hashes of what they count (a NIK, a client address, an account), never the value.

use crate::db::{self, Db};
use crate::error::Error;
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
/// Wrong passwords for one login name (NIK or user name), whether or not an account has it:
/// 5 in 15 minutes lock that name for 15 minutes.
pub const LOGIN_PER_NAME: Limit =
    Limit { name: "masuk-akun", max_failures: 5, window_ms: 15 * MINUTE, lock_ms: 15 * MINUTE };
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

/// The key is locked: minutes until it opens again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locked(pub i64);

impl Locked {
    /// "Terlalu banyak percobaan…" with the minutes left.
    pub fn message(self) -> String {
        locked_message(self.0)
    }
}

impl From<Locked> for Error {
    fn from(l: Locked) -> Error {
        Error::Conflict(l.message())
    }
}

/// One attempt, counted as a failure *before* the work it guards, in one atomic statement: of
/// any number of attempts at once, only as many as the limit allows get through. Dropped, it
/// stays counted (the attempt failed); [`Attempt::succeeded`] clears the key,
/// [`Attempt::not_counted`] takes back only this one.
#[must_use = "an attempt left alone counts as a failure"]
#[derive(Debug)]
pub struct Attempt {
    key: String,
}

impl Attempt {
    /// It worked: the key starts again from nothing (e.g. the right passphrase).
    pub async fn succeeded(self, db: &Db) -> sqlx::Result<()> {
        db::limits::clear(&db.pool, &self.key).await
    }
    /// It was not a guess after all (e.g. a right login, counted per client): this attempt is
    /// taken back, earlier failures stay.
    pub async fn not_counted(self, db: &Db) -> sqlx::Result<()> {
        db::limits::take_back(&db.pool, &self.key).await
    }
}

/// How long an attempt waits for a place under a full limit before the key is locked. Places
/// free up as attempts being checked succeed (a right password takes its count back); attempts
/// that failed keep theirs, so a full count that stays full this long is failures.
const FULL_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Counts an attempt at `subject` under `limit`, or says how long the key stays locked. An
/// attempt is admitted only while fewer than the limit are counted (failed or still being
/// checked), so any number at once get no more guesses than one after another; one that finds
/// the count full waits up to [`FULL_WAIT`] for a place, then locks the key. A lock that has run
/// out starts a new window: one more wrong try after it does not lock again.
pub async fn attempt(db: &Db, limit: &Limit, subject: &str) -> sqlx::Result<Result<Attempt, Locked>> {
    let key = key(limit, subject);
    let token = hex::encode(rand::random::<[u8; 12]>());
    let waited_until = std::time::Instant::now() + FULL_WAIT;
    loop {
        let now = db::now_ms();
        let counted =
            db::limits::count_attempt(&db.pool, &key, now, limit.window_ms, limit.max_failures, &token).await?;
        match counted {
            db::limits::Counted::Admitted => return Ok(Ok(Attempt { key })),
            db::limits::Counted::Locked(until) => return Ok(Err(Locked((until - now) / MINUTE + 1))),
            db::limits::Counted::Full if std::time::Instant::now() >= waited_until => {
                db::limits::lock(&db.pool, &key, now + limit.lock_ms).await?;
                return Ok(Err(Locked(limit.lock_ms / MINUTE)));
            }
            db::limits::Counted::Full => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
}

/// Forgets every failure under the key (e.g. a password set anew at the counter).
pub async fn clear(db: &Db, limit: &Limit, subject: &str) -> sqlx::Result<()> {
    db::limits::clear(&db.pool, &key(limit, subject)).await
}

/// "Terlalu banyak percobaan…" with the minutes left.
pub fn locked_message(minutes: i64) -> String {
    format!("Terlalu banyak percobaan yang gagal. Demi keamanan data, coba lagi dalam {minutes} menit.")
}
