//! Issue 16's satisfaction survey (SKM): once per finished request, from the request's page or
//! the tracking page; the index per office and period, withheld below 5 respondents; the export.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::{Value, json};

on_both_databases!(
    a_resident_answers_the_survey_once_for_a_finished_request,
    the_index_is_computed_as_the_regulation_says_and_shown_by_scope,
    the_survey_works_without_javascript_from_the_tracking_page,
);

fn answers(values: [u8; 9], saran: &str) -> Value {
    let mut m = serde_json::Map::new();
    for (i, v) in values.iter().enumerate() {
        m.insert(format!("u{}", i + 1), json!(v.to_string()));
    }
    if !saran.is_empty() {
        m.insert("saran".into(), json!(saran));
    }
    Value::Object(m)
}

async fn signed(app: &TestApp, n: usize) -> Vec<String> {
    let ids: Vec<String> = {
        let mut v = Vec::new();
        for i in 0..n {
            v.push(app.verified_domisili(&format!("Survei {i}")).await);
        }
        v
    };
    let lurah = app.official("lurah.oebobo").await;
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let r = app.sign(&lurah, &refs, server::demo::DEMO_SIGNING_PASSPHRASE).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    ids
}

async fn answer(app: &TestApp, cookie: Option<&str>, input: Value) -> crate::support::Reply {
    app.call(cookie, "skm-isi", json!({ "input": input })).await
}

async fn a_resident_answers_the_survey_once_for_a_finished_request(app: TestApp) {
    let warga = app.warga().await;
    let id = signed(&app, 1).await.remove(0);
    let open = app.submit_domisili(&warga, "Belum selesai").await;
    assert_eq!(app.detail(&warga, &id).await.json()["survey_open"], true);
    assert_eq!(app.detail(&warga, &open).await.json()["survey_open"], false, "not finished yet");
    // The request's page links to the survey's own page (no script), which asks the nine questions.
    let page = app.get(Some(&warga), &format!("/permohonan/{id}")).await.text();
    assert!(page.contains(&format!(r#"href="/permohonan/{id}/survei""#)), "{page}");
    assert!(!page.contains(r#"name="u9""#), "the questions are not on the request's page");
    let page = app.get(Some(&warga), &format!("/permohonan/{id}/survei")).await.text();
    assert!(page.contains("Survei kepuasan layanan") && page.contains(r#"name="u9""#), "{page}");
    // A question left out: a message for it, nothing stored.
    let mut partial = answers([4, 4, 3, 4, 4, 4, 4, 3, 4], "");
    partial.as_object_mut().unwrap().remove("u3");
    partial["request_id"] = json!(id);
    let r = answer(&app, Some(&warga), partial).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.json()["Validation"]["u3"].is_array() || r.text().contains("u3"), "{}", r.text());
    let mut bad = answers([4, 4, 3, 4, 5, 4, 4, 3, 4], "");
    bad["request_id"] = json!(id);
    assert_eq!(answer(&app, Some(&warga), bad).await.status, StatusCode::UNPROCESSABLE_ENTITY, "5 is off the scale");
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_responses").await, 0);
    // Not finished: refused. An official: refused. Someone else's request: not found.
    let mut early = answers([4; 9], "");
    early["request_id"] = json!(open);
    assert_eq!(answer(&app, Some(&warga), early).await.status, StatusCode::CONFLICT);
    let clerk = app.official("petugas.oebobo").await;
    let mut by_clerk = answers([4; 9], "");
    by_clerk["request_id"] = json!(id);
    assert_eq!(answer(&app, Some(&clerk), by_clerk.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(answer(&app, None, by_clerk).await.status, StatusCode::UNAUTHORIZED);
    // Answered: stored once, without the request's id or the resident.
    let mut full = answers([4, 4, 3, 4, 4, 4, 4, 3, 4], "Antrean loket pagi terlalu panjang.");
    full["request_id"] = json!(id);
    let r = answer(&app, Some(&warga), full.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_responses").await, 1);
    let key: String =
        sqlx::query_scalar("SELECT request_hash FROM survey_responses").fetch_one(&app.services.db.pool).await.unwrap();
    assert!(key.starts_with("skm:") && !key.contains(&id), "{key}");
    let again = answer(&app, Some(&warga), full).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "once per request");
    assert_eq!(app.detail(&warga, &id).await.json()["survey_open"], false);
}

async fn the_index_is_computed_as_the_regulation_says_and_shown_by_scope(app: TestApp) {
    let warga = app.warga().await;
    let ids = signed(&app, 6).await;
    let lurah = app.official("lurah.oebobo").await;
    let results = |cookie: String, query: Value| {
        let app = &app;
        async move {
            let r = app.call(Some(&cookie), "skm-hasil", json!({ "query": query })).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            r.json()
        }
    };
    // Four respondents: nothing shown yet.
    for id in &ids[..4] {
        let mut a = answers([4, 4, 2, 4, 4, 4, 4, 4, 4], "Waktu tunggu lama");
        a["request_id"] = json!(id);
        assert_eq!(answer(&app, Some(&warga), a).await.status, StatusCode::OK);
    }
    let r = results(lurah.clone(), json!({})).await;
    assert_eq!(r["total"]["respondents"], 4);
    assert!(r["total"]["ikm"].is_null() && r["elements"].as_array().unwrap().is_empty(), "{r}");
    assert!(r["suggestions"].as_array().unwrap().is_empty(), "suggestions wait for 5 respondents too");
    // The fifth: averages 4, 4, 2, 4, 4, 4, 4, 4, 4 → Σ/9 = 34/9 → × 25 = 94.44, A; U3 is low.
    let mut a = answers([4, 4, 2, 4, 4, 4, 4, 4, 4], "");
    a["request_id"] = json!(ids[4]);
    assert_eq!(answer(&app, Some(&warga), a).await.status, StatusCode::OK);
    let r = results(lurah.clone(), json!({})).await;
    assert_eq!(r["total"]["respondents"], 5);
    assert_eq!(r["total"]["ikm"], 94.44, "{r}");
    assert_eq!(
        (r["total"]["category"].as_str(), r["total"]["category_label"].as_str()),
        (Some("A"), Some("Sangat baik"))
    );
    let low: Vec<&str> = r["elements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["low"] == true)
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(low, vec!["U3"]);
    assert_eq!(r["elements"][2]["average"], 2.0);
    assert_eq!(r["suggestions"].as_array().unwrap().len(), 4);
    assert_eq!(r["scope_label"], "Kelurahan Oebobo");
    let text = r.to_string();
    assert!(ids.iter().all(|id| !text.contains(id.as_str())), "no request in the results");
    // A sixth with all 1s moves it: (4·34 + 9)/5 averages → Σ/9 × 25.
    let mut a = answers([1; 9], "");
    a["request_id"] = json!(ids[5]);
    assert_eq!(answer(&app, Some(&warga), a).await.status, StatusCode::OK);
    let r = results(lurah.clone(), json!({})).await;
    let expected = ((5.0 * 34.0 + 9.0) / 6.0 / 9.0 * 25.0 * 100.0_f64).round() / 100.0;
    assert_eq!(r["total"]["ikm"].as_f64(), Some(expected), "{r}");
    // Another period has none; a bad period is refused.
    let r = results(lurah.clone(), json!({ "periode": "2020" })).await;
    assert_eq!(r["total"]["respondents"], 0);
    let bad = app.call(Some(&lurah), "skm-hasil", json!({ "query": { "periode": "2026-T9" } })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The camat sees the kecamatan with its kelurahan; the city admin everything; others not.
    let camat = app.official("camat.oebobo").await;
    let r = results(camat.clone(), json!({})).await;
    assert_eq!(r["total"]["respondents"], 6);
    assert!(r["by_office"].as_array().unwrap().iter().any(|o| o["label"] == "Kelurahan Oebobo"), "{r}");
    let narrowed = results(camat.clone(), json!({ "kantor": "53.71.04.1001" })).await;
    assert_eq!(narrowed["total"]["respondents"], 6);
    let elsewhere = app.call(Some(&camat), "skm-hasil", json!({ "query": { "kantor": "53.71.02.1001" } })).await;
    assert_eq!(elsewhere.status, StatusCode::UNPROCESSABLE_ENTITY, "not the camat's kelurahan");
    let admin = app.official("admin").await;
    assert_eq!(results(admin.clone(), json!({})).await["total"]["respondents"], 6);
    let other = app.official("lurah.oetete").await;
    assert_eq!(results(other, json!({})).await["total"]["respondents"], 0);
    let clerk = app.official("petugas.oebobo").await;
    assert_eq!(app.call(Some(&clerk), "skm-hasil", json!({ "query": {} })).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call(Some(&warga), "skm-hasil", json!({ "query": {} })).await.status, StatusCode::FORBIDDEN);
    // The export, and the page without JavaScript.
    let csv = app.get(Some(&lurah), "/skm/unduh.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let csv = csv.text();
    assert!(csv.contains("Unit pelayanan,Kelurahan Oebobo") && csv.contains("U3,Waktu penyelesaian,"), "{csv}");
    assert!(csv.contains("Perlu perbaikan") && csv.contains("IKM unit pelayanan"), "{csv}");
    assert!(csv.contains(&format!("{expected:.2}")), "{csv}");
    assert_eq!(app.get(None, "/skm/unduh.csv").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(Some(&clerk), "/skm/unduh.csv").await.status, StatusCode::FORBIDDEN);
    let page = app.get(Some(&lurah), "/skm").await.text();
    assert!(
        page.contains("Indeks Kepuasan Masyarakat") && page.contains(&format!("{expected:.2}").replace('.', ",")),
        "{page}"
    );
}

async fn the_survey_works_without_javascript_from_the_tracking_page(app: TestApp) {
    let id = signed(&app, 1).await.remove(0);
    let reference: String = sqlx::query_scalar("SELECT reference FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    // Tracking shows the survey for a finished request.
    let body = format!("_form=%2Fapi%2Flacak&reference={reference}&tanggal_lahir=1990-05-15");
    let page = app.post_form("/lacak", None, body).await.text();
    assert!(page.contains("Survei kepuasan layanan") && page.contains(r#"name="u1""#), "{page}");
    // A wrong birth date: refused, nothing stored.
    let mut form = format!("_form=%2Fapi%2Fskm-isi&reference={reference}&tanggal_lahir=1990-05-16");
    for i in 1..=9 {
        form.push_str(&format!("&u{i}=3"));
    }
    let page = app.post_form("/lacak", None, form.clone()).await.text();
    assert!(page.contains("tidak cocok"), "{page}");
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_responses").await, 0);
    // Missing answers come back with what was chosen.
    let partial = format!("_form=%2Fapi%2Fskm-isi&reference={reference}&tanggal_lahir=1990-05-15&u1=2");
    let page = app.post_form("/lacak", None, partial).await.text();
    assert!(page.contains("Pilih salah satu jawaban"), "{page}");
    assert!(page.contains(r#"name="u1" value="2" checked"#), "{page}");
    let right = form.replace("1990-05-16", "1990-05-15") + "&saran=Petugas+ramah";
    let page = app.post_form("/lacak", None, right.clone()).await.text();
    assert!(page.contains("Terima kasih"), "{page}");
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_responses WHERE suggestion = 'Petugas ramah'").await, 1);
    // Tracking again: no more survey.
    let body = format!("_form=%2Fapi%2Flacak&reference={reference}&tanggal_lahir=1990-05-15");
    let page = app.post_form("/lacak", None, body).await.text();
    assert!(!page.contains(r#"name="u1""#), "{page}");
    // Signed in, on the request's page, as a plain form.
    let second = signed(&app, 1).await.remove(0);
    let warga = app.warga().await;
    let mut form = format!("_form=%2Fapi%2Fskm-isi&request_id={second}");
    for i in 1..=9 {
        form.push_str(&format!("&u{i}=4"));
    }
    let r = app.post_form(&format!("/permohonan/{second}/survei"), Some(&warga), form).await;
    assert!(r.text().contains("Terima kasih"), "{}", r.text());
    let page = app.get(Some(&warga), &format!("/permohonan/{second}/survei")).await.text();
    assert!(page.contains("sudah diisi") && !page.contains(r#"name="u1""#), "{page}");
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_responses").await, 2);
}
