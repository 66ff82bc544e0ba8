//! Office settings an admin changes: paper, margins, kop surat, emblem, letter-number pattern
//! and counter scope. Every change is checked (and a sample letter rendered with it) before it
//! is saved, so a bad setting cannot break signing later.

use crate::Services;
use crate::db::{self, offices::Settings};
use crate::error::Result;
use app::AppError;
use domain::{FileType, NumberPattern};
use serde_json::json;

/// What may change; `None` leaves a setting as it is.
#[derive(Debug, Default, Clone)]
pub struct Change {
    pub paper: Option<String>,
    /// Top, right, bottom, left in millimetres.
    pub margins_mm: Option<[i64; 4]>,
    /// Kop lines; an empty list restores the default tiers.
    pub kop_lines: Option<Vec<String>>,
    pub number_pattern: Option<String>,
    pub counter_scope: Option<String>,
    pub address: Option<String>,
    pub place: Option<String>,
    pub unit_code: Option<String>,
    /// New emblem image (PNG/JPEG), or `Some(None)` to remove it.
    pub emblem: Option<Option<Vec<u8>>>,
}

/// "25,20,25,30" → [25, 20, 25, 30].
pub fn parse_margins(s: &str) -> std::result::Result<[i64; 4], String> {
    let parts: Vec<i64> =
        s.split(',').map(|p| p.trim().parse::<i64>()).collect::<std::result::Result<_, _>>().map_err(|_| {
            "Margin ditulis sebagai empat angka milimeter: atas,kanan,bawah,kiri (mis. 25,20,25,30).".to_string()
        })?;
    <[i64; 4]>::try_from(parts).map_err(|_| {
        "Margin ditulis sebagai empat angka milimeter: atas,kanan,bawah,kiri (mis. 25,20,25,30).".to_string()
    })
}

pub async fn apply(s: &Services, code: &str, change: Change) -> Result<db::offices::Office> {
    let office = db::offices::get(&s.db.pool, code).await?.ok_or(AppError::NotFound)?;
    let mut next = office.layout();
    let mut problems = domain::Problems::new();
    let mut bad = |k: &str, m: String| problems.entry(k.to_string()).or_default().push(m);
    if let Some(p) = change.paper {
        if matches!(p.as_str(), "a4" | "f4") {
            next.paper = p
        } else {
            bad("paper", "Ukuran kertas harus a4 atau f4.".into())
        }
    }
    if let Some(m) = change.margins_mm {
        if m.iter().all(|v| (5..=60).contains(v)) {
            next.margins_mm = m;
        } else {
            bad("margins", "Setiap margin harus antara 5 dan 60 mm.".into());
        }
    }
    if let Some(lines) = change.kop_lines {
        let lines: Vec<String> = lines.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
        if lines.len() > 6 || lines.iter().any(|l| l.chars().count() > 100 || l.chars().any(char::is_control)) {
            bad("kop", "Kop surat paling banyak 6 baris, masing-masing paling banyak 100 karakter.".into());
        } else {
            next.kop_lines = lines.join("\n");
        }
    }
    if let Some(p) = change.number_pattern {
        match NumberPattern::parse(&p) {
            Ok(_) => next.number_pattern = p,
            Err(e) => bad("number_pattern", format!("Pola nomor surat tidak valid: {e}.")),
        }
    }
    if let Some(c) = change.counter_scope {
        if matches!(c.as_str(), "kantor" | "klasifikasi") {
            next.counter_scope = c;
        } else {
            bad("counter_scope", "Lingkup penomoran harus kantor atau klasifikasi.".into());
        }
    }
    for (key, label, value, target, max) in [
        ("address", "Alamat", change.address, &mut next.address, 200),
        ("place", "Tempat", change.place, &mut next.place, 60),
        ("unit_code", "Kode unit", change.unit_code, &mut next.unit_code, 30),
    ] {
        if let Some(v) = value {
            let v = v.trim().to_string();
            if v.is_empty()
                || v.chars().count() > max
                || v.chars().any(char::is_control)
                || (key == "unit_code" && v.contains('/'))
            {
                bad(key, format!("{label} wajib diisi, satu baris, paling banyak {max} karakter."));
            } else {
                *target = v;
            }
        }
    }
    let emblem = match &change.emblem {
        Some(Some(bytes)) => match FileType::sniff(bytes) {
            Some(FileType::Png | FileType::Jpeg) if bytes.len() <= 1024 * 1024 => {
                letters::Emblem::new(bytes.clone()).ok()
            }
            _ => {
                bad("emblem", "Lambang harus berupa gambar PNG atau JPEG, paling besar 1 MB.".into());
                None
            }
        },
        Some(None) => None,
        None => match &office.emblem_key {
            Some(key) => letters::Emblem::new(s.files.get(key).await?.to_vec()).ok(),
            None => None,
        },
    };
    if !problems.is_empty() {
        return Err(AppError::Validation(problems).into());
    }
    // A sample letter with the new settings must render before anything is saved.
    let office_json = json!({
        "kop": kop(&next), "address": next.address, "place": next.place,
        "emblem": emblem.as_ref().map(|e| e.path()),
    });
    if let Err(e) = s.catalogue.render_sample(office_json, &next.paper, margins_cm(&next), emblem.clone()).await {
        tracing::warn!(error = %e, office = code, "office settings refused: sample letter failed");
        return Err(AppError::invalid(
            "Surat contoh tidak dapat dibuat dengan pengaturan ini (periksa gambar lambang).",
        )
        .into());
    }
    let new_key = match &change.emblem {
        Some(Some(bytes)) => {
            let t = FileType::sniff(bytes).map(|t| t.extension()).unwrap_or("png");
            let key = format!("emblems/{}.{t}", uuid::Uuid::new_v4());
            s.files.put(&key, bytes.clone()).await?;
            Some(Some(key))
        }
        Some(None) => Some(None),
        None => None,
    };
    let mut tx = s.db.begin().await?;
    db::offices::update_settings(&mut *tx, code, &next).await?;
    if let Some(key) = &new_key {
        db::offices::set_emblem(&mut *tx, code, key.as_deref()).await?;
    }
    tx.commit().await?;
    if let (Some(_), Some(old)) = (&new_key, &office.emblem_key) {
        let _ = s.files.delete(old).await;
    }
    tracing::info!(office = code, "office settings changed");
    Ok(db::offices::get(&s.db.pool, code).await?.ok_or(AppError::NotFound)?)
}

/// The template's `margins` (in cm) for an office's layout.
pub fn margins_cm(l: &Settings) -> serde_json::Value {
    let [top, right, bottom, left] = l.margins_mm.map(|mm| mm as f64 / 10.0);
    json!({ "top": top, "right": right, "bottom": bottom, "left": left })
}

/// The template's `office.kop`: the office's own kop lines, or `None` for the default tiers.
pub fn kop(l: &Settings) -> Option<Vec<&str>> {
    let lines: Vec<&str> = l.kop_lines.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    (!lines.is_empty()).then_some(lines)
}

/// The admin's view of an office's settings.
pub fn view(s: &Services, o: &db::offices::Office) -> app::model::OfficeSettings {
    use chrono::Datelike;
    let now = s.clock.local(db::now_ms());
    let number_example = NumberPattern::parse(&o.number_pattern)
        .map(|p| {
            p.format(&domain::NumberInputs {
                classification: s.catalogue.classification("domisili").unwrap_or("400.12.2.1"),
                sequence: 7,
                unit: &o.unit_code,
                month: now.month(),
                year: now.year(),
            })
            .to_string()
        })
        .unwrap_or_else(|e| format!("(pola tidak valid: {e})"));
    app::model::OfficeSettings {
        code: o.code.clone(),
        kind: o.kind.clone(),
        name: o.name.clone(),
        layout: o.layout(),
        has_emblem: o.emblem_key.is_some(),
        number_example,
    }
}

/// The change an admin's form asks for.
pub fn from_input(input: app::model::OfficeSettingsInput) -> Change {
    let l = input.layout;
    Change {
        paper: Some(l.paper),
        margins_mm: Some(l.margins_mm),
        kop_lines: Some(l.kop_lines.lines().map(String::from).collect()),
        number_pattern: Some(l.number_pattern),
        counter_scope: Some(l.counter_scope),
        address: Some(l.address),
        place: Some(l.place),
        unit_code: Some(l.unit_code),
        emblem: input.remove_emblem.then_some(None),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn margins_are_four_millimetre_numbers() {
        assert_eq!(super::parse_margins("25, 20,25,30"), Ok([25, 20, 25, 30]));
        assert!(super::parse_margins("25,20,25").is_err());
        assert!(super::parse_margins("2.5,2,2.5,3").is_err());
    }
}
