//! Backups that restore: taken while the server signs letters, restored into a fresh database
//! and store, and served again; refusals of non-empty targets and tampered archives.

use crate::on_both_databases;
use crate::support::TestApp;
use axum::body::Body;
use http::{Request, StatusCode, header};
use server::backup::{self, Summary};
use server::storage::FileStore;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

on_both_databases!(
    a_backup_taken_while_letters_are_signed_restores_into_a_working_server,
    restore_refuses_a_non_empty_target_and_a_tampered_archive,
);

/// Submits, verifies and signs one Domisili letter with the given sessions; its number.
async fn sign_one(app: &TestApp, warga: &str, clerk: &str, lurah: &str, purpose: &str) -> String {
    let id = app.submit_domisili(warga, purpose).await;
    assert_eq!(app.act(clerk, &id, "verify", "").await.status, StatusCode::OK);
    let signed = app.act(lurah, &id, "sign", "").await;
    assert_eq!(signed.status, StatusCode::OK, "sign: {}", signed.text());
    signed.json()["letter"]["number"].as_str().expect("number").to_string()
}

fn sequence(number: &str) -> i64 {
    number.split('/').nth(1).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("number {number}"))
}

async fn backup_of(app: &TestApp, dir: &std::path::Path) -> Summary {
    let s = &app.services;
    backup::create(&s.db, &s.config.database_url, &s.files, dir).await.expect("backup")
}

async fn a_backup_taken_while_letters_are_signed_restores_into_a_working_server(app: TestApp) {
    let app = Arc::new(app);
    let (warga, clerk, lurah) =
        (app.warga().await, app.official("petugas.oebobo").await, app.official("lurah.oebobo").await);
    for i in 0..3 {
        sign_one(&app, &warga, &clerk, &lurah, &format!("Sebelum cadangan {i}")).await;
    }
    // Two residents' worth of traffic keeps submitting, verifying and signing meanwhile.
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let (app, stop) = (app.clone(), stop.clone());
            let (warga, clerk, lurah) = (warga.clone(), clerk.clone(), lurah.clone());
            tokio::spawn(async move {
                let mut signed = 0;
                while !stop.load(Ordering::Relaxed) || signed < 2 {
                    sign_one(&app, &warga, &clerk, &lurah, &format!("Selama cadangan {w}-{signed}")).await;
                    signed += 1;
                }
                signed
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let summary = backup_of(&app, dir.path()).await;
    stop.store(true, Ordering::Relaxed);
    let mut during = 0;
    for w in workers {
        during += w.await.expect("worker");
    }
    let in_backup = summary_rows(&summary, "letters");
    let total = app.count("SELECT COUNT(*) FROM letters").await;
    eprintln!("backup: {in_backup} letters of {total}, {during} signed by the workers, {summary:?}");
    assert!(in_backup >= 3 && in_backup <= total);

    let (url, target) = app.fresh_target().await;
    let files = FileStore::local(&target.path().join("files")).unwrap();
    let restored = backup::restore(&url, &files, &summary.archive).await.expect("restore");
    assert_eq!((restored.files, restored.rows), (summary.files, summary.rows));
    let fresh = TestApp::start_empty(&url, target).await;
    every_letter_matches_its_record(&fresh, in_backup).await;

    // The sequence goes on from the backup: no gap, no duplicate.
    let (warga, clerk, lurah) =
        (fresh.warga().await, fresh.official("petugas.oebobo").await, fresh.official("lurah.oebobo").await);
    let next = sign_one(&fresh, &warga, &clerk, &lurah, "Setelah pemulihan").await;
    assert_eq!(sequence(&next), in_backup + 1, "{next}");
}

fn summary_rows(summary: &Summary, table: &str) -> i64 {
    let manifest = std::fs::File::open(&summary.archive).unwrap();
    let mut tar = tar::Archive::new(manifest);
    for entry in tar.entries().unwrap() {
        let entry = entry.unwrap();
        if entry.path().unwrap().to_str() == Some("manifest.json") {
            let m: backup::Manifest = serde_json::from_reader(entry).unwrap();
            return m.tables[table];
        }
    }
    panic!("no manifest in {}", summary.archive.display())
}

/// Each restored letter's PDF has the hash its verification record shows, the match endpoint
/// accepts it, and the numbers run 1..=n.
async fn every_letter_matches_its_record(fresh: &TestApp, expected: i64) {
    let letters: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, file_key, number FROM letters").fetch_all(&fresh.services.db.pool).await.unwrap();
    assert_eq!(letters.len() as i64, expected);
    let mut sequences = Vec::new();
    for (id, key, number) in letters {
        let pdf = fresh.services.files.get(&key).await.expect("restored PDF");
        let record = fresh.get(None, &format!("/api/v1/surat/{id}")).await;
        assert_eq!(record.status, StatusCode::OK);
        assert_eq!(record.json()["surat"]["sha256"], hex::encode(Sha256::digest(&pdf)), "letter {number}");
        let check = Request::post(format!("/api/v1/surat/{id}/cocokkan"))
            .header(header::HOST, "127.0.0.1:3000")
            .body(Body::from(pdf))
            .unwrap();
        assert_eq!(fresh.request(check).await.json()["cocok"], true, "letter {number}");
        sequences.push(sequence(&number));
    }
    sequences.sort();
    assert_eq!(sequences, (1..=expected).collect::<Vec<_>>());
}

async fn restore_refuses_a_non_empty_target_and_a_tampered_archive(app: TestApp) {
    let (warga, clerk, lurah) =
        (app.warga().await, app.official("petugas.oebobo").await, app.official("lurah.oebobo").await);
    sign_one(&app, &warga, &clerk, &lurah, "Untuk diuji").await;
    let dir = tempfile::tempdir().unwrap();
    let summary = backup_of(&app, dir.path()).await;
    let restore = |url: String, files: FileStore, archive: std::path::PathBuf| async move {
        backup::restore(&url, &files, &archive).await.map_err(|e| format!("{e:#}"))
    };

    let own = restore(app.services.config.database_url.clone(), app.services.files.clone(), summary.archive.clone());
    let refused = own.await.unwrap_err();
    assert!(refused.contains("basis data tujuan tidak kosong"), "{refused}");

    let (url, target) = app.fresh_target().await;
    let files = FileStore::local(&target.path().join("files")).unwrap();
    files.put("lain/catatan.txt", b"sudah ada".to_vec()).await.unwrap();
    let refused = restore(url.clone(), files.clone(), summary.archive.clone()).await.unwrap_err();
    assert!(refused.contains("penyimpanan berkas tujuan tidak kosong (1 berkas)"), "{refused}");
    files.delete("lain/catatan.txt").await.unwrap();

    let key: String =
        sqlx::query_scalar("SELECT file_key FROM letters").fetch_one(&app.services.db.pool).await.unwrap();
    let tampered = flip_a_byte(&summary.archive, &format!("berkas/{key}"), dir.path());
    let refused = restore(url.clone(), files.clone(), tampered).await.unwrap_err();
    assert!(refused.contains(&format!("berkas {key} rusak")) && refused.contains("tidak ada yang diubah"), "{refused}");
    assert!(files.list().await.unwrap().is_empty());

    // Nothing was changed: the genuine archive still restores into the same target.
    restore(url, files, summary.archive.clone()).await.expect("the genuine archive restores");
}

/// A copy of `archive` with one byte of the entry `path` flipped.
fn flip_a_byte(archive: &std::path::Path, path: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let mut bytes = std::fs::read(archive).unwrap();
    let mut tar = tar::Archive::new(std::io::Cursor::new(bytes.clone()));
    let offset = tar
        .entries()
        .unwrap()
        .map(|e| e.unwrap())
        .find(|e| e.path().unwrap().to_str() == Some(path))
        .map(|e| e.raw_file_position() as usize)
        .unwrap_or_else(|| panic!("{path} not in the archive"));
    bytes[offset + 100] ^= 0xFF;
    let out = dir.join("verubah.tar");
    std::fs::write(&out, bytes).unwrap();
    out
}

/// `serambi cadangan …` as a separate process, with the given database and files folder.
fn serambi(database_url: &str, files: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_serambi"))
        .env("DATABASE_URL", database_url)
        .env("SERAMBI_FILES", files)
        .env("RUST_LOG", "warn")
        .args(args)
        .output()
        .expect("serambi runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_backs_up_and_restores() {
    let app = TestApp::sqlite().await;
    let (warga, clerk, lurah) =
        (app.warga().await, app.official("petugas.oebobo").await, app.official("lurah.oebobo").await);
    sign_one(&app, &warga, &clerk, &lurah, "Lewat baris perintah").await;
    let config = &app.services.config;
    let dir = tempfile::tempdir().unwrap();
    let made = serambi(&config.database_url, &config.files, &["cadangan", "buat", dir.path().to_str().unwrap()]);
    let said = String::from_utf8_lossy(&made.stdout).into_owned();
    assert!(
        made.status.success() && said.contains("Cadangan dibuat:"),
        "{said}{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(said.contains("basis data   SQLite"), "{said}");
    let archive = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "tar"))
        .expect("the archive");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the archive is left");

    let (url, target) = app.fresh_target().await;
    let files = target.path().join("files");
    let args = ["cadangan", "pulihkan", archive.to_str().unwrap()];
    let restored = serambi(&url, &files, &args);
    let said = String::from_utf8_lossy(&restored.stdout).into_owned();
    assert!(restored.status.success() && said.contains("semua SHA-256 cocok"), "{said}");
    let again = serambi(&url, &files, &args);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("basis data tujuan tidak kosong"));
}
