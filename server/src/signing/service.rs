//! Signing: the official opens one signing session with their passphrase, then each chosen
//! request is numbered, rendered, signed, stored and registered in its own transaction.

use super::one::{self, OneFailure};
use crate::Services;
use crate::accounts::Actor;
use crate::db::{self};
use crate::error::{Error, Result};
use crate::limits::{self, PASSPHRASE};
use crate::requests::service::can_see;
use crate::signing::{Passphrase, SignError, SignerIdentity, SigningSession};
use domain::{Action, Role, transition};
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
    let ids = chosen(request_ids)?;
    if passphrase.trim().is_empty() {
        return Err(Error::field("passphrase", "Ketik passphrase tanda tangan elektronik Anda."));
    }
    // Every request must be one this official may sign now, before the key is touched (read in
    // one statement; another office's request is "not found", as everywhere).
    let mut found = db::requests::get_many(&s.db.pool, &ids).await?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in &ids {
        let at = found.iter().position(|r| r.id == *id && can_see(actor, r)).ok_or(Error::NotFound)?;
        let row = found.swap_remove(at);
        transition(row.route, Some(row.status), Action::Sign, actor.role)?;
        rows.push(row);
    }
    let official = actor_official(s, actor).await?;
    let (session, attempt) = open(s, &official, passphrase).await?;
    // The passphrase's attempt is settled by the first letter: a remote signer may only learn
    // there that the passphrase was wrong.
    let mut attempt = Some(attempt);
    let mut offices = one::Offices::default();
    let mut outcomes = Vec::with_capacity(rows.len());
    let mut stopped: Option<String> = None;
    for row in rows {
        let request_id = row.id;
        if let Some(reason) = &stopped {
            outcomes.push(Outcome { request_id, number: None, error: Some(reason.clone()) });
            continue;
        }
        match one::sign(s, actor, &official, &row, session.as_ref(), &mut offices).await {
            Ok(number) => {
                if let Some(a) = attempt.take() {
                    a.succeeded(&s.db).await?;
                }
                outcomes.push(Outcome { request_id, number: Some(number), error: None })
            }
            Err(OneFailure::Signer(e)) => {
                crate::metrics::signing_failed(failure_cause(&e));
                if outcomes.iter().all(|o| o.number.is_none()) {
                    // A wrong passphrase stays counted; any other refusal was no guess.
                    if let Some(a) = attempt.take()
                        && !matches!(e, SignError::WrongPassphrase)
                    {
                        a.not_counted(&s.db).await?;
                    }
                    return Err(refusal(e));
                }
                let reason = format!("Tidak ditandatangani: {}", refusal_message(&e));
                outcomes.push(Outcome { request_id, number: None, error: Some(reason.clone()) });
                stopped = Some(reason);
            }
            Err(OneFailure::Other(e)) => {
                crate::metrics::signing_failed("lain");
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
    if let Some(a) = attempt {
        a.not_counted(&s.db).await?;
    }
    let signed = outcomes.iter().filter(|o| o.number.is_some()).count();
    tracing::info!(signed, asked = outcomes.len(), "signing session ended");
    Ok(outcomes)
}

/// The metrics' name for why a signer refused.
fn failure_cause(e: &SignError) -> &'static str {
    match e {
        SignError::WrongPassphrase => "passphrase_salah",
        SignError::Refused(_) => "ditolak_penanda_tangan",
        SignError::Failed(_) => "galat_penanda_tangan",
    }
}

/// Each request once, in the order chosen; at least one, at most [`MAX_BATCH`].
fn chosen(request_ids: Vec<Uuid>) -> Result<Vec<Uuid>> {
    let mut seen = std::collections::HashSet::new();
    let ids: Vec<Uuid> = request_ids.into_iter().filter(|id| seen.insert(*id)).collect();
    if ids.is_empty() {
        return Err(Error::field("request_ids", "Pilih paling sedikit satu permohonan."));
    }
    if ids.len() > MAX_BATCH {
        return Err(Error::field("request_ids", format!("Paling banyak {MAX_BATCH} surat sekali tanda tangan.")));
    }
    Ok(ids)
}

/// Opens the official's signing session. Wrong passphrases are limited per official, on top of
/// the key's own slow unlock; the attempt is counted before the key is touched, and settled by
/// the caller once a letter shows whether the passphrase was right.
async fn open(
    s: &Services,
    official: &db::offices::Official,
    passphrase: Passphrase,
) -> Result<(Box<dyn SigningSession>, limits::Attempt)> {
    let attempt = limits::attempt(&s.db, &PASSPHRASE, &official.id)
        .await?
        .map_err(|locked| Error::field("passphrase", locked.message()))?;
    let who = SignerIdentity {
        official_id: official.id.clone(),
        name: official.name.clone(),
        nip: official.nip.clone(),
        nik: official.nik.clone(),
        position: official.position.clone(),
        office_code: official.office_code.clone(),
    };
    match s.signer.open(&who, passphrase).await {
        Ok(session) => Ok((session, attempt)),
        Err(e) => {
            crate::metrics::signing_failed(failure_cause(&e));
            if !matches!(e, SignError::WrongPassphrase) {
                attempt.not_counted(&s.db).await?;
            }
            Err(refusal(e))
        }
    }
}

pub(super) fn refusal_message(e: &SignError) -> String {
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

async fn actor_official(s: &Services, actor: &Actor) -> Result<db::offices::Official> {
    let user = db::users::by_id(&s.db.pool, actor.user_id).await?.ok_or(Error::Unauthorized)?;
    let id = user
        .official_id
        .ok_or_else(|| Error::Conflict("Akun Anda belum terhubung dengan data pejabat. Hubungi admin.".into()))?;
    db::offices::official(&s.db.pool, &id)
        .await?
        .ok_or_else(|| Error::Conflict("Data pejabat penanda tangan tidak ditemukan. Hubungi admin.".into()))
}
