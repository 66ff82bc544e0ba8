//! Property tests of letter manifests as a city might edit them, and of the values residents
//! send for their fields: read or refused with reasons, never a panic. A fixed seed;
//! `PROPTEST_CASES` sets the budget (`scripts/sifat` runs a long one).

use domain::fields::{FieldValue, FieldValues, check, normalize};
use letters::Manifest;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use std::path::PathBuf;
use std::sync::LazyLock;

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256);
    Config { cases, rng_seed: RngSeed::Fixed(0x1e77e2), failure_persistence: None, ..Config::default() }
}

/// Every shipped `letter.toml`: (folder, text).
static SHIPPED: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../letter-templates");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with(['_', '.']) && e.path().is_dir())
        .map(|e| {
            let text = std::fs::read_to_string(e.path().join("letter.toml")).unwrap();
            (e.file_name().to_string_lossy().into_owned(), text)
        })
        .collect();
    out.sort();
    out
});

fn value() -> impl Strategy<Value = FieldValue> {
    let text = prop_oneof!["[0-9A-Za-z .,:/\\-]{0,30}", "[0-9]{0,20}", any::<String>()];
    prop_oneof![
        3 => text.prop_map(FieldValue::Text),
        1 => proptest::collection::vec(
            proptest::collection::btree_map("[a-z_]{1,12}", "[0-9A-Za-z .\\-]{0,20}", 0..6),
            0..6,
        )
        .prop_map(FieldValue::Rows),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// A shipped manifest with something typed into it somewhere.
    #[test]
    fn an_edited_manifest_is_read_or_refused_with_reasons(
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        typed in prop_oneof!["[\\[\\]{}=\"'a-z0-9 .,\\n]{1,12}", any::<String>()],
        cut in 0usize..40,
    ) {
        let (folder, text) = which.get(&SHIPPED);
        let mut at = at.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let end = (at + cut).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        let edited = format!("{}{typed}{}", &text[..at], &text[end..]);
        if let Ok(manifest) = toml::from_str::<Manifest>(&edited) {
            for problem in manifest.check(folder) {
                prop_assert!(!problem.trim().is_empty());
            }
        }
    }

    /// Whatever a resident's browser sends for a letter's fields: normalised, then checked.
    #[test]
    fn any_field_values_are_checked_without_panic(
        which in any::<prop::sample::Index>(),
        values in proptest::collection::btree_map("[a-z_]{1,16}", value(), 0..12),
        named in proptest::collection::vec(value(), 0..12),
    ) {
        let (_, text) = which.get(&SHIPPED);
        let manifest: Manifest = toml::from_str(text).unwrap();
        let mut all: FieldValues = values;
        // Also values under the manifest's own field names.
        for (spec, v) in manifest.fields.iter().zip(named) {
            all.insert(spec.name.clone(), v);
        }
        let normal = normalize(&manifest.fields, all);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28);
        for (key, messages) in check(&manifest.fields, &normal, today) {
            prop_assert!(messages.iter().all(|m| !m.is_empty()), "{key}");
        }
    }
}
