//! How big a post may be, by address, and the answer when it is bigger: 413 with a message in
//! Indonesian, in the form the caller reads (a server function's error for its client, the
//! verification API's JSON, plain text for a page), never a 500. A declared length over the
//! limit is refused before anything is read; a body sent in chunks is counted as it arrives
//! and whatever read it gets an error, and its answer is replaced by the 413.

use app::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use http::{Method, StatusCode, header};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * 1024;
/// Room for the multipart framing and the small fields around a file.
const FORM_ROOM: u64 = 64 * KIB;

/// The limits that depend on the configuration.
#[derive(Clone, Copy)]
pub struct Limits {
    /// An attachment (`SERAMBI_MAX_UPLOAD_KB`).
    pub upload: u64,
    /// A population export (`SERAMBI_MAX_IMPORT_MB`).
    pub import: u64,
}

/// What a post to `path` may carry, and what to say (at which field) when it carries more.
struct Limit {
    bytes: u64,
    field: &'static str,
    message: String,
}

impl Limits {
    fn of(&self, path: &str) -> Limit {
        let limit = |bytes, field, message: String| Limit { bytes, field, message };
        match path {
            "/api/impor-unggah" | "/admin/penduduk" => limit(
                self.import + MIB,
                "file",
                format!("Berkas terlalu besar: paling besar {} MB.", self.import / MIB),
            ),
            "/api/lampiran" => limit(
                self.upload + FORM_ROOM,
                "file",
                format!("Berkas terlalu besar: paling besar {}.", domain::attachment::size_label(self.upload)),
            ),
            "/api/kantor-lambang" => limit(MIB + FORM_ROOM, "emblem", "Gambar lambang paling besar 1 MB.".into()),
            "/api/cocokkan-berkas" => limit(20 * MIB + FORM_ROOM, "file", LETTER_TOO_BIG.into()),
            p if p.starts_with("/api/v1/") => limit(20 * MIB, "", LETTER_TOO_BIG.into()),
            // Server functions take JSON or a URL-encoded form: small.
            p if p.starts_with("/api/") => limit(MIB, "", "Isian terlalu besar untuk dikirim.".into()),
            // A page's form without JavaScript (`http::forms` checks each part again).
            _ => limit(64 * MIB + FORM_ROOM, "", "Formulir beserta berkasnya terlalu besar.".into()),
        }
    }
}

const LETTER_TOO_BIG: &str = "Berkas terlalu besar untuk sebuah surat (paling besar 20 MB).";

pub async fn limit(State(limits): State<Limits>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let limit = limits.of(&path);
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit.bytes) {
        return too_large(&path, &limit);
    }
    let over = Arc::new(AtomicBool::new(false));
    let (parts, body) = req.into_parts();
    let counted = {
        let (over, max) = (over.clone(), limit.bytes);
        let mut seen = 0u64;
        body.into_data_stream().map(move |chunk| {
            let chunk = chunk?;
            seen += chunk.len() as u64;
            if seen > max {
                over.store(true, Ordering::SeqCst);
                return Err(axum::Error::new("the body is over its limit"));
            }
            Ok(chunk)
        })
    };
    let response = next.run(Request::from_parts(parts, Body::from_stream(counted))).await;
    if over.load(Ordering::SeqCst) { too_large(&path, &limit) } else { response }
}

fn too_large(path: &str, limit: &Limit) -> Response {
    refuse(path, StatusCode::PAYLOAD_TOO_LARGE, limit.field, &limit.message)
}

/// A refusal in the form the caller of `path` reads.
fn refuse(path: &str, status: StatusCode, field: &str, message: &str) -> Response {
    if path.starts_with("/api/v1/") {
        let body = serde_json::json!({ "status": "ditolak", "pesan": message });
        (status, axum::Json(body)).into_response()
    } else if path.starts_with("/api/") {
        // The server function's own error, so its client shows the message at the field.
        let body = serde_json::to_string(&AppError::field(field, message)).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    } else {
        (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message.to_string()).into_response()
    }
}

/// Server functions that take a multipart form (a file and its fields).
const MULTIPART: [&str; 4] = ["/api/lampiran", "/api/impor-unggah", "/api/kantor-lambang", "/api/cocokkan-berkas"];

/// A server function's body must be in the shape its codec reads. A multipart endpoint posted
/// anything else would stop at the codec's `expect` (the connection dropped, no answer): 415
/// with a message instead. A body the codec cannot read (bad JSON, a missing field) comes back
/// as the function's "cannot be read" error but with status 500: it is the caller's mistake,
/// so 400 (and no alarm in the server's error counts).
pub async fn server_function_shape(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if req.method() != Method::POST || !path.starts_with("/api/") || path.starts_with("/api/v1/") {
        return next.run(req).await;
    }
    if MULTIPART.contains(&path.as_str()) {
        let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let multipart =
            content_type.to_ascii_lowercase().starts_with("multipart/form-data") && content_type.contains("boundary=");
        if !multipart {
            let message = "Berkas harus dikirim sebagai formulir berkas (multipart/form-data).";
            return refuse(&path, StatusCode::UNSUPPORTED_MEDIA_TYPE, "file", message);
        }
    }
    let response = next.run(req).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    if matches!(serde_json::from_slice::<AppError>(&bytes), Ok(AppError::Validation(_))) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A letter checked by file: the API, the page's server function, or the page's form posted
/// without JavaScript.
fn checks_a_file(method: &Method, path: &str) -> bool {
    *method == Method::POST
        && (path == "/api/cocokkan-berkas"
            || path.starts_with("/v/")
            || path.starts_with("/api/v1/surat/") && path.ends_with("/cocokkan"))
}

/// At most [`crate::FILE_CHECKS`] letters are checked by file at once (each file is held while
/// it is read and parsed); one more is answered 503 at once, before its file is read.
pub async fn limit_file_checks(
    State(checks): State<Arc<tokio::sync::Semaphore>>,
    req: Request,
    next: Next,
) -> Response {
    if !checks_a_file(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    let Ok(_permit) = checks.try_acquire() else {
        let path = req.uri().path().to_string();
        let busy = "Sedang banyak surat diperiksa. Coba lagi sebentar lagi.";
        let mut response = refuse(&path, StatusCode::SERVICE_UNAVAILABLE, "file", busy);
        response.headers_mut().insert(header::RETRY_AFTER, http::HeaderValue::from_static("5"));
        return response;
    };
    next.run(req).await
}
