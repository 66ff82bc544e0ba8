//! What the dashboards count: steps per week and per letter type, the histories of letters
//! signed in a window, open requests by age. Always within an office's reach.

use sqlx::AnyExecutor;

/// Which requests: a kelurahan/desa, the forwarded and local requests of a kecamatan's
/// kelurahan/desa (the camat's area), or all.
#[derive(Debug, Clone, Copy)]
pub struct Reach<'a> {
    pub kelurahan: Option<&'a str>,
    pub kecamatan: Option<&'a str>,
}

fn reach_sql(r: &Reach<'_>, first: usize) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    let mut binds = Vec::new();
    if let Some(k) = r.kelurahan {
        binds.push(k.to_string());
        parts.push(format!("r.kelurahan_code = ${}", first + binds.len() - 1));
    }
    if let Some(k) = r.kecamatan {
        binds.push(k.to_string());
        parts.push(format!("r.kecamatan_code = ${}", first + binds.len() - 1));
    }
    if parts.is_empty() {
        parts.push("1 = 1".into());
    }
    (parts.join(" AND "), binds)
}

/// Week number (from `origin`, 7-day weeks), letter type and what happened: "diajukan" for a
/// request received (its first step), or the status a step entered; with how many.
///
/// Only requests changed since `origin` are read: every event is written with its request's
/// `updated_at` (one clock reading per transition), so an older request has no event in the
/// window (migration `20261206000001`; the flow tests check that no event is newer than its
/// request).
pub async fn steps<'e>(
    ex: impl AnyExecutor<'e>,
    reach: &Reach<'_>,
    origin: i64,
) -> sqlx::Result<Vec<(i64, String, String, i64)>> {
    let (cond, binds) = reach_sql(reach, 2);
    let q = format!(
        "SELECT CAST((e.at - $1) / 604800000 AS BIGINT) AS week, r.letter_type, e.to_status, COUNT(*) \
         FROM request_events e JOIN requests r ON r.id = e.request_id \
         WHERE {cond} AND r.updated_at >= $1 AND e.at >= $1 AND (e.seq = 1 OR e.to_status IN ('ditandatangani', 'dikembalikan', 'ditolak')) \
         GROUP BY CAST((e.at - $1) / 604800000 AS BIGINT), r.letter_type, e.to_status"
    );
    let mut query = sqlx::query_as(&q).bind(origin);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    query.fetch_all(ex).await
}

/// The service times of the requests of the reach whose letter was signed since `since`, as
/// (working days used, within the standard 1/0, how many); kept on the row when it was signed.
/// Signing changes the request, so only requests changed since `since` are read (as in
/// [`steps`]).
pub async fn signed_service_times<'e>(
    ex: impl AnyExecutor<'e>,
    reach: &Reach<'_>,
    since: i64,
) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    let (cond, binds) = reach_sql(reach, 2);
    let q = format!(
        "SELECT r.workdays_used, r.within_standard, COUNT(*) FROM requests r JOIN letters l ON l.request_id = r.id \
         WHERE {cond} AND r.updated_at >= $1 AND l.signed_at >= $1 AND r.workdays_used IS NOT NULL \
         GROUP BY r.workdays_used, r.within_standard"
    );
    let mut query = sqlx::query_as(&q).bind(since);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    query.fetch_all(ex).await
}

/// Open requests of the reach by age: (the first of `ages` (whole days since submission, upper
/// bounds, ascending; the last catches the rest) the age is within, how many, how many of them
/// late on `today`).
pub async fn open_by_age<'e>(
    ex: impl AnyExecutor<'e>,
    reach: &Reach<'_>,
    now: i64,
    today: &str,
    ages: &[i64],
) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    let (cond, binds) = reach_sql(reach, 3);
    let buckets: Vec<String> = ages
        .iter()
        .enumerate()
        .map(|(i, hi)| format!("WHEN ($1 - r.created_at) / 86400000 <= {hi} THEN {i}"))
        .collect();
    let q = format!(
        "SELECT CAST(CASE {} ELSE {} END AS BIGINT) AS bucket, COUNT(*), \
         CAST(SUM(CASE WHEN r.late_from <= $2 THEN 1 ELSE 0 END) AS BIGINT) FROM requests r WHERE {cond} \
         AND r.status IN ('diajukan', 'dikembalikan', 'diverifikasi', 'diteruskan', 'diverifikasi_kecamatan') \
         GROUP BY CAST(CASE {} ELSE {} END AS BIGINT)",
        buckets.join(" "),
        ages.len().saturating_sub(1),
        buckets.join(" "),
        ages.len().saturating_sub(1),
    );
    let mut query = sqlx::query_as(&q).bind(now).bind(today);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    query.fetch_all(ex).await
}

/// Letters signed in [from, until): the kelurahan/desa of the request, its letter type, and the
/// month (1–12) from `month_starts` (the first instant of each month, 13 values).
pub async fn signed_by_month<'e>(
    ex: impl AnyExecutor<'e>,
    month_starts: &[i64; 13],
) -> sqlx::Result<Vec<(String, String, i64, i64)>> {
    let cases: Vec<String> = (1..=12).map(|m| format!("WHEN l.signed_at < ${} THEN {m}", m + 1)).collect();
    let q = format!(
        "SELECT r.kelurahan_code, r.letter_type, CASE {} END AS month, COUNT(*) FROM letters l \
         JOIN requests r ON r.id = l.request_id WHERE l.signed_at >= $1 AND l.signed_at < $13 \
         GROUP BY r.kelurahan_code, r.letter_type, CASE {} END",
        cases.join(" "),
        cases.join(" ")
    );
    let mut query = sqlx::query_as(&q);
    for m in month_starts {
        query = query.bind(*m);
    }
    query.fetch_all(ex).await
}

/// The service times (kelurahan/desa, working days used, within the standard 1/0) of every
/// request whose letter was signed in [from, until).
pub async fn service_times_signed_between<'e>(
    ex: impl AnyExecutor<'e>,
    from: i64,
    until: i64,
) -> sqlx::Result<Vec<(String, i64, i64)>> {
    sqlx::query_as(
        "SELECT r.kelurahan_code, r.workdays_used, r.within_standard FROM letters l \
         JOIN requests r ON r.id = l.request_id \
         WHERE l.signed_at >= $1 AND l.signed_at < $2 AND r.workdays_used IS NOT NULL",
    )
    .bind(from)
    .bind(until)
    .fetch_all(ex)
    .await
}
