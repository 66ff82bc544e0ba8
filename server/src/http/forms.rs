//! Forms posted without JavaScript (see `app::echo`). A `POST` to a page runs the server
//! function its `_form` field names, with the same input the enhanced form would send, inside
//! the same request context (session, client address, cookies). Success redirects with 303
//! (post-redirect-get); failure renders the page again, as a `GET` of the same address, with the
//! error next to the fields and what was typed, secrets left out. A form whose answer is shown
//! (a look-up) renders the page again with the answer. A multipart form's files are stored first
//! and stand in the form as the text fields the store answers (an upload's id), so a form sent
//! back with an error, or shown again for "tambah baris" ([`AGAIN_FIELD`]), keeps them.

use crate::web::Ports;
use app::AppError;
use app::echo::{AGAIN_FIELD, Echo, FORM_FIELD, is_secret};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, header};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::server_fn::ServerFn;
use leptos_axum::ResponseOptions;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The largest URL-encoded form accepted.
const MAX_FORM_BYTES: usize = 256 * 1024;
/// A multipart form (a form with files): all of it, each text part, and how many parts.
const MAX_MULTIPART_BYTES: u64 = 64 * 1024 * 1024;
const MAX_TEXT_PART_BYTES: usize = 64 * 1024;
const MAX_PARTS: usize = 300;
/// How long rendering the page after a post may take.
const RENDER_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Where a form registered with [`Forms::add_then`] goes.
pub enum Next {
    Go(String),
    Show,
}

/// Where a form goes when its server function succeeds.
enum After {
    /// Redirect there (post-redirect-get).
    Go(String),
    /// Show the same page with the answer (JSON) in the echo.
    Show(Option<String>),
    /// Redirect to the page the form is on (it shows the new state).
    Here,
}

type Answer<T> = Pin<Box<dyn Future<Output = Result<T, AppError>> + Send>>;
type Run = Arc<dyn Fn(Bytes) -> Answer<After> + Send + Sync>;
/// What becomes of a posted file.
pub enum Stored {
    /// It was stored: these text fields stand for it in the form from then on (an upload's id).
    Fields(Vec<(String, String)>),
    /// The file was the whole question (a letter checked against the register): this answer
    /// (JSON) is shown, and the form's server function does not run.
    Answer(String),
}

/// What a form does with a file posted in field `name` (`file_name` as the person's device
/// called it), given the form's text fields.
pub type Store = Arc<dyn Fn(&[(String, String)], String, String, Vec<u8>) -> Answer<Stored> + Send + Sync>;

/// What a form does with a file too big to hold (a population export of up to a gigabyte):
/// given the file's name as the device called it and the part itself, it takes the bytes as
/// they arrive and answers (JSON, shown on the page).
pub type Pour = Arc<dyn Fn(String, multer::Field<'static>) -> Answer<String> + Send + Sync>;

/// A form registered with [`Forms::streamed`].
#[derive(Clone)]
struct Streamed {
    /// The page the form is on: only posts there may be this big.
    page: &'static str,
    field: &'static str,
    missing: &'static str,
    pour: Pour,
}

/// The server functions a form may post to without JavaScript, by path, each with where to go
/// when it succeeds; and where files posted with a form are stored.
#[derive(Clone, Default)]
pub struct Forms {
    runs: HashMap<&'static str, Run>,
    stores: HashMap<&'static str, Store>,
    streams: HashMap<&'static str, Streamed>,
}

impl Forms {
    /// Server function `S`, whose form's named fields make a `T` (read exactly as the browser
    /// reads them, with `serde_qs`), wrapped into `S` by `wrap`; `next` says where to go after.
    pub fn add<T, S>(self, wrap: fn(T) -> S, next: fn(&S::Output) -> String) -> Forms
    where
        T: DeserializeOwned + 'static,
        S: ServerFn<Error = AppError> + 'static,
    {
        self.insert::<T, S>(wrap, move |out| After::Go(next(out)))
    }

    /// Like [`Forms::add`], for a form whose answer the page shows: success renders the page
    /// again with the answer in the echo ([`app::echo::output`]).
    pub fn add_shown<T, S>(self, wrap: fn(T) -> S) -> Forms
    where
        T: DeserializeOwned + 'static,
        S: ServerFn<Error = AppError> + 'static,
        S::Output: Serialize,
    {
        self.insert::<T, S>(wrap, |out| After::Show(serde_json::to_string(out).ok()))
    }

    /// Like [`Forms::add`], coming back to the page the form is on.
    pub fn add_here<T, S>(self, wrap: fn(T) -> S) -> Forms
    where
        T: DeserializeOwned + 'static,
        S: ServerFn<Error = AppError> + 'static,
    {
        self.insert::<T, S>(wrap, |_| After::Here)
    }

    /// Server function `S` whose answer decides: redirect somewhere, or show the answer on the
    /// page (a batch with its per-letter outcomes, say).
    pub fn add_then<T, S>(self, wrap: fn(T) -> S, next: fn(&S::Output) -> Next) -> Forms
    where
        T: DeserializeOwned + 'static,
        S: ServerFn<Error = AppError> + 'static,
        S::Output: Serialize,
    {
        self.insert::<T, S>(wrap, move |out| match next(out) {
            Next::Go(to) => After::Go(to),
            Next::Show => After::Show(serde_json::to_string(out).ok()),
        })
    }

    /// What the files of form `path` become when it is posted as multipart (its other fields
    /// are read as above). Only forms given a store take multipart posts.
    pub fn files(mut self, path: &'static str, store: Store) -> Forms {
        self.stores.insert(path, store);
        self
    }

    /// A form whose posted file is the whole question (its store answers with
    /// [`Stored::Answer`]); posted without a file it comes back with `missing` at `field`.
    pub fn answered_by_file(
        mut self,
        path: &'static str,
        store: Store,
        field: &'static str,
        missing: &'static str,
    ) -> Forms {
        let run: Run =
            Arc::new(move |_: Bytes| Box::pin(async move { Err::<After, _>(AppError::field(field, missing)) }));
        self.runs.insert(path, run);
        self.files(path, store)
    }

    /// Form `path` on page `page`, whose one file (field `field`) is too big to hold: `pour`
    /// takes it as it arrives, and its answer is shown on the page. Posted without a file it
    /// comes back with `missing` at `field`. Its text fields must come before the file.
    pub fn streamed(
        mut self,
        page: &'static str,
        path: &'static str,
        field: &'static str,
        missing: &'static str,
        pour: Pour,
    ) -> Forms {
        let run: Run =
            Arc::new(move |_: Bytes| Box::pin(async move { Err::<After, _>(AppError::field(field, missing)) }));
        self.runs.insert(path, run);
        self.streams.insert(path, Streamed { page, field, missing, pour });
        self
    }

    fn insert<T, S>(
        mut self,
        wrap: fn(T) -> S,
        after: impl Fn(&S::Output) -> After + Send + Sync + Copy + 'static,
    ) -> Forms
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
                Ok(after(&output))
            })
        });
        self.runs.insert(S::PATH, run);
        self
    }
}

/// What the page handler needs: the forms, the ports and the Leptos options to render with.
#[derive(Clone)]
pub struct FormState {
    pub forms: Forms,
    pub ports: Ports,
    pub options: LeptosOptions,
    /// The bundles and the stylesheet (their names carry a hash).
    pub assets: super::assets::Assets,
    /// The largest file a form may carry (bigger ones are refused next to their field).
    pub max_file_bytes: u64,
    /// The largest post to a page with a streamed form (its own store refuses a bigger file).
    pub max_stream_bytes: u64,
}

/// A posted form: its text fields in order, and its files.
#[derive(Default)]
struct Posted {
    fields: Vec<(String, String)>,
    files: Vec<PostedFile>,
}

struct PostedFile {
    field: String,
    file_name: String,
    /// None when the file was larger than allowed (its bytes were not kept).
    bytes: Option<Vec<u8>>,
}

/// `POST` to a page: run the named form's server function, then redirect or render again.
pub async fn post(State(state): State<Arc<FormState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let content_type =
        parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let multipart = content_type.starts_with("multipart/form-data");
    if multipart && state.forms.streams.values().any(|s| s.page == parts.uri.path()) {
        return post_streamed(state, parts, &content_type, body).await;
    }
    let posted = if content_type.starts_with("application/x-www-form-urlencoded") {
        let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "Isian formulir terlalu besar.");
        };
        Posted { fields: form_urlencoded::parse(&bytes).into_owned().collect(), files: Vec::new() }
    } else if multipart && !state.forms.stores.is_empty() {
        match read_multipart(&content_type, body, state.max_file_bytes).await {
            Ok(posted) => posted,
            Err(response) => return response,
        }
    } else {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Formulir ini dikirim dalam bentuk yang tidak dikenal.");
    };
    let form = posted.fields.iter().find(|(k, _)| k == FORM_FIELD).map(|(_, v)| v.clone()).unwrap_or_default();
    let Some(run) = state.forms.runs.get(form.as_str()).cloned() else {
        return refuse(StatusCode::BAD_REQUEST, "Formulir tidak dikenal. Muat ulang halaman, lalu coba lagi.");
    };
    let response_options = ResponseOptions::default();
    let (result, fields) = in_request(&state, &parts, &response_options, {
        let (store, max) = (state.forms.stores.get(form.as_str()).cloned(), state.max_file_bytes);
        async move {
            let Posted { mut fields, files } = posted;
            let stored = store_files(store, max, files, &mut fields).await;
            let again = fields.iter().any(|(k, _)| k == AGAIN_FIELD);
            let result = match stored {
                Err(e) => Err(e),
                Ok(Some(answer)) => Ok(After::Show(Some(answer))),
                // Show the form again as typed: the files stored stay with it.
                Ok(None) if again => Ok(After::Show(None)),
                Ok(None) => run(encode(&fields)).await,
            };
            (result, fields)
        }
    })
    .await;
    answer(&state, parts, response_options, form, result, fields).await
}

/// Runs `work` in the posting request's context (session, client address, cookies, ports).
async fn in_request<T: Send + 'static>(
    state: &FormState,
    parts: &http::request::Parts,
    response_options: &ResponseOptions,
    work: impl Future<Output = T> + Send + 'static,
) -> T {
    let owner = Owner::new();
    owner
        .with(|| {
            let (parts, options, ports) = (parts.clone(), response_options.clone(), state.ports.clone());
            ScopedFuture::new(async move {
                provide_context(parts);
                provide_context(options);
                ports.provide();
                work.await
            })
        })
        .await
}

/// The answer to a post: where to go, or the page again with the answer or the error.
async fn answer(
    state: &FormState,
    parts: http::request::Parts,
    response_options: ResponseOptions,
    form: String,
    result: Result<After, AppError>,
    fields: Vec<(String, String)>,
) -> Response {
    let here = parts.uri.path_and_query().map(|p| p.to_string()).unwrap_or_else(|| "/".into());
    let mut response = match result {
        Ok(After::Here) => see_other(&here),
        Ok(After::Go(location)) => see_other(&location),
        Ok(After::Show(output)) => render_again(state, parts, echo(form, fields, None, output)).await,
        Err(error) => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let mut page = render_again(state, parts, echo(form, fields, Some(error), None)).await;
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

/// A multipart post to a page with a streamed form: its text fields are read first, then the
/// file is handed, as it arrives, to the form's [`Pour`] (in the request's context, so the
/// caller is checked before anything is written); the rest of the post is read and dropped.
async fn post_streamed(state: Arc<FormState>, parts: http::request::Parts, content_type: &str, body: Body) -> Response {
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.max_stream_bytes) {
        return too_big();
    }
    let Ok(boundary) = multer::parse_boundary(content_type) else { return unreadable() };
    let limits = multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(state.max_stream_bytes));
    let mut multipart = multer::Multipart::with_constraints(body.into_data_stream(), boundary, limits);
    let response_options = ResponseOptions::default();
    let streams = state.forms.streams.clone();
    let read = in_request(&state, &parts, &response_options, async move {
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut result = None;
        let mut count = 0;
        while let Some(mut field) = next_part(&mut multipart, &mut count).await? {
            let name = field.name().unwrap_or_default().to_string();
            let form = fields.iter().find(|(k, _)| k == FORM_FIELD).map(|(_, v)| v.as_str()).unwrap_or_default();
            let stream = streams.get(form).filter(|s| s.field == name && result.is_none()).cloned();
            match (field.file_name().map(str::to_string), stream) {
                // No file chosen: the browser sends an empty part without a name.
                (Some(file_name), Some(s)) if !file_name.is_empty() => {
                    result = Some((s.pour)(file_name, field).await.map(|json| After::Show(Some(json))));
                }
                (Some(_), _) => drain(&mut field).await.map_err(|e| e.map_or_else(unreadable, |_| too_big()))?,
                (None, _) => {
                    let text = read_text(&mut field).await.map_err(|e| e.map_or_else(unreadable, |_| too_big()))?;
                    fields.push((name, text));
                }
            }
        }
        let form = fields.iter().find(|(k, _)| k == FORM_FIELD).map(|(_, v)| v.clone()).unwrap_or_default();
        let result = match (result, streams.get(form.as_str())) {
            (Some(result), _) => result,
            (None, Some(s)) => Err(AppError::field(s.field, s.missing)),
            (None, None) => {
                return Err(refuse(
                    StatusCode::BAD_REQUEST,
                    "Formulir tidak dikenal. Muat ulang halaman, lalu coba lagi.",
                ));
            }
        };
        Ok((form, result, fields))
    })
    .await;
    match read {
        Ok((form, result, fields)) => answer(&state, parts, response_options, form, result, fields).await,
        Err(response) => response,
    }
}

/// The next part of a multipart post, counting it: at most [`MAX_PARTS`], within the post's
/// size limit.
async fn next_part(
    multipart: &mut multer::Multipart<'static>,
    count: &mut usize,
) -> Result<Option<multer::Field<'static>>, Response> {
    let field = match multipart.next_field().await {
        Ok(Some(field)) => field,
        Ok(None) => return Ok(None),
        Err(multer::Error::StreamSizeExceeded { .. }) => return Err(too_big()),
        Err(_) => return Err(unreadable()),
    };
    *count += 1;
    if *count > MAX_PARTS {
        return Err(too_big());
    }
    Ok(Some(field))
}

fn unreadable() -> Response {
    refuse(StatusCode::BAD_REQUEST, "Formulir tidak terbaca. Muat ulang halaman, lalu coba lagi.")
}

fn too_big() -> Response {
    refuse(StatusCode::PAYLOAD_TOO_LARGE, "Formulir beserta berkasnya terlalu besar.")
}

/// Reads a text part (at most [`MAX_TEXT_PART_BYTES`], UTF-8). `Err(Some(()))`: the whole
/// post is too big; `Err(None)`: unreadable.
async fn read_text(field: &mut multer::Field<'static>) -> Result<String, Option<()>> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) if bytes.len() + chunk.len() <= MAX_TEXT_PART_BYTES => bytes.extend_from_slice(&chunk),
            Ok(Some(_)) => return Err(None),
            Ok(None) => break,
            Err(multer::Error::StreamSizeExceeded { .. }) => return Err(Some(())),
            Err(_) => return Err(None),
        }
    }
    String::from_utf8(bytes).map_err(|_| None)
}

/// Reads a part to its end, keeping nothing.
async fn drain(field: &mut multer::Field<'static>) -> Result<(), Option<()>> {
    loop {
        match field.chunk().await {
            Ok(Some(_)) => {}
            Ok(None) => return Ok(()),
            Err(multer::Error::StreamSizeExceeded { .. }) => return Err(Some(())),
            Err(_) => return Err(None),
        }
    }
}

fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn echo(form: String, fields: Vec<(String, String)>, error: Option<AppError>, output: Option<String>) -> Echo {
    let values: BTreeMap<String, String> =
        fields.into_iter().filter(|(k, _)| k != FORM_FIELD && !is_secret(k)).collect();
    Echo { form, values, error, output }
}

fn encode(fields: &[(String, String)]) -> Bytes {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        out.append_pair(k, v);
    }
    Bytes::from(out.finish())
}

/// Reads a multipart form: text parts (each at most 64 KiB), files up to `max_file` bytes each
/// (a bigger one is drained and marked), at most [`MAX_PARTS`] parts and 64 MiB in all.
async fn read_multipart(content_type: &str, body: Body, max_file: u64) -> Result<Posted, Response> {
    let boundary = multer::parse_boundary(content_type).map_err(|_| unreadable())?;
    let limits = multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(MAX_MULTIPART_BYTES));
    let mut multipart = multer::Multipart::with_constraints(body.into_data_stream(), boundary, limits);
    let mut posted = Posted::default();
    let mut count = 0;
    while let Some(mut field) = next_part(&mut multipart, &mut count).await? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let (cap, is_file) = match &file_name {
            Some(_) => (max_file as usize, true),
            None => (MAX_TEXT_PART_BYTES, false),
        };
        let mut bytes = Vec::new();
        let mut over = false;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if !over => {
                    if bytes.len() + chunk.len() > cap {
                        over = true;
                        bytes = Vec::new();
                    } else {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(multer::Error::StreamSizeExceeded { .. }) => return Err(too_big()),
                Err(_) => return Err(unreadable()),
            }
        }
        match file_name {
            // No file chosen: the browser sends an empty part without a name.
            Some(f) if f.is_empty() && bytes.is_empty() && !over => {}
            Some(f) => posted.files.push(PostedFile { field: name, file_name: f, bytes: (!over).then_some(bytes) }),
            None if over || !is_file && std::str::from_utf8(&bytes).is_err() => return Err(unreadable()),
            None => posted.fields.push((name, String::from_utf8(bytes).unwrap_or_default())),
        }
    }
    Ok(posted)
}

/// Stores each posted file; the text fields the store answers replace any of the same name.
/// Problems with files are gathered by field, all of them. A file that is the whole question
/// gives the answer. Files of a form without a store are refused.
async fn store_files(
    store: Option<Store>,
    max_file: u64,
    files: Vec<PostedFile>,
    fields: &mut Vec<(String, String)>,
) -> Result<Option<String>, AppError> {
    let Some(store) = store else {
        return if files.is_empty() { Ok(None) } else { Err(AppError::invalid("Formulir ini tidak menerima berkas.")) };
    };
    let mut answer = None;
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        let Some(bytes) = file.bytes else {
            let msg = format!("Berkas terlalu besar: paling besar {}.", domain::attachment::size_label(max_file));
            problems.entry(file.field).or_default().push(msg);
            continue;
        };
        match store(fields, file.field.clone(), file.file_name, bytes).await {
            Ok(Stored::Fields(replacing)) => {
                for (k, v) in replacing {
                    fields.retain(|(name, _)| *name != k);
                    fields.push((k, v));
                }
            }
            Ok(Stored::Answer(json)) => answer = Some(json),
            Err(AppError::Validation(p)) => {
                for (k, mut m) in p {
                    problems.entry(k).or_default().append(&mut m);
                }
            }
            Err(other) => return Err(other),
        }
    }
    if problems.is_empty() { Ok(answer) } else { Err(AppError::Validation(problems)) }
}

/// The page at the same address, rendered as for a `GET`, with the echo in its context.
async fn render_again(state: &FormState, mut parts: http::request::Parts, echo: Echo) -> Response {
    let form = echo.form.clone();
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let (ports, options) = (state.ports.clone(), state.options.clone());
    let context = move || {
        provide_context(options.clone());
        ports.provide();
        provide_context(echo.clone());
    };
    let (shell_options, assets) = (state.options.clone(), state.assets.clone());
    // Whole, not streamed: without JavaScript nothing would move streamed parts into place.
    let render =
        leptos_axum::render_app_async_with_context(context, move || super::shell(shell_options.clone(), &assets));
    // A page that cannot be rendered must not hold the connection (and what was posted is
    // already stored or refused): answer within half a minute whatever happens.
    match tokio::time::timeout(RENDER_LIMIT, render(Request::from_parts(parts, Body::empty()))).await {
        Ok(page) => page,
        Err(_) => {
            tracing::error!(form = %form, "page after a form post not rendered in time");
            refuse(StatusCode::SERVICE_UNAVAILABLE, "Halaman tidak dapat ditampilkan. Muat ulang halaman.")
        }
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message.to_string()).into_response()
}
