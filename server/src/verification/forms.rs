//! Checking a letter without JavaScript (see `http::forms`): the PDF one holds, posted with the
//! page's form, is compared with the register and the answer shown on the page; likewise a
//! pasted SHA-256. The file is never stored.

use crate::http::forms::{Forms, Store, Stored};
use app::AppError;
use app::verification::{HashCheck, MatchFile, MatchHash, RevokeInput, RevokeLetter, VerificationPort};
use leptos::server_fn::ServerFn;
use std::sync::Arc;
use uuid::Uuid;

pub fn forms(forms: Forms) -> Forms {
    forms
        .add_shown::<HashCheck, MatchHash>(|input| MatchHash { input })
        .answered_by_file(
            <MatchFile as ServerFn>::PATH,
            compare(),
            "file",
            "Pilih berkas PDF surat yang akan diperiksa.",
        )
        // Revoked: the letter's page, which now says so.
        .add::<RevokeInput, RevokeLetter>(|input| RevokeLetter { input }, |l| format!("/v/{}", l.id))
}

fn compare() -> Store {
    Arc::new(|fields: &[(String, String)], _field: String, _name: String, bytes: Vec<u8>| {
        let id = fields.iter().find(|(k, _)| k == "letter_id").and_then(|(_, v)| Uuid::parse_str(v.trim()).ok());
        Box::pin(async move {
            let id = id.ok_or(AppError::NotFound)?;
            let verification = leptos::prelude::use_context::<Arc<dyn VerificationPort>>().ok_or(AppError::Internal)?;
            let result = verification.match_file(id, bytes).await?;
            Ok(Stored::Answer(serde_json::to_string(&result).map_err(|_| AppError::Internal)?))
        })
    })
}
