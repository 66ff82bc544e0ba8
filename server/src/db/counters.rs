use sqlx::AnyExecutor;

/// Takes the next number of an office's counter for a scope and year. Call inside the signing
/// transaction: the row stays locked until commit, so numbers have no gaps and no duplicates.
pub async fn next<'e>(ex: impl AnyExecutor<'e>, office_code: &str, scope: &str, year: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO number_counters (office_code, scope, year, last_value) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (office_code, scope, year) DO UPDATE SET last_value = number_counters.last_value + 1 \
         RETURNING last_value",
    )
    .bind(office_code)
    .bind(scope)
    .bind(year)
    .fetch_one(ex)
    .await
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
