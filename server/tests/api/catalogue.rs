//! The letter catalogue end to end: every letter type submitted with every kind of field,
//! signed, and printed; attachments; office layout settings; numbering under concurrency.

use crate::flow::{pdf_text, pdftotext};
use crate::on_both_databases;
use crate::support::{TINY_JPEG, TINY_PDF, TINY_PNG, TestApp};
use domain::FieldKind;
use http::StatusCode;
use serde_json::{Value, json};

on_both_databases!(
    every_letter_type_is_signed_with_hostile_text_printed_literally,
    every_field_kind_is_rechecked_by_the_server,
    fifty_concurrent_signings_get_fifty_consecutive_numbers,
    the_counter_scope_can_be_per_classification_but_not_switched_mid_year,
    uploads_are_sniffed_capped_and_only_shown_to_those_who_handle_the_request,
    required_attachments_are_enforced_and_can_be_replaced_on_resubmission,
    office_layout_settings_reach_the_signed_letter,
    a_secretary_signs_on_behalf_of_the_lurah,
    the_admin_changes_office_settings_in_the_web_page_api,
);

const MARIA_FAMILY: [&str; 2] = ["5371041208870001", "5371044302150001"];
const YOSEF: &str = "5371022001750001";
const HOSTILE: &str = "#panic(\"x\") *b* $x$ <l> @r #{1}";

/// Values for every field of a letter type: the manifest's examples (or plausible defaults),
/// real people of the demo record in person fields, and, when `hostile`, a distinct hostile
/// marker in every text field. Returns the values and the markers that must print.
pub(crate) fn values_for(code: &str, app: &TestApp, hostile: bool) -> (Value, Vec<String>) {
    let m = app.services.catalogue.get(code).expect("letter type").clone();
    let (values, _) = letters::sample_values(&m);
    let mut markers = Vec::new();
    let mut family = MARIA_FAMILY.iter().cycle();
    let mut fill = |spec: &domain::FieldSpec, sample: &str, markers: &mut Vec<String>| -> String {
        match spec.kind {
            FieldKind::PersonKk => family.next().unwrap().to_string(),
            FieldKind::PersonNik => YOSEF.to_string(),
            FieldKind::Text | FieldKind::LongText if hostile && spec.max_len.unwrap_or(200) >= 40 => {
                let v = format!("‹{}›{HOSTILE}", markers.len());
                markers.push(v.clone());
                v
            }
            _ => sample.to_string(),
        }
    };
    let mut out = serde_json::Map::new();
    for spec in &m.fields {
        let v = match values.get(&spec.name) {
            Some(domain::FieldValue::Text(t)) => json!(fill(spec, t, &mut markers)),
            Some(domain::FieldValue::Rows(rows)) => Value::Array(
                rows.iter()
                    .map(|row| {
                        let mut r = serde_json::Map::new();
                        for sub in &spec.fields {
                            let sample = row.get(&sub.name).cloned().unwrap_or_default();
                            r.insert(sub.name.clone(), json!(fill(sub, &sample, &mut markers)));
                        }
                        Value::Object(r)
                    })
                    .collect(),
            ),
            None => continue,
        };
        out.insert(spec.name.clone(), v);
    }
    (Value::Object(out), markers)
}

/// Takes a submitted request of Maria's (Kelurahan Oebobo) through to the signature.
async fn sign_through(app: &TestApp, id: &str, route: domain::Route) -> Value {
    let clerk = app.official("petugas.oebobo").await;
    let r = app.act(&clerk, id, "verify", "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let signer = match route {
        domain::Route::Kelurahan => app.official("lurah.oebobo").await,
        domain::Route::Kecamatan => {
            let lurah = app.official("lurah.oebobo").await;
            assert_eq!(app.act(&lurah, id, "approve", "").await.status, StatusCode::OK);
            let kec = app.official("petugas.kec.oebobo").await;
            assert_eq!(app.act(&kec, id, "verify_kecamatan", "").await.status, StatusCode::OK);
            app.official("camat.oebobo").await
        }
    };
    let signed = app.act(&signer, id, "sign", "").await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text());
    signed.json()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

async fn every_letter_type_is_signed_with_hostile_text_printed_literally(app: TestApp) {
    let warga = app.warga().await;
    let infos = app.services.catalogue.all().to_vec();
    assert!(infos.len() >= 11, "{} letter types", infos.len());
    for info in infos {
        let (fields, markers) = values_for(&info.code, &app, true);
        let r = app.submit(&warga, &info.code, fields).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", info.code, r.text());
        let id = r.json().as_str().unwrap().to_string();
        let signed = sign_through(&app, &id, info.route).await;
        let url = signed["letter"]["download_url"].as_str().unwrap().to_string();
        let pdf = app.get(Some(&warga), &url).await;
        let text = squash(&pdftotext(&pdf.body, "-raw"));
        for m in &markers {
            assert!(text.contains(&squash(m)), "{}: {m:?} not printed literally:\n{text}", info.code);
        }
        let number = signed["letter"]["number"].as_str().unwrap();
        assert!(text.contains(&squash(number)), "{}: number {number} missing", info.code);
    }
}

async fn every_field_kind_is_rechecked_by_the_server(app: TestApp) {
    let warga = app.warga().await;
    let hostile = "#panic(\"x\")";
    let mut seen = std::collections::HashSet::new();
    for info in app.services.catalogue.all().to_vec() {
        let (good, _) = values_for(&info.code, &app, false);
        let specs = info.fields.iter().flat_map(|f| {
            let group = (f.kind == FieldKind::Group).then_some(f.name.clone());
            std::iter::once((None, f)).chain(f.fields.iter().map(move |s| (group.clone(), s)))
        });
        for (group, spec) in specs {
            let bad = match spec.kind {
                FieldKind::Number | FieldKind::Money | FieldKind::Date | FieldKind::Time | FieldKind::Choice => hostile,
                FieldKind::PersonKk => YOSEF, // a real NIK, but not on Maria's KK
                FieldKind::PersonNik => "5371049999990001",
                FieldKind::Text | FieldKind::Group => "baris satu\nbaris dua",
                FieldKind::LongText => "a\u{0}b",
            };
            if !seen.insert(spec.kind) {
                continue;
            }
            let mut fields = good.clone();
            let key = match &group {
                None => {
                    fields[&spec.name] = json!(bad);
                    spec.name.clone()
                }
                Some(g) => {
                    fields[g][0][&spec.name] = json!(bad);
                    format!("{g}.0.{}", spec.name)
                }
            };
            let r = app.submit(&warga, &info.code, fields).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{} {key} = {bad:?}: {}", info.code, r.text());
            let msgs = &r.json()["Validation"][&key];
            assert!(msgs.is_array(), "{} {key}: {}", info.code, r.text());
        }
        // A group given as text, and a scalar given as rows, are refused too.
        if let Some(g) = info.fields.iter().find(|f| f.kind == FieldKind::Group) {
            let mut fields = good.clone();
            fields[&g.name] = json!("bukan daftar");
            let r = app.submit(&warga, &info.code, fields).await;
            assert!(r.json()["Validation"][&g.name].is_array(), "{}", r.text());
        }
    }
    let kinds = [
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Money,
        FieldKind::Date,
        FieldKind::Time,
        FieldKind::Choice,
        FieldKind::PersonKk,
        FieldKind::PersonNik,
    ];
    for k in kinds {
        assert!(seen.contains(&k), "no letter type has a {k:?} field to test");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0, "nothing refused was stored");
}

/// The numbers of an office's letters, as sequence numbers.
async fn sequences(app: &TestApp, office: &str) -> Vec<i64> {
    let numbers: Vec<String> = sqlx::query_scalar("SELECT number FROM letters WHERE office_code = $1")
        .bind(office)
        .fetch_all(&app.services.db.pool)
        .await
        .unwrap();
    let mut seq: Vec<i64> = numbers.iter().map(|n| n.split('/').nth(1).unwrap().parse().unwrap()).collect();
    seq.sort();
    seq
}

async fn fifty_concurrent_signings_get_fifty_consecutive_numbers(app: TestApp) {
    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let lurah = app.official("lurah.oebobo").await;
    let mut ids = Vec::new();
    for i in 0..50 {
        let id = app.submit_domisili(&warga, &format!("Keperluan nomor {i}")).await;
        assert_eq!(app.act(&clerk, &id, "verify", "").await.status, StatusCode::OK);
        ids.push(id);
    }
    let started = std::time::Instant::now();
    let replies = futures::future::join_all(ids.iter().map(|id| app.act(&lurah, id, "sign", ""))).await;
    let took = started.elapsed();
    for r in &replies {
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let seq = sequences(&app, "53.71.04.1001").await;
    assert_eq!(seq, (1..=50).collect::<Vec<i64>>(), "distinct and consecutive");
    eprintln!("50 concurrent signings on {:?}: {:.2} s", app.services.db.engine, took.as_secs_f64());
}

async fn the_counter_scope_can_be_per_classification_but_not_switched_mid_year(app: TestApp) {
    let warga = app.warga().await;
    let sign = |code: &'static str| {
        let app = &app;
        let warga = warga.clone();
        async move {
            let (fields, _) = values_for(code, app, false);
            let r = app.submit(&warga, code, fields).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            let id = r.json().as_str().unwrap().to_string();
            sign_through(app, &id, domain::Route::Kelurahan).await["letter"]["number"].as_str().unwrap().to_string()
        }
    };
    let apply = |change: server::offices::Change| server::offices::apply(&app.services, None, "53.71.04.1001", change);
    let refusal = |r: Result<_, server::error::Error>| match r {
        Err(server::error::Error::Invalid(p)) => p,
        other => panic!("not refused: {other:?}"),
    };
    let scope = |s: &str| server::offices::Change { counter_scope: Some(s.into()), ..Default::default() };
    let pattern = |p: &str| server::offices::Change { number_pattern: Some(p.into()), ..Default::default() };

    // Settings that would give two letters the same number are refused (finding 11): without
    // the year (counters start again every year), per classification without the
    // classification, `{urut}` run into another part.
    let p = refusal(apply(pattern("{klasifikasi}/{urut:03}/{unit}/{bulan_romawi}")).await);
    assert!(p["number_pattern"][0].contains("{tahun}"), "{p:?}");
    apply(pattern("{urut:03}/{unit}/{tahun}")).await.unwrap();
    let p = refusal(apply(scope("klasifikasi")).await);
    assert!(p["number_pattern"][0].contains("{klasifikasi}"), "{p:?}");
    let p = refusal(apply(pattern("{klasifikasi}{urut}/{tahun}")).await);
    assert!(p["number_pattern"][0].contains("dipisah"), "{p:?}");
    apply(pattern(domain::number::DEFAULT_PATTERN)).await.unwrap();

    // Before the year's first letter, the scope may change: a counter per classification.
    apply(scope("klasifikasi")).await.unwrap();
    assert!(sign("domisili").await.starts_with("400.12.2.1/001/"));
    assert!(sign("sktm").await.starts_with("100.2.2.5/001/"), "a fresh counter per classification");
    assert!(sign("usaha").await.starts_with("500.2.2.4/001/"));
    assert!(sign("usaha").await.starts_with("500.2.2.4/002/"));
    // Once this year's letters have numbers it may not: the office's one counter would give
    // 400.12.2.1/001 again, or later 500.2.2.4/003 a second time.
    let p = refusal(apply(scope("kantor")).await);
    assert!(p["counter_scope"][0].contains("di tengah tahun"), "{p:?}");
    assert!(sign("usaha").await.starts_with("500.2.2.4/003/"), "nothing changed");
    // Another office that has numbered nothing this year may.
    server::offices::apply(&app.services, None, "53.71.04.1008", scope("klasifikasi")).await.unwrap();

    assert!(apply(scope("bulanan")).await.is_err());
    assert!(apply(pattern("{urut}/{tidak_dikenal}")).await.is_err());
    let numbers: Vec<String> =
        sqlx::query_scalar("SELECT number FROM letters").fetch_all(&app.services.db.pool).await.unwrap();
    let distinct: std::collections::HashSet<_> = numbers.iter().collect();
    assert_eq!(distinct.len(), numbers.len(), "{numbers:?}");
}

async fn uploads_are_sniffed_capped_and_only_shown_to_those_who_handle_the_request(app: TestApp) {
    let warga = app.warga().await;
    // The type comes from the bytes, not the name.
    let png = app.upload(&warga, "scan.pdf", TINY_PNG).await;
    assert_eq!(png.status, StatusCode::OK, "{}", png.text());
    assert_eq!(png.json()["file_type"], "png");
    assert_eq!(png.json()["name"], "scan.png");
    assert_eq!(app.upload(&warga, "ktp.jpg", TINY_JPEG).await.json()["file_type"], "jpeg");
    for (name, bytes, status) in [
        ("halaman.html", &b"<html><script>alert(1)</script>"[..], StatusCode::UNPROCESSABLE_ENTITY),
        ("foto.gif", &b"GIF89a\x01\x00"[..], StatusCode::UNPROCESSABLE_ENTITY),
        ("kosong.pdf", &b""[..], StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let r = app.upload(&warga, name, bytes).await;
        assert_eq!(r.status, status, "{name}: {}", r.text());
        assert!(r.text().contains("PDF, JPEG atau PNG") || r.text().contains("kosong"), "{name}: {}", r.text());
    }
    let mut big = TINY_PDF.to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let r = app.upload(&warga, "besar.pdf", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    assert!(r.text().contains("paling besar 5 MB"), "{}", r.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 2, "refused uploads leave nothing");
    // Clerks scan documents at the counter; lurah and kecamatan officials upload nothing.
    let lurah_cookie = app.official("lurah.oebobo").await;
    assert_eq!(app.upload(&lurah_cookie, "x.pdf", TINY_PDF).await.status, StatusCode::FORBIDDEN);
    let clerk_cookie = app.official("petugas.oebobo").await;

    // Attached to a request, the file is shown to the resident and to Oebobo's officials only.
    let pdf_id = app.upload(&warga, "pengantar.pdf", TINY_PDF).await.json()["id"].clone();
    let info = app.services.catalogue.get("domisili").unwrap().clone();
    let mut attachments = app.required_attachments(&warga, "domisili").await;
    let slot = info.attachments.iter().find(|a| attachments.get(&a.name).is_none()).map(|a| a.name.clone());
    if let Some(slot) = &slot {
        attachments[slot] = pdf_id.clone();
    }
    let r = app
        .call(
            Some(&warga),
            "ajukan",
            json!({ "input": { "letter_type": "domisili", "fields": { "keperluan": "Bank" }, "attachments": attachments } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let id = r.json().as_str().unwrap().to_string();
    let seen = app.detail(&clerk_cookie, &id).await.json();
    let listed = seen["attachments"].as_array().unwrap();
    assert!(!listed.is_empty(), "the clerk sees the attachments beside the request");
    let url = listed[0]["url"].as_str().unwrap().to_string();
    let got = app.get(Some(&clerk_cookie), &url).await;
    assert_eq!(got.status, StatusCode::OK);
    assert!(got.headers["content-type"] == "application/pdf" || got.headers["content-type"] == "image/png");
    assert_eq!(got.headers["x-content-type-options"], "nosniff");
    assert_eq!(app.get(Some(&warga), &url).await.status, StatusCode::OK);
    let yosef = app.login(YOSEF, "warga123").await;
    assert_eq!(app.get(Some(&yosef), &url).await.status, StatusCode::NOT_FOUND);
    let other_clerk = app.official("petugas.oepura").await;
    assert_eq!(app.get(Some(&other_clerk), &url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(None, &url).await.status, StatusCode::UNAUTHORIZED);

    // A daily cap per account: uploads beyond it are refused with a reason.
    app.fill_marias_uploads(app.services.config.max_uploads_per_day).await;
    let capped = app.upload(&warga, "satu-lagi.pdf", TINY_PDF).await;
    assert_eq!(capped.status, StatusCode::CONFLICT, "{}", capped.text());
    assert!(capped.text().contains("terlalu banyak"), "{}", capped.text());

    // Someone else's upload, or one already used, cannot be attached.
    sqlx::query("DELETE FROM attachments WHERE id LIKE 'isi-%'").execute(&app.services.db.pool).await.unwrap();
    let yosef_file = app.upload(&yosef, "milik-yosef.pdf", TINY_PDF).await.json()["id"].clone();
    for stolen in [yosef_file, pdf_id] {
        let mut a = app.required_attachments(&warga, "domisili").await;
        let slot = info.attachments[0].name.clone();
        a[&slot] = stolen;
        let r = app
            .call(
                Some(&warga),
                "ajukan",
                json!({ "input": { "letter_type": "domisili", "fields": { "keperluan": "Bank" }, "attachments": a } }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        assert!(r.json()["Validation"][format!("lampiran.{slot}")].is_array(), "{}", r.text());
    }
}

async fn required_attachments_are_enforced_and_can_be_replaced_on_resubmission(app: TestApp) {
    let warga = app.warga().await;
    let info = app
        .services
        .catalogue
        .all()
        .iter()
        .find(|i| i.attachments.iter().any(|a| a.required))
        .expect("some letter type requires an attachment")
        .clone();
    let required = info.attachments.iter().find(|a| a.required).unwrap().name.clone();
    let (fields, _) = values_for(&info.code, &app, false);
    let r = app
        .call(Some(&warga), "ajukan", json!({ "input": { "letter_type": info.code, "fields": fields.clone() } }))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.json()["Validation"][format!("lampiran.{required}")][0].as_str().unwrap().contains("wajib dilampirkan"));
    let r = app
        .call(
            Some(&warga),
            "ajukan",
            json!({ "input": { "letter_type": info.code, "fields": fields.clone(),
                    "attachments": { "tidak_ada": uuid::Uuid::new_v4() } } }),
        )
        .await;
    assert!(r.json()["Validation"]["lampiran.tidak_ada"].is_array(), "{}", r.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);

    let r = app.submit(&warga, &info.code, fields.clone()).await;
    let id = r.json().as_str().unwrap().to_string();
    let clerk = app.official("petugas.oebobo").await;
    app.act(&clerk, &id, "return", "Foto lampiran buram, unggah ulang.").await;
    let fresh = app.upload(&warga, "lebih-jelas.png", TINY_PNG).await.json()["id"].clone();
    let spec = info.attachments.iter().find(|a| a.name == required).unwrap();
    let fresh = if spec.accepts(domain::FileType::Png) {
        fresh
    } else {
        app.upload(&warga, "lebih-jelas.pdf", TINY_PDF).await.json()["id"].clone()
    };
    let r = app
        .call(
            Some(&warga),
            "tindakan",
            json!({ "input": { "request_id": id, "action": "resubmit", "note": "", "fields": fields,
                    "attachments": { required.clone(): fresh.clone() } } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let listed = r.json()["attachments"].as_array().unwrap().clone();
    let now: Vec<&Value> = listed.iter().filter(|a| a["slot"] == required.as_str()).collect();
    assert_eq!(now.len(), 1, "the replaced file is no longer shown: {listed:?}");
    assert_eq!(now[0]["id"], fresh);
}

async fn office_layout_settings_reach_the_signed_letter(app: TestApp) {
    let code = "53.71.04.1001";
    let emblem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../letters/tests/emblem.png")).unwrap();
    let change = server::offices::Change {
        paper: Some("f4".into()),
        margins_mm: Some([20, 15, 20, 25]),
        kop_lines: Some(vec![
            "PEMERINTAH KOTA KUPANG".into(),
            "KECAMATAN OEBOBO".into(),
            "KELURAHAN OEBOBO BARU".into(),
        ]),
        number_pattern: Some("{urut:04}/{klasifikasi}/{unit}/{tahun}".into()),
        emblem: Some(Some(emblem)),
        ..Default::default()
    };
    server::offices::apply(&app.services, None, code, change).await.unwrap();
    // A broken emblem or bad margins are refused and change nothing.
    let bad = server::offices::Change { emblem: Some(Some(b"GIF89a".to_vec())), ..Default::default() };
    assert!(server::offices::apply(&app.services, None, code, bad).await.is_err());
    let bad =
        server::offices::Change { margins_mm: Some([0, 15, 20, 25]), paper: Some("a3".into()), ..Default::default() };
    assert!(server::offices::apply(&app.services, None, code, bad).await.is_err());

    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Tata letak").await;
    let signed = sign_through(&app, &id, domain::Route::Kelurahan).await;
    let number = signed["letter"]["number"].as_str().unwrap();
    assert!(number.starts_with("0001/400.12.2.1/KEL-OBB/"), "{number}");
    let url = signed["letter"]["download_url"].as_str().unwrap();
    let pdf = app.get(Some(&warga), url).await.body;
    assert!(pdf_text(&pdf).contains("OEBOBO BARU"), "custom kop printed");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("609.4") && raw.contains("935.4"), "F4 page (215 × 330 mm)");
    assert!(raw.contains("/Subtype /Image") || raw.contains("/Subtype/Image"), "emblem embedded");
}

async fn a_secretary_signs_on_behalf_of_the_lurah(app: TestApp) {
    let warga = app.warga().await;
    let id = app.submit_domisili(&warga, "Persyaratan beasiswa").await;
    let clerk = app.official("petugas.oebobo").await;
    app.act(&clerk, &id, "verify", "").await;
    let secretary = app.official("sekretaris.oebobo").await;
    let signed = app.act(&secretary, &id, "sign", "").await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text());
    let url = signed.json()["letter"]["download_url"].as_str().unwrap().to_string();
    let text = pdf_text(&app.get(Some(&warga), &url).await.body);
    assert!(text.contains("a.n. Lurah Oebobo"), "{text}");
    assert!(text.contains("Sekretaris Kelurahan Oebobo"), "{text}");
}

#[tokio::test]
async fn the_server_refuses_to_start_with_a_broken_template() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../letter-templates");
    for sub in ["_lib", "_fonts", "domisili"] {
        std::fs::create_dir_all(templates.join(sub)).unwrap();
        for f in std::fs::read_dir(real.join(sub)).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, templates.join(sub).join(f.file_name().unwrap())).unwrap();
        }
    }
    let typ = templates.join("domisili/letter.typ");
    let text = std::fs::read_to_string(&typ).unwrap();
    std::fs::write(&typ, format!("{text}\n#tidak-ada-fungsi-ini()\n")).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display());
    let mut config = server::config::Config::for_tests(&url, dir.path());
    config.templates = templates;
    let err = match server::Services::start(config).await {
        Ok(_) => panic!("started with a broken template"),
        Err(e) => format!("{e:#}"),
    };
    assert!(err.contains("domisili/letter.typ:"), "{err}");
    assert!(err.contains("tidak-ada-fungsi-ini"), "{err}");
}

async fn the_admin_changes_office_settings_in_the_web_page_api(app: TestApp) {
    let admin = app.official("admin").await;
    let lurah = app.official("lurah.oebobo").await;
    let list = app.call(Some(&admin), "kantor-daftar", json!({})).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json()["offices"].as_array().unwrap().len(), 58, "kota, 6 kecamatan, 51 kelurahan");
    assert_eq!(app.call(Some(&lurah), "kantor-daftar", json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.call(Some(&lurah), "kantor", json!({ "code": "53.71.04.1001" })).await.status,
        StatusCode::FORBIDDEN
    );

    let mut s = app.call(Some(&admin), "kantor", json!({ "code": "53.71.04.1001" })).await.json();
    assert_eq!(s["paper"], "a4");
    assert!(s["number_example"].as_str().unwrap().starts_with("400.12.2.1/007/KEL-OBB/"), "{s}");
    let input = |s: &Value| {
        json!({ "input": {
            "code": s["code"], "paper": s["paper"], "margins_mm": s["margins_mm"], "kop_lines": s["kop_lines"],
            "number_pattern": s["number_pattern"], "counter_scope": s["counter_scope"], "address": s["address"],
            "place": s["place"], "unit_code": s["unit_code"], "remove_emblem": false } })
    };
    // Bad settings are refused field by field, and nothing changes.
    let mut bad = s.clone();
    bad["paper"] = json!("a3");
    bad["margins_mm"] = json!([2, 20, 25, 30]);
    bad["number_pattern"] = json!("{urut}/{hari}");
    bad["unit_code"] = json!("KEL/OBB");
    let r = app.call(Some(&admin), "kantor-simpan", input(&bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    for key in ["paper", "margins", "number_pattern", "unit_code"] {
        assert!(r.json()["Validation"][key].is_array(), "{key}: {}", r.text());
    }
    assert_eq!(app.call(Some(&admin), "kantor", json!({ "code": "53.71.04.1001" })).await.json(), s);

    s["paper"] = json!("f4");
    s["number_pattern"] = json!("{klasifikasi}/{urut:04}/{unit}/{tahun}");
    s["kop_lines"] = json!("PEMERINTAH KOTA KUPANG\nKECAMATAN OEBOBO\nKELURAHAN OEBOBO");
    let saved = app.call(Some(&admin), "kantor-simpan", input(&s)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(saved.json()["paper"], "f4");
    assert!(saved.json()["number_example"].as_str().unwrap().starts_with("400.12.2.1/0007/KEL-OBB/"));

    let code = b"53.71.04.1001";
    let gif =
        app.multipart(&admin, "kantor-lambang", &[("code", None, code), ("file", Some("l.gif"), b"GIF89a")]).await;
    assert_eq!(gif.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", gif.text());
    let png = app.multipart(&admin, "kantor-lambang", &[("code", None, code), ("file", Some("l.png"), TINY_PNG)]).await;
    assert_eq!(png.status, StatusCode::OK, "{}", png.text());
    assert_eq!(png.json()["has_emblem"], true);
    let as_lurah =
        app.multipart(&lurah, "kantor-lambang", &[("code", None, code), ("file", Some("l.png"), TINY_PNG)]).await;
    assert_eq!(as_lurah.status, StatusCode::FORBIDDEN);
}
