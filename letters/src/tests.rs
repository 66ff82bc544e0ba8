use super::*;

fn templates_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../letter-templates")
}

fn set() -> TemplateSet {
    TemplateSet::load(&templates_dir()).unwrap_or_else(|e| panic!("{e}"))
}

/// Whitespace-free text, so that line breaks inside a value do not hide it.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_real_templates_load_and_every_letter_renders_to_a_pdf_with_its_number() {
    let set = set();
    let codes: Vec<&str> = set.manifests().map(|m| m.code.as_str()).collect();
    let expected = [
        "ahli-waris",
        "belum-menikah",
        "domisili",
        "kehilangan",
        "kelahiran",
        "kematian",
        "pengantar-skck",
        "penghasilan",
        "pindah",
        "sktm",
        "usaha",
    ];
    for code in expected {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let kinds: std::collections::HashSet<domain::FieldKind> = set
        .manifests()
        .flat_map(|m| m.fields.iter().flat_map(|f| std::iter::once(f).chain(&f.fields)))
        .map(|f| f.kind)
        .collect();
    assert_eq!(kinds.len(), 10, "every field kind is used by some letter: {kinds:?}");
    for m in set.manifests() {
        let data = sample_data(m);
        let pdf = set.render(&m.code, &data, None).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{}", m.code);
        let text = set.render_text(&m.code, &data).unwrap();
        let number = data.letter.number.as_str();
        assert!(text.contains(number), "{}: number missing in {text}", m.code);
        assert!(text.contains("23 November 2026"), "{}: Indonesian date missing", m.code);
        assert!(text.contains("MARIA GORETI LENDE"), "{}: resident's name missing", m.code);
    }
}

const HOSTILE: [&str; 12] = [
    "#panic(\"x\")",
    "*tebal*",
    "]",
    "$x^2$",
    "<lbl>",
    "@ref",
    "\\",
    "#set page(width: 1cm)",
    "```rust",
    "#{ 1 + 1 }",
    "_miring_ // komentar",
    "= Judul",
];

/// Puts a distinct hostile marker into every field of every kind (and every sub-field of every
/// group row), into the names of all people the letter names, and into the resident's name and
/// address. Returns the markers that must print.
fn poison(m: &Manifest, data: &mut crate::LetterData, hostile: &str) -> Vec<String> {
    use domain::FieldKind;
    let mut markers = Vec::new();
    let next = |markers: &mut Vec<String>| {
        let v = format!("‹{}›{hostile}", markers.len());
        markers.push(v.clone());
        v
    };
    let value = |kind: FieldKind, slot: &mut serde_json::Value, markers: &mut Vec<String>| match kind {
        FieldKind::Money => slot["rupiah"] = next(markers).into(),
        FieldKind::PersonKk | FieldKind::PersonNik => slot["nama"] = next(markers).into(),
        _ => *slot = next(markers).into(),
    };
    for f in &m.fields {
        let slot = &mut data.fields[&f.name];
        if f.kind == FieldKind::Group {
            for row in slot.as_array_mut().expect("group rows") {
                for sub in &f.fields {
                    value(sub.kind, &mut row[&sub.name], &mut markers);
                }
            }
        } else {
            value(f.kind, slot, &mut markers);
        }
    }
    data.resident.nama = next(&mut markers);
    data.resident.alamat = next(&mut markers);
    markers
}

#[test]
fn hostile_values_in_every_field_of_every_letter_print_literally() {
    let set = set();
    for m in set.manifests() {
        for hostile in HOSTILE {
            let mut data = sample_data(m);
            let markers = poison(m, &mut data, hostile);
            let text = set.render_text(&m.code, &data).unwrap_or_else(|e| panic!("{} with {hostile:?}: {e}", m.code));
            let text = squash(&text).to_lowercase();
            for marker in &markers {
                assert!(
                    text.contains(&squash(marker).to_lowercase()),
                    "{}: {marker:?} not printed literally in {text}",
                    m.code
                );
            }
            set.render(&m.code, &data, None).unwrap_or_else(|e| panic!("{} PDF with {hostile:?}: {e}", m.code));
        }
    }
}

#[test]
fn every_letter_fits_on_one_page_with_sample_data_on_a4_and_f4() {
    let set = set();
    for m in set.manifests() {
        for paper in ["a4", "f4"] {
            let mut data = sample_data(m);
            data.paper = paper.to_string();
            assert_eq!(set.page_count(&m.code, &data).unwrap(), 1, "{} on {paper}", m.code);
        }
    }
}

#[test]
fn office_settings_reach_the_page_the_kop_and_the_emblem() {
    let set = set();
    let m = set.manifests().find(|m| m.code == "domisili").unwrap().clone();
    let mut data = sample_data(&m);
    data.paper = "f4".into();
    data.margins = Some(crate::Margins { top: 2.0, right: 1.5, bottom: 2.0, left: 2.5 });
    data.office.kop =
        Some(["PEMERINTAH KOTA KUPANG", "KECAMATAN OEBOBO", "KELURAHAN OEBOBO BARU"].map(String::from).to_vec());
    let text = set.render_text("domisili", &data).unwrap();
    assert!(text.contains("OEBOBO BARU"), "{text}");
    // A 1×1 PNG as the emblem.
    let png = include_bytes!("../tests/emblem.png").to_vec();
    let emblem = Emblem::new(png).unwrap();
    data.office.emblem = Some(emblem.path().into());
    let pdf = set.render("domisili", &data, Some(&emblem)).unwrap();
    let pdf_text = String::from_utf8_lossy(&pdf);
    assert!(pdf_text.contains("/Subtype /Image") || pdf_text.contains("/Subtype/Image"), "emblem image missing");
    // F4 is 215 × 330 mm = 609.4 × 935.4 pt.
    assert!(pdf_text.contains("609.4") && pdf_text.contains("935.4"), "F4 media box missing");
    assert!(matches!(Emblem::new(b"GIF89a".to_vec()), Err(RenderError::BadEmblem)));
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
        Err(mut e) => e.0.remove(0),
    }
}

const GOOD_TOML: &str = "code = \"uji\"\ntitle = \"Uji\"\ndescription = \"d\"\nclassification = \"1\"\nroute = \"kelurahan\"\nvalidity_days = 1\nservice_days = 1\n";

#[test]
fn a_broken_manifest_is_reported_with_its_file_and_line() {
    let cases = [
        (format!("{GOOD_TOML}\n[[fields]]\nname = \"a\"\nlabel = \"A\"\nkind = \"warna\"\n"), 12),
        (format!("{GOOD_TOML}warna = \"merah\"\n"), 8),
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

#[test]
fn every_broken_template_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("_lib")).unwrap();
    std::fs::copy(templates_dir().join("_lib/serambi.typ"), dir.path().join("_lib/serambi.typ")).unwrap();
    let write = |path: &str, text: &str| {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("satu/letter.toml", &GOOD_TOML.replace("uji", "satu").replace("route = \"kelurahan\"", "route = \"desa\""));
    write("satu/letter.typ", "Halo");
    write("dua/letter.toml", &GOOD_TOML.replace("uji", "dua"));
    write("dua/letter.typ", "#let x = (\n");
    write(
        "tiga/letter.toml",
        &format!(
            "{}\n[[fields]]\nname = \"Pilih\"\nlabel = \"\"\nkind = \"choice\"\n",
            GOOD_TOML.replace("uji", "tiga")
        ),
    );
    write("tiga/letter.typ", "Halo");
    let errors = TemplateSet::load(dir.path()).err().expect("broken templates refused").0;
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(text.iter().any(|e| e.contains("satu/letter.toml:5")), "{text:#?}");
    assert!(text.iter().any(|e| e.contains("dua/letter.typ:")), "{text:#?}");
    assert!(text.iter().any(|e| e.contains("tiga/letter.toml") && e.contains("tanpa choices")), "{text:#?}");
    assert!(text.iter().any(|e| e.contains("tiga/letter.toml") && e.contains("huruf kecil")), "{text:#?}");
}

#[test]
fn the_qr_png_holds_every_module_of_the_code_inside_its_quiet_zone() {
    let url = "https://serambi.kupangkota.go.id/v/3f6c2a9e-5b1d-4c8e-9a70-2d4b6e8f1a03";
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).unwrap();
    let png = crate::Qr::new(url).unwrap().png();
    let mut reader = png::Decoder::new(std::io::Cursor::new(png.to_vec())).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (width, size) = (code.width(), code.width() + 8);
    assert_eq!((info.width as usize, info.height as usize), (size, size));
    assert_eq!((info.color_type, info.bit_depth), (png::ColorType::Grayscale, png::BitDepth::One));
    let dark = |x: usize, y: usize| buf[y * info.line_size + x / 8] & (0x80 >> (x % 8)) == 0;
    let colors = code.to_colors();
    for y in 0..size {
        for x in 0..size {
            let inside = (4..4 + width).contains(&x) && (4..4 + width).contains(&y);
            let expected = inside && colors[(y - 4) * width + (x - 4)] == qrcode::Color::Dark;
            assert_eq!(dark(x, y), expected, "module ({x}, {y})");
        }
    }
    assert!(png.len() < 1024, "{} bytes", png.len());
}
