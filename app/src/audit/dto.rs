//! What the audit page and the server exchange.

use chrono::NaiveDate;
use domain::AuditAction;
use serde::{Deserialize, Serialize};

/// The list's filters (all optional) and where the page starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AuditQuery {
    pub action: Option<AuditAction>,
    /// Text found in the actor's name, the subject or the detail.
    pub text: String,
    pub from: Option<NaiveDate>,
    /// The last day included.
    pub until: Option<NaiveDate>,
    /// Events before this sequence number (the next page); None = the newest.
    pub before: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at_label: String,
    pub action: AuditAction,
    /// Who acted: a name, or "baris perintah/sistem".
    pub actor: String,
    pub office: Option<String>,
    pub subject: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Where the next (older) page starts, if there is one.
    pub next_before: Option<i64>,
    /// "Semua kantor" or the office an office administrator sees.
    pub scope: String,
}
