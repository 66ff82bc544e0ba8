//! Signing: signing sessions, numbering, rendering and registering letters (`service`, with the
//! letter's data built in `letter`), and the signer port.
//!
//! Path of a signature: `app/src/signing/form.rs` → `app::signing::sign_letters` (server fn) →
//! `port` → [`service::sign_batch`] → `db::requests`, `db::counters`, `db::letters` (and the
//! [`Signer`] adapter, the renderer and the file store, which are not the database).
//!
//! The signer port. A signing session is opened once per batch with the passphrase the official
//! types, signs each rendered letter, and is dropped at the end of the batch. Adapters:
//! [`LocalCa`] (PAdES with the deployment's own certificate authority; the key is decrypted once
//! per session and wiped when it ends) and [`Bsre`] (a BSrE-style remote signing service).

use async_trait::async_trait;
use chrono::{DateTime, FixedOffset};

pub mod authority;
pub mod enrolment;
pub mod forms;
mod letter;
mod local;
pub mod numbering;
pub mod one;
mod port;
mod remote;
pub mod service;

pub use letter::kop_lines;
pub use local::LocalCa;
pub use remote::{Bsre, BsreConfig};
pub use service::{MAX_BATCH, sign_batch};

/// A passphrase as typed; wiped from memory when dropped, never stored or logged.
pub type Passphrase = zeroize::Zeroizing<String>;

/// Who signs, as printed on the letter and named in the certificate.
#[derive(Debug, Clone)]
pub struct SignerIdentity {
    pub official_id: String,
    pub name: String,
    pub nip: String,
    /// Needed by BSrE, which identifies signers by NIK; may be empty for the built-in CA.
    pub nik: String,
    pub position: String,
    pub office_code: String,
}

/// A rendered letter to sign.
pub struct LetterToSign {
    pub pdf: Vec<u8>,
    pub time: DateTime<FixedOffset>,
    /// The letter number (the signature's "reason").
    pub number: String,
    /// Where it is signed, e.g. "Kupang".
    pub place: String,
}

/// The signed PDF and what its signature says.
pub struct SignedLetter {
    pub pdf: Vec<u8>,
    /// `pades` (built-in CA) or `bsre`.
    pub kind: &'static str,
    pub certificate: Option<tte::CertificateInfo>,
}

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The passphrase does not open the signer's key (or the service says so). Nothing was signed.
    #[error("Passphrase salah. Tidak ada surat yang ditandatangani.")]
    WrongPassphrase,
    /// Nothing was signed; the message (Indonesian) is for the signer: no certificate, the
    /// signing service unreachable.
    #[error("{0}")]
    Refused(String),
    #[error("signing failed: {0}")]
    Failed(#[from] anyhow::Error),
}

#[async_trait]
pub trait Signer: Send + Sync + 'static {
    /// A short name for logs.
    fn name(&self) -> &'static str;
    /// Checks the signer's certificate and passphrase and starts a session.
    async fn open(&self, who: &SignerIdentity, passphrase: Passphrase) -> Result<Box<dyn SigningSession>, SignError>;
}

#[async_trait]
pub trait SigningSession: Send + Sync {
    async fn sign(&self, letter: LetterToSign) -> Result<SignedLetter, SignError>;
}
