//! Signing: the official opens one signing session with their passphrase, then each chosen
//! request is numbered, rendered, signed, stored and registered in its own transaction.

use super::letter;
use crate::Services;
use crate::accounts::Actor;
use crate::db::{self, requests::RequestRow};
use crate::error::{Error, Result};
use crate::limits::{self, PASSPHRASE};
use crate::requests::service::{changed_meanwhile, event, load_visible, snapshot};
use crate::requests::snapshot::parse_persons;
use crate::signing::{LetterToSign, Passphrase, SignError, SignerIdentity, SigningSession};
use chrono::Datelike;
use domain::{Action, NumberInputs, NumberPattern, RequestStatus, Role, Route, transition};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// What happened to one request of a batch: signed with this number, or why not.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub request_id: Uuid,
    pub number: Option<String>,
    pub error: Option<String>,
}

/// Most letters in one batch.
pub const MAX_BATCH: usize = 100;

/// Signs `request_ids` with one passphrase entry. A wrong passphrase signs nothing. Once
/// the session is open, each letter is its own transaction; if the signer refuses one (e.g. the
/// remote service goes away) the rest are left unsigned and say why.
pub async fn sign_batch(
    s: &Services,
    actor: &Actor,
    request_ids: Vec<Uuid>,
    passphrase: Passphrase,
) -> Result<Vec<Outcome>> {
    if !matches!(actor.role, Role::Lurah | Role::Camat) {
        return Err(Error::Forbidden);
    }
    // Each request once, in the order chosen.
    let mut seen = std::collections::HashSet::new();
    let ids: Vec<Uuid> = request_ids.into_iter().filter(|id| seen.insert(*id)).collect();
    if ids.is_empty() {
        return Err(Error::field("request_ids", "Pilih paling sedikit satu permohonan."));
    }
    if ids.len() > MAX_BATCH {
        return Err(Error::field("request_ids", format!("Paling banyak {MAX_BATCH} surat sekali tanda tangan.")));
    }
    if passphrase.trim().is_empty() {
        return Err(Error::field("passphrase", "Ketik passphrase tanda tangan elektronik Anda."));
    }
    // Every request must be one this official may sign now, before the key is touched.
    let mut rows = Vec::with_capacity(ids.len());
    for id in &ids {
        let row = load_visible(s, actor, *id).await?;
        let (route, from) = (row.route, row.status);
        transition(route, Some(from), Action::Sign, actor.role)?;
        rows.push((row, route, from));
    }
    let official = actor_official(s, actor).await?;
    let who = SignerIdentity {
        official_id: official.id.clone(),
        name: official.name.clone(),
        nip: official.nip.clone(),
        nik: official.nik.clone(),
        position: official.position.clone(),
        office_code: official.office_code.clone(),
    };
    // Wrong passphrases are limited per official, on top of the key's own slow unlock.
    let limit_key = official.id.clone();
    if let Some(minutes) = limits::locked(&s.db, &PASSPHRASE, &limit_key).await? {
        return Err(Error::field("passphrase", limits::locked_message(minutes)));
    }
    let session = match s.signer.open(&who, passphrase).await {
        Ok(session) => session,
        Err(e) => {
            if matches!(e, SignError::WrongPassphrase) {
                limits::fail(&s.db, &PASSPHRASE, &limit_key).await?;
            }
            return Err(refusal(e));
        }
    };
    limits::clear(&s.db, &PASSPHRASE, &limit_key).await?;
    let mut outcomes = Vec::with_capacity(rows.len());
    let mut stopped: Option<String> = None;
    for (row, route, from) in rows {
        let request_id = Uuid::parse_str(&row.id).map_err(anyhow::Error::from)?;
        if let Some(reason) = &stopped {
            outcomes.push(Outcome { request_id, number: None, error: Some(reason.clone()) });
            continue;
        }
        match sign_one(s, actor, &official, &row, route, from, session.as_ref()).await {
            Ok(number) => outcomes.push(Outcome { request_id, number: Some(number), error: None }),
            Err(OneFailure::Signer(e)) => {
                let nothing_signed = outcomes.iter().all(|o| o.number.is_none());
                if nothing_signed {
                    // E.g. a remote service that only learns of a wrong passphrase at the first letter.
                    if matches!(e, SignError::WrongPassphrase) {
                        limits::fail(&s.db, &PASSPHRASE, &limit_key).await?;
                    }
                    return Err(refusal(e));
                }
                let reason = format!("Tidak ditandatangani: {}", refusal_message(&e));
                outcomes.push(Outcome { request_id, number: None, error: Some(reason.clone()) });
                stopped = Some(reason);
            }
            Err(OneFailure::Other(e)) => {
                let message = match e {
                    Error::Conflict(m) => m,
                    other => app::AppError::from(other).to_string(),
                };
                outcomes.push(Outcome { request_id, number: None, error: Some(message) });
            }
        }
    }
    // The session (and with it the decrypted key) ends here.
    drop(session);
    let signed = outcomes.iter().filter(|o| o.number.is_some()).count();
    tracing::info!(signed, asked = outcomes.len(), "signing session ended");
    Ok(outcomes)
}

fn refusal_message(e: &SignError) -> String {
    match e {
        SignError::Failed(_) => "penandatanganan gagal. Coba lagi atau hubungi admin.".into(),
        other => other.to_string(),
    }
}

/// A wrong passphrase is a problem with the passphrase field; other refusals are conflicts.
fn refusal(e: SignError) -> Error {
    match e {
        SignError::WrongPassphrase => Error::field("passphrase", e.to_string()),
        SignError::Refused(m) => Error::Conflict(m),
        SignError::Failed(e) => Error::Other(e),
    }
}

enum OneFailure {
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

async fn sign_one(
    s: &Services,
    actor: &Actor,
    official: &db::offices::Official,
    row: &RequestRow,
    route: Route,
    from: RequestStatus,
    session: &dyn SigningSession,
) -> Result<String, OneFailure> {
    let manifest =
        s.catalogue.get(&row.letter_type).ok_or_else(|| anyhow::anyhow!("letter type {} gone", row.letter_type))?;
    let office_code = match route {
        Route::Kelurahan => &row.kelurahan_code,
        Route::Kecamatan => &row.kecamatan_code,
    };
    // Everything that does not depend on the number is read before the transaction, so the
    // write lock is held for as short a time as possible: the office with its place names in
    // one statement, and for kecamatan letters the approving lurah in another.
    let placed =
        db::offices::with_places(&s.db.pool, office_code).await?.ok_or_else(|| anyhow::anyhow!("office gone"))?;
    let office = &placed.office;
    let approval = match route {
        Route::Kecamatan => db::offices::approver(&s.db.pool, &row.id).await?,
        Route::Kelurahan => None,
    };
    let pattern = NumberPattern::parse(&office.number_pattern)
        .map_err(|e| Error::Conflict(format!("Pengaturan nomor surat kantor ini salah: {e}")))?;
    let classification = manifest.classification.clone();
    let fields: domain::FieldValues =
        serde_json::from_str(&row.fields_json).map_err(|e| Error::corrupt(format!("fields: {e}")))?;
    let persons = parse_persons(&row.persons_json)?;
    let resident = snapshot(row)?.resident;
    let emblem = match &office.emblem_key {
        Some(key) => Some(letters::Emblem::new(s.files.get(key).await?.to_vec()).map_err(anyhow::Error::from)?),
        None => None,
    };

    let now = db::now_ms();
    let local = s.clock.local(now);
    let letter_id = Uuid::new_v4();
    let mut tx = s.db.begin().await?;
    // The status change comes first so that SQLite takes its write lock before anything else.
    if !db::requests::set_status(&mut *tx, &row.id, from, row.version, RequestStatus::Ditandatangani, None, now).await?
    {
        return Err(changed_meanwhile().into());
    }
    let seq =
        db::counters::next(&mut *tx, &office.code, office.counter_key(&classification), local.year() as i64).await?;
    let number = pattern.format(&NumberInputs {
        classification: &classification,
        sequence: seq as u64,
        unit: &office.unit_code,
        month: local.month(),
        year: local.year(),
    });
    let letter = letter::Letter {
        manifest,
        office: &placed,
        route,
        number: number.as_str(),
        date: local.date_naive(),
        verify_url: format!("{}/v/{letter_id}", s.config.public_url.trim_end_matches('/')),
        resident,
        fields: letters::template_fields(&manifest.fields, &fields, &persons),
        signer: official,
        approval: approval.as_ref(),
        emblem: emblem.as_ref(),
    };
    let pdf = s.catalogue.render(&row.letter_type, letter::data(letter), emblem).await?;
    let place = if office.place.is_empty() { placed.kota_name.clone() } else { office.place.clone() };
    let letter = LetterToSign { pdf, time: local, number: number.to_string(), place };
    let signed = session.sign(letter).await.map_err(OneFailure::Signer)?;
    let sha256 = hex::encode(Sha256::digest(&signed.pdf));
    let size = signed.pdf.len() as i64;
    let (cert_subject, cert_serial, cert_issuer) =
        signed.certificate.clone().map(|c| (c.subject, c.serial, c.issuer)).unwrap_or_default();
    let file_key = format!("letters/{letter_id}.pdf");
    s.files.put(&file_key, signed.pdf).await?;
    let letter = db::letters::Letter {
        id: letter_id.to_string(),
        request_id: row.id.clone(),
        office_code: office.code.clone(),
        number: number.to_string(),
        file_key: file_key.clone(),
        signer_official_id: official.id.clone(),
        signer_name: official.name.clone(),
        signer_position: official.position.clone(),
        signer_nip: official.nip.clone(),
        signed_at: now,
        sha256,
        size_bytes: size,
        signature_kind: signed.kind.to_string(),
        cert_subject,
        cert_serial,
        cert_issuer,
        revoked_at: None,
        revoked_reason: None,
    };
    let registered = async {
        db::letters::insert(&mut *tx, &letter).await?;
        event(&mut tx, &row.id, actor, Some(from), RequestStatus::Ditandatangani, None, now).await?;
        tx.commit().await?;
        Ok::<_, crate::error::Error>(())
    }
    .await;
    if let Err(e) = registered {
        // The number and status were rolled back; do not leave an unregistered file behind.
        let _ = s.files.delete(&file_key).await;
        return Err(e.into());
    }
    tracing::info!(request_id = %row.id, letter_id = %letter_id, number = %number, kind = signed.kind, "letter signed");
    Ok(number.to_string())
}

async fn actor_official(s: &Services, actor: &Actor) -> Result<db::offices::Official> {
    let user = db::users::by_id(&s.db.pool, &actor.user_id.to_string()).await?.ok_or(Error::Unauthorized)?;
    let id = user
        .official_id
        .ok_or_else(|| Error::Conflict("Akun Anda belum terhubung dengan data pejabat. Hubungi admin.".into()))?;
    db::offices::official(&s.db.pool, &id)
        .await?
        .ok_or_else(|| Error::Conflict("Data pejabat penanda tangan tidak ditemukan. Hubungi admin.".into()))
}
