use super::users::User;
use sqlx::AnyExecutor;

pub async fn insert<'e>(
    ex: impl AnyExecutor<'e>,
    token_hash: &str,
    user_id: &str,
    now: i64,
    expires: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires)
        .execute(ex)
        .await?;
    Ok(())
}

/// The user behind a live session.
pub async fn user<'e>(ex: impl AnyExecutor<'e>, token_hash: &str, now: i64) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!(
        "{} JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
        super::users::SELECT
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(ex)
    .await
}

pub async fn delete<'e>(ex: impl AnyExecutor<'e>, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(ex).await?;
    Ok(())
}

pub async fn delete_expired<'e>(ex: impl AnyExecutor<'e>, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(ex).await?.rows_affected())
}

/// Ends every session of an account, except the one behind `keep` (the caller's own, when they
/// changed their own password).
pub async fn delete_for_user<'e>(ex: impl AnyExecutor<'e>, user_id: &str, keep: Option<&str>) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(ex)
        .await?
        .rows_affected())
}
