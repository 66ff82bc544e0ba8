use crate::survey::IndexView;
use serde::{Deserialize, Serialize};

/// `minggu`: how many weeks back (4–52, default 12); `kantor`: one kelurahan/desa of the reach.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardQuery {
    #[serde(default)]
    pub minggu: Option<String>,
    #[serde(default)]
    pub kantor: Option<String>,
}

impl DashboardQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> DashboardQuery {
        let some = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        DashboardQuery { minggu: some("minggu"), kantor: some("kantor") }
    }
}

/// Counts of one week or one letter type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// "23 Nov" (the week's Monday) or the letter type's title.
    pub label: String,
    pub received: u64,
    pub finished: u64,
    pub returned: u64,
    pub rejected: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub scope_label: String,
    /// "1 September – 28 November 2026".
    pub period_label: String,
    pub weeks: Vec<Flow>,
    pub by_type: Vec<Flow>,
    /// Letters signed in the period; working days from submission to signature (the office's
    /// days: time back with the resident does not count), median and 90th percentile.
    pub signed: u64,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    /// Share of those signed within their letter type's standard, 0–100.
    pub within_standard: Option<f64>,
    /// Open requests by days since submission (label, count), and how many are late.
    pub backlog: Vec<(String, u64)>,
    pub overdue: u64,
    /// The satisfaction index of the reach this year, and its elements below "baik".
    pub skm: IndexView,
    pub skm_low: Vec<String>,
    /// Server-drawn charts (SVG markup): the weeks, the backlog.
    pub weeks_svg: String,
    pub backlog_svg: String,
    pub offices: Vec<(String, String)>,
    pub csv_url: String,
}
