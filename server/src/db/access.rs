//! What officials did with one resident's data, for the resident's own access history.

use sqlx::{AnyExecutor, FromRow};

/// One event by an official about the resident, a request or letter of theirs, or their account.
#[derive(Debug, Clone, FromRow)]
pub struct AccessRow {
    pub at: i64,
    pub action: String,
    pub actor_role: String,
    pub office_kind: Option<String>,
    pub office_name: Option<String>,
    /// The request's code when the event is about a request or its letter.
    pub reference: Option<String>,
}

/// Events by officials (never the resident themself, nor other residents) about the account
/// `user_id`, the keyed NIK hash `nik_subject`, or a request (or its letter) the resident asked
/// for or is the subject of; newest first.
pub async fn events_about<'e>(
    ex: impl AnyExecutor<'e>,
    user_id: &str,
    nik: &str,
    nik_subject: &str,
    limit: i64,
) -> sqlx::Result<Vec<AccessRow>> {
    sqlx::query_as(
        "SELECT e.at, e.action, u.role AS actor_role, o.kind AS office_kind, o.name AS office_name, \
                COALESCE(rq.reference, rl.reference) AS reference \
         FROM audit_events e \
         JOIN users u ON u.id = e.actor_user_id \
         LEFT JOIN offices o ON o.code = e.office_code \
         LEFT JOIN requests rq ON rq.id = e.subject \
         LEFT JOIN letters l ON l.id = e.subject \
         LEFT JOIN requests rl ON rl.id = l.request_id \
         WHERE u.role <> 'warga' AND e.actor_user_id <> $1 \
           AND (e.subject = $1 OR e.subject = $2 \
                OR e.subject IN (SELECT id FROM requests WHERE requester_user_id = $1 OR subject_nik = $3) \
                OR e.subject IN (SELECT l2.id FROM letters l2 JOIN requests r2 ON r2.id = l2.request_id \
                                 WHERE r2.requester_user_id = $1 OR r2.subject_nik = $3)) \
         ORDER BY e.seq DESC LIMIT $4",
    )
    .bind(user_id)
    .bind(nik_subject)
    .bind(nik)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// The population import that was running when the record last changed (`at`), with who
/// started it: (when it started, their role, their office's kind and name). None when the
/// record was not changed by an import (e.g. demo data).
#[derive(Debug, Clone, FromRow)]
pub struct ImportTouch {
    pub started_at: i64,
    pub actor_role: Option<String>,
    pub office_kind: Option<String>,
    pub office_name: Option<String>,
}

pub async fn import_at<'e>(ex: impl AnyExecutor<'e>, at: i64) -> sqlx::Result<Option<ImportTouch>> {
    sqlx::query_as(
        "SELECT i.started_at, u.role AS actor_role, o.kind AS office_kind, o.name AS office_name \
         FROM population_imports i \
         LEFT JOIN users u ON u.id = i.started_by \
         LEFT JOIN offices o ON o.code = u.office_code \
         WHERE i.started_at <= $1 AND (i.finished_at IS NULL OR i.finished_at >= $1) \
         ORDER BY i.started_at DESC LIMIT 1",
    )
    .bind(at)
    .fetch_optional(ex)
    .await
}

/// When the resident's record last changed.
pub async fn record_changed_at<'e>(ex: impl AnyExecutor<'e>, nik: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT updated_at FROM residents WHERE nik = $1").bind(nik).fetch_optional(ex).await
}
