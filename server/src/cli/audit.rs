//! `serambi audit periksa` and `serambi audit tampil`.

use crate::audit;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db};
use clap::Subcommand;
use domain::AuditAction;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole hash chain of the audit log; names the first broken event (exit code 1).
    Periksa,
    /// The latest events, newest first.
    Tampil {
        #[arg(long, default_value_t = 50)]
        jumlah: i64,
    },
}

pub async fn run(config: Config, command: AuditCommand) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 2).await?;
    db.migrate().await?;
    match command {
        AuditCommand::Periksa => check(&db).await,
        AuditCommand::Tampil { jumlah } => {
            let clock = Clock::new(config.utc_offset_hours(), &config.zona_waktu);
            show(&db, &clock, jumlah).await
        }
    }
}

async fn check(db: &Db) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    match audit::check(&db.pool).await? {
        Ok(events) => {
            let (_, hash) = db::audit::head(&db.pool).await?;
            println!(
                "Rantai audit utuh: {events} peristiwa diperiksa dalam {:.1} s; hash terakhir {hash}.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(broken) => anyhow::bail!("Rantai audit PUTUS: {broken}."),
    }
}

async fn show(db: &Db, clock: &Clock, limit: i64) -> anyhow::Result<()> {
    let rows = db::audit::list(&db.pool, &db::audit::Filter::default(), limit.clamp(1, 10_000)).await?;
    for r in rows {
        let e = r.row;
        let action = AuditAction::parse(&e.action).map_or(e.action.as_str(), |a| a.label());
        let actor = r.actor_name.as_deref().unwrap_or("baris perintah/sistem");
        println!("#{} {} · {action} · {actor} · {} {}", e.seq, clock.label(e.at), e.subject, e.detail);
    }
    Ok(())
}
