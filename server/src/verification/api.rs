//! The public verification API (`/api/v1/surat/{id}`): the registered facts of a letter, and
//! whether a file or a SHA-256 matches it. Field names are Indonesian, like the rest of the API.
//! The answers are the types below; they describe themselves in the OpenAPI document
//! (`crate::api_docs`), and the tests check real answers against it.

use super::{Candidate, compare, public_letter, views};
use crate::Services;
use crate::api_docs::{ApiMessage, api_failure, api_refusal};
use crate::error::Error;
use app::verification::{MatchResult, PublicLetter};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;
use uuid::Uuid;

/// Largest file accepted for comparison.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// A registered letter: whether it still counts, and what was registered when it was signed.
#[derive(Serialize, ToSchema)]
pub struct SuratTerdaftar {
    /// `sah`: valid; `dicabut`: revoked, it no longer counts.
    pub status: StatusSurat,
    /// Set when the letter was revoked.
    pub pencabutan: Option<Pencabutan>,
    pub surat: Surat,
}

#[derive(Serialize, ToSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StatusSurat {
    Sah,
    Dicabut,
}

#[derive(Serialize, ToSchema)]
pub struct Pencabutan {
    pub alasan: String,
    /// When, in the city's local time, e.g. "23 November 2026 10.15 WITA".
    pub waktu: String,
}

/// The facts registered when the letter was signed. The NIK is masked.
#[derive(Serialize, ToSchema)]
pub struct Surat {
    pub id: Uuid,
    /// The signing office, e.g. "Kelurahan Oebobo".
    pub kantor: String,
    /// The letter number, e.g. "470/12/KEL-OBB/XI/2026".
    pub nomor: String,
    /// The letter's date, e.g. "23 November 2026".
    pub tanggal: String,
    /// The letter type, e.g. "Surat Keterangan Domisili".
    pub jenis: String,
    /// The name of the person the letter is about.
    pub nama: String,
    /// Masked NIK: the first 4 and last 2 digits, e.g. "5371**********01".
    pub nik: String,
    pub penandatangan: Penandatangan,
    /// RFC 3339 with the city's offset.
    pub waktu_tanda_tangan: String,
    pub tanda_tangan: TandaTangan,
    /// SHA-256 of the registered PDF, 64 lowercase hex characters.
    pub sha256: String,
}

#[derive(Serialize, ToSchema)]
pub struct Penandatangan {
    pub nama: String,
    pub jabatan: String,
}

#[derive(Serialize, ToSchema)]
pub struct TandaTangan {
    /// `pades` (the city's own CA), `bsre` (BSrE), or `terdaftar` (registered only, no embedded signature).
    pub jenis: String,
    pub sertifikat: Sertifikat,
}

/// The signing certificate (empty strings for a letter registered without one).
#[derive(Serialize, ToSchema)]
pub struct Sertifikat {
    pub subjek: String,
    /// Hexadecimal.
    pub serial: String,
    pub penerbit: String,
}

/// How a file or a SHA-256 compares with the registered letter.
#[derive(Serialize, ToSchema)]
pub struct HasilCocok {
    /// The file (or the hash given) is exactly the registered letter.
    pub cocok: bool,
    /// SHA-256 of what was given.
    pub sha256: String,
    pub sha256_terdaftar: String,
    /// For a file with an embedded signature: what the signature says. `null` for a hash, or a
    /// file without a readable signature.
    pub tanda_tangan_tertanam: Option<TandaTanganTertanam>,
    /// The verdict in words, for people.
    pub pesan: String,
}

#[derive(Serialize, ToSchema)]
pub struct TandaTanganTertanam {
    /// The whole file is signed and unchanged since.
    pub utuh: bool,
    /// The signer's name in the certificate.
    pub penandatangan: String,
    /// The certificate is the one registered for this letter.
    pub sertifikat_terdaftar: bool,
}

/// The letter's id, as printed under its QR code.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct LetterId {
    /// The letter's id (a UUID). Anything else is answered 404.
    id: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct HashQuery {
    /// SHA-256 of the file held, 64 hexadecimal characters (case and spaces are forgiven).
    sha256: Option<String>,
}

/// `GET /api/v1/surat/{id}`.
#[utoipa::path(
    get,
    path = "/api/v1/surat/{id}",
    tag = "verifikasi",
    summary = "Data surat terdaftar",
    description = "Apa yang didaftarkan saat surat ditandatangani, dan apakah surat masih sah (belum dicabut). \
                   NIK disamarkan. Tidak perlu masuk.",
    params(LetterId),
    responses(
        (status = 200, description = "Surat terdaftar.", body = SuratTerdaftar),
        (status = 404, description = "Tidak ada surat dengan kode ini.", body = ApiMessage),
    ),
)]
pub async fn letter(State(s): State<Arc<Services>>, Path(id): Path<String>) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    match public_letter(&s, id, None).await {
        Ok(Some(l)) => Json(letter_record(&l)).into_response(),
        Ok(None) => not_found(),
        Err(e) => api_failure(e),
    }
}

/// `GET /api/v1/verifikasi/{id}`: the same, under the address earlier QR codes print.
#[utoipa::path(
    get,
    path = "/api/v1/verifikasi/{id}",
    tag = "verifikasi",
    summary = "Data surat terdaftar (alamat lama)",
    description = "Sama dengan `GET /api/v1/surat/{id}`; alamat yang dipakai versi awal.",
    params(LetterId),
    responses(
        (status = 200, description = "Surat terdaftar.", body = SuratTerdaftar),
        (status = 404, description = "Tidak ada surat dengan kode ini.", body = ApiMessage),
    ),
)]
pub async fn letter_old_address(s: State<Arc<Services>>, id: Path<String>) -> Response {
    letter(s, id).await
}

/// `GET /api/v1/surat/{id}/cocokkan?sha256=HEX`.
#[utoipa::path(
    get,
    path = "/api/v1/surat/{id}/cocokkan",
    tag = "verifikasi",
    summary = "Cocokkan sidik SHA-256",
    description = "Membandingkan sidik SHA-256 berkas yang dipegang dengan surat terdaftar, tanpa mengirim berkasnya.",
    params(LetterId, HashQuery),
    responses(
        (status = 200, description = "Hasil perbandingan (cocok atau tidak).", body = HasilCocok),
        (status = 404, description = "Tidak ada surat dengan kode ini.", body = ApiMessage),
        (status = 422, description = "Sidik bukan 64 karakter heksadesimal.", body = ApiMessage),
    ),
)]
pub async fn match_hash(
    State(s): State<Arc<Services>>,
    Path(id): Path<String>,
    Query(q): Query<HashQuery>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    answer(compare(&s, id, Candidate::Hash(q.sha256.unwrap_or_default())).await)
}

/// `POST /api/v1/surat/{id}/cocokkan` with the PDF as the body.
#[utoipa::path(
    post,
    path = "/api/v1/surat/{id}/cocokkan",
    tag = "verifikasi",
    summary = "Cocokkan berkas PDF",
    description = "Berkas PDF surat sebagai isi permintaan (paling besar 20 MB). Selain sidiknya, tanda tangan \
                   elektronik yang tertanam diperiksa: utuh, dan dari sertifikat yang didaftarkan untuk surat ini.",
    params(LetterId),
    request_body(content = Vec<u8>, content_type = "application/pdf", description = "Berkas PDF surat."),
    responses(
        (status = 200, description = "Hasil perbandingan (cocok atau tidak).", body = HasilCocok),
        (status = 404, description = "Tidak ada surat dengan kode ini.", body = ApiMessage),
        (status = 413, description = "Berkas lebih dari 20 MB.", body = ApiMessage),
        (status = 422, description = "Isi permintaan kosong.", body = ApiMessage),
        (status = 503, description = "Terlalu banyak berkas diperiksa bersamaan; coba lagi sebentar lagi.", body = ApiMessage),
    ),
)]
pub async fn match_file(State(s): State<Arc<Services>>, Path(id): Path<String>, body: Bytes) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    if body.is_empty() {
        return api_refusal(StatusCode::UNPROCESSABLE_ENTITY, "Kirim berkas PDF surat sebagai isi permintaan.");
    }
    answer(compare(&s, id, Candidate::File(body.to_vec())).await)
}

pub fn letter_record(l: &PublicLetter) -> SuratTerdaftar {
    SuratTerdaftar {
        status: if l.revoked.is_some() { StatusSurat::Dicabut } else { StatusSurat::Sah },
        pencabutan: l.revoked.as_ref().map(|r| Pencabutan { alasan: r.reason.clone(), waktu: r.at_label.clone() }),
        surat: Surat {
            id: l.id,
            kantor: l.office_name.clone(),
            nomor: l.number.clone(),
            tanggal: l.date_label.clone(),
            jenis: l.letter_title.clone(),
            nama: l.resident_name.clone(),
            nik: l.nik_masked.clone(),
            penandatangan: Penandatangan { nama: l.signer_name.clone(), jabatan: l.signer_position.clone() },
            waktu_tanda_tangan: l.signed_at.clone(),
            tanda_tangan: TandaTangan {
                jenis: l.signature_kind.clone(),
                sertifikat: Sertifikat {
                    subjek: l.certificate_subject.clone(),
                    serial: l.certificate_serial.clone(),
                    penerbit: l.certificate_issuer.clone(),
                },
            },
            sha256: l.sha256.clone(),
        },
    }
}

fn match_record(m: MatchResult) -> HasilCocok {
    HasilCocok {
        cocok: m.matches,
        sha256: m.sha256,
        sha256_terdaftar: m.registered_sha256,
        tanda_tangan_tertanam: m.signature.map(|t| TandaTanganTertanam {
            utuh: t.intact,
            penandatangan: t.signer,
            sertifikat_terdaftar: t.registered_certificate,
        }),
        pesan: m.message,
    }
}

fn answer(result: crate::error::Result<Option<super::service::Comparison>>) -> Response {
    match result {
        Ok(Some(c)) => Json(match_record(views::match_result(c))).into_response(),
        Ok(None) => not_found(),
        Err(Error::Invalid(problems)) => {
            let message = problems.values().flatten().cloned().collect::<Vec<_>>().join(" ");
            api_refusal(StatusCode::UNPROCESSABLE_ENTITY, &message)
        }
        Err(e) => api_failure(e),
    }
}

fn not_found() -> Response {
    crate::api_docs::api_not_found("Tidak ada surat terdaftar dengan kode ini.")
}
