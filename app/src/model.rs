//! Data that crosses between the server and the UI. Times are preformatted by the server in
//! the deployment's time zone so that server rendering and hydration agree.

use domain::{Action, RequestStatus, Role, Route};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub user_id: Uuid,
    pub name: String,
    pub role: Role,
    /// Kemendagri code of the office an official works at; None for residents and admins.
    pub office_code: Option<String>,
    pub office_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginInput {
    /// A resident's NIK, or an official's user name.
    pub login: String,
    pub password: String,
}

/// The population record of one person as shown and as printed on letters. Field names are
/// the ones the letter templates read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResidentView {
    pub nik: String,
    pub no_kk: String,
    pub nama: String,
    pub tempat_lahir: String,
    pub tanggal_lahir: String,
    pub jenis_kelamin: String,
    pub agama: String,
    pub status_perkawinan: String,
    pub pekerjaan: String,
    pub kewarganegaraan: String,
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub kelurahan: String,
    pub kecamatan: String,
    pub kota: String,
    pub hubungan_keluarga: String,
    pub nama_ibu: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSpec {
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub max_len: Option<u32>,
    pub help: Option<String>,
}

impl FieldSpec {
    /// The rules every field obeys, run in the browser before sending and again on the server.
    pub fn check(&self, value: &str) -> Result<(), String> {
        let value = value.trim();
        if value.is_empty() {
            return if self.required { Err(format!("{} wajib diisi.", self.label)) } else { Ok(()) };
        }
        if let Some(max) = self.max_len
            && value.chars().count() > max as usize
        {
            return Err(format!("{} paling banyak {max} karakter.", self.label));
        }
        if self.kind == FieldKind::Date && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err() {
            return Err(format!("{} harus berupa tanggal yang valid.", self.label));
        }
        if self.kind != FieldKind::LongText && value.contains(['\n', '\r']) {
            return Err(format!("{} harus satu baris.", self.label));
        }
        if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            return Err(format!("{} memuat karakter yang tidak diizinkan.", self.label));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentSpec {
    pub name: String,
    pub label: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterTypeInfo {
    pub code: String,
    pub title: String,
    pub description: String,
    pub route: Route,
    pub validity_days: u32,
    pub fields: Vec<FieldSpec>,
    pub attachments: Vec<AttachmentSpec>,
}

impl LetterTypeInfo {
    pub fn signer_label(&self) -> &'static str {
        match self.route {
            Route::Kelurahan => "Lurah",
            Route::Kecamatan => "Lurah, lalu Camat",
        }
    }
    /// Checks every field; field name → messages.
    pub fn check_fields(&self, values: &BTreeMap<String, String>) -> BTreeMap<String, Vec<String>> {
        let mut errors = BTreeMap::new();
        for spec in &self.fields {
            let value = values.get(&spec.name).map(String::as_str).unwrap_or("");
            if let Err(e) = spec.check(value) {
                errors.insert(spec.name.clone(), vec![e]);
            }
        }
        for name in values.keys() {
            if !self.fields.iter().any(|f| &f.name == name) {
                errors.insert(name.clone(), vec![format!("Isian \"{name}\" tidak dikenal untuk surat ini.")]);
            }
        }
        errors
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRequest {
    pub letter_type: String,
    pub fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: Uuid,
    pub letter_title: String,
    pub subject_name: String,
    pub kelurahan: String,
    pub status: RequestStatus,
    pub submitted_label: String,
    pub updated_label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum QueueFilter {
    /// Requests waiting for the official's own role.
    #[default]
    Menunggu,
    /// Everything the office has seen.
    Semua,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub at_label: String,
    pub actor_name: String,
    pub role: Role,
    pub from: Option<RequestStatus>,
    pub to: RequestStatus,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterView {
    pub id: Uuid,
    pub number: String,
    pub signed_label: String,
    pub signer_name: String,
    pub signer_position: String,
    pub download_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub id: Uuid,
    pub letter_type: LetterTypeInfo,
    pub status: RequestStatus,
    pub fields: BTreeMap<String, String>,
    /// The resident's data as taken at submission (what the letter will print).
    pub snapshot: ResidentView,
    /// The population record today (officials only), to compare with the snapshot.
    pub current_record: Option<ResidentView>,
    /// Inconsistencies between NIK and record that the clerk must see.
    pub record_warnings: Vec<String>,
    pub events: Vec<EventView>,
    pub letter: Option<LetterView>,
    pub actions: Vec<Action>,
    pub kelurahan: String,
    pub kecamatan: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActInput {
    pub request_id: Uuid,
    pub action: Action,
    pub note: String,
    /// New field values when a returned request is resubmitted; empty otherwise.
    pub fields: BTreeMap<String, String>,
}

/// What anyone who scans a letter's QR code may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicLetter {
    pub office_name: String,
    pub number: String,
    pub date_label: String,
    pub letter_title: String,
    pub resident_name: String,
    pub nik_masked: String,
    pub signer_name: String,
    pub signer_position: String,
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: FieldKind, required: bool, max_len: Option<u32>) -> FieldSpec {
        FieldSpec { name: "f".into(), label: "Keperluan".into(), kind, required, max_len, help: None }
    }

    #[test]
    fn field_rules_refuse_bad_values_with_indonesian_messages() {
        let cases = [
            (spec(FieldKind::Text, true, None), "   ", "wajib diisi"),
            (spec(FieldKind::Text, false, Some(3)), "abcd", "paling banyak 3"),
            (spec(FieldKind::Text, false, None), "satu\ndua", "satu baris"),
            (spec(FieldKind::Date, true, None), "31-12-2026", "tanggal yang valid"),
            (spec(FieldKind::Date, true, None), "2026-02-30", "tanggal yang valid"),
            (spec(FieldKind::LongText, false, None), "a\u{0}b", "tidak diizinkan"),
        ];
        for (spec, value, expected) in cases {
            let err = spec.check(value).expect_err(value);
            assert!(err.contains(expected), "{value:?}: {err}");
        }
    }

    #[test]
    fn field_rules_accept_good_values() {
        assert!(spec(FieldKind::Text, false, None).check("").is_ok());
        assert!(spec(FieldKind::LongText, true, Some(20)).check("baris satu\nbaris dua").is_ok());
        assert!(spec(FieldKind::Date, true, None).check("2026-11-23").is_ok());
        assert!(spec(FieldKind::Text, true, Some(5)).check("ééééé").is_ok(), "length counts characters");
    }

    #[test]
    fn unknown_fields_are_refused_by_name() {
        let info = LetterTypeInfo {
            code: "x".into(),
            title: "X".into(),
            description: String::new(),
            route: domain::Route::Kelurahan,
            validity_days: 1,
            fields: vec![spec(FieldKind::Text, true, None)],
            attachments: vec![],
        };
        let values = BTreeMap::from([("f".to_string(), "ok".to_string()), ("lain".to_string(), "x".to_string())]);
        let errors = info.check_fields(&values);
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["lain"]);
    }
}
