//! The server's error type. Services return it; the ports map it to the UI's `AppError` and
//! plain routes answer it directly (`IntoResponse`). Internal causes are logged with context and
//! never sent to clients.

use app::AppError;
use axum::response::{IntoResponse, Response};
use domain::Problems;
use http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    /// Field name → messages (Indonesian); the empty key holds form-wide messages.
    #[error("invalid input: {0:?}")]
    Invalid(Problems),
    /// The request cannot be done as things stand; the message (Indonesian) says why.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A value the database holds that does not decode: a bug or tampering, never a default.
    #[error("stored data unreadable: {0}")]
    Corrupt(String),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("storage: {0}")]
    Storage(#[from] object_store::Error),
    #[error("{0}")]
    Other(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A form-wide validation message.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::field("", message)
    }
    pub fn field(name: &str, message: impl Into<String>) -> Error {
        Error::Invalid(Problems::from([(name.to_string(), vec![message.into()])]))
    }
    pub fn conflict(message: impl Into<String>) -> Error {
        Error::Conflict(message.into())
    }
    pub fn corrupt(what: impl Into<String>) -> Error {
        Error::Corrupt(what.into())
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> AppError {
        match e {
            Error::NotFound => AppError::NotFound,
            Error::Unauthorized => AppError::Unauthorized,
            Error::Forbidden => AppError::Forbidden,
            Error::Invalid(p) => AppError::Validation(p),
            Error::Conflict(m) => AppError::Conflict(m),
            internal => {
                tracing::error!(error = %internal, "internal error");
                AppError::Internal
            }
        }
    }
}

impl From<domain::TransitionError> for Error {
    fn from(e: domain::TransitionError) -> Error {
        Error::Conflict(e.to_string())
    }
}

/// Plain routes (downloads, the verification API) answer with `?`: the status and a short
/// Indonesian text; internal causes only reach the log.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let app = AppError::from(self);
        let status = StatusCode::from_u16(app.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let text = app.messages().join("\n");
        (status, text).into_response()
    }
}

impl Error {
    /// The response, with `not_found` as the text of a 404 (e.g. "Surat tidak ditemukan.").
    pub fn response_saying(self, not_found: &'static str) -> Response {
        match self {
            Error::NotFound => (StatusCode::NOT_FOUND, not_found).into_response(),
            other => other.into_response(),
        }
    }
}
