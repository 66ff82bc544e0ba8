//! One-time registration tickets (only their hashes are stored).

use sqlx::AnyExecutor;

/// A ticket; `activation_hash` is the activation code step one matched, used up with the ticket.
pub async fn insert<'e>(
    ex: impl AnyExecutor<'e>,
    token_hash: &str,
    nik: &str,
    expires_at: i64,
    activation_hash: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO registration_tickets (token_hash, nik, expires_at, activation_hash) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(nik)
    .bind(expires_at)
    .bind(activation_hash)
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

/// Uses the ticket up: `None` when someone else already did, else the activation code it
/// carries (if any).
pub async fn take<'e>(ex: impl AnyExecutor<'e>, token_hash: &str) -> sqlx::Result<Option<Option<String>>> {
    sqlx::query_scalar("DELETE FROM registration_tickets WHERE token_hash = $1 RETURNING activation_hash")
        .bind(token_hash)
        .fetch_optional(ex)
        .await
}

pub async fn delete_expired<'e>(ex: impl AnyExecutor<'e>, now: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM registration_tickets WHERE expires_at <= $1").bind(now).execute(ex).await?;
    Ok(())
}
