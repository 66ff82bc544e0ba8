//! Security review, finding 8: what registration asks for is printed on every KK photocopy.
//! Residents are never sent the mother's name; an office can require an activation code from
//! its counter; a clerk can undo a registration someone else made.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::{Value, json};
use server::demo::UNREGISTERED;

on_both_databases!(
    residents_are_never_sent_a_mothers_name,
    an_office_can_require_an_activation_code_from_its_counter,
    a_clerk_undoes_a_registration_someone_else_made,
);

/// Daniel's kelurahan (Oebobo) and the answers on his KK.
const DANIELS_OFFICE: &str = "53.71.04.1001";

fn identity(code: &str) -> Value {
    let (nik, kk, _, birth, mother) = UNREGISTERED;
    json!({ "input": { "nik": nik, "no_kk": kk, "tanggal_lahir": birth, "nama_ibu": mother, "kode_aktivasi": code } })
}

/// Step two of a registration whose step one gave `r`; the new account's cookie.
async fn finish(app: &TestApp, r: &crate::support::Reply, password: &str) -> String {
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let ticket = r.json()["ticket"].as_str().unwrap().to_string();
    let body = json!({ "input": { "ticket": ticket, "password": password, "password2": password } });
    let done = app.call(None, "daftar-sandi", body).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    app.login(UNREGISTERED.0, password).await
}

fn field_message(r: &crate::support::Reply, field: &str) -> String {
    r.json()["Validation"][field].to_string()
}

async fn residents_are_never_sent_a_mothers_name(app: TestApp) {
    // Maria's mother is Katarina Ndun; her children's mother is Maria herself.
    let maria = app.warga().await;
    let me = app.call(Some(&maria), "data-saya", json!({})).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["nama"], "MARIA GORETI LENDE");
    assert!(!me.text().contains("nama_ibu") && !me.text().contains("KATARINA"), "{}", me.text());
    // A request's page carries the applicant's record: no mother's name there either, nor in
    // the page as rendered (its hydration data).
    let id = app.submit_domisili(&maria, "Melamar kerja").await;
    let detail = app.detail(&maria, &id).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.text().contains("MARIA GORETI LENDE"));
    assert!(!detail.text().contains("nama_ibu") && !detail.text().contains("KATARINA"), "{}", detail.text());
    let page = app.get(Some(&maria), &format!("/permohonan/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("KATARINA") && !page.text().contains("nama_ibu"));
    // Her husband, in the same KK, sees the family, not whose child anyone is.
    let husband = app.login("5371041208870001", "warga123").await;
    let family = app.call(Some(&husband), "keluarga-saya", json!({})).await;
    assert_eq!(family.status, StatusCode::OK, "{}", family.text());
    assert!(family.text().contains("MARIA GORETI LENDE"));
    assert!(!family.text().contains("KATARINA") && !family.text().contains("nama_ibu"), "{}", family.text());
    // The official checking the request gets the record without it too.
    let clerk = app.official("petugas.oebobo").await;
    let seen = app.detail(&clerk, &id).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.text().contains("KATARINA"), "{}", seen.text());
}

async fn an_office_can_require_an_activation_code_from_its_counter(app: TestApp) {
    let clerk = app.official("petugas.oebobo").await;
    // Where the office does not require one, a code typed is still checked: a wrong one is
    // refused after the answers matched.
    let r = app.call(None, "daftar-identitas", identity("ABCD-EFGH")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(field_message(&r, "kode_aktivasi").contains("tidak berlaku"), "{}", r.text());

    // The city admin makes the code mandatory for Oebobo, on the office's settings.
    let admin = app.official("admin").await;
    let mut s = app.call(Some(&admin), "kantor", json!({ "code": DANIELS_OFFICE })).await.json();
    assert_eq!(s["activation_required"], false);
    s["activation_required"] = json!(true);
    let saved = app.call(Some(&admin), "kantor-simpan", json!({ "input": s })).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(saved.json()["activation_required"], true);
    let logged =
        "SELECT COUNT(*) FROM audit_events WHERE action = 'kantor.diubah' AND detail LIKE '%kode aktivasi diwajibkan%'";
    assert_eq!(app.count(logged).await, 1);

    // Right answers without a code: told to ask at the office. Not a guess, so not counted.
    for _ in 0..6 {
        let r = app.call(None, "daftar-identitas", identity("")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        assert!(field_message(&r, "kode_aktivasi").contains("mewajibkan kode aktivasi"), "{}", r.text());
    }

    // Only a clerk of Daniel's own kelurahan makes his code.
    let other_clerk = app.official("petugas.oepura").await;
    let for_daniel = json!({ "input": { "nik": UNREGISTERED.0 } });
    let r = app.call(Some(&other_clerk), "kode-aktivasi-warga", for_daniel.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let maria = app.warga().await;
    assert_eq!(app.call(Some(&maria), "kode-aktivasi-warga", for_daniel.clone()).await.status, StatusCode::FORBIDDEN);
    let lurah = app.official("lurah.oebobo").await;
    assert_eq!(app.call(Some(&lurah), "kode-aktivasi-warga", for_daniel.clone()).await.status, StatusCode::FORBIDDEN);
    // Maria has an account: no activation code for her.
    let r = app.call(Some(&clerk), "kode-aktivasi-warga", json!({ "input": { "nik": "5371045505900001" } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_message(&r, "nik").contains("sudah punya akun"), "{}", r.text());

    let first = app.call(Some(&clerk), "kode-aktivasi-warga", for_daniel.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    let first = first.json()["code"].as_str().unwrap().to_string();
    let made = app.call(Some(&clerk), "kode-aktivasi-warga", for_daniel.clone()).await;
    assert_eq!(made.json()["name"], "Daniel Tefa");
    let code = made.json()["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 9, "{code}");
    assert_eq!(app.count("SELECT COUNT(*) FROM activation_codes").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM activation_codes WHERE code_hash LIKE '%-%'").await, 0, "hashes only");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'loket.kode_aktivasi_dibuat'").await, 2);

    // The first code stopped working when the second was made.
    let r = app.call(None, "daftar-identitas", identity(&first)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // The code with wrong answers is the one answer for every mismatch.
    let (nik, kk, _, birth, _) = UNREGISTERED;
    let wrong = json!({ "input": { "nik": nik, "no_kk": kk, "tanggal_lahir": birth, "nama_ibu": "SIAPA", "kode_aktivasi": code } });
    let r = app.call(None, "daftar-identitas", wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.text().contains("kode_aktivasi"), "{}", r.text());

    // Typed as people type it: lower case, without the dash.
    let typed = code.replace('-', " ").to_lowercase();
    let step_one = app.call(None, "daftar-identitas", identity(&typed)).await;
    let daniel = finish(&app, &step_one, "rumah-di-oebobo").await;
    assert_eq!(app.call(Some(&daniel), "data-saya", json!({})).await.json()["nama"], "DANIEL TEFA");
    assert_eq!(app.count("SELECT COUNT(*) FROM activation_codes WHERE used_at IS NOT NULL").await, 1);
}

async fn a_clerk_undoes_a_registration_someone_else_made(app: TestApp) {
    // Someone with a photocopy of Daniel's KK registers as him and asks for a letter.
    let step_one = app.call(None, "daftar-identitas", identity("")).await;
    let impostor = finish(&app, &step_one, "bukan-daniel-99").await;
    let id = app.submit_domisili(&impostor, "Membuka rekening").await;
    let reference = app.detail(&impostor, &id).await.json()["reference"].as_str().unwrap().to_string();

    // Daniel comes to the counter with his KTP. A reason is required.
    let clerk = app.official("petugas.oebobo").await;
    let undo = |reason: &str| json!({ "input": { "nik": UNREGISTERED.0, "alasan": reason } });
    let r = app.call(Some(&clerk), "batalkan-pendaftaran", undo("salah")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.json()["Validation"]["alasan"].is_array(), "{}", r.text());
    let other_clerk = app.official("petugas.oepura").await;
    let reason = "Daniel datang dengan KTP; akun dibuat orang lain";
    let r = app.call(Some(&other_clerk), "batalkan-pendaftaran", undo(reason)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let impostors_view = app.detail(&impostor, &id).await;
    assert_eq!(impostors_view.status, StatusCode::OK, "nothing changed yet");

    let r = app.call(Some(&clerk), "batalkan-pendaftaran", undo(reason)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["name"], "Daniel Tefa");
    assert_eq!(r.json()["cancelled"], json!([reference]));
    // The impostor is out: the session ended, the password opens nothing.
    assert_eq!(app.call(Some(&impostor), "data-saya", json!({})).await.status, StatusCode::UNAUTHORIZED);
    let login = json!({ "input": { "login": UNREGISTERED.0, "password": "bukan-daniel-99" } });
    assert_ne!(app.call(None, "masuk", login).await.status, StatusCode::OK);
    // Their request is cancelled, with the reason in its history.
    let clerks_view = app.detail(&clerk, &id).await.json();
    assert_eq!(clerks_view["status"], "dibatalkan", "{clerks_view}");
    assert!(clerks_view.to_string().contains(reason), "{clerks_view}");
    // Done once: a second undo finds no account.
    let r = app.call(Some(&clerk), "batalkan-pendaftaran", undo(reason)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());

    // Daniel registers himself; his history says the registration was undone, and his list does
    // not hold the impostor's request.
    let step_one = app.call(None, "daftar-identitas", identity("")).await;
    let daniel = finish(&app, &step_one, "daniel-yang-asli").await;
    let mine = app.call(Some(&daniel), "permohonan-saya", json!({})).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(!mine.text().contains(&reference), "{}", mine.text());
    let history = app.call(Some(&daniel), "riwayat-akses", json!({})).await;
    assert!(history.text().contains("Pendaftaran akun warga dibatalkan"), "{}", history.text());
    let logged = "SELECT COUNT(*) FROM audit_events WHERE action = 'loket.pendaftaran_dibatalkan'";
    assert_eq!(app.count(logged).await, 1);
    let account_log = "SELECT COUNT(*) FROM account_log WHERE action = 'pendaftaran_dibatalkan'";
    assert_eq!(app.count(account_log).await, 1);
}
