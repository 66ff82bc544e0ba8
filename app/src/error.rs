//! The one error type that crosses the wire between server functions and the UI.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Data tidak ditemukan.")]
    NotFound,
    #[error("Silakan masuk terlebih dahulu.")]
    Unauthorized,
    #[error("Anda tidak berwenang melakukan ini.")]
    Forbidden,
    /// Field name → messages, all in Indonesian. The empty key holds form-wide messages.
    #[error("Periksa kembali isian Anda.")]
    Validation(BTreeMap<String, Vec<String>>),
    #[error("{0}")]
    Conflict(String),
    #[error("Terjadi kesalahan pada server. Silakan coba lagi.")]
    Internal,
    #[error("Gagal menghubungi server: {0}")]
    Transport(String),
}

impl AppError {
    /// A form-wide validation message.
    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::field("", message)
    }
    pub fn field(name: &str, message: impl Into<String>) -> AppError {
        AppError::Validation(BTreeMap::from([(name.to_string(), vec![message.into()])]))
    }
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
    /// Everything a person should read, one message per line.
    pub fn messages(&self) -> Vec<String> {
        match self {
            AppError::Validation(fields) => {
                let mut out: Vec<String> = fields.values().flatten().cloned().collect();
                if out.is_empty() {
                    out.push(self.to_string());
                }
                out
            }
            other => vec![other.to_string()],
        }
    }
    pub fn field_messages(&self, name: &str) -> Vec<String> {
        match self {
            AppError::Validation(fields) => fields.get(name).cloned().unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => AppError::Transport(e),
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::invalid("Isian tidak dapat dibaca. Muat ulang halaman lalu coba lagi.")
            }
            _ => AppError::Internal,
        }
    }
}
