//! A fresh Serambi per test: its own database (SQLite file or PostgreSQL database), files
//! folder and router, with the Kota Kupang demo loaded (small population).

use axum::Router;
use axum::body::{Body, to_bytes};
use http::{HeaderMap, Request, StatusCode, header};
use serde_json::{Value, json};
use server::{Services, config::Config};
use std::sync::Arc;
use tower::ServiceExt;

/// The smallest files of each accepted type (only their first bytes decide the type).
pub const TINY_PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
pub const TINY_PNG: &[u8] = include_bytes!("../../../letters/tests/emblem.png");
pub const TINY_JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0xFF, 0xD9];

pub struct TestApp {
    pub router: Router,
    pub services: Arc<Services>,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Runs each named test body against SQLite and against PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    (empty: $($name:ident),* $(,)?) => { $(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::support::TestApp::sqlite_empty().await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::support::TestApp::postgres_empty().await {
                    super::$name(app).await
                }
            }
        }
    )* };
    ($($name:ident),* $(,)?) => { $(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::support::TestApp::sqlite().await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::support::TestApp::postgres().await {
                    super::$name(app).await
                }
            }
        }
    )* };
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        TestApp::sqlite_with(|_| {}).await
    }

    /// An SQLite app whose configuration `adjust` changes first (e.g. another signer).
    pub async fn sqlite_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("serambi.db").display());
        TestApp::start(&url, dir, adjust).await
    }

    /// None (with a loud message) when PostgreSQL is not reachable outside CI.
    pub async fn postgres() -> Option<TestApp> {
        let (url, dir) = TestApp::postgres_url().await?;
        Some(TestApp::start(&url, dir, |_| {}).await)
    }

    /// A PostgreSQL app whose configuration `adjust` changes first (e.g. files on S3).
    pub async fn postgres_with(adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let (url, dir) = TestApp::postgres_url().await?;
        Some(TestApp::start(&url, dir, adjust).await)
    }

    /// Like [`TestApp::postgres`] but on an empty database (no demo), for set-up tests.
    pub async fn postgres_empty() -> Option<TestApp> {
        let (url, dir) = TestApp::postgres_url().await?;
        Some(TestApp::start_empty(&url, dir).await)
    }

    pub async fn sqlite_empty() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("serambi.db").display());
        TestApp::start_empty(&url, dir).await
    }

    /// A fresh PostgreSQL database (its URL) and a temporary folder; None when PostgreSQL is not
    /// reachable outside CI.
    pub async fn postgres_url() -> Option<(String, tempfile::TempDir)> {
        let base = std::env::var("SERAMBI_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
        sqlx::any::install_default_drivers();
        let admin = match sqlx::AnyPool::connect(&base).await {
            Ok(pool) => pool,
            Err(e) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("PostgreSQL is mandatory in CI but {base} is not reachable: {e}");
                }
                eprintln!("\n!!!!! PostgreSQL at {base} is not reachable ({e}): SKIPPING the PostgreSQL leg !!!!!\n");
                return None;
            }
        };
        // The creation time is in the name, so a run drops only databases left by runs that ended
        // long ago, never those of a run going on beside it.
        let now = chrono::Utc::now().timestamp();
        static CLEANED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
        CLEANED
            .get_or_init(|| async {
                let old: Vec<String> =
                    sqlx::query_scalar("SELECT datname::text FROM pg_database WHERE datname LIKE 'serambi_t_%'")
                        .fetch_all(&admin)
                        .await
                        .unwrap_or_default();
                let stale = |db: &str| {
                    db.strip_prefix("serambi_t_")
                        .and_then(|rest| rest.split('_').next())
                        .and_then(|t| t.parse::<i64>().ok())
                        .is_some_and(|t| now - t > 3 * 3600)
                };
                for db in old.into_iter().filter(|db| stale(db)) {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).execute(&admin).await;
                }
            })
            .await;
        let name = format!("serambi_t_{now}_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create test database");
        admin.close().await;
        let (server, _) = base.rsplit_once('/').expect("SERAMBI_TEST_POSTGRES must end with /DATABASE");
        Some((format!("{server}/{name}"), tempfile::tempdir().expect("temp dir")))
    }

    /// A server on an existing database (migrated if needed, no demo loaded).
    pub async fn start_empty(url: &str, dir: tempfile::TempDir) -> TestApp {
        let config = Config::for_tests(url, dir.path());
        let services = Services::start(config).await.expect("services start");
        let router = server::router(services.clone());
        TestApp { router, services, _dir: dir }
    }

    /// A new empty database of this app's engine, and a folder (for its files): where a
    /// backup is restored.
    pub async fn fresh_target(&self) -> (String, tempfile::TempDir) {
        match self.services.db.engine {
            server::db::Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                (format!("sqlite://{}?mode=rwc", dir.path().join("serambi.db").display()), dir)
            }
            server::db::Engine::Postgres => TestApp::postgres_url().await.expect("PostgreSQL answered a moment ago"),
        }
    }

    async fn start(url: &str, dir: tempfile::TempDir, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config::for_tests(url, dir.path());
        adjust(&mut config);
        let services = Services::start(config).await.expect("services start");
        server::demo::load(&services.db, 60).await.expect("demo data");
        let router = server::router(services.clone());
        TestApp { router, services, _dir: dir }
    }

    pub async fn request(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let body = to_bytes(res.into_body(), 20 * 1024 * 1024).await.expect("body");
        Reply { status, headers, body }
    }

    /// Calls a server function (`/api/<endpoint>`) with a JSON body.
    pub async fn call(&self, cookie: Option<&str>, endpoint: &str, body: Value) -> Reply {
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::HOST, "127.0.0.1:3000");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.request(req.body(Body::from(body.to_string())).unwrap()).await
    }

    /// Calls a server function as a client at `ip` (what the limits per client see).
    pub async fn call_from(&self, ip: &str, cookie: Option<&str>, endpoint: &str, body: Value) -> Reply {
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::HOST, "127.0.0.1:3000");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let mut req = req.body(Body::from(body.to_string())).unwrap();
        let addr: std::net::SocketAddr = format!("{ip}:40000").parse().expect("ip");
        req.extensions_mut().insert(axum::extract::ConnectInfo(addr));
        self.request(req).await
    }

    pub async fn get(&self, cookie: Option<&str>, path: &str) -> Reply {
        let mut req = Request::get(path).header(header::HOST, "127.0.0.1:3000");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.request(req.body(Body::empty()).unwrap()).await
    }

    /// Logs in and returns the session cookie (`name=value`).
    pub async fn login(&self, login: &str, password: &str) -> String {
        let r = self.call(None, "masuk", json!({ "input": { "login": login, "password": password } })).await;
        assert_eq!(r.status, StatusCode::OK, "login {login}: {}", r.text());
        let set = r.headers.get(header::SET_COOKIE).expect("cookie set").to_str().unwrap();
        set.split(';').next().unwrap().to_string()
    }

    pub async fn warga(&self) -> String {
        self.login("5371045505900001", "warga123").await
    }
    pub async fn official(&self, username: &str) -> String {
        self.login(username, "serambi123").await
    }

    /// Submits a Domisili request as Maria (Kelurahan Oebobo); returns its id.
    pub async fn submit_domisili(&self, cookie: &str, purpose: &str) -> String {
        let r = self.submit(cookie, "domisili", json!({ "keperluan": purpose })).await;
        assert_eq!(r.status, StatusCode::OK, "submit: {}", r.text());
        r.json().as_str().expect("id").to_string()
    }

    /// Submits a request with the given fields, uploading a small file for every required
    /// attachment of the letter type.
    pub async fn submit(&self, cookie: &str, letter_type: &str, fields: Value) -> Reply {
        let attachments = self.required_attachments(cookie, letter_type).await;
        self.call(
            Some(cookie),
            "ajukan",
            json!({ "input": { "letter_type": letter_type, "fields": fields, "attachments": attachments } }),
        )
        .await
    }

    /// Uploads a file for every required attachment slot; slot → id.
    pub async fn required_attachments(&self, cookie: &str, letter_type: &str) -> Value {
        let mut out = serde_json::Map::new();
        let Some(info) = self.services.catalogue.get(letter_type) else { return Value::Object(out) };
        for a in info.attachments.iter().filter(|a| a.required) {
            let (name, bytes): (&str, &[u8]) =
                if a.accepts(domain::FileType::Pdf) { ("berkas.pdf", TINY_PDF) } else { ("foto.png", TINY_PNG) };
            let r = self.upload(cookie, name, bytes).await;
            assert_eq!(r.status, StatusCode::OK, "upload for {}: {}", a.name, r.text());
            out.insert(a.name.clone(), r.json()["id"].clone());
        }
        Value::Object(out)
    }

    /// Uploads one file as the multipart form the browser sends.
    pub async fn upload(&self, cookie: &str, name: &str, bytes: &[u8]) -> Reply {
        self.multipart(cookie, "lampiran", &[("file", Some(name), bytes)]).await
    }

    /// A plain form post (URL-encoded `body`) to a page, as a browser without JavaScript sends it.
    pub async fn post_form(&self, path: &str, cookie: Option<&str>, body: String) -> Reply {
        let mut req = Request::post(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.request(req.body(Body::from(body)).unwrap()).await
    }

    /// Posts a multipart form: (part name, file name for file parts, bytes).
    pub async fn multipart(&self, cookie: &str, endpoint: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Reply {
        self.multipart_to(cookie, &format!("/api/{endpoint}"), parts).await
    }

    /// Posts a multipart form to `path` (a page, as a browser without JavaScript does).
    pub async fn multipart_to(&self, cookie: &str, path: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Reply {
        let boundary = "----serambi-uji-7d1f";
        let mut body = Vec::new();
        for (part, file, bytes) in parts {
            let head = match file {
                Some(f) => format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"; filename=\"{f}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                ),
                None => format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"\r\n\r\n"),
            };
            body.extend_from_slice(head.as_bytes());
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::ACCEPT, "application/json")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap();
        self.request(req).await
    }

    /// A transition; `sign` goes through the signing endpoint with the demo passphrase and, like
    /// the other actions, answers with the request's detail (or the refusal).
    pub async fn act(&self, cookie: &str, id: &str, action: &str, note: &str) -> Reply {
        if action == "sign" {
            let r = self.sign(cookie, &[id], server::demo::DEMO_SIGNING_PASSPHRASE).await;
            if r.status != StatusCode::OK {
                return r;
            }
            let outcome = &r.json()[0];
            if !outcome["error"].is_null() {
                return Reply { status: StatusCode::CONFLICT, headers: r.headers, body: outcome.to_string().into() };
            }
            return self.detail(cookie, id).await;
        }
        self.call(Some(cookie), "tindakan", json!({ "input": { "request_id": id, "action": action, "note": note } }))
            .await
    }

    /// Signs requests in one signing session; the answer lists each one's outcome.
    pub async fn sign(&self, cookie: &str, ids: &[&str], passphrase: &str) -> Reply {
        self.call(Some(cookie), "tandatangani", json!({ "input": { "request_ids": ids, "passphrase": passphrase } }))
            .await
    }

    pub async fn detail(&self, cookie: &str, id: &str) -> Reply {
        self.call(Some(cookie), "permohonan", json!({ "id": id })).await
    }

    /// Submits Maria's Domisili request and has the Oebobo clerk verify it; returns its id.
    pub async fn verified_domisili(&self, purpose: &str) -> String {
        let warga = self.warga().await;
        let id = self.submit_domisili(&warga, purpose).await;
        let clerk = self.official("petugas.oebobo").await;
        assert_eq!(self.act(&clerk, &id, "verify", "").await.status, StatusCode::OK);
        id
    }

    /// Fills Maria's uploads of today up to `total` with rows (the daily cap's count); her id.
    pub async fn fill_marias_uploads(&self, total: i64) -> String {
        let pool = &self.services.db.pool;
        let maria: String =
            sqlx::query_scalar("SELECT id FROM users WHERE nik = '5371045505900001'").fetch_one(pool).await.unwrap();
        let used = self.count(&format!("SELECT COUNT(*) FROM attachments WHERE owner_user_id = '{maria}'")).await;
        let now = chrono::Utc::now().timestamp_millis();
        for i in used..total {
            sqlx::query(
                "INSERT INTO attachments (id, owner_user_id, file_type, original_name, size_bytes, sha256, file_key, \
                 created_at) VALUES ($1, $2, 'pdf', 'x.pdf', 1, '', 'x', $3)",
            )
            .bind(format!("isi-{i}"))
            .bind(&maria)
            .bind(now)
            .execute(pool)
            .await
            .unwrap();
        }
        maria
    }

    /// Moves a request's whole history `days` back in time (its deadline follows at the next
    /// `deadlines::refresh_all`).
    pub async fn backdate(&self, request_id: &str, days: i64) {
        sqlx::query("UPDATE request_events SET at = at - $1 WHERE request_id = $2")
            .bind(days * 86_400_000)
            .bind(request_id)
            .execute(&self.services.db.pool)
            .await
            .unwrap();
    }

    /// A request's reference code as the receipt shows it (SRB-XXXX-XX).
    pub async fn shown_reference(&self, request_id: &str) -> String {
        let code: String = sqlx::query_scalar("SELECT reference FROM requests WHERE id = $1")
            .bind(request_id)
            .fetch_one(&self.services.db.pool)
            .await
            .unwrap();
        format!("SRB-{}-{}", &code[..4], &code[4..])
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.services.db.pool).await.expect("count")
    }

    /// Every step of a history (and a letter's signature) is written with its request's
    /// `updated_at`: none is newer. The dashboards rely on it to skip unchanged requests.
    pub async fn assert_no_event_after_its_request(&self) {
        let events = self
            .count("SELECT COUNT(*) FROM request_events e JOIN requests r ON r.id = e.request_id WHERE e.at > r.updated_at")
            .await;
        let letters =
            self.count("SELECT COUNT(*) FROM letters l JOIN requests r ON r.id = l.request_id WHERE l.signed_at > r.updated_at").await;
        assert_eq!((events, letters), (0, 0), "events and letters newer than their request's last change");
    }
}

/// What Debian's `pdfsig` (poppler-utils) says about a PDF.
pub fn pdfsig(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("surat.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfsig")
        .arg(&path)
        .output()
        .expect("pdfsig (poppler-utils) is needed for this test");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}
