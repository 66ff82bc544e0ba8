//! Population files uploaded on the admin page: streamed to a temporary file, imported in the
//! background (one at a time), the report kept in file storage, the upload itself deleted.

use super::import::{self, ImportError, Progress};
use super::running;
use crate::Services;
use crate::clock::Clock;
use crate::db::{self, imports::ImportRow, imports::ImportStatus};
use crate::error::Error;
use crate::tasks::Lease;
use app::AppError;
use app::population::ImportSink;
use app::population::{ImportProblem, ImportView};
use async_trait::async_trait;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

/// The import this process runs from the admin page, if any: its id and live counters. Only
/// a cache: the import lease keeps imports alone across nodes and the import's row carries its
/// progress to every node's page (on PostgreSQL; an SQLite deployment is this one process).
#[derive(Default)]
pub struct Job {
    running: Mutex<Option<(String, Arc<Progress>)>>,
}

impl Job {
    /// The live counters of import `id` when this process runs it.
    pub fn progress(&self, id: &str) -> Option<Arc<Progress>> {
        let running = self.running.lock().ok()?;
        running.as_ref().filter(|(i, _)| i == id).map(|(_, p)| p.clone())
    }

    /// The id of the import this process runs.
    pub fn running_id(&self) -> Option<String> {
        self.running.lock().ok()?.as_ref().map(|(id, _)| id.clone())
    }

    /// Marks import `id` as running here; false when one already is.
    fn claim(&self, id: &str, progress: &Arc<Progress>) -> bool {
        let Ok(mut running) = self.running.lock() else { return false };
        if running.is_some() {
            return false;
        }
        *running = Some((id.to_string(), progress.clone()));
        true
    }

    fn clear(&self) {
        if let Ok(mut running) = self.running.lock() {
            *running = None;
        }
    }
}

pub struct Upload {
    services: Arc<Services>,
    admin: String,
    id: String,
    path: Unfinished,
    file: tokio::fs::File,
    written: u64,
    cap: u64,
}

/// An upload's temporary file, deleted when the upload is dropped before it is finished (the
/// sender went away, a chunk could not be written): it holds NIKs and mothers' names.
struct Unfinished(Option<PathBuf>);

impl Unfinished {
    fn path(&self) -> &std::path::Path {
        self.0.as_deref().unwrap_or(std::path::Path::new(""))
    }

    /// The file is the import's now (it deletes it when done).
    fn keep(mut self) -> PathBuf {
        self.0.take().unwrap_or_default()
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Deletes population uploads left in this node's temporary folder by a process that stopped
/// before it could (killed, or the machine went down): at start nothing of this process is
/// there yet. Returns how many were deleted.
pub fn remove_leftovers(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("impor-") && name.ends_with(".csv") {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(e) => tracing::error!(error = %e, file = %name, "cannot delete a left-over population upload"),
            }
        }
    }
    if removed > 0 {
        tracing::warn!(files = removed, "population uploads left by a stopped process were deleted");
    }
    removed
}

impl Upload {
    pub async fn start(services: Arc<Services>, admin: String) -> crate::error::Result<Upload> {
        let dir = services.config.tmp.clone();
        tokio::fs::create_dir_all(&dir).await.map_err(anyhow::Error::from)?;
        let id = Uuid::new_v4().to_string();
        let path = dir.join(format!("impor-{id}.csv"));
        let file = tokio::fs::File::create(&path).await.map_err(anyhow::Error::from)?;
        let cap = services.config.max_import_mb * 1024 * 1024;
        Ok(Upload { services, admin, id, path: Unfinished(Some(path)), file, written: 0, cap })
    }
}

#[async_trait]
impl ImportSink for Upload {
    async fn write(&mut self, chunk: &[u8]) -> Result<(), AppError> {
        self.written += chunk.len() as u64;
        if self.written > self.cap {
            let _ = tokio::fs::remove_file(self.path.path()).await;
            return Err(Error::field(
                "file",
                format!("Berkas terlalu besar: paling besar {} MB.", self.services.config.max_import_mb),
            )
            .into());
        }
        self.file.write_all(chunk).await.map_err(|e| {
            tracing::error!(error = %e, "cannot write the uploaded population file");
            AppError::Internal
        })
    }

    async fn finish(mut self: Box<Self>, name: String) -> Result<ImportView, AppError> {
        let upload = *self;
        let Upload { services, admin, id, path, mut file, written, .. } = upload;
        let flushed = file.flush().await;
        drop(file);
        // On every way out but the last, dropping `path` deletes the file.
        if written == 0 {
            return Err(Error::field("file", "Berkas kosong.").into());
        }
        if flushed.is_err() {
            return Err(AppError::Internal);
        }
        let progress = Arc::new(Progress::default());
        let lease = match claim(&services, &id, &progress).await {
            Ok(lease) => lease,
            Err(e) => {
                return Err(e);
            }
        };
        let name = clean_name(&name);
        // Registered before answering, so the page that lists imports right after shows it.
        if let Err(e) = db::imports::insert(&services.db.pool, &id, &name, written, Some(&admin), db::now_ms()).await {
            tracing::error!(import_id = %id, error = %e, "cannot register the import");
            services.import_job.clear();
            drop(lease);
            return Err(AppError::Internal);
        }
        let view = ImportView {
            id: id.parse().unwrap_or_default(),
            source_name: name.clone(),
            status: "berjalan".into(),
            phase: Some(progress.phase().into()),
            rows_total: 0,
            rows_ok: 0,
            rows_rejected: 0,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            message: None,
            started_label: services.clock.label(db::now_ms()),
            seconds: None,
            report_url: None,
        };
        tracing::info!(import_id = %id, bytes = written, "population upload received");
        tokio::spawn(run(services, id, path.keep(), name, admin, progress, lease));
        Ok(view)
    }
}

/// Claims the import for `id` here and across nodes (the import lease), or says one runs.
async fn claim(services: &Services, id: &str, progress: &Arc<Progress>) -> Result<Lease, AppError> {
    let busy = || AppError::from(Error::Conflict(running::BUSY.into()));
    if !services.import_job.claim(id, progress) {
        return Err(busy());
    }
    match running::take_lease(&services.db, format!("{}/{id}", services.node)).await {
        Ok(Some(lease)) => Ok(lease),
        Ok(None) => {
            services.import_job.clear();
            Err(busy())
        }
        Err(e) => {
            services.import_job.clear();
            Err(Error::from(e).into())
        }
    }
}

async fn run(
    services: Arc<Services>,
    id: String,
    path: PathBuf,
    name: String,
    admin: String,
    progress: Arc<Progress>,
    lease: Lease,
) {
    let report = path.with_extension("laporan.csv");
    let source = import::Source { id: id.clone(), path: path.clone(), name, started_by: Some(admin) };
    let result = import::run(&services.db, source, &report, progress, services.clock.today()).await;
    if let Err(ImportError::Refused(message)) = &result {
        tracing::info!(import_id = %id, %message, "population upload refused");
    }
    // The report is kept (it names rows and columns, never identity numbers); the upload is not.
    if let Ok(bytes) = tokio::fs::read(&report).await {
        let key = format!("impor/{id}/laporan.csv");
        match services.files.put(&key, bytes).await {
            Ok(()) => {
                if let Err(e) = db::imports::set_report(&services.db.pool, &id, &key).await {
                    tracing::error!(import_id = %id, error = %e, "cannot record the import report");
                }
            }
            Err(e) => tracing::error!(import_id = %id, error = %e, "cannot store the import report"),
        }
    }
    let _ = tokio::fs::remove_file(&report).await;
    let _ = tokio::fs::remove_file(&path).await;
    lease.release().await;
    services.import_job.clear();
}

/// The file name only, printable, at most 100 characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    if cleaned.trim().is_empty() { "penduduk.csv".into() } else { cleaned }
}

pub fn view(row: &ImportRow, clock: &Clock, job: &Job) -> ImportView {
    let running = row.status == ImportStatus::Berjalan;
    // This process's own import: its counters are fresher than the row's.
    let (rows_read, phase) = match job.progress(&row.id.to_string()).filter(|_| running) {
        Some(p) => (p.rows.load(Ordering::Relaxed), Some(p.phase().to_string())),
        None => (row.rows_read as u64, row.phase.clone()),
    };
    ImportView {
        id: row.id,
        source_name: row.source_name.clone(),
        status: row.status.as_str().to_string(),
        phase: if running { phase } else { None },
        rows_total: if running { rows_read } else { row.rows_total as u64 },
        rows_ok: row.rows_ok as u64,
        rows_rejected: row.rows_rejected as u64,
        inserted: row.inserted as u64,
        updated: row.updated as u64,
        unchanged: row.unchanged as u64,
        message: row.message.clone(),
        started_label: clock.label(row.started_at),
        seconds: row.finished_at.map(|f| (f - row.started_at) as f64 / 1000.0),
        report_url: row.report_key.as_ref().map(|_| format!("/admin/impor/{}/laporan.csv", row.id)),
    }
}

pub fn problem(p: db::imports::ProblemRow) -> ImportProblem {
    ImportProblem { line: p.line as u64, column: p.column_name, reason: p.reason }
}
