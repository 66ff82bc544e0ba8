//! The satisfaction survey (SKM, PermenPANRB 14/2017). A resident answers once per finished
//! request (signed or refused): signed in, or from the tracking page with the request's code and
//! birth date. Responses are kept under a keyed hash of the request's id, never with the
//! resident; results are the index (`domain::skm`) of an office, letter type and period, withheld
//! below 5 respondents.

pub mod export;
pub mod forms;
mod port;
pub mod results;

use crate::Services;
use crate::accounts::Actor;
use crate::audit;
use crate::db::{self, requests::RequestRow};
use crate::error::{Error, Result};
use app::survey::SurveyInput;
use domain::skm::Answers;
use domain::{RequestStatus, Role};

/// Whether a request's survey may be answered now: it is finished (signed or refused) and has
/// no answer yet.
pub async fn open_for(s: &Services, row: &RequestRow) -> Result<bool> {
    if !matches!(row.status, RequestStatus::Ditandatangani | RequestStatus::Ditolak) {
        return Ok(false);
    }
    // A read path (every view of a finished request): no transaction, no write.
    let Some(key) = audit::existing_keyed_subject(&s.db.pool, "skm", &row.id.to_string()).await? else {
        return Ok(true);
    };
    let answered = db::survey::answered(&s.db.pool, &key).await?;
    Ok(!answered)
}

async fn request_hash(tx: &mut db::Tx, row: &RequestRow) -> Result<String> {
    Ok(audit::keyed_subject(tx, "skm", &row.id.to_string()).await?)
}

/// Stores a response; a second one for the same request, or one for a request not finished,
/// is refused with a message.
pub async fn answer(s: &Services, actor: Option<&Actor>, client: &str, input: SurveyInput) -> Result<()> {
    let mut problems = std::collections::BTreeMap::<String, Vec<String>>::new();
    let values = input.answers().map(|a| a.and_then(|v| v.trim().parse::<u8>().ok()));
    let answers = match Answers::new(values) {
        Ok(a) => Some(a),
        Err(bad) => {
            for code in bad {
                problems.insert(code.to_lowercase(), vec!["Pilih salah satu jawaban.".into()]);
            }
            None
        }
    };
    let suggestion = input.saran.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if suggestion.is_some_and(|t| t.chars().count() > 1000) {
        problems.insert("saran".into(), vec!["Saran paling panjang 1.000 karakter.".into()]);
    }
    // Which request: the signed-in resident's own, or the one the tracking page proved.
    let row = match (input.request_id, actor) {
        (Some(id), Some(actor)) if actor.role == Role::Warga => crate::requests::load_visible(s, actor, id).await?,
        (Some(_), Some(_)) => return Err(Error::Forbidden),
        (Some(_), None) => return Err(Error::Unauthorized),
        (None, _) => {
            let track = app::requests::TrackInput {
                reference: input.reference.clone().unwrap_or_default(),
                tanggal_lahir: input.tanggal_lahir.clone().unwrap_or_default(),
            };
            crate::requests::track::find(s, client, &track).await?
        }
    };
    let Some(answers) = answers.filter(|_| problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    if !matches!(row.status, RequestStatus::Ditandatangani | RequestStatus::Ditolak) {
        return Err(Error::conflict("Survei dapat diisi setelah permohonan selesai diproses."));
    }
    let today = s.clock.today().to_string();
    let mut tx = s.db.begin().await?;
    let key = request_hash(&mut tx, &row).await?;
    let stored = db::survey::insert(
        &mut *tx,
        &db::survey::NewResponse {
            request_hash: &key,
            kelurahan_code: &row.kelurahan_code,
            kecamatan_code: &row.kecamatan_code,
            letter_type: &row.letter_type,
            answered_on: &today,
            answers: answers.0,
            suggestion,
        },
    )
    .await?;
    if !stored {
        return Err(Error::conflict("Survei untuk permohonan ini sudah diisi. Terima kasih."));
    }
    tx.commit().await?;
    tracing::info!(letter_type = %row.letter_type, kelurahan = %row.kelurahan_code, "survey answered");
    Ok(())
}
