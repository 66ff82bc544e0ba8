//! What anyone sees of a signed letter changes only when it is revoked, so this node keeps the
//! public facts of recently checked letters, and the whole page for visitors who are not signed
//! in (most checks are a QR code scanned by a stranger). A QR code scanned a thousand times costs
//! one database read and one render.
//!
//! Kept fresh three ways:
//! - a revocation on this node drops the letter at once ([`Cache::forget`]);
//! - a revocation on another node: at most once a second, a check asks the database for the
//!   count and newest time of revocations (an index look-up); when they moved, everything is
//!   dropped;
//! - anything else that shows on the page (an office renamed): an entry lives at most a minute.
//!
//! Letters that do not exist are never kept, so random ids fill nothing. At most
//! [`MAX_ENTRIES`] letters are kept; past that the oldest half goes.

use crate::db;
use app::verification::PublicLetter;
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

pub const MAX_ENTRIES: usize = 20_000;
/// The longest an entry is used.
pub const LIFETIME: Duration = Duration::from_secs(60);
/// How often the newest revocation is asked for.
pub const WATCH_EVERY: Duration = Duration::from_secs(1);

/// A letter's public facts as anyone sees them, and the signing office (who may revoke).
#[derive(Clone)]
pub struct Known {
    pub letter: PublicLetter,
    pub office_code: String,
}

struct Entry {
    at: Instant,
    known: Option<Known>,
    /// The verification page as a visitor who is not signed in gets it.
    page: Option<Page>,
}

/// How many letters are revoked, and the newest revocation's time: any revocation changes it.
type Revocations = (i64, Option<i64>);

/// A rendered page: its headers (the Content-Security-Policy without the nonce, which the page
/// does not use) and body.
#[derive(Clone)]
pub struct Page {
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

#[derive(Default)]
pub struct Cache {
    entries: Mutex<HashMap<Uuid, Entry>>,
    /// (when last asked, the revocations then).
    watermark: Mutex<Option<(Instant, Revocations)>>,
}

impl Cache {
    pub fn letter(&self, id: Uuid) -> Option<Known> {
        self.get(id, |e| e.known.clone())
    }

    pub fn page(&self, id: Uuid) -> Option<Page> {
        self.get(id, |e| e.page.clone())
    }

    fn get<T>(&self, id: Uuid, read: impl Fn(&Entry) -> Option<T>) -> Option<T> {
        let entries = self.entries.lock().expect("letter cache");
        entries.get(&id).filter(|e| e.at.elapsed() < LIFETIME).and_then(read)
    }

    pub fn keep_letter(&self, id: Uuid, known: Known) {
        self.keep(id, |e| e.known = Some(known));
    }

    pub fn keep_page(&self, id: Uuid, page: Page) {
        self.keep(id, |e| e.page = Some(page));
    }

    fn keep(&self, id: Uuid, write: impl FnOnce(&mut Entry)) {
        let mut entries = self.entries.lock().expect("letter cache");
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&id) {
            let mut ages: Vec<Instant> = entries.values().map(|e| e.at).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() / 2];
            entries.retain(|_, e| e.at > cut);
        }
        let entry = entries.entry(id).or_insert_with(|| Entry { at: Instant::now(), known: None, page: None });
        if entry.at.elapsed() >= LIFETIME {
            *entry = Entry { at: Instant::now(), known: None, page: None };
        }
        write(entry);
    }

    /// Drops letter `id` (it was just revoked here).
    pub fn forget(&self, id: Uuid) {
        self.entries.lock().expect("letter cache").remove(&id);
    }

    pub fn clear(&self) {
        self.entries.lock().expect("letter cache").clear();
    }

    /// Drops everything when a letter was revoked elsewhere since the last look; asks the
    /// database at most once per [`WATCH_EVERY`]. Call before answering from the cache.
    pub async fn watch(&self, pool: &sqlx::AnyPool) {
        let last = {
            let mut w = self.watermark.lock().expect("letter cache watermark");
            match *w {
                Some((at, _)) if at.elapsed() < WATCH_EVERY => return,
                Some((_, newest)) => {
                    // Others answer from the cache while this one asks.
                    *w = Some((Instant::now(), newest));
                    Some(newest)
                }
                None => None,
            }
        };
        let newest = match db::letters::revocations(pool).await {
            Ok(n) => n,
            Err(e) => {
                // Unsure: trust nothing kept.
                tracing::warn!(error = %e, "newest revocation unknown; letter cache dropped");
                self.clear();
                *self.watermark.lock().expect("letter cache watermark") = None;
                return;
            }
        };
        if last != Some(newest) {
            self.clear();
        }
        *self.watermark.lock().expect("letter cache watermark") = Some((Instant::now(), newest));
    }
}

/// In front of the verification page: a visitor who is not signed in gets the page kept from
/// an earlier visit; otherwise the page is rendered, and kept when it can be (the visitor is
/// not signed in, it was found, and it holds nothing of this answer alone, such as the nonce).
pub async fn page_middleware(
    axum::extract::State(s): axum::extract::State<std::sync::Arc<crate::Services>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use http::header::CONTENT_SECURITY_POLICY;
    let anonymous = req.extensions().get::<crate::accounts::CurrentUser>().is_some_and(|u| u.0.is_none());
    let id = (req.method() == http::Method::GET && req.uri().query().is_none() && anonymous)
        .then(|| req.uri().path().strip_prefix("/v/").and_then(|id| Uuid::parse_str(id).ok()))
        .flatten();
    let Some(id) = id else { return next.run(req).await };
    s.verified.watch(&s.db.pool).await;
    if let Some(page) = s.verified.page(id) {
        let mut response = axum::response::Response::new(axum::body::Body::from(page.body));
        *response.headers_mut() = page.headers;
        return response;
    }
    let response = next.run(req).await;
    let csp = response.headers().get(CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).map(String::from);
    let Some((csp, nonce)) = csp.as_deref().and_then(|c| without_nonce(c).map(|(p, n)| (p, n.to_string()))) else {
        return response;
    };
    // Only a found letter's page, and never one that sets a cookie for this visitor.
    if response.status() != http::StatusCode::OK || response.headers().contains_key(http::header::SET_COOKIE) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // The page is already rendered in memory: no limit that could cut it short.
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "verification page unreadable");
            return axum::response::IntoResponse::into_response(http::StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    let stripped = without_scripts(&bytes, &nonce);
    if let (Some(body), Ok(value)) = (stripped, http::HeaderValue::from_str(&csp)) {
        let body = Bytes::from(body);
        parts.headers.insert(CONTENT_SECURITY_POLICY, value);
        parts.headers.remove(http::header::CONTENT_LENGTH);
        s.verified.keep_page(id, Page { headers: parts.headers.clone(), body: body.clone() });
        return axum::response::Response::from_parts(parts, axum::body::Body::from(body));
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The page without the inline scripts carrying `nonce`: on a page that loads no wasm (as this
/// one) they only hand the rendered data to a hydration that never comes. None when the nonce
/// appears anywhere else (then the page is not kept).
fn without_scripts(page: &[u8], nonce: &str) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(page).ok()?;
    let open = format!("<script nonce=\"{nonce}\">");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("</script>")? + start + "</script>".len();
        rest = &rest[end..];
    }
    out.push_str(rest);
    (!out.contains(nonce)).then(|| out.into_bytes())
}

/// The policy without its `'nonce-…'` source, and the nonce.
fn without_nonce(csp: &str) -> Option<(String, &str)> {
    let start = csp.find("'nonce-")?;
    let end = start + 1 + csp[start + 1..].find('\'')?;
    let nonce = &csp[start + "'nonce-".len()..end];
    let rest = format!("{}{}", &csp[..start], csp[end + 1..].trim_start());
    Some((rest, nonce))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        Known {
            letter: PublicLetter {
                id: Uuid::nil(),
                office_name: "Kelurahan Oebobo".into(),
                number: "1".into(),
                date_label: String::new(),
                letter_title: String::new(),
                resident_name: String::new(),
                nik_masked: String::new(),
                signer_name: String::new(),
                signer_position: String::new(),
                signed_at_label: String::new(),
                signed_at: String::new(),
                signature_kind: String::new(),
                certificate_subject: String::new(),
                certificate_serial: String::new(),
                certificate_issuer: String::new(),
                sha256: String::new(),
                revoked: None,
                can_revoke: false,
            },
            office_code: "53.71.04.1001".into(),
        }
    }

    #[test]
    fn kept_letters_and_pages_come_back_until_forgotten() {
        let cache = Cache::default();
        let id = Uuid::new_v4();
        assert!(cache.letter(id).is_none());
        cache.keep_letter(id, known());
        cache.keep_page(id, Page { headers: http::HeaderMap::new(), body: Bytes::from_static(b"<html>") });
        assert_eq!(cache.letter(id).unwrap().letter.number, "1");
        assert_eq!(cache.page(id).unwrap().body, Bytes::from_static(b"<html>"));
        cache.forget(id);
        assert!(cache.letter(id).is_none() && cache.page(id).is_none());
    }

    #[test]
    fn the_scripts_with_the_nonce_go_and_nothing_else() {
        let page = r#"<p>a</p><script nonce="n1">x=1;</script><p>b</p><script nonce="n1">y</script>"#;
        assert_eq!(without_scripts(page.as_bytes(), "n1").unwrap(), b"<p>a</p><p>b</p>");
        assert!(without_scripts(br#"<p data-x="n1">a</p>"#, "n1").is_none(), "the nonce elsewhere");
        assert!(without_scripts(br#"<script nonce="n1">unclosed"#, "n1").is_none());
    }

    #[test]
    fn the_policy_loses_only_its_nonce() {
        let (policy, nonce) =
            without_nonce("default-src 'self'; script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'; x").unwrap();
        assert_eq!(nonce, "abc123");
        assert_eq!(policy, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; x");
        assert!(without_nonce("default-src 'self'").is_none());
    }

    #[test]
    fn a_full_cache_lets_its_older_half_go() {
        let cache = Cache::default();
        let first = Uuid::new_v4();
        cache.keep_letter(first, known());
        std::thread::sleep(Duration::from_millis(2));
        for _ in 1..MAX_ENTRIES {
            cache.keep_letter(Uuid::new_v4(), known());
        }
        assert_eq!(cache.entries.lock().unwrap().len(), MAX_ENTRIES);
        let newest = Uuid::new_v4();
        cache.keep_letter(newest, known());
        let len = cache.entries.lock().unwrap().len();
        assert!(len <= MAX_ENTRIES / 2 + 1, "{len}");
        assert!(cache.letter(first).is_none() && cache.letter(newest).is_some());
    }
}
