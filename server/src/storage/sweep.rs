//! The orphan sweep: files written for a letter, an upload or an emblem whose transaction never
//! committed (a crash between the write and the commit, a failed clean-up) are deleted once
//! they are older than [`GRACE`]. A file a row points to is never deleted; a file younger than
//! the grace period may belong to a transaction still running and is left alone.
//!
//! Run by `serambi berkas rapikan` and every `SERAMBI_RAPIKAN_JAM` hours by `serve`. Running it
//! on two nodes at once is harmless: both delete the same orphans, a delete of a missing file
//! counts as done.

use super::FileStore;
use crate::Services;
use crate::db::{self, Db};
use std::sync::Arc;
use std::time::Duration;

/// How old an unreferenced file must be before it is swept.
pub const GRACE: Duration = Duration::from_secs(3600);

/// How long an upload may wait for the request it was made for: a resident who uploaded a KTP
/// and never sent the form has it deleted after this (security review, finding 12).
pub const UNLINKED_UPLOADS: Duration = Duration::from_secs(48 * 3600);

/// What one sweep saw and did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sweep {
    pub stored: u64,
    pub stored_bytes: u64,
    /// Stored files some row points to.
    pub referenced: u64,
    /// Unreferenced files younger than the grace period, left alone.
    pub young: u64,
    /// Unreferenced files older than the grace period: deleted (or, in a dry run, to delete).
    pub orphans: u64,
    pub orphan_bytes: u64,
    pub deleted: u64,
    pub deleted_bytes: u64,
    pub failed: u64,
    /// Keys rows point to that are not in the store.
    pub missing: u64,
    /// Uploads never linked to a request within [`UNLINKED_UPLOADS`]: their rows deleted (or,
    /// in a dry run, to delete), their files swept with the orphans.
    pub unlinked_uploads: u64,
}

/// Sweeps unreferenced files last modified before `cutoff_ms` (unix ms), after deleting uploads
/// that were never linked to a request within [`UNLINKED_UPLOADS`]; a dry run only counts.
pub async fn sweep(db: &Db, files: &FileStore, cutoff_ms: i64, dry_run: bool) -> anyhow::Result<Sweep> {
    let unlinked_before = db::now_ms() - UNLINKED_UPLOADS.as_millis() as i64;
    let unlinked = if dry_run {
        db::attachments::count_unlinked_before(&db.pool, unlinked_before).await? as u64
    } else {
        db::attachments::delete_unlinked_before(&db.pool, unlinked_before).await?
    };
    // List first, then read the references: a file whose row commits in between is referenced.
    let stored = files.list().await?;
    let referenced = db::files::referenced_keys(&db.pool).await?;
    let mut s = Sweep { stored: stored.len() as u64, unlinked_uploads: unlinked, ..Sweep::default() };
    for f in &stored {
        s.stored_bytes += f.size;
        if referenced.contains(&f.key) {
            s.referenced += 1;
        } else if f.modified_ms >= cutoff_ms {
            s.young += 1;
        } else {
            s.orphans += 1;
            s.orphan_bytes += f.size;
            if dry_run {
                continue;
            }
            match files.delete(&f.key).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {
                    s.deleted += 1;
                    s.deleted_bytes += f.size;
                }
                Err(e) => {
                    s.failed += 1;
                    tracing::warn!(key = %f.key, error = %e, "an orphaned file could not be deleted");
                }
            }
        }
    }
    s.missing = (referenced.len() as u64).saturating_sub(s.referenced);
    Ok(s)
}

/// A sweep now with the usual grace period.
pub async fn sweep_now(db: &Db, files: &FileStore, dry_run: bool) -> anyhow::Result<Sweep> {
    sweep(db, files, db::now_ms() - GRACE.as_millis() as i64, dry_run).await
}

impl Sweep {
    /// The report in Indonesian, one line each.
    pub fn report(&self, dry_run: bool) -> Vec<String> {
        let n = |v: u64| crate::regions::thousands(v);
        let mut lines = vec![
            format!("Berkas tersimpan: {} ({})", n(self.stored), size(self.stored_bytes)),
            format!("Dirujuk data: {}", n(self.referenced)),
            format!("Tanpa rujukan, lebih muda dari 1 jam (dibiarkan): {}", n(self.young)),
        ];
        if dry_run {
            lines.push(format!(
                "Tanpa rujukan, lebih tua dari 1 jam: {} ({}) — mode kering, tidak ada yang dihapus",
                n(self.orphans),
                size(self.orphan_bytes)
            ));
        } else {
            lines.push(format!("Dihapus: {} berkas ({})", n(self.deleted), size(self.deleted_bytes)));
        }
        if self.unlinked_uploads > 0 {
            let verb = if dry_run { "akan dihapus" } else { "dihapus" };
            lines.push(format!(
                "Unggahan yang tidak pernah dipakai dalam permohonan (lebih dari 48 jam) {verb}: {}",
                n(self.unlinked_uploads)
            ));
        }
        if self.failed > 0 {
            lines.push(format!("Gagal dihapus: {} (lihat log)", n(self.failed)));
        }
        if self.missing > 0 {
            lines.push(format!("Perhatian: {} rujukan di data tanpa berkasnya di penyimpanan", n(self.missing)));
        }
        lines
    }
}

/// 1536 → "1,5 KB" (units of 1024, decimal comma).
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit]).replace('.', ",")
}

/// `serve`'s periodic sweep: at start, then every `SERAMBI_RAPIKAN_JAM` hours (0: never), on one
/// node per round.
pub fn spawn_periodic(services: Arc<Services>) {
    let hours = services.config.sweep_hours;
    if hours == 0 {
        tracing::info!("orphan file sweep is off (SERAMBI_RAPIKAN_JAM=0)");
        return;
    }
    let period = Duration::from_secs(hours * 3600);
    let s = services.clone();
    // One node sweeps per round (a database lease); the others skip it.
    crate::tasks::every(services.db.clone(), services.node.clone(), "rapikan-berkas", period, move || {
        let s = s.clone();
        async move {
            let r = sweep_now(&s.db, &s.files, false).await?;
            tracing::info!(
                stored = r.stored,
                referenced = r.referenced,
                young = r.young,
                deleted = r.deleted,
                deleted_bytes = r.deleted_bytes,
                failed = r.failed,
                missing = r.missing,
                unlinked_uploads = r.unlinked_uploads,
                "orphan file sweep"
            );
            Ok(())
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_the_indonesian_way() {
        assert_eq!(super::size(512), "512 B");
        assert_eq!(super::size(1536), "1,5 KB");
        assert_eq!(super::size(40 * 1024 * 1024), "40,0 MB");
        assert_eq!(super::size(3 * 1024 * 1024 * 1024), "3,0 GB");
    }
}
