//! Electronic signatures: PAdES letters that pdfsig accepts, forgeries caught, passphrases,
//! batch signing, verification by file or hash, and revocation.

use crate::on_both_databases;
use crate::support::{TestApp, pdfsig};
use http::{Request, StatusCode, header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

on_both_databases!(
    a_signed_letter_carries_a_pades_signature_that_pdfsig_accepts,
    one_flipped_byte_is_caught_by_pdfsig_and_by_the_verification_api,
    a_wrong_passphrase_signs_nothing,
    the_lurah_signs_a_batch_with_one_passphrase_entry,
    the_signing_office_or_an_admin_revokes_a_letter_with_a_reason,
    a_commit_whose_answer_was_lost_never_deletes_a_registered_letters_file,
    a_checked_letters_page_is_kept_for_visitors_and_dropped_when_revoked,
);

/// Issue 16: the verification page of a letter is kept for visitors who are not signed in (the
/// same page, without a nonce in its policy), never handed to someone signed in, and a
/// revocation shows at once.
async fn a_checked_letters_page_is_kept_for_visitors_and_dropped_when_revoked(app: TestApp) {
    let (_, letter_id, _) = signed_letter(&app).await;
    let path = format!("/v/{letter_id}");
    let csp = |r: &crate::support::Reply| r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    let first = app.get(None, &path).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(!csp(&first).contains("'nonce-"), "{}", csp(&first));
    assert!(csp(&first).contains("script-src 'self'"), "{}", csp(&first));
    let second = app.get(None, &path).await;
    assert_eq!((second.status, second.text()), (StatusCode::OK, first.text()));
    assert_eq!(second.headers[header::CONTENT_TYPE], first.headers[header::CONTENT_TYPE]);
    assert_eq!(second.headers[header::X_FRAME_OPTIONS], "DENY", "the outer layers still apply");
    assert!(first.text().contains("berlaku.") && !first.text().contains("Cabut surat ini"));
    // Someone signed in gets their own page: the signing office's lurah may revoke.
    let lurah = app.official("lurah.oebobo").await;
    let own = app.get(Some(&lurah), &path).await.text();
    assert!(own.contains("Cabut surat ini"), "the revoke form for the lurah");
    assert!(!app.get(None, &path).await.text().contains("Cabut surat ini"), "not for a visitor");
    // An unknown letter is not kept: still a 404.
    for _ in 0..2 {
        let unknown = app.get(None, "/v/00000000-0000-4000-8000-000000000000").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    }
    // Revoked here: the next visitor sees it at once, and so does the API.
    let revoked = app
        .call(Some(&lurah), "cabut-surat", json!({ "input": { "letter_id": letter_id, "reason": "Salah nama" } }))
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text());
    assert!(app.get(None, &path).await.text().contains("DICABUT"));
    assert_eq!(app.get(None, &format!("/api/v1/surat/{letter_id}")).await.json()["status"], "dicabut");
}

/// Finding 14: when registering a letter reports an error, its file is deleted only if the
/// letter is certainly not registered (a commit may go through with its answer lost).
async fn a_commit_whose_answer_was_lost_never_deletes_a_registered_letters_file(app: TestApp) {
    use server::signing::one::settle_failed_registration;
    let (_, letter_id, pdf) = signed_letter(&app).await;
    let key = format!("letters/{letter_id}.pdf");
    let id: uuid::Uuid = letter_id.parse().unwrap();
    assert!(settle_failed_registration(&app.services, id, &key).await, "it is registered");
    assert_eq!(app.services.files.get(&key).await.expect("the file stays").to_vec(), pdf);
    // A letter that really was not registered leaves nothing.
    let lost = uuid::Uuid::new_v4();
    let lost_key = format!("letters/{lost}.pdf");
    app.services.files.put(&lost_key, pdf.clone()).await.unwrap();
    assert!(!settle_failed_registration(&app.services, lost, &lost_key).await);
    assert!(app.services.files.get(&lost_key).await.is_err(), "the unregistered file is gone");
}

/// Signs a verified Domisili and returns (request id, letter id, the PDF).
pub async fn signed_letter(app: &TestApp) -> (String, String, Vec<u8>) {
    let id = app.verified_domisili("Melamar pekerjaan").await;
    let lurah = app.official("lurah.oebobo").await;
    let detail = app.act(&lurah, &id, "sign", "").await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text());
    let letter = detail.json()["letter"].clone();
    let pdf = app.get(Some(&lurah), letter["download_url"].as_str().unwrap()).await;
    assert_eq!(pdf.status, StatusCode::OK);
    (id, letter["id"].as_str().unwrap().to_string(), pdf.body.to_vec())
}

async fn a_signed_letter_carries_a_pades_signature_that_pdfsig_accepts(app: TestApp) {
    let (_, letter_id, pdf) = signed_letter(&app).await;
    let report = pdfsig(&pdf);
    assert!(report.contains("Signature is Valid."), "{report}");
    assert!(report.contains("Total document signed"), "{report}");
    assert!(report.contains("adbe.pkcs7.detached"), "{report}");

    let api = app.get(None, &format!("/api/v1/surat/{letter_id}")).await;
    assert_eq!(api.status, StatusCode::OK);
    let api = api.json();
    assert_eq!(api["status"], "sah");
    let surat = &api["surat"];
    assert_eq!(surat["kantor"], "Kelurahan Oebobo");
    assert_eq!(surat["jenis"], "Surat Keterangan Domisili");
    assert_eq!(surat["nama"], "MARIA GORETI LENDE");
    assert_eq!(surat["nik"], "5371**********01");
    assert!(surat["penandatangan"]["jabatan"].as_str().unwrap().starts_with("Lurah Oebobo"));
    assert_eq!(surat["sha256"], hex::encode(Sha256::digest(&pdf)));
    assert_eq!(surat["tanda_tangan"]["jenis"], "pades");
    let subject = surat["tanda_tangan"]["sertifikat"]["subjek"].as_str().unwrap();
    let nip: String = sqlx::query_scalar(
        "SELECT o.nip FROM officials o JOIN users u ON u.official_id = o.id WHERE u.username = 'lurah.oebobo'",
    )
    .fetch_one(&app.services.db.pool)
    .await
    .unwrap();
    assert!(subject.contains(&nip) && subject.contains("Kelurahan Oebobo"), "{subject}");
    assert!(surat["tanda_tangan"]["sertifikat"]["penerbit"].as_str().unwrap().contains("Serambi CA"));
    let inspection = tte::inspect(&pdf).unwrap();
    assert!(inspection.is_intact());
    let signer = inspection.signer.unwrap();
    assert_eq!(surat["tanda_tangan"]["sertifikat"]["serial"], signer.serial.as_str());
    let when = chrono::DateTime::parse_from_rfc3339(surat["waktu_tanda_tangan"].as_str().unwrap()).unwrap();
    assert!((inspection.signing_time.unwrap() - when.to_utc()).num_seconds().abs() <= 1, "signing time in the CMS");
    // The letter text is still there after signing.
    assert!(crate::flow::pdf_text(&pdf).contains("SURAT KETERANGAN DOMISILI"));
}

/// The serial of the certificate embedded in a signed letter.
fn good_serial(_app: &TestApp, pdf: &[u8]) -> String {
    tte::inspect(pdf).unwrap().signer.unwrap().serial
}

async fn one_flipped_byte_is_caught_by_pdfsig_and_by_the_verification_api(app: TestApp) {
    let (_, letter_id, pdf) = signed_letter(&app).await;
    let mut forged = pdf.clone();
    let at = forged.len() / 3;
    forged[at] ^= 0x20;
    let report = pdfsig(&forged);
    assert!(report.contains("Digest Mismatch"), "{report}");
    assert!(!report.contains("Signature is Valid."), "{report}");

    let post = |body: Vec<u8>| {
        Request::post(format!("/api/v1/surat/{letter_id}/cocokkan"))
            .header(header::CONTENT_TYPE, "application/pdf")
            .header(header::HOST, "127.0.0.1:3000")
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let bad = app.request(post(forged.clone())).await.json();
    assert_eq!(bad["cocok"], false, "{bad}");
    assert!(bad["pesan"].as_str().unwrap().contains("TIDAK COCOK"));
    assert_eq!(bad["tanda_tangan_tertanam"]["utuh"], false);
    let good = app.request(post(pdf.clone())).await.json();
    assert_eq!(good["cocok"], true, "{good}");
    assert_eq!(good["tanda_tangan_tertanam"]["utuh"], true);
    assert_eq!(good["tanda_tangan_tertanam"]["sertifikat_terdaftar"], true, "{good}");

    // Finding 13: an intact signature made with a certificate other than the one registered
    // for the letter (here the registry's serial is changed: as if someone signed a copy with a
    // certificate of their own) is named as not this letter's.
    sqlx::query("UPDATE letters SET cert_serial = 'AB' WHERE id = $1")
        .bind(&letter_id)
        .execute(&app.services.db.pool)
        .await
        .unwrap();
    let other = app.request(post(pdf.clone())).await.json();
    assert_eq!(other["tanda_tangan_tertanam"]["utuh"], true, "{other}");
    assert_eq!(other["tanda_tangan_tertanam"]["sertifikat_terdaftar"], false, "{other}");
    sqlx::query("UPDATE letters SET cert_serial = $2 WHERE id = $1")
        .bind(&letter_id)
        .bind(good_serial(&app, &pdf))
        .execute(&app.services.db.pool)
        .await
        .unwrap();

    // The page's own upload (a server function) says the same.
    let cookie = app.warga().await;
    let page = app
        .multipart(
            &cookie,
            "cocokkan-berkas",
            &[("letter_id", None, letter_id.as_bytes()), ("file", Some("surat.pdf"), &forged)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert_eq!(page.json()["matches"], false);

    // By hash: the right one, a wrong one, and one that isn't a hash at all.
    let hash = hex::encode(Sha256::digest(&pdf));
    let by_hash = |h: String| {
        let (app, url) = (&app, format!("/api/v1/surat/{letter_id}/cocokkan?sha256={h}"));
        async move { app.get(None, &url).await }
    };
    assert_eq!(by_hash(hash.to_uppercase()).await.json()["cocok"], true);
    assert_eq!(by_hash(hex::encode(Sha256::digest(&forged))).await.json()["cocok"], false);
    let nonsense = by_hash("bukan-sidik".into()).await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nonsense.json()["pesan"].as_str().unwrap().contains("64 karakter"));
    let checked =
        app.call(None, "cocokkan-sidik", json!({ "input": { "letter_id": letter_id, "sha256": hash } })).await;
    assert_eq!(checked.json()["matches"], true);
    let unknown = app.get(None, &format!("/api/v1/surat/{}/cocokkan?sha256={hash}", uuid::Uuid::new_v4())).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn a_wrong_passphrase_signs_nothing(app: TestApp) {
    let id = app.verified_domisili("Melamar pekerjaan").await;
    let lurah = app.official("lurah.oebobo").await;
    let wrong = app.sign(&lurah, &[&id], "bukan-passphrase-saya").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.text());
    assert!(wrong.text().contains("Passphrase salah"), "{}", wrong.text());
    let empty = app.sign(&lurah, &[&id], "  ").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The old way round, without a passphrase, is refused too.
    assert_eq!(
        app.call(Some(&lurah), "tindakan", json!({ "input": { "request_id": id, "action": "sign", "note": "" } }))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(app.detail(&lurah, &id).await.json()["status"], "diverifikasi");
    assert_eq!(app.count("SELECT COUNT(*) FROM letters").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM number_counters").await, 0, "no number was taken");
    // The clerk has no signing rights at all.
    let clerk = app.official("petugas.oebobo").await;
    let clerk_try = app.sign(&clerk, &[&id], server::demo::DEMO_SIGNING_PASSPHRASE).await;
    assert_eq!(clerk_try.status, StatusCode::FORBIDDEN);
}

async fn the_lurah_signs_a_batch_with_one_passphrase_entry(app: TestApp) {
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(app.verified_domisili(&format!("Keperluan {i}")).await);
    }
    let lurah = app.official("lurah.oebobo").await;
    let queue = app.call(Some(&lurah), "antrian", json!({ "query": {} })).await.json();
    let signable = queue["items"].as_array().unwrap().iter().filter(|r| r["signable"] == true).count();
    assert_eq!(signable, 3, "{queue}");

    // One request that is not ready spoils the batch before anything is signed.
    let warga = app.warga().await;
    let fresh = app.submit_domisili(&warga, "belum diperiksa").await;
    let mixed: Vec<&str> = ids.iter().map(String::as_str).chain([fresh.as_str()]).collect();
    let refused = app.sign(&lurah, &mixed, server::demo::DEMO_SIGNING_PASSPHRASE).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM letters").await, 0);

    let batch: Vec<&str> = ids.iter().map(String::as_str).collect();
    // A request ticked twice is signed once.
    let ticked: Vec<&str> = batch.iter().copied().chain([batch[0]]).collect();
    let reply = app.sign(&lurah, &ticked, server::demo::DEMO_SIGNING_PASSPHRASE).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let outcomes = reply.json();
    let numbers: Vec<&str> = outcomes.as_array().unwrap().iter().map(|o| o["number"].as_str().unwrap()).collect();
    assert_eq!(numbers.len(), 3);
    for (i, n) in numbers.iter().enumerate() {
        assert!(n.contains(&format!("/{:03}/KEL-OBB/", i + 1)), "{n}");
    }
    for id in &ids {
        let detail = app.detail(&lurah, id).await.json();
        assert_eq!(detail["status"], "ditandatangani");
        let pdf = app.get(Some(&lurah), detail["letter"]["download_url"].as_str().unwrap()).await;
        assert!(tte::inspect(&pdf.body).unwrap().is_intact());
    }
    // Signing them again is refused: they are done.
    assert_eq!(app.sign(&lurah, &batch, server::demo::DEMO_SIGNING_PASSPHRASE).await.status, StatusCode::CONFLICT);
}

async fn the_signing_office_or_an_admin_revokes_a_letter_with_a_reason(app: TestApp) {
    let (request_id, letter_id, pdf) = signed_letter(&app).await;
    let revoke = |cookie: String, reason: &'static str| {
        let app = &app;
        let letter_id = letter_id.clone();
        async move {
            app.call(Some(&cookie), "cabut-surat", json!({ "input": { "letter_id": letter_id, "reason": reason } }))
                .await
        }
    };
    assert_eq!(revoke(app.official("lurah.oepura").await, "salah").await.status, StatusCode::NOT_FOUND);
    assert_eq!(revoke(app.warga().await, "salah").await.status, StatusCode::FORBIDDEN);
    let clerk = app.official("petugas.oebobo").await;
    let no_reason = revoke(clerk.clone(), "   ").await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get(None, &format!("/api/v1/surat/{letter_id}")).await.json()["status"], "sah");

    let done = revoke(clerk.clone(), "Data pemohon keliru; diganti surat baru").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(done.json()["revoked"]["reason"], "Data pemohon keliru; diganti surat baru");
    let api = app.get(None, &format!("/api/v1/surat/{letter_id}")).await.json();
    assert_eq!(api["status"], "dicabut");
    assert_eq!(api["pencabutan"]["alasan"], "Data pemohon keliru; diganti surat baru");
    let events = app.detail(&clerk, &request_id).await.json()["events"].clone();
    let last: &Value = events.as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["to"].as_str(), last["note"].as_str()),
        (Some("dicabut"), Some("Data pemohon keliru; diganti surat baru"))
    );
    assert_eq!(revoke(clerk, "lagi").await.status, StatusCode::CONFLICT, "already revoked");
    // The file still matches what was registered, and says so alongside the revocation.
    let hash = hex::encode(Sha256::digest(&pdf));
    let m = app.get(None, &format!("/api/v1/surat/{letter_id}/cocokkan?sha256={hash}")).await.json();
    assert_eq!(m["cocok"], true);
    assert!(m["pesan"].as_str().unwrap().contains("DICABUT"));

    // An admin may revoke any letter.
    let (_, other, _) = signed_letter(&app).await;
    let admin = app.official("admin").await;
    let r = app
        .call(
            Some(&admin),
            "cabut-surat",
            json!({ "input": { "letter_id": other, "reason": "Permintaan Inspektorat" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}
