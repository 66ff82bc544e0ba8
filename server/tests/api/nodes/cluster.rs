//! Two `serambi serve` processes on one fresh PostgreSQL database and one files store (S3 when
//! `SERAMBI_TEST_S3` is set, with the S3 tests' settings; else one shared folder), driven over
//! HTTP. Each node has its own temporary folder (`SERAMBI_TMP`).

use reqwest::StatusCode;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// The shared database and files store, and the folder that holds what is local.
pub struct Cluster {
    pub database_url: String,
    files: String,
    pub dir: tempfile::TempDir,
}

impl Cluster {
    /// A fresh database named like the other tests' (`serambi_t_{unix}_{uuid}`), with the demo
    /// loaded once; None (loudly) when PostgreSQL is not reachable outside CI.
    pub async fn new(residents: usize) -> Option<Cluster> {
        let (database_url, dir) = crate::support::TestApp::postgres_url().await?;
        Some(Cluster::on(database_url, dir, residents).await)
    }

    /// One node at a time on an SQLite file (SQLite serves one node; a node after a killed one
    /// is still one at a time).
    pub async fn sqlite(residents: usize) -> Cluster {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("serambi.db").display());
        Cluster::on(url, dir, residents).await
    }

    async fn on(database_url: String, dir: tempfile::TempDir, residents: usize) -> Cluster {
        let files = match s3_endpoint() {
            Some(endpoint) => {
                // scripts/test made the bucket; make it here too for a server started by hand.
                let _ = reqwest::Client::new().put(format!("{endpoint}/{S3_BUCKET}")).send().await;
                format!("s3://{S3_BUCKET}/nodes-{}", uuid::Uuid::new_v4().simple())
            }
            None => dir.path().join("files").to_string_lossy().into_owned(),
        };
        let cluster = Cluster { database_url, files, dir };
        let started = std::time::Instant::now();
        let out = cluster.command().args(["demo", "--penduduk", &residents.to_string()]).output().unwrap();
        assert!(out.status.success(), "serambi demo: {}", String::from_utf8_lossy(&out.stderr));
        eprintln!("serambi demo --penduduk {residents}: {:.1} s", started.elapsed().as_secs_f64());
        cluster
    }

    /// `serambi` with this cluster's settings (and nothing from the caller's environment that
    /// could change them).
    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_serambi"));
        let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../letter-templates");
        // Nothing relative lands in the source tree.
        cmd.current_dir(self.dir.path())
            .env("DATABASE_URL", &self.database_url)
            .env("SERAMBI_FILES", &self.files)
            .env("SERAMBI_TEMPLATES", templates)
            .env("SERAMBI_SITE_ROOT", self.dir.path().join("site"))
            .env("SERAMBI_MODE", "uji")
            .env("SERAMBI_PUBLIC_URL", "http://127.0.0.1:3000")
            .env("SERAMBI_TTE", "lokal")
            // One resident submits all the requests of this test, each with its attachments.
            .env("SERAMBI_MAX_UPLOADS_PER_DAY", "1000")
            .env("RUST_LOG", "info,sqlx=warn")
            .env("NO_COLOR", "1");
        if let Some(endpoint) = s3_endpoint() {
            // The settings of the S3 tests (storage.rs) for the server scripts/test starts.
            cmd.env("SERAMBI_S3_ENDPOINT", endpoint)
                .env("SERAMBI_S3_ACCESS_KEY", "uji")
                .env("SERAMBI_S3_SECRET_KEY", "uji-rahasia")
                .env("SERAMBI_S3_ALLOW_HTTP", "true");
        }
        cmd
    }

    /// Starts a node on a port of its own and waits until it answers.
    pub async fn node(&self, name: &'static str) -> Node {
        self.node_with(name, &[]).await
    }

    /// A node with extra settings (e.g. the notification channels).
    pub async fn node_with(&self, name: &'static str, env: &[(&str, String)]) -> Node {
        let mut command = self.command();
        command.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
        let mut child = command
            .arg("serve")
            .env("SERAMBI_LISTEN", "127.0.0.1:0")
            // Uploads wait here before the import: each node has its own disk.
            .env("SERAMBI_TMP", self.dir.path().join(format!("tmp-{name}")))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serambi serve starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (found, address) = mpsc::channel();
        collect(child.stdout.take().unwrap(), log.clone(), Some(found));
        collect(child.stderr.take().unwrap(), log.clone(), None);
        let base = match address.recv_timeout(Duration::from_secs(60)) {
            Ok(base) => base,
            Err(_) => panic!("node {name} did not start:\n{}", log.lock().unwrap()),
        };
        let id = log.lock().unwrap().lines().find_map(node_id).expect("the node logs its id");
        let node = Node { name, child, base, id, log, http: reqwest::Client::new() };
        let health = node.http.get(node.url("/kesehatan")).send().await.expect("health");
        assert_eq!(health.status(), StatusCode::OK);
        node
    }
}

/// The bucket scripts/test creates on the S3 server it starts.
const S3_BUCKET: &str = "serambi-uji";

/// The test S3 server (`SERAMBI_TEST_S3`, exported by scripts/test), if any.
fn s3_endpoint() -> Option<String> {
    std::env::var("SERAMBI_TEST_S3").ok().filter(|e| !e.is_empty())
}

/// Copies a child's output into `log`; the first "listening on" line's address goes to `found`.
fn collect(out: impl Read + Send + 'static, log: Arc<Mutex<String>>, found: Option<mpsc::Sender<String>>) {
    std::thread::spawn(move || {
        let mut found = found;
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(address) = line.split("Serambi listening on ").nth(1)
                && let Some(tx) = found.take()
            {
                let _ = tx.send(address.trim().to_string());
            }
            let mut log = log.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
}

fn node_id(line: &str) -> Option<String> {
    let rest = line.split("node=").nth(1)?;
    Some(rest.split_whitespace().next()?.trim_matches('"').to_string())
}

/// One running `serambi serve`; stopped when dropped.
pub struct Node {
    pub name: &'static str,
    child: Child,
    base: String,
    pub id: String,
    log: Arc<Mutex<String>>,
    http: reqwest::Client,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("---- log of node {} ----\n{}", self.name, self.log.lock().unwrap());
        }
    }
}

/// A reply: status and body.
pub struct Reply {
    pub status: StatusCode,
    pub cookie: Option<String>,
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

impl Node {
    /// Where it listens (`http://127.0.0.1:PORT`).
    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn send(&self, req: reqwest::RequestBuilder, cookie: Option<&str>) -> Reply {
        let req = match cookie {
            Some(c) => req.header(reqwest::header::COOKIE, c),
            None => req,
        };
        let res = req.header(reqwest::header::ACCEPT, "application/json").send().await.expect("node answers");
        let status = res.status();
        let cookie = res
            .headers()
            .get(reqwest::header::SET_COOKIE)
            .and_then(|c| c.to_str().ok())
            .map(|c| c.split(';').next().unwrap_or("").to_string());
        Reply { status, cookie, body: res.bytes().await.expect("body") }
    }

    /// A server function: `POST /api/<endpoint>` with a JSON body.
    pub async fn call(&self, cookie: Option<&str>, endpoint: &str, body: Value) -> Reply {
        let req = self.http.post(self.url(&format!("/api/{endpoint}"))).json(&body);
        self.send(req, cookie).await
    }

    pub async fn get(&self, cookie: Option<&str>, path: &str) -> Reply {
        self.send(self.http.get(self.url(path)), cookie).await
    }

    /// A multipart upload of one file in part `file`.
    pub async fn upload(&self, cookie: &str, endpoint: &str, name: &str, bytes: Vec<u8>) -> Reply {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
        let form = reqwest::multipart::Form::new().part("file", part);
        self.send(self.http.post(self.url(&format!("/api/{endpoint}"))).multipart(form), Some(cookie)).await
    }

    /// Logs in; the session cookie.
    pub async fn login(&self, login: &str, password: &str) -> String {
        let r =
            self.call(None, "masuk", serde_json::json!({ "input": { "login": login, "password": password } })).await;
        assert_eq!(r.status, StatusCode::OK, "login {login} on {}: {}", self.name, r.text());
        r.cookie.expect("a session cookie")
    }
}
