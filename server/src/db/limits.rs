//! Failed attempts per key (see `crate::limits`).

use sqlx::AnyExecutor;

/// When the key is locked, until when (unix ms).
pub async fn locked_until<'e>(ex: impl AnyExecutor<'e>, key: &str, now: i64) -> sqlx::Result<Option<i64>> {
    let until: Option<i64> = sqlx::query_scalar("SELECT locked_until FROM attempt_limits WHERE key = $1")
        .bind(key)
        .fetch_optional(ex)
        .await?;
    Ok(until.filter(|u| *u > now))
}

/// Counts a failure within a window of `window_ms`; at `max_failures` the key is locked for
/// `lock_ms`. A failure after the window has passed starts a new window.
pub async fn record_failure<'e>(
    ex: impl AnyExecutor<'e>,
    key: &str,
    now: i64,
    window_ms: i64,
    max_failures: i64,
    lock_ms: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO attempt_limits (key, failures, window_start, locked_until) \
         VALUES ($1, 1, $2, CASE WHEN $4 <= 1 THEN $5 ELSE 0 END) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN attempt_limits.window_start < $3 THEN 1 ELSE attempt_limits.failures + 1 END, \
           window_start = CASE WHEN attempt_limits.window_start < $3 THEN $2 ELSE attempt_limits.window_start END, \
           locked_until = CASE WHEN (CASE WHEN attempt_limits.window_start < $3 THEN 1 \
                                          ELSE attempt_limits.failures + 1 END) >= $4 \
                               THEN $5 ELSE attempt_limits.locked_until END",
    )
    .bind(key)
    .bind(now)
    .bind(now - window_ms)
    .bind(max_failures)
    .bind(now + lock_ms)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn clear<'e>(ex: impl AnyExecutor<'e>, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM attempt_limits WHERE key = $1").bind(key).execute(ex).await?;
    Ok(())
}
