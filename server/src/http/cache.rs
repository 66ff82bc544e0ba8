//! Who may keep a copy of an answer. Personal pages (anything answered to a signed-in person)
//! are `private, no-store`; other pages and data `no-cache` (kept, but checked every time); the
//! browser bundle under `/pkg` is revalidated by its modification time, so a repeat visit costs
//! a few `304 Not Modified` answers instead of the bundle. Answers that set their own policy
//! (letter downloads, attachments) keep it.

use crate::accounts::CurrentUser;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};

pub async fn policy(req: Request, next: Next) -> Response {
    let signed_in = req.extensions().get::<CurrentUser>().is_some_and(|u| u.0.is_some());
    let bundle = req.uri().path().starts_with("/pkg/");
    let mut response = next.run(req).await;
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = match (bundle, signed_in) {
            (true, _) => "no-cache",
            (false, true) => "private, no-store",
            (false, false) => "no-cache",
        };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}
