//! Rows and regions shared by the tests of the header and the row rules.

use super::header::COLUMNS;
use super::{Column, Header, Person, Problem, Regions, validate};
use crate::nik::{Nik, NoKk, Sex};
use chrono::NaiveDate;

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) const TODAY: (i32, u32, u32) = (2025, 6, 1);
pub(super) const NIK: &str = "5371045505900001";
pub(super) const KK: &str = "5371041203150007";

/// Kota Kupang's six kecamatan, a few kelurahan each.
pub(super) fn kupang() -> Regions {
    let codes: Vec<String> =
        (1..=6).flat_map(|kec| (1001..=1003).map(move |kel| format!("53.71.{kec:02}.{kel}"))).collect();
    Regions::from_kelurahan(codes.iter().map(String::as_str))
}

pub(super) fn siak_header() -> Header {
    Header::parse(&Column::ALL.map(Column::header)).unwrap()
}

/// A good row in SIAK's column order.
pub(super) fn good() -> [&'static str; COLUMNS] {
    [
        NIK,
        KK,
        "MARIA  GORETI",
        "KUPANG",
        "15-05-1990",
        "P",
        "katolik",
        "2",
        "GURU",
        "3",
        "YOHANA SERAN",
        "JL. SOEKARNO NO. 5",
        "1",
        "02",
        "53",
        "71",
        "4",
        "1001",
        "wni",
    ]
}

pub(super) fn expected_person() -> Person {
    Person {
        nik: Nik::parse(NIK).unwrap(),
        no_kk: NoKk::parse(KK).unwrap(),
        name: "MARIA GORETI".into(),
        birth_place: "KUPANG".into(),
        birth_date: date(1990, 5, 15),
        sex: Sex::Perempuan,
        religion: "KATHOLIK",
        marital_status: "KAWIN",
        occupation: "GURU".into(),
        citizenship: "WNI",
        address: "JL. SOEKARNO NO. 5".into(),
        rt: "001".into(),
        rw: "002".into(),
        kelurahan_code: "53.71.04.1001".into(),
        family_relation: "ISTRI",
        mother_name: "YOHANA SERAN".into(),
    }
}

pub(super) fn row_with<'a>(changes: &[(Column, &'a str)]) -> Vec<&'a str> {
    let mut row: Vec<&'a str> = good().to_vec();
    for &(c, v) in changes {
        row[c.index()] = v;
    }
    row
}

pub(super) fn check(row: &[&str]) -> Result<Person, Vec<Problem>> {
    let (y, m, d) = TODAY;
    validate(row, &siak_header(), &kupang(), date(y, m, d))
}

pub(super) fn problems_with(changes: &[(Column, &str)]) -> Vec<Problem> {
    match check(&row_with(changes)) {
        Ok(p) => panic!("{changes:?} was accepted as {p:?}"),
        Err(problems) => problems,
    }
}

pub(super) fn on(c: Column, reason: &str) -> Problem {
    Problem { column: Some(c), reason: reason.to_owned() }
}
