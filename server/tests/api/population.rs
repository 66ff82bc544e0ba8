//! Importing the population record; requests for family members and at the counter;
//! data-correction notes.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::json;
use server::population::import::{self, ImportError, Progress, Source};
use server::population::synthetic;
use std::path::Path;
use std::sync::Arc;

on_both_databases!(
    import_takes_good_rows_reports_bad_ones_and_is_idempotent,
    a_file_that_cannot_be_imported_changes_nothing,
    a_failure_midway_leaves_nothing_of_the_file,
    residents_ask_for_members_of_their_kk_only,
    clerks_open_requests_at_the_counter_for_their_own_kelurahan,
    residents_report_wrong_data_to_their_kelurahan,
    an_admin_imports_a_population_file_without_javascript,
);

fn sample(dir: &Path, name: &str, rows: usize, bad: usize, separator: u8) -> std::path::PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    let opts = synthetic::Options { rows, bad_rows: bad, separator, seed: 99, villages: Vec::new() };
    synthetic::write(std::io::BufWriter::new(file), &opts).unwrap();
    path
}

async fn run(app: &TestApp, path: &Path) -> Result<import::Summary, ImportError> {
    let source = Source {
        id: uuid::Uuid::new_v4().to_string(),
        path: path.to_path_buf(),
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        started_by: None,
    };
    let today = app.services.clock.today();
    import::run(&app.services.db, source, &import::report_path(path), Arc::new(Progress::default()), today).await
}

/// The record's two secondary indexes present (a large import drops and rebuilds them).
async fn secondary_indexes(app: &TestApp) -> i64 {
    app.count(match app.services.db.engine {
        server::db::Engine::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('residents_no_kk', 'residents_kelurahan')"
        }
        server::db::Engine::Postgres => {
            "SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('residents_no_kk', 'residents_kelurahan')"
        }
    })
    .await
}

/// PostgreSQL: the record's foreign key to its offices present (a first large load drops and
/// adds it back; this test's file is one: over 100 times the demo record). SQLite: always 1.
async fn office_reference(app: &TestApp) -> i64 {
    match app.services.db.engine {
        server::db::Engine::Sqlite => 1,
        server::db::Engine::Postgres => {
            app.count("SELECT COUNT(*) FROM pg_constraint WHERE conname = 'residents_kelurahan_code_fkey'").await
        }
    }
}

fn has_identity_number(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 16 {
            return true;
        }
    }
    false
}

async fn import_takes_good_rows_reports_bad_ones_and_is_idempotent(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let before = app.count("SELECT COUNT(*) FROM residents").await;
    let path = sample(dir.path(), "penduduk.csv", 700, 21, b';');
    let s = run(&app, &path).await.expect("import");
    assert_eq!(s.rows_total, 700);
    assert_eq!(s.rows_rejected, 21, "each spoiled row is refused");
    assert_eq!(s.rows_ok, 679);
    assert_eq!(s.separator, ';');
    // The synthetic people share the demo's generator and seed space: some already exist.
    let after = app.count("SELECT COUNT(*) FROM residents").await;
    assert_eq!((after - before) as u64, s.inserted);
    assert_eq!(s.inserted + s.updated + s.unchanged, s.rows_ok);

    // The report lies next to the input: line, column, reason; never an identity number.
    let report = std::fs::read_to_string(import::report_path(&path)).unwrap();
    assert!(report.starts_with("baris;kolom;alasan"), "{report}");
    assert_eq!(report.lines().count() as u64, 1 + 21, "one problem per spoiled row:\n{report}");
    // Every 33rd person is spoiled: the first is the 33rd data row, on line 34 of the file.
    assert!(report.lines().nth(1).unwrap().starts_with("34;"), "{report}");
    assert!(report.lines().nth(2).unwrap().starts_with("67;"), "{report}");
    for expected in
        ["tanggal lahir pada NIK", "NO_KEL", "AGAMA", "NO_KK", "NAMA_LGKP_IBU", "NIK yang sama sudah ada di baris"]
    {
        assert!(report.contains(expected), "{expected} missing from\n{report}");
    }
    assert!(report.contains("baris ini berisi 18 kolom, seharusnya 19"), "{report}");
    assert!(!has_identity_number(&report), "{report}");
    let stored =
        app.count(&format!("SELECT COUNT(*) FROM population_import_problems WHERE import_id = '{}'", s.id)).await;
    assert_eq!(stored, 21);

    // The same file again changes nothing.
    let again = run(&app, &path).await.expect("second import");
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 679));
    assert_eq!(app.count("SELECT COUNT(*) FROM residents").await, after);

    // The same people with a BOM, commas and one moved family member: one row updated.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(|l| l.replace(';', ",")).collect();
    let moved = 1; // the first person: not one of the spoiled rows
    let old_address = lines[moved].split(',').nth(11).unwrap().to_string();
    lines[moved] = lines[moved].replacen(&old_address, "Jl. Timor Raya No. 7", 1);
    let comma = dir.path().join("penduduk-koma.csv");
    std::fs::write(&comma, format!("\u{feff}{}\n", lines.join("\n"))).unwrap();
    let third = run(&app, &comma).await.expect("comma import");
    assert_eq!(third.separator, ',');
    assert_eq!((third.inserted, third.updated, third.unchanged), (0, 1, 678));
    assert_eq!(third.rows_rejected, 21);
    let moved_nik = lines[moved].split(',').next().unwrap().to_string();
    let address: String = sqlx::query_scalar("SELECT address FROM residents WHERE nik = $1")
        .bind(&moved_nik)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(address, "Jl. Timor Raya No. 7");
    let done = app.count("SELECT COUNT(*) FROM population_imports WHERE status = 'selesai'").await;
    assert_eq!(done, 3);
    assert_eq!(secondary_indexes(&app).await, 2);
}

async fn a_file_that_cannot_be_imported_changes_nothing(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let before = app.count("SELECT COUNT(*) FROM residents").await;
    let cases: [(&str, &[u8], &str); 4] = [
        ("kosong.csv", b"", "Berkas kosong"),
        ("judul.csv", b"NIK;NAMA\n5371045505900001;MARIA\n", "kolom wajib tidak ada"),
        ("latin1.csv", b"NIK;NAMA_LGKP\xe9\n", "bukan teks UTF-8"),
        ("dobel.csv", b"NIK;NKK;NO_KK\n", "lebih dari sekali"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        match run(&app, &path).await {
            Err(ImportError::Refused(m)) => assert!(m.contains(expected), "{name}: {m}"),
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM residents").await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM population_imports WHERE status = 'gagal'").await, 4);
    let message: String = sqlx::query_scalar("SELECT message FROM population_imports WHERE source_name = 'judul.csv'")
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert!(message.contains("NO_KK"), "{message}");
}

async fn residents_ask_for_members_of_their_kk_only(app: TestApp) {
    let maria = app.warga().await;
    // Anita is Maria's daughter on the same KK.
    let attachments = app.required_attachments(&maria, "domisili").await;
    let r = app
        .call(
            Some(&maria),
            "ajukan",
            json!({ "input": { "letter_type": "domisili", "fields": { "keperluan": "Sekolah" },
                               "attachments": attachments, "subject": "5371044302150001" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let id = r.json().as_str().unwrap().to_string();
    let detail = app.detail(&maria, &id).await.json();
    assert_eq!(detail["snapshot"]["nama"], "ANITA LENDE");
    assert_eq!(detail["on_behalf"], true);
    assert_eq!(detail["at_counter"], false);
    assert_eq!(detail["requester"], "Maria Goreti Lende");
    let subject: String = sqlx::query_scalar("SELECT subject_nik FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(subject, "5371044302150001");
    // The clerk sees who asked for whom.
    let clerk = app.official("petugas.oebobo").await;
    let seen = app.detail(&clerk, &id).await.json();
    assert_eq!(seen["requester"], "Maria Goreti Lende");

    // Someone on another KK, and a NIK that does not exist, get the same answer.
    for other in ["5371022001750001", "5371040101990009"] {
        let attachments = app.required_attachments(&maria, "domisili").await;
        let r = app
            .call(
                Some(&maria),
                "ajukan",
                json!({ "input": { "letter_type": "domisili", "fields": { "keperluan": "Sekolah" },
                                   "attachments": attachments, "subject": other } }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        assert!(r.text().contains("Pilih anggota KK Anda"), "{}", r.text());
    }
    // The family list marks the resident themself.
    let family = app.call(Some(&maria), "keluarga-saya", json!({})).await.json();
    let me: Vec<_> = family.as_array().unwrap().iter().filter(|m| m["me"] == true).collect();
    assert_eq!(me.len(), 1);
    assert_eq!(me[0]["nama"], "MARIA GORETI LENDE");
}

async fn clerks_open_requests_at_the_counter_for_their_own_kelurahan(app: TestApp) {
    let clerk = app.official("petugas.oebobo").await;
    let (daniel, ..) = server::demo::UNREGISTERED;
    let found = app.call(Some(&clerk), "loket-cari", json!({ "input": { "nik": daniel } })).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text());
    assert_eq!(found.json()["record"]["nama"], "DANIEL TEFA");
    assert_eq!(found.json()["has_account"], false);

    let attachments = app.required_attachments(&clerk, "domisili").await;
    let r = app
        .call(
            Some(&clerk),
            "loket-ajukan",
            json!({ "input": { "nik": daniel, "request": { "letter_type": "domisili",
                    "fields": { "keperluan": "Melamar kerja" }, "attachments": attachments } } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let id = r.json().as_str().unwrap().to_string();
    let d = app.detail(&clerk, &id).await.json();
    assert_eq!(d["snapshot"]["nama"], "DANIEL TEFA");
    assert_eq!(d["at_counter"], true);
    assert_eq!(d["status"], "diajukan");
    let channel: String = sqlx::query_scalar("SELECT channel FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(channel, "loket");
    // Finding 15: returned, it is not stuck although Daniel has no account: the clerk sends it
    // again (with what he brought), and only for a counter request.
    assert_eq!(app.act(&clerk, &id, "return", "Bawa surat pengantar RT").await.status, StatusCode::OK);
    let d = app.detail(&clerk, &id).await.json();
    assert!(d["actions"].as_array().unwrap().iter().any(|a| a == "resubmit"), "{d}");
    let again = app
        .call(
            Some(&clerk),
            "tindakan",
            json!({ "input": { "request_id": id, "action": "resubmit", "note": "",
                    "fields": { "keperluan": "Melamar kerja" }, "attachments": {} } }),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(app.detail(&clerk, &id).await.json()["status"], "diajukan");
    let maria = app.warga().await;
    let online = app.submit_domisili(&maria, "Bukan dari loket").await;
    assert_eq!(app.act(&clerk, &online, "return", "Lengkapi").await.status, StatusCode::OK);
    let d = app.detail(&clerk, &online).await.json();
    assert!(!d["actions"].as_array().unwrap().iter().any(|a| a == "resubmit"), "{d}");
    // It goes on like any other request.
    assert_eq!(app.act(&clerk, &id, "verify", "").await.status, StatusCode::OK);

    // A resident with an account sees what the counter opened for them.
    let r = app
        .call(
            Some(&clerk),
            "loket-ajukan",
            json!({ "input": { "nik": "5371045505900001", "request": { "letter_type": "domisili",
                    "fields": { "keperluan": "Bank" }, "attachments": app.required_attachments(&clerk, "domisili").await } } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let for_maria = r.json().as_str().unwrap().to_string();
    let maria = app.warga().await;
    let mine = app.call(Some(&maria), "permohonan-saya", json!({})).await.json();
    assert!(mine.as_array().unwrap().iter().any(|s| s["id"] == for_maria.as_str()), "{mine}");
    assert_eq!(app.detail(&maria, &for_maria).await.status, StatusCode::OK);

    // Another kelurahan's clerk cannot serve Maria; residents and lurah cannot use the counter.
    let oepura = app.official("petugas.oepura").await;
    let r = app.call(Some(&oepura), "loket-cari", json!({ "input": { "nik": "5371045505900001" } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Finding 16: registered elsewhere reads the same as registered nowhere, and both look-ups
    // are recorded with who looked.
    let nobody = app.call(Some(&oepura), "loket-cari", json!({ "input": { "nik": "5371044506900099" } })).await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.text(), nobody.text());
    assert!(r.text().contains("tidak ada dalam data penduduk kelurahan ini"), "{}", r.text());
    let oepura_id: String = sqlx::query_scalar("SELECT id FROM users WHERE username = 'petugas.oepura'")
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    let misses: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE action = 'loket.cari_penduduk' AND actor_user_id = $1 \
         AND detail = 'tidak ada di kelurahan ini'",
    )
    .bind(&oepura_id)
    .fetch_one(&app.services.db.pool)
    .await
    .unwrap();
    assert_eq!(misses, 2);
    let r = app.call(Some(&maria), "loket-cari", json!({ "input": { "nik": daniel } })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let lurah = app.official("lurah.oebobo").await;
    let r = app.call(Some(&lurah), "loket-cari", json!({ "input": { "nik": daniel } })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.call(Some(&clerk), "loket-cari", json!({ "input": { "nik": "12345" } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn residents_report_wrong_data_to_their_kelurahan(app: TestApp) {
    let maria = app.warga().await;
    let r = app.call(Some(&maria), "koreksi-data", json!({ "input": { "fields": [], "note": "" } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .call(Some(&maria), "koreksi-data", json!({ "input": { "fields": ["Pekerjaan", "Sulap"], "note": "Salah" } }))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Sulap"), "{}", r.text());
    let r = app
        .call(
            Some(&maria),
            "koreksi-data",
            json!({ "input": { "fields": ["Pekerjaan"], "note": "Pekerjaan saya guru, bukan wiraswasta." } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(r.json()["nik"], "5371**********01", "masked in the resident's own list");

    let oepura = app.official("petugas.oepura").await;
    let theirs = app.call(Some(&oepura), "koreksi-daftar", json!({})).await.json();
    assert!(theirs.as_array().unwrap().is_empty());
    let r =
        app.call(Some(&oepura), "koreksi-selesai", json!({ "input": { "id": id, "response": "Bukan kami" } })).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let clerk = app.official("petugas.oebobo").await;
    let list = app.call(Some(&clerk), "koreksi-daftar", json!({})).await.json();
    assert_eq!(list[0]["nik"], "5371045505900001");
    assert_eq!(list[0]["fields"], "Pekerjaan");
    let r = app.call(Some(&clerk), "koreksi-selesai", json!({ "input": { "id": id, "response": "" } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .call(
            Some(&clerk),
            "koreksi-selesai",
            json!({ "input": { "id": id, "response": "Diteruskan ke Dukcapil; bawa SK pengangkatan guru." } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let mine = app.call(Some(&maria), "koreksi-daftar", json!({})).await.json();
    assert_eq!(mine[0]["done"], true);
    assert!(mine[0]["response"].as_str().unwrap().contains("Dukcapil"));
    // The record itself is unchanged: it comes from Dukcapil.
    let job: String = sqlx::query_scalar("SELECT occupation FROM residents WHERE nik = '5371045505900001'")
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(job, "WIRASWASTA");
}

async fn a_failure_midway_leaves_nothing_of_the_file(app: TestApp) {
    // The database refuses one row in the third chunk, after two chunks have gone in.
    let db = &app.services.db;
    match db.engine {
        server::db::Engine::Sqlite => {
            sqlx::query(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON residents WHEN NEW.name = 'GAGAL DI TENGAH' \
                 BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
            )
            .execute(&db.pool)
            .await
            .unwrap();
        }
        server::db::Engine::Postgres => {
            sqlx::query(
                "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN \
                 IF NEW.name = 'GAGAL DI TENGAH' THEN RAISE EXCEPTION 'refused by test'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
            )
            .execute(&db.pool)
            .await
            .unwrap();
            sqlx::query(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON residents FOR EACH ROW EXECUTE FUNCTION refuse_one()",
            )
            .execute(&db.pool)
            .await
            .unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let rows = 2 * import::CHUNK_ROWS + 500;
    let path = sample(dir.path(), "besar.csv", rows, 0, b';');
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let at = 2 * import::CHUNK_ROWS + 100;
    let fields: Vec<&str> = lines[at].split(';').collect();
    let mut changed: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    changed[2] = "GAGAL DI TENGAH".into();
    lines[at] = changed.join(";");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();

    let before = app.count("SELECT COUNT(*) FROM residents").await;
    assert!(before * 100 < rows as i64, "a first load on PostgreSQL too: {before} residents");
    match run(&app, &path).await {
        Err(ImportError::Other(_)) => {}
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM residents").await, before, "no row of the file remains");
    // On SQLite this file is big against the demo record: its indexes were dropped for the load
    // and come back with the rollback.
    assert_eq!(secondary_indexes(&app).await, 2, "the record's indexes");
    assert_eq!(office_reference(&app).await, 1, "the record's reference to its offices");
    let (status, message): (String, String) =
        sqlx::query_as("SELECT status, message FROM population_imports WHERE source_name = 'besar.csv'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(status, "gagal");
    assert!(message.contains("tidak ada data yang berubah"), "{message}");
    assert_eq!(app.count("SELECT COUNT(*) FROM population_import_problems").await, 0);

    // Without the trigger the same file goes in whole, and the record has its indexes after.
    sqlx::query("DROP TRIGGER refuse_one ON residents").execute(&db.pool).await.ok();
    sqlx::query("DROP TRIGGER IF EXISTS refuse_one").execute(&db.pool).await.ok();
    let done = run(&app, &path).await.expect("import without the trigger");
    assert_eq!(done.rows_ok as usize, rows);
    assert_eq!(secondary_indexes(&app).await, 2, "the record's indexes after a large import");
    assert_eq!(office_reference(&app).await, 1, "the record's reference to its offices after a large import");
    let kk: String = sqlx::query_scalar("SELECT no_kk FROM residents WHERE name = 'GAGAL DI TENGAH'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(app.count(&format!("SELECT COUNT(*) FROM residents WHERE no_kk = '{kk}'")).await >= 1);
}

/// The temporary files of population uploads still on disk.
fn uploads_left(app: &TestApp) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(&app.services.config.tmp) else { return Vec::new() };
    dir.filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("impor-"))
        .collect()
}

const IMPORT_FORM: &str = "/api/impor-unggah";

async fn an_admin_imports_a_population_file_without_javascript(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read(sample(dir.path(), "siak.csv", 40, 2, b';')).unwrap();
    let page = "/admin/penduduk";

    // A resident posting the form gets no place to put the file: nothing is stored.
    let warga = app.warga().await;
    let refused =
        app.multipart_to(&warga, page, &[("_form", None, IMPORT_FORM.as_bytes()), ("file", Some("x.csv"), &csv)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM population_imports").await, 0);
    assert!(uploads_left(&app).is_empty(), "{:?}", uploads_left(&app));

    // The admin without a file: the message next to the field.
    let admin = app.login("admin", "serambi123").await;
    let empty =
        app.multipart_to(&admin, page, &[("_form", None, IMPORT_FORM.as_bytes()), ("file", Some(""), b"")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.text());
    assert!(empty.text().contains("Pilih berkas CSV data penduduk."), "{}", empty.text());

    // With the file: the page says the import started and links to it; it runs to the end.
    let started = app
        .multipart_to(&admin, page, &[("_form", None, IMPORT_FORM.as_bytes()), ("file", Some("siak.csv"), &csv)])
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text());
    let html = started.text();
    assert!(html.contains("siak.csv diunggah; impor berjalan."), "{html}");
    assert!(html.contains("Lihat kemajuan impor"), "{html}");
    assert!(!has_identity_number(&html), "no NIK on the page");
    // The import is marked finished, then its report is stored and its files deleted.
    let mut waited = 0;
    while app.count("SELECT COUNT(*) FROM population_imports WHERE status = 'berjalan'").await > 0
        || !uploads_left(&app).is_empty()
    {
        assert!(waited < 600, "the import never finished: {:?}", uploads_left(&app));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM population_imports WHERE status = 'selesai' AND rows_ok = 38").await, 1);

    // Its details are a link (`?impor=`), and the list shows it finished.
    let id: String =
        sqlx::query_scalar("SELECT id FROM population_imports").fetch_one(&app.services.db.pool).await.unwrap();
    let detail = app.get(Some(&admin), &format!("{page}?impor={id}")).await.text();
    assert!(detail.contains("40 baris: 38 diterima"), "{detail}");
}

/// A file over the import limit is refused next to its field, and nothing of it stays on disk.
#[tokio::test]
async fn a_population_file_over_the_limit_is_refused_without_javascript() {
    let app = TestApp::sqlite_with(|c| c.max_import_mb = 1).await;
    let admin = app.login("admin", "serambi123").await;
    let big = vec![b'x'; 3 * 1024 * 1024 / 2];
    let refused = app
        .multipart_to(
            &admin,
            "/admin/penduduk",
            &[("_form", None, IMPORT_FORM.as_bytes()), ("file", Some("besar.csv"), &big)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text());
    assert!(refused.text().contains("Berkas terlalu besar: paling besar 1 MB."), "{}", refused.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM population_imports").await, 0);
    assert!(uploads_left(&app).is_empty(), "{:?}", uploads_left(&app));

    // Far over it (the whole post): refused before it is read.
    let huge = vec![b'x'; 3 * 1024 * 1024];
    let refused = app
        .multipart_to(
            &admin,
            "/admin/penduduk",
            &[("_form", None, IMPORT_FORM.as_bytes()), ("file", Some("besar.csv"), &huge)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", refused.text());
    assert!(uploads_left(&app).is_empty(), "{:?}", uploads_left(&app));
}

/// Finding 9: an upload cut off by a killed process (no drop ran) is deleted when the server
/// starts again; other files in the folder stay.
#[tokio::test]
async fn uploads_left_by_a_killed_process_are_deleted_at_start() {
    let tmp = tempfile::tempdir().unwrap();
    let left = tmp.path().join(format!("impor-{}.csv", uuid::Uuid::new_v4()));
    std::fs::write(&left, "nik;no_kk;nama_ibu\n5371045505900001;5371040101160001;MARIA\n").unwrap();
    let other = tmp.path().join("catatan.txt");
    std::fs::write(&other, "bukan unggahan").unwrap();
    let folder = tmp.path().to_path_buf();
    let _app = TestApp::sqlite_with(move |c| c.tmp = folder).await;
    assert!(!left.exists(), "the left-over upload is deleted");
    assert!(other.exists(), "nothing else is touched");
}

/// Security review, finding 10: the import counts the residents before its first write. On
/// SQLite a transaction that reads first cannot write once another connection has committed
/// meanwhile ("database is locked", whatever the busy timeout), so the import begins with the
/// write lock (`Db::begin_write`, which it uses). This shows both halves on a real file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_that_reads_before_writing_takes_the_sqlite_write_lock_first() {
    let app = TestApp::sqlite().await;
    let db = &app.services.db;
    let count = "SELECT COUNT(*) FROM residents";
    let touch = "UPDATE deployment SET updated_at = updated_at + 1";
    let write = "UPDATE residents SET updated_at = updated_at WHERE nik = '5371045505900001'";

    // Deferred: another connection commits between the read and the write; the write fails.
    let mut tx = db.begin().await.unwrap();
    let _: i64 = sqlx::query_scalar(count).fetch_one(&mut *tx).await.unwrap();
    sqlx::query(touch).execute(&db.pool).await.expect("the other writer goes first");
    let failed = sqlx::query(write).execute(&mut *tx).await;
    assert!(failed.is_err(), "a deferred transaction's write after a commit elsewhere fails on SQLite");
    tx.rollback().await.unwrap();

    // Immediate: the other writer waits for this transaction, which writes after reading.
    let mut tx = db.begin_write().await.unwrap();
    let _: i64 = sqlx::query_scalar(count).fetch_one(&mut *tx).await.unwrap();
    let pool = db.pool.clone();
    let other = tokio::spawn(async move { sqlx::query(touch).execute(&pool).await });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!other.is_finished(), "the other writer waits");
    sqlx::query(write).execute(&mut *tx).await.expect("the write after the read goes through");
    tx.commit().await.unwrap();
    other.await.unwrap().expect("then the other writer goes");
}
