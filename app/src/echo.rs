//! Forms without JavaScript. Every form is a `<form method="post">` to its own page, carrying
//! the path of the server function it is for in a hidden `_form` field ([`FormFor`]). Posted
//! before the app has hydrated (or with JavaScript off), the server runs that same server
//! function: on success it redirects (post-redirect-get); on failure it renders the page again
//! with an [`Echo`]: the error, and what was typed, secrets left out. With JavaScript the form
//! is enhanced as before: its submit handler dispatches the server action and nothing reloads.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The hidden field naming the server function a form is for.
pub const FORM_FIELD: &str = "_form";

/// What a form posted without JavaScript comes back with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Echo {
    /// The path of the form's server function (e.g. `/api/masuk`).
    pub form: String,
    /// What was typed, by field name, without secrets.
    pub values: BTreeMap<String, String>,
    pub error: Option<AppError>,
    /// What the server function answered (JSON), for a form whose answer is shown on the page
    /// rather than redirected to (a look-up, a step that checks before submitting).
    #[serde(default)]
    pub output: Option<String>,
}

/// A field that asks the server to show the form again as it was typed, running nothing: a
/// "tambah baris" or "Ubah" button. Its value says what the page should change.
pub const AGAIN_FIELD: &str = "_ulang";

/// Field names whose values are never sent back: passwords, passphrases, codes.
pub fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "old"
        || ["password", "passphrase", "sandi", "kode", "code", "token", "current", "secret", "rahasia"]
            .iter()
            .any(|s| name.contains(s))
}

/// The echo of this page's request, shared with the browser so that hydration sees the same.
#[derive(Clone)]
struct Echoed(Option<Echo>);

/// Called once at the root: takes the server's echo (if the page answers a form post) and
/// hands it to the browser with the page.
pub fn provide() {
    let echo = leptos::server::SharedValue::new(use_context::<Echo>).into_inner();
    provide_context(Echoed(echo));
}

/// The echo for the form of server function `path`, if this page answers its post.
pub fn echoed(path: &str) -> Option<Echo> {
    use_context::<Echoed>().and_then(|e| e.0).filter(|e| e.form == path)
}

/// The error the post of form `path` came back with.
pub fn error(path: &str) -> Option<AppError> {
    echoed(path).and_then(|e| e.error)
}

/// What form `path`'s server function answered, when the page shows it.
pub fn output<T: serde::de::DeserializeOwned>(path: &str) -> Option<T> {
    echoed(path).and_then(|e| e.output).and_then(|json| serde_json::from_str(&json).ok())
}

/// The value of the [`AGAIN_FIELD`] button a form of `path` came back with.
pub fn again(path: &str) -> Option<String> {
    value(path, AGAIN_FIELD)
}

/// What was typed into field `name` of whichever form this page answers (never a secret).
pub fn typed(name: &str) -> Option<String> {
    use_context::<Echoed>().and_then(|e| e.0).and_then(|e| e.values.get(name).cloned())
}

/// What was typed into field `name` of form `path` before it came back.
pub fn value(path: &str, name: &str) -> Option<String> {
    echoed(path).and_then(|e| e.values.get(name).cloned())
}

/// The hidden field that tells the server which server function a form posted without
/// JavaScript is for.
#[component]
pub fn FormFor(path: &'static str) -> impl IntoView {
    view! { <input type="hidden" name=FORM_FIELD value=path /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_recognised_by_name() {
        for secret in [
            "password",
            "password_baru",
            "passphrase",
            "kode",
            "kode_pemulihan",
            "token",
            "current",
            "old",
            "ca_passphrase",
        ] {
            assert!(is_secret(secret), "{secret}");
        }
        for plain in ["login", "nik", "no_kk", "nama_ibu", "tanggal_lahir", "keperluan"] {
            assert!(!is_secret(plain), "{plain}");
        }
    }
}
