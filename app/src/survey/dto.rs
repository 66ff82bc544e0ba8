//! What the survey's pages and the server exchange.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One response as a form posts it: the nine answers `u1`…`u9` ("1"–"4") and a suggestion.
/// Signed in, `request_id` names the request; from the tracking page, its `reference` and the
/// `tanggal_lahir` of the person it is for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyInput {
    #[serde(default)]
    pub request_id: Option<Uuid>,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub tanggal_lahir: Option<String>,
    #[serde(default)]
    pub u1: Option<String>,
    #[serde(default)]
    pub u2: Option<String>,
    #[serde(default)]
    pub u3: Option<String>,
    #[serde(default)]
    pub u4: Option<String>,
    #[serde(default)]
    pub u5: Option<String>,
    #[serde(default)]
    pub u6: Option<String>,
    #[serde(default)]
    pub u7: Option<String>,
    #[serde(default)]
    pub u8: Option<String>,
    #[serde(default)]
    pub u9: Option<String>,
    #[serde(default)]
    pub saran: Option<String>,
}

impl SurveyInput {
    /// The nine answers in order, as typed.
    pub fn answers(&self) -> [Option<&str>; 9] {
        [&self.u1, &self.u2, &self.u3, &self.u4, &self.u5, &self.u6, &self.u7, &self.u8, &self.u9].map(|a| a.as_deref())
    }
}

/// Which results: a period ("2026", "2026-S2" semester, "2026-T4" quarter, "2026-11" month;
/// default this year), optionally one letter type and one kelurahan/desa of the caller's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyQuery {
    #[serde(default)]
    pub periode: Option<String>,
    #[serde(default)]
    pub jenis: Option<String>,
    #[serde(default)]
    pub kantor: Option<String>,
}

impl SurveyQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> SurveyQuery {
        let some = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        SurveyQuery { periode: some("periode"), jenis: some("jenis"), kantor: some("kantor") }
    }
}

/// One element's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementResult {
    pub code: String,
    pub name: String,
    /// Sum of answers and the average (NRR).
    pub sum: u64,
    pub average: f64,
    /// Below "baik" on the regulation's scale: to improve.
    pub low: bool,
}

/// An index over some responses; its figures are withheld below 5 respondents, so no answer
/// can be told apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexView {
    /// What it covers: a letter type's title or an office's name ("Semua" for the whole).
    pub label: String,
    pub respondents: u64,
    /// None below 5 respondents.
    pub ikm: Option<f64>,
    /// "A"–"D" and "Sangat baik"…"Tidak baik".
    pub category: Option<String>,
    pub category_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResult {
    /// "Kelurahan Oebobo", "Kecamatan Oebobo", "Kota Kupang".
    pub scope_label: String,
    /// "Tahun 2026", "Triwulan IV 2026", …; the dates it covers.
    pub period_label: String,
    pub from: String,
    pub until: String,
    /// The whole, and each element (empty below 5 respondents).
    pub total: IndexView,
    pub elements: Vec<ElementResult>,
    /// Σ NRR × 1/9.
    pub weighted: Option<f64>,
    pub by_letter_type: Vec<IndexView>,
    /// Per kelurahan/desa (for a camat and the city).
    pub by_office: Vec<IndexView>,
    /// Suggestions, newest first, with their month only.
    pub suggestions: Vec<(String, String)>,
    /// The kelurahan/desa the caller may narrow to (code, name).
    pub offices: Vec<(String, String)>,
    /// The address of the CSV export of this view.
    pub csv_url: String,
}
