//! What the UI and the server exchange about notifications: one's contacts and choice, and the
//! admin's view of the outbox.

pub use domain::ContactChannel;
use serde::{Deserialize, Serialize};

/// One's own notification settings (the account page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactSettings {
    pub contacts: Vec<ContactView>,
    /// Where messages go; None: nowhere yet.
    pub channel: Option<ContactChannel>,
    /// Messages are on.
    pub enabled: bool,
    /// The channels this deployment can send through.
    pub available: Vec<ContactChannel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactView {
    pub channel: ContactChannel,
    /// The address as stored (the owner's own page only).
    pub address: String,
    pub verified: bool,
    /// A code was sent and is still valid.
    pub code_pending: bool,
}

/// A new address for a channel; a code is sent to it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactInput {
    pub channel: ContactChannel,
    pub address: String,
}

/// The one-time code received on a channel.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactCodeInput {
    pub channel: ContactChannel,
    pub code: String,
}

secret_debug!(ContactInput, ContactCodeInput);

/// Where messages go, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotifyChoice {
    Email,
    Wa,
    Mati,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotifyChoiceInput {
    pub choice: NotifyChoice,
}

/// The admin's view of the outbox: counts per status and the latest messages not sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxView {
    /// (status, count): menunggu, terkirim, gagal, tanpa_kanal.
    pub counts: Vec<(String, i64)>,
    pub unsent: Vec<OutboxRow>,
    pub available: Vec<ContactChannel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxRow {
    pub kind: String,
    pub channel: ContactChannel,
    /// Masked address.
    pub to: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_label: String,
}
