//! Issue 16's dashboards: the figures agree with the requests' own histories, by reach; charts
//! as SVG with their tables; the CSV.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::{Value, json};

on_both_databases!(the_dashboard_counts_what_the_histories_hold_for_each_reach);

fn sum(rows: &Value, key: &str) -> u64 {
    rows.as_array().unwrap().iter().map(|r| r[key].as_u64().unwrap()).sum()
}

async fn the_dashboard_counts_what_the_histories_hold_for_each_reach(app: TestApp) {
    let opts = server::demo::requests::Options { count: 2500, seed: 7 };
    server::demo::requests::generate(&app.services, &opts).await.expect("synthetic requests");
    // The dashboards read only requests changed in the window (`db::dashboard::steps`).
    app.assert_no_event_after_its_request().await;
    let lurah = app.official("lurah.oebobo").await;
    let r = app.call(Some(&lurah), "dasbor", json!({ "query": { "minggu": "26" } })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let d = r.json();
    assert_eq!(d["weeks"].as_array().unwrap().len(), 26);
    assert_eq!(d["scope_label"], "Kelurahan Oebobo");
    // The window starts on a Monday 25 weeks before this week's, at local midnight.
    let first: i64 = {
        use chrono::Datelike;
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        let monday =
            today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday())) - chrono::Days::new(7 * 25);
        monday.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis() - 8 * 3_600_000
    };
    let oebobo = "r.kelurahan_code = '53.71.04.1001'";
    let count = |cond: String| {
        let app = &app;
        async move {
            app.count(&format!(
                "SELECT COUNT(*) FROM request_events e JOIN requests r ON r.id = e.request_id WHERE {oebobo} AND e.at >= {first} AND {cond}"
            ))
            .await as u64
        }
    };
    let received = count("e.seq = 1".into()).await;
    let finished = count("e.to_status = 'ditandatangani'".into()).await;
    let returned = count("e.to_status = 'dikembalikan'".into()).await;
    let rejected = count("e.to_status = 'ditolak'".into()).await;
    assert!(received > 20 && finished > 10, "enough to count: {received} {finished}");
    for (key, want) in [("received", received), ("finished", finished), ("returned", returned), ("rejected", rejected)]
    {
        assert_eq!(sum(&d["weeks"], key), want, "{key} per week");
        assert_eq!(sum(&d["by_type"], key), want, "{key} per letter type");
    }
    let signed = app
        .count(&format!(
            "SELECT COUNT(*) FROM letters l JOIN requests r ON r.id = l.request_id WHERE {oebobo} AND l.signed_at >= {first}"
        ))
        .await as u64;
    assert_eq!(d["signed"].as_u64(), Some(signed));
    let (median, p90) = (d["median_days"].as_f64().unwrap(), d["p90_days"].as_f64().unwrap());
    assert!(median <= p90, "{median} {p90}");
    let within = d["within_standard"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&within), "{within}");
    let open = app
        .count(&format!(
            "SELECT COUNT(*) FROM requests r WHERE {oebobo} AND r.status IN ('diajukan', 'dikembalikan', 'diverifikasi', 'diteruskan', 'diverifikasi_kecamatan')"
        ))
        .await as u64;
    let backlog: u64 = d["backlog"].as_array().unwrap().iter().map(|b| b[1].as_u64().unwrap()).sum();
    assert_eq!(backlog, open);
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive().to_string();
    let late = app.count(&format!("SELECT COUNT(*) FROM requests r WHERE {oebobo} AND r.late_from <= '{today}'")).await;
    assert_eq!(d["overdue"].as_i64(), Some(late));
    for svg in ["weeks_svg", "backlog_svg"] {
        let s = d[svg].as_str().unwrap();
        assert!(s.starts_with("<svg") && s.contains("</svg>"), "{svg}: {s}");
    }
    assert!(d["weeks_svg"].as_str().unwrap().contains("Diterima"), "the legend");
    // The camat: the kecamatan and its kelurahan; the city admin: everything; a clerk: no.
    let camat = app.official("camat.oebobo").await;
    let k = app.call(Some(&camat), "dasbor", json!({ "query": { "minggu": "26" } })).await.json();
    assert!(sum(&k["weeks"], "received") >= received && !k["offices"].as_array().unwrap().is_empty());
    let narrowed = app
        .call(Some(&camat), "dasbor", json!({ "query": { "minggu": "26", "kantor": "53.71.04.1001" } }))
        .await
        .json();
    assert_eq!(sum(&narrowed["weeks"], "received"), received);
    let admin = app.official("admin").await;
    let all = app.call(Some(&admin), "dasbor", json!({ "query": { "minggu": "26" } })).await.json();
    let everywhere =
        app.count(&format!("SELECT COUNT(*) FROM request_events e WHERE e.seq = 1 AND e.at >= {first}")).await;
    assert_eq!(sum(&all["weeks"], "received") as i64, everywhere);
    let clerk = app.official("petugas.oebobo").await;
    assert_eq!(app.call(Some(&clerk), "dasbor", json!({ "query": {} })).await.status, StatusCode::FORBIDDEN);
    let bad = app.call(Some(&lurah), "dasbor", json!({ "query": { "minggu": "500" } })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The page without JavaScript: the charts and their tables; the CSV.
    let page = app.get(Some(&lurah), "/dasbor?minggu=26").await.text();
    assert!(page.contains("<svg") && page.contains("<caption>Permohonan per minggu"), "{page}");
    let csv = app.get(Some(&lurah), "/dasbor/unduh.csv?minggu=26").await;
    assert_eq!(csv.status, StatusCode::OK);
    let csv = csv.text();
    assert!(csv.contains("Minggu (Senin),Diterima,Selesai,Dikembalikan,Ditolak"), "{csv}");
    assert!(csv.contains(&format!("Surat ditandatangani,{signed}")), "{csv}");
    assert_eq!(app.get(Some(&clerk), "/dasbor/unduh.csv").await.status, StatusCode::FORBIDDEN);
}
