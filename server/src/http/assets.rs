//! The browser bundle: its file names carry a hash of their content (`serambi.<hash>.js`,
//! `.wasm`, `serambi.<hash>.css`, written by `scripts/lib.sh`'s `build_site` together with
//! `pkg/assets.txt`), so they are served as immutable for a year and a new version is a new
//! name. Pages whose forms all work as plain posts ship no wasm at all.

use std::path::Path;

/// What the page shell links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    /// The bundle's name without extension (`serambi.3f9c…`), as Leptos' `output_name`.
    pub bundle: String,
    /// The stylesheet's address.
    pub stylesheet: String,
}

impl Assets {
    /// Reads `pkg/assets.txt` (`bundle: serambi.<hash>` and `css: serambi.<hash>.css` lines)
    /// under the site root; without it (a bundle built before hashing, tests without a
    /// bundle) the plain names.
    pub fn read(site_root: &Path) -> Assets {
        let mut assets = Assets { bundle: "serambi".into(), stylesheet: "/pkg/serambi.css".into() };
        let Ok(text) = std::fs::read_to_string(site_root.join("pkg").join("assets.txt")) else { return assets };
        for line in text.lines() {
            match line.split_once(':').map(|(k, v)| (k.trim(), v.trim())) {
                Some(("bundle", v)) if is_hashed_name(v) => assets.bundle = v.to_string(),
                Some(("css", v)) if is_hashed_name(v.trim_end_matches(".css")) => {
                    assets.stylesheet = format!("/pkg/{v}")
                }
                _ => {}
            }
        }
        assets
    }
}

/// `serambi.<16 hex>`.
fn is_hashed_name(name: &str) -> bool {
    name.strip_prefix("serambi.").is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
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
    matches!(path, "/" | "/masuk" | "/daftar" | "/pulihkan" | "/lacak" | "/layanan")
        || path.starts_with("/layanan/")
        || path.starts_with("/v/")
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
        assert!(!is_hashed("/masuk"));
    }

    #[test]
    fn the_assets_file_names_the_bundle_and_a_missing_one_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Assets::read(dir.path()).bundle, "serambi");
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        std::fs::write(
            dir.path().join("pkg/assets.txt"),
            "bundle: serambi.0123456789abcdef\ncss: serambi.fedcba9876543210.css\n",
        )
        .unwrap();
        let a = Assets::read(dir.path());
        assert_eq!(a.bundle, "serambi.0123456789abcdef");
        assert_eq!(a.stylesheet, "/pkg/serambi.fedcba9876543210.css");
    }
}
