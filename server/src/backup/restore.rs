//! `serambi cadangan pulihkan ARCHIVE`: reads the whole archive and checks every hash against
//! the manifest, checks that the target database and store are empty, and only then restores
//! (database first, then the files), finally comparing the row counts with the manifest.

use super::archive::{self, Part};
use super::manifest::{MANIFEST, Manifest};
use super::{Summary, dump, engine_name, is_data};
use crate::audit::{self, Event};
use crate::db::{self, Engine};
use crate::storage::FileStore;
use anyhow::Context;
use domain::AuditAction;
use std::path::Path;
use std::time::Instant;

/// Restores `archive` into the database at `url` and into `files`; both must be empty.
pub async fn restore(url: &str, files: &FileStore, archive: &Path) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let manifest = checked_manifest(archive).await?;
    let engine = check_target(url, files, &manifest).await?;
    apply(url, engine, files, archive, &manifest).await.context(
        "pemulihan terhenti setelah mulai menulis: kosongkan basis data dan penyimpanan berkas tujuan, lalu ulangi",
    )?;
    let counts = dump::target_counts(url).await?;
    let differ: Vec<String> = manifest
        .tables
        .iter()
        .filter(|(t, n)| counts.get(*t) != Some(n))
        .map(|(t, n)| format!("{t}: {} (manifest {n})", counts.get(t).copied().unwrap_or_default()))
        .collect();
    if !differ.is_empty() {
        anyhow::bail!("jumlah baris setelah pemulihan tidak cocok dengan manifest: {}", differ.join(", "));
    }
    // Recorded in the restored log, after the backup's own last event.
    let restored = db::Db::connect(url, 1).await?;
    let name = archive.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let detail = format!("cadangan {} ({} berkas)", manifest.created, manifest.files.len());
    let mut tx = restored.begin().await?;
    audit::record(&mut tx, Event::new(AuditAction::CadanganDipulihkan, None).subject(&name).detail(&detail)).await?;
    tx.commit().await?;
    restored.pool.close().await;
    Ok(Summary {
        archive: archive.to_path_buf(),
        archive_bytes: std::fs::metadata(archive)?.len(),
        engine,
        database_bytes: manifest.database.size,
        tables: manifest.tables.len(),
        rows: manifest.tables.values().sum(),
        files: manifest.files.len(),
        file_bytes: manifest.files.iter().map(|f| f.size).sum(),
        elapsed: started.elapsed(),
    })
}

/// Reads the archive once and checks every part against the manifest; nothing is changed yet.
async fn checked_manifest(archive: &Path) -> anyhow::Result<Manifest> {
    let path = archive.to_path_buf();
    let (manifest, seen) = tokio::task::spawn_blocking(move || archive::scan(&path)).await??;
    let manifest =
        manifest.ok_or_else(|| anyhow::anyhow!("{MANIFEST} tidak ada di arsip: ini bukan cadangan Serambi"))?;
    let problems = manifest.problems(&seen);
    if !problems.is_empty() {
        anyhow::bail!("arsip ditolak, tidak ada yang diubah:\n  - {}", problems.join("\n  - "));
    }
    Ok(manifest)
}

/// The target's engine, once the database and the store are known to be empty and of the
/// archive's engine.
async fn check_target(url: &str, files: &FileStore, manifest: &Manifest) -> anyhow::Result<Engine> {
    let (engine, tables) = dump::target_tables(url).await?;
    if engine_name(engine) != manifest.engine {
        anyhow::bail!(
            "cadangan ini dari basis data {} dan tidak dapat dipulihkan ke {}; tidak ada yang diubah",
            manifest.engine,
            engine_name(engine)
        );
    }
    if !tables.is_empty() {
        anyhow::bail!(
            "basis data tujuan tidak kosong ({} tabel, antara lain {}): pemulihan hanya ke basis data baru \
             yang kosong; tidak ada yang diubah",
            tables.len(),
            tables.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
        );
    }
    let stored = files.list().await.context("daftar berkas tujuan tidak dapat dibaca")?;
    let stored = stored.iter().filter(|f| is_data(&f.key)).count();
    if stored > 0 {
        anyhow::bail!(
            "penyimpanan berkas tujuan tidak kosong ({stored} berkas): pemulihan hanya ke penyimpanan kosong; \
             tidak ada yang diubah"
        );
    }
    Ok(engine)
}

/// The second reading: the dump into the database, then each file into the store.
async fn apply(url: &str, engine: Engine, files: &FileStore, archive: &Path, m: &Manifest) -> anyhow::Result<()> {
    // SQLite: stage beside the target, so that placing the file is a rename.
    let staging = match db::sqlite_path(url) {
        Some(target) => {
            let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)?;
            tempfile::Builder::new().prefix(".serambi-pulihkan-").tempdir_in(dir)?
        }
        None => tempfile::tempdir()?,
    };
    let seen = m.expected();
    let dump_to = staging.path().join(&m.database.path);
    let (mut parts, reader) = archive::unpack(archive.to_path_buf(), m.database.path.clone(), dump_to, seen);
    while let Some(part) = parts.recv().await {
        match part {
            Part::Database(path) => dump::restore(engine, url, path).await?,
            Part::File(key, bytes) => {
                files.put(&key, bytes).await.with_context(|| format!("berkas {key} tidak dapat disimpan"))?
            }
        }
    }
    reader.await?
}
