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
    const CAP: usize = 1024 * 1024;
    let b = backend()?;
    let user = require_user(&b).await?;
    let unreadable = || AppError::invalid("Berkas tidak dapat dibaca. Coba unggah lagi.");
    let Some(mut form) = data.into_inner() else {
        return finish(&b, Err(unreadable()));
    };
    let (mut code, mut bytes) = (None, None);
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return finish(&b, Err(unreadable())),
        };
        let name = field.name().unwrap_or_default().to_string();
        let mut buf = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if buf.len() + chunk.len() <= CAP => buf.extend_from_slice(&chunk),
                Ok(Some(_)) => {
                    b.set_status(413);
                    return Err(AppError::field("emblem", "Gambar lambang paling besar 1 MB."));
                }
                Ok(None) => break,
                Err(_) => return finish(&b, Err(unreadable())),
            }
        }
        match name.as_str() {
            "code" => code = Some(String::from_utf8_lossy(&buf).into_owned()),
            "file" => bytes = Some(buf),
            _ => {}
        }
    }
    match (code, bytes) {
        (Some(code), Some(bytes)) => finish(&b, b.set_office_emblem(&user, code, bytes).await),
        _ => finish(&b, Err(AppError::field("emblem", "Pilih gambar lambang."))),
    }
}

#[server(prefix = "/api", endpoint = "verifikasi", input = Json)]
pub async fn verify_letter(id: Uuid) -> Result<Option<PublicLetter>, AppError> {
    let b = backend()?;
    finish(&b, b.verify_letter(id).await)
}
