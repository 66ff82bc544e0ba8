//! The deployment's certificate authority and the officials' credentials.

use chrono::{DateTime, Months, Utc};
use der::{Decode, Encode};
use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rand::RngCore;
use rand::rngs::OsRng;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::certificate::Certificate;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

use crate::name::{self, COMMON_NAME, COUNTRY, ORGANISATION, SERIAL_NUMBER, TITLE, UNIT};
use crate::{CertificateInfo, Error, MIN_PASSPHRASE_CHARS, SignatureMeta};

/// How costly the key's passphrase is to guess at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// scrypt with N = 2^17, r = 8 (128 MiB and about half a second per guess): every real
    /// key. Keys sealed earlier with N = 2^15 still open (the cost is read from the key).
    Standard,
    /// scrypt with N = 2^10: only for demo data, whose passphrases are published anyway.
    Demo,
}

/// The certificate authority, unlocked: it can issue certificates.
pub struct Authority {
    cert: Certificate,
    key: SigningKey,
}

/// The certificate authority as stored: its certificate and its key, encrypted.
#[derive(Debug, Clone)]
pub struct SealedAuthority {
    pub certificate_der: Vec<u8>,
    pub encrypted_key_der: Vec<u8>,
}

/// Who a signing certificate is issued to.
#[derive(Debug, Clone)]
pub struct Holder {
    /// Full name with titles, as printed under the signature.
    pub name: String,
    /// Nomor Induk Pegawai (civil servant number).
    pub nip: String,
    /// Position, e.g. "Lurah Oebobo" or "Sekretaris Kelurahan Oebobo".
    pub position: String,
    /// Office, e.g. "Kelurahan Oebobo".
    pub office: String,
    /// The government the office belongs to, e.g. "Pemerintah Kota Kupang".
    pub organisation: String,
}

/// A signing official's certificate and encrypted key, as stored.
#[derive(Debug, Clone)]
pub struct SealedCredential {
    pub certificate_der: Vec<u8>,
    pub encrypted_key_der: Vec<u8>,
    /// The issuing CA's certificate(s), embedded in every signature so verifiers can build the path.
    pub chain_der: Vec<Vec<u8>>,
}

/// An unlocked signing key with its certificate: one signing session. The key is wiped from
/// memory when this is dropped.
pub struct Credential {
    key: SigningKey,
    cert: Certificate,
    chain: Vec<Certificate>,
}

impl Authority {
    /// A new self-signed CA valid for `years` from `now`.
    pub fn create(organisation: &str, common_name: &str, now: DateTime<Utc>, years: u32) -> Result<Self, Error> {
        let key = SigningKey::random(&mut OsRng);
        let subject = name::build(&[(COUNTRY, "ID"), (ORGANISATION, organisation), (COMMON_NAME, common_name)])?;
        let spki = public_key_info(key.verifying_key())?;
        let builder =
            CertificateBuilder::new(Profile::Root, random_serial(), validity(now, years)?, subject, spki, &key)
                .map_err(builder_error)?;
        let cert = builder.build::<DerSignature>().map_err(builder_error)?;
        Ok(Authority { cert, key })
    }

    /// The CA's key encrypted under `passphrase`, with its certificate.
    pub fn seal(&self, passphrase: &str) -> Result<SealedAuthority, Error> {
        self.seal_with(passphrase, Protection::Standard)
    }

    pub fn seal_with(&self, passphrase: &str, protection: Protection) -> Result<SealedAuthority, Error> {
        Ok(SealedAuthority {
            certificate_der: self.cert.to_der()?,
            encrypted_key_der: seal_key_with(&self.key, passphrase, protection)?,
        })
    }

    pub fn info(&self) -> CertificateInfo {
        name::info(&self.cert)
    }

    pub fn certificate_der(&self) -> Result<Vec<u8>, Error> {
        Ok(self.cert.to_der()?)
    }

    /// Issue a signing certificate to `holder` with a fresh key sealed under their own
    /// `passphrase`. The key never exists unencrypted outside this call.
    pub fn issue(
        &self,
        holder: &Holder,
        passphrase: &str,
        now: DateTime<Utc>,
        years: u32,
    ) -> Result<SealedCredential, Error> {
        self.issue_with(holder, passphrase, now, years, Protection::Standard)
    }

    /// A certificate for `holder` over a key pair the official made earlier ([`KeyRequest`]):
    /// the CA sees only the public half. Returns the credential with the request's sealed key.
    pub fn certify(
        &self,
        holder: &Holder,
        request: &KeyRequest,
        now: DateTime<Utc>,
        years: u32,
    ) -> Result<SealedCredential, Error> {
        let spki = SubjectPublicKeyInfoOwned::from_der(&request.public_key_der)?;
        let cert = self.leaf(holder, spki, now, years)?;
        Ok(SealedCredential {
            certificate_der: cert.to_der()?,
            encrypted_key_der: request.encrypted_key_der.clone(),
            chain_der: vec![self.cert.to_der()?],
        })
    }

    fn leaf(
        &self,
        holder: &Holder,
        spki: SubjectPublicKeyInfoOwned,
        now: DateTime<Utc>,
        years: u32,
    ) -> Result<Certificate, Error> {
        let subject = name::build(&[
            (COUNTRY, "ID"),
            (ORGANISATION, &holder.organisation),
            (UNIT, &holder.office),
            (TITLE, &holder.position),
            (SERIAL_NUMBER, &holder.nip),
            (COMMON_NAME, &holder.name),
        ])?;
        let profile = Profile::Leaf {
            issuer: self.cert.tbs_certificate.subject.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        let builder =
            CertificateBuilder::new(profile, random_serial(), validity(now, years)?, subject, spki, &self.key)
                .map_err(builder_error)?;
        builder.build::<DerSignature>().map_err(builder_error)
    }

    /// [`Authority::issue`] with a chosen key protection.
    pub fn issue_with(
        &self,
        holder: &Holder,
        passphrase: &str,
        now: DateTime<Utc>,
        years: u32,
        protection: Protection,
    ) -> Result<SealedCredential, Error> {
        let key = SigningKey::random(&mut OsRng);
        let cert = self.leaf(holder, public_key_info(key.verifying_key())?, now, years)?;
        Ok(SealedCredential {
            certificate_der: cert.to_der()?,
            encrypted_key_der: seal_key_with(&key, passphrase, protection)?,
            chain_der: vec![self.cert.to_der()?],
        })
    }
}

/// An official's new key pair, made when they ask for a certificate: the private key is sealed
/// under their passphrase at once and never exists in the clear outside [`KeyRequest::generate`];
/// the public key waits for the CA ([`Authority::certify`]).
#[derive(Debug, Clone)]
pub struct KeyRequest {
    pub public_key_der: Vec<u8>,
    pub encrypted_key_der: Vec<u8>,
}

impl KeyRequest {
    pub fn generate(passphrase: &str) -> Result<KeyRequest, Error> {
        KeyRequest::generate_with(passphrase, Protection::Standard)
    }

    pub fn generate_with(passphrase: &str, protection: Protection) -> Result<KeyRequest, Error> {
        let key = SigningKey::random(&mut OsRng);
        Ok(KeyRequest {
            public_key_der: public_key_info(key.verifying_key())?.to_der()?,
            encrypted_key_der: seal_key_with(&key, passphrase, protection)?,
        })
    }
}

impl SealedAuthority {
    pub fn open(&self, passphrase: &str) -> Result<Authority, Error> {
        let cert = Certificate::from_der(&self.certificate_der)?;
        let key = open_key(&self.encrypted_key_der, passphrase)?;
        check_pair(&key, &cert)?;
        Ok(Authority { cert, key })
    }

    pub fn info(&self) -> Result<CertificateInfo, Error> {
        Ok(name::info(&Certificate::from_der(&self.certificate_der)?))
    }
}

impl SealedCredential {
    /// Decrypt the key for a signing session. A wrong passphrase is [`Error::WrongPassphrase`].
    pub fn unlock(&self, passphrase: &str) -> Result<Credential, Error> {
        let cert = Certificate::from_der(&self.certificate_der)?;
        let chain = self.chain_der.iter().map(|der| Certificate::from_der(der)).collect::<Result<Vec<_>, _>>()?;
        let key = open_key(&self.encrypted_key_der, passphrase)?;
        check_pair(&key, &cert)?;
        Ok(Credential { key, cert, chain })
    }

    pub fn info(&self) -> Result<CertificateInfo, Error> {
        Ok(name::info(&Certificate::from_der(&self.certificate_der)?))
    }

    /// The same key under a new passphrase (the official changes it; the old one must open it).
    pub fn change_passphrase(&self, old: &str, new: &str) -> Result<SealedCredential, Error> {
        let key = open_key(&self.encrypted_key_der, old)?;
        Ok(SealedCredential { encrypted_key_der: seal_key(&key, new)?, ..self.clone() })
    }
}

impl Credential {
    pub fn info(&self) -> CertificateInfo {
        name::info(&self.cert)
    }

    /// `pdf` with a PAdES signature (CMS, `adbe.pkcs7.detached`) over the whole file appended
    /// as an incremental update.
    pub fn sign_pdf(&self, pdf: &[u8], meta: &SignatureMeta) -> Result<Vec<u8>, Error> {
        let info = self.info();
        let at = meta.time.to_utc();
        if at < info.not_before || at > info.not_after {
            return Err(Error::CertificateNotValid);
        }
        let prepared = crate::pdf::prepare(pdf, &info.common_name, meta)?;
        let digest = prepared.digest();
        let cms = crate::cms::signed_data(&self.key, &self.cert, &self.chain, &digest, at)?;
        Ok(prepared.embed(&cms)?)
    }
}

fn seal_key(key: &SigningKey, passphrase: &str) -> Result<Vec<u8>, Error> {
    seal_key_with(key, passphrase, Protection::Standard)
}

fn seal_key_with(key: &SigningKey, passphrase: &str, protection: Protection) -> Result<Vec<u8>, Error> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::WeakPassphrase);
    }
    let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt(e.to_string());
    let log_n = match protection {
        Protection::Standard => 17,
        Protection::Demo => 10,
    };
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut iv);
    let params = pkcs8::pkcs5::scrypt::Params::new(log_n, 8, 1, 32).map_err(|e| corrupt(&e))?;
    let params = pkcs8::pkcs5::pbes2::Parameters::scrypt_aes256cbc(params, &salt, &iv).map_err(|e| corrupt(&e))?;
    let plain = key.to_pkcs8_der().map_err(|e| corrupt(&e))?;
    let info = pkcs8::PrivateKeyInfo::try_from(plain.as_bytes()).map_err(|e| corrupt(&e))?;
    let sealed = info.encrypt_with_params(params, passphrase).map_err(|e| corrupt(&e))?;
    Ok(sealed.as_bytes().to_vec())
}

fn open_key(encrypted: &[u8], passphrase: &str) -> Result<SigningKey, Error> {
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(encrypted).map_err(|e| Error::Corrupt(e.to_string()))?;
    // A wrong passphrase fails the padding check, or (rarely) yields bytes that aren't a key.
    let document = info.decrypt(passphrase).map_err(|_| Error::WrongPassphrase)?;
    SigningKey::from_pkcs8_der(document.as_bytes()).map_err(|_| Error::WrongPassphrase)
}

fn check_pair(key: &SigningKey, cert: &Certificate) -> Result<(), Error> {
    let spki = public_key_info(key.verifying_key())?;
    if spki != cert.tbs_certificate.subject_public_key_info {
        return Err(Error::Corrupt("kunci tidak cocok dengan sertifikat".into()));
    }
    Ok(())
}

fn public_key_info(key: &VerifyingKey) -> Result<SubjectPublicKeyInfoOwned, Error> {
    let der = key.to_public_key_der().map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok(SubjectPublicKeyInfoOwned::from_der(der.as_bytes())?)
}

fn random_serial() -> SerialNumber {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    // Positive, no leading zero byte.
    bytes[0] = (bytes[0] & 0x3f) | 0x40;
    SerialNumber::new(&bytes).expect("16 positive bytes are a valid serial")
}

fn validity(now: DateTime<Utc>, years: u32) -> Result<Validity, Error> {
    let until = now
        .checked_add_months(Months::new(years * 12))
        .ok_or_else(|| Error::Corrupt("masa berlaku terlalu panjang".into()))?;
    // A minute's grace for clocks that disagree slightly.
    let from = now - chrono::Duration::minutes(1);
    Ok(Validity { not_before: name::to_time(from)?, not_after: name::to_time(until)? })
}

fn builder_error(error: x509_cert::builder::Error) -> Error {
    Error::Corrupt(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scrypt cost a sealed key carries, as log2(N).
    fn cost(sealed: &[u8]) -> u8 {
        let info = pkcs8::EncryptedPrivateKeyInfo::try_from(sealed).unwrap();
        let pkcs8::pkcs5::EncryptionScheme::Pbes2(pbes2) = info.encryption_algorithm else { panic!("not PBES2") };
        let pkcs8::pkcs5::pbes2::Kdf::Scrypt(scrypt) = pbes2.kdf else { panic!("not scrypt") };
        scrypt.cost_parameter.trailing_zeros() as u8
    }

    #[test]
    fn real_keys_cost_n_2_17_to_guess_and_demo_keys_little() {
        let real = KeyRequest::generate("rahasia-yang-panjang").unwrap();
        assert_eq!(cost(&real.encrypted_key_der), 17);
        let demo = KeyRequest::generate_with("rahasia-yang-panjang", Protection::Demo).unwrap();
        assert_eq!(cost(&demo.encrypted_key_der), 10);
        // A key sealed at the old cost still opens.
        let key = SigningKey::random(&mut OsRng);
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let params = pkcs8::pkcs5::scrypt::Params::new(15, 8, 1, 32).unwrap();
        let params = pkcs8::pkcs5::pbes2::Parameters::scrypt_aes256cbc(params, &salt, &salt).unwrap();
        let info = key.to_pkcs8_der().unwrap();
        let old = pkcs8::PrivateKeyInfo::try_from(info.as_bytes())
            .unwrap()
            .encrypt_with_params(params, "lama-lama-sekali")
            .unwrap();
        assert_eq!(cost(old.as_bytes()), 15);
        assert!(open_key(old.as_bytes(), "lama-lama-sekali").is_ok());
    }
}
