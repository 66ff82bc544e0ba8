//! The ports through which server functions reach the backend. Declared here, implemented by
//! the `server` crate and provided as context; the UI crate knows nothing of SQL, typst or keys.

use crate::error::AppError;
use crate::model::*;
use async_trait::async_trait;
use std::sync::Arc;
use uuid::Uuid;

#[async_trait]
pub trait Backend: Send + Sync + 'static {
    /// The signed-in user of the current request, if any (read from the session cookie).
    async fn current_user(&self) -> Result<Option<SessionUser>, AppError>;
    /// Checks the credentials and starts a session (sets the cookie on the response).
    async fn login(&self, input: LoginInput) -> Result<SessionUser, AppError>;
    async fn logout(&self) -> Result<(), AppError>;

    async fn letter_types(&self) -> Result<Vec<LetterTypeInfo>, AppError>;
    async fn my_record(&self, actor: &SessionUser) -> Result<ResidentView, AppError>;
    /// The members of the signed-in resident's KK.
    async fn family_members(&self, actor: &SessionUser) -> Result<Vec<FamilyMember>, AppError>;
    /// Stores an uploaded supporting document (type sniffed from the bytes) for a later request.
    async fn upload(&self, actor: &SessionUser, name: String, bytes: Vec<u8>) -> Result<UploadedFile, AppError>;
    /// The largest upload accepted, in bytes.
    fn max_upload_bytes(&self) -> u64;
    async fn my_requests(&self, actor: &SessionUser) -> Result<Vec<RequestSummary>, AppError>;
    async fn submit(&self, actor: &SessionUser, input: NewRequest) -> Result<Uuid, AppError>;
    async fn queue(&self, actor: &SessionUser, filter: QueueFilter) -> Result<Vec<RequestSummary>, AppError>;
    async fn request_detail(&self, actor: &SessionUser, id: Uuid) -> Result<RequestDetail, AppError>;
    async fn act(&self, actor: &SessionUser, input: ActInput) -> Result<RequestDetail, AppError>;
    /// Signs the chosen requests with one passphrase entry (one signing session).
    async fn sign_letters(&self, actor: &SessionUser, input: SignInput) -> Result<Vec<SignOutcome>, AppError>;

    /// Admin: the offices, and one office's layout and numbering settings.
    async fn offices(&self, actor: &SessionUser) -> Result<Vec<OfficeSummary>, AppError>;
    async fn office_settings(&self, actor: &SessionUser, code: String) -> Result<OfficeSettings, AppError>;
    /// Checks the settings (a sample letter must render with them) and saves them.
    async fn save_office_settings(
        &self,
        actor: &SessionUser,
        input: OfficeSettingsInput,
    ) -> Result<OfficeSettings, AppError>;
    /// A new emblem image (PNG or JPEG) for an office's kop surat.
    async fn set_office_emblem(
        &self,
        actor: &SessionUser,
        code: String,
        bytes: Vec<u8>,
    ) -> Result<OfficeSettings, AppError>;

    /// Public: the registered letter behind a QR code.
    async fn verify_letter(&self, id: Uuid) -> Result<Option<PublicLetter>, AppError>;
    /// Public: does this file match the registered letter?
    async fn match_file(&self, id: Uuid, bytes: Vec<u8>) -> Result<MatchResult, AppError>;
    /// Public: does this SHA-256 match the registered letter?
    async fn match_hash(&self, input: HashCheck) -> Result<MatchResult, AppError>;
    /// An admin or the signing office withdraws a letter, with a reason.
    async fn revoke_letter(&self, actor: &SessionUser, input: RevokeInput) -> Result<PublicLetter, AppError>;

    /// Registration, step one: checks NIK, KK, birth date and mother's name against the
    /// population record (with attempt limits) and hands out a ticket for step two.
    async fn register_identity(&self, input: IdentityAnswers) -> Result<RegisterTicket, AppError>;
    /// Registration, step two: sets the password, creates the account and starts a session.
    async fn register_password(&self, input: NewPassword) -> Result<SessionUser, AppError>;

    /// A clerk finds the resident at the counter (in the clerk's own kelurahan).
    async fn counter_lookup(&self, actor: &SessionUser, input: CounterSearch) -> Result<CounterResident, AppError>;
    /// A clerk opens a request for the resident at the counter.
    async fn counter_submit(&self, actor: &SessionUser, input: CounterRequest) -> Result<Uuid, AppError>;

    /// A resident reports that their record looks wrong.
    async fn report_correction(&self, actor: &SessionUser, input: CorrectionInput) -> Result<CorrectionView, AppError>;
    /// A resident's own notes, or a kelurahan official's notes to handle.
    async fn corrections(&self, actor: &SessionUser) -> Result<Vec<CorrectionView>, AppError>;
    async fn resolve_correction(
        &self,
        actor: &SessionUser,
        input: CorrectionResponse,
    ) -> Result<CorrectionView, AppError>;

    /// Admin: population imports, newest first, and one import with its first problems.
    async fn imports(&self, actor: &SessionUser) -> Result<Vec<ImportView>, AppError>;
    async fn import_detail(&self, actor: &SessionUser, id: Uuid) -> Result<ImportReport, AppError>;
    /// Admin: somewhere to stream an uploaded population file to; finishing it starts the import.
    async fn import_upload(&self, actor: &SessionUser) -> Result<Box<dyn ImportUpload>, AppError>;

    /// Sets the HTTP status of the current response (used for error pages and refusals).
    fn set_status(&self, status: u16);
}

/// An uploaded population file on its way to disk.
#[async_trait]
pub trait ImportUpload: Send {
    /// Appends a chunk; refuses (413) past the size cap.
    async fn write(&mut self, chunk: &[u8]) -> Result<(), AppError>;
    /// The whole file is there: starts the import in the background.
    async fn finish(self: Box<Self>, name: String) -> Result<ImportView, AppError>;
}

/// The backend provided as context by the server.
pub type SharedBackend = Arc<dyn Backend>;

pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>().ok_or(AppError::Internal)
}
