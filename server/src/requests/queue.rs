//! The officials' queue: what an office has, filtered, searched and ordered, a page at a time
//! (keyset paging: a page starts after the previous page's last row, so page 1,000 costs what
//! page 1 costs and a request arriving meanwhile shifts nothing). Each open request shows its
//! service clock; the late ones are counted.

use crate::Services;
use crate::accounts::Actor;
use crate::audit::{self, Event};
use crate::db::{
    self,
    requests::{QueueCursor, QueueOrder, QueueRow, QueueSearch, Scope},
};
use crate::error::{Error, Result};
use app::requests::{QueuePage, QueueQuery, RequestSummary, WorkCounts};
use chrono::{Days, NaiveDate};
use domain::{Action, AuditAction, Channel, Reference, RequestStatus, Role, available_actions};
use std::collections::HashMap;
use uuid::Uuid;

/// Rows per page.
pub const PAGE: i64 = 50;
/// A NIK's requests are shown at most this many, newest first.
const NIK_ROWS: i64 = 100;

/// The office's scope and the status that waits for this official's role.
fn scope(actor: &Actor) -> Result<(Scope<'_>, RequestStatus)> {
    let office = actor.office_code.as_deref().ok_or(Error::Forbidden)?;
    Ok(match actor.role {
        Role::PetugasKelurahan => (Scope::Kelurahan(office), RequestStatus::Diajukan),
        Role::Lurah => (Scope::Kelurahan(office), RequestStatus::Diverifikasi),
        Role::PetugasKecamatan => (Scope::Kecamatan(office), RequestStatus::Diteruskan),
        Role::Camat => (Scope::Kecamatan(office), RequestStatus::DiverifikasiKecamatan),
        Role::Warga | Role::Admin | Role::AdminKantor => return Err(Error::Forbidden),
    })
}

/// A page of the queue as `query` (the page's address) asks; bad parameters are refused with a
/// message per field, and nothing is read.
pub async fn page(s: &Services, actor: &Actor, query: &QueueQuery) -> Result<QueuePage> {
    let (scope, waiting) = scope(actor)?;
    let status = match query.status.as_deref() {
        None | Some("menunggu") => Some(waiting),
        Some("semua") => None,
        Some(other) => {
            Some(RequestStatus::parse(other).ok_or_else(|| Error::field("status", "Status tidak dikenal."))?)
        }
    };
    let letter_type = match query.jenis.as_deref() {
        None => None,
        Some(code) if s.catalogue.get(code).is_some() => Some(code),
        Some(_) => return Err(Error::field("jenis", "Jenis surat tidak dikenal.")),
    };
    let channel = match query.kanal.as_deref() {
        None => None,
        Some(c) => Some(Channel::parse(c).ok_or_else(|| Error::field("kanal", "Saluran tidak dikenal."))?),
    };
    let from = date(query.dari.as_deref(), "dari")?;
    let until = date(query.sampai.as_deref(), "sampai")?;
    if let (Some(f), Some(u)) = (from, until)
        && f > u
    {
        return Err(Error::field("sampai", "Tanggal akhir tidak boleh sebelum tanggal awal."));
    }
    let changed_since = date(query.diubah_sejak.as_deref(), "diubah_sejak")?;
    let search = search(query.cari.as_deref())?;
    let order = match query.urut.as_deref() {
        None if status == Some(waiting) => QueueOrder::Due,
        None => QueueOrder::Newest,
        Some("tenggat") => QueueOrder::Due,
        Some("terlama") => QueueOrder::Oldest,
        Some("terbaru") => QueueOrder::Newest,
        Some(_) => return Err(Error::field("urut", "Urutan tidak dikenal.")),
    };
    let after = query.setelah.as_deref().map(cursor).transpose()?;
    let today = s.clock.today().to_string();
    let search_ref = search.as_ref().map(|s| s.as_ref());
    let mut filter = db::requests::QueueFilter {
        scope,
        status,
        letter_type,
        channel,
        from_ms: from.map(|d| s.clock.start_of(d)),
        until_ms: until.and_then(|d| d.checked_add_days(Days::new(1))).map(|d| s.clock.start_of(d)),
        changed_from_ms: changed_since.map(|d| s.clock.start_of(d)),
        late_on: None,
        search: search_ref,
    };
    let (count, overdue) = db::requests::queue_counts(&s.db.pool, &filter, &today).await?;
    if query.lewat {
        filter.late_on = Some(&today);
    }
    let mut rows = db::requests::queue_page(&s.db.pool, &filter, order, after.as_ref(), PAGE + 1).await?;
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        rows.last().map(cursor_of)
    });
    Ok(QueuePage {
        items: summaries(s, actor, &rows).await?,
        next: next.flatten(),
        count: if query.lewat { overdue } else { count } as u64,
        overdue: overdue as u64,
        order: match order {
            QueueOrder::Due => "tenggat",
            QueueOrder::Oldest => "terlama",
            QueueOrder::Newest => "terbaru",
        }
        .into(),
    })
}

/// The requests of the official's scope for the person with `nik` (posted, never in an
/// address), newest first. Every search, found or not, is in the audit log under the
/// resident's keyed NIK hash, so the resident's access history shows it.
pub async fn by_nik(s: &Services, actor: &Actor, nik: &str) -> Result<QueuePage> {
    let (scope, _) = scope(actor)?;
    let nik =
        domain::Nik::parse(nik.trim()).map_err(|e| Error::field("nik", format!("{}.", sentence(&e.to_string()))))?;
    let search = QueueSearch::Nik(nik.as_str());
    let filter = db::requests::QueueFilter {
        scope,
        status: None,
        letter_type: None,
        channel: None,
        from_ms: None,
        until_ms: None,
        changed_from_ms: None,
        late_on: None,
        search: Some(search),
    };
    let today = s.clock.today().to_string();
    let (count, overdue) = db::requests::queue_counts(&s.db.pool, &filter, &today).await?;
    let rows = db::requests::queue_page(&s.db.pool, &filter, QueueOrder::Newest, None, NIK_ROWS).await?;
    let mut tx = s.db.begin().await?;
    let subject = audit::nik_subject(&mut tx, &nik).await?;
    let by = actor.user_id.to_string();
    let detail = format!("{count} permohonan");
    let event = Event::new(AuditAction::AntrianCariNik, Some(&by)).office(actor.office_code.as_deref()).detail(&detail);
    audit::record(&mut tx, event.subject(&subject)).await?;
    tx.commit().await?;
    Ok(QueuePage {
        items: summaries(s, actor, &rows).await?,
        next: None,
        count: count as u64,
        overdue: overdue as u64,
        order: "terbaru".into(),
    })
}

/// How many requests wait for this official's role; None for anyone without a queue.
pub async fn waiting_count(s: &Services, actor: &Actor) -> Result<Option<u64>> {
    let Ok((scope, waiting)) = scope(actor) else { return Ok(None) };
    let filter = db::requests::QueueFilter {
        scope,
        status: Some(waiting),
        letter_type: None,
        channel: None,
        from_ms: None,
        until_ms: None,
        changed_from_ms: None,
        late_on: None,
        search: None,
    };
    Ok(Some(db::requests::queue_count(&s.db.pool, &filter).await? as u64))
}

/// What needs the official now; four counts, each one indexed statement over the office.
pub async fn work_summary(s: &Services, actor: &Actor) -> Result<WorkCounts> {
    let (scope, waiting) = scope(actor)?;
    let today = s.clock.today();
    let (today_text, today_ms) = (today.to_string(), s.clock.start_of(today));
    let count = |status: Option<RequestStatus>, late: bool, changed: bool| {
        let filter = db::requests::QueueFilter {
            scope,
            status,
            letter_type: None,
            channel: None,
            from_ms: None,
            until_ms: None,
            changed_from_ms: changed.then_some(today_ms),
            late_on: late.then_some(today_text.as_str()),
            search: None,
        };
        async move { db::requests::queue_count(&s.db.pool, &filter).await }
    };
    Ok(WorkCounts {
        waiting: count(Some(waiting), false, false).await? as u64,
        overdue: count(None, true, false).await? as u64,
        returned: count(Some(RequestStatus::Dikembalikan), false, false).await? as u64,
        signed_today: count(Some(RequestStatus::Ditandatangani), false, true).await? as u64,
        today: today_text.clone(),
    })
}

fn sentence(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn date(text: Option<&str>, field: &str) -> Result<Option<NaiveDate>> {
    text.map(|t| {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map_err(|_| Error::field(field, "Tanggal tidak terbaca: tulis TAHUN-BULAN-TANGGAL, misalnya 2026-11-30."))
    })
    .transpose()
}

/// What the search box holds: a reference code, a letter number (it has a "/"), or part of a
/// name. A NIK typed there is refused: it must not travel in an address.
enum Search {
    Name(String),
    Reference(String),
    LetterNumber(String),
}

impl Search {
    fn as_ref(&self) -> QueueSearch<'_> {
        match self {
            Search::Name(n) => QueueSearch::Name(n),
            Search::Reference(r) => QueueSearch::Reference(r),
            Search::LetterNumber(n) => QueueSearch::LetterNumber(n),
        }
    }
}

fn search(text: Option<&str>) -> Result<Option<Search>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    if text.chars().count() > 100 {
        return Err(Error::field("cari", "Kata pencarian terlalu panjang: paling banyak 100 karakter."));
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if digits >= 12 && text.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()) {
        return Err(Error::field(
            "cari",
            "Nomor seperti NIK atau nomor KK tidak dicari di sini (alamat halaman tidak boleh memuatnya): gunakan kolom \"Cari dengan NIK\".",
        ));
    }
    if let Ok(reference) = Reference::parse(text) {
        return Ok(Some(Search::Reference(reference.code().to_string())));
    }
    if text.contains('/') {
        return Ok(Some(Search::LetterNumber(text.to_string())));
    }
    if text.chars().count() < 2 {
        return Err(Error::field("cari", "Tulis paling sedikit 2 huruf nama."));
    }
    Ok(Some(Search::Name(text.to_uppercase())))
}

/// A page's last row as the next page's `setelah`: `LATE_FROM.CREATED_AT.ID`.
fn cursor_of(row: &QueueRow) -> String {
    format!("{}.{}.{}", row.late_from, row.created_at, row.id)
}

fn cursor(text: &str) -> Result<QueueCursor> {
    let bad = || Error::field("setelah", "Halaman lanjutan tidak dikenal; mulai lagi dari halaman pertama.");
    let mut parts = text.splitn(3, '.');
    let (Some(late), Some(created), Some(id)) = (parts.next(), parts.next(), parts.next()) else { return Err(bad()) };
    if late != db::requests::NEVER && NaiveDate::parse_from_str(late, "%Y-%m-%d").is_err() {
        return Err(bad());
    }
    let created_at = created.parse::<i64>().map_err(|_| bad())?;
    let id = Uuid::parse_str(id).map_err(|_| bad())?;
    Ok(QueueCursor { late_from: late.to_string(), created_at, id: id.to_string() })
}

/// The rows as the list shows them, each open one with its service clock (the histories of
/// the page in one statement).
async fn summaries(s: &Services, actor: &Actor, rows: &[QueueRow]) -> Result<Vec<RequestSummary>> {
    let open: Vec<(Uuid, &str)> =
        rows.iter().filter(|r| !r.status.is_final()).map(|r| (r.id, r.letter_type.as_str())).collect();
    let clocks = clocks(s, &open).await?;
    Ok(rows
        .iter()
        .map(|r| RequestSummary {
            id: r.id,
            reference: r.reference.to_string(),
            letter_title: s.catalogue.title(&r.letter_type).to_string(),
            subject_name: r.subject_name.clone(),
            kelurahan: r.kelurahan_name.clone(),
            office_kind: r.office_kind,
            status: r.status,
            submitted_label: s.clock.label(r.created_at),
            updated_label: s.clock.label(r.updated_at),
            signable: available_actions(r.route, r.status, actor.role).contains(&Action::Sign),
            clock: clocks.get(&r.id).map(super::views::clock),
        })
        .collect())
}

/// The service clock of each of `open` (id, letter type), against its letter type's standard
/// and the working-day calendar.
pub async fn clocks(s: &Services, open: &[(Uuid, &str)]) -> Result<HashMap<Uuid, domain::service_clock::Clock>> {
    if open.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = open.iter().map(|(id, _)| *id).collect();
    let mut histories: HashMap<String, Vec<(String, i64)>> = HashMap::new();
    for (id, status, at) in db::requests::steps_of(&s.db.pool, &ids).await? {
        histories.entry(id).or_default().push((status, at));
    }
    let calendar = crate::calendar::load(&s.db).await?;
    let today = s.clock.today();
    let mut clocks = HashMap::new();
    for (id, letter_type) in open {
        let (Some(steps), Some(manifest)) = (histories.remove(&id.to_string()), s.catalogue.get(letter_type)) else {
            continue;
        };
        let history = super::deadlines::history(&s.clock, steps)?;
        clocks.insert(*id, domain::service_clock::clock(&calendar, manifest.service_days, &history, today));
    }
    Ok(clocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_box_tells_codes_numbers_and_names_apart_and_refuses_a_nik() {
        assert!(matches!(search(Some("  ")), Ok(None)));
        assert!(matches!(search(Some("srb-7k3q-9m")), Ok(Some(Search::Reference(_)))));
        assert!(matches!(search(Some("470/012/KEL-OBB/XI/2026")), Ok(Some(Search::LetterNumber(_)))));
        assert!(matches!(search(Some("maria")), Ok(Some(Search::Name(n))) if n == "MARIA"));
        assert!(search(Some("5371045505900001")).is_err());
        assert!(search(Some("5371 0455 0590 0001")).is_err());
        assert!(search(Some("a")).is_err());
    }

    #[test]
    fn a_cursor_reads_back_and_a_forged_one_is_refused() {
        let c = cursor("2026-12-01.1764500000000.7f3c2b4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f").unwrap();
        assert_eq!((c.late_from.as_str(), c.created_at), ("2026-12-01", 1_764_500_000_000));
        assert!(cursor("9999-12-31.5.7f3c2b4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f").is_ok());
        for bad in ["", "x", "2026-12-01.abc.7f3c2b4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "2026-13-01.5.x", "1' OR 1=1.5.x"] {
            assert!(cursor(bad).is_err(), "{bad}");
        }
    }
}
