//! The built-in signer: PAdES signatures with certificates from the deployment's own CA.

use super::{LetterToSign, Passphrase, SignError, SignedLetter, Signer, SignerIdentity, SigningSession};
use crate::db::{self, Db};
use async_trait::async_trait;
use std::sync::Arc;

pub struct LocalCa {
    db: Db,
}

impl LocalCa {
    pub fn new(db: Db) -> Self {
        LocalCa { db }
    }
}

struct Session {
    credential: Arc<tte::Credential>,
}

#[async_trait]
impl Signer for LocalCa {
    fn name(&self) -> &'static str {
        "pades"
    }

    async fn open(&self, who: &SignerIdentity, passphrase: Passphrase) -> Result<Box<dyn SigningSession>, SignError> {
        let sealed = super::authority::sealed_credential(&self.db, &who.official_id).await?.ok_or_else(|| {
            SignError::Refused(
                "Anda belum memiliki sertifikat tanda tangan elektronik. Minta admin menerbitkannya \
                 (serambi sertifikat terbitkan)."
                    .into(),
            )
        })?;
        if sealed.not_after_ms < db::now_ms() {
            return Err(SignError::Refused(
                "Sertifikat tanda tangan elektronik Anda sudah kedaluwarsa. Minta admin menerbitkan yang baru.".into(),
            ));
        }
        // scrypt takes a moment and memory by design: off the async workers.
        let credential = crate::costly::run(crate::costly::KEY_MIB, move || sealed.credential.unlock(&passphrase))
            .await
            .map_err(|e| match e {
                tte::Error::WrongPassphrase => SignError::WrongPassphrase,
                other => SignError::Failed(anyhow::anyhow!("stored credential: {other}")),
            })?;
        tracing::info!(official_id = %who.official_id, "signing key unlocked");
        Ok(Box::new(Session { credential: Arc::new(credential) }))
    }
}

#[async_trait]
impl SigningSession for Session {
    async fn sign(&self, letter: LetterToSign) -> Result<SignedLetter, SignError> {
        let meta = tte::SignatureMeta {
            time: letter.time,
            reason: format!("Surat nomor {}", letter.number),
            location: letter.place,
        };
        let pdf = self.credential.sign_pdf(&letter.pdf, &meta).map_err(|e| match e {
            tte::Error::CertificateNotValid => SignError::Refused(
                "Sertifikat tanda tangan elektronik Anda tidak berlaku saat ini. Minta admin menerbitkan yang baru."
                    .into(),
            ),
            other => SignError::Failed(anyhow::anyhow!("PAdES: {other}")),
        })?;
        Ok(SignedLetter { pdf, kind: "pades", certificate: Some(self.credential.info()) })
    }
}
