//! `letter.toml`: what a letter type is and what it asks for.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    Kelurahan,
    Kecamatan,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    pub max_len: Option<u32>,
    pub help: Option<String>,
    /// A plausible value, used as sample data when checking the template.
    pub example: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub name: String,
    pub label: String,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub code: String,
    pub title: String,
    pub description: String,
    /// Classification code for the letter number, e.g. 400.12.2.1.
    pub classification: String,
    pub route: Route,
    pub validity_days: u32,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

impl Manifest {
    /// Rules TOML cannot express. Returns the first problem, in Indonesian.
    pub fn check(&self, folder: &str) -> Result<(), String> {
        if self.code != folder {
            return Err(format!("code \"{}\" harus sama dengan nama foldernya \"{folder}\"", self.code));
        }
        if !self.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err("code hanya boleh berisi huruf kecil, angka dan tanda -".into());
        }
        if self.title.trim().is_empty() {
            return Err("title tidak boleh kosong".into());
        }
        let mut names = std::collections::HashSet::new();
        for f in &self.fields {
            if !f.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') || f.name.is_empty() {
                return Err(format!("nama isian \"{}\" hanya boleh berisi huruf kecil, angka dan _", f.name));
            }
            if !names.insert(f.name.as_str()) {
                return Err(format!("nama isian \"{}\" dipakai dua kali", f.name));
            }
            if f.max_len == Some(0) {
                return Err(format!("max_len isian \"{}\" harus lebih dari 0", f.name));
            }
        }
        Ok(())
    }

    /// Plausible values for every field, to check the template at start-up.
    pub fn sample_fields(&self) -> serde_json::Map<String, serde_json::Value> {
        self.fields
            .iter()
            .map(|f| {
                let v = match f.kind {
                    _ if f.example.is_some() => f.example.clone().unwrap_or_default(),
                    FieldKind::Date => "2026-01-31".to_string(),
                    FieldKind::LongText => format!("Contoh {}\nbaris kedua", f.label.to_lowercase()),
                    FieldKind::Text => format!("Contoh {}", f.label.to_lowercase()),
                };
                (f.name.clone(), serde_json::Value::String(v))
            })
            .collect()
    }
}
