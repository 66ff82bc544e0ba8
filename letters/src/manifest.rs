//! `letter.toml`: what a letter type is, who signs it, and what it asks for.

use domain::{AttachmentSpec, FieldSpec, Route};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Same as the folder name: `a-z`, `0-9`, `-`.
    pub code: String,
    pub title: String,
    /// One sentence for residents.
    pub description: String,
    /// Classification code for the letter number, e.g. 400.12.2.1.
    pub classification: String,
    /// `kelurahan` (signed by the lurah) or `kecamatan` (approved by the lurah, signed by the camat).
    pub route: Route,
    /// How long the letter stays valid, in days; 0 = not stated on the letter.
    pub validity_days: u32,
    /// How many working days the office promises to take.
    pub service_days: u32,
    /// Conditions residents must meet, shown before they start (e.g. "Pemohon adalah kepala keluarga").
    #[serde(default)]
    pub requirements: Vec<String>,
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    #[serde(default)]
    pub attachments: Vec<AttachmentSpec>,
    /// What the resident brings to the office when the letter is ready, if anything (the
    /// signed letter itself is downloaded), e.g. "Surat pernyataan ahli waris yang asli".
    #[serde(default)]
    pub bring: Vec<String>,
}

impl Manifest {
    /// Rules TOML cannot express; every problem, in Indonesian.
    pub fn check(&self, folder: &str) -> Vec<String> {
        let mut out = Vec::new();
        if self.code != folder {
            out.push(format!("code \"{}\" harus sama dengan nama foldernya \"{folder}\"", self.code));
        }
        if self.code.is_empty() || !self.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            out.push("code hanya boleh berisi huruf kecil, angka dan tanda -".into());
        }
        for (key, value) in
            [("title", &self.title), ("description", &self.description), ("classification", &self.classification)]
        {
            if value.trim().is_empty() {
                out.push(format!("{key} tidak boleh kosong"));
            }
        }
        if self.classification.contains(['/', '{', '}']) {
            out.push("classification tidak boleh memuat / { }".into());
        }
        if self.service_days == 0 {
            out.push("service_days harus paling sedikit 1 (hari kerja)".into());
        }
        let mut names = std::collections::HashSet::new();
        for f in &self.fields {
            if !names.insert(f.name.as_str()) {
                out.push(format!("nama isian \"{}\" dipakai dua kali", f.name));
            }
            out.extend(f.check_spec(false));
        }
        let mut names = std::collections::HashSet::new();
        for a in &self.attachments {
            if a.name.is_empty() || !a.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                out.push(format!("nama lampiran \"{}\" hanya boleh berisi huruf kecil, angka dan _", a.name));
            }
            if !names.insert(a.name.as_str()) {
                out.push(format!("nama lampiran \"{}\" dipakai dua kali", a.name));
            }
            if a.label.trim().is_empty() {
                out.push(format!("label lampiran \"{}\" tidak boleh kosong", a.name));
            }
        }
        out
    }
}
