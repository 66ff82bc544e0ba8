//! The axum router: Leptos pages and server functions, plus the non-Leptos routes (letter
//! download, verification API, health and readiness) and the cross-cutting layers (session, origin check,
//! security headers).

mod assets;
mod bodies;
mod cache;
pub mod csv;
mod download;
pub mod forms;
pub mod proxy;
mod ready;

use crate::verification::api as verify;
use crate::{Services, accounts};
use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderName, HeaderValue, Method, StatusCode, header};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn router(services: Arc<Services>) -> Router {
    let assets = assets::Assets::read(&services.config.site_root);
    let options = LeptosOptions::builder()
        .output_name(assets.bundle.clone())
        .site_root(services.config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .build();
    crate::metrics::handle(); // the recorder, before the first request is counted
    let ports = crate::web::Ports::new(&services);
    let context = {
        let ports = ports.clone();
        move || ports.provide()
    };
    let routes = route_list();
    // Every page also takes its forms posted without JavaScript.
    let form_state = Arc::new(forms::FormState {
        forms: [
            accounts::forms::forms,
            crate::requests::forms::forms,
            crate::signing::forms::forms,
            crate::notifications::forms::forms,
            crate::population::forms::forms,
            crate::verification::forms::forms,
            crate::offices::forms::forms,
            crate::survey::forms::forms,
        ]
        .into_iter()
        .fold(forms::Forms::default(), |all, area| area(all)),
        ports,
        options: options.clone(),
        assets: assets.clone(),
        max_file_bytes: services.config.max_upload_bytes(),
        // A population export at its largest, and the form around it.
        max_stream_bytes: (services.config.max_import_mb + 1) * 1024 * 1024,
    });
    let mut form_posts = Router::new();
    for listing in &routes {
        form_posts = form_posts.route(listing.path(), axum::routing::post(forms::post));
    }
    let form_posts = form_posts.with_state(form_state);
    let pages = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let (options, assets) = (options.clone(), assets.clone());
            move || shell(options.clone(), &assets)
        })
        .fallback(file_and_error_handler_with_context(context, {
            let assets = assets.clone();
            move |options| shell(options, &assets)
        }))
        .with_state(options);
    let mut plain = Router::new();
    for (path, route) in plain_routes() {
        plain = plain.route(path, route);
    }
    let plain = plain.with_state(services.clone());
    let pkg = ServeDir::new(services.config.site_root.join("pkg"));
    let proxy_guard = Arc::new(proxy::Guard::new(services.config.trust_proxy));
    let file_checks = services.file_checks.clone();
    // Nothing is added over plain http.
    let hsts = services.config.secure_cookies().then(|| HeaderValue::from_static("max-age=31536000"));
    let body_limits = bodies::Limits {
        upload: services.config.max_upload_bytes(),
        import: services.config.max_import_mb * 1024 * 1024,
    };
    Router::new()
        .nest_service("/pkg", pkg)
        .merge(plain)
        .merge(pages)
        .merge(form_posts)
        .route_layer(middleware::from_fn(crate::metrics::track))
        .layer(middleware::from_fn(cache::policy))
        .layer(middleware::from_fn_with_state(services.clone(), crate::verification::cache::page_middleware))
        .layer(middleware::from_fn_with_state(services, accounts::resolve_user))
        .layer(middleware::from_fn(same_origin_writes))
        .layer(middleware::from_fn(bodies::server_function_shape))
        .layer(middleware::from_fn(no_secrets_in_addresses))
        .layer(middleware::from_fn_with_state(file_checks, bodies::limit_file_checks))
        .layer(middleware::from_fn_with_state(body_limits, bodies::limit))
        .layer(middleware::from_fn_with_state(proxy_guard, proxy::check))
        // Residents on weak connections: the wasm bundle shrinks to about a third.
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ))
        // Over https, browsers are told to come back only over https for a year.
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts))
}

/// The routes outside Leptos: downloads, the public JSON API, health and metrics.
fn plain_routes() -> Vec<(&'static str, axum::routing::MethodRouter<Arc<Services>>)> {
    vec![
        ("/surat/{id}/unduh", get(download::download)),
        ("/lampiran/{id}", get(crate::requests::uploads::serve)),
        ("/admin/impor/{id}/laporan.csv", get(download::import_report)),
        ("/skm/unduh.csv", get(crate::survey::export::csv)),
        ("/dasbor/unduh.csv", get(crate::dashboard::export::csv)),
        ("/statistik.csv", get(crate::statistics::csv)),
        ("/api/v1/statistik", get(crate::statistics::json)),
        ("/data-saya/unduh.json", get(crate::population::rights::download_json)),
        ("/data-saya/unduh.pdf", get(crate::population::rights::download_pdf)),
        ("/api/v1/surat/{id}", get(verify::letter)),
        ("/api/v1/verifikasi/{id}", get(verify::letter_old_address)),
        ("/api/v1/lacak", axum::routing::post(crate::requests::track::api)),
        ("/api/v1/openapi.json", get(crate::api_docs::openapi_json)),
        (
            "/api/v1/surat/{id}/cocokkan",
            get(verify::match_hash)
                .post(verify::match_file)
                .layer(axum::extract::DefaultBodyLimit::max(verify::MAX_FILE_BYTES)),
        ),
        ("/kesehatan", get(health)),
        ("/metrics", get(crate::metrics::scrape)),
        ("/siap", get(ready::ready)),
    ]
}

/// The paths of the routes outside Leptos (the authorization matrix lists each).
pub fn plain_paths() -> Vec<&'static str> {
    plain_routes().into_iter().map(|(path, _)| path).collect()
}

/// The paths of every page, as Leptos routes them.
pub fn page_paths() -> Vec<String> {
    route_list().iter().map(|l| l.path().to_string()).collect()
}

/// Leptos' route list, generated once per process. Generating it switches resource loading off
/// process-wide for a moment, and a page whose resource first polls in that moment never
/// finishes (leptos-rs/leptos#4773): with several routers in one process (the tests) that
/// happened now and then.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// The page around the app for this request: light pages get no hydration scripts; a
/// resident's page shown to a resident (or to someone not signed in) the residents' bundle.
fn shell(mut options: LeptosOptions, assets: &assets::Assets) -> impl IntoView + use<> {
    let parts = use_context::<http::request::Parts>();
    let path = parts.as_ref().map(|p| p.uri.path()).unwrap_or("/");
    let light = assets::is_light(path);
    let official = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<accounts::CurrentUser>())
        .and_then(|u| u.0.as_ref())
        .is_some_and(|actor| actor.role != domain::Role::Warga);
    if let Some(resident) = assets.resident.as_deref().filter(|_| assets::is_resident_page(path) && !official) {
        options.output_name = resident.into();
    }
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
        && let Ok(value) = HeaderValue::from_str(&content_security_policy(&nonce))
    {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
    app::shell(options, app::ShellParts { stylesheet: assets.stylesheet.clone(), hydrate: !light })
}

/// A page's Content-Security-Policy: scripts only from this site and the inline ones Leptos
/// writes for this answer (each carries the answer's fresh `nonce`), the wasm bundle, no
/// plugins, no framing, forms only to this site. An injected `<script>` or `onclick` runs nowhere.
fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Browser features no page of Serambi uses, switched off for every page (and anything a page
/// could embed). The camera stays for this site: clerks photograph documents at the counter.
const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(self), display-capture=(), \
     geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()";

async fn health(axum::extract::State(s): axum::extract::State<Arc<Services>>) -> Response {
    match crate::db::ping(&s.db.pool).await {
        Ok(_) => "ok".into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database tidak dapat dihubungi").into_response()
        }
    }
}

/// Query parameters that carry a secret or an identity number: never in an address.
const SECRET_PARAMETERS: [&str; 5] = ["password", "passphrase", "nik", "no_kk", "nama_ibu"];

/// Whether a query names one of [`SECRET_PARAMETERS`], alone or as a part of a form's nested
/// name (`input[password]`).
fn carries_secret(query: &str) -> bool {
    form_urlencoded::parse(query.as_bytes()).any(|(name, _)| {
        name.split(['[', ']', '.']).any(|part| SECRET_PARAMETERS.iter().any(|s| part.eq_ignore_ascii_case(s)))
    })
}

/// A `GET` whose address carries a password, a passphrase or an identity number (a form sent
/// before the page's script had loaded, in an old browser) is answered 400 and goes no further:
/// nothing behind this layer sees or records the address.
async fn no_secrets_in_addresses(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) && req.uri().query().is_some_and(carries_secret) {
        let page = "Alamat ini memuat kata sandi atau nomor identitas, jadi tidak dibuka. Kembali, lalu kirim \
                    formulirnya dengan tombolnya. Ganti kata sandi Anda bila alamat itu sempat dibagikan.";
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
            page,
        )
            .into_response();
    }
    next.run(req).await
}

/// Refuses state-changing requests that a browser sends from another site.
async fn same_origin_writes(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let cross_site = headers.get("sec-fetch-site").is_some_and(|v| v == "cross-site");
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(|o| o.split_once("://").map(|(_, rest)| rest).unwrap_or(o));
    let mismatch = matches!((origin_host, host), (Some(o), Some(h)) if o != h) || origin_host == Some("null");
    if cross_site || mismatch {
        return (StatusCode::FORBIDDEN, "Permintaan dari situs lain ditolak.").into_response();
    }
    next.run(req).await
}
