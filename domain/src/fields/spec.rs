//! What a manifest may declare for a field, checked when templates load.

use super::*;
use crate::nik::Nik;
use chrono::{Datelike, NaiveDate, NaiveTime};

impl FieldSpec {
    /// Checks the manifest entry itself (not a value). Returns problems in Indonesian.
    pub fn check_spec(&self, in_group: bool) -> Vec<String> {
        let mut out = Vec::new();
        let who = format!("isian \"{}\"", self.name);
        if self.name.is_empty() || !self.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            out.push(format!("nama {who} hanya boleh berisi huruf kecil, angka dan _"));
        }
        if self.label.trim().is_empty() {
            out.push(format!("label {who} tidak boleh kosong"));
        }
        if self.max_len == Some(0) {
            out.push(format!("max_len {who} harus lebih dari 0"));
        }
        if let (Some(a), Some(b)) = (self.min, self.max)
            && a > b
        {
            out.push(format!("min {who} lebih besar dari max"));
        }
        if (self.min.is_some() || self.max.is_some()) && !matches!(self.kind, FieldKind::Number | FieldKind::Money) {
            out.push(format!("min/max hanya untuk jenis number dan money ({who})"));
        }
        if self.not_future && self.kind != FieldKind::Date {
            out.push(format!("not_future hanya untuk jenis date ({who})"));
        }
        match self.kind {
            FieldKind::Choice if self.choices.is_empty() => out.push(format!("{who} berjenis choice tanpa choices")),
            FieldKind::Choice if self.choices.iter().any(|c| c.trim().is_empty() || c.contains('\n')) => {
                out.push(format!("pilihan {who} tidak boleh kosong atau lebih dari satu baris"))
            }
            FieldKind::Choice => {}
            _ if !self.choices.is_empty() => out.push(format!("choices hanya untuk jenis choice ({who})")),
            _ => {}
        }
        if self.kind == FieldKind::Group {
            if in_group {
                out.push(format!("{who}: kelompok tidak boleh berada di dalam kelompok"));
            }
            if self.fields.is_empty() {
                out.push(format!("{who} berjenis group tanpa fields"));
            }
            let mut seen = std::collections::HashSet::new();
            for f in &self.fields {
                if !seen.insert(f.name.as_str()) {
                    out.push(format!("nama isian \"{}\" dipakai dua kali dalam {who}", f.name));
                }
                out.extend(f.check_spec(true));
            }
            if let (Some(a), Some(b)) = (self.min_items, self.max_items)
                && a > b
            {
                out.push(format!("min_items {who} lebih besar dari max_items"));
            }
        } else if !self.fields.is_empty() || self.min_items.is_some() || self.max_items.is_some() {
            out.push(format!("fields/min_items/max_items hanya untuk jenis group ({who})"));
        }
        if let Some(example) = &self.example
            && self.kind != FieldKind::Group
            && let Err(e) = self.check_text(&normalize_text(self.kind, example), None)
        {
            out.push(format!("example {who} tidak memenuhi aturannya sendiri: {e}"));
        }
        out
    }

    fn max_len_or_default(&self) -> u32 {
        self.max_len.unwrap_or(match self.kind {
            FieldKind::LongText => DEFAULT_MAX_LONG_TEXT,
            _ => DEFAULT_MAX_TEXT,
        })
    }

    /// The smallest number of rows a group needs.
    pub fn min_rows(&self) -> u32 {
        self.min_items.unwrap_or(0).max(u32::from(self.required))
    }

    pub fn max_rows(&self) -> u32 {
        self.max_items.unwrap_or(DEFAULT_MAX_ROWS)
    }

    /// Checks one normalised text value of a non-group field. `today` enables the not-future
    /// rule (the browser may not know the server's date; the server always passes it).
    pub fn check_text(&self, value: &str, today: Option<NaiveDate>) -> Result<(), String> {
        let label = &self.label;
        if value.is_empty() {
            return if self.required { Err(format!("{label} wajib diisi.")) } else { Ok(()) };
        }
        let max = self.max_len_or_default();
        if value.chars().count() > max as usize {
            return Err(format!("{label} paling banyak {max} karakter."));
        }
        if self.kind != FieldKind::LongText && value.contains(['\n', '\r']) {
            return Err(format!("{label} harus satu baris."));
        }
        if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(format!("{label} memuat karakter yang tidak diizinkan."));
        }
        match self.kind {
            FieldKind::Text | FieldKind::LongText | FieldKind::Group => Ok(()),
            FieldKind::Number | FieldKind::Money => {
                let n: i64 = value.parse().map_err(|_| match self.kind {
                    FieldKind::Money => format!("{label} harus berupa jumlah rupiah tanpa sen, misalnya 1.500.000."),
                    _ => format!("{label} harus berupa bilangan bulat."),
                })?;
                let show = |v: i64| if self.kind == FieldKind::Money { format_rupiah(v) } else { v.to_string() };
                let min = self.min.unwrap_or(if self.kind == FieldKind::Money { 0 } else { i64::MIN });
                let max = self.max.unwrap_or(if self.kind == FieldKind::Money { MAX_MONEY } else { i64::MAX });
                if n < min {
                    return Err(format!("{label} paling sedikit {}.", show(min)));
                }
                if n > max {
                    return Err(format!("{label} paling banyak {}.", show(max)));
                }
                Ok(())
            }
            FieldKind::Date => {
                let d = NaiveDate::parse_from_str(value, "%Y-%m-%d")
                    .ok()
                    .filter(|d| value.len() == 10 && d.year() >= 1900)
                    .ok_or_else(|| format!("{label} harus berupa tanggal yang valid (tttt-bb-hh)."))?;
                if self.not_future
                    && let Some(today) = today
                    && d > today
                {
                    return Err(format!("{label} tidak boleh setelah hari ini."));
                }
                Ok(())
            }
            FieldKind::Time => match NaiveTime::parse_from_str(value, "%H:%M") {
                Ok(_) if value.len() == 5 => Ok(()),
                _ => Err(format!("{label} harus berupa jam yang valid, misalnya 14:30.")),
            },
            FieldKind::Choice => {
                if self.choices.iter().any(|c| c == value) {
                    Ok(())
                } else {
                    Err(format!("Pilih {label} dari daftar yang tersedia."))
                }
            }
            FieldKind::PersonKk | FieldKind::PersonNik => match Nik::parse(value) {
                Ok(_) => Ok(()),
                Err(e) => Err(format!("{label}: {e}")),
            },
        }
    }
}
