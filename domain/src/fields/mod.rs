//! The extra fields of a letter type, as its manifest declares them, and the rules their values
//! obey. The browser runs these rules before sending a form and the server runs them again on
//! everything it receives: one source of truth, two places.
//!
//! Values travel as text (`FieldValue::Text`) or, for repeatable groups, as rows of text
//! (`FieldValue::Rows`). `normalize` turns what people type ("Rp 1.500.000", "9.05") into one
//! canonical form before checking and storing.

mod money;
mod spec;
#[cfg(test)]
mod tests;
mod values;

pub use money::{format_rupiah, terbilang, terbilang_rupiah};
pub use values::{check, normalize, normalize_text, person_refs};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// A whole number (e.g. an age or a count).
    Number,
    /// An amount in Rupiah, whole rupiah.
    Money,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A time of day, `HH:MM`.
    Time,
    /// One of the manifest's `choices`.
    Choice,
    /// A member of the subject's family card (KK), picked from a list; the value is their NIK.
    PersonKk,
    /// Anyone in the population record, given by NIK and looked up by the server.
    PersonNik,
    /// Repeatable rows of sub-fields (heirs, witnesses, family members moving).
    Group,
}

impl FieldKind {
    pub fn is_person(self) -> bool {
        matches!(self, FieldKind::PersonKk | FieldKind::PersonNik)
    }
}

/// Default caps so that no field is unbounded even when its manifest sets no limit.
pub const DEFAULT_MAX_TEXT: u32 = 200;
pub const DEFAULT_MAX_LONG_TEXT: u32 = 2000;
pub const DEFAULT_MAX_ROWS: u32 = 20;
/// Rp 1 000 000 000 000 000: more than any income or asset a kelurahan letter states.
pub const MAX_MONEY: i64 = 1_000_000_000_000_000;

/// One field of a letter type, as declared in `letter.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Key in the stored values and in the template's data: `a-z`, `0-9`, `_`.
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    /// Longest text, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    /// Smallest and largest value of a number or money field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// A date that must not be after today (births, deaths, losses).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_future: bool,
    /// The options of a choice field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A plausible value, used as sample data when the template is checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The sub-fields of a group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}

/// A field's value: text for every kind except groups, which hold rows of sub-field texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    Text(String),
    Rows(Vec<BTreeMap<String, String>>),
}

impl FieldValue {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(s) => Some(s),
            FieldValue::Rows(_) => None,
        }
    }
    pub fn rows(&self) -> &[BTreeMap<String, String>] {
        match self {
            FieldValue::Rows(r) => r,
            FieldValue::Text(_) => &[],
        }
    }
}

pub type FieldValues = BTreeMap<String, FieldValue>;

/// Problems by key: `name` for a field, `group.0.sub` for a sub-field in a group's first row,
/// `""` for the form as a whole. Messages are in Indonesian.
pub type Problems = BTreeMap<String, Vec<String>>;

/// The key under which a group row's sub-field is reported (rows count from 0).
pub fn row_key(group: &str, row: usize, sub: &str) -> String {
    format!("{group}.{row}.{sub}")
}

/// Values as a plain form posts them: one text per key, `name` for a field and
/// `group.row.sub` ([`row_key`]) for a group row's sub-field.
pub fn to_flat(values: &FieldValues) -> BTreeMap<String, String> {
    let mut flat = BTreeMap::new();
    for (name, value) in values {
        match value {
            FieldValue::Text(t) => {
                flat.insert(name.clone(), t.clone());
            }
            FieldValue::Rows(rows) => {
                for (i, row) in rows.iter().enumerate() {
                    for (sub, t) in row {
                        flat.insert(row_key(name, i, sub), t.clone());
                    }
                }
            }
        }
    }
    flat
}

/// The values of a plain form's keys ([`to_flat`]'s inverse). A group's rows are taken in the
/// order of their numbers; gaps (a row removed) close up. Keys of another shape are dropped.
pub fn from_flat(flat: &BTreeMap<String, String>) -> FieldValues {
    let mut values = FieldValues::new();
    let mut groups: BTreeMap<String, BTreeMap<usize, BTreeMap<String, String>>> = BTreeMap::new();
    for (key, text) in flat {
        let parts: Vec<&str> = key.split('.').collect();
        match parts.as_slice() {
            [name] if !name.is_empty() => {
                values.insert(name.to_string(), FieldValue::Text(text.clone()));
            }
            [group, row, sub] if !group.is_empty() && !sub.is_empty() => {
                // A row number of a plain form is small; anything else is not ours.
                if let Ok(row) = row.parse::<usize>()
                    && row < 1000
                {
                    let rows = groups.entry(group.to_string()).or_default();
                    rows.entry(row).or_default().insert(sub.to_string(), text.clone());
                }
            }
            _ => {}
        }
    }
    for (group, rows) in groups {
        values.insert(group, FieldValue::Rows(rows.into_values().collect()));
    }
    values
}
