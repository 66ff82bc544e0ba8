//! Population imports and the first problems of each.

use crate::population::import::Summary;
use sqlx::{AnyExecutor, FromRow};

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStatus {
    Berjalan,
    Selesai,
    Gagal,
}

impl ImportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Berjalan => "berjalan",
            ImportStatus::Selesai => "selesai",
            ImportStatus::Gagal => "gagal",
        }
    }
}

impl TryFrom<String> for ImportStatus {
    type Error = domain::UnknownValue;
    fn try_from(s: String) -> Result<ImportStatus, domain::UnknownValue> {
        match s.as_str() {
            "berjalan" => Ok(ImportStatus::Berjalan),
            "selesai" => Ok(ImportStatus::Selesai),
            "gagal" => Ok(ImportStatus::Gagal),
            _ => Err(domain::UnknownValue(s)),
        }
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct ImportRow {
    #[sqlx(try_from = "String")]
    pub id: uuid::Uuid,
    pub source_name: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub started_by: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: ImportStatus,
    pub rows_total: i64,
    /// While it runs: rows read so far and the phase (`membaca`, `menyimpan`).
    pub rows_read: i64,
    pub phase: Option<String>,
    pub rows_ok: i64,
    pub rows_rejected: i64,
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub message: Option<String>,
    pub report_key: Option<String>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct ProblemRow {
    pub line: i64,
    pub column_name: String,
    pub reason: String,
}

const SELECT: &str = "SELECT id, source_name, sha256, size_bytes, started_by, status, rows_total, rows_read, phase, \
     rows_ok, rows_rejected, inserted, updated, unchanged, message, report_key, started_at, finished_at FROM population_imports";

/// Registers a running import (a second call with the same id changes nothing: the upload
/// registers it before answering, the import itself again when it starts).
pub async fn insert<'e>(
    ex: impl AnyExecutor<'e>,
    id: &str,
    source_name: &str,
    size: u64,
    started_by: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO population_imports (id, source_name, sha256, size_bytes, started_by, status, started_at) \
         VALUES ($1, $2, '', $3, $4, 'berjalan', $5) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(source_name)
    .bind(size as i64)
    .bind(started_by)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Records the counts of a finished import (inside the import's transaction).
pub async fn finish<'e>(ex: impl AnyExecutor<'e>, s: &Summary, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE population_imports SET status = 'selesai', sha256 = $2, rows_total = $3, rows_ok = $4, \
         rows_rejected = $5, inserted = $6, updated = $7, unchanged = $8, finished_at = $9 WHERE id = $1",
    )
    .bind(&s.id)
    .bind(&s.sha256)
    .bind(s.rows_total as i64)
    .bind(s.rows_ok as i64)
    .bind(s.rows_rejected as i64)
    .bind(s.inserted as i64)
    .bind(s.updated as i64)
    .bind(s.unchanged as i64)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn fail<'e>(ex: impl AnyExecutor<'e>, id: &str, message: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE population_imports SET status = 'gagal', message = $2, finished_at = $3 WHERE id = $1")
        .bind(id)
        .bind(message)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// The progress of a running import (a no-op once it has finished).
pub async fn set_progress<'e>(ex: impl AnyExecutor<'e>, id: &str, rows_read: u64, phase: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE population_imports SET rows_read = $2, phase = $3 WHERE id = $1 AND status = 'berjalan'")
        .bind(id)
        .bind(rows_read as i64)
        .bind(phase)
        .execute(ex)
        .await?;
    Ok(())
}

/// Imports still marked running while no node holds the import lease `lease` (and that are
/// not `except`, one running in this process) were cut off by a stopped node: their
/// transaction never committed, so nothing of them is in the record.
pub async fn fail_interrupted<'e>(ex: impl AnyExecutor<'e>, lease: &str, except: &str, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE population_imports SET status = 'gagal', finished_at = $1, \
         message = 'Impor terhenti (server yang menjalankannya berhenti); tidak ada data yang berubah. \
         Impor ulang berkasnya.' \
         WHERE status = 'berjalan' AND id <> $2 \
         AND NOT EXISTS (SELECT 1 FROM leases WHERE name = $3 AND until_ms >= $1)",
    )
    .bind(now)
    .bind(except)
    .bind(lease)
    .execute(ex)
    .await?
    .rows_affected())
}

pub async fn set_report<'e>(ex: impl AnyExecutor<'e>, id: &str, key: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE population_imports SET report_key = $2 WHERE id = $1").bind(id).bind(key).execute(ex).await?;
    Ok(())
}

pub async fn insert_problems(tx: &mut super::Tx, id: &str, problems: &[(u64, &str, String)]) -> sqlx::Result<()> {
    for (chunk_no, chunk) in problems.chunks(200).enumerate() {
        let sql = format!(
            "INSERT INTO population_import_problems (import_id, seq, line, column_name, reason) VALUES {}",
            super::value_tuples(chunk.len(), 5)
        );
        let mut q = sqlx::query(&sql);
        for (i, (line, column, reason)) in chunk.iter().enumerate() {
            q = q.bind(id).bind((chunk_no * 200 + i) as i64).bind(*line as i64).bind(*column).bind(reason.as_str());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

pub async fn recent<'e>(ex: impl AnyExecutor<'e>, limit: i64) -> sqlx::Result<Vec<ImportRow>> {
    sqlx::query_as(&format!("{SELECT} ORDER BY started_at DESC LIMIT $1")).bind(limit).fetch_all(ex).await
}

pub async fn get<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<ImportRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE id = $1")).bind(id).fetch_optional(ex).await
}

pub async fn problems<'e>(ex: impl AnyExecutor<'e>, id: &str, limit: i64) -> sqlx::Result<Vec<ProblemRow>> {
    sqlx::query_as(
        "SELECT line, column_name, reason FROM population_import_problems WHERE import_id = $1 ORDER BY seq LIMIT $2",
    )
    .bind(id)
    .bind(limit)
    .fetch_all(ex)
    .await
}
