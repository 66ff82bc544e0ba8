//! `serambi cadangan buat DIR`: the database dump, then every stored file, then the manifest,
//! into `DIR/serambi-cadangan-YYYYMMDD-HHMMSS.tar`. The archive is written under a temporary
//! name in a staging folder inside DIR and renamed only when complete: no half archives.

use super::archive::{Item, Writer};
use super::manifest::{FILES_DIR, FORMAT, FileEntry, MANIFEST, Manifest, Part};
use super::{Summary, dump, engine_name, is_data, sha256_hex};
use crate::audit::{self, Event};
use crate::db::Db;
use crate::storage::FileStore;
use anyhow::Context;
use domain::AuditAction;
use std::path::Path;
use std::time::Instant;

/// Backs up the database at `url` (reached through `db`, which may be serving requests) and
/// every file of `files` into a new archive in `dir`.
pub async fn create(db: &Db, url: &str, files: &FileStore, dir: &Path) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let now = chrono::Utc::now();
    std::fs::create_dir_all(dir).with_context(|| format!("tidak dapat membuat folder {}", dir.display()))?;
    let archive = dir.join(format!("serambi-cadangan-{}.tar", now.format("%Y%m%d-%H%M%S")));
    if archive.exists() {
        anyhow::bail!("{} sudah ada; tunggu sedetik lalu ulangi", archive.display());
    }
    let staging = tempfile::Builder::new()
        .prefix(".serambi-cadangan-")
        .tempdir_in(dir)
        .with_context(|| format!("tidak dapat menulis di {}", dir.display()))?;
    // The dump first: every file a row in it points to was stored before that row committed,
    // so the listing below (taken after) holds them all.
    let dump = dump::dump(db, url, staging.path()).await?;
    let database = part(&dump.path, dump.name)?;
    let partial = staging.path().join("arsip.tar");
    let writer = Writer::start(partial.clone(), dump.path.clone(), dump.name.to_string());
    let entries = add_files(files, &writer).await;
    let entries = match entries {
        Ok(entries) => entries,
        Err(e) => return Err(writer.finish().await.err().unwrap_or(e)),
    };
    let manifest = Manifest {
        format: FORMAT,
        serambi_version: env!("CARGO_PKG_VERSION").to_string(),
        engine: engine_name(db.engine).to_string(),
        created_ms: now.timestamp_millis(),
        created: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        tables: dump.tables.clone(),
        database: database.clone(),
        files: entries,
    };
    let json = serde_json::to_vec_pretty(&manifest)?;
    writer.add(Item { path: MANIFEST.into(), bytes: json.into(), mtime_s: now.timestamp().max(0) as u64 }).await?;
    let archive_bytes = writer.finish().await?;
    std::fs::rename(&partial, &archive).with_context(|| format!("tidak dapat menulis {}", archive.display()))?;
    let name = archive.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let detail = format!(
        "{} berkas, {} baris, {archive_bytes} bita",
        manifest.files.len(),
        manifest.tables.values().sum::<i64>()
    );
    let mut tx = db.begin().await?;
    audit::record(&mut tx, Event::new(AuditAction::CadanganDibuat, None).subject(&name).detail(&detail)).await?;
    tx.commit().await?;
    Ok(Summary {
        archive,
        archive_bytes,
        engine: db.engine,
        database_bytes: database.size,
        tables: manifest.tables.len(),
        rows: manifest.tables.values().sum(),
        files: manifest.files.len(),
        file_bytes: manifest.files.iter().map(|f| f.size).sum(),
        elapsed: started.elapsed(),
    })
}

fn part(path: &Path, name: &str) -> anyhow::Result<Part> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok(Part { path: name.to_string(), size, sha256: hex::encode(hasher.finalize()) })
}

/// Appends every stored data file, by key; a file deleted since the listing is skipped.
async fn add_files(files: &FileStore, writer: &Writer) -> anyhow::Result<Vec<FileEntry>> {
    let mut listed = files.list().await.context("daftar berkas tidak dapat dibaca")?;
    listed.retain(|f| is_data(&f.key));
    listed.sort_by(|a, b| a.key.cmp(&b.key));
    let mut entries = Vec::with_capacity(listed.len());
    for stored in listed {
        let bytes = match files.get(&stored.key).await {
            Ok(bytes) => bytes,
            Err(object_store::Error::NotFound { .. }) => {
                tracing::warn!(key = %stored.key, "file deleted while the backup ran; skipped");
                continue;
            }
            Err(e) => return Err(e).with_context(|| format!("berkas {} tidak dapat dibaca", stored.key)),
        };
        entries.push(FileEntry { key: stored.key.clone(), size: bytes.len() as u64, sha256: sha256_hex(&bytes) });
        let mtime_s = (stored.modified_ms / 1000).max(0) as u64;
        writer.add(Item { path: format!("{FILES_DIR}{}", stored.key), bytes, mtime_s }).await?;
    }
    Ok(entries)
}
