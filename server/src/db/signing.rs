//! The certificate authority and the officials' signing certificates.

use sqlx::{AnyExecutor, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct Authority {
    pub id: String,
    pub subject: String,
    pub serial: String,
    pub certificate_hex: String,
    pub encrypted_key_hex: String,
    pub not_before: i64,
    pub not_after: i64,
}

const AUTHORITY: &str = "id, subject, serial, certificate_hex, encrypted_key_hex, not_before, not_after";

/// The CA new certificates are issued by.
pub async fn active_authority<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Option<Authority>> {
    sqlx::query_as(&format!(
        "SELECT {AUTHORITY} FROM signing_authorities WHERE active = 1 ORDER BY created_at DESC LIMIT 1"
    ))
    .fetch_optional(ex)
    .await
}

pub async fn authority<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<Authority>> {
    sqlx::query_as(&format!("SELECT {AUTHORITY} FROM signing_authorities WHERE id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

pub async fn insert_authority<'e>(ex: impl AnyExecutor<'e>, a: &Authority, now: i64) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO signing_authorities ({AUTHORITY}, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)"
    ))
    .bind(&a.id)
    .bind(&a.subject)
    .bind(&a.serial)
    .bind(&a.certificate_hex)
    .bind(&a.encrypted_key_hex)
    .bind(a.not_before)
    .bind(a.not_after)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Marks the active CA as the demo's (its passphrase is published).
pub async fn mark_demo_authority<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<()> {
    sqlx::query("UPDATE signing_authorities SET demo = 1 WHERE active = 1").execute(ex).await?;
    Ok(())
}

/// Whether an active CA is the demo's.
pub async fn demo_authority_present<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signing_authorities WHERE active = 1 AND demo = 1")
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

#[derive(Debug, Clone, FromRow)]
pub struct Certificate {
    pub id: String,
    pub official_id: String,
    pub authority_id: String,
    pub subject: String,
    pub serial: String,
    pub certificate_hex: String,
    pub encrypted_key_hex: String,
    pub not_before: i64,
    pub not_after: i64,
    pub revoked_at: Option<i64>,
}

const CERTIFICATE: &str = "id, official_id, authority_id, subject, serial, certificate_hex, encrypted_key_hex, \
     not_before, not_after, revoked_at";

/// The official's current certificate (the newest that is not revoked).
pub async fn current_certificate<'e>(ex: impl AnyExecutor<'e>, official_id: &str) -> sqlx::Result<Option<Certificate>> {
    sqlx::query_as(&format!(
        "SELECT {CERTIFICATE} FROM signing_certificates WHERE official_id = $1 AND revoked_at IS NULL \
         ORDER BY created_at DESC LIMIT 1"
    ))
    .bind(official_id)
    .fetch_optional(ex)
    .await
}

/// Every official's current certificate, for listing.
pub async fn current_certificates<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<Certificate>> {
    sqlx::query_as(&format!(
        "SELECT {CERTIFICATE} FROM signing_certificates WHERE revoked_at IS NULL ORDER BY official_id, created_at"
    ))
    .fetch_all(ex)
    .await
}

/// Stores a new certificate and retires the official's earlier ones, in the caller's transaction.
pub async fn replace_certificate(tx: &mut super::Tx, c: &Certificate, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE signing_certificates SET revoked_at = $1 WHERE official_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(&c.official_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO signing_certificates ({CERTIFICATE}, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10)"
    ))
    .bind(&c.id)
    .bind(&c.official_id)
    .bind(&c.authority_id)
    .bind(&c.subject)
    .bind(&c.serial)
    .bind(&c.certificate_hex)
    .bind(&c.encrypted_key_hex)
    .bind(c.not_before)
    .bind(c.not_after)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Withdraws the official's current certificate (an administrator's decision, with a reason).
pub async fn revoke_certificates<'e>(
    ex: impl AnyExecutor<'e>,
    official_id: &str,
    reason: &str,
    by: Option<&str>,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE signing_certificates SET revoked_at = $2, revoked_reason = $3, revoked_by = $4 \
         WHERE official_id = $1 AND revoked_at IS NULL",
    )
    .bind(official_id)
    .bind(now)
    .bind(reason)
    .bind(by)
    .execute(ex)
    .await?
    .rows_affected())
}

/// The same key under a new passphrase (the certificate is unchanged).
pub async fn reseal_certificate<'e>(ex: impl AnyExecutor<'e>, id: &str, encrypted_key_hex: &str) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE signing_certificates SET encrypted_key_hex = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(id)
            .bind(encrypted_key_hex)
            .execute(ex)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// An official's request for a certificate, with the key made when they asked.
#[derive(Debug, Clone, FromRow)]
pub struct CertificateRequest {
    pub id: String,
    pub official_id: String,
    pub requested_by: String,
    pub public_key_hex: String,
    pub encrypted_key_hex: String,
    pub status: String,
    pub created_at: i64,
}

/// A waiting request with who it is for, for the administrators' list.
#[derive(Debug, Clone, FromRow)]
pub struct PendingRequest {
    #[sqlx(flatten)]
    pub request: CertificateRequest,
    pub official_name: String,
    pub position: String,
    pub office_code: String,
    pub office_name: String,
}

const REQUEST: &str =
    "q.id, q.official_id, q.requested_by, q.public_key_hex, q.encrypted_key_hex, q.status, q.created_at";

pub async fn insert_request<'e>(ex: impl AnyExecutor<'e>, r: &CertificateRequest) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO certificate_requests (id, official_id, requested_by, public_key_hex, encrypted_key_hex, status, \
         created_at) VALUES ($1, $2, $3, $4, $5, 'menunggu', $6)",
    )
    .bind(&r.id)
    .bind(&r.official_id)
    .bind(&r.requested_by)
    .bind(&r.public_key_hex)
    .bind(&r.encrypted_key_hex)
    .bind(r.created_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// A new request replaces an earlier one still waiting.
pub async fn cancel_requests<'e>(ex: impl AnyExecutor<'e>, official_id: &str, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE certificate_requests SET status = 'dibatalkan', decided_at = $2 \
         WHERE official_id = $1 AND status = 'menunggu'",
    )
    .bind(official_id)
    .bind(now)
    .execute(ex)
    .await?
    .rows_affected())
}

pub async fn pending_requests<'e>(ex: impl AnyExecutor<'e>, office: Option<&str>) -> sqlx::Result<Vec<PendingRequest>> {
    sqlx::query_as(&format!(
        "SELECT {REQUEST}, f.name AS official_name, f.position, f.office_code, o.name AS office_name \
         FROM certificate_requests q JOIN officials f ON f.id = q.official_id JOIN offices o ON o.code = f.office_code \
         WHERE q.status = 'menunggu' AND ($1 = '' OR f.office_code = $1) ORDER BY q.created_at"
    ))
    .bind(office.unwrap_or(""))
    .fetch_all(ex)
    .await
}

pub async fn request<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<CertificateRequest>> {
    sqlx::query_as(&format!("SELECT {REQUEST} FROM certificate_requests q WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

pub async fn pending_request_of<'e>(
    ex: impl AnyExecutor<'e>,
    official_id: &str,
) -> sqlx::Result<Option<CertificateRequest>> {
    sqlx::query_as(&format!(
        "SELECT {REQUEST} FROM certificate_requests q WHERE q.official_id = $1 AND q.status = 'menunggu' \
         ORDER BY q.created_at DESC LIMIT 1"
    ))
    .bind(official_id)
    .fetch_optional(ex)
    .await
}

/// Decides a waiting request (`diterbitkan` or `ditolak`); false when it was no longer waiting.
pub async fn decide_request<'e>(
    ex: impl AnyExecutor<'e>,
    id: &str,
    status: &str,
    by: &str,
    note: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE certificate_requests SET status = $2, decided_by = $3, note = $4, decided_at = $5 \
         WHERE id = $1 AND status = 'menunggu'",
    )
    .bind(id)
    .bind(status)
    .bind(by)
    .bind(note)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}
