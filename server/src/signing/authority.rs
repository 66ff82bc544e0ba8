//! The deployment's certificate authority and the officials' certificates, as stored: creating
//! the CA (once, at setup), issuing an official's certificate, and loading it for signing.

use crate::db::{self, Db, offices::Official};
use anyhow::{Context, bail};
use chrono::{TimeZone, Utc};
use uuid::Uuid;

pub use tte::Protection;

/// An official's sealed credential with the CA chain, ready to be unlocked.
pub struct StoredCredential {
    pub credential: tte::SealedCredential,
    pub not_after_ms: i64,
}

fn unhex(field: &str, value: &str) -> anyhow::Result<Vec<u8>> {
    hex::decode(value).with_context(|| format!("{field} tersimpan rusak"))
}

/// A new CA, made and sealed but not yet stored.
pub struct Prepared {
    pub row: db::signing::Authority,
    pub info: tte::CertificateInfo,
}

/// Makes a CA and seals its key under `passphrase` (off the async threads: scrypt is slow).
pub async fn prepare(
    organisation: &str,
    name: &str,
    passphrase: &str,
    years: u32,
    protection: Protection,
) -> anyhow::Result<Prepared> {
    let (organisation, name) = (organisation.to_owned(), name.to_owned());
    let passphrase = zeroize::Zeroizing::new(passphrase.to_owned());
    let (info, sealed) = crate::costly::run(crate::costly::KEY_MIB, move || {
        let ca = tte::Authority::create(&organisation, &name, Utc::now(), years)?;
        let sealed = ca.seal_with(&passphrase, protection)?;
        Ok::<_, tte::Error>((ca.info(), sealed))
    })
    .await?;
    let row = db::signing::Authority {
        id: Uuid::new_v4().to_string(),
        subject: info.subject.clone(),
        serial: info.serial.clone(),
        certificate_hex: hex::encode(&sealed.certificate_der),
        encrypted_key_hex: hex::encode(&sealed.encrypted_key_der),
        not_before: info.not_before.timestamp_millis(),
        not_after: info.not_after.timestamp_millis(),
    };
    Ok(Prepared { row, info })
}

/// Creates the CA. Refuses when one exists already: certificates issued by it would be orphaned.
pub async fn create(
    db: &Db,
    organisation: &str,
    name: &str,
    passphrase: &str,
    years: u32,
    protection: Protection,
) -> anyhow::Result<tte::CertificateInfo> {
    if db::signing::active_authority(&db.pool).await?.is_some() {
        bail!("Otoritas sertifikat (CA) sudah ada. Lihat dengan `serambi ca tampil`.");
    }
    let ca = prepare(organisation, name, passphrase, years, protection).await?;
    db::signing::insert_authority(&db.pool, &ca.row, db::now_ms()).await?;
    if protection == Protection::Demo {
        db::signing::mark_demo_authority(&db.pool).await?;
    }
    Ok(ca.info)
}

/// The CA certificate in PEM, for verifiers' trust stores (e.g. `pdfsig -nssdir`).
pub async fn certificate_pem(db: &Db) -> anyhow::Result<Option<String>> {
    let Some(ca) = db::signing::active_authority(&db.pool).await? else { return Ok(None) };
    let der = unhex("sertifikat CA", &ca.certificate_hex)?;
    Ok(Some(tte::certificate_pem(&der)?))
}

/// Issues `official` a certificate with a fresh key sealed under their `passphrase`; the CA key
/// is opened with `ca_passphrase` for this one act. Earlier certificates of theirs are retired.
pub async fn issue(
    db: &Db,
    official: &Official,
    ca_passphrase: &str,
    passphrase: &str,
    years: u32,
) -> anyhow::Result<tte::CertificateInfo> {
    let mut issued =
        issue_many(db, std::slice::from_ref(official), ca_passphrase, passphrase, years, Protection::Standard).await?;
    issued.pop().context("tidak ada sertifikat yang diterbitkan")
}

/// [`issue`] for several officials with one opening of the CA key (the demo issues every
/// official's certificate this way, with [`Protection::Demo`]).
pub async fn issue_many(
    db: &Db,
    officials: &[Official],
    ca_passphrase: &str,
    passphrase: &str,
    years: u32,
    protection: Protection,
) -> anyhow::Result<Vec<tte::CertificateInfo>> {
    let ca = db::signing::active_authority(&db.pool)
        .await?
        .context("Belum ada otoritas sertifikat (CA). Buat dulu dengan `serambi ca buat`.")?;
    let sealed_ca = tte::SealedAuthority {
        certificate_der: unhex("sertifikat CA", &ca.certificate_hex)?,
        encrypted_key_der: unhex("kunci CA", &ca.encrypted_key_hex)?,
    };
    let organisation = sealed_ca.info()?.organisation;
    let mut holders = Vec::with_capacity(officials.len());
    for official in officials {
        let office = db::offices::get(&db.pool, &official.office_code).await?.context("kantor pejabat tidak ada")?;
        let kind = domain::OfficeKind::parse(&office.kind).context("jenis kantor tersimpan rusak")?;
        holders.push(tte::Holder {
            name: official.name.clone(),
            nip: official.nip.clone(),
            position: official.position.clone(),
            office: kind.office_name(&office.name),
            organisation: organisation.clone(),
        });
    }
    let ca_passphrase = zeroize::Zeroizing::new(ca_passphrase.to_owned());
    let passphrase = zeroize::Zeroizing::new(passphrase.to_owned());
    let sealed = crate::costly::run(crate::costly::KEY_MIB, move || {
        let authority = sealed_ca.open(&ca_passphrase).map_err(|e| match e {
            tte::Error::WrongPassphrase => anyhow::anyhow!("Passphrase CA salah."),
            other => anyhow::anyhow!("CA: {other}"),
        })?;
        holders
            .iter()
            .map(|holder| {
                authority.issue_with(holder, &passphrase, Utc::now(), years, protection).map_err(|e| match e {
                    tte::Error::WeakPassphrase => anyhow::anyhow!("{e}"),
                    other => anyhow::anyhow!("menerbitkan sertifikat: {other}"),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    let mut infos = Vec::with_capacity(sealed.len());
    for (official, sealed) in officials.iter().zip(sealed) {
        let info = sealed.info()?;
        db::signing::replace_certificate(&mut tx, &certificate_row(&official.id, &ca.id, &sealed, &info), now).await?;
        infos.push(info);
    }
    tx.commit().await?;
    Ok(infos)
}

/// A certificate as stored: issued by CA `authority_id` to `official_id`.
pub fn certificate_row(
    official_id: &str,
    authority_id: &str,
    sealed: &tte::SealedCredential,
    info: &tte::CertificateInfo,
) -> db::signing::Certificate {
    db::signing::Certificate {
        id: Uuid::new_v4().to_string(),
        official_id: official_id.to_string(),
        authority_id: authority_id.to_string(),
        subject: info.subject.clone(),
        serial: info.serial.clone(),
        certificate_hex: hex::encode(&sealed.certificate_der),
        encrypted_key_hex: hex::encode(&sealed.encrypted_key_der),
        not_before: info.not_before.timestamp_millis(),
        not_after: info.not_after.timestamp_millis(),
        revoked_at: None,
    }
}

/// The official's current certificate and encrypted key with the CA chain.
pub async fn sealed_credential(db: &Db, official_id: &str) -> anyhow::Result<Option<StoredCredential>> {
    let Some(cert) = db::signing::current_certificate(&db.pool, official_id).await? else { return Ok(None) };
    let ca = db::signing::authority(&db.pool, &cert.authority_id).await?.context("CA sertifikat hilang")?;
    Ok(Some(StoredCredential {
        credential: tte::SealedCredential {
            certificate_der: unhex("sertifikat", &cert.certificate_hex)?,
            encrypted_key_der: unhex("kunci", &cert.encrypted_key_hex)?,
            chain_der: vec![unhex("sertifikat CA", &ca.certificate_hex)?],
        },
        not_after_ms: cert.not_after,
    }))
}

/// A date for listings, in UTC.
pub fn date_label(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms).single().map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default()
}
