//! Accounts: signing in and out, the signed-in user, self-registration, one's own password,
//! reset codes, and staff accounts managed by administrators.

mod activation;
mod api;
mod counter_reset;
mod dto;
mod login;
mod own;
mod recover;
mod register;
mod staff_detail;
mod staff_dto;
mod staff_list;
mod staff_new;

pub use activation::CounterActivation;
pub use api::*;
pub use counter_reset::CounterReset;
pub use dto::*;
pub use login::Login;
pub use own::OwnAccount;
pub use recover::Recover;
pub use register::Register;
pub use staff_detail::StaffPage;
pub use staff_dto::*;
pub use staff_list::StaffList;
pub use staff_new::NewStaff;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;
    use uuid::Uuid;

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
        /// Registration between the steps (posted without JavaScript): the ticket of step one
        /// this browser holds, if still valid.
        async fn pending_registration(&self) -> Result<Option<RegisterTicket>, AppError>;
        /// Forgets the ticket this browser holds, to start registration again.
        async fn restart_registration(&self) -> Result<(), AppError>;
        /// Changes one's own password; other sessions end, the one in use stays.
        async fn change_password(&self, input: PasswordChange) -> Result<(), AppError>;
        /// Sets a new password with a one-time reset code (limited per client); every session ends.
        async fn reset_with_code(&self, input: CodeReset) -> Result<(), AppError>;
        /// A kelurahan/desa clerk makes a reset code for a resident of their office.
        async fn resident_reset_code(&self, input: ResidentCodeInput) -> Result<ResetCodeView, AppError>;
        /// A clerk makes an activation code for a resident of their office without an account.
        async fn resident_activation_code(&self, input: ResidentCodeInput) -> Result<ResetCodeView, AppError>;
        /// A clerk undoes a registration made by someone else with a resident's answers.
        async fn undo_registration(&self, input: UndoRegistrationInput) -> Result<UndoneRegistration, AppError>;
        /// Administrators (of the city, or of one office): the staff accounts they see.
        async fn staff_list(&self, search: String) -> Result<Vec<StaffSummary>, AppError>;
        async fn staff_form_options(&self) -> Result<StaffFormOptions, AppError>;
        async fn create_staff(&self, input: NewStaffInput) -> Result<Uuid, AppError>;
        /// One account in the administrator's scope; 404 outside it.
        async fn staff_detail(&self, id: Uuid) -> Result<StaffDetail, AppError>;
        async fn update_staff(&self, input: StaffChangeInput) -> Result<StaffDetail, AppError>;
        /// Disabling ends the account's sessions at once.
        async fn set_staff_active(&self, input: StaffActiveInput) -> Result<StaffDetail, AppError>;
        /// A one-time reset code for a staff account, shown once.
        async fn staff_reset_code(&self, id: Uuid) -> Result<ResetCodeView, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::AccountsPort;
