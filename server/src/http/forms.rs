//! Forms posted without JavaScript (see `app::echo`). A `POST` to a page runs the server
//! function its `_form` field names, with the same input the enhanced form would send, inside
//! the same request context (session, client address, cookies). Success redirects with 303
//! (post-redirect-get); failure renders the page again, as a `GET` of the same address, with the
//! error next to the fields and what was typed, secrets left out.

use crate::web::Ports;
use app::AppError;
use app::echo::{Echo, FORM_FIELD, is_secret};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, header};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::server_fn::ServerFn;
use leptos_axum::ResponseOptions;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The largest URL-encoded form accepted (uploads are multipart and go elsewhere).
const MAX_FORM_BYTES: usize = 256 * 1024;

type Answer = Pin<Box<dyn Future<Output = Result<String, AppError>> + Send>>;
type Run = Arc<dyn Fn(Bytes) -> Answer + Send + Sync>;

/// The server functions a form may post to without JavaScript, by path, each with where to go
/// when it succeeds.
#[derive(Clone, Default)]
pub struct Forms(HashMap<&'static str, Run>);

impl Forms {
    /// Server function `S`, whose form's named fields make a `T` (read exactly as the browser
    /// reads them, with `serde_qs`), wrapped into `S` by `wrap`; `next` says where to go after.
    pub fn add<T, S>(mut self, wrap: fn(T) -> S, next: fn(&S::Output) -> String) -> Forms
    where
        T: DeserializeOwned + 'static,
        S: ServerFn<Error = AppError> + 'static,
    {
        let run: Run = Arc::new(move |body: Bytes| {
            Box::pin(async move {
                let input: T = serde_qs::Config::new(5, false).deserialize_bytes(&body).map_err(|e| {
                    tracing::debug!(error = %e, form = S::PATH, "form fields unreadable");
                    AppError::invalid("Isian formulir tidak terbaca. Muat ulang halaman, lalu coba lagi.")
                })?;
                let output = wrap(input).run_body().await?;
                Ok(next(&output))
            })
        });
        self.0.insert(S::PATH, run);
        self
    }
}

/// What the page handler needs: the forms, the ports and the Leptos options to render with.
#[derive(Clone)]
pub struct FormState {
    pub forms: Forms,
    pub ports: Ports,
    pub options: LeptosOptions,
}

/// `POST` to a page: run the named form's server function, then redirect or render again.
pub async fn post(State(state): State<Arc<FormState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Formulir ini dikirim dalam bentuk yang tidak dikenal.");
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "Isian formulir terlalu besar.");
    };
    let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let form = fields.iter().find(|(k, _)| k == FORM_FIELD).map(|(_, v)| v.clone()).unwrap_or_default();
    let Some(run) = state.forms.0.get(form.as_str()).cloned() else {
        return refuse(StatusCode::BAD_REQUEST, "Formulir tidak dikenal. Muat ulang halaman, lalu coba lagi.");
    };
    let response_options = ResponseOptions::default();
    let owner = Owner::new();
    let result = owner
        .with(|| {
            let (parts, options, ports) = (parts.clone(), response_options.clone(), state.ports.clone());
            ScopedFuture::new(async move {
                provide_context(parts);
                provide_context(options);
                ports.provide();
                run(bytes).await
            })
        })
        .await;
    let mut response = match result {
        Ok(location) => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Err(error) => {
            let values: BTreeMap<String, String> =
                fields.into_iter().filter(|(k, _)| k != FORM_FIELD && !is_secret(k)).collect();
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let echo = Echo { form, values, error: Some(error) };
            let mut page = render_again(&state, parts, echo).await;
            if page.status() == StatusCode::OK {
                *page.status_mut() = status;
            }
            page
        }
    };
    // Cookies the server function set (a new session after signing in, say).
    let set = response_options.0.read().map(|p| p.headers.clone()).unwrap_or_default();
    for (name, value) in set.iter() {
        response.headers_mut().append(name.clone(), value.clone());
    }
    response
}

/// The page at the same address, rendered as for a `GET`, with the echo in its context.
async fn render_again(state: &FormState, mut parts: http::request::Parts, echo: Echo) -> Response {
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let (ports, options) = (state.ports.clone(), state.options.clone());
    let context = move || {
        provide_context(options.clone());
        ports.provide();
        provide_context(echo.clone());
    };
    let shell_options = state.options.clone();
    // Whole, not streamed: without JavaScript nothing would move streamed parts into place.
    let render = leptos_axum::render_app_async_with_context(context, move || app::shell(shell_options.clone()));
    render(Request::from_parts(parts, Body::empty())).await
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message.to_string()).into_response()
}
