//! The audit log's rows and its head (see migrations/20261129000001_audit.sql). Appending is
//! three statements inside the caller's transaction: advance the head (which locks it until the
//! transaction ends), insert the row, store the row's hash in the head.

use super::{Db, Engine};
use sqlx::{AnyExecutor, Executor, FromRow};

/// The "previous hash" of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: i64,
    pub actor_user_id: Option<String>,
    pub action: String,
    pub office_code: Option<String>,
    pub subject: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Moves the head one step on: returns the new row's sequence number and the previous row's
/// hash. Until the transaction ends, other appends wait here.
pub async fn advance_head(tx: &mut super::Tx) -> sqlx::Result<(i64, String)> {
    sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").fetch_one(&mut **tx).await
}

pub async fn insert(tx: &mut super::Tx, row: &AuditRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (seq, at, actor_user_id, action, office_code, subject, detail, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(row.seq)
    .bind(row.at)
    .bind(&row.actor_user_id)
    .bind(&row.action)
    .bind(&row.office_code)
    .bind(&row.subject)
    .bind(&row.detail)
    .bind(&row.prev_hash)
    .bind(&row.hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&row.hash).execute(&mut **tx).await?;
    Ok(())
}

/// The last sequence number and hash, as the head records them.
pub async fn head<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<(i64, String)> {
    sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(ex).await
}

const COLUMNS: &str = "seq, at, actor_user_id, action, office_code, subject, detail, prev_hash, hash";

/// Rows after `after` in sequence order, at most `limit` (for checking the whole chain).
pub async fn after<'e>(ex: impl AnyExecutor<'e>, after: i64, limit: i64) -> sqlx::Result<Vec<AuditRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2"))
        .bind(after)
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// What the administrators' list filters by; empty strings and zeros mean "any".
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    pub office_code: Option<&'a str>,
    pub action: &'a str,
    /// Lower-case text found in the actor's name, the subject or the detail.
    pub text: &'a str,
    pub from_ms: i64,
    pub until_ms: i64,
    /// Only rows before this sequence number (keyset paging); 0 = from the newest.
    pub before_seq: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct ListedRow {
    #[sqlx(flatten)]
    pub row: AuditRow,
    pub actor_name: Option<String>,
}

/// Newest first, at most `limit`.
pub async fn list<'e>(ex: impl AnyExecutor<'e>, f: &Filter<'_>, limit: i64) -> sqlx::Result<Vec<ListedRow>> {
    let pattern = format!("%{}%", f.text.trim().to_lowercase().replace(['%', '_'], ""));
    sqlx::query_as(
        "SELECT a.seq, a.at, a.actor_user_id, a.action, a.office_code, a.subject, a.detail, a.prev_hash, a.hash, \
         u.display_name AS actor_name FROM audit_events a LEFT JOIN users u ON u.id = a.actor_user_id \
         WHERE ($1 = '' OR a.office_code = $1) AND ($2 = '' OR a.action = $2) \
         AND ($3 = '%%' OR LOWER(COALESCE(u.display_name, '')) LIKE $3 OR LOWER(a.subject) LIKE $3 \
              OR LOWER(a.detail) LIKE $3) \
         AND ($4 = 0 OR a.at >= $4) AND ($5 = 0 OR a.at < $5) AND ($6 = 0 OR a.seq < $6) \
         ORDER BY a.seq DESC LIMIT $7",
    )
    .bind(f.office_code.unwrap_or(""))
    .bind(f.action)
    .bind(pattern)
    .bind(f.from_ms)
    .bind(f.until_ms)
    .bind(f.before_seq)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// The distinct actions recorded so far (the list's filter choices).
pub async fn actions<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT DISTINCT action FROM audit_events ORDER BY action").fetch_all(ex).await
}

/// The deployment's key for hashing NIKs in the log: `fresh` is stored if there is none yet (the
/// first writer wins; every node then reads the same key).
pub async fn key(tx: &mut super::Tx, fresh: &str) -> sqlx::Result<String> {
    sqlx::query(
        "INSERT INTO deployment (key, value, updated_at) VALUES ('audit_kunci', $1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(fresh)
    .bind(super::now_ms())
    .execute(&mut **tx)
    .await?;
    sqlx::query_scalar("SELECT value FROM deployment WHERE key = 'audit_kunci'").fetch_one(&mut **tx).await
}

/// The deployment's audit key, if it has been made.
pub async fn existing_key<'e>(ex: impl sqlx::AnyExecutor<'e>) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT value FROM deployment WHERE key = 'audit_kunci'").fetch_optional(ex).await
}

const APPEND_ONLY: &str = "audit_events_append_only";

/// Refuses UPDATE and DELETE on audit_events, per engine; runs once after the migrations.
pub(super) async fn append_only(db: &Db) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    if super::checks::applied(&mut *tx, APPEND_ONLY).await? {
        return Ok(());
    }
    let message = "audit_events hanya boleh ditambah";
    let statements = match db.engine {
        Engine::Sqlite => vec![
            format!(
                "CREATE TRIGGER {APPEND_ONLY}_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, '{message}'); END"
            ),
            format!(
                "CREATE TRIGGER {APPEND_ONLY}_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, '{message}'); END"
            ),
        ],
        Engine::Postgres => vec![
            format!(
                "CREATE FUNCTION {APPEND_ONLY}() RETURNS trigger LANGUAGE plpgsql AS \
                 $fn$ BEGIN RAISE EXCEPTION '{message}'; END $fn$"
            ),
            format!(
                "CREATE TRIGGER {APPEND_ONLY} BEFORE UPDATE OR DELETE ON audit_events \
                 FOR EACH ROW EXECUTE FUNCTION {APPEND_ONLY}()"
            ),
        ],
    };
    for statement in statements {
        (&mut *tx).execute(statement.as_str()).await?;
    }
    sqlx::query("INSERT INTO schema_steps (name, applied_at) VALUES ($1, $2)")
        .bind(APPEND_ONLY)
        .bind(super::now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
