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
    addresses_with_secrets_are_refused,
    bodies_over_a_limit_are_413_with_a_message,
    letters_checked_by_file_at_once_are_capped,
    guesses_sent_at_once_get_no_more_tries_than_the_limit,
    a_lock_that_ran_out_gives_a_full_set_of_tries_again,
    pages_allow_only_their_own_scripts_and_no_unused_browser_features,
);

/// Finding 17: every page has a Content-Security-Policy whose nonce is on each of its scripts
/// (and is new for every answer), and a Permissions-Policy; no HSTS over plain http.
async fn pages_allow_only_their_own_scripts_and_no_unused_browser_features(app: TestApp) {
    let warga = app.warga().await;
    let mut nonces = Vec::new();
    for (cookie, path) in [(None, "/masuk"), (Some(warga.as_str()), "/permohonan/baru"), (None, "/halaman-tidak-ada")] {
        let page = app.get(cookie, path).await;
        let csp = page.headers.get(header::CONTENT_SECURITY_POLICY).expect(path).to_str().unwrap().to_string();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
        let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect(path).to_string();
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"), "{csp}");
        let html = page.text();
        for tag in html.split("<script").skip(1) {
            let open = tag.split('>').next().unwrap();
            assert!(open.contains(&format!("nonce=\"{nonce}\"")), "{path}: a script without the nonce: <script{open}>");
        }
        let policy = page.headers.get("permissions-policy").expect(path).to_str().unwrap();
        assert!(policy.contains("geolocation=()") && policy.contains("microphone=()"), "{policy}");
        assert!(page.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        nonces.push(nonce);
    }
    let again = app.get(None, "/masuk").await;
    assert!(!again.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains(&nonces[0]), "a new nonce");
}

/// Finding 17 over https: the session cookie is `__Host-` (Secure, whole site, this host only),
/// the plain name no longer opens a session, and browsers are told to stay on https.
#[tokio::test]
async fn over_https_the_session_cookie_is_host_only_and_hsts_is_sent() {
    let app = TestApp::sqlite_with(|c| c.public_url = "https://surat.contoh.go.id".into()).await;
    let r = app.call(None, "masuk", json!({ "input": { "login": "5371045505900001", "password": "warga123" } })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let set = r.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set.starts_with("__Host-serambi_sesi=") && set.contains("; Secure") && set.contains("Path=/;"), "{set}");
    assert!(!set.contains("Domain"), "{set}");
    let cookie = set.split(';').next().unwrap();
    assert_eq!(app.call(Some(cookie), "permohonan-saya", json!({})).await.status, StatusCode::OK);
    let plain = cookie.replace("__Host-", "");
    assert_eq!(app.call(Some(&plain), "permohonan-saya", json!({})).await.status, StatusCode::UNAUTHORIZED);
    let page = app.get(None, "/masuk").await;
    assert_eq!(page.headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
}

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
    let queue = app.call(Some(&other), "antrian", json!({ "query": { "status": "semua" } })).await.json();
    assert!(queue["items"].as_array().unwrap().is_empty());
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
    // A body the function cannot read is the caller's mistake: 400 with a message, not a 500.
    for garbage in [json!({ "input": "bukan objek" }), json!({}), json!({ "input": { "letter_type": 7 } })] {
        let r = app.call(Some(&warga), "ajukan", garbage.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{garbage}: {}", r.text());
        assert!(r.text().contains("tidak dapat dibaca"), "{}", r.text());
    }
    // A file endpoint posted JSON (not a multipart form) is told so, for anyone, before the codec.
    for (endpoint, cookie) in [("lampiran", Some(warga.as_str())), ("cocokkan-berkas", None), ("impor-unggah", None)] {
        let r = app.call(cookie, endpoint, json!({ "file": "x" })).await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{endpoint}: {}", r.text());
        assert!(r.text().contains("multipart/form-data"), "{}", r.text());
    }
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
    assert!(locked.text().contains("Terlalu banyak percobaan"), "{}", locked.text());
    assert!(locked.headers.get(header::SET_COOKIE).is_none());
    // A login name nobody has locks the same way, with the same words: a lock tells nothing.
    for _ in 0..5 {
        attempt("5371049999990001", "salah").await;
    }
    let nobody = attempt("5371049999990001", "salah").await;
    assert_eq!(nobody.status, StatusCode::CONFLICT);
    assert_eq!(nobody.text().replace(char::is_numeric, ""), locked.text().replace(char::is_numeric, ""));
}

/// Finding 5: the limit is counted before the work, so many tries sent at once get no more
/// guesses than one after another (before, every try that started before the first failure
/// was recorded got through).
async fn guesses_sent_at_once_get_no_more_tries_than_the_limit(app: TestApp) {
    let login = |ip: String| {
        let app = &app;
        // Yosef's account: Maria's is needed for the request below.
        let body = json!({ "input": { "login": "5371022001750001", "password": "salah" } });
        async move { app.call_from(&ip, None, "masuk", body).await }
    };
    let replies = futures::future::join_all((0..40).map(|i| login(format!("10.1.0.{i}")))).await;
    let guessed = replies.iter().filter(|r| r.status == StatusCode::UNPROCESSABLE_ENTITY).count();
    let refused = replies.iter().filter(|r| r.status == StatusCode::CONFLICT).count();
    assert_eq!((guessed, refused), (5, 35), "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());

    // Registration answers for one NIK.
    let (nik, kk, _, birth, _) = server::demo::UNREGISTERED;
    let answers = json!({ "input": { "nik": nik, "no_kk": kk,
                                      "tanggal_lahir": birth, "nama_ibu": "Salah" } });
    let replies = futures::future::join_all((0..30).map(|i| {
        let (app, answers) = (&app, answers.clone());
        async move { app.call_from(&format!("10.2.0.{i}"), None, "daftar-identitas", answers).await }
    }))
    .await;
    let guessed = replies.iter().filter(|r| r.status == StatusCode::UNPROCESSABLE_ENTITY).count();
    assert_eq!(guessed, 5, "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());

    // Signing passphrases of one official.
    let id = app.verified_domisili("Bank").await;
    let lurah = app.official("lurah.oebobo").await;
    let ids = [id.as_str()];
    let replies = futures::future::join_all((0..12).map(|_| app.sign(&lurah, &ids, "bukan-passphrase-saya"))).await;
    let guessed = replies.iter().filter(|r| r.text().contains("Passphrase salah")).count();
    let refused = replies.iter().filter(|r| r.text().contains("Terlalu banyak percobaan")).count();
    assert_eq!((guessed, refused), (5, 7), "{:?}", replies.iter().map(|r| r.text()).collect::<Vec<_>>());
    assert_eq!(app.detail(&lurah, &id).await.json()["status"], "diverifikasi");
}

/// Finding 6: when a lock runs out the count starts again, so one more wrong try does not lock
/// the account again at once; a right password works.
async fn a_lock_that_ran_out_gives_a_full_set_of_tries_again(app: TestApp) {
    let attempt = |pw: &'static str| {
        let app = &app;
        async move { app.call(None, "masuk", json!({ "input": { "login": "5371045505900001", "password": pw } })).await }
    };
    for _ in 0..5 {
        assert_eq!(attempt("salah").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(attempt("warga123").await.status, StatusCode::CONFLICT);
    // Fifteen minutes later (the window itself is still the same one).
    let run_out = "UPDATE attempt_limits SET locked_until = locked_until - 900001 WHERE locked_until > 0";
    sqlx::query(run_out).execute(&app.services.db.pool).await.unwrap();
    for _ in 0..4 {
        assert_eq!(attempt("salah").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(attempt("warga123").await.status, StatusCode::OK);
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

/// Security review, finding 3: a form sent as a `GET` before its page's script loaded put the
/// password (or the NIK, the KK number, the mother's name, the signing passphrase) into the
/// address. Such an address is answered 400 with a message and opens nothing; the same address
/// without them works.
async fn addresses_with_secrets_are_refused(app: TestApp) {
    let warga = app.warga().await;
    let sessions = app.count("SELECT COUNT(*) FROM sessions").await;
    for address in [
        "/masuk?login=5371045505900001&password=warga123",
        "/masuk?input%5Blogin%5D=5371045505900001&input%5Bpassword%5D=warga123",
        "/daftar?nik=5371045505900001&no_kk=5371040101160002&tanggal_lahir=1990-05-15&nama_ibu=Sara",
        "/permohonan/baru?input.nama_ibu=Sara",
        "/antrian?PASSPHRASE=tte-demo-2026",
        "/api/data-saya?nik=5371045505900001",
    ] {
        let r = app.get(Some(&warga), address).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{address}");
        assert!(r.text().contains("memuat kata sandi atau nomor identitas"), "{address}: {}", r.text());
        assert!(!r.text().contains("warga123") && !r.text().contains("5371045505900001"), "{address}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, sessions, "nobody signed in");
    for address in ["/masuk?login=budi", "/lacak?kode=SRB-2345-67", "/permohonan/baru?jenis=domisili", "/v/x?niku=1"] {
        assert_ne!(app.get(Some(&warga), address).await.status, StatusCode::BAD_REQUEST, "{address}");
    }
}

/// Security review, finding 19: a body over a limit is 413 with a message in Indonesian (it was
/// a 500), for server functions, uploads, the verification API and forms.
async fn bodies_over_a_limit_are_413_with_a_message(app: TestApp) {
    let warga = app.warga().await;
    let big = "x".repeat(3 * 1024 * 1024);
    let r = app.call(Some(&warga), "kontak-tambah", json!({ "input": { "channel": big } })).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    assert!(r.text().contains("terlalu besar"), "{}", r.text());
    // Without a declared length (sent in chunks), the same.
    let chunks =
        futures::stream::iter((0..48).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b' '; 64 * 1024]))));
    let req = Request::post("/api/kontak-tambah")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, &warga)
        .body(axum::body::Body::from_stream(chunks))
        .unwrap();
    let r = app.request(req).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    // An attachment over its limit (5 MB here), and a letter to check over 20 MB.
    let r = app.upload(&warga, "foto.jpg", &vec![0u8; 6 * 1024 * 1024]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    assert!(r.text().contains("terlalu besar"), "{}", r.text());
    let req = Request::post("/api/v1/surat/00000000-0000-0000-0000-000000000000/cocokkan")
        .header(header::HOST, "127.0.0.1:3000")
        .body(axum::body::Body::from(vec![0u8; 21 * 1024 * 1024]))
        .unwrap();
    let r = app.request(req).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    assert!(r.text().contains("terlalu besar"), "{}", r.text());
}

/// Security review, finding 2: letters checked by file at once are capped; one more is 503
/// with a message at once, and checking works again when one has finished.
async fn letters_checked_by_file_at_once_are_capped(app: TestApp) {
    let post = |path: &str| {
        Request::post(path.to_string())
            .header(header::HOST, "127.0.0.1:3000")
            .body(axum::body::Body::from(b"%PDF-1.7 bukan surat".to_vec()))
            .unwrap()
    };
    let api = "/api/v1/surat/00000000-0000-0000-0000-000000000000/cocokkan";
    let busy = app.services.file_checks.clone().acquire_many_owned(server::FILE_CHECKS as u32).await.unwrap();
    let r = app.request(post(api)).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.text());
    assert_eq!(r.json()["pesan"], json!("Sedang banyak surat diperiksa. Coba lagi sebentar lagi."));
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    // Other calls are not held up.
    assert_eq!(app.get(None, "/lacak").await.status, StatusCode::OK);
    drop(busy);
    assert_eq!(app.request(post(api)).await.status, StatusCode::NOT_FOUND);
}
