//! `serambi cadangan buat DIR` and `serambi cadangan pulihkan ARCHIVE`.

use crate::backup::{self, Summary};
use crate::config::Config;
use crate::db::Db;
use crate::regions::thousands;
use crate::storage::FileStore;
use crate::storage::sweep::size;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum CadanganCommand {
    /// Write one archive (database, every stored file, a manifest of SHA-256 hashes) into DIR;
    /// safe while the server runs.
    Buat { dir: PathBuf },
    /// Restore an archive into an empty database (DATABASE_URL) and an empty file store,
    /// after checking every hash.
    Pulihkan { arsip: PathBuf },
}

pub async fn run(config: Config, command: CadanganCommand) -> anyhow::Result<()> {
    // Backups and restores need only the store's files, never its local paths.
    let files = FileStore::open(&config).await?;
    match command {
        CadanganCommand::Buat { dir } => {
            let db = Db::connect(&config.database_url, 2).await?;
            let summary = backup::create(&db, &config.database_url, &files, &dir).await?;
            println!("Cadangan dibuat: {}", summary.archive.display());
            report(&summary);
        }
        CadanganCommand::Pulihkan { arsip } => {
            let summary = backup::restore(&config.database_url, &files, &arsip).await?;
            println!("Dipulihkan dari {}; semua SHA-256 cocok dengan manifest.", summary.archive.display());
            report(&summary);
        }
    }
    Ok(())
}

fn report(s: &Summary) {
    let engine = match s.engine {
        crate::db::Engine::Sqlite => "SQLite",
        crate::db::Engine::Postgres => "PostgreSQL",
    };
    println!("  arsip        {}", size(s.archive_bytes));
    let rows = thousands(s.rows.max(0) as u64);
    println!("  basis data   {engine}, {} ({} tabel, {rows} baris)", size(s.database_bytes), s.tables);
    println!("  berkas       {} berkas, {}", thousands(s.files as u64), size(s.file_bytes));
    println!("  waktu        {} detik", format!("{:.1}", s.elapsed.as_secs_f64()).replace('.', ","));
}
