//! All SQL lives here, as small functions per table. One code path for SQLite and PostgreSQL
//! through `sqlx::Any` with `$n` placeholders.

pub mod access;
pub mod accounts;
pub mod activation;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod bulk;
mod checks;
pub mod corrections;
pub mod counters;
pub mod dashboard;
pub mod files;
pub mod holidays;
pub mod imports;
pub mod leases;
pub mod letters;
pub mod limits;
pub mod notifications;
pub mod offices;
pub mod regions;
pub mod registration;
pub mod requests;
pub mod residents;
pub mod samples;
pub mod sessions;
pub mod signing;
pub mod survey;
pub mod users;

use anyhow::Context;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::time::Duration;

pub type Tx = Transaction<'static, Any>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
}

impl Db {
    /// Connects (creating an SQLite file and its folder if needed).
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else {
            anyhow::bail!("DATABASE_URL harus diawali sqlite: atau postgres:");
        };
        if engine == Engine::Sqlite {
            create_sqlite_dir(url)?;
        }
        let options = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            });
        let pool = options.connect(url).await.context("cannot connect to the database")?;
        Ok(Db { pool, engine })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        MIGRATOR.run(&self.pool).await.context("database migration failed")?;
        checks::apply(self).await.context("database migration failed (CHECK constraints)")?;
        audit::append_only(self).await.context("database migration failed (audit log triggers)")?;
        Ok(())
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.pool.begin().await
    }

    /// A transaction that will write after reading. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred one that reads first cannot upgrade once another
    /// connection has committed meanwhile, and fails with "database is locked" whatever the
    /// busy timeout (security review, finding 10). PostgreSQL needs nothing special.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.pool.begin().await,
        }
    }

    /// A write transaction for a bulk load whose rows' references the caller has already
    /// checked and checks again as a whole at the end (`residents::dangling_offices`): on
    /// SQLite its connection has foreign keys off (a look-up per row otherwise) and is closed
    /// when the transaction ends rather than going back to the pool so. PostgreSQL: as
    /// [`Db::begin_write`] (the load drops and adds its constraint itself).
    pub async fn begin_bulk_write(&self) -> Result<Tx, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => {
                let mut conn = self.pool.acquire().await?;
                conn.close_on_drop();
                (&mut *conn).execute("PRAGMA foreign_keys = OFF").await?;
                // What `Pool::begin_with` does, on this connection.
                Transaction::begin(conn, Some("BEGIN IMMEDIATE".into())).await
            }
            Engine::Postgres => self.pool.begin().await,
        }
    }
}

/// After a bulk load: PostgreSQL's planner statistics of `tables` brought up to date at once,
/// rather than whenever autovacuum comes round (until then it plans for the empty tables it saw,
/// e.g. a sequential scan of every event to find fifty requests' histories). SQLite plans well
/// without statistics, and analysing a million residents there costs seconds: nothing.
pub async fn analyze(db: &Db, tables: &[&str]) -> sqlx::Result<()> {
    if db.engine == Engine::Postgres {
        for t in tables {
            sqlx::query(&format!("ANALYZE {t}")).execute(&db.pool).await?;
        }
    }
    Ok(())
}

/// The file of an SQLite URL (`sqlite://FILE?…`); None for other URLs and in-memory databases.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

fn create_sqlite_dir(url: &str) -> anyhow::Result<()> {
    let Some(path) = sqlite_path(url) else { return Ok(()) };
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    Ok(())
}

/// Reads text column `column` and parses it into a domain type; a value that does not parse
/// is a decode error naming the column (never a default).
pub fn decode<T>(row: &sqlx::any::AnyRow, column: &str, parse: impl Fn(&str) -> Option<T>) -> sqlx::Result<T> {
    use sqlx::Row;
    let text: String = row.try_get(column)?;
    parse(&text).ok_or_else(|| undecodable(column, &text))
}

/// Reads a text column holding a UUID.
pub fn decode_id(row: &sqlx::any::AnyRow, column: &str) -> sqlx::Result<uuid::Uuid> {
    decode(row, column, |s| uuid::Uuid::parse_str(s).ok())
}

pub fn undecodable(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("unknown value {value:?} in column {column}").into(),
    }
}

/// One round trip to the database (the health check).
pub async fn ping(pool: &AnyPool) -> sqlx::Result<()> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

/// SQLite only: this connection's page cache, in KiB (a no-op on PostgreSQL).
pub async fn sqlite_cache_kib(tx: &mut Tx, engine: Engine, kib: u32) -> sqlx::Result<()> {
    if engine == Engine::Sqlite {
        sqlx::query(&format!("PRAGMA cache_size = -{kib}")).execute(&mut **tx).await?;
    }
    Ok(())
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Builds `($1,$2,…),($k,…)` for a multi-row insert of `rows` rows of `cols` columns.
pub fn value_tuples(rows: usize, cols: usize) -> String {
    let mut out = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            out.push(',');
        }
        out.push('(');
        for c in 0..cols {
            if c > 0 {
                out.push(',');
            }
            out.push('$');
            out.push_str(&(r * cols + c + 1).to_string());
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn value_tuples_number_placeholders_row_by_row() {
        assert_eq!(super::value_tuples(2, 3), "($1,$2,$3),($4,$5,$6)");
    }
}
