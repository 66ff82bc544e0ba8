//! Issue 16: the public API's OpenAPI 3.1 document (`/api/v1/openapi.json`) describes every
//! `/api/v1/` route, and real answers — letters valid and revoked, matches by hash and by file,
//! tracking, statistics, and the refusals of each — validate against it. Every object schema is
//! checked as closed (`additionalProperties: false`), so a field the server sends but the
//! document does not name fails too. The API page for people says the same.

use crate::signatures::signed_letter;
use crate::support::TestApp;
use http::{Request, StatusCode, header};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_describes_every_public_route_and_real_answers_match_it() {
    let app = TestApp::sqlite().await;
    let r = app.get(None, "/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."), "{}", doc["openapi"]);
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));

    // Every route under /api/v1/ is in the document, with each of its methods, and nothing else.
    let documented: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let served: Vec<String> =
        server::http::plain_paths().into_iter().filter(|p| p.starts_with("/api/v1/")).map(String::from).collect();
    let (mut a, mut b) = (documented.clone(), served.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b, "documented vs served /api/v1/ routes");
    let methods = |path: &str| -> Vec<String> {
        let mut m: Vec<String> = doc["paths"][path].as_object().unwrap().keys().cloned().collect();
        m.sort();
        m
    };
    assert_eq!(methods("/api/v1/surat/{id}/cocokkan"), ["get", "post"]);
    assert_eq!(methods("/api/v1/lacak"), ["post"]);
    // Every operation says what it does, in Indonesian, and every answer has its schema.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()), "{method} {path}: summary");
            assert!(op["tags"][0].is_string(), "{method} {path}: tag");
            for (status, answer) in op["responses"].as_object().unwrap() {
                let json = &answer["content"]["application/json"]["schema"];
                assert!(path.ends_with("openapi.json") || json.is_object(), "{method} {path} {status}: no schema");
            }
        }
    }

    let check = Checker::new(&doc);
    // Verification: a valid letter, an unknown one, a hash that matches and one that does not.
    let (request_id, letter_id, pdf) = signed_letter(&app).await;
    let letter = format!("/api/v1/surat/{letter_id}");
    let valid = check.get(&app, "/api/v1/surat/{id}", &letter, 200).await;
    assert_eq!(valid["status"], "sah");
    check.get(&app, "/api/v1/verifikasi/{id}", &format!("/api/v1/verifikasi/{letter_id}"), 200).await;
    let unknown =
        check.get(&app, "/api/v1/surat/{id}", "/api/v1/surat/00000000-0000-4000-8000-000000000000", 404).await;
    assert_eq!(unknown["status"], "tidak_ditemukan");
    check.get(&app, "/api/v1/surat/{id}", "/api/v1/surat/bukan-kode", 404).await;
    let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&pdf));
    let matched =
        check.get(&app, "/api/v1/surat/{id}/cocokkan", &format!("{letter}/cocokkan?sha256={hash}"), 200).await;
    assert_eq!((matched["cocok"].as_bool(), matched["tanda_tangan_tertanam"].is_null()), (Some(true), true));
    let other = "0".repeat(64);
    let differs =
        check.get(&app, "/api/v1/surat/{id}/cocokkan", &format!("{letter}/cocokkan?sha256={other}"), 200).await;
    assert_eq!(differs["cocok"], false);
    let bad = check.get(&app, "/api/v1/surat/{id}/cocokkan", &format!("{letter}/cocokkan?sha256=xyz"), 422).await;
    assert_eq!(bad["status"], "ditolak");
    // By file: the letter itself (its embedded signature read), and an empty body.
    let by_file = check
        .post(&app, "/api/v1/surat/{id}/cocokkan", &format!("{letter}/cocokkan"), "application/pdf", pdf.clone(), 200)
        .await;
    assert_eq!(by_file["cocok"], true);
    assert_eq!(by_file["tanda_tangan_tertanam"]["utuh"], true);
    assert_eq!(by_file["tanda_tangan_tertanam"]["sertifikat_terdaftar"], true);
    check
        .post(&app, "/api/v1/surat/{id}/cocokkan", &format!("{letter}/cocokkan"), "application/pdf", Vec::new(), 422)
        .await;

    // Tracking: the right code and date, a wrong date, a malformed code, and not JSON at all.
    let shown = app.shown_reference(&request_id).await;
    let track = |body: Value| body.to_string().into_bytes();
    let found = check
        .post(
            &app,
            "/api/v1/lacak",
            "/api/v1/lacak",
            "application/json",
            track(json!({ "kode": shown, "tanggal_lahir": "1990-05-15" })),
            200,
        )
        .await;
    assert_eq!((found["status"].as_str(), found["selesai"].as_bool()), (Some("ditandatangani"), Some(true)));
    assert!(found["tenggat"].is_null() && found["siap_diunduh"] == true, "{found}");
    assert!(!found.to_string().contains("MARIA"), "nothing personal: {found}");
    let wrong = track(json!({ "kode": shown, "tanggal_lahir": "1990-05-16" }));
    check.post(&app, "/api/v1/lacak", "/api/v1/lacak", "application/json", wrong, 409).await;
    let malformed = track(json!({ "kode": "X", "tanggal_lahir": "1990-05-15" }));
    let refused = check.post(&app, "/api/v1/lacak", "/api/v1/lacak", "application/json", malformed, 422).await;
    assert!(refused["kolom"]["kode"].is_array(), "{refused}");
    check.post(&app, "/api/v1/lacak", "/api/v1/lacak", "application/json", b"kode=1".to_vec(), 400).await;
    // An open request has a due date.
    let warga = app.warga().await;
    let open = app.submit_domisili(&warga, "Melamar kerja").await;
    let shown = app.shown_reference(&open).await;
    let waiting = check
        .post(
            &app,
            "/api/v1/lacak",
            "/api/v1/lacak",
            "application/json",
            track(json!({ "kode": shown, "tanggal_lahir": "1990-05-15" })),
            200,
        )
        .await;
    assert_eq!(waiting["status"], "diajukan");
    assert!(waiting["tenggat"].as_str().is_some_and(|d| !d.is_empty()), "{waiting}");

    // Statistics: a year, and a year that is not one.
    let stats = check.get(&app, "/api/v1/statistik", "/api/v1/statistik", 200).await;
    assert_eq!(stats["lisensi"], "CC BY 4.0");
    check.get(&app, "/api/v1/statistik", "/api/v1/statistik?tahun=abc", 422).await;

    // A revoked letter says so, with its reason.
    let lurah = app.official("lurah.oebobo").await;
    let revoked = app
        .call(
            Some(&lurah),
            "cabut-surat",
            json!({ "input": { "letter_id": letter_id, "reason": "Data pemohon keliru" } }),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text());
    let gone = check.get(&app, "/api/v1/surat/{id}", &letter, 200).await;
    assert_eq!(
        (gone["status"].as_str(), gone["pencabutan"]["alasan"].as_str()),
        (Some("dicabut"), Some("Data pemohon keliru"))
    );
    assert!(check.checked.get() >= 16, "{} answers checked", check.checked.get());

    // The page for people names every operation and every answer's schema, with an example.
    let page = app.get(None, "/api-publik").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.text();
    assert!(!page.contains(".wasm"), "the API page ships no wasm");
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            assert!(page.contains(&format!("{} {}", method.to_uppercase(), path)), "{method} {path} on the page");
        }
    }
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        assert!(page.contains(&format!("id=\"skema-{name}\"")), "schema {name} on the page");
    }
    assert!(
        page.contains("curl -X POST -H &#x27;Content-Type: application/pdf&#x27;")
            || page.contains("--data-binary @surat.pdf")
    );
    assert!(page.contains("href=\"/api/v1/openapi.json\""));
}

/// Validates answers against the document's schema for (operation, status).
struct Checker {
    doc: Value,
    checked: std::cell::Cell<usize>,
}

impl Checker {
    fn new(doc: &Value) -> Checker {
        let mut doc = doc.clone();
        // Closed objects: a field the server sends but the document omits is an error.
        for schema in doc["components"]["schemas"].as_object_mut().unwrap().values_mut() {
            close(schema);
        }
        Checker { doc, checked: std::cell::Cell::new(0) }
    }

    fn validate(&self, method: &str, path: &str, status: u16, body: &Value) {
        let op = &self.doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is not documented");
        let answer = &op["responses"][status.to_string()];
        assert!(answer.is_object(), "{method} {path}: status {status} is not documented");
        let schema = &answer["content"]["application/json"]["schema"];
        let mut root = schema.clone();
        root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        root["components"] = self.doc["components"].clone();
        let validator = jsonschema::validator_for(&root).expect("the schema compiles");
        let errors: Vec<String> =
            validator.iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{method} {path} {status}: {errors:#?}\n{body:#}");
        self.checked.set(self.checked.get() + 1);
    }

    async fn get(&self, app: &TestApp, template: &str, url: &str, status: u16) -> Value {
        let r = app.get(None, url).await;
        assert_eq!(r.status.as_u16(), status, "GET {url}: {}", r.text());
        assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"), "GET {url}");
        let body = r.json();
        self.validate("get", template, status, &body);
        body
    }

    async fn post(
        &self,
        app: &TestApp,
        template: &str,
        url: &str,
        content_type: &str,
        body: Vec<u8>,
        status: u16,
    ) -> Value {
        let req = Request::post(url)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, content_type)
            .body(axum::body::Body::from(body))
            .unwrap();
        let r = app.request(req).await;
        assert_eq!(r.status.as_u16(), status, "POST {url}: {}", r.text());
        assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"), "POST {url}");
        let body = r.json();
        self.validate("post", template, status, &body);
        body
    }
}

fn close(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for v in map.values_mut() {
                close(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close),
        _ => {}
    }
}
