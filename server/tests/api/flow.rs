//! The letter's whole life, as the three (or five) roles click through it.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

on_both_databases!(
    a_resident_gets_a_signed_domisili_letter_that_anyone_can_verify,
    a_returned_request_is_fixed_and_resubmitted_by_the_resident,
    an_ahli_waris_letter_goes_through_the_lurah_and_the_kecamatan,
    letter_numbers_count_up_per_office_without_gaps,
    typst_markup_in_the_purpose_is_printed_literally,
    the_queue_shows_each_requests_service_clock,
);

fn roman_month_now() -> (&'static str, String) {
    use chrono::Datelike;
    let now = chrono::Utc::now() + chrono::Duration::hours(8);
    (domain::roman_month(now.month()).unwrap(), now.year().to_string())
}

async fn a_resident_gets_a_signed_domisili_letter_that_anyone_can_verify(app: TestApp) {
    let warga = app.warga().await;
    let me = app.call(Some(&warga), "data-saya", json!({})).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["nik"], "5371045505900001");
    assert_eq!(me.json()["kelurahan"], "Oebobo");

    let id = app.submit_domisili(&warga, "Melamar pekerjaan di Dinas Kesehatan").await;
    let mine = app.call(Some(&warga), "permohonan-saya", json!({})).await.json();
    assert_eq!(mine[0]["status"], "diajukan");

    let clerk = app.official("petugas.oebobo").await;
    let queue = app.call(Some(&clerk), "antrian", json!({ "query": {} })).await.json();
    assert!(queue["items"].as_array().unwrap().iter().any(|r| r["id"] == id.as_str()), "{queue}");
    let seen = app.detail(&clerk, &id).await.json();
    assert_eq!(seen["current_record"]["nik"], "5371045505900001", "clerk sees the record beside the request");
    assert_eq!(seen["actions"], json!(["verify", "return", "reject"]));
    assert_eq!(app.act(&clerk, &id, "verify", "").await.status, StatusCode::OK);

    let lurah = app.official("lurah.oebobo").await;
    let signed = app.act(&lurah, &id, "sign", "").await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text());
    let detail = signed.json();
    assert_eq!(detail["status"], "ditandatangani");
    let (month, year) = roman_month_now();
    let number = detail["letter"]["number"].as_str().unwrap().to_string();
    assert_eq!(number, format!("400.12.2.1/001/KEL-OBB/{month}/{year}"));

    let history: Vec<(Value, Value)> =
        detail["events"].as_array().unwrap().iter().map(|e| (e["role"].clone(), e["to"].clone())).collect();
    assert_eq!(
        history,
        vec![
            (json!("warga"), json!("diajukan")),
            (json!("petugas_kelurahan"), json!("diverifikasi")),
            (json!("lurah"), json!("ditandatangani")),
        ]
    );

    // The resident downloads the PDF; it is the registered file.
    let mine = app.detail(&warga, &id).await.json();
    let url = mine["letter"]["download_url"].as_str().unwrap().to_string();
    let pdf = app.get(Some(&warga), &url).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF-"));
    let hash = hex::encode(Sha256::digest(&pdf.body));

    // Anyone can verify it from the QR code's id, with the NIK masked.
    let letter_id = mine["letter"]["id"].as_str().unwrap();
    let public = app.call(None, "verifikasi", json!({ "id": letter_id })).await.json();
    assert_eq!(public["number"], number.as_str());
    assert_eq!(public["resident_name"], "MARIA GORETI LENDE");
    assert_eq!(public["nik_masked"], "5371**********01");
    assert_eq!(public["sha256"], hash.as_str());
    assert_eq!(public["office_name"], "Kelurahan Oebobo");
    let page = app.get(None, &format!("/v/{letter_id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains(&number) && page.text().contains("5371**********01"));
    assert!(!page.text().contains("5371045505900001"), "the public page never shows the whole NIK");
    let api = app.get(None, &format!("/api/v1/verifikasi/{letter_id}")).await.json();
    assert_eq!(api["status"], "sah");
    assert_eq!(api["surat"]["nomor"], number.as_str());
}

async fn a_returned_request_is_fixed_and_resubmitted_by_the_resident(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "urusan").await;
    let clerk = app.official("petugas.oebobo").await;
    let r = app.act(&clerk, &id, "return", "Keperluan kurang jelas: sebutkan instansi tujuan.").await;
    assert_eq!(r.json()["status"], "dikembalikan");

    let mine = app.detail(&warga, &id).await.json();
    assert_eq!(mine["actions"], json!(["resubmit", "cancel"]));
    assert_eq!(mine["events"][1]["note"], "Keperluan kurang jelas: sebutkan instansi tujuan.");
    let fixed = app
        .call(
            Some(&warga),
            "tindakan",
            json!({ "input": { "request_id": id, "action": "resubmit", "note": "",
                    "fields": { "keperluan": "Pendaftaran sekolah anak di SD Inpres Oebobo" } } }),
        )
        .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text());
    assert_eq!(fixed.json()["status"], "diajukan");
    assert_eq!(fixed.json()["fields"]["keperluan"], "Pendaftaran sekolah anak di SD Inpres Oebobo");
    assert_eq!(app.act(&clerk, &id, "verify", "").await.json()["status"], "diverifikasi");
    app.assert_no_event_after_its_request().await;
}

async fn an_ahli_waris_letter_goes_through_the_lurah_and_the_kecamatan(app: TestApp) {
    let yosef = app.login("5371022001750001", "warga123").await;
    let r = app
        .submit(
            &yosef,
            "ahli-waris",
            json!({
                "pewaris": "5371021505450001", "tanggal_meninggal": "2026-08-17", "tempat_meninggal": "Kupang",
                "ahli_waris": [
                    { "nama": "Yosef Benu", "nik": "5371022001750001", "hubungan": "Anak kandung" },
                    { "nama": "Maria Benu", "hubungan": "Anak kandung" },
                ],
                "saksi": [
                    { "nama": "Agustina Benu", "nik": "5371024707780001" },
                    { "nama": "Petrus Benu", "nik": "5371021003050001" },
                ],
                "keperluan": "Balik nama sertifikat tanah" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let id = r.json().as_str().unwrap().to_string();

    let kec_clerk = app.official("petugas.kec.maulafa").await;
    assert_eq!(app.detail(&kec_clerk, &id).await.status, StatusCode::NOT_FOUND, "not yet forwarded");

    let clerk = app.official("petugas.oepura").await;
    assert_eq!(app.act(&clerk, &id, "verify", "").await.status, StatusCode::OK);
    let lurah = app.official("lurah.oepura").await;
    assert_eq!(app.act(&lurah, &id, "sign", "").await.status, StatusCode::CONFLICT, "the camat signs this one");
    assert_eq!(app.act(&lurah, &id, "approve", "").await.json()["status"], "diteruskan");

    let queue = app.call(Some(&kec_clerk), "antrian", json!({ "query": {} })).await.json();
    assert!(queue["items"].as_array().unwrap().iter().any(|r| r["id"] == id.as_str()));
    assert_eq!(app.act(&kec_clerk, &id, "verify_kecamatan", "").await.json()["status"], "diverifikasi_kecamatan");
    let camat = app.official("camat.maulafa").await;
    let signed = app.act(&camat, &id, "sign", "").await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text());
    let (month, year) = roman_month_now();
    assert_eq!(signed.json()["letter"]["number"], format!("400.12.3.1/001/KEC-MLF/{month}/{year}"));
    assert!(signed.json()["letter"]["signer_position"].as_str().unwrap().starts_with("Camat Maulafa"));
    assert_eq!(signed.json()["events"].as_array().unwrap().len(), 5);
    app.assert_no_event_after_its_request().await;
}

async fn letter_numbers_count_up_per_office_without_gaps(app: TestApp) {
    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let lurah = app.official("lurah.oebobo").await;
    let mut numbers = Vec::new();
    for i in 0..3 {
        let id = app.submit_domisili(&warga, &format!("Keperluan ke-{i}")).await;
        app.act(&clerk, &id, "verify", "").await;
        let signed = app.act(&lurah, &id, "sign", "").await.json();
        numbers.push(signed["letter"]["number"].as_str().unwrap().split('/').nth(1).unwrap().to_string());
    }
    assert_eq!(numbers, ["001", "002", "003"]);
}

async fn typst_markup_in_the_purpose_is_printed_literally(app: TestApp) {
    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let lurah = app.official("lurah.oebobo").await;
    let hostile = "#panic(\"x\") *bold* ] $x$ <lbl> @ref \\ #{1/0}";
    let id = app.submit_domisili(&warga, hostile).await;
    app.act(&clerk, &id, "verify", "").await;
    let signed = app.act(&lurah, &id, "sign", "").await;
    assert_eq!(signed.status, StatusCode::OK, "hostile text must not break rendering: {}", signed.text());
    let url = signed.json()["letter"]["download_url"].as_str().unwrap().to_string();
    let pdf = app.get(Some(&warga), &url).await;
    let text = pdf_text(&pdf.body);
    for piece in ["#panic(\"x\")", "*bold*", "$x$", "<lbl>", "@ref", "#{1/0}"] {
        assert!(text.contains(piece), "{piece:?} not printed literally in:\n{text}");
    }
}

/// The text of a PDF, via poppler's pdftotext, laid out as on the page.
pub fn pdf_text(pdf: &[u8]) -> String {
    pdftotext(pdf, "-layout")
}

/// The text of a PDF via `pdftotext MODE` (`-layout`, or `-raw` for content order, which keeps
/// a table cell's wrapped lines together).
pub fn pdftotext(pdf: &[u8], mode: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args([mode, path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Issue 16's service clock in the queue: due date, late, stopped while with the resident.
async fn the_queue_shows_each_requests_service_clock(app: TestApp) {
    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let fresh = app.submit_domisili(&warga, "Baru saja").await;
    let old = app.submit_domisili(&warga, "Sebulan lalu").await;
    let returned = app.submit_domisili(&warga, "Dikembalikan").await;
    assert_eq!(app.act(&clerk, &returned, "return", "Lengkapi berkas").await.status, StatusCode::OK);
    // "Sebulan lalu" was sent thirty days ago (Domisili's standard is one working day).
    app.backdate(&old, 30).await;
    let queue = app.call(Some(&clerk), "antrian", json!({ "query": { "status": "semua" } })).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.text());
    let queue = queue.json();
    let clock = |id: &str| {
        let r = queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {queue}"));
        r["clock"].clone()
    };
    let c = clock(&fresh);
    assert_eq!((c["used"].as_u64(), c["standard"].as_u64(), c["late_by"].as_u64()), (Some(0), Some(1), Some(0)), "{c}");
    assert!(c["due_label"].as_str().is_some_and(|d| d.contains(' ')), "{c}");
    let c = clock(&old);
    assert!(c["late_by"].as_u64().unwrap() >= 15, "thirty days back, one day's standard: {c}");
    assert!(c["due_label"].is_null(), "{c}");
    let c = clock(&returned);
    assert_eq!((c["waiting"].as_bool(), c["due_label"].is_null()), (Some(true), true), "{c}");
    // The page says it, without JavaScript.
    let page = app.get(Some(&clerk), "/antrian?tampil=semua").await.text();
    assert!(page.contains("Lewat tenggat") && page.contains("Menunggu pemohon") && page.contains("Tenggat "), "{page}");
    // A resident's own list has no clock (it is the office's measure).
    let mine = app.call(Some(&warga), "permohonan-saya", json!({})).await.json();
    assert!(mine.as_array().unwrap().iter().all(|r| r["clock"].is_null()), "{mine}");
}
