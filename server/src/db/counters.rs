use sqlx::AnyExecutor;

/// The last number given out by an office's counter for a scope and year (0: none yet).
pub async fn last<'e>(ex: impl AnyExecutor<'e>, office_code: &str, scope: &str, year: i64) -> sqlx::Result<i64> {
    let v: Option<i64> = sqlx::query_scalar(
        "SELECT last_value FROM number_counters WHERE office_code = $1 AND scope = $2 AND year = $3",
    )
    .bind(office_code)
    .bind(scope)
    .bind(year)
    .fetch_optional(ex)
    .await?;
    Ok(v.unwrap_or(0))
}

/// Takes number `seq` of the counter, if it is the next one; false when the counter moved on
/// meanwhile. One statement inside the signing transaction, so a number is given out once, and
/// only with the letter that carries it.
pub async fn take<'e>(
    ex: impl AnyExecutor<'e>,
    office_code: &str,
    scope: &str,
    year: i64,
    seq: i64,
) -> sqlx::Result<bool> {
    let taken: Option<i64> = sqlx::query_scalar(
        "INSERT INTO number_counters (office_code, scope, year, last_value) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (office_code, scope, year) DO UPDATE SET last_value = excluded.last_value \
         WHERE number_counters.last_value = excluded.last_value - 1 \
         RETURNING last_value",
    )
    .bind(office_code)
    .bind(scope)
    .bind(year)
    .bind(seq)
    .fetch_optional(ex)
    .await?;
    Ok(taken == Some(seq))
}

/// Whether any number of `year` was taken for the office, in any scope.
pub async fn used_in_year<'e>(ex: impl AnyExecutor<'e>, office_code: &str, year: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM number_counters WHERE office_code = $1 AND year = $2 AND last_value > 0",
    )
    .bind(office_code)
    .bind(year)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}
