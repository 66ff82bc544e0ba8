//! NIK (Nomor Induk Kependudukan) and No. KK (Kartu Keluarga number).
//!
//! NIK = province (2) + kab/kota (2) + kecamatan (2) + birth date DDMMYY (day + 40 for women)
//! + serial (4, from 0001). It can be checked against a record's birth date and sex.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    #[serde(rename = "L")]
    LakiLaki,
    #[serde(rename = "P")]
    Perempuan,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::LakiLaki => "L",
            Sex::Perempuan => "P",
        }
    }
    pub fn from_code(s: &str) -> Option<Sex> {
        match s {
            "L" => Some(Sex::LakiLaki),
            "P" => Some(Sex::Perempuan),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Sex::LakiLaki => "LAKI-LAKI",
            Sex::Perempuan => "PEREMPUAN",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("NIK harus terdiri dari 16 angka")]
    Shape,
    #[error("kode wilayah pada NIK tidak valid")]
    Region,
    #[error("tanggal lahir pada NIK tidak valid")]
    BirthDate,
    #[error("nomor urut pada NIK tidak boleh 0000")]
    Serial,
    #[error("No. KK harus terdiri dari 16 angka")]
    KkShape,
    #[error("kode wilayah pada No. KK tidak valid")]
    KkRegion,
    #[error("tanggal lahir pada NIK tidak cocok dengan data ({0})")]
    BirthDateMismatch(String),
    #[error("jenis kelamin pada NIK tidak cocok dengan data")]
    SexMismatch,
}

/// A NIK whose shape has been checked. The birth date it encodes has a two-digit year, so it
/// is kept as day/month/yy and compared against a full date with [`Nik::check_against`].
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);

impl Nik {
    pub fn parse(input: &str) -> Result<Nik, NikError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NikError::Shape);
        }
        let d = |i: usize| -> u32 { s[i..i + 2].parse().unwrap_or(0) };
        // Province codes run 11..=96; kab/kota and kecamatan are never 00.
        if !(11..=96).contains(&d(0)) || d(2) == 0 || d(4) == 0 {
            return Err(NikError::Region);
        }
        let (day, month) = (d(6), d(8));
        let real_day = if day > 40 { day - 40 } else { day };
        if !(1..=31).contains(&real_day) || !(1..=12).contains(&month) {
            return Err(NikError::BirthDate);
        }
        // Reject days that do not exist in any year (31 April, 30 February).
        if NaiveDate::from_ymd_opt(2000, month, real_day).is_none() {
            return Err(NikError::BirthDate);
        }
        if &s[12..] == "0000" {
            return Err(NikError::Serial);
        }
        Ok(Nik(s))
    }

    /// Builds the NIK for a person, e.g. for synthetic data.
    pub fn compose(kecamatan6: &str, birth: NaiveDate, sex: Sex, serial: u32) -> Result<Nik, NikError> {
        let day = birth.day() + if sex == Sex::Perempuan { 40 } else { 0 };
        let s = format!("{kecamatan6}{day:02}{:02}{:02}{serial:04}", birth.month(), birth.year().rem_euclid(100));
        Nik::parse(&s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The 6-digit region code of first registration (province, kab/kota, kecamatan).
    pub fn region(&self) -> &str {
        &self.0[..6]
    }
    pub fn sex(&self) -> Sex {
        if self.0[6..8].parse::<u32>().unwrap_or(0) > 40 { Sex::Perempuan } else { Sex::LakiLaki }
    }
    fn day_month_yy(&self) -> (u32, u32, i32) {
        let day: u32 = self.0[6..8].parse().unwrap_or(0);
        let day = if day > 40 { day - 40 } else { day };
        (day, self.0[8..10].parse().unwrap_or(0), self.0[10..12].parse().unwrap_or(0))
    }

    /// Checks the NIK against the birth date and sex of the record it belongs to.
    /// Returns every mismatch: a mismatch is a data error to report, not to accept silently.
    pub fn check_against(&self, birth: NaiveDate, sex: Sex) -> Vec<NikError> {
        let mut errors = Vec::new();
        let (day, month, yy) = self.day_month_yy();
        if day != birth.day() || month != birth.month() || yy != birth.year().rem_euclid(100) {
            errors.push(NikError::BirthDateMismatch(birth.format("%d-%m-%Y").to_string()));
        }
        if self.sex() != sex {
            errors.push(NikError::SexMismatch);
        }
        errors
    }

    /// For public pages: first four and last two digits, e.g. `5371**********01`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks any identity number for display: keeps the first four and last two characters.
pub fn mask(number: &str) -> String {
    let n = number.chars().count();
    if n <= 6 {
        return "*".repeat(n);
    }
    number.chars().enumerate().map(|(i, c)| if i < 4 || i >= n - 2 { c } else { '*' }).collect()
}

impl fmt::Debug for Nik {
    // Never print a whole NIK by accident (logs, panics).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}
impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for Nik {
    type Error = NikError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Nik::parse(&s)
    }
}
impl From<Nik> for String {
    fn from(n: Nik) -> String {
        n.0
    }
}

/// Nomor Kartu Keluarga: 6-digit issuing region + registration date + serial.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NoKk(String);

impl NoKk {
    pub fn parse(input: &str) -> Result<NoKk, NikError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NikError::KkShape);
        }
        let d = |i: usize| -> u32 { s[i..i + 2].parse().unwrap_or(0) };
        if !(11..=96).contains(&d(0)) || d(2) == 0 || d(4) == 0 {
            return Err(NikError::KkRegion);
        }
        Ok(NoKk(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}
impl fmt::Debug for NoKk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoKk({})", self.masked())
    }
}
impl fmt::Display for NoKk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for NoKk {
    type Error = NikError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        NoKk::parse(&s)
    }
}
impl From<NoKk> for String {
    fn from(n: NoKk) -> String {
        n.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_womans_nik_carries_day_plus_forty() {
        let nik = Nik::parse("5371045505900001").unwrap();
        assert_eq!(nik.sex(), Sex::Perempuan);
        assert_eq!(nik.region(), "537104");
        assert!(nik.check_against(date(1990, 5, 15), Sex::Perempuan).is_empty());
    }

    #[test]
    fn a_mans_nik_matches_his_record() {
        let nik = Nik::parse("5371021208850003").unwrap();
        assert_eq!(nik.sex(), Sex::LakiLaki);
        assert!(nik.check_against(date(1985, 8, 12), Sex::LakiLaki).is_empty());
    }

    #[test]
    fn spaces_are_tolerated_when_typed() {
        assert!(Nik::parse(" 5371 0455 0590 0001 ").is_ok());
    }

    #[test]
    fn bad_shapes_are_refused() {
        let cases = [
            ("", NikError::Shape),
            ("537104550590000", NikError::Shape),
            ("53710455059000011", NikError::Shape),
            ("5371O45505900001", NikError::Shape),
            ("0071045505900001", NikError::Region),
            ("5300045505900001", NikError::Region),
            ("5371000505900001", NikError::Region),
            ("5371043205900001", NikError::BirthDate),
            ("5371047205900001", NikError::BirthDate),
            ("5371041513900001", NikError::BirthDate),
            ("5371043102900001", NikError::BirthDate),
            ("5371041505900000", NikError::Serial),
        ];
        for (input, expected) in cases {
            assert_eq!(Nik::parse(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn mismatched_birth_date_and_sex_are_reported_not_accepted() {
        let nik = Nik::parse("5371045505900001").unwrap();
        let errors = nik.check_against(date(1991, 5, 15), Sex::LakiLaki);
        assert_eq!(errors.len(), 2);
        assert!(matches!(errors[0], NikError::BirthDateMismatch(_)));
        assert_eq!(errors[1], NikError::SexMismatch);
    }

    #[test]
    fn compose_round_trips_through_parse() {
        for (birth, sex) in [(date(2001, 1, 1), Sex::LakiLaki), (date(1959, 12, 31), Sex::Perempuan)] {
            let nik = Nik::compose("537106", birth, sex, 42).unwrap();
            assert!(nik.check_against(birth, sex).is_empty(), "{nik:?}");
            assert_eq!(nik.as_str().len(), 16);
        }
    }

    #[test]
    fn masking_hides_the_middle_and_debug_never_shows_the_whole_nik() {
        let nik = Nik::parse("5371045505900001").unwrap();
        assert_eq!(nik.masked(), "5371**********01");
        assert!(!format!("{nik:?}").contains("5371045505900001"));
    }

    #[test]
    fn kk_numbers_are_checked_for_shape_and_region() {
        assert!(NoKk::parse("5371041203150007").is_ok());
        assert_eq!(NoKk::parse("53710412031500"), Err(NikError::KkShape));
        assert_eq!(NoKk::parse("0071041203150007"), Err(NikError::KkRegion));
    }
}
