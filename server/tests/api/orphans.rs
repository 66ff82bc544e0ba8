//! The orphan sweep: unreferenced files older than the grace period go; fresh ones and every
//! file a row points to stay. Local store on both databases, once on S3, and the command line.

use crate::on_both_databases;
use crate::storage::TestS3;
use crate::support::{TINY_PDF, TINY_PNG, TestApp};
use http::StatusCode;
use server::storage::sweep::{self, Sweep};
use std::time::{Duration, SystemTime};

on_both_databases!(
    orphans_older_than_an_hour_are_swept_and_referenced_or_fresh_files_stay,
    uploads_never_sent_go_after_two_days,
    uploads_sent_at_once_stay_within_the_daily_cap,
);

/// Oebobo gets an emblem, Maria's Domisili request (two attachments) is verified and signed:
/// four files rows point to. Returns the request id.
async fn signed_letter_with_emblem(app: &TestApp) -> String {
    let office: String = sqlx::query_scalar("SELECT code FROM offices WHERE unit_code = 'KEL-OBB'")
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    let change = server::offices::service::Change { emblem: Some(Some(TINY_PNG.to_vec())), ..Default::default() };
    server::offices::service::apply(&app.services, None, &office, change).await.expect("emblem");
    let id = app.verified_domisili("Melamar kerja").await;
    let lurah = app.official("lurah.oebobo").await;
    assert_eq!(app.act(&lurah, &id, "sign", "").await.status, StatusCode::OK);
    id
}

fn orphan_key(folder: &str, ext: &str) -> String {
    format!("{folder}/{}.{ext}", uuid::Uuid::new_v4())
}

/// Sets every file under `dir` to have last changed `age` ago, except `keep`.
fn backdate(dir: &std::path::Path, age: Duration, keep: &str) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            backdate(&path, age, keep);
        } else if !path.ends_with(keep) {
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(SystemTime::now() - age).unwrap();
        }
    }
}

async fn keys(app: &TestApp) -> Vec<String> {
    let mut keys: Vec<String> = app.services.files.list().await.unwrap().into_iter().map(|f| f.key).collect();
    keys.sort();
    keys
}

async fn orphans_older_than_an_hour_are_swept_and_referenced_or_fresh_files_stay(app: TestApp) {
    let id = signed_letter_with_emblem(&app).await;
    let files = &app.services.files;
    let referenced = keys(&app).await;
    assert_eq!(referenced.len(), 4, "{referenced:?}");
    // A crash between the write and the commit leaves files no row points to.
    let (old_letter, old_upload, fresh) =
        (orphan_key("letters", "pdf"), orphan_key("attachments", "png"), orphan_key("emblems", "png"));
    for key in [&old_letter, &old_upload, &fresh] {
        files.put(key, TINY_PDF.to_vec()).await.unwrap();
    }
    // Everything is two hours old except the fresh orphan (a transaction still running).
    backdate(&app.services.config.files, Duration::from_secs(2 * 3600), fresh.rsplit('/').next().unwrap());

    let dry = sweep::sweep_now(&app.services.db, files, true).await.unwrap();
    let expected = Sweep {
        stored: 7,
        stored_bytes: dry.stored_bytes,
        referenced: 4,
        young: 1,
        orphans: 2,
        orphan_bytes: 2 * TINY_PDF.len() as u64,
        ..Sweep::default()
    };
    assert_eq!(dry, expected);
    assert_eq!(keys(&app).await.len(), 7, "a dry run deletes nothing");
    let report = dry.report(true).join("\n");
    assert!(report.contains("Tanpa rujukan, lebih tua dari 1 jam: 2") && report.contains("mode kering"), "{report}");

    let done = sweep::sweep_now(&app.services.db, files, false).await.unwrap();
    assert_eq!((done.deleted, done.deleted_bytes, done.failed), (2, 2 * TINY_PDF.len() as u64, 0));
    let mut left = referenced.clone();
    left.push(fresh.clone());
    left.sort();
    assert_eq!(keys(&app).await, left, "the referenced files and the fresh orphan stay");
    assert!(done.report(false).join("\n").contains("Dihapus: 2 berkas"));

    // What rows point to still serves: the letter's PDF and the attachments.
    let warga = app.warga().await;
    let detail = app.detail(&warga, &id).await.json();
    assert_eq!(app.get(Some(&warga), detail["letter"]["download_url"].as_str().unwrap()).await.status, StatusCode::OK);
    for a in detail["attachments"].as_array().unwrap() {
        assert_eq!(app.get(Some(&warga), a["url"].as_str().unwrap()).await.status, StatusCode::OK);
    }
    let again = sweep::sweep_now(&app.services.db, files, false).await.unwrap();
    assert_eq!((again.deleted, again.young, again.missing), (0, 1, 0));
}

/// Security review, finding 12: a KTP scan uploaded for a form never sent does not stay forever.
async fn uploads_never_sent_go_after_two_days(app: TestApp) {
    let id = app.verified_domisili("Melamar kerja").await;
    let warga = app.warga().await;
    let upload = |name: &'static str| {
        let (app, warga) = (&app, warga.clone());
        async move {
            let r = app.upload(&warga, name, TINY_PDF).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            r.json()["id"].as_str().unwrap().to_string()
        }
    };
    let (old, fresh) = (upload("KTP_lama.pdf").await, upload("KTP_baru.pdf").await);
    let pool = &app.services.db.pool;
    let three_days_ago = chrono::Utc::now().timestamp_millis() - 72 * 3_600_000;
    // The old upload, and the request's own attachments, were made three days ago.
    sqlx::query("UPDATE attachments SET created_at = $1 WHERE id = $2 OR request_id = $3")
        .bind(three_days_ago)
        .bind(&old)
        .bind(&id)
        .execute(pool)
        .await
        .unwrap();
    let key_of = |a: &str| format!("SELECT COUNT(*) FROM attachments WHERE id = '{a}'");
    let linked = app.count(&format!("SELECT COUNT(*) FROM attachments WHERE request_id = '{id}'")).await;
    assert!(linked > 0);
    let files_before = keys(&app).await.len();
    backdate(&app.services.config.files, Duration::from_secs(2 * 3600), "-");

    let dry = sweep::sweep_now(&app.services.db, &app.services.files, true).await.unwrap();
    assert_eq!((dry.unlinked_uploads, dry.deleted), (1, 0));
    assert!(dry.report(true).join("\n").contains("akan dihapus: 1"), "{:?}", dry.report(true));
    assert_eq!(app.count(&key_of(&old)).await, 1, "a dry run deletes nothing");

    let done = sweep::sweep_now(&app.services.db, &app.services.files, false).await.unwrap();
    assert_eq!((done.unlinked_uploads, done.deleted, done.failed), (1, 1, 0), "{done:?}");
    assert_eq!(app.count(&key_of(&old)).await, 0);
    assert_eq!(app.count(&key_of(&fresh)).await, 1, "an upload of today waits for its form");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM attachments WHERE request_id = '{id}'")).await, linked);
    assert_eq!(keys(&app).await.len(), files_before - 1, "the old upload's file is gone");
    assert_eq!(app.get(Some(&warga), &format!("/lampiran/{old}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(Some(&warga), &format!("/lampiran/{fresh}")).await.status, StatusCode::OK);
}

/// Security review, finding 12: the daily cap is counted atomically with each upload.
async fn uploads_sent_at_once_stay_within_the_daily_cap(app: TestApp) {
    let warga = app.warga().await;
    let cap = app.services.config.max_uploads_per_day;
    assert!(cap > 5, "{cap}");
    let maria = app.fill_marias_uploads(cap - 5).await;
    let files_before = keys(&app).await.len();
    let replies = futures::future::join_all((0..20).map(|i| {
        let (app, warga) = (&app, warga.clone());
        async move { app.upload(&warga, &format!("scan-{i}.pdf"), TINY_PDF).await }
    }))
    .await;
    let ok = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    let refused = replies.iter().filter(|r| r.status == StatusCode::CONFLICT).count();
    assert_eq!((ok, refused), (5, 15), "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
    let counted = app.count(&format!("SELECT COUNT(*) FROM attachments WHERE owner_user_id = '{maria}'")).await;
    assert_eq!(counted, cap);
    assert_eq!(keys(&app).await.len(), files_before + 5, "refused uploads leave no file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sweep_on_s3_deletes_only_the_old_orphan() {
    let Some(s3) = TestS3::get().await else { return };
    let app = TestApp::sqlite_with(|c| s3.apply(c)).await;
    signed_letter_with_emblem(&app).await;
    let files = &app.services.files;
    let referenced = keys(&app).await;
    let old = orphan_key("letters", "pdf");
    files.put(&old, TINY_PDF.to_vec()).await.unwrap();
    let after_old = server::db::now_ms();
    // S3 times may be whole seconds: two seconds apart, and the cut-off one second after the old
    // orphan, put the fresh orphan and the referenced files on the right sides of it.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let fresh = orphan_key("attachments", "pdf");
    files.put(&fresh, TINY_PDF.to_vec()).await.unwrap();

    let done = sweep::sweep(&app.services.db, files, after_old + 1000, false).await.unwrap();
    assert_eq!((done.referenced, done.young, done.deleted, done.failed), (4, 1, 1, 0), "{done:?}");
    let mut left = referenced;
    left.push(fresh);
    left.sort();
    assert_eq!(keys(&app).await, left);
    assert_eq!(s3.keys_in_bucket().await.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serambi_berkas_rapikan_reports_in_indonesian_and_kering_deletes_nothing() {
    let app = TestApp::sqlite().await;
    let old = orphan_key("letters", "pdf");
    app.services.files.put(&old, vec![7u8; 3000]).await.unwrap();
    backdate(&app.services.config.files, Duration::from_secs(2 * 3600), "none");
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_serambi"))
            .args(["berkas", "rapikan"])
            .args(extra)
            .env("DATABASE_URL", &app.services.config.database_url)
            .env("SERAMBI_FILES", &app.services.config.files)
            .env("RUST_LOG", "warn")
            .output()
            .expect("serambi runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dry = run(&["--kering"]);
    assert!(dry.contains("Berkas tersimpan: 1 (2,9 KB)"), "{dry}");
    assert!(dry.contains("Tanpa rujukan, lebih tua dari 1 jam: 1 (2,9 KB) — mode kering"), "{dry}");
    assert_eq!(keys(&app).await, vec![old.clone()]);
    let done = run(&[]);
    assert!(done.contains("Dihapus: 1 berkas (2,9 KB)"), "{done}");
    assert!(keys(&app).await.is_empty());
}

/// A column holding a file key that the sweep does not know would lose its files an hour after
/// they are written: every `*_key` column in the migrations must be in the sweep's list.
#[test]
fn every_key_column_in_the_migrations_is_known_to_the_sweep() {
    let known: Vec<&str> = server::db::files::FILE_KEY_COLUMNS.iter().map(|(_, c)| *c).collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    for entry in std::fs::read_dir(dir).unwrap() {
        let sql = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for word in sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word.ends_with("_key") && word.len() > 4 {
                assert!(known.contains(&word), "column {word}: add it to db::files::FILE_KEY_COLUMNS");
            }
        }
    }
}
