//! One-time registration tickets (only their hashes are stored).

use sqlx::AnyExecutor;

pub async fn insert<'e>(ex: impl AnyExecutor<'e>, token_hash: &str, nik: &str, expires_at: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO registration_tickets (token_hash, nik, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(nik)
        .bind(expires_at)
        .execute(ex)
        .await?;
    Ok(())
}

/// The NIK of a ticket that has not expired.
pub async fn nik<'e>(ex: impl AnyExecutor<'e>, token_hash: &str, now: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT nik FROM registration_tickets WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(ex)
        .await
}

/// The NIK and expiry of a ticket that has not expired.
pub async fn get<'e>(ex: impl AnyExecutor<'e>, token_hash: &str, now: i64) -> sqlx::Result<Option<(String, i64)>> {
    sqlx::query_as("SELECT nik, expires_at FROM registration_tickets WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(ex)
        .await
}

/// Uses the ticket up; false when someone else already did.
pub async fn take<'e>(ex: impl AnyExecutor<'e>, token_hash: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query("DELETE FROM registration_tickets WHERE token_hash = $1")
        .bind(token_hash)
        .execute(ex)
        .await?
        .rows_affected()
        == 1)
}

pub async fn delete_expired<'e>(ex: impl AnyExecutor<'e>, now: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM registration_tickets WHERE expires_at <= $1").bind(now).execute(ex).await?;
    Ok(())
}
