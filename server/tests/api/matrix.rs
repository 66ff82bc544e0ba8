//! The authorization matrix (issue 15): every endpoint the router serves is listed here, from
//! the router's own lists (server functions, pages, plain routes) — a new one fails
//! [`every_endpoint_is_in_the_matrix`] until it is added. Each covered endpoint is called by
//! every kind of caller on every kind of resource, and the answer must be the one written here,
//! from the rules (DESIGN.md), not from the code's own checks.
//!
//! Covered: reading requests (API, page, receipt, letter download, attachment) at every status
//! and on both routes; acting on each request and revoking each letter; every role-gated
//! listing; and every state-changing endpoint by role, with a body that changes nothing; staff
//! accounts (of the office, of another office, unknown), offices, imports, corrections and
//! certificate requests by id. What each of them then does is checked by its own tests.

use crate::catalogue::values_for;
use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::json;
use std::collections::BTreeSet;

on_both_databases!(every_caller_gets_the_answer_the_matrix_says);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// Maria: asks for the letters below (Kelurahan Oebobo, Kecamatan Oebobo).
    Resident,
    /// A member of Maria's KK with their own account.
    SameKk,
    /// Yosef, of another family and kelurahan.
    OtherResident,
    ClerkHere,
    LurahHere,
    SecretaryHere,
    /// A clerk and lurah of Kelurahan Oetete: the same kecamatan, another kelurahan.
    ClerkNextDoor,
    LurahNextDoor,
    /// Kelurahan Oepura, in another kecamatan.
    ClerkElsewhere,
    KecClerkHere,
    CamatHere,
    KecClerkElsewhere,
    CamatElsewhere,
    OfficeAdminHere,
    CityAdmin,
}

use Who::*;

const EVERYONE: [Who; 16] = [
    Anonymous,
    Resident,
    SameKk,
    OtherResident,
    ClerkHere,
    LurahHere,
    SecretaryHere,
    ClerkNextDoor,
    LurahNextDoor,
    ClerkElsewhere,
    KecClerkHere,
    CamatHere,
    KecClerkElsewhere,
    CamatElsewhere,
    OfficeAdminHere,
    CityAdmin,
];

impl Who {
    fn resident(self) -> bool {
        matches!(self, Resident | SameKk | OtherResident)
    }
    fn kelurahan_here(self) -> bool {
        matches!(self, ClerkHere | LurahHere | SecretaryHere)
    }
    fn kelurahan_staff(self) -> bool {
        self.kelurahan_here() || matches!(self, ClerkNextDoor | LurahNextDoor | ClerkElsewhere)
    }
    fn kecamatan_staff(self) -> bool {
        matches!(self, KecClerkHere | CamatHere | KecClerkElsewhere | CamatElsewhere)
    }
    fn admin(self) -> bool {
        matches!(self, OfficeAdminHere | CityAdmin)
    }
}

/// A request of Maria's as the matrix sees it.
#[derive(Debug, Clone)]
struct Req {
    name: &'static str,
    id: String,
    /// Kecamatan route and forwarded to the kecamatan.
    at_kecamatan: bool,
    signed: bool,
}

/// Who may read a request (rules: DESIGN.md "who sees what"): the resident who asked (and
/// the resident a clerk opened it for at the counter), the kelurahan's officials, and once
/// forwarded the kecamatan's officials. Nobody else learns it exists: 404; not signed in: 401.
fn read_request(who: Who, r: &Req) -> StatusCode {
    let sees = match who {
        Anonymous => return StatusCode::UNAUTHORIZED,
        Resident => true,
        ClerkHere | LurahHere | SecretaryHere => true,
        KecClerkHere | CamatHere => r.at_kecamatan,
        _ => false,
    };
    if sees { StatusCode::OK } else { StatusCode::NOT_FOUND }
}

/// The signed letter's PDF: whoever reads the request, once it is signed.
fn download_letter(who: Who, r: &Req) -> StatusCode {
    match read_request(who, r) {
        StatusCode::OK if !r.signed => StatusCode::NOT_FOUND,
        other => other,
    }
}

/// Listings and tools by role; `None` where the caller is not signed in (401).
fn listing(endpoint: &str, who: Who) -> StatusCode {
    use StatusCode as S;
    if who == Anonymous {
        return match endpoint {
            "sesi" | "jenis-surat" => S::OK,
            _ => S::UNAUTHORIZED,
        };
    }
    // One's own record: an official has none (404, as for a resident whose record is gone).
    if endpoint == "data-saya" && !who.resident() {
        return S::NOT_FOUND;
    }
    let ok = match endpoint {
        // One's own requests: an official asks for none, so theirs is an empty list.
        "sesi" | "jenis-surat" | "keluarga-saya" | "kontak" | "permohonan-saya" => true,
        "riwayat-akses" | "data-saya" => who.resident(),
        "antrian" | "antrian-nik" | "ringkasan-antrian" => who.kelurahan_staff() || who.kecamatan_staff(),
        "koreksi-daftar" => who.resident() || who.kelurahan_staff(),
        "audit" | "akun-daftar" => who.admin(),
        // Office settings and population imports are the city's too (an office's admin manages
        // its staff accounts).
        "kantor-daftar" | "impor-daftar" | "sertifikat-menunggu" | "kotak-keluar" => who == CityAdmin,
        "sertifikat-saya" => matches!(who, LurahHere | SecretaryHere | LurahNextDoor | CamatHere | CamatElsewhere),
        "skm-hasil" | "dasbor" => survey_results(who),
        other => panic!("no rule for {other}"),
    };
    if ok { S::OK } else { S::FORBIDDEN }
}

/// An id nothing has.
const UNKNOWN: &str = "00000000-0000-4000-8000-0000000000aa";

fn signs(who: Who) -> bool {
    matches!(who, LurahHere | SecretaryHere | LurahNextDoor | CamatHere | CamatElsewhere)
}
/// The satisfaction index: heads of office, camat, the city admin.
fn survey_results(who: Who) -> bool {
    matches!(who, LurahHere | SecretaryHere | LurahNextDoor | CamatHere | CamatElsewhere | CityAdmin)
}
fn kelurahan_clerk(who: Who) -> bool {
    matches!(who, ClerkHere | ClerkNextDoor | ClerkElsewhere)
}

/// A state-changing server function called with a body that changes nothing: the body, and
/// what `who` gets. Past the role and scope checks the body is refused (422, or 404 for an
/// unknown id); before them, 403; not signed in, 401.
fn harmless(endpoint: &str, who: Who) -> (serde_json::Value, StatusCode) {
    use StatusCode as S;
    let (body, allowed, refused): (serde_json::Value, fn(Who) -> bool, S) = match endpoint {
        "tandatangani" => (json!({ "input": { "request_ids": [], "passphrase": "" } }), signs, S::UNPROCESSABLE_ENTITY),
        "sertifikat-minta" | "passphrase-ganti" => (json!({ "input": {} }), signs, S::UNPROCESSABLE_ENTITY),
        "sertifikat-terbitkan" => {
            (json!({ "input": { "request_id": UNKNOWN, "ca_passphrase": "" } }), |w| w == CityAdmin, S::NOT_FOUND)
        }
        "sertifikat-tolak" => {
            (json!({ "input": { "request_id": UNKNOWN, "reason": "x" } }), |w| w == CityAdmin, S::NOT_FOUND)
        }
        "sertifikat-cabut" => {
            (json!({ "input": { "user_id": UNKNOWN, "reason": "" } }), |w| w == CityAdmin, S::NOT_FOUND)
        }
        "loket-cari" | "kode-pulih-warga" | "kode-aktivasi-warga" => {
            (json!({ "input": { "nik": "" } }), kelurahan_clerk, S::UNPROCESSABLE_ENTITY)
        }
        "batalkan-pendaftaran" => {
            (json!({ "input": { "nik": "", "alasan": "" } }), kelurahan_clerk, S::UNPROCESSABLE_ENTITY)
        }
        "loket-ajukan" => (
            json!({ "input": { "nik": "", "request": { "letter_type": "", "fields": {} } } }),
            kelurahan_clerk,
            S::UNPROCESSABLE_ENTITY,
        ),
        "koreksi-data" => (json!({ "input": {} }), Who::resident, S::UNPROCESSABLE_ENTITY),
        "ajukan" | "periksa-permohonan" => {
            (json!({ "input": { "letter_type": "", "fields": {} } }), Who::resident, S::UNPROCESSABLE_ENTITY)
        }
        "koreksi-selesai" => (
            json!({ "input": { "id": UNKNOWN, "response": "" } }),
            |w| kelurahan_clerk(w) || matches!(w, LurahHere | SecretaryHere | LurahNextDoor),
            S::UNPROCESSABLE_ENTITY,
        ),
        "impor-rinci" => (json!({ "id": UNKNOWN }), |w| w == CityAdmin, S::NOT_FOUND),
        // One's own contacts and password: everyone signed in (one wrong code or current
        // password counted against each caller's own account).
        "kontak-tambah" => {
            (json!({ "input": { "channel": "email", "address": "" } }), |_| true, S::UNPROCESSABLE_ENTITY)
        }
        "kontak-verifikasi" => {
            (json!({ "input": { "channel": "email", "code": "" } }), |_| true, S::UNPROCESSABLE_ENTITY)
        }
        "kontak-pilih" => (json!({ "input": { "choice": "email" } }), |_| true, S::UNPROCESSABLE_ENTITY),
        "ganti-sandi" => (json!({ "input": {} }), |_| true, S::UNPROCESSABLE_ENTITY),
        // Staff accounts: the city admin and an office's admin (their office's staff).
        "akun-pilihan" => (json!({}), Who::admin, S::OK),
        "akun-buat" => (json!({ "input": {} }), Who::admin, S::UNPROCESSABLE_ENTITY),
        "akun" | "akun-kode-pulih" => (json!({ "id": UNKNOWN }), Who::admin, S::NOT_FOUND),
        "akun-ubah" => (json!({ "input": { "id": UNKNOWN } }), Who::admin, S::NOT_FOUND),
        "akun-aktif" => (json!({ "input": { "id": UNKNOWN, "active": false } }), Who::admin, S::NOT_FOUND),
        // Office settings are the city admin's.
        "kantor" => (json!({ "code": UNKNOWN }), |w| w == CityAdmin, S::NOT_FOUND),
        "kantor-simpan" => (
            json!({ "input": { "code": "53.71.04.1001", "paper": "x", "margins_mm": [0, 0, 0, 0], "kop_lines": "",
                "number_pattern": "", "counter_scope": "", "address": "", "place": "", "unit_code": "" } }),
            |w| w == CityAdmin,
            S::UNPROCESSABLE_ENTITY,
        ),
        // Multipart: see `harmless_upload`.
        "lampiran" => (json!(null), |w| w.resident() || kelurahan_clerk(w), S::UNPROCESSABLE_ENTITY),
        "impor-unggah" | "kantor-lambang" => (json!(null), |w| w == CityAdmin, S::UNPROCESSABLE_ENTITY),
        // A resident's survey of their own request (an unknown one: 404); from the tracking
        // page it takes a code and a birth date instead (the public path, not this one).
        "skm-isi" => (json!({ "input": { "request_id": UNKNOWN } }), Who::resident, S::NOT_FOUND),
        other => panic!("no rule for {other}"),
    };
    let want = match who {
        Anonymous => S::UNAUTHORIZED,
        w if allowed(w) => refused,
        _ => S::FORBIDDEN,
    };
    (body, want)
}

/// The multipart body of a file endpoint that changes nothing: an empty file.
fn harmless_upload(endpoint: &str) -> Vec<(&'static str, Option<&'static str>, &'static [u8])> {
    match endpoint {
        "kantor-lambang" => vec![("code", None, b"53.71.04.1001"), ("file", Some("lambang.gif"), b"GIF89a")],
        _ => vec![("file", Some("kosong.pdf"), b"")],
    }
}

/// Acting on a request: "sign" through the actions endpoint is always refused (signing needs
/// the passphrase), so it shows who gets past seeing the request (409) and who does not.
fn act_on(who: Who, r: &Req) -> StatusCode {
    match read_request(who, r) {
        StatusCode::OK => StatusCode::CONFLICT,
        other => other,
    }
}

/// Revoking a signed letter with no reason: the signing office's officials and the city admin
/// get to the reason (422); a resident is refused (403); any other official or admin learns
/// nothing (404). Letter ids are public (the QR code).
fn revoke(who: Who, r: &Req) -> StatusCode {
    let signer_office = if r.at_kecamatan {
        matches!(who, KecClerkHere | CamatHere)
    } else {
        matches!(who, ClerkHere | LurahHere | SecretaryHere)
    };
    match who {
        Anonymous => StatusCode::UNAUTHORIZED,
        CityAdmin => StatusCode::UNPROCESSABLE_ENTITY,
        _ if signer_office => StatusCode::UNPROCESSABLE_ENTITY,
        w if w.resident() => StatusCode::FORBIDDEN,
        _ => StatusCode::NOT_FOUND,
    }
}

/// A staff account by id: `own` is Oebobo's clerk (the office admin's office), else Oetete's.
fn staff_account(who: Who, own: bool) -> StatusCode {
    match who {
        Anonymous => StatusCode::UNAUTHORIZED,
        CityAdmin => StatusCode::OK,
        OfficeAdminHere if own => StatusCode::OK,
        OfficeAdminHere => StatusCode::NOT_FOUND,
        _ => StatusCode::FORBIDDEN,
    }
}

/// An office's settings by code: the city admin's.
fn office(who: Who) -> StatusCode {
    match who {
        Anonymous => StatusCode::UNAUTHORIZED,
        CityAdmin => StatusCode::OK,
        _ => StatusCode::FORBIDDEN,
    }
}

/// How the matrix covers an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    /// Every caller on every request (status, route, channel).
    PerRequest,
    /// Every caller; no resource.
    ByRole,
    /// Public on purpose (no caller check): answered the same to everyone.
    Public,
    /// State-changing, called by every caller with a body that cannot change anything (an
    /// unknown id, a value that fails validation): the answer shows whether the caller got
    /// past the role and scope checks (then the body's refusal, 404 or 422) or not (401/403).
    ByRoleHarmless,
    /// Not yet in the matrix (none left; kept for new endpoints while they are being covered).
    #[allow(dead_code)]
    Later,
}

/// Server functions by endpoint.
const SERVER_FUNCTIONS: &[(&str, Cover)] = &[
    ("permohonan", Cover::PerRequest),
    ("tanda-terima", Cover::PerRequest),
    ("sesi", Cover::ByRole),
    ("jenis-surat", Cover::ByRole),
    ("keluarga-saya", Cover::ByRole),
    ("kontak", Cover::ByRole),
    ("permohonan-saya", Cover::ByRole),
    ("riwayat-akses", Cover::ByRole),
    ("data-saya", Cover::ByRole),
    ("antrian", Cover::ByRole),
    ("antrian-nik", Cover::ByRole),
    ("ringkasan-antrian", Cover::ByRole),
    ("skm-hasil", Cover::ByRole),
    ("dasbor", Cover::ByRole),
    ("koreksi-daftar", Cover::ByRole),
    ("audit", Cover::ByRole),
    ("akun-daftar", Cover::ByRole),
    ("kantor-daftar", Cover::ByRole),
    ("impor-daftar", Cover::ByRole),
    ("sertifikat-menunggu", Cover::ByRole),
    ("kotak-keluar", Cover::ByRole),
    ("sertifikat-saya", Cover::ByRole),
    ("verifikasi", Cover::Public),
    ("cocokkan-berkas", Cover::Public),
    ("cocokkan-sidik", Cover::Public),
    ("lacak", Cover::Public),
    ("statistik", Cover::Public),
    ("masuk", Cover::Public),
    ("daftar-identitas", Cover::Public),
    ("daftar-sandi", Cover::Public),
    ("daftar-tiket", Cover::Public),
    ("daftar-ulang", Cover::Public),
    ("pulihkan", Cover::Public),
    ("keluar", Cover::Public),
    ("tandatangani", Cover::ByRoleHarmless),
    ("sertifikat-minta", Cover::ByRoleHarmless),
    ("passphrase-ganti", Cover::ByRoleHarmless),
    ("sertifikat-terbitkan", Cover::ByRoleHarmless),
    ("sertifikat-tolak", Cover::ByRoleHarmless),
    ("sertifikat-cabut", Cover::ByRoleHarmless),
    ("cabut-surat", Cover::PerRequest),
    ("loket-cari", Cover::ByRoleHarmless),
    ("koreksi-data", Cover::ByRoleHarmless),
    ("koreksi-selesai", Cover::ByRoleHarmless),
    ("impor-rinci", Cover::ByRoleHarmless),
    ("impor-unggah", Cover::ByRoleHarmless),
    ("kontak-tambah", Cover::ByRoleHarmless),
    ("kontak-verifikasi", Cover::ByRoleHarmless),
    ("kontak-pilih", Cover::ByRoleHarmless),
    ("lampiran", Cover::ByRoleHarmless),
    ("ajukan", Cover::ByRoleHarmless),
    ("periksa-permohonan", Cover::ByRoleHarmless),
    ("loket-ajukan", Cover::ByRoleHarmless),
    ("tindakan", Cover::PerRequest),
    ("ganti-sandi", Cover::ByRoleHarmless),
    ("kode-pulih-warga", Cover::ByRoleHarmless),
    ("kode-aktivasi-warga", Cover::ByRoleHarmless),
    ("batalkan-pendaftaran", Cover::ByRoleHarmless),
    ("akun-pilihan", Cover::ByRoleHarmless),
    ("akun-buat", Cover::ByRoleHarmless),
    ("akun", Cover::ByRoleHarmless),
    ("akun-ubah", Cover::ByRoleHarmless),
    ("akun-aktif", Cover::ByRoleHarmless),
    ("akun-kode-pulih", Cover::ByRoleHarmless),
    ("kantor", Cover::ByRoleHarmless),
    ("kantor-simpan", Cover::ByRoleHarmless),
    ("kantor-lambang", Cover::ByRoleHarmless),
    ("skm-isi", Cover::ByRoleHarmless),
];

/// Routes outside Leptos.
const PLAIN: &[(&str, Cover)] = &[
    ("/surat/{id}/unduh", Cover::PerRequest),
    ("/lampiran/{id}", Cover::PerRequest),
    ("/admin/impor/{id}/laporan.csv", Cover::ByRole),
    ("/data-saya/unduh.json", Cover::ByRole),
    ("/data-saya/unduh.pdf", Cover::ByRole),
    ("/skm/unduh.csv", Cover::ByRole),
    ("/dasbor/unduh.csv", Cover::ByRole),
    ("/api/v1/surat/{id}", Cover::Public),
    ("/api/v1/verifikasi/{id}", Cover::Public),
    ("/api/v1/surat/{id}/cocokkan", Cover::Public),
    ("/kesehatan", Cover::Public),
    ("/metrics", Cover::ByRole),
    ("/siap", Cover::Public),
    ("/statistik.csv", Cover::Public),
    ("/api/v1/statistik", Cover::Public),
    ("/api/v1/lacak", Cover::Public),
    ("/api/v1/openapi.json", Cover::Public),
];

/// Pages: the request's page per request; every other page answers 200 to everyone and shows
/// a signed-out caller the login prompt, another role a "not for you" note (its data comes
/// through the server functions above).
const PAGES: &[(&str, Cover)] =
    &[("/permohonan/:id", Cover::PerRequest), ("/permohonan/:id/terkirim", Cover::PerRequest)];

#[tokio::test]
async fn every_endpoint_is_in_the_matrix() {
    let listed: BTreeSet<String> = SERVER_FUNCTIONS.iter().map(|(e, _)| format!("/api/{e}")).collect();
    let served: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    let missing: Vec<_> = served.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&served).collect();
    assert!(missing.is_empty(), "server functions not in the matrix: {missing:?}");
    assert!(gone.is_empty(), "in the matrix but not served: {gone:?}");
    let plain: BTreeSet<&str> = PLAIN.iter().map(|(p, _)| *p).collect();
    let routed: BTreeSet<&str> = server::http::plain_paths().into_iter().collect();
    assert_eq!(plain, routed, "plain routes and the matrix differ");
    let pages: BTreeSet<String> = server::http::page_paths().into_iter().map(|p| p.replace("{id}", ":id")).collect();
    for (page, _) in PAGES {
        assert!(pages.contains(*page), "{page} is not a page any more: {pages:?}");
    }
    let later = SERVER_FUNCTIONS.iter().chain(PLAIN).filter(|(_, c)| *c == Cover::Later).count();
    eprintln!(
        "authorization matrix: {} server functions, {} plain routes, {} pages; {later} not yet covered",
        SERVER_FUNCTIONS.len(),
        PLAIN.len(),
        pages.len()
    );
}

struct World {
    cookies: Vec<(Who, Option<String>)>,
    requests: Vec<Req>,
}

impl World {
    fn cookie(&self, who: Who) -> Option<&str> {
        self.cookies.iter().find(|(w, _)| *w == who).and_then(|(_, c)| c.as_deref())
    }
}

async fn account(app: &TestApp, username: Option<&str>, nik: Option<&str>, role: domain::Role, office: Option<&str>) {
    let id = uuid::Uuid::new_v4().to_string();
    let hash = server::accounts::hash_password("rahasia-matriks").unwrap();
    let user = server::db::users::NewUser {
        id: &id,
        username,
        nik,
        password_hash: &hash,
        role,
        office_code: office,
        official_id: None,
        display_name: "Akun Uji Matriks",
    };
    server::db::users::insert(&app.services.db.pool, &user, server::db::now_ms()).await.unwrap();
}

async fn world(app: &TestApp) -> World {
    const OEBOBO: &str = "53.71.04.1001";
    // Maria's husband has an account of his own (the demo's); the matrix sets its password.
    let hash = server::accounts::hash_password("rahasia-matriks").unwrap();
    sqlx::query("UPDATE users SET password_hash = $1 WHERE nik = $2")
        .bind(&hash)
        .bind("5371041208870001")
        .execute(&app.services.db.pool)
        .await
        .unwrap();
    account(app, Some("admin.oebobo"), None, domain::Role::AdminKantor, Some(OEBOBO)).await;
    let mut cookies = vec![(Anonymous, None)];
    for (who, login, password) in [
        (Resident, "5371045505900001", "warga123"),
        (SameKk, "5371041208870001", "rahasia-matriks"),
        (OtherResident, "5371022001750001", "warga123"),
        (ClerkHere, "petugas.oebobo", "serambi123"),
        (LurahHere, "lurah.oebobo", "serambi123"),
        (SecretaryHere, "sekretaris.oebobo", "serambi123"),
        (ClerkNextDoor, "petugas.oetete", "serambi123"),
        (LurahNextDoor, "lurah.oetete", "serambi123"),
        (ClerkElsewhere, "petugas.oepura", "serambi123"),
        (KecClerkHere, "petugas.kec.oebobo", "serambi123"),
        (CamatHere, "camat.oebobo", "serambi123"),
        (KecClerkElsewhere, "petugas.kec.maulafa", "serambi123"),
        (CamatElsewhere, "camat.maulafa", "serambi123"),
        (OfficeAdminHere, "admin.oebobo", "rahasia-matriks"),
        (CityAdmin, "admin", "serambi123"),
    ] {
        cookies.push((who, Some(app.login(login, password).await)));
    }
    let w = World { cookies, requests: Vec::new() };
    let maria = w.cookie(Resident).unwrap().to_string();
    let clerk = w.cookie(ClerkHere).unwrap().to_string();
    let lurah = w.cookie(LurahHere).unwrap().to_string();
    let mut requests = Vec::new();
    let plain = |name, id| Req { name, id, at_kecamatan: false, signed: false };
    requests.push(plain("diajukan", app.submit_domisili(&maria, "Matriks diajukan").await));
    let returned = app.submit_domisili(&maria, "Matriks dikembalikan").await;
    assert_eq!(app.act(&clerk, &returned, "return", "Lengkapi berkas").await.status, StatusCode::OK);
    requests.push(plain("dikembalikan", returned));
    requests.push(plain("diverifikasi", app.verified_domisili("Matriks diverifikasi").await));
    let rejected = app.submit_domisili(&maria, "Matriks ditolak").await;
    assert_eq!(app.act(&clerk, &rejected, "reject", "Bukan warga sini").await.status, StatusCode::OK);
    requests.push(plain("ditolak", rejected));
    let cancelled = app.submit_domisili(&maria, "Matriks dibatalkan").await;
    assert_eq!(app.act(&maria, &cancelled, "cancel", "").await.status, StatusCode::OK);
    requests.push(plain("dibatalkan", cancelled));
    let signed = app.verified_domisili("Matriks ditandatangani").await;
    assert_eq!(app.act(&lurah, &signed, "sign", "").await.status, StatusCode::OK);
    requests.push(Req { signed: true, ..plain("ditandatangani", signed) });
    // The kecamatan route: at the kelurahan, then forwarded, then signed by the camat.
    let heirs = |app: &TestApp| {
        let (fields, _) = values_for("ahli-waris", app, false);
        fields
    };
    let mut kec = Vec::new();
    for _ in 0..3 {
        let r = app.submit(&maria, "ahli-waris", heirs(app)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let id = r.json().as_str().unwrap().to_string();
        assert_eq!(app.act(&clerk, &id, "verify", "").await.status, StatusCode::OK);
        kec.push(id);
    }
    requests.push(Req { name: "ahli waris di kelurahan", ..plain("", kec[0].clone()) });
    assert_eq!(app.act(&lurah, &kec[1], "approve", "").await.status, StatusCode::OK);
    requests.push(Req { name: "ahli waris diteruskan", at_kecamatan: true, ..plain("", kec[1].clone()) });
    assert_eq!(app.act(&lurah, &kec[2], "approve", "").await.status, StatusCode::OK);
    let kec_clerk = w.cookie(KecClerkHere).unwrap().to_string();
    assert_eq!(app.act(&kec_clerk, &kec[2], "verify_kecamatan", "").await.status, StatusCode::OK);
    let camat = w.cookie(CamatHere).unwrap().to_string();
    assert_eq!(app.act(&camat, &kec[2], "sign", "").await.status, StatusCode::OK);
    requests.push(Req {
        name: "ahli waris ditandatangani camat",
        at_kecamatan: true,
        signed: true,
        ..plain("", kec[2].clone())
    });
    // Opened for Maria at the counter.
    let r = app
        .call(
            Some(&clerk),
            "loket-ajukan",
            json!({ "input": { "nik": "5371045505900001", "request": { "letter_type": "domisili",
                    "fields": { "keperluan": "Matriks loket" }, "attachments": app.required_attachments(&clerk, "domisili").await } } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Opened for Maria at the counter: hers to read as if she had asked.
    requests.push(plain("di loket", r.json().as_str().unwrap().to_string()));
    World { requests, ..w }
}

async fn every_caller_gets_the_answer_the_matrix_says(app: TestApp) {
    let w = world(&app).await;
    let mut unexpected = Vec::new();
    let mut calls = 0;
    let mut check = |what: String, got: StatusCode, want: StatusCode| {
        calls += 1;
        if got != want {
            unexpected.push(format!("{what}: {got}, expected {want}"));
        }
    };
    for r in &w.requests {
        for who in EVERYONE {
            let cookie = w.cookie(who);
            let want = read_request(who, r);
            let got = app.call(cookie, "permohonan", json!({ "id": r.id })).await.status;
            check(format!("permohonan [{}] as {who:?}", r.name), got, want);
            let got = app.call(cookie, "tanda-terima", json!({ "id": r.id })).await.status;
            check(format!("tanda-terima [{}] as {who:?}", r.name), got, want);
            let got = app.get(cookie, &format!("/permohonan/{}", r.id)).await.status;
            check(format!("GET /permohonan/{{id}} [{}] as {who:?}", r.name), got, page(want));
            let got = app.get(cookie, &format!("/permohonan/{}/terkirim", r.id)).await.status;
            check(format!("GET /permohonan/{{id}}/terkirim [{}] as {who:?}", r.name), got, page(want));
            let got = app.get(cookie, &format!("/surat/{}/unduh", r.id)).await.status;
            check(format!("GET /surat/{{id}}/unduh [{}] as {who:?}", r.name), got, download_letter(who, r));
        }
    }
    for (endpoint, cover) in SERVER_FUNCTIONS {
        if *cover != Cover::ByRole {
            continue;
        }
        let body = match *endpoint {
            "antrian" => json!({ "query": { "status": "semua" } }),
            "antrian-nik" => json!({ "input": { "nik": "5371045505900001" } }),
            "audit" => json!({ "query": { "action": null, "text": "", "from": null, "until": null, "before": null } }),
            "akun-daftar" => json!({ "search": "" }),
            "skm-hasil" | "dasbor" => json!({ "query": {} }),
            _ => json!({}),
        };
        for who in EVERYONE {
            let got = app.call(w.cookie(who), endpoint, body.clone()).await.status;
            check(format!("{endpoint} as {who:?}"), got, listing(endpoint, who));
        }
    }
    // Acting on each request, its attachments, and revoking its letter.
    let pool = &app.services.db.pool;
    for r in &w.requests {
        let attachments: Vec<String> =
            sqlx::query_scalar("SELECT id FROM attachments WHERE request_id = $1 AND active = 1 ORDER BY id")
                .bind(&r.id)
                .fetch_all(pool)
                .await
                .unwrap();
        let letter: Option<String> = sqlx::query_scalar("SELECT id FROM letters WHERE request_id = $1")
            .bind(&r.id)
            .fetch_optional(pool)
            .await
            .unwrap();
        assert_eq!(letter.is_some(), r.signed, "{}", r.name);
        for who in EVERYONE {
            let cookie = w.cookie(who);
            let step = json!({ "input": { "request_id": r.id, "action": "sign", "note": "" } });
            let got = app.call(cookie, "tindakan", step).await.status;
            check(format!("tindakan [{}] as {who:?}", r.name), got, act_on(who, r));
            for a in &attachments {
                let got = app.get(cookie, &format!("/lampiran/{a}")).await.status;
                check(format!("GET /lampiran/{{id}} [{}] as {who:?}", r.name), got, read_request(who, r));
            }
            if let Some(letter) = &letter {
                let body = json!({ "input": { "letter_id": letter, "reason": "" } });
                let got = app.call(cookie, "cabut-surat", body).await.status;
                check(format!("cabut-surat [{}] as {who:?}", r.name), got, revoke(who, r));
            }
        }
    }
    // Every state-changing endpoint, with a body that changes nothing.
    for (endpoint, cover) in SERVER_FUNCTIONS {
        if *cover != Cover::ByRoleHarmless {
            continue;
        }
        for who in EVERYONE {
            let (body, want) = harmless(endpoint, who);
            let got = if body.is_null() {
                app.multipart(w.cookie(who).unwrap_or(""), endpoint, &harmless_upload(endpoint)).await.status
            } else {
                app.call(w.cookie(who), endpoint, body).await.status
            };
            check(format!("{endpoint} (changing nothing) as {who:?}"), got, want);
        }
    }
    // Resources by id: staff accounts of the office admin's office and of another, an office.
    let staff_id = |name: &'static str| async move {
        sqlx::query_scalar::<_, String>("SELECT id FROM users WHERE username = $1")
            .bind(name)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    let (own, other) = (staff_id("petugas.oebobo").await, staff_id("petugas.oetete").await);
    for who in EVERYONE {
        for (id, mine) in [(&own, true), (&other, false)] {
            let got = app.call(w.cookie(who), "akun", json!({ "id": id })).await.status;
            check(
                format!("akun [{}] as {who:?}", if mine { "Oebobo" } else { "Oetete" }),
                got,
                staff_account(who, mine),
            );
        }
        let got = app.call(w.cookie(who), "kantor", json!({ "code": "53.71.04.1001" })).await.status;
        check(format!("kantor [Oebobo] as {who:?}"), got, office(who));
        // An import's report is the city admin's; anyone else learns nothing of it.
        let got = app.get(w.cookie(who), &format!("/admin/impor/{UNKNOWN}/laporan.csv")).await.status;
        let want = if who == Anonymous { StatusCode::UNAUTHORIZED } else { StatusCode::NOT_FOUND };
        check(format!("GET /admin/impor/{{id}}/laporan.csv as {who:?}"), got, want);
        // Metrics need their own token (none is set here): not there for anyone.
        let got = app.get(w.cookie(who), "/metrics").await.status;
        check(format!("GET /metrics as {who:?}"), got, StatusCode::NOT_FOUND);
    }
    // A real correction note of Maria's: in the lists of Maria and her kelurahan's officials
    // only (everyone else who may list notes sees theirs, not hers).
    let note = json!({ "input": { "fields": ["Pekerjaan"], "note": "Pekerjaan saya guru, bukan wiraswasta." } });
    let r = app.call(w.cookie(Resident), "koreksi-data", note).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let note_id = r.json()["id"].as_str().unwrap().to_string();
    for who in EVERYONE {
        let r = app.call(w.cookie(who), "koreksi-daftar", json!({})).await;
        if r.status != StatusCode::OK {
            continue; // the listing's own rule, checked above
        }
        let listed = r.json().as_array().unwrap().iter().any(|c| c["id"] == note_id.as_str());
        let want = matches!(who, Resident | ClerkHere | LurahHere | SecretaryHere);
        let (got, want) = (
            if listed { StatusCode::OK } else { StatusCode::NOT_FOUND },
            if want { StatusCode::OK } else { StatusCode::NOT_FOUND },
        );
        check(format!("koreksi-daftar lists Maria's note, as {who:?}"), got, want);
    }
    // A real population import: its detail and report are the city admin's.
    let mut csv = Vec::new();
    let opts = server::population::synthetic::Options {
        rows: 50,
        bad_rows: 2,
        separator: b';',
        seed: 3,
        villages: Vec::new(),
    };
    server::population::synthetic::write(&mut csv, &opts).unwrap();
    let admin = w.cookie(CityAdmin).unwrap();
    let r = app.multipart(admin, "impor-unggah", &[("file", Some("penduduk.csv"), &csv)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let import = r.json()["id"].as_str().unwrap().to_string();
    let started = std::time::Instant::now();
    loop {
        let r = app.call(Some(admin), "impor-rinci", json!({ "id": import })).await.json();
        if r["import"]["status"] != "berjalan" && r["import"]["report_url"].is_string() {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the import did not finish: {r}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for who in EVERYONE {
        let got = app.call(w.cookie(who), "impor-rinci", json!({ "id": import })).await.status;
        check(format!("impor-rinci [real] as {who:?}"), got, office(who));
        let want = match who {
            Anonymous => StatusCode::UNAUTHORIZED,
            CityAdmin => StatusCode::OK,
            _ => StatusCode::NOT_FOUND,
        };
        let got = app.get(w.cookie(who), &format!("/admin/impor/{import}/laporan.csv")).await.status;
        check(format!("GET /admin/impor/{{id}}/laporan.csv [real] as {who:?}"), got, want);
    }
    for path in ["/data-saya/unduh.json", "/data-saya/unduh.pdf"] {
        for who in EVERYONE {
            let want = match who {
                Anonymous => StatusCode::UNAUTHORIZED,
                w if w.resident() => StatusCode::OK,
                _ => StatusCode::FORBIDDEN,
            };
            check(format!("GET {path} as {who:?}"), app.get(w.cookie(who), path).await.status, want);
        }
    }
    for who in EVERYONE {
        let want = match who {
            Anonymous => StatusCode::UNAUTHORIZED,
            w if survey_results(w) => StatusCode::OK,
            _ => StatusCode::FORBIDDEN,
        };
        for path in ["/skm/unduh.csv", "/dasbor/unduh.csv"] {
            check(format!("GET {path} as {who:?}"), app.get(w.cookie(who), path).await.status, want);
        }
    }
    eprintln!("authorization matrix on {:?}: {calls} calls, {} unexpected", app.services.db.engine, unexpected.len());
    assert!(unexpected.is_empty(), "{} unexpected answers:\n{}", unexpected.len(), unexpected.join("\n"));
}

/// A page's status for an API answer: the page says the same (401 → the login prompt, still a
/// page of its own: 401 too).
fn page(api: StatusCode) -> StatusCode {
    api
}
