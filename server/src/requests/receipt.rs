//! The receipt a resident sees right after submitting (GOV.UK's confirmation page): the
//! reference code, the date the office promises counted in working days, who signs, and what
//! to bring, if anything.

use super::service;
use crate::accounts::Actor;
use crate::error::Result;
use crate::{Services, calendar, db};
use app::requests::RequestReceipt;
use domain::{Channel, Route};
use uuid::Uuid;

pub async fn receipt(s: &Services, actor: &Actor, id: Uuid) -> Result<RequestReceipt> {
    let row = service::load_visible(s, actor, id).await?;
    let manifest = s.catalogue.get(&row.letter_type).ok_or_else(|| anyhow::anyhow!("letter type gone"))?;
    let submitted = s.clock.local(row.created_at).date_naive();
    let due = calendar::load(&s.db).await?.add_working_days(submitted, manifest.service_days);
    let signer = match row.route {
        Route::Kelurahan => format!("{} {}", row.office_kind.head_title(), row.kelurahan_name),
        Route::Kecamatan => format!("Camat {}", row.kecamatan_name),
    };
    let notified = !db::notifications::for_request(&s.db.pool, &row.id.to_string()).await?.is_empty();
    Ok(RequestReceipt {
        id: row.id,
        reference: row.reference.to_string(),
        letter_title: manifest.title.clone(),
        subject_name: super::snapshot::Snapshot::parse(&row.snapshot_json)?.resident.nama,
        office: row.office_kind.office_name(&row.kelurahan_name),
        submitted_label: s.clock.label(row.created_at),
        service_days: manifest.service_days,
        due_label: domain::workdays::long_date(due.date),
        due_certain: due.certain,
        signer,
        bring: manifest.bring.clone(),
        notified,
        at_counter: row.channel == Channel::Loket,
    })
}
