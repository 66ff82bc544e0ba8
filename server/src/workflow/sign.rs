//! Signing: number, render, sign, store and register in one transaction.

use super::{changed_meanwhile, event, snapshot};
use crate::Services;
use crate::db::{self, requests::RequestRow};
use crate::error::Result;
use crate::signing::{SignError, SignerIdentity};
use app::AppError;
use app::model::SessionUser;
use chrono::Datelike;
use domain::{NumberInputs, NumberPattern, RequestStatus, Route};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub async fn sign(
    s: &Services,
    actor: &SessionUser,
    row: &RequestRow,
    route: Route,
    from: RequestStatus,
) -> Result<()> {
    let info =
        s.catalogue.info(&row.letter_type).ok_or_else(|| anyhow::anyhow!("letter type {} gone", row.letter_type))?;
    let office_code = match route {
        Route::Kelurahan => &row.kelurahan_code,
        Route::Kecamatan => &row.kecamatan_code,
    };
    let office = db::offices::get(&s.db.pool, office_code).await?.ok_or_else(|| anyhow::anyhow!("office gone"))?;
    let official_id = actor_official(s, actor).await?;
    let official = db::offices::official(&s.db.pool, &official_id)
        .await?
        .ok_or_else(|| AppError::Conflict("Data pejabat penanda tangan tidak ditemukan. Hubungi admin.".into()))?;
    let approval = match route {
        Route::Kecamatan => match db::requests::approver_official_id(&s.db.pool, &row.id).await? {
            Some(id) => db::offices::official(&s.db.pool, &id).await?,
            None => None,
        },
        Route::Kelurahan => None,
    };
    let pattern = NumberPattern::parse(&office.number_pattern)
        .map_err(|e| AppError::Conflict(format!("Pengaturan nomor surat kantor ini salah: {e}")))?;
    let classification = s.catalogue.classification(&row.letter_type).unwrap_or_default().to_string();
    let kota = s.place_names(&office).await?;
    // Everything that does not depend on the number is read before the transaction, so the
    // write lock is held for as short a time as possible.
    let manifest = s
        .catalogue
        .manifest(&row.letter_type)
        .ok_or_else(|| anyhow::anyhow!("letter type {} gone", row.letter_type))?;
    let fields: domain::FieldValues = serde_json::from_str(&row.fields_json).map_err(anyhow::Error::from)?;
    let persons: letters::Persons = serde_json::from_str(&row.persons_json).map_err(anyhow::Error::from)?;
    let emblem = match &office.emblem_key {
        Some(key) => Some(letters::Emblem::new(s.files.get(key).await?.to_vec()).map_err(anyhow::Error::from)?),
        None => None,
    };
    let layout = office.layout();

    let now = db::now_ms();
    let local = s.clock.local(now);
    let letter_id = Uuid::new_v4();
    let mut tx = s.db.begin().await?;
    // The status change comes first so that SQLite takes its write lock before anything else.
    if !db::requests::set_status(&mut *tx, &row.id, from.as_str(), row.version, "ditandatangani", None, now).await? {
        return Err(changed_meanwhile());
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
    let date = local.date_naive();
    let data = json!({
        "paper": office.paper,
        "margins": crate::settings::margins_cm(&layout),
        "office": {
            "kota": kota.kota.to_uppercase(),
            "kecamatan": format!("KECAMATAN {}", kota.kecamatan.to_uppercase()),
            "kelurahan": (route == Route::Kelurahan).then(|| format!("KELURAHAN {}", office.name.to_uppercase())),
            "kop": crate::settings::kop(&layout),
            "address": office.address,
            "place": office.place,
            "emblem": emblem.as_ref().map(|e| e.path()),
        },
        "letter": {
            "code": info.code,
            "title": info.title.to_uppercase(),
            "number": number.as_str(),
            "date": date.format("%Y-%m-%d").to_string(),
            "valid_until": (info.validity_days > 0)
                .then(|| (date + chrono::Days::new(info.validity_days.into())).format("%Y-%m-%d").to_string()),
            "verify_url": format!("{}/v/{letter_id}", s.config.public_url.trim_end_matches('/')),
        },
        "resident": snapshot(row)?,
        "fields": letters::template_fields(&manifest.fields, &fields, &persons),
        "signer": {
            "name": official.name, "nip": official.nip, "position": official.position,
            "rank": (!official.rank.is_empty()).then_some(&official.rank),
            "on_behalf": (!official.on_behalf.is_empty()).then_some(&official.on_behalf),
        },
        "approval": approval.map(|a| json!({ "name": a.name, "nip": a.nip, "position": a.position })),
    });
    let pdf = s.catalogue.render(&row.letter_type, data, emblem).await?;
    let who = SignerIdentity {
        official_id: official.id.clone(),
        name: official.name.clone(),
        nip: official.nip.clone(),
        position: official.position.clone(),
        office_code: office.code.clone(),
    };
    let signed = s.signer.sign(pdf, &who).await.map_err(|e| match e {
        SignError::Refused(msg) => AppError::Conflict(msg).into(),
        SignError::Failed(e) => crate::error::Error::Other(e),
    })?;
    let sha256 = hex::encode(Sha256::digest(&signed));
    let size = signed.len() as i64;
    let file_key = format!("letters/{letter_id}.pdf");
    s.files.put(&file_key, signed).await?;
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
        return Err(e);
    }
    tracing::info!(request_id = %row.id, letter_id = %letter_id, number = %number, "letter signed");
    Ok(())
}

async fn actor_official(s: &Services, actor: &SessionUser) -> Result<String> {
    let user = db::users::by_id(&s.db.pool, &actor.user_id.to_string()).await?.ok_or(AppError::Unauthorized)?;
    Ok(user
        .official_id
        .ok_or_else(|| AppError::Conflict("Akun Anda belum terhubung dengan data pejabat. Hubungi admin.".into()))?)
}
