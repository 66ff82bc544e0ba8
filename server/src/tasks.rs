//! Work that runs on one app node at a time: a lease held while something runs (the
//! population import), and periodic tasks that run once per period across all nodes.
//!
//! Nodes name themselves with a random id at start (`Services::node`); a lease's holder is that
//! id, or the id and what it runs (`<node>/<import id>`).

use crate::db::{self, Db};
use std::future::Future;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

/// A lease this process holds, renewed in the background every third of its time to live
/// until it is released (or dropped: it then lapses by itself).
pub struct Lease {
    db: Db,
    name: String,
    holder: String,
    renewer: JoinHandle<()>,
}

impl Lease {
    /// Takes `name` for `holder`; None when someone else holds it.
    pub async fn take(db: &Db, name: impl Into<String>, holder: String, ttl: Duration) -> sqlx::Result<Option<Lease>> {
        let name = name.into();
        let now = db::now_ms();
        if !db::leases::try_take(&db.pool, &name, &holder, now, now + millis(ttl)).await? {
            return Ok(None);
        }
        tracing::debug!(lease = %name, %holder, "lease taken");
        let renewer = tokio::spawn(renew(db.clone(), name.clone(), holder.clone(), ttl));
        Ok(Some(Lease { db: db.clone(), name, holder, renewer }))
    }

    pub async fn release(self) {
        self.renewer.abort();
        if let Err(e) = db::leases::release(&self.db.pool, &self.name, &self.holder).await {
            tracing::warn!(lease = %self.name, error = %e, "cannot release a lease; it lapses by itself");
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.renewer.abort();
    }
}

async fn renew(db: Db, name: String, holder: String, ttl: Duration) {
    let mut tick = tokio::time::interval(ttl / 3);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    tick.tick().await; // the first tick is now: the lease was just taken
    loop {
        tick.tick().await;
        match db::leases::renew(&db.pool, &name, &holder, db::now_ms() + millis(ttl)).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::error!(lease = %name, %holder, "lease lost: it lapsed and another holder took it");
                return;
            }
            Err(e) => tracing::warn!(lease = %name, error = %e, "cannot renew a lease; trying again"),
        }
    }
}

/// Runs `work` every `period` on one node at a time: each round, the node that holds lease
/// `name` (or can take it) runs it and the others skip the round. The lease lasts two periods,
/// so when its node stops another takes over within two periods.
pub fn every<F, Fut>(db: Db, node: String, name: &'static str, period: Duration, work: F) -> JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = db::now_ms();
            match db::leases::try_take(&db.pool, name, &node, now, now + 2 * millis(period)).await {
                Ok(true) => {
                    if let Err(e) = work().await {
                        tracing::warn!(task = name, error = %e, "periodic task failed; trying again next round");
                    }
                }
                Ok(false) => tracing::trace!(task = name, "another node runs this round"),
                Err(e) => tracing::warn!(task = name, error = %e, "cannot take a periodic task's lease"),
            }
        }
    })
}

fn millis(d: Duration) -> i64 {
    d.as_millis().min(i64::MAX as u128) as i64
}
