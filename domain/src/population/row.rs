//! The rules of one data row: every field checked and normalised into a [`Person`], or every
//! [`Problem`] of the row.

use super::choices::{
    CITIZENSHIP_CHOICES, CITIZENSHIPS, Choices, MARITAL_CHOICES, RELATION_CHOICES, RELIGION_CHOICES, SEXES,
    collapse_spaces,
};
use super::header::{Column, Header};
use super::regions::{Issued, PROVINCES, Regions, digits};
use crate::nik::{Nik, NoKk, Sex};
use chrono::NaiveDate;
use std::fmt;

/// A valid row, normalised, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub nik: Nik,
    pub no_kk: NoKk,
    /// Trimmed, runs of whitespace made one space (likewise the other free-text fields).
    pub name: String,
    pub birth_place: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// One of [`RELIGIONS`](super::RELIGIONS).
    pub religion: &'static str,
    /// One of [`MARITAL_STATUSES`](super::MARITAL_STATUSES).
    pub marital_status: &'static str,
    pub occupation: String,
    /// One of [`CITIZENSHIPS`](super::CITIZENSHIPS).
    pub citizenship: &'static str,
    pub address: String,
    /// Three digits, zero-padded: "1" → "001".
    pub rt: String,
    /// Three digits, zero-padded.
    pub rw: String,
    /// "53.71.04.1001", from NO_PROP.NO_KAB.NO_KEC.NO_KEL, each zero-padded.
    pub kelurahan_code: String,
    /// One of [`FAMILY_RELATIONS`](super::FAMILY_RELATIONS).
    pub family_relation: &'static str,
    pub mother_name: String,
}

/// One reason a row is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `None`: the row as a whole.
    pub column: Option<Column>,
    /// Indonesian, starts lowercase (except for names like "NIK" and "No. KK"), no trailing period.
    pub reason: String,
}

impl fmt::Display for Problem {
    /// "Tanggal lahir: tanggal lahir di masa depan", or just the reason for the whole row.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}: {}", c.label(), self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

const MAX_NAME: usize = 100;
const MAX_ADDRESS: usize = 200;
const INVALID_DATE: &str = "tanggal tidak valid (gunakan HH-BB-TTTT, misalnya 15-05-1990)";

/// Validates one data row (fields as split by the CSV reader). Returns every problem of the
/// row, in column order, not just the first.
pub fn validate(fields: &[&str], header: &Header, regions: &Regions, today: NaiveDate) -> Result<Person, Vec<Problem>> {
    if fields.len() != header.width {
        return Err(vec![Problem {
            column: None,
            reason: format!("baris ini berisi {} kolom, seharusnya {}", fields.len(), header.width),
        }]);
    }
    let mut row = Row { fields, header, problems: Vec::new() };
    let draft = row.draft(regions, today);
    if !row.problems.is_empty() {
        let mut problems = row.problems;
        problems.sort_by_key(|p| p.column.map_or(0, |c| c.index() + 1));
        return Err(problems);
    }
    draft.person().ok_or_else(|| {
        // Every refused field has reported its problem above; this is only a safety net.
        debug_assert!(false, "a field was refused without a problem");
        vec![Problem { column: None, reason: "baris ini tidak dapat diperiksa".into() }]
    })
}

/// The fields of a row as checked: `None` where a field was refused (with a problem) or its
/// column is missing.
struct Draft {
    nik: Option<Nik>,
    no_kk: Option<NoKk>,
    name: Option<String>,
    birth_place: Option<String>,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
    religion: Option<&'static str>,
    marital_status: Option<&'static str>,
    occupation: Option<String>,
    citizenship: Option<&'static str>,
    address: Option<String>,
    rt: Option<String>,
    rw: Option<String>,
    kelurahan_code: Option<String>,
    family_relation: Option<&'static str>,
    mother_name: Option<String>,
}

impl Draft {
    /// The person, if every field was accepted.
    fn person(self) -> Option<Person> {
        Some(Person {
            nik: self.nik?,
            no_kk: self.no_kk?,
            name: self.name?,
            birth_place: self.birth_place?,
            birth_date: self.birth_date?,
            sex: self.sex?,
            religion: self.religion?,
            marital_status: self.marital_status?,
            occupation: self.occupation?,
            citizenship: self.citizenship?,
            address: self.address?,
            rt: self.rt?,
            rw: self.rw?,
            kelurahan_code: self.kelurahan_code?,
            family_relation: self.family_relation?,
            mother_name: self.mother_name?,
        })
    }
}

/// The province and kecamatan checks of a NIK or KK number (16 digits, shape already checked).
/// People move, so a number issued anywhere in Indonesia is fine as long as its kecamatan
/// exists: in the national region list when it is loaded, otherwise only numbers of this
/// deployment's own kab/kota are held to its kecamatan. The reason names the province or
/// kab/kota code, never the number.
fn region_problem(number: &str, what: &str, regions: &Regions) -> Option<String> {
    let b = number.as_bytes();
    let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    let province = two(0);
    if !PROVINCES.iter().any(|&p| u32::from(p) == province) {
        return Some(format!("kode provinsi pada {what} tidak dikenal"));
    }
    let kabkota = province * 100 + two(2);
    match regions.issuing_region(kabkota * 100 + two(4)) {
        Issued::Known => None,
        Issued::UnknownKecamatan if regions.national() => {
            Some(format!("kode kecamatan pada {what} tidak ada di daftar wilayah Kemendagri ({kabkota:04})"))
        }
        Issued::UnknownKecamatan => Some(format!("kode kecamatan pada {what} tidak dikenal di {kabkota:04}")),
        Issued::UnknownKabkota => Some(format!(
            "kode kabupaten/kota pada {what} tidak ada di daftar wilayah Kemendagri (provinsi {province:02})"
        )),
    }
}

/// One row being checked: its fields and the problems found so far.
struct Row<'a> {
    fields: &'a [&'a str],
    header: &'a Header,
    problems: Vec<Problem>,
}

impl<'a> Row<'a> {
    /// Checks every field of the row, collecting the problems.
    fn draft(&mut self, regions: &Regions, today: NaiveDate) -> Draft {
        let nik = self.required(Column::Nik).and_then(|v| self.parsed(Column::Nik, Nik::parse(v)));
        if let Some(nik) = &nik
            && let Some(reason) = region_problem(nik.as_str(), "NIK", regions)
        {
            self.fail(Column::Nik, reason);
        }
        let no_kk = self.required(Column::NoKk).and_then(|v| self.parsed(Column::NoKk, NoKk::parse(v)));
        if let Some(kk) = &no_kk
            && let Some(reason) = region_problem(kk.as_str(), "No. KK", regions)
        {
            self.fail(Column::NoKk, reason);
        }
        let name = self.text(Column::Nama, MAX_NAME, true);
        let birth_place = self.text(Column::TempatLahir, MAX_NAME, true);
        let birth_date = self.birth_date(today);
        let sex = self.choice(Column::JenisKelamin, &SEXES).and_then(Sex::from_code);
        if let (Some(nik), Some(birth), Some(sex)) = (&nik, birth_date, sex) {
            for e in nik.check_against(birth, sex) {
                self.fail(Column::Nik, e.to_string());
            }
        }
        let religion = self.choice(Column::Agama, &RELIGION_CHOICES);
        let marital_status = self.choice(Column::StatusKawin, &MARITAL_CHOICES);
        let occupation = self.text(Column::Pekerjaan, MAX_NAME, false);
        let family_relation = self.choice(Column::HubunganKeluarga, &RELATION_CHOICES);
        let mother_name = self.text(Column::NamaIbu, MAX_NAME, true);
        let address = self.text(Column::Alamat, MAX_ADDRESS, false);
        let rt = self.rt_rw(Column::Rt);
        let rw = self.rt_rw(Column::Rw);
        let kelurahan_code = self.kelurahan(regions);
        let citizenship = match self.header.position(Column::Kewarganegaraan) {
            None => Some(CITIZENSHIPS[0]),
            Some(_) => self.choice(Column::Kewarganegaraan, &CITIZENSHIP_CHOICES),
        };
        Draft {
            nik,
            no_kk,
            name,
            birth_place,
            birth_date,
            sex,
            religion,
            marital_status,
            occupation,
            citizenship,
            address,
            rt,
            rw,
            kelurahan_code,
            family_relation,
            mother_name,
        }
    }

    fn fail(&mut self, c: Column, reason: impl Into<String>) {
        self.problems.push(Problem { column: Some(c), reason: reason.into() });
    }

    fn parsed<T, E: fmt::Display>(&mut self, c: Column, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.fail(c, e.to_string())).ok()
    }

    /// The trimmed value of a column, or `None` (with a problem) when it is empty or holds
    /// control characters. `None` without a problem only for a column the header lacks.
    fn required(&mut self, c: Column) -> Option<&'a str> {
        let value = self.fields.get(self.header.position(c)?)?.trim();
        if value.is_empty() {
            self.fail(c, "wajib diisi");
            None
        } else if value.chars().any(char::is_control) {
            self.fail(c, "berisi karakter kendali");
            None
        } else {
            Some(value)
        }
    }

    fn text(&mut self, c: Column, max: usize, needs_letter: bool) -> Option<String> {
        let value = collapse_spaces(self.required(c)?);
        if value.len() > max && value.chars().count() > max {
            self.fail(c, format!("paling banyak {max} karakter"));
            None
        } else if needs_letter && !value.chars().any(char::is_alphabetic) {
            self.fail(c, "harus berisi huruf");
            None
        } else {
            Some(value)
        }
    }

    fn choice(&mut self, c: Column, choices: &Choices) -> Option<&'static str> {
        let value = self.required(c)?;
        let found = choices.find(value);
        if found.is_none() {
            self.fail(c, choices.unknown(value));
        }
        found
    }

    fn birth_date(&mut self, today: NaiveDate) -> Option<NaiveDate> {
        let c = Column::TanggalLahir;
        let Some(date) = parse_date(self.required(c)?) else {
            self.fail(c, INVALID_DATE);
            return None;
        };
        if date > today {
            self.fail(c, "tanggal lahir di masa depan");
        } else if date < NaiveDate::from_ymd_opt(1900, 1, 1)? {
            self.fail(c, "tanggal lahir sebelum 1900");
        }
        Some(date)
    }

    /// RT and RW: 1 to 3 digits, not zero, stored zero-padded to three.
    fn rt_rw(&mut self, c: Column) -> Option<String> {
        let value = self.required(c)?;
        match digits(value, 3) {
            Some(n) if n > 0 => Some(format!("{n:03}")),
            _ => {
                self.fail(c, "harus angka 1–999");
                None
            }
        }
    }

    fn code_part(&mut self, c: Column, max_digits: usize) -> Option<u32> {
        let value = self.required(c)?;
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            self.fail(c, "harus berupa angka");
            None
        } else if value.len() > max_digits {
            self.fail(c, format!("paling banyak {max_digits} angka"));
            None
        } else {
            value.parse().ok()
        }
    }

    fn kelurahan(&mut self, regions: &Regions) -> Option<String> {
        let p = self.code_part(Column::NoProp, 2);
        let k = self.code_part(Column::NoKab, 2);
        let c = self.code_part(Column::NoKec, 2);
        let l = self.code_part(Column::NoKel, 4);
        let (p, k, c, l) = (p?, k?, c?, l?);
        let code = format!("{p:02}.{k:02}.{c:02}.{l:04}");
        if regions.knows_kelurahan(p, k, c, l) {
            Some(code)
        } else {
            self.fail(Column::NoKel, format!("kelurahan {code} tidak dikenal di Serambi ini"));
            None
        }
    }
}

/// "15-05-1990", "15/05/1990", "5-1-1990", "1990-05-15" (also with `/`). The same separator
/// must be used twice; the year has four digits.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let sep = *s.as_bytes().iter().find(|b| !b.is_ascii_digit())?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    let mut parts = s.split(sep as char);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (y, m, d) = if a.len() == 4 {
        (a, b, c)
    } else if c.len() == 4 {
        (c, b, a)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(digits(y, 4)? as i32, digits(m, 2)?, digits(d, 2)?)
}

/// Registration answers: equal ignoring case and all whitespace
/// ("maria  goreti" == "MARIA GORETI" == "Maria Goreti"). Does not allocate.
pub fn same_name(a: &str, b: &str) -> bool {
    fn fold(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase)
    }
    fold(a).eq(fold(b))
}

#[cfg(test)]
mod tests;
