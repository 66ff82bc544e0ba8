//! The extra fields of a letter type, as its manifest declares them, and the rules their values
//! obey. The browser runs these rules before sending a form and the server runs them again on
//! everything it receives: one source of truth, two places.
//!
//! Values travel as text (`FieldValue::Text`) or, for repeatable groups, as rows of text
//! (`FieldValue::Rows`). `normalize` turns what people type ("Rp 1.500.000", "9.05") into one
//! canonical form before checking and storing.

use crate::nik::Nik;
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// A whole number (e.g. an age or a count).
    Number,
    /// An amount in Rupiah, whole rupiah.
    Money,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A time of day, `HH:MM`.
    Time,
    /// One of the manifest's `choices`.
    Choice,
    /// A member of the subject's family card (KK), picked from a list; the value is their NIK.
    PersonKk,
    /// Anyone in the population record, given by NIK and looked up by the server.
    PersonNik,
    /// Repeatable rows of sub-fields (heirs, witnesses, family members moving).
    Group,
}

impl FieldKind {
    pub fn is_person(self) -> bool {
        matches!(self, FieldKind::PersonKk | FieldKind::PersonNik)
    }
}

/// Default caps so that no field is unbounded even when its manifest sets no limit.
pub const DEFAULT_MAX_TEXT: u32 = 200;
pub const DEFAULT_MAX_LONG_TEXT: u32 = 2000;
pub const DEFAULT_MAX_ROWS: u32 = 20;
/// Rp 1 000 000 000 000 000: more than any income or asset a kelurahan letter states.
pub const MAX_MONEY: i64 = 1_000_000_000_000_000;

/// One field of a letter type, as declared in `letter.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Key in the stored values and in the template's data: `a-z`, `0-9`, `_`.
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    /// Longest text, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    /// Smallest and largest value of a number or money field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// A date that must not be after today (births, deaths, losses).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_future: bool,
    /// The options of a choice field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A plausible value, used as sample data when the template is checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The sub-fields of a group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}

/// A field's value: text for every kind except groups, which hold rows of sub-field texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    Text(String),
    Rows(Vec<BTreeMap<String, String>>),
}

impl FieldValue {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(s) => Some(s),
            FieldValue::Rows(_) => None,
        }
    }
    pub fn rows(&self) -> &[BTreeMap<String, String>] {
        match self {
            FieldValue::Rows(r) => r,
            FieldValue::Text(_) => &[],
        }
    }
}

pub type FieldValues = BTreeMap<String, FieldValue>;

/// Problems by key: `name` for a field, `group.0.sub` for a sub-field in a group's first row,
/// `""` for the form as a whole. Messages are in Indonesian.
pub type Problems = BTreeMap<String, Vec<String>>;

/// The key under which a group row's sub-field is reported (rows count from 0).
pub fn row_key(group: &str, row: usize, sub: &str) -> String {
    format!("{group}.{row}.{sub}")
}

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

/// Canonical text for a kind: trimmed, `\r\n` as `\n`; money without "Rp", dots, spaces or a
/// `,00`/`,-` tail; numbers without spaces or thousands dots; times as `HH:MM`; NIKs without
/// spaces or dots.
pub fn normalize_text(kind: FieldKind, raw: &str) -> String {
    let s = raw.trim().replace("\r\n", "\n").replace('\r', "\n");
    match kind {
        FieldKind::Money => {
            let mut t = s.trim_start_matches(['R', 'r']).trim_start_matches(['P', 'p']).trim_start_matches('.').trim();
            for tail in [",00", ",-", ",0"] {
                if let Some(rest) = t.strip_suffix(tail) {
                    t = rest;
                    break;
                }
            }
            let digits: String = t.chars().filter(|c| !matches!(c, '.' | ' ' | '\u{a0}')).collect();
            digits
        }
        FieldKind::Number => {
            let t: String = s.chars().filter(|c| !matches!(c, ' ' | '\u{a0}')).collect();
            if t.len() > 4 && t.contains('.') && t.split('.').skip(1).all(|g| g.len() == 3) {
                t.replace('.', "")
            } else {
                t
            }
        }
        FieldKind::Time => {
            let t = s.replace('.', ":");
            match t.split_once(':') {
                Some((h, m)) if h.len() == 1 && h.chars().all(|c| c.is_ascii_digit()) => format!("0{h}:{m}"),
                _ => t,
            }
        }
        FieldKind::PersonKk | FieldKind::PersonNik => s.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect(),
        _ => s,
    }
}

/// Normalises every value: canonical texts, empty optional values and empty group rows dropped.
pub fn normalize(specs: &[FieldSpec], values: FieldValues) -> FieldValues {
    let mut out = FieldValues::new();
    for (name, value) in values {
        let Some(spec) = specs.iter().find(|s| s.name == name) else {
            // Unknown names are kept so that the check can refuse them by name.
            out.insert(name, value);
            continue;
        };
        let value = match value {
            FieldValue::Text(t) if spec.kind != FieldKind::Group => {
                let t = normalize_text(spec.kind, &t);
                if t.is_empty() {
                    continue;
                }
                FieldValue::Text(t)
            }
            FieldValue::Rows(rows) if spec.kind == FieldKind::Group => {
                let rows: Vec<BTreeMap<String, String>> = rows
                    .into_iter()
                    .map(|row| {
                        row.into_iter()
                            .map(|(k, v)| {
                                let kind = spec.fields.iter().find(|f| f.name == k).map_or(FieldKind::Text, |f| f.kind);
                                let v = normalize_text(kind, &v);
                                (k, v)
                            })
                            .filter(|(_, v)| !v.is_empty())
                            .collect::<BTreeMap<_, _>>()
                    })
                    .filter(|row| !row.is_empty())
                    .collect();
                if rows.is_empty() {
                    continue;
                }
                FieldValue::Rows(rows)
            }
            other => other,
        };
        out.insert(name, value);
    }
    out
}

/// Checks normalised values against their specs. Empty means acceptable.
pub fn check(specs: &[FieldSpec], values: &FieldValues, today: Option<NaiveDate>) -> Problems {
    let mut problems = Problems::new();
    let mut push = |key: String, msg: String| problems.entry(key).or_default().push(msg);
    for spec in specs {
        let value = values.get(&spec.name);
        if spec.kind == FieldKind::Group {
            let rows = match value {
                None => &[][..],
                Some(FieldValue::Rows(rows)) => rows.as_slice(),
                Some(FieldValue::Text(_)) => {
                    push(spec.name.clone(), format!("{} tidak dapat dibaca.", spec.label));
                    continue;
                }
            };
            let (min, max) = (spec.min_rows() as usize, spec.max_rows() as usize);
            if rows.len() < min {
                push(
                    spec.name.clone(),
                    if min == 1 {
                        format!("{} wajib diisi, paling sedikit satu baris.", spec.label)
                    } else {
                        format!("{} paling sedikit {min} baris.", spec.label)
                    },
                );
            }
            if rows.len() > max {
                push(spec.name.clone(), format!("{} paling banyak {max} baris.", spec.label));
            }
            for (i, row) in rows.iter().enumerate() {
                for sub in &spec.fields {
                    let v = row.get(&sub.name).map(String::as_str).unwrap_or("");
                    if let Err(e) = sub.check_text(v, today) {
                        push(row_key(&spec.name, i, &sub.name), format!("{} baris ke-{}: {e}", spec.label, i + 1));
                    }
                }
                for k in row.keys() {
                    if !spec.fields.iter().any(|f| &f.name == k) {
                        push(row_key(&spec.name, i, k), format!("Isian \"{k}\" tidak dikenal dalam {}.", spec.label));
                    }
                }
            }
            continue;
        }
        let text = match value {
            None => "",
            Some(FieldValue::Text(t)) => t.as_str(),
            Some(FieldValue::Rows(_)) => {
                push(spec.name.clone(), format!("{} tidak dapat dibaca.", spec.label));
                continue;
            }
        };
        if let Err(e) = spec.check_text(text, today) {
            push(spec.name.clone(), e);
        }
    }
    for name in values.keys() {
        if !specs.iter().any(|f| &f.name == name) {
            push(name.clone(), format!("Isian \"{name}\" tidak dikenal untuk surat ini."));
        }
    }
    problems
}

/// Every NIK named in person fields (top level and in groups), with the spec that asked for it
/// and its problem key.
pub fn person_refs<'a>(specs: &'a [FieldSpec], values: &'a FieldValues) -> Vec<(&'a FieldSpec, String, &'a str)> {
    let mut out = Vec::new();
    for spec in specs {
        match (spec.kind, values.get(&spec.name)) {
            (k, Some(FieldValue::Text(nik))) if k.is_person() => out.push((spec, spec.name.clone(), nik.as_str())),
            (FieldKind::Group, Some(FieldValue::Rows(rows))) => {
                for (i, row) in rows.iter().enumerate() {
                    for sub in spec.fields.iter().filter(|f| f.kind.is_person()) {
                        if let Some(nik) = row.get(&sub.name) {
                            out.push((sub, row_key(&spec.name, i, &sub.name), nik.as_str()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `1500000` → `Rp1.500.000,00` (the spelling of Pedoman Umum Ejaan Bahasa Indonesia).
pub fn format_rupiah(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{}Rp{grouped},00", if n < 0 { "-" } else { "" })
}

/// An amount in Indonesian words, as written beside amounts on letters: `1500000` →
/// "satu juta lima ratus ribu rupiah".
pub fn terbilang_rupiah(n: i64) -> String {
    let words = terbilang(n.unsigned_abs());
    let sign = if n < 0 { "minus " } else { "" };
    format!("{sign}{words} rupiah")
}

/// A whole number in Indonesian words ("seratus", "seribu", "sebelas"…).
pub fn terbilang(n: u64) -> String {
    const ONES: [&str; 12] =
        ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"];
    fn below_thousand(n: u64, out: &mut Vec<String>) {
        let (h, rest) = (n / 100, n % 100);
        match h {
            0 => {}
            1 => out.push("seratus".into()),
            _ => out.push(format!("{} ratus", ONES[h as usize])),
        }
        match rest {
            0 => {}
            1..=11 => out.push(ONES[rest as usize].into()),
            12..=19 => out.push(format!("{} belas", ONES[(rest - 10) as usize])),
            _ => {
                out.push(format!("{} puluh", ONES[(rest / 10) as usize]));
                if rest % 10 != 0 {
                    out.push(ONES[(rest % 10) as usize].into());
                }
            }
        }
    }
    if n == 0 {
        return "nol".into();
    }
    const SCALES: [(u64, &str); 5] = [
        (1_000_000_000_000_000, "biliar"),
        (1_000_000_000_000, "triliun"),
        (1_000_000_000, "miliar"),
        (1_000_000, "juta"),
        (1_000, "ribu"),
    ];
    let mut out = Vec::new();
    let mut rest = n;
    for (scale, word) in SCALES {
        let count = rest / scale;
        if count > 0 {
            if scale == 1_000 && count == 1 {
                out.push("seribu".into());
            } else {
                // Counts of a scale can exceed 999 only for the largest scale.
                let mut part = Vec::new();
                if count >= 1000 {
                    part.push(terbilang(count));
                } else {
                    below_thousand(count, &mut part);
                }
                out.push(format!("{} {word}", part.join(" ")));
            }
            rest %= scale;
        }
    }
    below_thousand(rest, &mut out);
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: FieldKind) -> FieldSpec {
        FieldSpec {
            name: "f".into(),
            label: "Isian".into(),
            kind,
            required: true,
            max_len: None,
            min: None,
            max: None,
            not_future: false,
            choices: vec![],
            help: None,
            example: None,
            fields: vec![],
            min_items: None,
            max_items: None,
        }
    }

    fn text(s: &str) -> FieldValue {
        FieldValue::Text(s.into())
    }

    #[test]
    fn words_for_amounts() {
        let cases = [
            (0, "nol"),
            (1, "satu"),
            (11, "sebelas"),
            (15, "lima belas"),
            (100, "seratus"),
            (110, "seratus sepuluh"),
            (1000, "seribu"),
            (1001, "seribu satu"),
            (2_500_000, "dua juta lima ratus ribu"),
            (1_500_750, "satu juta lima ratus ribu tujuh ratus lima puluh"),
            (1_000_000_000, "satu miliar"),
            (101_011_000, "seratus satu juta sebelas ribu"),
        ];
        for (n, w) in cases {
            assert_eq!(terbilang(n), w, "{n}");
        }
        assert_eq!(terbilang_rupiah(2_500_000), "dua juta lima ratus ribu rupiah");
        assert_eq!(format_rupiah(1_500_000), "Rp1.500.000,00");
        assert_eq!(format_rupiah(999), "Rp999,00");
        assert_eq!(format_rupiah(1000), "Rp1.000,00");
    }

    #[test]
    fn typed_values_become_canonical() {
        assert_eq!(normalize_text(FieldKind::Money, " Rp 1.500.000,00 "), "1500000");
        assert_eq!(normalize_text(FieldKind::Money, "Rp. 750.000,-"), "750000");
        assert_eq!(normalize_text(FieldKind::Money, "2000000"), "2000000");
        assert_eq!(normalize_text(FieldKind::Number, "1.250"), "1250");
        assert_eq!(normalize_text(FieldKind::Number, "3"), "3");
        assert_eq!(normalize_text(FieldKind::Time, "9.05"), "09:05");
        assert_eq!(normalize_text(FieldKind::Time, "14:30"), "14:30");
        assert_eq!(normalize_text(FieldKind::PersonNik, "5371 0455 0590 0001"), "5371045505900001");
        assert_eq!(normalize_text(FieldKind::LongText, " a\r\nb "), "a\nb");
    }

    #[test]
    fn every_kind_refuses_bad_values_in_indonesian() {
        let mut choice = spec(FieldKind::Choice);
        choice.choices = vec!["Hilang".into(), "Dicuri".into()];
        let mut money = spec(FieldKind::Money);
        money.max = Some(10_000_000);
        let mut number = spec(FieldKind::Number);
        number.min = Some(1);
        let mut past = spec(FieldKind::Date);
        past.not_future = true;
        let mut short = spec(FieldKind::Text);
        short.max_len = Some(3);
        let today = NaiveDate::from_ymd_opt(2026, 11, 23);
        let cases = [
            (spec(FieldKind::Text), "", "wajib diisi"),
            (short, "abcd", "paling banyak 3"),
            (spec(FieldKind::Text), "satu\ndua", "satu baris"),
            (spec(FieldKind::LongText), "a\u{0}b", "tidak diizinkan"),
            (spec(FieldKind::Number), "12a", "bilangan bulat"),
            (number, "0", "paling sedikit 1"),
            (spec(FieldKind::Money), "1,5 juta", "jumlah rupiah"),
            (spec(FieldKind::Money), "-5", "paling sedikit Rp0,00"),
            (money, "20000000", "paling banyak Rp10.000.000,00"),
            (spec(FieldKind::Date), "31-12-2026", "tanggal yang valid"),
            (spec(FieldKind::Date), "2026-02-30", "tanggal yang valid"),
            (past, "2026-11-24", "setelah hari ini"),
            (spec(FieldKind::Time), "25:00", "jam yang valid"),
            (spec(FieldKind::Time), "1430", "jam yang valid"),
            (choice, "Terbakar", "dari daftar"),
            (spec(FieldKind::PersonNik), "123", "16 angka"),
            (spec(FieldKind::PersonKk), "5371045505900001x", "16 angka"),
        ];
        for (spec, value, expected) in cases {
            let values = FieldValues::from([("f".to_string(), text(value))]);
            let values = normalize(std::slice::from_ref(&spec), values);
            let problems = check(std::slice::from_ref(&spec), &values, today);
            let msg = problems.get("f").map(|m| m.join(" ")).unwrap_or_default();
            assert!(msg.contains(expected), "{:?} {value:?}: {msg:?}", spec.kind);
        }
    }

    #[test]
    fn good_values_pass() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23);
        let cases = [
            (FieldKind::Text, "Toko Sembako Kasih"),
            (FieldKind::LongText, "baris satu\nbaris dua"),
            (FieldKind::Number, "3"),
            (FieldKind::Money, "Rp 2.500.000"),
            (FieldKind::Date, "2026-11-23"),
            (FieldKind::Time, "07:45"),
            (FieldKind::PersonNik, "5371045505900001"),
        ];
        for (kind, v) in cases {
            let s = spec(kind);
            let values = normalize(std::slice::from_ref(&s), FieldValues::from([("f".to_string(), text(v))]));
            assert!(check(std::slice::from_ref(&s), &values, today).is_empty(), "{kind:?} {v:?}");
        }
    }

    fn heirs() -> FieldSpec {
        let mut g = spec(FieldKind::Group);
        g.name = "ahli_waris".into();
        g.label = "Ahli waris".into();
        g.min_items = Some(1);
        g.max_items = Some(2);
        let mut nama = spec(FieldKind::Text);
        nama.name = "nama".into();
        nama.label = "Nama".into();
        let mut nik = spec(FieldKind::PersonNik);
        nik.name = "nik".into();
        nik.label = "NIK".into();
        nik.required = false;
        g.fields = vec![nama, nik];
        g
    }

    #[test]
    fn groups_check_each_row_and_their_count() {
        let g = heirs();
        let specs = std::slice::from_ref(&g);
        let row = |n: &str, k: &str| {
            BTreeMap::from([("nama".to_string(), n.to_string()), ("nik".to_string(), k.to_string())])
        };
        let values = normalize(
            specs,
            FieldValues::from([(
                "ahli_waris".into(),
                FieldValue::Rows(vec![row("Ana", "12"), row(" ", " "), row("", "5371045505900001")]),
            )]),
        );
        assert_eq!(values["ahli_waris"].rows().len(), 2, "the empty row is dropped");
        let problems = check(specs, &values, None);
        assert!(problems["ahli_waris.0.nik"][0].contains("baris ke-1"), "{problems:?}");
        assert!(problems["ahli_waris.1.nama"][0].contains("wajib diisi"), "{problems:?}");
        let none = check(specs, &FieldValues::new(), None);
        assert!(none["ahli_waris"][0].contains("paling sedikit satu"), "{none:?}");
        let many = FieldValues::from([(
            "ahli_waris".into(),
            FieldValue::Rows(vec![row("A", ""), row("B", ""), row("C", "")]),
        )]);
        assert!(check(specs, &normalize(specs, many), None)["ahli_waris"][0].contains("paling banyak 2"));
        let refs = person_refs(specs, &values);
        assert_eq!(refs.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["ahli_waris.0.nik", "ahli_waris.1.nik"]);
    }

    #[test]
    fn unknown_names_and_wrong_shapes_are_refused() {
        let g = heirs();
        let t = spec(FieldKind::Text);
        let specs = vec![g, t];
        let values = FieldValues::from([
            ("lain".into(), text("x")),
            ("ahli_waris".into(), text("Ana")),
            ("f".into(), FieldValue::Rows(vec![])),
        ]);
        let problems = check(&specs, &values, None);
        assert!(problems["lain"][0].contains("tidak dikenal"));
        assert!(problems["ahli_waris"][0].contains("tidak dapat dibaca"));
        assert!(problems["f"][0].contains("tidak dapat dibaca"));
    }

    #[test]
    fn manifest_entries_are_checked() {
        let mut c = spec(FieldKind::Choice);
        assert!(c.check_spec(false).iter().any(|p| p.contains("tanpa choices")));
        c.choices = vec!["A".into()];
        c.example = Some("B".into());
        assert!(c.check_spec(false).iter().any(|p| p.contains("example")));
        let mut g = heirs();
        g.fields.push(heirs());
        assert!(g.check_spec(false).iter().any(|p| p.contains("di dalam kelompok")));
        let mut m = spec(FieldKind::Text);
        m.min = Some(1);
        assert!(!m.check_spec(false).is_empty());
    }
}
