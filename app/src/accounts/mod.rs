//! Accounts: signing in and out, the signed-in user, and self-registration.

mod api;
mod dto;
mod login;
mod register;

pub use api::*;
pub use dto::*;
pub use login::Login;
pub use register::Register;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait AccountsPort: Send + Sync + 'static {
        /// The signed-in user of the current request, if any (read from the session cookie).
        async fn current_user(&self) -> Result<Option<SessionUser>, AppError>;
        /// Checks the credentials and starts a session (sets the cookie on the response).
        async fn login(&self, input: LoginInput) -> Result<SessionUser, AppError>;
        async fn logout(&self) -> Result<(), AppError>;
        /// Registration, step one: checks NIK, KK, birth date and mother's name against the
        /// population record (with attempt limits) and hands out a ticket for step two.
        async fn register_identity(&self, input: IdentityAnswers) -> Result<RegisterTicket, AppError>;
        /// Registration, step two: sets the password, creates the account and starts a session.
        async fn register_password(&self, input: NewPassword) -> Result<SessionUser, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::AccountsPort;
