//! TEMPORARY stand-in until the regions branch lands (same signatures).
use sqlx::{AnyExecutor, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct EditionRow {
    pub id: String,
    pub source: String,
    pub sha256: String,
    pub codes: i64,
    pub loaded_at: i64,
}

pub async fn current_edition<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Option<EditionRow>> {
    sqlx::query_as("SELECT id, source, sha256, codes, loaded_at FROM region_editions ORDER BY loaded_at DESC LIMIT 1")
        .fetch_optional(ex)
        .await
}

pub async fn get<'e>(ex: impl AnyExecutor<'e>, code: &str) -> sqlx::Result<Option<Region>> {
    sqlx::query_as("SELECT code, name, level FROM regions WHERE code = $1").bind(code).fetch_optional(ex).await
}

pub async fn under<'e>(ex: impl AnyExecutor<'e>, parent: &str, level: i64) -> sqlx::Result<Vec<Region>> {
    sqlx::query_as("SELECT code, name, level FROM regions WHERE code LIKE $1 AND level = $2 ORDER BY code")
        .bind(format!("{parent}.%"))
        .bind(level)
        .fetch_all(ex)
        .await
}
