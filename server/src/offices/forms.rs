//! The office settings' forms as they work without JavaScript (see `http::forms`): the
//! settings (shown again with "disimpan" or the problems), and the emblem in its own multipart
//! form, answered on the page.

use crate::http::forms::{Forms, Store, Stored};
use app::AppError;
use app::offices::{OfficeEmblem, OfficesPort, PostedOfficeSettings, SaveOfficeSettings};
use leptos::server_fn::ServerFn;
use std::sync::Arc;

pub fn forms(forms: Forms) -> Forms {
    forms
        .add_shown::<PostedOfficeSettings, SaveOfficeSettings>(|p| SaveOfficeSettings { input: p.input() })
        .answered_by_file(<OfficeEmblem as ServerFn>::PATH, emblem(), "emblem", "Pilih gambar lambang.")
}

fn emblem() -> Store {
    Arc::new(|fields: &[(String, String)], _field: String, _name: String, bytes: Vec<u8>| {
        let code = fields.iter().find(|(k, _)| k == "code").map(|(_, v)| v.clone()).unwrap_or_default();
        Box::pin(async move {
            if bytes.len() > 1024 * 1024 {
                return Err(AppError::field("emblem", "Gambar lambang paling besar 1 MB."));
            }
            let offices = leptos::prelude::use_context::<Arc<dyn OfficesPort>>().ok_or(AppError::Internal)?;
            let saved = offices.set_office_emblem(code, bytes).await?;
            Ok(Stored::Answer(serde_json::to_string(&saved).map_err(|_| AppError::Internal)?))
        })
    })
}
