//! Notifications: one's contacts (e-mail, WhatsApp/SMS), verified with a one-time code, the
//! channel messages go to or "off" (on the account page), and the admin's view of the outbox.

mod api;
mod contacts;
mod dto;
mod outbox;

pub use api::*;
pub use contacts::ContactSettingsCard;
pub use dto::*;
pub use outbox::OutboxPage;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait NotificationsPort: Send + Sync + 'static {
        /// The signed-in person's contacts and choice.
        async fn contact_settings(&self) -> Result<ContactSettings, AppError>;
        /// Sets an address on a channel (unverified) and sends it a one-time code (limited).
        async fn add_contact(&self, input: ContactInput) -> Result<ContactSettings, AppError>;
        /// Checks the code (attempt-limited); the first verified contact becomes the channel.
        async fn verify_contact(&self, input: ContactCodeInput) -> Result<ContactSettings, AppError>;
        /// Chooses a verified channel, or turns messages off.
        async fn choose(&self, input: NotifyChoiceInput) -> Result<ContactSettings, AppError>;
        /// The admin's view of the outbox; 403 for others.
        async fn outbox(&self) -> Result<OutboxView, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::NotificationsPort;
