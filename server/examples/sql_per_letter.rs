//! SQL statements per signed letter: signs a batch of 1 and a batch of 10 Domisili letters (and
//! one kecamatan letter, Ahli Waris) through the router and counts the statements sqlx runs
//! while each signing request is served (sqlx logs every statement at target `sqlx::query`).
//!
//! cargo run -p server --example sql_per_letter                      # SQLite (temp file)
//! cargo run -p server --example sql_per_letter -- postgres://postgres@127.0.0.1:5432/test
//!
//! The PostgreSQL form creates and drops its own database next to the one named.

use axum::body::{Body, to_bytes};
use http::{Request, header};
use serde_json::{Value, json};
use server::{Services, config::Config};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;
use tracing_subscriber::layer::{Context, SubscriberExt};

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

struct Count;

/// With `SQL_PER_LETTER_LIST=1` each statement's summary is printed as it runs.
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            self.0 = format!("{value:?}");
        }
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            self.0 = value.to_string();
        }
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Count {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
            if std::env::var_os("SQL_PER_LETTER_LIST").is_some() {
                let mut summary = Summary(String::new());
                event.record(&mut summary);
                println!("  sql: {}", summary.0);
            }
        }
    }
}

struct App {
    router: axum::Router,
}

impl App {
    async fn call(&self, cookie: Option<&str>, endpoint: &str, body: Value) -> (Value, Option<String>) {
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::HOST, "127.0.0.1:3000");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let res = self.router.clone().oneshot(req.body(Body::from(body.to_string())).unwrap()).await.unwrap();
        let status = res.status();
        let cookie =
            res.headers().get(header::SET_COOKIE).map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string());
        let body = to_bytes(res.into_body(), 1 << 24).await.unwrap();
        let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        assert!(status.is_success(), "{endpoint}: {status} {value}");
        (value, cookie)
    }

    async fn login(&self, login: &str, password: &str) -> String {
        self.call(None, "masuk", json!({ "input": { "login": login, "password": password } })).await.1.unwrap()
    }

    /// A small PDF for every required attachment slot; slot → upload id.
    async fn attachments(&self, cookie: &str, services: &Services, letter_type: &str) -> Value {
        const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
        let mut out = serde_json::Map::new();
        let required = services.catalogue.get(letter_type).map(|m| m.attachments.clone()).unwrap_or_default();
        for a in required.iter().filter(|a| a.required) {
            let boundary = "----serambi-sql-1";
            let mut body = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"berkas.pdf\"\r\n\
                 Content-Type: application/pdf\r\n\r\n"
            )
            .into_bytes();
            body.extend_from_slice(PDF);
            body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
            let req = Request::post("/api/lampiran")
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
                .header(header::ACCEPT, "application/json")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::COOKIE, cookie)
                .body(Body::from(body))
                .unwrap();
            let res = self.router.clone().oneshot(req).await.unwrap();
            let body: Value = serde_json::from_slice(&to_bytes(res.into_body(), 1 << 20).await.unwrap()).unwrap();
            out.insert(a.name.clone(), body["id"].clone());
        }
        Value::Object(out)
    }

    async fn submit(&self, cookie: &str, services: &Services, letter_type: &str, fields: Value) -> String {
        let attachments = self.attachments(cookie, services, letter_type).await;
        let input = json!({ "input": { "letter_type": letter_type, "fields": fields, "attachments": attachments } });
        self.call(Some(cookie), "ajukan", input).await.0.as_str().unwrap().to_string()
    }

    async fn act(&self, cookie: &str, id: &str, action: &str) {
        let input = json!({ "input": { "request_id": id, "action": action, "note": "" } });
        self.call(Some(cookie), "tindakan", input).await;
    }

    /// Signs `ids` in one batch; returns the statements run while serving it.
    async fn sign(&self, cookie: &str, ids: &[String]) -> usize {
        let before = STATEMENTS.load(Ordering::SeqCst);
        let input = json!({ "input": { "request_ids": ids, "passphrase": server::demo::DEMO_SIGNING_PASSPHRASE } });
        let (outcomes, _) = self.call(Some(cookie), "tandatangani", input).await;
        assert!(outcomes.as_array().unwrap().iter().all(|o| o["number"].is_string()), "{outcomes}");
        STATEMENTS.load(Ordering::SeqCst) - before
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let subscriber = tracing_subscriber::registry().with(Count);
    tracing::subscriber::set_global_default(subscriber)?;
    let dir = tempfile::tempdir()?;
    let (url, drop_after) = match std::env::args().nth(1) {
        Some(base) => {
            let name = format!("serambi_sql_{}", uuid::Uuid::new_v4().simple());
            sqlx::any::install_default_drivers();
            let admin = sqlx::AnyPool::connect(&base).await?;
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await?;
            let (server, _) = base.rsplit_once('/').expect("URL ends with /DATABASE");
            (format!("{server}/{name}"), Some((admin, name)))
        }
        None => (format!("sqlite://{}?mode=rwc", dir.path().join("serambi.db").display()), None),
    };
    let engine = if drop_after.is_some() { "PostgreSQL" } else { "SQLite" };
    {
        let services: Arc<Services> = Services::start(Config::for_tests(&url, dir.path())).await?;
        server::demo::load(&services.db, 60).await?;
        let app = App { router: server::router(services.clone()) };
        let warga = app.login("5371045505900001", server::demo::RESIDENT_PASSWORD).await;
        let clerk = app.login("petugas.oebobo", server::demo::OFFICIAL_PASSWORD).await;
        let lurah = app.login("lurah.oebobo", server::demo::OFFICIAL_PASSWORD).await;
        let mut ids = Vec::new();
        for i in 0..11 {
            let id = app.submit(&warga, &services, "domisili", json!({ "keperluan": format!("Keperluan {i}") })).await;
            app.act(&clerk, &id, "verify").await;
            ids.push(id);
        }
        if std::env::var_os("SQL_PER_LETTER_LIST").is_some() {
            println!("-- signing one letter:");
        }
        let one = app.sign(&lurah, &ids[..1]).await;
        if std::env::var_os("SQL_PER_LETTER_LIST").is_some() {
            println!("-- signing ten letters:");
        }
        let ten = app.sign(&lurah, &ids[1..]).await;
        println!("{engine}: batch of 1 letter: {one} statements; batch of 10: {ten} statements");
        println!("{engine}: per additional letter: {:.1} statements", (ten - one) as f64 / 9.0);
        drop(services);
    }
    if let Some((admin, name)) = drop_after {
        sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&admin).await?;
    }
    Ok(())
}
