//! The letter types on offer, as the UI shows them.

use domain::Route;
use serde::{Deserialize, Serialize};

pub use domain::attachment::attachment_key;
pub use domain::{AttachmentSpec, FieldKind, FieldSpec, FieldValue, FieldValues, FileType, Problems};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterTypeInfo {
    pub code: String,
    pub title: String,
    pub description: String,
    pub route: Route,
    /// Days the letter stays valid; 0 = not stated.
    pub validity_days: u32,
    /// Working days the office takes.
    pub service_days: u32,
    pub requirements: Vec<String>,
    pub fields: Vec<FieldSpec>,
    pub attachments: Vec<AttachmentSpec>,
    /// The largest upload accepted, in bytes (a deployment setting).
    pub max_upload_bytes: u64,
    /// What the resident brings to the office when the letter is ready; empty: nothing.
    #[serde(default)]
    pub bring: Vec<String>,
}

impl LetterTypeInfo {
    pub fn signer_label(&self) -> &'static str {
        match self.route {
            Route::Kelurahan => "Lurah atau Kepala Desa (atau sekretarisnya, a.n.)",
            Route::Kecamatan => "Camat, setelah disetujui Lurah atau Kepala Desa",
        }
    }
    /// "3 hari kerja".
    pub fn service_label(&self) -> String {
        format!("{} hari kerja", self.service_days)
    }
    /// "90 hari sejak ditandatangani" or "tidak dibatasi".
    pub fn validity_label(&self) -> String {
        if self.validity_days == 0 {
            "tidak dibatasi".into()
        } else {
            format!("{} hari sejak ditandatangani", self.validity_days)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_without_days_is_unlimited() {
        let info = LetterTypeInfo {
            code: "x".into(),
            title: "X".into(),
            description: String::new(),
            route: domain::Route::Kelurahan,
            validity_days: 0,
            service_days: 1,
            requirements: vec![],
            fields: vec![],
            attachments: vec![],
            bring: vec![],
            max_upload_bytes: 1,
        };
        assert_eq!(info.validity_label(), "tidak dibatasi");
        assert_eq!(info.service_label(), "1 hari kerja");
    }
}
