//! The CMS `SignedData` (RFC 5652) that goes into the PDF's `/Contents`: detached, SHA-256,
//! ECDSA, with content type, message digest, signing time and ESS signing-certificate-v2
//! signed attributes, and the signer's certificate and chain.

use chrono::{DateTime, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{Any, OctetString, SetOfVec};
use der::oid::ObjectIdentifier;
use der::{Encode, Tag};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::certificate::Certificate;

use crate::Error;

pub(crate) const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
pub(crate) const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
pub(crate) const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// DER of a `ContentInfo` holding the detached signature over content whose SHA-256 is `digest`.
pub(crate) fn signed_data(
    key: &SigningKey,
    cert: &Certificate,
    chain: &[Certificate],
    digest: &[u8; 32],
    at: DateTime<Utc>,
) -> Result<Vec<u8>, Error> {
    let sha256 = AlgorithmIdentifierOwned { oid: SHA256, parameters: None };
    let attributes: SignedAttributes = SetOfVec::try_from(vec![
        attribute(CONTENT_TYPE, Any::encode_from(&ID_DATA)?)?,
        attribute(SIGNING_TIME, Any::encode_from(&crate::name::to_time(at)?)?)?,
        attribute(MESSAGE_DIGEST, Any::encode_from(&OctetString::new(digest.to_vec())?)?)?,
        attribute(SIGNING_CERTIFICATE_V2, signing_certificate_v2(cert)?)?,
    ])?;
    let signature: DerSignature = key.sign(&attributes.to_der()?);
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(attributes),
        signature_algorithm: AlgorithmIdentifierOwned { oid: ECDSA_SHA256, parameters: None },
        signature: OctetString::new(signature.as_bytes())?,
        unsigned_attrs: None,
    };
    let certificates =
        std::iter::once(cert).chain(chain).map(|c| CertificateChoices::Certificate(c.clone())).collect::<Vec<_>>();
    let signed = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256])?,
        encap_content_info: EncapsulatedContentInfo { econtent_type: ID_DATA, econtent: None },
        certificates: Some(CertificateSet(SetOfVec::try_from(certificates)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer])?),
    };
    let info = ContentInfo { content_type: ID_SIGNED_DATA, content: Any::encode_from(&signed)? };
    Ok(info.to_der()?)
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, Error> {
    Ok(Attribute { oid, values: SetOfVec::try_from(vec![value])? })
}

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }` with one
/// `ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING }` (hash algorithm defaults to SHA-256).
fn signing_certificate_v2(cert: &Certificate) -> Result<Any, Error> {
    let hash = Sha256::digest(cert.to_der()?);
    let cert_id = Any::new(Tag::Sequence, OctetString::new(hash.to_vec())?.to_der()?)?;
    let certs = Any::new(Tag::Sequence, cert_id.to_der()?)?;
    Ok(Any::new(Tag::Sequence, certs.to_der()?)?)
}
