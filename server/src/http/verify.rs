//! Public verification of a letter from its QR code.

use crate::error::Result;
use crate::{Services, db, views};
use app::model::{PublicLetter, ResidentView};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use domain::nik::mask;
use http::StatusCode;
use std::sync::Arc;
use uuid::Uuid;

pub async fn public_letter(s: &Services, id: Uuid) -> Result<Option<PublicLetter>> {
    let Some(row) = db::letters::public(&s.db.pool, &id.to_string()).await? else {
        return Ok(None);
    };
    let resident: ResidentView = serde_json::from_str(&row.snapshot_json).map_err(anyhow::Error::from)?;
    let prefix = if row.office_kind == "kecamatan" { "Kecamatan" } else { "Kelurahan" };
    Ok(Some(PublicLetter {
        office_name: format!("{prefix} {}", row.office_name),
        number: row.letter.number,
        date_label: views::date_label(s.clock.local(row.letter.signed_at).date_naive()),
        letter_title: s.catalogue.title(&row.letter_type).to_string(),
        resident_name: resident.nama,
        nik_masked: mask(&resident.nik),
        signer_name: row.letter.signer_name,
        signer_position: row.letter.signer_position,
        sha256: row.letter.sha256,
    }))
}

/// `GET /api/v1/verifikasi/{id}`: the same facts as the page, as JSON.
pub async fn json(State(s): State<Arc<Services>>, Path(id): Path<String>) -> Response {
    let not_found =
        || (StatusCode::NOT_FOUND, Json(serde_json::json!({ "status": "tidak_ditemukan" }))).into_response();
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    match public_letter(&s, id).await {
        Ok(Some(l)) => Json(serde_json::json!({ "status": "asli", "surat": l })).into_response(),
        Ok(None) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, "verification failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Json(serde_json::json!({ "status": "galat" }))).into_response()
        }
    }
}
