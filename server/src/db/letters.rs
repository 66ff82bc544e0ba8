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
}

const COLUMNS: &str = "id, request_id, office_code, number, file_key, signer_official_id, signer_name, \
     signer_position, signer_nip, signed_at, sha256, size_bytes";

pub async fn insert<'e>(ex: impl AnyExecutor<'e>, l: &Letter) -> sqlx::Result<()> {
    sqlx::query(&format!("INSERT INTO letters ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"))
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
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn by_request<'e>(ex: impl AnyExecutor<'e>, request_id: &str) -> sqlx::Result<Option<Letter>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM letters WHERE request_id = $1"))
        .bind(request_id)
        .fetch_optional(ex)
        .await
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
