//! What every server function needs on the server (ssr only): its area's port, provided as
//! context by the `server` crate, and the HTTP status of its answer.

use crate::error::AppError;
use leptos::prelude::use_context;
use leptos::server_fn::codec::MultipartData;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Sets the HTTP status of the response being rendered; the server provides it as context.
pub trait Responder: Send + Sync + 'static {
    fn set_status(&self, status: u16);
}

/// The port `P` (e.g. `dyn SigningPort`) the server provided for this request.
pub fn port<P: ?Sized + Send + Sync + 'static>() -> Result<Arc<P>, AppError> {
    use_context::<Arc<P>>().ok_or(AppError::Internal)
}

pub fn set_status(status: u16) {
    if let Some(r) = use_context::<Arc<dyn Responder>>() {
        r.set_status(status);
    }
}

/// Hands a result back, with the HTTP status that matches its error.
pub fn answer<T>(r: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &r {
        set_status(e.status());
    }
    r
}

/// Refuses (401) before anything is read when nobody is signed in.
pub async fn require_user() -> Result<crate::accounts::SessionUser, AppError> {
    let accounts = port::<dyn crate::accounts::AccountsPort>()?;
    answer(accounts.current_user().await.and_then(|u| u.ok_or(AppError::Unauthorized)))
}

pub fn unreadable() -> AppError {
    AppError::invalid("Berkas tidak dapat dibaca. Coba unggah lagi.")
}

/// The parts of a small multipart form: only the `expected` ones (name, largest size), each
/// once; a part over its size is 413 with `too_big` on `field`, any other part makes the form
/// unreadable. So what is kept is bounded by the sizes given, whatever is sent.
pub async fn read_parts(
    data: MultipartData,
    expected: &[(&str, usize)],
    field: &str,
    too_big: &str,
) -> Result<BTreeMap<String, Vec<u8>>, AppError> {
    let mut form = data.into_inner().ok_or_else(unreadable)?;
    let mut parts = BTreeMap::new();
    while let Some(mut part) = form.next_field().await.map_err(|_| unreadable())? {
        let name = part.name().unwrap_or_default().to_string();
        let Some(&(_, cap)) = expected.iter().find(|(n, _)| *n == name) else { return Err(unreadable()) };
        if parts.contains_key(&name) {
            return Err(unreadable());
        }
        let mut buf = Vec::new();
        while let Some(chunk) = part.chunk().await.map_err(|_| unreadable())? {
            if buf.len() + chunk.len() > cap {
                set_status(413);
                return Err(AppError::field(field, too_big));
            }
            buf.extend_from_slice(&chunk);
        }
        parts.insert(name, buf);
    }
    Ok(parts)
}
