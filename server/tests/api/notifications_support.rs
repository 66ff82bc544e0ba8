//! Helpers of the notification tests: a fake WhatsApp/SMS gateway run by the test itself, the
//! real SMTP server scripts/test starts (aiosmtpd, its Maildir), and contacts set up directly.

use crate::support::TestApp;
use serde_json::Value;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

pub const MARIA: &str = "5371045505900001";

/// What the fake gateway received: the Authorization header and the JSON body of each request.
pub type Received = Arc<Mutex<Vec<(Option<String>, Value)>>>;

/// A gateway on a loopback port that records every body and bearer token it receives and answers
/// with `status` (200 unless changed).
#[derive(Clone)]
pub struct FakeGateway {
    pub url: String,
    pub received: Received,
    pub status: Arc<AtomicU16>,
}

impl FakeGateway {
    pub async fn start() -> FakeGateway {
        let received: Received = Default::default();
        let status = Arc::new(AtomicU16::new(200));
        let (r, st) = (received.clone(), status.clone());
        let handler = move |headers: http::HeaderMap, body: String| {
            let (r, st) = (r.clone(), st.clone());
            async move {
                let auth = headers.get(http::header::AUTHORIZATION).map(|v| v.to_str().unwrap().to_string());
                let json: Value = serde_json::from_str(&body).unwrap_or(Value::String(body));
                r.lock().unwrap().push((auth, json));
                http::StatusCode::from_u16(st.load(Ordering::SeqCst)).unwrap()
            }
        };
        let router = axum::Router::new().route("/kirim", axum::routing::post(handler));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/kirim", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        FakeGateway { url, received, status }
    }

    /// The texts sent to `to`, in order.
    pub fn texts_to(&self, to: &str) -> Vec<String> {
        let got = self.received.lock().unwrap();
        got.iter().filter(|(_, b)| b["to"] == to).map(|(_, b)| b["text"].as_str().unwrap_or("").to_string()).collect()
    }

    pub fn all_texts(&self) -> Vec<String> {
        self.received.lock().unwrap().iter().map(|(_, b)| b.to_string()).collect()
    }
}

/// Delivers everything due now, as a node's worker would.
pub async fn deliver(app: &TestApp) {
    for _ in 0..20 {
        if server::notifications::worker::round(&app.services).await.expect("delivery round") == 0 {
            return;
        }
    }
}

pub async fn user_id(app: &TestApp, login: &str) -> String {
    sqlx::query_scalar("SELECT id FROM users WHERE nik = $1 OR username = $1")
        .bind(login)
        .fetch_one(&app.services.db.pool)
        .await
        .expect("user")
}

/// Gives `login` a verified contact on `channel` (messages on), as if they had typed the code.
pub async fn verified_contact(app: &TestApp, login: &str, channel: &str, address: &str) {
    let id = user_id(app, login).await;
    let pool = &app.services.db.pool;
    sqlx::query("INSERT INTO contacts (user_id, channel, address, verified_at, updated_at) VALUES ($1, $2, $3, 1, 1)")
        .bind(&id)
        .bind(channel)
        .bind(address)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO notification_settings (user_id, channel, enabled, updated_at) VALUES ($1, $2, 1, 1)")
        .bind(&id)
        .bind(channel)
        .execute(pool)
        .await
        .unwrap();
}

/// The real SMTP server of scripts/test (aiosmtpd): its address and Maildir. Mandatory in CI;
/// skipped loudly elsewhere without it.
pub struct TestSmtp {
    pub address: String,
    pub maildir: std::path::PathBuf,
}

impl TestSmtp {
    pub fn get() -> Option<TestSmtp> {
        let (Ok(address), Ok(maildir)) =
            (std::env::var("SERAMBI_TEST_SMTP"), std::env::var("SERAMBI_TEST_SMTP_MAILDIR"))
        else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("SMTP is mandatory in CI but SERAMBI_TEST_SMTP is not set (scripts/test starts aiosmtpd)");
            }
            eprintln!(
                "\n!!!!! SERAMBI_TEST_SMTP is not set: SKIPPING the e-mail test (scripts/test starts aiosmtpd) !!!!!\n"
            );
            return None;
        };
        Some(TestSmtp { address, maildir: maildir.into() })
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.address)
    }

    /// The messages the server received for `to` (the raw text of each).
    pub fn mail_to(&self, to: &str) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(dir) = std::fs::read_dir(self.maildir.join(sub)) else { continue };
            for f in dir.flatten() {
                let text = std::fs::read_to_string(f.path()).unwrap_or_default();
                if text.lines().any(|l| l == format!("X-RcptTo: {to}")) {
                    out.push(text);
                }
            }
        }
        out
    }

    /// Waits up to `secs` for `n` messages to `to`.
    pub async fn wait_for(&self, to: &str, n: usize, secs: u64) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let got = self.mail_to(to);
            if got.len() >= n || std::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

/// The body of a raw e-mail, with quoted-printable soft breaks undone (lettre may encode).
pub fn mail_body(raw: &str) -> String {
    let body = raw.split_once("\n\n").map_or(raw, |(_, b)| b);
    body.replace("=\n", "").replace("=3D", "=")
}

/// A fresh address nobody else in this test run uses.
pub fn fresh_email() -> String {
    format!("warga-{}@contoh.id", uuid::Uuid::new_v4().simple())
}
