//! The tamper-evident audit log: security events are chained by hash in the transaction of the
//! change they record; `serambi audit periksa` finds the first broken row; administrators read
//! the events of their scope.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::{Value, json};
use server::audit::{self, Broken};
use server::db::Engine;

on_both_databases!(
    security_events_are_chained_and_hold_no_nik,
    an_edited_deleted_or_cut_row_is_named_by_the_check,
    concurrent_events_make_one_unbroken_chain,
    administrators_read_the_events_of_their_scope,
);

const OEBOBO: &str = "53.71.04.1001";
const MARIA: &str = "5371045505900001";
const PASSWORD: &str = "Kupang-Baru-2026";

async fn actions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_events ORDER BY seq").fetch_all(&app.services.db.pool).await.unwrap()
}

async fn chain(app: &TestApp) -> Result<i64, Broken> {
    audit::check(&app.services.db.pool).await.unwrap()
}

async fn security_events_are_chained_and_hold_no_nik(app: TestApp) {
    // A wrong password (for an account and for an unknown NIK), then the flow to a signed letter.
    let r = app.call(None, "masuk", json!({ "input": { "login": "petugas.oebobo", "password": "salah" } })).await;
    assert_ne!(r.status, StatusCode::OK);
    let r = app.call(None, "masuk", json!({ "input": { "login": "5371049999990001", "password": "salah" } })).await;
    assert_ne!(r.status, StatusCode::OK);
    let clerk = app.official("petugas.oebobo").await;
    let r = app.call(Some(&clerk), "loket-cari", json!({ "input": { "nik": MARIA } })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let id = app.verified_domisili("Mendaftar sekolah").await;
    let lurah = app.official("lurah.oebobo").await;
    assert_eq!(app.act(&lurah, &id, "sign", "").await.status, StatusCode::OK);

    let seen = actions(&app).await;
    for expected in ["masuk_gagal", "masuk", "loket.cari_penduduk", "permohonan.diproses", "surat.ditandatangani"] {
        assert!(seen.iter().any(|a| a == expected), "{expected} in {seen:?}");
    }
    assert_eq!(chain(&app).await, Ok(seen.len() as i64));

    // Every event of the request names its office; the signing names the letter's number.
    let signed: (String, Option<String>, String) =
        sqlx::query_as("SELECT subject, office_code, detail FROM audit_events WHERE action = 'surat.ditandatangani'")
            .fetch_one(&app.services.db.pool)
            .await
            .unwrap();
    assert_eq!((signed.0.as_str(), signed.1.as_deref()), (id.as_str(), Some(OEBOBO)));
    assert!(signed.2.starts_with("nomor "), "{}", signed.2);

    // No NIK anywhere: the looked-up resident and the unknown login are keyed hashes.
    let text: Vec<(String, String)> =
        sqlx::query_as("SELECT subject, detail FROM audit_events").fetch_all(&app.services.db.pool).await.unwrap();
    for (subject, detail) in &text {
        for nik in [MARIA, "5371049999990001"] {
            assert!(!subject.contains(nik) && !detail.contains(nik), "{subject} {detail}");
        }
    }
    let looked: String = sqlx::query_scalar("SELECT subject FROM audit_events WHERE action = 'loket.cari_penduduk'")
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert!(looked.starts_with("nik:") && looked.len() == 28, "{looked}");
    // The same resident looked up again gets the same name in the log.
    app.call(Some(&clerk), "loket-cari", json!({ "input": { "nik": MARIA } })).await;
    let both: Vec<String> = sqlx::query_scalar("SELECT subject FROM audit_events WHERE action = 'loket.cari_penduduk'")
        .fetch_all(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(both, vec![looked.clone(), looked]);
}

/// Drops the append-only triggers, as someone with full rights on the database could.
async fn drop_guard(app: &TestApp) {
    let pool = &app.services.db.pool;
    let statements: &[&str] = match app.services.db.engine {
        Engine::Sqlite => {
            &["DROP TRIGGER audit_events_append_only_update", "DROP TRIGGER audit_events_append_only_delete"]
        }
        Engine::Postgres => &["DROP TRIGGER audit_events_append_only ON audit_events"],
    };
    for s in statements {
        sqlx::query(s).execute(pool).await.unwrap();
    }
}

async fn an_edited_deleted_or_cut_row_is_named_by_the_check(app: TestApp) {
    for _ in 0..3 {
        app.official("petugas.oebobo").await;
    }
    let id = app.verified_domisili("Melamar pekerjaan").await;
    assert!(!id.is_empty());
    let total = chain(&app).await.expect("intact");
    assert!(total >= 5, "{total}");
    let pool = &app.services.db.pool;

    // The log refuses edits and deletions outright.
    assert!(sqlx::query("UPDATE audit_events SET detail = 'x' WHERE seq = 2").execute(pool).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_events WHERE seq = 2").execute(pool).await.is_err());
    assert_eq!(chain(&app).await, Ok(total));

    // Past the guard: an edited row is named...
    drop_guard(&app).await;
    sqlx::query("UPDATE audit_events SET detail = 'dari 10.0.0.9' WHERE seq = 2").execute(pool).await.unwrap();
    assert_eq!(chain(&app).await, Err(Broken::Altered { seq: 2 }));
    // ... and so is one whose hash was recomputed to match: the next row no longer points at it.
    let row: server::db::audit::AuditRow =
        sqlx::query_as("SELECT * FROM audit_events WHERE seq = 2").fetch_one(pool).await.unwrap();
    let rehashed = audit::chain::hash(&row);
    sqlx::query("UPDATE audit_events SET hash = $1 WHERE seq = 2").bind(&rehashed).execute(pool).await.unwrap();
    assert_eq!(chain(&app).await, Err(Broken::Unlinked { seq: 3 }));
    // A deleted row in the middle, and a cut tail.
    sqlx::query("DELETE FROM audit_events WHERE seq <= 3").execute(pool).await.unwrap();
    assert_eq!(chain(&app).await, Err(Broken::Missing { seq: 1 }));
    let fresh = TestApp::sqlite().await;
    fresh.official("petugas.oebobo").await;
    fresh.official("petugas.oebobo").await;
    drop_guard(&fresh).await;
    sqlx::query("DELETE FROM audit_events WHERE seq = 2").execute(&fresh.services.db.pool).await.unwrap();
    assert_eq!(chain(&fresh).await, Err(Broken::Truncated { last_seq: 1, head_seq: 2 }));

    // The command says so, with exit code 1.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_serambi"))
        .args(["audit", "periksa"])
        .env("DATABASE_URL", fresh.services.config.database_url.as_str())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Rantai audit PUTUS") && said.contains("setelah #1"), "{said}");
}

async fn concurrent_events_make_one_unbroken_chain(app: TestApp) {
    let app = std::sync::Arc::new(app);
    let before = chain(&app).await.expect("intact");
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                let who = if i % 2 == 0 { "lurah.oebobo" } else { "petugas.oebobo" };
                app.call(None, "masuk", json!({ "input": { "login": who, "password": "serambi123" } })).await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let after = chain(&app).await.expect("intact after concurrent appends");
    assert_eq!(after - before, 20, "one event per login attempt");
}

async fn audit_page(app: &TestApp, cookie: &str, query: Value) -> crate::support::Reply {
    app.call(Some(cookie), "audit", json!({ "query": query })).await
}

async fn administrators_read_the_events_of_their_scope(app: TestApp) {
    let admin = app.official("admin").await;
    let input = json!({
        "username": "admin.oebobo", "display_name": "Admin Oebobo", "role": "admin-kantor",
        "office_code": OEBOBO, "nip": "", "rank": "", "position": "", "signer_nik": "",
        "password": PASSWORD, "password2": PASSWORD,
    });
    let r = app.call(Some(&admin), "akun-buat", json!({ "input": input })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    app.verified_domisili("Mendaftar sekolah").await;
    app.official("petugas.kec.oebobo").await;

    let all = audit_page(&app, &admin, json!({ "text": "" })).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text());
    let all = all.json();
    let entries = all["entries"].as_array().unwrap();
    assert!(entries.iter().any(|e| e["action"] == "AkunDibuat" && e["actor"] == "Admin Diskominfo"), "{all}");
    assert!(entries.windows(2).all(|w| w[0]["seq"].as_i64() > w[1]["seq"].as_i64()), "newest first");

    let office_admin = app.login("admin.oebobo", PASSWORD).await;
    let own = audit_page(&app, &office_admin, json!({ "text": "" })).await.json();
    let own_entries = own["entries"].as_array().unwrap();
    assert!(!own_entries.is_empty());
    assert!(own_entries.iter().all(|e| e["office"] == OEBOBO), "{own}");
    assert!(own_entries.len() < entries.len(), "the kecamatan's login is not theirs");

    let failed = audit_page(&app, &admin, json!({ "text": "", "action": "MasukGagal" })).await.json();
    assert!(failed["entries"].as_array().unwrap().is_empty(), "{failed}");
    let one = audit_page(&app, &admin, json!({ "text": "", "before": 2 })).await.json();
    assert_eq!(one["entries"].as_array().unwrap().len(), 1);

    let clerk = app.official("petugas.oebobo").await;
    assert_eq!(audit_page(&app, &clerk, json!({ "text": "" })).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call(None, "audit", json!({ "query": { "text": "" } })).await.status, StatusCode::UNAUTHORIZED);
    let page = app.get(Some(&admin), "/admin/audit?peristiwa=masuk").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Log audit"), "{}", page.text());
}
