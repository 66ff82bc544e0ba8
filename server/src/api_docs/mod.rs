//! The public JSON API's description: an OpenAPI 3.1 document generated from the handlers and
//! their answer types (`/api/v1/openapi.json`), the page people read (`/api-publik`), and the
//! JSON refusals every `/api/v1/` route answers with.
//!
//! A route under `/api/v1/` that is not in [`PublicApi`] fails the test that compares the two.

mod page;
mod port;

pub use page::docs;

use crate::error::Error;
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "API publik Serambi",
        description = "Layanan surat kelurahan: memeriksa keabsahan surat (kode QR), mencocokkan berkas atau \
                       sidiknya dengan surat terdaftar, melacak permohonan dengan kode dan tanggal lahir, dan \
                       statistik terbuka. Tanpa login. Nama kolom dan pesan dalam bahasa Indonesia; NIK selalu \
                       disamarkan dan tidak pernah diminta di alamat (URL).",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    paths(
        crate::verification::api::letter,
        crate::verification::api::letter_old_address,
        crate::verification::api::match_hash,
        crate::verification::api::match_file,
        crate::requests::track::api,
        crate::statistics::json,
        openapi_json,
    ),
    tags(
        (name = "verifikasi", description = "Keabsahan surat yang ditandatangani."),
        (name = "lacak", description = "Status permohonan tanpa login."),
        (name = "statistik", description = "Data terbuka untuk portal Satu Data."),
        (name = "dokumen", description = "Dokumen ini."),
    ),
)]
pub struct PublicApi;

/// The document, built once per process.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = PublicApi::openapi();
        doc.info.version = env!("CARGO_PKG_VERSION").to_string();
        doc
    })
}

/// `GET /api/v1/openapi.json`.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "dokumen",
    summary = "Dokumen OpenAPI 3.1",
    description = "Uraian mesin dari API ini (OpenAPI 3.1), dibuat dari kode server.",
    responses((status = 200, description = "Dokumen OpenAPI (JSON).")),
)]
pub async fn openapi_json() -> Response {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = JSON.get_or_init(|| document().to_pretty_json().expect("the OpenAPI document serializes"));
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=3600")], body.as_str())
        .into_response()
}

/// Every refusal and failure of the public API: what happened, in words.
#[derive(Serialize, ToSchema)]
pub struct ApiMessage {
    /// `tidak_ditemukan` (404), `ditolak` (the request cannot be done as sent, or not now) or
    /// `galat` (the server failed; try again later).
    pub status: ApiMessageKind,
    /// What to tell the person, in Indonesian.
    pub pesan: String,
    /// For a refused input: the fields at fault and their messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kolom: Option<BTreeMap<String, Vec<String>>>,
}

#[derive(Serialize, ToSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ApiMessageKind {
    TidakDitemukan,
    Ditolak,
    Galat,
}

fn message(status: StatusCode, kind: ApiMessageKind, pesan: &str) -> Response {
    (status, Json(ApiMessage { status: kind, pesan: pesan.to_string(), kolom: None })).into_response()
}

pub fn api_not_found(pesan: &str) -> Response {
    message(StatusCode::NOT_FOUND, ApiMessageKind::TidakDitemukan, pesan)
}

pub fn api_refusal(status: StatusCode, pesan: &str) -> Response {
    message(status, ApiMessageKind::Ditolak, pesan)
}

/// An internal failure: logged, and answered without its cause.
pub fn api_failure(e: Error) -> Response {
    tracing::error!(error = %e, "public API failed");
    message(StatusCode::INTERNAL_SERVER_ERROR, ApiMessageKind::Galat, "Terjadi kesalahan. Coba lagi nanti.")
}

/// A service's error as the public API answers it; `not_found` is the text of a 404.
pub fn api_error(e: Error, not_found: &str) -> Response {
    match e {
        Error::NotFound => api_not_found(not_found),
        Error::Invalid(problems) => {
            let pesan = problems.values().flatten().cloned().collect::<Vec<_>>().join(" ");
            let kolom = problems.into_iter().filter(|(k, _)| !k.is_empty()).collect::<BTreeMap<_, _>>();
            let body =
                ApiMessage { status: ApiMessageKind::Ditolak, pesan, kolom: (!kolom.is_empty()).then_some(kolom) };
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
        Error::Conflict(m) => api_refusal(StatusCode::CONFLICT, &m),
        Error::Unauthorized | Error::Forbidden => api_refusal(StatusCode::FORBIDDEN, "Tidak diizinkan."),
        other => api_failure(other),
    }
}
