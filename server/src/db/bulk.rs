//! The wire format of the bulk resident insert ([`super::residents::upsert_json`]): the people
//! as one JSON array of arrays, written by hand because the import builds millions of them.

use domain::population::Person;
use std::fmt::Write;

/// The people as one JSON array of arrays, one array per person (see `push_person`).
pub fn people_json(people: &[Person]) -> String {
    let mut out = String::with_capacity(people.len() * 256 + 2);
    out.push('[');
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_person(&mut out, p);
    }
    out.push(']');
    out
}

/// Appends this person as a JSON array of 16 strings, in the order of the record's columns
/// (nik, no_kk, name, birth_place, birth_date, sex, religion, marital_status, occupation,
/// citizenship, address, rt, rw, kelurahan_code, family_relation, mother_name). The import
/// sends thousands of these in one parameter.
fn push_person(out: &mut String, p: &Person) {
    let mut date = String::with_capacity(10);
    let _ = write!(date, "{}", p.birth_date.format("%Y-%m-%d"));
    let values: [&str; 16] = [
        p.nik.as_str(),
        p.no_kk.as_str(),
        &p.name,
        &p.birth_place,
        &date,
        p.sex.code(),
        p.religion,
        p.marital_status,
        &p.occupation,
        p.citizenship,
        &p.address,
        &p.rt,
        &p.rw,
        &p.kelurahan_code,
        p.family_relation,
        &p.mother_name,
    ];
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(out, v);
    }
    out.push(']');
}

fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use domain::{Nik, NoKk, Sex};

    fn person(name: &str) -> Person {
        Person {
            nik: Nik::parse("5371045505900001").unwrap(),
            no_kk: NoKk::parse("5371041203150007").unwrap(),
            name: name.into(),
            birth_place: "KUPANG".into(),
            birth_date: NaiveDate::from_ymd_opt(1990, 5, 15).unwrap(),
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

    #[test]
    fn people_are_arrays_of_the_record_columns_and_read_back_as_json() {
        assert_eq!(people_json(&[]), "[]");
        let tricky = "MARIA \"ETA\" \\ GORETI\u{1}\u{1f}Ñ";
        let json = people_json(&[person("MARIA GORETI"), person(tricky)]);
        assert!(json.starts_with(
            "[[\"5371045505900001\",\"5371041203150007\",\"MARIA GORETI\",\"KUPANG\",\"1990-05-15\",\"P\",\
             \"KATHOLIK\",\"KAWIN\",\"GURU\",\"WNI\",\"JL. SOEKARNO NO. 5\",\"001\",\"002\",\"53.71.04.1001\",\
             \"ISTRI\",\"YOHANA SERAN\"],["
        ));
        assert!(json.contains(r#""MARIA \"ETA\" \\ GORETI\u0001\u001fÑ""#), "{json}");
        let parsed: Vec<Vec<String>> = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed.len(), 2);
        assert!(parsed.iter().all(|p| p.len() == 16));
        assert_eq!(parsed[1][2], tricky);
    }
}
