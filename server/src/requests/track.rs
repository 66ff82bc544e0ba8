//! Tracking without logging in: a reference code and the birth date of the person the letter is
//! for. Wrong codes and wrong dates get the same answer, and failures are limited per client
//! like registration, so codes cannot be tried out; the answer holds nothing personal.

use super::snapshot::Snapshot;
use crate::error::{Error, Result};
use crate::limits::{self, Limit};
use crate::{Services, calendar, db};
use app::requests::{TrackInput, Tracked};
use chrono::NaiveDate;
use domain::{Reference, RequestStatus};

/// Wrong look-ups from one client: 10 in an hour lock tracking for that client for an hour.
pub const TRACK_PER_CLIENT: Limit =
    Limit { name: "lacak-klien", max_failures: 10, window_ms: 60 * 60_000, lock_ms: 60 * 60_000 };

/// Wrong birth dates for one code, from anywhere: 5 in an hour lock that code for an hour. A
/// code that does not exist counts the same, so a lock tells nothing.
pub const TRACK_PER_CODE: Limit =
    Limit { name: "lacak-kode", max_failures: 5, window_ms: 60 * 60_000, lock_ms: 60 * 60_000 };

const NO_MATCH: &str = "Kode permohonan atau tanggal lahir tidak cocok. Periksa kembali keduanya.";

pub async fn track(s: &Services, client: &str, input: TrackInput) -> Result<Tracked> {
    let row = find(s, client, &input).await?;
    let manifest = s.catalogue.get(&row.letter_type).ok_or_else(|| anyhow::anyhow!("letter type gone"))?;
    let submitted = s.clock.local(row.created_at).date_naive();
    let due = calendar::load(&s.db).await?.add_working_days(submitted, manifest.service_days);
    Ok(Tracked {
        reference: row.reference.to_string(),
        letter_title: manifest.title.clone(),
        status: row.status,
        office_kind: row.office_kind,
        last_step_label: s.clock.label(row.updated_at),
        due_label: domain::workdays::long_date(due.date),
        due_certain: due.certain,
        downloadable: row.status == RequestStatus::Ditandatangani,
        closed: row.status.is_final(),
        survey_open: crate::survey::open_for(s, &row).await?,
    })
}

/// The request with this reference code whose subject has this birth date, under the
/// tracking limits (the survey's form on the tracking page proves itself the same way).
pub async fn find(s: &Services, client: &str, input: &TrackInput) -> Result<db::requests::RequestRow> {
    let birth = NaiveDate::parse_from_str(input.tanggal_lahir.trim(), "%Y-%m-%d")
        .map_err(|_| Error::field("tanggal_lahir", "Isi tanggal lahir (tanggal, bulan dan tahun)."))?;
    let reference = Reference::parse(&input.reference).map_err(|_| {
        Error::field("reference", "Kode permohonan terdiri dari 6 huruf dan angka, contoh SRB-7K3Q-9M.")
    })?;
    // Counted before the look-up: many tries at once get no more guesses.
    let per_client = limits::attempt(&s.db, &TRACK_PER_CLIENT, client).await??;
    let per_code = match limits::attempt(&s.db, &TRACK_PER_CODE, reference.code()).await? {
        Ok(a) => a,
        Err(locked) => {
            per_client.not_counted(&s.db).await?;
            return Err(locked.into());
        }
    };
    let row = db::requests::by_reference(&s.db.pool, &reference).await?;
    let matched = match &row {
        Some(r) => Snapshot::parse(&r.snapshot_json)?.resident.tanggal_lahir == birth.to_string(),
        None => false,
    };
    let Some(row) = row.filter(|_| matched) else {
        return Err(Error::Conflict(NO_MATCH.into()));
    };
    per_client.not_counted(&s.db).await?;
    per_code.not_counted(&s.db).await?;
    Ok(row)
}
