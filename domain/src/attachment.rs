//! Supporting documents a letter type asks for, and the file types accepted for them. The type
//! of an upload is decided from its bytes, never from its name or the browser's claim.

use crate::fields::Problems;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
}

impl FileType {
    pub const ALL: [FileType; 3] = [FileType::Pdf, FileType::Jpeg, FileType::Png];

    /// The type the bytes really are, from their signature; `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<FileType> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else {
            None
        }
    }
    pub fn mime(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Jpeg => "JPEG",
            FileType::Png => "PNG",
        }
    }
    pub fn parse(s: &str) -> Option<FileType> {
        FileType::ALL.into_iter().find(|t| t.extension() == s || (s == "jpeg" && *t == FileType::Jpeg))
    }
    pub fn is_image(self) -> bool {
        self != FileType::Pdf
    }
}

/// One supporting document of a letter type, as declared in `letter.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentSpec {
    /// `a-z`, `0-9`, `_`.
    pub name: String,
    pub label: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Accepted types; empty means PDF, JPEG and PNG.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<FileType>,
}

impl AttachmentSpec {
    pub fn accepts(&self, t: FileType) -> bool {
        self.accept.is_empty() || self.accept.contains(&t)
    }
    /// "PDF, JPEG atau PNG".
    pub fn accepted_label(&self) -> String {
        let types: Vec<&str> = if self.accept.is_empty() { FileType::ALL.to_vec() } else { self.accept.clone() }
            .iter()
            .map(|t| t.label())
            .collect();
        match types.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} atau {last}", rest.join(", ")),
            Some((last, _)) => last.to_string(),
            None => String::new(),
        }
    }
    /// The `accept` attribute of a file input.
    pub fn html_accept(&self) -> String {
        let types = if self.accept.is_empty() { FileType::ALL.to_vec() } else { self.accept.clone() };
        types.iter().map(|t| format!("{},.{}", t.mime(), t.extension())).collect::<Vec<_>>().join(",")
    }
}

/// "2,5 MB" / "300 KB".
pub fn size_label(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{},{} MB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The problem key of an attachment slot.
pub fn attachment_key(slot: &str) -> String {
    format!("lampiran.{slot}")
}

/// Checks the chosen attachment slots of a letter type: every required one present, no unknown
/// slot. The same rule in the browser and on the server.
pub fn check_slots<'a>(specs: &[AttachmentSpec], chosen: impl IntoIterator<Item = &'a String>) -> Problems {
    let chosen: Vec<&String> = chosen.into_iter().collect();
    let mut problems = Problems::new();
    for a in specs {
        if a.required && !chosen.contains(&&a.name) {
            problems.entry(attachment_key(&a.name)).or_default().push(format!("{} wajib dilampirkan.", a.label));
        }
    }
    for slot in chosen {
        if !specs.iter().any(|a| &a.name == slot) {
            problems
                .entry(attachment_key(slot))
                .or_default()
                .push(format!("Lampiran \"{slot}\" tidak dikenal untuk surat ini."));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(FileType::Jpeg));
        assert_eq!(FileType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FileType::Png));
        assert_eq!(FileType::sniff(b"<html><script>"), None);
        assert_eq!(FileType::sniff(b"GIF89a"), None);
        assert_eq!(FileType::sniff(b""), None);
        assert_eq!(FileType::sniff(b" %PDF-1.7"), None, "the signature must be at the start");
    }

    #[test]
    fn labels_read_naturally() {
        let mut a =
            AttachmentSpec { name: "ktp".into(), label: "KTP".into(), required: true, help: None, accept: vec![] };
        assert_eq!(a.accepted_label(), "PDF, JPEG atau PNG");
        a.accept = vec![FileType::Pdf];
        assert_eq!(a.accepted_label(), "PDF");
        assert!(a.accepts(FileType::Pdf) && !a.accepts(FileType::Png));
        assert_eq!(size_label(5 * 1024 * 1024), "5 MB");
        assert_eq!(size_label(2_621_440), "2,5 MB");
        assert_eq!(size_label(300 * 1024), "300 KB");
    }

    #[test]
    fn required_attachments_and_unknown_slots_are_reported() {
        let spec = |name: &str, label: &str, required| AttachmentSpec {
            name: name.into(),
            label: label.into(),
            required,
            help: None,
            accept: vec![],
        };
        let specs = [spec("kk", "Kartu Keluarga", true), spec("lain", "Lain", false)];
        let p = check_slots(&specs, &[]);
        assert_eq!(p["lampiran.kk"], ["Kartu Keluarga wajib dilampirkan."]);
        let odd = ["kk".to_string(), "foto".to_string()];
        let p = check_slots(&specs, &odd);
        assert_eq!(p.keys().collect::<Vec<_>>(), ["lampiran.foto"]);
    }
}
