//! Who may keep a copy: personal pages never, public pages only after checking again.

use crate::on_both_databases;
use crate::support::TestApp;
use http::header;

on_both_databases!(personal_pages_are_never_stored_and_public_ones_are_revalidated);

async fn personal_pages_are_never_stored_and_public_ones_are_revalidated(app: TestApp) {
    let policy = |r: &crate::support::Reply| {
        r.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    };
    assert_eq!(policy(&app.get(None, "/masuk").await), "no-cache");
    assert_eq!(policy(&app.get(None, "/layanan").await), "no-cache");
    let warga = app.warga().await;
    assert_eq!(policy(&app.get(Some(&warga), "/").await), "private, no-store");
    assert_eq!(policy(&app.get(Some(&warga), "/layanan").await), "private, no-store");
    let data = app.call(Some(&warga), "permohonan-saya", serde_json::json!({})).await;
    assert_eq!(policy(&data), "private, no-store");
}
