//! What backups ask of the database: an online SQLite copy, a consistent PostgreSQL snapshot
//! for `pg_dump`, the list of tables and their row counts, and whether a target is empty.

use super::{Engine, Tx};
use sqlx::{AnyExecutor, AnyPool};

/// SQLite: writes a consistent copy of the live database to `path` (`VACUUM INTO`), while
/// other connections keep reading and writing.
pub async fn vacuum_into(pool: &AnyPool, path: &str) -> sqlx::Result<()> {
    sqlx::query("VACUUM INTO $1").bind(path).execute(pool).await.map(|_| ())
}

/// PostgreSQL: turns `tx` into a read-only repeatable-read snapshot and exports it, so that
/// `pg_dump --snapshot` and the row counts in `tx` see exactly the same data.
pub async fn export_snapshot(tx: &mut Tx) -> sqlx::Result<String> {
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut **tx).await?;
    sqlx::query_scalar("SELECT pg_export_snapshot()::text").fetch_one(&mut **tx).await
}

/// The database's tables (migrations bookkeeping included), by name.
pub async fn tables<'e>(ex: impl AnyExecutor<'e>, engine: Engine) -> sqlx::Result<Vec<String>> {
    let sql = match engine {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
    };
    sqlx::query_scalar(sql).fetch_all(ex).await
}

/// Rows in `table` (a name read from the catalogue by [`tables`], quoted here).
pub async fn row_count<'e>(ex: impl AnyExecutor<'e>, table: &str) -> sqlx::Result<i64> {
    let quoted = table.replace('"', "\"\"");
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{quoted}\"")).fetch_one(ex).await
}
