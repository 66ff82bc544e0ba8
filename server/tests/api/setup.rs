//! A city sets Serambi up for itself: `serambi init` for a kabupaten with desa, production mode
//! refusing demo data, staff accounts within an administrator's scope, disabling, password
//! changes and reset codes, and officials' certificates from request to revocation.

use crate::on_both_databases;
use crate::support::{TestApp, pdfsig};
use http::StatusCode;
use serde_json::json;
use server::accounts::passwords;
use server::accounts::staff::{self, Manager, NewStaff};
use server::accounts::{Actor, service::actor};
use server::db;
use server::offices::setup::{self, Init};
use server::signing::enrolment;

on_both_databases!(empty:
    init_sets_up_a_kabupaten_with_desa_once,
    a_kepala_desa_enrols_signs_and_the_letter_says_kepala_desa,
    new_kinds_and_roles_are_allowed_and_unknown_ones_refused,
);

on_both_databases!(
    production_mode_refuses_to_start_on_demo_data,
    office_admins_see_only_their_office,
    disabling_ends_sessions_and_login_answers_as_for_a_wrong_password,
    reset_codes_work_once_and_expire,
    changing_ones_password_ends_the_other_sessions,
    a_clerk_makes_reset_codes_only_for_residents_of_their_office,
);

const ADMIN_PASSWORD: &str = "Sirih pinang di Oelamasi";
const CA_PASSPHRASE: &str = "kunci induk kabupaten";

/// A small slice of the Kemendagri list: Kabupaten Kupang with two of its kecamatan (Semau,
/// all desa; Kupang Timur, kelurahan and desa), and one kecamatan of another kabupaten.
async fn load_regions(app: &TestApp) {
    let rows = [
        ("53", "Nusa Tenggara Timur", 1),
        ("53.01", "Kabupaten Kupang", 2),
        ("53.01.04", "Semau", 3),
        ("53.01.04.2003", "Bokonusan", 4),
        ("53.01.04.2004", "Otan", 4),
        ("53.01.04.2005", "Uitao", 4),
        ("53.01.06", "Kupang Timur", 3),
        ("53.01.06.1001", "Babau", 4),
        ("53.01.06.1003", "Naibonat", 4),
        ("53.01.06.2002", "Nunkurus", 4),
        ("53.71", "Kota Kupang", 2),
        ("53.71.04", "Oebobo", 3),
        ("53.71.04.1001", "Oebobo", 4),
    ];
    let pool = &app.services.db.pool;
    for (code, name, level) in rows {
        sqlx::query("INSERT INTO regions (code, name, level) VALUES ($1, $2, $3)")
            .bind(code)
            .bind(name)
            .bind(level as i64)
            .execute(pool)
            .await
            .unwrap();
    }
    sqlx::query("INSERT INTO region_editions (id, source, sha256, codes, loaded_at) VALUES ('e1', 'uji', '00', 13, 1)")
        .execute(pool)
        .await
        .unwrap();
}

fn init_input(wilayah: &str, password: &str) -> Init {
    Init {
        wilayah: wilayah.into(),
        ca_passphrase: zeroize::Zeroizing::new(CA_PASSPHRASE.into()),
        admin_name: "Yohanes Bana, S.Kom".into(),
        admin_username: "admin.kabkupang".into(),
        admin_password: zeroize::Zeroizing::new(password.into()),
    }
}

async fn offices(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM offices").await
}

async fn init_sets_up_a_kabupaten_with_desa_once(app: TestApp) {
    let db = &app.services.db;
    let before = setup::init(db, init_input("53.01", ADMIN_PASSWORD)).await.unwrap_err().to_string();
    assert!(before.contains("serambi wilayah impor"), "{before}");
    load_regions(&app).await;
    for (code, says) in [
        ("53.99", "tidak dikenal"),
        ("53.01.04", "adalah kecamatan"),
        ("53", "adalah provinsi"),
        ("53.01.04.2005", "adalah kelurahan/desa"),
        ("lima tiga", "tidak berbentuk kode"),
    ] {
        let e = setup::init(db, init_input(code, ADMIN_PASSWORD)).await.unwrap_err().to_string();
        assert!(e.contains(says), "{code}: {e}");
    }
    let weak = setup::init(db, init_input("53.01", "kupang2026")).await.unwrap_err().to_string();
    assert!(weak.contains("Kata sandi administrator"), "{weak}");
    assert_eq!(offices(&app).await, 0, "refused set-ups create nothing");
    assert_eq!(app.count("SELECT COUNT(*) FROM signing_authorities").await, 0);

    let created = setup::init(db, init_input("53.01", ADMIN_PASSWORD)).await.unwrap();
    assert_eq!((created.kecamatan, created.kelurahan, created.desa), (2, 2, 4));
    assert_eq!(created.daerah, "Kabupaten Kupang");
    assert_eq!(offices(&app).await, 1 + 2 + 6, "the other kabupaten's regions are not offices");
    let kinds: Vec<(String, String)> =
        sqlx::query_as("SELECT code, kind FROM offices ORDER BY code").fetch_all(&db.pool).await.unwrap();
    assert_eq!(kinds[0], ("53.01".into(), "kabupaten".into()));
    assert!(kinds.contains(&("53.01.04.2005".into(), "desa".into())));
    assert!(kinds.contains(&("53.01.06.1001".into(), "kelurahan".into())));
    assert!(created.ca_subject.contains("Kabupaten Kupang"), "{}", created.ca_subject);

    let again = setup::init(db, init_input("53.01", ADMIN_PASSWORD)).await.unwrap_err().to_string();
    assert!(again.contains("sudah berisi kantor"), "{again}");
    assert_eq!(offices(&app).await, 9);

    app.login("admin.kabkupang", ADMIN_PASSWORD).await;
    assert!(setup::demo_leftovers(db).await.unwrap().is_empty(), "a fresh set-up holds no demo data");
}

async fn signed_in(app: &TestApp, username: &str) -> Actor {
    let user = db::users::by_username(&app.services.db.pool, username).await.unwrap().expect(username);
    actor(&user).unwrap()
}

fn staff_input(username: &str, name: &str, role: &str, office: &str, password: &str) -> NewStaff {
    let (role, secretary) = staff::role_choice(role).unwrap();
    NewStaff {
        username: username.into(),
        display_name: name.into(),
        role: Some(role),
        secretary,
        office_code: Some(office.into()),
        password: password.into(),
        ..Default::default()
    }
}

async fn a_kepala_desa_enrols_signs_and_the_letter_says_kepala_desa(app: TestApp) {
    let db = &app.services.db;
    load_regions(&app).await;
    setup::init(db, init_input("53.01", ADMIN_PASSWORD)).await.unwrap();
    let admin = signed_in(&app, "admin.kabkupang").await;
    let by = Manager::Web(&admin);
    let uitao = "53.01.04.2005";
    let clerk_pw = "Petugas desa Uitao 01";
    let head_pw = "Kepala desa Uitao 01";
    staff::create(db, by, staff_input("petugas.uitao", "Maria Seran", "petugas", uitao, clerk_pw)).await.unwrap();
    let mut head = staff_input("kades.uitao", "Yakobus Tefa", "kepala-desa", uitao, head_pw);
    head.nip = "x".into();
    let e = staff::create(db, by, head.clone()).await.unwrap_err();
    assert!(format!("{e:?}").contains("NIP"), "{e:?}");
    head.nip = String::new(); // a Kepala Desa is elected, not a civil servant: no NIP
    staff::create(db, by, head).await.unwrap();
    let dup = staff::create(db, by, staff_input("kades.uitao", "Orang Lain", "petugas", uitao, clerk_pw)).await;
    assert!(format!("{dup:?}").contains("sudah dipakai"), "{dup:?}");
    let position: String = sqlx::query_scalar(
        "SELECT f.position FROM officials f JOIN users u ON u.official_id = f.id WHERE u.username = 'kades.uitao'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(position, "Kepala Desa Uitao");

    // The kepala desa asks for a certificate; the admin approves with the CA passphrase.
    let kades = signed_in(&app, "kades.uitao").await;
    let signing = "tanda tangan Uitao";
    assert!(enrolment::request(db, &kades, signing, "tanda tangan lain").await.is_err(), "typed twice, differently");
    enrolment::request(db, &kades, signing, signing).await.unwrap();
    let waiting = enrolment::pending(db, by).await.unwrap();
    assert_eq!(waiting.len(), 1);
    let clerk = signed_in(&app, "petugas.uitao").await;
    assert!(enrolment::pending(db, Manager::Web(&clerk)).await.is_err(), "only administrators see requests");
    let wrong = enrolment::approve(db, by, &waiting[0].request.id, "bukan passphrase CA").await.unwrap_err();
    assert!(format!("{wrong:?}").contains("Passphrase CA salah"), "{wrong:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM signing_certificates").await, 0, "nothing issued");
    let info = enrolment::approve(db, by, &waiting[0].request.id, CA_PASSPHRASE).await.unwrap();
    assert!(info.subject.contains("Desa Uitao") && info.subject.contains("Kepala Desa Uitao"), "{}", info.subject);
    assert!(enrolment::approve(db, by, &waiting[0].request.id, CA_PASSPHRASE).await.is_err(), "decided once");

    // A resident of Uitao, with an account.
    let person = resident_of_uitao();
    db::residents::upsert_many(&db.pool, std::slice::from_ref(&person), db::now_ms()).await.unwrap();
    let hash = server::accounts::hash_password("Jagung bose Semau").unwrap();
    let user = db::users::NewUser {
        id: &uuid::Uuid::new_v4().to_string(),
        username: None,
        nik: Some(person.nik.as_str()),
        password_hash: &hash,
        role: domain::Role::Warga,
        office_code: None,
        official_id: None,
        display_name: "Elisabeth Lenggu",
    };
    db::users::insert(&db.pool, &user, db::now_ms()).await.unwrap();

    let warga = app.login(person.nik.as_str(), "Jagung bose Semau").await;
    let id = app.submit_domisili(&warga, "Mendaftar sekolah").await;
    let petugas = app.login("petugas.uitao", clerk_pw).await;
    let r = app.act(&petugas, &id, "verify", "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // The resident reads the words of a desa, not those of a kelurahan.
    assert_eq!(app.detail(&warga, &id).await.json()["office_kind"], "desa");
    let page = app.get(Some(&warga), &format!("/permohonan/{id}")).await.text();
    assert!(page.contains("Diverifikasi desa, menunggu tanda tangan Kepala Desa"), "{page}");
    assert!(page.contains("Desa Uitao") && !page.contains("tanda tangan Lurah"), "{page}");
    // A Sekretaris Desa signs a.n. the Kepala Desa and is titled so.
    let sekdes_pw = "Sekretaris desa Uitao 1";
    staff::create(db, by, staff_input("sekdes.uitao", "Agustina Nomleni", "sekretaris", uitao, sekdes_pw))
        .await
        .unwrap();
    assert!(signed_in(&app, "sekdes.uitao").await.secretary);
    assert!(!signed_in(&app, "kades.uitao").await.secretary);
    let sekdes = app.login("sekdes.uitao", sekdes_pw).await;
    let home = app.get(Some(&sekdes), "/").await.text();
    assert!(home.contains("Sekretaris Desa"), "{home}");
    let kades_cookie = app.login("kades.uitao", head_pw).await;
    let signed = app.sign(&kades_cookie, &[&id], signing).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text());
    let detail = app.detail(&kades_cookie, &id).await.json();
    let pdf = app.get(Some(&kades_cookie), detail["letter"]["download_url"].as_str().unwrap()).await;
    assert_eq!(pdf.status, StatusCode::OK);
    let text = crate::flow::pdf_text(&pdf.body);
    assert!(text.contains("PEMERINTAH KABUPATEN KUPANG"), "{text}");
    assert!(text.contains("DESA UITAO"), "{text}");
    assert!(text.contains("Kepala Desa Uitao"), "{text}");
    assert!(!text.contains("KELURAHAN") && !text.contains("Lurah "), "{text}");
    let report = pdfsig(&pdf.body);
    assert!(report.contains("Signature is Valid."), "{report}");

    // The official changes their passphrase; then the certificate is revoked and signs nothing.
    let e = enrolment::change_passphrase(db, &kades, "salah sekali", "passphrase baru", "passphrase baru").await;
    assert!(format!("{e:?}").contains("Passphrase lama salah"), "{e:?}");
    enrolment::change_passphrase(db, &kades, signing, "passphrase baru", "passphrase baru").await.unwrap();
    let second = app.submit_domisili(&warga, "Melamar pekerjaan").await;
    app.act(&petugas, &second, "verify", "").await;
    let e = enrolment::revoke(db, by, kades.user_id, "  ").await;
    assert!(e.is_err(), "a reason is required");
    enrolment::revoke(db, by, kades.user_id, "Laptop pejabat hilang").await.unwrap();
    let refused = app.sign(&kades_cookie, &[&second], "passphrase baru").await;
    assert_ne!(refused.status, StatusCode::OK, "a revoked certificate signs nothing: {}", refused.text());
    let still: String = sqlx::query_scalar("SELECT status FROM requests WHERE id = $1")
        .bind(&second)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(still, "diverifikasi");
    let log: Vec<String> = sqlx::query_scalar(
        "SELECT l.action FROM account_log l JOIN users u ON u.id = l.user_id WHERE u.username = 'kades.uitao' \
         ORDER BY l.at, l.action",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for action in ["dibuat", "sertifikat_diminta", "sertifikat_diterbitkan", "passphrase_diganti", "sertifikat_dicabut"]
    {
        assert!(log.iter().any(|a| a == action), "{action} in {log:?}");
    }
}

fn resident_of_uitao() -> db::residents::Resident {
    db::residents::Resident {
        nik: domain::Nik::parse("5301045708950001").unwrap(),
        no_kk: domain::NoKk::parse("5301040101200001").unwrap(),
        name: "ELISABETH LENGGU".into(),
        birth_place: "SEMAU".into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1995, 8, 17).unwrap(),
        sex: domain::Sex::from_code("P").unwrap(),
        religion: "KRISTEN".into(),
        marital_status: "BELUM KAWIN".into(),
        occupation: "PETANI/PEKEBUN".into(),
        citizenship: "WNI".into(),
        address: "Dusun II".into(),
        rt: "004".into(),
        rw: "002".into(),
        kelurahan_code: "53.01.04.2005".into(),
        family_relation: "KEPALA KELUARGA".into(),
        mother_name: "ROSALINA LENGGU".into(),
    }
}

async fn new_kinds_and_roles_are_allowed_and_unknown_ones_refused(app: TestApp) {
    let pool = &app.services.db.pool;
    let insert = |code: &'static str, kind: &'static str| {
        sqlx::query("INSERT INTO offices (code, kind, name, unit_code, created_at) VALUES ($1, $2, 'Uji', 'U', 0)")
            .bind(code)
            .bind(kind)
            .execute(pool)
    };
    insert("53.01", "kabupaten").await.unwrap();
    insert("53.01.04.2005", "desa").await.unwrap();
    assert!(insert("53.01.04.9999", "dusun").await.is_err(), "unknown office kinds are refused");
    let user = |role: &'static str| {
        sqlx::query(
            "INSERT INTO users (id, username, password_hash, role, display_name, created_at) \
             VALUES ($1, $1, 'x', $2, 'Uji', 0)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(role)
        .execute(pool)
    };
    user("admin_kantor").await.unwrap();
    assert!(user("superadmin").await.is_err(), "unknown roles are refused");
    // The rebuilt tables kept their indexes and foreign keys.
    let orphan = sqlx::query(
        "INSERT INTO users (id, username, password_hash, role, office_code, display_name, created_at) \
         VALUES ('u-x', 'u-x', 'x', 'petugas_kelurahan', '99.99', 'Uji', 0)",
    )
    .execute(pool)
    .await;
    assert!(orphan.is_err(), "office_code still references offices");
}

async fn production_mode_refuses_to_start_on_demo_data(app: TestApp) {
    let leftovers = setup::demo_leftovers(&app.services.db).await.unwrap();
    assert_eq!(leftovers.len(), 3, "{leftovers:?}");
    assert!(leftovers[0].contains("kata sandi demo") && leftovers[0].contains("(admin, "), "{leftovers:?}");
    assert!(
        leftovers[0].contains("7 akun warga") && !leftovers[0].contains("NIK"),
        "no NIK, not even masked: {leftovers:?}"
    );
    assert!(leftovers[1].contains("CA demo"), "{leftovers:?}");
    assert!(leftovers[2].contains("penduduk demo"), "{leftovers:?}");
    let mut config = app.services.config.clone();
    config.mode = "produksi".into();
    let refused = tokio::time::timeout(std::time::Duration::from_secs(60), server::serve(config.clone()))
        .await
        .expect("refuses at once, does not serve")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("Mode produksi") && refused.contains("serambi init"), "{refused}");
    config.mode = String::new();
    config.public_url = "https://surat.kupangkota.go.id".into();
    assert!(config.production(), "an https address implies production");
    let e = setup::init(&app.services.db, init_input("53.71", ADMIN_PASSWORD)).await.unwrap_err().to_string();
    assert!(e.contains("sudah berisi kantor"), "{e}");
}

async fn office_admins_see_only_their_office(app: TestApp) {
    let db = &app.services.db;
    let city = signed_in(&app, "admin").await;
    let oebobo = "53.71.04.1001";
    let id = staff::create(
        db,
        Manager::Web(&city),
        staff_input("admin.oebobo", "Ana Ndun", "admin-kantor", oebobo, "Kantor Oebobo 2026!"),
    )
    .await
    .unwrap();
    let office_admin = signed_in(&app, "admin.oebobo").await;
    let by = Manager::Web(&office_admin);
    let seen = staff::list(db, by, "").await.unwrap();
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|r| r.user.office_code.as_deref() == Some(oebobo)), "only Oebobo's staff");
    assert!(staff::list(db, Manager::Web(&city), "").await.unwrap().len() > seen.len());
    let oepura = signed_in(&app, "petugas.oepura").await;
    assert!(matches!(staff::get(db, by, oepura.user_id).await, Err(server::error::Error::NotFound)));
    assert!(matches!(staff::set_active(db, by, oepura.user_id, false, "").await, Err(server::error::Error::NotFound)));
    assert!(matches!(passwords::reset_staff(db, by, oepura.user_id).await, Err(server::error::Error::NotFound)));
    assert!(staff::get(db, by, id).await.is_ok());
    let made_admin = staff::create(
        db,
        by,
        NewStaff {
            role: Some(domain::Role::Admin),
            office_code: None,
            ..staff_input("x.admin", "X", "petugas", oebobo, "")
        },
    )
    .await;
    assert!(matches!(made_admin, Err(server::error::Error::Forbidden)), "office admins make no administrators");
    // An office admin's new clerk lands in their own office, whatever the form said.
    let clerk = staff::create(
        db,
        by,
        staff_input("petugas2.oebobo", "Dominggus Fanggidae", "petugas", "53.71.02.1001", "Loket kedua Oebobo"),
    )
    .await
    .unwrap();
    let row = staff::get(db, by, clerk).await.unwrap();
    assert_eq!(row.user.office_code.as_deref(), Some(oebobo));
    // Other staff cannot manage accounts at all.
    let lurah = signed_in(&app, "lurah.oebobo").await;
    assert!(matches!(staff::list(db, Manager::Web(&lurah), "").await, Err(server::error::Error::Forbidden)));
    // Search finds by name.
    let found = staff::list(db, Manager::Web(&city), "fanggidae").await.unwrap();
    assert!(found.iter().any(|r| r.user.username.as_deref() == Some("petugas2.oebobo")));
}

async fn session_user(app: &TestApp, cookie: &str) -> serde_json::Value {
    let r = app.call(Some(cookie), "sesi", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn disabling_ends_sessions_and_login_answers_as_for_a_wrong_password(app: TestApp) {
    let db = &app.services.db;
    let cookie = app.official("petugas.oebobo").await;
    assert!(session_user(&app, &cookie).await.is_object());
    let admin = signed_in(&app, "admin").await;
    let target = signed_in(&app, "petugas.oebobo").await;
    let e = staff::set_active(db, Manager::Web(&admin), admin.user_id, false, "").await;
    assert!(e.is_err(), "nobody disables themselves");
    staff::set_active(db, Manager::Web(&admin), target.user_id, false, "Pindah tugas").await.unwrap();
    assert!(session_user(&app, &cookie).await.is_null(), "the session ended at once");
    let disabled = app.call(None, "masuk", json!({ "input": { "login": "petugas.oebobo", "password": "serambi123" } }));
    let wrong = app.call(None, "masuk", json!({ "input": { "login": "petugas.oepura", "password": "salah-salah" } }));
    let (disabled, wrong) = (disabled.await, wrong.await);
    assert_eq!(disabled.status, wrong.status);
    assert_eq!(disabled.text(), wrong.text(), "the same generic answer");
    staff::set_active(db, Manager::Web(&admin), target.user_id, true, "").await.unwrap();
    app.official("petugas.oebobo").await;
}

async fn reset_codes_work_once_and_expire(app: TestApp) {
    let db = &app.services.db;
    let admin = signed_in(&app, "admin").await;
    let target = signed_in(&app, "petugas.oebobo").await;
    let old_session = app.official("petugas.oebobo").await;
    let code = passwords::reset_staff(db, Manager::Web(&admin), target.user_id).await.unwrap();
    let stored: String = sqlx::query_scalar("SELECT code_hash FROM password_resets").fetch_one(&db.pool).await.unwrap();
    assert!(!stored.contains(&code.code) && stored.len() == 64, "only a hash is stored");
    let weak = passwords::use_reset(db, "10.0.0.1", &code.code, "pendek", "pendek").await;
    assert!(format!("{weak:?}").contains("minimal 10"), "{weak:?}");
    let new = "Bunga sepatu merah 7";
    let typed = code.code.to_lowercase().replace('-', " ");
    passwords::use_reset(db, "10.0.0.1", &typed, new, new).await.unwrap();
    assert!(session_user(&app, &old_session).await.is_null(), "every session ended");
    app.login("petugas.oebobo", new).await;
    let again = passwords::use_reset(db, "10.0.0.1", &code.code, "Bunga sepatu putih 8", "Bunga sepatu putih 8").await;
    assert!(format!("{again:?}").contains("tidak berlaku"), "used once: {again:?}");

    let late = passwords::reset_staff(db, Manager::Cli, target.user_id).await.unwrap();
    sqlx::query("UPDATE password_resets SET expires_at = $1 WHERE used_at IS NULL")
        .bind(db::now_ms() - 1)
        .execute(&db.pool)
        .await
        .unwrap();
    let expired =
        passwords::use_reset(db, "10.0.0.1", &late.code, "Bunga sepatu putih 8", "Bunga sepatu putih 8").await;
    assert!(format!("{expired:?}").contains("tidak berlaku"), "{expired:?}");
    let who: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT l.action, l.actor_user_id FROM account_log l WHERE l.action = 'kode_pemulihan_dibuat' ORDER BY l.at",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(who.len(), 2);
    assert_eq!(who[0].1.as_deref(), Some(admin.user_id.to_string().as_str()), "the maker is recorded");
    assert_eq!(who[1].1, None, "the command line");
}

async fn changing_ones_password_ends_the_other_sessions(app: TestApp) {
    let db = &app.services.db;
    let here = app.official("lurah.oebobo").await;
    let there = app.official("lurah.oebobo").await;
    let me = signed_in(&app, "lurah.oebobo").await;
    let token = here.split_once('=').unwrap().1;
    let new = "Kopi pahit Oebobo pagi";
    let wrong = passwords::change(db, &me, "bukan-ini", new, new, Some(token)).await;
    assert!(format!("{wrong:?}").contains("Kata sandi sekarang salah"), "{wrong:?}");
    let mismatch = passwords::change(db, &me, "serambi123", new, "lain", Some(token)).await;
    assert!(format!("{mismatch:?}").contains("tidak sama"), "{mismatch:?}");
    passwords::change(db, &me, "serambi123", new, new, Some(token)).await.unwrap();
    assert!(session_user(&app, &here).await.is_object(), "the session in use stays");
    assert!(session_user(&app, &there).await.is_null(), "the other session ended");
    assert_eq!(app.count("SELECT demo_password FROM users WHERE username = 'lurah.oebobo'").await, 0);
    app.login("lurah.oebobo", new).await;
}

async fn a_clerk_makes_reset_codes_only_for_residents_of_their_office(app: TestApp) {
    let db = &app.services.db;
    let clerk = signed_in(&app, "petugas.oebobo").await;
    let code = passwords::reset_resident(db, &clerk, "5371045505900001").await.unwrap();
    assert_eq!(code.name, "Maria Goreti Lende");
    let elsewhere = passwords::reset_resident(db, &clerk, "5371022001750001").await;
    assert!(format!("{elsewhere:?}").contains("kantor Anda"), "Yosef lives in Oepura: {elsewhere:?}");
    let lurah = signed_in(&app, "lurah.oebobo").await;
    assert!(matches!(
        passwords::reset_resident(db, &lurah, "5371045505900001").await,
        Err(server::error::Error::Forbidden)
    ));
    let new = "Pantai Lasiana senja";
    passwords::use_reset(db, "10.0.0.2", &code.code, new, new).await.unwrap();
    app.login("5371045505900001", new).await;
}
