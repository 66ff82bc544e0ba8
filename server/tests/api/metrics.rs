//! `/metrics` (Prometheus text) behind its token, and JSON log lines.

use crate::support::TestApp;
use http::{Request, StatusCode, header};
use server::config::Secret;

const TOKEN: &str = "token-pemantauan-uji";

async fn scrape(app: &TestApp, token: Option<&str>) -> crate::support::Reply {
    let mut req = Request::get("/metrics").header(header::HOST, "127.0.0.1:3000");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    app.request(req.body(axum::body::Body::empty()).unwrap()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_served_only_with_the_token_and_count_what_happens() {
    let closed = TestApp::sqlite().await;
    assert_eq!(scrape(&closed, Some(TOKEN)).await.status, StatusCode::NOT_FOUND, "no token set: no /metrics");

    let app = TestApp::sqlite_with(|c| c.metrics_token = Secret(TOKEN.into())).await;
    assert_eq!(scrape(&app, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(scrape(&app, Some("tebakan")).await.status, StatusCode::UNAUTHORIZED);
    let id = app.verified_domisili("Mendaftar sekolah").await;
    let lurah = app.official("lurah.oebobo").await;
    let wrong = app.sign(&lurah, &[&id], "bukan passphrase").await;
    assert_ne!(wrong.status, StatusCode::OK);
    assert_eq!(app.act(&lurah, &id, "sign", "").await.status, StatusCode::OK);
    app.get(None, "/kesehatan").await;

    let r = scrape(&app, Some(TOKEN)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
    let text = r.text();
    for wanted in [
        "serambi_http_requests_total{",
        r#"route="/kesehatan""#,
        r#"route="/api/tindakan""#,
        "serambi_http_request_duration_seconds_bucket{",
        "serambi_letters_signed_total{kind=",
        r#"serambi_requests{status="ditandatangani"} "#,
        r#"serambi_db_pool_connections{state="idle"}"#,
        "serambi_signing_failures_total{",
    ] {
        assert!(text.contains(wanted), "{wanted} in:\n{text}");
    }
    // Route patterns, not values: no request id, no NIK.
    assert!(!text.contains(&id) && !text.contains("5371045505900001"), "{text}");
}

#[test]
fn json_logs_are_one_object_per_line_without_nik() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("serambi.db").display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_serambi"))
        .arg("migrate")
        .env("DATABASE_URL", &url)
        .env("SERAMBI_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with('{')).collect();
    assert!(!lines.is_empty(), "{stdout}");
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v["level"].is_string() && v["timestamp"].is_string(), "{line}");
    }
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_serambi"))
        .arg("migrate")
        .env("DATABASE_URL", &url)
        .env("SERAMBI_LOG_FORMAT", "xml")
        .output()
        .unwrap();
    assert!(!bad.status.success(), "an unknown log format is refused at start");
}
