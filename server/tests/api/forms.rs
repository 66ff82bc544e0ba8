//! Forms submitted before the page has hydrated must not become GETs with their fields (NIK,
//! passwords, passphrases) in the address: every server-rendered form says method="post".
//! (Handling those posts without JavaScript is issue 14's; until then they are refused.)

use crate::on_both_databases;
use crate::support::TestApp;
use http::{Request, StatusCode, header};

on_both_databases!(every_rendered_form_posts_and_a_post_before_hydration_leaks_nothing);

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
    let staff_id = {
        let r = app.call(Some(&admin), "akun-daftar", serde_json::json!({ "search": "lurah.oebobo" })).await;
        r.json()[0]["id"].as_str().expect("an account").to_string()
    };
    let pages: [(Option<&str>, String); 16] = [
        (None, "/masuk".into()),
        (None, "/daftar".into()),
        (None, "/pulihkan".into()),
        (Some(&warga), "/akun".into()),
        (Some(&lurah), "/akun".into()),
        (Some(&clerk), "/loket/pulihkan".into()),
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
    assert!(seen >= 18, "the pages rendered {seen} forms");
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
