//! Values as people type them: made canonical, checked, and the people they name.

use super::*;
use chrono::NaiveDate;

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
