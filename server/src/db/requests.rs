//! Requests and their append-only events. Enumerated columns decode into the domain's types
//! here; a value that does not decode is an error (the request is answered 500 and logged),
//! never a default.

use super::{decode, decode_id};
use domain::{Channel, Nik, OfficeKind, Reference, RequestStatus, Role, Route};
use sqlx::any::AnyRow;
use sqlx::{AnyExecutor, FromRow, Row};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: Uuid,
    /// The code people read aloud and type (SRB-XXXX-XX).
    pub reference: Reference,
    pub letter_type: String,
    pub route: Route,
    pub requester_user_id: Uuid,
    pub subject_nik: Nik,
    pub kelurahan_code: String,
    pub kecamatan_code: String,
    pub status: RequestStatus,
    pub fields_json: String,
    pub snapshot_json: String,
    pub persons_json: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub kelurahan_name: String,
    /// Kelurahan or desa: the words the resident reads follow it.
    pub office_kind: OfficeKind,
    pub kecamatan_name: String,
    /// Whether the request has ever been forwarded to the kecamatan.
    pub forwarded: bool,
    pub channel: Channel,
    /// The display name of whoever asked.
    pub requester_name: String,
}

impl FromRow<'_, AnyRow> for RequestRow {
    fn from_row(row: &AnyRow) -> sqlx::Result<RequestRow> {
        Ok(RequestRow {
            id: decode_id(row, "id")?,
            reference: decode(row, "reference", |s| Reference::parse(s).ok())?,
            letter_type: row.try_get("letter_type")?,
            route: decode(row, "route", Route::parse)?,
            requester_user_id: decode_id(row, "requester_user_id")?,
            subject_nik: decode(row, "subject_nik", |s| Nik::parse(s).ok())?,
            kelurahan_code: row.try_get("kelurahan_code")?,
            kecamatan_code: row.try_get("kecamatan_code")?,
            status: decode(row, "status", RequestStatus::parse)?,
            fields_json: row.try_get("fields_json")?,
            snapshot_json: row.try_get("snapshot_json")?,
            persons_json: row.try_get("persons_json")?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            kelurahan_name: row.try_get("kelurahan_name")?,
            office_kind: decode(row, "office_kind", OfficeKind::parse)?,
            kecamatan_name: row.try_get("kecamatan_name")?,
            forwarded: row.try_get::<i64, _>("forwarded")? == 1,
            channel: decode(row, "channel", Channel::parse)?,
            requester_name: row.try_get("requester_name")?,
        })
    }
}

const SELECT: &str = "SELECT r.id, r.reference, r.letter_type, r.route, r.requester_user_id, r.subject_nik, r.kelurahan_code, \
     r.kecamatan_code, r.status, r.fields_json, r.snapshot_json, r.persons_json, r.version, r.created_at, r.updated_at, \
     kel.name AS kelurahan_name, kel.kind AS office_kind, kec.name AS kecamatan_name, \
     r.forwarded, r.channel, u.display_name AS requester_name \
     FROM requests r JOIN offices kel ON kel.code = r.kelurahan_code JOIN offices kec ON kec.code = r.kecamatan_code \
     JOIN users u ON u.id = r.requester_user_id";

/// How many requests there are in each status (for the metrics).
pub async fn count_by_status<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT status, COUNT(*) FROM requests GROUP BY status").fetch_all(ex).await
}

/// A request's letter type.
pub async fn letter_type_of<'e>(ex: impl AnyExecutor<'e>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT letter_type FROM requests WHERE id = $1").bind(id.to_string()).fetch_optional(ex).await
}

/// The kelurahan or desa a request belongs to.
pub async fn office_of<'e>(ex: impl AnyExecutor<'e>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT kelurahan_code FROM requests WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(ex)
        .await
}

pub async fn get<'e>(ex: impl AnyExecutor<'e>, id: Uuid) -> sqlx::Result<Option<RequestRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE r.id = $1")).bind(id.to_string()).fetch_optional(ex).await
}

/// "$1, $2, …, $n" for an `IN (…)` list.
fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// The histories of several requests in one statement: (request id, status entered, when),
/// each request's steps in order.
pub async fn steps_of<'e>(ex: impl AnyExecutor<'e>, ids: &[Uuid]) -> sqlx::Result<Vec<(String, String, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT request_id, to_status, at FROM request_events WHERE request_id IN ({}) ORDER BY request_id, seq",
        placeholders(ids.len())
    );
    let mut query = sqlx::query_as(&q);
    for id in ids {
        query = query.bind(id.to_string());
    }
    query.fetch_all(ex).await
}

/// Several requests in one statement (a signing batch); in no particular order.
pub async fn get_many<'e>(ex: impl AnyExecutor<'e>, ids: &[Uuid]) -> sqlx::Result<Vec<RequestRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!("{SELECT} WHERE r.id IN ({})", placeholders(ids.len()));
    let mut query = sqlx::query_as(&q);
    for id in ids {
        query = query.bind(id.to_string());
    }
    query.fetch_all(ex).await
}

/// A resident's list: what they asked for, and what a clerk opened for them at the counter.
pub async fn for_resident<'e>(ex: impl AnyExecutor<'e>, user_id: Uuid, nik: &str) -> sqlx::Result<Vec<RequestRow>> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE r.requester_user_id = $1 OR (r.channel = 'loket' AND r.subject_nik = $2) \
         ORDER BY r.created_at DESC LIMIT 200"
    ))
    .bind(user_id.to_string())
    .bind(nik)
    .fetch_all(ex)
    .await
}

/// Requests an account asked for online (newest first, at most 200): a registration undone
/// takes the unfinished ones with it.
pub async fn asked_online_by<'e>(ex: impl AnyExecutor<'e>, user_id: &str) -> sqlx::Result<Vec<RequestRow>> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE r.requester_user_id = $1 AND r.channel <> 'loket' ORDER BY r.created_at DESC LIMIT 200"
    ))
    .bind(user_id)
    .fetch_all(ex)
    .await
}

/// Which requests an office sees in its queue.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    Kelurahan(&'a str),
    /// Only requests that have been forwarded to this kecamatan.
    Kecamatan(&'a str),
}

pub struct NewRequest<'a> {
    pub id: Uuid,
    pub letter_type: &'a str,
    pub route: Route,
    pub requester_user_id: Uuid,
    pub subject_nik: &'a str,
    pub kelurahan_code: &'a str,
    pub kecamatan_code: &'a str,
    pub status: RequestStatus,
    pub fields_json: &'a str,
    pub snapshot_json: &'a str,
    pub persons_json: &'a str,
    pub channel: Channel,
    /// The name of the person the letter is for, as the snapshot has it (the queue searches it).
    pub subject_name: &'a str,
}

/// Stores a new request under `reference`; false (and nothing stored) when another request
/// already has that code, so the caller draws another (`ON CONFLICT … DO NOTHING` keeps a
/// PostgreSQL transaction usable, where a failed INSERT would abort it).
pub async fn insert<'e>(
    ex: impl AnyExecutor<'e>,
    r: &NewRequest<'_>,
    reference: &Reference,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO requests (id, letter_type, route, requester_user_id, subject_nik, kelurahan_code, \
         kecamatan_code, status, fields_json, snapshot_json, persons_json, channel, version, created_at, updated_at, \
         reference, subject_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $13, 0, $12, $12, $14, $15) \
         ON CONFLICT (reference) DO NOTHING",
    )
    .bind(r.id.to_string())
    .bind(r.letter_type)
    .bind(r.route.as_str())
    .bind(r.requester_user_id.to_string())
    .bind(r.subject_nik)
    .bind(r.kelurahan_code)
    .bind(r.kecamatan_code)
    .bind(r.status.as_str())
    .bind(r.fields_json)
    .bind(r.snapshot_json)
    .bind(r.persons_json)
    .bind(now)
    .bind(r.channel.as_str())
    .bind(reference.code())
    .bind(r.subject_name)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Requests stored without a reference code (before the notifications migration, or by a bulk
/// loader), at most `limit` of them.
pub async fn without_reference<'e>(ex: impl AnyExecutor<'e>, limit: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT id FROM requests WHERE reference IS NULL LIMIT $1").bind(limit).fetch_all(ex).await
}

/// Gives request `id` the code `reference` if it has none yet and no other request has it;
/// false otherwise.
pub async fn set_reference<'e>(ex: impl AnyExecutor<'e>, id: &str, reference: &Reference) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE requests SET reference = $2 WHERE id = $1 AND reference IS NULL \
         AND NOT EXISTS (SELECT 1 FROM requests o WHERE o.reference = $2)",
    )
    .bind(id)
    .bind(reference.code())
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The request with reference code `reference`, if any.
pub async fn by_reference<'e>(ex: impl AnyExecutor<'e>, reference: &Reference) -> sqlx::Result<Option<RequestRow>> {
    sqlx::query_as(&format!("{SELECT} WHERE r.reference = $1")).bind(reference.code()).fetch_optional(ex).await
}

/// `late_from` of a request whose clock does not run (back with the resident, finished): after
/// every date, so "late" (`late_from <= today`) never holds and it sorts last by due date.
pub const NEVER: &str = "9999-12-31";

/// Moves a request to `to` if it is still at `from` and `version`; false if someone else moved
/// it first. The first statement of a transition's transaction, so SQLite takes its write lock
/// up front. A final status stops the service clock (`late_from` = NEVER); other transitions
/// set it afterwards with `set_deadline`. `fields` replaces the fields and the people they name
/// when given (resubmission).
pub async fn set_status<'e>(
    ex: impl AnyExecutor<'e>,
    id: Uuid,
    from: RequestStatus,
    version: i64,
    to: RequestStatus,
    fields: Option<(&str, &str)>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE requests SET status = $1, version = version + 1, updated_at = $2, \
         fields_json = COALESCE($3, fields_json), persons_json = COALESCE($7, persons_json), \
         late_from = CASE WHEN $8 = 1 THEN $9 ELSE late_from END \
         WHERE id = $4 AND status = $5 AND version = $6",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(fields.map(|f| f.0))
    .bind(id.to_string())
    .bind(from.as_str())
    .bind(version)
    .bind(fields.map(|f| f.1))
    .bind(i64::from(to.is_final()))
    .bind(NEVER)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct NewEvent<'a> {
    pub id: &'a str,
    pub request_id: Uuid,
    pub actor_user_id: Uuid,
    pub actor_role: Role,
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub note: Option<&'a str>,
}

pub async fn insert_event<'e>(ex: impl AnyExecutor<'e>, e: &NewEvent<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO request_events (id, request_id, seq, actor_user_id, actor_role, from_status, to_status, note, at) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM request_events WHERE request_id = $2), \
                 $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.id)
    .bind(e.request_id.to_string())
    .bind(e.actor_user_id.to_string())
    .bind(e.actor_role.as_str())
    .bind(e.from_status.map(RequestStatus::as_str))
    .bind(e.to_status.as_str())
    .bind(e.note)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct EventRow {
    pub seq: i64,
    pub actor_name: String,
    pub actor_role: Role,
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub note: Option<String>,
    pub at: i64,
}

impl FromRow<'_, AnyRow> for EventRow {
    fn from_row(row: &AnyRow) -> sqlx::Result<EventRow> {
        let from: Option<String> = row.try_get("from_status")?;
        Ok(EventRow {
            seq: row.try_get("seq")?,
            actor_name: row.try_get("actor_name")?,
            actor_role: decode(row, "actor_role", Role::parse)?,
            from_status: match from {
                Some(f) => Some(RequestStatus::parse(&f).ok_or_else(|| super::undecodable("from_status", &f))?),
                None => None,
            },
            to_status: decode(row, "to_status", RequestStatus::parse)?,
            note: row.try_get("note")?,
            at: row.try_get("at")?,
        })
    }
}

pub async fn events<'e>(ex: impl AnyExecutor<'e>, request_id: Uuid) -> sqlx::Result<Vec<EventRow>> {
    sqlx::query_as(
        "SELECT e.seq, u.display_name AS actor_name, e.actor_role, e.from_status, e.to_status, e.note, e.at \
         FROM request_events e JOIN users u ON u.id = e.actor_user_id WHERE e.request_id = $1 ORDER BY e.seq",
    )
    .bind(request_id.to_string())
    .fetch_all(ex)
    .await
}

/// Sets what the queue filters and sorts on after a transition: the first day the request is
/// late (None: its clock does not run) and whether it has been forwarded to the kecamatan.
pub async fn set_deadline<'e>(
    ex: impl AnyExecutor<'e>,
    id: Uuid,
    late_from: Option<&str>,
    forwarded: bool,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE requests SET late_from = $2, forwarded = CASE WHEN $3 = 1 THEN 1 ELSE forwarded END WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(late_from.unwrap_or(NEVER))
    .bind(i64::from(forwarded))
    .execute(ex)
    .await?;
    Ok(())
}

/// Open requests (not in a final status) after id `after`, `limit` of them in id order: their
/// id, letter type and stored `late_from`, for refreshing deadlines in batches.
pub async fn open_after<'e>(
    ex: impl AnyExecutor<'e>,
    after: &str,
    limit: i64,
) -> sqlx::Result<Vec<(String, String, String)>> {
    let finals: Vec<String> =
        RequestStatus::ALL.iter().filter(|s| s.is_final()).map(|s| format!("'{}'", s.as_str())).collect();
    sqlx::query_as(&format!(
        "SELECT id, letter_type, late_from FROM requests WHERE id > $1 AND status NOT IN ({}) ORDER BY id LIMIT $2",
        finals.join(", ")
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// A signed request's service time: working days used, and within its standard or not.
pub async fn set_service_time<'e>(ex: impl AnyExecutor<'e>, id: Uuid, used: u32, within: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE requests SET workdays_used = $2, within_standard = $3 WHERE id = $1")
        .bind(id.to_string())
        .bind(i64::from(used))
        .bind(i64::from(within))
        .execute(ex)
        .await?;
    Ok(())
}

/// Signed requests (signed, or signed and later revoked) without their service time, after
/// `after` in id order (at most `limit`): id and letter type.
pub async fn signed_without_service_time<'e>(
    ex: impl AnyExecutor<'e>,
    after: &str,
    limit: i64,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT r.id, r.letter_type FROM requests r WHERE r.id > $1 AND r.workdays_used IS NULL \
         AND r.status IN ('ditandatangani', 'dicabut') ORDER BY r.id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Requests stored before the queue kept the subject's name (at most `limit`): id and snapshot.
pub async fn without_subject_name<'e>(ex: impl AnyExecutor<'e>, limit: i64) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT id, snapshot_json FROM requests WHERE subject_name IS NULL LIMIT $1")
        .bind(limit)
        .fetch_all(ex)
        .await
}

pub async fn set_subject_name<'e>(ex: impl AnyExecutor<'e>, id: &str, name: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE requests SET subject_name = $2 WHERE id = $1").bind(id).bind(name).execute(ex).await?;
    Ok(())
}

/// One request in the officials' queue: only what the list shows (no fields, no snapshot).
#[derive(Debug, Clone)]
pub struct QueueRow {
    pub id: Uuid,
    pub reference: Reference,
    pub letter_type: String,
    pub route: Route,
    pub status: RequestStatus,
    pub subject_name: String,
    pub kelurahan_name: String,
    pub office_kind: OfficeKind,
    pub channel: Channel,
    pub created_at: i64,
    pub updated_at: i64,
    /// 'YYYY-MM-DD', or NEVER.
    pub late_from: String,
}

impl FromRow<'_, AnyRow> for QueueRow {
    fn from_row(row: &AnyRow) -> sqlx::Result<QueueRow> {
        Ok(QueueRow {
            id: decode_id(row, "id")?,
            reference: decode(row, "reference", |s| Reference::parse(s).ok())?,
            letter_type: row.try_get("letter_type")?,
            route: decode(row, "route", Route::parse)?,
            status: decode(row, "status", RequestStatus::parse)?,
            subject_name: row.try_get::<Option<String>, _>("subject_name")?.unwrap_or_default(),
            kelurahan_name: row.try_get("kelurahan_name")?,
            office_kind: decode(row, "office_kind", OfficeKind::parse)?,
            channel: decode(row, "channel", Channel::parse)?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            late_from: row.try_get("late_from")?,
        })
    }
}

/// How the queue is ordered; each order ends in the id, so a page's last row is its cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOrder {
    /// Soonest due first (late ones first of all); those whose clock does not run last.
    Due,
    Oldest,
    Newest,
}

/// Where the previous page ended: the last row's sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCursor {
    pub late_from: String,
    pub created_at: i64,
    pub id: String,
}

/// What the queue shows: the office's scope and the filters, all optional.
pub struct QueueFilter<'a> {
    pub scope: Scope<'a>,
    pub status: Option<RequestStatus>,
    pub letter_type: Option<&'a str>,
    pub channel: Option<Channel>,
    /// Submitted from (inclusive) / before (exclusive), in ms.
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
    /// Last changed at or after (ms).
    pub changed_from_ms: Option<i64>,
    /// Only requests late on this day ('YYYY-MM-DD').
    pub late_on: Option<&'a str>,
    pub search: Option<QueueSearch<'a>>,
}

pub enum QueueSearch<'a> {
    /// Part of the subject's name, in capitals.
    Name(&'a str),
    Reference(&'a str),
    LetterNumber(&'a str),
    Nik(&'a str),
}

/// A statement's WHERE clause with its values, numbered as they are pushed.
struct Where {
    parts: Vec<String>,
    binds: Vec<Bind>,
}

enum Bind {
    Text(String),
    Int(i64),
}

impl Where {
    fn text(&mut self, sql: &str, value: &str) {
        self.binds.push(Bind::Text(value.to_string()));
        self.parts.push(sql.replace('?', &format!("${}", self.binds.len())));
    }
    fn int(&mut self, sql: &str, value: i64) {
        self.binds.push(Bind::Int(value));
        self.parts.push(sql.replace('?', &format!("${}", self.binds.len())));
    }
    fn sql(&self) -> String {
        self.parts.join(" AND ")
    }
}

fn queue_where(f: &QueueFilter<'_>) -> Where {
    let mut w = Where { parts: Vec::new(), binds: Vec::new() };
    match f.scope {
        Scope::Kelurahan(code) => w.text("r.kelurahan_code = ?", code),
        Scope::Kecamatan(code) => {
            w.text("r.kecamatan_code = ?", code);
            w.parts.push("r.forwarded = 1 AND r.route = 'kecamatan'".into());
        }
    }
    if let Some(status) = f.status {
        w.text("r.status = ?", status.as_str());
    }
    if let Some(t) = f.letter_type {
        w.text("r.letter_type = ?", t);
    }
    if let Some(c) = f.channel {
        w.text("r.channel = ?", c.as_str());
    }
    if let Some(ms) = f.from_ms {
        w.int("r.created_at >= ?", ms);
    }
    if let Some(ms) = f.until_ms {
        w.int("r.created_at < ?", ms);
    }
    if let Some(ms) = f.changed_from_ms {
        w.int("r.updated_at >= ?", ms);
    }
    if let Some(day) = f.late_on {
        w.text("r.late_from <= ?", day);
    }
    match &f.search {
        None => {}
        Some(QueueSearch::Name(part)) => {
            let escaped = part.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            w.text("UPPER(r.subject_name) LIKE ? ESCAPE '\\'", &format!("%{escaped}%"));
        }
        Some(QueueSearch::Reference(code)) => w.text("r.reference = ?", code),
        Some(QueueSearch::LetterNumber(number)) => {
            w.text("r.id IN (SELECT l.request_id FROM letters l WHERE l.number = ?)", number)
        }
        Some(QueueSearch::Nik(nik)) => w.text("r.subject_nik = ?", nik),
    }
    w
}

fn bind_all<'q, O>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Text(t) => q.bind(t.as_str()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    q
}

/// One page of the queue: at most `limit` rows after `after`, in `order`.
pub async fn queue_page<'e>(
    ex: impl AnyExecutor<'e>,
    f: &QueueFilter<'_>,
    order: QueueOrder,
    after: Option<&QueueCursor>,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let mut w = queue_where(f);
    if let Some(c) = after {
        match order {
            QueueOrder::Due => {
                w.binds.push(Bind::Text(c.late_from.clone()));
                let n = w.binds.len();
                w.parts.push(format!("(r.late_from, r.created_at, r.id) > (${n}, ${}, ${})", n + 1, n + 2));
            }
            QueueOrder::Oldest => {
                let n = w.binds.len() + 1;
                w.parts.push(format!("(r.created_at, r.id) > (${n}, ${})", n + 1));
            }
            QueueOrder::Newest => {
                let n = w.binds.len() + 1;
                w.parts.push(format!("(r.created_at, r.id) < (${n}, ${})", n + 1));
            }
        }
        w.binds.push(Bind::Int(c.created_at));
        w.binds.push(Bind::Text(c.id.clone()));
    }
    let order_by = match order {
        QueueOrder::Due => "r.late_from, r.created_at, r.id",
        QueueOrder::Oldest => "r.created_at, r.id",
        QueueOrder::Newest => "r.created_at DESC, r.id DESC",
    };
    let q = format!(
        "SELECT r.id, r.reference, r.letter_type, r.route, r.status, r.subject_name, kel.name AS kelurahan_name, \
         kel.kind AS office_kind, r.channel, r.created_at, r.updated_at, r.late_from \
         FROM requests r JOIN offices kel ON kel.code = r.kelurahan_code \
         WHERE {} ORDER BY {order_by} LIMIT {limit}",
        w.sql()
    );
    bind_all(sqlx::query_as(&q), &w.binds).fetch_all(ex).await
}

/// How many requests the queue's filter matches, and how many of them are late on `today`.
pub async fn queue_counts<'e>(ex: impl AnyExecutor<'e>, f: &QueueFilter<'_>, today: &str) -> sqlx::Result<(i64, i64)> {
    let mut w = queue_where(f);
    w.binds.push(Bind::Text(today.to_string()));
    let q = format!(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN r.late_from <= ${} THEN 1 ELSE 0 END), 0) FROM requests r WHERE {}",
        w.binds.len(),
        w.sql()
    );
    bind_all(sqlx::query_as(&q), &w.binds).fetch_one(ex).await
}

/// How many requests the queue's filter matches.
pub async fn queue_count<'e>(ex: impl AnyExecutor<'e>, f: &QueueFilter<'_>) -> sqlx::Result<i64> {
    let w = queue_where(f);
    let q = format!("SELECT COUNT(*) FROM requests r WHERE {}", w.sql());
    let (n,): (i64,) = bind_all(sqlx::query_as(&q), &w.binds).fetch_one(ex).await?;
    Ok(n)
}
