//! Delivery: every app node runs a worker that takes due outbox rows, claims each one atomically
//! (so two nodes never send the same row at once), sends it through its channel and records the
//! outcome. A failed attempt is retried with exponential backoff up to a limit, then the row is
//! failed for good with its last error. A node that dies mid-send loses its claim after
//! [`CLAIM`]; another node (or the same one restarted) then sends the row. Delivery is
//! at-least-once: a crash between the channel's acceptance and the row's update sends it again
//! (e-mail carries the row id as Message-ID so such a duplicate is recognisable).

use super::channel::{Outgoing, SendError};
use crate::Services;
use crate::db::{self, notifications as q};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How long a claim lasts: well above the channels' own timeouts (20 s).
pub const CLAIM: Duration = Duration::from_secs(120);
/// Rows taken per round.
const BATCH: i64 = 32;
/// Longest wait between two attempts.
const MAX_BACKOFF_MS: i64 = 6 * 3600 * 1000;

/// Starts this node's worker: it looks for due rows every `SERAMBI_NOTIF_POLL_MS` when idle and
/// at once when a round was full.
pub fn spawn(s: Arc<Services>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let idle = Duration::from_millis(s.config.notif_poll_ms.max(50));
        loop {
            match round(&s).await {
                Ok(n) if n as i64 >= BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "notifications: delivery round failed; trying again"),
            }
            tokio::select! {
                _ = tokio::time::sleep(idle) => {}
                _ = s.outbox_wake.notified() => {}
            }
        }
    })
}

/// One round: claims and delivers what is due now; how many rows it looked at.
pub async fn round(s: &Services) -> anyhow::Result<usize> {
    let now = db::now_ms();
    let ids = q::due(&s.db.pool, now, BATCH).await?;
    for id in &ids {
        let now = db::now_ms();
        if !q::claim(&s.db.pool, id, &s.node, now, now + CLAIM.as_millis() as i64).await? {
            continue; // another node took it
        }
        let Some(row) = q::get(&s.db.pool, id).await? else { continue };
        deliver(s, row).await?;
    }
    Ok(ids.len())
}

async fn deliver(s: &Services, row: q::NotificationRow) -> anyhow::Result<()> {
    let channel = row.channel.as_str();
    let Some(sender) = s.channels.get(row.channel) else {
        let error = format!("kanal {} tidak dikonfigurasi di server ini", row.channel.label());
        q::finish(&s.db.pool, &row.id, &s.node, q::NO_CHANNEL, Some(&error), 0, false, db::now_ms()).await?;
        crate::metrics::notification(channel, "tanpa_kanal");
        tracing::warn!(notification = %row.id, kind = %row.kind, channel, "notification undeliverable: no such channel configured");
        return Ok(());
    };
    let message = Outgoing { id: row.id.clone(), to: row.address.clone(), subject: row.subject, text: row.body };
    let started = std::time::Instant::now();
    let outcome = match tokio::time::timeout(Duration::from_secs(60), sender.send(&message)).await {
        Ok(r) => r,
        Err(_) => Err(SendError::Temporary("tidak ada jawaban dalam 60 detik".into())),
    };
    let now = db::now_ms();
    let attempts = row.attempts + 1;
    let (status, error, next, label) = match &outcome {
        Ok(()) => (q::SENT, None, now, "terkirim"),
        Err(SendError::Permanent(e)) => (q::FAILED, Some(e.as_str()), now, "gagal"),
        Err(SendError::Temporary(e)) if attempts >= s.config.notif_max_attempts as i64 => {
            (q::FAILED, Some(e.as_str()), now, "gagal")
        }
        Err(SendError::Temporary(e)) => (q::PENDING, Some(e.as_str()), now + backoff(s, attempts), "dicoba_lagi"),
    };
    if !q::finish(&s.db.pool, &row.id, &s.node, status, error, next, true, now).await? {
        tracing::warn!(notification = %row.id, "notification claim lapsed during delivery; another node owns it");
    }
    crate::metrics::notification(channel, label);
    crate::metrics::notification_latency(channel, started.elapsed().as_secs_f64());
    match error {
        None => tracing::info!(notification = %row.id, kind = %row.kind, channel, "notification sent"),
        Some(e) => {
            tracing::warn!(notification = %row.id, kind = %row.kind, channel, attempts, outcome = label, error = %e, "notification not sent")
        }
    }
    Ok(())
}

/// The wait before attempt `attempts + 1`: the base doubled per attempt, capped at six hours.
fn backoff(s: &Services, attempts: i64) -> i64 {
    let base = (s.config.notif_backoff_s.max(1) * 1000) as i64;
    base.saturating_mul(1i64 << (attempts - 1).clamp(0, 20)).min(MAX_BACKOFF_MS)
}
