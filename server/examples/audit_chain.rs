//! The audit log's cost: appends N events (each in its own transaction, as a login's event is),
//! from 8 tasks at once so they queue on the chain's head, then checks the whole chain.
//!
//! cargo run -p server --example audit_chain -- 20000                      # SQLite (temp file)
//! cargo run -p server --example audit_chain -- 20000 postgres://postgres@127.0.0.1:5432/test
//!
//! The PostgreSQL form creates and drops its own database next to the one named.

use server::audit::{self, Event};
use server::db::Db;
use std::time::Instant;

const TASKS: usize = 8;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let dir = tempfile::tempdir()?;
    let (url, drop_after) = match std::env::args().nth(2) {
        Some(base) => {
            sqlx::any::install_default_drivers();
            let name = format!("serambi_audit_{}", uuid::Uuid::new_v4().simple());
            let admin = sqlx::AnyPool::connect(&base).await?;
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await?;
            let (server, _) = base.rsplit_once('/').expect("URL ends with /DATABASE");
            (format!("{server}/{name}"), Some((admin, name)))
        }
        None => (format!("sqlite://{}?mode=rwc", dir.path().join("serambi.db").display()), None),
    };
    let engine = if drop_after.is_some() { "PostgreSQL" } else { "SQLite" };
    let db = Db::connect(&url, TASKS as u32).await?;
    db.migrate().await?;

    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let db = db.clone();
            tokio::spawn(async move {
                for i in (t..n).step_by(TASKS) {
                    let mut tx = db.begin().await?;
                    let detail = format!("gagal; dari 10.0.{}.{}", i / 250 % 250, i % 250);
                    let e = Event::new(domain::AuditAction::MasukGagal, None).subject("masuk:uji").detail(&detail);
                    audit::record(&mut tx, e).await?;
                    tx.commit().await?;
                }
                anyhow::Ok(())
            })
        })
        .collect();
    for t in tasks {
        t.await??;
    }
    let appended = started.elapsed();
    let started = Instant::now();
    let checked = audit::check(&db.pool).await?.map_err(|b| anyhow::anyhow!("{b}"))?;
    let check = started.elapsed();
    println!(
        "{engine}: {n} events appended by {TASKS} tasks in {:.2} s ({:.0}/s); chain of {checked} checked in {:.2} s ({:.0}/s)",
        appended.as_secs_f64(),
        n as f64 / appended.as_secs_f64(),
        check.as_secs_f64(),
        checked as f64 / check.as_secs_f64()
    );
    db.pool.close().await;
    if let Some((admin, name)) = drop_after {
        sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&admin).await?;
    }
    Ok(())
}
