//! Activation codes for self-registration (only their hashes are stored).

use sqlx::AnyExecutor;

pub struct NewCode<'a> {
    pub code_hash: &'a str,
    pub nik: &'a str,
    pub office_code: &'a str,
    pub created_by: &'a str,
    pub expires_at: i64,
}

pub async fn insert<'e>(ex: impl AnyExecutor<'e>, c: &NewCode<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO activation_codes (code_hash, nik, office_code, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(c.code_hash)
    .bind(c.nik)
    .bind(c.office_code)
    .bind(c.created_by)
    .bind(now)
    .bind(c.expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Earlier unused codes for the NIK stop working when a new one is made.
pub async fn expire_for<'e>(ex: impl AnyExecutor<'e>, nik: &str, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE activation_codes SET expires_at = $2 WHERE nik = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(nik)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Whether the code is unused, unexpired and for this NIK (without using it).
pub async fn valid<'e>(ex: impl AnyExecutor<'e>, code_hash: &str, nik: &str, now: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM activation_codes WHERE code_hash = $1 AND nik = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(code_hash)
    .bind(nik)
    .bind(now)
    .fetch_one(ex)
    .await?;
    Ok(n == 1)
}

/// Uses the code up; false when it was used (or ran out) in the meantime. One statement, so two
/// registrations racing with one code cannot both use it.
pub async fn take<'e>(ex: impl AnyExecutor<'e>, code_hash: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE activation_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(code_hash)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}
