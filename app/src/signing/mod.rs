//! Signing: one passphrase entry signs one or many verified requests; officials' certificates
//! (asked for by the official, approved by the city administrator, revocable).

mod api;
mod certificates;
mod dto;
mod enrolment;
mod form;

pub use api::*;
pub use certificates::{CertificateRequests, RevokeForm};
pub use dto::*;
pub use enrolment::OwnCertificate;
pub use form::SignForm;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait SigningPort: Send + Sync + 'static {
        /// Signs the chosen requests with one passphrase entry (one signing session).
        async fn sign_letters(&self, input: SignInput) -> Result<Vec<SignOutcome>, AppError>;
        /// The signed-in official's certificate and waiting request.
        async fn certificate_standing(&self) -> Result<CertificateStanding, AppError>;
        /// The official asks for a certificate; the key is made and sealed under the passphrase now.
        async fn ask_certificate(&self, input: CertificateAsk) -> Result<CertificateStanding, AppError>;
        async fn change_passphrase(&self, input: PassphraseChange) -> Result<(), AppError>;
        /// City administrator: waiting requests, and deciding them.
        async fn waiting_certificates(&self) -> Result<Vec<PendingCertificate>, AppError>;
        async fn approve_certificate(&self, input: CertificateApproval) -> Result<IssuedCertificate, AppError>;
        async fn refuse_certificate(&self, input: CertificateRefusal) -> Result<(), AppError>;
        /// City administrator: revokes the certificate of the official behind an account.
        async fn revoke_certificate(&self, input: CertificateRevocation) -> Result<(), AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::SigningPort;
