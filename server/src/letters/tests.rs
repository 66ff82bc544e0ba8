use super::*;

fn templates_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../letter-templates")
}

fn set() -> TemplateSet {
    TemplateSet::load(&templates_dir()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_real_templates_load_and_every_letter_renders_to_a_pdf_with_its_number() {
    let set = set();
    let codes: Vec<&str> = set.manifests().map(|m| m.code.as_str()).collect();
    assert!(codes.contains(&"domisili") && codes.contains(&"ahli-waris"), "{codes:?}");
    for m in set.manifests() {
        let data = sample_data(m);
        let pdf = set.render(&m.code, &data).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{}", m.code);
        let text = set.render_text(&m.code, &data).unwrap();
        let number = data["letter"]["number"].as_str().unwrap();
        assert!(text.contains(number), "{}: number missing in {text}", m.code);
        assert!(text.contains("23 November 2026"), "{}: Indonesian date missing", m.code);
        assert!(text.contains("15 Mei 1990"), "{}: birth date missing", m.code);
    }
}

#[test]
fn hostile_text_prints_literally() {
    let set = set();
    let m = set.manifests().find(|m| m.code == "domisili").unwrap().clone();
    for hostile in ["#panic(\"x\")", "*bold*", "]", "$x$", "<lbl>", "@ref", "\\", "#set page(width: 1cm)", "```rust"] {
        let mut data = sample_data(&m);
        data["fields"]["keperluan"] = serde_json::json!(format!("awal {hostile} akhir"));
        let text = set.render_text("domisili", &data).unwrap_or_else(|e| panic!("{hostile}: {e}"));
        assert!(text.contains(hostile), "{hostile:?} not literal in {text}");
        set.render("domisili", &data).unwrap();
    }
}

fn broken(files: &[(&str, &str)]) -> TemplateError {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("_lib")).unwrap();
    std::fs::copy(templates_dir().join("_lib/serambi.typ"), dir.path().join("_lib/serambi.typ")).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    match TemplateSet::load(dir.path()) {
        Ok(_) => panic!("broken template accepted"),
        Err(e) => e,
    }
}

const GOOD_TOML: &str = "code = \"uji\"\ntitle = \"Uji\"\ndescription = \"d\"\nclassification = \"1\"\nroute = \"kelurahan\"\nvalidity_days = 1\n";

#[test]
fn a_broken_manifest_is_reported_with_its_file_and_line() {
    let cases = [
        (format!("{GOOD_TOML}\n[[fields]]\nname = \"a\"\nlabel = \"A\"\nkind = \"warna\"\n"), 11),
        (format!("{GOOD_TOML}warna = \"merah\"\n"), 7),
        ("code = \"uji\"\ntitle = \n".to_string(), 2),
    ];
    for (toml, line) in cases {
        let e = broken(&[("uji/letter.toml", &toml), ("uji/letter.typ", "Halo")]);
        assert!(e.file.ends_with("uji/letter.toml"), "{e}");
        assert_eq!(e.line, Some(line), "{e}");
    }
    let e = broken(&[("lain/letter.toml", GOOD_TOML), ("lain/letter.typ", "Halo")]);
    assert!(e.to_string().contains("nama foldernya"), "{e}");
}

#[test]
fn a_broken_typst_file_is_reported_with_its_file_and_line() {
    let e = broken(&[("uji/letter.toml", GOOD_TOML), ("uji/letter.typ", "Baris satu\n\n#tidak-ada\n")]);
    assert!(e.file.ends_with("uji/letter.typ"), "{e}");
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.to_string().contains("uji/letter.typ:3:2"), "{e}");
}
