//! The population record.

use super::decode;
use chrono::NaiveDate;
use domain::population::Person;
use domain::{Nik, NoKk, Sex};
use sqlx::any::AnyRow;
use sqlx::{AnyExecutor, FromRow, Row};

/// One person of the record; NIK, KK number, birth date and sex decode into their domain types
/// (a stored value that does not parse is a decode error).
#[derive(Debug, Clone, PartialEq)]
pub struct Resident {
    pub nik: Nik,
    pub no_kk: NoKk,
    pub name: String,
    pub birth_place: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub religion: String,
    pub marital_status: String,
    pub occupation: String,
    pub citizenship: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub kelurahan_code: String,
    pub family_relation: String,
    pub mother_name: String,
}

impl FromRow<'_, AnyRow> for Resident {
    fn from_row(row: &AnyRow) -> sqlx::Result<Resident> {
        Ok(Resident {
            nik: decode(row, "nik", |s| Nik::parse(s).ok())?,
            no_kk: decode(row, "no_kk", |s| NoKk::parse(s).ok())?,
            name: row.try_get("name")?,
            birth_place: row.try_get("birth_place")?,
            birth_date: decode(row, "birth_date", |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())?,
            sex: decode(row, "sex", Sex::from_code)?,
            religion: row.try_get("religion")?,
            marital_status: row.try_get("marital_status")?,
            occupation: row.try_get("occupation")?,
            citizenship: row.try_get("citizenship")?,
            address: row.try_get("address")?,
            rt: row.try_get("rt")?,
            rw: row.try_get("rw")?,
            kelurahan_code: row.try_get("kelurahan_code")?,
            family_relation: row.try_get("family_relation")?,
            mother_name: row.try_get("mother_name")?,
        })
    }
}

/// A resident with the names of their kelurahan, kecamatan and kota.
#[derive(Debug, Clone, FromRow)]
pub struct ResidentWithPlace {
    #[sqlx(flatten)]
    pub resident: Resident,
    pub kelurahan_name: String,
    pub kecamatan_code: String,
    pub kecamatan_name: String,
    pub kota_name: String,
}

const COLUMNS: [&str; 16] = [
    "nik",
    "no_kk",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "religion",
    "marital_status",
    "occupation",
    "citizenship",
    "address",
    "rt",
    "rw",
    "kelurahan_code",
    "family_relation",
    "mother_name",
];

pub async fn get_with_place<'e>(ex: impl AnyExecutor<'e>, nik: &str) -> sqlx::Result<Option<ResidentWithPlace>> {
    let cols: Vec<String> = COLUMNS.iter().map(|c| format!("r.{c}")).collect();
    sqlx::query_as(&format!(
        "SELECT {}, kel.name AS kelurahan_name, kec.code AS kecamatan_code, kec.name AS kecamatan_name, \
                kota.name AS kota_name \
         FROM residents r \
         JOIN offices kel ON kel.code = r.kelurahan_code \
         JOIN offices kec ON kec.code = kel.parent_code \
         JOIN offices kota ON kota.code = kec.parent_code \
         WHERE r.nik = $1",
        cols.join(", ")
    ))
    .bind(nik)
    .fetch_optional(ex)
    .await
}

/// The members of a family card, head of family first, then by birth date.
pub async fn family<'e>(ex: impl AnyExecutor<'e>, no_kk: &str) -> sqlx::Result<Vec<Resident>> {
    sqlx::query_as(&format!(
        "SELECT {} FROM residents WHERE no_kk = $1 \
         ORDER BY CASE WHEN family_relation = 'KEPALA KELUARGA' THEN 0 ELSE 1 END, birth_date, nik LIMIT 50",
        COLUMNS.join(", ")
    ))
    .bind(no_kk)
    .fetch_all(ex)
    .await
}

/// Inserts or replaces residents in one statement (call inside a transaction, in chunks of
/// at most a few hundred rows).
pub async fn upsert_many<'e>(ex: impl AnyExecutor<'e>, rows: &[Resident], now: i64) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let ncols = COLUMNS.len() + 1;
    let updates: Vec<String> = COLUMNS[1..].iter().map(|c| format!("{c} = excluded.{c}")).collect();
    let sql = format!(
        "INSERT INTO residents ({}, updated_at) VALUES {} ON CONFLICT (nik) DO UPDATE SET {}, updated_at = excluded.updated_at",
        COLUMNS.join(", "),
        super::value_tuples(rows.len(), ncols),
        updates.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for r in rows {
        q = q
            .bind(r.nik.as_str())
            .bind(r.no_kk.as_str())
            .bind(&r.name)
            .bind(&r.birth_place)
            .bind(r.birth_date.format("%Y-%m-%d").to_string())
            .bind(r.sex.code())
            .bind(&r.religion)
            .bind(&r.marital_status)
            .bind(&r.occupation)
            .bind(&r.citizenship)
            .bind(&r.address)
            .bind(&r.rt)
            .bind(&r.rw)
            .bind(&r.kelurahan_code)
            .bind(&r.family_relation)
            .bind(&r.mother_name)
            .bind(now);
    }
    q.execute(ex).await?;
    Ok(())
}

/// Inserts new people and updates changed ones in one statement; a row that is already
/// exactly as imported is not written (its `updated_at` stays). Returns how many rows were
/// inserted or updated. Call inside a transaction.
///
/// The rows travel as one JSON array parameter ([`super::bulk::people_json`]), unpacked by
/// the database (`json_each` in SQLite, `jsonb_array_elements` in PostgreSQL): thousands of rows per statement without thousands of
/// bound parameters, which SQLite resolves slowly.
pub async fn upsert_json<'e>(
    ex: impl AnyExecutor<'e>,
    engine: super::Engine,
    json: String,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(upsert_json_sql(engine)).bind(json).bind(now).execute(ex).await?.rows_affected())
}

/// The same for people in memory.
pub async fn upsert_people<'e>(
    ex: impl AnyExecutor<'e>,
    engine: super::Engine,
    people: &[Person],
    now: i64,
) -> sqlx::Result<u64> {
    if people.is_empty() {
        return Ok(0);
    }
    upsert_json(ex, engine, super::bulk::people_json(people), now).await
}

fn upsert_json_sql(engine: super::Engine) -> &'static str {
    static SQLITE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    static POSTGRES: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let (cell, source) = match engine {
        super::Engine::Sqlite => (&SQLITE, "json_each($1)"),
        super::Engine::Postgres => (&POSTGRES, "jsonb_array_elements($1::jsonb) AS rows(value)"),
    };
    cell.get_or_init(|| {
        let values: Vec<String> = (0..COLUMNS.len()).map(|i| format!("value ->> {i}")).collect();
        let updates: Vec<String> = COLUMNS[1..].iter().map(|c| format!("{c} = excluded.{c}")).collect();
        let changed: Vec<String> = COLUMNS[1..].iter().map(|c| format!("residents.{c} <> excluded.{c}")).collect();
        // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT.
        format!(
            "INSERT INTO residents ({}, updated_at) SELECT {}, $2 FROM {source} WHERE true \
             ON CONFLICT (nik) DO UPDATE SET {}, updated_at = excluded.updated_at WHERE {}",
            COLUMNS.join(", "),
            values.join(", "),
            updates.join(", "),
            changed.join(" OR ")
        )
    })
}

/// The record's secondary indexes (as the migrations create them): name and column.
const SECONDARY_INDEXES: [(&str, &str); 2] = [("residents_no_kk", "no_kk"), ("residents_kelurahan", "kelurahan_code")];

/// Drops the secondary indexes, for a bulk load that builds them again at its end
/// ([`create_secondary_indexes`], in the same transaction).
pub async fn drop_secondary_indexes(tx: &mut super::Tx) -> sqlx::Result<()> {
    for (name, _) in SECONDARY_INDEXES {
        sqlx::query(&format!("DROP INDEX IF EXISTS {name}")).execute(&mut **tx).await?;
    }
    Ok(())
}

/// PostgreSQL: the record's reference to its kelurahan/desa, dropped for a first bulk load into
/// a (nearly) empty record (a look-up per row otherwise; the load's rows were checked against the offices)
/// and added back at its end, which checks every row at once.
pub async fn drop_office_reference(tx: &mut super::Tx, engine: super::Engine) -> sqlx::Result<()> {
    if engine == super::Engine::Postgres {
        sqlx::query("ALTER TABLE residents DROP CONSTRAINT IF EXISTS residents_kelurahan_code_fkey")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn add_office_reference(tx: &mut super::Tx, engine: super::Engine) -> sqlx::Result<()> {
    if engine == super::Engine::Postgres {
        sqlx::query(
            "ALTER TABLE residents ADD CONSTRAINT residents_kelurahan_code_fkey \
             FOREIGN KEY (kelurahan_code) REFERENCES offices (code)",
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Kelurahan/desa codes of the record that name no office (none, unless a load without
/// foreign key checks went wrong). Reads the `residents_kelurahan` index, not the rows.
pub async fn dangling_offices<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT k.kelurahan_code FROM (SELECT DISTINCT kelurahan_code FROM residents) k \
         WHERE NOT EXISTS (SELECT 1 FROM offices o WHERE o.code = k.kelurahan_code)",
    )
    .fetch_all(ex)
    .await
}

pub async fn create_secondary_indexes(tx: &mut super::Tx) -> sqlx::Result<()> {
    for (name, column) in SECONDARY_INDEXES {
        sqlx::query(&format!("CREATE INDEX IF NOT EXISTS {name} ON residents ({column})")).execute(&mut **tx).await?;
    }
    Ok(())
}

pub async fn count<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM residents").fetch_one(ex).await
}

/// The kelurahan/desa a resident is registered in.
pub async fn kelurahan_of<'e>(ex: impl AnyExecutor<'e>, nik: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT kelurahan_code FROM residents WHERE nik = $1").bind(nik).fetch_optional(ex).await
}

/// Whether any of these (few) NIKs is in the record.
pub async fn any_of<'e>(ex: impl AnyExecutor<'e>, niks: &[&str]) -> sqlx::Result<bool> {
    if niks.is_empty() {
        return Ok(false);
    }
    let marks: Vec<String> = (1..=niks.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT COUNT(*) FROM residents WHERE nik IN ({})", marks.join(", "));
    let mut query = sqlx::query_scalar::<_, i64>(&sql);
    for nik in niks {
        query = query.bind(*nik);
    }
    Ok(query.fetch_one(ex).await? > 0)
}
