//! Office settings an admin changes: paper, margins, kop surat, emblem, letter-number pattern
//! and counter scope. Every change is checked (and a sample letter rendered with it) before it
//! is saved, so a bad setting cannot break signing later.

use crate::Services;
use crate::audit::{self, Event};
use crate::db::{self, offices::Settings};
use crate::error::{Error, Result};
use chrono::Datelike;
use domain::{AuditAction, FileType, NumberPattern};

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
    /// A kelurahan/desa: whether its residents need an activation code to register.
    pub activation_required: Option<bool>,
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

/// The settings `change` asks for on top of `current`, each checked; every problem at once.
fn checked(current: Settings, change: Change) -> (Settings, domain::Problems) {
    let mut next = current;
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
    let numbering_changes = change.number_pattern.is_some() || change.counter_scope.is_some();
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
    // The pattern and the scope together must never give two letters the same number.
    if numbering_changes
        && !problems.contains_key("number_pattern")
        && let Ok(pattern) = NumberPattern::parse(&next.number_pattern)
        && let Some(why) = pattern.repeats(next.counter_scope == "klasifikasi")
    {
        problems
            .entry("number_pattern".to_string())
            .or_default()
            .push(format!("Pola nomor surat tidak dapat dipakai: {why}."));
    }
    (next, problems)
}

/// Saves an office's settings; `by` is the administrator (None: the command line).
pub async fn apply(s: &Services, by: Option<&str>, code: &str, change: Change) -> Result<db::offices::Office> {
    let office = db::offices::get(&s.db.pool, code).await?.ok_or(Error::NotFound)?;
    let mut change = change;
    let new_emblem = change.emblem.take();
    let for_residents = matches!(office.kind.as_str(), "kelurahan" | "desa");
    // Only a kelurahan/desa has residents who register; elsewhere the box is not on the form.
    let activation = change.activation_required.take().filter(|_| for_residents);
    let scope_before = office.layout().counter_scope;
    let (next, mut problems) = checked(office.layout(), change);
    // Switching the scope once this year's letters are numbered starts counters again from
    // numbers already given out (or from numbers the other scope will give out).
    if next.counter_scope != scope_before {
        let year = s.clock.today().year();
        if db::counters::used_in_year(&s.db.pool, code, i64::from(year)).await? {
            problems.entry("counter_scope".into()).or_default().push(format!(
                "Lingkup penomoran tidak dapat diubah di tengah tahun: surat tahun {year} sudah diberi nomor. \
                 Ubah pada awal tahun berikutnya, sebelum surat pertama ditandatangani."
            ));
        }
    }
    let mut bad = |k: &str, m: String| problems.entry(k.to_string()).or_default().push(m);
    let emblem = match &new_emblem {
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
        return Err(Error::Invalid(problems));
    }
    // A sample letter with the new settings must render before anything is saved.
    let layout = letters::Layout {
        paper: next.paper.clone(),
        margins: letters::Margins::from_mm(next.margins_mm),
        kop: crate::signing::kop_lines(&next.kop_lines),
        address: next.address.clone(),
        place: next.place.clone(),
        emblem: emblem.as_ref().map(|e| e.path().to_string()),
    };
    if let Err(e) = s.catalogue.render_sample(layout, emblem.clone()).await {
        tracing::warn!(error = %e, office = code, "office settings refused: sample letter failed");
        return Err(Error::invalid("Surat contoh tidak dapat dibuat dengan pengaturan ini (periksa gambar lambang)."));
    }
    let new_key = match &new_emblem {
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
    let activation_changes = activation.is_some_and(|a| a != (office.activation_required == 1));
    if let Some(required) = activation.filter(|_| activation_changes) {
        db::offices::set_activation_required(&mut *tx, code, required).await?;
    }
    let what = match (new_key.is_some(), activation) {
        (true, _) => "lambang",
        (false, Some(true)) if activation_changes => "pengaturan surat; kode aktivasi diwajibkan",
        (false, Some(false)) if activation_changes => "pengaturan surat; kode aktivasi tidak diwajibkan",
        _ => "pengaturan surat",
    };
    audit::record(&mut tx, Event::new(AuditAction::KantorDiubah, by).office(Some(code)).subject(code).detail(what))
        .await?;
    tx.commit().await?;
    if let (Some(_), Some(old)) = (&new_key, &office.emblem_key) {
        let _ = s.files.delete(old).await;
    }
    tracing::info!(office = code, "office settings changed");
    db::offices::get(&s.db.pool, code).await?.ok_or(Error::NotFound)
}

/// What an office's pattern gives for a Domisili letter signed today as the 7th of the year.
pub fn number_example(s: &Services, o: &db::offices::Office) -> String {
    use chrono::Datelike;
    let now = s.clock.local(db::now_ms());
    NumberPattern::parse(&o.number_pattern)
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
        .unwrap_or_else(|e| format!("(pola tidak valid: {e})"))
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
