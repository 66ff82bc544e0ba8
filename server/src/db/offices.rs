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
    pub margin_top_mm: i64,
    pub margin_right_mm: i64,
    pub margin_bottom_mm: i64,
    pub margin_left_mm: i64,
    /// Kop surat lines, one per line; empty for the default tiers.
    pub kop_lines: String,
    pub emblem_key: Option<String>,
    /// `kantor` (one counter per office and year) or `klasifikasi` (one per classification).
    pub counter_scope: String,
    /// 1 when residents of this kelurahan/desa need an activation code to register.
    pub activation_required: i64,
}

impl Office {
    /// Its layout and numbering settings.
    pub fn layout(&self) -> Settings {
        Settings {
            paper: self.paper.clone(),
            margins_mm: [self.margin_top_mm, self.margin_right_mm, self.margin_bottom_mm, self.margin_left_mm],
            kop_lines: self.kop_lines.clone(),
            number_pattern: self.number_pattern.clone(),
            counter_scope: self.counter_scope.clone(),
            address: self.address.clone(),
            place: self.place.clone(),
            unit_code: self.unit_code.clone(),
        }
    }

    /// The number counter a letter of this classification draws from.
    pub fn counter_key<'a>(&self, classification: &'a str) -> &'a str {
        if self.counter_scope == "klasifikasi" { classification } else { "semua" }
    }
}

/// The layout and numbering settings an admin may change (what `update_settings` writes).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `a4` or `f4`.
    pub paper: String,
    /// Top, right, bottom, left in millimetres.
    pub margins_mm: [i64; 4],
    /// One kop line per line; empty for the default tiers.
    pub kop_lines: String,
    pub number_pattern: String,
    /// `kantor` or `klasifikasi`.
    pub counter_scope: String,
    pub address: String,
    pub place: String,
    pub unit_code: String,
}

/// An office with the names of the kecamatan and kota it belongs to (for the kop surat).
#[derive(Debug, Clone, FromRow)]
pub struct OfficeWithPlaces {
    #[sqlx(flatten)]
    pub office: Office,
    pub kecamatan_name: String,
    pub kota_name: String,
}

/// One office and its place names in one statement (a kelurahan's parent is its kecamatan,
/// whose parent is the kota; a kecamatan's parent is the kota).
pub async fn with_places<'e>(ex: impl AnyExecutor<'e>, code: &str) -> sqlx::Result<Option<OfficeWithPlaces>> {
    let columns: String = COLUMNS.split(", ").map(|c| format!("o.{c}")).collect::<Vec<_>>().join(", ");
    sqlx::query_as(&format!(
        "SELECT {columns}, \
         COALESCE(CASE WHEN o.kind = 'kecamatan' THEN o.name ELSE p.name END, '') AS kecamatan_name, \
         COALESCE(CASE WHEN o.kind = 'kecamatan' THEN p.name WHEN o.kind IN ('kota', 'kabupaten') THEN o.name ELSE g.name END, '') \
         AS kota_name \
         FROM offices o LEFT JOIN offices p ON p.code = o.parent_code LEFT JOIN offices g ON g.code = p.parent_code \
         WHERE o.code = $1"
    ))
    .bind(code)
    .fetch_optional(ex)
    .await
}

pub async fn update_settings<'e>(ex: impl AnyExecutor<'e>, code: &str, s: &Settings) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE offices SET paper = $1, margin_top_mm = $2, margin_right_mm = $3, margin_bottom_mm = $4, \
         margin_left_mm = $5, kop_lines = $6, number_pattern = $7, counter_scope = $8, address = $9, place = $10, \
         unit_code = $11 WHERE code = $12",
    )
    .bind(&s.paper)
    .bind(s.margins_mm[0])
    .bind(s.margins_mm[1])
    .bind(s.margins_mm[2])
    .bind(s.margins_mm[3])
    .bind(&s.kop_lines)
    .bind(&s.number_pattern)
    .bind(&s.counter_scope)
    .bind(&s.address)
    .bind(&s.place)
    .bind(&s.unit_code)
    .bind(code)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether residents of the office need an activation code to register themselves.
pub async fn set_activation_required<'e>(ex: impl AnyExecutor<'e>, code: &str, required: bool) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE offices SET activation_required = $1 WHERE code = $2")
        .bind(i64::from(required))
        .bind(code)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn activation_required<'e>(ex: impl AnyExecutor<'e>, code: &str) -> sqlx::Result<bool> {
    let v: Option<i64> = sqlx::query_scalar("SELECT activation_required FROM offices WHERE code = $1")
        .bind(code)
        .fetch_optional(ex)
        .await?;
    Ok(v == Some(1))
}

pub async fn set_emblem<'e>(ex: impl AnyExecutor<'e>, code: &str, key: Option<&str>) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE offices SET emblem_key = $1 WHERE code = $2").bind(key).bind(code).execute(ex).await?;
    Ok(done.rows_affected() == 1)
}

pub async fn all<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<Office>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM offices ORDER BY code")).fetch_all(ex).await
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

const COLUMNS: &str = "code, kind, name, parent_code, address, place, unit_code, number_pattern, paper, \
     margin_top_mm, margin_right_mm, margin_bottom_mm, margin_left_mm, kop_lines, emblem_key, counter_scope, activation_required";

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

/// The Kemendagri codes of every kelurahan (e.g. 53.71.04.1001).
pub async fn kelurahan_codes<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT code FROM offices WHERE kind IN ('kelurahan', 'desa') ORDER BY code").fetch_all(ex).await
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
    /// Pangkat/golongan, printed under the name; may be empty.
    pub rank: String,
    /// "a.n. Lurah Oebobo" when this official signs on the head's behalf; empty otherwise.
    pub on_behalf: String,
    /// The official's NIK, which a BSrE-style signing service identifies signers by; may be empty.
    pub nik: String,
}

/// The official who approved a kecamatan letter at the kelurahan (for the "Mengetahui" block):
/// the account that last forwarded the request, and its official, in one statement.
pub async fn approver<'e>(ex: impl AnyExecutor<'e>, request_id: uuid::Uuid) -> sqlx::Result<Option<Official>> {
    sqlx::query_as(
        "SELECT f.id, f.office_code, f.name, f.nip, f.position, f.rank, f.on_behalf, f.nik FROM officials f \
         WHERE f.active = 1 AND f.id = (SELECT u.official_id FROM request_events e \
           JOIN users u ON u.id = e.actor_user_id \
           WHERE e.request_id = $1 AND e.to_status = 'diteruskan' ORDER BY e.seq DESC LIMIT 1)",
    )
    .bind(request_id.to_string())
    .fetch_optional(ex)
    .await
}

pub async fn official<'e>(ex: impl AnyExecutor<'e>, id: &str) -> sqlx::Result<Option<Official>> {
    sqlx::query_as(
        "SELECT id, office_code, name, nip, position, rank, on_behalf, nik FROM officials WHERE id = $1 AND active = 1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// Every active official, by office.
pub async fn officials<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<Official>> {
    sqlx::query_as(
        "SELECT id, office_code, name, nip, position, rank, on_behalf, nik FROM officials WHERE active = 1 \
         ORDER BY office_code, position",
    )
    .fetch_all(ex)
    .await
}

pub async fn insert_official<'e>(ex: impl AnyExecutor<'e>, o: &Official, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO officials (id, office_code, name, nip, position, rank, on_behalf, nik, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&o.id)
    .bind(&o.office_code)
    .bind(&o.name)
    .bind(&o.nip)
    .bind(&o.position)
    .bind(&o.rank)
    .bind(&o.on_behalf)
    .bind(&o.nik)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn update_official<'e>(
    ex: impl AnyExecutor<'e>,
    id: &str,
    name: &str,
    nip: &str,
    position: &str,
    rank: &str,
    nik: &str,
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE officials SET name = $2, nip = $3, position = $4, rank = $5, nik = $6 WHERE id = $1")
            .bind(id)
            .bind(name)
            .bind(nip)
            .bind(position)
            .bind(rank)
            .bind(nik)
            .execute(ex)
            .await?;
    Ok(done.rows_affected() == 1)
}
