//! Staff digests, written by a periodic task that runs on one node at a time: officials hear
//! about new requests in their queue at most once per `SERAMBI_NOTIF_RINGKASAN_MENIT`, and lurah
//! and camat get, once a day from `SERAMBI_NOTIF_HARIAN_JAM`, the number of letters waiting for
//! their signature. Each digest's row and the "last sent" mark are one transaction.

use super::{outbox, texts};
use crate::Services;
use crate::db::{self, notifications as q};
use chrono::Timelike;
use domain::RequestStatus;
use std::sync::Arc;
use std::time::Duration;

/// Starts the periodic task (every minute, one node per round).
pub fn spawn(s: Arc<Services>) -> tokio::task::JoinHandle<()> {
    let (shared, node) = (s.db.clone(), s.node.clone());
    crate::tasks::every(shared, node, "notifikasi-ringkasan", Duration::from_secs(60), move || {
        let s = s.clone();
        async move { run(&s, db::now_ms()).await }
    })
}

/// The status that waits for `role`, and whether its queue is the kecamatan's.
fn waiting_for(role: &str) -> Option<(RequestStatus, bool)> {
    match role {
        "petugas_kelurahan" => Some((RequestStatus::Diajukan, false)),
        "lurah" => Some((RequestStatus::Diverifikasi, false)),
        "petugas_kecamatan" => Some((RequestStatus::Diteruskan, true)),
        "camat" => Some((RequestStatus::DiverifikasiKecamatan, true)),
        _ => None,
    }
}

/// One round at `now`: writes the digests that are due.
pub async fn run(s: &Services, now: i64) -> anyhow::Result<()> {
    let every = s.config.notif_digest_minutes.max(1) as i64 * 60_000;
    let local = s.clock.local(now);
    let today = local.date_naive().to_string();
    let daily_due = local.hour() >= s.config.notif_daily_hour;
    let base = s.config.public_url.trim_end_matches('/');
    for t in q::staff_targets(&s.db.pool).await? {
        let Some((status, kecamatan)) = waiting_for(&t.role) else { continue };
        if now - t.queue_digest_at >= every {
            let since = t.queue_digest_at.max(now - 24 * 3600 * 1000);
            let fresh = q::entered_queue_since(&s.db.pool, &t.office_code, kecamatan, status.as_str(), since).await?;
            if fresh > 0 {
                let mut tx = s.db.begin().await?;
                let text = texts::queue_digest(fresh, &format!("{base}/antrian"));
                outbox::add(&mut tx, &text, t.channel, &t.address, Some(t.user_id.as_str()), None, db::now_ms())
                    .await?;
                q::set_queue_digest_at(&mut tx, &t.user_id, now).await?;
                tx.commit().await?;
            }
        }
        let signs = matches!(t.role.as_str(), "lurah" | "camat");
        if signs && daily_due && t.daily_digest_on != today {
            let waiting = q::entered_queue_since(&s.db.pool, &t.office_code, kecamatan, status.as_str(), 0).await?;
            let mut tx = s.db.begin().await?;
            if waiting > 0 {
                let text = texts::signature_digest(waiting, &format!("{base}/antrian"));
                outbox::add(&mut tx, &text, t.channel, &t.address, Some(t.user_id.as_str()), None, db::now_ms())
                    .await?;
            }
            q::set_daily_digest_on(&mut tx, &t.user_id, &today).await?;
            tx.commit().await?;
        }
    }
    s.outbox_wake.notify_one();
    Ok(())
}
