//! The public verification API (`/api/v1/surat/{id}`): the registered facts of a letter, and
//! whether a file or a SHA-256 matches it. Field names are Indonesian, like the rest of the API.

use super::{Candidate, compare, public_letter, views};
use crate::Services;
use crate::error::Error;
use app::verification::{MatchResult, PublicLetter};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use uuid::Uuid;

/// Largest file accepted for comparison.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// `GET /api/v1/surat/{id}`.
pub async fn letter(State(s): State<Arc<Services>>, Path(id): Path<String>) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    match public_letter(&s, id, None).await {
        Ok(Some(l)) => Json(letter_json(&l)).into_response(),
        Ok(None) => not_found(),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
pub struct HashQuery {
    sha256: Option<String>,
}

/// `GET /api/v1/surat/{id}/cocokkan?sha256=HEX`.
pub async fn match_hash(
    State(s): State<Arc<Services>>,
    Path(id): Path<String>,
    Query(q): Query<HashQuery>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    answer(compare(&s, id, Candidate::Hash(q.sha256.unwrap_or_default())).await)
}

/// `POST /api/v1/surat/{id}/cocokkan` with the PDF as the body.
pub async fn match_file(State(s): State<Arc<Services>>, Path(id): Path<String>, body: Bytes) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    if body.is_empty() {
        return refused(StatusCode::UNPROCESSABLE_ENTITY, "Kirim berkas PDF surat sebagai isi permintaan.");
    }
    answer(compare(&s, id, Candidate::File(body.to_vec())).await)
}

pub fn letter_json(l: &PublicLetter) -> Value {
    json!({
        "status": if l.revoked.is_some() { "dicabut" } else { "sah" },
        "pencabutan": l.revoked.as_ref().map(|r| json!({ "alasan": r.reason, "waktu": r.at_label })),
        "surat": {
            "id": l.id,
            "kantor": l.office_name,
            "nomor": l.number,
            "tanggal": l.date_label,
            "jenis": l.letter_title,
            "nama": l.resident_name,
            "nik": l.nik_masked,
            "penandatangan": { "nama": l.signer_name, "jabatan": l.signer_position },
            "waktu_tanda_tangan": l.signed_at,
            "tanda_tangan": {
                "jenis": l.signature_kind,
                "sertifikat": {
                    "subjek": l.certificate_subject,
                    "serial": l.certificate_serial,
                    "penerbit": l.certificate_issuer,
                },
            },
            "sha256": l.sha256,
        },
    })
}

fn match_json(m: &MatchResult) -> Value {
    json!({
        "cocok": m.matches,
        "sha256": m.sha256,
        "sha256_terdaftar": m.registered_sha256,
        "tanda_tangan_tertanam": m.signature.as_ref().map(|t| json!({
            "utuh": t.intact,
            "penandatangan": t.signer,
            "sertifikat_terdaftar": t.registered_certificate,
        })),
        "pesan": m.message,
    })
}

fn answer(result: crate::error::Result<Option<super::service::Comparison>>) -> Response {
    match result {
        Ok(Some(c)) => Json(match_json(&views::match_result(c))).into_response(),
        Ok(None) => not_found(),
        Err(Error::Invalid(problems)) => {
            let message = problems.values().flatten().cloned().collect::<Vec<_>>().join(" ");
            refused(StatusCode::UNPROCESSABLE_ENTITY, &message)
        }
        Err(e) => failed(e),
    }
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "status": "tidak_ditemukan", "pesan": "Tidak ada surat terdaftar dengan kode ini." })),
    )
        .into_response()
}

fn refused(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "status": "ditolak", "pesan": message }))).into_response()
}

fn failed(e: Error) -> Response {
    tracing::error!(error = %e, "verification failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({ "status": "galat", "pesan": "Terjadi kesalahan. Coba lagi nanti." })),
    )
        .into_response()
}
