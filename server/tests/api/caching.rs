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

on_both_databases!(hashed_bundle_files_are_immutable_and_light_pages_load_no_wasm);

async fn hashed_bundle_files_are_immutable_and_light_pages_load_no_wasm(mut app: TestApp) {
    // A bundle as scripts/lib.sh's build_site leaves it; the router reads its names at start.
    let pkg = app.services.config.site_root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("serambi.0123456789abcdef.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("serambi.0123456789abcdef.js"), b"export default function(){}").unwrap();
    std::fs::write(pkg.join("serambi.fedcba9876543210.css"), b"body{}").unwrap();
    std::fs::write(pkg.join("serambi.css"), b"body{}").unwrap();
    std::fs::write(pkg.join("warga.00112233445566ff.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(
        pkg.join("assets.txt"),
        "bundle: serambi.0123456789abcdef\nresident: warga.00112233445566ff\ncss: serambi.fedcba9876543210.css\n",
    )
    .unwrap();
    app.router = server::router(app.services.clone());
    let policy = |r: &crate::support::Reply| {
        r.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    };
    let immutable = "public, max-age=31536000, immutable";
    assert_eq!(policy(&app.get(None, "/pkg/serambi.0123456789abcdef.wasm").await), immutable);
    assert_eq!(policy(&app.get(None, "/pkg/serambi.fedcba9876543210.css").await), immutable);
    assert_eq!(policy(&app.get(None, "/pkg/serambi.css").await), "no-cache", "an unhashed name is checked");
    let missing = app.get(None, "/pkg/serambi.1111111111111111.wasm").await;
    assert_eq!(missing.status, http::StatusCode::NOT_FOUND);
    assert_ne!(policy(&missing), immutable, "a miss is not kept");

    // Pages link the hashed names; the light ones (plain-post forms) load no wasm at all.
    let home = app.get(None, "/antrian").await.text();
    assert!(home.contains("/pkg/serambi.fedcba9876543210.css"), "{home}");
    assert!(home.contains("/pkg/serambi.0123456789abcdef.wasm"), "{home}");
    for light in ["/", "/masuk", "/daftar", "/pulihkan", "/lacak", "/layanan"] {
        let page = app.get(None, light).await.text();
        assert!(page.contains("/pkg/serambi.fedcba9876543210.css"), "{light}");
        assert!(!page.contains(".wasm") && !page.contains("serambi.0123456789abcdef.js"), "{light}: {page}");
    }
    // Every page the app marks `light!` (neither bundle carries it) is served without one: a
    // bundle loaded there would hydrate a page it does not have.
    let routes = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/lib.rs")).unwrap();
    let light: Vec<String> = routes
        .lines()
        .filter(|l| l.contains("view=light!("))
        .filter_map(|l| l.split("path!(\"").nth(1)?.split('"').next().map(String::from))
        .collect();
    assert!(light.len() >= 15, "{light:?}");
    let warga = app.warga().await;
    for path in &light {
        let path = path.replace(":id", "00000000-0000-0000-0000-000000000000").replace(":code", "domisili");
        for cookie in [None, Some(warga.as_str())] {
            let page = app.get(cookie, &path).await.text();
            assert!(!page.contains(".wasm"), "{path} is light! in the app but loads a bundle");
        }
    }
    assert_eq!(policy(&app.get(None, "/pkg/warga.00112233445566ff.wasm").await), immutable);

    // Residents' pages load the residents' bundle for a resident or someone not signed in, the
    // whole app for an official; officials' pages always the whole app.
    let clerk = app.official("petugas.oebobo").await;
    let bundle = |page: &str| {
        if page.contains("/pkg/warga.00112233445566ff.wasm") {
            "warga"
        } else if page.contains("/pkg/serambi.0123456789abcdef.wasm") {
            "serambi"
        } else {
            "none"
        }
    };
    for (cookie, path, expected) in [
        (Some(warga.as_str()), "/permohonan/baru", "warga"),
        (Some(warga.as_str()), "/akun", "warga"),
        (Some(warga.as_str()), "/data-saya/laporan", "warga"),
        (None, "/permohonan/baru", "warga"),
        (Some(clerk.as_str()), "/permohonan/baru", "serambi"),
        (Some(clerk.as_str()), "/akun", "serambi"),
        (Some(warga.as_str()), "/antrian", "serambi"),
        (None, "/admin/penduduk", "serambi"),
        (Some(clerk.as_str()), "/loket", "serambi"),
        (Some(warga.as_str()), "/v/00000000-0000-0000-0000-000000000000", "none"),
        (Some(warga.as_str()), "/permohonan/00000000-0000-0000-0000-000000000000/terkirim", "none"),
    ] {
        let page = app.get(cookie, path).await.text();
        assert_eq!(bundle(&page), expected, "{path} for {}", if cookie.is_some() { "someone" } else { "nobody" });
    }
}
