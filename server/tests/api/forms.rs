//! Forms submitted before the page has hydrated must not become GETs with their fields (NIK,
//! passwords, passphrases) in the address: every server-rendered form says method="post".
//! Posted without JavaScript, a form runs its server function on the server: success redirects,
//! failure renders the page again with the error and what was typed (never a secret).

use crate::on_both_databases;
use crate::support::TestApp;
use http::{Request, StatusCode, header};

on_both_databases!(every_rendered_form_posts_and_a_post_before_hydration_leaks_nothing);
on_both_databases!(a_login_posted_without_javascript_signs_in_or_comes_back_with_what_was_typed);
on_both_databases!(registration_works_without_javascript_from_both_steps);
on_both_databases!(a_clerk_verifies_and_a_lurah_signs_without_javascript);
on_both_databases!(an_admin_sets_an_office_and_its_emblem_without_javascript);
on_both_databases!(the_counters_activation_desk_works_without_javascript);

/// The `<form …>` tags of a page.
fn forms(html: &str) -> Vec<&str> {
    html.match_indices("<form").map(|(i, _)| &html[i..i + html[i..].find('>').unwrap_or(0) + 1]).collect()
}

async fn every_rendered_form_posts_and_a_post_before_hydration_leaks_nothing(app: TestApp) {
    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let lurah = app.official("lurah.oebobo").await;
    let admin = app.official("admin").await;
    let id = app.verified_domisili("Melamar kerja").await;
    let signed = app.verified_domisili("Mendaftar sekolah").await;
    assert_eq!(app.act(&lurah, &signed, "sign", "").await.status, StatusCode::OK);
    let letter: String = sqlx::query_scalar("SELECT id FROM letters WHERE request_id = $1")
        .bind(&signed)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    let staff_id = {
        let r = app.call(Some(&admin), "akun-daftar", serde_json::json!({ "search": "lurah.oebobo" })).await;
        r.json()[0]["id"].as_str().expect("an account").to_string()
    };
    let pages: [(Option<&str>, String); 22] = [
        (None, "/masuk".into()),
        (None, format!("/v/{letter}")),
        (Some(&lurah), format!("/v/{letter}")),
        (Some(&warga), format!("/permohonan/{id}/terkirim")),
        (None, "/lacak".into()),
        (Some(&warga), "/permohonan/baru".into()),
        (None, "/daftar".into()),
        (None, "/pulihkan".into()),
        (Some(&warga), "/akun".into()),
        (Some(&lurah), "/akun".into()),
        (Some(&clerk), "/loket/pulihkan".into()),
        (Some(&clerk), "/loket/aktivasi".into()),
        (Some(&admin), "/admin/akun".into()),
        (Some(&admin), "/admin/akun/baru".into()),
        (Some(&admin), format!("/admin/akun/{staff_id}")),
        (Some(&admin), "/admin/sertifikat".into()),
        (Some(&warga), "/permohonan/baru?jenis=domisili".into()),
        (Some(&warga), "/data-saya/laporan".into()),
        (Some(&clerk), "/loket".into()),
        (Some(&clerk), "/laporan-data".into()),
        (Some(&lurah), format!("/permohonan/{id}")),
        (Some(&admin), "/admin/kantor/53.71.04.1001".into()),
    ];
    let mut seen = 0;
    for (cookie, path) in &pages {
        let page = app.get(*cookie, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for form in forms(&page.text()) {
            // Only a search may be a GET (its term is no secret and belongs in the address).
            let search = form.contains(r#"method="get""#) && form.contains(r#"role="search""#);
            assert!(form.contains(r#"method="post""#) || search, "{path}: {form}");
            seen += 1;
        }
    }
    assert!(seen >= 24, "the pages rendered {seen} forms");
    // A login typed before the page hydrated arrives as a POST body, never in the address, and
    // starts no session.
    let req = Request::post("/masuk")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("login=5371045505900001&password=warga123"))
        .unwrap();
    let r = app.request(req).await;
    assert!(!r.status.is_success(), "{}", r.status);
    assert!(r.headers.get(header::SET_COOKIE).is_none());
}

async fn post_form(app: &TestApp, path: &str, cookie: Option<&str>, body: &str) -> crate::support::Reply {
    app.post_form(path, cookie, body.to_string()).await
}

async fn a_login_posted_without_javascript_signs_in_or_comes_back_with_what_was_typed(app: TestApp) {
    // The login page names its server function for the post.
    let page = app.get(None, "/masuk").await.text();
    assert!(page.contains(r#"name="_form" value="/api/masuk""#), "{page}");

    // A wrong password: the page again, with the message, the NIK kept and the password not.
    let wrong =
        post_form(&app, "/masuk", None, "_form=%2Fapi%2Fmasuk&login=5371045505900001&password=salah-sekali").await;
    assert!(wrong.status.is_client_error(), "{}", wrong.status);
    assert!(wrong.headers.get(header::SET_COOKIE).is_none());
    let html = wrong.text();
    assert!(html.contains("<form"), "the login page again: {html}");
    assert!(html.contains(r#"value="5371045505900001""#), "what was typed is kept: {html}");
    assert!(!html.contains("salah-sekali"), "the password is never sent back");
    assert!(html.contains("kata sandi salah"), "the reason is shown: {html}");

    // The right password: a session and a redirect home (post-redirect-get).
    let ok = post_form(&app, "/masuk", None, "_form=%2Fapi%2Fmasuk&login=5371045505900001&password=warga123").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert_eq!(ok.headers.get(header::LOCATION).unwrap(), "/");
    let cookie = ok.headers.get(header::SET_COOKIE).expect("a session").to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let home = app.get(Some(&cookie), "/").await.text();
    assert!(home.contains("Maria"), "signed in: {home}");

    // A form the server does not know, or one that is not URL-encoded, changes nothing.
    let unknown = post_form(&app, "/masuk", None, "_form=%2Fapi%2Fhapus-semua&login=x").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.text().contains("Formulir tidak dikenal"));
}

/// `name=value` of cookie `name` among the response's Set-Cookie headers.
fn set_cookie(r: &crate::support::Reply, name: &str) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .find(|kv| kv.starts_with(&format!("{name}=")))
}

async fn registration_works_without_javascript_from_both_steps(app: TestApp) {
    // Wrong answers: step one again, with the message and the answers kept.
    let wrong = post_form(
        &app,
        "/daftar",
        None,
        "_form=%2Fapi%2Fdaftar-identitas&nik=5371040406880001&no_kk=5371040101160002&tanggal_lahir=1988-06-05&nama_ibu=Yuliana+Seran",
    )
    .await;
    assert!(wrong.status.is_client_error(), "{}", wrong.status);
    let html = wrong.text();
    assert!(html.contains(r#"value="5371040406880001""#) && html.contains(r#"value="Yuliana Seran""#), "{html}");
    assert!(set_cookie(&wrong, "serambi_daftar").is_none());

    // The right answers: a ticket in an HttpOnly cookie, and /daftar shows step two.
    let right = post_form(
        &app,
        "/daftar",
        None,
        "_form=%2Fapi%2Fdaftar-identitas&nik=5371040406880001&no_kk=5371040101160002&tanggal_lahir=1988-06-04&nama_ibu=Yuliana+Seran",
    )
    .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.text());
    assert_eq!(right.headers.get(header::LOCATION).unwrap(), "/daftar");
    let ticket = set_cookie(&right, "serambi_daftar").expect("the ticket cookie");
    let step_two = app.get(Some(&ticket), "/daftar").await.text();
    assert!(step_two.contains("Daniel Tefa") && step_two.contains("/api/daftar-sandi"), "{step_two}");
    let token = ticket.split_once('=').unwrap().1;
    assert!(step_two.contains(&format!(r#"name="ticket" value="{token}""#)));

    // Two different passwords: step two again, no password in the page.
    let body = format!("_form=%2Fapi%2Fdaftar-sandi&ticket={token}&password=rahasia-daniel1&password2=rahasia-daniel2");
    let mismatch = post_form(&app, "/daftar", Some(&ticket), &body).await;
    assert!(mismatch.status.is_client_error());
    let html = mismatch.text();
    assert!(html.contains("Kedua kata sandi tidak sama") && !html.contains("rahasia-daniel"), "{html}");

    // The same twice: an account, a session, home, and the ticket cookie cleared.
    let body = format!("_form=%2Fapi%2Fdaftar-sandi&ticket={token}&password=rahasia-daniel1&password2=rahasia-daniel1");
    let done = post_form(&app, "/daftar", Some(&ticket), &body).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    assert_eq!(done.headers.get(header::LOCATION).unwrap(), "/");
    assert_eq!(set_cookie(&done, "serambi_daftar").as_deref(), Some("serambi_daftar="));
    let session = set_cookie(&done, "serambi_sesi").expect("a session");
    assert!(app.get(Some(&session), "/").await.text().contains("Daniel"));
}

async fn a_clerk_verifies_and_a_lurah_signs_without_javascript(app: TestApp) {
    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let lurah = app.official("lurah.oebobo").await;
    let id = app.submit_domisili(&warga, "Melamar kerja").await;
    let page = format!("/permohonan/{id}");

    // The clerk's page carries the action form; returning without a reason comes back with the
    // message and changes nothing.
    let html = app.get(Some(&clerk), &page).await.text();
    assert!(html.contains(r#"value="/api/tindakan""#) && html.contains(r#"name="action" value="verify""#), "{html}");
    let no_reason =
        post_form(&app, &page, Some(&clerk), &format!("_form=%2Fapi%2Ftindakan&request_id={id}&action=return&note="))
            .await;
    assert!(no_reason.status.is_client_error(), "{}", no_reason.status);
    assert!(no_reason.text().contains("alasan"), "{}", no_reason.text());
    let verify =
        post_form(&app, &page, Some(&clerk), &format!("_form=%2Fapi%2Ftindakan&request_id={id}&action=verify")).await;
    assert_eq!(verify.status, StatusCode::SEE_OTHER, "{}", verify.text());
    assert_eq!(verify.headers.get(header::LOCATION).unwrap().to_str().unwrap(), page);

    // The lurah signs with the passphrase; a wrong one comes back without it.
    let html = app.get(Some(&lurah), &page).await.text();
    assert!(
        html.contains(r#"value="/api/tandatangani""#)
            && html.contains(&format!(r#"name="request_ids[0]" value="{id}""#))
    );
    let wrong = format!("_form=%2Fapi%2Ftandatangani&request_ids%5B0%5D={id}&passphrase=bukan-ini-passphrasenya");
    let refused = post_form(&app, &page, Some(&lurah), &wrong).await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
    assert!(!refused.text().contains("bukan-ini-passphrasenya"));
    let right = format!("_form=%2Fapi%2Ftandatangani&request_ids%5B0%5D={id}&passphrase=tte-demo-2026");
    let signed = post_form(&app, &page, Some(&lurah), &right).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.text());
    assert_eq!(signed.headers.get(header::LOCATION).unwrap().to_str().unwrap(), page);
    let detail = app.call(Some(&warga), "permohonan", serde_json::json!({ "id": id })).await.json();
    assert_eq!(detail["status"], "ditandatangani", "{detail}");
}

async fn an_admin_sets_an_office_and_its_emblem_without_javascript(app: TestApp) {
    let admin = app.official("admin").await;
    let page = "/admin/kantor/53.71.04.1001";
    let form = |pattern: &str| {
        format!(
            "_form=%2Fapi%2Fkantor-simpan&code=53.71.04.1001&paper=f4&margins%5B0%5D=25&margins%5B1%5D=20\
             &margins%5B2%5D=25&margins%5B3%5D=35&kop_lines=&number_pattern={}&counter_scope=kantor\
             &address=Jl.+Frans+Seda&place=Kupang&unit_code=KEL-OBB",
            form_urlencoded::byte_serialize(pattern.as_bytes()).collect::<String>()
        )
    };
    let bad = post_form(&app, page, Some(&admin), &form("{urut}/{hari}")).await;
    assert!(bad.status.is_client_error(), "{}", bad.status);
    let html = bad.text();
    assert!(html.contains("Pola nomor surat tidak valid"), "{html}");
    assert!(html.contains(r#"value="{urut}/{hari}""#), "what was typed is kept: {html}");
    let good = post_form(&app, page, Some(&admin), &form("{klasifikasi}/{urut:04}/{unit}/{tahun}")).await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.text());
    assert!(good.text().contains("Pengaturan disimpan"), "{}", good.text());
    let stored = app.call(Some(&admin), "kantor", serde_json::json!({ "code": "53.71.04.1001" })).await.json();
    assert_eq!(stored["paper"], "f4");
    assert_eq!(stored["margins_mm"][3], 35);
    // The emblem in its own multipart form.
    let emblem = app
        .multipart_to(
            &admin,
            page,
            &[
                ("_form", None, b"/api/kantor-lambang"),
                ("code", None, b"53.71.04.1001"),
                ("file", Some("lambang.png"), crate::support::TINY_PNG),
            ],
        )
        .await;
    assert_eq!(emblem.status, StatusCode::OK, "{}", emblem.text());
    assert!(emblem.text().contains("Lambang disimpan"), "{}", emblem.text());
}

async fn the_counters_activation_desk_works_without_javascript(app: TestApp) {
    let clerk = app.official("petugas.oebobo").await;
    let page = app.get(Some(&clerk), "/loket/aktivasi").await.text();
    assert!(page.contains(r#"name="_form" value="/api/kode-aktivasi-warga""#), "{page}");
    assert!(page.contains(r#"name="_form" value="/api/batalkan-pendaftaran""#), "{page}");

    // A code for Daniel, shown once on the page.
    let body = "_form=%2Fapi%2Fkode-aktivasi-warga&nik=5371040406880001";
    let made = post_form(&app, "/loket/aktivasi", Some(&clerk), body).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text());
    let html = made.text();
    assert!(html.contains("Kode aktivasi untuk") && html.contains("Daniel Tefa"), "{html}");
    let code = html.split(r#"class="reset-code">"#).nth(1).and_then(|r| r.split('<').next()).expect("the code");
    assert_eq!(code.len(), 9, "{code}");

    // Daniel registers with it, without JavaScript either.
    let body = format!(
        "_form=%2Fapi%2Fdaftar-identitas&nik=5371040406880001&no_kk=5371040101160002&tanggal_lahir=1988-06-04\
         &nama_ibu=Yuliana+Seran&kode_aktivasi={code}"
    );
    let right = post_form(&app, "/daftar", None, &body).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.text());
    assert!(set_cookie(&right, "serambi_daftar").is_some());

    // Undoing Maria's registration: the reason is required, then it is done.
    let without = "_form=%2Fapi%2Fbatalkan-pendaftaran&nik=5371045505900001&alasan=";
    let refused = post_form(&app, "/loket/aktivasi", Some(&clerk), without).await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
    assert!(refused.text().contains("Tulis alasannya"), "{}", refused.text());
    let with = "_form=%2Fapi%2Fbatalkan-pendaftaran&nik=5371045505900001&alasan=Akun+dibuat+orang+lain%2C+lapor+warga";
    let done = post_form(&app, "/loket/aktivasi", Some(&clerk), with).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert!(done.text().contains("dibatalkan"), "{}", done.text());
    let r = app
        .call(None, "masuk", serde_json::json!({ "input": { "login": "5371045505900001", "password": "warga123" } }))
        .await;
    assert_ne!(r.status, StatusCode::OK, "the undone account no longer signs in");
}
