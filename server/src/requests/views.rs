//! Request rows as the UI shows them.

use super::snapshot::{Snapshot, parse_persons};
use super::{service, uploads};
use crate::Services;
use crate::accounts::Actor;
use crate::clock::Clock;
use crate::db::{
    self,
    requests::{EventRow, RequestRow},
};
use crate::error::{Error, Result};
use crate::population::views::{nik_warnings, person_data, resident_view};
use app::requests::{EventView, LetterView, RequestDetail, RequestSummary};
use domain::{Action, Channel, Role, available_actions};
use uuid::Uuid;

pub fn summary(s: &Services, row: &RequestRow, role: Role) -> Result<RequestSummary> {
    let (route, status) = (row.route, row.status);
    Ok(RequestSummary {
        id: row.id,
        reference: row.reference.to_string(),
        letter_title: s.catalogue.title(&row.letter_type).to_string(),
        subject_name: Snapshot::parse(&row.snapshot_json)?.resident.nama,
        kelurahan: row.kelurahan_name.clone(),
        office_kind: row.office_kind,
        status,
        submitted_label: s.clock.label(row.created_at),
        updated_label: s.clock.label(row.updated_at),
        // The signed-in official can sign it now (shown with a checkbox for batch signing).
        signable: available_actions(route, status, role).contains(&Action::Sign),
        clock: None,
    })
}

/// A service clock as the queue shows it.
pub fn clock(c: &domain::service_clock::Clock) -> app::requests::ServiceClockView {
    app::requests::ServiceClockView {
        used: c.used,
        standard: c.standard,
        due_label: c.due.filter(|_| !c.late).map(|d| domain::workdays::long_date(d.date)),
        late_by: u32::try_from(-c.left()).unwrap_or(0),
        waiting: c.paused,
    }
}

pub fn summaries(s: &Services, rows: &[RequestRow], role: Role) -> Result<Vec<RequestSummary>> {
    rows.iter().map(|r| summary(s, r, role)).collect()
}

pub fn event(e: &EventRow, clock: &Clock) -> EventView {
    EventView {
        at_label: clock.label(e.at),
        actor_name: e.actor_name.clone(),
        role: e.actor_role,
        from: e.from_status,
        to: e.to_status,
        note: e.note.clone(),
    }
}

fn parse_id(id: &str) -> Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| Error::corrupt(format!("id {id:?}")))
}

/// One request with everything the actor may see of it.
pub async fn detail(s: &Services, actor: &Actor, id: Uuid) -> Result<RequestDetail> {
    let row = service::load_visible(s, actor, id).await?;
    let actions = service::actions_for(actor, &row);
    let status = row.status;
    let manifest = s.catalogue.get(&row.letter_type).ok_or_else(|| anyhow::anyhow!("letter type gone"))?;
    let snapshot = Snapshot::parse(&row.snapshot_json)?.resident;
    let official = actor.role != Role::Warga;
    let current_record = if official {
        s.population.person(&row.subject_nik).await?.map(|r| resident_view(person_data(&r)))
    } else {
        None
    };
    let record_warnings = if official { nik_warnings(&snapshot) } else { Vec::new() };
    let events = db::requests::events(&s.db.pool, row.id).await?.iter().map(|e| event(e, &s.clock)).collect();
    let letter = match db::letters::by_request(&s.db.pool, row.id).await? {
        Some(l) => Some(LetterView {
            id: parse_id(&l.id)?,
            number: l.number,
            signed_label: s.clock.label(l.signed_at),
            signer_name: l.signer_name,
            signer_position: l.signer_position,
            download_url: format!("/surat/{}/unduh", row.id),
        }),
        None => None,
    };
    let mut persons = parse_persons(&row.persons_json)?;
    if !official {
        // A resident sees the people of their own KK; a NIK they typed stays a NIK to them, so
        // the record cannot be browsed by guessing numbers.
        persons.retain(|_, p| p.no_kk == snapshot.no_kk);
    }
    let attachments = uploads::views(manifest, db::attachments::for_request(&s.db.pool, row.id).await?);
    let at_counter = row.channel == Channel::Loket;
    let on_behalf = at_counter || Some(row.requester_user_id) != subject_user(s, &row).await?;
    // Residents are asked about the service; officials are not asked about their own.
    let survey_open = !official && crate::survey::open_for(s, &row).await?;
    Ok(RequestDetail {
        id,
        reference: row.reference.to_string(),
        status,
        fields: serde_json::from_str(&row.fields_json).map_err(|e| Error::corrupt(format!("fields: {e}")))?,
        persons: persons.into_iter().map(|(k, v)| (k, resident_view(v))).collect(),
        attachments,
        snapshot: resident_view(snapshot),
        current_record,
        record_warnings,
        events,
        letter,
        actions,
        survey_open,
        on_behalf,
        at_counter,
        requester: row.requester_name,
        kelurahan: row.kelurahan_name,
        office_kind: row.office_kind,
        kecamatan: row.kecamatan_name,
        letter_type: crate::catalogue::info(manifest, s.catalogue.max_upload_bytes),
    })
}

/// The account of the person a request is about, if they have one.
async fn subject_user(s: &Services, row: &RequestRow) -> Result<Option<Uuid>> {
    match db::users::by_nik(&s.db.pool, row.subject_nik.as_str()).await? {
        Some(u) => Ok(Some(parse_id(&u.id)?)),
        None => Ok(None),
    }
}
