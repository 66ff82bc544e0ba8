use super::*;
use chrono::NaiveDate;

fn spec(kind: FieldKind) -> FieldSpec {
    FieldSpec {
        name: "f".into(),
        label: "Isian".into(),
        kind,
        required: true,
        max_len: None,
        min: None,
        max: None,
        not_future: false,
        choices: vec![],
        help: None,
        example: None,
        fields: vec![],
        min_items: None,
        max_items: None,
    }
}

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.into())
}

#[test]
fn words_for_amounts() {
    let cases = [
        (0, "nol"),
        (1, "satu"),
        (11, "sebelas"),
        (15, "lima belas"),
        (100, "seratus"),
        (110, "seratus sepuluh"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2_500_000, "dua juta lima ratus ribu"),
        (1_500_750, "satu juta lima ratus ribu tujuh ratus lima puluh"),
        (1_000_000_000, "satu miliar"),
        (101_011_000, "seratus satu juta sebelas ribu"),
    ];
    for (n, w) in cases {
        assert_eq!(terbilang(n), w, "{n}");
    }
    assert_eq!(terbilang_rupiah(2_500_000), "dua juta lima ratus ribu rupiah");
    assert_eq!(format_rupiah(1_500_000), "Rp1.500.000,00");
    assert_eq!(format_rupiah(999), "Rp999,00");
    assert_eq!(format_rupiah(1000), "Rp1.000,00");
}

#[test]
fn typed_values_become_canonical() {
    assert_eq!(normalize_text(FieldKind::Money, " Rp 1.500.000,00 "), "1500000");
    assert_eq!(normalize_text(FieldKind::Money, "Rp. 750.000,-"), "750000");
    assert_eq!(normalize_text(FieldKind::Money, "2000000"), "2000000");
    assert_eq!(normalize_text(FieldKind::Number, "1.250"), "1250");
    assert_eq!(normalize_text(FieldKind::Number, "3"), "3");
    assert_eq!(normalize_text(FieldKind::Time, "9.05"), "09:05");
    assert_eq!(normalize_text(FieldKind::Time, "14:30"), "14:30");
    assert_eq!(normalize_text(FieldKind::PersonNik, "5371 0455 0590 0001"), "5371045505900001");
    assert_eq!(normalize_text(FieldKind::LongText, " a\r\nb "), "a\nb");
}

#[test]
fn every_kind_refuses_bad_values_in_indonesian() {
    let mut choice = spec(FieldKind::Choice);
    choice.choices = vec!["Hilang".into(), "Dicuri".into()];
    let mut money = spec(FieldKind::Money);
    money.max = Some(10_000_000);
    let mut number = spec(FieldKind::Number);
    number.min = Some(1);
    let mut past = spec(FieldKind::Date);
    past.not_future = true;
    let mut short = spec(FieldKind::Text);
    short.max_len = Some(3);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23);
    let cases = [
        (spec(FieldKind::Text), "", "wajib diisi"),
        (short, "abcd", "paling banyak 3"),
        (spec(FieldKind::Text), "satu\ndua", "satu baris"),
        (spec(FieldKind::LongText), "a\u{0}b", "tidak diizinkan"),
        (spec(FieldKind::Number), "12a", "bilangan bulat"),
        (number, "0", "paling sedikit 1"),
        (spec(FieldKind::Money), "1,5 juta", "jumlah rupiah"),
        (spec(FieldKind::Money), "-5", "paling sedikit Rp0,00"),
        (money, "20000000", "paling banyak Rp10.000.000,00"),
        (spec(FieldKind::Date), "31-12-2026", "tanggal yang valid"),
        (spec(FieldKind::Date), "2026-02-30", "tanggal yang valid"),
        (past, "2026-11-24", "setelah hari ini"),
        (spec(FieldKind::Time), "25:00", "jam yang valid"),
        (spec(FieldKind::Time), "1430", "jam yang valid"),
        (choice, "Terbakar", "dari daftar"),
        (spec(FieldKind::PersonNik), "123", "16 angka"),
        (spec(FieldKind::PersonKk), "5371045505900001x", "16 angka"),
    ];
    for (spec, value, expected) in cases {
        let values = FieldValues::from([("f".to_string(), text(value))]);
        let values = normalize(std::slice::from_ref(&spec), values);
        let problems = check(std::slice::from_ref(&spec), &values, today);
        let msg = problems.get("f").map(|m| m.join(" ")).unwrap_or_default();
        assert!(msg.contains(expected), "{:?} {value:?}: {msg:?}", spec.kind);
    }
}

#[test]
fn good_values_pass() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23);
    let cases = [
        (FieldKind::Text, "Toko Sembako Kasih"),
        (FieldKind::LongText, "baris satu\nbaris dua"),
        (FieldKind::Number, "3"),
        (FieldKind::Money, "Rp 2.500.000"),
        (FieldKind::Date, "2026-11-23"),
        (FieldKind::Time, "07:45"),
        (FieldKind::PersonNik, "5371045505900001"),
    ];
    for (kind, v) in cases {
        let s = spec(kind);
        let values = normalize(std::slice::from_ref(&s), FieldValues::from([("f".to_string(), text(v))]));
        assert!(check(std::slice::from_ref(&s), &values, today).is_empty(), "{kind:?} {v:?}");
    }
}

fn heirs() -> FieldSpec {
    let mut g = spec(FieldKind::Group);
    g.name = "ahli_waris".into();
    g.label = "Ahli waris".into();
    g.min_items = Some(1);
    g.max_items = Some(2);
    let mut nama = spec(FieldKind::Text);
    nama.name = "nama".into();
    nama.label = "Nama".into();
    let mut nik = spec(FieldKind::PersonNik);
    nik.name = "nik".into();
    nik.label = "NIK".into();
    nik.required = false;
    g.fields = vec![nama, nik];
    g
}

#[test]
fn groups_check_each_row_and_their_count() {
    let g = heirs();
    let specs = std::slice::from_ref(&g);
    let row =
        |n: &str, k: &str| BTreeMap::from([("nama".to_string(), n.to_string()), ("nik".to_string(), k.to_string())]);
    let values = normalize(
        specs,
        FieldValues::from([(
            "ahli_waris".into(),
            FieldValue::Rows(vec![row("Ana", "12"), row(" ", " "), row("", "5371045505900001")]),
        )]),
    );
    assert_eq!(values["ahli_waris"].rows().len(), 2, "the empty row is dropped");
    let problems = check(specs, &values, None);
    assert!(problems["ahli_waris.0.nik"][0].contains("baris ke-1"), "{problems:?}");
    assert!(problems["ahli_waris.1.nama"][0].contains("wajib diisi"), "{problems:?}");
    let none = check(specs, &FieldValues::new(), None);
    assert!(none["ahli_waris"][0].contains("paling sedikit satu"), "{none:?}");
    let many =
        FieldValues::from([("ahli_waris".into(), FieldValue::Rows(vec![row("A", ""), row("B", ""), row("C", "")]))]);
    assert!(check(specs, &normalize(specs, many), None)["ahli_waris"][0].contains("paling banyak 2"));
    let refs = person_refs(specs, &values);
    assert_eq!(refs.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["ahli_waris.0.nik", "ahli_waris.1.nik"]);
}

#[test]
fn unknown_names_and_wrong_shapes_are_refused() {
    let g = heirs();
    let t = spec(FieldKind::Text);
    let specs = vec![g, t];
    let values = FieldValues::from([
        ("lain".into(), text("x")),
        ("ahli_waris".into(), text("Ana")),
        ("f".into(), FieldValue::Rows(vec![])),
    ]);
    let problems = check(&specs, &values, None);
    assert!(problems["lain"][0].contains("tidak dikenal"));
    assert!(problems["ahli_waris"][0].contains("tidak dapat dibaca"));
    assert!(problems["f"][0].contains("tidak dapat dibaca"));
}

#[test]
fn manifest_entries_are_checked() {
    let mut c = spec(FieldKind::Choice);
    assert!(c.check_spec(false).iter().any(|p| p.contains("tanpa choices")));
    c.choices = vec!["A".into()];
    c.example = Some("B".into());
    assert!(c.check_spec(false).iter().any(|p| p.contains("example")));
    let mut g = heirs();
    g.fields.push(heirs());
    assert!(g.check_spec(false).iter().any(|p| p.contains("di dalam kelompok")));
    let mut m = spec(FieldKind::Text);
    m.min = Some(1);
    assert!(!m.check_spec(false).is_empty());
}

#[test]
fn values_travel_flat_as_a_plain_form_posts_them() {
    let mut values = FieldValues::new();
    values.insert("keperluan".into(), FieldValue::Text("Melamar kerja".into()));
    let row = |n: &str| BTreeMap::from([("nama".to_string(), n.to_string()), ("nik".to_string(), String::new())]);
    values.insert("ahli_waris".into(), FieldValue::Rows(vec![row("Maria"), row("Yosef")]));
    let flat = to_flat(&values);
    assert_eq!(flat["ahli_waris.1.nama"], "Yosef");
    assert_eq!(flat["keperluan"], "Melamar kerja");
    assert_eq!(from_flat(&flat), values);
    // A removed row leaves a gap that closes up; stray keys are dropped.
    let mut gappy = flat.clone();
    gappy.retain(|k, _| !k.starts_with("ahli_waris.0."));
    gappy.insert("a.b".into(), "x".into());
    gappy.insert("g.99999.x".into(), "x".into());
    let back = from_flat(&gappy);
    assert_eq!(back["ahli_waris"].rows().len(), 1);
    assert_eq!(back["ahli_waris"].rows()[0]["nama"], "Yosef");
    assert_eq!(back.len(), 2);
}
