//! Leases: a name held by one holder until a time, so that work runs on one node at a time.
//! Times are the nodes' own clocks (unix ms): keep them in sync (NTP) and TTLs well above any
//! skew.

use sqlx::AnyExecutor;

/// Takes `name` for `holder` until `until`, if it is free, lapsed (before `now`) or already
/// this holder's. One statement, so two nodes racing for it cannot both win.
pub async fn try_take<'e>(
    ex: impl AnyExecutor<'e>,
    name: &str,
    holder: &str,
    now: i64,
    until: i64,
) -> sqlx::Result<bool> {
    let won: Option<String> = sqlx::query_scalar(
        "INSERT INTO leases (name, holder, until_ms) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms \
         WHERE leases.until_ms < $4 OR leases.holder = excluded.holder \
         RETURNING holder",
    )
    .bind(name)
    .bind(holder)
    .bind(until)
    .bind(now)
    .fetch_optional(ex)
    .await?;
    Ok(won.is_some())
}

/// Extends `holder`'s lease to `until`; false when it is no longer theirs.
pub async fn renew<'e>(ex: impl AnyExecutor<'e>, name: &str, holder: &str, until: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE leases SET until_ms = $3 WHERE name = $1 AND holder = $2")
        .bind(name)
        .bind(holder)
        .bind(until)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives the lease back (only if `holder` still has it).
pub async fn release<'e>(ex: impl AnyExecutor<'e>, name: &str, holder: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2").bind(name).bind(holder).execute(ex).await?;
    Ok(())
}

/// Who holds `name` at `now`, if anyone.
pub async fn holder<'e>(ex: impl AnyExecutor<'e>, name: &str, now: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT holder FROM leases WHERE name = $1 AND until_ms >= $2")
        .bind(name)
        .bind(now)
        .fetch_optional(ex)
        .await
}
