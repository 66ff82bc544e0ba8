//! Data-correction notes: the record comes from Dukcapil and residents cannot edit it, but
//! they can tell their kelurahan what looks wrong; the kelurahan checks and passes it on.

use crate::Services;
use crate::accounts::Actor;
use crate::db::{self, corrections::CorrectionRow};
use crate::error::Error;
use crate::error::Result;
use domain::Role;
use domain::population::CORRECTION_FIELDS;
use uuid::Uuid;

/// Open notes one resident may have at a time.
const MAX_OPEN: i64 = 5;

/// A resident's note on `fields` of their record (labels from [`CORRECTION_FIELDS`]).
pub async fn report(s: &Services, actor: &Actor, chosen: &[String], note: &str) -> Result<CorrectionRow> {
    if actor.role != Role::Warga {
        return Err(Error::Forbidden);
    }
    let user = db::users::by_id(&s.db.pool, actor.user_id).await?.ok_or(Error::Unauthorized)?;
    let nik = user.nik.ok_or(Error::Forbidden)?;
    let record = s.population.person(&super::stored_nik(&nik)?).await?.ok_or(Error::NotFound)?;
    let mut problems = domain::Problems::new();
    let mut fields: Vec<&str> = Vec::new();
    for f in chosen {
        match CORRECTION_FIELDS.iter().find(|known| **known == f.as_str()) {
            Some(known) if !fields.contains(known) => fields.push(known),
            Some(_) => {}
            None => problems.entry("fields".into()).or_default().push(format!("Pilihan \"{f}\" tidak dikenal.")),
        }
    }
    if fields.is_empty() && problems.is_empty() {
        problems.entry("fields".into()).or_default().push("Pilih data mana yang menurut Anda salah.".into());
    }
    let note = note.trim();
    if note.chars().count() < 5 {
        problems.entry("note".into()).or_default().push(
            "Jelaskan apa yang salah dan seharusnya bagaimana (misalnya: tanggal lahir seharusnya 12-03-1990).".into(),
        );
    } else if note.chars().count() > 1000 {
        problems.entry("note".into()).or_default().push("Penjelasan paling banyak 1000 karakter.".into());
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if db::corrections::open_count(&s.db.pool, &nik).await? >= MAX_OPEN {
        return Err(Error::Conflict(format!(
            "Anda sudah punya {MAX_OPEN} laporan yang belum ditangani. Tunggu tanggapan kelurahan dulu."
        )));
    }
    let id = Uuid::new_v4().to_string();
    let joined = fields.join(", ");
    let c = db::corrections::NewCorrection {
        id: &id,
        nik: &nik,
        kelurahan_code: &record.resident.kelurahan_code,
        reporter_user_id: &user.id,
        fields: &joined,
        note,
    };
    db::corrections::insert(&s.db.pool, &c, db::now_ms()).await?;
    tracing::info!(correction_id = %id, kelurahan = %record.resident.kelurahan_code, "data correction reported");
    let row =
        db::corrections::get(&s.db.pool, &id).await?.ok_or_else(|| anyhow::anyhow!("correction {id} vanished"))?;
    Ok(row)
}

/// A resident's own notes; a kelurahan official's notes to handle (then `true`: they see whole NIKs).
pub async fn list(s: &Services, actor: &Actor) -> Result<(Vec<CorrectionRow>, bool)> {
    match actor.role {
        Role::Warga => {
            let user = db::users::by_id(&s.db.pool, actor.user_id).await?.ok_or(Error::Unauthorized)?;
            let Some(nik) = user.nik else { return Ok((Vec::new(), false)) };
            let rows = db::corrections::for_nik(&s.db.pool, &nik).await?;
            Ok((rows, false))
        }
        Role::PetugasKelurahan | Role::Lurah => {
            let office = actor.office_code.as_deref().ok_or(Error::Forbidden)?;
            let rows = db::corrections::for_kelurahan(&s.db.pool, office).await?;
            Ok((rows, true))
        }
        _ => Err(Error::Forbidden),
    }
}

pub async fn resolve(s: &Services, actor: &Actor, id: Uuid, response: &str) -> Result<CorrectionRow> {
    if !matches!(actor.role, Role::PetugasKelurahan | Role::Lurah) {
        return Err(Error::Forbidden);
    }
    let office = actor.office_code.as_deref().ok_or(Error::Forbidden)?;
    let response = response.trim();
    if response.is_empty() {
        return Err(Error::field(
            "response",
            "Tulis tanggapan untuk warga (misalnya: sudah diteruskan ke Dukcapil, bawa KK asli ke kantor).",
        ));
    }
    if response.chars().count() > 1000 {
        return Err(Error::field("response", "Tanggapan paling banyak 1000 karakter."));
    }
    let id = id.to_string();
    if !db::corrections::resolve(&s.db.pool, &id, office, &actor.user_id.to_string(), response, db::now_ms()).await? {
        // Another office's note, or one already handled: nothing to say about which.
        return Err(Error::NotFound);
    }
    tracing::info!(correction_id = %id, "data correction handled");
    let row = db::corrections::get(&s.db.pool, &id).await?.ok_or(Error::NotFound)?;
    Ok(row)
}
