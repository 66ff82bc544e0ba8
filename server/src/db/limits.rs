//! Failed attempts per key (see `crate::limits`).

use sqlx::AnyExecutor;

/// Counts an attempt within a window of `window_ms` and returns the key's `locked_until`
/// afterwards (the caller compares it with `now`). The attempt that would go past
/// `max_failures` locks the key for `lock_ms` and is refused; attempts while locked are not
/// counted. A window that has passed, or a lock that has run out, starts a new window. One
/// statement: concurrent attempts are counted one after another on both databases.
pub async fn count_attempt<'e>(
    ex: impl AnyExecutor<'e>,
    key: &str,
    now: i64,
    window_ms: i64,
    max_failures: i64,
    lock_ms: i64,
) -> sqlx::Result<Option<i64>> {
    // `fresh`: the old window no longer counts (it passed, or its lock ran out).
    const FRESH: &str = "(attempt_limits.window_start < $3 \
                          OR (attempt_limits.locked_until > 0 AND attempt_limits.locked_until <= $2))";
    let sql = format!(
        "INSERT INTO attempt_limits (key, failures, window_start, locked_until) \
         VALUES ($1, 1, $2, CASE WHEN $4 < 1 THEN $5 ELSE 0 END) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN attempt_limits.locked_until > $2 THEN attempt_limits.failures \
                           WHEN {FRESH} THEN 1 ELSE attempt_limits.failures + 1 END, \
           window_start = CASE WHEN attempt_limits.locked_until > $2 THEN attempt_limits.window_start \
                               WHEN {FRESH} THEN $2 ELSE attempt_limits.window_start END, \
           locked_until = CASE WHEN attempt_limits.locked_until > $2 THEN attempt_limits.locked_until \
                               WHEN {FRESH} THEN (CASE WHEN $4 < 1 THEN $5 ELSE 0 END) \
                               WHEN attempt_limits.failures + 1 > $4 THEN $5 \
                               ELSE attempt_limits.locked_until END \
         RETURNING locked_until"
    );
    sqlx::query_scalar(&sql)
        .bind(key)
        .bind(now)
        .bind(now - window_ms)
        .bind(max_failures)
        .bind(now + lock_ms)
        .fetch_optional(ex)
        .await
}

/// Takes back one counted attempt.
pub async fn take_back<'e>(ex: impl AnyExecutor<'e>, key: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE attempt_limits SET failures = failures - 1 WHERE key = $1 AND failures > 0")
        .bind(key)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn clear<'e>(ex: impl AnyExecutor<'e>, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM attempt_limits WHERE key = $1").bind(key).execute(ex).await?;
    Ok(())
}
