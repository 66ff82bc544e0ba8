//! The catalogue port: manifests as the UI shows them.

use crate::web::Web;
use app::AppError;
use app::catalogue::{CataloguePort, LetterTypeInfo};
use letters::Manifest;

/// What the UI shows of a letter type.
pub fn info(m: &Manifest, max_upload_bytes: u64) -> LetterTypeInfo {
    LetterTypeInfo {
        code: m.code.clone(),
        title: m.title.clone(),
        description: m.description.clone(),
        route: m.route,
        validity_days: m.validity_days,
        service_days: m.service_days,
        requirements: m.requirements.clone(),
        fields: m.fields.clone(),
        attachments: m.attachments.clone(),
        max_upload_bytes,
        bring: m.bring.clone(),
    }
}

#[async_trait::async_trait]
impl CataloguePort for Web {
    async fn letter_types(&self) -> Result<Vec<LetterTypeInfo>, AppError> {
        let c = &self.0.catalogue;
        Ok(c.all().iter().map(|m| info(m, c.max_upload_bytes)).collect())
    }
}
