//! Prometheus metrics: requests by route and status with latency histograms, letters signed,
//! signing failures by cause, requests per status, notifications sent and failed by channel, the last import's speed, the database pool.
//! Exposed at `/metrics` behind a bearer token (`SERAMBI_METRICS_TOKEN`), or on a separate
//! address (`SERAMBI_METRICS_LISTEN`) that only the monitoring network reaches; with neither set,
//! `/metrics` is not served. Labels are route patterns (`/permohonan/{id}`), never values.

use crate::Services;
use crate::db;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// Latency buckets in seconds: pages take milliseconds, signing a batch seconds.
const BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// The process's recorder (metrics are process-wide), installed at first use.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &BUCKETS)
            .expect("buckets are not empty");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed: /metrics stays empty");
        }
        handle
    })
}

/// Middleware (as a route layer, so the route pattern is known): counts and times requests.
pub async fn track(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or_else(|| "lain".to_string(), |p| p.as_str().to_string());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("serambi_http_requests_total", "route" => route.clone(), "method" => method.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("serambi_http_request_duration_seconds", "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
    response
}

pub fn letter_signed(kind: &'static str) {
    metrics::counter!("serambi_letters_signed_total", "kind" => kind).increment(1);
}

/// `cause`: passphrase_salah, ditolak_penanda_tangan, galat_penanda_tangan, lain.
pub fn signing_failed(cause: &'static str) {
    metrics::counter!("serambi_signing_failures_total", "cause" => cause).increment(1);
}

pub fn import_finished(rows: u64, seconds: f64) {
    metrics::counter!("serambi_import_rows_total").increment(rows);
    if seconds > 0.0 {
        metrics::gauge!("serambi_import_rows_per_second").set(rows as f64 / seconds);
    }
}

/// One delivery attempt of a notification: `outcome` terkirim, dicoba_lagi, gagal, tanpa_kanal.
pub fn notification(channel: &'static str, outcome: &'static str) {
    metrics::counter!("serambi_notifications_total", "channel" => channel, "outcome" => outcome).increment(1);
}

pub fn notification_latency(channel: &'static str, seconds: f64) {
    metrics::histogram!("serambi_notification_send_duration_seconds", "channel" => channel).record(seconds);
}

/// Gauges read at scrape time: requests per status, the connection pool.
async fn refresh(s: &Services) -> sqlx::Result<()> {
    for (status, n) in db::requests::count_by_status(&s.db.pool).await? {
        metrics::gauge!("serambi_requests", "status" => status).set(n as f64);
    }
    for (status, n) in db::notifications::count_by_status(&s.db.pool).await? {
        metrics::gauge!("serambi_notifications", "status" => status).set(n as f64);
    }
    let (size, idle) = (s.db.pool.size(), s.db.pool.num_idle() as u32);
    metrics::gauge!("serambi_db_pool_connections", "state" => "in_use").set(size.saturating_sub(idle) as f64);
    metrics::gauge!("serambi_db_pool_connections", "state" => "idle").set(idle as f64);
    metrics::gauge!("serambi_db_pool_max_connections").set(s.config.db_max_connections as f64);
    Ok(())
}

async fn render(s: &Services) -> Response {
    if let Err(e) = refresh(s).await {
        tracing::error!(error = %e, "metrics: database gauges failed");
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle().render()).into_response()
}

/// `/metrics` on the main address: only with the bearer token; 404 when no token is set (the
/// endpoint then does not exist there).
pub async fn scrape(State(s): State<Arc<Services>>, headers: axum::http::HeaderMap) -> Response {
    let token = s.config.metrics_token.0.as_str();
    if token.is_empty() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "token metrik salah")
            .into_response();
    }
    render(&s).await
}

/// `/metrics` on the separate monitoring address (no token there).
pub async fn scrape_open(State(s): State<Arc<Services>>) -> Response {
    render(&s).await
}

/// The separate monitoring address, if one is set; a bad one stops the start.
pub fn listen_address(config: &crate::config::Config) -> anyhow::Result<Option<std::net::SocketAddr>> {
    let text = config.metrics_listen.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        anyhow::anyhow!("SERAMBI_METRICS_LISTEN {text:?} bukan alamat yang benar; tulis misalnya 127.0.0.1:9464")
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
