//! Server functions of the verification area.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {super::VerificationPort, crate::web::*};

#[server(prefix = "/api", endpoint = "verifikasi", input = Json)]
pub async fn verify_letter(id: Uuid) -> Result<Option<PublicLetter>, AppError> {
    let found = answer(port::<dyn VerificationPort>()?.verify_letter(id).await)?;
    if found.is_none() {
        set_status(404);
    }
    Ok(found)
}

/// Public: compare a file with the registered letter. Multipart: `letter_id` and `file`.
#[server(prefix = "/api", endpoint = "cocokkan-berkas", input = MultipartFormData)]
pub async fn match_file(data: MultipartData) -> Result<MatchResult, AppError> {
    const CAP: usize = 20 * 1024 * 1024;
    let verification = port::<dyn VerificationPort>()?;
    let too_big = "Berkas terlalu besar untuk sebuah surat (paling besar 20 MB).";
    let mut parts = answer(read_parts(data, &[("letter_id", 64), ("file", CAP)], "file", too_big).await)?;
    let id = parts.remove("letter_id").and_then(|id| Uuid::parse_str(String::from_utf8_lossy(&id).trim()).ok());
    match (id, parts.remove("file")) {
        (Some(id), Some(bytes)) if !bytes.is_empty() => answer(verification.match_file(id, bytes).await),
        (None, _) => answer(Err(AppError::NotFound)),
        _ => answer(Err(AppError::field("file", "Pilih berkas PDF surat yang akan diperiksa."))),
    }
}

/// Public: compare a SHA-256 with the registered letter.
#[server(prefix = "/api", endpoint = "cocokkan-sidik", input = Json)]
pub async fn match_hash(input: HashCheck) -> Result<MatchResult, AppError> {
    answer(port::<dyn VerificationPort>()?.match_hash(input).await)
}

#[server(prefix = "/api", endpoint = "cabut-surat", input = Json)]
pub async fn revoke_letter(input: RevokeInput) -> Result<PublicLetter, AppError> {
    answer(port::<dyn VerificationPort>()?.revoke_letter(input).await)
}
