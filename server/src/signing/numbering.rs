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
use std::time::{Duration, Instant};

/// A held counter lapses this long after its node stops.
const TTL: Duration = Duration::from_secs(20);
/// How long a letter waits for the counter (another letter of the office being signed, or a
/// stopped node's lease lapsing).
const WAIT: Duration = Duration::from_secs(60);

/// The lease's name for an office's counter of a scope and year.
fn lease_name(office: &str, scope: &str, year: i64) -> String {
    format!("nomor:{office}:{scope}:{year}")
}

/// Holds the counter for one letter (`holder` names the node and the letter); waits while
/// another letter holds it.
pub async fn hold(db: &Db, holder: String, office: &str, scope: &str, year: i64) -> Result<Lease, Error> {
    let name = lease_name(office, scope, year);
    let started = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        if let Some(lease) = Lease::take(db, name.clone(), holder.clone(), TTL).await? {
            return Ok(lease);
        }
        if started.elapsed() > WAIT {
            tracing::warn!(office, scope, year, "letter number counter busy for too long");
            return Err(Error::Conflict(
                "Penomoran surat kantor ini sedang dipakai penandatanganan lain terlalu lama. Coba lagi sebentar lagi."
                    .into(),
            ));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// The number the next letter of the counter gets (read under the lease).
pub async fn next(db: &Db, office: &str, scope: &str, year: i64) -> sqlx::Result<i64> {
    Ok(db::counters::last(&db.pool, office, scope, year).await? + 1)
}
