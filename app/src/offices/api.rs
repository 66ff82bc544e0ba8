//! Server functions of the offices area.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use {super::OfficesPort, crate::web::*};

#[server(prefix = "/api", endpoint = "kantor-daftar", input = Json)]
pub async fn offices() -> Result<OfficeList, AppError> {
    answer(port::<dyn OfficesPort>()?.offices().await)
}

#[server(prefix = "/api", endpoint = "kantor", input = Json)]
pub async fn get_office_settings(code: String) -> Result<OfficeSettings, AppError> {
    answer(port::<dyn OfficesPort>()?.office_settings(code).await)
}

#[server(prefix = "/api", endpoint = "kantor-simpan", input = Json)]
pub async fn save_office_settings(input: OfficeSettingsInput) -> Result<OfficeSettings, AppError> {
    answer(port::<dyn OfficesPort>()?.save_office_settings(input).await)
}

/// A new emblem: a multipart form with `code` and a `file` part (PNG or JPEG, at most 1 MB).
#[server(prefix = "/api", endpoint = "kantor-lambang", input = MultipartFormData)]
pub async fn office_emblem(data: MultipartData) -> Result<OfficeSettings, AppError> {
    let offices = port::<dyn OfficesPort>()?;
    // Only the city's admin changes an office's settings (its emblem too): checked before
    // anything is read.
    let user = require_user().await?;
    if user.role != domain::Role::Admin {
        return answer(Err(AppError::Forbidden));
    }
    let expected = [("code", 64), ("file", 1024 * 1024)];
    let mut parts = answer(read_parts(data, &expected, "emblem", "Gambar lambang paling besar 1 MB.").await)?;
    match (parts.remove("code"), parts.remove("file")) {
        (Some(code), Some(bytes)) => {
            answer(offices.set_office_emblem(String::from_utf8_lossy(&code).into_owned(), bytes).await)
        }
        _ => answer(Err(AppError::field("emblem", "Pilih gambar lambang."))),
    }
}
