//! The notification outbox, people's contacts and their notification settings.

use super::{Tx, decode};
use domain::ContactChannel;
use sqlx::any::AnyRow;
use sqlx::{AnyExecutor, FromRow, Row};

/// Outbox statuses.
pub const PENDING: &str = "menunggu";
pub const SENT: &str = "terkirim";
pub const FAILED: &str = "gagal";
pub const NO_CHANNEL: &str = "tanpa_kanal";

pub struct NewNotification<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub request_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub channel: ContactChannel,
    pub address: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

pub async fn insert(tx: &mut Tx, n: &NewNotification<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notifications (id, kind, request_id, user_id, channel, address, subject, body, status, \
         attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'menunggu', 0, $9, $9)",
    )
    .bind(n.id)
    .bind(n.kind)
    .bind(n.request_id)
    .bind(n.user_id)
    .bind(n.channel.as_str())
    .bind(n.address)
    .bind(n.subject)
    .bind(n.body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct NotificationRow {
    pub id: String,
    pub kind: String,
    pub request_id: Option<String>,
    pub channel: ContactChannel,
    pub address: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

impl FromRow<'_, AnyRow> for NotificationRow {
    fn from_row(row: &AnyRow) -> sqlx::Result<NotificationRow> {
        Ok(NotificationRow {
            id: row.try_get("id")?,
            kind: row.try_get("kind")?,
            request_id: row.try_get("request_id")?,
            channel: decode(row, "channel", ContactChannel::parse)?,
            address: row.try_get("address")?,
            subject: row.try_get("subject")?,
            body: row.try_get("body")?,
            status: row.try_get("status")?,
            attempts: row.try_get("attempts")?,
            last_error: row.try_get("last_error")?,
            created_at: row.try_get("created_at")?,
            sent_at: row.try_get("sent_at")?,
        })
    }
}

const SELECT: &str = "SELECT id, kind, request_id, channel, address, subject, body, status, attempts, last_error, \
     created_at, sent_at FROM notifications";

/// Rows due for delivery and not claimed by a live worker, oldest first.
pub async fn due<'e>(ex: impl AnyExecutor<'e>, now: i64, limit: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT id FROM notifications WHERE status = 'menunggu' AND next_attempt_at <= $1 \
         AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY next_attempt_at LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Claims row `id` for `node` until `until`, if it is still to be sent and nobody holds a live
/// claim. One statement: of two nodes racing for it, one wins.
pub async fn claim<'e>(ex: impl AnyExecutor<'e>, id: &str, node: &str, now: i64, until: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE notifications SET claimed_by = $2, claimed_until = $3 \
         WHERE id = $1 AND status = 'menunggu' AND (claimed_until IS NULL OR claimed_until < $4)",
    )
    .bind(id)
    .bind(node)
    .bind(until)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<NotificationRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE id = $1")).bind(id).fetch_optional(ex).await
}

/// Records the outcome of `node`'s attempt: `status` (sent, failed for good, no channel, or
/// still pending with `next_attempt_at`), one more attempt, the error if any; the claim ends.
/// False when the claim was no longer this node's.
#[allow(clippy::too_many_arguments)]
pub async fn finish<'e>(
    ex: impl AnyExecutor<'e>,
    id: &str,
    node: &str,
    status: &str,
    error: Option<&str>,
    next_attempt_at: i64,
    attempted: bool,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE notifications SET status = $3, last_error = COALESCE($4, last_error), next_attempt_at = $5, \
         attempts = attempts + $6, sent_at = CASE WHEN $3 = 'terkirim' THEN $7 ELSE sent_at END, \
         claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2",
    )
    .bind(id)
    .bind(node)
    .bind(status)
    .bind(error)
    .bind(next_attempt_at)
    .bind(i64::from(attempted))
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many rows are in each status (metrics, the admin's view).
pub async fn count_by_status<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT status, COUNT(*) FROM notifications GROUP BY status").fetch_all(ex).await
}

/// The latest rows not sent (failed, undeliverable or still waiting), newest first.
pub async fn unsent<'e>(ex: impl AnyExecutor<'e>, limit: i64) -> sqlx::Result<Vec<NotificationRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE status <> 'terkirim' ORDER BY created_at DESC LIMIT $1"))
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// Every row about a request, oldest first.
pub async fn for_request<'e>(ex: impl AnyExecutor<'e>, request_id: &str) -> sqlx::Result<Vec<NotificationRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE request_id = $1 ORDER BY created_at, id"))
        .bind(request_id)
        .fetch_all(ex)
        .await
}

/// Where messages about a request go: the resident it concerns (the requester online; at the
/// counter, the account of the person it is about, if any), when they have a verified contact
/// on their chosen channel and have not turned messages off. (user id, channel, address).
pub async fn resident_target(tx: &mut Tx, request_id: &str) -> sqlx::Result<Option<(String, ContactChannel, String)>> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT u.id, c.channel, c.address FROM requests r \
         JOIN users u ON u.id = CASE WHEN r.channel = 'loket' \
              THEN (SELECT s.id FROM users s WHERE s.nik = r.subject_nik) ELSE r.requester_user_id END \
         JOIN notification_settings ns ON ns.user_id = u.id AND ns.enabled = 1 \
         JOIN contacts c ON c.user_id = u.id AND c.channel = ns.channel AND c.verified_at IS NOT NULL \
         WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|(u, c, a)| Ok((u, ContactChannel::parse(&c).ok_or_else(|| super::undecodable("channel", &c))?, a)))
        .transpose()
}

// ---- contacts and settings ----

#[derive(Debug, Clone)]
pub struct ContactRow {
    pub channel: ContactChannel,
    pub address: String,
    pub verified_at: Option<i64>,
    pub code_hash: Option<String>,
    pub code_expires_at: Option<i64>,
}

impl FromRow<'_, AnyRow> for ContactRow {
    fn from_row(row: &AnyRow) -> sqlx::Result<ContactRow> {
        Ok(ContactRow {
            channel: decode(row, "channel", ContactChannel::parse)?,
            address: row.try_get("address")?,
            verified_at: row.try_get("verified_at")?,
            code_hash: row.try_get("code_hash")?,
            code_expires_at: row.try_get("code_expires_at")?,
        })
    }
}

pub async fn contacts<'e>(ex: impl AnyExecutor<'e>, user_id: &str) -> sqlx::Result<Vec<ContactRow>> {
    sqlx::query_as(
        "SELECT channel, address, verified_at, code_hash, code_expires_at FROM contacts WHERE user_id = $1 \
         ORDER BY channel",
    )
    .bind(user_id)
    .fetch_all(ex)
    .await
}

/// Sets (or replaces) the user's address on `channel`, unverified, with a fresh code.
pub async fn set_contact(
    tx: &mut Tx,
    user_id: &str,
    channel: ContactChannel,
    address: &str,
    code_hash: &str,
    expires_at: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO contacts (user_id, channel, address, verified_at, code_hash, code_expires_at, updated_at) \
         VALUES ($1, $2, $3, NULL, $4, $5, $6) \
         ON CONFLICT (user_id, channel) DO UPDATE SET address = excluded.address, verified_at = NULL, \
         code_hash = excluded.code_hash, code_expires_at = excluded.code_expires_at, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(channel.as_str())
    .bind(address)
    .bind(code_hash)
    .bind(expires_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks the contact verified if its code is still `code_hash`; the code is used up.
pub async fn verify_contact<'e>(
    ex: impl AnyExecutor<'e>,
    user_id: &str,
    channel: ContactChannel,
    code_hash: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE contacts SET verified_at = $4, code_hash = NULL, code_expires_at = NULL, updated_at = $4 \
         WHERE user_id = $1 AND channel = $2 AND code_hash = $3 AND code_expires_at >= $4",
    )
    .bind(user_id)
    .bind(channel.as_str())
    .bind(code_hash)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn remove_contact<'e>(ex: impl AnyExecutor<'e>, user_id: &str, channel: ContactChannel) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM contacts WHERE user_id = $1 AND channel = $2")
        .bind(user_id)
        .bind(channel.as_str())
        .execute(ex)
        .await?;
    Ok(())
}

/// The user's chosen channel and whether messages are on (None: never set).
pub async fn settings<'e>(
    ex: impl AnyExecutor<'e>,
    user_id: &str,
) -> sqlx::Result<Option<(Option<ContactChannel>, bool)>> {
    let row: Option<(Option<String>, i64)> =
        sqlx::query_as("SELECT channel, enabled FROM notification_settings WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(ex)
            .await?;
    Ok(row.map(|(c, e)| (c.as_deref().and_then(ContactChannel::parse), e == 1)))
}

pub async fn set_settings<'e>(
    ex: impl AnyExecutor<'e>,
    user_id: &str,
    channel: Option<ContactChannel>,
    enabled: bool,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notification_settings (user_id, channel, enabled, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET channel = excluded.channel, enabled = excluded.enabled, \
         updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(channel.map(ContactChannel::as_str))
    .bind(i64::from(enabled))
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

// ---- staff digests ----

/// A staff member who wants messages, with where they go and when their digests last went out.
#[derive(Debug, Clone)]
pub struct StaffTarget {
    pub user_id: String,
    pub role: String,
    pub office_code: String,
    pub channel: ContactChannel,
    pub address: String,
    pub queue_digest_at: i64,
    pub daily_digest_on: String,
}

pub async fn staff_targets<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<StaffTarget>> {
    let rows: Vec<(String, String, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT u.id, u.role, u.office_code, c.channel, c.address, ns.queue_digest_at, ns.daily_digest_on \
         FROM users u JOIN notification_settings ns ON ns.user_id = u.id AND ns.enabled = 1 \
         JOIN contacts c ON c.user_id = u.id AND c.channel = ns.channel AND c.verified_at IS NOT NULL \
         WHERE u.role IN ('petugas_kelurahan', 'lurah', 'petugas_kecamatan', 'camat') \
         AND u.office_code IS NOT NULL AND u.active = 1",
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|(user_id, role, office_code, channel, address, queue_digest_at, daily_digest_on)| {
            Ok(StaffTarget {
                user_id,
                role,
                office_code,
                channel: ContactChannel::parse(&channel).ok_or_else(|| super::undecodable("channel", &channel))?,
                address,
                queue_digest_at,
                daily_digest_on,
            })
        })
        .collect()
}

/// Requests of the office (kelurahan, or kecamatan when `kecamatan`) now in `status` that entered
/// it after `since` (unix ms).
pub async fn entered_queue_since<'e>(
    ex: impl AnyExecutor<'e>,
    office_code: &str,
    kecamatan: bool,
    status: &str,
    since: i64,
) -> sqlx::Result<i64> {
    let office = if kecamatan { "r.kecamatan_code" } else { "r.kelurahan_code" };
    sqlx::query_scalar(&format!(
        "SELECT COUNT(DISTINCT r.id) FROM requests r JOIN request_events e ON e.request_id = r.id \
         WHERE {office} = $1 AND r.status = $2 AND e.to_status = $2 AND e.at > $3"
    ))
    .bind(office_code)
    .bind(status)
    .bind(since)
    .fetch_one(ex)
    .await
}

pub async fn set_queue_digest_at(tx: &mut Tx, user_id: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE notification_settings SET queue_digest_at = $2 WHERE user_id = $1")
        .bind(user_id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_daily_digest_on(tx: &mut Tx, user_id: &str, day: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE notification_settings SET daily_digest_on = $2 WHERE user_id = $1")
        .bind(user_id)
        .bind(day)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
