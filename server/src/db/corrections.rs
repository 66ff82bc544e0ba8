//! Residents' notes that their record looks wrong.

use sqlx::{AnyExecutor, FromRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionStatus {
    /// Waiting for the kelurahan.
    Baru,
    /// Answered.
    Selesai,
}

impl TryFrom<String> for CorrectionStatus {
    type Error = domain::UnknownValue;
    fn try_from(s: String) -> Result<CorrectionStatus, domain::UnknownValue> {
        match s.as_str() {
            "baru" => Ok(CorrectionStatus::Baru),
            "selesai" => Ok(CorrectionStatus::Selesai),
            _ => Err(domain::UnknownValue(s)),
        }
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct CorrectionRow {
    #[sqlx(try_from = "String")]
    pub id: uuid::Uuid,
    pub nik: String,
    pub kelurahan_code: String,
    pub reporter_user_id: String,
    pub fields: String,
    pub note: String,
    /// `baru` (open) or `selesai` (answered); CHECK-constrained in the database.
    #[sqlx(try_from = "String")]
    pub status: CorrectionStatus,
    pub response: Option<String>,
    pub created_at: i64,
    pub handled_at: Option<i64>,
    /// The resident's name in the record.
    pub name: String,
}

const SELECT: &str = "SELECT c.id, c.nik, c.kelurahan_code, c.reporter_user_id, c.fields, c.note, c.status, \
     c.response, c.created_at, c.handled_at, r.name FROM data_corrections c JOIN residents r ON r.nik = c.nik";

pub struct NewCorrection<'a> {
    pub id: &'a str,
    pub nik: &'a str,
    pub kelurahan_code: &'a str,
    pub reporter_user_id: &'a str,
    pub fields: &'a str,
    pub note: &'a str,
}

pub async fn insert<'e>(ex: impl AnyExecutor<'e>, c: &NewCorrection<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO data_corrections (id, nik, kelurahan_code, reporter_user_id, fields, note, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'baru', $7)",
    )
    .bind(c.id)
    .bind(c.nik)
    .bind(c.kelurahan_code)
    .bind(c.reporter_user_id)
    .bind(c.fields)
    .bind(c.note)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn get<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<CorrectionRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE c.id = $1")).bind(id).fetch_optional(ex).await
}

/// A resident's own notes, newest first.
pub async fn for_nik<'e>(ex: impl AnyExecutor<'e>, nik: &str) -> sqlx::Result<Vec<CorrectionRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE c.nik = $1 ORDER BY c.created_at DESC LIMIT 50"))
        .bind(nik)
        .fetch_all(ex)
        .await
}

/// A kelurahan's notes: open ones first (oldest first), then the latest handled ones.
pub async fn for_kelurahan<'e>(ex: impl AnyExecutor<'e>, code: &str) -> sqlx::Result<Vec<CorrectionRow>> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE c.kelurahan_code = $1 \
         ORDER BY CASE WHEN c.status = 'baru' THEN 0 ELSE 1 END, \
                  CASE WHEN c.status = 'baru' THEN c.created_at ELSE -c.created_at END LIMIT 200"
    ))
    .bind(code)
    .fetch_all(ex)
    .await
}

pub async fn open_count<'e>(ex: impl AnyExecutor<'e>, nik: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM data_corrections WHERE nik = $1 AND status = 'baru'")
        .bind(nik)
        .fetch_one(ex)
        .await
}

/// Marks an open note of `kelurahan_code` handled; false when there is none such.
pub async fn resolve<'e>(
    ex: impl AnyExecutor<'e>,
    id: &str,
    kelurahan_code: &str,
    by: &str,
    response: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE data_corrections SET status = 'selesai', response = $4, handled_by = $3, handled_at = $5 \
         WHERE id = $1 AND kelurahan_code = $2 AND status = 'baru'",
    )
    .bind(id)
    .bind(kelurahan_code)
    .bind(by)
    .bind(response)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}
