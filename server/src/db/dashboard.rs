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
pub async fn steps<'e>(
    ex: impl AnyExecutor<'e>,
    reach: &Reach<'_>,
    origin: i64,
) -> sqlx::Result<Vec<(i64, String, String, i64)>> {
    let (cond, binds) = reach_sql(reach, 2);
    let q = format!(
        "SELECT CAST((e.at - $1) / 604800000 AS BIGINT) AS week, r.letter_type, e.to_status, COUNT(*) \
         FROM request_events e JOIN requests r ON r.id = e.request_id \
         WHERE {cond} AND e.at >= $1 AND (e.seq = 1 OR e.to_status IN ('ditandatangani', 'dikembalikan', 'ditolak')) \
         GROUP BY CAST((e.at - $1) / 604800000 AS BIGINT), r.letter_type, e.to_status"
    );
    let mut query = sqlx::query_as(&q).bind(origin);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    query.fetch_all(ex).await
}

/// The histories (request, letter type, status entered, when) of the requests of the reach
/// whose letter was signed since `since`.
pub async fn signed_histories<'e>(
    ex: impl AnyExecutor<'e>,
    reach: &Reach<'_>,
    since: i64,
) -> sqlx::Result<Vec<(String, String, String, i64)>> {
    let (cond, binds) = reach_sql(reach, 2);
    let q = format!(
        "SELECT e.request_id, r.letter_type, e.to_status, e.at FROM request_events e \
         JOIN requests r ON r.id = e.request_id JOIN letters l ON l.request_id = r.id \
         WHERE {cond} AND l.signed_at >= $1 ORDER BY e.request_id, e.seq"
    );
    let mut query = sqlx::query_as(&q).bind(since);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    query.fetch_all(ex).await
}

/// Open requests of the reach: when each was submitted, and its `late_from`.
pub async fn open<'e>(ex: impl AnyExecutor<'e>, reach: &Reach<'_>) -> sqlx::Result<Vec<(i64, String)>> {
    let (cond, binds) = reach_sql(reach, 1);
    let q = format!(
        "SELECT r.created_at, r.late_from FROM requests r WHERE {cond} \
         AND r.status IN ('diajukan', 'dikembalikan', 'diverifikasi', 'diteruskan', 'diverifikasi_kecamatan')"
    );
    let mut query = sqlx::query_as(&q);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    query.fetch_all(ex).await
}
