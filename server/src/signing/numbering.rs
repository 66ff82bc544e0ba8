//! Letter numbers without holding the database during the signature (security review,
//! finding 10). A number is printed in the letter and covered by its signature, so it must be
//! known before signing and given out only if the signature and the registration succeed: the
//! letters of one counter are signed one at a time. What keeps them one at a time is a lease on
//! the counter (a committed row with an expiry, renewed while held), not an open transaction:
//! a BSrE call of several seconds no longer holds SQLite's write lock (every other write of the
//! deployment waited for it) or a PostgreSQL transaction.
//!
//! Under the lease: read the counter, render and sign with the next number, store the file,
//! then in one short transaction take exactly that number (`db::counters::take`, which refuses
//! if the counter moved) with the letter's row. A failure or a `kill -9` anywhere before the
//! commit takes no number: the lease lapses by itself and the next letter gets it. Numbers stay
//! gapless and unique.

use crate::db::{self, Db};
use crate::error::Error;
use crate::tasks::Lease;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::OwnedMutexGuard;

/// A held counter lapses this long after its node stops.
const TTL: Duration = Duration::from_secs(20);
/// How long a letter waits for the counter (another letter of the office being signed, or a
/// stopped node's lease lapsing).
const WAIT: Duration = Duration::from_secs(60);

/// The lease's name for an office's counter of a scope and year.
fn lease_name(office: &str, scope: &str, year: i64) -> String {
    format!("nomor:{office}:{scope}:{year}")
}

/// Letters of one counter being signed on this node queue here, first come first served, so
/// only one of them at a time asks the database for the lease (no polling among themselves).
/// Keyed by node and lease name; a few entries per office and year.
static ON_THIS_NODE: LazyLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> = LazyLock::new(Default::default);

/// The counter held for one letter: the lease (across nodes) and this node's turn.
pub struct Held {
    lease: Lease,
    _turn: OwnedMutexGuard<()>,
}

impl Held {
    /// Lets the counter go: the lease first, then this node's next letter gets its turn.
    pub async fn release(self) {
        self.lease.release().await;
    }
}

/// Holds the counter for one letter (`node` and `letter` name the holder); waits while another
/// letter holds it, on this node or another.
pub async fn hold(db: &Db, node: &str, letter: &str, office: &str, scope: &str, year: i64) -> Result<Held, Error> {
    let name = lease_name(office, scope, year);
    let busy = || {
        tracing::warn!(office, scope, year, "letter number counter busy for too long");
        Error::Conflict(
            "Penomoran surat kantor ini sedang dipakai penandatanganan lain terlalu lama. Coba lagi sebentar lagi."
                .into(),
        )
    };
    let started = Instant::now();
    let queue = {
        let mut all = ON_THIS_NODE.lock().unwrap_or_else(|e| e.into_inner());
        all.entry(format!("{node}/{name}")).or_default().clone()
    };
    let turn = tokio::time::timeout(WAIT, queue.lock_owned()).await.map_err(|_| busy())?;
    let holder = format!("{node}/{letter}");
    let mut pause = Duration::from_millis(2);
    loop {
        if let Some(lease) = Lease::take(db, name.clone(), holder.clone(), TTL).await? {
            return Ok(Held { lease, _turn: turn });
        }
        // Another node's letter (or a stopped node's lease, until it lapses).
        if started.elapsed() > WAIT {
            return Err(busy());
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// The number the next letter of the counter gets (read under the lease).
pub async fn next(db: &Db, office: &str, scope: &str, year: i64) -> sqlx::Result<i64> {
    Ok(db::counters::last(&db.pool, office, scope, year).await? + 1)
}
