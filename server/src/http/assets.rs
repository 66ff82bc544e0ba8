//! The browser bundles: their file names carry a hash of their content (`serambi.<hash>.js`,
//! `.wasm`, `serambi.<hash>.css`, written by `scripts/lib.sh`'s `build_site` together with
//! `pkg/assets.txt`), so they are served as immutable for a year and a new version is a new
//! name. Pages whose forms all work as plain posts ship no wasm at all; residents' pages, shown
//! to a resident (or someone not signed in), load the residents' bundle (`warga.<hash>`),
//! which has no officials' or admins' tools; everything else loads the whole app.

use std::path::Path;

/// What the page shell links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    /// The whole app's bundle name without extension (`serambi.3f9c…`), as Leptos'
    /// `output_name`.
    pub bundle: String,
    /// The residents' bundle (`warga.…`), when built.
    pub resident: Option<String>,
    /// The stylesheet's address.
    pub stylesheet: String,
}

impl Assets {
    /// Reads `pkg/assets.txt` (`bundle: serambi.<hash>` and `css: serambi.<hash>.css` lines)
    /// under the site root; without it (a bundle built before hashing, tests without a
    /// bundle) the plain names.
    pub fn read(site_root: &Path) -> Assets {
        let mut assets = Assets { bundle: "serambi".into(), resident: None, stylesheet: "/pkg/serambi.css".into() };
        let Ok(text) = std::fs::read_to_string(site_root.join("pkg").join("assets.txt")) else { return assets };
        for line in text.lines() {
            match line.split_once(':').map(|(k, v)| (k.trim(), v.trim())) {
                Some(("bundle", v)) if is_hashed_name(v) => assets.bundle = v.to_string(),
                Some(("resident", v)) if is_hashed_name(v) => assets.resident = Some(v.to_string()),
                Some(("css", v)) if is_hashed_name(v.trim_end_matches(".css")) => {
                    assets.stylesheet = format!("/pkg/{v}")
                }
                _ => {}
            }
        }
        assets
    }
}

/// `serambi.<16 hex>` or `warga.<16 hex>`.
fn is_hashed_name(name: &str) -> bool {
    name.strip_prefix("serambi.")
        .or_else(|| name.strip_prefix("warga."))
        .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A bundle file whose name carries its hash: `/pkg/serambi.<16 hex>.(js|wasm|css)`.
pub fn is_hashed(path: &str) -> bool {
    path.strip_prefix("/pkg/")
        .and_then(|f| f.rsplit_once('.'))
        .is_some_and(|(stem, ext)| matches!(ext, "js" | "wasm" | "css") && is_hashed_name(stem))
}

/// Pages that ship no wasm: everything on them works as plain links and posts, and they are
/// what a resident on a slow phone (or anyone scanning a letter's QR code) opens first.
pub fn is_light(path: &str) -> bool {
    matches!(
        path,
        "/" | "/masuk"
            | "/daftar"
            | "/pulihkan"
            | "/lacak"
            | "/layanan"
            | "/data-saya/riwayat"
            | "/data-saya/unduh"
            | "/statistik"
            | "/dasbor"
            | "/api-publik"
    ) || path.starts_with("/layanan/")
        || path.starts_with("/v/")
        // The receipt after sending a request: only links.
        || path.starts_with("/permohonan/") && (path.ends_with("/terkirim") || path.ends_with("/survei"))
}

/// Residents' pages (those of them not light): the residents' bundle carries them
/// (`app/src/lib.rs` lists the same routes without `light!` or `staff!`).
pub fn is_resident_page(path: &str) -> bool {
    matches!(path, "/akun" | "/data-saya/laporan") || path.starts_with("/permohonan/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised_and_nothing_else() {
        assert!(is_hashed("/pkg/serambi.0123456789abcdef.wasm"));
        assert!(is_hashed("/pkg/serambi.0123456789abcdef.css"));
        assert!(!is_hashed("/pkg/serambi.wasm"));
        assert!(!is_hashed("/pkg/serambi.0123456789abcdeg.js"));
        assert!(!is_hashed("/pkg/other.0123456789abcdef.js"));
        assert!(is_hashed("/pkg/warga.0123456789abcdef.js"));
        assert!(!is_hashed("/masuk"));
    }

    #[test]
    fn the_assets_file_names_the_bundle_and_a_missing_one_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Assets::read(dir.path()).bundle, "serambi");
        assert_eq!(Assets::read(dir.path()).resident, None);
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        std::fs::write(
            dir.path().join("pkg/assets.txt"),
            "bundle: serambi.0123456789abcdef\nresident: warga.00112233445566ff\ncss: serambi.fedcba9876543210.css\n",
        )
        .unwrap();
        let a = Assets::read(dir.path());
        assert_eq!(a.bundle, "serambi.0123456789abcdef");
        assert_eq!(a.resident.as_deref(), Some("warga.00112233445566ff"));
        assert_eq!(a.stylesheet, "/pkg/serambi.fedcba9876543210.css");
    }
}
