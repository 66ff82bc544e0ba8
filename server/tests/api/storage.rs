//! Files on S3: a real S3-compatible server (PyPI moto in server mode, started by scripts/test,
//! which exports SERAMBI_TEST_S3). Mandatory in CI; skipped loudly elsewhere without it.

use crate::support::{TINY_PDF, TestApp};
use http::StatusCode;
use serde_json::json;
use server::config::{Config, Secret};
use server::storage::FileStore;
use sha2::{Digest, Sha256};
use std::time::Instant;

/// The bucket scripts/test creates; each test gets its own prefix in it.
const BUCKET: &str = "serambi-uji";

pub struct TestS3 {
    pub endpoint: String,
    pub prefix: String,
}

impl TestS3 {
    /// None (with a loud message) when no S3 server is given outside CI.
    pub async fn get() -> Option<TestS3> {
        let Ok(endpoint) = std::env::var("SERAMBI_TEST_S3") else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("S3 is mandatory in CI but SERAMBI_TEST_S3 is not set (scripts/test starts the server)");
            }
            eprintln!(
                "\n!!!!! SERAMBI_TEST_S3 is not set: SKIPPING the S3 storage test (scripts/test starts one) !!!!!\n"
            );
            return None;
        };
        // scripts/test made the bucket; make it here too for a server started by hand.
        let _ = reqwest::Client::new().put(format!("{endpoint}/{BUCKET}")).send().await;
        Some(TestS3 { endpoint, prefix: format!("t-{}", uuid::Uuid::new_v4().simple()) })
    }

    /// Points a configuration at this test's prefix in the bucket.
    pub fn apply(&self, c: &mut Config) {
        self.apply_at(c, &format!("s3://{BUCKET}/{}", self.prefix));
    }

    fn apply_at(&self, c: &mut Config, files: &str) {
        c.files = files.into();
        c.s3_endpoint = self.endpoint.clone();
        c.s3_access_key = "uji".into();
        c.s3_secret_key = Secret("uji-rahasia".into());
        c.s3_allow_http = true;
    }

    /// Every key in the whole bucket under this test's prefix, as the bucket names it.
    pub async fn keys_in_bucket(&self) -> Vec<String> {
        let mut c = Config::for_tests("sqlite://unused.db", std::path::Path::new("/nonexistent"));
        self.apply_at(&mut c, &format!("s3://{BUCKET}"));
        let root = FileStore::open(&c).await.expect("bucket");
        let mine = format!("{}/", self.prefix);
        root.list().await.expect("list").into_iter().map(|f| f.key).filter(|k| k.starts_with(&mine)).collect()
    }

    pub async fn store(&self) -> FileStore {
        let mut c = Config::for_tests("sqlite://unused.db", std::path::Path::new("/nonexistent"));
        self.apply(&mut c);
        FileStore::open(&c).await.expect("S3 store")
    }
}

/// The test bodies, on SQLite and on PostgreSQL.
mod the_letter_flow_keeps_its_files_on_s3_under_random_ids {
    use super::*;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let Some(s3) = TestS3::get().await else { return };
        let app = TestApp::sqlite_with(|c| s3.apply(c)).await;
        super::letter_flow_on_s3(app, s3).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(s3) = TestS3::get().await else { return };
        if let Some(app) = TestApp::postgres_with(|c| s3.apply(c)).await {
            super::letter_flow_on_s3(app, s3).await
        }
    }
}

async fn letter_flow_on_s3(app: TestApp, s3: TestS3) {
    assert!(app.services.files.describe().starts_with("s3://serambi-uji/t-"), "{}", app.services.files.describe());
    let office: String = sqlx::query_scalar("SELECT code FROM offices WHERE unit_code = 'KEL-OBB'")
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    let emblem = server::offices::service::Change {
        emblem: Some(Some(crate::support::TINY_PNG.to_vec())),
        ..Default::default()
    };
    server::offices::service::apply(&app.services, None, &office, emblem).await.expect("emblem on S3");

    // Submitted with its attachments (KTP and KK), verified, signed: every file goes to S3.
    let id = app.verified_domisili("Melamar kerja").await;
    let lurah = app.official("lurah.oebobo").await;
    assert_eq!(app.act(&lurah, &id, "sign", "").await.status, StatusCode::OK);
    let warga = app.warga().await;
    let detail = app.detail(&warga, &id).await.json();
    let pdf = app.get(Some(&warga), detail["letter"]["download_url"].as_str().unwrap()).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with(b"%PDF-"));
    let letter_id = detail["letter"]["id"].as_str().unwrap();
    let public = app.call(None, "verifikasi", json!({ "id": letter_id })).await.json();
    assert_eq!(
        public["sha256"],
        hex::encode(Sha256::digest(&pdf.body)).as_str(),
        "the file read back is the signed one"
    );
    let attachments = detail["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2, "{detail}");
    for a in attachments {
        let got = app.get(Some(&warga), a["url"].as_str().unwrap()).await;
        assert_eq!(got.status, StatusCode::OK);
        let sent = if a["file_type"] == "pdf" { TINY_PDF } else { crate::support::TINY_PNG };
        assert_eq!(&got.body[..], sent, "{a}");
    }

    // In the bucket: the emblem, two attachments and the letter, under random ids only.
    let keys = s3.keys_in_bucket().await;
    assert_eq!(keys.len(), 4, "{keys:?}");
    for key in &keys {
        let rest = key.strip_prefix(&format!("{}/", s3.prefix)).unwrap();
        assert!(is_random_key(rest), "{key} is not a folder and a random id");
        assert!(!key.contains("5371045505900001") && !key.to_lowercase().contains("maria"), "{key}");
    }
    assert!(!app.services.config.files.exists(), "nothing was written to a local files folder");
}

/// `letters/<uuid>.pdf`, `attachments/<uuid>.png`, `emblems/<uuid>.png`, `impor/<uuid>/laporan.csv`.
fn is_random_key(key: &str) -> bool {
    let parts: Vec<&str> = key.split('/').collect();
    match parts.as_slice() {
        ["letters" | "attachments" | "emblems", name] => name
            .split_once('.')
            .is_some_and(|(id, ext)| uuid::Uuid::parse_str(id).is_ok() && ["pdf", "png", "jpg"].contains(&ext)),
        ["impor", id, "laporan.csv"] => uuid::Uuid::parse_str(id).is_ok(),
        _ => false,
    }
}

#[tokio::test]
async fn put_get_list_and_delete_work_on_s3() {
    let Some(s3) = TestS3::get().await else { return };
    let store = s3.store().await;
    assert!(store.list().await.unwrap().is_empty(), "a fresh prefix is empty");
    let bytes: Vec<u8> = (0..40 * 1024).map(|i| (i % 251) as u8).collect();
    let before = server::db::now_ms();
    store.put("letters/a.pdf", bytes.clone()).await.unwrap();
    store.put("attachments/b.png", TINY_PDF.to_vec()).await.unwrap();
    assert_eq!(&store.get("letters/a.pdf").await.unwrap()[..], &bytes[..]);

    let mut listed = store.list().await.unwrap();
    listed.sort_by(|a, b| a.key.cmp(&b.key));
    let keys: Vec<(&str, u64)> = listed.iter().map(|f| (f.key.as_str(), f.size)).collect();
    assert_eq!(keys, vec![("attachments/b.png", TINY_PDF.len() as u64), ("letters/a.pdf", 40 * 1024)]);
    for f in &listed {
        assert!((f.modified_ms - before).abs() < 60_000, "modified time near now: {f:?}");
    }

    store.delete("letters/a.pdf").await.unwrap();
    assert!(matches!(store.get("letters/a.pdf").await, Err(object_store::Error::NotFound { .. })));
    assert_eq!(store.list().await.unwrap().len(), 1);
    assert_eq!(s3.keys_in_bucket().await, vec![format!("{}/attachments/b.png", s3.prefix)]);
}

#[tokio::test]
async fn an_unreachable_endpoint_or_missing_bucket_stops_the_start_quickly() {
    let Some(s3) = TestS3::get().await else { return };
    let mut c = Config::for_tests("sqlite://unused.db", std::path::Path::new("/nonexistent"));
    s3.apply(&mut c);
    c.files = "s3://bucket-yang-tidak-ada/x".into();
    let e = FileStore::open(&c).await.err().expect("missing bucket refused");
    assert!(format!("{e:#}").contains("bucket tidak ada"), "{e:#}");

    // A port nobody listens on: refused after a few quick retries, not minutes.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    s3.apply(&mut c);
    c.s3_endpoint = format!("http://{closed}");
    let started = Instant::now();
    let e = FileStore::open(&c).await.err().expect("closed port refused");
    assert!(format!("{e:#}").contains("tidak bisa dipakai"), "{e:#}");
    assert!(!format!("{e:#}").contains("uji-rahasia"), "the secret is never in a message");
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// BENCHMARKS.md: put and get of a 40 KB letter, local folder vs the test S3 server.
/// `cargo test -p server --test api storage::bench -- --ignored --nocapture` (SERAMBI_TEST_S3 set).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn bench_put_get_40kb_local_folder_vs_s3() {
    let s3 = TestS3::get().await.expect("SERAMBI_TEST_S3");
    let dir = tempfile::tempdir().unwrap();
    let stores = [("local folder", FileStore::local(dir.path()).unwrap()), ("S3 (moto)", s3.store().await)];
    let pdf: Vec<u8> = (0..40 * 1024).map(|i| (i * 7 % 251) as u8).collect();
    const N: usize = 200;
    for (name, store) in stores {
        let keys: Vec<String> = (0..N).map(|_| format!("letters/{}.pdf", uuid::Uuid::new_v4())).collect();
        let mut put = Vec::with_capacity(N);
        for key in &keys {
            let t = Instant::now();
            store.put(key, pdf.clone()).await.unwrap();
            put.push(t.elapsed());
        }
        let mut get = Vec::with_capacity(N);
        for key in &keys {
            let t = Instant::now();
            assert_eq!(store.get(key).await.unwrap().len(), pdf.len());
            get.push(t.elapsed());
        }
        let t = Instant::now();
        assert_eq!(store.list().await.unwrap().len(), N);
        let list = t.elapsed();
        let stats = |v: &mut Vec<std::time::Duration>| {
            v.sort();
            let total: std::time::Duration = v.iter().sum();
            format!(
                "median {:.2} ms, p95 {:.2} ms, {:.0}/s",
                ms(v[N / 2]),
                ms(v[N * 95 / 100]),
                N as f64 / total.as_secs_f64()
            )
        };
        println!("{name:>13}: put {} | get {} | list of {N}: {:.1} ms", stats(&mut put), stats(&mut get), ms(list));
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
