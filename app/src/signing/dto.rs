//! Signing several verified requests with one passphrase entry.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Sign several verified requests with one passphrase entry.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInput {
    pub request_ids: Vec<Uuid>,
    /// Typed by the official; never stored or logged.
    pub passphrase: String,
}

impl std::fmt::Debug for SignInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInput").field("request_ids", &self.request_ids).field("passphrase", &"***").finish()
    }
}

/// What happened to one request of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOutcome {
    pub request_id: Uuid,
    /// The letter number when it was signed.
    pub number: Option<String>,
    /// Why it was not signed.
    pub error: Option<String>,
}
