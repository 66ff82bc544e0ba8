//! Typed configuration: every key is a command-line flag and an environment variable, and the
//! defaults run on a laptop with no setup.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Database: `sqlite://FILE?mode=rwc` (embedded default) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/serambi.db?mode=rwc")]
    pub database_url: String,
    /// Largest number of database connections per app node.
    #[arg(long, env = "SERAMBI_DB_MAX_CONNECTIONS", default_value_t = 8)]
    pub db_max_connections: u32,
    /// `produksi` for a real deployment (also implied by an https public URL): the server then
    /// refuses to start while demo passwords, the demo CA or demo residents remain, and
    /// `serambi demo` refuses to run. Empty: a trial or development set-up.
    #[arg(long, env = "SERAMBI_MODE", default_value = "", value_parser = ["", "produksi", "uji"])]
    pub mode: String,
    /// Address to listen on.
    #[arg(long, env = "SERAMBI_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// The address people use to reach Serambi; printed in QR codes. Use https in production.
    #[arg(long, env = "SERAMBI_PUBLIC_URL", default_value = "http://127.0.0.1:3000")]
    pub public_url: String,
    /// Folder of letter templates.
    #[arg(long, env = "SERAMBI_TEMPLATES", default_value = "letter-templates")]
    pub templates: PathBuf,
    /// Where signed letters and attachments are stored: a folder (the default) or
    /// `s3://BUCKET/PREFIX` for S3-compatible storage (see the SERAMBI_S3_* keys).
    #[arg(long, env = "SERAMBI_FILES", default_value = "data/files")]
    pub files: PathBuf,
    /// S3 endpoint of a service other than AWS (MinIO, Garage, Ceph…), e.g.
    /// `https://s3.example.go.id`; empty: AWS itself. Requests use path-style addressing.
    #[arg(long, env = "SERAMBI_S3_ENDPOINT", default_value = "")]
    pub s3_endpoint: String,
    /// S3 region.
    #[arg(long, env = "SERAMBI_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,
    /// S3 access key id.
    #[arg(long, env = "SERAMBI_S3_ACCESS_KEY", default_value = "")]
    pub s3_access_key: String,
    /// S3 secret access key.
    #[arg(long, env = "SERAMBI_S3_SECRET_KEY", default_value = "", hide_env_values = true, hide_default_value = true)]
    pub s3_secret_key: Secret,
    /// Allow an `http://` S3 endpoint (an S3 server on the same machine or private network).
    #[arg(long, env = "SERAMBI_S3_ALLOW_HTTP", default_value_t = false)]
    pub s3_allow_http: bool,
    /// Local folder for temporary files (population uploads while they are imported), also
    /// when files are on S3.
    #[arg(long, env = "SERAMBI_TMP", default_value = "data/tmp")]
    pub tmp: PathBuf,
    /// Hours between sweeps of orphaned files (written for a letter or upload whose
    /// transaction never committed, older than an hour); 0 turns the sweep off.
    #[arg(long, env = "SERAMBI_RAPIKAN_JAM", default_value_t = 6)]
    pub sweep_hours: u64,
    /// Folder with the built browser assets (`pkg/serambi.js`, `.wasm`, `.css`).
    #[arg(long, env = "SERAMBI_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Time zone of the deployment: WIB, WITA or WIT.
    #[arg(long, env = "SERAMBI_ZONA_WAKTU", default_value = "WITA", value_parser = ["WIB", "WITA", "WIT"])]
    pub zona_waktu: String,
    /// Session lifetime in hours.
    #[arg(long, env = "SERAMBI_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: i64,
    /// Largest attachment upload, in KB (PDF, JPEG or PNG).
    #[arg(long, env = "SERAMBI_MAX_UPLOAD_KB", default_value_t = 5120)]
    pub max_upload_kb: u64,
    /// Most uploads one account may make in 24 hours.
    #[arg(long, env = "SERAMBI_MAX_UPLOADS_PER_DAY", default_value_t = 60)]
    pub max_uploads_per_day: i64,
    /// Behind a reverse proxy: take the client's address from the last `X-Forwarded-For` entry
    /// (for the limits on registration and login attempts). Only set it when a proxy adds it.
    #[arg(long, env = "SERAMBI_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// Largest population file accepted by the admin page's upload, in MB.
    #[arg(long, env = "SERAMBI_MAX_IMPORT_MB", default_value_t = 1024)]
    pub max_import_mb: u64,
    /// Electronic signatures: `lokal` (PAdES with Serambi's own CA) or `bsre` (a BSrE-style
    /// remote signing service, configured below).
    #[arg(long, env = "SERAMBI_TTE", default_value = "lokal", value_parser = ["lokal", "bsre"])]
    pub tte: String,
    /// Base URL of the BSrE-style service (it receives `POST {url}/api/sign/pdf`).
    #[arg(long, env = "SERAMBI_BSRE_URL", default_value = "")]
    pub bsre_url: String,
    /// The application's user name at the signing service (HTTP basic auth).
    #[arg(long, env = "SERAMBI_BSRE_USER", default_value = "")]
    pub bsre_user: String,
    /// The application's password at the signing service.
    #[arg(long, env = "SERAMBI_BSRE_PASSWORD", default_value = "", hide_env_values = true, hide_default_value = true)]
    pub bsre_password: Secret,
    /// `invisible` (the letter already carries the signature block and QR code) or `visible`.
    #[arg(long, env = "SERAMBI_BSRE_TAMPILAN", default_value = "invisible", value_parser = ["invisible", "visible"])]
    pub bsre_tampilan: String,
    /// Seconds to wait for the signing service per letter.
    #[arg(long, env = "SERAMBI_BSRE_TIMEOUT_S", default_value_t = 30)]
    pub bsre_timeout_s: u64,
    /// Bearer token for `/metrics` on the main address; empty: `/metrics` is not served there.
    #[arg(long, env = "SERAMBI_METRICS_TOKEN", default_value = "", hide_env_values = true, hide_default_value = true)]
    pub metrics_token: Secret,
    /// A separate address serving only `/metrics` without a token (e.g. 127.0.0.1:9464), for a
    /// monitoring network.
    /// Empty: none.
    #[arg(long, env = "SERAMBI_METRICS_LISTEN", default_value = "")]
    pub metrics_listen: String,
    /// Notifications by e-mail: the SMTP server, `smtp://HOST:PORT` (plain, e.g. a local relay),
    /// `smtp://USER:PASSWORD@HOST:587?tls=required` (STARTTLS) or `smtps://…:465` (TLS).
    /// Empty: no e-mail (messages stay in the outbox as undeliverable).
    #[arg(long, env = "SERAMBI_SMTP_URL", default_value = "", hide_env_values = true, hide_default_value = true)]
    pub smtp_url: Secret,
    /// The sender of notification e-mail, e.g. `Serambi Kota Kupang <noreply@kupangkota.go.id>`.
    #[arg(long, env = "SERAMBI_SMTP_FROM", default_value = "Serambi <noreply@serambi.invalid>")]
    pub smtp_from: String,
    /// Notifications by WhatsApp/SMS: the gateway's URL (each message is a JSON POST there).
    /// Empty: no WhatsApp/SMS.
    #[arg(long, env = "SERAMBI_WA_URL", default_value = "")]
    pub wa_url: String,
    /// The gateway's bearer token.
    #[arg(long, env = "SERAMBI_WA_TOKEN", default_value = "", hide_env_values = true, hide_default_value = true)]
    pub wa_token: Secret,
    /// The JSON body sent to the gateway; `{{to}}` (62812…) and `{{text}}` are filled in.
    #[arg(long, env = "SERAMBI_WA_TEMPLATE", default_value = crate::notifications::gateway::DEFAULT_TEMPLATE)]
    pub wa_template: String,
    /// Staff hear about new requests in their queue at most once per this many minutes.
    #[arg(long, env = "SERAMBI_NOTIF_RINGKASAN_MENIT", default_value_t = 30)]
    pub notif_digest_minutes: u64,
    /// The local hour (0–23) at which lurah and camat get the day's "waiting for signature" digest.
    #[arg(long, env = "SERAMBI_NOTIF_HARIAN_JAM", default_value_t = 7)]
    pub notif_daily_hour: u32,
    /// Attempts per message before it is failed for good.
    #[arg(long, env = "SERAMBI_NOTIF_COBA_MAKS", default_value_t = 10)]
    pub notif_max_attempts: u32,
    /// Seconds before the first retry; doubled after every failed attempt (at most 6 hours).
    #[arg(long, env = "SERAMBI_NOTIF_JEDA_S", default_value_t = 30)]
    pub notif_backoff_s: u64,
    /// How often (ms) each node looks for messages to send when idle.
    #[arg(long, env = "SERAMBI_NOTIF_POLL_MS", default_value_t = 1000)]
    pub notif_poll_ms: u64,
    /// Log lines as `teks` (default) or `json` (one object per line, for log collectors).
    #[arg(long, env = "SERAMBI_LOG_FORMAT", default_value = "teks", value_parser = ["teks", "json"])]
    pub log_format: String,
}

/// A secret from the configuration: never printed by `{:?}`.
#[derive(Clone, Default)]
pub struct Secret(pub String);

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_string()))
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "***" })
    }
}

impl Config {
    /// Config for tests: everything in the given folder.
    pub fn for_tests(database_url: &str, dir: &std::path::Path) -> Config {
        Config {
            database_url: database_url.to_string(),
            db_max_connections: 8,
            mode: String::new(),
            listen: "127.0.0.1:0".parse().expect("valid address"),
            public_url: "http://127.0.0.1:3000".into(),
            templates: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../letter-templates"),
            files: dir.join("files"),
            s3_endpoint: String::new(),
            s3_region: "us-east-1".into(),
            s3_access_key: String::new(),
            s3_secret_key: Secret::default(),
            s3_allow_http: false,
            tmp: dir.join("tmp"),
            sweep_hours: 0,
            site_root: dir.join("site"),
            zona_waktu: "WITA".into(),
            session_hours: 12,
            max_upload_kb: 5120,
            // The numbering tests submit 50 requests with their attachments.
            max_uploads_per_day: 150,
            trust_proxy: false,
            max_import_mb: 1024,
            tte: "lokal".into(),
            bsre_url: String::new(),
            bsre_user: String::new(),
            bsre_password: Secret::default(),
            bsre_tampilan: "invisible".into(),
            bsre_timeout_s: 30,
            metrics_token: Secret::default(),
            metrics_listen: String::new(),
            log_format: "teks".into(),
            smtp_url: Secret::default(),
            smtp_from: "Serambi <noreply@serambi.invalid>".into(),
            wa_url: String::new(),
            wa_token: Secret::default(),
            wa_template: crate::notifications::gateway::DEFAULT_TEMPLATE.into(),
            notif_digest_minutes: 30,
            notif_daily_hour: 7,
            notif_max_attempts: 10,
            notif_backoff_s: 1,
            notif_poll_ms: 100,
        }
    }

    /// The remote signer's settings; an error names what is missing.
    pub fn bsre(&self) -> anyhow::Result<crate::signing::BsreConfig> {
        if !(self.bsre_url.starts_with("http://") || self.bsre_url.starts_with("https://")) {
            anyhow::bail!("SERAMBI_TTE=bsre memerlukan SERAMBI_BSRE_URL (http:// atau https://)");
        }
        if self.bsre_user.is_empty() || self.bsre_password.0.is_empty() {
            anyhow::bail!("SERAMBI_TTE=bsre memerlukan SERAMBI_BSRE_USER dan SERAMBI_BSRE_PASSWORD");
        }
        Ok(crate::signing::BsreConfig {
            url: self.bsre_url.trim_end_matches('/').to_string(),
            user: self.bsre_user.clone(),
            password: self.bsre_password.clone(),
            visible: self.bsre_tampilan == "visible",
            timeout: std::time::Duration::from_secs(self.bsre_timeout_s.max(1)),
        })
    }

    /// The notification channels configured here; a bad setting stops the start.
    pub fn channels(&self) -> anyhow::Result<crate::notifications::Channels> {
        use crate::notifications::{Email, Gateway};
        let mut channels = crate::notifications::Channels::default();
        if !self.smtp_url.0.trim().is_empty() {
            channels.email = Some(std::sync::Arc::new(Email::new(self.smtp_url.0.trim(), &self.smtp_from)?));
        }
        if !self.wa_url.trim().is_empty() {
            let gateway = Gateway::new(self.wa_url.trim(), self.wa_token.clone(), &self.wa_template)?;
            channels.wa = Some(std::sync::Arc::new(gateway));
        }
        if self.notif_daily_hour > 23 {
            anyhow::bail!("SERAMBI_NOTIF_HARIAN_JAM harus 0 sampai 23");
        }
        Ok(channels)
    }

    /// Production mode: `SERAMBI_MODE=produksi`, or a public https address (unless the mode
    /// says `uji`, a trial behind https).
    pub fn production(&self) -> bool {
        self.mode == "produksi" || (self.mode.is_empty() && self.public_url.starts_with("https://"))
    }

    pub fn utc_offset_hours(&self) -> i32 {
        match self.zona_waktu.as_str() {
            "WIB" => 7,
            "WIT" => 9,
            _ => 8,
        }
    }

    pub fn max_upload_bytes(&self) -> u64 {
        self.max_upload_kb * 1024
    }

    /// Cookies get `Secure` when people reach Serambi over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
