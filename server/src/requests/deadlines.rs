//! Each open request's deadline, kept on its row so the queue can filter and sort by it in one
//! indexed statement: `late_from`, the first day the request is late against its letter type's
//! service standard (`domain::service_clock::late_from`), and whether it was ever forwarded.
//!
//! Written after every transition (in its transaction), and for all open requests at start and
//! when the calendar's days off change (`serambi libur`), since a day off moves every deadline
//! after it.
//!
//! When a request is signed, its service time is fixed on the row the same way (working days
//! used, within the standard or not), for the dashboards and the open statistics.

use crate::catalogue::Catalogue;
use crate::clock::Clock;
use crate::db::{self, Db};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use domain::Calendar;
use domain::RequestStatus;
use domain::service_clock::{Step, late_from};
use std::collections::HashMap;
use uuid::Uuid;

/// After a transition to `to` in `tx`: the request's deadline from its history so far.
pub async fn after_transition(
    catalogue: &Catalogue,
    clock: &Clock,
    tx: &mut db::Tx,
    id: Uuid,
    to: RequestStatus,
) -> Result<()> {
    if to.is_final() && to != RequestStatus::Ditandatangani {
        // `set_status` stopped the clock already.
        return Ok(());
    }
    let letter_type = db::requests::letter_type_of(&mut **tx, id).await?.ok_or(Error::NotFound)?;
    let steps = db::requests::steps_of(&mut **tx, &[id]).await?;
    let calendar = crate::calendar::load_on(tx).await?;
    let steps: Vec<(String, i64)> = steps.into_iter().map(|(_, status, at)| (status, at)).collect();
    if to == RequestStatus::Ditandatangani {
        if let Some((used, within)) = service_time(clock, catalogue, &calendar, &letter_type, steps)? {
            db::requests::set_service_time(&mut **tx, id, used, within).await?;
        }
        return Ok(());
    }
    let history = history(clock, steps)?;
    let due = deadline(catalogue, &calendar, &letter_type, &history);
    db::requests::set_deadline(&mut **tx, id, due.as_deref(), to == RequestStatus::Diteruskan).await?;
    Ok(())
}

/// The working days from submission to signature of a history (the steps' statuses and
/// times), days back with the resident not counted, and whether that kept the letter type's
/// standard. None when the history has no signature or the letter type is gone. A revocation
/// after the signature adds nothing.
pub fn service_time(
    clock: &Clock,
    catalogue: &Catalogue,
    calendar: &Calendar,
    letter_type: &str,
    steps: Vec<(String, i64)>,
) -> Result<Option<(u32, bool)>> {
    let Some(manifest) = catalogue.get(letter_type) else { return Ok(None) };
    let Some(end) = steps.iter().position(|(st, _)| st == RequestStatus::Ditandatangani.as_str()) else {
        return Ok(None);
    };
    let history = history(clock, steps.into_iter().take(end + 1))?;
    let Some(signed_on) = history.last().map(|h| h.on) else { return Ok(None) };
    let clock = domain::service_clock::clock(calendar, manifest.service_days, &history, signed_on);
    Ok(Some((clock.used, !clock.late)))
}

/// `late_from` as stored ('YYYY-MM-DD'); None when nothing runs or the letter type is gone.
pub fn deadline(catalogue: &Catalogue, calendar: &Calendar, letter_type: &str, history: &[Step]) -> Option<String> {
    let standard = catalogue.get(letter_type)?.service_days;
    late_from(calendar, standard, history).map(|d| d.to_string())
}

/// A history as the clock reads it: each step's status and local date.
pub fn history(clock: &Clock, steps: impl IntoIterator<Item = (String, i64)>) -> Result<Vec<Step>> {
    steps
        .into_iter()
        .map(|(status, at)| {
            let status = RequestStatus::parse(&status).ok_or_else(|| Error::corrupt(format!("status {status:?}")))?;
            Ok(Step { on: clock.local(at).date_naive(), status })
        })
        .collect()
}

/// What a refresh of every open request changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Refreshed {
    pub open: u64,
    pub changed: u64,
    pub names_filled: u64,
    /// Signed requests whose service time was filled (signed before it was kept on the row).
    pub times_filled: u64,
}

/// Recomputes the deadline of every open request (500 at a time, each batch one transaction)
/// and fills the subject's name of rows stored before the queue kept it. At start and after
/// the days off changed.
pub async fn refresh_all(db: &Db, catalogue: &Catalogue, clock: &Clock) -> anyhow::Result<Refreshed> {
    let mut done = Refreshed::default();
    loop {
        let rows = db::requests::without_subject_name(&db.pool, 500).await?;
        if rows.is_empty() {
            break;
        }
        let mut tx = db.begin_write().await?;
        for (id, snapshot) in rows {
            let name = super::snapshot::Snapshot::parse(&snapshot).map(|s| s.resident.nama).unwrap_or_default();
            db::requests::set_subject_name(&mut *tx, &id, &name).await?;
            done.names_filled += 1;
        }
        tx.commit().await?;
    }
    let calendar = crate::calendar::load(db).await?;
    let mut after = String::new();
    loop {
        let signed = db::requests::signed_without_service_time(&db.pool, &after, 500).await?;
        let Some(last) = signed.last() else { break };
        after = last.0.clone();
        let ids: Vec<Uuid> = signed.iter().filter_map(|(id, _)| Uuid::parse_str(id).ok()).collect();
        let mut histories: HashMap<String, Vec<(String, i64)>> = HashMap::new();
        for (id, status, at) in db::requests::steps_of(&db.pool, &ids).await? {
            histories.entry(id).or_default().push((status, at));
        }
        let mut tx = db.begin_write().await?;
        for (id, letter_type) in &signed {
            let steps = histories.remove(id).unwrap_or_default();
            if let Some((used, within)) = service_time(clock, catalogue, &calendar, letter_type, steps)? {
                let id = Uuid::parse_str(id).map_err(|_| anyhow::anyhow!("request id {id:?}"))?;
                db::requests::set_service_time(&mut *tx, id, used, within).await?;
                done.times_filled += 1;
            }
        }
        tx.commit().await?;
    }
    let mut after = String::new();
    loop {
        let open = db::requests::open_after(&db.pool, &after, 500).await?;
        let Some(last) = open.last() else { break };
        after = last.0.clone();
        let ids: Vec<Uuid> = open.iter().filter_map(|(id, _, _)| Uuid::parse_str(id).ok()).collect();
        let mut histories: HashMap<String, Vec<(String, i64)>> = HashMap::new();
        for (id, status, at) in db::requests::steps_of(&db.pool, &ids).await? {
            histories.entry(id).or_default().push((status, at));
        }
        let mut changes = Vec::new();
        for (id, letter_type, stored) in &open {
            done.open += 1;
            let history = history(clock, histories.remove(id).unwrap_or_default())?;
            let due = deadline(catalogue, &calendar, letter_type, &history);
            if due.as_deref().unwrap_or(db::requests::NEVER) != stored {
                changes.push((id.clone(), due));
            }
        }
        if changes.is_empty() {
            continue;
        }
        let mut tx = db.begin_write().await?;
        for (id, due) in &changes {
            let id = Uuid::parse_str(id).map_err(|_| anyhow::anyhow!("request id {id:?}"))?;
            db::requests::set_deadline(&mut *tx, id, due.as_deref(), false).await?;
        }
        tx.commit().await?;
        done.changed += changes.len() as u64;
    }
    Ok(done)
}

/// "Late" as the queue filters it: `late_from` on or before today.
pub fn today(clock: &Clock) -> String {
    clock.today().to_string()
}

/// A stored `late_from` back as a date; None for NEVER.
pub fn parse(stored: &str) -> Option<NaiveDate> {
    (stored != db::requests::NEVER).then(|| NaiveDate::parse_from_str(stored, "%Y-%m-%d").ok()).flatten()
}
