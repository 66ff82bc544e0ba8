//! An import while it runs, across app nodes: the lease that keeps it the only one, its
//! progress in its `population_imports` row, and the sweep of imports whose node stopped.

use super::import::Progress;
use crate::db::{self, Db, Engine};
use crate::tasks::Lease;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::task::JoinHandle;

/// The lease a population import holds while it runs (web upload or command line).
pub const LEASE: &str = "import-penduduk";
/// Renewed every 10 s; a stopped node's import lease lapses within 30 s.
const LEASE_TTL: Duration = Duration::from_secs(30);
/// How often the running import's row is brought up to date.
const PUBLISH_EVERY: Duration = Duration::from_secs(1);
/// How often one node looks for imports cut off by a stopped node.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// What a second import start is told while one runs, on any node.
pub const BUSY: &str = "Impor lain sedang berjalan. Tunggu sampai selesai, lalu unggah lagi.";

/// Takes the import lease for `holder`; None while another import runs.
pub async fn take_lease(db: &Db, holder: String) -> sqlx::Result<Option<Lease>> {
    // Looked at first, without writing: on SQLite a running import holds the one write lock
    // for its whole length, so taking the lease would wait for it to end (and then win) instead
    // of telling the second start that an import is running.
    if db::leases::holder(&db.pool, LEASE, db::now_ms()).await?.is_some_and(|h| h != holder) {
        return Ok(None);
    }
    Lease::take(db, LEASE, holder, LEASE_TTL).await
}

/// Writes the progress of import `id` to its row about once a second, until dropped.
///
/// On SQLite nothing is written: its one writer is the import's own transaction, and an SQLite
/// deployment is one node, whose page reads the progress from memory (`upload::Job`).
pub fn publish(db: &Db, id: &str, progress: Arc<Progress>) -> Option<Publisher> {
    if db.engine != Engine::Postgres {
        return None;
    }
    let (db, id) = (db.clone(), id.to_string());
    Some(Publisher(tokio::spawn(async move {
        let mut last = (u64::MAX, "");
        loop {
            tokio::time::sleep(PUBLISH_EVERY).await;
            let now = (progress.rows.load(Ordering::Relaxed), progress.phase());
            if now == last {
                continue;
            }
            match db::imports::set_progress(&db.pool, &id, now.0, now.1).await {
                Ok(()) => last = now,
                Err(e) => tracing::warn!(import_id = %id, error = %e, "cannot record the import's progress"),
            }
        }
    })))
}

/// Stops the progress writer when dropped.
pub struct Publisher(JoinHandle<()>);

impl Drop for Publisher {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Marks imports failed that are shown as running while no node holds the import lease
/// (`except`: one this process runs).
pub async fn fail_interrupted(db: &Db, except: &str) -> sqlx::Result<u64> {
    let failed = db::imports::fail_interrupted(&db.pool, LEASE, except, db::now_ms()).await?;
    if failed > 0 {
        tracing::warn!(imports = failed, "population imports cut off by a stopped node were marked failed");
    }
    Ok(failed)
}

/// Every minute, on one node: imports cut off by a stopped node are marked failed.
pub fn sweep(services: &Arc<crate::Services>) -> JoinHandle<()> {
    let s = services.clone();
    crate::tasks::every(services.db.clone(), services.node.clone(), "sapu-impor", SWEEP_EVERY, move || {
        let s = s.clone();
        async move {
            let running = s.import_job.running_id().unwrap_or_default();
            fail_interrupted(&s.db, &running).await?;
            Ok(())
        }
    })
}
