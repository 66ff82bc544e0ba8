//! One letter of a signing session: what it needs is read first; then, holding the office's
//! number counter (`numbering`), the number is read, the letter rendered, signed and stored, and
//! in one short transaction the status, the number, the letter's row and event are written. A
//! failure takes no number and deletes the file: no gaps, no duplicates.

use super::{LetterToSign, SignError, SignedLetter, SigningSession};
use super::{letter, numbering};
use crate::Services;
use crate::accounts::Actor;
use crate::db::offices::{OfficeWithPlaces, Official};
use crate::db::{self, requests::RequestRow};
use crate::error::Error;
use crate::requests::service::{changed_meanwhile, event, snapshot};
use crate::requests::snapshot::parse_persons;
use chrono::Datelike;
use domain::{NumberInputs, NumberPattern, RequestStatus, Route};
use letters::{Emblem, Manifest};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub enum OneFailure {
    /// The signer refused or failed: stop the batch.
    Signer(SignError),
    /// This request only (e.g. changed meanwhile).
    Other(Error),
}

macro_rules! other_failure {
    ($($t:ty),*) => { $(
        impl From<$t> for OneFailure {
            fn from(e: $t) -> Self {
                OneFailure::Other(e.into())
            }
        }
    )* };
}
other_failure!(Error, anyhow::Error, sqlx::Error, object_store::Error);

/// The signing offices of a batch, each read once (with its place names and emblem).
#[derive(Default)]
pub struct Offices(std::collections::HashMap<String, (OfficeWithPlaces, Option<Emblem>)>);

impl Offices {
    async fn get(&mut self, s: &Services, code: &str) -> Result<(OfficeWithPlaces, Option<Emblem>), OneFailure> {
        if let Some(found) = self.0.get(code) {
            return Ok(found.clone());
        }
        let placed = db::offices::with_places(&s.db.pool, code).await?.ok_or_else(|| anyhow::anyhow!("office gone"))?;
        let emblem = match &placed.office.emblem_key {
            Some(key) => Some(s.catalogue.emblem(&s.files, key).await?),
            None => None,
        };
        self.0.insert(code.to_string(), (placed.clone(), emblem.clone()));
        Ok((placed, emblem))
    }
}

/// Everything a letter needs that does not depend on its number.
struct Ready<'a> {
    manifest: &'a Manifest,
    placed: OfficeWithPlaces,
    approval: Option<Official>,
    pattern: NumberPattern,
    letter_data: letter::Parts,
    emblem: Option<Emblem>,
}

/// Reads what the letter needs: the office with its place names (once per batch), and for
/// kecamatan letters the approving lurah.
async fn ready<'a>(s: &'a Services, row: &RequestRow, offices: &mut Offices) -> Result<Ready<'a>, OneFailure> {
    let manifest =
        s.catalogue.get(&row.letter_type).ok_or_else(|| anyhow::anyhow!("letter type {} gone", row.letter_type))?;
    let office_code = match row.route {
        Route::Kelurahan => &row.kelurahan_code,
        Route::Kecamatan => &row.kecamatan_code,
    };
    let (placed, emblem) = offices.get(s, office_code).await?;
    let approval = match row.route {
        Route::Kecamatan => db::offices::approver(&s.db.pool, row.id).await?,
        Route::Kelurahan => None,
    };
    let pattern = NumberPattern::parse(&placed.office.number_pattern)
        .map_err(|e| Error::Conflict(format!("Pengaturan nomor surat kantor ini salah: {e}")))?;
    let fields: domain::FieldValues =
        serde_json::from_str(&row.fields_json).map_err(|e| Error::corrupt(format!("fields: {e}")))?;
    let persons = parse_persons(&row.persons_json)?;
    let letter_data = letter::Parts {
        resident: snapshot(row)?.resident,
        fields: letters::template_fields(&manifest.fields, &fields, &persons),
    };
    Ok(Ready { manifest, placed, approval, pattern, letter_data, emblem })
}

/// Numbers, renders, signs, stores and registers one letter; returns its number. The letter's
/// counter is held (a lease, see `numbering`) from reading the number to the commit; the
/// database only for the short registration at the end.
pub async fn sign(
    s: &Services,
    actor: &Actor,
    official: &Official,
    row: &RequestRow,
    session: &dyn SigningSession,
    offices: &mut Offices,
) -> Result<String, OneFailure> {
    let r = ready(s, row, offices).await?;
    let office = r.placed.office.clone();
    let scope = office.counter_key(&r.manifest.classification).to_string();
    let now = db::now_ms();
    let year = i64::from(s.clock.local(now).year());
    let letter_id = Uuid::new_v4();
    let held = numbering::hold(&s.db, &s.node, &letter_id.to_string(), &office.code, &scope, year).await?;
    let signed = numbered(s, actor, official, row, session, r, letter_id, now, (&scope, year)).await;
    held.release().await;
    signed
}

/// [`sign`] under the counter's lease.
#[allow(clippy::too_many_arguments)]
async fn numbered(
    s: &Services,
    actor: &Actor,
    official: &Official,
    row: &RequestRow,
    session: &dyn SigningSession,
    r: Ready<'_>,
    letter_id: Uuid,
    now: i64,
    (scope, year): (&str, i64),
) -> Result<String, OneFailure> {
    let office = &r.placed.office;
    let classification = &r.manifest.classification;
    let local = s.clock.local(now);
    let seq = numbering::next(&s.db, &office.code, scope, year).await?;
    let number = r
        .pattern
        .format(&NumberInputs {
            classification,
            sequence: seq as u64,
            unit: &office.unit_code,
            month: local.month(),
            year: local.year(),
        })
        .to_string();
    let data = letter::data(letter::Letter {
        manifest: r.manifest,
        office: &r.placed,
        route: row.route,
        number: &number,
        date: local.date_naive(),
        verify_url: format!("{}/v/{letter_id}", s.config.public_url.trim_end_matches('/')),
        parts: r.letter_data,
        signer: official,
        approval: r.approval.as_ref(),
        emblem: r.emblem.as_ref(),
    });
    let pdf = s.catalogue.render(&row.letter_type, data, r.emblem).await?;
    let place = if office.place.is_empty() { r.placed.kota_name.clone() } else { office.place.clone() };
    // The signature (a remote service may take seconds) holds no transaction.
    let signed = session
        .sign(LetterToSign { pdf, time: local, number: number.clone(), place })
        .await
        .map_err(OneFailure::Signer)?;
    let file_key = format!("letters/{letter_id}.pdf");
    let kind = signed.kind;
    let entry = Entry { id: letter_id, number: &number, file_key: &file_key, now };
    let letter = letter_row(&entry, row, office, official, &signed);
    s.files.put(&file_key, signed.pdf).await?;
    let signed_status = RequestStatus::Ditandatangani;
    let registered = async {
        let mut tx = s.db.begin().await?;
        // The status change comes first so that SQLite takes its write lock before anything else.
        if !db::requests::set_status(&mut *tx, row.id, row.status, row.version, signed_status, None, now).await? {
            return Err(changed_meanwhile());
        }
        if !db::counters::take(&mut *tx, &office.code, scope, year, seq).await? {
            // Only if the lease lapsed under a stalled node and another letter took the number.
            tracing::warn!(request_id = %row.id, number = %number, "the letter number was taken meanwhile");
            return Err(Error::Conflict("Nomor surat berubah selama penandatanganan. Tanda tangani lagi.".into()));
        }
        db::letters::insert(&mut *tx, &letter).await?;
        let detail = format!("nomor {number}");
        event(s, &mut tx, row.id, actor, Some(row.status), signed_status, None, Some(&detail), now).await?;
        tx.commit().await?;
        Ok::<_, Error>(())
    }
    .await;
    if let Err(e) = registered
        && !settle_failed_registration(s, letter_id, &file_key).await
    {
        return Err(e.into());
    }
    crate::metrics::letter_signed(kind);
    s.outbox_wake.notify_one();
    tracing::info!(request_id = %row.id, letter_id = %letter_id, number = %number, kind, "letter signed");
    Ok(number)
}

/// After registering a letter failed as this side saw it. A commit whose answer was lost on
/// the way may still have gone through: the letter's file is deleted only when its row is
/// certainly not there (otherwise a registered letter would have no PDF). Returns whether the
/// letter is registered after all. When that cannot be told, the file stays for the orphan
/// sweep, which deletes it only if no letter points to it.
pub async fn settle_failed_registration(s: &Services, letter_id: Uuid, file_key: &str) -> bool {
    match db::letters::get(&s.db.pool, &letter_id.to_string()).await {
        Ok(Some(_)) => {
            tracing::warn!(%letter_id, "the letter's commit reported an error but it is registered: kept");
            true
        }
        Ok(None) => {
            if let Err(e) = s.files.delete(file_key).await {
                tracing::warn!(error = %e, %letter_id, "unregistered letter file left for the orphan sweep");
            }
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, %letter_id, "cannot tell whether the letter is registered: file left for the orphan sweep");
            false
        }
    }
}

/// Where and when a signed letter is registered.
struct Entry<'a> {
    id: Uuid,
    number: &'a str,
    file_key: &'a str,
    now: i64,
}

/// The registry's row for a signed letter.
fn letter_row(
    e: &Entry<'_>,
    row: &RequestRow,
    office: &db::offices::Office,
    official: &Official,
    signed: &SignedLetter,
) -> db::letters::Letter {
    let (cert_subject, cert_serial, cert_issuer) =
        signed.certificate.clone().map(|c| (c.subject, c.serial, c.issuer)).unwrap_or_default();
    db::letters::Letter {
        id: e.id.to_string(),
        request_id: row.id.to_string(),
        office_code: office.code.clone(),
        number: e.number.to_string(),
        file_key: e.file_key.to_string(),
        signer_official_id: official.id.clone(),
        signer_name: official.name.clone(),
        signer_position: official.position.clone(),
        signer_nip: official.nip.clone(),
        signed_at: e.now,
        sha256: hex::encode(Sha256::digest(&signed.pdf)),
        size_bytes: signed.pdf.len() as i64,
        signature_kind: signed.kind.to_string(),
        cert_subject,
        cert_serial,
        cert_issuer,
        revoked_at: None,
        revoked_reason: None,
    }
}
