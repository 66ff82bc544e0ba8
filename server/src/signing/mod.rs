//! The signing port. A signer turns the rendered PDF into the signed PDF that is stored and
//! registered. Adapters: [`RegisterOnly`] (the letter is registered by its SHA-256 and verified
//! through the QR code, no embedded signature yet); a PAdES signer with the deployment's own CA
//! and a BSrE-style remote signer plug in here.

use async_trait::async_trait;

/// Who signs, as printed on the letter and named in a certificate.
#[derive(Debug, Clone)]
pub struct SignerIdentity {
    pub official_id: String,
    pub name: String,
    pub nip: String,
    pub position: String,
    pub office_code: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// Shown to the signer (e.g. a wrong passphrase), in Indonesian.
    #[error("{0}")]
    Refused(String),
    #[error("signing failed: {0}")]
    Failed(#[from] anyhow::Error),
}

#[async_trait]
pub trait Signer: Send + Sync + 'static {
    /// A short name for logs and the verification page.
    fn name(&self) -> &'static str;
    async fn sign(&self, pdf: Vec<u8>, who: &SignerIdentity) -> Result<Vec<u8>, SignError>;
}

/// Registers the letter without an embedded signature.
pub struct RegisterOnly;

#[async_trait]
impl Signer for RegisterOnly {
    fn name(&self) -> &'static str {
        "terdaftar"
    }
    async fn sign(&self, pdf: Vec<u8>, _who: &SignerIdentity) -> Result<Vec<u8>, SignError> {
        Ok(pdf)
    }
}
