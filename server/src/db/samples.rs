//! What the sample-request generator (`serambi contoh permohonan`) reads and writes: many rows
//! at a time, in multi-row `INSERT`s inside one transaction.

use super::residents::ResidentWithPlace;
use sqlx::{AnyExecutor, Row};

/// One value of a generated row.
pub enum Value {
    Text(String),
    Int(i64),
    /// NULL in a text column.
    Null,
    /// NULL in an integer column (PostgreSQL checks the bound type).
    NullInt,
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<Option<&str>> for Value {
    fn from(s: Option<&str>) -> Value {
        s.map_or(Value::Null, Value::from)
    }
}

/// Inserts `rows` into `table` in statements of at most 500 rows (and far fewer than either
/// engine's limit of bound parameters). Every row has one value per column.
pub async fn insert_rows(tx: &mut super::Tx, table: &str, columns: &[&str], rows: Vec<Vec<Value>>) -> sqlx::Result<()> {
    let per_statement = (20_000 / columns.len()).clamp(1, 500);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
        let mut n = 0;
        let tuples: Vec<String> = chunk
            .iter()
            .map(|_| {
                let marks: Vec<String> = columns
                    .iter()
                    .map(|_| {
                        n += 1;
                        format!("${n}")
                    })
                    .collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let q = format!("INSERT INTO {table} ({}) VALUES {}", columns.join(", "), tuples.join(", "));
        let mut query = sqlx::query(&q);
        for value in chunk.into_iter().flatten() {
            query = match value {
                Value::Text(s) => query.bind(s),
                Value::Int(i) => query.bind(i),
                Value::Null => query.bind(None::<String>),
                Value::NullInt => query.bind(None::<i64>),
            };
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Every resident's NIK, in order.
pub async fn resident_niks<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT nik FROM residents ORDER BY nik").fetch_all(ex).await
}

/// Residents with their place names, several at a time; in no particular order.
pub async fn residents_with_place<'e>(
    ex: impl AnyExecutor<'e>,
    niks: &[String],
) -> sqlx::Result<Vec<ResidentWithPlace>> {
    if niks.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=niks.len()).map(|i| format!("${i}")).collect();
    let q = format!(
        "SELECT r.nik, r.no_kk, r.name, r.birth_place, r.birth_date, r.sex, r.religion, r.marital_status, \
                r.occupation, r.citizenship, r.address, r.rt, r.rw, r.kelurahan_code, r.family_relation, \
                r.mother_name, kel.name AS kelurahan_name, kec.code AS kecamatan_code, \
                kec.name AS kecamatan_name, kota.name AS kota_name \
         FROM residents r \
         JOIN offices kel ON kel.code = r.kelurahan_code \
         JOIN offices kec ON kec.code = kel.parent_code \
         JOIN offices kota ON kota.code = kec.parent_code \
         WHERE r.nik IN ({})",
        marks.join(", ")
    );
    let mut query = sqlx::query_as(&q);
    for nik in niks {
        query = query.bind(nik);
    }
    query.fetch_all(ex).await
}

/// An active staff account of an office: (office, role, user id, official id).
pub async fn staff<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<(String, String, String, Option<String>)>> {
    sqlx::query_as(
        "SELECT office_code, role, id, official_id FROM users \
         WHERE office_code IS NOT NULL AND active = 1 ORDER BY office_code, role, username",
    )
    .fetch_all(ex)
    .await
}

/// Residents who already have an account: (NIK, user id).
pub async fn resident_accounts<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT nik, id FROM users WHERE nik IS NOT NULL").fetch_all(ex).await
}

/// Every reference code in use.
pub async fn references<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT reference FROM requests WHERE reference IS NOT NULL").fetch_all(ex).await
}

/// Every letter-number counter: (office, scope, year, last value).
pub async fn counters<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<(String, String, i64, i64)>> {
    let rows = sqlx::query("SELECT office_code, scope, year, last_value FROM number_counters").fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("office_code")?, r.try_get("scope")?, r.try_get("year")?, r.try_get("last_value")?)))
        .collect()
}

/// Sets a counter to `last_value` (the generator's letters took the numbers up to it).
pub async fn set_counter<'e>(
    ex: impl AnyExecutor<'e>,
    office_code: &str,
    scope: &str,
    year: i64,
    last_value: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO number_counters (office_code, scope, year, last_value) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (office_code, scope, year) DO UPDATE SET last_value = $4",
    )
    .bind(office_code)
    .bind(scope)
    .bind(year)
    .bind(last_value)
    .execute(ex)
    .await?;
    Ok(())
}
