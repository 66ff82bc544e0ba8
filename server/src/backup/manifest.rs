//! `manifest.json`: what the archive holds and each part's SHA-256, and the check of an
//! archive's contents against it (before a restore changes anything).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The archive format this version writes and reads.
pub const FORMAT: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
/// Stored files sit under this folder in the archive, by their store key.
pub const FILES_DIR: &str = "berkas/";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub serambi_version: String,
    /// `sqlite` or `postgres`: a dump restores only into the same engine.
    pub engine: String,
    pub created_ms: i64,
    /// The same moment, RFC 3339 (UTC), for people.
    pub created: String,
    /// Rows per table in the dump (the restore checks them again).
    pub tables: BTreeMap<String, i64>,
    pub database: Part,
    pub files: Vec<FileEntry>,
}

/// The database dump inside the archive.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    pub key: String,
    pub size: u64,
    pub sha256: String,
}

/// What reading an archive entry found: its size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub size: u64,
    pub sha256: String,
}

impl Manifest {
    /// Each archive entry's expected size and hash, by path (the manifest left out).
    pub fn expected(&self) -> BTreeMap<String, Seen> {
        let seen = |size: u64, sha256: &str| Seen { size, sha256: sha256.to_string() };
        let files = self.files.iter().map(|f| (format!("{FILES_DIR}{}", f.key), seen(f.size, &f.sha256)));
        std::iter::once((self.database.path.clone(), seen(self.database.size, &self.database.sha256)))
            .chain(files)
            .collect()
    }

    /// Every problem between the manifest and what the archive holds (`seen`: entry path →
    /// size and hash, the manifest itself left out), in Indonesian; empty when all matches.
    pub fn problems(&self, seen: &BTreeMap<String, Seen>) -> Vec<String> {
        let mut out = Vec::new();
        if self.format != FORMAT {
            out.push(format!("format cadangan {} tidak dikenal (versi ini membaca format {FORMAT})", self.format));
            return out;
        }
        let mut expected: BTreeMap<String, (&str, u64, &str)> = BTreeMap::new();
        expected.insert(self.database.path.clone(), ("basis data", self.database.size, &self.database.sha256));
        for f in &self.files {
            if !safe_key(&f.key) {
                out.push(format!("kunci berkas tidak sah di manifest: {:?}", f.key));
            }
            expected.insert(format!("{FILES_DIR}{}", f.key), ("berkas", f.size, &f.sha256));
        }
        for (path, (what, size, sha)) in &expected {
            let name = path.strip_prefix(FILES_DIR).unwrap_or(path);
            match seen.get(path) {
                None => out.push(format!("{what} {name} tidak ada di arsip")),
                Some(s) if s.sha256 != *sha || s.size != *size => {
                    out.push(format!("{what} {name} rusak: SHA-256 tidak cocok dengan manifest"))
                }
                Some(_) => {}
            }
        }
        out.extend(seen.keys().filter(|p| !expected.contains_key(*p)).map(|p| format!("isi arsip tak dikenal: {p}")));
        out
    }
}

/// A store key as Serambi writes them: relative, no empty, `.` or `..` segments.
fn safe_key(key: &str) -> bool {
    !key.is_empty() && key.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            format: FORMAT,
            serambi_version: "0.1.0".into(),
            engine: "sqlite".into(),
            created_ms: 0,
            created: String::new(),
            tables: BTreeMap::new(),
            database: Part { path: "serambi.db".into(), size: 3, sha256: "aa".into() },
            files: vec![FileEntry { key: "letters/1.pdf".into(), size: 2, sha256: "bb".into() }],
        }
    }

    /// Archive entries: path, size, hash.
    type Entries<'a> = &'a [(&'a str, u64, &'a str)];

    fn seen(entries: Entries) -> BTreeMap<String, Seen> {
        entries.iter().map(|(p, size, sha)| (p.to_string(), Seen { size: *size, sha256: sha.to_string() })).collect()
    }

    #[test]
    fn an_archive_matching_its_manifest_has_no_problems() {
        let ok = seen(&[("serambi.db", 3, "aa"), ("berkas/letters/1.pdf", 2, "bb")]);
        assert!(manifest().problems(&ok).is_empty());
    }

    #[test]
    fn each_kind_of_mismatch_is_named() {
        let cases: [(Entries, &str); 4] = [
            (&[("serambi.db", 3, "aa"), ("berkas/letters/1.pdf", 2, "cc")], "berkas letters/1.pdf rusak"),
            (&[("serambi.db", 3, "aa")], "berkas letters/1.pdf tidak ada di arsip"),
            (&[("serambi.db", 4, "aa"), ("berkas/letters/1.pdf", 2, "bb")], "basis data serambi.db rusak"),
            (
                &[("serambi.db", 3, "aa"), ("berkas/letters/1.pdf", 2, "bb"), ("berkas/x", 1, "dd")],
                "isi arsip tak dikenal: berkas/x",
            ),
        ];
        for (entries, expected) in cases {
            let problems = manifest().problems(&seen(entries));
            assert!(problems.iter().any(|p| p.contains(expected)), "{expected}: {problems:?}");
        }
    }

    #[test]
    fn unknown_formats_and_unsafe_keys_are_refused() {
        let mut m = manifest();
        m.format = 2;
        assert!(m.problems(&BTreeMap::new())[0].contains("format cadangan 2"));
        let mut m = manifest();
        m.files[0].key = "../etc/passwd".into();
        assert!(m.problems(&BTreeMap::new()).iter().any(|p| p.contains("tidak sah")));
    }
}
