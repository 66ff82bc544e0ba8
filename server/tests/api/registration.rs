//! Self-registration against the population record, and the limits on guessing.

use crate::on_both_databases;
use crate::support::TestApp;
use http::{StatusCode, header};
use serde_json::{Value, json};
use server::demo::UNREGISTERED;

on_both_databases!(
    a_resident_registers_with_what_their_record_says,
    wrong_answers_all_look_the_same_and_are_limited,
    wrong_signing_passphrases_are_limited_per_official,
);

fn identity(nik: &str, kk: &str, birth: &str, mother: &str) -> Value {
    json!({ "input": { "nik": nik, "no_kk": kk, "tanggal_lahir": birth, "nama_ibu": mother } })
}

async fn a_resident_registers_with_what_their_record_says(app: TestApp) {
    let (nik, kk, _, birth, _) = UNREGISTERED;
    // The mother's name in other case and spacing matches.
    let r = app.call(None, "daftar-identitas", identity(nik, kk, birth, "  yuliana   Seran ")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let ticket = r.json()["ticket"].as_str().unwrap().to_string();
    assert_eq!(r.json()["nama"], "Daniel Tefa");

    let password = |p: &str, p2: &str| json!({ "input": { "ticket": ticket, "password": p, "password2": p2 } });
    for (p, p2, field) in [
        ("pendek", "pendek", "password"),
        ("12345678901", "12345678901", "password"),
        ("rahasia-kupang", "lain-lain", "password2"),
    ] {
        let r = app.call(None, "daftar-sandi", password(p, p2)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{p}: {}", r.text());
        assert!(r.text().contains(field), "{}", r.text());
    }
    let r = app.call(None, "daftar-sandi", password("rahasia-kupang", "rahasia-kupang")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.headers.get(header::SET_COOKIE).is_some(), "signed in at once");
    assert_eq!(r.json()["role"], "warga");
    // The ticket is used up; the account works.
    let r = app.call(None, "daftar-sandi", password("rahasia-kupang", "rahasia-kupang")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let cookie = app.login(nik, "rahasia-kupang").await;
    let me = app.call(Some(&cookie), "data-saya", json!({})).await;
    assert_eq!(me.json()["nama"], "DANIEL TEFA");
    // A second registration for the same NIK is refused (after the answers matched).
    let r = app.call(None, "daftar-identitas", identity(nik, kk, birth, "Yuliana Seran")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("sudah ada"), "{}", r.text());
    // An expired or invented ticket does nothing.
    let r = app
        .call(
            None,
            "daftar-sandi",
            json!({ "input": { "ticket": "00ff", "password": "kemangi di pagi hari", "password2": "kemangi di pagi hari" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Typing mistakes in the shape of the numbers are named, field by field.
    let r = app.call(None, "daftar-identitas", identity("12345", "abc", "", "")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    for key in ["nik", "no_kk", "tanggal_lahir", "nama_ibu"] {
        assert!(body.to_string().contains(key), "{key}: {body}");
    }
}

async fn wrong_answers_all_look_the_same_and_are_limited(app: TestApp) {
    let (nik, kk, _, birth, mother) = UNREGISTERED;
    let attempts = [
        identity(nik, "5371040101160003", birth, mother),
        identity(nik, kk, "1988-06-05", mother),
        identity(nik, kk, birth, "YULIANA SERANG"),
        // A NIK nobody has.
        identity("5371040406880099", kk, birth, mother),
    ];
    let mut bodies = Vec::new();
    for a in &attempts {
        let r = app.call_from("10.0.0.1", None, "daftar-identitas", a.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        bodies.push(r.text());
    }
    assert!(bodies.iter().all(|b| *b == bodies[0]), "one message for every wrong answer: {bodies:?}");
    assert!(bodies[0].contains("tidak cocok"));

    // Five wrong answers for one NIK lock its registration, even from another client and with
    // the right answers.
    for _ in 0..2 {
        let r = app.call_from("10.0.0.2", None, "daftar-identitas", attempts[1].clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = app.call_from("10.0.0.3", None, "daftar-identitas", identity(nik, kk, birth, mother)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert!(r.text().contains("Terlalu banyak percobaan"), "{}", r.text());

    // One client trying many NIKs is stopped after 20 wrong answers, whatever the NIK.
    for i in 0..16 {
        let other = format!("53710404068800{:02}", 10 + i);
        let r = app.call_from("10.0.0.1", None, "daftar-identitas", identity(&other, kk, birth, mother)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}: {}", r.text());
    }
    let r = app.call_from("10.0.0.1", None, "daftar-identitas", identity("5371045505900001", kk, birth, mother)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    // Another client is not affected.
    let r = app.call_from("10.0.0.9", None, "daftar-identitas", identity("5371045505900001", kk, birth, mother)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // Nothing identifying is kept in the limits table.
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT key FROM attempt_limits").fetch_all(&app.services.db.pool).await.unwrap();
    assert!(keys.iter().all(|k| !k.contains(nik) && !k.contains("10.0.0")), "{keys:?}");
}

async fn wrong_signing_passphrases_are_limited_per_official(app: TestApp) {
    let id = app.verified_domisili("Bank").await;
    let lurah = app.official("lurah.oebobo").await;
    for _ in 0..5 {
        let r = app.sign(&lurah, &[&id], "salah-terus").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    }
    let r = app.sign(&lurah, &[&id], server::demo::DEMO_SIGNING_PASSPHRASE).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("Terlalu banyak percobaan"), "{}", r.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM letters").await, 0);
}
