//! Server functions: the UI's only way to the backend. Each one forwards to a port method and,
//! on the server, sets the HTTP status that matches the error.

use crate::error::AppError;
use crate::model::*;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use uuid::Uuid;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::ports::{SharedBackend, backend};
    use crate::{error::AppError, model::SessionUser};

    /// Sets the response status from the error before handing the result back.
    pub fn finish<T>(b: &SharedBackend, r: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(e) = &r {
            b.set_status(e.status());
        }
        r
    }

    pub async fn require_user(b: &SharedBackend) -> Result<SessionUser, AppError> {
        finish(b, b.current_user().await.and_then(|u| u.ok_or(AppError::Unauthorized)))
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

#[server(prefix = "/api", endpoint = "sesi", input = Json)]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let b = backend()?;
    finish(&b, b.current_user().await)
}

#[server(prefix = "/api", endpoint = "masuk", input = Json)]
pub async fn login(input: LoginInput) -> Result<SessionUser, AppError> {
    let b = backend()?;
    finish(&b, b.login(input).await)
}

#[server(prefix = "/api", endpoint = "keluar", input = Json)]
pub async fn logout() -> Result<(), AppError> {
    let b = backend()?;
    finish(&b, b.logout().await)
}

#[server(prefix = "/api", endpoint = "jenis-surat", input = Json)]
pub async fn letter_types() -> Result<Vec<LetterTypeInfo>, AppError> {
    let b = backend()?;
    finish(&b, b.letter_types().await)
}

#[server(prefix = "/api", endpoint = "data-saya", input = Json)]
pub async fn my_record() -> Result<ResidentView, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.my_record(&user).await)
}

#[server(prefix = "/api", endpoint = "keluarga-saya", input = Json)]
pub async fn family_members() -> Result<Vec<FamilyMember>, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.family_members(&user).await)
}

/// Uploads one supporting document: a multipart form with a `file` part. The size cap is
/// enforced while reading, so an oversized upload is refused without being held in memory.
#[server(prefix = "/api", endpoint = "lampiran", input = MultipartFormData)]
pub async fn upload_attachment(data: MultipartData) -> Result<UploadedFile, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    let unreadable = || AppError::invalid("Berkas tidak dapat dibaca. Coba unggah lagi.");
    let Some(mut form) = data.into_inner() else {
        return finish(&b, Err(unreadable()));
    };
    let cap = b.max_upload_bytes();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return finish(&b, Err(AppError::field("file", "Pilih berkas yang akan diunggah."))),
            Err(_) => return finish(&b, Err(unreadable())),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if (bytes.len() + chunk.len()) as u64 > cap {
                        let msg =
                            format!("Berkas terlalu besar: paling besar {}.", domain::attachment::size_label(cap));
                        b.set_status(413);
                        return Err(AppError::field("file", msg));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => return finish(&b, Err(unreadable())),
            }
        }
        return finish(&b, b.upload(&user, name, bytes).await);
    }
}

#[server(prefix = "/api", endpoint = "permohonan-saya", input = Json)]
pub async fn my_requests() -> Result<Vec<RequestSummary>, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.my_requests(&user).await)
}

#[server(prefix = "/api", endpoint = "ajukan", input = Json)]
pub async fn submit_request(input: NewRequest) -> Result<Uuid, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.submit(&user, input).await)
}

#[server(prefix = "/api", endpoint = "antrian", input = Json)]
pub async fn queue(filter: QueueFilter) -> Result<Vec<RequestSummary>, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.queue(&user, filter).await)
}

#[server(prefix = "/api", endpoint = "permohonan", input = Json)]
pub async fn get_request(id: Uuid) -> Result<RequestDetail, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.request_detail(&user, id).await)
}

#[server(prefix = "/api", endpoint = "tindakan", input = Json)]
pub async fn act(input: ActInput) -> Result<RequestDetail, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.act(&user, input).await)
}

#[server(prefix = "/api", endpoint = "kantor-daftar", input = Json)]
pub async fn offices() -> Result<Vec<OfficeSummary>, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.offices(&user).await)
}

#[server(prefix = "/api", endpoint = "kantor", input = Json)]
pub async fn get_office_settings(code: String) -> Result<OfficeSettings, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.office_settings(&user, code).await)
}

#[server(prefix = "/api", endpoint = "kantor-simpan", input = Json)]
pub async fn save_office_settings(input: OfficeSettingsInput) -> Result<OfficeSettings, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.save_office_settings(&user, input).await)
}

/// A new emblem: a multipart form with `code` and a `file` part (PNG or JPEG, at most 1 MB).
#[server(prefix = "/api", endpoint = "kantor-lambang", input = MultipartFormData)]
pub async fn office_emblem(data: MultipartData) -> Result<OfficeSettings, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    let mut parts = match read_parts(&b, data, 1024 * 1024, "emblem", "Gambar lambang paling besar 1 MB.").await {
        Ok(parts) => parts,
        Err(e) => return finish(&b, Err(e)),
    };
    match (parts.remove("code"), parts.remove("file")) {
        (Some(code), Some(bytes)) => {
            finish(&b, b.set_office_emblem(&user, String::from_utf8_lossy(&code).into_owned(), bytes).await)
        }
        _ => finish(&b, Err(AppError::field("emblem", "Pilih gambar lambang."))),
    }
}

/// The parts of a small multipart form, each at most `cap` bytes (413 with `too_big` on `field`).
#[cfg(feature = "ssr")]
async fn read_parts(
    b: &crate::ports::SharedBackend,
    data: MultipartData,
    cap: usize,
    field: &str,
    too_big: &str,
) -> Result<std::collections::BTreeMap<String, Vec<u8>>, AppError> {
    let unreadable = || AppError::invalid("Berkas tidak dapat dibaca. Coba unggah lagi.");
    let mut form = data.into_inner().ok_or_else(unreadable)?;
    let mut parts = std::collections::BTreeMap::new();
    while let Some(mut part) = form.next_field().await.map_err(|_| unreadable())? {
        let name = part.name().unwrap_or_default().to_string();
        let mut buf = Vec::new();
        while let Some(chunk) = part.chunk().await.map_err(|_| unreadable())? {
            if buf.len() + chunk.len() > cap {
                b.set_status(413);
                return Err(AppError::field(field, too_big));
            }
            buf.extend_from_slice(&chunk);
        }
        parts.insert(name, buf);
    }
    Ok(parts)
}

#[server(prefix = "/api", endpoint = "verifikasi", input = Json)]
pub async fn verify_letter(id: Uuid) -> Result<Option<PublicLetter>, AppError> {
    let b = backend()?;
    finish(&b, b.verify_letter(id).await)
}

/// Public: compare a file with the registered letter. Multipart: `letter_id` and `file`.
#[server(prefix = "/api", endpoint = "cocokkan-berkas", input = MultipartFormData)]
pub async fn match_file(data: MultipartData) -> Result<MatchResult, AppError> {
    const CAP: usize = 20 * 1024 * 1024;
    let b = backend()?;
    let mut parts = match read_parts(
        &b,
        data,
        CAP,
        "file",
        "Berkas terlalu besar untuk sebuah surat (paling besar 20 MB).",
    )
    .await
    {
        Ok(parts) => parts,
        Err(e) => return finish(&b, Err(e)),
    };
    let id = parts.remove("letter_id").and_then(|id| Uuid::parse_str(String::from_utf8_lossy(&id).trim()).ok());
    match (id, parts.remove("file")) {
        (Some(id), Some(bytes)) if !bytes.is_empty() => finish(&b, b.match_file(id, bytes).await),
        (None, _) => finish(&b, Err(AppError::NotFound)),
        _ => finish(&b, Err(AppError::field("file", "Pilih berkas PDF surat yang akan diperiksa."))),
    }
}

/// Public: compare a SHA-256 with the registered letter.
#[server(prefix = "/api", endpoint = "cocokkan-sidik", input = Json)]
pub async fn match_hash(input: HashCheck) -> Result<MatchResult, AppError> {
    let b = backend()?;
    finish(&b, b.match_hash(input).await)
}

#[server(prefix = "/api", endpoint = "cabut-surat", input = Json)]
pub async fn revoke_letter(input: RevokeInput) -> Result<PublicLetter, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.revoke_letter(&user, input).await)
}

#[server(prefix = "/api", endpoint = "tandatangani", input = Json)]
pub async fn sign_letters(input: SignInput) -> Result<Vec<SignOutcome>, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.sign_letters(&user, input).await)
}

#[server(prefix = "/api", endpoint = "daftar-identitas", input = Json)]
pub async fn register_identity(input: IdentityAnswers) -> Result<RegisterTicket, AppError> {
    let b = backend()?;
    finish(&b, b.register_identity(input).await)
}

#[server(prefix = "/api", endpoint = "daftar-sandi", input = Json)]
pub async fn register_password(input: NewPassword) -> Result<SessionUser, AppError> {
    let b = backend()?;
    finish(&b, b.register_password(input).await)
}

#[server(prefix = "/api", endpoint = "loket-cari", input = Json)]
pub async fn counter_lookup(input: CounterSearch) -> Result<CounterResident, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.counter_lookup(&user, input).await)
}

#[server(prefix = "/api", endpoint = "loket-ajukan", input = Json)]
pub async fn counter_submit(input: CounterRequest) -> Result<Uuid, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.counter_submit(&user, input).await)
}

#[server(prefix = "/api", endpoint = "koreksi-data", input = Json)]
pub async fn report_correction(input: CorrectionInput) -> Result<CorrectionView, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.report_correction(&user, input).await)
}

#[server(prefix = "/api", endpoint = "koreksi-daftar", input = Json)]
pub async fn corrections() -> Result<Vec<CorrectionView>, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.corrections(&user).await)
}

#[server(prefix = "/api", endpoint = "koreksi-selesai", input = Json)]
pub async fn resolve_correction(input: CorrectionResponse) -> Result<CorrectionView, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.resolve_correction(&user, input).await)
}

#[server(prefix = "/api", endpoint = "impor-daftar", input = Json)]
pub async fn imports() -> Result<Vec<ImportView>, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.imports(&user).await)
}

#[server(prefix = "/api", endpoint = "impor-rinci", input = Json)]
pub async fn import_detail(id: Uuid) -> Result<ImportReport, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    finish(&b, b.import_detail(&user, id).await)
}

/// Admin: uploads a population CSV (multipart `file`), streamed to disk, then imported in the
/// background; the page follows it with `impor-daftar`.
#[server(prefix = "/api", endpoint = "impor-unggah", input = MultipartFormData)]
pub async fn import_upload(data: MultipartData) -> Result<ImportView, AppError> {
    let b = backend()?;
    let user = require_user(&b).await?;
    let unreadable = || AppError::invalid("Berkas tidak dapat dibaca. Coba unggah lagi.");
    let Some(mut form) = data.into_inner() else {
        return finish(&b, Err(unreadable()));
    };
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return finish(&b, Err(AppError::field("file", "Pilih berkas CSV data penduduk."))),
            Err(_) => return finish(&b, Err(unreadable())),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("penduduk.csv").to_string();
        let mut sink = match b.import_upload(&user).await {
            Ok(sink) => sink,
            Err(e) => return finish(&b, Err(e)),
        };
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if let Err(e) = sink.write(&chunk).await {
                        return finish(&b, Err(e));
                    }
                }
                Ok(None) => break,
                Err(_) => return finish(&b, Err(unreadable())),
            }
        }
        return finish(&b, sink.finish(name).await);
    }
}
