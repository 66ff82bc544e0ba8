//! Supporting documents: uploaded first, linked to a request when it is submitted.

use sqlx::{AnyExecutor, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct AttachmentRow {
    pub id: String,
    pub owner_user_id: String,
    pub request_id: Option<String>,
    pub slot: Option<String>,
    pub active: i64,
    pub file_type: String,
    pub original_name: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub file_key: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, owner_user_id, request_id, slot, active, file_type, original_name, size_bytes, sha256, \
     file_key, created_at";

pub async fn insert<'e>(ex: impl AnyExecutor<'e>, a: &AttachmentRow) -> sqlx::Result<()> {
    sqlx::query(&format!("INSERT INTO attachments ({COLUMNS}) VALUES ($1, $2, NULL, NULL, 1, $3, $4, $5, $6, $7, $8)"))
        .bind(&a.id)
        .bind(&a.owner_user_id)
        .bind(&a.file_type)
        .bind(&a.original_name)
        .bind(a.size_bytes)
        .bind(&a.sha256)
        .bind(&a.file_key)
        .bind(a.created_at)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn get<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<AttachmentRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM attachments WHERE id = $1")).bind(id).fetch_optional(ex).await
}

/// The active attachments of a request, in slot order.
pub async fn for_request<'e>(ex: impl AnyExecutor<'e>, request_id: uuid::Uuid) -> sqlx::Result<Vec<AttachmentRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM attachments WHERE request_id = $1 AND active = 1 ORDER BY slot, created_at"
    ))
    .bind(request_id.to_string())
    .fetch_all(ex)
    .await
}

/// Links an unlinked upload of `owner` to a request's slot; false if it is not such an upload.
pub async fn link<'e>(
    ex: impl AnyExecutor<'e>,
    id: &str,
    owner: &str,
    request_id: uuid::Uuid,
    slot: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE attachments SET request_id = $1, slot = $2 WHERE id = $3 AND owner_user_id = $4 AND request_id IS NULL",
    )
    .bind(request_id.to_string())
    .bind(slot)
    .bind(id)
    .bind(owner)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a request's current attachment in a slot as replaced.
pub async fn retire<'e>(ex: impl AnyExecutor<'e>, request_id: uuid::Uuid, slot: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE attachments SET active = 0 WHERE request_id = $1 AND slot = $2 AND active = 1")
        .bind(request_id.to_string())
        .bind(slot)
        .execute(ex)
        .await?;
    Ok(())
}

/// How many files a user uploaded since `since` (unix ms), to cap abuse.
pub async fn count_since<'e>(ex: impl AnyExecutor<'e>, owner: &str, since: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE owner_user_id = $1 AND created_at >= $2")
        .bind(owner)
        .bind(since)
        .fetch_one(ex)
        .await
}

/// Deletes uploads never linked to a request that were made before `before` (unix ms); their
/// files become orphans for the sweep. Returns how many went.
pub async fn delete_unlinked_before<'e>(ex: impl AnyExecutor<'e>, before: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM attachments WHERE request_id IS NULL AND created_at < $1")
        .bind(before)
        .execute(ex)
        .await?
        .rows_affected())
}

/// How many uploads were never linked and were made before `before` (a dry run's count).
pub async fn count_unlinked_before<'e>(ex: impl AnyExecutor<'e>, before: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE request_id IS NULL AND created_at < $1")
        .bind(before)
        .fetch_one(ex)
        .await
}
