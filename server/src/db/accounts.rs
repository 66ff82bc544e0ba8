//! Password reset codes and the account log.

use sqlx::{AnyExecutor, FromRow};

pub async fn insert_reset<'e>(
    ex: impl AnyExecutor<'e>,
    code_hash: &str,
    user_id: &str,
    created_by: Option<&str>,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO password_resets (code_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(code_hash)
    .bind(user_id)
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Any earlier unused code of the account stops working when a new one is made.
pub async fn expire_resets<'e>(ex: impl AnyExecutor<'e>, user_id: &str, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE password_resets SET expires_at = $2 WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(user_id)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Uses a reset code: marks it used if it is unused and unexpired, returning its account. One
/// statement, so two people racing with the same code cannot both use it.
pub async fn take_reset<'e>(ex: impl AnyExecutor<'e>, code_hash: &str, now: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "UPDATE password_resets SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 \
         RETURNING user_id",
    )
    .bind(code_hash)
    .bind(now)
    .fetch_optional(ex)
    .await
}

pub async fn log<'e>(
    ex: impl AnyExecutor<'e>,
    user_id: &str,
    actor: Option<&str>,
    action: &str,
    note: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO account_log (id, user_id, actor_user_id, action, note, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(user_id)
    .bind(actor)
    .bind(action)
    .bind(note)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct LogRow {
    pub action: String,
    pub note: String,
    pub at: i64,
    /// The actor's display name; None for the command line.
    pub actor_name: Option<String>,
}

/// An account's log, newest first.
pub async fn log_of<'e>(ex: impl AnyExecutor<'e>, user_id: &str, limit: i64) -> sqlx::Result<Vec<LogRow>> {
    sqlx::query_as(
        "SELECT l.action, l.note, l.at, a.display_name AS actor_name FROM account_log l \
         LEFT JOIN users a ON a.id = l.actor_user_id WHERE l.user_id = $1 ORDER BY l.at DESC, l.id LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// A deployment fact (`wilayah` = the kota/kabupaten code set up by `serambi init`,
/// `demo` = when the demo was loaded).
pub async fn fact<'e>(ex: impl AnyExecutor<'e>, key: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT value FROM deployment WHERE key = $1").bind(key).fetch_optional(ex).await
}

pub async fn set_fact<'e>(ex: impl AnyExecutor<'e>, key: &str, value: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO deployment (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// The account an unused, unexpired reset code opens (without using it).
pub async fn reset_user<'e>(ex: impl AnyExecutor<'e>, code_hash: &str, now: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT user_id FROM password_resets WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(code_hash)
    .bind(now)
    .fetch_optional(ex)
    .await
}
