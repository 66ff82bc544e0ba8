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
