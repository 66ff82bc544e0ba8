//! Passwords, sessions and the request's signed-in user.

use super::Actor;
use crate::audit::{self, Event};
use crate::db::{self, Db, users::User};
use crate::error::{Error, Result};
use crate::limits::{self, LOGIN_PER_CLIENT};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use domain::AuditAction;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::{Arc, LazyLock};

pub const COOKIE: &str = "serambi_sesi";
const MAX_FAILURES: i64 = 5;
const LOCK_MS: i64 = 15 * 60 * 1000;

/// The signed-in user of a request, put into the request's extensions by [`resolve_user`].
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Option<Actor>);

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// [`hash_password`] off the async threads (argon2 takes a while on purpose).
pub async fn hash_password_async(password: &str) -> Result<String> {
    let password = zeroize::Zeroizing::new(password.to_owned());
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| Error::Other(anyhow::anyhow!("hashing task: {e}")))?
        .map_err(Error::Other)
}

/// [`verify_password`] off the async threads.
pub async fn verify_password_async(password: &str, hash: &str) -> bool {
    let (password, hash) = (zeroize::Zeroizing::new(password.to_owned()), hash.to_owned());
    tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.unwrap_or(false)
}

/// Verified against when the account does not exist, so both cases take the same time.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_password("tidak-ada").unwrap_or_default());

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The account as the acting person; an id or role the database should never hold is an error.
pub fn actor(u: &User) -> Result<Actor> {
    Ok(Actor {
        user_id: u.id.parse().map_err(|_| Error::corrupt(format!("user id {:?}", u.id)))?,
        name: u.display_name.clone(),
        role: u.role,
        office_code: u.office_code.clone(),
        office_name: u.office_name.clone(),
        secretary: u.secretary == 1,
    })
}

fn generic_failure() -> Error {
    Error::invalid("NIK/nama pengguna atau kata sandi salah.")
}

/// Checks credentials with lockout after repeated failures; returns the user and a new
/// session token (the caller sets the cookie).
pub async fn login(db: &Db, client: &str, login: &str, password: &str, session_hours: i64) -> Result<(Actor, String)> {
    let login = login.trim();
    if login.is_empty() || password.is_empty() {
        return Err(Error::invalid("Isi NIK/nama pengguna dan kata sandi."));
    }
    // One client trying many accounts is stopped too, not only one account tried many times.
    if let Some(minutes) = limits::locked(db, &LOGIN_PER_CLIENT, client).await? {
        return Err(Error::Conflict(limits::locked_message(minutes)));
    }
    let user = if login.len() == 16 && login.bytes().all(|b| b.is_ascii_digit()) {
        db::users::by_nik(&db.pool, login).await?
    } else {
        db::users::by_username(&db.pool, &login.to_lowercase()).await?
    };
    let now = db::now_ms();
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.clone());
    let pw = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash)).await.unwrap_or(false);
    let Some(user) = user else {
        limits::fail(db, &LOGIN_PER_CLIENT, client).await?;
        audit_login(db, None, login, "akun tidak dikenal", client).await?;
        return Err(generic_failure());
    };
    if user.locked_until > now {
        audit_login(db, Some(&user), login, "akun dikunci", client).await?;
        let minutes = (user.locked_until - now) / 60_000 + 1;
        return Err(Error::Conflict(format!(
            "Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit."
        )));
    }
    // A disabled account gets the same answer as a wrong password: nobody learns which it is.
    if !ok || user.active != 1 {
        db::users::record_failure(&db.pool, &user.id, now, MAX_FAILURES, LOCK_MS).await?;
        limits::fail(db, &LOGIN_PER_CLIENT, client).await?;
        audit_login(db, Some(&user), login, if ok { "akun nonaktif" } else { "kata sandi salah" }, client).await?;
        tracing::info!(user_id = %user.id, "login failed");
        return Err(generic_failure());
    }
    db::users::record_success(&db.pool, &user.id, now).await?;
    audit_login(db, Some(&user), login, "", client).await?;
    tracing::info!(user_id = %user.id, role = user.role.as_str(), "login");
    start_session(db, &user, session_hours).await
}

/// A login in the audit log: `failure` says why it failed (empty: it succeeded). An unknown
/// login name is kept only as a keyed hash (it may be a NIK, or a password typed in the wrong box).
async fn audit_login(db: &Db, user: Option<&User>, login: &str, failure: &str, client: &str) -> Result<()> {
    let mut tx = db.begin().await?;
    let subject = match user {
        Some(u) => u.id.clone(),
        None => audit::keyed_subject(&mut tx, "masuk", login).await?,
    };
    let (action, actor) = match failure {
        "" => (AuditAction::Masuk, user.map(|u| u.id.as_str())),
        _ => (AuditAction::MasukGagal, None),
    };
    let detail = if failure.is_empty() { format!("dari {client}") } else { format!("{failure}; dari {client}") };
    let office = user.and_then(|u| u.office_code.as_deref());
    audit::record(&mut tx, Event::new(action, actor).office(office).subject(&subject).detail(&detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// A new session for `user`: the session as the UI sees it and the token for the cookie.
pub async fn start_session(db: &Db, user: &User, session_hours: i64) -> Result<(Actor, String)> {
    let now = db::now_ms();
    db::sessions::delete_expired(&db.pool, now).await?;
    let token = new_token();
    db::sessions::insert(&db.pool, &token_hash(&token), &user.id, now, now + session_hours * 3_600_000).await?;
    Ok((actor(user)?, token))
}

pub fn cookie_value(token: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

pub fn session_token(headers: &http::HeaderMap) -> Option<String> {
    cookie(headers, COOKIE)
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Middleware: resolves the session cookie into a [`CurrentUser`] extension.
pub async fn resolve_user(State(state): State<Arc<crate::Services>>, mut req: Request, next: Next) -> Response {
    // Static assets need no session (and no database round trip).
    if req.uri().path().starts_with("/pkg/") {
        req.extensions_mut().insert(CurrentUser(None));
        return next.run(req).await;
    }
    let user = match session_token(req.headers()) {
        Some(token) => match db::sessions::user(&state.db.pool, &token_hash(&token), db::now_ms()).await {
            Ok(u) => match u.as_ref().map(actor).transpose() {
                Ok(actor) => actor,
                Err(e) => {
                    tracing::error!(error = %e, "session of an unreadable account");
                    None
                }
            },
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                None
            }
        },
        None => None,
    };
    req.extensions_mut().insert(CurrentUser(user));
    next.run(req).await
}

/// The client's address for the attempt limits: the connection's peer, or with
/// `SERAMBI_TRUST_PROXY` the last address a reverse proxy appended to `X-Forwarded-For`.
pub fn client_address(parts: &http::request::Parts, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(last) = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|s| !s.is_empty())
    {
        return last.to_string();
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "tidak-diketahui".into())
}

/// Ends the session behind `token`.
pub async fn logout(db: &Db, token: &str) -> Result<()> {
    db::sessions::delete(&db.pool, &token_hash(token)).await?;
    Ok(())
}
