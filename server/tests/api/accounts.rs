//! Accounts from the web: administrators' scopes, titles by office kind, reset codes, one's own
//! password, disabling, and certificates asked for and approved.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::{Value, json};

on_both_databases!(
    an_office_administrator_sees_only_their_own_office,
    a_city_administrator_makes_a_kepala_desa_who_gets_a_certificate,
    a_reset_code_works_once_and_ends_old_sessions,
    a_clerk_makes_reset_codes_for_residents_of_their_own_office_only,
    changing_the_password_ends_the_other_sessions_but_not_this_one,
    a_disabled_account_is_signed_out_at_once,
);

const OEBOBO: &str = "53.71.04.1001";
const PASSWORD: &str = "Kupang-Baru-2026";

/// The signed-in user as the server sees the cookie (null when the session is gone).
async fn whoami(app: &TestApp, cookie: &str) -> Value {
    let r = app.call(Some(cookie), "sesi", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

/// The id of the account behind a user name, as the city administrator finds it.
async fn account_id(app: &TestApp, admin: &str, username: &str) -> String {
    let r = app.call(Some(admin), "akun-daftar", json!({ "search": username })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let rows = r.json();
    let row = rows.as_array().unwrap().iter().find(|a| a["username"] == username).expect(username).clone();
    row["id"].as_str().unwrap().to_string()
}

/// Makes a staff account as `admin`; returns the answer.
async fn create(app: &TestApp, admin: &str, username: &str, role: &str, office: &str) -> crate::support::Reply {
    let input = json!({
        "username": username, "display_name": format!("Pegawai {username}"), "role": role,
        "office_code": office, "nip": "", "rank": "", "position": "", "signer_nik": "",
        "password": PASSWORD, "password2": PASSWORD,
    });
    app.call(Some(admin), "akun-buat", json!({ "input": input })).await
}

async fn an_office_administrator_sees_only_their_own_office(app: TestApp) {
    let admin = app.official("admin").await;
    let r = create(&app, &admin, "admin.oebobo", "admin-kantor", OEBOBO).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let office_admin = app.login("admin.oebobo", PASSWORD).await;

    let r = app.call(Some(&office_admin), "akun-daftar", json!({ "search": "" })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let rows = r.json();
    let rows = rows.as_array().unwrap();
    assert!(rows.iter().any(|a| a["username"] == "lurah.oebobo"), "{rows:?}");
    assert!(rows.iter().all(|a| a["office"] == "Kelurahan Oebobo"), "{rows:?}");
    // Its own office's account: visible, with the title the office uses.
    let own = account_id(&app, &admin, "lurah.oebobo").await;
    let r = app.call(Some(&office_admin), "akun", json!({ "id": own })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["role_label"], "Lurah");
    // Saved unchanged, a NIP written in groups ("19810709 199606 2 011") is accepted.
    let d = r.json();
    assert!(d["nip"].as_str().unwrap().contains(' '), "{d}");
    let change = json!({ "input": {
        "id": own, "display_name": d["name"], "nip": d["nip"], "rank": d["rank"], "position": d["position"],
        "signer_nik": d["signer_nik"],
    } });
    let r = app.call(Some(&office_admin), "akun-ubah", change).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json()["log"].to_string().contains("Data diubah"), "{}", r.text());
    let mut change = json!({ "input": { "id": own, "display_name": d["name"], "nip": "1981 07 09" } });
    let r = app.call(Some(&office_admin), "akun-ubah", change.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    change["input"]["id"] = json!(account_id(&app, &admin, "lurah.oepura").await);
    change["input"]["nip"] = json!("");
    let r = app.call(Some(&office_admin), "akun-ubah", change).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    // Another office's account does not exist for it: the server functions and the page say 404.
    let other = account_id(&app, &admin, "lurah.oepura").await;
    let r = app.call(Some(&office_admin), "akun", json!({ "id": other })).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let r = app.call(Some(&office_admin), "akun-kode-pulih", json!({ "id": other })).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let r = app
        .call(Some(&office_admin), "akun-aktif", json!({ "input": { "id": other, "active": false, "reason": "" } }))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let page = app.get(Some(&office_admin), &format!("/admin/akun/{other}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.text().contains("Oepura"), "nothing of the account shows");
    let page = app.get(Some(&office_admin), &format!("/admin/akun/{own}")).await;
    assert_eq!(page.status, StatusCode::OK);
    // It is offered no administrator roles, and making one is refused.
    let r = app.call(Some(&office_admin), "akun-pilihan", json!({})).await;
    let roles = r.json()["roles"].to_string();
    assert!(!roles.contains("admin") && roles.contains("Lurah"), "{roles}");
    let r = create(&app, &office_admin, "admin.lain", "admin", "").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // Clerks manage no accounts.
    let clerk = app.official("petugas.oebobo").await;
    let r = app.call(Some(&clerk), "akun-daftar", json!({ "search": "" })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
}

async fn a_city_administrator_makes_a_kepala_desa_who_gets_a_certificate(app: TestApp) {
    let office = server::db::offices::NewOffice {
        code: "53.71.04.2001",
        kind: "desa",
        name: "Oelnasi",
        parent_code: Some("53.71.04"),
        address: "Jl. Desa 1",
        place: "Kupang",
        unit_code: "DS-OLN",
    };
    server::db::offices::insert(&app.services.db.pool, &office, 0).await.expect("desa");
    let admin = app.official("admin").await;
    let r = create(&app, &admin, "kades.oelnasi", "kepala-desa", "53.71.04.2001").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let id = r.json().as_str().unwrap().to_string();
    let r = app.call(Some(&admin), "akun", json!({ "id": id })).await;
    let detail = r.json();
    assert_eq!(detail["role_label"], "Kepala Desa", "{detail}");
    assert_eq!(detail["office"], "Desa Oelnasi");
    assert_eq!(detail["position"], "Kepala Desa Oelnasi");
    assert_eq!(detail["certificate"], json!({ "Missing": { "waiting": false } }));
    let page = app.get(Some(&admin), &format!("/admin/akun/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Kepala Desa"));

    // The kepala desa asks for a certificate; the city administrator issues it.
    let kades = app.login("kades.oelnasi", PASSWORD).await;
    let page = app.get(Some(&kades), "/akun").await.text();
    assert!(page.contains(r#"<span class="who-role">Kepala Desa"#), "the header names the title");
    assert!(page.contains(" · Desa Oelnasi"));
    let ask = |p: &str, p2: &str| json!({ "input": { "passphrase": p, "passphrase2": p2 } });
    let r = app.call(Some(&kades), "sertifikat-minta", ask("rahasia-desa-1", "rahasia-desa-2")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("passphrase2"), "{}", r.text());
    let r = app.call(Some(&kades), "sertifikat-minta", ask("rahasia-desa-1", "rahasia-desa-1")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json()["waiting_since"].is_string(), "{}", r.text());
    let r = app.call(Some(&admin), "sertifikat-menunggu", json!({})).await;
    let waiting = r.json();
    let request = waiting.as_array().unwrap().iter().find(|w| w["official_name"] == "Pegawai kades.oelnasi").unwrap();
    assert_eq!(request["office"], "Desa Oelnasi");
    let approve = |p: &str| json!({ "input": { "request_id": request["request_id"], "ca_passphrase": p } });
    let r = app.call(Some(&kades), "sertifikat-terbitkan", approve(server::demo::DEMO_CA_PASSPHRASE)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only the city administrator approves");
    let r = app.call(Some(&admin), "sertifikat-terbitkan", approve("salah-sekali")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("ca_passphrase"), "{}", r.text());
    let r = app.call(Some(&admin), "sertifikat-terbitkan", approve(server::demo::DEMO_CA_PASSPHRASE)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let serial = r.json()["serial"].as_str().unwrap().to_string();
    let r = app.call(Some(&kades), "sertifikat-saya", json!({})).await;
    assert_eq!(r.json()["current"]["serial"], serial.as_str(), "{}", r.text());
    assert!(r.json()["waiting_since"].is_null());
    let r = app.call(Some(&admin), "akun", json!({ "id": id })).await;
    assert!(r.json()["certificate"]["Valid"].is_object(), "{}", r.text());
}

async fn a_reset_code_works_once_and_ends_old_sessions(app: TestApp) {
    let admin = app.official("admin").await;
    let clerk = app.official("petugas.oebobo").await;
    let id = account_id(&app, &admin, "petugas.oebobo").await;
    let r = app.call(Some(&admin), "akun-kode-pulih", json!({ "id": id })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let code = r.json()["code"].as_str().unwrap().to_string();
    assert!(!r.json()["name"].as_str().unwrap().is_empty());

    let page = app.get(None, "/pulihkan").await;
    assert_eq!(page.status, StatusCode::OK);
    let reset = |code: &str, p: &str, p2: &str| json!({ "input": { "code": code, "password": p, "password2": p2 } });
    let r = app.call(None, "pulihkan", reset(&code, PASSWORD, "lain-lain-lain")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // Typed in lower case with spaces, it still works, once.
    let typed = code.to_lowercase().replace('-', " ");
    let r = app.call(None, "pulihkan", reset(&typed, PASSWORD, PASSWORD)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app.call(None, "pulihkan", reset(&code, "Kupang-Lagi-2027", "Kupang-Lagi-2027")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("code"), "{}", r.text());
    assert!(whoami(&app, &clerk).await.is_null(), "the old session ended");
    app.login("petugas.oebobo", PASSWORD).await;
    let r = app.call(None, "masuk", json!({ "input": { "login": "petugas.oebobo", "password": "serambi123" } })).await;
    assert_ne!(r.status, StatusCode::OK, "the old password no longer works");
}

async fn a_clerk_makes_reset_codes_for_residents_of_their_own_office_only(app: TestApp) {
    let maria = "5371045505900001";
    let page = app.get(Some(&app.official("petugas.oebobo").await), "/loket/pulihkan").await;
    assert_eq!(page.status, StatusCode::OK);
    let other = app.official("petugas.oepura").await;
    let r = app.call(Some(&other), "kode-pulih-warga", json!({ "input": { "nik": maria } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("nik"), "{}", r.text());
    let lurah = app.official("lurah.oebobo").await;
    let r = app.call(Some(&lurah), "kode-pulih-warga", json!({ "input": { "nik": maria } })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());

    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let r = app.call(Some(&clerk), "kode-pulih-warga", json!({ "input": { "nik": maria } })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["name"], "Maria Goreti Lende");
    let code = r.json()["code"].as_str().unwrap().to_string();
    let input = json!({ "input": { "code": code, "password": "sasando-merah", "password2": "sasando-merah" } });
    assert_eq!(app.call(None, "pulihkan", input.clone()).await.status, StatusCode::OK);
    assert_eq!(app.call(None, "pulihkan", input).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(whoami(&app, &warga).await.is_null());
    app.login(maria, "sasando-merah").await;
}

async fn changing_the_password_ends_the_other_sessions_but_not_this_one(app: TestApp) {
    let here = app.official("lurah.oebobo").await;
    let elsewhere = app.official("lurah.oebobo").await;
    let change =
        |current: &str, p: &str, p2: &str| json!({ "input": { "current": current, "password": p, "password2": p2 } });
    let r = app.call(Some(&here), "ganti-sandi", change("salah-salah", PASSWORD, PASSWORD)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("current"), "{}", r.text());
    assert!(whoami(&app, &elsewhere).await["name"].is_string(), "a refused change ends nothing");
    let r = app.call(Some(&here), "ganti-sandi", change("serambi123", PASSWORD, PASSWORD)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(whoami(&app, &here).await["name"].is_string(), "this session stays");
    assert!(whoami(&app, &elsewhere).await.is_null(), "the other session ended");
    let r = app.call(Some(&elsewhere), "antrian", json!({ "query": {} })).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text());
    app.login("lurah.oebobo", PASSWORD).await;
    let page = app.get(Some(&here), "/akun").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Ganti passphrase"), "an official with a certificate may change it");
}

async fn a_disabled_account_is_signed_out_at_once(app: TestApp) {
    let admin = app.official("admin").await;
    let clerk = app.official("petugas.oebobo").await;
    let id = account_id(&app, &admin, "petugas.oebobo").await;
    let active = |on: bool, reason: &str| json!({ "input": { "id": id, "active": on, "reason": reason } });
    let r = app.call(Some(&admin), "akun-aktif", active(false, " ")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is needed: {}", r.text());
    assert!(whoami(&app, &clerk).await["name"].is_string());
    let r = app.call(Some(&admin), "akun-aktif", active(false, "Pindah tugas")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["active"], false);
    assert!(r.json()["log"].to_string().contains("Pindah tugas"), "{}", r.text());
    assert!(whoami(&app, &clerk).await.is_null(), "its session ended");
    let r = app.call(Some(&clerk), "antrian", json!({ "query": {} })).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text());
    let r = app.call(None, "masuk", json!({ "input": { "login": "petugas.oebobo", "password": "serambi123" } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = app.call(Some(&admin), "akun-aktif", active(true, "")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    app.official("petugas.oebobo").await;
}
