//! Signing: one passphrase entry signs one or many verified requests.

mod api;
mod dto;
mod form;

pub use api::*;
pub use dto::*;
pub use form::SignForm;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait SigningPort: Send + Sync + 'static {
        /// Signs the chosen requests with one passphrase entry (one signing session).
        async fn sign_letters(&self, input: SignInput) -> Result<Vec<SignOutcome>, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::SigningPort;
