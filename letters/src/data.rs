//! The data a template reads from `/data.json`, and plausible sample data for checking
//! templates. Field values are turned into what a letter prints: numbers as numbers, money as
//! `{angka, rupiah, terbilang}`, people as their population record, groups as lists.

use crate::Manifest;
use domain::fields::{format_rupiah, terbilang_rupiah};
use domain::{FieldKind, FieldSpec, FieldValue, FieldValues};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Population records of the people named in person fields, keyed by NIK, each shaped like
/// the `resident` object.
pub type Persons = BTreeMap<String, Value>;

/// The `fields` object of a letter's data. Every declared field is present; a field left
/// empty is `null`.
pub fn template_fields(specs: &[FieldSpec], values: &FieldValues, persons: &Persons) -> Value {
    let mut out = Map::new();
    for spec in specs {
        let v = match (spec.kind, values.get(&spec.name)) {
            (FieldKind::Group, Some(FieldValue::Rows(rows))) => Value::Array(
                rows.iter()
                    .map(|row| {
                        let mut obj = Map::new();
                        for sub in &spec.fields {
                            let v = row.get(&sub.name).map_or(Value::Null, |t| scalar(sub.kind, t, persons));
                            obj.insert(sub.name.clone(), v);
                        }
                        Value::Object(obj)
                    })
                    .collect(),
            ),
            (FieldKind::Group, _) => Value::Array(Vec::new()),
            (kind, Some(FieldValue::Text(t))) => scalar(kind, t, persons),
            _ => Value::Null,
        };
        out.insert(spec.name.clone(), v);
    }
    Value::Object(out)
}

fn scalar(kind: FieldKind, text: &str, persons: &Persons) -> Value {
    match kind {
        FieldKind::Number => text.parse::<i64>().map_or_else(|_| json!(text), |n| json!(n)),
        FieldKind::Money => match text.parse::<i64>() {
            Ok(n) => json!({ "angka": n, "rupiah": format_rupiah(n), "terbilang": terbilang_rupiah(n) }),
            Err(_) => json!({ "angka": null, "rupiah": text, "terbilang": null }),
        },
        FieldKind::PersonKk | FieldKind::PersonNik => {
            persons.get(text).cloned().unwrap_or_else(|| json!({ "nik": text }))
        }
        _ => json!(text),
    }
}

/// A sample person of the population record (Maria's family in Oebobo, and a neighbour).
pub fn sample_person(i: usize) -> Value {
    const PEOPLE: [(&str, &str, &str, &str, &str, &str); 4] = [
        ("5371041203880002", "YOHANES LENDE", "1988-03-12", "LAKI-LAKI", "KEPALA KELUARGA", "PNS"),
        ("5371045007150003", "KRISTINA LENDE", "2015-07-10", "PEREMPUAN", "ANAK", "PELAJAR/MAHASISWA"),
        ("5371020708850003", "PAULUS NDOEN", "1985-08-07", "LAKI-LAKI", "KEPALA KELUARGA", "NELAYAN"),
        ("5371024811600001", "ELISABETH NDOEN", "1960-11-08", "PEREMPUAN", "ORANG TUA", "MENGURUS RUMAH TANGGA"),
    ];
    let (nik, nama, lahir, jk, hub, kerja) = PEOPLE[i % PEOPLE.len()];
    json!({
        "nik": nik, "no_kk": "5371040101150001", "nama": nama, "tempat_lahir": "KUPANG", "tanggal_lahir": lahir,
        "jenis_kelamin": jk, "agama": "KATHOLIK", "status_perkawinan": "KAWIN", "pekerjaan": kerja,
        "kewarganegaraan": "WNI", "alamat": "Jl. Frans Seda No. 12", "rt": "003", "rw": "001",
        "kelurahan": "Oebobo", "kecamatan": "Oebobo", "kota": "Kota Kupang", "hubungan_keluarga": hub,
        "nama_ibu": "KATARINA NDUN",
    })
}

/// Sample values for every field of a manifest (its `example`s where given), and the people
/// they name.
pub fn sample_values(m: &Manifest) -> (FieldValues, Persons) {
    let mut persons = Persons::new();
    let mut next_person = 0;
    let mut sample = |spec: &FieldSpec, persons: &mut Persons| -> String {
        if spec.kind.is_person() {
            let p = sample_person(next_person);
            next_person += 1;
            let nik = p["nik"].as_str().unwrap_or_default().to_string();
            persons.insert(nik.clone(), p);
            return nik;
        }
        if let Some(e) = &spec.example {
            return domain::fields::normalize_text(spec.kind, e);
        }
        match spec.kind {
            FieldKind::LongText => format!("Contoh {}\nbaris kedua", spec.label.to_lowercase()),
            FieldKind::Number => spec.min.map_or(2, |m| m.max(2)).min(spec.max.unwrap_or(i64::MAX)).to_string(),
            FieldKind::Money => "2500000".into(),
            FieldKind::Date => "2026-01-31".into(),
            FieldKind::Time => "09:30".into(),
            FieldKind::Choice => spec.choices.first().cloned().unwrap_or_default(),
            _ => format!("Contoh {}", spec.label.to_lowercase()),
        }
    };
    let mut values = FieldValues::new();
    for spec in &m.fields {
        let v = if spec.kind == FieldKind::Group {
            let n = spec.min_rows().max(2).min(spec.max_rows()) as usize;
            FieldValue::Rows(
                (0..n)
                    .map(|_| spec.fields.iter().map(|sub| (sub.name.clone(), sample(sub, &mut persons))).collect())
                    .collect(),
            )
        } else {
            FieldValue::Text(sample(spec, &mut persons))
        };
        values.insert(spec.name.clone(), v);
    }
    (values, persons)
}

/// Data shaped like a real letter's, with every field of the manifest filled in.
pub fn sample_data(m: &Manifest) -> Value {
    let (values, persons) = sample_values(m);
    let kecamatan = m.route == domain::Route::Kecamatan;
    json!({
        "paper": "a4",
        "margins": null,
        "office": { "kota": "KOTA KUPANG", "kecamatan": "KECAMATAN OEBOBO",
                    "kelurahan": (!kecamatan).then_some("KELURAHAN OEBOBO"),
                    "kop": null,
                    "address": "Jl. Frans Seda No. 1, Kupang 85111", "place": "Kupang", "emblem": null },
        "letter": { "code": m.code, "title": m.title.to_uppercase(),
                    "number": format!("{}/001/{}/XI/2026", m.classification, if kecamatan { "KEC-OBB" } else { "KEL-OBB" }),
                    "date": "2026-11-23",
                    "valid_until": (m.validity_days > 0).then(|| {
                        (chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
                            + chrono::Days::new(m.validity_days.into())).format("%Y-%m-%d").to_string()
                    }),
                    "verify_url": "http://127.0.0.1:3000/v/00000000-0000-4000-8000-000000000000" },
        "resident": { "nik": "5371045505900001", "no_kk": "5371040101150001", "nama": "MARIA GORETI LENDE",
                      "tempat_lahir": "KUPANG", "tanggal_lahir": "1990-05-15", "jenis_kelamin": "PEREMPUAN",
                      "agama": "KATHOLIK", "status_perkawinan": "KAWIN", "pekerjaan": "WIRASWASTA",
                      "kewarganegaraan": "WNI", "alamat": "Jl. Frans Seda No. 12", "rt": "003", "rw": "001",
                      "kelurahan": "Oebobo", "kecamatan": "Oebobo", "kota": "Kota Kupang",
                      "hubungan_keluarga": "ISTRI", "nama_ibu": "KATARINA NDUN" },
        "fields": template_fields(&m.fields, &values, &persons),
        "signer": if kecamatan {
            json!({ "name": "Drs. Adrianus Ndoen", "nip": "19700101 199503 1 001", "position": "Camat Oebobo",
                    "rank": "Pembina Tk. I (IV/b)", "on_behalf": null })
        } else {
            json!({ "name": "Yeskiel Loudoe, S.STP", "nip": "19800202 200212 1 003", "position": "Lurah Oebobo",
                    "rank": "Penata Tk. I (III/d)", "on_behalf": null })
        },
        "approval": kecamatan.then(|| json!({
            "name": "Yeskiel Loudoe, S.STP", "nip": "19800202 200212 1 003", "position": "Lurah Oebobo" })),
    })
}
