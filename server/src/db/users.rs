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
}

/// Users with their office name; other queries add joins and conditions after it.
pub(super) const SELECT: &str = "SELECT u.id, u.username, u.nik, u.password_hash, u.role, u.office_code, o.name AS office_name, \
     u.official_id, u.display_name, u.failed_logins, u.locked_until \
     FROM users u LEFT JOIN offices o ON o.code = u.office_code";

pub async fn by_nik<'e>(ex: impl AnyExecutor<'e>, nik: &str) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("{SELECT} WHERE u.nik = $1")).bind(nik).fetch_optional(ex).await
}

pub async fn by_username<'e>(ex: impl AnyExecutor<'e>, username: &str) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("{SELECT} WHERE u.username = $1")).bind(username).fetch_optional(ex).await
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

/// Records a failed login; locks the account for `lock_ms` once `max_failures` is reached.
pub async fn record_failure<'e>(
    ex: impl AnyExecutor<'e>,
    id: &str,
    now: i64,
    max_failures: i64,
    lock_ms: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET failed_logins = failed_logins + 1, \
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END WHERE id = $1",
    )
    .bind(id)
    .bind(max_failures)
    .bind(now + lock_ms)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn record_success<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1").bind(id).execute(ex).await?;
    Ok(())
}
