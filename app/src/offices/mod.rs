//! Offices: an office's layout and numbering settings, changed by an admin.

mod admin;
mod api;
mod dto;

pub use admin::{OfficePage, Offices};
pub use api::*;
pub use dto::*;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait OfficesPort: Send + Sync + 'static {
        /// Admin: the offices (with the region list edition in use), and one office's layout
        /// and numbering settings.
        async fn offices(&self) -> Result<OfficeList, AppError>;
        async fn office_settings(&self, code: String) -> Result<OfficeSettings, AppError>;
        /// Checks the settings (a sample letter must render with them) and saves them.
        async fn save_office_settings(&self, input: OfficeSettingsInput) -> Result<OfficeSettings, AppError>;
        /// A new emblem image (PNG or JPEG) for an office's kop surat.
        async fn set_office_emblem(&self, code: String, bytes: Vec<u8>) -> Result<OfficeSettings, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::OfficesPort;
