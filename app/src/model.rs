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

pub use domain::{AttachmentSpec, FieldKind, FieldSpec, FieldValue, FieldValues, FileType, Problems};

/// A member of the signed-in resident's family card (KK), to pick in person fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyMember {
    pub nik: String,
    pub nama: String,
    pub hubungan_keluarga: String,
    pub tanggal_lahir: String,
    /// The signed-in resident (or the resident at the counter) themself.
    #[serde(default)]
    pub me: bool,
}

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
}

impl LetterTypeInfo {
    pub fn signer_label(&self) -> &'static str {
        match self.route {
            Route::Kelurahan => "Lurah (atau Sekretaris Kelurahan a.n. Lurah)",
            Route::Kecamatan => "Camat, setelah disetujui Lurah",
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
    /// Canonical values (see [`domain::fields::normalize`]).
    pub fn normalize(&self, values: FieldValues) -> FieldValues {
        domain::fields::normalize(&self.fields, values)
    }
    /// Checks every field; key → messages. `today` enables not-future dates (server side).
    pub fn check_fields(&self, values: &FieldValues, today: Option<chrono::NaiveDate>) -> Problems {
        domain::fields::check(&self.fields, values, today)
    }
    /// Checks the chosen attachments: every required one present, no unknown slot.
    pub fn check_attachment_slots<T>(&self, chosen: &BTreeMap<String, T>) -> Problems {
        let mut problems = Problems::new();
        for a in &self.attachments {
            if a.required && !chosen.contains_key(&a.name) {
                problems.entry(attachment_key(&a.name)).or_default().push(format!("{} wajib dilampirkan.", a.label));
            }
        }
        for slot in chosen.keys() {
            if !self.attachments.iter().any(|a| &a.name == slot) {
                problems
                    .entry(attachment_key(slot))
                    .or_default()
                    .push(format!("Lampiran \"{slot}\" tidak dikenal untuk surat ini."));
            }
        }
        problems
    }
}

/// The problem key of an attachment slot.
pub fn attachment_key(slot: &str) -> String {
    format!("lampiran.{slot}")
}

/// A file just uploaded, not yet part of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub id: Uuid,
    pub file_type: FileType,
    pub size_bytes: u64,
    pub name: String,
}

/// An attachment of a request, as shown beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: Uuid,
    pub slot: String,
    pub label: String,
    pub file_type: FileType,
    pub size_bytes: u64,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRequest {
    pub letter_type: String,
    pub fields: FieldValues,
    /// Attachment slot → the id of a file the resident uploaded.
    #[serde(default)]
    pub attachments: BTreeMap<String, Uuid>,
    /// The NIK of the member of the resident's KK the letter is for; None for the resident.
    #[serde(default)]
    pub subject: Option<String>,
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
    /// The signed-in official can sign it now (shown with a checkbox for batch signing).
    #[serde(default)]
    pub signable: bool,
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
    pub fields: FieldValues,
    /// People named in person fields, by NIK, as taken at submission. Residents see only the
    /// members of their own KK here; people given by NIK are shown to officials.
    pub persons: BTreeMap<String, ResidentView>,
    pub attachments: Vec<AttachmentView>,
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
    /// Who asked: the resident, or the clerk at the counter.
    #[serde(default)]
    pub requester: String,
    /// The letter is for someone other than the one who asked (a KK member, or at the counter).
    #[serde(default)]
    pub on_behalf: bool,
    /// Opened by a clerk at the counter.
    #[serde(default)]
    pub at_counter: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActInput {
    pub request_id: Uuid,
    pub action: Action,
    pub note: String,
    /// New field values when a returned request is resubmitted; empty otherwise.
    #[serde(default)]
    pub fields: FieldValues,
    /// Attachments replaced when a returned request is resubmitted: slot → uploaded file id.
    #[serde(default)]
    pub attachments: BTreeMap<String, Uuid>,
}

/// What anyone who scans a letter's QR code may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicLetter {
    pub id: Uuid,
    pub office_name: String,
    pub number: String,
    pub date_label: String,
    pub letter_title: String,
    pub resident_name: String,
    pub nik_masked: String,
    pub signer_name: String,
    pub signer_position: String,
    /// E.g. "23 November 2026 10.15 WITA".
    pub signed_at_label: String,
    /// RFC 3339, for machines.
    pub signed_at: String,
    /// `pades` (Serambi's own CA), `bsre`, or `terdaftar` (registered only, no embedded signature).
    pub signature_kind: String,
    pub certificate_subject: String,
    pub certificate_serial: String,
    pub certificate_issuer: String,
    pub sha256: String,
    /// Set when the letter was revoked: it no longer counts.
    pub revoked: Option<Revocation>,
    /// The person looking may revoke it (an admin or an official of the signing office).
    pub can_revoke: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revocation {
    pub reason: String,
    pub at_label: String,
}

/// How a file (or a hash) someone holds compares with the registered letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchResult {
    pub matches: bool,
    pub sha256: String,
    pub registered_sha256: String,
    /// What the signature embedded in an uploaded file says, when it has one.
    pub signature: Option<EmbeddedSignature>,
    /// The verdict in words.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmbeddedSignature {
    /// The whole file is signed and unchanged since.
    pub intact: bool,
    pub signer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HashCheck {
    pub letter_id: Uuid,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevokeInput {
    pub letter_id: Uuid,
    pub reason: String,
}

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

/// An office in the admin's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeSummary {
    pub code: String,
    pub kind: String,
    pub name: String,
}

/// The layout and numbering settings of an office that an admin may change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeLayout {
    /// `a4` or `f4`.
    pub paper: String,
    /// Top, right, bottom, left in millimetres.
    pub margins_mm: [i64; 4],
    /// One kop line per line; empty for the default tiers.
    pub kop_lines: String,
    pub number_pattern: String,
    /// `kantor` or `klasifikasi`.
    pub counter_scope: String,
    pub address: String,
    pub place: String,
    pub unit_code: String,
}

/// An office's settings, as the admin sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeSettings {
    pub code: String,
    pub kind: String,
    pub name: String,
    #[serde(flatten)]
    pub layout: OfficeLayout,
    pub has_emblem: bool,
    /// What the pattern gives for a Domisili letter signed today as the 7th of the year.
    pub number_example: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeSettingsInput {
    pub code: String,
    #[serde(flatten)]
    pub layout: OfficeLayout,
    #[serde(default)]
    pub remove_emblem: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> LetterTypeInfo {
        LetterTypeInfo {
            code: "x".into(),
            title: "X".into(),
            description: String::new(),
            route: domain::Route::Kelurahan,
            validity_days: 0,
            service_days: 1,
            requirements: vec![],
            fields: vec![],
            attachments: vec![
                AttachmentSpec {
                    name: "kk".into(),
                    label: "Kartu Keluarga".into(),
                    required: true,
                    help: None,
                    accept: vec![],
                },
                AttachmentSpec {
                    name: "lain".into(),
                    label: "Lain".into(),
                    required: false,
                    help: None,
                    accept: vec![],
                },
            ],
            max_upload_bytes: 1,
        }
    }

    #[test]
    fn required_attachments_and_unknown_slots_are_reported() {
        let none: BTreeMap<String, Uuid> = BTreeMap::new();
        let p = info().check_attachment_slots(&none);
        assert_eq!(p["lampiran.kk"], ["Kartu Keluarga wajib dilampirkan."]);
        let odd = BTreeMap::from([("kk".to_string(), Uuid::nil()), ("foto".to_string(), Uuid::nil())]);
        let p = info().check_attachment_slots(&odd);
        assert_eq!(p.keys().collect::<Vec<_>>(), ["lampiran.foto"]);
        assert_eq!(info().validity_label(), "tidak dibatasi");
    }
}

/// Registration, step one: what the resident knows of their own record.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IdentityAnswers {
    pub nik: String,
    pub no_kk: String,
    /// YYYY-MM-DD (a date input).
    pub tanggal_lahir: String,
    pub nama_ibu: String,
}

impl std::fmt::Debug for IdentityAnswers {
    // Identity numbers and answers never reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityAnswers { .. }")
    }
}

/// Registration: the identity matched; the ticket lets the resident set a password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterTicket {
    pub ticket: String,
    /// The name in the record, so the resident sees whose account this becomes.
    pub nama: String,
    pub minutes_valid: i64,
}

/// Registration, step two.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NewPassword {
    pub ticket: String,
    pub password: String,
    pub password2: String,
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword { .. }")
    }
}

/// A clerk looks up the resident at the counter (the NIK travels in the body, never the URL).
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CounterSearch {
    pub nik: String,
}

impl std::fmt::Debug for CounterSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CounterSearch { .. }")
    }
}

/// The resident found at the counter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterResident {
    pub record: ResidentView,
    pub family: Vec<FamilyMember>,
    pub has_account: bool,
    pub warnings: Vec<String>,
}

/// A request opened by a clerk for the resident at the counter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterRequest {
    pub nik: String,
    pub request: NewRequest,
}

/// A resident's note that their record looks wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CorrectionInput {
    /// Labels of the fields that look wrong (from [`CORRECTION_FIELDS`]).
    pub fields: Vec<String>,
    pub note: String,
}

/// What a resident may say is wrong.
pub const CORRECTION_FIELDS: [&str; 12] = [
    "Nama",
    "NIK",
    "No. KK",
    "Tempat lahir",
    "Tanggal lahir",
    "Jenis kelamin",
    "Agama",
    "Status perkawinan",
    "Pekerjaan",
    "Alamat / RT / RW",
    "Anggota keluarga",
    "Lainnya",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionView {
    pub id: Uuid,
    pub name: String,
    /// The whole NIK for the kelurahan's officials; masked for the resident's own list.
    pub nik: String,
    pub fields: String,
    pub note: String,
    pub done: bool,
    pub response: Option<String>,
    pub created_label: String,
    pub handled_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionResponse {
    pub id: Uuid,
    pub response: String,
}

/// One population import as the admin page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: Uuid,
    pub source_name: String,
    /// berjalan, selesai or gagal.
    pub status: String,
    pub rows_total: u64,
    pub rows_ok: u64,
    pub rows_rejected: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub message: Option<String>,
    pub started_label: String,
    pub seconds: Option<f64>,
    pub report_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub import: ImportView,
    /// The first problems (the report has all of them).
    pub problems: Vec<ImportProblem>,
}
