//! Verification: the public page behind a letter's QR code, comparing a file or a hash with the
//! registered letter, and revocation.

mod api;
mod dto;
mod verify;

pub use api::*;
pub use dto::*;
pub use verify::Verify;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;
    use uuid::Uuid;

    #[async_trait::async_trait]
    pub trait VerificationPort: Send + Sync + 'static {
        /// Public: the registered letter behind a QR code.
        async fn verify_letter(&self, id: Uuid) -> Result<Option<PublicLetter>, AppError>;
        /// Public: does this file match the registered letter?
        async fn match_file(&self, id: Uuid, bytes: Vec<u8>) -> Result<MatchResult, AppError>;
        /// Public: does this SHA-256 match the registered letter?
        async fn match_hash(&self, input: HashCheck) -> Result<MatchResult, AppError>;
        /// An admin or the signing office withdraws a letter, with a reason.
        async fn revoke_letter(&self, input: RevokeInput) -> Result<PublicLetter, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::VerificationPort;
