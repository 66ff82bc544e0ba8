use sqlx::{AnyExecutor, FromRow};

/// An account with what the session needs to know about its office.
#[derive(Debug, Clone, FromRow)]
pub struct User {
    pub id: String,
    pub username: Option<String>,
    pub nik: Option<String>,
    pub password_hash: String,
    #[sqlx(try_from = "String")]
    pub role: domain::Role,
    pub office_code: Option<String>,
    pub office_name: Option<String>,
    pub official_id: Option<String>,
    pub display_name: String,
    pub failed_logins: i64,
    pub locked_until: i64,
    /// 0 once an administrator disabled the account: it cannot log in and has no sessions.
    pub active: i64,
    pub last_login_at: Option<i64>,
    /// 1 while the account still has a password `serambi demo` published.
    pub demo_password: i64,
    /// 1 when the account's official signs on behalf of the head (a.n.): a secretary.
    pub secretary: i64,
}

/// Users with their office name; other queries add joins and conditions after it.
pub(super) const SELECT: &str = "SELECT u.id, u.username, u.nik, u.password_hash, u.role, u.office_code, o.name AS office_name, \
     u.official_id, u.display_name, u.failed_logins, u.locked_until, u.active, u.last_login_at, u.demo_password, \
     CASE WHEN EXISTS (SELECT 1 FROM officials sf WHERE sf.id = u.official_id AND sf.on_behalf <> '') \
       THEN 1 ELSE 0 END AS secretary \
     FROM users u LEFT JOIN offices o ON o.code = u.office_code";

pub async fn by_nik<'e>(ex: impl AnyExecutor<'e>, nik: &str) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("{SELECT} WHERE u.nik = $1")).bind(nik).fetch_optional(ex).await
}

pub async fn by_username<'e>(ex: impl AnyExecutor<'e>, username: &str) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("{SELECT} WHERE u.username = $1")).bind(username).fetch_optional(ex).await
}

/// The office an account works at, if any.
pub async fn office_of<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT office_code FROM users WHERE id = $1").bind(id).fetch_optional(ex).await?.flatten())
}

pub async fn by_id<'e>(ex: impl AnyExecutor<'e>, id: uuid::Uuid) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("{SELECT} WHERE u.id = $1")).bind(id.to_string()).fetch_optional(ex).await
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub username: Option<&'a str>,
    pub nik: Option<&'a str>,
    pub password_hash: &'a str,
    pub role: domain::Role,
    pub office_code: Option<&'a str>,
    pub official_id: Option<&'a str>,
    pub display_name: &'a str,
}

pub async fn insert<'e>(ex: impl AnyExecutor<'e>, u: &NewUser<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO users (id, username, nik, password_hash, role, office_code, official_id, display_name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(u.id)
    .bind(u.username)
    .bind(u.nik)
    .bind(u.password_hash)
    .bind(u.role.as_str())
    .bind(u.office_code)
    .bind(u.official_id)
    .bind(u.display_name)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn record_success<'e>(ex: impl AnyExecutor<'e>, id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET last_login_at = $2 WHERE id = $1").bind(id).bind(now).execute(ex).await?;
    Ok(())
}

/// A staff account in the administrators' list: with its official and certificate state.
#[derive(Debug, Clone, FromRow)]
pub struct StaffRow {
    #[sqlx(flatten)]
    pub user: User,
    pub office_kind: Option<String>,
    pub nip: Option<String>,
    pub position: Option<String>,
    pub rank: Option<String>,
    pub signer_nik: Option<String>,
    pub on_behalf: Option<String>,
    /// The current certificate's expiry, if the account's official has one.
    pub cert_not_after: Option<i64>,
    /// Whether a certificate request waits for approval.
    pub cert_pending: i64,
}

const STAFF: &str = "SELECT u.id, u.username, u.nik, u.password_hash, u.role, u.office_code, o.name AS office_name, \
     u.official_id, u.display_name, u.failed_logins, u.locked_until, u.active, u.last_login_at, u.demo_password, \
     CASE WHEN EXISTS (SELECT 1 FROM officials sf WHERE sf.id = u.official_id AND sf.on_behalf <> '') \
       THEN 1 ELSE 0 END AS secretary, \
     o.kind AS office_kind, f.nip, f.position, f.rank, f.nik AS signer_nik, f.on_behalf, \
     (SELECT MAX(c.not_after) FROM signing_certificates c WHERE c.official_id = f.id AND c.revoked_at IS NULL) \
       AS cert_not_after, \
     (SELECT COUNT(*) FROM certificate_requests q WHERE q.official_id = f.id AND q.status = 'menunggu') \
       AS cert_pending \
     FROM users u LEFT JOIN offices o ON o.code = u.office_code LEFT JOIN officials f ON f.id = u.official_id";

/// Which offices' staff an administrator sees: all, or those of one office.
#[derive(Debug, Clone, Copy)]
pub enum StaffScope<'a> {
    All,
    Office(&'a str),
}

/// Staff accounts (everyone with a user name), filtered by `search` (name, user name, NIP or
/// office name, case-insensitive), at most `limit`, ordered by office and name.
pub async fn staff<'e>(
    ex: impl AnyExecutor<'e>,
    scope: StaffScope<'_>,
    search: &str,
    limit: i64,
) -> sqlx::Result<Vec<StaffRow>> {
    let pattern = format!("%{}%", search.trim().to_lowercase().replace(['%', '_'], ""));
    let office = match scope {
        StaffScope::All => "",
        StaffScope::Office(code) => code,
    };
    sqlx::query_as(&format!(
        "{STAFF} WHERE u.username IS NOT NULL AND ($1 = '' OR u.office_code = $1) AND (LOWER(u.display_name) LIKE $2 \
         OR LOWER(u.username) LIKE $2 OR LOWER(COALESCE(f.nip, '')) LIKE $2 OR LOWER(COALESCE(o.name, '')) LIKE $2) \
         ORDER BY u.office_code, u.display_name LIMIT $3"
    ))
    .bind(office)
    .bind(pattern)
    .bind(limit)
    .fetch_all(ex)
    .await
}

pub async fn staff_by_id<'e>(ex: impl AnyExecutor<'e>, id: uuid::Uuid) -> sqlx::Result<Option<StaffRow>> {
    sqlx::query_as(&format!("{STAFF} WHERE u.id = $1")).bind(id.to_string()).fetch_optional(ex).await
}

/// Name, office and official of an account.
pub async fn update_profile<'e>(
    ex: impl AnyExecutor<'e>,
    id: &str,
    display_name: &str,
    role: domain::Role,
    office_code: Option<&str>,
    official_id: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET display_name = $2, role = $3, office_code = $4, official_id = $5, updated_at = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(display_name)
    .bind(role.as_str())
    .bind(office_code)
    .bind(official_id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_active<'e>(ex: impl AnyExecutor<'e>, id: &str, active: bool, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE users SET active = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(active))
        .bind(now)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Holds the account's row until the transaction ends (a row lock on PostgreSQL, the write
/// lock on SQLite): what the account does under it happens one at a time.
pub async fn lock<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1").bind(id).execute(ex).await?;
    Ok(())
}

/// Undoes a resident's registration: the account lets go of the NIK (so its owner can register)
/// under a name no one can sign in with, and is disabled.
pub async fn detach_resident<'e>(ex: impl AnyExecutor<'e>, id: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET nik = NULL, username = $2, active = 0, updated_at = $3 WHERE id = $1 AND role = 'warga'",
    )
    .bind(id)
    .bind(format!("pendaftaran-dibatalkan:{id}"))
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A new password: the demo mark and any lock go with the old one.
pub async fn set_password<'e>(ex: impl AnyExecutor<'e>, id: &str, hash: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET password_hash = $2, demo_password = 0, failed_logins = 0, locked_until = 0, updated_at = $3 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(hash)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks every account's password as published by `serambi demo`.
pub async fn mark_demo_passwords<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE users SET demo_password = 1").execute(ex).await?.rows_affected())
}

/// Active accounts that still have a demo password: staff user names (sorted), and how many
/// residents' accounts (never their NIKs).
pub async fn with_demo_password<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<Option<String>>> {
    sqlx::query_scalar("SELECT username FROM users WHERE demo_password = 1 AND active = 1 ORDER BY username")
        .fetch_all(ex)
        .await
}

pub async fn count_admins<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1").fetch_one(ex).await
}
