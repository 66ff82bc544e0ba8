//! Turning rows into what the UI shows.

use crate::db::requests::{EventRow, RequestRow};
use crate::db::residents::ResidentWithPlace;
use app::model::{EventView, RequestSummary, ResidentView};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use domain::{RequestStatus, Role, Sex};

pub const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The deployment's clock: an offset from UTC and the name people use for it.
#[derive(Debug, Clone)]
pub struct Clock {
    pub offset: FixedOffset,
    pub zone: String,
}

impl Clock {
    pub fn new(hours: i32, zone: &str) -> Clock {
        Clock { offset: FixedOffset::east_opt(hours * 3600).expect("valid offset"), zone: zone.to_string() }
    }
    pub fn local(&self, ms: i64) -> DateTime<FixedOffset> {
        DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&self.offset)
    }
    /// Today's date where the deployment is.
    pub fn today(&self) -> NaiveDate {
        self.local(chrono::Utc::now().timestamp_millis()).date_naive()
    }
    /// "23 November 2026 14:05 WITA"
    pub fn label(&self, ms: i64) -> String {
        let t = self.local(ms);
        format!("{} {:02}:{:02} {}", date_label(t.date_naive()), t.hour(), t.minute(), self.zone)
    }
}

/// "23 November 2026"
pub fn date_label(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

fn iso_to_label(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(date_label).unwrap_or_else(|_| iso.to_string())
}

pub fn resident_view(r: &ResidentWithPlace) -> ResidentView {
    let p = &r.resident;
    ResidentView {
        nik: p.nik.clone(),
        no_kk: p.no_kk.clone(),
        nama: p.name.clone(),
        tempat_lahir: p.birth_place.clone(),
        tanggal_lahir: p.birth_date.clone(),
        jenis_kelamin: Sex::from_code(&p.sex).map(|s| s.label().to_string()).unwrap_or_else(|| p.sex.clone()),
        agama: p.religion.clone(),
        status_perkawinan: p.marital_status.clone(),
        pekerjaan: p.occupation.clone(),
        kewarganegaraan: p.citizenship.clone(),
        alamat: p.address.clone(),
        rt: p.rt.clone(),
        rw: p.rw.clone(),
        kelurahan: r.kelurahan_name.clone(),
        kecamatan: r.kecamatan_name.clone(),
        kota: r.kota_name.clone(),
        hubungan_keluarga: p.family_relation.clone(),
        nama_ibu: p.mother_name.clone(),
    }
}

/// The resident table with the birth date written out, for display.
pub fn for_display(mut r: ResidentView) -> ResidentView {
    r.tanggal_lahir = iso_to_label(&r.tanggal_lahir);
    r
}

pub fn summary(row: &RequestRow, title: &str, clock: &Clock) -> RequestSummary {
    let subject_name = serde_json::from_str::<ResidentView>(&row.snapshot_json).map(|r| r.nama).unwrap_or_default();
    RequestSummary {
        id: row.id.parse().unwrap_or_default(),
        letter_title: title.to_string(),
        subject_name,
        kelurahan: row.kelurahan_name.clone(),
        status: RequestStatus::parse(&row.status).unwrap_or(RequestStatus::Diajukan),
        submitted_label: clock.label(row.created_at),
        updated_label: clock.label(row.updated_at),
        signable: false,
    }
}

pub fn event(e: &EventRow, clock: &Clock) -> EventView {
    EventView {
        at_label: clock.label(e.at),
        actor_name: e.actor_name.clone(),
        role: Role::parse(&e.actor_role).unwrap_or(Role::Warga),
        from: e.from_status.as_deref().and_then(RequestStatus::parse),
        to: RequestStatus::parse(&e.to_status).unwrap_or(RequestStatus::Diajukan),
        note: e.note.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_written_in_indonesian_local_time() {
        let clock = Clock::new(8, "WITA");
        // 2026-11-23 06:05 UTC is 14:05 in Kupang.
        let ms = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(6, 5, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        assert_eq!(clock.label(ms), "23 November 2026 14:05 WITA");
        assert_eq!(iso_to_label("1990-05-15"), "15 Mei 1990");
    }
}
