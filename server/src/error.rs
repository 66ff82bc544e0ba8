//! The server's error type. Internal causes are logged with context and never sent to clients.

use app::AppError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("storage: {0}")]
    Storage(#[from] object_store::Error),
    #[error("{0}")]
    Other(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for AppError {
    fn from(e: Error) -> AppError {
        match e {
            Error::App(e) => e,
            other => {
                tracing::error!(error = %other, "internal error");
                AppError::Internal
            }
        }
    }
}

impl From<domain::TransitionError> for Error {
    fn from(e: domain::TransitionError) -> Error {
        Error::App(AppError::Conflict(e.to_string()))
    }
}
