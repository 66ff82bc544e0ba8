//! Notifications: reference codes, the outbox written with its event, delivery through the
//! WhatsApp/SMS gateway (a fake one run here) and e-mail (the real aiosmtpd of scripts/test),
//! contacts verified by code, retries, two workers on one database, and no NIK in any message.

use crate::notifications_support as support;
use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::json;
use support::{FakeGateway, MARIA, TestSmtp, deliver, verified_contact};

const MARIA_PHONE: &str = "6281234567890";

on_both_databases!(every_request_gets_its_own_reference_code_shown_to_resident_and_clerk);

async fn every_request_gets_its_own_reference_code_shown_to_resident_and_clerk(app: TestApp) {
    let warga = app.warga().await;
    let a = app.submit_domisili(&warga, "Satu").await;
    let b = app.submit_domisili(&warga, "Dua").await;
    let ra = app.detail(&warga, &a).await.json()["reference"].as_str().expect("reference").to_string();
    let rb = app.detail(&warga, &b).await.json()["reference"].as_str().expect("reference").to_string();
    assert_ne!(ra, rb);
    for r in [&ra, &rb] {
        assert!(r.starts_with("SRB-") && r.len() == 11, "{r}");
        assert_eq!(domain::Reference::parse(r).unwrap().to_string(), *r);
    }
    let mine = app.call(Some(&warga), "permohonan-saya", json!({})).await.json();
    assert!(mine.as_array().unwrap().iter().any(|s| s["reference"] == ra.as_str()), "{mine}");
    let clerk = app.official("petugas.oebobo").await;
    assert_eq!(app.detail(&clerk, &a).await.json()["reference"], ra.as_str());
    let page = app.get(Some(&warga), &format!("/permohonan/{a}")).await;
    assert!(page.text().contains(&ra), "the request page shows the code");
    // Stored without prefix, unique; a request from before the migration gets one at start.
    let stored: String = sqlx::query_scalar("SELECT reference FROM requests WHERE id = $1")
        .bind(&a)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(format!("SRB-{}-{}", &stored[..4], &stored[4..]), ra);
    sqlx::query("UPDATE requests SET reference = NULL WHERE id = $1")
        .bind(&b)
        .execute(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(server::requests::reference::fill_missing(&app.services.db).await.unwrap(), 1);
    let refilled = app.detail(&warga, &b).await.json()["reference"].as_str().unwrap().to_string();
    assert!(refilled.starts_with("SRB-") && refilled != ra);
}

/// An app whose WhatsApp/SMS channel is the fake gateway.
async fn with_gateway(postgres: bool) -> Option<(TestApp, FakeGateway)> {
    let gw = FakeGateway::start().await;
    let adjust = |c: &mut server::config::Config| {
        c.wa_url = gw.url.clone();
        c.wa_token = server::config::Secret("rahasia-gateway".into());
        c.public_url = "https://surat.contoh.go.id".into();
        c.mode = "uji".into();
        c.notif_daily_hour = 0;
    };
    let app = if postgres { TestApp::postgres_with(adjust).await? } else { TestApp::sqlite_with(adjust).await };
    Some((app, gw))
}

mod residents_hear_of_submission_return_rejection_and_signing {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::residents_hear(false).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::residents_hear(true).await
    }
}

async fn residents_hear(postgres: bool) {
    let Some((app, gw)) = with_gateway(postgres).await else { return };
    let warga = app.warga().await;

    // Maria adds her number; the code comes through the gateway; a wrong code is refused.
    let r = app
        .call(Some(&warga), "kontak-tambah", json!({ "input": { "channel": "wa", "address": "0812 3456 7890" } }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    deliver(&app).await;
    let texts = gw.texts_to(MARIA_PHONE);
    assert_eq!(texts.len(), 1, "{texts:?}");
    let code: String = texts[0].chars().filter(|c| c.is_ascii_digit()).take(6).collect();
    assert_eq!(gw.received.lock().unwrap()[0].0.as_deref(), Some("Bearer rahasia-gateway"));
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = app.call(Some(&warga), "kontak-verifikasi", json!({ "input": { "channel": "wa", "code": wrong } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = app.call(Some(&warga), "kontak-verifikasi", json!({ "input": { "channel": "wa", "code": code } })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["channel"], "wa");
    assert_eq!(r.json()["contacts"][0]["verified"], true);
    // The account page's notification forms post (they work before hydration).
    let page = app.get(Some(&warga), "/akun").await.text();
    let forms: Vec<&str> =
        page.match_indices("<form").map(|(i, _)| &page[i..i + page[i..].find('>').unwrap() + 1]).collect();
    assert!(forms.len() >= 3 && forms.iter().all(|f| f.contains(r#"method="post""#)), "{forms:?}");
    let hashed: Option<String> =
        sqlx::query_scalar("SELECT code_hash FROM contacts").fetch_one(&app.services.db.pool).await.unwrap();
    assert_eq!(hashed, None, "the code is used up");

    // Submission, return (with a note quoting her NIK), resubmission, signing; and a rejection.
    let clerk = app.official("petugas.oebobo").await;
    let lurah = app.official("lurah.oebobo").await;
    let id = app.submit_domisili(&warga, "Melamar kerja").await;
    let reference = app.detail(&warga, &id).await.json()["reference"].as_str().unwrap().to_string();
    deliver(&app).await;
    let note = format!("NIK {MARIA} pada foto tidak terbaca; unggah ulang.");
    assert_eq!(app.act(&clerk, &id, "return", &note).await.status, StatusCode::OK);
    deliver(&app).await;
    let r = app
        .call(
            Some(&warga),
            "tindakan",
            json!({ "input": { "request_id": id, "action": "resubmit", "note": "",
        "fields": { "keperluan": "Melamar kerja" } } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(app.act(&clerk, &id, "verify", "").await.status, StatusCode::OK);
    assert_eq!(app.act(&lurah, &id, "sign", "").await.status, StatusCode::OK);
    deliver(&app).await;
    let other = app.submit_domisili(&warga, "Lain").await;
    deliver(&app).await;
    assert_eq!(app.act(&clerk, &other, "reject", "Bukan warga kelurahan ini").await.status, StatusCode::OK);
    deliver(&app).await;

    let texts = gw.texts_to(MARIA_PHONE);
    let link = format!("https://surat.contoh.go.id/permohonan/{id}");
    let expect = [
        ("diterima dengan kode", &id),
        ("dikembalikan. Alasan: NIK **************** pada foto", &id),
        ("siap diunduh", &id),
        ("diterima dengan kode", &other),
        ("ditolak. Alasan: Bukan warga", &other),
    ];
    assert_eq!(texts.len(), 1 + expect.len(), "code + one per step the resident hears of: {texts:#?}");
    for (i, (words, which)) in expect.iter().enumerate() {
        let text = &texts[i + 1];
        assert!(text.contains(words) && text.contains(which.as_str()), "{words} about {which}: {text}");
    }
    assert!(texts[1].contains(&reference) && texts[1].contains(&link), "{}", texts[1]);
    // Never a NIK or KK number, whatever the clerk typed.
    let kk: String = sqlx::query_scalar("SELECT no_kk FROM residents WHERE nik = $1")
        .bind(MARIA)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT body FROM notifications").fetch_all(&app.services.db.pool).await.unwrap();
    for text in gw.all_texts().iter().chain(&stored) {
        assert!(!text.contains(MARIA) && !text.contains(&kk), "{text}");
    }
    let sent: i64 = app.count("SELECT COUNT(*) FROM notifications WHERE status = 'terkirim'").await;
    assert_eq!(sent, 6);
}

on_both_databases!(without_a_channel_messages_are_kept_as_undeliverable_and_shown_to_the_admin);

async fn without_a_channel_messages_are_kept_as_undeliverable_and_shown_to_the_admin(app: TestApp) {
    verified_contact(&app, MARIA, "email", "maria@contoh.id").await;
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Tanpa kanal").await;
    // Written with the request, before any delivery.
    let rows: i64 = app.count(&format!("SELECT COUNT(*) FROM notifications WHERE request_id = '{id}'")).await;
    assert_eq!(rows, 1);
    deliver(&app).await;
    let (status, error): (String, Option<String>) =
        sqlx::query_as("SELECT status, last_error FROM notifications").fetch_one(&app.services.db.pool).await.unwrap();
    assert_eq!(status, "tanpa_kanal");
    assert!(error.unwrap().contains("tidak dikonfigurasi"));
    let admin = app.official("admin").await;
    let outbox = app.call(Some(&admin), "kotak-keluar", json!({})).await;
    assert_eq!(outbox.status, StatusCode::OK, "{}", outbox.text());
    let v = outbox.json();
    assert_eq!(v["unsent"][0]["status"], "tanpa_kanal");
    assert_eq!(v["unsent"][0]["to"], "ma***@contoh.id");
    assert!(v["counts"].as_array().unwrap().iter().any(|c| c[0] == "tanpa_kanal" && c[1] == 1), "{v}");
    assert_eq!(app.call(Some(&warga), "kotak-keluar", json!({})).await.status, StatusCode::FORBIDDEN);
    let page = app.get(Some(&admin), "/admin/notifikasi").await;
    assert!(page.text().contains("belum dikonfigurasi"), "the admin page shows it");
    // A resident without a verified contact gets no row; a counter request for Maria does.
    sqlx::query("DELETE FROM notification_settings").execute(&app.services.db.pool).await.unwrap();
    app.submit_domisili(&warga, "Tanpa kontak").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications").await, 1);
}

mod retries_back_off_and_a_refusal_fails_for_good {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let (app, gw) = super::with_gateway(false).await.unwrap();
        super::retries(app, gw).await
    }
}

async fn retries(app: TestApp, gw: FakeGateway) {
    use std::sync::atomic::Ordering;
    verified_contact(&app, MARIA, "wa", MARIA_PHONE).await;
    let warga = app.warga().await;
    gw.status.store(503, Ordering::SeqCst);
    app.submit_domisili(&warga, "Gateway sibuk").await;
    deliver(&app).await;
    let (status, attempts, next, created): (String, i64, i64, i64) =
        sqlx::query_as("SELECT status, attempts, next_attempt_at, created_at FROM notifications")
            .fetch_one(&app.services.db.pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), attempts), ("menunggu", 1));
    assert!(next > created, "the next attempt waits");
    // Not due yet: nothing is sent; once due, it is retried, fails again, waits twice as long.
    deliver(&app).await;
    assert_eq!(gw.received.lock().unwrap().len(), 1);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    deliver(&app).await;
    let (attempts, next2): (i64, i64) = sqlx::query_as("SELECT attempts, next_attempt_at FROM notifications")
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(attempts, 2);
    assert!(next2 - server::db::now_ms() > 1500, "backoff doubled");
    // A refusal of the message itself is final.
    gw.status.store(400, Ordering::SeqCst);
    sqlx::query("UPDATE notifications SET next_attempt_at = 0").execute(&app.services.db.pool).await.unwrap();
    deliver(&app).await;
    let (status, error): (String, String) =
        sqlx::query_as("SELECT status, last_error FROM notifications").fetch_one(&app.services.db.pool).await.unwrap();
    assert_eq!(status, "gagal");
    assert!(error.contains("400"), "{error}");
}

mod two_workers_on_one_database_send_each_message_once {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        let Some((app, gw)) = super::with_gateway(true).await else { return };
        super::two_workers(app, gw).await
    }
}

async fn two_workers(app: TestApp, gw: FakeGateway) {
    // A second node on the same database.
    let mut config = app.services.config.clone();
    config.listen = "127.0.0.1:0".parse().unwrap();
    let other = server::Services::start(config).await.expect("second node");
    assert_ne!(other.node, app.services.node);
    // 200 messages in the outbox, written directly.
    const N: usize = 200;
    let user = support::user_id(&app, MARIA).await;
    let mut tx = app.services.db.begin().await.unwrap();
    let text = server::notifications::texts::queue_digest(1, "https://x");
    for i in 0..N {
        let to = format!("62812000{i:05}");
        server::notifications::outbox::add(
            &mut tx,
            &text,
            domain::ContactChannel::Wa,
            &to,
            Some(user.as_str()),
            None,
            0,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let started = std::time::Instant::now();
    let run = |s: std::sync::Arc<server::Services>| async move {
        while server::notifications::worker::round(&s).await.unwrap() > 0 {}
    };
    tokio::join!(run(app.services.clone()), run(other.clone()));
    let took = started.elapsed().as_secs_f64();
    eprintln!("{N} messages through the fake gateway by two workers: {took:.2} s ({:.0}/s)", N as f64 / took);
    let received = gw.received.lock().unwrap().clone();
    let mut to: Vec<String> = received.iter().map(|(_, b)| b["to"].as_str().unwrap().to_string()).collect();
    to.sort();
    to.dedup();
    assert_eq!((received.len(), to.len()), (N, N), "each exactly once");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE status = 'terkirim'").await, N as i64);
    let by_node: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM notifications GROUP BY status")
        .fetch_all(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(by_node, vec![("terkirim".to_string(), N as i64)]);
}

mod email_goes_through_a_real_smtp_server {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let Some(smtp) = super::TestSmtp::get() else { return };
        let app = crate::support::TestApp::sqlite_with(|c| {
            c.smtp_url = server::config::Secret(smtp.url());
            c.smtp_from = "Serambi Kupang <noreply@kupang.contoh.id>".into();
        })
        .await;
        super::email(app, smtp).await
    }
}

async fn email(app: TestApp, smtp: TestSmtp) {
    let to = support::fresh_email();
    let warga = app.warga().await;
    let r = app.call(Some(&warga), "kontak-tambah", json!({ "input": { "channel": "email", "address": to } })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    deliver(&app).await;
    let mail = smtp.wait_for(&to, 1, 10).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("Subject: Kode verifikasi Serambi"), "{}", mail[0]);
    let body = support::mail_body(&mail[0]);
    let code: String = body.split("Anda: ").nth(1).unwrap().chars().take(6).collect();
    let r = app.call(Some(&warga), "kontak-verifikasi", json!({ "input": { "channel": "email", "code": code } })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let started = std::time::Instant::now();
    let id = app.submit_domisili(&warga, "Lewat e-mail").await;
    deliver(&app).await;
    let mail = smtp.wait_for(&to, 2, 10).await;
    eprintln!("submission to message in the SMTP server's Maildir: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    assert_eq!(mail.len(), 2);
    let reference = app.detail(&warga, &id).await.json()["reference"].as_str().unwrap().to_string();
    let receipt =
        mail.iter().find(|m| m.contains(&format!("Subject: Permohonan {reference} diterima"))).expect("receipt");
    assert!(receipt.lines().any(|l| l.starts_with("From: ") && l.contains("noreply@kupang.contoh.id")), "{receipt}");
    let row: String = sqlx::query_scalar("SELECT id FROM notifications WHERE request_id = $1")
        .bind(&id)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert!(receipt.contains(&format!("Message-ID: <{row}@serambi>")), "the row id marks duplicates: {receipt}");
    assert!(!receipt.contains(MARIA));
}

mod staff_get_a_queue_digest_at_most_every_n_minutes_and_lurah_a_daily_one {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let (app, gw) = super::with_gateway(false).await.unwrap();
        super::digests(app, gw).await
    }
}

async fn digests(app: TestApp, gw: FakeGateway) {
    use server::notifications::digest;
    verified_contact(&app, "petugas.oebobo", "wa", "6281100000001").await;
    verified_contact(&app, "lurah.oebobo", "wa", "6281100000002").await;
    let warga = app.warga().await;
    let a = app.submit_domisili(&warga, "Satu").await;
    app.submit_domisili(&warga, "Dua").await;
    let now = server::db::now_ms();
    digest::run(&app.services, now).await.unwrap();
    deliver(&app).await;
    let clerk_texts = gw.texts_to("6281100000001");
    assert_eq!(clerk_texts.len(), 1, "{clerk_texts:?}");
    assert!(
        clerk_texts[0].contains("Ada 2 permohonan baru") && clerk_texts[0].contains("/antrian"),
        "{}",
        clerk_texts[0]
    );
    // A third request within the N minutes: no second digest yet; after them, one for the new one.
    app.submit_domisili(&warga, "Tiga").await;
    digest::run(&app.services, now + 60_000).await.unwrap();
    deliver(&app).await;
    assert_eq!(gw.texts_to("6281100000001").len(), 1);
    digest::run(&app.services, server::db::now_ms() + 31 * 60_000).await.unwrap();
    deliver(&app).await;
    let clerk_texts = gw.texts_to("6281100000001");
    assert_eq!(clerk_texts.len(), 2);
    assert!(clerk_texts[1].contains("Ada 1 permohonan baru"), "{}", clerk_texts[1]);
    // The lurah: nothing waits for the signature yet, then one letter; one digest per day.
    let clerk = app.official("petugas.oebobo").await;
    assert_eq!(app.act(&clerk, &a, "verify", "").await.status, StatusCode::OK);
    sqlx::query("UPDATE notification_settings SET daily_digest_on = '' ").execute(&app.services.db.pool).await.unwrap();
    let later = server::db::now_ms() + 62 * 60_000;
    digest::run(&app.services, later).await.unwrap();
    digest::run(&app.services, later + 1000).await.unwrap();
    deliver(&app).await;
    let lurah_texts = gw.texts_to("6281100000002");
    assert!(lurah_texts.iter().any(|t| t.contains("1 surat yang menunggu tanda tangan")), "{lurah_texts:?}");
    assert_eq!(lurah_texts.iter().filter(|t| t.contains("menunggu tanda tangan")).count(), 1, "once a day");
}
