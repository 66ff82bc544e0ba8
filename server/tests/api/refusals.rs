//! What must be refused, with a clear message, changing nothing.

use crate::on_both_databases;
use crate::support::TestApp;
use http::{Request, StatusCode, header};
use serde_json::json;

on_both_databases!(
    a_clerk_cannot_see_or_touch_requests_of_another_kelurahan,
    transitions_out_of_order_or_by_the_wrong_role_change_nothing,
    returning_or_rejecting_needs_a_reason,
    bad_request_input_is_refused_field_by_field,
    anonymous_callers_get_401_and_another_residents_request_is_404,
    wrong_passwords_get_one_generic_message_and_lock_the_account,
    cross_site_posts_are_refused,
    unknown_letters_are_not_found_on_the_verification_page,
    two_clerks_acting_at_once_make_one_transition,
);

async fn events(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM request_events").await
}

async fn a_clerk_cannot_see_or_touch_requests_of_another_kelurahan(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Melamar kerja").await;
    let other = app.official("petugas.oetete").await;
    let before = events(&app).await;
    assert_eq!(app.detail(&other, &id).await.status, StatusCode::NOT_FOUND);
    let page = app.get(Some(&other), &format!("/permohonan/{id}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "the page too, not only the API");
    assert!(!page.text().contains("Melamar kerja"));
    let r = app.act(&other, &id, "verify", "").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json(), json!("NotFound"));
    let queue = app.call(Some(&other), "antrian", json!({ "filter": "semua" })).await.json();
    assert!(queue.as_array().unwrap().is_empty());
    let other_lurah = app.official("lurah.oetete").await;
    assert_eq!(app.act(&other_lurah, &id, "sign", "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(events(&app).await, before);
    let status: String = sqlx::query_scalar("SELECT status FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "diajukan");
}

async fn transitions_out_of_order_or_by_the_wrong_role_change_nothing(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Melamar kerja").await;
    let lurah = app.official("lurah.oebobo").await;
    let before = events(&app).await;

    let early = app.act(&lurah, &id, "sign", "").await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.text().contains("tidak dapat dilakukan"), "{}", early.text());
    let self_verify = app.act(&warga, &id, "verify", "").await;
    assert_eq!(self_verify.status, StatusCode::CONFLICT);
    assert!(self_verify.text().contains("tidak berwenang"), "{}", self_verify.text());
    assert_eq!(events(&app).await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM letters").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM number_counters").await, 0);

    // Once cancelled, nothing moves it again.
    assert_eq!(app.act(&warga, &id, "cancel", "").await.json()["status"], "dibatalkan");
    let clerk = app.official("petugas.oebobo").await;
    assert_eq!(app.act(&clerk, &id, "verify", "").await.status, StatusCode::CONFLICT);
}

async fn returning_or_rejecting_needs_a_reason(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Melamar kerja").await;
    let clerk = app.official("petugas.oebobo").await;
    for action in ["return", "reject"] {
        let r = app.act(&clerk, &id, action, "   ").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
        assert!(r.json()["Validation"]["note"][0].as_str().unwrap().contains("alasan"));
    }
    let r = app.act(&clerk, &id, "reject", "Pemohon tidak berdomisili di kelurahan ini.").await;
    assert_eq!(r.json()["status"], "ditolak");
    assert!(r.json()["actions"].as_array().unwrap().is_empty(), "rejection is final");
}

async fn bad_request_input_is_refused_field_by_field(app: TestApp) {
    let warga = app.warga().await;
    let cases = [
        (json!({ "letter_type": "tidak-ada", "fields": {} }), "letter_type"),
        (json!({ "letter_type": "domisili", "fields": {} }), "keperluan"),
        (json!({ "letter_type": "domisili", "fields": { "keperluan": "x".repeat(501) } }), "keperluan"),
        (json!({ "letter_type": "domisili", "fields": { "keperluan": "ok", "siluman": "y" } }), "siluman"),
        (json!({ "letter_type": "domisili", "fields": { "keperluan": "a\u{0007}b" } }), "keperluan"),
    ];
    for (input, field) in cases {
        let r = app.call(Some(&warga), "ajukan", json!({ "input": input })).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{input}: {}", r.text());
        assert!(r.json()["Validation"][field].is_array(), "{input}: {}", r.text());
    }
    let garbage = app.call(Some(&warga), "ajukan", json!({ "input": "bukan objek" })).await;
    assert!(garbage.status.is_client_error() || garbage.status.is_server_error());
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
}

async fn anonymous_callers_get_401_and_another_residents_request_is_404(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Melamar kerja").await;
    assert_eq!(app.detail("serambi_sesi=palsu", &id).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call(None, "permohonan-saya", json!({})).await.status, StatusCode::UNAUTHORIZED);
    let yosef = app.login("5371022001750001", "warga123").await;
    assert_eq!(app.detail(&yosef, &id).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(None, &format!("/surat/{id}/unduh")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(Some(&yosef), &format!("/surat/{id}/unduh")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(Some(&warga), "/surat/bukan-id/unduh").await.status, StatusCode::NOT_FOUND);
}

async fn wrong_passwords_get_one_generic_message_and_lock_the_account(app: TestApp) {
    let attempt = |login: &'static str, pw: &'static str| {
        let app = &app;
        async move { app.call(None, "masuk", json!({ "input": { "login": login, "password": pw } })).await }
    };
    let unknown = attempt("5371049999990001", "warga123").await;
    let wrong = attempt("5371045505900001", "salah").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.text(), wrong.text(), "no hint whether the account exists");
    for _ in 0..4 {
        attempt("5371045505900001", "salah").await;
    }
    let locked = attempt("5371045505900001", "warga123").await;
    assert_eq!(locked.status, StatusCode::CONFLICT);
    assert!(locked.text().contains("dikunci"), "{}", locked.text());
    assert!(locked.headers.get(header::SET_COOKIE).is_none());
}

async fn cross_site_posts_are_refused(app: TestApp) {
    let warga = app.warga().await;
    let req = Request::post("/api/ajukan")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "https://jahat.example")
        .header(header::COOKIE, &warga)
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(
            json!({ "input": { "letter_type": "domisili", "fields": { "keperluan": "x" } } }).to_string(),
        ))
        .unwrap();
    let r = app.request(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
}

async fn unknown_letters_are_not_found_on_the_verification_page(app: TestApp) {
    let page = app.get(None, &format!("/v/{}", uuid::Uuid::new_v4())).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text().contains("Surat tidak ditemukan"), "{}", page.text());
    let junk = app.get(None, "/v/bukan-kode-surat").await;
    assert!(junk.text().contains("Surat tidak ditemukan"));
    let api = app.get(None, &format!("/api/v1/verifikasi/{}", uuid::Uuid::new_v4())).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.json()["status"], "tidak_ditemukan");
}

async fn two_clerks_acting_at_once_make_one_transition(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Melamar kerja").await;
    let clerk = app.official("petugas.oebobo").await;
    let (a, b) = tokio::join!(app.act(&clerk, &id, "verify", ""), app.act(&clerk, &id, "reject", "Tidak lengkap"));
    let ok = [a.status, b.status].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(ok, 1, "{} / {}", a.text(), b.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM request_events").await, 2);
}
