//! Appending to the chain and checking it.

use crate::db::{self, Tx, audit::AuditRow};
use domain::{AuditAction, Nik};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// One security event. Record it as the last statement before the transaction commits: the
/// append holds the chain's head until then.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub action: AuditAction,
    /// The account acting; None for the command line or the system.
    pub actor: Option<&'a str>,
    /// The office the event belongs to, so that its administrator sees it.
    pub office: Option<&'a str>,
    /// An account, request or letter id, an office code, or [`nik_subject`]; never a NIK.
    pub subject: &'a str,
    pub detail: &'a str,
}

impl<'a> Event<'a> {
    pub fn new(action: AuditAction, actor: Option<&'a str>) -> Event<'a> {
        Event { action, actor, office: None, subject: "", detail: "" }
    }
    pub fn office(self, office: Option<&'a str>) -> Event<'a> {
        Event { office, ..self }
    }
    pub fn subject(self, subject: &'a str) -> Event<'a> {
        Event { subject, ..self }
    }
    pub fn detail(self, detail: &'a str) -> Event<'a> {
        Event { detail, ..self }
    }
}

pub async fn record(tx: &mut Tx, e: Event<'_>) -> sqlx::Result<()> {
    let (seq, prev_hash) = db::audit::advance_head(tx).await?;
    let mut row = AuditRow {
        seq,
        at: db::now_ms(),
        actor_user_id: e.actor.map(str::to_string),
        action: e.action.as_str().to_string(),
        office_code: e.office.map(str::to_string),
        subject: e.subject.to_string(),
        detail: e.detail.to_string(),
        prev_hash,
        hash: String::new(),
    };
    row.hash = hash(&row);
    db::audit::insert(tx, &row).await
}

/// The row's hash: SHA-256 over its fields (the previous hash included) as a JSON array, which
/// keeps field boundaries unambiguous.
pub fn hash(r: &AuditRow) -> String {
    let fields = (r.seq, r.at, &r.actor_user_id, &r.action, &r.office_code, &r.subject, &r.detail, &r.prev_hash);
    let canonical = serde_json::to_string(&fields).expect("plain values serialise");
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// A resident looked up, as the log names them: a keyed hash of the NIK ("nik:…"), so the log
/// shows which resident without holding the number. The key is made once per deployment and
/// kept in the database (`deployment.audit_kunci`).
pub async fn nik_subject(tx: &mut Tx, nik: &Nik) -> sqlx::Result<String> {
    keyed_subject(tx, "nik", nik.as_str()).await
}

/// `label:` and a keyed hash of `value` (a NIK, or what someone typed as a login name).
pub async fn keyed_subject(tx: &mut Tx, label: &str, value: &str) -> sqlx::Result<String> {
    let fresh = hex::encode(rand::random::<[u8; 32]>());
    let key = db::audit::key(tx, &fresh).await?;
    Ok(keyed(&key, label, value))
}

/// The same, read only: None while the deployment has no key yet (then nothing was ever stored
/// under one). For read paths, which must not write (the key's insert takes SQLite's write lock).
pub async fn existing_keyed_subject<'e>(
    ex: impl sqlx::AnyExecutor<'e>,
    label: &str,
    value: &str,
) -> sqlx::Result<Option<String>> {
    Ok(db::audit::existing_key(ex).await?.map(|key| keyed(&key, label, value)))
}

fn keyed(key: &str, label: &str, value: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(value.as_bytes());
    format!("{label}:{}", &hex::encode(mac.finalize().into_bytes())[..24])
}

/// Where the chain breaks, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// A row's content no longer gives its hash (it was edited).
    Altered { seq: i64 },
    /// A row does not point at the row before it (a row was replaced or reordered).
    Unlinked { seq: i64 },
    /// A sequence number is missing (a row was deleted).
    Missing { seq: i64 },
    /// The head names a later row than the log holds, or another hash (the tail was cut).
    Truncated { last_seq: i64, head_seq: i64 },
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Broken::Altered { seq } => write!(f, "peristiwa #{seq} telah diubah: isinya tidak cocok dengan hash-nya"),
            Broken::Unlinked { seq } => {
                write!(f, "peristiwa #{seq} tidak menunjuk peristiwa sebelumnya: ada yang diganti atau disisipkan")
            }
            Broken::Missing { seq } => write!(f, "peristiwa #{seq} hilang (dihapus)"),
            Broken::Truncated { last_seq, head_seq } => {
                write!(f, "peristiwa setelah #{last_seq} hilang: kepala rantai mencatat #{head_seq} (ekor log dihapus)")
            }
        }
    }
}

/// Walks the whole chain in pages: Ok(number of events) or the first break.
pub async fn check(pool: &sqlx::AnyPool) -> anyhow::Result<Result<i64, Broken>> {
    const PAGE: i64 = 5_000;
    let (head_seq, head_hash) = db::audit::head(pool).await?;
    let (mut last_seq, mut last_hash) = (0, db::audit::GENESIS.to_string());
    loop {
        let rows = db::audit::after(pool, last_seq, PAGE).await?;
        let done = (rows.len() as i64) < PAGE;
        for r in rows {
            if r.seq != last_seq + 1 {
                return Ok(Err(Broken::Missing { seq: last_seq + 1 }));
            }
            if r.prev_hash != last_hash {
                return Ok(Err(Broken::Unlinked { seq: r.seq }));
            }
            if hash(&r) != r.hash {
                return Ok(Err(Broken::Altered { seq: r.seq }));
            }
            (last_seq, last_hash) = (r.seq, r.hash);
        }
        if done {
            break;
        }
    }
    if last_seq != head_seq || last_hash != head_hash {
        return Ok(Err(Broken::Truncated { last_seq, head_seq }));
    }
    Ok(Ok(last_seq))
}
