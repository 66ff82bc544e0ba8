//! Passwords, sessions and the request's signed-in user.

use super::Actor;
use crate::audit::{self, Event};
use crate::db::{self, Db, users::User};
use crate::error::{Error, Result};
use crate::limits::{self, LOGIN_PER_CLIENT, LOGIN_PER_NAME};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use domain::AuditAction;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::{Arc, LazyLock};

/// The session cookie's name over plain http (a laptop, the tests).
pub const COOKIE: &str = "serambi_sesi";
/// Its name over https: `__Host-` makes the browser refuse it unless it is `Secure`, for the
/// whole site (`Path=/`) and for this host alone (no `Domain`), so no other host of the city's
/// domain can set or overwrite it.
pub const SECURE_COOKIE: &str = "__Host-serambi_sesi";

/// The session cookie's name: with the `__Host-` prefix when people reach Serambi over https.
pub fn session_cookie(secure: bool) -> &'static str {
    if secure { SECURE_COOKIE } else { COOKIE }
}

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
    crate::costly::run(crate::costly::PASSWORD_MIB, move || hash_password(&password)).await.map_err(Error::Other)
}

/// [`verify_password`] off the async threads.
pub async fn verify_password_async(password: &str, hash: &str) -> bool {
    let (password, hash) = (zeroize::Zeroizing::new(password.to_owned()), hash.to_owned());
    crate::costly::run(crate::costly::PASSWORD_MIB, move || verify_password(&password, &hash)).await
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
/// session token (the caller sets the cookie). Attempts are counted before the password is
/// checked, per client and per login name (whether or not an account has it, so a lock says
/// nothing about which accounts exist).
pub async fn login(db: &Db, client: &str, login: &str, password: &str, session_hours: i64) -> Result<(Actor, String)> {
    let login = login.trim();
    if login.is_empty() || password.is_empty() {
        return Err(Error::invalid("Isi NIK/nama pengguna dan kata sandi."));
    }
    let nik_typed = login.len() == 16 && login.bytes().all(|b| b.is_ascii_digit());
    let login = if nik_typed { login.to_string() } else { login.to_lowercase() };
    // One client trying many accounts is stopped, and one account tried from many clients.
    let per_client = limits::attempt(db, &LOGIN_PER_CLIENT, client).await??;
    let per_name = match limits::attempt(db, &LOGIN_PER_NAME, &login).await? {
        Ok(a) => a,
        Err(locked) => {
            per_client.not_counted(db).await?;
            let user = if nik_typed { db::users::by_nik(&db.pool, &login).await? } else { None };
            audit_login(db, user.as_ref(), &login, "terkunci sementara", client).await?;
            return Err(locked.into());
        }
    };
    let user = if nik_typed {
        db::users::by_nik(&db.pool, &login).await?
    } else {
        db::users::by_username(&db.pool, &login).await?
    };
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.clone());
    let ok = verify_password_async(password, &hash).await;
    let Some(user) = user else {
        audit_login(db, None, &login, "akun tidak dikenal", client).await?;
        return Err(generic_failure());
    };
    // A disabled account gets the same answer as a wrong password: nobody learns which it is.
    if !ok || user.active != 1 {
        audit_login(db, Some(&user), &login, if ok { "akun nonaktif" } else { "kata sandi salah" }, client).await?;
        tracing::info!(user_id = %user.id, "login failed");
        return Err(generic_failure());
    }
    per_name.succeeded(db).await?;
    per_client.not_counted(db).await?;
    db::users::record_success(&db.pool, &user.id, db::now_ms()).await?;
    audit_login(db, Some(&user), &login, "", client).await?;
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
    let name = session_cookie(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// The session token the request carries (`secure`: under the https name only).
pub fn session_token(headers: &http::HeaderMap, secure: bool) -> Option<String> {
    cookie(headers, session_cookie(secure))
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
    let user = match session_token(req.headers(), state.config.secure_cookies()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_https_the_session_cookie_is_host_only_and_secure() {
        let c = cookie_value("abc", 60, true);
        assert!(c.starts_with("__Host-serambi_sesi=abc; Path=/;"), "{c}");
        assert!(c.contains("; Secure") && c.contains("HttpOnly") && !c.contains("Domain"), "{c}");
        assert!(cookie_value("abc", 60, false).starts_with("serambi_sesi=abc;"));
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::COOKIE, "serambi_sesi=plain; __Host-serambi_sesi=host".parse().unwrap());
        assert_eq!(session_token(&headers, true).as_deref(), Some("host"));
        assert_eq!(session_token(&headers, false).as_deref(), Some("plain"));
    }
}
