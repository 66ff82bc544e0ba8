//! Who may keep a copy of an answer. Personal pages (anything answered to a signed-in person)
//! are `private, no-store`; other pages and data `no-cache` (kept, but checked every time); the
//! browser bundle's hashed files are `immutable` for a year (a new version has a new name), so a
//! repeat visit costs only the page; anything else under `/pkg` is revalidated. Answers that set their own policy
//! (letter downloads, attachments) keep it.

use crate::accounts::CurrentUser;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};

pub async fn policy(req: Request, next: Next) -> Response {
    let signed_in = req.extensions().get::<CurrentUser>().is_some_and(|u| u.0.is_some());
    let bundle = req.uri().path().starts_with("/pkg/");
    let hashed = super::assets::is_hashed(req.uri().path());
    let mut response = next.run(req).await;
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = match (bundle, signed_in) {
            // A new version is a new name: keep it for a year, never ask again.
            (true, _) if hashed && response.status().is_success() => "public, max-age=31536000, immutable",
            (true, _) => "no-cache",
            (false, true) => "private, no-store",
            (false, false) => "no-cache",
        };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}
