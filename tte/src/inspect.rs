//! Reading a signed PDF back: which bytes the last signature covers, whether they still hash to
//! what was signed, whether the signature verifies with the embedded certificate, and who signed.

use chrono::{DateTime, Utc};
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::OctetString;
use der::{Decode, Encode, SliceReader};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use sha2::{Digest, Sha256};
use x509_cert::certificate::Certificate;
use x509_cert::time::Time;

use crate::CertificateInfo;
use crate::cms::{ECDSA_SHA256, ID_SIGNED_DATA, MESSAGE_DIGEST, SIGNING_TIME};
use crate::pdf::{PdfError, rfind};

/// What the last signature in a PDF says about the file.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// The signed byte ranges run from the first byte to the last (nothing appended after).
    pub covers_whole_file: bool,
    /// The signed bytes hash to the message digest in the signature.
    pub digest_matches: bool,
    /// The signature over the signed attributes verifies with the signer's certificate.
    /// `None` for algorithms this crate does not check (anything but ECDSA P-256/SHA-256).
    pub signature_valid: Option<bool>,
    pub signer: Option<CertificateInfo>,
    pub signing_time: Option<DateTime<Utc>>,
}

impl Inspection {
    /// Whole file signed, unchanged, and the signature checks out.
    pub fn is_intact(&self) -> bool {
        self.covers_whole_file && self.digest_matches && self.signature_valid != Some(false)
    }
}

/// The four integers of a `/ByteRange [a b c d]` starting at `at`, read as exactly that: a
/// hostile file's long array (or anything else) is refused after at most five values, without
/// reading the rest of it.
fn byte_range(pdf: &[u8], mut at: usize) -> Result<[usize; 4], PdfError> {
    let skip_space = |at: &mut usize| {
        while pdf.get(*at).is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')) {
            *at += 1;
        }
    };
    skip_space(&mut at);
    if pdf.get(at) != Some(&b'[') {
        return Err(PdfError::Malformed("/ByteRange bukan array"));
    }
    at += 1;
    let mut range = [0usize; 4];
    for slot in &mut range {
        skip_space(&mut at);
        let start = at;
        // At most 19 digits: every such number fits a u64.
        while at - start < 20 && pdf.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return Err(match pdf.get(at) {
                Some(b'-') => PdfError::Malformed("/ByteRange negatif"),
                Some(b']') => PdfError::Malformed("/ByteRange harus 4 bilangan"),
                _ => PdfError::Malformed("/ByteRange bukan bilangan"),
            });
        }
        let digits = std::str::from_utf8(&pdf[start..at]).unwrap_or_default();
        *slot = digits.parse().map_err(|_| PdfError::Malformed("/ByteRange bukan bilangan"))?;
    }
    skip_space(&mut at);
    if pdf.get(at) != Some(&b']') {
        return Err(PdfError::Malformed("/ByteRange harus 4 bilangan"));
    }
    Ok(range)
}

pub fn inspect(pdf: &[u8]) -> Result<Inspection, PdfError> {
    let at = rfind(pdf, b"/ByteRange").ok_or(PdfError::NotSigned)?;
    let [a, b, c, d] = byte_range(pdf, at + b"/ByteRange".len())?;
    let (first_end, second_end) = (a.checked_add(b), c.checked_add(d));
    let (Some(first_end), Some(second_end)) = (first_end, second_end) else {
        return Err(PdfError::Malformed("/ByteRange"));
    };
    if first_end > c || second_end > pdf.len() || c - first_end < 2 {
        return Err(PdfError::Malformed("/ByteRange di luar berkas"));
    }
    let contents = &pdf[first_end..c];
    if contents.first() != Some(&b'<') || contents.last() != Some(&b'>') {
        return Err(PdfError::Malformed("/Contents bukan string hex"));
    }
    let der = decode_hex(&contents[1..contents.len() - 1])?;
    let signed = signed_data(&der).ok_or(PdfError::Malformed("/Contents bukan CMS SignedData"))?;
    let signer = signed.signer_infos.0.iter().next().ok_or(PdfError::Malformed("CMS tanpa penanda tangan"))?;
    let cert = signer_certificate(&signed, signer);

    let mut hasher = Sha256::new();
    hasher.update(&pdf[a..first_end]);
    hasher.update(&pdf[c..second_end]);
    let digest = hasher.finalize();
    let attributes = signer.signed_attrs.as_ref();
    let claimed = attributes
        .and_then(|attrs| attrs.iter().find(|attr| attr.oid == MESSAGE_DIGEST))
        .and_then(|attr| attr.values.iter().next())
        .and_then(|value| value.decode_as::<OctetString>().ok());
    let signing_time = attributes
        .and_then(|attrs| attrs.iter().find(|attr| attr.oid == SIGNING_TIME))
        .and_then(|attr| attr.values.iter().next())
        .and_then(|value| value.to_der().ok().and_then(|der| Time::from_der(&der).ok()))
        .map(|time| crate::name::from_time(&time));

    Ok(Inspection {
        covers_whole_file: a == 0 && second_end == pdf.len(),
        digest_matches: claimed.is_some_and(|claimed| claimed.as_bytes() == digest.as_slice()),
        signature_valid: cert.as_ref().and_then(|cert| verify(cert, signer)),
        signer: cert.as_ref().map(crate::name::info),
        signing_time,
    })
}

fn decode_hex(hex: &[u8]) -> Result<Vec<u8>, PdfError> {
    let digits: Vec<u8> = hex.iter().copied().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut digits = digits;
    if digits.len() % 2 == 1 {
        digits.push(b'0');
    }
    hex::decode(&digits).map_err(|_| PdfError::Malformed("/Contents bukan hex"))
}

/// The `SignedData` at the start of `der` (the reserved space after it is zero padding).
fn signed_data(der: &[u8]) -> Option<SignedData> {
    let mut reader = SliceReader::new(der).ok()?;
    let info = ContentInfo::decode(&mut reader).ok()?;
    if info.content_type != ID_SIGNED_DATA {
        return None;
    }
    info.content.decode_as::<SignedData>().ok()
}

fn signer_certificate(signed: &SignedData, signer: &SignerInfo) -> Option<Certificate> {
    let SignerIdentifier::IssuerAndSerialNumber(id) = &signer.sid else {
        return None;
    };
    signed.certificates.as_ref()?.0.iter().find_map(|choice| match choice {
        CertificateChoices::Certificate(cert)
            if cert.tbs_certificate.issuer == id.issuer && cert.tbs_certificate.serial_number == id.serial_number =>
        {
            Some(cert.clone())
        }
        _ => None,
    })
}

fn verify(cert: &Certificate, signer: &SignerInfo) -> Option<bool> {
    if signer.signature_algorithm.oid != ECDSA_SHA256 {
        return None;
    }
    let spki = cert.tbs_certificate.subject_public_key_info.to_der().ok()?;
    let Ok(key) = VerifyingKey::from_public_key_der(&spki) else {
        return None; // not a P-256 key
    };
    let Some(message) = signer.signed_attrs.as_ref().and_then(|attrs| attrs.to_der().ok()) else {
        return Some(false);
    };
    let Ok(signature) = Signature::from_der(signer.signature.as_bytes()) else {
        return Some(false);
    };
    Some(key.verify(&message, &signature).is_ok())
}
