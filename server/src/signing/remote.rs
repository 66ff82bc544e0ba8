//! A BSrE-style remote signer: `POST {url}/api/sign/pdf` with HTTP basic auth and a multipart
//! form (`file`, `nik`, `passphrase`, `tampilan`); the signed PDF comes back, or a JSON error
//! `{"error": "...", "status_code": N}` with an HTTP error status.

use super::{LetterToSign, Passphrase, SignError, SignedLetter, Signer, SignerIdentity, SigningSession};
use crate::config::Secret;
use async_trait::async_trait;
use reqwest::multipart::{Form, Part};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct BsreConfig {
    /// Base URL, without a trailing slash.
    pub url: String,
    pub user: String,
    pub password: Secret,
    /// A visible signature stamp (off: the letter already prints the signature block and QR).
    pub visible: bool,
    pub timeout: Duration,
}

pub struct Bsre {
    config: Arc<BsreConfig>,
    client: reqwest::Client,
}

impl Bsre {
    pub fn new(config: BsreConfig) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder().timeout(config.timeout).build()?;
        Ok(Bsre { config: Arc::new(config), client })
    }
}

struct Session {
    config: Arc<BsreConfig>,
    client: reqwest::Client,
    nik: String,
    passphrase: Passphrase,
}

#[async_trait]
impl Signer for Bsre {
    fn name(&self) -> &'static str {
        "bsre"
    }

    async fn open(&self, who: &SignerIdentity, passphrase: Passphrase) -> Result<Box<dyn SigningSession>, SignError> {
        if who.nik.trim().is_empty() {
            return Err(SignError::Refused(
                "NIK pejabat penanda tangan belum diisi; layanan TTE mengenali penanda tangan dari NIK. Hubungi admin."
                    .into(),
            ));
        }
        // The service checks the passphrase with the first letter.
        Ok(Box::new(Session {
            config: self.config.clone(),
            client: self.client.clone(),
            nik: who.nik.clone(),
            passphrase,
        }))
    }
}

/// The service's error body.
#[derive(Debug, Deserialize)]
struct Failure {
    #[serde(default)]
    error: String,
    #[serde(default)]
    status_code: Option<i64>,
}

/// BSrE's code for a wrong passphrase.
const WRONG_PASSPHRASE_CODE: i64 = 2031;

#[async_trait]
impl SigningSession for Session {
    async fn sign(&self, letter: LetterToSign) -> Result<SignedLetter, SignError> {
        let file = Part::bytes(letter.pdf)
            .file_name("surat.pdf")
            .mime_str("application/pdf")
            .map_err(|e| SignError::Failed(e.into()))?;
        let form = Form::new()
            .part("file", file)
            .text("nik", self.nik.clone())
            .text("passphrase", self.passphrase.to_string())
            .text("tampilan", if self.config.visible { "visible" } else { "invisible" })
            .text("image", "false");
        let response = self
            .client
            .post(format!("{}/api/sign/pdf", self.config.url))
            .basic_auth(&self.config.user, Some(&self.config.password.0))
            .multipart(form)
            .send()
            .await
            .map_err(|e| unreachable(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| unreachable(&e))?;
        if status.is_success() {
            return signed(body.to_vec());
        }
        Err(refusal(status, &body))
    }
}

fn unreachable(e: &reqwest::Error) -> SignError {
    // The URL may carry credentials in odd set-ups: log only the kind of failure.
    tracing::warn!(timeout = e.is_timeout(), connect = e.is_connect(), "signing service unreachable");
    SignError::Refused(
        "Layanan TTE tidak dapat dihubungi. Tidak ada surat yang ditandatangani; coba lagi nanti.".into(),
    )
}

fn signed(pdf: Vec<u8>) -> Result<SignedLetter, SignError> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(SignError::Failed(anyhow::anyhow!("the signing service answered 200 without a PDF")));
    }
    let inspection = tte::inspect(&pdf)
        .map_err(|e| SignError::Failed(anyhow::anyhow!("the signing service returned an unsigned PDF: {e}")))?;
    if !inspection.covers_whole_file || !inspection.digest_matches {
        return Err(SignError::Failed(anyhow::anyhow!(
            "the signing service returned a PDF whose signature does not cover it"
        )));
    }
    Ok(SignedLetter { pdf, kind: "bsre", certificate: inspection.signer })
}

fn refusal(status: reqwest::StatusCode, body: &[u8]) -> SignError {
    let failure: Option<Failure> = serde_json::from_slice(body).ok();
    let (message, code) = failure.map(|f| (f.error, f.status_code)).unwrap_or_default();
    tracing::warn!(status = status.as_u16(), code, "signing service refused");
    let lower = message.to_lowercase();
    if code == Some(WRONG_PASSPHRASE_CODE) || lower.contains("passphrase") {
        return SignError::WrongPassphrase;
    }
    if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
        return SignError::Refused("Layanan TTE menolak kredensial aplikasi Serambi. Hubungi admin.".into());
    }
    if lower.contains("nik") || lower.contains("user") {
        return SignError::Refused(format!(
            "NIK Anda belum terdaftar sebagai pengguna di layanan TTE ({}). Hubungi admin.",
            message.trim()
        ));
    }
    if status.is_server_error() {
        return SignError::Refused(
            "Layanan TTE sedang bermasalah. Tidak ada surat yang ditandatangani; coba lagi nanti.".into(),
        );
    }
    let detail = if message.trim().is_empty() { format!("HTTP {}", status.as_u16()) } else { message };
    SignError::Refused(format!("Layanan TTE menolak permintaan: {detail}"))
}
