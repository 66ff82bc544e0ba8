//! Issue 16's open statistics: public, nothing personal, small cells withheld, JSON with its
//! metadata and CSV.

use crate::on_both_databases;
use crate::support::TestApp;
use http::StatusCode;
use serde_json::json;

on_both_databases!(open_statistics_count_letters_and_withhold_small_cells);

async fn open_statistics_count_letters_and_withhold_small_cells(app: TestApp) {
    let opts = server::demo::requests::Options { count: 2000, seed: 11 };
    server::demo::requests::generate(&app.services, &opts).await.expect("synthetic requests");
    let year = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y").to_string();
    let r = app.get(None, &format!("/api/v1/statistik?tahun={year}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let text = r.text();
    let s: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in ["judul", "deskripsi", "sumber", "periode", "lisensi", "satuan", "catatan", "dibuat"] {
        assert!(s[key].as_str().is_some_and(|v| !v.is_empty()), "{key}");
    }
    // Nothing personal: no NIK-like number, no resident's name.
    assert!(
        !text.chars().collect::<Vec<_>>().windows(16).any(|w| w.iter().all(char::is_ascii_digit)),
        "a 16-digit number"
    );
    assert!(!text.contains("MARIA") && !text.contains("Maria"), "a name");
    // Small cells withheld; the rest add up to what was signed this year.
    let cells = s["surat_terbit"].as_array().unwrap();
    assert!(!cells.is_empty());
    assert!(cells.iter().all(|c| c["jumlah"].is_null() || c["jumlah"].as_u64().unwrap() >= 5), "a cell below 5 shown");
    assert!(cells.iter().any(|c| c["jumlah"].is_null()), "some cells are small in 2,000 requests");
    let start = chrono::NaiveDate::parse_from_str(&format!("{year}-01-01"), "%Y-%m-%d").unwrap();
    let from = start.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis() - 8 * 3_600_000;
    let signed = app.count(&format!("SELECT COUNT(*) FROM letters WHERE signed_at >= {from}")).await as u64;
    let per_type: u64 = s["per_jenis"].as_array().unwrap().iter().filter_map(|t| t["jumlah"].as_u64()).sum();
    assert!(per_type <= signed && per_type * 10 >= signed * 9, "{per_type} of {signed}");
    let oebobo =
        s["layanan"].as_array().unwrap().iter().find(|r| r["kode_wilayah"] == "53.71.04.1001").unwrap().clone();
    let issued = app
        .count(&format!(
            "SELECT COUNT(*) FROM letters l JOIN requests r ON r.id = l.request_id \
             WHERE r.kelurahan_code = '53.71.04.1001' AND l.signed_at >= {from}"
        ))
        .await as u64;
    assert_eq!(oebobo["surat_terbit"].as_u64(), Some(issued).filter(|n| *n >= 5 || *n == 0), "{oebobo}");
    if issued >= 5 {
        let within = oebobo["persen_sesuai_standar"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&within) && oebobo["median_hari_kerja"].as_f64().is_some(), "{oebobo}");
    }
    // The server function and the page say the same; the CSV carries the metadata.
    let via_fn = app.call(None, "statistik", json!({ "tahun": year })).await;
    assert_eq!(via_fn.status, StatusCode::OK);
    assert_eq!(via_fn.json()["surat_terbit"], s["surat_terbit"]);
    let page = app.get(None, &format!("/statistik?tahun={year}")).await.text();
    assert!(page.contains("Statistik layanan surat") && page.contains("Kelurahan Oebobo"), "{page}");
    let csv = app.get(None, &format!("/statistik.csv?tahun={year}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    let csv = csv.text();
    assert!(
        csv.contains("# lisensi: CC BY 4.0") && csv.contains("kode_wilayah,kelurahan,jenis_surat,bulan,jumlah"),
        "{csv}"
    );
    assert_eq!(app.get(None, "/api/v1/statistik?tahun=1999").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get(None, "/api/v1/statistik?tahun=abc").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}
