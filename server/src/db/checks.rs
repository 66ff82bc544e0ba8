//! CHECK constraints for enumerated columns of tables that already exist (request status and
//! channel, event roles and statuses, signature kinds). Portable SQL cannot add a CHECK to an
//! existing table (SQLite has no `ALTER TABLE … ADD CONSTRAINT`), so this migration is written
//! per engine: PostgreSQL gets real CHECK constraints; SQLite gets triggers that abort an
//! INSERT or UPDATE the same way. The allowed values come from the domain's own lists, so the
//! database and the code cannot drift apart. Each step runs once, in a transaction, right after
//! the shared migrations, and is recorded in `schema_steps`; rows that already break a rule
//! stop the migration with a message naming them.

use super::{Db, Engine};
use anyhow::Context;
use domain::{Channel, OfficeKind, RequestStatus, Role};
use sqlx::Executor;

/// One enumerated column and the values it may hold.
struct Rule {
    name: &'static str,
    table: &'static str,
    column: &'static str,
    values: Vec<&'static str>,
    nullable: bool,
}

fn rules() -> Vec<Rule> {
    let statuses: Vec<&str> = RequestStatus::ALL.iter().map(|s| s.as_str()).collect();
    vec![
        Rule {
            name: "requests_status_check",
            table: "requests",
            column: "status",
            values: statuses.clone(),
            nullable: false,
        },
        Rule {
            name: "requests_channel_check",
            table: "requests",
            column: "channel",
            values: Channel::ALL.iter().map(|c| c.as_str()).collect(),
            nullable: false,
        },
        Rule {
            name: "request_events_actor_role_check",
            table: "request_events",
            column: "actor_role",
            values: Role::ALL.iter().map(|r| r.as_str()).collect(),
            nullable: false,
        },
        Rule {
            name: "request_events_from_status_check",
            table: "request_events",
            column: "from_status",
            values: statuses.clone(),
            nullable: true,
        },
        Rule {
            name: "request_events_to_status_check",
            table: "request_events",
            column: "to_status",
            values: statuses,
            nullable: false,
        },
        Rule {
            name: "letters_signature_kind_check",
            table: "letters",
            column: "signature_kind",
            values: vec!["pades", "bsre", "terdaftar"],
            nullable: false,
        },
    ]
}

impl Rule {
    /// `status IN ('a', 'b')` for `subject` (`status`, or `NEW.status` in a trigger).
    fn condition(&self, subject: &str) -> String {
        let list = self.values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ");
        if self.nullable {
            format!("({subject} IS NULL OR {subject} IN ({list}))")
        } else {
            format!("{subject} IN ({list})")
        }
    }

    fn statements(&self, engine: Engine) -> Vec<String> {
        let Rule { name, table, column, .. } = self;
        match engine {
            Engine::Postgres => {
                vec![format!("ALTER TABLE {table} ADD CONSTRAINT {name} CHECK {}", paren(&self.condition(column)))]
            }
            Engine::Sqlite => {
                let guard = format!("NOT {}", paren(&self.condition(&format!("NEW.{column}"))));
                let abort = format!("SELECT RAISE(ABORT, 'CHECK constraint failed: {name}')");
                vec![
                    format!(
                        "CREATE TRIGGER {name}_insert BEFORE INSERT ON {table} FOR EACH ROW WHEN {guard} \
                         BEGIN {abort}; END"
                    ),
                    format!(
                        "CREATE TRIGGER {name}_update BEFORE UPDATE OF {column} ON {table} FOR EACH ROW WHEN {guard} \
                         BEGIN {abort}; END"
                    ),
                ]
            }
        }
    }
}

fn paren(s: &str) -> String {
    if s.starts_with('(') { s.to_string() } else { format!("({s})") }
}

/// A CHECK written inline in `CREATE TABLE` whose list of values grew (office kinds with desa and
/// kabupaten; the office administrator role).
struct Widening {
    name: &'static str,
    table: &'static str,
    column: &'static str,
    /// The inline CHECK as the first migration wrote it (what SQLite's stored schema says).
    old: &'static str,
    values: Vec<&'static str>,
}

fn widenings() -> Vec<Widening> {
    vec![
        Widening {
            name: "offices_kind_widened",
            table: "offices",
            column: "kind",
            old: "CHECK (kind IN ('kota', 'kecamatan', 'kelurahan'))",
            values: OfficeKind::ALL.iter().map(|k| k.as_str()).collect(),
        },
        Widening {
            name: "users_role_widened",
            table: "users",
            column: "role",
            old: "CHECK (role IN ('warga', 'petugas_kelurahan', 'lurah', 'petugas_kecamatan', 'camat', 'admin'))",
            values: Role::ALL.iter().map(|r| r.as_str()).collect(),
        },
    ]
}

impl Widening {
    fn check(&self) -> String {
        let list = self.values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ");
        format!("CHECK ({} IN ({list}))", self.column)
    }
}

/// Widens one inline CHECK. PostgreSQL swaps the constraint (its default name is
/// `{table}_{column}_check`). SQLite cannot alter a constraint, so the table is rebuilt the way
/// its manual prescribes: with foreign keys off on one connection, in one transaction, create
/// the table anew from its stored schema with the new CHECK, copy the rows, drop the old one,
/// rename, recreate its indexes and triggers, and check every foreign key before committing.
async fn widen(db: &Db, w: &Widening) -> anyhow::Result<()> {
    let mut conn = db.pool.acquire().await?;
    if applied(&mut *conn, w.name).await? {
        return Ok(());
    }
    let Widening { table, column, .. } = w;
    match db.engine {
        Engine::Postgres => {
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            (&mut *tx)
                .execute(format!("ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_{column}_check").as_str())
                .await?;
            (&mut *tx)
                .execute(format!("ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_check {}", w.check()).as_str())
                .await?;
            record(&mut tx, w.name).await?;
            tx.commit().await?;
        }
        Engine::Sqlite => {
            (&mut *conn).execute("PRAGMA foreign_keys = OFF").await?;
            let rebuilt = rebuild_sqlite(&mut conn, w).await;
            // Whatever happened, the connection goes back to the pool with foreign keys on.
            let restored = (&mut *conn).execute("PRAGMA foreign_keys = ON").await;
            rebuilt?;
            restored?;
        }
    }
    tracing::info!(step = w.name, "schema step applied");
    Ok(())
}

async fn rebuild_sqlite(conn: &mut sqlx::pool::PoolConnection<sqlx::Any>, w: &Widening) -> anyhow::Result<()> {
    let table = w.table;
    let mut tx = sqlx::Connection::begin(&mut **conn).await?;
    let sql: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1")
        .bind(table)
        .fetch_one(&mut *tx)
        .await
        .with_context(|| format!("tabel {table} tidak ada"))?;
    if !sql.contains(w.old) {
        anyhow::bail!("skema tabel {table} tidak seperti yang diharapkan; CHECK {} tidak ditemukan", w.column);
    }
    let head = format!("CREATE TABLE {table} (");
    if !sql.starts_with(&head) {
        anyhow::bail!("skema tabel {table} tidak diawali {head}");
    }
    let new_sql = sql.replacen(&head, &format!("CREATE TABLE {table}_baru ("), 1).replacen(w.old, &w.check(), 1);
    let others: Vec<String> = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE tbl_name = $1 AND type IN ('index', 'trigger') AND sql IS NOT NULL",
    )
    .bind(table)
    .fetch_all(&mut *tx)
    .await?;
    (&mut *tx).execute(new_sql.as_str()).await?;
    (&mut *tx).execute(format!("INSERT INTO {table}_baru SELECT * FROM {table}").as_str()).await?;
    (&mut *tx).execute(format!("DROP TABLE {table}").as_str()).await?;
    (&mut *tx).execute(format!("ALTER TABLE {table}_baru RENAME TO {table}").as_str()).await?;
    for statement in &others {
        (&mut *tx).execute(statement.as_str()).await.with_context(|| format!("{}: {statement}", w.name))?;
    }
    let broken: Vec<sqlx::any::AnyRow> = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *tx).await?;
    if !broken.is_empty() {
        anyhow::bail!("{} kunci asing rusak setelah membangun ulang tabel {table}", broken.len());
    }
    record(&mut tx, w.name).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the step `name` is recorded as applied on this database.
pub(super) async fn applied<'e>(ex: impl sqlx::AnyExecutor<'e>, name: &str) -> sqlx::Result<bool> {
    let done: Option<String> =
        sqlx::query_scalar("SELECT name FROM schema_steps WHERE name = $1").bind(name).fetch_optional(ex).await?;
    Ok(done.is_some())
}

async fn record(tx: &mut sqlx::Transaction<'_, sqlx::Any>, name: &str) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO schema_steps (name, applied_at) VALUES ($1, $2)")
        .bind(name)
        .bind(super::now_ms())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// PostgreSQL compares text by the database's collation (`strcoll`) unless a column says
/// otherwise. NIK and KK numbers are digits, whose byte order is their order: compared as bytes
/// ("C") the record's key and KK index are cheaper to write and to search (a million-row import
/// went from 16.8 to 15.7 s here). SQLite compares bytes already.
const NUMBERS_IN_BYTE_ORDER: &str = "residents_numbers_in_byte_order";

async fn numbers_in_byte_order(db: &Db) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    if applied(&mut *tx, NUMBERS_IN_BYTE_ORDER).await? {
        return Ok(());
    }
    (&mut *tx)
        .execute(
            r#"ALTER TABLE residents ALTER COLUMN nik TYPE TEXT COLLATE "C", ALTER COLUMN no_kk TYPE TEXT COLLATE "C""#,
        )
        .await
        .context(NUMBERS_IN_BYTE_ORDER)?;
    record(&mut tx, NUMBERS_IN_BYTE_ORDER).await?;
    tx.commit().await?;
    tracing::info!(step = NUMBERS_IN_BYTE_ORDER, "schema step applied");
    Ok(())
}

/// Applies every rule not yet applied on this database.
pub async fn apply(db: &Db) -> anyhow::Result<()> {
    for w in widenings() {
        widen(db, &w).await?;
    }
    if db.engine == Engine::Postgres {
        numbers_in_byte_order(db).await?;
    }
    for rule in rules() {
        let mut tx = db.begin().await?;
        if applied(&mut *tx, rule.name).await? {
            continue;
        }
        let bad: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {} WHERE NOT {}",
            rule.table,
            paren(&rule.condition(rule.column))
        ))
        .fetch_one(&mut *tx)
        .await?;
        if bad > 0 {
            anyhow::bail!(
                "{bad} baris {}.{} berisi nilai yang tidak dikenal; perbaiki dulu sebelum {} dipasang",
                rule.table,
                rule.column,
                rule.name
            );
        }
        for statement in rule.statements(db.engine) {
            (&mut *tx).execute(statement.as_str()).await.with_context(|| format!("{}: {statement}", rule.name))?;
        }
        sqlx::query("INSERT INTO schema_steps (name, applied_at) VALUES ($1, $2)")
            .bind(rule.name)
            .bind(super::now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(step = rule.name, "schema step applied");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_status_is_allowed_and_the_guard_reads_right() {
        let r = &rules()[0];
        assert_eq!(r.values.len(), RequestStatus::ALL.len());
        assert!(r.condition("status").contains("'diverifikasi_kecamatan'"));
        let pg = r.statements(Engine::Postgres);
        assert!(
            pg[0].starts_with("ALTER TABLE requests ADD CONSTRAINT requests_status_check CHECK (status IN ('diajukan'")
        );
        let lite = r.statements(Engine::Sqlite);
        assert_eq!(lite.len(), 2);
        assert!(lite[1].contains("BEFORE UPDATE OF status ON requests FOR EACH ROW WHEN NOT (NEW.status IN ("));
        let from = rules().into_iter().find(|r| r.column == "from_status").unwrap();
        assert!(from.condition("x").starts_with("(x IS NULL OR x IN ("));
    }
}
