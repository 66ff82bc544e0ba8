//! What a request keeps of the people it is about, as taken at submission: a server-owned,
//! versioned type, so that renaming something the UI shows never changes what is stored.
//!
//! Version 1 is `{"v": 1, "resident": {…}}`. Rows written before versions existed hold the
//! person alone (`{"nik": …, "nama": …}`); they are read as version 1.

use crate::error::{Error, Result};
use letters::PersonData;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub v: u32,
    pub resident: PersonData,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Stored {
    Versioned(Snapshot),
    /// Before versions: the person alone.
    Unversioned(PersonData),
}

impl Snapshot {
    pub fn new(resident: PersonData) -> Snapshot {
        Snapshot { v: VERSION, resident }
    }

    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string(self).map_err(anyhow::Error::from)?)
    }

    /// Reads a stored snapshot of any version; anything unreadable is an error, never a default.
    pub fn parse(json: &str) -> Result<Snapshot> {
        match serde_json::from_str::<Stored>(json) {
            Ok(Stored::Versioned(s)) if s.v == VERSION => Ok(s),
            Ok(Stored::Versioned(s)) => Err(Error::corrupt(format!("snapshot version {}", s.v))),
            Ok(Stored::Unversioned(p)) => Ok(Snapshot::new(p)),
            Err(e) => Err(Error::corrupt(format!("snapshot: {e}"))),
        }
    }
}

/// The people named in a request's person fields, by NIK.
pub type Persons = BTreeMap<String, PersonData>;

pub fn persons_json(p: &Persons) -> Result<String> {
    Ok(serde_json::to_string(p).map_err(anyhow::Error::from)?)
}

pub fn parse_persons(json: &str) -> Result<Persons> {
    serde_json::from_str(json).map_err(|e| Error::corrupt(format!("persons: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot exactly as requests stored it before versions (the UI's resident table).
    const BEFORE_VERSIONS: &str = r#"{"nik":"5371045505900001","no_kk":"5371040101150001","nama":"MARIA GORETI LENDE","tempat_lahir":"KUPANG","tanggal_lahir":"1990-05-15","jenis_kelamin":"PEREMPUAN","agama":"KATHOLIK","status_perkawinan":"KAWIN","pekerjaan":"WIRASWASTA","kewarganegaraan":"WNI","alamat":"Jl. Frans Seda No. 12","rt":"003","rw":"001","kelurahan":"Oebobo","kecamatan":"Oebobo","kota":"Kota Kupang","hubungan_keluarga":"ISTRI","nama_ibu":"KATARINA NDUN"}"#;

    #[test]
    fn a_snapshot_stored_before_versions_reads_as_version_one() {
        let s = Snapshot::parse(BEFORE_VERSIONS).unwrap();
        assert_eq!(s.v, 1);
        assert_eq!(s.resident.nama, "MARIA GORETI LENDE");
        assert_eq!(s.resident.tanggal_lahir, "1990-05-15");
        // Written back, it is version 1 and reads the same.
        assert_eq!(Snapshot::parse(&s.to_json().unwrap()).unwrap(), s);
        assert!(s.to_json().unwrap().starts_with(r#"{"v":1,"resident":{"#));
    }

    #[test]
    fn an_unreadable_snapshot_is_an_error_not_an_empty_person() {
        for bad in ["", "{}", r#"{"nik": 5}"#, r#"{"v": 2, "resident": {}}"#, "[]"] {
            assert!(matches!(Snapshot::parse(bad), Err(Error::Corrupt(_))), "{bad:?}");
        }
        assert!(parse_persons("{\"x\": {}}").is_err());
        assert_eq!(parse_persons("{}").unwrap().len(), 0);
    }
}
