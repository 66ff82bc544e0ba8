//! Downloads outside Leptos: a signed letter for someone who may see its request, and an
//! import's full report for admins. Errors answer with `?` (`server::Error: IntoResponse`).

use crate::accounts::CurrentUser;
use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::{Services, db};
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use domain::AuditAction;
use http::header;
use std::sync::Arc;
use uuid::Uuid;

pub async fn download(
    State(s): State<Arc<Services>>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Response {
    letter(&s, user, &id).await.unwrap_or_else(|e| e.response_saying("Surat tidak ditemukan."))
}

async fn letter(s: &Services, user: Option<crate::accounts::Actor>, id: &str) -> Result<Response> {
    let id = Uuid::parse_str(id).map_err(|_| Error::NotFound)?;
    let user = user.ok_or(Error::Unauthorized)?;
    let row = crate::requests::load_visible(s, &user, id).await?;
    let letter = db::letters::by_request(&s.db.pool, row.id).await?.ok_or(Error::NotFound)?;
    let bytes = s.files.get(&letter.file_key).await?;
    let name: String =
        letter.number.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"surat-{name}.pdf\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /admin/impor/{id}/laporan.csv`: an import's full report, for admins.
pub async fn import_report(
    State(s): State<Arc<Services>>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Response {
    report(&s, user, &id).await.unwrap_or_else(|e| e.response_saying("Laporan tidak ditemukan."))
}

async fn report(s: &Services, user: Option<crate::accounts::Actor>, id: &str) -> Result<Response> {
    // Not signed in: 401, as everywhere. Anyone but the city admin learns nothing, not even
    // that the report exists.
    let Some(user) = user else {
        return Err(Error::Unauthorized);
    };
    if user.role != domain::Role::Admin {
        return Err(Error::NotFound);
    }
    let id = Uuid::parse_str(id).map_err(|_| Error::NotFound)?;
    let row = db::imports::get(&s.db.pool, &id.to_string()).await?.ok_or(Error::NotFound)?;
    let bytes = s.files.get(&row.report_key.ok_or(Error::NotFound)?).await?;
    // The report holds NIKs and names: who took it is recorded.
    let (by, subject) = (Some(user.user_id.to_string()), id.to_string());
    let mut tx = s.db.begin().await?;
    let e = Event::new(AuditAction::LaporanImporDiunduh, by.as_deref()).subject(&subject);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"laporan-impor-{id}.csv\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
