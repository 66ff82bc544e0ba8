//! The data a template reads from `/data.json`, and plausible sample data for checking
//! templates. Field values are turned into what a letter prints: numbers as numbers, money as
//! `{angka, rupiah, terbilang}`, people as their population record, groups as lists.

use crate::Manifest;
use chrono::NaiveDate;
use domain::fields::{format_rupiah, terbilang_rupiah};
use domain::{FieldKind, FieldSpec, FieldValue, FieldValues};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Everything a template reads from `/data.json`: the only way into [`crate::TemplateSet::render`].
/// Field names are the templates' contract (see `letter-templates/README.md`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterData {
    /// `a4` or `f4`.
    pub paper: String,
    /// None: the template's default margins.
    pub margins: Option<Margins>,
    pub office: OfficeData,
    pub letter: LetterInfo,
    /// The person the letter is about, as recorded at submission.
    pub resident: PersonData,
    /// The letter type's fields as [`template_fields`] shapes them.
    pub fields: Value,
    pub signer: SignerData,
    /// Kecamatan letters: the lurah who approved it first ("Mengetahui").
    pub approval: Option<ApprovalData>,
}

/// Page margins in centimetres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Margins {
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub left: f64,
}

impl Margins {
    /// From millimetres: top, right, bottom, left.
    pub fn from_mm(mm: [i64; 4]) -> Margins {
        let [top, right, bottom, left] = mm.map(|v| v as f64 / 10.0);
        Margins { top, right, bottom, left }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficeData {
    /// "KOTA KUPANG".
    pub kota: String,
    /// "KECAMATAN OEBOBO".
    pub kecamatan: String,
    /// "KELURAHAN OEBOBO" for kelurahan letters; None for kecamatan letters.
    pub kelurahan: Option<String>,
    /// The office's own kop lines; None for the default tiers.
    pub kop: Option<Vec<String>>,
    pub address: String,
    pub place: String,
    /// The emblem's path in the template's world ([`crate::Emblem::path`]).
    pub emblem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterInfo {
    pub code: String,
    /// In capitals, as printed.
    pub title: String,
    pub number: String,
    pub date: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    /// Where the QR code leads.
    pub verify_url: String,
}

/// One person of the population record, as a letter prints them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonData {
    pub nik: String,
    pub no_kk: String,
    pub nama: String,
    pub tempat_lahir: String,
    /// YYYY-MM-DD.
    pub tanggal_lahir: String,
    pub jenis_kelamin: String,
    pub agama: String,
    pub status_perkawinan: String,
    pub pekerjaan: String,
    pub kewarganegaraan: String,
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub kelurahan: String,
    pub kecamatan: String,
    pub kota: String,
    pub hubungan_keluarga: String,
    pub nama_ibu: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignerData {
    pub name: String,
    pub nip: String,
    pub position: String,
    /// Pangkat/golongan, printed under the name.
    pub rank: Option<String>,
    /// "a.n. Lurah Oebobo" when signing on the head's behalf.
    pub on_behalf: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovalData {
    pub name: String,
    pub nip: String,
    pub position: String,
}

/// An office's layout settings as they reach a letter.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub paper: String,
    pub margins: Margins,
    pub kop: Option<Vec<String>>,
    pub address: String,
    pub place: String,
    pub emblem: Option<String>,
}

impl LetterData {
    /// Puts an office's layout on this letter (a sample letter checks new settings this way).
    pub fn apply_layout(&mut self, l: Layout) {
        self.paper = l.paper;
        self.margins = Some(l.margins);
        self.office.kop = l.kop;
        self.office.address = l.address;
        self.office.place = l.place;
        self.office.emblem = l.emblem;
    }
}

/// Population records of the people named in person fields, keyed by NIK.
pub type Persons = BTreeMap<String, PersonData>;

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
        FieldKind::PersonKk | FieldKind::PersonNik => match persons.get(text) {
            Some(p) => serde_json::to_value(p).unwrap_or(Value::Null),
            None => json!({ "nik": text }),
        },
        _ => json!(text),
    }
}

/// A sample person of the population record (Maria's family in Oebobo, and a neighbour).
pub fn sample_person(i: usize) -> PersonData {
    const PEOPLE: [(&str, &str, &str, &str, &str, &str); 4] = [
        ("5371041203880002", "YOHANES LENDE", "1988-03-12", "LAKI-LAKI", "KEPALA KELUARGA", "PNS"),
        ("5371045007150003", "KRISTINA LENDE", "2015-07-10", "PEREMPUAN", "ANAK", "PELAJAR/MAHASISWA"),
        ("5371020708850003", "PAULUS NDOEN", "1985-08-07", "LAKI-LAKI", "KEPALA KELUARGA", "NELAYAN"),
        ("5371024811600001", "ELISABETH NDOEN", "1960-11-08", "PEREMPUAN", "ORANG TUA", "MENGURUS RUMAH TANGGA"),
    ];
    let (nik, nama, lahir, jk, hub, kerja) = PEOPLE[i % PEOPLE.len()];
    person(nik, nama, lahir, jk, hub, kerja)
}

fn person(nik: &str, nama: &str, lahir: &str, jk: &str, hub: &str, kerja: &str) -> PersonData {
    PersonData {
        nik: nik.into(),
        no_kk: "5371040101150001".into(),
        nama: nama.into(),
        tempat_lahir: "KUPANG".into(),
        tanggal_lahir: lahir.into(),
        jenis_kelamin: jk.into(),
        agama: "KATHOLIK".into(),
        status_perkawinan: "KAWIN".into(),
        pekerjaan: kerja.into(),
        kewarganegaraan: "WNI".into(),
        alamat: "Jl. Frans Seda No. 12".into(),
        rt: "003".into(),
        rw: "001".into(),
        kelurahan: "Oebobo".into(),
        kecamatan: "Oebobo".into(),
        kota: "Kota Kupang".into(),
        hubungan_keluarga: hub.into(),
        nama_ibu: "KATARINA NDUN".into(),
    }
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
            let nik = p.nik.clone();
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
pub fn sample_data(m: &Manifest) -> LetterData {
    let (values, persons) = sample_values(m);
    let kecamatan = m.route == domain::Route::Kecamatan;
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let lurah = ("Yeskiel Loudoe, S.STP", "19800202 200212 1 003", "Lurah Oebobo", "Penata Tk. I (III/d)");
    let camat = ("Drs. Adrianus Ndoen", "19700101 199503 1 001", "Camat Oebobo", "Pembina Tk. I (IV/b)");
    let (name, nip, position, rank) = if kecamatan { camat } else { lurah };
    LetterData {
        paper: "a4".into(),
        margins: None,
        office: OfficeData {
            kota: "KOTA KUPANG".into(),
            kecamatan: "KECAMATAN OEBOBO".into(),
            kelurahan: (!kecamatan).then(|| "KELURAHAN OEBOBO".into()),
            kop: None,
            address: "Jl. Frans Seda No. 1, Kupang 85111".into(),
            place: "Kupang".into(),
            emblem: None,
        },
        letter: LetterInfo {
            code: m.code.clone(),
            title: m.title.to_uppercase(),
            number: format!("{}/001/{}/XI/2026", m.classification, if kecamatan { "KEC-OBB" } else { "KEL-OBB" }),
            date,
            valid_until: (m.validity_days > 0).then(|| date + chrono::Days::new(m.validity_days.into())),
            verify_url: "http://127.0.0.1:3000/v/00000000-0000-4000-8000-000000000000".into(),
        },
        resident: PersonData {
            nik: "5371045505900001".into(),
            nama: "MARIA GORETI LENDE".into(),
            tanggal_lahir: "1990-05-15".into(),
            jenis_kelamin: "PEREMPUAN".into(),
            pekerjaan: "WIRASWASTA".into(),
            hubungan_keluarga: "ISTRI".into(),
            ..person("", "", "", "", "", "")
        },
        fields: template_fields(&m.fields, &values, &persons),
        signer: SignerData {
            name: name.into(),
            nip: nip.into(),
            position: position.into(),
            rank: Some(rank.into()),
            on_behalf: None,
        },
        approval: kecamatan.then(|| ApprovalData {
            name: lurah.0.into(),
            nip: lurah.1.into(),
            position: lurah.2.into(),
        }),
    }
}
