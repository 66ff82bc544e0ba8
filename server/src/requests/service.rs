//! The request's life on the server: submission, transitions and revocation (signing is the
//! signing area's). Every transition writes its event in the same transaction as the status
//! change.

use super::prepare;
use super::snapshot::Snapshot;
use crate::Services;
use crate::accounts::Actor;
use crate::audit::{self, Event};
use crate::db::{self, requests::RequestRow, residents::ResidentWithPlace};
use crate::error::{Error, Result};
use crate::population::stored_nik;
use crate::population::views::person_data;
use domain::FieldValues;
use domain::{Action, AuditAction, Channel, Nik, RequestStatus, Role, Route, transition};
use std::collections::BTreeMap;
use uuid::Uuid;

/// What a new request carries, as the server reads it.
#[derive(Debug, Clone)]
pub struct Submission {
    pub letter_type: String,
    pub fields: FieldValues,
    /// Attachment slot → the id of a file the requester uploaded.
    pub attachments: BTreeMap<String, Uuid>,
    /// The NIK of the member of the resident's KK the letter is for; None for the resident.
    pub subject: Option<String>,
}

/// An action on a request, with its reason, and for a resubmission the new values.
#[derive(Debug, Clone)]
pub struct Step {
    pub request_id: Uuid,
    pub action: Action,
    pub note: String,
    pub fields: FieldValues,
    pub attachments: BTreeMap<String, Uuid>,
}

/// A resident asks for a letter for themself or for a member of their KK.
pub async fn submit(s: &Services, actor: &Actor, input: Submission) -> Result<Uuid> {
    let subject = resident_subject(s, actor, input.subject.as_deref()).await?;
    create(s, actor, input, &subject, Channel::Daring).await
}

/// Checks a submission as [`submit`] (or, with `counter_nik`, [`submit_at_counter`]) would,
/// writing nothing: the step before the resident confirms.
pub async fn check(s: &Services, actor: &Actor, input: Submission, counter_nik: Option<&str>) -> Result<()> {
    let subject = match counter_nik {
        Some(nik) => counter_resident(s, actor, nik).await?,
        None => resident_subject(s, actor, input.subject.as_deref()).await?,
    };
    prepare(s, actor, input, &subject).await.map(|_| ())
}

/// The person a resident's request is about: the resident, or the member of their KK whose
/// NIK is `other`.
async fn resident_subject(s: &Services, actor: &Actor, other: Option<&str>) -> Result<ResidentWithPlace> {
    if actor.role != Role::Warga {
        return Err(Error::Forbidden);
    }
    let user = db::users::by_id(&s.db.pool, actor.user_id).await?.ok_or(Error::Unauthorized)?;
    let nik = stored_nik(user.nik.as_deref().ok_or(Error::Forbidden)?)?;
    let me = s
        .population
        .person(&nik)
        .await?
        .ok_or_else(|| Error::Conflict("Data kependudukan Anda tidak ditemukan. Hubungi kelurahan.".into()))?;
    let other: String = other.unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
    if other.is_empty() || other == nik.as_str() {
        return Ok(me);
    }
    // Only members of the resident's own KK; anything else (not a NIK at all, too) gets the
    // same answer.
    let found = match Nik::parse(&other) {
        Ok(other) => s.population.person(&other).await?,
        Err(_) => None,
    };
    match found {
        Some(p) if p.resident.no_kk == me.resident.no_kk => Ok(p),
        _ => Err(Error::field("subject", "Pilih anggota KK Anda dari daftar.")),
    }
}

/// A kelurahan clerk opens a request for a resident at the counter.
pub async fn submit_at_counter(s: &Services, actor: &Actor, nik: &str, input: Submission) -> Result<Uuid> {
    let subject = counter_resident(s, actor, nik).await?;
    create(s, actor, input, &subject, Channel::Loket).await
}

/// An official opened request `id` (and with it the resident's record): in the audit log, for
/// the resident's access history.
pub async fn record_opened(s: &Services, actor: &Actor, id: Uuid) -> Result<()> {
    let (by, subject) = (actor.user_id.to_string(), id.to_string());
    let mut tx = s.db.begin().await?;
    let event = Event::new(AuditAction::PermohonanDibuka, Some(&by)).office(actor.office_code.as_deref());
    audit::record(&mut tx, event.subject(&subject)).await?;
    tx.commit().await?;
    Ok(())
}

/// The resident a clerk serves at the counter: in the clerk's own kelurahan only.
pub async fn counter_resident(s: &Services, actor: &Actor, nik: &str) -> Result<ResidentWithPlace> {
    if actor.role != Role::PetugasKelurahan {
        return Err(Error::Forbidden);
    }
    let nik = domain::Nik::parse(nik).map_err(|e| Error::field("nik", format!("{}.", capitalise(&e.to_string()))))?;
    let found = s.population.person(&nik).await?;
    let here = found.filter(|p| Some(p.resident.kelurahan_code.as_str()) == actor.office_code.as_deref());
    // Every look-up, found or not, in the audit log: who looked up whom (the resident as a
    // keyed hash), from which office.
    let mut tx = s.db.begin().await?;
    let subject = audit::nik_subject(&mut tx, &nik).await?;
    let by = actor.user_id.to_string();
    let detail = if here.is_some() { "" } else { "tidak ada di kelurahan ini" };
    let event = Event::new(AuditAction::LoketCari, Some(&by)).office(actor.office_code.as_deref()).detail(detail);
    audit::record(&mut tx, event.subject(&subject)).await?;
    tx.commit().await?;
    // Registered elsewhere or nowhere: one answer, so the counter tells nothing about other
    // kelurahan's residents.
    here.ok_or_else(|| {
        Error::field(
            "nik",
            "NIK ini tidak ada dalam data penduduk kelurahan ini. Periksa angkanya; warga kelurahan lain \
             dilayani di kelurahan tempat tinggalnya.",
        )
    })
}

/// A submission's letter type, its checked values and its attachments; all problems at once.
async fn prepare<'a>(
    s: &'a Services,
    actor: &Actor,
    input: Submission,
    subject: &ResidentWithPlace,
) -> Result<(&'a letters::Manifest, prepare::Prepared, Vec<(String, db::attachments::AttachmentRow)>)> {
    let info =
        s.catalogue.get(&input.letter_type).ok_or_else(|| Error::field("letter_type", "Jenis surat tidak dikenal."))?;
    let prepared = prepare::fields(s, actor, info, input.fields, subject).await;
    let uploads = prepare::attachments(s, info, actor.user_id, &input.attachments, &[]).await;
    match (prepared, uploads) {
        (Ok(p), Ok(u)) => Ok((info, p, u)),
        // Report field and attachment problems together.
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.extend(b);
            Err(Error::Invalid(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Checks and stores a new request about `subject`, asked for by `actor` (a resident or a
/// clerk at the counter).
async fn create(
    s: &Services,
    actor: &Actor,
    input: Submission,
    subject: &ResidentWithPlace,
    channel: Channel,
) -> Result<Uuid> {
    let (info, prepared, uploads) = prepare(s, actor, input, subject).await?;
    // At the counter the clerk submits on the resident's behalf: the resident's rule applies.
    let to = transition(info.route, None, Action::Submit, Role::Warga)?;
    let requester = actor.user_id;
    let snapshot = Snapshot::new(person_data(subject)).to_json()?;
    let id = Uuid::new_v4();
    let now = db::now_ms();
    let mut tx = s.db.begin().await?;
    let new = db::requests::NewRequest {
        id,
        letter_type: &info.code,
        route: info.route,
        requester_user_id: requester,
        subject_nik: subject.resident.nik.as_str(),
        kelurahan_code: &subject.resident.kelurahan_code,
        kecamatan_code: &subject.kecamatan_code,
        status: to,
        fields_json: &prepared.fields_json,
        snapshot_json: &snapshot,
        persons_json: &prepared.persons_json,
        channel,
        subject_name: &subject.resident.name,
    };
    let reference = super::reference::insert(&mut tx, &new, now).await?;
    prepare::link(&mut tx, id, requester, &uploads).await?;
    event(s, &mut tx, id, actor, None, to, None, None, now).await?;
    tx.commit().await?;
    s.outbox_wake.notify_one();
    tracing::info!(request_id = %id, reference = %reference, letter_type = %info.code, channel = channel.as_str(), attachments = uploads.len(), "request submitted");
    Ok(id)
}

/// A resident's list: what they asked for, and what a clerk opened for them at the counter.
pub async fn mine(s: &Services, actor: &Actor) -> Result<Vec<RequestRow>> {
    let user = db::users::by_id(&s.db.pool, actor.user_id).await?.ok_or(Error::Unauthorized)?;
    let nik = user.nik.unwrap_or_default();
    Ok(db::requests::for_resident(&s.db.pool, actor.user_id, &nik).await?)
}

/// Loads a request the actor may see; anything else is "not found", never "forbidden", so ids
/// of other offices cannot be probed.
pub async fn load_visible(s: &Services, actor: &Actor, id: Uuid) -> Result<RequestRow> {
    let row = db::requests::get(&s.db.pool, id).await?.ok_or(Error::NotFound)?;
    if can_see(actor, &row) {
        return Ok(row);
    }
    // A resident also sees what a clerk opened for them at the counter.
    if actor.role == Role::Warga && row.channel == Channel::Loket {
        let nik = db::users::by_id(&s.db.pool, actor.user_id).await?.and_then(|u| u.nik);
        if nik.as_deref() == Some(row.subject_nik.as_str()) {
            return Ok(row);
        }
    }
    Err(Error::NotFound)
}

pub fn can_see(actor: &Actor, row: &RequestRow) -> bool {
    let office = actor.office_code.as_deref();
    match actor.role {
        Role::Warga => row.requester_user_id == actor.user_id,
        Role::PetugasKelurahan | Role::Lurah => office == Some(row.kelurahan_code.as_str()),
        Role::PetugasKecamatan | Role::Camat => {
            office == Some(row.kecamatan_code.as_str()) && row.route == Route::Kecamatan && row.forwarded
        }
        Role::Admin | Role::AdminKantor => false,
    }
}

/// What `actor` may do with `row` now (a counter request's clerk acts for its resident: see
/// `domain::transition_on`).
pub fn actions_for(actor: &Actor, row: &RequestRow) -> Vec<Action> {
    domain::actions_on(row.channel, row.route, row.status, actor.role)
}

pub async fn act(s: &Services, actor: &Actor, input: Step) -> Result<()> {
    let row = load_visible(s, actor, input.request_id).await?;
    let (route, from) = (row.route, row.status);
    let to = domain::transition_on(row.channel, route, Some(from), input.action, actor.role)?;
    let note = input.note.trim();
    if input.action.needs_note() && note.is_empty() {
        return Err(Error::field("note", "Tuliskan alasannya agar pemohon tahu apa yang harus dilakukan."));
    }
    if note.chars().count() > 1000 {
        return Err(Error::field("note", "Catatan paling banyak 1000 karakter."));
    }
    match input.action {
        Action::Sign => {
            return Err(Error::Conflict(
                "Tanda tangan elektronik memerlukan passphrase: gunakan tombol Tandatangani.".into(),
            ));
        }
        Action::Revoke => {
            let letter = db::letters::by_request(&s.db.pool, row.id).await?.ok_or(Error::NotFound)?;
            let id = Uuid::parse_str(&letter.id).map_err(anyhow::Error::from)?;
            return revoke(s, actor, id, note).await;
        }
        _ => {}
    }
    let resubmission = if input.action == Action::Resubmit {
        let info = s.catalogue.get(&row.letter_type).ok_or_else(|| anyhow::anyhow!("letter type gone"))?;
        let subject =
            s.population.person(&row.subject_nik).await?.ok_or_else(|| {
                Error::Conflict("Data kependudukan pemohon tidak ditemukan. Hubungi kelurahan.".into())
            })?;
        let present: Vec<String> =
            db::attachments::for_request(&s.db.pool, row.id).await?.into_iter().filter_map(|a| a.slot).collect();
        let prepared = prepare::fields(s, actor, info, input.fields, &subject).await?;
        let uploads = prepare::attachments(s, info, row.requester_user_id, &input.attachments, &present).await?;
        Some((prepared, uploads))
    } else {
        None
    };
    let now = db::now_ms();
    let mut tx = s.db.begin().await?;
    if !db::requests::set_status(
        &mut *tx,
        row.id,
        from,
        row.version,
        to,
        resubmission.as_ref().map(|(p, _)| (p.fields_json.as_str(), p.persons_json.as_str())),
        now,
    )
    .await?
    {
        return Err(changed_meanwhile());
    }
    if let Some((_, uploads)) = &resubmission {
        prepare::link(&mut tx, row.id, row.requester_user_id, uploads).await?;
    }
    event(s, &mut tx, row.id, actor, Some(from), to, Some(note).filter(|n| !n.is_empty()), None, now).await?;
    tx.commit().await?;
    s.outbox_wake.notify_one();
    tracing::info!(request_id = %row.id, from = from.as_str(), to = to.as_str(), "transition");
    Ok(())
}

/// Withdraws signed letter `letter_id` with `reason`: an admin, or an official of the office
/// that signed it. The letter stays registered (and downloadable) but verifies as revoked.
pub async fn revoke(s: &Services, actor: &Actor, letter_id: Uuid, reason: &str) -> Result<()> {
    let reason = reason.trim();
    let letter = db::letters::get(&s.db.pool, &letter_id.to_string()).await?.ok_or(Error::NotFound)?;
    if !crate::verification::may_revoke(actor, &letter.office_code) {
        // Officials of other offices learn nothing about the letter.
        return Err(if actor.role == Role::Warga { Error::Forbidden } else { Error::NotFound });
    }
    if reason.is_empty() {
        return Err(Error::field(
            "reason",
            "Tuliskan alasan pencabutan; alasan ini ditampilkan kepada siapa pun yang memeriksa surat.",
        ));
    }
    if reason.chars().count() > 500 {
        return Err(Error::field("reason", "Alasan paling banyak 500 karakter."));
    }
    let request_id =
        Uuid::parse_str(&letter.request_id).map_err(|_| Error::corrupt(format!("letter {} request id", letter.id)))?;
    let row = db::requests::get(&s.db.pool, request_id).await?.ok_or(Error::NotFound)?;
    let (route, from) = (row.route, row.status);
    let to = transition(route, Some(from), Action::Revoke, actor.role)?;
    let now = db::now_ms();
    let mut tx = s.db.begin().await?;
    if !db::requests::set_status(&mut *tx, row.id, from, row.version, to, None, now).await?
        || !db::letters::revoke(&mut *tx, &letter.id, reason, now).await?
    {
        return Err(changed_meanwhile());
    }
    event(s, &mut tx, row.id, actor, Some(from), to, Some(reason), None, now).await?;
    tx.commit().await?;
    s.verified.forget(letter_id);
    s.outbox_wake.notify_one();
    tracing::info!(letter_id = %letter.id, request_id = %row.id, "letter revoked");
    Ok(())
}

pub fn changed_meanwhile() -> Error {
    Error::Conflict("Permohonan ini baru saja diubah oleh orang lain. Muat ulang halaman lalu coba lagi.".into())
}

/// Records a transition in the request's history and in the audit log (with `audit_detail`, or
/// "from → to" and the note), and queues the resident's notification if the step is one they
/// hear about; the last statements before the transaction commits.
#[allow(clippy::too_many_arguments)]
pub async fn event(
    s: &Services,
    tx: &mut db::Tx,
    request_id: Uuid,
    actor: &Actor,
    from: Option<RequestStatus>,
    to: RequestStatus,
    note: Option<&str>,
    audit_detail: Option<&str>,
    now: i64,
) -> Result<()> {
    db::requests::insert_event(
        &mut **tx,
        &db::requests::NewEvent {
            id: &Uuid::new_v4().to_string(),
            request_id,
            actor_user_id: actor.user_id,
            actor_role: actor.role,
            from_status: from,
            to_status: to,
            note,
        },
        now,
    )
    .await?;
    let action = match to {
        RequestStatus::Ditandatangani => AuditAction::SuratDitandatangani,
        RequestStatus::Dicabut => AuditAction::SuratDicabut,
        _ => AuditAction::PermohonanDiproses,
    };
    let detail = audit_detail.map_or_else(
        || {
            let step = format!("{} → {}", from.map_or("baru", |f| f.as_str()), to.as_str());
            note.map_or(step.clone(), |n| format!("{step}: {n}"))
        },
        str::to_string,
    );
    let office = db::requests::office_of(&mut **tx, request_id).await?;
    let (by, id) = (actor.user_id.to_string(), request_id.to_string());
    let e = Event::new(action, Some(&by)).office(office.as_deref()).subject(&id).detail(&detail);
    audit::record(tx, e).await?;
    super::deadlines::after_transition(&s.catalogue, &s.clock, tx, request_id, to).await?;
    crate::notifications::outbox::on_transition(s, tx, request_id, from, to, note, now).await?;
    Ok(())
}

/// The resident's record as it was at submission.
pub fn snapshot(row: &RequestRow) -> Result<Snapshot> {
    Snapshot::parse(&row.snapshot_json)
}
