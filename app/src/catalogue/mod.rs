//! The catalogue: the letter types on offer, what each needs, and the pages that list them.

mod api;
mod dto;
mod services;

pub use api::*;
pub use dto::*;
pub use services::{LetterCatalogue, ServicePage, Services};

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait CataloguePort: Send + Sync + 'static {
        async fn letter_types(&self) -> Result<Vec<LetterTypeInfo>, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::CataloguePort;
