//! Distinguished names built field by field (names like "Drs. Yosef Benu, M.Si" carry commas,
//! so they are never pasted into an RFC 4514 string and parsed back).

use chrono::{DateTime, TimeZone, Utc};
use der::asn1::{Any, PrintableStringRef, SetOfVec, Utf8StringRef};
use der::oid::ObjectIdentifier;
use std::time::{Duration, SystemTime};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::certificate::Certificate;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::time::Time;

use crate::{CertificateInfo, Error};

pub(crate) const COUNTRY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.6");
pub(crate) const ORGANISATION: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
pub(crate) const UNIT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");
pub(crate) const TITLE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.12");
pub(crate) const SERIAL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.5");
pub(crate) const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");

/// A name from (attribute, value) pairs, most general first (C, O, OU, …, CN).
pub(crate) fn build(parts: &[(ObjectIdentifier, &str)]) -> Result<Name, Error> {
    let mut rdns = Vec::with_capacity(parts.len());
    for (oid, value) in parts {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let value = if *oid == COUNTRY || *oid == SERIAL_NUMBER {
            Any::encode_from(&PrintableStringRef::new(value)?)?
        } else {
            Any::encode_from(&Utf8StringRef::new(value)?)?
        };
        let atv = AttributeTypeAndValue { oid: *oid, value };
        rdns.push(RelativeDistinguishedName(SetOfVec::try_from(vec![atv])?));
    }
    Ok(RdnSequence(rdns))
}

/// The value of the first attribute `oid` in `name`, if it is a string.
pub(crate) fn attribute(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.0.iter().flat_map(|rdn| rdn.0.iter()).find(|atv| atv.oid == oid).and_then(|atv| {
        Utf8StringRef::try_from(&atv.value)
            .map(|s| s.as_str().to_owned())
            .or_else(|_| PrintableStringRef::try_from(&atv.value).map(|s| s.as_str().to_owned()))
            .ok()
    })
}

pub(crate) fn to_time(at: DateTime<Utc>) -> Result<Time, Error> {
    let seconds = u64::try_from(at.timestamp()).map_err(|_| Error::Corrupt("tanggal sebelum 1970".into()))?;
    Ok(Time::try_from(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))?)
}

pub(crate) fn from_time(time: &Time) -> DateTime<Utc> {
    let seconds = time.to_unix_duration().as_secs();
    Utc.timestamp_opt(i64::try_from(seconds).unwrap_or(i64::MAX), 0).single().unwrap_or(DateTime::<Utc>::MAX_UTC)
}

pub(crate) fn info(cert: &Certificate) -> CertificateInfo {
    let tbs = &cert.tbs_certificate;
    CertificateInfo {
        subject: tbs.subject.to_string(),
        common_name: attribute(&tbs.subject, COMMON_NAME).unwrap_or_default(),
        organisation: attribute(&tbs.subject, ORGANISATION).unwrap_or_default(),
        serial: hex::encode_upper(tbs.serial_number.as_bytes()),
        issuer: tbs.issuer.to_string(),
        not_before: from_time(&tbs.validity.not_before),
        not_after: from_time(&tbs.validity.not_after),
    }
}
