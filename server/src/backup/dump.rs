//! The database part of a backup: SQLite's online `VACUUM INTO` copy or PostgreSQL's
//! `pg_dump -Fc` of an exported snapshot, each with its row counts, and putting it back.

use crate::db::{self, Db, Engine};
use anyhow::Context;
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A dump written into a staging folder, with the row counts it holds.
pub struct Dump {
    pub name: &'static str,
    pub path: PathBuf,
    pub tables: BTreeMap<String, i64>,
}

pub fn dump_name(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "serambi.db",
        Engine::Postgres => "serambi.pgdump",
    }
}

/// Dumps the live database (it may be serving requests) into `dir`.
pub async fn dump(db: &Db, url: &str, dir: &Path) -> anyhow::Result<Dump> {
    let name = dump_name(db.engine);
    let path = dir.join(name);
    let tables = match db.engine {
        Engine::Sqlite => {
            let target = path.to_str().ok_or_else(|| anyhow::anyhow!("nama folder tidak sah: {}", dir.display()))?;
            db::backup::vacuum_into(&db.pool, target).await.context("VACUUM INTO gagal")?;
            let copy = open_sqlite(&path).await?;
            let counts = count_all(&mut *copy.acquire().await?).await;
            copy.close().await;
            counts?
        }
        Engine::Postgres => {
            let mut tx = db.begin().await?;
            let snapshot = db::backup::export_snapshot(&mut tx).await?;
            let counts = count_all(&mut tx).await?;
            let args = vec![
                "--format=custom".to_string(),
                format!("--file={}", path.display()),
                format!("--snapshot={snapshot}"),
            ];
            let url = url.to_string();
            tokio::task::spawn_blocking(move || run_pg("pg_dump", &args, &url)).await??;
            tx.commit().await?;
            counts
        }
    };
    Ok(Dump { name, path, tables })
}

/// The tables of the database at `url` (empty when an SQLite file does not exist yet).
pub async fn target_tables(url: &str) -> anyhow::Result<(Engine, Vec<String>)> {
    if let Some(path) = db::sqlite_path(url) {
        if !path.exists() {
            return Ok((Engine::Sqlite, Vec::new()));
        }
        let pool = open_sqlite(&path).await?;
        let tables = db::backup::tables(&pool, Engine::Sqlite).await;
        pool.close().await;
        return Ok((Engine::Sqlite, tables?));
    }
    let target = Db::connect(url, 1).await?;
    let tables = db::backup::tables(&target.pool, target.engine).await;
    target.pool.close().await;
    Ok((target.engine, tables?))
}

/// Row counts of every table of the database at `url`.
pub async fn target_counts(url: &str) -> anyhow::Result<BTreeMap<String, i64>> {
    let target = Db::connect(url, 1).await?;
    let counts = count_all(&mut *target.pool.acquire().await?).await;
    target.pool.close().await;
    counts
}

/// Puts a dump into the (empty, checked) database at `url`.
pub async fn restore(engine: Engine, url: &str, dump: PathBuf) -> anyhow::Result<()> {
    match engine {
        Engine::Sqlite => {
            let target = db::sqlite_path(url).ok_or_else(|| anyhow::anyhow!("DATABASE_URL tanpa berkas SQLite"))?;
            for leftover in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{leftover}", target.display()));
            }
            std::fs::rename(&dump, &target).with_context(|| format!("tidak dapat menulis {}", target.display()))
        }
        Engine::Postgres => {
            let args = vec![
                "--no-owner".to_string(),
                "--no-acl".to_string(),
                "--single-transaction".to_string(),
                "--exit-on-error".to_string(),
                dump.display().to_string(),
            ];
            let url = url.to_string();
            tokio::task::spawn_blocking(move || run_pg("pg_restore", &args, &url)).await?
        }
    }
}

async fn open_sqlite(path: &Path) -> anyhow::Result<sqlx::AnyPool> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", path.display());
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .with_context(|| format!("tidak dapat membuka {}", path.display()))
}

async fn count_all(conn: &mut AnyConnection) -> anyhow::Result<BTreeMap<String, i64>> {
    let engine = if conn.backend_name().eq_ignore_ascii_case("sqlite") { Engine::Sqlite } else { Engine::Postgres };
    let mut counts = BTreeMap::new();
    for table in db::backup::tables(&mut *conn, engine).await? {
        let rows = db::backup::row_count(&mut *conn, &table).await?;
        counts.insert(table, rows);
    }
    Ok(counts)
}

/// Runs a PostgreSQL client program on the database at `url`; the password goes through
/// `PGPASSWORD`, not the command line (which other users can read).
fn run_pg(program: &str, args: &[String], url: &str) -> anyhow::Result<()> {
    let (url, password) = libpq_target(url);
    let mut command = Command::new(program);
    command.args(args).arg(format!("--dbname={url}"));
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    let out = command.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow::anyhow!(
            "{program} tidak ditemukan di PATH: pasang paket Debian postgresql-client \
             (apt-get install postgresql-client) dengan versi utama yang sama dengan server PostgreSQL"
        ),
        _ => anyhow::anyhow!("{program} tidak dapat dijalankan: {e}"),
    })?;
    if !out.status.success() {
        anyhow::bail!("{program} gagal: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// A libpq URL without its password, and the password (percent-decoded).
fn libpq_target(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else { return (url.to_string(), None) };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let Some((userinfo, host)) = authority.rsplit_once('@') else { return (url.to_string(), None) };
    let Some((user, password)) = userinfo.split_once(':') else { return (url.to_string(), None) };
    (format!("{scheme}://{user}@{host}{tail}"), Some(percent_decode(password)))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%').then(|| text.get(i + 1..i + 3)).flatten();
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::libpq_target;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        let cases = [
            ("postgres://u:p%40ss@db:5432/serambi", "postgres://u@db:5432/serambi", Some("p@ss")),
            ("postgres://u:s@cr:et@db/x?sslmode=require", "postgres://u@db/x?sslmode=require", Some("s@cr:et")),
            ("postgres://postgres@127.0.0.1:5432/test", "postgres://postgres@127.0.0.1:5432/test", None),
            ("postgresql://db/x", "postgresql://db/x", None),
        ];
        for (url, bare, password) in cases {
            assert_eq!(libpq_target(url), (bare.to_string(), password.map(String::from)), "{url}");
        }
    }
}
