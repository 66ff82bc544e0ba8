//! Download of a signed letter by someone who may see its request.

use crate::accounts::CurrentUser;
use crate::{Services, db};
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use std::sync::Arc;
use uuid::Uuid;

pub async fn download(
    State(s): State<Arc<Services>>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "Surat tidak ditemukan.").into_response();
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    let Some(user) = user else {
        return (StatusCode::UNAUTHORIZED, "Silakan masuk terlebih dahulu untuk mengunduh surat.").into_response();
    };
    let row = match crate::requests::load_visible(&s, &user, id).await {
        Ok(row) => row,
        Err(e) => return e.into_response(),
    };
    let letter = match db::letters::by_request(&s.db.pool, &row.id).await {
        Ok(Some(l)) => l,
        Ok(None) => return not_found(),
        Err(e) => return internal(e.into()),
    };
    match s.files.get(&letter.file_key).await {
        Ok(bytes) => {
            let name: String =
                letter.number.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_string()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"surat-{name}.pdf\"")),
                    (header::CACHE_CONTROL, "private, no-store".to_string()),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => internal(e.into()),
    }
}

fn internal(e: crate::error::Error) -> Response {
    tracing::error!(error = %e, "download failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "Surat tidak dapat diambil saat ini. Coba lagi nanti.").into_response()
}

/// `GET /admin/impor/{id}/laporan.csv`: an import's full report, for admins.
pub async fn import_report(
    State(s): State<Arc<Services>>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "Laporan tidak ditemukan.").into_response();
    if !user.is_some_and(|u| u.role == domain::Role::Admin) {
        return not_found();
    }
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    let key = match db::imports::get(&s.db.pool, &id.to_string()).await {
        Ok(Some(row)) => match row.report_key {
            Some(key) => key,
            None => return not_found(),
        },
        Ok(None) => return not_found(),
        Err(e) => return internal(e.into()),
    };
    match s.files.get(&key).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"laporan-impor-{id}.csv\"")),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => internal(e.into()),
    }
}
