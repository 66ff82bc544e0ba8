//! Failed attempts per key (see `crate::limits`).

use sqlx::AnyExecutor;

/// What became of an attempt at a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Counted: it may go ahead.
    Admitted,
    /// The key is locked until then (unix ms).
    Locked(i64),
    /// As many attempts as the limit allows are counted in this window (failed, or still
    /// being checked): not counted, try again shortly.
    Full,
}

/// Counts an attempt within a window of `window_ms` if fewer than `max_failures` are counted
/// (`token` marks it as the one admitted). A window that has passed, or a lock that has run
/// out, starts a new window. One statement: attempts at once are counted one after another on
/// both databases.
pub async fn count_attempt<'e>(
    ex: impl AnyExecutor<'e>,
    key: &str,
    now: i64,
    window_ms: i64,
    max_failures: i64,
    token: &str,
) -> sqlx::Result<Counted> {
    // `fresh`: the old window no longer counts (it passed, or its lock ran out).
    const FRESH: &str = "(attempt_limits.window_start < $3 \
                          OR (attempt_limits.locked_until > 0 AND attempt_limits.locked_until <= $2))";
    const LOCKED: &str = "attempt_limits.locked_until > $2";
    let sql = format!(
        "INSERT INTO attempt_limits (key, failures, window_start, locked_until, admitted) \
         VALUES ($1, 1, $2, 0, $5) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN {LOCKED} THEN attempt_limits.failures WHEN {FRESH} THEN 1 \
                           WHEN attempt_limits.failures < $4 THEN attempt_limits.failures + 1 \
                           ELSE attempt_limits.failures END, \
           admitted = CASE WHEN {LOCKED} THEN attempt_limits.admitted WHEN {FRESH} THEN $5 \
                           WHEN attempt_limits.failures < $4 THEN $5 ELSE attempt_limits.admitted END, \
           window_start = CASE WHEN {LOCKED} THEN attempt_limits.window_start WHEN {FRESH} THEN $2 \
                               ELSE attempt_limits.window_start END, \
           locked_until = CASE WHEN {LOCKED} THEN attempt_limits.locked_until WHEN {FRESH} THEN 0 \
                               ELSE attempt_limits.locked_until END \
         RETURNING admitted, locked_until"
    );
    let (admitted, locked_until): (String, i64) = sqlx::query_as(&sql)
        .bind(key)
        .bind(now)
        .bind(now - window_ms)
        .bind(max_failures)
        .bind(token)
        .fetch_one(ex)
        .await?;
    Ok(if locked_until > now {
        Counted::Locked(locked_until)
    } else if admitted == token {
        Counted::Admitted
    } else {
        Counted::Full
    })
}

/// Locks the key until `until` (its count stayed full).
pub async fn lock<'e>(ex: impl AnyExecutor<'e>, key: &str, until: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE attempt_limits SET locked_until = $2 WHERE key = $1 AND locked_until < $2")
        .bind(key)
        .bind(until)
        .execute(ex)
        .await?;
    Ok(())
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
