//! Asking for a letter as a browser without JavaScript does it: the letter type is a link, the
//! form posts with its files (multipart), the answers are checked on their own page, the
//! request is sent and the receipt shows the reference code and the promised date; `/lacak`
//! finds it by code and birth date without logging in.

use crate::on_both_databases;
use crate::support::{TINY_PDF, TINY_PNG, TestApp};
use http::{StatusCode, header};

on_both_databases!(a_resident_asks_for_a_domisili_letter_without_javascript);
on_both_databases!(a_group_gets_and_loses_rows_without_javascript);
on_both_databases!(tracking_shows_the_status_by_code_and_birth_date_and_nothing_else);
on_both_databases!(a_returned_request_is_corrected_and_resubmitted_without_javascript);
on_both_databases!(a_clerk_opens_a_request_at_the_counter_without_javascript);

const CHECK: &str = "/api/periksa-permohonan";
const SUBMIT: &str = "/api/ajukan";

/// A plain URL-encoded post to a page.
async fn post_form(app: &TestApp, path: &str, cookie: Option<&str>, pairs: &[(&str, &str)]) -> crate::support::Reply {
    app.post_form(path, cookie, form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()).await
}

/// The value of the hidden input named `name` in a page.
fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!(r#"<input type="hidden" name="{name}" value=""#);
    let v = html.find(&marker)? + marker.len();
    Some(html[v..v + html[v..].find('"')?].replace("&amp;", "&"))
}

/// Every hidden field of the check-answers form, as the browser would post it back.
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    let form = &html[html.find(r#"class="card check-answers""#).expect("the check-answers form")..];
    let form = &form[..form.find("</form>").unwrap()];
    form.match_indices(r#"<input type="hidden""#)
        .filter_map(|(i, _)| {
            let tag = &form[i..i + form[i..].find('>')?];
            let n = tag.find(r#"name=""#)? + 6;
            let name = &tag[n..n + tag[n..].find('"')?];
            let v = tag.find(r#"value=""#)? + 7;
            let value = &tag[v..v + tag[v..].find('"')?];
            Some((name.to_string(), value.replace("&amp;", "&")))
        })
        .collect()
}

async fn a_resident_asks_for_a_domisili_letter_without_javascript(app: TestApp) {
    let warga = app.warga().await;
    // Choosing the letter type is a link, not a script.
    let start = app.get(Some(&warga), "/permohonan/baru").await;
    assert_eq!(start.status, StatusCode::OK);
    assert!(start.text().contains(r#"href="/permohonan/baru?jenis=domisili""#), "{}", start.text());
    let page = app.get(Some(&warga), "/permohonan/baru?jenis=domisili").await.text();
    assert!(page.contains(r#"enctype="multipart/form-data""#), "{page}");
    assert!(page.contains(&format!(r#"name="_form" value="{CHECK}""#)));
    assert!(page.contains(r#"name="fields[keperluan]""#), "{page}");
    assert!(page.contains(r#"name="attachments[ktp]""#), "{page}");

    // The purpose forgotten: the form again with the message; the photo sent is kept (stored,
    // carried on as its id) so it need not be sent again.
    let path = "/permohonan/baru?jenis=domisili";
    let first = app
        .multipart_to(
            &warga,
            path,
            &[
                ("_form", None, CHECK.as_bytes()),
                ("letter_type", None, b"domisili"),
                ("fields[keperluan]", None, b""),
                ("attachments[ktp]", Some("KTP maria.png"), TINY_PNG),
                ("attachments[kk]", Some(""), b""),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", first.text());
    let html = first.text();
    assert!(html.contains("Keperluan wajib diisi"), "{html}");
    assert!(html.contains("Foto Kartu Keluarga wajib dilampirkan"), "{html}");
    let ktp = hidden_value(&html, "attachments[ktp]").expect("the stored photo's id");
    assert!(uuid::Uuid::parse_str(&ktp).is_ok(), "{ktp}");
    assert!(html.contains("KTP maria.png (PNG"), "{html}");

    // Filled in, with the KK photo: the answers to check, every value with "Ubah".
    let second = app
        .multipart_to(
            &warga,
            path,
            &[
                ("_form", None, CHECK.as_bytes()),
                ("letter_type", None, b"domisili"),
                ("fields[keperluan]", None, "Melamar kerja di Bank NTT".as_bytes()),
                ("attachments[ktp]", None, ktp.as_bytes()),
                ("attachment_names[ktp]", None, b"KTP maria.png (PNG, 1 KB)"),
                ("attachments[kk]", Some("kk.pdf"), TINY_PDF),
            ],
        )
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text());
    let html = second.text();
    assert!(html.contains("Periksa kembali isian Anda"), "{html}");
    assert!(html.contains("Melamar kerja di Bank NTT"));
    assert!(html.contains("kk.pdf (PDF"), "{html}");
    assert!(html.matches(r#"value="ubah:"#).count() >= 4, "Ubah for each value and attachment");
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0, "checking stores nothing");

    // "Ubah": the form again, as typed.
    let mut fields = hidden_fields(&html);
    let mut change: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    change.retain(|(k, _)| *k != "_form");
    change.push(("_form", SUBMIT));
    change.push(("_ulang", "ubah:keperluan"));
    let again = post_form(&app, path, Some(&warga), &change).await;
    assert_eq!(again.status, StatusCode::OK);
    let again = again.text();
    assert!(again.contains(r#"name="fields[keperluan]""#), "{again}");
    assert!(again.contains(">Melamar kerja di Bank NTT</textarea>"), "{again}");
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);

    // "Kirim permohonan": stored, and the receipt.
    fields.retain(|(k, _)| k != "_form");
    fields.push(("_form".into(), SUBMIT.into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let sent = post_form(&app, path, Some(&warga), &pairs).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text());
    let receipt = sent.headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
    assert!(receipt.starts_with("/permohonan/") && receipt.ends_with("/terkirim"), "{receipt}");
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments WHERE request_id IS NOT NULL").await, 2);

    let html = app.get(Some(&warga), &receipt).await.text();
    assert!(html.contains("Permohonan terkirim"), "{html}");
    let code: String =
        sqlx::query_scalar("SELECT reference FROM requests").fetch_one(&app.services.db.pool).await.unwrap();
    let shown = format!("SRB-{}-{}", &code[..4], &code[4..]);
    assert!(html.contains(&shown), "the reference code {shown}: {html}");
    assert!(html.contains("Perkiraan selesai") && html.contains("1 hari kerja"), "{html}");
    assert!(html.contains("Tidak ada yang perlu dibawa"), "{html}");
    // Another resident cannot read it.
    let other = app.login("5371022001750001", "warga123").await;
    assert_ne!(app.get(Some(&other), &receipt).await.status, StatusCode::OK);
}

async fn a_group_gets_and_loses_rows_without_javascript(app: TestApp) {
    let warga = app.warga().await;
    let path = "/permohonan/baru?jenis=ahli-waris";
    let page = app.get(Some(&warga), path).await.text();
    assert!(page.contains(r#"name="fields[ahli_waris.0.nama]""#), "{page}");
    assert!(!page.contains(r#"name="fields[ahli_waris.1.nama]""#));
    let more = post_form(
        &app,
        path,
        Some(&warga),
        &[
            ("_form", CHECK),
            ("letter_type", "ahli-waris"),
            ("fields[tempat_meninggal]", "RSUD Kupang"),
            ("fields[ahli_waris.0.nama]", "Maria Benu"),
            ("_ulang", "tambah:ahli_waris"),
        ],
    )
    .await;
    assert_eq!(more.status, StatusCode::OK, "{}", more.text());
    let html = more.text();
    assert!(html.contains(r#"name="fields[ahli_waris.1.nama]""#), "a second row: {html}");
    assert!(html.contains(r#"value="RSUD Kupang""#) && html.contains(r#"value="Maria Benu""#), "what was typed stays");
    assert!(!html.contains("wajib diisi"), "adding a row checks nothing yet");
    let fewer = post_form(
        &app,
        path,
        Some(&warga),
        &[
            ("_form", CHECK),
            ("letter_type", "ahli-waris"),
            ("fields[ahli_waris.0.nama]", "Maria Benu"),
            ("fields[ahli_waris.1.nama]", "Yosef Benu"),
            ("_ulang", "hapus:ahli_waris.0"),
        ],
    )
    .await
    .text();
    assert!(fewer.contains(r#"value="Yosef Benu""#) && !fewer.contains(r#"value="Maria Benu""#), "{fewer}");
    assert!(!fewer.contains(r#"name="fields[ahli_waris.1.nama]""#));
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
}

async fn tracking_shows_the_status_by_code_and_birth_date_and_nothing_else(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Melamar kerja").await;
    let code: String = sqlx::query_scalar("SELECT reference FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    let shown = format!("SRB-{}-{}", &code[..4], &code[4..]);
    let page = app.get(None, "/lacak").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains(r#"name="_form" value="/api/lacak""#));

    // The demo resident Maria was born on 15 May 1990.
    let wrong_date = post_form(
        &app,
        "/lacak",
        None,
        &[("_form", "/api/lacak"), ("reference", &shown), ("tanggal_lahir", "1990-05-16")],
    )
    .await;
    let wrong_code = post_form(
        &app,
        "/lacak",
        None,
        &[("_form", "/api/lacak"), ("reference", "SRB-2222-22"), ("tanggal_lahir", "1990-05-15")],
    )
    .await;
    assert_eq!(wrong_date.status, wrong_code.status);
    let message = "Kode permohonan atau tanggal lahir tidak cocok";
    assert!(wrong_date.text().contains(message) && wrong_code.text().contains(message));

    // Typed loosely (lower case, no dashes), the right pair shows where it is, without names.
    let loose = code.to_lowercase();
    let found = post_form(
        &app,
        "/lacak",
        None,
        &[("_form", "/api/lacak"), ("reference", &loose), ("tanggal_lahir", "1990-05-15")],
    )
    .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text());
    let html = found.text();
    assert!(html.contains("Diajukan, menunggu pemeriksaan kelurahan"), "{html}");
    assert!(html.contains("Perkiraan selesai"), "{html}");
    assert!(!html.to_uppercase().contains("MARIA"), "no name on the tracking page");
    assert!(!html.contains("5371045505900001"), "no NIK");
    // The JSON call answers the same.
    let json = app
        .call(None, "lacak", serde_json::json!({ "input": { "reference": shown, "tanggal_lahir": "1990-05-15" } }))
        .await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.text());
    assert_eq!(json.json()["status"], "diajukan");
    assert_eq!(json.json()["downloadable"], false);

    // Wrong tries from one client lock tracking there (ten an hour), with the same words.
    // (Each a different code: one code is locked after five wrong dates on its own.)
    for c in "3456789ABC".chars() {
        let input =
            serde_json::json!({ "input": { "reference": format!("SRB-3333-3{c}"), "tanggal_lahir": "2000-01-01" } });
        let r = app.call(None, "lacak", input).await;
        assert!(r.text().contains("tidak cocok") || r.text().contains("Terlalu banyak"), "{}", r.text());
    }
    let locked = app
        .call(None, "lacak", serde_json::json!({ "input": { "reference": shown, "tanggal_lahir": "1990-05-15" } }))
        .await;
    assert!(locked.text().contains("Terlalu banyak percobaan"), "{}", locked.text());
}

async fn a_returned_request_is_corrected_and_resubmitted_without_javascript(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "urusan").await;
    let clerk = app.official("petugas.oebobo").await;
    let r = app.act(&clerk, &id, "return", "Keperluan kurang jelas; foto KTP buram.").await;
    assert_eq!(r.json()["status"], "dikembalikan");
    let page = format!("/permohonan/{id}");
    let html = app.get(Some(&warga), &page).await.text();
    assert!(html.contains(r#"enctype="multipart/form-data""#), "the resubmission form takes files: {html}");
    assert!(html.contains(r#"name="fields[keperluan]""#), "{html}");

    // The purpose emptied: the page again with the message; the new photo is kept.
    let parts =
        |purpose: &'static str, file: Option<&'static str>| -> Vec<(&'static str, Option<&'static str>, Vec<u8>)> {
            let mut p = vec![
                ("_form", None, b"/api/tindakan".to_vec()),
                ("request_id", None, id.clone().into_bytes()),
                ("action", None, b"resubmit".to_vec()),
                ("fields[keperluan]", None, purpose.as_bytes().to_vec()),
            ];
            if let Some(name) = file {
                p.push(("attachments[ktp]", Some(name), TINY_PNG.to_vec()));
            }
            p
        };
    let send = |p: Vec<(&'static str, Option<&'static str>, Vec<u8>)>| {
        let (app, warga, page) = (&app, &warga, &page);
        async move {
            let refs: Vec<(&str, Option<&str>, &[u8])> = p.iter().map(|(a, b, c)| (*a, *b, c.as_slice())).collect();
            app.multipart_to(warga, page, &refs).await
        }
    };
    let bad = send(parts("", Some("ktp-baru.png"))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text());
    let html = bad.text();
    assert!(html.contains("Keperluan wajib diisi"), "{html}");
    let ktp = hidden_value(&html, "attachments[ktp]").expect("the new photo is kept");

    // Corrected: resubmitted, with the new photo in place of the old one.
    let mut fixed = parts("Pendaftaran sekolah anak di SD Inpres Oebobo", None);
    fixed.push(("attachments[ktp]", None, ktp.clone().into_bytes()));
    let done = send(fixed).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let detail = app.detail(&warga, &id).await.json();
    assert_eq!(detail["status"], "diajukan");
    assert_eq!(detail["fields"]["keperluan"], "Pendaftaran sekolah anak di SD Inpres Oebobo");
    let slots: Vec<(String, String)> = detail["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["slot"].as_str().unwrap().to_string(), a["id"].as_str().unwrap().to_string()))
        .collect();
    assert!(slots.contains(&("ktp".to_string(), ktp)), "{slots:?}");
}

async fn a_clerk_opens_a_request_at_the_counter_without_javascript(app: TestApp) {
    let clerk = app.official("petugas.oebobo").await;
    let maria = "5371045505900001";
    // The look-up: the NIK in the body, the record on the page.
    let found = post_form(&app, "/loket", Some(&clerk), &[("_form", "/api/loket-cari"), ("nik", maria)]).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text());
    assert!(found.text().contains("MARIA GORETI LENDE"), "{}", found.text());
    // The letter type chosen: the same record, and the type's form with the NIK in its body.
    let chosen =
        post_form(&app, "/loket", Some(&clerk), &[("_form", "/api/loket-cari"), ("nik", maria), ("jenis", "domisili")])
            .await
            .text();
    assert!(chosen.contains(r#"name="fields[keperluan]""#), "{chosen}");
    assert_eq!(hidden_value(&chosen, "nik").as_deref(), Some(maria));
    // Filled in with the scanned documents: the answers to check, the resident still shown.
    let checked = app
        .multipart_to(
            &clerk,
            "/loket",
            &[
                ("_form", None, CHECK.as_bytes()),
                ("letter_type", None, b"domisili"),
                ("nik", None, maria.as_bytes()),
                ("fields[keperluan]", None, b"Mengurus BPJS"),
                ("attachments[ktp]", Some("ktp.png"), TINY_PNG),
                ("attachments[kk]", Some("kk.pdf"), TINY_PDF),
            ],
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.text());
    let html = checked.text();
    assert!(html.contains("MARIA GORETI LENDE") && html.contains("Periksa kembali isian Anda"), "{html}");
    let mut fields = hidden_fields(&html);
    fields.retain(|(k, _)| k != "_form");
    fields.push(("_form".into(), "/api/loket-ajukan".into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let sent = post_form(&app, "/loket", Some(&clerk), &pairs).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM requests WHERE channel = 'loket'").await, 1);
    let receipt = sent.headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
    assert!(app.get(Some(&clerk), &receipt).await.text().contains("Tuliskan kode ini untuk warga"));
}
