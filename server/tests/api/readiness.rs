//! `/siap` for load balancers, and the warnings about a reverse proxy that does not match
//! `SERAMBI_TRUST_PROXY`.

use crate::on_both_databases;
use crate::support::TestApp;
use axum::body::Body;
use http::{Request, StatusCode, header};
use std::io::Write;
use std::sync::{Arc, Mutex};

on_both_databases!(readiness_names_the_part_that_fails);

async fn readiness_names_the_part_that_fails(app: TestApp) {
    let ready = app.get(None, "/siap").await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text());
    assert_eq!(ready.json()["status"], "siap");
    assert!(ready.json()["templat"].as_u64().unwrap() >= 11);
    let stored = app.services.files.list().await.unwrap();
    assert!(stored.iter().all(|f| !f.key.starts_with("_siap/")), "the probe is removed again");

    // The files folder turned into a plain file: the store can no longer be written.
    let folder = app.services.config.files.clone();
    let aside = folder.with_extension("disisihkan");
    std::fs::rename(&folder, &aside).unwrap();
    std::fs::write(&folder, b"bukan folder").unwrap();
    let broken = app.get(None, "/siap").await;
    assert_eq!(broken.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(broken.json()["gagal"], serde_json::json!(["penyimpanan berkas"]));
    assert!(broken.json()["pesan"].as_str().unwrap().contains("penyimpanan berkas tidak berfungsi"));
    std::fs::remove_file(&folder).unwrap();
    std::fs::rename(&aside, &folder).unwrap();
    assert_eq!(app.get(None, "/siap").await.status, StatusCode::OK);

    app.services.db.pool.close().await;
    let down = app.get(None, "/siap").await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(down.json()["gagal"], serde_json::json!(["basis data"]));
}

/// Log lines written while a test runs on this thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

impl Captured {
    fn count(&self, text: &str) -> usize {
        String::from_utf8_lossy(&self.0.lock().unwrap()).matches(text).count()
    }
}

/// Three requests from `peer`, with or without `X-Forwarded-For`; each must be served.
async fn three_requests(app: &TestApp, peer: &str, forwarded: bool) {
    for _ in 0..3 {
        let mut req = Request::get("/api/v1/surat/00000000-0000-4000-8000-000000000000").header(header::HOST, "x");
        if forwarded {
            req = req.header("x-forwarded-for", "203.0.113.5");
        }
        let mut req = req.body(Body::empty()).unwrap();
        let addr: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(addr));
        assert_eq!(app.request(req).await.status, StatusCode::NOT_FOUND);
    }
}

// One thread: the log subscriber below is this thread's.
#[tokio::test(flavor = "current_thread")]
async fn a_proxy_that_does_not_match_the_setting_is_warned_about_once() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt().with_writer(logs.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let untrusted = TestApp::sqlite_empty().await;
    three_requests(&untrusted, "198.51.100.7", true).await;
    assert_eq!(logs.count("tampaknya di balik proxy"), 0, "a remote client may send the header itself");
    three_requests(&untrusted, "127.0.0.1", true).await;
    assert_eq!(logs.count("tampaknya di balik proxy; setel SERAMBI_TRUST_PROXY=1"), 1);

    let trusting = TestApp::sqlite_with(|c| c.trust_proxy = true).await;
    three_requests(&trusting, "127.0.0.1", true).await;
    assert_eq!(logs.count("tanpa X-Forwarded-For"), 0);
    three_requests(&trusting, "198.51.100.7", false).await;
    assert_eq!(logs.count("SERAMBI_TRUST_PROXY disetel tetapi permintaan datang tanpa X-Forwarded-For"), 1);
}

#[test]
fn the_example_environment_file_documents_every_setting() {
    use clap::Args;
    let example = include_str!("../../../deploy/serambi.env");
    let command = server::config::Config::augment_args(clap::Command::new("serambi"));
    let missing: Vec<String> = command
        .get_arguments()
        .filter_map(|a| a.get_env())
        .map(|e| e.to_string_lossy().into_owned())
        .filter(|key| !example.lines().any(|l| l.starts_with(&format!("{key}="))))
        .collect();
    assert!(missing.is_empty(), "deploy/serambi.env lacks {missing:?}");
}
