//! What a submission or resubmission carries, checked before anything is written: field
//! values (normalised and re-checked with the same rules as the browser), the people they
//! name (looked up in the population record), and the attachments (the resident's own fresh
//! uploads, of an accepted type).

use super::snapshot::{Persons, persons_json};
use crate::Services;
use crate::accounts::Actor;
use crate::db::{self, attachments::AttachmentRow, residents::ResidentWithPlace};
use crate::error::Error;
use crate::error::Result;
use crate::limits::{self, PERSON_LOOKUP};
use crate::population::views::person_data;
use domain::attachment::attachment_key;
use domain::{FieldKind, FieldValues, FileType, Problems};
use letters::Manifest;
use std::collections::BTreeMap;
use uuid::Uuid;

pub struct Prepared {
    pub fields_json: String,
    pub persons_json: String,
}

/// Normalises and checks the values and resolves the people they name. `subject` is the
/// person the letter is about (their KK bounds person-from-KK fields).
pub async fn fields(
    s: &Services,
    actor: &Actor,
    info: &Manifest,
    raw: FieldValues,
    subject: &ResidentWithPlace,
) -> Result<Prepared> {
    let fields = domain::fields::normalize(&info.fields, raw);
    let mut problems = domain::fields::check(&info.fields, &fields, Some(s.clock.today()));
    let mut persons = Persons::new();
    if problems.is_empty() {
        let me = actor.user_id.to_string();
        let refs = domain::fields::person_refs(&info.fields, &fields);
        // "Not registered" tells whether a NIK exists: unknown NIKs are limited per account,
        // each look-up counted before it is made.
        for (spec, key, nik) in refs {
            let attempt = limits::attempt(&s.db, &PERSON_LOOKUP, &me).await??;
            let found = match domain::Nik::parse(nik) {
                Ok(nik) => s.population.person(&nik).await?,
                Err(_) => None,
            };
            if found.is_some() {
                attempt.not_counted(&s.db).await?;
            }
            match (spec.kind, found) {
                (FieldKind::PersonKk, Some(p)) if p.resident.no_kk == subject.resident.no_kk => {
                    persons.insert(nik.to_string(), person_data(&p));
                }
                (FieldKind::PersonKk, _) => {
                    problems
                        .entry(key)
                        .or_default()
                        .push(format!("{}: pilih anggota KK Anda dari daftar.", spec.label));
                }
                (_, Some(p)) => {
                    persons.insert(nik.to_string(), person_data(&p));
                }
                (_, None) => {
                    problems
                        .entry(key)
                        .or_default()
                        .push(format!("{}: NIK tidak terdaftar dalam data kependudukan.", spec.label));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let fields_json = serde_json::to_string(&fields).map_err(anyhow::Error::from)?;
    let persons_json = persons_json(&persons)?;
    Ok(Prepared { fields_json, persons_json })
}

/// Checks chosen uploads: each must be the actor's own, not yet used, and of a type the slot
/// accepts. `present` are slots the request already has (a resubmission keeps them).
pub async fn attachments(
    s: &Services,
    info: &Manifest,
    owner: Uuid,
    chosen: &BTreeMap<String, Uuid>,
    present: &[String],
) -> Result<Vec<(String, AttachmentRow)>> {
    let all: std::collections::BTreeSet<&String> = present.iter().chain(chosen.keys()).collect();
    let mut problems: Problems = domain::attachment::check_slots(&info.attachments, all);
    let mut rows = Vec::new();
    for (slot, id) in chosen {
        let Some(spec) = info.attachments.iter().find(|a| &a.name == slot) else { continue };
        let row = db::attachments::get(&s.db.pool, &id.to_string()).await?;
        let problem = match &row {
            Some(r) if r.owner_user_id == owner.to_string() && r.request_id.is_none() => {
                match FileType::parse(&r.file_type) {
                    Some(t) if spec.accepts(t) => None,
                    _ => Some(format!("{} harus berupa {}.", spec.label, spec.accepted_label())),
                }
            }
            _ => Some(format!("{}: berkas tidak ditemukan. Unggah ulang berkasnya.", spec.label)),
        };
        match (problem, row) {
            (Some(p), _) => problems.entry(attachment_key(slot)).or_default().push(p),
            (None, Some(r)) => rows.push((slot.clone(), r)),
            (None, None) => {}
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(rows)
}

/// Links checked uploads to a request inside its transaction, retiring what they replace.
pub async fn link(tx: &mut db::Tx, request_id: Uuid, owner: Uuid, rows: &[(String, AttachmentRow)]) -> Result<()> {
    for (slot, row) in rows {
        db::attachments::retire(&mut **tx, request_id, slot).await?;
        if !db::attachments::link(&mut **tx, &row.id, &owner.to_string(), request_id, slot).await? {
            return Err(Error::field(
                &attachment_key(slot),
                "Berkas ini sudah dipakai pada permohonan lain. Unggah ulang berkasnya.",
            ));
        }
    }
    Ok(())
}
