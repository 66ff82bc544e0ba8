//! Property tests of what reads outside input: NIK and KK numbers, reference codes, letter
//! number patterns, population CSV headers and rows, form values. Whatever comes in, the
//! answer is a value or a reasoned refusal, never a panic. A fixed seed, so a failure repeats;
//! `PROPTEST_CASES` sets the budget (`scripts/sifat` runs a long one).

use chrono::NaiveDate;
use domain::population::{Column, Header, Regions, detect_separator, strip_bom, validate};
use domain::{Nik, NoKk, NumberInputs, NumberPattern, Reference};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512);
    Config { cases, rng_seed: RngSeed::Fixed(0x5e7ab1), failure_persistence: None, ..Config::default() }
}

/// Text that looks like what people and exports type: digits, separators, spaces, letters,
/// and now and then anything at all.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9]{14,18}", "[0-9 .\\-]{0,24}", "[0-9A-Za-z ./:;,\\-]{0,40}", any::<String>(),]
}

fn kupang() -> Regions {
    let codes: Vec<String> =
        (1..=6).flat_map(|kec| (1001..=1003).map(move |kel| format!("53.71.{kec:02}.{kel}"))).collect();
    Regions::from_kelurahan(codes.iter().map(String::as_str))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_nik_is_sixteen_digits_once_read_and_masked_on_display(text in typed()) {
        if let Ok(nik) = Nik::parse(&text) {
            prop_assert_eq!(nik.as_str().len(), 16);
            prop_assert!(nik.as_str().bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(Nik::parse(nik.as_str()).ok(), Some(nik.clone()));
            let masked = nik.masked();
            prop_assert_eq!(masked.chars().filter(|c| *c == '*').count(), 10);
            let shown = format!("{:?}", nik);
            prop_assert!(!shown.contains(&nik.as_str()[4..14]));
        }
        if let Ok(kk) = NoKk::parse(&text) {
            prop_assert_eq!(kk.as_str().len(), 16);
            prop_assert_eq!(NoKk::parse(kk.as_str()).ok(), Some(kk.clone()));
        }
    }

    #[test]
    fn reference_codes_read_back_as_written(text in typed()) {
        if let Ok(r) = Reference::parse(&text) {
            prop_assert_eq!(Reference::parse(&r.to_string()).ok(), Some(r));
        }
    }

    #[test]
    fn number_patterns_parse_or_refuse_and_format_whatever_the_inputs(
        pattern in prop_oneof!["[{}a-z_:0-9/.\\-]{0,40}", any::<String>()],
        classification in any::<String>(),
        sequence in any::<u64>(),
        month in 0u32..20,
        year in any::<i32>(),
    ) {
        if let Ok(p) = NumberPattern::parse(&pattern) {
            let _ = p.repeats(true);
            let n = p.format(&NumberInputs { classification: &classification, sequence, unit: "KEL", month, year });
            prop_assert!(n.as_str().contains(&sequence.to_string()));
        }
    }

    #[test]
    fn population_headers_and_rows_are_read_or_refused_with_reasons(
        header in proptest::collection::vec(any::<String>(), 0..30),
        fields in proptest::collection::vec(typed(), 0..25),
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let header_fields: Vec<&str> = header.iter().map(String::as_str).collect();
        let _ = Header::parse(&header_fields);
        let _ = detect_separator(&bytes);
        let _ = strip_bom(&bytes);
        let siak = Header::parse(&Column::ALL.map(Column::header)).unwrap();
        let row: Vec<&str> = fields.iter().map(String::as_str).collect();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        match validate(&row, &siak, &kupang(), today) {
            Ok(person) => {
                prop_assert_eq!(person.nik.as_str().len(), 16);
            }
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }

    /// A good row with one column replaced by anything: read, or refused naming a problem.
    #[test]
    fn one_bad_column_in_a_good_row_is_named(column in 0usize..Column::ALL.len(), value in typed()) {
        let siak = Header::parse(&Column::ALL.map(Column::header)).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        prop_assert!(validate(&GOOD, &siak, &kupang(), today).is_ok());
        let mut row: Vec<String> = GOOD.iter().map(|s| s.to_string()).collect();
        row[column] = value;
        let fields: Vec<&str> = row.iter().map(String::as_str).collect();
        if let Err(problems) = validate(&fields, &siak, &kupang(), today) {
            prop_assert!(problems.iter().all(|p| !p.reason.is_empty()));
        }
    }
}

/// A good row in SIAK's column order.
const GOOD: [&str; 19] = [
    "5371045505900001",
    "5371041203150007",
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
];
