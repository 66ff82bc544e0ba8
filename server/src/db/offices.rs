use sqlx::{AnyExecutor, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct Office {
    pub code: String,
    pub kind: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub address: String,
    pub place: String,
    pub unit_code: String,
    pub number_pattern: String,
    pub paper: String,
}

pub struct NewOffice<'a> {
    pub code: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    pub parent_code: Option<&'a str>,
    pub address: &'a str,
    pub place: &'a str,
    pub unit_code: &'a str,
}

const COLUMNS: &str = "code, kind, name, parent_code, address, place, unit_code, number_pattern, paper";

pub async fn get<'e>(ex: impl AnyExecutor<'e>, code: &str) -> sqlx::Result<Option<Office>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM offices WHERE code = $1")).bind(code).fetch_optional(ex).await
}

pub async fn insert<'e>(ex: impl AnyExecutor<'e>, o: &NewOffice<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO offices (code, kind, name, parent_code, address, place, unit_code, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(o.code)
    .bind(o.kind)
    .bind(o.name)
    .bind(o.parent_code)
    .bind(o.address)
    .bind(o.place)
    .bind(o.unit_code)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn count<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM offices").fetch_one(ex).await
}

#[derive(Debug, Clone, FromRow)]
pub struct Official {
    pub id: String,
    pub office_code: String,
    pub name: String,
    pub nip: String,
    pub position: String,
}

pub async fn official<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<Official>> {
    sqlx::query_as("SELECT id, office_code, name, nip, position FROM officials WHERE id = $1 AND active = 1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

pub async fn insert_official<'e>(ex: impl AnyExecutor<'e>, o: &Official, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO officials (id, office_code, name, nip, position, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&o.id)
    .bind(&o.office_code)
    .bind(&o.name)
    .bind(&o.nip)
    .bind(&o.position)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}
