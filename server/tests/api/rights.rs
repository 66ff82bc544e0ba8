//! Residents' rights over their data (UU PDP 27/2022): the access history and the copy.

use crate::flow::pdf_text;
use crate::on_both_databases;
use crate::support::TestApp;
use http::{StatusCode, header};
use serde_json::{Value, json};

on_both_databases!(
    a_resident_sees_which_office_and_role_looked_at_their_data_and_when,
    a_resident_downloads_everything_kept_about_them_as_json_and_pdf,
);

const MARIA: &str = "5371045505900001";

async fn access(app: &TestApp, cookie: &str) -> Vec<Value> {
    let r = app.call(Some(cookie), "riwayat-akses", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json().as_array().unwrap().clone()
}

async fn a_resident_sees_which_office_and_role_looked_at_their_data_and_when(app: TestApp) {
    let maria = app.warga().await;
    assert!(access(&app, &maria).await.is_empty(), "nobody has looked yet");
    let id = app.submit_domisili(&maria, "Melamar kerja").await;
    let code = app.detail(&maria, &id).await.json()["reference"].as_str().unwrap().to_string();
    // Maria opening her own request is not an access by an official.
    assert!(access(&app, &maria).await.is_empty());

    let clerk = app.official("petugas.oebobo").await;
    assert_eq!(app.call(Some(&clerk), "loket-cari", json!({ "input": { "nik": MARIA } })).await.status, StatusCode::OK);
    assert_eq!(app.detail(&clerk, &id).await.status, StatusCode::OK);
    assert_eq!(app.act(&clerk, &id, "verify", "").await.status, StatusCode::OK);
    let lurah = app.official("lurah.oebobo").await;
    assert_eq!(app.act(&lurah, &id, "sign", "").await.status, StatusCode::OK);
    // A clerk of another kelurahan looking her up (and finding nothing) is a look-up too.
    let oepura = app.official("petugas.oepura").await;
    app.call(Some(&oepura), "loket-cari", json!({ "input": { "nik": MARIA } })).await;

    let seen = access(&app, &maria).await;
    let line = |e: &Value| format!("{} | {} | {}", e["kantor"], e["peran"], e["kegiatan"]);
    let lines: Vec<String> = seen.iter().map(line).collect();
    let has = |office: &str, role: &str, what: &str| {
        lines.iter().any(|l| l.contains(office) && l.contains(role) && l.contains(what))
    };
    assert!(has("Kelurahan Oebobo", "Petugas Kelurahan", "Mencari data kependudukan Anda di loket"), "{lines:#?}");
    assert!(has("Kelurahan Oebobo", "Petugas Kelurahan", &format!("Membuka permohonan {code}")), "{lines:#?}");
    assert!(has("Kelurahan Oebobo", "Petugas Kelurahan", &format!("Memproses permohonan {code}")), "{lines:#?}");
    assert!(has("Kelurahan Oebobo", "Lurah", &format!("permohonan {code}")), "{lines:#?}");
    assert!(has("Oepura", "Petugas Kelurahan", "Mencari data kependudukan Anda di loket"), "{lines:#?}");
    // Newest first, each with a time; no official's name, no NIK.
    assert!(lines[0].contains("Oepura"), "{lines:#?}");
    assert!(seen.iter().all(|e| e["waktu"].as_str().is_some_and(|w| w.contains("WIT"))), "{seen:?}");
    let all = serde_json::to_string(&seen).unwrap();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT display_name FROM users WHERE username IN ('petugas.oebobo', 'lurah.oebobo', 'petugas.oepura')",
    )
    .fetch_all(&app.services.db.pool)
    .await
    .unwrap();
    assert_eq!(names.len(), 3);
    for private in names.iter().map(String::as_str).chain([MARIA]) {
        assert!(!all.contains(private), "{private} in {all}");
    }

    // An import that changed her record shows with the admin's role (ten days ago, so that no
    // other record's last change falls in its time).
    let at = server::db::now_ms() - 10 * 86_400_000;
    sqlx::query("UPDATE residents SET updated_at = $1 WHERE nik = $2")
        .bind(at)
        .bind(MARIA)
        .execute(&app.services.db.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO population_imports (id, source_name, sha256, size_bytes, started_by, status, started_at, finished_at) \
         SELECT 'impor-uji', 'siak.csv', '', 0, id, 'selesai', $1, $2 FROM users WHERE username = 'admin'",
    )
    .bind(at - 1000)
    .bind(at + 1000)
    .execute(&app.services.db.pool)
    .await
    .unwrap();
    let seen = access(&app, &maria).await;
    let import = seen.last().unwrap();
    assert!(import["kegiatan"].as_str().unwrap().contains("diperbarui lewat impor"), "{seen:#?}");
    assert_eq!(import["peran"], "Admin");

    // Another resident sees none of it; officials have no such page.
    let yosef = app.login("5371022001750001", "warga123").await;
    assert!(access(&app, &yosef).await.is_empty());
    assert_eq!(app.call(Some(&clerk), "riwayat-akses", json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call(None, "riwayat-akses", json!({})).await.status, StatusCode::UNAUTHORIZED);

    // The page works without JavaScript (a light page: no wasm), and reading it is recorded.
    let page = app.get(Some(&maria), "/data-saya/riwayat").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Mencari data kependudukan Anda di loket"), "{}", page.text());
    assert!(!page.text().contains(".wasm"));
    let read = app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'data_saya.riwayat_dilihat'").await;
    assert!(read >= 5, "{read}");
}

async fn a_resident_downloads_everything_kept_about_them_as_json_and_pdf(app: TestApp) {
    let id = app.verified_domisili("Melamar kerja").await;
    let lurah = app.official("lurah.oebobo").await;
    let signed = app.act(&lurah, &id, "sign", "").await.json();
    let number = signed["letter"]["number"].as_str().unwrap().to_string();
    let maria = app.warga().await;
    let code = app.detail(&maria, &id).await.json()["reference"].as_str().unwrap().to_string();

    let r = app.get(Some(&maria), "/data-saya/unduh.json").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.headers[header::CACHE_CONTROL], "private, no-store");
    assert!(r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("attachment"));
    let data = r.json();
    assert_eq!(data["akun"]["nik"], MARIA);
    assert_eq!(data["data_kependudukan"]["nik"], MARIA);
    assert!(data["data_kependudukan"].get("nama_ibu").is_none(), "the registration answer is not in the copy");
    let mother = sqlx::query_scalar::<_, String>("SELECT mother_name FROM residents WHERE nik = $1")
        .bind(MARIA)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert!(!r.text().contains(&mother), "the mother's name appears nowhere");
    let request = data["permohonan"].as_array().unwrap().iter().find(|p| p["kode"] == code.as_str()).unwrap().clone();
    assert_eq!(request["surat"]["nomor"], number.as_str());
    assert_eq!(request["isian"]["keperluan"], "Melamar kerja");
    assert!(request["langkah"].as_array().unwrap().len() >= 3, "{request}");
    assert!(!data["riwayat_akses"].as_array().unwrap().is_empty());
    assert!(data["pemberitahuan"].is_object());

    let pdf = app.get(Some(&maria), "/data-saya/unduh.pdf").await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text());
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    let text = pdf_text(&pdf.body);
    for expected in ["Data Saya", "Data kependudukan", MARIA, &code, &number, "Riwayat akses data", "Melamar kerja"] {
        assert!(text.contains(expected), "{expected} in the PDF:\n{text}");
    }
    assert!(!text.contains(&mother));

    // Only the resident themself; each copy taken is recorded.
    assert_eq!(app.get(None, "/data-saya/unduh.json").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(Some(&lurah), "/data-saya/unduh.pdf").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'data_saya.diunduh'").await, 2);
    let page = app.get(Some(&maria), "/data-saya/unduh").await;
    assert!(page.text().contains("/data-saya/unduh.pdf") && page.text().contains("/data-saya/unduh.json"));
}
