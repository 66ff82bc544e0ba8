//! Backups that restore: `serambi cadangan buat DIR` writes one `.tar` with the database dump,
//! every stored file and a manifest of SHA-256 hashes; `serambi cadangan pulihkan ARCHIVE`
//! checks every hash first and only then restores into an empty database and an empty store.
//!
//! Archive layout: the database dump (`serambi.db` from SQLite's `VACUUM INTO`, or
//! `serambi.pgdump` from `pg_dump -Fc`), then `berkas/<key>` for every stored file, then
//! `manifest.json` (see [`Manifest`]). Files go only through [`crate::storage::FileStore`], so the
//! same commands work whatever store is configured.

mod archive;
mod create;
mod dump;
mod manifest;
mod restore;

pub use create::create;
pub use manifest::{FileEntry, Manifest};
pub use restore::restore;

use crate::db::Engine;
use std::path::PathBuf;
use std::time::Duration;

/// Store prefixes that are not data: the readiness probe and the import's scratch files.
pub const NOT_BACKED_UP: [&str; 2] = ["_siap/", "tmp/"];

/// Whether a stored file belongs in a backup (and counts when a restore target must be empty).
pub fn is_data(key: &str) -> bool {
    !NOT_BACKED_UP.iter().any(|p| key.starts_with(p))
}

/// What a backup or a restore did, for the command line's report.
#[derive(Debug, Clone)]
pub struct Summary {
    pub archive: PathBuf,
    pub archive_bytes: u64,
    pub engine: Engine,
    pub database_bytes: u64,
    pub tables: usize,
    pub rows: i64,
    pub files: usize,
    pub file_bytes: u64,
    pub elapsed: Duration,
}

pub(crate) fn engine_name(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}
