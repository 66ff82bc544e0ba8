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

/// What `POST /api/v1/lacak` is sent.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct LacakMasukan {
    /// The reference code on the receipt, e.g. "SRB-7K3Q-9M" (case and dashes are forgiven).
    pub kode: String,
    /// The birth date of the person the letter is for, `YYYY-MM-DD`.
    pub tanggal_lahir: String,
}

/// Where a request stands, as the public API tells it: nothing personal.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StatusPermohonan {
    pub kode: String,
    /// The letter type, e.g. "Surat Keterangan Domisili".
    pub jenis: String,
    /// One of `diajukan`, `dikembalikan`, `diverifikasi`, `diteruskan`, `diverifikasi_kecamatan`,
    /// `ditandatangani`, `ditolak`, `dibatalkan`, `dicabut`.
    pub status: String,
    /// The status in words, e.g. "Diajukan, menunggu pemeriksaan kelurahan".
    pub keterangan: String,
    /// When the request last moved, e.g. "23 November 2026 14.05 WITA".
    pub langkah_terakhir: String,
    /// The service standard's due date, e.g. "27 November 2026"; `null` once the request is closed.
    pub tenggat: Option<String>,
    /// `false` when the calendar of days off for the due date's year is not complete yet.
    pub tenggat_pasti: bool,
    /// Signed, rejected, cancelled or revoked.
    pub selesai: bool,
    /// The signed letter is ready (downloading it needs logging in).
    pub siap_diunduh: bool,
    /// The satisfaction survey (SKM) may be answered now, on the tracking page.
    pub survei_terbuka: bool,
}

/// `POST /api/v1/lacak`: tracking for machines (a kiosk, a chat bot), under the same limits as
/// the page. The code and the birth date travel in the body, never in the address.
#[utoipa::path(
    post,
    path = "/api/v1/lacak",
    tag = "lacak",
    summary = "Lacak permohonan",
    description = "Kode permohonan dan tanggal lahir orang yang dimohonkan suratnya, dalam isi permintaan (JSON). \
                   Kode atau tanggal yang salah mendapat jawaban yang sama; 10 kesalahan dalam sejam dari satu \
                   klien, atau 5 untuk satu kode, mengunci pelacakan selama sejam.",
    request_body = LacakMasukan,
    responses(
        (status = 200, description = "Status permohonan.", body = StatusPermohonan),
        (status = 400, description = "Isi permintaan bukan JSON yang diharapkan.", body = crate::api_docs::ApiMessage),
        (status = 409, description = "Kode atau tanggal lahir tidak cocok, atau pelacakan sedang dikunci.", body = crate::api_docs::ApiMessage),
        (status = 422, description = "Kode atau tanggal tidak berbentuk benar.", body = crate::api_docs::ApiMessage),
    ),
)]
pub async fn api(
    axum::extract::State(s): axum::extract::State<std::sync::Arc<Services>>,
    parts: http::request::Parts,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let Ok(input) = serde_json::from_slice::<LacakMasukan>(&body) else {
        return crate::api_docs::api_refusal(
            http::StatusCode::BAD_REQUEST,
            "Kirim JSON berisi \"kode\" dan \"tanggal_lahir\" (TTTT-BB-HH).",
        );
    };
    let client = crate::accounts::client_address(&parts, s.config.trust_proxy);
    let input = TrackInput { reference: input.kode, tanggal_lahir: input.tanggal_lahir };
    match track(&s, &client, input).await {
        Ok(t) => axum::Json(StatusPermohonan {
            kode: t.reference,
            jenis: t.letter_title,
            status: t.status.as_str().to_string(),
            keterangan: t.status.label(t.office_kind),
            langkah_terakhir: t.last_step_label,
            tenggat: (!t.closed).then_some(t.due_label),
            tenggat_pasti: t.due_certain,
            selesai: t.closed,
            siap_diunduh: t.downloadable,
            survei_terbuka: t.survey_open,
        })
        .into_response(),
        Err(Error::Invalid(p)) => {
            // The page's field names, as the API calls them.
            let p = p.into_iter().map(|(k, v)| (if k == "reference" { "kode".into() } else { k }, v)).collect();
            crate::api_docs::api_error(Error::Invalid(p), "")
        }
        Err(e) => crate::api_docs::api_error(e, "Permohonan tidak ditemukan."),
    }
}
