use sqlx::{AnyExecutor, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct Letter {
    pub id: String,
    pub request_id: String,
    pub office_code: String,
    pub number: String,
    pub file_key: String,
    pub signer_official_id: String,
    pub signer_name: String,
    pub signer_position: String,
    pub signer_nip: String,
    pub signed_at: i64,
    pub sha256: String,
    pub size_bytes: i64,
    /// `pades`, `bsre` or `terdaftar`.
    pub signature_kind: String,
    pub cert_subject: String,
    pub cert_serial: String,
    pub cert_issuer: String,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
}

const COLUMNS: &str = "id, request_id, office_code, number, file_key, signer_official_id, signer_name, \
     signer_position, signer_nip, signed_at, sha256, size_bytes, signature_kind, cert_subject, cert_serial, \
     cert_issuer, revoked_at, revoked_reason";

pub async fn insert<'e>(ex: impl AnyExecutor<'e>, l: &Letter) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO letters ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, NULL, NULL)"
    ))
    .bind(&l.id)
    .bind(&l.request_id)
    .bind(&l.office_code)
    .bind(&l.number)
    .bind(&l.file_key)
    .bind(&l.signer_official_id)
    .bind(&l.signer_name)
    .bind(&l.signer_position)
    .bind(&l.signer_nip)
    .bind(l.signed_at)
    .bind(&l.sha256)
    .bind(l.size_bytes)
    .bind(&l.signature_kind)
    .bind(&l.cert_subject)
    .bind(&l.cert_serial)
    .bind(&l.cert_issuer)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn by_request<'e>(ex: impl AnyExecutor<'e>, request_id: uuid::Uuid) -> sqlx::Result<Option<Letter>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM letters WHERE request_id = $1"))
        .bind(request_id.to_string())
        .fetch_optional(ex)
        .await
}

pub async fn get<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<Letter>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM letters WHERE id = $1")).bind(id).fetch_optional(ex).await
}

/// Marks a letter revoked; false when it already was.
pub async fn revoke<'e>(ex: impl AnyExecutor<'e>, id: &str, reason: &str, now: i64) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE letters SET revoked_at = $1, revoked_reason = $2 WHERE id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(reason)
            .bind(id)
            .execute(ex)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// How many letters are revoked and when the newest was: the verification cache's watch.
pub async fn revocations<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<(i64, Option<i64>)> {
    sqlx::query_as("SELECT COUNT(*), MAX(revoked_at) FROM letters WHERE revoked_at IS NOT NULL").fetch_one(ex).await
}

/// A letter with what the public verification page shows.
#[derive(Debug, Clone, FromRow)]
pub struct PublicRow {
    #[sqlx(flatten)]
    pub letter: Letter,
    pub office_name: String,
    pub office_kind: String,
    pub letter_type: String,
    pub snapshot_json: String,
}

pub async fn public<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<PublicRow>> {
    let cols: Vec<String> = COLUMNS.split(", ").map(|c| format!("l.{}", c.trim())).collect();
    sqlx::query_as(&format!(
        "SELECT {}, o.name AS office_name, o.kind AS office_kind, r.letter_type, r.snapshot_json \
         FROM letters l JOIN offices o ON o.code = l.office_code JOIN requests r ON r.id = l.request_id \
         WHERE l.id = $1",
        cols.join(", ")
    ))
    .bind(id)
    .fetch_optional(ex)
    .await
}
