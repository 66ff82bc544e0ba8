//! `serambi berkas rapikan [--kering]`: the orphan sweep by hand.

use crate::config::Config;
use crate::db::Db;
use crate::storage::{FileStore, sweep};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum BerkasCommand {
    /// Delete stored files no row points to (a letter, upload or emblem whose transaction never
    /// committed) that are older than an hour. Files rows point to are never deleted.
    Rapikan {
        /// Dry run: only count what would be deleted.
        #[arg(long)]
        kering: bool,
    },
}

pub async fn run(config: Config, command: BerkasCommand) -> anyhow::Result<()> {
    let BerkasCommand::Rapikan { kering } = command;
    let db = Db::connect(&config.database_url, 2).await?;
    db.migrate().await?;
    let files = FileStore::open(&config).await?;
    println!("Penyimpanan: {}", files.describe());
    let result = sweep::sweep_now(&db, &files, kering).await?;
    for line in result.report(kering) {
        println!("{line}");
    }
    if result.failed > 0 {
        anyhow::bail!("{} berkas tanpa rujukan gagal dihapus", result.failed);
    }
    Ok(())
}
