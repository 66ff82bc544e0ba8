//! What the UI and the server exchange about the population record: a resident's data, their
//! family, the counter look-up, data-correction notes and imports.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The population record of one person as shown. Field names are the ones the letter templates
/// read. The mother's name is not among them: it is a registration answer, and a family member
/// would see it (security review, finding 8); letters that print it get it on the server.
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
}

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

/// A resident's note that their record looks wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CorrectionInput {
    /// Labels of the fields that look wrong (from [`CORRECTION_FIELDS`]).
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// What a resident may say is wrong (a rule of the domain, shown as the form's choices).
pub use domain::population::CORRECTION_FIELDS;

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
    #[serde(default)]
    pub response: String,
}

/// One population import as the admin page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: Uuid,
    pub source_name: String,
    /// berjalan, selesai or gagal.
    pub status: String,
    /// While it runs: membaca (rows are read and written) or menyimpan (the last step).
    pub phase: Option<String>,
    /// Rows read so far while it runs; all of the file's rows once done.
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

/// One time an official opened or changed a resident's data, as the resident sees it
/// ("Riwayat akses data saya"): when, which office, which role; never the official's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessEntry {
    pub waktu: String,
    pub kantor: String,
    pub peran: String,
    pub kegiatan: String,
}
