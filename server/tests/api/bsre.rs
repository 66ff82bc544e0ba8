//! The BSrE-style remote signer against a small fake service: a signed letter comes back, and
//! each kind of error response becomes a clear message that signs nothing.

use crate::support::{TestApp, pdfsig};
use axum::Router;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::Utc;
use http::{HeaderMap, StatusCode, header};
use serde_json::json;
use std::sync::{Arc, Mutex};

pub(crate) const USER: &str = "serambi";
pub(crate) const PASSWORD: &str = "rahasia-api";
/// base64("serambi:rahasia-api")
const AUTH: &str = "Basic c2VyYW1iaTpyYWhhc2lhLWFwaQ==";
pub(crate) const KNOWN_NIK: &str = "5371041505800001";
const BROKEN_NIK: &str = "5371049999990001";
pub(crate) const PASSPHRASE: &str = "bsre-rahasia-1";

/// A fake BSrE: its own CA and one signer, and a log of the forms it received.
pub(crate) struct Fake {
    credential: tte::Credential,
    pub(crate) seen: Mutex<Vec<(String, String)>>,
    /// While set, a request is held after it is read (a slow service).
    pub(crate) hold: std::sync::atomic::AtomicBool,
}

async fn sign_pdf(State(fake): State<Arc<Fake>>, headers: HeaderMap, mut form: Multipart) -> Response {
    let error = |status: StatusCode, message: &str, code: u16| {
        (status, axum::Json(json!({ "error": message, "status_code": code }))).into_response()
    };
    let (mut file, mut nik, mut passphrase, mut tampilan) = (Vec::new(), String::new(), String::new(), String::new());
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.unwrap_or_default();
        match name.as_str() {
            "file" => file = bytes.to_vec(),
            "nik" => nik = String::from_utf8_lossy(&bytes).into_owned(),
            "passphrase" => passphrase = String::from_utf8_lossy(&bytes).into_owned(),
            "tampilan" => tampilan = String::from_utf8_lossy(&bytes).into_owned(),
            _ => {}
        }
    }
    // The credentials are checked after the whole body is read, as a service behind a buffering
    // proxy does: answering 401 mid-upload lets the connection close under the client while it
    // still writes, which it then reports as "unreachable" (this test failed that way under load).
    if headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) != Some(AUTH) {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", 401);
    }
    fake.seen.lock().unwrap().push((nik.clone(), tampilan));
    while fake.hold.load(std::sync::atomic::Ordering::SeqCst) {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    if nik == BROKEN_NIK {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error", 500);
    }
    if nik != KNOWN_NIK {
        return error(StatusCode::BAD_REQUEST, "User dengan NIK tersebut tidak terdaftar", 2021);
    }
    if passphrase != PASSPHRASE {
        return error(StatusCode::BAD_REQUEST, "Passphrase anda salah", 2031);
    }
    let meta =
        tte::SignatureMeta { time: Utc::now().fixed_offset(), reason: "TTE BSrE".into(), location: "Jakarta".into() };
    match fake.credential.sign_pdf(&file, &meta) {
        Ok(pdf) => ([(header::CONTENT_TYPE, "application/pdf")], pdf).into_response(),
        Err(_) => error(StatusCode::BAD_REQUEST, "Dokumen bukan PDF", 2001),
    }
}

/// Starts the fake on a free port; returns its base URL and its state.
pub(crate) async fn start_fake() -> (String, Arc<Fake>) {
    let now = Utc::now();
    let ca = tte::Authority::create("Badan Siber dan Sandi Negara", "Fake BSrE CA", now, 5).unwrap();
    let holder = tte::Holder {
        name: "Yosef Benu".into(),
        nip: "197805122005011003".into(),
        position: "Lurah Oebobo".into(),
        office: "Kelurahan Oebobo".into(),
        organisation: "Pemerintah Kota Kupang".into(),
    };
    let sealed = ca.issue_with(&holder, "kunci-bsre-palsu", now, 1, tte::Protection::Demo).unwrap();
    let fake = Arc::new(Fake {
        credential: sealed.unlock("kunci-bsre-palsu").unwrap(),
        seen: Mutex::new(Vec::new()),
        hold: Default::default(),
    });
    let app = Router::new().route("/api/sign/pdf", post(sign_pdf)).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, fake)
}

pub(crate) async fn app_against(url: &str, password: &str) -> TestApp {
    let (url, password) = (url.to_string(), password.to_string());
    let app = TestApp::sqlite_with(move |c| {
        c.tte = "bsre".into();
        c.bsre_url = url;
        c.bsre_user = USER.into();
        c.bsre_password = server::config::Secret(password);
    })
    .await;
    set_lurah_nik(&app, KNOWN_NIK).await;
    app
}

async fn set_lurah_nik(app: &TestApp, nik: &str) {
    sqlx::query(
        "UPDATE officials SET nik = $1 WHERE id = (SELECT official_id FROM users WHERE username = 'lurah.oebobo')",
    )
    .bind(nik)
    .execute(&app.services.db.pool)
    .await
    .unwrap();
}

async fn letters(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM letters").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_remote_service_signs_and_the_letter_records_its_certificate() {
    let (url, fake) = start_fake().await;
    let app = app_against(&url, PASSWORD).await;
    let id = app.verified_domisili("Melamar pekerjaan").await;
    let lurah = app.official("lurah.oebobo").await;
    let reply = app.sign(&lurah, &[&id], PASSPHRASE).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert!(reply.json()[0]["number"].is_string(), "{}", reply.text());
    assert_eq!(fake.seen.lock().unwrap().as_slice(), &[(KNOWN_NIK.to_string(), "invisible".to_string())]);

    let detail = app.detail(&lurah, &id).await.json();
    let pdf = app.get(Some(&lurah), detail["letter"]["download_url"].as_str().unwrap()).await;
    assert!(pdfsig(&pdf.body).contains("Signature is Valid."));
    let letter_id = detail["letter"]["id"].as_str().unwrap();
    let api = app.get(None, &format!("/api/v1/surat/{letter_id}")).await.json();
    assert_eq!(api["surat"]["tanda_tangan"]["jenis"], "bsre");
    assert!(api["surat"]["tanda_tangan"]["sertifikat"]["penerbit"].as_str().unwrap().contains("Fake BSrE CA"));
}

/// Security review, finding 10: while the remote service takes its time, the deployment's
/// database is not held. Before, the signature ran inside the signing transaction, so on SQLite
/// every other write (a resident's request, a login) waited for the BSrE call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_remote_signature_holds_no_database_lock() {
    use std::sync::atomic::Ordering;
    let (url, fake) = start_fake().await;
    let app = Arc::new(app_against(&url, PASSWORD).await);
    let id = app.verified_domisili("Melamar pekerjaan").await;
    let lurah = app.official("lurah.oebobo").await;
    fake.hold.store(true, Ordering::SeqCst);
    let signing = {
        let (app, lurah, id) = (app.clone(), lurah.clone(), id.clone());
        tokio::spawn(async move { app.sign(&lurah, &[&id], PASSPHRASE).await })
    };
    let started = std::time::Instant::now();
    while fake.seen.lock().unwrap().is_empty() {
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "the signer was never called");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    // The service holds the letter. Meanwhile a resident asks for a letter (several writes) and
    // a clerk verifies it: both go through at once.
    let writes = async {
        let maria = app.warga().await;
        let other = app.submit_domisili(&maria, "Selama tanda tangan berjalan").await;
        let clerk = app.official("petugas.oebobo").await;
        assert_eq!(app.act(&clerk, &other, "verify", "").await.status, StatusCode::OK);
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), writes)
        .await
        .expect("writes while a remote signature is under way do not wait for it");
    assert!(!signing.is_finished(), "the signature was still being made");
    fake.hold.store(false, Ordering::SeqCst);
    let reply = signing.await.unwrap();
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert!(reply.json()[0]["number"].as_str().unwrap().contains("/001/"), "{}", reply.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM leases WHERE name LIKE 'nomor:%'").await, 0, "the counter is let go");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_error_of_the_remote_service_is_a_clear_refusal_that_signs_nothing() {
    let (url, _fake) = start_fake().await;
    let app = app_against(&url, PASSWORD).await;
    let id = app.verified_domisili("Melamar pekerjaan").await;
    let lurah = app.official("lurah.oebobo").await;

    let wrong = app.sign(&lurah, &[&id], "salah-sekali").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.text());
    assert!(wrong.text().contains("Passphrase salah"), "{}", wrong.text());

    set_lurah_nik(&app, "5371040101010001").await;
    let unknown = app.sign(&lurah, &[&id], PASSPHRASE).await;
    assert_eq!(unknown.status, StatusCode::CONFLICT);
    assert!(unknown.text().contains("belum terdaftar"), "{}", unknown.text());

    set_lurah_nik(&app, BROKEN_NIK).await;
    let broken = app.sign(&lurah, &[&id], PASSPHRASE).await;
    assert_eq!(broken.status, StatusCode::CONFLICT);
    assert!(broken.text().contains("sedang bermasalah"), "{}", broken.text());

    set_lurah_nik(&app, "").await;
    let no_nik = app.sign(&lurah, &[&id], PASSPHRASE).await;
    assert_eq!(no_nik.status, StatusCode::CONFLICT);
    assert!(no_nik.text().contains("NIK pejabat"), "{}", no_nik.text());

    assert_eq!(letters(&app).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM number_counters").await, 0, "no number was taken");
    assert_eq!(app.detail(&lurah, &id).await.json()["status"], "diverifikasi");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_application_credentials_or_no_service_sign_nothing() {
    let (url, _fake) = start_fake().await;
    let app = app_against(&url, "bukan-kata-sandinya").await;
    let id = app.verified_domisili("Melamar pekerjaan").await;
    let lurah = app.official("lurah.oebobo").await;
    let refused = app.sign(&lurah, &[&id], PASSPHRASE).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.text().contains("kredensial aplikasi"), "{}", refused.text());

    // Nothing listens on this port.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let app = app_against(&closed, PASSWORD).await;
    let id = app.verified_domisili("Melamar pekerjaan").await;
    let lurah = app.official("lurah.oebobo").await;
    let down = app.sign(&lurah, &[&id], PASSPHRASE).await;
    assert_eq!(down.status, StatusCode::CONFLICT);
    assert!(down.text().contains("tidak dapat dihubungi"), "{}", down.text());
    assert_eq!(letters(&app).await, 0);
}
