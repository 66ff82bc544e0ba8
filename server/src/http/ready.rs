//! `/siap` (readiness, for load balancers): the database answers, the file store can be
//! written and read, and the letter templates are loaded. 503 names what fails.

use crate::Services;
use crate::storage::FileStore;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::json;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

/// Each check gets this long; a load balancer must not wait on a hung database.
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// This process's probe key: nodes sharing a store do not overwrite each other's probe.
static PROBE_KEY: LazyLock<String> = LazyLock::new(|| format!("_siap/{}", uuid::Uuid::new_v4().simple()));

pub async fn ready(State(s): State<Arc<Services>>) -> Response {
    let mut failing = Vec::new();
    match tokio::time::timeout(CHECK_TIMEOUT, crate::db::ping(&s.db.pool)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            tracing::error!(error = %e, "readiness: database");
            failing.push("basis data");
        }
        Err(_) => failing.push("basis data"),
    }
    match tokio::time::timeout(CHECK_TIMEOUT, probe(&s.files)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            tracing::error!(error = %e, "readiness: file store");
            failing.push("penyimpanan berkas");
        }
        Err(_) => failing.push("penyimpanan berkas"),
    }
    let templates = s.catalogue.all().len();
    if templates == 0 {
        failing.push("templat surat");
    }
    if failing.is_empty() {
        return Json(json!({ "status": "siap", "basis_data": "ok", "berkas": "ok", "templat": templates }))
            .into_response();
    }
    let message = format!("Belum siap: {} tidak berfungsi.", failing.join(", "));
    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "tidak_siap", "gagal": failing, "pesan": message })))
        .into_response()
}

/// Writes a small probe file, reads it back and removes it.
async fn probe(files: &FileStore) -> anyhow::Result<()> {
    let written = format!("siap {}", crate::db::now_ms()).into_bytes();
    files.put(&PROBE_KEY, written.clone()).await?;
    let read = files.get(&PROBE_KEY).await?;
    anyhow::ensure!(read[..] == written[..], "the probe read back differs from what was written");
    files.delete(&PROBE_KEY).await?;
    Ok(())
}
