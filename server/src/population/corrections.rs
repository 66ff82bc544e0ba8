//! Data-correction notes: the record comes from Dukcapil and residents cannot edit it, but
//! they can tell their kelurahan what looks wrong; the kelurahan checks and passes it on.

use crate::Services;
use crate::accounts::Actor;
use crate::clock::Clock;
use crate::db::{self, corrections::CorrectionRow};
use crate::error::Error;
use crate::error::Result;
use app::population::{CORRECTION_FIELDS, CorrectionInput, CorrectionResponse, CorrectionView};
use domain::Role;
use uuid::Uuid;

/// Open notes one resident may have at a time.
const MAX_OPEN: i64 = 5;

pub async fn report(s: &Services, actor: &Actor, input: CorrectionInput) -> Result<CorrectionView> {
    if actor.role != Role::Warga {
        return Err(Error::Forbidden);
    }
    let user = db::users::by_id(&s.db.pool, &actor.user_id.to_string()).await?.ok_or(Error::Unauthorized)?;
    let nik = user.nik.ok_or(Error::Forbidden)?;
    let record = s.population.person(&nik).await?.ok_or(Error::NotFound)?;
    let mut problems = domain::Problems::new();
    let mut fields: Vec<&str> = Vec::new();
    for f in &input.fields {
        match CORRECTION_FIELDS.iter().find(|known| **known == f.as_str()) {
            Some(known) if !fields.contains(known) => fields.push(known),
            Some(_) => {}
            None => problems.entry("fields".into()).or_default().push(format!("Pilihan \"{f}\" tidak dikenal.")),
        }
    }
    if fields.is_empty() && problems.is_empty() {
        problems.entry("fields".into()).or_default().push("Pilih data mana yang menurut Anda salah.".into());
    }
    let note = input.note.trim();
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
    Ok(view(&row, &s.clock, false))
}

/// A resident's own notes; a kelurahan official's notes to handle.
pub async fn list(s: &Services, actor: &Actor) -> Result<Vec<CorrectionView>> {
    match actor.role {
        Role::Warga => {
            let user = db::users::by_id(&s.db.pool, &actor.user_id.to_string()).await?.ok_or(Error::Unauthorized)?;
            let Some(nik) = user.nik else { return Ok(Vec::new()) };
            let rows = db::corrections::for_nik(&s.db.pool, &nik).await?;
            Ok(rows.iter().map(|r| view(r, &s.clock, false)).collect())
        }
        Role::PetugasKelurahan | Role::Lurah => {
            let office = actor.office_code.as_deref().ok_or(Error::Forbidden)?;
            let rows = db::corrections::for_kelurahan(&s.db.pool, office).await?;
            Ok(rows.iter().map(|r| view(r, &s.clock, true)).collect())
        }
        _ => Err(Error::Forbidden),
    }
}

pub async fn resolve(s: &Services, actor: &Actor, input: CorrectionResponse) -> Result<CorrectionView> {
    if !matches!(actor.role, Role::PetugasKelurahan | Role::Lurah) {
        return Err(Error::Forbidden);
    }
    let office = actor.office_code.as_deref().ok_or(Error::Forbidden)?;
    let response = input.response.trim();
    if response.is_empty() {
        return Err(Error::field(
            "response",
            "Tulis tanggapan untuk warga (misalnya: sudah diteruskan ke Dukcapil, bawa KK asli ke kantor).",
        ));
    }
    if response.chars().count() > 1000 {
        return Err(Error::field("response", "Tanggapan paling banyak 1000 karakter."));
    }
    let id = input.id.to_string();
    if !db::corrections::resolve(&s.db.pool, &id, office, &actor.user_id.to_string(), response, db::now_ms()).await? {
        // Another office's note, or one already handled: nothing to say about which.
        return Err(Error::NotFound);
    }
    tracing::info!(correction_id = %id, "data correction handled");
    let row = db::corrections::get(&s.db.pool, &id).await?.ok_or(Error::NotFound)?;
    Ok(view(&row, &s.clock, true))
}

fn view(r: &CorrectionRow, clock: &Clock, official: bool) -> CorrectionView {
    CorrectionView {
        id: r.id.parse().unwrap_or_default(),
        name: r.name.clone(),
        nik: if official { r.nik.clone() } else { domain::nik::mask(&r.nik) },
        fields: r.fields.clone(),
        note: r.note.clone(),
        done: r.status == "selesai",
        response: r.response.clone(),
        created_label: clock.label(r.created_at),
        handled_label: r.handled_at.map(|t| clock.label(t)),
    }
}
