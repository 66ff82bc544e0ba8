use super::*;
use crate::population::choices::{
    CITIZENSHIP_CHOICES, FAMILY_RELATIONS, MARITAL_CHOICES, RELATION_CHOICES, RELIGION_CHOICES, RELIGIONS,
};
use crate::population::fixtures::*;

#[test]
fn a_good_row_becomes_a_normalised_person() {
    assert_eq!(check(&good()), Ok(expected_person()));
}

#[test]
fn numeric_codes_and_other_spellings_are_canonicalised() {
    let person = check(&row_with(&[
        (Column::JenisKelamin, "2"),
        (Column::Agama, "1"),
        (Column::StatusKawin, "1"),
        (Column::HubunganKeluarga, "1"),
        (Column::Kewarganegaraan, "1"),
    ]))
    .unwrap();
    assert_eq!(
        (person.sex, person.religion, person.marital_status, person.family_relation, person.citizenship),
        (Sex::Perempuan, "ISLAM", "BELUM KAWIN", "KEPALA KELUARGA", "WNI")
    );
    let codes = |c: Column, choices: &Choices| -> Vec<&'static str> {
        (1..=choices.numeric.len())
            .map(|n| check(&row_with(&[(c, n.to_string().as_str())])).map(|p| field(&p, c)).unwrap())
            .collect()
    };
    fn field(p: &Person, c: Column) -> &'static str {
        match c {
            Column::Agama => p.religion,
            Column::StatusKawin => p.marital_status,
            Column::HubunganKeluarga => p.family_relation,
            _ => p.citizenship,
        }
    }
    assert_eq!(codes(Column::Agama, &RELIGION_CHOICES), RELIGIONS);
    assert_eq!(codes(Column::StatusKawin, &MARITAL_CHOICES), ["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"]);
    assert_eq!(codes(Column::HubunganKeluarga, &RELATION_CHOICES), FAMILY_RELATIONS);
    assert_eq!(codes(Column::Kewarganegaraan, &CITIZENSHIP_CHOICES), ["WNI", "WNA"]);

    for (value, religion) in [
        ("Kristen Protestan", "KRISTEN"),
        ("protestan", "KRISTEN"),
        ("KATHOLIK", "KATHOLIK"),
        ("budha", "BUDDHA"),
        ("Khong  Hu Cu", "KHONGHUCU"),
        ("kepercayaan", "KEPERCAYAAN TERHADAP TUHAN YME"),
        (" hindu ", "HINDU"),
    ] {
        assert_eq!(check(&row_with(&[(Column::Agama, value)])).unwrap().religion, religion, "{value}");
    }
    for value in ["perempuan", "Wanita", "p"] {
        assert_eq!(check(&row_with(&[(Column::JenisKelamin, value)])).unwrap().sex, Sex::Perempuan);
    }
    for (c, value, want) in [
        (Column::StatusKawin, "cerai hidup belum tercatat", "CERAI HIDUP BELUM TERCATAT"),
        (Column::StatusKawin, "Kawin Tercatat", "KAWIN TERCATAT"),
        (Column::HubunganKeluarga, "famili lain", "FAMILI LAIN"),
        (Column::HubunganKeluarga, "ORANG  TUA", "ORANG TUA"),
        (Column::Kewarganegaraan, "WnA", "WNA"),
    ] {
        assert_eq!(field(&check(&row_with(&[(c, value)])).unwrap(), c), want, "{value}");
    }
}

#[test]
fn a_mans_row_and_other_date_formats_are_accepted() {
    let man = row_with(&[
        (Column::Nik, "5371021208850003"),
        (Column::JenisKelamin, "Laki-Laki"),
        (Column::TanggalLahir, "1985-08-12"),
        (Column::Nama, "Yohanes  \u{a0} Bosco"),
        (Column::Rt, "012"),
        (Column::Rw, "999"),
        (Column::NoKec, "04"),
    ]);
    let p = check(&man).unwrap();
    assert_eq!((p.sex, p.birth_date, p.name.as_str()), (Sex::LakiLaki, date(1985, 8, 12), "Yohanes Bosco"));
    assert_eq!((p.rt.as_str(), p.rw.as_str(), p.kelurahan_code.as_str()), ("012", "999", "53.71.04.1001"));
    for sex in ["L", "laki laki", "PRIA", "1"] {
        let row = row_with(&[
            (Column::Nik, "5371021208850003"),
            (Column::JenisKelamin, sex),
            (Column::TanggalLahir, "12/8/1985"),
        ]);
        assert_eq!(check(&row).map(|p| p.sex), Ok(Sex::LakiLaki), "{sex}");
    }
    assert_eq!(parse_date("15-05-1990"), Some(date(1990, 5, 15)));
    assert_eq!(parse_date("15/05/1990"), Some(date(1990, 5, 15)));
    assert_eq!(parse_date("5-1-1990"), Some(date(1990, 1, 5)));
    assert_eq!(parse_date("1990-05-15"), Some(date(1990, 5, 15)));
    for bad in
        ["", "15-05-90", "15-05/1990", "15.05.1990", "1990-15-05", "31-04-1990", "15-05-1990-1", "-05-1990", "a-b-1990"]
    {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
}

#[test]
fn free_text_near_its_limit_is_counted_in_characters() {
    let address = "é".repeat(MAX_ADDRESS);
    let name = "Ñ".repeat(MAX_NAME);
    let p = check(&row_with(&[(Column::Alamat, &address), (Column::NamaIbu, &name)])).unwrap();
    assert_eq!(p.address.chars().count(), 200);
    // Digits-only occupation and address are fine; names need a letter.
    assert!(check(&row_with(&[(Column::Pekerjaan, "12"), (Column::Alamat, "15")])).is_ok());
}

#[test]
fn each_rule_refuses_its_column() {
    let long101 = "A".repeat(101);
    let long201 = "B".repeat(201);
    let cases: Vec<(Column, &str, String)> = vec![
        (Column::Nik, "", "wajib diisi".into()),
        (Column::Nik, "53710455059000", "NIK harus terdiri dari 16 angka".into()),
        (Column::Nik, "5371043205900001", "tanggal lahir pada NIK tidak valid".into()),
        (Column::Nik, "9971045505900001", "kode wilayah pada NIK tidak valid".into()),
        (Column::Nik, "2071045505900001", "kode provinsi pada NIK tidak dikenal".into()),
        (Column::Nik, "5371095505900001", "kode kecamatan pada NIK tidak dikenal di 5371".into()),
        (Column::NoKk, "537104120315", "No. KK harus terdiri dari 16 angka".into()),
        (Column::NoKk, "2071041203150007", "kode provinsi pada No. KK tidak dikenal".into()),
        (Column::NoKk, "5371091203150007", "kode kecamatan pada No. KK tidak dikenal di 5371".into()),
        (Column::Nama, "", "wajib diisi".into()),
        (Column::Nama, " \t ", "wajib diisi".into()),
        (Column::Nama, &long101, "paling banyak 100 karakter".into()),
        (Column::Nama, "12345", "harus berisi huruf".into()),
        (Column::Nama, "MARIA\u{7}GORETI", "berisi karakter kendali".into()),
        (Column::Nama, "MARIA\nGORETI", "berisi karakter kendali".into()),
        (Column::TempatLahir, "-", "harus berisi huruf".into()),
        (Column::TempatLahir, &long101, "paling banyak 100 karakter".into()),
        (Column::NamaIbu, "", "wajib diisi".into()),
        (Column::NamaIbu, &long101, "paling banyak 100 karakter".into()),
        (Column::Pekerjaan, "", "wajib diisi".into()),
        (Column::Pekerjaan, &long101, "paling banyak 100 karakter".into()),
        (Column::Alamat, &long201, "paling banyak 200 karakter".into()),
        (Column::Alamat, "JL.\u{0}X", "berisi karakter kendali".into()),
        (Column::TanggalLahir, "", "wajib diisi".into()),
        (Column::TanggalLahir, "30-02-1990", INVALID_DATE.into()),
        (Column::TanggalLahir, "15 Mei 1990", INVALID_DATE.into()),
        // The NIK carries only "90": these still match it, so the date rule alone speaks.
        (Column::TanggalLahir, "15-05-2090", "tanggal lahir di masa depan".into()),
        (Column::TanggalLahir, "15-05-1890", "tanggal lahir sebelum 1900".into()),
        (Column::JenisKelamin, "X", "nilai \"X\" tidak dikenal; gunakan salah satu dari: L, P".into()),
        (Column::JenisKelamin, "3", "nilai \"3\" tidak dikenal; gunakan salah satu dari: L, P".into()),
        (
            Column::Agama,
            "Jedi",
            "nilai \"Jedi\" tidak dikenal; gunakan salah satu dari: ISLAM, KRISTEN, KATHOLIK, HINDU, BUDDHA, \
             KHONGHUCU, KEPERCAYAAN TERHADAP TUHAN YME"
                .into(),
        ),
        (Column::Agama, "0", RELIGION_CHOICES.unknown("0")),
        (Column::Agama, "8", RELIGION_CHOICES.unknown("8")),
        (Column::StatusKawin, "5", MARITAL_CHOICES.unknown("5")),
        (Column::StatusKawin, "MENIKAH", MARITAL_CHOICES.unknown("MENIKAH")),
        (Column::HubunganKeluarga, "12", RELATION_CHOICES.unknown("12")),
        (Column::HubunganKeluarga, "TETANGGA", RELATION_CHOICES.unknown("TETANGGA")),
        (Column::Kewarganegaraan, "", "wajib diisi".into()),
        (Column::Kewarganegaraan, "WN", "nilai \"WN\" tidak dikenal; gunakan salah satu dari: WNI, WNA".into()),
        (Column::Rt, "0", "harus angka 1–999".into()),
        (Column::Rt, "000", "harus angka 1–999".into()),
        (Column::Rt, "1000", "harus angka 1–999".into()),
        (Column::Rt, "1a", "harus angka 1–999".into()),
        (Column::Rt, "-1", "harus angka 1–999".into()),
        (Column::Rw, "", "wajib diisi".into()),
        (Column::NoProp, "5x", "harus berupa angka".into()),
        (Column::NoKab, "171", "paling banyak 2 angka".into()),
        (Column::NoKec, "04a", "harus berupa angka".into()),
        (Column::NoKel, "10011", "paling banyak 4 angka".into()),
        (Column::NoKel, "", "wajib diisi".into()),
        (Column::NoKel, "1999", "kelurahan 53.71.04.1999 tidak dikenal di Serambi ini".into()),
    ];
    for (c, value, reason) in cases {
        assert_eq!(problems_with(&[(c, value)]), vec![on(c, &reason)], "{c:?} = {value:?}");
    }
    // An unknown kelurahan is reported once, on NO_KEL, whichever part is wrong.
    assert_eq!(
        problems_with(&[(Column::NoKab, "72")]),
        vec![on(Column::NoKel, "kelurahan 53.72.04.1001 tidak dikenal di Serambi ini")]
    );
}

#[test]
fn a_long_unknown_value_is_cut_in_the_reason() {
    let value = "x".repeat(60);
    let problems = problems_with(&[(Column::Agama, &value)]);
    let shown = format!("\"{}…\"", "x".repeat(40));
    assert!(problems[0].reason.contains(&shown), "{}", problems[0].reason);
    assert!(!problems[0].reason.contains(&"x".repeat(41)));
}

#[test]
fn a_nik_that_disagrees_with_birth_date_or_sex_is_a_problem_on_the_nik() {
    assert_eq!(
        problems_with(&[(Column::TanggalLahir, "16-05-1990")]),
        vec![on(Column::Nik, "tanggal lahir pada NIK tidak cocok dengan data (16-05-1990)")]
    );
    assert_eq!(
        problems_with(&[(Column::JenisKelamin, "L")]),
        vec![on(Column::Nik, "jenis kelamin pada NIK tidak cocok dengan data")]
    );
    let both = problems_with(&[(Column::JenisKelamin, "LAKI-LAKI"), (Column::TanggalLahir, "15-05-1991")]);
    assert_eq!(both.len(), 2);
    assert!(both.iter().all(|p| p.column == Some(Column::Nik)));
}

#[test]
fn niks_from_elsewhere_in_indonesia_are_welcome_but_not_unknown_kecamatan_of_this_kota() {
    // Born and first registered in Jakarta Pusat, living in Kupang now.
    let jakarta = check(&row_with(&[(Column::Nik, "3171015505900001"), (Column::NoKk, "3171011203150007")]));
    assert_eq!(jakarta.map(|p| p.nik.region().to_owned()), Ok("317101".to_owned()));
    // Another kab in NTT (Kabupaten Kupang, 5301) is not this deployment's: accepted.
    assert!(check(&row_with(&[(Column::Nik, "5301095505900001")])).is_ok());
    // Kota Kupang has no kecamatan 09.
    assert_eq!(
        problems_with(&[(Column::Nik, "5371095505900001")]),
        vec![on(Column::Nik, "kode kecamatan pada NIK tidak dikenal di 5371")]
    );
}

#[test]
fn with_the_national_region_list_a_number_from_any_real_kecamatan_is_welcome_and_others_are_refused() {
    let kupang_kecamatan = (1..=6).map(|c| format!("53.71.{c:02}"));
    let national: Vec<String> = kupang_kecamatan.chain(["53.01.04".into(), "31.71.01".into()]).collect();
    let regions = kupang().with_national_kecamatan(national.iter().map(String::as_str));
    let (y, m, d) = TODAY;
    let check = |changes: &[(Column, &str)]| validate(&row_with(changes), &siak_header(), &regions, date(y, m, d));
    assert_eq!(check(&[]), Ok(expected_person()));
    // Gambir (Jakarta Pusat) and Semau (Kabupaten Kupang): real kecamatan elsewhere.
    assert!(check(&[(Column::Nik, "3171015505900001"), (Column::NoKk, "3171011203150007")]).is_ok());
    assert!(check(&[(Column::Nik, "5301045505900001"), (Column::NoKk, "5301041203150007")]).is_ok());
    let cases = [
        (Column::Nik, "5301095505900001", "kode kecamatan pada NIK tidak ada di daftar wilayah Kemendagri (5301)"),
        (Column::Nik, "5371095505900001", "kode kecamatan pada NIK tidak ada di daftar wilayah Kemendagri (5371)"),
        (
            Column::Nik,
            "5399045505900001",
            "kode kabupaten/kota pada NIK tidak ada di daftar wilayah Kemendagri (provinsi 53)",
        ),
        (Column::Nik, "2071045505900001", "kode provinsi pada NIK tidak dikenal"),
        (Column::NoKk, "3171021203150007", "kode kecamatan pada No. KK tidak ada di daftar wilayah Kemendagri (3171)"),
    ];
    for (column, value, reason) in cases {
        assert_eq!(check(&[(column, value)]), Err(vec![on(column, reason)]), "{value}");
    }
}

#[test]
fn a_row_of_the_wrong_width_is_refused_as_a_whole() {
    let mut short = good().to_vec();
    short.pop();
    assert_eq!(
        check(&short),
        Err(vec![Problem { column: None, reason: "baris ini berisi 18 kolom, seharusnya 19".into() }])
    );
    let mut long = good().to_vec();
    long.push("");
    assert_eq!(check(&long).unwrap_err()[0].reason, "baris ini berisi 20 kolom, seharusnya 19");
}

#[test]
fn every_problem_of_a_row_is_reported_in_column_order() {
    let problems = problems_with(&[
        (Column::Kewarganegaraan, "X"),
        (Column::Nama, ""),
        (Column::NoKk, "123"),
        (Column::Agama, "?"),
        (Column::TanggalLahir, "16-05-1990"),
        (Column::Rt, "0"),
        (Column::NoKel, "1999"),
    ]);
    let columns: Vec<Option<Column>> = problems.iter().map(|p| p.column).collect();
    assert_eq!(
        columns,
        [Column::Nik, Column::NoKk, Column::Nama, Column::Agama, Column::Rt, Column::NoKel, Column::Kewarganegaraan]
            .map(Some)
    );
    assert_eq!(problems[0].to_string(), "NIK: tanggal lahir pada NIK tidak cocok dengan data (16-05-1990)");
}

#[test]
fn reasons_never_carry_identity_numbers() {
    let bad_rows: Vec<Vec<&str>> = vec![
        row_with(&[(Column::Nik, "2071045505900001"), (Column::NoKk, "2071041203150007")]),
        row_with(&[(Column::Nik, "5371095505900001"), (Column::NoKk, "5371091203150007")]),
        row_with(&[(Column::Nik, "5371045505900000"), (Column::NoKk, "537104120315000")]),
        row_with(&[(Column::TanggalLahir, "01-01-2001"), (Column::JenisKelamin, "L")]),
        // Columns shifted by a spreadsheet: numbers where words belong.
        row_with(&[(Column::Agama, NIK), (Column::JenisKelamin, KK), (Column::StatusKawin, "NIK 5371045505900001")]),
        row_with(&[(Column::HubunganKeluarga, KK), (Column::Kewarganegaraan, NIK), (Column::Nama, NIK)]),
        row_with(&[(Column::Rt, NIK), (Column::NoKel, KK), (Column::TempatLahir, KK), (Column::TanggalLahir, NIK)]),
        row_with(&[(Column::Nik, "53710455 0590 0001x")]),
    ];
    let mut count = 0;
    for row in &bad_rows {
        for p in check(row).unwrap_err() {
            count += 1;
            let longest_digit_run = p.reason.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
            assert!(longest_digit_run < 8, "{p:?}");
            assert!(!p.reason.contains(NIK) && !p.reason.contains(KK), "{p:?}");
        }
    }
    assert_eq!(count, 19);
    let masked = problems_with(&[(Column::Agama, NIK)]);
    assert!(masked[0].reason.starts_with("nilai \"5371**********01\" tidak dikenal"), "{:?}", masked[0]);
}

#[test]
fn names_are_the_same_ignoring_case_and_whitespace() {
    assert!(same_name("maria  goreti", "MARIA GORETI"));
    assert!(same_name("Maria Goreti", " MARIA\tGORETI "));
    assert!(same_name("Ñoño", "ÑOÑO"));
    assert!(!same_name("Maria Goreti", "Maria Gorety"));
    assert!(!same_name("Maria", "Maria Goreti"));
    assert!(!same_name("", "A"));
}

/// A rough speed check, not a test: `cargo test -p domain --release -- --ignored --nocapture speed`.
#[test]
#[ignore]
fn speed() {
    let (header, regions, (y, m, d)) = (siak_header(), kupang(), TODAY);
    let today = date(y, m, d);
    let good = good();
    let bad = row_with(&[(Column::Agama, "Jedi"), (Column::TanggalLahir, "16-05-1990"), (Column::Rt, "0")]);
    for (what, row) in [("good", &good[..]), ("bad", &bad[..])] {
        let n = 1_000_000;
        let start = std::time::Instant::now();
        for _ in 0..n {
            let _ = std::hint::black_box(validate(std::hint::black_box(row), &header, &regions, today));
        }
        println!("{what} row: {:?} per row", start.elapsed() / n);
    }
}
