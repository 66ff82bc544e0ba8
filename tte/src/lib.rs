//! Tanda tangan elektronik (TTE): the deployment's own certificate authority, the signing
//! officials' certificates and passphrase-encrypted keys, PAdES signatures on letters, and
//! reading a signed PDF back for verification.
//!
//! Keys are ECDSA P-256. Private keys are kept only as encrypted PKCS#8 (PBES2: scrypt and
//! AES-256-CBC); a [`Credential`] is the unlocked key for one signing session and is wiped from
//! memory when dropped.

mod authority;
mod cms;
mod inspect;
mod name;
mod pdf;
mod pdf_syntax;

pub use authority::{Authority, Credential, Holder, KeyRequest, Protection, SealedAuthority, SealedCredential};
pub use inspect::{Inspection, inspect};
pub use pdf::PdfError;

use chrono::{DateTime, FixedOffset, Utc};

/// The smallest passphrase accepted when a key is sealed.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The passphrase does not open the key. Nothing was signed.
    #[error("passphrase salah")]
    WrongPassphrase,
    #[error("passphrase terlalu pendek (minimal {MIN_PASSPHRASE_CHARS} karakter)")]
    WeakPassphrase,
    #[error("sertifikat tidak berlaku pada waktu penandatanganan")]
    CertificateNotValid,
    #[error("data kunci atau sertifikat rusak: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

impl From<der::Error> for Error {
    fn from(error: der::Error) -> Self {
        Error::Corrupt(error.to_string())
    }
}

/// What a certificate says about its holder, as shown on the verification page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// RFC 4514-style subject, e.g. `CN=Maria Tefa,SERIALNUMBER=1978…,T=Lurah,OU=…`.
    pub subject: String,
    /// The holder's common name.
    pub common_name: String,
    /// The organisation (O), e.g. "Pemerintah Kota Kupang".
    pub organisation: String,
    /// Serial number, upper-case hex.
    pub serial: String,
    pub issuer: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

/// The visible facts written into the signature dictionary.
#[derive(Debug, Clone)]
pub struct SignatureMeta {
    pub time: DateTime<FixedOffset>,
    /// Why it was signed, e.g. the letter number.
    pub reason: String,
    /// Where, e.g. "Kupang".
    pub location: String,
}

/// A DER certificate as PEM text, for trust stores.
pub fn certificate_pem(der: &[u8]) -> Result<String, Error> {
    der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, der).map_err(|e| Error::Corrupt(e.to_string()))
}
