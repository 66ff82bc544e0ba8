//! Survey responses (SKM): stored once per request under a keyed hash of its id, read back only
//! as sums per element (the index is computed in `domain::skm`) and as suggestions.

use sqlx::AnyExecutor;

pub struct NewResponse<'a> {
    pub request_hash: &'a str,
    pub kelurahan_code: &'a str,
    pub kecamatan_code: &'a str,
    pub letter_type: &'a str,
    pub answered_on: &'a str,
    pub answers: [u8; 9],
    pub suggestion: Option<&'a str>,
}

/// Stores a response; false (nothing stored) when this request has one already.
pub async fn insert<'e>(ex: impl AnyExecutor<'e>, r: &NewResponse<'_>) -> sqlx::Result<bool> {
    let mut q = sqlx::query(
        "INSERT INTO survey_responses (request_hash, kelurahan_code, kecamatan_code, letter_type, answered_on, \
         u1, u2, u3, u4, u5, u6, u7, u8, u9, suggestion) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (request_hash) DO NOTHING",
    )
    .bind(r.request_hash)
    .bind(r.kelurahan_code)
    .bind(r.kecamatan_code)
    .bind(r.letter_type)
    .bind(r.answered_on);
    for a in r.answers {
        q = q.bind(i64::from(a));
    }
    Ok(q.bind(r.suggestion).execute(ex).await?.rows_affected() == 1)
}

pub async fn answered<'e>(ex: impl AnyExecutor<'e>, request_hash: &str) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM survey_responses WHERE request_hash = $1")
        .bind(request_hash)
        .fetch_optional(ex)
        .await?;
    Ok(found.is_some())
}

/// Which responses a result covers: an office (a kelurahan/desa, a kecamatan, or the city),
/// a period of answer dates (inclusive), and optionally one letter type.
pub struct Scope<'a> {
    pub kelurahan: Option<&'a str>,
    pub kecamatan: Option<&'a str>,
    pub from: &'a str,
    pub until: &'a str,
    pub letter_type: Option<&'a str>,
}

fn filter(s: &Scope<'_>) -> (String, Vec<String>) {
    let mut parts = vec!["answered_on >= $1".to_string(), "answered_on <= $2".to_string()];
    let mut binds = vec![s.from.to_string(), s.until.to_string()];
    for (column, value) in
        [("kelurahan_code", s.kelurahan), ("kecamatan_code", s.kecamatan), ("letter_type", s.letter_type)]
    {
        if let Some(v) = value {
            binds.push(v.to_string());
            parts.push(format!("{column} = ${}", binds.len()));
        }
    }
    (parts.join(" AND "), binds)
}

/// Each sum cast back to BIGINT: PostgreSQL sums BIGINT into NUMERIC.
const SUMS: &str = "COUNT(*), CAST(COALESCE(SUM(u1), 0) AS BIGINT), CAST(COALESCE(SUM(u2), 0) AS BIGINT), \
     CAST(COALESCE(SUM(u3), 0) AS BIGINT), CAST(COALESCE(SUM(u4), 0) AS BIGINT), CAST(COALESCE(SUM(u5), 0) AS BIGINT), \
     CAST(COALESCE(SUM(u6), 0) AS BIGINT), CAST(COALESCE(SUM(u7), 0) AS BIGINT), CAST(COALESCE(SUM(u8), 0) AS BIGINT), \
     CAST(COALESCE(SUM(u9), 0) AS BIGINT)";

type SumRow = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

fn sums(row: SumRow) -> (u64, [u64; 9]) {
    let (n, a, b, c, d, e, f, g, h, i) = row;
    (n as u64, [a, b, c, d, e, f, g, h, i].map(|v| v as u64))
}

/// Respondents and each element's sum of answers.
pub async fn totals<'e>(ex: impl AnyExecutor<'e>, scope: &Scope<'_>) -> sqlx::Result<(u64, [u64; 9])> {
    let (cond, binds) = filter(scope);
    let q = format!("SELECT {SUMS} FROM survey_responses WHERE {cond}");
    let mut query = sqlx::query_as::<_, SumRow>(&q);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    Ok(sums(query.fetch_one(ex).await?))
}

/// The same, per value of `group` ("letter_type" or "kelurahan_code").
pub async fn totals_by<'e>(
    ex: impl AnyExecutor<'e>,
    scope: &Scope<'_>,
    group: Group,
) -> sqlx::Result<Vec<(String, u64, [u64; 9])>> {
    let (cond, binds) = filter(scope);
    let column = match group {
        Group::LetterType => "letter_type",
        Group::Kelurahan => "kelurahan_code",
    };
    let q = format!("SELECT {column}, {SUMS} FROM survey_responses WHERE {cond} GROUP BY {column} ORDER BY {column}");
    let mut query = sqlx::query(&q);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    use sqlx::Row;
    let rows = query.fetch_all(ex).await?;
    rows.iter()
        .map(|r| {
            let key: String = r.try_get(0)?;
            let mut v = [0i64; 10];
            for (i, slot) in v.iter_mut().enumerate() {
                *slot = r.try_get(i + 1)?;
            }
            let (n, s) = sums((v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]));
            Ok((key, n, s))
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
pub enum Group {
    LetterType,
    Kelurahan,
}

/// Suggestions written in the period (newest first, at most `limit`), with their date only.
pub async fn suggestions<'e>(
    ex: impl AnyExecutor<'e>,
    scope: &Scope<'_>,
    limit: i64,
) -> sqlx::Result<Vec<(String, String)>> {
    let (cond, binds) = filter(scope);
    let q = format!(
        "SELECT answered_on, suggestion FROM survey_responses WHERE {cond} AND suggestion IS NOT NULL \
         ORDER BY answered_on DESC, request_hash LIMIT {limit}"
    );
    let mut query = sqlx::query_as(&q);
    for b in &binds {
        query = query.bind(b.as_str());
    }
    query.fetch_all(ex).await
}
