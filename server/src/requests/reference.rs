//! Reference codes for requests: drawn from the operating system's CSPRNG (see
//! `domain::reference` for the format), unique through the `requests.reference` index.

use crate::db::{self, Db, Tx, requests::NewRequest};
use domain::Reference;
use rand::RngCore;

/// How many codes to draw before giving up; with 729 million codes a second draw is already rare.
pub const TRIES: usize = 8;

/// A fresh random code.
pub fn draw() -> Reference {
    Reference::from_random(rand::rngs::OsRng.next_u64())
}

/// Stores a new request with a fresh code, drawing again in the rare case it is taken.
pub async fn insert(tx: &mut Tx, new: &NewRequest<'_>, now: i64) -> anyhow::Result<Reference> {
    for _ in 0..TRIES {
        let reference = draw();
        if db::requests::insert(&mut **tx, new, &reference, now).await? {
            return Ok(reference);
        }
    }
    anyhow::bail!("no free reference code after {TRIES} draws")
}

/// Gives every request stored without a code (before the notifications migration, or by a bulk
/// loader) a fresh one; run at start. Returns how many were filled.
pub async fn fill_missing(db: &Db) -> anyhow::Result<u64> {
    let mut filled = 0;
    loop {
        let ids = db::requests::without_reference(&db.pool, 500).await?;
        if ids.is_empty() {
            return Ok(filled);
        }
        for id in ids {
            let mut done = false;
            for _ in 0..TRIES {
                if db::requests::set_reference(&db.pool, &id, &draw()).await? {
                    done = true;
                    break;
                }
            }
            if done {
                filled += 1;
            } else {
                // Another node filled it meanwhile, or (practically never) every draw was taken.
                tracing::warn!(request_id = %id, "no reference code set for a request at start; trying at the next start");
                return Ok(filled);
            }
        }
    }
}
