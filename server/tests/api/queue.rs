//! Issue 16's queue: keyset pages, filters, search (a NIK only in a POST body), the service
//! clock's deadlines kept on the row, and all of it without JavaScript.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::{Value, json};
use std::collections::HashSet;

on_both_databases!(
    the_queue_pages_through_every_request_of_the_office_once,
    the_queues_filters_and_searches_find_what_they_say,
    late_requests_are_marked_counted_and_filtered_as_their_clock_moves,
    the_queue_works_without_javascript_and_keeps_a_nik_out_of_addresses,
    the_staff_home_shows_what_needs_me_now_and_every_staff_page_has_the_menu,
);

const OEBOBO: &str = "53.71.04.1001";

async fn page(app: &TestApp, cookie: &str, query: Value) -> Value {
    let r = app.call(Some(cookie), "antrian", json!({ "query": query })).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text());
    r.json()
}

/// Every page of a view, following `next`: the ids in order.
async fn all_pages(app: &TestApp, cookie: &str, mut query: Value) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    loop {
        let p = page(app, cookie, query.clone()).await;
        pages += 1;
        let got = p["items"].as_array().unwrap();
        assert!(got.len() <= 50, "a page holds at most 50");
        items.extend(got.iter().cloned());
        match p["next"].as_str() {
            Some(next) => query["setelah"] = json!(next),
            None => return (items, pages),
        }
        assert!(pages < 100, "paging does not end");
    }
}

async fn generate(app: &TestApp, count: usize) {
    let opts = server::demo::requests::Options { count, seed: 16 };
    server::demo::requests::generate(&app.services, &opts).await.expect("synthetic requests");
}

async fn the_queue_pages_through_every_request_of_the_office_once(app: TestApp) {
    generate(&app, 4000).await;
    let clerk = app.official("petugas.oebobo").await;
    let office: i64 = app.count(&format!("SELECT COUNT(*) FROM requests WHERE kelurahan_code = '{OEBOBO}'")).await;
    assert!(office > 120, "enough requests in Oebobo for three pages: {office}");
    for order in ["terbaru", "terlama", "tenggat"] {
        let (items, pages) = all_pages(&app, &clerk, json!({ "status": "semua", "urut": order })).await;
        let ids: Vec<&str> = items.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!((ids.len() as i64, unique.len() as i64), (office, office), "{order}: each once, none missed");
        assert_eq!(pages as i64, (office + 49) / 50, "{order}");
        let first = page(&app, &clerk, json!({ "status": "semua", "urut": order })).await;
        assert_eq!(first["count"].as_i64(), Some(office));
        assert_eq!(first["order"], order);
    }
    // Newest first by submission time; a request arriving meanwhile does not shift a later page.
    let (newest, _) = all_pages(&app, &clerk, json!({ "status": "semua" })).await;
    let p1 = page(&app, &clerk, json!({ "status": "semua" })).await;
    let warga = app.warga().await;
    let fresh = app.submit_domisili(&warga, "Datang di tengah").await;
    let p2 = page(&app, &clerk, json!({ "status": "semua", "setelah": p1["next"] })).await;
    assert_eq!(p2["items"][0]["id"], newest[50]["id"], "page two starts where page one ended");
    let p1_again = page(&app, &clerk, json!({ "status": "semua" })).await;
    assert_eq!(p1_again["items"][0]["id"].as_str(), Some(fresh.as_str()));
    // What waits for the clerk: submitted ones only, soonest due first, late ones first of all.
    let (waiting, _) = all_pages(&app, &clerk, json!({})).await;
    let submitted = app
        .count(&format!("SELECT COUNT(*) FROM requests WHERE kelurahan_code = '{OEBOBO}' AND status = 'diajukan'"))
        .await;
    assert_eq!(waiting.len() as i64, submitted);
    assert!(waiting.iter().all(|r| r["status"] == "diajukan"));
    let late: Vec<bool> = waiting.iter().map(|r| r["clock"]["late_by"].as_u64().unwrap_or(0) > 0).collect();
    let first_on_time = late.iter().position(|l| !l).unwrap_or(late.len());
    assert!(late[first_on_time..].iter().all(|l| !l), "late ones come first: {late:?}");
    // A kecamatan sees only what was forwarded to it.
    let kec = app.official("petugas.kec.oebobo").await;
    let (forwarded, _) = all_pages(&app, &kec, json!({ "status": "semua" })).await;
    let expected = app
        .count(
            "SELECT COUNT(*) FROM requests r WHERE r.kecamatan_code = '53.71.04' AND r.route = 'kecamatan' AND EXISTS \
             (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.to_status = 'diteruskan')",
        )
        .await;
    assert!(expected > 0);
    assert_eq!(forwarded.len() as i64, expected);
}

async fn the_queues_filters_and_searches_find_what_they_say(app: TestApp) {
    generate(&app, 2000).await;
    let clerk = app.official("petugas.oebobo").await;
    let count = |q: Value| {
        let (app, clerk) = (&app, &clerk);
        async move { all_pages(app, clerk, q).await.0 }
    };
    let signed = count(json!({ "status": "ditandatangani" })).await;
    assert!(!signed.is_empty() && signed.iter().all(|r| r["status"] == "ditandatangani"));
    assert!(signed.iter().all(|r| r["clock"].is_null()), "a finished request has no clock");
    let sktm = count(json!({ "status": "semua", "jenis": "sktm" })).await;
    assert!(!sktm.is_empty() && sktm.iter().all(|r| r["letter_title"].as_str().unwrap().contains("Tidak Mampu")));
    let at_counter = count(json!({ "status": "semua", "kanal": "loket" })).await.len() as i64;
    let sql_counter = app
        .count(&format!("SELECT COUNT(*) FROM requests WHERE kelurahan_code = '{OEBOBO}' AND channel = 'loket'"))
        .await;
    assert_eq!(at_counter, sql_counter);
    // Dates: submitted on one day (local time) and a range.
    let today = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap()).date_naive();
    let month_ago = (today - chrono::Days::new(30)).to_string();
    let recent = count(json!({ "status": "semua", "dari": month_ago })).await.len() as i64;
    let all = count(json!({ "status": "semua" })).await.len() as i64;
    assert!(recent > 0 && recent < all, "{recent} of {all}");
    let older = count(json!({ "status": "semua", "sampai": (today - chrono::Days::new(31)).to_string() })).await;
    assert_eq!(recent + older.len() as i64, all, "the two ranges split the office's requests");
    // Search: a reference code, a letter number, part of a name.
    let one = &signed[0];
    let by_code = count(json!({ "status": "semua", "cari": one["reference"].as_str().unwrap().to_lowercase() })).await;
    assert_eq!(by_code.len(), 1);
    assert_eq!(by_code[0]["id"], one["id"]);
    let number: String = sqlx::query_scalar("SELECT number FROM letters WHERE request_id = $1")
        .bind(one["id"].as_str().unwrap())
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    let by_number = count(json!({ "status": "semua", "cari": number })).await;
    assert_eq!(by_number.len(), 1, "{number}");
    assert_eq!(by_number[0]["id"], one["id"]);
    let name = one["subject_name"].as_str().unwrap();
    let part: String = name.split_whitespace().next().unwrap().to_lowercase();
    let by_name = count(json!({ "status": "semua", "cari": part })).await;
    assert!(by_name.iter().any(|r| r["id"] == one["id"]));
    assert!(by_name.iter().all(|r| r["subject_name"].as_str().unwrap().to_lowercase().contains(&part)));
    // "%" and "_" are letters to look for, not wildcards.
    assert!(count(json!({ "status": "semua", "cari": "%%" })).await.is_empty());
    // Bad parameters: a message for the field, nothing read.
    for (bad, field) in [
        (json!({ "status": "selesai" }), "status"),
        (json!({ "jenis": "tidak-ada" }), "jenis"),
        (json!({ "kanal": "pos" }), "kanal"),
        (json!({ "dari": "30-11-2026" }), "dari"),
        (json!({ "dari": "2026-12-01", "sampai": "2026-11-01" }), "sampai"),
        (json!({ "urut": "acak" }), "urut"),
        (json!({ "setelah": "x.y.z" }), "setelah"),
        (json!({ "cari": "5371045505900001" }), "cari"),
    ] {
        let r = app.call(Some(&clerk), "antrian", json!({ "query": bad })).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", r.text());
        assert!(r.text().contains(field), "{bad}: {}", r.text());
    }
    // By NIK, posted: Maria's requests here, and the search is in her access history.
    let warga = app.warga().await;
    let mine = app.submit_domisili(&warga, "Cari saya").await;
    let r = app.call(Some(&clerk), "antrian-nik", json!({ "input": { "nik": "5371045505900001" } })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let found = r.json();
    assert!(found["items"].as_array().unwrap().iter().any(|r| r["id"] == mine.as_str()), "{found}");
    let history = app.call(Some(&warga), "riwayat-akses", json!({})).await.text();
    assert!(history.contains("Mencari permohonan atas NIK Anda"), "{history}");
    let r = app.call(Some(&clerk), "antrian-nik", json!({ "input": { "nik": "53710455" } })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Another kelurahan's clerk finds nothing of Maria's.
    let other = app.official("petugas.oetete").await;
    let r = app.call(Some(&other), "antrian-nik", json!({ "input": { "nik": "5371045505900001" } })).await.json();
    assert_eq!(r["count"], 0, "{r}");
}

async fn late_requests_are_marked_counted_and_filtered_as_their_clock_moves(app: TestApp) {
    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let old = app.submit_domisili(&warga, "Lama").await;
    let fresh = app.submit_domisili(&warga, "Baru").await;
    let returned = app.submit_domisili(&warga, "Dikembalikan").await;
    let late_ids = |p: &Value| -> Vec<String> {
        p["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    let p = page(&app, &clerk, json!({ "status": "semua", "lewat": true })).await;
    assert_eq!((p["count"].as_u64(), late_ids(&p).len()), (Some(0), 0), "nothing is late yet: {p}");
    // "Lama" was sent thirty days ago (Domisili's standard is one working day): the stored
    // deadline follows once the deadlines are refreshed (as at start, or after `serambi libur`).
    app.backdate(&old, 30).await;
    app.backdate(&returned, 30).await;
    let s = &app.services;
    let done = server::requests::deadlines::refresh_all(&s.db, &s.catalogue, &s.clock).await.unwrap();
    assert_eq!(done.changed, 2, "{done:?}");
    let p = page(&app, &clerk, json!({ "status": "semua", "lewat": true })).await;
    let mut late = late_ids(&p);
    late.sort();
    let mut expected = vec![old.clone(), returned.clone()];
    expected.sort();
    assert_eq!(late, expected, "{p}");
    assert_eq!(p["overdue"], 2);
    let all = page(&app, &clerk, json!({ "status": "semua" })).await;
    assert_eq!((all["count"].as_u64(), all["overdue"].as_u64()), (Some(3), Some(2)));
    // Sorted by due date, the late ones come first.
    let due = page(&app, &clerk, json!({ "status": "semua", "urut": "tenggat" })).await;
    assert_eq!(due["items"][2]["id"].as_str(), Some(fresh.as_str()), "{due}");
    // Back with the resident: the clock stops, it is no longer late…
    assert_eq!(app.act(&clerk, &returned, "return", "Lengkapi berkas").await.status, StatusCode::OK);
    let p = page(&app, &clerk, json!({ "status": "semua", "lewat": true })).await;
    assert_eq!(late_ids(&p), vec![old.clone()]);
    // …and once verified and signed, nothing is late any more.
    assert_eq!(app.act(&clerk, &old, "verify", "").await.status, StatusCode::OK);
    let p = page(&app, &clerk, json!({ "status": "semua", "lewat": true })).await;
    assert_eq!(late_ids(&p), vec![old.clone()], "still late while the lurah has it");
    let lurah = app.official("lurah.oebobo").await;
    let r = app.sign(&lurah, &[&old], server::demo::DEMO_SIGNING_PASSPHRASE).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let p = page(&app, &clerk, json!({ "status": "semua", "lewat": true })).await;
    assert!(late_ids(&p).is_empty(), "{p}");
    let stored: String = sqlx::query_scalar("SELECT late_from FROM requests WHERE id = $1")
        .bind(&old)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, "9999-12-31");
}

async fn the_queue_works_without_javascript_and_keeps_a_nik_out_of_addresses(app: TestApp) {
    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let id = app.submit_domisili(&warga, "Tanpa JavaScript").await;
    let reference: String = sqlx::query_scalar("SELECT reference FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    // The filter form is a GET of the page: its answer is an address.
    let page = app.get(Some(&clerk), &format!("/antrian?status=semua&cari={reference}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains(&format!("/permohonan/{id}")), "{html}");
    assert!(html.contains("1 permohonan"), "{html}");
    assert!(html.contains(r#"method="get""#) && html.contains(r#"name="cari""#));
    // A bad parameter: the page says so.
    let html = app.get(Some(&clerk), "/antrian?urut=acak").await.text();
    assert!(html.contains("Urutan tidak dikenal"), "{html}");
    // The NIK search is posted: the answer is the page, and the NIK is in no address.
    let body = "_form=%2Fapi%2Fantrian-nik&nik=5371045505900001";
    let r = app.post_form("/antrian", Some(&clerk), body.into()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    assert!(html.contains("Hasil pencarian NIK") && html.contains(&format!("/permohonan/{id}")), "{html}");
    assert!(!html.contains("href=\"/antrian?nik") && !html.contains("nik=5371"), "no NIK in a link");
    // Bad NIK: the message, on the page.
    let r = app.post_form("/antrian", Some(&clerk), "_form=%2Fapi%2Fantrian-nik&nik=123".into()).await;
    assert!(r.text().contains("NIK"), "{}", r.text());
}

async fn the_staff_home_shows_what_needs_me_now_and_every_staff_page_has_the_menu(app: TestApp) {
    let warga = app.warga().await;
    let clerk = app.official("petugas.oebobo").await;
    let lurah = app.official("lurah.oebobo").await;
    let waiting = app.submit_domisili(&warga, "Menunggu").await;
    let late = app.submit_domisili(&warga, "Terlambat").await;
    let returned = app.submit_domisili(&warga, "Dikembalikan").await;
    assert_eq!(app.act(&clerk, &returned, "return", "Lengkapi berkas").await.status, StatusCode::OK);
    app.backdate(&late, 30).await;
    let s = &app.services;
    server::requests::deadlines::refresh_all(&s.db, &s.catalogue, &s.clock).await.unwrap();
    let signed = app.verified_domisili("Ditandatangani").await;
    let r = app.sign(&lurah, &[&signed], server::demo::DEMO_SIGNING_PASSPHRASE).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let counts = app.call(Some(&clerk), "ringkasan-antrian", json!({})).await.json();
    assert_eq!(
        (&counts["waiting"], &counts["overdue"], &counts["returned"], &counts["signed_today"]),
        (&json!(2), &json!(1), &json!(1), &json!(1)),
        "{counts}"
    );
    // Each figure is a link to the queue filtered to it, and that view holds that many.
    let home = app.get(Some(&clerk), "/").await.text();
    for (label, query) in [
        ("Menunggu tindakan saya", json!({})),
        ("Lewat tenggat layanan", json!({ "status": "semua", "lewat": true })),
        ("Dikembalikan, menunggu pemohon", json!({ "status": "dikembalikan" })),
        ("Ditandatangani hari ini", json!({ "status": "ditandatangani", "diubah_sejak": counts["today"] })),
    ] {
        assert!(home.contains(label), "{label}: {home}");
        let n = page(&app, &clerk, query.clone()).await["count"].clone();
        let key = match label {
            "Menunggu tindakan saya" => "waiting",
            "Lewat tenggat layanan" => "overdue",
            "Dikembalikan, menunggu pemohon" => "returned",
            _ => "signed_today",
        };
        assert_eq!(n, counts[key], "{label}: {query}");
    }
    assert!(home.contains(r#"href="/antrian?status=dikembalikan""#), "{home}");
    let today = counts["today"].as_str().unwrap();
    let signed_today = app.get(Some(&clerk), &format!("/antrian?status=ditandatangani&diubah_sejak={today}")).await;
    assert!(signed_today.text().contains(&format!("/permohonan/{signed}")));
    assert!(!signed_today.text().contains(&format!("/permohonan/{waiting}")));
    // The menu: the role's places, where one is marked, the count waiting beside "Antrian".
    let queue = app.get(Some(&clerk), "/antrian").await.text();
    assert!(queue.contains(r#"class="staff-nav""#) && queue.contains(r#"href="/loket""#), "{queue}");
    assert!(queue.contains(r#"<a href="/antrian" aria-current="page">Antrian"#), "{queue}");
    assert!(queue.contains(r#"class="count""#), "the waiting count: {queue}");
    let lurahs = app.get(Some(&lurah), "/laporan-data").await.text();
    assert!(lurahs.contains(r#"<a href="/laporan-data" aria-current="page">"#), "{lurahs}");
    assert!(!lurahs.contains(r#"href="/loket""#), "a lurah has no counter");
    for place in ["/antrian", "/dasbor", "/skm"] {
        assert!(lurahs.contains(&format!(r#"<a href="{place}""#)), "a lurah's menu has {place}");
    }
    let admin = app.official("admin").await;
    let admins = app.get(Some(&admin), "/admin/akun").await.text();
    assert!(
        admins.contains(r#"<a href="/admin/akun" aria-current="page">"#) && admins.contains(r#"href="/admin/kantor""#)
    );
    // Residents get no staff menu.
    let residents = app.get(Some(&warga), "/").await.text();
    assert!(!residents.contains("staff-nav"));
}
